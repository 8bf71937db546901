"""Bad input never stops a run: it is reported as a finding with its position, and checking goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Sequence

import pytest

from engine_helpers import (
    RULE_ID, SNIPPET_PATH, analyze, make_rule, make_rules, rule_yaml, rules_file_text, write_rule_file,
)
from redline.engine.analysis import Analysis, AnalysisOptions, Engine
from redline.engine.model import Finding
from redline.engine.rule_loader import Rule
from redline.engine.units import IncrementalDocument

_EVAL = "pattern: eval($X)"


@pytest.fixture
def eval_rule(tmp_path: Path) -> Rule:
    return make_rule(tmp_path, _EVAL, message="eval of $X")


def check_bytes(rule: Rule, data: bytes) -> Analysis:
    return Engine([rule]).analyze_bytes(data, AnalysisOptions(path=SNIPPET_PATH))


def where(found: Sequence[Finding]) -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.span.start.line, f.span.start.column) for f in found]


# -- syntax errors -------------------------------------------------------------------------


def test_syntax_error_is_one_error_and_no_crash(eval_rule: Rule) -> None:
    result = analyze(eval_rule, "eval(a)\ndef broken(:\n    pass\neval(b)\n")
    assert result.findings == []
    assert [e.rule_id for e in result.errors] == ["syntax-error"]
    assert result.errors[0].message.startswith("syntax error: ")
    assert result.errors[0].path == SNIPPET_PATH
    assert analyze(eval_rule, "eval(a)\n").findings != []  # the engine is still usable


@pytest.mark.parametrize("bad", ["x = = 2", "b = )", "if x\n    pass", "def broken(:\n    pass"])
def test_syntax_error_reports_the_line_of_the_error(eval_rule: Rule, bad: str) -> None:
    result = analyze(eval_rule, f"a = 1\n{bad}\nc = 3\n")
    assert [(e.rule_id, e.span.start.line) for e in result.errors] == [("syntax-error", 2)]


def test_syntax_error_reports_the_column_of_the_error(eval_rule: Rule) -> None:
    assert where(analyze(eval_rule, "x = = 2\n").errors) == [("syntax-error", 1, 4)]


@pytest.mark.parametrize("newer", ["s = f'{x.decode('utf-8')}'", "class Box[T]:\n    pass"], ids=["pep-701", "pep-695"])
def test_syntax_error_position_in_a_file_with_newer_syntax(eval_rule: Rule, newer: str) -> None:
    code = f"{newer}\nok = 1\nx = = 2\n"
    errors = analyze(eval_rule, code).errors
    assert [(e.rule_id, e.span.start.line) for e in errors] == [("syntax-error", code.count("\n"))]


def test_a_lone_continuation_line_libcst_misreads_is_a_syntax_error_not_shifted_findings(eval_rule: Rule) -> None:
    # LibCST accepts this text (CPython does not) and its tree drops a line, so every finding
    # below would be reported one line too high; a syntax error is what CPython says it is.
    code = 'def f():\n    x = "a"\n \\\n        + "b"\n    return x\neval(a)\n'
    result = analyze(eval_rule, code)
    assert [e.rule_id for e in result.errors] == ["syntax-error"]
    assert result.findings == []
    fine = 'x = (1 +\n \\\n 2)\neval(a)\n'  # the same lone backslash where LibCST reads it right
    assert where(analyze(eval_rule, fine).findings) == [(RULE_ID, 4, 0)]


# -- decoding ------------------------------------------------------------------------------


def test_undecodable_bytes_are_a_read_error_with_position(eval_rule: Rule) -> None:
    result = check_bytes(eval_rule, b"x = 1\ns = 'caf\xe9'\neval(s)\n")
    assert result.findings == []
    assert where(result.errors) == [("read-error", 2, 8)]
    assert "utf-8" in result.errors[0].message


@pytest.mark.parametrize("before", ["", "x = 1\ny = 2\n"], ids=["line-1", "line-3"])
def test_read_error_column_counts_code_points(eval_rule: Rule, before: str) -> None:
    result = check_bytes(eval_rule, before.encode() + "s = 'é".encode() + b"\xff'\n")
    assert where(result.errors) == [("read-error", before.count("\n") + 1, 6)]


def test_read_error_position_after_a_bom(eval_rule: Rule) -> None:
    result = check_bytes(eval_rule, b"\xef\xbb\xbfx = 1\n\xff\n")
    assert where(result.errors) == [("read-error", 2, 0)]


def test_unknown_coding_cookie_is_a_read_error(eval_rule: Rule) -> None:
    result = check_bytes(eval_rule, b"# -*- coding: no-such-codec -*-\neval(a)\n")
    assert result.findings == [] and [e.rule_id for e in result.errors] == ["read-error"]


@pytest.mark.parametrize("check", ["bytes", "text"])
def test_nul_bytes_are_a_read_error(eval_rule: Rule, check: str) -> None:
    code = "x = 1\ns = 'ab\x00c'\neval(s)\n"
    result = check_bytes(eval_rule, code.encode()) if check == "bytes" else analyze(eval_rule, code)
    assert result.findings == []
    assert [(e.rule_id, e.span.start.line) for e in result.errors] == [("read-error", 2)]


def test_coding_cookie_is_honoured(eval_rule: Rule) -> None:
    result = check_bytes(eval_rule, b"# -*- coding: latin-1 -*-\nx = eval('caf\xe9')\n")
    assert result.errors == []
    assert [(f.span.start.line, f.span.start.column, f.message) for f in result.findings] == [(2, 4, "eval of 'café'")]


def test_bom_is_skipped_and_columns_are_unshifted(eval_rule: Rule) -> None:
    result = check_bytes(eval_rule, b"\xef\xbb\xbfx = eval('caf\xc3\xa9')\n")
    assert result.errors == []
    assert [(f.span.start.line, f.span.start.column, f.message) for f in result.findings] == [(1, 4, "eval of 'café'")]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings(eval_rule: Rule, newline: str) -> None:
    result = check_bytes(eval_rule, f"x = 1{newline}eval(a){newline}y = eval(b){newline}".encode())
    assert where(result.findings) == [(RULE_ID, 2, 0), (RULE_ID, 3, 4)]


# -- size and depth ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_50000_line_file_is_checked(eval_rule: Rule) -> None:
    code = "import os\n" + "x = 1\n" * 49_998 + "eval(last)\n"
    result = analyze(eval_rule, code)
    assert result.errors == []
    assert where(result.findings) == [(RULE_ID, 50_000, 0)]


_ISOLATED = """
import json, sys
from pathlib import Path
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import load_rule_file
rules, problems = load_rule_file(Path(sys.argv[1]))
assert not problems, problems
source = Path(sys.argv[2]).read_text(encoding="utf-8")
result = Engine(rules).analyze_source(source, AnalysisOptions(path="deep.py"))
print(json.dumps([f.rule_id for f in result.findings + result.errors]))
"""


def run_isolated(tmp_path: Path, source: str) -> list[str]:
    """Check `source` with the eval rule in a fresh interpreter: a C stack overflow must not kill us."""
    rules = write_rule_file(tmp_path, rules_file_text(rule_yaml(_EVAL)), "deep.yaml")
    code = tmp_path / "deep.py"
    code.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _ISOLATED, str(rules), str(code)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(done.stdout)


def _nested(opening: str, closing: str, depth: int) -> str:
    return "x = " + opening * depth + "1" + closing * depth + "\neval(a)\n"


@pytest.mark.parametrize(
    "source",
    [_nested("(", ")", 100), _nested("[", "]", 100), _nested("eval(", ")", 100)],
    ids=["parentheses", "lists", "calls"],
)
def test_moderate_nesting_is_checked(eval_rule: Rule, source: str) -> None:
    result = analyze(eval_rule, source)
    assert result.errors == [] and RULE_ID in {f.rule_id for f in result.findings}


@pytest.mark.parametrize(
    "source",
    [_nested("(", ")", 2000), _nested("[", "]", 2000), _nested("f(", ")", 2000)],
    ids=["parentheses", "lists", "calls"],
)
def test_very_deep_nesting_never_crashes(tmp_path: Path, source: str) -> None:
    reported = run_isolated(tmp_path, source)
    assert reported == ["syntax-error"] or RULE_ID in reported


# -- broken rules --------------------------------------------------------------------------


def test_rule_failing_at_run_time_is_a_rule_error_and_others_still_report(tmp_path: Path) -> None:
    broken = """
    patterns:
      - pattern: f($X)
      - metavariable-comparison:
          metavariable: $X
          comparison: 're.match(str($X), "x")'
    """
    # The regex comes from the checked code ("("), so it can only fail while checking.
    rules = make_rules(tmp_path, rule_yaml(broken, rule_id="broken-rule"), rule_yaml(_EVAL, rule_id="fine-rule"))
    result = analyze(rules, "f('(')\neval(a)\nf(2)\n")
    assert where(result.findings) == [("fine-rule", 2, 0)]
    assert [e.rule_id for e in result.errors] == ["rule-error"]
    assert "broken-rule" in result.errors[0].message
    assert result.errors[0].path == SNIPPET_PATH


def test_warnings_about_the_checked_code_are_not_printed(tmp_path: Path) -> None:
    """CPython's parser, asked where a syntax error is, warns about an invalid escape in the
    checked code: that is not Redline's output (it used to land on stderr and in test logs)."""
    bad = tmp_path / "bad.py"
    bad.write_text('PATTERN = "\\d+\\:"\ndef f(:\n    pass\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-W", "default", "-m", "redline", "check", "--no-cache", str(bad)],
        capture_output=True, text=True, timeout=120,
    )
    assert "syntax-error" in result.stdout
    assert "Warning" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("chain", "deep"),
    [
        ("- " * 200, True), ("~" * 200, True), ("not " * 200, True), ("-not ~+" * 50, True), ("not\n" + "- " * 199, True),
        ("- " * 199, False), ("not " * 199, False), ("cannot " + "- " * 199, False), ("-x+" * 150, False),
    ],
    ids=["minus", "tilde", "not", "mixed", "across-lines", "199-minus", "199-not", "not-inside-a-word", "binary-between"],
)
def test_the_editor_refuses_a_chain_of_200_unary_operators_at_its_line(eval_rule: Rule, chain: str, deep: bool) -> None:
    """Where CPython's own limit lies (LibCST's parser would take quadratic time there):
    200 unary operators in a row, spaces and line breaks between them allowed, `not` only as
    a word of its own."""
    text = "eval(a)\nx = (" + chain + "1" + ")" * chain.count("(") + ")\n"
    model = IncrementalDocument(Engine([eval_rule]), text, AnalysisOptions(path=SNIPPET_PATH))
    errors = [(e.rule_id, e.span.start.line) for e in model.errors()]
    assert errors == ([("syntax-error", 2)] if deep else []), errors


