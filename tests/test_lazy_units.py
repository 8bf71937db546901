"""Lazy units: first open parses only the definitions the enabled rules may need, and every
edit, source or settings change that could make a stubbed one matter parses it first. After
each step the document's findings equal a from-scratch analysis of its text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine_helpers import RULE_EXAMPLES
from lazy_cases import HANDLER, TEXT
from nested_cases import apply_random_edits, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="lazy.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier
EVERY_RULE = AnalysisOptions(path="lazy.py")


def _lazy(document: IncrementalDocument) -> set[str]:
    return {name for _, piece in document._walk_units() if piece.lazy is not None for name in piece.lazy}


def _line(needle: str) -> int:
    return TEXT.splitlines().index(needle)


def _replace(document: IncrementalDocument, needle: str, new: str) -> None:
    line = document.text.splitlines().index(needle)
    document.apply([Change((line, 0), (line, len(needle)), new)])


def test_first_open_stubs_what_no_enabled_rule_can_match(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    assert _lazy(document) == {"total", "parse", "__init__", "size"}
    assert [f.rule_id for f in document.findings()] == ["subprocess-shell-injection"]
    assert document.stats.full_parses == 1
    assert_same_as_scratch(document)


def test_spaces_at_line_ends_in_a_lazy_unit_parse_nothing(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    line = _line("        result += value")
    document.apply([Change((line, 23), (line, 23), "  ")])
    assert document.stats.unit_parses == 0 and document.lazy_units() == 4
    assert_same_as_scratch(document)


def test_typing_eval_into_a_lazy_unit_reports_it(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    _replace(document, "    result = 0", "    result = eval(values)")
    assert "total" not in _lazy(document)
    assert ("eval-used", _line("    result = 0") + 1) in {(f.rule_id, f.span.start.line) for f in document.findings()}
    assert_same_as_scratch(document)


def test_an_import_alias_added_at_the_top_parses_the_units_using_it(engine: Engine) -> None:
    """`d.load(stream)` means nothing until `import yaml as d` names it: the new module
    statement may change what any lazy unit's words mean."""
    document = IncrementalDocument(engine, TEXT, VULN)
    assert "parse" in _lazy(document)
    document.apply([Change((2, 0), (2, 0), "import yaml as d\n")])
    assert document.lazy_units() == 0
    assert "yaml-unsafe-load" in {f.rule_id for f in document.findings()}
    assert_same_as_scratch(document)


