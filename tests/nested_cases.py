"""Code with statements nested in blocks, and edits of it that change what a nested statement
is or where it belongs: the cases nested units (server/engine/nesting.py) must get right,
shared by the engine and the language-server tests."""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from redline.engine.units import Change, IncrementalDocument

# Statements nested in blocks of functions, methods and compound statements: edits re-parse
# the innermost one (nested units), which must give what a parse of the whole text gives.
NESTED = '''import os, subprocess
from flask import request
import yaml as y


class Runner(Base):
    @property
    def shell(self):
        if self.ok:
            for item in self.items:
                try:
                    os.system(item)
                except OSError:
                    # ignored
                    pass
                else:
                    y.load(item)
        elif self.other:
            with open(self.path) as f:
                return eval(f.read())
        else:
            def inner(cmd):
                return subprocess.call(cmd, shell=True)
            return inner


def run(cmd):
    from pickle import loads as decode
    data = request.args["q"]
    while cmd:
        if cmd.startswith("x"):
            os.system(cmd)
            # trailing comment
        try:
            subprocess.call(data, shell=True)
        except Exception:
            pass
        cmd = decode(cmd[1:])
    return eval(cmd)
'''


# `run` reads `self.cmd`, which `setup` sets from input, and calls `helper`: an edit of
# `helper` re-checks only `run`'s data flow, whose message must still name the source's line.
ATTRIBUTE = '''import subprocess
from flask import request


class Handler:
    def setup(self):
        self.cmd = request.args["c"]

    def run(self):
        self.helper()
        subprocess.call(self.cmd, shell=True)

    def helper(self):
        return 1
'''


# `h` reaches `f` through `g`: an edit of `f` changes `g`'s summary, which `h` reads
# (tests/test_transitive_dependents.py, tests/lsp/test_transitive_lsp.py).
CHAIN = '''import subprocess
from flask import request


def f(x):
    return x


def g(y):
    return f(y)


def h():
    subprocess.call(g(request.args["a"]), shell=True)


def other():
    return 1
'''


def _at(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """(line, column) of `needle` in `text`, plus `offset` columns."""
    index = text.index(needle) + offset
    return text.count("\n", 0, index), index - text.rfind("\n", 0, index) - 1


# Edits in nested blocks that change what a statement is or where it belongs; each typed one
# character (or one piece) at a time, as an editor sends them.
NESTED_CASES = {
    "deeper indentation": [("os.system(item)", 0, "    ")],
    "shallower indentation": [("                    pass", 0, "", 4)],
    "statement becomes a def": [("y.load(item)", 0, "def g(): "), ("def g(): y.load(item)", 9, "return ")],
    "parse breaks then recovers": [("os.system(cmd)", 9, "("), ("os.system((cmd)", 10, ")")],
    "unclosed string inside a block": [("return eval(f.read())", 0, '"'), ('return eval(f.read())', 0, "x = ")],
    "decorator edited and added": [("@property", 1, "x"), ("    def shell", 0, "    @staticmethod\n")],
    "new line splits a statement": [("cmd = decode(cmd[1:])", 9, "\n        ")],
    "comment dedented to the block": [("            # trailing comment", 0, "", 4)],
    "elif body": [("with open(self.path)", 0, "x = eval(z)\n            ")],
    "line joined to the next": [("os.system(item)", 15, "", 0, True)],
    "handler body no longer just pass": [("Exception:\n            pass", 23, "cmd\n            ")],
    "sink argument edited": [("call(data", 5, "", 4), ("call(, shell", 5, "cmd")],
    "local import renamed": [("loads as decode", 15, "r")],
    "source edited": [('request.args["q"]', 0, "", 17), ("data = ", 7, "'safe'")],
    # Name keystrokes that change what a statement binds, read by statements elsewhere in
    # its function (the resolver follows local aliases and values), and header lines.
    "local alias bound, read, then renamed": [
        ("cmd = decode(cmd[1:])", 0, "ev = eval\n        "), ("cmd = decode(", 6, "ev(cmd) or "), ("ev = eval", 2, "x"), ("evx = eval", 2, "", 1),
    ],
    "tainted binding renamed and back": [("data = request", 4, "x"), ("datax = request", 4, "", 1)],
    "module import alias renamed": [("import yaml as y", 16, "z"), ("import yaml as yz", 16, "", 1)],
    "parameter renamed in the def line": [("def run(cmd", 11, "x"), ("def run(cmdx", 11, "", 1)],
    "header lines edited": [("elif self.other:", 15, "x"), ("while cmd:", 9, "x"), ("for item in self.items", 8, "s")],
    # An `elif` line re-parses alone as an `if` header; its keyword edited, it does not.
    "elif header edited": [
        ("elif self.other:", 5, "request.args or "), ("elif request.args or self.other:", 5, "", 12), ("elif  or self", 5, "eval(x)"),
    ],
    "elif keyword edited": [("elif self.other:", 0, "", 2), ("if self.other:", 0, "el"), ("elif self.other:", 4, "x"), ("elifx self", 4, "", 1)],
    "method def line edited": [("def shell(self)", 14, ", cmd"), ("def shell(self, cmd)", 14, "", 5), ("def shell", 4, "_")],
    "comment above an elif edited": [("elif self.other:", 0, "# other\n        "), ("# other", 7, "x")],
}


_BREAK = re.compile(r"\r\n|\r|\n")


def edit_steps(text: str, steps: list[tuple], newline: str = "\n") -> Iterator[tuple[tuple[int, int, int, int, str], str]]:
    """Each step of a case as an LSP-style edit (line, column, end line, end column, text)
    with the text after it; `text` uses `newline` line breaks."""
    for needle, offset, new_text, *rest in steps:
        removed = rest[0] if rest else 0
        joins = bool(rest[1]) if len(rest) > 1 else False
        line, column = _at(text.replace("\r\n", "\n"), needle, offset)
        new_text = new_text.replace("\n", newline)
        start = ([0] + [m.end() for m in _BREAK.finditer(text)])[line] + column
        if joins:  # delete the line break after `needle`
            end_line, end_column, end = line + 1, 0, start + len(newline)
        else:
            end_line, end_column, end = line, column + removed, start + removed
        text = text[:start] + new_text + text[end:]
        yield (line, column, end_line, end_column, new_text), text


def random_change(text: str, line_at: float, column_at: float, removed: int, piece: str) -> tuple[int, int, int, str]:
    """A Hypothesis-drawn edit as (line, column, end column, new text): `piece` typed at a
    relative place of `text`, over up to `removed` characters of that line."""
    lines = text.split("\n")
    line = int(line_at * (len(lines) - 1))
    column = int(column_at * len(lines[line]))
    return line, column, min(len(lines[line]), column + removed), piece


def assert_same_as_scratch(document: IncrementalDocument) -> None:
    """The document's findings equal a from-scratch analysis of its text (when that parses)."""
    assert document.text is not None
    analysis = document.engine.analyze_source(document.text, document.options)
    if not analysis.errors:
        assert [f.to_dict() for f in document.findings()] == [f.to_dict() for f in analysis.findings]


def apply_random_edits(document: IncrementalDocument, edits: Sequence[tuple[float, float, int, str]]) -> None:
    """Apply Hypothesis-drawn edits (`random_change`) one by one, comparing with a from-scratch
    analysis after each."""
    for edit in edits:
        line, column, end, piece = random_change(document.text, *edit)
        document.apply([Change((line, column), (line, end), piece)])
        assert_same_as_scratch(document)
