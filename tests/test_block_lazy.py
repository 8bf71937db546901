"""Definitions inside `if`/`try` blocks (a class's `if os.name == "nt": ... else: ...` block of
methods, a module's `try: ... except ImportError:` fallbacks) are lazy like members when no
enabled rule can match them (block_definitions.py): stubbed at first open, parsed the moment
an edit reaches one or something makes it needed. After each step the document's findings
equal a from-scratch analysis of its text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import apply_random_edits, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="blocks.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier
EVERY_RULE = AnalysisOptions(path="blocks.py")

TEXT = '''\
import os
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


try:
    from json import loads
except ImportError:
    def loads(text):
        parts = text.split(",")
        return [part.strip() for part in parts]


class Store:
    def __init__(self, path):
        self.path = path

    if os.name == "nt":
        def drive(self):
            letter = self.path[:1]
            return letter.upper()

        def label(self):
            name = self.path
            return name.upper()
    else:
        def drive(self):
            root = self.path.split("/")
            return root[0]

        def mounted(self):
            found = self.path.startswith("/mnt")
            return found

    def size(self):
        return len(self.path)
'''
IN_BLOCKS = 5  # loads, drive, label, drive, mounted


def _stubbed(document: IncrementalDocument) -> int:
    """The lines of the document's module that are not the text's own (stubs' bodies)."""
    assert document.module is not None and document.text is not None
    return sum(1 for parsed, real in zip(document.module.code.splitlines(), document.text.splitlines()) if parsed != real)


def _replace(document: IncrementalDocument, needle: str, new: str) -> None:
    line = document.text.splitlines().index(needle)
    document.apply([Change((line, 0), (line, len(needle)), new)])


def test_first_open_stubs_the_definitions_in_class_and_module_blocks(engine: Engine) -> None:
    """`__init__`, `size` and the five definitions in blocks are lazy (`run` holds a shell
    call); their bodies are not parsed, and the findings are a whole analysis's."""
    document = IncrementalDocument(engine, TEXT, VULN)
    assert document.lazy_units() == 2 + IN_BLOCKS
    assert _stubbed(document) == 3 * IN_BLOCKS + 2 * 2  # every line of the five 3-line definitions in blocks and the two 2-line members
    assert document.stats.full_parses == 1
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("needle", "new"),
    [
        ("            letter = self.path[:1]", "            letter = eval(self.path)"),  # a finding typed into a stub
        ("            letter = self.path[:1]", "            letter = self.path[:2]"),
        ("        def label(self):", "        def label(self, shell=eval('1')):"),  # a stub's header
        ('    if os.name == "nt":', '    if os.name == eval("nt"):'),  # the block's test
        ("            found = self.path.startswith(\"/mnt\")", "            found = subprocess.call(self.path, shell=True)"),
        ("        parts = text.split(\",\")", "        parts = eval(text)"),  # in the module's `try` block
        ("    from json import loads", "    from json import loads, dumps"),
    ],
)
def test_an_edit_in_or_around_a_stub_in_a_block_reports_as_a_whole_analysis(engine: Engine, needle: str, new: str) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    assert document.lazy_units() == 2 + IN_BLOCKS
    _replace(document, needle, new)
    assert_same_as_scratch(document)
    _replace(document, new, needle)  # and back
    assert_same_as_scratch(document)


def test_an_edit_in_a_stub_parses_its_block_and_leaves_the_others_lazy(engine: Engine) -> None:
    """The block holding the edited stub is parsed from the text (its two stubs become real);
    the other stubs stay, and the text is not parsed whole again (a rule's word new to the
    text, such as `eval`, would have it parsed whole: the rules judging the stubs changed)."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _replace(document, "            letter = self.path[:1]", "            letter = subprocess.call(self.path, shell=True)")
    assert [f.span.start.line for f in document.findings()] == [6, 23]
    assert document.lazy_units() == 2 + IN_BLOCKS - 4  # the class's `if`/`else` member held four
    assert document.stats.full_parses == 1
    assert_same_as_scratch(document)


def test_the_block_test_edited_keeps_the_stubs_and_a_definition_typed_in_parses_the_block(engine: Engine) -> None:
    """An edit of the `if` test re-parses that header alone: the stubs in the block stay
    lazy. A new method typed at the end of the block's last (stubbed) one parses the block."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _replace(document, '    if os.name == "nt":', '    if os.name == "posix":')
    assert document.lazy_units() == 2 + IN_BLOCKS
    line = document.text.splitlines().index("            return found")
    end = len("            return found")
    document.apply([Change((line, end), (line, end), "\n\n        def spawn(self):\n            return subprocess.call(self.path, shell=True)")])
    assert [f.span.start.line for f in document.findings()] == [6, 39]
    assert (document.lazy_units(), document.stats.full_parses) == (2 + IN_BLOCKS - 4, 1)
    assert_same_as_scratch(document)


def test_a_refined_call_into_a_stub_in_a_block_parses_it(engine: Engine) -> None:
    """A kept function edited so that a refined rule's match calls a method stubbed in a
    block (`Store(...).mounted()`): that method's summary may decide the finding, so the lazy
    units are parsed."""
    document = IncrementalDocument(engine, TEXT, VULN)
    assert document.lazy_units() == 2 + IN_BLOCKS
    _replace(document, "    return subprocess.call(cmd, shell=True)", "    return subprocess.call(Store(cmd).mounted(), shell=True)")
    assert document.lazy_units() == 0
    assert_same_as_scratch(document)


def test_a_block_a_rule_matches_whole_keeps_its_definitions(engine: Engine) -> None:
    """`try: ... except Exception: pass` (an audit rule) renders the whole `try` into its
    finding: the definitions in it stay parsed, those of other blocks are stubbed."""
    text = TEXT + '''

try:
    def fallback(value):
        doubled = value * 2
        return doubled
except Exception:
    pass
'''
    document = IncrementalDocument(engine, text, EVERY_RULE)
    assert "try-except-pass" in {f.rule_id for f in document.findings()}
    assert document.lazy_units() == 2 + IN_BLOCKS  # `fallback` is no stub
    assert "doubled = value * 2" in document.module.code  # type: ignore[union-attr]
    assert_same_as_scratch(document)


PIECES = ["x", "(", ":", "\n", "    ", "  ", "eval(x)", "self.drive()", "def g(self):\n", "else:\n", "subprocess.call(x, shell=True)"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 2), st.sampled_from(PIECES)), min_size=1, max_size=5))
@example([(0.45, 1, 0, "eval(x)")])  # inside a stubbed method of the `if` block
@example([(0.5, 0.2, 0, "    ")])  # indentation changed in the block
@example([(0.43, 0.9, 0, "\n")])  # a line break in the block's `if` test
@example([(0.25, 0.5, 2, "(")])  # in the module's `try` fallback
@example([(0.6, 0.5, 0, "def g(self):\n")])  # a definition typed in the `else` block
def test_random_edits_in_and_around_blocks_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    assert document.lazy_units() == 2 + IN_BLOCKS
    apply_random_edits(document, edits)
