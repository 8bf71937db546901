"""A name typed in a compound statement's header (a `def` line's parameter, an `elif`'s test)
renames one `Name` of the old header instead of parsing the header lines again
(header_rename.py): the node equals LibCST's parse of the new lines, and the findings a
from-scratch analysis's."""

from __future__ import annotations

import inspect

import libcst as cst
from hypothesis import given, settings
from hypothesis import strategies as st
from lazy_cases import TEXT
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.header_rename import _NAMELESS, renamed_word, walked, with_renamed
from redline.engine.units import Change, IncrementalDocument

HEADERS = [
    "@decorate(name, key=value)\ndef run(self, cmd, spare, count: int = limit, *args, flag=b'x', **kw) -> result.kind:\n",
    "if key.fileobj in (self.stdout, self.stderr) and not f'{name}' and r'raw':\n",
    "for item, other in zip(items, self.others):  # item other\n",
    "with open(path) as stream, lock:\n",
    "while count < limit and self.running:\n",
    "def run(self, a,\n        ab, a_b,\n        process_group):\n",
]


def _statement(header: str) -> cst.CSTNode | None:
    try:
        return cst.parse_module(header + "    pass\n").body[0]
    except cst.ParserSyntaxError:
        return None


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(HEADERS), st.floats(0, 1), st.integers(0, 3), st.sampled_from(["x", "_", "1", "é", "", "f", "b", "if", "a"]))
def test_a_renamed_header_equals_the_parse_of_its_new_lines(header: str, at: float, removed: int, typed: str) -> None:
    """Characters typed over (or in place of) any part of a header: when the change is a
    rename of the one `Name` of that spelling, the renamed statement equals the one LibCST
    parses from the new lines (a string's prefix, a keyword, a number, a second occurrence
    of the word in a comment, a string or another name: no rename, the lines are parsed)."""
    column = int(at * (len(header) - 2))
    new = header[:column] + typed + header[column + removed :]
    old_statement = _statement(header)
    assert old_statement is not None
    renamed = renamed_word(header, new)
    if renamed is None:
        return
    node = with_renamed(old_statement, header, *renamed)
    if node is None:
        return
    parsed = _statement(new)
    assert parsed is not None and node.deep_equals(parsed)


def test_the_nodes_walked_are_told_by_their_bases_as_by_issubclass() -> None:
    """header_rename.walked reads a type's bases, not `issubclass` (LibCST's nodes are ABCs):
    the same answer for every class LibCST exports and for values that are no node."""
    for kind in [kind for _, kind in inspect.getmembers(cst, inspect.isclass)] + [str, int, tuple, list, type(None)]:
        assert walked(kind) == (issubclass(kind, cst.CSTNode) and not issubclass(kind, _NAMELESS)), kind


def test_what_is_renamed_and_what_is_not() -> None:
    """A parameter, an attribute, a name in an f-string; not a word also in a comment, not a
    string's prefix, not a keyword made."""
    signature = HEADERS[0]
    assert renamed_word(signature, signature.replace("spare", "sparex")) == ("spare", "sparex")
    assert with_renamed(_statement(signature), signature, "spare", "sparex") is not None  # type: ignore[arg-type]
    assert renamed_word(signature, signature.replace("b'x'", "rb'x'")) is None  # a string's prefix
    assert renamed_word("if a or b:\n", "if a orx b:\n") is None  # a keyword renamed
    assert renamed_word("if ab:\n", "if a:\n") == ("ab", "a")
    assert renamed_word("if a:\n", "if af:\n") == ("a", "af")
    assert renamed_word("if x:\n", "if if:\n") is None  # a keyword
    loop = HEADERS[2]
    assert with_renamed(_statement(loop), loop, "item", "items2") is None  # also in the comment  # type: ignore[arg-type]
    assert with_renamed(_statement(HEADERS[1]), HEADERS[1], "name", "names") is not None  # type: ignore[arg-type]


METHOD = '''

class Spool:
    if os.name == "nt":
        def save(self, items, lock,
                 level=1, process_group=None):
            name = tempfile.mktemp()
            if level > 1:
                pass
            elif lock.owner in (self.stdout, self.stderr):
                other = tempfile.mktemp(dir=items[0])
            return name, process_group
'''
OPTIONS = AnalysisOptions(path="rename.py")


def _type(document: IncrementalDocument, needle: str, name: str) -> int:
    """Type `x` after `name` in the line holding `needle`; the lines parsed again."""
    line = next(i for i, row in enumerate(document.text.splitlines()) if needle in row)
    column = document.text.splitlines()[line].index(name) + len(name)
    parsed = document.stats.parsed_lines
    document.apply([Change((line, column), (line, column), "x")])
    assert_same_as_scratch(document)
    return document.stats.parsed_lines - parsed


def test_names_typed_in_a_def_line_and_an_elif_parse_no_line(engine: Engine) -> None:
    """A parameter renamed on a two-line `def` line and an attribute on an `elif` line parse
    no line again (18edcad parsed the header's lines: the test fails there, assert 2 == 0),
    with the findings of a from-scratch analysis; a statement of a block is parsed."""
    document = IncrementalDocument(engine, TEXT + "import tempfile\n" + METHOD, OPTIONS)
    document.findings()
    assert _type(document, "level=1, process_group", "process_group") == 0
    assert _type(document, "def save(self, items", "lock") == 0
    assert _type(document, "elif lock.owner", "stderr") == 0
    assert _type(document, "return name, process_group", "process_group") > 0  # not a header: its statement parsed
