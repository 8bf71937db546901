"""`redline check | rules | explain` end to end: the real CLI, run as a subprocess in tmp projects.

Each test builds a small project under `tmp_path`, runs `python -m redline` there and checks
what a user sees: report lines, exit codes, files written or left alone. `--no-cache` is used
wherever the cache is not what is under test, so runs do not leave cache folders behind.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_helpers import (
    APP,
    APP_DEFAULT_IDS,
    CLEAN,
    ONLY_MEDIUM,
    USER_RULE,
    by_path,
    check,
    explain,
    ids,
    position,
    report,
    snapshot,
    summary_line,
    text_findings,
    write,
)
from cli_helpers import REPO, run_redline

SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"


# -- output formats ----------------------------------------------------------------------------


UNICODE = '''\
def run(text):
    label = "é€😀"; value = eval(text)
    return label, value
'''


def test_default_path_is_the_current_folder_text_lines_are_one_based_and_no_cache_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": APP, "pkg/clean.py": CLEAN, "pkg/unicode.py": UNICODE, "notes.txt": "eval(x)\n"})
    before = snapshot(tmp_path)

    result = check("--no-cache", cwd=tmp_path)

    assert result.returncode == 1, explain(result)
    all_findings = text_findings(result.stdout)
    assert [f.path for f in all_findings] == ["app.py"] * 3 + ["pkg/unicode.py"]
    # Columns count code points, whatever the UTF-8 byte length of what precedes them.
    (unicode_finding,) = [f for f in all_findings if f.path == "pkg/unicode.py"]
    assert (unicode_finding.id, unicode_finding.line, unicode_finding.col) == ("eval-used", *position(UNICODE, "eval("))
    findings = [f for f in all_findings if f.path == "app.py"]
    assert {f.id for f in findings} == APP_DEFAULT_IDS
    expected = {
        "yaml-unsafe-load": position(APP, "yaml.load("),
        "eval-used": position(APP, "eval("),
        "weak-hash": position(APP, "hashlib.md5("),
    }
    assert {f.id: (f.line, f.col) for f in findings} == expected
    assert [(f.line, f.col) for f in findings] == sorted((f.line, f.col) for f in findings)
    severities = {f.id: f.severity for f in findings}
    assert severities == {"yaml-unsafe-load": "high", "eval-used": "high", "weak-hash": "medium"}
    summary = summary_line(result.stdout)
    assert summary["total"] == "4"
    assert summary["files"] == "3"  # notes.txt is not Python
    assert summary["counts"] == "3 high, 1 medium"
    assert summary["fixable"] == "1"  # only yaml-unsafe-load has a safe fix
    assert result.stdout.endswith(summary.group(0) + "\n")
    # A check without --fix writes nothing into the project (and --no-cache: no cache either).
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.rglob(".redline_cache"))


def test_clean_project_exits_0(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": CLEAN})
    result = check("--no-cache", "app.py", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    assert result.stdout == "No findings in 1 file checked.\n"


def test_json_report_to_an_output_file(tmp_path: Path) -> None:
    write(tmp_path, {"src/app.py": APP, "src/broken.py": "x = (1,\n"})
    out = tmp_path / "reports" / "redline.json"  # the folder does not exist yet

    result = check("--no-cache", "--format", "json", "--output", str(out), "src", cwd=tmp_path)

    assert result.returncode == 1, explain(result)
    assert result.stdout == ""
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["files_checked"] == 2
    assert [(e["rule_id"], e["path"]) for e in document["errors"]] == [("syntax-error", "src/broken.py")]
    findings = document["findings"]
    assert {f["rule_id"] for f in findings} == APP_DEFAULT_IDS
    assert {f["path"] for f in findings} == {"src/app.py"}
    yaml_finding = next(f for f in findings if f["rule_id"] == "yaml-unsafe-load")
    line, col = position(APP, "yaml.load(")
    assert (yaml_finding["start_line"], yaml_finding["start_column"] + 1) == (line, col)
    assert yaml_finding["cwe"] == 502
    assert yaml_finding["severity"] == "high"
    assert yaml_finding["fix"]["safety"] == "safe"
    assert yaml_finding["fingerprint"]
    assert document["summary"]["total"] == 3
    assert document["summary"]["by_rule"] == {rule: 1 for rule in sorted(APP_DEFAULT_IDS)}


def test_sarif_report_is_valid_and_carries_cwe_tags_and_fingerprints(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    write(tmp_path, {"app.py": APP, "broken.py": "def broken(:\n    pass\n"})

    result = check("--no-cache", "--format", "sarif", cwd=tmp_path)

    assert result.returncode == 1, explain(result)
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["yaml-unsafe-load"]["properties"]["tags"].count("external/cwe/cwe-502") == 1
    assert "external/cwe/cwe-95" in rules["eval-used"]["properties"]["tags"]
    assert "external/cwe/cwe-328" in rules["weak-hash"]["properties"]["tags"]
    for rule_id, rule in rules.items():
        if rule_id != "syntax-error":  # the error descriptor is no rule
            assert rule["help"]["text"], rule_id
            assert float(rule["properties"]["security-severity"]) > 0, rule_id
    results = run["results"]
    assert {r["ruleId"] for r in results} == APP_DEFAULT_IDS | {"syntax-error"}
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["descriptor"]["id"] == "syntax-error"
    fingerprints = [r["partialFingerprints"] for r in results]
    assert all(fp and all(fp.values()) for fp in fingerprints)
    assert len({json.dumps(fp, sort_keys=True) for fp in fingerprints}) == len(results)
    yaml_result = next(r for r in results if r["ruleId"] == "yaml-unsafe-load")
    region = yaml_result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == position(APP, "yaml.load(")
    assert yaml_result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
    assert run["tool"]["driver"]["rules"][yaml_result["ruleIndex"]]["id"] == "yaml-unsafe-load"


# -- exit code 2: usage, configuration and rule errors -----------------------------------------


def test_output_that_cannot_be_written_exits_2_with_a_message(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": CLEAN})
    result = check("--no-cache", "--output", "app.py/report.json", cwd=tmp_path)
    assert result.returncode == 2, explain(result)
    assert "Traceback" not in result.stderr
    assert "app.py" in result.stderr


def test_explain_unknown_rule_exits_2_with_a_suggestion(tmp_path: Path) -> None:
    result = run_redline("explain", "yaml-unsafe-lod", cwd=tmp_path)
    assert result.returncode == 2, explain(result)
    assert result.stdout == ""
    assert "yaml-unsafe-lod" in result.stderr
    assert "yaml-unsafe-load" in result.stderr  # did you mean


@pytest.mark.parametrize(
    ("config_file", "content", "key"),
    [
        ("pyproject.toml", '[tool.redline]\nselect = "eval-used"\n', "select"),
        ("redline.toml", 'selct = ["eval-used"]\n', "selct"),
    ],
    ids=["wrong-type", "unknown-key"],
)
def test_malformed_config_exits_2_naming_file_and_key(tmp_path: Path, config_file: str, content: str, key: str) -> None:
    write(tmp_path, {config_file: content, "app.py": APP})
    result = check("--no-cache", cwd=tmp_path)
    assert result.returncode == 2, explain(result)
    assert config_file in result.stderr
    assert f"'{key}'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "eval-used [" not in result.stdout  # no half-configured report


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('[per-file-ignores]\n"legacy/*.py" = ["yaml-unsafe-lod"]\n', "per-file-ignores"),
        ('[severity]\nyaml-unsafe-lod = "low"\n', "severity"),
    ],
    ids=["per-file-ignores", "severity"],
)
def test_config_naming_an_unknown_rule_exits_2(tmp_path: Path, content: str, key: str) -> None:
    # `ignore = ["evl-used"]` is already an error; a misspelt id must not silently do nothing here either.
    write(tmp_path, {"redline.toml": content, "legacy/app.py": APP})
    result = check("--no-cache", cwd=tmp_path)
    assert result.returncode == 2, explain(result)
    assert "redline.toml" in result.stderr and key in result.stderr
    assert "yaml-unsafe-lod" in result.stderr


def test_broken_user_rule_file_exits_2_naming_file_line_and_rule(tmp_path: Path) -> None:
    broken = USER_RULE.replace("    pattern: legacy_db.raw_query($SQL)\n", "    pattern: legacy_db.raw_query($SQL)\n    mode: flow\n")
    write(tmp_path, {"redline.toml": 'extra-rules = ["my_rules"]\n', "my_rules/shell.yaml": broken, "app.py": APP})
    line = broken.splitlines().index("    mode: flow") + 1

    result = check("--no-cache", cwd=tmp_path)

    assert result.returncode == 2, explain(result)
    assert f"shell.yaml:{line}" in result.stderr
    assert "legacy-raw-query" in result.stderr
    assert "mode" in result.stderr
    assert "Traceback" not in result.stderr


def test_nonexistent_path_exits_2(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": CLEAN})
    result = check("--no-cache", "app.py", "missing.py", cwd=tmp_path)
    assert result.returncode == 2, explain(result)
    assert "missing.py" in result.stderr


# -- what is reported and what fails -----------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--select", "crypto,eval-used", {"weak-hash", "eval-used"}),
        ("--ignore", "injection,yaml-unsafe-load", {"weak-hash"}),
    ],
    ids=["select", "ignore"],
)
def test_select_and_ignore_by_id_and_family(tmp_path: Path, option: str, value: str, expected: set[str]) -> None:
    write(tmp_path, {"app.py": APP})
    result = check("--no-cache", option, value, cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert ids(result) == expected


def test_select_with_an_unknown_rule_id_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": APP})
    result = check("--no-cache", "--select", "evl-used", cwd=tmp_path)  # typo for eval-used
    assert result.returncode == 2, explain(result)
    assert "evl-used" in result.stderr


def test_min_severity_and_min_confidence(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": APP})
    high = check("--no-cache", "--min-severity", "high", cwd=tmp_path)
    assert ids(high) == {"yaml-unsafe-load", "eval-used"}, explain(high)
    confident = check("--no-cache", "--min-confidence", "high", cwd=tmp_path)
    assert ids(confident) == {"yaml-unsafe-load"}, explain(confident)


def test_fail_on_high_with_only_medium_findings_exits_0_but_reports_them(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": ONLY_MEDIUM})
    result = check("--no-cache", "--fail-on", "high", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    findings = text_findings(result.stdout)
    assert [(f.id, f.severity) for f in findings] == [("weak-hash", "medium")]
    assert summary_line(result.stdout)["total"] == "1"


def test_audit_tier_is_off_by_default_and_enabled_with_tier_audit(tmp_path: Path) -> None:
    # Off by default: test_default_path_is_the_current_folder... sees only APP_DEFAULT_IDS in APP.
    write(tmp_path, {"app.py": APP})
    audit = check("--no-cache", "--tier", "audit", cwd=tmp_path)
    assert ids(audit) == APP_DEFAULT_IDS | {"compile-builtin"}, explain(audit)
    (finding,) = [f for f in text_findings(audit.stdout) if f.id == "compile-builtin"]
    assert (finding.line, finding.col) == position(APP, "compile(")


# -- configuration -----------------------------------------------------------------------------


def test_pyproject_config_is_found_walking_up_from_a_nested_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "proj/pyproject.toml": (
            '[project]\nname = "proj"\n\n'
            "[tool.redline]\n"
            'ignore = ["eval-used"]\n'
            'per-file-ignores = { "legacy/*.py" = ["crypto"] }\n\n'
            "[tool.redline.severity]\n"
            'yaml-unsafe-load = "critical"\n'
        ),
        # A pyproject without Redline settings on the way up does not stop the walk.
        "proj/pkg/pyproject.toml": '[project]\nname = "inner"\n',
        "proj/pkg/sub/mod.py": APP,
        "proj/legacy/old.py": APP,
    })
    # Run from outside the project, naming the files (the way an editor or pre-commit does).
    result = check("--no-cache", "proj/pkg/sub/mod.py", "proj/legacy/old.py", cwd=tmp_path)

    assert result.returncode == 1, explain(result)
    assert by_path(result) == {
        "proj/pkg/sub/mod.py": {"yaml-unsafe-load", "weak-hash"},
        "proj/legacy/old.py": {"yaml-unsafe-load"},
    }
    severities = {(f.path, f.id): f.severity for f in text_findings(result.stdout)}
    assert severities[("proj/pkg/sub/mod.py", "yaml-unsafe-load")] == "critical"
    assert severities[("proj/pkg/sub/mod.py", "weak-hash")] == "medium"


def test_redline_toml_is_found_from_a_nested_working_folder(tmp_path: Path) -> None:
    write(tmp_path, {
        "redline.toml": 'ignore = ["deserialization"]\n\n[severity]\ncrypto = "low"\n',
        # redline.toml wins over [tool.redline] in the same folder.
        "pyproject.toml": '[tool.redline]\nselect = ["deserialization"]\n',
        "src/app.py": APP,
    })
    result = check("--no-cache", cwd=tmp_path / "src")
    assert result.returncode == 1, explain(result)
    severities = {f.id: f.severity for f in text_findings(result.stdout)}
    assert severities == {"eval-used": "high", "weak-hash": "low"}


def test_gitignore_default_excludes_and_extend_exclude_when_walking(tmp_path: Path) -> None:
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    else:
        (tmp_path / ".git").mkdir()
    write(tmp_path, {
        ".gitignore": "generated_out/\nscratch_*.py\n/src/build_tmp/\n",
        "redline.toml": 'extend-exclude = ["migrations/**"]\n',
        "app.py": ONLY_MEDIUM,
        "generated_out/gen.py": ONLY_MEDIUM,
        "scratch_1.py": ONLY_MEDIUM,
        "migrations/0001_initial.py": ONLY_MEDIUM,
        ".venv/lib/site.py": ONLY_MEDIUM,
        "sub/.gitignore": "local.py\n",
        "sub/local.py": ONLY_MEDIUM,
        "sub/kept.py": ONLY_MEDIUM,
        "src/main.py": ONLY_MEDIUM,
        "src/build_tmp/out.py": ONLY_MEDIUM,
        "src/generated_out/gen.py": ONLY_MEDIUM,
    })
    result = check("--no-cache", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert set(by_path(result)) == {"app.py", "sub/kept.py", "src/main.py"}
    assert summary_line(result.stdout)["files"] == "3"
    # Walking a subfolder, the .gitignore files above it still apply.
    nested = check("--no-cache", "src", cwd=tmp_path)
    assert set(by_path(nested)) == {"src/main.py"}, explain(nested)


def test_extend_exclude_applies_to_files_passed_explicitly(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": '[tool.redline]\nextend-exclude = ["generated/**"]\n',
        "app.py": ONLY_MEDIUM,
        "generated/models.py": APP,
        # A nested project with its own settings, patterns relative to its own root.
        "service/redline.toml": 'extend-exclude = ["migrations/"]\n',
        "service/views.py": ONLY_MEDIUM,
        "service/migrations/0001_initial.py": APP,
    })
    # pre-commit passes the staged files one by one, relative to the repository root.
    staged = ["generated/models.py", "app.py", "service/migrations/0001_initial.py", "service/views.py"]
    result = check("--no-cache", *staged, cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert set(by_path(result)) == {"app.py", "service/views.py"}
    assert summary_line(result.stdout)["files"] == "2"


def test_rules_with_tests_skip_do_not_fire_in_test_files(tmp_path: Path) -> None:
    # weak-hash has `tests: skip`; yaml-unsafe-load has `tests: check`.
    names = ["app.py", "tests/test_x.py", "tests/helpers.py", "test_y.py", "y_test.py", "conftest.py"]
    write(tmp_path, {name: APP for name in names})
    result = check("--no-cache", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    found = by_path(result)
    assert found["app.py"] == APP_DEFAULT_IDS
    for name in names[1:]:
        assert found[name] == {"yaml-unsafe-load", "eval-used"}, name


def test_extra_rules_folder_with_user_rules(tmp_path: Path) -> None:
    # A second file in a subfolder, whose message is a YAML block with a line break.
    block = USER_RULE.replace("legacy-raw-query", "legacy-raw-exec").replace("raw_query", "raw_exec").replace(
        '    message: "`legacy_db.raw_exec` sends $SQL to the database without parameters"\n',
        "    message: |\n      `legacy_db.raw_exec` runs $SQL unbound.\n      Use bound parameters.\n",
    )
    write(tmp_path, {
        "redline.toml": 'extra-rules = ["my_rules"]\n',
        "my_rules/raw_query.yaml": USER_RULE,
        "my_rules/more/raw_exec.yaml": block,
        "app.py": "import legacy_db as db\n\nrows = db.raw_query(query)\ndb.raw_exec(statement)\n",
    })
    result = check("--no-cache", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    query, execute = text_findings(result.stdout)  # every line before the summary is a finding line
    assert (query.path, query.line, query.col, query.id, query.severity) == ("app.py", 3, 8, "legacy-raw-query", "high")
    assert query.message == "`legacy_db.raw_query` sends query to the database without parameters"
    assert (execute.line, execute.col, execute.id) == (4, 1, "legacy-raw-exec")
    assert "runs statement unbound." in execute.message and "Use bound parameters." in execute.message


# -- suppression -------------------------------------------------------------------------------


SUPPRESSED = '''\
import yaml


def f(s, t, u):
    a = eval(s)  # redline: ignore[eval-used] the input is a literal from our own repository
    b = yaml.load(  # redline: ignore[yaml-unsafe-load] a trusted file
        t,
        Loader=yaml.Loader,
    )
    c = yaml.load(
        u,
        Loader=yaml.Loader,  # redline: ignore[yaml-unsafe-load, eval-used] trusted too
    )
    d = eval(t)  # redline: ignore
    e = eval(u)  # redline: ignore[weak-hash] not eval-used, whatever this prose says
    g = len(s)  # redline: ignore[exec-used] stale
    return a, b, c, d, e, g
'''


def _lines(source: str, needle: str) -> int:
    return position(source, needle)[0]


def test_suppression_comments(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": SUPPRESSED})
    result = check("--no-cache", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    found = sorted((f.line, f.id) for f in text_findings(result.stdout))
    bare = _lines(SUPPRESSED, "d = eval(t)")
    prose = _lines(SUPPRESSED, "e = eval(u)")
    assert found == [(bare, "eval-used"), (bare, "invalid-suppression"), (prose, "eval-used")]


def test_report_unused_ignores(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": SUPPRESSED})
    result = check("--no-cache", "--report-unused-ignores", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    unused = {(f.line, f.message) for f in text_findings(result.stdout) if f.id == "unused-suppression"}
    assert {line for line, _ in unused} == {
        _lines(SUPPRESSED, "Loader=yaml.Loader,  # redline"),  # eval-used named but unused
        _lines(SUPPRESSED, "e = eval(u)"),
        _lines(SUPPRESSED, "g = len(s)"),
    }
    messages = " | ".join(message for _, message in sorted(unused))
    assert "exec-used" in messages and "weak-hash" in messages
    assert "yaml-unsafe-load" not in messages


NOSEC_NOQA = '''\
import yaml

a = yaml.load(s)  # nosec B506
b = eval(s)  # noqa: S307
c = eval(s)  # nosec B506
'''


def test_nosec_and_noqa_are_honoured_only_when_enabled(tmp_path: Path) -> None:
    write(tmp_path, {
        "off/app.py": NOSEC_NOQA,
        "on/redline.toml": "nosec = true\nnoqa = true\n",
        "on/app.py": NOSEC_NOQA,
    })
    result = check("--no-cache", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    lines = {(f.path, f.line) for f in text_findings(result.stdout)}
    assert lines == {("off/app.py", 3), ("off/app.py", 4), ("off/app.py", 5), ("on/app.py", 5)}


# -- bad input ---------------------------------------------------------------------------------


def test_syntax_error_and_undecodable_files_are_reported_and_fail_the_run(tmp_path: Path) -> None:
    write(tmp_path, {
        "a_bad_syntax.py": "import os\n\nx = = 1\ny = 2\n",
        "b_bad_bytes.py": b'# -*- coding: utf-8 -*-\nname = "caf\xe9"\n',
        "c_app.py": ONLY_MEDIUM,
    })
    # Only the files that could not be checked reach the fail level: a blind spot fails the run.
    result = check("--no-cache", "--fail-on", "critical", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    by_file = {f.path: f for f in text_findings(result.stdout)}
    assert by_file["c_app.py"].id == "weak-hash"  # the other files are still checked
    syntax = by_file["a_bad_syntax.py"]
    assert (syntax.id, syntax.severity, syntax.line, syntax.col) == ("syntax-error", "error", 3, 5)  # the second `=`
    undecodable = by_file["b_bad_bytes.py"]
    assert (undecodable.id, undecodable.line, undecodable.col) == ("read-error", 2, 12)  # the \xe9 byte
    assert "Could not check 2 files" in result.stdout
    assert summary_line(result.stdout)["total"] == "1"  # errors are not security findings


def test_unreadable_file_is_a_read_error(tmp_path: Path) -> None:
    write(tmp_path, {"locked.py": ONLY_MEDIUM, "app.py": ONLY_MEDIUM})
    locked = tmp_path / "locked.py"
    locked.chmod(0)
    try:
        try:
            locked.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("this user can read a chmod 000 file (root)")
        result = check("--no-cache", cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    assert result.returncode == 1, explain(result)
    found = {(f.path, f.id) for f in text_findings(result.stdout)}
    assert found == {("app.py", "weak-hash"), ("locked.py", "read-error")}


# -- determinism -------------------------------------------------------------------------------


SNIPPETS = [
    APP,
    CLEAN,
    ONLY_MEDIUM,
    SUPPRESSED,
    "import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n",
    "import subprocess\n\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n    os.system(cmd)\n",
    "import requests\n\nr = requests.get(url, verify=False)\n",
    "def broken(:\n    pass\n",
]


def _tree(root: Path, count: int = 30) -> None:
    files = {}
    for n in range(count):
        folder = ("", "pkg/", "pkg/sub/", "tests/")[n % 4]
        files[f"{folder}mod_{n:02d}.py"] = f"# module {n}\n" + SNIPPETS[n % len(SNIPPETS)]
    write(root, files)


@pytest.mark.slow
def test_output_is_identical_across_runs_and_job_counts(tmp_path: Path) -> None:
    _tree(tmp_path)
    first = check("--no-cache", "--jobs", "1", "--format", "json", cwd=tmp_path)
    assert first.returncode == 1, explain(first)
    document = report(first.stdout)
    assert document["files_checked"] == 30
    assert len(document["findings"]) > 30
    again = check("--no-cache", "--jobs", "1", "--format", "json", cwd=tmp_path)
    parallel = check("--no-cache", "--jobs", "2", "--format", "json", cwd=tmp_path)
    assert again.stdout == first.stdout
    assert parallel.stdout == first.stdout
    assert parallel.returncode == first.returncode


# -- the result cache --------------------------------------------------------------------------


def _entries(cache: Path) -> dict[str, Path]:
    """Cache entry files by the path they are for."""
    found: dict[str, Path] = {}
    for entry in sorted(cache.glob("*/*.json")):
        found.setdefault(json.loads(entry.read_text())["path"], entry)
    return found


def _poison(entry: Path) -> None:
    """Change the cached message: a run served from the cache shows it, a fresh one does not."""
    data = json.loads(entry.read_text())
    assert data["findings"], data
    for finding in data["findings"]:
        finding["message"] = "POISONED: served from the cache"
    entry.write_text(json.dumps(data))


@pytest.mark.slow
def test_the_cache_serves_unchanged_files_and_is_invalidated_by_changes(tmp_path: Path) -> None:
    write(tmp_path, {
        "redline.toml": 'min-confidence = "low"\n',
        "a.py": "import yaml\n\nx = yaml.load(s, Loader=yaml.Loader)\n",
        "b.py": "y = eval(s)\n",
    })
    cache = tmp_path / ".redline_cache"

    first = check(cwd=tmp_path)
    assert first.returncode == 1, explain(first)
    assert (cache / ".gitignore").read_text() == "*\n"
    entries = _entries(cache)
    assert set(entries) == {"a.py", "b.py"}
    warm = check(cwd=tmp_path)
    assert (warm.returncode, warm.stdout) == (first.returncode, first.stdout)

    # An unchanged file is answered from the cache.
    _poison(entries["b.py"])
    second = check(cwd=tmp_path)
    assert "b.py:1:5: eval-used [high] POISONED: served from the cache" in second.stdout, explain(second)
    assert set(_entries(cache)) == {"a.py", "b.py"}
    assert len(list(cache.glob("*/*.json"))) == 2

    # Changing a.py re-checks a.py only: its new finding shows, b.py still comes from the cache.
    (tmp_path / "a.py").write_text("import hashlib\nimport yaml\n\nx = yaml.load(s, Loader=yaml.Loader)\nh = hashlib.md5(s)\n")
    third = check(cwd=tmp_path)
    assert by_path(third)["a.py"] == {"yaml-unsafe-load", "weak-hash"}, explain(third)
    assert "POISONED" in third.stdout
    assert len(list(cache.glob("*/*.json"))) == 3

    # A setting that changes findings invalidates every entry.
    (tmp_path / "redline.toml").write_text('[severity]\neval-used = "critical"\n')
    fourth = check(cwd=tmp_path)
    assert "POISONED" not in fourth.stdout, explain(fourth)
    assert "b.py:1:5: eval-used [critical]" in fourth.stdout


# -- fixes -------------------------------------------------------------------------------------


FIXABLE = '''\
import yaml


def load(text):
    # keep this comment
    return yaml.load(text, Loader=yaml.Loader)  # trailing comment


def run(expr):
    return eval(expr)
'''


def test_fix_applies_only_safe_fixes(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": FIXABLE, "clean.py": CLEAN})
    result = check("--no-cache", "--fix", cwd=tmp_path)
    assert result.returncode == 1, explain(result)  # eval-used has only an offer-only fix
    fixed = (tmp_path / "app.py").read_text()
    ast.parse(fixed)
    assert "return yaml.safe_load(text)  # trailing comment" in fixed
    assert "# keep this comment" in fixed
    assert "return eval(expr)" in fixed
    assert (tmp_path / "clean.py").read_text() == CLEAN
    assert ids(result) == {"eval-used"}  # the report shows what remains
    assert "Fixed 1 finding" in result.stderr


def test_unsafe_fixes_also_apply_offer_only_fixes(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": FIXABLE})
    result = check("--no-cache", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    fixed = (tmp_path / "app.py").read_text()
    ast.parse(fixed)
    assert "yaml.safe_load(text)" in fixed
    assert "return ast.literal_eval(expr)" in fixed
    assert "import ast\n" in fixed
    assert result.stdout == "No findings in 1 file checked.\n"  # the fixed file, checked again


def test_unsafe_fixes_apply_the_primary_fix_of_a_finding_with_several(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": ONLY_MEDIUM})
    before = snapshot(tmp_path)
    assert "Fixed 0 findings" in check("--no-cache", "--fix", cwd=tmp_path).stderr  # offer-only
    assert snapshot(tmp_path) == before
    diff = check("--no-cache", "--diff", "--unsafe-fixes", cwd=tmp_path).stdout
    assert "\n+    return hashlib.md5(password, usedforsecurity=False).hexdigest()\n" in diff, diff
    assert "sha256" not in diff  # the alternative is a choice made in the editor
    result = check("--no-cache", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    assert "usedforsecurity=False" in (tmp_path / "app.py").read_text()


def test_json_lists_every_fix_of_a_finding(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": ONLY_MEDIUM})
    (finding,) = report(check("--no-cache", "--format", "json", cwd=tmp_path).stdout)["findings"]
    assert finding["fix"] == finding["fixes"][0]
    assert [(f["title"], f["safety"], [e["new_text"] for e in f["edits"]]) for f in finding["fixes"]] == [
        ("Mark as not used for security (usedforsecurity=False)", "offer-only", ["hashlib.md5(password, usedforsecurity=False)"]),
        ("Upgrade to SHA-256 (changes every digest this code makes)", "offer-only", ["hashlib.sha256(password)"]),
    ]


def test_diff_prints_a_unified_diff_and_leaves_files_unchanged(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": FIXABLE})
    before = snapshot(tmp_path)
    result = check("--no-cache", "--diff", "app.py", cwd=tmp_path)
    assert snapshot(tmp_path) == before
    diff, rest = result.stdout, result.stderr  # stdout stays a patch; the report goes to stderr
    assert diff.startswith("--- a/app.py\n+++ b/app.py\n@@ "), explain(result)
    assert "\n-    return yaml.load(text, Loader=yaml.Loader)  # trailing comment\n" in diff
    assert "\n+    return yaml.safe_load(text)  # trailing comment\n" in diff
    assert "literal_eval" not in diff  # offer-only: not without --unsafe-fixes
    assert "yaml-unsafe-load [high]" in rest  # the report follows: nothing was fixed
    _apply_patch(diff, tmp_path)
    fixed = (tmp_path / "app.py").read_text()
    ast.parse(fixed)
    assert "return yaml.safe_load(text)  # trailing comment" in fixed


def _apply_patch(diff: str, root: Path) -> None:
    if shutil.which("patch") is None:
        return
    applied = subprocess.run(["patch", "-p1"], input=diff, cwd=root, capture_output=True, text=True, check=False)
    assert applied.returncode == 0, f"{diff}\n{applied.stdout}{applied.stderr}"


def test_diff_of_a_file_without_a_final_newline_is_a_valid_patch(tmp_path: Path) -> None:
    source = "import yaml\n\ny = yaml.load(s, Loader=yaml.Loader)"
    write(tmp_path, {"app.py": source})
    result = check("--no-cache", "--diff", "app.py", cwd=tmp_path)
    diff = result.stdout.partition("app.py:3:")[0]
    assert "\n-y = yaml.load(s, Loader=yaml.Loader)\n" in diff, result.stdout
    assert "\n+y = yaml.safe_load(s)" in diff, result.stdout
    assert "\\ No newline at end of file" in diff, result.stdout
    _apply_patch(diff, tmp_path)
    assert (tmp_path / "app.py").read_text() == "import yaml\n\ny = yaml.safe_load(s)"


def test_fix_leaves_findings_that_are_not_reported_alone(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": FIXABLE})
    result = check("--no-cache", "--fix", "--min-severity", "critical", cwd=tmp_path)
    assert result.stdout == "No findings in 1 file checked.\n", explain(result)
    assert (tmp_path / "app.py").read_text() == FIXABLE, "a finding nobody was shown was fixed"


def test_fix_keeps_a_byte_order_mark(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": b"\xef\xbb\xbfimport yaml\r\n\ny = yaml.load(s)\r\n"})
    result = check("--no-cache", "--fix", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    assert (tmp_path / "app.py").read_bytes() == b"\xef\xbb\xbfimport yaml\r\n\ny = yaml.safe_load(s)\r\n"


# -- rules and explain -------------------------------------------------------------------------


def test_rules_lists_every_rule_with_severity_cwe_tier_and_fix(tmp_path: Path) -> None:
    text = run_redline("rules", cwd=tmp_path)
    as_json = run_redline("rules", "--format", "json", cwd=tmp_path)
    assert text.returncode == 0 and as_json.returncode == 0, explain(text) + explain(as_json)
    rules = json.loads(as_json.stdout)
    assert len(rules) >= 20
    known = {rule["id"] for rule in rules}
    assert {"yaml-unsafe-load", "eval-used", "weak-hash", "compile-builtin"} <= known
    lines = {}
    for line in text.stdout.splitlines():
        if line and not line.startswith("#"):
            lines[line.split()[0]] = line
    assert set(lines) == known
    for rule in rules:
        line = lines[rule["id"]]
        words = line.split()
        assert rule["severity"] in words, line
        assert rule["tier"] in words, line
        assert f"CWE-{rule['cwe']}" in words, line
        assert ("no fix" if rule["fix"] is None else f"{rule['fix']} fix") in line, line
    assert next(r for r in rules if r["id"] == "compile-builtin")["tier"] == "audit"
    assert next(r for r in rules if r["id"] == "yaml-unsafe-load")["fix"] == "safe"


def test_explain_prints_the_documentation(tmp_path: Path) -> None:
    result = run_redline("explain", "yaml-unsafe-load", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    out = result.stdout
    headings = ["What it does", "Why is this bad?", "Example", "Use instead", "References"]
    positions = [out.find(f"\n{heading}\n") for heading in headings]
    assert all(p >= 0 for p in positions), out
    assert positions == sorted(positions), out
    assert "CWE-502" in out
    assert "yaml.safe_load" in out.split("\nUse instead\n", 1)[1]
    assert "https://" in out.split("\nReferences\n", 1)[1]


def test_explain_names_every_fix_of_a_rule(tmp_path: Path) -> None:
    result = run_redline("explain", "weak-hash", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    (fix_line,) = [line for line in result.stdout.splitlines() if line.startswith("Fix: ")]
    assert fix_line == (
        "Fix: offer-only (Mark as not used for security (usedforsecurity=False)); "
        "offer-only (Upgrade to SHA-256 (changes every digest this code makes))"
    )


def test_package_checks_an_installed_distribution_without_importing_it(tmp_path: Path) -> None:
    """`--package pyyaml` finds its files through metadata; the audit profile adds audit rules."""
    vuln = run_redline("check", "--no-cache", "--format", "json", "--package", "pyyaml", cwd=tmp_path)
    audit = run_redline("check", "--no-cache", "--format", "json", "--package", "pyyaml", "--profile", "audit", cwd=tmp_path)
    assert vuln.returncode in (0, 1) and audit.returncode in (0, 1), vuln.stderr + audit.stderr
    vuln_report, audit_report = json.loads(vuln.stdout), json.loads(audit.stdout)
    assert vuln_report["files_checked"] == audit_report["files_checked"] > 5
    assert all("/yaml/" in f["path"] for f in audit_report["findings"])
    assert len(audit_report["findings"]) > len(vuln_report["findings"])


def test_unknown_package_is_a_usage_error_with_a_hint(tmp_path: Path) -> None:
    result = run_redline("check", "--package", "pyyam", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyyam" in result.stderr and "PyYAML" in result.stderr
