"""A stable JSON document for scripts: each finding is `Finding.to_dict()`, so it loads back.

Keys are sorted and every severity is always present in the summary, so consumers can rely on
the shape and two runs over the same code diff cleanly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from redline.engine.model import Finding
from redline.reports.summary import summarize


def render(
    findings: Sequence[Finding],
    *,
    files_checked: int,
    tool_version: str,
    errors: Sequence[Finding] = (),
) -> str:
    """Findings and errors in the order given; the summary counts findings only."""
    summary = summarize(findings)
    document = {
        "tool": {"name": "redline", "version": tool_version},
        "files_checked": files_checked,
        "findings": [f.to_dict() for f in findings],
        "errors": [e.to_dict() for e in errors],
        "summary": {
            "total": summary.total,
            "fixable": summary.fixable,
            "by_severity": {s.label: n for s, n in summary.by_severity.items()},
            "by_rule": summary.by_rule,
        },
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
