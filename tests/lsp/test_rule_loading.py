"""When the language server loads its rules: from the process's start, on a thread of its
own (off the event loop: `initialize` never waits for them), before the first document is
checked, and again when the settings name other rule folders. Over a real stdio connection."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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


async def test_a_document_opened_right_after_the_handshake_gets_every_finding(tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, RISKY)  # at once, as an editor does with the files it had open

        codes = _codes(await s.diagnostics(uri))

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


def _warm_rule_cache(cache: Path) -> None:
    """What a first start of the server leaves in the user's cache folder (rule_cache.py)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    subprocess.run([sys.executable, "-c", "from redline.engine.rule_loader import builtin_rules_dir, load_rules; from redline.rule_cache import RuleCache; load_rules([builtin_rules_dir()], RuleCache())"], env=env, check=True)


async def test_with_the_rules_cached_the_first_open_gets_every_finding_of_rules_compiled_when_needed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _warm_rule_cache(cache)
    uri = (tmp_path / "app.py").as_uri()
    async with session("visual-studio-code", root=tmp_path, env={"XDG_CACHE_HOME": str(cache)}) as s:
        s.open(uri, RISKY)  # at once, before the rules are ready

        codes = _codes(await s.diagnostics(uri))

        assert {"eval-used", "os-system-injection"} <= codes  # eval-used is a pattern rule: deferred
        assert await eventually(lambda: _ready(s.client.log_messages))
        ready = next(m.message for m in s.client.log_messages if "built-in rules ready" in m.message)
        assert re.search(r"; (1[0-9]{2}) compiled when first needed", ready), ready


async def test_a_broken_user_rule_file_is_reported_with_its_file_rule_and_key_and_the_other_rules_still_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _warm_rule_cache(cache)
    folder = tmp_path / "my_rules"
    folder.mkdir()
    (folder / "raw.yaml").write_text(USER_RULE)
    (folder / "broken.yaml").write_text(USER_RULE.replace("legacy-raw-query", "broken-rule").replace("pattern: legacy_db.raw_query($SQL)", "pattern: legacy_db.raw_query("))
    uri = (tmp_path / "app.py").as_uri()
    settings = {"extraRules": [str(folder)]}
    async with session("visual-studio-code", root=tmp_path, env={"XDG_CACHE_HOME": str(cache)}, configuration=settings, init_options=settings) as s:
        s.open(uri, RISKY)

        codes = _codes(await s.diagnostics(uri))

        assert {"eval-used", "os-system-injection", "legacy-raw-query"} <= codes
        errors = [m.message for m in s.client.log_messages if m.type == types.MessageType.Error]
        assert any("broken.yaml" in e and "rule 'broken-rule'" in e and "pattern" in e for e in errors), errors
