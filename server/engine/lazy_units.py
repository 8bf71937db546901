"""Which units first open may leave unparsed: those no enabled rule can match (lazy units).

The editor runs fewer rules than the CLI (the `vuln` tier by default), and most top-level
functions and class members of a file hold nothing any of them could match. As in the CLI's
sparse parsing (sparse.py), CPython's parser reads the text first; a definition no enabled
rule needs is replaced by a stub of the same name and shape before LibCST parses the text,
and stays a *lazy unit* (units.py) until something makes it needed: an edit of it after which
first open would no longer leave it lazy (`LazyContext.stays_lazy`), a rule its words make
possible, an edit of module code it names.

A definition is judged by its words, as in sparse.py, with one difference: its words are
resolved only through the names it leaves to the module (CPython's symbol table: names it
neither binds nor gets as a parameter, and those of its decorators, defaults and
annotations). A local variable that happens to share a name with a module-level statement
does not pull that statement's words in, nor does a method share its name with the class
statement around it: in a long file those coincidences chain most statements together and
leave nothing lazy.

Kept beyond the definitions a pattern rule may match: those that may hold a taint source
(by their words), so that the source gate (taint/gate.py) sees every source; whether data
flow runs at all is its answer on the parsed module, and when it does the document parses
every unit (units.py). And the callees, as data flow finds them, of the definitions where
a rule that data flow refines may match (refinement.py: a callee's summary may prove the
value clean).
"""

from __future__ import annotations

import ast
import io
import re
import symtable
import tokenize
from dataclasses import dataclass, field, replace
from typing import Callable, Collection, Iterable, Iterator, TypeVar

from .definition_calls import Callees, Calls, KeptCalls, Written, nodes_within
from .edit_markers import EditMarkers
from .lines import split_lines
from .piece_tokens import PieceTokens
from .prefilter import IDENTIFIER
from .sparse import Needs, Wanted, cpython_tree, header_parts, loose_code
from .sparse import _bound as bound_names
from .sparse import _DEFINITIONS
from .sparse import _names as names_of
from .sparse import _stub as stub_of
from .sparse import _Unit as Stubbed
from .sparse import _definitions as definitions_in

Tokens = Callable[[str], set[str]]
T = TypeVar("T")
_WRAPPER = "class _:\n"
_Alone = tuple[ast.stmt, list[str], str]  # a definition parsed alone: its node, the source's lines, the source


@dataclass
class _Statement:
    """A module statement outside the definitions: its tokens, the names it binds and the
    names it uses (through which its own meaning resolves further)."""

    tokens: set[str]
    binds: set[str]
    uses: set[str]


