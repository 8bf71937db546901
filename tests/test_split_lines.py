"""split_lines takes a fast path (str.split) when the text has no lone carriage return; it
must cut exactly where LSP does (\\r\\n, \\r, \\n; never \\f or the other Unicode breaks that
str.splitlines knows), the last line kept even when empty."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from redline.engine.lines import split_lines

LSP_BREAKS = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")  # the definition: after \n, after a \r not before \n


@given(st.lists(st.sampled_from(["a", "def f():", "\n", "\r\n", "\r", "\f", "\v", "\u2028", "\x85", " "]), max_size=12))
@example(["a", "\r", "\r\n", "b"])
def test_lines_are_cut_where_lsp_cuts_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert split_lines(text) == LSP_BREAKS.split(text)


@pytest.mark.parametrize(
    ("text", "lines"),
    [("", [""]), ("a\n", ["a\n", ""]), ("a\r\nb", ["a\r\n", "b"]), ("a\rb\n", ["a\r", "b\n", ""]), ("a\fb\u2028c", ["a\fb\u2028c"])],
)
def test_known_cuts(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines
