"""The source gate after a keystroke in a compound statement's header inside a method (units.py
`_header_edit`): the header's blocks are the same nodes, so the gate walks the header, the nodes
the edit made new, and the statements naming what the header binds anew or no longer (and,
in turn, what those bind), not the whole statement. Its answer stays a from-scratch gate's:
a source the renamed name unshadows, read two statements away or after the statement, is
seen. A keystroke that imports nothing anew keeps the method's imports (gate.keep_imports)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
import libcst as cst

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import Engine
from redline.engine.document_caches import checking
from redline.engine.matcher import descendants
from redline.engine.taint.facts import body_nodes
from redline.engine.taint.known_imports import KnownImports
from redline.engine.units import Change, IncrementalDocument
from test_edited_source_gate import BLOCK, GATED, VULN, _gate, _type_after
from test_gate_imports import IMPORT_PIECES, _in_project

HEADERS = '''
    if os.name == "nt":
        def drive(self, items, verbose=False):
            other = None
            with open(self.path) as handle:
                if verbose:
                    size = len(self.path)
                    label = str(size)
                for item in items:
                    total = len(item)
                data = handle
                while total:
                    total = total - 1
                if data:
                    other = run(data.args)
            return other

        def label(self, name):
            return name.upper()
'''
TEXT = GATED.replace(BLOCK, HEADERS)
WITH = "            with open(self.path) as handle:"


def _statement_nodes(document: IncrementalDocument, first: str) -> int:
    """The nodes of the compound statement whose first line is `first`, as a walk of its
    function reaches them."""
    assert document.module is not None
    wanted = first.strip().split(" ")[0]
    for node in descendants(document.module):
        if type(node).__name__.lower() == wanted and document.module.code_for_node(node).lstrip().startswith(first.strip()):
            return sum(1 for _ in body_nodes(node, []))
    raise AssertionError(first)


def test_a_name_typed_into_a_with_header_walks_the_header_and_its_readers(engine: Engine) -> None:
    """`handle` renamed: the gate walks the `with` line, the nodes holding `data = handle`
    and that statement, and `if data:` (it reads `data`, which `data = handle` binds; what it binds, `other`, is named outside the `with`, but resolves through no value the edit changed: a call): not the
    `if verbose:`, `for` and `while` blocks. On 8954890 the gate walks every node of the
    `with` (and InputGate has no walked_nodes)."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _type_after(document, "            return name.upper()", "name")
    gate = _gate(engine)
    whole = _statement_nodes(document, WITH)
    walked = gate.walked_nodes
    _type_after(document, WITH, "handle")
    assert 0 < gate.walked_nodes - walked < whole / 2
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)


