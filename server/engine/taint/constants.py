"""Constant folding for the analysis: literals, arithmetic and comparisons of constants, so
a branch whose condition is a constant expression is known dead and its assignments do not
reach (`if DEBUG and 1 > 2:`), and a value built only from constants carries no taint."""

from __future__ import annotations

import operator
from typing import Callable

import libcst as cst

from ..document_caches import kept_by_node
from ..resolver import LITERAL_TYPES, MAX_CONST_LEN, NOT_CONST

_BINARY: dict[type, Callable[[object, object], object]] = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv, cst.Modulo: operator.mod, cst.Divide: operator.truediv,
    cst.BitAnd: operator.and_, cst.BitOr: operator.or_, cst.BitXor: operator.xor,
}
_COMPARE: dict[type, Callable[[object, object], object]] = {
    cst.Equal: operator.eq, cst.NotEqual: operator.ne, cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le, cst.GreaterThan: operator.gt, cst.GreaterThanEqual: operator.ge,
    cst.In: lambda a, b: a in b, cst.NotIn: lambda a, b: a not in b,  # type: ignore[operator]
    cst.Is: operator.is_, cst.IsNot: operator.is_not,
}
_SIMPLE = (str, bytes, int, float, bool, type(None), tuple, frozenset)


def _ok(value: object) -> object:
    if isinstance(value, (str, bytes, tuple)) and len(value) > MAX_CONST_LEN:
        return NOT_CONST
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4096:
        return NOT_CONST
    return value if isinstance(value, _SIMPLE) else NOT_CONST


def plain(value: object) -> object:
    """A constant the analysis can decide with: not `Choices` (a name given several values)."""
    return _ok(value) if value is not NOT_CONST else NOT_CONST


def binary(op: cst.BaseBinaryOp, left: object, right: object) -> object:
    function = _BINARY.get(type(op))
    if function is None or left is NOT_CONST or right is NOT_CONST:
        return NOT_CONST
    if isinstance(op, cst.Multiply) and any(isinstance(v, (str, bytes, tuple)) for v in (left, right)):
        count = right if isinstance(right, int) else left
        if not isinstance(count, int) or count > MAX_CONST_LEN:
            return NOT_CONST
    if isinstance(op, cst.Modulo) and isinstance(left, (str, bytes)):
        return NOT_CONST  # %-formatting of constants: no taint either way, value not needed
    try:
        return _ok(function(left, right))
    except (ArithmeticError, TypeError, ValueError, OverflowError):
        return NOT_CONST


def compare(node: cst.Comparison, left: object, rights: list[object]) -> object:
    """`a < b == c` with every operand constant, else NOT_CONST."""
    if left is NOT_CONST or any(r is NOT_CONST for r in rights):
        return NOT_CONST
    current = left
    for target, right in zip(node.comparisons, rights):
        function = _COMPARE.get(type(target.operator))
        if function is None:
            return NOT_CONST
        try:
            if not function(current, right):
                return False
        except TypeError:
            return NOT_CONST
        current = right
    return True


def unary(op: cst.BaseUnaryOp, value: object) -> object:
    if value is NOT_CONST:
        return NOT_CONST
    try:
        if isinstance(op, cst.Not):
            return not value
        if isinstance(op, cst.Minus):
            return _ok(-value)  # type: ignore[operator]
        if isinstance(op, cst.Plus):
            return _ok(+value)  # type: ignore[operator]
        if isinstance(op, cst.BitInvert):
            return _ok(~value)  # type: ignore[operator]
    except TypeError:
        return NOT_CONST
    return NOT_CONST


def boolean(op: cst.BaseBooleanOp, left: object, right: object) -> object:
    """`a and b` / `a or b`: known when the left side decides, or when both are known."""
    if left is not NOT_CONST:
        decided = (not left) if isinstance(op, cst.And) else bool(left)
        if decided:
            return left
        return right
    return NOT_CONST


def truth(value: object) -> bool | None:
    """Whether a condition's constant value is true; None when not constant."""
    if value is NOT_CONST:
        return None
    try:
        return bool(value)
    except Exception:
        return None


_LITERALS_KEPT = 4096  # values kept per document: dropped all at once past it
_NAMED = {"True": True, "False": False, "None": None}


def literal(node: cst.CSTNode) -> object:
    """The value of a literal node (numbers, strings without interpolation, True/False/None).
    A number's or string's value is kept by node (document_caches.py): libcst evaluates it
    with ast.literal_eval (a compile), the flow asks for every literal of a function on each
    keystroke in it, and the statements a keystroke did not touch keep their nodes. By node,
    not by text: two equal literals stay two objects, as before, so `is` folds as it did."""
    kind = type(node)
    if kind in LITERAL_TYPES:
        return kept_by_node(_evaluated, node, _LITERALS_KEPT)
    if kind is cst.Name:
        return _NAMED.get(node.value, NOT_CONST)
    return NOT_CONST


def _evaluated(node: cst.Integer | cst.Float | cst.Imaginary | cst.SimpleString) -> object:
    try:
        return node.evaluated_value
    except (ValueError, SyntaxError):
        return NOT_CONST
