"""A name typed in a compound statement's header lines inside a function (`with`, `for`, `if`, `elif`,
`while`) has the header checked alone, not the statement's blocks, unless a rule may match at
the statement or around code by a statement of its kind (formula.context_kinds), or, of an `if`
or an `elif`, by its old or new test (formula.context_tests); either way the findings equal a
from-scratch analysis, every rule on."""

from __future__ import annotations

import pytest
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="headers.py")  # every rule, audit tier included

TEXT = '''import hashlib
import ssl
import tempfile


def run(items, lock, ready):
    with lock:
        digest = hashlib.md5(items[0])
        name = tempfile.mktemp()
        digest = hashlib.sha1(name)
    for item in items:
        digest = hashlib.md5(item)
        name = tempfile.mktemp()
    if ready:
        context = ssl.create_default_context()
        context.check_hostname = False
        digest = hashlib.md5(name)
    context.check_hostname = False
    return digest, context
'''


def _type_after(document: IncrementalDocument, word: str, typed: str = "x") -> int:
    """Type at the end of the first `word` in the text; the lines the checks walked."""
    line = next(i for i, row in enumerate(document.text.splitlines()) if word in row)
    column = document.text.splitlines()[line].index(word) + len(word)
    checked = document.stats.checked_lines
    document.apply([Change((line, column), (line, column), typed)])
    return document.stats.checked_lines - checked


def _typed_as_scratch(document: IncrementalDocument, word: str, typed: str = "x") -> tuple[int, int]:
    """`_type_after`, then the findings, checked equal to a from-scratch analysis's: the
    lines the checks walked and how many findings there are."""
    checked = _type_after(document, word, typed)
    assert_same_as_scratch(document)
    return checked, len(document.findings())


