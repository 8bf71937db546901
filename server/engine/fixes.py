"""Render a rule's `fix` template into text edits for one finding.

The template is parsed with LibCST, its metavariables are replaced by the matched code (the
nodes themselves, so their comments and formatting come along) and the edit covers only the
reported range, so everything around the match is kept. Module names in the template are
written the way the file imports them (`y.safe_load` after `import yaml as y`); a module the
file does not import yet gets an `import` line after the docstring and `__future__` imports.
"""

from __future__ import annotations

import builtins
from typing import Mapping, Sequence

import libcst as cst

from .formula import code_of
from .model import Fix, Position, RuleInfo, Span, TextEdit
from .patterns import is_ellipsis_metavar, is_metavar, to_placeholders
from .resolver import ImportBinding, Scope

_BUILTIN_NAMES = frozenset(dir(builtins))


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
                bound = self.bindings.get(value.value, ())
                args.extend(a for a in bound if isinstance(a, cst.Arg))  # type: ignore[union-attr]
            else:
                args.append(arg)
        cleaned = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
        return updated.with_changes(args=cleaned)

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


def _root_names(node: cst.CSTNode) -> set[str]:
    """Names the template looks up (roots of dotted names), not attributes or keywords."""
    found: set[str] = set()

    def visit(current: cst.CSTNode) -> None:
        if isinstance(current, cst.Name):
            found.add(current.value)
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
    return {name for name in found if not is_metavar(name) and not is_ellipsis_metavar(name)}


def _parse_template(template: str) -> cst.CSTNode:
    text = to_placeholders(template.strip())
    try:
        return cst.parse_expression(text)
    except cst.ParserSyntaxError:
        return cst.parse_module(text + "\n")


def render_fix(
    info: RuleInfo,
    bindings: Mapping[str, object],
    span: Span,
    scope: Scope,
    import_line: int,
) -> Fix | None:
    """The fix for one finding, or None when it cannot be written safely in this file."""
    if info.fix_template is None:
        return None
    tree = _parse_template(info.fix_template)
    renames: dict[str, str] = {}
    needed: list[str] = []
    for root in sorted(_root_names(tree)):
        if root in _BUILTIN_NAMES and scope.lookup(root) is None:
            continue
        found = scope.lookup(root)
        if found is not None and isinstance(found[0], ImportBinding) and found[0].qualified == root:
            continue
        alias = scope.alias_for(root)
        if alias is not None:
            renames[root] = alias
        elif found is None:
            needed.append(root)
        else:
            return None  # the module's name is taken by something else in this file
    for module in info.fix_imports:
        root = module.split(".")[0]
        if module not in needed and not scope.imports_module(module):
            if root in renames or (scope.lookup(root) is not None and not scope.imports_module(root)):
                if module != root:
                    return None
                continue
            needed.append(module)
    try:
        rendered = tree.visit(_Render(bindings, renames))
    except _Unrenderable:
        return None
    text = cst.Module(body=[]).code_for_node(rendered)
    if isinstance(rendered, cst.Module):
        text = text.rstrip("\n")
    edits = [TextEdit(span, text)]
    imports = _import_lines(needed)
    if imports:
        at = Position(import_line, 0)
        edits.insert(0, TextEdit(Span(at, at), imports))
    title = info.fix_title or f"Apply the fix for {info.id}"
    return Fix(title, info.fix_safety, tuple(edits))


def _import_lines(modules: Sequence[str]) -> str:
    """`import a` lines, dropping a module whose submodule is imported too (`a` with `a.b`)."""
    unique = sorted(set(modules))
    kept = [m for m in unique if not any(other.startswith(m + ".") for other in unique)]
    return "".join(f"import {module}\n" for module in kept)


def import_insertion_line(module: cst.Module) -> int:
    """The line where new imports go: after the header, docstring and `__future__` imports."""
    line = 1 + sum(code_of(empty).count("\n") for empty in module.header)
    for index, statement in enumerate(module.body):
        if not (_is_docstring(statement) and index == 0) and not _is_future_import(statement):
            break
        line += code_of(statement).count("\n")
    return line


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
