"""Nested units in the engine: after each edit inside nested blocks, the incremental document's
findings equal a from-scratch analysis of its text, with every rule on (audit rules such as
`try-except-pass` match whole compound statements, so edits inside them must reach them)."""

from __future__ import annotations

import re

import libcst as cst
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import NESTED, NESTED_CASES, apply_random_edits, assert_same_as_scratch, edit_steps, random_change
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.suppressions import SuppressionOptions
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="nested.py")  # every rule, audit tier included


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("case", sorted(NESTED_CASES))
def test_nested_edit_cases(engine: Engine, case: str, newline: str) -> None:
    text = NESTED.replace("\n", newline)
    document = IncrementalDocument(engine, text, OPTIONS)
    for (line, column, end_line, end_column, new_text), text in edit_steps(text, NESTED_CASES[case], newline):
        document.apply([Change((line, column), (end_line, end_column), new_text)])
        assert document.text == text
        assert_same_as_scratch(document)


def test_typing_in_a_handler_reaches_the_try(engine: Engine) -> None:
    """`try-except-pass` is found on the `try`: typing in its handler must add and remove it."""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    line = NESTED.splitlines().index("            pass")
    assert sum(f.rule_id == "try-except-pass" for f in document.findings()) == 1
    document.apply([Change((line, 12), (line, 16), "cmd")])  # no new word: no re-check of everything
    assert sum(f.rule_id == "try-except-pass" for f in document.findings()) == 0
    document.apply([Change((line, 12), (line, 15), "pass")])
    assert sum(f.rule_id == "try-except-pass" for f in document.findings()) == 1
    assert document.stats.full_parses == 1 and document.stats.parsed_lines == 2  # nested: one line each time


def test_typing_in_a_header_line_re_parses_the_header_alone(engine: Engine) -> None:
    """A subscript typed in `for item in self.items:` (then in `while cmd:`) re-parses that
    line over a `pass` body, not the loop: the loop's statements keep their nodes. (A name
    typed there renames the old header's, parsing nothing: tests/test_header_rename.py.)"""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    for header, end in [("            for item in self.items:", -1), ("    while cmd:", -1)]:
        line = document.text.splitlines().index(header)
        document.apply([Change((line, len(header) + end), (line, len(header) + end), "[0]")])
        assert_same_as_scratch(document)
    assert document.stats.full_parses == 1 and document.stats.parsed_lines == 2


def test_typing_in_an_elif_line_re_parses_that_line_alone(engine: Engine) -> None:
    """A subscript typed in `elif self.other:` (and removed) re-parses that line as an `if`
    header over a `pass` body, not the whole `if` chain; the findings in the chain's blocks
    stay."""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    header = "        elif self.other:"
    line = NESTED.splitlines().index(header)
    before = {f.rule_id for f in document.findings()}
    for column, typed in [(len(header) - 1, "[0]"), (len(header) - 1, "")]:
        document.apply([Change((line, column), (line, column + (0 if typed else 3)), typed)])
        assert_same_as_scratch(document)
    assert {f.rule_id for f in document.findings()} == before
    assert document.stats.full_parses == 1 and document.stats.parsed_lines == 2


def test_typing_in_a_def_line_re_parses_the_header_alone(engine: Engine) -> None:
    """A name typed in a method's own `def` line, its decorator, or a top-level function's
    `def` line re-parses those header lines (with the blank lines above a top-level one) over
    a `pass` body, not the whole definition."""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    for header, lines in [("    def shell(self):", 2), ("    @property", 2), ("def run(cmd):", 3)]:
        line = document.text.splitlines().index(header)
        column = header.index("(") if "(" in header else len(header)
        parsed = document.stats.parsed_lines
        document.apply([Change((line, column), (line, column), "x")])
        assert document.stats.parsed_lines - parsed == lines
        assert_same_as_scratch(document)
    assert document.stats.full_parses == 1


