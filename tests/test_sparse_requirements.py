"""What a definition must hold for a rule to need it (formula.required_names, sparse.py): each
tighter requirement keeps every finding. Each file mixes definitions no rule can match with the
code a finding needs; the findings must be those of the same code without the filler, and the
requirement itself must rule out text that cannot match."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import write
from redline.engine.prefilter import text_tokens
from redline.engine.rule_loader import builtin_rules_dir, load_rules
from test_sparse_parse import filler, findings_of, same_except_lines

RULES = {rule.id: rule for rule in load_rules([builtin_rules_dir()])[0]}


def may_match(rule_id: str, text: str) -> bool:
    rule = RULES[rule_id]
    return rule.may_match(text_tokens(text, [rule]))


def padded_like_plain(tmp_path: Path, source: str, *args: str) -> list[dict]:
    """The findings of `source` with filler before its last definition, checked against the
    plain source's; returns them."""
    head, found, last = source.rpartition("\n\n\ndef ")
    assert found, "the source's last definition follows two blank lines"
    plain = findings_of(tmp_path, "plain.py", source, *args)
    padded = findings_of(tmp_path, "padded.py", f"{head}\n\n\n{filler(4)}def {last}", *args)
    same_except_lines(plain, padded, filler(4).count("\n"))
    return padded


def test_an_either_of_conjunctions_requires_the_words_of_each_part() -> None:
    """os-access-toctou: every option needs `os.access` (a pattern-inside) besides the use."""
    assert not may_match("os-access-toctou", "def read(path):\n    with open(path) as f:\n        return f.read()\n")
    assert may_match("os-access-toctou", "import os\n\ndef read(path):\n    if os.access(path, os.R_OK):\n        return open(path)\n")
    assert not may_match("obfuscated-code-execution", "exec(compile(source, 'x', 'exec'))\n")
    assert may_match("obfuscated-code-execution", "import base64\nexec(base64.b64decode(blob))\n")


def test_a_pattern_inside_found_in_the_definition(tmp_path: Path) -> None:
    source = "import os\n\n\ndef read(path):\n    if os.access(path, os.R_OK):\n        with open(path) as handle:\n            return handle.read()\n"
    found = padded_like_plain(tmp_path, source, "--select", "os-access-toctou")
    assert [f["rule_id"] for f in found] == ["os-access-toctou"]


def test_a_statement_sequence_inside_matching_around_a_definition(tmp_path: Path) -> None:
    """`if not os.access(...): ...` then `...` may match module statements around the function
    holding the use: the function is needed though its own words lack `access`."""
    source = (
        "import os\nimport sys\n\nCONFIG = sys.argv[1]\nif not os.access(CONFIG, os.R_OK):\n    raise SystemExit(1)\n\n\n"
        "def read():\n    return open(CONFIG).read()\n"
    )
    found = padded_like_plain(tmp_path, source, "--select", "os-access-toctou")
    assert [f["rule_id"] for f in found] == ["os-access-toctou"]


@pytest.mark.parametrize(
    "rule_id, matching, other",
    [
        ("regex-redos", "import re\n\n\ndef words(text):\n    return re.match(r'(\\w+)+$', text)\n", "import re\n\n\ndef words(text):\n    return re.match(r'(\\w+)$', text)\n"),
        ("assert-authorization", "import os\n\n\ndef delete(user):\n    assert user.is_admin\n    os.remove(user.home)\n", "import os\n\n\ndef delete(user):\n    assert user.name\n    os.remove(user.home)\n"),
        ("insecure-random", "import random\n\n\ndef new_token():\n    return random.getrandbits(64)\n", "import random\n\n\ndef roll_dice():\n    return random.randint(1, 6)\n"),
        ("mass-assignment", "from flask import request\n\n\ndef create():\n    return User(**request.form)\n", "from flask import request\n\n\ndef create():\n    return User(**fields(request))\n"),
    ],
)
def test_a_rule_whose_text_requirement_is_met_is_reported_among_skipped_definitions(tmp_path: Path, rule_id: str, matching: str, other: str) -> None:
    """The rule's `requires-text` holds on the code it reports and not on similar code it
    does not; reported the same with filler around it."""
    assert may_match(rule_id, matching)
    assert not may_match(rule_id, other)
    found = padded_like_plain(tmp_path, matching, "--select", rule_id)
    assert [f["rule_id"] for f in found] == [rule_id]


ROUTE_PARAMETER = '''\
import os

from fastapi import FastAPI

api = FastAPI()


def run(command):
    return os.system(command)


@api.post("/run")
def start(command: str):
    return run(command)
'''


def test_a_route_parameter_found_only_through_the_decorator(tmp_path: Path) -> None:
    """The route's words (`post`) are in its decorator, and nothing else in it reads input:
    the route and the function it calls stay parsed, and the flow is reported."""
    found = padded_like_plain(tmp_path, ROUTE_PARAMETER, "--select", "tainted-command-injection")
    assert [f["rule_id"] for f in found] == ["tainted-command-injection"]
    assert found[0]["related"], "the data-flow path is part of the finding"


PROCESS_INPUT = '''\
import subprocess


def run(command):
    return subprocess.check_output(command, shell=True)


def main():
    return run(input("command: "))
'''


def test_a_low_confidence_source_counts_only_when_enabled(tmp_path: Path) -> None:
    """`input()` taints nothing by default (so its function need not stay); with
    low-confidence sources on, it does, and the flow into the other function is reported."""
    assert findings_of(tmp_path, "default.py", PROCESS_INPUT, "--select", "tainted-command-injection") == []
    write(tmp_path, {"pyproject.toml": "[tool.redline]\ntaint-low-confidence-sources = true\n"})
    found = padded_like_plain(tmp_path, PROCESS_INPUT, "--select", "tainted-command-injection")
    assert [f["rule_id"] for f in found] == ["tainted-command-injection"]
