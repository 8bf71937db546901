"""Positions of a few nodes, without LibCST's PositionProvider.

PositionProvider records a range for every node of a module: on a large file that costs about
twice the parse (measured on test_decimal.py: parse 1.3 s, positions 3.0 s). Findings need the
ranges of a handful of nodes, so this runs LibCST's own code generator with a state that only
counts lines and columns, records ranges inside the wanted subtrees, and stops as soon as the
last of them has been generated. Ranges are the same as PositionProvider's (syntactic,
1-based lines, 0-based columns in code points); a test compares the two.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from typing import ContextManager, Iterable

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange

_LONE_CR = re.compile(r"\r(?!\n)")
_NOTHING: ContextManager[None] = nullcontext()


class _Done(Exception):
    """Raised to stop code generation once every wanted range is known."""


class _TargetPositions(CodegenState):
    """A code generator state that tracks line/column and records wanted ranges only."""

    def __init__(self, indent: str, newline: str, targets: Iterable[cst.CSTNode], line: int = 1, code: list[str] | None = None, code_from: cst.CSTNode | None = None) -> None:
        super().__init__(default_indent=indent, default_newline=newline)
        self.code = code  # the tokens generated from `code_from` on, when given
        self.code_from = code_from
        self.targets = {id(node) for node in targets}
        self.remaining = len(self.targets)
        self.line = line
        self.column = 0
        self.active = 0  # > 0 while generating a wanted node's subtree
        self.stack: list[tuple[int, int]] = []
        self.ranges: dict[int, CodeRange] = {}

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self._advance(token)

    def add_token(self, value: str) -> None:
        self._advance(value)
        if self.code is not None and self.code_from is None:
            self.code.append(value)

    def pop_trailing_newline(self) -> None:
        pass  # only affects the end of the file, after every range is recorded

    def _advance(self, value: str) -> None:
        if "\r" in value:
            value = _LONE_CR.sub("\n", value)
        newlines = value.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(value) - value.rfind("\n") - 1
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if node is self.code_from:
            self.code_from = None
        if id(node) in self.targets:
            self.active += 1
        if self.active:
            self.stack.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if not self.active:
            return
        start = self.stack.pop()
        key = id(node)
        if key not in self.ranges:
            self.ranges[key] = CodeRange(CodePosition(*start), CodePosition(self.line, self.column))
        if key in self.targets:
            self.active -= 1
            self.remaining -= 1
            if self.remaining == 0:
                raise _Done

    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> ContextManager[None]:
        # Called for most nodes: outside wanted subtrees, a shared no-op context is far
        # cheaper than a generator-based one, and inside them a plain object is.
        if not self.active:
            return _NOTHING
        return _Record(self, node, start_node, end_node)


class _Record:
    """The syntactic range of `node` recorded while its code is generated (from `start_node`'s
    start to `end_node`'s end where given), as LibCST's PositionProvider records it. A plain
    context manager: a `contextmanager` generator costs ~3x more, once for each node of a
    wanted subtree (every node of the statement placing a finding on an edited line)."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _TargetPositions, node: cst.CSTNode, start_node: cst.CSTNode | None, end_node: cst.CSTNode | None) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = (self.state.line, self.state.column)

    def __exit__(self, *_: object) -> None:  # also when _Done stops the generation inside
        state = self.state
        ranges = state.ranges
        start = ranges[id(self.start_node)].start if self.start_node is not None and id(self.start_node) in ranges else CodePosition(*self.start)
        end = ranges[id(self.end_node)].end if self.end_node is not None and id(self.end_node) in ranges else CodePosition(state.line, state.column)
        ranges[id(self.node)] = CodeRange(start, end)


def node_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, CodeRange]:
    """Ranges of `nodes` (keyed by `id(node)`), which must belong to `module`'s tree."""
    return _generate(module, _TargetPositions(module.default_indent, module.default_newline, nodes))


def statement_ranges(
    statement: cst.BaseStatement, line: int, indent: str, module: cst.Module, nodes: Iterable[cst.CSTNode], code: list[str] | None = None
) -> dict[int, CodeRange]:
    """Ranges of `nodes` inside `statement`, a statement of an indented block of `module`
    whose code (its leading lines included) starts on `line` with `indent` before it: its
    code alone places them as the module's would, where `node_ranges` generates every
    statement above it first (the 90 lines of a function above a finding at its end).
    Not for an `elif` (its code depends on the `if` holding it). `code`, for a simple
    statement, gets the tokens generated from its first small statement on (all of its code
    but its leading lines and indentation when the statement is among `nodes`)."""
    first = statement.body[0] if code is not None and type(statement) is cst.SimpleStatementLine and statement.body else None
    state = _TargetPositions(module.default_indent, module.default_newline, nodes, line, code if first is not None else None, first)
    state.indent_tokens.append(indent)
    return _generate(statement, state)


def _generate(node: cst.CSTNode, state: _TargetPositions) -> dict[int, CodeRange]:
    """Run the code generator over `node` until every wanted range is known."""
    if not state.targets:
        return {}
    try:
        node._codegen(state)
    except _Done:
        pass
    return state.ranges
