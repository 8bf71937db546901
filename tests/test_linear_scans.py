"""The regular expressions run over the checked text take linear time on any text: the text
is typed live and untrusted, and the server must never hang on it. Each pattern rewritten for
that is compared with a hand-written scan of what it should find, and a text that made it
take quadratic time is analysed in a subprocess with a timeout."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from redline.engine.text_buffer import _BRACKET_SCAN

_PREFIX = "rbuRBUfF"


def _string_end(text: str, quote_at: int) -> int:
    """Where the string whose quote is at `quote_at` ends: after its closing quotes; an
    unclosed triple-quoted one is read as an empty string then a single-quoted one; a
    single-quoted one stops at its closing quote, else before its line's break (a backslash
    takes the character after it, a line break too)."""
    quote = text[quote_at]
    if text.startswith(quote * 3, quote_at):
        close = text.find(quote * 3, quote_at + 3)
        if close >= 0:
            return close + 3
    at = quote_at + 1
    while at < len(text) and text[at] not in (quote, "\r", "\n"):
        at += 2 if text[at] == "\\" else 1
    at = min(at, len(text))
    return at + 1 if at < len(text) and text[at] == quote else at


def _brackets_scanned(text: str) -> list[int]:
    """The places of the brackets outside comments and strings, read by hand."""
    found, at = [], 0
    while at < len(text):
        char = text[at]
        if char == "#":
            while at < len(text) and text[at] not in "\r\n":
                at += 1
            continue
        quote_at = at
        while quote_at < len(text) and quote_at - at < 2 and text[quote_at] in _PREFIX:
            quote_at += 1
        if quote_at < len(text) and text[quote_at] in "'\"":
            at = _string_end(text, quote_at)
            continue
        if char in "()[]{}":
            found.append(at)
        at += 1
    return found


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="'\"\\#()[]rbx \r\n", max_size=30))
@example('x = "\\"(\\"\n(')
@example("'a\\\n(' (")
@example('"""(""(\n(')
@example("rrb'(' (")
@example('"(\\')
def test_the_brackets_counted_are_those_outside_comments_and_strings(text: str) -> None:
    """text_buffer._BRACKET_SCAN (the nesting guard before every parse) finds the brackets a
    hand-written reading of comments and strings leaves outside them."""
    assert [m.start() for m in _BRACKET_SCAN.finditer(text) if m.group() in "()[]{}"] == _brackets_scanned(text)


_FIRST_OPEN = """
import sys
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_files import builtin_rules_dir
from redline.engine.rule_loader import load_rules
from redline.engine.units import IncrementalDocument
document = IncrementalDocument(Engine(load_rules([builtin_rules_dir()])[0]), sys.stdin.read(), AnalysisOptions(path="views.py"))
print([(e.rule_id, e.span.start.line) for e in document.errors()])
"""


def test_a_long_unclosed_string_of_escaped_quotes_is_read_at_once() -> None:
    """A line opening a string of 50,000 escaped quotes it never closes, in a text of more
    than 200 brackets (two lines nesting 150, so the nesting guard counts them): its syntax
    error is reported at once. Before, the guard tried the string again from each escaped
    quote, each time to the line's end: quadratic, ~2 s of CPU at 8,000 quotes (the timeout)."""
    text = 'import os\nx = "' + '\\"' * 50_000 + "\ny = " + "(" * 150 + "1" + ")" * 150 + "\n" + "z = " + "[" * 150 + "1" + "]" * 150 + "\nos.system(x)\n"
    done = subprocess.run([sys.executable, "-c", _FIRST_OPEN], input=text, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('syntax-error', 2)]"
