"""Load rule files (built-in and the user's) into validated, compiled rules.

Rule files are untrusted data: YAML is loaded safely, every key is checked, and a problem is
reported as `file:line: rule 'id': key: message` instead of being ignored.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection, Iterable, Mapping

import regex
import yaml

from .fixes import looked_up_names
from .formula import Either, Formula, Requirement, RuleError, around_in_module_code, compile_formula, context_defs_by_name, context_items, context_kinds, context_tests, formula_names, index_keys, judged_by_file, leaves, required_names
from .model import Confidence, FixSafety, FixTemplate, RuleDocs, RuleInfo, Severity, Tier
from .patterns import IndexKey, PatternError, to_placeholders
from .rule_files import LoadProblem, builtin_rules_dir, files_digest, rule_files  # noqa: F401 (re-exported)
from .taint.spec import LOW_SOURCE_WORDS, PART_KEYS, SOURCE_WORDS, TaintSpec, compile_taint
from .yaml_source import LineDict, load_yaml

if TYPE_CHECKING:  # the cache imports the engine's model; the loader only uses it when given one
    from redline.rule_cache import RuleCache

_RULE_KEYS = {"id", "message", "severity", "languages", "metadata", "pattern", "patterns", "pattern-either", "fix", "redline", "mode", *PART_KEYS}
_FIX_PLACEMENTS = ("replace", "before-statement")
_REDLINE_KEYS = {"confidence", "tier", "fix-safety", "fix-title", "fix-imports", "fix-placement", "tests", "bandit", "ruff", "docs", "concepts", "requires-text", "refined-by", "covered-by", "alternative-fixes"}
_ALTERNATIVE_KEYS = {"fix", "title", "safety", "imports"}
_DOC_KEYS = {"what-it-does", "why-is-this-bad", "example", "use-instead", "references"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
_CWE = re.compile(r"^\s*CWE-(\d+)\s*(?::\s*(.*))?$", re.IGNORECASE)
_MODULE = re.compile(r"^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$")


def text_marker(rule_id: str) -> str:
    """The token standing for "a line matches this rule's requires-text" (never an identifier)."""
    return f"<text:{rule_id}>"


@dataclass(frozen=True)
class Rule:
    """A loaded rule: what it says (info), how it matches (formula) and where it can start."""

    info: RuleInfo
    formula: Formula
    keys: tuple[IndexKey | None, ...]
    id_line: int = 0  # where `id:` is written, for problems found across files
    requires: Requirement = ()  # what a file must name (formula.required_names, whole file)
    requires_text: object = None  # compiled `redline.requires-text`: a file must contain a match
    taint: TaintSpec | None = None  # `mode: taint`: sources, sinks... (the formula is its sinks)
    definition_requires: Requirement | None = None  # what one definition must name; None: `requires`
    # `definition_requires` leaves out a pattern-inside's words that lie around the definition
    # in the code outside every definition (formula.around_in_module_code)
    around_in_code: bool = False
    # every plain name the patterns hold (formula.formula_names), kept in the rule cache so
    # that a deferred rule knows them uncompiled (nested_check.pattern_names)
    pattern_names: frozenset[str] = frozenset()
    # every name rendering its fixes may look up (fixes.looked_up_names), kept in the rule cache:
    # reading ~80 templates took ~7 ms of a document's first nested keystroke (nested_check.RuleFacts)
    fix_names: frozenset[str] = frozenset()
    # the node types its pattern-insides and pattern-not-insides may match (formula.context_kinds),
    # kept in the rule cache: whether a compound statement's header is checked alone (units.py)
    context_kinds: frozenset[str] = frozenset()
    # what an `if` test must name for those patterns to match differently as it changes
    # (formula.context_tests; None: they hold no `if`), kept in the rule cache likewise
    context_tests: Requirement | None = None
    # whether every `def` those patterns hold compares a signature by its name alone
    # (formula.context_defs_by_name), kept in the rule cache likewise
    context_defs_by_name: bool = True
    # the statements those patterns hold in a run or a block, by node type and plain names
    # (formula.context_items), kept in the rule cache likewise: whether an edited statement
    # may change the findings of the statements around it (nested_check.changes_contexts)
    context_items: tuple[tuple[str, frozenset[str]], ...] = ()

    def may_match(self, tokens: Collection[str]) -> bool:
        """False when a file's tokens (see prefilter.py) lack what every match of this rule needs."""
        return self._met(self.requires, tokens)

    def may_match_definition(self, words: Collection[str]) -> bool:
        """False when a definition's words (its own tokens and those of the module statements
        binding its names, sparse.py) lack what a match inside it needs; judge the file first."""
        return self._met(self.requires if self.definition_requires is None else self.definition_requires, words)

    def may_hold(self, words: Collection[str]) -> bool:
        """`may_match_definition` with a definition's words alone (its `requires-text` aside):
        False when no match of the rule can lie in a definition naming no more."""
        return self._names_met(self.requires if self.definition_requires is None else self.definition_requires, words)

    def may_match_amid(self, words: Collection[str], outside: frozenset[str]) -> bool:
        """`may_match_definition`, and what a pattern-inside around the definition needs met by
        its words with `outside`, the names of the code outside every definition, when that
        pattern-inside can lie nowhere else (lazy_units.py)."""
        if not self.may_match_definition(words):
            return False
        return self.definition_requires is None or not self.around_in_code or self._names_met(self.requires, outside.union(words))

    def watches_if(self, words: Collection[str]) -> bool:
        """Whether a pattern-inside or pattern-not-inside may match differently at an `if` or
        an `elif` (or at a statement holding it) whose old or new test names `words`, with
        the words of what they are bound to: an edit of that test alone may change what it
        finds in the statement's blocks."""
        return "*" in self.context_kinds or (self.context_tests is not None and self._names_met(self.context_tests, words))

    def watches_def(self, name_kept: bool) -> bool:
        """Whether a pattern-inside or pattern-not-inside may match differently at a `def`
        (or at a statement holding it) whose signature alone an edit changed, keeping its
        name or not: an edit that may change what it finds in the definition's body."""
        return "*" in self.context_kinds or ("FunctionDef" in self.context_kinds and not (name_kept and self.context_defs_by_name))

    def names_met(self, tokens: Collection[str]) -> bool:
        """Whether a file's identifiers hold the names every match needs (its requires-text aside)."""
        return self._names_met(self.requires, tokens)

    def _met(self, requires: Requirement, tokens: Collection[str]) -> bool:
        if self.requires_text is not None and text_marker(self.id) not in tokens:
            return False
        return self._names_met(requires, tokens)

    @staticmethod
    def _names_met(requires: Requirement, tokens: Collection[str]) -> bool:
        if isinstance(tokens, (set, frozenset)):  # the usual case: subset tests run in C
            return all(any(names <= tokens for names in clause) for clause in requires)
        return all(any(all(name in tokens for name in names) for names in clause) for clause in requires)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def has_sequence(self) -> bool:
        """Whether a pattern of the rule is a run of statements (its matches depend on siblings)."""
        return self.formula is not None and any(leaf.pattern.is_sequence for leaf in leaves(self.formula))


