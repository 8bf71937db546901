"""Config discovery, strict validation and the decisions the settings make."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from redline.config import DEFAULT_EXCLUDES, Config, ConfigError, ConfigLoader, load_config
from redline.engine.model import Confidence, Finding, Position, RuleInfo, Severity, Span, Tier


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def rule(
    id: str = "yaml-unsafe-load",
    family: str = "deserialization",
    tier: Tier = Tier.VULN,
    applies_to_tests: bool = True,
) -> RuleInfo:
    return RuleInfo(
        id=id,
        message="m",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        cwe=502,
        cwe_title="t",
        tier=tier,
        family=family,
        source="rules/x.yaml",
        applies_to_tests=applies_to_tests,
    )


def finding(severity: Severity, confidence: Confidence) -> Finding:
    span = Span(Position(1, 0), Position(1, 1))
    return Finding("r", "m", severity, confidence, None, "a.py", span, "f")


def config_in(folder: Path, text: str) -> Config:
    write(folder / "redline.toml", text)
    return load_config(folder)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Error messages name files relative to the working folder; make that tmp_path."""
    monkeypatch.chdir(tmp_path)


# --- discovery -------------------------------------------------------------------------


def test_no_config_gives_defaults_and_a_cache_in_the_cwd(tmp_path: Path) -> None:
    config = load_config(tmp_path / "pkg" / "mod.py")
    assert config.root is None and config.source is None
    assert config.cache_folder == tmp_path / ".redline_cache"
    assert config.tiers == frozenset({Tier.VULN})
    assert config.test_files == ("tests/", "test/", "test_*.py", "*_test.py", "conftest.py")
    assert not config.nosec and not config.noqa and not config.require_reason
    assert config.respect_gitignore


def test_walks_up_from_a_file_to_the_nearest_config(tmp_path: Path) -> None:
    write(tmp_path / "redline.toml", "nosec = true\n")
    write(tmp_path / "proj" / "pyproject.toml", "[tool.redline]\nnoqa = true\n")
    source = write(tmp_path / "proj" / "src" / "pkg" / "mod.py")

    config = load_config(source)

    assert config.root == tmp_path / "proj"
    assert config.source == tmp_path / "proj" / "pyproject.toml"
    assert config.noqa and not config.nosec
    assert config.cache_folder == tmp_path / "proj" / ".redline_cache"


def test_start_may_be_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    write(tmp_path / "redline.toml")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert load_config(tmp_path / "a" / "b").root == tmp_path
    assert load_config(tmp_path / "a" / "b" / "new.py").root == tmp_path
    assert load_config(Path("a/../a/b")).root == tmp_path


def test_redline_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.redline]\nnosec = true\n")
    write(tmp_path / "redline.toml", "noqa = true\n")
    config = load_config(tmp_path)
    assert config.source == tmp_path / "redline.toml"
    assert config.noqa and not config.nosec


def test_pyproject_without_a_redline_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "redline.toml", "nosec = true\n")
    write(
        tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\ndependencies = ["redline"]\n'
    )
    write(tmp_path / "sub" / "deeper" / "pyproject.toml", "[project\nbroken = ")
    config = load_config(tmp_path / "sub" / "deeper")
    assert config.root == tmp_path and config.nosec


def test_an_empty_redline_table_still_marks_the_root(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.redline]\n")
    config = load_config(tmp_path)
    assert config.root == tmp_path
    assert dataclasses.replace(config, root=None, source=None) == Config(base=tmp_path)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    write(tmp_path / "redline.toml", "select = [\n")
    with pytest.raises(ConfigError, match=r"^redline\.toml: invalid TOML: "):
        load_config(tmp_path)


def test_redline_section_must_be_a_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool]\nredline = "on"\n')
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == "pyproject.toml: [tool.redline] must be a table"


