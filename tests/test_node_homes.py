"""A data-flow step in another top-level function (`subprocess.call` in `run`, reached from
`handler`) takes its range from the statement holding it. The document's index of which
statement holds a node (node_homes.py) gathers each statement's nodes once: keystrokes in the
caller walk no statement again, an edit of the callee walks that one alone, and the findings
stay those of a from-scratch analysis."""

from __future__ import annotations

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

FILLER = "".join(f"\n\ndef filler{number}(a):\n    b = a + {number}\n    return b\n" for number in range(5))

TEXT = '''import subprocess
from flask import request


def run(command):
    subprocess.call(command, shell=True)
''' + FILLER + '''

def handler():
    name = request.args.get("name")
    run(name)
'''

SOURCE = '    name = request.args.get("name'
CALL = "    subprocess.call(command"


def _step_lines(document: IncrementalDocument) -> list[list[int]]:
    return [[where.span.start.line for where in finding.related] for finding in document.findings() if finding.rule_id == "tainted-command-injection"]


def _type_at(document: IncrementalDocument, row: str) -> None:
    """Type `x` at the end of `row`, then run the data flow the keystroke deferred."""
    assert document.text is not None
    lines = document.text.split("\n")
    line = next(number for number, text in enumerate(lines) if text.startswith(row))
    document.apply([Change((line, len(row)), (line, len(row)), "x")], defer=True)
    if document.deferred():
        document.check()


def test_keystrokes_in_the_caller_walk_no_statement_again(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, AnalysisOptions(path="app.py"))
    _type_at(document, SOURCE)
    assert 6 in _step_lines(document)[0]  # the step inside `run`, on its line
    walked = document.homes.walked
    assert walked == 3  # the statements up to `run`, the one holding the step
    for _ in range(3):
        _type_at(document, SOURCE)
        assert_same_as_scratch(document)
        assert 6 in _step_lines(document)[0]
    assert document.homes.walked == walked


def test_an_edit_of_the_callee_walks_it_alone_again(engine: Engine) -> None:
    """The first edit of the callee makes its caller's data flow due: the statements not
    walked yet are gathered then, once (`_homes_gathered`); later ones walk `run` alone."""
    document = IncrementalDocument(engine, TEXT, AnalysisOptions(path="app.py"))
    _type_at(document, SOURCE)
    assert document.homes.walked == 3
    _type_at(document, CALL)  # `commandx`: no step in `run` any more
    assert document.homes.walked == 3 + 7  # `run` anew, the five fillers and `handler`
    walked = document.homes.walked
    _type_at(document, CALL + "x")  # `commandxx`
    document.apply([Change((5, 27), (5, 29), "")])  # `command` again: the step is back, in a new `run`
    _type_at(document, SOURCE)
    assert_same_as_scratch(document)
    assert 6 in _step_lines(document)[0]
    assert document.homes.walked == walked + 1  # the last `run` (`commandxx` changed nothing its caller read)


def test_the_background_check_gathers_the_statements_first_and_yields_to_a_newer_edit(engine: Engine) -> None:
    """An edit of the callee makes its callers' data flow due: the check without `defer`
    gathers the statements' nodes before it checks them, asking before each statement
    whether a newer edit came, and keeps what it gathered when one did (a keystroke waits
    for one statement's walk, not for the ~1,300 of a 5,002-line file)."""
    document = IncrementalDocument(engine, TEXT, AnalysisOptions(path="app.py"))
    _type_at(document, SOURCE)
    walked = document.homes.walked
    line = document.text.split("\n").index("    subprocess.call(command, shell=True)")
    document.apply([Change((line, len(CALL)), (line, len(CALL)), "x")], defer=True)
    assert document.deferred()
    asks: list[int] = []

    def newer_edit() -> bool:  # asked before comparing `run`'s summaries, before walking `run`, before the first filler
        asks.append(1)
        return len(asks) > 2

    assert not document.check(newer_edit)
    assert document.homes.walked == walked + 1  # `run` anew, then it yielded
    assert document.check()
    assert document.homes.walked == walked + 7  # the rest once: the five fillers and `handler`
    assert_same_as_scratch(document)
    document.apply([Change((line, len(CALL)), (line, len(CALL) + 1), "")], defer=True)
    document.check()
    assert 6 in _step_lines(document)[0]
    assert_same_as_scratch(document)
