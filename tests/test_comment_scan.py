"""source_scan.comment_columns finds the comments scan() finds, jumping from comment to
string instead of visiting every line and bracket (sparse parsing's without_comments)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from redline.engine.source_scan import comment_columns, scan

PIECES = ["#", "# x", "'", '"', "'''", '"""', "r'", "b\"", "rb'''", "f\"", "\\", "\\\n", "\n", "\r\n", "(", ")", "[", "]", "x", " ", "u", "bu\"", "=", "'#'"]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
@example(["x", "=", "'''", "\n", "#", "'''", "\n", "#", "\n", "y", "# x"])
@example(["'", "\\", "\n", "#", "'", "\n", "#"])
@example(["'''", "'", "#", "\n", "x", "\\"])  # a quote closing no triple-quoted string, a backslash last
def test_the_same_comments_as_the_full_scan(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert comment_columns(text) == scan(text).comments


def test_comments_after_strings_spanning_lines() -> None:
    text = 'a = """\n# not one\n"""  # one\nb = (1,\n     2)  # two\n'
    assert comment_columns(text) == {3: 5, 5: 9}
