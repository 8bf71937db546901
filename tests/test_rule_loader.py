"""Rule files are untrusted input: every problem names the file, the line, the rule and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine_helpers import load_text, rule_yaml, rules_file_text, write_rule_file
from redline.engine.rule_loader import LoadProblem, builtin_rules_dir, load_rules, rule_files

_FILTER_REGEX = """
patterns:
  - pattern: f($X)
  - metavariable-regex:
      metavariable: $X
      regex: '(unclosed'
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the rule text")


def only_problem(tmp_path: Path, text: str) -> tuple[Path, LoadProblem]:
    """Load a file that holds one broken rule: no rule comes out, exactly one problem does."""
    path = write_rule_file(tmp_path, text)
    rules, problems = load_text(tmp_path, text)
    assert rules == []
    assert len(problems) == 1, [str(p) for p in problems]
    return path, problems[0]


def assert_names(problem: LoadProblem, path: Path, lines: int | range, rule_id: str | None, key: str | None) -> None:
    """The problem, as printed, says file:line, the rule and the key."""
    text = str(problem)
    wanted = range(lines, lines + 1) if isinstance(lines, int) else lines
    assert problem.path == str(path), text
    assert problem.line in wanted, text
    assert text.startswith(f"{path}:{problem.line}:"), text
    assert problem.rule_id == rule_id, text
    if rule_id is not None:
        assert f"rule '{rule_id}'" in text
    if key is not None:
        assert f"{key}:" in problem.message, text


def test_bad_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    text = "rules:\n  - id: broken\n    message: m\n\tseverity: ERROR\n"
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, 4, None, None)
    assert "YAML" in problem.message


def test_yaml_tags_are_not_constructed(tmp_path: Path) -> None:
    text = "rules:\n  - id: tagged\n    message: !!python/object/apply:os.system ['echo hacked']\n"
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, 3, None, None)


@pytest.mark.parametrize(
    ("extra", "key", "needle"),
    [
        ("bogus: 1", "bogus", "bogus:"),
        ("mode: flow", "mode", "mode:"),
        ("redline:\n  confidence: high\n  bogus: 1", "redline.bogus", "bogus:"),
        ("redline:\n  tier: nope", "redline.tier", "tier:"),
        ("redline:\n  confidence: certain", "redline.confidence", "confidence:"),
        ("redline:\n  fix-safety: sometimes", "redline.fix-safety", "fix-safety:"),
        ("redline:\n  refined-by: Tainted SQL", "redline.refined-by", "refined-by:"),
        ("redline:\n  refined-by: tainted-sql-injection\n  covered-by: tainted-sql-injection", "redline.covered-by", "covered-by:"),
    ],
    ids=["top-level", "unknown-mode", "under-redline", "tier", "confidence", "fix-safety", "refined-by", "refined-and-covered"],
)
def test_bad_key_names_file_line_rule_and_key(tmp_path: Path, extra: str, key: str, needle: str) -> None:
    text = rules_file_text(rule_yaml("pattern: f()", extra=extra))
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, needle), "test-rule", key)


_ALTERNATIVE = "fix: g($X)\nredline:\n  alternative-fixes:\n"


@pytest.mark.parametrize(
    ("extra", "needle", "message"),
    [
        (_ALTERNATIVE + "    fix: h($X)", "alternative-fixes:", "list of mappings"),
        ("redline:\n  alternative-fixes:\n    - {fix: h($X), title: Use h}", "alternative-fixes:", "primary fix"),
        (_ALTERNATIVE + "    - {fix: h($X)}", "fix: h(", "title"),
        (_ALTERNATIVE + "    - fix: h($X)\n      title: Use h\n      when: always", "fix: h(", "'when'"),
        (_ALTERNATIVE + "    - fix: h($X\n      title: Use h", "fix: h(", "does not parse"),
        (_ALTERNATIVE + "    - fix: h($X)\n      title: Use h\n      safety: maybe", "safety: maybe", "maybe"),
        (_ALTERNATIVE + "    - fix: h($X)\n      title: Use h\n      imports: [not a module]", "imports:", "not a module"),
    ],
    ids=["not-a-list", "no-primary-fix", "no-title", "unknown-key", "bad-template", "bad-safety", "bad-imports"],
)
def test_bad_alternative_fix_names_file_line_rule_and_key(tmp_path: Path, extra: str, needle: str, message: str) -> None:
    text = rules_file_text(rule_yaml("pattern: f($X)", extra=extra))
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, needle), "test-rule", None)
    assert problem.message.startswith("redline.alternative-fixes"), problem.message  # .safety, .imports
    assert message in problem.message


