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
too; nested_check.py says when that is not enough and the unit is checked whole. When a unit does
not parse alone, or the edit changes unit boundaries, the whole text is parsed; if that fails
too the last good findings stay on the lines that did not change, beside one syntax error.

Units are checked against the document's module (rules see real ancestors and siblings) with
their positions taken from a small module holding just the unit; module facts (imports,
constants) are recomputed per changed unit, and units naming a changed fact are re-checked.
See docs in ../shared/design.md ("Why blocks").
"""

from __future__ import annotations

import ast
import bisect
import itertools
import re
import threading
from dataclasses import dataclass, replace
from typing import Callable, Collection, Iterable, Iterator, NamedTuple, Sequence

import libcst as cst

from .analysis import (
    READ_ERROR, SYNTAX_ERROR, AnalysisOptions, Engine, error_finding, finalize, parse_faithfully, parse_source,
)
from .block_lines import record_block_layout, record_layouts
from .checker import Placed, check_tree
from .collector import collector_paused
from .fixes import import_insertion_line
from .lazy_units import LazyContext, Plan, plan
from .lines import Stripped, count_breaks, same_tokens, split_lines
from .merged import MergedFindings
from .nesting import (
    HEADED, Child, Layouts, Step, ancestry, ancestry_through, forget, indents_of, parsed_statements, path_to, positions_module, relayout, render,
    shift_layout, swap, with_header, wrapper,
)
from .model import Finding, Fix, Position, RelatedLocation, RuleInfo, Span, TextEdit
from .piece_tokens import PieceTokens
from .prefilter import LineTokens, Opening, text_tokens
from .rule_loader import Rule, text_marker
from .nested_check import folding_names, matches_on_chain, may_refine, rebinds_fix_names, rebound_names, scope_items
from .node_homes import NodeHomes
from .resolver import Resolver, Scope, module_scope
from .sparse import code_comments, cpython_tree
from .suppressions import CommentColumns, apply_suppressions
from .taint.gate import Edited
from .unit_lines import UnitLines, unit_lines
from .vouched_parse import parse_vouched

# Brackets outside strings and comments, to refuse what CPython refuses (more than 200 nested
# brackets) before LibCST's native parser overflows its stack on it.
_BRACKET_SCAN = re.compile(
    r"#[^\r\n]*|[rbuRBUfF]{0,2}(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\.|[^\"\\\r\n])*\"|'(?:\\.|[^'\\\r\n])*')|[()\[\]{}]"
)
MAX_NESTING = 200  # CPython: "too many nested parentheses"
MAX_INDENT = 100  # CPython: "too many levels of indentation"
# A chain of unary operators (`- - ... x`, `not not ... x`). Its first operator is spelled as
# literals (`n(?<=\bn)ot` is `\bnot`) so that the search skips to the characters that may start
# one instead of trying the chain at every position: the same matches, ~5x faster.
_UNARY_CHAIN = re.compile(r"(?:-|\+|~|n(?<=\bn)ot\b)\s*(?:(?:[-+~]|\bnot\b)\s*){%d}" % (MAX_NESTING - 1))
_INDENT = re.compile(r"^([ \t\f]*)[^ \t\f\r\n#]", re.MULTILINE)
_WRAPPER = "class _:\n"


def too_deep(text: str) -> int:
    """The line where brackets or blocks nest deeper than CPython allows, or 0.

    LibCST's native parser takes quadratic time or overflows its stack on such input.
    """
    chain = _UNARY_CHAIN.search(text)
    if chain is not None:
        return text.count("\n", 0, chain.start()) + 1
    return _too_deep_blocks(text) or _too_deep_brackets(text)


def _too_deep_blocks(text: str) -> int:
    stack = [0]
    for match in _INDENT.finditer(text):
        width = len(match.group(1))
        while width < stack[-1]:
            stack.pop()
        if width > stack[-1]:
            stack.append(width)
            if len(stack) > MAX_INDENT + 1:
                return text.count("\n", 0, match.start()) + 1
    return 0


def _too_deep_brackets(text: str) -> int:
    if text.count("(") + text.count("[") + text.count("{") <= MAX_NESTING:
        return 0
    depth = 0
    for match in _BRACKET_SCAN.finditer(text):
        char = match.group()
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, match.start()) + 1
        elif char in ")]}":
            depth = max(0, depth - 1)
    return 0


@dataclass(frozen=True)
class Change:
    """Replace [start, end) by `text`; positions are (0-based line, column in code points)."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


class TextBuffer:
    """A text as a list of lines, edited in place by range changes."""

    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def line_text(self, line: int) -> str:
        """The line without its ending ('' past the end)."""
        if line >= len(self.lines):
            return ""
        return self.lines[line].rstrip("\r\n")

    def clamp(self, line: int, column: int) -> tuple[int, int]:
        if line >= len(self.lines):
            return len(self.lines) - 1, len(self.line_text(len(self.lines) - 1))
        line = max(line, 0)
        return line, max(0, min(column, len(self.line_text(line))))

    def apply(self, change: Change) -> tuple[int, int, int, list[str]]:
        """Apply one change; returns (first changed line, old last line, new last line, the
        lines it replaced)."""
        (sl, sc), (el, ec) = self.clamp(*change.start), self.clamp(*change.end)
        if (el, ec) < (sl, sc):
            (sl, sc), (el, ec) = (el, ec), (sl, sc)
        first = sl
        if sc == 0 and first > 0 and self.lines[first - 1].endswith("\r"):
            first -= 1  # the new text may start with \n and join that \r
        before = "".join(self.lines[first:sl]) + self.lines[sl][:sc]
        new_lines = split_lines(before + change.text + self.lines[el][ec:])
        if el < len(self.lines) - 1:
            new_lines.pop()  # the piece ends with a line break: the empty rest is the next line
        removed = self.lines[first : el + 1]
        self.lines[first : el + 1] = new_lines
        return first, el, first + len(new_lines) - 1, removed


@dataclass
class Unit:
    """A top-level statement, or a member of a top-level class's body."""

    node: cst.CSTNode | None  # None: its text does not parse alone (kept stale findings)
    lines: int
    key: int  # hash of its text, to recognise it after a full parse
    indent: str  # the module defaults it was parsed under, for its positions module
    newline: str
    block_indent: str | None = None  # members: the class block's `indent` attribute
    members: list["Unit"] | None = None  # classes with an indented body
    head: int = 0  # classes: lines before the first member
    findings: list[Finding] | None = None  # None: not checked yet
    checked_at: int = 0  # the unit's first line (0-based) when its findings were computed
    contribution: tuple = ()  # what it adds to the module scope (top-level only)
    nested: "NestedEdit | None" = None  # a statement re-parsed inside it, checked alone
    flows_due: bool = False  # a function it calls changed: its data flow is checked again
    checked_edit: int = -1  # the document's edit count when it was last checked whole
    lazy: frozenset[str] | None = None  # a stub stands for it (lazy_units.py): the names calls into it use


@dataclass
class NestedEdit:
    """A statement inside a unit's blocks re-parsed alone: what checking it alone needs."""

    path: list[Step]  # the unit down to the statement's parent (new nodes), then the statements
    statements: list[cst.BaseStatement]
    old_chain: list[cst.CSTNode]  # the old nodes from the unit down to the old statement
    old_statement: cst.CSTNode
    indents: list[str]  # wrapper indentation above the statements (nesting.indents_of)
    indent: str  # the statements' own indentation
    at: int  # their first line, relative to the piece (member or unit) holding them
    piece_depth: int  # 1: the piece is the unit, 2: a member of it


@dataclass
class Stats:
    """What the model did, for tests and `redline/debugStats`."""

    unit_parses: int = 0
    parsed_lines: int = 0  # lines of the text re-parsed by unit parses (wrapper headers excluded)
    full_parses: int = 0
    unit_checks: int = 0
    layout_renders: int = 0  # statements rendered to find the lines of those inside (block_lines.py could not tell)
    judged_lines: int = 0  # lines CPython parsed to judge whether edits make lazy units needed (LazyContext.refines_into)
    layout_lines: int = 0  # lines CPython parsed to find the statements inside units on an edit (block_lines.py)


class _Due(NamedTuple):
    """Data flow an edit made due elsewhere, marked at a later check."""

    key: str  # a line template (`{}` for any of `names`), or the class whose methods changed
    names: frozenset[str]  # called names; or the methods defined and attributes named
    edited: Unit | None  # the edited piece, which is not due again
    edit: int  # the edit count when made due
    methods: frozenset[str] | None  # the methods defined, for a class key; None for a template


