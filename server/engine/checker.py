"""Check a LibCST tree against compiled rules in one walk.

Rules are indexed by what can start their match (a callee's qualified name, a method name, a
node type), so each node of the tree is looked at once and only by the rules that could match
it. Positions are computed only when something matched.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, replace
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence

import libcst as cst
from libcst.metadata import CodePosition, CodeRange

from .document_caches import keep_by_node, kept, kept_by_node
from .fixes import FixTexts, render_fix
from .formula import Site, code_of, evaluate
from .matcher import Bindings, Matcher, child_nodes, descendants, subclass_of
from .model import Finding, Position, RuleInfo, Span
from .node_homes import NodeHomes
from .patterns import ANY_KEY, STRING_KEY, STRING_NODE_TYPES, IndexKey, metavar_placeholder, subscript_keys, target_may_hold, unpacks_keywords
from .positions import node_ranges, statement_ranges
from .refinement import CleanSinks, refine
from .resolver import Resolver, Scope, all_params
from .rule_loader import Rule
from .taint import report as taint_report
from .taint.analyzer import TaintAnalyzer, TaintHit, TaintOptions

_MESSAGE_METAVAR = re.compile(r"\$\.\.\.[A-Z_][A-Z0-9_]*|\$[A-Z_][A-Z0-9_]*")


class RuleIndex:
    """Which rules may match a node, by the node's type and (for calls) its callee."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.taint_rules = {rule.id: rule for rule in self.rules if rule.taint is not None}  # in order: asked per function checked, not read from every rule
        self._order = {rule.id: index for index, rule in enumerate(self.rules)}
        self.by_callee: dict[str, list[Rule]] = {}
        self.by_method: dict[tuple[str, str], list[Rule]] = {}
        self.by_keyword: dict[tuple[str, str], list[Rule]] = {}  # (node type, a keyword passed or a parameter defined)
        self.by_prefix: dict[str, list[Rule]] = {}
        self.by_target_words: list[tuple[str, frozenset[str], Rule]] = []  # (Assign or AnnAssign, words, rule)
        self.by_name: dict[str, list[Rule]] = {}  # dotted names (`ssl.CERT_NONE`) as patterns
        self.by_type: dict[str, list[Rule]] = {}
        self.double_star: list[Rule] = []  # calls of any callee passing `**$X` (IndexKey.double_star)
        self.anywhere: list[Rule] = []
        for rule in self.rules:
            for key in dict.fromkeys(rule.keys):
                self._add(rule, key)
        # An attribute's qualified name ends with its own name (resolver.qualified_name): only
        # one ending like a dotted-name pattern's can match it.
        self.name_ends = frozenset(name.rsplit(".", 1)[-1] for name in self.by_name)
        self._starts: dict[type, bool] = {}

    def narrowed(self, keep: Callable[[Rule], bool]) -> RuleIndex:
        """The index of the rules `keep` keeps, in the same order. A check whose `enabled`
        allows no other rule finds the same matches with it (the candidates it tries are the
        same, in the same order), without building the others' candidates at every node nor
        resolving the names only their keys needed: a document's text allows a few of the
        built-in rules (prefilter.py), and at first open of 10,031 lines the walk over the
        whole index cost ~40% of the check."""
        return RuleIndex(rule for rule in self.rules if keep(rule))

    def may_start(self, kind: type) -> bool:
        """Whether some rule may start a match at a node of this type (else it has no candidates)."""
        known = self._starts.get(kind)
        if known is None:
            known = self._starts[kind] = bool(
                self.by_type.get(kind.__name__)
                or (kind is cst.Call and (self.by_callee or self.by_prefix or self.double_star or any(k == "Call" for k, _ in (*self.by_method, *self.by_keyword))))
                or (kind is cst.FunctionDef and any(k == "FunctionDef" for k, _ in self.by_keyword))
                or (kind is cst.Assign and any(k == "Assign" for k, _ in (*self.by_method, *self.by_keyword)))
                or any(kind.__name__ == k for k, _, _ in self.by_target_words)
                or ((kind is cst.Name or kind is cst.Attribute) and self.by_name)
                or (self.anywhere and issubclass(kind, cst.BaseExpression))
            )
        return known

    def _add(self, rule: Rule, key: IndexKey | None) -> None:
        if key is None:
            _append(self.anywhere, rule)  # a bare metavariable: any expression
        elif key.node_type == STRING_KEY:
            for node_type in STRING_NODE_TYPES:
                _append(self.by_type.setdefault(node_type, []), rule)
        elif key.words is not None:
            self.by_target_words.append((key.node_type, key.words, rule))
        elif key.callee is not None:
            bucket = self.by_callee if key.node_type == "Call" else self.by_name
            _append(bucket.setdefault(key.callee, []), rule)
        elif key.method is not None:
            _append(self.by_method.setdefault((key.node_type, key.method), []), rule)
        elif key.keyword is not None:
            _append(self.by_keyword.setdefault((key.node_type, key.keyword), []), rule)
        elif key.prefix is not None:
            _append(self.by_prefix.setdefault(key.prefix, []), rule)
        elif key.double_star:
            _append(self.double_star, rule)
        else:
            _append(self.by_type.setdefault(key.node_type, []), rule)

    def candidates(self, node: cst.CSTNode, name: str | None) -> list[Rule]:
        """`name` is the qualified name of a call's callee, or of a Name/Attribute node."""
        kind = type(node)
        found: list[Rule] = list(self.by_type.get(kind.__name__, ()))
        if kind is cst.Call:
            if name is not None:
                found.extend(self.by_callee.get(name, ()))
                if self.by_prefix and "." in name:
                    found.extend(self.by_prefix.get(name.rsplit(".", 1)[0], ()))
            if type(node.func) is cst.Attribute:  # type: ignore[attr-defined]
                found.extend(self.by_method.get(("Call", node.func.attr.value), ()))  # type: ignore[attr-defined]
            if self.by_keyword:
                for arg in node.args:  # type: ignore[attr-defined]
                    if arg.keyword is not None:
                        found.extend(self.by_keyword.get(("Call", arg.keyword.value), ()))
            if self.double_star and unpacks_keywords(node):  # type: ignore[arg-type]
                found.extend(self.double_star)
        elif kind is cst.FunctionDef:
            if self.by_keyword:
                for param in all_params(node.params):  # type: ignore[attr-defined]
                    found.extend(self.by_keyword.get(("FunctionDef", param.name.value), ()))
        elif kind is cst.Assign:
            for target in node.targets:  # type: ignore[attr-defined]
                if type(target.target) is cst.Attribute:
                    found.extend(self.by_method.get(("Assign", target.target.attr.value), ()))
            keys = subscript_keys(node) if self.by_keyword else ()  # type: ignore[arg-type]
            if keys:  # `config["DEBUG"] = ...`; a key that is no literal may be any
                found.extend(
                    rule for (node_type, keyword), rules in self.by_keyword.items()
                    if node_type == "Assign" and (keyword in keys or ANY_KEY in keys) for rule in rules
                )
            found.extend(self._by_target(node))  # type: ignore[arg-type]
        elif kind is cst.AnnAssign:
            found.extend(self._by_target(node))  # type: ignore[arg-type]
        elif name is not None:
            found.extend(self.by_name.get(name, ()))
        if self.anywhere and subclass_of(kind, cst.BaseExpression):
            found.extend(self.anywhere)
        if len(found) < 2:
            return found
        unique = {rule.id: rule for rule in found}
        return sorted(unique.values(), key=lambda rule: self._order[rule.id])

    def _by_target(self, node: cst.Assign | cst.AnnAssign) -> Iterator[Rule]:
        """The rules assigning to a metavariable whose regex needs a word the target may hold."""
        kind = type(node).__name__
        return (rule for node_type, words, rule in self.by_target_words if node_type == kind and target_may_hold(node, words))


