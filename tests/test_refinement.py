"""One sink, one finding (server/engine/refinement.py), through the real CLI: a pattern rule
yields to the taint rule that refines it where data flow decides, and keeps its finding where
the analysis cannot see."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import check, explain, report, write

APP = '''\
import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)
BACKUP_DIR = os.path.join("/srv", "backups")
TOOL = "tar"
DEBUG = False


@app.route("/export")
def export():
    name = request.args["name"]
    subprocess.run(f"tar czf {name}.tgz", shell=True)


@app.route("/quoted")
def quoted():
    name = shlex.quote(request.args["name"])
    subprocess.run(f"{TOOL} czf {BACKUP_DIR}/{name}.tgz", shell=True)


def print_label(item_id: int):
    os.system(f"lp -d labels {item_id}")


def sort_by(column):
    if column not in ("title", "author"):
        raise ValueError(column)
    os.system("sort -k " + column)


def ping(host):
    if DEBUG:
        os.system("ping -c 1 " + host)


def archive(folder):
    subprocess.run(f"tar czf {folder}.tgz", shell=True)


def print_file():
    name = open("printer.txt").read()
    os.system("lp -d " + name)


def later(command):
    def run():
        os.system("nice " + command)
    return run


os.system("echo " + os.path.basename(__file__))
'''


def _line(text: str) -> int:
    """The 1-based line of APP holding `text`."""
    (number,) = [n for n, line in enumerate(APP.splitlines(), start=1) if text in line]
    return number


def _found(root: Path, source: str, *args: str) -> dict[int, list[dict]]:
    """The JSON report's findings by line."""
    write(root, {"app.py": source})
    result = check("--no-cache", "--format", "json", *args, "app.py", cwd=root)
    assert result.returncode in (0, 1), explain(result)
    by_line: dict[int, list[dict]] = {}
    for finding in report(result.stdout)["findings"]:
        by_line.setdefault(finding["start_line"], []).append(finding)
    return by_line


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[dict]]:
    return _found(tmp_path_factory.mktemp("refinement"), APP)


def test_a_sink_the_taint_rule_reports_is_reported_once(found: dict[int, list[dict]]) -> None:
    (finding,) = found[_line('f"tar czf {name}.tgz"')]
    assert finding["rule_id"] == "tainted-command-injection"
    assert finding["covers"] == ["subprocess-shell-injection"]
    assert finding["message"].startswith("request.args value from line 15 reaches subprocess.run(shell=True)")


def test_sinks_data_flow_proves_clean_are_not_reported(found: dict[int, list[dict]]) -> None:
    for clean in ("{TOOL} czf {BACKUP_DIR}/{name}", "lp -d labels {item_id}", '"sort -k " + column', '"ping -c 1 " + host'):
        assert _line(clean) not in found, (clean, found.get(_line(clean)))


def test_sinks_the_analysis_cannot_vouch_for_keep_the_pattern_finding(found: dict[int, list[dict]]) -> None:
    expected = {
        'f"tar czf {folder}.tgz"': "subprocess-shell-injection",  # a parameter: callers unknown
        '"lp -d " + name': "os-system-injection",  # data read from a file
        '"nice " + command': "os-system-injection",  # the enclosing function's parameter
        '"echo " + os.path.basename': "os-system-injection",  # module-level code
    }
    for text, rule_id in expected.items():
        assert [f["rule_id"] for f in found.get(_line(text), [])] == [rule_id], text


def test_without_the_taint_rule_the_pattern_rules_report_alone(tmp_path: Path) -> None:
    found = _found(tmp_path, APP, "--ignore", "tainted-command-injection")
    for text in ('f"tar czf {name}.tgz"', "{TOOL} czf {BACKUP_DIR}/{name}", '"sort -k " + column', '"ping -c 1 " + host'):
        assert [f["rule_id"] for f in found.get(_line(text), [])] in (["subprocess-shell-injection"], ["os-system-injection"]), text


def test_a_suppression_naming_either_id_silences_the_finding(tmp_path: Path) -> None:
    sink = 'subprocess.run(f"tar czf {name}.tgz", shell=True)'
    for rule_id in ("subprocess-shell-injection", "tainted-command-injection"):
        source = APP.replace(sink, f"{sink}  # redline: ignore[{rule_id}] names are checked by the proxy")
        found = _found(tmp_path, source, "--report-unused-ignores")
        assert _line(sink) not in found, (rule_id, found.get(_line(sink)))


UNSAFE_API = '''\
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore")
def restore():
    return str(pickle.loads(request.data))


@app.route("/settings")
def settings():
    return str(yaml.load(request.data, Loader=yaml.Loader))


@app.route("/defaults")
def defaults():
    return str(yaml.load("retries: 3", Loader=yaml.Loader))
'''


@pytest.fixture(scope="module")
def unsafe_api(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[dict]]:
    return _found(tmp_path_factory.mktemp("covered"), UNSAFE_API)


def _unsafe_line(text: str) -> int:
    (number,) = [n for n, line in enumerate(UNSAFE_API.splitlines(), start=1) if text in line]
    return number


def test_an_unsafe_api_reached_by_input_is_one_finding_with_the_path_and_the_fix(unsafe_api: dict[int, list[dict]]) -> None:
    (pickled,) = unsafe_api[_unsafe_line("pickle.loads(request.data)")]
    assert (pickled["rule_id"], pickled["covers"]) == ("tainted-deserialization", ["pickle-load"])
    (loaded,) = unsafe_api[_unsafe_line("yaml.load(request.data")]
    assert (loaded["rule_id"], loaded["covers"]) == ("tainted-deserialization", ["yaml-unsafe-load"])
    assert loaded["message"].startswith("request.data value from line")
    assert loaded["fix"] is not None  # the taint rule has no fix of its own: yaml-unsafe-load's


def test_an_unsafe_api_on_clean_data_keeps_the_pattern_finding(unsafe_api: dict[int, list[dict]]) -> None:
    assert [f["rule_id"] for f in unsafe_api[_unsafe_line('yaml.load("retries: 3"')]] == ["yaml-unsafe-load"]


def test_an_unsafe_api_finding_answers_to_the_pattern_id(tmp_path: Path) -> None:
    sink = "return str(pickle.loads(request.data))"
    source = UNSAFE_API.replace(sink, f"{sink}  # redline: ignore[pickle-load] signed by the client library")
    found = _found(tmp_path, source, "--report-unused-ignores")
    assert _unsafe_line(sink) not in found, found.get(_unsafe_line(sink))
