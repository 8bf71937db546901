#!/usr/bin/env python3
"""Parity with Bandit on Bandit's own examples, per catalogue concept.

Downloads the bandit sdist at a pinned version from the package index into a temporary folder,
runs Bandit (all tests, every severity and confidence) and Redline (`--tier audit`, no cache,
from a temporary working folder) over its `examples/` folder, and prints per catalogue concept
(rules/CATALOGUE.md):

- bandit findings, and how many Redline matched (same file and concept; bandit's line inside
  the Redline finding's statement, or +-1 line from it when that Redline finding matched no
  other line);
- misses: bandit findings with no Redline match, each listed with its code line;
- Redline's extra findings: no bandit finding of that concept there.

A bandit finding's concepts are the catalogue rows whose Bandit column lists its test id; a
Redline finding's concepts are its rule's `redline: concepts`. Bandit tests no catalogue row
lists (such as B105) are reported apart, as unmappable. Import-blacklist inventory (B4xx) and
`assert` (B101) map to Redline's audit tier, which is why Redline runs with `--tier audit`.

    python benchmarks/bandit_parity.py
    python benchmarks/bandit_parity.py --keep /tmp/bandit-sdist --markdown parity.md

Needs network access to the package index (`pip download`), bandit installed in this Python
(`pip install -e .[bench]`), and Redline installed. Nothing is written inside the repository
unless --keep or --markdown point there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from redline.config import ConfigLoader
from redline.engine.model import Tier
from redline.engine.rule_loader import builtin_rules_dir, load_rules

DEFAULT_VERSION = "1.9.4"
LINE_TOLERANCE = 1
CATALOGUE = builtin_rules_dir() / "CATALOGUE.md"
_CODE_RANGE = re.compile(r"B(\d{3})(?:\s*[–-]\s*B(\d{3}))?")


# ---------------------------------------------------------------------------------------------
# Inputs: the catalogue, the rules, the sdist


@dataclass(frozen=True)
class Concept:
    id: str
    name: str
    bandit_codes: tuple[str, ...]


def read_catalogue(path: Path = CATALOGUE) -> list[Concept]:
    """Catalogue rows in order, with the Bandit test ids each lists (ranges expanded).

    A Bandit cell that starts with a dash has no Bandit test, even if its remark names one
    ("— (only if B608 keywords match)").
    """
    concepts: list[Concept] = []
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "#":
            header = cells
            continue
        if not header or not re.fullmatch(r"[A-Z][0-9]{1,2}", cells[0]):
            continue
        bandit_cell = cells[header.index("Bandit")]
        codes: list[str] = []
        if not bandit_cell.startswith(("—", "-")):
            for match in _CODE_RANGE.finditer(bandit_cell):
                first = int(match.group(1))
                last = int(match.group(2)) if match.group(2) else first
                codes.extend(f"B{n}" for n in range(first, last + 1))
        concepts.append(Concept(cells[0], cells[header.index("Concept")], tuple(dict.fromkeys(codes))))
    return concepts


@dataclass(frozen=True)
class RuleMeta:
    concepts: tuple[str, ...]
    bandit: tuple[str, ...]
    audit: bool


def read_rules() -> dict[str, RuleMeta]:
    rules, problems = load_rules([builtin_rules_dir()])
    for problem in problems:
        print(f"warning: rule problem: {problem}", file=sys.stderr)
    return {
        rule.id: RuleMeta(tuple(rule.info.concepts), tuple(rule.info.bandit), rule.info.tier is Tier.AUDIT)
        for rule in rules
    }


def fetch_sdist(version: str, folder: Path) -> Path:
    """Download and unpack bandit's sdist into `folder`; return its examples folder."""
    unpacked = folder / f"bandit-{version}"
    if (unpacked / "examples").is_dir():
        print(f"using the sdist already unpacked in {unpacked}", file=sys.stderr)
        return unpacked / "examples"
    download = folder / "download"
    download.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               f"bandit=={version}", "-d", str(download)]
    print("$ " + " ".join(command), file=sys.stderr)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"pip download failed:\n{done.stdout}{done.stderr}")
    archives = sorted(download.glob(f"bandit-{version}.*"))
    if not archives:
        sys.exit(f"pip download left no bandit-{version} sdist in {download}")
    archive = archives[0]
    if archive.name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
    elif archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(folder)
    else:
        sys.exit(f"unknown sdist format: {archive.name}")
    if not (unpacked / "examples").is_dir():
        sys.exit(f"{archive.name} has no examples/ folder")
    return unpacked / "examples"


