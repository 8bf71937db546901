"""Data flow looks only for the taint parts whose names the checked file contains, and looks
for sinks and sources before anything else. These cases, through the real CLI, are the ones
that shortcut must not lose: a sink in another project module whose names the checked file
never mentions, and a function without a sink of its own that hands input to one.

(A file that names none of a rule's sinks is not checked for that rule at all, as for
pattern rules; views.py below names `os.system`, another sink of the same rule.)"""

from __future__ import annotations

from pathlib import Path

from cli_helpers import check, explain, write

RUNNER = '''\
import subprocess


def run(command):
    return subprocess.check_output(command)
'''
VIEW = '''\
import os

from flask import Flask, request

from app.runner import run

app = Flask(__name__)


@app.route("/run")
def run_view():
    return run(request.args["cmd"])


@app.route("/safe")
def safe_view():
    return run("uptime")


@app.route("/load")
def load_view():
    return os.system("uptime")
'''
LOCAL = '''\
import subprocess

from flask import Flask, request

app = Flask(__name__)


def shell(command):
    return subprocess.run(command, shell=True, check=False)


@app.route("/run")
def run_view():
    value = request.args["cmd"]
    return shell(value)
'''


def _findings(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.split(" [")[0] for line in result.stdout.splitlines() if line.startswith("app/")]


def test_a_sink_in_another_module_the_file_never_names(tmp_path: Path) -> None:
    """views.py never says `subprocess`: the summary of `run` still finds that sink."""
    write(tmp_path, {"pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/runner.py": RUNNER, "app/views.py": VIEW})
    result = check("--no-cache", "--select", "dataflow", "app/views.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert _findings(result) == ["app/views.py:12:12: tainted-command-injection"]
    assert "reaches run() which passes it to subprocess.check_output()" in result.stdout


def test_input_handed_to_a_helper_with_the_sink(tmp_path: Path) -> None:
    """run_view has no sink of its own; the helper of the same file has one."""
    write(tmp_path, {"pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/views.py": LOCAL})
    result = check("--no-cache", "--select", "dataflow", "app", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert _findings(result) == ["app/views.py:15:12: tainted-command-injection"]