@pytest.mark.parametrize(
    ("extra", "needle", "message"),
    [
        ("fix: g($X)\nredline:\n  fix-placement: after", "fix-placement:", "replace, before-statement"),
        ("redline:\n  fix-placement: before-statement", "fix-placement:", "needs a fix"),
    ],
    ids=["unknown-placement", "placement-without-fix"],
)
def test_bad_fix_placement_names_file_line_rule_and_key(tmp_path: Path, extra: str, needle: str, message: str) -> None:
    text = rules_file_text(rule_yaml("pattern: f($X)", extra=extra))
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, needle), "test-rule", "redline.fix-placement")
    assert message in problem.message


def test_alternative_fixes_load_in_order_and_default_to_offer_only(tmp_path: Path) -> None:
    extra = _ALTERNATIVE + "    - {fix: h($X), title: Use h}\n    - {fix: k($X), title: Use k, safety: safe, imports: [k]}"
    (rule,), problems = load_text(tmp_path, rules_file_text(rule_yaml("pattern: f($X)", extra=extra)))
    assert problems == []
    assert [(t.template, t.title, t.safety.value, t.imports) for t in rule.info.fix_templates] == [
        ("g($X)", "Apply Redline's fix for test-rule", "safe", ()),
        ("h($X)", "Use h", "offer-only", ()),
        ("k($X)", "Use k", "safe", ("k",)),
    ]


def test_taint_mode_needs_sinks_not_a_pattern(tmp_path: Path) -> None:
    text = rules_file_text(rule_yaml("pattern: f()", extra="mode: taint"))
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, "pattern:"), "test-rule", "pattern")
    assert "pattern-sinks" in problem.message


def test_unknown_key_in_patterns(tmp_path: Path) -> None:
    text = rules_file_text(rule_yaml("patterns:\n  - pattern: f()\n  - pattern-bogus: g()"))
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, "pattern-bogus"), "test-rule", "pattern-bogus")


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("pattern: oops(", "pattern"),
        ("patterns:\n  - pattern: f($X)\n  - pattern-not: oops(1", "pattern-not"),
        ("pattern-either:\n  - pattern: g()\n  - pattern: oops(", "pattern"),
    ],
    ids=["pattern", "pattern-not", "pattern-either"],
)
def test_pattern_that_does_not_parse(tmp_path: Path, body: str, key: str) -> None:
    text = rules_file_text(rule_yaml(body))
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, "oops("), "test-rule", key)
    assert "pattern" in problem.message and "parse" in problem.message


def test_bad_regex(tmp_path: Path) -> None:
    text = rules_file_text(rule_yaml(_FILTER_REGEX))
    path, problem = only_problem(tmp_path, text)
    entry = range(line_of(text, "metavariable-regex"), line_of(text, "regex: '") + 1)
    assert_names(problem, path, entry, "test-rule", "metavariable-regex.regex")
    assert "regex" in problem.message


@pytest.mark.parametrize(
    "comparison",
    [
        "__import__('os').system('touch {marker}') == 0",
        "$X.__class__ == 1",
        "(lambda: open('{marker}', 'w'))() == 1",
        "[c for c in 'ab'] == 1",
        "re.match('(', str($X))",
    ],
    ids=["import", "attribute", "lambda", "comprehension", "bad-regex-literal"],
)
def test_unsafe_comparison_is_refused_at_load(tmp_path: Path, comparison: str) -> None:
    marker = tmp_path / "executed"
    body = f"""
    patterns:
      - pattern: f($X)
      - metavariable-comparison:
          metavariable: $X
          comparison: "{comparison.format(marker=marker)}"
    """
    text = rules_file_text(rule_yaml(body))
    path, problem = only_problem(tmp_path, text)
    entry = range(line_of(text, "metavariable-comparison"), line_of(text, "comparison: ") + 1)
    assert_names(problem, path, entry, "test-rule", "metavariable-comparison.comparison")
    assert not marker.exists()


