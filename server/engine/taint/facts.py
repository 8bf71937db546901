"""Where a function's sources, sinks, sanitizers and propagators are, found by the pattern
matcher: each part of each taint rule is indexed like a pattern rule, and the function's
nodes are walked once (nested functions and classes are their own units)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Iterator, Sequence

import libcst as cst
import regex

from ..formula import Formula, Site, evaluate
from ..matcher import Bindings, Matcher, child_nodes, is_node, subclass_of
from ..model import Confidence, RuleInfo, Severity, Tier
from ..resolver import Resolver, Scope
from .spec import Propagator, Sink, Source, TaintSpec

Owner = str | None  # the taint rule a part belongs to; None: shared by every rule


@dataclass(frozen=True)
class Part:
    kind: str  # source | sink | sanitizer | propagator
    owner: Owner
    item: object  # Source, Sink, Formula or Propagator
    formula: Formula


@dataclass(frozen=True)
class SinkHit:
    owner: str
    sink: Sink
    node: cst.CSTNode  # the sink call (or statement)
    focus: tuple[cst.CSTNode, ...]  # the expressions whose taint matters
    statement: cst.CSTNode | None = None  # the statement holding the sink (for suppressions)


@dataclass
class Facts:
    """The matches in one function, by node identity."""

    sources: dict[int, list[Source]] = field(default_factory=dict)
    parameters: dict[str, Source] = field(default_factory=dict)  # tainted parameter names
    sinks: list[SinkHit] = field(default_factory=list)
    sanitizers: dict[int, set[Owner]] = field(default_factory=dict)
    propagators: dict[int, list[tuple[Owner, cst.CSTNode, cst.CSTNode]]] = field(default_factory=dict)

    def sink_owners(self) -> list[str]:
        return list(dict.fromkeys(hit.owner for hit in self.sinks))


PART_KINDS = frozenset({"source", "sink", "sanitizer", "propagator"})


def parts_of(owner: Owner, spec: TaintSpec) -> Iterator[Part]:
    for source in spec.sources:
        yield Part("source", owner, source, source.formula)
    for sink in spec.sinks:
        yield Part("sink", owner, sink, sink.formula)
    for formula in spec.sanitizers:
        yield Part("sanitizer", owner, formula, formula)
    for propagator in spec.propagators:
        yield Part("propagator", owner, propagator, propagator.formula)


def part_info(number: int) -> RuleInfo:
    """A stand-in rule record, so a part can sit in a RuleIndex like a pattern rule."""
    return RuleInfo(
        id=f"taint-part-{number}", message="", severity=Severity.LOW, confidence=Confidence.LOW,
        cwe=None, cwe_title="", tier=Tier.AUDIT, family="taint", source="<taint>",
    )


_SKIP_PARAMS = {"self", "cls", "request", "req", "context"}


def function_nodes(function: cst.FunctionDef, ancestors: list[cst.CSTNode]) -> Iterator[tuple[cst.CSTNode, list[cst.CSTNode]]]:
    """The function, then every node of its body (not of nested functions or classes)."""
    yield function, ancestors
    yield from body_nodes(function.body, ancestors + [function])


def body_nodes(node: cst.CSTNode, ancestors: list[cst.CSTNode]) -> Iterator[tuple[cst.CSTNode, list[cst.CSTNode]]]:
    """`node` and every node below it, as a walk of the function holding it reaches them (a
    nested function or class is reached, not entered)."""
    stack: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = [(node, ancestors)]
    while stack:
        node, above = stack.pop()
        yield node, above
        if type(node) in OWN_UNITS:
            continue
        below = above + [node]
        stack.extend((child, below) for child in reversed(list(child_nodes(node))))


OWN_UNITS = (cst.FunctionDef, cst.ClassDef)  # reached by a function's walk, not entered
STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)  # asked by type (subclass_of): an isinstance failing on an ABC is slow


Match = tuple[tuple[int, int], Part, cst.CSTNode, Bindings, list[cst.CSTNode]]  # (place in the walk, part, node, bindings, ancestors)
# A node where parts may match: (its number in the walk, the node, its ancestors, its scope,
# its qualified name, the parts found for it).
Candidates = tuple[int, cst.CSTNode, list[cst.CSTNode], Scope, "str | None", list[Part]]


def sites(
    function: cst.FunctionDef,
    ancestors: list[cst.CSTNode],
    resolver: Resolver,
    candidates,  # type: ignore[no-untyped-def]  # (node, callee) -> Sequence[Part]
    named: Collection[type] | None = None,
    nodes: Iterable[tuple[cst.CSTNode, list[cst.CSTNode]]] | None = None,
    first: int = 0,
) -> list[Candidates]:
    """The nodes of `function` where `candidates` finds parts, in walk order: the one walk
    (and name resolution) matching each kind of part later needs (FactsMemo keeps it).
    `nodes`: only these of its walk (with their ancestors), not the whole function, the
    first of them numbered `first`.

    `named`, when given, holds the node types whose candidates depend on their qualified
    name (name_keyed); other nodes are asked for candidates without one, and a part that
    needs it resolves it itself (Site.callee): resolving every name of a function costs
    more than the rest of the walk.
    """
    outer = resolver.scope_for(ancestors)
    inner = resolver.scope_for(ancestors + [function])  # lambdas inside see it too: close enough
    found: list[Candidates] = []
    for number, (node, above) in enumerate(function_nodes(function, ancestors) if nodes is None else nodes, first):
        scope = outer if node is function else inner
        kind = type(node)
        callee = None
        if named is None or kind in named:
            if kind is cst.Call:
                callee = resolver.qualified_name(node.func, scope) or ""  # type: ignore[attr-defined]
            elif kind is cst.Attribute or kind is cst.Name:
                callee = resolver.qualified_name(node, scope) or ""
        parts = candidates(node, callee or None)
        if parts:
            found.append((number, node, above, scope, callee, list(parts)))
    return found


def matches(
    function: cst.FunctionDef,
    ancestors: list[cst.CSTNode],
    resolver: Resolver,
    candidates,  # type: ignore[no-untyped-def]  # (node, callee) -> Sequence[Part]
    looked_for: Callable[[Part], bool],
    named: Collection[type] | None = None,
    found: list[Candidates] | None = None,
) -> Iterator[Match]:
    """The matches in `function` of the parts `candidates` finds and `looked_for` accepts,
    in walk order; each with its place (node number, candidate number), which is the same
    whatever parts are looked for, so matches of separate walks merge into one walk's order.
    `found`: the function's `sites` from an earlier look (else walked now, see `sites`)."""
    matcher = Matcher(resolver)
    for number, node, above, scope, callee, parts in sites(function, ancestors, resolver, candidates, named) if found is None else found:
        for place, part in enumerate(parts):
            if not looked_for(part) or (node is function and part.kind != "source"):
                continue
            site = Site(node, above, resolver, matcher, scope, callee)
            for bindings in evaluate(part.formula, site, {}):
                yield (number, place), part, node, bindings, above