class DeferredRule(Rule):
    """A pattern rule known from the rule cache (rule_cache.py: its file validated before, with
    the same bytes) whose formula is compiled when first asked for: what the prefilter, the
    rule index and the language server's first open need of it (info, index keys, required
    names, `requires-text`) is there without compiling, so a document is checked once the
    rules its words can need are compiled, not all of them. Compiled from the bytes the cache
    entry stands for; known by identity (equality would compile it)."""

    _lock = threading.Lock()

    def __init__(self, fields: Mapping[str, Any], text: str, family: str, has_sequence: bool) -> None:  # noqa: D107
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_source", (text, family))
        object.__setattr__(self, "_sequence", has_sequence)

    def __getattr__(self, name: str) -> Any:
        """`formula`, compiled on first use (the only field not set at construction)."""
        if name != "formula":
            raise AttributeError(name)
        with DeferredRule._lock:
            if "formula" not in self.__dict__:
                object.__setattr__(self, "formula", self._compiled())
        return self.__dict__["formula"]

    def _compiled(self) -> Formula:
        """The rule's formula from its file's text, as `_build_rule` compiles it: the rest of
        the rule (its info, fixes, index keys, required names) and the file's other rules
        came from the cache validated (a third of what compiling the rule whole costs)."""
        text, family = self._source  # type: ignore[attr-defined]
        try:
            document = load_yaml(text)
            return compile_formula(next(entry for entry in document["rules"] if isinstance(entry, dict) and entry.get("id") == self.id))
        except Exception:  # the cache said this text validated: never expected; loading it whole says why
            rules, problems = load_rule_text(text, family, self.info.source)
            compiled = next((rule for rule in rules if rule.id == self.id), None)
            if compiled is None:
                raise RuleError(f"rule {self.id} no longer compiles: {'; '.join(str(p) for p in problems)}") from None
            return compiled.formula

    @property
    def has_sequence(self) -> bool:
        return self._sequence  # type: ignore[attr-defined, no-any-return]

    __eq__ = object.__eq__
    __hash__ = object.__hash__


