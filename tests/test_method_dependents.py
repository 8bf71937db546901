"""The data flow an edit in a method makes due elsewhere (dataflow_due._members_due): the pieces that
call the class's methods through `self.` or on an instance of it (`Printer(...)`, a name bound
to that), and its other methods reading an attribute it sets, are checked again; a method of
the same name in another class (`other.get(...)`, a dict's `.get`) leaves them alone. Each
edit is typed with `defer=True`, as the server does, then the deferred work runs, and the
findings equal a from-scratch analysis."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import apply_random_edits, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.attribute_names import attribute_names
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="handlers.py")

HANDLERS = '''import subprocess
from flask import request


class Handler:
    def setup(self):
        self.cmd = "ls"

    def run(self):
        subprocess.call(self.cmd, shell=True)

    def view(self):
        self.send(request.args["v"])

    def send(self, value):
        return value


class Printer:
    def get(self, value):
        subprocess.call(value, shell=True)


class Other:
    def get(self, value):
        return value


def lookup(table):
    return table.get(request.args["k"])


def direct():
    Printer().get(request.args["d"])


def bound():
    printer = Printer()
    printer.get(request.args["b"])


def unrelated():
    other = Other()
    other.get(request.args["o"])
'''

INJECTION = "tainted-command-injection"


def _edit(document: IncrementalDocument, needle: str, old: str, new: str) -> None:
    """Replace `old` on the line holding `needle` by `new` as one deferred change, then run
    the deferred data flow."""
    lines = document.text.split("\n")
    line = next(i for i, row in enumerate(lines) if needle in row)
    column = lines[line].index(old)
    document.apply([Change((line, column), (line, column + len(old)), new)], defer=True)
    document.check()
    assert not document.deferred()


def _injections(document: IncrementalDocument) -> list[str]:
    """The lines holding a command-injection finding (their text, stripped)."""
    lines = document.text.split("\n")
    return [lines[f.span.start.line - 1].strip() for f in document.findings() if f.rule_id == INJECTION]


def test_an_attribute_set_from_input_in_another_method_reaches_the_reader(engine: Engine) -> None:
    document = IncrementalDocument(engine, HANDLERS, OPTIONS)
    assert "subprocess.call(self.cmd, shell=True)" not in _injections(document)
    _edit(document, 'self.cmd = "ls"', '"ls"', 'request.args["c"]')
    assert "subprocess.call(self.cmd, shell=True)" in _injections(document)
    assert_same_as_scratch(document)
    _edit(document, 'self.cmd = request.args["c"]', "self.cmd", "self.name")  # no longer sets it
    assert "subprocess.call(self.cmd, shell=True)" not in _injections(document)
    assert_same_as_scratch(document)
    _edit(document, 'self.name = request.args["c"]', "self.name", "self.cmd, self.other")  # set in a tuple
    assert "subprocess.call(self.cmd, shell=True)" in _injections(document)
    assert_same_as_scratch(document)


def test_an_attribute_named_in_other_letters_reaches_the_reader(engine: Engine) -> None:
    text = HANDLERS.replace("self.cmd", "self.über")
    document = IncrementalDocument(engine, text, OPTIONS)
    _edit(document, 'self.über = "ls"', '"ls"', 'request.args["c"]')
    assert "subprocess.call(self.über, shell=True)" in _injections(document)
    assert_same_as_scratch(document)


def test_a_method_changed_added_or_removed_reaches_its_callers_through_self(engine: Engine) -> None:
    document = IncrementalDocument(engine, HANDLERS, OPTIONS)
    call = 'self.send(request.args["v"])'
    assert call not in _injections(document)
    _edit(document, "        return value", "return value", "subprocess.call(value, shell=True)")
    assert call in _injections(document)  # the summary of `send` now holds a sink
    assert_same_as_scratch(document)
    _edit(document, "    def send(self, value):", "send", "sent")  # `self.send` finds no method
    assert call not in _injections(document)
    assert_same_as_scratch(document)
    _edit(document, "    def sent(self, value):", "sent", "send")  # and again one
    assert call in _injections(document)
    assert_same_as_scratch(document)


def test_a_method_changed_reaches_its_callers_on_an_instance(engine: Engine) -> None:
    document = IncrementalDocument(engine, HANDLERS, OPTIONS)
    direct, bound = 'Printer().get(request.args["d"])', 'printer.get(request.args["b"])'
    assert {direct, bound} <= set(_injections(document))
    _edit(document, "        subprocess.call(value, shell=True)", "subprocess.call(value, shell=True)", "return value")
    assert direct not in _injections(document) and bound not in _injections(document)
    assert_same_as_scratch(document)


def test_an_instance_bound_at_module_level_reaches_callers_that_do_not_name_the_class(engine: Engine) -> None:
    text = HANDLERS.replace("    printer = Printer()\n", "") + "\n\nprinter = Printer()\n"
    document = IncrementalDocument(engine, text, OPTIONS)
    bound = 'printer.get(request.args["b"])'
    assert bound in _injections(document)
    _edit(document, "        subprocess.call(value, shell=True)", "subprocess.call(value, shell=True)", "return value")
    assert bound not in _injections(document)
    assert_same_as_scratch(document)


def _deferred_checks(document: IncrementalDocument, needle: str, old: str, new: str) -> int:
    """Type the change as the server does; how many checks the deferred data flow then ran."""
    lines = document.text.split("\n")
    line = next(i for i, row in enumerate(lines) if row == needle)
    column = lines[line].index(old)
    document.apply([Change((line, column), (line, column + len(old)), new)], defer=True)
    checks = document.stats.unit_checks
    assert document.check()
    return document.stats.unit_checks - checks


def test_a_same_named_method_of_another_class_leaves_the_callers_alone(engine: Engine) -> None:
    """`Other.get` changing concerns `other.get(...)` in `unrelated` only: `lookup`'s dict
    `.get`, `Printer().get` in `direct` and `bound` keep their findings without running again;
    `Handler.send` changing concerns `view` only."""
    document = IncrementalDocument(engine, HANDLERS, OPTIONS)
    before = _injections(document)
    assert _deferred_checks(document, "        return value", "return value", 'return "v"') == 1  # `view`
    assert_same_as_scratch(document)
    assert _deferred_checks(document, "        return value", "return value", 'return "o"') == 1  # `unrelated`
    assert _injections(document) == before
    assert_same_as_scratch(document)


def test_method_edits_keeping_what_readers_read_check_no_other_piece(engine: Engine) -> None:
    """An edit leaving a method's summaries and the attributes it leaves as its readers read
    them (a call keeping the value's origin, a local variable added)
    checks no other piece in the background; one changing them checks its readers, as
    before, whatever nodes the method went through meanwhile (dataflow_due._compared_later)."""
    document = IncrementalDocument(engine, HANDLERS, OPTIONS)
    before = _injections(document)
    assert _deferred_checks(document, "        return value", "return value", "return value.strip()") == 0  # `view` read `send`
    assert _deferred_checks(document, '        self.cmd = "ls"', '"ls"', '"ls"; count = 1') == 0  # `run` read `setup`'s `cmd`
    assert _injections(document) == before
    assert_same_as_scratch(document)
    lines = document.text.split("\n")
    line = next(i for i, row in enumerate(lines) if row == '        self.cmd = "ls"; count = 1')
    document.apply([Change((line, 34), (line, 34), "0")], defer=True)  # `count = 10`: a keystroke...
    document.apply([Change((line, 19), (line, 23), 'request.args["c"]')], defer=True)  # ...then input, before the background work
    checks = document.stats.unit_checks
    assert document.check()
    assert document.stats.unit_checks - checks >= 1  # `run` (and the pieces naming what `setup` names now: `request`, `args`)
    assert "subprocess.call(self.cmd, shell=True)" in _injections(document)
    assert_same_as_scratch(document)


JOB = HANDLERS + '''

class Job:
    def prepare(self):
        return "ls"

    def start(self):
        subprocess.call(self.prepare(), shell=True)

    def launch(self):
        subprocess.call(self.target, shell=True)
'''


def test_a_method_made_to_set_an_attribute_reaches_its_reader(engine: Engine) -> None:
    """`launch` reads `self.target`, which no method named: it asked none of them, so what it
    read is kept nowhere (`start` read `prepare`'s summary: that is compared); `prepare` made
    to set it from input makes `launch` due all the same (dataflow_due._carry_members)."""
    document = IncrementalDocument(engine, JOB, OPTIONS)
    assert "subprocess.call(self.target, shell=True)" not in _injections(document)
    _edit(document, '        return "ls"', 'return "ls"', 'self.target = request.args["t"]; return "ls"')
    assert "subprocess.call(self.target, shell=True)" in _injections(document)
    assert_same_as_scratch(document)


def test_a_class_indented_otherwise_keeps_its_columns_after_an_edit_elsewhere(engine: Engine) -> None:
    """A file indented by 2 spaces or a tab, or a method re-indented by 7: an edit of the import
    line then checks the data flow over the whole module again, whose positions place the
    sinks inside the classes at their real columns (unit_reparse._in_indent)."""
    indented = HANDLERS.replace("    def get(self, value):\n        subprocess", "       def get(self, value):\n        subprocess", 1)
    for text in [HANDLERS.replace("    ", "  "), HANDLERS.replace("    ", "\t"), indented]:
        document = IncrementalDocument(engine, text, OPTIONS)
        document.findings()
        _edit(document, "import subprocess", "subprocess", "subprocesxs")
        assert_same_as_scratch(document)
        _edit(document, "import subprocesxs", "subprocesxs", "subprocess")
        assert_same_as_scratch(document)


def test_a_method_re_indented_keeps_its_columns_after_an_edit_elsewhere(engine: Engine) -> None:
    """`def get` typed further in (7 spaces where the file has 4) re-parses alone; an edit of
    the import line afterwards places `Printer.get`'s sink at column 8, as from scratch."""
    document = IncrementalDocument(engine, HANDLERS, OPTIONS)
    document.findings()
    _edit(document, "    def get(self, value):", "    def", "       def")
    _edit(document, "import subprocess", "subprocess", "subprocesxs")
    sinks = [f.span.start.column for f in document.findings() if f.span.start.line == 21]
    assert sinks == [8]
    assert_same_as_scratch(document)


def test_an_attribute_set_from_input_reaches_a_method_holding_only_the_sink(engine: Engine) -> None:
    """`show` names no source, no pattern word and no other method; `setup` sets the `self.path`
    it opens from input: the editor (its lazy units, in a long file) and the CLI's sparse parse
    (assert_same_as_scratch) both report the path traversal."""
    text = HANDLERS.replace("    def view(self):", "    def show(self):\n        return open(self.path)\n\n    def view(self):").replace(
        'self.cmd = "ls"', 'self.cmd = "ls"; self.path = request.args["p"]'
    )
    text += "".join(f"\n\ndef total{i}(values):\n    result = 0\n    for value in values:\n        result += value\n    return result\n" for i in range(300))
    document = IncrementalDocument(engine, text, AnalysisOptions(path="handlers.py", enabled=lambda info: info.tier == Tier.VULN))
    assert [f.span.start.line for f in document.findings() if f.rule_id == "tainted-path-traversal"] == [13]
    assert_same_as_scratch(document)


PIECES = [
    "x", "(", ")", ":", "\n", "    ", "value", "self.cmd", "self.cmd, self.other", 'request.args["p"]', "subprocess.call(value, shell=True)",
    "def get(self, value):\n", "def send(self, value):\n", "    def send(self, value):\n        return value\n", "Printer()", "Other()", "send", "get",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(PIECES)), min_size=1, max_size=6))
