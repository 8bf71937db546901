"""The layouts of a unit's blocks read from CPython's parse of its text (block_lines.py): the
same as LibCST's codegen records them, so an edit inside a unit re-parses the same statement
and finds what a from-scratch analysis finds, without rendering the unit; where CPython
cannot vouch for them the codegen still decides."""

from __future__ import annotations

import libcst as cst
import pytest

from nested_cases import NESTED, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.block_lines import read_pending, record_layouts
from redline.engine.lines import split_lines
from redline.engine.nesting import Layouts, render
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="nested.py")  # every rule, audit tier included

# Compound statements whose statements' lines the two parsers must agree on: comments at the
# ends of blocks (a block's footer or the next statement's leading lines), `elif` chains,
# handlers, one-line suites, `;`, decorators, `match`, strings and brackets over lines.
SHAPES = {
    "footers": "def f(a):\n    if a:\n        x = 1\n        # deeper: the if's\n    # level: the next one's\n    y = [\n        1]\n\n    # after a blank\n    return '''a\nb'''\n",
    "elif": "if a:\n    b()\n# between\nelif c:\n    d()\n    # deep\nelif e: f()\nelse:\n    g(); h()\n",
    "try": "try:\n    a()\nexcept (A,\n        B) as e:\n    b()\nexcept C: pass\nelse:\n    c()\nfinally:\n    # last\n    d()\n",
    "decorated": "class C(B):\n    x = 1\n\n    @staticmethod\n    # between decorators\n    @other(\n        1)\n    def m():\n        for i in j:\n            pass\n        else:\n            k()\n        while 1: break\n",
    "match": "match x:\n    case 1:\n        a()\n    case [y, *_]:\n        # c\n        b()\n",
    "async": "async def f():\n    async with a as b:\n        async for c in b:\n            await c\n    with d: e()\n",
}


def _same(rendered: Layouts, read: Layouts) -> bool:
    return rendered.keys() == read.keys() and all(
        rendered[key][0] is read[key][0]
        and [(c.offset, c.lines, c.in_block, c.indent, id(c.node)) for c in rendered[key][1]]
        == [(c.offset, c.lines, c.in_block, c.indent, id(c.node)) for c in read[key][1]]
        for key in rendered
    )


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_layouts_read_from_cpython_are_the_rendered_ones(shape: str) -> None:
    text = SHAPES[shape]
    node = cst.parse_module(text).body[0]
    rendered: Layouts = {}
    render(node, "    ", "\n", rendered)
    read: Layouts = {}
    assert record_layouts(node, split_lines(text)[:-1], read)  # type: ignore[arg-type]
    assert _same(rendered, read)


def test_a_member_of_a_class_is_read_at_its_indentation() -> None:
    text = SHAPES["decorated"]
    member = cst.parse_module(text).body[0].body.body[1]  # type: ignore[attr-defined]
    rendered: Layouts = {}
    render(member, "    ", "\n", rendered, "    ")
    read: Layouts = {}
    assert record_layouts(member, split_lines(text)[2:-1], read)
    assert _same(rendered, read) and len(read) == 2  # the method and its `for`


def test_a_parenthesised_decorator_is_left_to_the_codegen() -> None:
    """CPython places `@(...)` at its expression, LibCST at the `@`: nothing is recorded."""
    text = "def f():\n    @(\n        deco)\n    def g():\n        pass\n"
    read: Layouts = {}
    assert not record_layouts(cst.parse_module(text).body[0], split_lines(text)[:-1], read)  # type: ignore[arg-type]
    assert read == {}


