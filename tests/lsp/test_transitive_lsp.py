"""A real `redline serve`: an edit to a function changes the findings of the callers of its
callers once the background data flow ran, in the edited document and in an open document
importing it (a caller there, or a function of the edited module calling the edited one)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_session import Session, app_project, session
from nested_cases import CHAIN

pytestmark = pytest.mark.asyncio

HELPERS = '''\
from flask import request


def f(x):
    return x


def g(y):
    return f(y)


def query():
    return request.args["q"]
'''

VIEWS = '''\
import subprocess

from flask import request

from app.helpers import f, g


def wrap(value):
    return f(value)


def through_wrap():
    subprocess.call(wrap(request.args["a"]), shell=True)


def through_g():
    subprocess.call(g(request.args["b"]), shell=True)
'''


def _taint_lines(diagnostics: list[types.Diagnostic]) -> list[int]:
    return [d.range.start.line for d in diagnostics if d.code == "tainted-command-injection"]


async def _edited_then_settled(s: Session, uri: str, line: int, start: int, end: int, text: str) -> list[int]:
    version = s.edit(uri, line, start, line, end, text)
    await s.diagnostics(uri, version)
    return _taint_lines(await s.settled(uri))


async def test_a_sanitiser_two_calls_away_reaches_the_caller(profile: str, tmp_path: Path) -> None:
    uri = (tmp_path / "chain.py").as_uri()
    async with session(profile, root=tmp_path) as s:
        s.open(uri, CHAIN)
        assert _taint_lines(await s.diagnostics(uri)) == [13]
        assert await _edited_then_settled(s, uri, 5, 11, 12, "int(x)") == []
        assert await _edited_then_settled(s, uri, 5, 11, 17, "x") == [13]


async def _views_settle_to(s: Session, views: str, wanted: list[int]) -> bool:
    """The views, not edited themselves, come to have findings on the `wanted` lines (their
    re-check follows the helpers' own background work: polled, a bounded number of times)."""
    for _ in range(100):
        if _taint_lines(await s.settled(views)) == wanted:
            return True
        await asyncio.sleep(0.1)
    return False


async def _helpers_edited_views_settle_to(s: Session, helpers: str, views: str, edit: tuple[int, int, int, str], wanted: list[int]) -> bool:
    """`edit` (line, first and end column, text) typed in the helpers, their own work
    settled: the views come to have findings on the `wanted` lines."""
    line, start, end, text = edit
    version = s.edit(helpers, line, start, line, end, text)
    await s.diagnostics(helpers, version)
    await s.settled(helpers)
    return await _views_settle_to(s, views, wanted)


async def test_an_importing_document_follows_callers_of_callers(profile: str, tmp_path: Path) -> None:
    views, helpers = app_project(tmp_path, HELPERS, VIEWS)
    async with session(profile, root=tmp_path) as s:
        s.open(views, VIEWS)
        assert _taint_lines(await s.diagnostics(views)) == [12, 16]
        s.open(helpers, HELPERS)
        await s.diagnostics(helpers)

        # `f` sanitises: `wrap` (a caller in the views) and `g` (a caller in the helpers,
        # which read input, so their callers follow) change, and so do the views' callers of
        # them.
        assert await _helpers_edited_views_settle_to(s, helpers, views, (4, 11, 12, "int(x)"), [])
        assert await _helpers_edited_views_settle_to(s, helpers, views, (4, 11, 17, "x"), [12, 16])


QUIET_HELPERS = '''\
import shlex
import subprocess


def run(c):
    subprocess.run(c, shell=True)


def wrap(c):
    run(c)


def quoted(c):
    return shlex.quote(c)
'''

QUIET_VIEWS = '''\
from flask import request

from app.helpers import wrap


def view():
    wrap(request.args["c"])
'''


async def test_an_importing_document_follows_callers_in_a_module_reading_no_input(profile: str, tmp_path: Path) -> None:
    """The helpers read no input: editing `run` checks nothing else there, yet the views
    calling `wrap` (which calls `run`) follow once the background work ran."""
    views, helpers = app_project(tmp_path, QUIET_HELPERS, QUIET_VIEWS)
    async with session(profile, root=tmp_path) as s:
        s.open(views, QUIET_VIEWS)
        assert _taint_lines(await s.diagnostics(views)) == [6]
        s.open(helpers, QUIET_HELPERS)
        await s.diagnostics(helpers)

        assert await _helpers_edited_views_settle_to(s, helpers, views, (5, 19, 20, "shlex.quote(c)"), [])
        assert await _helpers_edited_views_settle_to(s, helpers, views, (5, 19, 33, "c"), [6])
