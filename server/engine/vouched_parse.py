"""LibCST's parse of a text CPython has already parsed, at half the cost.

Every LibCST node checks its own fields when built (`CSTNode._validate`: whitespace against a
regular expression, parameters in a legal order...). That guards trees a program builds by
hand; a tree the parser builds from a text CPython accepts has nothing left to catch, yet the
checks were ~40% of the parse of a 10,000-line file at first open. And the tree is a hundred
thousand objects built at once: the cycle collector, walking the young ones every few hundred
allocations, cost as much again (collector.py). Here both wait while the parser runs.
The CLI pauses the checks alone (`validation_paused`) for the files CPython parsed: about a
third of each LibCST parse (analysis.py).

The checks are switched off for the whole process meanwhile (they live on the node class):
nodes another thread builds in that window go unchecked too, which only matters for a
program bug (our code catches no validation error). Pauses are counted, so nested and
concurrent ones end when the last does.
"""

from __future__ import annotations

from typing import Callable

import libcst as cst
from libcst._nodes.base import CSTNode

from .collector import CountedPause, collector_paused

_VALIDATED = CSTNode.__post_init__


def _unchecked(self: CSTNode) -> None:
    """A node built by the parser from a text CPython accepts is valid."""


def _skip_checks() -> Callable[[], None]:
    """Build nodes unchecked; return what checks them again."""
    CSTNode.__post_init__ = _unchecked  # type: ignore[method-assign]
    return lambda: setattr(CSTNode, "__post_init__", _VALIDATED)


# LibCST builds nodes unchecked meanwhile: for parses of a text CPython accepted.
validation_paused = CountedPause(_skip_checks)


def parse_vouched(text: str) -> cst.Module | None:
    """The module of a text CPython parsed (the caller vouches), or None when LibCST still
    refuses it (the caller then parses the real text the usual way, with its error)."""
    from .analysis import parse_faithfully  # analysis.py imports validation_paused from here

    with collector_paused(), validation_paused():
        try:
            return parse_faithfully(text)
        except Exception:  # a syntax error LibCST alone sees; RecursionError: the usual parse reports it
            return None
