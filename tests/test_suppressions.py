"""Suppression comments: `# redline: ignore[ID] reason`, and nosec / noqa when enabled."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_helpers import RULE_ID, analyze, make_rule
from redline.engine.analysis import Analysis
from redline.engine.rule_loader import Rule
from redline.engine.suppressions import SuppressionOptions


@pytest.fixture
def rule(tmp_path: Path) -> Rule:
    """`eval($X)`, with bandit B307 and ruff S307 as its equivalents."""
    return make_rule(tmp_path, "pattern: eval($X)", extra="redline:\n  bandit: B307\n  ruff: S307")


def check(rule: Rule, code: str, **options: bool) -> Analysis:
    result = analyze(rule, code, suppression=SuppressionOptions(**options))
    assert result.errors == []
    return result


def reported(result: Analysis) -> list[tuple[str, int]]:
    return [(f.rule_id, f.span.start.line) for f in result.findings]


# -- redline: ignore -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "x = eval(  # redline: ignore[test-rule] trusted input\n    data,\n)\n",
        "x = eval(\n    data,  # redline: ignore[test-rule] trusted input\n)\n",
        "x = eval(\n    data,\n)  # redline: ignore[test-rule] trusted input\n",
    ],
    ids=["first-line", "middle-line", "last-line"],
)
def test_ignore_on_any_line_of_a_multi_line_call(rule: Rule, code: str) -> None:
    result = check(rule, code)
    assert reported(result) == [] and result.suppressed == 1


def test_ignore_on_another_statement_does_nothing(rule: Rule) -> None:
    code = "x = 1  # redline: ignore[test-rule] wrong line\ny = eval(data)\nz = 2  # redline: ignore[test-rule] wrong line\n"
    assert reported(check(rule, code)) == [(RULE_ID, 2)]


def test_ignore_in_a_block_body_does_not_cover_its_header(rule: Rule) -> None:
    body = "if eval(data):\n    pass  # redline: ignore[test-rule] body\n"
    header = "if eval(data):  # redline: ignore[test-rule] header\n    pass\n"
    assert reported(check(rule, body)) == [(RULE_ID, 1)]
    assert reported(check(rule, header)) == []


def test_ignore_on_a_decorator_line(rule: Rule) -> None:
    code = "@route(eval(path))  # redline: ignore[test-rule] trusted\ndef view():\n    pass\n"
    result = check(rule, code)
    assert reported(result) == [] and result.suppressed == 1


def test_ignore_lists_several_ids(rule: Rule) -> None:
    code = "eval(a)  # redline: ignore[ other-rule ,  test-rule ] both\n"
    assert reported(check(rule, code)) == []


def test_reason_text_is_never_read_as_ids(rule: Rule) -> None:
    code = "eval(a)  # redline: ignore[other-rule] unlike test-rule, which stays\n"
    assert reported(check(rule, code)) == [(RULE_ID, 1)]


def test_bare_ignore_suppresses_nothing_and_is_reported(rule: Rule) -> None:
    code = "x = 1\ny = eval(a)  # redline: ignore because test-rule is wrong here\n"
    result = check(rule, code)
    assert [(f.rule_id, f.span.start.line, f.span.start.column) for f in result.findings] == [
        (RULE_ID, 2, 4),
        ("invalid-suppression", 2, 13),
    ]
    assert result.suppressed == 0


def test_empty_brackets_are_a_bare_ignore(rule: Rule) -> None:
    result = check(rule, "eval(a)  # redline: ignore[] reason\n")
    assert reported(result) == [(RULE_ID, 1), ("invalid-suppression", 1)]


def test_hash_inside_a_string_is_not_a_comment(rule: Rule) -> None:
    code = "s = '# redline: ignore[test-rule] x'; eval(s)\nt = \"# redline: ignore\"\n"
    assert reported(check(rule, code)) == [(RULE_ID, 1)]


@pytest.mark.parametrize(
    ("code", "options"),
    [
        ('x = eval("""\n# redline: ignore[test-rule] inside the string\n""")\n', {}),
        ('x = eval("""\n# nosec\n""")\n', {"nosec": True}),
        ('x = eval("a \\\n# noqa")\n', {"noqa": True}),
    ],
    ids=["redline-in-triple-quotes", "nosec-in-triple-quotes", "noqa-after-backslash"],
)
def test_hash_inside_a_multi_line_string_is_not_a_comment(rule: Rule, code: str, options: dict[str, bool]) -> None:
    assert reported(check(rule, code, **options)) == [(RULE_ID, 1)]


def test_require_reason(rule: Rule) -> None:
    code = "eval(a)  # redline: ignore[test-rule]\neval(b)  # redline: ignore[test-rule] reviewed\n"
    assert reported(check(rule, code)) == []
    required = check(rule, code, require_reason=True)
    assert [(f.rule_id, f.span.start.line, f.message) for f in required.findings] == [
        ("suppression-without-reason", 1, "suppression of test-rule has no reason; write why after the bracket")
    ]


def test_report_unused(rule: Rule) -> None:
    code = """\
    eval(a)  # redline: ignore[test-rule] used
    b = 1  # redline: ignore[test-rule] nothing here
    eval(c)  # redline: ignore[test-rule, other-rule] half used
    """
    assert reported(check(rule, code)) == []
    unused = check(rule, code, report_unused=True)
    assert [(f.rule_id, f.span.start.line, f.message) for f in unused.findings] == [
        ("unused-suppression", 2, "suppression of test-rule matches no finding on this statement"),
        ("unused-suppression", 3, "suppression of other-rule matches no finding on this statement"),
    ]


# -- bandit / ruff compatibility -----------------------------------------------------------

_COMPAT = """\
eval(a)  # nosec
eval(a)  # nosec B307
eval(a)  # nosec B101
eval(a)  # noqa
eval(a)  # noqa: S307
eval(a)  # noqa: S101
eval(a)  # noqa: E501,S307
eval(a)
"""


@pytest.mark.parametrize(
    ("options", "kept"),
    [
        ({}, [1, 2, 3, 4, 5, 6, 7, 8]),
        ({"nosec": True}, [3, 4, 5, 6, 7, 8]),
        ({"noqa": True}, [1, 2, 3, 6, 8]),
        ({"nosec": True, "noqa": True}, [3, 6, 8]),
    ],
    ids=["off", "nosec", "noqa", "both"],
)
def test_nosec_and_noqa_only_when_enabled_and_only_for_the_rules_codes(
    rule: Rule, options: dict[str, bool], kept: list[int]
) -> None:
    assert [line for _, line in reported(check(rule, _COMPAT, **options))] == kept


def test_bare_nosec_and_noqa_suppress_rules_without_codes(tmp_path: Path) -> None:
    no_codes = make_rule(tmp_path, "pattern: eval($X)")
    code = "eval(a)  # nosec\neval(b)  # noqa\neval(c)  # nosec B307\neval(d)  # noqa: S307\n"
    result = check(no_codes, code, nosec=True, noqa=True)
    assert reported(result) == [(RULE_ID, 3), (RULE_ID, 4)]


def test_nosec_on_the_last_line_of_a_multi_line_call(rule: Rule) -> None:
    code = "x = eval(\n    data,\n)  # nosec B307\n"
    assert reported(check(rule, code, nosec=True)) == []
