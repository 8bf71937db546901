"""Redline's own name resolver: import aliases, single assignments and constant values.

The design note explains why this is not LibCST's Scope/QualifiedName providers: those cost
about 40 times a unit's parse and 7 times its memory. Here a scope is built by scanning the
*statements* of a module or function once (not every expression), and names are looked up
lazily while the matcher walks.

A name resolves to a dotted qualified name: `import yaml as y` makes `y.load` resolve to
`yaml.load`; `t = tarfile.open(p)` makes `t.extractall` resolve to `tarfile.open().extractall`
(a call's result is written with `()`); an unbound name (a builtin such as `eval`) resolves to
itself; a parameter or a name bound in some other way resolves to nothing.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Union

import libcst as cst

# Qualified names whose value is fixed for a given interpreter: not attacker-controlled.
TRUSTED_CONSTANTS: dict[str, str] = {
    "sys.executable": "<sys.executable>",
    "sys.prefix": "<sys.prefix>",
    "os.devnull": "/dev/null",
    "os.sep": "/",
    "os.curdir": ".",
    "os.pardir": "..",
}

MAX_CONST_LEN = 10_000  # constant folding never builds anything larger
MAX_DEPTH = 20  # alias chains longer than this are treated as unknown
# Literal node types, asked by `type(node) in`: LibCST's have no subclasses, and an isinstance failing on an ABC is slow.
LITERAL_TYPES = frozenset({cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary})


class _NotConst:
    """The value of an expression Redline cannot compute (a parameter, a call result...)."""

    _instance: "_NotConst | None" = None

    def __new__(cls) -> "_NotConst":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_CONST"

    def __bool__(self) -> bool:
        return False


NOT_CONST = _NotConst()


@dataclass(frozen=True)
class Choices:
    """A name assigned several different constants: any of them may be its value."""

    values: tuple[object, ...]


ConstValue = object  # str, bytes, int, float, bool, None, tuple, Choices, or NOT_CONST


@dataclass(frozen=True)
class ImportBinding:
    qualified: str


@dataclass(frozen=True)
class ValueBinding:
    """A name assigned in this scope; each assigned expression, or None when unknowable."""

    values: tuple[Union[cst.BaseExpression, None], ...]


Binding = Union[ImportBinding, ValueBinding]
LOCAL = ValueBinding((None,))  # a parameter, loop variable, unpacked target...


@dataclass
class Scope:
    """Names bound in one module or function body, with the enclosing scope."""

    bindings: dict[str, Binding] = field(default_factory=dict)
    parent: "Scope | None" = None
    modules: frozenset[str] = frozenset()  # dotted modules imported whole (`import a.b`)
    stars: tuple[str, ...] = ()  # modules of `from m import *`, in order
    # The words of each name's binding (nested_check), kept as long as the scope: a scope is
    # not changed once built, and the editor keeps a module's while only functions change.
    bound_words: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # A function's names from the module down (`("f", "inner")`), and the names the matcher
    # asked this scope about while a document's resolver recorded them (`Resolver(asked=)`).
    path: tuple[str, ...] = field(default=(), compare=False, repr=False)
    asked: set[str] | None = field(default=None, compare=False, repr=False)
    # The names bound by import, by what they import, each list sorted (`alias_for`), once.
    imported_as: dict[str, tuple[str, ...]] | None = field(default=None, compare=False, repr=False)

    def imports_module(self, module: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if module in scope.modules:
                return True
            scope = scope.parent
        return False

    def alias_for(self, qualified: str) -> str | None:
        """A local name bound by import to `qualified` (`y` after `import yaml as y`)."""
        scope: Scope | None = self
        while scope is not None:
            for name in scope._importing(qualified):
                if self.lookup(name) == (scope.bindings[name], scope):
                    return name
            scope = scope.parent
        return None

    def _importing(self, qualified: str) -> tuple[str, ...]:
        """The names this scope binds by import to `qualified`, in sorted order. Indexed once
        per scope: each fix rendered for a keystroke's findings asks for each prefix of each
        module path its template names, and sorting and reading every binding of a module
        scope cost 0.2 ms (100 names) to 1.3 ms (400) a question."""
        if self.imported_as is None:
            found: dict[str, list[str]] = {}
            for name, binding in sorted(self.bindings.items()):
                if isinstance(binding, ImportBinding):
                    found.setdefault(binding.qualified, []).append(name)
            self.imported_as = {imported: tuple(names) for imported, names in found.items()}
        return self.imported_as.get(qualified, ())

    def star_module(self) -> str | None:
        """The module that a name bound nowhere comes from: the last `from m import *`.

        Which names a module exports is not known without importing it, so every unbound name
        is taken to come from there, except builtins (which keep their meaning).
        """
        scope: Scope | None = self
        while scope is not None:
            if scope.stars:
                return scope.stars[-1]
            scope = scope.parent
        return None

    def lookup(self, name: str) -> tuple[Binding, "Scope"] | None:
        scope: Scope | None = self
        while scope is not None:
            binding = scope.bindings.get(name)
            if binding is not None:
                return binding, scope
            scope = scope.parent
        return None


def dotted_name(node: cst.CSTNode) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def _import_from_module(node: cst.ImportFrom) -> str | None:
    if node.relative:
        return None  # a relative import names a project module, never a library API
    return dotted_name(node.module) if node.module is not None else None


_BUILTIN_NAMES = frozenset(dir(builtins))


class _ScopeBuilder:
    """Collects bindings from the statements of one scope (not nested functions/classes)."""

    def __init__(self) -> None:
        self.values: dict[str, list[cst.BaseExpression | None]] = {}
        self.imports: dict[str, str] = {}
        self.modules: set[str] = set()
        self.stars: list[str] = []

    def bind(self, name: str, value: cst.BaseExpression | None) -> None:
        self.values.setdefault(name, []).append(value)

    def bind_target(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind_target(element.value, None)
        elif isinstance(target, cst.StarredElement):
            self.bind_target(target.value, None)

    def scan(self, statements: Iterable[cst.CSTNode]) -> None:
        for statement in statements:
            self._statement(statement)

    def _statement(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self._small(small)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            self.bind(node.name.value, None)
        elif isinstance(node, cst.With):
            for item in node.items:
                if item.asname is not None:
                    self.bind_target(item.asname.name, item.item)  # type: ignore[arg-type]
            self._block(node.body)
        elif isinstance(node, (cst.For,)):
            self.bind_target(node.target, None)
            self._block(node.body)
            if node.orelse is not None:
                self._block(node.orelse.body)
        elif isinstance(node, cst.While):
            self._block(node.body)
            if node.orelse is not None:
                self._block(node.orelse.body)
        elif isinstance(node, cst.If):
            self._block(node.body)
            if node.orelse is not None:
                self._statement(node.orelse)
        elif isinstance(node, cst.Else):
            self._block(node.body)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            self._block(node.body)
            for handler in node.handlers:
                if handler.name is not None:
                    self.bind_target(handler.name.name, None)  # type: ignore[arg-type]
                self._block(handler.body)
            if node.orelse is not None:
                self._block(node.orelse.body)
            if node.finalbody is not None:
                self._block(node.finalbody.body)
        elif isinstance(node, cst.Match):
            for case in node.cases:
                self._block(case.body)

    def _block(self, block: cst.BaseSuite) -> None:
        if isinstance(block, cst.IndentedBlock):
            self.scan(block.body)
        elif isinstance(block, cst.SimpleStatementSuite):
            for small in block.body:
                self._small(small)

    def _small(self, node: cst.BaseSmallStatement) -> None:  # reads only the kinds of _BINDING_SMALL
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted_name(alias.name)
                if full is None:
                    continue
                self.modules.add(full)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.imports[alias.asname.name.value] = full
                else:
                    root = full.split(".")[0]
                    self.imports[root] = root
        elif isinstance(node, cst.ImportFrom):
            module = _import_from_module(node)
            if isinstance(node.names, cst.ImportStar):
                if module is not None:
                    self.stars.append(module)
                return
            for alias in node.names:
                name = dotted_name(alias.name)
                if name is None:
                    continue
                local = (
                    alias.asname.name.value
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                    else name
                )
                if module is None:
                    self.bind(local, None)
                else:
                    self.imports[local] = f"{module}.{name}"
        elif isinstance(node, cst.Assign):
            for target in node.targets:
                self.bind_target(target.target, node.value)
        elif isinstance(node, cst.AnnAssign):
            self.bind_target(node.target, node.value)
        elif isinstance(node, cst.AugAssign):
            self.bind_target(node.target, None)
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            for item in node.names:
                self.bind(item.name.value, None)

    def build(self, parent: Scope | None) -> Scope:
        scope = Scope(parent=parent, modules=frozenset(self.modules), stars=tuple(self.stars))
        for name, qualified in self.imports.items():
            scope.bindings[name] = ImportBinding(qualified)
        for name, values in self.values.items():
            if name in self.imports:
                # `try: import yaml / except ImportError: yaml = None` keeps meaning yaml;
                # any other assignment makes the name unreliable either way.
                if not all(_is_none(value) for value in values):
                    scope.bindings[name] = LOCAL
                continue
            scope.bindings[name] = ValueBinding(tuple(values))
        return scope


# The small statements _ScopeBuilder._small takes bindings from.
_BINDING_SMALL = (cst.Import, cst.ImportFrom, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Global, cst.Nonlocal)


def binds_nothing(statement: cst.CSTNode) -> bool:
    """Whether a statement adds nothing to the scope it stands in: a line of small statements
    of none of those kinds (a docstring, a call). A scope's builder skips it."""
    return type(statement) is cst.SimpleStatementLine and not any(isinstance(small, _BINDING_SMALL) for small in statement.body)  # type: ignore[attr-defined]


