"""Python's cycle collector paused while a document is first parsed and checked.

Opening a file builds a LibCST tree of hundreds of thousands of objects, and checking it
makes as many again. With the collector on, every few hundred allocations it walks the young
objects, and ever more often the whole heap, the new tree and every other open document
included: on a 10,000-line file that is about a third of the first open. Nothing made then
needs collecting before the open ends (the tree lives on; what is dropped is freed by
reference counting), so the collector waits and then resumes as it was. The language server
opens documents on several threads: the collector resumes when the last open ends, and only
if it was running before the first began.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator


class _Pause:
    """Nested and concurrent pauses of the collector, counted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._resume = False  # whether the collector ran when the first pause began

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self._resume:
                    gc.enable()


collector_paused = _Pause()
