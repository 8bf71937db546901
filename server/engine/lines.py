"""Lines as LSP counts them: broken at \\r\\n, \\r and \\n, never at form feeds."""

from __future__ import annotations

import io
import re
import tokenize
from typing import Sequence, overload

_LINE_SPLIT = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
_BREAKS = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split where LSP splits them (\\r\\n, \\r, \\n; never \\f).
    Without a lone \\r, every break ends in \\n: str.split is ten times the regex's speed
    (a zero-width pattern is tried at every character; the CLI splits each file three times)."""
    if text.count("\r") != text.count("\r\n"):
        return _LINE_SPLIT.split(text)
    lines = text.split("\n")
    last = lines.pop()
    lines = [line + "\n" for line in lines]
    lines.append(last)
    return lines


def count_breaks(text: str) -> int:
    return len(_BREAKS.findall(text)) if "\r" in text else text.count("\n")


def same_tokens(old: str, new: str) -> bool:
    """Whether two texts differ only in whitespace at the ends of lines outside strings: the
    same tokens (comments included) at the same places, so the same findings. Texts that do
    not tokenize count as different."""
    if old == new:
        return True
    old_lines, new_lines = old.splitlines(), new.splitlines()
    if len(old_lines) != len(new_lines) or any(a.rstrip() != b.rstrip() for a, b in zip(old_lines, new_lines)):
        return False
    try:
        return _tokens(old) == _tokens(new)  # trailing spaces inside a string change its value
    except (tokenize.TokenError, SyntaxError):
        return False


def _tokens(text: str) -> list[tuple]:
    """Tokens with their places; a comment's spaces at the line's end do not count."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            found.append((token.type, token.string.rstrip(), token.start))
        elif token.type not in (tokenize.NEWLINE, tokenize.NL):
            found.append((token.type, token.string, token.start, token.end))
    return found


class Stripped(Sequence[str]):
    """Lines without their endings, stripped as they are read: a view for code that reads a
    few lines of a long text, instead of a stripped copy of every line per keystroke."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [line.rstrip("\r\n") for line in self._lines[index]]
        return self._lines[index].rstrip("\r\n")
