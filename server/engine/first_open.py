"""The parse of the whole text into units: on first open (where CPython's parse plans lazy
units, lazy_units.py, and gives the units' lines, unit_lines.py), when an edit cannot be
re-parsed unit by unit (unit_reparse.py), and when lazy units turn out to be needed.

A full parse keeps the findings of the leading and trailing units whose text did not change;
when the text does not parse, the units an edit touched become one broken unit keeping their
last findings.

These are methods of the document (a mixin `IncrementalDocument` inherits), as those of
unit_reparse.py are, and for the same reason: a full parse sets most of the document's state
at once. `FirstOpen` names what they use of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Collection, Iterable, Sequence

import libcst as cst

from .analysis import READ_ERROR, SYNTAX_ERROR, error_finding, parse_source
from .collector import collector_paused
from .edit_markers import NONE, EditMarkers
from .finding_shift import shift_finding
from .fixes import import_insertion_line
from .lazy_units import plan
from .nested_check import may_refine
from .piece_tokens import PieceTokens
from .prefilter import text_tokens
from .sparse import code_comments, cpython_tree
from .text_buffer import too_deep, too_deep_unary
from .unit_lines import unit_lines
from .unit_model import Unit, pieces_of
from .unit_reparse import Fallback
from .vouched_parse import parse_vouched

if TYPE_CHECKING:
    import ast

    from .analysis import AnalysisOptions, Engine
    from .lazy_units import LazyContext, Plan
    from .model import Finding, RuleInfo
    from .nesting import Layouts
    from .prefilter import LineTokens, Opening
    from .resolver import Scope
    from .text_buffer import TextBuffer
    from .unit_lines import UnitLines
    from .units import Stats


class FirstOpen:
    """How the document parses its whole text (a mixin of units.IncrementalDocument).

    Besides the attributes below, it calls the document's `_walk_units`, `_starts`,
    `_module_scope` and `_refresh_module` (units.py), `_invalidate_for` (dataflow_due.py),
    and `_units_of`, `_units_from_lines`, `_reparse_top` and `_reparse_members`
    (unit_reparse.py).
    """

    engine: Engine
    options: AnalysisOptions
    buffer: TextBuffer
    tokens: LineTokens  # the text's tokens; their opening (first open's) is taken once
    stats: Stats  # full_parses counts here
    units: list[Unit]
    header: Sequence[cst.EmptyLine]
    footer: Sequence[cst.EmptyLine]
    module: cst.Module | None
    error: Finding | None  # set when the text does not parse
    check_error: Finding | None
    layouts: Layouts  # emptied: a full parse makes new nodes
    _changed: list[tuple[int, int]]  # lines edited since the text last parsed
    _exports: set[str] | None  # None after a full parse: any name may have changed
    _import_line: int
    # While units are lazy (lazy_units.py): what judging an edit and the source gate need.
    _lazy: LazyContext | None
    _sourceless: dict[int, cst.CSTNode]
    _callees: set[str]
    _materialize: bool
    _input_due: bool
    _gate_scope: Scope | None
    _gate_clear: dict[int, cst.CSTNode]
    _gate_module: cst.Module | None

    def _full_parse_or_break(self, lo: int, hi: int, start: int = 0, end: int | None = None) -> None:
        """Parse the whole text; if it does not parse, units lo..hi (now lines [start, end))
        become one broken unit that keeps their findings."""
        if self._full_parse():
            return
        if end is None:
            end = len(self.buffer.lines)
        kept = self._kept_findings(self.units[lo : hi + 1], start)
        # What the units bound is remembered: once the text parses again, names they bound
        # and the fixed text does not (an import commented out meanwhile) are changed names.
        bound = tuple(item for unit in self.units[lo : hi + 1] for item in unit.contribution)
        self.units[lo : hi + 1] = [Unit(None, end - start, 0, "    ", "\n", findings=kept, checked_at=start, contribution=bound)]
        self._refresh_module()

    @staticmethod
    def _kept_findings(units: Sequence[Unit], start: int) -> list[Finding]:
        """The findings of these units, moved to where the units are now."""
        kept: list[Finding] = []
        for unit in units:
            for at, piece in pieces_of(unit, start):
                if piece.findings:
                    kept.extend(shift_finding(f, piece.checked_at + 1, at - piece.checked_at) for f in piece.findings)
            start += unit.lines
        return kept

    def _full_parse(self) -> bool:
        """Parse the whole text into units, keeping the findings of units that did not change."""
        text = self.buffer.text
        self.stats.full_parses += 1
        path = self.options.path
        opening = self.tokens.take_opening()  # only the first parse of a text as opened may use it
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            self.error = error_finding(READ_ERROR, path, line, 0, detail="contains NUL bytes (binary file?)")
            return False
        planned = module = found = None
        if self.units or opening is None:
            deep = too_deep(text)
        else:
            deep, planned, module, found = self._first_open_parse(text, opening)
        if deep:
            self.error = error_finding(SYNTAX_ERROR, path, deep, 0, detail="nested deeper than Python allows")
            return False
        if module is None:
            planned = None
            module, error = parse_source(text, path)
            if module is None:
                self.error = error
                return False
        self.layouts, self.unread = {}, {}
        try:
            found = found or unit_lines(text, module)
            units = self._units_of(module, header=True) if found is None else self._units_from_lines(module, found)
        except RecursionError:
            self.error = error_finding(SYNTAX_ERROR, path, 1, 0, detail="nested too deeply to check")
            return False
        self._lazy = planned.context if planned is not None and _mark_lazy(units, planned, self.buffer.lines) else None
        self._sourceless = _pieces_at(_statement_pieces(units), planned.sourceless) if self._lazy is not None else {}  # type: ignore[union-attr]
        self._gate_scope, self._gate_clear, self._gate_module = None, {}, None
        self._callees = {node.name.value for node in _pieces_at(_definition_pieces(units), planned.callees).values()} if self._lazy is not None else set()  # type: ignore[union-attr, attr-defined]
        self._materialize, self._input_due = False, self._lazy is not None  # the gate is asked at the first check
        old_units, old_starts = self.units, self._starts()
        self.header, self.footer = module.header, module.footer
        self.units = units
        self.module = module
        reused = _reuse_findings(old_units, self.units, old_starts, self._starts())
        self.error = None
        self.check_error = None
        self._changed = []
        if old_units:
            self._exports = None
            self._invalidate_for([u for u in old_units if id(u) not in reused], [u for u in self.units if u.findings is None])
        else:
            self._import_line = import_insertion_line(module)
        return True

    def _first_open_parse(self, text: str, opening: Opening) -> tuple[int, Plan | None, cst.Module | None, UnitLines | None]:
        """First open: CPython's one parse of the text says whether it nests too deeply
        (`too_deep`'s line, else 0: a text CPython parsed needs only `too_deep_unary`),
        plans the lazy units, vouches for LibCST's parse of the (stubbed) text and gives the
        units' lines; the last three None when either parser refuses the text (the usual
        parse then reports why). CPython's tree and symbol tables are dropped at the end,
        unseen by the collector (collector.py)."""
        with collector_paused():
            tree = cpython_tree(text, self.options.path)
            deep = too_deep(text) if tree is None else too_deep_unary(text)
            if tree is None or deep:
                return deep, None, None, None
            planned = self._first_open_plan(text, tree, opening)
            module = parse_vouched(planned.text if planned is not None else text)
            found = unit_lines(text, module, tree) if module is not None else None
            return (0, planned, module, found) if found is not None else (0, None, None, None)

    def _first_open_plan(self, text: str, tree: ast.Module, opening: Opening) -> Plan | None:
        """Which definitions first open may leave unparsed for the enabled rules (the pieces'
        tokens from what the line tokens found in the text as opened: piece_tokens.py)."""
        tokens = set(self.tokens.counts)
        needs, marked = self.engine.sparse_needs(tree, tokens, self.options)
        pieces = PieceTokens(self.buffer.lines, opening, marked, code_comments(text))
        planned = plan(text, tree, self.options.path, pieces, lambda piece: text_tokens(piece, marked), needs, self._whole_class(tokens))
        if planned is not None:
            self.stats.plan_scopes += planned.scopes
            planned.context.markers = pieces.markers
            planned.context.edit_markers = EditMarkers(marked)
        return planned

    def _whole_class(self, tokens: set[str]) -> Callable[[Collection[str]], bool] | None:
        """Whether a class with these words may be matched as a whole by an enabled pattern
        rule the text's tokens allow (`class $C(http.server.BaseHTTPRequestHandler): ...`);
        None when no such rule may match."""
        possible = self.engine.prefilter(tokens, self.options.enabled)
        rules = [
            rule for rule in self.engine.rules
            if rule.taint is None and any(key is not None and key.node_type == "ClassDef" for key in rule.keys) and possible(rule.info)
        ]
        return (lambda words: any(rule.may_match(words) for rule in rules)) if rules else None

    def _parse_lazy_units(self, reads_input: bool, enabled: Callable[[RuleInfo], bool]) -> None:
        """Parse the lazy units for real, each alone as an edit of it re-parses it
        (unit_reparse.py). When the source gate found input (`reads_input`), data flow runs
        from now on: every unit is checked again and units are lazy no more. Else the
        document stays under the gate (the parsed units' findings, taken without data flow,
        stand while it finds no source) and the other units keep their findings unless what
        changed makes them due (as after an edit of a lazy unit: `_replace`,
        `_invalidate_for`) or a rule data flow refines may match in them (`_refined_due`).
        When a lazy unit does not parse alone, the whole text is parsed and every unit
        checked again, as before."""
        self._materialize = False
        self._exports = None  # as after a full parse: importing documents read this module anew
        self.stats.lazy_parses += 1
        parses = self.stats.full_parses
        if not self._parse_lazy_pieces() and self.stats.full_parses == parses:
            reads_input = True
            self._full_parse()
        if reads_input or self.stats.full_parses != parses:
            self._input_found()
        else:
            self._refined_due(enabled)

    def _input_found(self) -> None:
        """Data flow runs from now on: every unit is checked again, and none is lazy."""
        for _, piece in self._walk_units():
            piece.findings = None
        self._lazy, self._sourceless, self._callees = None, {}, set()

    def _refined_due(self, enabled: Callable[[RuleInfo], bool]) -> None:
        """Without input, a piece's findings depend on other code only through the callee
        summaries a refined rule's match reads (refinement.py), where a stub summarised as a
        constant: the pieces where such a rule may match (by their words, nested_check's
        `may_refine`) are checked again; a class by its lines before its members."""
        refinable = self.engine.nested_facts.refinable
        scope = self._module_scope()
        lines = self.buffer.lines
        for at, piece in self._walk_units():
            if piece.findings is None:
                continue
            end = at + (piece.head if piece.members is not None else piece.lines)
            if may_refine("".join(lines[at:end]), refinable, enabled, scope):
                piece.findings = None

    def _known_clear(self) -> dict[int, cst.CSTNode]:
        """The pieces known to hold no source: once the gate was asked, those it found clear
        and still are (units._still_clear; none when a star import changed or each names a
        name bound otherwise), not first open's, judged under the module names then."""
        return self._gate_clear if self._gate_scope is not None else self._sourceless

    def _parse_lazy_pieces(self) -> bool:
        """Re-parse every lazy piece alone, the last first (earlier units keep their place);
        a piece the gate knew free of sources stays known so (a lazy unit holds no source
        words: lazy_units.py). False when one does not parse alone (a full parse may then
        have taken over: `_reparse_top`)."""
        known = self._known_clear()
        parses = self.stats.full_parses
        for index in range(len(self.units) - 1, -1, -1):
            unit = self.units[index]
            if unit.lazy is not None:
                clear = id(unit.node) in known
                self._reparse_top(index, index, self._starts(), 0)
                if self.stats.full_parses != parses or self.units[index] is unit:
                    return False
                if clear:
                    known[id(self.units[index].node)] = self.units[index].node  # type: ignore[assignment]
            elif unit.members is not None and any(member.lazy is not None for member in unit.members):
                if not self._parse_lazy_members(unit, self._starts()[index], known):
                    return False
        return True

    def _parse_lazy_members(self, unit: Unit, start: int, known: dict[int, cst.CSTNode]) -> bool:
        """Re-parse a class's lazy members alone, the last first; False when one does not."""
        assert unit.members is not None
        places = [at for at, _ in pieces_of(unit, start)[1:]]
        for index in range(len(unit.members) - 1, -1, -1):
            member = unit.members[index]
            if member.lazy is None:
                continue
            clear = id(member.node) in known
            try:
                if not self._reparse_members(unit, start, places[index], places[index], 0, ()):
                    return False
            except Fallback:
                return False
            if clear:
                known[id(unit.members[index].node)] = unit.members[index].node  # type: ignore[assignment]
        return True


