"""Render a rule's `fix` template into text edits for one finding.

The template is parsed with LibCST, its metavariables are replaced by the matched code (the
nodes themselves, so their comments and formatting come along) and the edit covers only the
reported range, so everything around the match is kept. Module names in the template are
written the way the file imports them (`y.safe_load` after `import yaml as y`); a module the
file does not import yet gets an `import` line after the docstring and `__future__` imports.
"""

from __future__ import annotations

import ast
import builtins
import re
from functools import lru_cache
from typing import Mapping, Sequence

import libcst as cst

from .document_caches import kept_by_node
from .formula import code_of
from .matcher import descendants
from .model import Fix, FixTemplate, Position, Span, TextEdit
from .patterns import is_ellipsis_metavar, is_metavar, metavar_placeholder, plain_dotted, to_placeholders
from .resolver import ImportBinding, Scope, dotted_name

_BUILTIN_NAMES = frozenset(dir(builtins))
# `$NAME`, or `${NAME:upper}`: a text metavariable spliced in upper-cased (an environment
# variable named after the matched keyword).
_TEMPLATE_METAVAR = re.compile(r"\$(?:(?P<name>[A-Z_][A-Z0-9_]*)|\{(?P<upper>[A-Z_][A-Z0-9_]*):upper\})")
_WORD = re.compile(r"[A-Za-z_]\w*")
_ROOT = re.compile(r"(?<![\w.$])[A-Za-z_]\w*")  # a word not after `.`: maybe the root of a dotted chain


class _Render(cst.CSTTransformer):
    """Swaps placeholders for bound code and module roots for the file's aliases."""

    def __init__(self, bindings: Mapping[str, object], renames: Mapping[str, str]) -> None:
        super().__init__()
        self.bindings = bindings
        self.renames = renames

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        args: list[cst.Arg] = []
        for arg in updated.args:
            value = arg.value
            if arg.keyword is None and isinstance(value, cst.Name) and is_ellipsis_metavar(value.value):
                if value.value not in self.bindings:
                    raise _Unrenderable(f"metavariable {value.value} is not bound by this match")
                bound = self.bindings[value.value]
                args.extend(a for a in bound if isinstance(a, cst.Arg))  # type: ignore[union-attr]
            else:
                args.append(arg)
        cleaned = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
        return updated.with_changes(args=cleaned)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return plain_dotted(node) is None  # a whole dotted chain is rewritten in leave_Attribute

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        chain = plain_dotted(original)
        if chain is not None and chain in self.renames:
            return cst.parse_expression(self.renames[chain])
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if is_metavar(updated.value):
            bound = self.bindings.get(updated.value)
            if isinstance(bound, cst.BaseExpression):
                return bound
            if isinstance(bound, cst.Name):
                return bound
            raise _Unrenderable(f"metavariable {updated.value} is not bound to an expression")
        if updated.value in self.renames:
            return updated.with_changes(value=self.renames[updated.value])
        return updated


class _Unrenderable(Exception):
    pass


def _dotted_chains(node: cst.CSTNode) -> set[str]:
    """Names the template looks up, as whole dotted chains (`defusedxml.ElementTree.parse`),
    not attributes of other values or keyword names; metavariables excluded."""
    found: set[str] = set()

    def visit(current: cst.CSTNode) -> None:
        if isinstance(current, (cst.Name, cst.Attribute)):
            if dotted_name(current) is not None:  # a whole chain: kept unless it holds a metavariable
                chain = plain_dotted(current)
                if chain is not None:
                    found.add(chain)
                return
            if isinstance(current, cst.Attribute):
                visit(current.value)
                return
        if isinstance(current, cst.Arg):
            visit(current.value)
            return
        for child in current.children:
            visit(child)

    visit(node)
    return found


def _spelling(chain: str, scope: Scope) -> tuple[str, str | None] | None:
    """How this file writes `chain`, and the module to import for it (if any).

    The longest prefix the file imports under some name is used (`SafeET.parse` after
    `import defusedxml.ElementTree as SafeET`); an unbound root is imported; a root bound
    to something else makes the fix impossible here (None).
    """
    parts = chain.split(".")
    for length in range(len(parts), 0, -1):
        alias = scope.alias_for(".".join(parts[:length]))
        if alias is not None:
            return ".".join([alias, *parts[length:]]), None
    root = parts[0]
    found = scope.lookup(root)
    if found is None:
        return chain, (None if root in _BUILTIN_NAMES else root)
    return None


