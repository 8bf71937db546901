"""Notebooks (`notebookDocument/*`): the code cells of one notebook checked as one module, so
imports and assignments of earlier cells are seen by later ones.

The cells are concatenated in order into one text (IPython magics blanked out with spaces, so
every column stays where it was); each cell owns a run of its lines. Findings on that text are
handed back to the cell that owns their line, with cell-relative ranges.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

from lsprotocol import types

from redline.engine.lines import split_lines
from redline.engine.units import Change, TextBuffer
from redline.notebook_files import python_lines, with_source_in_cell

from .positions import Codec

NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[types.NotebookDocumentFilterWithNotebook(
        notebook="jupyter-notebook", cells=[types.NotebookCellLanguage(language="python")],
    )],
    save=True,
)


@dataclass
class Cell:
    uri: str
    code: bool  # a Python code cell (markdown and other languages are not checked)
    text: TextBuffer


class Notebook:
    """The cells of one open notebook, in order, and the module made of its code cells."""

    def __init__(self, uri: str, cells: Iterable[Cell]) -> None:
        self.uri = uri
        self.cells = list(cells)
        self.shown: set[str] = set()  # cells that were sent diagnostics (cleared when they leave)

    @classmethod
    def opened(cls, params: types.DidOpenNotebookDocumentParams) -> "Notebook":
        texts = {item.uri: item for item in params.cell_text_documents}
        return cls(params.notebook_document.uri, [_cell(c, texts.get(c.document)) for c in params.notebook_document.cells])

    def change(self, event: types.NotebookDocumentChangeEvent, codec: Codec) -> None:
        """Apply cell inserts, deletes, moves (a delete plus an insert) and text edits."""
        changes = event.cells
        if changes is None:
            return
        if changes.structure is not None:
            array, opened = changes.structure.array, {item.uri: item for item in changes.structure.did_open or []}
            kept = {c.uri: c for c in self.cells}
            new = [kept.get(c.document) if c.document not in opened and c.document in kept else _cell(c, opened.get(c.document)) for c in array.cells or []]
            self.cells[array.start : array.start + array.delete_count] = new
        for content in changes.text_content or []:
            cell = self.cell(content.document.uri)
            if cell is None:
                continue
            for edit in content.changes:
                if isinstance(edit, types.TextDocumentContentChangeWholeDocument):
                    cell.text = TextBuffer(edit.text)
                else:
                    cell.text.apply(codec.change(cell.text.lines, edit))

    def cell(self, uri: str) -> Cell | None:
        return next((c for c in self.cells if c.uri == uri), None)

    def module_lines(self) -> list[tuple[Cell, list[str]]]:
        return [(cell, python_lines(cell.text.text) if cell.code else []) for cell in self.cells]

    def source(self) -> str:
        """The Python module the code cells make, in cell order."""
        return "".join("".join(lines) for _, lines in self.module_lines())

    def start_of(self, uri: str) -> int | None:
        """The module line where a cell's first line is (None for an unknown cell)."""
        return next((first for cell, first, _ in self.owners() if cell == uri), None)

    def owners(self) -> list[tuple[str, int, int]]:
        """(cell uri, first module line, line count) for every cell, in order."""
        result, at = [], 0
        for cell, lines in self.module_lines():
            result.append((cell.uri, at, len(lines)))
            at += len(lines)
        return result


def _owner(owners: Sequence[tuple[str, int, int]], line: int) -> tuple[str, int, int] | None:
    """The (cell uri, first line, line count) of the cell holding a module line (0-based)."""
    return next((owner for owner in owners if owner[1] <= line < owner[1] + owner[2]), None)


def _cell(cell: types.NotebookCell, item: types.TextDocumentItem | None) -> Cell:
    code = cell.kind == types.NotebookCellKind.Code and (item is None or item.language_id == "python")
    return Cell(cell.document, code, TextBuffer(item.text if item is not None else ""))


def text_change(old: Sequence[str], new: Sequence[str]) -> Change | None:
    """One change turning lines `old` into `new`: the differing run between a common head and
    tail, so an edit in one cell re-checks that cell's units only."""
    if list(old) == list(new):
        return None
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return Change((head, 0), (len(old) - tail, 0), "".join(new[head : len(new) - tail]))


