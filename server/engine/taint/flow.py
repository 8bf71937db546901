"""The flow-sensitive walk of one function: statements in order, branches joined, loops run to
a fixed point, dead branches skipped, early exits (`return`, `raise`, `abort()`) ending a path.

The walk follows the syntax tree's structure (each compound statement is its own piece of the
control-flow graph), which is exact for Python's structured control flow: `break`/`continue`
states go to their loop, `return`/`raise` states end, `try` handlers start from any state of
the body. Sinks are checked as their call is evaluated, against the taint of their focus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import libcst as cst

from ..document_caches import kept_by_node
from ..formula import code_of
from ..model import Confidence
from ..resolver import NOT_CONST, ImportBinding, Resolver, Scope, all_params
from . import constants
from .containers import call_method, is_container_method
from .facts import Facts, SinkHit
from .report import sink_label
from .spec import Sink
from .guards import proof
from .values import CLEAN, Env, Origin, Step, Taint, Trace, Val, join, join_envs, merge, sequence, tainted

MAX_LOOP_ROUNDS = 4
MAX_OUTER_DEPTH = 4  # module-level names defined through other names, followed this deep
_EXITS = {"flask.abort", "abort", "sys.exit", "exit", "quit", "os._exit", "werkzeug.exceptions.abort", "fastapi.HTTPException"}


@dataclass
class Hit:
    """A sink reached by taint (the first trace per origin is kept)."""

    sink: SinkHit
    taint: Taint


@dataclass
class Summary:
    """What a function does with its arguments, for one rule (see summaries.py)."""

    parameters: tuple[str, ...]
    returns: tuple[int, ...]  # parameter positions whose taint reaches the return value
    return_taint: Taint  # taint from sources inside the function
    return_const: object
    sinks: tuple[tuple[int, Hit], ...]  # parameter position -> a sink it reaches inside
    is_method: bool = False
    star: int | None = None  # the position standing for `*args` (every extra positional argument)
    double_star: int | None = None  # the position standing for `**kwargs` (unknown keywords)

    def read(self) -> tuple:
        """What a caller's flow reads of it (`FunctionFlow.through`), comparable: equal for
        two summaries, the caller's findings are equal. The paths inside the function to its
        sinks are not read (the caller reports the sink at its call)."""
        sinks = tuple((position, hit.sink.owner, hit.sink.sink, hit.sink.node) for position, hit in self.sinks)
        return (self.parameters, self.returns, self.return_taint, self.return_const, sinks, self.is_method, self.star, self.double_star)


SummaryOf = Callable[[cst.Call, str | None], "Summary | None"]


@dataclass
class FlowContext:
    """What the walk of one function needs to know beside the code."""

    rule_id: str
    facts: Facts
    resolver: Resolver
    scope: Scope
    low_confidence: bool = False
    summary_of: SummaryOf | None = None
    origins: dict[int, Origin] = field(default_factory=dict)
    # Strict mode (see refinement.py): what the analysis cannot vouch for counts as tainted, so
    # a clean sink is clean whatever the callers, globals or files hold.
    strict: bool = False
    # In a method: the name of its instance parameter and the values other methods of the
    # class leave in its attributes (see members.py); None elsewhere.
    self_name: str | None = None
    members: Callable[[str], Val | None] | None = None


class FunctionFlow:
    """Runs one function for one rule; `hits` and `returned` hold the outcome."""

    def __init__(self, context: FlowContext, function: cst.FunctionDef, parameters: dict[str, Val]) -> None:
        self.context = context
        self.function = function
        self.initial = parameters
        self.hits: dict[int, Hit] = {}
        self.returned: Val | None = None
        self.values: dict[int, Val] = {}
        self.loops: list[tuple[list[Env], list[Env]]] = []
        self.outer_depth = 0
        self.current: cst.CSTNode | None = None  # the statement being walked
        self.sinks: dict[int, list[SinkHit]] = {}
        self.checked: set[int] = set()  # sink nodes the walk evaluated (by id)
        self.attributes = False  # whether `name.attr` entries were stored in an env
        self.dead: list[cst.CSTNode] = []  # branches a constant condition skipped
        self.exit_envs: list[Env] = []  # the states at each `return` and at the end
        # Nested functions: the states their free variables may hold (at the `def` and at each
        # call of the name), by id of the def; `nested` maps the name to that id.
        self.closures: dict[int, Env] = {}
        self.nested: dict[str, int] = {}
        for hit in context.facts.sinks:
            if hit.owner == context.rule_id:
                self.sinks.setdefault(id(hit.node), []).append(hit)

    def run(self) -> None:
        env: Env = dict(self.initial)
        end = self.block(self.function.body, env)
        if end is not None:  # falling off the end returns None
            self.exit_envs.append(end)
            self.returned = CLEAN if self.returned is None else join(self.returned, Val(const=None))

    # -- statements ----------------------------------------------------------------------

    def block(self, body: cst.BaseSuite, env: Env | None) -> Env | None:
        statements: Sequence[cst.CSTNode] = body.body  # type: ignore[attr-defined]  # a suite's small statements, a block's statements
        for statement in statements:
            if env is None:
                return None
            env = self.statement(statement, env)
        return env

    def statement(self, node: cst.CSTNode, env: Env) -> Env | None:
        self.current = node
        if isinstance(node, cst.SimpleStatementLine):
            current: Env | None = env
            for small in node.body:
                if current is None:
                    return None
                current = self.small(small, current)
            return current
        if isinstance(node, cst.If):
            return self.branch(node, env)
        if isinstance(node, cst.For):
            return self.for_loop(node, env)
        if isinstance(node, cst.While):
            return self.while_loop(node, env)
        if isinstance(node, cst.Try):
            return self.try_statement(node, env)
        if isinstance(node, cst.With):
            for item in node.items:
                value = self.expr(item.item, env)
                if item.asname is not None:
                    self.bind(item.asname.name, value, env, item)
            return self.block(node.body, env)
        if isinstance(node, cst.Match):
            subject = self.expr(node.subject, env)
            outs = []
            for case in node.cases:
                case_env = dict(env)
                self.bind_pattern(case.pattern, subject, case_env)
                outs.append(self.block(case.body, case_env))
            return join_envs([*outs, env])
        if isinstance(node, cst.FunctionDef):
            self.nested[node.name.value] = id(node)
            self.enclose(id(node), env)
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            env[node.name.value] = CLEAN
            return env
        return env

    def small(self, node: cst.CSTNode, env: Env) -> Env | None:
        if isinstance(node, cst.Assign):
            value = self.expr(node.value, env)
            for target in node.targets:
                self.bind(target.target, value, env, node)
            self.check_sink(node, env)
            return env
        if isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self.bind(node.target, self.expr(node.value, env), env, node)
            return env
        if isinstance(node, cst.AugAssign):
            value = self.expr(node.value, env)
            current = self.expr(node.target, env)
            combined = Val(merge(current.all_taint(), value.all_taint()), constants.binary(_plain_operator(node.operator), current.const, value.const))
            self.bind(node.target, combined, env, node, augmented=True)
            self.check_sink(node, env)
            return env
        if isinstance(node, cst.Expr):
            self.expr(node.value, env)
            if isinstance(node.value, cst.Call) and self.exits(node.value):
                return None
            return env
        if isinstance(node, cst.Return):
            value = self.expr(node.value, env) if node.value is not None else Val(const=None)
            self.returned = value if self.returned is None else join(self.returned, value)
            self.exit_envs.append(env)
            return None
        if isinstance(node, cst.Raise):
            if node.exc is not None:
                self.expr(node.exc, env)
            return None
        if isinstance(node, cst.Break):
            if self.loops:
                self.loops[-1][0].append(dict(env))
            return None
        if isinstance(node, cst.Continue):
            if self.loops:
                self.loops[-1][1].append(dict(env))
            return None
        if isinstance(node, cst.Assert):
            self.expr(node.test, env)
            return self.refine(node.test, env, True)
        if isinstance(node, cst.Del):
            self.delete(node.target, env)
            return env
        return env

    def enclose(self, definition: int, env: Env) -> None:
        """What a nested function sees of this one's variables, joined over the places it may
        run from (its `def`, and each call of its name, for variables assigned after it)."""
        found = self.closures.get(definition)
        self.closures[definition] = dict(env) if found is None else join_envs([found, env]) or {}

    def exits(self, call: cst.Call) -> bool:
        name = self.context.resolver.qualified_name(call.func, self.context.scope)
        return name in _EXITS

    def branch(self, node: cst.If, env: Env) -> Env | None:
        test = self.expr(node.test, env)
        decided = constants.truth(test.const)
        if decided is True:
            if node.orelse is not None:
                self.dead.append(node.orelse)
            return self.block(node.body, env)
        if decided is False:
            self.dead.append(node.body)
            return self.orelse(node.orelse, env)
        yes = self.block(node.body, self.refine(node.test, dict(env), True))
        no = self.orelse(node.orelse, self.refine(node.test, dict(env), False))
        return join_envs([yes, no])

    def orelse(self, orelse: cst.If | cst.Else | None, env: Env) -> Env | None:
        if orelse is None:
            return env
        if isinstance(orelse, cst.If):
            return self.branch(orelse, env)
        return self.block(orelse.body, env)

    def refine(self, test: cst.BaseExpression, env: Env, holds: bool) -> Env:
        checked_true, checked_false = proof(test, lambda e: not self.expr(e, env).tainted, self._qualified)
        for name in checked_true if holds else checked_false:
            if name in env or name in self.initial:
                env[name] = CLEAN
        return env

    def _qualified(self, node: cst.BaseExpression) -> str | None:
        return self.context.resolver.qualified_name(node, self.context.scope)

    def loop(self, env: Env, body: Callable[[Env], Env | None], test: Callable[[Env], Env | None]) -> tuple[Env | None, list[Env]]:
        """Run a loop body until its entry state stops changing; returns the state when the
        test fails (or the iterator ends) and the states at `break`."""
        entry: Env | None = env
        breaks: list[Env] = []
        for _ in range(MAX_LOOP_ROUNDS):
            self.loops.append(([], []))
            started = test(dict(entry)) if entry is not None else None
            out = body(started) if started is not None else None
            loop_breaks, continues = self.loops.pop()
            breaks = loop_breaks
            new_entry = join_envs([entry, out, *continues])
            if new_entry == entry:
                break
            entry = new_entry
        return entry, breaks

    def for_loop(self, node: cst.For, env: Env) -> Env | None:
        iterable = self.expr(node.iter, env)
        element = _element_of(iterable)

        def enter(state: Env) -> Env:
            self.bind(node.target, element, state, node)
            return state

        exit_env, breaks = self.loop(env, lambda state: self.block(node.body, state), enter)
        after = self.orelse_block(node.orelse, exit_env)
        return join_envs([after, *breaks])

    def while_loop(self, node: cst.While, env: Env) -> Env | None:
        decided = constants.truth(self.expr(node.test, env).const)
        if decided is False:
            self.dead.append(node.body)
            return self.orelse_block(node.orelse, env)

        def enter(state: Env) -> Env:
            self.expr(node.test, state)
            return self.refine(node.test, state, True)

        exit_env, breaks = self.loop(env, lambda state: self.block(node.body, state), enter)
        if decided is True:
            return join_envs(breaks)
        after = self.orelse_block(node.orelse, self.refine(node.test, dict(exit_env), False) if exit_env is not None else None)
        return join_envs([after, *breaks])

    def orelse_block(self, orelse: cst.Else | None, env: Env | None) -> Env | None:
        if orelse is None or env is None:
            return env
        return self.block(orelse.body, env)

    def try_statement(self, node: cst.Try, env: Env) -> Env | None:
        body_out = self.block(node.body, dict(env))
        anywhere = join_envs([env, body_out]) or env
        outs = [self.orelse_block(node.orelse, body_out)]
        for handler in node.handlers:
            state = dict(anywhere)
            if handler.name is not None:
                self.bind(handler.name.name, CLEAN, state, handler)
            outs.append(self.block(handler.body, state))
        after = join_envs(outs)
        if node.finalbody is not None:
            final = self.block(node.finalbody.body, dict(after if after is not None else anywhere))
            return final if after is not None else None
        return after

    # -- binding -------------------------------------------------------------------------

    def bind(self, target: cst.BaseExpression, value: Val, env: Env, at: cst.CSTNode, augmented: bool = False) -> None:
        if isinstance(target, cst.Name):
            env[target.value] = _with_step(value, Step(target, f"assigned to {target.value}")) if value.tainted else value
            if self.attributes:  # a new object: the attributes stored on the old one are gone
                prefix = target.value + "."
                for key in [k for k in env if k.startswith(prefix)]:
                    del env[key]
        elif isinstance(target, cst.Attribute) and _attribute_key(target) is not None:
            key = _attribute_key(target)
            self.attributes = True
            env[key] = _with_step(value, Step(target, f"assigned to {key}")) if value.tainted else value  # type: ignore[index]
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            if value.items is not None and len(value.items) == len(elements) and not starred:
                for element, item in zip(elements, value.items):
                    self.bind(element, item, env, at)
            else:
                for element in elements:
                    self.bind(element, Val(value.all_taint()), env, at)
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            self.store_item(target, value, env)
        elif isinstance(target, cst.StarredElement):
            self.bind(target.value, Val(value.all_taint()), env, at)

    def store_item(self, target: cst.Subscript, value: Val, env: Env) -> None:
        name = target.value.value  # type: ignore[attr-defined]
        container = self.expr(target.value, env)
        key = self.key_of(target, env)
        if key is NOT_CONST:
            env[name] = Val(merge(container.all_taint(), value.all_taint()))
        elif container.items is not None and isinstance(key, int) and -len(container.items) <= key < len(container.items):
            items = list(container.items)
            items[key] = value
            env[name] = Val(container.taint, NOT_CONST, tuple(items))
        else:
            env[name] = container.with_key(key, value)

    def key_of(self, target: cst.Subscript, env: Env) -> object:
        if len(target.slice) != 1 or not isinstance(target.slice[0].slice, cst.Index):
            return NOT_CONST
        return self.expr(target.slice[0].slice.value, env).const

    def delete(self, target: cst.BaseExpression, env: Env) -> None:
        if isinstance(target, cst.Name):
            env.pop(target.value, None)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.delete(element.value, env)
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            container = self.expr(target.value, env)
            key = self.key_of(target, env)
            if container.keys is not None and key is not NOT_CONST:
                env[target.value.value] = container.without_key(key)
            elif container.items is not None and isinstance(key, int) and -len(container.items) <= key < len(container.items):
                items = list(container.items)
                del items[key]
                env[target.value.value] = Val(container.taint, NOT_CONST, tuple(items))

    def bind_pattern(self, pattern: cst.MatchPattern, subject: Val, env: Env) -> None:
        for node in _names_bound_by(pattern):
            env[node] = Val(subject.all_taint())

    # -- expressions ---------------------------------------------------------------------

    def expr(self, node: cst.BaseExpression, env: Env) -> Val:
        value = self._expr(node, env)
        sources = self.context.facts.sources.get(id(node))
        if sources:
            value = Val(merge(value.all_taint(), self.source_taint(node, sources)))
        sanitizers = self.context.facts.sanitizers.get(id(node))
        if sanitizers and (None in sanitizers or self.context.rule_id in sanitizers):
            value = CLEAN
        previous = self.values.get(id(node))
        self.values[id(node)] = value if previous is None else join(previous, value)
        return value

    def source_taint(self, node: cst.CSTNode, sources) -> Taint:  # type: ignore[no-untyped-def]
        best = max(sources, key=lambda s: s.confidence)
        if best.confidence == Confidence.LOW and not self.context.low_confidence:
            return ()
        origin = self.context.origins.get(id(node))
        if origin is None:
            label = best.label or kept_by_node(_source_label, node, _LABELS_KEPT)
            origin = self.context.origins[id(node)] = Origin(node, label, best.confidence)
        return (Trace(origin),)

    def _expr(self, node: cst.BaseExpression, env: Env) -> Val:
        kind = type(node)
        if kind is cst.Name:
            return self.name(node, env)  # type: ignore[arg-type]
        literal = constants.literal(node)
        if literal is not NOT_CONST or kind in (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString):
            return Val(const=literal)
        if kind is cst.Call:
            return self.call(node, env)  # type: ignore[arg-type]
        if kind is cst.Attribute:
            base = self.expr(node.value, env)  # type: ignore[attr-defined]
            stored = env.get(_attribute_key(node)) if self.attributes else None  # type: ignore[arg-type]
            if stored is None:
                stored = self.member(node)
            if stored is not None:  # `opts.target = ...` earlier in this function
                return Val(merge(base.all_taint(), stored.all_taint()), stored.const) if base.tainted else stored
            return tainted(base.all_taint())
        if kind is cst.Subscript:
            return self.subscript(node, env)  # type: ignore[arg-type]
        if kind is cst.BinaryOperation:
            left, right = self.expr(node.left, env), self.expr(node.right, env)  # type: ignore[attr-defined]
            if isinstance(node.operator, cst.Add) and left.items is not None and right.items is not None:  # type: ignore[attr-defined]
                return Val(merge(left.taint, right.taint), NOT_CONST, left.items + right.items)
            return Val(merge(left.all_taint(), right.all_taint()), constants.binary(node.operator, left.const, right.const))  # type: ignore[attr-defined]
        if kind is cst.BooleanOperation:
            left, right = self.expr(node.left, env), self.expr(node.right, env)  # type: ignore[attr-defined]
            decided = constants.truth(left.const)
            if decided is not None:
                chosen_left = decided if isinstance(node.operator, cst.Or) else not decided  # type: ignore[attr-defined]
                return left if chosen_left else right
            return Val(merge(left.all_taint(), right.all_taint()))
        if kind is cst.UnaryOperation:
            inner = self.expr(node.expression, env)  # type: ignore[attr-defined]
            if isinstance(node.operator, cst.Not):  # type: ignore[attr-defined]
                return Val(const=constants.unary(node.operator, inner.const))  # type: ignore[attr-defined]
            return Val(inner.all_taint(), constants.unary(node.operator, inner.const))  # type: ignore[attr-defined]
        if kind is cst.Comparison:
            left = self.expr(node.left, env)  # type: ignore[attr-defined]
            rights = [self.expr(c.comparator, env).const for c in node.comparisons]  # type: ignore[attr-defined]
            return Val(const=constants.compare(node, left.const, rights))  # type: ignore[arg-type]
        if kind is cst.IfExp:
            test = self.expr(node.test, env)  # type: ignore[attr-defined]
            decided = constants.truth(test.const)
            if decided is True:
                return self.expr(node.body, env)  # type: ignore[attr-defined]
            if decided is False:
                return self.expr(node.orelse, env)  # type: ignore[attr-defined]
            return join(self.expr(node.body, self.refine(node.test, dict(env), True)), self.expr(node.orelse, self.refine(node.test, dict(env), False)))  # type: ignore[attr-defined]
        if kind in (cst.List, cst.Tuple, cst.Set):
            return self.elements(node.elements, env)  # type: ignore[attr-defined]
        if kind is cst.Dict:
            return self.dictionary(node, env)  # type: ignore[arg-type]
        if kind is cst.FormattedString:
            parts = [self.expr(p.expression, env).all_taint() for p in node.parts if isinstance(p, cst.FormattedStringExpression)]  # type: ignore[attr-defined]
            for part in node.parts:  # type: ignore[attr-defined]
                if isinstance(part, cst.FormattedStringExpression) and part.format_spec:
                    for spec in part.format_spec:
                        if isinstance(spec, cst.FormattedStringExpression):
                            parts.append(self.expr(spec.expression, env).all_taint())
            return tainted(merge((), *parts))
        if kind is cst.ConcatenatedString:
            left, right = self.expr(node.left, env), self.expr(node.right, env)  # type: ignore[attr-defined]
            return Val(merge(left.taint, right.taint), constants.binary(cst.Add(), left.const, right.const))
        if kind in (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp):
            return self.comprehension(node, env)
        if kind is cst.NamedExpr:
            value = self.expr(node.value, env)  # type: ignore[attr-defined]
            self.bind(node.target, value, env, node)  # type: ignore[attr-defined]
            return value
        if kind is cst.Await:
            return self.expr(node.expression, env)  # type: ignore[attr-defined]
        if kind is cst.Lambda:
            return self.lambda_body(node, env)  # type: ignore[arg-type]
        if kind is cst.StarredElement:
            return Val(self.expr(node.value, env).all_taint())  # type: ignore[attr-defined]
        return Val(merge((), *(self.expr(child, env).all_taint() for child in node.children if isinstance(child, cst.BaseExpression))))

    def member(self, node: cst.Attribute) -> Val | None:
        """`self.cmd` not set in this method: what the class's other methods leave in it."""
        context = self.context
        if context.members is None or not isinstance(node.value, cst.Name) or node.value.value != context.self_name:
            return None
        return context.members(node.attr.value)

    def lambda_body(self, node: cst.Lambda, env: Env) -> Val:
        """Sinks in a lambda's body see the enclosing function's values; its own parameters are
        clean (unknown in strict mode). The lambda itself is a function, not data."""
        inner = dict(env)
        for param in all_params(node.params):
            inner[param.name.value] = self.unknown(param.name) if self.context.strict else CLEAN
        self.expr(node.body, inner)
        return CLEAN

    def name(self, node: cst.Name, env: Env) -> Val:
        found = env.get(node.value)
        if found is not None:
            return found
        if node.value in ("True", "False", "None"):
            return Val(const=constants.literal(node))
        # Not assigned in this function: a module-level constant, a builtin, an import.
        outer = self.context.scope.parent or self.context.scope
        const = self.context.resolver.const_value(node, outer)
        if const is not NOT_CONST:
            return Val(const=constants.plain(const))
        found = self.context.resolver.definition(node, outer) if self.outer_depth < MAX_OUTER_DEPTH else None
        if found is not None:  # `USE_PROXY = 1 > 2`: fold what the resolver does not
            self.outer_depth += 1
            try:
                value = self.expr(found[0], {})
            finally:
                self.outer_depth -= 1
            return Val(value.all_taint() if self.context.strict else (), constants.plain(value.const))
        if self.context.strict and not _imported_or_builtin(node.value, outer):
            return self.unknown(node)  # a parameter of an enclosing function, a name assigned twice...
        return CLEAN

    def unknown(self, node: cst.CSTNode) -> Val:
        """In strict mode, a value the analysis cannot vouch for."""
        origin = self.context.origins.get(id(node))
        if origin is None:
            origin = self.context.origins[id(node)] = Origin(node, "value of unknown origin", Confidence.LOW)
        return Val((Trace(origin),))

    def elements(self, elements: Sequence[cst.BaseElement], env: Env) -> Val:
        values = []
        flat = False
        for element in elements:
            value = self.expr(element.value, env)
            if isinstance(element, cst.StarredElement):
                if value.items is not None:
                    values.extend(value.items)
                else:
                    flat = True
                    values.append(Val(value.all_taint()))
            else:
                values.append(value)
        result = sequence(values)
        const = tuple(v.const for v in values)
        if not flat and all(c is not NOT_CONST for c in const):
            result = Val(items=result.items, const=const)
        return result.flat() if flat else result

    def dictionary(self, node: cst.Dict, env: Env) -> Val:
        entries: list[tuple[object, Val]] = []
        loose: list[Taint] = []
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.expr(element.key, env)
                value = self.expr(element.value, env)
                if key.const is NOT_CONST:
                    loose.append(merge(key.all_taint(), value.all_taint()))
                else:
                    entries.append((key.const, value))
            else:
                spread = self.expr(element.value, env)  # type: ignore[attr-defined]
                if spread.keys is not None and not spread.taint:
                    entries.extend(spread.keys)
                else:
                    loose.append(spread.all_taint())
        if loose:
            return Val(merge((), *loose, *(v.all_taint() for _, v in entries)))
        return Val(keys=tuple(dict(entries).items()))

    def comprehension(self, node: cst.CSTNode, env: Env) -> Val:
        inner = dict(env)
        clause = node.for_in  # type: ignore[attr-defined]
        while clause is not None:
            iterable = self.expr(clause.iter, inner)
            self.bind(clause.target, _element_of(iterable), inner, clause)
            for condition in clause.ifs:
                self.expr(condition.test, inner)
            clause = clause.inner_for_in
        if isinstance(node, cst.DictComp):
            return Val(merge(self.expr(node.key, inner).all_taint(), self.expr(node.value, inner).all_taint()))
        return Val(self.expr(node.elt, inner).all_taint())  # type: ignore[attr-defined]

    def subscript(self, node: cst.Subscript, env: Env) -> Val:
        container = self.expr(node.value, env)
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key = self.expr(node.slice[0].slice.value, env)
            if key.const is not NOT_CONST:
                return container.element(key.const)
            return Val(merge(container.all_taint(), ()))
        for element in node.slice:
            if isinstance(element.slice, cst.Slice):
                for part in (element.slice.lower, element.slice.upper, element.slice.step):
                    if part is not None:
                        self.expr(part, env)
        return Val(container.all_taint())

    def call(self, node: cst.Call, env: Env) -> Val:
        func = node.func
        receiver = self.expr(func.value, env) if isinstance(func, cst.Attribute) else None
        if not isinstance(func, (cst.Attribute, cst.Name)):
            self.expr(func, env)
        arguments = [self.expr(arg.value, env) for arg in node.args]
        if isinstance(func, cst.Name) and func.value in self.nested:
            self.enclose(self.nested[func.value], env)
        self.check_sink(node, env)
        self.propagate(node, env)
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and receiver is not None and is_container_method(receiver, func.attr.value):
            result, updated = call_method(receiver, func.attr.value, arguments, node)
            if updated is not None:
                env[func.value.value] = updated
            return result
        summary = self.context.summary_of(node, self._qualified(func)) if self.context.summary_of is not None else None
        if summary is not None:
            return self.through(summary, node, arguments, env)
        if self.context.strict and _reads_data(func):
            return self.unknown(node)
        taints = [v.all_taint() for v in arguments]
        if receiver is not None:
            taints.append(receiver.all_taint())
            container = receiver.items is not None or receiver.keys is not None
            if (container or func.attr.value in _MUTATORS) and isinstance(func.value, cst.Name) and any(taints[:-1]):  # type: ignore[union-attr]
                # An unknown method given tainted data: the object may now hold it.
                env[func.value.value] = Val(merge(*taints))  # type: ignore[union-attr]
        return tainted(merge((), *taints))

    def propagate(self, node: cst.Call, env: Env) -> None:
        for owner, origin, target in self.context.facts.propagators.get(id(node), ()):
            if owner not in (None, self.context.rule_id) or not isinstance(target, cst.Name):
                continue
            value = self.values.get(id(origin)) or self.expr(origin, env)
            if value.tainted:
                current = env.get(target.value, CLEAN)
                env[target.value] = Val(merge(current.all_taint(), value.all_taint()))

    def through(self, summary: Summary, node: cst.Call, arguments: list[Val], env: Env) -> Val:
        """A call of a summarised function: which argument taints come back, which reach a
        sink inside it."""
        by_position = _argument_positions(summary, node)
        step = Step(node, f"through {_short(code_of(node.func))}()")
        returned: list[Taint] = [summary.return_taint]
        for position, value in zip(by_position, arguments):
            if position is None:
                continue
            if position in summary.returns:
                returned.append(_stepped(value.all_taint(), step))
            for sink_position, hit in summary.sinks:
                if sink_position == position and value.tainted:
                    # Reported at the call (the place where this input enters the function), so
                    # the editor, which checks one function at a time, reports it too.
                    inner = Step(hit.sink.node, f"inside: {sink_label(hit.sink, None)}")
                    self.record(self.at_call(hit.sink, node), _stepped(_stepped(value.all_taint(), step), inner))
        result = tainted(merge(*returned))
        if not result.tainted and summary.return_const is not NOT_CONST:
            return Val(const=summary.return_const)
        return result

    def at_call(self, inner: SinkHit, call: cst.Call) -> SinkHit:
        """A sink inside a called function, reported at the call that passes the taint to it."""
        label = f"{_short(code_of(call.func))}() which passes it to {sink_label(inner, None)}"
        return SinkHit(inner.owner, Sink(inner.sink.formula, label), call, (), self.current)

    def check_sink(self, node: cst.CSTNode, env: Env) -> None:
        for hit in self.sinks.get(id(node), ()):
            self.checked.add(id(node))
            taint: list[Taint] = []
            for focus in hit.focus:
                value = self.values.get(id(focus))
                if value is None:
                    value = self.expr(focus, env)  # type: ignore[arg-type]
                taint.append(value.all_taint())
            found = merge((), *taint)
            if found:
                self.record(hit, found)

    def record(self, sink: SinkHit, taint: Taint) -> None:
        existing = self.hits.get(id(sink.node))
        self.hits[id(sink.node)] = Hit(sink, taint if existing is None else merge(existing.taint, taint))


