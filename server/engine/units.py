"""The incremental document model: a text cut into units, each with its LibCST node and findings.

A unit is a top-level statement or, for a top-level class, one member of its body (the class
keeps the findings of its header). Units partition the lines of the text exactly as LibCST
would split a full parse of it (leading comments belong to the statement below them), so an
edit touches one unit in the common case: only that unit's lines are re-parsed (a class member
wrapped in a `class _:` header) and re-checked, and the other units only move. When a unit does
not parse alone, or the edit changes unit boundaries, the whole text is parsed; if that fails
too the last good findings stay on the lines that did not change, beside one syntax error.

Units are checked against the document's module (rules see real ancestors and siblings) with
their positions taken from a small module holding just the unit; module facts (imports,
constants) are recomputed per changed unit, and units naming a changed fact are re-checked.
See docs in ../shared/design.md ("Why blocks").
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, replace
from typing import Callable, Collection, Iterable, Sequence

import libcst as cst

from .analysis import (
    READ_ERROR, SYNTAX_ERROR, AnalysisOptions, Engine, error_finding, finalize, parse_source,
)
from .checker import check_tree
from .fixes import import_insertion_line
from .formula import code_of
from .model import Finding, Fix, Position, RelatedLocation, RuleInfo, Span, TextEdit
from .prefilter import LineTokens
from .resolver import ImportBinding, module_scope
from .suppressions import apply_suppressions, source_lines

_LINE_SPLIT = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
_BREAKS = re.compile(r"\r\n|\r|\n")
# Brackets outside strings and comments, to refuse what CPython refuses (more than 200 nested
# brackets) before LibCST's native parser overflows its stack on it.
_BRACKET_SCAN = re.compile(
    r"#[^\r\n]*|[rbuRBUfF]{0,2}(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\.|[^\"\\\r\n])*\"|'(?:\\.|[^'\\\r\n])*')|[()\[\]{}]"
)
MAX_NESTING = 200  # CPython: "too many nested parentheses"
MAX_INDENT = 100  # CPython: "too many levels of indentation"
_UNARY_CHAIN = re.compile(r"(?:(?:[-+~]|\bnot\b)\s*){%d}" % MAX_NESTING)
_INDENT = re.compile(r"^([ \t\f]*)[^ \t\f\r\n#]", re.MULTILINE)
_WRAPPER = "class _:\n"


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split where LSP splits them (\\r\\n, \\r, \\n; never \\f)."""
    return _LINE_SPLIT.split(text)


def count_breaks(text: str) -> int:
    return len(_BREAKS.findall(text)) if "\r" in text else text.count("\n")


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


@dataclass
class Stats:
    """What the model did, for tests and `redline/debugStats`."""

    unit_parses: int = 0
    full_parses: int = 0
    unit_checks: int = 0


