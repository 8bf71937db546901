"""What a name keystroke computes for the names it types: no regex compiled for them (each
name typed is a new one), no tokenising of a lazy unit whose words changed, and the
bindings of the statements it replaced not found again."""

from __future__ import annotations

import re

import libcst as cst
import pytest
from lazy_cases import TEXT
from nested_cases import assert_same_as_scratch
from redline.engine import lazy_units, nested_check
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument
from redline.engine.word_search import Words, calls

VULN = AnalysisOptions(path="lazy.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier

# A local named in most lines of its function (`_readers` looks for it in each statement),
# in a function whose module calls it (`_called_elsewhere` looks for calls of `digest`).
HASHING = '''import hashlib
import subprocess


def digest(items, algorithm):
    name = "md5"
    for item in items:
        hashlib.new(name, item)
        print(name)
    if items:
        subprocess.call(name, shell=True)
    return name


digest([], "md5")
'''


def _type(document: IncrementalDocument, line: int, column: int, text: str) -> None:
    for offset, char in enumerate(text):
        document.apply([Change((line, column + offset), (line, column + offset), char)])
        assert_same_as_scratch(document)


def _cached_patterns() -> list[str]:
    """The patterns in `re`'s cache (CPython 3.11 keeps them in `re._cache`, 3.12 also in `re._cache2`)."""
    found = []
    for name in ("_cache", "_cache2"):
        for key in getattr(re, name, {}):
            found.append(str(key[1]))
    return found


def test_typing_a_name_compiles_no_pattern_holding_it(engine: Engine) -> None:
    """Renaming `name` letter by letter (`namexyz`) looks for its readers and the callers of
    `digest` (in the piece, and in the module for the callers' data flow) without a regex of
    its own per keystroke: `re`'s cache gets no pattern holding the names typed nor
    `digest`, and the findings are a from-scratch analysis's (the
    statements reading `name` lose theirs)."""
    document = IncrementalDocument(engine, HASHING, AnalysisOptions(path="hashing.py"))
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("subprocess-import", 2), ("weak-hash", 8), ("subprocess-shell-literal", 11)]
    line = HASHING.splitlines().index('    name = "md5"')
    re.purge()
    _type(document, line, 8, "xyz")
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("subprocess-import", 2)]  # `name` is unbound now
    assert not [p for p in _cached_patterns() if "namex" in p or "digest" in p]


def test_a_name_typed_in_a_lazy_unit_tokenises_nothing(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new word in a lazy unit (`result` -> `resultx` in `total`) changes its words: its
    meaning changed without tokenising the unit's old and new text to compare their code
    (it stays lazy all the same: no rule needs its new words, LazyContext.stays_lazy)."""
    tokenised = []
    original = lazy_units._code_tokens
    monkeypatch.setattr(lazy_units, "_code_tokens", lambda text: tokenised.append(text) or original(text))
    document = IncrementalDocument(engine, TEXT, VULN)
    lazy = document.lazy_units()
    line = TEXT.splitlines().index("    return d.load(stream)")
    document.apply([Change((line, 18), (line, 18), " ")])  # `d.load( stream)`: the same words, tokenised, still lazy
    assert len(tokenised) == 2 and document.lazy_units() == lazy
    line = TEXT.splitlines().index("    result = 0")
    document.apply([Change((line, 10), (line, 10), "x")])
    assert len(tokenised) == 2 and document.lazy_units() == lazy
    assert_same_as_scratch(document)


def test_the_bindings_of_a_replaced_statement_are_not_found_again(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A keystroke compares what its old and new statements bind (for the source gate, the
    readers and the fixes' names): the new statement's bindings are found once, and the
    old statement's were found as the new one at the keystroke before."""
    found = []
    original = nested_check.scope_items
    monkeypatch.setattr(nested_check, "scope_items", lambda statements: found.append(statements) or original(statements))
    document = IncrementalDocument(engine, HASHING, AnalysisOptions(path="hashing.py"))
    line = HASHING.splitlines().index('    name = "md5"')
    _type(document, line, 8, "x")
    found.clear()
    _type(document, line, 9, "y")
    assert [cst.Module(body=list(statements)).code for statements in found] == ['namexy = "md5"\n']


# Texts, names and whether a whole word of them is in the text: edges, Unicode letters and
# digits (word characters), a middle dot and a letter-like symbol (`·`, `℘`: not).
WORDS = [
    ("a = namex + 1", ["name"], False),
    ("a = name + 1", ["name"], True),
    ("name", ["name"], True),
    ("_name", ["name"], False),
    ("éname", ["name"], False),
    ("name2", ["name"], False),
    ("name·", ["name"], True),
    ("x.name(", ["other", "name"], True),
    ("na·me x", ["na·me"], True),
    ("℘ab", ["℘a"], False),
    ("℘ab", ["℘a", "ab"], True),
    ("(℘a)", ["℘a"], False),
    ("", ["a"], False),
]
CALLS = [
    ("digest(x)", "digest", True),
    ("digest  (x)", "digest", True),
    ("def digest(x):", "digest", False),
    ("def  digest(x):", "digest", True),
    ("undef digest(x)", "digest", False),
    ("redigest(x)", "digest", False),
    ("digestx(x)", "digest", False),
    ("digest", "digest", False),
    ("x = digest\n(y)", "digest", True),
    ("digest.x(y); digest(z)", "digest", True),
]


@pytest.mark.parametrize(("text", "names", "expected"), WORDS)
def test_words_are_found_as_a_word_boundary_regex_finds_them(text: str, names: list[str], expected: bool) -> None:
    """`Words` answers as `\\b(?:a|b)\\b` does, Unicode letters and digits being word characters."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in sorted(names)) + r")\b")
    assert Words(names).search(text) is expected is (pattern.search(text) is not None)


@pytest.mark.parametrize(("text", "name", "expected"), CALLS)
def test_calls_are_found_as_the_callers_regex_finds_them(text: str, name: str, expected: bool) -> None:
    """`calls` answers as `(?<!def )\\bname\\s*\\(` does."""
    pattern = re.compile(r"(?<!def )\b" + re.escape(name) + r"\s*\(")
    assert calls(text, name) is expected is (pattern.search(text) is not None)
