"""The CLI parses only the definitions some rule can match (engine/sparse.py): what a user sees
must not change. Each file here mixes definitions no rule can match (stubbed before LibCST
parses the file) with the code a finding needs, and the report must be exactly the one of the
same finding in a file without the filler."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from cli_helpers import check, explain, report, write
from redline.engine.sparse import Needs, cpython_tree, sparse_source


def filler(count: int, prefix: str = "helper") -> str:
    """Definitions no built-in rule can match (plain arithmetic, a class with methods)."""
    parts = []
    for number in range(count):
        parts.append(
            f"def {prefix}_{number}(values):\n"
            "    total = 0\n"
            "    for value in values:\n"
            "        total += value  # adds up\n"
            "    return total\n"
            "    # a comment after the body\n\n\n"
        )
    parts.append(
        f"class {prefix.title()}Box:\n"
        "    size = 3\n\n"
        "    def grow(self, amount):\n"
        "        self.size += amount\n"
        "        return self.size\n\n"
        "    def shrink(self, amount): return self.size - amount\n\n\n"
    )
    return "".join(parts)


def findings_of(tmp_path: Path, name: str, source: str, *args: str) -> list[dict]:
    write(tmp_path, {name: source})
    result = check("--no-cache", "--format", "json", *args, name, cwd=tmp_path)
    assert result.returncode in (0, 1), explain(result)
    return report(result.stdout)["findings"]


def same_except_lines(plain: list[dict], padded: list[dict], shift: int) -> None:
    """The padded file's findings are the plain file's, `shift` lines further down."""
    assert len(padded) == len(plain) > 0
    for before, after in zip(plain, padded):
        assert after["start_line"] == before["start_line"] + shift
        assert after["end_line"] == before["end_line"] + shift
        assert (after["rule_id"], _unnumbered(after["message"]), after["fingerprint"], after["start_column"], after["end_column"]) == (
            before["rule_id"], _unnumbered(before["message"]), before["fingerprint"], before["start_column"], before["end_column"],
        )


def _unnumbered(message: str) -> str:
    """Data-flow messages name the source's line, which may or may not have moved."""
    return re.sub(r"line \d+", "line N", message)


COMMAND = '''\
import subprocess as sp


def run(cmd):
    return sp.call(cmd, shell=True)
'''


def test_a_finding_among_skipped_definitions_is_reported_where_it_is(tmp_path: Path) -> None:
    plain = findings_of(tmp_path, "plain.py", COMMAND)
    head, tail = COMMAND.split("\n\n\n")
    padded_source = f"{head}\n\n\n{filler(6)}{tail}{filler(3, 'after')}"
    padded = findings_of(tmp_path, "padded.py", padded_source)
    same_except_lines(plain, padded, filler(6).count("\n"))
    # The aliased import (`sp`) resolves the call: module code is always parsed.
    assert {f["rule_id"] for f in padded} == {"subprocess-shell-injection"}


def test_a_finding_in_a_class_member_among_skipped_members(tmp_path: Path) -> None:
    source = (
        "import hashlib\n\n\n"
        "class Store:\n"
        "    def count(self, values):\n        return len(values)\n\n"
        "    def key(self, data):\n        return hashlib.md5(data).hexdigest()\n\n"
        "    def total(self, values):\n        return sum(values)\n"
    )
    (finding,) = [f for f in findings_of(tmp_path, "store.py", source) if f["rule_id"] == "weak-hash"] or [None]
    assert finding is not None
    assert (finding["start_line"], finding["start_column"]) == (9, 15)


def test_comments_after_a_stubbed_definition_keep_fingerprints_and_fixes(tmp_path: Path) -> None:
    """A fix's edits and the fingerprint of a finding right after a stubbed definition whose
    body ends in comments are those of the file without the filler."""
    code = 'import yaml\n\n\ndef load(text):\n    return yaml.load(text)\n'
    plain = findings_of(tmp_path, "plain.py", code)
    head, tail = code.split("\n\n\n")
    padded = findings_of(tmp_path, "padded.py", f"{head}\n\n\n{filler(2)}{tail}")
    same_except_lines(plain, padded, filler(2).count("\n"))
    assert plain[0]["fix"] is not None
    edits = [[edit["start_line"], edit["new_text"]] for edit in padded[0]["fix"]["edits"]]
    shift = filler(2).count("\n")
    assert edits == [[edit["start_line"] + (shift if edit["start_line"] > 3 else 0), edit["new_text"]] for edit in plain[0]["fix"]["edits"]]


TAINT_SOURCE_ELSEWHERE = '''\
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def wanted_name():
    return request.args["name"]


{filler}
@app.route("/user")
def user():
    cur = sqlite3.connect("app.db").cursor()
    cur.execute("SELECT * FROM users WHERE name = '%s'" % wanted_name())
    return "ok"
'''

