"""Which rules can match a text at all, judged from the words it contains.

Every rule names identifiers its matches need (see formula.required_names) and may ask for a
regular expression (`redline.requires-text`). A text's *tokens* are its identifiers plus one
marker per rule whose regex matches one of its lines; a rule whose requirements are not among
them is skipped for that text, which spares most rules on most files.

The CLI computes the tokens of a whole file once. The editor keeps them as counts per line
(`LineTokens`), updated by each edit, so a keystroke re-scans only the lines it touched.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Collection, Iterable, Sequence

from .model import RuleInfo
from .rule_loader import Rule, text_marker

IDENTIFIER = re.compile(r"[^\W\d]\w*")


def _text_rules(rules: Sequence[Rule]) -> list[tuple[str, re.Pattern[str]]]:
    return [(rule.id, rule.requires_text) for rule in rules if rule.requires_text is not None]  # type: ignore[misc]


def text_tokens(text: str, rules: Sequence[Rule], code: str | None = None) -> set[str]:
    """The tokens of a whole text; its identifiers from `code` when given (the text without
    comments: sparse.py), the rules' markers from the text itself."""
    tokens = set(IDENTIFIER.findall(text if code is None else code))
    tokens.update(text_marker(rule_id) for rule_id, regex in _text_rules(rules) if regex.search(text))
    return tokens


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


class LineTokens:
    """The tokens of a text as counts over its lines, kept up to date edit by edit."""

    def __init__(self, rules: Sequence[Rule], lines: Iterable[str]) -> None:
        self.rules = rules
        self._text_rules = _text_rules(rules)
        self.counts: Counter[str] = Counter()
        self.version = 0  # bumped when a token appears or disappears
        self.replace((), lines)

    def replace(self, removed: Iterable[str], added: Iterable[str]) -> None:
        """Lines `removed` left the text and lines `added` came in."""
        counts, before = self.counts, len(self.counts)
        gone = False
        for line in removed:
            for token in self._line_tokens(line):
                left = counts[token] - 1
                if left > 0:
                    counts[token] = left
                else:
                    del counts[token]
                    gone = True
        for line in added:
            counts.update(self._line_tokens(line))
        if gone or len(counts) != before:
            self.version += 1

    def _line_tokens(self, line: str) -> set[str]:
        tokens = set(IDENTIFIER.findall(line))
        for rule_id, regex in self._text_rules:
            if regex.search(line):
                tokens.add(text_marker(rule_id))
        return tokens

    def possible(self) -> frozenset[str]:
        return possible_rules(self.rules, self.counts.keys())
