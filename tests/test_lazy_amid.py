"""Lazy units and pattern-insides that match around a definition: `os-access-toctou` reports
`open(PATH)` in any function after a module-level `if not os.access(PATH, ...): raise`, so
its `os.access` words may lie outside the definition. First open keeps a definition naming
`open` only when the code outside every definition (docstrings aside) names `access` too,
and an edit bringing that word into module code has the lazy units parsed."""

from __future__ import annotations

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="amid.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier

CHECK = "if not os.access(PATH, os.R_OK):\n    raise SystemExit(1)\n"

TEXT = f'''\
"""Reads the configuration; access to it is checked first."""
import os

PATH = "/etc/app.conf"

{CHECK}

def total(values):
    result = 0
    for value in values:
        result += value
    return result


def read():
    with open(PATH) as handle:
        return handle.read()


def write(text):
    with open("log.txt", "a") as handle:
        handle.write(text)
'''

WITHOUT_CHECK = TEXT.replace("os.access(PATH, os.R_OK)", "os.path.isfile(PATH)")


def _lazy(document: IncrementalDocument) -> set[str]:
    return {name for _, piece in document._walk_units() if piece.lazy is not None for name in piece.lazy}


def _found(document: IncrementalDocument) -> list[tuple[str, int]]:
    return [(finding.rule_id, finding.span.start.line) for finding in document.findings()]


def test_a_check_around_the_definitions_keeps_those_naming_open(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    assert _lazy(document) == {"total"}
    assert _found(document) == [("os-access-toctou", TEXT.splitlines().index("    with open(PATH) as handle:") + 1)]
    assert_same_as_scratch(document)


def test_without_a_check_in_module_code_open_alone_keeps_nothing(engine: Engine) -> None:
    """The module docstring says "access": prose, never code a pattern-inside matches."""
    assert "os.access" not in WITHOUT_CHECK
    document = IncrementalDocument(engine, WITHOUT_CHECK, VULN)
    assert _lazy(document) == {"total", "read", "write"}
    assert _found(document) == []
    assert_same_as_scratch(document)


def test_typing_the_check_into_module_code_parses_the_lazy_units(engine: Engine) -> None:
    """`if not os.access(...)` binds no name, yet it changes what the lazy `read` may match."""
    document = IncrementalDocument(engine, WITHOUT_CHECK, VULN)
    line = WITHOUT_CHECK.splitlines().index("if not os.path.isfile(PATH):")
    document.apply([Change((line, 7), (line, 27), "os.access(PATH, os.R_OK)")])
    assert document.text == TEXT
    assert document.lazy_units() == 0
    assert _found(document) == [("os-access-toctou", document.text.splitlines().index("    with open(PATH) as handle:") + 1)]
    assert_same_as_scratch(document)
