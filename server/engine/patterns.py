"""Turn a pattern's text into a LibCST tree the matcher can compare with code.

Pattern syntax that is not Python (`$X`, `$...ARGS`, `...` as a parameter) is rewritten to
placeholder identifiers before parsing, and recognised by the matcher afterwards. Each compiled
pattern also says what can start a match (its root node type and, for calls, the callee), so
the checker can index rules and look at each node of a file once.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache

import libcst as cst

from .resolver import all_params, dotted_name

METAVAR_PREFIX = "__rl_mv_"
ELLIPSIS_ARGS_PREFIX = "__rl_ells_"
PARAM_ELLIPSIS = "__rl_params__"
ARG_GAP = "__rl_gap__"
STRING_KEY = "String"  # index key of a pattern that is a string literal
STRING_NODE_TYPES = ("SimpleString", "ConcatenatedString", "FormattedString")

_ELLIPSIS_METAVAR = re.compile(r"\$\.\.\.([A-Z_][A-Z0-9_]*)")
_METAVAR = re.compile(r"\$([A-Z_][A-Z0-9_]*)")
_DEF_PARAMS = re.compile(r"(\bdef\s+[\w$]+\s*\()([^)]*)(\))")
_BARE_ELLIPSIS_PARAM = re.compile(r"(?<![\w.])\.\.\.(?![\w.])")
# `f(..., key=v, ...)` is not Python (positional after keyword); `*gap` is, so gaps become that.
_ARG_GAP = re.compile(r"(?<=[(,])(\s*)(\.\.\.|" + ELLIPSIS_ARGS_PREFIX + r"\w+)(?=\s*[,)])")


class PatternError(ValueError):
    """A pattern that does not parse or uses syntax Redline does not support."""


def is_metavar(name: str) -> bool:
    return name.startswith(METAVAR_PREFIX)


def is_ellipsis_metavar(name: str) -> bool:
    return name.startswith(ELLIPSIS_ARGS_PREFIX)


def unpacks_keywords(call: cst.Call) -> bool:
    """Whether a call passes a `**` argument: else no pattern keyed `double_star` matches it."""
    return any(arg.star == "**" for arg in call.args)


def _unpacks(arg: cst.Arg) -> bool:
    """Whether a pattern's argument is `**` over one value (not over a gap, matcher.is_gap)."""
    value = arg.value
    return arg.star == "**" and type(value) is not cst.Ellipsis and not (type(value) is cst.Name and (is_ellipsis_metavar(value.value) or value.value == ARG_GAP))


def _placeholder(name: str) -> bool:
    """Whether a name in a pattern stands for something else (a metavariable or a gap)."""
    return is_metavar(name) or is_ellipsis_metavar(name) or name in (PARAM_ELLIPSIS, ARG_GAP)


def metavar_display(name: str) -> str:
    """`__rl_mv_X` → `$X`, `__rl_ells_ARGS` → `$...ARGS`."""
    if is_metavar(name):
        return "$" + name[len(METAVAR_PREFIX) :]
    if is_ellipsis_metavar(name):
        return "$..." + name[len(ELLIPSIS_ARGS_PREFIX) :]
    return name


def metavar_placeholder(display: str) -> str:
    """`$X` → `__rl_mv_X`, `$...ARGS` → `__rl_ells_ARGS` (the inverse of metavar_display)."""
    match = _ELLIPSIS_METAVAR.fullmatch(display)
    if match:
        return ELLIPSIS_ARGS_PREFIX + match.group(1)
    match = _METAVAR.fullmatch(display)
    if match:
        return METAVAR_PREFIX + match.group(1)
    raise PatternError(f"{display!r} is not a metavariable (write $NAME in upper case)")


def to_placeholders(text: str) -> str:
    """Rewrite metavariables and parameter ellipses into parseable identifiers."""
    text = _ELLIPSIS_METAVAR.sub(lambda m: ELLIPSIS_ARGS_PREFIX + m.group(1), text)
    text = _METAVAR.sub(lambda m: METAVAR_PREFIX + m.group(1), text)

    def params(match: re.Match[str]) -> str:
        inner = _BARE_ELLIPSIS_PARAM.sub(PARAM_ELLIPSIS, match.group(2))
        return match.group(1) + inner + match.group(3)

    return _DEF_PARAMS.sub(params, text)


def plain_dotted(node: cst.CSTNode) -> str | None:
    """`a.b.c` for a Name/Attribute chain with no metavariable in it, else None."""
    dotted = dotted_name(node)
    if dotted is None or any(is_metavar(part) or is_ellipsis_metavar(part) for part in dotted.split(".")):
        return None
    return dotted