@dataclass
class LazyContext:
    """What judging a definition again after an edit needs: the rules' needs, the module
    statements its names resolve through, and how a piece of text is cut into tokens."""

    needs: Needs
    module: "_Module"
    tokens_of: Tokens
    watched: frozenset[str] = frozenset()  # names a pattern-inside around a definition needs that the code outside them lacked
    markers: frozenset[str] | None = None  # every requires-text marker `tokens_of` may give (None: unknown)
    edit_markers: EditMarkers | None = None  # bounds a lazy unit's markers after an edit from those it held (None: not kept)
    whole_class: bool = False  # a pattern rule may match a class as a whole (plan's `whole_class`)
    pattern: Wanted | None = None  # the pattern need first open judged with (Needs.pattern_amid, given the names outside the definitions); None: Needs.pattern
    future: str = ""  # the module's `from __future__` imports (_future_imports): a definition's symbol table alone is read under them
    judged_lines: int = 0  # lines CPython parsed to judge edits with refines_into (Stats.judged_lines)
    judged_scopes: int = 0  # symbol tables CPython built to judge edits (Stats.judged_scopes)
    walked_statements: int = 0  # statements of a member judged alone whose calls were walked, not kept (Stats.walked_statements)
    marked_chars: int = 0  # characters of texts whose tokens `tokens_of` read to judge edits, every marker's regex run over them (Stats.marked_chars)
    _kept: KeptCalls | None = field(default=None, init=False, repr=False)  # the calls of the definition last judged alone, per statement
    _around: "_Blocks" = field(default_factory=lambda: _Blocks(), init=False, repr=False)  # those of a piece's text around the definitions judged alone
    _line_start: tuple[int, str] = field(default=(0, ""), init=False, repr=False)  # see _start_of
    _around_edit: "_Identifiers" = field(default_factory=lambda: _Identifiers(), init=False, repr=False)  # those of that definition's text around the lines last edited
    _recent: dict[tuple[str, str, str | None], object] = field(default_factory=dict, init=False, repr=False)  # see _remembered

    def same_meaning(self, old: str, new: str, removed: str = "", added: str = "") -> bool:
        """Whether two texts of a unit can differ in nothing a lazy unit's judgement reads:
        the same code tokens (indentation included) with only spaces, comments and the
        contents of plain string literals changed, and the same words. A docstring edited
        in a module statement leaves every lazy unit as it was. `removed` and `added`: the
        lines the edit replaced in `old` and wrote in `new`, if known; a word of one that
        the other text does not hold is a word of one text alone (a name typed), told
        without reading the identifiers of both (~1.5 ms on a 250-line unit)."""
        if old == new:
            return True
        if any(word not in old for word in IDENTIFIER.findall(added)) or any(word not in new for word in IDENTIFIER.findall(removed)):
            return False
        if set(IDENTIFIER.findall(old)) != self._identifiers_of(new):  # a name typed: no tokenising of the whole unit (~2 ms on a 100-line one)
            return False  # the tokens differ, markers never being identifiers: no marker regexes over the old text (~3 ms on a 250-line one)
        if self._tokens(old) != self._tokens(new):
            return False
        found = _code_tokens(old), _code_tokens(new)
        return found[0] is not None and found[0] == found[1]

    def stays_lazy(self, old: str, new: str, owner: str | None, markers: frozenset[str] | None = None) -> bool:
        """Whether a lazy definition (its text before and after an edit; a member of class
        `owner`, or top-level) is one first open would leave lazy: the same stub (name and
        body shape) and names calls into it use, and no rule needing it (`_needed`). It
        then stays a stub: no parse, check or source-gate walk of it (~5 ms on a 48-line
        method). A rule that the edit's words make possible has every unit parsed at the
        next check (`_possible_rules`), so a class matched whole (`whole_class`) could only
        be one first open already knew of: then not here. Outside ASCII, CPython's names
        (NFKC) may differ from the tokens: not here either. `markers`: a bound of the
        requires-text markers `new` holds (EditMarkers.after); the judgement only grows with
        the tokens, so where its identifiers and those leave the unit lazy, so do its exact
        tokens, and the rules' regexes need not run over its text."""
        if self.whole_class or not new.isascii():
            return False
        parsed = self._parsed(new, owner)
        stub = _stub_of(parsed)
        if parsed is None or stub is None or not (_same_stub_lines(old, new, parsed) or stub == _stub_of(self._parsed(old, owner))):
            return False
        if markers is not None and not self._needed(new, owner, parsed, self._identifiers_of(new) | markers):
            return True
        return not self._needed(new, owner, parsed, self._tokens(new))

    def _needed(self, text: str, owner: str | None, parsed: _Alone, tokens: frozenset[str]) -> bool:
        """Whether a rule needs the definition in `text` (`parsed`: it parsed alone; `tokens`:
        its tokens, or more), as the plan judges it: first with every token of it taken for
        a name left to the module (`_upper_words`: no symbol table); where that wants it,
        with the names its own symbol table leaves to the module, and for a source that is
        a whole function (`taint_header`, `taint_decorated`) with its functions' headers'
        words (the plan asks both of those; the headers alone here, which can only want
        more). `argparse`'s
        `_format_usage` and `_format_actions_usage` hold `put` and `get`, words of the
        decorated route sources (`@app.get(...)`), under no decorator: a first keystroke in
        either parsed and checked it whole (~30-50 ms CPU) until the headers were asked.
        The pattern need is first open's (`pattern`: a pattern-inside around a definition
        needs its names in the definition or outside every one, as `os-access-toctou`'s
        `os.access`): at 10,031 lines, where the module's names pull `open` into most
        definitions' words, judging with `Needs.pattern` parsed `_format_actions_usage`,
        `TarFile.__init__` and `shutil.rmtree` whole at their first keystroke (~25-45 ms CPU
        each)."""
        needs = self.needs
        upper = _upper_words(self.module, tokens, owner)
        pattern = needs.pattern if self.pattern is None else self.pattern
        wanting = [wanted for wanted in (pattern, needs.refined, needs.taint) if wanted is not None and wanted(upper)]
        headers = [(wanted, decorated) for wanted, decorated in ((needs.taint_header, False), (needs.taint_decorated, True)) if wanted is not None and wanted(upper)]
        if not wanting and not headers:
            return False
        node, lines, _ = parsed
        if any(wanted(self.module.words(*header_parts(node, lines, lines, lambda piece, _code: self._read_tokens(piece), decorated))) for wanted, decorated in headers):
            return True
        if not wanting:
            return False
        free = self._remembered("free", text, owner, lambda: self._free_alone(parsed, owner))
        return free is None or any(wanted(self.module.words(tokens, free)) for wanted in wanting)

    def _parsed(self, text: str, owner: str | None) -> _Alone | None:
        """The one definition in `text` parsed alone (a member under a header of its own
        class) after the module's future imports, as the plan reads a definition's own
        lines (`_Words._own_tables`); None unless `text` is one definition."""
        return self._remembered("parsed", text, owner, lambda: _parse_alone(_definition_head(self.future, owner), text, owner is not None))

    def _free_alone(self, parsed: _Alone, owner: str | None) -> set[str] | None:
        """The names the `parsed` definition leaves to the module, from the symbol table of
        its own source (None: none found, all its tokens count)."""
        self.judged_scopes += 1
        table = _symbols(parsed[2], "<edit>")
        return _free_names(parsed[0], _definition_tables(table, owner is not None)) if table is not None else None

    def _tokens(self, text: str) -> frozenset[str]:
        return self._remembered("tokens", text, None, lambda: frozenset(self._read_tokens(text)))

    def _read_tokens(self, text: str) -> set[str]:
        self.marked_chars += len(text)
        return self.tokens_of(text)

    def _identifiers_of(self, text: str) -> frozenset[str]:
        return self._remembered("identifiers", text, None, lambda: frozenset(IDENTIFIER.findall(text)))

    def _remembered(self, kind: str, text: str, owner: str | None, compute: Callable[[], T]) -> T:
        """What the last keystrokes found of a lazy unit's text (its tokens, its parse), keyed
        by the text itself: a keystroke's new text is the next one's old text (typed, then
        undone), and `same_meaning` and `stays_lazy` read the same tokens. The last six kept."""
        key = (kind, text, owner)
        if key in self._recent:
            return self._recent[key]  # type: ignore[return-value]
        found = self._recent[key] = compute()
        if len(self._recent) > 6:
            del self._recent[next(iter(self._recent))]
        return found

    def brings_watched(self, text: str) -> bool:
        """Whether `text` (code outside the definitions, as written by an edit) holds a name
        that a pattern-inside around a definition needs and the code outside them lacked at
        first open: the pattern need lazy units were judged with (`pattern`) no longer holds.
        Where no watched name is a marker, the identifiers tell: no rule's regex runs over
        the text (~1.4 ms on the 60-line docstring of `argparse`)."""
        if self.markers is not None and self.watched.isdisjoint(self.markers):
            return not self.watched.isdisjoint(IDENTIFIER.findall(text))
        return not self.watched.isdisjoint(self._read_tokens(text))

    def binds_nothing(self, old: str, new: str) -> bool:
        """Whether module statements (their text before and after an edit) bind no name, nor
        bring one that a pattern-inside matching around a definition needs and the code
        outside the definitions lacked (Rule.may_match_amid): then their words reach no
        definition (a docstring, a call), and no lazy unit's judgement changes with them."""
        if self.brings_watched(new):
            return False
        trees = cpython_tree(old, "<edit>"), cpython_tree(new, "<edit>")
        return all(tree is not None and not any(bound_names(statement) for statement in tree.body) for tree in trees)

    def refines_into(
        self, text: str, owner: str | None, lazy: Iterable[tuple[frozenset[str], str | None]], callee: bool = False, edited: range | None = None,
        definition: Written | None = None,
    ) -> bool:
        """Whether the definition in `text` (a member of class `owner`, or top-level) may hold
        a match of a rule that data flow refines and call one of the `lazy` definitions
        (their names, their class) as data flow finds a callee (`Calls`): the summary of
        that one may then decide the finding (refinement.py), so it must be parsed. A
        `callee` (a definition kept because such a match may call it) needs no match of its
        own: its summary takes in what it calls. With `edited` (lines of `text`, 0-based),
        only the definitions in it overlapping them are judged: the others kept their code,
        and were judged when it was written (at first open, or at their last edit). A
        member's `definition` (its text and first line in `text`: the outermost one in
        `text` holding the edited lines) is judged alone where it parses alone, with the
        same answer (`_member_refines`). Else, as there, the lazy ones no call in `text` may
        name (`Callees`) are left out before its tokens are read (the rules' markers: ~1 ms
        on a 63-line function) or anything is parsed: a top-level function naming a lazy one
        without calling it was compiled with its symbol table at every keystroke to find that.
        The lazy ones its identifiers name are kept (markers are never names), and the
        markers are read only for a definition judged: module code without one (a
        docstring naming `add_argument()`) is answered from its parse."""
        if self.needs.refined is None:
            return False
        if definition is not None and edited is not None and owner is not None:
            judged = self._member_refines(text, owner, list(lazy), callee, range(edited.start - definition[1], edited.stop - definition[1]), definition)
            if judged is not None:
                return judged
        if text.isascii():  # a call writes its callee's name before its `(`: no parse, nor tokens, where none is
            written = Callees.of(text)
            lazy = [(names, cls) for names, cls in lazy if written.may_reach(names, cls)]
        identifiers = set(IDENTIFIER.findall(text)) if lazy else set()
        lazy = [(names, cls) for names, cls in lazy if not names.isdisjoint(identifiers)]  # a call names its callee
        if not lazy:
            return False
        member = owner is not None
        source = _WRAPPER + text if member else text
        self.judged_lines += text.count("\n")
        self.judged_scopes += 1
        tree, table = cpython_tree(source, "<edit>"), _symbols(source, "<edit>")
        if tree is None or table is None:
            return True  # cannot tell: treat it as needing them
        body = tree.body[0].body if member and tree.body and isinstance(tree.body[0], ast.ClassDef) else tree.body  # type: ignore[attr-defined]
        tables = _definition_tables(table, member)
        shift = 1 if member else 0  # ast lines are 1-based, after the wrapper's
        tokens: set[str] | None = None  # the markers' regexes run only for a definition judged (none in a docstring)
        for node in _definitions_within(body):  # code outside functions keeps its findings unasked (refinement.py)
            if edited is not None and not _overlaps(node, range(edited.start + 1 + shift, edited.stop + 1 + shift)):
                continue
            tokens = self._read_tokens(text) if tokens is None else tokens
            words = self.module.words(tokens, _free_names(node, tables))
            calls = Calls.of(node)
            if (callee or self.needs.refined(words)) and any(calls.reach(owner, words, names, cls) for names, cls in lazy):
                return True
        return False


    def _member_refines(
        self, text: str, owner: str, lazy: list[tuple[frozenset[str], str | None]], callee: bool, edited: range, where: Written,
    ) -> bool | None:
        """`refines_into` for the one member definition holding the edit (`where`: its text
        and first line in `text`; `edited`: lines of it), judged from its own parse under a
        class wrapper (its scopes are a member's as in the whole piece, a class's names being
        invisible to its functions); None when it does not parse alone as one definition.
        Keystrokes in one definition parse it once: then only the statement they change, its
        other statements' calls kept (definition_calls.KeptCalls; CPython's parse of
        `Popen.__init__`'s 256 lines cost ~1.5 ms of each keystroke); the first keystroke
        takes the other statements' calls from the parse of its old text that the edit's
        re-parse read its layouts from (`where.old`), when there is one. The cheap decisive
        tests come first: a lazy one is reachable only through a call in the definition,
        which names it there before its `(` (`Callees`), so the piece's words are read
        only once such a name is found. The answer only grows with the words, so it is then
        taken with the piece's identifiers and every requires-text marker (`markers`), whose
        words must name the class of a lazy method another class's call reaches (`_may_name`,
        before any parse): the markers' regexes run over the piece (`text`) only where that
        says yes. On an 880-line block of methods
        (`Popen`'s `if _mswindows:`) compiling, tokenising and the symbol table of the whole
        block cost ~20 ms of a keystroke, and a regex over its identifiers ~3 ms."""
        definition = where[0]
        lines = split_lines(definition)
        called = self._edit_identifiers(lines, edited)  # as tokens_of finds them
        lazy = [(names, cls) for names, cls in lazy if not names.isdisjoint(called)]  # a call here names its callee
        plain = definition.isascii()  # its names as CPython reads them
        if plain:
            written = Callees.of(definition)  # a call here writes its callee's name before its `(`
            lazy = [(names, cls) for names, cls in lazy if written.may_reach(names, cls)]
        if not lazy:
            return False
        if self.markers is not None and plain and not self._may_name(text, called, owner, lazy):
            return False  # no call here reaches a lazy one, with any words
        source = _WRAPPER + definition
        kept = self._kept.edited(lines, edited.start, edited.stop - 1) if self._kept is not None else None
        if kept is None and where.old is not None:
            kept = self._from_old(where.old, lines, edited)
        if kept is not None:
            self.judged_lines += kept.statement_lines
        else:
            self.judged_lines += definition.count("\n")
            tree = cpython_tree(source, "<edit>")
            body = tree.body[0].body if tree is not None and len(tree.body) == 1 and isinstance(tree.body[0], ast.ClassDef) else []  # type: ignore[attr-defined]
            if len(body) != 1 or not isinstance(body[0], _DEFINITIONS):
                return None
            if not _overlaps(body[0], range(edited.start + 2, edited.stop + 2)):
                return False  # the edit is in the comments above it: no definition holds it
            kept = KeptCalls.parsed(body[0], lines, 2, self._kept)
        self._kept = kept
        self.walked_statements += kept.walked
        node, calls = kept.node, kept.calls
        if not any(calls.reach(owner, None, names, cls) for names, cls in lazy):
            return False  # no call here reaches a lazy one
        def judged(tokens: set[str], free: Collection[str] | None) -> bool:
            words = self.module.words(tokens, free)
            return (callee or self.needs.refined(words)) and any(calls.reach(owner, words, names, cls) for names, cls in lazy)  # type: ignore[misc]

        upper = self._identifiers(text, where, called) | self.markers if self.markers is not None else None
        if upper is not None and plain and not judged(upper, calls.named):
            # No refined rule may match here, or no call here reaches a lazy one (a method of
            # another class needs that class's name among the words), even with every name
            # it uses left to the module (those its symbol table leaves there are among them,
            # an ASCII text's names not being normalised; the words, and so the answer, only
            # grow with them): no symbol table (~2 ms on a 100-250-line method; `Popen`'s
            # methods call `close`, `read`, `write` of lazy classes).
            return False
        self.judged_scopes += 1
        table = _symbols(source, "<edit>")
        if table is None:
            return None
        free = _free_names(node, _definition_tables(table, True))
        return (upper is None or judged(upper, free)) and judged(self._read_tokens(text), free)

    def _may_name(self, text: str, called: frozenset[str], owner: str, lazy: list[tuple[frozenset[str], str | None]]) -> bool:
        """Whether a call here may reach a lazy one with the words `_member_refines` bounds
        the answer with (the piece's identifiers and the markers, and what the definition's
        identifiers, `called`, lead to at module level), before any parse: a method of
        another class only where they name that class, which the piece (`text`) then
        holds, or what they lead to. The first keystroke in `Popen._communicate` (at 10,031
        lines) walked the calls of every statement of its parse to find that its `close`,
        `read`, `write` calls reach no lazy class's methods."""
        reached = self.module.reached(called)
        return any(cls is None or cls == owner or cls in reached or cls in self.markers or cls in text for cls in {cls for _, cls in lazy})  # type: ignore[operator]

    def _from_old(self, old: tuple[list[str], ast.stmt, int], lines: list[str], edited: range) -> KeptCalls | None:
        """The calls of the definition in `lines` from CPython's node of its `old` text (its
        lines, the node, the line of the first in its parse) and the parse of the statement
        (or header) the edit changed (`KeptCalls.edited`); None where that parses none."""
        written = split_lines("".join(old[0]))  # as `lines` are split
        base = KeptCalls.parsed(old[1], written, old[2], self._kept, (edited.start, edited.stop - 1 - len(lines) + len(written)))
        found = base.edited(lines, edited.start, edited.stop - 1)
        return replace(found, walked=base.walked + found.walked) if found is not None else None

    def _edit_identifiers(self, lines: list[str], edited: range) -> frozenset[str]:
        """The identifiers of a definition's text (`lines`): those of the `edited` lines and
        those of the lines around them, kept while keystrokes leave those as they were (a
        regex over `Popen.__init__`'s 256 lines costs ~0.3 ms)."""
        if not 0 <= edited.start < edited.stop <= len(lines):
            return frozenset(IDENTIFIER.findall("".join(lines)))
        around = self._around_edit.of("".join(lines[: edited.start]) + "".join(lines[edited.stop :]))
        return around.union(IDENTIFIER.findall("".join(lines[edited.start : edited.stop])))

    def _identifiers(self, text: str, where: tuple[str, int], inside: frozenset[str]) -> frozenset[str]:
        """The identifiers of a piece (`text`): those `inside` the definition (`where`: its
        text and first line) and those of the lines around it, which keystrokes inside it
        leave as they were, and most of which a keystroke in another definition of the
        piece finds as they were: kept by method (`_Blocks`; a regex over the rest of an
        880-line block costs ~1.3 ms). Identifiers never span lines, so the parts add up
        to the whole."""
        start = self._start_of(text, where[1])
        end = start + len(where[0])
        if not start and where[1] or text[start:end] != where[0]:
            return frozenset(IDENTIFIER.findall(text))
        indent = _INDENT.match(where[0]).group(1)  # type: ignore[union-attr]
        return inside | self._around.of(text[:start], text[end:], indent)

    @property
    def searched_chars(self) -> int:
        """Characters of the text around members judged alone searched for identifiers (Stats.searched_chars)."""
        return self._around.searched

    def _start_of(self, text: str, line: int) -> int:
        """Where line `line` of `text` starts (0 when it has fewer lines), kept with the text
        before it: keystrokes in a definition leave it as it was (line 723 of Popen's
        880-line block took 723 searches, ~0.2 ms)."""
        known, before = self._line_start
        if known == line and text.startswith(before):
            return len(before)
        rest = text.split("\n", line)  # in C: a `find` per line cost ~0.4 ms at the first keystroke in a method there
        if len(rest) <= line:
            return 0
        start = len(text) - len(rest[-1])
        self._line_start = (line, text[:start])
        return start