def _append(bucket: list[Rule], rule: Rule) -> None:
    if rule not in bucket:
        bucket.append(rule)


@dataclass
class Match:
    """A rule matched at a node: what to report, before positions are known."""

    rule: Rule
    bindings: Bindings
    focus: cst.CSTNode
    statement: cst.CSTNode | None
    context: str  # enclosing class/function names, for fingerprints
    scope: Scope
    top: cst.CSTNode  # the top-level statement holding the match
    ancestors: Sequence[cst.CSTNode] = ()  # the nodes enclosing the match, outermost first


@dataclass
class CheckResult:
    findings: list[Finding]
    failed_rules: dict[str, str]  # rule id -> error text, for rules that raised
    placed_statements: int = 0  # statements whose code was generated to place findings (not kept: `_placed_ranges`)
    index_names: int = 0  # callees and dotted names resolved to find a node's candidate rules
    fix_renders: int = 0  # fixes whose text was rendered (not kept from an earlier check: fixes.FixTexts)
    matches_tried: int = 0  # patterns and statement runs the matcher tried (Matcher.tried)


RuleEnabled = Callable[[RuleInfo], bool]

# Where a statement inside a part starts: given a match's ancestors (outermost first) and its
# statement, the innermost of them directly in an indented block whose first line (0-based,
# in the document) and indentation the caller knows.
Placed = Callable[[Sequence[cst.CSTNode]], tuple[cst.BaseStatement, int, str] | None]
Home = tuple[cst.CSTNode, int, Callable[[], cst.Module]]  # a top-level statement, the line offset of a module holding it alone, that module's builder