# ---------------------------------------------------------------------------------------------
# Running the tools


@dataclass
class BanditFinding:
    path: str
    line: int
    test_id: str
    test_name: str
    concepts: tuple[str, ...]
    matched_by: list[str] = field(default_factory=list)  # Redline rule ids
    matched_concept: str | None = None


@dataclass
class RedlineFinding:
    path: str
    start: int
    end: int
    rule_id: str
    concepts: tuple[str, ...]
    audit: bool
    matched: bool = False


def _relative(path: str, cwd: Path, examples: Path) -> str:
    full = Path(path) if os.path.isabs(path) else cwd / path
    return Path(os.path.relpath(full.resolve(), examples.resolve())).as_posix()


def run_bandit(examples: Path, cwd: Path) -> tuple[list[dict], list[dict]]:
    output = cwd / "bandit.json"
    command = [sys.executable, "-m", "bandit", "-r", "-f", "json", "-o", str(output), str(examples)]
    print("$ " + " ".join(command), file=sys.stderr)
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or not output.is_file():
        sys.exit(f"bandit failed (exit {done.returncode}):\n{done.stderr}")
    report = json.loads(output.read_text(encoding="utf-8"))
    return report["results"], report.get("errors", [])


def run_redline(examples: Path, cwd: Path) -> tuple[list[dict], list[dict]]:
    command = [sys.executable, "-m", "redline", "check", "--format", "json", "--no-cache",
               "--tier", "audit", str(examples)]
    print("$ " + " ".join(command), file=sys.stderr)
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"redline failed (exit {done.returncode}):\n{done.stderr}")
    report = json.loads(done.stdout)
    return report["findings"], report.get("errors", [])


# ---------------------------------------------------------------------------------------------
# Matching


def _link(b: BanditFinding, r: RedlineFinding, shared: set[str], order: dict[str, int]) -> None:
    r.matched = True
    b.matched_by.append(r.rule_id)
    concept = min(shared, key=order.__getitem__)
    if b.matched_concept is None or order[concept] < order[b.matched_concept]:
        b.matched_concept = concept


def match(bandit: list[BanditFinding], redline: list[RedlineFinding], order: dict[str, int]) -> None:
    """Link bandit findings to Redline findings of the same file and concept.

    First a bandit line inside the Redline finding's statement; then, for bandit findings still
    unmatched, a Redline finding one line away, provided it matched no other line (so a rule
    that fires on line 7 does not also cover bandit's findings on lines 6 and 8).
    """
    by_path: dict[str, list[RedlineFinding]] = defaultdict(list)
    for r in redline:
        by_path[r.path].append(r)
    lines: dict[int, set[int]] = defaultdict(set)  # id(Redline finding) -> bandit lines it matched
    for b in bandit:
        for r in by_path[b.path]:
            shared = set(b.concepts) & set(r.concepts)
            if shared and r.start <= b.line <= r.end:
                _link(b, r, shared, order)
                lines[id(r)].add(b.line)
    for b in sorted(bandit, key=lambda b: (b.path, b.line)):
        if b.matched_by:
            continue
        for r in by_path[b.path]:
            shared = set(b.concepts) & set(r.concepts)
            near = r.start - LINE_TOLERANCE <= b.line <= r.end + LINE_TOLERANCE
            if shared and near and lines[id(r)] <= {b.line}:
                _link(b, r, shared, order)
                lines[id(r)].add(b.line)