def test_settings_enabling_audit_rules_report_in_lazy_units(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    assert "try-except-pass" not in {f.rule_id for f in document.findings()}
    document.reconfigure(engine, EVERY_RULE)
    assert "try-except-pass" in {f.rule_id for f in document.findings()}
    assert_same_as_scratch(document)


def test_a_source_parses_every_unit(engine: Engine) -> None:
    """Input anywhere may reach any function through calls: data flow needs them all."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _replace(document, "    return subprocess.call(cmd, shell=True)", "    return subprocess.call(input(), shell=True) + total(request.args)")
    document.apply([Change((0, 0), (0, 0), "from flask import request\n")])
    assert document.lazy_units() == 0
    assert_same_as_scratch(document)


def test_a_file_opened_with_a_source_is_parsed_whole(engine: Engine) -> None:
    text = TEXT.replace("def run(cmd):\n", "def run(cmd):\n    cmd = total(request.args)\n").replace("import os\n", "from flask import request\n")
    document = IncrementalDocument(engine, text, VULN)
    assert document.lazy_units() == 0
    assert_same_as_scratch(document)


def test_a_refined_rule_calling_a_lazy_function_parses_it(engine: Engine) -> None:
    """Whether `subprocess-shell-injection` reports depends on what `total` returns (data
    flow proves a value clean, refinement.py): a call to it makes its summary needed."""
    document = IncrementalDocument(engine, TEXT, VULN)
    _replace(document, "    return subprocess.call(cmd, shell=True)", "    return subprocess.call(total(cmd), shell=True)")
    assert "total" not in _lazy(document)
    assert_same_as_scratch(document)


PIECES = ["x", "(", ")", '"', ":", "\n", "    ", "  ", "eval(x)", "request.args", "import yaml as d\n", "total(x)", "def g():\n", "😀"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 2), st.sampled_from(PIECES)), min_size=1, max_size=6))
@example([(0.35, 1, 0, "  ")])  # spaces at a line's end inside `total`
@example([(0.3, 0.5, 0, "eval(x)")])
def test_random_edits_with_lazy_units_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    apply_random_edits(document, edits)


def test_an_edit_in_a_method_under_a_class_level_if_keeps_the_other_units_lazy(engine: Engine) -> None:
    """A class-body `if os.name == ...:` block is no definition, but the methods in it are
    judged as methods are: a name typed into one parses nothing else (it used to parse every
    lazy unit, a whole first open on one keystroke)."""
    text = TEXT + "\n    if os.name == \"nt\":\n        def drive(self):\n            return self.size() + len(self.path)\n"
    document = IncrementalDocument(engine, text, VULN)
    assert _lazy(document) == {"total", "parse", "__init__", "size"}
    _replace(document, "            return self.size() + len(self.path)", "            return self.size() + len(self.pathx)")
    assert _lazy(document) == {"total", "parse", "__init__", "size"}
    assert document.stats.full_parses == 1
    assert_same_as_scratch(document)
    # A refined call in that method whose argument comes from a lazy method: its summary may
    # decide the finding, so the lazy method is parsed.
    _replace(document, "            return self.size() + len(self.pathx)", "            return subprocess.call(self.size(), shell=True)")
    assert "size" not in _lazy(document)
    assert_same_as_scratch(document)


def test_what_class_level_blocks_and_module_code_call_into_refined_rules_is_parsed(engine: Engine) -> None:
    """Code that is always parsed (a class-body `if` block, module statements) may hold a
    function with a call that data flow refines and an argument from a lazy function: that
    function is parsed at open, and when an edit of module code writes such a call."""
    text = TEXT + "\n    if os.name == \"nt\":\n        def drive(self):\n            return subprocess.call(self.size(), shell=True)\n"
    document = IncrementalDocument(engine, text, VULN)
    assert "size" not in _lazy(document)
    assert_same_as_scratch(document)
    document = IncrementalDocument(engine, TEXT + "\n\nif __name__ == \"__main__\":\n    print(total([1]))\n", VULN)
    assert "total" in _lazy(document)
    _replace(document, "    print(total([1]))", "    def main():\n        subprocess.call(total([1]), shell=True)")
    assert "total" not in _lazy(document)
    assert_same_as_scratch(document)


def test_a_refined_call_outside_functions_leaves_its_callees_lazy(engine: Engine) -> None:
    """A match outside any function keeps its finding without data flow (refinement.py):
    what it calls is not needed, at open or when an edit writes it; the finding is there."""
    call = "    subprocess.call(total([1]), shell=True)"
    document = IncrementalDocument(engine, TEXT + "\n\nif __name__ == \"__main__\":\n" + call + "\n", VULN)
    assert "total" in _lazy(document)
    assert ("subprocess-shell-injection", _line_of(document, call) + 1) in {(f.rule_id, f.span.start.line) for f in document.findings()}
    assert_same_as_scratch(document)
    document = IncrementalDocument(engine, TEXT + "\n\nif __name__ == \"__main__\":\n    print(total([1]))\n", VULN)
    _replace(document, "    print(total([1]))", call)
    assert "total" in _lazy(document)
    assert ("subprocess-shell-injection", _line_of(document, call) + 1) in {(f.rule_id, f.span.start.line) for f in document.findings()}
    assert_same_as_scratch(document)


def _line_of(document: IncrementalDocument, needle: str) -> int:
    return document.text.splitlines().index(needle)


FLASK_TEXT = TEXT.replace("import os\n", "import os\nfrom flask import request\n")


def test_a_source_typed_into_a_parsed_function_without_source_words_is_seen(engine: Engine) -> None:
    """At open the source gate skips the definitions whose words hold no source (`run` is
    parsed for its shell call, not for input); once a source is typed there, its new code
    is looked at: every unit is parsed and the data-flow finding is reported."""
    document = IncrementalDocument(engine, FLASK_TEXT, VULN)
    assert document.lazy_units() == 4
    assert {f.rule_id for f in document.findings()} == {"subprocess-shell-injection"}
    _replace(document, "    return subprocess.call(cmd, shell=True)", "    return subprocess.call(total(request.args), shell=True)")
    assert document.lazy_units() == 0
    assert "tainted-command-injection" in {f.rule_id for f in document.findings()}
    assert_same_as_scratch(document)


def test_a_source_typed_into_a_lazy_function_is_seen(engine: Engine) -> None:
    """A lazy function typed into with input reaching a shell call: every unit is parsed
    and the data-flow finding is reported there."""
    document = IncrementalDocument(engine, FLASK_TEXT, VULN)
    assert "parse" in _lazy(document)
    _replace(document, "    return d.load(stream)", "    return subprocess.call(request.args[stream], shell=True)")
    assert document.lazy_units() == 0
    assert ("tainted-command-injection", _line_of(document, "    return subprocess.call(request.args[stream], shell=True)") + 1) in {
        (f.rule_id, f.span.start.line) for f in document.findings()
    }
    assert_same_as_scratch(document)


def test_a_refined_rule_needs_only_what_its_function_calls(engine: Engine) -> None:
    """`total` named as a local variable beside a shell call is no call of the function
    `total`: it stays lazy (data flow would not summarise it); `store.size()` on an instance
    the module creates is a call of `Store.size`, which is parsed at open."""
    text = TEXT.replace("    return subprocess.call(cmd, shell=True)", "    total = cmd\n    return subprocess.call(total, shell=True)")
    document = IncrementalDocument(engine, text, VULN)
    assert "total" in _lazy(document)
    assert_same_as_scratch(document)
    text = TEXT.replace("subprocess.call(cmd, shell=True)", "subprocess.call(store.size(), shell=True)") + "\n\nstore = Store(__file__)\n"
    document = IncrementalDocument(engine, text, VULN)
    assert "size" not in _lazy(document) and "total" in _lazy(document)
    assert_same_as_scratch(document)
    _replace(document, "    return subprocess.call(store.size(), shell=True)", "    return subprocess.call(store.size() + total([1]), shell=True)")
    assert "total" not in _lazy(document)
    assert_same_as_scratch(document)


def test_a_kept_callee_edited_to_call_a_lazy_function_parses_it(engine: Engine) -> None:
    """`helper` is parsed at open because the shell call's refinement needs its summary; an
    edit that makes it call the lazy `parse` makes `parse`'s summary needed as well (a stub
    would summarise as returning a constant and clear the shell call)."""
    text = TEXT.replace("subprocess.call(cmd, shell=True)", "subprocess.call(helper(), shell=True)") + '\n\ndef helper():\n    return "ls"\n'
    document = IncrementalDocument(engine, text, VULN)
    assert "helper" not in _lazy(document) and "parse" in _lazy(document)
    assert_same_as_scratch(document)
    _replace(document, '    return "ls"', "    return parse(__file__)")
    assert "parse" not in _lazy(document)
    assert_same_as_scratch(document)


def test_first_open_builds_a_symbol_table_only_where_a_judgement_reads_it(engine: Engine) -> None:
    """The plan reads a definition's own symbol table only where the upper bound of its
    words (every token a module name) leaves the answer open: `run`'s, whose shell call a
    refined rule may match. `helper` is kept as that call's callee, and nothing in it calls
    a method, so its words are never asked; `Store.size`'s `.get(` is a word of the route
    sources, but its header holds none, so the header's words decide without its table.
    On 0f294e1 the plan built three tables here (`run`'s, `helper`'s as it was pushed,
    `size`'s before its header was read) and Stats had no `plan_scopes` (AttributeError)."""
    text = TEXT.replace("subprocess.call(cmd, shell=True)", "subprocess.call(helper(), shell=True)") + '\n\ndef helper():\n    return "ls"\n'
    text = text.replace("            return len(self.path)", "            return len(self.cache.get(self.path))")
    document = IncrementalDocument(engine, text, VULN)
    assert document.stats.plan_scopes == 1
    assert _lazy(document) == {"total", "parse", "__init__", "size"}
    assert_same_as_scratch(document)


@pytest.mark.parametrize("example", RULE_EXAMPLES, ids=lambda path: path.stem)
def test_every_rule_example_opened_in_the_editor_equals_a_whole_analysis(engine: Engine, example) -> None:
    """Every rule on (audit tier included): lazy units, the parts checked one by one and
    their positions give what a whole-file analysis gives (a focus outside its match's
    statement, such as a constant the pattern looked through, included)."""
    document = IncrementalDocument(engine, example.read_text(encoding="utf-8"), AnalysisOptions(path="example.py"))
    assert_same_as_scratch(document)


def test_the_members_of_a_class_a_rule_matches_whole_stay_parsed(engine: Engine) -> None:
    """`stdlib-http-server` reports the handler class as a whole: its range and fingerprint
    come from every line of it, so none of its methods is a stub; another class's methods
    stay lazy, and with the default rules (no whole-class rule) the handler's are lazy too."""
    every = IncrementalDocument(engine, HANDLER, EVERY_RULE)
    assert _lazy(every) == {"other"}
    [finding] = [f for f in every.findings() if f.rule_id == "stdlib-http-server"]
    assert (finding.span.end.line, finding.span.end.column) == (15, len("        return result"))
    assert_same_as_scratch(every)
    assert _lazy(IncrementalDocument(engine, HANDLER, VULN)) == {"first", "last", "other"}


def test_a_method_added_after_a_kept_last_member_keeps_the_class_range_right(engine: Engine) -> None:
    document = IncrementalDocument(engine, HANDLER, EVERY_RULE)
    document.apply([Change((15, 0), (15, 0), "\n    def added(self):\n        return [1,\n                2]\n")])
    assert_same_as_scratch(document)


def test_a_class_edited_into_a_whole_match_parses_its_lazy_members(engine: Engine) -> None:
    document = IncrementalDocument(engine, HANDLER, EVERY_RULE)
    _replace(document, "class Plain:", "class Plain(http.server.SimpleHTTPRequestHandler):")
    assert "other" not in _lazy(document)
    assert_same_as_scratch(document)


MANGLED = '''import yaml
_Loader__read = yaml.load


class Loader:
    def read(self, stream):
        return __read(stream)

    def size(self):
        return len(self.items)
'''


def test_a_private_name_in_a_method_is_judged_as_cpython_mangles_it(engine: Engine) -> None:
    """`__read` in a method of `Loader` is the module's `_Loader__read`: its binding's words
    (`yaml.load`) are the method's, as CPython's symbol table says, so the method stays parsed
    (each definition's names come from the symbol table of its own lines, the upper bound of
    its words that rules most definitions out first mangles private names too)."""
    document = IncrementalDocument(engine, MANGLED, VULN)
    assert _lazy(document) == {"size"}
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("needle", "new"),
    [
        ("    result = 0", "    resultx = 0"),  # a top-level function
        ("            return len(self.path)", "            return len(self.pathx)"),  # a method
        ("    for value in values:", "    for value in valuesx:"),
    ],
)
def test_a_name_typed_into_a_lazy_unit_no_rule_needs_keeps_it_lazy(engine: Engine, needle: str, new: str) -> None:
    """Its new words need no rule, as first open would judge them: it stays a stub, nothing
    is parsed or checked, and the findings are a whole analysis's."""
    document = IncrementalDocument(engine, TEXT, VULN)
    document.findings()
    checks = document.stats.unit_checks
    _replace(document, needle, new)
    document.findings()
    assert (document.stats.unit_parses, document.stats.unit_checks - checks, document.stats.full_parses) == (0, 0, 1)
    assert _lazy(document) == {"total", "parse", "__init__", "size"}
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("text", "needle", "new", "parsed"),
    [
        (TEXT, "def total(values):", "def totalx(values):", "total"),  # another name: another stub
        (TEXT, "    def size(self):", "    def size(self, key):", None),  # the same stub
        (TEXT, "        result += value", "        result += value(", "total"),  # no longer parses
        (MANGLED, "        return len(self.items)", "        return len(__read(self.items))", "size"),  # `_Loader__read`: yaml.load
    ],
)
def test_an_edit_changing_a_lazy_units_stub_or_needs_parses_it(engine: Engine, text: str, needle: str, new: str, parsed: str | None) -> None:
    """A lazy unit whose stub (name, shape, the names calls into it use) changes, which no
    longer parses alone, or whose words (private names mangled as CPython does) a rule may
    need, is parsed; the findings are a whole analysis's."""
    document = IncrementalDocument(engine, text, VULN)
    lazy = _lazy(document)
    _replace(document, needle, new)
    assert _lazy(document) == (lazy if parsed is None else lazy - {parsed})
    assert_same_as_scratch(document)