def test_typing_inside_units_renders_none_of_them(engine: Engine) -> None:
    """Edits in a method's nested blocks and in a function's loop re-parse one line each,
    the layouts coming from CPython's parse, and find what a from-scratch analysis finds."""
    document = IncrementalDocument(engine, NESTED, OPTIONS)
    rows = NESTED.splitlines()
    for code in ("os.system(item)", "subprocess.call(data, shell=True)", "y.load(item)"):
        line = next(i for i, row in enumerate(rows) if row.strip() == code)
        column = len(rows[line]) - 1
        document.apply([Change((line, column), (line, column), "x")])  # an argument renamed
        assert_same_as_scratch(document)
        document.apply([Change((line, column), (line, column + 1), "")])
        assert_same_as_scratch(document)
    assert document.stats.full_parses == 1 and document.stats.parsed_lines == 6
    assert document.stats.layout_renders == 0


def test_a_unit_cpython_cannot_vouch_for_is_rendered(engine: Engine) -> None:
    text = "import os\n\n\ndef f(cmd):\n    @(\n        deco)\n    def g():\n        os.system(cmd)\n    return g\n"
    document = IncrementalDocument(engine, text, OPTIONS)
    document.apply([Change((7, 21), (7, 21), "x")])
    assert_same_as_scratch(document)
    assert document.stats.parsed_lines == 1 and document.stats.layout_renders == 1


# A class whose methods sit in an `if`/`else` block (as `subprocess.Popen`'s do), each method
# with blocks of its own.
METHODS = (
    "import os\nimport subprocess\n\n\nclass Runner:\n    name = 'r'\n\n"
    "    if os.name == 'nt':\n"
    "        def start(self, cmd):\n            for part in cmd:\n                if part:\n                    os.system(part)\n\n"
    "        def stop(self, cmd):\n            with open(cmd) as f:\n                subprocess.call(f.read(), shell=True)\n"
    "    else:\n"
    "        def start(self, cmd):\n            while cmd:\n                try:\n                    os.system(cmd)\n                except OSError:\n                    pass\n\n"
    "        def stop(self, cmd):\n            if cmd:\n                subprocess.call(cmd, shell=True)\n"
)


def test_an_edit_reads_the_layouts_of_the_statements_holding_it_only() -> None:
    """Given the edited lines, the statements beside them are measured, not read: their own
    layouts are not recorded; those recorded are the rendered ones, the innermost statement
    holding the edit with its own statements only. A compound statement inside it is kept
    unread and read, from the same parse, when asked for (read_pending): the rendered layout."""
    node = cst.parse_module(METHODS).body[2]
    lines = split_lines(METHODS)[2:-1]  # the blank lines above the class are its own
    rendered: Layouts = {}
    render(node, "    ", "\n", rendered)
    read: Layouts = {}
    edited = next(i for i, line in enumerate(lines) if line.strip() == "os.system(cmd)")  # in the `else` block's `start`
    assert record_layouts(node, lines, read, (edited, edited))  # type: ignore[arg-type]
    branch = node.body.body[1]  # type: ignore[attr-defined]
    method = branch.orelse.body.body[0]
    loop = method.body.body[0]
    assert set(read) == {id(node), id(branch), id(method), id(loop), id(loop.body.body[0])}  # none of the other methods' blocks
    assert _same({key: rendered[key] for key in read}, read)
    heading = next(i for i, line in enumerate(lines) if "def stop(self, cmd):" in line and i > edited)  # the last method's `def` line
    read, unread = {}, {}
    assert record_layouts(node, lines, read, (heading, heading), unread)  # type: ignore[arg-type]
    last = branch.orelse.body.body[1]
    inner = last.body.body[0]
    assert set(read) == {id(node), id(branch), id(last)}  # the innermost, `def stop`, not the `if` inside it
    assert _same({key: rendered[key] for key in read}, read)
    assert id(inner) in unread and read_pending(inner, unread, read) and id(inner) not in unread
    assert _same({id(inner): rendered[id(inner)]}, {id(inner): read[id(inner)]})


