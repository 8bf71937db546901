"""The editor's per-line tokens (prefilter.LineTokens): built for a whole text at once, they
equal what adding its lines one by one gives, whatever the lines hold of the rules'
requires-text regexes (anchors, lookarounds, word boundaries at line edges)."""

from __future__ import annotations

import dataclasses

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.lines import split_lines
from redline.engine.prefilter import LineTokens, line_local
from redline.engine.rule_loader import text_marker
from redline.engine.units import Change, IncrementalDocument

# Regexes of every kind beside the built-in rules' own: anchors and lookarounds at line edges.
PATTERNS = [r"^x", r"x$", r"(?m)^x", r"\Ax", r"(?<!\n)x", r"\Bx", r"x\b", r"\bx", r"(?<=\s)x", r"x(?!\s)", r"[^\n]x", r"x\s+x", r"(?:x|\s)*", r"\s*",
            r"(?i)user[^\S\r\n]*(?:==|[\r\n]|\Z)", r"(?i)ss|xx\b", r"x[^x]"]  # literals (lines outside ASCII), kept to a line
PIECES = ["password", "token", "_token", "tokens2", "\n", "\r\n", " ", "x", "assert", "pass", "is_admin", "user ==", "== owner", "$where", "\u202a", "(a+)+", "cors", "request.args", "#",
          "\r", "USER", "ſ", "İ"]


@pytest.mark.parametrize(
    ("pattern", "local"),
    [
        (r"\$where", True), (r"\bassert\b", True), (r"(?i)passw|pwd", True), (r"[^x]y", True), (r"[\]^]x", True),
        (r"^x", False), (r"x$", False), (r"\Ax", False), (r"x\Z", False), (r"\Bx", False), (r"(?<![^\W_])token", False),
        (r"token(?!s)", False), (r"(?<=a)b", False), (r"(?=a)a", False), (r"a#b", False),
    ],
)
def test_which_regexes_match_a_line_as_they_match_it_in_the_text(pattern: str, local: bool) -> None:
    assert line_local(pattern) is local


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
@example(["x", "\n", "ſ", "ſ", "\n"])  # `(?i)ss` matches `ſſ`, which holds no `ss` lower-cased
@example(["İ", "USER", "\n"])  # lower-cased, `İ` is two characters: the lines' ends move
def test_a_whole_text_gives_the_counts_of_its_lines(engine: Engine, pieces: list[str]) -> None:
    lines = split_lines("".join(pieces))
    model = next(rule for rule in engine.rules if rule.requires_text is not None)
    # Rules needing no name, so that their regexes run (the model, `insecure-random`, needs `random`).
    rules = [*engine.rules, *(dataclasses.replace(model, info=dataclasses.replace(model.info, id=f"r{i}"), requires=(), requires_text=regex.compile(p)) for i, p in enumerate(PATTERNS))]
    at_once = LineTokens(rules, lines)
    so_far: list[str] = []  # the document's lines, edited in place before each replace
    one_by_one = LineTokens(rules, so_far)
    for line in lines:
        so_far.append(line)
        one_by_one.replace((), [line])
    assert at_once.counts == one_by_one.counts


def test_a_rules_regex_waits_for_the_names_the_rule_needs(engine: Engine) -> None:
    """`insecure-random`'s regex (words such as `token`) is not run over a text naming no
    `random`: its marker could let nothing through. Once an edit brings the name, the lines
    are searched, and the rule reports as a whole analysis of the text does."""
    text = "def new_token():\n    return str(7)\n"
    document = IncrementalDocument(engine, text, AnalysisOptions(path="tokens.py"))
    assert text_marker("insecure-random") not in document.tokens.counts
    document.apply([Change((1, 11), (1, 17), 'random.choice("ab")')])
    document.apply([Change((0, 0), (0, 0), "import random\n\n\n")])
    assert text_marker("insecure-random") in document.tokens.counts
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("insecure-random", 5)]
    assert_same_as_scratch(document)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 2), st.lists(st.sampled_from(PIECES), max_size=6)), max_size=12))
@example([(0, 0, ["token"]), (0, 1, ["tokens2"]), (0, 0, ["token", "x"])])  # a word gone and back in one edit
def test_the_words_present_follow_each_edit(engine: Engine, edits: list[tuple[int, int, list[str]]]) -> None:
    """`present` (the words of a set the text holds, kept across edits: units._possible_rules
    asks with every rule's words per keystroke, TaintAnalyzer.narrowed with every taint
    part's) equals the set's intersection with the tokens after each edit, for each of the
    two sets asked in turn, as the edits replace lines, add and remove them."""
    words = frozenset(["token", "tokens2", "password", "x", "assert", "is_admin", "user", "owner", "cors", "request", "args", text_marker("insecure-random")])
    lines: list[str] = ["token = 1\n", "random.choice(x)\n"]
    others = frozenset(["request", "args", "user", "random", "choice", "pass"])  # a second set asked beside it (the taint parts' words)
    tokens = LineTokens(engine.rules, lines)
    assert tokens.present(words) == words & tokens.counts.keys()
    assert tokens.counts.held(others) == others & tokens.counts.keys()
    for at, removing, pieces in edits:
        at = min(at, len(lines))
        removed = lines[at : at + removing]
        added = split_lines("".join(pieces) + "\n")[:-1] if pieces else []
        lines[at : at + removing] = added
        tokens.replace(removed, added)
        assert tokens.present(words) == words & tokens.counts.keys()
        assert tokens.counts.held(others) == others & tokens.counts.keys()
