"""Element-level effects of list, set and dict methods on containers built in the function,
so a tainted element that was popped or removed, or a different constant key, does not taint
what is read afterwards. Methods not listed here fall back to the whole-container taint."""

from __future__ import annotations

import libcst as cst

from ..resolver import NOT_CONST
from .values import CLEAN, Val, join, merge

_SEQUENCE_METHODS = {"append", "insert", "pop", "remove", "add", "discard", "extend", "clear", "copy", "index", "count"}
_DICT_METHODS = {"get", "setdefault", "update", "pop", "clear", "copy", "keys", "values", "items"}


def is_container_method(receiver: Val, method: str) -> bool:
    if receiver.items is not None:
        return method in _SEQUENCE_METHODS
    if receiver.keys is not None:
        return method in _DICT_METHODS
    return False


def call_method(receiver: Val, method: str, arguments: list[Val], node: cst.Call) -> tuple[Val, Val | None]:
    """The call's result and the container after it (None when unchanged)."""
    if receiver.items is not None:
        return _sequence(receiver, method, arguments, node)
    return _dict(receiver, method, arguments, node)


def _sequence(receiver: Val, method: str, arguments: list[Val], node: cst.Call) -> tuple[Val, Val | None]:
    items = list(receiver.items or ())
    keyword = any(arg.keyword is not None for arg in node.args)
    if method in ("append", "add") and len(arguments) == 1:
        return Val(const=None), _rebuilt(receiver, items + [arguments[0]])
    if method == "insert" and len(arguments) == 2 and isinstance(arguments[0].const, int):
        items.insert(arguments[0].const, arguments[1])
        return Val(const=None), _rebuilt(receiver, items)
    if method == "extend" and len(arguments) == 1:
        other = arguments[0]
        added = list(other.items) if other.items is not None and not other.taint else [Val(other.all_taint())]
        return Val(const=None), _rebuilt(receiver, items + added)
    if method == "pop" and not keyword and len(arguments) <= 1:
        index = arguments[0].const if arguments else -1
        if isinstance(index, int) and not isinstance(index, bool) and -len(items) <= index < len(items):
            popped = items.pop(index)
            return popped, _rebuilt(receiver, items)
    if method in ("remove", "discard") and len(arguments) == 1:
        for position, item in enumerate(items):
            if _same(item, arguments[0]):
                del items[position]
                return Val(const=None), _rebuilt(receiver, items)
    if method == "clear" and not arguments:
        return Val(const=None), Val(items=())
    if method == "copy" and not arguments:
        return receiver, None
    if method in ("index", "count"):
        return CLEAN, None
    return Val(receiver.all_taint()), Val(merge(receiver.all_taint(), *(a.all_taint() for a in arguments)))


def _dict(receiver: Val, method: str, arguments: list[Val], node: cst.Call) -> tuple[Val, Val | None]:
    key = arguments[0].const if arguments else NOT_CONST
    if method == "get" and arguments and key is not NOT_CONST:
        found = receiver.get(key)
        default = arguments[1] if len(arguments) > 1 else Val(const=None)
        present = any(k == key and type(k) is type(key) for k, _ in receiver.keys or ())
        return (found if present else join(found, default)), None
    if method == "setdefault" and arguments and key is not NOT_CONST:
        present = any(k == key and type(k) is type(key) for k, _ in receiver.keys or ())
        if present:
            return receiver.get(key), None
        value = arguments[1] if len(arguments) > 1 else Val(const=None)
        return value, receiver.with_key(key, value)
    if method == "pop" and arguments and key is not NOT_CONST:
        return receiver.get(key), receiver.without_key(key)
    if method == "update":
        updated = receiver
        for arg, value in zip(node.args, arguments):
            if arg.keyword is not None:
                updated = updated.with_key(arg.keyword.value, value)
            elif value.keys is not None and not value.taint and not arg.star:
                for k, v in value.keys:
                    updated = updated.with_key(k, v)
            else:
                return Val(const=None), Val(merge(receiver.all_taint(), *(a.all_taint() for a in arguments)))
        return Val(const=None), updated
    if method == "clear" and not arguments:
        return Val(const=None), Val(keys=())
    if method == "copy" and not arguments:
        return receiver, None
    if method == "keys":
        return CLEAN, None
    return Val(receiver.all_taint()), None


def _rebuilt(receiver: Val, items: list[Val]) -> Val:
    return Val(receiver.taint, NOT_CONST, tuple(items))


def _same(item: Val, wanted: Val) -> bool:
    """Whether `remove(wanted)` removes this element: same constant, or the same taint."""
    if item.const is not NOT_CONST and wanted.const is not NOT_CONST:
        return type(item.const) is type(wanted.const) and item.const == wanted.const
    return bool(item.all_taint()) and {t.origin for t in item.all_taint()} == {t.origin for t in wanted.all_taint()}
