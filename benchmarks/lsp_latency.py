"""Edit-to-diagnostics latency of `redline serve`, with `ruff server` measured the same way.

Drives each server over stdio like an editor: open a file made of real standard-library code
(500, 5,000 and 10,000 lines), then type one character per didChange at 20 places and time
edit -> publishDiagnostics (push) and edit -> textDocument/diagnostic response (pull). Also
the first-open time and the RSS of redline with 200 open documents. Prints a Markdown table.

    python benchmarks/lsp_latency.py [--sizes 500,5000,10000] [--docs 200] [--no-ruff]
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import shutil
import statistics
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

STDLIB = Path(sysconfig.get_paths()["stdlib"])
MODULES = ["argparse.py", "subprocess.py", "tarfile.py", "shutil.py", "inspect.py", "typing.py", "pathlib.py", "zipfile/__init__.py", "logging/__init__.py", "email/message.py"]
EDITS = 20


def real_code(lines: int) -> str:
    """Whole top-level statements of stdlib modules until `lines` lines (the text parses)."""
    chunks: list[str] = []
    total = 0
    for name in MODULES:
        source = (STDLIB / name).read_text(encoding="utf-8")
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


def edit_places(text: str) -> list[tuple[int, int]]:
    """20 indented code lines spread over the file: a space typed at their end keeps it valid."""
    rows = text.splitlines()
    candidates = [i for i, row in enumerate(rows) if row.startswith("        ") and row.strip() and not row.rstrip().endswith(("\\", ",")) and '"""' not in row and "'''" not in row and not row.strip().startswith("#")]
    step = max(1, len(candidates) // EDITS)
    return [(i, len(rows[i])) for i in candidates[::step][:EDITS]]


class Probe:
    """One server process and a client that records when each diagnostics version arrives."""

    def __init__(self, command: list[str], pull: bool) -> None:
        self.command = command
        self.pull = pull
        self.client = LanguageClient("latency-probe", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            self.arrived[(params.uri, params.version)] = time.perf_counter()

        @self.client.feature(types.WORKSPACE_CONFIGURATION)
        def _configuration(params: types.ConfigurationParams) -> list[Any]:
            return [None for _ in params.items]

    async def start(self, root: Path) -> None:
        await self.client.start_io(*self.command)
        text_document = types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            diagnostic=types.DiagnosticClientCapabilities() if self.pull else None,
        )
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(text_document=text_document, workspace=types.WorkspaceClientCapabilities(configuration=True)),
            root_uri=root.as_uri(), workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")],
        ))
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 10)
            self.client.exit(None)
        except Exception:
            pass
        await self.client.stop()

    def open(self, uri: str, text: str) -> None:
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))

    def change(self, uri: str, version: int, line: int, column: int, text: str) -> None:
        at = types.Position(line=line, character=column)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)]))

    async def diagnostics(self, uri: str, version: int, timeout: float = 300) -> float:
        """When the diagnostics for `version` were available (push: arrived; pull: answered)."""
        if self.pull:
            await asyncio.wait_for(self.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri))), timeout)
            return time.perf_counter()
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.arrived:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.command[0]}: no diagnostics for version {version}")
            await asyncio.sleep(0.0005)
        return self.arrived[(uri, version)]


async def measure(command: list[str], pull: bool, text: str, root: Path, name: str) -> dict[str, float]:
    probe = Probe(command, pull)
    await probe.start(root)
    uri = (root / name).as_uri()
    started = time.perf_counter()
    probe.open(uri, text)
    first_open = await probe.diagnostics(uri, 1) - started
    latencies = []
    version = 1
    rows = text.splitlines()
    for line, column in edit_places(text):
        version += 1
        sent = time.perf_counter()
        probe.change(uri, version, line, column, " ")
        latencies.append((await probe.diagnostics(uri, version) - sent) * 1000)
        rows[line] += " "
    await probe.stop()
    latencies.sort()
    return {
        "first_open_s": first_open, "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))], "max": latencies[-1],
    }


async def rss_with_documents(command: list[str], count: int, root: Path) -> float:
    """MiB of resident memory after `count` standard-library modules were opened and checked."""
    probe = Probe(command, pull=False)
    await probe.start(root)
    files = sorted(p for p in STDLIB.glob("*.py"))[:count]
    for index, path in enumerate(files):
        probe.open((root / f"m{index}.py").as_uri(), path.read_text(encoding="utf-8", errors="replace"))
    for index in range(len(files)):
        await probe.diagnostics((root / f"m{index}.py").as_uri(), 1, timeout=1800)
    pid = probe.client._server.pid if probe.client._server else None  # type: ignore[attr-defined]
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
    args = parser.parse_args()
    root = Path.cwd() / ".lsp-bench"
    root.mkdir(exist_ok=True)
    servers = {"redline": [sys.executable, "-m", "redline", "serve"]}
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not args.no_ruff and Path(ruff).exists():
        servers["ruff server"] = [ruff, "server"]
    print("| server | lines | mode | first open (s) | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        text = real_code(size)
        for server, command in servers.items():
            for pull in (False, True):
                result = await measure(command, pull, text, root, f"bench_{size}_{int(pull)}.py")
                print(f"| {server} | {text.count(chr(10))} | {'pull' if pull else 'push'} | {result['first_open_s']:.2f} | "
                      f"{result['p50']:.1f} | {result['p95']:.1f} | {result['max']:.1f} |", flush=True)
    if args.docs:
        rss = await rss_with_documents(servers["redline"], args.docs, root)
        print(f"\nredline RSS with {args.docs} open standard-library modules: {rss:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
