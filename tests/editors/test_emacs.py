"""Emacs + eglot end to end: the README setup (emacs/redline-eglot.el) in real batch Emacs.

eglot 1.9 cannot pull diagnostics, so this proves the server's push path with a real client;
it gets each quick fix's edit up front (no `codeAction/resolve`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terminal_editor import EXPECTED_UNDERLINES, HERE, check_fix_session, run_editor

pytestmark = pytest.mark.slow


def test_emacs_eglot_shows_findings_and_applies_the_quick_fix(tmp_path: Path) -> None:
    run = run_editor("emacs", ["--batch", "-l", str(HERE / "emacs" / "redline-test.el")], tmp_path)
    assert run.result["editor"].startswith("emacs "), run.result
    assert run.result["major_mode"] == "python-mode"  # eglot-ensure in python-mode-hook started Redline
    # What flymake underlines in the buffer, not only the ranges eglot received.
    assert [d["highlighted"] for d in run.result["diagnostics"]] == [text for _, text in EXPECTED_UNDERLINES]
    check_fix_session(run)
