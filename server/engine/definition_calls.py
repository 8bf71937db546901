"""The calls in a definition as data flow finds a callee (`Calls`), and those of the
definition the lazy judgement read last, kept per statement (`KeptCalls`).

A keystroke in a parsed method asks whether the edit may make a lazy unit needed
(lazy_units.LazyContext.refines_into), which reads the calls of the method holding it.
CPython's parse of a 256-line method costs ~1.5 ms, and a name keystroke changes one
statement: `KeptCalls.edited` parses only the innermost statement holding the edit whose
lines no other statement shares, or only its header (an `if`, `elif`, `for`, `with` or
`def` line) over a `pass`, and takes the other statements' calls from the last parse. The
statements are split down to the edits' (`_expanded`): the first keystroke walks each
statement of the method once, as its whole parse's calls need.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Collection, NamedTuple

from .sparse import cpython_tree

_BLOCK = "if 1:\n"  # a statement's lines, indented as in the definition, parse as this block's body
_SPACES = " \t\f"


class Calls(NamedTuple):
    """The calls in a definition, as data flow looks their callee up in the module
    (summaries.same_file_lookup): `f(...)` a module function; `self.m(...)` a method of
    the class around; `x.m(...)` a method of the class whose instance `x` is, which is
    named then in the definition's words (`C(...).m()`, `x = C(...)`, here or at module level)."""

    functions: frozenset[str]
    own_methods: frozenset[str]
    methods: frozenset[str]
    # The names the definition uses as names (ast.Name) or declares global or nonlocal: every
    # name its symbol table may leave to the module (and every one of its decorators,
    # defaults and annotations) is among them, not its attributes', keywords' or comments' words.
    named: frozenset[str]

    @property
    def names(self) -> frozenset[str]:
        """Every name a call here uses: a callee it may find is named by one of them."""
        return self.functions | self.own_methods | self.methods

    @staticmethod
    def of(node: ast.AST, skipped: Collection[int] = ()) -> "Calls":
        """The calls in `node`, but those in the subtrees whose root's id is `skipped`."""
        return _walk(node, skipped)

    @staticmethod
    def joined(parts: list["Calls"]) -> "Calls":
        """The calls of the parts together (`of` over nodes that the parts' nodes make up)."""
        return Calls(*(frozenset().union(*(getattr(part, name) for part in parts)) for name in ("functions", "own_methods", "methods", "named")))

    def reach(self, owner: str | None, words: Collection[str] | None, names: frozenset[str], cls: str | None) -> bool:
        """Whether a call here (in class `owner`, None: top-level; `words`: the caller's,
        None: any word) may find the definition named `names` (of class `cls`, None: top-level)."""
        if cls is None:
            return not names.isdisjoint(self.functions)
        return (owner == cls and not names.isdisjoint(self.own_methods)) or (not names.isdisjoint(self.methods) and (words is None or cls in words))


# A name a call may call: the callee's name (a `Name`'s, or an attribute's after its dot) is
# followed by the call's `(`, past spaces, line continuations and the parentheses closing
# around it (`(x.m)(...)`), or by a comment, past which the `(` may come on another line.
# What precedes it on its line past spaces, if anything, is told too: a dot (an attribute's;
# no `Name` follows the dot ending `1.` or `...`) or another character (no attribute's dot
# then: a comment or a continuation between them would end the line). A name first on its
# line is told by the line above when that line holds no `#` (a comment could hide a dot)
# and ends, past spaces and a continuation, in another character than a dot: the token
# before the name ends there (`handle_list = x = \` then `list(...)`), or the name is in a
# string, where no call is. Not by a dot above: `x = 1.` or `...` may end the statement
# before a function's call. Searched in the text reversed, from each `(` and `#`: a search
# from each name's first character (a lookahead for the `(`) cost five times as much, and
# told what precedes it ten times.
_CALLED = re.compile(r"[(#][\s\\)]*(\w+)(?:(?=[ \t\f]*(\.))|(?=[ \t\f]*(?:\n\r?\\?(?![^\n]*#)[ \t\f]*)?([^\s.\\]))|)")

