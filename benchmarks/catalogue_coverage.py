#!/usr/bin/env python3
"""Coverage of the security catalogue (rules/CATALOGUE.md) by Redline and the other tools.

Each built-in rule names the catalogue rows it covers (`redline: {concepts: [D3]}`). This
script prints how many rows Redline and each other tool covers and how many fixes Redline
offers, and keeps the catalogue's last column (the Redline rules of each row) in step:

    python benchmarks/catalogue_coverage.py            # print the table
    python benchmarks/catalogue_coverage.py --write    # rewrite the Redline column
    python benchmarks/catalogue_coverage.py --check    # exit 1 if the column is stale

A row no rule covers keeps the text written in its Redline cell: the reason it is not covered.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from redline.engine.model import FixSafety
from redline.engine.rule_loader import Rule, builtin_rules_dir, load_rules

CATALOGUE = builtin_rules_dir() / "CATALOGUE.md"
TOOLS = ("Bandit", "Ruff", "Dlint", "codeaudit", "Semgrep")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_rows(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The header cells and each concept row's cells, keyed by concept id (A1, B2...)."""
    header: list[str] = []
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("| # |"):
            header = _cells(line)
        elif header and line.startswith("| ") and not line.startswith("|---"):
            cells = _cells(line)
            rows[cells[0]] = cells
    return header, rows


def concepts_of(rules: list[Rule]) -> dict[str, list[str]]:
    covered: dict[str, list[str]] = defaultdict(list)
    for rule in rules:
        for concept in rule.info.concepts:
            covered[concept].append(rule.id)
    return covered


def rewrite(text: str, covered: dict[str, list[str]]) -> str:
    lines = []
    for line in text.splitlines():
        cells = _cells(line) if line.startswith("| ") and not line.startswith("| # |") else []
        if cells and cells[0] in _valid_ids(text):
            if covered.get(cells[0]):
                cells[-1] = ", ".join(f"`{rule_id}`" for rule_id in sorted(covered[cells[0]]))
            line = "| " + " | ".join(cells) + " |"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _valid_ids(text: str) -> set[str]:
    return set(read_rows(text)[1])


def rows_missing_a_fix(rules: list[Rule], header: list[str], rows: dict[str, list[str]]) -> list[str]:
    """Rows whose quick fix is marked **Yes** or **Opt-in** but whose rules offer none."""
    column = header.index("Quick fix")
    with_fix = {concept for rule in rules if rule.info.has_fix for concept in rule.info.concepts}
    return sorted(
        concept for concept, cells in rows.items()
        if cells[column].startswith(("**Yes", "**Opt-in")) and concept not in with_fix
    )


def table(rules: list[Rule], header: list[str], rows: dict[str, list[str]]) -> str:
    covered = concepts_of(rules)
    safe = sum(1 for r in rules if r.info.has_fix and r.info.fix_safety is FixSafety.SAFE)
    offer = sum(1 for r in rules if r.info.has_fix and r.info.fix_safety is FixSafety.OFFER_ONLY)
    # Alternatives sharing a title are one choice written for several code shapes.
    alternatives = sum(len({t.title for t in r.info.alternative_fixes}) for r in rules)
    out = ["| tool | rules | catalogue concepts covered | fixes (safe / offer-only) |", "|---|---:|---:|---|"]
    out.append(f"| Redline | {len(rules)} | {sum(1 for c in rows if covered.get(c))} / {len(rows)} | {safe} / {offer} (+{alternatives} alternative{'s' if alternatives != 1 else ''}) |")
    for tool in TOOLS:
        column = header.index(tool)
        count = sum(1 for cells in rows.values() if cells[column] not in ("—", "-", ""))
        out.append(f"| {tool} | | {count} / {len(rows)} | |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the Redline column of CATALOGUE.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if CATALOGUE.md is out of date or a rule names an unknown row")
    args = parser.parse_args(argv)
    rules, problems = load_rules([builtin_rules_dir()])
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 2
    text = CATALOGUE.read_text(encoding="utf-8")
    header, rows = read_rows(text)
    covered = concepts_of(rules)
    unknown = sorted(c for c in covered if c not in rows)
    if unknown:
        print(f"rules name unknown catalogue rows: {', '.join(unknown)}", file=sys.stderr)
        return 1
    updated = rewrite(text, covered)
    if args.write:
        CATALOGUE.write_text(updated, encoding="utf-8")
    if args.check:
        uncovered_without_reason = [c for c, cells in rows.items() if not covered.get(c) and not cells[-1]]
        if updated != text or uncovered_without_reason:
            print("CATALOGUE.md is out of date (run with --write)" if updated != text else
                  f"rows without a rule or a reason: {', '.join(uncovered_without_reason)}", file=sys.stderr)
            return 1
        unfixed = rows_missing_a_fix(rules, header, rows)
        if unfixed:
            print(f"rows marked Yes/Opt-in whose rules offer no fix: {', '.join(unfixed)}", file=sys.stderr)
            return 1
    print(table(rules, header, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
