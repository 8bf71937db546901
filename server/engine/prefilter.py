"""Which rules can match a text at all, judged from the words it contains.

Every rule names identifiers its matches need (see formula.required_names) and may ask for a
regular expression (`redline.requires-text`). A text's *tokens* are its identifiers plus one
marker per rule whose regex matches one of its lines; a rule whose requirements are not among
them is skipped for that text, which spares most rules on most files.

The CLI computes the tokens of a whole file once. The editor keeps them as counts per line
(`LineTokens`), updated by each edit, so a keystroke re-scans only the lines it touched.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Collection, Iterable, Iterator, Sequence

from .literal_lines import LiteralLines, literals_of
from .model import RuleInfo
from .regex_parts import line_bound
from .rule_loader import Rule, text_marker

IDENTIFIER = re.compile(r"[^\W\d]\w*")


def _text_rules(rules: Sequence[Rule]) -> list[tuple[str, re.Pattern[str]]]:
    return [(rule.id, rule.requires_text) for rule in rules if rule.requires_text is not None]  # type: ignore[misc]


def text_tokens(text: str, rules: Sequence[Rule], code: str | None = None) -> set[str]:
    """The tokens of a whole text; its identifiers from `code` when given (the text without
    comments: sparse.py), the rules' markers from the text itself."""
    tokens = set(IDENTIFIER.findall(text if code is None else code))
    tokens.update(text_markers(text, rules))
    return tokens


def text_markers(text: str, rules: Sequence[Rule]) -> Iterator[str]:
    """The markers of the `rules` whose requires-text regex matches in `text` (`text_tokens`
    without the identifiers, for a caller that has them)."""
    return (text_marker(rule_id) for rule_id, regex in _text_rules(rules) if regex.search(text))


def file_tokens(text: str, rules: Sequence[Rule], enabled: Callable[[RuleInfo], bool] | None, code: str | None = None) -> set[str]:
    """The tokens of a whole file being checked: its identifiers (from `code`, the text
    without comments, when given), and the markers of the rules that are enabled and whose
    names it holds (the only rules a marker can let through), so the other rules' regexes
    never run on it."""
    tokens = set(IDENTIFIER.findall(text if code is None else code))
    markers = [
        text_marker(rule.id)
        for rule in rules
        if rule.requires_text is not None and (enabled is None or enabled(rule.info)) and rule.names_met(tokens) and rule.requires_text.search(text)  # type: ignore[attr-defined]
    ]
    tokens.update(markers)
    return tokens


def possible_rules(rules: Iterable[Rule], tokens: Collection[str]) -> frozenset[str]:
    """Ids of the rules whose requirements all occur among `tokens`."""
    return frozenset(rule.id for rule in rules if rule.may_match(tokens))


@dataclass
class Opening:
    """What LineTokens found line by line in a text it was made for, which the lazy-unit plan
    of a first open reads its pieces' tokens from (piece_tokens.py) instead of searching
    their text again: each line's identifiers, and for each requires-text regex run that
    was not searched on every line, the lines (0-based, sorted) a piece must hold to match
    (`_marked_lines`); for one whose matches keep to a line (`regex_parts.line_bound`), the
    lines it matches, which alone decide whether a piece of whole lines matches."""

    identifiers: list[set[str]]
    starts: dict[str, list[int]]
    matched: dict[str, list[int]]


class TokenCounts(Counter[str]):
    """A text's token counts, which also tell which of a few sets of words the text holds
    (`held`), kept across edits: each keystroke asks it with every rule's words (the possible
    rules) and, where data flow runs, with every taint part's words (TaintAnalyzer.narrowed),
    and intersecting such a set with the text's 500 to 1,300 tokens cost 0.06-0.25 ms a time."""

    _SETS = 4  # word sets kept: dropped all at once past it

    def __init__(self) -> None:
        super().__init__()
        self._held: dict[frozenset[str], frozenset[str]] = {}  # words asked -> those held
        self.intersections = 0  # word sets intersected with every token (not kept), for tests

    def held(self, words: frozenset[str]) -> frozenset[str]:
        """Those of `words` the text holds."""
        found = self._held.get(words)
        if found is None:
            if len(self._held) >= self._SETS:
                self._held.clear()
            found = self._held[words] = words.intersection(self)
            self.intersections += 1
        return found

    def retouched(self, touched: set[str]) -> None:
        """Tokens among `touched` (those of the lines an edit removed or added) came or went."""
        for words, held in self._held.items():
            self._held[words] = (held - touched) | {token for token in touched if token in words and token in self}

    def forget(self) -> None:
        """Tokens came that no edit's lines told (rule markers found by regexes run anew)."""
        self._held.clear()


