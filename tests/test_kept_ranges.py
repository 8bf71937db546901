"""A keystroke in a function checked whole places the findings of the statements it did not
touch from the ranges generated for them last time: checker._placed_ranges keeps, by
statement node, the ranges generated from where the statement starts (its first line and
indentation), and a kept node's code is the code it had. Stats.placed_statements counts the
statements whose code was generated to place findings; libcst's code generator (not our
code) is counted with a profile hook."""

from __future__ import annotations

import sys
from types import FrameType

import libcst as cst
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

_CODEGEN = cst.CSTNode._codegen.__code__

OPTIONS = AnalysisOptions(path="kept_ranges.py")  # every rule

TEXT = '''import subprocess

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/tool")
def run_tool():
    tool = request.args["tool"]
    if tool.startswith("-"):
        abort(400)
    return subprocess.check_output(tool, shell=True)


@app.route("/other")
def other():
    return "ok"
'''


def _keystroke(document: IncrementalDocument, line: int, column: int, text: str) -> int:
    """Applies one change as the editor does and asks for findings: how many nodes libcst
    generated the code of from outside a generation (a statement rendered or placed)."""
    count = 0

    def inside(frame: FrameType | None) -> bool:
        while frame is not None:
            if frame.f_code is _CODEGEN:
                return True
            frame = frame.f_back
        return False

    def hook(frame, event, _arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "call" and frame.f_code is _CODEGEN and not inside(frame.f_back):
            count += 1

    end = (line, column + (1 if not text else 0))
    sys.setprofile(hook)
    try:
        document.apply([Change((line, column), end, text)], defer=True)
        document.findings()
    finally:
        sys.setprofile(None)
    return count


def test_a_keystroke_places_the_findings_of_the_statements_it_did_not_touch_from_kept_ranges(engine: Engine) -> None:
    """`x` typed into `abort` and taken out again, three times: `run_tool` reads input, so
    each keystroke checks it whole (its data flow), and the flow's finding on the untouched
    `return` is placed again, its path's source too. Their statements' ranges are generated
    once (the first keystroke after opening), then kept: a later keystroke generates no
    code; the re-parsed `abort(...)`, one simple statement, takes its lines from its text
    without a render (b867e54; 2 per keystroke before it). On 0f294e1 each keystroke
    generated the function's module up to the flow's source (placed from the part's first
    line), 1 per keystroke; on 3ca02ff the `return` again too, 3 per keystroke: the test
    fails at `generated`."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    before = {(f.rule_id, f.span.start.line, f.span.start.column, f.fingerprint) for f in document.findings()}
    assert any(f.rule_id == "tainted-command-injection" and f.span.start.line == 13 for f in document.findings())
    line = TEXT.splitlines().index("        abort(400)")
    column = len("        abort")
    _keystroke(document, line, column, "x")
    checked = document.stats.checked_lines
    generated = []
    for _ in range(3):
        generated.append(_keystroke(document, line, column, ""))
        generated.append(_keystroke(document, line, column, "x"))
    assert generated == [0] * 6
    assert document.stats.placed_statements == 2  # the first keystroke's (the `return`, the source's statement), none since
    assert document.stats.checked_lines - checked >= 6 * 6  # `run_tool` whole at each keystroke
    _keystroke(document, line, column, "")
    after = {(f.rule_id, f.span.start.line, f.span.start.column, f.fingerprint) for f in document.findings()}
    assert after == before
    document.check()
    assert_same_as_scratch(document)


def test_a_statement_moved_to_another_line_is_generated_again(engine: Engine) -> None:
    """The ranges are kept by where the statement starts: a line inserted above the `if`
    moves the `return`, whose finding is then placed from its new line (generated again),
    the same findings as from scratch."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    document.findings()
    line = TEXT.splitlines().index("        abort(400)")
    _keystroke(document, line, len("        abort"), "x")
    placed = document.stats.placed_statements
    _keystroke(document, line, len("        abortx(400)"), "\n        y = 1")
    assert document.stats.placed_statements == placed + 1
    assert any(f.rule_id == "tainted-command-injection" and f.span.start.line == 14 for f in document.findings())
    document.check()
    assert_same_as_scratch(document)
