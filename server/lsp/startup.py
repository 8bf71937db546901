"""The language server's built-in rules start loading when its process starts.

An editor starts the server as a Python file opens and sends `didOpen` right after the
handshake, so the rules (~0.2 s, mostly compiling the taint rules) were loaded after the
document arrived. Importing the rest of the server (pygls and lsprotocol, ~0.5 s) comes first
anyway: the rules load meanwhile, on a thread of their own, and are ready when the document
comes. The process spends the same CPU time (one interpreter lock); what changes is that the
document no longer waits for it. The engine's modules are imported before the thread starts,
so no module is ever imported by two threads at once.

From `begin` until the rules are compiled and kept (`settled`), the cycle collector waits:
the server's modules and the rules are objects that live on, yet their allocations started
~80 collections on the way to the first document, a few of them walking 50,000 young
objects each (tens of ms apiece). Kept (frozen, heap.keep) with what is alive then, they are
never walked again. The engine's modules are imported in `begin`, once the collector waits.
"""

from __future__ import annotations

import contextlib
import threading
import time

from redline.engine.collector import collector_paused

_begun = threading.Event()
_holding: list[bool] = []  # the collector's pause begun by `begin`, until `settled`
_took: list[float] = []  # ms the load took, once done


def begin() -> None:
    """Start loading the built-in rules in the background, once per process (runner's lock
    makes a document that needs them meanwhile wait for this load, not make another)."""
    if _begun.is_set():
        return
    _begun.set()
    collector_paused.hold()
    _holding.append(True)
    import redline.engine.analysis  # noqa: F401  (the engine's modules, before the thread starts: see above)
    from redline.lsp import heap

    heap.collect_seldom()  # the rules and the server's modules are objects that live on
    threading.Thread(target=_load, name="redline-rules", daemon=True).start()


def settled() -> None:
    """The rules are compiled and kept (heap.keep): the collector runs again, if `begin`
    paused it (once; later calls do nothing)."""
    if _holding:
        _holding.pop()
        collector_paused.release()


def loaded_ms() -> float | None:
    """How long the load begun here took (for the server's log), None until it is done."""
    return _took[0] if _took else None


def _load() -> None:
    from redline.config import Config
    from redline.runner import RulesError, engine_for, rule_folders

    started = time.perf_counter()
    with contextlib.suppress(RulesError):  # reported when a document needs them
        engine_for(rule_folders(Config()), deferred=True)
        _took.append((time.perf_counter() - started) * 1000)
