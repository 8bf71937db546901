"""The exact source gate (taint/gate.py): data flow runs only in modules holding a source
match (or importing a project module), and the findings stay what they were: a route
parameter counts as a source, an edit adding a source turns data flow on and removing it
turns it off, attributes set from input in one method still reach sinks in another, and
refinement still decides pattern findings where no source exists. Unit boundaries cut from
CPython's statement lines (unit_lines.py) equal LibCST's own."""

from __future__ import annotations

import libcst as cst
import pytest

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.lines import count_breaks
from redline.engine.resolver import Resolver, module_scope
from redline.engine.unit_lines import unit_lines
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="gate.py")

ROUTE_ONLY = '''import subprocess
from flask import Flask

app = Flask(__name__)


@app.route("/run/<cmd>")
def run(cmd):
    subprocess.call(cmd, shell=True)
'''

NO_SOURCE = '''import subprocess
from flask import request


def run(cmd):
    subprocess.call(cmd, shell=True)


def view():
    name = "ls"
    run(name)
'''

ATTRIBUTE = '''import subprocess
from flask import request


class Job:
    def __init__(self):
        self.cmd = request.args["c"]

    def run(self):
        subprocess.call(self.cmd, shell=True)
'''

REFINED = '''import subprocess


def constant():
    cmd = "ls -l"
    subprocess.call(cmd, shell=True)


def parameter(cmd):
    subprocess.call(cmd, shell=True)
'''


def _taint_ids(engine: Engine) -> set[str]:
    return {rule.id for rule in engine.rules if rule.taint is not None}


def _found(findings, ids: set[str]) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(f.rule_id, f.span.start.line) for f in findings if f.rule_id in ids]


def test_route_parameter_alone_is_a_source(engine: Engine) -> None:
    analysis = engine.analyze_source(ROUTE_ONLY, OPTIONS)
    assert _found(analysis.findings, _taint_ids(engine)) == [("tainted-command-injection", 9)]
    assert analysis.findings[-1].related, "the path from the route parameter to the sink"
    document = IncrementalDocument(engine, ROUTE_ONLY, OPTIONS)
    assert _found(document.findings(), _taint_ids(engine)) == [("tainted-command-injection", 9)]


def test_source_added_by_an_edit_turns_data_flow_on_and_removing_it_turns_it_off(engine: Engine) -> None:
    taint = _taint_ids(engine)
    document = IncrementalDocument(engine, NO_SOURCE, OPTIONS)
    assert _found(document.findings(), taint) == []
    line = NO_SOURCE.splitlines().index('    name = "ls"')
    document.apply([Change((line, 11), (line, 15), 'request.args["n"]')])
    assert _found(document.findings(), taint) == [("tainted-command-injection", 11)]  # input handed to run()
    assert_same_as_scratch(document)
    document.apply([Change((line, 11), (line, 28), '"ls"')])
    assert document.text == NO_SOURCE
    assert _found(document.findings(), taint) == []
    assert_same_as_scratch(document)


def test_attribute_set_from_input_in_one_method_reaches_a_sink_in_another(engine: Engine) -> None:
    taint = _taint_ids(engine)
    assert _found(engine.analyze_source(ATTRIBUTE, OPTIONS).findings, taint) == [("tainted-command-injection", 10)]
    document = IncrementalDocument(engine, ATTRIBUTE, OPTIONS)
    assert _found(document.findings(), taint) == [("tainted-command-injection", 10)]


def test_refinement_still_decides_pattern_findings_without_any_source(engine: Engine) -> None:
    findings = engine.analyze_source(REFINED, OPTIONS).findings
    shell = [(f.rule_id, f.span.start.line) for f in findings if f.rule_id.startswith("subprocess-shell")]
    # The constant command is proven clean by strict data flow: only the literal-command rule
    # speaks there; the parameter is unknown input, so the injection pattern stays.
    assert ("subprocess-shell-injection", 6) not in shell
    assert ("subprocess-shell-injection", 10) in shell
    document = IncrementalDocument(engine, REFINED, OPTIONS)
    assert_same_as_scratch(document)


def test_module_without_source_gets_no_taint_finding_but_with_one_does(engine: Engine) -> None:
    taint = engine.taint
    assert taint is not None
    for text, sourced in ((NO_SOURCE, False), (ATTRIBUTE, True), (ROUTE_ONLY, True)):
        module = cst.parse_module(text)
        assert taint.gate.holds_source(module, Resolver(module_scope(module.body)), False, None) is sourced


UNIT_TEXTS = {
    "header and footer": "#!/usr/bin/env python\n# header\n\nimport os\n\n\n# lead\nx = 1\n# footer\n",
    "semicolons": "a = 1; b = 2\nc = (\n    3); d = 4\n\n\ndef f():\n    pass\n",
    "parenthesised start": "(\n    foo()\n)\n(a) = 1\n(\n  b\n).c = 2\n",
    "decorators and comments": "@a\n# between\n@b(\n  1)\ndef f():\n    return 1\n\n\n@c\nclass K:\n    # lead\n    x = 1\n\n    @property\n    def y(self):\n        return 2\n    # block footer\n\n# after\nz = 3\n",
    "crlf": "import os\r\n\r\n\r\nclass A:\r\n    def f(self):\r\n        pass\r\n\r\n    def g(self):\r\n        pass\r\n",
    "form feed": "x = 1\n\x0c\ndef f():\n    pass\n",
}