def called_name(node: cst.CSTNode) -> str | None:
    """A callee's name as resolver.qualified_name writes it: `a.b` for a plain dotted name,
    `a.b()` for what calling it returns (`sh.Command("bash")("-c", ...)`); else None."""
    if isinstance(node, cst.Call):
        inner = called_name(node.func)
        return f"{inner}()" if inner is not None else None
    return plain_dotted(node)


def _string_key(target: cst.BaseExpression) -> str | None:
    """`"DEBUG"` of a subscript `x["DEBUG"]` with one string literal as its key, else None."""
    if not isinstance(target, cst.Subscript) or len(target.slice) != 1:
        return None
    index = target.slice[0].slice
    if not isinstance(index, cst.Index) or not isinstance(index.value, cst.SimpleString):
        return None
    value = index.value.evaluated_value
    return value if isinstance(value, str) else None


ANY_KEY = ""  # subscript_keys of a target whose key is no string literal: it may be any


def subscript_keys(node: cst.Assign) -> set[str]:
    """The string keys of an assignment's subscript targets, as IndexKey.keyword gives them.
    A key that is not a string literal may still be a constant string (`config[NAME]`, which
    a pattern's `"DEBUG"` matches): it gives ANY_KEY."""
    keys = set()
    for target in node.targets:
        if isinstance(target.target, cst.Subscript):
            key = _string_key(target.target)
            keys.add(ANY_KEY if key is None else key)
    return keys


def target_may_hold(node: cst.Assign | cst.AnnAssign, words: frozenset[str]) -> bool:
    """Whether an assignment's target code may hold one of `words` (lower-cased, made of
    word characters). Only plain names and dotted names (`self.api_key`, no parentheses)
    are read: their code is their identifiers joined by dots, so a word of it lies inside
    one identifier. Any other target (a subscript, a tuple), or one that is not ASCII, may."""
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
    for target in targets:
        names = _plain_names(target)
        if names is None:
            return True
        text = ".".join(names)
        if not text.isascii() or any(word in text.lower() for word in words):
            return True
    return False


def _plain_names(node: object) -> list[str] | None:
    """The identifiers of `a.b.c` written without parentheses, else None."""
    names: list[str] = []
    while isinstance(node, cst.Attribute) and not node.lpar:
        names.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name) or node.lpar:
        return None
    names.append(node.value)
    return names


def is_ellipsis_statement(node: cst.CSTNode) -> bool:
    """A statement that is just `...`: a gap of any statements in a pattern."""
    return (
        isinstance(node, cst.SimpleStatementLine)
        and len(node.body) == 1
        and isinstance(node.body[0], cst.Expr)
        and isinstance(node.body[0].value, cst.Ellipsis)
    )