class IncrementalDocument:
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
        self._resolver: Resolver | None = None  # see _resolver_for
        self._scope: tuple[Sequence[cst.CSTNode], Scope] | None = None  # the module scope and the statements it holds for
        # Data flow made due by an edit elsewhere, marked at the next check without `defer`;
        # pieces checked whole since that edit are not due either.
        self._due_later: list[_Due] = []
        # Functions and methods checked again whose callers may read something else of them
        # now (taint/seen.py), compared at the next check without `defer`.
        self._followed: list[Unit] = []
        self._edits = 0
        self._lock = threading.RLock()
        with self._lock:
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
        with self._lock:
            for change in changes:
                self._apply_one(change)
            return self._check_pending(cancelled, defer)

    def check(self, cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Finish checking after a cancelled `apply`, deferred data flow included."""
        with self._lock:
            return self._check_pending(cancelled)

    def take_changed_exports(self) -> set[str] | None:
        """The module-level names (functions, classes, their methods, values) whose code
        changed since the last call, for the documents importing this one; None when any may
        have (a full re-parse)."""
        with self._lock:
            exports, self._exports = self._exports, set()
            return exports

    def callers_due(self, names: Collection[str] | None) -> None:
        """Names another module defines changed: the pieces calling one of them (every piece
        for None) have their data flow due, for the next `check`, and summaries of this
        module's functions reaching into that module are computed again (project.refresh)."""
        with self._lock:
            if self.options.taint.project is not None:
                self.options.taint.project.refresh()
            self._edits += 1  # what pieces checked before read may have changed: they are older
            if names is None:
                for start, piece in self._walk_units():
                    if piece.findings is not None and piece.members is None:
                        self._data_flow_due(piece, start)
            elif names:
                self._mark(_CALL_OF, names, self._data_flow_due)

    def deferred(self) -> bool:
        """Whether pieces wait for their data flow (an `apply(..., defer=True)` left them)."""
        with self._lock:
            return bool(self._due_later or self._followed) or any(piece.flows_due and piece.node is not None for _, piece in self._walk_units())

    def replace_text(self, text: str) -> None:
        with self._lock:
            self.buffer = TextBuffer(text)
            self.tokens = LineTokens(self.engine.rules, self.buffer.lines, opening=True)
            self._commented = _commented(self.buffer.lines)
            self._comments = CommentColumns()
            self.units = []
            self._full_parse_or_break(0, -1)
            self._check_pending(lambda: False)

    def reconfigure(self, engine: Engine, options: AnalysisOptions, changes: Iterable[Change] = ()) -> None:
        """New rules or settings (with the edits that came meanwhile): every unit is checked again."""
        with self._lock:
            for change in changes:
                self._apply_one(change)
            if engine is not self.engine:
                self.engine = engine
                self.tokens = LineTokens(engine.rules, self.buffer.lines)
            self.options = options
            self._possible = None
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
                        unit.findings = [_shift(f, unit.checked_at + 1, start - unit.checked_at) for f in unit.findings]
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
        """Every unit holding findings (classes and their members) with its first line."""
        start = 0
        for unit in self.units:
            yield from _pieces(unit, start)
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
            judged = self._lazy.judged_lines
            lazy = self._lazy_edit(lo, hi, starts, first, new_last, delta, removed)
            self.stats.judged_lines += self._lazy.judged_lines - judged
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
            except _Fallback:
                pass
        self._reparse_top(lo, hi, starts, delta)

    def _paths_across(self, first: int, old_last: int, delta: int) -> None:
        """Lines were added or removed at `first`..`old_last`: a piece's findings move with it
        when it is next read (`_shift` from its first line), but a data-flow step in another
        unit (inside a called function), or a focus in a constant the pattern looked through,
        moves with that unit. Findings of pieces holding such a position are
        moved now, each position by where it lies (nothing runs again)."""
        for start, piece in self._walk_units():
            if not piece.findings or start <= old_last and first < start + piece.lines:
                continue
            lines = range(piece.checked_at + 1, piece.checked_at + piece.lines + 1)
            if all(span.start.line in lines and span.end.line in lines for f in piece.findings for span in (f.span, *(r.span for r in f.related))):
                continue
            moved = start - piece.checked_at
            piece.findings = [_shift(_shift(f, piece.checked_at + 1, moved), old_last + 2, delta) for f in piece.findings]
            piece.checked_at = start + delta if start > old_last else start

    def _forget_moved_nested_edits(self, old_last: int) -> None:
        """Lines were added or removed above pieces still waiting for the check of a nested
        edit (several changes before a check): its recorded lines no longer hold, so those
        pieces are checked whole instead."""
        for start, piece in self._walk_units():
            if piece.nested is not None and start > old_last:
                piece.findings, piece.nested = None, None

    def _reparse_top(self, lo: int, hi: int, starts: list[int], delta: int) -> None:
        lines = self.buffer.lines
        while True:
            start = starts[lo]
            last = hi == len(self.units) - 1
            end = len(lines) if last else starts[hi] + self.units[hi].lines + delta
            if last or any(not line.isspace() and not line.lstrip().startswith("#") for line in lines[start:end]):
                break
            hi += 1  # only comments and blank lines now (a commented-out statement): they lead the next unit
        while True:
            start = starts[lo]
            last = hi == len(self.units) - 1
            end = len(lines) if last else starts[hi] + self.units[hi].lines + delta
            # Comments indented under a block belong to that block: keep such boundaries inside.
            if lo > 0 and _indented(lines, start):
                lo -= 1
            elif not last and _indented(lines, end):
                hi += 1
            else:
                break
        text = "".join(lines[start:end])
        parsed = self._parse_chunk(text)
        if parsed is not None and parsed.body and not (parsed.footer and not last):
            if lo > 0 and parsed.header:
                head = parsed.body[0]
                head = head.with_changes(leading_lines=[*parsed.header, *head.leading_lines])
                parsed = parsed.with_changes(header=(), body=[head, *parsed.body[1:]])
            try:
                new_units = self._units_of(parsed, header=lo == 0, text=text)
            except RecursionError:
                new_units = []
            if new_units and last or new_units and sum(u.lines for u in new_units) == count_breaks(text):
                if lo == 0:
                    self.header = parsed.header
                if last:
                    self.footer = parsed.footer
                self._replace(lo, hi + 1, new_units)
                return
        self._full_parse_or_break(lo, hi, start, end)

    def _parse_chunk(self, text: str, wrapper_lines: int = 0) -> cst.Module | None:
        self.stats.unit_parses += 1
        self.stats.parsed_lines += count_breaks(text) - wrapper_lines
        if too_deep(text):
            return None
        try:
            return parse_faithfully(text)
        except Exception:
            return None

    def _reparse_nested(self, unit: Unit, start: int, first: int, old_last: int, delta: int, removed: Sequence[str]) -> bool:
        """Re-parse only the innermost statement inside a unit's blocks that holds the edit
        (class members themselves go through `_reparse_members`); False when there is none or
        it does not parse alone exactly as it would in the whole text. `removed` are the lines
        the edit replaced (from `first`)."""
        path = self._path(unit, start, first, old_last, delta, removed)
        if path is None:
            return False
        lines = self.buffer.lines
        full = list(path)
        while len(path) > 1 and not path[-1].in_block:
            path.pop()
        if len(path) == (2 if unit.members is not None else 1):
            return self._reparse_own_header(unit, start, path, first, old_last, delta, removed)
        if len(path) < (3 if unit.members is not None else 2):
            return False
        target = path[-1]
        if len(full) > len(path) and self._reparse_elif_header(unit, start, full, len(path), first, old_last, delta, removed):
            return True
        if self._reparse_header(unit, start, path, first, old_last, delta, removed):
            return True
        chunk_end = target.start + target.lines + delta
        # Comments indented deeper than the statement, at its edges, may belong to a neighbour.
        if _indented(lines, target.start, target.indent) or _indented(lines, chunk_end, target.indent):
            return False
        text = "".join(lines[target.start : chunk_end])
        if not text or not _ends_with_break(text):
            return False
        head = wrapper(path, unit.newline)
        depth = count_breaks(head)
        parsed = self._parse_chunk(head + text, depth)
        statements = parsed_statements(parsed, depth) if parsed is not None else None
        if statements is None or parsed is None or parsed.default_indent != unit.indent or parsed.default_newline != unit.newline:
            return False
        if _block_indent(parsed, depth) != target.indent:
            return False
        new: list[Child] = []
        at = target.start - path[-2].start
        for statement in statements:
            count = count_breaks(render(statement, unit.indent, unit.newline, self.layouts, target.indent))
            new.append(Child(at, count, statement, True, target.indent))
            at += count
        if at - (target.start - path[-2].start) != count_breaks(text):
            return False
        rebuilt: list[cst.CSTNode] = [None] * len(path)  # type: ignore[list-item]
        replacement: list[cst.CSTNode] = list(statements)
        for index in range(len(path) - 2, -1, -1):
            node = swap(path[index].node, path[index + 1].node, replacement)
            if node is None:
                return False
            rebuilt[index] = node
            replacement = [node]
        relayout(self.layouts, path, rebuilt, new, delta)
        steps = [replace(step, node=node, lines=step.lines + delta) for step, node in zip(path[:-1], rebuilt)]
        steps += [Step(child.node, path[-2].start + child.offset, child.lines, True, target.indent) for child in new]
        edit = NestedEdit(
            steps, list(statements), [step.node for step in path], target.node, indents_of(path), target.indent,
            0, 2 if unit.members is not None else 1,
        )
        old_text = "".join([*lines[target.start : first], *removed, *lines[old_last + delta + 1 : chunk_end]])
        same = same_tokens(old_text, text)
        self._splice_unit(unit, start, path, rebuilt, delta, edit, target.lines, None if same else removed, range(first, old_last + 1))
        return True

    def _path(self, unit: Unit, start: int, first: int, old_last: int, delta: int, removed: Sequence[str]) -> list[Step] | None:
        """The statements of a unit holding the edited lines (old lines `first`..`old_last`),
        the unit first (nesting.path_to; the layouts met on the way recorded); None when
        the unit has no blocks to look into."""
        if unit.node is None or self.error is not None or not isinstance(unit.node, cst.BaseCompoundStatement):
            return None
        lines = self.buffer.lines
        old_text = [*lines[start:first], *removed, *lines[old_last + delta + 1 : start + unit.lines + delta]]  # as the node has it

        def lay_out(step: Step) -> None:
            edited = (first - step.start, old_last - step.start)  # only the statements on the way to the edit are walked
            self.stats.layout_lines += step.lines
            if not record_layouts(step.node, old_text[step.start - start : step.start - start + step.lines], self.layouts, edited):  # type: ignore[arg-type]
                self.stats.layout_renders += 1
                render(step.node, unit.indent, unit.newline, self.layouts, step.indent)
                if step.start == 0 and step.node is unit.node and self.header:
                    # The module's header lines start the first unit but are not its node's code.
                    shift_layout(self.layouts, step.node, len(self.header))

        return path_to(self.layouts, Step(unit.node, start, unit.lines, False, ""), first, old_last, lay_out)

    def _reparse_header(self, unit: Unit, start: int, path: list[Step], first: int, old_last: int, delta: int, removed: Sequence[str]) -> bool:
        """An edit in the header lines of the compound statement at the end of `path` (a
        `def`'s signature, an `if`'s test): re-parse those lines alone over a `pass` body and
        keep the old blocks (nesting.with_header); False when the edit reaches the blocks or
        the header does not parse so."""
        target, lines = path[-1], self.buffer.lines
        entry = self.layouts.get(id(target.node))
        if entry is None or entry[0] is not target.node or not entry[1] or not entry[1][0].in_block:
            return False
        body = entry[1][0]  # the first statement of the first block
        header_end = target.start + body.offset  # old lines
        if old_last >= header_end or not isinstance(target.node, HEADED):
            return False
        text = "".join(lines[target.start : header_end + delta])
        if not text or not _ends_with_break(text) or _indented(lines, target.start, target.indent):
            return False
        node = self._header_node(unit, target, wrapper(path, unit.newline), text, body)
        if node is None:
            return False
        children = tuple(replace(child, offset=child.offset + delta) for child in entry[1])
        self.layouts.pop(id(target.node))
        rebuilt: list[cst.CSTNode] = [None] * len(path)  # type: ignore[list-item]
        replacement: list[cst.CSTNode] = [node]
        for index in range(len(path) - 2, -1, -1):
            swapped = swap(path[index].node, path[index + 1].node, replacement)
            if swapped is None:
                self.layouts[id(target.node)] = entry
                return False
            rebuilt[index] = swapped
            replacement = [swapped]
        at = target.start - path[-2].start
        new = [Child(at, target.lines + delta, node, True, target.indent)]  # type: ignore[arg-type]
        relayout(self.layouts, path, rebuilt, new, delta)
        self.layouts[id(node)] = (node, children)
        steps = [replace(step, node=built, lines=step.lines + delta) for step, built in zip(path[:-1], rebuilt)]
        steps.append(Step(node, target.start, target.lines + delta, True, target.indent))
        edit = NestedEdit(steps, [node], [step.node for step in path], target.node, indents_of(path), target.indent, 0, 2 if unit.members is not None else 1)
        old_text = "".join([*lines[target.start : first], *removed, *lines[old_last + delta + 1 : header_end + delta]])
        same = same_tokens(old_text, text)
        self._splice_unit(unit, start, path, rebuilt, delta, edit, target.lines, None if same else removed, range(first, old_last + 1))
        return True

    def _header_node(self, unit: Unit, target: Step, head: str, text: str, body: Child) -> cst.CSTNode | None:
        """`target`'s statement with its header lines `text` parsed again (under the `if 1:`
        wrapper `head`) over a `pass` body, keeping its blocks (nesting.with_header); None when
        they do not parse so, as they would in the whole text. `body` is its first statement."""
        depth = count_breaks(head)
        parsed = self._parse_chunk(head + text + body.indent + "pass" + unit.newline, depth + 1)
        if parsed is not None and depth == 0 and parsed.header and len(parsed.body) == 1:
            # Blank lines and comments above a top-level statement: the module's header alone.
            first = parsed.body[0]
            parsed = parsed.with_changes(header=(), body=[first.with_changes(leading_lines=[*parsed.header, *first.leading_lines])])
        statements = parsed_statements(parsed, depth) if parsed is not None else None
        if statements is None or parsed is None or len(statements) != 1 or parsed.default_indent != unit.indent or parsed.default_newline != unit.newline:
            return None
        if _block_indent(parsed, depth) != target.indent:
            return None
        return with_header(target.node, statements[0])

    def _reparse_own_header(self, unit: Unit, start: int, path: list[Step], first: int, old_last: int, delta: int, removed: Sequence[str]) -> bool:
        """An edit in the header lines of a piece itself (a method's or a top-level function's
        `def` line and decorators, a top-level `if`'s test): those lines alone are re-parsed
        over a `pass` body and the piece keeps its blocks, then is checked whole (as a re-parse
        of it would have it). False when the edit reaches its blocks, the piece is a class or
        the file's first unit (holding the file's header), or the lines do not parse so."""
        target, lines = path[-1], self.buffer.lines
        entry = self.layouts.get(id(target.node))
        if not isinstance(target.node, HEADED) or isinstance(target.node, cst.ClassDef) or start == 0:
            return False
        if entry is None or entry[0] is not target.node or not entry[1] or not entry[1][0].in_block:
            return False
        body = entry[1][0]
        header_end = target.start + body.offset  # old lines
        if old_last >= header_end:
            return False
        text = "".join(lines[target.start : header_end + delta])
        if not text or not _ends_with_break(text) or _indented(lines, target.start, target.indent):
            return False
        node = self._header_node(unit, target, wrapper(path, unit.newline) if len(path) > 1 else "", text, body)
        rebuilt = swap(path[0].node, target.node, [node]) if node is not None and len(path) > 1 else node
        if node is None or rebuilt is None:
            return False
        children = tuple(replace(child, offset=child.offset + delta) for child in entry[1])
        self.layouts.pop(id(target.node))  # its blocks stay: relayout must not forget theirs
        if len(path) > 1:
            relayout(self.layouts, path, [rebuilt, node], [Child(target.start - start, target.lines + delta, node, True, target.indent)], delta)  # type: ignore[arg-type]
        self.layouts[id(node)] = (node, children)
        before = replace(unit)
        unit.node, unit.lines = rebuilt, unit.lines + delta
        unit.key = hash("".join(lines[start : start + unit.lines]))
        piece = unit
        if unit.members is not None:
            piece = next(member for member in unit.members if member.node is target.node)
            piece.node, piece.lines = node, piece.lines + delta
            piece.key = hash("".join(lines[target.start : target.start + piece.lines]))
        else:
            unit.contribution = _contribution(node, "".join(lines[start : start + unit.lines]))
        piece.findings, piece.nested = None, None
        self._refresh_module()
        if unit.members is None:
            self._invalidate_for([before], [unit])
        else:
            self._dependents_due(piece, target.start, removed)
            self._note_exports([unit.node.name.value, *_DEFINES.findall("".join(lines[target.start : target.start + piece.lines])), *_DEFINES.findall("".join(removed))])  # type: ignore[attr-defined]
        return True

    def _reparse_elif_header(self, unit: Unit, start: int, path: list[Step], held: int, first: int, old_last: int, delta: int, removed: Sequence[str]) -> bool:
        """An edit in the header lines of an `elif` (`path[held:]`: the `elif`s down to the
        edited one, hanging on the `if` at `path[held - 1]`): those lines alone are re-parsed
        as an `if` over a `pass` body (nesting.with_header) and the chain keeps its blocks; the
        whole `if` chain is then checked as a re-parsed statement. False when the edit is not
        in such header lines or they do not parse so."""
        target, lines = path[-1], self.buffer.lines
        entry = self.layouts.get(id(target.node))
        if not isinstance(target.node, cst.If) or entry is None or entry[0] is not target.node or not entry[1] or not entry[1][0].in_block:
            return False
        body = entry[1][0]
        header_end = target.start + body.offset  # old lines
        if first < target.start or old_last >= header_end:
            return False
        header = lines[target.start : header_end + delta]
        keyword = next((i for i, line in enumerate(header) if line.strip() and not line.lstrip().startswith("#")), None)
        if keyword is None or not _ELIF.match(header[keyword]) or not _ends_with_break("".join(header)):
            return False
        header[keyword] = _ELIF.sub(r"\1if", header[keyword], count=1)
        node = self._header_node(unit, target, wrapper(path[:held], unit.newline), "".join(header), body)
        if node is None:
            return False
        rebuilt: list[cst.CSTNode] = [None] * len(path)  # type: ignore[list-item]
        replacement: cst.CSTNode = node
        for index in range(len(path) - 2, -1, -1):  # the `elif`s hang on `orelse`, the `if` sits in blocks
            swapped = swap(path[index].node, path[index + 1].node, [replacement])
            if swapped is None:
                return False
            rebuilt[index] = swapped
            replacement = swapped
        children = tuple(replace(child, offset=child.offset + delta) for child in entry[1])
        self.layouts.pop(id(target.node))  # its blocks stay: relayout must not forget theirs
        at = target.start - path[-2].start
        relayout(self.layouts, path, rebuilt, [Child(at, target.lines + delta, node, False, target.indent)], delta)  # type: ignore[arg-type]
        self.layouts[id(node)] = (node, children)
        chain = path[held - 1]  # the `if` holding the chain: the statement checked again
        steps = [replace(step, node=built, lines=step.lines + delta) for step, built in zip(path[:held], rebuilt)]
        edit = NestedEdit(
            steps, [rebuilt[held - 1]], [step.node for step in path[:held]], chain.node, indents_of(path[:held]), chain.indent,
            0, 2 if unit.members is not None else 1,
        )
        old_text = "".join([*lines[target.start : first], *removed, *lines[old_last + delta + 1 : header_end + delta]])
        same = same_tokens(old_text, "".join(lines[target.start : header_end + delta]))
        self._splice_unit(unit, start, path[:held], rebuilt[:held], delta, edit, chain.lines, None if same else removed, range(first, old_last + 1))
        return True

    def _splice_unit(self, unit: Unit, start: int, path: Sequence[Step], rebuilt: Sequence[cst.CSTNode], delta: int, edit: NestedEdit, old_lines: int, removed: Sequence[str] | None, edited: range) -> None:
        """Update a unit (and its member) after a nested statement in it was re-parsed: the
        piece holding it drops the statement's findings and checks it alone later. When the
        statement kept its tokens (`removed` is None: spaces typed at a line's end) and no
        finding, fix or data-flow step touches the `edited` lines, the piece keeps its
        findings and nothing is checked. Otherwise `removed` are the lines the edit replaced."""
        before = replace(unit)
        unit.node = rebuilt[0]
        unit.lines += delta
        lines = self.buffer.lines
        unit.key = hash("".join(lines[start : start + unit.lines]))
        piece, piece_start = unit, start
        if unit.members is not None:
            piece_start = start + unit.head
            for member in unit.members:
                if member.node is path[1].node:
                    break
                piece_start += member.lines
            piece = member
            member.node = rebuilt[1]
            member.lines += delta
        else:
            unit.contribution = _contribution(unit.node, "".join(lines[start : start + unit.lines]))
        edit.at = edit.path[len(edit.path) - len(edit.statements)].start - piece_start
        self._refresh_module()
        if removed is None and piece.findings is not None and piece.nested is None and not _touching(piece.findings, edited):
            return
        if piece.findings is None or piece.nested is not None:  # a second edit before a check
            piece.findings, piece.nested = None, None
        else:
            piece.findings = _without_lines(piece.findings, piece.checked_at, piece_start, edit.at, old_lines, delta)
            piece.checked_at, piece.nested = piece_start, edit
        if all(_inert(node) for node in [edit.old_statement, *edit.statements]):
            return  # a docstring edited: no summary, caller or attribute changes with it
        if unit.members is None:
            self._invalidate_for([before], [unit])
        elif removed is not None:
            self._dependents_due(piece, piece_start, removed)
            self._note_exports([unit.node.name.value, *_DEFINES.findall("".join(lines[piece_start : piece_start + piece.lines]))])  # type: ignore[attr-defined]

    def _reparse_members(self, unit: Unit, start: int, first: int, old_last: int, delta: int, removed: Sequence[str]) -> bool:
        """Re-parse the changed members of a class alone (the methods depending on them have
        their data flow due); False when the edit is not inside them."""
        assert unit.members is not None
        member_starts, at = [], start + unit.head
        for member in unit.members:
            member_starts.append(at)
            at += member.lines
        if first < start + unit.head or old_last >= at:
            return False
        lo = bisect.bisect_right(member_starts, first) - 1
        hi = bisect.bisect_right(member_starts, old_last) - 1
        lines = self.buffer.lines
        base = unit.members[0].block_indent or ""
        while True:
            chunk_start = member_starts[lo]
            chunk_end = member_starts[hi] + unit.members[hi].lines + delta
            if lo > 0 and _indented(lines, chunk_start, base):
                lo -= 1
            elif hi + 1 < len(unit.members) and _indented(lines, chunk_end, base):
                hi += 1
            else:
                break
        text = "".join(lines[chunk_start:chunk_end])
        if not text or not _ends_with_break(text):
            return False
        parsed = self._parse_chunk(_WRAPPER + text, 1)
        if parsed is None or len(parsed.body) != 1 or parsed.footer or parsed.header:
            raise _Fallback
        wrapper = parsed.body[0]
        if not isinstance(wrapper, cst.ClassDef) or not isinstance(wrapper.body, cst.IndentedBlock):
            raise _Fallback
        block = wrapper.body
        rendered = block.indent if block.indent is not None else parsed.default_indent
        if rendered != base or block.footer or not block.body:
            raise _Fallback
        members = [self._member(m, parsed, block.indent, text if len(block.body) == 1 else None) for m in block.body]
        if sum(m.lines for m in members) != count_breaks(text):
            raise _Fallback
        for old in unit.members[lo : hi + 1]:
            forget(self.layouts, old.node)  # type: ignore[arg-type]
        unit.members[lo : hi + 1] = members
        unit.lines += delta
        unit.key = hash("".join(lines[start : start + unit.lines]))
        assert isinstance(unit.node, cst.ClassDef)
        self.layouts.pop(id(unit.node), None)
        unit.node = unit.node.with_changes(body=unit.node.body.with_changes(body=[m.node for m in unit.members]))
        self._layout_class(unit)
        self._refresh_module()
        for member, at in zip(members, itertools.accumulate((m.lines for m in members[:-1]), initial=chunk_start)):
            self._dependents_due(member, at, removed)
        self._note_exports([unit.node.name.value, *_DEFINES.findall(text), *_DEFINES.findall("".join(removed))])
        return True

    @staticmethod
    def _data_flow_due(piece: Unit, start: int) -> None:
        """A function the piece calls changed: its data flow is checked again (`_run_check`
        adds its pattern rules when one that data flow refines may match in it)."""
        piece.flows_due = True

    def _layout_class(self, unit: Unit) -> None:
        """The layout of a class whose members were re-parsed: its members, one after another."""
        assert unit.members is not None and unit.node is not None
        children, at = [], unit.head
        for member in unit.members:
            children.append(Child(at, member.lines, member.node, True, member.block_indent or ""))  # type: ignore[arg-type]
            at += member.lines
        self.layouts[id(unit.node)] = (unit.node, tuple(children))

    # -- building units ----------------------------------------------------------------------

    def _units_of(self, module: cst.Module, header: bool, text: str | None = None) -> list[Unit]:
        """Units of a parsed module; `text` is its source when known (spares the codegen of a
        lone statement, the common case of a re-parsed chunk)."""
        units = []
        alone = text is not None and len(module.body) == 1 and not module.footer and (header or not module.header)
        for index, statement in enumerate(module.body):
            code = text if alone else render(statement, module.default_indent, module.default_newline, self.layouts)
            assert code is not None
            lines = count_breaks(code) + (len(module.header) if header and index == 0 and not alone else 0)
            unit = Unit(statement, lines, hash(code), module.default_indent, module.default_newline)
            body = getattr(statement, "body", None)
            if isinstance(statement, cst.ClassDef) and isinstance(body, cst.IndentedBlock) and body.body:
                unit.members = [self._member(m, module, body.indent) for m in body.body]
                unit.head = lines - len(body.footer) - sum(m.lines for m in unit.members)
            unit.contribution = _contribution(statement, code)
            units.append(unit)
        return units

    def _units_from_lines(self, module: cst.Module, found: UnitLines) -> list[Unit]:
        """Units of the whole text's module, cut from the text at the lines CPython's parse
        gives (unit_lines.py): no codegen; layouts are recorded when an edit needs them."""
        lines = self.buffer.lines
        ends = [*found.starts[1:], found.total - len(module.footer)]
        units = []
        for index, (statement, start, end) in enumerate(zip(module.body, found.starts, ends)):
            own = start + (len(module.header) if index == 0 else 0)  # the code render gives
            code = "".join(lines[own:end])
            unit = Unit(statement, end - start, hash(code), module.default_indent, module.default_newline)
            member_starts = found.members.get(index)
            if member_starts is not None:
                body = statement.body  # type: ignore[attr-defined]
                member_ends = [*member_starts[1:], end - len(body.footer)]
                unit.members = [self._member(m, module, body.indent, "".join(lines[lo:hi])) for m, lo, hi in zip(body.body, member_starts, member_ends)]
                unit.head = member_starts[0] - start
                self._layout_class(unit)
                for member, tree, lo, hi in zip(body.body, found.member_trees[index], member_starts, member_ends):
                    if isinstance(member, _BLOCKS):  # a block of methods: its own layout now, from CPython's parse at hand
                        record_block_layout(member, tree, lines[lo:hi], lo, self.layouts)
            unit.contribution = _contribution(statement, code)
            units.append(unit)
        return units

    def _member(self, node: cst.CSTNode, module: cst.Module, block_indent: str | None, text: str | None = None) -> Unit:
        code = text if text is not None else module.code_for_node(node)
        indent = block_indent if block_indent is not None else module.default_indent
        return Unit(node, count_breaks(code), hash(code), module.default_indent, module.default_newline, block_indent=indent)

    def _refresh_module(self) -> None:
        self.module = cst.Module(body=[u.node for u in self.units if u.node is not None], header=self.header, footer=self.footer)

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
        if self.error is not None and any(u.node is None for u in old) and any(u.node is None for u in self.units):
            # A broken piece now parses, another stays broken: it may not parse alone only
            # because of what is around it (an indented block after a commented-out `def`
            # joins the class above), so the whole text decides, once per piece fixed.
            self._full_parse()
        self._settle()

    def _settle(self) -> None:
        """Once every unit parses again, the text parses: the syntax error goes away."""
        if self.error is not None and all(u.node is not None for u in self.units):
            self.error = None
        if self.error is None:
            self._changed = []

    def _invalidate_for(self, old: Sequence[Unit], new: Sequence[Unit]) -> None:
        if self.module is None:
            return
        import_line = import_insertion_line(self.module)
        names = _changed_names(old, new)  # a broken unit's: what the units it stands for bound
        self._note_exports(name.split(":", 1)[-1] for name in names)
        functions = {name for name in names if name.startswith("function:")}
        if functions:
            # Callers' data-flow findings depend on a function's code, but only where input
            # may be read at all: otherwise editing a function re-checks it alone.
            names -= functions
            taint = self.engine.taint
            if not (taint is not None and taint.may_read_input(self.tokens.counts, self.options.taint)):
                functions = set()
        if import_line != self._import_line or any(n.startswith("import:") for n in names):
            self._invalidate_all()
        elif names or functions:
            self._invalidate_naming(names, {name.split(":", 1)[1] for name in functions})
        self._import_line = import_line

    def _note_exports(self, names: Iterable[str]) -> None:
        if self._exports is not None:
            self._exports.update(names)

    def _invalidate_all(self) -> None:
        self._materialize = True  # new rules, settings or imports: a lazy unit may be needed
        for _, unit in self._walk_units():
            unit.findings = None

    def _invalidate_naming(self, names: set[str], called: Collection[str] = frozenset()) -> None:
        """Check again the units that mention a changed module-level name; of those that call
        a function whose code changed, only the data flow (which goes through its summary),
        unless a pattern rule that data flow refines may match in them (refinement.py)."""
        def drop(unit: Unit, start: int) -> None:
            unit.findings = None

        if names:
            self._mark(r"\b{}\b", _closure(names, self.units), drop)
        if called:
            self._due_later.append(_Due(_CALLER_OF, frozenset(called), None, self._edits, None))

    def _dependents_due(self, piece: Unit, start: int, removed: Sequence[str]) -> None:
        """A method changed (the piece at `start`, a member of a class; `removed`: its lines
        the edit replaced): the pieces whose data flow may look up a method it defines or an
        attribute it names have their data flow due (`_members_due`), where input may be read."""
        taint = self.engine.taint
        if taint is None or not taint.may_read_input(self.tokens.counts, self.options.taint):
            return
        code = "".join([*self.buffer.lines[start : start + piece.lines], *removed])
        defined = frozenset(_DEFINES.findall(code))
        named = defined | frozenset(_ATTRIBUTE.findall(code))
        owner = next(unit.node for unit in self.units if unit.members is not None and any(member is piece for member in unit.members))
        if named:
            self._due_later.append(_Due(owner.name.value, named, piece, self._edits, defined))  # type: ignore[attr-defined]

    def _mark_due_later(self) -> None:
        """Mark the data flow that earlier edits made due (one scan of the text per template,
        or per class whose methods changed)."""
        marks, self._due_later = self._due_later, []
        for key, methods in dict.fromkeys((mark.key, mark.methods is not None) for mark in marks):
            group = [mark for mark in marks if mark.key == key and (mark.methods is not None) == methods]
            names = frozenset().union(*(mark.names for mark in group))
            edited = [mark.edited for mark in group if mark.edited is not None]
            last = max(mark.edit for mark in group)

            def due(other: Unit, at: int, edited: list[Unit] = edited, last: int = last) -> None:
                if other.checked_edit < last and not any(other is piece for piece in edited):
                    self._data_flow_due(other, at)

            if methods:
                self._members_due(key, names, frozenset().union(*(mark.methods or () for mark in group)), due)
            else:
                self._mark(key, names, due)

    def _members_due(self, owner: str, named: frozenset[str], defined: frozenset[str], due: Callable[[Unit, int], None]) -> None:
        """Data flow due after methods of the class `owner` changed (`named`: the methods they
        define and the attributes they name; `defined`: the methods). The analysis looks
        across pieces only through these lookups (taint/summaries.py `lookup`, members.py):
        `self.m(...)` finds `m` in the class whose body holds the call, and `self.x` is read
        through the other methods of the reader's own class: pieces of `owner`'s body naming
        `m` or `x`. `obj.m(...)` finds `m` in `Owner` when `obj` is `Owner(...)` or a name whose
        one bound value is that call: a piece naming `m` and `Owner`, or naming `m` anywhere
        once code that is not a function body (a module or class-level statement, or a function
        with a `global` statement) names `Owner`. Same-named methods of other classes and
        attributes of other instances are not looked up there (`other.get(...)`)."""
        lines = self.buffer.lines
        inside = {id(member) for unit in self.units if unit.members is not None and isinstance(unit.node, cst.ClassDef) and unit.node.name.value == owner for member in unit.members}
        pieces = [(start, piece) for start, piece in self._walk_units() if piece.members is None]
        named_at = _lines_matching(_WORD, named, lines)
        defined_at = _lines_matching(_WORD, defined, lines) if defined else []
        owner_at = _lines_matching(_WORD, [owner], lines) if defined else []
        global_at = _lines_matching(_WORD, ["global"], lines) if owner_at else []
        outside = [(start, piece) for start, piece in pieces if id(piece) not in inside]
        bound_elsewhere = any(
            _holds(owner_at, start, piece) and (not isinstance(piece.node, cst.FunctionDef) or _holds(global_at, start, piece)) for start, piece in outside
        )
        for start, piece in pieces:
            if piece.findings is None:
                continue
            if id(piece) in inside:
                if _holds(named_at, start, piece):
                    due(piece, start)
            elif _holds(defined_at, start, piece) and (bound_elsewhere or _holds(owner_at, start, piece)):
                due(piece, start)

    def _mark(self, template: str, names: Collection[str], due: Callable[[Unit, int], None]) -> None:
        """Units with a line matching `template` (its `{}` standing for any of `names`):
        findings dropped, or `due(unit, start)` for those without members (a class's head only
        drops its findings)."""
        hits = _lines_matching(template, names, self.buffer.lines)
        for start, unit in self._walk_units():
            if unit.findings is None:
                continue
            if unit.members is not None:
                head_end = start + unit.head
                if any(start <= line < head_end for line in hits):
                    unit.findings = None
            elif _holds(hits, start, unit):
                due(unit, start)

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
            for at, piece in _pieces(unit, start):
                if piece.findings:
                    kept.extend(_shift(f, piece.checked_at + 1, at - piece.checked_at) for f in piece.findings)
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
        deep = too_deep(text)
        if deep:
            self.error = error_finding(SYNTAX_ERROR, path, deep, 0, detail="nested deeper than Python allows")
            return False
        planned, module, found = (None, None, None) if self.units or opening is None else self._first_open_parse(text, opening)
        if module is None:
            planned = None
            module, error = parse_source(text, path)
            if module is None:
                self.error = error
                return False
        self.layouts = {}
        try:
            found = found or unit_lines(text, module)
            units = self._units_of(module, header=True) if found is None else self._units_from_lines(module, found)
        except RecursionError:
            self.error = error_finding(SYNTAX_ERROR, path, 1, 0, detail="nested too deeply to check")
            return False
        self._lazy = planned.context if planned is not None and _mark_lazy(units, planned) else None
        self._sourceless = _pieces_at(_statement_pieces(units), planned.sourceless) if self._lazy is not None else {}  # type: ignore[union-attr]
        self._gate_scope, self._gate_clear = None, {}
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

    # -- lazy units (lazy_units.py) --------------------------------------------------------

    def _first_open_parse(self, text: str, opening: Opening) -> tuple[Plan | None, cst.Module | None, UnitLines | None]:
        """First open: CPython's one parse of the text plans the lazy units, vouches for
        LibCST's parse of the (stubbed) text and gives the units' lines; all None when
        either parser refuses the text (the usual parse then reports why). CPython's tree
        and symbol tables are dropped at the end, unseen by the collector (collector.py)."""
        with collector_paused():
            tree = cpython_tree(text, self.options.path)
            if tree is None:
                return None, None, None
            planned = self._first_open_plan(text, tree, opening)
            module = parse_vouched(planned.text if planned is not None else text)
            found = unit_lines(text, module, tree) if module is not None else None
            return (planned, module, found) if found is not None else (None, None, None)

    def _first_open_plan(self, text: str, tree: ast.Module, opening: Opening) -> Plan | None:
        """Which definitions first open may leave unparsed for the enabled rules (the pieces'
        tokens from what the line tokens found in the text as opened: piece_tokens.py)."""
        tokens = set(self.tokens.counts)
        needs, marked = self.engine.sparse_needs(tree, tokens, self.options)
        pieces = PieceTokens(self.buffer.lines, opening, marked, code_comments(text))
        planned = plan(text, tree, self.options.path, pieces, lambda piece: text_tokens(piece, marked), needs, self._whole_class(tokens))
        if planned is not None:
            planned.context.markers = frozenset(text_marker(rule.id) for rule in marked)
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

    def _lazy_edit(self, lo: int, hi: int, starts: list[int], first: int, new_last: int, delta: int, removed: Sequence[str]) -> bool | None:
        """An edit while units are lazy. True: it changed only spaces, comments or string
        contents inside a lazy unit (LazyContext.same_meaning), which stays lazy: nothing to
        parse or check. False: it reached a lazy unit, which its re-parse makes real (not
        through nested statements: a stub has none). None: no lazy unit. Whatever may make
        a lazy unit needed (an edit of module statements or of several units, a rule data
        flow refines calling a lazy one) has every unit parsed before the next check; any
        edit of code may add a source (`_input_due`, asked of the source gate then)."""
        assert self._lazy is not None
        lines = self.buffer.lines
        trivial = _line_ends_only(removed, lines[first : new_last + 1])  # the same code and words
        self._input_due = self._input_due or not trivial
        if lo != hi:
            self._materialize = True
            return False if any(self.units[i].lazy is not None for i in range(lo, hi + 1)) else None
        piece, at, member = self._piece_at(lo, starts, first)
        unit, start = self.units[lo], starts[lo]
        end = at + piece.lines + delta
        if trivial and new_last < end:
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
            return None
        old = "".join([*lines[at:first], *removed, *lines[new_last + 1 : end]])
        if not self._lazy.same_meaning(old, new):
            self._materialize = (
                self._materialize or not (definition or self._lazy.binds_nothing(old, new))
                or (not definition and self._lazy.refines_into(new, None, self._lazy_callees(piece)))  # module code calling a lazy one
            )
            return False if piece.lazy is not None else None
        if piece.lazy is None:
            return None  # a module statement's spaces, comments or plain strings
        piece.lines += delta
        piece.key = hash(new)
        if member:
            unit.lines += delta
            unit.key = hash("".join(lines[start : start + unit.lines]))
        else:
            unit.contribution = _contribution(unit.node, new)  # type: ignore[arg-type]
        return True

    def _edited_definition(self, unit: Unit, start: int, first: int, new_last: int, delta: int, removed: Sequence[str], at: int) -> tuple[str, int] | None:
        """The outermost definition inside a class member (starting at line `at`) holding an
        edit, from the unit's layouts (recorded now if need be: the re-parse that follows
        needs them too): its new text and first line in the member's text, for
        LazyContext.refines_into to judge alone. None when no definition holds the edit."""
        old_last = new_last - delta
        path = self._path(unit, start, first, old_last, delta, removed)
        step = next((step for step in (path or [])[1:] if isinstance(step.node, (cst.FunctionDef, cst.ClassDef))), None)
        if step is None:
            return None
        return "".join(self.buffer.lines[step.start : step.start + step.lines + delta]), step.start - at

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
        options = self.options.taint
        gate = taint.with_sources(options.sources).gate
        scope = self._module_scope()
        if scope is not self._gate_scope:
            self._gate_clear = {}
        skipped, changed, edited, clear = self._edited_functions(scope)
        known = {**self._sourceless, **clear, **skipped}
        if gate.holds_source(self.module, self._resolver_for(scope), options.low_confidence, self.tokens.counts, known, changed, edited):
            return True
        self._gate_scope, self._gate_clear = scope, {**clear, **skipped}
        return options.project is not None and any(name == "." or options.project.holds(name) for name in gate.imports(self.module))

    def _edited_functions(
        self, scope: Scope,
    ) -> tuple[dict[int, cst.CSTNode], list[tuple[cst.CSTNode, list[cst.CSTNode]]], list[Edited], dict[int, cst.CSTNode]]:
        """The pieces whose only change since the source gate last found no source in them is
        a nested edit (by id), and what that edit changed, with its ancestors: the function
        holding it, or the re-parsed statements when none does (a `def` line edited). The
        gate walks those alone, not their whole piece (a class's 880-line `if` block of
        methods): what a function's sources are depends on its own code, its decorators and
        the scopes of the functions around it, which such an edit leaves as they were while
        the module `scope` is the one the gate last saw. Statements in a function that bind
        what those they replaced bound, but for names named nowhere else in it, leave what
        the rest of it resolves as it was too: the gate may walk them alone (gate.Edited).
        Also, found in the same walk of the pieces, those the gate skipped before that are
        still pieces (`_gate_clear` less the ones since replaced, by id)."""
        assert self.module is not None
        skipped: dict[int, cst.CSTNode] = {}
        changed: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = []
        edited: list[Edited] = []
        clear: dict[int, cst.CSTNode] = {}
        if scope is not self._gate_scope:
            return skipped, changed, edited, clear
        for _, piece in self._walk_units():
            if self._gate_clear.get(id(piece.node)) is piece.node:
                clear[id(piece.node)] = piece.node  # type: ignore[assignment]
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
            chain = ancestry([*holders[: function], nodes[0]] if function is not None else [*holders, nodes[0]])
            if chain is None:
                continue
            skipped[id(top)] = top
            inner = ancestry([*holders, edit.statements[0]]) if function is not None and self._binds_alone(edit, function) else None
            if inner is not None:
                edited.append(Edited(nodes[0], [self.module, *chain], edit.statements, [self.module, *inner]))  # type: ignore[arg-type]
            else:
                changed += [(node, [self.module, *chain]) for node in nodes]
        return skipped, changed, edited, clear

    def _binds_alone(self, edit: NestedEdit, function: int) -> bool:
        """Whether what a nested edit's statements bind (differently from the statement they
        replaced) is named nowhere else in the function holding them (`function`: its place
        on the edit's path): then the rest of it resolves its names as it did (gate.Edited).
        A word search over the function's other lines (comments and strings included)."""
        rebound = rebound_names([edit.old_statement], edit.statements)
        if not rebound:
            return rebound is not None
        holder, edited = edit.path[function], edit.path[len(edit.path) - len(edit.statements) :]
        lines = self.buffer.lines
        around = "".join([*lines[holder.start : edited[0].start], *lines[edited[-1].start + edited[-1].lines : holder.start + holder.lines]])
        return re.search(r"\b(?:" + "|".join(re.escape(name) for name in sorted(rebound)) + r")\b", around) is None

    def _parse_lazy_units(self) -> None:
        """Parse the whole text for real; every unit is checked again."""
        for _, piece in self._walk_units():
            piece.findings = None
        self._lazy, self._sourceless, self._callees = None, {}, set()
        self._full_parse()

    # -- checking ----------------------------------------------------------------------------

    def _check_pending(self, cancelled: Callable[[], bool], defer: bool = False) -> bool:
        """Check the pieces that are due; with `defer`, those whose data flow is due only
        because a function they call changed wait for `check_deferred`."""
        if self.module is None or (self.error is not None and self.error.rule_id == READ_ERROR.id):
            return True
        enabled = self._enabled()  # first: new rule words make every unit due
        self._resolver = None  # function scopes are shared within one round of checks only
        if self._lazy is not None and self.error is None:
            if self._materialize or self._input_due and self._reads_input(enabled):
                self._parse_lazy_units()
            self._input_due = False  # else asked once the text parses
        if not defer:
            self._mark_due_later()
        while True:
            if not self._check_due(cancelled, defer, enabled):
                return False
            if defer or not self._readers_due(cancelled):
                return True

    def _check_due(self, cancelled: Callable[[], bool], defer: bool, enabled: Callable[[RuleInfo], bool]) -> bool:
        """One pass over the pieces that are due (see `_check_pending`); False if cancelled."""
        if not any(self._due(piece, defer) for _, piece in self._walk_units()):
            return True
        scope = self._module_scope()
        import_line = import_insertion_line(self.module)
        self._import_line = import_line
        self.check_error = None
        if all(unit.findings is None and unit.node is not None for unit in self.units):
            self._check_whole(scope, import_line, enabled)
            return True
        for index, (start, unit) in enumerate(self._top_units()):
            if cancelled():
                return False
            if unit.node is None:
                continue
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

    def _follow(self, piece: Unit, unit: Unit) -> None:
        """A piece is checked again (`unit`: the top-level unit holding it): when it is a
        function or method whose summary or attributes other code read (seen.py), that is
        compared at the next check without `defer`; when only its data flow was due (a
        function it calls changed), documents importing this one call it again too."""
        if not isinstance(piece.node, cst.FunctionDef) or not (piece is unit or isinstance(unit.node, cst.ClassDef)):
            return
        taint = self.engine.taint
        read = taint is not None and taint.with_sources(self.options.taint.sources).read_by_callers(piece.node)
        if read and not any(piece is queued for queued in self._followed):
            self._followed.append(piece)
        if piece.flows_due and piece.findings is not None:
            self._note_exports(_exported_names(piece, unit))

    def _readers_due(self, cancelled: Callable[[], bool]) -> bool:
        """Compare what callers read of the followed pieces (taint/seen.py); where it changed,
        the pieces that may read it (`_dependents_due`'s selection) and that were not checked
        since the last edit have their data flow due, so a change goes on to the callers of
        callers, each piece checked at most once after an edit. True when some are due."""
        taint = self.engine.taint
        followed, self._followed = self._followed, []
        if taint is None or self.module is None or not followed:
            return False
        analyzer = taint.with_sources(self.options.taint.sources)
        places = {id(piece): unit for start, unit in self._top_units() for _, piece in _pieces(unit, start)}
        resolver = self._resolver_for(self._module_scope())
        marked = False
        try:
            for index, piece in enumerate(followed):
                if cancelled():
                    self._followed = followed[index:] + self._followed
                    break
                unit = places.get(id(piece))
                if unit is None:
                    continue
                owner = unit.node if unit is not piece else None
                changed, attributes = analyzer.changed_for_readers(
                    piece.node, owner, self.module, resolver, self.options.taint, self.tokens.counts,  # type: ignore[arg-type]
                )
                if changed or attributes:
                    marked = self._read_elsewhere(piece, unit, changed, attributes) or marked
                    self._note_exports(_exported_names(piece, unit))
        finally:
            analyzer.end_check()
        return marked

    def _read_elsewhere(self, piece: Unit, unit: Unit, summary: bool, attributes: Collection[str]) -> bool:
        """The pieces that may read the piece's summary (when `summary`; `unit`: the top-level
        unit holding the piece) or the `attributes` it leaves, not checked since the last edit,
        have their data flow due; True when there are some."""
        found: list[Unit] = []

        def due(other: Unit, at: int) -> None:
            if other is not piece and other.checked_edit < self._edits:
                found.append(other)
                self._data_flow_due(other, at)

        name = piece.node.name.value  # type: ignore[attr-defined]
        if unit is piece:
            if summary:
                self._mark(_CALLER_OF, [name], due)
            return bool(found)
        defined = frozenset([name]) if summary else frozenset()
        if defined or attributes:
            self._members_due(unit.node.name.value, defined | frozenset(attributes), defined, due)  # type: ignore[attr-defined]
        return bool(found)

    def _module_scope(self) -> Scope:
        """The module scope, built again only when a top-level statement binding more than
        its own name changed: a keystroke in a function or class keeps it (a 5,000-line
        module's scope costs several ms to build)."""
        assert self.module is not None
        body, cached = self.module.body, self._scope
        if cached is not None and (cached[0] is body or len(cached[0]) == len(body) and all(a is b or _same_definition(a, b) for a, b in zip(cached[0], body))):
            self._scope = (body, cached[1])
            return cached[1]
        scope = module_scope(body)
        self._scope = (body, scope)
        return scope

    def _resolver_for(self, scope: Scope) -> Resolver:
        """The round's resolver over `scope`: the source gate and the checks that follow it
        build each function's scope once (a 97-line function's costs ~2 ms a time)."""
        if self._resolver is None or self._resolver.module is not scope:
            self._resolver = Resolver(scope)
        return self._resolver

    def _without_input(self) -> bool:
        """Whether the source gate found no input in the module and no code changed since
        (while units are lazy, it is asked before each check that follows an edit of code)."""
        return self._lazy is not None and self.error is None and not self._input_due

    @staticmethod
    def _due(piece: Unit, defer: bool) -> bool:
        return piece.node is not None and (piece.findings is None or piece.nested is not None or (piece.flows_due and not defer))

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
        present = self._rule_words() & self.tokens.counts.keys()
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

    def _check(self, scope, import_line: int, enabled, taint: bool = True, **where: object) -> list[Finding]:  # type: ignore[no-untyped-def]
        """Findings of the document's module, for the part `where` names (check_tree's part
        arguments); too deep to check is one error and no findings."""
        assert self.module is not None
        self.stats.unit_checks += 1
        try:
            result = check_tree(
                self.module, scope, self.engine.index, path=self.options.path, import_line=import_line,
                enabled=enabled, severity_of=self.options.severity_of,
                taint=self.engine.taint if taint else None, taint_options=self.options.taint, words=self.tokens.counts,
                reads_input=not self._without_input(), resolver=self._resolver_for(scope), elsewhere=self._parts if "part" in where else None, homes=self.homes, **where,  # type: ignore[arg-type]
            )
        except RecursionError:
            self.check_error = error_finding(SYNTAX_ERROR, self.options.path, 1, 0, detail="nested too deeply to check")
            return []
        self.failed_rules.update(result.failed_rules)
        found = result.findings
        top = self._top_holding(where) if any(self._source_unplaced(f) for f in found) else None
        if top is not None:
            # A source outside the part (an attribute set from input in another method):
            # positions of the whole top-level unit place it, as a whole-document check does.
            index, start = top
            where = {**where, "part_module": self._part(self.units[index], index == 0), "line_offset": start}
            return self._check(scope, import_line, enabled, taint, **where)
        return found

    def _top_holding(self, where: dict) -> tuple[int, int] | None:
        """The index and first line of the top-level unit holding a part deeper than a
        top-level statement and checked with positions of its own; None otherwise."""
        part, ancestors = where.get("part"), where.get("part_ancestors")
        top = ancestors[1] if ancestors is not None and len(ancestors) > 1 else where.get("part_class")  # type: ignore[index]
        if part is None or top is None or top is part or where.get("line_offset") is None:
            return None
        for index, (start, unit) in enumerate(self._top_units()):
            if unit.node is top:
                return None if where.get("part_module") is not None and where["part_module"].body[0] is top else (index, start)  # type: ignore[union-attr]
        return None

    def _source_unplaced(self, finding: Finding) -> bool:
        """Whether a data-flow finding's source got no place (its message lacks "from line N")."""
        return finding.rule_id in self._refinement_rules()[1] and not (finding.related and finding.related[0].message.startswith("source: "))

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
        found = self._flows(scope, import_line, enabled, where) if flows_only else self._check(scope, import_line, enabled, **where)
        if flows_only:
            assert unit.findings is not None
            kept = [_shift(f, unit.checked_at + 1, start - unit.checked_at) for f in unit.findings if f.rule_id not in taint_ids]
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
        for finding in self._check(scope, import_line, enabled, parts=self._parts()):
            shares[self._locate(_home_line(finding), starts)].append(finding)
        for unit, start, share in zip(self.units, starts, shares):
            unit.findings, unit.checked_at, unit.flows_due, unit.checked_edit = share, start, False, self._edits
            if unit.members is not None:
                self._split_class_findings(unit, start)

    def _parts(self) -> dict[int, tuple[cst.Module, int]]:
        """Each parsed top-level unit (by id) in a module of its own, with its first line:
        positions from the units that need them (check_tree's `parts`)."""
        return {id(unit.node): (self._part(unit, index == 0), start) for index, (start, unit) in enumerate(self._top_units()) if unit.node is not None}

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
        chain = ancestry([step.node for step in holders] + [edit.statements[0]])
        old_chain = ancestry(edit.old_chain)
        depth = edit.piece_depth
        function = next((i for i, step in enumerate(holders) if i >= depth - 1 and isinstance(step.node, cst.FunctionDef)), None)
        rebound = rebound_names([edit.old_statement], edit.statements)
        if (
            chain is None or old_chain is None
            or any(enabled(rule.info) for rule in self._sequence_rules())
            or rebound is None or (rebound and function is None)
            or matches_on_chain(self.engine.index, [self.module, *chain], holders[depth - 1].node, scope, enabled)
            or matches_on_chain(self.engine.index, [self.module, *old_chain], edit.old_chain[depth - 1], scope, enabled)
            or (function is None and self._defines_function(edit) and not self._def_alone(edit, start, piece.lines))
            or (function is not None and self._called_elsewhere(holders[function], start, piece.lines))
        ):
            piece.findings = None
            return
        if function is None or all(_inert(node) for node in [edit.old_statement, *edit.statements]):
            # Outside functions, or a docstring edited: no data flow changes with it.
            found = self._check_statements(edit, piece, start, chain, scope, import_line, enabled)
            if found is None:
                piece.findings = None
                return
            piece.findings = piece.findings + found
            return
        outer = holders[function]
        ancestors = ancestry([step.node for step in holders[: function + 1]])
        # A top-level function is its own positions module (no `if 1:` wrapper), unless the
        # file's header comments sit above it (the first unit's lines hold them).
        indents = indents_of(holders[: function + 1]) if function > 0 else []
        module = positions_module([outer.node], indents, outer.indent, piece.indent, piece.newline)
        if ancestors is None or module is None or (function == 0 and start == 0 and self.header):
            piece.findings = None
            return
        where = dict(part=outer.node, part_module=module, line_offset=outer.start - len(indents), part_ancestors=[self.module, *ancestors], placed=self._placer(outer.node, outer.start))

        def in_outer(finding: Finding) -> bool:
            return outer.start <= _home_line(finding) < outer.start + outer.lines

        refinable, taint_ids = self._refinement_rules()
        function_scope = self._resolver_for(scope).scope_for([*ancestors, outer.node]) if rebound else None  # the checks below share it
        readers = self._readers(outer, rebound, enabled, function_scope) if function_scope is not None else []
        if (
            readers is None
            or 2 * sum(child.lines for child, _ in readers) > outer.lines
            or (rebound and rebinds_fix_names([edit.old_statement], edit.statements, self.engine.nested_facts.fix_names))
            or may_refine("".join(self.buffer.lines[outer.start : outer.start + outer.lines]), refinable, enabled, scope)
        ):
            # Data flow may decide pattern findings anywhere in the function (a pattern rule
            # yields to the taint rule refining it, refinement.py), most of it names what the
            # edit rebinds, or the edit rebinds a name a fix looks up (`secrets`: the fix of
            # any statement may change): the function is checked again whole, in one walk.
            found = self._check(scope, import_line, enabled, **where)
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
            statements = self._check_statements(edit, piece, start, chain, scope, import_line, enabled, taint=False)
            if statements is None:
                piece.findings = None
                return
            found += statements
            alone = [(child, between) for child, between in readers if not first <= child.start < end]
        routes: dict[tuple[int, ...], list[cst.CSTNode] | None] = {}
        for child, between in alone:
            checked = self._check_statement(child, [*holders[: function + 1], *between], piece, scope, import_line, enabled, routes)
            if checked is None:
                piece.findings = None
                return
            found += checked
        kept = [
            f for f in piece.findings
            if not (in_outer(f) and f.rule_id in taint_ids) and not any(child.start <= _home_line(f) < child.start + child.lines for child, _ in readers)
        ]
        piece.findings = kept + found + self._flows(scope, import_line, enabled, where)

    def _flows(self, scope, import_line: int, enabled, where: dict) -> list[Finding]:  # type: ignore[no-untyped-def]
        """The data-flow findings of the part `where` names. None can start where no code of
        the text holds a source (`_without_input`): taint rules match no pattern of their
        own, so the walk of the part is spared."""
        if self._without_input():
            return []
        taint_ids = self._refinement_rules()[1]
        return self._check(scope, import_line, lambda info: info.id in taint_ids and enabled(info), **where)

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
            word = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in sorted(named)) + r")\b")
            found = [found for step, text in zip(steps, texts) if word.search(text) for found in self._inner_readers(step, [], word, enabled)]
            if 2 * sum(step.lines for step, _ in found) > function.lines:
                return found  # most of it already: checked whole (readers only grow with the names)
            bound = named.union(*(folding_names(step.node, scope) for step, _ in found))
            if bound == named:
                return found
            named = bound

    def _inner_readers(self, step: Step, between: list[Step], word: re.Pattern[str], enabled) -> list[tuple[Step, list[Step]]]:  # type: ignore[no-untyped-def]
        """A statement in a block naming a changed binding (`word` finds them), or the
        statements inside it naming one (`_readers_inside`); each with the compound
        statements above it, below the function (`between` for this one)."""
        inner = self._readers_inside(step, between, word, enabled)
        return [(step, between)] if inner is None else inner

    def _readers_inside(self, step: Step, between: list[Step], word: re.Pattern[str], enabled) -> list[tuple[Step, list[Step]]] | None:  # type: ignore[no-untyped-def]
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
            record_layouts(step.node, self.buffer.lines[step.start : step.start + step.lines], self.layouts)
            entry = self.layouts.get(id(step.node))
        if entry is None or entry[0] is not step.node:
            return None
        return [Step(child.node, step.start + child.offset, child.lines, child.in_block, child.indent) for child in entry[1]]

    def _placer(self, root: cst.CSTNode, start: int) -> Placed:
        """Where the statements inside `root` (first line `start`) start, from the layouts
        recorded so far (none is recorded for this): check_tree then places a finding from
        the innermost statement holding it that a layout places, not by generating `root`
        from its first line."""

        def placed(chain: Sequence[cst.CSTNode]) -> tuple[cst.BaseStatement, int, str] | None:
            found, node, line = None, root, start
            for inner in itertools.dropwhile(lambda n: n is not root, chain):
                if inner is node or not isinstance(inner, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                    continue
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
            scope, import_line, enabled, False, part=step.node, part_module=positions,
            line_offset=step.start - len(indents), part_ancestors=[self.module, *chain], placed=self._placer(step.node, step.start),
        )

    def _check_statements(self, edit: NestedEdit, piece: Unit, start: int, chain: list, scope, import_line: int, enabled, taint: bool = True) -> list[Finding] | None:  # type: ignore[no-untyped-def]
        """The findings of the re-parsed statements alone, with their real ancestors (`chain`);
        None when their positions cannot be had alone."""
        assert self.module is not None
        positions = positions_module(edit.statements, edit.indents, edit.indent, piece.indent, piece.newline)
        if positions is None:
            return None
        found: list[Finding] = []
        for step in edit.path[len(edit.path) - len(edit.statements) :]:
            found += self._check(
                scope, import_line, enabled, taint, part=step.node, part_module=positions,
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
        callers' data flow may change with it, so the piece is checked whole."""
        name = function.node.name.value  # type: ignore[attr-defined]
        call = re.compile(_CALLER_OF.format(re.escape(name)))
        text = self.buffer.lines
        return any(
            call.search(text[line]) for line in range(start, start + lines)
            if not function.start <= line < function.start + function.lines
        )

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
            line = _home_line(finding)
            index = bisect.bisect_right(bounds, line) - 1
            if 0 <= index and line < at:
                unit.members[index].findings.append(finding)  # type: ignore[union-attr]
            else:
                own.append(finding)
        unit.findings = own


def _home_line(finding: Finding) -> int:
    """The line (0-based) of the statement a finding was matched in: its unit, which a check
    of that unit alone finds it in again, even when its range lies in another unit (a
    constant the pattern looked through)."""
    return (finding.statement_lines[0] if finding.statement_lines else finding.span.start.line) - 1


def _same_definition(old: cst.CSTNode, new: cst.CSTNode) -> bool:
    """Whether two top-level statements are definitions of one kind and name: the module
    scope binds nothing else of them (what a function or class holds is its own)."""
    return type(old) is type(new) and isinstance(old, (cst.FunctionDef, cst.ClassDef)) and old.name.value == new.name.value  # type: ignore[attr-defined]


def _line_ends_only(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether lines changed only in spaces at their ends (a line continued by a backslash
    excepted): the same code and words, though a string running past a line end may hold
    them."""
    return len(old) == len(new) and all(
        a.rstrip() == b.rstrip() and not a.rstrip().endswith("\\") for a, b in zip(old, new)
    )


def _statement_pieces(units: Sequence[Unit]) -> Iterable[tuple[int, Unit]]:
    """The pieces the plan keys by line (top-level statements and classes' members; a class
    with members stands for them), each with the line of its first decorator or keyword."""
    start = 0
    for unit in units:
        for at, piece in _pieces(unit, start):
            if piece.node is not None and (piece is not unit or unit.members is None):
                yield at + len(getattr(piece.node, "leading_lines", ())), piece
        start += unit.lines


def _definition_pieces(units: Sequence[Unit]) -> Iterable[tuple[int, Unit]]:
    """The pieces that are definitions (functions, classes without members of their own)."""
    return ((line, piece) for line, piece in _statement_pieces(units) if isinstance(piece.node, (cst.FunctionDef, cst.ClassDef)))


def _mark_lazy(units: Sequence[Unit], planned: Plan) -> bool:
    """Mark the pieces whose `def`/`class` line holds a stub of the plan; False if none is."""
    marked = 0
    for line, piece in _definition_pieces(units):
        names = planned.lazy.get(line)
        if names is not None:
            piece.lazy = names
            marked += 1
    return marked == len(planned.lazy)


def _pieces_at(pieces: Iterable[tuple[int, Unit]], lines: Collection[int]) -> dict[int, cst.CSTNode]:
    """The nodes of those pieces keyed at these lines, by id."""
    return {id(piece.node): piece.node for line, piece in pieces if line in lines}  # type: ignore[misc]


def _inert(statement: cst.CSTNode) -> bool:
    """Whether a statement is only literal expressions (a docstring, `...`) or `pass`: it
    binds, calls and reads nothing, so no data flow goes through it."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    return all(isinstance(item, cst.Pass) or (isinstance(item, cst.Expr) and _literal(item.value)) for item in statement.body)


def _literal(node: cst.CSTNode) -> bool:
    """A plain literal: strings (not f-strings, which may call), numbers, `...`."""
    if isinstance(node, cst.ConcatenatedString):
        return _literal(node.left) and _literal(node.right)
    return isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis))


