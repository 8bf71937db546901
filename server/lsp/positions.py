"""The one place where LSP positions meet Redline's: code-point columns <-> the client's units.

LSP columns count UTF-16 code units unless UTF-8 or UTF-32 was negotiated; Redline and LibCST
count code points. Lines are split only at \\r\\n, \\r and \\n (pygls' own splitlines() also
splits at form feeds and other separators, which would shift every line after one).
"""

from __future__ import annotations

from typing import Sequence

from lsprotocol import types

from redline.engine.model import Position, Span
from redline.engine.units import Change

UTF8, UTF16, UTF32 = types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32


def choose_encoding(capabilities: types.ClientCapabilities) -> types.PositionEncodingKind:
    """The client's first supported choice; UTF-16 when it offers none (the LSP default)."""
    general = capabilities.general
    for kind in (general.position_encodings or []) if general else []:
        if kind in (UTF8, UTF16, UTF32):
            return types.PositionEncodingKind(kind)
    return UTF16


def _width(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF32:
        return 1
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


class Codec:
    """Converts columns on one document's lines (line texts given without their endings)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding

    def to_points(self, line: str, column: int) -> int:
        """A client column to a code-point column (clamped to the line; never inside a character)."""
        if self.encoding == UTF32 or line.isascii():
            return min(column, len(line))
        units = 0
        for index, char in enumerate(line):
            if units >= column:
                return index
            units += _width(char, self.encoding)
        return len(line)

    def from_points(self, line: str, column: int) -> int:
        column = min(column, len(line))
        if self.encoding == UTF32 or line.isascii():
            return column
        return sum(_width(char, self.encoding) for char in line[:column])

    def change(self, lines: Sequence[str], change: types.TextDocumentContentChangePartial) -> Change:
        """A client edit as code-point positions on `lines` (the text before the edit)."""
        start, end = change.range.start, change.range.end
        return Change(self._point(lines, start), self._point(lines, end), change.text)

    def _point(self, lines: Sequence[str], position: types.Position) -> tuple[int, int]:
        if position.line >= len(lines):
            return position.line, position.character
        return position.line, self.to_points(lines[position.line].rstrip("\r\n"), position.character)

    def position(self, lines: Sequence[str], position: Position) -> types.Position:
        """A Redline position (1-based line, code points) as an LSP position."""
        line = max(position.line - 1, 0)
        text = lines[line].rstrip("\r\n") if line < len(lines) else ""
        return types.Position(line=line, character=self.from_points(text, position.column))

    def range(self, lines: Sequence[str], span: Span) -> types.Range:
        return types.Range(start=self.position(lines, span.start), end=self.position(lines, span.end))

    def span(self, lines: Sequence[str], value: types.Range) -> Span:
        """An LSP range as a Redline span."""
        (sl, sc), (el, ec) = self._point(lines, value.start), self._point(lines, value.end)
        return Span(Position(sl + 1, sc), Position(el + 1, ec))
