"""What loading each rule file found, kept between runs so a run that checks no file compiles
no rule (a warm `redline check`, `redline rules`, `redline explain`).

Trust: an entry is plain JSON (never pickle or marshal: it is data, read with `json.loads`),
kept in the user's cache folder (`$XDG_CACHE_HOME/redline`, else `~/.cache/redline`), never
inside the checked repository, which may be hostile. Its name is the hash of Redline's version,
the loader's own source files (size and time), the rule file's path and its exact bytes, so an
edited rule file, another Redline or an edited loader finds no entry. An entry is written only
for a file whose every rule loaded without a problem: it stands for "this content validated".
An entry that does not parse, or whose rules do not read back exactly as written, is a miss:
the files are loaded for real and the entry is written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from redline import __version__
from redline.cache import write_atomically
from redline.engine.model import Confidence, FixSafety, FixTemplate, RuleDocs, RuleInfo, Severity, Tier
from redline.engine.rule_files import files_digest, rule_files

if TYPE_CHECKING:
    from redline.engine.rule_loader import Rule

FORMAT = "10"  # the layout of an entry (2: rules say whether their words may lie around a definition; 3: index keys of words a target needs; 4: the names their patterns hold; 5: the names their fixes look up; 6: the node types their pattern-insides may match; 7: what an `if` test must name for those to match it; 8: whether their `def`s compare names alone; 9: the statement types those hold in runs and blocks; 10: index keys of calls passing `**`)
# Modules whose code decides what a rule file loads to (or whether it loads at all).
_LOADER_MODULES = ("engine/rule_loader.py", "engine/formula.py", "engine/patterns.py", "engine/model.py",
                   "engine/yaml_source.py", "engine/safe_eval.py", "engine/taint/spec.py", "engine/regex_parts.py", "engine/fixes.py",
                   "rule_cache.py")
_TUPLE_FIELDS = ("fix_imports", "bandit", "ruff", "owasp", "tags", "concepts")


@dataclass(frozen=True)
class RuleSet:
    """What a run needs of its rules before it checks a file: each rule's info, in load
    order, and a digest of the rule files (part of every result-cache key)."""

    infos: dict[str, RuleInfo]
    digest: str


@dataclass(frozen=True)
class KnownRule:
    """A rule of a validated file as the language server's first open needs it, uncompiled:
    the fields of rule_loader.Rule but its formula, whether it has a statement-sequence
    pattern, and whether it is a taint rule (those are compiled at once)."""

    fields: dict[str, Any]
    has_sequence: bool
    taint: bool


def cache_folder() -> Path | None:
    """The user's cache folder for Redline (XDG's convention), outside any checked project;
    None without a home (no shared fallback such as /tmp: others could write there)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "redline" / "rules"


class RuleCache:
    """Validated rule files' infos, one JSON file per rule file content."""

    def __init__(self) -> None:
        self.folder = cache_folder()
        self._fingerprint = _loader_fingerprint()

    def rule_set(self, folders: Sequence[Path]) -> RuleSet | None:
        """The rules of these folders, when every rule file has a validated entry; else None
        (a folder or an entry missing, a duplicate id: loading for real says what is wrong)."""
        if self.folder is None:
            return None
        infos: dict[str, RuleInfo] = {}
        files: list[tuple[bytes, list[str]]] = []
        for folder in folders:
            if not folder.is_dir():
                return None
            for path in rule_files(folder):
                try:
                    data = path.read_bytes()
                except OSError:
                    return None
                found = self._read(path, data)
                if found is None:
                    return None
                for info in found:
                    if info.id in infos:
                        return None
                    infos[info.id] = info
                files.append((data, [info.id for info in found]))
        return RuleSet(infos, files_digest(files))

    def remember(self, folders: Sequence[Path], infos: Iterable[RuleInfo], loaded_at: float) -> None:
        """Write an entry for each rule file of these folders (all loaded without a problem:
        called after a miss, so every entry is written anew), except files changed since the
        load began at `loaded_at` (time.time()): what was loaded may be their older content."""
        if self.folder is None:
            return
        by_source: dict[str, list[RuleInfo]] = {}
        for info in infos:
            by_source.setdefault(info.source, []).append(info)
        for folder in folders:
            for path in rule_files(folder):
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < loaded_at:
                        self._write(path, path.read_bytes(), by_source.get(str(path), []))

    def known_rules(self, path: Path, data: bytes) -> list[KnownRule] | None:
        """The rules of a rule file whose exact bytes loaded cleanly before (remember_rules),
        without compiling them; None on a miss (no entry, or one that does not read back
        exactly as written: damaged or forged)."""
        if self.folder is None:
            return None
        try:
            entry = json.loads(self._entry(path, data, "rules").read_bytes())
            known = [_known_from_json(item) for item in entry["rules"]]
            if entry["rules"] != [_rule_to_json(rule.fields, rule.has_sequence, rule.taint) for rule in known]:
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, IndexError):
            return None
        return known

    def remember_rules(self, path: Path, data: bytes, rules: Sequence["Rule"]) -> None:
        """Write what known_rules reads for a file whose bytes `data` loaded to `rules` without a problem."""
        if self.folder is None:
            return
        items = [_rule_to_json(_uncompiled(rule), rule.has_sequence, rule.taint is not None) for rule in rules]
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self._entry(path, data, "rules"), json.dumps({"rules": items}, separators=(",", ":")).encode())

    def _entry(self, path: Path, data: bytes, kind: str = "infos") -> Path:
        assert self.folder is not None
        key = hashlib.sha256(f"{FORMAT}\0{kind}\0{self._fingerprint}\0{path}\0".encode() + data).hexdigest()
        return self.folder / f"{key}.json"

    def _read(self, path: Path, data: bytes) -> list[RuleInfo] | None:
        try:
            entry = json.loads(self._entry(path, data).read_bytes())
            infos = [info_from_json(item) for item in entry["rules"]]
            if entry["rules"] != [info_to_json(info) for info in infos]:
                return None  # not what this version writes: damaged or forged
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None
        return infos

    def _write(self, path: Path, data: bytes, infos: list[RuleInfo]) -> None:
        target = self._entry(path, data)  # written again even if present: it may be damaged
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(target, json.dumps({"rules": [info_to_json(info) for info in infos]}, separators=(",", ":")).encode())


