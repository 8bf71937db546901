"""The client's messages read by the event loop itself.

pygls reads stdin with a blocking call in its thread pool per header line and per body: three
hand-offs to a thread and back for every message (a keystroke's didChange, a pull's request),
each waking a thread and then the loop, and each needing the interpreter lock, which the
analysis thread holds while it checks. When stdin is a pipe or a socket of its own, the loop
reads it as it reads any socket (asyncio's pipe transport): a message that arrived whole is
handled without a thread. Anything else is read as pygls reads it: a regular file (the
transport cannot read one), a terminal, or a socket that is stdout too (the transport makes
the file description non-blocking, and the writes to stdout must block).
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import threading
from typing import BinaryIO

from pygls.io_ import StdoutWriter, run_async
from pygls.server import JsonRPCServer

log = logging.getLogger("redline.lsp")

LIMIT = 2**20  # bytes a header line may hold; bodies are read by length, whatever their size


class LoopReader:
    """pygls' reader interface (readline, readexactly) over an asyncio stream of `stdin`,
    connected on first use (inside the server's loop)."""

    def __init__(self, stdin: BinaryIO) -> None:
        self.stdin = stdin
        self._stream: asyncio.StreamReader | None = None

    async def _connected(self) -> asyncio.StreamReader:
        if self._stream is None:
            loop = asyncio.get_running_loop()
            stream = asyncio.StreamReader(limit=LIMIT, loop=loop)
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream, loop=loop), self.stdin)
            self._stream = stream
        return self._stream

    async def readline(self) -> bytes:
        return await (await self._connected()).readline()

    async def readexactly(self, n: int) -> bytes:
        try:
            return await (await self._connected()).readexactly(n)
        except asyncio.IncompleteReadError as error:  # the client went away mid-message
            return error.partial


def own_pipe(stdin: BinaryIO, stdout: BinaryIO) -> bool:
    """Whether the loop may read `stdin`: a pipe or socket (what editors give a server) that is
    not also `stdout` (the pipe transport makes it non-blocking), on POSIX (where asyncio's
    pipe transport reads file descriptors)."""
    if os.name != "posix":
        return False
    try:
        given, out = os.fstat(stdin.fileno()), os.fstat(stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    if not (stat.S_ISFIFO(given.st_mode) or stat.S_ISSOCK(given.st_mode)):
        return False
    return (given.st_dev, given.st_ino) != (out.st_dev, out.st_ino)


def serve_loop(server: JsonRPCServer, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """pygls' asynchronous stdio server (JsonRPCServer._start_io_async) with the loop's own
    reader: until `exit`, the end of stdin or a broken pipe."""
    server._stop_event = threading.Event()
    server.protocol.set_writer(StdoutWriter(stdout))
    try:
        asyncio.run(run_async(stop_event=server._stop_event, reader=LoopReader(stdin), protocol=server.protocol, error_handler=server.report_server_error))
    except BrokenPipeError:
        log.error("the connection to the client is lost: shutting down")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()
