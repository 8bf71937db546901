"""Neovim 0.7 end to end: the README setup (neovim/redline.lua) in real headless Neovim.

Neovim 0.7 cannot pull diagnostics, so this proves the server's push path with a real client;
it also resolves code actions lazily (`codeAction/resolve`), which eglot 1.9 does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terminal_editor import HERE, check_fix_session, run_editor

pytestmark = pytest.mark.slow
NVIM_ARGUMENTS = ["--headless", "-n", "-i", "NONE", "-u", str(HERE / "neovim" / "init.lua")]


def test_neovim_shows_findings_and_applies_the_quick_fix(tmp_path: Path) -> None:
    run = run_editor("nvim", NVIM_ARGUMENTS, tmp_path)
    assert run.result["editor"].startswith("neovim 0."), run.result
    assert run.result["filetype"] == "python"  # the FileType autocmd of the setup started Redline
    check_fix_session(run)
    # Neovim offers "suppress in this file" too: it can create the redline.toml it writes to.
    assert "Suppress yaml-unsafe-load in this file" in [a["title"] for a in run.result["code_actions"]]