def _touching(findings: Sequence[Finding], lines: range) -> bool:
    """Whether a finding, one of its fixes or data-flow steps spans one of `lines` (0-based):
    its message or fix may quote their text."""
    return any(span.start.line - 1 < lines.stop and lines.start <= span.end.line - 1 for f in findings for span in _spans(f))


def _spans(finding: Finding) -> Iterator[Span]:
    """Every range a finding holds: its own, its data-flow steps', its fixes' edits."""
    yield finding.span
    for related in finding.related:
        yield related.span
    for fix in (finding.fix, *finding.alternatives):
        if fix is not None:
            yield from (edit.span for edit in fix.edits)


def _without_lines(findings: list[Finding], checked_at: int, start: int, at: int, old_lines: int, delta: int) -> list[Finding]:
    """A piece's findings (computed when it began at `checked_at`, now at `start`) without
    those on the `old_lines` lines from `start + at`, which became `old_lines + delta` lines."""
    moved = [_shift(f, checked_at + 1, start - checked_at) for f in findings]
    first, end = start + at, start + at + old_lines
    return [_shift(f, end + 1, delta) for f in moved if not first <= _home_line(f) < end]


def _lines_matching(template: str, names: Collection[str], lines: Sequence[str]) -> list[int]:
    """Indexes of the lines where `template` (its `{}` standing for any of `names`) matches.
    The names alone are looked for first: a pattern starting with them is found by a fast
    scan, where one starting with a look-behind is tried at every character."""
    words = "(?:" + "|".join(re.escape(name) for name in sorted(names)) + ")"
    candidates = _offsets_to_lines(re.compile(words), lines)
    pattern = re.compile(template.format(words))
    return [index for index in candidates if pattern.search(lines[index])]


