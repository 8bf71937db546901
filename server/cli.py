"""The `redline` command: `check`, `rules`, `explain`.

Exit codes: 0 nothing at or above the fail level, 1 findings (or files that could not be
checked), 2 usage, configuration, rule or internal errors.
"""

from __future__ import annotations

import argparse
import difflib
import ipaddress
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

from redline import __version__
from redline.config import Config, ConfigError, ConfigLoader
from redline.discovery import find_python_files
from redline.engine.engine_rules import ENGINE_RULES
from redline.engine.edits import apply_fixes
from redline.engine.model import RuleInfo, Tier
from redline.packages import PackageNotFound, package_files
from redline.reports import FORMATS, render
from redline.rule_docs import rule_help
from redline.runner import (
    RulesError, RunResult, analyze_job, check_files, default_jobs, display_path, prepare_job,
    progress_printer, rule_folders, rules_for,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
MAX_FIX_PASSES = 5


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.run(args))
    except (ConfigError, RulesError) as error:
        print(f"redline: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="redline", description="Deterministic, local security diagnostics for Python.")
    parser.add_argument("--version", action="version", version=f"redline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check Python files for security problems")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the current folder)")
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--output", "-o", type=Path, help="write the report to this file")
    check.add_argument("--select", type=_csv, help="only these rule ids or families (comma-separated)")
    check.add_argument("--extend-select", type=_csv, help="add these rule ids or families to the selection")
    check.add_argument("--ignore", type=_csv, help="leave out these rule ids or families")
    check.add_argument("--tier", choices=[t.value for t in Tier], help="vuln (default): likely exploitable; audit: also risky-API inventory rules")
    check.add_argument("--profile", choices=("author", "audit"), default="author",
                       help="author (default): your own code, vuln tier, quiet; audit: vetting someone else's code, every tier")
    check.add_argument("--package", action="append", default=[], metavar="NAME",
                       help="check the files of an installed distribution (found via its metadata, never imported); repeatable")
    check.add_argument("--min-severity", help="report only findings at or above: low, medium, high, critical")
    check.add_argument("--min-confidence", help="report only findings at or above: low, medium, high")
    check.add_argument("--fail-on", metavar="SEVERITY[:CONFIDENCE]", help="exit 1 only for findings at or above this level (default: low:low)")
    check.add_argument("--jobs", "-j", type=int, default=default_jobs(), help="worker processes (default: the number of cores)")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    check.add_argument("--cache-dir", type=Path, help="cache folder (default: .redline_cache beside the config)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also apply offer-only fixes")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of writing them")
    check.add_argument("--report-unused-ignores", action="store_true", help="report suppression comments that silence nothing")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text report")
    check.set_defaults(run=_check)

    rules = commands.add_parser("rules", help="list the rules, by family")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(run=_rules)

    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule_id", metavar="ID")
    explain.set_defaults(run=_explain)

    serve = commands.add_parser("serve", help="run the language server (LSP) on stdio")
    serve.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP port instead (loopback by default: 127.0.0.1:PORT)")
    serve.add_argument("--allow-remote", action="store_true", help="allow --tcp on an address other than loopback")
    serve.set_defaults(run=_serve)
    return parser


def _serve(args: argparse.Namespace) -> int:
    address = None
    if args.tcp is not None:
        try:
            address = tcp_address(args.tcp, args.allow_remote)
        except ValueError as error:  # before the rules' thread starts: exiting meanwhile could abort the interpreter
            print(f"redline: error: --tcp {args.tcp}: {error}", file=sys.stderr)
            return 2
    from redline.lsp import startup

    startup.begin()  # the rules load while the rest of the server is imported
    from redline.lsp.server import serve

    return serve(address)


def tcp_address(value: str, allow_remote: bool) -> tuple[str, int]:
    """HOST:PORT or PORT (on 127.0.0.1). Anyone who can reach the port can make the server
    read files, so only loopback is accepted unless remote access is asked for."""
    host, _, port = value.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("the port must be a number from 1 to 65535")
    if host != "localhost" and not allow_remote:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False  # a host name: resolving it could mean any address
        if not loopback:
            raise ValueError(f"{host} is not a loopback address; add --allow-remote to listen on it")
    return host, int(port)


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


