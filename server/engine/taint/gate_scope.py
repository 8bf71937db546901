"""Which module-level names resolve differently under a new module scope than under the one
the source gate last saw (units.py keeps the pieces it found clear that name none of them)."""

from __future__ import annotations

import libcst as cst

from ..matcher import descendants
from ..resolver import Scope, ValueBinding


def changed_names(old: Scope, new: Scope) -> set[str] | None:
    """The names the two module scopes bind differently (an import's target, an assigned
    value's node), the first part of each module one imports whole and the other not, and,
    in turn, the names bound to a value naming one of those (the resolver follows values);
    None when their star imports differ (any unbound name may resolve anew)."""
    if old.stars != new.stars:
        return None
    changed = {name for name in old.bindings.keys() | new.bindings.keys() if old.bindings.get(name) != new.bindings.get(name)}
    changed |= {module.split(".")[0] for module in old.modules ^ new.modules}
    named = {name: _names(binding) for name, binding in new.bindings.items() if isinstance(binding, ValueBinding)}
    grown = True
    while grown:
        grown = False
        for name, words in named.items():
            if name not in changed and not words.isdisjoint(changed):
                changed.add(name)
                grown = True
    return changed


def _names(binding: ValueBinding) -> frozenset[str]:
    """The names the values of a binding hold (a value's attributes among them)."""
    return frozenset(node.value for value in binding.values if value is not None for node in descendants(value) if type(node) is cst.Name)