def split_by_cell(notebook: Notebook, diagnostics: Sequence[types.Diagnostic]) -> dict[str, list[types.Diagnostic]]:
    """Each diagnostic on the cell that owns its first line, with cell-relative lines (ends past
    the cell, as in a syntax error running on, are clamped to its last line)."""
    owners = notebook.owners()
    result: dict[str, list[types.Diagnostic]] = {uri: [] for uri, _, _ in owners}
    for diagnostic in diagnostics:
        found = _owner(owners, diagnostic.range.start.line)
        if found is None:
            continue
        uri, first, count = found
        result[uri].append(shifted(diagnostic, first, count, owners))
    return result


def moved(value: types.Range, lines: int) -> types.Range:
    """A range `lines` further down (negative: up), as between a cell and its notebook."""
    return types.Range(
        start=types.Position(line=value.start.line + lines, character=value.start.character),
        end=types.Position(line=value.end.line + lines, character=value.end.character),
    )


def shifted(diagnostic: types.Diagnostic, first: int, count: int, owners: Sequence[tuple[str, int, int]]) -> types.Diagnostic:
    """A module diagnostic on the cell whose lines start at `first`; its data-flow steps
    (relatedInformation) go to the cells that hold them, given the notebook's `owners`."""
    span = moved(diagnostic.range, -first)
    if span.end.line >= count:
        span.end = types.Position(line=count - 1, character=0) if count else span.start
    related = [step for step in (_in_cell(owners, info) for info in diagnostic.related_information or ()) if step is not None]
    return types.Diagnostic(
        range=span, severity=diagnostic.severity, code=diagnostic.code, code_description=diagnostic.code_description,
        source=diagnostic.source, message=_source_line_in_cell(diagnostic, owners), data=diagnostic.data, related_information=related or None,
    )


def _source_line_in_cell(diagnostic: types.Diagnostic, owners: Sequence[tuple[str, int, int]]) -> str:
    """A data-flow message names its source's module line (taint/report.py: "... from line N
    reaches ..."): the line within its cell instead, and the cell (1-based) when another."""
    steps = diagnostic.related_information or ()
    if not steps or not steps[0].message.startswith("source: "):
        return diagnostic.message
    line = steps[0].location.range.start.line
    source, here = _owner(owners, line), _owner(owners, diagnostic.range.start.line)
    if source is None:
        return diagnostic.message
    return with_source_in_cell(diagnostic.message, line + 1, owners.index(source) + 1, line - source[1] + 1, source == here)


def _in_cell(owners: Sequence[tuple[str, int, int]], info: types.DiagnosticRelatedInformation) -> types.DiagnosticRelatedInformation | None:
    """A step of a data-flow path, located in the cell holding its line."""
    found = _owner(owners, info.location.range.start.line)
    if found is None:
        return None
    uri, first, _ = found
    return types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=moved(info.location.range, -first)), message=info.message)


def cell_edits(notebook: Notebook, changes: Sequence[types.TextEdit]) -> dict[str, list[types.TextEdit]]:
    """Edits on the notebook module as edits on the cells that hold them."""
    result: dict[str, list[types.TextEdit]] = {}
    owners = notebook.owners()
    for edit in changes:
        # Past the last line (an insertion at the very end): the last code cell.
        found = _owner(owners, edit.range.start.line) or next((owner for owner in reversed(owners) if owner[2]), None)
        if found is None:
            continue
        uri, first, _ = found
        result.setdefault(uri, []).append(types.TextEdit(range=moved(edit.range, -first), new_text=edit.new_text))
    return result


def diff_edits(old: str, new: str) -> list[types.TextEdit]:
    """Line edits turning `old` into `new` (for a fix-all result, which touches a few lines)."""
    before, after = split_lines(old), split_lines(new)
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag != "equal":
            span = types.Range(start=types.Position(line=i1, character=0), end=types.Position(line=i2, character=0))
            edits.append(types.TextEdit(range=span, new_text="".join(after[j1:j2])))
    return edits
