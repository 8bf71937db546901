"""Data-flow findings through the real CLI: the path in text, JSON and SARIF (codeFlows,
checked against the official schema), and the config's source settings."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from cli_helpers import REPO, check, explain, report, write

SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"

VIEW = '''\
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args["host"]
    command = "ping -c 1 " + host
    return subprocess.run(command, shell=True, check=False).returncode


@app.route("/uptime")
def uptime():
    command = "uptime"
    return subprocess.run(command, shell=True, check=False).returncode
'''
PATH = [(10, "source: request.args value"), (10, "assigned to host"), (11, "assigned to command"), (12, "sink: subprocess.run(shell=True)")]


def test_text_report_shows_the_path(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": VIEW})
    result = check("--no-cache", "--select", "tainted-command-injection", "app.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "app.py:12:12: tainted-command-injection [high] request.args value from line 10 reaches subprocess.run(shell=True): "
    )
    assert lines[1:5] == [f"    {line}:{col}: {text}" for (line, text), col in zip(PATH, (12, 5, 5, 12))]
    assert "1 finding" in result.stdout


def test_json_report_carries_the_path(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": VIEW})
    result = check("--no-cache", "--format", "json", "--select", "tainted-command-injection", "app.py", cwd=tmp_path)
    (finding,) = report(result.stdout)["findings"]
    assert [(step["start_line"], step["message"]) for step in finding["related"]] == PATH
    assert finding["cwe"] == 78


def test_sarif_code_flows_are_valid(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": VIEW})
    result = check("--no-cache", "--format", "sarif", "--select", "tainted-command-injection", "app.py", cwd=tmp_path)
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    (sarif_result,) = log["runs"][0]["results"]
    (flow,) = sarif_result["codeFlows"]
    (thread,) = flow["threadFlows"]
    steps = [
        (step["location"]["physicalLocation"]["region"]["startLine"], step["location"]["message"]["text"])
        for step in thread["locations"]
    ]
    assert steps == PATH
    assert thread["locations"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"


SCRIPT = '''\
import os
import sys


def main():
    os.system("echo " + sys.argv[1])
    os.system("echo " + read_queue())
'''


def test_config_turns_on_low_confidence_and_user_sources(tmp_path: Path) -> None:
    write(tmp_path, {"tool.py": SCRIPT})
    quiet = check("--no-cache", "--select", "dataflow", "tool.py", cwd=tmp_path)
    assert quiet.returncode == 0, explain(quiet)
    write(tmp_path, {"pyproject.toml": '[tool.redline]\ntaint-low-confidence-sources = true\ntaint-sources = [{pattern = "read_queue(...)"}]\n'})
    loud = check("--no-cache", "--select", "dataflow", "tool.py", cwd=tmp_path)
    assert loud.returncode == 1, explain(loud)
    assert "tool.py:6:5: tainted-command-injection [high] sys.argv value from line 6" in loud.stdout
    assert "tool.py:7:5: tainted-command-injection [high] read_queue() value from line 7" in loud.stdout


def test_a_bad_config_source_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, {"tool.py": SCRIPT, "pyproject.toml": '[tool.redline]\ntaint-sources = [{pattern = "read_queue(..."}]\n'})
    result = check("--no-cache", "tool.py", cwd=tmp_path)
    assert result.returncode == 2, explain(result)
    assert "taint-sources" in result.stderr and "does not parse as Python" in result.stderr


HELPERS = '''\
import subprocess


def with_prefix(value):
    return "ping -c 1 " + value


def constant(_value):
    return "uptime"


def run(command):
    return subprocess.run(command, shell=True, check=False)
'''
VIEWS = '''\
import subprocess

from flask import Flask, request

from app.helpers import constant, with_prefix
from .helpers import run

app = Flask(__name__)


@app.route("/a")
def a():
    return subprocess.run(with_prefix(request.args["h"]), shell=True, check=False)


@app.route("/b")
def b():
    return subprocess.run(constant(request.args["h"]), shell=True, check=False)


@app.route("/c")
def c():
    return run(request.args["h"])
'''


def test_summaries_across_project_modules(tmp_path: Path) -> None:
    """Functions of other project files are summarised from their source (never imported):
    what comes back from them, and a sink inside them reported at the call."""
    write(tmp_path, {"pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/helpers.py": HELPERS, "app/views.py": VIEWS})
    result = check("--no-cache", "--select", "dataflow", "app", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    findings = [line for line in result.stdout.splitlines() if line.startswith("app/")]
    assert [line.split(" [")[0] for line in findings] == [
        "app/views.py:13:12: tainted-command-injection",
        "app/views.py:23:12: tainted-command-injection",
    ]
    assert "reaches run() which passes it to subprocess.run(shell=True)" in findings[1]
    assert "    13:27: through with_prefix()" in result.stdout


CHAIN = {
    "pyproject.toml": "[tool.redline]\n",
    "app/__init__.py": "",
    "app/shell.py": '''\
import subprocess


def run_in_shell(command):
    return subprocess.run(command, shell=True, check=False)


def as_number(value):
    return str(int(value))
''',
    "app/jobs.py": '''\
from app.shell import as_number, run_in_shell


def archive(name):
    return run_in_shell("tar czf " + name + ".tgz /srv")


def compress(level):
    return run_in_shell("gzip -" + as_number(level) + " /srv/all.tar")
''',
    "app/views.py": '''\
from flask import Flask, request

from app.jobs import archive, compress

app = Flask(__name__)


@app.route("/archive")
def archive_view():
    return archive(request.args["name"])


@app.route("/compress")
def compress_view():
    return compress(request.args["level"])
''',
    "app/hooks.py": '''\
from flask import request

from . import jobs


def on_upload():
    return jobs.archive(request.form["name"])
''',
}


def test_summaries_follow_calls_into_further_modules(tmp_path: Path) -> None:
    """views -> jobs -> shell: the sink two modules away is found, also through a module imported
    relatively (`from . import jobs`), and a sanitiser there clears the other view."""
    write(tmp_path, CHAIN)
    result = check("--no-cache", "--select", "tainted-command-injection", "app", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    findings = [line.split(" [")[0] for line in result.stdout.splitlines() if line.startswith("app/")]
    assert findings == ["app/hooks.py:7:12: tainted-command-injection", "app/views.py:10:12: tainted-command-injection"]
    assert "reaches archive() which passes it to" in result.stdout


HANDLER = '''\
import subprocess

from flask import request


class Handler:
    def setup(self):
        self.path = request.args["p"]

    def show(self):
        return open(self.path)

    def run(self):
        subprocess.call("ls", shell=True)
'''


def test_an_attribute_set_from_input_reaches_a_method_holding_only_the_sink(tmp_path: Path) -> None:
    """`show` names no source, no pattern word and no other method: the sparse parse keeps it
    all the same, as `setup` sets the `self.path` it reads from input (sparse._AttributeLinks)."""
    write(tmp_path, {"app.py": HANDLER})
    result = check("--no-cache", "--format", "json", "app.py", cwd=tmp_path)
    found = [(f["rule_id"], f["start_line"], f["related"][0]["start_line"]) for f in report(result.stdout)["findings"] if f["rule_id"].startswith("tainted-")]
    assert found == [("tainted-path-traversal", 11, 8)]