def _is_none(value: cst.BaseExpression | None) -> bool:
    return isinstance(value, cst.Name) and value.value == "None"


def module_scope(statements: Iterable[cst.CSTNode]) -> Scope:
    """The module-level scope: imports, assignments, definitions of the top-level statements."""
    builder = _ScopeBuilder()
    builder.scan(statements)
    return builder.build(parent=None)


def function_scope(node: cst.FunctionDef | cst.Lambda, parent: Scope) -> Scope:
    builder = _ScopeBuilder()
    for param in all_params(node.params):
        builder.bind(param.name.value, None)
    if isinstance(node, cst.FunctionDef):
        builder._block(node.body)
    return builder.build(parent=parent)


def all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    """Every parameter of a signature, in order (positional-only to **kwargs)."""
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


class Resolver:
    """Answers 'what is this name' and 'what is this value' for nodes of one document.

    With `asked` (the language server's document keeps it), each function scope notes the
    names its lookups passed through (`Scope.asked`, one set per function path, kept across
    resolvers and edits): a match that never asked a scope about a name cannot change when
    only that name's binding there changes (units.py narrows a rename's re-check so). The
    rule index's callee lookups are not noted (`index_name`): what they answer is judged
    apart (nested_check.pattern_names)."""

    def __init__(self, module: Scope, asked: dict[tuple[str, ...], set[str]] | None = None) -> None:
        self.module = module
        self._asked = asked
        self._noting = asked is not None
        # By ids of the function and the parent scope; the value holds the function, so that
        # its id is not reused by another node while this resolver lives.
        self._function_scopes: dict[tuple[int, int], tuple[cst.CSTNode, Scope]] = {}

    def scope_for(self, ancestors: list[cst.CSTNode]) -> Scope:
        """The scope of the innermost function among `ancestors` (outermost first)."""
        scope = self.module
        for node in ancestors:
            if type(node) is cst.FunctionDef or type(node) is cst.Lambda:  # no subclasses: `is` spares an ABC check per ancestor
                scope = self.function_scope(node, scope)  # type: ignore[arg-type]
        return scope

    def function_scope(self, node: cst.FunctionDef | cst.Lambda, parent: Scope) -> Scope:
        """`node`'s scope within `parent`, built once per resolver: the checker's walk, the
        rules looking at ancestors, the data flow and the source gate all ask for the scopes
        of the functions they pass (a scan of the whole body each)."""
        key = (id(node), id(parent))
        cached = self._function_scopes.get(key)
        if cached is None:
            scope = function_scope(node, parent)
            if self._asked is not None:
                scope.path = (*parent.path, node.name.value if isinstance(node, cst.FunctionDef) else "<lambda>")
                scope.asked = self._asked.setdefault(scope.path, set())
            cached = self._function_scopes[key] = (node, scope)
        return cached[1]

    def _lookup(self, scope: Scope, name: str) -> tuple[Binding, Scope] | None:
        """`scope.lookup(name)`, noting the name in each function scope it passes through."""
        if not self._noting:
            return scope.lookup(name)
        current: Scope | None = scope
        while current is not None:
            if current.asked is not None:
                current.asked.add(name)
            binding = current.bindings.get(name)
            if binding is not None:
                return binding, current
            current = current.parent
        return None

    def index_name(self, node: cst.CSTNode, scope: Scope) -> str | None:
        """`qualified_name` for the rule index's candidates, without noting its lookups."""
        if not self._noting:
            return self.qualified_name(node, scope)
        self._noting = False
        try:
            return self.qualified_name(node, scope)
        finally:
            self._noting = True

    # -- names ---------------------------------------------------------------------------

    def qualified_name(self, node: cst.CSTNode, scope: Scope, depth: int = 0) -> str | None:
        if depth > MAX_DEPTH:
            return None
        kind = type(node)
        if kind is cst.Name:
            found = self._lookup(scope, node.value)  # type: ignore[attr-defined]
            if found is None:
                star = scope.star_module() if node.value not in _BUILTIN_NAMES else None  # type: ignore[attr-defined]
                return f"{star}.{node.value}" if star else node.value  # type: ignore[attr-defined]
            binding, where = found
            if isinstance(binding, ImportBinding):
                qualified = binding.qualified
                # `builtins.eval` is `eval`: patterns name builtins without the module.
                return qualified[9:] if qualified.startswith("builtins.") else qualified
            value = single_value(binding)
            if value is None:
                return None
            return self.qualified_name(value, where, depth + 1)
        if kind is cst.Attribute:
            base = self.qualified_name(node.value, scope, depth + 1)  # type: ignore[attr-defined]
            if base == "builtins":
                return node.attr.value  # type: ignore[attr-defined]
            return f"{base}.{node.attr.value}" if base else None  # type: ignore[attr-defined]
        if kind is cst.Call:
            base = self.qualified_name(node.func, scope, depth + 1)  # type: ignore[attr-defined]
            return f"{base}()" if base else None
        return None

    def definition(self, node: cst.Name, scope: Scope) -> tuple[cst.BaseExpression, Scope] | None:
        """The one expression a name was assigned (for matching through variables)."""
        found = self._lookup(scope, node.value)
        if found is None or not isinstance(found[0], ValueBinding):
            return None
        value = single_value(found[0])
        return (value, found[1]) if value is not None else None

    # -- constants -----------------------------------------------------------------------

    def const_value(self, node: cst.CSTNode, scope: Scope, depth: int = 0) -> ConstValue:
        if depth > MAX_DEPTH:
            return NOT_CONST
        try:
            return self._const(node, scope, depth)
        except (ArithmeticError, ValueError, TypeError, OverflowError, RecursionError):
            return NOT_CONST

    def _const(self, node: cst.CSTNode, scope: Scope, depth: int) -> ConstValue:
        kind = type(node)
        if kind is cst.Call or kind is cst.Subscript or kind is cst.Comparison:
            return NOT_CONST  # the common non-constant shapes, answered without further tests
        if kind in LITERAL_TYPES:  # and the leaf types below by `is`, as LITERAL_TYPES says
            return node.evaluated_value  # type: ignore[attr-defined]
        if kind is cst.ConcatenatedString:
            left = self.const_value(node.left, scope, depth + 1)  # type: ignore[attr-defined]
            right = self.const_value(node.right, scope, depth + 1)  # type: ignore[attr-defined]
            return _combine(left, right, lambda a, b: a + b)
        if kind is cst.FormattedString:
            return self._fstring(node, scope, depth)  # type: ignore[arg-type]
        if kind is cst.Name:
            if node.value in ("True", "False", "None"):  # type: ignore[attr-defined]
                return {"True": True, "False": False, "None": None}[node.value]  # type: ignore[attr-defined]
            return self._name_const(node, scope, depth)  # type: ignore[arg-type]
        if kind is cst.Attribute:
            qualified = self.qualified_name(node, scope)
            if qualified in TRUSTED_CONSTANTS:
                return TRUSTED_CONSTANTS[qualified]
            return NOT_CONST
        if isinstance(node, (cst.Tuple, cst.List)):
            items = []
            for element in node.elements:
                if not isinstance(element, cst.Element):
                    return NOT_CONST
                value = self.const_value(element.value, scope, depth + 1)
                if value is NOT_CONST or isinstance(value, Choices):
                    return NOT_CONST
                items.append(value)
            return tuple(items)
        if isinstance(node, cst.UnaryOperation):
            value = self.const_value(node.expression, scope, depth + 1)
            return _unary(node.operator, value)
        if isinstance(node, cst.BinaryOperation):
            left = self.const_value(node.left, scope, depth + 1)
            right = self.const_value(node.right, scope, depth + 1)
            return _binary(node.operator, left, right)
        return NOT_CONST

    def _name_const(self, node: cst.Name, scope: Scope, depth: int) -> ConstValue:
        found = self._lookup(scope, node.value)
        if found is None or not isinstance(found[0], ValueBinding):
            return NOT_CONST
        binding, where = found
        values = []
        for expr in binding.values:
            if expr is None:
                return NOT_CONST
            value = self.const_value(expr, where, depth + 1)
            if value is NOT_CONST:
                return NOT_CONST
            values.extend(value.values if isinstance(value, Choices) else [value])
        unique = list(dict.fromkeys(values)) if all(_hashable(v) for v in values) else values
        return unique[0] if len(unique) == 1 else Choices(tuple(unique))

    def _fstring(self, node: cst.FormattedString, scope: Scope, depth: int) -> ConstValue:
        if "b" in node.prefix.lower():
            return NOT_CONST
        parts: list[str] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value.replace("{{", "{").replace("}}", "}"))
                continue
            if part.format_spec is not None or part.conversion is not None:
                return NOT_CONST
            value = self.const_value(part.expression, scope, depth + 1)
            if value is NOT_CONST or isinstance(value, Choices):
                return NOT_CONST
            parts.append(str(value))
        text = "".join(parts)
        return text if len(text) <= MAX_CONST_LEN else NOT_CONST


