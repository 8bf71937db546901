"""The names the background data flow found changed reach the importing documents even when
a keystroke arrives as it finishes: the server's worker calls, in the order of that race
(the follow-up's check done, then a keystroke, then the rest of the follow-up), no stdio."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from redline.engine.units import TextBuffer
from redline.lsp.documents import OpenDocument
from redline.lsp.positions import Codec
from redline.lsp.server import RedlineServer

TEXT = '''\
import subprocess

from flask import request


def f(x):
    return x


def g(y):
    subprocess.call(f(y), shell=True)


def view():
    g(request.args["a"])
'''


def _type(doc: OpenDocument, line: int, start: int, end: int, text: str) -> None:
    span = types.Range(types.Position(line, start), types.Position(line, end))
    doc.edit([types.TextDocumentContentChangePartial(range=span, text=text)], doc.version + 1)


def test_exports_of_a_follow_up_overtaken_by_a_keystroke_go_to_the_next_analysis(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(TEXT)
    server = RedlineServer()
    doc = OpenDocument(path.as_uri(), path, 1, TextBuffer(TEXT), Codec(types.PositionEncodingKind.Utf16))
    doc.publish(server._analyse(doc))  # type: ignore[arg-type]
    _type(doc, 6, 11, 12, "int(x)")  # `f` sanitises: its callers' data flow is deferred
    typed = server._analyse(doc)
    assert typed is not None and typed.exports == {"f"}
    doc.publish(typed)
    assert doc.model is not None and doc.model.deferred()
    assert doc.model.check(lambda: False)  # the follow-up's check: `g` and `view` checked again
    _type(doc, 15, 0, 0, "#")  # a keystroke comes before the follow-up converts its result
    # The follow-up gives its result up (the event loop drops a result older than the text)
    # and leaves what changed to the keystroke's analysis; it took and lost the names before.
    assert server._analyse_deferred(doc) is None
    after = server._analyse(doc)
    assert after is not None and after.exports is not None and {"g", "view"} <= after.exports
