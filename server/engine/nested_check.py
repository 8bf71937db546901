"""When a statement re-parsed inside a unit (nesting.py) can be checked alone.

Checking the statement alone, with its real ancestors, finds what a check of the whole unit
finds on its lines, unless the edit also changes what is found elsewhere: a rule matching an
enclosing statement (`try: ... except: pass`), a statement-sequence `pattern-inside`, or names
the statement binds for the rest of its function. These are the checks for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Sequence

import libcst as cst

from .checker import RuleIndex
from .document_caches import kept, kept_by_node
from .formula import Site, code_of, evaluate, names_in
from .matcher import Matcher
from .model import RuleInfo
from .nesting import Step
from .prefilter import IDENTIFIER, text_markers, text_tokens
from .resolver import ImportBinding, Resolver, Scope, ValueBinding, all_params, module_scope
from .rule_loader import Rule


def scope_items(statements: Iterable[cst.CSTNode]) -> tuple:
    """The names statements bind (imports, values), the modules they import whole and
    those of their star imports, as comparable text."""
    scope = module_scope(statements)
    items = []
    for name, binding in sorted(scope.bindings.items()):
        if isinstance(binding, ImportBinding):
            items.append((name, "import", binding.qualified))
        else:
            items.append((name, "value", tuple(code_of(v) if v is not None else None for v in binding.values)))
    stars = (("stars", scope.stars),) if scope.stars else ()  # `from m import *`: any unbound name may resolve into m
    return (*items, ("modules", tuple(sorted(scope.modules))), *stars)


_KEPT_ITEMS = 16


def _kept_items(statements: Sequence[cst.CSTNode]) -> tuple:
    """`scope_items` of statements, kept for the last few by their nodes: a nested edit asks
    it of the same old and new statements up to three times (`rebound_names` for the source
    gate and for the check, `rebinds_fix_names`), and a keystroke's new statements are the
    next keystroke's old ones. Each asks for code of every value bound (~1-3 ms on an `if`
    block). The nodes are held with their items, so an id names one node while kept; they are
    the document's (document_caches.py)."""
    nodes = tuple(statements)
    key = tuple(map(id, nodes))
    items: dict[tuple[int, ...], tuple[tuple[cst.CSTNode, ...], tuple]] = kept(_kept_items, dict)
    known = items.get(key)
    if known is not None and all(a is b for a, b in zip(known[0], nodes)):
        return known[1]
    found = scope_items(nodes)
    if len(items) >= _KEPT_ITEMS:
        items.clear()
    items[key] = (nodes, found)
    return found


def rebound_names(old: Sequence[cst.CSTNode], new: Sequence[cst.CSTNode]) -> set[str] | None:
    """The names whose binding (import target, assigned value) differs between the old and
    the new statements; None when they import whole modules differently (`import a.b` lets
    every `a.b.x` resolve) or star-import differently (any unbound name may resolve)."""
    changed = set(_kept_items(old)) ^ set(_kept_items(new))
    names = {item[0] for item in changed}
    return None if "modules" in names or "stars" in names else names


def rebinds_fix_names(old: Sequence[cst.CSTNode], new: Sequence[cst.CSTNode], names: frozenset[str]) -> bool:
    """Whether the old and new statements bind differently a name a rule's fix may look up
    (`RuleFacts.fix_names`), or an alias of a module named so (`import secrets as s`): the
    fixes of statements that do not name it may change (fixes.py writes `s.SystemRandom()`,
    or offers no fix when `secrets` is a local)."""
    changed = set(_kept_items(old)) ^ set(_kept_items(new))
    return any(item[0] in names or (item[1] == "import" and item[2].split(".")[0] in names) for item in changed)


