"""Words that every match of a regex must hold, so code lacking them is never tried.

`hardcoded-password` limits `$NAME = $VALUE` by a regex on `$NAME` ending in one of a choice
of words (`password`, `token`...): an assignment whose target names none of them cannot match,
so the rule index need not try the rule there (it was tried at every assignment of a file).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

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
    try:
        with warnings.catch_warnings():  # `re` warns of `regex` syntax (`[[:alpha:]]`)
            warnings.simplefilter("ignore")
            parsed = _sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    words = _sequence(list(parsed))
    if not words or not all(_WORD.fullmatch(word) for word in words):
        return None
    return frozenset(word.lower() for word in words)


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best choice of words from the items a match runs through one after another: the
    one whose shortest word is longest (a run of literals, a group, a repeat taken once)."""
    best: set[str] | None = None
    run: list[str] = []
    for op, value in [*items, (None, None)]:
        if op is _C.LITERAL:
            run.append(chr(value))
            continue
        if run:
            best = _better(best, {"".join(run)})
            run = []
        if op is _C.SUBPATTERN:
            best = _better(best, _sequence(list(value[-1])))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and value[0] >= 1:
            best = _better(best, _sequence(list(value[2])))
        elif op is _C.BRANCH:
            options = [_sequence(list(option)) for option in value[1]]
            if all(options):
                best = _better(best, set().union(*options))  # type: ignore[arg-type]
    return best


def _better(old: set[str] | None, new: set[str] | None) -> set[str] | None:
    if not new or not all(_WORD.fullmatch(word) for word in new):
        return old
    if old is None or min(map(len, new)) > min(map(len, old)):
        return new
    return old
