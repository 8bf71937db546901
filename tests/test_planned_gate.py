"""The CLI's source gate (taint/gate.py) does not walk the definitions sparse parsing found
without the words any taint source needs (Sparse.sourceless, gate.planned_sourceless): the
answer, and so the findings, are those of a walk of every definition."""

from __future__ import annotations

from redline.engine.analysis import AnalysisOptions, Engine

FUNCTIONS = "".join(f"\n\ndef helper_{n}(value):\n    return str(value).strip() + '{n}'\n" for n in range(8))
NO_SOURCE = '''\
import subprocess

from flask import request
''' + FUNCTIONS + '''

def describe(request_id):
    """Names `request` and `args` but reads no input."""
    args = ["echo", str(request_id)]
    return subprocess.call(args) or request
'''
SOURCE = NO_SOURCE + '''

def view():
    return subprocess.call(request.args["cmd"], shell=True)
'''


def _walked(engine: Engine, text: str) -> tuple[int, list[tuple[str, int]]]:
    gate = engine.taint.gate  # type: ignore[union-attr]
    before = gate.walked
    analysis = engine.analyze_source(text, AnalysisOptions(path="app.py"))
    return gate.walked - before, [(f.rule_id, f.span.start.line) for f in analysis.findings if f.rule_id.startswith("tainted-")]


def test_definitions_without_source_words_are_not_walked(engine: Engine) -> None:
    walked, found = _walked(engine, NO_SOURCE)
    assert found == []
    # The two imports and `describe` (its words allow `request.args`); not the eight helpers.
    assert walked == 3


def test_a_source_in_a_walked_definition_is_found(engine: Engine) -> None:
    walked, found = _walked(engine, SOURCE)
    line = SOURCE.splitlines().index('    return subprocess.call(request.args["cmd"], shell=True)') + 1
    assert found == [("tainted-command-injection", line)]
    assert walked <= 5
