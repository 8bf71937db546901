"""The counts the text and JSON reports both print, computed once so they cannot disagree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from redline.engine.model import Finding, FixSafety, Severity


@dataclass(frozen=True)
class Summary:
    total: int
    by_severity: dict[Severity, int]  # every severity, most severe first, zeros included
    by_rule: dict[str, int]  # sorted by rule id
    fixable: int  # findings that `--fix` applies: only safe fixes are applied in bulk


def summarize(findings: Sequence[Finding]) -> Summary:
    severities = Counter(f.severity for f in findings)
    rules = Counter(f.rule_id for f in findings)
    return Summary(
        total=len(findings),
        by_severity={s: severities[s] for s in sorted(Severity, reverse=True)},
        by_rule=dict(sorted(rules.items())),
        fixable=sum(1 for f in findings if f.fix and f.fix.safety is FixSafety.SAFE),
    )
