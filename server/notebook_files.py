"""Jupyter notebooks (`.ipynb`) read from disk, for `redline check` and the editor's workspace
scan: the code cells are joined in order into one module (so imports and assignments of
earlier cells are seen by later ones, as when the notebook runs top to bottom) and each
finding is handed back to the cell that holds it.

IPython magics and shell escapes (`%time`, `!pip install`, a `%%bash` cell) are blanked with
spaces so the rest parses with columns unchanged. Cells are numbered from 1 counting every
cell, markdown included, as an editor shows them; lines and columns count within the cell.
A notebook that is not JSON in the nbformat shape is a `read-error` finding, not a crash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from redline.engine.analysis import READ_ERROR, Analysis, AnalysisOptions, Engine, error_finding
from redline.engine.model import Finding, Position, RelatedLocation, Span
from redline.engine.lines import split_lines

NOTEBOOK_SUFFIX = ".ipynb"
_MAGIC = re.compile(r"^[ \t]*[%!]")
_BLANK = re.compile(r"[^\r\n]")


class NotebookError(ValueError):
    """The file is not a notebook Redline can read (the message says why)."""


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIX)


def python_lines(text: str) -> list[str]:
    """A cell's lines as they enter the notebook module: magics blanked, a final line break."""
    lines = [line for line in split_lines(text) if line]
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    if lines and lines[0].lstrip().startswith("%%"):  # a cell magic (%%bash...): not Python
        return [_BLANK.sub(" ", line) for line in lines]
    result, continued = [], False
    for line in lines:
        magic = continued or bool(_MAGIC.match(line))
        result.append(_BLANK.sub(" ", line) if magic else line)
        continued = magic and line.rstrip("\r\n").endswith("\\")
    return result


@dataclass(frozen=True)
class NotebookModule:
    """The module the code cells make, and where each cell's lines start in it."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (first module line, 1-based; cell number), in order

    def locate(self, line: int) -> tuple[int, int]:
        """The cell holding a 1-based module line, and the line's number within that cell."""
        cell, first = (self.starts[0][1], 1) if self.starts else (1, 1)
        for start, number in self.starts:
            if start > line:
                break
            cell, first = number, start
        return cell, line - first + 1


def read_notebook(data: bytes) -> NotebookModule:
    """The Python module of a notebook file; raises NotebookError for anything else."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise NotebookError(f"not UTF-8 ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise NotebookError(f"not valid notebook JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("not a Jupyter notebook: no list of cells")
    if not _python_kernel(document.get("metadata")):
        return NotebookModule("", ())
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    line = 1
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"cell {number} is not a JSON object")
        if cell.get("cell_type") != "code":
            continue
        lines = python_lines(_source(cell.get("source", ""), number))
        if lines:
            starts.append((line, number))
            parts.extend(lines)
            line += len(lines)
    return NotebookModule("".join(parts), tuple(starts))


def _source(source: Any, number: int) -> str:
    """A cell's source: nbformat allows one string or a list of line strings."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    raise NotebookError(f"cell {number} has a source that is neither text nor a list of lines")


def _python_kernel(metadata: Any) -> bool:
    """Whether the notebook's code cells are Python (true when the metadata does not say)."""
    if not isinstance(metadata, dict):
        return True
    for key in ("language_info", "kernelspec"):
        info = metadata.get(key)
        language = info.get("name" if key == "language_info" else "language") if isinstance(info, dict) else None
        if isinstance(language, str):
            return language.lower() == "python"
    return True


def analyze_notebook(engine: Engine, data: bytes, options: AnalysisOptions) -> Analysis:
    """Check a notebook file: findings and errors with cell numbers and cell-relative lines.

    Their fixes are dropped: `--fix` rewrites Python text, and the notebook's JSON would need
    each edit put back into its cell (the editor applies fixes per cell instead)."""
    try:
        module = read_notebook(data)
    except NotebookError as error:
        return Analysis([], [error_finding(READ_ERROR, options.path, 1, 0, detail=str(error))])
    analysis = engine.analyze_source(module.text, options)
    return Analysis(
        [_in_cell(f, module) for f in analysis.findings],
        [_in_cell(e, module) for e in analysis.errors],
        analysis.suppressed,
    )


def _in_cell(finding: Finding, module: NotebookModule) -> Finding:
    cell, span = _span_in_cell(finding.span, module)
    related = tuple(_related_in_cell(step, module) for step in finding.related)
    message = _source_line_in_cell(finding, cell, related)
    return replace(finding, span=span, cell=cell, related=related, message=message, fix=None, alternatives=(), statement_lines=None)