@pytest.mark.parametrize(
    ("nested", "error_line"),
    [
        ("x = " + "(" * 200 + "1" + ")" * 200 + "\n", None),
        ("x = " + "[" * 201 + "1" + "]" * 201 + "\n", 2),
        ("x = (\n" + "{" * 201 + "1" + "}" * 201 + ")\n", 3),
        ("".join(" " * i + "if x:\n" for i in range(99)) + " " * 99 + "pass\n", None),
        ("".join(" " * i + "if x:\n" for i in range(101)) + " " * 101 + "pass\n", 103),
    ],
    ids=["200-brackets", "201-brackets", "201-braces-on-a-later-line", "99-blocks", "101-blocks"],
)
def test_first_open_refuses_brackets_and_blocks_nested_deeper_than_python_at_their_line(eval_rule: Rule, nested: str, error_line: int | None) -> None:
    """First open asks CPython's parser before the nesting guard, and looks for brackets and
    blocks nested too deeply only where CPython refuses the text (it refuses them itself):
    the same error, at the same line, as the guard alone gave; text CPython takes is checked."""
    text = "eval(a)\n" + nested
    model = IncrementalDocument(Engine([eval_rule]), text, AnalysisOptions(path=SNIPPET_PATH))
    errors = [(e.rule_id, e.span.start.line, e.message) for e in model.errors()]
    if error_line is None:
        assert errors == [] and [f.span.start.line for f in model.findings()] == [1]
    else:
        assert errors == [("syntax-error", error_line, "syntax error: nested deeper than Python allows")], errors