@dataclass
class _Identifiers:
    """The identifiers of the text around an edit, kept while keystrokes leave it as it was.
    Identifiers never span lines, so those of whole lines around and of the lines between
    add up to the whole text's."""

    text: str = ""
    found: frozenset[str] = frozenset()

    def of(self, text: str) -> frozenset[str]:
        if text != self.text:
            self.text, self.found = text, frozenset(IDENTIFIER.findall(text))
        return self.found


@dataclass
class _Blocks:
    """The identifiers of the text before and after a definition, by blocks cut where a
    line starts a `def` at its indentation (its sibling methods), each kept by its text: a
    keystroke in another definition of the same piece finds all but the blocks of the two
    as they were (the first keystroke in `Popen._execute_child`, then in `_communicate`, of
    the same 880-line block). Identifiers never span lines: the blocks' add up to the
    text's, with `def`, which the cuts take out. A block is kept without the line breaks
    at its ends, which its identifiers do not depend on: the method before the one judged
    ends `before` with its last line's break, which a cut after it takes (the methods
    judged before and after it, with no blank line between)."""

    around: tuple[str, str] = ("", "")
    words: frozenset[str] = frozenset()
    found: dict[str, frozenset[str]] = field(default_factory=dict)
    searched: int = 0  # characters searched so far

    def of(self, before: str, after: str, indent: str) -> frozenset[str]:
        if (before, after) == self.around:  # a keystroke in the same definition
            return self.words
        cut = "\n" + indent + "def "  # str.split, not a pattern: a regex cutting at each `def` line cost half the search
        blocks = [*before.split(cut), *after.split(cut)]
        kept: dict[str, frozenset[str]] = {}
        for block in blocks:
            block = block.strip("\r\n")
            found = kept.get(block, self.found.get(block))
            if found is None:
                found = frozenset(IDENTIFIER.findall(block))
                self.searched += len(block)
            kept[block] = found
        words = frozenset().union(*kept.values(), ("def",) if len(blocks) > 2 else ())
        self.around, self.words, self.found = (before, after), words, kept  # this piece's blocks only
        return words