def _offsets_to_lines(pattern: re.Pattern[str], lines: Sequence[str]) -> list[int]:
    """Indexes of the lines `pattern` matches in (one scan of the text, not one per line)."""
    found = [m.start() for m in pattern.finditer("".join(lines))]
    if not found:
        return []
    ends = list(itertools.accumulate(map(len, lines)))
    return sorted({bisect.bisect_right(ends, offset) for offset in found})


_ELIF = re.compile(r"^([ \t\f]*)elif(?![\w])")
_BLOCKS = (cst.If, cst.Try, cst.TryStar, cst.For, cst.While, cst.With, cst.Match)  # compound statements but definitions
_CALL_OF = r"\b{}\s*\("  # a call of a name (or its def line, which the callers exclude)
_CALLER_OF = r"(?<!def )" + _CALL_OF  # a call of a name, not its def line
# A name after a dot, across spaces, comments and line continuations: every attribute a
# method may set (`self.x = ...`, `for self.x in ...`, `self.a, self.b = ...`).
_ATTRIBUTE = re.compile(r"\.(?:\s|\\|#[^\r\n]*)*([^\W\d]\w*)")
_WORD = r"\b{}\b"
_DEFINES = re.compile(r"\bdef\s+([^\W\d]\w*)")  # names may be any letters: `def über`
_MARKERS = ("redline", "nosec", "noqa")


