"""A keystroke in a statement that a pattern-inside or pattern-not-inside may match as a
statement of a run or of a block (os-access-toctou's `if not os.access(...): ...` followed
by a use, float-from-request's conversion followed by a finiteness check, a user rule's
`with` holding a `for`) may change the findings of the statements around it: those must
equal a from-scratch analysis, every rule on."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from nested_cases import apply_random_edits, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import Rule, load_rule_text
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="contexts.py")  # every rule, audit tier included

TOCTOU = '''import os

OK = os.access


def f(p):
    x = 1
    if not os.acces(p, os.R_OK):
        return
    open(p)
    return x
'''

FLOAT = '''import math
from flask import request

FINITE = math.isfinite


def g():
    y = 1
    amount = float(request.args["amount"])
    if not math.isfinit(amount):
        raise ValueError(amount)
    return amount, y
'''


def _replace(document: IncrementalDocument, old: str, new: str) -> None:
    """Replace the first `old` of the text by `new`, as one keystroke."""
    rows = document.text.splitlines()
    line = next(i for i, row in enumerate(rows) if old in row)
    column = rows[line].index(old)
    document.apply([Change((line, column), (line, column + len(old)), new)])
    assert_same_as_scratch(document)


def _ids(document: IncrementalDocument, rule: str) -> list[int]:
    return [f.span.start.line for f in document.findings() if f.rule_id == rule]


def _typed_and_undone(engine: Engine, text: str, rule: str, old: str, new: str, line: int) -> None:
    """`old` typed as `new` makes `rule` report on `line`, typed back it reports nothing,
    as from scratch after each keystroke."""
    document = IncrementalDocument(engine, text, OPTIONS)
    assert _ids(document, rule) == []
    _replace(document, old, new)
    assert _ids(document, rule) == [line]
    _replace(document, new, old)
    assert _ids(document, rule) == []


def test_typing_the_check_of_a_run_reports_the_use_after_it_and_undoing_removes_it(engine: Engine) -> None:
    """`os.acces` -> `os.access` makes the `if not os.access(...)` run match: `open(p)` after
    it is reported (missed without the change: the `if` was checked alone); deleting the `s`
    again removes it (kept without the change)."""
    _typed_and_undone(engine, TOCTOU, "os-access-toctou", "os.acces(", "os.access(", 10)


def test_a_simple_statement_of_a_run_typed_changes_the_findings_before_it(engine: Engine) -> None:
    """float-from-request's conversion is accepted by a later `if not math.isfinite(...)`:
    typing that check's name (an `if`) or the conversion's target (a simple statement of the
    run) changes the finding of the conversion, as from scratch."""
    document = IncrementalDocument(engine, FLOAT, OPTIONS)
    assert _ids(document, "float-from-request") == [9]
    _replace(document, "isfinit(", "isfinite(")
    assert _ids(document, "float-from-request") == []
    _replace(document, "amount = float", "amounts = float")
    assert _ids(document, "float-from-request") == [9]
    _replace(document, "amounts = float", "amount = float")
    assert _ids(document, "float-from-request") == []


def test_the_use_after_the_check_typed_in_is_reported(engine: Engine) -> None:
    """The use itself, edited after a matching check, is reported or not as from scratch."""
    document = IncrementalDocument(engine, TOCTOU.replace("os.acces(", "os.access("), OPTIONS)
    assert _ids(document, "os-access-toctou") == [10]
    _replace(document, "open(p)", "open(pp)")
    assert _ids(document, "os-access-toctou") == []
    _replace(document, "open(pp)", "open(p)")
    assert _ids(document, "os-access-toctou") == [10]


USER_RULES = """rules:
  - id: sleep-after-acquire
    message: a sleep after the lock is taken
    severity: high
    languages: [python]
    metadata: {cwe: "CWE-95: Eval Injection"}
    patterns:
      - pattern-inside: |
          $LOCK.acquire()
          ...
      - pattern: time.sleep(...)
  - id: sleep-in-listed-loop
    message: a sleep in a `with` that lists a folder first
    severity: high
    languages: [python]
    metadata: {cwe: "CWE-95: Eval Injection"}
    patterns:
      - pattern-inside: |
          with $CONTEXT:
              for $NAME in os.listdir($FOLDER):
                  ...
              ...
      - pattern: time.sleep(...)
