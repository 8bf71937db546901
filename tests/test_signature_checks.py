"""A name typed into a parameter of a method's `def` line (its blocks kept: nesting.with_header)
re-checks the signature and the statements that name the renamed parameter, or in turn a name
such a statement binds (units._parameter_readers, found inside compound statements), not the
whole method, unless a rule may match at the `def` itself or around code by one
(Rule.context_kinds), or a refinable rule may match in it and the edit may change its data
flow (signature_flow.py); the findings equal a from-scratch analysis either way. The document holds no input (lazy units, no source): the method's data
flow is not walked (units._without_input)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lazy_cases import TEXT
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="signature.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier
# weak-hash's pattern-not-inside matches a `def` by its name: a `def` line renaming it is checked whole
NARROW = AnalysisOptions(path="signature.py", enabled=lambda info: info.tier == Tier.VULN and info.id != "weak-hash")

METHODS = '''

class Spool:
    if os.name == "nt":
        def save(self, items, lock, level=1):
            name = tempfile.mktemp()
            try:
                with lock:
                    first = tempfile.mktemp(dir=items[0])
                    other = tempfile.mktemp()
            except ValueError:
                raise
            total = level + 1
            last = tempfile.mktemp(suffix=str(total))
            return name, first, other, last
'''
SIGNATURE = TEXT.replace("import os\n", "import hashlib\nimport os\nimport tempfile\n") + METHODS


def _type_after(document: IncrementalDocument, needle: str, name: str, typed: str = "x") -> int:
    """Type at the end of `name` in the line holding `needle`; the lines the checks walked,
    checked equal to a from-scratch analysis after."""
    line = next(i for i, row in enumerate(document.text.splitlines()) if needle in row)
    column = document.text.splitlines()[line].index(name) + len(name)
    checked = document.stats.checked_lines
    document.apply([Change((line, column), (line, column), typed)])
    assert_same_as_scratch(document)
    return document.stats.checked_lines - checked


def _opened(engine: Engine, text: str = SIGNATURE, options: AnalysisOptions = NARROW, count: int = 4) -> IncrementalDocument:
    document = IncrementalDocument(engine, text, options)
    assert sum(f.rule_id == "tempfile-mktemp" for f in document.findings()) == count
    assert document.lazy_units() > 0
    return document


def test_a_parameter_read_deep_in_a_try_and_with_re_checks_its_readers_alone(engine: Engine) -> None:
    """`items` is read only in `first = tempfile.mktemp(dir=items[0])`, inside the `with`
    inside the `try:`, and `first` by the `return`: the `def` line and those two lines are
    checked (the whole 11-line method before, the `try:` whole had the search stayed at the
    body's top level). `lock`, read by the `with` header, checks the `with` (3 lines) and the
    `return` reading what it binds."""
    document = _opened(engine)
    assert _type_after(document, "def save(self, items", "items") == 1 + 1 + 1
    assert _type_after(document, "def save(self, itemsx, lock", "lock") == 1 + 3 + 1


def test_a_parameter_flowing_through_an_assignment_re_checks_its_readers(engine: Engine) -> None:
    """`level` is read by `total = level + 1`, `total` by the `last = ...` line below, `last`
    by the `return`: those three are checked again with the `def` line (11 lines before).
    An unused parameter added checks the `def` line alone."""
    document = _opened(engine)
    assert _type_after(document, "def save(self, items, lock, level=1)", "level") == 1 + 3
    assert _type_after(document, "def save(self, items, lock, levelx=1)", "levelx=1", ", spare=None") == 1


def test_a_default_argument_finding_is_found_in_the_signature_checked_alone(engine: Engine) -> None:
    """A default argument holding a temporary name: the signature's nodes are checked, so its
    finding stays (and a new one typed there is found), as from scratch."""
    text = SIGNATURE.replace("level=1):", "level=1, spool=tempfile.mktemp()):")
    document = _opened(engine, text, count=5)
    assert _type_after(document, "def save(self, items", "items") == 1 + 1 + 1
    assert _type_after(document, "spool=tempfile.mktemp()", "spool=tempfile.mktemp()", ", spare=tempfile.mktemp()") == 1
    assert sum(f.rule_id == "tempfile-mktemp" for f in document.findings()) == 6


def test_a_def_keeping_its_name_is_checked_alone_under_a_rule_comparing_defs_by_name(engine: Engine) -> None:
    """weak-hash's pattern-not-inside matches a `def` by its name alone (`def $FUNCTION(...):`
    with a metavariable-regex on the name, Rule.context_defs_by_name): a parameter renamed
    checks the signature and its readers (`other = hashlib.md5(items[1])` among them) with
    the rule enabled (the whole 11-line method before, as on 3dc996c). The `def`'s name
    edited to one the rule exempts (`save_etag`) checks the method whole: its weak-hash
    finding goes, and comes back when the name does, as from scratch."""
    text = SIGNATURE.replace("other = tempfile.mktemp()", "other = hashlib.md5(items[1])")
    document = _opened(engine, text, VULN, count=3)
    assert _type_after(document, "def save(self, items", "items") == 1 + 2 + 1
    assert sum(f.rule_id == "weak-hash" for f in document.findings()) == 1
    assert _type_after(document, "def save(self, itemsx", "def save", "_etag") == 12  # the method whole, its `def` line too
    assert not any(f.rule_id == "weak-hash" for f in document.findings())
    assert _type_after(document, "def save_etag(self, itemsx, lock", "lock") == 1 + 3 + 1  # exempt: checked alone too
    line = next(i for i, row in enumerate(document.text.splitlines()) if "def save_etag(" in row)
    column = document.text.splitlines()[line].index("_etag")
    document.apply([Change((line, column), (line, column + len("_etag")), "")])
    assert_same_as_scratch(document)
    assert sum(f.rule_id == "weak-hash" for f in document.findings()) == 1


TYPED = ["x", "s", ", items", ", level", ", spool=tempfile.mktemp()", "_", ", total", "lock", "_etag"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.booleans(), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 2), st.sampled_from(TYPED)), min_size=1, max_size=6))
def test_keystrokes_in_a_def_line_find_what_a_from_scratch_analysis_finds(engine: Engine, narrow: bool, edits: list[tuple[float, int, str]]) -> None:
    """Names typed over (or in place of) parts of the `def` line's name and parameters, one
    after the other, under the narrow rule set or the editor's tier (with a weak-hash
    finding in the method, exempt under a name holding `_etag`), each compared with a
    from-scratch analysis."""
    text = SIGNATURE if narrow else SIGNATURE.replace("other = tempfile.mktemp()", "other = hashlib.md5(items[1])")
    document = IncrementalDocument(engine, text, NARROW if narrow else VULN)
    line = next(i for i, row in enumerate(text.splitlines()) if "def save(" in row)
    for at, removed, typed in edits:
        row = document.text.splitlines()[line]
        low, high = row.index("def ") + len("def "), row.rindex(")")
        column = low + int(at * (high - low))
        document.apply([Change((line, column), (line, min(high, column + removed)), typed)])
        assert_same_as_scratch(document)


# A method holding sinks of os-system-injection, a pattern rule refined by
# tainted-command-injection: strict mode (every parameter tainted) keeps `os.system(cmd)`'s
# finding and drops `os.system("ls")`'s; `spare` is read nowhere.
SHELL = '''

LOCAL = "ls"


class Shell:
    if os.name == "nt":
        @property
        def run(self, cmd, spare, count: int = 1):
            os.system(cmd)
            os.system("ls")
            os.system(LOCAL)
            code = str(count)
            os.system(code)
            name = tempfile.mktemp()
            return name
'''
REFINED = SIGNATURE + SHELL


def _shell_findings(document: IncrementalDocument) -> int:
    return sum(f.rule_id == "os-system-injection" for f in document.findings())


def test_an_unread_parameter_renamed_beside_a_refined_rule_checks_the_signature_alone(engine: Engine) -> None:
    """With a refinable rule matching in the method, a parameter its body does not name
    (`spare`) renamed, or one added, checks the `def` line alone: the module reads no input,
    so strict mode alone decides where os-system-injection reports, and it starts the body
    as before (the same `self`, decorators, number-typed `count`). 18edcad checked the
    method whole (9 lines) at each: the test fails there (assert 9 == 2). A parameter the
    body reads (`cmd`) still checks it whole, and so does `count`'s annotation changed
    (strict mode takes an `int` for a number): the findings change with both."""
    document = _opened(engine, REFINED, count=5)
    assert _shell_findings(document) == 1  # os.system(cmd): "ls" and LOCAL are constants, str(count) of a number
    assert _type_after(document, "def run(self, cmd, spare", "spare") == 2  # the decorator and `def` lines
    assert _type_after(document, "def run(self, cmd, sparex", "count: int = 1", ", other=None") == 2
    assert _type_after(document, "def run(self, cmd, sparex", "cmd") == 9
    assert _shell_findings(document) == 0  # `cmd` is now a name the module does not bind
    assert _type_after(document, "def run(self, cmdx, sparex", "count: int") == 9
    assert _shell_findings(document) == 1  # str(count) of a count that may be text


SHELL_TYPED = ["x", "_", ", cmd", ", spare", ": int", ": str", "=LOCAL", "other, ", "staticmethod", "run"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), st.floats(0, 1), st.integers(0, 3), st.sampled_from(SHELL_TYPED)), min_size=1, max_size=6))
def test_def_line_edits_beside_refined_sinks_find_what_a_from_scratch_analysis_finds(engine: Engine, edits: list[tuple[bool, float, int, str]]) -> None:
    """Names, parameters, annotations and defaults typed over (or in place of) parts of the
    decorator and `def` lines of a method holding sinks of a refined rule (constant and
    parameter-fed `os.system` calls, a number-typed parameter, a parameter inserted before
    `self`), each keystroke compared with a from-scratch analysis: renames of unread
    parameters check the signature alone, the rest the method whole."""
    document = IncrementalDocument(engine, REFINED, NARROW)
    rows = REFINED.splitlines()
    where = next(i for i, row in enumerate(rows) if "def run(self" in row)
    for decorator, at, removed, typed in edits:
        line = where - 1 if decorator else where
        row = document.text.splitlines()[line]
        low = row.index("@") + 1 if decorator else row.index("def ") + len("def ")
        high = len(row.rstrip()) if decorator else row.rindex(")")
        column = low + int(at * (high - low))
        document.apply([Change((line, column), (line, min(high, column + removed)), typed)])
        assert_same_as_scratch(document)
