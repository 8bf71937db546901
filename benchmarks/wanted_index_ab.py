"""The lazy-unit plan of first open with the rules tried one by one against each definition's
words (as before `server/engine/wanted_index.py`) and with the rules filed by the words they
need, alternating in one process, in CPU time; the lazy units and findings must be the same.

    python benchmarks/wanted_index_ab.py [--sizes 500,10000] [--rounds 7]

Prints the medians of the plan's CPU ms and of the whole first open's (the rules a document
needs compiled by a first open before the rounds).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Collection, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class OneByOne:
    """What the engine asked before wanted_index.py: every rule, one after the other."""

    def __init__(self, rules: Sequence[Any]) -> None:
        self.rules = list(rules)

    def __call__(self, words: Collection[str]) -> bool:
        return any(rule.may_match_definition(words) for rule in self.rules)

    def amid(self, outside: frozenset[str]) -> Callable[[Collection[str]], bool]:
        return lambda words: any(rule.may_match_amid(words, outside) for rule in self.rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,10000")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    from lsp_latency import real_code
    from redline import runner
    from redline.config import load_config
    from redline.engine import analysis
    from redline.engine.units import IncrementalDocument
    from redline.engine.wanted_index import AnyMayMatch

    config = load_config(HERE.parent)
    engine = runner.engine_for(runner.rule_folders(config), deferred=True)
    options = analysis.AnalysisOptions(path="bench.py", enabled=lambda info: config.rule_enabled(info, HERE.parent / "bench.py"))
    spent = [0.0]
    planned = IncrementalDocument._first_open_plan

    def timed(self: Any, *args: Any) -> Any:
        start = time.process_time()
        try:
            return planned(self, *args)
        finally:
            spent[0] += time.process_time() - start

    IncrementalDocument._first_open_plan = timed  # type: ignore[method-assign]
    versions = {"one by one": OneByOne, "indexed": AnyMayMatch}
    print("| lines | lazy units | plan, one by one (CPU ms) | plan, indexed (CPU ms) | ratio | first open, one by one | first open, indexed | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        text = real_code(size)
        IncrementalDocument(engine, text, options)  # the deferred rules it needs compiled
        plans: dict[str, list[float]] = {name: [] for name in versions}
        opens: dict[str, list[float]] = {name: [] for name in versions}
        seen: dict[str, tuple[int, list[str]]] = {}
        for _ in range(args.rounds):
            for name, kind in versions.items():
                analysis.AnyMayMatch = kind  # type: ignore[misc, assignment]
                spent[0] = 0.0
                start = time.process_time()
                document = IncrementalDocument(engine, text, options)
                opens[name].append((time.process_time() - start) * 1000)
                plans[name].append(spent[0] * 1000)
                seen[name] = (sum(piece.lazy is not None for _, piece in document._walk_units()), [f.fingerprint for f in document.findings()])
        analysis.AnyMayMatch = AnyMayMatch  # type: ignore[misc]
        assert seen["one by one"] == seen["indexed"], "the lazy units or findings differ"
        a, b = (statistics.median(plans[name]) for name in versions)
        c, d = (statistics.median(opens[name]) for name in versions)
        print(f"| {text.count(chr(10))} | {seen['indexed'][0]} | {a:.1f} | {b:.1f} | {b / a:.2f} | {c:.0f} | {d:.0f} | {d / c:.2f} |", flush=True)


if __name__ == "__main__":
    main()
