"""Editor settings: what the client sends (initializationOptions, workspace/configuration,
didChangeConfiguration), validated, split into server behaviour and config overrides.

Editor settings override the project's `[tool.redline]` / `redline.toml`, which is found from
each document's folder exactly as the CLI finds it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from redline.config import Config, ConfigError, ConfigLoader

# Editor keys (camelCase or kebab-case) that map onto config keys.
_CONFIG_KEYS = {
    "select": "select", "ignore": "ignore", "extendSelect": "extend_select",
    "minSeverity": "min_severity", "minConfidence": "min_confidence", "tiers": "tiers",
    "nosec": "nosec", "noqa": "noqa", "extraRules": "extra_rules", "severity": "severity",
    "requireReason": "require_reason", "perFileIgnores": "per_file_ignores",
}


def _camel(key: str) -> str:
    head, *rest = key.replace("_", "-").split("-")
    return head + "".join(part.title() for part in rest)


@dataclass(frozen=True)
class EditorSettings:
    """Server behaviour chosen in the editor, and the config overrides it carries."""

    enable: bool = True
    run: str = "onType"  # or "onSave"
    debounce_ms: int | None = None  # None: adaptive
    syntax_errors: bool = True
    log_level: str = "warning"
    lsp_severity: Mapping[str, str] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: Any) -> "EditorSettings":
        """Accepts {"redline": {...}} or the inner mapping; unknown keys are ignored."""
        raw = plain(raw)
        if not isinstance(raw, Mapping):
            return cls()
        if isinstance(raw.get("redline"), Mapping):
            raw = raw["redline"]
        values = {_camel(str(k)): v for k, v in raw.items()}
        overrides = {_CONFIG_KEYS[k]: v for k, v in values.items() if k in _CONFIG_KEYS and v is not None}
        run = values.get("run", "onType")
        debounce = values.get("debounce")
        return cls(
            enable=bool(values.get("enable", True)),
            run=run if run in ("onType", "onSave") else "onType",
            debounce_ms=int(debounce) if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) else None,
            syntax_errors=bool(values.get("syntaxErrors", True)),
            log_level=str(values.get("logLevel", "warning")).lower(),
            lsp_severity=values.get("diagnosticSeverity") if isinstance(values.get("diagnosticSeverity"), Mapping) else {},
            overrides=overrides,
        )

    @property
    def logging_level(self) -> int:
        return getattr(logging, self.log_level.upper(), logging.WARNING) if isinstance(getattr(logging, self.log_level.upper(), None), int) else logging.WARNING


def plain(value: Any) -> Any:
    """JSON as dicts and lists (pygls hands untyped JSON objects over as named tuples)."""
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class ConfigSource:
    """Per-document settings: the nearest config file with editor overrides laid over it."""

    def __init__(self) -> None:
        self._loader = ConfigLoader()
        self._merged: dict[tuple[int, int], tuple[Config, Config]] = {}
        self._default = Config()
        self.problems: list[str] = []

    def reload(self) -> None:
        """Forget cached config files (after pyproject.toml or redline.toml changed)."""
        self._loader = ConfigLoader()
        self._merged.clear()

    def config_for(self, path: Path, settings: EditorSettings) -> Config:
        """The same Config object for the same file and settings, so analyses can be reused."""
        try:
            base = self._loader(path)
        except ConfigError as error:
            self.problems.append(str(error))
            base = self._default
        if not settings.overrides:
            return base
        key = (id(base), id(settings))
        cached = self._merged.get(key)
        if cached is None:
            try:
                merged = base.with_overrides(**settings.overrides)
            except ConfigError as error:
                self.problems.append(f"editor settings: {error}")
                merged = base
            cached = self._merged[key] = (base, merged)  # keeps `base` alive: ids stay unique
        return cached[1]