_INDENT = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*([ \t]*)")  # the indentation of a text's first line of code


@dataclass
class Plan:
    """What first open parses: the text with the lazy definitions stubbed; the lazy ones by
    the line of their stub's `def`/`class` (0-based), with the names calls into them use."""

    text: str
    lazy: dict[int, frozenset[str]]
    context: LazyContext
    sourceless: frozenset[int] = frozenset()  # the definitions (and blocks holding some) whose words hold no taint source, by first line
    callees: frozenset[int] = frozenset()  # the definitions a match of a refined rule may call, by first line
    held: dict[int, tuple[int, frozenset[str]]] = field(default_factory=dict)  # the lazy ones' last lines and requires-text markers, by line (edit_markers.py)
    scopes: int = 0  # symbol tables CPython built for the plan (Stats.plan_scopes)


def plan(text: str, tree: ast.Module, path: str, pieces: PieceTokens, tokens_of: Tokens, needs: Needs, whole_class: Wanted | None = None) -> Plan | None:
    """The lazy definitions of `text` (`tree`: CPython's parse of it), or None when none is
    (or CPython cannot tell). `pieces` gives the tokens of the text's pieces from its lines
    (comments cut off); `tokens_of`, those of any text, judges edits later (LazyContext).

    Kept: the definitions a pattern rule may match, those that may hold a taint source
    (so the source gate sees every source), and what those where a refined rule may
    match call. Whether data flow runs at all is the source gate's answer on the parsed
    module: the document makes every unit real when it does (units.py). The gate need not
    walk the kept definitions whose words hold no source (`Plan.sourceless`). The members
    of a class a rule may match as a whole (`whole_class`, judging the class's words) are
    kept: the finding's range and fingerprint come from the class's whole code."""
    if "\r" in text.replace("\r\n", ""):
        return None  # lone carriage returns: line numbers are not worth second-guessing
    table = None if text.isascii() else _symbols(text, path)
    if table is None and not text.isascii():
        return None
    lines = split_lines(text)
    owned = _owned_definitions(tree, lines)
    units = [unit for unit, _ in owned]
    if not units:
        return None
    inside = [False] * len(lines)
    for unit in units:
        unit.tokens = pieces.span(unit.first, unit.last)
        inside[unit.first : unit.last + 1] = [True] * (unit.last + 1 - unit.first)
    module = _Module(_module_statements(tree, inside, pieces, {id(unit.node) for unit in units}))
    future = _future_imports(tree, lines)
    words = _Words(module, owned, lines, future, table)
    outside = _outside_names(tree, lines, inside) if needs.pattern_amid is not None else frozenset()
    pattern = needs.pattern_amid(outside) if needs.pattern_amid is not None else needs.pattern
    pattern_seeds = [i for i in range(len(units)) if words.wanted(i, pattern)]
    taint_seeds = [i for i in range(len(units)) if needs.taint is not None and words.wanted(i, needs.taint)]
    for wanted, decorated in ((needs.taint_header, False), (needs.taint_decorated, True)):
        if wanted is None:
            continue
        seeds = set(taint_seeds)
        taint_seeds += [  # the header's words, then the definition's own (its symbol table): the cheaper test first
            i for i, unit in enumerate(units)
            if i not in seeds and words.may_want(i, wanted) and wanted(module.words(*header_parts(unit.node, lines, pieces.code, pieces.text, decorated))) and words.wanted(i, wanted)
        ]
    refined_seeds = [i for i in pattern_seeds if needs.refined is not None and needs.refined(words[i])]
    callers = [(Calls.of(owned[i][0].node), owned[i][1], words[i]) for i in refined_seeds] + _loose_callers(tree, owned, pieces, module, needs)
    kept = _callees(owned, words, set(refined_seeds), callers)
    callees = frozenset(units[i].first for i in kept.difference(refined_seeds))
    kept.update(pattern_seeds, taint_seeds)
    if whole_class is not None:
        whole = {id(member) for statement in tree.body if isinstance(statement, ast.ClassDef) and whole_class(_class_words(statement, pieces, module)) for member in statement.body}
        kept.update(index for index, unit in enumerate(units) if id(unit.node) in whole)
    loose = _loose_sourceless(tree, owned, lines, pieces, module, needs)  # before stubbing: it reads the lines of the functions' headers
    lazy, held = {}, {}
    for index, unit in enumerate(units):
        if index not in kept and len(unit.stub) == 2 and unit.last > unit.first:
            _stub_out(lines, unit)
            lazy[unit.first] = unit.names
            held[unit.first] = (unit.last, pieces.held(unit.tokens))
    if not lazy:
        return None
    seeded = set(taint_seeds)
    sourceless = frozenset(unit.first for index, unit in enumerate(units) if index not in seeded) if needs.taint is not None else frozenset()
    sourceless |= loose
    context = LazyContext(needs, module, tokens_of, needs.amid_words - outside, whole_class=whole_class is not None, future=future, pattern=pattern)
    return Plan("".join(lines), lazy, context, sourceless, callees, held, words.scopes)


