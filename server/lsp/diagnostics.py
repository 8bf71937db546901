"""Findings as LSP diagnostics: range, severity, code, documentation link, data for code actions."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping, Sequence

from lsprotocol import types

from redline.engine.model import Finding, RuleInfo, Severity

from .positions import Codec

SOURCE = "redline"

# Redline severities to LSP's; an editor setting may override it per Redline severity.
DEFAULT_SEVERITY = {
    Severity.CRITICAL: types.DiagnosticSeverity.Error,
    Severity.HIGH: types.DiagnosticSeverity.Error,
    Severity.MEDIUM: types.DiagnosticSeverity.Warning,
    Severity.LOW: types.DiagnosticSeverity.Information,
}
_LSP_SEVERITY = {"error": 1, "warning": 2, "information": 3, "info": 3, "hint": 4}


def severity_map(overrides: Mapping[str, str] | None) -> dict[Severity, types.DiagnosticSeverity]:
    """The default mapping with editor overrides such as {"medium": "error"}."""
    result = dict(DEFAULT_SEVERITY)
    for name, value in (overrides or {}).items():
        try:
            result[Severity.parse(name)] = types.DiagnosticSeverity(_LSP_SEVERITY[str(value).lower()])
        except (ValueError, KeyError):
            continue
    return result


def to_diagnostic(
    finding: Finding,
    lines: Sequence[str],
    codec: Codec,
    infos: Mapping[str, RuleInfo],
    severities: Mapping[Severity, types.DiagnosticSeverity],
    uri: str,
) -> types.Diagnostic:
    info = infos.get(finding.rule_id)
    href = info.help_uri if info is not None else None
    message = finding.message
    if finding.fix is not None:
        message += f" (fix available: {finding.fix.title})"
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=codec.range(lines, step.span)), message=step.message
        )
        for step in finding.related
    ]
    return types.Diagnostic(
        range=codec.range(lines, finding.span),
        severity=severities.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=message,
        related_information=related or None,
        data={"fingerprint": finding.fingerprint, "rule": finding.rule_id, "fixable": finding.fix is not None},
    )


def result_id(diagnostics: Sequence[types.Diagnostic], converter: Any) -> str:
    """A digest of what the client would show: equal ids mean an `unchanged` report."""
    payload = json.dumps([converter.unstructure(d) for d in diagnostics], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]
