"""Which open documents import a module, so that a change to the module re-checks them: their
data-flow findings may rest on summaries of its functions (taint/project.py).

A document counts as importing `pkg/helpers.py` when one of its import statements names
`helpers` (`import pkg.helpers`, `from pkg.helpers import f`, `from . import helpers`): a
word match, which may re-check a document too many, never one too few for the imports the
summaries follow. The words are read once per document version.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Sequence

from .documents import OpenDocument

_WORD = re.compile(r"[A-Za-z_]\w*")


def module_word(path: Path) -> str:
    """The name an import uses for the module in `path` (its package's for `__init__.py`)."""
    return path.parent.name if path.name == "__init__.py" else path.stem


def import_words(lines: Sequence[str]) -> frozenset[str]:
    """The identifiers of the import statements in `lines` (parenthesised ones included)."""
    words: set[str] = set()
    open_parens = False
    for line in lines:
        stripped = line.lstrip()
        if open_parens or stripped.startswith(("import ", "from ")):
            words.update(_WORD.findall(line.split("#", 1)[0]))
            open_parens = (open_parens or "(" in line) and ")" not in line
    return frozenset(words)


class Importers:
    """The import words of each open document, by uri, for the version they were read at."""

    def __init__(self) -> None:
        self._words: dict[str, tuple[int, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def imports(self, doc: OpenDocument, module: Path) -> bool:
        """Whether `doc` has an import statement naming the module in `module`."""
        with self._lock:
            found = self._words.get(doc.uri)
            if found is None or found[0] != doc.version:
                found = self._words[doc.uri] = (doc.version, import_words(doc.live.lines))
        return module_word(module) in found[1]

    def forget(self, uri: str) -> None:
        with self._lock:
            self._words.pop(uri, None)
