"""The lines of a text where a regex can match, found from the strings every match holds.

A rule's `requires-text` regex was searched on every line of a document at its first open
(`assert-authorization`'s, which looks at line ends, ~35 ms at 10,000 lines) or run over the
whole text (case-insensitive ones such as `hardcoded-password`'s, ~25 ms each): the `regex`
module tries the pattern at every character. Every match holds one of a few literals
(`regex_parts.required_literals`: `user`, `==`, `token`...), and `str.find` on the lower-cased
text finds them many times faster: only the lines holding one, and those holding a character
outside ASCII (where `(?i)s` matches `ſ`), need the regex at all.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Collection, Sequence

from .regex_parts import required_literals

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=256)
def literals_of(pattern: str) -> frozenset[str] | None:
    """The literals to look for before searching lines with `pattern`: None when a match may
    hold none of them, or one is a single character (most lines hold `)`: no saving)."""
    found = required_literals(pattern)
    if found is None or min(map(len, found)) < 2:
        return None
    return found


class LiteralLines:
    """The lines of `text` holding literals; its lines end where `ends` say."""

    def __init__(self, text: str, ends: Sequence[int]) -> None:
        self._ends = ends
        lowered = text.lower()
        # Lower-casing that changes lengths (`İ`) would move the literals off their lines.
        self._lowered = lowered if len(lowered) == len(text) else None
        self._odd: list[int] = [] if text.isascii() else self._non_ascii(text)

    def holding(self, literals: Collection[str]) -> list[int] | None:
        """Lines (0-based, sorted) where the lower-cased text holds one of the `literals`, or
        that hold a character outside ASCII; None when the text cannot tell (see above)."""
        lowered, ends = self._lowered, self._ends
        if lowered is None:
            return None
        found = set(self._odd)
        for literal in literals:
            at = lowered.find(literal)
            while at >= 0:
                line = bisect.bisect_right(ends, at)
                found.add(line)
                at = lowered.find(literal, ends[line])  # a literal holds no line break
        return sorted(found)

    def _non_ascii(self, text: str) -> list[int]:
        lines: list[int] = []
        match = _NON_ASCII.search(text)
        while match is not None:
            line = bisect.bisect_right(self._ends, match.start())
            lines.append(line)
            match = _NON_ASCII.search(text, self._ends[line])
        return lines
