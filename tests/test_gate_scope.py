"""The source gate when a keystroke changes the module scope (an import line typed at the top
of a file, units.py `_still_clear`): the pieces it last found clear that name none of the
names bound anew or otherwise (taint/gate_scope.py: with the names bound to values naming
them, in turn) stay clear, and only the others are walked again. A source such a name makes,
directly or through a module-level alias, is still seen, as from scratch."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import Engine
from redline.engine.units import Change, IncrementalDocument
from test_edited_source_gate import GATED, VULN, _gate, _rules, _type_after

VIEWS = '''

alias = incoming


class Views:
    def first(self):
        return run(alias.args)

    def second(self, items):
        return len(items)

    def third(self, items):
        return sorted(items)
'''
TEXT = GATED + VIEWS


def _type(document: IncrementalDocument, line: int, text: str) -> list[int]:
    """`text` typed character by character on a new line inserted before `line`; the pieces
    the gate walked at each keystroke."""
    gate, walked = _gate(document.engine), []
    document.apply([Change((line, 0), (line, 0), "\n")])
    for at, char in enumerate(text):
        before = gate.walked
        document.apply([Change((line, at), (line, at), char)])
        walked.append(gate.walked - before)
    return walked


def test_an_import_typed_at_the_top_walks_the_pieces_naming_what_it_binds(engine: Engine) -> None:
    """`import pickle` typed on a new line below `import os`: once the line binds `p`, `pi`,
    ... each keystroke walks the pieces naming the old or the new name (none here) and the
    line, not every piece. On 8954890 each keystroke from `import p` on walks
    every piece again (14 each)."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _type_after(document, "        return sorted(items)", "items")
    walked = _type(document, 1, "import pickle")
    assert max(walked[len("import p") - 1 :]) <= 1
    assert_same_as_scratch(document)


def test_an_import_binding_what_a_module_alias_reads_is_seen(engine: Engine) -> None:
    """`from flask import request as incoming` typed at the top: `alias = incoming` now binds
    flask's request, and `alias.args` in `Views.first` (which names `alias`, not `incoming`)
    is a source, as from scratch."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _type_after(document, "        return sorted(items)", "items")
    assert "tainted-command-injection" not in _rules(document)
    _type(document, 1, "from flask import request as incoming")
    assert "tainted-command-injection" in _rules(document)
    assert_same_as_scratch(document)


def test_a_module_alias_bound_to_a_source_is_seen_at_each_keystroke(engine: Engine) -> None:
    """`from flask import request as incoming` and a line break typed character by character
    at the start of line 1 (before `from flask import Flask, request`, passing through lines
    that do not parse): the findings equal a from-scratch analysis after each keystroke. `Views.first`
    was lazy (its words, resolved through `alias = incoming`, held no source word at first
    open); on 89dd62d the gate walked its stub before the edit of module code had it parsed,
    so `alias.args` went unreported once the line parsed (the test fails there)."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _type_after(document, "        return sorted(items)", "items")
    assert document.lazy_units() > 0
    for at, char in enumerate("from flask import request as incoming\n"):
        document.apply([Change((1, at), (1, at), char)])
        assert_same_as_scratch(document)
    assert "tainted-command-injection" in _rules(document)


def test_an_assignment_binding_what_a_module_alias_reads_is_seen(engine: Engine) -> None:
    """`incoming = request` inserted whole near the top, an assignment, not an import: the
    lazy `Views.first` reads flask's request through `alias`, as from scratch (89dd62d
    leaves `tainted-command-injection` unreported)."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _type_after(document, "        return sorted(items)", "items")
    document.apply([Change((1, 0), (1, 0), "incoming = request\n")])
    assert "tainted-command-injection" in _rules(document)
    assert_same_as_scratch(document)


def test_a_star_import_with_a_module_alias_bound_to_a_source_is_seen(engine: Engine) -> None:
    """`incoming = request` and `from os import *` inserted together above `alias = incoming`,
    with `Views.first` calling `subprocess.call(alias.args, shell=True)`: parsed at first open
    (a pattern rule may match there) but without a source word. A changed star import leaves
    no piece known clear, and the gate walks `Views.first`, as from scratch; before, it fell
    back on the pieces first open found without source words, `Views.first` among them, and
    `tainted-command-injection` went unreported."""
    text = TEXT.replace("return run(alias.args)", "return subprocess.call(alias.args, shell=True)")
    document = IncrementalDocument(engine, text, VULN)
    _type_after(document, "        return sorted(items)", "items")
    document.apply([Change((1, 0), (1, 0), "incoming = request\nfrom os import *\n")])
    assert "tainted-command-injection" in _rules(document)
    assert_same_as_scratch(document)


# Module-level lines, some making a source through `alias` (`Views.first` reads `alias.args`).
LINES = [
    "import pickle\n", "import json as incoming\n", "incoming = None\n", "import flask as alias\n", "from os import *\n", "run = print\n",
    "import subprocess as incoming\n", "from flask import request as incoming\n", "incoming = request\n",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(1, 1, False), (1, 1, True)])  # `incoming` bound, then that line deleted
@example(edits=[(2, 3, False)])
@example(edits=[(0, 1, False), (3, 1, False), (3, 2, True)])
@example(edits=[(7, 1, False)])  # `alias` now flask's request
@example(edits=[(8, 2, False)])
@example(edits=[(8, 1, False), (1, 1, False), (1, 1, True)])
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.integers(1, 3), st.booleans()), min_size=1, max_size=5))
def test_module_lines_inserted_or_deleted_leave_findings_as_from_scratch(engine: Engine, edits: list[tuple[int, int, bool]]) -> None:
    """Module-level lines (imports, assignments) inserted whole near the top, or a line
    there deleted: after each edit the findings equal a from-scratch analysis, the pieces the
    gate kept clear among them, and a source a line makes through `alias` (read in
    `Views.first`, lazy until module code changes) is seen."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _type_after(document, "        return sorted(items)", "items")
    for which, line, delete in edits:
        if delete:
            document.apply([Change((line, 0), (line + 1, 0), "")])
        else:
            document.apply([Change((line, 0), (line, 0), LINES[which])])
        assert_same_as_scratch(document)
