"""`workspace/executeCommand` over stdio: redline.fixAll, redline.explain, redline.restart
(redline.scanWorkspace is in test_workspace.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from cli_helpers import USER_RULE
from lsp_session import TIMEOUT, Session, session, user_rules

pytestmark = pytest.mark.asyncio



async def _command(s: Session, name: str, *arguments: Any) -> Any:
    return await asyncio.wait_for(s.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=name, arguments=list(arguments))), TIMEOUT)


async def test_commands_are_advertised_and_explain_returns_the_rule_documentation(profile: str, tmp_path: Path) -> None:
    async with session(profile, root=tmp_path) as s:
        provider = s.init.capabilities.execute_command_provider
        assert provider is not None
        assert {"redline.fixAll", "redline.explain", "redline.scanWorkspace", "redline.restart"} <= set(provider.commands)
        explained = await _command(s, "redline.explain", "eval-used")
        assert explained["rule"] == "eval-used"
        assert "ast.literal_eval" in explained["value"] and "# redline: ignore[eval-used]" in explained["value"]
        assert explained["kind"] == s.capabilities.text_document.hover.content_format[0]
        assert await _command(s, "redline.explain", "no-such-rule") is None


async def test_fix_all_sends_an_edit_the_client_applies(tmp_path: Path) -> None:
    uri = (tmp_path / "f.py").as_uri()
    text = "import yaml\n\nfirst = yaml.load(a)\nsecond = yaml.load(b)\n"
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, text)
        assert [d.code for d in await s.diagnostics(uri)] == ["yaml-unsafe-load", "yaml-unsafe-load"]
        assert await _command(s, "redline.fixAll", uri) == {"applied": True}
        ((target, edits),) = s.applied[-1].edit.changes.items()
        assert target == uri and s.applied[-1].label == "Redline: fix all"
        # The client applies it: one whole-document edit, and nothing is left to report.
        (edit,) = edits
        assert edit.new_text == "import yaml\n\nfirst = yaml.safe_load(a)\nsecond = yaml.safe_load(b)\n"
        s.change(uri, [types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)])
        assert await s.diagnostics(uri) == []
        stats = await s.stats(uri, with_text=True)
        assert stats["liveText"] == edit.new_text
        # Nothing to fix: no edit is sent.
        assert await _command(s, "redline.fixAll", {"uri": uri}) == {"applied": False}
        assert len(s.applied) == 1


async def test_restart_rereads_rules_and_config_and_rechecks(tmp_path: Path) -> None:
    rules = user_rules(tmp_path, "redline.toml")
    uri = (tmp_path / "db.py").as_uri()
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, "import legacy_db\nlegacy_db.raw_query(q)\neval(q)\n")
        assert {d.code for d in await s.diagnostics(uri)} == {"legacy-raw-query", "eval-used"}
        # Changed on disk behind the server's back (no didChangeWatchedFiles): restart reads them.
        (rules / "raw.yaml").write_text(USER_RULE.replace("legacy-raw-query", "legacy-raw-call"))
        (tmp_path / "redline.toml").write_text('extra-rules = ["my_rules"]\nignore = ["eval-used"]\n')
        assert await _command(s, "redline.restart") == {"documents": 1}
        assert await s.pushed_codes(uri, {"legacy-raw-call"}) == {"legacy-raw-call"}
        # The server keeps working after a restart: typing still updates the findings.
        s.edit(uri, 2, 0, 2, 0, "import os\nos.system(q)\n")
        assert {d.code for d in await s.diagnostics(uri)} == {"legacy-raw-call", "os-system-injection"}
