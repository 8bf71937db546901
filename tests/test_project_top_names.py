"""Whether a document's imports are the project's is asked on every keystroke (a module with
no source of its own gets input only through them): the project folder is listed once per
change of it, not looked up with four `stat` calls per imported name, and a module created
in the folder later counts from the next keystroke on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.taint.analyzer import TaintOptions
from redline.engine.units import Change, IncrementalDocument

# No source here: input can come only from the project's `helpers` once it exists.
VIEWS = '''\
import base64, collections, functools, hashlib, json, logging, os, re, subprocess, time

from helpers import incoming


def relay():
    command = incoming()
    return subprocess.run(command, shell=True)
'''

HELPERS = '''\
from flask import request


def incoming():
    return request.args["command"]
'''


def _findings(document: IncrementalDocument) -> list[tuple[str, int]]:
    return [(f.rule_id, f.span.start.line) for f in document.findings() if f.rule_id.startswith("tainted-")]


def test_a_keystroke_lists_the_project_folder_not_each_import_and_sees_a_new_module(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    views = tmp_path / "views.py"
    views.write_text(VIEWS)
    settled = os.stat(tmp_path).st_mtime_ns - 10 * 10**9  # as a folder left alone for a while
    os.utime(tmp_path, ns=(settled, settled))
    options = AnalysisOptions(path=str(views), taint=TaintOptions().in_project(tmp_path, views))
    document = IncrementalDocument(engine, VIEWS, options)
    assert _findings(document) == []

    looked_up: list[str] = []
    real_stat = os.stat

    def counting_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(tmp_path)):
            looked_up.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting_stat)
    document.apply([Change((6, 4), (6, 4), "x")])  # `xcommand = incoming()`
    document.apply([Change((6, 4), (6, 5), "")])
    assert _findings(document) == []
    # The folder and its `src/` are looked at, not `os/`, `os.py`, `subprocess.py`... for each
    # import and each library call's module; nor `helpers` there, while the folder lacks it.
    assert set(looked_up) == {str(tmp_path), str(tmp_path / "src")}

    (tmp_path / "helpers.py").write_text(HELPERS)  # the folder changes: listed again
    document.apply([Change((6, 4), (6, 4), "x")])
    document.apply([Change((6, 4), (6, 5), "")])
    assert _findings(document) == [("tainted-command-injection", 8)]
