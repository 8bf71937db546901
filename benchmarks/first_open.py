"""First open and keystrokes of the editor's document model, in process, in CPU time.

`lsp_latency.py` times the real server over stdio in wall-clock time, which a busy machine
inflates; this script times the same work (`IncrementalDocument` on the same standard-library
text with the rules the server runs, a space typed at the same 20 places) by the CPU time of
the process doing it, so two versions compare fairly even while other work shares the
machine. Each size and version runs in a fresh process, with the collector set as the server
sets it (heap.py: rules frozen once loaded, no collection while a document is first
analysed); first open is the median of 3, and `cold` the first of them, which alone pays what
a server's first open pays once (the pattern rules a document needs compiled from the rule
cache's deferred ones, as the server loads the rules, and the process's first growth of its
heap). A server's first analysis calls the same functions as `cold`, as often (cProfile of
both: `REDLINE_PROFILE_CALLS=1`).

    python benchmarks/first_open.py [--sizes 500,5000,10000] [--baseline DIR] [--phases]

`--baseline DIR`: also measure the `redline` package in DIR, built as `lsp_latency.py` says.
The lazy units and the lines they hold (what first open did not parse) do not depend on the
machine's load. `--phases` adds where the cold first open's CPU time goes (what the server
pays; the medians of the 3 opens hid the deferred rules): the text's tokens, the nesting
check and CPython's parse of the text (`cpython`), the lazy-unit plan, the LibCST parse,
cutting units, the source gate, the check of the whole module, the deferred rules the check
compiled (`rules`, part of `check`) and what no phase holds (`other`: the cold open less
the phases but `rules`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


# Phases of first open: the functions timed (module, attribute path) and their column.
# The full parse moved from units.py to first_open.py: each version has one of the two names.
PHASES = [
    ("tokens", "redline.engine.prefilter", "LineTokens.__init__"),
    ("cpython", "redline.engine.first_open", "too_deep"),
    ("cpython", "redline.engine.units", "too_deep"),
    ("cpython", "redline.engine.first_open", "too_deep_unary"),  # where CPython parsed the text (since open17)
    ("cpython", "redline.engine.first_open", "cpython_tree"),
    ("cpython", "redline.engine.units", "cpython_tree"),
    ("plan", "redline.engine.units", "IncrementalDocument._first_open_plan"),
    ("parse", "redline.engine.first_open", "parse_source"),
    ("parse", "redline.engine.units", "parse_source"),
    ("parse", "redline.engine.first_open", "parse_vouched"),
    ("parse", "redline.engine.units", "parse_vouched"),
    ("units", "redline.engine.first_open", "unit_lines"),
    ("units", "redline.engine.units", "unit_lines"),
    ("units", "redline.engine.units", "IncrementalDocument._units_from_lines"),
    ("gate", "redline.engine.units", "IncrementalDocument._reads_input"),
    ("check", "redline.engine.units", "IncrementalDocument._check_whole"),
    ("rules", "redline.engine.rule_loader", "DeferredRule.__getattr__"),  # inside the check
]
NESTED = {"rules"}  # phases inside another: left out of `other`


def _timed(phases: dict[str, float]) -> None:
    """Wrap each phase's function to add its CPU time (outermost calls) to `phases`."""
    import importlib

    for phase, module_name, path in PHASES:
        try:
            owner = importlib.import_module(module_name)
        except ModuleNotFoundError:  # a version before that module
            continue
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        original = getattr(owner, name, None)
        if original is None:
            continue

        def wrapper(*args, _original=original, _phase=phase, **kwargs):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                phases[_phase] += time.process_time() - start

        setattr(owner, name, wrapper)