class IncrementalDocument:
    """One open document's text, units and findings, updated edit by edit."""

    def __init__(self, engine: Engine, text: str, options: AnalysisOptions) -> None:
        self.engine = engine
        self.options = options
        self.buffer = TextBuffer(text)
        self.tokens = LineTokens(engine.rules, self.buffer.lines)
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
        self._lock = threading.RLock()
        with self._lock:
            self._full_parse_or_break(0, -1)
            self._check_pending(lambda: False)

    # -- public ------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.buffer.text

    def apply(self, changes: Iterable[Change], cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Apply client changes, then check what changed; False if cancelled before the end."""
        with self._lock:
            for change in changes:
                self._apply_one(change)
            return self._check_pending(cancelled)

    def check(self, cancelled: Callable[[], bool] = lambda: False) -> bool:
        """Finish checking after a cancelled `apply`."""
        with self._lock:
            return self._check_pending(cancelled)

    def replace_text(self, text: str) -> None:
        with self._lock:
            self.buffer = TextBuffer(text)
            self.tokens = LineTokens(self.engine.rules, self.buffer.lines)
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
            raw: list[Finding] = []
            for start, unit in self._walk_units():
                if unit.findings:
                    delta = start - unit.checked_at
                    raw.extend(unit.findings if delta == 0 else (_shift(f, unit.checked_at + 1, delta) for f in unit.findings))
            if self.error is not None:
                raw = [f for f in raw if not self._on_changed_line(f)]
            outcome = apply_suppressions(raw, source_lines(self.buffer.text), self.engine.infos, self.options.suppression, self.options.path)
            return finalize(outcome.kept + outcome.problems)

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
        first, old_last, new_last, removed = self.buffer.apply(change)
        self.tokens.replace(removed, self.buffer.lines[first : new_last + 1])
        delta = new_last - old_last
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
        if lo == hi and unit.members and unit.node is not None:
            try:
                if self._reparse_members(unit, starts[lo], first, old_last, delta):
                    self._settle()
                    return
            except _Fallback:
                pass
        self._reparse_top(lo, hi, starts, delta)

    def _reparse_top(self, lo: int, hi: int, starts: list[int], delta: int) -> None:
        lines = self.buffer.lines
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

    def _parse_chunk(self, text: str) -> cst.Module | None:
        self.stats.unit_parses += 1
        if too_deep(text):
            return None
        try:
            return cst.parse_module(text)
        except Exception:
            return None

    def _reparse_members(self, unit: Unit, start: int, first: int, old_last: int, delta: int) -> bool:
        """Re-parse the changed members of a class alone; False when the edit is not inside them."""
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
        parsed = self._parse_chunk(_WRAPPER + text)
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
        unit.members[lo : hi + 1] = members
        unit.lines += delta
        unit.key = hash("".join(lines[start : start + unit.lines]))
        assert isinstance(unit.node, cst.ClassDef)
        unit.node = unit.node.with_changes(body=unit.node.body.with_changes(body=[m.node for m in unit.members]))
        self._refresh_module()
        return True

    # -- building units ----------------------------------------------------------------------

    def _units_of(self, module: cst.Module, header: bool, text: str | None = None) -> list[Unit]:
        """Units of a parsed module; `text` is its source when known (spares the codegen of a
        lone statement, the common case of a re-parsed chunk)."""
        units = []
        alone = text is not None and len(module.body) == 1 and not module.footer and (header or not module.header)
        for index, statement in enumerate(module.body):
            code = text if alone else module.code_for_node(statement)
            assert code is not None
            lines = count_breaks(code) + (len(module.header) if header and index == 0 and not alone else 0)
            unit = Unit(statement, lines, hash(code), module.default_indent, module.default_newline)
            body = getattr(statement, "body", None)
            if isinstance(statement, cst.ClassDef) and isinstance(body, cst.IndentedBlock) and body.body:
                unit.members = [self._member(m, module, body.indent) for m in body.body]
                unit.head = lines - len(body.footer) - sum(m.lines for m in unit.members)
            unit.contribution = _contribution(statement)
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
        self._refresh_module()
        self._invalidate_for(old, new_units)
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
        names = _changed_names([u for u in old if u.node is not None], new)
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

    def _invalidate_all(self) -> None:
        for _, unit in self._walk_units():
            unit.findings = None

    def _invalidate_naming(self, names: set[str], called: Collection[str] = frozenset()) -> None:
        """Check again the units that mention a changed module-level name, or that call a
        function whose code changed (its callers' data flow may change with it)."""
        words = [rf"\b{re.escape(n)}\b" for n in sorted(_closure(names, self.units))] if names else []
        words += [rf"\b{re.escape(n)}\s*\(" for n in sorted(called)]
        pattern = re.compile("|".join(words))
        hits = [i for i, line in enumerate(self.buffer.lines) if pattern.search(line)]
        for start, unit in self._walk_units():
            if unit.members is not None and unit.findings is not None:
                head_end = start + unit.head
                if any(start <= line < head_end for line in hits):
                    unit.findings = None
            else:
                index = bisect.bisect_left(hits, start)
                if index < len(hits) and hits[index] < start + unit.lines:
                    unit.findings = None

    def _full_parse_or_break(self, lo: int, hi: int, start: int = 0, end: int | None = None) -> None:
        """Parse the whole text; if it does not parse, units lo..hi (now lines [start, end))
        become one broken unit that keeps their findings."""
        if self._full_parse():
            return
        if end is None:
            end = len(self.buffer.lines)
        kept = self._kept_findings(self.units[lo : hi + 1], start)
        self.units[lo : hi + 1] = [Unit(None, end - start, 0, "    ", "\n", findings=kept, checked_at=start)]
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
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            self.error = error_finding(READ_ERROR, path, line, 0, detail="contains NUL bytes (binary file?)")
            return False
        deep = too_deep(text)
        if deep:
            self.error = error_finding(SYNTAX_ERROR, path, deep, 0, detail="nested deeper than Python allows")
            return False
        module, error = parse_source(text, path)
        if module is None:
            self.error = error
            return False
        try:
            units = self._units_of(module, header=True)
        except RecursionError:
            self.error = error_finding(SYNTAX_ERROR, path, 1, 0, detail="nested too deeply to check")
            return False
        old_units, old_starts = self.units, self._starts()
        self.header, self.footer = module.header, module.footer
        self.units = units
        self.module = module
        reused = _reuse_findings(old_units, self.units, old_starts, self._starts())
        self.error = None
        self.check_error = None
        self._changed = []
        if old_units:
            self._invalidate_for([u for u in old_units if id(u) not in reused], [u for u in self.units if u.findings is None])
        else:
            self._import_line = import_insertion_line(module)
        return True

    # -- checking ----------------------------------------------------------------------------

    def _check_pending(self, cancelled: Callable[[], bool]) -> bool:
        if self.module is None or (self.error is not None and self.error.rule_id == READ_ERROR.id):
            return True
        scope = module_scope(self.module.body)
        import_line = import_insertion_line(self.module)
        self._import_line = import_line
        enabled = self._enabled()
        self.check_error = None
        if all(unit.findings is None and unit.node is not None for unit in self.units):
            self._check_whole(scope, import_line, enabled)
            return True
        for index, (start, unit) in enumerate(self._top_units()):
            if cancelled():
                return False
            if unit.node is None:
                continue
            if unit.findings is None:
                self._run_check(unit, start, self._part(unit, index == 0), 1, scope, import_line, enabled)
            elif unit.members is not None:
                at = start + unit.head
                for member in unit.members:
                    if member.findings is None:
                        self._run_check(member, at, self._member_part(member), 2, scope, import_line, enabled, owner=unit)
                    at += member.lines
        return True

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

    def _part(self, unit: Unit, first: bool) -> cst.Module:
        """A module holding just this statement: its positions without the whole file's."""
        header = self.header if first else ()
        return cst.Module(body=[unit.node], header=header, default_indent=unit.indent, default_newline=unit.newline)  # type: ignore[list-item]

    @staticmethod
    def _member_part(member: Unit) -> cst.Module:
        indent = member.block_indent if member.block_indent != member.indent else None
        wrapper = cst.ClassDef(name=cst.Name("_"), body=cst.IndentedBlock(body=[member.node], indent=indent))  # type: ignore[list-item]
        return cst.Module(body=[wrapper], default_indent=member.indent, default_newline=member.newline)

    def _check(self, scope, import_line: int, enabled, **where: object) -> list[Finding]:  # type: ignore[no-untyped-def]
        """Findings of the document's module, for the part `where` names (check_tree's part
        arguments); too deep to check is one error and no findings."""
        assert self.module is not None
        self.stats.unit_checks += 1
        try:
            result = check_tree(
                self.module, scope, self.engine.index, path=self.options.path, import_line=import_line,
                enabled=enabled, severity_of=self.options.severity_of,
                taint=self.engine.taint, taint_options=self.options.taint, words=self.tokens.counts,
                **where,  # type: ignore[arg-type]
            )
        except RecursionError:
            self.check_error = error_finding(SYNTAX_ERROR, self.options.path, 1, 0, detail="nested too deeply to check")
            return []
        self.failed_rules.update(result.failed_rules)
        return result.findings

    def _run_check(self, unit: Unit, start: int, part: cst.Module, part_first: int, scope, import_line: int, enabled, owner: Unit | None = None) -> None:  # type: ignore[no-untyped-def]
        unit.findings = self._check(
            scope, import_line, enabled, line_offset=start + 1 - part_first,
            part=unit.node, part_module=part, part_class=owner.node if owner is not None else None,
        )
        unit.checked_at = start
        if unit.members is not None:
            self._split_class_findings(unit, start)

    def _check_whole(self, scope, import_line: int, enabled) -> None:  # type: ignore[no-untyped-def]
        """Every unit is due (a document just opened, new settings): one walk of the whole
        module, as the CLI does, is cheaper than one per unit; findings are shared out by line."""
        starts = self._starts()
        parts = {id(unit.node): (self._part(unit, index == 0), start) for index, (unit, start) in enumerate(zip(self.units, starts))}
        shares: list[list[Finding]] = [[] for _ in self.units]
        for finding in self._check(scope, import_line, enabled, parts=parts):
            shares[self._locate(finding.span.start.line - 1, starts)].append(finding)
        for unit, start, share in zip(self.units, starts, shares):
            unit.findings, unit.checked_at = share, start
            if unit.members is not None:
                self._split_class_findings(unit, start)

    def _split_class_findings(self, unit: Unit, start: int) -> None:
        """A class checked whole: each member keeps the findings on its lines."""
        assert unit.members is not None and unit.findings is not None
        at, bounds = start + unit.head, []
        for member in unit.members:
            bounds.append(at)
            member.findings, member.checked_at = [], at
            at += member.lines
        own = []
        for finding in unit.findings:
            line = finding.span.start.line - 1
            index = bisect.bisect_right(bounds, line) - 1
            if 0 <= index and line < at:
                unit.members[index].findings.append(finding)  # type: ignore[union-attr]
            else:
                own.append(finding)
        unit.findings = own


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


def _contribution(statement: cst.CSTNode) -> tuple:
    """What a top-level statement adds to the module scope, as comparable text."""
    scope = module_scope([statement])
    items = []
    for name, binding in sorted(scope.bindings.items()):
        if isinstance(binding, ImportBinding):
            items.append((name, "import", binding.qualified))
        else:
            items.append((name, "value", tuple(code_of(v) if v is not None else None for v in binding.values)))
    if isinstance(statement, cst.FunctionDef):  # data-flow summaries of callers depend on its code
        items.append((statement.name.value, "function", code_of(statement.with_changes(leading_lines=()))))
    return tuple(items) + (("modules", tuple(sorted(scope.modules))),)


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
            if before.findings is not None:
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
        span=_shift_span(finding.span, from_line, delta),
        fix=shifted(finding.fix) if finding.fix is not None else None,
        alternatives=tuple(shifted(fix) for fix in finding.alternatives),
        related=tuple(RelatedLocation(_shift_span(r.span, from_line, delta), r.message) for r in finding.related),
        statement_lines=(lines[0] + delta, lines[1] + delta) if lines else None,
    )
