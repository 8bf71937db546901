"""Pattern semantics (rules/README.md, "Pattern semantics"): small rules on small snippets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from engine_helpers import analyze, findings, make_rule, matched_lines, positions
from redline.engine.formula import RegexFilter

# -- metavariables -------------------------------------------------------------------------


def test_metavariable_binding_fills_the_message(tmp_path: Path) -> None:
    found = findings(tmp_path, "pattern: eval($X)", "x = eval(data + 1)\n", message="eval of $X")
    assert [(f.rule_id, f.span.start.line, f.span.start.column, f.message) for f in found] == [
        ("test-rule", 1, 4, "eval of data + 1")
    ]


def test_metavariable_stands_for_a_name_in_attribute_and_call_position(tmp_path: Path) -> None:
    found = findings(tmp_path, "pattern: $OBJ.$METHOD(1)", "a.b(1)\nx.y.z(1)\nf(1)\n", message="$OBJ / $METHOD")
    assert [(f.span.start.line, f.message) for f in found] == [(1, "a / b"), (2, "x.y / z")]


def test_repeated_metavariable_must_bind_equal_code(tmp_path: Path) -> None:
    code = "a == a\na == b\nx.y == x.y\nf(1) == f(1)\nf(1) == f(2)\n"
    assert matched_lines(tmp_path, "pattern: $X == $X", code) == [1, 3, 4]


def test_repeated_metavariable_ignores_parentheses_whitespace_and_comments(tmp_path: Path) -> None:
    code = "f((a), a)\nf(a+b, a + b)\nf(a,  # note\n  a)\nf(a, b)\n"
    assert matched_lines(tmp_path, "pattern: f($X, $X)", code) == [1, 2, 3]


def test_repeated_metavariable_ignores_quote_style(tmp_path: Path) -> None:
    code = "f('x', \"x\")\nf('x', 'y')\n"
    assert matched_lines(tmp_path, "pattern: f($X, $X)", code) == [1]


# -- ellipsis and argument lists -----------------------------------------------------------


def test_ellipsis_matches_any_run_of_arguments(tmp_path: Path) -> None:
    assert matched_lines(tmp_path, "pattern: f(...)", "f()\nf(1)\nf(1, k=2)\ng(1)\n") == [1, 2, 3]


def test_ellipsis_after_and_before_a_fixed_argument(tmp_path: Path) -> None:
    code = "f(1)\nf(1, 2)\nf(2, 1)\nf(2)\n"
    assert matched_lines(tmp_path, "pattern: f(1, ...)", code) == [1, 2]
    assert matched_lines(tmp_path, "pattern: f(..., 1)", code) == [1, 3]


def test_ellipsis_as_an_expression_matches_any_expression(tmp_path: Path) -> None:
    assert matched_lines(tmp_path, "pattern: f(k=...)", "f(k=1)\nf(k=g(2))\nf(j=1)\nf()\n") == [1, 2]


def test_ellipsis_args_metavariable_binds_the_run(tmp_path: Path) -> None:
    found = findings(tmp_path, "pattern: f($...ARGS)", "f()\nf(1)\nf(1, k=2)\n", message="args: [$...ARGS]")
    assert [f.message for f in found] == ["args: []", "args: [1]", "args: [1, k=2]"]


def test_keyword_between_ellipses(tmp_path: Path) -> None:
    code = "f(key=1)\nf(1, key=2, z=3)\nf(1, z=3)\nf(1, other=4)\n"
    found = findings(tmp_path, "pattern: f(..., key=$V, ...)", code, message="key is $V")
    assert [(f.span.start.line, f.message) for f in found] == [(1, "key is 1"), (2, "key is 2")]


def test_keyword_arguments_match_in_any_order(tmp_path: Path) -> None:
    assert matched_lines(tmp_path, "pattern: f(a=1, b=2)", "f(b=2, a=1)\nf(a=1, b=2)\n") == [1, 2]


def test_without_ellipsis_the_call_must_have_exactly_those_arguments(tmp_path: Path) -> None:
    code = "f(1)\nf()\nf(1, 2)\nf(1, k=2)\nf(k=1)\n"
    assert matched_lines(tmp_path, "pattern: f($X)", code) == [1]
    keywords = "f(a=1, b=2)\nf(a=1)\nf(a=1, b=2, c=3)\nf(0, a=1, b=2)\n"
    assert matched_lines(tmp_path, "pattern: f(a=1, b=2)", keywords) == [1]


def test_ellipsis_in_lists_and_tuples(tmp_path: Path) -> None:
    code = "x = [1, 3]\nx = [1, 2, 2, 3]\nx = [1, 2]\nx = [0, 1, 3]\n"
    assert matched_lines(tmp_path, "pattern: '[1, ..., 3]'", code) == [1, 2]
    assert matched_lines(tmp_path, "pattern: (1, ..., 3)", "x = (1, 3)\nx = (1, 2, 3)\nx = (1, 2)\n") == [1, 2]


def test_ellipsis_in_a_statement_body(tmp_path: Path) -> None:
    body = """
    pattern: |
      def $F(...):
          ...
          eval($X)
          ...
    """
    code = """\
    def first(x):
        y = 1
        eval(x)
        return y
    def second(x):
        eval(x)
    def third():
        pass
    """
    found = findings(tmp_path, body, code, message="$F evaluates $X")
    assert [(f.span.start.line, f.message) for f in found] == [(1, "first evaluates x"), (5, "second evaluates x")]


# -- strings and numbers -------------------------------------------------------------------


def test_string_matches_by_value_across_quote_styles_and_prefixes(tmp_path: Path) -> None:
    code = """\
    f("abc")
    f('abc')
    f(\"\"\"abc\"\"\")
    f(r"abc")
    f(u'abc')
    f("a" 'bc')
    f(f"abc")
    f(f"a{'b'}c")
    f("abd")
    f(abc)
    """
    assert matched_lines(tmp_path, 'pattern: f("abc")', code) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_string_matches_a_name_assigned_that_constant(tmp_path: Path) -> None:
    code = """\
    MODULE = "ab" + "c"
    f(MODULE)
    def local():
        value = f"a{'b'}c"
        f(value)
    def parameter(value):
        f(value)
    """
    assert matched_lines(tmp_path, 'pattern: f("abc")', code) == [2, 5]


def test_any_string_matches_every_string_with_a_known_value(tmp_path: Path) -> None:
    code = """\
    f("x")
    f('a' "b")
    f(f"a{1}")
    CONST = "k"
    f(CONST)
    def local():
        name = "z"
        f(name)
    """
    assert matched_lines(tmp_path, 'pattern: f("...")', code) == [1, 2, 3, 5, 8]


def test_any_string_does_not_match_unknown_values(tmp_path: Path) -> None:
    code = """\
    def g(param):
        f(param)
        f(f"a{param}")
        result = h()
        f(result)
        f(1)
        f(None)
    """
    assert matched_lines(tmp_path, 'pattern: f("...")', code) == []


def test_name_assigned_two_different_constants(tmp_path: Path) -> None:
    code = """\
    def g(flag):
        mode = "abc"
        if flag:
            mode = "xyz"
        f(mode)
    """
    assert matched_lines(tmp_path, 'pattern: f("...")', code) == [5]
    assert matched_lines(tmp_path, 'pattern: f("abc")', code) == []


def test_numbers_match_by_value(tmp_path: Path) -> None:
    code = """\
    import os
    os.chmod(p, 511)
    os.chmod(p, 0o777)
    os.chmod(p, 0x1FF)
    os.chmod(p, 0o755)
    MODE = 0o777
    os.chmod(p, MODE)
    """
    assert matched_lines(tmp_path, "pattern: os.chmod($P, 0o777)", code) == [2, 3, 4, 7]


# -- names through imports -----------------------------------------------------------------


def test_module_alias_and_from_import_alias_resolve(tmp_path: Path) -> None:
    code = """\
    import yaml as y
    from yaml import load as l
    import json
    y.load(s)
    l(s)
    json.load(s)
    y.safe_load(s)
    """
    assert matched_lines(tmp_path, "pattern: yaml.load(...)", code) == [4, 5]


def test_from_import_of_a_function_resolves(tmp_path: Path) -> None:
    code = "from os import system\nsystem(cmd)\nimport os.path\nos.system(cmd)\n"
    assert matched_lines(tmp_path, "pattern: os.system(...)", code) == [2, 4]


def test_import_patterns_take_a_gap_among_the_imported_names(tmp_path: Path) -> None:
    code = """\
    from subprocess import Popen
    from subprocess import run, call
    from subprocess import (run as r,
        call)
    from shlex import quote
    import os, subprocess as sp
    from ..subprocess import Popen
    from ... import subprocess
    """
    assert matched_lines(tmp_path, "pattern: from subprocess import ...", code) == [1, 2, 3]
    assert matched_lines(tmp_path, "pattern: from subprocess import run, ...", code) == [2, 3]
    assert matched_lines(tmp_path, "pattern: import ..., subprocess, ...", code) == [6]
    assert matched_lines(tmp_path, "pattern: from $M import ...", code) == [1, 2, 3, 5]
    assert matched_lines(tmp_path, "pattern: from ... import subprocess", code) == [8]  # relative dots stay


def test_import_from_module_is_matched_as_written_not_through_later_bindings(tmp_path: Path) -> None:
    code = "from subprocess import Popen\nfrom .. import subprocess\n"
    assert matched_lines(tmp_path, "pattern: from subprocess import $NAME", code) == [1]


def test_star_import_resolves_names_bound_nowhere_else(tmp_path: Path) -> None:
    code = """\
    from os import *
    system(cmd)
    def f(popen):
        system(cmd)
        popen(cmd)
    def system_check():
        pass
    """
    assert matched_lines(tmp_path, "pattern: os.system(...)", code) == [2, 4]
    assert matched_lines(tmp_path, "pattern: os.popen(...)", code) == []  # a parameter, not os.popen


def test_star_import_leaves_builtins_and_takes_the_last_module(tmp_path: Path) -> None:
    code = "from subprocess import *\nfrom os import *\nfrom .helpers import *\neval(x)\nsystem(cmd)\ncall(cmd)\n"
    assert matched_lines(tmp_path, "pattern: eval(...)", code) == [4]
    assert matched_lines(tmp_path, "pattern: os.system(...)", code) == [5]
    assert matched_lines(tmp_path, "pattern: subprocess.call(...)", code) == []  # os came last


def test_imports_inside_a_function_resolve_only_in_that_function(tmp_path: Path) -> None:
    code = """\
    def f(s):
        import yaml as z
        z.load(s)
    def g(s):
        from yaml import load
        load(s)
    def h(s):
        z.load(s)
    """
    assert matched_lines(tmp_path, "pattern: yaml.load(...)", code) == [3, 6]


def test_builtin_matches_when_not_shadowed(tmp_path: Path) -> None:
    code = "eval(x)\ndef f():\n    eval(y)\n"
    assert matched_lines(tmp_path, "pattern: eval(...)", code) == [1, 3]


@pytest.mark.parametrize(
    "code",
    [
        "def eval(s):\n    return s\neval(x)\n",
        "def f():\n    def eval(s):\n        return s\n    eval(x)\n",
        "def f(eval):\n    eval(x)\n",
        "def f():\n    eval = print\n    eval(x)\n",
        "from numexpr import evaluate as eval\neval(x)\n",
    ],
    ids=["module-def", "local-def", "parameter", "assignment", "import"],
)
def test_shadowed_builtin_does_not_match(tmp_path: Path, code: str) -> None:
    assert matched_lines(tmp_path, "pattern: eval(...)", code) == []


def test_method_on_the_result_of_a_call_in_three_shapes(tmp_path: Path) -> None:
    code = """\
    import tarfile, zipfile
    tarfile.open(p).extractall()
    t = tarfile.open(p)
    t.extractall()
    with tarfile.open(p) as u:
        u.extractall("d")
    def f(p, w):
        v = tarfile.open(p)
        v.extractall()
        w.extractall()
    z = zipfile.ZipFile(p)
    z.extractall()
    """
    assert matched_lines(tmp_path, "pattern: tarfile.open(...).extractall(...)", code) == [2, 4, 6, 9]


def test_dict_pattern_matches_a_dict_with_at_least_those_entries(tmp_path: Path) -> None:
    code = """\
    f({"b": 2, "c": 3, "a": 1})
    f({"a": 1})
    f({"a": 2, "b": 3})
    """
    found = findings(tmp_path, """pattern: 'f({"a": 1, "b": $B})'""", code, message="b is $B")
    assert [(f.span.start.line, f.message) for f in found] == [(1, "b is 2")]


# -- pattern-inside, pattern-not-inside, pattern-not, pattern-either ----------------------

_IN_FUNCTION = """\
eval(a)
def f(x):
    y = 1
    eval(b)
class C:
    def m(self):
        if x:
            eval(c)
"""


def test_pattern_inside_a_function(tmp_path: Path) -> None:
    body = """
    patterns:
      - pattern: eval($X)
      - pattern-inside: |
          def $F(...):
              ...
    """
    found = findings(tmp_path, body, _IN_FUNCTION, message="$X in $F")
    assert [(f.span.start.line, f.message) for f in found] == [(4, "b in f"), (8, "c in m")]


def test_pattern_not_inside_a_function(tmp_path: Path) -> None:
    body = """
    patterns:
      - pattern: eval($X)
      - pattern-not-inside: |
          def $F(...):
              ...
    """
    assert matched_lines(tmp_path, body, _IN_FUNCTION) == [1]


def test_pattern_inside_a_statement_sequence(tmp_path: Path) -> None:
    body = """
    patterns:
      - pattern: $T.read()
      - pattern-inside: |
          $T = open(...)
          ...
    """
    code = """\
    q.read()
    q = open(p)
    if z:
        q.read()
    g.read()
    def h():
        r.read()
        r = open(p)
        r.read()
    """
    found = findings(tmp_path, body, code, message="read of $T")
    assert [(f.span.start.line, f.message) for f in found] == [(4, "read of q"), (9, "read of r")]


def test_pattern_not_removes_matches(tmp_path: Path) -> None:
    body = """
    patterns:
      - pattern: yaml.load($X, ...)
      - pattern-not: yaml.load($X, Loader=yaml.SafeLoader, ...)
    """
    code = """\
    import yaml
    from yaml import SafeLoader
    yaml.load(s)
    yaml.load(s, Loader=yaml.SafeLoader)
    yaml.load(s, Loader=yaml.Loader)
    yaml.load(s, Loader=SafeLoader)
    """
    assert matched_lines(tmp_path, body, code) == [3, 5]


def test_pattern_either(tmp_path: Path) -> None:
    body = """
    pattern-either:
      - pattern: hashlib.md5(...)
      - pattern: hashlib.sha1(...)
    """
    code = "import hashlib\nhashlib.md5(b)\nhashlib.sha1(b)\nhashlib.sha256(b)\n"
    assert matched_lines(tmp_path, body, code) == [2, 3]


def test_pattern_either_with_string_options(tmp_path: Path) -> None:
    """String options start at literals, and a pattern-not of them sees names bound to constants."""
    body = """
    patterns:
      - pattern: run($CMD)
      - pattern-not:
          pattern-either:
            - pattern: run("...")
            - pattern: run(["...", ...])
    """
    code = 'CMD = "ls"\nrun(CMD)\nrun(user_input)\nrun(["ls", x])\n'
    assert matched_lines(tmp_path, body, code) == [3]
    either = """
    pattern-either:
      - pattern: '"0.0.0.0"'
      - pattern: bind(...)
    """
    assert matched_lines(tmp_path, either, 'host = "0.0.0.0"\nbind(x)\n') == [1, 2]


# -- metavariable filters and focus --------------------------------------------------------


def _regex_rule(regex: str) -> str:
    return f"""
    patterns:
      - pattern: f($S)
      - metavariable-regex:
          metavariable: $S
          regex: {regex}
    """


def test_metavariable_regex_is_anchored_at_the_start(tmp_path: Path) -> None:
    assert matched_lines(tmp_path, _regex_rule("abc"), "f(abc)\nf(xabc)\nf(abcd)\n") == [1, 3]


def test_a_regex_choosing_names_matches_them_uncompiled(tmp_path: Path) -> None:
    """`^(debug|info)$` is compared as names, never run: its filter holds no compiled regex,
    and it matches what the same choice run as a regex (`\\Z`, not read as a choice) does."""
    code = "f(debug)\nf(info)\nf(debugx)\nf('debug')\nf(x.debug)\nf(warn)\n"
    assert matched_lines(tmp_path, _regex_rule("^(debug|info)$"), code) == matched_lines(tmp_path, _regex_rule("^(debug|info)\\Z"), code) == [1, 2]
    (choice,) = (item for item in make_rule(tmp_path, _regex_rule("^(debug|info)$")).formula.filters if isinstance(item, RegexFilter))
    assert choice.exact == {"debug", "info"} and choice.compiled is None


def test_metavariable_regex_sees_string_literals_with_their_quotes(tmp_path: Path) -> None:
    code = "f('md5')\nf(\"md5\")\nf(md5)\nf('xmd5')\n"
    assert matched_lines(tmp_path, _regex_rule("md5"), code) == [3]
    assert matched_lines(tmp_path, _regex_rule("""'["\\x27]md5'"""), code) == [1, 2]


def test_metavariable_regex_is_time_bounded(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, _regex_rule(r"'(\w|\w)*\d$'"))
    started = time.monotonic()
    result = analyze(rule, "f(" + "a" * 40 + ")\n")
    assert result.findings == [] and result.errors == []
    assert time.monotonic() - started < 30


def _comparison_rule(pattern: str, comparison: str) -> str:
    return f"""
    patterns:
      - pattern: {pattern}
      - metavariable-comparison:
          metavariable: $N
          comparison: '{comparison}'
    """


def test_metavariable_comparison_on_numbers(tmp_path: Path) -> None:
    code = """\
    import rsa
    rsa.generate(size=1024)
    rsa.generate(size=4096)
    SMALL = 512
    rsa.generate(size=SMALL)
    rsa.generate(size=1 << 10)
    rsa.generate(size=n)
    """
    body = _comparison_rule("rsa.generate(size=$N)", "$N < 2048")
    assert matched_lines(tmp_path, body, code) == [2, 5, 6]


def test_metavariable_comparison_bounds_repetition_on_either_side(tmp_path: Path) -> None:
    """`$N * "ab"` and `"ab" * $N` with a huge $N are refused (no MemoryError), not built."""
    code = "reserve(10**17)\nreserve(100)\nreserve(2)\n"
    for comparison in ('len($N * "ab") > 10', 'len("ab" * $N) > 10'):
        rule = make_rule(tmp_path, _comparison_rule("reserve($N)", comparison))
        result = analyze(rule, code)
        assert result.errors == [], comparison
        assert [f.span.start.line for f in result.findings] == [2], comparison


def test_metavariable_comparison_bit_test(tmp_path: Path) -> None:
    code = "import os\nos.chmod(p, 0o777)\nos.chmod(p, 0o755)\nos.chmod(p, 0o666)\nos.chmod(p, 0o750)\n"
    body = _comparison_rule("os.chmod($P, $N)", "($N & 0o002) != 0")
    assert matched_lines(tmp_path, body, code) == [2, 4]


def test_metavariable_comparison_with_int(tmp_path: Path) -> None:
    code = 'f("11")\nf("9")\nf(12)\nf("x")\n'
    assert matched_lines(tmp_path, _comparison_rule("f($N)", "int($N) > 10"), code) == [1, 3]


def test_metavariable_comparison_with_bool_tells_truthy_constants(tmp_path: Path) -> None:
    code = 'FLAG = "yes"\nf(1)\nf(0)\nf("False")\nf("")\nf(FLAG)\nf([True])\nf(())\nf(unknown)\n'
    assert matched_lines(tmp_path, _comparison_rule("f($N)", "bool($N)"), code) == [2, 4, 6, 7]


def test_metavariable_comparison_on_strings(tmp_path: Path) -> None:
    code = "f(\"none\")\nf('none')\nf(\"None\")\nf(none)\n"
    assert matched_lines(tmp_path, _comparison_rule("f($N)", '$N == "none"'), code) == [1, 2]


def test_metavariable_comparison_with_str_and_re_match(tmp_path: Path) -> None:
    code = 'f("md5")\nf("sha256")\nf(5)\nf(55)\n'
    body = _comparison_rule("f($N)", 're.match("md|5", str($N))')
    assert matched_lines(tmp_path, body, code) == [1, 3, 4]


@pytest.mark.parametrize("comparison", ["$N != 5", "not ($N > 5)", "$N < 2048"])
def test_metavariable_comparison_is_false_without_a_constant_value(tmp_path: Path, comparison: str) -> None:
    code = "def g(param):\n    f(param)\n    f(h())\n    f(1)\n"
    assert matched_lines(tmp_path, _comparison_rule("f($N)", comparison), code) == [4]


def test_metavariable_pattern_matches_within_the_binding(tmp_path: Path) -> None:
    body = """
    patterns:
      - pattern: cursor.execute($Q, ...)
      - metavariable-pattern:
          metavariable: $Q
          pattern: $A + $B
    """
    code = 'cursor.execute("select " + x)\ncursor.execute("select 1")\ncursor.execute(("a" + b).strip(), p)\n'
    assert matched_lines(tmp_path, body, code) == [1, 3]


def test_focus_metavariable_reports_the_bound_range(tmp_path: Path) -> None:
    body = """
    patterns:
      - pattern: subprocess.run($CMD, shell=True)
      - focus-metavariable: $CMD
    """
    code = "import subprocess\nsubprocess.run(  command  , shell=True)\n"
    assert positions(findings(tmp_path, body, code)) == [(2, 17, 2, 24)]


# -- layout never matters ------------------------------------------------------------------


def test_parentheses_whitespace_and_comments_are_ignored(tmp_path: Path) -> None:
    code = """\
    f((a) + (b))
    f(a+b)
    f(  # the sum
        a
        +   b,
    )
    f(a - b)
    """
    assert matched_lines(tmp_path, "pattern: f(a + b)", code) == [1, 2, 3]


# -- newer syntax, parsed on any supported interpreter -------------------------------------


def test_pep_701_fstring_is_parsed_and_checked(tmp_path: Path) -> None:
    code = "s = f'{x.decode('utf-8')}'\neval(s)\n"
    assert matched_lines(tmp_path, "pattern: eval($X)", code) == [2]
    assert positions(findings(tmp_path, 'pattern: $X.decode("utf-8")', code)) == [(1, 7, 1, 24)]


def test_pep_695_generics_are_parsed_and_checked(tmp_path: Path) -> None:
    code = """\
    class Box[T]:
        def get[U](self, u: U) -> T:
            return eval(u)
    type Alias[K] = list[K]
    def first[V](xs: list[V]) -> V:
        eval(xs)
    """
    assert matched_lines(tmp_path, "pattern: eval($X)", code) == [3, 6]


# -- determinism ---------------------------------------------------------------------------

_TWICE = """\
def f(a):
    return eval(a)

eval(b)
eval(b)
"""


def test_same_input_gives_identical_findings(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "pattern: eval($X)", message="eval of $X")
    first, second = analyze(rule, _TWICE), analyze(rule, _TWICE)
    assert first.findings == second.findings
    fingerprints = [f.fingerprint for f in first.findings]
    assert len(fingerprints) == 3 and len(set(fingerprints)) == 3


def test_fingerprints_survive_unrelated_lines_added_above(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "pattern: eval($X)")
    before = analyze(rule, _TWICE).findings
    after = analyze(rule, "import os\n# a comment\nx = 1\n\n" + _TWICE).findings
    assert [f.span.start.line + 4 for f in before] == [f.span.start.line for f in after]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
