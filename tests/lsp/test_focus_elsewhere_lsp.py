"""A pattern finding whose range lies in another unit than its match (`jwt.decode(...,
options=SKIP)` reported on `SKIP`'s `False`), in a real `redline serve`: after lines are typed
and removed between the two, the client holds what a fresh open of the text gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import session
from test_focus_elsewhere import EDITS, TEXT, change_for, constant_lines

pytestmark = pytest.mark.asyncio


async def test_typing_between_match_and_focus_equals_a_fresh_open(profile: str, tmp_path: Path) -> None:
    uri = (tmp_path / "tokens.py").as_uri()
    text = TEXT
    async with session(profile, root=tmp_path) as s:
        s.open(uri, text)
        await s.diagnostics(uri)
        for before, after in EDITS:
            (line, column), (end_line, end_column), new_text = change_for(text, before, after)
            s.edit(uri, line, column, end_line, end_column, new_text)
            text = text.replace(before, after)
            diagnostics = await s.diagnostics(uri)
            assert [d.range.start.line + 1 for d in diagnostics if d.code == "jwt-decode-no-verify"] == constant_lines(text)
        after_typing = await s.settled(uri)
        s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        s.open(uri, text, version=s.versions[uri] + 1)
        fresh = await s.diagnostics(uri)
    assert after_typing == fresh
    assert len(fresh) >= 2