def _commented(lines: Iterable[str]) -> int:
    """How many lines may hold a suppression comment (a `#` and a marker word)."""
    return sum(1 for line in lines if "#" in line and any(marker in line.lower() for marker in _MARKERS))


def _block_indent(module: cst.Module, depth: int) -> str:
    """The indentation of the block inside `depth` nested wrappers (see nesting.wrapper)."""
    indent, body = "", module.body
    for _ in range(depth):
        block = body[0].body  # type: ignore[attr-defined]
        indent += block.indent if block.indent is not None else module.default_indent
        body = block.body
    return indent


class _Fallback(Exception):
    """The changed lines cannot be re-parsed as class members: re-parse the whole class."""


def _indented(lines: Sequence[str], index: int, base: str = "") -> bool:
    """Whether line `index` is a comment or blank line indented deeper than `base`."""
    if index >= len(lines) or index < 0:
        return False
    line = lines[index]
    if not line.startswith(base):
        return False
    rest = line[len(base) :]
    return bool(rest) and rest[0] in " \t\f" and (not rest.strip() or rest.lstrip().startswith("#"))


def _ends_with_break(text: str) -> bool:
    return text.endswith(("\n", "\r"))


def _contribution(statement: cst.CSTNode, code: str) -> tuple:
    """What a top-level statement (whose text is `code`) adds to the module scope, as
    comparable text."""
    items = scope_items([statement])
    if isinstance(statement, cst.FunctionDef):  # data-flow summaries of callers depend on its code
        items += ((statement.name.value, "function", hash(code)),)
    return items


