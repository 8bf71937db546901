"""Code actions: the rule's fix, suppress on this line, suppress in this file, fix all.

Edits are built in code points on the analysed text, then converted by the document's codec.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from redline.config import PYPROJECT_FILE, Config
from redline.engine.edits import apply_fixes
from redline.engine.model import Finding, FixSafety, Position, Span, TextEdit
from redline.engine.suppressions import comment_start, parse_redline_comment

REASON_PLACEHOLDER = "<reason>"
FIX_ALL_KIND = "source.fixAll.redline"


def suppression_edit(lines: Sequence[str], finding: Finding) -> TextEdit:
    """`# redline: ignore[ID] <reason>` on the statement: merged into an existing Redline
    comment on any of its lines, else appended to its last line (a comment always fits
    there, even for a multi-line call), after any other comment such as `# noqa`."""
    first, last = finding.statement_lines or (finding.span.start.line, finding.span.end.line)
    last = min(last, len(lines))
    for number in range(first, last + 1):
        text = lines[number - 1]
        comment = parse_redline_comment(text, number)
        if comment is None:
            continue
        if comment.ids:
            if finding.rule_id in comment.ids:
                break
            close = text.index("]", comment.column)
            at = Position(number, close)
            return TextEdit(Span(at, at), f", {finding.rule_id}")
        span = Span(Position(number, comment.column), Position(number, len(text)))
        return TextEdit(span, f"# redline: ignore[{finding.rule_id}] {comment.reason or REASON_PLACEHOLDER}")
    text = lines[last - 1] if last >= 1 else ""
    at = Position(max(last, 1), len(text))
    gap = "" if not text.strip() else " " if text.endswith(" ") else "  "
    return TextEdit(Span(at, at), f"{gap}# redline: ignore[{finding.rule_id}] {REASON_PLACEHOLDER}")


def fix_all(text: str, findings: Sequence[Finding]) -> str | None:
    """The text with every safe fix applied, or None when there is nothing to fix."""
    fixed, applied = apply_fixes(text, findings)
    return fixed if applied else None


def file_suppression(config: Config, document: Path, rule_id: str, root: Path) -> tuple[Path, str, TextEdit | None] | None:
    """Where and what to write so `rule_id` is ignored in `document` (per-file-ignores).

    Returns (config file, its current text or "" when it must be created, the edit), or None
    when the table cannot be edited safely as text (an inline table, say).
    """
    target = config.source or root / "redline.toml"
    base = config.base if config.source else root
    try:
        relative = document.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = document.name
    entry = f'"{relative}" = ["{rule_id}"]\n'
    header = "[tool.redline.per-file-ignores]" if target.name == PYPROJECT_FILE else "[per-file-ignores]"
    if not target.exists():
        return target, "", TextEdit(Span(Position(1, 0), Position(1, 0)), f"{header}\n{entry}")
    try:
        current = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = current.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip() == header:
            at = Position(number + 1, 0)
            return target, current, TextEdit(Span(at, at), entry)
    if "per-file-ignores" in current:
        return None
    end = Position(len(lines) + 1, 0) if current.endswith("\n") or not current else Position(len(lines), len(lines[-1]))
    prefix = "" if current.endswith("\n") or not current else "\n"
    return target, current, TextEdit(Span(end, end), f"{prefix}\n{header}\n{entry}")


def fix_kind_preferred(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.safety == FixSafety.SAFE


__all__ = ["FIX_ALL_KIND", "comment_start", "file_suppression", "fix_all", "fix_kind_preferred", "suppression_edit"]
