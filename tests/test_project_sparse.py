"""Another module of the project is parsed, for a summary, with only the function asked for
and what it reaches by name (taint/project.py, sparse.reaching): its module-level callees,
a class it makes and the methods it calls on it, and what those call in turn. Everything
else is a stub. The finding through the whole chain is still reported (real CLI), and the
parsed module holds the reached code whole and the rest stubbed."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import check, explain, report, write
from redline.engine.taint.project import ProjectModules

HELPERS = '''\
"""Helpers."""
import subprocess

from app.base import Base


def run(command):
    return _prepared(command)


def _prepared(command):
    return Runner().go(command.strip())


class Runner(Base):
    retries = 2

    def go(self, command):
        return self._shell(command)

    def _shell(self, command):
        return subprocess.call(command, shell=True)

    def unrelated_method(self, value):
        return value * 2


def unrelated(value):
    return subprocess.call(value, shell=True)


def also_unrelated():
    return [x for x in range(10)]
'''

VIEWS = '''\
from flask import Flask, request

from app.helpers import run, unrelated

app = Flask(__name__)


@app.post("/jobs")
def start_job():
    command = request.form["command"]
    unrelated("uptime")
    return run(command)
'''


def _project(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/base.py": "class Base:\n    pass\n",
        "app/helpers.py": HELPERS, "app/views.py": VIEWS,
    })


def test_a_chain_through_callees_methods_and_a_class_is_followed(tmp_path: Path) -> None:
    _project(tmp_path)
    result = check("--no-cache", "--select", "dataflow", "--format", "json", "app/views.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    found = [(f["path"], f["rule_id"], f["start_line"]) for f in report(result.stdout)["findings"]]
    assert found == [("app/views.py", "tainted-command-injection", 12)]


def test_the_module_is_parsed_with_what_the_function_reaches(tmp_path: Path) -> None:
    _project(tmp_path)
    project = ProjectModules(tmp_path)
    definition = project.definition("app.helpers.run")
    assert definition is not None
    code = definition.ancestors[0].code  # type: ignore[attr-defined]
    for kept in ("return _prepared(command)", "return Runner().go(command.strip())", "return self._shell(command)", "subprocess.call(command, shell=True)", "retries = 2"):
        assert kept in code
    for stubbed in ("def unrelated():\n    pass\n", "def also_unrelated():\n    pass\n", "    def unrelated_method():\n        pass\n"):
        assert stubbed in code
    assert "value * 2" not in code and "range(10)" not in code
    assert len(code.splitlines()) == len(HELPERS.splitlines())  # every line kept in its place
    # A function kept for `run` (it reaches it) comes from the same parse; one stubbed there
    # gets its own, with it whole.
    prepared = project.definition("app.helpers._prepared")
    assert prepared is not None and prepared.ancestors[0] is definition.ancestors[0]
    other = project.definition("app.helpers.unrelated")
    assert other is not None and other.ancestors[0] is not definition.ancestors[0]
    assert "return subprocess.call(value, shell=True)" in other.ancestors[0].code_for_node(other.function)  # type: ignore[attr-defined]