@dataclass
class Row:
    bandit_tests: set[str] = field(default_factory=set)
    findings: int = 0
    matched: int = 0
    matched_audit_only: int = 0
    missed: int = 0
    extra: int = 0


def _source_line(examples: Path, path: str, line: int) -> str:
    try:
        lines = (examples / path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def build_report(version: str, examples: Path, concepts: list[Concept], rules: dict[str, RuleMeta],
                 bandit_raw: list[dict], bandit_errors: list[dict], bandit_cwd: Path,
                 redline_raw: list[dict], redline_errors: list[dict], redline_cwd: Path) -> str:
    order = {c.id: i for i, c in enumerate(concepts)}
    names = {c.id: c.name for c in concepts}
    code_concepts: dict[str, list[str]] = defaultdict(list)
    for concept in concepts:
        for code in concept.bandit_codes:
            code_concepts[code].append(concept.id)

    bandit = [
        BanditFinding(_relative(item["filename"], bandit_cwd, examples), item["line_number"], item["test_id"],
                      item.get("test_name", ""), tuple(code_concepts.get(item["test_id"], ())))
        for item in bandit_raw
    ]
    redline: list[RedlineFinding] = []
    unknown_rules: dict[str, int] = defaultdict(int)
    for item in redline_raw:
        meta = rules.get(item["rule_id"])
        if meta is None or not meta.concepts:
            unknown_rules[item["rule_id"]] += 1
            continue
        start, end = item["start_line"], item.get("end_line") or item["start_line"]
        if item.get("statement_lines"):  # the whole statement the finding is in
            start, end = min(start, item["statement_lines"][0]), max(end, item["statement_lines"][1])
        redline.append(RedlineFinding(_relative(item["path"], redline_cwd, examples), start, end,
                                      item["rule_id"], meta.concepts, meta.audit))
    match(bandit, redline, order)

    rows: dict[str, Row] = defaultdict(Row)
    unmappable: dict[str, list[BanditFinding]] = defaultdict(list)
    for b in bandit:
        if not b.concepts:
            unmappable[b.test_id].append(b)
            continue
        concept = b.matched_concept or min(b.concepts, key=order.__getitem__)
        row = rows[concept]
        row.bandit_tests.add(b.test_id)
        row.findings += 1
        if b.matched_by:
            row.matched += 1
            if all(rules[rule_id].audit for rule_id in b.matched_by):
                row.matched_audit_only += 1
        else:
            row.missed += 1
    for r in redline:
        if not r.matched:
            rows[min(r.concepts, key=lambda c: order.get(c, len(order)))].extra += 1

    out: list[str] = []
    out.append(f"# Bandit parity: bandit {version} `examples/`\n")
    out.append(f"Bandit: {len(bandit)} findings in {len({b.path for b in bandit})} files "
               f"(all tests, every severity and confidence; `# nosec` honoured as by default). "
               f"Redline (`--tier audit`): {len(redline_raw)} findings. A match is the same file and "
               f"catalogue concept, and bandit's line inside the Redline finding's statement or "
               f"±{LINE_TOLERANCE} line from it (a Redline finding matches one bandit line only).\n")
    out.append("| concept | bandit tests | bandit findings | matched | of which audit tier | missed | Redline extra |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    total = Row()
    for concept in sorted(rows, key=lambda c: order.get(c, len(order))):
        row = rows[concept]
        name = names.get(concept, "")
        name = name if len(name) <= 48 else name[:47].rstrip() + "…"
        out.append(f"| {concept} {_cell(name)} | {', '.join(sorted(row.bandit_tests)) or '—'} | {row.findings} | "
                   f"{row.matched} | {row.matched_audit_only} | {row.missed} | {row.extra} |")
        for attribute in ("findings", "matched", "matched_audit_only", "missed", "extra"):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
    for test_id in sorted(unmappable):
        out.append(f"| (no catalogue row) | {test_id} | {len(unmappable[test_id])} | — | — | — | — |")
    unmapped_count = sum(len(v) for v in unmappable.values())
    out.append(f"| **total** | | {total.findings} (+{unmapped_count} unmappable) | {total.matched} | "
               f"{total.matched_audit_only} | {total.missed} | {total.extra} |")
    share = 100 * total.matched / total.findings if total.findings else 100.0
    out.append(f"\nMatched {total.matched} of {total.findings} mappable bandit findings ({share:.1f}%); "
               f"{total.missed} missed; {unmapped_count} bandit findings of tests without a catalogue row.")

    out.append("\n## Misses\n")
    misses = sorted((b for b in bandit if b.concepts and not b.matched_by), key=lambda b: (b.path, b.line, b.test_id))
    if not misses:
        out.append("None.")
    for b in misses:
        out.append(f"- `{b.path}:{b.line}` {b.test_id} {b.test_name} [{'/'.join(b.concepts)}]: "
                   f"`{_source_line(examples, b.path, b.line)}`")

    if unmappable:
        out.append("\n## Bandit tests with no catalogue row\n")
        for test_id in sorted(unmappable):
            claimed = sorted(rule_id for rule_id, meta in rules.items() if test_id in meta.bandit)
            found = unmappable[test_id]
            near = 0
            for b in found:
                if any(f["rule_id"] in claimed and _relative(f["path"], redline_cwd, examples) == b.path
                       and abs(f["start_line"] - b.line) <= LINE_TOLERANCE for f in redline_raw):
                    near += 1
            note = (f"; Redline rule(s) naming {test_id} ({', '.join(claimed)}) fire at {near} of them"
                    if claimed else "; no Redline rule names this test")
            out.append(f"- {test_id} {found[0].test_name}: {len(found)} findings{note}")
            for b in sorted(found, key=lambda b: (b.path, b.line)):
                out.append(f"  - `{b.path}:{b.line}` `{_source_line(examples, b.path, b.line)}`")

    if unknown_rules:
        out.append("\n## Redline findings outside the catalogue\n")
        for rule_id, count in sorted(unknown_rules.items()):
            out.append(f"- {rule_id}: {count}")
    out.append("\n## Files the tools could not parse\n")
    for error in bandit_errors:
        out.append(f"- bandit: `{_relative(error['filename'], bandit_cwd, examples)}`: {error.get('reason', '')}")
    for error in redline_errors:
        out.append(f"- redline: `{_relative(error['path'], redline_cwd, examples)}`: {error['rule_id']}: {error['message']}")
    if not bandit_errors and not redline_errors:
        out.append("None.")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help=f"bandit version to download (default: {DEFAULT_VERSION})")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="download and unpack the sdist into DIR and keep it (reused when already there)")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the report to FILE")
    args = parser.parse_args(argv)

    concepts = read_catalogue()
    rules = read_rules()
    with tempfile.TemporaryDirectory(prefix="bandit-parity-") as scratch_name:
        scratch = Path(scratch_name)
        folder = args.keep.resolve() if args.keep else scratch / "sdist"
        folder.mkdir(parents=True, exist_ok=True)
        examples = fetch_sdist(args.version, folder)
        config = ConfigLoader()(examples)
        if config.source:
            print(f"warning: Redline settings in {config.source} apply to {examples}; "
                  f"use a --keep folder outside any configured project", file=sys.stderr)
        bandit_cwd = scratch / "bandit-cwd"
        redline_cwd = scratch / "redline-cwd"
        bandit_cwd.mkdir()
        redline_cwd.mkdir()
        bandit_raw, bandit_errors = run_bandit(examples, bandit_cwd)
        redline_raw, redline_errors = run_redline(examples, redline_cwd)
        report = build_report(args.version, examples, concepts, rules, bandit_raw, bandit_errors, bandit_cwd,
                              redline_raw, redline_errors, redline_cwd)
    sys.stdout.write(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
