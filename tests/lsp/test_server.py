"""End-to-end: a real `redline serve` over stdio with VS Code, Neovim and Emacs capabilities."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import Session, eventually, session

pytestmark = pytest.mark.asyncio

ENCODED = {"utf-16": lambda s: len(s.encode("utf-16-le")) // 2, "utf-8": lambda s: len(s.encode()), "utf-32": len}


def _width(s: Session, text: str) -> int:
    general = s.capabilities.general
    offered = (general.position_encodings if general else None) or ["utf-16"]
    return ENCODED[offered[0]](text)


def _by_code(diagnostics: list[types.Diagnostic]) -> dict[str, list[types.Diagnostic]]:
    found: dict[str, list[types.Diagnostic]] = {}
    for d in diagnostics:
        found.setdefault(str(d.code), []).append(d)
    return found


async def test_editor_session(profile: str, tmp_path: Path) -> None:
    """Diagnostics, encodings, edits, hover, code actions, syntax errors, close — per editor."""
    uri = (tmp_path / "app.py").as_uri()
    prefix = 's = "😀中e\u0301"; x = '
    text = f"import yaml\n{prefix}eval(input())\n\n\ndef load(data):\n    return yaml.load(data)\n"
    (tmp_path / "pyproject.toml").write_text("[tool.redline]\n")
    async with session(profile, root=tmp_path) as s:
        caps = s.init.capabilities
        assert (caps.diagnostic_provider is not None) == s.pull  # pull or push, never both
        s.open(uri, text)
        found = _by_code(await s.diagnostics(uri))
        assert set(found) == {"eval-used", "yaml-unsafe-load"}
        evaluated = found["eval-used"][0]
        assert evaluated.source == "redline"
        assert evaluated.range.start == types.Position(line=1, character=_width(s, prefix))
        assert evaluated.range.end.character == _width(s, prefix + "eval(input())")
        assert evaluated.severity == types.DiagnosticSeverity.Error
        assert evaluated.code_description and evaluated.code_description.href.startswith("https://cwe.mitre.org/")
        assert evaluated.data["fingerprint"]

        # Hover on the finding shows the rule's documentation.
        hovered = await s.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=evaluated.range.start))
        assert hovered is not None and "eval-used" in hovered.contents.value
        assert hovered.contents.kind == types.MarkupKind.Markdown

        # Quick fix for yaml.load: preferred because safe; resolved lazily where supported.
        loader = found["yaml-unsafe-load"][0]
        actions = await s.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=loader.range,
            context=types.CodeActionContext(diagnostics=[loader])))
        fix = next(a for a in actions if "safe_load" in a.title)
        assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix
        if fix.edit is None:
            fix = await s.client.code_action_resolve_async(fix)
        (edits,) = fix.edit.changes.values()
        assert edits[0].new_text == "yaml.safe_load(data)"
        suppress = next(a for a in actions if a.title.startswith("Suppress yaml-unsafe-load on this line"))
        (edits,) = suppress.edit.changes.values()
        assert edits[0].new_text == "  # redline: ignore[yaml-unsafe-load] <reason>"
        assert any(a.title.endswith("in this file") for a in actions)

        # source.fixAll.redline rewrites every safe fix in one edit.
        fix_all = await s.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=loader.range,
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.redline"])))
        assert len(fix_all) == 1 and "yaml.safe_load(data)" in next(iter(fix_all[0].edit.changes.values()))[0].new_text

        # Typing a syntax error keeps the findings on unchanged lines and adds one error.
        s.edit(uri, 3, 0, 3, 0, "foo(")
        found = _by_code(await s.diagnostics(uri))
        assert set(found) == {"eval-used", "yaml-unsafe-load", "syntax-error"}
        s.edit(uri, 3, 3, 3, 4, "")  # remove the bracket again: recovered
        found = _by_code(await s.diagnostics(uri))
        assert set(found) == {"eval-used", "yaml-unsafe-load"}

        # An edit on the finding's line moves it; deleting the call removes it.
        s.edit(uri, 1, _width(s, prefix), 1, _width(s, prefix + "eval(input())"), "1")
        found = _by_code(await s.diagnostics(uri))
        assert set(found) == {"yaml-unsafe-load"}

        if s.pull:  # the same result id again: `unchanged`
            report = await s.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=s.result_ids[uri]))
            assert isinstance(report, types.RelatedUnchangedDocumentDiagnosticReport)

        s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        if not s.pull:
            assert await eventually(lambda: not s.published[uri][-1].diagnostics)
        assert await s.stats(uri) is None  # closed documents are dropped


async def test_multiline_suppression_keeps_noqa(tmp_path: Path) -> None:
    uri = (tmp_path / "m.py").as_uri()
    text = "import subprocess\nsubprocess.call(\n    cmd,\n    shell=True,\n)  # noqa: S602\nx = eval(y)  # redline: ignore[exec-used] legacy\n"
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, text)
        found = _by_code(await s.diagnostics(uri))
        for code, expected_line, expected in (
            ("subprocess-shell-injection", 4, "  # redline: ignore[subprocess-shell-injection] <reason>"),
            ("eval-used", 5, ", eval-used"),
        ):
            diag = found[code][0]
            actions = await s.client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=diag.range,
                context=types.CodeActionContext(diagnostics=[diag])))
            action = next(a for a in actions if a.title.startswith(f"Suppress {code} on this line"))
            (edit,) = next(iter(action.edit.changes.values()))
            assert edit.range.start.line == expected_line and edit.new_text == expected
        # Applying the merged comment silences the finding.
        s.edit(uri, 5, len("x = eval(y)  # redline: ignore[exec-used"), 5, len("x = eval(y)  # redline: ignore[exec-used"), ", eval-used")
        assert "eval-used" not in _by_code(await s.diagnostics(uri))


async def test_form_feeds_crlf_and_combining_characters(tmp_path: Path) -> None:
    """pygls splits lines at \\f; Redline must not: the finding after it stays on its line."""
    uri = (tmp_path / "ff.py").as_uri()
    text = "import os\r\n\f\r\nname = 'é́'  # \u2028 not a line break\r\nos.system(input())\r\n"
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, text)
        (diag,) = await s.diagnostics(uri)
        assert diag.code == "os-system-injection" and diag.range.start.line == 3
        s.edit(uri, 2, 0, 2, 0, "\f")
        (diag,) = await s.diagnostics(uri)
        assert diag.range.start.line == 3
        stats = await s.stats(uri, with_text=True)
        assert stats["text"] == stats["liveText"] == text.replace("\r\nname", "\r\n\fname")


async def test_configuration_file_editor_settings_and_watched_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.redline]\nignore = ["eval-used"]\n')
    uri = (tmp_path / "c.py").as_uri()
    text = "import os\nos.system(x)\neval(x)\nimport random\ntoken = random.random()\n"
    async with session("visual-studio-code", root=tmp_path, configuration={"ignore": ["os-system-injection"]}) as s:
        s.open(uri, text)
        await asyncio.sleep(0.3)  # the configuration answer may arrive after didOpen
        s.edit(uri, 0, 0, 0, 0, "")
        codes = set(_by_code(await s.diagnostics(uri)))
        assert "eval-used" in codes and "os-system-injection" not in codes  # editor overrides the file
        # The editor settings change: didChangeConfiguration re-reads them.
        s.client.set_configuration({"select": ["injection"], "ignore": []}, section="redline")
        s.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert await s.pushed_codes(uri, {"eval-used"}) == {"eval-used"}
        # pyproject.toml changes on disk: documents are checked again.
        s.client.set_configuration({}, section="redline")
        s.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await asyncio.sleep(0.3)
        (tmp_path / "pyproject.toml").write_text('[tool.redline]\nignore = ["os-system-injection"]\n')
        s.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=(tmp_path / "pyproject.toml").as_uri(), type=types.FileChangeType.Changed)]))
        def file_settings_apply() -> bool:
            codes = set(_by_code(list(s.published[uri][-1].diagnostics)))
            return "eval-used" in codes and "os-system-injection" not in codes

        assert await eventually(file_settings_apply)


async def test_on_save_mode(tmp_path: Path) -> None:
    uri = (tmp_path / "s.py").as_uri()
    async with session("visual-studio-code", root=tmp_path, init_options={"run": "onSave"}) as s:
        s.open(uri, "x = 1\n")
        assert await s.diagnostics(uri) == []
        version = s.edit(uri, 0, 4, 0, 5, "eval(y)")
        await asyncio.sleep(0.3)
        assert all(p.version != version for p in s.published.get(uri, []))
        s.client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        assert {d.code for d in await s.diagnostics(uri, version)} == {"eval-used"}


async def test_one_character_edit_reparses_one_unit(tmp_path: Path) -> None:
    """A 5,000-line file: typing inside one function re-parses the statement typed in only
    (a nested unit), and typing in a long method's nested block re-parses that block's line."""
    # `os.path.join` with `tmp` in the file: hardcoded-tmp-path may match, so no function is lazy.
    functions = [f"def f{i}(a, b):\n    c = a + b\n    d = c * 2\n    return os.path.join(str(d), 'tmp')\n\n" for i in range(1000)]
    text = "import os\n" + "".join(functions) + "class Big:\n" + "".join(f"    def m{i}(self):\n        return {i}\n\n" for i in range(5))
    text += "    def long(self, a):\n" + "        x = 1\n" * 300 + "        for b in a:\n            if b:\n                with b:\n                    value = os.path.join(a, 'tmp')\n\n"
    assert text.count("\n") > 5000
    uri = (tmp_path / "big.py").as_uri()
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, text)
        await s.diagnostics(uri)
        before = await s.stats(uri)
        line = 1 + 500 * 5 + 1  # `c = a + b` of f500
        s.edit(uri, line, 9, line, 9, "1")
        await s.diagnostics(uri)
        after = await s.stats(uri)
        assert after["unitParses"] - before["unitParses"] == 1
        assert after["parsedLines"] - before["parsedLines"] == 1  # `c = a + b`, not all of f500
        assert after["fullParses"] == before["fullParses"]
        # A class member no enabled rule can match in (`m3`): first open left it lazy (a stub,
        # lazy_units.py), and keystrokes whose new words need no rule either keep it so:
        # nothing is parsed (LazyContext.stays_lazy).
        member_line = text.count("\n", 0, text.index("    def m3")) + 1
        assert after["lazyUnits"] == 5  # m0 ... m4
        s.edit(uri, member_line, 15, member_line, 15, "7")
        await s.diagnostics(uri)
        real = await s.stats(uri)
        assert real["unitParses"] == after["unitParses"] and real["lazyUnits"] == 5
        s.edit(uri, member_line, 16, member_line, 16, "7")
        await s.diagnostics(uri)
        last = await s.stats(uri)
        assert last["unitParses"] == real["unitParses"] and last["fullParses"] == before["fullParses"]
        assert last["parsedLines"] == real["parsedLines"] and last["lazyUnits"] == 5
        # Deep inside the long method: only the innermost statement's line.
        deep_line = text.count("\n", 0, text.index("                    value = os.path.join(a, 'tmp')"))
        s.edit(uri, deep_line, 25, deep_line, 25, "1")
        await s.diagnostics(uri)
        deep = await s.stats(uri)
        assert deep["unitParses"] - last["unitParses"] == 1 and deep["fullParses"] == before["fullParses"]
        assert deep["parsedLines"] - last["parsedLines"] == 1
