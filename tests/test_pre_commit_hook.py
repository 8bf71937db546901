"""The pre-commit hook (.pre-commit-hooks.yaml) run by the real `pre-commit` in a real git repo.

The hook repository is a snapshot of this checkout (tracked and untracked files, as git lists
them) committed into a temporary git repo, so the hook under test is the working tree's, and
pre-commit installs it from that local path: no GitHub, only PyPI for the dependencies of the
environment pre-commit builds. `git commit` then runs the hook exactly as it runs for a user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import APP, CLEAN

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
GIT_TIMEOUT_S = 60
INSTALL_TIMEOUT_S = 600  # the first commit builds the hook's venv (pip install of the repo)
PROJECT_CONFIG = """\
[tool.redline]
extend-exclude = ["generated/**"]
"""


def _git(*args: str, cwd: Path, env: dict[str, str], timeout: float = GIT_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _snapshot_of_checkout(target: Path, env: dict[str, str]) -> str:
    """Commit the checkout's files (what `git ls-files` shows) into a new repo; return the sha."""
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO, env=env)
    if listed.returncode != 0:
        pytest.fail(f"the checkout must be a git work tree to test the pre-commit hook: {listed.stderr}")
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():  # deleted-but-tracked files are listed too
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git("init", "-q", cwd=target, env=env).check_returncode()
    _git("add", "-A", cwd=target, env=env).check_returncode()
    _git("commit", "-q", "-m", "snapshot", cwd=target, env=env).check_returncode()
    return _git("rev-parse", "HEAD", cwd=target, env=env).stdout.strip()


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A user's git repo with the Redline hook installed from a local clone of this checkout."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))},
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    hook_repo = tmp_path / "redline-clone"
    hook_repo.mkdir()
    sha = _snapshot_of_checkout(hook_repo, env)

    user = tmp_path / "project"
    user.mkdir()
    _git("init", "-q", cwd=user, env=env).check_returncode()
    (user / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: redline\n", encoding="utf-8"
    )
    (user / "pyproject.toml").write_text(PROJECT_CONFIG, encoding="utf-8")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=user, env=env, capture_output=True, text=True, timeout=GIT_TIMEOUT_S,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _git("add", ".pre-commit-config.yaml", "pyproject.toml", cwd=user, env=env).check_returncode()
    setup = _git("commit", "-q", "-m", "configure pre-commit", cwd=user, env=env, timeout=INSTALL_TIMEOUT_S)
    assert setup.returncode == 0, setup.stdout + setup.stderr  # no Python staged: the hook is skipped
    return user, env


def _commit(project: Path, env: dict[str, str], name: str, text: str) -> subprocess.CompletedProcess[str]:
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_text(text, encoding="utf-8")
    _git("add", name, cwd=project, env=env).check_returncode()
    return _git("commit", "-m", f"add {name}", cwd=project, env=env, timeout=INSTALL_TIMEOUT_S)


def _committed_files(project: Path, env: dict[str, str]) -> set[str]:
    return set(_git("ls-tree", "-r", "--name-only", "HEAD", cwd=project, env=env).stdout.split())


def test_pre_commit_hook_refuses_findings_passes_clean_and_excluded_files(project: tuple[Path, dict[str, str]]) -> None:
    user, env = project

    refused = _commit(user, env, "app.py", APP)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "redline" in output and "Failed" in output
    assert "app.py:6:12: yaml-unsafe-load [high]" in output
    assert "app.py" not in _committed_files(user, env)

    _git("rm", "-q", "--cached", "app.py", cwd=user, env=env).check_returncode()
    clean = _commit(user, env, "clean.py", CLEAN)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout + clean.stderr  # the hook ran on clean.py
    assert "clean.py" in _committed_files(user, env)

    excluded = _commit(user, env, "generated/app.py", APP)
    assert excluded.returncode == 0, excluded.stdout + excluded.stderr
    assert "generated/app.py" in _committed_files(user, env)
