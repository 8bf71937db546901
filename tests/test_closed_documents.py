"""What the engine's caches keep of a document goes with it (document_caches.py): each cache
that keeps LibCST nodes keeps a document's in that document's store while it is open, and
once it is closed no function node of its text is alive; a CLI check keeps nothing of its
file either."""

from __future__ import annotations

import gc
import re
import types
from pathlib import Path
from typing import Callable

import libcst as cst
import pytest

from redline.engine import formula, nested_check
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import builtin_rules_dir, load_rules
from redline.engine.statement_memo import StatementMemo
from redline.engine.taint import summaries
from redline.engine.units import Change, IncrementalDocument

# Its keystrokes fill every such cache: digests, names, contexts, method shares, verdicts.
TEXT = (Path(__file__).resolve().parent / "corpus" / "dataflow" / "analysis_depth.py").read_text(encoding="utf-8")
DEF = re.compile(r"^\s*def (\w+)\(")
NAMES = frozenset(found.group(1) for found in map(DEF.match, TEXT.split("\n")) if found)
PLACES = [(line, row.index("(")) for line, row in enumerate(TEXT.split("\n")) if DEF.match(row)]  # after each name


@pytest.fixture(scope="module")
def engine() -> Engine:
    rules, problems = load_rules([builtin_rules_dir()])
    assert not problems
    return Engine(rules)


def typed(engine: Engine) -> IncrementalDocument:
    """The text opened, with `x` typed after each function's name and taken out again."""
    document = IncrementalDocument(engine, TEXT, AnalysisOptions(path="app.py"))
    for line, column in PLACES:
        for change in (Change((line, column), (line, column), "x"), Change((line, column), (line, column + 1), "")):
            document.apply([change], defer=True)
            document.check()
    return document


def text_functions() -> int:
    """The function nodes alive that the text defines (the rules' patterns name none so)."""
    gc.collect()
    return sum(1 for thing in gc.get_objects() if type(thing) is cst.FunctionDef and thing.name.value in NAMES)


def nodes_in(kept: object) -> int:
    """The LibCST nodes reachable from `kept` (not through classes or modules)."""
    seen: set[int] = set()
    pending, count = [kept], 0
    while pending:
        thing = pending.pop()
        if id(thing) in seen or isinstance(thing, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(thing))
        count += isinstance(thing, cst.CSTNode)
        pending.extend(gc.get_referents(thing))
    return count


HOLDERS: dict[str, Callable[[Engine], object]] = {
    "digest": lambda engine: summaries.digest,
    "node_names": lambda engine: summaries.node_names,
    "context_digest": lambda engine: summaries.context_digest,
    "definitions": lambda engine: summaries._definitions,
    "method_shares": lambda engine: engine.taint.members,
    "module_lookup_and_input": lambda engine: engine.taint,
    "gate_fingerprint": lambda engine: engine.taint.gate,
    "gate_pieces": lambda engine: engine.taint.gate._sourced[False],
    "statement_verdicts": lambda engine: StatementMemo,
    "module_items": lambda engine: formula._block_items,
    "nested_bindings": lambda engine: nested_check._kept_items,
    "regex_matches": lambda engine: formula._regex_match,  # the matches hold the document's code
}


@pytest.fixture(scope="module")
def document(engine: Engine) -> IncrementalDocument:
    return typed(engine)


@pytest.mark.parametrize("holder", sorted(HOLDERS))
def test_each_cache_keeps_a_documents_nodes_in_the_documents_store(engine: Engine, document: IncrementalDocument, holder: str) -> None:
    kept = document.caches.by_cache.get(HOLDERS[holder](engine))
    assert kept is not None
    if holder == "regex_matches":
        assert kept.cache_info().currsize > 0  # type: ignore[attr-defined]
    else:
        assert nodes_in(kept) > 0


def test_a_closed_document_leaves_no_function_node_alive(engine: Engine) -> None:
    before = text_functions()
    document = typed(engine)
    assert text_functions() > before
    del document
    assert text_functions() == before


def test_a_cli_check_keeps_nothing_of_its_file(engine: Engine) -> None:
    before = text_functions()
    analysis = engine.analyze_source(TEXT, AnalysisOptions(path="app.py"))
    assert analysis.findings
    assert text_functions() == before


def test_a_closed_buffer_leaves_nothing_in_the_project_modules(tmp_path: Path) -> None:
    """The server reads an open module's functions from its buffer for the modules importing
    it (OPEN_BUFFERS); once closed, the project keeps nothing parsed of that text."""
    from redline.engine.taint.project import OPEN_BUFFERS, project_for

    (tmp_path / "helpers.py").write_text("def helper(value):\n    return value\n")
    path = tmp_path / "helpers.py"
    OPEN_BUFFERS.track(path, lambda: ("edited", "def buffered_probe(value):\n    return value\n"))
    project = project_for(tmp_path.resolve())
    assert project.definition("helpers.buffered_probe") is not None

    def alive() -> int:
        gc.collect()
        return sum(1 for thing in gc.get_objects() if type(thing) is cst.FunctionDef and thing.name.value == "buffered_probe")

    assert alive() == 1
    OPEN_BUFFERS.forget(path)
    assert alive() == 0
    assert project.definition("helpers.buffered_probe") is None and project.definition("helpers.helper") is not None
