"""The data every other part of Redline speaks: rules as loaded, findings as reported.

Kept free of LibCST and of any I/O so reports, the CLI, the cache and the language
server can all depend on it without pulling in the matcher.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How bad a finding is if it is real. Ordered, so filters can compare."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """Accept Redline's names and Semgrep's (ERROR/WARNING/INFO) in any case."""
        key = text.strip().upper()
        key = {"ERROR": "HIGH", "WARNING": "MEDIUM", "INFO": "LOW"}.get(key, key)
        try:
            return cls[key]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (use critical, high, medium, low, "
                "or Semgrep's ERROR, WARNING, INFO)"
            ) from None


class Confidence(enum.IntEnum):
    """How sure the rule is that a match is a real problem."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Confidence":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown confidence {text!r} (use high, medium or low)") from None


class Tier(str, enum.Enum):
    """`vuln`: likely exploitable, on by default. `audit`: risky API worth a look."""

    VULN = "vuln"
    AUDIT = "audit"


class FixSafety(str, enum.Enum):
    """`safe` fixes may be applied in bulk; `offer-only` ones only when chosen."""

    SAFE = "safe"
    OFFER_ONLY = "offer-only"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a text: 1-based line, 0-based column counted in code points."""

    line: int
    column: int


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range [start, end) of a text, in code points."""

    start: Position
    end: Position

    def to_dict(self) -> dict[str, int]:
        return {
            "start_line": self.start.line,
            "start_column": self.start.column,
            "end_line": self.end.line,
            "end_column": self.end.column,
        }

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> "Span":
        return cls(
            Position(data["start_line"], data["start_column"]),
            Position(data["end_line"], data["end_column"]),
        )


@dataclass(frozen=True)
class TextEdit:
    """Replace the text in `span` by `new_text` (an insertion has an empty span)."""

    span: Span
    new_text: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "new_text": self.new_text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TextEdit":
        return cls(Span.from_dict(data), data["new_text"])


@dataclass(frozen=True)
class Fix:
    """A rule's rewrite for one finding: the edits, what they do, and how safe they are."""

    title: str
    safety: FixSafety
    edits: tuple[TextEdit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "safety": self.safety.value,
            "edits": [edit.to_dict() for edit in self.edits],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Fix":
        return cls(
            data["title"],
            FixSafety(data["safety"]),
            tuple(TextEdit.from_dict(e) for e in data["edits"]),
        )


@dataclass(frozen=True)
class FixTemplate:
    """One fix a rule offers, before it is rendered for a match: a rule may offer several
    (its `fix`, then each of `redline.alternative-fixes`), as separate choices."""

    template: str
    title: str
    safety: FixSafety
    imports: tuple[str, ...] = ()
    # "replace": the rendered template replaces the reported code; "before-statement": it is
    # inserted as a new line above the statement holding the match, at the same indentation
    # (a call that must run before that statement, such as a monkey-patch before an import).
    placement: str = "replace"


@dataclass(frozen=True)
class RelatedLocation:
    """Another place that explains a finding (a step of a data-flow path)."""

    span: Span
    message: str
    cell: int | None = None  # in a notebook: the cell (1-based) whose lines `span` counts

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "message": self.message, **({"cell": self.cell} if self.cell is not None else {})}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RelatedLocation":
        return cls(Span.from_dict(data), data["message"], data.get("cell"))


