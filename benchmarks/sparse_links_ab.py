#!/usr/bin/env python3
"""CPU time of the CLI's sparse parse with and without the links between a class's methods
through the attributes one sets on `self` (sparse._AttributeLinks), in process, A/B
interleaved, medians of process_time. Not a test: a table to read.

    .venv/bin/python benchmarks/sparse_links_ab.py --lines 10000 --repeat 15

The generated file holds classes of methods setting and reading attributes, one method per
class reading input: the case where the links are computed (a taint seed) and keep more.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import time
from typing import Callable

from redline.config import Config
from redline.engine import sparse
from redline.engine.analysis import AnalysisOptions, file_tokens, without_comments
from redline.runner import engine_for, rule_folders

METHODS = 12


def generated(lines: int) -> str:
    """Classes of METHODS methods, each setting one attribute and reading the previous one;
    the first reads input."""
    parts = ["import os\nfrom flask import request\n"]
    count, number = 2, 0
    while count < lines:
        body = [f"\n\nclass Worker{number}:\n"]
        for method in range(METHODS):
            value = 'request.args["v"]' if method == 0 else f"self.a{method - 1} + 1"
            body.append(f"    def step{method}(self):\n        self.a{method} = {value}\n        return len(str(self.a{method}))\n\n")
        text = "".join(body)
        parts.append(text)
        count += text.count("\n")
        number += 1
    return "".join(parts)


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    spent = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        spent.append(time.process_time() - start)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    engine = engine_for(rule_folders(Config()))
    options = AnalysisOptions(path="workers.py")
    text = generated(args.lines)
    tree = ast.parse(text)
    code = without_comments(text)
    tokens = file_tokens(text, engine.rules, options.enabled, code)
    linked = sparse._AttributeLinks

    class Unlinked(linked):  # type: ignore[misc, valid-type]
        def __call__(self, unit: int) -> set[int]:
            return set()

    rows: dict[str, list[float]] = {"sparse, links": [], "sparse, no links": [], "check, links": [], "check, no links": []}
    for _ in range(args.repeat):  # interleaved: both see the same load
        for label, links in (("links", linked), ("no links", Unlinked)):
            sparse._AttributeLinks = links  # type: ignore[misc]
            rows[f"sparse, {label}"] += timed(lambda: engine._sparse(text, code, tree, tokens, options), 1)
            rows[f"check, {label}"] += timed(lambda: engine.analyze_source(text, options), 1)
    sparse._AttributeLinks = linked  # type: ignore[misc]
    print(f"{text.count(chr(10))} lines, {args.repeat} runs each, CPU ms (median)")
    for label, spent in rows.items():
        print(f"{label:18} {statistics.median(spent) * 1000:9.1f}")
    print(f"sparse ratio {statistics.median(rows['sparse, links']) / statistics.median(rows['sparse, no links']):.3f}, "
          f"check ratio {statistics.median(rows['check, links']) / statistics.median(rows['check, no links']):.3f}")


if __name__ == "__main__":
    main()
