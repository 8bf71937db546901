"""Whether a document's imports are the project's is asked on every keystroke (a module with
no source of its own gets input only through them): the project folder is listed once per
change of it, not looked up with four `stat` calls per imported name, and a module created
in the folder later counts from the next keystroke on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import apply_random_edits
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


def _project_document(engine: Engine, folder: Path, text: str) -> tuple[IncrementalDocument, AnalysisOptions]:
    """`text` open as `views.py` of the project `folder`, a folder left alone for a while."""
    views = folder / "views.py"
    views.write_text(text)
    settled = os.stat(folder).st_mtime_ns - 10 * 10**9
    os.utime(folder, ns=(settled, settled))
    options = AnalysisOptions(path=str(views), taint=TaintOptions().in_project(folder, views))
    return IncrementalDocument(engine, text, options), options


def _counting_stats(patched: pytest.MonkeyPatch, folder: Path) -> list[str]:
    """The paths under `folder` that `os.stat` is asked about from now on (the listing's
    look at a folder, or a look per module file)."""
    looked_up: list[str] = []
    real_stat = os.stat

    def counting_stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(folder)):
            looked_up.append(str(path))
        return real_stat(path, *args, **kwargs)

    patched.setattr(os, "stat", counting_stat)
    return looked_up


def test_a_keystroke_lists_the_project_folder_not_each_import_and_sees_a_new_module(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document, _ = _project_document(engine, tmp_path, VIEWS)
    assert _findings(document) == []
    looked_up = _counting_stats(monkeypatch, tmp_path)
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


# A view module of a project whose input may come only through the project's `helpers` (or
# from a source typed in): edits of imports, source, sink and sanitizer names, compared with a
# from-scratch analysis after each. Whether an import is the project's now comes from the
# folder's listing, so this pins that the listing answers as the stat calls did.
PROJECT_VIEWS = '''\
import shlex, subprocess

from helpers import incoming, quiet


def relay():
    command = incoming()
    return subprocess.run(command, shell=True)


def calm():
    return subprocess.run(quiet(), shell=True)
'''

PROJECT_HELPERS = '''\
from flask import request


def incoming():
    return request.args["command"]


def quiet():
    return "ls"
'''

PROJECT_PIECES = [
    "x", "(", ")", "\n", "    ", "helpers", "incoming()", "quiet()", "from helpers import incoming\n", "import helpers\n",
    "import os\n", "helpers.incoming()", "request.args[\"c\"]", "shlex.quote(", "int(", "subprocess.run(", "os.system(",
    "from . import helpers\n", "from flask import request\n",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(0.15, 0.0, 30, "import os\n")])  # the project import replaced: no input reaches `relay`
@example(edits=[(0.45, 0.5, 0, "shlex.quote(")])  # a sanitizer typed in `relay`
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(PROJECT_PIECES)), min_size=1, max_size=6))
def test_random_edits_in_a_project_view_equal_from_scratch(engine: Engine, tmp_path: Path, edits: list[tuple[float, float, int, str]]) -> None:
    views = tmp_path / "views.py"
    if not views.exists():
        views.write_text(PROJECT_VIEWS)
        (tmp_path / "helpers.py").write_text(PROJECT_HELPERS)
        settled = os.stat(tmp_path).st_mtime_ns - 10 * 10**9  # the listing is kept, as in a project left alone
        os.utime(tmp_path, ns=(settled, settled))
    options = AnalysisOptions(path=str(views), taint=TaintOptions().in_project(tmp_path, views))
    document = IncrementalDocument(engine, PROJECT_VIEWS, options)
    assert _findings(document) == [("tainted-command-injection", 8)]
    apply_random_edits(document, edits)


# Many imports, no source, two definitions first open leaves unparsed: while units are lazy,
# a keystroke in parsed code asks the source gate whether an import is the project's.
LAZY_VIEWS = '''\
import base64, collections, functools, hashlib, json, logging, os, re, subprocess, time


def total(items):
    count = 0
    for item in items:
        count += item
    return count


def label(name):
    return name.title()


def digest(data):
    hashed = hashlib.md5(data)
    return hashed.hexdigest()
'''


def _keystroke_stats(engine: Engine, folder: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths under `folder` a keystroke in `digest` (parsed code, units lazy) stats."""
    folder.mkdir()
    document, options = _project_document(engine, folder, text)
    document.findings()
    assert document.lazy_units() == 2
    asks = document.stats.gate_asks
    with monkeypatch.context() as patched:
        looked_up = _counting_stats(patched, folder)
        line = text.splitlines().index("    hashed = hashlib.md5(data)")
        document.apply([Change((line, 10), (line, 10), "x")])  # `hashedx = hashlib.md5(data)`
        found = [f.to_dict() for f in document.findings()]
    assert found == [f.to_dict() for f in IncrementalDocument(engine, document.text, options).findings()]
    assert document.stats.gate_asks == asks + 1 and document.lazy_units() == 2
    return looked_up


def test_a_keystroke_while_units_are_lazy_looks_at_the_project_folders_once_for_all_imports(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many = _keystroke_stats(engine, tmp_path / "many", LAZY_VIEWS, monkeypatch)
    one = _keystroke_stats(engine, tmp_path / "one", LAZY_VIEWS.replace("base64, collections, functools, ", "").replace(", json, logging, os, re, subprocess, time", ""), monkeypatch)
    # the folder and its `src/` only, and as often for ten imported names as for one
    assert {path[len(str(tmp_path / "many")):] for path in many} == {"", "/src"}
    assert len(many) == len(one)
