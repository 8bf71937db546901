"""Opt-in profiling of `redline serve`, for benchmarks only. With `REDLINE_PROFILE=DIR` set,
the server writes at exit `DIR/timeline.tsv`, one row per step of each document version
(seconds, thread, step, version, uri, the thread's CPU seconds: with the wall seconds they
tell running from waiting; a garbage collection of the oldest generation is a row `gc` with
its ms as the uri), from which `benchmarks/lsp_latency.py --profile DIR` prints where a
keystroke's time goes; with `REDLINE_PROFILE_CALLS=1` too, also
`DIR/loop.prof` and `DIR/analysis.prof` (cProfile of the event loop thread and of the
analysis thread, `python -m pstats FILE`; it slows the server several times over).
Unset (always, outside benchmarks), `mark` costs one boolean test."""

from __future__ import annotations

import atexit
import cProfile
import gc
import os
import threading
import time
from concurrent.futures import Executor
from pathlib import Path

ENV = "REDLINE_PROFILE"
_folder = os.environ.get(ENV)
ENABLED = bool(_folder)
CALLS = ENABLED and os.environ.get("REDLINE_PROFILE_CALLS") == "1"
_marks: list[tuple[float, str, str, int, str, float]] = []


def mark(step: str, version: int, uri: str = "") -> None:
    """Note that `step` happened now for `version` of a document (appending is thread-safe)."""
    if ENABLED:
        _marks.append((time.perf_counter(), threading.current_thread().name, step, version, uri, time.thread_time()))


def start(executor: Executor) -> None:
    """Keep the timeline (and profile the calling event loop thread and the executor's one
    thread) until exit."""
    if not ENABLED:
        return
    folder = Path(_folder or ".")
    folder.mkdir(parents=True, exist_ok=True)
    loop, analysis = cProfile.Profile(), cProfile.Profile()
    if CALLS:
        executor.submit(analysis.enable).result()
        loop.enable()
    gc.callbacks.append(_collected)

    def dump() -> None:
        if CALLS:
            loop.disable()
            loop.dump_stats(folder / "loop.prof")
            analysis.dump_stats(folder / "analysis.prof")
        rows = (f"{at:.6f}\t{thread}\t{step}\t{version}\t{uri}\t{cpu:.6f}\n" for at, thread, step, version, uri, cpu in list(_marks))
        (folder / "timeline.tsv").write_text("".join(rows), encoding="utf-8")

    atexit.register(dump)


_gc_started = [0.0]


def _collected(phase: str, info: dict) -> None:
    """Full collections in the timeline: with a large heap they are long pauses."""
    if info.get("generation") != 2:
        return
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        _marks.append((_gc_started[0], threading.current_thread().name, "gc", -1, f"{(time.perf_counter() - _gc_started[0]) * 1000:.1f}", time.thread_time()))
