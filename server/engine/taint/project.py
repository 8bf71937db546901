"""Functions of the project's other modules, for summaries across files: found through the
importing file's imports, parsed from source (never imported or run), re-read when the file
changes on disk or, for a module open in the editor, when its unsaved text changes."""

from __future__ import annotations

import ast
import hashlib
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Collection, Hashable

import libcst as cst

from ..resolver import Resolver, module_scope
from ..sparse import cpython_tree, reaching
from ..vouched_parse import parse_vouched
from .summaries import Definition, digest, same_file_lookup
from .top_names import TopNames

# What an open editor buffer answers: a token that changes with its text, and the text.
BufferText = Callable[[], tuple[Hashable, str]]


class OpenBuffers:
    """Modules open in the language server: their summaries come from the editor's text, not
    the disk (the server registers a document on open and forgets it on close)."""

    def __init__(self) -> None:
        self._texts: dict[Path, BufferText] = {}
        self._lock = threading.Lock()

    def track(self, path: Path, current: BufferText) -> None:
        with self._lock:
            self._texts[path.resolve()] = current

    def forget(self, path: Path) -> None:
        """The buffer was closed: what the projects parsed of its text goes too (read from
        the disk when next asked), so a closed document's text and trees are not kept."""
        with self._lock:
            self._texts.pop(path.resolve(), None)
        for project in list(_PROJECTS.values()):
            project.forget(path.resolve())

    def current(self, path: Path) -> tuple[Hashable, str] | None:
        with self._lock:
            found = self._texts.get(path)
        return found() if found is not None else None


OPEN_BUFFERS = OpenBuffers()

MAX_FILE_BYTES = 2_000_000


@dataclass
class _Parsed:
    stamp: Hashable  # (mtime_ns, size) when read from disk; the buffer's token when open
    source: bytes | str | None  # None: unreadable or too large (no functions)
    # The functions asked for (None: not defined), each parsed with what it reaches when first
    # asked for and the text may define it; `whole`: parsed whole, every function is here.
    functions: dict[str, Definition | None] = field(default_factory=dict)
    whole: bool = False
    planned: tuple[str, ast.Module] | None | bool = False  # the decoded text and CPython's tree (False: not yet read)


class ProjectModules:
    """The project below `root`: module names map to files as Python's import system would
    (`a.b` is `a/b.py` or `a/b/__init__.py`, also under `src/`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._tops = (TopNames(root), TopNames(root / "src"))
        self._parsed: dict[Path, _Parsed] = {}
        self._lock = threading.Lock()
        # Bumped whenever a module's text changed since it was read: summaries of other modules'
        # functions follow calls into further modules, so any change may change them (their
        # keys include it). A first read changes nothing known: a run over unchanged files
        # keeps one generation, so each summary is computed once, whatever the order of files.
        self.generation = 0

    def definition(self, qualified: str) -> Definition | None:
        """A module-level function named by its qualified name (`app.utils.run_report`)."""
        module, _, name = qualified.rpartition(".")
        if not module or "(" in qualified:
            return None
        path = self._module_file(module.split("."))
        return self._function(path, name) if path is not None else None

    def holds(self, name: str) -> bool:
        """Whether the top-level module `name` is one of the project's (a package or file
        under the root or `src/`)."""
        return self.holds_any((name,))

    def holds_any(self, names: Collection[str]) -> bool:
        """Whether one of the top-level modules `names` is the project's (each folder's
        listing is looked up once for all of them: a document's imports on every keystroke)."""
        identifiers = [name for name in names if name.isidentifier()]
        return bool(identifiers) and any(top.holds_any(identifiers) for top in self._tops)

    def relative(self, importer: Path, level: int, module: str | None, name: str) -> Definition | None:
        """`from ..pkg.mod import name` written in `importer`."""
        base = importer.parent
        for _ in range(level - 1):
            base = base.parent
        parts = module.split(".") if module else []
        path = _file_for(base, parts) if parts else None
        if path is not None:
            return self._function(path, name)
        package = _file_for(base, [name])  # `from . import helpers` names a module, not a function
        return None if package is not None else self._function(base / "__init__.py", name)

    def _module_file(self, parts: list[str]) -> Path | None:
        """The file of module `parts` under the root or `src/`; a folder whose listing does not
        hold its first part is not looked in (most qualified names asked for are libraries')."""
        for top in self._tops:
            if not top.holds(parts[0]):
                continue
            found = _file_for(top.folder, parts)
            if found is not None:
                return found
        return None

    def _function(self, path: Path, name: str) -> Definition | None:
        """The module-level function `name` of the module at `path`. A module is parsed when
        first asked for a function its text may define (most names asked for are classes and
        constants imported from it)."""
        found = _stamp(path)
        if found is None:
            return None
        stamp, read = found
        with self._lock:
            parsed = self._parsed.get(path)
            if parsed is None or parsed.stamp != stamp:
                if parsed is not None:
                    self.generation += 1  # summaries through its old text are stale
                parsed = self._parsed[path] = _Parsed(stamp, _source(read))
            if name not in parsed.functions:
                if parsed.whole or not may_define(parsed.source, name):
                    return None
                # No bump: nothing computed before depends on this text (every name asked of it
                # so far may_define() refused, and parsing it does not change those answers).
                parsed.functions.update(self._read(path, parsed, name))
                parsed.functions.setdefault(name, None)
            generation = self.generation
            found = parsed.functions[name]
        return replace(found, key=f"{found.key}@{generation}") if found is not None else None

    def refresh(self) -> None:
        """Forget the modules whose text changed since read, and bump the generation if any
        did: a caller's summary keys change now, not only when a call asks into that module
        again (a summary found by its key in the cache asks nothing)."""
        with self._lock:
            parsed = list(self._parsed.items())
        changed = [path for path, entry in parsed if (_stamp(path) or (None,))[0] != entry.stamp]
        if changed:
            with self._lock:
                for path in changed:
                    self._parsed.pop(path, None)
                self.generation += 1

    def forget(self, path: Path) -> None:
        """Drop what was parsed of the module at `path` (its text changed, as in `refresh`)."""
        with self._lock:
            if self._parsed.pop(path, None) is not None:
                self.generation += 1

    def _read(self, path: Path, parsed: _Parsed, name: str) -> dict[str, Definition]:
        """The functions of the module at `path` parsed for `name`: when CPython parses its text,
        only `name` and what it reaches (sparse.reaching; the rest are stubs, not returned),
        else all of it (`parsed.whole`). Most of a module is not what a call into it reaches."""
        planned = _planned(parsed, path)
        if planned is not None and name.isascii():
            text, tree = planned
            if not any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name for s in tree.body):
                return {}
            sparse = reaching(text, tree, name)
            module = parse_vouched(sparse[0]) if sparse is not None else None
            if sparse is not None and module is not None:
                return {n: found for n, found in self._definitions(path, module).items() if n in sparse[1]}
        parsed.whole = True
        try:
            if parsed.source is None:
                return {}
            module = cst.parse_module(parsed.source)
        except Exception:  # not Python: no summaries from it
            return {}
        return self._definitions(path, module)

    def _definitions(self, path: Path, module: cst.Module) -> dict[str, Definition]:
        resolver = Resolver(module_scope(module.body))
        lookup = same_file_lookup(module, self, path, foreign=True)  # its own calls, into this or further modules
        where = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return {
            statement.name.value: Definition(statement, [module], resolver, False, f"{where}:{digest(statement)}", foreign=True, lookup=lookup)
            for statement in module.body
            if isinstance(statement, cst.FunctionDef)
        }