def folding_names(statement: cst.CSTNode, function: Scope) -> set[str]:
    """The names `statement` binds whose resolution may follow other names' bindings: those
    the function (its scope: every value each name has there) binds to values only. What
    the resolver answers for a name (qualified name, constant, definition) comes from its
    values alone, and is fixed for a parameter, a name imported or also bound without a
    value (`for` targets, `+=`, unpacking: no constant, no single value), and a name of
    several values one of which is a call, a subscript or a comparison (no constant, no
    single value either)."""
    found: set[str] = set()
    for name in module_scope([statement]).bindings:
        binding = function.bindings.get(name)
        if binding is None or (
            isinstance(binding, ValueBinding)
            and all(value is not None for value in binding.values)
            and (len(binding.values) == 1 or not any(type(value) in _NEVER_CONSTANT for value in binding.values))
        ):
            found.add(name)
    return found


_NEVER_CONSTANT = (cst.Call, cst.Subscript, cst.Comparison)  # the resolver's const_value answers no constant at once


@dataclass(frozen=True)
class RuleFacts:
    """What the checks of a nested edit ask of a rule set, found once per engine (each
    document found them again at its first nested keystroke)."""

    sequence: tuple[Rule, ...]  # a statement-sequence pattern: matches depend on sibling statements
    refinable: tuple[Rule, ...]  # a taint rule refines them (refinement.py): data flow decides where one may match
    taint_ids: frozenset[str]
    fix_names: frozenset[str]  # every name a rule's fix may look up (Rule.fix_names)
    # A pattern-inside or pattern-not-inside may match around statements (Rule.context_kinds,
    # context_tests, context_items): the rules `header_parts` and `changes_contexts` ask
    # about (41 of 190; each keystroke asked every rule, ~0.3 ms a question).
    contextual: tuple[Rule, ...]

    @classmethod
    def of(cls, rules: Sequence[Rule]) -> RuleFacts:
        """The facts of `rules`."""
        return cls(
            sequence=tuple(rule for rule in rules if rule.has_sequence),
            refinable=tuple(rule for rule in rules if rule.info.refined_by is not None),
            taint_ids=frozenset(rule.id for rule in rules if rule.taint is not None),
            fix_names=frozenset().union(*(rule.fix_names for rule in rules)),
            contextual=tuple(rule for rule in rules if rule.context_kinds or rule.context_tests is not None or rule.context_items),
        )


def pattern_names(rules: Iterable[Rule]) -> frozenset[str]:
    """Every plain name the patterns of `rules` hold, in all their parts (nots, insides,
    metavariable-patterns; `Rule.pattern_names`, known without compiling a deferred rule): a
    callee the rule index or a rule compares with a qualified name is a dotted name of some
    pattern, so a qualified name whose first part is none of these is compared with nothing
    (units.py's `_unread`)."""
    return frozenset().union(*(rule.pattern_names for rule in rules))


def header_parts(
    statement: cst.CSTNode, rules: Iterable[Rule], enabled: Callable[[RuleInfo], bool], words: Sequence[Callable[[], set[str]]] = (), old_def: cst.CSTNode | None = None,
) -> list[cst.CSTNode] | None:
    """The nodes of a compound statement's header (an `if`'s or a `while`'s test, a `for`'s
    target and iterable, a `with`'s items; with `old_def`, the `def` it replaced, a `def`'s
    decorators, name, parameters and annotation), to check alone after an edit of its header
    lines only (its blocks the same nodes), when no enabled rule has a pattern-inside or
    pattern-not-inside that may match a statement of its kind (Rule.context_kinds), or, of
    an `if` or an `elif`, that may match its old or new test (Rule.watches_if) as far as
    each of `words` tells (`header_words`, ever finer and dearer: the next is asked only
    while a rule may): then the matches inside its blocks do not depend on its header. The caller makes sure
    no rule may start a match at the statement itself; the names the header binds, the
    sequence and the refinable rules are its checks too, as for any statement (units.py; of
    a `def`, the statements reading a renamed parameter; a `def` that keeps its name is
    watched only by a rule whose `def`s compare more than names, Rule.watches_def). None
    otherwise."""
    fields = _HEADERS.get(type(statement)) or (_SIGNATURE if type(old_def) is type(statement) is cst.FunctionDef else None)
    if fields is None:
        return None
    kind = type(statement).__name__
    if kind == "If":
        watching = [rule for rule in rules if (rule.context_tests is not None or "*" in rule.context_kinds) and enabled(rule.info)]
        for found in words:
            if not watching:
                break
            named = found()
            watching = [rule for rule in watching if rule.watches_if(named)]
        if watching:
            return None
    elif kind == "FunctionDef":
        name_kept = old_def.name.value == statement.name.value  # type: ignore[union-attr, attr-defined]
        if any(enabled(rule.info) and rule.watches_def(name_kept) for rule in rules):
            return None
    elif any(enabled(rule.info) and ("*" in rule.context_kinds or kind in rule.context_kinds) for rule in rules):
        return None
    return _header_nodes(statement, fields)


