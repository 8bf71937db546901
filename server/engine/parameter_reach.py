"""Which statements of a function an edit of its parameters may change the meaning of.

A name typed into a `def` line renames a parameter. The function's body keeps its nodes
(nesting.with_header), and the function's scope binds parameters by name alone (no value:
resolver.function_scope), so a node of the body resolves a name differently only when the
name is a parameter of one signature and not of the other, or when it follows (through an
assigned value) a name bound by a statement that does. Those statements are found by their
text: a statement naming none of the renamed names, nor a name bound by a statement that
does, resolves every name as it did. The source gate then walks these statements and the
function's own node, not the whole body (units._edited_functions, gate.Edited).
"""

from __future__ import annotations

from typing import Sequence

import libcst as cst

from .resolver import all_params, module_scope
from .word_search import Words


def renamed_parameters(old: cst.FunctionDef, new: cst.FunctionDef) -> set[str]:
    """The names one signature has as a parameter and the other does not."""
    return {param.name.value for param in all_params(old.params)} ^ {param.name.value for param in all_params(new.params)}


def reached(names: set[str], statements: Sequence[tuple[cst.CSTNode, str]]) -> list[cst.CSTNode]:
    """The statements (each with its text, comments and strings included) naming one of
    `names` or, in turn, a name bound by such a statement, in their order."""
    found: set[int] = set()
    seen = set(names)
    while names:
        words = Words(names)
        hits = [statement for statement, text in statements if id(statement) not in found and words.search(text)]
        found.update(map(id, hits))
        names = {name for statement in hits for name in module_scope([statement]).bindings} - seen
        seen |= names
    return [statement for statement, _ in statements if id(statement) in found]
