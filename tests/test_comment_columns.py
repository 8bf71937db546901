"""Comment columns kept across edits (suppressions.CommentColumns) equal a scan of the whole
text after every edit, whether the edit was scanned alone (it starts and ends outside strings)
or the whole text again."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from redline.engine.lines import Stripped
from redline.engine.source_scan import scan
from redline.engine.suppressions import Comment, CommentColumns, _redline_comments
from redline.engine.units import Change, TextBuffer

TEXT = '''import os
x = "a # not a comment"  # a comment
def f(a):
    """Docstring # no comment
    still inside 'quotes'
    """
    y = 'it''s' + "\\\\"  # noqa: S1
    z = "line one \\
# inside the continued string"
    return a  # redline: ignore[eval-used] why
'''
PIECES = [" ", "x", "#", "# c", '"', "'", '"""', "'''", "\\", "\n", "\r\n", '"s"', "'s'", "😀", "", "# redline: ignore[a-b] r", "e]"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 2), st.sampled_from(PIECES)), min_size=1, max_size=10))
@example([(0.1, 0.9, 0, " ")])  # a space on a line holding quotes and a comment: scanned alone
@example([(0.4, 0.3, 0, '"""')])  # a docstring opened: every comment below is inside it
@example([(0.0, 0.0, 0, '"""'), (0.25, 0.0, 0, "\n"), (0.0, 0.0, 2, " ")])  # a line break typed inside a string
def test_columns_kept_across_edits_equal_a_whole_scan(edits: list[tuple[float, float, int, str]]) -> None:
    buffer = TextBuffer(TEXT)
    columns = CommentColumns()
    columns.of(Stripped(buffer.lines))
    for line_at, column_at, span, piece in edits:
        line = int(line_at * (len(buffer.lines) - 1))
        column = int(column_at * len(buffer.line_text(line)))
        end = min(line + span, len(buffer.lines) - 1)
        first, _old_last, new_last, removed = buffer.apply(Change((line, column), (end, column), piece))
        columns.edited(first, removed, buffer.lines[first : new_last + 1])
        lines = Stripped(buffer.lines)
        assert columns.of(lines) == scan("\n".join(lines)).comments, buffer.text
        assert _read(columns.redline(lines)) == _read(_redline_comments(lines, scan("\n".join(lines)).comments)), buffer.text


def _read(comments: dict[int, Comment]) -> list[tuple]:
    """What the suppression comments say (the columns' `redline`, kept while no comment line
    changes, and `_redline_comments` over a whole scan), none used yet."""
    return [(line, c.line, c.column, c.ids, c.reason, c.used) for line, c in sorted(comments.items())]


def test_a_space_on_a_line_with_quotes_keeps_the_other_lines() -> None:
    """The edit that used to have the whole text scanned again: the columns stay known."""
    buffer = TextBuffer(TEXT)
    columns = CommentColumns()
    columns.of(Stripped(buffer.lines))
    first, _old_last, new_last, removed = buffer.apply(Change((1, 0), (1, 0), " "))
    columns.edited(first, removed, buffer.lines[first : new_last + 1])
    assert columns._columns is not None
    lines = Stripped(buffer.lines)
    assert columns.of(lines) == scan("\n".join(lines)).comments
