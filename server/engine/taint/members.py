"""Instance attributes across the methods of one class: `self.cmd` set from a request in
`__init__` (or a setter) and read in `run()`, where the flow of `run` alone sees nothing.

What a method leaves in `self.<attr>` is the value its flow holds there when it returns (so
an attribute reassigned before the end counts with its last value). A method reading an
attribute it has not set itself sees the join of what the class's other methods leave there;
an attribute no other method sets stays unknown to the analysis (clean, as before). Only
one level is followed: the methods run for this do not look at each other's attributes.
A method's share is kept while its code and what it calls (its closure key) stay the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

import libcst as cst

from ..document_caches import kept
from .seen import Seen
from .summaries import node_names
from .values import Env, Val, join

MAX_METHODS = 4096

# Runs a method's flow for one rule and gives its states at each return (see analyzer.py).
ExitsOf = Callable[[cst.FunctionDef, list[cst.CSTNode]], list[Env]]
KeyOf = Callable[[cst.FunctionDef], str]  # a method's closure key (summaries.same_file_lookup)


def method_of(function: cst.FunctionDef, ancestors: list[cst.CSTNode]) -> tuple[cst.ClassDef, list[cst.CSTNode], str] | None:
    """The class whose body defines `function`, the class's ancestors and the name of the
    instance parameter (`self`); None for plain functions, static and class methods."""
    if len(ancestors) < 2 or not isinstance(ancestors[-2], cst.ClassDef) or ancestors[-1] is not ancestors[-2].body:
        return None
    if any(isinstance(d.decorator, cst.Name) and d.decorator.value in ("staticmethod", "classmethod") for d in function.decorators):
        return None
    params = (*function.params.posonly_params, *function.params.params)
    if not params:
        return None
    return ancestors[-2], ancestors[:-2], params[0].name.value


class Members:
    """What each method of a class leaves in its instance's attributes, per rule; a method's
    share is computed when a method of its class first reads an attribute it did not set, and
    kept while the method's node lives and its closure key stays (an edit to it makes a new
    node; a change to a function it calls, a new key). The shares are the checked document's
    (document_caches.py): they go with it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the language server checks documents on several threads
        self.seen = Seen()  # the shares readers were given, by rule (seen.py)

    def reader(self, rule_id: str, function: cst.FunctionDef, owner: cst.ClassDef, above: list[cst.CSTNode], self_name: str, exits_of: ExitsOf, key_of: KeyOf) -> Callable[[str], Val | None]:
        """`members(attr)` for the flow of `function`: the join of the values the class's other
        methods leave in `self_name.attr` (None when none sets it)."""
        found: list[list[tuple[cst.FunctionDef, list[cst.CSTNode], str]]] = []

        def members(attr: str) -> Val | None:
            if not found:
                found.append(self._others(function, owner, above))
            value: Val | None = None
            for method, inside, prefix in found[0]:
                if attr not in node_names(method):
                    continue  # a method leaves `self.attr` only by assigning it: it names `attr`
                left = self.left_by(rule_id, method, inside, prefix, exits_of, key_of).get(attr)
                if left is not None:
                    value = left if value is None else join(value, left)
            return value

        return members

    def _others(self, function: cst.FunctionDef, owner: cst.ClassDef, above: list[cst.CSTNode]) -> list[tuple[cst.FunctionDef, list[cst.CSTNode], str]]:
        """The class's other methods, in class order, with their ancestors and `self.` prefix."""
        inside = [*above, owner, owner.body]
        others = []
        for member in owner.body.body:
            if isinstance(member, cst.FunctionDef) and member is not function:
                found = method_of(member, inside)
                if found is not None:
                    others.append((member, inside, found[2] + "."))
        return others

    def left_by(self, rule_id: str, method: cst.FunctionDef, inside: list[cst.CSTNode], prefix: str, exits_of: ExitsOf, key_of: KeyOf) -> dict[str, Val]:
        """What `method` (of the class below `inside`) leaves in `prefix` attributes, for the
        rule; `rule_id` also names the variant (`!low`)."""
        key, closure = (rule_id, id(method)), key_of(method)
        shares: OrderedDict[tuple[str, int], tuple[cst.FunctionDef, str, dict[str, Val]]] = kept(self, OrderedDict)
        with self._lock:
            cached = shares.get(key)
            if cached is not None and cached[0] is method and cached[1] == closure:
                shares.move_to_end(key)
                left = cached[2]
            else:
                left = None
        if left is None:
            left = _attributes_left(exits_of(method, inside), prefix)
            with self._lock:
                shares[key] = (method, closure, left)
                if len(shares) > MAX_METHODS:
                    shares.popitem(last=False)
        self.seen.given(method, rule_id, left)
        return left


def _attributes_left(exits: list[Env], prefix: str) -> dict[str, Val]:
    """The `self.<attr>` entries of a method's return states, joined over its returns."""
    left: dict[str, Val] = {}
    for env in exits:
        for name, value in env.items():
            if name.startswith(prefix):
                attr = name[len(prefix):]
                left[attr] = value if attr not in left else join(left[attr], value)
    return left
