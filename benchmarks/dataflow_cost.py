#!/usr/bin/env python3
"""What the taint rules cost: check time with the pattern rules, the taint rules and both, on
the same files (parsing excluded, so the table shows the rules' own work).

    python benchmarks/dataflow_cost.py                 # the first 25 modules of the stdlib
    python benchmarks/dataflow_cost.py examples --files 200
"""

from __future__ import annotations

import argparse
import sysconfig
import time
from pathlib import Path

import libcst as cst

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import builtin_rules_dir, load_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--files", type=int, default=25)
    args = parser.parse_args()
    paths = sorted(Path(args.folder).rglob("*.py"))[: args.files]
    sources = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
            sources.append((path, text, cst.parse_module(text)))
        except (UnicodeDecodeError, cst.ParserSyntaxError, OSError):
            continue
    rules, _ = load_rules([builtin_rules_dir()])
    kinds = {
        "pattern rules": [r for r in rules if r.taint is None],
        "taint rules": [r for r in rules if r.taint is not None],
        "all rules": rules,
    }
    size = sum(len(text) for _, text, _ in sources) // 1000
    print(f"{len(sources)} files, {size} kB of {args.folder}\n")
    print("| rules | seconds | ms per file |")
    print("|---|---:|---:|")
    for name, chosen in kinds.items():
        engine = Engine(chosen)
        start = time.perf_counter()
        for path, text, module in sources:
            engine.analyze_module(module, text, AnalysisOptions(path=str(path)))
        elapsed = time.perf_counter() - start
        print(f"| {name} ({len(chosen)}) | {elapsed:.2f} | {1000 * elapsed / max(len(sources), 1):.0f} |")


if __name__ == "__main__":
    main()
