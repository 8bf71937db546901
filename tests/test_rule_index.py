"""The walk asks the rule index only at nodes some rule can start at (checker.RuleIndex):
a dotted-name pattern (`ssl.PROTOCOL_TLSv1`) is looked for at names and at attributes whose
own name ends it, so every way of writing the name is still found, and nothing else is."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from cli_helpers import check, explain, report, write
from redline.engine.checker import RuleIndex
from redline.engine.rule_loader import builtin_rules_dir, load_rules

WAYS = '''\
import ssl
import ssl as tls
from ssl import PROTOCOL_TLSv1 as OLD

OLDEST = ssl.PROTOCOL_SSLv3


def contexts():
    a = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    b = ssl.SSLContext(tls.PROTOCOL_TLSv1)
    c = ssl.SSLContext(OLD)
    d = ssl.SSLContext(OLDEST)
    e = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return a, b, c, d, e
'''


def test_a_dotted_name_pattern_is_found_however_the_name_is_written(tmp_path: Path) -> None:
    write(tmp_path, {"ways.py": WAYS})
    result = check("--no-cache", "--format", "json", "--select", "ssl-weak-protocol", "ways.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    lines = sorted({f["start_line"] for f in report(result.stdout)["findings"]})
    assert lines == [5, 9, 10, 11, 12], "module constant, attribute, aliased module, aliased name, through a variable; not PROTOCOL_TLS_CLIENT"


def test_the_index_starts_only_where_a_rule_can() -> None:
    index = RuleIndex(load_rules([builtin_rules_dir()])[0])
    assert index.may_start(cst.Call) and index.may_start(cst.Name) and index.may_start(cst.Attribute)
    assert not index.may_start(cst.Integer) and not index.may_start(cst.Param) and not index.may_start(cst.Comparison)
    assert "PROTOCOL_TLSv1" in index.name_ends and "PROTOCOL_TLS_CLIENT" not in index.name_ends


KEYWORDS = '''\
import psycopg2


def connect(user, secret_from_env):
    a = psycopg2.connect(user=user, password="hunter2")
    b = psycopg2.connect(user, api_key="AKIA0123456789ABCDEF")
    c = psycopg2.connect(user, password=secret_from_env)
    d = psycopg2.connect(user, passwords="not-a-keyword-the-rule-names")
    e = psycopg2.connect(user, "hunter2")
    return a, b, c, d, e
'''


def test_a_keyword_named_by_a_regex_of_names_indexes_the_rule_by_those_keywords(tmp_path: Path) -> None:
    """`$F(..., $KW=$VALUE, ...)` with `$KW` limited to `^(?P<SECRET_NAME>password)$`: the
    rule is tried only at calls passing such a keyword, and every one of them is still found."""
    write(tmp_path, {"keywords.py": KEYWORDS})
    result = check("--no-cache", "--format", "json", "--select", "hardcoded-password", "keywords.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert sorted({f["start_line"] for f in report(result.stdout)["findings"]}) == [5, 6], "literal secrets passed by keyword only"
    rule = next(r for r in load_rules([builtin_rules_dir()])[0] if r.id == "hardcoded-password")
    index = RuleIndex([rule])
    call = cst.parse_expression('connect(user, passwords="x")')
    assert rule not in index.candidates(call, "connect"), "a call without a secret keyword is never tried"
    assert rule in index.candidates(cst.parse_expression('connect(password="x")'), "connect")


PARAMETERS = '''\
def connect(host, password="hunter2-prod"):
    return host, password


async def login(user, *, api_key="AKIA0123456789ABCDEF"):
    return user, api_key


class Client:
    def open(self, token="s3cr3t-t0ken-value", /):
        return token


def plain(host, passwords="not-a-parameter-the-rule-names"):
    return host, passwords
'''


def test_a_function_pattern_naming_a_parameter_indexes_the_rule_by_that_parameter(tmp_path: Path) -> None:
    """`def $F(..., password=$VALUE): ...`: the rule is tried only at functions defining one of
    its parameters (keyword-only, positional-only, async and methods too), and each is found."""
    write(tmp_path, {"parameters.py": PARAMETERS})
    result = check("--no-cache", "--format", "json", "--select", "hardcoded-password-default", "parameters.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert sorted({f["start_line"] for f in report(result.stdout)["findings"]}) == [1, 5, 10]
    rule = next(r for r in load_rules([builtin_rules_dir()])[0] if r.id == "hardcoded-password-default")
    index = RuleIndex([rule])
    assert index.may_start(cst.FunctionDef) and not index.may_start(cst.Call)
    plain, secret = (cst.parse_statement(f"def f(host, {name}='x'):\n    pass\n") for name in ("passwords", "password"))
    assert rule not in index.candidates(plain, None), "a function without a secret parameter is never tried"
    assert rule in index.candidates(secret, None)
    assert rule not in index.candidates(cst.parse_expression('connect(password="x")'), "connect"), "a keyword argument is no parameter"


CALLED = '''\
import sh
from sh import Command as Cmd


def run(cmd):
    a = sh.Command("bash")("-c", cmd)
    b = Cmd("/bin/sh")("-c", cmd)
    shell = sh.Command("sh")
    c = shell("-c", cmd)
    d = sh.Command("ls")("-c", cmd)
    e = print("-c", cmd)
    return a, b, c, d, e
'''


def test_a_call_of_what_a_call_returns_indexes_the_rule_by_the_inner_callee(tmp_path: Path) -> None:
    """`sh.Command("bash")("-c", $CMD)`: the rule is tried only at calls of what calling
    `sh.Command` returns (the callee named `sh.Command()`), however it is written, not at
    every call of a file."""
    write(tmp_path, {"called.py": CALLED})
    result = check("--no-cache", "--format", "json", "--select", "sh-shell-command", "called.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert sorted({f["start_line"] for f in report(result.stdout)["findings"]}) == [6, 7, 9], "direct, aliased, through a variable; not ls"
    rule = next(r for r in load_rules([builtin_rules_dir()])[0] if r.id == "sh-shell-command")
    index = RuleIndex([rule])
    assert rule not in index.candidates(cst.parse_expression('print("-c", cmd)'), "print"), "a plain call is never tried"
    assert rule in index.candidates(cst.parse_expression('sh.Command("bash")("-c", cmd)'), "sh.Command()")


ASSIGNED = '''\
DB_PASSWORD = "hunter2-prod"
api_token: str = "s3cr3t-t0ken-value"
HOST = "db.example.org"
passwords_seen = "not-a-name-the-rule-names"


class Client:
    def __init__(self):
        self.api_key = "AKIA0123456789ABCDEF"
        self.host = "example.org"
        settings["client_secret"] = "abcdef-123456"
'''


def test_an_assignment_to_a_name_limited_by_a_regex_indexes_the_rule_by_its_words(tmp_path: Path) -> None:
    """`$NAME = $VALUE` with `$NAME` limited to names ending in `password`, `token`...: the
    rule is tried only at assignments whose target may hold one of those words (a subscript
    or tuple target always), and every secret assigned is still found."""
    write(tmp_path, {"assigned.py": ASSIGNED})
    result = check("--no-cache", "--format", "json", "--select", "hardcoded-password", "assigned.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert sorted({f["start_line"] for f in report(result.stdout)["findings"]}) == [1, 2, 9, 11]
    rule = next(r for r in load_rules([builtin_rules_dir()])[0] if r.id == "hardcoded-password")
    index = RuleIndex([rule])
    for code in ('HOST = "x"', 'self.host = "x"', 'self.host: str = "x"', 'a = b = "x"'):
        assert rule not in index.candidates(cst.parse_statement(code).body[0], None), f"never tried at {code}"
    for code in ('DB_PASSWORD = "x"', 'self.Api_Key = "x"', 'token: str = "x"', 'a = b.c.PWD = "x"', 'c["k"] = "x"', "(a, b) = x", "(secret) = x", 'paſsword = "x"'):
        assert rule in index.candidates(cst.parse_statement(code).body[0], None), f"tried at {code}"


DEBUG = '''\
import flask

KEY = "DEBUG"
app = flask.Flask(__name__)
app.config["DEBUG"] = True
app.config['DEBUG'] = True
app.config[KEY] = True
app.config["TESTING"] = True
app.debug = True
'''


def test_an_assignment_to_a_string_key_indexes_the_rule_by_that_key(tmp_path: Path) -> None:
    """`flask.Flask(...).config["DEBUG"] = $DEBUG`: the rule is tried only at assignments to a
    subscript whose key is "DEBUG" or no literal (a constant may hold it), not at every one."""
    write(tmp_path, {"debug.py": DEBUG})
    result = check("--no-cache", "--format", "json", "--select", "flask-debug-true", "debug.py", cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    assert sorted({f["start_line"] for f in report(result.stdout)["findings"]}) == [5, 6, 7, 9], "either quotes, through a constant, the attribute"
    rule = next(r for r in load_rules([builtin_rules_dir()])[0] if r.id == "flask-debug-true")
    index = RuleIndex([rule])
    for code in ("x = True", 'app.config["TESTING"] = True', "app.name = True"):
        assert rule not in index.candidates(cst.parse_statement(code).body[0], None), f"never tried at {code}"
    for code in ('app.config["DEBUG"] = True', "app.config[KEY] = True", "a = app.config['DEBUG'] = True", "app.debug = True"):
        assert rule in index.candidates(cst.parse_statement(code).body[0], None), f"tried at {code}"
