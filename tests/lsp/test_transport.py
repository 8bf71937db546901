"""The server reads the client's messages on its event loop when stdin is a pipe, and as pygls
does (a thread per read) when it is not."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from lsp_session import SERVER, eventually, session

def _threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


@pytest.mark.asyncio
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts the server's threads in /proc")
async def test_messages_are_read_without_a_thread(tmp_path: Path) -> None:
    """After many keystrokes the server runs two threads: its event loop and its analysis
    thread. Reading stdin through pygls' thread pool (three hand-offs per message) kept its
    reader threads besides them: five threads at fcc06b3, where this fails."""
    async with session("visual-studio-code", root=tmp_path) as s:
        uri = (tmp_path / "typed.py").as_uri()
        s.open(uri, "import os\n\ndef f(cmd):\n    os.system(cmd)\n")
        await s.diagnostics(uri)
        for column in range(10):
            version = s.edit(uri, 1, column, 1, column, "x")
            assert [d.code for d in await s.diagnostics(uri, version)]
        pid = s.client._server.pid
        assert await eventually(lambda: _threads(pid) <= 2), _threads(pid)


def _framed(shutdown: bool) -> bytes:
    """A whole session's messages, framed: initialize, initialized, [shutdown], exit."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        *([{"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None}] if shutdown else []),
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    return b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in (json.dumps(m).encode() for m in messages))


def test_stdin_from_a_file_is_read_as_pygls_reads_it(tmp_path: Path) -> None:
    """A regular file cannot be read by the loop's pipe transport: the server falls back to
    pygls' reader and still answers."""
    given = tmp_path / "stdin.bin"
    given.write_bytes(_framed(shutdown=True))
    with given.open("rb") as stdin:
        done = subprocess.run(SERVER, stdin=stdin, capture_output=True, timeout=120)
    assert done.returncode == 0
    answers = [json.loads(part.split(b"\r\n\r\n", 1)[1]) for part in done.stdout.split(b"Content-Length: ")[1:]]
    results = {a["id"]: a["result"] for a in answers if "result" in a}
    assert sorted(results) == [1, 2] and results[1]["serverInfo"]["name"] == "redline"


@pytest.mark.parametrize("through", ["pipe", "file"])
@pytest.mark.parametrize("shutdown", [True, False])
def test_exit_code_says_whether_shutdown_came_first(tmp_path: Path, through: str, shutdown: bool) -> None:
    """The protocol's exit code: 0 after shutdown then exit, 1 after an exit alone (a client
    that did not shut the server down cleanly), whichever reader the server uses. pygls exits
    with that code, but its run loop swallows the SystemExit: 3dc996c exited 0 either way."""
    if through == "pipe":
        done = subprocess.run(SERVER, input=_framed(shutdown), capture_output=True, timeout=120)
    else:
        given = tmp_path / "stdin.bin"
        given.write_bytes(_framed(shutdown))
        with given.open("rb") as stdin:
            done = subprocess.run(SERVER, stdin=stdin, capture_output=True, timeout=120)
    assert done.returncode == (0 if shutdown else 1), done.stderr.decode()
