"""The layouts of a statement's blocks (nesting.py) from CPython's parse of its text, not
LibCST's codegen: the first edit inside a unit needs them, and rendering an 880-line block of
methods to count its statements' lines cost 37 ms of a keystroke, where CPython's parse of
the same text costs a few.

A statement starts `len(leading_lines)` lines above the line where CPython's statement (its
first decorator) starts, as in unit_lines.py; the last statement of a block ends where
CPython's ends (a compound one: where its own last block's last statement ends, plus that
block's footer lines). Every statement but the last of a block must end where the next one
starts: where the parsers disagree (statements sharing a line, a parenthesised decorator, a
comment LibCST gives another owner), nothing is recorded and the caller renders.

An edit needs the layouts of the statements holding it, not of all 1,000 lines of a class
(walking them all cost 10 ms of a first edit of `subprocess.Popen`): given the edited lines,
a compound statement beside them is measured (where its last block ends) but not walked; its
layout is read when an edit reaches it. The innermost statement holding the edit is read
with its own statements' lines, not those inside them (a `def` line edit of a 164-line method
walked its every nested statement): a compound statement inside it is kept unread with
CPython's statement for it (`Unread`), and its layout is read from that, without a parse, when
a finding in it is to be placed (units._placer) or its statements are looked into.
"""

from __future__ import annotations

import ast
import warnings
from typing import NamedTuple, Sequence

import libcst as cst

from .collector import collector_paused
from .nesting import Child, Layouts

_WRAPPER = "if 1:\n"
# LibCST's compound statements and the CPython statements that may stand for them.
_KINDS: dict[type, tuple[type, ...]] = {
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef), cst.ClassDef: (ast.ClassDef,), cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor), cst.While: (ast.While,), cst.With: (ast.With, ast.AsyncWith),
    cst.Try: (ast.Try,), cst.TryStar: (ast.TryStar,), cst.Match: (ast.Match,),
}


class _Disagree(Exception):
    """The two parsers may not see the same lines: the caller renders instead."""


class Unread(NamedTuple):
    """A compound statement measured but not read: CPython's statement for it and its own
    lines (its node unchanged, its text is theirs), read when its layout is asked for."""

    node: cst.CSTNode
    statement: ast.stmt
    lines: Sequence[str]
    shift: int


Pending = dict[int, Unread]  # id(compound statement) -> how to read its layout


class Read(NamedTuple):
    """CPython's statement a layout was read from, and the line (1-based) of the text's
    first line in that parse: the lazy judgement of the same edit takes the calls of the
    edited definition's other statements from it (units._edited_definition) instead of
    compiling it again."""

    statement: ast.stmt
    first: int
    recorded: int  # compound statements whose layouts were recorded


