"""Helpers for the end-to-end CLI tests (tests/test_cli.py): small projects and report parsing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def run_redline(*args: str, cwd: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI, as a subprocess of the interpreter running the tests (`env`: variables
    set on top of this process's)."""
    return subprocess.run(
        [sys.executable, "-m", "redline", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300,
        env={**os.environ, **env} if env is not None else None,
    )

# `path:line:col: ID [severity] message`, as the text report prints a finding or an error.
TEXT_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): "
    r"(?P<id>[a-z0-9][a-z0-9-]*) \[(?P<severity>critical|high|medium|low|error)\] (?P<message>\S.*)$"
)
SUMMARY = re.compile(
    r"^(Found (?P<total>\d+) findings? \((?P<counts>[^)]*)\) in (?P<files>\d+) files? checked(; (?P<fixable>\d+) fixable with --fix)?\."
    r"|No findings in (?P<clean_files>\d+) files? checked\.)$"
)

# A user rule for rule-folder tests (CLI and language server).
USER_RULE = """\
rules:
  - id: legacy-raw-query
    message: "`legacy_db.raw_query` sends $SQL to the database without parameters"
    severity: high
    languages: [python]
    metadata:
      cwe: "CWE-89: Improper Neutralization of Special Elements used in an SQL Command"
    pattern: legacy_db.raw_query($SQL)
    redline:
      confidence: high
      docs:
        what-it-does: Reports legacy_db.raw_query, our in-house API without bound parameters.
"""

# One vulnerable module used by many tests. Rules (see `redline rules`):
#   yaml-unsafe-load  high/high confidence, deserialization, safe fix
#   eval-used         high/medium confidence, injection, offer-only fix
#   weak-hash         medium/medium confidence, crypto, offer-only fix, tests: skip
#   compile-builtin   medium/low confidence, injection, audit tier (off by default)
APP = '''\
import hashlib
import yaml


def load(data):
    return yaml.load(data, Loader=yaml.Loader)


def run(expr):
    return eval(expr)


def digest(password):
    return hashlib.md5(password).hexdigest()


def build(src):
    return compile(src, "<src>", "exec")
'''
APP_DEFAULT_IDS = {"yaml-unsafe-load", "eval-used", "weak-hash"}

CLEAN = '''\
import hashlib
import yaml


def load(data):
    return yaml.safe_load(data)


def digest(data):
    return hashlib.sha256(data).hexdigest()
'''

ONLY_MEDIUM = '''\
import hashlib


def digest(password):
    return hashlib.md5(password).hexdigest()
'''


@dataclass(frozen=True)
class TextFinding:
    path: str
    line: int
    col: int
    id: str
    severity: str
    message: str


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` (relative path -> text or bytes) under `root`; returns `root`."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_redline("check", *args, cwd=cwd)


def position(source: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `source`."""
    for number, text in enumerate(source.splitlines(), start=1):
        index = text.find(needle)
        if index >= 0:
            return number, index + 1
    raise AssertionError(f"{needle!r} not in source")


def text_findings(stdout: str) -> list[TextFinding]:
    """The finding lines of a text report; every line before the blank line must be one."""
    body, _, _ = stdout.partition("\n\n")
    if SUMMARY.match(body.strip()):
        return []
    found = []
    for line in body.splitlines():
        match = TEXT_LINE.match(line)
        assert match, f"not a `path:line:col: ID [severity] message` line: {line!r}"
        found.append(
            TextFinding(
                match["path"], int(match["line"]), int(match["col"]), match["id"], match["severity"], match["message"]
            )
        )
    return found


def summary_line(stdout: str) -> re.Match[str]:
    lines = [line for line in stdout.splitlines() if SUMMARY.match(line)]
    assert len(lines) == 1, f"expected one summary line in:\n{stdout}"
    match = SUMMARY.match(lines[0])
    assert match
    return match


def report(stdout: str) -> dict[str, Any]:
    """A JSON report, parsed."""
    return json.loads(stdout)


def ids(result: subprocess.CompletedProcess[str]) -> set[str]:
    """Rule ids of a text report's findings."""
    return {f.id for f in text_findings(result.stdout)}


def by_path(result: subprocess.CompletedProcess[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in text_findings(result.stdout):
        found.setdefault(finding.path, set()).add(finding.id)
    return found


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` and its bytes: to show a run wrote nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