def load_rule_file(path: Path, family: str | None = None, display: str | None = None) -> tuple[list[Rule], list[LoadProblem]]:
    """All rules of one file, and the problems found (a broken rule does not stop the others)."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [LoadProblem(shown, 0, None, f"cannot read rule file: {error}")]
    return load_rule_text(text, family or path.parent.name, shown)


def load_rule_text(text: str, family: str, shown: str) -> tuple[list[Rule], list[LoadProblem]]:
    """The rules of a rule file's text (`shown` is the file, as problems name it)."""
    try:
        document = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(error, "problem", None) or str(error)
        return [], [LoadProblem(shown, line, None, f"bad YAML: {problem}")]
    if not isinstance(document, dict) or set(document) != {"rules"} or not isinstance(document["rules"], list):
        return [], [LoadProblem(shown, 1, None, "a rule file must be a mapping with one key, 'rules', holding a list")]
    rules: list[Rule] = []
    problems: list[LoadProblem] = []
    for entry in document["rules"]:
        rule_id = entry.get("id") if isinstance(entry, dict) else None
        try:
            rules.append(_build_rule(entry, family, shown))
        except RuleError as error:
            key = f"{error.key}: " if error.key else ""
            line = error.line or (entry.line if isinstance(entry, LineDict) else 0)
            problems.append(LoadProblem(shown, line, rule_id if isinstance(rule_id, str) else None, f"{key}{error.message}"))
    return rules, problems


def _build_rule(entry: object, family: str, source: str) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError("a rule must be a mapping")
    for key in entry:
        if key not in _RULE_KEYS:
            raise RuleError("unknown or unsupported key", key=str(key), line=_line(entry, str(key)))
    mode = entry.get("mode", "search")
    if mode not in ("search", "taint"):
        raise RuleError(f"unknown mode {mode!r} (use search or taint)", key="mode", line=_line(entry, "mode"))
    for key in PART_KEYS:
        if key in entry and mode != "taint":
            raise RuleError("only taint rules (mode: taint) have this key", key=key, line=_line(entry, key))
    rule_id = _required_str(entry, "id")
    if not _ID.match(rule_id):
        raise RuleError("id must be a lowercase slug such as 'yaml-unsafe-load'", key="id", line=_line(entry, "id"))
    message = " ".join(_required_str(entry, "message").split())  # one line in every report
    try:
        severity = Severity.parse(_required_str(entry, "severity"))
    except ValueError as error:
        raise RuleError(str(error), key="severity", line=_line(entry, "severity")) from None
    languages = entry.get("languages", ["python"])
    if not isinstance(languages, list) or not {str(x).lower() for x in languages} & {"python", "py", "python3"}:
        raise RuleError("languages must include python", key="languages", line=_line(entry, "languages"))
    metadata = entry.get("metadata", {})
    if not isinstance(metadata, dict):
        raise RuleError("metadata must be a mapping", key="metadata", line=_line(entry, "metadata"))
    redline = entry.get("redline", {})
    if not isinstance(redline, dict):
        raise RuleError("redline must be a mapping", key="redline", line=_line(entry, "redline"))
    for key in redline:
        if key not in _REDLINE_KEYS:
            raise RuleError("unknown key", key=f"redline.{key}", line=_line(redline, str(key)))
    cwe, cwe_title = _cwe(metadata)
    taint = compile_taint(entry) if mode == "taint" else None
    formula = Either(tuple(sink.formula for sink in taint.sinks)) if taint is not None else compile_formula(entry)
    fix = entry.get("fix")
    groups = _regex_groups(entry)
    if fix is not None:
        if not isinstance(fix, str):
            raise RuleError("fix must be a string template", key="fix", line=_line(entry, "fix"))
        _check_fix_template(fix, _line(entry, "fix"), groups)
    info = RuleInfo(
        id=rule_id,
        message=message,
        severity=severity,
        confidence=_enum(Confidence.parse, redline.get("confidence", metadata.get("confidence", "medium")), "redline.confidence", redline),
        cwe=cwe,
        cwe_title=cwe_title,
        tier=_enum(Tier, redline.get("tier", "vuln"), "redline.tier", redline),
        family=family,
        source=source,
        docs=_docs(redline.get("docs", {}), metadata, redline),
        fix_template=fix,
        fix_title=_optional_str(redline, "fix-title") or (f"Apply Redline's fix for {rule_id}" if fix else None),
        fix_safety=_enum(FixSafety, redline.get("fix-safety", "safe"), "redline.fix-safety", redline),
        fix_imports=_modules(redline.get("fix-imports", []), redline),
        fix_placement=_fix_placement(redline, fix),
        alternative_fixes=_alternative_fixes(redline, fix, groups),
        applies_to_tests=_tests(redline),
        bandit=_codes(redline.get("bandit"), "redline.bandit", redline),
        ruff=_codes(redline.get("ruff"), "redline.ruff", redline),
        owasp=_strings(metadata.get("owasp")),
        concepts=_concepts(redline),
        refined_by=_refined_by(redline, taint is not None),
        kept_when_clean="covered-by" in redline,
        tags=_strings(metadata.get("category")),
    )
    keys = tuple(index_keys(formula)) if taint is None else ()  # taint parts are indexed apart
    if taint is None:
        requires = required_names(formula, whole_file=True)
        alone = required_names(formula) if judged_by_file(formula) else requires
    else:
        requires = alone = _taint_requires(formula, taint)
    definition = alone if alone != requires else None
    return Rule(info, formula, keys, _line(entry, "id"), requires, _text_filter(redline), taint, definition,
                definition is not None and around_in_module_code(formula), formula_names(formula),
                frozenset().union(*map(looked_up_names, info.fix_templates)), context_kinds(formula), context_tests(formula),
                context_defs_by_name(formula), context_items(formula))


