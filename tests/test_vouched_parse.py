"""LibCST's parse of a CPython-vouched text without node validation (vouched_parse.py): the
same tree, and validation back for every other node once the parse is over."""

from __future__ import annotations

import threading

import libcst as cst
import pytest

from redline.engine.vouched_parse import parse_vouched

from engine_helpers import analyze, make_rule

TEXT = '''import subprocess


def run(cmd: str, *, shell=False) -> int:
    """Run it."""
    return subprocess.call(cmd, shell=shell)  # comment


class Box:
    if True:
        def open(self, a, b=1, *args, c, **kw):
            return [x for x in args if x] or {a: b}
'''


def _validates() -> bool:
    try:
        cst.SimpleWhitespace("not whitespace")
    except cst.CSTValidationError:
        return True
    return False


def test_the_tree_is_the_validated_parse():
    module = parse_vouched(TEXT)
    assert module is not None
    assert module.code == TEXT
    assert module.deep_equals(cst.parse_module(TEXT))


def test_nodes_are_validated_again_after_a_parse_and_after_a_refused_one():
    assert parse_vouched(TEXT) is not None
    assert _validates()
    assert parse_vouched("def f(:\n") is None
    assert _validates()


def test_concurrent_parses_leave_validation_on():
    results: list[bool] = []

    def parse() -> None:
        for _ in range(5):
            results.append(parse_vouched(TEXT * 20) is not None)

    threads = [threading.Thread(target=parse) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 20
    assert _validates()


@pytest.mark.parametrize("text", ["x = (\n", "def f(a=1, b):\n    pass\n"])
def test_text_libcst_refuses_gives_none(text):
    # The caller parses the real text the usual way then and reports its syntax error.
    with pytest.raises(Exception):
        cst.parse_module(text)
    assert parse_vouched(text) is None



def test_engine_parses_with_the_checks_paused_and_gives_them_back(tmp_path):
    # The CLI's engine parses the files CPython accepts with the checks paused (analysis.py):
    # same findings, a syntax error still reported, validation on again after each file.
    rule = make_rule(tmp_path, "pattern: subprocess.call($CMD, shell=$S)")
    found = analyze(rule, TEXT)
    assert [(finding.rule_id, finding.span.start.line) for finding in found.findings] == [("test-rule", 6)]
    assert _validates()
    broken = analyze(rule, "def f(:\n")
    assert [error.rule_id for error in broken.errors] == ["syntax-error"]
    assert _validates()