_STRING_START = re.compile(r"\s*[rRbBuU]{0,2}['\"]")


def _outside_names(tree: ast.Module, lines: list[str], inside: list[bool]) -> frozenset[str]:
    """The names of the code outside the definitions (`inside`: their lines), where a
    pattern-inside matching around one of them lies (Rule.may_match_amid). Docstrings and
    other lone strings of the module's and its classes' bodies are left out: a pattern
    names code, never a string's words, and the prose of a long file names most things."""
    skipped = list(inside)
    for body in [tree.body, *(statement.body for statement in tree.body if isinstance(statement, ast.ClassDef))]:
        for index, node in enumerate(body):
            if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                continue
            last = node.end_lineno or node.lineno
            alone = (index == 0 or (body[index - 1].end_lineno or 0) < node.lineno) and (index + 1 == len(body) or _first_line(body[index + 1]) > last)
            if alone and _STRING_START.match(lines[node.lineno - 1]):  # nothing before it on its line
                skipped[node.lineno - 1 : last] = [True] * (last - node.lineno + 1)
    return frozenset(IDENTIFIER.findall("".join(line for line, skip in zip(lines, skipped) if not skip)))


def _first_line(node: ast.stmt) -> int:
    """A statement's first line (1-based), its decorators included."""
    return min([node.lineno, *(decorator.lineno for decorator in getattr(node, "decorator_list", ()))])


