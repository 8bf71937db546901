"""Definitions inside compound statements that first open may stub like members: the methods
of a class's `if _mswindows: ... else: ...` block, a module's `try: ... except ImportError:`
fallbacks (lazy_units.py).

Such a block is one unit (a class member, or a top-level statement), always parsed: at
10,031 lines of standard-library code, 2,372 of the 4,268 lines first open parsed were
blocks of methods no enabled rule could match (`subprocess.Popen`'s 880-line block). Only
`if` and `try` blocks are looked into (the platform and import fallbacks of real code);
a definition under a loop or a `with` stays with its block. The document keeps the names of
a block's stubbed definitions with its piece (`Unit.inner`), and an edit of that piece
re-parses it whole from the text: its stubs become real (units.py `_lazy_edit`).

A rule that may match the block as a whole (`try: ... except: pass`, keyed by its node type,
or a rule with no key, tried everywhere) renders the block's code into its finding (the
fingerprint, a `$BODY` in the message): the definitions of a block it may match are kept.
"""

from __future__ import annotations

import ast
from typing import Iterable, Iterator

from .sparse import _DEFINITIONS
from .sparse import _Unit as Stubbed
from .sparse import _definitions as definitions_in

BLOCK_KINDS = frozenset({"If", "Try", "TryStar"})  # the LibCST node types of the blocks looked into
_BLOCKS = (ast.If, ast.Try, ast.TryStar)


def block_definitions(body: Iterable[ast.stmt], lines: list[str], owner: str | None, outer: tuple[ast.stmt, ...]) -> list[tuple[Stubbed, str | None, tuple[ast.stmt, ...]]]:
    """The definitions inside the `if`/`try` statements of `body` (a class's, `owner`, or the
    module's), at any depth of such blocks, each with its class and the statements around
    it, outermost first (`outer` and the blocks)."""
    found: list[tuple[Stubbed, str | None, tuple[ast.stmt, ...]]] = []
    for statement in body:
        if not isinstance(statement, _BLOCKS):
            continue
        chain = (*outer, statement)
        for block in _blocks(statement):
            found += [(unit, owner, chain) for unit in definitions_in(block, lines, 0) if unit is not None]
            found += block_definitions(block, lines, owner, chain)
    return found


def _blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists of an `if` or `try` (an `elif` is an `if` in the `else` list)."""
    yield statement.body  # type: ignore[attr-defined]
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    yield statement.orelse  # type: ignore[attr-defined]
    yield getattr(statement, "finalbody", [])


def holds_other_function(statement: ast.stmt, units: set[int]) -> bool:
    """Whether a function that is no unit (`units`, by id) lies in the statement's blocks:
    code always parsed where a refined rule's match may call what data flow follows."""
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        if id(node) in units:
            continue
        if isinstance(node, _DEFINITIONS) and not isinstance(node, ast.ClassDef):
            return True
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                stack.extend(inner)
    return False
