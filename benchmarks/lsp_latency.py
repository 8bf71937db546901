"""Edit-to-diagnostics latency of `redline serve`, with `ruff server` measured the same way.

Drives each server over stdio like an editor: open a file made of real standard-library code
(500, 5,000 and 10,000 lines), then type one character per didChange at 20 places and time
edit -> publishDiagnostics (push) and edit -> textDocument/diagnostic response (pull). Also
the first-open time and the RSS of redline with 200 open documents. Prints a Markdown table.

    python benchmarks/lsp_latency.py [--sizes 500,5000,10000] [--docs 200] [--no-ruff] [--baseline DIR]
                                     [--with-sources] [--keystroke space|name]

`--with-sources` builds the files from the data-flow corpus (tests/corpus/dataflow: view
functions reading request input, repeated as needed) instead of standard-library code, so
the edited functions hold taint sources and their data flow runs. `--keystroke name` types
an `x` at the end of the line's last name instead of a space at the line's end: a space
keeps the statement's tokens (the server keeps its findings), a name changes them.

The last three columns are the server process's CPU time per keystroke (its threads', from
/proc, over the 20 keystrokes: what the keystrokes cost whatever the load), the part of it
spent by its main thread (redline's event loop: reading the didChange, publishing; the rest is
the analysis thread's, which compares with keystroke_breakdown.py's mean in process) and its
context switches per keystroke.

`--baseline DIR` also measures, in the same run, the `redline` package found in DIR (for
instance an older version: `git archive` its `server/` as DIR/redline and its `rules/` as
DIR/redline/builtin_rules), so a change is compared on the same machine at the same time.

`--profile DIR` runs this checkout's server with REDLINE_PROFILE (server/lsp/profiling.py),
its files per size and mode in DIR/<lines>-<push|pull>/ (`--profile-calls`: cProfile files
too, which slow the server several times over), and a second table gives the timeline of
the typed keystrokes: per step of the server (didChange received, and read since the client wrote it, debounce,
analysis start, model updated, findings, converted, published (a push: its message handed to
the pipe), written (a push's write returned), arrived at the client, and the background follow-up
of callers' data flow), the ms since the didChange (p50 / p95 / max), the analysis
thread's CPU time from analysis start to model updated, and the event loop's CPU time per
keystroke (from the previous version's publish to this one's: reading and handling the
didChange, handing the analysis over and back, publishing); its max is the first keystroke's.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import json
import keyword
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any


STDLIB = Path(sysconfig.get_paths()["stdlib"])
MODULES = ["argparse.py", "subprocess.py", "tarfile.py", "shutil.py", "inspect.py", "typing.py", "pathlib.py", "zipfile/__init__.py", "logging/__init__.py", "email/message.py"]
EDITS = 20
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "dataflow"
_NAME = re.compile(r"[A-Za-z_]\w*")


def real_code(lines: int, sources: bool = False) -> str:
    """Whole top-level statements of stdlib modules (or, with `sources`, of the data-flow
    corpus, repeated) until `lines` lines (the text parses)."""
    chunks: list[str] = []
    total = 0
    files = sorted(CORPUS.glob("*.py")) * (1 + lines // 2000) if sources else [STDLIB / name for name in MODULES]
    for path in files:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        rows = source.splitlines(keepends=True)
        for node in tree.body:
            start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
            piece = "".join(rows[start : node.end_lineno])
            chunks.append(piece)
            total += piece.count("\n")
            if total >= lines:
                return "".join(chunks)
    return "".join(chunks)


def fill_rule_cache(path: list[str]) -> None:
    """Load the built-in rules once, in a process of their own, with the `redline` package
    found first on `path` (empty: this checkout's), so that its rule cache holds the entries
    the measured processes read. A version's first run in a cache that lacks them (a new
    checkout, another loader) compiles every rule at load and none at its first open: the
    first open then pays no deferred rule and looks ~0.08 s cheaper at 10,031 lines."""
    code = (
        f"import sys; sys.path[:0] = {path!r}\n"
        "from redline import runner\nfrom redline.config import Config\n"
        "try:\n    runner.engine_for(runner.rule_folders(Config()), deferred=True)\n"
        "except TypeError:  # a version before deferred rules\n    runner.engine_for(runner.rule_folders(Config()))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=False, capture_output=True)  # best effort: a version that cannot load them fails in its measured runs


def server_setup(folder: Path) -> tuple[Any, Any]:
    """The engine and a function giving a file's analysis options as `redline serve` makes them
    for files of `folder` (server.py's `engine` and `options_for`): rules compiled when first
    needed, the config found from the folder (the editor's default tiers: `audit` off), project
    data flow. In-process benchmarks see what the server pays only with these: with every rule
    on, more definitions stay parsed at first open, and the first keystroke in a lazy one
    (parsed and checked whole by the server) is never measured."""
    from redline.config import load_config
    from redline.runner import engine_for, rule_folders

    try:
        from redline.lsp.server import document_options
    except ImportError:  # a version before it, measured as a baseline: the options it made alike
        return _older_setup(folder)
    config = load_config(folder)
    engine = engine_for(rule_folders(config), deferred=True)
    return engine, lambda path: document_options(config, path)


def _older_setup(folder: Path) -> tuple[Any, Any]:
    """`server_setup` for versions whose server.py had no `document_options` (before
    2026-11-27): the same options, each rule's verdict decided once per path as the server did."""
    from redline.config import load_config
    from redline.engine.analysis import AnalysisOptions
    from redline.engine.suppressions import SuppressionOptions
    from redline.runner import engine_for, rule_folders

    config = load_config(folder)

    def options(path: Path) -> Any:
        verdicts: dict[str, bool] = {}

        def enabled(info: Any) -> bool:
            if info.id not in verdicts:
                verdicts[info.id] = config.rule_enabled(info, path)
            return verdicts[info.id]
        return AnalysisOptions(
            path=str(path), enabled=enabled, severity_of=config.severity_for,
            suppression=SuppressionOptions(config.nosec, config.noqa, config.require_reason, False),
            taint=config.taint.in_project(config.root, path),
        )
    return engine_for(rule_folders(config), deferred=True), options


def edit_places(text: str, keystroke: str = "space") -> list[tuple[int, int]]:
    """20 indented code lines spread over the file and where to type on each: a space at the
    line's end, or (`name`) an `x` at the end of its last name; either keeps the text valid."""
    rows = text.splitlines()
    candidates = [i for i, row in enumerate(rows) if row.startswith("        ") and row.strip() and not row.rstrip().endswith(("\\", ",")) and '"""' not in row and "'''" not in row and not row.strip().startswith("#")]
    if keystroke == "name":
        candidates = [i for i in candidates if _last_name_end(rows[i]) is not None]
    step = max(1, len(candidates) // EDITS)
    chosen = candidates[::step][:EDITS]
    if keystroke == "name":
        return [(i, _last_name_end(rows[i]) or 0) for i in chosen]
    return [(i, len(rows[i])) for i in chosen]


def _last_name_end(row: str) -> int | None:
    """Where the line's last name (not a keyword) ends; None on lines with strings or comments."""
    if any(mark in row for mark in "#'\""):
        return None
    names = [m for m in _NAME.finditer(row) if not keyword.iskeyword(m.group())]
    return names[-1].end() if names else None


class Probe:
    """One server process driven by a minimal JSON-RPC client over its stdio (no LSP library
    on this side, so any server's messages are accepted as they are)."""

    def __init__(self, command: list[str], pull: bool, env: dict[str, str] | None = None) -> None:
        self.command = command
        self.pull = pull
        self.env = env
        self.process: asyncio.subprocess.Process | None = None
        self.arrived: dict[tuple[str, int | None], float] = {}
        self.sent: dict[int, float] = {}  # perf_counter when each didChange version was written
        self.answers: dict[int, asyncio.Future[Any]] = {}
        self.ids = 0
        self.reader: asyncio.Task[None] | None = None

    async def start(self, root: Path) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
            limit=2**26, env=self.env)
        self.reader = asyncio.create_task(self._read())
        text_document: dict[str, Any] = {
            "synchronization": {"didSave": True}, "publishDiagnostics": {"versionSupport": True},
        }
        if self.pull:
            text_document["diagnostic"] = {}
        await self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(), "capabilities": {"textDocument": text_document},
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
        })
        self.notify("initialized", {})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params: Any, timeout: float = 300) -> Any:
        self.ids += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.answers[self.ids] = future
        self._send({"jsonrpc": "2.0", "id": self.ids, "method": method, "params": params})
        return await asyncio.wait_for(future, timeout)

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        while True:
            length = 0
            while (line := await stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(await stream.readexactly(length))
            now = time.perf_counter()
            if "id" in message and "method" in message:  # a request from the server: answer it
                result = [None for _ in message.get("params", {}).get("items", [])] if message["method"] == "workspace/configuration" else None
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif "id" in message:
                future = self.answers.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message.get("result"))
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.arrived[(params["uri"], params.get("version"))] = now

    async def stop(self) -> None:
        try:
            await self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            assert self.process is not None
            await asyncio.wait_for(self.process.wait(), 10)
        except Exception:
            if self.process is not None and self.process.returncode is None:
                self.process.kill()
        if self.reader is not None:
            self.reader.cancel()

    def server_work(self) -> tuple[float, float, int]:
        """The server's CPU ms so far over its live threads, the CPU ms of its main thread
        alone, and its context switches (Linux' /proc; zeros elsewhere): what a keystroke
        costs the process, whatever the load, and how much of it the event loop paid."""
        pid = str(self.process.pid if self.process else 0)
        tasks = Path(f"/proc/{pid}/task")
        cpu_ns, main_ns, switches = 0, 0, 0
        for task in tasks.iterdir() if tasks.is_dir() else ():
            with contextlib.suppress(OSError):  # a thread that ended meanwhile
                spent = int((task / "schedstat").read_text().split()[0])
                cpu_ns += spent
                main_ns += spent if task.name == pid else 0
                switches += sum(int(line.split()[1]) for line in (task / "status").read_text().splitlines() if "ctxt_switches:" in line)
        return cpu_ns / 1e6, main_ns / 1e6, switches

    def open(self, uri: str, text: str) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})

    def change(self, uri: str, version: int, line: int, column: int, text: str) -> None:
        at = {"line": line, "character": column}
        self.sent[version] = time.perf_counter()
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": text}],
        })

    async def diagnostics(self, uri: str, version: int, timeout: float = 300) -> float:
        """When the diagnostics for `version` were available (push: arrived; pull: answered)."""
        if self.pull:
            await self.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout)
            return time.perf_counter()
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.arrived:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.command[0]}: no diagnostics for version {version}")
            await asyncio.sleep(0.0005)
        return self.arrived[(uri, version)]


