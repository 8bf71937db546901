"""An edit in a method of a class-level block of methods (`if os.name == "nt":`, as
`Popen`'s 880-line `if _mswindows:`) is judged for lazy units from that method alone, with
the answer judging the whole block gave: a call from it that data flow refines, into a lazy
method, parses that method; any other edit leaves every lazy unit lazy."""

from __future__ import annotations

import ast

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lazy_cases import TEXT
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.definition_calls import Callees, Calls
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="lazy.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier
BLOCK = '''
    if os.name == "nt":
        def drive(self):
            return self.size() + len(self.path)

        # the label, upper-cased
        def label(self):
            name = self.path
            return name.upper()

        def launch(self):
            return self.path.strip()
'''
LAZY = {"total", "parse", "__init__", "size"}


def _lazy(document: IncrementalDocument) -> set[str]:
    return {name for _, piece in document._walk_units() if piece.lazy is not None for name in piece.lazy}


def _replace(document: IncrementalDocument, needle: str, new: str) -> None:
    line = document.text.splitlines().index(needle)
    document.apply([Change((line, 0), (line, len(needle)), new)])


@pytest.mark.parametrize(
    ("needle", "new", "judged"),
    [
        ("            return self.size() + len(self.path)", "            return self.size() + len(self.pathx)", 1),
        # `label` names no lazy unit: no call in it can reach one, and nothing is parsed.
        ("            name = self.path", "            name = self.pathx", 0),
    ],
)
def test_a_name_typed_into_a_method_of_a_block_judges_that_method_alone(engine: Engine, needle: str, new: str, judged: int) -> None:
    """CPython parses the edited statement's line to judge the edit (the calls of
    `drive`'s others come from the parse its layouts were read from; before, its 2 lines
    were parsed again), not the block's 12, and only when the method names a lazy unit
    (`size`)."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    assert _lazy(document) == LAZY
    _replace(document, needle, new)
    assert document.stats.judged_lines == judged
    assert _lazy(document) == LAZY and document.stats.full_parses == 1
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("needle", "new", "needed"),
    [
        ("            name = self.path", "            name = subprocess.call(self.size(), shell=True)", {"size"}),
        ("            name = self.path", "            name = subprocess.call(self.path, shell=True)", set()),
        ("            return name.upper()", "            return subprocess.call(self.size(), shell=False)", {"size"}),
        ("            return self.size() + len(self.path)", "            return subprocess.call(self.size(), shell=True)", {"size"}),
        ("            return self.path.strip()", "            return subprocess.call(self.size(), shell=True)", {"size"}),
        ("        # the label, upper-cased", "        # the label, subprocess.call(self.size(), shell=True)", set()),  # a comment above it
        ("        def label(self):", "        def label(self, key=subprocess.call(self.size(), shell=True)):", {"size"}),
        ("        def label(self):", "        def label(self, key=len(self.size())):", set()),
    ],
)
def test_a_method_of_a_block_is_judged_as_the_block_was(engine: Engine, needle: str, new: str, needed: set[str]) -> None:
    """The lazy methods a refined call (`subprocess-shell-injection`) in the edited method
    reaches are parsed (every lazy unit is, as for any edit making one needed), as judging
    the whole block did; the findings are a whole analysis's."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    _replace(document, needle, new)
    assert _lazy(document) == (set() if needed else LAZY)
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("needle", "new", "scopes", "needed"),
    [
        # `drive` calls the lazy `size`, but no refined rule may match in its words, even with
        # every name of it left to the module: no symbol table is built.
        ("            return self.size() + len(self.path)", "            return self.size() + len(self.pathx)", 0, set()),
        ("            return self.size() + len(self.path)", "            return subprocess.call(self.size(), shell=True)", 1, {"size"}),
        ("            return self.size() + len(self.path)", "            return subprocess.call(self.size(), shell=False)", 1, {"size"}),
    ],
)
def test_a_method_no_refined_rule_may_match_in_is_judged_without_its_symbol_table(engine: Engine, needle: str, new: str, scopes: int, needed: set[str]) -> None:
    """The symbol table of the edited method (which of its names it leaves to the module)
    is built only where a refined rule may match with all its names so left."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    _replace(document, needle, new)
    assert document.stats.judged_scopes == scopes
    assert _lazy(document) == (set() if needed else LAZY)
    assert_same_as_scratch(document)


OTHER = """

class Cache:
    def measure(self):
        sizes = [len(item) for item in self.items]
        sizes.sort()
        return sizes


