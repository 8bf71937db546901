"""The re-parse of an edited unit: only the lines an edit touched are parsed again, and the
new nodes are spliced into the unit (units.py says which cases there are).

An edit inside a unit's blocks re-parses the innermost statement holding it (`_reparse_nested`),
or only the header lines of a compound statement (`_reparse_header`, `_reparse_own_header`,
`_reparse_elif_header`); an edit in a class's members re-parses those members
(`_reparse_members`); anything else re-parses the top-level units it touched (`_reparse_top`),
and the whole text when even that fails. `_units_of` and `_units_from_lines` cut a parsed
module into units.

These are methods of the document (a mixin `IncrementalDocument` inherits), not functions:
each reads and replaces the document's units, layouts and text at once, so as functions they
would take half the document as arguments. `UnitReparse` names what they use of it. The
text and finding helpers they call are plain functions (text_buffer.py, finding_shift.py).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Iterator, Sequence

import libcst as cst

from .analysis import parse_faithfully
from .block_lines import Pending, Read, read_pending, record_block_layout, record_layouts
from .finding_shift import shift_finding, without_lines
from .header_rename import renamed_word, with_renamed
from .lines import count_breaks, same_tokens
from .nested_check import scope_items
from .nesting import (
    HEADED, Child, Layouts, Step, alone_statement, forget, header_shell, indents_of, lone_line, parsed_statements, path_to, rebuild, relayout, render,
    shift_layout, swap, with_header, wrapper,
)
from .text_buffer import too_deep
from .unit_model import NestedEdit, Unit, pieces_of

if TYPE_CHECKING:
    from .model import Finding, Span
    from .text_buffer import TextBuffer
    from .unit_lines import UnitLines
    from .units import Stats


_WRAPPER = "class _:\n"
_ELIF = re.compile(r"^([ \t\f]*)elif(?![\w])")
_BLOCKS = (cst.If, cst.Try, cst.TryStar, cst.For, cst.While, cst.With, cst.Match)  # compound statements but definitions
# Names may be any letters (`def über`). `\bdef` as a look-behind after the literal `def`:
# the same matches, but `re` searches for the literal first instead of trying `\b` at every
# character (~1 ms -> ~0.05 ms over an 880-line block of methods, run twice per keystroke there).
DEFINES = re.compile(r"def(?<!\wdef)\s+([^\W\d]\w*)")


class UnitReparse:
    """How the document re-parses an edited unit (a mixin of units.IncrementalDocument).

    Besides the attributes below, it calls the document's `_walk_units`, `_refresh_module`
    `_replace`, `_top_units`, `_changes_runs` and `_run_pieces` (units.py), `_invalidate_for`, `_dependents_due` and `_note_exports`
    (dataflow_due.py), and `_full_parse_or_break` (first_open.py) when a chunk does not parse
    alone.
    """

    buffer: TextBuffer  # the text, already edited
    stats: Stats  # unit_parses, parsed_lines, layout_lines, layout_statements, layout_renders and statement_renders count here
    units: list[Unit]
    header: Sequence[cst.EmptyLine]  # the module's leading blank lines and comments
    footer: Sequence[cst.EmptyLine]
    error: Finding | None  # why the text does not parse, if it does not
    layouts: Layouts  # where the statements inside compound statements are (nesting.py)
    unread: Pending  # compound statements measured beside the last edit's path, their layouts not read (block_lines.py)
    module: cst.Module | None  # the units' module: its indentation is every unit's (`_in_indent`)

    def _paths_across(self, first: int, old_last: int, delta: int) -> None:
        """Lines were added or removed at `first`..`old_last`: a piece's findings move with it
        when it is next read (`shift_finding` from its first line), but a data-flow step in another
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
            piece.findings = [shift_finding(shift_finding(f, piece.checked_at + 1, moved), old_last + 2, delta) for f in piece.findings]
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
        if parsed is not None and self.module is not None:
            parsed = _in_indent(parsed, self.module.default_indent)
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
        self.stats.wrapper_lines += wrapper_lines
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
        statements = self._nested_statements(path, lines[target.start : chunk_end], text, unit)
        if statements is None:
            return False
        new: list[Child] = []
        at = target.start - path[-2].start
        for statement in statements:
            count = self._statement_lines(statement, statements, text, unit, target.indent)
            new.append(Child(at, count, statement, True, target.indent))
            at += count
        if at - (target.start - path[-2].start) != count_breaks(text):
            return False
        built = rebuild([step.node for step in path], statements)
        if built is None:
            return False
        rebuilt = built.nodes
        relayout(self.layouts, path, rebuilt, new, delta)
        steps = [replace(step, node=node, lines=step.lines + delta) for step, node in zip(path[:-1], rebuilt)]
        steps += [Step(child.node, path[-2].start + child.offset, child.lines, True, target.indent) for child in new]
        edit = NestedEdit(
            steps, list(statements), [step.node for step in path], target.node, indents_of(path), target.indent,
            0, 2 if unit.members is not None else 1, chain=built.ancestry(len(path) - 1), old_ancestry=built.ancestry(len(path) - 1, old=True),
        )
        old_text = "".join([*lines[target.start : first], *removed, *lines[old_last + delta + 1 : chunk_end]])
        same = same_tokens(old_text, text)
        self._splice_unit(unit, start, path, rebuilt, delta, edit, target.lines, None if same else removed, range(first, old_last + 1))
        return True

    def _nested_statements(self, path: Sequence[Step], rows: Sequence[str], text: str, unit: Unit) -> list[cst.BaseStatement] | None:
        """The statements `text` (the edited lines `rows` of the statement at the end of
        `path`) parses to in its document; None where it does not parse alone as it would
        there. One line of code (under its comments) is parsed without the `if 1:` wrappers
        where that gives the same nodes (nesting.lone_line): each wrapper is some ten nodes
        LibCST builds and validates, a third of a keystroke's parse of a short line two
        blocks deep."""
        code = lone_line(path, rows, unit.indent, unit.newline)
        if code is not None:
            alone = self._parse_chunk(code)
            if alone is None:
                return None  # the wrappers add no token the lines' could lean on
            statement = alone_statement(alone, len(rows), unit.newline)
            if statement is not None:
                return [statement]
        head = wrapper(path, unit.newline)
        depth = count_breaks(head)
        parsed = self._parse_chunk(head + text, depth)
        statements = parsed_statements(parsed, depth) if parsed is not None else None
        if statements is None or parsed is None or parsed.default_indent != unit.indent or parsed.default_newline != unit.newline:
            return None
        return statements if _block_indent(parsed, depth) == path[-1].indent else None

    def _statement_lines(self, statement: cst.BaseStatement, statements: Sequence[cst.BaseStatement], text: str, unit: Unit, indent: str) -> int:
        """The lines of a statement re-parsed from `text`. A lone simple statement holds the
        whole text (parsed alone, or under wrappers parsed_statements vouched hold none of it,
        and the parse gives the text back), and has no blocks whose layouts a render
        would record, so its lines are the text's; any other is rendered (counted in
        Stats.statement_renders), recording the layouts of the statements inside it."""
        if len(statements) == 1 and type(statement) is cst.SimpleStatementLine:
            return count_breaks(text)
        self.stats.statement_renders += 1
        return count_breaks(render(statement, unit.indent, unit.newline, self.layouts, indent))

    def _path(
        self, unit: Unit, start: int, first: int, old_last: int, delta: int, removed: Sequence[str], read: dict[int, tuple[list[str], Read]] | None = None,
    ) -> list[Step] | None:
        """The statements of a unit holding the edited lines (old lines `first`..`old_last`),
        the unit first (nesting.path_to; the layouts met on the way recorded, and put in
        `read`, by the id of their node, with their old lines, where CPython's parse read
        them); None when the unit has no blocks to look into."""
        if unit.node is None or self.error is not None or not isinstance(unit.node, cst.BaseCompoundStatement):
            return None
        lines = self.buffer.lines
        old_text = [*lines[start:first], *removed, *lines[old_last + delta + 1 : start + unit.lines + delta]]  # as the node has it
        unread: Pending = {}

        def lay_out(step: Step) -> None:
            if read is None and self._read_pending(step.node):  # measured beside an earlier edit: no parse
                return  # (the lazy judgement asking for `read` takes CPython's parse of the definition whole)
            if not unread:  # the statements beside this path replace those beside the last one read
                self.unread = unread
            edited = (first - step.start, old_last - step.start)  # only the statements on the way to the edit are walked
            self.stats.layout_lines += step.lines
            own = old_text[step.start - start : step.start - start + step.lines]
            found = record_layouts(step.node, own, self.layouts, edited, unread)  # type: ignore[arg-type]
            if found is not None:
                self.stats.layout_statements += found.recorded
            if found is not None and read is not None:
                read[id(step.node)] = (own, found)
            if found is None:
                self.stats.layout_renders += 1
                render(step.node, unit.indent, unit.newline, self.layouts, step.indent)
                if step.start == 0 and step.node is unit.node and self.header:
                    # The module's header lines start the first unit but are not its node's code.
                    shift_layout(self.layouts, step.node, len(self.header))

        return path_to(self.layouts, Step(unit.node, start, unit.lines, False, ""), first, old_last, lay_out)

    def _read_pending(self, node: cst.CSTNode) -> bool:
        """Whether the layout of a compound statement an edit's left unread is read now
        (block_lines.read_pending; counted in Stats.layout_statements)."""
        recorded = read_pending(node, self.unread, self.layouts)
        self.stats.layout_statements += recorded
        return recorded > 0

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
        old_text = "".join([*lines[target.start : first], *removed, *lines[old_last + delta + 1 : header_end + delta]])
        node = self._renamed_header(target, old_text, text) or self._header_node(unit, target, wrapper(path, unit.newline), text, body)
        if node is None:
            return False
        children = tuple(replace(child, offset=child.offset + delta) for child in entry[1])
        built = rebuild([step.node for step in path], [node])
        if built is None:
            return False
        rebuilt = built.nodes
        self.layouts.pop(id(target.node))
        at = target.start - path[-2].start
        new = [Child(at, target.lines + delta, node, True, target.indent)]  # type: ignore[arg-type]
        relayout(self.layouts, path, rebuilt, new, delta)
        self.layouts[id(node)] = (node, children)
        steps = [replace(step, node=built, lines=step.lines + delta) for step, built in zip(path[:-1], rebuilt)]
        steps.append(Step(node, target.start, target.lines + delta, True, target.indent))
        head = header_end - target.start  # old lines
        edit = NestedEdit(
            steps, [node], [step.node for step in path], target.node, indents_of(path), target.indent, 0, 2 if unit.members is not None else 1,
            range(head + delta), (header_shell(target.node), header_shell(node)),
            chain=built.ancestry(len(path) - 1), old_ancestry=built.ancestry(len(path) - 1, old=True),
        )
        same = same_tokens(old_text, text)
        self._splice_unit(unit, start, path, rebuilt, delta, edit, head, None if same else removed, range(first, old_last + 1))
        return True

    @staticmethod
    def _renamed_header(target: Step, old_text: str, text: str) -> cst.CSTNode | None:
        """`target`'s statement with the one name its header lines' edit renamed (`old_text`
        to `text`: header_rename.py), or None: its header lines are parsed again."""
        renamed = renamed_word(old_text, text)
        return None if renamed is None else with_renamed(target.node, old_text, *renamed)

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
            unit.contribution = statement_contribution(node, "".join(lines[start : start + unit.lines]))
        piece.findings, piece.nested = None, None
        self._refresh_module()
        if unit.members is None:
            self._invalidate_for([before], [unit])
        else:
            self._dependents_due(piece, target.start, removed, target.node)
            self._note_exports([unit.node.name.value, *DEFINES.findall("".join(lines[target.start : target.start + piece.lines])), *DEFINES.findall("".join(removed))])  # type: ignore[attr-defined]
        return True

    def _reparse_elif_header(self, unit: Unit, start: int, path: list[Step], held: int, first: int, old_last: int, delta: int, removed: Sequence[str]) -> bool:
        """An edit in the header lines of an `elif` (`path[held:]`: the `elif`s down to the
        edited one, hanging on the `if` at `path[held - 1]`): those lines alone are re-parsed
        as an `if` over a `pass` body (nesting.with_header) and the chain keeps its blocks; the
        `if` chain is the re-parsed statement, the `elif`'s header lines its edited ones
        (`NestedEdit.head_lines`: units.py checks them alone, or the chain whole). False when
        the edit is not in such header lines or they do not parse so."""
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
        old_text = "".join([*lines[target.start : first], *removed, *lines[old_last + delta + 1 : header_end + delta]])
        node = self._renamed_header(target, old_text, "".join(lines[target.start : header_end + delta]))
        header[keyword] = _ELIF.sub(r"\1if", header[keyword], count=1)
        node = node or self._header_node(unit, target, wrapper(path[:held], unit.newline), "".join(header), body)
        if node is None:
            return False
        built = rebuild([step.node for step in path], [node])  # the `elif`s hang on `orelse`, the `if` sits in blocks
        if built is None:
            return False
        rebuilt = built.nodes
        children = tuple(replace(child, offset=child.offset + delta) for child in entry[1])
        self.layouts.pop(id(target.node))  # its blocks stay: relayout must not forget theirs
        at = target.start - path[-2].start
        relayout(self.layouts, path, rebuilt, [Child(at, target.lines + delta, node, False, target.indent)], delta)  # type: ignore[arg-type]
        self.layouts[id(node)] = (node, children)
        chain = path[held - 1]  # the `if` holding the chain: the statement re-parsed
        steps = [replace(step, node=built, lines=step.lines + delta) for step, built in zip(path[:held], rebuilt)]
        head, at = header_end - target.start, target.start - chain.start  # old lines
        edit = NestedEdit(
            steps, [rebuilt[held - 1]], [step.node for step in path[:held]], chain.node, indents_of(path[:held]), chain.indent,
            0, 2 if unit.members is not None else 1, range(at, at + head + delta), (header_shell(target.node), header_shell(node)),
            (*rebuilt[held:-1], node), chain=built.ancestry(held - 1), old_ancestry=built.ancestry(held - 1, old=True),
        )
        same = same_tokens(old_text, "".join(lines[target.start : header_end + delta]))
        self._splice_unit(unit, start, path[:held], rebuilt[:held], delta, edit, head, None if same else removed, range(first, old_last + 1))
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
            unit.contribution = statement_contribution(unit.node, "".join(lines[start : start + unit.lines]))
        edit.at = edit.path[len(edit.path) - len(edit.statements)].start - piece_start
        self._refresh_module()
        if removed is None and piece.findings is not None and piece.nested is None and not _touching(piece.findings, edited):
            return
        if piece.findings is None or piece.nested is not None:  # a second edit before a check
            piece.findings, piece.nested = None, None
        else:
            skipped = edit.head_lines.start if edit.head_lines is not None else 0  # an `elif`'s lines: below its `if`'s
            piece.findings = without_lines(piece.findings, piece.checked_at, piece_start, edit.at + skipped, old_lines, delta)
            piece.checked_at, piece.nested = piece_start, edit
        if all(inert_statement(node) for node in [edit.old_statement, *edit.statements]):
            return  # a docstring edited: no summary, caller or attribute changes with it
        if unit.members is None:
            self._invalidate_for([before], [unit])
        elif removed is not None:
            self._dependents_due(piece, piece_start, removed, path[1].node)
            self._note_exports([unit.node.name.value, *DEFINES.findall("".join(lines[piece_start : piece_start + piece.lines]))])  # type: ignore[attr-defined]

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
            raise Fallback
        wrapper = parsed.body[0]
        if not isinstance(wrapper, cst.ClassDef) or not isinstance(wrapper.body, cst.IndentedBlock):
            raise Fallback
        block = wrapper.body
        rendered = block.indent if block.indent is not None else parsed.default_indent
        if rendered != base or block.footer or not block.body or self.module is not None and parsed.default_indent != self.module.default_indent:
            raise Fallback
        members = [self._member(m, parsed, block.indent, text if len(block.body) == 1 else None) for m in block.body]
        if sum(m.lines for m in members) != count_breaks(text):
            raise Fallback
        replaced = unit.members[lo : hi + 1]
        for old in replaced:
            forget(self.layouts, old.node)  # type: ignore[arg-type]
        unit.members[lo : hi + 1] = members
        unit.lines += delta
        unit.key = hash("".join(lines[start : start + unit.lines]))
        assert isinstance(unit.node, cst.ClassDef)
        self.layouts.pop(id(unit.node), None)
        unit.node = unit.node.with_changes(body=unit.node.body.with_changes(body=[m.node for m in unit.members]))
        self._layout_class(unit)
        self._refresh_module()
        if not any(old.lazy is not None for old in replaced):  # a run in the class body covers its other members
            pieces = pieces_of(unit, start)
            for piece in self._run_pieces(self._changes_runs(unit.members, lo, replaced, members), pieces, [*self._top_units(), *pieces[1:]]):
                piece.findings = None
        for member, at in zip(members, itertools.accumulate((m.lines for m in members[:-1]), initial=chunk_start)):
            self._dependents_due(member, at, removed)
        self._note_exports([unit.node.name.value, *DEFINES.findall(text), *DEFINES.findall("".join(removed))])
        return True

    def _layout_class(self, unit: Unit) -> None:
        """The layout of a class whose members were re-parsed: its members, one after another."""
        assert unit.members is not None and unit.node is not None
        children, at = [], unit.head
        for member in unit.members:
            children.append(Child(at, member.lines, member.node, True, member.block_indent or ""))  # type: ignore[arg-type]
            at += member.lines
        self.layouts[id(unit.node)] = (unit.node, tuple(children))

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
            unit.contribution = statement_contribution(statement, code)
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
            unit.contribution = statement_contribution(statement, code)
            units.append(unit)
        return units

    def _member(self, node: cst.CSTNode, module: cst.Module, block_indent: str | None, text: str | None = None) -> Unit:
        code = text if text is not None else module.code_for_node(node)
        indent = block_indent if block_indent is not None else module.default_indent
        return Unit(node, count_breaks(code), hash(code), module.default_indent, module.default_newline, block_indent=indent)


