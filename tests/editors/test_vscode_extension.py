"""The VS Code extension's own checks, reported by pytest: the TypeScript type check
(`tsc --noEmit`) and the unit tests of its logic (interpreter resolution, settings mapping)
under the Node test runner."""

from __future__ import annotations

import subprocess

from vscode_toolchain import EXTENSION, node_tool, require


def run_npm(script: str) -> subprocess.CompletedProcess[str]:
    require([] if (EXTENSION / "node_modules" / "typescript").exists() else ["vscode-extension/node_modules"])
    return subprocess.run([node_tool("npm"), "run", "--silent", script], cwd=EXTENSION, capture_output=True, text=True, timeout=300)


def test_extension_type_checks() -> None:
    result = run_npm("typecheck")
    assert result.returncode == 0, result.stdout + result.stderr


def test_extension_unit_tests_pass() -> None:
    result = run_npm("test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
    assert "# pass 0" not in result.stdout  # the runner found the tests