def check_tree(
    module: cst.Module,
    module_scope: Scope,
    index: RuleIndex,
    *,
    path: str,
    import_line: int,
    line_offset: int = 0,
    enabled: RuleEnabled | None = None,
    severity_of: Callable[[RuleInfo], object] | None = None,
    part: cst.CSTNode | None = None,
    part_module: cst.Module | None = None,
    part_class: cst.ClassDef | None = None,
    parts: Mapping[int, tuple[cst.Module, int]] | None = None,
    elsewhere: Callable[[], Iterable[Home]] | None = None,
    homes: NodeHomes | None = None,
    part_ancestors: Sequence[cst.CSTNode] | None = None,
    taint: TaintAnalyzer | None = None,
    taint_options: TaintOptions = TaintOptions(),
    words: Collection[str] | None = None,
    reads_input: bool = True,
    resolver: Resolver | None = None,
    placed: Placed | None = None,
) -> CheckResult:
    """Findings of the enabled rules in `module` (a whole file, or one unit of it).

    `module_scope` holds the names of the whole document (a unit alone does not see the
    imports at the top of the file); `line_offset` shifts a unit's lines to the document's.
    `part` (a top-level statement of `module`, or a member of a top-level class) limits the
    walk to that statement while rules still see its real ancestors and siblings; its
    positions then come from `part_module`, the small module it was parsed in. `part_class`
    is the top-level class holding `part` (None for a top-level statement). `parts` maps
    each top-level statement (by id) to a module holding just it and that module's line
    offset, so that positions are computed from the statements with findings only.
    `elsewhere` gives on demand for a `part` each top-level statement with its offset and how
    to build its module (`Home`): a node outside the part (a data-flow step in a function the
    part calls, a focus in a constant the pattern looked through) takes its range from the
    top-level statement holding it, whose module alone is built; `homes`, the document's index of
    which statement holds a node, finds that statement without walking the others again.
    `part_ancestors` (module first) place a `part` nested deeper than a class member. `taint`
    runs the taint rules over each function met on the walk; `words`, the identifiers of the
    whole text when the caller knows them, spare it a walk to see whether the text reads input;
    `reads_input` False (no code of the text holds a source) spares it the flows, which cannot
    start anywhere, while pattern rules still yield to it where they may (refinement.py).
    `resolver` (over `module_scope`) shares the function scopes already built for this tree
    with the caller's other work on it (the source gate's walk). `placed` (a `part`'s caller
    knowing where its inner statements are) lets a finding's positions come from the
    statement holding it alone (`_placed_ranges`).
    """
    if resolver is None or resolver.module is not module_scope:
        resolver = Resolver(module_scope)
    matcher = Matcher(resolver)
    failed: dict[str, str] = {}
    matches: list[Match] = []
    seen: set[tuple[str, int]] = set()
    allowed: dict[str, bool] = {}  # rule id -> enabled here, asked once per rule
    functions: list[tuple[cst.FunctionDef, list[cst.CSTNode], Scope, str]] = []
    named = 0  # names resolved to look up the rules that may start a match (CheckResult.index_names)
    for node, ancestors, scope, context, statement in _walk(module, resolver, part, part_class, part_ancestors):
        kind = type(node)
        if kind is cst.FunctionDef and taint is not None:
            functions.append((node, ancestors, scope, context))  # type: ignore[arg-type]
        if not index.may_start(kind):
            continue
        if kind is cst.Call:
            callee = resolver.index_name(node.func, scope)  # type: ignore[attr-defined]
            named += 1
        elif index.by_name and (kind is cst.Name or (kind is cst.Attribute and node.attr.value in index.name_ends)) and _is_reference(node, ancestors[-1]):  # type: ignore[attr-defined]
            callee = resolver.index_name(node, scope)
            named += 1
        else:
            callee = None
        for rule in index.candidates(node, callee):
            ok = allowed.get(rule.id)
            if ok is None:
                ok = allowed[rule.id] = enabled is None or enabled(rule.info)
            if not ok or rule.id in failed:
                continue
            site = Site(node, ancestors, resolver, matcher, scope, callee or "")
            try:
                results = evaluate(rule.formula, site, {})
            except RecursionError:
                failed[rule.id] = "code too deeply nested for this rule"
                continue
            except Exception as error:  # a broken rule must not stop the others
                failed[rule.id] = f"{type(error).__name__}: {error}"
                continue
            for bindings in results:
                focus = _focus(rule, bindings, node)
                key = (rule.id, id(focus))
                if key in seen:
                    continue
                seen.add(key)
                top = ancestors[1] if len(ancestors) > 1 else node
                matches.append(Match(rule, bindings, focus, statement, context, scope, top, ancestors))
    flows: list[tuple[Match, TaintHit]] = []
    covered: dict[int, list[Match]] = {}
    if functions and taint is not None:
        analyzer = taint.with_sources(taint_options.sources)
        try:
            if reads_input:
                flows = _taint_matches(functions, module, resolver, index, taint, taint_options, enabled, failed, words)
            if matches:  # one sink, one finding: pattern rules yield to the taint rules refining them
                checked = [(function, ancestors) for function, ancestors, _, _ in functions]
                active = set(_active_taint(index, enabled, failed))
                refined = refine(matches, flows, checked, active, _clean_sinks(analyzer, resolver, module, taint_options))
                matches, covered = refined.kept, refined.covered
        finally:
            analyzer.end_check()
    if not matches and not flows:
        return CheckResult([], failed, index_names=named, matches_tried=matcher.tried)
    texts = kept(FixTexts, FixTexts)
    rendered = texts.rendered
    if parts is not None and not flows:
        findings: list[Finding] = []
        for top_id, group in itertools.groupby(matches, key=lambda m: id(m.top)):
            group_matches = list(group)
            part_of_top, offset = parts[top_id]
            positions = node_ranges(part_of_top, _position_targets(group_matches))
            foci = [m.focus for m in group_matches if id(m.focus) not in positions]
            positions.update(_ranges_elsewhere(foci, _homes_of(parts), offset))
            findings.extend(_finding(m, positions, path, import_line, offset, severity_of, texts) for m in group_matches)
        return CheckResult(findings, failed, index_names=named, fix_renders=texts.rendered - rendered, matches_tried=matcher.tried)
    # Data-flow paths may cross top-level statements: positions from the whole tree.
    stood_for = [m for group in covered.values() for m in group]
    placing = matches + [m for m, _ in flows] + stood_for
    steps = [node for _, flow in flows for node in _path_nodes(flow)]  # the source too: it may lie in a callee
    positions, generated = {}, 0
    if placed is not None and part_module is not None:
        placings = [(_chain_of(m), list(_position_targets([m]))) for m in placing]
        if part is not None:  # the steps in the part, as the matches (not its whole code up to them)
            placings.extend((chain, [node]) for node, chain in _chains(part, steps))
        positions, generated = _placed_ranges(placings, placed, part_module, line_offset)
    targets = [*_position_targets(placing), *steps]
    positions.update(node_ranges(part_module or module, [node for node in targets if id(node) not in positions]))
    foci = [m.focus for m in placing]
    missing = [node for node in foci + steps if id(node) not in positions]
    if missing and part_module is not None and elsewhere is not None:
        positions.update(_ranges_elsewhere(missing, elsewhere(), line_offset, homes))
    findings = [_finding(m, positions, path, import_line, line_offset, severity_of, texts) for m in matches]
    for number, (match, flow) in enumerate(flows):
        if id(match.focus) in positions:
            finding = _taint_finding(match, flow, positions, path, import_line, line_offset, severity_of, resolver, texts)
            patterns = [_finding(m, positions, path, import_line, line_offset, severity_of, texts) for m in covered.get(number, ())]
            findings.append(_standing_for(finding, patterns))
    return CheckResult(findings, failed, generated, named, texts.rendered - rendered, matcher.tried)


