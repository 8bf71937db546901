"""Apply text edits (line/column in code points) to a text: used by `--fix`, `--diff` and tests."""

from __future__ import annotations

from typing import Iterable, Sequence

from .model import Finding, Position, Span, TextEdit


class OverlappingEdits(ValueError):
    pass


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts; lines end at \\n (\\r\\n and \\r kept as part of the line)."""
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def offset_of(position: Position, starts: Sequence[int], length: int) -> int:
    if position.line - 1 >= len(starts):
        return length
    return min(starts[position.line - 1] + position.column, length)


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """Apply non-overlapping edits; raises OverlappingEdits if two edits touch the same text."""
    starts = _line_starts(text)
    resolved = sorted(
        ((offset_of(e.span.start, starts, len(text)), offset_of(e.span.end, starts, len(text)), e.new_text) for e in edits),
        key=lambda item: (item[0], item[1]),
    )
    pieces: list[str] = []
    cursor = 0
    for start, end, new_text in resolved:
        if start < cursor:
            raise OverlappingEdits(f"edit at offset {start} overlaps the previous one")
        pieces.append(text[cursor:start])
        pieces.append(new_text)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def apply_fixes(text: str, findings: Iterable[Finding], *, include_offer_only: bool = False) -> tuple[str, int]:
    """Apply every applicable fix that does not overlap an earlier one; returns (text, count).

    Only a finding's primary fix is considered: its alternatives are choices a person makes
    in the editor, so `--unsafe-fixes` applies the primary one of an offer-only finding.

    Several fixes may add the same import line: identical insertions are applied once. A fix
    that only inserts lines (a call placed above a statement) can make other findings go
    away, so it is applied alone: it ends the pass, or waits for the next one when another
    fix is already chosen (the caller checks the text again between passes).
    """
    chosen: list[TextEdit] = []
    taken: list[tuple[Position, Position]] = []
    inserted: set[tuple[Position, str]] = set()
    applied = 0
    for finding in findings:
        fix = finding.fix
        if fix is None or (fix.safety.value != "safe" and not include_offer_only):
            continue
        edits = [e for e in fix.edits if not (e.span.start == e.span.end and (e.span.start, e.new_text) in inserted)]
        replacements = [e for e in edits if e.span.start != e.span.end]
        if any(_overlaps(e.span.start, e.span.end, taken) for e in replacements):
            continue
        inserts_only = not replacements and bool(edits)
        if inserts_only and applied:
            continue
        for edit in edits:
            if edit.span.start == edit.span.end:
                inserted.add((edit.span.start, edit.new_text))
            else:
                taken.append((edit.span.start, edit.span.end))
            chosen.append(edit)
        applied += 1
        if inserts_only:
            break
    return apply_edits(text, _merge_insertions(chosen)), applied


def _overlaps(start: Position, end: Position, taken: Sequence[tuple[Position, Position]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in taken)


def _merge_insertions(edits: list[TextEdit]) -> list[TextEdit]:
    """Several insertions at one point become one edit, in the order they were chosen."""
    merged: dict[Position, str] = {}
    others: list[TextEdit] = []
    for edit in edits:
        if edit.span.start == edit.span.end:
            merged[edit.span.start] = merged.get(edit.span.start, "") + edit.new_text
        else:
            others.append(edit)
    return others + [TextEdit(Span(at, at), text) for at, text in merged.items()]