def info_to_json(info: RuleInfo) -> dict[str, Any]:
    """A rule's info as JSON values (enums by value, tuples as lists)."""
    return json.loads(json.dumps(_fields(info)))


def _fields(value: object) -> object:
    """Dataclasses as dicts and tuples as lists, all the way down (dataclasses.asdict without
    its deep copies, which cost most of reading the cache)."""
    names = getattr(type(value), "__dataclass_fields__", None)
    if names is not None:
        return {name: _fields(getattr(value, name)) for name in names}
    if type(value) is tuple:
        return [_fields(item) for item in value]
    return value


def info_from_json(data: dict[str, Any]) -> RuleInfo:
    """The inverse of info_to_json; raises on anything else (the caller then checks that the
    result writes back to exactly `data`)."""
    docs = data["docs"]
    fields = {
        **data,
        "severity": Severity(data["severity"]),
        "confidence": Confidence(data["confidence"]),
        "tier": Tier(data["tier"]),
        "fix_safety": FixSafety(data["fix_safety"]),
        "docs": RuleDocs(**{**docs, "references": tuple(docs["references"])}),
        "alternative_fixes": tuple(
            FixTemplate(**{**fix, "safety": FixSafety(fix["safety"]), "imports": tuple(fix["imports"])})
            for fix in data["alternative_fixes"]
        ),
        **{name: tuple(data[name]) for name in _TUPLE_FIELDS},
    }
    return RuleInfo(**fields)


def _uncompiled(rule: "Rule") -> dict[str, Any]:
    return {"info": rule.info, "keys": rule.keys, "id_line": rule.id_line, "requires": rule.requires,
            "requires_text": rule.requires_text, "definition_requires": rule.definition_requires, "around_in_code": rule.around_in_code,
            "pattern_names": rule.pattern_names, "fix_names": rule.fix_names, "context_kinds": rule.context_kinds,
            "context_tests": rule.context_tests, "context_defs_by_name": rule.context_defs_by_name,
            "context_items": rule.context_items}


def _rule_to_json(fields: dict[str, Any], has_sequence: bool, taint: bool) -> dict[str, Any]:
    """A rule's uncompiled fields as JSON values: index keys as lists, requirements as sorted
    lists of names, `requires-text` as its regex's text."""
    def requirement(value: Any) -> Any:
        return None if value is None else [[sorted(names) for names in clause] for clause in value]

    text = fields["requires_text"]
    return {
        "info": info_to_json(fields["info"]),
        "keys": [None if key is None else [key.node_type, key.callee, key.method, key.keyword, key.prefix, None if key.words is None else sorted(key.words), key.double_star] for key in fields["keys"]],
        "id_line": fields["id_line"],
        "requires": requirement(fields["requires"]),
        "definition_requires": requirement(fields["definition_requires"]),
        "around_in_code": fields["around_in_code"],
        "pattern_names": sorted(fields["pattern_names"]),
        "fix_names": sorted(fields["fix_names"]),
        "context_kinds": sorted(fields["context_kinds"]),
        "context_tests": requirement(fields["context_tests"]),
        "context_defs_by_name": fields["context_defs_by_name"],
        "context_items": [[kind, sorted(names)] for kind, names in fields["context_items"]],
        "requires_text": None if text is None else text.pattern,
        "has_sequence": has_sequence,
        "taint": taint,
    }


def _known_from_json(data: dict[str, Any]) -> KnownRule:
    """The inverse of _rule_to_json (the caller checks that it writes back to exactly `data`)."""
    import regex

    from redline.engine.patterns import IndexKey

    def requirement(value: Any) -> Any:
        return None if value is None else tuple(tuple(frozenset(names) for names in clause) for clause in value)

    text = data["requires_text"]
    fields = {
        "info": info_from_json(data["info"]),
        "keys": tuple(None if key is None else IndexKey(*key[:5], None if key[5] is None else frozenset(key[5]), key[6]) for key in data["keys"]),
        "id_line": data["id_line"],
        "requires": requirement(data["requires"]),
        "definition_requires": requirement(data["definition_requires"]),
        "around_in_code": bool(data["around_in_code"]),
        "pattern_names": frozenset(data["pattern_names"]),
        "fix_names": frozenset(data["fix_names"]),
        "context_kinds": frozenset(data["context_kinds"]),
        "context_tests": requirement(data["context_tests"]),
        "context_defs_by_name": bool(data["context_defs_by_name"]),
        "context_items": tuple((kind, frozenset(names)) for kind, names in data["context_items"]),
        "requires_text": None if text is None else regex.compile(text),
    }
    return KnownRule(fields, bool(data["has_sequence"]), bool(data["taint"]))


def _loader_fingerprint() -> str:
    """Redline's version and the size and time of the loader's modules: an edited loader (an
    editable install keeps its version) may validate or describe rules differently."""
    package = Path(__file__).resolve().parent
    parts = [__version__]
    for name in _LOADER_MODULES:
        try:
            stat = (package / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return "\0".join(parts)