def test_a_keystroke_undone_in_a_lazy_unit_reads_nothing_again(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A keystroke in a lazy unit's body reads its new text alone: the old text's stub is
    the new one's where the text up to the body is the same (_same_stub_lines), and tokens
    are compared only when the identifiers are. Its markers are bounded by those first open
    found in it and the edited line's (edit_markers.py): no rule's regex runs over the
    unit, which those leave lazy. Undoing it parses the text as opened once; doing it
    again, and undoing it again, judge texts already judged (LazyContext._remembered):
    CPython parses neither again."""
    from redline.engine import lazy_units

    parsed: list[str] = []
    original = lazy_units.cpython_tree
    monkeypatch.setattr(lazy_units, "cpython_tree", lambda text, path: parsed.append(text) or original(text, path))
    document = IncrementalDocument(engine, TEXT, VULN)
    assert document._lazy is not None
    tokenised: list[str] = []
    tokens_of = document._lazy.tokens_of
    document._lazy.tokens_of = lambda text: tokenised.append(text) or tokens_of(text)
    line = _line("    result = 0")
    document.apply([Change((line, 10), (line, 10), "x")])
    assert (len(parsed), len(tokenised)) == (1, 0)  # the new text of `total`
    document.apply([Change((line, 10), (line, 11), "")])
    assert (len(parsed), len(tokenised)) == (2, 0)  # the text as opened
    document.apply([Change((line, 10), (line, 10), "x")])
    document.apply([Change((line, 10), (line, 11), "")])
    assert (len(parsed), len(tokenised)) == (2, 0)
    assert document.stats.unit_parses == 0 and document.stats.marked_chars == 0 and _lazy(document) == {"total", "parse", "__init__", "size"}
    assert_same_as_scratch(document)


# A lazy method whose words name more than first open found it needs: a local `loads`
# sharing its name with the module's `loads = pickle.loads` (its symbol table says it reads
# no module name but `len`), and `get`, a word of the decorated route sources
# (`@app.get(...)`), in a call with no decorator around.
SHADOWED = """\
import pickle

loads = pickle.loads


class Store:
    def __init__(self, path):
        self.path = path

    def size(self, items, cache):
        loads = len(items)
        count = loads + cache.get(self.path, 0)
        total = count * 2
        return count + total
"""


def _parses(document: IncrementalDocument, needle: str, new: str) -> tuple[int, int, set[str]]:
    """Units parsed and checked by an edit, and the lazy units after it."""
    document.findings()
    parses, checks = document.stats.unit_parses, document.stats.unit_checks
    _replace(document, needle, new)
    document.findings()
    return document.stats.unit_parses - parses, document.stats.unit_checks - checks, _lazy(document)


def test_a_rename_in_a_lazy_method_whose_tokens_name_module_words_keeps_it_lazy(engine: Engine) -> None:
    """Every token of `size` taken for a module name would bring `pickle.loads` in and hold
    a decorated source's `get`; as first open, the keystroke asks `size`'s own symbol table
    (`loads` is a local) and its header (no decorator): it stays a stub, nothing is parsed
    or checked, and the findings are a whole analysis's."""
    document = IncrementalDocument(engine, SHADOWED, VULN)
    assert _lazy(document) == {"__init__", "size"}
    assert _parses(document, "        total = count * 2", "        totalx = count * 2") == (0, 0, {"__init__", "size"})
    assert_same_as_scratch(document)


@pytest.mark.parametrize(
    ("needle", "new"),
    [
        ("        loads = len(items)", "        n = len(items)"),  # `loads` below is now the module's: pickle.loads
        ("        total = count * 2", "        total = pickle.loads(count)"),  # a match
        ("    def size(self, items, cache):", "    @app.get('/size')\n    def size(self, items, cache):"),  # a route: a source
    ],
)
def test_an_edit_bringing_a_rule_into_a_lazy_method_parses_it(engine: Engine, needle: str, new: str) -> None:
    """Where its symbol table or its header now gives a rule its words, the method is parsed
    and checked, and the findings are a whole analysis's."""
    document = IncrementalDocument(engine, SHADOWED, VULN)
    parses, checks, lazy = _parses(document, needle, new)
    assert parses >= 1 and checks >= 1 and "size" not in lazy
    assert_same_as_scratch(document)


SHADOWED_PIECES = ["x", "(", ")", ":", "\n", "    ", "loads", "pickle.loads(x)", "@app.get('/')\n    ", "cache.post(x)", "global loads\n        "]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0.55, 1), st.floats(0, 1), st.integers(0, 2), st.sampled_from(SHADOWED_PIECES)), min_size=1, max_size=5))
@example([(0.88, 0.55, 0, "x")])  # a local renamed where it is bound (`totalx`): `size` stays lazy
@example([(0.75, 0.31, 0, "global loads\n        ")])  # `loads` is now the module's: pickle.loads
@example([(0.68, 0.13, 0, "@app.get('/')\n    ")])  # a route: a source
def test_random_edits_in_a_lazy_method_with_shadowed_words_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, SHADOWED, VULN)
    apply_random_edits(document, edits)


