"""A keystroke in a function whose data flow finds a source of its own (one the source gate
counts) tells the gate that the piece holding it reads input (InputGate.note_sourced): a
keystroke in another function, whose data flow then asks whether the module reads input at
all (a sink there, no source of its own), finds that piece in the gate's cache instead of
walking, piece by piece, those its earlier keystrokes replaced until one holds a source.
Counted with the gate's `walked` (pieces walked for a source); the findings stay a
from-scratch analysis's."""

from __future__ import annotations

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="views.py")

TEXT = '''import subprocess
from flask import request


class Settings:
    def __init__(self):
        self.level = 9

    def describe(self):
        return "settings"


class Handler:
    def __init__(self):
        self.name = request.args["name"]
        self.queue = []


def run(command):
    subprocess.run(command, shell=True, check=False)
'''


def _typed(document: IncrementalDocument, code: str, at: str) -> int:
    """Pieces the gate walked while `x` is typed after `at` on the line `code`."""
    gate = document.engine.taint.gate  # type: ignore[union-attr]
    before = gate.walked
    line = document.text.splitlines().index(code)
    column = code.index(at) + len(at)
    document.apply([Change((line, column), (line, column), "x")])
    document.findings()
    return gate.walked - before


def test_a_function_reading_input_itself_tells_the_gate_its_piece_holds_a_source(engine: Engine) -> None:
    """`self.queue` -> `self.queuex` in Handler.__init__ (its data flow finds request.args
    there), `level` -> `levelx` in Settings.__init__, then `check` -> `checkx` in run: run's
    sink asks the gate, which on 00e1c95 walked the pieces from Settings.__init__ to
    Handler.__init__ (replaced since the first open, or skipped by it as sourceless) until the
    source (this test fails there: 3 == 0), and walks nothing now: Handler.__init__'s new node
    is known to hold a source."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    found = [(f.rule_id, f.span.start.line) for f in document.findings()]
    _typed(document, "        self.queue = []", "self.queue")
    _typed(document, "        self.level = 9", "self.level")
    assert _typed(document, "    subprocess.run(command, shell=True, check=False)", "check") == 0
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == found
    assert_same_as_scratch(document)