def _attribute_key(node: cst.Attribute) -> str | None:
    """`opts.target` as an env entry (only attributes of a plain name are tracked)."""
    return f"{node.value.value}.{node.attr.value}" if isinstance(node.value, cst.Name) else None


def _imported_or_builtin(name: str, scope: Scope) -> bool:
    """Names that hold code, not data: imports, and names no scope binds (builtins)."""
    found = scope.lookup(name)
    return found is None or isinstance(found[0], ImportBinding)


# Calls whose result is data from outside the program (files, sockets, databases, HTTP
# responses): in strict mode they are unknown even when their arguments are constant.
_READERS = {
    "open", "read", "readline", "readlines", "read_text", "read_bytes", "recv", "recvfrom", "fetchone",
    "fetchall", "fetchmany", "json", "urlopen", "getenv", "input", "load", "loads",
}


def _reads_data(func: cst.BaseExpression) -> bool:
    name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
    return name in _READERS


_MUTATORS = {"append", "extend", "insert", "add", "update", "write", "appendleft", "extendleft", "setdefault", "push"}


def _plain_operator(operator: cst.BaseAugOp) -> cst.BaseBinaryOp:
    name = type(operator).__name__.replace("Assign", "")
    return getattr(cst, name)()


def _element_of(iterable: Val) -> Val:
    """The value of one element when iterating (any of them)."""
    if iterable.items:
        result = iterable.items[0]
        for item in iterable.items[1:]:
            result = join(result, item)
        return Val(merge(iterable.taint, result.all_taint()), NOT_CONST, result.items, result.keys) if iterable.taint else result
    if iterable.keys is not None:
        return Val(iterable.taint)  # iterating a dict gives its (constant) keys
    return Val(iterable.all_taint())


