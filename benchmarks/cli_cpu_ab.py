#!/usr/bin/env python3
"""CPU time of a cold `redline check --no-cache --jobs 1`, this checkout against another, on
every Nth file of the standard library: A and B run side by side (started together, so both
see the same load on a shared machine), each in a fresh process, and the table gives each
pair and the medians. Not a test: wall-clock figures of this machine are noise, CPU-time
ratios of runs started together much less so.

    python benchmarks/cli_cpu_ab.py --base /path/to/main-checkout --every 10 --pairs 7

`--base` is a checkout of the code to compare with (its `server/` and `rules/` are imported
as `redline` from a copy made for the run, with this checkout's interpreter). "checks" is
the time spent checking the files (runner._analyze), "run" the whole command (rules compiled
included). Both write JSON reports to compare with benchmarks/diff_reports.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
STDLIB_SKIP = {"site-packages", "dist-packages", "__pycache__"}

# Run in the child: time the command and, inside it, the checks of the files.
CHILD = """
import os, sys, tempfile, time
files = open(sys.argv[1]).read().split()
os.chdir(tempfile.mkdtemp())
import redline.runner as runner
from redline.cli import main
inner, spent = runner._analyze, [0.0]
def timed(job):
    start = time.process_time()
    try:
        return inner(job)
    finally:
        spent[0] += time.process_time() - start
runner._analyze = timed
start = time.process_time()
main(["check", "--no-cache", "--jobs", "1", "--format", "json", "-o", sys.argv[2], *files])
print(time.process_time() - start, spent[0])
"""


def stdlib_files(every: int) -> list[str]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.rglob("*.py") if not set(p.relative_to(root).parts) & STDLIB_SKIP)
    return [str(p) for p in files[::every]]


def as_package(checkout: Path, into: Path) -> Path:
    """A folder where `import redline` finds the checkout's code (server/ as redline, rules/
    as redline.builtin_rules), as the editable install maps them."""
    shutil.copytree(checkout / "server", into / "redline")
    shutil.copytree(checkout / "rules", into / "redline" / "builtin_rules")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True, help="checkout to compare with (A)")
    parser.add_argument("--every", type=int, default=10, help="every Nth stdlib file (default 10)")
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "files.txt").write_text("\n".join(stdlib_files(args.every)))
        sides = {"A": as_package(args.base.resolve(), folder / "a"), "B": as_package(HERE, folder / "b")}
        runs: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
        print(f"every {args.every}th stdlib file; A = {args.base}, B = {HERE}\n")
        print("| pair | A run s | A checks s | B run s | B checks s | B/A checks |")
        print("|---:|---:|---:|---:|---:|---:|")
        for pair in range(args.pairs):
            started = {
                side: subprocess.Popen(
                    [sys.executable, "-c", CHILD, str(folder / "files.txt"), str(folder / f"{side}.json")],
                    stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(path)},
                )
                for side, path in sides.items()
            }
            for side, process in started.items():
                run, checks = (float(x) for x in process.communicate()[0].split()[-2:])
                runs[side].append((run, checks))
            (a_run, a_checks), (b_run, b_checks) = runs["A"][-1], runs["B"][-1]
            print(f"| {pair} | {a_run:.2f} | {a_checks:.2f} | {b_run:.2f} | {b_checks:.2f} | {b_checks / a_checks:.3f} |", flush=True)
        for index, what in ((1, "checks"), (0, "run")):
            a = statistics.median(r[index] for r in runs["A"])
            b = statistics.median(r[index] for r in runs["B"])
            ratios = statistics.median(rb[index] / ra[index] for ra, rb in zip(runs["A"], runs["B"]))
            print(f"\n{what}: median A {a:.2f} s, B {b:.2f} s; B/A of medians {b / a:.3f}, median of B/A {ratios:.3f}")
        for side in sides:
            shutil.copy(folder / f"{side}.json", Path(tempfile.gettempdir()) / f"cli_cpu_ab_{side}.json")
        print(f"\nreports: {tempfile.gettempdir()}/cli_cpu_ab_A.json and _B.json (benchmarks/diff_reports.py)")


if __name__ == "__main__":
    main()
