"""Functions of the project's other modules, through the real CLI: a module is parsed for a
summary only when its text may define the function asked for (`def name(`), so lookups of
the classes and constants imported from it cost no parse; a definition spelt with extra
spaces or a line continuation is still found."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import check, explain, report, write

SHELL = '''\
import os


class Job:
    name = "backup"


LIMIT = 3


def  run_in_shell \\
        (command):
    return os.system(command)


async def run_later(command):
    return os.system(command)
'''

VIEWS = '''\
from flask import Flask, request

from app.shell import LIMIT, Job, run_in_shell

app = Flask(__name__)


@app.route("/archive")
def archive_view():
    job = Job()
    return run_in_shell(request.args["name"] * LIMIT) or job
'''

NO_FUNCTIONS = '''\
from flask import Flask, request

from app.shell import Job

app = Flask(__name__)


@app.route("/archive")
def archive_view():
    return Job(request.args["name"])
'''


def findings_of(tmp_path: Path, files: dict[str, str], *paths: str) -> list[tuple[str, str, int]]:
    write(tmp_path, {"pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/shell.py": SHELL, **files})
    result = check("--no-cache", "--select", "dataflow", "--format", "json", *paths, cwd=tmp_path)
    assert result.returncode in (0, 1), explain(result)
    return [(f["path"], f["rule_id"], f["start_line"]) for f in report(result.stdout)["findings"]]


@pytest.mark.parametrize("paths", [("app/views.py",), ("app/shell.py", "app/views.py")])
def test_a_definition_spelt_oddly_is_found_next_to_classes_and_constants(tmp_path: Path, paths: tuple[str, ...]) -> None:
    found = findings_of(tmp_path, {"app/views.py": VIEWS}, *paths)
    assert found == [("app/views.py", "tainted-command-injection", 11)]


def test_only_classes_imported_give_no_summary_and_no_finding(tmp_path: Path) -> None:
    """`Job(...)` names no function of the module: nothing to summarise, nothing reported."""
    assert findings_of(tmp_path, {"app/views.py": NO_FUNCTIONS}, "app/views.py") == []


def test_a_first_read_keeps_summary_keys_and_a_changed_module_renews_them(tmp_path: Path) -> None:
    """Reading a module for the first time changes no summary known before (every name asked
    of it was refused by may_define), so keys stay and a run computes each summary once; a
    module whose file changed makes summaries through it stale."""
    from redline.engine.taint.project import ProjectModules

    write(tmp_path, {"app/__init__.py": "", "app/shell.py": SHELL, "app/more.py": "def helper(value):\n    return value\n"})
    project = ProjectModules(tmp_path)
    first = project.definition("app.shell.run_in_shell")
    assert first is not None and project.definition("app.more.helper") is not None
    assert project.definition("app.shell.run_in_shell").key == first.key
    (tmp_path / "app" / "more.py").write_text("def helper(value):\n    return value + 1\n")
    assert project.definition("app.more.helper") is not None
    assert project.definition("app.shell.run_in_shell").key != first.key