FACTORY = Cache
"""


@pytest.mark.parametrize(
    ("new", "scopes", "needed"),
    [
        # A refined rule may match, but the call reaches the lazy `Cache.measure` only on an
        # instance of `Cache`, a name that neither the method nor any module statement its
        # names lead to holds: no symbol table (one before: the bound asked the rule alone).
        ("            name = subprocess.call(other.measure(), shell=True)", 0, set()),
        ("            name = subprocess.call(Cache(other).measure(), shell=True)", 1, {"measure"}),
        # `FACTORY` (bound with `Cache` at module level) is an attribute's word here, no name
        # the method uses: no symbol table (one before, every identifier taken for a name).
        ("            name = subprocess.call(other.measure(self.FACTORY), shell=True)", 0, set()),
        ("            name = subprocess.call(other.measure(FACTORY), shell=True)", 1, {"measure"}),
    ],
)
def test_a_method_whose_calls_reach_no_lazy_method_is_judged_without_its_symbol_table(engine: Engine, new: str, scopes: int, needed: set[str]) -> None:
    """The bound that spares the symbol table holds the calls too: a call `x.m()` reaches
    a lazy method `m` of another class only where that class is named in the words; and it
    takes the names the method uses (`FACTORY`, whose module statement names `Cache`) as
    left to the module, not every identifier of its text."""
    document = IncrementalDocument(engine, TEXT + BLOCK + OTHER, VULN)
    assert _lazy(document) == LAZY | {"measure"}
    _replace(document, "            name = self.path", new)
    assert document.stats.judged_scopes == scopes
    assert _lazy(document) == (set() if needed else LAZY | {"measure"})
    assert_same_as_scratch(document)

def test_keystrokes_in_two_methods_of_a_block_are_each_judged_with_the_whole_block(engine: Engine) -> None:
    """The block's words around the edited method are kept from one keystroke to the next
    (LazyContext._identifiers); a keystroke in another method of the block, then a refined
    call typed into the first, judge as the whole block did."""
    document = IncrementalDocument(engine, TEXT + BLOCK, VULN)
    _replace(document, "            name = self.path", "            name = self.pathx")
    _replace(document, "            return self.path.strip()", "            return self.size().strip()")
    assert _lazy(document) == LAZY
    _replace(document, "            name = self.pathx", "            name = subprocess.call(self.size(), shell=True)")
    assert _lazy(document) == set()
    assert_same_as_scratch(document)


# `os-access-toctou` reports `open(...)` after an `if not os.access(...)` that may lie
# outside the definition (a pattern-inside around it): first open leaves a definition
# naming `open` lazy while the code outside every definition names no `access` (the
# docstring's prose makes the rule possible in the file, but is no code).
AMID = '''\
"""Reads the configuration; access to it is checked first."""
import os

PATH = "/etc/app.conf"

if not os.path.isfile(PATH):
    raise SystemExit(1)


class Reader:
    def read(self):
        with open(PATH) as handle:
            return handle.read()


def write(text):
    with open("log.txt", "a") as handle:
        handle.write(text)
'''


@pytest.mark.parametrize(
    ("needle", "new"),
    [("            return handle.read()", "            return handle.readx()"), ("        handle.write(text)", "        handle.write(textx)")],
)
def test_a_keystroke_in_a_lazy_definition_needing_a_check_around_it_keeps_it_lazy(engine: Engine, needle: str, new: str) -> None:
    """The edit is judged with first open's pattern need (`Needs.pattern_amid` given the
    names outside the definitions), not with `Needs.pattern`, which wants any definition
    naming `open`: at 10,031 lines that parsed `TarFile.__init__` and `shutil.rmtree`
    whole at their first keystroke."""
    document = IncrementalDocument(engine, AMID, VULN)
    assert _lazy(document) == {"read", "write"}
    _replace(document, needle, new)
    assert _lazy(document) == {"read", "write"}
    assert document.stats.parsed_lines == 0
    assert_same_as_scratch(document)


def test_a_check_typed_into_a_class_body_parses_the_lazy_units(engine: Engine) -> None:
    """Code of a class outside its methods is code outside the definitions, where the
    pattern-inside may lie: once it names `access`, first open would keep the definitions
    naming `open`, so every lazy unit is parsed, as after such an edit of module code."""
    text = AMID.replace("class Reader:\n", "class Reader:\n    READY = os.path.isfile(PATH)\n\n")
    document = IncrementalDocument(engine, text, VULN)
    assert _lazy(document) == {"read", "write"}
    _replace(document, "    READY = os.path.isfile(PATH)", "    READY = os.access(PATH, os.R_OK)")
    assert document.lazy_units() == 0
    assert_same_as_scratch(document)


def test_keystrokes_in_one_method_walk_the_calls_of_the_statement_they_change(engine: Engine) -> None:
    """The calls of a method judged alone are kept per statement of its body, by their text
    (definition_calls.KeptCalls): the first keystroke in `drive` walks its three statements
    (as its layouts' parse has them) and the new one, the next ones only the statement they
    change; a refined call typed into another statement is found, and parses the lazy
    units, as from scratch."""
    block = BLOCK.replace("            return self.size() + len(self.path)\n", "            first = self.size()\n            second = len(self.path)\n            return first + second\n")
    document = IncrementalDocument(engine, TEXT + block, VULN)
    assert _lazy(document) == LAZY
    _replace(document, "            second = len(self.path)", "            second = len(self.pathx)")
    assert document.stats.walked_statements == 4
    _replace(document, "            second = len(self.pathx)", "            second = len(self.pathxy)")
    assert document.stats.walked_statements == 5 and _lazy(document) == LAZY
    assert_same_as_scratch(document)
    _replace(document, "            first = self.size()", "            first = subprocess.call(self.size(), shell=True)")
    assert document.stats.walked_statements == 6 and _lazy(document) == set()
    assert_same_as_scratch(document)


SIZED = '''
    if os.name == "nt":
        def drive(self):
            return self.size() + len(self.path)

        def launch(self):
            return self.size() + len(self.name)

        def label(self):
            return self.size() + len(self.title)
'''


def test_a_keystroke_in_another_method_of_a_block_searches_the_methods_around_it_once(engine: Engine) -> None:
    """The identifiers of a block of methods around the one judged are kept by method
    (lazy_units._Blocks): after a keystroke in `drive`, whose judgement searched `launch`
    and `label` for them, a keystroke in `label` searches only `drive` (Stats.searched_chars),
    not `launch` nor the block's `if` line again; the lazy units and findings are as from
    scratch. Before, the text around each method judged was searched whole, then the `if`
    line was searched again (kept with the line break that the cut at `drive` takes)."""
    document = IncrementalDocument(engine, TEXT + SIZED, VULN)
    assert _lazy(document) == LAZY
    _replace(document, "            return self.size() + len(self.path)", "            return self.size() + len(self.pathx)")
    first = document.stats.searched_chars
    assert first >= len(SIZED.split("def launch")[1]) and _lazy(document) == LAZY
    _replace(document, "            return self.size() + len(self.title)", "            return self.size() + len(self.titlex)")
    drive = SIZED.replace("self.path)", "self.pathx)").split("\n        def ")[1]  # as edited, without its line breaks
    assert document.stats.searched_chars - first == len(drive.strip("\n"))
    assert _lazy(document) == LAZY and document.stats.full_parses == 1
    assert_same_as_scratch(document)


def _judged_without_a_parse(engine: Engine, text: str, needle: str, new: str, lazy: set[str] = LAZY) -> IncrementalDocument:
    """The document of `text` after `needle` is replaced by `new`, which the lazy judgement
    answered without parsing or walking anything (Stats.judged_lines, walked_statements);
    its lazy units and findings are as from scratch."""
    document = IncrementalDocument(engine, text, VULN)
    assert _lazy(document) == lazy
    _replace(document, needle, new)
    assert (document.stats.judged_lines, document.stats.walked_statements) == (0, 0)
    assert _lazy(document) == lazy
    assert_same_as_scratch(document)
    return document


def test_a_method_naming_a_lazy_method_without_calling_it_is_judged_without_its_calls(engine: Engine) -> None:
    """`drive` names the lazy `size` but writes no `(` after it (definition_calls.Callees):
    no call of it can reach `size`, so a keystroke in it parses and walks nothing; before,
    the first keystroke walked the calls of its statements to find that. Once it calls
    `size`, its calls are walked; no refined rule may match there: `size` stays lazy."""
    block = BLOCK.replace("            return self.size() + len(self.path)", "            return self.size + len(self.path)")
    document = _judged_without_a_parse(engine, TEXT + block, "            return self.size + len(self.path)", "            return self.size + len(self.pathx)")
    _replace(document, "            return self.size + len(self.pathx)", "            return self.size() + len(self.pathx)")
    assert document.stats.walked_statements > 0 and _lazy(document) == LAZY
    assert_same_as_scratch(document)


def test_a_function_call_after_a_continuation_is_judged_without_its_calls(engine: Engine) -> None:
    """`size(...)` first on its line, after `= \\` above, is no method's call (what precedes
    it is no dot), so it cannot reach the lazy method `Store.size`: the keystroke parses and
    walks nothing, where a name first on its line was taken as a method's and the first
    keystroke walked the method's statements (at 10,031 lines, `Popen._execute_child`'s
    `handle_list = ... = \\` then `list(...)`, place 3917)."""
    block = BLOCK.replace("            name = self.path\n", "            name = self.path = \\\n                size(self)\n")
    _judged_without_a_parse(engine, TEXT + block, "            return name.upper()", "            return name.upperx()")


def test_a_top_level_function_naming_a_lazy_function_without_calling_it_is_judged_without_a_parse(engine: Engine) -> None:
    """`run` (a shell call data flow refines) names the lazy `total` but writes no `(`
    after it: no call in it can reach `total`, so a keystroke in it parses nothing
    (Stats.judged_lines); before, its text was compiled with its symbol table at every
    keystroke to find that (at 10,031 lines, 63 lines of `shutil._fastcopy_sendfile` at
    place 7565, ~3 ms a keystroke). `total` stays lazy; the findings are from scratch's."""
    text = TEXT.replace("    return subprocess.call(cmd, shell=True)\n", "    return subprocess.call(cmd or total, shell=True)\n")
    _judged_without_a_parse(engine, text, "    return subprocess.call(cmd or total, shell=True)", "    return subprocess.call(cmd or total, shell=True, cwd=None)")


