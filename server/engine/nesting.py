"""Nested units: the statements inside a unit's blocks, so that an edit re-parses only the
innermost statement holding it (a line of a 300-line method, not the method).

A statement's layout (the line offset and line count of each statement in its blocks) depends
only on the statement itself, and LibCST nodes are immutable, so layouts are recorded once (in
the codegen of a re-parsed statement, or from CPython's parse of a unit parsed from known text:
block_lines.py) and stay valid while the node lives. The innermost
statement is re-parsed under one `if 1:` header per enclosing block (at that block's real
indentation), which reproduces its indentation without touching its text (dedenting would
change multi-line strings); the result is spliced into the unit along the path of nodes that
hold it. An edit in a compound statement's header lines (a `def` signature, an `if` test)
re-parses only those lines, over a `pass` body, and keeps the old blocks (`with_header`).
See ../shared/design.md ("Why blocks").
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import Callable, Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

from .lines import count_breaks
from .matcher import child_nodes, subclass_of
from .text_buffer import MAX_INDENT


@dataclass(frozen=True)
class Child:
    """A statement inside a compound statement, relative to the compound statement."""

    offset: int  # lines from the compound statement's first line
    lines: int
    node: cst.BaseStatement
    in_block: bool  # directly in an indented block (an `elif` is not: it hangs on its `if`)
    indent: str  # its absolute indentation


Layouts = dict[int, tuple[cst.CSTNode, tuple[Child, ...]]]  # id(compound statement) -> (it, children)


class _Recorder(CodegenState):
    """LibCST codegen that also records the layout of every compound statement it renders."""

    def __init__(self, indent: str, newline: str, layouts: Layouts, base: str) -> None:
        super().__init__(default_indent=indent, default_newline=newline)
        if base:
            self.indent_tokens.append(base)
        self.breaks = 0
        self.layouts = layouts
        self.parents: list[cst.CSTNode] = []
        self.open: list[tuple[cst.BaseStatement, int, list[Child], bool, str]] = []

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            self.breaks += count_breaks(value)

    def pop_trailing_newline(self) -> None:
        if self.tokens:
            self.breaks -= count_breaks(self.tokens.pop())

    def before_codegen(self, node: cst.CSTNode) -> None:
        if subclass_of(type(node), cst.BaseStatement):
            in_block = bool(self.parents) and type(self.parents[-1]) is cst.IndentedBlock
            self.open.append((node, self.breaks, [], in_block, "".join(self.indent_tokens)))
        self.parents.append(node)

    def after_codegen(self, node: cst.CSTNode) -> None:
        self.parents.pop()
        if not subclass_of(type(node), cst.BaseStatement):
            return
        _, start, children, in_block, indent = self.open.pop()
        if children:
            self.layouts[id(node)] = (node, tuple(children))
        if self.open:
            parent_start = self.open[-1][1]
            self.open[-1][2].append(Child(start - parent_start, self.breaks - start, node, in_block, indent))


def render(node: cst.CSTNode, indent: str, newline: str, layouts: Layouts, base: str = "") -> str:
    """The node's code (as `Module.code_for_node`; `base` is the indentation of the block it
    sits in), recording the layouts of its statements."""
    state = _Recorder(indent, newline, layouts, base)
    node._codegen(state)
    return "".join(state.tokens)


def shift_layout(layouts: Layouts, node: cst.CSTNode, lines: int) -> None:
    """Move the statements in `node`'s blocks `lines` further from its first line (lines
    above the node that its unit holds)."""
    entry = layouts.get(id(node))
    if entry is not None and entry[0] is node:
        layouts[id(node)] = (node, tuple(dataclasses.replace(child, offset=child.offset + lines) for child in entry[1]))


def forget(layouts: Layouts, node: cst.CSTNode) -> None:
    """Drop the layouts of a statement and of every statement inside it."""
    entry = layouts.pop(id(node), None)
    if entry is not None and entry[0] is node:
        for child in entry[1]:
            forget(layouts, child.node)


@dataclass(frozen=True)
class Step:
    """One statement on the way from a unit down to the statement an edit is in."""

    node: cst.CSTNode
    start: int  # absolute first line (0-based)
    lines: int
    in_block: bool
    indent: str


def path_to(layouts: Layouts, root: Step, first: int, last: int, lay_out: Callable[[Step], None]) -> list[Step]:
    """The statements holding lines [first, last], outermost (the unit) first. Compound
    statements met without a layout (parsed from known text, so never rendered) get one now
    from `lay_out`, which records the layouts of a statement and of those inside it."""
    path = [root]
    node = root.node
    while True:
        entry = layouts.get(id(node))
        if (entry is None or entry[0] is not node) and isinstance(node, cst.BaseCompoundStatement):
            lay_out(path[-1])
            entry = layouts.get(id(node))
        if entry is None or entry[0] is not node:
            return path
        for child in entry[1]:
            at = path[-1].start + child.offset
            if at <= first and last < at + child.lines:
                path.append(Step(child.node, at, child.lines, child.in_block, child.indent))
                node = child.node
                break
        else:
            return path


def relayout(layouts: Layouts, path: Sequence[Step], rebuilt: Sequence[cst.CSTNode], new: Sequence[Child], delta: int) -> None:
    """Layouts for the statements rebuilt along `path` (rebuilt[i] replaces path[i].node) once
    its last statement became the statements `new`: later siblings move by `delta` lines."""
    for index in range(len(path) - 1):
        old_node, old_child = path[index].node, path[index + 1].node
        entry = layouts.pop(id(old_node), None)
        if entry is None or entry[0] is not old_node:
            continue
        children: list[Child] = []
        moved = 0
        for child in entry[1]:
            if child.node is old_child:
                if index + 1 == len(path) - 1:
                    children.extend(new)
                else:
                    children.append(dataclasses.replace(child, lines=child.lines + delta, node=rebuilt[index + 1]))  # type: ignore[arg-type]
                moved = delta
            else:
                children.append(dataclasses.replace(child, offset=child.offset + moved) if moved else child)
        layouts[id(rebuilt[index])] = (rebuilt[index], tuple(children))
    forget(layouts, path[-1].node)


def indents_of(path: Sequence[Step]) -> list[str]:
    """The indentation of each block level above the statement at the end of `path`."""
    indents: list[str] = [""]
    for step in path[1:-1]:
        if step.in_block and step.indent != indents[-1]:
            indents.append(step.indent)
    return indents


def wrapper(path: Sequence[Step], newline: str) -> str:
    """`if 1:` headers that put the statement at the end of `path` at its own indentation."""
    return "".join(f"{indent}if 1:{newline}" for indent in indents_of(path))


def lone_line(path: Sequence[Step], rows: Sequence[str], indent: str, newline: str) -> str | None:
    """`rows`, the lines of the statement at the end of `path`, without its indentation, when
    they are one line of code under comment lines that parse alone to the nodes they give
    under `wrapper`'s headers: nothing of a one-line statement depends on its indentation (it
    holds no indented block), and the headers' parse would hold the same tokens; its comment
    lines, at its own indentation, become the module's header (`alone_statement`). So where
    the block levels nest (each indentation extends the one above, the first is the module's
    `indent`, fewer levels than CPython allows), each line is at the statement's own
    indentation and ends with the document's `newline`, whose parse the wrappers would set as
    the default. None where the wrappers decide (several lines of code, a blank line, a line
    starting with spaces or a lone continuation, levels that do not nest: a parse under
    them may fail)."""
    levels = [*indents_of(path), path[-1].indent]
    own = levels[-1]
    if levels[1] != indent or len(levels) > MAX_INDENT + 1 or "\f" in own:
        return None
    if any(len(inner) <= len(outer) or not inner.startswith(outer) for outer, inner in itertools.pairwise(levels)):
        return None
    if not all(row.startswith(own) and _line_end(row) == newline and count_breaks(row) == 1 for row in rows):
        return None
    if not all(row[len(own) : len(own) + 1] == "#" for row in rows[:-1]):
        return None
    code = "".join(row[len(own) :] for row in rows)
    last = rows[-1][len(own) : len(own) + 1]
    return code if last not in ("", " ", "\t", "\f", "#", "\\", "\r", "\n") else None


def alone_statement(module: cst.Module, rows: int, newline: str) -> cst.BaseStatement | None:
    """The statement `module` (`lone_line`'s code of `rows` lines) holds, its comment lines
    (the module's header) led by it as under the wrappers; None where the parse is not one
    statement under those lines."""
    if module.footer or len(module.body) != 1 or module.default_newline != newline or len(module.header) != rows - 1:
        return None
    statement = module.body[0]
    if not module.header:
        return statement
    return None if statement.leading_lines else statement.with_changes(leading_lines=module.header)


def _line_end(text: str) -> str:
    """The line break ending `text`."""
    return "\r\n" if text.endswith("\r\n") else text[-1:]


def parsed_statements(module: cst.Module, depth: int) -> list[cst.BaseStatement] | None:
    """The statements under `depth` nested `if 1:` wrappers, or None when the wrappers did not
    come back exactly as written (so the chunk would not parse the same in its document)."""
    if module.header or module.footer:
        return None
    body: Sequence[cst.BaseStatement] = module.body
    for _ in range(depth):
        if len(body) != 1:
            return None
        wrap = body[0]
        if not isinstance(wrap, cst.If) or wrap.orelse is not None or wrap.leading_lines or not isinstance(wrap.body, cst.IndentedBlock):
            return None
        if wrap.body.footer or wrap.body.header.comment is not None:
            return None
        body = wrap.body.body
    return list(body) if body else None


# Asked by type: LibCST's node classes are ABCs (a failing isinstance of six of them ~6 us, a set
# lookup 0.2), and none of these has a subclass.
_BLOCK_HOLDERS = frozenset((cst.IndentedBlock, cst.Else, cst.Finally, cst.ExceptHandler, cst.ExceptStarHandler, cst.MatchCase))


def route(node: cst.CSTNode, target: cst.CSTNode) -> list[cst.CSTNode] | None:
    """The nodes (blocks, `else:`, handlers) between a statement and a statement in its blocks.
    Through matcher.child_nodes: the fields it skips (whitespace, headers, punctuation) hold
    no statement nor block, and it tells a node by its class once, where isinstance against
    LibCST's CSTNode, an ABC, went through abc's instance check for every field's value."""
    for child in child_nodes(node):
        if child is target:
            return []
        if type(child) in _BLOCK_HOLDERS:
            inner = route(child, target)
            if inner is not None:
                return [child, *inner]
    return None


def ancestry_through(statements: tuple[cst.CSTNode, ...], known: dict[tuple[int, ...], list[cst.CSTNode] | None]) -> list[cst.CSTNode] | None:
    """Every node from the first statement down to (not including) the last, each statement
    holding the next one in its blocks (None when one does not), from those of all but the
    last when `known` holds them: the statements checked again in a function share the
    statements above them, and a route through a long `if` chain searches its blocks.
    `known` is keyed by the statements' ids, so it lives no longer than they do."""
    key = tuple(map(id, statements))
    if key not in known:
        if len(statements) < 2:
            known[key] = []
        else:
            head = ancestry_through(statements[:-1], known)
            between = None if head is None else route(statements[-2], statements[-1])
            known[key] = None if head is None or between is None else [*head, statements[-2], *between]
    return known[key]


def known_routes(path: Sequence[cst.CSTNode], chain: Sequence[cst.CSTNode]) -> dict[tuple[int, ...], list[cst.CSTNode] | None]:
    """`ancestry_through`'s `known` for each leading part of `path` (statements each holding
    the next), from the ancestry `chain` of the whole path (a nested edit's: NestedEdit.chain):
    the statements checked again beside an edit lie under those holding it."""
    return {tuple(map(id, path[:count])): above(chain, path[count - 1]) for count in range(1, len(path) + 1)}


def _replaced(parent: cst.CSTNode, old: cst.CSTNode, new: Sequence[cst.CSTNode]) -> cst.CSTNode | None:
    for field in dataclasses.fields(parent):  # type: ignore[arg-type]
        value = getattr(parent, field.name)
        if value is old:
            return parent.with_changes(**{field.name: new[0]}) if len(new) == 1 else None
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                if item is old:
                    return parent.with_changes(**{field.name: [*value[:index], *new, *value[index + 1 :]]})
    return None


def swap(node: cst.CSTNode, old: cst.CSTNode, new: Sequence[cst.CSTNode]) -> cst.CSTNode | None:
    """`node` with the statement `old` (inside its blocks) replaced by `new`; None if not found."""
    swapped = _swapped(node, old, new)
    return None if swapped is None else swapped[0]


def _swapped(node: cst.CSTNode, old: cst.CSTNode, new: Sequence[cst.CSTNode]) -> tuple[cst.CSTNode, list[cst.CSTNode], list[cst.CSTNode]] | None:
    """`swap`, with the nodes between `node` and `old` (`route`) and those between the new
    node and `new[0]` (the blocks rebuilt around it, in the same places)."""
    holders = route(node, old)
    if holders is None:
        return None
    chain = [node, *holders]
    replacement = new
    built: list[cst.CSTNode] = []
    for parent, child in zip(reversed(chain), [old, *reversed(chain[1:])]):
        changed = _replaced(parent, child, replacement)
        if changed is None:
            return None
        built.append(changed)
        replacement = [changed]
    return built[-1], holders, built[-2::-1]


@dataclass(frozen=True)
class Rebuilt:
    """The statements of a path rebuilt from the bottom up (`rebuild`), and the nodes between
    each one and the next, old and new (as `ancestry_through` finds them): found by the
    swaps, so the checks of the edit do not search the blocks again (a long `if` block of
    methods)."""

    nodes: list[cst.CSTNode]  # nodes[i] replaces the path's i-th statement (the last one: none)
    old: list[list[cst.CSTNode]]  # per level: the old statement and the nodes between it and the next
    new: list[list[cst.CSTNode]]  # the same of the new statements, down to the replacement's first

    def ancestry(self, levels: int, old: bool = False) -> list[cst.CSTNode]:
        """Every node from the path's first statement down to (not including) the one at
        `levels`, old or new (the new one at the end: the replacement's first)."""
        return [node for level in (self.old if old else self.new)[:levels] for node in level]


def rebuild(path: Sequence[cst.CSTNode], replacement: Sequence[cst.CSTNode]) -> Rebuilt | None:
    """The statements of `path` (each holding the next in its blocks) once its last becomes
    `replacement`, from the bottom up; None when one does not hold the next."""
    nodes: list[cst.CSTNode] = [None] * len(path)  # type: ignore[list-item]
    old: list[list[cst.CSTNode]] = []
    new: list[list[cst.CSTNode]] = []
    for index in range(len(path) - 2, -1, -1):
        swapped = _swapped(path[index], path[index + 1], replacement)
        if swapped is None:
            return None
        nodes[index], between, built = swapped
        old.append([path[index], *between])
        new.append([nodes[index], *built])
        replacement = [nodes[index]]
    return Rebuilt(nodes, old[::-1], new[::-1])


def above(chain: Sequence[cst.CSTNode], node: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes of an ancestry `chain` above `node`, one of them: the ancestry down to it."""
    return list(itertools.takewhile(lambda each: each is not node, chain))


def positions_module(nodes: Sequence[cst.CSTNode], indents: Sequence[str], own: str, indent: str, newline: str) -> cst.Module | None:
    """A module holding statements `nodes` (indented by `own`) under one `if 1:` per entry of
    `indents` (see `indents_of`), so their positions are their real ones less `len(indents)`
    lines; None when the indentation cannot be rebuilt so."""
    levels = [*indents, own]
    body: list[cst.BaseStatement] = list(nodes)  # type: ignore[arg-type]
    for level in range(len(indents) - 1, -1, -1):
        outer, inner = levels[level], levels[level + 1]
        if not inner.startswith(outer) or inner == outer:
            return None
        relative = inner[len(outer) :]
        block = cst.IndentedBlock(body=body, indent=None if relative == indent else relative)
        body = [cst.If(test=cst.Integer("1"), body=block)]
    return cst.Module(body=body, default_indent=indent, default_newline=newline)


# Compound statements whose header lines can be re-parsed alone over a `pass` body: the
# fields named in BLOCK_FIELDS hold their blocks, every other field belongs to the header.
HEADED = (cst.FunctionDef, cst.ClassDef, cst.If, cst.For, cst.While, cst.With, cst.Try, cst.TryStar)
BLOCK_FIELDS = ("body", "orelse", "handlers", "finalbody")


def header_children(statement: cst.CSTNode) -> list[cst.CSTNode]:
    """A compound statement's children outside its blocks (`BLOCK_FIELDS`): its header's nodes."""
    blocks = {id(block) for name in BLOCK_FIELDS for value in [getattr(statement, name, None)] for block in (value if isinstance(value, (list, tuple)) else [value])}
    return [child for child in child_nodes(statement) if id(child) not in blocks]


def header_shell(statement: cst.CSTNode) -> cst.CSTNode:
    """A compound statement over a `pass` block and without its `else`: its header's nodes as
    they are, where nothing its blocks hold is rendered or bound (the positions of its header
    lines, what its header binds)."""
    block = statement.body.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])], footer=())  # type: ignore[attr-defined]
    return statement.with_changes(body=block, **({"orelse": None} if getattr(statement, "orelse", None) is not None else {}))


def elif_shell(statement: cst.If) -> cst.If:
    """An `elif` as `header_shell` has it, hung on an `if 1:` over a `pass` block (two lines
    above it): rendered with its `elif` keyword, so its test has its real columns."""
    shell = header_shell(statement)
    return cst.If(test=cst.Integer("1"), body=shell.body, orelse=shell)  # type: ignore[attr-defined]


def with_header(old: cst.CSTNode, parsed: cst.CSTNode) -> cst.CSTNode | None:
    """`old` with the header of `parsed` (the same kind of statement, parsed from the edited
    header lines over a one-line `pass` body): its blocks are kept, except the first block's
    header (the comment after the colon), which sits on the header's last line. None when
    the two do not fit together."""
    if type(parsed) is not type(old):
        return None
    block, dummy = old.body, parsed.body  # type: ignore[attr-defined]
    if not isinstance(block, cst.IndentedBlock) or not isinstance(dummy, cst.IndentedBlock):
        return None
    if len(dummy.body) != 1 or dummy.footer or dummy.indent != block.indent:
        return None
    if dummy.body[0].leading_lines:  # blank lines or comments typed below the header: the first statement's, not re-parsed
        return None
    changes = {field.name: getattr(parsed, field.name) for field in dataclasses.fields(old) if field.name not in BLOCK_FIELDS}  # type: ignore[arg-type]
    return old.with_changes(**changes, body=block.with_changes(header=dummy.header))