class Callees(NamedTuple):
    """Names a call in a text may call, and more (a name before a comment, or in a string):
    CPython reads an ASCII identifier as written, so the `Calls` of an ASCII definition's
    parse call names among these, and a lazy definition none of them names is reached by
    no call there, which a search of the text tells without parsing it
    (LazyContext._member_refines)."""

    methods: frozenset[str]  # those not written after another character than a dot (on their line, or ending the line above)
    functions: frozenset[str]  # those not written after a dot on their line

    @staticmethod
    def of(text: str) -> "Callees":
        found = _CALLED.findall(text[::-1])
        return Callees(frozenset(name[::-1] for name, _, other in found if not other), frozenset(name[::-1] for name, dot, _ in found if not dot))

    def may_reach(self, names: frozenset[str], cls: str | None) -> bool:
        """Whether a call may find the definition named `names` (of class `cls`, None:
        top-level), as `Calls.reach` without words may."""
        return not names.isdisjoint(self.methods if cls is not None else self.functions)


def nodes_within(root: ast.AST, skipped: Collection[int] = (), nested: list[ast.stmt] | None = None) -> list[ast.AST]:
    """The nodes of a tree (`root` included) that may name or call something, but the
    subtrees whose root's id is `skipped`, in no particular order; with a list of `nested`
    statements, but the statements inside `root` (put in that list). The plan walks the
    module statements and the definitions whose calls it follows, the first keystroke in a
    method every statement of it: `ast.walk`'s generators over every field cost twice as
    much, and the leaves (`_NAMELESS`: a name's context, a constant, a string field) are a
    third of a method's nodes (a `Name`'s one child is its context)."""
    found: list[ast.AST] = []
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in _NAMELESS:
            continue
        if kind is ast.Name:
            found.append(node)  # its one child is its context
            continue
        if not isinstance(node, ast.AST) or (skipped and id(node) in skipped):
            continue  # a list's names (`global a, b`), or a unit
        if nested is not None and node is not root and isinstance(node, ast.stmt):
            nested.append(node)
            continue
        found.append(node)
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                stack.extend(value)
            elif isinstance(value, ast.AST):
                stack.append(value)
    return found


_NAMELESS = frozenset({ast.Load, ast.Store, ast.Del, ast.Constant, str, type(None)})  # nodes and list items holding no name or call


class Written(NamedTuple):
    """A definition holding an edit, to judge alone: its new text and its first line in the
    text of the piece holding it, and, when the edit's re-parse has just read its layouts
    from CPython's parse of its old text (block_lines.record_layouts), that text's lines,
    the node and the line of the text's first line in that parse (`KeptCalls.parsed`)."""

    text: str
    line: int
    old: tuple[list[str], ast.stmt, int] | None = None


class _Statement(NamedTuple):
    """A statement of a definition's body, at any depth (a tuple: made by the hundred)."""

    first: int  # its lines in the definition's text (0-based), decorators included
    last: int
    depth: int  # 0: a statement of the body itself
    indent: str | None  # the spaces before it when it starts its line undecorated, else None
    kind: type  # its node's type
    calls: Calls  # its own calls, or its whole subtree's while it is `whole`
    whole: ast.stmt | None  # its node while the statements nested in it are not among the statements (`KeptCalls._expanded`)

    def moved(self, lines: int) -> "_Statement":
        return _Statement(self.first + lines, self.last + lines, self.depth, self.indent, self.kind, self.calls, self.whole)


