"""`redline serve --tcp`: a real client over a loopback socket; other addresses are refused."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities
from pytest_lsp.client import make_test_lsp_client

from cli_helpers import run_redline
from lsp_session import TIMEOUT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _connect(client, port: int) -> None:  # type: ignore[no-untyped-def]
    """The server needs a moment to listen: retry until it accepts."""
    for _ in range(300):
        try:
            await client.start_tcp("127.0.0.1", port)
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@pytest.mark.asyncio
async def test_a_session_over_tcp(tmp_path: Path) -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "redline", "serve", "--tcp", str(port))
    client = make_test_lsp_client()
    try:
        await _connect(client, port)
        await asyncio.wait_for(client.initialize_session(types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), root_uri=tmp_path.as_uri())), TIMEOUT)
        uri = (tmp_path / "t.py").as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text="eval(x)\n")))
        for _ in range(600):
            if client.diagnostics.get(uri):
                break
            await asyncio.sleep(0.05)
        assert [d.code for d in client.diagnostics[uri]] == ["eval-used"]
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await client.stop()


@pytest.mark.parametrize("address", ["0.0.0.0:8765", "192.0.2.7:8765", "example.com:8765"])
def test_non_loopback_addresses_are_refused(address: str) -> None:
    result = run_redline("serve", "--tcp", address)
    assert result.returncode == 2
    assert "not a loopback address; add --allow-remote" in result.stderr


def test_a_bad_port_is_a_clear_error() -> None:
    result = run_redline("serve", "--tcp", "127.0.0.1:http")
    assert result.returncode == 2 and "the port must be a number" in result.stderr
