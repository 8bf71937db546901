"""A first open's plan reads its pieces' tokens from the lines (piece_tokens.py): the words
of comments do not keep a definition parsed, a `#` inside a string is no comment, and a
piece's tokens equal those of its text (identifiers of its code, markers of its text)
whatever the rules' regexes look at."""

from __future__ import annotations

import dataclasses

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.lines import split_lines
from redline.engine.model import Tier
from redline.engine.piece_tokens import PieceTokens
from redline.engine.prefilter import LineTokens, text_tokens
from redline.engine.sparse import code_comments
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="pieces.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier

COMMENTED = '''import subprocess


def run(command):
    subprocess.call(command, shell=True)


def total(values):
    # was: eval(values), then tarfile.open(path).extractall()
    result = 0
    for value in values:
        result += value  # eval was too slow
    return result


def label(values):
    text = "#" + eval(values)
    return text
'''


def _lazy(document: IncrementalDocument) -> set[str]:
    return {name for _, piece in document._walk_units() if piece.lazy is not None for name in piece.lazy}


def test_the_words_of_comments_leave_a_definition_lazy(engine: Engine) -> None:
    """`total` names `eval` and `tarfile.open(...).extractall` only in comments, where no
    rule can match: it is not parsed at first open. `label`'s `#` is inside a string, so
    its `eval` is code: it stays parsed and reports."""
    document = IncrementalDocument(engine, COMMENTED, VULN)
    assert _lazy(document) == {"total"}
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("subprocess-shell-injection", 5), ("eval-used", 17)]
    assert_same_as_scratch(document)


def test_code_uncommented_in_a_lazy_definition_reports(engine: Engine) -> None:
    """Code typed where only a comment named `eval` makes the lazy definition parsed."""
    document = IncrementalDocument(engine, COMMENTED, VULN)
    assert "total" in _lazy(document)
    line = COMMENTED.splitlines().index("    result = 0")
    document.apply([Change((line, 13), (line, 14), "eval(values)")])
    assert "total" not in _lazy(document)
    assert ("eval-used", line + 1) in {(f.rule_id, f.span.start.line) for f in document.findings()}
    assert_same_as_scratch(document)


# Regexes of every kind: anchors and lookarounds at line edges, matches running over lines.
PATTERNS = [r"^x", r"x$", r"(?m)^x", r"(?m)x$", r"\Ax", r"(?<!\n)x", r"\Bx", r"x\b", r"\bx", r"(?<=\s)x", r"x(?!\s)", r"[^\n]x", r"x\s+x", r"x\n#", r"\s*",
            r"(?i)user[^\S\r\n]*(?:==|[\r\n]|\Z)", r"(?i)ss|xx\b", r"x[^x]", r"\Z"]  # literals (lines outside ASCII), kept to a line
PIECES = ["x", " ", "\n", "\r\n", "#", "'", '"', "'''", "\\", "password", "token", "is_admin", "== owner", "assert", "USER", "ſ", "İ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.data())
def test_a_pieces_tokens_are_those_of_its_text(engine: Engine, pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    lines = split_lines(text)
    model = next(rule for rule in engine.rules if rule.requires_text is not None)
    rules = [*(rule for rule in engine.rules if rule.requires_text is not None), *(dataclasses.replace(model, info=dataclasses.replace(model.info, id=f"r{i}"), requires_text=regex.compile(p)) for i, p in enumerate(PATTERNS))]
    opening = LineTokens(rules, lines, opening=True).take_opening()
    assert opening is not None
    comments = code_comments(text)
    found = PieceTokens(lines, opening, rules, comments)
    first = data.draw(st.integers(0, len(lines) - 1))
    last = data.draw(st.integers(first, len(lines) - 1))
    skipped = data.draw(st.sets(st.integers(first, last)))
    numbers = [number for number in range(first, last + 1) if number not in skipped]
    code = found.code
    assert found.of(numbers) == text_tokens("".join(lines[n] for n in numbers), rules, "".join(code[n] for n in numbers))
