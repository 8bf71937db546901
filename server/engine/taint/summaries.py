"""Summaries of the functions a flow calls: which parameters reach the return value, which
reach a sink inside, and whether the result is constant or carries a source of its own.

A summary is computed from the callee's source with the same flow walk, its parameters
holding symbolic taint. Summaries are cached by rule and by the callee's code (and the code
of what it calls in turn), so an edit to a function invalidates its summary and nothing else.
Recursion is cut: a call back into a function being summarised propagates its arguments.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Protocol, Sequence

import libcst as cst

from ..document_caches import Slot, kept
from ..formula import code_of
from ..model import Confidence
from ..matcher import child_nodes
from ..resolver import ImportBinding, Resolver, Scope, ValueBinding, single_value
from .fact_memo import FactsMemo
from .flow import FlowContext, FunctionFlow, Hit, Summary
from .seen import Owned, Seen
from .values import Origin, Trace, Val

MAX_CACHED = 4096
MAX_DEPTH = 6


@dataclass(frozen=True)
class Definition:
    """A function found for a call: its node, ancestors (for scopes) and resolver."""

    function: cst.FunctionDef
    ancestors: list[cst.CSTNode]
    resolver: Resolver
    is_method: bool
    key: str  # a digest of its code
    foreign: bool = False  # defined in another module of the project (its sinks are elsewhere)
    lookup: "Lookup | None" = None  # finds what its own code calls (None: the caller's lookup)

    @property
    def parameters(self) -> tuple[str, ...]:
        params = self.function.params
        return tuple(p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params))

    @property
    def packed(self) -> tuple[str | None, str | None]:
        """The names of its `*args` and `**kwargs` parameters (None when it has none)."""
        params = self.function.params
        star = params.star_arg.name.value if isinstance(params.star_arg, cst.Param) else None
        double = params.star_kwarg.name.value if params.star_kwarg is not None else None
        return star, double


Lookup = Callable[[cst.Call, "str | None", Resolver, list[cst.CSTNode]], "Definition | None"]


class Project(Protocol):
    """Other modules of the project (see project.py); `generation` changes when one of their
    texts changed (a summary of this module's functions may reach them)."""

    generation: int

    def refresh(self) -> None: ...

    def definition(self, qualified: str) -> "Definition | None": ...

    def holds(self, name: str) -> bool: ...

    def holds_any(self, names: Collection[str]) -> bool: ...

    def relative(self, importer: Path, level: int, module: str | None, name: str) -> "Definition | None": ...


class NodeMemo:
    """Values computed from immutable LibCST nodes, kept across edits by node identity: an edit
    builds new nodes only for what it changed, so the other functions of an open document keep
    their digests and names (least recently used dropped first). The entries are the checked
    document's (document_caches.py): they go with it."""

    def __init__(self, compute: Callable[[cst.CSTNode], object], limit: int = MAX_CACHED) -> None:
        self._compute = compute
        self._limit = limit
        self._lock = threading.Lock()
        self.computed = 0  # values computed (not found), for tests

    def __call__(self, node: cst.CSTNode):  # type: ignore[no-untyped-def]
        entries: OrderedDict[int, tuple[cst.CSTNode, object]] = kept(self, OrderedDict)
        with self._lock:
            found = entries.get(id(node))
            if found is not None and found[0] is node:
                entries.move_to_end(id(node))
                return found[1]
        value = self._compute(node)
        with self._lock:
            self.computed += 1
            entries[id(node)] = (node, value)
            if len(entries) > self._limit:
                entries.popitem(last=False)
        return value


def _class_parts(node: cst.CSTNode) -> tuple[cst.CSTNode, tuple[cst.CSTNode, ...]] | None:
    """A class with an indented body as its header (the class without members) and members,
    so that its digest and names are composed from its members' (re-used after an edit)."""
    if isinstance(node, cst.ClassDef) and isinstance(node.body, cst.IndentedBlock):
        return node.with_changes(body=node.body.with_changes(body=())), tuple(node.body.body)
    return None


def _digest(node: cst.CSTNode) -> str:
    parts = _class_parts(node)
    if parts is None:
        text = code_of(node)
    else:
        header, members = parts
        text = "\0".join([code_of(header), *(digest(member) for member in members)])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _node_names(node: cst.CSTNode) -> frozenset[str]:
    parts = _class_parts(node)
    if parts is None:
        return frozenset(n.value for n in _names(node))
    header, members = parts
    return frozenset(n.value for n in _names(header)).union(*(node_names(member) for member in members))


# A digest of a node's code (equal code, equal digest), and the names its code mentions.
digest: Callable[[cst.CSTNode], str] = NodeMemo(_digest)  # type: ignore[assignment]
node_names: Callable[[cst.CSTNode], frozenset[str]] = NodeMemo(_node_names)  # type: ignore[assignment]


def _context(node: cst.CSTNode) -> str:
    """A digest of the statements of a module (or class) body that are not definitions: the
    imports and assignments its functions' names resolve through."""
    body = getattr(node.body, "body", ()) if isinstance(node, cst.ClassDef) else getattr(node, "body", ())
    parts = [digest(statement) for statement in body if not isinstance(statement, (cst.FunctionDef, cst.ClassDef))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


context_digest: Callable[[cst.CSTNode], str] = NodeMemo(_context, limit=64)  # type: ignore[assignment]


def context_key(ancestors: Sequence[cst.CSTNode]) -> str:
    """What a summary depends on around its function's code (and the code it reaches): the
    imports and globals of its module and class. Equal code under other imports (`request`
    from flask in one file, a local object in another) gets another summary."""
    return "+".join(context_digest(node) for node in ancestors if isinstance(node, (cst.Module, cst.ClassDef)))


class SummaryCache:
    """Summaries by (rule, key of the callee's code and of the code it calls). Each entry
    remembers the function node it was computed from: for another node (the same code
    elsewhere) it is recomputed, since its inner sinks or sources would point into another
    tree, and the summaries computed for it are then read (and seen, for the editor's
    comparisons) for the nodes of this tree.

    The summaries of an open document's own functions belong to it (seen.py's
    `reading_for`): the newest per function node and rule, dropped with the document or
    once an edit replaced the node (`retain`), so a closed document's trees are not kept.
    Those of other modules' functions are shared, least recently used dropped first; the
    CLI's go with its check of the file."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, str], tuple[Summary, cst.FunctionDef]] = OrderedDict()
        self._owned = Owned[dict[str, tuple[str, Summary]]]()  # by document, node: by rule, (key, summary)
        self._lock = threading.Lock()  # the language server checks documents on several threads
        self.computed = 0  # summaries computed (not found in the cache), for tests and benchmarks
        self.seen = Seen()  # what callers read of each function of a checked module, by Summarizer.variant

    def get(self, rule_id: str, key: str, function: cst.FunctionDef, own: bool = False) -> Summary | None:
        """`own`: the function is the checked document's."""
        if own:
            by_rule = self._owned.of(function)
            if by_rule is not None:
                owned = by_rule.get(rule_id)
                return owned[1] if owned is not None and owned[0] == key else None
        entries = self._shared(own)
        with self._lock:
            found = entries.get((rule_id, key))
            if found is None or found[1] is not function:
                return None
            entries.move_to_end((rule_id, key))
            return found[0]

    def put(self, rule_id: str, key: str, summary: Summary, function: cst.FunctionDef, own: bool = False) -> None:
        by_rule = self._owned.slot(function, dict) if own else None
        with self._lock:
            self.computed += 1
            if by_rule is not None:
                by_rule[rule_id] = (key, summary)  # the key an older one was kept by is gone for this node
                return
            entries = self._shared(own)
            entries[(rule_id, key)] = (summary, function)
            if len(entries) > MAX_CACHED:
                entries.popitem(last=False)

    def _shared(self, own: bool) -> OrderedDict[tuple[str, str], tuple[Summary, cst.FunctionDef]]:
        """Where a summary is kept outside a document's own: other modules' are shared, the
        checked module's (the CLI's) are the check's alone (document_caches.py), since a
        summary is found only for its own node."""
        return self._entries if not own else kept(self, OrderedDict)

    def retain(self, live: Collection[cst.CSTNode]) -> None:
        """Drop the current document's summaries of functions not in `live` (seen.py)."""
        self._owned.retain(live)


class Summarizer:
    """Answers `summary_of(call)` for flows of one rule in one document."""

    def __init__(self, rule_id: str, candidates, lookup: Lookup, cache: SummaryCache, low_confidence: bool, foreign_candidates=None, strict: bool = False, narrowing: str = "all", memo: FactsMemo | None = None) -> None:  # type: ignore[no-untyped-def]
        self.rule_id = rule_id
        self.candidates = candidates  # may be narrowed to the checked text's words
        self.narrowing = narrowing  # names the parts `candidates` holds ("all": not narrowed)
        self.foreign_candidates = foreign_candidates or candidates  # for other modules' functions
        self.foreign_parts = "all" if foreign_candidates is not None else narrowing  # names them for the memo
        self.lookup = lookup
        self.cache = cache
        self.low_confidence = low_confidence or strict
        self.strict = strict  # summaries for strict flows: what the callee cannot vouch for is tainted
        self.cache_key = f"{rule_id}{'!strict' if strict else ''}{'!low' if self.low_confidence else ''}"
        self.variant = (rule_id, strict, self.low_confidence)  # names its summaries apart from other rules' and modes'
        self.active: list[str] = []
        self.memo = memo or FactsMemo()  # the check's, shared with the analyzer and other rules' summarizers

    def _key(self, definition: Definition) -> str:
        """The cache key of its summary: its code and what it reaches, its module's imports
        and globals, and the parts its facts are collected with."""
        narrowing = "all" if definition.foreign else self.narrowing
        return f"{definition.key}|{context_key(definition.ancestors)}|{narrowing}"

    def for_caller(self, resolver: Resolver, ancestors: list[cst.CSTNode], lookup: Lookup | None = None) -> Callable[[cst.Call, str | None], Summary | None]:
        """Summaries of the calls made in the function below `ancestors`; `lookup` finds the
        definitions of its module (default: the checked module's)."""
        find = lookup or self.lookup

        def summary_of(call: cst.Call, qualified: str | None) -> Summary | None:
            definition = find(call, qualified, resolver, ancestors)
            if definition is None or definition.key in self.active or len(self.active) >= MAX_DEPTH:
                return None
            return self.summary(definition)

        return summary_of

    def summary(self, definition: Definition) -> Summary:
        key = self._key(definition)
        summary = self.cache.get(self.cache_key, key, definition.function, not definition.foreign)
        if summary is None:
            self.active.append(definition.key)
            try:
                summary = self._compute(definition, key)
            finally:
                self.active.pop()
        if not definition.foreign:
            self.cache.seen.given(definition.function, self.variant, summary.read())
        return summary

    def _compute(self, definition: Definition, key: str) -> Summary:
        function = definition.function
        inner = definition.ancestors + [function]
        candidates, parts = (self.foreign_candidates, self.foreign_parts) if definition.foreign else (self.candidates, self.narrowing)
        facts = self.memo.facts(function, definition.ancestors, definition.resolver, candidates, parts, [self.rule_id])
        parameters = definition.parameters
        initial: dict[str, Val] = {}
        for position, name in enumerate(parameters):
            param = _param_node(function, name)
            origin = Origin(param, f"parameter {name}", Confidence.HIGH, position)
            initial[name] = Val((Trace(origin),))
        # `*args` and `**kwargs` take the positions after the named parameters.
        packed_positions: list[int | None] = []
        for position, name in enumerate(definition.packed, start=len(parameters)):
            if name is None:
                packed_positions.append(None)
                continue
            packed_positions.append(position)
            initial[name] = Val((Trace(Origin(_param_node(function, name), f"parameter {name}", Confidence.HIGH, position)),))
        # A function of another module calls what that module (or one it imports) defines.
        summary_of = self.for_caller(definition.resolver, inner, definition.lookup)
        context = FlowContext(
            self.rule_id, facts, definition.resolver, definition.resolver.scope_for(inner),
            self.low_confidence, summary_of, strict=self.strict,
        )
        flow = FunctionFlow(context, function, initial)
        flow.run()
        returned = flow.returned or Val()
        taint = returned.all_taint()
        returns = tuple(sorted({t.origin.parameter for t in taint if t.origin.parameter is not None}))
        sinks = []
        for hit in flow.hits.values():
            for trace in hit.taint:
                if trace.origin.parameter is not None:
                    sinks.append((trace.origin.parameter, Hit(hit.sink, (trace,))))
        summary = Summary(
            parameters=parameters,
            returns=returns,
            return_taint=tuple(t for t in taint if t.origin.parameter is None),
            return_const=returned.const,
            sinks=tuple(sinks),
            is_method=definition.is_method,
            star=packed_positions[0],
            double_star=packed_positions[1],
        )
        self.cache.put(self.cache_key, key, summary, function, not definition.foreign)
        return summary


def _param_node(function: cst.FunctionDef, name: str) -> cst.CSTNode:
    params = function.params
    for param in (*params.posonly_params, *params.params, *params.kwonly_params, params.star_arg, params.star_kwarg):
        if isinstance(param, cst.Param) and param.name.value == name:
            return param.name
    return function.name


class ModuleLookup:
    """A module's `Lookup`, which also gives the definition of one of its functions or
    methods by node (the editor compares what callers read of it, seen.py)."""

    def __init__(self, find: Lookup, define: Callable[[cst.FunctionDef, "cst.ClassDef | None", Resolver], Definition]) -> None:
        self._find = find
        self.define = define

    def __call__(self, call: cst.Call, qualified: str | None, resolver: Resolver, ancestors: list[cst.CSTNode]) -> Definition | None:
        return self._find(call, qualified, resolver, ancestors)


def same_file_lookup(module: cst.Module, project: Project | None = None, importer: Path | None = None, foreign: bool = False) -> ModuleLookup:
    """Find the definition a call names: a function of this module, a method of the enclosing
    class called through `self`, or (with `project`) a function another project module defines,
    imported absolutely or relatively into `importer`. `foreign`: the module is not the checked
    one (its definitions' facts use every part, not the checked text's narrowed ones)."""
    functions, classes, relative = _definitions(module.body)
    keys: dict[int, str] = {}
    defined = functions.keys() | classes.keys()
    instances: dict[str, cst.ClassDef] | None = None

    def key_of(function: cst.FunctionDef, owner: cst.ClassDef | None, resolver: Resolver) -> str:
        """Its closure key; a method's reaches the methods of its class it names too (`self.m`),
        and a module-level instance it names (`obj.m()`) reaches the instance's class."""
        nonlocal instances
        found = keys.get(id(function))
        if found is None:
            if instances is None:
                instances = _instances(resolver.module, classes)
            methods = _methods(owner) if owner is not None else {}
            known = defined | methods.keys() | instances.keys()

            def named(name: str) -> list[cst.CSTNode]:
                nodes = (functions.get(name), classes.get(name), methods.get(name), instances.get(name))  # type: ignore[union-attr]
                return [node for node in nodes if node is not None]

            found = keys[id(function)] = _closure_key(function, named, digest, lambda node: node_names(node) & known)
        return found

    def elsewhere(func: cst.BaseExpression, qualified: str | None) -> Definition | None:
        if project is None:
            return None
        if isinstance(func, cst.Name) and func.value in relative and importer is not None:
            return project.relative(importer, *relative[func.value])
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in relative and importer is not None:
            level, package, name = relative[func.value.value]  # `from . import services` ... `services.post_hook(...)`
            return project.relative(importer, level, f"{package}.{name}" if package else name, func.attr.value)
        return project.definition(qualified) if qualified else None

    def lookup(call: cst.Call, qualified: str | None, resolver: Resolver, ancestors: list[cst.CSTNode]) -> Definition | None:
        func = call.func
        if isinstance(func, cst.Name):
            found = resolver.scope_for(ancestors).lookup(func.value)
            if found is not None and found[1] is resolver.module and not isinstance(found[0], ImportBinding):
                function = functions.get(func.value)
                if function is not None:
                    return define(function, None, resolver)
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self":
            owner = next((a for a in reversed(ancestors) if isinstance(a, cst.ClassDef)), None)
            return method(owner, func.attr.value, resolver) if owner is not None else None
        if isinstance(func, cst.Attribute):
            owner = instance_class(func.value, resolver, ancestors)
            if owner is not None:  # `Printer(...).send(x)`, or `printer.send(x)` after `printer = Printer(...)`
                return method(owner, func.attr.value, resolver)
        return elsewhere(func, qualified)

    def method(owner: cst.ClassDef, name: str, resolver: Resolver) -> Definition | None:
        for member in owner.body.body:
            if isinstance(member, cst.FunctionDef) and member.name.value == name:
                return define(member, owner, resolver)
        return None

    def define(function: cst.FunctionDef, owner: cst.ClassDef | None, resolver: Resolver) -> Definition:
        key = key_of(function, owner, resolver)
        if project is not None:  # what it calls in other modules may have changed
            key = f"{key}@{project.generation}"
        if owner is None:
            return Definition(function, [module], resolver, False, key, foreign, lookup)
        return Definition(function, [module, owner, owner.body], resolver, True, key, foreign, lookup)

    def instance_class(receiver: cst.BaseExpression, resolver: Resolver, ancestors: list[cst.CSTNode]) -> cst.ClassDef | None:
        """The module's class whose instance `receiver` is, when that is plain to see."""
        scope = resolver.scope_for(ancestors)
        if isinstance(receiver, cst.Name):
            found = resolver.definition(receiver, scope)
            receiver = found[0] if found is not None else receiver
        if not (isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Name) and receiver.func.value in classes):
            return None
        binding = scope.lookup(receiver.func.value)
        return classes[receiver.func.value] if binding is not None and binding[1] is resolver.module else None

    return ModuleLookup(lookup, define)


def _instances(scope: Scope, classes: dict[str, cst.ClassDef]) -> dict[str, cst.ClassDef]:
    """Module-level names whose one bound value is a call of one of the module's classes
    (`obj = Owner()`): `obj.m()` in a function finds `Owner.m` (`instance_class`), so the
    function's summary depends on `Owner`'s code too."""
    found: dict[str, cst.ClassDef] = {}
    for name, binding in scope.bindings.items():
        value = single_value(binding) if isinstance(binding, ValueBinding) else None
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in classes and name not in classes:
            found[name] = classes[value.func.value]
    return found


def _methods(owner: cst.ClassDef) -> dict[str, cst.FunctionDef]:
    """The methods a class's body defines, by name (the last of a name wins, as at run time)."""
    return {member.name.value: member for member in getattr(owner.body, "body", ()) if isinstance(member, cst.FunctionDef)}


Definitions = tuple[dict[str, cst.FunctionDef], dict[str, cst.ClassDef], dict[str, tuple[int, "str | None", str]]]


def _definitions(body: Sequence[cst.CSTNode]) -> Definitions:
    """The module's functions and classes by name, and its relative imports. An editor asks
    for each keystroke's module, whose statements are those of the last one but the edited
    one: when that one stays a function or class of the same name, or code importing nothing
    relatively, the last tables are updated instead of built again (O(1), not O(statements)).
    The last tables are the document's (document_caches.py)."""
    last: Slot[tuple[list[cst.CSTNode], Definitions]] = kept(_definitions, Slot)
    last_body, (functions, classes, relative) = last.value or ([], ({}, {}, {}))
    changed = list(itertools.compress(itertools.count(), map(operator.is_not, last_body, body))) if len(last_body) == len(body) else None
    if changed is not None and len(changed) <= 4 and all(_same_definition(last_body[i], body[i]) for i in changed):
        functions, classes = dict(functions), dict(classes)
        for index in changed:
            old, new = last_body[index], body[index]
            table: dict = functions if isinstance(new, cst.FunctionDef) else classes
            if isinstance(new, (cst.FunctionDef, cst.ClassDef)) and table.get(new.name.value) is old:
                table[new.name.value] = new
        found: Definitions = (functions, classes, relative)
    else:
        found = _definitions_of(body)
    last.value = (list(body), found)
    return found


def _same_definition(old: cst.CSTNode, new: cst.CSTNode) -> bool:
    """Whether `new` replaces `old` in the tables by name alone: a def or class of the same
    name, or statements without relative imports."""
    if isinstance(old, (cst.FunctionDef, cst.ClassDef)) or isinstance(new, (cst.FunctionDef, cst.ClassDef)):
        return type(old) is type(new) and old.name.value == new.name.value  # type: ignore[attr-defined]
    return not (_relative_imports(old) or _relative_imports(new))


def _relative_imports(statement: cst.CSTNode) -> list[cst.ImportFrom]:
    if not isinstance(statement, cst.SimpleStatementLine):
        return []
    return [small for small in statement.body if isinstance(small, cst.ImportFrom) and small.relative and not isinstance(small.names, cst.ImportStar)]


def _definitions_of(body: Sequence[cst.CSTNode]) -> Definitions:
    functions: dict[str, cst.FunctionDef] = {}
    classes: dict[str, cst.ClassDef] = {}
    relative: dict[str, tuple[int, str | None, str]] = {}
    for statement in body:
        if isinstance(statement, cst.FunctionDef):
            functions[statement.name.value] = statement
        elif isinstance(statement, cst.ClassDef):
            classes[statement.name.value] = statement
        else:
            for small in _relative_imports(statement):
                source = code_of(small.module) if small.module is not None else None
                for alias in small.names:  # type: ignore[union-attr]
                    name = code_of(alias.name)
                    relative[code_of(alias.asname.name) if alias.asname else name] = (len(small.relative), source, name)
    return functions, classes, relative


def _closure_key(
    function: cst.FunctionDef,
    named: Callable[[str], Sequence[cst.CSTNode]],
    digest_of: Callable[[cst.CSTNode], str],
    reaches_of: Callable[[cst.CSTNode], set[str]],
) -> str:
    """The function's code digest combined with those of the module functions and classes (and
    for a method, the methods of its class) it reaches by name, transitively, so a change to
    any callee changes its callers' keys. `named` gives the definitions of a name; `reaches_of`
    the names of definitions a node names (computed once per node)."""
    parts = [digest_of(function)]
    reached: set[str] = set()
    pending: list[cst.CSTNode] = [function]
    while pending:
        for name in sorted(reaches_of(pending.pop()) - reached):
            reached.add(name)
            pending.extend(named(name))
    parts.extend(f"{name}:{digest_of(node)}" for name in sorted(reached) for node in named(name) if node is not function)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def _names(node: cst.CSTNode):  # type: ignore[no-untyped-def]
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Name:
            yield current
        stack.extend(child_nodes(current))
