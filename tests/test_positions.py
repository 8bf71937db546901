"""Redline's own node ranges agree with LibCST's PositionProvider, on real code."""

from __future__ import annotations

import random
import sysconfig
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from redline.engine.matcher import child_nodes
from redline.engine.block_lines import record_layouts
from redline.engine.nesting import Layouts
from redline.engine.positions import node_ranges, statement_ranges

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SAMPLES = ["json/decoder.py", "email/_header_value_parser.py", "ast.py", "tarfile.py"]
TRICKY = (
    "# header\n\n'''doc'''\nfrom __future__ import annotations\r\n"
    "x = (1 +\n     2)  # comment\n\n@decorate(arg)\nclass A(B):\n    def f(self, *a, k=1, **kw) -> 'x':\n"
    "        return [y for y in a if y]  # tail\n\n    s = '''multi\nline'''\r\n"
    "if x:\n    pass\nelse:\n    z = f'{x!r:>{w}}' \\\n        'more'\n"
    "t = 'é日🙂'; u = t\n"
)


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    nodes: list[cst.CSTNode] = []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(child_nodes(node))
    return nodes[1:]


def _compare(module: cst.Module, nodes: list[cst.CSTNode]) -> None:
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ranges = node_ranges(module, nodes)
    wrong = [(type(n).__name__, ranges.get(id(n)), expected[n]) for n in nodes if ranges.get(id(n)) != expected[n]]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("name", SAMPLES)
def test_ranges_equal_position_provider_on_stdlib_modules(name: str) -> None:
    module = cst.parse_module((STDLIB / name).read_text(encoding="utf-8"))
    nodes = _all_nodes(module)
    _compare(module, random.Random(name).sample(nodes, min(400, len(nodes))))


def test_ranges_equal_position_provider_on_every_node_of_tricky_code() -> None:
    module = cst.parse_module(TRICKY)
    _compare(module, _all_nodes(module))


def test_nested_wanted_nodes_and_a_single_node() -> None:
    module = cst.parse_module("def f():\n    return g(h(1))\n")
    nodes = _all_nodes(module)
    call = next(n for n in nodes if isinstance(n, cst.Call))
    _compare(module, [call, *child_nodes(call)])
    _compare(module, [nodes[-1]])
    assert node_ranges(module, []) == {}


def _placed_statements(module: cst.Module) -> list[tuple[cst.BaseStatement, int, str]]:
    """Every statement in an indented block (not an `elif`) with its first line (1-based,
    leading lines included) and indentation, from the layouts an open document records
    (block_lines.record_layouts: CPython's parse of each top-level statement's text)."""
    lines = module.code.splitlines(keepends=True)
    layouts: Layouts = {}
    found: list[tuple[cst.BaseStatement, int, str]] = []
    at = len(module.header)
    for statement in module.body:
        size = len(module.code_for_node(statement).splitlines())
        if isinstance(statement, cst.BaseCompoundStatement) and record_layouts(statement, lines[at : at + size], layouts):
            stack = [(statement, at)]
            while stack:
                node, start = stack.pop()
                for child in layouts.get(id(node), (None, ()))[1]:
                    if child.in_block:
                        found.append((child.node, start + child.offset + 1, child.indent))
                    stack.append((child.node, start + child.offset))
        at += size
    return found


@pytest.mark.parametrize("name", SAMPLES + ["argparse.py", "subprocess.py"])
def test_a_statement_generated_alone_from_its_layout_line_places_nodes_as_the_module_does(name: str) -> None:
    module = cst.parse_module((STDLIB / name).read_text(encoding="utf-8"))
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    placed = _placed_statements(module)
    assert len(placed) > 100
    wrong = []
    for statement, line, indent in placed:
        nodes = [statement, *_all_nodes(cst.Module(body=[statement]))[1:]]
        ranges = statement_ranges(statement, line, indent, module, nodes)
        wrong += [(type(n).__name__, ranges.get(id(n)), expected[n]) for n in nodes if ranges.get(id(n)) != expected[n]]
    assert not wrong, wrong[:5]


def test_tricky_statements_generated_alone() -> None:
    module = cst.parse_module(TRICKY.replace("\r\n", "\n") + "def g():\n    # lead\n\n    @d\n    def h(): return (\n        1)\n    if a: b = 1\n    elif c:\n        d = 'é'; e = 2\n")
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    placed = _placed_statements(module)
    assert len(placed) >= 6
    for statement, line, indent in placed:
        nodes = [statement, *_all_nodes(cst.Module(body=[statement]))[1:]]
        ranges = statement_ranges(statement, line, indent, module, nodes)
        assert [ranges.get(id(n)) for n in nodes] == [expected[n] for n in nodes]
