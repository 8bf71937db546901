"""The names a module imports, kept by the one asking across keystrokes (gate.InputGate.imports).

A keystroke replaces one top-level statement (or one member of a class) and keeps the others
as they were, node for node. So the imports of the next module are found from the pieces that
are not the last one's (piece_changes.replaced_pieces), and the names counted over the pieces:
a 5,002-line module's ~1,300 pieces are not looked up and joined again at every keystroke
(~2 ms of the data flow's ~5 ms there), nor a class's every member when one of them changed."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from .piece_changes import pieces_of, replaced_pieces

Imported = Callable[[cst.CSTNode], frozenset[str]]  # a piece's imports (cached by the gate)


class KnownImports:
    """The imports of a module's pieces at the last question, by piece, and how many pieces
    import each name."""

    def __init__(self) -> None:
        self._module: cst.Module | None = None  # it keeps the pieces below alive, so their ids stay theirs
        self._names: dict[int, frozenset[str]] = {}
        self._counts: dict[str, int] = {}
        self._found: frozenset[str] = frozenset()

    def of(self, module: cst.Module, imported: Imported) -> frozenset[str]:
        """The top-level names of the modules `module` imports (gate.module_pieces' pieces),
        `imported` asked for the pieces not known from the last module alone."""
        fresh, gone = replaced_pieces(self._module, module) if self._module is not None else (list(pieces_of(module, module.body)), [])
        self._module = module
        if not fresh and not gone:
            return self._found
        for piece in gone:
            self._count(self._names.pop(id(piece)), -1)
        for piece, _ in fresh:
            names = self._names[id(piece)] = imported(piece)
            self._count(names, 1)
        self._found = frozenset(name for name, count in self._counts.items() if count > 0)
        return self._found

    def _count(self, names: frozenset[str], step: int) -> None:
        for name in names:
            self._counts[name] = self._counts.get(name, 0) + step