def test_edits_in_methods_beside_the_first_edited_one_read_theirs_when_reached(engine: Engine) -> None:
    """The first edit in a class reads the layouts of the statements holding it; a method
    whose layout it did not read has it read from its own text when an edit reaches it: no
    statement rendered, the findings of a from-scratch analysis."""
    document = IncrementalDocument(engine, METHODS, OPTIONS)
    rows = METHODS.splitlines()
    for code in ("os.system(cmd)", "subprocess.call(cmd, shell=True)", "os.system(part)", "subprocess.call(f.read(), shell=True)"):
        line = next(i for i, row in enumerate(rows) if row.strip() == code)
        column = rows[line].index("(") + 1
        document.apply([Change((line, column), (line, column), "x")])  # an argument renamed
        assert_same_as_scratch(document)
        document.apply([Change((line, column), (line, column + 1), "")])
        assert_same_as_scratch(document)
        if code == "os.system(cmd)":  # the first edit read no layout of the `if` block's methods
            assert not any(isinstance(node, (cst.For, cst.With)) for node, _ in document.layouts.values())
    assert document.stats.layout_renders == 0


def test_the_first_edit_in_a_method_of_a_block_of_methods_parses_the_method_alone(engine: Engine) -> None:
    """A class's `if` block of methods has the lines of its methods from first open's parse:
    the first edit in one of them parses that method to find its statements, not the block,
    and finds what a from-scratch analysis finds."""
    document = IncrementalDocument(engine, METHODS, OPTIONS)
    rows = METHODS.splitlines()
    line = next(i for i, row in enumerate(rows) if row.strip() == "os.system(cmd)")
    document.apply([Change((line, 26), (line, 26), "x")])
    assert_same_as_scratch(document)
    assert document.stats.layout_lines == 6 and document.stats.layout_renders == 0  # `def start` of the `else` block, not the 21-line `if`


# A method whose body nests compound statements, findings in two of them.
NESTED_METHOD = (
    "import os\nimport subprocess\n\n\nclass Job:\n    name = 'j'\n\n"
    "    def run(self, cmd, mode):\n"
    "        if mode:\n            for part in cmd:\n                if part:\n                    os.system(part)\n"
    "        while cmd:\n            try:\n                cmd = cmd[1:]\n            except ValueError:\n                break\n"
    "        with open(cmd) as f:\n            if f:\n                subprocess.call(f.read(), shell=True)\n"
    "        return cmd\n"
)


def test_the_first_edit_in_a_method_reads_its_own_statements_not_those_inside_them(engine: Engine) -> None:
    """A `def` line edit reads the layout of the method (its five statements' lines) from
    CPython's parse, not those of the seven compound statements inside them: those are
    read from the same parse when a finding in one is placed (the `if`/`for`/`if` and the
    `with`/`if` holding the two findings) or an edit reaches one (the `while` and its `try`),
    without parsing again (Stats.layout_lines stays). Before, the method was read whole at
    the first edit (8 layouts; on 00e1c95 Stats has no layout_statements, and the `while` had
    its layout at once); the findings are a from-scratch analysis's either way."""
    document = IncrementalDocument(engine, NESTED_METHOD, OPTIONS)
    rows = NESTED_METHOD.splitlines()
    line = next(i for i, row in enumerate(rows) if row.strip().startswith("def run"))
    column = rows[line].index("mode") + 4
    document.apply([Change((line, column), (line, column), "x")])  # `mode` -> `modex`: the body reads `mode`
    assert_same_as_scratch(document)
    parsed = document.stats.layout_lines
    assert document.stats.layout_statements == 6
    assert not any(isinstance(node, (cst.While, cst.Try)) for node, _ in document.layouts.values())
    line = next(i for i, row in enumerate(rows) if row.strip() == "cmd = cmd[1:]")
    document.apply([Change((line, 28), (line, 28), "x")])  # in the `try` inside the `while`
    assert_same_as_scratch(document)
    assert document.stats.layout_statements == 8 and document.stats.layout_lines == parsed and document.stats.layout_renders == 0