PIECES = [
    "elif ", "elif x:\n", "x", "(", ")", '"', ":", "\n", "\n    ", "    ", "\t", "#", "pass", "eval(a)", "request.args", "def g():\n", "😀",
    # names that rebind or unbind what other statements read
    "cmd", "data", "decode", "y", "ev = eval\n", "ev(a)", " as y", "import yaml as y\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 2), st.sampled_from(PIECES)), min_size=1, max_size=8))
@example([(0, 0, 0, "x"), (1, 0, 0, ":"), (0, 0, 0, "#"), (1, 0, 1, "x")])  # the first statement commented out while the text does not parse
@example([(0.25, 1.0, 0, "\n")])  # a line break after `for ...:`: the blank line is the first statement's, not the header's
def test_random_nested_edits_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    apply_random_edits(document, edits)


# Suppression comments, strings holding `#` and a backslash: an edit may start or end a
# comment or a string, which moves every comment below it (suppressions.CommentColumns).
SUPPRESSED = NESTED.replace("os.system(item)", "os.system(item)  # redline: ignore[os-system-injection] trusted").replace(
    "return eval(f.read())", 'return eval(f.read())  # noqa: S307\n            x = "# not a comment" \\\n                + "\'"'
).replace("    return eval(cmd)", "    return eval(cmd)  # redline: ignore[eval-used]")
SUPPRESSION_PIECES = ["x", "#", '"', "'", "\\", "\n", '"""', "# redline: ignore[eval-used]", "# noqa", "eval(a)", "😀"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 3), st.sampled_from(SUPPRESSION_PIECES)), min_size=1, max_size=8))
@example([(0.9, 0.5, 0, "x"), (0.99, 0.0, 0, "\n"), (0.5, 0.2, 0, '"""')])  # comments below move, then a string swallows them
@example([(0.03125, 0.0, 0, "x"), (0.03125, 0.0, 0, "#")])  # an import broken, then commented out: its name is gone
def test_random_edits_around_suppression_comments_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    options = AnalysisOptions(path="nested.py", suppression=SuppressionOptions(noqa=True))
    document = IncrementalDocument(engine, SUPPRESSED, options)
    assert_same_as_scratch(document)
    apply_random_edits(document, edits)


def test_fixing_one_syntax_error_lets_the_whole_text_decide_a_piece_broken_alone(engine: Engine) -> None:
    """A `def` commented out while another line is broken leaves its indented body as a
    piece that does not parse alone (in the whole text it joins the class above). Fixing the
    other line must not leave it broken: findings and errors are those of the whole text
    (found by the LSP property test)."""
    text = 'x = 1\nclass Store:\n    def load(self, d):\n        return d\n\ndef run(cmd):\n    return eval(cmd)\n'
    document = IncrementalDocument(engine, text, OPTIONS)
    assert [f.rule_id for f in document.findings()] == ["eval-used"]
    document.apply([Change((0, 0), (0, 0), '"""')])  # an unterminated string: the text is broken
    document.apply([Change((5, 0), (5, 0), "# ")])  # `def run` commented out meanwhile
    document.apply([Change((0, 0), (0, 3), "")])  # the string fixed
    assert document.errors() == []
    assert [f.rule_id for f in document.findings()] == ["eval-used"]  # now in Store's body
    assert_same_as_scratch(document)


def test_lines_added_above_a_nested_edit_waiting_for_its_check_move_its_findings(engine: Engine) -> None:
    """Two changes in one didChange (or typed before the analysis caught up): a line break in
    a method's nested block, then one at the top of the file. The method's findings follow
    the second (found by the LSP property test)."""
    editor = AnalysisOptions(path="nested.py", enabled=lambda info: info.tier == Tier.VULN)  # no sequence rule
    document = IncrementalDocument(engine, NESTED, editor)
    line = NESTED.splitlines().index("                return eval(f.read())")
    document.apply([Change((line, 0), (line, 0), "\n"), Change((0, 0), (0, 0), "\n")], defer=True)  # as the server does
    document.check()
    assert_same_as_scratch(document)


@pytest.mark.parametrize("feed", ["", "\f"], ids=["parsed", "rendered"])  # a form feed: CPython cannot vouch, the layout is rendered
def test_a_class_under_the_files_header_comments_keeps_its_members_lines(engine: Engine, feed: str) -> None:
    """The lines above a class become comments (the module's header, not the class's), then
    a line in a method is joined: the method's statements must be found on their own lines,
    with the header lines counted above the class (found by an engine Hypothesis run)."""
    document = IncrementalDocument(engine, NESTED.replace("# ignored", f"#{feed} ignored"), OPTIONS)
    for start, end, new_text in [((0, 0), (0, 0), "# redline: ignore[eval-used] ok"), ((14, 0), (16, 0), "\n"), ((0, 0), (2, 0), "#"), ((15, 19), (16, 0), ":")]:
        document.apply([Change(start, end, new_text)])
        assert_same_as_scratch(document)
    assert document.text.splitlines()[3:5] == ["class Runner(Base):", "    @property"]
    shell = [(f.rule_id, f.span.start.line) for f in document.findings() if f.span.start.line < 20]
    assert shell == [("os-system-injection", 10), ("eval-used", 16), ("subprocess-shell-injection", 19)]
    assert (document.stats.layout_renders > 0) == bool(feed)


