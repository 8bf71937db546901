"""The data-flow follow-up of an edit: which other pieces of this document, and which names
for the documents importing it, must be checked again because they read what the edit changed.

A changed module-level name drops the findings of the pieces naming it (`_invalidate_naming`);
a changed top-level function makes its callers' data flow due, now or, when callers read its
old node (taint/seen.py), only where what they read of it changed (`_callers_due_of`,
`_carry_edited`, `_readers_due`); a changed method makes due the pieces that may look up what
it defines or names (`_dependents_due`, `_members_due`), or, when readers read its old node,
only those reading what changed (`_compared_later`, `_carry_members`). Data flow due only because code
elsewhere changed is marked at the next check without `defer` (`_mark_due_later`), and the
names importing documents must look at again are collected (`take_changed_exports`,
`_export_callers`). The pieces are found by searching the text (`_lines_matching`), not by
walking nodes.

These are methods of the document (a mixin `IncrementalDocument` inherits), as those of
first_open.py and unit_reparse.py are: they read the document's units and text and mark its
pieces due. `DataFlowDue` names what they use of it.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Callable, Collection, Iterable, NamedTuple, Sequence

import libcst as cst

from .attribute_names import attribute_names
from .fixes import import_insertion_line
from .taint.summaries import node_names
from .unit_model import Unit, pieces_of
from .unit_reparse import DEFINES
from .word_search import Words, calls, lines_holding

if TYPE_CHECKING:
    import threading

    from .analysis import AnalysisOptions, Engine
    from .lazy_units import LazyContext
    from .prefilter import LineTokens
    from .taint.analyzer import TaintAnalyzer
    from .text_buffer import TextBuffer


_CALL_OF = r"\b{}\s*\("  # a call of a name (or its def line, which the callers exclude)
_CALLER_OF = r"(?<!def )" + _CALL_OF  # a call of a name, not its def line
_WORD = r"\b{}\b"
_SPARE_RECORDS = 64  # records of replaced functions kept before they are dropped (`_forget_replaced`)


class _Due(NamedTuple):
    """Data flow an edit made due elsewhere, marked at a later check."""

    key: str  # a line template (`{}` for any of `names`), or the class whose methods changed
    names: frozenset[str]  # called names; or the methods defined and attributes named
    edited: Unit | None  # the edited piece, which is not due again
    edit: int  # the edit count when made due
    methods: frozenset[str] | None  # the methods defined, for a class key; None for a template


class _EditedMember(NamedTuple):
    """A method edited since the last check without `defer` whose node before the first such
    edit some reader read (taint/seen.py): compared then (`_carry_members`)."""

    piece: Unit
    node: cst.FunctionDef  # its node before the first edit
    due: _Due  # its dependents, due should the comparison be impossible


class DataFlowDue:
    """What else an edit makes due (a mixin of units.IncrementalDocument): the pieces whose
    findings or data flow are to be checked again because they name or read what changed,
    and the names whose code changed for the documents importing this one.

    Besides the attributes below, it calls the document's `_walk_units`, `_top_units`,
    `_module_scope` and `_resolver_for` (units.py).
    """

    engine: Engine
    options: AnalysisOptions
    buffer: TextBuffer  # searched for the lines naming or calling what changed
    tokens: LineTokens  # their counts tell whether input may be read at all
    units: list[Unit]
    module: cst.Module | None
    _lock: threading.RLock
    _import_line: int  # where a fix's import goes: when it moves, fixes adding an import are made again
    _lazy: LazyContext | None  # set while the source gate found no input (first_open.py)
    _materialize: bool  # set when every lazy unit is to be parsed (new rules, settings or imports)
    _input_due: bool  # set when the source gate is to be asked again at the next check
    _edits: int  # the edit count: pieces checked since an edit are not due again for it
    _exports: set[str] | None  # names whose code changed since taken (None: any)
    _due_later: list[_Due]  # data flow made due by an edit elsewhere, marked at the next check without `defer`
    _followed: list[Unit]  # functions checked again whose callers may read something else of them now
    _calls_changed: set[str]  # names whose summary may have changed since the last check without `defer`
    _edited: dict[str, cst.FunctionDef]  # edited top-level functions' nodes before the first edit callers read
    _edited_members: list[_EditedMember]  # edited methods whose node before the first edit readers read

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
                self._calls_changed.update(names)

    def deferred(self) -> bool:
        """Whether pieces wait for their data flow (an `apply(..., defer=True)` left them)."""
        with self._lock:
            self._drop_uncalled()
            return bool(self._due_later or self._followed or self._calls_changed or self._edited or self._edited_members) or any(piece.flows_due and piece.node is not None for _, piece in self._walk_units())

    def _drop_uncalled(self) -> None:
        """Changed names no line of the text calls leave nothing to do: `_export_callers` and
        the callers' marks (`_CALLER_OF`) would find no piece, so no background check is
        scheduled for them. A call typed later is in an edited piece, checked then with the
        summaries of the code then (they are keyed by it). It runs on the event loop after
        publishing, so it searches the text once per name (`word_search.calls`, ~0.1 ms a name
        at 10,031 lines, where a search line by line took ~1.3): a call split across lines
        (`run\n(`) counts too, which only keeps a background check the lines would not find."""
        called = set(self._calls_changed).union(*(mark.names for mark in self._due_later if mark.key == _CALLER_OF))
        if not called:
            return
        text = self.buffer.text
        present = {name for name in called if calls(text, name)}
        self._calls_changed &= present
        kept = (mark._replace(names=mark.names & present) if mark.key == _CALLER_OF else mark for mark in self._due_later)
        self._due_later = [mark for mark in kept if mark.names]

    @staticmethod
    def _data_flow_due(piece: Unit, start: int) -> None:
        """A function the piece calls changed: its data flow is checked again (`_run_check`
        adds its pattern rules when one that data flow refines may match in it)."""
        piece.flows_due = True

    def _invalidate_for(self, old: Sequence[Unit], new: Sequence[Unit]) -> None:
        if self.module is None:
            return
        import_line = import_insertion_line(self.module)
        names = _changed_names(old, new)  # a broken unit's: what the units it stands for bound
        bare = {name.split(":", 1)[-1] for name in names}
        self._note_exports(bare)
        functions = {name for name in names if name.startswith("function:")}
        self._calls_changed.update(name.split(":", 1)[1] for name in functions)
        if functions:
            # Callers' data-flow findings depend on a function's code, but only where input
            # may be read at all: otherwise editing a function re-checks it alone.
            names -= functions
            taint = self.engine.taint
            if not (taint is not None and taint.may_read_input(self.tokens.counts, self.options.taint)):
                functions = set()
            else:
                functions = self._callers_due_of(old, functions, taint.with_sources(self.options.taint.sources))
        imports = {name for name in names if name.startswith("import:")}
        if imports and self._imports_changed(old, new):
            self._invalidate_all()
        else:
            if names - imports or functions:
                self._invalidate_naming(names - imports, {name.split(":", 1)[1] for name in functions})
            if bare and not bare.isdisjoint(self.engine.nested_facts.fix_names):
                self._invalidate_fixes()
            if import_line != self._import_line:
                self._invalidate_import_fixes()
        self._import_line = import_line

    def _imports_changed(self, old: Sequence[Unit], new: Sequence[Unit]) -> bool:
        """Module imports changed: the units naming a name bound differently (or whose value
        names one, `_closure`) are checked again, and every finding's fix when one of those
        names or imported modules is one a fix may look up (`secrets` for `import secrets as
        s`); a function checked again has its callers follow its summary (`_follow`). Lazy
        units are parsed (one may name it) and the source gate is asked again (an
        imported source). True when every unit is to be checked again instead: a `from m
        import *` changed (any unbound name may resolve otherwise), or data flow may read
        input outside the gate (a function's summary follows the names it calls, and its
        callers' data flow follows its summary)."""
        changed = import_changes(old, new)
        taint = self.engine.taint
        gated = self._lazy is not None  # no source found: no data flow to follow (`_input_due` has the gate asked before data flow runs again)
        if changed is None or not (gated or taint is None or not taint.may_read_input(self.tokens.counts, self.options.taint)):
            return True
        if changed:
            self._materialize = True
            self._input_due = True
            self._invalidate_naming(changed)
            if not changed.isdisjoint(self.engine.nested_facts.fix_names):
                self._invalidate_fixes()
        return False

    def _invalidate_import_fixes(self) -> None:
        """The line where a fix adds its imports moved (the module's docstring, header or
        `__future__` imports changed): the units with a finding whose fix adds an import (an
        edit before the fix's own) are checked again, the others keep theirs."""
        for _, unit in self._walk_units():
            if unit.findings and any(len(fix.edits) > 1 for finding in unit.findings for fix in finding.fixes):
                unit.findings = None

    def _invalidate_fixes(self) -> None:
        """A module-level name a rule's fix looks up (`secrets` for `secrets.SystemRandom()`)
        is bound anew: every finding's fix may now be spelled otherwise or be withheld, even in
        units that never name it; units without findings have no fix to change."""
        for _, unit in self._walk_units():
            if unit.findings:
                unit.findings = None

    def _callers_due_of(self, old: Sequence[Unit], functions: set[str], analyzer: TaintAnalyzer) -> set[str]:
        """Of the top-level functions whose code changed (`function:` names), those whose
        callers' data flow is due now. For the others, some caller read the old node (its
        summaries, seen.py): it is kept (the first since the last comparison), and at the
        next check without `defer` what they read is carried to the function's node then and
        compared (`_carry_edited`), so its callers are due only where that changed. A
        caller's data flow reads a function only through its summaries (every call its flow
        walks asks for one, whatever the arguments), so the old node's records stand for
        every caller; without any (no caller read it, or a name defined twice), the callers
        are due as before."""
        due: set[str] = set()
        for name in functions:
            bare = name.split(":", 1)[1]
            was = [unit.node for unit in old if isinstance(unit.node, cst.FunctionDef) and unit.node.name.value == bare]
            read = len(was) == 1 and analyzer.read_by_callers(was[0])  # type: ignore[arg-type]
            if bare in self._edited and not read:
                continue  # the first edited node is kept
            if bare not in self._edited and read:
                self._edited[bare] = was[0]  # type: ignore[assignment]
            else:  # no caller read it, or one read a node in between (what it read is not kept)
                self._edited.pop(bare, None)
                due.add(name)
        return due

    def _carry_edited(self) -> None:
        """What callers read of each edited function's old node is carried to its node now,
        which is followed (compared in `_readers_due`); where that cannot be (the name now
        defined twice or not at all), its callers' data flow is due."""
        edited, self._edited = self._edited, {}
        taint = self.engine.taint
        if not edited or taint is None:
            return
        analyzer = taint.with_sources(self.options.taint.sources)
        for name, node in edited.items():
            now = [unit for unit in self.units if isinstance(unit.node, cst.FunctionDef) and unit.node.name.value == name]
            if len(now) == 1 and analyzer.carry(node, now[0].node):  # type: ignore[arg-type]
                if not any(now[0] is queued for queued in self._followed):
                    self._followed.append(now[0])
            else:
                self._due_later.append(_Due(_CALLER_OF, frozenset([name]), None, self._edits, None))

    def _note_exports(self, names: Iterable[str]) -> None:
        if self._exports is not None:
            self._exports.update(names)

    def _invalidate_all(self) -> None:
        self._materialize = True  # new rules, settings or imports: a lazy unit may be needed
        self._input_due = True  # and the source gate is asked again (new sources, new taint rules)
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

    def _dependents_due(self, piece: Unit, start: int, removed: Sequence[str], old: cst.CSTNode | None = None) -> None:
        """A method changed (the piece at `start`, a member of a class; `removed`: its lines
        the edit replaced; `old`: its node before, when known): the pieces whose data flow
        may look up a method it defines or an attribute it names have their data flow due
        (`_members_due`), where input may be read; when some reader read `old`, only where
        what they read of it changed, compared at the next check without `defer`
        (`_compared_later`)."""
        code = "".join([*self.buffer.lines[start : start + piece.lines], *removed])
        defined = frozenset(DEFINES.findall(code))
        self._calls_changed.update(defined)
        taint = self.engine.taint
        if taint is None or not taint.may_read_input(self.tokens.counts, self.options.taint):
            return
        named = defined | frozenset(attribute_names(code))
        if named:
            mark = _Due(self._class_of(piece).name.value, named, piece, self._edits, defined)  # type: ignore[union-attr]
            if not self._compared_later(piece, old, mark, taint.with_sources(self.options.taint.sources)):
                self._due_later.append(mark)

    def _class_of(self, piece: Unit) -> cst.CSTNode | None:
        """The node of the top-level class holding the member `piece`; None when none does now."""
        return next((unit.node for unit in self.units if unit.members is not None and any(member is piece for member in unit.members)), None)

    def _compared_later(self, piece: Unit, old: cst.CSTNode | None, mark: _Due, analyzer: TaintAnalyzer) -> bool:
        """Whether an edited method's dependents (`mark`) wait for the comparison of what its
        readers read of it, as a top-level function's callers do (`_callers_due_of`): True
        when some reader read its node before the edit, kept if it is the first edit since
        the last check without `defer` (`mark` then joins the kept one). False (due now) when
        none read it, or one read a node in between (what it read is not kept): the kept
        mark is due then too."""
        read = isinstance(old, cst.FunctionDef) and analyzer.read_by_callers(old)
        kept = next((index for index, entry in enumerate(self._edited_members) if entry.piece is piece), None)
        if kept is not None:
            entry = self._edited_members[kept]
            if read:
                del self._edited_members[kept]
                self._due_later.append(entry.due)
                return False
            joined = entry.due._replace(names=entry.due.names | mark.names, edit=mark.edit, methods=(entry.due.methods or frozenset()) | (mark.methods or frozenset()))
            self._edited_members[kept] = entry._replace(due=joined)
            return True
        if read:
            self._edited_members.append(_EditedMember(piece, old, mark))  # type: ignore[arg-type]
        return read

    def _carry_members(self) -> None:
        """What readers read of each edited method's node before its first edit is carried to
        its node now, which is followed (compared in `_readers_due`: callers through its
        summaries, methods through the attributes it leaves). A method reading an attribute
        asks only the methods naming it (members.py), so nothing kept says what it would read
        of one the edit made the method name: the pieces of the class naming a name the code
        names now and did not then are due. Where the carry cannot be (the method renamed or
        gone, its name defined twice in its class, it no longer a method as before), its
        dependents are due as before the edit's comparison."""
        edited, self._edited_members = self._edited_members, []
        taint = self.engine.taint
        if not edited or taint is None:
            return
        analyzer = taint.with_sources(self.options.taint.sources)
        for piece, old, due in edited:
            owner = self._class_of(piece)
            node = piece.node
            if not (
                isinstance(owner, cst.ClassDef) and owner.name.value == due.key and isinstance(node, cst.FunctionDef)
                and _same_method(old, node) and _defined_once(owner, node.name.value) and analyzer.carry(old, node)
            ):
                self._due_later.append(due)
                continue
            fresh = node_names(node) - node_names(old)
            if fresh:
                self._due_later.append(due._replace(names=frozenset(fresh), methods=frozenset()))
            if not any(piece is queued for queued in self._followed):
                self._followed.append(piece)

    def _mark_due_later(self) -> None:
        """Mark the data flow that earlier edits made due (one scan of the text per template,
        or per class whose methods changed)."""
        self._export_callers()
        self._carry_edited()
        self._carry_members()
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

    def _export_callers(self) -> None:
        """The functions and methods here calling a name whose summary may have changed, and
        their callers in turn (by the text: one scan per step), are noted for importing
        documents: a document calling one of them reads a summary that reaches the changed
        code, even where no function here reads input (so none was checked again here)."""
        names, self._calls_changed = self._calls_changed, set()
        if not names or self._exports is None:
            return
        pieces = [(start, piece, unit) for top, unit in self._top_units() for start, piece in pieces_of(unit, top) if _is_function_piece(piece, unit)]
        reached = set(names)
        while names:
            hits = _lines_matching(_CALLER_OF, names, self.buffer.lines)
            callers = [(piece, unit) for start, piece, unit in pieces if _holds(hits, start, piece)]
            names = {piece.node.name.value for piece, _ in callers} - reached  # type: ignore[attr-defined]
            reached |= names
            for piece, unit in callers:
                self._note_exports(_exported_names(piece, unit))

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

    def _follow(self, piece: Unit, unit: Unit) -> None:
        """A piece is checked again (`unit`: the top-level unit holding it): when it is a
        function or method whose summary or attributes other code read (seen.py), that is
        compared at the next check without `defer`; when only its data flow was due (a
        function it calls changed), documents importing this one call it again too."""
        if not _is_function_piece(piece, unit):
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
        if taint is None or self.module is None:
            return False
        analyzer = taint.with_sources(self.options.taint.sources)
        self._forget_replaced(analyzer)
        if not followed:
            return False
        places = {id(piece): unit for start, unit in self._top_units() for _, piece in pieces_of(unit, start)}
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

    def _forget_replaced(self, analyzer: TaintAnalyzer) -> None:
        """Once what callers read is kept for many more functions than the document has (edits
        replace a function's node), drop the records of replaced ones (seen.py): their
        records are walked now and then, not at every comparison."""
        functions = [piece.node for top, unit in self._top_units() for _, piece in pieces_of(unit, top) if _is_function_piece(piece, unit)]
        if analyzer.remembered() > 2 * len(functions) + _SPARE_RECORDS:
            analyzer.retain(functions)

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


def _lines_matching(template: str, names: Collection[str], lines: Sequence[str]) -> list[int]:
    """Indexes of the lines where `template` (its `{}` standing for any of `names`) matches.
    The names alone are looked for first (word_search.lines_holding): a pattern starting
    with them is found by a fast scan, where one starting with a look-behind is tried at
    every character. A word or a call of a name (`_WORD`, `_CALL_OF`, `_CALLER_OF`) is then
    found without a regex: names change with every keystroke, each a new pattern to compile."""
    candidates = lines_holding(lines, names)
    if template == _WORD:
        word = Words(names)
        return [index for index in candidates if word.search(lines[index])]
    if template in (_CALL_OF, _CALLER_OF):
        definitions = template == _CALL_OF
        return [index for index in candidates if any(calls(lines[index], name, definitions) for name in names)]
    pattern = re.compile(template.format("(?:" + "|".join(re.escape(name) for name in sorted(names)) + ")"))
    return [index for index in candidates if pattern.search(lines[index])]


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
            if name in ("modules", "stars") or "import" in kinds:
                names.add("import:" + name)
            elif differing == {"function"}:
                names.add("function:" + name)
            else:
                names.add(name)
    return names


def import_changes(old: Sequence[Unit], new: Sequence[Unit]) -> set[str] | None:
    """The names whose resolution an edit of module imports may change: each name bound by an
    import that differs, with the root of the module it imports, and the root of each module
    imported whole (`import a.b`) that differs; None when the modules of `from m import *`
    differ. A unit added or removed that imports nothing changes nothing here."""
    def imports(units: Sequence[Unit]) -> tuple[set[tuple], set[str], list[str]]:
        bound: set[tuple] = set()
        modules: set[str] = set()
        stars: list[str] = []
        for unit in units:
            for item in unit.contribution:
                if len(item) == 2 and item[0] == "modules":
                    modules.update(item[1])
                elif len(item) == 2 and item[0] == "stars":
                    stars.extend(item[1])
                elif item[1] == "import":
                    bound.add(item)
        return bound, modules, stars

    (bound_before, modules_before, stars_before), (bound_after, modules_after, stars_after) = imports(old), imports(new)
    if stars_before != stars_after:
        return None
    names = {name for name, _, qualified in bound_before ^ bound_after for name in (name, qualified.split(".")[0])}
    return names | {module.split(".")[0] for module in modules_before ^ modules_after}


def _same_method(old: cst.FunctionDef, new: cst.FunctionDef) -> bool:
    """Whether two versions of a member are looked up alike: the same name, decorators (a
    static method leaves no attribute) and whether it takes an instance (members.method_of)."""
    if old.name.value != new.name.value or len(old.decorators) != len(new.decorators):
        return False
    takes = [bool(node.params.posonly_params or node.params.params) for node in (old, new)]
    return takes[0] == takes[1] and all(a.deep_equals(b) for a, b in zip(old.decorators, new.decorators))


def _defined_once(owner: cst.ClassDef, name: str) -> bool:
    """Whether the class body defines the method `name` once (a look-up finds that one)."""
    body = owner.body.body if isinstance(owner.body, cst.IndentedBlock) else ()
    return sum(isinstance(member, cst.FunctionDef) and member.name.value == name for member in body) == 1


def _is_function_piece(piece: Unit, unit: Unit) -> bool:
    """Whether the piece (`unit`: the top-level unit holding it) is a top-level function or a
    method: what other code calls, and so reads a summary of."""
    return isinstance(piece.node, cst.FunctionDef) and (piece is unit or isinstance(unit.node, cst.ClassDef))


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


def _holds(lines: Sequence[int], start: int, piece: Unit) -> bool:
    """Whether one of these sorted line indexes lies in the piece at `start`."""
    index = bisect.bisect_left(lines, start)
    return index < len(lines) and lines[index] < start + piece.lines