@pytest.mark.parametrize(
    ("text", "needle", "new", "asks"),
    [
        (SHADOWED, "        total = count * 2", "        totalx = count * 2", 0),  # `size` stays lazy
        (TEXT, "    result = 0", "    resultx = 0", 0),  # `total` stays lazy
        (TEXT, "    return subprocess.call(cmd, shell=True)", "    return subprocess.call(cmdx, shell=True)", 1),  # `run` is parsed
        (SHADOWED, "        loads = len(items)", "        n = len(items)", 1),  # `size` parsed: `loads` is now the module's
    ],
)
def test_a_keystroke_leaving_a_lazy_unit_lazy_asks_no_source_gate(engine: Engine, text: str, needle: str, new: str, asks: int) -> None:
    """The source gate walks the parsed module, where a lazy unit that stays lazy is the
    same stub: its answer cannot change, so it is not asked again; an edit of parsed code,
    or one that makes a lazy unit real, asks it. The findings are a whole analysis's."""
    document = IncrementalDocument(engine, text, VULN)
    document.findings()
    before = document.stats.gate_asks
    _replace(document, needle, new)
    document.findings()
    assert document.stats.gate_asks - before == asks
    assert_same_as_scratch(document)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_lazy_stub_fills_its_lines_with_one_string_literal(engine: Engine, ending: str) -> None:
    # A lazy definition's lines past its stub were a comment line each: ~18,000 of LibCST's
    # ~78,000 nodes at first open of 10,031 lines. Now one string literal (a comment when one
    # line is left), and every unit still starts where it does in the real text.
    text = ending.join([
        "import subprocess",
        "def three(a):",
        "    b = a + 1",
        "    return b",
        "def long(a):",
        "    b = a + 1",
        "    c = b * 2",
        "    d = c - 3",
        "    return d",
        "class Holder:",
        "    def method(self, x):",
        "        y = x + 1",
        "        z = y + 2",
        "        return z",
        "def run(cmd):",
        "    subprocess.call(cmd, shell=True)",
        "",
    ])
    document = IncrementalDocument(engine, text, VULN)
    assert _lazy(document) == {"three", "long", "method"}
    stubs = {piece.node.name.value: piece for _, piece in document._walk_units() if piece.lazy is not None}  # type: ignore[union-attr]
    assert {name: len(piece.node.body.body) for name, piece in stubs.items()} == {"three": 1, "long": 2, "method": 2}  # type: ignore[union-attr]
    assert {name: len(piece.node.body.footer) for name, piece in stubs.items()} == {"three": 1, "long": 0, "method": 0}  # type: ignore[union-attr]
    assert [(f.rule_id, f.span.start.line) for f in document.findings()] == [("subprocess-shell-injection", 16)]
    assert_same_as_scratch(document)


