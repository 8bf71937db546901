"""Python's cycle collector paused while a large, short-lived structure is built and used.

A structure of hundreds of thousands of objects that is dropped as soon as it has been read
(CPython's syntax tree of a whole file, unit_lines.py) holds no garbage to find, yet while it
is built the collector walks the young objects every few hundred allocations and, as they
pile up, the whole heap: the LibCST trees of every open document included. On a
10,000-line file that doubles the cost of the parse. Paused, the collector finds the count
of young objects back where it was once the structure is freed (reference counting frees
it), so nothing is left to walk afterwards.

The language server checks documents on several threads: pauses are counted, and the
collector resumes when the last one ends, and only if it ran when the first began.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Callable, Iterator


class CountedPause:
    """Nested and concurrent pauses of something process-wide, counted: `begin` pauses it
    when the first pause starts and returns what resumes it when the last one ends."""

    def __init__(self, begin: Callable[[], Callable[[], None]]) -> None:
        self._begin = begin
        self._lock = threading.Lock()
        self._depth = 0
        self._end: Callable[[], None] = lambda: None

    def hold(self) -> None:
        """Begin a pause that `release` ends, later or on another thread."""
        with self._lock:
            if self._depth == 0:
                self._end = self._begin()
            self._depth += 1

    def release(self) -> None:
        """End a pause begun by `hold`."""
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                self._end()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self.hold()
        try:
            yield
        finally:
            self.release()


def _disable_collector() -> Callable[[], None]:
    """Disable the collector; resume it only if it ran before."""
    running = gc.isenabled()
    gc.disable()
    return gc.enable if running else lambda: None


collector_paused = CountedPause(_disable_collector)
