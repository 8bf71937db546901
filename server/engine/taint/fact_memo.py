"""The facts of a function, collected once per check of a file and shared by all who ask.

The analyzer's rules, the summaries of the functions they call (one per rule) and strict
mode each ask for the facts of the same functions, each for its own rules (owners) and
kinds of parts. A function is walked once (facts.sites: the nodes where parts may match);
a request for pairs not yet looked for matches those only, at those nodes. The facts handed out for a set of
pairs are the matches of those pairs, replayed in walk order: exactly what a separate
facts.collect() for them gives (tests/test_fact_memo.py compares both).

Between checks of a document, the walk and matches of each statement of a function (at any
depth) are kept by statement (KeptStatements): a keystroke replaces one statement and the
compound statements holding it, and the next check of the function walks and matches those
alone, taking the statements around them as they were found.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable, Collection, Sequence

import libcst as cst

from ..formula import Formula, looks_around
from ..matcher import child_nodes, subclass_of
from ..resolver import Resolver, Scope
from .facts import OWN_UNITS, PART_KINDS, STATEMENTS, Candidates, Facts, Match, Owner, Part, matches, record, sites

Pair = tuple[Owner, str]
Range = tuple[cst.CSTNode, int, int, int, int]  # a statement, its first node's number, the number past its last, its depth, its matched pairs when taken (-1: walked)
# A check that walked more functions and more statements anew (a big document opened) keeps
# none of them: keeping costs ~12 us a statement (3 ms for the 242 of the data-flow corpus at
# 500 lines, 87 ms for the 4,965 at 10,031 lines, past KeptStatements' limit anyway).
_KEEP_WALKS = 16
_KEEP_STATEMENTS = 512


@dataclass
class _Segment:
    """A stretch of a function's walk, nodes `first` to `end` (exclusive) in walk order:
    walked in this check, or one statement taken as an earlier check found it (`done`: the
    pairs its `matches` were looked for)."""

    first: int
    end: int
    sites: list[Candidates]
    done: set[Pair] = field(default_factory=set)
    matches: list[Match] = field(default_factory=list)


class _Walked:
    """What the walks of one function found; holds its key's objects, so their ids stay theirs."""

    def __init__(self, function: cst.FunctionDef, ancestors: Sequence[cst.CSTNode], resolver: Resolver) -> None:
        self.held = (function, tuple(ancestors), resolver)
        self.segments: list[_Segment] | None = None  # where parts may match: walked once
        self.inner: Scope | None = None  # the scope of the function's body, when walked by statements
        self.ranges: list[Range] = []  # its statements' stretches, when walked by statements


class KeptStatements:
    """A document's statements (by identity) as earlier checks walked them, with what their
    walk and matches depended on beside their own nodes: the scope of the function holding
    them (its names' bindings, by the nodes bound: an edit that binds a name anew changes
    it) and the parts looked for. A statement holding a part with a pattern-inside or
    pattern-not-inside (which look above it) is not kept. Ancestors are kept from the
    statement down, so an entry holds no older tree."""

    _LIMIT = 4096  # statements kept: dropped all at once past it

    def __init__(self) -> None:
        # (id(statement), parts) -> (statement, scope, node count, sites, done, matches), numbered from 0
        self._entries: dict[tuple[int, str], tuple[cst.CSTNode, Scope, int, list[Candidates], frozenset[Pair], list[Match]]] = {}
        self._local: dict[int, tuple[Formula, bool]] = {}  # id(formula) -> whether it looks only at its node's subtree
        self._same: dict[tuple[int, int], tuple[Scope, Scope, bool]] = {}  # scopes compared since the last keep

    def take(self, statement: cst.CSTNode, scope: Scope, parts: str, above: list[cst.CSTNode], first: int) -> _Segment | None:
        """The kept walk of `statement` under `above` (its ancestors now), its first node
        numbered `first`, when it holds."""
        entry = self._entries.get((id(statement), parts))
        if entry is None or entry[0] is not statement or not self._equal(entry[1], scope):
            return None
        _, _, count, kept_sites, done, kept_matches = entry
        return _Segment(
            first, first + count,
            [(first + number, node, [*above, *below], scope, callee, found) for number, node, below, _, callee, found in kept_sites],
            set(done),
            [((first + place[0], place[1]), part, node, bindings, [*above, *below]) for place, part, node, bindings, below in kept_matches],
        )

    def keep(self, walked: _Walked, parts: str) -> None:
        """The statements of a function walked by statements, as its check left them."""
        assert walked.segments is not None and walked.inner is not None
        self._same.clear()
        if len(self._entries) > self._LIMIT:
            self._entries.clear()
        every_site = [site for segment in walked.segments for site in segment.sites]
        numbers = [site[0] for site in every_site]
        every_match = [match for segment in walked.segments for match in segment.matches]
        places = [match[0][0] for match in every_match]
        for statement, first, end, depth, taken in walked.ranges:
            if taken >= 0 and not any(len(s.done) > taken for s in walked.segments if s.first == first and s.end == end):
                continue  # kept as it is
            held = every_site[bisect.bisect_left(numbers, first) : bisect.bisect_left(numbers, end)]
            if not all(self._looks_within(part.formula) for site in held for part in site[5]):
                continue
            done = frozenset.intersection(*(frozenset(s.done) for s in walked.segments if s.first < end and first < s.end))
            found = every_match[bisect.bisect_left(places, first) : bisect.bisect_left(places, end)]
            self._entries[(id(statement), parts)] = (
                statement, walked.inner, end - first,
                [(number - first, node, above[depth:], None, callee, parts_at) for number, node, above, _, callee, parts_at in held],  # type: ignore[misc]
                done,
                [((place[0] - first, place[1]), part, node, bindings, above[depth:]) for place, part, node, bindings, above in found if (part.owner, part.kind) in done],
            )

    def _equal(self, kept: Scope, scope: Scope) -> bool:
        """Whether two scopes bind every name alike, for the same function path (whose
        `asked` names the matches taken noted; compared once per pair between keeps)."""
        if kept is scope:
            return True
        key = (id(kept), id(scope))
        known = self._same.get(key)
        if known is None or known[0] is not kept or known[1] is not scope:
            known = self._same[key] = (kept, scope, kept.path == scope.path and kept == scope)
        return known[2]

    def _looks_within(self, formula: Formula) -> bool:
        known = self._local.get(id(formula))
        if known is None or known[0] is not formula:
            known = self._local[id(formula)] = (formula, not looks_around(formula))
        return known[1]