def _active_taint(index: RuleIndex, enabled: RuleEnabled | None, failed: Collection[str] = ()) -> list[str]:
    """The taint rules enabled for this module (and not failed on it)."""
    return [rule_id for rule_id, rule in index.taint_rules.items() if rule_id not in failed and (enabled is None or enabled(rule.info))]


def _clean_sinks(analyzer: TaintAnalyzer, resolver: Resolver, module: cst.Module, options: TaintOptions) -> CleanSinks:
    """Strict mode's verdict per function and taint rule, for refinement.py."""

    def clean_sinks(function: cst.FunctionDef, ancestors: list[cst.CSTNode], rule_id: str) -> list[cst.CSTNode]:
        try:
            return analyzer.strictly_clean(function, ancestors, resolver, module, rule_id, options)
        except Exception:  # an engine error proves nothing: the pattern finding stays
            return []

    return clean_sinks


def _standing_for(finding: Finding, patterns: list[Finding]) -> Finding:
    """A taint finding that also stands for pattern findings at its sink: it answers to their
    ids and, lacking a fix of its own, offers theirs."""
    if not patterns:
        return finding
    covers = tuple(sorted({p.rule_id for p in patterns}))
    if finding.fix is not None:
        return replace(finding, covers=covers)
    donor = next((p for p in patterns if p.fix is not None), finding)
    return replace(finding, covers=covers, fix=donor.fix, alternatives=donor.alternatives)


