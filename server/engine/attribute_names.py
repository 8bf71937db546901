"""The names after a dot in a method's text, across spaces, comments and line continuations:
every attribute a method may set (`self.x = ...`, `for self.x in ...`, `self.a, self.b = ...`).

They are those `\\.[\\s\\\\]*(?:#[^\\r\\n]*(?![^\\r\\n])[\\s\\\\]*)*([^\\W\\d]\\w*)` finds with
`findall`, searched on every keystroke in a method where data flow runs. That pattern tried
each dot anew: a line of `.#` (or `. #`) with no name after it made every dot on it read the
rest of the line, ~0.2 s of CPU for a line of 4,000 characters and four times that at each
doubling. A comment runs to its line's end, so every dot whose spaces lead into a comment
goes on from that line's end the same way: where it goes is found once per line.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\\]*")  # spaces and line continuations
_INTO_COMMENT = re.compile(r"\.[\s\\]*#")  # a dot whose spaces lead into a comment
_AFTER_DOT = re.compile(r"\.[\s\\]*([^\W\d]\w*)")  # a name after a dot and spaces alone
_BREAK = re.compile(r"[\r\n]|\Z")
_NAME = re.compile(r"[^\W\d]\w*")


class _Ends:
    """Where the spaces and comments after a dot end, from the end of a comment's line: found
    once per line, and kept for every other dot whose spaces lead into a comment there."""

    __slots__ = ("_code", "_after", "_break", "_searched")

    def __init__(self, code: str) -> None:
        self._code = code
        self._after: dict[int, int] = {}  # a comment line's end -> where its spaces and comments end
        self._break = -1  # the first line end at or after `_searched`
        self._searched = 0

    def line_end(self, at: int) -> int:
        """The end of the line holding `at` (asked for increasing `at`: one pass over the text)."""
        if not self._searched <= at <= self._break:
            self._searched = at
            self._break = _BREAK.search(self._code, at).start()  # type: ignore[union-attr]
        return self._break

    def after_comment(self, hash_at: int) -> int:
        """Where the spaces and comments end, from a comment starting at `hash_at`."""
        ends, at = [], self.line_end(hash_at)
        while at not in self._after:
            ends.append(at)
            spaces = _SPACES.match(self._code, at).end()  # type: ignore[union-attr]
            if not self._code.startswith("#", spaces):
                self._after[at] = spaces
                break
            at = _BREAK.search(self._code, spaces).start()  # type: ignore[union-attr]
        for end in ends:
            self._after[end] = self._after[at]
        return self._after[at]


def attribute_names(code: str) -> set[str]:
    """The names after each dot of `code` (see the module's docstring): from each dot, spaces,
    continuations and whole comments are passed over, then a name is read; the next dot
    looked at is the first after a name found, else after the dot. Between the dots whose
    spaces lead into a comment, no text after a dot holds a comment: one regex finds those
    names, and only the dots before a comment are followed here."""
    names: set[str] = set()
    ends = _Ends(code)
    at = 0
    while (into := _INTO_COMMENT.search(code, at)) is not None:
        names.update(_AFTER_DOT.findall(code, at, into.start()))
        name = _NAME.match(code, ends.after_comment(into.end() - 1))
        at = into.start() + 1 if name is None else name.end()
        if name is not None:
            names.add(name.group())
    names.update(_AFTER_DOT.findall(code, at))
    return names
