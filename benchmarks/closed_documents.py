"""What the data flow keeps of documents once they are closed: open the data-flow corpus's
files as editor documents (`IncrementalDocument`, repeated to `--docs`), type a name
keystroke in each function with its deferred work (so summaries and what callers read of
them are kept), close them all, and count the LibCST function nodes still alive and the
process's RSS. Run it with another redline package first on `sys.path` to compare:

    python benchmarks/closed_documents.py [--docs 200]
    PYTHONPATH=DIR python benchmarks/closed_documents.py   # DIR/redline: another checkout's server/
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
from pathlib import Path

import libcst as cst

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import builtin_rules_dir, load_rules
from redline.engine.units import Change, IncrementalDocument

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "dataflow"
DEF = re.compile(r"^\s*def \w+\(.*\):\s*$")


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def live_functions() -> int:
    gc.collect()
    return sum(1 for thing in gc.get_objects() if type(thing) is cst.FunctionDef)


def opened_and_typed(engine: Engine, text: str, name: str) -> IncrementalDocument:
    """A document of `text` with an `x` typed and removed after each `def` line's name."""
    document = IncrementalDocument(engine, text, AnalysisOptions(path=name))
    for line, row in enumerate(text.split("\n")):
        if DEF.match(row):
            column = row.index("(")
            document.apply([Change((line, column), (line, column), "x")], defer=True)
            document.check()
            document.apply([Change((line, column), (line, column + 1), "")], defer=True)
            document.check()
    return document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    rules, problems = load_rules([builtin_rules_dir()])
    assert not problems
    engine = Engine(rules)
    files = sorted(CORPUS.glob("*.py"))
    before = live_functions()
    documents = [opened_and_typed(engine, files[i % len(files)].read_text(encoding="utf-8"), f"m{i}.py") for i in range(args.docs)]
    open_functions, open_rss = live_functions() - before, rss_mib()
    documents.clear()
    closed_functions = live_functions() - before
    print(f"redline from {Path(sys.modules['redline'].__file__).parent}")
    print("| documents | function nodes alive while open | after closing | RSS after closing (MiB) | RSS while open (MiB) |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {args.docs} | {open_functions} | {closed_functions} | {rss_mib():.0f} | {open_rss:.0f} |")


if __name__ == "__main__":
    main()
