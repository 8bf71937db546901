"""The result cache: hits, misses, damage tolerance, salt changes and safe concurrent writes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from redline.cache import ResultCache, hash_content
from redline.engine.model import Confidence, Finding, Position, Severity, Span

SALT = "0.1.0|rules:abc|config:def"


def findings(path: str = "src/app.py") -> list[dict[str, Any]]:
    span = Span(Position(3, 4), Position(3, 20))
    finding = Finding(
        "yaml-unsafe-load", "msg", Severity.HIGH, Confidence.HIGH, 502, path, span, "fp", None
    )
    return [finding.to_dict()]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def test_a_put_is_a_hit_for_a_new_cache_object(tmp_path: Path) -> None:
    folder = tmp_path / ".redline_cache"
    path, digest = Path("src/app.py"), hash_content(b"import yaml\n")
    ResultCache(folder, SALT).put(path, digest, findings())
    assert ResultCache(folder, SALT).get(path, digest) == findings()


def test_no_findings_is_a_hit_too(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", SALT)
    cache.put(Path("a.py"), hash_content(b""), [])
    assert cache.get(Path("a.py"), hash_content(b"")) == []


def test_misses(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", SALT)
    path, digest = Path("src/app.py"), hash_content(b"v1")
    assert cache.get(path, digest) is None
    cache.put(path, digest, findings())
    assert cache.get(path, hash_content(b"v2")) is None  # the content changed
    assert cache.get(Path("src/other.py"), digest) is None  # same content, other path
    assert ResultCache(tmp_path / "c", SALT + "x").get(path, digest) is None  # new rules/config


def test_entries_are_sharded_json_files(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cache = ResultCache(folder, SALT)
    for name in ("a.py", "b.py", "c.py"):
        cache.put(Path(name), hash_content(name.encode()), findings(name))
    written = entries(folder)
    assert len(written) == 3
    assert all(entry.parent.name == entry.name[:2] for entry in written)
    assert not list(folder.rglob("*.tmp"))


def test_the_folder_is_created_on_first_write_with_a_gitignore(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / ".redline_cache"
    cache = ResultCache(folder, SALT)
    assert cache.get(Path("a.py"), hash_content(b"")) is None
    assert not folder.exists()
    cache.put(Path("a.py"), hash_content(b""), [])
    assert (folder / ".gitignore").read_text() == "*\n"


def test_an_existing_folder_is_left_as_it_is(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, SALT)
    cache.put(Path("a.py"), hash_content(b""), [])
    assert not (tmp_path / ".gitignore").exists()


def test_damaged_entries_are_misses(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cache = ResultCache(folder, SALT)
    path, digest = Path("a.py"), hash_content(b"x")
    cache.put(path, digest, findings())
    (entry,) = entries(folder)
    damage = [
        b"",
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"path": "a.py"}',
        b'{"path": "b.py", "findings": []}',
        b'{"path": "a.py", "findings": {}}',
        b'{"path": "a.py", "findings": [{"rule_id": "x"}]}',
        b'{"path": "a.py", "findings": [42]}',
    ]
    for data in damage:
        entry.write_bytes(data)
        assert cache.get(path, digest) is None, data
    cache.put(path, digest, findings())  # a damaged entry is simply replaced
    assert cache.get(path, digest) == findings()


def test_an_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cache = ResultCache(folder, SALT)
    path, digest = Path("a.py"), hash_content(b"x")
    cache.put(path, digest, findings())
    (entry,) = entries(folder)
    entry.unlink()
    entry.mkdir()  # reading a folder fails with an OSError
    assert cache.get(path, digest) is None


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ResultCache(blocker / "cache", SALT)
    cache.put(Path("a.py"), hash_content(b""), findings())
    assert cache.get(Path("a.py"), hash_content(b"")) is None


def test_parallel_writers_never_expose_a_partial_entry(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    path, digest = Path("a.py"), hash_content(b"x")
    big = findings() * 200
    seen: list[object] = []

    def work() -> None:
        cache = ResultCache(folder, SALT)
        for _ in range(30):
            cache.put(path, digest, big)
            seen.append(cache.get(path, digest))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen and all(result == big for result in seen)
    assert len(entries(folder)) == 1
    assert not list(folder.rglob("*.tmp"))
