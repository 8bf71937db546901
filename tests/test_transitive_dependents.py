"""A change to a function's summary goes on to the callers of its callers (dataflow_due._readers_due):
when the deferred data flow re-checks a caller and what its own callers read of it (its
summary, the attributes a method leaves) changed, they are checked again too, transitively,
each at most once after an edit; when it did not change, nothing more is checked. Each edit
is typed with `defer=True`, as the server does, then the deferred work runs, and the findings
equal a from-scratch analysis."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import CHAIN, assert_same_as_scratch, random_change
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="chain.py")
INJECTION = "tainted-command-injection"

METHODS = '''import subprocess
from flask import request


class Owner:
    def helper(self, x):
        return x

    def middle(self, y):
        return self.helper(y)

    def handle(self):
        subprocess.call(self.middle(request.args["a"]), shell=True)


def outside():
    subprocess.call(Owner().middle(request.args["b"]), shell=True)
'''

ATTRIBUTES = '''import subprocess
from flask import request


def clean(x):
    return x


class Job:
    def setup(self):
        self.cmd = clean(request.args["a"])

    def run(self):
        subprocess.call(self.cmd, shell=True)
'''

MUTUAL = '''import subprocess
from flask import request


def f(x, n):
    if n:
        return g(x, n - 1)
    subprocess.call(x, shell=True)


def g(x, n):
    return f(x, n)


def h():
    g(request.args["a"], 3)
'''

FOUR_DEEP = '''import subprocess
from flask import request


def f1(x):
    return "ls"


def f2(x):
    return f1(x)


def f3(x):
    return f2(x)


def f4(x):
    return f3(x)


def h():
    subprocess.call(f4(request.args["a"]), shell=True)
'''


def _edit(document: IncrementalDocument, needle: str, old: str, new: str) -> int:
    """Replace `old` on the line holding `needle` by `new` as one deferred change, then run the
    deferred data flow; how many checks that ran."""
    checks = _typed(document, (needle, old, new))
    assert not document.deferred()
    return checks


def _typed(document: IncrementalDocument, *edits: tuple[str, str, str]) -> int:
    """Each edit (`_edit`'s needle, old, new) typed with `defer=True` and no deferred work
    in between, as keystrokes faster than the pause before it; then the deferred work: how
    many checks it ran."""
    for needle, old, new in edits:
        lines = document.text.split("\n")
        line = next(i for i, row in enumerate(lines) if needle in row)
        column = lines[line].index(old)
        document.apply([Change((line, column), (line, column + len(old)), new)], defer=True)
    checks = document.stats.unit_checks
    assert document.check()
    return document.stats.unit_checks - checks


def _injections(document: IncrementalDocument) -> list[str]:
    """The lines holding a command-injection finding (their text, stripped)."""
    lines = document.text.split("\n")
    return [lines[f.span.start.line - 1].strip() for f in document.findings() if f.rule_id == INJECTION]


def _sanitised_and_back(document: IncrementalDocument, sinks: set[str], needle: str = "return x", old: str = "x") -> None:
    """The `sinks` lines have findings; `old` on the line holding `needle` wrapped in `int()`
    takes them away, and unwrapped brings them back, as from scratch each time."""
    assert sinks <= set(_injections(document))
    _edit(document, needle, old, f"int({old})")
    assert not sinks & set(_injections(document))
    assert_same_as_scratch(document)
    _edit(document, needle.replace(old, f"int({old})"), f"int({old})", old)
    assert sinks <= set(_injections(document))
    assert_same_as_scratch(document)


def test_a_sanitiser_added_and_removed_two_calls_away_reaches_the_caller(engine: Engine) -> None:
    _sanitised_and_back(IncrementalDocument(engine, CHAIN, OPTIONS), {'subprocess.call(g(request.args["a"]), shell=True)'})


def test_a_source_returned_two_calls_away_reaches_the_caller(engine: Engine) -> None:
    document = IncrementalDocument(engine, CHAIN.replace('g(request.args["a"])', 'g("ls")'), OPTIONS)
    sink = 'subprocess.call(g("ls"), shell=True)'
    assert sink not in _injections(document)
    _edit(document, "    return x", "x", 'request.args["s"]')
    assert sink in _injections(document)
    assert_same_as_scratch(document)
    _edit(document, '    return request.args["s"]', 'request.args["s"]', "x")
    assert sink not in _injections(document)
    assert_same_as_scratch(document)


def test_only_a_changed_summary_goes_on_to_the_callers_of_callers(engine: Engine) -> None:
    """`f` still returns its argument: what `g` read of it is unchanged, so nothing else is
    checked (its callers were checked again on every edit of its code); once `f`
    sanitises, `g` is checked again, its summary changes and `h` is checked too."""
    document = IncrementalDocument(engine, CHAIN, OPTIONS)
    assert _edit(document, "    return x", "return x", "y = 1\n    return x") == 0
    assert_same_as_scratch(document)
    assert _edit(document, "    return x", "x", "(x)") == 0
    assert_same_as_scratch(document)
    assert _edit(document, "    return (x)", "(x)", "int(x)") == 2  # `g`, then `h`
    assert_same_as_scratch(document)


def test_a_method_chain_through_self_and_an_instance(engine: Engine) -> None:
    inside, outside = 'subprocess.call(self.middle(request.args["a"]), shell=True)', 'subprocess.call(Owner().middle(request.args["b"]), shell=True)'
    _sanitised_and_back(IncrementalDocument(engine, METHODS, OPTIONS), {inside, outside})


def test_a_source_returned_by_a_method_two_calls_away_is_the_first_step_of_a_caller_outside_its_class(engine: Engine) -> None:
    """`helper` returns input: the deferred work checks `outside` again (a top-level function
    calling `Owner().middle()`), whose finding's source now lies in `helper`, another
    top-level statement: the finding names its line and starts with it, as from scratch. Each
    caller is checked once: `handle`'s source, in its own class, took a second check with
    the class's positions."""
    document = IncrementalDocument(engine, METHODS, OPTIONS)
    assert _edit(document, "        return x", "x", 'request.args["p"]') == 3  # `handle` and `middle`, then `outside`, once each
    source = METHODS.split("\n").index("        return x") + 1
    sink = METHODS.split("\n").index('    subprocess.call(Owner().middle(request.args["b"]), shell=True)') + 1
    finding = next(f for f in document.findings() if f.rule_id == INJECTION and f.span.start.line == sink)
    assert finding.message.startswith(f"request.args value from line {source} reaches ")
    assert [(step.span.start.line, step.message) for step in finding.related] == [(source, "source: request.args value"), (sink, "sink: subprocess.call(shell=True)")]
    assert_same_as_scratch(document)


def test_an_attribute_set_through_a_changed_function_reaches_its_reader(engine: Engine) -> None:
    """`setup` leaves `clean(...)` in `self.cmd`: `clean` sanitising changes what `run` reads."""
    _sanitised_and_back(IncrementalDocument(engine, ATTRIBUTES, OPTIONS), {"subprocess.call(self.cmd, shell=True)"})


def test_mutual_recursion_terminates_and_equals_from_scratch(engine: Engine) -> None:
    document = IncrementalDocument(engine, MUTUAL, OPTIONS)
    checks = document.stats.unit_checks
    _sanitised_and_back(document, {'g(request.args["a"], 3)'}, "subprocess.call(x, shell=True)")
    assert document.stats.unit_checks - checks <= 2 * 4  # per edit: `f`, then `g`, `h`, `f` at most once each


def test_a_chain_four_deep(engine: Engine) -> None:
    document = IncrementalDocument(engine, FOUR_DEEP, OPTIONS)
    sink = 'subprocess.call(f4(request.args["a"]), shell=True)'
    assert sink not in _injections(document)
    assert _edit(document, '    return "ls"', '"ls"', "x") == 4  # f2, f3, f4, h
    assert sink in _injections(document)
    assert_same_as_scratch(document)
    _edit(document, "def f1(x):", "", "")
    _edit(document, "    return x", "x", '"ls"')
    assert sink not in _injections(document)
    assert_same_as_scratch(document)


CHAIN_PIECES = ["x", "int(x)", '"ls"', 'request.args["p"]', "(", ")", "\n", "    ", "y = 1\n", "f1", "f2", "g(", "return "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(CHAIN_PIECES)), min_size=1, max_size=6))
@example(edits=[(0.15, 0.77, 4, "x")])  # `f1` returns its argument: `h`, four calls away, has a finding
@example(edits=[(0.71875, 0.9375, 1, 'request.args["p"]')])  # `return request.args["p"]` two calls away: the finding's source step
def test_random_edits_in_a_chain_equal_from_scratch_after_the_deferred_work(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, FOUR_DEEP + METHODS.split("\n", 3)[3], OPTIONS)
    for edit in edits:
        line, column, end, piece = random_change(document.text, *edit)
        document.apply([Change((line, column), (line, end), piece)], defer=True)
        assert document.check()
        assert_same_as_scratch(document)