def test_a_function_under_the_files_header_comment_keeps_its_statements_lines(engine: Engine) -> None:
    """The first statement becomes the file's header comment, then a line is added inside a
    block of the function below it: its findings stay on their lines, and only that line is
    re-parsed."""
    document = IncrementalDocument(engine, "x = 1\ndef f(x):\n    a = 1\n    if x:\n        b = 2\n        return eval(x)\n", OPTIONS)
    document.apply([Change((0, 0), (1, 0), "# c\n")])
    parsed = document.stats.parsed_lines
    document.apply([Change((4, 8), (4, 8), "c = 3\n        ")])
    assert_same_as_scratch(document)
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("eval-used", 7)]
    assert document.stats.parsed_lines - parsed == 2


def test_a_lone_simple_statement_reparsed_is_not_rendered(engine: Engine) -> None:
    """Typing in a simple statement deep in a method's blocks re-parses it alone and takes
    its lines from its text, without generating its code; a statement that becomes a
    compound one is rendered, which records the layout of its own block. Findings as from
    scratch at each step."""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    rows = NESTED.splitlines()
    line = next(i for i, row in enumerate(rows) if row.strip() == "os.system(item)")
    column = len(rows[line]) - 1
    for typed in ("x", "y"):
        document.apply([Change((line, column), (line, column), typed)])
        column += 1
        assert_same_as_scratch(document)
    assert document.stats.unit_parses == 2 and document.stats.statement_renders == 0
    line = next(i for i, row in enumerate(rows) if row.strip() == "y.load(item)")
    document.apply([Change((line, 20), (line, 20), "def g(): ")])
    assert_same_as_scratch(document)
    assert document.stats.statement_renders == 1


WHITESPACE_LINE = re.compile(r"^[ \t\f]+\r?$", re.MULTILINE)


def _same_tree(document: IncrementalDocument) -> bool:
    """The document's statements are the tree LibCST's parse of its whole text gives (the
    module's leading and trailing blank lines and comments aside: not what a nested edit
    re-parses, and an edit at the text's ends may leave them otherwise than a parse would)."""
    fresh = cst.parse_module(document.text)
    return document.module is not None and document.module.with_changes(header=fresh.header, footer=fresh.footer).deep_equals(fresh)


def test_a_lone_line_in_blocks_is_parsed_without_wrappers(engine: Engine) -> None:
    """A name typed in each one-line statement inside a function's or a method's blocks (one to
    five blocks deep) parses that line alone, without an `if 1:` wrapper per block, the `pass`
    with the comment line above it: the tree is the one a parse of the whole text gives,
    findings as from scratch."""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    rows = NESTED.splitlines()
    lines = [i for i, row in enumerate(rows) if row.startswith("    ") and not row.rstrip().endswith(":") and row.strip()[0] not in "#@"]
    assert len(lines) == 13
    for line in lines:
        column = max(match.end() for match in re.finditer(r"[^\W\d]\w*", rows[line]))
        document.apply([Change((line, column), (line, column), "x")])
        assert _same_tree(document)
        assert_same_as_scratch(document)
    assert (document.stats.unit_parses, document.stats.parsed_lines, document.stats.wrapper_lines) == (13, 14, 0)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0.23, 0.95), st.floats(0, 1), st.integers(0, 2), st.sampled_from([*PIECES, "\f", "\\", "  "])), min_size=1, max_size=8))
@example([(0.29, 1.0, 0, "\r")])  # `os.system(item)` now ends in "\r\n" in a text of "\n": its line break is not the default one
@example([(0.34, 1.0, 0, "\r")])  # so does the comment above `pass`
@example([(0.34, 1.0, 0, "\n")])  # a blank line between them
@example([(0.625, 0.0, 0, "\n    ")])  # a line of spaces alone (not compared: found by the clean-clone CI of 84dab83)
def test_random_edits_give_the_tree_of_a_fresh_parse(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    """After each edit inside the blocks of a method or a function (lines 9-38), the document's
    tree is LibCST's parse of its text where that parses, and holds no line of whitespace alone
    (a line such an edit leaves, e.g. "\n    " typed on a blank line, is read otherwise than a
    parse reads it, as on 0f294e1: findings are not affected, and no lone line holds one)."""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    for edit in edits:
        line, column, end, piece = random_change(document.text, *edit)
        document.apply([Change((line, column), (line, end), piece)])
        if document.error is None and not WHITESPACE_LINE.search(document.text):
            assert _same_tree(document)


def test_the_block_holders_are_asked_by_type() -> None:
    """nesting.route tells a block (or `else:`, handler, case) by its type, not isinstance:
    the same answer while LibCST gives none of these classes a subclass."""
    from redline.engine.nesting import _BLOCK_HOLDERS

    assert _BLOCK_HOLDERS and not any(kind.__subclasses__() for kind in _BLOCK_HOLDERS)
