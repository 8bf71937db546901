"""The editor's per-line tokens (prefilter.LineTokens): built for a whole text at once, they
equal what adding its lines one by one gives, whatever the lines hold of the rules'
requires-text regexes (anchors, lookarounds, word boundaries at line edges)."""

from __future__ import annotations

import dataclasses

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from redline.engine.analysis import Engine
from redline.engine.lines import split_lines
from redline.engine.prefilter import LineTokens, line_local

# Regexes of every kind beside the built-in rules' own: anchors and lookarounds at line edges.
PATTERNS = [r"^x", r"x$", r"(?m)^x", r"\Ax", r"(?<!\n)x", r"\Bx", r"x\b", r"\bx", r"(?<=\s)x", r"x(?!\s)", r"[^\n]x", r"x\s+x", r"(?:x|\s)*", r"\s*"]
PIECES = ["password", "token", "_token", "tokens2", "\n", "\r\n", " ", "x", "assert", "pass", "is_admin", "user ==", "== owner", "$where", "\u202a", "(a+)+", "cors", "request.args", "#"]


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
def test_a_whole_text_gives_the_counts_of_its_lines(engine: Engine, pieces: list[str]) -> None:
    lines = split_lines("".join(pieces))
    model = next(rule for rule in engine.rules if rule.requires_text is not None)
    rules = [*engine.rules, *(dataclasses.replace(model, info=dataclasses.replace(model.info, id=f"r{i}"), requires_text=regex.compile(p)) for i, p in enumerate(PATTERNS))]
    at_once = LineTokens(rules, lines)
    one_by_one = LineTokens(rules, [])
    for line in lines:
        one_by_one.replace((), [line])
    assert at_once.counts == one_by_one.counts