_HEADERS: dict[type, tuple[str, ...]] = {cst.If: ("test",), cst.While: ("test",), cst.For: ("target", "iter"), cst.With: ("items",)}
_SIGNATURE = ("decorators", "name", "type_parameters", "params", "returns")  # type_parameters: libcst >= 1.3


def _header_nodes(statement: cst.CSTNode, fields: tuple[str, ...]) -> list[cst.CSTNode]:
    """The nodes of `fields`, a compound statement's header fields (`_HEADERS`, `_SIGNATURE`;
    one libcst lacks is none)."""
    parts: list[cst.CSTNode] = []
    for name in fields:
        value = getattr(statement, name, None)
        parts.extend(value if isinstance(value, Sequence) else [value] if value is not None else [])
    return parts


def header_words(heads: Sequence[cst.CSTNode], scope: Scope, identifiers: Iterable[str] = ()) -> set[str]:
    """The words of an edited statement's old and new headers (`NestedEdit.heads`) and
    `identifiers`, with those of what `scope` and the scopes around it bind them to, transitively,
    and the modules of their `from m import *`: a pattern's name matches code that names it
    or names what is bound to it (`from os import access as can`, `ok = os.access(p)` read
    by `if ok:`). With the function's scope, what the headers may name; with the module's
    and the identifiers of the function holding them (`OuterFunction`), more, without building the function's scope
    anew and rendering the values it binds (a few ms a keystroke in a long method)."""
    return statement_words((part for head in heads for part in _header_nodes(head, _HEADERS[type(head)])), scope, identifiers)


def statement_words(nodes: Iterable[cst.CSTNode], scope: Scope, identifiers: Iterable[str] = ()) -> set[str]:
    """`header_words` of whole nodes: what they and `identifiers` may name."""
    scopes = _chain(scope)
    words = _through_scopes(set(names_in(nodes)).union(identifiers), scopes)
    for each in scopes:
        for module in each.stars:
            words.update(module.split("."))
    return words


def renamed_parameters(old: cst.FunctionDef, new: cst.FunctionDef) -> set[str]:
    """The names one signature has as a parameter and the other does not: the function's
    scope binds parameters by name alone (resolver.function_scope), so only the statements
    naming these, or a name such a statement binds, may resolve a name differently."""
    return {param.name.value for param in all_params(old.params)} ^ {param.name.value for param in all_params(new.params)}


class OuterFunction:
    """The outermost function holding a nested edit (`holders`: the steps from the unit down
    to the edited statements' parent), its text and its identifiers, found once per edit:
    the checks of the edit read them (the header's words, the contexts' words, `may_refine`),
    and each joined the function's lines and searched them again (a 300-line method)."""

    def __init__(self, holders: Sequence[Step], lines: Sequence[str]) -> None:
        self.index = next((i for i, step in enumerate(holders) if isinstance(step.node, cst.FunctionDef)), None)  # None: no function holds it
        self.step = holders[self.index] if self.index is not None else None
        self._lines = lines

    @cached_property
    def text(self) -> str:
        """The function's lines, joined ("" without a function)."""
        step = self.step
        return "".join(self._lines[step.start : step.start + step.lines]) if step is not None else ""

    @cached_property
    def identifiers(self) -> frozenset[str]:
        """The identifiers of its text (prefilter.IDENTIFIER)."""
        return frozenset(IDENTIFIER.findall(self.text))


