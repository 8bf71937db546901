"""Parse only the top-level definitions some rule can match: the CLI's way past most of LibCST.

LibCST parsing is a third of a cold check, and most top-level functions and classes of a
file hold nothing any enabled rule could match. CPython's own parser (`ast`, it only parses
and runs nothing) reads the file first and tells where each top-level statement starts and
ends; a `def` or `class` whose words (prefilter.py), together with the words of the module's
other statements (imports, constants: what resolves its names), allow no enabled rule is
replaced by a *stub* of the same name and shape (`def name():` / `pass` / blank lines) before
LibCST parses the text. Every line keeps its number and every kept line its text, so
positions, suppressions and fingerprints stay exactly those of a full parse, and the name
stays bound for the resolver.

Definitions that matter to a kept one stay too: those named by one (or by code that is no
unit and holds a function, such as a class's `if sys.platform == ...:` block of methods)
where a pattern rule that data flow refines may match (refinement.py: a call into a stub
would lose the summary that decides whether a value is clean), and, when a taint rule may
report in the file, everything connected through the names they use (callers included) to
a unit that may read input: tainted data starts at a source, so a sink that no chain of
calls links to one cannot be reached. Methods of one class are linked too through the
attributes one sets on `self` and another names (`self.path = request.args[...]` in one,
`open(self.path)` in the other: _AttributeLinks). A unit may read input when its words allow a taint
source; for a source that is a whole function (route parameters: `@app.post(...)`), when
the words of its functions' headers do. Input can also come from another module of the
project (its functions' summaries): a unit naming what an import of one binds may read
input too. A file where no code may read input follows no data flow at all
(`Sparse.reads_input`).

Members of top-level classes are units of their own (a class's header and other statements
stay). The first statement of the module is never stubbed (it decides where a fix inserts
imports). Text CPython
cannot parse (a syntax error, or syntax newer than the running Python) gets no stubs: LibCST
then parses it whole and reports exactly what it reported before.
"""

from __future__ import annotations

import ast
import re
import sys
import warnings
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Iterator, Sequence

from .lines import split_lines
from .source_scan import comment_columns

Wanted = Callable[[Collection[str]], bool]  # whether a unit with these tokens is needed
# The tokens of a piece of text (prefilter.text_tokens), given the piece and the same piece
# without its comments, where the identifiers are taken from.
Tokens = Callable[[str, str], set[str]]


@dataclass
class Needs:
    """What makes a unit needed, each judging its words (with those of the module statements
    binding them); None where no such rule may report in the file."""

    pattern: Wanted  # a pattern rule may match in it
    taint: Wanted | None = None  # it may hold a taint source
    # it may hold a taint source that is a whole function (a route's parameters), judged by
    # the words of its functions' headers only (decorators and signatures)
    taint_header: Wanted | None = None
    # the same for a source that is a decorated function (`@app.post(...)`), judged by the
    # headers of the unit's decorated functions only (an undecorated `def post(self)` is none)
    taint_decorated: Wanted | None = None
    refined: Wanted | None = None  # a pattern rule that data flow refines may match in it
    # The editor's lazy units: `pattern`, given the names of the code outside every definition
    # (a pattern-inside around a definition may need its words there: Rule.may_match_amid)
    pattern_amid: Callable[[frozenset[str]], Wanted] | None = None
    amid_words: frozenset[str] = frozenset()  # the names such pattern-insides need


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_STARTS = ("@", "def", "async", "class")


@dataclass
class _Unit:
    """A top-level `def` or `class`: its lines (0-based, inclusive) and the stub to put there."""

    first: int
    last: int
    names: frozenset[str]  # what calls into it name: its own name, a class's methods
    stub: list[str]  # the stub's lines, without line endings
    tokens: set[str]
    node: ast.stmt