async def measure(
    command: list[str], pull: bool, text: str, root: Path, name: str, keystroke: str, env: dict[str, str] | None = None, pause_ms: float = 0.0,
) -> dict[str, Any]:
    probe = Probe(command, pull, env)
    await probe.start(root)
    uri = (root / name).as_uri()
    started = time.perf_counter()
    probe.open(uri, text)
    first_open = await probe.diagnostics(uri, 1) - started
    latencies = []
    arrived: dict[int, float] = {}  # perf_counter when each version's diagnostics reached this client
    version = 1
    rows = text.splitlines()
    typed = "x" if keystroke == "name" else " "
    places = edit_places(text, keystroke)
    cpu_before, main_before, switches_before = probe.server_work()
    for line, column in places:
        version += 1
        sent = time.perf_counter()
        probe.change(uri, version, line, column, typed)
        arrived[version] = await probe.diagnostics(uri, version)
        latencies.append((arrived[version] - sent) * 1000)
        rows[line] = rows[line][:column] + typed + rows[line][column:]
        if pause_ms:  # a typist's pause: the server's background data flow may start in it
            await asyncio.sleep(pause_ms / 1000)
    cpu_after, main_after, switches_after = probe.server_work()
    await probe.stop()
    latencies.sort()
    return {"first_open_s": first_open, "p50": statistics.median(latencies), "p95": percentile95(latencies), "max": latencies[-1], "sent": probe.sent, "arrived": arrived,
            "cpu": (cpu_after - cpu_before) / len(places), "main cpu": (main_after - main_before) / len(places), "switches": (switches_after - switches_before) / len(places)}


