"""Helpers shared by the engine tests: small rules from YAML text, checked on small snippets.

A rule body is the YAML below a rule's fixed head (id, message, severity, languages, cwe),
written unindented, for instance::

    pattern: eval($X)

`findings(tmp_path, body, code)` loads that one rule from a file in `tmp_path` (asserting it
loads without problems), checks `code` with it and returns the findings.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Sequence

import libcst as cst

from redline.engine.analysis import Analysis, AnalysisOptions, Engine
from redline.engine.edits import apply_fixes
from redline.engine.model import Finding
from redline.engine.rule_loader import LoadProblem, Rule, builtin_rules_dir, load_rule_file, rule_files
from redline.engine.suppressions import SuppressionOptions

RULE_ID = "test-rule"
SNIPPET_PATH = "snippet.py"
RULE_EXAMPLES = sorted(path.with_suffix(".py") for path in rule_files(builtin_rules_dir()))  # each built-in rule's example file


def rule_yaml(body: str, *, rule_id: str = RULE_ID, message: str = "matched", extra: str = "") -> str:
    """The YAML of one rule (as a list item) whose pattern part is `body`; `extra` adds keys."""
    lines = [
        f"- id: {rule_id}",
        f"  message: {_quoted(message)}",
        "  severity: ERROR",
        "  languages: [python]",
        "  metadata:",
        '    cwe: "CWE-20: Improper Input Validation"',
    ]
    for part in (body, extra):
        if part.strip():
            lines.append(textwrap.indent(textwrap.dedent(part).strip("\n"), "  "))
    return "\n".join(lines) + "\n"


def rules_file_text(*rules: str) -> str:
    """A rule file holding the given rule items (from `rule_yaml`)."""
    return "rules:\n" + "".join(textwrap.indent(rule, "  ") for rule in rules)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_rule_file(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str, name: str = "rules.yaml") -> tuple[list[Rule], list[LoadProblem]]:
    """Load a whole rule file given as text (problems are returned, not asserted)."""
    return load_rule_file(write_rule_file(tmp_path, text, name))


def make_rules(tmp_path: Path, *rules: str) -> list[Rule]:
    """Load rule items (from `rule_yaml`) and assert they load without problems."""
    loaded, problems = load_text(tmp_path, rules_file_text(*rules))
    assert not problems, "\n".join(map(str, problems))
    assert len(loaded) == len(rules)
    return loaded


def make_rule(tmp_path: Path, body: str, **keys: str) -> Rule:
    (rule,) = make_rules(tmp_path, rule_yaml(body, **keys))
    return rule


def analyze(
    rules: Rule | Sequence[Rule],
    code: str,
    *,
    suppression: SuppressionOptions | None = None,
    path: str = SNIPPET_PATH,
) -> Analysis:
    """Check `code` (dedented) with the rules; the raw Analysis (findings and errors)."""
    engine = Engine([rules] if isinstance(rules, Rule) else list(rules))
    options = AnalysisOptions(path=path, suppression=suppression or SuppressionOptions())
    return engine.analyze_source(textwrap.dedent(code), options)


def findings(tmp_path: Path, body: str, code: str, **keys: str) -> list[Finding]:
    """Findings of a one-rule rule set on `code`; asserts the file produced no errors."""
    result = analyze(make_rule(tmp_path, body, **keys), code)
    assert not result.errors, [e.message for e in result.errors]
    return result.findings


def lines(found: Sequence[Finding]) -> list[int]:
    """The first line of each finding, in report order."""
    return [f.span.start.line for f in found]


def positions(found: Sequence[Finding]) -> list[tuple[int, int, int, int]]:
    """(start line, start column, end line, end column) of each finding."""
    return [(f.span.start.line, f.span.start.column, f.span.end.line, f.span.end.column) for f in found]


def matched_lines(tmp_path: Path, body: str, code: str) -> list[int]:
    return lines(findings(tmp_path, body, code))


def fix_all(code: str, found: Sequence[Finding], *, include_offer_only: bool = False) -> str:
    """`code` (dedented) with the findings' fixes applied; asserts the result parses."""
    fixed, _ = apply_fixes(textwrap.dedent(code), found, include_offer_only=include_offer_only)
    cst.parse_module(fixed)
    return fixed