def measure(lines: int, phases: bool = False) -> dict[str, float]:
    """First-open CPU seconds (median of 3), its lazy units and their lines, keystroke CPU
    milliseconds (p50, p95, max) and, with `phases`, first open's CPU seconds per phase."""
    sys.path.insert(0, str(HERE))
    from lsp_latency import edit_places, real_code
    from redline import runner
    from redline.config import load_config
    from redline.engine.analysis import AnalysisOptions
    from redline.engine.units import Change, IncrementalDocument
    from redline.lsp import heap

    text = real_code(lines)
    config = load_config(HERE.parent)
    heap.collect_seldom()  # as the server sets the collector (a version without it: the same calls)
    engine = runner.engine_for(runner.rule_folders(config), deferred=True)  # as the server loads them
    heap.keep()
    built_to_keep = getattr(heap, "built_to_keep", lambda rebuilt: contextlib.nullcontext())
    path = HERE.parent / "bench.py"
    # The rules the language server runs on the file: the config's (the `vuln` tier by default).
    options = AnalysisOptions(path="bench.py", enabled=lambda info: config.rule_enabled(info, path))
    opens, spent = [], []
    per_open = dict.fromkeys((phase for phase, _, _ in PHASES), 0.0)
    if phases:
        _timed(per_open)
    for _ in range(3):
        per_open.update(dict.fromkeys(per_open, 0.0))
        start = time.process_time()
        with built_to_keep(lambda: True):  # a first open builds the trees the server keeps
            document = IncrementalDocument(engine, text, options)
        opens.append(time.process_time() - start)
        spent.append(dict(per_open))
    lazy = [piece for _, piece in document._walk_units() if piece.lazy is not None]
    keys = []
    for line, column in edit_places(text):
        start = time.process_time()
        document.apply([Change((line, column), (line, column), " ")])
        keys.append((time.process_time() - start) * 1000)
    keys.sort()
    return {
        "lines": text.count("\n"), "open": statistics.median(opens), "cold": opens[0], "lazy": len(lazy), "lazy lines": sum(piece.lines for piece in lazy),
        "p50": keys[len(keys) // 2], "p95": keys[max(0, round(len(keys) * 0.95) - 1)], "max": keys[-1],
        **({**spent[0], "other": opens[0] - sum(spent[0][phase] for phase in spent[0] if phase not in NESTED)} if phases else {}),
    }


def run(lines: int, baseline: Path | None, phases: bool) -> dict[str, float]:
    """`measure` in a fresh process, importing `redline` from `baseline` when given."""
    path = [str(baseline)] if baseline is not None else []
    code = f"import sys; sys.path[:0] = {path!r}; sys.path.insert(0, {str(HERE)!r}); import first_open, json; print(json.dumps(first_open.measure({lines}, {phases})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,10000")
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--phases", action="store_true", help="first open's CPU time per phase")
    args = parser.parse_args()
    versions = [("redline", None)] + ([("redline baseline", args.baseline.resolve())] if args.baseline else [])
    names = [*dict.fromkeys(phase for phase, _, _ in PHASES), "other"] if args.phases else []
    sys.path.insert(0, str(HERE))
    from lsp_latency import fill_rule_cache

    for _, where in versions:
        fill_rule_cache([str(where)] if where is not None else [])  # the server's deferred rules, from the first run on
    print("| version | lines | first open (CPU s) | cold (CPU s) | lazy units (lines) | keys p50 (CPU ms) | keys p95 (CPU ms) | keys max (CPU ms) |" + "".join(f" {n} |" for n in names))
    print("|---|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(names))
    for size in (int(s) for s in args.sizes.split(",")):
        for name, where in versions:
            found = run(size, where, args.phases)
            phases = "".join(f" {found[n]:.2f} |" for n in names)
            print(
                f"| {name} | {found['lines']:.0f} | {found['open']:.2f} | {found['cold']:.2f} | {found['lazy']:.0f} ({found['lazy lines']:.0f}) | {found['p50']:.1f} | {found['p95']:.1f} | {found['max']:.1f} |{phases}",
                flush=True,
            )


if __name__ == "__main__":
    main()
