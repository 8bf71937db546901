"""What a `def` line edit changes of the refinable rules' findings in the function's body.

A pattern rule refined by a taint rule (refinement.py) keeps or drops a match in a function
by the function's data flow: the taint flows (none where the module reads no input) and
strict mode (taint/analyzer.py `strictly_clean`: every parameter tainted but those made
numbers). The function is checked again whole when the signature may change that flow, and
its body's findings stand when it cannot (units.py `_signature_readers`): no flow starts in
the module, the body names no renamed parameter and strict mode starts the body as before.
"""

from __future__ import annotations

import libcst as cst

from .resolver import all_params
from .taint.facts import converted_parameters


def strict_start_kept(old: cst.FunctionDef, new: cst.FunctionDef) -> bool:
    """Whether strict mode starts the new function's body with the old one's values, given
    that the body names none of the parameters one has and the other lacks, nor the
    function's name (the caller's word search): the same name (a call of it from the body
    maps arguments to the parameters), the same decorators (`@staticmethod` has no `self`:
    taint/members.py), the same first positional parameter (the `self` members are called
    through) and, of each parameter both have, the same number-making (annotation, route
    converter: taint/facts.py `converted_parameters`). The flow reads no other part of a
    signature: a default is evaluated outside the body, an unread parameter reaches no sink."""
    if old.name.value != new.name.value or len(old.decorators) != len(new.decorators):
        return False
    if not all(a.deep_equals(b) for a, b in zip(old.decorators, new.decorators)):
        return False
    if _first(old) != _first(new):
        return False
    both = {param.name.value for param in all_params(old.params)} & {param.name.value for param in all_params(new.params)}
    return not (converted_parameters(old) ^ converted_parameters(new)) & both


def _first(function: cst.FunctionDef) -> str | None:
    """The name of the first positional parameter (`self` of a method), if any."""
    positional = (*function.params.posonly_params, *function.params.params)
    return positional[0].name.value if positional else None

