"""The taint engine's entry point: index every part of every taint rule once, then, for a
function, collect its facts and run the flow of each rule whose sinks occur in it."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Collection, Mapping, Sequence

import libcst as cst

from ..document_caches import kept
from ..formula import index_keys, required_names
from ..matcher import child_nodes, encloses
from ..model import Confidence
from ..prefilter import TokenCounts
from ..resolver import Resolver
from ..rule_loader import text_marker
from .fact_memo import FactsMemo, KeptStatements
from .facts import PART_KINDS, Facts, Part, converted_parameters, function_nodes, part_info, parts_of
from .flow import FlowContext, FunctionFlow, Hit
from .gate import InputGate, attribute_names
from .known_imports import KnownImports
from .members import Members, method_of
from .piece_changes import replaced_pieces
from .project import project_for
from .spec import LOW_SOURCE_WORDS, SOURCE_WORDS, Source, TaintSpec, compile_sources, default_spec
from .summaries import ModuleLookup, Project, SummaryCache, Summarizer, same_file_lookup
from .values import Env, Origin, Trace, Val

if TYPE_CHECKING:
    from ..checker import RuleIndex


@dataclass(frozen=True)
class TaintOptions:
    """Settings from the config (low-confidence sources, the user's own sources) and, for
    summaries across modules, the project and the checked file's place in it."""

    low_confidence: bool = False
    sources: tuple[Source, ...] = ()
    project: Project | None = None
    file: Path | None = None

    def in_project(self, root: Path | None, file: Path) -> "TaintOptions":
        """These options for `file` of the project at `root` (None: no cross-module summaries)."""
        if root is None:
            return self
        return replace(self, project=project_for(root.resolve()), file=file.resolve())


@lru_cache(maxsize=64)
def taint_options(low_confidence: bool, sources: tuple[str, ...]) -> TaintOptions:
    """Options from the config's `taint-low-confidence-sources` and `taint-sources` (each
    source a JSON object with pattern/patterns/pattern-either and confidence/parameters/label).
    Raises RuleError for a source that does not compile."""
    items = [json.loads(source) for source in sources]
    return TaintOptions(low_confidence, compile_sources(items, "taint-sources"))


@dataclass(frozen=True)
class Narrowed:
    """The taint parts a text may hold: how to find them at a node, and which kinds of which
    rules (None: the shared parts) are among them."""

    candidates: Callable[[cst.CSTNode, str | None], list[Part]]
    kinds: frozenset[tuple[str | None, str]]
    key: str = "all"  # names the parts (summaries computed with other parts are cached apart)

    def holds(self, kind: str, active: Sequence[str]) -> bool:
        return (None, kind) in self.kinds or any((owner, kind) in self.kinds for owner in active)


@dataclass(frozen=True)
class ModuleInput:
    """Where a module's functions may get input from: a source match of its own (`sourced`),
    functions of the project's other modules it imports (`imports_project`); `words`: it
    names what the shared sources need (route parameters aside: the coarser test that
    decides whether other methods' attributes are followed, members.py)."""

    sourced: bool | None  # None: not looked for (it imports the project: input is possible)
    imports_project: bool | None  # None: not looked at (a piece still holds the source found before)
    words: bool

    @property
    def any(self) -> bool:
        """Some function may see input: without it, no taint finding is possible."""
        return bool(self.sourced) or bool(self.imports_project)

    @property
    def members(self) -> bool:
        """Other methods may leave input in an attribute (members.py)."""
        return self.any and self.words


@dataclass
class TaintHit:
    rule_id: str
    hit: Hit


class _Last:
    """What an analyzer keeps of the last module a document checked (document_caches.py)."""

    __slots__ = ("lookup", "input", "sourced", "source_words", "imports", "statements")

    def __init__(self) -> None:
        self.lookup: tuple[cst.Module, TaintOptions, ModuleLookup] | None = None
        self.input: tuple[cst.Module, Resolver, TaintOptions, ModuleInput] | None = None
        # The last module the source gate found a source in (asked without `sourceless`), and
        # the piece of it holding one (`_holds_source`).
        self.sourced: tuple[cst.Module, cst.CSTNode] | None = None
        self.source_words: dict[tuple[int, bool], tuple[cst.Module, bool]] = {}
        # The module's pieces and their imports at the last `module_input` (InputGate.imports):
        # a keystroke's data flow reads the imports of the pieces it replaced alone.
        self.imports = KnownImports()
        # The facts of the statements of the functions the last checks walked (fact_memo.py).
        self.statements = KeptStatements()


class TaintAnalyzer:
    """All taint rules of an engine, their parts indexed like pattern rules."""

    def __init__(self, specs: Sequence[tuple[str, TaintSpec]], extra_sources: tuple[Source, ...] = ()) -> None:
        self.specs = list(specs)
        self.own_sources = any(spec.sources for _, spec in specs)
        self.extra_sources = extra_sources
        self.cache = SummaryCache()
        self.members = Members()
        self._variants: dict[tuple[Source, ...], TaintAnalyzer] = {}
        self._checking = threading.local()  # per thread: the module and resolver checked, their FactsMemo
        self.walks = 0  # functions whose nodes the ended checks walked for facts (FactsMemo.walks), for tests
        self.walked_statements = 0  # body statements they walked anew (FactsMemo.statements), for tests
        owned: list[tuple[str | None, TaintSpec]] = [(None, default_spec()), *specs]
        if extra_sources:
            owned.append((None, TaintSpec(extra_sources, (), (), ())))
        self.parts, self.index = _indexed(owned)
        self._attributes = {rule_id: attribute_names(part.formula) for rule_id, part in self.parts.items()}  # see _parts_at
        self.kinds = frozenset((part.owner, part.kind) for part in self.parts.values())
        # The source parts as rules, to ask whether some words may hold a source (sparse parsing).
        self.source_rules = [rule for rule in self.index.rules if self.parts[rule.id].kind == "source"]
        self.gate = InputGate(self.source_rules, self.parts, [owner for owner, _ in owned])
        self._by_possible: dict[frozenset[str], Narrowed] = {}
        # Every word a part's requirements name: which of them a text holds decides its parts.
        self._part_words = frozenset(
            {name for rule in self.index.rules for clause in rule.requires for names in clause for name in names}
            | {text_marker(rule.id) for rule in self.index.rules if rule.requires_text is not None}
        )
        self._possible: dict[frozenset[str], frozenset[str]] = {}

    def candidates(self, node: cst.CSTNode, callee: str | None) -> list[Part]:
        return _parts_at(self.index, self.parts, self._attributes, node, callee)

    def narrowed(self, words: Collection[str] | None) -> "Narrowed":
        """The parts a text with these words may hold (all parts when the words are unknown);
        ask once per check of a text. Sound for the text's own functions only: a function of
        another module may use names this text does not, so its summary uses every part. An
        open document's words (TokenCounts) tell the parts' words they hold across edits."""
        if words is None:
            return Narrowed(self.candidates, self.kinds)
        present = words.held(self._part_words) if type(words) is TokenCounts else frozenset(filter(words.__contains__, self._part_words))
        possible = self._possible.get(present)
        if possible is None:  # asked per keystroke: the parts' few words decide, not the text's
            if len(self._possible) > 64:
                self._possible.clear()
            possible = self._possible[present] = frozenset(rule.id for rule in self.index.rules if rule.may_match(present))
        narrowed = self._by_possible.get(possible)
        if narrowed is None:
            narrowed = self._by_possible[possible] = self._narrowed_to(possible)
        return narrowed

    def _narrowed_to(self, possible: frozenset[str]) -> "Narrowed":
        from ..checker import RuleIndex  # the checker imports this module

        if len(possible) == len(self.parts):
            return Narrowed(self.candidates, self.kinds)
        if len(self._by_possible) > 64:
            self._by_possible.clear()
        parts, attributes = self.parts, self._attributes
        index = RuleIndex([rule for rule in self.index.rules if rule.id in possible])
        return Narrowed(
            lambda node, callee: _parts_at(index, parts, attributes, node, callee),
            frozenset((parts[rule_id].owner, parts[rule_id].kind) for rule_id in possible),
            hashlib.sha256("\0".join(sorted(possible)).encode()).hexdigest()[:16],
        )

    def with_sources(self, sources: tuple[Source, ...]) -> "TaintAnalyzer":
        """This analyzer with the user's sources added (built once per set of sources)."""
        if not sources:
            return self
        found = self._variants.get(sources)
        if found is None:
            found = self._variants[sources] = TaintAnalyzer(self.specs, sources)
        return found

    def may_read_input(self, words: Collection[str], options: TaintOptions) -> bool:
        """Whether a text with these identifiers may hold a source at all."""
        if options.sources or self.own_sources:
            return True
        return any(word in words for word in _input_words(options))

    def module_input(
        self, module: cst.Module, resolver: Resolver, options: TaintOptions, words: Collection[str] | None, sourceless: Mapping[int, cst.CSTNode] | None = None,
    ) -> "ModuleInput":
        """Where input may come from in the module (gate.py); found once per module checked.
        `sourceless`: pieces known to hold no source, not walked (InputGate.holds_source)."""
        kept_last = kept(self, _Last)
        last = kept_last.input
        if last is not None and last[0] is module and last[1] is resolver and last[2] is options:
            return last[3]
        words_allow = self._may_hold_sources(module, options, words)
        if sourceless is None and self._still_sourced(module, resolver, options, words, kept_last):
            found = ModuleInput(True, None, words_allow)  # input either way: the imports need no look
        else:
            kept_last.sourced = None
            project = options.project
            imports = project is not None and self.gate.imports_project(module, project, kept_last.imports)
            # The walk for a source match only matters when no project import allows input anyway.
            sourced = None if imports else self._holds_source(module, resolver, options, words, sourceless, kept_last)
            found = ModuleInput(sourced, imports, words_allow)
        kept_last.input = (module, resolver, options, found)
        return found

    def _still_sourced(self, module: cst.Module, resolver: Resolver, options: TaintOptions, words: Collection[str] | None, kept_last: _Last) -> bool:
        """Whether the piece that held a source in the last module the gate answered for is a
        piece of this one still (piece_changes.replaced_pieces: not one a keystroke replaced
        since) that the gate knows to hold one (InputGate.still_sourced): then the gate's
        answer is yes. At every keystroke in a function whose only input is a parameter or a
        low-confidence source, the gate looked up the pieces before that one, and the
        project's folders for the module's imports, to give the same answer."""
        last = kept_last.sourced
        if last is None:
            return False
        old, piece = last
        gone = replaced_pieces(old, module)[1] if old is not module else []
        if any(piece is other for other in gone) or not self.gate.still_sourced(piece, resolver, options.low_confidence, words):
            return False
        kept_last.sourced = (module, piece)  # the old module is not kept
        return True

    def _holds_source(
        self, module: cst.Module, resolver: Resolver, options: TaintOptions, words: Collection[str] | None, sourceless: Mapping[int, cst.CSTNode] | None, kept_last: _Last,
    ) -> bool:
        """gate.holds_source, keeping the piece it found a source in (`_still_sourced`)."""
        found: list[cst.CSTNode] = []
        sourced = self.gate.holds_source(module, resolver, options.low_confidence, words, sourceless, found=found)
        kept_last.sourced = (module, found[0]) if found and sourceless is None else None
        return sourced

    def _may_hold_sources(self, module: cst.Module, options: TaintOptions, words: Collection[str] | None) -> bool:
        """Whether any code of the module may read input (a name the default sources need);
        with the user's own sources, always. `words`, the text's identifiers when known,
        answer without walking the tree (the editor asks on every keystroke)."""
        if words is not None or options.sources or self.own_sources:
            return self.may_read_input(words or (), options)
        key = (id(module), options.low_confidence)
        source_words = kept(self, _Last).source_words
        cached = source_words.get(key)
        if cached is None or cached[0] is not module:
            cached = source_words[key] = (module, _mentions(module, _input_words(options)))
            if len(source_words) > 8:
                source_words.pop(next(iter(source_words)))
        return cached[1]

    def _gate_first(self) -> bool:
        """Whether `analyze` asks the source gate before a function's facts: unless the
        document's last module read input (a keystroke in a file of views reading
        `request`), where the edited function's own sources mostly answer without the gate
        (its look-up of every piece and of the project's folders, per keystroke)."""
        last = kept(self, _Last).input
        return last is None or not last[3].any

    def _members_input(self, module: cst.Module, resolver: Resolver, options: TaintOptions, words: Collection[str] | None, itself: bool) -> bool:
        """`module_input(...).members`; with input known in the function itself (so in the
        module), only whether the module names what the shared sources need."""
        if itself:
            return self._may_hold_sources(module, options, words)
        return self.module_input(module, resolver, options, words).members

    def _memo(self, module: cst.Module, resolver: Resolver) -> FactsMemo:
        """The facts memo of the check of `module` (check_tree makes a resolver per check):
        its functions' facts are collected once for its rules, summaries and strict mode."""
        last = getattr(self._checking, "last", None)
        if last is None or last[0] is not module or last[1] is not resolver:
            last = self._checking.last = (module, resolver, FactsMemo(kept(self, _Last).statements))
        return last[2]

    def end_check(self) -> None:
        """The check of a module is over: its facts memo goes now. Kept until the next check,
        a whole document's facts were freed on the first keystroke after it opened (10 ms at
        5,000 lines)."""
        last = getattr(self._checking, "last", None)
        if last is not None:
            self.walks += last[2].walks
            self.walked_statements += last[2].statements
            last[2].keep()
        self._checking.last = None

    def _lookup(self, module: cst.Module, options: TaintOptions) -> ModuleLookup:
        """The definitions of the module being checked, indexed once for all its functions."""
        kept_last = kept(self, _Last)
        last = kept_last.lookup
        if last is None or last[0] is not module or last[1] is not options:
            last = kept_last.lookup = (module, options, same_file_lookup(module, options.project, options.file))
        return last[2]

    def analyze(
        self,
        function: cst.FunctionDef,
        ancestors: list[cst.CSTNode],
        resolver: Resolver,
        module: cst.Module,
        active: Sequence[str],
        options: TaintOptions,
        words: Collection[str] | None = None,
        narrowed: "Narrowed | None" = None,
    ) -> list[TaintHit]:
        """The sinks reached by tainted data in `function`, for the rules in `active`.
        `narrowed`: `self.narrowed(words)`, when the caller checks several functions of a text."""
        if not active:
            return []
        # No input anywhere in the module or its project imports: no finding. Asked first
        # unless the document's last module read input; then the function's own sources
        # answer first (`_reads_input_itself`), and the gate only when they do not.
        gate_first = self._gate_first()
        if gate_first and not self.module_input(module, resolver, options, words).any:
            return []
        narrowed = narrowed or self.narrowed(words)
        candidates = narrowed.candidates
        lookup = self._lookup(module, options)
        known: list[bool] = []  # whether it calls a function with a summary, asked at most once

        def calls_known() -> bool:
            if not known:
                known.append(_calls_known_function(function, ancestors, resolver, lookup))
            return known[0]

        # Sinks and sources first (no walk for the kinds the text cannot hold), the rest only
        # while a hit remains possible: without a sink here, only input handed to a function
        # whose summary holds one can reach one.
        memo = self._memo(module, resolver)
        memo.text_parts = (candidates, narrowed.key)
        facts = Facts()
        first = [kind for kind in ("sink", "source") if narrowed.holds(kind, active)]
        if first:
            facts = memo.facts(function, ancestors, resolver, candidates, narrowed.key, active, first)
        local_input = bool(facts.sources or facts.parameters)
        if not facts.sinks and not local_input:
            return []
        itself = _reads_input_itself(facts, options)
        if itself:
            self.gate.note_sourced(function, ancestors, resolver, options.low_confidence)
        if not gate_first and not itself and not self.module_input(module, resolver, options, words).any:
            return []
        facts = memo.facts(function, ancestors, resolver, candidates, narrowed.key, active, (*first, *_OTHERS))
        owners = facts.sink_owners()
        inner = ancestors + [function]
        if not owners and local_input and calls_known():
            owners = list(active)  # input handed to a function whose summary may hold a sink
        if not owners:
            return []
        hits: list[TaintHit] = []
        for rule_id in owners:
            summarizer = Summarizer(rule_id, candidates, lookup, self.cache, options.low_confidence, self.candidates, narrowing=narrowed.key, memo=memo)
            context = FlowContext(rule_id, facts, resolver, resolver.scope_for(inner), options.low_confidence, summarizer.for_caller(resolver, inner))
            around = _Around(rule_id, resolver, candidates, narrowed.key, memo, summarizer, options.low_confidence)
            method = method_of(function, ancestors)
            if method is not None and self._members_input(module, resolver, options, words, itself):
                # Other methods can leave input in an attribute only when the module reads some.
                owner, above, context.self_name = method
                key = f"{rule_id}!low" if options.low_confidence else rule_id
                key_of = _method_keys(lookup, owner, resolver)
                context.members = self.members.reader(key, function, owner, above, context.self_name, around.exits, key_of)
            initial = {**around.enclosing(function, ancestors), **_parameters(function, facts.parameters, options.low_confidence)}
            flow = FunctionFlow(context, function, initial)
            flow.run()
            hits.extend(TaintHit(rule_id, hit) for hit in flow.hits.values() if any(t.origin.parameter is None for t in hit.taint))
        return hits

    def remembered(self) -> int:
        """How many functions the current document keeps what callers read of (seen.py)."""
        return len(self.cache.seen) + len(self.members.seen)

    def retain(self, live: Collection[cst.FunctionDef]) -> None:
        """Forget what callers read of the current document's functions not in `live`, and
        their summaries."""
        self.cache.seen.retain(live)
        self.cache.retain(live)
        self.members.seen.retain(live)

    def carry(self, old: cst.FunctionDef, new: cst.FunctionDef) -> bool:
        """An edit replaced `old` by `new`: what callers read of `old` is taken as read of
        `new`, to be compared (`changed_for_readers`); False when no caller read `old`."""
        return self.cache.seen.carry(old, new) | self.members.seen.carry(old, new)

    def read_by_callers(self, function: cst.FunctionDef) -> bool:
        """Whether a caller read something of the function (seen.py): else no comparison."""
        return bool(self.cache.seen.of(function) or self.members.seen.of(function))

    def changed_for_readers(
        self, function: cst.FunctionDef, owner: cst.ClassDef | None, module: cst.Module, resolver: Resolver, options: TaintOptions, words: Collection[str] | None,
    ) -> tuple[bool, frozenset[str]]:
        """Whether what callers read of a top-level function or method (`owner`: its class)
        changed since they read it (seen.py): its summaries, and the attributes whose value
        the method leaves (members.py) that differ. Compares only what some caller read; the
        values now are kept as what they read (the callers that read another are due)."""
        seen = self.cache.seen.of(function)
        left_seen = self.members.seen.of(function) if owner is not None else {}
        if not seen and not left_seen:
            return False, frozenset()
        lookup = self._lookup(module, options)
        definition = lookup.define(function, owner, resolver)
        narrowed = self.narrowed(words)
        memo = self._memo(module, resolver)
        changed = False
        for variant, before in seen.items():
            rule_id, strict, low_confidence = variant  # type: ignore[misc]
            candidates, parts = (memo.text_parts or (self.candidates, "all")) if strict else (narrowed.candidates, narrowed.key)
            summarizer = Summarizer(rule_id, candidates, lookup, self.cache, low_confidence, self.candidates, strict=strict, narrowing=parts, memo=memo)
            now = summarizer.summary(definition).read()
            if now != before:
                changed = True
                self.cache.seen.renew(function, variant, now)
        attributes: set[str] = set()
        method = method_of(function, definition.ancestors)
        for key, before in left_seen.items():
            if method is None or owner is None:  # no longer a method: it leaves no attribute now
                attributes |= set(before)  # type: ignore[arg-type]
                self.members.seen.renew(function, key, {})
                continue
            rule_id, _, low = str(key).partition("!")
            summarizer = Summarizer(rule_id, narrowed.candidates, lookup, self.cache, bool(low), self.candidates, narrowing=narrowed.key, memo=memo)
            around = _Around(rule_id, resolver, narrowed.candidates, narrowed.key, memo, summarizer, bool(low))
            now = self.members.left_by(str(key), function, definition.ancestors, method[2] + ".", around.exits, _method_keys(lookup, owner, resolver))
            differ = {attr for attr in before.keys() | now.keys() if before.get(attr) != now.get(attr)}  # type: ignore[attr-defined]
            if differ:
                attributes |= differ
                self.members.seen.renew(function, key, now)
        return changed, frozenset(attributes)

    def strictly_clean(
        self,
        function: cst.FunctionDef,
        ancestors: list[cst.CSTNode],
        resolver: Resolver,
        module: cst.Module,
        rule_id: str,
        options: TaintOptions,
    ) -> list[cst.CSTNode]:
        """The sinks of `rule_id` in `function` whose value is clean even when every parameter,
        non-constant global and data read from outside counts as tainted (strict mode): the
        sinks a pattern rule refined by `rule_id` need not report (see refinement.py)."""
        memo = self._memo(module, resolver)
        candidates, parts = memo.text_parts or (self.candidates, "all")
        facts = memo.facts(function, ancestors, resolver, candidates, parts, [rule_id])
        sinks = [hit.node for hit in facts.sinks if hit.owner == rule_id]
        if not sinks:
            return []
        inner = ancestors + [function]
        summarizer = Summarizer(rule_id, self.candidates, self._lookup(module, options), self.cache, True, strict=True, memo=memo)
        context = FlowContext(rule_id, facts, resolver, resolver.scope_for(inner), True, summarizer.for_caller(resolver, inner), strict=True)
        flow = FunctionFlow(context, function, _strict_parameters(function))
        flow.run()
        # Clean: evaluated on every path it is reached and never tainted, or in a dead branch.
        # A sink the walk did not evaluate (in a lambda, after an exit) stays unproven.
        return [
            node for node in sinks
            if id(node) not in flow.hits and (id(node) in flow.checked or any(encloses(dead, node) for dead in flow.dead))
        ]


def _parts_at(
    index: RuleIndex, parts: Mapping[str, Part], attributes: Mapping[str, frozenset[str] | None], node: cst.CSTNode, callee: str | None,
) -> list[Part]:
    """The parts `index` finds at a node; at an Attribute, only those whose pattern may match
    `x.<its name>` (`attributes`: gate.attribute_names of each part, as the source gate
    filters its own). The default sources' `$REQ.GET`, `$REQ.args`... are indexed by type,
    so every attribute of a function (`yaml.load`, `handle.read`) was matched against them,
    at each keystroke in it."""
    found = index.candidates(node, callee)
    if found and type(node) is cst.Attribute:
        name = node.attr.value  # type: ignore[attr-defined]
        found = [rule for rule in found if (names := attributes[rule.id]) is None or name in names]
    return [parts[rule.id] for rule in found]


_OTHERS = PART_KINDS - {"sink", "source"}  # looked for only where a sink and input meet


def _reads_input_itself(facts: Facts, options: TaintOptions) -> bool:
    """Whether the function's own facts hold a source that the source gate counts (a match,
    or tainted parameters, of a confidence it looks for): the gate walks the module's
    functions for the same source parts, so it would answer that the module reads input."""
    found = [source for sources in facts.sources.values() for source in sources] + list(facts.parameters.values())
    return any(options.low_confidence or source.confidence != Confidence.LOW for source in found)


def _method_keys(lookup: ModuleLookup, owner: cst.ClassDef, resolver: Resolver) -> Callable[[cst.FunctionDef], str]:
    """The closure keys of the methods of `owner` (what a method's share of attributes is kept by)."""
    return lambda method: lookup.define(method, owner, resolver).key


@dataclass
class _Around:
    """Runs, for one rule, the flows of the code around a function: the function enclosing a
    nested one (for the variables it sees) and the other methods of a class (members.py)."""

    rule_id: str
    resolver: Resolver
    candidates: Callable[[cst.CSTNode, str | None], list[Part]]
    parts: str  # names `candidates` for the memo (Narrowed.key)
    memo: FactsMemo
    summarizer: Summarizer
    low_confidence: bool

    def run(self, function: cst.FunctionDef, ancestors: list[cst.CSTNode]) -> FunctionFlow:
        facts = self.memo.facts(function, ancestors, self.resolver, self.candidates, self.parts, [self.rule_id])
        inner = ancestors + [function]
        context = FlowContext(
            self.rule_id, facts, self.resolver, self.resolver.scope_for(inner), self.low_confidence,
            self.summarizer.for_caller(self.resolver, inner),
        )
        initial = {**self.enclosing(function, ancestors), **_parameters(function, facts.parameters, self.low_confidence)}
        flow = FunctionFlow(context, function, initial)
        flow.run()
        return flow

    def exits(self, function: cst.FunctionDef, ancestors: list[cst.CSTNode]) -> list[Env]:
        return self.run(function, ancestors).exit_envs

    def enclosing(self, function: cst.FunctionDef, ancestors: list[cst.CSTNode]) -> Env:
        """The values of the enclosing function's variables a nested function may see (empty
        for a function that is not nested in one)."""
        for index in range(len(ancestors) - 1, -1, -1):
            outer = ancestors[index]
            if isinstance(outer, (cst.ClassDef, cst.Lambda)):
                return {}
            if isinstance(outer, cst.FunctionDef):
                return self.run(outer, ancestors[:index]).closures.get(id(function), {})
        return {}


def _strict_parameters(function: cst.FunctionDef) -> dict[str, Val]:
    """Every parameter tainted, except those a type annotation or route converter makes a
    number (`item_id: int`, `<int:item_id>`)."""
    params = function.params
    converted = converted_parameters(function)
    values: dict[str, Val] = {}
    for param in (*params.posonly_params, *params.params, *params.kwonly_params, params.star_arg, params.star_kwarg):
        if isinstance(param, cst.Param):
            name = param.name.value
            values[name] = Val() if name in converted else Val((Trace(Origin(param.name, f"parameter {name}", Confidence.LOW)),))
    return values


def _input_words(options: TaintOptions) -> frozenset[str]:
    """The names the default sources cannot match without (the low-confidence ones when on)."""
    return SOURCE_WORDS | LOW_SOURCE_WORDS if options.low_confidence else SOURCE_WORDS


def _mentions(module: cst.Module, words: frozenset[str]) -> bool:
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if type(node) is cst.Name and node.value in words:  # type: ignore[attr-defined]
            return True
        stack.extend(child_nodes(node))
    return False


def _calls_known_function(function: cst.FunctionDef, ancestors: list[cst.CSTNode], resolver: Resolver, lookup) -> bool:  # type: ignore[no-untyped-def]
    for node, above in function_nodes(function, ancestors):
        if isinstance(node, cst.Call):
            scope = resolver.scope_for(above)
            if lookup(node, resolver.qualified_name(node.func, scope), resolver, above) is not None:
                return True
    return False


def _indexed(owned: Sequence[tuple[str | None, TaintSpec]]):  # type: ignore[no-untyped-def]
    """Every part as a stand-in rule in a RuleIndex, so parts are found like pattern rules."""
    from ..checker import RuleIndex  # the checker imports this module
    from ..rule_loader import Rule

    parts: dict[str, Part] = {}
    stand_ins = []
    for owner, spec in owned:
        for part in parts_of(owner, spec):
            info = part_info(len(parts))
            parts[info.id] = part
            stand_ins.append(Rule(info, part.formula, tuple(index_keys(part.formula)), 0, required_names(part.formula)))
    return parts, RuleIndex(stand_ins)


def _parameters(function: cst.FunctionDef, sources: dict[str, Source], low_confidence: bool) -> dict[str, Val]:
    """Every parameter starts clean, except those a source marks (route and view parameters)."""
    params = function.params
    values: dict[str, Val] = {}
    for param in (*params.posonly_params, *params.params, *params.kwonly_params, params.star_arg, params.star_kwarg):
        if not isinstance(param, cst.Param):
            continue
        name = param.name.value
        source = sources.get(name)
        if source is None or (source.confidence == Confidence.LOW and not low_confidence):
            values[name] = Val()
            continue
        label = source.label or "parameter"
        label = label if label.endswith(name) else f"{label} {name}"
        values[name] = Val((Trace(Origin(param.name, label, source.confidence)),))
    return values