def _with_step(value: Val, step: Step) -> Val:
    return Val(
        _stepped(value.taint, step),
        value.const,
        tuple(_with_step(item, step) for item in value.items) if value.items is not None else None,
        tuple((k, _with_step(v, step)) for k, v in value.keys) if value.keys is not None else None,
    )


def _stepped(taint: Taint, step: Step) -> Taint:
    return tuple(trace.then(step) for trace in taint)


_LABELS_KEPT = 1024  # source labels kept per document: dropped all at once past it


def _source_label(node: cst.CSTNode) -> str:
    """A source without a label of its own is named by its code (`request.args value`), kept
    by node: the flow of the edited function finds its sources again on each keystroke."""
    return f"{_short(code_of(node))} value"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _argument_positions(summary: Summary, node: cst.Call) -> list[int | None]:
    """Which parameter position each argument of the call lands in."""
    offset = 1 if summary.is_method else 0
    positions: list[int | None] = []
    index = offset
    for arg in node.args:
        if arg.keyword is not None:
            name = arg.keyword.value
            positions.append(summary.parameters.index(name) if name in summary.parameters else summary.double_star)
        elif arg.star == "**":
            positions.append(summary.double_star)
        elif arg.star:
            positions.append(summary.star)
        else:
            positions.append(index if index < len(summary.parameters) else summary.star)
            index += 1
    return positions


def _names_bound_by(pattern: cst.CSTNode) -> list[str]:
    names = []
    stack = [pattern]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.MatchAs) and node.name is not None:
            names.append(node.name.value)
        if isinstance(node, cst.MatchStar) and node.name is not None:
            names.append(node.name.value)
        stack.extend(node.children)
    return names
