"""Sparse parsing resolves a unit's words through the module statements binding them
(sparse._Binders, looked up by name): the words are those of the fixpoint its plain
definition gives, with `import *` binding any name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redline.engine.sparse import _Binders

NAMES = st.sampled_from(["os", "path", "run", "request", "x", "y", "*"])
STATEMENTS = st.lists(st.tuples(st.sets(NAMES, max_size=3), st.sets(NAMES, max_size=2)), max_size=8)


def _fixpoint(tokens: set[str], module: list[tuple[set[str], set[str]]]) -> set[str]:
    """The definition: take every statement binding a word (or `*`) until none is left."""
    words, left = set(tokens), list(module)
    while True:
        taken = [item for item in left if "*" in item[1] or not item[1].isdisjoint(words)]
        if not taken:
            return words
        for statement_tokens, _ in taken:
            words |= statement_tokens
        left = [item for item in left if all(item is not t for t in taken)]


@given(st.sets(NAMES.filter(lambda n: n != "*"), max_size=3), STATEMENTS)
def test_resolved_words_are_the_fixpoint(tokens: set[str], module: list[tuple[set[str], set[str]]]) -> None:
    assert _Binders(module).resolved(tokens) == _fixpoint(tokens, module)


def test_a_chain_of_bindings_is_followed() -> None:
    module = [({"import", "subprocess"}, {"subprocess"}), ({"run", "subprocess", "call"}, {"run"}), ({"unused"}, {"other"})]
    assert _Binders(module).resolved({"run"}) == {"run", "subprocess", "call", "import"}