def _class_words(statement: ast.ClassDef, pieces: PieceTokens, module: "_Module") -> frozenset[str]:
    """A class's tokens, members included, with those of every module statement they name."""
    return module.words(_statement_tokens(statement, pieces), None)


def _statement_tokens(statement: ast.stmt, pieces: PieceTokens) -> set[str]:
    """The tokens of a statement's lines, its decorators' included."""
    return pieces.span(_first_line(statement) - 1, (statement.end_lineno or statement.lineno) - 1)


def _loose_sourceless(tree: ast.Module, owned: list[tuple[Stubbed, str | None]], lines: list[str], pieces: PieceTokens, module: "_Module", needs: Needs) -> frozenset[int]:
    """The first lines of the code always parsed that holds functions (a module's or a
    class's `if sys.platform == ...:` block of definitions, never stubbed) whose words, with
    those of every module statement any of its tokens names, hold no taint source, and
    whose functions' headers hold no header source (a route's parameters, a decorated
    route), judged by those headers' words as `plan` judges a definition's: the source gate
    need not walk its functions (a class's such block cost the gate 0.3 s at first open of
    10,000 lines; Popen's `if _mswindows:` block, whose `.get(` is a word of the route
    sources, still ~40 ms when its words alone were judged). Non-definition statements only."""
    if needs.taint is None:
        return frozenset()
    headers = [(need, decorated) for need, decorated in ((needs.taint_header, False), (needs.taint_decorated, True)) if need is not None]
    found = set()
    for node, _ in loose_code(tree, {id(unit.node) for unit, _ in owned}):
        if isinstance(node, _DEFINITIONS):
            continue
        words = module.words(pieces.span(node.lineno - 1, (node.end_lineno or node.lineno) - 1), None)
        if needs.taint(words):
            continue
        if not any(need(words) and need(module.words(*header_parts(node, lines, pieces.code, pieces.text, decorated))) for need, decorated in headers):
            found.add(node.lineno - 1)
    return frozenset(found)


_SKIPPED = (tokenize.COMMENT, tokenize.NL)


def _code_tokens(text: str) -> list[tuple[int, str]] | None:
    """The text's tokens without comments and blank lines, plain string literals reduced to
    their kind (an f-string holds code: kept whole); None when it does not tokenize."""
    try:
        tokens = []
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in _SKIPPED:
                continue
            value = token.string
            if token.type == tokenize.STRING and "f" not in value[: value.find(value[-1])].lower():
                value = ""
            tokens.append((token.type, value))
        return tokens
    except (tokenize.TokenError, SyntaxError):
        return None


def _owned_definitions(tree: ast.Module, lines: list[str]) -> list[tuple[Stubbed, str | None]]:
    """The definitions sparse.py would stub (top-level ones after the first statement, the
    members of top-level classes), each with the name of the class holding it."""
    found: list[tuple[Stubbed, str | None]] = [
        (unit, None) for unit in definitions_in(tree.body, lines, 1) if unit is not None and not isinstance(unit.node, ast.ClassDef)
    ]
    for statement in tree.body:
        if isinstance(statement, ast.ClassDef):
            found += [(unit, statement.name) for unit in definitions_in(statement.body, lines, 0) if unit is not None]
    return found


def _callees(owned: list[tuple[Stubbed, str | None]], words: "_Words", kept: set[int], callers: list[tuple[Calls, str | None, Collection[str]]]) -> set[int]:
    """`kept` and the definitions the `callers` (their calls, class and words) call,
    transitively, as data flow finds a callee (`Calls`). A call names its callee, so only
    the definitions named by some call are tried (trying every definition for every caller
    was ~25 ms at 10,031 lines). A callee's words are found once its calls ask them
    (`_WordsLater`)."""
    named: dict[str, list[int]] = {}
    for index, (unit, _) in enumerate(owned):
        for name in unit.names:
            named.setdefault(name, []).append(index)
    stack = list(callers)
    while stack:
        calls, owner, caller_words = stack.pop()
        for index in sorted({index for name in calls.names for index in named.get(name, ())}):
            unit, cls = owned[index]
            if index not in kept and calls.reach(owner, caller_words, unit.names, cls):
                kept.add(index)
                stack.append((Calls.of(unit.node), cls, _WordsLater(words, index)))
    return kept


class _WordsLater(Collection[str]):
    """A definition's words (`_Words`), found when first looked into: `Calls.reach` reads a
    caller's words only for a call of a method through another name than `self`, and most
    callees make none, so their symbol tables need not be built (28 of the 116 a first open
    of 10,031 lines built)."""

    def __init__(self, words: "_Words", index: int) -> None:
        self._words = words
        self._index = index

    def __contains__(self, word: object) -> bool:
        return word in self._words[self._index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._words[self._index])

    def __len__(self) -> int:
        return len(self._words[self._index])


def _loose_callers(
    tree: ast.Module, owned: list[tuple[Stubbed, str | None]], pieces: PieceTokens, module: "_Module", needs: Needs,
) -> list[tuple[Calls, str | None, frozenset[str]]]:
    """The code always parsed (module statements, and class-body statements that are no
    member definitions, such as a class's `if sys.platform == ...:` block of methods) where
    a rule data flow refines may match inside a function: its calls, class and words. What
    it calls must be parsed, as for a refined definition (its summary may decide the
    finding). Code holding no function needs nothing: a match outside functions keeps its
    finding without asking data flow (refinement.py)."""
    if needs.refined is None:
        return []
    found = []
    for node, owner in loose_code(tree, {id(unit.node) for unit, _ in owned}):
        words = module.words(_statement_tokens(node, pieces), None)
        if needs.refined(words):
            found.append((Calls.of(node), owner, words))
    return found


