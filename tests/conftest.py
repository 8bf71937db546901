"""Shared fixtures: the built-in rules are loaded once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from redline.engine.analysis import Engine
from redline.engine.rule_loader import Rule, builtin_rules_dir, load_rules

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def builtin_rules() -> list[Rule]:
    rules, problems = load_rules([builtin_rules_dir()])
    assert not problems, "\n".join(map(str, problems))
    return rules


@pytest.fixture(scope="session")
def engine(builtin_rules: list[Rule]) -> Engine:
    return Engine(builtin_rules)


def run_redline(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI, as a subprocess of the interpreter running the tests."""
    return subprocess.run(
        [sys.executable, "-m", "redline", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300,
    )