def record_layouts(
    node: cst.BaseCompoundStatement, lines: Sequence[str], layouts: Layouts, edited: tuple[int, int] | None = None, unread: Pending | None = None,
) -> Read | None:
    """Record the layouts of `node` and of every compound statement inside it, as
    `nesting.render` would; `lines` are its text (leading lines included; the first unit's
    also holds the module's header). With `edited` (the first and last edited lines, in
    `lines`), only those of the statements holding them, the compound statements beside
    them put in `unread` (`read_pending` reads one later). What was read; None, with
    nothing recorded, where CPython's parse cannot vouch for them."""
    text = "".join(lines)
    if not text or "\f" in text or "\r" in text.replace("\r\n", ""):
        return None
    indented = _first_code(lines)[:1] in (" ", "\t")  # a member or a nested statement: under a wrapper
    source = _WRAPPER + text if indented else text
    with collector_paused():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes and the like: not ours to print
                tree = compile(source, "<layout>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except Exception:  # not Python CPython reads, too deep: the codegen decides
            return None
        body = tree.body[0].body if indented and tree.body else tree.body  # type: ignore[attr-defined]
        found: Layouts = {}
        try:
            if len(body) != 1:
                raise _Disagree
            reader = _Reader(lines, 1 if indented else 0, found, edited, unread)
            # Offsets from the first of `lines`, where the caller's step starts: above a file's
            # first unit the module's header lines come first, which are not the node's.
            if reader.start(node, [body[0]]) < 0 or reader.compound(node, body[0], 0) != len(lines):
                raise _Disagree
        except (_Disagree, RecursionError):
            return None
    layouts.update(found)
    return Read(body[0], 2 if indented else 1, len(found))


def read_pending(node: cst.CSTNode, unread: Pending, layouts: Layouts) -> int:
    """Record the layouts of a compound statement kept unread (and of every one inside it)
    from CPython's statement for it; how many were recorded (0 where none is kept for this
    node or the parsers disagree)."""
    entry = unread.get(id(node))
    if entry is None or entry.node is not node:
        return 0
    found: Layouts = {}
    reader = _Reader(entry.lines, entry.shift, found, None)
    try:
        if reader.start(node, [entry.statement]) != 0 or reader.compound(node, entry.statement, 0) != len(entry.lines):
            return 0
    except (_Disagree, RecursionError):
        return 0
    del unread[id(node)]
    layouts.update(found)
    return len(found)


def record_block_layout(node: cst.BaseCompoundStatement, statement: ast.stmt, lines: Sequence[str], first: int, layouts: Layouts) -> bool:
    """Record the layout of a class's block of methods (`node`, an `if` or `try` member) from
    CPython's parse of the whole text at first open (`statement`; `lines`, its text, start at
    line `first` of that text): its own statements' lines, not those inside them. The first
    edit in one of its methods then parses that method alone to find its statements, not the
    block (`Popen`'s 880-line `if _mswindows:` ~9 ms of it). False, with nothing recorded,
    where the parsers may disagree."""
    found: Layouts = {}
    reader = _Reader(lines, first, found, (-1, -1))  # no statement holds the edit: none is read beyond the block's own
    try:
        if reader.start(node, [statement]) != 0 or reader.compound(node, statement, 0) != len(lines):
            return False
    except (_Disagree, RecursionError):
        return False
    layouts.update(found)
    return True


def _first_code(lines: Sequence[str]) -> str:
    """The first line holding code (not blank, not a comment)."""
    return next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")


class _Reader:
    """Lines of LibCST statements read from CPython's (0-based, in the statement's text)."""

    def __init__(self, lines: Sequence[str], shift: int, layouts: Layouts, edited: tuple[int, int] | None, unread: Pending | None = None) -> None:
        self.lines = lines
        self.shift = shift + 1  # CPython's lines are 1-based, after the wrapper's
        self.layouts = layouts
        self.edited = edited  # None: every statement is read
        self.unread = unread  # where the compound statements measured, not read, are kept

    def _holds(self, start: int, end: int) -> bool:
        """Whether lines [start, end) hold the edited lines (as nesting.path_to looks)."""
        assert self.edited is not None
        return start <= self.edited[0] and self.edited[1] < end

    def start(self, node: cst.CSTNode, group: Sequence[ast.stmt]) -> int:
        """The first line of a statement with its leading lines (`group`: CPython's
        statements standing for it)."""
        first = group[0]
        decorators = getattr(first, "decorator_list", None)
        line = (min(d.lineno for d in decorators) if decorators else first.lineno) - self.shift
        if not 0 <= line < len(self.lines) or decorators and not self.lines[line].lstrip().startswith("@"):
            raise _Disagree  # `@(` ... `)`: CPython places the decorator at its expression
        return line - len(getattr(node, "leading_lines", ()))

    def compound(self, node: cst.CSTNode, statement: ast.stmt, start: int) -> int:
        """Record the layout of a compound statement starting at `start` (with edited lines:
        of those inside it on the way to them); where it ends."""
        kinds = _KINDS.get(type(node))
        if kinds is None or not isinstance(statement, kinds):
            raise _Disagree
        children: list[Child] = []
        end = (statement.end_lineno or statement.lineno) - self.shift + 1
        for suite, nested in _suites(node, statement):
            if isinstance(suite, cst.If):  # an `elif`: it hangs on its `if`, in no block
                at = self.start(suite, [nested[0]])
                if at != end:  # the `if` block's footer ends where the `elif`'s leading lines begin
                    raise _Disagree
                end = self.compound(suite, nested[0], at)
                children.append(Child(at - start, end - at, suite, False, _indent(self.lines[at + len(suite.leading_lines)])))
            elif isinstance(suite, cst.IndentedBlock):
                end = self.block(suite, nested, start, children)
            elif isinstance(suite, cst.SimpleStatementSuite) and nested:  # `else: pass` on one line
                end = (nested[-1].end_lineno or nested[-1].lineno) - self.shift + 1
            else:
                raise _Disagree
        if children:
            self.layouts[id(node)] = (node, tuple(children))  # type: ignore[arg-type]
        return end

    def block(self, block: cst.IndentedBlock, statements: list[ast.stmt], owner: int, children: list[Child]) -> int:
        """Add the statements of an indented block to its owner's `children` (the owner
        starts at line `owner`); where the block ends, its footer included."""
        groups: list[list[ast.stmt]] = []
        index = 0
        for child in block.body:
            count = len(child.body) if isinstance(child, cst.SimpleStatementLine) else 1
            groups.append(statements[index : index + count])
            index += count
        if index != len(statements) or not groups or any(not group for group in groups):
            raise _Disagree
        starts = [self.start(child, group) for child, group in zip(block.body, groups)]
        end = starts[0]
        for position, (child, group, at) in enumerate(zip(block.body, groups, starts)):
            if position and at != end:  # the one before must end where this one starts
                raise _Disagree
            if isinstance(child, cst.SimpleStatementLine):
                if any(not isinstance(s, ast.stmt) or type(s) in _COMPOUND for s in group):
                    raise _Disagree
                end = (group[-1].end_lineno or group[-1].lineno) - self.shift + 1
            else:
                end = self._beside(child, group[0], at, starts[position + 1] if position + 1 < len(starts) else None)
            if end <= at:
                raise _Disagree
            code = at + len(child.leading_lines)
            children.append(Child(at - owner, end - at, child, True, _indent(self.lines[code])))
        return end + len(block.footer)

    def _beside(self, node: cst.CSTNode, statement: ast.stmt, start: int, next_start: int | None) -> int:
        """Where a compound statement inside another ends (`next_start`: where the statement
        after it in its block starts, if any); read when it holds the edited lines, or when
        every statement is read, else only measured."""
        if self.edited is None:
            return self.compound(node, statement, start)
        end = next_start if next_start is not None else self._end(node, statement)
        if not self._holds(start, end):
            if self.unread is not None:
                self.unread[id(node)] = Unread(node, statement, self.lines[start:end], self.shift - 1 + start)
            return end
        return self.compound(node, statement, start)

    def _end(self, node: cst.CSTNode, statement: ast.stmt) -> int:
        """Where a compound statement ends, not read: where its last block's last statement
        ends, plus that block's footer lines (as `compound` finds it)."""
        kinds = _KINDS.get(type(node))
        if kinds is None or not isinstance(statement, kinds):
            raise _Disagree
        suite, nested = _suites(node, statement)[-1]
        if isinstance(suite, cst.If):  # an `elif` last
            return self._end(suite, nested[0])
        if not nested:
            raise _Disagree
        last = nested[-1]
        if isinstance(suite, cst.IndentedBlock):
            child = suite.body[-1]
            if isinstance(child, cst.SimpleStatementLine):
                end = (last.end_lineno or last.lineno) - self.shift + 1
            else:
                end = self._end(child, last)
            return end + len(suite.footer)
        if isinstance(suite, cst.SimpleStatementSuite):
            return (last.end_lineno or last.lineno) - self.shift + 1
        raise _Disagree


_COMPOUND = {kind for kinds in _KINDS.values() for kind in kinds}


def _suites(node: cst.CSTNode, statement: ast.stmt) -> list[tuple[cst.CSTNode, list[ast.stmt]]]:
    """The blocks of a compound statement in the order of its code, each with CPython's
    statements in it; an `elif` is the `If` itself with CPython's `If` for it."""
    if isinstance(node, cst.Match):
        cases = statement.cases  # type: ignore[attr-defined]
        if len(cases) != len(node.cases):
            raise _Disagree
        return [(case.body, list(found.body)) for case, found in zip(node.cases, cases)]
    suites: list[tuple[cst.CSTNode, list[ast.stmt]]] = [(node.body, list(statement.body))]  # type: ignore[attr-defined]
    if isinstance(node, (cst.Try, cst.TryStar)):
        handlers = statement.handlers  # type: ignore[attr-defined]
        if len(handlers) != len(node.handlers):
            raise _Disagree
        suites += [(handler.body, list(found.body)) for handler, found in zip(node.handlers, handlers)]
    orelse = getattr(node, "orelse", None)
    rest = list(getattr(statement, "orelse", ()))
    if isinstance(orelse, cst.If):
        if len(rest) != 1 or not isinstance(rest[0], ast.If):
            raise _Disagree
        suites.append((orelse, rest))
    elif isinstance(orelse, cst.Else):
        suites.append((orelse.body, rest))
    elif rest:
        raise _Disagree
    final = getattr(node, "finalbody", None)
    if final is not None:
        suites.append((final.body, list(statement.finalbody)))  # type: ignore[attr-defined]
    elif getattr(statement, "finalbody", None):
        raise _Disagree
    return suites


def _indent(line: str) -> str:
    """A line's indentation (the blocks' indents above its statement, joined)."""
    return line[: len(line) - len(line.lstrip(" \t"))]