def _taint_matches(
    functions: list[tuple[cst.FunctionDef, list[cst.CSTNode], Scope, str]],
    module: cst.Module,
    resolver: Resolver,
    index: RuleIndex,
    taint: TaintAnalyzer,
    options: TaintOptions,
    enabled: RuleEnabled | None,
    failed: dict[str, str],
    words: Collection[str] | None,
) -> list[tuple[Match, TaintHit]]:
    """The taint rules' findings in each function, one per rule and sink."""
    rules = index.taint_rules
    active = _active_taint(index, enabled)
    if not active:
        return []
    analyzer = taint.with_sources(options.sources)
    narrowed = analyzer.narrowed(words)
    found: list[tuple[Match, TaintHit]] = []
    seen: set[tuple[str, int]] = set()
    for function, ancestors, scope, context in functions:
        try:
            hits = analyzer.analyze(function, ancestors, resolver, module, active, options, words, narrowed)
        except RecursionError:
            continue
        except Exception as error:  # a broken rule or an engine bug must not stop the others
            for rule_id in active:
                failed.setdefault(rule_id, f"{type(error).__name__}: {error}")
            continue
        for flow in hits:
            key = (flow.rule_id, id(flow.hit.sink.node))
            if key in seen:
                continue
            seen.add(key)
            top = ancestors[1] if len(ancestors) > 1 else function
            match = Match(rules[flow.rule_id], {}, flow.hit.sink.node, flow.hit.sink.statement, context, scope, top)
            found.append((match, flow))
    return found


def _path_nodes(flow: TaintHit) -> Iterator[cst.CSTNode]:
    trace = taint_report.best_trace(flow.hit.taint)
    yield trace.origin.node
    for step in trace.steps:
        yield step.node


def _taint_finding(
    match: Match,
    flow: TaintHit,
    positions: Mapping[int, CodeRange],
    path: str,
    import_line: int,
    line_offset: int,
    severity_of: Callable[[RuleInfo], object] | None,
    resolver: Resolver,
    texts: FixTexts,
) -> Finding:
    """A taint rule's finding: the message names source and sink, `related` holds the path."""
    finding = _finding(match, positions, path, import_line, line_offset, severity_of, texts)
    trace = taint_report.best_trace(flow.hit.taint)
    node = flow.hit.sink.node

    def span_of(target: cst.CSTNode) -> Span | None:
        found = positions.get(id(target))
        return _span(found, line_offset) if found is not None else None

    source = span_of(trace.origin.node)
    qualified = resolver.qualified_name(node.func, match.scope) if isinstance(node, cst.Call) else None
    sink = taint_report.sink_label(flow.hit.sink, qualified)
    return replace(
        finding,
        message=taint_report.message(trace, source.start.line if source else None, sink, finding.message),
        confidence=taint_report.confidence(finding.confidence, trace),
        related=taint_report.path(trace, sink, finding.span, span_of),
    )


def _ranges_elsewhere(missing: Sequence[cst.CSTNode], statements: Iterable[Home], offset: int, homes: NodeHomes | None = None) -> dict[int, CodeRange]:
    """Ranges of nodes that lie outside the top-level statement whose positions place a
    finding (a constant the pattern looked through: `options=SKIP` in a function, `SKIP =
    {"verify_signature": False}` above it; a data-flow step inside a called function), from
    the statement holding each, in the finding's line coordinates (`offset`). `homes` (kept
    per document) knows the statements' nodes from earlier look-ups; without it, each
    statement before the holder is walked. Only the holders' modules are built (~7 ms for
    all 1,267 statements of a 5,002-line file)."""
    found: dict[int, CodeRange] = {}
    statements = list(statements)
    if homes is not None:
        homes.keep_only({id(statement): statement for statement, _, _ in statements})
    for statement, part_offset, module_of in statements:
        if not missing:
            break
        wanted = {id(node) for node in missing}
        held = homes.held(statement, wanted) if homes is not None else _found_in(statement, wanted)
        inside = [node for node in missing if id(node) in held]
        if not inside:
            continue
        delta = part_offset - offset
        for key, where in node_ranges(module_of(), inside).items():
            found[key] = CodeRange(CodePosition(where.start.line + delta, where.start.column), CodePosition(where.end.line + delta, where.end.column))
        missing = [node for node in missing if id(node) not in found]
    return found


