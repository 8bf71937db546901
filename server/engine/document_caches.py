"""The entries of the engine's node-keyed caches, kept per document.

The engine's caches (code digests, verdicts per statement, what a piece of a module holds...)
are shared objects, module-level or the engine's, but what they keep is keyed by LibCST nodes
(by identity, so the node is held with its entry) and only ever found again by the document
that made it: a keystroke reuses its own document's nodes. So their entries live here, in the
store of the document being checked on this thread (an attribute of `IncrementalDocument`,
made current around its checks by `checking`): they go when the document is closed, and one
document's entries do not push another's out. A check outside any document (the CLI's
`Engine.analyze_module`) gets a store of its own for that check, so a batch run keeps nothing
of a file past it; code reached outside both keeps nothing at all (`kept` gives a new store).
"""

from __future__ import annotations

import contextlib
import threading
from typing import Callable, Generic, Iterator, TypeVar

T = TypeVar("T")

_active = threading.local()  # the store of the check running on this thread (`checking`)


class DocumentCaches:
    """The entries each cache keeps for one document, by cache."""

    def __init__(self) -> None:
        self.by_cache: dict[object, object] = {}


class Slot(Generic[T]):
    """One value a cache keeps per document (such as the last module it was asked about)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: T | None = None


@contextlib.contextmanager
def checking(caches: DocumentCaches | None = None) -> Iterator[DocumentCaches]:
    """The caches keep their entries in `caches` on this thread meanwhile; with None, in the
    store already current, or else in a new one for this check alone."""
    previous: DocumentCaches | None = getattr(_active, "caches", None)
    current = caches or previous or DocumentCaches()
    _active.caches = current
    try:
        yield current
    finally:
        _active.caches = previous


def kept(cache: object, make: Callable[[], T]) -> T:
    """`cache`'s entries in the current document's store (`make()` the first time); outside a
    check, `make()` every time: nothing is kept."""
    caches: DocumentCaches | None = getattr(_active, "caches", None)
    if caches is None:
        return make()
    found = caches.by_cache.get(cache)
    if found is None:
        found = caches.by_cache[cache] = make()
    return found  # type: ignore[return-value]


N = TypeVar("N")


def kept_by_node(compute: Callable[[N], T], node: N, limit: int) -> T:
    """`compute(node)`, kept in the current document's store under `compute` by the node's
    identity: a keystroke replaces the nodes of the statements it edits and keeps the others,
    so what is computed from a node it kept is found again. The node is held with its value,
    so its id stays its own; past `limit` values, all are dropped at once."""
    values: dict[int, tuple[N, T]] = kept(compute, dict)
    known = values.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    return keep_by_node(compute, node, compute(node), limit)


def keep_by_node(compute: Callable[[N], T], node: N, value: T, limit: int) -> T:
    """Keep `value` as `compute(node)` for `kept_by_node`: for a caller that has it already,
    made by other means (the code of a statement generated to place findings)."""
    values: dict[int, tuple[N, T]] = kept(compute, dict)
    if len(values) >= limit:
        values.clear()
    values[id(node)] = (node, value)
    return value
