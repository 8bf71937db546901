"""Ruff-style lines for people: `path:line:col: RULE-ID [severity] message`, then a summary.

Columns are printed 1-based, as editors and terminals expect for `path:line:col` links.
"""

from __future__ import annotations

from collections.abc import Sequence

from redline.engine.model import Finding, FixSafety, Severity
from redline.reports.summary import summarize

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_CYAN = "\x1b[36m"
_SEVERITY_COLOURS = {
    Severity.CRITICAL: "\x1b[1;35m",
    Severity.HIGH: "\x1b[1;31m",
    Severity.MEDIUM: "\x1b[33m",
    Severity.LOW: "\x1b[34m",
}
_ERROR_COLOUR = "\x1b[1;31m"

# `--fix` applies only safe fixes in bulk; offer-only ones are applied when a person picks them.
_FIX_HINTS = {FixSafety.SAFE: "fix available", FixSafety.OFFER_ONLY: "offer-only fix available"}


def render(
    findings: Sequence[Finding],
    *,
    files_checked: int,
    color: bool = False,
    errors: Sequence[Finding] = (),
) -> str:
    """One line per finding, then one per file that could not be checked, then the summary."""
    lines = [_line(f, f.severity.label, _SEVERITY_COLOURS[f.severity], color) for f in findings]
    lines += [_line(e, "error", _ERROR_COLOUR, color) for e in errors]
    if lines:
        lines.append("")
    lines += _summary(findings, errors, files_checked)
    return "\n".join(lines) + "\n"


def _line(finding: Finding, label: str, colour: str, color: bool) -> str:
    start = finding.span.start
    where = f"{_paint(finding.path, _BOLD, color)}:{_cell(finding.cell)}{start.line}:{start.column + 1}:"
    rule = _paint(finding.rule_id, colour, color)
    line = f"{where} {rule} [{_paint(label, colour, color)}] {finding.message}"
    if finding.fix:
        line += " " + _paint(f"({_FIX_HINTS[finding.fix.safety]})", _CYAN, color)
    for step in finding.related:  # a data-flow path: source, steps, sink
        line += f"\n    {_cell(step.cell)}{step.span.start.line}:{step.span.start.column + 1}: {step.message}"
    return line


def _cell(cell: int | None) -> str:
    """`cell 3:` before a notebook line (ruff's `nb.ipynb:cell 3:2:5`)."""
    return "" if cell is None else f"cell {cell}:"


def _summary(
    findings: Sequence[Finding], errors: Sequence[Finding], files_checked: int
) -> list[str]:
    summary = summarize(findings)
    files = _plural(files_checked, "file")
    if summary.total:
        counts = ", ".join(f"{n} {s.label}" for s, n in summary.by_severity.items() if n)
        head = f"Found {_plural(summary.total, 'finding')} ({counts}) in {files} checked"
        if summary.fixable:
            head += f"; {summary.fixable} fixable with --fix"
        lines = [head + "."]
    else:
        lines = [f"No findings in {files} checked."]
    if errors:
        unchecked = len({e.path for e in errors})
        lines.append(f"Could not check {_plural(unchecked, 'file')}; see the errors above.")
    return lines


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