def _changed_names(old: Sequence[Unit], new: Sequence[Unit]) -> set[str]:
    """Names whose module-level binding differs; `import:` marks changed imports."""
    def table(units: Sequence[Unit]) -> dict[str, list]:
        found: dict[str, list] = {}
        for unit in units:
            for item in unit.contribution:
                found.setdefault(item[0], []).append(item[1:])
        return found

    before, after = table(old), table(new)
    names: set[str] = set()
    for name in set(before) | set(after):
        if before.get(name) != after.get(name):
            kinds = {kind for kind, *_ in before.get(name, []) + after.get(name, [])}
            differing = {item[0] for item in set(map(tuple, before.get(name, []))) ^ set(map(tuple, after.get(name, [])))}
            if name == "modules" or "import" in kinds:
                names.add("import:" + name)
            elif differing == {"function"}:
                names.add("function:" + name)
            else:
                names.add(name)
    return names


def _exported_names(piece: Unit, unit: Unit) -> list[str]:
    """The names importing documents call a function or method by (`unit`: the top-level unit
    holding it): its own, and its class's for a method."""
    name = piece.node.name.value  # type: ignore[attr-defined]
    return [name] if piece is unit else [unit.node.name.value, name]  # type: ignore[attr-defined]

def _closure(names: set[str], units: Sequence[Unit]) -> set[str]:
    """Names whose module-level value mentions a changed name change too."""
    values: dict[str, str] = {}
    for unit in units:
        for item in unit.contribution:
            if item[1] == "value":
                values[item[0]] = values.get(item[0], "") + " ".join(v or "" for v in item[2])
    result = set(names)
    grew = True
    while grew:
        grew = False
        for name, code in values.items():
            if name not in result and any(re.search(rf"\b{re.escape(n)}\b", code) for n in result):
                result.add(name)
                grew = True
    return result


