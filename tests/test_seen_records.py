"""What callers read of a function (taint/seen.py) belongs to the open document whose checks
read it: no cap drops a record a later comparison needs, and the records of functions an
edit replaced are dropped by the document, so they do not pile up over a session."""

from __future__ import annotations

import libcst as cst

from nested_cases import CHAIN, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.taint.seen import Seen, reading_for
from redline.engine.units import Change, IncrementalDocument


def test_no_cap_drops_a_record_of_a_document() -> None:
    """Ten thousand functions read (more than the 8,192 an LRU kept): the first one's record
    is still there for the comparison."""
    seen, owner = Seen(), IncrementalDocument  # any object that can be weakly referenced
    nodes = [cst.Name(f"f{i}") for i in range(10_000)]
    with reading_for(owner):
        for node in nodes:
            seen.given(node, "rule", ("read",))
        assert seen.of(nodes[0]) == {"rule": ("read",)}
        assert len(seen) == len(nodes)
    assert seen.of(nodes[0]) == {}  # another document (none here) sees none of them


def test_records_of_replaced_functions_are_dropped(engine: Engine) -> None:
    """A hundred edits of `g` (sanitising, then not), each followed by the deferred work
    (`h`, checked again, reads the new `g`'s summary): the document keeps records for about
    as many functions as it has, not one per edit."""
    document = IncrementalDocument(engine, CHAIN, AnalysisOptions(path="chain.py"))
    line = CHAIN.split("\n").index("    return f(y)")
    for step in range(100):
        old, new = ("f(y)", "int(f(y))") if step % 2 == 0 else ("int(f(y))", "f(y)")
        document.apply([Change((line, 11), (line, 11 + len(old)), new)], defer=True)
        assert document.check()
    assert_same_as_scratch(document)
    analyzer = engine.taint
    assert analyzer is not None
    with reading_for(document):
        assert 0 < analyzer.remembered() <= 2 * 4 + 64