def _template_source(template: str, bindings: Mapping[str, object]) -> tuple[str, frozenset[str]]:
    """The template as parseable text: metavariables become placeholders, except each `$NAME`
    bound to text (a named regex group), which is spliced in as that text. Also the names
    that only the spliced text uses: they are the file's own code, not modules to import."""
    pieces: list[str] = []
    spliced: set[str] = set()
    start = 0
    for found in _TEMPLATE_METAVAR.finditer(template):
        upper = found.group("upper")
        value = bindings.get(metavar_placeholder("$" + (upper or found.group("name"))))
        if upper is not None and not isinstance(value, str):
            raise _Unrenderable(f"${{{upper}:upper}} needs text bound by a named regex group")
        if isinstance(value, str):
            value = value.upper() if upper is not None else value
            pieces += [to_placeholders(template[start : found.start()]), value]
            spliced.update(_WORD.findall(value))
            start = found.end()
    pieces.append(to_placeholders(template[start:]))
    own = set(_WORD.findall(_TEMPLATE_METAVAR.sub(" ", template)))
    return "".join(pieces).strip(), frozenset(spliced - own)


@lru_cache(maxsize=1024)
def _parsed_template(source: str) -> tuple[cst.CSTNode, tuple[str, ...], tuple[str, ...]]:
    """The template's tree, its dotted chains, sorted, and the metavariables it holds (what
    `_Render` reads of a match's bindings). Kept per text: a keystroke in a function with
    findings renders their fixes again, and parsing the template and walking its `children`
    cost most of that; LibCST trees are immutable, so one tree serves all."""
    try:
        tree: cst.CSTNode = cst.parse_expression(source)
    except cst.ParserSyntaxError:
        tree = cst.parse_module(source + "\n")
    names = {node.value for node in descendants(tree) if type(node) is cst.Name and (is_metavar(node.value) or is_ellipsis_metavar(node.value))}
    return tree, tuple(sorted(_dotted_chains(tree))), tuple(sorted(names))


class FixTexts:
    """The texts of the fixes rendered for one document, by template, renames and the nodes
    bound to the template's metavariables (held, so their ids stay theirs), and how many were
    rendered (not found here). A keystroke in a function checked whole (its data flow) finds
    again the findings of the statements it did not touch, bound to the same nodes: the text
    is the same, where rendering it (LibCST's transformer over the template, then its code)
    costs ~0.3-0.5 ms a fix."""

    LIMIT = 1024  # texts kept: dropped all at once past it

    def __init__(self) -> None:
        self.texts: dict[tuple[object, ...], tuple[tuple[object, ...], str]] = {}
        self.rendered = 0

    def text(self, source: str, tree: cst.CSTNode, used: tuple[str, ...], bindings: Mapping[str, object], renames: Mapping[str, str]) -> str:
        """The fix's code: `tree` (the template parsed from `source`) with its metavariables
        `used` swapped for their bound code and module roots for `renames`."""
        values = tuple(bindings.get(name) for name in used)
        key = (source, tuple(sorted(renames.items())), tuple(_identity(value) for value in values))
        known = self.texts.get(key)
        if known is not None:  # the same ids of values held since: the same nodes
            return known[1]
        rendered = tree.visit(_Render(bindings, renames))
        self.rendered += 1
        text = cst.Module(body=[]).code_for_node(rendered)
        if isinstance(rendered, cst.Module):
            text = text.rstrip("\n")
        if len(self.texts) >= self.LIMIT:
            self.texts.clear()
        self.texts[key] = (values, text)
        return text


def _identity(value: object) -> object:
    """What tells a bound value apart while it is held: its id, or its items' for a run of
    arguments (a tuple made anew at each match)."""
    return tuple(map(id, value)) if type(value) is tuple else id(value)


