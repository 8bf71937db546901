"""The names a module imports, kept by the one asking across keystrokes (gate.InputGate.imports).

A keystroke replaces one top-level statement (or one member of a class) and keeps the others
as they were, node for node. So the imports of the next module are found from the top-level
statements that differ from the last one's (by identity, from both ends), each class's
members looked up by node, and the names counted over the statements: a 5,002-line module's
~1,300 pieces are not looked up and joined again at every keystroke (~2 ms of the data flow's
~5 ms there)."""

from __future__ import annotations

from typing import Callable, Sequence

import libcst as cst

from .piece_changes import class_members, same_ends

Imported = Callable[[cst.CSTNode], frozenset[str]]  # a piece's imports (cached by the gate)
MemberEntries = dict[int, tuple[cst.CSTNode, frozenset[str]]]


class KnownImports:
    """The imports of a module's pieces at the last question: per top-level statement (a
    class's: its members'), per class member by id, and how many statements import each name."""

    def __init__(self) -> None:
        self._body: Sequence[cst.BaseStatement] = ()
        self._names: list[frozenset[str]] = []
        self._members: MemberEntries = {}
        self._counts: dict[str, int] = {}
        self._found: frozenset[str] = frozenset()

    def of(self, module: cst.Module, imported: Imported) -> frozenset[str]:
        """The top-level names of the modules `module` imports (gate.module_pieces' pieces),
        `imported` asked for the pieces not known from the last module alone."""
        old, body = self._body, module.body
        start, end = same_ends(old, body)
        if start == len(old) == len(body):
            return self._found
        if len(old) == len(body):
            # Statements replaced one for one (keystrokes in several definitions since the last
            # question: data flow asks only where the edited function reads no input itself):
            # those alone, not every statement between the first and the last of them.
            spans = [(index, index + 1, index + 1) for index in range(start, len(body) - end) if old[index] is not body[index]]
        else:
            spans = [(start, len(old) - end, len(body) - end)]
        members: MemberEntries = {}
        for first, old_end, new_end in spans:
            fresh = [self._statement_names(statement, imported, members) for statement in body[first:new_end]]
            for statement, names in zip(old[first:old_end], self._names[first:old_end]):
                for member in class_members(statement) or ():
                    self._members.pop(id(member), None)
                self._count(names, -1)
            for names in fresh:
                self._count(names, 1)
            self._names[first:old_end] = fresh
        self._members.update(members)
        self._body = body
        self._found = frozenset(name for name, count in self._counts.items() if count > 0)
        return self._found

    def _statement_names(self, statement: cst.BaseStatement, imported: Imported, members: MemberEntries) -> frozenset[str]:
        inside = class_members(statement)
        if inside is None:
            return imported(statement)
        found: set[str] = set()
        for member in inside:
            entry = self._members.get(id(member))
            if entry is None or entry[0] is not member:
                entry = (member, imported(member))
            members[id(member)] = entry
            found |= entry[1]
        return frozenset(found)

    def _count(self, names: frozenset[str], step: int) -> None:
        for name in names:
            self._counts[name] = self._counts.get(name, 0) + step