class FactsMemo:
    """Facts by function, its ancestors, the resolver and the set of parts (`parts`: a name
    for the candidates function, e.g. Narrowed.key); keep one per check of a text. `kept`:
    the document's statements walked in earlier checks, taken and given back (`keep`)."""

    def __init__(self, kept: KeptStatements | None = None) -> None:
        self._walked: dict[tuple, _Walked] = {}
        self._kept = kept
        self.walks = 0  # functions walked (for tests and benchmarks)
        self.statements = 0  # statements walked anew, not taken from `kept` (idem)
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
        if walked.segments is None:
            walked.segments = self._segments(walked, candidates, parts)
            self.walks += 1
        wanted = {(owner, kind) for owner in {*active, None} for kind in kinds}
        facts = Facts()
        for segment in walked.segments:
            missing = wanted - segment.done
            if missing:
                found = list(matches(function, ancestors, resolver, candidates, lambda part: (part.owner, part.kind) in missing, found=segment.sites))
                segment.matches = sorted([*segment.matches, *found], key=_place) if segment.matches else found
                segment.done |= missing
            for _, part, node, bindings, above in segment.matches:
                if (part.owner, part.kind) in wanted:
                    record(facts, part, node, function, bindings, above)
        return facts

    def _segments(self, walked: _Walked, candidates, parts: str) -> list[_Segment]:  # type: ignore[no-untyped-def]
        """The function's walk (facts.function_nodes' order) in stretches: the statements
        `kept` holds for it taken whole, the nodes between them walked; one stretch without
        kept statements."""
        function, held, resolver = walked.held
        ancestors = list(held)
        if self._kept is None:
            return [_Segment(0, 0, sites(function, ancestors, resolver, candidates))]
        inner = walked.inner = resolver.scope_for([*ancestors, function])
        segments: list[_Segment] = []
        run: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = [(function, ancestors)]
        number = 1

        def flush() -> None:
            if run:
                segments.append(_Segment(number - len(run), number, sites(function, ancestors, resolver, candidates, nodes=run, first=number - len(run))))
                run.clear()

        stack: list[tuple[cst.CSTNode, list[cst.CSTNode]] | tuple[cst.CSTNode, int, int]] = [(function.body, [*ancestors, function])]
        while stack:
            item = stack.pop()
            if len(item) == 3:  # a statement's walk ends here
                statement, first, depth = item  # type: ignore[misc]
                walked.ranges.append((statement, first, number, depth, -1))
                continue
            node, above = item  # type: ignore[misc]
            if subclass_of(type(node), STATEMENTS):
                taken = self._kept.take(node, inner, parts, above, number)
                if taken is not None:
                    flush()
                    segments.append(taken)
                    walked.ranges.append((node, number, taken.end, len(above), len(taken.done)))
                    number = taken.end
                    continue
                self.statements += 1
                stack.append((node, number, len(above)))
            run.append((node, above))
            number += 1
            if type(node) not in OWN_UNITS:
                below = [*above, node]
                stack.extend((child, below) for child in reversed(list(child_nodes(node))))
        flush()
        return segments

    def keep(self) -> None:
        """Give the document's kept statements this check's walks (the check is over), so the
        first keystroke in a function walks only what it replaced, not the whole function. A
        check that walked a big document's functions keeps none: the entries would cost its
        first open more than they spare. A few functions are kept however long (a keystroke
        in a big one), a small document's however many."""
        if self._kept is None or (self.walks > _KEEP_WALKS and self.statements > _KEEP_STATEMENTS):
            return
        for (_, _, parts, *_rest), walked in self._walked.items():
            if walked.segments is not None and walked.inner is not None:
                self._kept.keep(walked, parts)


def _place(match: Match) -> tuple[int, int]:
    return match[0]
