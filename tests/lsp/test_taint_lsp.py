"""Data-flow findings in a real `redline serve`: relatedInformation walks the path, and an
edit to a called function re-checks its callers (summaries follow the code)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import Session, app_project, eventually, session
from nested_cases import ATTRIBUTE

pytestmark = pytest.mark.asyncio

APP = '''\
import subprocess

from flask import Flask, request

app = Flask(__name__)


def wrap(value):
    return "ping -c 1 " + value


@app.route("/ping")
def ping():
    host = request.args["host"]
    command = wrap(host)
    return subprocess.run(command, shell=True, check=False).returncode
'''


def _taint(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == "tainted-command-injection"]


async def test_related_information_and_summary_invalidation(profile: str, tmp_path: Path) -> None:
    uri = (tmp_path / "app.py").as_uri()
    async with session(profile, root=tmp_path) as s:
        s.open(uri, APP)
        (finding,) = _taint(await s.diagnostics(uri))
        assert finding.range.start.line == 15
        assert finding.message.startswith("request.args value from line 14 reaches subprocess.run(shell=True)")
        related = finding.related_information or []
        assert [(r.location.range.start.line, r.message) for r in related] == [
            (13, "source: request.args value"),
            (13, "assigned to host"),
            (14, "through wrap()"),
            (14, "assigned to command"),
            (15, "sink: subprocess.run(shell=True)"),
        ]
        assert all(r.location.uri == uri for r in related)

        # The helper now returns a constant: the caller's finding goes, though only the
        # helper's lines were edited (published again once the caller's data flow ran).
        version = s.edit(uri, 8, 11, 8, 31, '"uptime"')
        await s.diagnostics(uri, version)
        assert _taint(await s.settled(uri)) == []

        # And back: the finding returns.
        version = s.edit(uri, 8, 11, 8, 19, '"ping -c 1 " + value')
        await s.diagnostics(uri, version)
        assert len(_taint(await s.settled(uri))) == 1


REFINED = '''\
import os
import shlex
from flask import Flask, request

app = Flask(__name__)

@app.get("/tail")
def tail():
    os.system("tail -n 20 " + request.args["log"])


@app.get("/tail-quoted")
def tail_quoted():
    log = shlex.quote(request.args["log"])
    os.system("tail -n 20 " + log)


def rotate(log):
    os.system("logrotate " + log)
'''


async def test_one_finding_per_sink_as_in_the_cli(profile: str, tmp_path: Path) -> None:
    """The refinement policy (server/engine/refinement.py) in the editor, also after an edit."""
    uri = (tmp_path / "app.py").as_uri()
    async with session(profile, root=tmp_path) as s:
        s.open(uri, REFINED)
        found = sorted((d.range.start.line, d.code) for d in await s.diagnostics(uri))
        assert found == [(8, "tainted-command-injection"), (18, "os-system-injection")]

        # Without shlex.quote the second view is an injection too: reported once, by data flow.
        version = s.edit(uri, 13, 10, 13, 42, 'request.args["log"]')
        found = sorted((d.range.start.line, d.code) for d in await s.diagnostics(uri, version))
        assert found == [(8, "tainted-command-injection"), (14, "tainted-command-injection"), (18, "os-system-injection")]


HELPERS_ON_DISK = '''\
def command_for(value):
    return "uptime"
'''
HELPERS_UNSAVED = '''\
def command_for(value):
    return "ping -c 1 " + value
'''
VIEWS = '''\
import subprocess

from flask import Flask, request

from app.helpers import command_for

app = Flask(__name__)


@app.route("/ping")
def ping():
    return subprocess.run(command_for(request.args["h"]), shell=True).returncode
'''


async def test_summaries_use_the_unsaved_text_of_other_open_modules(profile: str, tmp_path: Path) -> None:
    views, helpers = app_project(tmp_path, HELPERS_ON_DISK, VIEWS)
    async with session(profile, root=tmp_path) as s:
        s.open(views, VIEWS)
        assert _taint(await s.diagnostics(views)) == []

        # The helper, edited in the editor but not saved, now passes its argument on.
        s.open(helpers, HELPERS_ON_DISK)
        await s.diagnostics(helpers)
        s.edit(helpers, 1, 11, 1, 19, '"ping -c 1 " + value')
        await s.diagnostics(helpers)
        version = s.edit(views, 11, 52, 11, 53, "h")  # retyping the view's line changes nothing
        await s.diagnostics(views, version)
        (finding,) = _taint(await s.settled(views))
        assert "through command_for()" in [r.message for r in finding.related_information or []]

        # Closed without saving: the disk's text counts again.
        s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=helpers)))
        assert _taint(await s.settled(views)) == []


async def _views_taint(s: Session, views: str) -> list[types.Diagnostic]:
    """The views' data-flow findings as the client has them now, though the views were not
    touched: pulled (the server holds the answer until its re-check is done) or the latest
    pushed once a re-check after the helper's change has arrived."""
    if s.pull:
        return _taint(await s.diagnostics(views))
    return _taint(list(s.published[views][-1].diagnostics))


async def _pushed_after(s: Session, views: str, count: int, wanted: bool) -> bool:
    """Push clients: a new publish for the views arrived, with (or without) the finding."""
    return await eventually(lambda: len(s.published.get(views, [])) > count and bool(_taint(list(s.published[views][-1].diagnostics))) == wanted)