def test_a_name_typed_in_a_with_or_for_header_checks_that_line_alone(engine: Engine) -> None:
    """The `with` and the `for` hold findings in their blocks, which stay where they were:
    the edited header line is checked (the whole statement, 4 and 3 lines, before), and the
    function's data flow (its 16 lines, the blank lines above it included)."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    found = document.findings()
    assert sum(f.rule_id == "weak-hash" for f in found) == 4 and sum(f.rule_id == "tempfile-mktemp" for f in found) == 2
    assert _typed_as_scratch(document, "with lock") == (1 + 16, len(found))
    assert _typed_as_scratch(document, "in items") == (1 + 16, len(found))
    assert document.stats.parsed_lines == 0 and document.stats.full_parses == 1  # each a name renamed in the old header (header_rename.py)


ELIF_TEXT = '''import hashlib
import tempfile


def pick(kind, data):
    if kind == 1:
        digest = hashlib.md5(data)
    elif kind == 2:
        name = tempfile.mktemp()
        digest = hashlib.md5(name)
    elif kind == 3:
        digest = hashlib.sha1(data)
    else:
        digest = None
    return digest
'''


def test_a_name_typed_in_an_elif_header_checks_that_line_alone(engine: Engine) -> None:
    """The blocks before the edited `elif` and after it (its own, the next `elif`'s, the
    `else`) keep their findings: the `elif` line is checked (the whole `if`, 9 lines, before),
    and the function's data flow (its 13 lines, the blank lines above it included); a
    finding typed into the header is found where a from-scratch analysis finds it."""
    document = IncrementalDocument(engine, ELIF_TEXT, OPTIONS)
    found = document.findings()
    assert sum(f.rule_id == "weak-hash" for f in found) == 3 and sum(f.rule_id == "tempfile-mktemp" for f in found) == 1
    assert _typed_as_scratch(document, "elif kind") == (1 + 13, len(found))
    assert _typed_as_scratch(document, "elif kind == 3", " or hashlib.md5(data)") == (1 + 13, len(found) + 1)



@pytest.mark.parametrize(
    ("text", "word", "checked"),
    [(TEXT, "if ready", 4 + 16), (TEXT.replace("    if ready:\n", "    if items:\n        pass\n    elif ready:\n"), "elif ready", 6 + 18)],
)
def test_a_header_a_pattern_inside_may_match_is_checked_whole(engine: Engine, text: str, word: str, checked: int) -> None:
    """`ssl-check-hostname-disabled` reports no `check_hostname = False` inside an `if`: a
    rule's pattern-not-inside may match the `if` (an `elif` is one too), so a name typed in
    its header checks the whole `if` (and the function's data flow), and the findings in its
    blocks are found once, as before (twice if the ones its blocks kept are not dropped)."""
    document = IncrementalDocument(engine, text, OPTIONS)
    found = document.findings()
    assert [f.span.start.line for f in found if f.rule_id == "ssl-check-hostname-disabled"] == [len(text.splitlines()) - 1]
    assert _type_after(document, word) == checked
    assert document.findings() == found
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("text", "word", "typed", "header", "checked"),
    [
        (TEXT.replace("    with lock:\n", "    with (lock,\n          ready):\n"), "with (lock", ", hashlib.md5(items)", (7, 8), 2 + 17),
        (ELIF_TEXT.replace("    elif kind == 3:\n", "    # the third\n    elif (kind == 3 and\n          data):\n"), "kind == 3 and", " hashlib.md5(data) and", (12, 13), 3 + 15),
    ],
)
def test_a_finding_typed_into_a_header_of_two_lines_holds_both(engine: Engine, text: str, word: str, typed: str, header: tuple[int, int], checked: int) -> None:
    """A finding in a header's first line has the header's two lines as its statement lines
    (a suppression comment on either covers it), as from scratch; its header checked alone
    (2 lines, 3 of an `elif` with the comment above it) and the function's data flow."""
    document = IncrementalDocument(engine, text, OPTIONS)
    found = document.findings()
    assert _typed_as_scratch(document, word, typed) == (checked, len(found) + 1)
    assert sorted(f.statement_lines for f in document.findings() if f.span.start.line == header[0]) == [header]


TOCTOU_TEXT = '''import hashlib
import os
from os import access as can_read
import os as o


def fetch(path, mode):
    ready = os.access(path, os.R_OK)
    if mode == 1:
        data = open(path).read()
    elif mode == 2:
        data = open(path, "rb").read()
    else:
        data = hashlib.md5(path)
    return data, ready
'''


def _replaced(document: IncrementalDocument, old: str, new: str) -> int:
    """Replace the first `old` of the text by `new` in one change; the lines the checks walked."""
    line = next(i for i, row in enumerate(document.text.splitlines()) if old in row)
    column = document.text.splitlines()[line].index(old)
    checked = document.stats.checked_lines
    document.apply([Change((line, column), (line, column + len(old)), new)])
    return document.stats.checked_lines - checked


@pytest.mark.parametrize(
    ("old", "new", "checked", "toctou"),
    [
        ("if mode == 1", "if mode == 3", 1 + 11, []),
        ("elif mode == 2", "elif mode == 4", 1 + 11, []),
        ("if mode == 1", "if os.access(path, 0)", 11, [10, 12]),
        ("if mode == 1", "if o.access(path, 0)", 11, [10, 12]),
        ("elif mode == 2", "elif can_read(path, 0)", 11, [12]),
        ("elif mode == 2", "elif ready", 11, [12]),
    ],
)
def test_an_if_header_the_toctou_rule_cannot_match_is_checked_alone(engine: Engine, old: str, new: str, checked: int, toctou: list[int]) -> None:
    """os-access-toctou's `if os.access($PATH, ...):` inside watches every `if`, but matches
    only one whose test names `os.access`, itself or through what the scopes bind: an `if` or
    `elif` test that names none of it before or after the edit is checked alone (its line,
    and the function's data flow: its 11 lines, the blank lines above it included; the whole
    `if`, 6 lines, before), the `md5` of its `else` kept; one naming it directly, through
    `import os as o`, `from os import access as can_read` or `ready = os.access(...)` checks
    the function whole (its 11 lines: the rule's `if not os.access(...): ...` run may start
    at that `if` and reach the statements after it, tests/test_sequence_contexts.py; the
    `if`, 6 lines, and the data flow before), and the findings in its blocks come and go as
    from scratch (an `if`'s inside holds its `elif`s' blocks too), and back when the edit is
    undone."""
    document = IncrementalDocument(engine, TOCTOU_TEXT, OPTIONS)
    found = document.findings()
    assert [f.rule_id for f in found] == ["weak-hash"]
    assert _replaced(document, old, new) == checked
    assert_same_as_scratch(document)
    assert [f.span.start.line for f in document.findings() if f.rule_id == "os-access-toctou"] == toctou
    assert sum(f.rule_id == "weak-hash" for f in document.findings()) == 1
    assert _replaced(document, new, old) == checked
    assert_same_as_scratch(document)
    assert document.findings() == found