# -- check -----------------------------------------------------------------------------------


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    options: dict[str, object] = {}
    for name in ("select", "extend_select", "ignore", "min_severity", "min_confidence", "fail_on"):
        value = getattr(args, name)
        if value is not None:
            options[name] = value
    if args.tier is not None:
        options["tiers"] = ["vuln"] if args.tier == "vuln" else ["vuln", "audit"]
    elif args.profile == "audit":
        options["tiers"] = ["vuln", "audit"]
    return options


def _config_source(args: argparse.Namespace) -> Callable[[Path], Config]:
    """Settings per path: the nearest config file, with the command line laid over it."""
    loader = ConfigLoader()
    overrides = _overrides(args)
    merged: dict[int, Config] = {}

    def config_for(path: Path) -> Config:
        base = loader(path)
        key = id(base)
        if key not in merged:
            use_cache = not args.no_cache
            _check_selectors(base, display_path(base.source) if base.source else "configuration", "", use_cache)
            merged[key] = base.with_overrides(**overrides) if overrides else base
            _check_selectors(merged[key], "command line", "--", use_cache)
        return merged[key]

    return config_for


def _check_selectors(config: Config, where: str, prefix: str, use_cache: bool) -> None:
    """Unknown rule ids or families in select/ignore are mistakes, not silent no-ops."""
    infos = {**rules_for(rule_folders(config), use_cache).infos, **ENGINE_RULES}
    known = set(infos) | {info.family for info in infos.values()}
    named = [(key, selector) for key in ("select", "extend_select", "ignore") for selector in getattr(config, key)]
    named += [("per_file_ignores", selector) for _, selectors in config.per_file_ignores for selector in selectors]
    named += [("severity", selector) for selector, _ in config.severity]
    for key, selector in named:
        if selector not in known:
            close = difflib.get_close_matches(selector, sorted(known), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ConfigError(where, prefix + key.replace("_", "-"), f"unknown rule or family {selector!r}{hint}")


def _check(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        print("redline: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    config_for = _config_source(args)
    try:
        packaged = [path for name in args.package for path in package_files(name)]
    except PackageNotFound as error:
        print(f"redline: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    paths = [*args.paths, *packaged] or [Path(".")]
    files = find_python_files(paths, config_for)
    for problem in files.errors:
        print(f"redline: warning: {problem.path}: {problem.message}", file=sys.stderr)
    if any(not Path(p).exists() for p in paths):
        return EXIT_ERROR
    fixing = args.fix or args.diff
    progress = progress_printer() if sys.stderr.isatty() and len(files) > 100 else None
    result = check_files(
        list(files), config_for, jobs=args.jobs, use_cache=not args.no_cache, cache_dir=args.cache_dir,
        report_unused=args.report_unused_ignores, keep_text=fixing, progress=progress,
    )
    if fixing:
        result = _apply_fixes(result, files, config_for, args)
    return _report(result, args, config_for, len(files))


def _apply_fixes(result: RunResult, files: Sequence[Path], config_for: Callable[[Path], Config], args: argparse.Namespace) -> RunResult:
    """Fix each file in passes until nothing more applies; write it, or print a diff."""
    from redline.notebook_files import is_notebook  # with the engine, which fixing runs anyway

    by_display = {f.display: f for f in result.files}
    fixed_count = 0
    for path in files:
        job = prepare_job(path, config_for(path), args.report_unused_ignores)
        file_result = by_display.get(job.display)
        if file_result is None or file_result.text is None:
            continue
        if is_notebook(job.display):  # fixes are Python edits: a notebook's JSON is not rewritten
            if file_result.findings:
                print(f"redline: note: {job.display}: --fix and --diff leave notebooks unchanged; apply fixes per cell in the editor", file=sys.stderr)
            continue
        original = text = file_result.text
        current = file_result
        config = config_for(path)
        for _ in range(MAX_FIX_PASSES):
            wanted = [f for f in current.findings if config.reports(f)]  # never fix what is not shown
            text, applied = apply_fixes(text, wanted, include_offer_only=args.unsafe_fixes)
            if not applied:
                break
            fixed_count += applied
            current = analyze_job(replace(job, data=_encode(text, job.data)))
        if text == original:
            continue
        if args.diff:
            sys.stdout.write(unified_diff(original, text, job.display))
        else:
            path.write_bytes(_encode(text, path.read_bytes()))
            by_display[job.display] = current
    if args.fix and not args.diff:
        print(f"Fixed {fixed_count} finding{'s' if fixed_count != 1 else ''}.", file=sys.stderr)
    result.files = sorted(by_display.values(), key=lambda r: r.display)
    return result


def unified_diff(before: str, after: str, name: str) -> str:
    """A patch `git apply` accepts, including files without a final newline."""
    lines = difflib.unified_diff(
        _diff_lines(before), _diff_lines(after), fromfile=f"a/{name}", tofile=f"b/{name}"
    )
    return "".join(lines)


def _diff_lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def _encode(text: str, original: bytes) -> bytes:
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    return bom + text.encode("utf-8")


def _report(result: RunResult, args: argparse.Namespace, config_for: Callable[[Path], Config], files_checked: int) -> int:
    configs = {f.display: config_for(Path(f.display)) for f in result.files}
    findings = [f for f in result.findings if configs[f.path].reports(f)]
    errors = result.errors
    color = args.color == "always" or (
        args.color == "auto" and args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    text = render(
        args.format, findings, result.rules, files_checked=files_checked, tool_version=__version__,
        color=color, errors=errors,
    )
    if args.output is not None:
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"redline: error: cannot write the report to {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_ERROR
    elif args.diff:
        sys.stderr.write(text)  # stdout holds the patch, which must stay applicable
    else:
        sys.stdout.write(text)
    # A file that could not be checked fails the run whatever the fail level: it was not checked.
    failing = bool(errors) or any(configs[f.path].fails_on(f) for f in findings)
    return EXIT_FINDINGS if failing else EXIT_OK


# -- rules and explain -------------------------------------------------------------------------


def _all_rules() -> dict[str, RuleInfo]:
    config = ConfigLoader()(Path.cwd())
    return dict(sorted(rules_for(rule_folders(config)).infos.items()))


def _rules(args: argparse.Namespace) -> int:
    infos = sorted(_all_rules().values(), key=lambda info: (info.family, info.id))
    if args.format == "json":
        print(json.dumps([_rule_json(info) for info in infos], indent=2, sort_keys=True))
        return EXIT_OK
    width = max((len(info.id) for info in infos), default=0)
    family = None
    for info in infos:
        if info.family != family:
            if family is not None:
                print()
            family = info.family
            print(f"# {family}")
        fix = info.fix_safety.value + " fix" if info.has_fix else "no fix"
        cwe = f"CWE-{info.cwe}" if info.cwe else "-"
        print(f"{info.id:<{width}}  {info.severity.label:<8}  {cwe:<8}  {info.tier.value:<5}  {fix}")
    return EXIT_OK


def _rule_json(info: RuleInfo) -> dict[str, object]:
    return {
        "id": info.id, "family": info.family, "severity": info.severity.label,
        "confidence": info.confidence.label, "cwe": info.cwe, "tier": info.tier.value,
        "fix": info.fix_safety.value if info.has_fix else None, "message": info.message,
        "bandit": list(info.bandit), "ruff": list(info.ruff), "applies_to_tests": info.applies_to_tests,
    }


def _explain(args: argparse.Namespace) -> int:
    infos = _all_rules()
    info = infos.get(args.rule_id)
    if info is None:
        close = difflib.get_close_matches(args.rule_id, list(infos), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        print(f"redline: error: no rule {args.rule_id!r}{hint}; `redline rules` lists them", file=sys.stderr)
        return EXIT_ERROR
    text, _ = rule_help(info)
    cwe = f"CWE-{info.cwe}" + (f": {info.cwe_title}" if info.cwe_title else "") if info.cwe else "none"
    titles = dict.fromkeys((t.title, t.safety.value) for t in info.fix_templates)  # one line per choice
    fix = "; ".join(f"{safety} ({title})" for title, safety in titles) or "none"
    equivalents = ", ".join((*info.bandit, *info.ruff)) or "none"
    print(f"{info.id} ({info.family})\n")
    print(f"Severity: {info.severity.label}   Confidence: {info.confidence.label}   Tier: {info.tier.value}")
    print(f"CWE: {cwe}\nFix: {fix}\nEquivalents: {equivalents}")
    print(f"Applies to test files: {'yes' if info.applies_to_tests else 'no'}\n")
    print(text)
    print(f"\nSilence one finding with `# redline: ignore[{info.id}] <reason>` on its statement.")
    return EXIT_OK
