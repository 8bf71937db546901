#!/usr/bin/env python3
"""Compare two `redline check --format json` reports: the findings and errors only one has.

Not a test: a check to run by hand around an engine change that must not change results
(for example a speed-up), on reports of the same tree before and after:

    redline check --no-cache --format json -o before.json TREE   # on the old code
    redline check --no-cache --format json -o after.json TREE    # on the new code
    .venv/bin/python benchmarks/diff_reports.py before.json after.json

Prints one line per difference and a summary; exits 1 when the reports differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def entries(report: dict, key: str) -> list[str]:
    """Each finding (or error) as one canonical JSON line, in report order."""
    return [json.dumps(item, sort_keys=True) for item in report.get(key, [])]


def differences(before: dict, after: dict) -> list[str]:
    lines: list[str] = []
    for key in ("findings", "errors"):
        old, new = entries(before, key), entries(after, key)
        old_set, new_set = set(old), set(new)
        lines.extend(f"- {key}: {item}" for item in old if item not in new_set)
        lines.extend(f"+ {key}: {item}" for item in new if item not in old_set)
        if not lines and old != new:
            lines.append(f"~ {key}: same items in a different order")
    if before.get("files_checked") != after.get("files_checked"):
        lines.append(f"~ files_checked: {before.get('files_checked')} -> {after.get('files_checked')}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    before, after = (json.loads(path.read_text(encoding="utf-8")) for path in (args.before, args.after))
    lines = differences(before, after)
    for line in lines:
        print(line)
    counts = ", ".join(f"{len(before.get(k, []))} {k}" for k in ("findings", "errors"))
    print(f"{'differ' if lines else 'identical'}: {len(lines)} difference(s); before had {counts}")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
