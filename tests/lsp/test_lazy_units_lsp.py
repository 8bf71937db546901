"""Lazy units over stdio, per editor profile: first open leaves the definitions no enabled
rule can match unparsed; typing a finding into one reports it (with hover and code actions),
a word that makes a new rule possible parses them all, and settings that enable audit rules
report in them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from lazy_cases import HANDLER, TEXT
from lsp_session import TIMEOUT, session

pytestmark = pytest.mark.asyncio


def _codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


async def test_typing_a_finding_into_a_lazy_unit(profile: str, tmp_path: Path) -> None:
    uri = (tmp_path / "lazy.py").as_uri()
    (tmp_path / "pyproject.toml").write_text("[tool.redline]\n")
    async with session(profile, root=tmp_path) as s:
        s.open(uri, TEXT)
        assert _codes(await s.diagnostics(uri)) == {"subprocess-shell-injection"}
        assert (await s.stats(uri))["lazyUnits"] == 4  # total, parse, Store.__init__, Store.size
        # A rule the text's words already allow: only the edited unit is parsed.
        line = TEXT.splitlines().index("    result = 0")
        version = s.edit(uri, line, 13, line, 14, "subprocess.call(values, shell=True)")
        found = [d for d in await s.diagnostics(uri, version) if d.range.start.line == line]
        assert _codes(found) == {"subprocess-shell-injection"}
        assert (await s.stats(uri))["lazyUnits"] == 3

        hovered = await s.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=found[0].range.start))
        assert hovered is not None and "subprocess-shell-injection" in hovered.contents.value
        actions = await s.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=found[0].range,
            context=types.CodeActionContext(diagnostics=found)))
        assert any(a.title.startswith("Suppress subprocess-shell-injection on this line") for a in actions)

        # A word no rule could use before (`eval`): every unit is judged again, so parsed.
        line = TEXT.splitlines().index("            return len(self.path)")
        version = s.edit(uri, line, 19, line, 22, "eval")
        assert [d.range.start.line for d in await s.diagnostics(uri, version) if d.code == "eval-used"] == [line]
        assert (await s.stats(uri))["lazyUnits"] == 0


async def test_settings_enabling_audit_rules_report_in_lazy_units(profile: str, tmp_path: Path) -> None:
    uri = (tmp_path / "lazy.py").as_uri()
    (tmp_path / "pyproject.toml").write_text("[tool.redline]\n")
    async with session(profile, root=tmp_path, configuration={}) as s:
        s.open(uri, TEXT)
        assert "try-except-pass" not in _codes(await s.diagnostics(uri))
        assert (await s.stats(uri))["lazyUnits"] == 4
        s.client.set_configuration({"tiers": ["vuln", "audit"]}, section="redline")
        s.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        codes: set[str] = set()
        while "try-except-pass" not in codes and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
            codes = _codes(await s.settled(uri))
        assert "try-except-pass" in codes
        assert (await s.stats(uri))["lazyUnits"] == 0


async def test_first_open_reports_whole_classes_and_secret_parameters_as_a_full_analysis(profile: str, tmp_path: Path) -> None:
    """With audit rules on, the handler class is reported as a whole, its range ending at
    its last method's real last line (its methods stay parsed; the plain class's method is
    lazy), and a secret parameter default is found by the index of parameter names."""
    uri = (tmp_path / "handler.py").as_uri()
    (tmp_path / "pyproject.toml").write_text("[tool.redline]\n")
    async with session(profile, root=tmp_path, init_options={"tiers": ["vuln", "audit"]}) as s:
        s.open(uri, HANDLER)
        diagnostics = await s.diagnostics(uri)
        [handler] = [d for d in diagnostics if d.code == "stdlib-http-server"]
        assert (handler.range.start.line, handler.range.end.line, handler.range.end.character) == (3, 14, len("        return result"))
        [secret] = [d for d in diagnostics if d.code == "hardcoded-password-default"]
        assert secret.range.start.line == HANDLER.splitlines().index('def connect(host, password="hunter2-prod"):')
        assert (await s.stats(uri))["lazyUnits"] == 1  # Plain.other
