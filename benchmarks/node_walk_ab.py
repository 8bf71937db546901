"""The node walks that find which nodes a statement holds (checker._found_in, stopped once all
wanted nodes are found; node_homes._descendant_ids, every node), this checkout against another
redline package, in alternating fresh processes: a busy machine's noise lands on both alike.

    python benchmarks/node_walk_ab.py --baseline DIR [--rounds 5] [--repeat 15] [FILE ...]

`DIR` holds a `redline` package (as for `keystroke_ab.py --baseline`). Each file (by default
three large modules of the standard library) is parsed once; a walk's time is the median CPU
ms of `--repeat` runs; `_found_in` looks for one node a fiftieth of the way into the walk, one
halfway, the last one and one that is not there. Per version, the medians over rounds; then
their ratio (this / baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ["argparse.py", "typing.py", "subprocess.py"]


def timings(files: list[str], repeat: int) -> dict[str, float]:
    """CPU ms of each walk on each file, medians of `repeat` runs."""
    import libcst as cst
    from redline.engine.checker import _found_in
    from redline.engine.node_homes import _descendant_ids

    result: dict[str, float] = {}
    for name in files:
        module = cst.parse_module(Path(name).read_text(encoding="utf-8"))
        order = list(_walk_order(module))
        wanted = {
            "found 1/50": {id(order[len(order) // 50])}, "found 1/2": {id(order[len(order) // 2])},
            "found last": {id(order[-1])}, "absent": {0},
        }
        for label, ids in wanted.items():
            result[f"{Path(name).name} _found_in {label}"] = _median_ms(lambda: _found_in(module, ids), repeat)
        result[f"{Path(name).name} _descendant_ids"] = _median_ms(lambda: _descendant_ids(module), repeat)
    return result


def _walk_order(node):  # type: ignore[no-untyped-def]
    """The nodes in the order both walks visit them (depth first, last child first)."""
    from redline.engine.matcher import child_nodes

    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child_nodes(current))


def _median_ms(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="a folder holding another redline package")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files or [str(Path(sysconfig.get_paths()["stdlib"]) / name) for name in FILES]
    if args.child:
        print(json.dumps(timings(files, args.repeat)))
        return
    runs: dict[str, list[dict[str, float]]] = {"this": [], "baseline": []}
    for _ in range(args.rounds):
        for version, env in (("this", {}), ("baseline", {"PYTHONPATH": args.baseline})):
            command = [sys.executable, __file__, "--child", "--baseline", "", "--repeat", str(args.repeat), *files]
            output = subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ, **env}).stdout
            runs[version].append(json.loads(output))
    print("| walk | this (ms) | baseline (ms) | this / baseline |\n|---|---:|---:|---:|")
    for key in runs["this"][0]:
        this = statistics.median(run[key] for run in runs["this"])
        base = statistics.median(run[key] for run in runs["baseline"])
        print(f"| {key} | {this:.2f} | {base:.2f} | {this / base:.3f} |")


if __name__ == "__main__":
    main()
