"""What a keystroke in a function checked whole generates the code of again: only the
statements it replaced. A finding's fingerprint hashes its statement's code, and the fix
import line counts the lines of the module's docstring and `__future__` imports; both are
kept by node (document_caches.kept_by_node), so the findings of the statements the keystroke
did not touch, found again by the function's data flow, and the module's first statements
cost no codegen, nor does the label of a source the flow finds again. Counted with a profile
hook on libcst's codegen (not our code): the functions run as they are."""

from __future__ import annotations

from typing import Callable

import libcst as cst
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument
from test_edit_bookkeeping import _outermost_calls

OPTIONS = AnalysisOptions(path="kept_codes.py")  # every rule

TEXT = '''"""Views."""
from __future__ import annotations

import subprocess

from flask import request


def view():
    command = request.args.get("cmd")
    subprocess.run(command, shell=True)
    os_name = "posix"
    subprocess.call(command, shell=True)
    return os_name
'''


def _codegens(action: Callable[[], object]) -> int:
    """How many times `action` has libcst generate a node's code."""
    return _outermost_calls(cst.Module.code_for_node.__code__, action)


def test_a_keystroke_generates_the_code_of_the_statements_it_replaced_alone(engine: Engine) -> None:
    """`x` typed in `os_name = "posix"` (a name read below it) checks `view` whole: its data
    flow finds both shell calls again. The edited statement is new; the shell calls, the
    docstring and the `__future__` import are the nodes of the last check, whose code is
    kept. On 72f87c8 the keystroke generated code 9 times: each finding's fingerprint, the
    import line (asked twice per keystroke) and the source's label generated it again."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    before = {(f.rule_id, f.fingerprint) for f in document.findings()}
    checked = document.stats.checked_lines
    line = TEXT.splitlines().index('    os_name = "posix"')
    generated = _codegens(lambda: document.apply([Change((line, 11), (line, 11), "x")], defer=True))
    after = document.findings()
    assert {(f.rule_id, f.fingerprint) for f in after} == before
    assert sum(f.rule_id == "tainted-command-injection" for f in after) == 2
    assert document.stats.checked_lines - checked >= 6  # `view` whole
    assert generated == 0
    document.check()
    assert_same_as_scratch(document)


FIXED = '''import subprocess

from flask import request


def calc():
    expression = request.args.get("expr")
    result = eval(expression)
    label = "sum"
    return result, label
'''


def test_a_keystroke_renders_no_fix_of_a_statement_it_did_not_touch(engine: Engine) -> None:
    """`x` typed in `label = "sum"` checks `calc` whole (its data flow); the finding at
    `eval(expression)`, the same node, offers the same fix, `ast.literal_eval(expression)`,
    whose text is kept by the nodes bound (fixes.FixTexts): neither rendered nor generated
    again, at each of three keystrokes. On 0f294e1 each keystroke rendered it again (libcst
    generated its code once a keystroke): there Stats has no fix_renders."""
    document = IncrementalDocument(engine, FIXED, OPTIONS)
    before = document.findings()
    assert document.stats.fix_renders >= 1
    fixes = {f.rule_id: f.fix.edits[-1].new_text for f in before if f.fix is not None}
    assert fixes["tainted-code-injection"] == "ast.literal_eval(expression)"
    line = FIXED.splitlines().index('    label = "sum"')
    renders = document.stats.fix_renders
    for column in (9, 10, 11):
        generated = _codegens(lambda: document.apply([Change((line, column), (line, column), "x")], defer=True))
        after = document.findings()
        assert {f.rule_id: f.fix.edits[-1].new_text for f in after if f.fix is not None} == fixes
        assert generated == 0
    assert document.stats.fix_renders == renders
    document.check()
    assert_same_as_scratch(document)


EDITED = '''import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    command = request.args["cmd"]
    subprocess.run(command, shell=True, check=False)
'''


def test_a_finding_on_the_edited_line_takes_its_fingerprint_s_code_from_its_placing(engine: Engine) -> None:
    """`x` typed after `check=False`, four times: the re-parsed statement holds the
    findings, placed by generating its code from its first line (checker._placed_ranges);
    that generation gives its fingerprint's code too. The first keystroke also generates
    the code of `request.args["cmd"]`, what `command` is bound to, for the words
    nested_check.may_refine reads through the function's new scope; later keystrokes find
    those words kept by node, so libcst generates no code besides the placing. Fingerprints
    are those of the same text opened afresh. On 0f294e1 each keystroke generated code
    twice more (the fingerprint, the bound value): 2 per keystroke."""
    document = IncrementalDocument(engine, EDITED, OPTIONS)
    assert {f.rule_id for f in document.findings()} >= {"tainted-command-injection"}
    line = EDITED.splitlines().index("    subprocess.run(command, shell=True, check=False)")
    column = EDITED.splitlines()[line].index("False") + len("False")
    placed = document.stats.placed_statements
    for typed in range(4):
        generated = _codegens(lambda: document.apply([Change((line, column + typed), (line, column + typed), "x")], defer=True))
        after = document.findings()
        assert generated == (1 if typed == 0 else 0)
        fresh = IncrementalDocument(engine, document.text, OPTIONS).findings()
        assert sorted((f.rule_id, f.fingerprint) for f in after) == sorted((f.rule_id, f.fingerprint) for f in fresh)
        assert any(f.span.start.line == line + 1 for f in after)
    assert document.stats.placed_statements - placed == 4 + 1  # the edited statement at each keystroke, the source's once
    document.check()
    assert_same_as_scratch(document)
