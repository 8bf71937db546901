"""What callers were given for a function: the summaries (summaries.py) and the attribute
values a method leaves (members.py) that other functions' flows read, per function node and
per variant (rule, strict mode...).

The editor re-checks a function's callers only when a callee's code changed. When the
function it calls changed instead (a callee of a callee), the callers' findings are stale
only if what they read of it changed: the value first given is kept until the editor
compares it with the current one (`renew`), so a caller checked in between, which read the
new value, does not hide the change from the callers that read the old one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable

import libcst as cst

MAX_FUNCTIONS = 8192


class Seen:
    """Per function node (kept by identity, least recently used dropped first), per variant,
    the value callers were first given since the last `renew`."""

    def __init__(self, limit: int = MAX_FUNCTIONS) -> None:
        self._entries: OrderedDict[int, tuple[cst.CSTNode, dict[Hashable, object]]] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()  # the language server checks documents on several threads

    def given(self, function: cst.CSTNode, variant: Hashable, value: object) -> None:
        """A caller read `value` (kept only when no value of the variant is kept)."""
        with self._lock:
            found = self._entries.get(id(function))
            if found is None or found[0] is not function:
                found = self._entries[id(function)] = (function, {})
                if len(self._entries) > self._limit:
                    self._entries.popitem(last=False)
            found[1].setdefault(variant, value)

    def of(self, function: cst.CSTNode) -> dict[Hashable, object]:
        """The kept values of the function, by variant (empty: no caller read any)."""
        with self._lock:
            found = self._entries.get(id(function))
            if found is None or found[0] is not function:
                return {}
            self._entries.move_to_end(id(function))
            return dict(found[1])

    def renew(self, function: cst.CSTNode, variant: Hashable, value: object) -> None:
        """The callers that read another value of the variant are due: `value` is kept now."""
        with self._lock:
            found = self._entries.get(id(function))
            if found is not None and found[0] is function:
                found[1][variant] = value
