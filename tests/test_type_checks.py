"""A keystroke in a function whose data flow runs asks node types by `type(node) is` where
the node classes have no subclasses, not with isinstance: LibCST's node classes are ABCs, and
an isinstance that fails (the common answer: `is_gap` asks each pattern element whether it is
`...`) goes through ABCMeta.__instancecheck__ at ~0.4-0.7 us, three to six times a type
test. The pattern matcher, the facts walk and constant folding ask it at every node they
look at. Counted here by wrapping ABCMeta.__instancecheck__ (a library method, none of
ours) while one keystroke is applied; the findings stay a from-scratch analysis's."""

from __future__ import annotations

import abc
from typing import Iterator

import pytest

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="settings.py")

TEXT = '''import os
import yaml
from flask import request


def load_settings():
    path = os.environ["SETTINGS_FILE"]
    with open(path) as handle:
        return yaml.load(handle.read(), Loader=yaml.Loader)


@app.route("/read")
def view():
    name = request.args["name"]
    return open(name).read()
'''


@pytest.fixture
def abc_checks() -> Iterator[list[int]]:
    """The ABC instance checks made while the list's flag (its second item) is set."""
    counted = [0, 0]
    original = abc.ABCMeta.__instancecheck__

    def counting(cls: abc.ABCMeta, instance: object) -> bool:
        counted[0] += counted[1]
        return original(cls, instance)

    abc.ABCMeta.__instancecheck__ = counting  # type: ignore[method-assign]
    try:
        yield counted
    finally:
        abc.ABCMeta.__instancecheck__ = original  # type: ignore[method-assign]


def test_a_keystroke_in_a_function_with_data_flow_makes_few_abc_checks(engine: Engine, abc_checks: list[int]) -> None:
    """`yaml.Loader` -> `yaml.Loaderx` in load_settings (a pattern rule with three sequence
    pattern-insides and the data flow of two taint rules run on the function): 1,004 ABC
    checks on e475186 (is_gap, Matcher._value and _sequence, suite_items, the facts'
    statement tests, literal values), 257 now."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    assert {"yaml-unsafe-load", "tainted-path-traversal"} <= {f.rule_id for f in document.findings()}
    line = TEXT.splitlines().index("        return yaml.load(handle.read(), Loader=yaml.Loader)")
    column = len("        return yaml.load(handle.read(), Loader=yaml.Loader")
    for text, end in (("x", column), ("", column + 1)):  # once typed and undone: the caches warm
        document.apply([Change((line, column), (line, end), text)])
        document.findings()
    abc_checks[1] = 1
    document.apply([Change((line, column), (line, column), "x")])
    document.findings()
    abc_checks[1] = 0
    assert abc_checks[0] < 500
    assert_same_as_scratch(document)
