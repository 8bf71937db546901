"""Data flow in the incremental document: an edit inside a function runs its data flow again
while pattern findings elsewhere in it stand (unless a rule data flow refines may match there),
callee summaries survive edits to other code, and every result equals a from-scratch analysis."""

from __future__ import annotations

import libcst as cst
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nested_cases import ATTRIBUTE, apply_random_edits, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.taint.summaries import digest, node_names
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="flows.py")  # every rule, audit tier included

# Functions whose sinks no pattern rule refined by data flow matches (pickle, logging, re):
# edits inside them, or in a function they call, take the paths that keep their other
# pattern findings and run only the data flow again; `launch`'s finding has a path step
# inside `shell`, another unit.
FLOWS = '''import hashlib, logging, pickle, re, subprocess
from flask import request


class Handler:
    def get(self, name):
        token = request.args.get("t")
        if name:
            key = hashlib.md5(name.encode())
            for part in name.split(","):
                logging.info(part)
        pattern = re.compile(token)
        return pickle.loads(token), key, pattern


def view():
    data = request.form["d"]
    try:
        value = pickle.loads(data)
    except Exception:
        pass
    logging.warning("got %s", data)
    return value, hashlib.md5(b"x")


def clean(value):
    return value


def relay():
    logging.info(clean(request.args["r"]))
    return hashlib.sha1(b"y")


def shell(command):
    subprocess.call(command, shell=True)


def launch():
    shell(request.args["s"])
'''

CALLS = '''import subprocess
from flask import request


def run(cmd):
    subprocess.call(cmd, shell=True)


def view():
    note = "a"
    run(request.args["c"])
'''


def _ids(document: IncrementalDocument, line: int) -> set[str]:
    return {f.rule_id for f in document.findings() if f.span.start.line == line}


def _edit(document: IncrementalDocument, needle: str, old: str, new: str, defer: bool = False) -> None:
    """Replace `old` (found at `needle`) by `new`, as one change (with `defer`, the data flow
    other code's changes made due is left for `check`, as the server does)."""
    lines = document.text.split("\n")
    line = next(i for i, row in enumerate(lines) if needle in row)
    column = lines[line].index(old)
    document.apply([Change((line, column), (line, column + len(old)), new)], defer=defer)


def test_source_edit_changes_flows_and_keeps_patterns(engine: Engine) -> None:
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    sink_line = FLOWS.split("\n").index("        value = pickle.loads(data)") + 1
    md5_line = FLOWS.split("\n").index("    return value, hashlib.md5(b\"x\")") + 1
    assert "tainted-deserialization" in _ids(document, sink_line)
    patterns_before = _ids(document, md5_line)
    assert patterns_before  # a pattern finding on another line of the function
    _edit(document, 'data = request.form["d"]', 'request.form["d"]', '"constant"')
    assert "tainted-deserialization" not in _ids(document, sink_line)
    assert _ids(document, md5_line) == patterns_before
    assert_same_as_scratch(document)
    _edit(document, 'data = "constant"', '"constant"', 'request.form["d"]')
    assert "tainted-deserialization" in _ids(document, sink_line)
    assert_same_as_scratch(document)


def test_a_renamed_binding_re_checks_the_statements_reading_it(engine: Engine) -> None:
    """`h = hashlib.sha1` makes `h(...)` a weak hash; typing in `h` (a name keystroke that
    changes what the statement binds) must drop and restore the finding on the reader's line,
    and one read through an alias of the alias (`w = h`) too."""
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    _edit(document, 'return hashlib.sha1(b"y")', "hashlib.sha1", "h")
    others = "".join(f"    n{index} = {index}\n" for index in range(8))  # what the rebinding leaves alone
    _edit(document, 'logging.info(clean(request.args["r"]))', "    logging", f"{others}    h = hashlib.sha1\n    w = h\n    logging")
    sha1_line = document.text.split("\n").index('    return h(b"y")') + 1
    assert _ids(document, sha1_line)
    assert_same_as_scratch(document)
    for needle, old, new in [("h = ", "h", "hx"), ("hx = ", "hx", "h"), ("h = hashlib", "hashlib", "hashlibx"), ("h = hashlibx", "hashlibx", "hashlib")]:
        _edit(document, needle, old, new)
        assert bool(_ids(document, sha1_line)) == (new == "h" or new == "hashlib")
        assert_same_as_scratch(document)
    _edit(document, 'return h(b"y")', "h(", "w(")
    assert _ids(document, sha1_line)
    for needle, old, new in [("h = ", "h", "hx"), ("hx = ", "hx", "h")]:
        _edit(document, needle, old, new)
        assert bool(_ids(document, sha1_line)) == (new == "h")
        assert_same_as_scratch(document)
    assert document.stats.full_parses == 1


