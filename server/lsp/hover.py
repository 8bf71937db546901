"""Hover over a finding: the rule's documentation, Markdown or plain text as the client prefers."""

from __future__ import annotations

from typing import Mapping, Sequence

from lsprotocol import types

from redline.engine.model import Finding, RuleInfo
from redline.rule_docs import rule_help


def wants_markdown(capabilities: types.ClientCapabilities) -> bool:
    hover = capabilities.text_document.hover if capabilities.text_document else None
    formats = (hover.content_format if hover else None) or [types.MarkupKind.PlainText]
    return formats[0] == types.MarkupKind.Markdown


def findings_at(findings: Sequence[Finding], line: int, column: int) -> list[Finding]:
    """Findings whose span holds (1-based line, code-point column), ends included."""
    return [
        f for f in findings
        if (f.span.start.line, f.span.start.column) <= (line, column) <= (f.span.end.line, f.span.end.column)
    ]


def hover_text(findings: Sequence[Finding], infos: Mapping[str, RuleInfo], markdown: bool) -> types.MarkupContent | None:
    parts: list[str] = []
    for rule_id in dict.fromkeys(f.rule_id for f in findings):
        info = infos.get(rule_id)
        if info is None:
            continue
        text, rendered = rule_help(info)
        title = f"# {rule_id}" if markdown else rule_id
        suppress = f"Silence one finding with `# redline: ignore[{rule_id}] <reason>`." if markdown else f"Silence one finding with # redline: ignore[{rule_id}] <reason>."
        parts.append(f"{title}\n\n{rendered if markdown else text}\n\n{suppress}")
    if not parts:
        return None
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.MarkupContent(kind=kind, value=("\n\n---\n\n" if markdown else "\n\n").join(parts))
