"""The tokens of the pieces a first open's lazy-unit plan judges, read from its lines.

The plan (lazy_units.py) cuts the text into pieces of whole lines (each definition, each
module statement's lines outside the definitions, a class, a block holding functions) and
takes each piece's tokens (prefilter.py): identifiers and the markers of the rules whose
`requires-text` regex matches the piece. Searching every piece's text again cost ~0.1 s at
first open of 10,000 lines. LineTokens has already found each line's identifiers and, for
each regex, the lines a piece must hold to match (`prefilter.Opening`): a piece's
identifiers are the union of its lines'; a regex whose matches keep to one line
(`regex_parts.line_bound`: the built-in rules' own) matches a piece exactly where it holds a
line the regex matched alone, so no piece is searched; any other regex is searched only in
the pieces holding one of the lines it needs.

Identifiers come from the code without its comments (sparse.code_comments), as in the
CLI's sparse parsing: a pattern names only code, so the words of a comment cannot let a
rule match nor bring a taint source. Markers come from the text itself.
"""

from __future__ import annotations

import bisect
from typing import Sequence

from .edit_markers import NONE
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
        # Each rule's marker, regex, the lines a piece must hold to match (None: any piece may)
        # and, where they decide, the lines it matched alone.
        self._markers = [(text_marker(rule.id), rule.requires_text, opening.starts.get(rule.id), opening.matched.get(rule.id)) for rule in rules]
        self.markers = frozenset(marker for marker, *_ in self._markers)

    def held(self, tokens: set[str]) -> frozenset[str]:
        """The markers among a piece's `tokens` (what a lazy unit's edit starts from: edit_markers.py)."""
        found = self.markers.intersection(tokens)
        return found if found else NONE

    def of(self, numbers: Sequence[int]) -> set[str]:
        """The tokens of the piece made of these lines (0-based, ascending)."""
        tokens: set[str] = set().union(*(self._identifiers[number] for number in numbers))
        text = None
        for marker, regex, starts, matched in self._markers:
            if starts is not None and numbers and not _any_within(starts, numbers[0], numbers[-1]):
                continue
            if matched is not None and numbers:
                if _any_of(matched, numbers):
                    tokens.add(marker)
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


def _any_of(lines: list[int], numbers: Sequence[int]) -> bool:
    """Whether one of the sorted `lines` is among the ascending `numbers` (not empty)."""
    first = bisect.bisect_left(lines, numbers[0])
    last = bisect.bisect_right(lines, numbers[-1])
    if isinstance(numbers, range):
        return first < last
    wanted = set(numbers)
    return any(line in wanted for line in lines[first:last])


def _any_within(starts: list[int], first: int, last: int) -> bool:
    """Whether a line of the sorted `starts` lies from `first` to `last`."""
    index = bisect.bisect_left(starts, first)
    return index < len(starts) and starts[index] <= last