"""

USER_TEXT = '''import os
import time

LIST, TAKE = os.listdir, print.acquire


def h(lock, folder, delay):
    lock.acquir()
    with open(folder):
        for name in os.listdi(folder):
            print(name)
        time.sleep(delay)
    return delay
'''


@pytest.fixture(scope="module")
def user_engine(builtin_rules: list[Rule]) -> Engine:
    """The built-in rules with two user rules whose context is a run starting with a simple
    statement, and a `with` whose block starts with a `for`."""
    rules, problems = load_rule_text(USER_RULES, "user", "user.yaml")
    assert not problems
    return Engine([*builtin_rules, *rules])


def test_a_simple_statement_typed_as_the_start_of_a_run_reports_what_follows(user_engine: Engine) -> None:
    """`lock.acquir()` -> `lock.acquire()` starts the run: the sleep four lines below is
    reported (missed without the change: the call's line was checked alone), and goes again."""
    _typed_and_undone(user_engine, USER_TEXT, "sleep-after-acquire", "lock.acquir()", "lock.acquire()", 12)


def test_a_for_header_in_a_with_context_changes_the_findings_after_the_for(user_engine: Engine) -> None:
    """context_kinds names only the `with` of sleep-in-listed-loop: without the change, the
    `for` header typed as `os.listdir(...)` was checked alone and the sleep after the loop,
    in the `with`, kept no finding (and kept it on undo)."""
    _typed_and_undone(user_engine, USER_TEXT, "sleep-in-listed-loop", "os.listdi(", "os.listdir(", 12)


# Where these rules' runs and blocks are made or unmade by a letter (typed after the word, or
# the word's last letter deleted), and pieces typed anywhere: words, lines that add or remove
# statements between the statements of a run. (No flask import: the refinable rules it makes
# possible check whole functions.)
ANCHORS = ["not os.acces", "    lock.acquir", "in os.listdi", "not os.access", "    lock.acquire", "in os.listdir", "open(p", "x = 1", "return"]
PIECES = ["s", "e", "r", "(", ":", "\n", "    ", "os.access(p, 1)", "lock.acquire()", "os.listdir(folder)", "x = 1\n", "open(p)\n", "time.sleep(1)\n"]
MIXED = "\n\n".join([USER_TEXT, TOCTOU.split("\n", 2)[2]])
ANCHORED = st.tuples(st.sampled_from(ANCHORS), st.integers(0, 1), st.sampled_from(["s", "e", "r", ""]))
ANYWHERE = st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(PIECES))


def _anchored(document: IncrementalDocument, anchor: str, removed: int, piece: str) -> None:
    """`piece` typed after the first `anchor` of the text over its last `removed` characters
    (nothing when the text no longer holds it), checked against a from-scratch analysis."""
    rows = document.text.split("\n")
    line = next((i for i, row in enumerate(rows) if anchor in row), None)
    if line is not None:
        end = rows[line].index(anchor) + len(anchor)
        document.apply([Change((line, end - removed), (line, end), piece)])
        assert_same_as_scratch(document)


def _edited(document: IncrementalDocument, edits: list[tuple]) -> None:
    """Each edit applied: anchored (three items) or anywhere, checked against from scratch."""
    for edit in edits:
        if len(edit) == 3:
            _anchored(document, *edit)
        else:
            apply_random_edits(document, [edit])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(ANCHORED, ANYWHERE), min_size=1, max_size=6))
@example(edits=[(0.09375, 0.0, 0, "lock.acquire()")])  # a top-level `lock.acquire()` starts a run over `h` (seq33)
def test_random_edits_under_run_and_block_contexts_equal_from_scratch(user_engine: Engine, edits: list[tuple]) -> None:
    """Keystrokes in functions under os-access-toctou and the two user rules, where their runs
    and blocks start or anywhere, give the findings of a from-scratch analysis after each."""
    _edited(IncrementalDocument(user_engine, MIXED, OPTIONS), edits)


# A run of a rule's context among top-level statements, or among the members of a class
# body, each a unit checked alone: `lock.acquire()` there covers the units after it. (`TAKE`
# keeps the rule's words in the text: a rule made possible has every unit checked.)
TOP_TEXT = """import time
TAKE = print.acquire
lock.acquir()
x = 1
time.sleep(1)


def f(delay):
    time.sleep(delay)


class Worker:
    lock.acquir()
    time.sleep(2)

    def run(self):
        time.sleep(3)
"""