# A lazy function opening a path no marker of `hardcoded-tmp-path` (`tmp|shm`) is found in,
# and a lazy method holding one (`tmpdir`) where no rule needing it may match.
OPENER = """\
import os


def read_data():
    handle = open("/srv/data")
    data = handle.read()
    return data


class Cache:
    def where(self):
        base = os.getcwd()
        return base + "/tmpdir"
"""


# The marker in a comment above the method: a line of its piece, not of the plan's definition.
COMMENTED = OPENER.replace('        return base + "/tmpdir"', "        return base").replace("    def where(self):", "    # kept under tmpdir\n    def where(self):")


@pytest.mark.parametrize(
    ("text", "needle", "new", "lazy"),
    [
        (OPENER, '    handle = open("/srv/data")', '    handle = open("/tmp/data")', {"where"}),  # the edited line brings the marker: a match
        (OPENER, "        base = os.getcwd()", "        basex = os.getcwd()", {"read_data", "where"}),  # the marker held since first open
        (OPENER, "        base = os.getcwd()", "        base = open(os.getcwd())", {"read_data"}),  # the rule's word typed where it held the marker
        (OPENER, '        return base + "/tmpdir"', '        return basex + "/tmpdir"', {"read_data", "where"}),  # the edited line holds it
        (COMMENTED, "        base = os.getcwd()", "        base = open(os.getcwd())", {"read_data"}),  # the comment above holds it
    ],
)
def test_a_lazy_units_markers_after_a_keystroke_are_those_it_held_and_the_edited_lines(engine: Engine, text: str, needle: str, new: str, lazy: set[str]) -> None:
    """A rule's requires-text marker typed into a lazy unit makes it needed where the rule's
    words are there (`open` and `/tmp`: hardcoded-tmp-path), though the identifiers alone
    would leave it lazy, as does the rule's word typed into a unit holding a marker since
    first open (in a comment above it too); one it held, or that its edited line holds,
    keeps it lazy where the rule cannot match. The findings are a whole analysis's."""
    document = IncrementalDocument(engine, text, VULN)
    assert _lazy(document) == {"read_data", "where"}
    _replace(document, needle, new)
    assert _lazy(document) == lazy
    assert_same_as_scratch(document)


MARKER_PIECES = ["x", "(", ")", '"', "\n", "    ", "  ", "tmp", "/tmp/", "open(x)", "open(", "# tmp\n", "os.getcwd()"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from([OPENER, COMMENTED]), st.lists(st.tuples(st.floats(0.1, 1), st.floats(0, 1), st.integers(0, 2), st.sampled_from(MARKER_PIECES)), min_size=1, max_size=6))
@example(COMMENTED, [(0.8, 0.5, 0, "open(x)")])  # the rule's word where a comment above holds its marker
@example(OPENER, [(0.25, 0.8, 0, "/tmp/"), (0.3, 0.2, 0, "x")])  # the marker typed, then another keystroke
def test_random_edits_of_lazy_units_holding_markers_equal_from_scratch(engine: Engine, text: str, edits: list[tuple[float, float, int, str]]) -> None:
    """Markers typed, removed and held around lazy units (hardcoded-tmp-path's `tmp|shm`
    with its `open`): after each edit the findings are a whole analysis's."""
    document = IncrementalDocument(engine, text, VULN)
    apply_random_edits(document, edits)
