"""The facts of a function are collected once per check and shared (taint/fact_memo.py): the
analyzer's rules, the summaries (one per rule) and strict mode each ask for their own rules
and kinds of parts. What the memo hands out for a request must be exactly what a separate
facts.collect() for it gives (same matches, same order), whatever was asked before, and
whatever statements it took as an earlier check kept them (KeptStatements); checked on every
function of the taint rules' examples and of the data-flow corpus."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import libcst as cst
import pytest

from dataflow_labels import corpus_files
from engine_helpers import RULE_EXAMPLES
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.matcher import child_nodes
from redline.engine.resolver import Resolver, module_scope
from redline.engine.taint.fact_memo import FactsMemo, KeptStatements
from redline.engine.taint.facts import PART_KINDS, Facts, collect

TAINT_EXAMPLES = [path for path in RULE_EXAMPLES if path.parent.name == "dataflow"]
FILES = [*TAINT_EXAMPLES, *corpus_files()]


def _functions(module: cst.Module) -> Iterator[tuple[cst.FunctionDef, list[cst.CSTNode]]]:
    stack: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = [(module, [])]
    while stack:
        node, above = stack.pop()
        if isinstance(node, cst.FunctionDef):
            yield node, above
        stack.extend((child, [*above, node]) for child in reversed(list(child_nodes(node))))


def _seen(facts: Facts) -> tuple:
    """Everything a flow reads of the facts, in the order it was recorded."""
    return (
        list(facts.sources.items()),
        list(facts.parameters.items()),
        [(hit.owner, hit.sink, hit.node, hit.focus, hit.statement) for hit in facts.sinks],
        [(key, sorted(owners, key=str)) for key, owners in facts.sanitizers.items()],
        list(facts.propagators.items()),
    )


def test_the_files_hold_taint_cases() -> None:
    assert len(TAINT_EXAMPLES) >= 10 and len(corpus_files()) >= 17


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shared_facts_equal_a_separate_collect(path: Path, engine: Engine) -> None:
    analyzer = engine.taint
    assert analyzer is not None
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    resolver = Resolver(module_scope(module.body))
    owners = sorted(owner for owner, _ in analyzer.specs)
    narrowed = analyzer.narrowed(set(re.findall(r"\w+", module.code)))
    # A rule's sinks and sources, another rule whole, every rule's sinks, all, no rule's sources:
    # each request after the first finds some pairs walked and some not.
    requests = [([owners[0]], ("sink", "source")), ([owners[1]], PART_KINDS), (owners, ("sink",)), (owners, PART_KINDS), ([], ("source",)), ([owners[0]], PART_KINDS)]
    functions = list(_functions(module))
    assert functions
    kept = KeptStatements()
    for function, ancestors in functions:
        # Alone; walked by statements with none kept; then with every statement taken from
        # the walk before (a document's next check, its matches for some pairs done).
        for memo in (FactsMemo(), FactsMemo(kept), FactsMemo(kept)):
            for parts, candidates in (("all", analyzer.candidates), (narrowed.key, narrowed.candidates)):
                for active, kinds in requests:
                    shared = memo.facts(function, ancestors, resolver, candidates, parts, active, kinds)
                    alone = collect(function, ancestors, resolver, candidates, active, kinds)
                    assert _seen(shared) == _seen(alone), (function.name.value, active, kinds)
            memo.keep()
        assert memo.statements == 0, function.name.value


def test_a_function_is_walked_once_whatever_rules_or_kinds_are_asked(engine: Engine) -> None:
    """Asked again for rules and kinds already looked for, the memo does not walk the
    function again; asked for a new rule, it matches that rule's parts at the nodes the one
    walk found (the analyzer asks for sinks and sources first, then for the other kinds)."""
    analyzer = engine.taint
    assert analyzer is not None
    path = next(p for p in corpus_files() if p.stem == "tainted-command-injection")
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    resolver = Resolver(module_scope(module.body))
    function, ancestors = next(_functions(module))
    owners = sorted(owner for owner, _ in analyzer.specs)
    memo = FactsMemo()
    ask = lambda active, kinds=PART_KINDS: memo.facts(function, ancestors, resolver, analyzer.candidates, "all", active, kinds)  # noqa: E731
    ask(owners)
    ask([owners[0]])
    ask(owners[1:], ("sink",))
    assert memo.walks == 1
    other = FactsMemo()
    other.facts(function, ancestors, resolver, analyzer.candidates, "all", [owners[0]])
    other.facts(function, ancestors, resolver, analyzer.candidates, "all", owners[:2])
    other.facts(function, ancestors, resolver, analyzer.candidates, "all", owners[1:2])
    assert other.walks == 1


STRICT = '''import subprocess
from flask import request


def view():
    cmd = request.args["c"]
    subprocess.call(cmd, shell=True)


def fixed(name):
    subprocess.call("ls " + name, shell=True)
'''


def test_strict_mode_shares_the_walk_of_the_data_flow(engine: Engine) -> None:
    """Strict mode (whether a refined pattern rule's sink is clean whatever the input) asks for
    the facts of a function the data flow walked with the text's parts: it uses those parts
    too (others match nowhere in the text), so each function is walked once per check, where
    strict mode's own walk with every part made `fixed` walked twice."""
    assert engine.taint is not None
    walks = engine.taint.walks
    analysis = engine.analyze_source(STRICT, AnalysisOptions(path="strict.py"))
    assert engine.taint.walks - walks == 2
    assert [(f.rule_id, f.span.start.line) for f in analysis.findings] == [
        ("subprocess-import", 1), ("tainted-command-injection", 7), ("subprocess-partial-path", 11), ("subprocess-shell-injection", 11),
    ]
