"""What a condition proves about the variables in it, for the branch where it holds and the
branch where it fails: `if x in ALLOWED:`, `if ".." in name: abort()`,
`if not path.startswith(BASE): return`, `if urlparse(url).netloc not in HOSTS: raise`."""

from __future__ import annotations

from typing import Callable

import libcst as cst

import regex

Proof = tuple[frozenset[str], frozenset[str]]  # (checked when true, checked when false)
NOTHING: Proof = (frozenset(), frozenset())

# String checks whose success leaves no room for metacharacters (or pins the prefix).
_CHECK_METHODS = {"startswith", "isdigit", "isalnum", "isalpha", "isdecimal", "isnumeric", "isidentifier", "endswith"}
# A check function and the position of the argument it checks.
_CHECK_FUNCTIONS = {"re.match": 1, "re.fullmatch": 1, "regex.match": 1, "regex.fullmatch": 1, "isinstance": 0}
# Project helpers named like validators: `is_safe_url(u)`, `validate_path(p)`, `allowed(x)`.
_VALIDATOR = regex.compile(r"^_?(is_|has_|check_|valid|validate|safe_|allowed|url_has_allowed|is_safe)", regex.IGNORECASE)


def proof(condition: cst.BaseExpression, is_constant: Callable[[cst.BaseExpression], bool], qualified: Callable[[cst.BaseExpression], str | None]) -> Proof:
    """Names checked on each side of `condition`. `is_constant` says whether an expression
    holds no input (an allow-list); `qualified` resolves a callee's name."""
    if isinstance(condition, cst.UnaryOperation) and isinstance(condition.operator, cst.Not):
        true, false = proof(condition.expression, is_constant, qualified)
        return false, true
    if isinstance(condition, cst.BooleanOperation):
        left = proof(condition.left, is_constant, qualified)
        right = proof(condition.right, is_constant, qualified)
        if isinstance(condition.operator, cst.And):
            return left[0] | right[0], left[1] & right[1]
        return left[0] & right[0], left[1] | right[1]
    if isinstance(condition, cst.Comparison) and len(condition.comparisons) == 1:
        return _comparison(condition, is_constant)
    if isinstance(condition, cst.Call):
        return _call(condition, qualified)
    return NOTHING


def names_in(node: cst.CSTNode) -> frozenset[str]:
    """Variables read in an expression (not called functions, not attribute names)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            found.add(current.value)
        elif isinstance(current, cst.Attribute):
            stack.append(current.value)
        elif isinstance(current, cst.Call):
            stack.extend(arg.value for arg in current.args)
            if isinstance(current.func, cst.Attribute):
                stack.append(current.func.value)
        elif isinstance(current, cst.Subscript):
            stack.append(current.value)
        elif isinstance(current, (cst.BinaryOperation, cst.FormattedString, cst.ConcatenatedString)):
            stack.extend(current.children)
        elif isinstance(current, cst.FormattedStringExpression):
            stack.append(current.expression)
    return frozenset(found)


def _comparison(condition: cst.Comparison, is_constant: Callable[[cst.BaseExpression], bool]) -> Proof:
    left, target = condition.left, condition.comparisons[0]
    right, op = target.comparator, target.operator
    if isinstance(op, (cst.In, cst.NotIn)):
        if is_constant(left) and not is_constant(right):
            # `"'" in name`: true when the metacharacter is there, so `name` is clean if not.
            checked = names_in(right)
            return (frozenset(), checked) if isinstance(op, cst.In) else (checked, frozenset())
        if is_constant(right):
            checked = names_in(left)  # allow-list membership
            return (checked, frozenset()) if isinstance(op, cst.In) else (frozenset(), checked)
        return NOTHING
    if isinstance(op, (cst.Equal, cst.NotEqual, cst.Is, cst.IsNot)):
        for value, other in ((left, right), (right, left)):
            if is_constant(other) and not is_constant(value):
                checked = names_in(value)
                return (checked, frozenset()) if isinstance(op, (cst.Equal, cst.Is)) else (frozenset(), checked)
    return NOTHING


def _call(call: cst.Call, qualified: Callable[[cst.BaseExpression], str | None]) -> Proof:
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in _CHECK_METHODS:
        return names_in(func.value), frozenset()
    name = qualified(func) or ""
    position = _CHECK_FUNCTIONS.get(name)
    if position is not None and len(call.args) > position:
        return names_in(call.args[position].value), frozenset()
    short = name.rsplit(".", 1)[-1]
    if _VALIDATOR.match(short) and call.args:
        checked: frozenset[str] = frozenset()
        for arg in call.args:
            checked |= names_in(arg.value)
        return checked, frozenset()
    return NOTHING
