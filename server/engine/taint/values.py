"""The abstract values of the analysis: which traces of tainted data a value holds, its
constant value when known, and (for containers built in the function) its elements.

The lattice is small: a value's taint is a set of traces (joined by union, at most one trace
per origin so paths stay short), a constant survives a join only when both sides agree, and
element-level detail survives only when both sides have the same shape; otherwise the
container collapses to one taint for all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import libcst as cst

from ..model import Confidence
from ..resolver import NOT_CONST

MAX_STEPS = 12


@dataclass(frozen=True)
class Step:
    """One move of tainted data: an assignment, a call through a summary, the sink."""

    node: cst.CSTNode
    message: str


@dataclass(frozen=True)
class Origin:
    """Where a trace starts: a source (with its confidence) or a parameter (for summaries)."""

    node: cst.CSTNode
    label: str
    confidence: Confidence
    parameter: int | None = None  # set for the symbolic taint of a summary's parameter


@dataclass(frozen=True)
class Trace:
    origin: Origin
    steps: tuple[Step, ...] = ()

    def then(self, step: Step) -> "Trace":
        if len(self.steps) >= MAX_STEPS:
            return self
        return Trace(self.origin, self.steps + (step,))


Taint = tuple[Trace, ...]  # in discovery order; at most one trace per origin


def merge(*taints: Taint) -> Taint:
    """Union of taints, keeping the first trace seen for each origin (deterministic)."""
    if len(taints) == 1:
        return taints[0]
    seen: dict[int, Trace] = {}
    for taint in taints:
        for trace in taint:
            seen.setdefault(id(trace.origin.node) * 64 + (trace.origin.parameter or 0) % 64, trace)
    return tuple(seen.values())


@dataclass(frozen=True)
class Val:
    """`taint` is the taint of the value as a whole (beyond what its elements hold)."""

    taint: Taint = ()
    const: object = NOT_CONST
    items: tuple["Val", ...] | None = None  # list/tuple/set elements, in order
    keys: tuple[tuple[object, "Val"], ...] | None = None  # dict entries with constant keys

    def all_taint(self) -> Taint:
        parts = [self.taint]
        for item in self.items or ():
            parts.append(item.all_taint())
        for _, value in self.keys or ():
            parts.append(value.all_taint())
        return merge(*parts) if len(parts) > 1 else self.taint

    @property
    def tainted(self) -> bool:
        return bool(self.all_taint())

    def flat(self) -> "Val":
        """The value with its elements folded into one taint (after an unknown operation)."""
        if self.items is None and self.keys is None:
            return self
        return Val(self.all_taint())

    def get(self, key: object) -> "Val":
        """The entry at a constant key of a dict value (clean when surely absent)."""
        if self.keys is None:
            return Val(self.all_taint())
        for existing, value in self.keys:
            if existing == key and type(existing) is type(key):
                return Val(merge(self.taint, value.all_taint()), value.const, value.items, value.keys) if self.taint else value
        return Val(self.taint)

    def with_key(self, key: object, value: "Val") -> "Val":
        if self.keys is None:
            return Val(merge(self.all_taint(), value.all_taint()))
        rest = tuple((k, v) for k, v in self.keys if not (k == key and type(k) is type(key)))
        return Val(self.taint, NOT_CONST, None, rest + ((key, value),))

    def without_key(self, key: object) -> "Val":
        if self.keys is None:
            return self
        return Val(self.taint, NOT_CONST, None, tuple((k, v) for k, v in self.keys if not (k == key and type(k) is type(key))))

    def element(self, index: object) -> "Val":
        """The element at a constant index of a list/tuple value."""
        if self.items is not None and isinstance(index, int) and not isinstance(index, bool) and -len(self.items) <= index < len(self.items):
            item = self.items[index]
            return Val(merge(self.taint, item.all_taint()), item.const, item.items, item.keys) if self.taint else item
        if self.keys is not None:
            return self.get(index)
        return Val(self.all_taint())


CLEAN = Val()


def tainted(taint: Taint) -> Val:
    return Val(taint) if taint else CLEAN


def sequence(items: Iterable[Val]) -> Val:
    return Val(items=tuple(items))


def join(left: Val, right: Val) -> Val:
    """The value that may be either (two branches meeting)."""
    if left is right:
        return left
    const = left.const if _same_const(left.const, right.const) else NOT_CONST
    if left.items is not None and right.items is not None and len(left.items) == len(right.items):
        items = tuple(join(a, b) for a, b in zip(left.items, right.items))
        return Val(merge(left.taint, right.taint), const, items)
    if left.keys is not None and right.keys is not None:
        keys = dict(left.keys)
        for key, value in right.keys:
            keys[key] = join(keys[key], value) if key in keys else value
        return Val(merge(left.taint, right.taint), const, None, tuple(keys.items()))
    if left.items is None and right.items is None and left.keys is None and right.keys is None:
        return Val(merge(left.taint, right.taint), const)
    return Val(merge(left.all_taint(), right.all_taint()), const)


def _same_const(a: object, b: object) -> bool:
    return a is not NOT_CONST and b is not NOT_CONST and type(a) is type(b) and a == b


Env = dict[str, Val]


def join_envs(envs: Iterable[Env | None]) -> Env | None:
    """The state where several paths meet; None stands for a path that never gets there."""
    live = [env for env in envs if env is not None]
    if not live:
        return None
    result = dict(live[0])
    for env in live[1:]:
        for name in set(result) | set(env):
            a, b = result.get(name), env.get(name)
            result[name] = join(a, b) if a is not None and b is not None else (a or b or CLEAN)
    return result
