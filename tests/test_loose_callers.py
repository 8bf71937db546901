"""A method in code that is no unit (a class's or the module's `if`/`try` block of
definitions, like `subprocess.Popen`'s `if _mswindows:`) calling a module-level function
where a rule data flow refines may match: the CLI's sparse parse (sparse.py) and the editor's
lazy units must both keep the function it calls, whose summary decides the finding, and
report what a whole parse with neither reports."""

from __future__ import annotations

import pytest

from redline.engine.analysis import AnalysisOptions, Engine, parse_source
from redline.engine.rule_loader import builtin_rules_dir, load_rules
from redline.engine.units import IncrementalDocument

OPTIONS = AnalysisOptions(path="example.py")
CALL = "subprocess.call(total(name), shell=True)"
HEAD = "import subprocess\n\n\ndef total(name):\n    return name + '.log'\n\n\n"

# Where the calling method lies: `{call}` is the call, at the method body's indentation.
PLACES = {
    "class-level if": "class Popen:\n    if _mswindows:\n        def run(self, name):\n            {call}\n",
    "class-level if/else": "class Popen:\n    if _mswindows:\n        pass\n    else:\n        def run(self, name):\n            {call}\n",
    "class-level try": "class Popen:\n    try:\n        def run(self, name):\n            {call}\n    except ImportError:\n        pass\n",
    "top-level if": "if _mswindows:\n    def run(name):\n        {call}\n",
    "top-level try": "try:\n    def run(name):\n        {call}\nexcept ImportError:\n    pass\n",
    "nested class": "class Outer:\n    class Popen:\n        def run(self, name):\n            {call}\n",
    "nested class under if": "class Outer:\n    class Popen:\n        if _mswindows:\n            def run(self, name):\n                {call}\n",
    "class under top-level if": "if True:\n    class Popen:\n        if _mswindows:\n            def run(self, name):\n                {call}\n",
}
# What `total` returns: built from its argument (the finding stays), or a constant (data flow
# proves the call clean).
RETURNS = {"argument": "name + '.log'", "constant": "'build.log'"}


@pytest.fixture(scope="module")
def engine() -> Engine:
    rules, problems = load_rules([builtin_rules_dir()])
    assert not problems
    return Engine(rules)


def _whole(engine: Engine, text: str) -> list[dict]:
    """The reference: LibCST parses the whole text (no stubs, no lazy units)."""
    module, error = parse_source(text, OPTIONS.path)
    assert module is not None, error
    return [finding.to_dict() for finding in engine.analyze_module(module, text, OPTIONS).findings]


@pytest.mark.parametrize("returned", RETURNS)
@pytest.mark.parametrize("place", PLACES)
def test_cli_and_editor_report_what_a_whole_parse_reports(engine: Engine, place: str, returned: str) -> None:
    text = HEAD.replace("name + '.log'", RETURNS[returned]) + PLACES[place].format(call=CALL)
    whole = _whole(engine, text)
    shell = [finding for finding in whole if finding["rule_id"] == "subprocess-shell-injection"]
    assert len(shell) == (returned == "argument")
    assert [finding.to_dict() for finding in engine.analyze_source(text, OPTIONS).findings] == whole
    assert [finding.to_dict() for finding in IncrementalDocument(engine, text, OPTIONS).findings()] == whole
