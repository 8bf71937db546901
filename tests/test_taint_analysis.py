"""The data-flow engine on small functions: flow sensitivity, constants and dead branches,
containers, summaries, guards, sanitizers, propagators, paths, sources on and off.

Each test checks code with a real taint rule loaded from YAML (its sink is `sink(...)`, its
extra source `source()`) and asserts the lines reported, as a user sees them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Finding
from redline.engine.rule_loader import load_rule_file
from redline.engine.taint.analyzer import TaintOptions
from redline.engine.taint.spec import compile_sources

RULE = """\
rules:
  - id: test-taint
    mode: taint
    message: tainted data reaches sink
    severity: ERROR
    languages: [python]
    metadata:
      cwe: "CWE-20: Improper Input Validation"
    pattern-sources:
      - pattern: source(...)
    pattern-sinks:
      - patterns:
          - pattern: sink($X, ...)
          - focus-metavariable: $X
    pattern-sanitizers:
      - pattern: clean(...)
    pattern-propagators:
      - pattern: copy_into($FROM, $TO)
        from: $FROM
        to: $TO
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("rules") / "test-taint.yaml"
    path.write_text(RULE, encoding="utf-8")
    rules, problems = load_rule_file(path)
    assert not problems, problems
    return Engine(rules)


def findings(engine: Engine, code: str, taint: TaintOptions | None = None) -> list[Finding]:
    options = AnalysisOptions(path="snippet.py", taint=taint or TaintOptions())
    analysis = engine.analyze_source(textwrap.dedent(code), options)
    assert not analysis.errors, [e.message for e in analysis.errors]
    return analysis.findings


def lines(engine: Engine, code: str, taint: TaintOptions | None = None) -> list[int]:
    return [f.span.start.line for f in findings(engine, code, taint)]


def test_flow_sensitive_rebinding(engine: Engine) -> None:
    code = """\
    def view():
        x = source()
        sink(x)
        x = "constant"
        sink(x)
        y = "constant"
        y = source() + y
        sink(y)
    """
    assert lines(engine, code) == [3, 8]


def test_dead_branches_and_constant_conditions(engine: Engine) -> None:
    code = """\
    DEBUG = 1 > 2
    def view():
        x = "safe"
        if DEBUG:
            x = source()
        sink(x)
        y = "safe"
        if 2 * 3 == 6:
            y = source()
        sink(y)
        while False:
            y = "never"
        z = source() if 0 else "ok"
        sink(z)
    """
    assert lines(engine, code) == [10]


def test_values_built_from_constants_are_clean(engine: Engine) -> None:
    code = """\
    def view():
        base = "ls"
        flags = "-" + "l" * 2
        sink(f"{base} {flags}")
        sink(source() % ())
    """
    assert lines(engine, code) == [5]


def test_list_elements(engine: Engine) -> None:
    code = """\
    def view():
        args = ["a", "b"]
        args.append(source())
        sink(args[0])
        sink(args[2])
        args.pop()
        sink(" ".join(args))
        more = ["x", source()]
        more.remove(more[1])
        sink(more)
        first, second = "a", source()
        sink(first)
        sink(second)
    """
    assert lines(engine, code) == [5, 13]


def test_dict_keys(engine: Engine) -> None:
    code = """\
    def view():
        d = {"safe": "x"}
        d["user"] = source()
        sink(d["safe"])
        sink(d.get("safe"))
        sink(d["user"])
        d.update(user="fixed")
        sink(d["user"])
        d.setdefault("other", source())
        sink(d["other"])
        e = {"k": source()}
        e.pop("k")
        sink(e)
    """
    assert lines(engine, code) == [6, 10]


def test_unknown_container_operation_taints_the_whole_container(engine: Engine) -> None:
    code = """\
    def view():
        items = ["a"]
        items.frobnicate(source())
        sink(items[0])
    """
    assert lines(engine, code) == [4]


def test_loops_try_and_with(engine: Engine) -> None:
    code = """\
    def view():
        x = "safe"
        for _ in range(3):
            sink(x)
            x = source()
        try:
            y = source()
        except ValueError:
            y = "safe"
        sink(y)
        with open(source()) as handle:
            sink(handle)
        for item in [source(), "b"]:
            sink(item)
    """
    assert lines(engine, code) == [4, 10, 12, 14]


def test_early_return_and_guards(engine: Engine) -> None:
    code = """\
    ALLOWED = {"a", "b"}
    def guarded():
        x = source()
        if x not in ALLOWED:
            return None
        sink(x)
    def metacharacters():
        name = source()
        if ".." in name or "/" in name:
            raise ValueError(name)
        sink(name)
    def validated():
        value = source()
        if not value.isdigit():
            abort(400)
        sink(value)
    def unguarded():
        x = source()
        if x in ALLOWED:
            print("known")
        sink(x)
    """
    assert lines(engine, code) == [21]