def changes_contexts(
    old: cst.CSTNode, new: Sequence[cst.CSTNode], holders: Sequence[cst.CSTNode], outside: Sequence[cst.CSTNode], rules: Iterable[Rule],
    enabled: Callable[[RuleInfo], bool], words: Sequence[Callable[[Sequence[cst.CSTNode]], set[str]]], in_function: bool,
) -> bool:
    """Whether an edit replacing the statement `old` by `new` inside the compound statements
    `holders` and `outside` (old and new, below the piece holding it; `outside`: down to the
    function holding the edit, which lie in blocks outside it) may change what an enabled
    rule's pattern-inside or pattern-not-inside matches as a run of statements or a block
    around other statements (Rule.context_items): the findings of the statements around the
    edit may change (a use after `if not os.access(p): return`). It may when the number of
    statements changes (two statements of a run become adjacent), or when a changed statement
    is of the type of one such pattern statement whose names the words of the changed
    statements may hold, as far as each of `words` tells (`statement_words`, ever finer and
    dearer: the next is asked only while a rule may). When the first words are those of the
    function holding the edit (`in_function`), they tell of the statements inside it alone,
    and a rule none of whose matches they allow there finds nothing, before or after, around
    a statement of a block inside it."""
    watching = [rule for rule in rules if rule.context_items and enabled(rule.info)]
    if not watching:
        return False
    before, after = _items([old]), _items(new)
    if len(before) != len(after):
        return True
    inner = [*before, *after, *holders]
    near = {type(node).__name__ for node in inner} if in_function else set()
    far = {type(node).__name__ for node in (outside if in_function else [*inner, *outside])}
    wanted = [(rule, names, kind not in far) for rule in watching for kind, names in rule.context_items if kind in near or kind in far]
    for index, found in enumerate(words):
        if not wanted:
            return False
        named = found([*inner, *outside])
        if index == 0 and in_function:  # the function's words tell of the statements inside it alone
            wanted = [(rule, names, local) for rule, names, local in wanted if not local or (names <= named and rule.may_hold(named))]
        else:
            wanted = [(rule, names, local) for rule, names, local in wanted if names <= named]
    return bool(wanted)


def changes_runs(
    changed: Sequence[cst.CSTNode], rules: Iterable[Rule], enabled: Callable[[RuleInfo], bool], words: Callable[[Sequence[cst.CSTNode]], set[str]]
) -> tuple[list[Rule], frozenset[str]]:
    """The enabled rules a run or a block of whose pattern-inside or pattern-not-inside
    (Rule.context_items) top-level statements or class members replaced by an edit
    (`changed`: old and new, with the neighbours that became adjacent) may be statements
    of, with the words of those statements: such a run starting (or ending) there covers
    the units after (or before) it, each checked alone. By kind first, then by the names
    `words` gives the statements of those kinds (a class's 880 lines are not read unless
    some pattern statement is a class)."""
    items = _items(changed)
    kinds = {type(item).__name__ for item in items}
    wanted = [(rule, kind, names) for rule in rules if rule.context_items and enabled(rule.info) for kind, names in rule.context_items if kind in kinds]
    if not wanted:
        return [], frozenset()
    watched = {kind for _, kind, _ in wanted}
    named = frozenset(words([item for item in items if type(item).__name__ in watched]))
    return list({rule.id: rule for rule, _, names in wanted if names <= named}.values()), named


