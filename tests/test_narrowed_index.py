"""A document's checks look rules up in the engine's index narrowed to the rules its text
allows and its options enable (units._rule_index): the names resolved to find a node's
candidate rules (Stats.index_names) are those such rules are keyed by, and the findings
equal a from-scratch analysis, which looks them up in the whole index."""

from __future__ import annotations

from nested_cases import assert_same_as_scratch
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.model import Tier
from redline.engine.units import Change, IncrementalDocument

VULN = AnalysisOptions(path="plain.py", enabled=lambda info: info.tier == Tier.VULN)  # the editor's default tier

PLAIN = """\
def total(values):
    result = 0
    for value in values:
        result += len(value)
    return result


class Store:
    def __init__(self, path):
        self.path = path

    def size(self):
        return total(self.path.items())
"""


def test_first_open_resolves_no_name_where_no_rule_the_text_allows_is_keyed_by_one(engine: Engine) -> None:
    """The whole index files rules under callees and dotted names (`ssl.CERT_NONE`), so its
    walk resolved each call's callee and each name read here; none of the rules this text
    allows is filed so."""
    document = IncrementalDocument(engine, PLAIN, VULN)
    assert document.stats.index_names == 0
    assert document.findings() == []
    assert_same_as_scratch(document)


def test_a_rule_the_text_comes_to_allow_is_looked_up_again(engine: Engine) -> None:
    """`eval(` typed makes `eval-used` possible: the next check's index holds it, resolves
    the calls and reports it, as from scratch; taking it out again leaves nothing."""
    document = IncrementalDocument(engine, PLAIN, VULN)
    line = PLAIN.splitlines().index("        return total(self.path.items())")
    document.apply([Change((line, 15), (line, 20), "eval")])
    assert [f.rule_id for f in document.findings()] == ["eval-used"]
    assert document.stats.index_names > 0
    assert_same_as_scratch(document)
    document.apply([Change((line, 15), (line, 19), "total")])
    assert document.findings() == []
    assert_same_as_scratch(document)


def test_settings_enabling_more_rules_look_them_up(engine: Engine) -> None:
    """New options index the rules they enable (audit tier: `try-except-pass`)."""
    text = PLAIN + "\n\ndef guarded(f):\n    try:\n        return f()\n    except Exception:\n        pass\n"
    document = IncrementalDocument(engine, text, VULN)
    assert document.findings() == []
    document.reconfigure(engine, AnalysisOptions(path="plain.py"))
    assert "try-except-pass" in {f.rule_id for f in document.findings()}
    assert_same_as_scratch(document)