def single_value(binding: ValueBinding) -> cst.BaseExpression | None:
    return binding.values[0] if len(binding.values) == 1 else None


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _combine(left: ConstValue, right: ConstValue, op) -> ConstValue:  # type: ignore[no-untyped-def]
    if left is NOT_CONST or right is NOT_CONST:
        return NOT_CONST
    if isinstance(left, Choices) or isinstance(right, Choices):
        return NOT_CONST
    result = op(left, right)
    if isinstance(result, (str, bytes, tuple)) and len(result) > MAX_CONST_LEN:
        return NOT_CONST
    if isinstance(result, int) and result.bit_length() > 4096:
        return NOT_CONST
    return result


def _unary(operator: cst.BaseUnaryOp, value: ConstValue) -> ConstValue:
    if value is NOT_CONST or isinstance(value, Choices):
        return NOT_CONST
    if isinstance(operator, cst.Minus) and isinstance(value, (int, float, complex)):
        return -value
    if isinstance(operator, cst.Plus) and isinstance(value, (int, float, complex)):
        return +value
    if isinstance(operator, cst.BitInvert) and isinstance(value, int):
        return ~value
    if isinstance(operator, cst.Not):
        return not value
    return NOT_CONST


_HUGE_WIDTH = re.compile(r"%[-#0 +]*(\*|\d{4,})")


