"""The module scope a keystroke's checks resolve names through (units._module_scope) is kept
while every top-level statement binds what it bound: a keystroke in a function, or in a
statement that binds nothing before and after it (the module's docstring, a call), builds
none (~3 ms at 10,031 lines, at each keystroke in the module's docstring); one that makes a
statement bind a name builds it again, and the findings stay a whole analysis's."""

from __future__ import annotations

import pytest

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="scoped.py")
TEXT = '''"""Runs the configured command."""
import subprocess as sp

COMMAND = "ls"


def run(cmd):
    return sp.call(cmd, shell=True)


print("ready")
run(COMMAND)
'''


def _type_after(document: IncrementalDocument, needle: str, typed: str) -> None:
    line = document.text.splitlines().index(needle)
    document.apply([Change((line, len(needle)), (line, len(needle)), typed)], defer=True)
    document.check()


@pytest.mark.parametrize(
    ("needle", "typed", "built"),
    [
        ('"""Runs the configured command."""', " # and waits", 0),  # a comment after the docstring
        ('print("ready")', "; print('set')", 0),
        ("run(COMMAND)", "; run('pwd')", 0),
        ("    return sp.call(cmd, shell=True)", "  # a shell", 0),
        ('print("ready")', "; sp = None", 1),  # now it binds `sp`
        ('"""Runs the configured command."""', "; COMMAND = 'id'", 1),
    ],
)
def test_a_keystroke_in_a_statement_binding_nothing_keeps_the_module_scope(engine: Engine, needle: str, typed: str, built: int) -> None:
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    before = document.stats.module_scopes
    _type_after(document, needle, typed)
    assert document.stats.module_scopes - before == built
    assert_same_as_scratch(document)


def test_keystrokes_in_the_docstring_build_no_module_scope(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    before = document.stats.module_scopes
    line, column = 0, len('"""Runs the configured')
    for offset, char in enumerate(" shell"):
        document.apply([Change((line, column + offset), (line, column + offset), char)], defer=True)
        document.check()
    assert document.stats.module_scopes == before
    assert document.text.startswith('"""Runs the configured shell command."""')
    assert_same_as_scratch(document)
