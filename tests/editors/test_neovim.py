"""Neovim 0.7 end to end: the README setup (neovim/redline.lua) in real headless Neovim.

Neovim 0.7 cannot pull diagnostics, so this proves the server's push path with a real client.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terminal_editor import HERE, check_fix_session, require_editor, run_editor

pytestmark = pytest.mark.slow


def test_neovim_shows_findings_and_applies_the_quick_fix(tmp_path: Path) -> None:
    nvim = require_editor("nvim")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    run = run_editor([nvim, "--headless", "-n", "-i", "NONE", "-u", str(HERE / "neovim" / "init.lua")], workspace)
    assert run.result["editor"].startswith("neovim 0."), run.result["editor"]
    assert run.result["filetype"] == "python"
    check_fix_session(run)
    print(f"neovim session: {run.seconds:.1f} s, first diagnostics after {run.result['first_diagnostics_ms']:.0f} ms")
