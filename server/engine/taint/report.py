"""How a taint finding reads: its message names the source and the sink, and its related
locations walk the path (source, each assignment or call, sink) for SARIF codeFlows, the
editor's relatedInformation and the text report."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from ..formula import code_of
from ..model import Confidence, RelatedLocation, Span
from .facts import SinkHit
from .values import Trace

SpanOf = Callable[[cst.CSTNode], "Span | None"]


def best_trace(taint: tuple[Trace, ...]) -> Trace:
    """The trace a finding is told by: the most confident real source, then the first found."""
    real = [t for t in taint if t.origin.parameter is None]
    return max(real or list(taint), key=lambda t: t.origin.confidence)


def sink_label(hit: SinkHit, qualified: str | None) -> str:
    """`subprocess.run(shell=True)`, `eval()`, `response.headers[...] =`."""
    if hit.sink.label:
        return hit.sink.label
    node = hit.node
    if isinstance(node, cst.Call):
        name = qualified or " ".join(code_of(node.func).split())
        flags = [
            f"{arg.keyword.value}={code_of(arg.value)}"
            for arg in node.args
            if arg.keyword is not None and arg.keyword.value == "shell" and isinstance(arg.value, cst.Name)
        ]
        return f"{name}({', '.join(flags)})"
    if isinstance(node, cst.Assign):
        return f"{' '.join(code_of(node.targets[0].target).split())} ="
    return " ".join(code_of(node).split())[:40]


def message(trace: Trace, source_line: int | None, sink: str, rule_message: str) -> str:
    where = f" from line {source_line}" if source_line is not None else ""
    return f"{trace.origin.label}{where} reaches {sink}: {rule_message}"


def path(trace: Trace, sink: str, sink_span: Span, span_of: SpanOf) -> tuple[RelatedLocation, ...]:
    """The steps with a known place, from the source to the sink."""
    steps: list[RelatedLocation] = []
    source = span_of(trace.origin.node)
    if source is not None:
        steps.append(RelatedLocation(source, f"source: {trace.origin.label}"))
    for step in trace.steps:
        span = span_of(step.node)
        if span is not None and (not steps or steps[-1].span != span):
            steps.append(RelatedLocation(span, step.message))
    steps.append(RelatedLocation(sink_span, f"sink: {sink}"))
    return tuple(steps)


def confidence(rule: Confidence, trace: Trace) -> Confidence:
    """A finding is as sure as its rule and its source allow."""
    return min(rule, trace.origin.confidence)
