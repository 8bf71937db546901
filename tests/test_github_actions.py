"""The documented GitHub Actions workflow (docs/github-actions/redline.yml): its steps are the
right ones, and the `redline check` command it runs, run through the real CLI on the example
app, writes the SARIF file the upload step reads, valid against the SARIF 2.1.0 schema."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from cli_helpers import run_redline

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / "docs" / "github-actions" / "redline.yml"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _step(steps: list[dict[str, Any]], action: str) -> dict[str, Any]:
    (found,) = [s for s in steps if s.get("uses", "").startswith(f"{action}@")]
    return found


def test_workflow_checks_out_installs_and_uploads_sarif() -> None:
    steps = _steps()
    order = [s.get("uses", "").split("@")[0] or s["run"].split()[0] for s in steps]
    assert order == ["actions/checkout", "actions/setup-python", "pip", "redline", "github/codeql-action/upload-sarif"]
    assert [s["run"] for s in steps if "run" in s][0] == "pip install redline"
    upload = _step(steps, "github/codeql-action/upload-sarif")
    assert "cancelled()" in upload["if"]  # uploads even when the check step failed on findings


def test_workflow_command_is_a_valid_redline_run_writing_the_uploaded_sarif(tmp_path: Path) -> None:
    steps = _steps()
    (command,) = [shlex.split(s["run"]) for s in steps if s.get("run", "").startswith("redline ")]
    sarif_file = _step(steps, "github/codeql-action/upload-sarif")["with"]["sarif_file"]
    project = tmp_path / "repository"
    shutil.copytree(REPO / "examples", project / "examples")

    proc = run_redline(*command[1:], cwd=project)  # the same arguments, through the real CLI

    assert proc.returncode == 1, proc.stderr  # findings: the step fails, the upload still runs
    report = json.loads((project / sarif_file).read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    (run,) = report["runs"]
    assert run["tool"]["driver"]["name"] == "redline"
    rule_ids = {result["ruleId"] for result in run["results"]}
    covered = {rule for result in run["results"] for rule in result["properties"].get("covers", [])}
    assert "pickle-load" in rule_ids and "yaml-unsafe-load" in covered and len(run["results"]) >= 10
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in run["results"]}
    assert all(uri.startswith("examples/") for uri in uris), uris  # relative: code scanning maps them