def _stub_out(lines: list[str], unit: Stubbed) -> None:
    """Replace the definition's lines by its stub (`def name():` / `pass`) and filler lines,
    each keeping its line ending, that LibCST gives to the stub's block, so the stub spans
    the definition's lines exactly and every unit keeps the lines it has in the real text.
    The filler is one string literal over the rest of the lines (a lone one: a comment):
    the ~5,800 lines first open leaves lazy at 10,031 lines, a comment line each, were
    ~18,000 of LibCST's ~78,000 nodes (`_filler`)."""
    for offset, number in enumerate(range(unit.first, unit.last + 1)):
        line = lines[number]
        ending = line[len(line.rstrip("\r\n")) :]
        lines[number] = (unit.stub[offset] if offset < 2 else _filler(unit, offset)) + ending


def _filler(unit: Stubbed, offset: int) -> str:
    """Line `offset` (2 or more) of a stub's filler: a comment at the body's indentation when
    it is the only one; else a string literal opened there and closed on the last line."""
    if offset == 2:
        indent = unit.stub[1][: len(unit.stub[1]) - len("pass")]
        return indent + ("#" if unit.last == unit.first + 2 else '"""')
    return '"""' if unit.first + offset == unit.last else ""


def _overlaps(node: ast.stmt, lines: range) -> bool:
    """Whether a definition (its decorators included) has a line among `lines` (1-based)."""
    first = _first_line(node)
    return first < lines.stop and lines.start <= (node.end_lineno or node.lineno)


def _definitions_within(body: list[ast.stmt]) -> list[ast.stmt]:
    """The definitions in `body`, also those inside its `if`/`try`/`with`/loop blocks (a
    class's `if sys.platform == ...:` methods)."""
    definitions: list[ast.stmt] = []
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, _DEFINITIONS):
            definitions.append(node)  # type: ignore[arg-type]
        elif any(isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)) for child in ast.iter_child_nodes(node)):
            stack.extend(ast.iter_child_nodes(node))  # a block: its header's parts and its statements
    return definitions


def _upper_words(module: "_Module", tokens: set[str], owner: str | None) -> frozenset[str]:
    """An upper bound of a definition's words (a member of class `owner`, or top-level):
    every token taken for a name left to the module, a class's private names also mangled
    as CPython does."""
    bare = owner.lstrip("_") if owner is not None else ""
    mangled = {f"_{bare}{token}" for token in tokens if token.startswith("__") and not token.endswith("__")} if bare else set()
    return module.words(tokens | mangled, None)


def _parse_alone(head: str, text: str, member: bool) -> _Alone | None:
    """The one definition in `text` parsed after `head` (future imports, and a class header
    if a `member`): its node, the source's lines and the source; None unless it is one."""
    source = head + text
    tree = cpython_tree(source, "<edit>")
    body = tree.body[head.count("\n") - member :] if tree is not None else []  # one line per future import
    if member:
        body = body[0].body if len(body) == 1 and isinstance(body[0], ast.ClassDef) else []  # type: ignore[attr-defined]
    if len(body) != 1 or not isinstance(body[0], _DEFINITIONS):
        return None
    return body[0], split_lines(source), source


def _stub_of(parsed: _Alone | None) -> tuple[list[str], frozenset[str]] | None:
    """The stub first open puts in place of the `parsed` definition, with the names calls
    into it use (a class's methods among them); None unless its stub keeps it lazy."""
    if parsed is None:
        return None
    node, lines, _ = parsed
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])  # type: ignore[attr-defined]
    stub = stub_of(node, lines, (node.end_lineno or node.lineno) - first + 1, lines[first - 1][: node.col_offset])
    return (stub, names_of(node)) if len(stub) == 2 else None


def _same_stub_lines(old: str, new: str, parsed: _Alone) -> bool:
    """Whether the old text of a lazy function (`parsed`: the new text's parse) has the stub
    and names of the new one, without parsing it: the same text up to where its body
    starts, from which its decorators, name and body indentation, and so its stub, come
    (a lazy unit's text parses alone as one definition: first open stubbed it, or its last
    edit was judged so). A keystroke in the body of a 250-line method then compiles only
    the new text (~4 ms)."""
    node, lines, source = parsed
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False  # a class's names are its methods'
    head = source.count("\n", 0, len(source) - len(new))
    body = node.body[0]
    end = sum(len(line) for line in lines[head : body.lineno - 1]) + body.col_offset  # an ASCII text's columns are characters
    return old[:end] == new[:end]


def _symbols(text: str, path: str) -> symtable.SymbolTable | None:
    try:
        return symtable.symtable(text, path, "exec")
    except Exception:  # SyntaxError, too deep: the full parse decides
        return None


def _future_imports(tree: ast.Module, lines: list[str]) -> str:
    """The lines of the module's `from __future__` imports (they may change what a
    definition's symbol table holds: `annotations` puts annotations in scopes of their own)."""
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            found.append("from __future__ import " + ", ".join(alias.name for alias in statement.names) + "\n")
    return "".join(found)


class _Words:
    """Each definition's words: its tokens with those of the module statements binding the
    names it leaves to the module, found through CPython's symbol tables, computed when a
    judgement needs them. The symbol table of a whole 10,000-line text cost ~85 ms of first
    open, and most definitions are ruled out by an upper bound of their words (every token
    taken for a name left to the module, a class's private names also mangled as CPython
    does: a Wanted needs no word absent); the others get the symbol table of their own lines
    (a member under a header of its own class, after the module's `from __future__`
    imports), which holds the same names. A text outside ASCII, where CPython's names (NFKC)
    may differ from its tokens, has the whole text's `table`."""

    def __init__(self, module: "_Module", owned: list[tuple[Stubbed, str | None]], lines: list[str], future: str, table: symtable.SymbolTable | None) -> None:
        self._module = module
        self._owned = owned
        self._lines = lines
        self._future = future
        self._tables = _definition_tables(table) if table is not None else None
        self._found: dict[int, frozenset[str]] = {}
        self._uppers: dict[int, frozenset[str]] = {}  # the plan asks each definition for up to four needs
        self.scopes = 0 if table is None else 1  # symbol tables built (the whole text's, outside ASCII)

    def wanted(self, index: int, need: Wanted) -> bool:
        """Whether `need` wants the definition's words (the upper bound first)."""
        return self.may_want(index, need) and need(self[index])

    def may_want(self, index: int, need: Wanted) -> bool:
        """Whether `need` may want the definition's words, by their upper bound (no symbol
        table): False where `wanted` is."""
        return self._tables is not None or need(self._upper(index))

    def __getitem__(self, index: int) -> frozenset[str]:
        found = self._found.get(index)
        if found is None:
            unit = self._owned[index][0]
            found = self._found[index] = self._module.words(unit.tokens, _free_names(unit.node, self._tables if self._tables is not None else self._own_tables(index)))
        return found

    def _upper(self, index: int) -> frozenset[str]:
        found = self._uppers.get(index)
        if found is None:
            unit, owner = self._owned[index]
            found = self._uppers[index] = _upper_words(self._module, unit.tokens, owner)
        return found

    def _own_tables(self, index: int) -> dict[tuple[str, int], symtable.SymbolTable]:
        """The symbol tables of the definition's own lines, keyed by its lines in the text;
        none when they do not compile alone (then all its tokens count)."""
        unit, owner = self._owned[index]
        head = _definition_head(self._future, owner)
        self.scopes += 1
        table = _symbols(head + "".join(self._lines[unit.first : unit.last + 1]), "<definition>")
        if table is None:
            return {}
        shift = unit.first - head.count("\n")
        return {(name, line + shift): found for (name, line), found in _definition_tables(table, owner is not None).items()}


