"""Structural matching of a compiled pattern against code.

Both sides are LibCST trees; whitespace, parentheses, commas and quote styles never matter.
Names are compared through the resolver (so `y.load` is `yaml.load` after `import yaml as
y`), strings and numbers by value (constants reached through names included), and keyword
arguments in any order. A match returns the metavariable bindings; no match returns None.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Callable, Iterator, Mapping, Sequence

import libcst as cst

from .patterns import ARG_GAP, PARAM_ELLIPSIS, is_ellipsis_metavar, is_metavar, plain_dotted
from .resolver import NOT_CONST, Choices, Resolver, Scope, all_params

Bindings = Mapping[str, object]  # placeholder name -> CSTNode, or tuple of Args for $...X

_SKIPPED_FIELDS = frozenset(
    {
        "lpar", "rpar", "comma", "equal", "semicolon", "leading_lines",
        "lines_after_decorators", "header", "footer", "indent", "newline", "colon", "dot",
        "lbracket", "rbracket", "lbrace", "rbrace", "start", "end", "asynchronous",
        "first_line", "semicolon", "whitespace",
    }
)
# Fields holding a name that is declared or assigned, not looked up: compared as text.
_IDENT_FIELDS = frozenset(
    {
        ("FunctionDef", "name"), ("ClassDef", "name"), ("Param", "name"), ("AsName", "name"),
        ("ImportAlias", "name"), ("ImportFrom", "module"), ("NameItem", "name"), ("AssignTarget", "target"),
        ("AnnAssign", "target"), ("AugAssign", "target"), ("For", "target"),
        ("NamedExpr", "target"), ("CompFor", "target"), ("Attribute", "attr"),
    }
)
_CONSTANT_NAMES = {"True": True, "False": False, "None": None}
MAX_DEREF = 8


@lru_cache(maxsize=None)
def significant_fields(node_type: type) -> tuple[str, ...]:
    """The fields of a node class that carry meaning (not layout)."""
    return tuple(
        f.name
        for f in dataclasses.fields(node_type)
        if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
    )


_NODE_CLASSES: dict[type, bool] = {}


def is_node(value: object) -> bool:
    """isinstance(value, CSTNode), cached per class: LibCST's ABC checks are slow."""
    kind = type(value)
    known = _NODE_CLASSES.get(kind)
    if known is None:
        known = _NODE_CLASSES[kind] = isinstance(value, cst.CSTNode)
    return known


@lru_cache(maxsize=None)
def subclass_of(kind: type, base: type | tuple[type, ...]) -> bool:
    """issubclass(kind, base), answered once per node type (LibCST's ABC checks are slow)."""
    return issubclass(kind, base)


def child_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Children that carry meaning, in source order; cheaper than `node.children`."""
    for name in significant_fields(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is list or kind is tuple:
            for item in value:
                if is_node(item):
                    yield item
        elif is_node(value):
            yield value


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The node and every node below it, depth first: the one walk that finds which nodes a
    statement holds (node_homes.py, checker.py)."""
    stack = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        current = pop()
        yield current
        extend(child_nodes(current))


