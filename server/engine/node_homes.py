"""Which top-level statement of one document holds a node.

A finding's data-flow step inside a called function, or a constant its pattern looked through,
lies outside the part checked: its range comes from the top-level statement holding it
(`checker._ranges_elsewhere`). Without parent links, finding that statement means walking the
statements before it, ~all of a 5,000-line file for a function near its end, again at every
deferred check after a keystroke. The editor keeps one `NodeHomes` per document: each
statement's node ids are gathered once and kept while the statement's node is the document's,
so only the statements an edit replaced are walked again. Entries of statements no longer in
the document are dropped at the next look-up, so no old version of an edited function stays
alive with its ids.
"""

from __future__ import annotations

from typing import Callable, Collection, Mapping, Sequence

import libcst as cst

from .matcher import descendants

_SPARE = 64  # entries of replaced statements kept before `gather` drops them


class NodeHomes:
    """The node ids of each top-level statement of one document, gathered on demand."""

    def __init__(self) -> None:
        self._ids: dict[int, tuple[cst.CSTNode, frozenset[int]]] = {}
        self.walked = 0  # statements whose ids were gathered, for tests

    def keep_only(self, statements: Mapping[int, cst.CSTNode]) -> None:
        """Forget the statements that are no longer the document's (`statements` by id)."""
        self._ids = {key: entry for key, entry in self._ids.items() if statements.get(key) is entry[0]}

    def gather(self, statements: Sequence[cst.CSTNode], cancelled: Callable[[], bool]) -> bool:
        """Gather the ids of the statements not known yet, asking `cancelled` before each
        (the background data flow does this before the callers of an edited function are
        checked, whose steps lie in it: one `held` walking a 5,002-line file's statements
        before it took ~45 ms that a keystroke arriving meanwhile waited for). False when
        cancelled; what was gathered is kept for the next time."""
        if len(self._ids) > len(statements) + _SPARE:
            self.keep_only({id(statement): statement for statement in statements})
        for statement in statements:
            entry = self._ids.get(id(statement))
            if entry is None or entry[0] is not statement:
                if cancelled():
                    return False
                self.walked += 1
                self._ids[id(statement)] = (statement, _descendant_ids(statement))
        return True

    def held(self, statement: cst.CSTNode, wanted: Collection[int]) -> set[int]:
        """The ids among `wanted` of `statement` and its descendants."""
        entry = self._ids.get(id(statement))
        if entry is None or entry[0] is not statement:
            self.walked += 1
            entry = self._ids[id(statement)] = (statement, _descendant_ids(statement))
        return {key for key in wanted if key in entry[1]}


def _descendant_ids(node: cst.CSTNode) -> frozenset[int]:
    return frozenset(map(id, descendants(node)))
