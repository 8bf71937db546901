"""Redline's own node ranges agree with LibCST's PositionProvider, on real code."""

from __future__ import annotations

import random
import sysconfig
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from redline.engine.matcher import child_nodes
from redline.engine.positions import node_ranges

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
