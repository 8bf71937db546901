"""The project-import question on the keystroke path while units are lazy (units.py
`_reads_input`, taint/gate.py `imports`): a keystroke reads the imports of the pieces it
replaced, not those of every piece of the module again, and an import of a project module
typed into a method is still seen (every unit parsed, as a from-scratch analysis does)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import IncrementalDocument
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
