"""A document's options (its config, engine and analysis options), kept by path between
keystrokes, still follow a config file that could not be read and was fixed on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import session

pytestmark = pytest.mark.asyncio

CODE = "import os\n\ndef f(cmd):\n    os.system(cmd)\n"


def _codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


async def test_a_broken_config_fixed_on_disk_counts_at_the_next_keystroke(tmp_path: Path) -> None:
    """A config file that cannot be read is read again at each analysis (its options are not
    kept), so fixing it takes effect at the next keystroke, with no file-watch notification."""
    uri = (tmp_path / "configured.py").as_uri()
    (tmp_path / "pyproject.toml").write_text("[tool.redline\nignore = [\n", encoding="utf-8")
    async with session("visual-studio-code", root=tmp_path) as s:
        s.open(uri, CODE)
        codes = _codes(await s.diagnostics(uri))
        assert codes
        (tmp_path / "pyproject.toml").write_text(f"[tool.redline]\nignore = {sorted(codes)!r}\n".replace("'", '"'), encoding="utf-8")
        version = s.edit(uri, 1, 0, 1, 0, "x")
        assert await s.diagnostics(uri, version) == []
        version = s.edit(uri, 1, 0, 1, 1, "")
        assert await s.diagnostics(uri, version) == []
