"""Which words let the CLI keep a definition (engine/sparse.py, prefilter.py): the identifiers
of code, not of comments; the names a project import binds, not the import alone; the text
markers of the rules that can still match. Each narrowing must keep every finding: the report
of a file with filler around the finding is the plain file's, and the narrowing itself must
stub what it claims to."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import check, explain, report, write
from redline.engine.prefilter import file_tokens, text_tokens
from redline.engine.rule_loader import builtin_rules_dir, load_rules, text_marker
from redline.engine.sparse import Needs, cpython_tree, project_imports, sparse_source, without_comments
from test_sparse_parse import filler, findings_of, same_except_lines

RULES = {rule.id: rule for rule in load_rules([builtin_rules_dir()])[0]}


def stubbed(text: str, wanted: str) -> str:
    """The text sparse parsing would hand LibCST when a unit is needed if its words hold `wanted`."""
    tree = cpython_tree(text, "x.py")
    assert tree is not None
    result = sparse_source(text, tree, lambda piece, code: text_tokens(piece, [], code), Needs(lambda words: wanted in words))
    return text if result.text is None else result.text


def test_without_comments_cuts_comments_and_keeps_strings_lines_and_endings() -> None:
    text = 'x = "# not a comment"  # a comment\r\n# whole line\ny = """\n# inside a string\n"""\n'
    code = without_comments(text)
    assert code == 'x = "# not a comment"  \r\n\ny = """\n# inside a string\n"""\n'


def test_a_word_only_in_a_comment_does_not_keep_a_definition() -> None:
    text = (
        "import os\n\n\n"
        "def documented(values):\n    # never calls system() here\n    return len(values)  # system\n\n\n"
        "def quoted(values):\n    return '# system'\n"
    )
    result = stubbed(text, "system")
    assert "never calls" not in result and "return len(values)" not in result, "a comment's word kept the definition"
    assert "return '# system'" in result, "a word in a string (after a `#` in it) must still count"


COMMENTED_FILLER = "".join(
    f"def note_{number}(values):\n    # os.system(values) would run a shell here; eval and exec too\n    return sorted(values)\n\n\n"
    for number in range(3)
)


def test_findings_among_definitions_that_name_rules_only_in_comments(tmp_path: Path) -> None:
    source = "import os\n\n\ndef run(command):\n    return os.system(command)  # os.system on purpose\n"
    head, _, last = source.rpartition("\n\n\ndef ")
    plain = findings_of(tmp_path, "plain.py", source)
    padded = findings_of(tmp_path, "padded.py", f"{head}\n\n\n{COMMENTED_FILLER}def {last}")
    same_except_lines(plain, padded, COMMENTED_FILLER.count("\n"))
    assert [f["rule_id"] for f in padded] == ["os-system-injection"]


def test_a_rule_named_only_in_comments_is_not_run_on_the_file() -> None:
    rule = RULES["os-system-injection"]
    text = "import os\n# os.system(cmd) is what we avoid\nprint(os.getcwd())\n"
    assert rule.may_match(text_tokens(text, [rule]))
    assert not rule.may_match(file_tokens(text, [rule], None, without_comments(text)))


def test_file_markers_only_for_enabled_rules_whose_names_the_file_holds() -> None:
    """A requires-text marker can only let its own rule through: a disabled rule's regex, or
    one of a rule whose names are missing, decides nothing and is not run."""
    password = RULES["hardcoded-password"]
    text = 'password = "hunter2"\n'
    assert text_marker(password.id) in file_tokens(text, [password], None)
    assert text_marker(password.id) not in file_tokens(text, [password], lambda info: info.id != password.id)
    redos = RULES["regex-redos"]
    nested = "pattern = r'(a+)+'\n"  # the regex's text, but no `re` call
    assert redos.requires_text.search(nested)  # type: ignore[attr-defined]
    assert text_marker(redos.id) not in file_tokens(nested, [redos], None)


def test_project_imports_names_what_each_import_of_the_project_binds() -> None:
    source = (
        "import os\nimport app.sub\nimport app.other as other\nfrom . import helpers\nfrom .jobs import run as start\n"
        "from app.views import show\nfrom flask import request\n\n\ndef f():\n    from .late import later\n"
    )
    tree = cpython_tree(source, "x.py")
    assert tree is not None
    assert project_imports(tree, lambda name: name == "app") == {"app", "other", "helpers", "start", "show", "later"}
    star = cpython_tree("from .helpers import *\n", "x.py")
    assert star is not None and project_imports(star, lambda name: False) == {"*"}


