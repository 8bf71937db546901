"""A name (or space) keystroke's CPU time in process, this checkout against another redline
package, in alternating fresh processes: a busy machine's noise lands on both alike.

    python benchmarks/keystroke_ab.py --baseline DIR [--sizes 500,10000] [--rounds 3] [--repeat 9] [--first] [--with-sources]

`DIR` holds a `redline` package (as for `lsp_latency.py --baseline`: a `git archive` of another
commit's `server/` as `DIR/redline`, its `rules/` as `DIR/redline/builtin_rules`). Each of the
benchmark's 20 places (`lsp_latency.edit_places`) is typed at and undone `--repeat` times; a
keystroke is the edit, the findings and their conversion to diagnostics, as
`keystroke_breakdown.py` times it. Per round and version: the slowest place's median and the
sum of the 20 medians; then the medians over rounds and their ratio (this / baseline).
With `--first`: the first keystroke of a fresh document at each place (`first_keystrokes`),
once, instead of the medians of repeated ones. With `--with-sources`: the files of view
functions reading input (`lsp_latency.py --with-sources`), where the data flow runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def place_medians(size: int, keystroke: str, repeat: int, sources: bool = False) -> list[float]:
    """The median CPU ms of a keystroke at each place (typed, then undone, `repeat` times)."""
    from lsprotocol.converters import get_converter

    from lsp_latency import edit_places, real_code, server_setup
    from redline.engine.units import Change, IncrementalDocument
    from redline.lsp import heap
    from redline.lsp.diagnostics import Converted, severity_map
    from redline.lsp.positions import Codec

    heap.collect_seldom()
    text = real_code(size, sources)
    engine, options = server_setup(Path.cwd())  # as the server: its rules, tiers and data flow
    document = IncrementalDocument(engine, text, options(Path.cwd() / "bench.py"))
    heap.keep()
    cache, codec, severities, converter = Converted(), Codec("utf-16"), severity_map(None), get_converter()

    def publish() -> None:
        cache.convert(document.findings(), document.buffer.lines, codec, engine.all_infos(), severities, "file:///bench.py", converter)

    publish()
    typed = "x" if keystroke == "name" else " "
    medians = []
    for line, column in edit_places(text, keystroke):
        spent = []
        for _ in range(repeat):
            started = time.process_time()
            document.apply([Change((line, column), (line, column), typed)], defer=True)
            publish()
            spent.append((time.process_time() - started) * 1000)
            document.apply([Change((line, column), (line, column + 1), "")], defer=True)
            publish()
        medians.append(statistics.median(spent))
    return medians


def first_keystrokes(size: int, keystroke: str, sources: bool = False) -> list[float]:
    """The CPU ms of the first keystroke at each place, each in a document of its own opened
    on one engine (as the server shares it between documents), after a first document typed at
    once: what the engine finds once for every document is found by then."""
    from lsp_latency import edit_places, real_code, server_setup
    from redline.engine.units import Change, IncrementalDocument
    from redline.lsp import heap

    heap.collect_seldom()
    text = real_code(size, sources)
    engine, options = server_setup(Path.cwd())  # as the server: its rules, tiers and data flow
    typed = "x" if keystroke == "name" else " "
    places = edit_places(text, keystroke)
    spent = []
    for index, (line, column) in enumerate([places[0], *places]):
        document = IncrementalDocument(engine, text, options(Path.cwd() / f"bench{index}.py"))
        started = time.process_time()
        document.apply([Change((line, column), (line, column), typed)], defer=True)
        document.findings()
        spent.append((time.process_time() - started) * 1000)
    return spent[1:]


def run(pythonpath: str | None, size: int, keystroke: str, repeat: int, first: bool, sources: bool = False) -> tuple[float, float]:
    """The slowest place's median and the sum of the medians (with `first`: of the first
    keystrokes of fresh documents), in a fresh process."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    command = [sys.executable, str(Path(__file__)), "--child", str(size), "--keystroke", keystroke, "--repeat", str(repeat), *(["--first"] if first else []), *(["--with-sources"] if sources else [])]
    out = subprocess.run(command, env=env, cwd=HERE, check=True, capture_output=True, text=True).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="a folder holding another redline package")
    parser.add_argument("--sizes", default="500,10000")
    parser.add_argument("--keystroke", choices=["space", "name"], default="name")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--first", action="store_true", help="time the first keystroke of a fresh document at each place")
    parser.add_argument("--with-sources", action="store_true", help="files of view functions reading input (the data-flow corpus)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        medians = first_keystrokes(args.child, args.keystroke, args.with_sources) if args.first else place_medians(args.child, args.keystroke, args.repeat, args.with_sources)
        print(f"{max(medians):.2f} {sum(medians):.2f}")
        return
    versions = [("this", None), ("baseline", args.baseline)] if args.baseline else [("this", None)]
    sys.path.insert(0, str(HERE))
    from lsp_latency import fill_rule_cache

    for _, path in versions:
        fill_rule_cache([str(Path(path).resolve())] if path else [])  # the server's deferred rules, from the first round on
    kind = "first keystroke of a fresh document" if args.first else "median"
    print(f"| lines (asked) | version | slowest place ({kind}), per round (ms) | sum of 20, per round (ms) |")
    print("|---:|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in versions}
        for _ in range(args.rounds):
            for name, path in versions:
                results[name].append(run(path, size, args.keystroke, args.repeat, args.first, args.with_sources))
        for name, rows in results.items():
            print(f"| {size} | {name} | {' / '.join(f'{a:.1f}' for a, _ in rows)} | {' / '.join(f'{b:.1f}' for _, b in rows)} |")
        if args.baseline:
            mine, base = results["this"], results["baseline"]
            slow = statistics.median(a for a, _ in mine) / statistics.median(a for a, _ in base)
            total = statistics.median(b for _, b in mine) / statistics.median(b for _, b in base)
            print(f"| {size} | ratio of medians | {slow:.2f} | {total:.2f} |")


if __name__ == "__main__":
    main()