@dataclass(frozen=True)
class KeptCalls:
    """The calls of a definition parsed from `lines` (its text's), with those of each
    statement of its body kept for the next edit of the same text (`edited`)."""

    lines: list[str]
    node: ast.stmt  # the definition: its name, `def` line, decorators, parameters and returns (its body as first parsed, or a `pass` once its header was parsed alone)
    start: int  # its first line (its first decorator's) in `lines`, 0-based
    header: Calls  # the calls outside its body
    statements: tuple[_Statement, ...]  # its body's statements, each before those nested in it (pre-order), these down to the edits' so far
    calls: Calls  # all of them
    statement_lines: int  # lines CPython parsed alone to build this (`edited`); 0: built from the whole definition's parse
    walked: int  # statements whose calls were walked to build this (not kept)

    @staticmethod
    def parsed(node: ast.stmt, lines: list[str], first: int, kept: "KeptCalls | None" = None, holding: tuple[int, int] | None = None) -> "KeptCalls":
        """The calls of `node`, a definition parsed from `lines` whose line `first` (1-based)
        is the text's first, each statement of its body with its whole subtree's (one walk,
        as `Calls.of(node)`), but a compound one holding lines `holding` (0-based: those an
        edit is about to change, `edited`), split into its own statements at once (as
        `_expanded` would, walking it again). A statement whose lines no other statement
        shares has the calls of the one `kept` had with the same text (the same text parses
        to the same nodes): a keystroke in a method whose lines are not one statement's (a
        new line of its body) walks the statements it changed, not every one."""
        reusable = kept._by_text() if kept is not None else {}
        body: list[ast.stmt] = node.body  # type: ignore[attr-defined]
        spans = [(_first_line(statement) - first, (statement.end_lineno or statement.lineno) - first) for statement in body]
        found: list[_Statement] = []
        walked = 0
        for index, statement in enumerate(body):
            start, end = spans[index]
            indent = _indent(statement, lines[start])
            alone = indent is not None and (index == 0 or spans[index - 1][1] < start) and (index + 1 == len(body) or spans[index + 1][0] > end)
            same = reusable.get("".join(lines[start : end + 1])) if alone else None
            if same is not None and kept is not None:
                found += [each.moved(start - kept.statements[same.start].first) for each in kept.statements[same]]
                continue
            if holding is not None and start <= holding[0] and holding[1] <= end and isinstance(statement, _COMPOUND):
                count = len(found)
                _flatten(statement, 0, -first, lines, found)
                walked += len(found) - count
                continue
            walked += 1
            found.append(_Statement(start, end, 0, indent, type(statement), Calls.of(statement), statement if isinstance(statement, _COMPOUND) else None))
        statements = tuple(found)
        header = Calls.of(node, {id(statement) for statement in body})
        return KeptCalls(lines, node, _first_line(node) - first, header, statements, _joined(header, statements), 0, walked)

    def edited(self, lines: list[str], first: int, last: int) -> "KeptCalls | None":
        """The calls of the definition in `lines`, this one's text with lines `first` to
        `last` (0-based, new) written anew, from CPython's parse of the innermost statement
        holding them, or of its header alone (`_header`), whose lines no other statement
        shares, when those lines parse alone as it starting with the old one's indentation:
        the definition then parses to the same nodes but that statement's (or its header's).
        None when none does (the edit is between statements, or spans several)."""
        delta = len(lines) - len(self.lines)
        old_last = last - delta
        if not 0 <= first <= old_last < len(self.lines) or lines[:first] != self.lines[:first] or lines[last + 1 :] != self.lines[old_last + 1 :]:
            return None
        kept, walked = self._expanded(first, old_last)
        holding = [index for index, each in enumerate(kept.statements) if each.first <= first and old_last <= each.last]
        if not holding and self.start <= first and old_last < self.statements[0].first:
            return self._own_header(lines, delta)
        for index in reversed(holding):
            statement = kept.statements[index]
            body = kept._body(index)
            if body is not None and old_last < body.first and statement.kind not in _CLAUSES and kept._own(index, holding, statement.first, body.first - 1):
                return kept._header(lines, delta, index, body, walked)
            if statement.indent is not None and not _is_elif(statement, self.lines) and kept._own(index, holding, statement.first, statement.last):
                return kept._statement(lines, delta, index, walked)
        return None

    def _expanded(self, first: int, last: int) -> tuple["KeptCalls", int]:
        """This, the statements holding lines `first` to `last` that are `whole` replaced by
        their own and those nested in them, and how many were walked for it (each alone:
        CPython's nodes are kept, their lines being those of this text)."""
        statements, walked = list(self.statements), 0
        index = 0
        while index < len(statements):
            each = statements[index]
            if each.whole is not None and each.first <= first and last <= each.last:
                found: list[_Statement] = []
                _flatten(each.whole, each.depth, each.first - _first_line(each.whole), self.lines, found)
                statements[index : index + 1] = found
                walked += len(found)
            index += 1
        if not walked:
            return self, 0
        return KeptCalls(self.lines, self.node, self.start, self.header, tuple(statements), self.calls, 0, 0), walked

    def _statement(self, lines: list[str], delta: int, index: int, walked: int) -> "KeptCalls | None":
        """The statement `index` parsed anew from its lines in `lines`, with those nested in it."""
        statement = self.statements[index]
        written = lines[statement.first : statement.last + delta + 1]
        if _goes_on(written):
            return None
        node = _one(_BLOCK + "".join(written), 2)
        if node is None or _indent(node, written[0]) != statement.indent:
            return None  # not one statement, starting where the old one did
        new: list[_Statement] = []
        _flatten(node, statement.depth, statement.first - 2, lines, new)
        end = self._subtree_end(index)
        statements = (
            *(each if each.last < statement.first else each._replace(last=new[0].last if each.last == statement.last else each.last + delta) for each in self.statements[:index]),
            *new,
            *(self.statements[end:] if not delta else (each.moved(delta) for each in self.statements[end:])),
        )  # a statement the replaced one is nested in ends where the new one does when the old one ended it (the lines after it it parsed with are blank or comments)
        return KeptCalls(lines, self.node, self.start, self.header, statements, _joined(self.header, statements), len(written), walked + len(new))

    def _header(self, lines: list[str], delta: int, index: int, body: _Statement, walked: int) -> "KeptCalls | None":
        """The compound statement `index` with its header (the lines before its first nested
        statement, `body`) parsed anew from `lines`, over a `pass` where that statement
        starts: when it parses as a statement of the same kind, the definition parses to the
        same nodes but that header's (its blocks and clauses follow the same `:`). A keystroke
        in an `elif` header of a 40-line chain parses the header's line."""
        statement = self.statements[index]
        written = lines[statement.first : body.first + delta]
        if _goes_on(written):
            return None
        elif_ = _is_elif(statement, self.lines)
        prefix = _BLOCK + (f"{statement.indent}if 0: pass\n" if elif_ else "")
        node = _one(prefix + "".join(written) + f"{body.indent}pass\n", 3 if elif_ else 2, elif_)
        if node is None or type(node) is not statement.kind or _indent(node, written[0]) != statement.indent:
            return None
        inner = node.body  # type: ignore[attr-defined]
        pass_line = prefix.count("\n") + len(written) + 1
        if len(inner) != 1 or type(inner[0]) is not ast.Pass or inner[0].lineno != pass_line or inner[0].col_offset != len(body.indent or "") or getattr(node, "orelse", None):
            return None
        new = statement._replace(last=statement.last + delta, calls=Calls.of(node, {id(inner[0])}))
        statements = (
            *(each if each.last < statement.first else each._replace(last=each.last + delta) for each in self.statements[:index]),
            new,
            *(self.statements[index + 1 :] if not delta else (each.moved(delta) for each in self.statements[index + 1 :])),
        )
        return KeptCalls(lines, self.node, self.start, self.header, statements, _joined(self.header, statements), len(written), walked + 1)

    def _own_header(self, lines: list[str], delta: int) -> "KeptCalls | None":
        """The definition with its own header (its decorators, `def` or `class` line and
        parameters: the lines before its body's first statement) parsed anew from `lines`,
        over a `pass` where that statement starts, below blank lines so that it starts on the
        old node's line (its lines are then the whole parse's, by which the symbol tables
        are found): when it parses as a definition of the same kind starting with the same
        indentation, the whole definition parses to the same nodes but its header's. A
        keystroke in a `def` line or a parameter (`Popen._execute_child`'s 20 lines of
        them) parses those lines, not the method (~1.5 ms at 166 lines)."""
        body = self.statements[0]
        written = lines[self.start : body.first + delta]
        if body.indent is None or body.first <= self.start or _goes_on(written) or _spaces(written[0]) != _spaces(self.lines[self.start]):
            return None
        line = _first_line(self.node)
        if line < 2:
            return None  # no room for the `if 1:` line above it
        node = _one(_BLOCK + "\n" * (line - 2) + "".join(written) + f"{body.indent}pass\n", line, decorated=True)
        if node is None or type(node) is not type(self.node) or node.col_offset != self.node.col_offset:
            return None
        inner = node.body  # type: ignore[attr-defined]
        if len(inner) != 1 or type(inner[0]) is not ast.Pass or inner[0].lineno != line + len(written) or inner[0].col_offset != len(body.indent):
            return None
        header = Calls.of(node, {id(inner[0])})
        statements = self.statements if not delta else tuple(each.moved(delta) for each in self.statements)
        return KeptCalls(lines, node, self.start, header, statements, _joined(header, statements), len(written), 1)

    def _body(self, index: int) -> _Statement | None:
        """The first statement nested in statement `index` when it starts a line below its
        header (None: it has none, or it follows the header's `:` on its line)."""
        statement = self.statements[index]
        following = self.statements[index + 1] if index + 1 < len(self.statements) else None
        if following is None or following.depth != statement.depth + 1 or following.indent is None or following.first <= statement.first:
            return None
        return following

    def _own(self, index: int, holding: list[int], first: int, last: int) -> bool:
        """Whether lines `first` to `last` of statement `index` are held by no statement but
        those it is nested in (among `holding`, those holding the edit) and those nested in it."""
        end = self._subtree_end(index)
        around = {at for at in holding if at < index and self._subtree_end(at) > index}
        return not any(
            other.first <= last and first <= other.last for at, other in enumerate(self.statements) if not (index <= at < end or at in around)
        )

    def _subtree_end(self, index: int) -> int:
        """The index after the statements nested in statement `index`."""
        depth, end = self.statements[index].depth, index + 1
        while end < len(self.statements) and self.statements[end].depth > depth:
            end += 1
        return end

    def _by_text(self) -> dict[str, slice]:
        """The statements of the body itself whose lines are their own (and nested ones'),
        each with those nested in it (a slice of `statements`), by its text."""
        found: dict[str, slice] = {}
        tops = [index for index, each in enumerate(self.statements) if each.depth == 0]
        for at, index in enumerate(tops):
            statement = self.statements[index]
            end = tops[at + 1] if at + 1 < len(tops) else len(self.statements)
            if statement.indent is None or (at and self.statements[tops[at - 1]].last >= statement.first) or (end < len(self.statements) and self.statements[end].first <= statement.last):
                continue
            found["".join(self.lines[statement.first : statement.last + 1])] = slice(index, end)
        return found


