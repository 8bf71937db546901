"""The requires-text markers a lazy unit's text may hold after an edit, without running
every rule's regex over the whole unit.

A lazy unit's judgement (lazy_units.LazyContext.stays_lazy) reads its tokens: identifiers
and the markers of the rules whose `requires-text` regex matches its text. Running those
regexes over a 250-line unit cost ~4 ms of its first keystroke (`argparse._parse_known_args`
at 10,031 lines). First open already found the markers of each lazy unit (piece_tokens.py);
a regex whose matches keep to one line (`regex_parts.line_bound`: the built-in rules' own)
matches a text of whole lines exactly where one of its lines alone does, so after an edit
writing whole lines the unit holds a marker only where its text held it before or an added
line matches. That bound is kept per unit (unit_model.Unit.lazy_markers) edit by edit; any
other regex is run over the whole text. The judgement only grows with the markers, so a
bound that keeps the unit lazy keeps it lazy exactly.
"""

from __future__ import annotations

from typing import Sequence

from .regex_parts import line_bound
from .rule_loader import Rule, text_marker

NONE: frozenset[str] = frozenset()  # shared by the many lazy units holding no marker


class EditMarkers:
    """The markers of `rules` (those the lazy-unit plan was judged with), by whether their
    regexes keep to one line."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        marked = [(text_marker(rule.id), rule.requires_text) for rule in rules if rule.requires_text is not None]
        self._bound = [(marker, regex) for marker, regex in marked if line_bound(regex.pattern)]  # type: ignore[union-attr]
        self._loose = [(marker, regex) for marker, regex in marked if not line_bound(regex.pattern)]  # type: ignore[union-attr]

    def after(self, held: frozenset[str] | None, added: str, text: str) -> frozenset[str] | None:
        """A bound of the markers of `text`, a unit whose text before an edit held no marker
        outside `held` (None: unknown, then None) and into which the edit wrote the whole
        lines `added`."""
        if held is None:
            return None
        found = set(self.with_lines(held, added))
        found.update(marker for marker, regex in self._loose if marker not in found and regex.search(text))  # type: ignore[union-attr]
        return frozenset(found) if found else NONE

    def with_lines(self, held: frozenset[str], lines: str) -> frozenset[str]:
        """`held` and the markers of the one-line regexes matching the whole `lines`: a
        piece's bound where first open found `held` in the rest of its lines (the comments
        and blank lines a document's piece holds around a definition are not the plan's)."""
        found = [marker for marker, regex in self._bound if marker not in held and regex.search(lines)]  # type: ignore[union-attr]
        return held.union(found) if found else held
