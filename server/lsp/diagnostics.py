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
    return _digest(diagnostics, converter)[:16]


class Converted:
    """The diagnostics of a document's last result, by finding: a keystroke converts (and
    serialises, for the result id and the push) only the findings that are new or whose lines
    changed, not the thousands a large file may hold. Findings are known by identity (the
    document keeps the objects of the pieces it did not check again; hashing a finding costs
    more than converting a new one), and so are their lines' texts (the text keeps unchanged
    lines)."""

    def __init__(self) -> None:
        self._context: tuple = ()
        self._by_finding: dict[int, tuple[Finding, tuple[tuple[int, str], ...], types.Diagnostic, str, str]] = {}

    def convert(
        self,
        findings: Sequence[Finding],
        lines: Sequence[str],
        codec: Codec,
        infos: Mapping[str, RuleInfo],
        severities: Mapping[Severity, types.DiagnosticSeverity],
        uri: str,
        converter: Any,
    ) -> tuple[list[types.Diagnostic], str, list[str]]:
        """The findings as diagnostics, the result id of the whole list, and each diagnostic's
        JSON (for a push that does not serialise them again)."""
        context = (dict(infos), dict(severities), codec.encoding, uri)  # by value: engines build `infos` anew per call
        if context != self._context:
            self._context, self._by_finding = context, {}
        kept: dict[int, tuple[Finding, tuple[tuple[int, str], ...], types.Diagnostic, str, str]] = {}
        diagnostics, digests, payload = [], [], []
        count = len(lines)
        for finding in findings:
            entry = self._by_finding.get(id(finding))
            if entry is None or entry[0] is not finding or not all(n <= count and lines[n - 1] is text for n, text in entry[1]):
                diagnostic = to_diagnostic(finding, lines, codec, infos, severities, uri)
                body = json.dumps(converter.unstructure(diagnostic), sort_keys=True)
                entry = (finding, _span_lines(finding, lines), diagnostic, body, _sha(body))
            kept[id(finding)] = entry
            diagnostics.append(entry[2])
            payload.append(entry[3])
            digests.append(entry[4])
        self._by_finding = kept
        return diagnostics, hashlib.sha256("".join(digests).encode()).hexdigest()[:16], payload


def _span_lines(finding: Finding, lines: Sequence[str]) -> tuple[tuple[int, str], ...]:
    """The lines a finding's ranges start and end on (1-based) with their text, from which
    its positions are converted."""
    numbers = {n for span in (finding.span, *(step.span for step in finding.related)) for n in (span.start.line, span.end.line)}
    return tuple((n, lines[n - 1]) for n in numbers if 0 < n <= len(lines))


def _digest(diagnostics: Sequence[types.Diagnostic], converter: Any) -> str:
    return _sha(json.dumps([converter.unstructure(d) for d in diagnostics], sort_keys=True))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
