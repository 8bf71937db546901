"""The lines a first open searches for the rules' requires-text regexes (prefilter.LineTokens,
literal_lines.py): only those holding a literal every match holds (or a character outside
ASCII), with the same markers as searching every line; a regex whose matches keep to one line
(`regex_parts.line_bound`) gives a piece its marker from its lines, without searching it; and
`assert-authorization`'s regex, written so, marks the lines its former one marked."""

from __future__ import annotations

import dataclasses

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from redline.engine.analysis import Engine
from redline.engine.lines import split_lines
from redline.engine.piece_tokens import PieceTokens
from redline.engine.prefilter import LineTokens, text_tokens
from redline.engine.regex_parts import line_bound, required_literals
from redline.engine.rule_loader import Rule, text_marker
from redline.engine.sparse import code_comments

# `assert-authorization`'s requires-text before: `(?m)$` after `user` or `==` ran its matches
# over line ends, so it was searched on every line and on every piece of the plan.
FORMER = (
    r"(?im)is_(?:authenticated|anonymous|admin|staff|superuser|owner|member|permitted)|has_(?:perms?\b|permission|role|access|scope)"
    r"|check_permission|permissions?\b|authori[sz]|\broles?\b|can_(?:view|edit|delete|access|write|read|modify|manage|change|create|update)"
    r"|logged_in|(?:owner|author|user)(?:_id)?\s*(?:==|$)|==\s*(?:$|[\w.]*\b(?:owner|author|user)(?:_id)?\b)|\bacl\b|allowed_users"
)


class Counted:
    """A compiled regex that keeps the texts it was run on."""

    def __init__(self, compiled: regex.Pattern[str]) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.searched: list[str] = []

    def search(self, text: str) -> regex.Match[str] | None:
        self.searched.append(text)
        return self.compiled.search(text)

    def finditer(self, text: str, **options: bool) -> object:
        self.searched.append(text)
        return self.compiled.finditer(text, **options)


def _rule(engine: Engine, rule_id: str) -> Rule:
    return next(rule for rule in engine.rules if rule.id == rule_id)


@pytest.mark.parametrize(
    ("pattern", "literals", "bound"),
    [
        (r"(?i)cors|access-control-allow-origin", {"cors", "access-control-allow-origin"}, True),
        (r"\$where", {"$where"}, True),
        (r"(?<![^\W_])(?:token|Secret)", {"token", "secret"}, False),  # looks behind
        (r"user\s*==", {"user"}, False),  # `\s` runs over line breaks
        (r"user[^\S\r\n]*(?:==|[\r\n]|\Z)", {"user"}, True),  # a line break or the end, last
        (r"user(?:\n|\Z)x", {"user"}, False),
        (r"(?m)user$", {"user"}, False),
        (r"[+*?]\)[+*]", {")"}, True),  # (too short to save anything: literal_lines.literals_of)
        (r"[+*?]\)\{\d*,\d*\}", None, False),  # an escaped `{`, read as `regex`'s own, conservatively
        (r"(?:token){e<=1}", None, False),  # `regex`'s fuzzy matching: `re` reads a literal `{`
        (r"[[:alpha:]]+key", None, False),
        (r"ab.cd", {"ab"}, False),  # `.` matches `\r`
        (r"ab\ncd|ef", None, False),  # a literal holding a line break could run over two lines
    ],
)
def test_what_a_regex_tells_of_its_matches(pattern: str, literals: set[str] | None, bound: bool) -> None:
    assert required_literals(pattern) == (None if literals is None else frozenset(literals))
    assert line_bound(pattern) is bound


def test_the_rule_regex_keeps_to_a_line(engine: Engine) -> None:
    assert line_bound(_rule(engine, "assert-authorization").requires_text.pattern)  # type: ignore[attr-defined]
    assert not line_bound(FORMER)


# Lines of every kind around the rule's words: comparisons running on the next line, spaces
# and line breaks of each sort, the text's end without a line break, characters outside ASCII.
PIECES = ["user", "owner_id", "==", " ", "\t", "\x0b", "\x0c", "\x85", "\n", "\r\n", "x", ".", "is_admin", "roles", "Role", "acl", "(", "assert ", "ſ", "İ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
@example(["user", " ", "\n", "==", "x"])
@example(["x", " ", "==", "\t"])
def test_the_rule_regex_marks_the_lines_the_former_one_marked(engine: Engine, pieces: list[str]) -> None:
    """On every line (as LSP splits them) and on any text without a lone carriage return."""
    current = _rule(engine, "assert-authorization").requires_text
    former = regex.compile(FORMER)
    text = "".join(pieces)
    for line in split_lines(text):
        assert bool(current.search(line)) == bool(former.search(line)), repr(line)  # type: ignore[attr-defined]
    assert bool(current.search(text)) == bool(former.search(text))  # type: ignore[attr-defined]


STANDARD = "def view(request):\n    total = 0\n    for item in request.items:\n        total += item.price\n    return total\n\n\n" * 60
CHECKS = "def delete(user, invoice):\n    assert user.is_staff\n    assert invoice.owner_id == \\\n        user.id\n    invoice.delete()\n"


def test_only_the_lines_holding_the_rules_literals_are_searched(engine: Engine) -> None:
    """Of 425 lines, `assert-authorization`'s regex runs on the four naming `user`, `staff`,
    `owner` or `==`, and marks the two whose assertion may match."""
    lines = split_lines(STANDARD + CHECKS)
    counted = Counted(_rule(engine, "assert-authorization").requires_text)  # type: ignore[arg-type]
    rule = dataclasses.replace(_rule(engine, "assert-authorization"), requires_text=counted)
    tokens = LineTokens([rule], lines)
    assert len(lines) == 426 and counted.searched == lines[-6:-2]
    assert tokens.counts[text_marker("assert-authorization")] == 2


def test_a_pieces_marker_comes_from_its_lines(engine: Engine) -> None:
    """No piece is searched for a regex that keeps to a line; each piece's tokens are those
    of its text all the same."""
    text = STANDARD + CHECKS
    lines = split_lines(text)
    counted = Counted(_rule(engine, "assert-authorization").requires_text)  # type: ignore[arg-type]
    rule = dataclasses.replace(_rule(engine, "assert-authorization"), requires_text=counted)
    opening = LineTokens([rule], lines, opening=True).take_opening()
    assert opening is not None
    pieces = PieceTokens(lines, opening, [rule], code_comments(text))
    counted.searched.clear()
    last = len(lines) - 1
    found = [pieces.span(first, first + 4) for first in range(0, last - 4, 3)]
    assert counted.searched == []
    assert found == [text_tokens("".join(lines[first : first + 5]), [_rule(engine, "assert-authorization")], "".join(pieces.code[first : first + 5])) for first in range(0, last - 4, 3)]
    assert sum(text_marker("assert-authorization") in tokens for tokens in found) == 2


def test_a_line_outside_ascii_is_searched_whatever_its_literals(engine: Engine) -> None:
    """`(?i)passw` matches `paſſword`, whose lower-cased text holds no `passw`."""
    lines = split_lines('x = 1\npaſſword = "hunter2"\ny = 2\n')
    tokens = LineTokens([_rule(engine, "hardcoded-password")], lines)
    assert tokens.counts[text_marker("hardcoded-password")] == 1
