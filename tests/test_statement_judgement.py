"""Keystrokes in one method of a class judge whether they make a lazy unit needed from
CPython's parse of the statement they change, or of its header alone (an `if`, `elif`,
`for`, `with` line), with the calls of the method's other statements kept from the last
keystroke (definition_calls.KeptCalls): the answer is the one judging the whole method
gives, and the findings are a whole analysis's."""

from __future__ import annotations

import ast
import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lazy_cases import TEXT
from nested_cases import apply_random_edits, assert_same_as_scratch, random_change
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.definition_calls import Calls, KeptCalls, Written
from redline.engine.lazy_units import _Blocks
from redline.engine.lines import split_lines
from redline.engine.model import Tier
from redline.engine.prefilter import IDENTIFIER
from redline.engine.sparse import cpython_tree
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="lazy.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier
METHOD = '''\
    def drive(self, mode):
        first = self.size()
        if mode == 1:
            second = len(self.path) + self.size()
        elif mode == 2:
            second = first * 2
        else:
            second = self.size()
        for item in self.items:
            with item.lock:
                second += item.count + self.size()
        return first + second
'''
BLOCK = "\n" + "".join("    " + line if line.strip() else line for line in ("if os.name == 'nt':\n" + METHOD).splitlines(True))
LAZY = {"total", "parse", "__init__", "size"}
LINES = METHOD.count("\n")


def _lazy(document: IncrementalDocument) -> set[str]:
    return {name for _, piece in document._walk_units() if piece.lazy is not None for name in piece.lazy}


def _replace(document: IncrementalDocument, needle: str, new: str) -> None:
    line = [text.strip() for text in document.text.splitlines()].index(needle)
    column = document.text.splitlines()[line].index(needle)
    document.apply([Change((line, column), (line, column + len(needle)), new)])