def cpython_tree(text: str, path: str) -> ast.Module | None:
    """The file as CPython parses it, or None when CPython cannot (LibCST decides then)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like: not ours to print
            return compile(text, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except Exception:  # SyntaxError, too deep, out of memory: the full parse reports it
        return None


@dataclass
class Sparse:
    """What sparse parsing made of a text."""

    text: str | None  # the text with stubs, None when no definition is stubbed
    # False when no code of the text can hold a taint source (judged as for units, the module's
    # own statements all together): no data flow starts here.
    reads_input: bool = True
    # Each definition that is a unit (top-level functions but the first statement, members of
    # top-level classes, in the text's order): its name, and whether its words hold no taint
    # source (the source gate need not walk it: taint/gate.py planned_sourceless). None: unknown.
    sourceless: tuple[tuple[str, bool], ...] | None = None


def sparse_source(text: str, tree: ast.Module, tokens_of: Tokens, needs: Needs, code: str | None = None, markers: frozenset[str] | None = None) -> Sparse:
    """`text` with the definitions no rule needs replaced by stubs; `code`: the text
    without_comments(), where the units' identifiers come from; `markers`: every marker
    `tokens_of` can give (then a unit's headers are read only when its words allow it)."""
    if "\r" in text.replace("\r\n", ""):
        return Sparse(None)  # lone carriage returns: line numbers are not worth second-guessing
    lines = split_lines(text)
    code = split_lines(without_comments(text) if code is None else code)
    every = list(_units(tree, lines))
    units = [unit for unit in every if unit is not None]
    inside = [False] * len(lines)
    for unit in units:
        unit.tokens = tokens_of("".join(lines[unit.first : unit.last + 1]), "".join(code[unit.first : unit.last + 1]))
        inside[unit.first : unit.last + 1] = [True] * (unit.last + 1 - unit.first)
    module = _module_statements(tree, lines, code, inside, tokens_of)
    binders = _Binders(module)
    words = [binders.resolved(unit.tokens) for unit in units]
    pattern_seeds = [i for i, unit_words in enumerate(words) if needs.pattern(unit_words)]
    taint_seeds = [i for i, unit_words in enumerate(words) if needs.taint is not None and needs.taint(unit_words)]
    headers: dict[int, list[_Header]] = {}  # each unit's function headers, read once for both passes
    # A header's words are among its unit's (same lines, its names resolved the same way), its
    # markers among `markers`, and a Wanted needs no word absent: a unit whose words with all
    # markers are not wanted has no wanted header. Non-ASCII text aside, where CPython's names
    # (NFKC) may differ from the text's.
    upper = markers if markers is not None and text.isascii() else None
    for wanted, decorated in ((needs.taint_header, False), (needs.taint_decorated, True)):
        if wanted is not None:
            seeds = set(taint_seeds)
            for i, unit in enumerate(units):
                if i not in seeds and (upper is None or wanted(words[i] | upper)):
                    found = headers.get(i)
                    if found is None:
                        found = headers[i] = _function_headers(unit.node, lines, code, tokens_of)
                    tokens, used = _joined(found, decorated)
                    if wanted(tokens | binders.resolved(used)):
                        taint_seeds.append(i)
    refined_seeds = [i for i in pattern_seeds if needs.refined is not None and needs.refined(words[i])]
    loose = _loose_callers(tree, units, lines, code, tokens_of, binders, needs)
    reads_input = bool(taint_seeds) or _module_reads_input(module, needs)
    sourced = {id(units[i]) for i in taint_seeds}
    sourceless = tuple(("", False) if unit is None else (unit.node.name, id(unit) not in sourced) for unit in every) if needs.taint is not None else None  # type: ignore[attr-defined]
    kept = _needed(units, taint_seeds, refined_seeds, loose, _AttributeLinks(tree, units))
    kept.update(pattern_seeds)
    if len(kept) == len(units):
        return Sparse(None, reads_input, sourceless)
    for index, unit in enumerate(units):
        if index not in kept:
            _stub_out(lines, unit)
    return Sparse("".join(lines), reads_input, sourceless)


def reaching(text: str, tree: ast.Module, name: str) -> tuple[str, frozenset[str]] | None:
    """`text` with every definition stubbed but the top-level function `name` and what it names,
    transitively (the callees a summary of it follows through this module: summaries.py's
    same_file_lookup finds them by name, `self.` and `Class(...).`), and the names of the
    top-level functions kept: how another module of the project is parsed for one function
    (taint/project.py). None when nothing would be stubbed, or the text is odd: lone carriage
    returns, a definition that looks odd, a non-ASCII definition name (CPython's names are
    NFKC, the text's may not be), a definition as the first statement."""
    if "\r" in text.replace("\r\n", "") or (tree.body and isinstance(tree.body[0], _DEFINITIONS)):
        return None  # a first statement is never stubbed: what a definition there names would not be followed
    lines = split_lines(text)
    code = split_lines(without_comments(text))
    units = list(_units(tree, lines))
    if not all(unit is not None and all(n.isascii() for n in unit.names) for unit in units):
        return None
    for unit in units:
        unit.tokens = set(_WORDS.findall("".join(code[unit.first : unit.last + 1])))  # type: ignore[union-attr]
    top = {id(statement) for statement in tree.body}
    seeds = [i for i, unit in enumerate(units) if id(unit.node) in top and name in unit.names]  # type: ignore[union-attr]
    kept = _needed(units, [], seeds)  # type: ignore[arg-type]
    if not seeds or len(kept) == len(units):
        return None
    for index, unit in enumerate(units):
        if index not in kept:
            _stub_out(lines, unit)  # type: ignore[arg-type]
    return "".join(lines), frozenset(name for i in kept if id(units[i].node) in top for name in units[i].names)  # type: ignore[union-attr]


_WORDS = re.compile(r"\w+")


def _loose_callers(tree: ast.Module, units: list[_Unit], lines: list[str], code: list[str], tokens_of: Tokens, binders: "_Binders", needs: Needs) -> list[set[str]]:
    """The tokens of each piece of code always parsed (module statements, and class-body
    statements that are no unit, such as a class's `if sys.platform == ...:` block of methods)
    that holds a function where a rule data flow refines may match: what it calls must be
    parsed, as for a refined unit (its summary may decide the finding; lazy_units.py's
    _loose_callers asks the same). Code holding no function needs nothing: a match outside
    functions keeps its finding without asking data flow (refinement.py)."""
    if needs.refined is None:
        return []
    found = []
    for node, _ in loose_code(tree, {id(unit.node) for unit in units}):
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]) - 1
        last = node.end_lineno or node.lineno
        tokens = tokens_of("".join(lines[first:last]), "".join(code[first:last]))
        if needs.refined(binders.resolved(tokens)):
            found.append(tokens)
    return found