def test_method_flow_follows_an_edit_in_a_loop(engine: Engine) -> None:
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    _edit(document, "logging.info(part)", "part", "token")
    assert_same_as_scratch(document)
    _edit(document, 'token = request.args.get("t")', 'request.args.get("t")', "name")
    assert_same_as_scratch(document)


def test_summaries_survive_edits_elsewhere_and_follow_the_callee(engine: Engine) -> None:
    assert engine.taint is not None
    document = IncrementalDocument(engine, CALLS, OPTIONS)
    call_line = CALLS.split("\n").index('    run(request.args["c"])') + 1
    assert "tainted-command-injection" in _ids(document, call_line)
    computed = engine.taint.cache.computed
    _edit(document, 'note = "a"', '"a"', '"ab"')  # the caller's own flow runs again
    assert engine.taint.cache.computed == computed  # run() is unchanged: its summary is reused
    assert "tainted-command-injection" in _ids(document, call_line)
    _edit(document, "subprocess.call(cmd, shell=True)", "cmd, shell=True", '["ls", cmd]')
    assert "tainted-command-injection" not in _ids(document, call_line)  # the caller re-checked
    assert_same_as_scratch(document)


def _type(document: IncrementalDocument, needle: str, typed: str) -> int:
    """Type `typed` at the end of the line holding `needle`; how many checks that ran."""
    lines = document.text.split("\n")
    line = next(i for i, row in enumerate(lines) if needle in row)
    checks = document.stats.unit_checks
    document.apply([Change((line, len(lines[line])), (line, len(lines[line])), typed)])
    return document.stats.unit_checks - checks


def test_spaces_at_a_line_end_check_only_where_findings_may_quote_the_line(engine: Engine) -> None:
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    assert _type(document, "if name:", " ") == 0  # same tokens, no finding on the line
    assert_same_as_scratch(document)
    assert _type(document, "value = pickle.loads(data)", " ") > 0  # a finding's line: checked
    assert_same_as_scratch(document)
    assert _type(document, "def clean(value):", "  # note") > 0  # a new comment is a new token
    assert_same_as_scratch(document)


def test_a_caller_checked_again_keeps_the_path_step_inside_the_callee(engine: Engine) -> None:
    """A space typed in `run` makes `view`'s data flow due: its finding still shows the step
    inside `run` (another top-level unit) with that call's range, as from scratch."""
    document = IncrementalDocument(engine, CALLS, OPTIONS)
    call_line = CALLS.split("\n").index('    run(request.args["c"])') + 1
    sink_line = CALLS.split("\n").index("    subprocess.call(cmd, shell=True)") + 1

    def inside() -> list[tuple[int, int, int, int]]:
        finding = next(f for f in document.findings() if f.rule_id == "tainted-command-injection" and f.span.start.line == call_line)
        return [(r.span.start.line, r.span.start.column, r.span.end.line, r.span.end.column) for r in finding.related if r.message.startswith("inside: ")]

    assert inside() == [(sink_line, 4, sink_line, 36)]
    assert _type(document, "subprocess.call(cmd, shell=True)", " ") > 0
    assert inside() == [(sink_line, 4, sink_line, 36)]
    assert_same_as_scratch(document)


def test_a_binding_typed_above_a_statement_keeps_that_statements_findings(engine: Engine) -> None:
    """`n = 1` typed as a line above `return hashlib.sha1(...)`: both statements are re-parsed,
    the new one names what it binds (a reader of `n`), and the other still gets its finding."""
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    _edit(document, 'return hashlib.sha1(b"y")', "    return", "    n = 1\n    return")
    sha1_line = document.text.split("\n").index('    return hashlib.sha1(b"y")') + 1
    assert _ids(document, sha1_line) == {"weak-hash"}
    assert_same_as_scratch(document)


