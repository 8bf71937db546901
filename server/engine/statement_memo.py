"""Whether one statement of a sequence pattern may match a top-level statement, remembered.

`pattern-inside` with a statement sequence (`$URL = request.args.get(...)` then `...`) is
tried against every block around a match, the module's included: a 5,000-line module holds
over a thousand top-level statements, and matching each costs 20 ms on every keystroke. A
statement matches with some bindings only if it matches with none, and a keystroke replaces
one top-level statement, so the verdicts without bindings are kept per pattern statement,
code statement and module scope (by identity: a new scope after an import changed, a new
node for the edited statement, asks again).
"""

from __future__ import annotations

from typing import Callable, Sequence

import libcst as cst

from .resolver import Scope

BlockMatch = Callable[[Sequence[cst.CSTNode], Sequence[cst.CSTNode], Scope, dict], "dict | None"]

_LIMIT = 50_000  # verdicts kept (each holds its nodes alive): dropped all at once past it


class StatementMemo:
    """Verdicts of `match_block([pattern], [statement], scope, {})`, by identity, grouped by
    pattern statement and scope: a scan of the module's statements for one pattern statement
    reads one dict by statement (`may_start`)."""

    def __init__(self) -> None:
        # (id(pattern), id(scope)) -> (pattern, scope, id(statement) -> (statement, verdict))
        self._verdicts: dict[tuple[int, int], tuple[cst.CSTNode, Scope, dict[int, tuple[cst.CSTNode, bool]]]] = {}
        self._count = 0

    def may_start(self, match: BlockMatch, pattern: cst.CSTNode, statements: Sequence[cst.CSTNode], scope: Scope) -> list[int]:
        """The positions in `statements` of those `pattern` matches under some bindings
        (under none, so under some); the others cannot start a run it begins."""
        key = (id(pattern), id(scope))
        group = self._verdicts.get(key)
        if group is None or group[0] is not pattern or group[1] is not scope:
            group = self._verdicts[key] = (pattern, scope, {})
        verdicts = group[2]
        found: list[int] = []
        for number, statement in enumerate(statements):
            known = verdicts.get(id(statement))
            if known is None or known[0] is not statement:
                known = (statement, match([pattern], [statement], scope, {}) is not None)
                if self._count >= _LIMIT:
                    self._verdicts, self._count = {key: group}, 0
                    verdicts.clear()
                verdicts[id(statement)] = known
                self._count += 1
            if known[1]:
                found.append(number)
        return found
