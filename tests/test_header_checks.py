"""A name typed in a compound statement's header lines inside a function (`with`, `for`, `if`,
`while`) has the header checked alone, not the statement's blocks, unless a rule may match at
the statement or around code by a statement of its kind (formula.context_kinds); either way
the findings equal a from-scratch analysis, every rule on."""

from __future__ import annotations

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


def test_a_name_typed_in_a_with_or_for_header_checks_that_line_alone(engine: Engine) -> None:
    """The `with` and the `for` hold findings in their blocks, which stay where they were:
    the edited header line is checked (the whole statement, 4 and 3 lines, before), and the
    function's data flow (its 16 lines, the blank lines above it included)."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    found = document.findings()
    assert sum(f.rule_id == "weak-hash" for f in found) == 4 and sum(f.rule_id == "tempfile-mktemp" for f in found) == 2
    assert _type_after(document, "with lock") == 1 + 16
    assert len(document.findings()) == len(found)
    assert_same_as_scratch(document)
    assert _type_after(document, "in items") == 1 + 16
    assert len(document.findings()) == len(found)
    assert_same_as_scratch(document)
    assert document.stats.parsed_lines == 2 and document.stats.full_parses == 1


def test_a_header_a_pattern_inside_may_match_is_checked_whole(engine: Engine) -> None:
    """`ssl-check-hostname-disabled` reports no `check_hostname = False` inside an `if`: a
    rule's pattern-not-inside may match the `if`, so a name typed in its header checks it
    whole, and the findings in its block are found once, as before."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    found = document.findings()
    assert [f.span.start.line for f in found if f.rule_id == "ssl-check-hostname-disabled"] == [18]
    assert _type_after(document, "if ready") == 4 + 16
    assert document.findings() == found
    assert_same_as_scratch(document)
