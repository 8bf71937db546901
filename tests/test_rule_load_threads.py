"""The language server loads its built-in rules on a thread of its own as it starts
(lsp/startup.py) while its analysis thread may already ask for them: both get the one set of
rules loaded once, whoever asks first, with every rule of it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from redline import runner
from redline.config import Config
from redline.engine.analysis import Engine


@pytest.fixture
def fresh_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runner.forget_rules()
    yield runner.rule_folders(Config())
    runner.forget_rules()


def test_two_threads_asking_for_the_rules_at_once_get_the_same_rules_loaded_once(fresh_rules: tuple[str, ...]) -> None:
    start = threading.Barrier(2)
    got: list[Engine] = []

    def ask() -> None:
        start.wait()
        got.append(runner.engine_for(fresh_rules, deferred=True))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert got[0] is got[1]  # one load: the second asker waited for the first one's rules
    assert got[0] is runner.engine_for(fresh_rules, deferred=True)
    assert len(got[0].rules) == len(runner.engine_for(fresh_rules).rules) > 100
