"""Shared fixtures: the built-in rules are loaded once per test session."""

from __future__ import annotations

import pytest

from redline.engine.analysis import Engine
from redline.engine.rule_loader import Rule, builtin_rules_dir, load_rules


@pytest.fixture(scope="session")
def builtin_rules() -> list[Rule]:
    rules, problems = load_rules([builtin_rules_dir()])
    assert not problems, "\n".join(map(str, problems))
    return rules


@pytest.fixture(scope="session")
def engine(builtin_rules: list[Rule]) -> Engine:
    return Engine(builtin_rules)
