"""The project-import question on the keystroke path while units are lazy (units.py
`_reads_input`, taint/gate.py `imports`): a keystroke reads the imports of the pieces it
replaced, not those of every piece of the module again, and an import of a project module
typed into a method is still seen (every unit parsed, as a from-scratch analysis does)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import assert_same_as_scratch, random_change
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.taint.known_imports import KnownImports
from redline.engine.units import Change, IncrementalDocument
from test_edited_source_gate import GATED, VULN, _gate, _type_after, _type_at_end


def _in_project(root: Path) -> AnalysisOptions:
    (root / "helpers.py").write_text("def shout(text):\n    return text.upper()\n")
    return replace(VULN, taint=VULN.taint.in_project(root, root / "gated.py"))


def test_a_keystroke_reads_the_imports_of_the_piece_it_replaced_alone(engine: Engine, tmp_path: Path) -> None:
    document = IncrementalDocument(engine, GATED, _in_project(tmp_path))
    gate = _gate(engine)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    lazy, read = document.lazy_units(), gate.imports_looked_up
    assert lazy > 0
    _type_after(document, "            return name.upper()", "name")
    assert gate.imports_looked_up == read + 1
    assert document.lazy_units() == lazy
    assert_same_as_scratch(document)


def test_a_project_import_typed_into_a_method_is_seen(engine: Engine, tmp_path: Path) -> None:
    """After keystrokes that kept the pieces' imports, `import json` keeps units lazy, `import
    helpers` (a module of the project) parses them all."""
    document = IncrementalDocument(engine, GATED, _in_project(tmp_path))
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    _type_at_end(document, "            return name.upper()", "; import json")
    assert document.lazy_units() > 0
    _type_at_end(document, "            return name.upper(); import json", "; import helpers")
    assert document.lazy_units() == 0
    assert_same_as_scratch(document)


def test_a_keystroke_in_a_method_reads_the_imports_of_that_method_alone(engine: Engine, tmp_path: Path) -> None:
    """The keystroke makes the class's `if` block of two methods a new piece; its imports are
    read again from the edited method's statement, not from `drive`'s unchanged one."""
    document = IncrementalDocument(engine, GATED, _in_project(tmp_path))
    gate = _gate(engine)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    read = gate.import_statements
    _type_after(document, "            return name.upper()", "name")
    assert gate.import_statements == read + 1
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)


VIEWS = """import subprocess

from flask import Flask, request

import helpers

app = Flask(__name__)


@app.route("/run")
def run():
    name = request.args.get("name")
    subprocess.run(helpers.shout(name), shell=True)


@app.route("/list")
def listing():
    return ",".join(sorted(request.args))


def count(items):
    return len(items)


def label(value):
    return str(value).title()


def shell(command):
    return subprocess.run(command, shell=True)
"""


def test_a_keystroke_in_a_view_reads_the_imports_of_the_view_alone(engine: Engine, tmp_path: Path) -> None:
    """Data flow's own project-import question (TaintAnalyzer.module_input) reads the imports
    of the pieces the keystroke replaced alone, as the lazy-unit gate does, not every piece's
    (a 5,002-line file's ~1,200 per keystroke). `shell` reads no input itself, so its data
    flow asks; `listing` reads `request.args`, so its data flow does not ask at all."""
    document = IncrementalDocument(engine, VIEWS, _in_project(tmp_path))
    gate = _gate(engine)
    assert document.lazy_units() == 0
    before = [finding.rule_id for finding in document.findings()]
    assert "tainted-command-injection" in before
    _type_after(document, "    return subprocess.run(command, shell=True)", "command")
    read = gate.imports_looked_up
    _type_after(document, "    return subprocess.run(commandx, shell=True)", "commandx")
    assert gate.imports_looked_up == read + 1
    _type_after(document, '    return ",".join(sorted(request.args))', "sorted")
    assert gate.imports_looked_up == read + 1
    assert "tainted-command-injection" in [finding.rule_id for finding in document.findings()]
    assert_same_as_scratch(document)


LOADER = GATED + """

class Loader:
    def load(self):
        import helpers
        return helpers

    def size(self):
        return 1
"""
_LOADER_LINES = LOADER.split("\n")
_IN_SIZE = (_LOADER_LINES.index("        return 1") + 0.5) / (len(_LOADER_LINES) - 1)  # random_change's place of that line
IMPORT_PIECES = ["x", "\n", "    ", "import helpers\n", "from . import sibling\n", "import json; ", "class Box:\n", "def f():\n", "pass\n", "#", ":"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(0.5, 0.0, 0, "import helpers\n"), (0.5, 0.0, 15, "")])  # typed at the top level, then removed
@example(edits=[(0.46, 1.0, 0, "; import json")])
@example(edits=[(_IN_SIZE, 1.0, 0, "x")])  # a member edited beside one importing `helpers`: its imports kept
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 15), st.sampled_from(IMPORT_PIECES)), min_size=1, max_size=6))
def test_imports_kept_across_edits_equal_a_fresh_reading(engine: Engine, tmp_path: Path, edits: list[tuple[float, float, int, str]]) -> None:
    """The imports found from the last module's (KnownImports: the statements that differ, a
    class's members by node) equal those read from every piece of the edited module, as the
    edits insert, delete and change top-level statements and class members."""
    document = IncrementalDocument(engine, LOADER, _in_project(tmp_path))
    gate, known = _gate(engine), KnownImports()
    gate.imports(document.module, known)
    for edit in edits:
        line, column, end, piece = random_change(document.text, *edit)
        document.apply([Change((line, column), (line, end), piece)])
        if document.module is not None and document.error is None:
            assert gate.imports(document.module, known) == gate.imports(document.module)
    assert_same_as_scratch(document)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(0.2, 1.0, 0, "x", False), (0.9, 1.0, 0, "x", True)])  # two statements far apart replaced, then asked
@example(edits=[(_IN_SIZE, 1.0, 0, "x", False), (0.46, 1.0, 0, "; import json", True)])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 15), st.sampled_from(IMPORT_PIECES), st.booleans()), min_size=1, max_size=8))
def test_imports_kept_across_several_edits_equal_a_fresh_reading(engine: Engine, tmp_path: Path, edits: list[tuple[float, float, int, str, bool]]) -> None:
    """The same when the imports are asked after some edits only (data flow asks where the
    edited function reads no input itself): keystrokes in several statements between two
    questions (KnownImports then reads the statements replaced one for one alone)."""
    document = IncrementalDocument(engine, LOADER, _in_project(tmp_path))
    gate, known = _gate(engine), KnownImports()
    gate.imports(document.module, known)
    for *edit, asked in edits:
        line, column, end, piece = random_change(document.text, *edit)
        document.apply([Change((line, column), (line, end), piece)])
        if asked and document.module is not None and document.error is None:
            assert gate.imports(document.module, known) == gate.imports(document.module)
    if document.module is not None and document.error is None:
        assert gate.imports(document.module, known) == gate.imports(document.module)