def _definition_head(future: str, owner: str | None) -> str:
    """What a definition's own lines are read under: the module's future imports, and a
    member its class's header (its private names are mangled with the class's name)."""
    return future + (f"class {owner}:\n" if owner is not None else "")


def _definition_tables(table: symtable.SymbolTable, wrapped: bool = False) -> dict[tuple[str, int], symtable.SymbolTable]:
    """The symbol tables of top-level definitions and of top-level classes' members, by
    (name, line of the `def`/`class` keyword); `wrapped`: members of a `class _:` wrapper."""
    found: dict[tuple[str, int], symtable.SymbolTable] = {}
    clashes: set[tuple[str, int]] = set()
    for child in table.get_children():
        inner = child.get_children() if child.get_type() == "class" else []
        for each in inner if wrapped else (child, *inner):
            key = (each.get_name(), each.get_lineno())
            if key in found:
                clashes.add(key)
            found[key] = each
    for key in clashes:
        del found[key]  # two on one line: none is trusted
    return found


def _free_names(node: ast.stmt, tables: dict[tuple[str, int], symtable.SymbolTable]) -> set[str] | None:
    """The names a definition leaves to the module: global in its symbol table or one nested
    in it, and every name of its decorators, defaults, annotations and bases (evaluated
    outside it). None when its table is not found (then all its tokens count)."""
    table = tables.get((node.name, node.lineno))  # type: ignore[attr-defined]
    if table is None:
        return None
    names: set[str] = set()
    stack = [table]
    while stack:
        current = stack.pop()
        names.update(symbol.get_name() for symbol in current.get_symbols() if symbol.is_global())
        stack.extend(current.get_children())
    outside: list[ast.AST] = list(node.decorator_list)  # type: ignore[attr-defined]
    if isinstance(node, ast.ClassDef):
        outside += [*node.bases, *node.keywords]
    else:
        outside += [node.args, *([node.returns] if node.returns else [])]  # type: ignore[attr-defined]
    for part in outside:
        names.update(name.id for name in ast.walk(part) if isinstance(name, ast.Name))
    return names


def _module_statements(tree: ast.Module, inside: list[bool], pieces: PieceTokens, units: set[int]) -> list[_Statement]:
    """Each module statement with its lines outside the definitions (a class: its header and
    the statements of its body that are no definitions of their own)."""
    found = []
    for statement in tree.body:
        first = _first_line(statement) - 1
        last = (statement.end_lineno or statement.lineno) - 1
        numbers = [number for number in range(first, last + 1) if not inside[number]]
        if not numbers or not any(pieces.lines[number] for number in numbers):
            continue
        binds = bound_names(statement)
        if isinstance(statement, ast.ClassDef):  # its members are looked up as attributes, never as names
            binds -= {member.name for member in statement.body if id(member) in units}  # type: ignore[attr-defined]
            binds.add(statement.name)
        found.append(_Statement(pieces.of(numbers), binds, _uses(statement, units)))
    return found


def _uses(statement: ast.stmt, units: set[int]) -> set[str]:
    """The names a module statement mentions, outside the definitions that are units."""
    return {node.id for node in nodes_within(statement, units) if type(node) is ast.Name}  # type: ignore[attr-defined]


class _Module:
    """The module statements outside the definitions, with what each one's meaning resolves
    through: the tokens of every statement binding a name it uses, and so on (found once)."""

    def __init__(self, statements: list[_Statement]) -> None:
        self.statements = statements
        self._binding: dict[str, list[int]] = {}
        self._stars = [i for i, item in enumerate(statements) if "*" in item.binds]  # `import *`: any name
        for index, item in enumerate(statements):
            for name in item.binds:
                self._binding.setdefault(name, []).append(index)
        self._closures: dict[int, frozenset[str]] = {}
        self._unions: dict[tuple[int, ...], frozenset[str]] = {}  # many definitions resolve through the same statements

    def words(self, tokens: set[str], free: Collection[str] | None) -> frozenset[str]:
        """A definition's tokens and those of the module statements binding the names it
        leaves to the module (`free`; None: any of its tokens), and so on: one set, so that
        the rules' requirements are tested as subsets."""
        return self.reached(tokens if free is None else free).union(tokens)

    def reached(self, names: Collection[str]) -> frozenset[str]:
        """The tokens of the module statements binding `names` (and of star imports), and
        so on: those `words` adds to a definition's."""
        direct = {index for name in names for index in self._binding.get(name, ())}
        direct.update(self._stars)
        key = tuple(sorted(direct))
        union = self._unions.get(key)
        if union is None:
            union = self._unions[key] = frozenset().union(*(self._closure(index) for index in key))
        return union

    def _closure(self, start: int) -> frozenset[str]:
        found = self._closures.get(start)
        if found is None:
            seen, stack, tokens = {start}, [start], set()
            while stack:
                item = self.statements[stack.pop()]
                tokens |= item.tokens
                for index in [*self._stars, *(i for name in item.uses for i in self._binding.get(name, ()))]:
                    if index not in seen:
                        seen.add(index)
                        stack.append(index)
            found = self._closures[start] = frozenset(tokens)
        return found

