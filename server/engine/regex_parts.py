"""Words that every match of a regex must hold, so code lacking them is never tried.

`hardcoded-password` limits `$NAME = $VALUE` by a regex on `$NAME` ending in one of a choice
of words (`password`, `token`...): an assignment whose target names none of them cannot match,
so the rule index need not try the rule there (it was tried at every assignment of a file).
The same reading gives the strings a `requires-text` regex's matches hold (`user`, `==`), so
the lines lacking them are not searched (literal_lines.py).
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any, Callable

try:  # Python 3.11 renamed the module; its parse tree is the same
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_C = _sre_parse  # the opcodes (LITERAL, BRANCH...) are re-exported by the parser module
_WORD = re.compile(r"\w+", re.ASCII)


def required_words(pattern: str) -> frozenset[str] | None:
    """Lower-cased ASCII words one of which every match of `pattern` contains; None when no
    such choice is found. Read with Python's `re` parser (the `regex` module runs the rules'
    regexes; its version-0 syntax is `re`'s): a pattern it cannot read gives None. Lower-cased
    whatever the flags, so a test of lower-cased text against the words is never stricter
    than the regex (kept for ASCII text: `(?i)s` also matches `ſ`)."""
    return _required(pattern, _is_word)


# What `re` would read otherwise than `regex`: `\m`, `\p{..}`, `[[:alpha:]]`, fuzzy `{e<=1}`
# (to `re` a literal `{`), `(?V1)`, `(?r)`, `(?f)` (full case folding: `(?fi)ss` matches `ß`).
_REGEX_ONLY = re.compile(r"\\[mMpPXLKG]|\[\[:|\(\?\||\(\?[-a-zA-Z0-9]*[Vrfbe]|\{(?!\d*,?\d*\})")


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-cased ASCII strings without line breaks one of which every match of `pattern`
    contains (`==`, `$where`, words); None when no such choice is found or the pattern uses
    syntax that `re`'s parser would misread. A match in an ASCII line lowered holds one of
    them; a line holding other characters may match without (`(?i)s` matches `ſ`)."""
    if _REGEX_ONLY.search(pattern):
        return None
    return _required(pattern, _is_literal)


def _is_word(text: str) -> bool:
    return _WORD.fullmatch(text) is not None


def _is_literal(text: str) -> bool:
    return text.isascii() and "\n" not in text and "\r" not in text


def _required(pattern: str, accept: Callable[[str], bool]) -> frozenset[str] | None:
    """The best choice of lower-cased strings each `accept`ed, one of which every match of
    `pattern` contains (None: no choice, or `re` cannot read the pattern)."""
    try:
        with warnings.catch_warnings():  # `re` warns of `regex` syntax (`[[:alpha:]]`)
            warnings.simplefilter("ignore")
            parsed = _sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    found = _sequence(list(parsed), accept)
    if not found:
        return None
    return frozenset(text.lower() for text in found)


def _sequence(items: list[tuple[Any, Any]], accept: Callable[[str], bool]) -> set[str] | None:
    """The best choice of strings from the items a match runs through one after another: the
    one whose shortest string is longest (a run of literals, a group, a repeat taken once)."""
    best: set[str] | None = None
    run: list[str] = []
    for op, value in [*items, (None, None)]:
        if op is _C.LITERAL:
            run.append(chr(value))
            continue
        if run:
            best = _better(best, {"".join(run)}, accept)
            run = []
        if op is _C.SUBPATTERN:
            best = _better(best, _sequence(list(value[-1]), accept), accept)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and value[0] >= 1:
            best = _better(best, _sequence(list(value[2]), accept), accept)
        elif op is _C.BRANCH:
            options = [_sequence(list(option), accept) for option in value[1]]
            if all(options):
                best = _better(best, set().union(*options), accept)  # type: ignore[arg-type]
    return best


def _better(old: set[str] | None, new: set[str] | None, accept: Callable[[str], bool]) -> set[str] | None:
    if not new or not all(map(accept, new)):
        return old
    if old is None or min(map(len, new)) > min(map(len, old)):
        return new
    return old


@lru_cache(maxsize=256)
def line_bound(pattern: str) -> bool:
    """Whether every match of `pattern` in any text lies within one line, looking at nothing
    beyond it: no element but the last can match a line break, that last one is a single
    character or the text's end (`\\Z`), and nothing looks around but word boundaries. A
    text of whole lines then holds a match exactly where one of its lines alone does (a
    boundary at a line's start sees a line break or nothing, no word character either way),
    so the lines searched alone tell (piece_tokens.py). Judged on `re`'s parse, refusing
    what it cannot read or would misread (`required_literals`)."""
    if _REGEX_ONLY.search(pattern):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return _bound(list(parsed), last=True)


_SINGLE = frozenset((_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY))
_BREAKS = (ord("\n"), ord("\r"))


def _bound(items: list[tuple[Any, Any]], last: bool) -> bool:
    """Whether a match through `items` (followed by nothing when `last`) keeps to one line."""
    for index, (op, value) in enumerate(items):
        tail = last and index == len(items) - 1
        if op in _SINGLE:
            if not tail and _may_break(op, value):
                return False
        elif op is _C.AT:
            if value is not _C.AT_BOUNDARY and not (tail and value is _C.AT_END_STRING):
                return False
        elif op is _C.SUBPATTERN:
            if not _bound(list(value[-1]), tail):
                return False
        elif op is _C.BRANCH:
            if not all(_bound(list(option), tail) for option in value[1]):
                return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            if not _bound(list(value[2]), False):
                return False
        else:  # lookarounds, back references, conditionals, atomic groups
            return False
    return True


_NEVER_BREAK = frozenset((_C.CATEGORY_DIGIT, _C.CATEGORY_WORD, _C.CATEGORY_NOT_SPACE))
_ALWAYS_BREAK = frozenset((_C.CATEGORY_SPACE, _C.CATEGORY_NOT_DIGIT, _C.CATEGORY_NOT_WORD))


def _may_break(op: Any, value: Any) -> bool:
    """Whether one character matched by `op` may be `\\n` or `\\r`."""
    if op is _C.LITERAL:
        return value in _BREAKS
    if op is not _C.IN:
        return True  # `.` matches `\r`; `[^x]`, both
    negated = bool(value) and value[0][0] is _C.NEGATE
    for char in _BREAKS:
        found = False
        for kind, item in value[1:] if negated else value:
            if kind is _C.LITERAL:
                found = found or item == char
            elif kind is _C.RANGE:
                found = found or item[0] <= char <= item[1]
            elif kind is _C.CATEGORY and item in _NEVER_BREAK:
                continue
            elif kind is _C.CATEGORY and item in _ALWAYS_BREAK:
                found = True
            else:
                return True  # a class item not known here
        if found != negated:
            return True
    return False
