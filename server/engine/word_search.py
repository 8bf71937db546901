"""Whole-word searches for names a keystroke just made: with `str.find`, not a regex.

A name keystroke asks where the names it rebound are read (`\\b(?:a|b)\\b`) and whether a
function is called (`\\bname\\s*\\(`). Every name typed is a new one, so each such regex was
compiled for one keystroke (~0.3 ms each, several per keystroke) and crowded `re`'s cache of
512 patterns. These answer the same: a boundary is where a word character (`str.isalnum` or
`_`, as `re` has it for text) meets a non-word one or an end of the text.
"""

from __future__ import annotations

import bisect
import itertools
from typing import Collection, Sequence


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _bounded(text: str, at: int, end: int) -> bool:
    """Whether `text[at:end]` starts and ends at word boundaries (`\\b` before and after)."""
    before = at > 0 and _word(text[at - 1])
    after = end < len(text) and _word(text[end])
    return before != _word(text[at]) and after != _word(text[end - 1])


class Words:
    """Whole-word occurrences of any of `names` (non-empty), as `\\b(?:a|b)\\b` finds them."""

    __slots__ = ("names",)

    def __init__(self, names: Collection[str]) -> None:
        self.names = sorted(names)

    def search(self, text: str) -> bool:
        """Whether one of the names occurs in `text` as a whole word."""
        for name in self.names:
            at = text.find(name)
            while at >= 0:
                if _bounded(text, at, at + len(name)):
                    return True
                at = text.find(name, at + 1)
        return False


def calls(text: str, name: str, definitions: bool = False) -> bool:
    """Whether `text` calls `name` as `(?<!def )\\bname\\s*\\(` finds a call: the name at a
    word start, then spaces and `(`, not after `def ` (its own definition; with
    `definitions`, as `\\bname\\s*\\(`, that too)."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        before = at > 0 and _word(text[at - 1])
        if before != _word(name[0]) and (definitions or not text.endswith("def ", 0, at)):
            while end < len(text) and text[end].isspace():
                end += 1
            if end < len(text) and text[end] == "(":
                return True
        at = text.find(name, at + 1)
    return False


def lines_holding(lines: Sequence[str], names: Collection[str]) -> list[int]:
    """Indexes of the lines holding one of `names` (non-empty, without line breaks) anywhere:
    one search of the text per name, not one per line."""
    text = "".join(lines)
    found = set()
    for name in names:
        at = text.find(name)
        while at >= 0:
            found.add(at)
            at = text.find(name, at + 1)
    if not found:
        return []
    ends = list(itertools.accumulate(map(len, lines)))
    return sorted({bisect.bisect_right(ends, offset) for offset in found})
