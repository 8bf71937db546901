"""A small evaluator for `metavariable-comparison`: rule files are untrusted data, so no `eval`.

The expression is parsed with `ast` and only literals, metavariables, arithmetic, comparisons,
boolean operators and the calls `int()`, `str()`, `float()`, `len()`, `bool()` and `re.match()`
are evaluated. Anything else is a rule error found when the rule is loaded.
"""

from __future__ import annotations

import ast
import itertools
import operator
from typing import Callable, Mapping

import regex

from .patterns import METAVAR_PREFIX, to_placeholders
from .resolver import Choices

REGEX_TIMEOUT_S = 0.5
MAX_COMBINATIONS = 64

_COMPARE: dict[type, Callable[[object, object], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,  # type: ignore[operator]
    ast.NotIn: lambda a, b: a not in b,  # type: ignore[operator]
}
_BINARY: dict[type, Callable[[object, object], object]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
    ast.LShift: operator.lshift, ast.RShift: operator.rshift,
}
_UNARY: dict[type, Callable[[object], object]] = {
    ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert,
}


class ComparisonError(ValueError):
    """The comparison uses something the safe evaluator does not allow."""


def _regex_match(pattern: object, text: object) -> bool:
    if not isinstance(pattern, str) or not isinstance(text, str):
        return False
    try:
        return regex.match(pattern, text, timeout=REGEX_TIMEOUT_S) is not None
    except TimeoutError:
        return False


_CALLS: dict[str, Callable[..., object]] = {
    "int": int, "str": str, "float": float, "len": len, "bool": bool, "re.match": _regex_match,
}


class Comparison:
    """A compiled `metavariable-comparison` expression."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            tree = ast.parse(to_placeholders(text.strip()), mode="eval")
        except SyntaxError as error:
            raise ComparisonError(f"comparison does not parse: {error.msg}") from None
        self._tree = tree.body
        self.metavariables = sorted(
            {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id.startswith(METAVAR_PREFIX)}
        )
        self._check(self._tree)

    def _check(self, node: ast.AST) -> None:
        for child in ast.walk(node):
            if isinstance(child, ast.Call):
                name = _call_name(child.func)
                if name not in _CALLS or child.keywords:
                    raise ComparisonError(f"call {name or '?'}() is not allowed in a comparison")
                if name == "re.match" and child.args and isinstance(child.args[0], ast.Constant):
                    try:
                        regex.compile(str(child.args[0].value))
                    except regex.error as error:
                        raise ComparisonError(f"bad regex in re.match(): {error}") from None
            elif isinstance(child, ast.Name):
                if not child.id.startswith(METAVAR_PREFIX) and child.id not in ("True", "False", "None", "int", "str", "float", "len", "bool", "re"):
                    raise ComparisonError(f"unknown name {child.id!r} in comparison")
            elif isinstance(child, ast.BinOp) and type(child.op) not in _BINARY:
                raise ComparisonError(f"operator {type(child.op).__name__} is not allowed in a comparison")
            elif isinstance(child, ast.Attribute):
                if _call_name(child) != "re.match":
                    raise ComparisonError("attribute access is not allowed in a comparison")
            elif not isinstance(
                child,
                (ast.Compare, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Load, ast.cmpop,
                 ast.boolop, ast.operator, ast.unaryop, ast.Tuple, ast.List),
            ):
                raise ComparisonError(f"{type(child).__name__} is not allowed in a comparison")

    def evaluate(self, values: Mapping[str, object]) -> bool:
        """True if the comparison holds for some possible value of each metavariable."""
        options = []
        for name in self.metavariables:
            value = values.get(name)
            options.append(value.values if isinstance(value, Choices) else (value,))
        for combination in itertools.islice(itertools.product(*options), MAX_COMBINATIONS):
            env = dict(zip(self.metavariables, combination))
            try:
                if bool(self._eval(self._tree, env)):
                    return True
            except (ArithmeticError, TypeError, ValueError, OverflowError):
                continue
        return False

    def _eval(self, node: ast.AST, env: Mapping[str, object]) -> object:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in env:
                value = env[node.id]
                if value is None:
                    raise ValueError("metavariable has no constant value")
                return value
            return {"True": True, "False": False, "None": None}[node.id]
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self._eval(e, env) for e in node.elts)
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, env)
            for op, right_node in zip(node.ops, node.comparators):
                right = self._eval(right_node, env)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BoolOp):
            results = (self._eval(v, env) for v in node.values)
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](self._eval(node.operand, env))
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left, env), self._eval(node.right, env)
            if isinstance(node.op, ast.LShift) and isinstance(right, int) and right > 4096:
                raise OverflowError("operand too large")
            if isinstance(node.op, ast.Mult) and _huge_repeat(left, right):
                raise OverflowError("operand too large")
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.Call):
            function = _CALLS[_call_name(node.func) or ""]
            return function(*(self._eval(a, env) for a in node.args))
        raise ComparisonError(f"{type(node).__name__} is not allowed")


def _huge_repeat(left: object, right: object) -> bool:
    """A sequence repeated more than 4096 times, on either side of `*` (`10**17 * "ab"`)."""
    for count, other in ((right, left), (left, right)):
        if isinstance(count, int) and count > 4096 and isinstance(other, (str, bytes, tuple)):
            return True
    return False


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None
