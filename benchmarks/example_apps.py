#!/usr/bin/env python3
"""Planted vulnerabilities found and missed, and false alarms: Redline next to Bandit.

Each example app (`examples/flask_app`, `examples/django_app`, `examples/fastapi_app`) lists
its planted vulnerabilities and safe look-alikes in the table of its `VULNERABILITIES.md`: one
row per case with its label (`vuln` or `safe`), location (`file:line[,line...]`, several
locations separated by `;`), kind, CWE, the Redline rule ids and the Bandit test ids that
describe that kind of problem, and the code on the first line. This script checks that each
row's code is still on its line (so the table cannot drift from the code), runs
`redline check --format json` and `bandit -f json` over each app from the app's folder, and
prints per app and tool:

- found: `vuln` rows with a finding of a listed id on one of the row's lines;
- missed: the other `vuln` rows;
- false alarms: `safe` rows with a finding of a listed id on one of their lines;
- unlisted: findings that match no row (another kind on a listed line, or an unlisted line).

Taint findings count as soon as the taint rules ship with the ids the tables list; nothing
needs changing here. `--rows` also prints every row and every unlisted finding.

    python benchmarks/example_apps.py
    python benchmarks/example_apps.py --rows --tier audit

Needs Redline and Bandit installed in this Python (`pip install -e ".[bench]"`). Nothing is
written anywhere (Redline runs with `--no-cache`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
APPS = ("flask_app", "django_app", "fastapi_app")
LABELS = ("vuln", "safe")
COLUMNS = 8  # number, label, location, kind, CWE, Redline rules, Bandit tests, code


@dataclass(frozen=True)
class Location:
    path: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Case:
    """One row of a VULNERABILITIES.md table."""

    number: int
    label: str
    locations: tuple[Location, ...]
    kind: str
    redline_ids: frozenset[str]
    bandit_ids: frozenset[str]
    code: str

    def matches(self, finding: Finding, ids: frozenset[str]) -> bool:
        return finding.rule in ids and any(
            finding.path == location.path and finding.line in location.lines for location in self.locations
        )


@dataclass(frozen=True)
class Finding:
    path: str  # relative to the app folder, with forward slashes
    line: int
    rule: str


@dataclass(frozen=True)
class Score:
    found: tuple[Case, ...]
    missed: tuple[Case, ...]
    false_alarms: tuple[Case, ...]
    unlisted: tuple[Finding, ...]


# ---------------------------------------------------------------------------------------------
# The planted list


def _ids(cell: str) -> frozenset[str]:
    """Comma-separated ids; an em dash (no such check) gives none."""
    return frozenset(part.strip() for part in cell.split(",") if part.strip() not in ("", "—", "-"))


def _locations(cell: str) -> tuple[Location, ...]:
    locations = []
    for part in cell.split(";"):
        path, _, lines = part.strip().rpartition(":")
        locations.append(Location(path, tuple(int(line) for line in lines.split(","))))
    return tuple(locations)


def read_cases(table_file: Path) -> list[Case]:
    """The table rows whose label column says `vuln` or `safe`, in order."""
    cases = []
    for line in table_file.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != COLUMNS or cells[1] not in LABELS:
            continue
        number, label, location, kind, _cwe, redline, bandit, code = cells
        cases.append(
            Case(int(number), label, _locations(location), kind, _ids(redline), _ids(bandit), code.strip("`"))
        )
    if not cases:
        raise SystemExit(f"{table_file}: no table rows labelled {' or '.join(LABELS)}")
    return cases


def check_cases(app: Path, cases: list[Case]) -> None:
    """Stops with a clear message when a row's code is no longer on the lines it names."""
    for case in cases:
        first = case.locations[0]
        source = (app / first.path).read_text(encoding="utf-8").splitlines()
        if not any(0 < line <= len(source) and case.code in source[line - 1] for line in first.lines):
            raise SystemExit(
                f"{app.name}/VULNERABILITIES.md row {case.number}: `{case.code}` is not on "
                f"{first.path}:{','.join(map(str, first.lines))}; update the table's line numbers"
            )


# ---------------------------------------------------------------------------------------------
# Running the tools


