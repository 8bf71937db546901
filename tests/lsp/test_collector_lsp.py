"""The cycle collector stays out of the analyses of a real `redline serve` that build a
document's trees anew: its first open, and a keystroke that parses every lazy unit (a word
that makes a new rule possible). Those trees are hundreds of thousands of objects made at
once, no garbage: the collector waits while they are built and they are kept (frozen,
lsp/heap.py). Before, such a keystroke at 10,031 lines ran three young collections,
0.1-0.56 s in all, walking the new tree as it grew."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from lazy_cases import TEXT
from lsp_session import TIMEOUT, Session, plain, session

pytestmark = pytest.mark.asyncio

# Definitions no rule can match, left lazy at first open: their parse is the keystroke's.
FILLER = "".join(
    f"\n\ndef helper_{number}(values, scale={number}):\n    total = 0\n    for value in values:\n"
    f"        total += value * scale - len(str(value))\n    return total\n"
    for number in range(400)
)


async def _heap(s: Session) -> dict[str, Any]:
    return plain(await asyncio.wait_for(s.client.protocol.send_request_async("redline/debugHeap", None), TIMEOUT))


async def test_a_keystroke_that_parses_every_lazy_unit_runs_no_collection(tmp_path: Path) -> None:
    uri = (tmp_path / "lazy.py").as_uri()
    (tmp_path / "pyproject.toml").write_text("[tool.redline]\n")
    text = TEXT + FILLER
    async with session(root=tmp_path) as s:
        s.open(uri, text)
        await s.settled(uri)
        assert (await s.stats(uri))["lazyUnits"] > 400
        before = await _heap(s)  # runs one collection itself (live_function_nodes)
        line = text.splitlines().index("            return len(self.path)")
        version = s.edit(uri, line, 19, line, 22, "eval")  # a word no rule could use before: every unit is parsed
        assert [d.range.start.line for d in await s.diagnostics(uri, version) if d.code == "eval-used"] == [line]
        await s.settled(uri)
        assert (await s.stats(uri))["lazyUnits"] == 0
        after = await _heap(s)
        assert after["collecting"]
        assert after["collections"] - before["collections"] - 1 == 0  # 1-3 without the collector paused and the trees kept
