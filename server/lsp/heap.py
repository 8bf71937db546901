"""Garbage collection kept off the keystroke path. Open documents' trees and the compiled
rules are hundreds of thousands of objects; a full collection walks them all (250-500 ms at
5,000 lines, measured with `benchmarks/lsp_latency.py --profile`), and the allocations of
ordinary keystrokes trigger one every few seconds of typing. What is alive once the rules are
compiled, and once a document is first analysed, is moved out of the collector's sight
(`gc.freeze`), so later collections walk only what was made since. Its memory is still freed
by reference counting when edits replace it or the document closes (60 keystrokes at 5,000
lines left 31 frozen objects in cycles); what only a collection can free is seen again once a
document closes."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Callable, Iterator

import libcst as cst

from redline.engine.collector import collector_paused
from redline.runner import CHECK_THRESHOLDS


def collect_seldom() -> None:
    """A document's trees are many objects made at once, not garbage: collect as seldom as the CLI."""
    gc.set_threshold(*CHECK_THRESHOLDS)


def keep() -> None:
    """The rules were compiled or a document's trees were built: leave everything alive now
    out of later collections."""
    gc.freeze()


@contextmanager
def built_to_keep(rebuilt: Callable[[], bool]) -> Iterator[None]:
    """A document's analysis: the collector waits meanwhile. When it built the document's
    trees anew (`rebuilt`: its first analysis, or a keystroke that parsed its lazy units),
    they are kept (frozen, which also forgets the count of new objects that would start a
    collection walking them all): at 10,000 lines, 0.1 s of the first open while they were
    built, and its first collection after them; three young collections, 0.1-0.56 s in
    all, in a keystroke that parsed the lazy units. Else the collector counts on as it would have:
    what a keystroke made is collected when it runs again."""
    with collector_paused():
        yield
        if rebuilt():
            keep()


def release() -> None:
    """A document was closed: let the collector walk everything again (frozen again after the
    next first analysis; the rules with it), so what only a collection can free is freed."""
    gc.unfreeze()


def live_function_nodes() -> int:
    """The LibCST function nodes alive (those of the open documents and the compiled rules'
    patterns), once a full collection freed what only it can: with every document closed,
    what remains is the rules' alone (`redline/debugHeap`)."""
    gc.unfreeze()
    gc.collect()
    count = sum(1 for thing in gc.get_objects() if type(thing) is cst.FunctionDef)
    keep()
    return count