def statement_contribution(statement: cst.CSTNode, code: str) -> tuple:
    """What a top-level statement (whose text is `code`) adds to the module scope, as
    comparable text."""
    items = scope_items([statement])
    if isinstance(statement, cst.FunctionDef):  # data-flow summaries of callers depend on its code
        items += ((statement.name.value, "function", hash(code)),)
    return items


class _ExplicitIndent(cst.CSTTransformer):
    """Gives the blocks indented by the module's default indentation that indentation itself."""

    def __init__(self, indent: str) -> None:
        super().__init__()
        self.indent = indent

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return updated_node if updated_node.indent is not None else updated_node.with_changes(indent=self.indent)

    def leave_Match(self, original_node: cst.Match, updated_node: cst.Match) -> cst.Match:
        return updated_node if updated_node.indent is not None else updated_node.with_changes(indent=self.indent)


def _in_indent(module: cst.Module, indent: str) -> cst.Module:
    """A parsed chunk whose default indentation is the document's `indent`: blocks at the
    indentation the chunk's first block has, where that differs, keep it explicitly. The
    whole module renders its units with one default indentation, whole-module positions
    (data-flow findings) included; a chunk indented otherwise would render shifted there."""
    if module.default_indent == indent:
        return module
    explicit = module.visit(_ExplicitIndent(module.default_indent))
    assert isinstance(explicit, cst.Module)
    return explicit.with_changes(default_indent=indent)


def _block_indent(module: cst.Module, depth: int) -> str:
    """The indentation of the block inside `depth` nested wrappers (see nesting.wrapper)."""
    indent, body = "", module.body
    for _ in range(depth):
        block = body[0].body  # type: ignore[attr-defined]
        indent += block.indent if block.indent is not None else module.default_indent
        body = block.body
    return indent


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


def inert_statement(statement: cst.CSTNode) -> bool:
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


class Fallback(Exception):
    """The changed lines cannot be re-parsed as class members: re-parse the whole class."""
