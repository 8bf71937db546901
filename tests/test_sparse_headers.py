"""Sparse parsing reads a unit's function headers (for taint sources that are whole functions,
such as a route's parameters) only when the unit's words with every marker allow such a
source (sparse_source's `markers`). The stubbed text and whether the file reads input must be
exactly those of reading every header, with the built-in rules as the CLI loads them."""

from __future__ import annotations

import pytest

from redline.engine.analysis import AnalysisOptions
from redline.engine.prefilter import file_tokens, text_tokens
from redline.engine.rule_files import builtin_rules_dir
from redline.engine.rule_loader import text_marker
from redline.engine.sparse import Sparse, cpython_tree, sparse_source, without_comments
from redline.runner import engine_for

FILLER = "".join(f"def helper_{n}(values):\n    return sum(values) + {n}\n\n\n" for n in range(3))

ROUTES = '''\
import os
import subprocess

from flask import Flask

app = Flask(__name__)


def run(command):
    return subprocess.run(command, shell=True)


@app.route("/run/<name>")
def start(name):  # the route's parameter is the source: only the header says so
    return run(name)


class Views:
    @app.post("/token")
    def token(self, password):
        return os.path.join("x", password)

    def plain(self, value):
        return value + 1
'''

DJANGO = '''\
import os

from django.http import HttpResponse


def view(request, path):
    return HttpResponse(open(os.path.join("/srv", path)).read())


def other(values):
    return len(values)
'''

NON_ASCII = '''\
from flask import Flask

app = Flask(__name__)


@app.route("/r/<ﬁle>")
def read(ﬁle):  # NFKC makes the parameter `file`
    return open(ﬁle).read()


def café(values):
    return values
'''


def both_ways(text: str) -> tuple[Sparse, Sparse]:
    """The sparse result reading every header, and the one with the markers' shortcut."""
    engine = engine_for((str(builtin_rules_dir()),))
    tree = cpython_tree(text, "app.py")
    assert tree is not None
    code = without_comments(text)
    tokens = file_tokens(text, engine.rules, None, code)
    needs, marked = engine.sparse_needs(tree, tokens, AnalysisOptions(path="app.py"))
    assert needs.taint_header is not None or needs.taint_decorated is not None  # the headers are read
    tokens_of = lambda piece, piece_code: text_tokens(piece, marked, piece_code)  # noqa: E731
    markers = frozenset(text_marker(rule.id) for rule in marked)
    return sparse_source(text, tree, tokens_of, needs, code), sparse_source(text, tree, tokens_of, needs, code, markers)


@pytest.mark.parametrize("text", [FILLER + ROUTES, ROUTES + FILLER, FILLER + DJANGO, NON_ASCII + FILLER, FILLER + ROUTES.replace("@app", "# @app")], ids=["routes-after", "routes-before", "django", "non-ascii", "no-routes"])
def test_reading_headers_only_where_words_allow_changes_nothing(text: str) -> None:
    every, shortcut = both_ways(text)
    assert shortcut == every


def test_a_source_only_in_a_route_header_keeps_its_function_and_callee() -> None:
    every, shortcut = both_ways(FILLER + ROUTES)
    assert shortcut.text is not None and shortcut.reads_input
    assert "return run(name)" in shortcut.text and "shell=True" in shortcut.text  # kept for the flow
    assert "return sum(values) + 1" not in shortcut.text  # filler stubbed
