"""`mode: taint` rules: their sources, sinks, sanitizers and propagators, compiled once.

Each part is an ordinary formula (`pattern`, `patterns`, `pattern-either`), so the existing
pattern compiler and matcher find them; a few keys beside it say what the match means.
Sources shared by every taint rule (web frameworks, Lambda events, low-confidence process
inputs) and generic sanitizers (type conversions) live in `defaults.yaml` next to this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from ..formula import Formula, RuleError, compile_formula
from ..model import Confidence
from ..patterns import metavar_placeholder
from ..yaml_source import LineDict, line_of, load_yaml

PART_KEYS = ("pattern-sources", "pattern-sinks", "pattern-sanitizers", "pattern-propagators")
_FORMULA_KEYS = {"pattern", "patterns", "pattern-either"}
_EXTRA_KEYS = {
    "pattern-sources": {"confidence", "parameters", "label"},
    "pattern-sinks": {"label"},
    "pattern-sanitizers": set(),
    "pattern-propagators": {"from", "to"},
}
DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")


@dataclass(frozen=True)
class Source:
    """Where tainted data enters. `parameters`: the match is a function whose parameters
    (all but `self`/`cls`/the request object, or the ones named) are the tainted values."""

    formula: Formula
    confidence: Confidence
    label: str | None = None
    parameters: tuple[str, ...] | None = None  # ("*",) = every parameter


@dataclass(frozen=True)
class Sink:
    formula: Formula
    label: str | None = None


@dataclass(frozen=True)
class Propagator:
    """`from` taints `to` (a name), as in `$TO.extend($FROM)`."""

    formula: Formula
    source: str
    target: str


@dataclass(frozen=True)
class TaintSpec:
    sources: tuple[Source, ...]
    sinks: tuple[Sink, ...]
    sanitizers: tuple[Formula, ...]
    propagators: tuple[Propagator, ...]


def compile_taint(entry: Mapping[str, object]) -> TaintSpec:
    """The parts of a `mode: taint` rule; raises RuleError naming the key and line."""
    for key in _FORMULA_KEYS:
        if key in entry:
            raise RuleError("a taint rule uses pattern-sinks (and pattern-sources...), not a pattern", key=key, line=_line(entry, key))
    if "pattern-sinks" not in entry:
        raise RuleError("a taint rule needs pattern-sinks", key="mode", line=_line(entry, "mode"))
    parts = {key: _items(entry, key) for key in PART_KEYS}
    return TaintSpec(
        sources=tuple(_source(item, line) for item, line in parts["pattern-sources"]),
        sinks=tuple(Sink(_formula(item, "pattern-sinks", line), _label(item)) for item, line in parts["pattern-sinks"]),
        sanitizers=tuple(_formula(item, "pattern-sanitizers", line) for item, line in parts["pattern-sanitizers"]),
        propagators=tuple(_propagator(item, line) for item, line in parts["pattern-propagators"]),
    )


@lru_cache(maxsize=1)
def default_spec() -> TaintSpec:
    """The shared sources and sanitizers every taint rule starts from."""
    document = load_yaml(DEFAULTS_FILE.read_text(encoding="utf-8"))
    try:
        return compile_taint({**document, "pattern-sinks": []})
    except RuleError as error:
        raise RuleError(f"{DEFAULTS_FILE.name}: {error.message}", key=error.key, line=error.line) from None


def compile_sources(items: object, where: str) -> tuple[Source, ...]:
    """User-declared sources from the config (same syntax as a rule's pattern-sources)."""
    try:
        return tuple(_source(item, line) for item, line in _items({"pattern-sources": items}, "pattern-sources"))
    except RuleError as error:
        raise RuleError(f"{where}: {error.message}", key=error.key, line=error.line) from None


def _line(mapping: object, key: str) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else 0


def _items(entry: Mapping[str, object], key: str) -> list[tuple[Mapping[str, object], int]]:
    value = entry.get(key, [])
    line = _line(entry, key)
    if not isinstance(value, list):
        raise RuleError("must be a list of patterns", key=key, line=line)
    found = []
    for item in value:
        if not isinstance(item, dict):
            raise RuleError("each entry must be a mapping with pattern, patterns or pattern-either", key=key, line=line_of(item, line))
        for name in item:
            if name not in _FORMULA_KEYS and name not in _EXTRA_KEYS[key]:
                raise RuleError(f"unknown key {name!r} in {key}", key=key, line=_line(item, str(name)) or line)
        found.append((item, line_of(item, line)))
    return found


def _formula(item: Mapping[str, object], key: str, line: int) -> Formula:
    present = {k: v for k, v in item.items() if k in _FORMULA_KEYS}
    if len(present) != 1:
        raise RuleError("each entry needs exactly one of pattern, patterns, pattern-either", key=key, line=line)
    return compile_formula(present)


def _label(item: Mapping[str, object]) -> str | None:
    label = item.get("label")
    return str(label) if label is not None else None


def _source(item: Mapping[str, object], line: int) -> Source:
    try:
        confidence = Confidence.parse(str(item.get("confidence", "high")))
    except ValueError as error:
        raise RuleError(str(error), key="pattern-sources", line=line) from None
    parameters = item.get("parameters")
    if parameters is not None:
        if parameters == "all":
            parameters = ["*"]
        if not isinstance(parameters, list) or not all(isinstance(p, str) for p in parameters):
            raise RuleError("parameters must be 'all' or a list of parameter names", key="pattern-sources", line=line)
        parameters = tuple(parameters)
    return Source(_formula(item, "pattern-sources", line), confidence, _label(item), parameters)


def _propagator(item: Mapping[str, object], line: int) -> Propagator:
    source, target = item.get("from"), item.get("to")
    if not isinstance(source, str) or not isinstance(target, str):
        raise RuleError("a propagator needs from: $X and to: $Y", key="pattern-propagators", line=line)
    return Propagator(_formula(item, "pattern-propagators", line), metavar_placeholder(source), metavar_placeholder(target))


# Names the shared sources (defaults.yaml) cannot match without; kept in step with that file.
SOURCE_WORDS = frozenset({
    "request", "req", "event", "get_argument", "get_arguments", "get_query_argument",
    "get_query_arguments", "get_body_argument", "get_body_arguments", "get_cookie",
})
LOW_SOURCE_WORDS = frozenset({"argv", "environ", "getenv", "input"})
