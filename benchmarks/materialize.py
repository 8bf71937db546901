"""The keystrokes that make lazy units needed, in process: what each costs (CPU) and what it
parsed and checked (`Stats`), this checkout and optionally another redline package.

    python benchmarks/materialize.py [--sizes 5000,10000] [--baseline DIR] [--rounds 1]

First open leaves most definitions of `lsp_latency.py`'s generated files lazy (stubs:
lazy_units.py); some edits may make a lazy unit needed (units.py's `_lazy_edit`):
- `import`: typing `import pickle` letter by letter on a new line above the file's first
  top-level import (a module statement whose edit binds something, then a new import);
- `paste`: a paste over the boundary of two top-level definitions (their text again: an edit
  spanning two units), at three places, each in a freshly opened document.
Each row is one keystroke (or paste): CPU ms (time.process_time), lines parsed (unit parses
plus the whole text per full parse), lines the checks walked (Stats.checked_lines), checks
made, and the lazy units before and after. The counts do not depend on the machine's load.
`DIR` holds a `redline` package (as for `keystroke_ab.py --baseline`), run in a fresh
process of its own; versions alternate per round.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TYPED = "import pickle"


def _counts(document: Any) -> tuple[int, int, int]:
    stats, lines = document.stats, len(document.buffer.lines)
    return stats.parsed_lines + stats.full_parses * lines, stats.checked_lines, stats.unit_checks


def _measured(document: Any, changes: list[Any], label: str) -> dict[str, Any]:
    """Apply `changes` as one keystroke, as the server does (deferred data flow waits), and
    read the findings: its CPU ms and counts."""
    before, lazy = _counts(document), document.lazy_units()
    started = time.process_time()
    document.apply(changes, defer=True)
    document.findings()
    spent = (time.process_time() - started) * 1000
    after = _counts(document)
    return {"label": label, "ms": spent, "parsed": after[0] - before[0], "checked": after[1] - before[1], "checks": after[2] - before[2], "lazy": f"{lazy} → {document.lazy_units()}"}


def scenario_rows(size: int) -> list[dict[str, Any]]:
    """Every scenario's rows for the file of `size` lines."""
    from lsp_latency import real_code, server_setup
    from redline.engine.units import Change, IncrementalDocument
    from redline.lsp import heap

    heap.collect_seldom()
    text = real_code(size)
    engine, options_for = server_setup(Path.cwd())  # as the server: its rules, tiers and data flow
    options = options_for(Path.cwd() / "bench.py")
    tree = ast.parse(text)
    rows: list[dict[str, Any]] = []

    def opened() -> Any:
        document = IncrementalDocument(engine, text, options)
        document.findings()
        heap.keep()
        return document

    document = opened()
    at = next(node.lineno - 1 for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom)))
    rows.append({"scenario": "import", **_measured(document, [Change((at, 0), (at, 0), "\n")], f"line {at + 1}: new line")})
    for column, letter in enumerate(TYPED):
        rows.append({"scenario": "import", **_measured(document, [Change((at, column), (at, column), letter)], f"`{TYPED[: column + 1]}`")})
    definitions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    pairs = [pair for pair in zip(definitions, definitions[1:]) if pair[0].end_lineno is not None and pair[1].lineno == pair[0].end_lineno + 3]
    lines = text.splitlines(keepends=True)
    for index in sorted({len(pairs) // 4, len(pairs) // 2, 3 * len(pairs) // 4}):
        first, second = pairs[index]
        start, end = first.end_lineno - 1, second.lineno  # type: ignore[operator]
        pasted = "".join(lines[start:end])
        document = opened()
        rows.append({"scenario": "paste", **_measured(document, [Change((start, 0), (end, 0), pasted)], f"lines {start + 1}-{end}")})
    return rows


def run(pythonpath: str | None, size: int) -> list[dict[str, Any]]:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    out = subprocess.run([sys.executable, str(Path(__file__)), "--child", str(size)], env=env, cwd=HERE, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="a folder holding another redline package")
    parser.add_argument("--sizes", default="5000,10000")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(scenario_rows(args.child)))
        return
    versions = [("this", None), ("baseline", args.baseline)] if args.baseline else [("this", None)]
    sys.path.insert(0, str(HERE))
    from lsp_latency import fill_rule_cache

    for _, path in versions:
        fill_rule_cache([str(Path(path).resolve())] if path else [])
    print("| lines | version | round | scenario | keystroke | CPU ms | parsed lines | checked lines | checks | lazy units |")
    print("|---:|---|---:|---|---|---:|---:|---:|---:|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        for round_ in range(args.rounds):
            for name, path in versions:
                for row in run(path, size):
                    print(f"| {size} | {name} | {round_ + 1} | {row['scenario']} | {row['label']} | {row['ms']:.1f} | {row['parsed']} | {row['checked']} | {row['checks']} | {row['lazy']} |", flush=True)


if __name__ == "__main__":
    main()