def encloses(outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
    """Whether `inner` is `outer` or one of its descendants (LibCST nodes have no parents)."""
    return any(node is inner for node in descendants(outer))


_BLOCK_TYPES = frozenset({cst.IndentedBlock, cst.SimpleStatementSuite, cst.Module})


def suite_items(suite: cst.CSTNode) -> list[cst.CSTNode]:
    """Statements of a block, with `a; b` lines split into their small statements. Node
    types are compared with `is` (here and in `is_gap`): these LibCST classes have no
    subclasses, and an isinstance that fails on an ABC costs three times as much."""
    body = suite.body if type(suite) in _BLOCK_TYPES else ()  # type: ignore[attr-defined]
    items: list[cst.CSTNode] = []
    for statement in body:
        if type(statement) is cst.SimpleStatementLine:
            items.extend(statement.body)
        else:
            items.append(statement)
    return items


def is_gap(node: cst.CSTNode) -> bool:
    """`...` standing for any run of statements, elements or arguments."""
    kind = type(node)
    if kind is cst.Expr:
        return type(node.value) is cst.Ellipsis  # type: ignore[attr-defined]
    if kind is cst.Element or kind is cst.Arg:
        value = node.value  # type: ignore[attr-defined]
        return type(value) is cst.Ellipsis or (type(value) is cst.Name and (is_ellipsis_metavar(value.value) or value.value == ARG_GAP))
    if kind is cst.Param:
        return node.name.value == PARAM_ELLIPSIS  # type: ignore[attr-defined]
    if kind is cst.ImportAlias:
        return type(node.name) is cst.Name and node.name.value == ARG_GAP and node.asname is None  # type: ignore[attr-defined]
    return False


def may_match_item(pattern: cst.CSTNode, item: cst.CSTNode) -> bool:
    """Whether a statement of a sequence pattern may match one block item (`suite_items`):
    a quick necessary test before the matcher. Past a gap (any run), `_node` matches a node
    of another type only as an assignment against an annotated one (`_annotated`) or through
    a variable, which needs a Name (`_through_variable`): no statement is one. So
    `class $LOADER(...)` is tried on class definitions only, not on every statement of each
    block around a site (yaml-unsafe-load's `pattern-inside`)."""
    kind = type(pattern)
    return kind is type(item) or (kind is cst.Assign and type(item) is cst.AnnAssign) or is_gap(pattern)


def _gap_name(node: cst.CSTNode) -> str | None:
    value = getattr(node, "value", None)
    if type(value) is cst.Name and is_ellipsis_metavar(value.value):  # type: ignore[union-attr]
        return value.value  # type: ignore[union-attr]
    return None


_EXPRESSION_TYPES: dict[type, bool] = {}
_STRING_TYPES = frozenset({cst.SimpleString, cst.ConcatenatedString})
_NUMBER_TYPES = frozenset({cst.Integer, cst.Float, cst.Imaginary})
_SUITE_TYPES = frozenset({cst.IndentedBlock, cst.SimpleStatementSuite})
_DOTTED: dict[int, tuple[cst.CSTNode, str | None]] = {}


def _is_expression(node: cst.CSTNode) -> bool:
    """isinstance on LibCST's abstract classes is slow; the answer per class is cached."""
    kind = type(node)
    known = _EXPRESSION_TYPES.get(kind)
    if known is None:
        known = _EXPRESSION_TYPES[kind] = isinstance(node, cst.BaseExpression)
    return known


def _pattern_dotted(pattern: cst.CSTNode) -> str | None:
    """The dotted name of a pattern's Name/Attribute chain without metavariables.

    Cached by identity; the entry holds the node itself, so its id cannot be reused.
    """
    entry = _DOTTED.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = (pattern, plain_dotted(pattern))
        _DOTTED[id(pattern)] = entry
    return entry[1]


class Matcher:
    """Matches patterns against the code of one document, resolving names as it goes."""

    def __init__(self, resolver: Resolver, *, literal: bool = False) -> None:
        self.resolver = resolver
        self.literal = literal  # compare names as text: used to test two bindings for equality
        self.constraints: Mapping[str, Callable[[object], bool]] = {}
        self.tried = 0  # patterns and statement runs matched (CheckResult.matches_tried)

    # -- entry points --------------------------------------------------------------------

    def match(
        self,
        pattern: cst.CSTNode,
        code: cst.CSTNode,
        scope: Scope,
        bindings: Bindings,
        constraints: Mapping[str, Callable[[object], bool]] | None = None,
    ) -> Bindings | None:
        """Bindings of the first way `pattern` matches `code`. A constraint on a metavariable
        is checked when it is bound, so a value it refuses makes the search try the next way
        (`$KW="..."` with a regex on $KW tries every keyword, not only the first)."""
        self.constraints = constraints or {}
        self.tried += 1
        try:
            return self._node(pattern, code, scope, dict(bindings), False, 0)
        finally:
            self.constraints = {}

    def match_block(
        self, pattern: Sequence[cst.CSTNode], code: Sequence[cst.CSTNode], scope: Scope, bindings: Bindings
    ) -> Bindings | None:
        """Match a statement sequence pattern against a run of statements (gaps allowed)."""
        self.tried += 1
        return self._sequence(list(pattern), list(code), scope, dict(bindings), 0)

    def same_code(self, left: object, right: object) -> bool:
        """Whether two bound values are the same code (for repeated metavariables). A value
        is its own code: literal matching is reflexive (tests/test_match_counts.py), and a
        repeated metavariable of a `pattern-not` mostly meets the very node bound before."""
        if left is right:
            return True
        if isinstance(left, tuple) or isinstance(right, tuple):
            if not (isinstance(left, tuple) and isinstance(right, tuple)) or len(left) != len(right):
                return False
            return all(self.same_code(a, b) for a, b in zip(left, right))
        if not isinstance(left, cst.CSTNode) or not isinstance(right, cst.CSTNode):
            return left == right
        literal = Matcher(self.resolver, literal=True)
        return literal._node(left, right, Scope(), {}, False, 0) is not None

    # -- nodes ---------------------------------------------------------------------------

    def _bind(self, name: str, value: object, bindings: dict[str, object]) -> dict[str, object] | None:
        previous = bindings.get(name)
        if previous is not None:
            return bindings if self.same_code(previous, value) else None
        constraint = self.constraints.get(name)
        if constraint is not None and not constraint(value):
            return None
        updated = dict(bindings)
        updated[name] = value
        return updated

    def _node(
        self, p: cst.CSTNode, c: cst.CSTNode, scope: Scope, b: dict[str, object], ident: bool, depth: int
    ) -> dict[str, object] | None:
        kind = type(p)
        if not self.literal:
            if kind is cst.Name:
                return self._name(p, c, scope, b, ident)  # type: ignore[arg-type]
            if kind is cst.Ellipsis:
                return b if _is_expression(c) else None
            if kind in _STRING_TYPES or kind in _NUMBER_TYPES:
                return self._literal(p, c, scope, b)
            if kind is cst.Attribute and not ident:
                dotted = _pattern_dotted(p)
                if dotted is not None:
                    return b if self._qualified_equals(dotted, c, scope) else None
                if type(c) is cst.Name:
                    return self._imported_member(p, c, scope, b)  # type: ignore[arg-type]
            if kind is cst.Assign and type(c) is cst.AnnAssign:
                return self._annotated(p, c, scope, b, depth)  # type: ignore[arg-type]
        elif (kind in _STRING_TYPES and type(c) in _STRING_TYPES) or (kind in _NUMBER_TYPES and type(c) in _NUMBER_TYPES):
            expected, actual = p.evaluated_value, c.evaluated_value  # type: ignore[attr-defined]
            return b if type(expected) is type(actual) and expected == actual else None  # 'x' is "x"
        if kind in _SUITE_TYPES and type(c) in _SUITE_TYPES:
            return self._suite(p, c, scope, b, depth)  # `def f(): ...` matches an indented body
        if kind is not type(c):
            return self._through_variable(p, c, scope, b, depth)
        handler = _SPECIAL.get(type(p))
        if handler is not None:
            return handler(self, p, c, scope, b, depth)
        return self._fields(p, c, scope, b, depth)

    def _fields(self, p: cst.CSTNode, c: cst.CSTNode, scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        kind = type(p).__name__
        for name in significant_fields(type(p)):
            result = self._value(getattr(p, name), getattr(c, name), scope, b, (kind, name) in _IDENT_FIELDS, depth)
            if result is None:
                return None
            b = result
        return b

    def _value(self, p: object, c: object, scope: Scope, b: dict[str, object], ident: bool, depth: int) -> dict[str, object] | None:
        if is_node(p):
            if not is_node(c):
                return None
            return self._node(p, c, scope, b, ident, depth)
        if isinstance(p, (list, tuple)):
            if not isinstance(c, (list, tuple)):
                return None
            return self._sequence(list(p), list(c), scope, b, depth, ident)
        if p is None or p is cst.MaybeSentinel.DEFAULT:
            # An optional part the pattern leaves out matches whatever the code has,
            # unless the comparison is literal (two pieces of code must agree).
            return b if not self.literal else (b if c is None or c is cst.MaybeSentinel.DEFAULT else None)
        return b if p == c else None

    def _sequence(
        self, p: list, c: list, scope: Scope, b: dict[str, object], depth: int, ident: bool = False
    ) -> dict[str, object] | None:
        """Element-wise, where `...` (or `$...X`) in the pattern takes any run of elements."""
        if not p:
            return b if not c else None
        head = p[0]
        if not self.literal and is_node(head) and is_gap(head):
            name = _gap_name(head)
            for split in range(len(c) + 1):
                bound = b if name is None else self._bind(name, tuple(c[:split]), b)
                if bound is None:
                    continue
                result = self._sequence(p[1:], c[split:], scope, bound, depth, ident)
                if result is not None:
                    return result
            return None
        if not c:
            return None
        first = self._value(head, c[0], scope, b, ident, depth)
        if first is None:
            return None
        return self._sequence(p[1:], c[1:], scope, first, depth, ident)

    # -- names, constants, variables -----------------------------------------------------

    def _name(self, p: cst.Name, c: cst.CSTNode, scope: Scope, b: dict[str, object], ident: bool) -> dict[str, object] | None:
        if is_metavar(p.value) or is_ellipsis_metavar(p.value):
            if ident or _is_expression(c):
                return self._bind(p.value, c, b)
            return None
        if ident:
            return b if isinstance(c, cst.Name) and c.value == p.value else None
        if p.value in _CONSTANT_NAMES:
            value = self.resolver.const_value(c, scope)
            expected = _CONSTANT_NAMES[p.value]
            return b if value is expected else None
        return b if self._qualified_equals(p.value, c, scope) else None

    def _qualified_equals(self, dotted: str, c: cst.CSTNode, scope: Scope) -> bool:
        if type(c) is not cst.Name and type(c) is not cst.Attribute:
            return False
        return self.resolver.qualified_name(c, scope) == dotted

    def _literal(self, p: cst.CSTNode, c: cst.CSTNode, scope: Scope, b: dict[str, object]) -> dict[str, object] | None:
        """Strings and numbers in a pattern match equal constant values."""
        if type(p) in _STRING_TYPES:
            expected = self.resolver.const_value(p, scope)
            if isinstance(expected, str) and is_metavar(expected):
                value = self.resolver.const_value(c, scope)
                return self._bind(expected, c, b) if _all(value, _is_text) else None
            value = self.resolver.const_value(c, scope)
            if expected == "...":
                return b if _all(value, _is_text) else None
            return b if _all(value, lambda v: type(v) is type(expected) and v == expected) else None
        expected = p.evaluated_value  # type: ignore[attr-defined]
        value = self.resolver.const_value(c, scope)
        return b if _all(value, lambda v: _is_number(v) and v == expected) else None

    def _imported_member(self, p: cst.Attribute, c: cst.Name, scope: Scope, b: dict[str, object]) -> dict[str, object] | None:
        """`hashlib.$FN` matches `md5` after `from hashlib import md5`: $FN binds the name."""
        owner = _pattern_dotted(p.value)
        if owner is None or not is_metavar(p.attr.value):
            return self._through_variable(p, c, scope, b, 0)
        qualified = self.resolver.qualified_name(c, scope)
        if qualified is None or not qualified.startswith(owner + ".") or "." in qualified[len(owner) + 1 :]:
            return None
        return self._bind(p.attr.value, c, b)

    def _annotated(self, p: cst.Assign, c: cst.AnnAssign, scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        """`$X = "..."` also matches `x: str = "secret"`."""
        if len(p.targets) != 1 or c.value is None:
            return None
        bound = self._node(p.targets[0].target, c.target, scope, b, True, depth)
        return self._node(p.value, c.value, scope, bound, False, depth) if bound is not None else None

    def _through_variable(
        self, p: cst.CSTNode, c: cst.CSTNode, scope: Scope, b: dict[str, object], depth: int
    ) -> dict[str, object] | None:
        """`t = tarfile.open(p); t.extractall()` — match the pattern against what `t` holds."""
        if self.literal or type(c) is not cst.Name or depth >= MAX_DEREF:
            return None
        definition = self.resolver.definition(c, scope)
        if definition is None:
            return None
        value, where = definition
        return self._node(p, value, where, b, False, depth + 1)

    # -- special node kinds --------------------------------------------------------------

    def _call(self, p: cst.Call, c: cst.Call, scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        result = self._node(p.func, c.func, scope, b, False, depth)
        if result is None:
            return None
        if self.literal:
            return self._sequence(list(p.args), list(c.args), scope, result, depth)
        return self._arguments(list(p.args), list(c.args), scope, result, depth)

    def _arguments(self, p: list[cst.Arg], c: list[cst.Arg], scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        """Keywords match by name in any order; the rest match in order with gaps."""
        keywords = [arg for arg in p if arg.keyword is not None]
        rest = [arg for arg in p if arg.keyword is None]
        return self._keywords(keywords, rest, c, scope, b, depth)

    def _keywords(
        self, keywords: list[cst.Arg], rest: list[cst.Arg], c: list[cst.Arg], scope: Scope, b: dict[str, object], depth: int
    ) -> dict[str, object] | None:
        if not keywords:
            return self._positional(rest, c, scope, b, depth)
        first, others = keywords[0], keywords[1:]
        assert first.keyword is not None
        wanted = first.keyword.value
        for index, arg in enumerate(c):
            if arg.keyword is None:
                continue
            if is_metavar(wanted):
                bound = self._bind(wanted, arg.keyword, b)
            else:
                bound = b if arg.keyword.value == wanted else None
            if bound is None:
                continue
            bound = self._node(first.value, arg.value, scope, bound, False, depth)
            if bound is None:
                continue
            result = self._keywords(others, rest, c[:index] + c[index + 1 :], scope, bound, depth)
            if result is not None:
                return result
        return None

    def _positional(self, p: list[cst.Arg], c: list[cst.Arg], scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        if not p:
            return b if not c else None
        head = p[0]
        if is_gap(head):
            name = _gap_name(head)
            for split in range(len(c) + 1):
                bound = b if name is None else self._bind(name, tuple(c[:split]), b)
                if bound is None:
                    continue
                result = self._positional(p[1:], c[split:], scope, bound, depth)
                if result is not None:
                    return result
            return None
        if not c or c[0].keyword is not None or c[0].star != head.star:
            return None
        bound = self._node(head.value, c[0].value, scope, b, False, depth)
        if bound is None:
            return None
        return self._positional(p[1:], c[1:], scope, bound, depth)

    def _dict(self, p: cst.Dict, c: cst.Dict, scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        """A dict pattern matches a dict that has (at least) those entries."""
        if self.literal:
            return self._fields(p, c, scope, b, depth)
        for element in p.elements:
            for candidate in c.elements:
                if type(candidate) is not type(element):
                    continue
                result = self._fields(element, candidate, scope, b, depth)
                if result is not None:
                    b = result
                    break
            else:
                return None
        return b

    def _parameters(self, p: cst.Parameters, c: cst.Parameters, scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        wanted = list(all_params(p))
        if self.literal or not any(is_gap(param) for param in wanted):
            return self._fields(p, c, scope, b, depth)
        available = list(all_params(c))
        for param in (x for x in wanted if not is_gap(x)):
            for index, candidate in enumerate(available):
                result = self._fields(param, candidate, scope, b, depth)
                if result is not None:
                    b = result
                    del available[index]
                    break
            else:
                return None
        return b

    def _function(self, p: cst.FunctionDef, c: cst.FunctionDef, scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        """Decorators in a pattern must each be on the function; others may be too."""
        for name in ("name", "params", "returns", "type_parameters"):
            result = self._value(getattr(p, name), getattr(c, name), scope, b, name == "name", depth)
            if result is None:
                return None
            b = result
        for decorator in p.decorators:
            for candidate in c.decorators:
                result = self._node(decorator.decorator, candidate.decorator, scope, b, False, depth)
                if result is not None:
                    b = result
                    break
            else:
                return None
        return self._suite(p.body, c.body, scope, b, depth)

    def _suite(self, p: cst.CSTNode, c: cst.CSTNode, scope: Scope, b: dict[str, object], depth: int) -> dict[str, object] | None:
        return self._sequence(suite_items(p), suite_items(c), scope, b, depth)



def _is_text(value: object) -> bool:
    return isinstance(value, (str, bytes))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, complex)) and not isinstance(value, bool)


def _all(value: object, predicate: Callable[[object], bool]) -> bool:
    """A constant satisfies a test when every value it may have does."""
    if value is NOT_CONST:
        return False
    if isinstance(value, Choices):
        return all(predicate(v) for v in value.values)
    return predicate(value)

_SPECIAL: dict[type, Callable[..., dict[str, object] | None]] = {
    cst.Call: Matcher._call,
    cst.Dict: Matcher._dict,
    cst.Parameters: Matcher._parameters,
    cst.FunctionDef: Matcher._function,
}