def _reuse_findings(old: list[Unit], new: list[Unit], old_starts: list[int], new_starts: list[int]) -> set[int]:
    """After a full parse, keep the findings of leading and trailing units whose text is unchanged.

    The first unit is always checked again (it owns the file header). Returns ids of reused
    old units.
    """
    reused: set[int] = set()

    def take(o: Unit, n: Unit, n_start: int) -> None:
        reused.add(id(o))
        for (at, piece), (_, before) in zip(_pieces(n, n_start), _pieces(o, 0)):
            if before.findings is not None and before.nested is None and not before.flows_due:
                piece.findings = [_shift(f, before.checked_at + 1, at - before.checked_at) for f in before.findings]
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


def _holds(lines: Sequence[int], start: int, piece: Unit) -> bool:
    """Whether one of these sorted line indexes lies in the piece at `start`."""
    index = bisect.bisect_left(lines, start)
    return index < len(lines) and lines[index] < start + piece.lines


def _pieces(unit: Unit, start: int) -> list[tuple[int, Unit]]:
    """A unit and its members, each with its first line."""
    pieces = [(start, unit)]
    if unit.members is not None:
        at = start + unit.head
        for member in unit.members:
            pieces.append((at, member))
            at += member.lines
    return pieces


def _shift_position(position: Position, from_line: int, delta: int) -> Position:
    return Position(position.line + delta, position.column) if position.line >= from_line else position


