"""The report formats: exact text lines, a JSON document that loads back, and SARIF that the
official 2.1.0 schema accepts and that carries what GitHub code scanning reads."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

import jsonschema
import pytest

from redline.engine.model import (
    Confidence,
    Finding,
    Fix,
    FixSafety,
    Position,
    RelatedLocation,
    RuleDocs,
    RuleInfo,
    Severity,
    Span,
    TextEdit,
    Tier,
)
from redline.reports import FORMATS, render

DATA = Path(__file__).parent / "data"
SCHEMA_PATH = DATA / "sarif-schema-2.1.0.json"


def span(line: int, col: int, end_line: int, end_col: int) -> Span:
    return Span(Position(line, col), Position(end_line, end_col))


def rule(id: str, severity: Severity, confidence: Confidence, cwe: int | None, **kw) -> RuleInfo:
    return RuleInfo(
        id=id,
        message=kw.pop("message", f"message of {id}"),
        severity=severity,
        confidence=confidence,
        cwe=cwe,
        cwe_title=kw.pop("cwe_title", ""),
        tier=kw.pop("tier", Tier.VULN),
        family=kw.pop("family", "misc"),
        source=f"rules/{id}.yaml",
        **kw,
    )


RULES = {
    r.id: r
    for r in [
        rule(
            "yaml-unsafe-load",
            Severity.HIGH,
            Confidence.HIGH,
            502,
            cwe_title="Deserialization of Untrusted Data",
            family="deserialization",
            message="`$FUNC` without a safe Loader can construct arbitrary Python objects",
            docs=RuleDocs(
                what_it_does="Checks for `yaml.load` without a safe Loader. It ignores safe_load.",
                why_is_this_bad="PyYAML's full loader can build any Python object.",
                example="yaml.load(data, Loader=yaml.Loader)\n",
                use_instead="yaml.safe_load(data)\n",
                references=("https://pyyaml.org/wiki/PyYAMLDocumentation",),
            ),
            fix_template="yaml.safe_load($X)",
            tags=("yaml",),
        ),
        rule(
            "sql-injection-format",
            Severity.CRITICAL,
            Confidence.MEDIUM,
            89,
            cwe_title="SQL Injection",
            family="injection",
            docs=RuleDocs(what_it_does="Checks for SQL built with string formatting."),
        ),
        rule("weak-hash-md5", Severity.MEDIUM, Confidence.LOW, 328, family="crypto"),
        rule("debug-enabled", Severity.LOW, Confidence.HIGH, None, tier=Tier.AUDIT),
    ]
}

UNICODE_PATH = "src/app/données.py"
FINDINGS = [
    Finding(
        rule_id="sql-injection-format",
        message="SQL built with str.format reaches `cursor.execute`",
        severity=Severity.CRITICAL,
        confidence=Confidence.MEDIUM,
        cwe=89,
        path=UNICODE_PATH,
        span=span(10, 8, 10, 41),
        fingerprint="a1b2c3d4e5f60718",
        statement_lines=(10, 11),
        related=(
            RelatedLocation(span(7, 4, 7, 22), "`name` comes from the request here"),
            RelatedLocation(span(9, 4, 9, 40), "and is formatted into the query here"),
        ),
    ),
    Finding(
        rule_id="yaml-unsafe-load",
        message="`yaml.load` without a safe Loader can construct arbitrary Python objects",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        cwe=502,
        path=UNICODE_PATH,
        span=span(12, 4, 12, 37),
        fingerprint="0f1e2d3c4b5a6978",
        fix=Fix(
            "Use yaml.safe_load",
            FixSafety.SAFE,
            (TextEdit(span(12, 4, 12, 37), "yaml.safe_load(data)"),),
        ),
    ),
    Finding(
        rule_id="weak-hash-md5",
        message="MD5 is not collision resistant",
        severity=Severity.MEDIUM,
        confidence=Confidence.LOW,
        cwe=328,
        path="src/日本/views.py",
        span=span(3, 11, 3, 27),
        fingerprint="77aa88bb99cc00dd",
        fix=Fix(
            "Mark as not used for security",
            FixSafety.OFFER_ONLY,
            (TextEdit(span(3, 26, 3, 26), ", usedforsecurity=False"),),
        ),
        alternatives=(
            Fix("Upgrade to SHA-256", FixSafety.OFFER_ONLY, (TextEdit(span(3, 11, 3, 27), "hashlib.sha256(data)"),)),
        ),
    ),
    Finding(
        rule_id="debug-enabled",
        message="Flask debug mode exposes an interactive debugger",
        severity=Severity.LOW,
        confidence=Confidence.HIGH,
        cwe=None,
        path="tests/with space.py",
        span=span(1, 0, 1, 14),
        fingerprint="1234567890abcdef",
    ),
]
ERRORS = [
    Finding(
        rule_id="syntax-error",
        message="invalid syntax: expected ':'",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        cwe=None,
        path="broken.py",
        span=span(2, 4, 2, 5),
        fingerprint="feedfacefeedface",
    ),
    Finding(
        rule_id="read-error",
        message="cannot decode as UTF-8",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        cwe=None,
        path="latin1.py",
        span=span(1, 0, 1, 0),
        fingerprint="deadbeefdeadbeef",
    ),
]


def report(format: str, findings=FINDINGS, errors=(), rules=RULES, **kw) -> str:
    return render(
        format, findings, rules, files_checked=3, tool_version="0.1.0", errors=errors, **kw
    )


def sarif(findings=FINDINGS, errors=ERRORS, rules=RULES) -> dict:
    return json.loads(report("sarif", findings, errors, rules))


def results_by_rule(log: dict) -> dict[str, dict]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


# --- SARIF against the official schema -------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_errors(log: dict, schema: dict, validator_class) -> list[str]:
    """Every violation; formats are checked where jsonschema can (`uri` needs rfc3987, so URIs
    are pinned by exact assertions below instead)."""
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


VALIDATORS = [jsonschema.Draft7Validator, jsonschema.Draft4Validator]


@pytest.mark.parametrize("validator_class", VALIDATORS, ids=lambda v: v.__name__)
@pytest.mark.parametrize(
    ("findings", "errors"),
    [(FINDINGS, ERRORS), (FINDINGS, ()), ((), ERRORS), ((), ())],
    ids=["findings+errors", "findings", "errors", "empty"],
)
def test_sarif_is_valid_against_the_official_schema(schema, validator_class, findings, errors):
    assert schema_errors(sarif(findings, errors), schema, validator_class) == []


def test_the_schema_check_is_not_vacuous(schema):
    log = sarif()
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert schema_errors(broken, schema, jsonschema.Draft7Validator)
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "critical"
    assert schema_errors(broken, schema, jsonschema.Draft7Validator)


def test_schema_file_is_the_recorded_one():
    digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
    assert digest in (DATA / "README.md").read_text(encoding="utf-8")


# --- SARIF content ------------------------------------------------------------------------------


def test_sarif_header_and_driver():
    log = sarif()
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("redline", "0.1.0")
    assert "informationUri" not in driver
    assert run["columnKind"] == "unicodeCodePoints"
    # All given rules, sorted by id, then the error descriptors.
    assert [r["id"] for r in driver["rules"]] == [
        "debug-enabled",
        "sql-injection-format",
        "weak-hash-md5",
        "yaml-unsafe-load",
        "read-error",
        "syntax-error",
    ]


def test_sarif_rule_descriptor_carries_cwe_severity_precision_and_help():
    rules = {r["id"]: r for r in sarif()["runs"][0]["tool"]["driver"]["rules"]}
    yaml_rule = rules["yaml-unsafe-load"]
    assert yaml_rule["name"] == "YamlUnsafeLoad"
    assert yaml_rule["shortDescription"]["text"] == "Checks for `yaml.load` without a safe Loader."
    assert yaml_rule["fullDescription"]["text"].endswith("It ignores safe_load.")
    assert yaml_rule["defaultConfiguration"] == {"level": "error"}
    assert yaml_rule["helpUri"] == "https://cwe.mitre.org/data/definitions/502.html"
    properties = yaml_rule["properties"]
    assert properties["tags"] == ["security", "external/cwe/cwe-502", "deserialization", "yaml"]
    assert properties["security-severity"] == "8.0"
    assert properties["precision"] == "high"
    markdown = yaml_rule["help"]["markdown"]
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in markdown
    assert "```python\nyaml.safe_load(data)\n```" in markdown
    assert (
        "- [CWE-502: Deserialization of Untrusted Data]"
        "(https://cwe.mitre.org/data/definitions/502.html)"
    ) in markdown
    assert "- https://pyyaml.org/wiki/PyYAMLDocumentation" in markdown
    assert "Example\n    yaml.load(data, Loader=yaml.Loader)" in yaml_rule["help"]["text"]

    assert rules["sql-injection-format"]["properties"]["security-severity"] == "9.5"
    assert rules["weak-hash-md5"]["properties"]["security-severity"] == "5.5"
    assert rules["weak-hash-md5"]["defaultConfiguration"] == {"level": "warning"}
    assert rules["weak-hash-md5"]["properties"]["precision"] == "low"
    # No docs: the message template stands in for the descriptions.
    assert rules["weak-hash-md5"]["shortDescription"]["text"] == "message of weak-hash-md5"
    debug = rules["debug-enabled"]
    assert debug["properties"]["security-severity"] == "3.0"
    assert debug["defaultConfiguration"] == {"level": "note"}
    assert "helpUri" not in debug
    assert not any(t.startswith("external/cwe/") for t in debug["properties"]["tags"])


def test_sarif_results_locations_are_one_based_and_relative():
    log = sarif()
    rule_ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    results = results_by_rule(log)
    for result in results.values():
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    sql = results["sql-injection-format"]
    assert sql["level"] == "error"
    assert sql["message"] == {"text": "SQL built with str.format reaches `cursor.execute`"}
    location = sql["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "src/app/donn%C3%A9es.py",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"] == {"startLine": 10, "startColumn": 9, "endLine": 10, "endColumn": 42}
    assert sql["partialFingerprints"] == {"redline/v1": "a1b2c3d4e5f60718"}
    assert sql["properties"] == {"confidence": "medium", "severity": "critical"}
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results.values()
    }
    assert {"src/%E6%97%A5%E6%9C%AC/views.py", "tests/with%20space.py"} <= uris
    assert results["weak-hash-md5"]["level"] == "warning"
    assert results["debug-enabled"]["level"] == "note"


def test_sarif_related_locations():
    related = results_by_rule(sarif())["sql-injection-format"]["relatedLocations"]
    assert [(r["id"], r["message"]["text"]) for r in related] == [
        (1, "`name` comes from the request here"),
        (2, "and is formatted into the query here"),
    ]
    assert related[0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 5,
        "endLine": 7,
        "endColumn": 23,
    }
    assert "relatedLocations" not in results_by_rule(sarif())["yaml-unsafe-load"]


def test_sarif_fixes():
    results = results_by_rule(sarif())
    (fix,) = results["yaml-unsafe-load"]["fixes"]
    assert fix["description"] == {"text": "Use yaml.safe_load"}
    assert fix["properties"] == {"safety": "safe"}
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "src/app/donn%C3%A9es.py"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 38},
            "insertedContent": {"text": "yaml.safe_load(data)"},
        }
    ]
    # An insertion is an empty deleted region.
    (insertion,) = results["weak-hash-md5"]["fixes"][0]["artifactChanges"][0]["replacements"]
    region = insertion["deletedRegion"]
    assert region["startColumn"] == region["endColumn"] == 27
    assert "fixes" not in results["debug-enabled"]


def test_sarif_lists_every_alternative_fix_after_the_primary():
    fixes = results_by_rule(sarif())["weak-hash-md5"]["fixes"]
    assert [(f["description"]["text"], f["properties"]["safety"]) for f in fixes] == [
        ("Mark as not used for security", "offer-only"),
        ("Upgrade to SHA-256", "offer-only"),
    ]
    (replacement,) = fixes[1]["artifactChanges"][0]["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 28},
        "insertedContent": {"text": "hashlib.sha256(data)"},
    }


def test_sarif_errors_are_results_and_notifications():
    log = sarif()
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    results = results_by_rule(log)
    assert results["syntax-error"]["level"] == "error"
    assert results["syntax-error"]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 5
    assert driver["rules"][results["read-error"]["ruleIndex"]]["id"] == "read-error"
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    notifications = invocation["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notifications] == [
        ("error", "invalid syntax: expected ':'"),
        ("error", "cannot decode as UTF-8"),
    ]
    for notification in notifications:
        descriptor = notification["descriptor"]
        assert driver["notifications"][descriptor["index"]]["id"] == descriptor["id"]
    assert "toolExecutionNotifications" not in sarif(errors=())["runs"][0]["invocations"][0]


def test_sarif_absolute_path_becomes_file_uri():
    finding = Finding.from_dict({**FINDINGS[3].to_dict(), "path": "/srv/app/é.py"})
    location = sarif([finding], ())["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "file:///srv/app/%C3%A9.py"}


def test_sarif_finding_of_an_unlisted_rule_has_no_rule_index(schema):
    log = sarif(FINDINGS, (), rules={})
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
    assert all("ruleIndex" not in r for r in log["runs"][0]["results"])
    assert schema_errors(log, schema, jsonschema.Draft7Validator) == []


def test_sarif_empty_run():
    run = sarif((), ())["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)


# --- text ---------------------------------------------------------------------------------------


def test_text_lines_and_summary():
    assert report("text", errors=ERRORS) == (
        "src/app/données.py:10:9: sql-injection-format [critical] "
        "SQL built with str.format reaches `cursor.execute`\n"
        "    7:5: `name` comes from the request here\n"  # a finding's path, one step a line
        "    9:5: and is formatted into the query here\n"
        "src/app/données.py:12:5: yaml-unsafe-load [high] "
        "`yaml.load` without a safe Loader can construct arbitrary Python objects (fix available)\n"
        "src/日本/views.py:3:12: weak-hash-md5 [medium] MD5 is not collision resistant "
        "(offer-only fix available)\n"
        "tests/with space.py:1:1: debug-enabled [low] "
        "Flask debug mode exposes an interactive debugger\n"
        "broken.py:2:5: syntax-error [error] invalid syntax: expected ':'\n"
        "latin1.py:1:1: read-error [error] cannot decode as UTF-8\n"
        "\n"
        "Found 4 findings (1 critical, 1 high, 1 medium, 1 low) in 3 files checked; "
        "1 fixable with --fix.\n"
        "Could not check 2 files; see the errors above.\n"
    )


def test_text_singular_and_no_fixable():
    finding = FINDINGS[0]
    text = render("text", [finding], RULES, files_checked=1, tool_version="0.1.0")
    assert text.endswith("\n\nFound 1 finding (1 critical) in 1 file checked.\n")


def test_text_empty():
    assert report("text", findings=()) == "No findings in 3 files checked.\n"


def test_text_colour_only_adds_ansi_codes():
    plain = report("text", errors=ERRORS)
    coloured = report("text", errors=ERRORS, color=True)
    assert "\x1b[" in coloured
    assert "\x1b[" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


# --- JSON ---------------------------------------------------------------------------------------


def test_json_round_trips_findings_and_errors():
    document = json.loads(report("json", errors=ERRORS))
    assert [Finding.from_dict(f) for f in document["findings"]] == FINDINGS
    assert [Finding.from_dict(e) for e in document["errors"]] == ERRORS
    assert document["tool"] == {"name": "redline", "version": "0.1.0"}
    assert document["files_checked"] == 3


def test_json_keeps_fix_and_lists_every_fix():
    by_rule = {f["rule_id"]: f for f in json.loads(report("json"))["findings"]}
    weak = by_rule["weak-hash-md5"]
    assert weak["fix"]["title"] == "Mark as not used for security"
    assert [f["title"] for f in weak["fixes"]] == ["Mark as not used for security", "Upgrade to SHA-256"]
    assert [f["title"] for f in by_rule["yaml-unsafe-load"]["fixes"]] == ["Use yaml.safe_load"]
    assert (by_rule["debug-enabled"]["fix"], by_rule["debug-enabled"]["fixes"]) == (None, [])


def test_json_summary():
    summary = json.loads(report("json", errors=ERRORS))["summary"]
    assert summary == {
        "total": 4,
        "fixable": 1,
        "by_severity": {"critical": 1, "high": 1, "medium": 1, "low": 1},
        "by_rule": {
            "debug-enabled": 1,
            "sql-injection-format": 1,
            "weak-hash-md5": 1,
            "yaml-unsafe-load": 1,
        },
    }
    empty = json.loads(report("json", findings=()))
    assert empty["findings"] == [] and empty["errors"] == []
    assert empty["summary"]["by_severity"] == {"critical": 0, "high": 0, "medium": 0, "low": 0}


def test_json_is_indented_sorted_and_keeps_unicode():
    output = report("json")
    assert output.startswith('{\n  "errors": [],\n  "files_checked": 3,\n')
    assert "données" in output


# --- all formats --------------------------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_output_is_deterministic(format):
    first = report(format, errors=ERRORS)
    assert report(format, errors=ERRORS) == first
    # The order in which rules were loaded does not leak into the output.
    reversed_rules = dict(reversed(list(RULES.items())))
    assert report(format, errors=ERRORS, rules=reversed_rules) == first
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="text, json, sarif"):
        report("xml")