def test_a_top_level_or_class_body_statement_typed_as_the_start_of_a_run_reports_the_units_after_it(user_engine: Engine) -> None:
    """`lock.acquir()` -> `lock.acquire()` at top level reports the sleeps in the units after
    it (the next statement, the function, the class body and its method), in a class body
    the sleeps of its later members; deleting the `e` again removes them, as from scratch
    after each keystroke (without the change only the edited statement was checked)."""
    document = IncrementalDocument(user_engine, TOP_TEXT, OPTIONS)
    assert _ids(document, "sleep-after-acquire") == []
    for line, after in ((2, [5, 9, 14, 17]), (12, [14, 17])):
        column = document.text.split("\n")[line].index("(")
        document.apply([Change((line, column), (line, column), "e")])
        assert_same_as_scratch(document)
        assert sorted(_ids(document, "sleep-after-acquire")) == after
        document.apply([Change((line, column), (line, column + 1), "")])
        assert_same_as_scratch(document)
        assert _ids(document, "sleep-after-acquire") == []


TOP_ANCHORS = ["lock.acquir", "lock.acquire", "x = 1", "time.sleep(2", "def run"]
TOP_ANCHORED = st.tuples(st.sampled_from(TOP_ANCHORS), st.integers(0, 1), st.sampled_from(["s", "e", "r", ""]))
TOP_ANYWHERE = st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(PIECES))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(TOP_ANCHORED, TOP_ANYWHERE), min_size=1, max_size=6))
@example(edits=[("    lock.acquir", 0, "e"), ("lock.acquir", 0, "e"), ("lock.acquire", 1, "")])
def test_random_edits_of_runs_at_top_level_and_in_class_bodies_equal_from_scratch(user_engine: Engine, edits: list[tuple]) -> None:
    """Keystrokes where a run of sleep-after-acquire's context starts among top-level
    statements or class members, or anywhere, give the findings of a from-scratch analysis."""
    _edited(IncrementalDocument(user_engine, TOP_TEXT, OPTIONS), edits)


ASSIGNMENT_RUNS = '''import hashlib

LIMIT = 10


def report(cursor, name):
    query = "SELECT * FROM t WHERE name = '%s'" % name
    cursor.execute(query)


def total(values):
    result = 0
    for value in values:
        result += value
    return result


def digest(text):
    return hashlib.md5(text.encode()).hexdigest()
'''


def test_a_top_level_assignment_typed_checks_again_only_the_units_a_run_from_it_may_reach(engine: Engine) -> None:
    """sql-string-formatting's run starts with any assignment (`$Q = "..." % ...`, then the
    query executed): a digit typed into `LIMIT = 10` may make or unmake such a run, but only
    `report`, which names `execute`, may hold its match; `digest` keeps its weak-hash finding
    unchecked. Checked: `LIMIT = 100`'s 2 lines, `report`'s 5 and `total`'s 7 (a lazy unit,
    parsed after an edit of module code, as before runs were followed). With every unit
    checked again (f1d8c2a), 20 lines: at 10,031 lines every top-level assignment's
    keystroke checked the whole file."""
    document = IncrementalDocument(engine, ASSIGNMENT_RUNS, OPTIONS)
    assert {f.rule_id for f in document.findings()} == {"sql-string-formatting", "weak-hash"}
    before = document.stats.checked_lines
    document.apply([Change((2, 10), (2, 10), "0")])
    assert_same_as_scratch(document)
    assert document.stats.checked_lines - before == 14


# Runs whose first statement is any assignment, at top level and in a class body, with units
# that may and may not hold their match (`execute`, `md5`).
TOP_QUERIES = '''import hashlib
import sqlite3

cursor = sqlite3.connect("db").cursor()
query = "SELECT * FROM t WHERE name = '%s'" % input()
cursor.execute(query)
LIMIT = 10


class Store:
    table = "t"
    sql = "DELETE FROM %s" % table
    cursor.execute(sql)

    def digest(self, text):
        return hashlib.md5(text.encode()).hexdigest()


def report(name):
    cursor.execute("SELECT %s" % name)
'''
QUERY_PIECES = ["x", "0", "\n", "    ", "query = 1\n", 'q = "%s" % LIMIT\n', "cursor.execute(q)\n", "sql = 2\n", "# ", "execute"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(QUERY_PIECES)), min_size=1, max_size=6))
def test_random_edits_of_assignment_runs_equal_from_scratch(engine: Engine, edits: list[tuple]) -> None:
    """Keystrokes at top level and in a class body where sql-string-formatting's runs start
    with any assignment: the units kept unchecked (`_run_pieces`) keep the findings a
    from-scratch analysis gives."""
    _edited(IncrementalDocument(engine, TOP_QUERIES, OPTIONS), edits)