def _stamp(path: Path) -> tuple[Hashable, Callable[[], bytes | str | None]] | None:
    """What tells the module's text apart from an earlier one (the open buffer's token, or the
    file's mtime and size) and how to read that text; None when the file cannot be read."""
    opened = OPEN_BUFFERS.current(path)
    if opened is not None:
        stamp, text = opened
        return stamp, lambda: text
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size), lambda: path.read_bytes() if info.st_size <= MAX_FILE_BYTES else None


def _planned(parsed: _Parsed, path: Path) -> tuple[str, ast.Module] | None:
    """The module's text and CPython's tree of it, read once (None: it does not parse)."""
    if parsed.planned is False:
        from ..analysis import decode_source  # the analysis imports the taint engine

        source = parsed.source
        text = decode_source(source, str(path))[0] if isinstance(source, bytes) else source
        tree = cpython_tree(text, str(path)) if text is not None else None
        parsed.planned = (text, tree) if text is not None and tree is not None else None
    return parsed.planned  # type: ignore[return-value]


def _source(read: Callable[[], bytes | str | None]) -> bytes | str | None:
    try:
        return read()
    except Exception:  # unreadable: no summaries from it
        return None


def may_define(source: bytes | str | None, name: str) -> bool:
    """Whether `source` may hold `def name(` (spaces and line continuations allowed): without
    it, no module-level function of that name. Non-ASCII names are not looked for (the
    file's encoding may spell them otherwise): they may always be defined."""
    if source is None:
        return False
    if not name.isascii():
        return True
    pattern = rf"def[\s\\]+{re.escape(name)}[\s\\]*\("
    if isinstance(source, bytes):
        return re.search(pattern.encode(), source) is not None
    return re.search(pattern, source) is not None


def _file_for(base: Path, parts: list[str]) -> Path | None:
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    candidate = base.joinpath(*parts)
    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
        if path.is_file():
            return path
    return None


_PROJECTS: dict[Path, ProjectModules] = {}


def project_for(root: Path) -> ProjectModules:
    """One ProjectModules per root and process, so parsed modules are shared between files."""
    found = _PROJECTS.get(root)
    if found is None:
        found = _PROJECTS[root] = ProjectModules(root)
    return found
