"""Turn a finished check into text for people, JSON for scripts or SARIF for code-scanning UIs.

Every format is a pure function of its arguments, so the same run always prints the same bytes:
CI diffs, caches and golden tests depend on that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from redline.engine.model import Finding, RuleInfo
from redline.reports import json_report, sarif, text

FORMATS = ("text", "json", "sarif")


def render(
    format: str,
    findings: Sequence[Finding],
    rules: Mapping[str, RuleInfo],
    *,
    files_checked: int,
    tool_version: str,
    color: bool = False,
    errors: Sequence[Finding] = (),
) -> str:
    """Render already-sorted `findings` (and per-file `errors`) as `format`, ending in a newline.

    `errors` are the `syntax-error` / `read-error` findings of files that could not be checked;
    they are kept apart so no format counts them as security findings.
    """
    if format == "text":
        return text.render(findings, files_checked=files_checked, color=color, errors=errors)
    if format == "json":
        return json_report.render(
            findings, files_checked=files_checked, tool_version=tool_version, errors=errors
        )
    if format == "sarif":
        return sarif.render(findings, rules, tool_version=tool_version, errors=errors)
    raise ValueError(f"unknown report format {format!r} (use one of: {', '.join(FORMATS)})")
