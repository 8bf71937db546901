"""The data flow matches a taint part at an attribute (`handle.read`, `yaml.Loader`) only when
its pattern may match `x.<that name>` (taint/gate.py's attribute_names, the filter the source
gate already applies to its own walk): the default sources `$REQ.GET`, `$REQ.args`... are
indexed by node type, so every attribute of an edited function was matched against them at
each keystroke in it. Counted by wrapping the evaluation the facts walk calls (it still
runs); the findings stay a from-scratch analysis's."""

from __future__ import annotations

import pytest

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import Engine
from redline.engine.taint import facts
from redline.engine.units import Change, IncrementalDocument
from test_type_checks import OPTIONS, TEXT  # load_settings's yaml.load, and a view reading request.args


def _evaluated(monkeypatch: pytest.MonkeyPatch, document: IncrementalDocument, line: int, column: int, text: str, end: int) -> int:
    """How many parts the facts walk matched at a node during one keystroke."""
    counted = [0]
    evaluate = facts.evaluate

    def counting(*args):  # type: ignore[no-untyped-def]
        counted[0] += 1
        return evaluate(*args)

    with monkeypatch.context() as patch:
        patch.setattr(facts, "evaluate", counting)
        document.apply([Change((line, column), (line, end), text)])
        document.findings()
    return counted[0]


def test_a_keystroke_matches_no_source_at_attributes_it_does_not_name(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """`yaml.Loader` -> `yaml.Loaderx`: the edited statement's sink (`yaml.load(...)`) and
    the function's walk are matched as before, but no source at `yaml.load`, `handle.read`
    and `yaml.Loaderx`: 7 parts matched on e475186 (this test fails there: 7 == 4), 4 now."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    found = {f.rule_id for f in document.findings()}
    assert {"yaml-unsafe-load", "tainted-path-traversal"} <= found
    line = TEXT.splitlines().index("        return yaml.load(handle.read(), Loader=yaml.Loader)")
    column = len("        return yaml.load(handle.read(), Loader=yaml.Loader")
    assert _evaluated(monkeypatch, document, line, column, "x", column) == 4
    assert _evaluated(monkeypatch, document, line, column, "", column + 1) == 4
    assert {f.rule_id for f in document.findings()} == found
    assert_same_as_scratch(document)


def test_a_source_read_through_an_attribute_is_still_found(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """`request.args["name"]` -> `request.args["namex"]`: `request.args` is the source's own
    attribute name, matched as before, and the flow into `open` still reported."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    line = TEXT.splitlines().index('    name = request.args["name"]')
    column = len('    name = request.args["name')
    _evaluated(monkeypatch, document, line, column, "x", column)
    assert any(f.rule_id == "tainted-path-traversal" and f.span.start.line == line + 2 for f in document.findings())
    assert_same_as_scratch(document)
