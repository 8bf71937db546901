"""SARIF 2.1.0, the format GitHub code scanning and other SARIF viewers read.

Choices worth knowing:
- `tool.driver.rules` lists every rule given, sorted by id, so a rule's `ruleIndex` does not
  depend on what a run happened to find.
- Columns are code points (`run.columnKind` says so) and 1-based; `endColumn` is exclusive,
  as SARIF defines it, so it is the model's 0-based exclusive end plus one.
- Relative paths are URIs against `%SRCROOT%` (the project root, left for the consumer to bind,
  since we know no absolute path we could honestly claim); absolute paths become `file:` URIs.
- `errors` (files that could not be parsed or read) appear twice. As results of level `error`,
  because results are what viewers show beside the code, and a file that was skipped is a blind
  spot of a security check that must not stay silent. As `toolExecutionNotifications`, the
  channel SARIF defines for such problems, which tools reading run health look at.
  `executionSuccessful` stays true: the run finished, only those files were skipped.
  Their descriptors (ids `syntax-error`, `read-error`) follow the rules in `tool.driver.rules`
  and are repeated in `tool.driver.notifications`; those ids are reserved for errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from redline.engine.model import Finding, Fix, RuleInfo, Severity, Span
from redline.rule_docs import rule_help

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "redline/v1"

_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
# GitHub buckets `security-severity` as critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low < 4.0.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
_ERROR_DESCRIPTIONS = {
    "syntax-error": "The file is not valid Python, so no rule could check it.",
    "read-error": "The file could not be read or decoded, so no rule could check it.",
}

Json = dict[str, Any]


def render(
    findings: Sequence[Finding],
    rules: Mapping[str, RuleInfo],
    *,
    tool_version: str,
    errors: Sequence[Finding] = (),
) -> str:
    """A SARIF log with one run: findings as results, then errors as results and notifications."""
    error_descriptors = [_error_descriptor(i) for i in sorted({e.rule_id for e in errors})]
    descriptors = [_rule_descriptor(rules[i]) for i in sorted(rules)] + error_descriptors
    rule_index = {d["id"]: n for n, d in enumerate(descriptors)}
    driver: Json = {"name": "redline", "version": tool_version, "rules": descriptors}
    invocation: Json = {"executionSuccessful": True}
    if errors:
        driver["notifications"] = error_descriptors
        notification_index = {d["id"]: n for n, d in enumerate(error_descriptors)}
        invocation["toolExecutionNotifications"] = [
            _notification(e, notification_index[e.rule_id]) for e in errors
        ]
    results = [_finding_result(f, rule_index.get(f.rule_id)) for f in findings]
    results += [_result(e, rule_index[e.rule_id], "error") for e in errors]
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _rule_descriptor(rule: RuleInfo) -> Json:
    what = rule.docs.what_it_does.strip()
    text, markdown = rule_help(rule)
    tags = ["security", *([f"external/cwe/cwe-{rule.cwe}"] if rule.cwe else []), rule.family]
    descriptor: Json = {
        "id": rule.id,
        "name": _pascal_case(rule.id),
        "shortDescription": {"text": _first_sentence(what) or rule.message},
        "fullDescription": {"text": what or rule.message},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "tags": [tag for tag in dict.fromkeys([*tags, *rule.tags]) if tag],
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "precision": rule.confidence.label,
        },
    }
    if rule.help_uri:
        descriptor["helpUri"] = rule.help_uri
    return descriptor


def _error_descriptor(rule_id: str) -> Json:
    return {
        "id": rule_id,
        "name": _pascal_case(rule_id),
        "shortDescription": {
            "text": _ERROR_DESCRIPTIONS.get(rule_id, "The file could not be checked.")
        },
        "defaultConfiguration": {"level": "error"},
    }


def _code_flow(finding: Finding) -> Json:
    """The data-flow path of a finding (source, steps, sink) as one SARIF thread flow."""
    return {
        "threadFlows": [
            {
                "locations": [
                    {"location": {**_location(finding.path, step.span, step.cell), "message": {"text": step.message}}}
                    for step in finding.related
                ]
            }
        ]
    }


def _finding_result(finding: Finding, rule_index: int | None) -> Json:
    result = _result(finding, rule_index, _LEVELS[finding.severity])
    result["properties"] = {
        "confidence": finding.confidence.label,
        "severity": finding.severity.label,
    }
    if finding.covers:  # pattern rules this (taint) finding stands for at its sink
        result["properties"]["covers"] = list(finding.covers)
    if finding.related:
        result["relatedLocations"] = [
            {"id": n, "message": {"text": r.message}, **_location(finding.path, r.span, r.cell)}
            for n, r in enumerate(finding.related, start=1)
        ]
        result["codeFlows"] = [_code_flow(finding)]
    if finding.fixes:
        result["fixes"] = [_fix(finding.path, fix) for fix in finding.fixes]
    return result


def _fix(path: str, fix: Fix) -> Json:
    """One SARIF `fix`: a result may carry several, the primary first."""
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            {
                "artifactLocation": _artifact_location(path),
                "replacements": [
                    {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.new_text}}
                    for edit in fix.edits
                ],
            }
        ],
        "properties": {"safety": fix.safety.value},
    }


def _result(finding: Finding, rule_index: int | None, level: str) -> Json:
    """The part shared by findings and errors; a rule missing from `rules` gets no index."""
    result: Json = {
        "ruleId": finding.rule_id,
        "level": level,
        "message": {"text": finding.message},
        "locations": [_location(finding.path, finding.span, finding.cell)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    return result


def _notification(error: Finding, descriptor_index: int) -> Json:
    return {
        "level": "error",
        "message": {"text": error.message},
        "locations": [_location(error.path, error.span, error.cell)],
        "descriptor": {"id": error.rule_id, "index": descriptor_index},
    }


def _location(path: str, span: Span, cell: int | None = None) -> Json:
    """A place in a file; in a notebook, lines and columns count within `cell`, which the
    logical location names (`cell 3`) and `properties.cell` gives as a number."""
    location: Json = {
        "physicalLocation": {"artifactLocation": _artifact_location(path), "region": _region(span)}
    }
    if cell is not None:
        location["logicalLocations"] = [{"name": f"cell {cell}", "fullyQualifiedName": f"{path}:cell {cell}"}]
        location["properties"] = {"cell": cell}
    return location


def _artifact_location(path: str) -> Json:
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}


def _region(span: Span) -> Json:
    return {
        "startLine": span.start.line,
        "startColumn": span.start.column + 1,
        "endLine": span.end.line,
        "endColumn": span.end.column + 1,
    }


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(?:\s|$)", flat)
    return match.group(1) if match else flat


def _pascal_case(rule_id: str) -> str:
    """SARIF wants `name` to read as an identifier (`YamlUnsafeLoad`), unlike the slug `id`."""
    return "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", rule_id))
