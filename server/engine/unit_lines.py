"""Where the units of a freshly parsed text start, from CPython's own parse of it: cutting a
10,000-line file into units by LibCST's codegen (to count each unit's lines) costs more than
the parse, while CPython gives every statement's first line at once.

A unit is a LibCST top-level statement (or a member of a top-level class) with the blank and
comment lines above it (its `leading_lines`), so it starts that many lines above the line
where CPython's statement starts. Where the two parsers could disagree (statements sharing a
line through `;`, a parenthesised decorator, lone carriage returns, no final line break), the
answer is None and the caller falls back to the codegen.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from typing import Sequence

import libcst as cst

from .collector import collector_paused
from .lines import split_lines


@dataclass(frozen=True)
class UnitLines:
    """First line (0-based) of each top-level statement with its leading lines, and of each
    member of each top-level class with an indented body (by the statement's index)."""

    starts: list[int]
    members: dict[int, list[int]]
    total: int  # lines of the text
    member_trees: dict[int, list[ast.stmt]]  # CPython's first statement of each member, by class index


def unit_lines(text: str, module: cst.Module, tree: ast.Module | None = None) -> UnitLines | None:
    """The units' first lines, or None when CPython's parse cannot vouch for them. `tree`:
    CPython's parse of `text` when the caller has it; `module` may be LibCST's parse of the
    text with definitions stubbed (first open, lazy_units.py): a stub keeps its definition's
    lines, so the statements start where they do in `text`.

    CPython's tree of the text is hundreds of thousands of objects, all dropped at the end:
    the cycle collector, which would walk them (and the LibCST tree beside them) again and
    again while they are built, waits meanwhile (collector.py)."""
    with collector_paused():
        return _unit_lines(text, module, tree)


def _unit_lines(text: str, module: cst.Module, tree: ast.Module | None) -> UnitLines | None:
    if not module.has_trailing_newline or "\r" in text.replace("\r\n", ""):
        return None
    if tree is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes and the like: not ours to print
                tree = compile(text, "<unit>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except Exception:  # too deep, out of memory: the codegen decides
            return None
    lines = split_lines(text)
    total = len(lines) - 1  # the text ends with a line break: nothing follows the last
    groups = _groups(tree.body)
    starts = _starts(module.body, groups, lines)
    if starts is None or (starts and (starts[0] != len(module.header) or starts[-1] >= total - len(module.footer))):
        return None
    if starts:
        starts[0] = 0  # the module's header belongs to the first unit
    members: dict[int, list[int]] = {}
    trees: dict[int, list[ast.stmt]] = {}
    for index, statement in enumerate(module.body):
        body = getattr(statement, "body", None)
        if isinstance(statement, cst.ClassDef) and isinstance(body, cst.IndentedBlock) and body.body:
            member_groups = _groups(groups[index][0].body)  # type: ignore[attr-defined]
            found = _starts(body.body, member_groups, lines)
            if found is None:
                return None
            members[index] = found
            trees[index] = [group[0] for group in member_groups]
    return UnitLines(starts, members, total, trees)


def _groups(nodes: list[ast.stmt]) -> list[list[ast.stmt]]:
    """CPython statements grouped as LibCST groups them: `a = 1; b = 2` is one line."""
    groups: list[list[ast.stmt]] = []
    for node in nodes:
        if groups and node.lineno == groups[-1][-1].end_lineno:
            groups[-1].append(node)
        else:
            groups.append([node])
    return groups


def _starts(statements: Sequence[cst.CSTNode], groups: list[list[ast.stmt]], lines: list[str]) -> list[int] | None:
    """Each statement's first line with its leading lines; None where the parsers disagree."""
    if len(groups) != len(statements):
        return None
    starts: list[int] = []
    for statement, group in zip(statements, groups):
        first = group[0]
        if len(group) > 1 and not isinstance(statement, cst.SimpleStatementLine):
            return None
        if isinstance(statement, cst.ClassDef) != isinstance(first, ast.ClassDef):
            return None
        decorators = getattr(first, "decorator_list", None)
        line = (min(d.lineno for d in decorators) if decorators else first.lineno) - 1
        if decorators and not lines[line].lstrip().startswith("@"):
            return None  # `@(` ... `)`: CPython places the decorator at its expression
        start = line - len(getattr(statement, "leading_lines", ()))
        if starts and start <= starts[-1]:
            return None
        starts.append(start)
    return starts