def test_an_if_header_edit_walks_the_header_alone(engine: Engine) -> None:
    """`if verbose:` -> `if verbosex:` binds nothing: its test and the nodes above it are walked."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _type_after(document, "            return name.upper()", "name")
    gate = _gate(engine)
    walked = gate.walked_nodes
    _type_after(document, "                if verbose:", "verbose")
    assert 0 < gate.walked_nodes - walked < _statement_nodes(document, "                if verbosex:") / 2
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)


UNSHADOWED = '''
    if os.name == "nt":
        def drive(self):
            with open(self.path) as request:
                y = request
            return run(y.args)

        def other(self):
            return self.path
'''


def test_a_header_renaming_away_from_a_source_read_after_the_statement_is_seen(engine: Engine) -> None:
    """`as request` renamed: `y = request` now binds flask's request, and `y.args` after the
    `with` is a source (a fresh document's gate finds it). `y` is named outside the `with`, so
    the function is walked whole. On 8954890 the gate walked the `with` alone (the header's own
    names are named nowhere else) and found nothing: the units stayed lazy (4), unlike from
    scratch (0)."""
    document = IncrementalDocument(engine, GATED.replace(BLOCK, UNSHADOWED), VULN)
    _type_after(document, "            return self.path", "self.path")
    assert document.lazy_units() > 0
    _type_after(document, "            with open(self.path) as request:", "request")
    assert IncrementalDocument(engine, document.text, VULN).lazy_units() == 0
    assert document.lazy_units() == 0
    assert_same_as_scratch(document)


def test_a_statement_reparsed_whole_unshadowing_a_source_read_after_it_is_seen(engine: Engine) -> None:
    """The same rename made with the `with`'s body in one change (the statement re-parsed
    whole, not its header alone): `y`, which `y = request` binds, is read after the `with`, so
    the function is walked whole and the source seen. On 8954890 the statement was walked
    alone (walked_alone + 1) and the units stayed lazy (4; a fresh document 0)."""
    text = GATED.replace(BLOCK, UNSHADOWED.replace("                y = request\n", "                y = request\n                z = 1\n"))
    document = IncrementalDocument(engine, text, VULN)
    _type_after(document, "            return self.path", "self.path")
    assert document.lazy_units() > 0
    line = document.text.split("\n").index("            with open(self.path) as request:")
    document.apply([Change((line, 36), (line + 2, 21), "requestx:\n                y = request\n                z = 2")])
    assert document.text.split("\n")[line : line + 3] == ["            with open(self.path) as requestx:", "                y = request", "                z = 2"]
    assert IncrementalDocument(engine, document.text, VULN).lazy_units() == 0
    assert document.lazy_units() == 0
    assert_same_as_scratch(document)


def test_a_keystroke_in_a_method_reads_the_edited_statement_for_imports(engine: Engine, tmp_path: Path) -> None:
    """A header keystroke reads no statement for imports, a keystroke in a statement the
    new statement alone (the method imported nothing): the method's other lines are not read
    again. On 8954890 the header keystroke reads every statement line of the method again
    (import_statements + 8)."""
    document = IncrementalDocument(engine, TEXT, _in_project(tmp_path))
    gate = _gate(engine)
    _type_after(document, "            return name.upper()", "name")
    read = gate.import_statements
    _type_after(document, WITH, "handle")
    assert gate.import_statements == read
    _type_after(document, "                    total = len(item)", "item")
    assert gate.import_statements == read + 1
    _type_after(document, "                    total = len(itemx)", "itemx")
    assert gate.import_statements == read + 2
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)


def _read_afresh(module: cst.Module) -> frozenset[str]:
    """The top-level names of the modules `module` imports anywhere, from every node."""
    found: set[str] = set()
    for node in descendants(module):
        if isinstance(node, cst.Import):
            found.update(cst.helpers.get_full_name_for_node(alias.name).split(".")[0] for alias in node.names)  # type: ignore[union-attr]
        elif isinstance(node, cst.ImportFrom):
            found.add("." if node.relative else cst.helpers.get_full_name_for_node(node.module).split(".")[0])  # type: ignore[arg-type, union-attr]
    return frozenset(found)


_DRIVE = [i for i, line in enumerate(TEXT.split("\n")) if line.startswith("            ") and TEXT.index(HEADERS) < sum(map(len, TEXT.split("\n")[:i]))]  # in `drive` and `label`


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(0, 1.0, 0, "; import csv"), (0, 0.5, 3, "")])  # `other = None; import csv`, then broken
@example(edits=[(2, 0.0, 0, "import csv; ")])
@example(edits=[(0, 1.0, 0, "; import csv"), (0, 0.6, 15, "")])  # the import removed again: `other = N`
@given(st.lists(st.tuples(st.integers(0, len(_DRIVE) - 1), st.floats(0, 1), st.integers(0, 15), st.sampled_from([*IMPORT_PIECES, "import csv; "])), min_size=1, max_size=6))
def test_imports_kept_through_nested_edits_equal_those_read_afresh(engine: Engine, tmp_path: Path, edits: list[tuple[int, float, int, str]]) -> None:
    """Edits in a parsed method (its imports kept from the old piece's, gate.keep_imports,
    while units are lazy): the imports looked up piece by piece equal those read from every
    node of the module."""
    document = IncrementalDocument(engine, TEXT, _in_project(tmp_path))
    _type_after(document, "            return name.upper()", "name")
    gate = _gate(engine)
    assert document.lazy_units() > 0
    for line, column_at, removed, piece in edits:
        lines = document.text.split("\n")
        line = min(_DRIVE[line], len(lines) - 1)
        column = int(column_at * len(lines[line]))
        document.apply([Change((line, column), (line, min(len(lines[line]), column + removed)), piece)])
        if document.module is not None and document.error is None:
            with checking(document.caches):  # the pieces' imports the document's checks kept
                assert gate.imports(document.module, KnownImports()) == _read_afresh(document.module)
    assert_same_as_scratch(document)


_LINES = TEXT.split("\n")
_HEADER_LINES = [i for i, line in enumerate(_LINES) if re.match(r"\s+(with|for|if|while) .*:$", line) and line.startswith("            ")]
_NAMES = ["handle", "request", "data", "item", "total", "size", "verbose", "x", "other"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(0, 1, "handle")])  # `data = request` and `alias = request` read flask's request: sources
@example(edits=[(0, 1, "data"), (0, 1, "request")])  # shadowed again
@given(st.lists(st.tuples(st.integers(0, len(_HEADER_LINES) - 1), st.integers(0, 9), st.sampled_from(_NAMES)), min_size=1, max_size=5))
def test_header_edits_leave_the_gate_as_a_fresh_one(engine: Engine, edits: list[tuple[int, int, str]]) -> None:
    """A name of a header line (`with`, `for`, `if`, `while`) replaced by another, keystroke
    after keystroke: while the units are lazy, whether the gate lets data flow run (every unit
    parsed) is what a fresh document's gate answers, and the findings are those from scratch."""
    shadowed = TEXT.replace("as handle", "as request").replace("data = handle", "data = request\n                alias = request")
    text = shadowed.replace("            return other\n", "            return other or run(alias.args)\n")  # `alias` read after the `with`
    document = IncrementalDocument(engine, text, VULN)
    for header, which, name in edits:
        lines = document.text.split("\n")
        line = [i for i, row in enumerate(lines) if re.match(r"\s+(with|for|if|while) .*:$", row) and row.startswith("            ")][header % len(_HEADER_LINES)]
        words = list(re.finditer(r"[A-Za-z_]+", lines[line]))
        words = [w for w in words if w.group() not in {"with", "for", "if", "while", "in", "as", "open", "self", "len"}] or words
        word = words[which % len(words)]
        lazy = document.lazy_units() > 0
        document.apply([Change((line, word.start()), (line, word.end()), name)])
        if lazy and document.error is None:
            assert (document.lazy_units() == 0) == (IncrementalDocument(engine, document.text, VULN).lazy_units() == 0)
        assert_same_as_scratch(document)
