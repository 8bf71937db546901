"""Rules compiled when first needed (rule_loader.DeferredRule): the language server takes what
its first open needs of each pattern rule (info, index keys, required names) from the rule
cache, where its file validated before with the same bytes, and compiles a rule's patterns
only when a document may match it. Findings are those of rules compiled at once; a cache
entry that does not read back as written, an edited rule file and a broken one are loaded for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine_helpers import RULE_EXAMPLES
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.rule_loader import DeferredRule, builtin_rules_dir, load_rules
from redline.engine.units import Change, IncrementalDocument
from redline.rule_cache import RuleCache

BROKEN = "rules:\n  - id: broken-rule\n    message: m\n    severity: high\n    languages: [python]\n    metadata: {cwe: 'CWE-78'}\n    pattern: os.system(\n"
GOOD = "rules:\n  - id: legacy-raw-query\n    message: raw\n    severity: high\n    languages: [python]\n    metadata: {cwe: 'CWE-89'}\n    pattern: legacy_db.raw_query(...)\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RuleCache:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return RuleCache()


def _findings(engine: Engine, text: str) -> list[dict]:
    model = IncrementalDocument(engine, text, AnalysisOptions(path="example.py"))
    return [f.to_dict() for f in model.findings()]


def test_every_rule_example_gets_the_findings_of_rules_compiled_at_once(cache: RuleCache) -> None:
    eager, problems = load_rules([builtin_rules_dir()])
    assert not problems
    load_rules([builtin_rules_dir()], cache)  # a first start: compiled, and remembered
    deferred, problems = load_rules([builtin_rules_dir()], cache)
    assert not problems
    assert [r.id for r in deferred] == [r.id for r in eager]
    kinds = {r.id: isinstance(r, DeferredRule) for r in deferred}
    assert all(kinds[r.id] == (r.taint is None) for r in eager), "pattern rules deferred, taint rules compiled at once"
    for mine, theirs in zip(deferred, eager):
        assert (mine.info, mine.keys, mine.requires, mine.definition_requires, mine.has_sequence, mine.pattern_names, mine.fix_names, mine.context_kinds, mine.context_tests,
                mine.context_defs_by_name, mine.context_items) == (
            theirs.info, theirs.keys, theirs.requires, theirs.definition_requires, theirs.has_sequence, theirs.pattern_names, theirs.fix_names,
            theirs.context_kinds, theirs.context_tests, theirs.context_defs_by_name, theirs.context_items,
        ), mine.id
    # what an `if` test must name for os-access-toctou's `if os.access(...)` insides (units.py: a header checked alone)
    assert next(r for r in deferred if r.id == "os-access-toctou").context_tests == ((frozenset({"os", "access"}),),)
    # weak-hash's `def $FUNCTION(...):` compares a name alone; reflected-xss-response's `@$APP.route(...)` a decorator too
    defs_by_name = {r.id: r.context_defs_by_name for r in deferred}
    assert defs_by_name["weak-hash"] and not defs_by_name["reflected-xss-response"]
    # the statement of its `if not os.access(...): ...` run (units.py: the statements after an edit of it are checked)
    assert next(r for r in deferred if r.id == "os-access-toctou").context_items == (("If", frozenset({"os", "access"})),)
    # the names fixes look up come from the cache (a nested keystroke asks them: nested_check.RuleFacts)
    assert {"defusedxml", "secrets", "hashlib"} <= Engine(deferred).nested_facts.fix_names
    late, at_once = Engine(deferred), Engine(eager)
    for example in RULE_EXAMPLES:
        text = example.read_text(encoding="utf-8")
        assert _findings(late, text) == _findings(at_once, text), example.name


def test_a_document_compiles_only_the_rules_its_words_can_need(cache: RuleCache) -> None:
    load_rules([builtin_rules_dir()], cache)
    rules, _ = load_rules([builtin_rules_dir()], cache)
    engine = Engine(rules)
    found = _findings(engine, "import os\n\ndef run(cmd):\n    os.system(cmd)\n    return eval(cmd)\n")
    compiled = {r.id for r in rules if isinstance(r, DeferredRule) and "formula" in vars(r)}
    assert {"eval-used"} <= {f["rule_id"] for f in found}
    assert "eval-used" in compiled
    assert "yaml-unsafe-load" not in compiled and "jwt-decode-without-verify" not in compiled


def test_renaming_a_local_compiles_no_other_rule(cache: RuleCache) -> None:
    """A rename's re-check asks which names the enabled rules' patterns hold (units.py's
    `_unread`): the rule cache knows them, so the keystroke compiles no rule the document did
    not need (asking each deferred rule's formula compiled every rule the file's words make
    possible: ~85 ms at one keystroke in a 5,166-line file)."""
    load_rules([builtin_rules_dir()], cache)
    rules, _ = load_rules([builtin_rules_dir()], cache)
    # the file's words make the yaml and pickle rules possible, no statement's needs them
    text = "import hashlib\nimport yaml\nimport pickle\n\ndef run(items, data):\n    parts = []\n    for item in items:\n        parts.append(item)\n    parts.sort()\n    return hashlib.md5(data)\n\ndef other(x):\n    return x.load(), x.loads()\n"
    model = IncrementalDocument(Engine(rules), text, AnalysisOptions(path="example.py"))
    model.findings()
    compiled = {r.id for r in rules if isinstance(r, DeferredRule) and "formula" in vars(r)}
    model.apply([Change((5, 9), (5, 9), "x")])
    found = [f.to_dict() for f in model.findings()]
    assert {r.id for r in rules if isinstance(r, DeferredRule) and "formula" in vars(r)} == compiled
    assert "weak-hash" in compiled
    eager, _ = load_rules([builtin_rules_dir()])
    assert found == _findings(Engine(eager), text.replace("parts = []", "partsx = []"))


def test_a_damaged_cache_entry_or_an_edited_rule_file_is_loaded_for_real(tmp_path: Path, cache: RuleCache) -> None:
    folder = tmp_path / "my_rules"
    folder.mkdir()
    rule_file = folder / "raw.yaml"
    rule_file.write_text(GOOD)
    load_rules([folder], cache)
    assert isinstance(load_rules([folder], cache)[0][0], DeferredRule)
    for entry in (tmp_path / "cache").rglob("*.json"):
        data = json.loads(entry.read_text())
        if "rules" in data and data["rules"] and "keys" in data["rules"][0]:
            data["rules"][0]["keys"] = [["Call", "os.system"]]  # damaged: not what this version writes
            entry.write_text(json.dumps(data))
    rules, _ = load_rules([folder], cache)
    assert not isinstance(rules[0], DeferredRule)
    assert rules[0].keys[0] is not None and rules[0].keys[0].callee == "legacy_db.raw_query"
    rule_file.write_text(GOOD.replace("legacy_db.raw_query", "legacy_db.raw_exec"))
    rules, _ = load_rules([folder], cache)
    assert not isinstance(rules[0], DeferredRule) and rules[0].keys[0].callee == "legacy_db.raw_exec"  # type: ignore[union-attr]


def test_a_broken_rule_file_is_still_reported_with_its_file_rule_and_key(tmp_path: Path, cache: RuleCache) -> None:
    folder = tmp_path / "my_rules"
    folder.mkdir()
    (folder / "broken.yaml").write_text(BROKEN)
    (folder / "raw.yaml").write_text(GOOD)
    for _ in range(2):  # the good file is cached after the first load; the broken one never is
        rules, problems = load_rules([builtin_rules_dir(), folder], cache)
        assert [p.rule_id for p in problems] == ["broken-rule"]
        assert "broken.yaml" in str(problems[0]) and "pattern" in str(problems[0])
        assert "legacy-raw-query" in {r.id for r in rules}



def test_a_file_of_taint_rules_the_cache_knows_is_compiled_but_not_written_again(cache: RuleCache) -> None:
    """Taint rules are compiled at every start (data flow is built from them); their file's
    entry, read back exactly as written, is left as it is (it was written again at every
    start), and a damaged one is still written again."""
    load_rules([builtin_rules_dir()], cache)
    assert cache.folder is not None
    taint = [entry for entry in sorted(cache.folder.glob("*.json")) if '"taint":true' in entry.read_text()]
    assert taint
    files = {entry: entry.stat().st_ino for entry in taint}  # a write is a new file renamed over the old
    rules, problems = load_rules([builtin_rules_dir()], cache)
    assert not problems and any(rule.taint is not None for rule in rules)
    assert {entry: entry.stat().st_ino for entry in taint} == files
    good = taint[0].read_text()
    taint[0].write_text(good.replace('"taint":true', '"taint":"yes"'))  # damaged: not what this version writes
    load_rules([builtin_rules_dir()], cache)
    assert taint[0].read_text() == good
