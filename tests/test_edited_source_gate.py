"""The source gate on the keystroke path while units are lazy (units.py `_edited_functions`):
after an edit inside one function of a big piece (a class-level `if` block of methods), the
gate walks that function (or the re-parsed definition header) alone, not the whole piece. A source
typed there, or into another method of the same piece later, is still seen: every unit is
parsed and the data-flow finding is reported, as a from-scratch analysis reports it. (The
words the sources use are in the text from the start, in a comment: new words would make
every unit parsed anyway, before the gate is asked.)"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lazy_cases import TEXT
from nested_cases import apply_random_edits, assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="gated.py", enabled=lambda info: info.tier == Tier.VULN)

BLOCK = '''
    if os.name == "nt":
        def drive(self):
            return self.size() + len(self.path)

        @app.cli.command("label")
        def label(self, name, args=None):
            return name.upper()
'''
GATED = TEXT.replace("import os\n", "import os\nfrom flask import Flask, request  # app.route views pass request.args to run()\n\napp = Flask(__name__)\n") + BLOCK


def _replace(document: IncrementalDocument, needle: str, new: str) -> None:
    line = document.text.splitlines().index(needle)
    document.apply([Change((line, 0), (line, len(needle)), new)])


def _type_at_end(document: IncrementalDocument, needle: str, typed: str) -> None:
    line = document.text.splitlines().index(needle)
    document.apply([Change((line, len(needle)), (line, len(needle)), typed)])


def _type_after(document: IncrementalDocument, needle: str, name: str) -> None:
    """Type an `x` at the end of `name` in the line `needle`, as the benchmark's name keystroke."""
    line = document.text.splitlines().index(needle)
    column = needle.index(name) + len(name)
    document.apply([Change((line, column), (line, column), "x")])


def _rules(document: IncrementalDocument) -> set[str]:
    return {finding.rule_id for finding in document.findings()}


def _seen(document: IncrementalDocument, edit: Callable[[], None]) -> None:
    """`edit`, made while the block is known to hold no source, adds one: every unit is
    parsed and the data-flow finding reported, as from scratch."""
    assert document.lazy_units() > 0
    assert "tainted-command-injection" not in _rules(document)
    edit()
    assert document.lazy_units() == 0
    assert "tainted-command-injection" in _rules(document)
    assert_same_as_scratch(document)


def test_the_block_starts_lazy_and_names_typed_in_it_keep_it_so(engine: Engine) -> None:
    document = IncrementalDocument(engine, GATED, VULN)
    lazy = document.lazy_units()
    assert lazy > 0
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    _type_after(document, "            return name.upper()", "name")
    assert document.lazy_units() == lazy
    assert "tainted-command-injection" not in _rules(document)
    assert_same_as_scratch(document)


def test_a_source_typed_into_a_second_method_of_the_edited_block_is_seen(engine: Engine) -> None:
    """The first edit leaves the block known to hold no source; the second, in another of
    its methods, is walked alone and holds one."""
    document = IncrementalDocument(engine, GATED, VULN)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    assert document.lazy_units() > 0
    _type_at_end(document, "            return name.upper()", " + run(request.args)")
    assert document.lazy_units() == 0
    assert "tainted-command-injection" in _rules(document)
    assert_same_as_scratch(document)


def test_a_decorator_edited_into_a_route_is_seen(engine: Engine) -> None:
    """An edit of a decorator re-parses the definition's header alone (no function holds
    it): the gate walks the new definition, whose parameter is now the route's."""
    document = IncrementalDocument(engine, GATED.replace("return name.upper()", "return run(name)"), VULN)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    _seen(document, lambda: _replace(document, '        @app.cli.command("label")', '        @app.route("/label/<name>")'))


def test_one_keystroke_completing_a_source_is_seen(engine: Engine) -> None:
    """An `s` typed at the end of `request.arg`, as the benchmark's name keystroke, after
    an edit elsewhere in the block."""
    document = IncrementalDocument(engine, GATED.replace("return name.upper()", "return run(request.arg)"), VULN)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)
    line = document.text.splitlines().index("            return run(request.arg)")
    document.apply([Change((line, 34), (line, 34), "s")])
    assert document.text.splitlines()[line] == "            return run(request.args)"
    assert document.lazy_units() == 0
    assert "tainted-command-injection" in _rules(document)
    assert_same_as_scratch(document)


SHADOWED = '''
    if os.name == "nt":
        def drive(self, verbose=False):
            request = None
            if verbose:
                size = self.size()
                return run(request.args, size)
            tail = self.path[-1:]
            return len(self.path or "")
'''


def _gate(engine: Engine):  # type: ignore[no-untyped-def]
    assert engine.taint is not None
    return engine.taint.with_sources(VULN.taint.sources).gate