def _homes_of(parts: Mapping[int, tuple[cst.Module, int]]) -> Iterator[Home]:
    """Modules built already (check_tree's `parts`), as `_ranges_elsewhere` takes them."""
    for part, offset in parts.values():
        yield part.body[0], offset, lambda part=part: part  # type: ignore[misc]


def _placed_ranges(
    placings: Iterable[tuple[Sequence[cst.CSTNode], Sequence[cst.CSTNode]]], placed: Placed, module: cst.Module, line_offset: int
) -> tuple[dict[int, CodeRange], int]:
    """Ranges of targets (each given with the nodes enclosing where they lie: a match's
    ancestors and statement, a data-flow step's chain from the part), each group generated
    from the innermost statement of its chain that `placed` knows the place of, not from the
    part's first line, with how many statements were generated (those not kept:
    `_kept_ranges`). A target outside that statement (a constant the pattern looked
    through) is left to the caller."""
    groups: dict[int, tuple[cst.BaseStatement, int, str, list[cst.CSTNode]]] = {}
    for chain, targets in placings:
        where = placed(chain)
        if where is not None:
            statement, line, indent = where
            groups.setdefault(id(statement), (statement, line - line_offset + 1, indent, []))[3].extend(targets)
    found: dict[int, CodeRange] = {}
    generated = 0
    for statement, line, indent, targets in groups.values():
        wanted = frozenset(map(id, targets))
        place = (line, indent, module.default_indent, module.default_newline, wanted)
        kept = kept_by_node(_kept_ranges, statement, _RANGES_KEPT)
        ranges = kept.get(place)
        if ranges is None:
            code: list[str] = []
            ranges = kept[place] = statement_ranges(statement, line, indent, module, targets, code)
            generated += 1
            if code and id(statement) in wanted:  # generated whole: its fingerprint's code too
                keep_by_node(_fingerprint_code, statement, _one_line("".join(code)), _CODES_KEPT)
        found.update(ranges)
    return found, generated


def _chain_of(match: Match) -> Sequence[cst.CSTNode]:
    """The nodes enclosing a match, its statement last."""
    return [*match.ancestors, match.statement] if match.statement is not None else match.ancestors


def _chains(root: cst.CSTNode, nodes: Sequence[cst.CSTNode]) -> Iterator[tuple[cst.CSTNode, list[cst.CSTNode]]]:
    """Each of `nodes` that `root` holds, with the nodes from `root` down to it (both ends
    included): a data-flow step in the part checked (its source, an assignment it went
    through) is placed from the innermost statement holding it, as a match is, where the
    part's code generated from its first line up to the step cost more (`_placed_ranges`).
    One walk of `root`, stopped once all are found."""
    wanted = {id(node) for node in nodes}
    path: list[cst.CSTNode] = []
    stack = [(root, 0)]
    while stack and wanted:
        node, depth = stack.pop()
        del path[depth:]
        path.append(node)
        if id(node) in wanted:
            wanted.discard(id(node))
            yield node, list(path)
        stack.extend((child, depth + 1) for child in child_nodes(node))


_RANGES_KEPT = 256  # statements whose ranges are kept per document (each holds its node): dropped all at once past it


def _kept_ranges(statement: cst.CSTNode) -> dict[tuple[object, ...], dict[int, CodeRange]]:
    """The ranges generated inside `statement`, by where it starts and which targets were
    wanted: a keystroke in a function checked whole keeps the nodes of the statements it did
    not touch, and their findings' ranges from the same first line and indentation are those
    generated last time (a node is immutable, and a target held by the statement keeps its
    id; a target outside it is placed by the caller either way). Filled by `_placed_ranges`."""
    return {}


def _found_in(node: cst.CSTNode, wanted: Collection[int]) -> set[int]:
    """The ids among `wanted` of `node` and its descendants (a walk, stopped once all are
    found: far cheaper than the render that places them)."""
    found: set[int] = set()
    if not wanted:
        return found
    for current in descendants(node):
        if id(current) in wanted:
            found.add(id(current))
            if len(found) == len(wanted):
                break
    return found


def _position_targets(matches: Iterable[Match]) -> Iterator[cst.CSTNode]:
    """The nodes whose ranges findings need: the match, its statement, the body's start."""
    for match in matches:
        yield match.focus
        statement = match.statement
        if statement is not None:
            yield statement
            body = getattr(statement, "body", None)
            if isinstance(statement, cst.BaseCompoundStatement) and isinstance(body, cst.IndentedBlock) and body.body:
                yield body.body[0]


