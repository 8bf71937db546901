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
from contextlib import contextmanager, nullcontext
from typing import ContextManager, Iterable, Iterator

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange

_LONE_CR = re.compile(r"\r(?!\n)")
_NOTHING: ContextManager[None] = nullcontext()


class _Done(Exception):
    """Raised to stop code generation once every wanted range is known."""


class _TargetPositions(CodegenState):
    """A code generator state that tracks line/column and records wanted ranges only."""

    def __init__(self, indent: str, newline: str, targets: Iterable[cst.CSTNode], line: int = 1) -> None:
        super().__init__(default_indent=indent, default_newline=newline)
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
        # cheaper than a generator-based one.
        if not self.active:
            return _NOTHING
        return self._record(node, start_node, end_node)

    @contextmanager
    def _record(self, node: cst.CSTNode, start_node: cst.CSTNode | None, end_node: cst.CSTNode | None) -> Iterator[None]:
        start = CodePosition(self.line, self.column)
        try:
            yield
        finally:
            end = CodePosition(self.line, self.column)
            if start_node is not None and id(start_node) in self.ranges:
                start = self.ranges[id(start_node)].start
            if end_node is not None and id(end_node) in self.ranges:
                end = self.ranges[id(end_node)].end
            self.ranges[id(node)] = CodeRange(start, end)


def node_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, CodeRange]:
    """Ranges of `nodes` (keyed by `id(node)`), which must belong to `module`'s tree."""
    return _generate(module, _TargetPositions(module.default_indent, module.default_newline, nodes))


def statement_ranges(
    statement: cst.BaseStatement, line: int, indent: str, module: cst.Module, nodes: Iterable[cst.CSTNode]
) -> dict[int, CodeRange]:
    """Ranges of `nodes` inside `statement`, a statement of an indented block of `module`
    whose code (its leading lines included) starts on `line` with `indent` before it: its
    code alone places them as the module's would, where `node_ranges` generates every
    statement above it first (the 90 lines of a function above a finding at its end).
    Not for an `elif` (its code depends on the `if` holding it)."""
    state = _TargetPositions(module.default_indent, module.default_newline, nodes, line)
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