def test_a_loader_reads_each_folder_once_and_keeps_nested_configs_apart(tmp_path: Path) -> None:
    write(tmp_path / "redline.toml", "nosec = true\n")
    write(tmp_path / "sub" / "redline.toml", "noqa = true\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    loader = ConfigLoader()

    top = loader(tmp_path / "a" / "b" / "x.py")
    assert top.root == tmp_path
    assert loader(tmp_path / "sub" / "y.py").root == tmp_path / "sub"
    assert loader(tmp_path / "a") is top

    write(tmp_path / "redline.toml", "nosec = false\n")
    assert loader(tmp_path / "a" / "b").nosec  # one run sees one version of the settings
    assert not load_config(tmp_path / "a" / "b").nosec


# --- validation ------------------------------------------------------------------------

# One wrong value per key, and the words the error must contain.
BAD_VALUES = {
    "select": ('"crypto"', "expected an array of strings, got a string"),
    "ignore": ("[1]", "expected an array of non-empty strings, got item 1"),
    "extend-select": ('[" "]', "expected an array of non-empty strings, got item ' '"),
    "exclude": ("{ a = 1 }", "expected an array of strings, got a table"),
    "extend-exclude": ("['\\']", "invalid pattern '\\\\'"),
    "per-file-ignores": ('{ "tests/**" = "crypto" }', "entry 'tests/**': expected an array"),
    "severity": ('{ yaml-unsafe-load = "urgent" }', "entry 'yaml-unsafe-load': unknown severity"),
    "extra-rules": ('["my-rules"]', "my-rules' does not exist"),
    "test-files": ("3", "expected an array of strings, got an integer"),
    "tiers": ('["vuln", "crit"]', "unknown tier 'crit' (use vuln or audit)"),
    "min-severity": ('"hgh"', "unknown severity 'hgh'"),
    "min-confidence": ('"sure"', "unknown confidence 'sure'"),
    "fail-on": ('"high:certain"', "unknown confidence 'certain'"),
    "nosec": ('"yes"', "expected true or false, got a string"),
    "noqa": ("1", "expected true or false, got an integer"),
    "require-reason": ('["true"]', "expected true or false, got an array"),
    "respect-gitignore": ("1.0", "expected true or false, got a float"),
    "cache-dir": ('""', "must not be empty"),
    "taint-low-confidence-sources": ('"on"', "expected true or false, got a string"),
    "taint-sources": ('[{pattern = "read("}]', "pattern does not parse as Python"),
}


def test_every_setting_has_a_validation_case() -> None:
    internal = {"root", "source", "base"}
    keys = {f.name.replace("_", "-") for f in dataclasses.fields(Config)} - internal
    assert keys == set(BAD_VALUES)


@pytest.mark.parametrize("key", sorted(BAD_VALUES))
def test_a_bad_value_names_file_section_and_key(tmp_path: Path, key: str) -> None:
    value, problem = BAD_VALUES[key]
    write(tmp_path / "pyproject.toml", f"[tool.redline]\n{key} = {value}\n")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    message = str(error.value)
    assert message.startswith(f"pyproject.toml: [tool.redline] key '{key}': ")
    assert problem in message
    assert (error.value.file, error.value.key) == ("pyproject.toml", key)


def test_redline_toml_errors_have_no_section(tmp_path: Path) -> None:
    write(tmp_path / "redline.toml", 'nosec = "yes"\n')
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == "redline.toml: key 'nosec': expected true or false, got a string"


def test_empty_tiers_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tiers': must name at least one tier"):
        config_in(tmp_path, "tiers = []\n")


def test_a_file_outside_the_cwd_is_named_by_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    write(tmp_path / "proj" / "redline.toml", "noqa = 1\n")
    with pytest.raises(ConfigError, match=f"^{tmp_path / 'proj' / 'redline.toml'}: key 'noqa'"):
        load_config(tmp_path / "proj")


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("selct", " (did you mean 'select'?)"),
        ("min_severity", " (did you mean 'min-severity'?)"),
        ("colour", ""),
    ],
)
def test_unknown_keys_are_errors_with_a_suggestion(
    tmp_path: Path, key: str, suggestion: str
) -> None:
    write(tmp_path / "pyproject.toml", f"[tool.redline]\n{key} = []\n")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    expected = f"pyproject.toml: [tool.redline] key '{key}': unknown key{suggestion}"
    assert str(error.value) == expected


def test_every_key_parses(tmp_path: Path) -> None:
    (tmp_path / "my-rules").mkdir()
    config = config_in(
        tmp_path,
        """
        select = ["deserialization", "sql-injection"]
        ignore = ["yaml-unsafe-load"]
        extend-select = ["hardcoded-password"]
        exclude = ["generated/"]
        extend-exclude = ["legacy/**"]
        tiers = ["vuln", "audit"]
        extra-rules = ["my-rules"]
        test-files = ["checks/**"]
        min-severity = "medium"
        min-confidence = "HIGH"
        fail-on = "high"
        nosec = true
        noqa = true
        require-reason = true
        respect-gitignore = false
        cache-dir = "../cache"

        [per-file-ignores]
        "scripts/*.py" = ["subprocess"]

        [severity]
        yaml-unsafe-load = "critical"
        """.replace("\n        ", "\n"),
    )
    assert config.select == ("deserialization", "sql-injection")
    assert config.ignore == ("yaml-unsafe-load",)
    assert config.extend_select == ("hardcoded-password",)
    assert config.exclude == ("generated/",)
    assert config.extend_exclude == ("legacy/**",)
    assert config.tiers == frozenset({Tier.VULN, Tier.AUDIT})
    assert config.extra_rules == (tmp_path / "my-rules",)
    assert config.test_files == ("checks/**",)
    assert (config.min_severity, config.min_confidence) == (Severity.MEDIUM, Confidence.HIGH)
    assert config.fail_on == (Severity.HIGH, Confidence.LOW)
    assert config.nosec and config.noqa and config.require_reason
    assert not config.respect_gitignore
    assert config.cache_folder == tmp_path / ".." / "cache"
    assert config.per_file_ignores == (("scripts/*.py", ("subprocess",)),)
    assert config.severity == (("yaml-unsafe-load", Severity.CRITICAL),)


