#!/usr/bin/env python3
"""Time `redline check` against bandit and `ruff check --select S` on the same trees.

Not a test: a script that prints a Markdown table for the README. Run it with the project's
venv, where `pip install -e .[bench]` put redline, bandit and ruff:

    .venv/bin/python benchmarks/compare_cli.py              # stdlib + example app, median of 3
    .venv/bin/python benchmarks/compare_cli.py --quick      # only the example app
    .venv/bin/python benchmarks/compare_cli.py --trees stdlib --repeat 5 --bandit-repeat 3
    .venv/bin/python benchmarks/compare_cli.py --trees path/to/project --markdown out.md

What is timed (wall clock of the whole subprocess, median of `--repeat` runs):

- `redline check --no-cache --jobs 1` and `--jobs 2`: cold runs, nothing cached;
- `redline check --jobs 2 --cache-dir TMP`: one run fills a fresh temporary cache (reported on
  its own row), then `--repeat` warm re-runs read from it;
- `bandit -r -q -f json -o /dev/null`;
- `ruff check --select S --no-cache --isolated` (`--isolated`: no configuration file is read).

Every tool writes JSON to a file (redline to a temporary file, the others to the null device),
runs with an empty temporary folder as its working directory (so no project configuration in
the current folder applies) and gets absolute paths. Exit codes 0 and 1 (findings) both count
as success. Before timing, every file of a tree is read once so all tools see a warm OS page
cache.

Trees: `stdlib` is the installed CPython standard library (`sysconfig.get_paths()["stdlib"]`)
without `site-packages`: its top-level entries are passed as explicit paths. `example` is
`examples/vulnerable_app`, copied into a temporary folder first, because Redline looks for
configuration by walking up from each file and the repository's own `pyproject.toml` excludes
`examples/**`. Any other value of `--trees` is a folder checked in place.

Bandit on the whole standard library takes about 90 s a run, so for the `stdlib` tree it runs
once by default (`--bandit-repeat` changes that); the table's "runs" column says how many runs
each median is of.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_APP = REPO / "examples" / "vulnerable_app"
SUCCESS_CODES = (0, 1)
# Folders of the standard library that are not the standard library.
STDLIB_SKIP = {"site-packages", "dist-packages", "__pycache__"}
GOAL_MIN_FILES = 200


@dataclass
class Tree:
    name: str
    targets: list[Path]  # absolute paths handed to every tool
    files: int = 0
    note: str = ""


@dataclass
class Result:
    tree: str
    mode: str
    times: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.error else None


# --------------------------------------------------------------------------------------------
# Tools


def venv_tool(name: str) -> Path | None:
    """The console script `name` beside the running interpreter (the same venv), if any."""
    bindir = Path(sys.executable).parent  # not resolved: a venv's python is a symlink
    for candidate in (bindir / name, bindir / f"{name}.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


# --------------------------------------------------------------------------------------------
# Trees


def python_files(targets: list[Path]) -> list[Path]:
    found: list[Path] = []
    for target in targets:
        if target.is_file():
            if target.suffix == ".py":
                found.append(target)
            continue
        for dirpath, dirnames, filenames in os.walk(target):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            found.extend(Path(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    return found


def warm_page_cache(files: list[Path]) -> None:
    for path in files:
        try:
            path.read_bytes()
        except OSError:
            pass


def make_tree(spec: str, scratch: Path) -> Tree:
    if spec == "stdlib":
        root = Path(sysconfig.get_paths()["stdlib"]).resolve()
        targets = sorted(
            entry
            for entry in root.iterdir()
            if entry.name not in STDLIB_SKIP and (entry.is_dir() or entry.suffix == ".py")
        )
        note = (
            f"CPython {platform.python_version()} standard library at {root}, without site-packages"
        )
        tree = Tree("stdlib", targets, note=note)
    elif spec == "example":
        copy = scratch / "trees" / "vulnerable_app"
        shutil.copytree(EXAMPLE_APP, copy, ignore=shutil.ignore_patterns("__pycache__"))
        tree = Tree(
            "example", [copy], note="examples/vulnerable_app (copied outside the repository)"
        )
    else:
        path = Path(spec).resolve()
        if not path.exists():
            raise SystemExit(f"compare_cli: no such tree: {spec}")
        tree = Tree(path.name or str(path), [path], note=f"{path} (checked in place)")
    files = python_files(tree.targets)
    tree.files = len(files)
    warm_page_cache(files)
    return tree


# --------------------------------------------------------------------------------------------
# Running


def run_once(cmd: list[str], cwd: Path, timeout: float) -> tuple[float, int, str]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            check=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, -1, f"timed out after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.decode("utf-8", "replace")
    return elapsed, proc.returncode, stderr


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(result: Result, cmd: list[str], repeat: int, cwd: Path, timeout: float) -> Result:
    for i in range(repeat):
        elapsed, code, stderr = run_once(cmd, cwd, timeout)
        if code not in SUCCESS_CODES:
            tail = "\n".join(stderr.strip().splitlines()[-15:])
            result.error = f"exit {code}" if code != -1 else stderr
            log(
                f"  [{result.tree}] {result.mode}: FAILED ({result.error})\n    {' '.join(cmd[:6])} ...\n{tail}"
            )
            return result
        result.times.append(elapsed)
        log(f"  [{result.tree}] {result.mode}: run {i + 1}/{repeat}: {elapsed:.2f} s")
    return result


def bench_tree(tree: Tree, args: argparse.Namespace, scratch: Path) -> list[Result]:
    targets = [str(t) for t in tree.targets]
    cwd = scratch / "cwd"  # empty: no configuration in the working directory
    cwd.mkdir(exist_ok=True)
    out = scratch / "redline-out.json"
    repeat = args.repeat
    bandit_repeat = args.bandit_repeat
    if bandit_repeat is None:
        bandit_repeat = 1 if tree.name == "stdlib" else repeat
    results: list[Result] = []
    tools = set(args.tools)

    redline = venv_tool("redline")
    base = (
        [str(redline), "check", *targets, "--format", "json", "--output", str(out)]
        if redline
        else []
    )

    for jobs in (1, 2):
        key = f"redline-j{jobs}"
        if key not in tools:
            continue
        res = Result(tree.name, f"redline cold --jobs {jobs}")
        if not redline:
            res.error = "redline not installed (pip install -e .)"
        else:
            measure(res, [*base, "--jobs", str(jobs), "--no-cache"], repeat, cwd, args.timeout)
        results.append(res)

    if "redline-warm" in tools:
        cache_dir = scratch / f"cache-{tree.name}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        cmd = [*base, "--jobs", "2", "--cache-dir", str(cache_dir)]
        fill = Result(tree.name, "redline --jobs 2, filling the cache")
        warm = Result(tree.name, "redline warm --jobs 2 (cached)")
        if not redline:
            fill.error = warm.error = "redline not installed (pip install -e .)"
        else:
            measure(fill, cmd, 1, cwd, args.timeout)
            if fill.error:
                warm.error = "cache fill failed"
            else:
                measure(warm, cmd, repeat, cwd, args.timeout)
        results += [fill, warm]
        shutil.rmtree(cache_dir, ignore_errors=True)

    if "bandit" in tools:
        bandit = venv_tool("bandit")
        res = Result(tree.name, "bandit -r")
        if not bandit:
            res.error = "bandit not installed (pip install -e .[bench])"
        else:
            cmd = [str(bandit), "-r", "-q", "-f", "json", "-o", os.devnull, *targets]
            measure(res, cmd, bandit_repeat, cwd, args.timeout)
        results.append(res)

    if "ruff" in tools:
        ruff = venv_tool("ruff")
        res = Result(tree.name, "ruff check --select S")
        if not ruff:
            res.error = "ruff not installed (pip install -e .[bench])"
        else:
            cmd = [
                str(ruff), "check", "--select", "S", "--no-cache", "--isolated",
                "--output-format", "json", "--output-file", os.devnull, *targets,
            ]  # fmt: skip
            measure(res, cmd, repeat, cwd, args.timeout)
        results.append(res)
    return results


# --------------------------------------------------------------------------------------------
# Report


def ratio(reference: float | None, this: float | None) -> str:
    """How many times faster than the reference this run is (>1: faster)."""
    if reference is None or this is None or this <= 0:
        return "–"
    return f"{reference / this:.2f}×"


def goal(tree: Tree, value: float, target: float) -> str:
    # The goals are about large trees; on a handful of files process start-up dominates.
    if tree.files < GOAL_MIN_FILES:
        return f"goal ≥ {target:g}× is judged on trees of {GOAL_MIN_FILES}+ files only"
    return f"goal ≥ {target:g}×: {'met' if value >= target else 'NOT met'}"


def find(results: list[Result], tree: str, prefix: str) -> float | None:
    for res in results:
        if res.tree == tree and res.mode.startswith(prefix):
            return res.median
    return None


def report(trees: list[Tree], results: list[Result], args: argparse.Namespace, wall: float) -> str:
    lines: list[str] = []
    lines.append(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; redline {dist_version('redline')}, libcst {dist_version('libcst')}, "
        f"bandit {dist_version('bandit')}, ruff {dist_version('ruff')}. "
        f"Median of {args.repeat} run(s) unless the runs column says otherwise."
    )
    lines.append("")
    lines.append("| tree | files | tool / mode | runs | median s | files/s | vs bandit | vs ruff |")
    lines.append("|---|---:|---|---:|---:|---:|---:|---:|")
    for tree in trees:
        bandit = find(results, tree.name, "bandit")
        ruff = find(results, tree.name, "ruff")
        for res in (r for r in results if r.tree == tree.name):
            med = res.median
            if med is None:
                cells = [res.error or "no runs", "", "", "", ""]
            else:
                rate = f"{tree.files / med:,.0f}" if med > 0 else "–"
                runs = str(len(res.times))
                cells = [runs, f"{med:.2f}", rate, ratio(bandit, med), ratio(ruff, med)]
            lines.append(f"| {tree.name} | {tree.files} | {res.mode} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        '"vs bandit" / "vs ruff": the other tool\'s median time divided by this row\'s '
        "(above 1× = faster than that tool, below 1× = slower). Files: `.py` files in the tree."
    )
    for tree in trees:
        lines.append("")
        lines.append(f"**{tree.name}**: {tree.note}; {tree.files} Python files.")
        cold2 = find(results, tree.name, "redline cold --jobs 2")
        cold1 = find(results, tree.name, "redline cold --jobs 1")
        warm = find(results, tree.name, "redline warm")
        bandit = find(results, tree.name, "bandit")
        if cold2 is not None and warm is not None:
            speedup = cold2 / warm if warm > 0 else float("inf")
            lines.append(
                f"- warm speed-up vs cold --jobs 2: {speedup:.1f}× ({goal(tree, speedup, 20)})"
            )
        if cold2 is not None and bandit is not None:
            factor = bandit / cold2
            lines.append(
                f"- cold --jobs 2 throughput vs bandit: {factor:.2f}× ({goal(tree, factor, 2)})"
            )
        if cold1 is not None and cold2 is not None:
            lines.append(f"- --jobs 2 vs --jobs 1: {cold1 / cold2:.2f}× faster")
        if bandit is not None:
            runs = next(
                len(r.times) for r in results if r.tree == tree.name and r.mode.startswith("bandit")
            )
            if runs < args.repeat:
                lines.append(
                    f"- bandit ran {runs} time(s) on this tree (it is slow; `--bandit-repeat N` for more)"
                )
    lines.append("")
    lines.append(f"Total benchmark wall time: {wall:.0f} s.")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------


ALL_TOOLS = ["redline-j1", "redline-j2", "redline-warm", "bandit", "ruff"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time redline check against bandit and ruff --select S (Markdown table on stdout)."
    )
    parser.add_argument(
        "--trees",
        default="stdlib,example",
        help="comma-separated: 'stdlib', 'example' or folder paths (default: stdlib,example)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per measurement; the median is reported (default 3)",
    )
    parser.add_argument(
        "--bandit-repeat",
        type=int,
        default=None,
        help="runs of bandit (default: 1 on the stdlib tree, --repeat elsewhere)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="only the example app (overrides --trees)"
    )
    parser.add_argument(
        "--tools",
        default=",".join(ALL_TOOLS),
        help=f"comma-separated subset of {','.join(ALL_TOOLS)} (default: all)",
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds before one run is abandoned"
    )
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    if args.repeat < 1 or (args.bandit_repeat is not None and args.bandit_repeat < 1):
        parser.error("--repeat and --bandit-repeat must be at least 1")
    args.trees = (
        ["example"] if args.quick else [t.strip() for t in args.trees.split(",") if t.strip()]
    )
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = sorted(set(args.tools) - set(ALL_TOOLS))
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(ALL_TOOLS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if venv_tool("redline") is None:
        log(
            f"compare_cli: no `redline` script beside {sys.executable}; run `pip install -e .[bench]` in this venv"
        )
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
        scratch = Path(tmp)
        trees = [make_tree(spec, scratch) for spec in args.trees]
        results: list[Result] = []
        for tree in trees:
            log(f"[{tree.name}] {tree.files} Python files: {tree.note}")
            results += bench_tree(tree, args, scratch)
    text = report(trees, results, args, time.perf_counter() - started)
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text + "\n", encoding="utf-8")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
