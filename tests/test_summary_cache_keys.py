"""A file's data-flow findings do not depend on what else one run checks, nor in which order
(through the real CLI): function summaries are cached per process, so their keys must hold all
a summary depends on: the function's code, its module's imports and globals, and the taint
parts its facts were collected with."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import check, explain, report, write

# `get` reads input here: `request` is flask's.
FLASK_GET = '''\
import os
from flask import request


def get():
    return request.args["cmd"]


def run():
    os.system(get())
'''

# The same `get`, word for word, but `request` is a local object holding constants; the file
# reads input elsewhere, so its data flow is not skipped as a whole.
LOCAL_GET = '''\
import os


class Settings:
    args = {"cmd": "ls"}


request = Settings()


def get():
    return request.args["cmd"]


def run():
    os.system(get())


def form():
    import flask
    return flask.request.form
'''

# A project module whose function calls another function of its own module, where the sink is.
SHELL = '''\
import os


def run_in_shell(command):
    return _go(command)


def _go(command):
    return os.system(command)
'''

VIEWS = '''\
from flask import Flask, request

from app.shell import run_in_shell

app = Flask(__name__)


@app.route("/archive")
def archive_view():
    return run_in_shell(request.args["name"])
'''


def findings_of(tmp_path: Path, *args: str) -> list[dict]:
    """The findings of every enabled rule (pattern rules that data flow refines included)."""
    result = check("--no-cache", "--format", "json", *args, cwd=tmp_path)
    assert result.returncode in (0, 1), explain(result)
    return report(result.stdout)["findings"]


def only(findings: list[dict], path: str) -> list[dict]:
    return [finding for finding in findings if finding["path"] == path]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("order", [("flask_get.py", "local_get.py"), ("local_get.py", "flask_get.py")])
def test_equal_code_under_other_imports_keeps_its_own_findings(tmp_path: Path, order: tuple[str, str], jobs: str) -> None:
    write(tmp_path, {"flask_get.py": FLASK_GET, "local_get.py": LOCAL_GET})
    alone = {name: findings_of(tmp_path, name) for name in order}
    together = findings_of(tmp_path, "--jobs", jobs, *order)
    assert [(f["rule_id"], f["start_line"]) for f in alone["flask_get.py"]] == [("tainted-command-injection", 10)]
    assert alone["local_get.py"] == []
    for name in order:
        assert only(together, name) == alone[name]


def test_a_copy_of_a_file_shows_its_own_source_lines(tmp_path: Path) -> None:
    """Equal code in equal modules shares a summary key; the copy's path still starts at its
    own source (a summary pointing into the other file's tree is recomputed)."""
    write(tmp_path, {"one.py": FLASK_GET, "two.py": FLASK_GET})
    together = findings_of(tmp_path, "--jobs", "1", "one.py", "two.py")
    for name in ("one.py", "two.py"):
        [finding] = only(together, name)
        assert finding["start_line"] == 10
        steps = [(step["start_line"], step["message"]) for step in finding["related"]]
        assert steps[0] == (6, "source: request.args value"), steps


@pytest.mark.parametrize("paths", [("app/views.py",), ("app/shell.py", "app/views.py")])
def test_a_project_function_calling_its_own_module_reaches_the_sink(tmp_path: Path, paths: tuple[str, ...]) -> None:
    """`run_in_shell` (another module) hands its argument to `_go` of its own module: the sink
    in `_go` is found although the checked file never names `os.system`."""
    write(tmp_path, {"pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/shell.py": SHELL, "app/views.py": VIEWS})
    findings = only(findings_of(tmp_path, "--jobs", "1", *paths), "app/views.py")
    assert [(f["rule_id"], f["start_line"]) for f in findings] == [("tainted-command-injection", 10)]
    assert "passes it to _go() which passes it to os.system()" in findings[0]["message"]


def test_jobs_and_file_order_give_the_same_report(tmp_path: Path) -> None:
    """One process or two workers (largest file first), files in either order: the same
    report, byte for byte, and each file's findings are those it has alone."""
    files = {
        "pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/shell.py": SHELL, "app/views.py": VIEWS,
        "flask_get.py": FLASK_GET, "local_get.py": LOCAL_GET, "zz_copy.py": FLASK_GET + "\n\n" + "# padding\n" * 400,
    }
    write(tmp_path, files)
    paths = ["app/shell.py", "app/views.py", "flask_get.py", "local_get.py", "zz_copy.py"]
    outputs = []
    for jobs, order in (("1", paths), ("2", paths), ("2", paths[::-1]), ("1", paths[::-1])):
        result = check("--no-cache", "--format", "json", "--jobs", jobs, *order, cwd=tmp_path)
        assert result.returncode == 1, explain(result)
        outputs.append(result.stdout)
    assert outputs[1:] == outputs[:1] * 3
    together = report(outputs[0])["findings"]
    for name in paths:
        assert only(together, name) == only(findings_of(tmp_path, name), name)