# --- decisions -------------------------------------------------------------------------


def test_default_selection_is_every_vuln_rule(tmp_path: Path) -> None:
    config = Config(base=tmp_path)
    assert config.rule_enabled(rule(), tmp_path / "a.py")
    assert not config.rule_enabled(rule(tier=Tier.AUDIT), tmp_path / "a.py")
    assert config.with_overrides(tiers=["audit"]).rule_enabled(rule(tier=Tier.AUDIT), Path("a.py"))


def test_select_and_ignore_by_id_and_family(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    yaml_rule = rule("yaml-unsafe-load", "deserialization")
    pickle_rule = rule("pickle-load", "deserialization")
    sql_rule = rule("sql-format", "sql-injection")
    audit_rule = rule("md5-hash", "crypto", tier=Tier.AUDIT)

    config = Config(base=tmp_path, select=("deserialization", "md5-hash"), ignore=("pickle-load",))
    assert config.rule_enabled(yaml_rule, path)
    assert not config.rule_enabled(pickle_rule, path)  # an ignored id beats a selected family
    assert not config.rule_enabled(sql_rule, path)  # not selected
    assert config.rule_enabled(audit_rule, path)  # naming an id enables it whatever its tier

    config = Config(base=tmp_path, select=("yaml-unsafe-load",), ignore=("deserialization",))
    assert config.rule_enabled(yaml_rule, path)  # the id is more specific than the family
    assert not config.rule_enabled(pickle_rule, path)

    config = Config(base=tmp_path, select=("sql-injection",), extend_select=("crypto",))
    assert config.rule_enabled(sql_rule, path) and not config.rule_enabled(yaml_rule, path)
    assert not config.rule_enabled(audit_rule, path)  # a family keeps to the enabled tiers

    config = Config(base=tmp_path, select=("crypto",), ignore=("crypto",))
    assert not config.rule_enabled(audit_rule, path)


def test_per_file_ignores_by_id_and_family(tmp_path: Path) -> None:
    config = config_in(
        tmp_path,
        '[per-file-ignores]\n"scripts/*.py" = ["deserialization"]\n'
        '"__init__.py" = ["sql-format"]\n',
    )
    yaml_rule, sql_rule = rule(), rule("sql-format", "sql-injection")
    assert not config.rule_enabled(yaml_rule, tmp_path / "scripts" / "run.py")
    assert config.rule_enabled(sql_rule, tmp_path / "scripts" / "run.py")
    assert config.rule_enabled(yaml_rule, tmp_path / "src" / "scripts" / "run.py")  # anchored
    assert not config.rule_enabled(sql_rule, tmp_path / "pkg" / "sub" / "__init__.py")
    assert config.rule_enabled(yaml_rule, tmp_path / "pkg" / "__init__.py")


def test_relative_paths_are_taken_from_the_cwd(tmp_path: Path) -> None:
    config = config_in(tmp_path, '[per-file-ignores]\n"scripts/*.py" = ["deserialization"]\n')
    assert not config.rule_enabled(rule(), Path("scripts/run.py"))


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("tests/test_a.py", True),
        ("tests/helpers/data.py", True),
        ("test/util.py", True),
        ("pkg/test_mod.py", True),
        ("pkg/mod_test.py", True),
        ("pkg/conftest.py", True),
        ("pkg/tests/helpers.py", True),
        ("src/latest/mod.py", False),
        ("src/contest.py", False),
        ("src/testing.py", False),
    ],
)
def test_default_test_file_patterns(tmp_path: Path, relative: str, expected: bool) -> None:
    assert Config(base=tmp_path).is_test_file(tmp_path / relative) is expected


def test_test_file_outside_the_root_is_judged_by_its_name(tmp_path: Path) -> None:
    config = config_in(tmp_path / "proj", 'test-files = ["checks/**", "check_*.py"]\n')
    assert config.is_test_file(tmp_path / "proj" / "checks" / "a.py")
    assert not config.is_test_file(tmp_path / "proj" / "tests" / "a.py")
    assert config.is_test_file(tmp_path / "other" / "check_a.py")
    assert not config.is_test_file(tmp_path / "checks" / "a.py")


def test_rules_that_skip_tests_are_off_in_test_files(tmp_path: Path) -> None:
    config = Config(base=tmp_path)
    skipping = rule("assert-used", "misc", applies_to_tests=False)
    assert not config.rule_enabled(skipping, tmp_path / "tests" / "test_a.py")
    assert config.rule_enabled(skipping, tmp_path / "src" / "a.py")
    assert config.rule_enabled(rule(), tmp_path / "tests" / "test_a.py")


