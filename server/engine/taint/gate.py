"""Whether a module can hand any of its functions input at all: it holds a match of a taint
source (found by the matcher, as the flow would find it, not guessed from its words), or it
imports a module of the project, whose functions may return input. Without either, no taint
finding is possible, so data flow need not run (analyzer.py); the CLI's sparse parsing can
ask the same question.

The answer is kept per piece of the module (a top-level statement, or a member of a
top-level class) by the piece's node and the module-level names it resolves through: the
editor re-parses only the pieces an edit touches, so only those are walked again. Of a
function where the gate found none, an edit of statements that binds what they bound has
only those statements walked (`Edited`).
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable, Collection, Iterable, Iterator, Mapping, NamedTuple, Sequence

import libcst as cst

from ..document_caches import Slot, kept
from ..formula import All, Either, Formula, Leaf, PatternFilter, RegexFilter
from ..matcher import child_nodes, subclass_of
from ..model import Confidence
from ..patterns import is_metavar, plain_dotted
from ..resolver import Resolver
from ..rule_loader import Rule
from .facts import Part, body_nodes, collect
from .known_imports import KnownImports
from .piece_changes import Located, piece_of, pieces_of

if TYPE_CHECKING:
    from ..checker import RuleIndex
    from .summaries import Project

MAX_PIECES = 8192


class Edited(NamedTuple):
    """Statements re-parsed inside a function where the gate last found no source, binding
    the same names to the same values as those they replaced (nested_check.rebound_names)
    but for names the function names nowhere else, under the same module scope: the rest of
    the function resolves its names as it did. Where every source part matches at a node by
    the node's own code and names alone (`_local`), only what the edit made new can match
    anew: the statements, and the nodes holding them (each in the walks of the functions it
    is in). Else the function is walked whole, as a piece. Of a `def` line edited (its body
    kept), `function` is the new definition and `statements` those of its blocks that name a
    renamed parameter or what such a statement binds (units._parameter_readers), one
    `Edited` per block holding some: the rest resolves its names as it did. Of a compound
    statement's header edited (its blocks the same nodes), `statements` are its header's
    nodes, with the statement last on `chain`, or those of its blocks naming what the header
    binds anew or no longer, or what they bind (units._header_edit). The items of one edit
    are walked together, one walk per function."""

    function: cst.FunctionDef  # the outermost function holding them
    ancestors: list[cst.CSTNode]  # its ancestors, module first
    statements: Sequence[cst.CSTNode]
    chain: list[cst.CSTNode]  # the statements' ancestors, module first (the function among them)


class InputGate:
    """Answers, for the modules checked with one set of taint parts, whether they hold a
    source match and which modules they import."""

    def __init__(self, rules: Sequence[Rule], parts: Mapping[str, Part], owners: Sequence[str | None]) -> None:
        self._rules = list(rules)  # the source parts as stand-in rules (analyzer.py)
        self._parts = parts
        self._attributes = {rule.id: attribute_names(parts[rule.id].formula) for rule in self._rules}
        self._local = {rule.id: _local(parts[rule.id].formula) for rule in self._rules}
        self._owners = list(owners)
        self._indexes: dict[frozenset[str], "RuleIndex"] = {}
        self._sourced: dict[bool, PieceCache] = {False: PieceCache(), True: PieceCache()}
        self._imports = PieceCache()
        self._lock = threading.Lock()  # the language server checks documents on several threads
        self.walked = 0  # pieces walked for a source (not found in the cache), for tests
        self.walked_alone = 0  # edited statements (or header parts) walked alone (Edited), for tests
        self.walked_nodes = 0  # nodes of functions walked for those (Edited: the statements' nodes and those holding them), for tests
        self.looked_up = 0  # pieces looked up in the cache (not known to the caller), for tests
        self.imports_looked_up = 0  # pieces whose imports were looked up in the cache, for tests
        self.import_statements = 0  # simple statement lines read for imports, for tests

    def holds_source(
        self, module: cst.Module, resolver: Resolver, low_confidence: bool, words: Collection[str] | None, sourceless: Mapping[int, cst.CSTNode] | None = None,
        extra: Sequence[tuple[cst.CSTNode, list[cst.CSTNode]]] = (), edited: Sequence[Edited] = (), clear: dict[int, cst.CSTNode] | None = None,
        pieces: Iterable[Located] | None = None, found: list[cst.CSTNode] | None = None,
    ) -> bool:
        """Whether a function of `module` holds a source match (low-confidence sources count
        only when they are on). `words`, the text's identifiers when known, rule out the
        sources it cannot hold before any walk; `sourceless` (by id) are pieces the caller
        knows hold none (their words lack what every source needs: lazy_units.py), not walked.
        `extra` are nodes inside the module, with their ancestors, walked as pieces too (the
        editor skips a piece whose only change is inside one of its functions, and walks
        that function alone); `edited`, statements re-parsed in such a function, walked alone
        where that finds what a walk of the function would (`Edited`). `pieces`, when given,
        are the module's pieces looked at, the others being known to hold none as they are
        (piece_changes.replaced_pieces: the editor's pieces that are not those of the module
        the gate last found clear). Into `clear`, when given, go the pieces looked at (by
        id): all of them when the answer is False (the editor then need not give them to the
        cache again). Into `found`, when given, goes the piece of the module known or found
        to hold a source, when one answered True (`still_sourced` asks it again)."""
        looked_for = frozenset(rule.id for rule in self._rules if self._looked_for(rule, low_confidence, words))
        if not looked_for:
            return False
        index = self._index(looked_for)
        attributes = self._attributes

        def candidates(node: cst.CSTNode, callee: str | None) -> list[Part]:
            found = index.candidates(node, callee)
            if type(node) is cst.Attribute:  # most parts cannot match `x.<this name>`: not evaluated there
                name = node.attr.value  # type: ignore[attr-defined]
                found = [rule for rule in found if attributes[rule.id] is None or name in attributes[rule.id]]  # type: ignore[operator]
            return [self._parts[rule.id] for rule in found]

        named = name_keyed(index)

        def walk(piece: cst.CSTNode, ancestors: list[cst.CSTNode]) -> bool:
            self.walked += 1
            return _sourced(piece, ancestors, resolver, candidates, self._owners, named)

        local = all(self._local[rule_id] for rule_id in looked_for)
        alone = [item for item in edited if local]
        whole = [(item.function, item.ancestors) for item in edited if not local]
        names = self._fingerprint(resolver)
        cache, unknown = self._sourced[low_confidence], []
        looked = module_pieces(module) if pieces is None else pieces
        for piece, ancestors in itertools.chain(looked if clear is None else _noted(looked, clear), extra, whole):  # known answers first: an edited piece is walked only if none holds a source
            if sourceless is not None and sourceless.get(id(piece)) is piece:
                continue
            self.looked_up += 1
            known = cache.peek(piece, names)
            if known is True:
                return _noted_source(found, piece, ancestors)
            if known is None:
                unknown.append((piece, ancestors))
        if alone:
            walks = _edit_walks(alone)
            self.walked_alone += sum(len(item.statements) for item in alone)
            self.walked_nodes += sum(len(nodes) for _, _, nodes in walks)
            if _edit_sourced(alone, walks, resolver, candidates, self._owners, named):
                return True
        return any(cache.get(piece, ancestors, names, walk) and _noted_source(found, piece, ancestors) for piece, ancestors in unknown)

    def still_sourced(self, piece: cst.CSTNode, resolver: Resolver, low_confidence: bool, words: Collection[str] | None) -> bool:
        """Whether `holds_source` of a module holding `piece` (a piece its `found` gave, still a
        piece of the module, asked without `sourceless`) answers True, known from that piece
        alone: it is kept as holding a source under the module names `resolver` resolves
        through, and some source may lie in `words`. The data flow asks at each keystroke in
        a function without a source the gate counts (a low-confidence one, a parameter), and
        holds_source looked up every piece before the first holding one, then its index."""
        self.looked_up += 1
        return any(self._looked_for(rule, low_confidence, words) for rule in self._rules) and self._sourced[low_confidence].peek(piece, self._fingerprint(resolver)) is True

    def _looked_for(self, rule: Rule, low_confidence: bool, words: Collection[str] | None) -> bool:
        """Whether a source part (its stand-in rule) is looked for: of a confidence counted,
        one a text with these words may hold."""
        return (low_confidence or self._parts[rule.id].item.confidence != Confidence.LOW) and (words is None or rule.may_match(words))  # type: ignore[attr-defined]

    def note_sourced(self, function: cst.FunctionDef, ancestors: list[cst.CSTNode], resolver: Resolver, low_confidence: bool) -> None:
        """The data flow found in `function` (with its ancestors, module first) a source match
        the gate counts (analyzer._reads_input_itself): the gate's walk of the piece holding it
        would find it too, so the piece is kept as holding a source under the module names it
        resolved through. A keystroke elsewhere then finds the module's input by looking the
        piece up, instead of walking the pieces its earlier keystrokes replaced (and those the
        first open skipped as sourceless) until one holds a source."""
        self._sourced[low_confidence].put(piece_of(function, ancestors), self._fingerprint(resolver), True)

    def imports(self, module: cst.Module, known: KnownImports | None = None) -> frozenset[str]:
        """The top-level names of the modules `module` imports anywhere ('.' for relative).
        `known`, what the caller's last call found, is brought up to this module: only the
        pieces not in the last one are looked up in the cache (the editor asks after each
        keystroke, and a long file's 1,300 pieces cost more than the edit's own)."""
        return (known or KnownImports()).of(module, self._looked_up)

    def keep_imports(self, old: cst.CSTNode, new: cst.CSTNode, replaced: Sequence[cst.CSTNode], by: Sequence[cst.CSTNode]) -> None:
        """`new` is the piece `old` with the statements `replaced` swapped for `by` (none: a
        compound statement's header edited, which holds no statement): when those import
        what they replaced, `new` imports what `old` did, and its imports are not read again
        from each statement line of it (a keystroke in a 300-line method). Of an `old` that
        imports nothing, `new` imports what `by` does."""
        known = self._imports.peek(old, ())
        if known is None:
            return
        found = frozenset().union(*map(self._statement_imports, by))
        if known and found != frozenset().union(*map(self._statement_imports, replaced)):
            return
        self._imports.get(new, [], (), lambda *_: known | found)

    def _statement_imports(self, statement: cst.CSTNode) -> frozenset[str]:
        """What a statement imports (`_imported`, not kept: a piece's is)."""
        return _imported(statement, self._imported, self._read_statement)

    def _looked_up(self, piece: cst.CSTNode) -> frozenset[str]:
        """A piece's imports (`_imported`), counted for tests."""
        self.imports_looked_up += 1
        return self._imported(piece)

    def imports_project(self, module: cst.Module, project: "Project", known: KnownImports | None = None) -> bool:
        """Whether `module` imports one of `project`'s modules (a relative import counts): its
        functions may return input. `known` as for `imports`; the project's folders are looked
        at once for all the imported names."""
        imported = self.imports(module, known)
        return "." in imported or project.holds_any(imported)

    def _imported(self, node: cst.CSTNode) -> frozenset[str]:
        """`_imported`, cached per piece and per definition in it: a keystroke in one method
        makes its piece (a class's `if` block of 50 methods) new, not the other methods."""
        return self._imports.get(node, [], (), lambda node, _: _imported(node, self._imported, self._read_statement))  # type: ignore[no-any-return]

    def _read_statement(self) -> None:
        self.import_statements += 1

    def _index(self, looked_for: frozenset[str]) -> "RuleIndex":
        from ..checker import RuleIndex  # the checker imports the analyzer, which imports this module

        with self._lock:
            index = self._indexes.get(looked_for)
            if index is None:
                if len(self._indexes) > 64:
                    self._indexes.clear()
                index = self._indexes[looked_for] = RuleIndex([rule for rule in self._rules if rule.id in looked_for])
            return index

    def _fingerprint(self, resolver: Resolver) -> tuple:
        """What qualified names and matching through module-level variables depend on: the
        module scope's bindings (imports by name, assignments by node identity). An equal
        fingerprint is given back as the same object, so cached pieces compare with `is`. The
        last one is the document's (document_caches.py), with the module scope it was taken
        from (built once, never changed)."""
        scope = resolver.module
        last: Slot[tuple[object, tuple]] = kept(self, Slot)
        with self._lock:
            if last.value is not None and scope is last.value[0]:  # the editor keeps the module scope while only functions change
                return last.value[1]
        names = (tuple(scope.bindings.items()), scope.modules, scope.stars)
        with self._lock:
            if last.value is not None and names == last.value[1]:
                names = last.value[1]
            last.value = (scope, names)
            return names


def attribute_names(formula: Formula, words: Mapping[str, frozenset[str]] | None = None) -> frozenset[str] | None:
    """The attribute names an Attribute node must have for `formula` to match at it (`$REQ.GET`:
    `GET`; a call pattern: none), or None when any node may match (a bare metavariable, a
    dotted name matched through imports, a literal matched through constants...). `words`:
    the names a metavariable-regex allows a metavariable (`$SELF.request.$DATA`)."""
    if isinstance(formula, Leaf):
        node = formula.pattern.node
        if isinstance(node, cst.Attribute) and plain_dotted(node) is None:
            attr = node.attr.value
            if not is_metavar(attr):
                return frozenset({attr})
            return (words or {}).get(attr)
        return frozenset() if isinstance(node, (cst.Call, cst.FunctionDef)) else None  # never an Attribute
    if isinstance(formula, Either):
        found: set[str] = set()
        for option in formula.options:
            names = attribute_names(option, words)
            if names is None:
                return None
            found |= names
        return frozenset(found)
    if isinstance(formula, All):
        allowed = {f.metavariable: f.words for f in formula.filters if isinstance(f, RegexFilter) and f.words}
        known = [names for names in (attribute_names(p, {**(words or {}), **allowed}) for p in formula.positives) if names is not None]
        return frozenset.intersection(*known) if known else None
    return None


class PieceCache:
    """A value per piece, kept while the piece's node lives and `names` stays the same object
    (least recently used dropped first), in the checked document's store (document_caches.py)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def _entries(self) -> OrderedDict[int, tuple[cst.CSTNode, object, Any]]:
        return kept(self, OrderedDict)

    def peek(self, piece: cst.CSTNode, names: object) -> Any:
        """The piece's cached value, or None."""
        with self._lock:
            cached = self._entries().get(id(piece))
        return cached[2] if cached is not None and cached[0] is piece and cached[1] is names else None

    def get(self, piece: cst.CSTNode, ancestors: list[cst.CSTNode], names: object, compute: Callable[[cst.CSTNode, list[cst.CSTNode]], Any]) -> Any:
        entries = self._entries()
        with self._lock:
            cached = entries.get(id(piece))
        if cached is not None and cached[0] is piece and cached[1] is names:
            return cached[2]
        value = compute(piece, ancestors)
        self.put(piece, names, value)
        return value

    def put(self, piece: cst.CSTNode, names: object, value: Any) -> None:
        """Keep the piece's value (the most recently used)."""
        entries = self._entries()
        with self._lock:
            entries[id(piece)] = (piece, names, value)
            entries.move_to_end(id(piece))
            if len(entries) > MAX_PIECES:
                entries.popitem(last=False)


def name_keyed(index: "RuleIndex") -> frozenset[type]:
    """The node types whose candidates in `index` depend on their qualified name: calls when
    rules are indexed by callee, names and attributes when by dotted name."""
    kinds: set[type] = set()
    if index.by_callee or index.by_prefix:
        kinds.add(cst.Call)
    if index.by_name:
        kinds.update((cst.Attribute, cst.Name))
    return frozenset(kinds)


def _local(formula: Formula) -> bool:
    """Whether a match of `formula` at a node depends on nothing but the node's code and the
    names it resolves: no pattern-inside or -not-inside, no run of statements."""
    if isinstance(formula, Leaf):
        return not formula.pattern.is_sequence
    if isinstance(formula, Either):
        return all(_local(option) for option in formula.options)
    return (
        not formula.insides and not formula.not_insides and all(_local(part) for part in (*formula.positives, *formula.nots))
        and all(_local(f.formula) for f in formula.filters if isinstance(f, PatternFilter))
    )


Walk = tuple[cst.FunctionDef, list[cst.CSTNode], list[tuple[cst.CSTNode, list[cst.CSTNode]]]]  # a function, its ancestors, the nodes of its walk


def _edit_walks(items: Sequence[Edited]) -> list[Walk]:
    """The nodes edits made new (`Edited`) in the walks of the functions holding them, one
    walk per function (the items of one edit share the statements above them): a node
    holding the statements (in the walk of the function it is in, and a function's own) and
    the statements' nodes (in the walk of the innermost function holding them)."""
    walks: dict[int, Walk] = {}
    seen: set[tuple[int, int]] = set()  # a node on several items' chains is walked once in each walk

    def add(nodes: list[tuple[cst.CSTNode, list[cst.CSTNode]]] | None, node: cst.CSTNode, above: list[cst.CSTNode]) -> None:
        if nodes is not None and (id(nodes), id(node)) not in seen:
            seen.add((id(nodes), id(node)))
            nodes.append((node, above))

    for item in items:
        current: list[tuple[cst.CSTNode, list[cst.CSTNode]]] | None = None  # the nodes of the innermost function's walk
        chain = item.chain
        for position in range(chain.index(item.function), len(chain)):
            node, above = chain[position], chain[:position]
            add(current, node, above)
            if type(node) is cst.FunctionDef:
                current = walks.setdefault(id(node), (node, above, []))[2]  # type: ignore[arg-type]
                add(current, node, above)
            elif type(node) is cst.ClassDef:
                current = None  # a class's own statements are no function's
        if current is not None:
            for statement in item.statements:
                current.extend(body_nodes(statement, chain))
    return list(walks.values())


def _edit_sourced(items: Sequence[Edited], walks: list[Walk], resolver: Resolver, candidates, owners: Sequence[str | None], named: frozenset[type]) -> bool:  # type: ignore[no-untyped-def]
    """Whether a function holds a source match at a node edits made new (`walks`), or a
    function inside their statements."""
    for function, above, nodes in walks:
        facts = collect(function, above, resolver, candidates, owners, ("source",), named=named, nodes=nodes)
        if facts.sources or facts.parameters:
            return True
    return any(_sourced(statement, item.chain, resolver, candidates, owners, named) for item in items for statement in item.statements)


def _sourced(piece: cst.CSTNode, ancestors: list[cst.CSTNode], resolver: Resolver, candidates, owners: Sequence[str | None], named: frozenset[type]) -> bool:  # type: ignore[no-untyped-def]
    """Whether a function in the piece holds a match of the parts `candidates` finds."""
    for node, above in _statements(piece, ancestors):
        if type(node) is cst.FunctionDef:
            facts = collect(node, above, resolver, candidates, owners, ("source",), named=named)  # type: ignore[arg-type]
            if facts.sources or facts.parameters:
                return True
    return False


# What holds statements: only these are entered looking for imports (a signature, a `with`
# item or an expression holds none; entering them cost first open 40 ms at 10,000 lines).
_BLOCK_PARTS = (cst.BaseSuite, cst.BaseStatement, cst.ExceptHandler, cst.ExceptStarHandler, cst.Else, cst.Finally, cst.MatchCase)


def _imported(piece: cst.CSTNode, definition: Callable[[cst.CSTNode], frozenset[str]], read: Callable[[], None]) -> frozenset[str]:
    """The top-level names `piece` imports; those of a definition inside it from `definition`
    (`read` is told of each statement line read)."""
    imports: set[str] = set()
    stack = [piece]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is cst.SimpleStatementLine or kind is cst.SimpleStatementSuite:
            read()
            for small in node.body:  # type: ignore[attr-defined]
                _add_import(small, imports)
        elif node is not piece and (kind is cst.FunctionDef or kind is cst.ClassDef):
            imports |= definition(node)
        else:
            stack.extend(child for child in child_nodes(node) if isinstance(child, _BLOCK_PARTS))
    return frozenset(imports)


def _add_import(statement: cst.CSTNode, imports: set[str]) -> None:
    kind = type(statement)
    if kind is cst.Import:
        imports.update(_top(alias.name) for alias in statement.names)  # type: ignore[attr-defined]
    elif kind is cst.ImportFrom:
        if statement.relative:  # type: ignore[attr-defined]
            imports.add(".")
        elif statement.module is not None:  # type: ignore[attr-defined]
            imports.add(_top(statement.module))  # type: ignore[attr-defined]


def module_pieces(module: cst.Module) -> Iterator[tuple[cst.CSTNode, list[cst.CSTNode]]]:
    """The top-level statements, a top-level class's members in its place (each with its
    ancestors, module first)."""
    return pieces_of(module, module.body)


def planned_sourceless(module: cst.Module, plan: Sequence[tuple[str, bool]]) -> dict[int, cst.CSTNode]:
    """The pieces sparse parsing found without words any source needs (Sparse.sourceless), by
    id, for holds_source. `plan` names its units in the text's order, as sparse._units finds
    them (the module's top-level functions but the first statement, the definitions in its
    top-level classes); `module` is the same text parsed by LibCST (stubs keep each name in
    its place). Should the two not line up, no piece is left out."""
    units: list[cst.CSTNode] = []
    for number, statement in enumerate(module.body):
        if isinstance(statement, cst.ClassDef):
            if isinstance(statement.body, cst.IndentedBlock):
                units.extend(member for member in statement.body.body if isinstance(member, (cst.FunctionDef, cst.ClassDef)))
        elif number and isinstance(statement, cst.FunctionDef):
            units.append(statement)
    if len(units) != len(plan) or any(name and name != unit.name.value for (name, _), unit in zip(plan, units)):  # type: ignore[attr-defined]
        return {}
    return {id(unit): unit for (_, sourceless), unit in zip(plan, units) if sourceless}


def _noted_source(found: list[cst.CSTNode] | None, piece: cst.CSTNode, ancestors: list[cst.CSTNode]) -> bool:
    """True, with `piece` put into `found` (when given) if it is a piece of the module (not
    an `extra` function inside one)."""
    if found is not None and piece_of(piece, ancestors) is piece:
        found.append(piece)
    return True


def _noted(pieces: Iterable[Located], clear: dict[int, cst.CSTNode]) -> Iterator[Located]:
    """`pieces`, each put into `clear` (by id) as it is looked at."""
    for piece, ancestors in pieces:
        clear[id(piece)] = piece
        yield piece, ancestors


def _statements(piece: cst.CSTNode, ancestors: list[cst.CSTNode]) -> Iterator[tuple[cst.CSTNode, list[cst.CSTNode]]]:
    """The statements of the piece at any depth (functions in functions are functions of
    their own; imports are statements), each with its ancestors; expressions are not entered."""
    stack: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = [(piece, ancestors)]
    while stack:
        node, above = stack.pop()
        yield node, above
        below = above + [node]
        stack.extend((child, below) for child in child_nodes(node) if not subclass_of(type(child), cst.BaseExpression))


def _top(name: cst.BaseExpression) -> str:
    """`a` of `a.b.c`."""
    while isinstance(name, cst.Attribute):
        name = name.value
    return name.value if isinstance(name, cst.Name) else ""
