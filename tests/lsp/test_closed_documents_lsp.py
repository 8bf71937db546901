"""Closed documents leave nothing in a real `redline serve`: after opening documents, typing
in each of their functions (so the caches of digests, data-flow summaries and verdicts fill)
and closing them, the LibCST function nodes alive are the compiled rules' alone, and no
option set is kept for their paths."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from lsp_session import TIMEOUT, Session, plain, session

pytestmark = pytest.mark.asyncio

TEXT = (Path(__file__).resolve().parent.parent / "corpus" / "dataflow" / "analysis_depth.py").read_text(encoding="utf-8")
DEF = re.compile(r"^\s*def \w+\(")


async def _heap(s: Session) -> dict[str, Any]:
    """What debugHeap says but the count of collections so far, which each call adds to."""
    held = plain(await asyncio.wait_for(s.client.protocol.send_request_async("redline/debugHeap", None), TIMEOUT))
    del held["collections"]
    return held


async def _open_and_type(s: Session, uri: str) -> None:
    """Open the text, type `x` after each function's name and take it out again."""
    s.open(uri, TEXT)
    await s.settled(uri)
    for line, row in enumerate(TEXT.split("\n")):
        if DEF.match(row):
            column = row.index("(")
            s.edit(uri, line, column, line, column, "x")
            await s.settled(uri)
            s.edit(uri, line, column, line, column + 1, "")
            await s.settled(uri)


def _close(s: Session, uri: str) -> None:
    s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


async def test_closed_documents_leave_only_the_rules_function_nodes(tmp_path: Path) -> None:
    async with session(root=tmp_path) as s:
        first = (tmp_path / "first.py").as_uri()
        await _open_and_type(s, first)  # the rules the text needs are compiled now
        _close(s, first)
        rules_only = await _heap(s)
        assert rules_only["documents"] == 0 and rules_only["options"] == 0  # its options went with it
        assert rules_only["collecting"]  # paused as the server started (startup.py), running again since its rules were kept
        uris = [(tmp_path / f"m{number}.py").as_uri() for number in range(2)]
        for uri in uris:
            await _open_and_type(s, uri)
        opened = await _heap(s)
        assert opened["documents"] == 2 and opened["options"] > 0 and opened["functionNodes"] > rules_only["functionNodes"]
        for uri in uris:
            _close(s, uri)
        assert await _heap(s) == rules_only