def timeline(folder: Path, sent: dict[int, float], arrived: dict[int, float]) -> dict[str, list[float]]:
    """From a profiled server's timeline.tsv: per step, the ms from each typed version's
    didChange to that step's first time for the version; the ms from the client writing the
    didChange (`sent`: perf_counter is the system's monotonic clock, the same in both
    processes) to the server's handler, which reading and parsing the message took; and the
    analysis thread's CPU ms from its start to the model being up to date (the rest of that
    span the thread waited: for the interpreter lock, or for a core on a busy machine); the
    event loop thread's CPU ms from the previous version's publish to this one's; and when the
    diagnostics reached the client (`arrived`, the same clock), after which a push's `written`
    (its blocking write returning) may come: the client woken by the write may run first."""
    received: dict[int, float] = {}
    steps: dict[tuple[str, int], tuple[float, float]] = {}
    loop_thread: dict[int, str] = {}  # the thread that published each version (the event loop's)
    pauses: list[tuple[float, float]] = []  # full garbage collections: when, ms
    for row in (folder / "timeline.tsv").read_text(encoding="utf-8").splitlines():
        at, thread, step, version, uri, cpu = row.split("\t")
        if step == "gc":
            pauses.append((float(at), float(uri)))
        elif step == "didChange":
            received.setdefault(int(version), float(at))
        else:
            steps.setdefault((step, int(version)), (float(at), float(cpu)))
            if step == "published":
                loop_thread.setdefault(int(version), thread)
    spent: dict[str, list[float]] = {}
    for (step, version), (at, _cpu) in steps.items():
        if version in received:
            spent.setdefault(step, []).append((at - received[version]) * 1000)
    for version, at in received.items():
        if version in sent:
            spent.setdefault("didChange read (ms after the client wrote it)", []).append((at - sent[version]) * 1000)
        end = steps.get(("published", version))
        if end is not None:
            spent.setdefault("full gc inside (ms, not after didChange)", []).append(sum(ms for when, ms in pauses if at <= when <= end[0]))
        begun, done = steps.get(("analysis", version)), steps.get(("model", version))
        if begun is not None and done is not None:
            spent.setdefault("analysis CPU, analysis to model (ms, not after didChange)", []).append((done[1] - begun[1]) * 1000)
        if version in arrived:
            spent.setdefault("arrived at the client", []).append((arrived[version] - at) * 1000)
        before = steps.get(("published", version - 1))
        if before is not None and end is not None and loop_thread.get(version - 1) == loop_thread.get(version):
            spent.setdefault("event loop CPU, previous publish to publish (ms, not after didChange)", []).append((end[1] - before[1]) * 1000)
    return spent