def test_missing_cwe(tmp_path: Path) -> None:
    text = "rules:\n  - id: no-cwe\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern: f()\n"
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, 2, "no-cwe", "metadata.cwe")


def test_bad_severity(tmp_path: Path) -> None:
    text = rules_file_text(rule_yaml("pattern: f()")).replace("severity: ERROR", "severity: HUGE")
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, "severity:"), "test-rule", "severity")


@pytest.mark.parametrize("bad_id", ["Bad_Id", "x", "-leading", "has space"])
def test_bad_id(tmp_path: Path, bad_id: str) -> None:
    text = rules_file_text(rule_yaml("pattern: f()", rule_id=f"'{bad_id}'"))
    path, problem = only_problem(tmp_path, text)
    assert_names(problem, path, line_of(text, "- id:"), bad_id, "id")


def test_one_broken_rule_does_not_stop_the_others_in_its_file(tmp_path: Path) -> None:
    text = rules_file_text(
        rule_yaml("pattern: f()", rule_id="first"),
        rule_yaml("pattern: oops(", rule_id="broken"),
        rule_yaml("pattern: g()", rule_id="last", extra="bogus: 1"),
        rule_yaml("pattern: h()", rule_id="fine"),
    )
    path = write_rule_file(tmp_path, text)
    rules, problems = load_text(tmp_path, text)
    assert [rule.id for rule in rules] == ["first", "fine"]
    assert [(p.rule_id, p.line) for p in problems] == [
        ("broken", line_of(text, "oops(")),
        ("last", line_of(text, "bogus")),
    ]
    assert all(p.path == str(path) for p in problems)


def _two_files_with_one_id(tmp_path: Path) -> tuple[Path, Path, str]:
    folder = tmp_path / "user-rules"
    folder.mkdir()
    first = write_rule_file(folder, rules_file_text(rule_yaml("pattern: f()", rule_id="same-id")), "a.yaml")
    second_text = rules_file_text(rule_yaml("pattern: g()", rule_id="other"), rule_yaml("pattern: h()", rule_id="same-id"))
    second = write_rule_file(folder, second_text, "b.yaml")
    return first, second, second_text


def test_duplicate_ids_across_files_are_reported(tmp_path: Path) -> None:
    first, second, _ = _two_files_with_one_id(tmp_path)
    rules, problems = load_rules([first.parent])
    assert [rule.id for rule in rules] == ["same-id", "other"]
    assert rules[0].info.source == str(first)
    assert len(problems) == 1
    assert problems[0].rule_id == "same-id" and problems[0].path == str(second)
    assert str(first) in problems[0].message


def test_duplicate_id_names_line_and_key(tmp_path: Path) -> None:
    first, second, second_text = _two_files_with_one_id(tmp_path)
    _, problems = load_rules([first.parent])
    assert len(problems) == 1
    assert_names(problems[0], second, line_of(second_text, "- id: same-id"), "same-id", "id")


def test_builtin_refined_by_names_a_taint_rule() -> None:
    """`redline.refined-by` (server/engine/refinement.py) must name a shipped taint rule."""
    rules, _ = load_rules([builtin_rules_dir()])
    taint = {rule.id for rule in rules if rule.taint is not None}
    refined = {rule.id: rule.info.refined_by for rule in rules if rule.info.refined_by is not None}
    assert len(refined) >= 10
    assert {rule_id: by for rule_id, by in refined.items() if by not in taint} == {}


def test_builtin_rules_all_load_without_problems() -> None:
    folder = builtin_rules_dir()
    rules, problems = load_rules([folder])
    assert problems == []
    assert len(rules) == len(rule_files(folder)) > 0
    assert all(rule.info.cwe is not None and rule.info.message for rule in rules)