def _shift_span(span: Span, from_line: int, delta: int) -> Span:
    return Span(_shift_position(span.start, from_line, delta), _shift_position(span.end, from_line, delta))


def _shift_message(finding: Finding, from_line: int, delta: int) -> str:
    """A data-flow message names its source's line (taint/report.py: "... from line N
    reaches ..."); the source is the first related location."""
    related = finding.related
    if not related or not related[0].message.startswith("source: "):
        return finding.message
    line = related[0].span.start.line
    if line < from_line:
        return finding.message
    return finding.message.replace(f" from line {line} reaches ", f" from line {line + delta} reaches ", 1)


def _shift(finding: Finding, from_line: int, delta: int) -> Finding:
    """The finding moved by `delta` lines (positions before `from_line`, such as an import
    insertion at the top of the file, stay where they are)."""
    if delta == 0:
        return finding
    def shifted(fix: Fix) -> Fix:
        return Fix(fix.title, fix.safety, tuple(TextEdit(_shift_span(e.span, from_line, delta), e.new_text) for e in fix.edits))

    lines = finding.statement_lines
    return replace(
        finding,
        message=_shift_message(finding, from_line, delta),
        span=_shift_span(finding.span, from_line, delta),
        fix=shifted(finding.fix) if finding.fix is not None else None,
        alternatives=tuple(shifted(fix) for fix in finding.alternatives),
        related=tuple(RelatedLocation(_shift_span(r.span, from_line, delta), r.message) for r in finding.related),
        statement_lines=(lines[0] + delta, lines[1] + delta) if lines and lines[0] >= from_line else lines,
    )
