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
    """Verdicts of `match_block([pattern], [statement], scope, {})`, by identity."""

    def __init__(self) -> None:
        self._verdicts: dict[tuple[int, int, int], tuple[cst.CSTNode, cst.CSTNode, Scope, bool]] = {}

    def may_match(self, match: BlockMatch, pattern: cst.CSTNode, statement: cst.CSTNode, scope: Scope) -> bool:
        """False when `pattern` matches `statement` under no bindings at all."""
        key = (id(pattern), id(statement), id(scope))
        known = self._verdicts.get(key)
        if known is not None and known[0] is pattern and known[1] is statement and known[2] is scope:
            return known[3]
        verdict = match([pattern], [statement], scope, {}) is not None
        if len(self._verdicts) >= _LIMIT:
            self._verdicts = {}
        self._verdicts[key] = (pattern, statement, scope, verdict)
        return verdict
