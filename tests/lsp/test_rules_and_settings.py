"""Settings and rule folders over stdio: the syntax-errors switch, a user rule that raises,
user rule files changing on disk, and settings that arrive after the first didOpen."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from cli_helpers import USER_RULE
from lsp_session import eventually, session, user_rules

pytestmark = pytest.mark.asyncio

# metavariable-comparison is evaluated per match: `re.match($P, ...)` compiles the code's string
# as a regular expression, and `reserve("(")` holds none (regex.error: missing ) ...). The rule
# itself is at fault for that document: a real rule failure, which must not stop the others.
EXPLODING_RULE = """\
rules:
  - id: huge-reservation
    message: "reserve($P) reserves a matching name"
    severity: medium
    languages: [python]
    metadata:
      cwe: "CWE-400: Uncontrolled Resource Consumption"
    patterns:
      - pattern: reserve($P)
      - metavariable-comparison:
          metavariable: $P
          comparison: re.match($P, "reserved")
    redline:
      confidence: high
      docs:
        what-it-does: Reports reserve() calls whose pattern matches reserved names.
"""


def _codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


@pytest.mark.parametrize("syntax_errors", [True, False])
async def test_syntax_errors_setting(profile: str, tmp_path: Path, syntax_errors: bool) -> None:
    uri = (tmp_path / "typing.py").as_uri()
    async with session(profile, root=tmp_path, init_options={"syntaxErrors": syntax_errors}) as s:
        s.open(uri, "import os\nos.system(cmd)\n\n\ndef f():\n    return 1\n")
        assert _codes(await s.diagnostics(uri)) == {"os-system-injection"}
        s.edit(uri, 5, 12, 5, 12, " +")  # `return 1 +`: the user is typing
        expected = {"os-system-injection", "syntax-error"} if syntax_errors else {"os-system-injection"}
        assert _codes(await s.diagnostics(uri)) == expected
        s.edit(uri, 5, 12, 5, 14, "")
        assert _codes(await s.diagnostics(uri)) == {"os-system-injection"}


async def test_a_rule_that_raises_is_disabled_for_the_document_and_logged(tmp_path: Path) -> None:
    rules = tmp_path / "team_rules"
    rules.mkdir()
    (rules / "huge.yaml").write_text(EXPLODING_RULE)
    (rules / "raw.yaml").write_text(USER_RULE)
    uri = (tmp_path / "boom.py").as_uri()
    text = 'import legacy_db\nreserve("(")\nreserve("[")\nlegacy_db.raw_query(q)\neval(q)\n'
    async with session("visual-studio-code", root=tmp_path, init_options={"extraRules": [str(rules)]}) as s:
        s.open(uri, text)
        assert _codes(await s.diagnostics(uri)) == {"legacy-raw-query", "eval-used"}  # the others still run
        assert await eventually(lambda: any("huge-reservation" in m.message for m in s.client.log_messages))
        (failure,) = [m for m in s.client.log_messages if "huge-reservation" in m.message]
        assert failure.type == types.MessageType.Warning
        assert "disabled" in failure.message and "boom.py" in failure.message and "missing )" in failure.message
        # Still disabled for this document, still no crash, and logged once.
        s.edit(uri, 4, 0, 4, 0, "import os\nos.system(q)\n")
        assert _codes(await s.diagnostics(uri)) == {"legacy-raw-query", "eval-used", "os-system-injection"}
        # A document where the rule does not raise gets its finding.
        other = (tmp_path / "fine.py").as_uri()
        s.open(other, 'reserve("res.*")\nreserve("x")\n')
        assert [(d.code, d.range.start.line) for d in await s.diagnostics(other)] == [("huge-reservation", 0)]
        assert len([m for m in s.client.log_messages if "huge-reservation" in m.message]) == 1


async def test_user_rule_files_changing_recheck_open_documents(tmp_path: Path) -> None:
    rules = user_rules(tmp_path, "pyproject.toml")
    uri = (tmp_path / "db.py").as_uri()
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, "import legacy_db\nlegacy_db.raw_query(q)\n")
        assert _codes(await s.diagnostics(uri)) == {"legacy-raw-query"}
        (rules / "raw.yaml").write_text(USER_RULE.replace("legacy-raw-query", "legacy-sql"))
        (rules / "extra.yml").write_text(USER_RULE.replace("legacy-raw-query", "legacy-import").replace("legacy_db.raw_query($SQL)", "import legacy_db"))
        s.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=(rules / "raw.yaml").as_uri(), type=types.FileChangeType.Changed),
            types.FileEvent(uri=(rules / "extra.yml").as_uri(), type=types.FileChangeType.Created),
        ]))
        assert await s.pushed_codes(uri, {"legacy-sql", "legacy-import"}) == {"legacy-sql", "legacy-import"}
        # redline.toml appearing next to the file overrides pyproject.toml: checked again too.
        (tmp_path / "redline.toml").write_text('extra-rules = ["my_rules"]\nignore = ["legacy-import"]\n')
        s.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=(tmp_path / "redline.toml").as_uri(), type=types.FileChangeType.Created)]))
        assert await s.pushed_codes(uri, {"legacy-sql"}) == {"legacy-sql"}


async def test_first_did_open_waits_for_the_configuration_answer(tmp_path: Path) -> None:
    """The client answers workspace/configuration late; the document opened before that answer
    is never shown findings the settings turn off."""
    answered = asyncio.Event()

    async def slow_configuration(params: types.ConfigurationParams) -> list[Any]:
        await asyncio.sleep(1.0)
        answered.set()
        return [{"ignore": ["eval-used"]} for _ in params.items]

    uri = (tmp_path / "early.py").as_uri()
    async with session("visual-studio-code", root=tmp_path, features={types.WORKSPACE_CONFIGURATION: slow_configuration}) as s:
        s.open(uri, "import os\neval(x)\nos.system(x)\n")
        assert not answered.is_set()  # the race is real: didOpen went first
        assert _codes(await s.diagnostics(uri)) == {"os-system-injection"}
        assert answered.is_set()
        assert all("eval-used" not in _codes(list(p.diagnostics)) for p in s.published[uri])
