"""Moving findings with their lines: an edit above a piece adds or removes lines, and the
findings it kept from its last check move by as many lines (their ranges, fixes, data-flow
steps and the "from line N" their message names) instead of being found again.

Plain functions of a finding and a line count: the document (units.py), its re-parse of
edited units (unit_reparse.py) and its full parse (first_open.py) all move findings so.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Finding, Fix, Position, RelatedLocation, Span, TextEdit


def shift_finding(finding: Finding, from_line: int, delta: int) -> Finding:
    """The finding moved by `delta` lines (positions before `from_line`, such as an import
    insertion at the top of the file, stay where they are)."""
    if delta == 0:
        return finding
    def shifted(fix: Fix) -> Fix:
        return Fix(fix.title, fix.safety, tuple(TextEdit(_shift_span(e.span, from_line, delta), e.new_text) for e in fix.edits))

    lines = finding.statement_lines
    return replace(
        finding,
        message=_shift_message(finding, from_line, delta),
        span=_shift_span(finding.span, from_line, delta),
        fix=shifted(finding.fix) if finding.fix is not None else None,
        alternatives=tuple(shifted(fix) for fix in finding.alternatives),
        related=tuple(RelatedLocation(_shift_span(r.span, from_line, delta), r.message) for r in finding.related),
        statement_lines=(lines[0] + delta, lines[1] + delta) if lines and lines[0] >= from_line else lines,
    )


def _shift_position(position: Position, from_line: int, delta: int) -> Position:
    return Position(position.line + delta, position.column) if position.line >= from_line else position


def _shift_span(span: Span, from_line: int, delta: int) -> Span:
    return Span(_shift_position(span.start, from_line, delta), _shift_position(span.end, from_line, delta))


def _shift_message(finding: Finding, from_line: int, delta: int) -> str:
    """A data-flow message names its source's line (taint/report.py: "... from line N
    reaches ..."); the source is the first related location."""
    related = finding.related
    if not related or not related[0].message.startswith("source: "):
        return finding.message
    line = related[0].span.start.line
    if line < from_line:
        return finding.message
    return finding.message.replace(f" from line {line} reaches ", f" from line {line + delta} reaches ", 1)


def home_line(finding: Finding) -> int:
    """The line (0-based) of the statement a finding was matched in: its unit, which a check
    of that unit alone finds it in again, even when its range lies in another unit (a
    constant the pattern looked through)."""
    return (finding.statement_lines[0] if finding.statement_lines else finding.span.start.line) - 1


def without_lines(findings: list[Finding], checked_at: int, start: int, at: int, old_lines: int, delta: int) -> list[Finding]:
    """A piece's findings (computed when it began at `checked_at`, now at `start`) without
    those on the `old_lines` lines from `start + at`, which became `old_lines + delta` lines."""
    moved = [shift_finding(f, checked_at + 1, start - checked_at) for f in findings]
    first, end = start + at, start + at + old_lines
    return [shift_finding(f, end + 1, delta) for f in moved if not first <= home_line(f) < end]
