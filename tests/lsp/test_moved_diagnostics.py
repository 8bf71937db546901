"""A line break typed or deleted above findings moves their diagnostics, not converts them again
(diagnostics.Converted): the document shifts every finding below the edit into a new object, and
what the client is sent must still equal a fresh conversion of the same findings, JSON and
result id included."""

from __future__ import annotations

from pathlib import Path

from pygls.protocol import default_converter

from redline.config import Config
from redline.engine.units import Change, IncrementalDocument
from redline.lsp.diagnostics import Converted, severity_map
from redline.lsp.positions import Codec
from redline.lsp.server import document_options
from redline.runner import engine_for, rule_folders

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dataflow"
PATTERNS = """import os
import subprocess


def run(command):  # Prüfung 😀: a line outside ASCII above the findings
    os.system(command)
    subprocess.call(command, shell=True)


def evaluate(expr):
    return eval(expr)
"""
CONVERTER = default_converter()


def _document(text: str) -> IncrementalDocument:
    engine = engine_for(rule_folders(Config()), deferred=True)
    return IncrementalDocument(engine, text, document_options(Config(), Path("app.py")))


def _convert(converted: Converted, doc: IncrementalDocument) -> tuple[list, str, list[str]]:
    findings = [*doc.errors(), *doc.findings()]
    return converted.convert(findings, doc.buffer.lines, Codec("utf-16"), doc.engine.all_infos(), severity_map(None), "file:///app.py", CONVERTER)


def _line_break(doc: IncrementalDocument, line: int) -> None:
    end = len(doc.buffer.line_text(line))
    doc.apply([Change((line, end), (line, end), "\n")])


def _line_of(doc: IncrementalDocument, code: str) -> int:
    return next(number for number, line in enumerate(doc.buffer.lines) if code in line)


def _type(doc: IncrementalDocument, code: str, typed: str) -> None:
    line = _line_of(doc, code)
    end = doc.buffer.lines[line].index(code) + len(code)
    doc.apply([Change((line, end), (line, end), typed)])


def test_a_line_break_above_findings_converts_none_of_them() -> None:
    doc = _document(PATTERNS)
    kept = Converted()
    first = _convert(kept, doc)
    assert len(first[0]) == kept.conversions == 3
    steps = [
        (lambda: _line_break(doc, 0), 0),  # every finding one line down
        (lambda: _line_break(doc, _line_of(doc, "os.system")), 0),  # between two findings of a function checked again
        (lambda: doc.apply([Change((1, 0), (2, 0), "")]), 0),  # a line deleted above them all
        (lambda: _type(doc, "os.system(", " "), 1),  # a space in os.system(...): its range ends a column later
    ]
    for edit, converted in steps:
        before = kept.conversions
        edit()
        moved = _convert(kept, doc)
        assert moved == _convert(Converted(), doc)  # diagnostics, result id and JSON as from scratch
        assert kept.conversions - before == converted
        assert len(moved[0]) == 3


def test_data_flow_diagnostics_moved_equal_a_fresh_conversion() -> None:
    """Data-flow findings name their source's line in their message: below a line break such a
    message changes, and only those findings are converted again; all as from scratch."""
    text = PATTERNS + (CORPUS / "tainted-command-injection.py").read_text(encoding="utf-8")
    doc = _document(text)
    kept = Converted()
    count = len(_convert(kept, doc)[0])
    for _ in range(2):
        messages = {finding.message for finding in doc.findings()}
        before = kept.conversions
        _line_break(doc, 0)
        moved = _convert(kept, doc)
        assert moved == _convert(Converted(), doc)
        assert len(moved[0]) == count
        changed = [finding for finding in doc.findings() if finding.message not in messages]
        assert 0 < kept.conversions - before == len(changed) < count