def test_a_name_typed_into_a_statement_walks_that_statement_alone(engine: Engine) -> None:
    """After the block is known to hold no source, a name typed in a statement of a method
    is walked alone (no piece nor function is walked again) when what it binds anew is named
    nowhere else in the method: not `sizex = ...` (`size` is named below), but
    `return ...` and `tail = ...`."""
    document = IncrementalDocument(engine, GATED.replace(BLOCK, SHADOWED), VULN)
    _type_after(document, '            return len(self.path or "")', "self.path")
    gate = _gate(engine)
    walked, alone = gate.walked, gate.walked_alone
    _type_after(document, "                size = self.size()", "size")  # `sizex = ...`: rebinds, walked whole
    assert gate.walked == walked + 1 and gate.walked_alone == alone
    _type_after(document, '            return len(self.pathx or "")', "self.pathx")
    assert (gate.walked, gate.walked_alone) == (walked + 1, alone + 1)
    _type_after(document, "            tail = self.path[-1:]", "self.path")
    assert (gate.walked, gate.walked_alone) == (walked + 1, alone + 2)
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)


def test_a_statement_unshadowing_a_source_elsewhere_is_seen(engine: Engine) -> None:
    """`request = None` renamed: `request.args` two statements down, unchanged, is now
    flask's; the edit rebinds a name, so the function is walked whole and the source found."""
    document = IncrementalDocument(engine, GATED.replace(BLOCK, SHADOWED), VULN)
    _type_after(document, '            return len(self.path or "")', "self.path")
    _seen(document, lambda: _type_after(document, "            request = None", "request"))


def test_a_source_typed_into_an_inner_block_is_seen(engine: Engine) -> None:
    """A source typed into a statement two blocks down, walked alone, is found."""
    plain = SHADOWED.replace("request = None", "verbose = bool(verbose)").replace("run(request.args, size)", "run(size)")
    document = IncrementalDocument(engine, GATED.replace(BLOCK, plain), VULN)
    _type_after(document, '            return len(self.path or "")', "self.path")
    alone = _gate(engine).walked_alone
    _seen(document, lambda: _replace(document, "                return run(size)", "                return run(request.args)"))
    assert _gate(engine).walked_alone > alone


def test_after_no_source_was_found_the_gate_looks_up_only_the_pieces_edits_replaced(engine: Engine) -> None:
    """Once the gate found no source, the pieces it then saw are known to hold none while
    the module scope stays: a keystroke in a method (its piece walked through the edited
    function) looks up no other piece, a `def` line edited only the piece re-parsed. The
    findings stay those of a from-scratch analysis, and a source typed later is still seen."""
    document = IncrementalDocument(engine, GATED, VULN)
    gate = _gate(engine)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    looked_up = gate.looked_up
    _type_after(document, "            return name.upper()", "name")
    assert gate.looked_up == looked_up
    _type_after(document, "        def label(self, name, args=None):", "args")
    assert gate.looked_up <= looked_up + 1
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)
    _seen(document, lambda: _type_at_end(document, "            return namex.upper()", " + run(request.args)"))


RENAMED = '''
    if os.name == "nt":
        def drive(self, verbose=False, spare=None, incoming=None):
            tail = self.path[-1:]
            if verbose:
                size = self.size()
                return len(tail) + size
            req = incoming
            return run(req.args)
'''
RENAMED_TEXT = GATED.replace(BLOCK, RENAMED).replace("app = Flask(__name__)\n", "app = Flask(__name__)\nincoming = request\n")


def test_a_name_typed_into_a_parameter_walks_the_statements_naming_it_alone(engine: Engine) -> None:
    """A name typed at the end of a parameter in a `def` line (the benchmark's keystroke in
    `_execute_child`'s signature) walks the definition's own node and the statements that
    name the old or the new name, not the function: none for `spare` (named nowhere), the
    `if verbose:` block for `verbose`. Without the search for its readers the gate walks the
    whole definition each time (walked + 1, walked_alone + 0)."""
    document = IncrementalDocument(engine, RENAMED_TEXT, VULN)
    _type_after(document, "            tail = self.path[-1:]", "self.path")
    gate = _gate(engine)
    walked, alone = gate.walked, gate.walked_alone
    _type_after(document, "        def drive(self, verbose=False, spare=None, incoming=None):", "spare")
    assert (gate.walked, gate.walked_alone) == (walked, alone)
    _type_after(document, "        def drive(self, verbose=False, sparex=None, incoming=None):", "verbose")
    assert (gate.walked, gate.walked_alone) == (walked, alone + 1)
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)


def test_a_parameter_renamed_away_from_a_source_it_shadowed_is_seen(engine: Engine) -> None:
    """`incoming=None` renamed: `req = incoming` now binds the module's `incoming`, flask's
    request, and `req.args` in the statement below (naming `req`, not `incoming`) is a
    source: the statements walked follow what the renamed name's statements bind."""
    document = IncrementalDocument(engine, RENAMED_TEXT, VULN)
    _type_after(document, "            tail = self.path[-1:]", "self.path")
    alone = _gate(engine).walked_alone
    _seen(document, lambda: _type_after(document, "        def drive(self, verbose=False, spare=None, incoming=None):", "incoming"))
    assert _gate(engine).walked_alone == alone + 2


DEEP = RENAMED.replace('''            req = incoming
''', '''            try:
                with self.lock:
                    req = incoming
                    size = len(tail)
            except ValueError:
                raise
            if verbose:
                return size
''')


