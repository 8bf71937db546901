"""The server never dies on bad input and never opens a network connection."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import session

pytestmark = pytest.mark.asyncio

# Loaded by the server's interpreter (PYTHONPATH): any connection that is not loopback or a
# local socket raises, so a server that phoned home would fail the session.
SITECUSTOMIZE = '''
import socket
_connect = socket.socket.connect
def _guarded(self, address):
    if self.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in ("127.0.0.1", "::1", "localhost")):
        return _connect(self, address)
    raise OSError("network access blocked by the Redline test")
socket.socket.connect = _guarded
socket.socket.connect_ex = lambda self, address: _guarded(self, address) or 0
socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(OSError("network access blocked by the Redline test"))
'''


async def _alive(s, uri: str) -> None:
    """The server still answers: a fresh document gets its diagnostics."""
    s.open(uri, "eval(x)\n")
    assert [d.code for d in await s.diagnostics(uri)] == ["eval-used"]


async def test_bad_input_does_not_kill_the_server(tmp_path: Path) -> None:
    async with session("visual-studio-code", root=tmp_path) as s:
        process = s.client._server
        assert process is not None and process.stdin is not None
        # Malformed JSON-RPC: a body that is not JSON, then JSON that is not a message.
        for body in (b"{not json", b'{"jsonrpc": "2.0", "method": 5}', b"[1, 2]", b'{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"bogus":1}}'):
            process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        await process.stdin.drain()
        # Unknown methods: an error answer for a request, nothing for a notification.
        with pytest.raises(Exception):
            await asyncio.wait_for(s.client.protocol.send_request_async("redline/noSuchMethod", {}), 10)
        s.client.protocol.notify("redline/noSuchNotification", {})
        # Unknown documents.
        unknown = types.TextDocumentIdentifier(uri=(tmp_path / "missing.py").as_uri())
        origin = types.Position(line=0, character=0)
        assert await s.client.text_document_hover_async(types.HoverParams(text_document=unknown, position=origin)) is None
        assert not await s.client.text_document_code_action_async(types.CodeActionParams(
            text_document=unknown, range=types.Range(start=origin, end=origin), context=types.CodeActionContext(diagnostics=[])))
        s.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=unknown.uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")]))
        s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=unknown))
        # NUL bytes and binary garbage: one read/syntax error, no crash.
        nul = (tmp_path / "nul.py").as_uri()
        s.open(nul, "x = 1\x00\x00\nprint(x)\n")
        assert [d.code for d in await s.diagnostics(nul)] == ["read-error"]
        garbage = (tmp_path / "garbage.py").as_uri()
        s.open(garbage, bytes(range(1, 256)).decode("latin-1") * 20)
        assert {d.code for d in await s.diagnostics(garbage)} <= {"syntax-error", "read-error"}
        # 5,000-deep nesting: brackets, indentation and a unary chain.
        for name, text in (
            ("brackets", "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"),
            ("blocks", "".join(" " * i + "if x:\n" for i in range(5000)) + " " * 5000 + "eval(y)\n"),
            ("unary", "x = " + "-" * 5000 + "1\neval(y)\n"),
        ):
            deep = (tmp_path / f"{name}.py").as_uri()
            s.open(deep, text)
            codes = {d.code for d in await s.diagnostics(deep)}
            assert codes <= {"syntax-error", "eval-used"} and codes
        # A 50,000-line file.
        big = (tmp_path / "big.py").as_uri()
        body = "".join(f"# line {i}\n" if i % 3 else "\n" for i in range(49_990))
        s.open(big, "import os\n" + body + "def f(cmd):\n    os.system(cmd)\n")
        diagnostics = await s.diagnostics(big)
        assert [d.code for d in diagnostics] == ["os-system-injection"] and diagnostics[0].range.start.line == 49_992
        s.edit(big, 49_993, 0, 49_993, 0, "x = (")  # a syntax error at the end of 50,000 lines
        assert {d.code for d in await s.diagnostics(big)} == {"os-system-injection", "syntax-error"}
        await _alive(s, (tmp_path / "alive.py").as_uri())


async def test_a_full_session_works_without_network(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    check = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import socket\ntry:\n    socket.create_connection(('203.0.113.1', 80), timeout=1)\nexcept OSError as e:\n    print(e)",
        env={"PYTHONPATH": str(site)}, stdout=asyncio.subprocess.PIPE)
    assert b"blocked" in (await check.communicate())[0]  # the guard itself works
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "lib.py").write_text("import pickle\npickle.loads(data)\n")
    uri = (workspace / "app.py").as_uri()
    async with session("visual-studio-code", root=workspace, env={"PYTHONPATH": str(site)}) as s:
        s.open(uri, "import yaml\nyaml.load(data)\n")
        (diag,) = await s.diagnostics(uri)
        actions = await s.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=diag.range, context=types.CodeActionContext(diagnostics=[diag])))
        assert any("safe_load" in a.title for a in actions)
        hovered = await s.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=diag.range.start))
        assert hovered is not None
        summary = await s.client.workspace_execute_command_async(types.ExecuteCommandParams(command="redline.scanWorkspace", arguments=[]))
        assert summary is not None
        explained = await s.client.workspace_execute_command_async(types.ExecuteCommandParams(command="redline.explain", arguments=["eval-used"]))
        assert explained is not None
