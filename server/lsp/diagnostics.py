"""Findings as LSP diagnostics: range, severity, code, documentation link, data for code actions."""

from __future__ import annotations

import hashlib
import json
import re
from operator import itemgetter
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from lsprotocol import types

from redline.engine.model import Finding, RuleInfo, Severity

from .positions import Codec

SOURCE = "redline"

# A Position's line in a diagnostic's JSON: JSON escapes every quote inside a string, so
# `"line": ` followed by digits is only ever that key.
_LINE = re.compile(r'"line": (\d+)')


class _Entry(NamedTuple):
    """A converted finding: itself, what its diagnostic is made from (`_shape`), the (0-based)
    lines its positions were converted from, the reader of those lines and their texts then,
    its diagnostic, the diagnostic's JSON and that JSON's digest."""

    finding: Finding
    shape: tuple[tuple, tuple[int, ...]]
    numbers: tuple[int, ...]
    read: Callable[[Sequence[str]], object]
    texts: object
    diagnostic: types.Diagnostic
    body: str
    digest: str


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
    ranges = [codec.range(lines, span) for span in (finding.span, *(step.span for step in finding.related))]
    return _diagnostic(finding, ranges, infos, severities, uri)


def _diagnostic(
    finding: Finding,
    ranges: Sequence[types.Range],
    infos: Mapping[str, RuleInfo],
    severities: Mapping[Severity, types.DiagnosticSeverity],
    uri: str,
) -> types.Diagnostic:
    """A finding's diagnostic, its ranges given: the finding's own, then its related steps'."""
    info = infos.get(finding.rule_id)
    href = info.help_uri if info is not None else None
    message = finding.message
    if finding.fix is not None:
        message += f" (fix available: {finding.fix.title})"
    related = [
        types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=at), message=step.message)
        for step, at in zip(finding.related, ranges[1:])
    ]
    return types.Diagnostic(
        range=ranges[0],
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
    converted from. A finding the document made anew that is an earlier one moved by whole
    lines (a line break typed or deleted above it: every finding below is shifted into a new
    object), with the same texts on its lines, takes the earlier diagnostic and JSON with their
    lines moved (`_moved`), not converted again."""

    def __init__(self) -> None:
        self._context: tuple = ()
        self._by_finding: dict[int, _Entry] = {}
        self.conversions = 0  # findings converted from scratch, for tests

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
        earlier: dict[str, list[_Entry]] | None = None  # the last result's entries by fingerprint, once one is missed
        diagnostics, digests, payload = [], [], []
        for finding in findings:
            entry = self._by_finding.get(id(finding))
            try:  # converted before, from lines of the same text
                same = entry is not None and entry.finding is finding and entry.read(lines) == entry.texts
            except IndexError:  # the text has fewer lines now
                same = False
            if not same:
                if earlier is None:
                    earlier = {}
                    for before in self._by_finding.values():
                        earlier.setdefault(before.finding.fingerprint, []).append(before)
                shape, numbers = _shape(finding), _line_numbers(finding, len(lines))
                read = _reader(numbers)
                texts = read(lines)
                moved = _moved(shape, numbers, texts, earlier.get(finding.fingerprint, ()))
                if moved is None:
                    self.conversions += 1
                    diagnostic = to_diagnostic(finding, lines, codec, infos, severities, uri)
                    body = json.dumps(converter.unstructure(diagnostic), sort_keys=True)
                else:
                    old, delta, body = moved
                    diagnostic = _diagnostic(finding, _moved_ranges(old.diagnostic, delta), infos, severities, uri)
                entry = _Entry(finding, shape, numbers, read, texts, diagnostic, body, _sha(body))
            kept[id(finding)] = entry
            diagnostics.append(entry.diagnostic)
            payload.append(entry.body)
            digests.append(entry.digest)
        self._by_finding = kept
        return diagnostics, hashlib.sha256("".join(digests).encode()).hexdigest()[:16], payload


def _moved(shape: tuple[tuple, tuple[int, ...]], numbers: tuple[int, ...], texts: object, earlier: Sequence[_Entry]) -> tuple[_Entry, int, str] | None:
    """An earlier conversion of a finding of this `shape`, which is that finding moved by whole
    lines: the same on every range but their lines, moved by the same `delta` (what the
    diagnostic shows besides the ranges is equal), and the lines its positions are converted
    from (`numbers`, moved alike: a line outside the text, whose position is not moved so,
    tells them apart) hold the same `texts`, so its diagnostic is the earlier one with every
    line moved. Returns the earlier entry, the delta and the JSON moved by its Positions'
    `"line"` keys (all of them: two per range), not made again (cattrs' unstructuring and the
    JSON encoder, about half of a conversion's CPU)."""
    fixed, at = shape
    for old in earlier:
        delta = at[0] - old.shape[1][0]
        if old.shape[0] != fixed or tuple(n + delta for n in old.shape[1]) != at or tuple(n + delta for n in old.numbers) != numbers or old.texts != texts:
            continue
        body, count = _LINE.subn(lambda line: f'"line": {int(line.group(1)) + delta}', old.body)
        if count == len(at):
            return old, delta, body
    return None


def _shape(finding: Finding) -> tuple[tuple, tuple[int, ...]]:
    """What a finding's diagnostic is made from: all but its ranges' lines, and those lines."""
    spans = (finding.span, *(step.span for step in finding.related))
    fixed = (
        finding.rule_id, finding.message, finding.severity, finding.fingerprint, None if finding.fix is None else finding.fix.title,
        tuple(step.message for step in finding.related), tuple((span.start.column, span.end.column) for span in spans),
    )
    return fixed, tuple(line for span in spans for line in (span.start.line, span.end.line))


def _moved_ranges(diagnostic: types.Diagnostic, delta: int) -> list[types.Range]:
    """A diagnostic's ranges (its own, then its related information's), `delta` lines down."""
    ranges = (diagnostic.range, *(related.location.range for related in diagnostic.related_information or ()))
    return [
        types.Range(
            start=types.Position(line=at.start.line + delta, character=at.start.character),
            end=types.Position(line=at.end.line + delta, character=at.end.character),
        )
        for at in ranges
    ]


def _line_numbers(finding: Finding, count: int) -> tuple[int, ...]:
    """The lines, of the first `count`, that a finding's ranges start and end on, from which its
    positions are converted (0-based)."""
    return tuple(sorted({n - 1 for span in (finding.span, *(step.span for step in finding.related)) for n in (span.start.line, span.end.line) if 0 < n <= count}))


def _reader(numbers: tuple[int, ...]) -> Callable[[Sequence[str]], object]:
    """What reads those lines from a text's lines: an itemgetter, one C call per finding and
    keystroke (comparing the lines one by one in Python cost ~1 ms for the 400 findings of a
    5,000-line file)."""
    return itemgetter(*numbers) if numbers else _no_lines


def _no_lines(lines: Sequence[str]) -> object:
    return ()


def _digest(diagnostics: Sequence[types.Diagnostic], converter: Any) -> str:
    return _sha(json.dumps([converter.unstructure(d) for d in diagnostics], sort_keys=True))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
