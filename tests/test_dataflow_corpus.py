"""The taint rules against the labelled corpus: every `# ruleid:` case reported, every `# ok:`
case not. Known limits (`# todoruleid:` / `# todook:`) are counted and printed, not failed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dataflow_labels import Label, corpus_files, labels
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import Rule

FILES = corpus_files()
_TODO_COUNTS: Counter[str] = Counter()


@pytest.fixture(scope="module")
def taint_engine(builtin_rules: list[Rule]) -> Engine:
    return Engine([rule for rule in builtin_rules if rule.taint is not None])


def test_corpus_is_there() -> None:
    assert len(FILES) >= 17
    assert sum(len(labels(path)) for path in FILES) >= 200


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_file(path: Path, taint_engine: Engine) -> None:
    analysis = taint_engine.analyze_source(path.read_text(encoding="utf-8"), AnalysisOptions(path=str(path)))
    assert not analysis.errors, [e.message for e in analysis.errors]
    reported = {(f.span.start.line, f.rule_id) for f in analysis.findings}
    problems = []
    for label in labels(path):
        found = (label.line, label.rule_id) in reported
        if label.kind == "ruleid" and not found:
            problems.append(f"{path.name}:{label.line}: {label.rule_id} not reported (ruleid)")
        elif label.kind == "ok" and found:
            problems.append(f"{path.name}:{label.line}: {label.rule_id} reported on an ok line")
        elif label.kind.startswith("todo"):
            _TODO_COUNTS[_todo_state(label, found)] += 1
    assert not problems, "\n".join(problems)


def _todo_state(label: Label, found: bool) -> str:
    still = found if label.kind == "todook" else not found
    return f"{label.kind} ({'still wrong' if still else 'now right: update the label'})"


def test_print_todo_counts() -> None:
    """Runs last in this module: the known limits, so they stay visible in the output."""
    total = Counter(label.kind for path in FILES for label in labels(path))
    print(f"\ndata-flow corpus: {dict(sorted(total.items()))}; todo cases: {dict(sorted(_TODO_COUNTS.items())) or 'none'}")
