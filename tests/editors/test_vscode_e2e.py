"""End to end in real VS Code: code-server with the packaged .vsix, driven by chromium through
playwright-core (vscode-extension/e2e/run.mjs), against the real `redline serve` from this
repo's interpreter. Every run gets fresh user-data and extension folders and a fresh copy of the
workspace (VS Code saves files after code actions). Screenshots land in tests/editors/output/;
REDLINE_UPDATE_SCREENSHOTS=1 also copies them to docs/images/ for the README."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from vscode_toolchain import REPO, Toolchain, stop_group

OUTPUT = Path(__file__).parent / "output" / "vscode"
WORKSPACE = Path(__file__).parent / "data" / "vscode_workspace"
DOCS_IMAGES = REPO / "docs" / "images"
SCREENSHOTS = ("diagnostics.png", "hover.png", "quickfix.png")
# No marketplace: a closed local port makes every gallery request fail at once instead of hanging.
NO_GALLERY = json.dumps({"serviceUrl": "http://127.0.0.1:9/gallery", "itemUrl": "http://127.0.0.1:9/items"})
USER_SETTINGS = {
    "redline.interpreter": [sys.executable],
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "security.workspace.trust.enabled": False,
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "extensions.ignoreRecommendations": True,
    "update.mode": "none",
    "telemetry.telemetryLevel": "off",
    "git.enabled": False,
    "chat.disableAIFeatures": True,
    "editor.hover.delay": 200,
    "window.commandCenter": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"code-server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"code-server did not answer on {url} within {timeout}s")


@contextmanager
def code_server(tmp_path: Path, interpreter: str) -> Iterator[tuple[str, Path, Toolchain]]:
    """code-server with only the Redline .vsix installed, on a free loopback port, its
    `redline.interpreter` set to `interpreter`."""
    tools = Toolchain.find()
    user_data, extensions, workspace = tmp_path / "user-data", tmp_path / "extensions", tmp_path / "workspace"
    shutil.copytree(WORKSPACE, workspace)
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps({**USER_SETTINGS, "redline.interpreter": [interpreter]}, indent=2))
    env = {**os.environ, "EXTENSIONS_GALLERY": NO_GALLERY, "HOME": str(tmp_path)}
    base = [str(tools.node), str(tools.code_server), "--user-data-dir", str(user_data), "--extensions-dir", str(extensions)]
    installed = subprocess.run([*base, "--install-extension", str(tools.vsix)], env=env, capture_output=True, text=True, timeout=180)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    port = free_port()
    log = (tmp_path / "code-server.log").open("wb")
    process = subprocess.Popen(
        [*base, "--bind-addr", f"127.0.0.1:{port}", "--auth", "none", "--disable-telemetry", "--disable-update-check",
         "--disable-workspace-trust", "--disable-getting-started-override", str(workspace)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, process)
        yield url, workspace, tools
    finally:
        stop_group(process)
        log.close()


def drive(scenario: str, url: str, workspace: Path, tools: Toolchain, output: Path) -> dict:
    """Runs the browser script in its own process group; returns its result.json."""
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    env = {**os.environ, "CHROMIUM": str(tools.chromium)}
    process = subprocess.Popen(
        [str(tools.node), str(tools.driver), scenario, url, str(workspace), str(output)],
        cwd=tools.driver.parent.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        log, _ = process.communicate(timeout=420)
    finally:
        stop_group(process)
    result_file = output / "result.json"
    assert result_file.exists(), log.decode(errors="replace")
    result = json.loads(result_file.read_text())
    assert result["ok"], f"{result.get('error')}\n{log.decode(errors='replace')}\nscreenshot: {output / 'failure.png'}"
    return result


@pytest.mark.slow
def test_vscode_shows_fixes_and_suppresses_redline_findings(tmp_path: Path) -> None:
    with code_server(tmp_path, sys.executable) as (url, workspace, tools):
        result = drive("fix", url, workspace, tools, OUTPUT / "fix")

    rows = {rule: row for row in result["problems"] for rule in ("yaml-unsafe-load", "subprocess-shell-injection") if f"redline {rule}" in row}
    assert "use `yaml.safe_load`" in rows["yaml-unsafe-load"] and "[Ln 7, Col 16]" in rows["yaml-unsafe-load"]
    assert "(`shell=True`)" in rows["subprocess-shell-injection"] and "[Ln 11, Col 12]" in rows["subprocess-shell-injection"]
    assert "codicon-shield" in result["statusBar"]["icon"]  # the status item says: server running
    assert "CWE-502" in result["hover"]
    assert any(title.startswith("Suppress yaml-unsafe-load on this line") for title in result["fixMenu"])

    assert "        return yaml.safe_load(handle)\n" in result["fileAfterFix"]
    assert not any("yaml-unsafe-load" in row for row in result["problemsAfterFix"])

    final = (workspace / "app.py").read_text()
    assert "yaml.safe_load(handle)" in final
    shell_line = next(line for line in final.splitlines() if "shell=True" in line)
    assert "# redline: ignore[subprocess-shell-injection]" in shell_line
    assert not any("redline" in row for row in result["problemsAfterSuppress"])

    for name in SCREENSHOTS:
        assert (OUTPUT / "fix" / name).stat().st_size > 10_000, name
    if os.environ.get("REDLINE_UPDATE_SCREENSHOTS") == "1":  # refresh the README's pictures
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        for name in SCREENSHOTS:
            shutil.copyfile(OUTPUT / "fix" / name, DOCS_IMAGES / f"vscode-{name}")


@pytest.mark.slow
def test_vscode_says_once_how_to_install_redline_when_the_interpreter_lacks_it(tmp_path: Path) -> None:
    bare = tmp_path / "bare-venv"
    venv.create(bare, with_pip=False)
    python = bare / "bin" / "python"
    with code_server(tmp_path, str(python)) as (url, workspace, tools):
        result = drive("missing", url, workspace, tools, OUTPUT / "missing")

    assert "No module named 'redline'" in result["message"]
    assert f"Install it with: {python} -m pip install redline" in result["message"]
    assert "codicon-error" in result["statusBar"]["icon"]
    # After "Redline: Restart server" the message is still there once, not repeated.
    assert sum("Redline is not available" in text for text in result["notifications"]) == 1
    assert result["squiggles"] == 0
    assert "codicon-error" in result["statusAfterRestart"]["icon"]
