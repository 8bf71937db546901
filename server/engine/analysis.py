"""The engine's front door: source text (or bytes) in, sorted findings out.

text → LibCST module → module scope (imports, constants) → one indexed walk → findings →
suppressions. The CLI calls `Engine.analyze_bytes` per file; the language server reuses the
same pieces per unit of a document.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

import libcst as cst

from .checker import RuleIndex, check_tree
from .fixes import import_insertion_line
from .model import Confidence, Finding, Position, RuleDocs, RuleInfo, Severity, Span, Tier
from .resolver import module_scope
from .rule_loader import Rule
from .suppressions import META_RULES, SuppressionOptions, apply_suppressions


def _error_rule(rule_id: str, message: str, what: str) -> RuleInfo:
    return RuleInfo(
        id=rule_id, message=message, severity=Severity.HIGH, confidence=Confidence.HIGH, cwe=None,
        cwe_title="", tier=Tier.VULN, family="redline", source="<redline>",
        docs=RuleDocs(what_it_does=what, why_is_this_bad="Redline could not check this file, so any problem in it goes unreported."),
    )


SYNTAX_ERROR = _error_rule("syntax-error", "syntax error: $DETAIL", "Reports files that do not parse as Python.")
READ_ERROR = _error_rule("read-error", "cannot read file: $DETAIL", "Reports files that cannot be read or decoded.")
RULE_ERROR = _error_rule("rule-error", "rule $RULE failed on this file and was skipped: $DETAIL", "Reports a rule that raised an error on a file.")
ERROR_RULES = {rule.id: rule for rule in (SYNTAX_ERROR, READ_ERROR, RULE_ERROR)}
ENGINE_RULES: dict[str, RuleInfo] = {**ERROR_RULES, **META_RULES}


@dataclass
class AnalysisOptions:
    """Per-file settings, already resolved from config and command line."""

    path: str
    enabled: Callable[[RuleInfo], bool] | None = None
    severity_of: Callable[[RuleInfo], Severity] | None = None
    suppression: SuppressionOptions = field(default_factory=SuppressionOptions)


@dataclass
class Analysis:
    """What checking one file produced."""

    findings: list[Finding]
    errors: list[Finding]
    suppressed: int = 0


def error_finding(info: RuleInfo, path: str, line: int, column: int, **details: str) -> Finding:
    message = info.message
    for name, value in details.items():
        message = message.replace(f"${name.upper()}", value)
    position = Position(max(line, 1), max(column, 0))
    return Finding(
        rule_id=info.id, message=message, severity=info.severity, confidence=info.confidence,
        cwe=None, path=path, span=Span(position, position), fingerprint=f"{info.id}:{path}",
        statement_lines=(position.line, position.line),
    )


def decode_source(data: bytes, path: str) -> tuple[str | None, Finding | None]:
    """Decode Python source bytes as Python does (BOM, coding cookie, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        return None, error_finding(READ_ERROR, path, getattr(error, "lineno", 1) or 1, 0, detail=str(error.msg if hasattr(error, "msg") else error))
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        start = getattr(error, "start", 0)
        line = data[:start].count(b"\n") + 1
        column = start - (data.rfind(b"\n", 0, start) + 1)
        return None, error_finding(READ_ERROR, path, line, column, detail=f"not valid {encoding} ({error})")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def parse_source(text: str, path: str) -> tuple[cst.Module | None, Finding | None]:
    try:
        return cst.parse_module(text), None
    except cst.ParserSyntaxError as error:
        line, column, detail = _syntax_error_position(text, error)
        return None, error_finding(SYNTAX_ERROR, path, line, column, detail=detail)
    except RecursionError:
        return None, error_finding(SYNTAX_ERROR, path, 1, 0, detail="nested too deeply to parse")
    except Exception as error:  # LibCST's native parser raises other errors on odd input
        return None, error_finding(SYNTAX_ERROR, path, 1, 0, detail=f"{type(error).__name__}: {error}")


def _syntax_error_position(text: str, error: cst.ParserSyntaxError) -> tuple[int, int, str]:
    """Where the syntax error is. LibCST's native parser often points a token late, so ask
    CPython's parser (it only parses, never runs anything) and fall back to LibCST's answer."""
    try:
        ast.parse(text)
    except SyntaxError as located:
        if located.lineno:
            return located.lineno, max((located.offset or 1) - 1, 0), located.msg
    except (RecursionError, MemoryError, ValueError):
        pass
    return error.raw_line, error.raw_column, str(error.message).splitlines()[0]


class Engine:
    """Compiled rules, indexed once, ready to check any number of files."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.index = RuleIndex(self.rules)
        self.infos: dict[str, RuleInfo] = {rule.id: rule.info for rule in self.rules}

    def all_infos(self) -> dict[str, RuleInfo]:
        """The rules and the engine's own report kinds (syntax errors, suppressions)."""
        return {**self.infos, **ENGINE_RULES}

    def analyze_bytes(self, data: bytes, options: AnalysisOptions) -> Analysis:
        text, error = decode_source(data, options.path)
        if text is None:
            return Analysis([], [error] if error else [])
        return self.analyze_source(text, options)

    def analyze_source(self, text: str, options: AnalysisOptions) -> Analysis:
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            return Analysis([], [error_finding(READ_ERROR, options.path, line, 0, detail="contains NUL bytes (binary file?)")])
        module, error = parse_source(text, options.path)
        if module is None:
            return Analysis([], [error] if error else [])
        return self.analyze_module(module, text, options)

    def analyze_module(self, module: cst.Module, text: str, options: AnalysisOptions) -> Analysis:
        scope = module_scope(module.body)
        try:
            result = check_tree(
                module, scope, self.index, path=options.path, import_line=import_insertion_line(module),
                enabled=options.enabled, severity_of=options.severity_of,
            )
        except RecursionError:
            return Analysis([], [error_finding(SYNTAX_ERROR, options.path, 1, 0, detail="nested too deeply to check")])
        errors = [
            error_finding(RULE_ERROR, options.path, 1, 0, rule=rule_id, detail=detail)
            for rule_id, detail in sorted(result.failed_rules.items())
        ]
        lines = text.splitlines()
        outcome = apply_suppressions(result.findings, lines, self.infos, options.suppression, options.path)
        findings = finalize(outcome.kept + outcome.problems)
        return Analysis(findings, errors, len(outcome.suppressed))


def finalize(findings: Iterable[Finding]) -> list[Finding]:
    """Sort findings and make fingerprints unique within the file (deterministic output)."""
    ordered = sorted(findings, key=Finding.sort_key)
    counts: dict[str, int] = {}
    result: list[Finding] = []
    for finding in ordered:
        seen = counts.get(finding.fingerprint, 0)
        counts[finding.fingerprint] = seen + 1
        if seen:
            finding = _with_fingerprint(finding, f"{finding.fingerprint}:{seen}")
        result.append(finding)
    return result


def _with_fingerprint(finding: Finding, fingerprint: str) -> Finding:
    from dataclasses import replace

    return replace(finding, fingerprint=fingerprint)


def rule_infos(rules: Mapping[str, RuleInfo]) -> dict[str, RuleInfo]:
    return dict(sorted(rules.items()))