def test_default_excludes_apply_below_the_named_path_only(tmp_path: Path) -> None:
    config = Config(base=tmp_path)
    venv_file = tmp_path / ".venv" / "lib" / "x.py"
    assert config.is_excluded(venv_file)
    assert not config.is_excluded(venv_file, named=venv_file)
    assert not config.is_excluded(venv_file, named=tmp_path / ".venv")
    assert config.is_excluded(tmp_path / "build" / ".git" / "x.py", named=tmp_path / "build")
    assert not config.is_excluded(tmp_path / "lib" / "site-packages" / "pkg" / "x.py")
    assert "site-packages" not in DEFAULT_EXCLUDES


def test_exclude_replaces_the_defaults_and_always_applies(tmp_path: Path) -> None:
    (tmp_path / "generated").mkdir()
    config = config_in(tmp_path, 'exclude = ["generated/", "*_pb2.py"]\n')
    assert not config.is_excluded(tmp_path / ".venv" / "x.py")
    assert config.is_excluded(tmp_path / "generated")
    assert config.is_excluded(
        tmp_path / "generated" / "x.py", named=tmp_path / "generated" / "x.py"
    )
    assert config.is_excluded(tmp_path / "api_pb2.py", named=tmp_path / "api_pb2.py")


def test_extend_exclude_keeps_the_defaults(tmp_path: Path) -> None:
    config = config_in(tmp_path, 'extend-exclude = ["legacy/**"]\n')
    assert config.is_excluded(tmp_path / "node_modules" / "x.py")
    legacy = tmp_path / "legacy" / "old.py"
    assert config.is_excluded(legacy, named=legacy)
    assert not config.is_excluded(tmp_path / "src" / "legacy" / "old.py")


def test_severity_overrides_by_id_then_family(tmp_path: Path) -> None:
    config = config_in(
        tmp_path, '[severity]\nyaml-unsafe-load = "low"\ndeserialization = "medium"\n'
    )
    assert config.severity_for(rule()) == Severity.LOW
    assert config.severity_for(rule("pickle-load")) == Severity.MEDIUM
    assert config.severity_for(rule("sql", "sql-injection")) == Severity.HIGH


def test_reporting_and_failing_thresholds(tmp_path: Path) -> None:
    config = config_in(tmp_path, 'min-severity = "medium"\nfail-on = "high:medium"\n')
    assert not config.reports(finding(Severity.LOW, Confidence.HIGH))
    assert config.reports(finding(Severity.MEDIUM, Confidence.LOW))
    assert not config.fails_on(finding(Severity.MEDIUM, Confidence.HIGH))
    assert not config.fails_on(finding(Severity.CRITICAL, Confidence.LOW))
    assert config.fails_on(finding(Severity.HIGH, Confidence.MEDIUM))
    assert Config().fails_on(finding(Severity.LOW, Confidence.LOW))


# --- digest and overrides --------------------------------------------------------------


def test_digest_is_stable_and_tracks_result_settings(tmp_path: Path) -> None:
    first = config_in(tmp_path, 'select = ["crypto"]\n')
    assert load_config(tmp_path).digest == first.digest
    assert len(first.digest) == 64
    assert config_in(tmp_path, 'select = ["sql"]\n').digest != first.digest
    assert config_in(tmp_path, 'select = ["crypto"]\nnosec = true\n').digest != first.digest
    # Where the cache lives and what is scanned cannot change a file's findings.
    same = config_in(tmp_path, 'select = ["crypto"]\ncache-dir = "c"\nextend-exclude = ["x"]\n')
    assert same.digest == first.digest


def test_with_overrides_validates_and_replaces(tmp_path: Path) -> None:
    config = config_in(tmp_path, 'select = ["crypto"]\nignore = ["md5-hash"]\n')
    overridden = config.with_overrides(select=["sql-injection"], fail_on="critical", noqa=True)
    assert overridden.select == ("sql-injection",)
    assert overridden.ignore == ("md5-hash",)
    assert overridden.fail_on == (Severity.CRITICAL, Confidence.LOW)
    assert overridden.noqa
    assert overridden.root == config.root
    assert overridden.digest != config.digest
    assert config.with_overrides(cache_dir="c").cache_folder == tmp_path / "c"


def test_with_overrides_reports_bad_options() -> None:
    with pytest.raises(ConfigError) as error:
        Config().with_overrides(fail_on="severe")
    assert str(error.value).startswith("command line: key 'fail-on': unknown severity 'severe'")
    with pytest.raises(ConfigError, match=r"key 'tier': unknown key \(did you mean 'tiers'\?\)"):
        Config().with_overrides(tier=["audit"])
