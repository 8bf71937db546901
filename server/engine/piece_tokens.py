"""The tokens of the pieces a first open's lazy-unit plan judges, read from its lines.

The plan (lazy_units.py) cuts the text into pieces of whole lines (each definition, each
module statement's lines outside the definitions, a class, a block holding functions) and
takes each piece's tokens (prefilter.py): identifiers and the markers of the rules whose
`requires-text` regex matches the piece. Searching every piece's text again cost ~0.1 s at
first open of 10,000 lines. LineTokens has already found each line's identifiers and, for a
regex whose matches look at nothing around them (`prefilter.line_local`), the lines where
a match of the whole text starts (`prefilter.Opening`): a piece's identifiers are the union
of its lines', and such a regex can match a piece only where the piece holds one of those
lines, since a match inside the piece is one of the whole text at the same place. Only those
few pieces are searched; any other regex (`assert-authorization`'s looks at line ends) is
searched in every piece, as before.

Identifiers come from the code without its comments (sparse.code_comments), as in the
CLI's sparse parsing: a pattern names only code, so the words of a comment cannot let a
rule match nor bring a taint source. Markers come from the text itself.
"""

from __future__ import annotations

import bisect
from typing import Sequence

from .prefilter import IDENTIFIER, Opening, text_tokens
from .rule_loader import Rule, text_marker
from .sparse import cut_comments


class PieceTokens:
    """The tokens of pieces of `lines`, whose comments start at `comments` (line, 1-based ->
    column), with the markers of `rules`; `opening`: what LineTokens found in these lines."""

    def __init__(self, lines: Sequence[str], opening: Opening, rules: Sequence[Rule], comments: dict[int, int]) -> None:
        self.lines = lines
        self.code = list(lines)
        cut_comments(self.code, comments)
        self._identifiers = opening.identifiers
        for number in comments:
            if number <= len(lines):
                self._identifiers[number - 1] = set(IDENTIFIER.findall(self.code[number - 1]))
        self._rules = rules
        # Each rule's marker, regex and the lines where a match of the text starts (None: its
        # matches may depend on what lies around them, so every piece is searched).
        self._markers = [(text_marker(rule.id), rule.requires_text, opening.starts.get(rule.id)) for rule in rules]

    def of(self, numbers: Sequence[int]) -> set[str]:
        """The tokens of the piece made of these lines (0-based, ascending)."""
        tokens: set[str] = set().union(*(self._identifiers[number] for number in numbers))
        text = None
        for marker, regex, starts in self._markers:
            if starts is not None and numbers and not _any_within(starts, numbers[0], numbers[-1]):
                continue
            if text is None:
                text = "".join(self.lines[number] for number in numbers)
            if regex.search(text):  # type: ignore[attr-defined]
                tokens.add(marker)
        return tokens

    def span(self, first: int, last: int) -> set[str]:
        """The tokens of lines `first` to `last` (0-based, both included)."""
        return self.of(range(first, last + 1))

    def text(self, piece: str, code: str) -> set[str]:
        """The tokens of a piece of text that need not be whole lines (a function's header),
        given with its code without comments."""
        return text_tokens(piece, self._rules, code)


def _any_within(starts: list[int], first: int, last: int) -> bool:
    """Whether a line of the sorted `starts` lies from `first` to `last`."""
    index = bisect.bisect_left(starts, first)
    return index < len(starts) and starts[index] <= last