class LineTokens:
    """The tokens of a text as counts over its lines, kept up to date edit by edit.

    A rule's requires-text regex runs over the lines once the text holds the names the rule
    needs (before, its marker could let nothing through): at first open of 10,000 lines of
    standard-library code, `insecure-random`'s ran on every line for a file naming no
    `random`. `lines` are the document's, edited in place before each `replace`. With
    `opening`, what was found per line is kept for `take_opening` (a first open's plan)."""

    def __init__(self, rules: Sequence[Rule], lines: Sequence[str], opening: bool = False) -> None:
        self.rules = rules
        self._lines = lines
        self.counts = TokenCounts()
        self.version = 0  # bumped when a token appears or disappears
        identifiers = [set(IDENTIFIER.findall(line)) for line in lines]
        self.counts.update(itertools.chain.from_iterable(identifiers))  # one count in C: 10,000 updates cost 12 ms more
        self._opening = Opening(identifiers, {}, {}) if opening else None
        self._text_rules: list[tuple[str, re.Pattern[str]]] = []
        self._waiting = [rule for rule in rules if rule.requires_text is not None]  # their regexes not run yet
        self._wake()

    def _wake(self) -> None:
        """Run the regexes of the waiting rules whose names the text now holds over its lines."""
        met = [rule.names_met(self.counts) for rule in self._waiting]
        if not any(met):
            return
        woken = [rule for rule, ready in zip(self._waiting, met) if ready]
        self._waiting = [rule for rule, ready in zip(self._waiting, met) if not ready]
        found = _text_rules(woken)
        self._text_rules += found
        for markers in _marked_lines(found, self._lines, self._opening).values():
            self.counts.update(markers)
        self.counts.forget()

    def take_opening(self) -> Opening | None:
        """What was found per line in the text this was made for (None: not kept, or taken
        already: the lines may have changed since)."""
        opening, self._opening = self._opening, None
        return opening

    def replace(self, removed: Iterable[str], added: Iterable[str]) -> None:
        """Lines `removed` left the text and lines `added` came in."""
        counts, before = self.counts, len(self.counts)
        gone = False
        touched: set[str] = set()
        for line in removed:
            tokens = self._line_tokens(line, self._text_rules)
            touched |= tokens
            for token in tokens:
                left = counts[token] - 1
                if left > 0:
                    counts[token] = left
                else:
                    del counts[token]
                    gone = True
        for line in added:
            tokens = self._line_tokens(line, self._text_rules)
            touched |= tokens
            counts.update(tokens)
        if gone or len(counts) != before:
            counts.retouched(touched)
        if self._waiting:
            self._wake()
        if gone or len(counts) != before:
            self.version += 1

    @staticmethod
    def _line_tokens(line: str, text_rules: Iterable[tuple[str, re.Pattern[str]]]) -> set[str]:
        tokens = set(IDENTIFIER.findall(line))
        for rule_id, regex in text_rules:
            if regex.search(line):
                tokens.add(text_marker(rule_id))
        return tokens

    def possible(self) -> frozenset[str]:
        return possible_rules(self.rules, self.counts.keys())

    def present(self, words: frozenset[str]) -> frozenset[str]:
        """Those of `words` the text holds (TokenCounts.held)."""
        return self.counts.held(words)


# Anchors and `\B` look past the match. Word boundaries (`\b`, `\m`, `\M`) do not need to:
# a line's neighbours in the text are line breaks, which are no word characters either.
def _marked_lines(text_rules: Sequence[tuple[str, re.Pattern[str]]], lines: Sequence[str], opening: Opening | None = None) -> dict[int, list[str]]:
    """The markers of each line (by index) whose text a rule's regex matches. Only some lines
    are searched alone: where every match holds one of a few literals, the lines holding one
    (literal_lines.py); else, for a regex whose matches do not depend on what lies around
    them (`line_local`), run over the whole text once, the lines holding the start of a
    match of the text (the match found there may run past the line); else every line. Into
    `opening`, when given, go the lines searched (a piece of whole lines can match only
    where it holds one of them) and, for a `line_bound` regex, the lines it matched."""
    ends = list(itertools.accumulate(len(line) for line in lines))
    text = "".join(lines)
    holding: list[LiteralLines] = []  # made for the first regex with literals
    marked: dict[int, list[str]] = {}
    for rule_id, regex in text_rules:
        candidates = _searched_lines(regex, lines, text, ends, holding)
        matched = [index for index in candidates if index < len(lines) and regex.search(lines[index])]
        for index in matched:
            marked.setdefault(index, []).append(text_marker(rule_id))
        if opening is not None and not isinstance(candidates, range):
            opening.starts[rule_id] = list(candidates)
        if opening is not None and line_bound(regex.pattern):
            opening.matched[rule_id] = matched
    return marked


def _searched_lines(regex: re.Pattern[str], lines: Sequence[str], text: str, ends: list[int], holding: list[LiteralLines]) -> Sequence[int]:
    """The lines to search `regex` on alone (see `_marked_lines`)."""
    literals = literals_of(regex.pattern)
    if literals is not None:
        if not holding:
            holding.append(LiteralLines(text, ends))
        found = holding[0].holding(literals)
        if found is not None:
            return found
    if line_local(regex.pattern):
        found_at = [match.start() for match in regex.finditer(text, overlapped=True)]  # type: ignore[call-overload]
        # A start where lines end is also at the end of those (an empty match there).
        return sorted({line for at in found_at for line in range(bisect.bisect_left(ends, at), bisect.bisect_right(ends, at) + 1)})
    return range(len(lines))


_CONTEXT_ESCAPES = frozenset("AZzGBK")


@lru_cache(maxsize=256)
def line_local(pattern: str) -> bool:
    """Whether a regex matches a line's text exactly where it matches that text inside a
    longer one: no anchors (`^`, `$`, `\\A`...) or lookarounds outside character classes.
    (Judged on the pattern's characters, conservatively: a construct it cannot read, such
    as a verbose-mode comment, counts as looking around.)"""
    index, inside = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if not inside and pattern[index + 1 : index + 2] in _CONTEXT_ESCAPES:
                return False
            index += 2
            continue
        if inside:
            inside = char != "]"
        elif char == "[":
            inside = True
            index += 2 if pattern[index + 1 : index + 2] == "^" else 1  # `[^` and a leading `]` are the class's own
            continue
        elif char in "^$#" or pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), index):
            return False
        index += 1
    return True