def loose_code(tree: ast.Module, members: set[int]) -> Iterator[tuple[ast.stmt, str | None]]:
    """The code always parsed that holds a function, with the name of the class holding it:
    module statements and class-body statements that are no unit (`members`, by id), such as
    a class's `if sys.platform == ...:` block of methods. Data flow may decide a refined rule's
    match there, so what it calls must be parsed (here and in lazy_units.py)."""
    for statement in tree.body:
        body, owner = (statement.body, statement.name) if isinstance(statement, ast.ClassDef) else ([statement], None)
        for node in body:
            if id(node) not in members and _holds_function(node):
                yield node, owner


def _holds_function(node: ast.stmt) -> bool:
    """Whether a `def` lies in the code. A `def` is a statement: only the statements' bodies
    are looked into, not every expression."""
    return any(isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) for inner in _statements([node]))


def _module_reads_input(module: list[tuple[set[str], set[str]]], needs: Needs) -> bool:
    """Whether the module's own statements (all their words together) may hold a source."""
    if needs.taint is None:
        return False
    words = set().union(*(statement_tokens for statement_tokens, _ in module))
    return needs.taint(words) or any(wanted is not None and wanted(words) for wanted in (needs.taint_header, needs.taint_decorated))


def _units(tree: ast.Module, lines: list[str]) -> Iterable[_Unit | None]:
    """The top-level functions after the first statement and the members of top-level classes
    (a class's header and other statements stay, like all other module code); None: one that
    looks odd."""
    for number, statement in enumerate(tree.body):
        if isinstance(statement, ast.ClassDef):
            yield from _definitions(statement.body, lines, 0)
        elif number:
            yield from _definitions(tree.body, lines, number, only=number)


