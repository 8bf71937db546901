"""A pattern rule's focus in another unit (`jwt.decode(..., options=SKIP)` in a function, the
finding on `False` in `SKIP = {...}` above or below it): the finding belongs to the unit it
was matched in, its range to the unit holding the focus, and lines typed or removed between
the two, or edits in either, leave exactly what a from-scratch analysis finds."""

from __future__ import annotations

import os

import pytest

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="tokens.py")

TEXT = '''import jwt

SKIP = {"verify_signature": False}


def current_user(token):
    return jwt.decode(token, options=SKIP)


class Auth:
    def user(self, token):
        return jwt.decode(token, options=LATER)


LATER = {"verify_signature": False}
'''

# (text before, text after): each edit replaces the one place holding `before`
EDITS = [
    ("False}\n\n", "False}\n\n\n"),  # a line typed between SKIP and the function
    ("False}\n\n\n", "False}\n\nx = 1\n"),
    ("x = 1\n", "x = 1\n# note\n"),
    ("\nx = 1\n# note\n", "\n"),  # both removed
    ("False}\n\n", "False}\n"),  # a blank line removed
    ("(token, options=SKIP", "(token,  options=SKIP"),  # a space in the call: the function is checked again
    ("current_user(token)", "current_user(tokenx)"),  # a name keystroke in the function's parameter
    ("current_user(tokenx)", "current_user(token)"),
    ("LATER)\n", "LATER)\n\n\n"),  # lines between the method and LATER
    ("class Auth:\n", "class Auth:\n    other = 1\n"),  # a class member typed above the method
    ("False}\n\n", "False}  \n\n"),  # spaces at the end of SKIP's line
    ("import jwt\n", "import os\n\nimport jwt\n"),  # lines above everything
]


def change_for(text: str, before: str, after: str) -> tuple[tuple[int, int], tuple[int, int], str]:
    """The change turning the one place of `before` in `text` into `after`, as an editor sends
    it: (start, end, new text), only what differs, in (line, column) of ASCII text."""
    assert text.count(before) == 1, before
    same = len(os.path.commonprefix([before, after]))
    tail = len(os.path.commonprefix([before[same:][::-1], after[same:][::-1]]))
    start = text.index(before) + same
    end = start + len(before) - same - tail

    def place(offset: int) -> tuple[int, int]:
        return text.count("\n", 0, offset), offset - text.rfind("\n", 0, offset) - 1

    return place(start), place(end), after[same : len(after) - tail]


def constant_lines(text: str) -> list[int]:
    """The (1-based) lines of the constants turning verification off: where the findings go."""
    return [number for number, row in enumerate(text.split("\n"), 1) if '"verify_signature": False' in row]


def _lines(document: IncrementalDocument) -> list[int]:
    return [f.span.start.line for f in document.findings() if f.rule_id == "jwt-decode-no-verify"]


@pytest.mark.parametrize("count", range(1, len(EDITS) + 1))
def test_edits_between_the_match_and_its_focus(engine: Engine, count: int) -> None:
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    assert _lines(document) == [3, 15]
    for before, after in EDITS[:count]:
        document.apply([Change(*change_for(document.text, before, after))])
        assert_same_as_scratch(document)
    assert _lines(document) == constant_lines(document.text)
    assert document.stats.full_parses == 1
