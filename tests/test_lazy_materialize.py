"""When an edit makes lazy units needed (`_materialize`: an edit spanning several units, a
module statement that binds something, new rules or settings), each lazy unit is parsed
alone, not the whole text, and the units that were parsed keep their findings unless what
changed makes them due. After each step the findings equal a from-scratch analysis."""

from __future__ import annotations

from lazy_cases import TEXT
from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="lazy.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier
# A function a rule matches that data flow does not refine: parsed at first open.
UNVERIFIED = "\n\ndef context():\n    import ssl\n    return ssl._create_unverified_context()\n"


def _lazy_lines(document: IncrementalDocument) -> int:
    return sum(piece.lines for _, piece in document._walk_units() if piece.lazy is not None)


def test_an_import_line_pasted_at_the_top_parses_the_lazy_units_alone(engine: Engine) -> None:
    """`import yaml as d` makes `d.load` in the lazy `parse` a finding: the lazy units are
    parsed (their lines and the new one's), not the whole text again."""
    document = IncrementalDocument(engine, TEXT, VULN)
    lazy = _lazy_lines(document)
    assert lazy and "yaml-unsafe-load" not in {f.rule_id for f in document.findings()}
    document.apply([Change((2, 0), (2, 0), "import yaml as d\n")])
    assert document.lazy_units() == 0
    assert document.stats.full_parses == 1  # first open's (2 before: the whole text parsed again)
    assert document.stats.parsed_lines == lazy + 9  # the lazy units' lines and the edited import statements'
    assert "yaml-unsafe-load" in {f.rule_id for f in document.findings()}
    assert_same_as_scratch(document)


def test_an_import_typed_letter_by_letter_equals_from_scratch(engine: Engine) -> None:
    document = IncrementalDocument(engine, TEXT, VULN)
    document.apply([Change((2, 0), (2, 0), "\n")])
    for column, letter in enumerate("import yaml as d"):
        document.apply([Change((2, column), (2, column), letter)])
        assert_same_as_scratch(document)
    assert "yaml-unsafe-load" in {f.rule_id for f in document.findings()}


def test_a_paste_over_two_units_parses_the_lazy_units_alone_and_keeps_other_findings(engine: Engine) -> None:
    """The boundary of `total` and `parse` pasted over (their text again): an edit spanning
    two units. The lazy units are parsed alone; `context`, where no rule data flow refines
    may match, keeps its findings (checked at open only); `run`, where one may (its shell
    call), is checked again (a lazy callee's stub may have summarised as clean)."""
    text = TEXT + UNVERIFIED
    document = IncrementalDocument(engine, text, VULN)
    lazy, checks, checked = _lazy_lines(document), document.stats.unit_checks, document.stats.checked_lines
    lines = text.splitlines(keepends=True)
    start = lines.index("    return result\n")
    end = lines.index("def parse(stream):\n") + 1
    document.apply([Change((start, 0), (end, 0), "".join(lines[start:end]))])
    assert document.lazy_units() == 0
    assert document.stats.full_parses == 1
    assert document.stats.parsed_lines == lazy  # `total` and `parse` are lazy, re-parsed with the edit
    # `run`, `total`, `parse`, `__init__`, `size`; not `context` (before: the whole module, 1 check of every line)
    assert document.stats.unit_checks - checks == 5
    assert document.stats.checked_lines - checked == 4 + 7 + 4 + 2 + 6  # their lines with the blank ones above them (33 before)
    assert "ssl-unverified-context" in {f.rule_id for f in document.findings()}
    assert_same_as_scratch(document)