@pytest.mark.parametrize(
    ("needle", "typed"),
    [
        ("second = len(self.path) + self.size()", "second = len(self.pathx) + self.size()"),  # a statement in an `if` block
        ("elif mode == 2:", "elif mode == 3:"),  # an `elif` header: its line over a `pass`
        ("for item in self.items:", "for item in self.itemsx:"),  # a `for` header, its block of 2 statements kept
        ("second += item.count + self.size()", "second += item.counts + self.size()"),  # two blocks down
    ],
)
def test_keystrokes_in_a_method_parse_the_statement_they_change(engine: Engine, needle: str, typed: str) -> None:
    """Each keystroke in `drive` parses the line it changes (the method names the lazy
    `size`: its calls are asked), the first one too: the calls of the method's other
    statements come from CPython's parse of its text that its layouts were read from for
    the re-parse (Stats.layout_lines: its 12 lines, read once). Before, the first parsed
    the whole method again (Stats.judged_lines 12, 13, 14), and before that each did."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    assert _lazy(document) == LAZY
    _replace(document, "return first + second", "return first + secondx")
    assert document.stats.judged_lines == 1 and document.stats.layout_lines == LINES
    _replace(document, needle, typed)
    assert document.stats.judged_lines == 2
    _replace(document, typed, needle)
    assert document.stats.judged_lines == 3
    assert _lazy(document) == LAZY and document.stats.full_parses == 1
    assert_same_as_scratch(document)


def test_keystrokes_in_a_def_line_parse_that_line(engine: Engine) -> None:
    """A keystroke in the method's own `def` line (a parameter, a default) parses that line
    over a `pass`, with the calls of the method's statements kept (KeptCalls._own_header),
    the first one too: judging `drive` parses 1 line at each. Before, each keystroke there
    parsed the whole method (Stats.judged_lines 12, 24, 36)."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    _replace(document, "def drive(self, mode):", "def drive(self, mode, limit=1):")
    assert document.stats.judged_lines == 1
    _replace(document, "def drive(self, mode, limit=1):", "def drive(self, mode, limit=12):")
    assert document.stats.judged_lines == 2
    _replace(document, "def drive(self, mode, limit=12):", "def drive(self, modes, limit=12):")  # `mode` is now the module's
    assert document.stats.judged_lines == 3
    assert _lazy(document) == LAZY and document.stats.full_parses == 1
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("needle", "typed"),
    [
        ("second = first * 2", "second = subprocess.call(self.size(), shell=True)"),
        ("elif mode == 2:", "elif subprocess.call(self.size(), shell=True):"),
        ("with item.lock:", "with subprocess.call(self.size(), shell=True):"),
        ("def drive(self, mode):", "def drive(self, mode=subprocess.call(self.size(), shell=True)):"),  # its own `def` line
    ],
)
def test_a_refined_call_typed_after_a_keystroke_parses_the_lazy_units(engine: Engine, needle: str, typed: str) -> None:
    """A call that data flow refines (`subprocess-shell-injection`) reaching the lazy `size`,
    typed in a statement or header after a keystroke elsewhere in the method, is found from
    the statement's parse: every lazy unit is parsed, as judging the whole method did."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    _replace(document, "return first + second", "return first + secondx")
    _replace(document, needle, typed)
    assert document.stats.judged_lines == 2
    assert _lazy(document) == set()
    assert_same_as_scratch(document)


PIECES = st.sampled_from([
    "x", "x", "x", "x", "x", "x", "", "", "self.size()", "self.size()", "subprocess.call(self.size(), shell=True)", "subprocess.call(cmd, shell=True)", "(", ")", ":",
    "\\", "\n", "\n        ", "\n            y = self.size()", "if a:", "elif b:", "else:", "'''", "#", "; z = 1", "async ", "nonlocal q",
])
LINES_AT = st.one_of(st.floats(0, 1), st.floats(0, 0.1))  # anywhere, or in the first lines (the header)
EDITS = st.lists(st.tuples(LINES_AT, st.floats(0, 1), st.integers(0, 2), PIECES), min_size=3, max_size=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_a_method_judged_from_its_changed_statements_is_judged_as_whole(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    """Over random edits of a method, the judgement that keeps the calls of its statements
    (one LazyContext all along) answers what a fresh one, which parses the whole method,
    answers after each edit (None where it does not parse alone, as it). An edit after
    which the method does not parse is undone before the next."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    context = document._lazy
    assert context is not None
    lazy = [(frozenset({"size"}), "Store"), (frozenset({"total"}), None), (frozenset({"parse"}), None)]
    text = METHOD
    for edit in edits:
        line, column, end, piece = random_change(text, *edit)
        lines = text.split("\n")
        lines[line] = lines[line][:column] + piece + lines[line][end:]
        new = "\n".join(lines)
        edited = range(line, line + piece.count("\n") + 1)
        judged = dataclasses.replace(context)._member_refines(new, "Store", lazy, False, edited, Written(new, 0))
        assert context._member_refines(new, "Store", lazy, False, edited, Written(new, 0)) == judged
        text = new if judged is not None else text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_random_edits_of_a_method_give_the_findings_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    """The findings after each random edit of the method's lines are a whole analysis's."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    offset = (TEXT + BLOCK).count("\n") - LINES
    shifted = [((offset + line_at * (LINES - 1)) / (document.text.count("\n")), column_at, removed, piece) for line_at, column_at, removed, piece in edits]
    apply_random_edits(document, shifted)


RICH = '''\
    async def handle(self, request, *, retries=3):
        match request.kind:
            case "get" | "head" if retries > 0:
                async with self.lock as held:
                    data = await self.fetch(request)
            case {"path": path, **rest}:
                for item in rest:
                    self.seen(item)
                else:
                    self.done()
            case _:
                try:
                    self.fallback(request)
                except ValueError as error:
                    raise
        while retries:
            retries -= 1
            if retries == 1:
                continue
            elif retries == 2:
                break
            else:
                def inner(a=self.default()):
                    nonlocal retries
                    return a

        @staticmethod
        def decorated():
            global state
            state = [x async for x in self.stream() if x]
        x = 1; y = self.two()
        if x: z = self.three()
        return (lambda q: q)(x)
'''


def _parsed(text: str) -> ast.stmt | None:
    tree = cpython_tree("class _:\n" + text, "<edit>")
    body = tree.body[0].body if tree is not None and len(tree.body) == 1 and isinstance(tree.body[0], ast.ClassDef) else []
    return body[0] if len(body) == 1 and isinstance(body[0], (ast.FunctionDef, ast.AsyncFunctionDef)) else None


# A decorated method under a comment, its parameters over two lines: its header parsed alone
# starts below the wrapper's line and the comment's, on the whole parse's lines.
HEADED = "    # the handler\n    @staticmethod\n" + RICH.replace("retries=3):\n", "\n                     retries=3) -> int:\n", 1)


def _header(node: ast.stmt) -> tuple[object, ...]:
    """What of a definition's node the judgement reads besides its calls (lazy_units._free_names)."""
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    parts = [node.args, *node.decorator_list, *([node.returns] if node.returns else [])]
    return type(node), node.name, node.lineno, [ast.dump(part, include_attributes=True) for part in parts]