def _focus(rule: Rule, bindings: Bindings, node: cst.CSTNode) -> cst.CSTNode:
    formula = rule.formula
    for name in getattr(formula, "focus", ()):
        value = bindings.get(name)
        if isinstance(value, cst.CSTNode):
            return value
    return node


_Frame = tuple[cst.CSTNode, list[cst.CSTNode], Scope, str, "cst.CSTNode | None"]


def _walk(
    module: cst.Module, resolver: Resolver, part: cst.CSTNode | None = None, part_class: cst.ClassDef | None = None,
    part_ancestors: Sequence[cst.CSTNode] | None = None,
) -> Iterable[_Frame]:
    """Every node with its ancestors, scope, enclosing names and innermost statement.

    Iterative (no recursion), so deeply nested code cannot overflow the stack here. Function
    scopes come from `resolver`, so the data flow over the same functions reuses them.
    """
    module_scope = resolver.module
    stack: list[tuple[cst.CSTNode, list[cst.CSTNode], Scope, str, cst.CSTNode | None]]
    if part is None:
        stack = [(child, [module], module_scope, "", None) for child in reversed(module.body)]
    elif part_ancestors is not None:
        stack = [_nested_frame(resolver, part, part_ancestors)]
    else:
        stack = [_part_frame(module, module_scope, part, part_class)]
    while stack:
        node, ancestors, scope, context, statement = stack.pop()
        kind = type(node)
        if _is_statement(kind, node):
            statement = node
        yield node, ancestors, scope, context, statement
        children = list(child_nodes(node))
        if not children:
            continue
        inner_ancestors = ancestors + [node]
        if kind is cst.FunctionDef or kind is cst.Lambda:
            inner = resolver.function_scope(node, scope)  # type: ignore[arg-type]
            if kind is cst.FunctionDef:
                context = f"{context}.{node.name.value}" if context else node.name.value  # type: ignore[attr-defined]
            # Decorators, defaults and annotations belong to the outer scope; the body to the inner.
            inside = (getattr(node, "body", None), node.params)  # type: ignore[attr-defined]
            for child in reversed(children):
                stack.append((child, inner_ancestors, inner if child is inside[0] or child is inside[1] else scope, context, statement))
            continue
        if kind is cst.ClassDef:
            context = f"{context}.{node.name.value}" if context else node.name.value  # type: ignore[attr-defined]
        stack.extend((child, inner_ancestors, scope, context, statement) for child in reversed(children))


_DEFINING_PARENTS = (cst.FunctionDef, cst.ClassDef, cst.Param)
_DECLARING_PARENTS = (cst.ImportAlias, cst.AsName, cst.Import, cst.ImportFrom, *_DEFINING_PARENTS)


def _is_reference(node: cst.CSTNode, parent: cst.CSTNode) -> bool:
    """A name that is looked up, not one being imported, defined or used as an attribute."""
    kind = type(parent)
    if subclass_of(kind, _DECLARING_PARENTS):  # once per type: LibCST's ABC checks are slow
        return subclass_of(kind, _DEFINING_PARENTS) and node is not getattr(parent, "name", None)
    return not (type(parent) is cst.Attribute and node is parent.attr)  # type: ignore[attr-defined]


_STATEMENT_CLASSES: dict[type, bool] = {}


def _is_statement(kind: type, node: cst.CSTNode) -> bool:
    known = _STATEMENT_CLASSES.get(kind)
    if known is None:
        # A decorator counts as a statement: a suppression on its line covers what it reports.
        known = _STATEMENT_CLASSES[kind] = isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement, cst.Decorator))
    return known


def _part_frame(module: cst.Module, module_scope: Scope, part: cst.CSTNode, part_class: cst.ClassDef | None) -> _Frame:
    """The walk's starting frame for `part`: a top-level statement or a top-level class member."""
    if part_class is None:
        return part, [module], module_scope, "", None
    return part, [module, part_class, part_class.body], module_scope, part_class.name.value, part_class


def _nested_frame(resolver: Resolver, part: cst.CSTNode, ancestors: Sequence[cst.CSTNode]) -> _Frame:
    """The walk's starting frame for a statement inside blocks: the scope and enclosing names
    the walk would have reached it with."""
    scope, names, statement = resolver.module, [], None
    for index, node in enumerate(ancestors):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            names.append(node.name.value)
            inside = ancestors[index + 1] if index + 1 < len(ancestors) else part
            if isinstance(node, cst.FunctionDef) and inside is node.body:
                scope = resolver.function_scope(node, scope)
        if _is_statement(type(node), node):
            statement = node
    return part, list(ancestors), scope, ".".join(names), statement


