"""Suppression comments: `# redline: ignore[ID, ID2] reason`, and optionally nosec / noqa.

A suppression may sit on any line of the reported statement (multi-line calls included).
A bare `# redline: ignore` names no rule, so it suppresses nothing and is reported itself;
the reason text after the bracket is free prose and is never read as rule ids.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

from .model import Confidence, Finding, Position, RuleDocs, RuleInfo, Severity, Span, Tier
from .source_scan import scan

_REDLINE = re.compile(r"#\s*redline\s*:\s*ignore\b(?P<rest>.*)$", re.IGNORECASE)
_IDS = re.compile(r"^\[(?P<ids>[^\]]*)\](?P<reason>.*)$")
_NOSEC = re.compile(r"#\s*nosec\b(?P<codes>(?:[\s,:]*B\d{3})*)", re.IGNORECASE)
_NOQA = re.compile(r"#\s*noqa\b(?::\s*(?P<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*))?", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+\d+", re.IGNORECASE)


def _meta_rule(rule_id: str, message: str, what: str, why: str) -> RuleInfo:
    return RuleInfo(
        id=rule_id, message=message, severity=Severity.LOW, confidence=Confidence.HIGH, cwe=None,
        cwe_title="", tier=Tier.VULN, family="redline", source="<redline>",
        docs=RuleDocs(what_it_does=what, why_is_this_bad=why),
    )


INVALID_SUPPRESSION = _meta_rule(
    "invalid-suppression",
    "`# redline: ignore` must name the rules it silences, e.g. `# redline: ignore[eval-used] reason`",
    "Reports suppression comments that name no rule id.",
    "A blanket ignore hides every present and future finding on the line; naming the rule keeps the silence narrow and reviewable.",
)
MISSING_REASON = _meta_rule(
    "suppression-without-reason",
    "suppression of $IDS has no reason; write why after the bracket",
    "Reports `# redline: ignore[ID]` comments without a reason when the configuration requires one.",
    "A reason tells reviewers why the finding is acceptable here.",
)
UNUSED_SUPPRESSION = _meta_rule(
    "unused-suppression",
    "suppression of $IDS matches no finding on this statement",
    "Reports suppression comments whose rules did not fire on their statement.",
    "Stale suppressions would silently hide a future real finding.",
)
META_RULES = {rule.id: rule for rule in (INVALID_SUPPRESSION, MISSING_REASON, UNUSED_SUPPRESSION)}


@dataclass
class Comment:
    """A suppression comment found on one line."""

    line: int
    column: int
    ids: tuple[str, ...]
    reason: str
    used: set[str] = field(default_factory=set)


def comment_start(line: str) -> int:
    """Column of the `#` that starts a comment on this line, or -1 (quotes are respected)."""
    quote: str | None = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote is not None:
            if char == "\\":
                index += 2
                continue
            if line.startswith(quote, index):
                index += len(quote)
                quote = None
                continue
        elif char in "\"'":
            quote = char * 3 if line.startswith(char * 3, index) else char
            index += len(quote)
            continue
        elif char == "#":
            return index
        index += 1
    return -1


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """Lines as Python counts them: only \\r\\n, \\r and \\n end a line (not form feeds)."""
    return _LINE_BREAK.split(text)


def parse_redline_comment(line_text: str, line: int, start: int | None = None) -> Comment | None:
    """The `# redline: ignore` comment of a line; `start` is where its comment begins, if known."""
    if start is None:
        start = comment_start(line_text)
    if start < 0:
        return None
    match = _REDLINE.search(line_text, start)
    if match is None:
        return None
    rest = match.group("rest").strip()
    ids_match = _IDS.match(rest)
    if ids_match is None:
        return Comment(line, match.start(), (), rest)
    ids = tuple(part.strip() for part in ids_match.group("ids").split(",") if part.strip())
    return Comment(line, match.start(), ids, ids_match.group("reason").strip())


@dataclass
class SuppressionOptions:
    nosec: bool = False
    noqa: bool = False
    require_reason: bool = False
    report_unused: bool = False


@dataclass
class SuppressionResult:
    kept: list[Finding]
    suppressed: list[Finding]
    problems: list[Finding]


def apply_suppressions(
    findings: Sequence[Finding],
    lines: Sequence[str],
    rules: Mapping[str, RuleInfo],
    options: SuppressionOptions,
    path: str,
    columns: "CommentColumns | None" = None,
) -> SuppressionResult:
    """Split findings into kept and suppressed, and report problems with the comments.
    `columns`, kept by an edited document, spares scanning the whole text again."""
    if columns is not None:
        comment_columns = columns.of(lines)
        comments = columns.redline(lines)
    else:
        comment_columns = scan("\n".join(lines)).comments if _may_have_comments(lines, options) else {}
        comments = _redline_comments(lines, comment_columns)
    compat = options.nosec or options.noqa
    if not comments and not compat:  # nothing can be suppressed (the editor asks per keystroke)
        return SuppressionResult(list(findings), [], [])
    commented = sorted(comments)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        first, last = finding.statement_lines or (finding.span.start.line, finding.span.end.line)
        at = bisect.bisect_left(commented, first)  # a statement spans many lines, few hold a comment
        if (at < len(commented) and commented[at] <= last and _suppressed_by_redline(finding, comments, commented[at:bisect.bisect_right(commented, last)])) or compat and any(
            _suppressed_by_compat(finding, lines, comment_columns, rules.get(rule_id), options, first, last)
            for rule_id in finding.ids
        ):
            suppressed.append(finding)
        else:
            kept.append(finding)
    return SuppressionResult(kept, suppressed, _problems(comments, lines, options, path))


class CommentColumns:
    """Where the comments of an edited text start (line, 1-based -> column of `#`), kept
    across edits: an edit within one line whose old and new text hold no `#`, quote or
    backslash moves no comment and no string boundary. Any other is scanned alone when it
    starts and ends outside strings before and after (a space typed on a line holding
    quotes, a line break typed outside strings): the lines around it keep their comments.
    Any other edit scans the whole text again when the columns are next asked for."""

    _MOVERS = ("#", "'", '"', "\\")

    def __init__(self) -> None:
        self._columns: dict[int, int] | None = None
        self._inside: set[int] = set()  # lines that start inside a string
        self._redline: tuple[dict[int, int], dict[int, Comment]] | None = None  # the columns read, their `redline`

    def edited(self, first: int, removed: Sequence[str], added: Sequence[str]) -> None:
        """Lines from `first` (0-based), `removed`, became `added`."""
        if self._columns is None:
            return
        delta, below = len(added) - len(removed), first + len(removed)  # 1-based lines past the edit

        def move(line: int) -> int:
            return line + delta if line > below else line

        # Line breaks added or removed inside a string change which lines start inside it:
        # such an edit is scanned as one holding quotes is.
        if len(removed) == len(added) == 1 and not any(mark in line for line in (*removed, *added) for mark in self._MOVERS):
            return  # no comment nor string boundary moved, no line either
        local = scan("\n".join(line.rstrip("\r\n") for line in added) + "\n")
        if first + 1 in self._inside or below + 1 in self._inside or len(added) + 1 in local.inside:
            self._columns = None  # a string may start or end in it: the whole text is scanned
            return
        columns = {move(line): column for line, column in self._columns.items() if not first < line <= below}
        columns.update((first + line, column) for line, column in local.comments.items())
        self._columns = columns
        self._inside = {move(line) for line in self._inside if not first < line <= below} | {first + line for line in local.inside}

    def of(self, lines: Sequence[str]) -> dict[int, int]:
        """The columns for `lines` (the current text's lines without their endings)."""
        if self._columns is None:
            found = scan("\n".join(lines))
            self._columns, self._inside = found.comments, found.inside
        return self._columns

    def redline(self, lines: Sequence[str]) -> dict[int, Comment]:
        """The suppression comments of `lines` (`_redline_comments`), read again only when the
        columns change: an edit of a line holding a `#` makes new ones (`edited`), any other
        leaves every comment line as it was. The editor asks per keystroke; reading the
        comment lines of a 5,002-line file cost ~0.27 ms. Fresh objects per call: a call
        notes in `used` the rules each comment suppressed."""
        columns = self.of(lines)
        if self._redline is None or self._redline[0] is not columns:
            self._redline = (columns, _redline_comments(lines, columns))
        return {line: replace(comment, used=set()) for line, comment in self._redline[1].items()}


def _may_have_comments(lines: Sequence[str], options: SuppressionOptions) -> bool:
    """Scanning is skipped for files that cannot contain a suppression comment."""
    markers = ["redline"] + (["nosec"] if options.nosec else []) + (["noqa"] if options.noqa else [])
    return any(marker in line.lower() for line in lines for marker in markers if "#" in line)


def _redline_comments(lines: Sequence[str], columns: Mapping[int, int]) -> dict[int, Comment]:
    comments: dict[int, Comment] = {}
    for number, column in columns.items():
        text = lines[number - 1]
        if "redline" in text.lower():
            comment = parse_redline_comment(text, number, column)
            if comment is not None:
                comments[number] = comment
    return comments


def _suppressed_by_redline(finding: Finding, comments: Mapping[int, Comment], lines: Sequence[int]) -> bool:
    """Whether a comment on one of `lines` (the finding's statement's, holding one) names it."""
    hit = False
    for line in lines:
        comment = comments[line]
        for rule_id in finding.ids:  # a taint finding also answers to the pattern ids it covers
            if rule_id in comment.ids:
                comment.used.add(rule_id)
                hit = True
    return hit


def _suppressed_by_compat(
    finding: Finding,
    lines: Sequence[str],
    columns: Mapping[int, int],
    info: RuleInfo | None,
    options: SuppressionOptions,
    first: int,
    last: int,
) -> bool:
    if info is None or not (options.nosec or options.noqa):
        return False
    for line in range(first, min(last, len(lines)) + 1):
        start = columns.get(line)
        if start is None:
            continue
        comment = lines[line - 1][start:]
        if options.nosec:
            match = _NOSEC.search(comment)
            if match is not None:
                codes = {c.upper() for c in _CODE.findall(match.group("codes") or "")}
                if not codes or codes & set(info.bandit):
                    return True
        if options.noqa:
            match = _NOQA.search(comment)
            if match is not None:
                codes = {c.upper() for c in _CODE.findall(match.group("codes") or "")}
                if not codes or codes & set(info.ruff):
                    return True
    return False


def _problems(comments: Mapping[int, Comment], lines: Sequence[str], options: SuppressionOptions, path: str) -> list[Finding]:
    problems: list[Finding] = []
    for comment in comments.values():
        ids_text = ", ".join(comment.ids)
        if not comment.ids:
            problems.append(_problem(INVALID_SUPPRESSION, INVALID_SUPPRESSION.message, comment, lines, path))
        elif options.require_reason and not comment.reason:
            problems.append(_problem(MISSING_REASON, MISSING_REASON.message.replace("$IDS", ids_text), comment, lines, path))
        if options.report_unused and comment.ids:
            unused = [rule_id for rule_id in comment.ids if rule_id not in comment.used]
            if unused:
                message = UNUSED_SUPPRESSION.message.replace("$IDS", ", ".join(unused))
                problems.append(_problem(UNUSED_SUPPRESSION, message, comment, lines, path))
    return problems


def _problem(info: RuleInfo, message: str, comment: Comment, lines: Sequence[str], path: str) -> Finding:
    end = len(lines[comment.line - 1].rstrip("\r\n"))
    span = Span(Position(comment.line, comment.column), Position(comment.line, end))
    return Finding(
        rule_id=info.id, message=message, severity=info.severity, confidence=info.confidence,
        cwe=None, path=path, span=span,
        fingerprint=f"{info.id}:{comment.line}", statement_lines=(comment.line, comment.line),
    )