def collect(
    function: cst.FunctionDef,
    ancestors: list[cst.CSTNode],
    resolver: Resolver,
    candidates,  # type: ignore[no-untyped-def]  # (node, callee) -> Sequence[Part]
    active: Sequence[Owner],
    kinds: Collection[str] = PART_KINDS,
    named: Collection[type] | None = None,
    nodes: Iterable[tuple[cst.CSTNode, list[cst.CSTNode]]] | None = None,
) -> Facts:
    """The facts of `function` for the taint rules in `active` (and the shared parts), of the
    parts of `kinds` only (see `matches` for `named`; `nodes`: only these of its walk, see
    `sites`). The data flow asks a FactsMemo, which walks a function once per check for all
    who ask."""
    wanted = set(active) | {None}
    facts = Facts()
    found = None if nodes is None else sites(function, ancestors, resolver, candidates, named, nodes)
    for _, part, node, bindings, above in matches(function, ancestors, resolver, candidates, lambda part: part.owner in wanted and part.kind in kinds, named, found):
        record(facts, part, node, function, bindings, above)
    return facts


def _focus(formula: Formula, bindings, node: cst.CSTNode) -> tuple[cst.CSTNode, ...]:  # type: ignore[no-untyped-def]
    names = getattr(formula, "focus", ())
    found = tuple(_expression(bindings[n]) for n in names if is_node(bindings.get(n)))
    return found


def _expression(node: cst.CSTNode) -> cst.CSTNode:
    return node.value if type(node) is cst.Arg else node  # type: ignore[attr-defined]


