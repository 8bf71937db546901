"""A keystroke in a function walks for data-flow facts only the statements it replaced (the
edited one and the compound statements holding it): the others' walks and matches are kept
from the check before (taint/fact_memo.py's KeptStatements), unless the edit binds a name
anew, when every statement's names may resolve otherwise. Findings stay those of a
from-scratch analysis."""

from __future__ import annotations

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="view.py")  # every rule, audit tier included

VIEW = '''import os
import subprocess
from flask import request


def view():
    command = request.args.get("c")
    note = "a"
    if command:
        label = note.upper()
        print(note)
        subprocess.call(command, shell=True)
    run = print
    run(command)
    return label
'''
STATEMENTS = 9  # in view's body, at any depth


def _replace(document: IncrementalDocument, old: str, new: str) -> None:
    line = document.text.splitlines().index(old)
    document.apply([Change((line, 0), (line, len(old)), new)])


def _walked(document: IncrementalDocument, old: str, new: str) -> int:
    """The statements the edit's data flow walked anew for facts."""
    analyzer = document.engine.taint
    assert analyzer is not None
    before = analyzer.walked_statements
    _replace(document, old, new)
    document.findings()
    return analyzer.walked_statements - before


def _lines(document: IncrementalDocument, rule: str) -> list[int]:
    return [f.span.start.line for f in document.findings() if rule in f.rule_id]


def test_a_keystroke_walks_the_statements_it_replaced(engine: Engine) -> None:
    """`print(note)` -> `print(notex)` replaces that statement and the `if` holding it: 2 of
    the function's 9 statements are walked, on each keystroke; the shell call's finding in
    the same block stays. Without the kept statements all 9 are walked each time."""
    document = IncrementalDocument(engine, VIEW, OPTIONS)
    found = _lines(document, "command-injection")
    assert 12 in found
    assert _walked(document, "        print(note)", "        print(notex)") == 2
    assert _walked(document, "        print(notex)", "        print(note)") == 2
    assert _lines(document, "command-injection") == found
    assert_same_as_scratch(document)


def test_an_edit_binding_a_name_anew_walks_every_statement(engine: Engine) -> None:
    """`note = "a"` -> `note = "ab"` binds `note` to a new value: what any statement's names
    resolve to may change, so the whole function is walked."""
    document = IncrementalDocument(engine, VIEW, OPTIONS)
    assert _walked(document, '    note = "a"', '    note = "ab"') == STATEMENTS
    assert_same_as_scratch(document)


def test_a_kept_statement_whose_call_now_resolves_to_a_sink_is_matched_again(engine: Engine) -> None:
    """`run(command)` is unchanged, but `run = os.system` makes it a shell call reading input:
    its facts are not taken from before (the finding comes, and goes again on undo)."""
    document = IncrementalDocument(engine, VIEW, OPTIONS)
    assert 14 not in _lines(document, "command-injection")
    _replace(document, "    run = print", "    run = os.system")
    assert 14 in _lines(document, "command-injection")
    assert_same_as_scratch(document)
    _replace(document, "    run = os.system", "    run = print")
    assert 14 not in _lines(document, "command-injection")
    assert_same_as_scratch(document)


def test_the_first_keystroke_after_opening_a_file_of_many_views_walks_what_it_replaced(engine: Engine) -> None:
    """The first open of a file of 20 views walks more than 16 functions for facts; it keeps
    their statements all the same (a few hundred statements cost its open ~3 ms), so the
    first keystroke in one view walks the 2 statements it replaced, not the view's 9. Before,
    a check that walked more than 16 functions kept none: 9."""
    views = "".join(VIEW[VIEW.index("def view"):].replace("def view", f"def view{n}") + "\n\n" for n in range(20))
    document = IncrementalDocument(engine, VIEW[: VIEW.index("def view")] + views, OPTIONS)
    found = _lines(document, "command-injection")
    assert len(found) == 20
    assert _walked(document, "        print(note)", "        print(notex)") == 2
    assert _lines(document, "command-injection") == found
    assert_same_as_scratch(document)


def test_a_keystroke_in_a_long_view_keeps_its_statements(engine: Engine) -> None:
    """A view of 600 statements is one function walked: its statements are kept however many
    (the bound on statements spares only a check of many functions), so the second keystroke
    in it walks the 2 statements it replaced."""
    filler = "".join(f"    note{n} = note.upper()\n" for n in range(600))
    document = IncrementalDocument(engine, VIEW.replace('    note = "a"\n', '    note = "a"\n' + filler), OPTIONS)
    _walked(document, "        print(note)", "        print(notex)")
    assert _walked(document, "        print(notex)", "        print(note)") == 2
    assert_same_as_scratch(document)
