"""Workspace scans over stdio: `workspace/diagnostic` (pull) with result ids and `unchanged`
reports, `redline.scanWorkspace` (push), and `$/progress` for them and for opening a big file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import TIMEOUT, Session, eventually, session

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
