"""A keystroke in a function that reads input itself (a source match the source gate counts)
runs its data flow without asking the gate whether the module reads input: the gate walks
the module's functions for the same source parts, so it would say yes (analyzer.analyze,
`_reads_input_itself`). A function without such a source of its own (input through a
parameter, a low-confidence source with those off) still asks. Findings stay those of a
from-scratch analysis."""

from __future__ import annotations

from pathlib import Path

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.taint.analyzer import TaintOptions
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="view.py")  # every rule, audit tier included

VIEWS = '''import subprocess
import sys
from flask import request


def run_all(*commands):
    for command in commands:
        subprocess.call(command, shell=True)


def view():
    command = request.args.get("c")
    subprocess.call(command, shell=True)
    return command


def cli():
    command = sys.argv[1]
    subprocess.call(command, shell=True)
    return command


class Runner:
    def load(self):
        self.command = request.args.get("c")

    def run(self):
        extra = request.args["d"]
        subprocess.call(self.command, shell=True)
        return extra
'''


def _asked(document: IncrementalDocument, old: str, new: str) -> int:
    """The pieces the source gate looked up for the keystroke `old` -> `new` (a whole line)."""
    gate = document.engine.taint.gate  # type: ignore[union-attr]
    before = gate.looked_up
    line = document.text.splitlines().index(old)
    document.apply([Change((line, 0), (line, len(old)), new)])
    document.findings()
    return gate.looked_up - before


def _lines(document: IncrementalDocument) -> list[int]:
    return [f.span.start.line for f in document.findings() if f.rule_id == "tainted-command-injection"]


def test_a_keystroke_in_a_function_reading_request_does_not_ask_the_gate(engine: Engine) -> None:
    """`return command` -> `return commandx` in `view` (reads `request.args`): no piece is
    looked up by the gate, on each keystroke; its shell call's finding stays. Asking the gate
    first (as before) looks up the module's pieces at every keystroke."""
    document = IncrementalDocument(engine, VIEWS, OPTIONS)
    found = _lines(document)
    assert 13 in found
    assert _asked(document, "    return command", "    return commandx") == 0
    assert _asked(document, "    return commandx", "    return command") == 0
    assert _lines(document) == found
    assert_same_as_scratch(document)


def test_a_method_reading_request_itself_still_follows_attributes(engine: Engine) -> None:
    """`Runner.run` reads `request.args` itself, and hands the shell `self.command`, which
    `load` sets from input: that finding, through the attribute, stays without the gate asked."""
    document = IncrementalDocument(engine, VIEWS, OPTIONS)
    found = _lines(document)
    assert 29 in found
    assert _asked(document, "        return extra", "        return extrax") == 0
    assert _lines(document) == found
    assert_same_as_scratch(document)


def test_a_function_without_a_source_of_its_own_asks_the_gate(engine: Engine) -> None:
    """`run_all` gets its commands as parameters and `cli` reads `sys.argv` (a low-confidence
    source, off here): their sinks still wait for the gate's answer."""
    document = IncrementalDocument(engine, VIEWS, OPTIONS)
    assert _asked(document, "        subprocess.call(command, shell=True)", "        subprocess.call(command, shell=True, cwd=None)") > 0
    assert_same_as_scratch(document)
    assert _asked(document, "    command = sys.argv[1]", "    command = sys.argv[2]") > 0
    assert_same_as_scratch(document)


def test_low_confidence_sources_on_count_as_the_functions_own(engine: Engine) -> None:
    """With low-confidence sources on, `cli`'s `sys.argv` is a source the gate counts."""
    options = AnalysisOptions(path="view.py", taint=TaintOptions(low_confidence=True))
    document = IncrementalDocument(engine, VIEWS, options)
    assert 19 in _lines(document)
    assert _asked(document, "    return command", "    return commandx") == 0  # view's, the first `return command`
    assert _asked(document, "    command = sys.argv[1]", "    command = sys.argv[2]") == 0
    assert 19 in _lines(document)
    assert_same_as_scratch(document)


def test_a_function_without_a_source_of_its_own_asks_the_gate_of_one_piece(engine: Engine, tmp_path: Path) -> None:
    """At each keystroke in `run_all` (its input a parameter) the gate answers from `view`,
    the piece that held a source in the last module asked and is still a piece of this one:
    one piece looked up, not the module's pieces before it (`import subprocess`, `import
    sys`, `from flask import request`, `run_all` replaced: walked) then `view`, and no
    piece's imports looked up to ask the project's folders (on 0f294e1: 5 pieces and 1
    piece's imports at each keystroke). Typing a source in `run_all`, then removing
    `view`'s, moves the answer to another piece; findings stay those of a from-scratch
    analysis."""
    taint = TaintOptions().in_project(tmp_path, tmp_path / "view.py")
    document = IncrementalDocument(engine, VIEWS, AnalysisOptions(path="view.py", taint=taint))
    gate = engine.taint.gate  # type: ignore[union-attr]
    found = _lines(document)
    call = "        subprocess.call(command, shell=True)"
    for typed in (", cwd=None", ", cwd=None, env=None"):
        imports = gate.imports_looked_up
        assert _asked(document, call, call[:-1] + typed + ")") == 1
        assert gate.imports_looked_up == imports
        call = call[:-1] + typed + ")"
        assert _lines(document) == found
        assert_same_as_scratch(document)
    assert _asked(document, "    command = request.args.get(\"c\")", "    command = \"ls\"") >= 1
    assert_same_as_scratch(document)
    assert _asked(document, call, call.replace("command,", "command + request.args[\"e\"],")) == 0  # a source of its own
    assert_same_as_scratch(document)
