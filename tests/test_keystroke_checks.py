"""What a keystroke checks again: no data-flow walk where no code of the text holds a
source, the statements naming a rebound name inside a long block rather than the block, and
module-level statement sequences found as a whole-file analysis finds them."""

from __future__ import annotations

from typing import Iterable

import libcst as cst
import pytest
from lazy_cases import TEXT
from nested_cases import assert_same_as_scratch
from redline.engine import checker, nested_check, nesting, resolver
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="lazy.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier
DIGEST = TEXT.replace(
    "def total(values):", "def digest(data):\n    import hashlib\n    size = len(data)\n    return hashlib.md5(data).hexdigest()\n\n\ndef total(values):"
)


def test_a_keystroke_without_sources_checks_the_statement_alone(engine: Engine) -> None:
    """No code holds a source (the source gate said so; units are lazy): renaming a local
    re-checks the statements naming it, not the function's data flow, which cannot start."""
    document = IncrementalDocument(engine, DIGEST, VULN)
    assert document.lazy_units() == 4
    line = document.text.splitlines().index("    size = len(data)")
    checks = document.stats.unit_checks
    document.apply([Change((line, 18), (line, 18), "x")])
    assert document.stats.unit_checks - checks == 1 and document.stats.parsed_lines == 1
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("subprocess-shell-injection", 6), ("weak-hash", 12)]
    assert_same_as_scratch(document)


HASHING = '''import hashlib


def run(items):
    algorithm = "md5"
    if items:
        for item in items:
            hashlib.md5(item)
            print(item)
            print(item)
            print(item)
            print(item)
        hashlib.new(algorithm)
    return algorithm
'''


def test_a_rebound_name_re_checks_the_statements_naming_it_inside_a_block(engine: Engine) -> None:
    """Renaming `algorithm` re-checks the statements naming it: the one inside the `if`, not
    the `if` (most of the function, whose `for` keeps its finding), with the function's data
    flow: four checks rather than one of the whole function, finding what a from-scratch
    analysis finds."""
    document = IncrementalDocument(engine, HASHING, AnalysisOptions(path="hashing.py"))
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("weak-hash", 8), ("weak-hash", 13)]
    _rename_and_back(document, HASHING.splitlines().index('    algorithm = "md5"'), 13)
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("weak-hash", 8), ("weak-hash", 13)]


def _rename_and_back(document: IncrementalDocument, line: int, column: int) -> None:
    """Type `x` after the name at (line, column) and delete it: each edit re-parses one
    line and makes four checks (the edited statement, the two statements naming the name,
    the function's data flow), finding what a from-scratch analysis finds."""
    for change in (Change((line, column), (line, column), "x"), Change((line, column), (line, column + 1), "")):
        checks = document.stats.unit_checks
        document.apply([change])
        assert document.stats.unit_checks - checks == 4 and document.stats.parsed_lines == document.stats.unit_parses
        assert_same_as_scratch(document)


