"""The rule cache (server/rule_cache.py) through the real CLI: a warm run reports what a cold
one does, a broken or edited rule file is seen whatever the cache holds, and damaged or forged
entries (including a pickle) are ignored, never executed, and written again."""

from __future__ import annotations

import json
import pickle
import subprocess
from pathlib import Path

import pytest

from cli_helpers import USER_RULE, explain, run_redline, write

APP = "import legacy_db\n\n\ndef run(q):\n    legacy_db.raw_query(q)\n    legacy_db.raw_exec(q)\n"
RULE_FILE = "my_rules/raw_query.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one user rule, and its own user cache folder (XDG_CACHE_HOME)."""
    return write(tmp_path / "project", {"redline.toml": 'extra-rules = ["my_rules"]\n', RULE_FILE: USER_RULE, "app.py": APP})


def cache_env(project: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(project.parent / "user-cache")}


def entries(project: Path) -> list[Path]:
    return sorted((project.parent / "user-cache" / "redline" / "rules").glob("*.json"))


def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_redline("check", "--format", "json", *args, cwd=project, env=cache_env(project))


def lines_of(result: subprocess.CompletedProcess[str], rule_id: str) -> list[int]:
    assert result.returncode in (0, 1), explain(result)
    return [f["start_line"] for f in json.loads(result.stdout)["findings"] if f["rule_id"] == rule_id]


def test_a_warm_run_reports_exactly_what_a_cold_run_does(project: Path) -> None:
    cold = check(project, "--no-cache")
    assert entries(project) == []  # --no-cache reads and writes no rule cache either
    filling = check(project)
    assert len(entries(project)) > 100  # one per rule file: the built-in ones and the user's
    warm = check(project)

    assert lines_of(cold, "legacy-raw-query") == [5]
    assert cold.stdout == filling.stdout == warm.stdout
    assert cold.returncode == filling.returncode == warm.returncode


def test_rules_lists_the_same_with_an_empty_and_a_filled_cache(project: Path) -> None:
    first = run_redline("rules", "--format", "json", cwd=project, env=cache_env(project))
    assert entries(project)
    second = run_redline("rules", "--format", "json", cwd=project, env=cache_env(project))
    assert first.returncode == second.returncode == 0, explain(second)
    assert first.stdout == second.stdout
    assert "legacy-raw-query" in {rule["id"] for rule in json.loads(second.stdout)}


@pytest.mark.parametrize("flags", [(), ("--no-cache",)], ids=["cache", "no-cache"])
def test_a_broken_pattern_is_an_error_naming_file_rule_and_key_after_a_warm_cache(project: Path, flags: tuple[str, ...]) -> None:
    assert lines_of(check(project), "legacy-raw-query") == [5]  # both caches are warm now
    before = entries(project)
    broken = USER_RULE.replace("pattern: legacy_db.raw_query($SQL)", "pattern: legacy_db.raw_query($SQL")
    write(project, {RULE_FILE: broken})
    line = broken.splitlines().index("    pattern: legacy_db.raw_query($SQL") + 1

    for _ in range(2):  # the second run too: a broken file is never remembered as validated
        result = check(project, *flags)
        assert result.returncode == 2, explain(result)
        assert f"raw_query.yaml:{line}: rule 'legacy-raw-query': pattern:" in result.stderr
        assert result.stdout == ""
    assert entries(project) == before


def test_an_edited_rule_file_is_used_by_the_next_run(project: Path) -> None:
    assert lines_of(check(project), "legacy-raw-query") == [5]
    write(project, {RULE_FILE: USER_RULE.replace("legacy_db.raw_query($SQL)", "legacy_db.raw_exec($SQL)")})

    assert lines_of(check(project), "legacy-raw-query") == [6]


def test_damaged_or_forged_entries_are_ignored_never_executed_and_written_again(project: Path) -> None:
    expected = check(project)
    found = entries(project)
    marker = project.parent / "unpickled"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (open, (str(marker), "w"))  # unpickling this creates `marker`

    damage = [b"not json {", pickle.dumps(Payload()), json.dumps({"rules": [{"id": 5}]}).encode(), b'{"rules": 1}']
    for index, entry in enumerate(found):
        entry.write_bytes(damage[index % len(damage)])

    again = check(project)

    assert again.stdout == expected.stdout and again.returncode == expected.returncode, explain(again)
    assert not marker.exists()
    assert entries(project) == found
    assert all(isinstance(json.loads(entry.read_bytes())["rules"], list) for entry in found)


def test_a_rule_from_a_warm_cache_keeps_the_words_its_assignments_are_indexed_by(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The language server indexes a cached rule by the keys the cache read back: those of
    `hardcoded-password`'s `$NAME = $VALUE` (the words a target must hold) survive, so a
    warm start tries it at no more assignments than a cold one."""
    from redline.engine.rule_loader import _cached_rules, builtin_rules_dir
    from redline.rule_cache import RuleCache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = next(builtin_rules_dir().rglob("hardcoded-password.yaml"))
    cold = _cached_rules(path, "secrets", RuleCache())[0]
    warm = _cached_rules(path, "secrets", RuleCache())[0]
    assert type(warm[0]).__name__ == "DeferredRule", "read back from the cache, not compiled"
    assert warm[0].keys == cold[0].keys
    assert any(key is not None and key.words and "password" in key.words for key in warm[0].keys)
