"""A document's text as lines, edited by the editor's range changes, and the guard that
refuses text nested deeper than CPython allows before LibCST's parser sees it.

These come before any parse (units.py's document applies a `Change` to its `TextBuffer`,
then parses the changed lines unless `too_deep` refuses them) and need nothing of the units,
so they are plain classes and functions the document owns or calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import split_lines

# Brackets outside strings and comments, to refuse what CPython refuses (more than 200 nested
# brackets) before LibCST's native parser overflows its stack on it. A single-quoted string
# runs to its closing quote, else to its line's end (where CPython's tokenizer refuses it, and
# LibCST's before any parse), and a backslash escapes any character, a line break too: a
# string not closed on its line was tried again from each escaped quote inside it, ~0.3 s of
# CPU for a line of 4,000 `\"` (quadratic).
_BRACKET_SCAN = re.compile(
    r"#[^\r\n]*|[rbuRBUfF]{0,2}(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\(?:[\s\S]|\Z)|[^\"\\\r\n])*\"?|'(?:\\(?:[\s\S]|\Z)|[^'\\\r\n])*'?)|[()\[\]{}]"
)
MAX_NESTING = 200  # CPython: "too many nested parentheses"
MAX_INDENT = 100  # CPython: "too many levels of indentation"
# A chain of unary operators (`- - ... x`, `not not ... x`). Its first operator is spelled as
# literals (`n(?<=\bn)ot` is `\bnot`) so that the search skips to the characters that may start
# one instead of trying the chain at every position: the same matches, ~5x faster.
_UNARY_CHAIN = re.compile(r"(?:-|\+|~|n(?<=\bn)ot\b)\s*(?:(?:[-+~]|\bnot\b)\s*){%d}" % (MAX_NESTING - 1))
_INDENT = re.compile(r"^([ \t\f]*)[^ \t\f\r\n#]", re.MULTILINE)


def too_deep(text: str) -> int:
    """The line where brackets or blocks nest deeper than CPython allows, or 0.

    LibCST's native parser takes quadratic time or overflows its stack on such input.
    """
    return too_deep_unary(text) or _too_deep_blocks(text) or _too_deep_brackets(text)


def too_deep_unary(text: str) -> int:
    """The line where a chain of unary operators nests deeper than LibCST's parser takes, or 0.
    Alone, the part of `too_deep` a text CPython parsed still needs: CPython's tokenizer
    refuses the brackets (more than 200) and blocks (100 levels) `too_deep` looks for
    itself, but not such a chain (the two scans were ~40 ms of a 10,000-line first open)."""
    chain = _UNARY_CHAIN.search(text)
    return 0 if chain is None else text.count("\n", 0, chain.start()) + 1


def _too_deep_blocks(text: str) -> int:
    stack = [0]
    for match in _INDENT.finditer(text):
        width = len(match.group(1))
        while width < stack[-1]:
            stack.pop()
        if width > stack[-1]:
            stack.append(width)
            if len(stack) > MAX_INDENT + 1:
                return text.count("\n", 0, match.start()) + 1
    return 0


def _too_deep_brackets(text: str) -> int:
    if text.count("(") + text.count("[") + text.count("{") <= MAX_NESTING:
        return 0
    depth = 0
    for match in _BRACKET_SCAN.finditer(text):
        char = match.group()
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, match.start()) + 1
        elif char in ")]}":
            depth = max(0, depth - 1)
    return 0


@dataclass(frozen=True)
class Change:
    """Replace [start, end) by `text`; positions are (0-based line, column in code points)."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


class TextBuffer:
    """A text as a list of lines, edited in place by range changes."""

    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def line_text(self, line: int) -> str:
        """The line without its ending ('' past the end)."""
        if line >= len(self.lines):
            return ""
        return self.lines[line].rstrip("\r\n")

    def clamp(self, line: int, column: int) -> tuple[int, int]:
        if line >= len(self.lines):
            return len(self.lines) - 1, len(self.line_text(len(self.lines) - 1))
        line = max(line, 0)
        return line, max(0, min(column, len(self.line_text(line))))

    def apply(self, change: Change) -> tuple[int, int, int, list[str]]:
        """Apply one change; returns (first changed line, old last line, new last line, the
        lines it replaced)."""
        (sl, sc), (el, ec) = self.clamp(*change.start), self.clamp(*change.end)
        if (el, ec) < (sl, sc):
            (sl, sc), (el, ec) = (el, ec), (sl, sc)
        first = sl
        if sc == 0 and first > 0 and self.lines[first - 1].endswith("\r"):
            first -= 1  # the new text may start with \n and join that \r
        before = "".join(self.lines[first:sl]) + self.lines[sl][:sc]
        new_lines = split_lines(before + change.text + self.lines[el][ec:])
        if el < len(self.lines) - 1:
            new_lines.pop()  # the piece ends with a line break: the empty rest is the next line
        removed = self.lines[first : el + 1]
        self.lines[first : el + 1] = new_lines
        return first, el, first + len(new_lines) - 1, removed