def _reuse_findings(old: list[Unit], new: list[Unit], old_starts: list[int], new_starts: list[int]) -> set[int]:
    """After a full parse, keep the findings of leading and trailing units whose text is unchanged.

    The first unit is always checked again (it owns the file header). Returns ids of reused
    old units.
    """
    reused: set[int] = set()

    def take(o: Unit, n: Unit, n_start: int) -> None:
        reused.add(id(o))
        for (at, piece), (_, before) in zip(pieces_of(n, n_start), pieces_of(o, 0)):
            if before.findings is not None and before.nested is None and not before.flows_due:
                piece.findings = [shift_finding(f, before.checked_at + 1, at - before.checked_at) for f in before.findings]
                piece.checked_at = at

    limit = min(len(old), len(new))
    i = 1
    while i < limit and old[i].node is not None and old[i].key == new[i].key and old[i].lines == new[i].lines:
        take(old[i], new[i], new_starts[i])
        i += 1
    j = 1
    while j <= limit - i and old[-j].node is not None and old[-j].key == new[-j].key and old[-j].lines == new[-j].lines:
        take(old[-j], new[-j], new_starts[-j])
        j += 1
    return reused


def _mark_lazy(units: Sequence[Unit], planned: Plan, lines: Sequence[str]) -> bool:
    """Mark the pieces whose `def`/`class` line holds a stub of the plan; False if none is.
    Each keeps the markers its text holds (edit_markers.py): the plan's, found in the
    definition's lines, with those of the lines the piece holds around them (comments and
    blank lines above, a body's trailing comments), alike in most pieces."""
    marked = 0
    around: dict[str, frozenset[str]] = {}
    edit_markers = planned.context.edit_markers
    for line, piece in _definition_pieces(units):
        names = planned.lazy.get(line)
        if names is not None:
            piece.lazy = names
            last, held = planned.held[line]
            start = line - len(getattr(piece.node, "leading_lines", ()))
            extra = "".join(lines[start:line]) + "".join(lines[last + 1 : start + piece.lines])
            if edit_markers is not None:
                if extra not in around:
                    around[extra] = edit_markers.with_lines(NONE, extra)
                piece.lazy_markers = held | around[extra] if around[extra] else held
            marked += 1
    return marked == len(planned.lazy)


def _statement_pieces(units: Sequence[Unit]) -> Iterable[tuple[int, Unit]]:
    """The pieces the plan keys by line (top-level statements and classes' members; a class
    with members stands for them), each with the line of its first decorator or keyword."""
    start = 0
    for unit in units:
        for at, piece in pieces_of(unit, start):
            if piece.node is not None and (piece is not unit or unit.members is None):
                yield at + len(getattr(piece.node, "leading_lines", ())), piece
        start += unit.lines


def _definition_pieces(units: Sequence[Unit]) -> Iterable[tuple[int, Unit]]:
    """The pieces that are definitions (functions, classes without members of their own)."""
    return ((line, piece) for line, piece in _statement_pieces(units) if isinstance(piece.node, (cst.FunctionDef, cst.ClassDef)))


def _pieces_at(pieces: Iterable[tuple[int, Unit]], lines: Collection[int]) -> dict[int, cst.CSTNode]:
    """The nodes of those pieces keyed at these lines, by id."""
    return {id(piece.node): piece.node for line, piece in pieces if line in lines}  # type: ignore[misc]