def test_a_parameter_read_deep_in_a_try_walks_that_statement_alone(engine: Engine) -> None:
    """`incoming` is read only by `req = incoming`, inside a `with` inside a `try:`: that
    statement and the `return` reading `req` are walked, and the source it makes is seen.
    Searched at the body's top level only (parameter_reach.reached before), the `try:` was
    walked whole, and with it both `if verbose:` blocks reading `size`, which the `try:`
    binds too (walked_alone + 4)."""
    document = IncrementalDocument(engine, RENAMED_TEXT.replace(RENAMED, DEEP), VULN)
    _type_after(document, "            tail = self.path[-1:]", "self.path")
    alone = _gate(engine).walked_alone
    _seen(document, lambda: _type_after(document, "        def drive(self, verbose=False, spare=None, incoming=None):", "incoming"))
    assert _gate(engine).walked_alone == alone + 2


def test_a_name_the_resolver_cannot_follow_is_not_followed_from_a_renamed_parameter(engine: Engine) -> None:
    """`req = incoming` binds `req`, which a `for` binds too: the resolver answers nothing
    for `req` (no single value: nested_check.folding_names), so `req.args` is no source whatever
    `incoming` is, and the statements reading `req` are not walked (walked_alone + 1; + 5
    when every name a reader binds was followed, parameter_reach.reached before: the `for`,
    then what reads `tail`, which it binds). The
    findings equal a from-scratch analysis: no source, the units stay lazy."""
    looping = RENAMED.replace("            req = incoming\n", "            req = incoming\n            for req in self.path:\n                tail = req\n")
    document = IncrementalDocument(engine, RENAMED_TEXT.replace(RENAMED, looping), VULN)
    _type_after(document, "            tail = self.path[-1:]", "self.path")
    alone = _gate(engine).walked_alone
    _type_after(document, "        def drive(self, verbose=False, spare=None, incoming=None):", "incoming")
    assert _gate(engine).walked_alone == alone + 1
    assert document.lazy_units() > 0
    assert "tainted-command-injection" not in _rules(document)
    assert_same_as_scratch(document)


def test_after_no_source_was_found_the_gate_looks_at_the_pieces_replaced_since_alone(engine: Engine) -> None:
    """Once the gate found no source under a module scope, it looks only at the pieces that
    are not those it then saw (piece_changes.replaced_pieces): the `if` block a keystroke in
    one of its methods replaced, the function a new line or a keystroke in its body
    replaced. e475186 looked at each of the module's pieces
    (its 10 here) at every question. The findings stay those of a from-scratch analysis, and
    a method reading a source, written later into the class, is seen."""
    document = IncrementalDocument(engine, GATED, VULN)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    asks, pieces = document.stats.gate_asks, document.stats.gate_pieces
    _type_after(document, "            return name.upper()", "name")
    assert (document.stats.gate_asks, document.stats.gate_pieces) == (asks + 1, pieces + 1)
    _type_at_end(document, "def run(cmd):", "\n    other = 1")
    assert (document.stats.gate_asks, document.stats.gate_pieces) == (asks + 2, pieces + 2)
    _type_after(document, "    other = 1", "other")
    assert (document.stats.gate_asks, document.stats.gate_pieces) == (asks + 3, pieces + 3)
    assert document.lazy_units() > 0
    assert_same_as_scratch(document)
    _seen(document, lambda: _type_at_end(document, "            pass", "\n\n    def grab(self):\n        return run(request.args)"))


_GATED_LINES = GATED.split("\n")
_AT_BLOCK = (_GATED_LINES.index('    if os.name == "nt":') + 0.5) / (len(_GATED_LINES) - 1)  # random_change's place of that line
METHOD = "    def grab(self):\n        return run(request.args)\n\n"
SOURCE_PIECES = ["x", "\n", "    ", "run(request.args)", "request.arg", "s", METHOD, "def f(self):\n", "pass\n", "@app.route('/<name>')\n", "#", ":"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(edits=[(_AT_BLOCK, 0.0, 0, METHOD)])  # a method reading a source inserted into the class
@example(edits=[(_AT_BLOCK, 0.0, 0, "\n"), (_AT_BLOCK, 0.0, 0, METHOD.replace("request.args", "request.arg")), (_AT_BLOCK, 0.0, 0, "x"), (_AT_BLOCK + 0.03, 1.0, 0, "s")])
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.integers(0, 15), st.sampled_from(SOURCE_PIECES)), min_size=1, max_size=6))
def test_random_edits_after_the_gate_found_no_source_equal_from_scratch(engine: Engine, edits: list[tuple[float, float, int, str]]) -> None:
    """Keystrokes, lines and definitions inserted or removed after the gate found no source
    (it then looks at the pieces replaced since alone), a source or a route typed among
    them: the findings equal a from-scratch analysis after each edit."""
    document = IncrementalDocument(engine, GATED, VULN)
    _type_after(document, "            return self.size() + len(self.path)", "self.path")
    apply_random_edits(document, edits)
