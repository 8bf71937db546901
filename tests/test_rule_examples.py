"""Every built-in rule against its annotated example file, and every fix applied to it.

`# ruleid: ID` means the next code line must be reported by ID; `# ok: ID` means it must not.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import libcst as cst
import pytest

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.edits import apply_fixes
from redline.engine.model import Finding
from redline.engine.rule_loader import Rule, builtin_rules_dir, load_rule_file, rule_files

RULES_DIR = builtin_rules_dir()
RULE_FILES = rule_files(RULES_DIR)
_ANNOTATION = re.compile(r"^\s*#\s*(ruleid|ok)\s*:\s*(?P<ids>[\w\-, ]+?)\s*$")


def _rule_of(path: Path) -> Rule:
    rules, problems = load_rule_file(path)
    assert not problems, "\n".join(map(str, problems))
    assert len(rules) == 1, f"{path}: a built-in rule file holds exactly one rule"
    rule = rules[0]
    assert rule.id == path.stem, f"{path}: rule id {rule.id!r} must equal the file name"
    return rule


def annotations(example: Path, rule_id: str) -> tuple[set[int], set[int]]:
    """Lines that must (ruleid) and must not (ok) be reported by `rule_id`."""
    expected: set[int] = set()
    allowed_not: set[int] = set()
    pending: list[tuple[str, set[str]]] = []
    for number, line in enumerate(example.read_text(encoding="utf-8").splitlines(), start=1):
        match = _ANNOTATION.match(line)
        if match:
            pending.append((match.group(1), {i.strip() for i in match.group("ids").split(",")}))
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for kind, ids in pending:
            if rule_id in ids:
                (expected if kind == "ruleid" else allowed_not).add(number)
        pending = []
    return expected, allowed_not


def _findings(rule: Rule, text: str, path: Path) -> list:
    engine = Engine([rule])
    analysis = engine.analyze_source(text, AnalysisOptions(path=str(path)))
    assert not analysis.errors, [e.message for e in analysis.errors]
    return [f for f in analysis.findings if f.rule_id == rule.id]


def test_rules_exist() -> None:
    assert len(RULE_FILES) >= 30


@pytest.mark.parametrize("rule_file", RULE_FILES, ids=lambda p: p.stem)
def test_rule_example(rule_file: Path) -> None:
    rule = _rule_of(rule_file)
    example = rule_file.with_suffix(".py")
    assert example.is_file(), f"{rule_file}: missing example file {example.name}"
    expected, must_not = annotations(example, rule.id)
    assert expected and must_not, f"{example}: needs at least one '# ruleid: {rule.id}' and one '# ok: {rule.id}' line"
    reported = {f.span.start.line for f in _findings(rule, example.read_text(encoding="utf-8"), example)}
    problems = [f"{example}:{line}: {rule.id} not reported (ruleid)" for line in sorted(expected - reported)]
    problems += [f"{example}:{line}: {rule.id} reported on an ok line" for line in sorted(must_not & reported)]
    problems += [
        f"{example}:{line}: {rule.id} reported on an unannotated line"
        for line in sorted(reported - expected - must_not)
    ]
    assert not problems, "\n".join(problems)


def _has_fix(path: Path) -> bool:
    rules, _ = load_rule_file(path)
    return any(rule.info.has_fix for rule in rules)


FIXABLE = [path for path in RULE_FILES if _has_fix(path)]
# Every (rule, choice) pair, a choice being a fix title: the primary fix, then each alternative
# (alternatives sharing a title are one choice written for different code shapes).
FIX_CHOICES = [
    pytest.param(path, title, id=f"{path.stem}-fix{number}")
    for path in FIXABLE
    for number, title in enumerate(dict.fromkeys(t.title for t in load_rule_file(path)[0][0].info.fix_templates), 1)
]


def _choosing(findings: list[Finding], choice: str) -> list[Finding]:
    """The findings that offer the fix titled `choice`, with that fix as the one to apply."""
    chosen = ((f, next((fix for fix in f.fixes if fix.title == choice), None)) for f in findings)
    return [replace(f, fix=fix, alternatives=()) for f, fix in chosen if fix is not None]


@pytest.mark.parametrize(("rule_file", "choice"), FIX_CHOICES)
def test_rule_fix(rule_file: Path, choice: str) -> None:
    """Applying every fix (each alternative in turn) to the example gives code that parses and
    no longer triggers."""
    rule = _rule_of(rule_file)
    example = rule_file.with_suffix(".py")
    text = example.read_text(encoding="utf-8")
    findings = _findings(rule, text, example)
    with_fix = _choosing(findings, choice)
    assert with_fix, f"{example}: no finding of {rule.id} offers the fix {choice!r}"
    fixed = text
    for _ in range(5):  # overlapping fixes are applied over several passes, as --fix does
        current = _choosing(_findings(rule, fixed, example), choice)
        if not current:
            break
        fixed, _ = apply_fixes(fixed, current, include_offer_only=True)
    cst.parse_module(fixed)
    remaining = _findings(rule, fixed, example)
    assert len(remaining) == len(findings) - len(with_fix), (
        f"{example}: after the fixes {choice!r} {rule.id} still reports lines "
        f"{[f.span.start.line for f in remaining]}:\n{fixed}"
    )