def _source_line_in_cell(finding: Finding, cell: int, related: tuple[RelatedLocation, ...]) -> str:
    """A data-flow message names its source's line (taint/report.py: "... from line N
    reaches ..."), a module line: the line within its cell, and the cell when another."""
    if not related or not finding.related[0].message.startswith("source: "):
        return finding.message
    source = related[0]
    assert source.cell is not None
    return with_source_in_cell(finding.message, finding.related[0].span.start.line, source.cell, source.span.start.line, source.cell == cell)


def with_source_in_cell(message: str, module_line: int, cell: int, line: int, same_cell: bool) -> str:
    """A data-flow message names its source's 1-based module line ("... from line N reaches
    ...", taint/report.py): name its line within cell `cell` instead, and the cell when the
    finding is in another. Shared by the CLI's notebooks and the editor's."""
    where = f"line {line}" if same_cell else f"cell {cell}, line {line}"
    return message.replace(f" from line {module_line} reaches ", f" from {where} reaches ", 1)


def _related_in_cell(step: RelatedLocation, module: NotebookModule) -> RelatedLocation:
    cell, span = _span_in_cell(step.span, module)
    return replace(step, span=span, cell=cell)


def _span_in_cell(span: Span, module: NotebookModule) -> tuple[int, Span]:
    """A module span as (cell, span within the cell); an end past the cell stops at its end."""
    cell, start_line = module.locate(span.start.line)
    end_cell, end_line = module.locate(span.end.line)
    end = Position(end_line, span.end.column) if end_cell == cell else Position(start_line, span.start.column)
    return cell, Span(Position(start_line, span.start.column), end)


class FilePlaces:
    """Where the cells' lines sit in the notebook file's own JSON text, for clients that know
    the notebook only as a file (the editor's workspace scan of notebooks it has not opened).

    Jupyter writes each source line as one JSON string on its own line; the strings are found
    in order, so a finding lands on the file line that holds its code, its columns shifted to
    the string's place (exact when no escape precedes them on that line). A line that cannot
    be found (a cell source written as one string) falls back to the last place found before.
    """

    def __init__(self, raw: str) -> None:
        self._places: dict[tuple[int, int], tuple[int, int]] = {}
        try:
            cells = json.loads(raw).get("cells", [])
        except (ValueError, AttributeError):
            cells = []
        at, line_number = 0, 1
        for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
            source = cell.get("source") if isinstance(cell, dict) else None
            pieces = source if isinstance(source, list) else [source] if isinstance(source, str) else []
            for index, piece in enumerate(pieces, start=1):
                found = _find_string(raw, piece, at) if isinstance(piece, str) else None
                if found is None:
                    continue
                line_number += raw.count("\n", at, found)
                self._places[(number, index)] = (line_number, found - raw.rfind("\n", 0, found))
                at = found + 1

    def span(self, cell: int | None, span: Span) -> Span:
        """A cell-relative span as a span of the file's text."""
        start = self._place(cell, span.start)
        end = self._place(cell, span.end) if span.end.line == span.start.line else start
        return Span(start, end)

    def _place(self, cell: int | None, position: Position) -> Position:
        place = self._places.get((cell or 0, position.line))
        if place is None:
            earlier = [value for key, value in self._places.items() if key <= (cell or 0, position.line)]
            return Position(max(earlier)[0], 0) if earlier else Position(1, 0)
        return Position(place[0], place[1] + position.column)

    def finding(self, finding: Finding) -> Finding:
        """A notebook finding placed in the file's text; the message names the cell and line."""
        related = tuple(replace(step, span=self.span(step.cell, step.span), message=f"cell {step.cell}:{step.span.start.line}: {step.message}") for step in finding.related)
        where = f"cell {finding.cell}:{finding.span.start.line}: " if finding.cell is not None else ""
        return replace(finding, span=self.span(finding.cell, finding.span), related=related, message=where + finding.message)


def _find_string(raw: str, piece: str, start: int) -> int | None:
    """The offset of `piece` as a JSON string in `raw` at or after `start` (either escaping)."""
    offsets = [raw.find(json.dumps(piece, ensure_ascii=ascii), start) for ascii in (False, True)]
    found = [offset for offset in offsets if offset >= 0]
    return min(found) if found else None
