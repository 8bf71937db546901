"""Fix templates: rendered from the matched code, edits limited to the reported range."""

from __future__ import annotations

import textwrap
from pathlib import Path

from engine_helpers import analyze, findings, fix_all, make_rule
from redline.engine.edits import apply_fixes
from redline.engine.model import FixSafety

_YAML_FIX = {"extra": "fix: yaml.safe_load($X)"}


def fixed_text(tmp_path: Path, body: str, code: str, extra: str) -> str:
    """`code` after applying the safe fixes of a one-rule rule set; asserts it parses."""
    return fix_all(code, findings(tmp_path, body, code, extra=extra))


def test_fix_keeps_comments_and_formatting_around_the_match(tmp_path: Path) -> None:
    code = """\
    import yaml
    # read the config
    data   =   yaml.load( stream )   # trailing note
    other = [1,2 ,3]
    """
    expected = """\
    import yaml
    # read the config
    data   =   yaml.safe_load(stream)   # trailing note
    other = [1,2 ,3]
    """
    assert fixed_text(tmp_path, "pattern: yaml.load($X)", code, **_YAML_FIX) == textwrap.dedent(expected)


def test_fix_keeps_the_bound_codes_own_formatting_and_comments(tmp_path: Path) -> None:
    code = "import yaml\ndata = yaml.load([a,  # first\n                  b  +  c])\n"
    expected = "import yaml\ndata = yaml.safe_load([a,  # first\n                  b  +  c])\n"
    assert fixed_text(tmp_path, "pattern: yaml.load($X)", code, **_YAML_FIX) == expected


def test_fix_edit_covers_only_the_reported_range(tmp_path: Path) -> None:
    code = "import yaml\nx = 1; data = yaml.load(s); y = 2\n"
    (finding,) = findings(tmp_path, "pattern: yaml.load($X)", code, **_YAML_FIX)
    assert finding.fix is not None
    assert [(e.span.start.line, e.span.start.column, e.span.end.column, e.new_text) for e in finding.fix.edits] == [
        (2, 14, 26, "yaml.safe_load(s)")
    ]


def test_fix_uses_the_files_import_alias(tmp_path: Path) -> None:
    code = "import yaml as y\n\ndef read(s):\n    return y.load(s)\n"
    expected = "import yaml as y\n\ndef read(s):\n    return y.safe_load(s)\n"
    assert fixed_text(tmp_path, "pattern: yaml.load($X)", code, **_YAML_FIX) == expected


def test_fix_uses_the_first_alias_by_name_the_function_still_sees(tmp_path: Path) -> None:
    """Of the module's two aliases of `yaml`, `a` comes first by name but is a local of the
    function: the fix writes `b` (Scope.alias_for, its names importing `yaml` indexed once)."""
    code = "import yaml as b\nimport yaml as a\n\ndef read(s):\n    a = 1\n    return b.load(s) if a else None\n"
    expected = "import yaml as b\nimport yaml as a\n\ndef read(s):\n    a = 1\n    return b.safe_load(s) if a else None\n"
    assert fixed_text(tmp_path, "pattern: yaml.load($X)", code, **_YAML_FIX) == expected
    module_level = "import yaml as b\nimport yaml as a\n\ndef read(s):\n    return b.load(s)\n"
    assert fixed_text(tmp_path, "pattern: yaml.load($X)", module_level, **_YAML_FIX) == module_level.replace("b.load", "a.safe_load")


def test_fix_adds_a_missing_import_after_docstring_and_future_imports(tmp_path: Path) -> None:
    code = '''\
    #!/usr/bin/env python
    """Module docstring
    on two lines."""
    from __future__ import annotations

    import os
    token = random.random()
    '''
    expected = '''\
    #!/usr/bin/env python
    """Module docstring
    on two lines."""
    from __future__ import annotations
    import secrets

    import os
    token = secrets.SystemRandom().random()
    '''
    body = "pattern: random.random()"
    assert fixed_text(tmp_path, body, code, "fix: secrets.SystemRandom().random()") == textwrap.dedent(expected)