def percentile95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


async def rss_with_documents(command: list[str], count: int, root: Path) -> float:
    """MiB of resident memory after `count` standard-library modules were opened and checked."""
    probe = Probe(command, pull=False)
    await probe.start(root)
    files = sorted(p for p in STDLIB.glob("*.py"))[:count]
    for index, path in enumerate(files):
        probe.open((root / f"m{index}.py").as_uri(), path.read_text(encoding="utf-8", errors="replace"))
    for index in range(len(files)):
        await probe.diagnostics((root / f"m{index}.py").as_uri(), 1, timeout=1800)
    pid = probe.process.pid if probe.process else None
    rss = 0.0
    if pid is not None:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    await probe.stop()
    return rss


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,10000")
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--no-ruff", action="store_true")
    parser.add_argument("--baseline", type=Path, help="a folder holding another redline package to measure too")
    parser.add_argument("--with-sources", action="store_true", help="files of view functions reading input (the data-flow corpus)")
    parser.add_argument("--keystroke", choices=["space", "name"], default="space")
    parser.add_argument("--pause", type=float, default=0.0, help="ms to wait after each keystroke's diagnostics (over 200: the next keystroke may land in the deferred data flow)")
    parser.add_argument("--profile", type=Path, help="profile this checkout's server; files and a timeline land here")
    parser.add_argument("--profile-calls", action="store_true", help="with --profile: cProfile the server's threads too")
    args = parser.parse_args()
    root = Path.cwd() / ".lsp-bench"
    root.mkdir(exist_ok=True)
    servers = {"redline": [sys.executable, "-m", "redline", "serve"]}
    if args.baseline is not None:
        start = f"import sys, runpy; sys.path.insert(0, {str(args.baseline.resolve())!r}); runpy.run_module('redline', run_name='__main__', alter_sys=True)"
        servers["redline baseline"] = [sys.executable, "-c", start, "serve"]
    fill_rule_cache([])  # the server's deferred rules, from the first run on
    if args.baseline is not None:
        fill_rule_cache([str(args.baseline.resolve())])
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not args.no_ruff and Path(ruff).exists():
        servers["ruff server"] = [ruff, "server"]
    print("| server | lines | mode | first open (s) | p50 (ms) | p95 (ms) | max (ms) | CPU/keystroke (ms) | of which main thread | switches/keystroke |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    profiled: dict[str, Path] = {}
    sent: dict[str, dict[int, float]] = {}  # per profiled run, when each didChange was written
    arrived: dict[str, dict[int, float]] = {}  # per profiled run, when each version's diagnostics arrived
    for size in (int(s) for s in args.sizes.split(",")):
        text = real_code(size, args.with_sources)
        for server, command in servers.items():
            for pull in (False, True):
                run = f"{text.count(chr(10))}-{'pull' if pull else 'push'}"
                env = None
                if args.profile is not None and server == "redline":
                    profiled[run] = (args.profile / run).resolve()
                    env = {**os.environ, "REDLINE_PROFILE": str(profiled[run]), "REDLINE_PROFILE_CALLS": "1" if args.profile_calls else "0"}
                result = await measure(command, pull, text, root, f"bench_{size}_{int(pull)}.py", args.keystroke, env, args.pause)
                if env is not None:
                    sent[run], arrived[run] = result["sent"], result["arrived"]
                print(f"| {server} | {text.count(chr(10))} | {'pull' if pull else 'push'} | {result['first_open_s']:.2f} | "
                      f"{result['p50']:.1f} | {result['p95']:.1f} | {result['max']:.1f} | {result['cpu']:.1f} | {result['main cpu']:.1f} | {result['switches']:.0f} |", flush=True)
    if profiled:
        print("\n| lines-mode | step | ms after didChange p50 | p95 | max | times |")
        print("|---|---|---:|---:|---:|---:|")
        for run, folder in profiled.items():
            for step, values in timeline(folder, sent[run], arrived[run]).items():
                print(f"| {run} | {step} | {statistics.median(values):.1f} | {percentile95(values):.1f} | {max(values):.1f} | {len(values)} |")
    if args.docs:
        print()
        for server in (name for name in servers if name.startswith("redline")):  # the baseline too: compare within a run
            rss = await rss_with_documents(servers[server], args.docs, root)
            print(f"{server} RSS with {args.docs} open standard-library modules: {rss:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