def render_fix(
    spec: FixTemplate,
    bindings: Mapping[str, object],
    span: Span,
    scope: Scope,
    import_line: int,
    line_above: tuple[Position, str] | None = None,
    texts: FixTexts | None = None,
) -> Fix | None:
    """One fix for one finding, or None when it cannot be written safely in this file (or the
    template uses a metavariable this match did not bind: a fix for another shape).

    A `before-statement` fix is a new line at `line_above` (where the statement holding the
    match starts, and its indentation); without that place it is not offered. `texts` (the
    document's, kept across checks) finds a text rendered before from the same nodes."""
    if spec.placement == "before-statement" and line_above is None:
        return None
    try:
        source, spliced = _template_source(spec.template, bindings)
        tree, chains, used = _parsed_template(source)
    except (cst.ParserSyntaxError, _Unrenderable):
        return None  # the text a regex group took makes no Python here
    renames: dict[str, str] = {}
    needed: list[str] = []
    for chain in chains:
        if chain.split(".")[0] in spliced:
            continue  # the matched code's own names, written as this file writes them
        spelling = _spelling(chain, scope)
        if spelling is None:
            return None  # the module's name is taken by something else in this file
        written, module = spelling
        if written != chain:
            renames[chain] = written
        if module is not None:
            needed.append(module)
    for module in spec.imports:
        if module in needed or scope.imports_module(module) or any(
            chain == module or chain.startswith(module + ".") for chain in renames
        ):
            continue  # imported already, or reached through an alias the fix uses
        found = scope.lookup(module.split(".")[0])
        if found is not None and not (isinstance(found[0], ImportBinding) and found[0].qualified == module.split(".")[0]):
            return None  # `import a.b` would rebind a name the file uses for something else
        needed.append(module)
    try:
        text = (texts or FixTexts()).text(source, tree, used, bindings, renames)
    except _Unrenderable:
        return None
    if spec.placement == "before-statement" and line_above is not None:
        at, indent = line_above
        edits = [TextEdit(Span(at, at), indent + text.replace("\n", "\n" + indent) + "\n")]
    else:
        edits = [TextEdit(span, text)]
    imports = _import_lines(needed)
    if imports:
        at = Position(import_line, 0)
        edits.insert(0, TextEdit(Span(at, at), imports))
    return Fix(spec.title, spec.safety, tuple(edits))


def looked_up_names(spec: FixTemplate) -> frozenset[str]:
    """The names rendering `spec` may ask a file's scope about (`_spelling`, the check of its
    `fix-imports`): a statement's fix changes when one of them is bound anew, though its code
    names none. The template's names that are not attributes, keywords or metavariables
    (bound text taken as a metavariable: it is the file's own code); every word not after a
    `.` when the template parses only with the text spliced in. CPython's parser, not
    LibCST's: every rule's templates are read at once, and `ast` does it ~30x faster."""
    source = to_placeholders(_TEMPLATE_METAVAR.sub(lambda found: "$" + (found.group("upper") or found.group("name")), spec.template)).strip()
    tree = _python_tree(source)
    if tree is None:
        names = set(_ROOT.findall(_TEMPLATE_METAVAR.sub(" ", spec.template)))
    else:
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and not is_metavar(node.id) and not is_ellipsis_metavar(node.id)}
    return frozenset(names) | {module.split(".")[0] for module in spec.imports}


def _python_tree(source: str) -> ast.AST | None:
    """The template as an expression, else as statements (as `_parsed_template` reads it)."""
    for text, mode in ((source, "eval"), (source + "\n", "exec")):
        try:
            return ast.parse(text, mode=mode)
        except SyntaxError:
            continue
    return None


def _import_lines(modules: Sequence[str]) -> str:
    """`import a` lines, dropping a module whose submodule is imported too (`a` with `a.b`)."""
    unique = sorted(set(modules))
    kept = [m for m in unique if not any(other.startswith(m + ".") for other in unique)]
    return "".join(f"import {module}\n" for module in kept)


def import_insertion_line(module: cst.Module) -> int:
    """The line where new imports go: after the header, docstring and `__future__` imports.
    Each one's lines are kept by node (document_caches.kept_by_node): a keystroke asks this of
    a new module whose header and first statements are mostly the nodes it kept."""
    line = 1 + sum(kept_by_node(_line_count, empty, _COUNTS_KEPT) for empty in module.header)
    for index, statement in enumerate(module.body):
        if not (_is_docstring(statement) and index == 0) and not _is_future_import(statement):
            break
        line += kept_by_node(_line_count, statement, _COUNTS_KEPT)
    return line


_COUNTS_KEPT = 256  # line counts kept per document: dropped all at once past it


def _line_count(node: cst.CSTNode) -> int:
    return code_of(node).count("\n")


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_future_import(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and all(
            isinstance(small, cst.ImportFrom)
            and isinstance(small.module, cst.Name)
            and small.module.value == "__future__"
            for small in statement.body
        )
    )
