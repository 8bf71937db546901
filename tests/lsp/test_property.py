"""Property: after any sequence of edits, the server's text is the client's text and its
findings are exactly those of a from-scratch analysis of that text (real server, stdio)."""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from lsp_session import Session, session
from nested_cases import NESTED, NESTED_CASES, edit_steps
from redline.config import Config
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import load_rules
from redline.engine.suppressions import SuppressionOptions
from redline.runner import RulesError, engine_for, rule_folders

# Each text ends with a function holding a sink that a caller reading input reaches
# (SUMMARIES): edits anywhere exercise callee summaries across units.
SUMMARIES = '''

def shell_out(command, flag):
    subprocess.call(command, shell=True)
    return flag


def handler():
    target = request.args["t"]
    return shell_out(target, 1)
'''

BASE = '''"""Module."""
import os, subprocess
import yaml as y
from pickle import loads
from flask import request

QUERY = "SELECT %s" % name
cur.execute(QUERY)


class Store(Base):
    """A class."""
    data = loads(blob)

    def load(self, d):
        # comment
        return y.load(d)


def run(cmd):
    os.system(cmd)
    subprocess.call(cmd, shell=True)
    return eval(cmd)
''' + SUMMARIES
SNIPPETS = [
    "\n", "\r\n", "x", "(", ")", "[", "]", '"', "'", '"""', "'''", ":", "=", "\t", "    ", "é", "😀", "中", "e\u0301",
    "eval(a)", "os", "import pickle\n", "pickle.loads(b)", "def g():\n    return eval(q)\n", "    # note\n",
    "class C:\n    z = eval(w)\n", "# redline: ignore[eval-used] ok", "  # noqa", "y.load(s)", "\n\n", "#",
]
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]


def _line_end(text: str, starts: list[int], line: int) -> int:
    """Offset of the end of a line's content (before its line break)."""
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    while end > starts[line] and text[end - 1] in "\r\n":
        end -= 1
    return end


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


edit_strategy = st.tuples(
    st.floats(0, 1), st.floats(0, 1), st.integers(0, 2), st.floats(0, 1),
    st.one_of(st.sampled_from(SNIPPETS), st.text(st.sampled_from(list("ab(){}[]'\"\\:# \t\n\r=é😀")), max_size=6)),
)


class Harness:
    """A session living in its own event loop thread, so Hypothesis can drive it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.context = session("visual-studio-code", root=root)
        self.session: Session = self.run(self.context.__aenter__())
        self.counter = itertools.count()
        config = Config()
        try:
            self.engine = engine_for(rule_folders(config))
        except RulesError:
            self.engine = Engine(load_rules([Path(f) for f in rule_folders(config)])[0])
        self.config = config

    def run(self, coroutine: Any, timeout: float = 120) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.run(self.context.__aexit__(None, None, None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def scratch(self, path: Path, text: str) -> tuple[list[dict], bool]:
        config = self.config
        options = AnalysisOptions(
            path=str(path), enabled=lambda info: config.rule_enabled(info, path), severity_of=config.severity_for,
            suppression=SuppressionOptions(config.nosec, config.noqa, config.require_reason, False),
        )
        analysis = self.engine.analyze_source(text, options)
        return [f.to_dict() for f in analysis.findings], not analysis.errors


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    live = Harness(tmp_path_factory.mktemp("property"))
    yield live
    live.close()


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@PROPERTY
@given(edits=st.lists(edit_strategy, min_size=1, max_size=6), crlf=st.booleans())
def test_incremental_equals_from_scratch(harness: Harness, edits: list[tuple], crlf: bool) -> None:
    _edit_and_compare(harness, BASE, edits, crlf)


@settings(PROPERTY, max_examples=100)
@given(edits=st.lists(edit_strategy, min_size=1, max_size=6), crlf=st.booleans())
def test_nested_statements_equal_from_scratch(harness: Harness, edits: list[tuple], crlf: bool) -> None:
    _edit_and_compare(harness, NESTED + SUMMARIES, edits, crlf)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("case", sorted(NESTED_CASES))
def test_nested_edit_cases(harness: Harness, case: str, crlf: bool) -> None:
    """Each explicit nested edit, applied to the live server, equals a from-scratch analysis."""
    path = harness.root / f"case{next(harness.counter)}.py"
    uri = path.as_uri()
    newline = "\r\n" if crlf else "\n"
    text = NESTED.replace("\n", newline)
    s = harness.session
    s.open(uri, text)
    for (line, column, end_line, end_column, new_text), text in edit_steps(text, NESTED_CASES[case], newline):
        s.edit(uri, line, column, end_line, end_column, new_text)
        _compare(harness, path, uri, text)
    s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


def _compare(harness: Harness, path: Path, uri: str, text: str) -> None:
    s = harness.session
    harness.run(s.diagnostics(uri))
    stats = harness.run(s.stats(uri, with_text=True))
    assert stats["text"] == text
    expected, parses = harness.scratch(path, text)
    if parses:
        assert stats["findings"] == expected


def _edit_and_compare(harness: Harness, base: str, edits: list[tuple], crlf: bool) -> None:
    path = harness.root / f"doc{next(harness.counter)}.py"
    uri = path.as_uri()
    text = base.replace("\n", "\r\n") if crlf else base
    s = harness.session
    s.open(uri, text)
    for line_at, column_at, span, end_at, new_text in edits:
        starts = _line_starts(text)
        line = int(line_at * (len(starts) - 1))
        start = starts[line] + int(column_at * (_line_end(text, starts, line) - starts[line]))
        end_line = min(len(starts) - 1, line + span)
        end = starts[end_line] + int(end_at * (_line_end(text, starts, end_line) - starts[end_line]))
        if end < start:
            start, end = end, start
            line, end_line = end_line, line
        character = _utf16(text[starts[line] : start])
        end_character = _utf16(text[starts[end_line] : end])
        s.edit(uri, line, character, end_line, end_character, new_text)
        text = text[:start] + new_text + text[end:]
    harness.run(s.diagnostics(uri))
    stats = harness.run(s.stats(uri, with_text=True))
    assert stats["liveText"] == text
    assert stats["text"] == text
    expected, parses = harness.scratch(path, text)
    if parses:
        assert stats["findings"] == expected
    s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