@dataclass(frozen=True)
class IndexKey:
    """What a node must be for a pattern to possibly match it.

    `node_type` is the LibCST class name. For calls, `callee` is the qualified callee name,
    `method` the attribute name of a `$OBJ.method(...)` callee (for an assignment: of its
    `$OBJ.attr = ...` target), or `keyword` a keyword
    argument the call must have; all None means any call. For a dotted name (`ssl.CERT_NONE`)
    `callee` is the qualified name itself. For a function definition, `keyword` is a
    parameter it must have; for an assignment, the string key of its subscript target
    (`$APP.config["DEBUG"] = ...`: subscript_keys).
    """

    node_type: str
    callee: str | None = None
    method: str | None = None
    keyword: str | None = None
    prefix: str | None = None  # `hashlib.$FN(...)`: the callee's qualified name without its last part
    # An assignment to a metavariable limited by a regex (`$NAME = ...`, `hardcoded-password`):
    # lower-cased words one of which a target's code must hold (target_may_hold).
    words: frozenset[str] | None = None
    # A call of any callee passing `**$X` (`mass-assignment`'s `$CALL(..., **$DATA)`): the
    # matcher matches a `**` argument only with a `**` argument, so a call without one is not tried.
    double_star: bool = False


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern: a single node, or a sequence of statements."""

    text: str
    node: cst.CSTNode | None
    sequence: tuple[cst.BaseStatement, ...] = ()

    @property
    def is_sequence(self) -> bool:
        return self.node is None

    def index_key(self) -> IndexKey | None:
        """None when the pattern can start anywhere (a bare metavariable or a sequence)."""
        node = self.node
        if node is None:
            return None
        if isinstance(node, cst.Name) and (is_metavar(node.value) or is_ellipsis_metavar(node.value)):
            return None
        if isinstance(node, cst.Ellipsis):
            return None
        if isinstance(node, cst.Call):
            callee = called_name(node.func)
            if callee is not None:
                return IndexKey("Call", callee=callee)
            if isinstance(node.func, cst.Attribute) and not is_metavar(node.func.attr.value):
                return IndexKey("Call", method=node.func.attr.value)
            if isinstance(node.func, cst.Attribute):
                owner = plain_dotted(node.func.value)
                if owner is not None:
                    return IndexKey("Call", prefix=owner)
            keywords = sorted(a.keyword.value for a in node.args if a.keyword is not None and not is_metavar(a.keyword.value))
            if not keywords and any(_unpacks(arg) for arg in node.args):
                return IndexKey("Call", double_star=True)
            return IndexKey("Call", keyword=keywords[0] if keywords else None)
        if isinstance(node, cst.FunctionDef):
            # Each named parameter of the pattern is one of the function's (`hardcoded-password-default`
            # tried every function of a file): key by one of them.
            names = sorted(param.name.value for param in all_params(node.params) if not _placeholder(param.name.value))
            return IndexKey("FunctionDef", keyword=names[0] if names else None)
        if isinstance(node, (cst.Name, cst.Attribute)):
            dotted = plain_dotted(node)
            if dotted is not None:
                return IndexKey(type(node).__name__, callee=dotted)
        if isinstance(node, cst.Assign) and len(node.targets) == 1:
            target = node.targets[0].target
            if isinstance(target, cst.Attribute) and not is_metavar(target.attr.value):
                return IndexKey("Assign", method=target.attr.value)
            key = _string_key(target)
            if key is not None:
                return IndexKey("Assign", keyword=key)
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            # A string pattern standing alone reports string literals; matching the names
            # bound to them too would report each constant again at every use.
            return IndexKey(STRING_KEY)
        return IndexKey(type(node).__name__)


@lru_cache(maxsize=8192)
def compile_pattern(text: str) -> Pattern:
    """Parse pattern text. Raises PatternError with the parser's message when it fails.

    Kept per text: a compiled pattern is immutable, and a third of the built-in rules'
    patterns repeat one another's (`pattern-not` variants, shared sinks), so they share one."""
    if not text or not text.strip():
        raise PatternError("empty pattern")
    source = to_placeholders(text.strip("\n"))
    expression = _parse_expression(source) or _parse_expression(_star_gaps(source))
    if expression is not None:
        return Pattern(text=text, node=expression)
    try:
        module = _parse_statements(source)
    except cst.ParserSyntaxError as error:
        message = str(error).strip().splitlines()[0]
        raise PatternError(f"pattern does not parse as Python: {message}") from None
    body = tuple(module.body)
    if not body:
        raise PatternError("pattern has no code")
    if len(body) == 1:
        only = body[0]
        if isinstance(only, cst.SimpleStatementLine) and len(only.body) == 1:
            return Pattern(text=text, node=only.body[0])
        return Pattern(text=text, node=only)
    return Pattern(text=text, node=None, sequence=body)


def _star_gaps(source: str) -> str:
    def star(match: re.Match[str]) -> str:
        name = ARG_GAP if match.group(2) == "..." else match.group(2)
        return f"{match.group(1)}*{name}"

    return _ARG_GAP.sub(star, source)


def _parse_expression(source: str) -> cst.BaseExpression | None:
    try:
        return cst.parse_expression(source.strip())
    except cst.ParserSyntaxError:
        return None


_PARAM_GAP = re.compile(PARAM_ELLIPSIS + r"(?!\s*=)")
# `import ...`, `from m import a, ...`: a gap among the imported names (after the keyword, so
# the dots of a relative `from ... import x` stay as they are).
_IMPORT_LINE = re.compile(r"^(\s*(?:from\s+\S+\s+)?import\s)(.*)$", re.MULTILINE)
_IMPORT_GAP = re.compile(r"(?<![\w.])\.\.\.(?![\w.])")


def _import_gaps(source: str) -> str:
    return _IMPORT_LINE.sub(lambda m: m.group(1) + _IMPORT_GAP.sub(ARG_GAP, m.group(2)), source)


def _parse_statements(source: str) -> cst.Module:
    """Parse statements, trying the spellings that make gaps valid Python: `*gap` arguments,
    `gap` imported names, and `gap=0` parameters (a gap between parameters with defaults,
    `def f(..., k=$V, ...)`)."""
    text = textwrap.dedent(source) + "\n"
    variants = (text, _star_gaps(text), _import_gaps(text), _PARAM_GAP.sub(PARAM_ELLIPSIS + "=0", text))
    for variant in variants[:-1]:
        try:
            return cst.parse_module(variant)
        except cst.ParserSyntaxError:
            continue
    return cst.parse_module(_star_gaps(variants[-1]))
