"""The engine's own report kinds (syntax and read errors, a rule that failed, suppression
problems), in a module without LibCST, so that a run answered from the cache never imports it."""

from __future__ import annotations

from .model import Confidence, Finding, Position, RuleDocs, RuleInfo, Severity, Span, Tier
from .suppressions import META_RULES


def _error_rule(rule_id: str, message: str, what: str) -> RuleInfo:
    return RuleInfo(
        id=rule_id, message=message, severity=Severity.HIGH, confidence=Confidence.HIGH, cwe=None,
        cwe_title="", tier=Tier.VULN, family="redline", source="<redline>",
        docs=RuleDocs(what_it_does=what, why_is_this_bad="Redline could not check this file, so any problem in it goes unreported."),
    )


SYNTAX_ERROR = _error_rule("syntax-error", "syntax error: $DETAIL", "Reports files that do not parse as Python.")
READ_ERROR = _error_rule("read-error", "cannot read file: $DETAIL", "Reports files that cannot be read or decoded.")
RULE_ERROR = _error_rule("rule-error", "rule $RULE failed on this file and was skipped: $DETAIL", "Reports a rule that raised an error on a file.")
ERROR_RULES = {rule.id: rule for rule in (SYNTAX_ERROR, READ_ERROR, RULE_ERROR)}
ENGINE_RULES: dict[str, RuleInfo] = {**ERROR_RULES, **META_RULES}


def error_finding(info: RuleInfo, path: str, line: int, column: int, **details: str) -> Finding:
    message = info.message
    for name, value in details.items():
        message = message.replace(f"${name.upper()}", value)
    position = Position(max(line, 1), max(column, 0))
    return Finding(
        rule_id=info.id, message=message, severity=info.severity, confidence=info.confidence,
        cwe=None, path=path, span=Span(position, position), fingerprint=f"{info.id}:{path}",
        statement_lines=(position.line, position.line),
    )
