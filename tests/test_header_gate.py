"""The source gate after a keystroke in a compound statement's header inside a method (units.py
`_header_edit`): the header's blocks are the same nodes, so the gate walks the header, the nodes
the edit made new, and the statements naming what the header binds anew or no longer (and,
in turn, what those bind), not the whole statement. Its answer stays a from-scratch gate's:
a source the renamed name unshadows, read two statements away or after the statement, is
seen."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import Engine
from redline.engine.matcher import descendants
from redline.engine.taint.facts import body_nodes
from redline.engine.units import Change, IncrementalDocument
from test_edited_source_gate import BLOCK, GATED, VULN, _gate, _type_after

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