def test_a_call_of_a_lazy_method_of_a_class_named_nowhere_is_judged_without_its_calls(engine: Engine) -> None:
    """`other.measure()` may call the lazy `Cache.measure` only on an instance of `Cache`,
    which neither the block nor any module statement its method's names lead to names:
    the keystroke parses and walks nothing (LazyContext._may_name), where the first
    keystroke in a method walked its statements' calls (at 10,031 lines, the first in
    `Popen._communicate`, calling `close`, `read`, `write` of lazy classes, its 100 lines)."""
    block = BLOCK.replace("            name = self.path\n", "            name = other.measure()\n")
    _judged_without_a_parse(engine, TEXT + block + OTHER, "            name = other.measure()", "            name = other.measure(1)", LAZY | {"measure"})


_GAPS = ["", " ", "\t", "\n", "\\\n", "  # f(x\n", "\n    ", " \\\n    ", "  # e =\\\n", "\n\n"]


def _expressions() -> st.SearchStrategy[str]:
    gap = st.sampled_from(_GAPS)
    atom = st.sampled_from(["a", "self", "b1", "_c", "1", "1.", "...", "'d('", "f'{e(1)}'", "[g]"])
    return st.recursive(
        atom,
        lambda inner: st.one_of(
            st.builds(lambda e, g, h, n: f"{e}{g}.{h}{n}", inner, gap, gap, st.sampled_from(["m", "a", "self", "_n2"])),
            st.builds(lambda e, g, h, args: f"{e}{g}({h}{args})", inner, gap, gap, st.lists(inner, max_size=2).map(", ".join)),
            st.builds(lambda g, e, h: f"({g}{e}{h})", gap, inner, gap),
            st.builds(lambda e, g, i: f"{e}{g}[{i}]", inner, gap, inner),
            st.builds(lambda e, t, o: f"{e} if {t} else {o}", inner, inner, inner),
        ),
        max_leaves=8,
    )


@settings(max_examples=400, deadline=None)
@given(_expressions())
@example("a.  # f(x\n    m(1)")
@example("a.  # e =\\\n    m(1)")
@example("a. \\\n    m(1)")
def test_the_names_written_before_a_paren_hold_every_callee_name(expression: str) -> None:
    """Every name a call of the parse calls (Calls.names: a function's, a method's) is
    among those the text search finds, across spaces, line continuations, comments and the
    parentheses closing around a callee (`(x.m)(...)`), inside any brackets: a function's
    among those it finds not after a dot (`1. if f() else g`, `...` then a call below), a
    method's among those not after another character (`x.` and a comment, then `m()` below),
    on their line or ending the line above (`x.` then a continuation, or a comment ending
    in `=\\`, then `m()` below)."""
    text = f"value = (\n{expression}\n)\n...\nf(value)\n"
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return
    calls, callees = Calls.of(tree), Callees.of(text)
    assert calls.functions <= callees.functions and calls.own_methods | calls.methods <= callees.methods
