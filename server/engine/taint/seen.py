"""What callers were given for a function: the summaries (summaries.py) and the attribute
values a method leaves (members.py) that other functions' flows read, per function node and
per variant (rule, strict mode...).

The editor re-checks a function's callers only when a callee's code changed. When the
function it calls changed instead (a callee of a callee), the callers' findings are stale
only if what they read of it changed: the value first given is kept until the editor
compares it with the current one (`renew`), so a caller checked in between, which read the
new value, does not hide the change from the callers that read the old one.

Records belong to the open document whose checks gave them (`reading_for`, set by the
document around its checks): they go with it when it is closed (kept weakly by the
document), and the document drops those of its functions an edit replaced (`retain`). No
cap, so no record a comparison needs is ever dropped; outside a document (the CLI), nothing
compares, so nothing is kept.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Callable, Collection, Generic, Hashable, Iterator, TypeVar

import libcst as cst

_reading = threading.local()  # the document whose checks run on this thread (`reading_for`)


@contextlib.contextmanager
def reading_for(owner: object) -> Iterator[None]:
    """The records given and compared on this thread meanwhile are `owner`'s."""
    previous = getattr(_reading, "owner", None)
    _reading.owner = owner
    try:
        yield
    finally:
        _reading.owner = previous


V = TypeVar("V")


class Owned(Generic[V]):
    """A value per function node (by identity) of the document whose checks run on this
    thread (`reading_for`); nothing outside a document. A document's values go with it (it
    is kept weakly) and with the nodes an edit replaced (`retain`)."""

    def __init__(self) -> None:
        self._owners: weakref.WeakKeyDictionary[object, dict[int, tuple[cst.CSTNode, V]]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()  # the language server checks documents on several threads

    def _mine(self) -> dict[int, tuple[cst.CSTNode, V]] | None:
        owner = getattr(_reading, "owner", None)
        if owner is None:
            return None
        with self._lock:
            return self._owners.setdefault(owner, {})

    def of(self, node: cst.CSTNode) -> V | None:
        """The current document's value for the node (None: none, or no document)."""
        mine = self._mine()
        found = mine.get(id(node)) if mine is not None else None
        return found[1] if found is not None and found[0] is node else None

    def slot(self, node: cst.CSTNode, make: Callable[[], V]) -> V | None:
        """The current document's value for the node, `make()` when it had none; None
        outside a document. A document's checks run one at a time (its lock), so its
        values are changed by one thread at a time."""
        mine = self._mine()
        if mine is None:
            return None
        found = mine.get(id(node))
        if found is None or found[0] is not node:
            found = mine[id(node)] = (node, make())
        return found[1]

    def __len__(self) -> int:
        """How many nodes the current document holds values for."""
        mine = self._mine()
        return len(mine) if mine is not None else 0

    def retain(self, live: Collection[cst.CSTNode]) -> None:
        """Drop the current document's values of nodes not in `live` (replaced by edits)."""
        mine = self._mine()
        if mine is not None:
            keep = {id(node): node for node in live}
            for key in [key for key, (node, _) in mine.items() if keep.get(key) is not node]:
                del mine[key]


class Seen:
    """Per document, per function node, per variant, the value callers were first given
    since the last `renew`."""

    def __init__(self) -> None:
        self._records = Owned[dict[Hashable, object]]()

    def given(self, function: cst.CSTNode, variant: Hashable, value: object) -> None:
        """A caller read `value` (kept only when no value of the variant is kept)."""
        records = self._records.slot(function, dict)
        if records is not None:
            records.setdefault(variant, value)

    def of(self, function: cst.CSTNode) -> dict[Hashable, object]:
        """The kept values of the function, by variant (empty: no caller read any)."""
        return dict(self._records.of(function) or {})

    def renew(self, function: cst.CSTNode, variant: Hashable, value: object) -> None:
        """The callers that read another value of the variant are due: `value` is kept now."""
        records = self._records.of(function)
        if records is not None:
            records[variant] = value

    def carry(self, old: cst.CSTNode, new: cst.CSTNode) -> bool:
        """`new` replaces `old`: the values given for `old` are kept for `new` (over any given
        for `new` since: its callers read those of `old`); False when there were none."""
        records = self._records.of(old)
        if not records:
            return False
        carried = self._records.slot(new, dict)
        if carried is not None:
            carried.update(records)
        return True

    def __len__(self) -> int:
        """How many functions the current document holds records of."""
        return len(self._records)

    def retain(self, live: Collection[cst.CSTNode]) -> None:
        """Drop the current document's records of functions not in `live` (replaced by edits)."""
        self._records.retain(live)
