"""The incremental document model: a text cut into units, each with its LibCST node and findings.

A unit is a top-level statement or, for a top-level class, one member of its body (the class
keeps the findings of its header). Units partition the lines of the text exactly as LibCST
would split a full parse of it (leading comments belong to the statement below them), so an
edit touches one unit in the common case: only that unit's lines are re-parsed (a class member
wrapped in a `class _:` header) and re-checked, and the other units only move. Inside a unit,
nested units go further (nesting.py): only the innermost statement holding the edit is
re-parsed and checked alone (an edit in a compound statement's header lines re-parses those
lines alone); inside a function, the outermost function holding it runs its data flow again
(and its pattern rules, where a rule data flow refines may match), and when the statement
binds other names than before, the statements of that function naming them are checked again
too (where a match there asked about them: `_unread`); nested_check.py says when that is not
enough and the unit is checked whole. When a unit does not parse alone, or the edit changes
unit boundaries, the whole text is parsed; if that fails too the last good findings stay on
the lines that did not change, beside one syntax error.

Units are checked against the document's module (rules see real ancestors and siblings) with
their positions taken from a small module holding just the unit; module facts (imports,
constants) are recomputed per changed unit, and units naming a changed fact are re-checked.
See docs in ../shared/design.md ("Why blocks").

Where each step lives (text → document → units → checks → findings):
- text_buffer.py: the text as lines and the editor's `Change`s to it (`TextBuffer`), and
  `too_deep`, which refuses text nested deeper than LibCST's parser can take;
- unit_model.py: `Unit` and `NestedEdit`, what the document cuts the text into;
- first_open.py: the parse of the whole text into units (first open and its lazy units, or
  when an edit cannot be re-parsed unit by unit);
- unit_reparse.py: the re-parse of the units an edit touched, down to the innermost
  statement holding it (nesting.py);
- dataflow_due.py: what else an edit makes due: the units naming a changed module-level
  name, the callers of a changed function and the readers of a changed method (their data
  flow), and the names whose code changed for the documents importing this one;
- this module: the document itself: its public methods, each edit's way through the above,
  and the checks of the pieces due (nested_check.py says when a statement checked alone is
  enough);
- finding_shift.py: findings kept from an earlier check, moved with their lines.
The two parses and the data-flow follow-up are mixins `IncrementalDocument` inherits: they
read and replace (or mark due) its units at once. The rest are plain functions and classes it
calls.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import threading
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import libcst as cst

from .analysis import READ_ERROR, SYNTAX_ERROR, AnalysisOptions, Engine, error_finding, finalize
from .block_lines import Pending, Read, record_layouts
from .checker import Home, Placed, RuleIndex, check_tree
from .collector import collector_paused
from .dataflow_due import DataFlowDue
from .definition_calls import Written
from .document_caches import DocumentCaches, checking
from .finding_shift import home_line, shift_finding
from .first_open import FirstOpen
from .fixes import import_insertion_line
from .lazy_units import LazyContext
from .lines import Stripped
from .merged import MergedFindings
from .nesting import Layouts, Step, above, ancestry_through, elif_shell, forget, header_children, header_shell, indents_of, known_routes, positions_module
from .model import Finding, RuleInfo
from .prefilter import IDENTIFIER, LineTokens
from .rule_loader import Rule, text_marker
from .nested_check import (
    OuterFunction, changes_contexts, changes_runs, folding_names, header_parts, header_words, matches_on_chain, may_refine, pattern_names, rebinds_fix_names, rebound_names,
    renamed_parameters, statement_words,
)
from .node_homes import NodeHomes
from .resolver import Resolver, Scope, binds_nothing, module_scope
from .signature_flow import strict_start_kept
from .suppressions import CommentColumns, apply_suppressions
from .taint.gate import Edited, InputGate
from .taint.gate_scope import changed_names
from .taint.known_imports import KnownImports
from .taint.piece_changes import replaced_pieces
from .taint.seen import reading_for
from .text_buffer import Change, TextBuffer
from .unit_model import NestedEdit, Unit, pieces_of
from .unit_reparse import UnitReparse, statement_contribution, Fallback, inert_statement
from .word_search import Words, calls, lines_holding


@dataclass
class Stats:
    """What the model did, for tests and `redline/debugStats`."""

    unit_parses: int = 0
    parsed_lines: int = 0  # lines of the text re-parsed by unit parses (wrapper headers excluded)
    wrapper_lines: int = 0  # lines unit parses added around the text re-parsed (`if 1:` or `class _:` wrappers, a header's `pass` body; a lone line of code inside a unit's blocks has none: nesting.lone_line)
    full_parses: int = 0
    lazy_parses: int = 0  # times the lazy units were parsed for real, each alone (FirstOpen._parse_lazy_units)
    unit_checks: int = 0
    layout_renders: int = 0  # statements rendered to find the lines of those inside (block_lines.py could not tell)
    statement_renders: int = 0  # statements an edit re-parsed inside a unit's blocks that were rendered to count their lines (not a lone simple statement: _statement_lines)
    judged_lines: int = 0  # lines CPython parsed to judge whether edits make lazy units needed (LazyContext.refines_into)
    judged_scopes: int = 0  # symbol tables CPython built for that
    plan_scopes: int = 0  # symbol tables CPython built for first open's lazy-unit plan (lazy_units._Words: a definition's own, where its words' upper bound did not decide)
    walked_statements: int = 0  # statements of a method judged alone whose calls were walked (not kept from the last keystroke: definition_calls.KeptCalls)
    searched_chars: int = 0  # characters of a piece's text around a method judged alone searched for its identifiers (not kept: lazy_units._Blocks)
    marked_chars: int = 0  # characters of texts whose tokens (every requires-text regex) were read to judge whether edits make lazy units needed
    layout_lines: int = 0  # lines CPython parsed to find the statements inside units on an edit (block_lines.py)
    layout_statements: int = 0  # compound statements whose layouts an edit read from CPython's parse (those beside its path read when asked: block_lines.read_pending)
    gate_asks: int = 0  # times the source gate was asked whether data flow may run (_reads_input)
    gate_pieces: int = 0  # pieces of the module (top-level statements, class members) the source gate looked at
    checked_lines: int = 0  # lines of the text the checks walked (the parts checked, summed)
    module_scopes: int = 0  # module scopes built (_module_scope)
    placed_statements: int = 0  # statements whose code was generated to place a check's findings (not kept from an earlier check: checker._placed_ranges)
    index_names: int = 0  # callees and dotted names the checks resolved to find a node's candidate rules (check_tree; only the rules the text allows are indexed: _rule_index)
    fix_renders: int = 0  # fixes whose text the checks rendered (not kept from an earlier check by the nodes bound: fixes.FixTexts)
    matches_tried: int = 0  # patterns and statement runs the checks' matchers tried (checker.CheckResult.matches_tried)


class IncrementalDocument(DataFlowDue, UnitReparse, FirstOpen):
    """One open document's text, units and findings, updated edit by edit."""

    @collector_paused()  # first open: objects that live on, made at once: no garbage to find (collector.py)
    def __init__(self, engine: Engine, text: str, options: AnalysisOptions) -> None:
        self.engine = engine
        self.options = options
        self.buffer = TextBuffer(text)
        self.tokens = LineTokens(engine.rules, self.buffer.lines, opening=True)
        self._commented = _commented(self.buffer.lines)
        self._comments = CommentColumns()  # where comments start, kept across edits
        self._possible: tuple[int, frozenset[str]] | None = None  # tokens version, rules that may match
        self._narrowed: tuple[frozenset[str], RuleIndex] | None = None  # the rules that may match, their index (_rule_index)
        self.stats = Stats()
        self.units: list[Unit] = []
        self.header: Sequence[cst.EmptyLine] = ()
        self.footer: Sequence[cst.EmptyLine] = ()
        self.module: cst.Module | None = None
        self.error: Finding | None = None  # why the text does not parse (or cannot be read)
        self.check_error: Finding | None = None  # code too deeply nested to check
        self.failed_rules: dict[str, str] = {}  # rules that raised: disabled for this document
        self._import_line = 1
        self._changed: list[tuple[int, int]] = []  # lines edited since the text last parsed
        self.layouts: Layouts = {}  # where the statements inside compound statements are (nesting.py)
        self.unread: Pending = {}  # compound statements beside the last edits' layouts, not read yet (block_lines.Unread)
        self._words: tuple[Engine, frozenset[str]] | None = None  # tokens the engine's rules need
        self._renamed: dict[tuple[int, int], tuple[Finding, Finding]] = {}  # finalize's copies, kept
        self._merged = MergedFindings()  # the pieces' findings in report order, kept
        self.homes = NodeHomes()  # which top-level statement holds a node, for data-flow steps elsewhere
        self._present: frozenset[str] = frozenset()  # of those, the ones the text held at the last look
        self._exports: set[str] | None = set()  # names whose code changed since taken (None: any)
        self._lazy: LazyContext | None = None  # while units are lazy: what judging an edit needs
        self._sourceless: dict[int, cst.CSTNode] = {}  # while units are lazy: pieces whose words hold no source, by id
        self._callees: set[str] = set()  # while units are lazy: names of the definitions refined rules' matches may call
        self._materialize = False  # something may make a lazy unit needed: parse them all
        self._input_due = False  # code was edited since the source gate was last asked
        # While units are lazy: the module scope when the source gate last found no source,
        # and the pieces edited since that it then found none in without walking them whole.
        self._gate_scope: Scope | None = None
        self._gate_clear: dict[int, cst.CSTNode] = {}
        self._gate_module: cst.Module | None = None  # the module it then found no source in
        self._gate_imports: KnownImports | None = None  # the pieces' imports the gate last read (gate.imports), while units are lazy
        self._resolver: Resolver | None = None  # see _resolver_for
        self._asked: dict[tuple[str, ...], set[str]] = {}  # names each function's matches asked about (Resolver)
        self._scope: tuple[Sequence[cst.CSTNode], Scope] | None = None  # the module scope and the statements it holds for
        # Data flow made due by an edit elsewhere, marked at the next check without `defer`;
        # pieces checked whole since that edit are not due either.
        self._due_later = []
        # Functions and methods checked again whose callers may read something else of them
        # now (taint/seen.py), compared at the next check without `defer`.
        self._followed: list[Unit] = []
        # Names whose summary may have changed since the last check without `defer`: the
        # functions here calling them are noted for importing documents then (`_export_callers`).
        self._calls_changed: set[str] = set()
        # Top-level functions edited since the last check without `defer` whose callers read
        # them: their node before the first such edit (`_callers_due_of`).
        self._edited: dict[str, cst.FunctionDef] = {}
        # Methods edited since then whose readers read them: the same (`_compared_later`).
        self._edited_members = []
        self._edits = 0
        self._lock = threading.RLock()
        self.caches = DocumentCaches()  # what the engine's caches keep of this document (document_caches.py)
        with self._lock, reading_for(self), checking(self.caches):  # what callers read belongs to this document (seen.py)
            self._full_parse_or_break(0, -1)
            self._check_pending(lambda: False)

    # -- public ------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.buffer.text

    def apply(self, changes: Iterable[Change], cancelled: Callable[[], bool] = lambda: False, defer: bool = False) -> bool:
        """Apply client changes, then check what changed; False if cancelled before the end.
        With `defer`, the pieces whose data flow is due only because code they depend on
        changed elsewhere (callers, methods reading what an edited method sets) keep their
        last findings until `check` runs: the edited code's findings come first."""
        with self._lock, reading_for(self), checking(self.caches):  # what callers read belongs to this document (seen.py)
            for change in changes:
                self._apply_one(change)
            return self._check_pending(cancelled, defer)

    def check(self, cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Finish checking after a cancelled `apply`, deferred data flow included."""
        with self._lock, reading_for(self), checking(self.caches):  # what callers read belongs to this document (seen.py)
            return self._check_pending(cancelled)

    def replace_text(self, text: str) -> None:
        with self._lock, reading_for(self), checking(self.caches):  # what callers read belongs to this document (seen.py)
            self.buffer = TextBuffer(text)
            self.tokens = LineTokens(self.engine.rules, self.buffer.lines, opening=True)
            self._commented = _commented(self.buffer.lines)
            self._comments = CommentColumns()
            self.units = []
            self._full_parse_or_break(0, -1)
            self._check_pending(lambda: False)

    def reconfigure(self, engine: Engine, options: AnalysisOptions, changes: Iterable[Change] = ()) -> None:
        """New rules or settings (with the edits that came meanwhile): every unit is checked again."""
        with self._lock, reading_for(self), checking(self.caches):  # what callers read belongs to this document (seen.py)
            for change in changes:
                self._apply_one(change)
            if engine is not self.engine:
                self.engine = engine
                self.tokens = LineTokens(engine.rules, self.buffer.lines)
            self.options = options
            self._possible, self._narrowed = None, None
            self.failed_rules.clear()
            self._invalidate_all()
            self._check_pending(lambda: False)

    def findings(self) -> list[Finding]:
        """Findings of the current text (the last good ones on unchanged lines while broken)."""
        with self._lock:
            if self.check_error is not None or (self.error is not None and self.error.rule_id == READ_ERROR.id):
                return []
            lists: list[list[Finding]] = []
            for start, unit in self._walk_units():
                if unit.findings:
                    if start != unit.checked_at:  # moved since checked: shifted once, kept so
                        unit.findings = [shift_finding(f, unit.checked_at + 1, start - unit.checked_at) for f in unit.findings]
                        unit.checked_at = start
                    lists.append(unit.findings)
            raw = self._merged.update(lists)  # in report order
            if self.error is not None:
                raw = [f for f in raw if not self._on_changed_line(f)]
            if len(self._renamed) > 4 * len(raw) + 1000:
                self._renamed.clear()
            if not self._commented:  # no line can hold a suppression comment
                return finalize(raw, self._renamed, ordered=True)
            lines = Stripped(self.buffer.lines)  # as source_lines splits them
            outcome = apply_suppressions(raw, lines, self.engine.infos, self.options.suppression, self.options.path, self._comments)
            if outcome.problems:
                return finalize(outcome.kept + outcome.problems, self._renamed)
            return finalize(outcome.kept, self._renamed, ordered=True)

    def lazy_units(self) -> int:
        """How many units a stub still stands for (lazy_units.py), for tests and debugStats."""
        with self._lock:
            return sum(1 for _, piece in self._walk_units() if piece.lazy is not None)

    def errors(self) -> list[Finding]:
        """The syntax, read or nesting error of the current text, if any."""
        return [e for e in (self.error, self.check_error) if e is not None]

    # -- layout ------------------------------------------------------------------------------

    def _walk_units(self) -> Iterable[tuple[int, Unit]]:
        """Every unit holding findings (classes and their members) with its first line
        (no list per plain statement: a keystroke walks a long file's ~700 pieces several times)."""
        start = 0
        for unit in self.units:
            if unit.members is None:
                yield start, unit
            else:
                yield from pieces_of(unit, start)
            start += unit.lines

    def _starts(self) -> list[int]:
        starts, start = [], 0
        for unit in self.units:
            starts.append(start)
            start += unit.lines
        return starts

    def _locate(self, line: int, starts: Sequence[int]) -> int:
        """Index of the top-level unit holding `line` (the last one for trailing lines)."""
        return max(0, bisect.bisect_right(starts, line) - 1)

    def _on_changed_line(self, finding: Finding) -> bool:
        first, last = finding.span.start.line - 1, finding.span.end.line - 1
        return any(first <= hi and lo <= last for lo, hi in self._changed)

    # -- edits -------------------------------------------------------------------------------

    def _apply_one(self, change: Change) -> None:
        self._edits += 1
        first, old_last, new_last, removed = self.buffer.apply(change)
        self.tokens.replace(removed, self.buffer.lines[first : new_last + 1])
        self._commented += _commented(self.buffer.lines[first : new_last + 1]) - _commented(removed)
        self._comments.edited(first, removed, self.buffer.lines[first : new_last + 1])
        delta = new_last - old_last
        if delta:
            self._forget_moved_nested_edits(old_last)
            self._paths_across(first, old_last, delta)
        if self._changed:
            moved = []
            for lo, hi in self._changed:
                if hi < first:
                    moved.append((lo, hi))
                elif lo > old_last:
                    moved.append((lo + delta, hi + delta))
                else:
                    moved.append((min(lo, first), max(hi + delta, new_last)))
            self._changed = moved
        self._changed.append((first, new_last))
        if not self.units or (self.error is not None and self.error.rule_id == READ_ERROR.id):
            self._full_parse_or_break(0, len(self.units) - 1)
            return
        starts = self._starts()
        lo, hi = self._locate(first, starts), self._locate(old_last, starts)
        unit = self.units[lo]
        lazy = None
        if self._lazy is not None:
            counts = ("judged_lines", "judged_scopes", "walked_statements", "searched_chars", "marked_chars")
            judged = [getattr(self._lazy, name) for name in counts]
            lazy = self._lazy_edit(lo, hi, starts, first, new_last, delta, removed)
            for name, before in zip(counts, judged):
                setattr(self.stats, name, getattr(self.stats, name) + getattr(self._lazy, name) - before)
        if lazy:
            self._settle()
            return
        if lo == hi and lazy is None and self._reparse_nested(unit, starts[lo], first, old_last, delta, removed):
            self._settle()
            return
        if lo == hi and unit.members and unit.node is not None:
            try:
                if self._reparse_members(unit, starts[lo], first, old_last, delta, removed):
                    self._settle()
                    return
            except Fallback:
                pass
        self._reparse_top(lo, hi, starts, delta)

    # -- the module of the units (unit_reparse.py builds them) -------------------------------

    def _refresh_module(self) -> None:
        # The indentation and line break the text was parsed with stay: units re-parsed since share them (`_in_indent`).
        indent, newline = (self.module.default_indent, self.module.default_newline) if self.module is not None else ("    ", "\n")
        self.module = cst.Module(body=[u.node for u in self.units if u.node is not None], header=self.header, footer=self.footer, default_indent=indent, default_newline=newline)

    def _replace(self, lo: int, hi: int, new_units: list[Unit]) -> None:
        """Swap units [lo, hi) for `new_units`; mark what must be checked again."""
        old = self.units[lo:hi]
        self.units[lo:hi] = new_units
        for unit in new_units:  # a class's methods are no module-level bindings of their own
            if isinstance(unit.node, cst.ClassDef):
                self._note_exports([unit.node.name.value, *(m.node.name.value for m in unit.members or () if isinstance(m.node, cst.FunctionDef))])
        for unit in old:
            if unit.node is not None:
                forget(self.layouts, unit.node)
        self._refresh_module()
        self._invalidate_for(old, new_units)
        if not any(unit.lazy is not None for unit in old):
            for piece in self._run_pieces(self._changes_runs(self.units, lo, old, new_units), self._walk_units(), self._top_units()):
                self._materialize = self._materialize or piece.lazy is not None
                piece.findings = None
        if self.error is not None and any(u.node is None for u in old) and any(u.node is None for u in self.units):
            # A broken piece now parses, another stays broken: it may not parse alone only
            # because of what is around it (an indented block after a commented-out `def`
            # joins the class above), so the whole text decides, once per piece fixed.
            self._full_parse()
        self._settle()

    def _changes_runs(self, body: Sequence[Unit], lo: int, old: Sequence[Unit], new: Sequence[Unit]) -> tuple[list[Rule], frozenset[str]]:
        """The rules a run of statements of whose context the units `old`, replaced by `new`
        at `lo` of `body` (the top-level units, or a class's members, after the swap), may
        be or make a statement of (nested_check.changes_runs), with those statements' words:
        their findings beside them may change, in the units after (a sleep after a top-level
        `lock.acquire()`) or before it. When the number of statements changes, the
        neighbours may become adjacent statements of one."""
        changed = [*old, *new]
        if len(old) != len(new):
            changed += [*body[max(lo - 1, 0) : lo], *body[lo + len(new) : lo + len(new) + 1]]
        nodes = [unit.node for unit in changed if unit.node is not None]
        return changes_runs(nodes, self.engine.nested_facts.contextual, self._enabled(), lambda items: statement_words(items, self._module_scope()))

    def _run_pieces(self, found: tuple[list[Rule], frozenset[str]], pieces: Iterable[tuple[int, Unit]], around: Iterable[tuple[int, Unit]]) -> list[Unit]:
        """Of `pieces`, those where a rule of `found` (`_changes_runs`: the rules whose run an
        edit may have made or unmade, and the edited statements' words) may hold a match: the
        piece's words, with those of the code outside definitions among `around` (which binds
        the names the piece reads) and the edited statements', meet what a match of the rule
        needs where it lies (Rule.may_hold; the run's words lie around it). Every other piece
        keeps its findings: a rule whose run starts with any assignment
        (`sql-string-formatting`) had every top-level assignment edit check the whole file."""
        rules, named = found
        if not rules:
            return []
        lines = self.buffer.lines

        def words(start: int, unit: Unit) -> list[str]:
            return IDENTIFIER.findall("".join(lines[start : start + unit.lines]))

        outside = named.union(*(words(start, unit) for start, unit in around if not isinstance(unit.node, (cst.FunctionDef, cst.ClassDef))))
        return [unit for start, unit in pieces if any(rule.may_hold(outside.union(words(start, unit))) for rule in rules)]

    def _settle(self) -> None:
        """Once every unit parses again, the text parses: the syntax error goes away."""
        if self.error is not None and all(u.node is not None for u in self.units):
            self.error = None
        if self.error is None:
            self._changed = []

    # -- lazy units (lazy_units.py) --------------------------------------------------------

    def _lazy_edit(self, lo: int, hi: int, starts: list[int], first: int, new_last: int, delta: int, removed: Sequence[str]) -> bool | None:
        """An edit while units are lazy. True: it changed only spaces, comments or string
        contents inside a lazy unit (LazyContext.same_meaning), or left one that first open
        would still leave lazy (LazyContext.stays_lazy), which stays lazy: nothing to parse
        or check. False: it reached a lazy unit, which its re-parse makes real (not through
        nested statements: a stub has none). None: no lazy unit. Whatever may make
        a lazy unit needed (an edit of module statements or of several units, a rule data
        flow refines calling a lazy one) has every unit parsed before the next check; any
        other edit of code may add a source (`_input_due`, asked of the source gate then).
        One that leaves a lazy unit lazy cannot: the gate walks the parsed module, where the
        unit is the same stub, and its source words rule out no fewer sources (a source
        match in parsed code holds its own words)."""
        assert self._lazy is not None
        lines = self.buffer.lines
        trivial = _line_ends_only(removed, lines[first : new_last + 1])  # the same code and words
        due, self._input_due = self._input_due, self._input_due or not trivial
        if lo != hi:
            self._materialize = True
            return False if any(self.units[i].lazy is not None for i in range(lo, hi + 1)) else None
        piece, at, member = self._piece_at(lo, starts, first)
        unit, start = self.units[lo], starts[lo]
        end = at + piece.lines + delta
        if trivial and new_last < end:
            piece.lazy_markers = None  # a regex may read the spaces at a line's end
            return True if piece.lazy is not None else None
        if new_last >= end:  # the edit runs past the piece: its re-parse decides
            self._materialize = True
            return False if piece.lazy is not None else None
        new = "".join(lines[at:end])
        definition = member or (lo > 0 and isinstance(piece.node, cst.FunctionDef))  # else module statements
        if piece.lazy is None and definition:
            callee = isinstance(piece.node, (cst.FunctionDef, cst.ClassDef)) and piece.node.name.value in self._callees
            edited = range(first - at, new_last - at + 1)
            judged = self._edited_definition(unit, start, first, new_last, delta, removed, at) if member else None
            if self._lazy.refines_into(new, unit.node.name.value if member else None, self._lazy_callees(piece), callee, edited, judged):  # type: ignore[attr-defined]
                self._materialize = True
            elif not isinstance(piece.node, (cst.FunctionDef, cst.ClassDef)) and self._lazy.brings_watched("".join(lines[first : new_last + 1])):
                self._materialize = True  # a class's code outside its methods (`if os.name == ...:` blocks), where a pattern-inside may lie
            return None
        old = "".join([*lines[at:first], *removed, *lines[new_last + 1 : end]])
        added = "".join(lines[first : new_last + 1])
        markers = self._lazy.edit_markers.after(piece.lazy_markers, added, new) if piece.lazy is not None and self._lazy.edit_markers is not None else None
        if not self._lazy.same_meaning(old, new, "".join(removed), added) and not (
            piece.lazy is not None and definition and self._lazy.stays_lazy(old, new, unit.node.name.value if member else None, markers)  # type: ignore[attr-defined]
        ):
            self._materialize = (
                self._materialize or not (definition or self._lazy.binds_nothing(old, new))
                or (not definition and self._lazy.refines_into(new, None, self._lazy_callees(piece)))  # module code calling a lazy one
            )
            return False if piece.lazy is not None else None
        if piece.lazy is None:
            return None  # a module statement's spaces, comments or plain strings
        self._input_due = due
        piece.lines += delta
        piece.key = hash(new)
        piece.lazy_markers = markers
        if member:
            unit.lines += delta
            unit.key = hash("".join(lines[start : start + unit.lines]))
        else:
            unit.contribution = statement_contribution(unit.node, new)  # type: ignore[arg-type]
        return True

    def _edited_definition(self, unit: Unit, start: int, first: int, new_last: int, delta: int, removed: Sequence[str], at: int) -> Written | None:
        """The outermost definition inside a class member (starting at line `at`) holding an
        edit, from the unit's layouts (recorded now if need be: the re-parse that follows
        needs them too): its new text and first line in the member's text, for
        LazyContext.refines_into to judge alone, with CPython's parse of its old text when
        its layouts were read from it now (the first keystroke in a method: the judgement
        then parses the statement it changes, not the method again). None when no
        definition holds the edit."""
        old_last = new_last - delta
        read: dict[int, tuple[list[str], Read]] = {}
        path = self._path(unit, start, first, old_last, delta, removed, read)
        step = next((step for step in (path or [])[1:] if isinstance(step.node, (cst.FunctionDef, cst.ClassDef))), None)
        if step is None:
            return None
        entry = read.get(id(step.node))
        old = (entry[0], entry[1].statement, entry[1].first) if entry is not None else None
        return Written("".join(self.buffer.lines[step.start : step.start + step.lines + delta]), step.start - at, old)

    def _piece_at(self, lo: int, starts: list[int], line: int) -> tuple[Unit, int, bool]:
        """The piece of top-level unit `lo` holding `line`: the unit, or the member of a
        class; its first line; whether it is a member."""
        unit, start = self.units[lo], starts[lo]
        if unit.members is not None and line >= start + unit.head:
            at = start + unit.head
            for member in unit.members:
                if line < at + member.lines:
                    return member, at, True
                at += member.lines
        return unit, start, False

    def _lazy_callees(self, edited: Unit) -> list[tuple[frozenset[str], str | None]]:
        """The lazy units but the `edited` one (parsed next): the names calls into each use,
        and the class holding it (None: top-level)."""
        found = []
        for unit in self.units:
            for piece in [unit, *(unit.members or ())]:
                if piece.lazy is not None and piece is not edited:
                    found.append((piece.lazy, unit.node.name.value if piece is not unit else None))  # type: ignore[union-attr]
        return found

    def _reads_input(self, enabled: Callable[[RuleInfo], bool]) -> bool:
        """Whether data flow may run in the module (a source matched, or a project module
        imported: taint/gate.py): then every definition connected to it matters, and lazy
        units are parsed. The definitions first open found without source words are not
        walked (while their code is what it was then), nor the rest of a piece an edit
        changed only inside one function (`_edited_functions`)."""
        taint = self.engine.taint
        if taint is None or self.module is None or not any(rule.taint is not None and enabled(rule.info) for rule in self.engine.rules):
            return False
        self.stats.gate_asks += 1
        options = self.options.taint
        gate = taint.with_sources(options.sources).gate
        scope = self._module_scope()
        if scope is not self._gate_scope:
            self._gate_clear = self._still_clear(scope)
        # One walk of the ~700 pieces for both questions, without their lines (_walk_units: twice the time)
        nested = [piece for unit in self.units for piece in ((unit, *unit.members) if unit.members is not None else (unit,)) if piece.nested is not None]
        skipped, changed, edited = self._edited_functions(scope, enabled, nested)
        # Under the module scope of its last answer, the gate looks only at the pieces replaced
        # since (a keystroke's one): the others are those it found clear then. Else at every
        # piece but those known, by id and node (a piece replaced since is not known): the
        # first open's sourceless pieces that are still pieces are among those it last found clear.
        fresh, gone = replaced_pieces(self._gate_module, self.module) if scope is self._gate_scope and self._gate_module is not None else (None, ())
        known = skipped if fresh is not None else {**self._known_clear(), **skipped}
        clear: dict[int, cst.CSTNode] = {}
        found = gate.holds_source(self.module, self._resolver_for(scope), options.low_confidence, self.tokens.counts, known, changed, edited, clear, fresh)
        self.stats.gate_pieces += len(clear)
        if found:
            return True
        if fresh is not None:
            kept = self._gate_clear
            for piece in gone:
                kept.pop(id(piece), None)
            kept.update(clear)
            clear = kept
        # No piece holds a source: the next edit's gate need look only at the pieces it
        # replaces, not look each of a long file's pieces up in its cache again.
        self._gate_scope, self._gate_clear, self._gate_module = scope, clear, self.module
        if self._gate_imports is None:
            self._gate_imports = KnownImports()
        self._keep_imports(gate, nested)
        return options.project is not None and gate.imports_project(self.module, options.project, self._gate_imports)

    def _keep_imports(self, gate: InputGate, nested: Sequence[Unit]) -> None:
        """The pieces only a nested edit changed (`nested`: the pieces holding one) import
        what they did, but for what the statements it replaced and re-parsed import
        (gate.keep_imports)."""
        for piece in nested:
            edit = piece.nested
            if edit is None or piece.node is None:
                continue
            depth = edit.piece_depth
            new, old = edit.path[depth - 1].node, edit.old_chain[depth - 1]
            if new is piece.node and not (depth == 1 and type(new) is cst.ClassDef):  # the gate's pieces: a class's members
                gate.keep_imports(old, new, *(((), ()) if edit.heads is not None else ([edit.old_statement], edit.statements)))

    def _still_clear(self, scope: Scope) -> dict[int, cst.CSTNode]:
        """Of the pieces the gate last found clear under another module scope, those naming
        none of the names whose module binding changed (gate_scope.changed_names): they
        resolve every name as they did, so they still hold no source (an import line typed
        at the top of a long file rebinds a name or two, and walking every piece again cost
        ~200 ms a keystroke at 10,031 lines)."""
        old, clear = self._gate_scope, self._gate_clear
        changed = changed_names(old, scope) if old is not None and clear else None
        if not changed:
            return {} if changed is None else clear
        word, lines, kept = Words(changed), self.buffer.lines, {}
        for start, piece in self._walk_units():
            node = piece.node
            if node is not None and clear.get(id(node)) is node and not word.search("".join(lines[start : start + piece.lines])):
                kept[id(node)] = node
        return kept

    def _edited_functions(
        self, scope: Scope, enabled: Callable[[RuleInfo], bool], nested: Sequence[Unit],
    ) -> tuple[dict[int, cst.CSTNode], list[tuple[cst.CSTNode, list[cst.CSTNode]]], list[Edited]]:
        """The pieces whose only change since the source gate last found no source in them is
        a nested edit (by id), and what that edit changed, with its ancestors: the function
        holding it, or the re-parsed statements when none does (a `def` line edited). The
        gate walks those alone, not their whole piece (a class's 880-line `if` block of
        methods): what a function's sources are depends on its own code, its decorators and
        the scopes of the functions around it, which such an edit leaves as they were while
        the module `scope` is the one the gate last saw. Statements in a function that bind
        what those they replaced bound, but for names named nowhere else in it, leave what
        the rest of it resolves as it was too: the gate may walk them alone (gate.Edited); of
        an edited `def` line, the definition's own node and the statements naming what the
        signature renamed (`_signature_edit`), of an edited `if`/`for`/`while`/`with` header
        its nodes and the statements naming what it binds (`_header_edit`), each with the
        compound statements above it. `nested`: the pieces holding a nested edit."""
        assert self.module is not None
        skipped: dict[int, cst.CSTNode] = {}
        changed: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = []
        edited: list[Edited] = []
        if scope is not self._gate_scope:
            return skipped, changed, edited
        for piece in nested:
            edit = piece.nested
            if edit is None or piece.findings is None:
                continue
            depth = edit.piece_depth
            holders = [step.node for step in edit.path[: len(edit.path) - len(edit.statements)]]
            top = holders[depth - 1]
            if top is not piece.node or (depth == 1 and isinstance(top, cst.ClassDef)):  # the gate's pieces: a class's members
                continue
            function = next((i for i in range(depth - 1, len(holders)) if isinstance(holders[i], cst.FunctionDef)), None)
            nodes = holders[function : function + 1] if function is not None else list(edit.statements)
            chain = above(edit.chain, nodes[0]) if function is not None else edit.chain
            skipped[id(top)] = top
            inner = edit.chain if function is not None and self._binds_alone(edit, function, scope) else None
            signature = self._signature_edit(edit, chain, scope, enabled) if function is None else None
            header = self._header_edit(edit, function, [self.module, *chain], [self.module, *inner], scope) if inner is not None else None
            if header is not None and not header:  # a name it binds anew reaches beyond it: the function whole
                changed += [(node, [self.module, *chain]) for node in nodes]
            elif header is not None:
                edited += header
            elif inner is not None:
                edited.append(Edited(nodes[0], [self.module, *chain], edit.statements, [self.module, *inner]))  # type: ignore[arg-type]
            elif signature is not None:
                edited += signature
            else:
                changed += [(node, [self.module, *chain]) for node in nodes]
        return skipped, changed, edited

    def _signature_edit(self, edit: NestedEdit, chain: list[cst.CSTNode], scope: Scope, enabled) -> list[Edited] | None:  # type: ignore[no-untyped-def]
        """Of an edit of a `def`'s header lines (its blocks kept; `chain` above it), what the
        gate walks of the new definition: its own node and the statements reading a renamed
        parameter (`_parameter_readers`), each with the compound statements above it, not the
        whole function (a name typed into the signature of Popen's 300-line
        `_execute_child`). None for any other edit, or when most of the function reads them."""
        readers = self._parameter_readers(edit, chain, scope, enabled)
        if readers is None:
            return None
        definition, ancestors = edit.statements[0], [self.module, *chain]
        if not readers:
            return [Edited(definition, ancestors, [], [*ancestors, definition, definition.body])]  # type: ignore[arg-type]
        return _reader_walks(definition, ancestors, definition, ancestors, readers)  # type: ignore[arg-type]

    def _parameter_readers(self, edit: NestedEdit, chain: list[cst.CSTNode], scope: Scope, enabled) -> list[tuple[Step, list[Step]]] | None:  # type: ignore[no-untyped-def]
        """Of an edit of a `def`'s header lines (its blocks kept; `chain` above it), the
        statements of its body whose names may resolve differently: those reading a renamed
        parameter (nested_check.renamed_parameters) or, in turn, a name such a statement binds
        (`_readers`, into compound statements). The function's scope binds parameters by name
        alone, so no other statement asks or answers differently. None for any other edit,
        or when they make most of the function. A body naming none of them (a word search)
        has none: the function's scope is not built for the search (a 130-line method's scan)."""
        definition = edit.statements[0]
        if edit.heads is None or len(edit.statements) != 1 or type(definition) is not cst.FunctionDef or type(definition.body) is not cst.IndentedBlock:
            return None
        renamed = renamed_parameters(edit.heads[0], edit.heads[1])  # type: ignore[arg-type]
        if not renamed or not Words(renamed).search(self._def_body(edit)):
            return []
        function = edit.path[-1]
        readers = self._readers(function, renamed, enabled, self._resolver_for(scope).scope_for([*chain, definition]))
        if readers is None or 2 * sum(step.lines for step, _ in readers) > function.lines:
            return None
        return readers

    def _header_edit(self, edit: NestedEdit, function: int, ancestors: list[cst.CSTNode], above: list[cst.CSTNode], scope: Scope) -> list[Edited] | None:
        """Of an edit of an `if`, `elif`, `for`, `while` or `with` header's lines in a function
        (its blocks the same nodes: nesting.with_header), what the gate walks of the statement
        (`above`: its ancestors; `ancestors`: the function's): the nodes the edit made new
        alone (the statement, the `elif`s down to the edited one, that one's first block),
        its header whole, and the statements inside naming what the header binds anew or no
        longer (`_header_readers`), each with the compound statements above it. The rest is
        the code the gate last found no source in, resolving its names as it did. None when
        the statement is walked whole instead; [] when the function is (`_header_readers`)."""
        statement, outer = edit.statements[0], edit.path[function].node
        edited = edit.elifs[-1] if edit.elifs else statement
        if edit.heads is None or type(edited) not in _HEADERS_ALONE or len(edit.statements) != 1:
            return None
        found = self._header_readers(edit, function, above, scope)
        if found is None or found[1]:
            return None if found is None else []
        own = [*above, statement, *edit.elifs]
        walks = [Edited(outer, ancestors, header_children(edited), own), Edited(outer, ancestors, [], [*own, edited.body])]  # type: ignore[arg-type, attr-defined]
        readers = _reader_walks(outer, ancestors, statement, above, found[0])  # type: ignore[arg-type]
        return None if readers is None else walks + readers

    def _header_readers(self, edit: NestedEdit, function: int, above: list[cst.CSTNode], scope: Scope) -> tuple[list[tuple[Step, list[Step]]], bool] | None:
        """The statements inside a compound statement whose header lines alone an edit
        changed that name a name the header binds anew or no longer, or, in turn, a name
        such a statement binds (nested_check.folding_names), with the compound statements
        between (`_inner_readers`, asked of no rule: the gate walks those alone), and whether
        the function is to be walked whole: a name they bind is named outside the statement
        (`_binds_alone` found the header's own names nowhere else), or they cannot be found
        (no layout; an `elif`'s header binding). None when they make most of the statement."""
        names = rebound_names(*_bound(edit))
        step = edit.path[-1]
        if not names:
            return [], False
        children = self._steps_in(step) if not edit.elifs else None
        if children is None:
            return [], True
        lines, function_scope = self.buffer.lines, None
        while True:
            word = Words(names)
            found = [reader for child in children if word.search("".join(lines[child.start : child.start + child.lines])) for reader in self._inner_readers(child, [], word, _NO_RULE)]
            function_scope = function_scope or self._resolver_for(scope).scope_for(above[: above.index(edit.path[function].node) + 1])
            bound = names.union(*(folding_names(child.node, function_scope) for child, _ in found))
            if bound == names:
                break
            if Words(bound - names).search(self._around(edit, function)):
                return found, True
            names = bound
        return None if 2 * sum(child.lines for child, _ in found) > step.lines else (found, False)

    def _around(self, edit: NestedEdit, function: int) -> str:
        """The text of the function holding a nested edit (`function`: its place on the
        edit's path) but the edited statements' lines."""
        holder, edited = edit.path[function], edit.path[len(edit.path) - len(edit.statements) :]
        lines = self.buffer.lines
        return "".join([*lines[holder.start : edited[0].start], *lines[edited[-1].start + edited[-1].lines : holder.start + holder.lines]])

    def _binds_alone(self, edit: NestedEdit, function: int, scope: Scope) -> bool:
        """Whether what a nested edit's statements bind (differently from the statement they
        replaced) is named nowhere else in the function holding them (`function`: its place
        on the edit's path), nor, of statements re-parsed whole, a name they bind that the
        resolver follows through its value (nested_check.folding_names: `y = request` below a
        renamed `with ... as request` binds `y` to what `request` is now): then the rest of
        it resolves its names as it did (gate.Edited; a header's readers: `_header_readers`).
        A word search over the function's other lines (comments and strings included)."""
        rebound = rebound_names(*_bound(edit))
        if not rebound:
            return rebound is not None
        around = self._around(edit, function)
        if Words(rebound).search(around):
            return False
        if edit.heads is not None:
            return True
        function_scope = self._resolver_for(scope).scope_for([step.node for step in edit.path[: function + 1]])
        following = set().union(*(folding_names(statement, function_scope) for statement in edit.statements)) - rebound
        return not (following and Words(following).search(around))

    # -- checking ----------------------------------------------------------------------------

    def _check_pending(self, cancelled: Callable[[], bool], defer: bool = False) -> bool:
        """Check the pieces that are due; with `defer`, those whose data flow is due only
        because a function they call changed wait for `check_deferred`."""
        if self.module is None or (self.error is not None and self.error.rule_id == READ_ERROR.id):
            return True
        enabled = self._enabled()  # first: new rule words make every unit due
        self._resolver = None  # function scopes are shared within one round of checks only
        if self._lazy is not None and self.error is None:
            # Lazy units due to be parsed are parsed before the gate is asked: it walks their
            # code, not their stubs (a module name one reads may now bind a source).
            parsed = self._materialize and self._input_due and self.lazy_units() > 0
            if parsed:
                self._parse_lazy_units(False, enabled)
            reads_input = self._lazy is not None and self._input_due and self._reads_input(enabled)
            if self._materialize and not reads_input and self.lazy_units() == 0:
                self._materialize = False  # every unit parsed already: no stub's summary to refine (`_refined_due`)
            if parsed and reads_input:
                self._input_found()
            elif self._materialize or reads_input:
                self._parse_lazy_units(reads_input, enabled)
            self._input_due = False  # else asked once the text parses
        if self._lazy is None and self._gate_imports is not None:
            self._gate_clear, self._gate_imports, self._gate_module = {}, None, None  # pieces are kept for the gate only while units are lazy
        if not defer:
            self._mark_due_later()
        while True:
            if not (defer or self._homes_gathered(cancelled)) or not self._check_due(cancelled, defer, enabled):
                return False
            if defer or not self._readers_due(cancelled):
                return True

    def _homes_gathered(self, cancelled: Callable[[], bool]) -> bool:
        """Before pieces whose data flow is due because what they call changed are checked,
        the statements' nodes are gathered (NodeHomes.gather), asking `cancelled` between
        statements: their findings' steps lie in what they call, placed from the statement
        holding them, whose look-up walked every statement before it in one go. False if
        cancelled."""
        if not any(piece.flows_due for _, piece in self._walk_units()):
            return True
        return self.homes.gather([unit.node for unit in self.units if unit.node is not None], cancelled)

    def _check_due(self, cancelled: Callable[[], bool], defer: bool, enabled: Callable[[RuleInfo], bool]) -> bool:
        """One pass over the pieces that are due (see `_check_pending`); False if cancelled.
        One walk of the top-level units: those with nothing due are passed over without
        asking `cancelled` (a keystroke at 5,002 lines has one or two due among ~1,300)."""
        ready: tuple[Scope, int] | None = None
        for index, (start, unit) in enumerate(self._top_units()):
            if unit.members is None and unit.findings is not None and unit.nested is None and (defer or not unit.flows_due):
                continue  # the usual case, without a call
            if not self._unit_due(unit, defer):
                continue
            if ready is None:
                scope, import_line = ready = (self._module_scope(), import_insertion_line(self.module))
                self._import_line = import_line
                self.check_error = None
                if all(piece.findings is None and piece.node is not None for piece in self.units):
                    self._check_whole(scope, import_line, enabled)
                    return True
            if cancelled():
                return False
            if unit.findings is not None and unit.nested is not None:
                self._check_nested(unit, start, scope, import_line, enabled)
            if unit.findings is None or (unit.flows_due and not defer):
                self._follow(unit, unit)
                self._run_check(unit, start, self._part(unit, index == 0), 1, scope, import_line, enabled)
            elif unit.members is not None:
                at = start + unit.head
                for member in unit.members:
                    if member.findings is not None and member.nested is not None:
                        self._check_nested(member, at, scope, import_line, enabled)
                    if member.findings is None or (member.flows_due and not defer):
                        self._follow(member, unit)
                        self._run_check(member, at, self._member_part(member), 2, scope, import_line, enabled, owner=unit)
                    at += member.lines
        return True

    def _module_scope(self) -> Scope:
        """The module scope, built again only when a top-level statement binding more than
        its own name changed: a keystroke in a function or class, or in a statement binding
        nothing before and after it (the module's docstring, a call), keeps it (a 5,000-line
        module's scope costs several ms to build)."""
        assert self.module is not None
        body, cached = self.module.body, self._scope
        if cached is not None and (cached[0] is body or len(cached[0]) == len(body) and all(a is b or _same_bindings(a, b) for a, b in zip(cached[0], body))):
            self._scope = (body, cached[1])
            return cached[1]
        self.stats.module_scopes += 1
        scope = module_scope(body)
        self._scope = (body, scope)
        return scope

    def _resolver_for(self, scope: Scope) -> Resolver:
        """The round's resolver over `scope`: the source gate and the checks that follow it
        build each function's scope once (a 97-line function's costs ~2 ms a time)."""
        if self._resolver is None or self._resolver.module is not scope:
            self._resolver = Resolver(scope, self._asked)
        return self._resolver

    def _without_input(self) -> bool:
        """Whether the source gate found no input in the module and no code changed since
        (while units are lazy, it is asked before each check that follows an edit of code)."""
        return self._lazy is not None and self.error is None and not self._input_due

    @staticmethod
    def _due(piece: Unit, defer: bool) -> bool:
        return piece.node is not None and (piece.findings is None or piece.nested is not None or (piece.flows_due and not defer))

    @classmethod
    def _unit_due(cls, unit: Unit, defer: bool) -> bool:
        """Whether a top-level unit or one of its members is due (`_due`)."""
        return cls._due(unit, defer) or (unit.members is not None and unit.node is not None and any(cls._due(member, defer) for member in unit.members))

    def _top_units(self) -> Iterable[tuple[int, Unit]]:
        start = 0
        for unit in self.units:
            yield start, unit
            start += unit.lines

    def _enabled(self) -> Callable[[RuleInfo], bool]:
        base, failed, possible = self.options.enabled, self.failed_rules, self._possible_rules()
        return lambda info: info.id in possible and info.id not in failed and (base is None or base(info))

    def _possible_rules(self) -> frozenset[str]:
        """The rules whose words occur in the text; when one appears, every unit is checked
        again, and when one goes, its findings go."""
        version = self.tokens.version
        if self._possible is not None and self._possible[0] == version:
            return self._possible[1]
        present = self.tokens.present(self._rule_words())
        if self._possible is not None and present == self._present:  # a name no rule needs came or went
            self._possible = (version, self._possible[1])
            return self._possible[1]
        self._present = present
        possible = self.tokens.possible()
        if self._possible is not None:
            before = self._possible[1]
            if possible - before:
                self._invalidate_all()
            elif before - possible:
                for _, unit in self._walk_units():
                    if unit.findings:
                        unit.findings = [f for f in unit.findings if f.rule_id in possible or f.rule_id not in before]
        self._possible = (version, possible)
        return possible

    def _rule_words(self) -> frozenset[str]:
        """Every token some rule's requirements name (found once per engine): the possible
        rules change only when one of these comes or goes."""
        if self._words is None or self._words[0] is not self.engine:
            words = {name for rule in self.engine.rules for clause in rule.requires for names in clause for name in names}
            words |= {text_marker(rule.id) for rule in self.engine.rules if rule.requires_text is not None}
            self._words = (self.engine, frozenset(words))
        return self._words[1]

    def _part(self, unit: Unit, first: bool) -> cst.Module:
        """A module holding just this statement: its positions without the whole file's."""
        header = self.header if first else ()
        return cst.Module(body=[unit.node], header=header, default_indent=unit.indent, default_newline=unit.newline)  # type: ignore[list-item]

    @staticmethod
    def _member_part(member: Unit) -> cst.Module:
        indent = member.block_indent if member.block_indent != member.indent else None
        wrapper = cst.ClassDef(name=cst.Name("_"), body=cst.IndentedBlock(body=[member.node], indent=indent))  # type: ignore[list-item]
        return cst.Module(body=[wrapper], default_indent=member.indent, default_newline=member.newline)

    def _check(self, scope, import_line: int, enabled, taint: bool = True, lines: int = 0, **where: object) -> list[Finding]:  # type: ignore[no-untyped-def]
        """Findings of the document's module, for the part `where` names (check_tree's part
        arguments; `lines` of the text, for Stats); too deep to check is one error and no findings."""
        assert self.module is not None
        self.stats.unit_checks += 1
        self.stats.checked_lines += lines
        try:
            result = check_tree(
                self.module, scope, self._rule_index(), path=self.options.path, import_line=import_line,
                enabled=enabled, severity_of=self.options.severity_of,
                taint=self.engine.taint if taint else None, taint_options=self.options.taint, words=self.tokens.counts,
                reads_input=not self._without_input(), resolver=self._resolver_for(scope), elsewhere=self._homes if "part" in where else None, homes=self.homes, **where,  # type: ignore[arg-type]
            )
        except RecursionError:
            self.check_error = error_finding(SYNTAX_ERROR, self.options.path, 1, 0, detail="nested too deeply to check")
            return []
        self.failed_rules.update(result.failed_rules)
        self.stats.placed_statements += result.placed_statements
        self.stats.index_names += result.index_names
        self.stats.fix_renders += result.fix_renders
        self.stats.matches_tried += result.matches_tried
        return result.findings

    def _rule_index(self) -> RuleIndex:
        """The engine's rule index narrowed to the rules the text allows and the options
        enable (`_enabled` but for the rules failed since: it still leaves those out), kept
        while the text's possible rules are the same set."""
        possible = self._possible_rules()
        kept = self._narrowed
        if kept is None or kept[0] != possible:
            base = self.options.enabled
            kept = self._narrowed = (possible, self.engine.index.narrowed(lambda rule: rule.id in possible and (base is None or base(rule.info))))
        return kept[1]

    def _run_check(self, unit: Unit, start: int, part: cst.Module, part_first: int, scope, import_line: int, enabled, owner: Unit | None = None) -> None:  # type: ignore[no-untyped-def]
        """Check a piece whole, or only its data flow when that alone is due (`flows_due`)."""
        flows_only = (
            unit.findings is not None and unit.flows_due
            and not may_refine("".join(self.buffer.lines[start : start + unit.lines]), self._refinement_rules()[0], enabled, scope)
        )
        unit.nested, unit.flows_due = None, False
        taint_ids = self._refinement_rules()[1]
        where = dict(
            line_offset=start + 1 - part_first, part=unit.node, part_module=part, part_class=owner.node if owner is not None else None,
            placed=self._placer(unit.node, start),
        )
        found = self._flows(scope, import_line, enabled, where, unit.lines) if flows_only else self._check(scope, import_line, enabled, lines=unit.lines, **where)
        if flows_only:
            assert unit.findings is not None
            kept = [shift_finding(f, unit.checked_at + 1, start - unit.checked_at) for f in unit.findings if f.rule_id not in taint_ids]
            found = kept + found
        unit.findings = found
        unit.checked_at, unit.checked_edit = start, self._edits
        if unit.members is not None:
            self._split_class_findings(unit, start)

    def _check_whole(self, scope, import_line: int, enabled) -> None:  # type: ignore[no-untyped-def]
        """Every unit is due (a document just opened, new settings): one walk of the whole
        module, as the CLI does, is cheaper than one per unit; findings are shared out by line."""
        starts = self._starts()
        shares: list[list[Finding]] = [[] for _ in self.units]
        for finding in self._check(scope, import_line, enabled, lines=len(self.buffer.lines), parts=self._parts()):
            shares[self._locate(home_line(finding), starts)].append(finding)
        for unit, start, share in zip(self.units, starts, shares):
            unit.findings, unit.checked_at, unit.flows_due, unit.checked_edit = share, start, False, self._edits
            if unit.members is not None:
                self._split_class_findings(unit, start)

    def _parts(self) -> dict[int, tuple[cst.Module, int]]:
        """Each parsed top-level unit (by id) in a module of its own, with its first line:
        positions from the units that need them (check_tree's `parts`)."""
        return {id(node): (build(), start) for node, start, build in self._homes()}

    def _homes(self) -> list[Home]:
        """Each parsed top-level unit with its first line and the builder of a module of its
        own (check_tree's `elsewhere`): only the module of a unit holding a node is built."""
        return [
            (unit.node, start, functools.partial(self._part, unit, index == 0))
            for index, (start, unit) in enumerate(self._top_units()) if unit.node is not None
        ]

    def _check_nested(self, piece: Unit, start: int, scope, import_line: int, enabled) -> None:  # type: ignore[no-untyped-def]
        """Check again only what a nested edit can change: the statements it re-parsed (with
        their real ancestors) and, inside a function, the data flow of the outermost function
        holding them (all its pattern findings too when a refinable rule may match in it) and
        the pattern findings of its statements naming what the edit rebinds (`_readers`).
        When the edit may change findings beyond that (nested_check.py), the piece is checked
        whole instead."""
        edit, piece.nested = piece.nested, None
        assert edit is not None and piece.findings is not None and self.module is not None
        holders = edit.path[: len(edit.path) - len(edit.statements)]
        chain, old_chain = edit.chain, edit.old_ancestry
        depth = edit.piece_depth
        holding = OuterFunction(holders, self.buffer.lines)  # below the piece: a class holds members
        function = holding.index
        readers = self._signature_readers(edit, chain, scope, enabled) if function is None else None
        header = self._header_alone(edit, piece, scope, enabled, holding, signature=readers is not None)
        rebound = rebound_names(*_bound(edit))
        if (
            any(enabled(rule.info) for rule in self._sequence_rules())
            or self._changes_contexts(edit, holders, scope, enabled, holding)
            or rebound is None or (rebound and function is None)
            or matches_on_chain(self.engine.index, [self.module, *chain], holders[depth - 1].node, self._resolver_for(scope), enabled)
            or matches_on_chain(self.engine.index, [self.module, *old_chain], edit.old_chain[depth - 1], self._resolver_for(scope), enabled)
            or (function is None and self._defines_function(edit) and not self._def_alone(edit, start, piece.lines))
            or (function is not None and self._called_elsewhere(holders[function], start, piece.lines))
        ):
            piece.findings = None
            return
        if function is None or all(inert_statement(node) for node in [edit.old_statement, *edit.statements]):
            # Outside functions, or a docstring edited: no data flow changes with it.
            found = self._check_statements(edit, piece, start, chain, scope, import_line, enabled, header=header)
            if found is not None and header is not None and readers is not None:  # a `def` line checked alone
                signature = self._check_signature(edit, readers, piece, start, chain, scope, import_line, enabled)
                found = None if signature is None else found + signature
            if found is None:
                piece.findings = None
                return
            piece.findings = piece.findings + found
            return
        outer = holders[function]
        ancestors = above(chain, outer.node)
        if function == 0 and start == 0 and self.header:  # the file's header comments sit above it (the first unit's lines hold them)
            piece.findings = None
            return

        def outer_part() -> dict | None:
            """What checks the outermost function (`_check`'s `where`), or None when its
            positions cannot be had alone: built only for a check of it, whole or of its
            data flow (none runs in a module reading no input). A top-level function is its
            own positions module (no `if 1:` wrapper)."""
            indents = indents_of(holders[: function + 1]) if function > 0 else []
            module = positions_module([outer.node], indents, outer.indent, piece.indent, piece.newline)
            if module is None:
                return None
            return dict(part=outer.node, part_module=module, line_offset=outer.start - len(indents), part_ancestors=[self.module, *ancestors], placed=self._placer(outer.node, outer.start))

        def in_outer(finding: Finding) -> bool:
            return outer.start <= home_line(finding) < outer.start + outer.lines

        refinable, taint_ids = self._refinement_rules()
        function_scope = self._resolver_for(scope).scope_for([*ancestors, outer.node]) if rebound else None  # the checks below share it
        unread = function_scope is None or self._unread(rebound, chain, old_chain, scope, enabled)  # type: ignore[arg-type]
        readers = [] if unread else self._readers(outer, rebound, enabled, function_scope)  # type: ignore[arg-type]
        if (
            readers is None
            or 2 * sum(child.lines for child, _ in readers) > outer.lines
            or (rebound and rebinds_fix_names(*_bound(edit), self.engine.nested_facts.fix_names))
            or may_refine(holding.text, refinable, enabled, scope, holding.identifiers)
        ):
            # Data flow may decide pattern findings anywhere in the function (a pattern rule
            # yields to the taint rule refining it, refinement.py), most of it names what the
            # edit rebinds, or the edit rebinds a name a fix looks up (`secrets`: the fix of
            # any statement may change): the function is checked again whole, in one walk.
            where = outer_part()
            if where is None:
                piece.findings = None
                return
            found = self._check(scope, import_line, enabled, lines=outer.lines, **where)
            piece.findings = [f for f in piece.findings if not in_outer(f)] + found
            return
        # No refinement possible: pattern findings elsewhere in the function stand; the edited
        # statements get their pattern findings, the statements naming what they bind (or
        # used to) theirs again, the function its data flow again.
        edited = edit.path[len(edit.path) - len(edit.statements) :]
        first, end = edited[0].start, edited[-1].start + edited[-1].lines
        found = []
        alone = readers
        if not any(child.start <= first and end <= child.start + child.lines for child, _ in readers):
            # No reader holds them all: the edited statements are checked, and the readers
            # among them (`n = 1` typed above a line) with them.
            statements = self._check_statements(edit, piece, start, chain, scope, import_line, enabled, taint=False, header=header)
            if statements is None:
                piece.findings = None
                return
            found += statements
            if header is None:  # else the readers in its blocks are checked alone
                alone = [(child, between) for child, between in readers if not first <= child.start < end]
        routes = known_routes([*(step.node for step in holders), edit.statements[0]], chain)
        for child, between in alone:
            checked = self._check_statement(child, [*holders[: function + 1], *between], piece, scope, import_line, enabled, routes)
            if checked is None:
                piece.findings = None
                return
            found += checked
        kept = [
            f for f in piece.findings
            if not (in_outer(f) and f.rule_id in taint_ids) and not any(child.start <= home_line(f) < child.start + child.lines for child, _ in readers)
        ]
        flows: list[Finding] = []
        if not self._without_input():  # else no data flow starts in it: no walk of it, no positions
            where = outer_part()
            if where is None:
                piece.findings = None
                return
            flows = self._flows(scope, import_line, enabled, where, outer.lines)
        piece.findings = kept + found + flows

    def _flows(self, scope, import_line: int, enabled, where: dict, lines: int) -> list[Finding]:  # type: ignore[no-untyped-def]
        """The data-flow findings of the part `where` names. None can start where no code of
        the text holds a source (`_without_input`): taint rules match no pattern of their
        own, so the walk of the part is spared."""
        if self._without_input():
            return []
        taint_ids = self._refinement_rules()[1]
        return self._check(scope, import_line, lambda info: info.id in taint_ids and enabled(info), lines=lines, **where)

    def _unread(self, rebound: set[str], chain: list[cst.CSTNode], old_chain: list[cst.CSTNode], scope: Scope, enabled) -> bool:  # type: ignore[no-untyped-def]
        """Whether no match in the function holding an edit (the innermost; `chain` and
        `old_chain` lead to the new and the old statements) ever asked its scope about a
        name the edit rebinds (Resolver's `asked`, kept since the document opened), and no
        enabled rule's pattern names the first part of what the rule index resolves such a
        name to, before or after: then every match there asks and answers as before, and
        the statements naming the name keep their findings (a renamed local that most of
        the function reads as `name.append(...)`)."""
        resolver = self._resolver_for(scope)
        inner = resolver.scope_for(chain)
        if inner.asked is None or not rebound.isdisjoint(inner.asked):
            return False
        names = pattern_names(rule for rule in self.engine.rules if enabled(rule.info))
        for where in (inner, resolver.scope_for(old_chain)):  # the old function's scope: matches_on_chain built it
            for name in sorted(rebound):
                qualified = resolver.index_name(cst.Name(name), where)
                root = _ROOT.split(qualified, 1)[0] if qualified is not None else None
                if root is not None and (root in names or root == "builtins"):  # `builtins.x` is written `x`
                    return False
        return True

    def _readers(self, function: Step, names: set[str], enabled, scope: Scope) -> list[tuple[Step, list[Step]]] | None:  # type: ignore[no-untyped-def]
        """The statements of a function's body that name one of `names` (bindings an edit
        changed) or a name bound from them (`folding_names`: the function's `scope` holds
        each name's values), each with the compound statements between the function and it
        (`_inner_readers`: a 90-line `if` naming them in two lines stands for those two);
        None without a layout."""
        steps = self._steps_in(function)
        if steps is None:
            return None
        texts = ["".join(self.buffer.lines[step.start : step.start + step.lines]) for step in steps]
        named = set(names)
        while True:  # names the readers bind to values join in: they may fold through them (`a = x + 1`)
            word = Words(named)
            found = [found for step, text in zip(steps, texts) if word.search(text) for found in self._inner_readers(step, [], word, enabled)]
            if 2 * sum(step.lines for step, _ in found) > function.lines:
                return found  # most of it already: checked whole (readers only grow with the names)
            bound = named.union(*(folding_names(step.node, scope) for step, _ in found))
            if bound == named:
                return found
            named = bound

    def _inner_readers(self, step: Step, between: list[Step], word: Words, enabled) -> list[tuple[Step, list[Step]]]:  # type: ignore[no-untyped-def]
        """A statement in a block naming a changed binding (`word` finds them), or the
        statements inside it naming one (`_readers_inside`); each with the compound
        statements above it, below the function (`between` for this one)."""
        inner = self._readers_inside(step, between, word, enabled)
        return [(step, between)] if inner is None else inner

    def _readers_inside(self, step: Step, between: list[Step], word: Words, enabled) -> list[tuple[Step, list[Step]]] | None:  # type: ignore[no-untyped-def]
        """The statements inside a compound statement naming a changed binding, when its own
        code lines (its header, `else:` and `except` lines) name none and no enabled rule may start
        a match at it: the matches of the rest of it cannot change with those bindings, as
        the statements of the function not naming them keep theirs. None when it is to be
        checked whole (an `elif` is only checked through the `if` holding it)."""
        children = self._steps_in(step)
        if children is None or self._may_match_at(step.node, enabled):
            return None
        inside = {line for child in children for line in range(child.start, child.start + child.lines)}
        lines = self.buffer.lines
        own = (lines[line] for line in range(step.start, step.start + step.lines) if line not in inside)
        if any(word.search(line) and not line.lstrip().startswith("#") for line in own):  # a comment binds nothing
            return None
        found: list[tuple[Step, list[Step]]] = []
        for child in children:
            if not word.search("".join(lines[child.start : child.start + child.lines])):
                continue
            if child.in_block:
                found += self._inner_readers(child, [*between, step], word, enabled)
                continue
            elif_readers = self._readers_inside(child, [*between, step], word, enabled)
            if elif_readers is None:
                return None
            found += elif_readers
        return found

    def _steps_in(self, step: Step) -> list[Step] | None:
        """The statements directly inside a compound statement's blocks, with their lines
        (its layout read now if the edit's did not: block_lines.py reads the statements on
        the way to an edit only); None without a layout (a simple statement, or one CPython
        cannot vouch for)."""
        entry = self.layouts.get(id(step.node))
        if (entry is None or entry[0] is not step.node) and isinstance(step.node, cst.BaseCompoundStatement):
            if not self._read_pending(step.node):  # kept unread by the edit's: no parse
                found = record_layouts(step.node, self.buffer.lines[step.start : step.start + step.lines], self.layouts)
                self.stats.layout_statements += found.recorded if found is not None else 0
            entry = self.layouts.get(id(step.node))
        if entry is None or entry[0] is not step.node:
            return None
        return [Step(child.node, step.start + child.offset, child.lines, child.in_block, child.indent) for child in entry[1]]

    def _placer(self, root: cst.CSTNode, start: int) -> Placed:
        """Where the statements inside `root` (first line `start`) start, from the layouts
        recorded so far, and those of compound statements the edit's left unread, read when a
        finding lies in them (`_read_pending`: no parse): check_tree then places a finding
        from the innermost statement holding it that a layout places, not by generating
        `root` from its first line."""

        def placed(chain: Sequence[cst.CSTNode]) -> tuple[cst.BaseStatement, int, str] | None:
            found, node, line = None, root, start
            for inner in itertools.dropwhile(lambda n: n is not root, chain):
                if inner is node or not isinstance(inner, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                    continue
                entry = self.layouts.get(id(node))
                if (entry is None or entry[0] is not node) and self._read_pending(node):
                    entry = self.layouts.get(id(node))
                child = next((c for c in entry[1] if c.node is inner), None) if entry is not None and entry[0] is node else None
                if child is None:
                    break
                node, line = inner, line + child.offset
                if child.in_block:  # an `elif` is generated only with its `if`
                    found = (inner, line, child.indent)
            return found

        return placed

    def _may_match_at(self, node: cst.CSTNode, enabled) -> bool:  # type: ignore[no-untyped-def]
        """Whether an enabled rule may start a match at this statement itself."""
        index = self.engine.index
        return index.may_start(type(node)) and any(enabled(rule.info) for rule in index.candidates(node, None))

    def _header_alone(self, edit: NestedEdit, piece: Unit, scope: Scope, enabled, holding: OuterFunction, signature: bool = False) -> list[cst.CSTNode] | None:  # type: ignore[no-untyped-def]
        """The header nodes of a compound statement whose header lines alone an edit changed,
        when checking them finds what checking it whole would (nested_check.header_parts: no
        enabled rule may match at it or around code by it, as far as the words of its old and
        new headers tell: first with the words of the outermost function holding it
        (`holding`) and what the module binds them to, then with what the scopes of the
        functions bind them to); otherwise None, and the findings its blocks kept (the lines but `NestedEdit.head_lines`)
        go: it is checked whole or with its piece. Of an `elif`, no rule may match at its `if`
        nor at an `elif` down to it. Of a `def` (with `signature`: its readers are known,
        `_signature_readers`), its signature's nodes."""
        if edit.head_lines is None or edit.heads is None:
            return None
        statements = [edit.statements[0], *edit.elifs]
        holders = edit.path[: len(edit.path) - len(edit.statements)]
        heads = edit.heads
        words = (
            lambda: header_words(heads, scope, holding.identifiers),  # its text holds what the functions bind
            lambda: header_words(heads, self._resolver_for(scope).scope_for([step.node for step in holders])),
        )
        may_match = any(self._may_match_at(node, enabled) for node in statements)
        header = None if may_match else header_parts(statements[-1], self.engine.nested_facts.contextual, enabled, words, edit.heads[0] if signature else None)
        if header is None:
            assert piece.findings is not None
            lines = range(edit.at, edit.at + edit.path[-1].lines)
            piece.findings = [f for f in piece.findings if (line := home_line(f) - piece.checked_at) not in lines or line - edit.at in edit.head_lines]
        return header

    def _changes_contexts(self, edit: NestedEdit, holders: Sequence[Step], scope: Scope, enabled, holding: OuterFunction) -> bool:  # type: ignore[no-untyped-def]
        """Whether the edit may change what a rule's pattern-inside or pattern-not-inside
        holding a run of statements or a block matches around the statements beside it
        (nested_check.changes_contexts), as far as the words of the outermost function holding
        it (`holding`; with the old statement's, which it no longer holds) and what the module
        binds them to tell, then the changed statements' words with what the scopes of the
        functions bind them to."""
        depth = edit.piece_depth
        function = holding.index
        split = len(holders) if function is None else max(function + 1, depth)  # below it, the holders lie in the function

        def compound(nodes: Iterable[cst.CSTNode]) -> list[cst.CSTNode]:
            return [node for node in nodes if isinstance(node, cst.BaseCompoundStatement)]

        nodes, old = [step.node for step in holders], edit.old_chain[:-1]  # the old holders: above the old statement
        inside, outside = compound([*nodes[split:], *old[split:]]), compound([*nodes[depth:split], *old[depth:split]])
        gone = edit.old_statement if edit.heads is None else edit.heads[0]  # what the text no longer holds (a header edit keeps the blocks)
        words = (
            (lambda changed: statement_words([gone], scope, holding.identifiers)) if function is not None else (lambda changed: statement_words(changed, scope)),
            lambda changed: statement_words(changed, self._resolver_for(scope).scope_for([step.node for step in holders])),
        )
        return changes_contexts(edit.old_statement, edit.statements, inside, outside, self.engine.nested_facts.contextual, enabled, words, function is not None)

    def _check_header(self, edit: NestedEdit, header: list[cst.CSTNode], piece: Unit, start: int, chain: list, scope, import_line: int, enabled) -> list[Finding] | None:  # type: ignore[no-untyped-def]
        """The pattern findings of an edited compound statement's `header` nodes alone (no
        function is in them: no data flow starts there), with their real ancestors (`chain`
        above the statement); their positions from the statement over a `pass` block (its
        blocks are not rendered), an `elif` under an `if 1:` over one. The shells stand for
        the statement among the ancestors: a finding's statement lines are its header's lines
        in the positions module (checker._statement_lines), as a suppression comment on any
        of them covers it. None when those cannot be had."""
        assert self.module is not None and edit.head_lines is not None
        shell = elif_shell(edit.elifs[-1]) if edit.elifs else header_shell(edit.statements[0])  # type: ignore[arg-type]
        shells, above = ([shell, shell.orelse], 2) if edit.elifs else ([shell], 0)  # type: ignore[attr-defined]
        positions = positions_module([shell], edit.indents, edit.indent, piece.indent, piece.newline)
        if positions is None:
            return None
        found: list[Finding] = []
        for index, part in enumerate(header):
            found += self._check(
                scope, import_line, enabled, False, 0 if index else len(edit.head_lines), part=part, part_module=positions,
                line_offset=start + edit.at + edit.head_lines.start - above - len(edit.indents),
                part_ancestors=[self.module, *chain, *shells],
            )
        return found

    def _signature_readers(self, edit: NestedEdit, chain: list[cst.CSTNode], scope: Scope, enabled) -> list[tuple[Step, list[Step]]] | None:  # type: ignore[no-untyped-def]
        """Of an edit of a `def` line outside functions, the statements to check again besides
        its signature (`_parameter_readers`), when the rest of its pattern findings stand: no
        enabled rule may start a match at the `def` or has a pattern-(not-)inside that may
        match one (nested_check.header_parts), no enabled refinable rule may match in it
        (data flow decides where those match) or the edit cannot change its data flow
        (`_strict_kept`), and no renamed parameter is a name a fix looks up (`secrets`: any
        statement's fix may change). None otherwise: the definition is checked whole."""
        definition, function = edit.statements[0], edit.path[-1]
        if edit.heads is None or type(definition) is not cst.FunctionDef or type(edit.heads[0]) is not cst.FunctionDef:
            return None
        if self._may_match_at(definition, enabled) or header_parts(definition, self.engine.nested_facts.contextual, enabled, old_def=edit.heads[0]) is None:
            return None
        if not renamed_parameters(edit.heads[0], definition).isdisjoint(self.engine.nested_facts.fix_names):
            return None
        refinable = may_refine("".join(self.buffer.lines[function.start : function.start + function.lines]), self._refinement_rules()[0], enabled, scope)
        if refinable and not self._strict_kept(edit):
            return None
        return self._parameter_readers(edit, chain, scope, enabled)  # none where refinable: its body names no renamed parameter

    def _strict_kept(self, edit: NestedEdit) -> bool:
        """Of a `def` line edit, whether the refinable rules' findings in the body stand
        (signature_flow.py): no flow runs in the module, strict mode starts the body as
        before, and the body names neither a renamed parameter nor the function (a word
        search of its lines)."""
        assert edit.heads is not None
        old, new = edit.heads
        if not self._without_input() or not strict_start_kept(old, new):  # type: ignore[arg-type]
            return False
        return not Words([new.name.value, *renamed_parameters(old, new)]).search(self._def_body(edit))  # type: ignore[arg-type, attr-defined]

    def _def_body(self, edit: NestedEdit) -> str:
        """The text of an edited `def`'s lines below its header lines."""
        assert edit.head_lines is not None
        function = edit.path[-1]
        return "".join(self.buffer.lines[function.start + edit.head_lines.stop : function.start + function.lines])

    def _check_signature(self, edit: NestedEdit, readers: list[tuple[Step, list[Step]]], piece: Unit, start: int, chain: list, scope, import_line: int, enabled) -> list[Finding] | None:  # type: ignore[no-untyped-def]
        """Beside a `def` line's signature checked alone: the pattern findings of the
        statements reading a renamed parameter (`_signature_readers`) and the function's data
        flow, found again (their old findings leave the piece); None when a statement's
        positions cannot be had alone."""
        assert self.module is not None and piece.findings is not None
        function = edit.path[-1]
        positions = positions_module(edit.statements, edit.indents, edit.indent, piece.indent, piece.newline)
        if positions is None:
            return None
        found: list[Finding] = []
        routes = known_routes([step.node for step in edit.path], edit.chain)
        for child, between in readers:
            checked = self._check_statement(child, [*edit.path, *between], piece, scope, import_line, enabled, routes)
            if checked is None:
                return None
            found += checked
        taint_ids = self._refinement_rules()[1]
        piece.findings = [
            f for f in piece.findings
            if not (function.start <= home_line(f) < function.start + function.lines and f.rule_id in taint_ids)
            and not any(child.start <= home_line(f) < child.start + child.lines for child, _ in readers)
        ]
        where = dict(
            part=function.node, part_module=positions, line_offset=start + edit.at - len(edit.indents),
            part_ancestors=[self.module, *chain], placed=self._placer(function.node, function.start),
        )
        return found + self._flows(scope, import_line, enabled, where, function.lines)

    def _check_statement(self, step: Step, holders: Sequence[Step], piece: Unit, scope, import_line: int, enabled, routes: dict) -> list[Finding] | None:  # type: ignore[no-untyped-def]
        """The pattern findings of one statement of a function's body or of its blocks
        (`holders` lead from the piece down to the statement's parent), checked alone with its
        real ancestors; None when its positions cannot be had alone. The readers of an edit
        share their holders: `routes` keeps the ancestry found for each path of holders."""
        assert self.module is not None
        path = [*holders, step]
        chain = ancestry_through(tuple(s.node for s in path), routes)
        indents = indents_of(path)
        positions = positions_module([step.node], indents, step.indent, piece.indent, piece.newline)
        if chain is None or positions is None:
            return None
        return self._check(
            scope, import_line, enabled, False, step.lines, part=step.node, part_module=positions,
            line_offset=step.start - len(indents), part_ancestors=[self.module, *chain], placed=self._placer(step.node, step.start),
        )

    def _check_statements(self, edit: NestedEdit, piece: Unit, start: int, chain: list, scope, import_line: int, enabled, taint: bool = True, header: list[cst.CSTNode] | None = None) -> list[Finding] | None:  # type: ignore[no-untyped-def]
        """The findings of the re-parsed statements alone, with their real ancestors (`chain`),
        or only of their `header` nodes (`_header_alone`); None when their positions cannot
        be had alone."""
        assert self.module is not None
        if header is not None:
            return self._check_header(edit, header, piece, start, chain, scope, import_line, enabled)
        positions = positions_module(edit.statements, edit.indents, edit.indent, piece.indent, piece.newline)
        if positions is None:
            return None
        found: list[Finding] = []
        for step in edit.path[len(edit.path) - len(edit.statements) :]:
            found += self._check(
                scope, import_line, enabled, taint, step.lines, part=step.node, part_module=positions,
                line_offset=start + edit.at - len(edit.indents), part_ancestors=[self.module, *chain], placed=self._placer(step.node, step.start),
            )
        return found

    def _refinement_rules(self) -> tuple[Sequence[Rule], frozenset[str]]:
        """The engine's refinable pattern rules and its taint rules' ids (Engine.nested_facts)."""
        facts = self.engine.nested_facts
        return facts.refinable, facts.taint_ids

    def _sequence_rules(self) -> Sequence[Rule]:
        """The engine's statement-sequence rules (Engine.nested_facts)."""
        return self.engine.nested_facts.sequence

    def _defines_function(self, edit: NestedEdit) -> bool:
        """Whether the old or new statements hold a def (callers elsewhere may change). A
        compound statement without a layout (one beside the edits that made its holder's:
        block_lines.py) is looked into through its nodes."""
        stack: list[cst.CSTNode] = [edit.old_statement, *edit.statements]
        while stack:
            node = stack.pop()
            if isinstance(node, cst.FunctionDef):
                return True
            entry = self.layouts.get(id(node))
            if entry is not None and entry[0] is node:
                stack.extend(child.node for child in entry[1])
            elif isinstance(node, (cst.BaseCompoundStatement, cst.BaseSuite, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally, cst.MatchCase)):
                stack.extend(node.children)
        return False

    def _def_alone(self, edit: NestedEdit, start: int, lines: int) -> bool:
        """Whether the edit is one def, still one def of the same name, that the rest of the
        piece (lines [start, start + lines)) does not call: checked alone with its data flow,
        it finds what the whole piece would (methods of other members follow `_dependents_due`)."""
        old, new = edit.old_statement, edit.statements
        if len(new) != 1 or not isinstance(old, cst.FunctionDef) or not isinstance(new[0], cst.FunctionDef) or old.name.value != new[0].name.value:
            return False
        return not self._called_elsewhere(edit.path[-1], start, lines)

    def _called_elsewhere(self, function: Step, start: int, lines: int) -> bool:
        """Whether the piece (lines [start, start + lines)) calls `function` outside it: the
        callers' data flow may change with it, so the piece is checked whole. Only the lines
        holding the name are searched for a call (one search of the piece's text, not one per
        line: a class's 880-line `if` block of methods)."""
        name = function.node.name.value  # type: ignore[attr-defined]
        piece = self.buffer.lines[start : start + lines]
        inside = range(function.start - start, function.start - start + function.lines)
        return any(calls(piece[line], name) for line in lines_holding(piece, [name]) if line not in inside)

    def _split_class_findings(self, unit: Unit, start: int) -> None:
        """A class checked whole: each member keeps the findings on its lines."""
        assert unit.members is not None and unit.findings is not None
        at, bounds = start + unit.head, []
        for member in unit.members:
            bounds.append(at)
            member.findings, member.checked_at, member.flows_due, member.checked_edit = [], at, False, unit.checked_edit
            at += member.lines
        own = []
        for finding in unit.findings:
            line = home_line(finding)
            index = bisect.bisect_right(bounds, line) - 1
            if 0 <= index and line < at:
                unit.members[index].findings.append(finding)  # type: ignore[union-attr]
            else:
                own.append(finding)
        unit.findings = own


def _bound(edit: NestedEdit) -> tuple[Sequence[cst.CSTNode], Sequence[cst.CSTNode]]:
    """The old and the new statements of a nested edit, as far as what they bind may differ:
    of an edit of a compound statement's header lines, its headers over a `pass` block (its
    blocks are the same nodes, and rendering each value they bind took ~10 ms a keystroke in
    a 60-line `with`)."""
    if edit.heads is not None:
        return [edit.heads[0]], [edit.heads[1]]
    return [edit.old_statement], edit.statements


def _same_bindings(old: cst.CSTNode, new: cst.CSTNode) -> bool:
    """Whether two top-level statements bind the same in the module scope: definitions of
    one kind and name (the scope binds nothing else of them: what a function or class holds
    is its own), or two that bind nothing (resolver.binds_nothing)."""
    if type(old) is type(new) and isinstance(old, (cst.FunctionDef, cst.ClassDef)):
        return old.name.value == new.name.value  # type: ignore[attr-defined]
    return binds_nothing(old) and binds_nothing(new)


def _line_ends_only(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether lines changed only in spaces at their ends (a line continued by a backslash
    excepted): the same code and words, though a string running past a line end may hold
    them."""
    return len(old) == len(new) and all(
        a.rstrip() == b.rstrip() and not a.rstrip().endswith("\\") for a, b in zip(old, new)
    )


def _reader_walks(
    function: cst.FunctionDef, ancestors: list[cst.CSTNode], head: cst.CSTNode, above: list[cst.CSTNode], readers: Sequence[tuple[Step, list[Step]]],
) -> list[Edited] | None:
    """What the source gate walks of the statements under an edited `def` line or compound
    header (`head`, below `above`) that read what it binds anew (`readers`, with the compound
    statements between): one `gate.Edited` of `function` (below `ancestors`) per block
    holding some, each with the compound statements above it. None when a reader's route
    from `head` is not found."""
    groups: dict[tuple[int, ...], tuple[list[cst.CSTNode], list[cst.CSTNode]]] = {}  # by the compound statements above
    routes: dict[tuple[int, ...], list[cst.CSTNode] | None] = {}
    for child, between in readers:
        path = (head, *(step.node for step in between), child.node)
        inner = ancestry_through(path, routes)
        if inner is None:
            return None
        groups.setdefault(tuple(map(id, path[:-1])), ([*above, *inner], []))[1].append(child.node)
    return [Edited(function, ancestors, statements, inner) for inner, statements in groups.values()]


_HEADERS_ALONE = (cst.If, cst.For, cst.While, cst.With)  # headers the gate walks without their blocks (`_header_edit`)
_NO_RULE: Callable[[RuleInfo], bool] = lambda info: False  # noqa: E731


_MARKERS = ("redline", "nosec", "noqa")
_ROOT = re.compile(r"[.(]")  # ends the first part of a qualified name


def _commented(lines: Iterable[str]) -> int:
    """How many lines may hold a suppression comment (a `#` and a marker word)."""
    return sum(1 for line in lines if "#" in line and any(marker in line.lower() for marker in _MARKERS))
