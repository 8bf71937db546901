"""The facts of a function, collected once per check of a file and shared by all who ask.

The analyzer's rules, the summaries of the functions they call (one per rule) and strict
mode each ask for the facts of the same functions, each for its own rules (owners) and
kinds of parts. A function is walked once (facts.sites: the nodes where parts may match);
a request for pairs not yet looked for matches those only, at those nodes. The facts handed out for a set of
pairs are the matches of those pairs, replayed in walk order: exactly what a separate
facts.collect() for them gives (tests/test_fact_memo.py compares both).
"""

from __future__ import annotations

from typing import Callable, Collection, Sequence

import libcst as cst

from ..resolver import Resolver
from .facts import PART_KINDS, Candidates, Facts, Match, Owner, Part, matches, record, sites


class _Walked:
    """What the walks of one function found; holds its key's objects, so their ids stay theirs."""

    def __init__(self, function: cst.FunctionDef, ancestors: Sequence[cst.CSTNode], resolver: Resolver) -> None:
        self.held = (function, tuple(ancestors), resolver)
        self.done: set[tuple[Owner, str]] = set()
        self.matches: list[Match] = []
        self.sites: list[Candidates] | None = None  # where parts may match: walked once


class FactsMemo:
    """Facts by function, its ancestors, the resolver and the set of parts (`parts`: a name
    for the candidates function, e.g. Narrowed.key); keep one per check of a text."""

    def __init__(self) -> None:
        self._walked: dict[tuple, _Walked] = {}
        self.walks = 0  # functions walked (for tests and benchmarks)
        # The checked text's parts (`narrowed`'s candidates and key), once its data flow asked
        # for them: strict mode's facts of the text's own functions use them too, so the walk
        # and matches of a function serve both (parts the text's words rule out match nowhere in it).
        self.text_parts: tuple[Callable[[cst.CSTNode, str | None], Sequence[Part]], str] | None = None

    def facts(
        self,
        function: cst.FunctionDef,
        ancestors: list[cst.CSTNode],
        resolver: Resolver,
        candidates,  # type: ignore[no-untyped-def]  # (node, callee) -> Sequence[Part]
        parts: str,
        active: Sequence[Owner],
        kinds: Collection[str] = PART_KINDS,
    ) -> Facts:
        """What facts.collect(function, ancestors, resolver, candidates, active, kinds) gives."""
        key = (id(function), id(resolver), parts, *map(id, ancestors))
        walked = self._walked.get(key)
        if walked is None:
            walked = self._walked[key] = _Walked(function, ancestors, resolver)
        wanted = {(owner, kind) for owner in {*active, None} for kind in kinds}
        missing = wanted - walked.done
        if missing:
            if walked.sites is None:
                walked.sites = sites(function, ancestors, resolver, candidates)
                self.walks += 1
            found = list(matches(function, ancestors, resolver, candidates, lambda part: (part.owner, part.kind) in missing, found=walked.sites))
            walked.matches = sorted([*walked.matches, *found], key=_place) if walked.matches else found
            walked.done |= missing
        facts = Facts()
        for _, part, node, bindings, above in walked.matches:
            if (part.owner, part.kind) in wanted:
                record(facts, part, node, function, bindings, above)
        return facts


def _place(match: Match) -> tuple[int, int]:
    return match[0]