def _span(code_range: CodeRange, line_offset: int) -> Span:
    return Span(
        Position(code_range.start.line + line_offset, code_range.start.column),
        Position(code_range.end.line + line_offset, code_range.end.column),
    )


def _statement_lines(
    statement: cst.CSTNode | None, positions: Mapping[int, CodeRange], line_offset: int, fallback: Span
) -> tuple[int, int]:
    """The lines a suppression comment may sit on: the statement, or a compound's header."""
    whole = positions.get(id(statement)) if statement is not None else None
    if whole is None:
        return fallback.start.line, fallback.end.line
    start, end = whole.start.line, whole.end.line
    body = getattr(statement, "body", None)
    if isinstance(statement, cst.BaseCompoundStatement) and isinstance(body, cst.IndentedBlock) and body.body:
        first = positions.get(id(body.body[0]))
        if first is not None:
            end = max(start, first.start.line - 1)
    return start + line_offset, end + line_offset


def _line_above(match: Match, positions: Mapping[int, CodeRange], line_offset: int) -> tuple[Position, str] | None:
    """Where a line inserted above the match's statement goes, with that statement's
    indentation, or None when the indentation cannot be told for sure (the statement does
    not start its line, or the blocks' indents do not add up to its column)."""
    whole = positions.get(id(match.statement)) if match.statement is not None else None
    if whole is None or not isinstance(match.statement, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return None
    default = match.ancestors[0].default_indent if match.ancestors and isinstance(match.ancestors[0], cst.Module) else "    "
    indent = "".join(
        (node.indent if node.indent is not None else default)
        for node in match.ancestors
        if isinstance(node, cst.IndentedBlock)
    )
    if len(indent) != whole.start.column:
        return None
    return Position(whole.start.line + line_offset, 0), indent


def _finding(
    match: Match,
    positions: Mapping[int, CodeRange],
    path: str,
    import_line: int,
    line_offset: int,
    severity_of: Callable[[RuleInfo], object] | None,
    texts: FixTexts,
) -> Finding:
    """`texts`: the fixes' texts kept for the document (fixes.FixTexts)."""
    info = match.rule.info
    span = _span(positions[id(match.focus)], line_offset)
    templates = info.fix_templates
    above = _line_above(match, positions, line_offset) if any(t.placement == "before-statement" for t in templates) else None
    fixes = [f for spec in templates if (f := render_fix(spec, match.bindings, span, match.scope, import_line, above, texts))]
    severity = severity_of(info) if severity_of is not None else info.severity
    return Finding(
        rule_id=info.id,
        message=render_message(info.message, match.bindings),
        severity=severity,  # type: ignore[arg-type]
        confidence=info.confidence,
        cwe=info.cwe,
        path=path,
        span=span,
        fingerprint=_fingerprint(info.id, match),
        fix=fixes[0] if fixes else None,
        alternatives=tuple(fixes[1:]),
        statement_lines=_statement_lines(match.statement, positions, line_offset, span),
    )


def render_message(message: str, bindings: Bindings) -> str:
    """Fill `$X` in a message with the bound code (one line, shortened)."""

    def substitute(found: re.Match[str]) -> str:
        value = bindings.get(metavar_placeholder(found.group(0)))
        if value is None:
            return found.group(0)
        text = " ".join(code_of(value).split())
        return text if len(text) <= 60 else text[:57] + "..."

    return _MESSAGE_METAVAR.sub(substitute, message)


def _fingerprint(rule_id: str, match: Match) -> str:
    """Stable across unrelated edits: the rule, the matched code and where it is defined.
    The code is kept by node (document_caches.kept_by_node): a check of the edited function
    finds again the findings of its statements the keystroke did not touch, whose code
    libcst would generate again."""
    statement = match.statement if isinstance(match.statement, cst.SimpleStatementLine) else match.focus
    code = kept_by_node(_fingerprint_code, statement, _CODES_KEPT)
    digest = hashlib.sha256(f"{rule_id}\0{code}\0{match.context}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]


_CODES_KEPT = 4096  # fingerprinted codes kept per document: dropped all at once past it


def _fingerprint_code(node: cst.CSTNode) -> str:
    """A matched statement's code (without the lines above it), or a focus's, on one line.
    A simple statement generated to place findings on its line (an edited one) has it from
    that generation already (`_placed_ranges`)."""
    return _one_line(code_of(node.with_changes(leading_lines=()) if isinstance(node, cst.SimpleStatementLine) else node))


def _one_line(code: str) -> str:
    return " ".join(code.split())
