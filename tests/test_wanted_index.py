"""The rules filed by the words they need (wanted_index.AnyMayMatch) give the lazy-unit plan
and the sparse parse the answers of trying every rule: the built-in rules (pattern rules and
the taint sources' stand-ins), asked with words that meet each rule's needs, one word short
of them, and none."""

from __future__ import annotations

from typing import Collection, Sequence

from redline.engine.rule_loader import Rule, builtin_rules_dir, load_rules, text_marker
from redline.engine.analysis import Engine
from redline.engine.wanted_index import AnyMayMatch


def _rules() -> list[Rule]:
    rules, problems = load_rules([builtin_rules_dir()])
    assert not problems
    patterns = [rule for rule in rules if rule.taint is None]
    taint = Engine(rules).taint
    assert taint is not None
    return [*patterns, *taint.source_rules]


def _meeting(rule: Rule) -> set[str]:
    """Words meeting what `rule` needs in a definition: one way of each clause, its marker."""
    requires = rule.requires if rule.definition_requires is None else rule.definition_requires
    words = {name for clause in requires if clause for name in max(clause, key=sorted)}
    return words | ({text_marker(rule.id)} if rule.requires_text is not None else set())


def _asked(rules: Sequence[Rule]) -> list[frozenset[str]]:
    asked = [frozenset()]
    for rule in rules:
        words = _meeting(rule)
        asked.append(frozenset(words))
        asked += [frozenset(words - {word}) for word in sorted(words)]
    return asked


def _tried_one_by_one(rules: Sequence[Rule], words: Collection[str], outside: frozenset[str] | None = None) -> bool:
    if outside is None:
        return any(rule.may_match_definition(words) for rule in rules)
    return any(rule.may_match_amid(words, outside) for rule in rules)


def test_every_rule_alone_and_all_together_answer_as_tried_one_by_one() -> None:
    rules = _rules()
    assert len(rules) > 100
    asked = _asked(rules)
    together = AnyMayMatch(rules)
    assert [together(words) for words in asked] == [_tried_one_by_one(rules, words) for words in asked]
    assert sum(together(words) for words in asked) > len(rules)  # the words meeting a rule's needs are wanted
    for rule in rules:
        alone, words = AnyMayMatch([rule]), frozenset(_meeting(rule))
        assert alone(words) == rule.may_match_definition(words)
        assert [alone(words - {word}) for word in sorted(words)] == [rule.may_match_definition(words - {word}) for word in sorted(words)]


def test_amid_answers_as_tried_one_by_one_for_any_outside_names() -> None:
    rules = _rules()
    asked = _asked(rules)
    index = AnyMayMatch(rules)
    for outside in (frozenset(), frozenset(word for words in asked for word in words)):
        wanted = index.amid(outside)
        assert [wanted(words) for words in asked] == [_tried_one_by_one(rules, words, outside) for words in asked]


def test_words_not_in_a_set_are_read_as_any_collection() -> None:
    rules = _rules()
    words = sorted(_meeting(rules[0]))
    assert AnyMayMatch(rules)(words) == _tried_one_by_one(rules, words) is True
