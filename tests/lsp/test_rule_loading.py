"""When the language server loads its rules: after answering `initialize` (off the event
loop), before the first document is checked, and again when the settings name other rule
folders. Over a real stdio connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from cli_helpers import USER_RULE
from lsp_session import eventually, session

pytestmark = pytest.mark.asyncio

RISKY = "import os\nimport legacy_db\neval(x)\nos.system(x)\nlegacy_db.raw_query(q)\n"


def _ready(messages: list[types.LogMessageParams]) -> bool:
    return any("built-in rules ready" in m.message for m in messages)


def _codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


async def test_initialize_answers_before_the_rules_are_loaded_and_the_first_open_gets_every_finding(tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()
    async with session("visual-studio-code", root=tmp_path) as s:
        ready_before_open = _ready(s.client.log_messages)
        s.open(uri, RISKY)  # at once, as an editor does with the files it had open

        codes = _codes(await s.diagnostics(uri))

        assert not ready_before_open  # initialize did not wait for the rules
        assert await eventually(lambda: _ready(s.client.log_messages))
        assert {"eval-used", "os-system-injection"} <= codes
        assert "legacy-raw-query" not in codes


async def test_settings_naming_another_rule_folder_reload_the_rules(tmp_path: Path) -> None:
    folder = tmp_path / "my_rules"
    folder.mkdir()
    (folder / "raw.yaml").write_text(USER_RULE)
    uri = (tmp_path / "app.py").as_uri()
    async with session("visual-studio-code", root=tmp_path, configuration={}) as s:
        s.open(uri, RISKY)
        assert "legacy-raw-query" not in _codes(await s.diagnostics(uri))

        s.client.set_configuration({"extraRules": [str(folder)]}, section="redline")
        s.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))

        assert "legacy-raw-query" in await s.pushed_codes(uri, {"eval-used", "os-system-injection", "legacy-raw-query"})