def test_same_file_summaries(engine: Engine) -> None:
    code = """\
    def passthrough(value):
        return "prefix " + value
    def constant(_value):
        return "fixed"
    def run(command):
        sink(command)
    def view():
        sink(passthrough(source()))
        sink(constant(source()))
        run(source())
    """
    found = findings(engine, code)
    assert [f.span.start.line for f in found] == [8, 10]
    # A sink inside the called function is reported at the call, with the inner sink as a step.
    assert found[1].message.startswith("source() value from line 10 reaches run() which passes it to sink(): ")
    assert [(s.span.start.line, s.message) for s in found[1].related] == [
        (10, "source: source() value"), (10, "through run()"), (6, "inside: sink()"), (10, "sink: run() which passes it to sink()"),
    ]


def test_methods_are_summarised_through_self(engine: Engine) -> None:
    code = """\
    class Handler:
        def quoted(self, value):
            return clean(value)
        def get(self):
            sink(self.quoted(source()))
            sink(self.raw(source()))
        def raw(self, value):
            return value
    """
    assert lines(engine, code) == [6]


def test_sanitizers_and_propagators(engine: Engine) -> None:
    code = """\
    def view():
        sink(clean(source()))
        target = []
        copy_into(source(), target)
        sink(target)
    """
    assert lines(engine, code) == [5]


def test_message_and_path_name_source_and_sink(engine: Engine) -> None:
    code = """\
    from flask import request
    def view():
        cmd = request.args["cmd"]
        full = "run " + cmd
        sink(full)
    """
    (finding,) = findings(engine, code)
    assert finding.message.startswith("request.args value from line 3 reaches sink(): ")
    assert [(step.span.start.line, step.message) for step in finding.related] == [
        (3, "source: request.args value"),
        (3, "assigned to cmd"),
        (4, "assigned to full"),
        (5, "sink: sink()"),
    ]


def test_low_confidence_sources_are_off_by_default(engine: Engine) -> None:
    code = """\
    import sys
    def main():
        sink(sys.argv[1])
        sink(input())
    """
    assert lines(engine, code) == []
    assert lines(engine, code, TaintOptions(low_confidence=True)) == [3, 4]


def test_user_declared_sources(engine: Engine) -> None:
    code = """\
    def handle(message):
        sink(message.payload)
        sink(read_queue())
    """
    sources = compile_sources([{"pattern": "read_queue(...)"}, {"pattern": "def handle($M): ...", "parameters": ["message"]}], "config")
    assert lines(engine, code) == []
    assert lines(engine, code, TaintOptions(sources=sources)) == [2, 3]


def test_summary_cache_follows_the_callee(engine: Engine) -> None:
    template = """\
    def helper(value):
        return {body}
    def view():
        sink(helper(source()))
    """
    assert lines(engine, template.format(body="value")) == [4]
    assert engine.taint is not None
    before = engine.taint.cache.computed
    assert lines(engine, template.format(body="value")) == [4]
    # The same code in another tree: computed again for its nodes (an editor compares what
    # callers read of each node, taint/seen.py; the incremental document keeps its nodes).
    assert engine.taint.cache.computed == before + 1
    assert lines(engine, template.format(body='"constant"')) == []
    assert engine.taint.cache.computed == before + 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("mode: taint\n    pattern-sources:\n      - pattern: source()", "a taint rule needs pattern-sinks"),
        ("pattern-sinks:\n      - pattern: sink($X)", "only taint rules (mode: taint) have this key"),
        ("mode: taint\n    pattern-sinks:\n      - pattern: sink($X)\n        focus: $X", "unknown key 'focus' in pattern-sinks"),
        ("mode: flow\n    pattern: sink($X)", "unknown mode 'flow'"),
        ("mode: taint\n    pattern-sinks:\n      - pattern: sink($X)\n    pattern-propagators:\n      - pattern: f($A)", "a propagator needs from: $X and to: $Y"),
    ],
)
def test_bad_taint_rules_are_reported(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "rules:\n  - id: bad-taint\n    message: m\n    severity: ERROR\n    languages: [python]\n"
        f'    metadata:\n      cwe: "CWE-20: x"\n    {body}\n',
        encoding="utf-8",
    )
    rules, problems = load_rule_file(path)
    assert not rules
    assert len(problems) == 1 and message in problems[0].message, problems