@example([(0.43829, 0.0, 1, "    "), (0.0, 0.8747, 0, "x")])  # `def get` indented by 7, then the import line: `Printer.get`'s sink at its column
def test_random_edits_in_methods_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, HANDLERS, OPTIONS)
    apply_random_edits(document, edits)


_NAME_START = re.compile(r"[^\W\d]")


def _attributes_scanned(text: str) -> list[tuple[tuple[int, int], str]]:
    """The names after a dot, read by hand: from each dot, spaces, backslashes and whole
    comments (to their line's end) are passed over, then a name is read; the next search
    starts after a name found, else at the next character (as `finditer` goes on)."""
    found, at = [], 0
    while (dot := text.find(".", at)) >= 0:
        end = dot + 1
        while end < len(text) and (text[end].isspace() or text[end] in "\\#"):
            if text[end] == "#":
                while end < len(text) and text[end] not in "\r\n":
                    end += 1
            else:
                end += 1
        if end < len(text) and _NAME_START.match(text[end]):
            start = end
            while end < len(text) and (text[end].isalnum() or text[end] == "_"):
                end += 1
            found.append(((dot, end), text[start:end]))
            at = end
        else:
            at = dot + 1
    return found


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=".\\#_a1é \t\f\r\n(", max_size=24))
@example("self.  # set below\\\n    cmd = 1")
@example("x.# foo\n 5")
@example("x. #\n#a\n b")
def test_the_attributes_an_edited_method_names_are_the_names_after_its_dots(text: str) -> None:
    """attribute_names finds the names after a dot across spaces, comments and
    continuations, and none inside a comment (a comment runs to its line's end)."""
    assert attribute_names(text) == {name for _, name in _attributes_scanned(text)}