_COMPOUND = (
    ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)  # the statements holding statements
_CLAUSES = (ast.Try, ast.Match, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))  # own nodes on lines below the header: `except` types, `case` patterns


def _one(source: str, line: int, elif_: bool = False, decorated: bool = False) -> ast.stmt | None:
    """The one statement `source` (an `if 1:` block, its first statement an `if 0:` whose
    `elif` is wanted if `elif_`) parses to, starting at `line` with no decorator (or its
    first decorator there, if `decorated`); else None."""
    tree = cpython_tree(source, "<edit>")
    block = tree.body if tree is not None else []
    if len(block) != 1 or not isinstance(block[0], ast.If) or len(block[0].body) != 1 or block[0].orelse:
        return None
    node = block[0].body[0]
    if elif_:  # the `elif` of the `if 0:`
        orelse = node.orelse if isinstance(node, ast.If) else []
        node = orelse[0] if len(orelse) == 1 else None
    if node is None or (_first_line(node) if decorated else node.lineno) != line or not decorated and getattr(node, "decorator_list", None):
        return None
    return node


def _goes_on(written: list[str]) -> bool:
    """Whether the last of the `written` lines ends in a backslash: it would go on into the
    line after them, which a parse of them alone does not see."""
    return written[-1].rstrip("\r\n").endswith("\\")


