"""An edit of the module's imports checks again the units naming a name bound otherwise
(`dataflow_due.import_changes`), not every unit; a `from m import *` changed still checks
every unit, and a moved import insertion line redoes only the fixes that add an import.
After each keystroke the findings equal a from-scratch analysis."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="helpers.py")
TEXT = '''"""Helpers."""
import os


def load(data):
    return p.loads(data)


def other(x):
    return x + 1


def third(y):
    return os.path.join(y, "a")


def fourth(z):
    return q.loads(z)


def star(v):
    return loads(v)
'''
SHELL = '''"""Helpers."""
import subprocess


def listing():
    return subprocess.run("ls -l", shell=True)


def other(x):
    return x + 1
'''


def _type(document: IncrementalDocument, line: int, typed: str) -> list[int]:
    """Type `typed` letter by letter on a new line inserted before `line`; the lines checked
    per keystroke. After each keystroke the findings equal a from-scratch analysis."""
    document.apply([Change((line, 0), (line, 0), "\n")])
    checked = []
    for column, letter in enumerate(typed):
        before = document.stats.checked_lines
        document.apply([Change((line, column), (line, column), letter)])
        checked.append(document.stats.checked_lines - before)
        assert_same_as_scratch(document)
    return checked


def _lines_of(document: IncrementalDocument, rule_id: str) -> list[int]:
    return sorted(f.span.start.line for f in document.findings() if f.rule_id == rule_id)


def test_an_import_typed_letter_by_letter_checks_the_units_naming_its_names(engine: Engine) -> None:
    """`import pi` .. `import pickl` check the import and the units naming the old or new
    bound name (`load` names `p`): 5, 1, 1, 1 lines of 24 (3dc996c: every unit, 24 each).
    `import pickle as p` makes `p.loads` in `load` a finding; `as q` moves it to `fourth`."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    checked = _type(document, 2, "import pickle as p")
    assert checked[len("import p") : len("import pickl")] == [5, 1, 1, 1]
    assert _lines_of(document, "pickle-load") == [7]
    before = document.stats.checked_lines
    document.apply([Change((2, 17), (2, 18), "q")])  # `import pickle as q`
    assert document.stats.checked_lines - before == 1 + 4 + 4  # the import, `load` and `fourth` with the blank lines above them (3dc996c: 24)
    assert_same_as_scratch(document)
    assert _lines_of(document, "pickle-load") == [19]


def test_a_star_import_typed_checks_every_unit(engine: Engine) -> None:
    """`from pickle import *` lets the unbound `loads` in `star` resolve to pickle.loads:
    any name may resolve otherwise, so every unit is checked again; undone, the finding goes."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    _type(document, 2, "from pickle import *")
    assert _lines_of(document, "pickle-load") == [23]
    document.apply([Change((2, 0), (3, 0), "")])
    assert_same_as_scratch(document)
    assert _lines_of(document, "pickle-load") == []


def _import_edits(document: IncrementalDocument) -> list[int]:
    """The line where each finding's fix adds an import (-1: it adds none)."""
    return [
        finding.fix.edits[0].span.start.line if len(finding.fix.edits) > 1 else -1
        for finding in document.findings() if finding.fix is not None
    ]


def test_a_moved_import_line_redoes_the_fixes_adding_an_import(engine: Engine) -> None:
    """`from __future__ import annotations` after the docstring moves where a fix adds its
    imports: the shell fix's `import shlex` goes a line below. The keystroke where it first
    parses checks the new statement and `listing` (with its blank lines above, 5), not
    `other`; the next ones the statement alone (3dc996c: every unit, 12 lines, each). Then `import shlex` typed makes the fix add no import (a name a fix looks up)."""
    document = IncrementalDocument(engine, SHELL, OPTIONS)
    assert _import_edits(document) == [2]
    checked = _type(document, 1, "from __future__ import annotations")
    parsed = len("from __future__ import a") - 1  # the first keystroke where the import parses
    assert checked[parsed:] == [1 + 4] + [1] * (len(checked) - parsed - 1)  # 3dc996c: 12 each
    assert _import_edits(document) == [3]
    _type(document, 3, "import shlex")
    assert _import_edits(document) == [-1]


PIECES = ["import ", "from ", " import ", "pickle", "os", "p", "q", " as ", ", ", "*", "(", ")", ".", "\n", "\b", "\b\b\b"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(PIECES)), min_size=1, max_size=12))
def test_random_text_typed_into_the_import_block_equals_from_scratch(engine: Engine, typed: list[tuple[int, str]]) -> None:
    """Text typed at the end of a line of the import block (lines 1-3 of the text as it
    is), `\\b` deleting the line's last character."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    for line, piece in typed:
        length = len(document.text.splitlines()[line + 1])
        if piece.startswith("\b"):
            cut = min(len(piece), length)
            document.apply([Change((line + 1, length - cut), (line + 1, length), "")])
        else:
            document.apply([Change((line + 1, length), (line + 1, length), piece)])
        assert_same_as_scratch(document)
