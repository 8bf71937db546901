"""Notebooks over a real stdio connection: findings per cell, imports seen across cells,
cell edits / inserts / deletes / moves, magics, hover, code actions and fix-all in cells."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Callable

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities

from lsp_session import Session, session

pytestmark = pytest.mark.asyncio

CELLS = {
    "imports": "import subprocess as sp\n%pip install requests\n!ls -la \\\n   /tmp\nimport yaml\n",
    "notes": "# Some *markdown*: eval(x) is not code here\n",
    "shell": "cmd = input()\nsp.call(cmd, shell=True)\n",
    "bash": "%%bash\nfor f in *; do echo $f; done\n",
    "load": "x = 1\ndata = yaml.load(blob)",
}


def _notebook_capabilities(profile: str) -> types.ClientCapabilities:
    capabilities = client_capabilities(profile)
    capabilities.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities())
    return capabilities


def _cell(uri: str, name: str) -> types.NotebookCell:
    kind = types.NotebookCellKind.Markup if name == "notes" else types.NotebookCellKind.Code
    return types.NotebookCell(kind=kind, document=f"{uri}#{name}")


def _item(uri: str, name: str, text: str) -> types.TextDocumentItem:
    return types.TextDocumentItem(uri=f"{uri}#{name}", language_id="markdown" if name == "notes" else "python", version=1, text=text)


class NotebookClient:
    """Sends notebookDocument/* like VS Code's Jupyter extension; reads diagnostics per cell."""

    def __init__(self, s: Session, uri: str) -> None:
        self.s, self.uri, self.version = s, uri, 1

    def cell_uri(self, name: str) -> str:
        return f"{self.uri}#{name}"

    def open(self, cells: dict[str, str]) -> None:
        self.s.client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=self.uri, notebook_type="jupyter-notebook", version=1, cells=[_cell(self.uri, n) for n in cells]),
            cell_text_documents=[_item(self.uri, n, t) for n, t in cells.items()],
        ))

    def change(self, cells: types.NotebookDocumentCellChanges) -> None:
        self.version += 1
        self.s.client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(uri=self.uri, version=self.version),
            change=types.NotebookDocumentChangeEvent(cells=cells),
        ))

    def edit_cell(self, name: str, line: int, start: int, end: int, text: str) -> None:
        span = types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end))
        self.change(types.NotebookDocumentCellChanges(text_content=[types.NotebookDocumentCellContentChanges(
            document=types.VersionedTextDocumentIdentifier(uri=self.cell_uri(name), version=self.version),
            changes=[types.TextDocumentContentChangePartial(range=span, text=text)],
        )]))

    def splice(self, start: int, delete: int, insert: dict[str, str] | None = None, opened: bool = True) -> None:
        """Replace `delete` cells at `start` by new (or, with opened=False, moved) cells."""
        insert = insert or {}
        self.change(types.NotebookDocumentCellChanges(structure=types.NotebookDocumentCellChangeStructure(
            array=types.NotebookCellArrayChange(start=start, delete_count=delete, cells=[_cell(self.uri, n) for n in insert]),
            did_open=[_item(self.uri, n, t) for n, t in insert.items()] if opened else None,
        )))

    async def codes(self, until: Callable[[dict[str, list[tuple[str, int]]]], bool]) -> dict[str, list[tuple[str, int]]]:
        """{cell name: [(rule id, cell line)]} from the latest diagnostics, once `until` holds."""
        deadline = asyncio.get_running_loop().time() + 30
        while True:
            found = {
                uri.split("#")[-1]: [(str(d.code), d.range.start.line) for d in params[-1].diagnostics]
                for uri, params in self.s.published.items() if uri.startswith(f"{self.uri}#")
            }
            found = {name: codes for name, codes in found.items() if codes}
            if until(found) or asyncio.get_running_loop().time() > deadline:
                return found
            await asyncio.sleep(0.01)


async def test_notebook_cells(tmp_path: Path) -> None:
    uri = (tmp_path / "analysis.ipynb").as_uri()
    async with session(root=tmp_path, capabilities=_notebook_capabilities("visual-studio-code")) as s:
        assert s.init.capabilities.notebook_document_sync is not None
        nb = NotebookClient(s, uri)
        nb.open(CELLS)
        expected = {"shell": [("subprocess-shell-injection", 1)], "load": [("yaml-unsafe-load", 1)]}
        assert await nb.codes(lambda found: found == expected) == expected  # magics parse, markdown is not code

        # Hover and code actions on a cell use that cell's positions and URI.
        (loaded,) = s.published[nb.cell_uri("load")][-1].diagnostics
        hovered = await s.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=nb.cell_uri("load")), position=loaded.range.start))
        assert hovered is not None and "yaml-unsafe-load" in hovered.contents.value
        found_actions = await s.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=nb.cell_uri("load")), range=loaded.range,
            context=types.CodeActionContext(diagnostics=[loaded])))
        fix = next(a for a in found_actions if "safe_load" in a.title)
        if fix.edit is None:
            fix = await s.client.code_action_resolve_async(fix)
        ((cell, (edit,)),) = fix.edit.changes.items()
        assert cell == nb.cell_uri("load") and edit.range.start.line == 1 and edit.new_text == "yaml.safe_load(blob)"
        suppress = next(a for a in found_actions if a.title.startswith("Suppress yaml-unsafe-load on this line"))
        assert list(suppress.edit.changes) == [nb.cell_uri("load")]

        # redline.fixAll on a cell: the client receives workspace/applyEdit on that cell.
        answer = await s.client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="redline.fixAll", arguments=[nb.cell_uri("load")]))
        assert answer == {"applied": True}
        ((cell, (edit,)),) = s.applied[-1].edit.changes.items()
        assert cell == nb.cell_uri("load") and edit.range.start.line == 1 and "yaml.safe_load(blob)" in edit.new_text

        # An edit in a cell: its finding goes, the others stay where they are, and only the
        # edited statement is parsed again.
        before = await s.stats(uri)
        nb.edit_cell("shell", 1, len("sp.call(cmd, "), len("sp.call(cmd, shell=True"), "shell=False")
        expected = {"load": [("yaml-unsafe-load", 1)]}
        assert await nb.codes(lambda found: found == expected) == expected
        after = await s.stats(uri)
        assert after["unitParses"] - before["unitParses"] == 1 and after["fullParses"] == before["fullParses"]
        nb.edit_cell("shell", 1, len("sp.call(cmd, "), len("sp.call(cmd, shell=False"), "shell=True")
        expected = {"shell": [("subprocess-shell-injection", 1)], "load": [("yaml-unsafe-load", 1)]}
        assert await nb.codes(lambda found: found == expected) == expected

        # A new first cell, with an alias of its own.
        nb.splice(0, 0, {"first": "import os as o\n\n\no.system(input())\n"})
        expected = {**expected, "first": [("os-system-injection", 3)]}
        assert await nb.codes(lambda found: found == expected) == expected

        # Move the yaml cell to the top (a delete and an insert of the same cell): still line 1.
        nb.splice(5, 1)
        nb.splice(0, 0, {"load": CELLS["load"]}, opened=False)
        assert await nb.codes(lambda found: found == expected) == expected

        # Delete the imports cell: `sp` no longer names subprocess, so the later cell is clean.
        nb.splice(2, 1)
        expected = {"first": [("os-system-injection", 3)]}
        assert await nb.codes(lambda found: found == expected) == expected

        # Closing the notebook clears every cell that had findings.
        s.client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(
            notebook_document=types.NotebookDocumentIdentifier(uri=uri),
            cell_text_documents=[types.TextDocumentIdentifier(uri=nb.cell_uri(n)) for n in ("first", "load", "notes", "shell", "bash")]))
        assert await nb.codes(lambda found: not found) == {}
        assert await s.stats(uri) is None


async def test_notebook_cells_pulled(tmp_path: Path) -> None:
    """A pull client asks for a cell's diagnostics with the cell's URI."""
    uri = (tmp_path / "pull.ipynb").as_uri()
    async with session(root=tmp_path, capabilities=_notebook_capabilities("neovim@v0.11.0")) as s:
        assert s.pull
        nb = NotebookClient(s, uri)
        nb.open({"imports": "import pickle as p\n", "use": "!pip list\np.loads(blob)\n"})
        report = await s.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=nb.cell_uri("use"))))
        assert [(d.code, d.range.start.line) for d in report.items] == [("pickle-load", 1)]
        again = await s.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=nb.cell_uri("use")), previous_result_id=report.result_id))
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
        first = await s.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=nb.cell_uri("imports"))))
        assert list(first.items) == []


async def test_data_flow_steps_point_into_the_cells_that_hold_them(tmp_path: Path) -> None:
    """A source in one cell reaching a sink inside a function of another: the diagnostic is on
    the calling cell, and its relatedInformation walks both cells with cell-relative lines."""
    uri = (tmp_path / "flow.ipynb").as_uri()
    cells = {
        "helpers": "import subprocess\n\n\ndef run(value):\n    return subprocess.run('ping ' + value, shell=True)\n",
        "view": "from flask import request\n\n\ndef ping():\n    return run(request.args['h'])\n",
    }
    async with session(root=tmp_path, capabilities=_notebook_capabilities("visual-studio-code")) as s:
        nb = NotebookClient(s, uri)
        nb.open(cells)
        await nb.codes(lambda found: ("tainted-command-injection", 4) in found.get("view", []))
        (finding,) = [d for d in s.published[nb.cell_uri("view")][-1].diagnostics if d.code == "tainted-command-injection"]
        steps = [(r.location.uri.split("#")[-1], r.location.range.start.line, r.message.split(":")[0]) for r in finding.related_information or []]
        assert steps[0] == ("view", 4, "source")
        assert finding.message.startswith("request.args value from line 5 reaches run()")  # the cell's line 5, not the module's 10
        assert ("helpers", 4, "inside") in steps
