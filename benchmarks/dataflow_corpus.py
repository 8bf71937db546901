#!/usr/bin/env python3
"""What data flow adds: per sink, the true- and false-positive rates of the taint rules and of
the pattern-only rules covering the same sink, on the labelled corpus (tests/corpus/dataflow).

    python benchmarks/dataflow_corpus.py

A case is one label of the corpus: `ruleid`/`todoruleid` lines are real vulnerabilities
(positives), `ok`/`todook` lines are look-alikes (negatives). A tool reports a case when one of
its rules for that sink reports on the case's line. TPR = reported positives / positives,
FPR = reported negatives / negatives, score = TPR - FPR.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import builtin_rules_dir, load_rules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from dataflow_labels import Label, corpus_files, labels  # noqa: E402

# The pattern rules (any tier) that report the same kind of sink as each taint rule.
PATTERN_RULES: dict[str, tuple[str, ...]] = {
    "tainted-command-injection": ("os-system-injection", "subprocess-shell-injection", "shell-true-other-call", "os-exec-spawn", "sh-shell-command"),
    "tainted-code-injection": ("eval-used", "exec-used", "compile-builtin", "code-string-runner"),
    "tainted-sql-injection": (
        "sql-percent-formatting", "sql-string-formatting", "sqlalchemy-text-formatted", "django-extra-formatted",
        "django-queryset-extra", "django-raw-percent-formatting", "django-raw-sql-formatted",
    ),
    "tainted-path-traversal": ("path-from-request", "flask-send-file-dynamic", "filesystem-sink-dynamic"),
    "tainted-ssrf": ("ssrf-request-url", "urllib-urlopen-dynamic"),
    "tainted-open-redirect": ("open-redirect",),
    "tainted-xss": ("reflected-xss-response", "mark-safe-dynamic", "markup-dynamic", "format-html-preformatted"),
    "tainted-template-injection": ("flask-render-template-string", "template-source-dynamic", "template-source-formatted", "mako-template"),
    "tainted-ldap-injection": (),
    "tainted-xpath-injection": (),
    "tainted-deserialization": ("pickle-load", "marshal-load", "yaml-unsafe-load", "yaml-unsafe-load-all", "ruamel-yaml-unsafe"),
    "tainted-xxe": ("lxml-unsafe-parser", "xml-minidom-parser", "xml-sax-parser", "xml-xxe-parser", "xml-pulldom-parser"),
    "tainted-header-injection": (),
    "tainted-log-injection": (),
    "tainted-trust-boundary": (),
    "tainted-nosql-injection": ("mongodb-where-injection",),
    "tainted-regex-injection": (),
}


def reported_lines(engine: Engine, path: Path) -> dict[str, set[int]]:
    """Lines each rule reports in one corpus file."""
    analysis = engine.analyze_source(path.read_text(encoding="utf-8"), AnalysisOptions(path=str(path)))
    found: dict[str, set[int]] = defaultdict(set)
    for finding in analysis.findings:
        found[finding.rule_id].add(finding.span.start.line)
    return found


def rates(cases: list[tuple[Label, bool]]) -> tuple[float | None, float | None]:
    positives = [hit for label, hit in cases if label.vulnerable]
    negatives = [hit for label, hit in cases if not label.vulnerable]
    tpr = sum(positives) / len(positives) if positives else None
    fpr = sum(negatives) / len(negatives) if negatives else None
    return tpr, fpr


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _score(tpr: float | None, fpr: float | None) -> str:
    return "—" if tpr is None or fpr is None else f"{tpr - fpr:+.2f}"


def main() -> None:
    rules, problems = load_rules([builtin_rules_dir()])
    if problems:
        sys.exit("\n".join(map(str, problems)))
    unknown = {r for ids in PATTERN_RULES.values() for r in ids} - {rule.id for rule in rules}
    if unknown:
        sys.exit(f"PATTERN_RULES names rules that do not exist: {sorted(unknown)}")
    engine = Engine(rules)
    taint_cases: dict[str, list[tuple[Label, bool]]] = defaultdict(list)
    pattern_cases: dict[str, list[tuple[Label, bool]]] = defaultdict(list)
    for path in corpus_files():
        found = reported_lines(engine, path)
        for label in labels(path):
            taint_cases[label.rule_id].append((label, label.line in found.get(label.rule_id, ())))
            pattern_hit = any(label.line in found.get(rule_id, ()) for rule_id in PATTERN_RULES.get(label.rule_id, ()))
            pattern_cases[label.rule_id].append((label, pattern_hit))
    header = "| sink (taint rule) | cases (+/−) | taint TPR | taint FPR | taint score | pattern TPR | pattern FPR | pattern score |"
    print(header)
    print("|---|---|---|---|---|---|---|---|")
    every_taint: list[tuple[Label, bool]] = []
    every_pattern: list[tuple[Label, bool]] = []
    for rule_id in sorted(taint_cases):
        cases = taint_cases[rule_id]
        every_taint += cases
        every_pattern += pattern_cases[rule_id]
        positives = sum(label.vulnerable for label, _ in cases)
        t_tpr, t_fpr = rates(cases)
        p_tpr, p_fpr = rates(pattern_cases[rule_id]) if PATTERN_RULES.get(rule_id) else (None, None)
        print(
            f"| {rule_id} | {positives}/{len(cases) - positives} | {_cell(t_tpr)} | {_cell(t_fpr)} | {_score(t_tpr, t_fpr)} "
            f"| {_cell(p_tpr)} | {_cell(p_fpr)} | {_score(p_tpr, p_fpr)} |"
        )
    t_tpr, t_fpr = rates(every_taint)
    p_tpr, p_fpr = rates(every_pattern)
    positives = sum(label.vulnerable for label, _ in every_taint)
    print(
        f"| **all sinks** | {positives}/{len(every_taint) - positives} | {_cell(t_tpr)} | {_cell(t_fpr)} | {_score(t_tpr, t_fpr)} "
        f"| {_cell(p_tpr)} | {_cell(p_fpr)} | {_score(p_tpr, p_fpr)} |"
    )
    print("\nPattern rules: a sink with no pattern rule (—) counts as reporting nothing in the total.")


if __name__ == "__main__":
    main()