def test_fix_imports_adds_the_listed_module(tmp_path: Path) -> None:
    extra = "fix: defusedxml.ElementTree.parse($X)\nredline:\n  fix-imports: [defusedxml.ElementTree]"
    code = "import xml.etree.ElementTree as ET\ntree = ET.parse(path)\n"
    expected = "import defusedxml.ElementTree\nimport xml.etree.ElementTree as ET\ntree = defusedxml.ElementTree.parse(path)\n"
    assert fixed_text(tmp_path, "pattern: xml.etree.ElementTree.parse($X)", code, extra) == expected


def test_fix_adds_no_import_when_the_module_is_imported(tmp_path: Path) -> None:
    extra = "fix: hashlib.sha256($X)\nredline:\n  fix-imports: [hashlib]"
    code = "import hashlib\ndef f(a):\n    return hashlib.md5(a)\n"
    expected = "import hashlib\ndef f(a):\n    return hashlib.sha256(a)\n"
    assert fixed_text(tmp_path, "pattern: hashlib.md5($X)", code, extra) == expected


def test_fix_is_not_offered_when_its_module_name_is_taken(tmp_path: Path) -> None:
    code = "from hashlib import md5\nhashlib = object()\nmd5(a)\n"
    (finding,) = findings(tmp_path, "pattern: hashlib.md5($X)", code, extra="fix: hashlib.sha256($X)")
    assert finding.fix is None


def test_ellipsis_args_in_a_template(tmp_path: Path) -> None:
    code = "import hashlib\nhashlib.md5()\nhashlib.md5(b'x', usedforsecurity=True)\n"
    expected = "import hashlib\nhashlib.new(\"sha256\")\nhashlib.new(\"sha256\", b'x', usedforsecurity=True)\n"
    extra = 'fix: hashlib.new("sha256", $...ARGS)'
    assert fixed_text(tmp_path, "pattern: hashlib.md5($...ARGS)", code, extra) == expected


def test_fix_applies_to_the_focused_range(tmp_path: Path) -> None:
    body = """
    patterns:
      - pattern: subprocess.run($CMD, shell=True)
      - focus-metavariable: $CMD
    """
    code = "import shlex, subprocess\nsubprocess.run(cmd, shell=True)  # note\n"
    expected = "import shlex, subprocess\nsubprocess.run(shlex.quote(cmd), shell=True)  # note\n"
    assert fixed_text(tmp_path, body, code, "fix: shlex.quote($CMD)") == expected


def test_overlapping_fixes_apply_one_per_pass(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "pattern: f($X)", extra="fix: str($X)")
    code = "f(f(1))\n"
    once, applied = apply_fixes(code, analyze(rule, code).findings)
    assert (once, applied) == ("str(f(1))\n", 1)
    twice, applied = apply_fixes(once, analyze(rule, once).findings)
    assert (twice, applied) == ("str(str(1))\n", 1)


def test_fixes_needing_the_same_import_add_it_once(tmp_path: Path) -> None:
    code = "from hashlib import md5\nmd5(a)\nmd5(b)\n"
    expected = "import hashlib\nfrom hashlib import md5\nhashlib.sha256(a)\nhashlib.sha256(b)\n"
    assert fixed_text(tmp_path, "pattern: hashlib.md5($X)", code, "fix: hashlib.sha256($X)") == expected


def test_offer_only_fix_is_applied_only_when_asked(tmp_path: Path) -> None:
    extra = "fix: str($X)\nredline:\n  fix-safety: offer-only\n  fix-title: Convert to text"
    rule = make_rule(tmp_path, "pattern: f($X)", extra=extra)
    code = "f(1)\n"
    (finding,) = analyze(rule, code).findings
    assert finding.fix is not None
    assert (finding.fix.safety, finding.fix.title) == (FixSafety.OFFER_ONLY, "Convert to text")
    assert apply_fixes(code, [finding]) == (code, 0)
    assert apply_fixes(code, [finding], include_offer_only=True) == ("str(1)\n", 1)


