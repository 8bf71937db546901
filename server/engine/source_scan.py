"""One fast pass over source text that knows strings from comments from brackets.

Two questions need it before (or without) a parse: where real comments start (a `#` inside a
triple-quoted string is not a suppression comment), and how deeply brackets nest (LibCST's
native parser crashes the process on ~1,500 nested brackets; CPython itself refuses more
than 200, so deeper code is reported as a syntax error without parsing it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_BRACKET_DEPTH = 200  # CPython's limit ("too many nested parentheses")

_TOKEN = re.compile(r"""#|[rRbBuUfF]{0,2}(?:'''|\"\"\"|'|")|[(\[{]|[)\]}]|\n""")
_OPENERS = "([{"


@dataclass
class ScanResult:
    comments: dict[int, int] = field(default_factory=dict)  # line (1-based) -> column of `#`
    too_deep_at: tuple[int, int] | None = None  # where nesting first exceeded the limit
    inside: set[int] = field(default_factory=set)  # lines (1-based) that start inside a string


def scan(text: str, *, max_depth: int = MAX_BRACKET_DEPTH) -> ScanResult:
    """Comments and nesting of `text`; unterminated strings simply run to the end."""
    result = ScanResult()
    line = 1
    line_start = 0
    depth = 0
    position = 0
    length = len(text)
    while position < length:
        match = _TOKEN.search(text, position)
        if match is None:
            break
        token = match.group()
        start = match.start()
        if token == "\n":
            line += 1
            line_start = start + 1
            position = start + 1
        elif token == "#":
            result.comments[line] = start - line_start
            end = text.find("\n", start)
            position = length if end < 0 else end
        elif token[-1] in "'\"":
            quote = token.lstrip("rRbBuUfF")
            opened = line
            position, line, line_start = _skip_string(text, match.end(), quote, line, line_start)
            result.inside.update(range(opened + 1, line + 1))
        elif token in _OPENERS:
            depth += 1
            if depth > max_depth and result.too_deep_at is None:
                result.too_deep_at = (line, start - line_start)
            position = start + 1
        else:
            depth = max(depth - 1, 0)
            position = start + 1
    return result


# A run of code, then a comment (group 1), a string or the text's end: one match per comment
# or string, each string skipped whole inside the regex engine as `_skip_string` skips it (an
# escape takes the next character, a line break too; a one-line string ends, unclosed, at its
# line's end; a triple-quoted one at the text's end). Every match succeeds where it starts
# (the run of code stops at a `#` or a quote, each of which starts an alternative that
# matches), so nothing backtracks.
_COMMENTS = re.compile(
    r"""[^#'"]*(?:(#)[^\n]*"""
    r"""|'''[^'\\]*(?:(?:\\[\s\S]?|'(?!''))[^'\\]*)*(?:'''|\Z)"""
    r'''|"""[^"\\]*(?:(?:\\[\s\S]?|"(?!""))[^"\\]*)*(?:"""|\Z)'''
    r"""|'[^'\\\n]*(?:\\[\s\S]?[^'\\\n]*)*'?"""
    r"""|"[^"\\\n]*(?:\\[\s\S]?[^"\\\n]*)*"?|\Z)"""
)


def comment_columns(text: str) -> dict[int, int]:
    """`scan(text).comments`, found by one regex that skips code and strings: only the
    comments are visited, their lines counted from the last one's. Skipping each string with
    `_skip_string`'s searches cost ~26 ms CPU at first open of 10,031 lines; this ~6."""
    found: dict[int, int] = {}
    line, line_start, counted = 1, 0, 0  # `counted`: the newlines before it are in `line`
    for start in [match.start(1) for match in _COMMENTS.finditer(text)]:
        if start < 0:
            continue  # a string, or the text's end
        newlines = text.count("\n", counted, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, start) + 1
        counted = start
        found[line] = start - line_start
    return found


_STRING_STOPS = {quote: re.compile(r"\\|\n|" + re.escape(quote)) for quote in ("'", '"', "'''", '"""')}


def _skip_string(text: str, position: int, quote: str, line: int, line_start: int) -> tuple[int, int, int]:
    """The position after the closing quote (and the line bookkeeping of the newlines inside)."""
    stops = _STRING_STOPS[quote]
    single = len(quote) == 1
    while True:
        match = stops.search(text, position)
        if match is None:
            return len(text), line, line_start
        stop = match.group()
        if stop == "\\":
            if text.startswith("\n", match.end()):
                line += 1
                line_start = match.end() + 1
            position = match.end() + 1
        elif stop == "\n":
            if single:  # an unterminated one-line string ends at the line's end
                return match.start(), line, line_start
            line += 1
            line_start = match.end()
            position = match.end()
        else:
            return match.end(), line, line_start