def test_lines_added_above_callee_and_caller_move_the_step_inside_the_callee(engine: Engine) -> None:
    """A line typed in `relay` moves `shell` and `launch` below it: the step inside `shell`
    in `launch`'s finding moves too (it lies above `launch`, whose findings move lazily from
    its own first line), as from scratch."""
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    document.findings()
    _edit(document, 'return hashlib.sha1(b"y")', "    return", "    n = 1\n    return")
    sink_line = document.text.split("\n").index("    subprocess.call(command, shell=True)") + 1
    finding = next(f for f in document.findings() if f.rule_id == "tainted-command-injection")
    assert [r.span.start.line for r in finding.related if r.message.startswith("inside: ")] == [sink_line]
    assert_same_as_scratch(document)


def test_deferred_callers_keep_their_findings_until_checked(engine: Engine) -> None:
    document = IncrementalDocument(engine, CALLS, OPTIONS)
    call_line = CALLS.split("\n").index('    run(request.args["c"])') + 1
    lines = document.text.split("\n")
    line = lines.index("    subprocess.call(cmd, shell=True)")
    column = lines[line].index("cmd, shell=True")
    document.apply([Change((line, column), (line, column + len("cmd, shell=True")), '["ls", cmd]')], defer=True)
    assert document.deferred()
    assert "tainted-command-injection" in _ids(document, call_line)  # the caller's last findings
    assert document.check()
    assert not document.deferred()
    assert "tainted-command-injection" not in _ids(document, call_line)
    assert_same_as_scratch(document)


def test_an_edit_in_a_function_no_line_calls_leaves_no_background_work(engine: Engine) -> None:
    """Issue 6: every function edit left background work (the server's follow-up) to note
    the callers of the function for importing documents; where no line calls it there are
    none, so there is no follow-up. Once a call is typed, its edits have one again."""
    document = IncrementalDocument(engine, CALLS + '\n\ndef other():\n    run(request.args["o"])\n', OPTIONS)
    for typed in ("b", "c"):
        _edit(document, 'note = "a', '"a', f'"a{typed}', defer=True)
        assert not document.deferred()
        assert document.take_changed_exports() == {"view"}  # importing documents follow at once
        assert_same_as_scratch(document)
    _edit(document, "subprocess.call(cmd, shell=True)", "cmd, shell=True", '["ls", cmd]', defer=True)
    assert document.deferred()  # `view` and `other` call `run`
    assert document.check()
    assert_same_as_scratch(document)
    _edit(document, 'run(request.args["o"])', "run(", "view()\n    run(", defer=True)
    assert document.check()
    _edit(document, 'note = "a', '"a', '"ad', defer=True)
    assert document.deferred()  # `other` calls `view` now
    assert document.check()
    assert_same_as_scratch(document)


def test_a_caller_checked_again_names_the_source_line_in_another_method(engine: Engine) -> None:
    """`run` reads `self.cmd`, which `setup` sets from input: when an edit of `helper` makes
    only `run`'s data flow due, its message still says where the source is, as from scratch."""
    document = IncrementalDocument(engine, ATTRIBUTE, OPTIONS)
    sink_line = ATTRIBUTE.split("\n").index("        subprocess.call(self.cmd, shell=True)") + 1

    def message() -> str:
        return next(f.message for f in document.findings() if f.rule_id == "tainted-command-injection" and f.span.start.line == sink_line)

    assert message().startswith("request.args value from line 7 reaches ")
    for old, new in [("1", "2"), ("2", "len(self.cmd)")]:
        checks = document.stats.unit_checks
        _edit(document, "        return ", old, new)
        assert document.stats.unit_checks > checks  # the caller's data flow ran again
        assert message().startswith("request.args value from line 7 reaches ")
        assert_same_as_scratch(document)
    _edit(document, "    def run(self):", "", "")
    _edit(document, "        self.helper()", "self.helper()", "self.helper()  ")
    assert message().startswith("request.args value from line 7 reaches ")
    assert_same_as_scratch(document)


