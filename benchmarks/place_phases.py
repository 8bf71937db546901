"""Phases of one name keystroke at chosen places, in process, typed and undone N times.

    python benchmarks/place_phases.py --size 10000 --lines 4599 [--repeats 9] [--profile FILE] [--with-sources]

The text and the keystrokes before the place are those of keystroke_breakdown.py --keystroke
name (each earlier place gets its `x` first, as there); at the place an `x` is typed and
removed `--repeats` times. Each phase is the CPU time (process_time) of the outermost calls of
one function, inclusive of what it calls (phases nest: see the indent)."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from keystroke_breakdown import outermost  # noqa: E402
from lsp_latency import edit_places, fill_rule_cache, real_code, server_setup  # noqa: E402
from redline.engine import block_lines, unit_reparse  # noqa: E402
from redline.engine import units as units_module  # noqa: E402
from redline.engine.definition_calls import KeptCalls  # noqa: E402
from redline.engine.lazy_units import LazyContext  # noqa: E402
from redline.engine.taint.analyzer import TaintAnalyzer  # noqa: E402
from redline.engine.units import Change, IncrementalDocument  # noqa: E402
from redline.lsp import heap  # noqa: E402

D = IncrementalDocument
PHASES: list[tuple[str, object, str]] = [
    ("apply", D, "apply"),
    ("  _apply_one (edit)", D, "_apply_one"),
    ("    _lazy_edit", D, "_lazy_edit"),
    ("      _edited_definition", D, "_edited_definition"),
    ("      refines_into", LazyContext, "refines_into"),
    ("        _member_refines", LazyContext, "_member_refines"),
    ("      same_meaning", LazyContext, "same_meaning"),
    ("      stays_lazy", LazyContext, "stays_lazy"),
    ("    _path (layouts)", D, "_path"),
    ("    record_layouts", None, "record_layouts"),
    ("    _reparse_nested", D, "_reparse_nested"),
    ("    _reparse_members", D, "_reparse_members"),
    ("    _reparse_top", D, "_reparse_top"),
    ("  _check_pending", D, "_check_pending"),
    ("    _enabled", D, "_enabled"),
    ("    _reads_input (gate)", D, "_reads_input"),
    ("    _parse_lazy_units", D, "_parse_lazy_units"),
    ("    _check_due", D, "_check_due"),
    ("      _module_scope", D, "_module_scope"),
    ("      _check_nested", D, "_check_nested"),
    ("      _run_check", D, "_run_check"),
    ("      _check", D, "_check"),
    ("        TaintAnalyzer.analyze", TaintAnalyzer, "analyze"),
    ("    _readers_due", D, "_readers_due"),
    ("findings()", D, "findings"),
    ("-- details --", None, ""),
    ("gate.holds_source", "gate.InputGate", "holds_source"),
    ("gate._edit_sourced", "gate:", "_edit_sourced"),
    ("gate.imports_project", "gate.InputGate", "imports_project"),
    ("_edited_functions", D, "_edited_functions"),
    ("nesting.route (blocks searched)", "nesting:", "route"),
    ("_called_elsewhere", D, "_called_elsewhere"),
    ("_header_alone", D, "_header_alone"),
    ("_changes_contexts", D, "_changes_contexts"),
    ("_check_statements", D, "_check_statements"),
    ("nested_check.may_refine (units)", "units:", "may_refine"),
    ("positions_module (units)", "units:", "positions_module"),
    ("_placed_ranges (checker)", "checker:", "_placed_ranges"),
    ("statement_ranges (checker)", "checker:", "statement_ranges"),
    ("cpython_tree (lazy_units)", "lazy_units:", "cpython_tree"),
    ("KeptCalls.parsed", KeptCalls, "parsed"),
    ("KeptCalls.edited", KeptCalls, "edited"),
    ("_edit_identifiers", LazyContext, "_edit_identifiers"),
    ("_identifiers", LazyContext, "_identifiers"),
    ("_header_node", D, "_header_node"),
    ("_splice_unit", D, "_splice_unit"),
    ("_dependents_due", D, "_dependents_due"),
    ("unit_reparse.swap", "unit_reparse:", "swap"),
]



def install(spent: dict[str, float]) -> None:
    import importlib
    for label, owner, name in PHASES:
        if not name:
            continue
        if isinstance(owner, str):
            if owner.endswith(":"):
                module = importlib.import_module("redline.engine." + owner[:-1].replace("gate", "taint.gate"))
                setattr(module, name, outermost(getattr(module, name), spent, label))
            else:
                module_name, cls = owner.rsplit(".", 1)
                cls_obj = getattr(importlib.import_module("redline.engine.taint." + module_name), cls)
                setattr(cls_obj, name, outermost(getattr(cls_obj, name), spent, label))
            continue
        if owner is None:  # a module function, imported by name in two modules
            for module in (units_module, unit_reparse):
                setattr(module, name, outermost(getattr(block_lines, name), spent, label))
            continue
        setattr(owner, name, outermost(owner.__dict__[name] if name in owner.__dict__ else getattr(owner, name), spent, label))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--lines", default="4599")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--profile", default="")
    parser.add_argument("--no-timers", action="store_true")
    parser.add_argument("--with-sources", action="store_true", help="files of view functions reading input (the data-flow corpus), as keystroke_breakdown.py --with-sources")
    args = parser.parse_args()
    fill_rule_cache([])
    heap.collect_seldom()
    wanted = [int(x) - 1 for x in args.lines.split(",")]
    text = real_code(args.size, args.with_sources)
    engine, options_for = server_setup(Path.cwd())
    document = IncrementalDocument(engine, text, options_for(Path.cwd() / "bench.py"))
    document.findings()
    heap.keep()
    spent: dict[str, float] = defaultdict(float)
    if not args.no_timers:
        install(spent)
    profiler = cProfile.Profile() if args.profile else None
    results = {}
    for line, column in edit_places(text, "name"):
        if line not in wanted:
            document.apply([Change((line, column), (line, column), "x")], defer=True)
            document.findings()
            continue
        rows: list[dict[str, float]] = []
        undo: list[float] = []
        for round_ in range(args.repeats + 1):
            spent.clear()
            if profiler and round_:
                profiler.enable()
            started = time.process_time()
            document.apply([Change((line, column), (line, column), "x")], defer=True)
            document.findings()
            total = (time.process_time() - started) * 1000
            if profiler and round_:
                profiler.disable()
            row = dict(spent)
            row["keystroke"] = total
            rows.append(row)
            started = time.process_time()
            document.apply([Change((line, column), (line, column + 1), "")], defer=True)  # undo
            document.findings()
            undo.append((time.process_time() - started) * 1000)
        results[line] = (rows, undo)
        document.apply([Change((line, column), (line, column), "x")], defer=True)  # as the benchmark leaves it
        document.findings()
    print(f"size {args.size}: {text.count(chr(10))} lines; first round, then median of {args.repeats} repeats")
    for line, (rows, undo) in results.items():
        print(f"\n== line {line + 1}: `{text.splitlines()[line].strip()[:50]}`")
        print(f"keystroke first {rows[0]['keystroke']:.1f} ms, median {statistics.median(r['keystroke'] for r in rows[1:]):.1f} ms; undo median {statistics.median(undo[1:]):.1f} ms")
        for label, _, _ in PHASES:
            values = [r.get(label, 0.0) for r in rows[1:]]
            calls = rows[1].get(label + " #", 0)
            if max(values) > 0.05 or rows[0].get(label, 0) > 0.05:
                print(f"{label:32s} {rows[0].get(label, 0.0):7.2f} {statistics.median(values):7.2f}  calls {calls:.0f}")
    if profiler:
        profiler.dump_stats(args.profile)
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