def _definitions(body: list[ast.stmt], lines: list[str], start: int, only: int | None = None) -> Iterable[_Unit | None]:
    for number, statement in enumerate(body[start:], start=start):
        if only is not None and number != only:
            break
        if not isinstance(statement, _DEFINITIONS):
            continue
        first = min([statement.lineno, *(d.lineno for d in statement.decorator_list)]) - 1
        last = (statement.end_lineno or statement.lineno) - 1
        following = body[number + 1].lineno - 1 if number + 1 < len(body) else len(lines)
        indent = lines[first][: statement.col_offset] if first < len(lines) else "x"
        if last >= following or last >= len(lines) or indent.strip(" \t") or not lines[first][len(indent) :].startswith(_STARTS):
            yield None
            continue
        yield _Unit(first, last, _names(statement), _stub(statement, lines, last - first + 1, indent), set(), statement)


# A function's header: whether it has decorators, its tokens (decorators and signature) and
# the names its decorators, parameters and annotations use.
_Header = tuple[bool, set[str], set[str]]


def header_parts(statement: ast.stmt, lines: list[str], code: list[str], tokens_of: Tokens, decorated: bool = False) -> tuple[set[str], set[str]]:
    """The tokens of the headers of the functions a definition holds (only of those with
    decorators, if `decorated`), and the names their decorators, parameters and annotations use."""
    return _joined(_function_headers(statement, lines, code, tokens_of), decorated)


def _joined(headers: list[_Header], decorated: bool) -> tuple[set[str], set[str]]:
    """The tokens and used names of the headers (only the decorated ones, if `decorated`)."""
    tokens: set[str] = set()
    used: set[str] = set()
    for has_decorators, header_tokens, header_used in headers:
        if has_decorators or not decorated:
            tokens |= header_tokens
            used |= header_used
    return tokens, used


def _function_headers(statement: ast.stmt, lines: list[str], code: list[str], tokens_of: Tokens) -> list[_Header]:
    """The header of each function a definition holds (itself, or a class's methods)."""
    found: list[_Header] = []
    for node in _statements([statement]):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            body = node.body[0]
            on_body_line = lines[body.lineno - 1].encode()[: body.col_offset].strip()  # `def f(): return x`
            end = body.lineno if on_body_line else body.lineno - 1
            tokens = tokens_of("".join(lines[first - 1 : end]), "".join(code[first - 1 : end]))
            used = {name.id for part in (*node.decorator_list, node.args, *([node.returns] if node.returns else [])) for name in ast.walk(part) if isinstance(name, ast.Name)}
            found.append((bool(node.decorator_list), tokens, used))
    return found


def _module_statements(tree: ast.Module, lines: list[str], code: list[str], inside: list[bool], tokens_of: Tokens) -> list[tuple[set[str], set[str]]]:
    """Each module statement outside the units: its tokens, and the names it binds."""
    found = []
    for statement in tree.body:
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))]) - 1
        last = (statement.end_lineno or statement.lineno) - 1
        kept = [number for number in range(first, last + 1) if not inside[number]]
        if kept:
            found.append((tokens_of("".join(lines[n] for n in kept), "".join(code[n] for n in kept)), _bound(statement)))
    return found


def without_comments(text: str) -> str:
    """The text with its comments cut off, every line and line ending kept (source_scan.py
    tells a comment from a `#` in a string), for text this Python's parser accepts. Pattern rules name only code (a comment is no
    node, and a metavariable-regex's choice of words must match a whole bound node), so the
    identifiers of comments cannot let a rule match: rules are judged by the others."""
    comments = code_comments(text)
    if not comments:
        return text
    lines = split_lines(text)
    cut_comments(lines, comments)
    return "".join(lines)


def code_comments(text: str) -> dict[int, int]:
    """Where the comments of `text` start (line, 1-based -> column), those cut from the code
    whose identifiers judge units; none on Python 3.12+, where PEP 701 f-strings may nest
    their own quotes, which the scan does not follow."""
    return {} if sys.version_info >= (3, 12) else comment_columns(text)


def cut_comments(lines: list[str], comments: dict[int, int]) -> None:
    """Cut the comments (code_comments) off `lines`, in place, keeping their line endings."""
    for line, column in comments.items():
        if line <= len(lines):
            content = lines[line - 1]
            lines[line - 1] = content[:column] + content[len(content.rstrip("\r\n")) :]


