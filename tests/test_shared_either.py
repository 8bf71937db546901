"""A `pattern-either` whose branches all start with the same patterns (a YAML anchor of request
accesses under each `pattern-inside`, as path-from-request and reflected-xss-response have)
matches those patterns once per node: the same findings, with fewer pattern matches tried."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from engine_helpers import findings, make_rule, positions
from redline.engine.formula import Either, Site, evaluate
from redline.engine.matcher import Bindings, Matcher
from redline.engine.resolver import Resolver, module_scope

SHARED_BRANCHES = """
patterns:
  - pattern-either:
      - patterns:
          - pattern-inside: open(...)
          - pattern-either: &access
              - pattern: flask.request.args[...]
              - pattern: flask.request.args.get(...)
              - pattern: $REQUEST.GET[...]
          - pattern: $ACCESS
      - patterns:
          - pattern-inside: $BASE / $PART
          - pattern-either: *access
          - pattern: $ACCESS
      - patterns:
          - pattern-inside: os.path.join(...)
          - pattern-either: *access
          - pattern: $ACCESS
  - pattern-not-inside: $BASE / "..."
"""

CODE = """\
import os
from flask import request

def view(django_request):
    open(request.args["a"])
    root / request.args.get("b")
    root / request.args["c"] / "x"
    os.path.join("d", django_request.GET["d"])
    open(os.path.join("e", request.args["e"]))
    print(request.args["f"])
"""


EXPECTED = [
    (5, 9, 'request.args["a"]'),
    (6, 11, 'request.args.get("b")'),
    (7, 11, 'request.args["c"]'),
    (8, 22, 'django_request.GET["d"]'),
    (9, 27, 'request.args["e"]'),
]


class CountingMatcher(Matcher):
    """The real matcher, counting the structural matches it is asked for."""

    calls = 0

    def match(self, *args, **kwargs) -> Bindings | None:  # type: ignore[no-untyped-def]
        CountingMatcher.calls += 1
        return super().match(*args, **kwargs)


def test_branches_starting_alike_keep_their_findings(tmp_path: Path) -> None:
    found = findings(tmp_path, SHARED_BRANCHES, CODE, message="$ACCESS")
    # As main reports them (line 7: the `$BASE / $PART` branch binds $BASE to `root`, which
    # the enclosing `... / "x"` does not divide): the branches' own insides and bindings.
    assert [(start_line, start_column, f.message) for f, (start_line, start_column, _, _) in zip(found, positions(found))] == EXPECTED


def test_the_shared_accesses_are_matched_once_per_node(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, SHARED_BRANCHES)
    either = rule.formula.positives[0]  # type: ignore[union-attr]
    assert isinstance(either, Either)
    module = cst.parse_module("x = other.thing.attribute[1]\n")
    resolver = Resolver(module_scope(module.body))
    subscript = module.body[0].body[0].value  # type: ignore[attr-defined]
    statement = module.body[0]
    site = Site(subscript, [module, statement, statement.body[0]], resolver, CountingMatcher(resolver))  # type: ignore[attr-defined]
    CountingMatcher.calls = 0
    assert evaluate(rule.formula, site, {}) == []  # type: ignore[arg-type]
    # The subscript meets the two subscript accesses once, not once per branch (6).
    assert CountingMatcher.calls == 2