@pytest.mark.parametrize("name", sorted(UNIT_TEXTS))
def test_unit_lines_equal_libcst_codegen(name: str) -> None:
    text = UNIT_TEXTS[name]
    module = cst.parse_module(text)
    found = unit_lines(text, module)
    assert found is not None
    at = len(module.header)
    expected = [0]
    members: dict[int, list[int]] = {}
    for index, statement in enumerate(module.body):
        body = getattr(statement, "body", None)
        if isinstance(statement, cst.ClassDef) and isinstance(body, cst.IndentedBlock):
            head = count_breaks(module.code_for_node(statement)) - len(body.footer) - sum(count_breaks(module.code_for_node(m)) for m in body.body)
            inner, starts = at + head, []
            for member in body.body:
                starts.append(inner)
                inner += count_breaks(module.code_for_node(member))
            members[index] = starts
        at += count_breaks(module.code_for_node(statement))
        expected.append(at)
    assert found.starts == expected[:-1]
    assert found.members == members
    assert found.total - len(module.footer) == expected[-1]


def test_unit_lines_refuse_a_parenthesised_decorator() -> None:
    text = "@(\n    deco\n)\ndef f():\n    pass\n"
    assert unit_lines(text, cst.parse_module(text)) is None
    document_text = text + "x = eval(input())\n"
    assert unit_lines(document_text, cst.parse_module(document_text)) is None


BLOCKS = '''import subprocess
import sys
from flask import request


def helper():
    total = 0
    for step in range(10):
        total += step
    return total


if sys.platform == "win32":
    def quiet(cmd):
        subprocess.call(cmd, shell=True)
else:
    def quiet(cmd):
        return cmd


class Runner:
    if sys.platform == "win32":
        def run(self, request):  # a parameter named as flask's: source words, no source
            return request.args
    else:
        def run(self, request):
            return None

    def other(self):
        step = 1
        step += 1
        return step
'''


def _block_nodes(document: IncrementalDocument) -> list[cst.CSTNode]:
    """The `if` blocks of the document's module (module level, then in the class)."""
    module = document.module
    assert module is not None
    top = [node for node in module.body if isinstance(node, cst.If)]
    runner = next(node for node in module.body if isinstance(node, cst.ClassDef))
    return top + [node for node in runner.body.body if isinstance(node, cst.If)]  # type: ignore[attr-defined]


def test_blocks_of_definitions_without_source_words_are_not_walked_but_those_with_one_are(engine: Engine) -> None:
    """First open tells the source gate which always-parsed blocks holding functions (a
    module's or a class's `if sys.platform`) cannot hold a source by their words: those are
    not walked; a block reading input is, and its data flow is reported as from scratch."""
    taint = _taint_ids(engine)
    document = IncrementalDocument(engine, BLOCKS, OPTIONS)
    assert document.lazy_units() > 0, "no source anywhere: what no rule needs stays stubbed"
    module_block, class_block = _block_nodes(document)
    assert id(module_block) in document._sourceless and id(class_block) not in document._sourceless
    assert _found(document.findings(), taint) == []
    assert_same_as_scratch(document)
    line = BLOCKS.splitlines().index("    def quiet(cmd):")
    document.apply([Change((line + 1, 24), (line + 1, 27), 'request.form["x"]')])  # the block now reads input
    assert ("tainted-command-injection", 15) in _found(document.findings(), taint)
    assert_same_as_scratch(document)


ROUTE_WORDS = '''import subprocess
import sys
from flask import Flask

app = Flask(__name__)


def helper():
    total = 0
    for step in range(10):
        total += step
    return total


class Runner:
    if sys.platform == "win32":
        def run(self, options):  # `get`, a word of the route sources (`@app.get(...)`), in a body alone
            return subprocess.call(options.get("cmd"), shell=True)
    else:
        def run(self, options):
            return None
'''


def test_a_block_naming_route_words_outside_its_functions_headers_is_not_walked(engine: Engine) -> None:
    """A route source (`@app.get(...)`, a route's parameters) lies in a function's header:
    first open judges the functions of an always-parsed block by their headers' words for
    it, as it judges a definition, not by the block's words (Popen's Windows block at 10,031
    lines of the standard library, walked for its `.get(` and `.read(`: ~40 ms of first
    open). On 00e1c95 the class's block is not in _sourceless (its words hold `get`) and
    the gate walks it (5 pieces). A route typed on its method is found as from scratch."""
    taint = _taint_ids(engine)
    gate = engine.taint.gate  # type: ignore[union-attr]
    walked = gate.walked
    document = IncrementalDocument(engine, ROUTE_WORDS, OPTIONS)
    (block,) = _block_nodes(document)
    assert id(block) in document._sourceless
    assert gate.walked - walked == 4  # the imports and `app = ...`: `helper` is lazy, the block not walked
    assert _found(document.findings(), taint) == []
    assert_same_as_scratch(document)
    line = ROUTE_WORDS.splitlines().index("        def run(self, options):  # `get`, a word of the route sources (`@app.get(...)`), in a body alone")
    document.apply([Change((line, 8), (line, 8), '@app.get("/run/<options>")\n        ')])
    assert ("tainted-command-injection", line + 3) in _found(document.findings(), taint)
    assert_same_as_scratch(document)


NESTED_IMPORTS = '''import a.b
from . import sibling


class Box:
    if True:
        import c

    def method(self, x=__import__("not_an_import_statement")):
        try:
            from d.e import f
        except ImportError:
            import g
        else:
            import h; import i
        finally:
            with open(x) as handle:
                if handle: import j
        match x:
            case 1:
                from k import l
        for _ in x:
            pass
        else:
            from m import n
'''


def test_the_gate_finds_imports_in_every_block(engine: Engine) -> None:
    """Whether a module imports a project module (then data flow runs) is read from its
    import statements in any block, and only those."""
    assert engine.taint is not None
    gate = engine.taint.with_sources(OPTIONS.taint.sources).gate
    found = gate.imports(cst.parse_module(NESTED_IMPORTS))
    assert found == {"a", ".", "c", "d", "g", "h", "i", "j", "k", "m"}