def _items(statements: Iterable[cst.CSTNode]) -> list[cst.CSTNode]:
    """Statements as the matcher takes them in a block: a line's small statements apart."""
    return [item for statement in statements for item in (statement.body if isinstance(statement, cst.SimpleStatementLine) else [statement])]


def matches_on_chain(
    index: RuleIndex, chain: Sequence[cst.CSTNode], piece: cst.CSTNode, resolver: Resolver, enabled: Callable[[RuleInfo], bool]
) -> bool:
    """Whether an enabled rule matches a node of `chain` from `piece` on (`chain` runs from
    the module down to the edited statement's parent): its finding depends on the whole node.
    `resolver` is the round's (units.py): the scopes of the functions on the chain, which the
    rules' sites ask for, are built once for this and the checks that follow (a 113-line
    method's scan each)."""
    matcher = Matcher(resolver)
    first = next((i for i, node in enumerate(chain) if node is piece), len(chain))
    for position in range(first, len(chain)):
        node = chain[position]
        for rule in index.candidates(node, None):
            if not enabled(rule.info) or rule.formula is None:  # a rule not enabled is not compiled for it
                continue
            site = Site(node, list(chain[:position]), resolver, matcher)
            try:
                if evaluate(rule.formula, site, {}):
                    return True
            except Exception:  # the whole check reports the rule's failure
                return True
    return False


def may_refine(
    text: str, refinable: Sequence[Rule], enabled: Callable[[RuleInfo], bool], scope: Scope, identifiers: Iterable[str] | None = None,
) -> bool:
    """Whether an enabled refinable rule may match in `text` (judged from its words and those
    the module binds its names to: `RedirectResponse` stands for
    `starlette.responses.RedirectResponse` when imported so); its `identifiers` when known
    (`OuterFunction`)."""
    candidates = [rule for rule in refinable if enabled(rule.info)]
    if not candidates:
        return False
    tokens = text_tokens(text, candidates) if identifiers is None else {*identifiers, *text_markers(text, candidates)}
    tokens = _through_scopes(tokens, [scope])
    return any(rule.may_match_definition(tokens) for rule in candidates)


def _chain(scope: Scope) -> list[Scope]:
    """`scope` and the scopes around it, innermost first."""
    scopes = []
    current: Scope | None = scope
    while current is not None:
        scopes.append(current)
        current = current.parent
    return scopes


def _through_scopes(tokens: set[str], scopes: Sequence[Scope]) -> set[str]:
    """`tokens` with the words of what `scopes` bind them to, transitively: the parts of an
    import's qualified name, the words of an assigned value (`R = RedirectResponse`). A
    name's bindings in each scope count (a value's words may be read in an outer scope)."""
    words = set(tokens)
    pending = [name for each in scopes for name in tokens & each.bindings.keys()]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        found = frozenset().union(*(_bound_words(each, name) for each in scopes if name in each.bindings))
        words |= found
        pending.extend(word for each in scopes for word in found & each.bindings.keys() if word not in seen)
    return words


def _bound_words(scope: Scope, name: str) -> frozenset[str]:
    """The words of what `scope` binds `name` to, rendered once per scope: rendering an
    assigned value anew took most of `may_refine` on every keystroke in a function."""
    words = scope.bound_words.get(name)
    if words is None:
        binding = scope.bindings[name]
        if isinstance(binding, ImportBinding):
            words = frozenset(binding.qualified.split("."))
        else:
            words = frozenset().union(*(kept_by_node(_value_words, value, _WORDS_KEPT) for value in binding.values if value is not None))
        scope.bound_words[name] = words
    return words


_WORDS_KEPT = 1024  # values' words kept per document: dropped all at once past it


def _value_words(value: object) -> frozenset[str]:
    """The words of an assigned value's code, kept by node (document_caches.kept_by_node): a
    keystroke in a function builds its scope anew, whose values are mostly the nodes of the
    statements it did not touch (`command = request.args["cmd"]` above a sink typed in)."""
    return frozenset(IDENTIFIER.findall(code_of(value)))
