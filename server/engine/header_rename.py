"""A compound statement's header with one name renamed, without parsing it again.

A keystroke in a name of a `def` line, an `if`'s test or an `elif`'s (a parameter renamed,
an attribute typed on) changes one identifier of the header: the statement LibCST would
parse from the new lines is the old one with that `Name` renamed, the same tokens and
whitespace around it. unit_reparse.py parsed the header lines again (~2 ms for a ten-line
signature); it takes this node instead when the change is such a rename (`renamed_word`)
and the old header holds that word once, as its one `Name` of that value (`with_renamed`).
"""

from __future__ import annotations

import dataclasses
import keyword
import re

import libcst as cst

from .nesting import BLOCK_FIELDS

_WORD = re.compile(r"\w")
_QUOTES = ("'", '"')


def renamed_word(old: str, new: str) -> tuple[str, str] | None:
    """The identifier of `old` that `new` spells otherwise, when the texts differ in it alone
    (its characters only); None for any other change, or where either spelling is not a
    plain identifier (a keyword, a soft keyword, a number) or is a string's prefix."""
    if old == new:
        return None
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    if not all(_WORD.match(char) for char in old[prefix : len(old) - suffix] + new[prefix : len(new) - suffix]):
        return None
    low = prefix
    while low > 0 and _WORD.match(old[low - 1]):
        low -= 1
    high = len(old) - suffix
    while high < len(old) and _WORD.match(old[high]):
        high += 1
    tail = len(old) - high  # the same characters end both texts
    was, now = old[low:high], new[low : len(new) - tail]
    if tail and old[high] in _QUOTES:
        return None
    if not (_plain(was) and _plain(now)):
        return None
    return was, now


def _plain(word: str) -> bool:
    """An identifier that is no keyword, soft or hard."""
    return word.isidentifier() and not keyword.iskeyword(word) and not keyword.issoftkeyword(word)


def with_renamed(statement: cst.CSTNode, text: str, was: str, now: str) -> cst.CSTNode | None:
    """`statement` with the `Name` `was` of its header (its fields but its blocks) spelt `now`,
    when `text`, its old header lines, holds `was` once as a word and the header one such
    `Name`: then that `Name` is the word renamed. None otherwise. The nodes on the way to it
    are copied, the rest shared (libcst's `children` and `deep_replace` visit every node of
    the header: as dear as parsing it)."""
    if len(re.findall(rf"(?<!\w){re.escape(was)}(?!\w)", text)) != 1:
        return None
    entries: list[tuple[cst.CSTNode, int, str, int | None]] = [(statement, -1, "", None)]  # a node, its holder's entry, the field and index holding it
    found: list[int] = []
    at = 0
    while at < len(entries):
        node = entries[at][0]
        if type(node) is cst.Name:
            if node.value == was:  # type: ignore[attr-defined]
                found.append(at)
        else:
            for field in _fields(node):
                if at == 0 and field in BLOCK_FIELDS:
                    continue
                value = getattr(node, field)
                if type(value) in (list, tuple):
                    entries.extend((item, at, field, index) for index, item in enumerate(value) if _fields(item))
                elif _fields(value):
                    entries.append((value, at, field, None))
        at += 1
    if len(found) != 1:
        return None
    renamed, _, field, index = entries[found[0]]
    node = renamed.with_changes(value=now)
    holder = entries[found[0]][1]
    while holder >= 0:
        parent, above, parent_field, parent_index = entries[holder]
        if index is None:
            node = parent.with_changes(**{field: node})
        else:
            value = getattr(parent, field)
            items = list(value)
            items[index] = node
            node = parent.with_changes(**{field: tuple(items) if isinstance(value, tuple) else items})
        holder, field, index = above, parent_field, parent_index
    return node


# Nodes holding no `Name`: whitespace, punctuation, operators, literals (not walked into).
_NAMELESS = (
    cst.BaseParenthesizableWhitespace, cst.TrailingWhitespace, cst.EmptyLine, cst.Newline, cst.Comment, cst.Comma, cst.Dot,
    cst.AssignEqual, cst.Colon, cst.LeftParen, cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace,
    cst.RightCurlyBrace, cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.SimpleString, cst.Integer,
    cst.Float, cst.Imaginary,
)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(value: object) -> tuple[str, ...]:
    """The fields of a node that may hold a `Name`, found once per type (an ABC's
    `isinstance` on every node of a long signature cost more than the walk): none for a
    value that is no node or a `_NAMELESS` one."""
    names = _FIELDS.get(type(value))
    if names is None:
        kind = type(value)
        names = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind)) if walked(kind) else ()  # type: ignore[arg-type]
    return names


def walked(kind: type) -> bool:
    """Whether a type is a node that may hold a `Name`. Read from its bases, not with
    `issubclass`: LibCST's node classes are ABCs, and an ABC's first `issubclass` of a type
    walks all its subclasses (819 calls, ~1.5 ms of the first `elif` header renamed in a
    process); LibCST registers no virtual subclass, so the bases tell the same."""
    bases = set(kind.__mro__)
    return cst.CSTNode in bases and bases.isdisjoint(_NAMELESS)