def test_fixed_code_parses_and_no_longer_matches(tmp_path: Path) -> None:
    rule = make_rule(tmp_path, "pattern: yaml.load($X)", **_YAML_FIX)
    code = "import yaml as y\nfor s in streams:\n    if y.load(s) or y.load(\n        s + t,\n    ):\n        pass\n"
    fixed = fix_all(code, analyze(rule, code).findings)
    assert "y.load" not in fixed
    assert analyze(rule, fixed).findings == []


_URL_GROUPS = """
patterns:
  - pattern: fetch($URL)
  - metavariable-regex:
      metavariable: $URL
      regex: '(?s)^(?P<HEAD>[fF]?["\\x27])http://(?P<TAIL>.*)$'
  - focus-metavariable: $URL
"""


def test_named_regex_groups_are_spliced_into_the_template_as_text(tmp_path: Path) -> None:
    code = "import shlex\nfetch('http://a.example/x')\nfetch(f\"http://{host}/$HOME\" + path)\n"
    expected = "import shlex\nfetch('https://a.example/x')\nfetch(f\"https://{host}/$HOME\" + path)\n"
    assert fixed_text(tmp_path, _URL_GROUPS, code, "fix: $HEADhttps://$TAIL") == expected


def test_named_regex_groups_fill_the_message(tmp_path: Path) -> None:
    (finding,) = findings(tmp_path, _URL_GROUPS, "fetch('http://a.example/x')\n", message="host part $TAIL")
    assert finding.message == "host part a.example/x'"


def test_a_template_whose_spliced_text_does_not_parse_offers_no_fix(tmp_path: Path) -> None:
    (finding,) = findings(tmp_path, _URL_GROUPS, "fetch('http://a.example/x')\n", extra="fix: $HEADhttps://$TAIL)")
    assert finding.fix is None


_PATCH_FIX = (
    "fix: defusedxml.xmlrpc.monkey_patch()\nredline:\n  fix-placement: before-statement\n"
    "  fix-imports: [defusedxml.xmlrpc]"
)


def test_a_before_statement_fix_inserts_a_line_above_with_the_statements_indentation(tmp_path: Path) -> None:
    """The reported import and its comments stay as they are; the call goes above it, indented
    like it (tabs included), and the module it needs is imported at the top."""
    code = 'def f():\n\tif ready:\n\t\timport xmlrpc.client  # noqa: S411\n\treturn 1\n'
    expected = (
        "import defusedxml.xmlrpc\ndef f():\n\tif ready:\n\t\tdefusedxml.xmlrpc.monkey_patch()\n"
        "\t\timport xmlrpc.client  # noqa: S411\n\treturn 1\n"
    )
    assert fixed_text(tmp_path, "pattern: import xmlrpc.client", code, _PATCH_FIX) == expected


def test_a_before_statement_fix_goes_above_the_whole_line_holding_the_match(tmp_path: Path) -> None:
    """A match after `if x:` or `a = 1;` on the same line: the new line goes above that line."""
    for line in ("if ready: import xmlrpc.client\n", "x = 1; import xmlrpc.client\n"):
        expected = "import defusedxml.xmlrpc\ndefusedxml.xmlrpc.monkey_patch()\n" + line
        assert fixed_text(tmp_path, "pattern: import xmlrpc.client", line, _PATCH_FIX) == expected


def test_a_fix_that_only_inserts_is_applied_alone_in_its_pass(tmp_path: Path) -> None:
    """One inserted call can settle every other finding: the next pass re-checks first, so
    three imports get one call, not three."""
    rule = make_rule(
        tmp_path,
        "patterns:\n  - pattern: import xmlrpc.client\n  - pattern-not-inside: |\n"
        "      ...\n      defusedxml.xmlrpc.monkey_patch()\n      ...",
        extra=_PATCH_FIX,
    )
    code = "import xmlrpc.client\nimport os\nimport xmlrpc.client\nimport xmlrpc.client\n"
    once, applied = apply_fixes(code, analyze(rule, code).findings)
    assert applied == 1
    assert once == "import defusedxml.xmlrpc\ndefusedxml.xmlrpc.monkey_patch()\n" + code
    assert analyze(rule, once).findings == []
