"""Jupyter notebooks through the real CLI (server/notebook_files.py): code cells checked as one
module with magics masked, findings placed by cell in every format, a broken notebook
reported as a read error, and `--fix` leaving notebooks as they were."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cli_helpers import check, explain, report, snapshot, write

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def notebook(*cells: tuple[str, str], language: str = "python") -> str:
    """An nbformat 4 notebook of (cell type, source) pairs, sources as lists of lines."""
    items = [
        {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True),
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, source in cells
    ]
    metadata = {"kernelspec": {"name": "kernel", "language": language, "display_name": language}}
    return json.dumps({"cells": items, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}, indent=1)


ANALYSIS = notebook(
    ("markdown", "# Disk report\n"),
    ("code", "%matplotlib inline\nimport subprocess\n!pip install flask\nfrom flask import request\n"),
    ("code", "def report():\n    folder = request.args['folder']\n    return folder\n"),
    ("code", "def run():\n    folder = report()\n    subprocess.run('du -sh ' + folder, shell=True)\n"),
    ("code", "%%bash\nrm -rf $(ls)\n"),
    ("code", "eval(input())  # redline: ignore[eval-used] a scratch cell, never shared\nresult = eval(input())\n"),
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("notebooks"), {
        "analysis.ipynb": ANALYSIS,
        "notes/broken.ipynb": '{"cells": [',
        "notes/shape.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": 42}]}),
        "notes/r.ipynb": notebook(("code", "system(paste('rm', input))\n"), language="R"),
    })


def _json(project: Path) -> dict:
    result = check("--no-cache", "--format", "json", ".", cwd=project)
    assert result.returncode == 1, explain(result)
    return report(result.stdout)


def test_discovery_includes_notebooks_and_reports_by_cell_in_text(project: Path) -> None:
    result = check("--no-cache", ".", cwd=project)
    assert result.returncode == 1, explain(result)
    lines = result.stdout.splitlines()
    assert any(line.startswith("analysis.ipynb:cell 4:3:5: tainted-command-injection [high] request.args value from cell 3, line 2 reaches") for line in lines), result.stdout
    assert any(line.startswith("analysis.ipynb:cell 6:2:10: eval-used [high]") for line in lines), result.stdout
    # The path crosses cells: the source in cell 3, the call and sink in cell 4.
    assert "    cell 3:2:14: source: request.args value" in lines
    assert "    cell 4:3:5: sink: subprocess.run(shell=True)" in lines
    assert "in 4 files checked" in result.stdout


def test_json_gives_the_cell_and_lines_within_it(project: Path) -> None:
    found = {(f["path"], f["rule_id"]): f for f in _json(project)["findings"]}
    taint = found[("analysis.ipynb", "tainted-command-injection")]
    assert (taint["cell"], taint["start_line"], taint["start_column"]) == (4, 3, 4)
    assert [(step["cell"], step["start_line"]) for step in taint["related"]][0] == (3, 2)
    assert (found[("analysis.ipynb", "eval-used")]["cell"], found[("analysis.ipynb", "eval-used")]["start_line"]) == (6, 2)
    # Magic lines, a %%bash cell and an R notebook hold no Python findings; the suppression
    # comment in cell 6 works as in a .py file.
    assert sorted(rule for path, rule in found if path == "analysis.ipynb") == ["eval-used", "tainted-command-injection"]
    assert not [path for path, _ in found if path.startswith("notes/")]


def test_a_malformed_notebook_is_a_read_error_and_the_rest_is_checked(project: Path) -> None:
    errors = {e["path"]: e for e in _json(project)["errors"]}
    assert set(errors) == {"notes/broken.ipynb", "notes/shape.ipynb"}
    assert errors["notes/broken.ipynb"]["rule_id"] == "read-error"
    assert "not valid notebook JSON" in errors["notes/broken.ipynb"]["message"]
    assert "cell 1 has a source that is neither text nor a list of lines" in errors["notes/shape.ipynb"]["message"]


def test_sarif_places_notebook_findings_by_cell_and_is_valid(project: Path) -> None:
    result = check("--no-cache", "--format", "sarif", "analysis.ipynb", cwd=project)
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(log)) == []
    (taint,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "tainted-command-injection"]
    (location,) = taint["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "analysis.ipynb"
    assert location["physicalLocation"]["region"]["startLine"] == 3
    assert (location["properties"], location["logicalLocations"][0]["name"]) == ({"cell": 4}, "cell 4")


def test_fix_leaves_notebooks_unchanged_and_says_so(tmp_path: Path) -> None:
    source = notebook(("code", "import yaml\ndata = yaml.load(open('c.yml'), Loader=yaml.Loader)\n"))
    write(tmp_path, {"config.ipynb": source, "config.py": "import yaml\ndata = yaml.load(open('c.yml'), Loader=yaml.Loader)\n"})
    before = snapshot(tmp_path)
    result = check("--no-cache", "--fix", ".", cwd=tmp_path)
    assert "config.ipynb: --fix and --diff leave notebooks unchanged" in result.stderr, explain(result)
    after = snapshot(tmp_path)
    assert after["config.ipynb"] == before["config.ipynb"]
    assert after["config.py"] != before["config.py"]  # the Python file next to it was fixed