@settings(max_examples=200, deadline=None)
@given(edits=EDITS, text=st.sampled_from([RICH, HEADED]))
def test_the_calls_kept_per_statement_are_those_of_the_whole_parse(edits: list[tuple[float, float, int, str]], text: str) -> None:
    """KeptCalls.edited, where it answers, gives the calls CPython's parse of the whole
    edited definition holds (and only where that parses), and its header's node (name,
    lines, parameters, decorators, returns); where it does not, the whole parse's calls with
    the statements kept by text are the same. The first edit's statements are split from the
    first parse (`holding`), as a first keystroke's are."""
    node = _parsed(text)
    assert node is not None
    kept = None
    for edit in edits:
        line, column, end, piece = random_change(text, *edit)
        if kept is None:  # the first edit's statement split at once, as the first keystroke's (LazyContext._from_old)
            kept = KeptCalls.parsed(node, split_lines(text), 2, None, (line, line))
        lines = text.split("\n")
        lines[line] = lines[line][:column] + piece + lines[line][end:]
        new = "\n".join(lines)
        whole = _parsed(new)
        found = kept.edited(split_lines(new), line, line + piece.count("\n"))
        if found is not None:
            assert whole is not None and found.calls == Calls.of(whole)
            assert _header(found.node) == _header(whole)
        elif whole is not None:
            found = KeptCalls.parsed(whole, split_lines(new), 2, kept)
            assert found.calls == Calls.of(whole)
        if found is not None:
            kept, text = found, new


TEXT_LINES = st.lists(st.sampled_from([
    "    def run(self):", "        def inner(x):", "    def", "    async def go():", "    deferred = 1", "        return self.size()", "        x = 'def y'",
    "", "    # def note", "    defx = 2", "\tdef tab():", "        é = 1",
]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.tuples(TEXT_LINES, TEXT_LINES, st.sampled_from(["    ", "        ", "\t", ""])), min_size=1, max_size=6))
def test_the_identifiers_around_definitions_are_those_of_the_text(texts: list[tuple[list[str], list[str], str]]) -> None:
    """The identifiers around the definitions judged one after another, kept by blocks cut
    at `def` lines (lazy_units._Blocks), are each time those a search of the whole text
    around finds (`def` itself among them where a cut took it out)."""
    blocks = _Blocks()
    for before, after, indent in texts:
        texts_around = "".join(line + "\n" for line in before), "".join(line + "\n" for line in after)
        assert blocks.of(*texts_around, indent) == frozenset(IDENTIFIER.findall("".join(texts_around)))