HELPERS = '''\
from flask import request


def argument(name):
    return request.args[name]
'''
VIEWS = '''\
import subprocess

from . import helpers


def run():
    return subprocess.call(helpers.argument("cmd"), shell=True)
'''


def test_input_from_another_project_module_among_definitions_that_do_not_name_it(tmp_path: Path) -> None:
    """A file importing a project module: the definition naming the import stays (its flow is
    reported as in the plain file) while definitions that do not name it are stubbed."""
    head, _, last = VIEWS.rpartition("\n\n\ndef ")
    padded = f"{head}\n\n\n{filler(4)}def {last}"
    reports = []
    for name, source in (("plain", VIEWS), ("padded", padded)):
        write(tmp_path / name, {"pyproject.toml": "[tool.redline]\n", "app/__init__.py": "", "app/helpers.py": HELPERS, "app/views.py": source})
        result = check("--no-cache", "--format", "json", "--select", "tainted-command-injection", "app/views.py", cwd=tmp_path / name)
        assert result.returncode == 1, explain(result)
        reports.append(report(result.stdout)["findings"])
    same_except_lines(reports[0], reports[1], filler(4).count("\n"))
    tree = cpython_tree(padded, "views.py")
    assert tree is not None
    imported = project_imports(tree, lambda name: name == "app")
    result = sparse_source(padded, tree, lambda piece, code: text_tokens(piece, [], code), Needs(lambda words: False, taint=lambda words: not imported.isdisjoint(words)))
    assert result.text is not None and "total += value" not in result.text, "definitions not naming the import are stubbed"
    assert 'helpers.argument("cmd")' in result.text


ROUTE_AND_MAPPING = '''\
import os

from fastapi import FastAPI

app = FastAPI()


class Settings:
    def get(self, key):
        return os.environ.get(key)

    def delete(self, key):
        self.values = {key: None}


@app.post("/run")
def run(command: str):
    return os.system(command)
'''


def test_a_decorator_source_needs_a_decorated_function() -> None:
    """`@app.post(...)` route parameters are input; a method merely named `get` or `delete`
    is no route, so it does not keep the definitions around it for data flow."""
    tree = cpython_tree(ROUTE_AND_MAPPING, "x.py")
    assert tree is not None
    route = lambda words: not words.isdisjoint({"get", "post", "delete"})  # noqa: E731
    needs = Needs(lambda words: False, taint=lambda words: False, taint_decorated=route)
    result = sparse_source(ROUTE_AND_MAPPING, tree, lambda piece, code: text_tokens(piece, [], code), needs)
    assert result.text is not None and "os.environ.get(key)" not in result.text and "self.values" not in result.text
    assert "return os.system(command)" in result.text


def test_a_route_among_methods_named_like_routes_is_reported(tmp_path: Path) -> None:
    found = findings_of(tmp_path, "routes.py", ROUTE_AND_MAPPING, "--select", "tainted-command-injection")
    assert [(f["rule_id"], f["start_line"]) for f in found] == [("tainted-command-injection", 18)]


LIBCST_REJECTS = '''\
import os


def annotated():
    # os.system is named in this comment only
    (name): int
    return 1


def run(command):
    return os.system(command)
'''


def test_code_only_libcst_rejects_is_reported_only_where_a_rule_needs_it(tmp_path: Path) -> None:
    """`(name): int` is Python (CPython accepts it) that LibCST cannot parse. In a definition
    no rule needs it is stubbed, so the file is checked; where a rule needs that definition,
    the whole text is parsed and its syntax error reported, as before."""
    found = findings_of(tmp_path, "stubbed.py", LIBCST_REJECTS)
    assert [(f["rule_id"], f["start_line"]) for f in found] == [("os-system-injection", 11)]
    needed = LIBCST_REJECTS.replace("    # os.system is named in this comment only\n", "    os.system(name)\n")
    write(tmp_path, {"needed.py": needed})
    result = check("--no-cache", "--format", "json", "needed.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert [e["rule_id"] for e in report(result.stdout)["errors"]] == ["syntax-error"]