def _taint_requires(sinks: Formula, taint: TaintSpec) -> Requirement:
    """A taint rule may report in a file naming one of its sinks, or reading input that a
    function of another module may carry to one (rules with their own sources: any file)."""
    found = required_names(sinks, whole_file=True)
    if not found or taint.sources:
        return ()
    return (found[0] + tuple(frozenset({word}) for word in sorted(SOURCE_WORDS | LOW_SOURCE_WORDS)),)


def _line(mapping: object, key: str) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else 0


def _required_str(entry: Mapping[str, object], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError("missing or not a string", key=key, line=_line(entry, key))
    return value


def _optional_str(mapping: Mapping[str, object], key: str) -> str | None:
    value = mapping.get(key)
    if value is not None and not isinstance(value, str):
        raise RuleError("must be a string", key=f"redline.{key}", line=_line(mapping, key))
    return value


def _enum(parse, value: object, key: str, mapping: Mapping[str, object]):  # type: ignore[no-untyped-def]
    try:
        return parse(str(value).lower()) if parse is not Confidence.parse else parse(str(value))
    except ValueError:
        raise RuleError(f"invalid value {value!r}", key=key, line=_line(mapping, key.split(".")[-1])) from None


def _cwe(metadata: Mapping[str, object]) -> tuple[int | None, str]:
    value = metadata.get("cwe")
    if value is None:
        raise RuleError("metadata.cwe is required (one primary CWE such as 'CWE-89: SQL Injection')", key="metadata.cwe", line=_line(metadata, "cwe"))
    first = value[0] if isinstance(value, list) and value else value
    match = _CWE.match(str(first))
    if not match:
        raise RuleError(f"not a CWE reference: {first!r}", key="metadata.cwe", line=_line(metadata, "cwe"))
    return int(match.group(1)), (match.group(2) or "").strip()


def _docs(value: object, metadata: Mapping[str, object], redline: Mapping[str, object]) -> RuleDocs:
    if not isinstance(value, dict):
        raise RuleError("must be a mapping", key="redline.docs", line=_line(redline, "docs"))
    for key in value:
        if key not in _DOC_KEYS:
            raise RuleError("unknown key", key=f"redline.docs.{key}", line=_line(value, str(key)))
    references = _strings(value.get("references")) or _strings(metadata.get("references"))
    return RuleDocs(
        what_it_does=str(value.get("what-it-does", "")).strip(),
        why_is_this_bad=str(value.get("why-is-this-bad", "")).strip(),
        example=str(value.get("example", "")).rstrip(),
        use_instead=str(value.get("use-instead", "")).rstrip(),
        references=references,
    )


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


def _codes(value: object, key: str, mapping: Mapping[str, object]) -> tuple[str, ...]:
    codes = _strings(value)
    for code in codes:
        if not re.fullmatch(r"[A-Z]+[0-9]+", code):
            raise RuleError(f"not a rule code: {code!r}", key=key, line=_line(mapping, key.split(".")[-1]))
    return codes


def _modules(value: object, mapping: Mapping[str, object], key: str = "redline.fix-imports") -> tuple[str, ...]:
    modules = _strings(value)
    for module in modules:
        if not _MODULE.match(module):
            raise RuleError(f"not a module name: {module!r}", key=key, line=_line(mapping, key.split(".")[-1]))
    return modules


def _fix_placement(redline: Mapping[str, object], fix: str | None) -> str:
    """`redline.fix-placement`: where the primary fix goes (`replace` or `before-statement`)."""
    placement = redline.get("fix-placement", "replace")
    line = _line(redline, "fix-placement")
    if placement not in _FIX_PLACEMENTS:
        raise RuleError(f"must be one of {', '.join(_FIX_PLACEMENTS)}", key="redline.fix-placement", line=line)
    if placement != "replace" and fix is None:
        raise RuleError("a fix placement needs a fix (the rule's `fix`)", key="redline.fix-placement", line=line)
    return str(placement)


def _alternative_fixes(redline: Mapping[str, object], fix: str | None, groups: Collection[str]) -> tuple[FixTemplate, ...]:
    """`redline.alternative-fixes`: other fixes offered besides `fix`, each a choice a person
    makes (a list of mappings with `fix`, `title`, and optional `safety` and `imports`)."""
    entries = redline.get("alternative-fixes", [])
    line = _line(redline, "alternative-fixes")
    key = "redline.alternative-fixes"
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise RuleError("must be a list of mappings with fix and title", key=key, line=line)
    if entries and fix is None:
        raise RuleError("alternative fixes need a primary fix (the rule's `fix`)", key=key, line=line)
    found: list[FixTemplate] = []
    for entry in entries:
        at = _line(entry, "fix") or line
        unknown = sorted(set(map(str, entry)) - _ALTERNATIVE_KEYS)
        if unknown:
            raise RuleError(f"unknown key {unknown[0]!r} (use fix, title, safety, imports)", key=key, line=at)
        template, title = entry.get("fix"), entry.get("title")
        if not isinstance(template, str) or not isinstance(title, str) or not title.strip():
            raise RuleError("each alternative needs a fix template and a title (strings)", key=key, line=at)
        _check_fix_template(template, at, groups, key=key)
        safety = _enum(FixSafety, entry.get("safety", "offer-only"), key + ".safety", entry)
        found.append(FixTemplate(template, title.strip(), safety, _modules(entry.get("imports", []), entry, key + ".imports")))
    return tuple(found)


def _refined_by(redline: Mapping[str, object], is_taint: bool) -> str | None:
    """`redline.refined-by` (or `covered-by`, for rules whose API is unsafe whatever the data):
    the id of the taint rule that reports this pattern rule's sinks with the data's path."""
    if "refined-by" in redline and "covered-by" in redline:
        raise RuleError("give either refined-by or covered-by, not both", key="redline.covered-by", line=_line(redline, "covered-by"))
    key = "covered-by" if "covered-by" in redline else "refined-by"
    value = _optional_str(redline, key)
    if value is None:
        return None
    if is_taint:
        raise RuleError(f"only pattern rules are {key.replace('-', ' ')} a taint rule", key=f"redline.{key}", line=_line(redline, key))
    if not _ID.match(value):
        raise RuleError(f"not a rule id: {value!r}", key=f"redline.{key}", line=_line(redline, key))
    return value


def _text_filter(redline: Mapping[str, object]) -> object:
    """`requires-text`: a regex the file's text must contain for the rule to apply at all
    (for rules about characters rather than names, such as bidi controls)."""
    value = redline.get("requires-text")
    if value is None:
        return None
    if not isinstance(value, str):
        raise RuleError("must be a regex string", key="redline.requires-text", line=_line(redline, "requires-text"))
    try:
        return regex.compile(value)
    except regex.error as error:
        raise RuleError(f"bad regex: {error}", key="redline.requires-text", line=_line(redline, "requires-text")) from None


def _concepts(redline: Mapping[str, object]) -> tuple[str, ...]:
    """Catalogue rows (rules/CATALOGUE.md) the rule covers, such as `D3`."""
    concepts = _strings(redline.get("concepts"))
    for concept in concepts:
        if not re.fullmatch(r"[A-Z][0-9]{1,2}", concept):
            raise RuleError(f"not a catalogue id: {concept!r}", key="redline.concepts", line=_line(redline, "concepts"))
    return concepts


def _tests(redline: Mapping[str, object]) -> bool:
    value = redline.get("tests", "check")
    if value not in ("check", "skip"):
        raise RuleError(f"invalid value {value!r} (use check or skip)", key="redline.tests", line=_line(redline, "tests"))
    return value == "check"


def _regex_groups(node: object) -> set[str]:
    """Named groups of the rule's `metavariable-regex` filters: text a fix template may use."""
    if isinstance(node, Mapping):
        found: set[str] = set()
        for key, value in node.items():
            if key == "metavariable-regex" and isinstance(value, Mapping) and isinstance(value.get("regex"), str):
                try:
                    found.update(regex.compile(value["regex"]).groupindex)
                except regex.error:
                    pass  # reported by the formula compiler
            else:
                found |= _regex_groups(value)
        return found
    if isinstance(node, list):
        return set().union(*(_regex_groups(item) for item in node))
    return set()


def _check_fix_template(template: str, line: int, groups: Collection[str] = (), key: str = "fix") -> None:
    """A template that splices regex groups in as text is only whole once they are filled in:
    it is checked when rendered (a fix that does not parse is not offered)."""
    import libcst as cst

    if any(f"${name}" in template or f"${{{name}:upper}}" in template for name in groups):
        return
    try:
        cst.parse_expression(to_placeholders(template.strip()))
    except cst.ParserSyntaxError:
        try:
            cst.parse_module(to_placeholders(template.strip()) + "\n")
        except cst.ParserSyntaxError:
            raise RuleError("fix template does not parse as Python", key=key, line=line) from None
    except PatternError as error:
        raise RuleError(str(error), key=key, line=line) from None


def load_rules(folders: Iterable[Path], cache: "RuleCache | None" = None) -> tuple[list[Rule], list[LoadProblem]]:
    """Rules from several folders (built-in first); a duplicated id is a problem. With a
    `cache`, the pattern rules of files it validated before come deferred (DeferredRule), and
    files loaded for real without a problem are remembered there."""
    rules: list[Rule] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}
    for folder in folders:
        if not folder.is_dir():
            problems.append(LoadProblem(str(folder), 0, None, "rule folder does not exist"))
            continue
        for path in rule_files(folder):
            family = path.parent.name if path.parent != folder else folder.name
            found, errors = _cached_rules(path, family, cache) if cache is not None else load_rule_file(path, family)
            problems.extend(errors)
            for rule in found:
                if rule.id in seen:
                    problems.append(LoadProblem(str(path), rule.id_line, rule.id, f"id: duplicate rule id (also in {seen[rule.id]})"))
                    continue
                seen[rule.id] = str(path)
                rules.append(rule)
    return rules, problems


def _cached_rules(path: Path, family: str, cache: "RuleCache") -> tuple[list[Rule], list[LoadProblem]]:
    """One file's rules, deferred when the cache validated these exact bytes before and the
    file holds no taint rule (taint rules are compiled at once: the engine's data flow is
    built from them); else loaded for real, and remembered when they loaded cleanly and the
    cache had no entry for them (a file of taint rules it knows is not written again at every
    start: ~30 ms of the server's rule load)."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return load_rule_file(path, family)  # says what is wrong
    known = cache.known_rules(path, data)
    if known is not None and not any(rule.taint for rule in known):
        return [DeferredRule(rule.fields, text, family, rule.has_sequence) for rule in known], []
    rules, problems = load_rule_text(text, family, str(path))
    if not problems and known is None:
        cache.remember_rules(path, data, rules)
    return rules, problems


def rules_digest(rules: Iterable[Rule]) -> str:
    """A hash of the rule files' contents, for cache keys."""
    def content(rule: Rule) -> bytes:
        try:
            return Path(rule.info.source).read_bytes()
        except OSError:
            return rule.info.source.encode()

    return files_digest((content(rule), (rule.id,)) for rule in rules)