async def test_documents_importing_a_changed_module_are_checked_again_at_once(profile: str, tmp_path: Path) -> None:
    views, helpers = app_project(tmp_path, HELPERS_ON_DISK, VIEWS)
    helpers_path = tmp_path / "app" / "helpers.py"
    async with session(profile, root=tmp_path) as s:
        s.open(views, VIEWS)
        assert _taint(await s.diagnostics(views)) == []
        s.open(helpers, HELPERS_ON_DISK)
        await s.diagnostics(helpers)

        # Only the helper is edited: the view's finding appears...
        count = len(s.published.get(views, []))
        s.edit(helpers, 1, 11, 1, 19, '"ping -c 1 " + value')
        if not s.pull:
            assert await _pushed_after(s, views, count, True)
        (finding,) = await _views_taint(s, views)
        assert "through command_for()" in [r.message for r in finding.related_information or []]

        # ... and goes when the helper returns a constant again.
        count = len(s.published.get(views, []))
        s.edit(helpers, 1, 11, 1, 31, '"uptime"')
        if not s.pull:
            assert await _pushed_after(s, views, count, False)
        assert await _views_taint(s, views) == []

        # Closed, then changed on disk (the client's file watcher reports it).
        s.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=helpers)))
        helpers_path.write_text(HELPERS_UNSAVED, encoding="utf-8")
        count = len(s.published.get(views, []))
        s.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=helpers, type=types.FileChangeType.Changed)]
        ))
        if not s.pull:
            assert await _pushed_after(s, views, count, True)
        assert len(await _views_taint(s, views)) == 1


ARCHIVE = '''\
import os

from flask import Flask, request

app = Flask(__name__)


class Archive:
    def __init__(self):
        self.name = "backup"

    def suffix(self):
        return ".tgz"

    def run(self):
        os.system("tar czf " + self.name + self.suffix())
'''


async def _edited_then_settled(s: Session, uri: str, line: int, start: int, end: int, text: str) -> list[types.Diagnostic]:
    """Replace columns [start, end) of `line`; the data-flow findings once the edited
    document's diagnostics and the background re-checks that follow them are in."""
    version = s.edit(uri, line, start, line, end, text)
    await s.diagnostics(uri, version)
    return _taint(await s.settled(uri))


async def test_a_method_edit_re_checks_the_methods_depending_on_it(profile: str, tmp_path: Path) -> None:
    """Editing one method updates another method's data-flow finding without touching it:
    first the edited document's diagnostics, then those of the methods reading the
    attribute it sets or calling it (checked in the background)."""
    uri = (tmp_path / "archive.py").as_uri()
    async with session(profile, root=tmp_path) as s:
        s.open(uri, ARCHIVE)
        assert _taint(await s.diagnostics(uri)) == []

        # The attribute now comes from the request: run()'s sink is tainted.
        (finding,) = await _edited_then_settled(s, uri, 9, 20, 28, 'request.args["n"]')
        assert finding.range.start.line == 15
        assert finding.message.startswith("request.args value from line 10 reaches os.system()")

        # A constant again: the finding goes.
        assert await _edited_then_settled(s, uri, 9, 20, 37, '"backup"') == []

        # The called method returns input: run()'s sink is tainted through it.
        (finding,) = await _edited_then_settled(s, uri, 12, 15, 21, 'request.args["s"]')
        assert finding.range.start.line == 15
        assert finding.message.startswith("request.args value from line 13 reaches os.system()")


async def test_a_caller_re_checked_alone_still_names_its_source_line(profile: str, tmp_path: Path) -> None:
    """run()'s sink reads `self.cmd`, set from input in setup(); editing helper(), which run()
    calls, re-checks only run()'s data flow: the message still says where the source is, as
    when the document was opened."""
    uri = (tmp_path / "handler.py").as_uri()
    async with session(profile, root=tmp_path) as s:
        s.open(uri, ATTRIBUTE)
        (opened,) = _taint(await s.diagnostics(uri))
        assert opened.message.startswith("request.args value from line 7 reaches subprocess.call(shell=True)")
        (finding,) = await _edited_then_settled(s, uri, 13, 15, 16, "2")
        assert finding.message == opened.message
        assert [r.location.range for r in finding.related_information or []] == [r.location.range for r in opened.related_information or []]


RELAY = '''\
import subprocess

from flask import Flask, request

app = Flask(__name__)


def run_all(command):
    subprocess.run(command, shell=True, check=False)


@app.route("/ping")
def ping():
    run_all(request.args["host"])
'''


def _path(finding: types.Diagnostic) -> list[tuple[str, types.Range]]:
    return [(r.message, r.location.range) for r in finding.related_information or []]


async def test_a_callee_edit_keeps_the_callers_path_step_inside_it(profile: str, tmp_path: Path) -> None:
    """A space typed at the end of run_all()'s sink line makes ping()'s data flow due: its
    relatedInformation still holds the step inside run_all(), as a fresh open of the text."""
    uri, fresh = (tmp_path / "relay.py").as_uri(), (tmp_path / "fresh.py").as_uri()
    sink = RELAY.split("\n")[8]
    async with session(profile, root=tmp_path) as s:
        s.open(uri, RELAY)
        (opened,) = _taint(await s.diagnostics(uri))
        assert ("inside: subprocess.run(shell=True)", types.Range(start=types.Position(line=8, character=4), end=types.Position(line=8, character=len(sink)))) in _path(opened)
        (edited,) = await _edited_then_settled(s, uri, 8, len(sink), len(sink), " ")
        s.open(fresh, RELAY.replace(sink, sink + " "))
        (expected,) = _taint(await s.diagnostics(fresh))
        assert _path(edited) == _path(expected) == _path(opened)
