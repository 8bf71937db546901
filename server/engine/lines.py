"""Lines as LSP counts them: broken at \\r\\n, \\r and \\n, never at form feeds."""

from __future__ import annotations

import re

_LINE_SPLIT = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
_BREAKS = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split where LSP splits them (\\r\\n, \\r, \\n; never \\f)."""
    return _LINE_SPLIT.split(text)


def count_breaks(text: str) -> int:
    return len(_BREAKS.findall(text)) if "\r" in text else text.count("\n")