def _bound(statement: ast.stmt) -> set[str]:
    """The names a module statement binds (in a class: its attributes), not looking into
    function bodies (units, or local names)."""
    names: set[str] = set()
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                names.add(node.id)  # type: ignore[attr-defined]
            continue
        if kind is ast.alias:
            names.add(node.asname or node.name.split(".")[0])  # type: ignore[attr-defined]
            continue
        if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            names.add(node.name)  # type: ignore[attr-defined]
            continue
        if kind is ast.ClassDef:
            names.add(node.name)  # type: ignore[attr-defined]
            stack.extend(node.body)  # type: ignore[attr-defined]
            continue
        if isinstance(node, (ast.expr, ast.Lambda)) and kind is not ast.Tuple and kind is not ast.List and kind is not ast.Starred and kind is not ast.NamedExpr:
            continue  # only targets bind (and walrus)
        stack.extend(ast.iter_child_nodes(node))
    return names


class _Binders:
    """The module statements (their tokens, the names they bind) by the names they bind."""

    def __init__(self, module: list[tuple[set[str], set[str]]]) -> None:
        self._module = module
        self._by_name: dict[str, list[int]] = {}
        for number, (_, bound) in enumerate(module):
            for name in bound:
                self._by_name.setdefault(name, []).append(number)
        self._stars = self._by_name.get("*", [])  # `import *`: binds any name

    def resolved(self, tokens: set[str]) -> set[str]:
        """A unit's tokens and those of the module statements binding the names it uses, and
        so on: where imports and assignments make its names resolve to what rules ask for.
        Each statement is looked up by the names it binds, not tested against every word."""
        words = set(tokens)
        pending = [*self._stars, *(number for word in words for number in self._by_name.get(word, ()))]
        taken: set[int] = set()
        while pending:
            number = pending.pop()
            if number in taken:
                continue
            taken.add(number)
            new = self._module[number][0] - words
            words |= new
            pending.extend(other for word in new for other in self._by_name.get(word, ()))
        return words


