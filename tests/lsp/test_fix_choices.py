"""A finding with several fixes: each is its own quick fix, and applying any one of them in the
editor gives code that parses and no longer triggers the rule (real server over stdio)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import Session, session

pytestmark = pytest.mark.asyncio

TEXT = (
    "import hashlib\n\n\n"
    "def sign(secret, message):\n"
    "    return hashlib.md5(secret + message).hexdigest()\n\n\n"
    "def connect(client):\n"
    '    return client.connect(user="app", password="hunter2!")\n'
)


async def _quick_fixes(s: Session, uri: str, code: str) -> list[types.CodeAction]:
    """The rule's own quick fixes for the finding of `code` (not the suppressions), resolved."""
    (diag,) = [d for d in await s.diagnostics(uri) if d.code == code]
    offered = await s.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag])))
    fixes = [a for a in offered or [] if not a.title.startswith("Suppress")]
    return [a if a.edit is not None else await s.client.code_action_resolve_async(a) for a in fixes]


async def _apply(s: Session, uri: str, action: types.CodeAction) -> str:
    """Apply the action as an editor does (last edit first) and return the document's text."""
    (edits,) = action.edit.changes.values()
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    version = s.change(uri, [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in ordered])
    await s.diagnostics(uri, version)  # the server has the new text
    return (await s.stats(uri, with_text=True))["text"]


async def test_weak_hash_offers_both_fixes_and_each_one_works(profile: str, tmp_path: Path) -> None:
    expected = ["hashlib.md5(secret + message, usedforsecurity=False)", "hashlib.sha256(secret + message)"]
    async with session(profile, root=tmp_path) as s:
        for choice, result in enumerate(expected):  # one copy of the file per fix chosen
            uri = (tmp_path / f"app{choice}.py").as_uri()
            s.open(uri, TEXT)
            fixes = await _quick_fixes(s, uri, "weak-hash")
            assert [a.title for a in fixes] == [
                "Mark as not used for security (usedforsecurity=False)",
                "Upgrade to SHA-256 (changes every digest this code makes)",
            ]
            assert not any(a.is_preferred for a in fixes)  # both are offer-only: chosen, never preferred
            fixed = await _apply(s, uri, fixes[choice])
            ast.parse(fixed)
            assert result in fixed
            assert "weak-hash" not in {d.code for d in await s.diagnostics(uri)}


async def test_hardcoded_password_fix_reads_the_environment(tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, TEXT)
        (action,) = await _quick_fixes(s, uri, "hardcoded-password")
        assert "environment" in action.title and "must be set" in action.title
        assert not action.is_preferred
        fixed = await _apply(s, uri, action)
        ast.parse(fixed)
        assert fixed.startswith("import os\nimport hashlib\n")
        assert 'password=os.environ["PASSWORD"]' in fixed
        assert "hardcoded-password" not in {d.code for d in await s.diagnostics(uri)}


async def test_xmlrpc_fix_calls_the_patch_above_the_import(tmp_path: Path) -> None:
    """An insertion-only fix: the call goes on a new line above the import, indented like it,
    the import it needs at the top, and the finding goes away."""
    uri = (tmp_path / "rpc.py").as_uri()
    text = 'def status(url):\n    import xmlrpc.client  # legacy peer\n\n    return xmlrpc.client.ServerProxy(url).status()\n'
    async with session("visual-studio-code", root=tmp_path, init_options={"tiers": ["vuln", "audit"]}) as s:
        s.open(uri, text)
        (action,) = await _quick_fixes(s, uri, "xmlrpc-import")
        assert "defusedxml.xmlrpc.monkey_patch()" in action.title and not action.is_preferred
        fixed = await _apply(s, uri, action)
        assert fixed == (
            "import defusedxml.xmlrpc\ndef status(url):\n    defusedxml.xmlrpc.monkey_patch()\n"
            "    import xmlrpc.client  # legacy peer\n\n    return xmlrpc.client.ServerProxy(url).status()\n"
        )
        assert "xmlrpc-import" not in {d.code for d in await s.diagnostics(uri)}
