"""unit_reparse.DEFINES finds the names `def` defines as `\\bdef\\s+([^\\W\\d]\\w*)` does: it is written
with the word boundary as a look-behind after the literal `def` so that `re` searches for the
literal first (the keystroke path runs it over a whole class member: ~1 ms over an 880-line
block of methods, ~0.05 ms so). Texts of words around `def` (inside other words, at the
text's start, after digits, non-ASCII letters and line breaks) find the same names."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from redline.engine.unit_reparse import DEFINES

BOUNDARY_FIRST = re.compile(r"\bdef\s+([^\W\d]\w*)")
PARTS = st.sampled_from(["def", "undef", "_def", "def_", "ü", "über", "1", "x", "_", " ", "\t", "\n", "(", ".", "#", "def def", "ßdef"])


@given(st.lists(PARTS, max_size=12).map("".join))
@example("def f():\n    pass\n")
@example("undef def foo")
@example("x=1;def\ng")
@example("ädef f")
@example("1def f")
def test_defines_finds_what_the_word_boundary_pattern_finds(text: str) -> None:
    assert DEFINES.findall(text) == BOUNDARY_FIRST.findall(text)
