"""rules/CATALOGUE.md names, for every concept, the rules that cover it, and stays in step."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "catalogue_coverage.py"


def test_catalogue_column_is_up_to_date_every_concept_is_covered_and_every_fixable_one_fixed() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    redline_row = next(line for line in result.stdout.splitlines() if line.startswith("| Redline"))
    covered, total = redline_row.split("|")[3].strip().split(" / ")
    assert int(covered) == int(total) == 113
