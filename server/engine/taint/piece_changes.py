"""Which pieces of a module (a top-level statement, or a member of a top-level class: what the
source gate answers for, gate.py) are not those of a module asked about before.

A keystroke replaces one top-level statement (or one member of a class) and keeps the others
as they were, node for node, so the two bodies are compared by identity from both ends (in C)
and only the statements between are looked into: a 10,031-line module's ~700 pieces are not
each looked at again after every keystroke."""

from __future__ import annotations

import operator
from typing import Iterator, Sequence

import libcst as cst

Located = tuple[cst.CSTNode, list[cst.CSTNode]]  # a piece with its ancestors, module first


def class_members(statement: cst.CSTNode) -> Sequence[cst.BaseStatement] | None:
    """A top-level class's members, each a piece of its own; None for another statement,
    which is one piece."""
    if type(statement) is cst.ClassDef and type(statement.body) is cst.IndentedBlock:  # exact types: a long file's pieces are many
        return statement.body.body
    return None


def pieces_of(module: cst.Module, statements: Sequence[cst.BaseStatement]) -> Iterator[Located]:
    """The pieces of `statements` (top-level ones of `module`): a class's members in its
    place, each with its ancestors."""
    for statement in statements:
        inside = class_members(statement)
        if inside is None:
            yield statement, [module]
        else:
            above: list[cst.CSTNode] = [module, statement, statement.body]  # type: ignore[attr-defined]
            for member in inside:
                yield member, above


def piece_of(node: cst.CSTNode, ancestors: list[cst.CSTNode]) -> cst.CSTNode:
    """The piece holding `node` (its ancestors, module first, given): a member of a top-level
    class, or a top-level statement (`pieces_of`)."""
    if len(ancestors) < 2:
        return node
    if len(ancestors) > 2 and ancestors[2] is getattr(ancestors[1], "body", None) and class_members(ancestors[1]) is not None:
        return ancestors[3] if len(ancestors) > 3 else node
    return ancestors[1]


def replaced_pieces(old: cst.Module, new: cst.Module) -> tuple[list[Located], list[cst.CSTNode]]:
    """The pieces of `new` that are no pieces of `old` (with their ancestors), and those of
    `old` that are no pieces of `new`."""
    start, end = same_ends(old.body, new.body)
    was, now = old.body[start : len(old.body) - end], new.body[start : len(new.body) - end]
    if len(was) == len(now):  # replaced one for one (keystrokes in several definitions since): those alone
        pairs = [(before, after) for before, after in zip(was, now) if before is not after]
        was, now = [before for before, _ in pairs], [after for _, after in pairs]
    before = {id(piece): piece for piece, _ in pieces_of(old, was)}
    fresh = [(piece, above) for piece, above in pieces_of(new, now) if before.pop(id(piece), None) is not piece]
    return fresh, list(before.values())


def same_ends(old: Sequence[cst.CSTNode], new: Sequence[cst.CSTNode]) -> tuple[int, int]:
    """How many statements at the start, and then at the end, are the same nodes in both
    (compared by `map`: a Python loop over 1,300 statements cost ~0.5 ms)."""
    same = list(map(operator.is_, old, new))
    start = same.index(False) if False in same else len(same)
    tail = list(map(operator.is_, reversed(old), reversed(new)))[: len(same) - start]
    end = tail.index(False) if False in tail else len(tail)
    return start, end
