"""diagnostics.Converted converts a finding again only when it is new or the text of a line
its ranges (its own and its data-flow steps') start or end on changed: a keystroke elsewhere,
or a line replaced by the same text, keeps its diagnostic; one on its lines, before it on a
line of non-ASCII text (UTF-16 columns move) or removing the lines does not."""

from __future__ import annotations

from lsprotocol import types
from lsprotocol.converters import get_converter

from redline.engine.model import Confidence, Finding, Position, RelatedLocation, Severity, Span
from redline.lsp.diagnostics import Converted, severity_map, to_diagnostic
from redline.lsp.positions import Codec

LINES = ["import os", "x = 'é' + source()", "", "os.system(x)"]
CODEC = Codec(types.PositionEncodingKind.Utf16)


def _finding() -> Finding:
    step = RelatedLocation(Span(Position(2, 12), Position(2, 20)), "source")
    return Finding(
        rule_id="r", message="m", severity=Severity.HIGH, confidence=Confidence.HIGH, cwe=None, path="a.py",
        span=Span(Position(4, 0), Position(4, 12)), fingerprint="f", related=(step,),
    )


def _convert(cache: Converted, finding: Finding, lines: list[str]) -> types.Diagnostic:
    diagnostics, _, _ = cache.convert([finding], lines, CODEC, {}, severity_map(None), "file:///a.py", get_converter())
    return diagnostics[0]


def test_a_finding_is_converted_again_only_when_its_lines_change() -> None:
    cache, finding, lines = Converted(), _finding(), list(LINES)
    first = _convert(cache, finding, lines)
    lines[0] += " "  # a line no range of the finding is on
    assert _convert(cache, finding, lines) is first
    lines[3] = "".join(["os.system", "(x)"])  # the same text, another string
    assert _convert(cache, finding, lines) is first
    lines[1] = "😀" + lines[1]  # before its step, on the step's line: the step's UTF-16 columns move
    moved = _convert(cache, finding, lines)
    assert moved is not first and moved == to_diagnostic(finding, lines, CODEC, {}, severity_map(None), "file:///a.py")
    assert moved.related_information is not None and moved.related_information[0].location.range.start.character == 13
    assert _convert(cache, finding, lines[:2]) is not moved  # the finding's own line is gone
