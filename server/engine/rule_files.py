"""Where rule files are and what loading them may report: the part of rule loading that a
run answered from the caches needs, without the pattern compiler (LibCST)."""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class LoadProblem:
    """A rule file that could not be loaded, or one of its rules."""

    path: str
    line: int
    rule_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        rule = f" rule '{self.rule_id}':" if self.rule_id else ""
        return f"{where}:{rule} {self.message}"


def builtin_rules_dir() -> Path:
    """The folder of built-in rules: inside the installed package (or the checkout's rules/)."""
    spec = importlib.util.find_spec("redline.builtin_rules")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the built-in rules (redline.builtin_rules) are not installed")
    return Path(list(spec.submodule_search_locations)[0])


def rule_files(folder: Path) -> list[Path]:
    """Rule files below a folder, in a stable order."""
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file()) + sorted(
        p for p in folder.rglob("*.yml") if p.is_file()
    )


def files_digest(files: Iterable[tuple[bytes, Iterable[str]]]) -> str:
    """rules_digest from each rule file's bytes and its rule ids, in load order."""
    digest = hashlib.sha256()
    for data, ids in files:
        for rule_id in ids:
            digest.update(rule_id.encode())
            digest.update(data)
    return digest.hexdigest()
