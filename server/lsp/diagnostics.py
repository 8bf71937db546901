"""Findings as LSP diagnostics: range, severity, code, documentation link, data for code actions."""

from __future__ import annotations

import hashlib
import json
from operator import itemgetter
from typing import Any, Callable, Mapping, Sequence

from lsprotocol import types

from redline.engine.model import Finding, RuleInfo, Severity

from .positions import Codec

SOURCE = "redline"

# A converted finding: itself, the reader of its lines and their text then, its diagnostic,
# the diagnostic's JSON and that JSON's digest.
_Entry = tuple[Finding, Callable[[Sequence[str]], object], object, types.Diagnostic, str, str]

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
    more than converting a new one); their lines' texts are compared with those they were
    converted from."""

    def __init__(self) -> None:
        self._context: tuple = ()
        self._by_finding: dict[int, _Entry] = {}

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
        kept: dict[int, _Entry] = {}
        diagnostics, digests, payload = [], [], []
        for finding in findings:
            entry = self._by_finding.get(id(finding))
            try:  # converted before, from lines of the same text
                same = entry is not None and entry[0] is finding and entry[1](lines) == entry[2]
            except IndexError:  # the text has fewer lines now
                same = False
            if not same:
                diagnostic = to_diagnostic(finding, lines, codec, infos, severities, uri)
                body = json.dumps(converter.unstructure(diagnostic), sort_keys=True)
                read = _span_lines(finding, len(lines))
                entry = (finding, read, read(lines), diagnostic, body, _sha(body))
            kept[id(finding)] = entry
            diagnostics.append(entry[3])
            payload.append(entry[4])
            digests.append(entry[5])
        self._by_finding = kept
        return diagnostics, hashlib.sha256("".join(digests).encode()).hexdigest()[:16], payload


def _span_lines(finding: Finding, count: int) -> Callable[[Sequence[str]], object]:
    """What reads, from a text's lines, those of the first `count` that a finding's ranges
    start and end on, from which its positions are converted: an itemgetter, one C call per
    finding and keystroke (comparing the lines one by one in Python cost ~1 ms for the 400
    findings of a 5,000-line file)."""
    numbers = sorted({n - 1 for span in (finding.span, *(step.span for step in finding.related)) for n in (span.start.line, span.end.line) if 0 < n <= count})
    return itemgetter(*numbers) if numbers else _no_lines


def _no_lines(lines: Sequence[str]) -> object:
    return ()


def _digest(diagnostics: Sequence[types.Diagnostic], converter: Any) -> str:
    return _sha(json.dumps([converter.unstructure(d) for d in diagnostics], sort_keys=True))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
