"""Open documents: the client's text (edited on the event loop) and the analysed model
(brought up to date in a worker thread), plus the diagnostics of the last analysis.

The live text is what the client has; pending changes queue up until the worker takes them,
so a burst of keystrokes is analysed once and a newer version cancels work for an older one.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Finding
from redline.engine.units import Change, IncrementalDocument, TextBuffer

from .diagnostics import Converted
from .positions import Codec


@dataclass
class Result:
    """One finished analysis: what the client is shown for `version`."""

    version: int
    findings: list[Finding]
    errors: list[Finding]
    diagnostics: list[types.Diagnostic]
    result_id: str
    exports: set[str] | None = field(default_factory=set)  # names whose code changed (None: any)
    payload: list[str] = field(default_factory=list)  # each diagnostic's JSON, for the push


@dataclass
class OpenDocument:
    uri: str
    path: Path
    version: int
    live: TextBuffer
    codec: Codec
    model: IncrementalDocument | None = None
    pending: list[Change] = field(default_factory=list)
    result: Result | None = None
    task: "asyncio.Task[None] | None" = None
    again: bool = False  # changes arrived while an analysis was running
    last_ms: float = 0.0  # duration of the last analysis, for the adaptive debounce
    edited_at: float = 0.0  # perf_counter of the last didChange
    typing_gap_ms: float = float("inf")  # time between the last two didChange
    closed: bool = False
    fresh: bool = False  # the next analysis starts from the live text, not the model
    imported: set[str] | None = field(default_factory=set)  # names changed in modules it imports (None: any)
    follow_up: "asyncio.TimerHandle | asyncio.Task[None] | None" = None  # the background check of deferred data flow: its timer, then its task
    converted: Converted = field(default_factory=Converted)  # diagnostics of the last result, by finding
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _done: "asyncio.Event" = field(default_factory=asyncio.Event)

    def edit(self, changes: list[types.TextDocumentContentChangeEvent], version: int) -> None:
        """Apply client changes to the live text (on the event loop) and queue them."""
        with self._lock:
            for change in changes:
                if isinstance(change, types.TextDocumentContentChangeWholeDocument):
                    last = len(self.live.lines) - 1
                    converted = Change((0, 0), (last, len(self.live.lines[last])), change.text)
                else:
                    converted = self.codec.change(self.live.lines, change)
                self._queue(converted)
            self.version = version
            self._done.clear()

    def replace(self, change: Change | None, version: int) -> None:
        """Apply one change already in code points (a notebook's cells edited)."""
        with self._lock:
            if change is not None:
                self._queue(change)
            self.version = version
            self._done.clear()

    def _queue(self, change: Change) -> None:
        self.live.apply(change)
        self.pending.append(change)

    def take(self) -> tuple[list[Change], int, str | None]:
        """The queued changes and the version they lead to (worker side)."""
        with self._lock:
            changes, self.pending = self.pending, []
            text = self.live.text if self.model is None or self.fresh else None
            self.fresh = False
            return changes, self.version, text

    def reset(self) -> None:
        """Forget the model: the next analysis parses and checks the whole text again."""
        with self._lock:
            self.pending.clear()
            self.fresh = True

    def hold(self) -> None:
        """A module this document imports is being edited: pulls wait for what it changes."""
        self._done.clear()

    def release(self) -> None:
        """Nothing more is coming for the current version: pulls get the last result."""
        if self.result is not None and self.result.version == self.version and not self.pending and self.imported == set():
            self._done.set()

    def imported_changed(self, names: set[str] | None) -> None:
        """Names in a module this document imports changed (None: any may have): the data
        flow of its code calling them is checked again in the background."""
        with self._lock:
            if self.imported is not None:
                self.imported = None if names is None else self.imported | names
            self._done.clear()

    def take_imported(self) -> set[str] | None:
        with self._lock:
            names, self.imported = self.imported, set()
            return names

    def has_pending(self) -> bool:
        return bool(self.pending)

    def analyse(self, engine: Engine, options: AnalysisOptions) -> tuple[int, IncrementalDocument] | None:
        """Bring the model up to date (worker thread); None when newer changes cancelled it."""
        changes, version, text = self.take()
        if text is not None:
            self.model = IncrementalDocument(engine, text, options)
            return version, self.model
        assert self.model is not None
        if self.model.engine is not engine or self.model.options is not options:
            self.model.reconfigure(engine, options, changes)
            return version, self.model
        if not self.model.apply(changes, self.has_pending, defer=True):
            return None
        return version, self.model

    def publish(self, result: Result) -> None:
        self.result = result
        self.release()

    async def current(self) -> Result | None:
        """The result for the live version, waiting for the analysis in progress."""
        await self._done.wait()
        return self.result
