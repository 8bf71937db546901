"""Where the language server's first open goes: a timeline of the real server over stdio.

Starts `redline serve` (or the `redline` package in `--baseline DIR`, built as
`lsp_latency.py` says) with the steps of a first open wrapped to note when each begins and
ends in the server process, drives it like an editor (initialize, initialized, then didOpen
of standard-library code at once, as VS Code does when a Python file starts the server; the
client answers `workspace/configuration`), and prints, in ms from didOpen received: config
answered, rules loaded on their own thread from the process's start (`loaded`; with its
thread's CPU ms, `loaded cpu`) and ready for the analysis thread (`rules`), the model's
phases (CPython plan, LibCST parse, source gate, check), diagnostics converted and
published, and the time Python's cycle collector took meanwhile; the CPU ms of the analysis thread in the model's first open (`model cpu`, what
`first_open.py`'s `cold` measures in process) and in the whole first analysis (`analysis
cpu`: options, the model and its diagnostics converted), which the machine's load moves less
than the wall times;
then the ms from the client sending didOpen to the server receiving it (`sent→open`: reading
and decoding the message, and whatever holds the interpreter meanwhile; `lsp_latency.py`'s
first open counts it on top of `publish`), and, in ms from the client spawning the process,
didOpen received and diagnostics published (what starts before the didOpen, such as the
rules loading while the server is imported, counts there too).
Each size and version runs `--runs` times (default 3) in fresh servers; medians are printed.

    python benchmarks/server_timeline.py [--sizes 500,10000] [--runs 3] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from lsp_latency import Probe, fill_rule_cache, real_code  # noqa: E402

# (step, module, attribute path): the server's functions whose start and end are noted.
STEPS = [
    ("didOpen", "redline.lsp.server", "RedlineServer.open"),
    ("config", "redline.lsp.server", "_fetch_configuration"),
    ("rules", "redline.lsp.server", "_compile_builtin_rules"),
    ("analysis", "redline.lsp.server", "RedlineServer._analyse"),
    ("model", "redline.engine.units", "IncrementalDocument.__init__"),
    ("plan", "redline.engine.units", "IncrementalDocument._first_open_plan"),
    ("parse", "redline.engine.first_open", "parse_source"),  # units.py's before first_open.py
    ("parse", "redline.engine.units", "parse_source"),
    ("parse", "redline.engine.first_open", "parse_vouched"),
    ("parse", "redline.engine.units", "parse_vouched"),
    ("gate", "redline.engine.units", "IncrementalDocument._reads_input"),
    ("check", "redline.engine.units", "IncrementalDocument._check_whole"),
    ("convert", "redline.lsp.server", "RedlineServer._result"),
    ("publish", "redline.lsp.server", "RedlineServer._deliver"),
]

# Runs in the server process before `redline serve`: wraps STEPS, appends one JSON line per
# call (step, start, end in perf_counter seconds, the calling thread's CPU seconds) and per
# collection to the file in the env.
_PROBE = """
import gc, importlib, inspect, json, os, sys, time
sys.path[:0] = {path!r}
out = open(os.environ["REDLINE_TIMELINE"], "a", buffering=1)
def note(step, start, end, cpu=0.0):
    out.write(json.dumps([step, start, end, cpu]) + "\\n")
def wrap(step, owner, name):
    original = getattr(owner, name)
    if inspect.iscoroutinefunction(original):
        async def wrapper(*args, **kwargs):
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return await original(*args, **kwargs)
            finally:
                note(step, start, time.perf_counter(), time.thread_time() - cpu)
    else:
        def wrapper(*args, **kwargs):
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                note(step, start, time.perf_counter(), time.thread_time() - cpu)
    setattr(owner, name, wrapper)
try:  # as `redline serve` does before importing the server (a version without it: nothing)
    from redline.lsp import startup
except ImportError:
    pass
else:
    wrap("loaded", startup, "_load")  # the rules' load on its own thread, from the process's start
    startup.begin()
