"""Whether one of many rules may match in a definition with these words, asked at once.

The lazy-unit plan of a first open (lazy_units.py) and the CLI's sparse parse (sparse.py)
ask it of every definition and block: ~1,700 times at first open of 10,000 lines, each
trying ~100 rules one by one (`Rule.may_match_definition`), ~35 ms of CPU where nearly every
answer is no. Here each rule is filed under words of which every match needs one (its
`requires-text` marker, or one word of each way to meet a clause of its required names), so
a set of words is tried only against the rules filed under the words it holds, found by one
set intersection; the answer is the one trying every rule gives.
"""

from __future__ import annotations

from typing import Collection, Sequence

from .formula import Requirement
from .rule_loader import Rule, text_marker
from .sparse import Wanted


class AnyMayMatch:
    """`any(rule.may_match_definition(words) for rule in rules)`, and its `amid` form
    (`Rule.may_match_amid`), trying only the rules whose needed words `words` holds."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = list(rules)
        self._always: list[Rule] = []  # no word that every match needs: tried every time
        self._filed: dict[str, list[int]] = {}
        for index, rule in enumerate(self._rules):
            needed = _needed_words(rule)
            if needed is None:
                self._always.append(rule)
            for word in sorted(needed or ()):
                self._filed.setdefault(word, []).append(index)
        self._words = frozenset(self._filed)

    def __call__(self, words: Collection[str]) -> bool:
        return any(rule.may_match_definition(words) for rule in self._candidates(words))

    def amid(self, outside: frozenset[str]) -> Wanted:
        """The test with `Rule.may_match_amid`, given the names of the code outside every
        definition (it needs what `may_match_definition` needs, and more)."""
        return lambda words: any(rule.may_match_amid(words, outside) for rule in self._candidates(words))  # type: ignore[arg-type]

    def _candidates(self, words: Collection[str]) -> list[Rule]:
        """The rules that may match with these words: those holding no needed word are not."""
        if not isinstance(words, (set, frozenset)):  # any collection: every rule, as `in` finds words
            return self._rules
        held = self._words.intersection(words)
        if not held:
            return self._always
        indexes = sorted({index for word in held for index in self._filed[word]})
        return [*self._always, *(self._rules[index] for index in indexes)]


def _needed_words(rule: Rule) -> frozenset[str] | None:
    """Words one of which every match of `rule` in a definition needs among its words, or
    None when there are none: the rule's `requires-text` marker, else one word of each way
    to meet the first clause of its required names that every way names a word of."""
    if rule.requires_text is not None:
        return frozenset({text_marker(rule.id)})
    requires: Requirement = rule.requires if rule.definition_requires is None else rule.definition_requires
    for clause in requires:
        if clause and all(clause):
            return frozenset(min(names) for names in clause)
    return None
