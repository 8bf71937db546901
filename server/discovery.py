"""Which files a check reads: Python files and Jupyter notebooks under the named paths, minus
the excluded ones.

Folders are walked without running git: `.gitignore` files (nested ones too) and
`.git/info/exclude` are read with `pathspec`, the config's excludes are applied per folder,
and symlinked folders are followed at most once so a loop cannot hang the walk.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from redline.config import Config

PYTHON_SUFFIXES = (".py", ".pyi", ".ipynb")  # notebooks: their code cells (notebook_files.py)


@dataclass(frozen=True)
class DiscoveryError:
    """A named path that does not exist or a folder that could not be read: the CLI reports it."""

    path: Path
    message: str


class FoundFiles(list[Path]):
    """The files to check, sorted; `errors` lists what was skipped because it was unreadable."""

    def __init__(self, files: Iterable[Path], errors: list[DiscoveryError]) -> None:
        super().__init__(files)
        self.errors = errors


@dataclass(frozen=True)
class _IgnoreFile:
    """The patterns of one ignore file; they are relative to `folder` (absolute)."""

    folder: str
    spec: pathspec.PathSpec


def find_python_files(paths: Sequence[Path], config_for: Callable[[Path], Config]) -> FoundFiles:
    """The files to check for `paths`, each once, in a deterministic order.

    A file named explicitly is kept whatever its suffix and despite default excludes and
    ignore files, but not when the config's own exclude patterns match it (pre-commit
    passes files one by one). `config_for` gives the settings that govern a path.
    """
    found: dict[str, Path] = {}  # absolute path -> the path as the user spelt it
    errors: list[DiscoveryError] = []
    visited: set[tuple[int, int]] = set()
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            errors.append(DiscoveryError(path, error.strerror or str(error)))
            continue
        if stat.S_ISDIR(mode):
            _walk(path, config_for, found, errors, visited)
        elif not config_for(path).is_excluded(path, named=path):
            found.setdefault(os.path.abspath(path), path)
    return FoundFiles(sorted(found.values(), key=lambda path: path.parts), errors)


def _walk(
    top: Path,
    config_for: Callable[[Path], Config],
    found: dict[str, Path],
    errors: list[DiscoveryError],
    visited: set[tuple[int, int]],
) -> None:
    config = config_for(top)
    if config.is_excluded(top, named=top):
        return
    top_absolute = os.path.abspath(top)
    ignores = _inherited_ignores(top_absolute, config.root)
    if _ignored(ignores, top_absolute, is_dir=True):
        ignores = ()  # naming an ignored folder is a choice: the ignore files above it yield
    # Folders reached through a symlink wait until every real folder is walked, so a file
    # keeps its real path when a link also leads to it.
    pending = [(top, top_absolute, ignores)]
    linked: list[tuple[Path, str, tuple[_IgnoreFile, ...]]] = []
    while pending or linked:
        folder, absolute, ignores = pending.pop() if pending else linked.pop()
        try:
            info = os.stat(absolute)
            if (info.st_dev, info.st_ino) in visited:
                continue  # a symlink loop, or a folder already walked by another name
            visited.add((info.st_dev, info.st_ino))
            with os.scandir(absolute) as scan:
                entries = sorted(scan, key=lambda entry: entry.name, reverse=True)
        except OSError as error:
            errors.append(DiscoveryError(folder, error.strerror or str(error)))
            continue
        config = config_for(folder)
        if config.respect_gitignore:
            ignores = _enter(absolute, ignores)
        for entry in entries:
            path = folder / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError as error:
                errors.append(DiscoveryError(path, error.strerror or str(error)))
                continue
            if config.is_excluded(path, named=top):
                continue
            if config.respect_gitignore and _ignored(ignores, entry.path, is_dir):
                continue
            if is_dir:
                (linked if entry.is_symlink() else pending).append((path, entry.path, ignores))
            elif entry.name.endswith(PYTHON_SUFFIXES) and entry.is_file():
                found.setdefault(entry.path, path)


def _inherited_ignores(top: str, root: Path | None) -> tuple[_IgnoreFile, ...]:
    """The ignore files of the folders above `top` that govern it.

    Those up to the git work tree root; outside a work tree, those up to the config root.
    """
    above: list[Path] = []
    for folder in Path(top).parents:
        above.append(folder)
        if (folder / ".git").exists():
            break
    else:
        above = [folder for folder in above if root is not None and folder.is_relative_to(root)]
    ignores: tuple[_IgnoreFile, ...] = ()
    for folder in reversed(above):
        ignores = _enter(str(folder), ignores)
    return ignores


def _enter(folder: str, inherited: tuple[_IgnoreFile, ...]) -> tuple[_IgnoreFile, ...]:
    """The ignore files in force inside `folder`: a work tree root starts afresh, as in git."""
    git = os.path.join(folder, ".git")
    if os.path.exists(git):
        inherited = _read_ignore_file(os.path.join(git, "info", "exclude"), folder)
    return inherited + _read_ignore_file(os.path.join(folder, ".gitignore"), folder)


def _read_ignore_file(file: str, folder: str) -> tuple[_IgnoreFile, ...]:
    """An ignore file, or nothing when it is missing, unreadable or not valid for pathspec."""
    try:
        with open(file, encoding="utf-8", errors="replace") as lines:
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except (OSError, ValueError):
        return ()
    return (_IgnoreFile(folder, spec),)


def _ignored(ignores: tuple[_IgnoreFile, ...], path: str, is_dir: bool) -> bool:
    """Git's rule: the deepest ignore file with a matching pattern decides."""
    for ignore in reversed(ignores):
        relative = path[len(ignore.folder) :].lstrip(os.sep).replace(os.sep, "/")
        result = ignore.spec.check_file(relative + "/" if is_dir else relative)
        if result.include is not None:
            return result.include
    return False
