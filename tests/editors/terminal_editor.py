"""Runs a real terminal editor (Neovim, Emacs) against `redline serve` and checks what it saw.

Each editor test copies `data/vulnerable.py` into a fresh workspace, starts the editor with a
driver script (neovim/init.lua, emacs/redline-test.el) that loads the README setup, and reads
the JSON the driver writes. The editor finds `redline` on PATH exactly as a user's would: the
folder of the interpreter running the tests (the venv with this checkout installed) comes
first. The editor runs in its own process group, killed as a whole when it finishes or hangs,
so neither a hung editor nor a leftover server can stall CI.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
VULNERABLE = HERE / "data" / "vulnerable.py"
FIXED_RULE = "yaml-unsafe-load"
# What each diagnostic must underline in data/vulnerable.py, in line order.
EXPECTED_UNDERLINES = [
    ("yaml-unsafe-load", "yaml.load(stream)"),
    ("subprocess-shell-injection", 'subprocess.run(f"ping -c 1 {host}", shell=True)'),
]
FIX = ("yaml.load(stream)", "yaml.safe_load(stream)")
EDITOR_TIMEOUT_S = 120  # the whole editor run, setup included; the drivers wait 20 s per step
REQUIRE_ENV = "REDLINE_REQUIRE_EDITORS"


def require_editor(program: str) -> str:
    """The editor's path; a skip with the reason when it is missing, a failure in CI."""
    found = shutil.which(program)
    if found is None:
        reason = f"{program} is not installed (tests/editors/setup-terminal-editors.sh installs it)"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{reason}; {REQUIRE_ENV}=1 requires every real-editor test to run")
        pytest.skip(reason)
    return found


@dataclass
class EditorRun:
    """What the driver reported, the workspace file after the run, and the wall time."""

    result: dict[str, Any]
    file_text: str
    seconds: float
    log: str


def run_editor(program: str, arguments: list[str], tmp_path: Path) -> EditorRun:
    """Open a copy of data/vulnerable.py in a fresh workspace with `program arguments...`."""
    command = [require_editor(program), *arguments]
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    target = workspace / VULNERABLE.name
    shutil.copyfile(VULNERABLE, target)
    result_file = tmp_path / "result.json"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "PATH": _redline_bin() + os.pathsep + os.environ.get("PATH", ""),
        "HOME": str(home),  # no user configuration of this machine leaks in
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "REDLINE_TEST_FILE": target.name,
        "REDLINE_TEST_RESULT": str(result_file),
        "REDLINE_TEST_RULE": FIXED_RULE,
    }
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=workspace, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        log, _ = process.communicate(timeout=EDITOR_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        log, _ = process.communicate()
        pytest.fail(f"{command[0]} did not finish within {EDITOR_TIMEOUT_S} s; its output:\n{log}")
    finally:
        _kill_group(process.pid)  # the language server it started, if still running
    seconds = time.monotonic() - started
    assert result_file.exists(), f"{command[0]} exited ({process.returncode}) without a result; its output:\n{log}"
    result = json.loads(result_file.read_text(encoding="utf-8"))
    print(f"{program}: {seconds:.1f} s in all, first diagnostics after {result.get('first_diagnostics_ms', 0):.0f} ms")
    return EditorRun(result, target.read_text(encoding="utf-8"), seconds, log)


def check_fix_session(run: EditorRun) -> None:
    """The user-visible story: two findings underlined, the quick fix applied, one left."""
    result = run.result
    assert "error" not in result, f"the editor driver failed: {result['error']}\n{run.log}"
    original = VULNERABLE.read_text(encoding="utf-8")
    seen = [(d["code"], underlined(original, d["range"])) for d in result["diagnostics"]]
    assert seen == EXPECTED_UNDERLINES
    assert {d["source"] for d in result["diagnostics"]} == {"redline"}
    assert all("(fix available" in d["message"] for d in result["diagnostics"] if d["code"] == FIXED_RULE)

    titles = [action["title"] for action in result["code_actions"]]
    assert result["applied_action"] == "Use yaml.safe_load"
    assert f"Suppress {FIXED_RULE} on this line" in titles
    assert [a["title"] for a in result["code_actions"] if a["preferred"] is True] == ["Use yaml.safe_load"]

    fixed = original.replace(*FIX)
    assert result["buffer_text"] == fixed
    assert run.file_text == fixed  # saved to disk
    after = [(d["code"], underlined(fixed, d["range"])) for d in result["diagnostics_after_fix"]]
    assert after == EXPECTED_UNDERLINES[1:]


def underlined(text: str, lsp_range: dict[str, Any]) -> str:
    """The text an LSP range covers (one-line ranges of ASCII text: UTF-16 = code points)."""
    start, end = lsp_range["start"], lsp_range["end"]
    assert start["line"] == end["line"], lsp_range
    return text.splitlines()[start["line"]][start["character"] : end["character"]]


def _redline_bin() -> str:
    """The folder holding the `redline` script of the venv running the tests."""
    folder = Path(sys.executable).parent
    if not (folder / "redline").exists():
        pytest.fail(f"no `redline` script beside {sys.executable}: install the checkout (pip install -e .)")
    return str(folder)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