TAINT_SINK_ELSEWHERE = '''\
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def run_query(name):
    cur = sqlite3.connect("app.db").cursor()
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)


{filler}
@app.route("/user")
def user():
    run_query(request.args["name"])
    return "ok"
'''


@pytest.mark.parametrize("template", [TAINT_SOURCE_ELSEWHERE, TAINT_SINK_ELSEWHERE], ids=["source-in-callee", "sink-in-callee"])
def test_taint_across_functions_survives_skipping(tmp_path: Path, template: str) -> None:
    """Input read in a function with no sink (or a sink reached only through a call) is
    still followed: the functions linked by calls to input are all parsed."""
    plain = findings_of(tmp_path, "plain.py", template.format(filler=""), "--select", "tainted-sql-injection")
    padded = findings_of(tmp_path, "padded.py", template.format(filler=filler(5)), "--select", "tainted-sql-injection")
    same_except_lines(plain, padded, filler(5).count("\n"))
    assert [f["rule_id"] for f in padded] == ["tainted-sql-injection"]
    assert padded[0]["related"], "the data-flow path is part of the finding"


def test_a_pattern_finding_refined_by_data_flow_among_skipped_definitions(tmp_path: Path) -> None:
    """Strict-mode refinement analyses the function holding the pattern finding and the
    functions it calls, even though no taint rule reports there."""
    source = (
        "import subprocess\n\n\n"
        "def constant_command():\n    return 'uptime'\n\n\n"
        f"{filler(3)}"
        "def run():\n    return subprocess.run(constant_command(), shell=True)\n\n\n"
        "def run_given(command):\n    return subprocess.run(command, shell=True)\n"
    )
    plain_source = source.replace(filler(3), "")
    plain = findings_of(tmp_path, "plain.py", plain_source)
    padded = findings_of(tmp_path, "padded.py", source)
    assert [(f["rule_id"], f["fingerprint"], f["message"]) for f in padded] == [(f["rule_id"], f["fingerprint"], f["message"]) for f in plain]
    assert padded, "the parameter-fed call is reported"


def test_unused_and_bare_ignores_in_skipped_definitions_are_still_reported(tmp_path: Path) -> None:
    source = (
        "import os\n\n\n"
        "def first():\n    return 1\n\n\n"
        "def quiet(values):\n    return sum(values)  # redline: ignore\n\n\n"
        "def run(cmd):\n    return os.system(cmd)\n"
    )
    found = findings_of(tmp_path, "app.py", source)
    assert any(f["start_line"] == 9 and f["rule_id"] != "os-system" for f in found), found
    assert any(f["start_line"] == 13 for f in found), found


def test_a_syntax_error_in_a_definition_no_rule_matches_is_reported(tmp_path: Path) -> None:
    source = "import os\n\n\ndef fine():\n    return 1\n\n\ndef broken(:\n    return 2\n\n\ndef run(cmd):\n    return os.system(cmd)\n"
    write(tmp_path, {"bad.py": source})
    result = check("--no-cache", "--format", "json", "bad.py", cwd=tmp_path)
    assert result.returncode != 0, explain(result)
    data = report(result.stdout)
    errors = [f for f in data["findings"] + data.get("errors", []) if f["rule_id"] == "syntax-error"]
    assert [e["start_line"] for e in errors] == [8], explain(result)


NEWER_SYNTAX = '''\
import os


class Box[T]:
    def get(self) -> T: ...


type Pair = tuple[int, int]


def run(cmd):
    return os.system(cmd)
'''


def test_syntax_newer_than_the_running_python_is_accepted(tmp_path: Path) -> None:
    """PEP 695 generics: CPython before 3.12 refuses them, LibCST reads them; the file is then
    parsed whole and its findings are reported with no syntax error."""
    found = findings_of(tmp_path, "newer.py", NEWER_SYNTAX)
    assert [f["rule_id"] for f in found if f["rule_id"] == "syntax-error"] == []
    assert any(f["start_line"] == 12 for f in found), found


def test_sparse_source_stubs_keep_every_line_and_name() -> None:
    """The stubbed text has the same lines, kept lines unchanged, and each stub binds its
    definition's name (so names resolve as in the full file)."""
    text = "import os\n\n\n" + filler(3) + "def run(cmd):\n    return os.system(cmd)\n"
    tree = cpython_tree(text, "x.py")
    assert tree is not None
    stubbed = sparse_source(text, tree, lambda piece, code: set(code.split()), Needs(lambda words: "os.system(cmd)" in words)).text
    assert stubbed is not None
    assert stubbed.count("\n") == text.count("\n")
    assert stubbed.splitlines()[-2:] == text.splitlines()[-2:]
    defined = {node.name for node in ast.parse(stubbed).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert defined == {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert "total += value" not in stubbed


def test_text_cpython_cannot_parse_gets_no_stubs() -> None:
    assert cpython_tree("def broken(:\n    pass\n", "x.py") is None
    if sys.version_info < (3, 12):
        assert cpython_tree(NEWER_SYNTAX, "x.py") is None
