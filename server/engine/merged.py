"""The findings of an edited document in report order, kept across keystrokes.

Each piece of the document (unit, class member) holds its own list of findings; a keystroke
replaces one or two of those lists. Sorting every finding of a large file again on each
keystroke costs milliseconds (positions compare in Python), so the merged list is kept and
only the findings of the lists that changed are taken out and put back in at their place.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any, Sequence

from .model import Finding

# Past this many findings to move, sorting everything again is as cheap as moving them.
_MOVES = 64


class MergedFindings:
    """The sorted union of the pieces' lists (by Finding.sort_key, as finalize orders them)."""

    def __init__(self) -> None:
        self._lists: dict[int, list[Finding]] = {}  # the lists merged, by identity
        self._findings: list[Finding] = []
        self._keys: list[tuple[Any, ...]] = []

    def update(self, lists: Sequence[list[Finding]]) -> list[Finding]:
        """The findings of `lists` (the pieces' current lists, unchanged ones by identity)
        in report order; the caller must not change the list returned."""
        current = {id(found): found for found in lists}
        gone = [found for key, found in self._lists.items() if current.get(key) is not found]
        new = [found for key, found in current.items() if self._lists.get(key) is not found]
        self._lists = current
        if sum(map(len, gone)) + sum(map(len, new)) > _MOVES:
            merged = sorted((f for found in lists for f in found), key=Finding.sort_key)
            self._findings, self._keys = merged, [f.sort_key() for f in merged]
            return self._findings
        if any(gone):
            leaving = Counter(id(f) for found in gone for f in found)
            findings, keys = [], []
            for finding, key in zip(self._findings, self._keys):
                if leaving.get(id(finding)):
                    leaving[id(finding)] -= 1
                    continue
                findings.append(finding)
                keys.append(key)
            self._findings, self._keys = findings, keys
        for finding in (f for found in new for f in found):
            key = finding.sort_key()
            at = bisect.bisect_right(self._keys, key)
            self._keys.insert(at, key)
            self._findings.insert(at, finding)
        return self._findings
