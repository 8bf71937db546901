"""The names a project folder holds at its top (packages and `.py` files), read once per
change of the folder: the editor asks whether a document's imports are the project's on every
keystroke (analyzer.module_input, the source gate), and a summary whether the module of each
call it meets is (`subprocess.run`); that took four `stat` calls per name (80 to 140 per
keystroke in the latency benchmark's files) where one per folder now does.

A folder's modification time changes whenever an entry is created, removed or renamed in
it, so a listing read at one modification time holds until the next. A listing read within
`SETTLED_NS` of its folder's last change is not kept (the clock may not have moved between
that change and one made right after it); a symlink whose target changes kind without its
folder changing is the one case it does not see.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Iterable

SETTLED_NS = 2_000_000_000


class TopNames:
    """Packages (directories) and modules (`name.py` files) directly in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._kept: tuple[int, frozenset[str], frozenset[str]] | None = None

    def holds(self, name: str) -> bool:
        """Whether `name` is a directory or `name.py` a file there (symlinks followed)."""
        return self.holds_any((name,))

    def holds_any(self, names: Iterable[str]) -> bool:
        """Whether one of `names` is held there: the folder's time is read once for all."""
        listing = self._listing()
        return listing is not None and any(name in listing[0] or f"{name}.py" in listing[1] for name in names)

    def _listing(self) -> tuple[frozenset[str], frozenset[str]] | None:
        try:
            changed = os.stat(self.folder).st_mtime_ns
        except OSError:
            return None
        kept = self._kept
        if kept is not None and kept[0] == changed:
            return kept[1], kept[2]
        listing = self._scan()
        if listing is not None and time.time_ns() - changed > SETTLED_NS:
            self._kept = (changed, *listing)  # one assignment: threads see the old or the new
        return listing

    def _scan(self) -> tuple[frozenset[str], frozenset[str]] | None:
        directories: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir():
                            directories.append(entry.name)
                        elif entry.name.endswith(".py") and entry.is_file():
                            files.append(entry.name)
                    except OSError:  # as Path.is_dir / is_file: an entry that cannot be read is neither
                        continue
        except OSError:
            return None
        return frozenset(directories), frozenset(files)