def _names(statement: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> frozenset[str]:
    names = {statement.name}
    if isinstance(statement, ast.ClassDef):
        names.update(member.name for member in statement.body if isinstance(member, _DEFINITIONS))
    return frozenset(names)


def _stub(statement: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, lines: list[str], length: int, at: str) -> list[str]:
    """A definition of the same name and body shape (an indented block at the body's indent,
    or a one-line suite), so comments after it attach where they did."""
    header = at + (f"class {statement.name}:" if isinstance(statement, ast.ClassDef) else f"def {statement.name}():")
    body = statement.body[0]
    indent = lines[body.lineno - 1][: body.col_offset]  # bytes == characters for whitespace
    if indent.strip(" \t") or not indent or length < 2:
        return [f"{header} pass"]
    return [header, f"{indent}pass"]


def _needed(
    units: list[_Unit], taint_seeds: list[int], refined_seeds: list[int], loose: Sequence[set[str]] = (), links: Callable[[int], set[int]] | None = None,
) -> set[int]:
    """Seeds and the units they name, transitively; from taint seeds also the units naming
    them (callers) and those `links` joins them to (_AttributeLinks), so a whole web of calls
    that input may travel stays. `loose`: the tokens of code that is no unit but names units
    as a refined seed does (_loose_callers)."""
    kept: set[int] = set()
    if not taint_seeds and not refined_seeds and not loose:
        return kept
    holders: dict[str, set[int]] = {}  # name -> the units it names
    for target, unit in enumerate(units):
        for name in unit.names:
            holders.setdefault(name, set()).add(target)
    named_by: dict[int, set[int]] = {i: set() for i in range(len(units))}  # unit -> units naming it
    names: dict[int, set[int]] = {}  # unit -> units it names
    for user, unit in enumerate(units):
        targets = set().union(*(holders[name] for name in unit.tokens.intersection(holders)))
        targets.discard(user)
        names[user] = targets
        for target in targets:
            named_by[target].add(user)
    _reach(kept, taint_seeds, lambda i: names[i] | named_by[i] | (links(i) if links is not None else set()))
    called = [target for tokens in loose for name in tokens.intersection(holders) for target in holders[name]]  # kept is a set: order is moot
    _reach(kept, [*refined_seeds, *called], lambda i: names[i])
    return kept


class _AttributeLinks:
    """Members of one top-level class joined (both ways) when one sets an attribute on its
    first parameter (`self.path = ...`) and the other's words name that attribute: data flow
    carries a value set from input in one method to another reading `self.path`, though
    neither names the other. A class's attributes are read only once data flow reaches one
    of its members (most classes of a long file never are)."""

    def __init__(self, tree: ast.Module, units: list[_Unit]) -> None:
        self.units = units
        index = {id(unit.node): i for i, unit in enumerate(units)}
        self.members: dict[int, list[int]] = {}  # unit -> the units of its class
        for statement in tree.body:
            if isinstance(statement, ast.ClassDef):
                members = [index[id(node)] for node in statement.body if id(node) in index]
                for member in members:
                    self.members[member] = members
        self.links: dict[int, set[int]] = {}
        self.read: set[int] = set()  # classes read, by their first member

    def __call__(self, unit: int) -> set[int]:
        members = self.members.get(unit)
        if members is not None and members[0] not in self.read:
            self.read.add(members[0])
            self._read(members)
        return self.links.get(unit, set())

    def _read(self, members: list[int]) -> None:
        setters: dict[str, set[int]] = {}  # attribute -> the members setting it
        for member in members:
            node = self.units[member].node
            if not isinstance(node, ast.ClassDef):
                for attribute in _set_attributes(node):  # type: ignore[arg-type]
                    setters.setdefault(attribute, set()).add(member)
        for reader in members:
            for attribute in self.units[reader].tokens.intersection(setters):
                for setter in setters[attribute] - {reader}:
                    self.links.setdefault(setter, set()).add(reader)
                    self.links.setdefault(reader, set()).add(setter)


def _set_attributes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The attributes a method sets on its first parameter (`self.a = `, `self.a, self.b = `,
    `for self.a in`, `with ... as self.a`): only the statements' targets are looked into."""
    parameters = [*function.args.posonlyargs, *function.args.args]
    if not parameters:
        return set()
    owner = parameters[0].arg
    found = set()
    for statement in _statements(function.body):
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
            targets = [statement.target]
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            targets = [item.optional_vars for item in statement.items if item.optional_vars is not None]
        else:
            continue
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == owner:
                    found.add(node.attr)
    return found


def _reach(kept: set[int], seeds: Iterable[int], neighbours: Callable[[int], set[int]]) -> None:
    stack = [seed for seed in seeds if seed not in kept]
    kept.update(stack)
    while stack:
        for other in neighbours(stack.pop()):
            if other not in kept:
                kept.add(other)
                stack.append(other)


def _stub_out(lines: list[str], unit: _Unit) -> None:
    """Replace the unit's lines by its stub and blank lines, each keeping its line ending."""
    for offset, number in enumerate(range(unit.first, unit.last + 1)):
        line = lines[number]
        ending = line[len(line.rstrip("\r\n")) :]
        lines[number] = (unit.stub[offset] if offset < len(unit.stub) else "") + ending


def project_imports(tree: ast.Module, in_project: Callable[[str], bool]) -> frozenset[str]:
    """The names bound by imports of project modules (relative, or whose top-level name
    `in_project` holds: Project.holds) anywhere in the module's code, "*" for a star import.
    A function can get input from another module of the project only through a call the
    summaries resolve through such a name (summaries.same_file_lookup), so a unit naming none
    of them (with the module statements binding its names) gets none that way."""
    names: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.ImportFrom):
            if node.level or (node.module and in_project(node.module.split(".")[0])):
                names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.asname or alias.name.split(".")[0] for alias in node.names if in_project(alias.name.split(".")[0]))
    return frozenset(names)


def _statements(body: list[ast.stmt]) -> Iterable[ast.AST]:
    """Every statement, at any depth (imports are statements: no need to visit expressions)."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                stack.extend(inner)
