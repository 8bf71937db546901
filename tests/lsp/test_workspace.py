"""Workspace scans over stdio: `workspace/diagnostic` (pull) with result ids and `unchanged`
reports, `redline.scanWorkspace` (push), and `$/progress` for them and for opening a big file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import TIMEOUT, Session, eventually, session
from test_notebooks import NotebookClient, _notebook_capabilities

pytestmark = pytest.mark.asyncio


def _workspace(root: Path) -> None:
    """Two files to check, one ignored by .gitignore, one excluded by the config."""
    (root / "pyproject.toml").write_text('[tool.redline]\nexclude = ["generated/"]\n')
    (root / ".gitignore").write_text("build/\n")
    (root / "pkg").mkdir()
    (root / "pkg" / "app.py").write_text("import pickle\npickle.loads(blob)\n")
    (root / "pkg" / "clean.py").write_text("x = 1\n")
    for ignored in ("build", "generated"):
        (root / ignored).mkdir()
        (root / ignored / "skip.py").write_text("eval(x)\n")


def _kinds(s: Session, token: types.ProgressToken) -> list[str]:
    return [value.kind for value in s.client.progress_reports.get(token, [])]


async def _progress_ends(s: Session, token: types.ProgressToken) -> list[str]:
    await eventually(lambda: _kinds(s, token)[-1:] == ["end"])
    return _kinds(s, token)


async def test_workspace_diagnostic_reports_unchanged_files(tmp_path: Path) -> None:
    _workspace(tmp_path)
    app, clean = (tmp_path / "pkg" / "app.py").as_uri(), (tmp_path / "pkg" / "clean.py").as_uri()
    async with session("neovim@v0.11.0", root=tmp_path) as s:
        assert s.init.capabilities.diagnostic_provider.workspace_diagnostics
        s.client.progress_reports["scan-1"] = []
        first = await asyncio.wait_for(s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
            previous_result_ids=[], work_done_token="scan-1")), TIMEOUT)
        full = {item.uri: item for item in first.items}
        assert set(full) == {app, clean}  # build/ (.gitignore) and generated/ (config) are skipped
        assert [d.code for d in full[app].items] == ["pickle-load"] and list(full[clean].items) == []
        kinds = await _progress_ends(s, "scan-1")
        assert kinds[0] == "begin" and "report" in kinds and kinds[-1] == "end"

        # Nothing changed: both files come back `unchanged`, with the same result ids.
        previous = [types.PreviousResultId(uri=item.uri, value=item.result_id) for item in first.items]
        second = await asyncio.wait_for(s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=previous)), TIMEOUT)
        assert {item.uri: item.kind for item in second.items} == {app: "unchanged", clean: "unchanged"}

        # app.py is fixed on disk: a full (empty) report for it, clean.py is still unchanged.
        (tmp_path / "pkg" / "app.py").write_text("import json\njson.loads(blob)\n")
        third = await asyncio.wait_for(s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=previous)), TIMEOUT)
        by_uri = {item.uri: item for item in third.items}
        assert by_uri[app].kind == "full" and list(by_uri[app].items) == [] and by_uri[app].result_id != full[app].result_id
        assert by_uri[clean].kind == "unchanged"


async def test_scan_workspace_command_publishes_with_progress(tmp_path: Path) -> None:
    _workspace(tmp_path)
    app = (tmp_path / "pkg" / "app.py").as_uri()
    async with session("visual-studio-code", root=tmp_path) as s:
        summary = await asyncio.wait_for(s.client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="redline.scanWorkspace", arguments=[])), TIMEOUT)
        assert summary == {"files": 2, "findings": 1}
        assert [d.code for d in s.published[app][-1].diagnostics] == ["pickle-load"]
        clean = (tmp_path / "pkg" / "clean.py").as_uri()
        assert set(s.published) <= {app, clean} and not any(p.diagnostics for p in s.published.get(clean, []))
        (token,) = s.client.progress_reports  # created with window/workDoneProgress/create
        kinds = await _progress_ends(s, token)
        assert kinds[0] == "begin" and kinds[-1] == "end"


async def test_opening_a_big_file_reports_progress(tmp_path: Path) -> None:
    uri = (tmp_path / "big.py").as_uri()
    text = "import os\n" + "".join(f"def f{i}(a):\n    return a + {i}\n\n" for i in range(1000)) + "os.system(cmd)\n"
    async with session("emacs", root=tmp_path) as s:
        s.open(uri, text)
        assert [d.code for d in await s.diagnostics(uri)] == ["os-system-injection"]
        (token,) = s.client.progress_reports
        assert await _progress_ends(s, token) == ["begin", "end"]
        s.edit(uri, 0, 0, 0, 0, "x = 1\n")  # typing in it later: no more progress
        await s.diagnostics(uri)
        assert list(s.client.progress_reports) == [token]


async def test_a_big_file_is_checked_without_waiting_for_the_progress_token(tmp_path: Path) -> None:
    """The first analysis of a big file starts at once: its progress begins when the client
    answers window/workDoneProgress/create, and no $/progress comes before that answer. Here
    the client answers only once it has the diagnostics (or after 20 s: a server waiting for
    the answer before checking, as 00e1c95's did, gets them after it, and the test fails)."""
    uri = (tmp_path / "big.py").as_uri()
    text = "import os\n" + "".join(f"def f{i}(a):\n    return a + {i}\n\n" for i in range(1000)) + "os.system(cmd)\n"
    live: list[Session] = []
    answered: list[tuple[bool, list[object]]] = []  # (diagnostics already in, the token's progress then)

    async def slow_create(params: types.WorkDoneProgressCreateParams) -> None:
        s = live[0]
        deadline = asyncio.get_running_loop().time() + 20
        while uri not in s.published and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)
        answered.append((uri in s.published, list(s.client.progress_reports.get(params.token, []))))
        s.client.progress_reports.setdefault(params.token, [])

    async with session("emacs", root=tmp_path, features={types.WINDOW_WORK_DONE_PROGRESS_CREATE: slow_create}) as s:
        live.append(s)
        s.open(uri, text)
        assert [d.code for d in await s.diagnostics(uri)] == ["os-system-injection"]
        assert await eventually(lambda: bool(answered))
        assert answered == [(True, [])]  # checked before the answer; no progress before it
        (token,) = s.client.progress_reports
        assert await _progress_ends(s, token) == ["begin", "end"]  # begun after the answer, then ended


NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Checks\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["%load_ext autoreload\n", "import subprocess\n", "from flask import request\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["def ping():\n", "    host = request.args['host']\n", "    return subprocess.run('ping ' + host, shell=True)\n"]},
    ],
    "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


async def test_workspace_diagnostic_places_unopened_notebooks_in_the_file(tmp_path: Path) -> None:
    """An unopened notebook has no cell URIs: its findings go to the .ipynb URI, on the line of
    the file's JSON that holds the code, the message naming cell and line; once the notebook
    is open, its cells are reported by document pulls and the workspace report leaves it out."""
    raw = json.dumps(NOTEBOOK, indent=1)  # as Jupyter writes it: one source line per file line
    path = tmp_path / "checks.ipynb"
    path.write_text(raw, encoding="utf-8")
    uri = path.as_uri()
    (sink_line,) = [n for n, line in enumerate(raw.splitlines()) if "subprocess.run(" in line]
    (source_line,) = [n for n, line in enumerate(raw.splitlines()) if "request.args" in line]
    async with session("neovim@v0.11.0", root=tmp_path, capabilities=_notebook_capabilities("neovim@v0.11.0")) as s:
        report = await asyncio.wait_for(s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[])), TIMEOUT)
        (item,) = [i for i in report.items if i.uri == uri]
        (finding,) = item.items
        assert finding.code == "tainted-command-injection"
        assert finding.message.startswith("cell 3:3: request.args value from line 2 reaches subprocess.run(shell=True)")
        code_column = raw.splitlines()[sink_line].index("subprocess.run(")
        assert (finding.range.start.line, finding.range.start.character) == (sink_line, code_column)
        related = [(r.location.uri, r.location.range.start.line, r.message) for r in finding.related_information or []]
        assert related[0] == (uri, source_line, "cell 3:2: source: request.args value")

        NotebookClient(s, uri).open({"imports": "import subprocess\n", "code": "subprocess.run(cmd, shell=True)\n"})
        again = await asyncio.wait_for(s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[])), TIMEOUT)
        assert uri not in [i.uri for i in again.items]
