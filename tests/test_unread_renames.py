"""A local renamed where it is bound: the statements naming it are checked again only when a
match there asked the function's scope about it (Resolver's `asked`), or a rule names what
the rule index resolves it to (units.py, `_unread`); the findings are a from-scratch
analysis's either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import rule_yaml, rules_file_text, write_rule_file
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lazy_cases import TEXT
from nested_cases import apply_random_edits, assert_same_as_scratch

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import load_rules
from redline.engine.units import Change, IncrementalDocument

# `parts` is named on most lines of `usage`, always as `parts.m(...)`: no rule's match asks
# what it holds. `ok` is looked through by assert-used (`assert isinstance(...)` is not
# reported), `digest` by weak-hash (`digest(safe)` calls `hashlib.md5`), and weak-hash asks
# for the value of `kind` (`hashlib.new(kind)`: a constant "md5").
USAGE = "import hashlib\n" + TEXT + '''

def usage(items, safe):
    parts = []
    ok = isinstance(items, list)
    digest = hashlib.md5
    kind = "md5"
    for item in items:
        parts.append(item)
        parts.append(item)
        parts.append(item)
    parts.extend(items)
    parts.extend(items)
    parts.sort()
    assert ok
    digest(safe)
    hashlib.new(kind)
    return parts
'''
OPTIONS = AnalysisOptions(path="usage.py")


def _renamed(document: IncrementalDocument, needle: str, column: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], list[tuple[str, int]]]]:
    """Type `x` after the name at `column` of the line `needle`, then delete it: per edit,
    the kinds of the parts checked and the findings, each equal to a from-scratch analysis's."""
    checked: list[str] = []
    real_check = IncrementalDocument._check

    def check(self: IncrementalDocument, *args: object, **where: object) -> list:
        checked.append(type(where.get("part")).__name__)
        return real_check(self, *args, **where)  # type: ignore[arg-type]

    monkeypatch.setattr(IncrementalDocument, "_check", check)
    line = document.text.splitlines().index(needle)
    seen = []
    for change in (Change((line, column), (line, column), "x"), Change((line, column), (line, column + 1), "")):
        checked.clear()
        document.apply([change])
        seen.append((list(checked), [(f.rule_id, f.span.start.line) for f in document.findings()]))
        assert_same_as_scratch(document)
    return seen


BEFORE = [("subprocess-import", 3), ("subprocess-shell-injection", 7), ("try-except-pass", 26), ("weak-hash", 45), ("weak-hash", 46)]


def test_a_local_no_match_asked_about_is_renamed_with_its_statement_checked_alone(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renaming `parts` (and back) checks the edited statement alone: its readers (on most
    of the function's lines, so it was checked whole) keep their findings."""
    document = IncrementalDocument(engine, USAGE, OPTIONS)
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == BEFORE
    assert _renamed(document, "    parts = []", 9, monkeypatch) == [(["SimpleStatementLine"], BEFORE), (["SimpleStatementLine"], BEFORE)]


def test_a_local_a_match_looked_through_has_its_readers_checked(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """`assert ok` is not reported while `ok` holds `isinstance(...)`: renaming `ok` checks
    that reader again (the assert is reported) beside the edited statement, and so does
    renaming `digest`, through which `digest(safe)` calls `hashlib.md5`, or `kind`, whose
    value weak-hash asks for (no rule names what the index resolves `kind` to)."""
    document = IncrementalDocument(engine, USAGE, OPTIONS)
    statements = ["SimpleStatementLine", "SimpleStatementLine"]
    assert _renamed(document, "    ok = isinstance(items, list)", 6, monkeypatch) == [
        (statements, sorted([*BEFORE, ("assert-used", 44)], key=lambda f: f[1])), (statements, BEFORE),
    ]
    assert _renamed(document, "    digest = hashlib.md5", 10, monkeypatch) == [(statements, [*BEFORE[:3], BEFORE[4]]), (statements, BEFORE)]
    assert _renamed(document, '    kind = "md5"', 8, monkeypatch) == [(statements, BEFORE[:4]), (statements, BEFORE)]


SHADOWED = '''def run(data, safe):
    dangerous = safe
    print(data)
    dangerous(data)
    print(data)
    return data
'''


def test_a_renamed_local_whose_name_a_rule_calls_has_its_readers_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With `dangerous = safe`, `dangerous(data)` calls what `safe` holds and no rule is
    tried there, so no match asks about `dangerous`; renamed, the call names the rule's
    `dangerous`: it is checked again (the rule index resolves the name to one a pattern
    names) and reported, and the finding goes when the name comes back."""
    write_rule_file(tmp_path, rules_file_text(rule_yaml("pattern: dangerous(...)")))
    rules, problems = load_rules([tmp_path])
    assert not problems
    document = IncrementalDocument(Engine(rules), SHADOWED, AnalysisOptions(path="shadowed.py"))
    assert document.findings() == []
    seen = _renamed(document, "    dangerous = safe", 13, monkeypatch)
    assert [found for _, found in seen] == [[("test-rule", 4)], []]
    assert [kinds.count("SimpleStatementLine") for kinds, _ in seen] == [2, 2]  # beside the function's data flow


RENAMES = ["x", "parts", "ok", "digest", "isinstance", "hashlib", " = None", "\n    parts = ok\n", "\n    assert parts\n", "#"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0.66, 1), st.floats(0, 1), st.integers(0, 6), st.sampled_from(RENAMES)), min_size=1, max_size=6))
@example([(0.69, 0.643, 0, "x"), (0.69, 0.61, 1, "")])  # `parts = []` renamed and back: the statement alone
@example([(0.69, 0.643, 0, "x"), (0.895, 1.0, 0, "\n    assert parts\n")])  # renamed, then a reader a match asks about
@example([(0.703, 0.19, 0, "x"), (0.703, 0.22, 0, "x")])  # `ok` renamed twice: `assert ok` reported
@example([(0.703, 0.125, 2, "parts"), (0.703, 0.115, 5, "ok")])  # `parts` bound where `ok` was, and back
@example([(0.745, 0.3, 0, "x"), (0.69, 0.643, 0, "x")])  # `kind` renamed (weak-hash asks for its value), then `parts`
def test_renames_of_locals_read_on_many_lines_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, USAGE, OPTIONS)
    apply_random_edits(document, edits)