INSTANCE = '''import subprocess
from flask import request


class Owner:
    def m(self, value):
        subprocess.call(value, shell=True)


obj = Owner()


def use(c):
    obj.m(c)


def handler():
    use(request.args["a"])


def number(c):
    return int(c)
'''


def test_a_method_called_on_a_module_level_instance_reaches_the_callers_of_its_caller(engine: Engine) -> None:
    """`use` calls `obj.m()` on `obj = Owner()` at module level: its summary's key covers
    `Owner`, so `m` sanitising changes it and `handler`, which calls `use`, follows (the
    module calls `int` already: the edit changes no rule part the check narrows to)."""
    document = IncrementalDocument(engine, INSTANCE, OPTIONS)
    _sanitised_and_back(document, {'use(request.args["a"])'}, "subprocess.call(value, shell=True)", "value")


def test_edits_keeping_what_callers_read_check_no_caller(engine: Engine) -> None:
    """Two keystrokes in `f` before the deferred work, `f` still returning its argument: `g`
    (its caller, which read its summary) is not checked again; keystrokes that make `f`
    return something else make `g`, then `h`, follow, whatever node `f` went through."""
    document = IncrementalDocument(engine, CHAIN, OPTIONS)
    sink = 'subprocess.call(g(request.args["a"]), shell=True)'
    assert _typed(document, ("    return x", "x", "(x)"), ("    return (x)", "(x)", "(x) ")) == 0
    assert sink in _injections(document)
    assert_same_as_scratch(document)
    assert _typed(document, ("    return (x) ", "(x) ", "(x)x"), ("    return (x)x", "(x)x", "x1 ")) == 2
    assert sink not in _injections(document)
    assert_same_as_scratch(document)


def test_a_caller_reading_a_node_in_between_is_not_left_stale(engine: Engine) -> None:
    """`f` sanitises, `g` is edited (and so checked, reading the sanitising `f`: its own
    sink is clear), then `f` returns its argument again before the deferred work: what `g`
    read then is not what was kept, so `g` is checked again and its finding is back."""
    text = CHAIN.replace("    return f(y)\n", '    subprocess.call(f(request.args["b"]), shell=True)\n    return f(y)\n')
    document = IncrementalDocument(engine, text, OPTIONS)
    own = 'subprocess.call(f(request.args["b"]), shell=True)'
    assert own in _injections(document)
    _typed(document, ("    return x", "x", "int(x)"), ("    return f(y)", "f(y)", "f((y))"), ("    return int(x)", "int(x)", "x"))
    assert own in _injections(document)
    assert_same_as_scratch(document)
