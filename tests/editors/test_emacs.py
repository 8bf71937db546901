"""Emacs + eglot end to end: the README setup (emacs/redline-eglot.el) in real batch Emacs.

eglot 1.9 cannot pull diagnostics, so this proves the server's push path with a real client.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terminal_editor import EXPECTED_UNDERLINES, HERE, check_fix_session, require_editor, run_editor

pytestmark = pytest.mark.slow


def test_emacs_eglot_shows_findings_and_applies_the_quick_fix(tmp_path: Path) -> None:
    emacs = require_editor("emacs")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    run = run_editor([emacs, "--batch", "-l", str(HERE / "emacs" / "redline-test.el")], workspace)
    assert run.result["editor"].startswith("emacs "), run.result["editor"]
    assert run.result["major_mode"] == "python-mode"
    highlighted = [d["highlighted"] for d in run.result["diagnostics"]]
    assert highlighted == [text for _, text in EXPECTED_UNDERLINES]
    check_fix_session(run)
    print(f"emacs session: {run.seconds:.1f} s, first diagnostics after {run.result['first_diagnostics_ms']:.0f} ms")