def _is_elif(statement: _Statement, lines: list[str]) -> bool:
    """Whether the statement is an `elif` (its node starts at the keyword)."""
    return statement.kind is ast.If and statement.indent is not None and lines[statement.first].startswith("elif", len(statement.indent))


def _flatten(root: ast.stmt, depth: int, shift: int, lines: list[str], found: list[_Statement]) -> None:
    """Append `root` (a statement at `depth` whose CPython line `n` is line `n + shift` of
    `lines`, 0-based) and the statements nested in it, in order."""
    nested: list[ast.stmt] = []
    calls = _walk(root, (), nested)
    first = _first_line(root) + shift
    found.append(_Statement(first, (root.end_lineno or root.lineno) + shift, depth, _indent(root, lines[first]), type(root), calls, None))
    for each in sorted(nested, key=lambda node: (node.lineno, node.col_offset)):
        _flatten(each, depth + 1, shift, lines, found)


def _walk(root: ast.AST, skipped: Collection[int] = (), nested: list[ast.stmt] | None = None) -> Calls:
    """The calls in the nodes `nodes_within` gives."""
    functions, own, methods, named = set(), set(), set(), set()
    for node in nodes_within(root, skipped, nested):
        kind = type(node)
        if kind is ast.Name:
            named.add(node.id)  # type: ignore[attr-defined]
        elif kind is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if isinstance(func, ast.Name):
                functions.add(func.id)
            elif isinstance(func, ast.Attribute):
                (own if isinstance(func.value, ast.Name) and func.value.id == "self" else methods).add(func.attr)
        elif kind is ast.Global or kind is ast.Nonlocal:
            named.update(node.names)  # type: ignore[attr-defined]
    return Calls(frozenset(functions), frozenset(own), frozenset(methods), frozenset(named))


def _indent(node: ast.stmt, line: str) -> str | None:
    """The spaces before `node` on its first line (`line`) when it starts the line and has
    no decorator; else None. An ASCII prefix: CPython's column (bytes) is its length."""
    if getattr(node, "decorator_list", None):
        return None
    spaces = _spaces(line)
    return spaces if len(spaces) == node.col_offset else None


def _spaces(line: str) -> str:
    return line[: len(line) - len(line.lstrip(_SPACES))]


def _first_line(node: ast.stmt) -> int:
    """A statement's first line (1-based), its decorators included."""
    return min([node.lineno, *(decorator.lineno for decorator in getattr(node, "decorator_list", ()))])


def _joined(header: Calls, statements: tuple[_Statement, ...]) -> Calls:
    return Calls.joined([header, *(each.calls for each in statements)])
