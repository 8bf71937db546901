"""A rule's pattern logic (`pattern`, `patterns`, `pattern-either`, …) compiled and evaluated.

Compilation checks every key and pattern once, at load time, and raises RuleError naming the
key and its line. Evaluation happens at one code node (found by the checker's index) and
returns the metavariable bindings of every way the rule matches there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, Union

import libcst as cst
import regex

from .document_caches import Slot, kept
from .matcher import Bindings, Matcher, child_nodes, descendants, is_gap, may_match_item, suite_items
from .patterns import (
    ANY_KEY, STRING_KEY, STRING_NODE_TYPES, IndexKey, Pattern, PatternError, compile_pattern, metavar_placeholder, subscript_keys, target_may_hold, unpacks_keywords,
)
from .regex_parts import required_words
from .resolver import NOT_CONST, Resolver, Scope, all_params
from .safe_eval import REGEX_TIMEOUT_S, Comparison, ComparisonError
from .statement_memo import BlockMatch, StatementMemo
from .yaml_source import LineDict, line_of

_CODEGEN = cst.Module(body=[])


class RuleError(ValueError):
    """A problem in a rule file, with where it is: `file:line: rule 'id': key: message`."""

    def __init__(self, message: str, *, key: str | None = None, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.line = line


def code_of(value: object) -> str:
    """The source text of a bound node (or of a run of arguments)."""
    if isinstance(value, tuple):
        return ", ".join(code_of(item) for item in value)
    kind = type(value)
    if (kind is cst.Name or kind is cst.SimpleString or kind is cst.Integer) and not value.lpar:  # type: ignore[attr-defined]
        return value.value  # type: ignore[attr-defined]  # the common case, without codegen
    if isinstance(value, cst.Arg):
        value = value.with_changes(comma=cst.MaybeSentinel.DEFAULT)
    if isinstance(value, cst.CSTNode):
        return _CODEGEN.code_for_node(value)
    return str(value)


# -- formula nodes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    pattern: Pattern
    key: IndexKey | None  # what a node must be for this pattern to match it
    # `$OBJ.$M(...)` with `$M` limited to `^(a|b)$`: calls of method a or b only.
    methods: tuple[IndexKey, ...] = ()


def _leaf(pattern: Pattern) -> Leaf:
    return Leaf(pattern, pattern.index_key())


@dataclass(frozen=True)
class Either:
    options: tuple["Formula", ...]
    # Options by the node type they can start at ("" = any), so a node meets only its own.
    by_type: Mapping[str, tuple["Formula", ...]] = field(default_factory=dict, compare=False)

    # The options a call may meet, split further: those that need one callee or one method
    # name, by that name ("callee:a.b", "method:m"), and the others; positions keep the order.
    call_named: Mapping[str, tuple["Formula", ...]] = field(default_factory=dict, compare=False)
    call_rest: tuple["Formula", ...] = ()
    position: Mapping[int, int] = field(default_factory=dict, compare=False)
    # The first positive every option starts with, when all are `patterns` without filters
    # starting alike (`- pattern-either: *access` under each `pattern-inside` of a rule):
    # matched once per site, not once per option (`_shared_first`).
    shared: "Formula | None" = field(default=None, compare=False)

    def options_for(self, node_type: str) -> tuple["Formula", ...]:
        found = self.by_type.get(node_type)
        return found if found is not None else self.by_type.get("", ())

    def options_at(self, site: "Site") -> tuple["Formula", ...]:
        node = site.node
        if type(node) is not cst.Call or not self.call_named:
            return self.options_for(type(node).__name__)
        picked: list[Formula] = list(self.call_rest)
        callee = site.callee
        if callee:
            picked.extend(self.call_named.get("callee:" + callee, ()))
        func = node.func  # type: ignore[attr-defined]
        if type(func) is cst.Attribute:
            picked.extend(self.call_named.get("method:" + func.attr.value, ()))
        if len(picked) == len(self.call_rest):
            return self.call_rest
        return tuple(sorted({id(o): o for o in picked}.values(), key=lambda o: self.position[id(o)]))


def _call_names(option: "Formula") -> list[str] | None:
    """The callee or method names one of which a call must have for `option` to match it."""
    names = []
    for key in index_keys(option):
        if key is None or key.node_type != "Call":
            return None
        if key.callee is not None:
            names.append("callee:" + key.callee)
        elif key.method is not None:
            names.append("method:" + key.method)
        else:
            return None
    return names or None


def _either(options: tuple["Formula", ...]) -> Either:
    anywhere: set[int] = set()
    typed: dict[str, set[int]] = {}
    for option in options:
        kinds = {kind for key in index_keys(option) for kind in _start_kinds(key)}
        if "" in kinds:
            anywhere.add(id(option))
            continue
        for kind in kinds:
            typed.setdefault(kind, set()).add(id(option))
    by_type = {kind: tuple(o for o in options if id(o) in group or id(o) in anywhere) for kind, group in typed.items()}
    by_type[""] = tuple(o for o in options if id(o) in anywhere)
    named: dict[str, list[Formula]] = {}
    rest: list[Formula] = []
    for option in by_type.get("Call", by_type[""]):
        names = _call_names(option)
        if names is None:
            rest.append(option)
        for name in names or ():
            named.setdefault(name, []).append(option)
    return Either(
        options, by_type, {name: tuple(group) for name, group in named.items()}, tuple(rest),
        {id(option): index for index, option in enumerate(options)}, _shared_first(options),
    )


def _shared_first(options: tuple["Formula", ...]) -> "Formula | None":
    """The first positive of every option, when each option is a conjunction without filters
    whose first positive is the same formula (same pattern texts, same index keys): its
    matches at a site are then the same for every option. path-from-request's 11
    `pattern-inside` branches each start with the same 13 request accesses: matched once
    per attribute, subscript or call instead of 11 times (none of which matches mostly)."""
    if len(options) < 2 or not all(isinstance(option, All) and not option.filters for option in options):
        return None
    first = options[0].positives[0]  # type: ignore[union-attr]
    shape = _shape(first)
    if shape is None or any(_shape(option.positives[0]) != shape for option in options[1:]):  # type: ignore[union-attr]
        return None
    return first


def _shape(formula: "Formula") -> tuple | None:
    """What decides a formula's matches, comparable across separately compiled copies (the
    compiled pattern nodes of one text are alike); None for what holds filters."""
    if isinstance(formula, Leaf):
        return ("leaf", formula.pattern.text, formula.key, formula.methods)
    if isinstance(formula, Either):
        shapes = tuple(_shape(option) for option in formula.options)
        return None if any(shape is None for shape in shapes) else ("either", shapes)
    if formula.filters or formula.focus:
        return None
    parts = tuple(tuple(_shape(f) for f in group) for group in (formula.positives, formula.nots, formula.insides, formula.not_insides))
    return None if any(shape is None for group in parts for shape in group) else ("all", parts)


@dataclass(frozen=True)
class RegexFilter:
    metavariable: str
    pattern: str
    compiled: object  # regex.Pattern; None when `exact` (never run)
    words: frozenset[str] | None = None  # `^(a|b)$`: the bound code must be one of these names
    exact: frozenset[str] | None = None  # set when the regex is exactly such a choice (no regex run)


@dataclass(frozen=True)
class ComparisonFilter:
    metavariable: str | None
    comparison: Comparison


@dataclass(frozen=True)
class PatternFilter:
    metavariable: str
    formula: "Formula"


Filter = Union[RegexFilter, ComparisonFilter, PatternFilter]


@dataclass(frozen=True)
class All:
    positives: tuple["Formula", ...]
    nots: tuple["Formula", ...] = ()
    insides: tuple["Formula", ...] = ()
    not_insides: tuple["Formula", ...] = ()
    filters: tuple[Filter, ...] = ()
    focus: tuple[str, ...] = ()


Formula = Union[Leaf, Either, All]

_PATTERN_KEYS = ("pattern", "patterns", "pattern-either")


# -- compilation ---------------------------------------------------------------------------


def compile_formula(rule: Mapping[str, object]) -> Formula:
    """The formula of a rule mapping (which has exactly one of pattern/patterns/pattern-either)."""
    present = [key for key in _PATTERN_KEYS if key in rule]
    if len(present) != 1:
        line = line_of(rule)
        if not present:
            raise RuleError("needs one of pattern, patterns, pattern-either", line=line)
        raise RuleError(f"has both {present[0]} and {present[1]}; use one", key=present[1], line=line)
    key = present[0]
    return _operand(key, rule[key], _key_line(rule, key))


def _key_line(mapping: object, key: str) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else 0


def _operand(key: str, value: object, line: int) -> Formula:
    if key == "pattern":
        return _leaf(_pattern(value, key, line))
    if key == "pattern-either":
        items = _list(value, key, line)
        return _either(tuple(_item(item, key, line) for item in items))
    if key == "patterns":
        return _conjunction(_list(value, key, line), line)
    raise RuleError(f"unknown key {key!r}", key=key, line=line)


def _pattern(value: object, key: str, line: int) -> Pattern:
    if not isinstance(value, str):
        raise RuleError("a pattern must be a string of Python code", key=key, line=line)
    try:
        return compile_pattern(value)
    except PatternError as error:
        raise RuleError(str(error), key=key, line=line) from None


def _list(value: object, key: str, line: int) -> list[object]:
    if not isinstance(value, list) or not value:
        raise RuleError("must be a non-empty list", key=key, line=line)
    return value


def _single_key(item: object, key: str, line: int) -> tuple[str, object, int]:
    if not isinstance(item, dict) or len(item) != 1:
        raise RuleError("each entry must be a mapping with exactly one key", key=key, line=line_of(item, line))
    (name, value), = item.items()
    return str(name), value, _key_line(item, str(name)) or line


def _item(item: object, parent: str, line: int) -> Formula:
    """An entry of pattern-either, or the value of pattern-not/-inside/-not-inside: a pattern
    string or a mapping with one pattern key (`patterns:`, `pattern-either:`)."""
    if isinstance(item, str):
        return _leaf(_pattern(item, parent, line))
    name, value, item_line = _single_key(item, parent, line)
    if name not in _PATTERN_KEYS:
        raise RuleError(f"unknown key {name!r} in {parent}", key=name, line=item_line)
    return _operand(name, value, item_line)


def _conjunction(items: list[object], line: int) -> All:
    positives: list[Formula] = []
    nots: list[Formula] = []
    insides: list[Formula] = []
    not_insides: list[Formula] = []
    filters: list[Filter] = []
    focus: list[str] = []
    for item in items:
        name, value, item_line = _single_key(item, "patterns", line)
        if name in _PATTERN_KEYS:
            formula = _operand(name, value, item_line)
            _no_sequence(formula, name, item_line)
            positives.append(formula)
        elif name == "pattern-not":
            formula = _item(value, name, item_line)
            _no_sequence(formula, name, item_line)
            nots.append(formula)
        elif name == "pattern-inside":
            insides.append(_item(value, name, item_line))
        elif name == "pattern-not-inside":
            not_insides.append(_item(value, name, item_line))
        elif name == "metavariable-regex":
            filters.append(_regex_filter(value, item_line))
        elif name == "metavariable-comparison":
            filters.append(_comparison_filter(value, item_line))
        elif name == "metavariable-pattern":
            filters.append(_pattern_filter(value, item_line))
        elif name == "focus-metavariable":
            names = value if isinstance(value, list) else [value]
            focus.extend(_metavariable(v, name, item_line) for v in names)
        else:
            raise RuleError(f"unknown or unsupported key {name!r} in patterns", key=name, line=item_line)
    if not positives:
        raise RuleError("patterns needs at least one positive pattern", key="patterns", line=line)
    words = {f.metavariable: f.words for f in filters if isinstance(f, RegexFilter) and f.words}
    if words:
        positives = [_with_word_keys(positive, words) for positive in positives]
    regexes = {f.metavariable: f.pattern for f in filters if isinstance(f, RegexFilter)}
    if regexes:
        positives = [_with_target_words(positive, regexes) for positive in positives]
    return All(tuple(positives), tuple(nots), tuple(insides), tuple(not_insides), tuple(filters), tuple(focus))


def _with_word_keys(formula: Formula, words: Mapping[str, frozenset[str]]) -> Formula:
    """Leaves calling `$OBJ.$M(...)` whose `$M` may only be some names: index by those names.
    Likewise any call passing `$KW=...` whose `$KW` may only be some names (the matcher binds
    a keyword metavariable to a keyword argument's name only): calls without one of those
    keywords are never tried (`hardcoded-password` tried every call of a file)."""
    if isinstance(formula, Either):
        return _either(tuple(_with_word_keys(option, words) for option in formula.options))
    if not isinstance(formula, Leaf) or formula.key is None or formula.key.node_type != "Call":
        return formula
    node = formula.pattern.node
    func = node.func if isinstance(node, cst.Call) else None
    if isinstance(func, cst.Attribute) and func.attr.value in words:
        keys = tuple(IndexKey("Call", method=name) for name in sorted(words[func.attr.value]))
        return Leaf(formula.pattern, formula.key, keys)
    if isinstance(node, cst.Call) and replace(formula.key, double_star=False) == IndexKey("Call"):
        keyword = next((arg.keyword.value for arg in node.args if arg.keyword is not None and arg.keyword.value in words), None)
        if keyword is not None:
            return Leaf(formula.pattern, formula.key, tuple(IndexKey("Call", keyword=name) for name in sorted(words[keyword])))
    return formula


def _with_target_words(formula: Formula, regexes: Mapping[str, str]) -> Formula:
    """Leaves assigning to `$NAME` whose regex needs one of some words (`hardcoded-password`'s
    `$NAME = $VALUE`): index by those words, so assignments to other names are never tried.
    (The words are read from the regexes of assigned metavariables only: reading costs.)"""
    if isinstance(formula, Either):
        return _either(tuple(_with_target_words(option, regexes) for option in formula.options))
    if not isinstance(formula, Leaf) or formula.methods or formula.key not in (IndexKey("Assign"), IndexKey("AnnAssign")):
        return formula
    node = formula.pattern.node
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target] if isinstance(node, cst.AnnAssign) else []
    if len(targets) != 1 or not isinstance(targets[0], cst.Name) or targets[0].value not in regexes:
        return formula
    words = required_words(regexes[targets[0].value])
    if words is None:
        return formula
    return Leaf(formula.pattern, formula.key, (IndexKey(formula.key.node_type, words=words),))  # type: ignore[union-attr]


def _no_sequence(formula: Formula, key: str, line: int) -> None:
    for leaf in leaves(formula):
        if leaf.pattern.is_sequence:
            raise RuleError(
                "a sequence of statements can only be used in pattern-inside or pattern-not-inside",
                key=key,
                line=line,
            )


def _metavariable(value: object, key: str, line: int) -> str:
    if not isinstance(value, str):
        raise RuleError("metavariable must be a string such as $X", key=key, line=line)
    try:
        return metavar_placeholder(value.strip())
    except PatternError as error:
        raise RuleError(str(error), key=key, line=line) from None


def _fields(value: object, key: str, line: int, required: set[str], allowed: set[str]) -> dict[str, object]:
    if not isinstance(value, dict):
        raise RuleError("must be a mapping", key=key, line=line)
    for name in value:
        if name not in allowed:
            raise RuleError(f"unknown or unsupported key {name!r}", key=f"{key}.{name}", line=_key_line(value, str(name)) or line)
    for name in required:
        if name not in value:
            raise RuleError(f"missing key {name!r}", key=key, line=line)
    return dict(value)


def _regex_filter(value: object, line: int) -> RegexFilter:
    fields = _fields(value, "metavariable-regex", line, {"metavariable", "regex"}, {"metavariable", "regex"})
    pattern = fields["regex"]
    line = _key_line(value, "regex") or line
    if not isinstance(pattern, str):
        raise RuleError("regex must be a string", key="metavariable-regex.regex", line=line)
    words = _literal_words(pattern)
    exact = words if _EXACT_WORDS.fullmatch(pattern) else None
    # An exact choice of names is a valid regex that is never run (the names are compared):
    # not compiled (~0.5 ms each with `regex`; 35 of the 86 regexes first open of 10,031
    # lines compiled for the rules its text needs, 78 of 328 in a load of every rule).
    try:
        compiled = regex.compile(pattern) if exact is None else None
    except regex.error as error:
        raise RuleError(f"bad regex: {error}", key="metavariable-regex.regex", line=line) from None
    return RegexFilter(_metavariable(fields["metavariable"], "metavariable-regex", line), pattern, compiled, words, exact)


# `^(a|b)$`, `^a$`, also with optional character classes around the group (`^["']?(a|b)["']?$`),
# captured or repeated by a backreference (`^([\x22\x27]?)(a|b)\1$`); the group may be named
# for a fix template (`^(?P<SECRET_NAME>a|b)$`).
_WORDS = regex.compile(
    r"\^(?:\(?\[[^\]]*\]\?\)?)*(?:\((?:\?:|\?P<\w+>)?([A-Za-z_]\w*(?:\|[A-Za-z_]\w*)*)\)|([A-Za-z_]\w*(?:\|[A-Za-z_]\w*)*))(?:\[[^\]]*\]\?|\\\d)*\$"
)


_EXACT_WORDS = regex.compile(r"\^(?:\((?:\?:)?[A-Za-z_]\w*(?:\|[A-Za-z_]\w*)*\)|[A-Za-z_]\w*)\$")


def _literal_words(pattern: str) -> frozenset[str] | None:
    """The names of a regex that is only a choice of names, anchored: `^(debug|info)$`."""
    match = _WORDS.fullmatch(pattern)
    if match is None:
        return None
    return frozenset((match.group(1) or match.group(2)).split("|"))


def _comparison_filter(value: object, line: int) -> ComparisonFilter:
    fields = _fields(value, "metavariable-comparison", line, {"comparison"}, {"metavariable", "comparison"})
    text = fields["comparison"]
    line = _key_line(value, "comparison") or line
    if not isinstance(text, str):
        raise RuleError("comparison must be a string", key="metavariable-comparison.comparison", line=line)
    try:
        comparison = Comparison(text)
    except ComparisonError as error:
        raise RuleError(str(error), key="metavariable-comparison.comparison", line=line) from None
    name = fields.get("metavariable")
    return ComparisonFilter(_metavariable(name, "metavariable-comparison", line) if name is not None else None, comparison)


def _pattern_filter(value: object, line: int) -> PatternFilter:
    if not isinstance(value, dict):
        raise RuleError("must be a mapping", key="metavariable-pattern", line=line)
    allowed = {"metavariable", *_PATTERN_KEYS}
    _fields(value, "metavariable-pattern", line, {"metavariable"}, allowed)
    inner = {k: v for k, v in value.items() if k in _PATTERN_KEYS}
    try:
        formula = compile_formula(inner)
    except RuleError as error:
        raise RuleError(error.message, key=error.key or "metavariable-pattern", line=error.line or line) from None
    return PatternFilter(_metavariable(value["metavariable"], "metavariable-pattern", line), formula)


def leaves(formula: Formula) -> Iterator[Leaf]:
    if isinstance(formula, Leaf):
        yield formula
    elif isinstance(formula, Either):
        for option in formula.options:
            yield from leaves(option)
    else:
        for positive in formula.positives:
            yield from leaves(positive)


Requirement = tuple[tuple[frozenset[str], ...], ...]  # all clauses; in each, any one set
_MAX_CLAUSES = 64  # an either's exact requirement is a product of its options' clauses


def required_names(formula: Formula, whole_file: bool = False) -> Requirement:
    """Identifiers a text must contain for the formula to match.

    Every non-metavariable name of a pattern (callees, attributes, keywords) appears in the
    code it matches, or in the import that aliases it, and a metavariable whose regex is a
    choice of names (`^(set_password|create_user)$`) binds one of those names. A file
    lacking them cannot match, so the rule is skipped for it (Semgrep does the same).

    Unless `whole_file`, the requirement judges one definition alone (sparse.py, the
    editor's units), with the module statements binding its names: then a `pattern-inside`
    that may match a class or a run of module statements around the definition, whose words
    lie outside it, adds nothing.
    """
    if isinstance(formula, Leaf):
        return ((_pattern_names(formula.pattern),),)
    if isinstance(formula, Either):
        return _disjunction([required_names(option, whole_file) for option in formula.options])
    # Every positive pattern, pattern-inside and metavariable-pattern must match somewhere.
    parts = (*formula.positives, *(inside for inside in formula.insides if whole_file or _within_definition(inside)))
    clauses = [clause for part in parts for clause in required_names(part, whole_file)]
    matched = {name for part in parts for leaf in leaves(part) for name in _pattern_names(leaf.pattern, metavariables=True)}
    for item in formula.filters:
        if isinstance(item, RegexFilter) and item.words and item.metavariable in matched:
            clauses.append(tuple(frozenset({word}) for word in sorted(item.words)))
        elif isinstance(item, PatternFilter):
            clauses.extend(required_names(item.formula, whole_file))
    return _simplified(clauses)


def judged_by_file(formula: Formula) -> bool:
    """Whether `required_names` differs between a whole file and one definition: only a
    pattern-inside that may match around the definition makes it differ."""
    if isinstance(formula, Leaf):
        return False
    if isinstance(formula, Either):
        return any(judged_by_file(option) for option in formula.options)
    inner = (*formula.positives, *formula.insides, *(f.formula for f in formula.filters if isinstance(f, PatternFilter)))
    return any(not _within_definition(inside) for inside in formula.insides) or any(judged_by_file(part) for part in inner)


def around_in_module_code(formula: Formula) -> bool:
    """Whether every pattern-inside that may match around a definition is a run of statements
    none of which is a definition: a match around a definition then has those statements
    in the code outside every definition (a module's or a class body's own statements), so
    its words lie there or in the definition itself (lazy_units.py)."""
    if isinstance(formula, Leaf):
        return True
    if isinstance(formula, Either):
        return all(around_in_module_code(option) for option in formula.options)
    inner = (*formula.positives, *formula.insides, *(f.formula for f in formula.filters if isinstance(f, PatternFilter)))
    return all(_statements_only(inside) for inside in formula.insides if not _within_definition(inside)) and all(around_in_module_code(part) for part in inner)


def _statements_only(inside: Formula) -> bool:
    """Whether a pattern-inside is plain runs of statements, none of them a definition."""
    if isinstance(inside, Either):
        return all(_statements_only(option) for option in inside.options)
    return isinstance(inside, Leaf) and inside.pattern.is_sequence and not any(isinstance(item, (cst.FunctionDef, cst.ClassDef)) for item in inside.pattern.sequence)


def header_only(formula: Formula) -> bool:
    """Whether every match is a function definition with any body (`def $F(request, ...): ...`,
    with decorators): then the words it needs lie in a definition's header, decorators and
    signature, and a function whose headers lack them cannot match (sparse.py)."""
    if isinstance(formula, Either):
        return all(header_only(option) for option in formula.options)
    if isinstance(formula, All):
        return not formula.insides and all(header_only(positive) for positive in formula.positives)
    node = formula.pattern.node
    return type(node) is cst.FunctionDef and all(is_gap(item) for item in suite_items(node.body))


def needs_decorator(formula: Formula) -> bool:
    """Whether every match of a header-only formula is a decorated function (`@$APP.get(...)`:
    each decorator of a pattern must be on the function, matcher.py), so an undecorated
    function cannot match, whatever its name or parameters."""
    if isinstance(formula, Either):
        return all(needs_decorator(option) for option in formula.options)
    if isinstance(formula, All):
        return any(needs_decorator(positive) for positive in formula.positives)
    node = formula.pattern.node
    return type(node) is cst.FunctionDef and bool(node.decorators)


def _within_definition(inside: Formula) -> bool:
    """Whether every match of a pattern-inside lies within the definition holding the code it
    encloses (not a class around a method, nor a run of statements around a definition)."""
    return all(not leaf.pattern.is_sequence and type(leaf.pattern.node) is not cst.ClassDef for leaf in leaves(inside))


def _disjunction(options: list[Requirement]) -> Requirement:
    """What one of several options requires: each clause of one option or of another, for
    every choice of clauses (distributed), simplified; when that grows too large, each
    option summarised by one clause that names something (weaker, never wrong)."""
    if any(not option for option in options):
        return ()  # an option with no requirement can match anywhere
    result: list[tuple[frozenset[str], ...]] = list(options[0])
    for option in options[1:]:
        result = list(_simplified([left + right for left in result for right in option]))
        if len(result) > _MAX_CLAUSES:
            return _simplified([tuple(names for option in options for names in next((c for c in option if all(c)), option[0]))])
    return tuple(result)


def _simplified(clauses: Iterable[tuple[frozenset[str], ...]]) -> Requirement:
    """The same requirement without what others imply: a clause with an empty name set (always
    met), a name set holding another of its clause, a clause met whenever another one is."""
    minimal: list[tuple[frozenset[str], ...]] = []
    for clause in clauses:
        if any(not names for names in clause):
            continue
        unique = sorted(set(clause), key=lambda names: (len(names), sorted(names)))
        kept = tuple(names for i, names in enumerate(unique) if not any(other < names for other in unique[:i]))
        if kept not in minimal:
            minimal.append(kept)
    return tuple(clause for clause in minimal if not any(other is not clause and _implies(other, clause) for other in minimal))


def _implies(clause: tuple[frozenset[str], ...], other: tuple[frozenset[str], ...]) -> bool:
    """Whether `clause` being met means `other` is (each of its name sets holds one of other's)."""
    return all(any(names >= wanted for wanted in other) for names in clause)


def formula_names(formula: Formula) -> frozenset[str]:
    """The plain names of every pattern in `formula`, in all its parts (nots, insides,
    metavariable-patterns): computed when a rule is built and kept with it, so that asking a
    deferred rule (rule_loader.DeferredRule) for them does not compile it."""
    return frozenset().union(*(_pattern_names(leaf.pattern) for leaf in _every_leaf(formula)))


def _every_leaf(formula: Formula) -> Iterator[Leaf]:
    """Every leaf of `formula`, in all its parts (nots, insides, metavariable-patterns)."""
    if isinstance(formula, Leaf):
        yield formula
    elif isinstance(formula, Either):
        for option in formula.options:
            yield from _every_leaf(option)
    else:
        for part in (*formula.positives, *formula.nots, *formula.insides, *formula.not_insides, *(f.formula for f in formula.filters if isinstance(f, PatternFilter))):
            yield from _every_leaf(part)


def _around_leaves(formula: Formula) -> Iterator[Leaf]:
    """Every leaf of a pattern-inside or pattern-not-inside of `formula`, at any depth: the
    patterns that may match around the code a match is at."""
    if isinstance(formula, Either):
        for option in formula.options:
            yield from _around_leaves(option)
    elif isinstance(formula, All):
        for around in (*formula.insides, *formula.not_insides):
            yield from _every_leaf(around)
        for part in (*formula.positives, *formula.nots, *(f.formula for f in formula.filters if isinstance(f, PatternFilter))):
            yield from _around_leaves(part)


def looks_around(formula: Formula) -> bool:
    """Whether a match of `formula` may depend on code around its node (a pattern-inside or
    pattern-not-inside at any depth), not only on the node's own subtree and names."""
    return next(_around_leaves(formula), None) is not None


def context_kinds(formula: Formula) -> frozenset[str]:
    """The node types a pattern-inside or pattern-not-inside of `formula` may match, at any
    depth ("*": any, for a metavariable; of a run of statements, those of its statements but
    `...`, which takes any statement whole): a match inside a compound statement of none of
    these types does not depend on that statement's header (units.py then re-checks an
    edited header alone). Kept with the rule, as `formula_names` is, so that a deferred rule
    knows them uncompiled."""
    kinds: set[str] = set()
    for leaf in _around_leaves(formula):
        node = leaf.pattern.node
        if node is None:
            kinds.update(type(item).__name__ for item in suite_items(cst.Module(body=list(leaf.pattern.sequence))) if not is_gap(item))
        else:
            kinds.add("*" if type(node) is cst.Name else type(node).__name__)
    return frozenset(kinds)


def context_items(formula: Formula) -> tuple[tuple[str, frozenset[str]], ...]:
    """The statements a pattern-inside or pattern-not-inside of `formula` holds in a run of
    statements or in a block (but `...`, at any depth), each as its node type and its plain
    names (an `Assign` stands for an `AnnAssign` too, as the matcher takes it): such a pattern
    matches differently as a statement of one of these types naming these names changes, and
    then the findings of the statements around it (after it in the run, before it, the rest
    of the block) may change too (units.py then checks the piece holding the edit whole). A
    statement of another type, or naming less, is taken by a `...` there, before and after an
    edit that keeps the number of statements. Kept with the rule, as `context_kinds` is."""
    items: set[tuple[str, frozenset[str]]] = set()
    for leaf in _around_leaves(formula):
        roots = [leaf.pattern.node] if leaf.pattern.node is not None else [cst.Module(body=list(leaf.pattern.sequence))]
        blocks = [node for root in roots for node in descendants(root) if isinstance(node, (cst.Module, cst.IndentedBlock, cst.SimpleStatementSuite))]
        for item in (item for block in blocks for item in suite_items(block) if not is_gap(item)):
            kind, names = type(item).__name__, names_in([item])
            items.add((kind, names))
            if kind == "Assign":
                items.add(("AnnAssign", names))
    return tuple(sorted(items, key=lambda item: (item[0], sorted(item[1]))))


def context_tests(formula: Formula) -> Requirement | None:
    """What the test of an `if` (or an `elif`) must name for a pattern-inside or
    pattern-not-inside of `formula` to match differently as it changes: one of the plain
    names of some `if` test those patterns hold, at any depth (`if os.access($P, ...): ...`
    needs `os` and `access`; a pattern's `if` matches an `if` or an `elif`, its `elif`s the
    `elif`s of a chain, its blocks' `if`s those of a statement's blocks); () when such a
    test names nothing (`if $COND:`). A test naming none of them matches none before and
    after the edit. None when those patterns hold no `if`. Kept with the rule, as
    `context_kinds` is (units.py: whether an edited `if` header is checked alone)."""
    tests = [node.test for node in _around_nodes(formula, cst.If)]
    return _simplified([tuple(names_in([test]) for test in tests)]) if tests else None


def context_defs_by_name(formula: Formula) -> bool:
    """Whether every `def` a pattern-inside or pattern-not-inside of `formula` holds, at any
    depth, compares a definition's signature by its name alone: parameters all `...`, no
    decorator, annotation or type parameters (matcher.Matcher._function then compares the
    name and the body). An edit of a `def` line that keeps the name (its body the same
    nodes) then changes none of their matches: `def $FUNCTION(...):` with a
    metavariable-regex on the name (weak-hash) no longer watches every `def` (units.py).
    Kept with the rule, as `context_kinds` is."""
    return all(
        all(is_gap(param) for param in all_params(node.params)) and not node.decorators and node.returns is None and getattr(node, "type_parameters", None) is None
        for node in _around_nodes(formula, cst.FunctionDef)
    )


def _around_nodes(formula: Formula, kind: type[cst.CSTNode]) -> Iterator[Any]:
    """The nodes of type `kind` in the patterns of `_around_leaves(formula)`, at any depth."""
    for leaf in _around_leaves(formula):
        for root in [leaf.pattern.node] if leaf.pattern.node is not None else leaf.pattern.sequence:
            yield from (node for node in descendants(root) if type(node) is kind)


# Keywords that code of these node types always spells out, read as names by the prefilter.
_KEYWORDS: dict[type[cst.CSTNode], str] = {cst.Assert: "assert", cst.Del: "del", cst.Global: "global", cst.Lambda: "lambda", cst.Await: "await"}


@lru_cache(maxsize=16384)
def _pattern_names(pattern: Pattern, metavariables: bool = False) -> frozenset[str]:
    """The names a pattern holds (and the keywords it spells): the plain ones, or only its
    metavariables (placeholders). Kept per pattern: a rule's requirement asks several times."""
    return names_in([pattern.node] if pattern.node is not None else pattern.sequence, metavariables)


def names_in(nodes: Iterable[cst.CSTNode], metavariables: bool = False) -> frozenset[str]:
    """The plain names (or only the metavariables) pattern nodes hold, and the keywords they
    spell; of code, the names a pattern's names may match there as they are."""
    names: set[str] = set()
    stack: list[cst.CSTNode] = list(nodes)
    while stack:
        node = stack.pop()
        if type(node) is cst.Name and node.value.startswith("__rl_") == metavariables:
            names.add(node.value)
        elif not metavariables and type(node) in _KEYWORDS:
            names.add(_KEYWORDS[type(node)])
        stack.extend(child_nodes(node))
    return frozenset(names)


def index_keys(formula: Formula) -> list[IndexKey | None]:
    """What can start a match: the index keys of the positive patterns that produce matches."""
    if isinstance(formula, Leaf):
        return list(formula.methods) if formula.methods else [formula.key]
    if isinstance(formula, Either):
        return [key for option in formula.options for key in index_keys(option)]
    return index_keys(formula.positives[0])


# -- evaluation ----------------------------------------------------------------------------


@dataclass
class Site:
    """A code node being checked, with its ancestors (outermost first) and name resolution."""

    node: cst.CSTNode
    ancestors: list[cst.CSTNode]
    resolver: Resolver
    matcher: Matcher
    _scope: Scope | None = field(default=None, repr=False)
    _callee: object = field(default=None, repr=False)

    @property
    def callee(self) -> str | None:
        """The qualified name of the called function (of a call), or of a dotted name."""
        if self._callee is None:
            node = self.node
            kind = type(node)
            if kind is cst.Call:
                self._callee = self.resolver.qualified_name(node.func, self.scope)  # type: ignore[attr-defined]
            elif kind is cst.Name or kind is cst.Attribute:
                self._callee = self.resolver.qualified_name(node, self.scope)
            self._callee = self._callee or ""
        return self._callee or None  # type: ignore[return-value]

    @property
    def scope(self) -> Scope:
        if self._scope is None:
            self._scope = self.resolver.scope_for(self.ancestors)
        return self._scope

    def at(self, index: int) -> "Site":
        """The site of ancestor number `index`."""
        return Site(self.ancestors[index], self.ancestors[:index], self.resolver, self.matcher)


Constraints = Mapping[str, Callable[[object], bool]]


def evaluate(formula: Formula, site: Site, bindings: Bindings, constraints: Constraints | None = None) -> list[Bindings]:
    """Every consistent set of bindings under which `formula` matches at `site`."""
    if isinstance(formula, Leaf):
        pattern = formula.pattern
        if pattern.node is None or not _may_match(formula.key, site):
            return []
        if formula.methods and not any(_may_match(key, site) for key in formula.methods):
            return []
        result = site.matcher.match(pattern.node, site.node, site.scope, bindings, constraints)
        return [result] if result is not None else []
    if isinstance(formula, Either):
        results: list[Bindings] = []
        options = formula.options_at(site)
        if formula.shared is not None and options:
            firsts = evaluate(formula.shared, site, bindings, constraints)
            for option in options if firsts else ():
                results.extend(_evaluate_all(option, site, bindings, constraints, firsts))  # type: ignore[arg-type]
            return results
        for option in options:
            results.extend(evaluate(option, site, bindings, constraints))
        return results
    return _evaluate_all(formula, site, bindings, constraints)


def _constraints(filters: Sequence[Filter], site: Site) -> dict[str, Callable[[object], bool]]:
    """Filters on one metavariable, as checks the matcher runs when it binds that variable."""
    checks: dict[str, list[Callable[[object], bool]]] = {}
    for item in filters:
        if isinstance(item, RegexFilter) and item.exact is not None:
            checks.setdefault(item.metavariable, []).append(lambda value, w=item.exact: _is_word(value, w))
        elif isinstance(item, RegexFilter):
            compiled = item.compiled
            checks.setdefault(item.metavariable, []).append(lambda value, c=compiled: _regex_matches(c, code_of(value)))
        elif isinstance(item, ComparisonFilter) and len(item.comparison.metavariables) == 1:
            name = item.comparison.metavariables[0]
            checks.setdefault(name, []).append(
                lambda value, c=item.comparison, n=name: c.evaluate({n: _constant(value, site)})
            )
        elif isinstance(item, PatternFilter):
            checks.setdefault(item.metavariable, []).append(
                lambda value, f=item, n=item.metavariable: _pattern_within(f, site, {n: value}) is not None
            )
    return {name: (lambda value, fs=tuple(fs): all(f(value) for f in fs)) for name, fs in checks.items()}


_DOTTED_KINDS = ("Name", "Attribute")
_CONSTANT_HOLDERS = ("Name", "Attribute", "BinaryOperation")


def _start_kinds(key: IndexKey | None) -> tuple[str, ...]:
    """The node types a pattern with this key may match at ("" = any): what _may_match allows."""
    if key is None:
        return ("",)
    if key.node_type == STRING_KEY:
        return STRING_NODE_TYPES + _CONSTANT_HOLDERS
    if key.callee is not None and key.node_type in _DOTTED_KINDS:
        return _DOTTED_KINDS
    return (key.node_type,)


def _may_match(key: IndexKey | None, site: Site) -> bool:
    """A cheap test that rules out most nodes before structural matching."""
    if key is None:
        return True
    node = site.node
    # `ssl.CERT_NONE` matches `CERT_NONE` after `from ssl import CERT_NONE`, and back; a string
    # pattern matches anything that may hold a constant string (the index starts at literals).
    if type(node).__name__ not in _start_kinds(key):
        return False
    if key.node_type == STRING_KEY:
        return True
    if key.callee is not None:
        return site.callee == key.callee
    if key.prefix is not None:
        callee = site.callee
        return callee is not None and callee.rsplit(".", 1)[0] == key.prefix
    if key.words is not None:
        return target_may_hold(node, key.words)  # type: ignore[arg-type]
    if key.keyword is not None and type(node) is cst.Assign:
        keys = subscript_keys(node)  # type: ignore[arg-type]
        return key.keyword in keys or ANY_KEY in keys
    if key.method is not None:
        if type(node) is cst.Assign:
            return any(
                type(t.target) is cst.Attribute and t.target.attr.value == key.method for t in node.targets  # type: ignore[attr-defined]
            )
        func = node.func  # type: ignore[attr-defined]
        return type(func) is cst.Attribute and func.attr.value == key.method
    if key.keyword is not None:
        if type(node) is cst.FunctionDef:
            return any(param.name.value == key.keyword for param in all_params(node.params))  # type: ignore[attr-defined]
        return any(arg.keyword is not None and arg.keyword.value == key.keyword for arg in node.args)  # type: ignore[attr-defined]
    if key.double_star:
        return unpacks_keywords(node)  # type: ignore[arg-type]
    return True


def _evaluate_all(
    formula: All, site: Site, bindings: Bindings, constraints: Constraints | None = None, firsts: list[Bindings] | None = None
) -> list[Bindings]:
    """`firsts`: the matches of the first positive at `site`, when known (`Either.shared`)."""
    local = {**(constraints or {}), **_constraints(formula.filters, site)} if formula.filters else constraints
    candidates = firsts if firsts is not None else evaluate(formula.positives[0], site, bindings, local)
    for positive in formula.positives[1:]:
        candidates = [r for c in candidates for r in evaluate(positive, site, c, local)]
    survivors: list[Bindings] = []
    for candidate in candidates:
        current: Bindings | None = candidate
        for inside in formula.insides:
            current = _inside(inside, site, current) if current is not None else None
        if current is None:
            continue
        if any(_inside(outside, site, current) is not None for outside in formula.not_insides):
            continue
        if any(evaluate(negative, site, current) for negative in formula.nots):
            continue
        filtered = _apply_filters(formula.filters, site, current)
        if filtered is not None:
            survivors.append(filtered)
    return survivors


def _inside(formula: Formula, site: Site, bindings: Bindings) -> Bindings | None:
    """Bindings extended by a match of `formula` at the site itself or around it."""
    sequences = [leaf.pattern for leaf in leaves(formula) if leaf.pattern.is_sequence]
    for index in range(len(site.ancestors), -1, -1):
        candidate = site if index == len(site.ancestors) else site.at(index)
        for result in evaluate(formula, candidate, bindings):
            return result
        if sequences and index < len(site.ancestors):
            for pattern in sequences:
                result = _inside_sequence(pattern, site, index, bindings)
                if result is not None:
                    return result
    return None


def _inside_sequence(pattern: Pattern, site: Site, index: int, bindings: Bindings) -> Bindings | None:
    """Whether the statements around the path through ancestor `index` match `pattern`.

    The statements of that block are tried from each start up to the one containing the
    site; the match must cover the containing statement (a trailing `...` reaches the end).
    """
    block = site.ancestors[index]
    if not isinstance(block, (cst.IndentedBlock, cst.SimpleStatementSuite, cst.Module)):
        return None
    child = site.ancestors[index + 1] if index + 1 < len(site.ancestors) else site.node
    items, positions = _block_items(block)
    # A `a; b` line stands for the small statements suite_items split out: the first is where it is.
    position = positions.get(id(child.body[0] if isinstance(child, cst.SimpleStatementLine) else child))
    if position is None:
        return None
    wanted = _sequence_items(pattern)
    scope = site.at(index).scope
    match = site.matcher.match_block
    # A run must start with a statement matching the pattern's first one, and end with one
    # matching its last, unless those are `...`, which reach the block's start or end: trying
    # only such runs keeps this linear in the block's length rather than quadratic.
    # At the module's level, statements that match with no bindings are remembered across
    # keystrokes (statement_memo.py); others are not asked with the bindings.
    if is_gap(wanted[0]):
        starts: Iterable[int] = (0,)
    else:
        starts = [
            i for i in _may_start(block, match, wanted[0], items[: position + 1], scope)
            if match(wanted[:1], items[i : i + 1], scope, bindings) is not None
        ]
    if is_gap(wanted[-1]):
        ends: Sequence[int] = (len(items),)
    else:
        ends = [
            position + i + 1 for i in _may_start(block, match, wanted[-1], items[position:], scope)
            if match(wanted[-1:], items[position + i : position + i + 1], scope, bindings) is not None
        ]
    for start in starts:
        for end in ends:
            result = match(wanted, items[start:end], scope, bindings)
            if result is not None:
                return result
    return None


def _may_start(block: cst.CSTNode, match: BlockMatch, statement: cst.CSTNode, items: Sequence[cst.CSTNode], scope: Scope) -> Iterable[int]:
    """The positions in `items` where the pattern's `statement` may match: at the module's
    level those it matches with no bindings, remembered across keystrokes (the document's
    StatementMemo), elsewhere those of a type it may match (`may_match_item`)."""
    if isinstance(block, cst.Module):
        return kept(StatementMemo, StatementMemo).may_start(match, statement, items, scope)
    return [number for number, item in enumerate(items) if may_match_item(statement, item)]


def _sequence_items(pattern: Pattern) -> list[cst.CSTNode]:
    """A sequence pattern's statements as `suite_items` splits them, found once per pattern
    (each site under a sequence `pattern-inside` asks at each block around it)."""
    found = _SEQUENCE_ITEMS.get(id(pattern))
    if found is None or found[0] is not pattern:
        if len(_SEQUENCE_ITEMS) > 4096:  # rules reloaded many times
            _SEQUENCE_ITEMS.clear()
        found = _SEQUENCE_ITEMS[id(pattern)] = (pattern, suite_items(cst.Module(body=list(pattern.sequence))))
    return found[1]


_SEQUENCE_ITEMS: dict[int, tuple[Pattern, list[cst.CSTNode]]] = {}  # the entry holds its pattern: its id stays its own


def _block_items(block: cst.CSTNode) -> tuple[list[cst.CSTNode], dict[int, int]]:
    """The block's `suite_items` and the position of each (by id). The module's are kept for
    the last module the document asked (document_caches.py): every site of a check under a
    sequence `pattern-inside` asks for them again, and a 10,000-line module holds a thousand
    statements."""
    kept_items: Slot[tuple[cst.CSTNode, list[cst.CSTNode], dict[int, int]]] = kept(_block_items, Slot)
    last = kept_items.value
    if last is not None and last[0] is block:
        return last[1], last[2]
    items = suite_items(block)
    positions: dict[int, int] = {}
    for number, item in enumerate(items):
        positions.setdefault(id(item), number)
    if isinstance(block, cst.Module):
        kept_items.value = (block, items, positions)
    return items, positions


def _apply_filters(filters: Sequence[Filter], site: Site, bindings: Bindings) -> Bindings | None:
    current: Bindings | None = bindings
    for item in filters:
        if current is None:
            return None
        if isinstance(item, RegexFilter):
            value = current.get(item.metavariable)
            if value is None:
                return None
            if item.exact is not None:
                if not _is_word(value, item.exact):
                    return None
                continue
            found = _regex_match(item.compiled, code_of(value))
            if found is None:
                return None
            current = _with_groups(current, found)
        elif isinstance(item, ComparisonFilter):
            values = {name: _constant(current.get(name), site) for name in item.comparison.metavariables}
            if not item.comparison.evaluate(values):
                return None
        else:
            current = _pattern_within(item, site, current)
    return current


def _is_word(value: object, words: frozenset[str]) -> bool:
    """Whether bound code is one of `words` (identifiers): only a bare name can be one."""
    return type(value) is cst.Name and not value.lpar and value.value in words  # type: ignore[attr-defined]


def _regex_match(compiled: object, text: str) -> regex.Match[str] | None:
    """The match of a rule's regex (kept: the editor asks again for the same code on every
    keystroke in a function, and a match under a timeout costs 5-50 times more than without).
    Kept per document (document_caches.py), since a match holds the document's code."""
    return kept(_regex_match, _regex_memo)(compiled, text)


def _regex_memo() -> Callable[[object, str], "regex.Match[str] | None"]:
    """A document's memo of matches, least recently used dropped first."""
    return lru_cache(maxsize=4096)(_timed_match)


def _timed_match(compiled: object, text: str) -> regex.Match[str] | None:
    try:
        return compiled.match(text, timeout=REGEX_TIMEOUT_S)  # type: ignore[attr-defined,no-any-return]
    except TimeoutError:
        return None


def _regex_matches(compiled: object, text: str) -> bool:
    return _regex_match(compiled, text) is not None


_GROUP_METAVAR = regex.compile(r"[A-Z_][A-Z0-9_]*")


def _with_groups(bindings: Bindings, found: regex.Match[str]) -> Bindings:
    """Named groups in upper case (`(?P<REST>...)`) bind `$REST` to the text they matched, as in
    Semgrep, so a fix template can reuse part of a literal. An optional group that took no part
    binds empty text; a metavariable bound already keeps its code."""
    groups = {
        metavar_placeholder("$" + name): text or ""
        for name, text in found.groupdict().items()
        if _GROUP_METAVAR.fullmatch(name) and metavar_placeholder("$" + name) not in bindings
    }
    return {**bindings, **groups} if groups else bindings


def _constant(value: object, site: Site) -> object:
    if isinstance(value, cst.CSTNode):
        constant = site.resolver.const_value(value, site.scope)
        return None if constant is NOT_CONST else constant
    return None


def _pattern_within(item: PatternFilter, site: Site, bindings: Bindings) -> Bindings | None:
    value = bindings.get(item.metavariable)
    if not isinstance(value, cst.CSTNode):
        return None
    stack: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = [(value, list(site.ancestors))]
    while stack:
        node, ancestors = stack.pop()
        inner = Site(node, ancestors, site.resolver, site.matcher)
        results = evaluate(item.formula, inner, bindings)
        if results:
            return results[0]
        children = list(child_nodes(node))
        stack.extend((child, ancestors + [node]) for child in reversed(children))
    return None
