"""First open and keystrokes of the editor's document model, in process, in CPU time.

`lsp_latency.py` times the real server over stdio in wall-clock time, which a busy machine
inflates; this script times the same work (`IncrementalDocument` on the same standard-library
text with the rules the server runs, a space typed at the same 20 places) by the CPU time of
the process doing it, so two versions compare fairly even while other work shares the
machine. Each size and version runs in a fresh process; first open is the median of 3.

    python benchmarks/first_open.py [--sizes 500,5000,10000] [--baseline DIR]

`--baseline DIR`: also measure the `redline` package in DIR, built as `lsp_latency.py` says.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(lines: int) -> dict[str, float]:
    """First-open CPU seconds (median of 3) and keystroke CPU milliseconds (p50, p95, max)."""
    sys.path.insert(0, str(HERE))
    from lsp_latency import edit_places, real_code
    from redline import runner
    from redline.config import load_config
    from redline.engine.analysis import AnalysisOptions
    from redline.engine.units import Change, IncrementalDocument

    text = real_code(lines)
    config = load_config(HERE.parent)
    engine = runner.engine_for(runner.rule_folders(config))
    path = HERE.parent / "bench.py"
    # The rules the language server runs on the file: the config's (the `vuln` tier by default).
    options = AnalysisOptions(path="bench.py", enabled=lambda info: config.rule_enabled(info, path))
    opens = []
    for _ in range(3):
        start = time.process_time()
        document = IncrementalDocument(engine, text, options)
        opens.append(time.process_time() - start)
    keys = []
    for line, column in edit_places(text):
        start = time.process_time()
        document.apply([Change((line, column), (line, column), " ")])
        keys.append((time.process_time() - start) * 1000)
    keys.sort()
    return {
        "lines": text.count("\n"), "open": statistics.median(opens),
        "p50": keys[len(keys) // 2], "p95": keys[max(0, round(len(keys) * 0.95) - 1)], "max": keys[-1],
    }


def run(lines: int, baseline: Path | None) -> dict[str, float]:
    """`measure` in a fresh process, importing `redline` from `baseline` when given."""
    path = [str(baseline)] if baseline is not None else []
    code = f"import sys; sys.path[:0] = {path!r}; sys.path.insert(0, {str(HERE)!r}); import first_open, json; print(json.dumps(first_open.measure({lines})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,10000")
    parser.add_argument("--baseline", type=Path, default=None)
    args = parser.parse_args()
    versions = [("redline", None)] + ([("redline baseline", args.baseline.resolve())] if args.baseline else [])
    print("| version | lines | first open (CPU s) | keys p50 (CPU ms) | keys p95 (CPU ms) | keys max (CPU ms) |")
    print("|---|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        for name, where in versions:
            found = run(size, where)
            print(f"| {name} | {found['lines']:.0f} | {found['open']:.2f} | {found['p50']:.1f} | {found['p95']:.1f} | {found['max']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