def test_the_checks_of_a_keystroke_build_the_function_scope_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rename's four checks (and the rules looking at ancestors inside them) share one
    resolver: `run`'s scope, a scan of its whole body, is built once for the keystroke, not
    once per check, and the findings are those of a from-scratch analysis."""
    document = IncrementalDocument(engine, HASHING, AnalysisOptions(path="hashing.py"))
    built: list[bool] = []
    real_build = resolver._ScopeBuilder.build

    def counted(builder: resolver._ScopeBuilder, parent: resolver.Scope | None) -> resolver.Scope:
        built.append(parent is not None)  # a function's scope (the module's has no parent)
        return real_build(builder, parent)

    monkeypatch.setattr(resolver._ScopeBuilder, "build", counted)
    line = HASHING.splitlines().index('    algorithm = "md5"')
    document.apply([Change((line, 13), (line, 13), "x")])
    assert built.count(True) == 1
    assert_same_as_scratch(document)


RETRIED = '''import hashlib


def run(items):
    for item in items:
        try:
            algorithm = "md5"
            hashlib.new(algorithm)
        except Exception:
            continue
    return items
'''


def test_a_rule_matching_around_the_edit_shares_the_keystrokes_function_scope(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """try-except-continue matches the `try` holding the edited statement (so `run` is
    checked whole): judging that, its site asks for `run`'s scope, which the round's
    resolver builds once for that and the check after it, not once more for the judgement."""
    document = IncrementalDocument(engine, RETRIED, AnalysisOptions(path="retried.py"))
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("try-except-continue", 6), ("weak-hash", 8)]
    built: list[bool] = []
    real_build = resolver._ScopeBuilder.build

    def counted(builder: resolver._ScopeBuilder, parent: resolver.Scope | None) -> resolver.Scope:
        built.append(parent is not None)
        return real_build(builder, parent)

    monkeypatch.setattr(resolver._ScopeBuilder, "build", counted)
    line = RETRIED.splitlines().index("            hashlib.new(algorithm)")
    document.apply([Change((line, 33), (line, 33), "x")])
    assert built.count(True) == 1
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("try-except-continue", 6)]
    assert_same_as_scratch(document)


HASHER = HASHING.replace('    algorithm = "md5"\n', '    for item in items:\n        algorithm = "md5"\n')  # bound in a `for` beside the `if`


def test_a_rebound_name_re_checks_the_statements_naming_it_beside_the_edited_block(engine: Engine) -> None:
    """The edit's layouts hold the statements on the way to it (block_lines.py), not the `if`
    beside the edited `for`: its layout is read when its readers are looked for, and only
    the statement in it naming `algorithm` is checked again, not the `if` (most of the
    function, which would have the function checked whole)."""
    document = IncrementalDocument(engine, HASHER, AnalysisOptions(path="hashing.py"))
    _rename_and_back(document, HASHER.splitlines().index('        algorithm = "md5"'), 17)
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("weak-hash", 9), ("weak-hash", 14)]


def test_module_level_sequences_place_a_line_of_several_statements_at_its_first(engine: Engine) -> None:
    """`os.system($CMD)` then `...` (os-system-needless-shell): a call sharing its line with
    a statement before it is not the start of the sequence; one before a `;` is."""
    text = 'import os\nx = 1; os.system("make clean")\nos.system("make all"); y = 2\nos.system("git fetch")\n'
    document = IncrementalDocument(engine, text, AnalysisOptions(path="seq.py"))
    found = [(f.rule_id, f.span.start.line) for f in document.findings() if f.rule_id.startswith("os-system")]
    assert found == [("os-system-literal", 2), ("os-system-needless-shell", 3), ("os-system-needless-shell", 4)]
    document.apply([Change((3, 10), (3, 10), "x")])  # `make allx`
    assert_same_as_scratch(document)


REDIRECT = '''from fastapi import FastAPI
from starlette.responses import RedirectResponse

api = FastAPI()


@api.get("/sso/callback")
async def sso_callback(state: str):
    target = state
    note = 1
    return RedirectResponse(url=target)
'''


def test_a_data_flow_finding_checked_again_still_stands_for_the_pattern_finding_at_its_sink(engine: Engine) -> None:
    """`RedirectResponse` is `starlette.responses.RedirectResponse` through the module's import,
    so `open-redirect` may match in the function although its text never names starlette: a
    keystroke there checks the function whole and the data-flow finding keeps covering the
    pattern finding (a `# redline: ignore[open-redirect]` still silences it). Judged from the
    function's own words, only its data flow ran and the finding lost `covers`."""
    document = IncrementalDocument(engine, REDIRECT, AnalysisOptions(path="sso.py"))  # open-redirect is in the audit tier
    assert [(f.rule_id, f.covers) for f in document.findings()] == [("tainted-open-redirect", ("open-redirect",))]
    document.apply([Change((9, 8), (9, 8), "x")])  # note -> notex
    assert [(f.rule_id, f.covers) for f in document.findings()] == [("tainted-open-redirect", ("open-redirect",))]
    assert_same_as_scratch(document)


TALLY = '''import hashlib


def tally(items):
    total = 0
    total += 1
    total += 2
    for item in items:
        total += len(item)
        if item:
            # a comment above
            hashlib.md5(item)
    total -= 1
    while total:
        total -= 1
    return hashlib.new("sha1"), hashlib.new(total)
'''


