#!/usr/bin/env python3
"""What data flow adds: per sink, the true- and false-positive rates of the taint rules and of
the pattern-only rules covering the same sink, on the labelled corpus (tests/corpus/dataflow).

    python benchmarks/dataflow_corpus.py

A case is one label of the corpus: `ruleid`/`todoruleid` lines are real vulnerabilities
(positives), `ok`/`todook` lines are look-alikes (negatives). A tool reports a case when one of
its rules for that sink reports on the case's line. TPR = reported positives / positives,
FPR = reported negatives / negatives, score = TPR - FPR.

Three columns of rates: the taint rule, the pattern rules alone (an engine without the taint
rules), and Redline as shipped (every rule: the taint finding, or a pattern finding that the
refinement policy of server/engine/refinement.py kept).
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
    """Lines each rule reports in one corpus file (a taint finding also counts for the
    pattern rules it covers)."""
    analysis = engine.analyze_source(path.read_text(encoding="utf-8"), AnalysisOptions(path=str(path)))
    found: dict[str, set[int]] = defaultdict(set)
    for finding in analysis.findings:
        for rule_id in finding.ids:
            found[rule_id].add(finding.span.start.line)
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
    shipped = Engine(rules)
    patterns_alone = Engine([rule for rule in rules if rule.taint is None])
    columns: dict[str, dict[str, list[tuple[Label, bool]]]] = {name: defaultdict(list) for name in ("taint", "pattern", "shipped")}
    for path in corpus_files():
        found = reported_lines(shipped, path)
        alone = reported_lines(patterns_alone, path)
        for label in labels(path):
            sink_rules = PATTERN_RULES.get(label.rule_id, ())
            taint_hit = label.line in found.get(label.rule_id, ())
            columns["taint"][label.rule_id].append((label, taint_hit))
            columns["pattern"][label.rule_id].append((label, any(label.line in alone.get(r, ()) for r in sink_rules)))
            shipped_hit = taint_hit or any(label.line in found.get(r, ()) for r in sink_rules)
            columns["shipped"][label.rule_id].append((label, shipped_hit))
    print("| sink (taint rule) | cases (+/−) | taint TPR / FPR / score | pattern alone TPR / FPR / score | shipped TPR / FPR / score |")
    print("|---|---|---|---|---|")
    totals: dict[str, list[tuple[Label, bool]]] = defaultdict(list)
    for rule_id in sorted(columns["taint"]):
        cells = []
        for name, by_rule in columns.items():
            totals[name] += by_rule[rule_id]
            has_rules = name != "pattern" or PATTERN_RULES.get(rule_id)
            cells.append(_rates_cell(*rates(by_rule[rule_id])) if has_rules else "—")
        cases = columns["taint"][rule_id]
        positives = sum(label.vulnerable for label, _ in cases)
        print(f"| {rule_id} | {positives}/{len(cases) - positives} | " + " | ".join(cells) + " |")
    cases = totals["taint"]
    positives = sum(label.vulnerable for label, _ in cases)
    cells = [_rates_cell(*rates(totals[name])) for name in columns]
    print(f"| **all sinks** | {positives}/{len(cases) - positives} | " + " | ".join(cells) + " |")
    print("\nPattern rules: a sink with no pattern rule (—) counts as reporting nothing in the total.")


def _rates_cell(tpr: float | None, fpr: float | None) -> str:
    return f"{_cell(tpr)} / {_cell(fpr)} / {_score(tpr, fpr)}"


if __name__ == "__main__":
    main()
