"""Per-file results saved between runs, so an unchanged file costs a hash and a small read.

An entry is keyed by the file's content hash, its path (findings carry it, and which rules
apply depends on it) and a salt naming everything else that shapes results: the Redline
version, the rule set and the settings. Nothing is held in memory, entries are written
atomically so parallel workers cannot corrupt each other, and a damaged entry is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from redline.engine.model import Finding


def hash_content(data: bytes) -> str:
    """The hash `ResultCache` expects for a file's bytes."""
    return hashlib.sha256(data).hexdigest()


class ResultCache:
    """JSON files under `folder`, created with its own `.gitignore` on the first write."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt

    def get(self, path: Path, content_hash: str) -> list[dict[str, Any]] | None:
        """The findings saved for this path and content, or None on any miss."""
        try:
            entry = json.loads(self._entry(path, content_hash).read_bytes())
            findings = entry["findings"]
            if entry["path"] != path.as_posix() or not isinstance(findings, list):
                return None
            for finding in findings:
                Finding.from_dict(finding)  # a damaged entry must fail here, not later
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None
        return findings

    def put(self, path: Path, content_hash: str, findings: list[dict[str, Any]]) -> None:
        """Save findings; a cache that cannot be written only costs time, so errors pass."""
        entry = {"path": path.as_posix(), "findings": findings}
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomically(self.folder / ".gitignore", b"*\n")
            target = self._entry(path, content_hash)
            target.parent.mkdir(exist_ok=True)
            write_atomically(target, json.dumps(entry, separators=(",", ":")).encode())
        except OSError:
            pass

    def _entry(self, path: Path, content_hash: str) -> Path:
        key = hashlib.sha256(f"{self.salt}\0{path.as_posix()}\0{content_hash}".encode())
        digest = key.hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"


def write_atomically(target: Path, data: bytes) -> None:
    """Write a sibling temporary file, then rename it over `target`: readers see all or nothing."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