server = importlib.import_module("redline.lsp.server")
for step, module, path in {steps!r}:
    try:
        owner = importlib.import_module(module)
    except ModuleNotFoundError:  # a version before that module
        continue
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    if getattr(owner, name, None) is not None:
        wrap(step, owner, name)
began = {{}}
def collected(phase, info):
    if phase == "start":
        began["at"] = time.perf_counter()
    else:
        note("gc" + str(info["generation"]), began.pop("at", time.perf_counter()), time.perf_counter())
gc.callbacks.append(collected)
sys.argv = ["redline", "serve"]
from redline.cli import main
raise SystemExit(main())
"""


class ConfiguredProbe(Probe):
    """The benchmark client, declaring `workspace.configuration` like VS Code (its answer: no settings)."""

    def _send(self, message: dict[str, Any]) -> None:
        if message.get("method") == "initialize":
            message["params"]["capabilities"]["workspace"] = {"configuration": True}
        super()._send(message)


async def one_open(path: list[str], text: str, root: Path) -> dict[str, float]:
    """Milliseconds from didOpen received to the end of each step (the first call of each),
    and from the process's spawn to didOpen received and to diagnostics published (the
    server's perf_counter is the client's: one monotonic clock on Linux)."""
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as log:
        os.environ["REDLINE_TIMELINE"] = log.name
        code = _PROBE.format(path=path, steps=[tuple(step) for step in STEPS])
        probe = ConfiguredProbe([sys.executable, "-c", code], pull=False)
        spawned = time.perf_counter()
        await probe.start(root)
        uri = (root / "timeline.py").as_uri()
        sent = time.perf_counter()
        probe.open(uri, text)
        await probe.diagnostics(uri, 1)
        await probe.stop()
        notes = [json.loads(line) for line in Path(log.name).read_text().splitlines()]
    os.unlink(log.name)
    opened = next(start for step, start, *_ in notes if step == "didOpen")
    ends: dict[str, float] = {}
    for step, start, end, cpu in notes:
        if not step.startswith("gc") and step not in ends:
            ends[step] = (end - opened) * 1000
            ends[step + " cpu"] = cpu * 1000
        if step == "parse":
            ends["parse ms"] = ends.get("parse ms", 0.0) + (end - start) * 1000
    published = ends.get("publish", 0.0)
    ends["spawn→open"] = (opened - spawned) * 1000
    ends["sent→open"] = (opened - sent) * 1000  # the client's didOpen until the server's handler: what lsp_latency counts on top
    ends["spawn→publish"] = ends["spawn→open"] + published
    ends["gc ms"] = sum((end - max(start, opened)) * 1000 for step, start, end, _ in notes if step.startswith("gc") and opened < end <= opened + published / 1000)
    return ends


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, default=None)
    args = parser.parse_args()
    root = Path.cwd() / ".lsp-bench"
    root.mkdir(exist_ok=True)
    versions = [("redline", [])] + ([("redline baseline", [str(args.baseline.resolve())])] if args.baseline else [])
    columns = ["config", "loaded", "loaded cpu", "rules", "plan", "parse", "gate", "check", "model", "convert", "publish", "parse ms", "gc ms", "model cpu", "analysis cpu", "sent→open", "spawn→open", "spawn→publish"]
    for _, path in versions:
        fill_rule_cache(path)  # the server's deferred rules, from the first run on
    print("| version | lines | " + " | ".join(columns) + " |")
    print("|---|---:|" + "---:|" * len(columns))
    for size in (int(s) for s in args.sizes.split(",")):
        text = real_code(size)
        for name, path in versions:
            runs = [await one_open(path, text, root) for _ in range(args.runs)]
            cells = [statistics.median(run.get(column, float("nan")) for run in runs) for column in columns]
            print(f"| {name} | {text.count(chr(10))} | " + " | ".join(f"{cell:.0f}" for cell in cells) + " |", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