def test_findings_of_a_function_checked_whole_are_placed_from_their_statements(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renaming `total` (named on most of the function's lines, and asked about by a rule's
    match: `hashlib.new(total)` wants its value) checks `tally` whole: its
    findings get their ranges from the statements holding them, whose lines the document's
    layouts know, not by generating the function's code from its first line (no node is
    left for `node_ranges`); ranges, fixes and messages are a from-scratch analysis's, at
    the header edit (checked whole as the re-parsed `def`) too."""
    document = IncrementalDocument(engine, TALLY, AnalysisOptions(path="tally.py"))
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("weak-hash", 12), ("weak-hash", 16)]
    left: list[int] = []
    real_ranges = checker.node_ranges

    def counted(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict:
        wanted = list(nodes)
        left.append(len(wanted))
        return real_ranges(module, wanted)

    monkeypatch.setattr(checker, "node_ranges", counted)
    rows = TALLY.splitlines()
    for line, column in ((rows.index("    total = 0"), 9), (rows.index("def tally(items):"), 14)):
        for change in (Change((line, column), (line, column), "x"), Change((line, column), (line, column + 1), "")):
            checks, left[:] = document.stats.unit_checks, []
            document.apply([change])
            assert document.stats.unit_checks - checks == 1 and left == [0]
            assert_same_as_scratch(document)


LABELLED = '''import hashlib


def run(items, size):
    algorithm = "md5"
    label = algorithm.upper()
    if size:
        label = str(size)
    for item in items:
        print(item, label)
        print(item, label)
        print(item, label)
    print(label)
    print(label)
    print(label)
    chosen = algorithm
    hashlib.new(chosen)
    return items
'''


def test_a_name_bound_from_a_rebound_one_only_to_calls_among_other_values_joins_no_readers(engine: Engine) -> None:
    """Renaming `algorithm` where it is bound changes what `chosen = algorithm` holds, and
    so what `hashlib.new(chosen)` resolves to (the weak-hash finding goes, and comes back
    with the name), but not what the resolver answers for `label`: it has two values,
    calls, so no single value and no constant either way. The statements naming `label`
    (most of the function) keep their findings: five checks (the edited statement, the
    two naming `algorithm`, the one naming `chosen`, the function's data flow), not one of
    the whole function as when every name the readers bind joined in, finding what a
    from-scratch analysis finds."""
    document = IncrementalDocument(engine, LABELLED, AnalysisOptions(path="labelled.py"))
    line = LABELLED.splitlines().index('    algorithm = "md5"')
    found = []
    for change in (Change((line, 13), (line, 13), "x"), Change((line, 13), (line, 14), "")):
        checks = document.stats.unit_checks
        document.apply([change])
        found.append([(f.rule_id, f.span.start.line) for f in document.findings()])
        assert document.stats.unit_checks - checks == 5
        assert_same_as_scratch(document)
    assert found == [[], [("weak-hash", 17)]]


READ_IN_A_BLOCK = '''import hashlib


def run(items, size):
    algorithm = "md5"
    if items:
        for item in items:
            print(item)
            print(item)
            print(item)
            print(item)
            print(item)
            print(item)
            print(item)
            print(item)
        hashlib.new(algorithm)
        print(algorithm)
        print(algorithm)
    return items
'''


def test_the_statements_checked_alone_inside_a_block_share_the_route_to_it(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renaming `algorithm` checks again the three statements naming it inside the `if`,
    each alone with its real ancestors: the way from the function down to the `if` is
    searched once for the three (nesting.ancestry_through), not once for each, and the
    findings are those of a from-scratch analysis."""
    document = IncrementalDocument(engine, READ_IN_A_BLOCK, AnalysisOptions(path="block.py"))
    searched: list[tuple[str, str]] = []
    real_route = nesting.route

    def counted(node: cst.CSTNode, target: cst.CSTNode) -> list[cst.CSTNode] | None:
        searched.append((type(node).__name__, type(target).__name__))
        return real_route(node, target)

    monkeypatch.setattr(nesting, "route", counted)
    line = READ_IN_A_BLOCK.splitlines().index('    algorithm = "md5"')
    checks = document.stats.unit_checks
    document.apply([Change((line, 13), (line, 13), "x")])
    assert document.stats.unit_checks - checks == 5  # the edited statement, the three readers, the data flow
    assert searched.count(("FunctionDef", "If")) == 1
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == []
    assert_same_as_scratch(document)


TOKEN = '''import random


def make_token(n):
    secret = 1
    if n:
        print(n)
        return random.random()
    return 0
'''
ALIASED = TOKEN.replace("    secret = 1\n", "    import secrets as s\n")


def _fixes(document: IncrementalDocument) -> list[tuple[str, int, list[str]]]:
    return [(f.rule_id, f.span.start.line, [edit.new_text for fix in f.fixes for edit in fix.edits]) for f in document.findings()]


def _type_and_delete(document: IncrementalDocument, line: int, column: int, letter: str) -> list[list[tuple[str, int, list[str]]]]:
    """Type `letter` at (line, column), then delete it: the findings with their fixes after
    each, those of a from-scratch analysis."""
    seen = []
    for change in (Change((line, column), (line, column), letter), Change((line, column), (line, column + 1), "")):
        document.apply([change])
        seen.append(_fixes(document))
        assert_same_as_scratch(document)
    return seen


def test_a_keystroke_binding_a_local_named_like_a_module_a_fix_imports_takes_the_fix_away(engine: Engine) -> None:
    """insecure-random's fix imports `secrets`; it offers none where `secrets` names a local.
    `random.random()` does not name `secret`, yet typing `s` after it takes the fix away:
    the function is checked again, its findings and their fixes those of a from-scratch
    analysis."""
    document = IncrementalDocument(engine, TOKEN, AnalysisOptions(path="token.py"))
    fixed = [("insecure-random", 8, ["import secrets\n", "secrets.SystemRandom().random()"])]
    assert _fixes(document) == fixed
    line = TOKEN.splitlines().index("    secret = 1")
    assert _type_and_delete(document, line, 10, "s") == [[("insecure-random", 8, [])], fixed]


def test_a_keystroke_renaming_the_alias_of_a_module_a_fix_uses_rewrites_the_fix(engine: Engine) -> None:
    """The fix writes `secrets.SystemRandom()` the way the function imports `secrets`
    (`s.`): renaming the alias, which `random.random()` does not name, changes its fix."""
    document = IncrementalDocument(engine, ALIASED, AnalysisOptions(path="token.py"))
    assert _fixes(document) == [("insecure-random", 8, ["s.SystemRandom().random()"])]
    line = ALIASED.splitlines().index("    import secrets as s")
    assert _type_and_delete(document, line, 22, "x") == [
        [("insecure-random", 8, ["xs.SystemRandom().random()"])],
        [("insecure-random", 8, ["s.SystemRandom().random()"])],
    ]


def test_a_module_level_name_a_fix_looks_up_renders_the_fixes_of_other_units_again(engine: Engine) -> None:
    """`secret = None` becoming `secrets = None` at module level takes the fix of
    `random.random()` in a function that never names `secrets`; undoing it brings the fix back."""
    text = TOKEN.replace("    secret = 1\n", "").replace("import random\n", "import random\n\nsecret = None\n")
    document = IncrementalDocument(engine, text, AnalysisOptions(path="token.py"))
    line = text.splitlines().index("secret = None")
    fixed = [finding.fix is not None for finding in document.findings()]
    document.apply([Change((line, 6), (line, 6), "s")])
    assert_same_as_scratch(document)
    assert [finding.fix is not None for finding in document.findings()] != fixed
    document.apply([Change((line, 6), (line, 7), "")])
    assert_same_as_scratch(document)
    assert [finding.fix is not None for finding in document.findings()] == fixed


def test_the_rule_facts_of_nested_keystrokes_are_found_once_per_engine(builtin_rules: list, monkeypatch: pytest.MonkeyPatch) -> None:
    """The statement-sequence, refinable and taint rules and the names fixes look up are
    found at the first nested keystroke of the first document, not again for the next
    document on the same engine; new rules (a new engine through `reconfigure`) find them
    anew. Findings are those of a from-scratch analysis throughout."""
    found: list[int] = []
    real_of = nested_check.RuleFacts.of.__func__

    def counted(cls: type, rules: list) -> nested_check.RuleFacts:
        found.append(len(rules))
        return real_of(cls, rules)

    monkeypatch.setattr(nested_check.RuleFacts, "of", classmethod(counted))
    engine = Engine(builtin_rules)
    line = HASHING.splitlines().index('    algorithm = "md5"')
    documents = [IncrementalDocument(engine, HASHING, AnalysisOptions(path=f"hashing{i}.py")) for i in range(2)]
    for document in documents:
        document.apply([Change((line, 13), (line, 13), "x")])
        assert_same_as_scratch(document)
    assert found == [len(builtin_rules)]
    fewer = Engine([rule for rule in builtin_rules if rule.id != "weak-hash"])
    documents[0].reconfigure(fewer, documents[0].options)
    documents[0].apply([Change((line, 13), (line, 14), "")])
    assert found == [len(builtin_rules), len(builtin_rules) - 1]
    assert_same_as_scratch(documents[0])
