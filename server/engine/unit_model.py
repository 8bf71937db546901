"""What a unit is: a top-level statement (or a member of a top-level class's body) with its
LibCST node, its lines and its findings, and a statement re-parsed inside one.

Plain records with no behaviour but `pieces_of`: the document (units.py), its re-parse of edited
units (unit_reparse.py) and its full parse (first_open.py) all build and read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from .model import Finding
from .nesting import Step


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
    lazy_markers: frozenset[str] | None = None  # then: a bound of the requires-text markers its text holds (edit_markers.py; None: unknown)


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
    # An edit of a compound statement's header lines only (an `elif`'s among them): those lines,
    # relative to the statement (new lines); the rest of it kept its findings in the piece
    # (units.py checks the header alone, or drops them).
    head_lines: range | None = None
    heads: tuple[cst.CSTNode, cst.CSTNode] | None = None  # then: the old and new headers over a `pass` block (nesting.header_shell)
    elifs: tuple[cst.CSTNode, ...] = ()  # of an `elif`'s: the new `elif`s from the statement's `orelse` down to the edited one
    # Every node from the unit down to the statements' parent (nesting.ancestry_through of the
    # path and the first statement), new and old (down to the old statement): the re-parse's
    # swaps found them (nesting.rebuild), and the source gate and the checks read them.
    chain: list[cst.CSTNode] = field(kw_only=True)
    old_ancestry: list[cst.CSTNode] = field(kw_only=True)


def pieces_of(unit: Unit, start: int) -> list[tuple[int, Unit]]:
    """A unit and its members, each with its first line."""
    pieces = [(start, unit)]
    if unit.members is not None:
        at = start + unit.head
        for member in unit.members:
            pieces.append((at, member))
            at += member.lines
    return pieces
