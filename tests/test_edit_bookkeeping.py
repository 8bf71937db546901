"""What a keystroke inside a long class piece does once, not again per question: the blocks on
the way to the edited statement are searched by the re-parse alone (its swaps give the
ancestry the source gate and the checks read: NestedEdit.chain, old_ancestry), and whether the
piece calls the edited function elsewhere is asked of the lines naming it, not of every line.
A keystroke in a module reading no input builds no positions module for the function holding
it (no data flow of it is walked). Counted with a profile hook (sys.setprofile): the functions
run as they are."""

from __future__ import annotations

import sys
from types import CodeType
from typing import Callable

from nested_cases import assert_same_as_scratch
from redline.engine import nesting, word_search
from redline.engine.analysis import AnalysisOptions, Engine
from redline.engine.units import Change, IncrementalDocument

OPTIONS = AnalysisOptions(path="bookkeeping.py")  # every rule


def _method(index: int) -> str:
    return f"""        def step{index}(self, value):
            total = value + {index}
            return total
"""


TEXT = (
    '''import hashlib
import os


class Worker:
    if os.name == "nt":
        def run(self, items):
            if items:
                digest = hashlib.md5(items[0])
                return digest
            return None

'''
    + "\n".join(_method(index) for index in range(30))
    + '''
        def helper(self):
            # run is documented in the README
            return hashlib.sha1(b"")
'''
)


def _outermost_calls(code: CodeType, action: Callable[[], object]) -> int:
    """How many times `action` calls the function of `code` from outside it (its recursion aside)."""
    count = 0

    def hook(frame, event, _arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "call" and frame.f_code is code and (frame.f_back is None or frame.f_back.f_code is not code):
            count += 1

    sys.setprofile(hook)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def _type_x(document: IncrementalDocument, after: str) -> Callable[[], object]:
    """A keystroke typing `x` after the first `after`, as the editor applies it (`defer`)."""
    line = next(i for i, row in enumerate(document.text.splitlines()) if after in row)
    column = document.text.splitlines()[line].index(after) + len(after)
    return lambda: document.apply([Change((line, column), (line, column), "x")], defer=True)


def test_a_nested_keystroke_searches_the_blocks_on_its_way_once(engine: Engine) -> None:
    """`digest = ...` lies in the class, its `if` block, `run` and `if items:`: the re-parse
    swaps the new statement in at each of those 4 levels (one block search each), and the
    checks read the new and old chains it found; `return digest`, which reads the renamed
    name, is checked alone from `if items:` down (one search). On 8954890 the check
    searched the blocks again for the new chain, the old one, the one down to `run` and the
    reader's (19 searches)."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    document.findings()
    checked = document.stats.checked_lines
    searches = _outermost_calls(nesting.route.__code__, _type_x(document, "digest"))
    assert searches == 5
    assert document.stats.checked_lines - checked == 7  # the edited line and its reader alone, `run`'s data flow
    document.check()
    assert_same_as_scratch(document)


def test_whether_the_piece_calls_an_edited_function_is_asked_of_the_lines_naming_it(engine: Engine) -> None:
    """A keystroke in `run` asks whether the rest of the class's `if` block (its other
    methods: ~130 lines) calls `run`: only the comment line naming it is looked at, and it
    holds no call, so `run` is checked alone (on 8954890 every line of the piece outside
    `run` was searched for a call: 125 lines)."""
    document = IncrementalDocument(engine, TEXT, OPTIONS)
    document.findings()
    checked = document.stats.checked_lines
    searched = _outermost_calls(word_search.calls.__code__, _type_x(document, "digest"))
    assert searched == 1
    assert document.stats.checked_lines - checked == 7
    document.check()
    assert_same_as_scratch(document)


def test_a_keystroke_in_a_module_reading_no_input_builds_no_positions_for_its_function(engine: Engine) -> None:
    """With a plain function after the class, the first open leaves units lazy and the source
    gate finds no input in the module: no data flow starts in `run`, so only the edited line
    and its reader are checked, each in a positions module of its own (2 built). On 882e305
    the check built one for `run` too (3), which only a walk of `run` reads."""
    document = IncrementalDocument(engine, TEXT + "\n\ndef unrelated(value):\n    return value + 1\n", OPTIONS)
    document.findings()
    checked = document.stats.checked_lines
    built = _outermost_calls(nesting.positions_module.__code__, _type_x(document, "digest"))
    assert built == 2
    assert document.stats.checked_lines - checked == 2  # the edited line and its reader
    document.check()
    assert_same_as_scratch(document)
