"""Where one keystroke's time goes in the language server's model, in process (no stdio):
the same files and edits as `lsp_latency.py`, each phase timed per edit.

    python benchmarks/keystroke_breakdown.py [--sizes 500,10000] [--with-sources] [--keystroke space|name] [--places] [--deferred]

Phases: `edit` (text, tokens and the re-parse of the innermost statement: `_apply_one`),
`check` (the checks the edit made due: `_check_pending`; data flow that other code's changes
made due is deferred, as in the server), `data flow` (the taint analyzer's part of `check`),
`findings` (collecting, suppressions, ordering) and `diagnostics` (LSP conversion of new
findings and the result id, diagnostics.Converted as in the server, with the rule infos the
engine builds anew per call as the server gets them). Prints p50 / p95 / max / mean per phase and for the whole keystroke (the
mean compares with the server's analysis thread's CPU per keystroke: lsp_latency.py's CPU/keystroke less its main
thread's, a mean too, which a few slower keystrokes put above the median); `lsp_latency.py`
measured in the same run shows what stdio, the thread hand-off and the debounce add.
Times are the process's CPU time (time.process_time), so other work on a busy machine does
not count, though it still slows the CPU's caches. The cycle collector runs as in the server
(`redline.lsp.heap`: collections as seldom as the CLI, the open document's trees frozen out of
them), so a full collection walking them does not land on a keystroke here either.

`--deferred` adds the phase `deferred` (and how many pieces it checked): after each keystroke, the data flow it made due elsewhere
(callers, methods reading what the edited one sets), which the server runs in the background
once typing pauses; keystrokes that made none due count 0. `deferred, longest unpolled` is
the longest stretch of it between two asks whether a newer keystroke came (the `cancelled`
callback the server passes, from the start of the check to its end): what a keystroke
arriving meanwhile waits at most before its own analysis starts.

`--places` prints one row per edit instead: the edited line, how many lines were re-parsed,
how many lines of code the checks walked (the parts checked, summed) and in how many checks,
the lazy units before and after it (`IncrementalDocument.lazy_units()`: a drop to 0 means the
keystroke parsed every lazy unit) and the keystroke's time. The line counts do not depend on the machine's load, so they
compare two versions (run with PYTHONPATH=DIR for another `redline` package) where timings
on a busy machine cannot.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from lsprotocol.converters import get_converter

from lsp_latency import edit_places, fill_rule_cache, real_code, server_setup  # this folder: the benchmark's files and edits
from redline.engine.taint.analyzer import TaintAnalyzer
from redline.engine.units import Change, IncrementalDocument
from redline.lsp import heap
from redline.lsp.diagnostics import Converted, severity_map
from redline.lsp.positions import Codec

PHASES = ["edit", "check", "data flow", "findings", "diagnostics", "keystroke"]
DEFERRED = ["deferred", "deferred, longest unpolled"]


def outermost(original: Callable, into: dict[str, float], phase: str) -> Callable:
    """`original` wrapped to add the CPU ms of its outermost calls to `into[phase]` and their
    number to `into[phase + " #"]` (a call inside another of the same function is part of it)."""
    depth = [0]

    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        depth[0] += 1
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                into[phase] += (time.process_time() - started) * 1000
                into[phase + " #"] += 1

    wrapper.__wrapped__ = original  # type: ignore[attr-defined]
    return wrapper


@contextmanager
def timed(owner: type, name: str, into: dict[str, float], phase: str) -> Iterator[None]:
    """Add the time spent in `owner.name` (outermost calls only) to `into[phase]`."""
    original: Callable = getattr(owner, name)
    setattr(owner, name, outermost(original, into, phase))
    try:
        yield
    finally:
        setattr(owner, name, original)


def keystrokes(size: int, sources: bool, keystroke: str, deferred: bool = False) -> tuple[int, dict[str, list[float]]]:
    """Lines of the file and, per phase, the milliseconds of each of the 20 edits."""
    text = real_code(size, sources)
    engine, options_for = server_setup(Path.cwd())  # as the server: its rules, tiers and data flow
    options = options_for(Path.cwd() / "bench.py")
    document = IncrementalDocument(engine, text, options)
    heap.keep()  # as the server does after a document's first analysis
    codec, severities, converter, infos = Codec("utf-16"), severity_map(None), get_converter(), engine.all_infos()
    cache = Converted()
    cache.convert(document.findings(), document.buffer.lines, codec, infos, severities, "file:///bench.py", converter)
    typed = "x" if keystroke == "name" else " "
    times: dict[str, list[float]] = defaultdict(list)
    for line, column in edit_places(text, keystroke):
        spent: dict[str, float] = defaultdict(float)
        with timed(IncrementalDocument, "_apply_one", spent, "edit"), timed(IncrementalDocument, "_check_pending", spent, "check"), \
                timed(TaintAnalyzer, "analyze", spent, "data flow"):
            started = time.process_time()
            document.apply([Change((line, column), (line, column), typed)], defer=True)
            found = time.process_time()
            findings = document.findings()
            converted = time.process_time()
            cache.convert(findings, document.buffer.lines, codec, engine.all_infos(), severities, "file:///bench.py", converter)
            done = time.process_time()
        spent["findings"] = (converted - found) * 1000
        spent["diagnostics"] = (done - converted) * 1000
        spent["keystroke"] = (done - started) * 1000
        if deferred:  # as the server's follow-up once typing pauses
            started, checks = time.process_time(), document.stats.unit_checks
            polls = [started]
            if document.deferred():
                document.check(lambda: bool(polls.append(time.process_time())))
                polls.append(time.process_time())
                cache.convert(document.findings(), document.buffer.lines, codec, engine.all_infos(), severities, "file:///bench.py", converter)
            spent["deferred"] = (time.process_time() - started) * 1000
            spent["deferred, longest unpolled"] = max((b - a for a, b in zip(polls, polls[1:])), default=0.0) * 1000
            times["deferred pieces"].append(document.stats.unit_checks - checks)
        for phase in PHASES + (DEFERRED if deferred else []):
            times[phase].append(spent[phase])
    return text.count("\n"), times


def places(size: int, sources: bool, keystroke: str) -> None:
    """One row per edit: what it re-parsed and checked (line counts), and its time."""
    text = real_code(size, sources)
    engine, options_for = server_setup(Path.cwd())  # as the server: its rules, tiers and data flow
    options = options_for(Path.cwd() / "bench.py")
    document = IncrementalDocument(engine, text, options)
    document.findings()
    heap.keep()
    checked: list[object] = []
    original = IncrementalDocument._check

    def check(self, *args, **where):  # type: ignore[no-untyped-def]
        checked.append(where.get("part_module"))
        return original(self, *args, **where)

    IncrementalDocument._check = check  # type: ignore[method-assign]
    rows = text.splitlines()
    typed = "x" if keystroke == "name" else " "
    print("| lines | edited line | code | re-parsed lines | checked lines | checks | lazy units | keystroke (ms) |")
    print("|---:|---:|---|---:|---:|---:|---|---:|")
    try:
        for line, column in edit_places(text, keystroke):
            checked.clear()
            parsed = document.stats.parsed_lines + document.stats.full_parses * len(rows)
            lazy = document.lazy_units()
            started = time.process_time()
            document.apply([Change((line, column), (line, column), typed)], defer=True)
            document.findings()
            spent = (time.process_time() - started) * 1000
            parsed = document.stats.parsed_lines + document.stats.full_parses * len(rows) - parsed
            walked = sum(module.code.count("\n") if module is not None else len(rows) for module in checked)  # type: ignore[attr-defined]
            code = rows[line].strip()[:40].replace("|", "\\|")
            print(f"| {len(rows)} | {line + 1} | `{code}` | {parsed} | {walked} | {len(checked)} | {lazy} → {document.lazy_units()} | {spent:.1f} |", flush=True)
    finally:
        IncrementalDocument._check = original  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,10000")
    parser.add_argument("--with-sources", action="store_true")
    parser.add_argument("--keystroke", choices=["space", "name"], default="space")
    parser.add_argument("--places", action="store_true", help="one row per edit: lines re-parsed and checked")
    parser.add_argument("--deferred", action="store_true", help="also time the background data flow each keystroke made due")
    args = parser.parse_args()
    fill_rule_cache([])  # the server's deferred rules, also on the first run
    heap.collect_seldom()
    if args.places:
        for size in (int(s) for s in args.sizes.split(",")):
            places(size, args.with_sources, args.keystroke)
        return
    print("| lines | phase | p50 (ms) | p95 (ms) | max (ms) | mean (ms) |")
    print("|---:|---|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        lines, times = keystrokes(size, args.with_sources, args.keystroke, args.deferred)
        for phase in PHASES + (DEFERRED if args.deferred else []):
            values = sorted(times[phase])
            p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
            print(f"| {lines} | {phase} | {statistics.median(values):.1f} | {p95:.1f} | {values[-1]:.1f} | {statistics.fmean(values):.1f} |", flush=True)
        if args.deferred:
            print(f"| {lines} | deferred: pieces re-checked over the {len(times['deferred pieces'])} keystrokes | {sum(times['deferred pieces']):.0f} | | | |", flush=True)


if __name__ == "__main__":
    main()
