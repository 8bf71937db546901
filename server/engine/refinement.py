"""One sink, one finding: how a pattern rule yields to the taint rule that refines it.

A pattern rule may declare `redline.refined-by: <taint rule id>` when the taint rule looks at
the same sinks with data flow (`subprocess-shell-injection` is refined by
`tainted-command-injection`). When both are enabled for a module:

- the taint rule reports the sink: that finding is the only one; it covers the pattern rule's
  id (a suppression naming either id silences it) and takes the pattern's fix when it has none;
- the taint analysis proves the sink's value clean in strict mode (every parameter, every
  non-constant global and all data read from files, sockets or databases counted as tainted;
  only constants, sanitisers, guards and number-typed parameters clear it), or the sink sits in
  a branch a constant condition makes dead: the pattern finding is dropped;
- anything else (module-level code, a lambda, a value of unknown origin) keeps the pattern
  finding, since the analysis cannot vouch for it.

A rule whose problem is the API itself (`pickle-load`, `yaml-unsafe-load`: unsafe whatever the
data) declares `redline.covered-by` instead: the first point holds (one finding per sink, the
taint one with the path, answering to both ids and keeping the pattern's fix), the second does
not: a clean value never drops its finding.

The decision is made in `check_tree`, so the CLI, its reports and the language server agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

import libcst as cst

from .matcher import encloses
from .taint.analyzer import TaintHit
from .taint.facts import function_nodes

if TYPE_CHECKING:
    from .checker import Match

# (function, ancestors) of every function the check walked, innermost last for nested ones.
Functions = Sequence[tuple[cst.FunctionDef, list[cst.CSTNode]]]
# The sinks of a taint rule in a function that strict mode proves clean.
CleanSinks = Callable[[cst.FunctionDef, list[cst.CSTNode], str], list[cst.CSTNode]]


@dataclass
class Refined:
    """Pattern matches kept, and for each taint flow (by index) the matches it stands for."""

    kept: list[Match] = field(default_factory=list)
    covered: dict[int, list[Match]] = field(default_factory=dict)


def refine(matches: list[Match], flows: Sequence[tuple[Match, TaintHit]], functions: Functions, active: set[str], clean_sinks: CleanSinks) -> Refined:
    """Apply the policy above to the pattern `matches` of one check; `active` holds the taint
    rules enabled for the module."""
    result = Refined()
    clean: dict[tuple[int, str], list[cst.CSTNode]] = {}
    owners: dict[int, set[int]] = {}
    for match in matches:
        refiner = match.rule.info.refined_by
        if refiner is None or refiner not in active:
            result.kept.append(match)
            continue
        flow = next((i for i, (_, f) in enumerate(flows) if f.rule_id == refiner and _same_sink(f.hit.sink.node, match.focus)), None)
        if flow is not None:
            result.covered.setdefault(flow, []).append(match)
            continue
        if match.rule.info.kept_when_clean:
            result.kept.append(match)
            continue
        owner = _owner(match.focus, functions, owners)
        if owner is None:
            result.kept.append(match)
            continue
        function, ancestors = owner
        key = (id(function), refiner)
        if key not in clean:
            try:
                clean[key] = clean_sinks(function, ancestors, refiner)
            except RecursionError:
                clean[key] = []
        if not any(_same_sink(sink, match.focus) for sink in clean[key]):
            result.kept.append(match)
    return result


def _same_sink(sink: cst.CSTNode, focus: cst.CSTNode) -> bool:
    """A pattern reports the call or one of its arguments; the taint rule, the call."""
    return encloses(sink, focus) or encloses(focus, sink)


def _owner(node: cst.CSTNode, functions: Functions, owners: dict[int, set[int]]) -> tuple[cst.FunctionDef, list[cst.CSTNode]] | None:
    """The innermost function whose own body (not a nested function's) holds `node`."""
    for function, ancestors in reversed(functions):
        found = owners.get(id(function))
        if found is None:
            found = owners[id(function)] = {id(n) for n, _ in function_nodes(function, ancestors)}
        if id(node) in found:
            return function, ancestors
    return None