def record(facts: Facts, part: Part, node: cst.CSTNode, function: cst.FunctionDef, bindings, above: list[cst.CSTNode]) -> None:  # type: ignore[no-untyped-def]
    focus = _focus(part.formula, bindings, node)
    if part.kind == "source":
        source: Source = part.item  # type: ignore[assignment]
        if source.parameters is not None:
            if node is function:
                for name in _parameter_names(function, source.parameters):
                    facts.parameters.setdefault(name, source)
            return
        for target in focus or (node,):
            facts.sources.setdefault(id(target), []).append(source)
    elif part.kind == "sink":
        statement = next((a for a in reversed([*above, node]) if subclass_of(type(a), STATEMENTS)), None)
        facts.sinks.append(SinkHit(part.owner, part.item, node, focus or _arguments(node), statement))  # type: ignore[arg-type]
    elif part.kind == "sanitizer":
        for target in focus or (node,):
            facts.sanitizers.setdefault(id(target), set()).add(part.owner)
    else:
        propagator: Propagator = part.item  # type: ignore[assignment]
        origin, target = bindings.get(propagator.source), bindings.get(propagator.target)
        if isinstance(origin, cst.CSTNode) and isinstance(target, cst.CSTNode):
            facts.propagators.setdefault(id(node), []).append((part.owner, _expression(origin), _expression(target)))


def _arguments(node: cst.CSTNode) -> tuple[cst.CSTNode, ...]:
    """Without focus-metavariable, every argument of a sink call (or an assigned value) counts."""
    if isinstance(node, cst.Call):
        return tuple(arg.value for arg in node.args)
    if isinstance(node, (cst.Assign, cst.AugAssign)):
        return (node.value,)
    return (node,)


_CONVERTED = regex.compile(r"<(?:int|float|uuid):(\w+)>")
_TYPED = {"int", "float", "bool", "UUID", "uuid.UUID", "date", "datetime", "Decimal", "PositiveInt", "conint"}


def _converted(function: cst.FunctionDef) -> set[str]:
    """Route parameters a converter has already made numbers (`<int:user_id>`)."""
    names: set[str] = set()
    for decorator in function.decorators:
        call = decorator.decorator
        if isinstance(call, cst.Call):
            for arg in call.args:
                if isinstance(arg.value, cst.SimpleString):
                    names.update(_CONVERTED.findall(arg.value.value))
    return names


def converted_parameters(function: cst.FunctionDef) -> set[str]:
    """Parameters a route converter or a number/UUID annotation makes non-text."""
    params = function.params
    every = (*params.posonly_params, *params.params, *params.kwonly_params)
    return _converted(function) | {param.name.value for param in every if _typed(param)}


def _typed(param: cst.Param) -> bool:
    """A parameter annotated with a number or UUID type (FastAPI validates and converts it)."""
    annotation = param.annotation.annotation if param.annotation is not None else None
    if isinstance(annotation, cst.Name):
        return annotation.value in _TYPED
    if isinstance(annotation, cst.Attribute):
        return annotation.attr.value in _TYPED
    return False


def _parameter_names(function: cst.FunctionDef, wanted: tuple[str, ...]) -> Iterator[str]:
    converted = _converted(function)
    params = function.params
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    for extra in (params.star_arg, params.star_kwarg):
        if isinstance(extra, cst.Param):
            every.append(extra)
    for param in every:
        name = param.name.value
        if "*" in wanted:
            if name in _SKIP_PARAMS or name in converted or _typed(param) or _injected(param):
                continue
            yield name
        elif name in wanted:
            yield name


def _injected(param: cst.Param) -> bool:
    """FastAPI dependencies (`= Depends(...)`) and `Request`-typed parameters are not input
    values themselves (their accessors are sources of their own)."""
    default = param.default
    if isinstance(default, cst.Call) and isinstance(default.func, (cst.Name, cst.Attribute)):
        name = default.func.value if isinstance(default.func, cst.Name) else default.func.attr.value
        if name in ("Depends", "Security"):
            return True
    annotation = param.annotation.annotation if param.annotation is not None else None
    if isinstance(annotation, (cst.Name, cst.Attribute)):
        name = annotation.value if isinstance(annotation, cst.Name) else annotation.attr.value
        return name in ("Request", "HttpRequest", "WebSocket", "Session", "BackgroundTasks", "Response")
    return False
