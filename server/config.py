"""Redline's settings: where they are found, how they are validated, what they decide.

Settings live in `redline.toml` (top-level keys) or in the `[tool.redline]` table of a
`pyproject.toml`. Every key is checked strictly, because a misspelt key that is silently
ignored looks exactly like a rule that found nothing.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pathspec

from redline.engine.model import Confidence, Finding, RuleInfo, Severity, Tier

if TYPE_CHECKING:  # the engine (LibCST) is imported when data flow is set up, not by every run
    from redline.engine.taint.analyzer import TaintOptions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_FILE = "redline.toml"
PYPROJECT_FILE = "pyproject.toml"
DEFAULT_CACHE_DIR = ".redline_cache"

# Folder names never worth scanning (ruff's list). site-packages is deliberately absent:
# `redline check --package` scans installed distributions.
DEFAULT_EXCLUDES = frozenset(
    ".bzr .direnv .eggs .git .hg .mypy_cache .nox .pants.d .pytype .ruff_cache .svn .tox"
    " .venv venv __pypackages__ _build buck-out build dist node_modules .redline_cache".split()
)
DEFAULT_TEST_FILES = ("tests/", "test/", "test_*.py", "*_test.py", "conftest.py")  # folders at any depth


class ConfigError(Exception):
    """A settings problem, worded so the user can find and fix it without reading code."""

    def __init__(self, file: str, key: str | None, problem: str, section: str = "") -> None:
        self.file = file
        self.key = key
        self.problem = problem
        self.section = section
        where = f"{section} " if section else ""
        what = f"key '{key}': " if key is not None else ""
        super().__init__(f"{file}: {where}{what}{problem}")

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, str | None, str, str]]:
        # Keeps the error intact when it crosses a process boundary (parallel workers).
        return type(self), (self.file, self.key, self.problem, self.section)


@dataclass(frozen=True)
class Config:
    """Validated settings for one project. `Config()` is the default configuration.

    Relative patterns (excludes, per-file-ignores, test-files) are matched against paths
    relative to `base`: the config root, or the working folder when no config was found.
    """

    root: Path | None = None
    source: Path | None = None  # the file the settings came from
    base: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None  # None: DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    extra_rules: tuple[Path, ...] = ()
    test_files: tuple[str, ...] = DEFAULT_TEST_FILES
    tiers: frozenset[Tier] = frozenset({Tier.VULN})
    min_severity: Severity = Severity.LOW
    min_confidence: Confidence = Confidence.LOW
    fail_on: tuple[Severity, Confidence] = (Severity.LOW, Confidence.LOW)
    nosec: bool = False
    noqa: bool = False
    require_reason: bool = False
    respect_gitignore: bool = True
    cache_dir: Path = Path(DEFAULT_CACHE_DIR)
    # Data flow: process input (input(), sys.argv, os.environ) as a source; the user's sources.
    taint_low_confidence_sources: bool = False
    taint_sources: tuple[str, ...] = ()  # each source as canonical JSON (see taint_options)

    @property
    def taint(self) -> TaintOptions:
        from redline.engine.taint.analyzer import taint_options

        return taint_options(self.taint_low_confidence_sources, self.taint_sources)

    # Settings that only decide which files are scanned, where the cache lives or the
    # exit code: they cannot change one file's findings, so they stay out of `digest`.
    _NOT_DIGESTED = (
        "source",
        "exclude",
        "extend_exclude",
        "respect_gitignore",
        "cache_dir",
        "fail_on",
    )

    @property
    def cache_folder(self) -> Path:
        return self.base / self.cache_dir

    @cached_property
    def digest(self) -> str:
        """sha256 of every setting that can change a file's findings: part of the cache key."""
        settings = {
            f.name: _plain(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in self._NOT_DIGESTED
        }
        text = json.dumps(settings, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def rule_enabled(self, rule: RuleInfo, path: Path) -> bool:
        """Whether `rule` runs on `path`: selection, tiers, per-file-ignores, test files."""
        return rule.id in self.enabled_rules([rule], path)

    def enabled_rules(self, rules: Iterable[RuleInfo], path: Path) -> frozenset[str]:
        """The ids of the `rules` that run on `path` (rule_enabled of each, with the path
        matched against the per-file-ignores and test-file patterns once, not per rule)."""
        relative = self._relative(path)
        ignored = {
            selector for spec, selectors in self._ignore_specs
            if relative is not None and spec.match_file(relative) for selector in selectors
        }
        test_file: bool | None = None
        found = set()
        for rule in rules:
            if not self._selected(rule) or rule.id in ignored or rule.family in ignored:
                continue
            if not rule.applies_to_tests:
                test_file = self.is_test_file(path) if test_file is None else test_file
                if test_file:
                    continue
            found.add(rule.id)
        return frozenset(found)

    def _selected(self, rule: RuleInfo) -> bool:
        """The more specific selector wins (an id beats a family); on a tie, ignore wins.

        Naming a rule by id enables it whatever its tier; a family only brings the rules
        of the enabled tiers.
        """
        if rule.id in self.ignore:
            return False
        if rule.id in self.select or rule.id in self.extend_select:
            return True
        if rule.family in self.ignore:
            return False
        chosen = not self.select or rule.family in self.select or rule.family in self.extend_select
        return chosen and rule.tier in self.tiers

    def is_test_file(self, path: Path) -> bool:
        """Matched against the path relative to `base`, or only its name when outside it."""
        relative = self._relative(path)
        return self._test_spec.match_file(relative if relative is not None else path.name)

    def is_excluded(self, path: Path, named: Path | None = None) -> bool:
        """Whether `path` is left out of a scan.

        `named` is the path the user asked for that contains `path` (or `path` itself).
        Default excludes (folder names like `.venv`) only apply below it, because naming a
        folder or file is a deliberate choice; the config's own patterns always apply, as
        pre-commit passes files one by one.
        """
        absolute = os.path.abspath(path)
        relative = _relative_to(absolute, str(self.base))
        if relative is not None and self._exclude_spec.match_file(relative):
            return True
        # A folder-only pattern (`build/`) needs the trailing slash; stat only when it matters.
        if relative and self._exclude_spec.match_file(relative + "/") and os.path.isdir(absolute):
            return True
        if self.exclude is not None:
            return False
        anchor = os.path.abspath(named) if named is not None else str(self.base)
        below = _relative_to(absolute, anchor)
        parts = below.split("/") if below is not None else Path(absolute).parts
        return any(part in DEFAULT_EXCLUDES for part in parts)

    def severity_for(self, rule: RuleInfo) -> Severity:
        """The configured override for the rule's id, else for its family, else its own."""
        overrides = dict(self.severity)
        return overrides.get(rule.id, overrides.get(rule.family, rule.severity))

    def reports(self, finding: Finding) -> bool:
        """Whether a finding passes min-severity and min-confidence."""
        return finding.severity >= self.min_severity and finding.confidence >= self.min_confidence

    def fails_on(self, finding: Finding) -> bool:
        """Whether a reported finding makes the check fail (fail-on)."""
        severity, confidence = self.fail_on
        return finding.severity >= severity and finding.confidence >= confidence

    def with_overrides(self, **options: Any) -> Config:
        """These settings with command-line options laid over them.

        Options use the config keys in snake_case and raw values (`select=["crypto"]`,
        `fail_on="high:medium"`); they are validated like the file and replace the setting.
        Relative paths are taken from the working folder.
        """
        raw = {name.replace("_", "-"): value for name, value in options.items()}
        return dataclasses.replace(self, **_parse(raw, Path.cwd(), "command line", ""))

    @cached_property
    def _test_spec(self) -> pathspec.PathSpec:
        return pathspec.GitIgnoreSpec.from_lines(self.test_files)

    @cached_property
    def _exclude_spec(self) -> pathspec.PathSpec:
        return pathspec.GitIgnoreSpec.from_lines((*(self.exclude or ()), *self.extend_exclude))

    @cached_property
    def _ignore_specs(self) -> tuple[tuple[pathspec.PathSpec, tuple[str, ...]], ...]:
        return tuple(
            (pathspec.GitIgnoreSpec.from_lines([glob]), selectors)
            for glob, selectors in self.per_file_ignores
        )

    def _relative(self, path: Path) -> str | None:
        return _relative_to(os.path.abspath(path), str(self.base))


def _relative_to(path: str, folder: str) -> str | None:
    """`path` relative to `folder` in POSIX form ("" for itself), or None when outside.

    Both are absolute and normalised; plain string work, as this runs for every walked entry.
    """
    if path == folder:
        return ""
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    if not path.startswith(prefix):
        return None
    return path[len(prefix) :].replace(os.sep, "/")


def load_config(start: Path) -> Config:
    """Settings for `start` (a file or folder): the nearest config walking up, else defaults."""
    return ConfigLoader()(start)


class ConfigLoader:
    """`load_config` for the many paths of one run: each folder is looked at once.

    A file walk asks about every folder; without this, each question would walk up and
    parse the same config file again. Settings edited during the run are not seen.
    """

    def __init__(self) -> None:
        self._by_folder: dict[Path, Config] = {}

    def __call__(self, start: Path) -> Config:
        absolute = Path(os.path.abspath(start))
        folder = absolute if absolute.is_dir() else absolute.parent
        walked: list[Path] = []
        config: Config | None = None
        for candidate in (folder, *folder.parents):
            walked.append(candidate)
            config = self._by_folder.get(candidate) or _config_in(candidate)
            if config is not None:
                break
        config = config or Config()
        self._by_folder.update(dict.fromkeys(walked, config))
        return config


def _config_in(folder: Path) -> Config | None:
    """The settings whose root is `folder`, if it has any."""
    found = _read_settings(folder)
    if found is None:
        return None
    source, section, raw = found
    return Config(
        root=folder, source=source, base=folder, **_parse(raw, folder, _display(source), section)
    )


def _read_settings(folder: Path) -> tuple[Path, str, dict[str, Any]] | None:
    """The settings table in `folder`, if any: redline.toml first, then pyproject.toml."""
    config_file = folder / CONFIG_FILE
    if config_file.is_file():
        return config_file, "", _parse_toml(config_file, _read_bytes(config_file))
    pyproject = folder / PYPROJECT_FILE
    if not pyproject.is_file():
        return None
    data = _read_bytes(pyproject)
    # Most pyproject files have no Redline settings; do not parse (or fail on) those.
    if b"redline" not in data:
        return None
    section = "[tool.redline]"
    tool = _parse_toml(pyproject, data).get("tool", {})
    if not isinstance(tool, dict) or "redline" not in tool:
        return None
    if not isinstance(tool["redline"], dict):
        raise ConfigError(_display(pyproject), None, f"{section} must be a table")
    return pyproject, section, tool["redline"]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConfigError(_display(path), None, f"cannot read: {error.strerror}") from None


def _parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(_display(path), None, f"invalid TOML: {error}") from None


def _display(path: Path) -> str:
    """A path as short as is unambiguous: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _taint_sources(value: object) -> tuple[str, ...]:
    """`taint-sources = [{pattern = "queue.get_message(...)", confidence = "high"}]`: checked
    now (a bad pattern is a config error), kept as JSON so the setting stays plain data."""
    from redline.engine.formula import RuleError
    from redline.engine.taint.analyzer import taint_options

    items = _expect(value, list, "an array of tables")
    sources = tuple(json.dumps(item, sort_keys=True) for item in items)
    try:
        taint_options(False, sources)
    except RuleError as error:
        raise ValueError(error.message) from None
    return sources


def _parse(raw: Mapping[str, Any], base: Path, file: str, section: str) -> dict[str, Any]:
    """Validate raw settings into Config field values; relative paths are taken from `base`."""
    parsed: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        try:
            if key in _PATH_CONVERTERS:
                parsed[name] = _PATH_CONVERTERS[key](value, base)
            elif key in _CONVERTERS:
                parsed[name] = _CONVERTERS[key](value)
            else:
                close = difflib.get_close_matches(key, [*_CONVERTERS, *_PATH_CONVERTERS], n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ValueError(f"unknown key{hint}")
        except ValueError as error:
            raise ConfigError(file, key, str(error), section) from None
    return parsed


_T = TypeVar("_T")
# Types in TOML's words, for error messages.
_TOML_TYPES = {
    bool: "a boolean",
    str: "a string",
    int: "an integer",
    float: "a float",
    list: "an array",
    dict: "a table",
}


def _expect(value: object, kind: type[_T], wanted: str) -> _T:
    # bool is an int in Python but not in TOML: compare types exactly.
    if type(value) is not kind:
        got = _TOML_TYPES.get(type(value), type(value).__name__)
        raise ValueError(f"expected {wanted}, got {got}")
    return value  # type: ignore[return-value]


def _string(value: object) -> str:
    text = _expect(value, str, "a string")
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _strings(value: object) -> tuple[str, ...]:
    items = _expect(value, list, "an array of strings")
    for item in items:
        if type(item) is not str or not item.strip():
            raise ValueError(f"expected an array of non-empty strings, got item {item!r}")
    return tuple(items)


def _check_glob(glob: str) -> str:
    try:
        pathspec.GitIgnoreSpec.from_lines([glob])
    except ValueError as error:
        raise ValueError(f"invalid pattern {glob!r}: {error}") from None
    return glob


def _globs(value: object) -> tuple[str, ...]:
    return tuple(_check_glob(glob) for glob in _strings(value))


def _table(value: object, convert: Callable[[object], _T]) -> tuple[tuple[str, _T], ...]:
    entries = []
    for name, item in _expect(value, dict, "a table").items():
        try:
            entries.append((name, convert(item)))
        except ValueError as error:
            raise ValueError(f"entry '{name}': {error}") from None
    return tuple(entries)


def _per_file_ignores(value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((_check_glob(glob), ids) for glob, ids in _table(value, _strings))


def _severity(value: object) -> Severity:
    return Severity.parse(_string(value))


def _confidence(value: object) -> Confidence:
    return Confidence.parse(_string(value))


def _fail_on(value: object) -> tuple[Severity, Confidence]:
    severity, _, confidence = _string(value).partition(":")
    return Severity.parse(severity), Confidence.parse(confidence) if confidence else Confidence.LOW


def _tiers(value: object) -> frozenset[Tier]:
    names = _strings(value)
    if not names:
        raise ValueError("must name at least one tier (vuln, audit)")
    known = {tier.value for tier in Tier}
    for name in names:
        if name not in known:
            raise ValueError(f"unknown tier {name!r} (use vuln or audit)")
    return frozenset(Tier(name) for name in names)


def _bool(value: object) -> bool:
    return _expect(value, bool, "true or false")


def _folders(value: object, base: Path) -> tuple[Path, ...]:
    folders = tuple(base / name for name in _strings(value))
    for folder in folders:
        if not folder.is_dir():
            raise ValueError(f"folder '{folder}' does not exist")
    return folders


def _path(value: object, base: Path) -> Path:
    return base / _string(value)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "select": _strings,
    "ignore": _strings,
    "extend-select": _strings,
    "exclude": _globs,
    "extend-exclude": _globs,
    "per-file-ignores": _per_file_ignores,
    "severity": lambda value: _table(value, _severity),
    "test-files": _globs,
    "tiers": _tiers,
    "min-severity": _severity,
    "min-confidence": _confidence,
    "fail-on": _fail_on,
    "nosec": _bool,
    "noqa": _bool,
    "require-reason": _bool,
    "respect-gitignore": _bool,
    "taint-low-confidence-sources": _bool,
    "taint-sources": _taint_sources,
}
# Settings naming folders, resolved against the config root (or, for options, the cwd).
_PATH_CONVERTERS: dict[str, Callable[[Any, Path], Any]] = {
    "extra-rules": _folders,
    "cache-dir": _path,
}


def _plain(value: object) -> Any:
    """A setting as JSON data, in a canonical order, for `Config.digest`."""
    if isinstance(value, (Severity, Confidence)):
        return value.label
    if isinstance(value, Tier):
        return value.value
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value
