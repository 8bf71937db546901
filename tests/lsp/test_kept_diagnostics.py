"""Diagnostics are converted once per finding and kept, with their JSON, across keystrokes
(diagnostics.Converted; pushes are written from the kept JSON): after typing, what the
client holds equals what the same text gets when opened afresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import session

pytestmark = pytest.mark.asyncio

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dataflow"
NAME_AT_END = re.compile(r"(?<![\w.])[A-Za-z_]\w*$")  # typing `x` after it keeps the code valid
HEADER = "# Prüfung: données 😀 — non-ASCII lines above every finding\n"


def _text() -> str:
    parts = [HEADER]
    for name in ("tainted-command-injection.py", "tainted-code-injection.py"):
        parts.append((CORPUS / name).read_text(encoding="utf-8"))
    return "".join(parts)


def _typing(text: str) -> list[tuple[int, int, str]]:
    """Keystrokes spread over the text: a name character at the end of a line's last name,
    then a space; last, a new line (every finding below moves)."""
    rows = text.splitlines()
    code = [i for i, row in enumerate(rows) if row.startswith("    ") and NAME_AT_END.search(row)]
    places = code[:: max(1, len(code) // 6)][:6]
    return [(line, len(rows[line]) + index, typed) for line in places for index, typed in enumerate("x ")] + [(places[1], 0, "\n")]


async def test_diagnostics_after_typing_equal_a_fresh_open(profile: str, tmp_path: Path) -> None:
    text = _text()
    uri = (tmp_path / "app.py").as_uri()
    async with session(profile, root=tmp_path) as s:
        s.open(uri, text)
        before = await s.diagnostics(uri)
        assert any(d.related_information for d in before), "the text has data-flow findings"
        lines = text.splitlines(keepends=True)
        for line, column, typed in _typing(text):
            s.edit(uri, line, column, line, column, typed)
            lines[line] = lines[line][:column] + typed + lines[line][column:]
            await s.diagnostics(uri)
        typed_text = "".join(lines)
        after = await s.settled(uri)
        s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        s.open(uri, typed_text, version=s.versions[uri] + 1)
        fresh = await s.diagnostics(uri)
    assert len(after) == len(fresh) > 0
    assert after == fresh