def _safe_percent(left: object, right: object) -> object:
    if not isinstance(left, (str, bytes)):
        return left % right  # type: ignore[operator]
    # Refuse widths/precisions that could build huge strings ("%999999999s").
    text = left.decode("latin-1") if isinstance(left, bytes) else left
    if _HUGE_WIDTH.search(text):
        raise ValueError("format width too large")
    return left % right


_BINARY_OPS = {
    cst.Add: lambda a, b: a + b,
    cst.Subtract: lambda a, b: a - b,
    cst.Modulo: _safe_percent,
    cst.BitOr: lambda a, b: a | b,
    cst.BitAnd: lambda a, b: a & b,
    cst.BitXor: lambda a, b: a ^ b,
    cst.FloorDivide: lambda a, b: a // b,
}


def _binary(operator: cst.BaseBinaryOp, left: ConstValue, right: ConstValue) -> ConstValue:
    if isinstance(operator, cst.Multiply):
        # Repetition of sequences is capped; numbers multiply freely.
        if isinstance(left, (str, bytes, tuple)) and isinstance(right, int) and len(left) * right > MAX_CONST_LEN:
            return NOT_CONST
        if isinstance(right, (str, bytes, tuple)) and isinstance(left, int) and len(right) * left > MAX_CONST_LEN:
            return NOT_CONST
        return _combine(left, right, lambda a, b: a * b)
    if isinstance(operator, (cst.LeftShift, cst.Power)):
        if not (isinstance(right, int) and 0 <= right <= 64):
            return NOT_CONST
        if isinstance(operator, cst.LeftShift):
            return _combine(left, right, lambda a, b: a << b)
        return _combine(left, right, lambda a, b: a**b)
    if isinstance(operator, cst.RightShift):
        return _combine(left, right, lambda a, b: a >> b)
    op = _BINARY_OPS.get(type(operator))
    if op is None:
        return NOT_CONST
    return _combine(left, right, op)
