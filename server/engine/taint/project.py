"""Functions of the project's other modules, for summaries across files: found through the
importing file's imports, parsed from source (never imported or run), re-read when the file
changes on disk."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

from ..resolver import Resolver, module_scope
from .summaries import Definition, digest

MAX_FILE_BYTES = 2_000_000


@dataclass
class _Parsed:
    stamp: tuple[int, int]  # (mtime_ns, size) when read
    functions: dict[str, Definition]


class ProjectModules:
    """The project below `root`: module names map to files as Python's import system would
    (`a.b` is `a/b.py` or `a/b/__init__.py`, also under `src/`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._parsed: dict[Path, _Parsed] = {}
        self._lock = threading.Lock()

    def definition(self, qualified: str) -> Definition | None:
        """A module-level function named by its qualified name (`app.utils.run_report`)."""
        module, _, name = qualified.rpartition(".")
        if not module or "(" in qualified:
            return None
        path = self._module_file(module.split("."))
        return self._functions(path).get(name) if path is not None else None

    def relative(self, importer: Path, level: int, module: str | None, name: str) -> Definition | None:
        """`from ..pkg.mod import name` written in `importer`."""
        base = importer.parent
        for _ in range(level - 1):
            base = base.parent
        parts = module.split(".") if module else []
        path = _file_for(base, parts) if parts else None
        if path is not None:
            return self._functions(path).get(name)
        package = _file_for(base, [name])  # `from . import helpers` names a module, not a function
        return None if package is not None else self._functions(base / "__init__.py").get(name)

    def _module_file(self, parts: list[str]) -> Path | None:
        for base in (self.root, self.root / "src"):
            found = _file_for(base, parts)
            if found is not None:
                return found
        return None

    def _functions(self, path: Path) -> dict[str, Definition]:
        try:
            info = path.stat()
        except OSError:
            return {}
        stamp = (info.st_mtime_ns, info.st_size)
        with self._lock:
            parsed = self._parsed.get(path)
            if parsed is None or parsed.stamp != stamp:
                parsed = self._parsed[path] = _Parsed(stamp, _read(path, info.st_size))
            return parsed.functions


def _file_for(base: Path, parts: list[str]) -> Path | None:
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    candidate = base.joinpath(*parts)
    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
        if path.is_file():
            return path
    return None


def _read(path: Path, size: int) -> dict[str, Definition]:
    if size > MAX_FILE_BYTES:
        return {}
    try:
        module = cst.parse_module(path.read_bytes())
    except Exception:  # unreadable or not Python: no summaries from it
        return {}
    resolver = Resolver(module_scope(module.body))
    where = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return {
        statement.name.value: Definition(statement, [module], resolver, False, f"{where}:{digest(statement)}", foreign=True)
        for statement in module.body
        if isinstance(statement, cst.FunctionDef)
    }


_PROJECTS: dict[Path, ProjectModules] = {}


def project_for(root: Path) -> ProjectModules:
    """One ProjectModules per root and process, so parsed modules are shared between files."""
    found = _PROJECTS.get(root)
    if found is None:
        found = _PROJECTS[root] = ProjectModules(root)
    return found