BANNER_VIEWS = '''import subprocess
from flask import request


class Views:
    def first(self):
        # Setup. ##################################################
        (self.value) = 1
        subprocess.call(request.args["c"], shell=True)
'''
KEYSTROKE = """
import sys
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_files import builtin_rules_dir
from redline.engine.rule_loader import load_rules
from redline.engine.units import Change, IncrementalDocument
text = sys.stdin.read()
document = IncrementalDocument(Engine(load_rules([builtin_rules_dir()])[0]), text, AnalysisOptions(path="views.py"))
document.apply([Change((7, 15), (7, 15), "s")])
print(len(document.findings()))
"""


def test_a_keystroke_under_a_banner_comment_after_a_dot_is_analysed() -> None:
    """A method holding a comment line whose dot is followed by a line of 50 `#` and then a
    line starting with `(`: a keystroke in it gives its findings at once. Before, the search
    for the attributes the method names tried ~2^50 ways to split the `#`s into comments
    and the keystroke's analysis never ended (the subprocess's timeout)."""
    done = subprocess.run([sys.executable, "-c", KEYSTROKE], input=BANNER_VIEWS, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"


def test_a_keystroke_under_a_line_of_dots_before_comments_is_analysed() -> None:
    """A method holding a comment line of 50,000 `.#` and then a line starting with `(`: a
    keystroke in it gives its findings at once. Before, each dot on that line read the rest
    of it to find no name after it: quadratic, ~3 s of CPU for 8,000 `.#` (the timeout)."""
    views = BANNER_VIEWS.replace("# Setup. " + "#" * 50, "#" + ".#" * 50_000)
    done = subprocess.run([sys.executable, "-c", KEYSTROKE], input=views, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"
