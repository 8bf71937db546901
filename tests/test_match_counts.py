"""What a keystroke has the matcher try (Stats.matches_tried): a statement of a sequence
`pattern-inside` is tried only on the block's statements of its own type, so the statements
beside an edited call do not add to a keystroke's matching (yaml-unsafe-load's
`class $LOADER(yaml.SafeLoader): ...` against every statement of each block around a
`yaml.load`). And why a bound value may be taken as the same code as itself unmatched."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.matcher import Matcher, descendants
from redline.engine.resolver import Resolver, module_scope
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="match_counts.py")  # every rule


def _text(fillers: int) -> str:
    def filler(indent: str) -> str:
        return "".join(f"{indent}total_{n} = {n} + len(name)\n" for n in range(fillers))

    return f'''import yaml


class Trusted(yaml.SafeLoader):
    pass


def read(paths):
    for name in paths:
{filler(" " * 8)}        with open(name) as handle:
{filler(" " * 12)}            config = yaml.load(handle, Loader=Trusted)
            raw = yaml.load(handle)
    return config, raw
'''


def _tried_by_a_keystroke(engine: Engine, fillers: int) -> int:
    """Matches tried by `x` typed after `handle` in the `Loader=Trusted` call, findings as
    from scratch before and after."""
    text = _text(fillers)
    document = IncrementalDocument(engine, text, OPTIONS)
    assert [f.rule_id for f in document.findings() if f.rule_id == "yaml-unsafe-load"] == ["yaml-unsafe-load"]
    line = next(n for n, t in enumerate(text.splitlines()) if "Loader=Trusted" in t)
    column = text.splitlines()[line].index("handle,") + len("handle")
    tried = document.stats.matches_tried
    document.apply([Change((line, column), (line, column), "x")], defer=True)
    findings = document.findings()
    assert sum(f.rule_id == "yaml-unsafe-load" for f in findings) == 1  # the safe loader's call stays clean
    assert_same_as_scratch(document)
    return document.stats.matches_tried - tried


def test_the_statements_beside_an_edited_call_are_not_tried_against_a_class_pattern(engine: Engine) -> None:
    """Twenty assignments more in each of the two blocks around the call add nothing to what
    the keystroke tries. On 0f294e1 Stats had no matches_tried (AttributeError); with the
    count but without the type test (formula._may_start) each added assignment was tried
    against `class $LOADER(yaml.SafeLoader): ...` in both blocks: 80 == 40 fails."""
    few = _tried_by_a_keystroke(engine, 1)
    assert few > 0
    assert _tried_by_a_keystroke(engine, 21) == few


def test_a_value_is_the_same_code_as_a_fresh_parse_of_it() -> None:
    """Matcher.same_code answers True for a value and itself without matching: sound only
    if literal matching is reflexive. Every expression and argument (what a metavariable
    binds) of the data-flow corpus (every rule's sources and sinks), against the same node of a
    second parse (other objects, so matched), is."""
    files = sorted((Path(__file__).parent / "corpus" / "dataflow").glob("*.py"))
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        first, second = cst.parse_module(text), cst.parse_module(text)
        matcher = Matcher(Resolver(module_scope(first.body)))
        for left, right in zip(descendants(first), descendants(second)):
            assert type(left) is type(right)
            if isinstance(left, (cst.BaseExpression, cst.Arg)):
                assert matcher.same_code(left, right), (path.name, cst.Module([]).code_for_node(left))
                compared += 1
    assert compared > 5_000


MASS_ONLY = AnalysisOptions(path="match_counts.py", enabled=lambda info: info.id == "mass-assignment")


def _calls_text(calls: int) -> str:
    nested = "".join("wrap(" for _ in range(calls)) + "name" + ")" * calls
    return f'''from flask import request

from shop.models import User


def create():
    name = request.json["name"]
    label = {nested}
    return User(**request.json), label
'''


def _tried_in_calls(engine: Engine, calls: int) -> int:
    """Matches tried by `x` typed after `name` inside `calls` nested calls passing no `**`,
    with mass-assignment alone enabled: its one finding (`User(**request.json)`) stays,
    findings as from scratch."""
    text = _calls_text(calls)
    document = IncrementalDocument(engine, text, MASS_ONLY)
    assert [f.rule_id for f in document.findings()] == ["mass-assignment"]
    line = next(n for n, t in enumerate(text.splitlines()) if "label =" in t)
    column = text.splitlines()[line].index("name)") + len("name")
    tried = document.stats.matches_tried
    document.apply([Change((line, column), (line, column), "x")], defer=True)
    assert [f.rule_id for f in document.findings()] == ["mass-assignment"]
    assert_same_as_scratch(document)
    return document.stats.matches_tried - tried


def test_calls_passing_no_double_star_argument_are_not_tried_against_an_unpacking_pattern(engine: Engine) -> None:
    """`$CALL(..., **$DATA)` (mass-assignment) is indexed by the `**` argument a call must
    pass (IndexKey.double_star), so the calls of an edited statement that pass none are not
    tried against it: twenty nested `wrap(...)` more add nothing to what the keystroke tries.
    On fe132df the pattern was keyed by the Call type alone and every call was tried:
    21 == 1 fails (one match tried per call)."""
    few = _tried_in_calls(engine, 1)
    assert _tried_in_calls(engine, 21) == few