def _run(command: list[str], cwd: Path) -> dict:
    """Runs a checker that exits 0 (clean) or 1 (findings) and returns its JSON report."""
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:3])} failed in {cwd} ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def _relative(path: str) -> str:
    """`./app.py` (Bandit) and `app.py` (Redline) alike, with forward slashes."""
    return Path(path).as_posix()


def redline_findings(app: Path, tier: str) -> list[Finding]:
    command = [sys.executable, "-m", "redline", "check", "--format", "json", "--no-cache", "--tier", tier, "."]
    report = _run(command, app)
    return [Finding(_relative(f["path"]), f["start_line"], f["rule_id"]) for f in report["findings"]]


def bandit_findings(app: Path) -> list[Finding]:
    report = _run([sys.executable, "-m", "bandit", "-r", ".", "-f", "json", "-q"], app)
    return [Finding(_relative(r["filename"]), r["line_number"], r["test_id"]) for r in report["results"]]


# ---------------------------------------------------------------------------------------------
# Scoring and printing


def score(cases: list[Case], findings: list[Finding], ids_of: Callable[[Case], frozenset[str]]) -> Score:
    """Sorts cases and findings into found, missed, false alarms and unlisted findings."""
    hit = {case.number for case in cases for finding in findings if case.matches(finding, ids_of(case))}
    unlisted = tuple(f for f in findings if not any(case.matches(f, ids_of(case)) for case in cases))
    vulns = [case for case in cases if case.label == "vuln"]
    return Score(
        found=tuple(case for case in vulns if case.number in hit),
        missed=tuple(case for case in vulns if case.number not in hit),
        false_alarms=tuple(case for case in cases if case.label == "safe" and case.number in hit),
        unlisted=unlisted,
    )


def print_app(name: str, cases: list[Case], scores: dict[str, Score], rows: bool) -> None:
    planted = sum(case.label == "vuln" for case in cases)
    safe = len(cases) - planted
    print(f"\n{name}: {planted} planted vulnerabilities, {safe} safe look-alikes\n")
    print("| tool | found | missed | false alarms | unlisted findings |")
    print("|---|---:|---:|---:|---:|")
    for tool, result in scores.items():
        print(
            f"| {tool} | {len(result.found)}/{planted} | {len(result.missed)} | "
            f"{len(result.false_alarms)}/{safe} | {len(result.unlisted)} |"
        )
    if not rows:
        return
    print("\n| # | label | kind | " + " | ".join(scores) + " |")
    print("|---|---|---|" + "---|" * len(scores))
    for case in cases:
        marks = ["reported" if case in r.found or case in r.false_alarms else "-" for r in scores.values()]
        print(f"| {case.number} | {case.label} | {case.kind} | " + " | ".join(marks) + " |")
    for tool, result in scores.items():
        for finding in result.unlisted:
            print(f"unlisted {tool}: {finding.path}:{finding.line} {finding.rule}")


def print_totals(results: list[tuple[list[Case], dict[str, Score]]]) -> None:
    """One line per tool over every app."""
    print("\nall apps\n")
    print("| tool | found | false alarms | unlisted findings |")
    print("|---|---:|---:|---:|")
    for tool in results[0][1]:
        planted = sum(case.label == "vuln" for cases, _ in results for case in cases)
        safe = sum(case.label == "safe" for cases, _ in results for case in cases)
        found = sum(len(scores[tool].found) for _, scores in results)
        alarms = sum(len(scores[tool].false_alarms) for _, scores in results)
        unlisted = sum(len(scores[tool].unlisted) for _, scores in results)
        print(f"| {tool} | {found}/{planted} | {alarms}/{safe} | {unlisted} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", action="store_true", help="also print every row and unlisted finding")
    parser.add_argument("--tier", choices=("vuln", "audit"), default="vuln", help="Redline's rule tier")
    args = parser.parse_args(argv)
    results = []
    for name in APPS:
        app = EXAMPLES / name
        cases = read_cases(app / "VULNERABILITIES.md")
        check_cases(app, cases)
        scores = {
            "Redline": score(cases, redline_findings(app, args.tier), lambda case: case.redline_ids),
            "Bandit": score(cases, bandit_findings(app), lambda case: case.bandit_ids),
        }
        print_app(name, cases, scores, args.rows)
        results.append((cases, scores))
    print_totals(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