def test_class_digest_and_names_follow_member_code() -> None:
    def first(code: str) -> cst.CSTNode:
        return cst.parse_module(code).body[0]

    code = "class A(B):\n    def f(self):\n        return g(1)\n\n    x = h\n"
    assert digest(first(code)) == digest(first(code))
    assert digest(first(code)) != digest(first(code.replace("g(1)", "g(2)")))
    assert digest(first(code)) != digest(first(code.replace("(B)", "(C)")))
    assert {"A", "B", "f", "self", "g", "x", "h"} <= node_names(first(code))
    assert "k" in node_names(first(code.replace("g(1)", "k(1)")))


PIECES = [
    "x", "(", ")", '"', ":", "\n", "    ", "data", "token", "'safe'", "request.args", "pickle.loads(x)", "eval(x)", "def g():\n",
    # names that rebind or unbind what other statements read, and aliases
    "name", "part", "value", "key", "p = pickle\n",
    # header lines of functions reading input: an `elif` added or edited, a `def` line
    "elif token:\n", "elif ", "def get(self, name, token):\n", "p.loads(x)", " as p", "import pickle as p\n",
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(0.875, 1.0, 0, "    ")])  # spaces after `shell`'s sink: `launch`'s data flow runs again
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(PIECES)), min_size=1, max_size=8))
def test_random_edits_in_flows_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    apply_random_edits(document, edits)


# View functions where refined pattern rules match (path-from-request, reflected-xss-response:
# their request accesses under each `pattern-inside`), with the taint rules refining them,
# sanitizers and a guard: an edit in a source, sink, sanitizer or guard name checks the
# function whole (may_refine), and the findings must still equal a from-scratch analysis.
REFINED = '''import os
from django.http import HttpResponse
from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route("/notes")
def note():
    name = request.args["name"]
    if ".." in name:
        abort(400)
    with open(os.path.join("notes", request.args["name"])) as handle:
        return handle.read()


@app.route("/save", methods=["POST"])
def save():
    upload = request.files["document"]
    upload.save(os.path.join("up", secure_filename(request.files["document"].filename)))
    return open(os.path.basename(name)).read()


def page(django_request):
    return HttpResponse("<p>" + django_request.GET["q"] + "</p>")
'''

REFINED_PIECES = [
    "x", "(", ")", '"', "\n", "    ", "name", "request.args", "request.args[\"n\"]", "request.form.get(\"f\")",
    "os.path.basename(", "secure_filename(", "html.escape(", "int(", "abort(400)", "open(", "HttpResponse(",
    "django_request.GET[\"q\"]", "os.path.join(", " / ", "if \"..\" in name:\n", "return ",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(0.33, 0.5, 0, "x")])  # a name typed in the source of `note`'s path
@example(edits=[(0.55, 0.7, 0, "os.path.basename(")])  # a sanitizer typed in `save`
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 4), st.sampled_from(REFINED_PIECES)), min_size=1, max_size=6))
def test_random_edits_where_refined_rules_match_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    document = IncrementalDocument(engine, REFINED, OPTIONS)
    assert {"path-from-request", "reflected-xss-response"} <= {f.rule_id for f in document.findings()} | {c for f in document.findings() for c in f.to_dict().get("covers", ())}
    apply_random_edits(document, edits)


def test_keystrokes_with_data_flow_do_not_intersect_the_text_s_words_again(engine: Engine) -> None:
    """Each check with data flow asks which taint parts' words the text holds
    (TaintAnalyzer.narrowed), beside the possible rules' words: the document's TokenCounts
    keep both sets' answers across edits, so a run of keystrokes typing new names in a
    function intersects neither set with every token again (on 92838c3 the parts' words
    were filtered through the text's tokens at every check, and the counts kept no tally:
    AttributeError), with the same findings as a fresh analysis."""
    document = IncrementalDocument(engine, FLOWS, OPTIONS)
    before, walks = document.tokens.counts.intersections, engine.taint.walks
    name = "command"
    for typed in ("x", "y", "z"):
        _edit(document, "def shell(", name, name + typed)
        _edit(document, "subprocess.call(", name, name + typed)
        name += typed
        assert_same_as_scratch(document)
    assert engine.taint.walks > walks  # the data flow ran at the keystrokes
    assert document.tokens.counts.intersections - before == 0