@dataclass(frozen=True)
class Finding:
    """One reported problem. `path` is as the user named it (relative where possible)."""

    rule_id: str
    message: str
    severity: Severity
    confidence: Confidence
    cwe: int | None
    path: str
    span: Span
    fingerprint: str
    fix: Fix | None = None  # the primary fix: the one `--unsafe-fixes` and fix-all consider
    related: tuple[RelatedLocation, ...] = ()
    # The line span of the whole statement the finding is in; suppressions may sit on any of it.
    statement_lines: tuple[int, int] | None = None
    # Pattern rules whose finding at this sink this (taint) finding stands for; a suppression
    # naming one of them suppresses this finding too.
    covers: tuple[str, ...] = ()
    # Other fixes a person may choose instead of `fix` (never applied in bulk).
    alternatives: tuple[Fix, ...] = ()
    # In a notebook (.ipynb): the cell (1-based, counting every cell) whose lines `span` counts.
    cell: int | None = None

    @property
    def fixes(self) -> tuple[Fix, ...]:
        """Every fix offered for this finding, the primary first."""
        return ((self.fix,) if self.fix is not None else ()) + self.alternatives

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids this finding answers to (its own first)."""
        return (self.rule_id, *self.covers)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.cell or 0, self.span.start, self.span.end, self.rule_id, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "message": self.message,
            "severity": self.severity.label,
            "confidence": self.confidence.label,
            "cwe": self.cwe,
            "path": self.path,
            **self.span.to_dict(),
            "fingerprint": self.fingerprint,
            "fix": self.fix.to_dict() if self.fix else None,
            "fixes": [fix.to_dict() for fix in self.fixes],
            "related": [r.to_dict() for r in self.related],
            "statement_lines": list(self.statement_lines) if self.statement_lines else None,
            "covers": list(self.covers),
            **({"cell": self.cell} if self.cell is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        lines = data.get("statement_lines")
        return cls(
            rule_id=data["rule_id"],
            message=data["message"],
            severity=Severity.parse(data["severity"]),
            confidence=Confidence.parse(data["confidence"]),
            cwe=data["cwe"],
            path=data["path"],
            span=Span.from_dict(data),
            fingerprint=data["fingerprint"],
            fix=Fix.from_dict(data["fix"]) if data.get("fix") else None,
            related=tuple(RelatedLocation.from_dict(r) for r in data.get("related", ())),
            statement_lines=(lines[0], lines[1]) if lines else None,
            covers=tuple(data.get("covers", ())),
            alternatives=tuple(Fix.from_dict(f) for f in data.get("fixes", ())[1:]),
            cell=data.get("cell"),
        )


@dataclass(frozen=True)
class RuleDocs:
    """Documentation in the style of ruff's rule pages."""

    what_it_does: str = ""
    why_is_this_bad: str = ""
    example: str = ""
    use_instead: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleInfo:
    """Everything about a rule except its compiled patterns: what reports and docs need."""

    id: str
    message: str
    severity: Severity
    confidence: Confidence
    cwe: int | None
    cwe_title: str
    tier: Tier
    family: str
    source: str  # the file the rule was loaded from
    docs: RuleDocs = field(default_factory=RuleDocs)
    fix_template: str | None = None
    fix_title: str | None = None
    fix_safety: FixSafety = FixSafety.SAFE
    fix_imports: tuple[str, ...] = ()
    fix_placement: str = "replace"  # `redline.fix-placement`, see FixTemplate.placement
    alternative_fixes: tuple[FixTemplate, ...] = ()  # `redline.alternative-fixes`, offered besides `fix`
    applies_to_tests: bool = True
    bandit: tuple[str, ...] = ()
    ruff: tuple[str, ...] = ()
    owasp: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()  # catalogue rows covered (rules/CATALOGUE.md)
    refined_by: str | None = None  # the taint rule that decides this pattern rule's sinks (refinement.py)
    kept_when_clean: bool = False  # `covered-by`: the API is the problem, a clean value does not clear it

    @property
    def has_fix(self) -> bool:
        return self.fix_template is not None

    @property
    def fix_templates(self) -> tuple[FixTemplate, ...]:
        """Every fix the rule offers, its `fix` first."""
        if self.fix_template is None:
            return ()
        primary = FixTemplate(self.fix_template, self.fix_title or f"Apply the fix for {self.id}", self.fix_safety, self.fix_imports, self.fix_placement)
        return (primary, *self.alternative_fixes)

    @property
    def help_uri(self) -> str | None:
        """A public page about the weakness (the CWE entry); `redline explain` has the rest."""
        if self.cwe is None:
            return None
        return f"https://cwe.mitre.org/data/definitions/{self.cwe}.html"
