"""The engine's front door: source text (or bytes) in, sorted findings out.

text → LibCST module → module scope (imports, constants) → one indexed walk → findings →
suppressions. The CLI calls `Engine.analyze_bytes` per file; the language server reuses the
same pieces per unit of a document.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import sys
import tokenize
import warnings
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Collection, Iterable, Sequence

import libcst as cst

from .checker import RuleIndex, check_tree
from .document_caches import checking
from .engine_rules import ENGINE_RULES, ERROR_RULES, READ_ERROR, RULE_ERROR, SYNTAX_ERROR, error_finding  # noqa: F401 (re-exported)
from .formula import header_only, needs_decorator
from .fixes import import_insertion_line
from .model import Confidence, Finding, RuleInfo, Severity
from .nested_check import RuleFacts
from .prefilter import file_tokens, possible_rules, text_tokens
from .resolver import Resolver, Scope, module_scope
from .sparse import Needs, Sparse, Wanted, cpython_tree, project_imports, sparse_source, without_comments
from .rule_loader import Rule, text_marker
from .source_scan import MAX_BRACKET_DEPTH, scan
from .taint.analyzer import TaintAnalyzer, TaintOptions
from .taint.gate import planned_sourceless
from .vouched_parse import validation_paused
from .wanted_index import AnyMayMatch
from .suppressions import SuppressionOptions, apply_suppressions, source_lines


@dataclass
class AnalysisOptions:
    """Per-file settings, already resolved from config and command line."""

    path: str
    enabled: Callable[[RuleInfo], bool] | None = None
    severity_of: Callable[[RuleInfo], Severity] | None = None
    suppression: SuppressionOptions = field(default_factory=SuppressionOptions)
    taint: TaintOptions = field(default_factory=TaintOptions)


@dataclass
class Analysis:
    """What checking one file produced."""

    findings: list[Finding]
    errors: list[Finding]
    suppressed: int = 0


def decode_source(data: bytes, path: str) -> tuple[str | None, Finding | None]:
    """Decode Python source bytes as Python does (BOM, coding cookie, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        # Undecodable bytes in the first two lines surface here; say where they are.
        undecodable = _undecodable(data, "utf-8", 0, path)
        return None, undecodable or error_finding(READ_ERROR, path, error.lineno or 1, 0, detail=error.msg)
    try:
        text = data.decode(encoding)
    except LookupError as error:
        return None, error_finding(READ_ERROR, path, 1, 0, detail=str(error))
    except UnicodeDecodeError:
        bom = 3 if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8) else 0
        return None, _undecodable(data, encoding, bom, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def _undecodable(data: bytes, encoding: str, skip: int, path: str) -> Finding | None:
    """A read-error at the first byte that does not decode, its column counted in characters."""
    try:
        data[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        start = skip + error.start
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[max(line_start, skip) : start].decode(encoding, errors="replace"))
        line = data[:start].count(b"\n") + 1
        return error_finding(READ_ERROR, path, line, column, detail=f"not valid {encoding}: {error.reason} (byte 0x{data[start]:02x})")
    return None


def parse_source(text: str, path: str) -> tuple[cst.Module | None, Finding | None]:
    too_deep = scan(text).too_deep_at if _may_nest_deeply(text) else None
    if too_deep is not None:
        # LibCST's native parser crashes the whole process on very deep nesting; CPython
        # refuses more than 200 levels anyway, so this is a syntax error, found without it.
        return None, error_finding(SYNTAX_ERROR, path, too_deep[0], too_deep[1], detail="too many nested parentheses")
    try:
        return parse_faithfully(text), None
    except cst.ParserSyntaxError as error:
        line, column, detail = _syntax_error_position(text, error)
        return None, error_finding(SYNTAX_ERROR, path, line, column, detail=detail)
    except RecursionError:
        return None, error_finding(SYNTAX_ERROR, path, 1, 0, detail="nested too deeply to parse")
    except Exception as error:  # LibCST's native parser raises other errors on odd input
        return None, error_finding(SYNTAX_ERROR, path, 1, 0, detail=f"{type(error).__name__}: {error}")


# A line holding only blanks and a line-continuation backslash: LibCST's parser accepts some
# texts with one that CPython rejects, and then drops a line (its tree no longer renders the text).
_LONE_BACKSLASH = re.compile(r"^[ \t\f]*\\(?:\r\n|\r|\n)", re.MULTILINE)


class UnfaithfulParse(cst.ParserSyntaxError):
    """LibCST parsed a text its tree does not render back: positions would be wrong."""


def parse_faithfully(text: str) -> cst.Module:
    """`cst.parse_module`, and a syntax error when the tree does not render the text back; the
    check (a render) runs only for texts with a lone continuation line, where LibCST slips."""
    module = cst.parse_module(text)
    lone = _LONE_BACKSLASH.search(text)
    if lone is not None and module.code != text:
        line = text.count("\n", 0, lone.start()) + 1
        raise UnfaithfulParse("a line holding only a line continuation", lines=source_lines(text), raw_line=line, raw_column=0)
    return module


def _may_nest_deeply(text: str) -> bool:
    """Cheap guard: fewer than MAX_BRACKET_DEPTH opening brackets cannot nest too deeply."""
    return text.count("(") + text.count("[") + text.count("{") > MAX_BRACKET_DEPTH


_NEWER_SYNTAX = re.compile(r"^\s*(?:(?:async\s+)?def|class)\s+\w+\s*\[|^\s*type\s+\w+")


def _syntax_error_position(text: str, error: cst.ParserSyntaxError) -> tuple[int, int, str]:
    """Where the syntax error is. LibCST's native parser often points a token late, so ask
    CPython's parser (it only parses, never runs anything), unless CPython stumbled on syntax
    newer than itself (PEP 695 generics, PEP 701 f-strings before 3.12): then LibCST's answer."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes in the checked code: not ours to print
            ast.parse(text)
    except SyntaxError as located:
        if located.lineno and not _newer_than_this_python(located, text):
            return located.lineno, max((located.offset or 1) - 1, 0), located.msg
    except (RecursionError, MemoryError, ValueError):
        pass
    return error.raw_line, error.raw_column, str(error.message).splitlines()[0]


def _newer_than_this_python(error: SyntaxError, text: str) -> bool:
    if sys.version_info >= (3, 12):
        return False
    line = source_lines(text)[error.lineno - 1] if error.lineno else ""
    return error.msg.startswith("f-string") or bool(_NEWER_SYNTAX.match(line))


class Engine:
    """Compiled rules, indexed once, ready to check any number of files."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.index = RuleIndex(self.rules)
        self.infos: dict[str, RuleInfo] = {rule.id: rule.info for rule in self.rules}
        specs = [(rule.id, rule.taint) for rule in self.rules if rule.taint is not None]
        self.taint = TaintAnalyzer(specs) if specs else None

    @cached_property
    def nested_facts(self) -> RuleFacts:
        """What every document's nested keystrokes ask of the rules, found once: an engine's
        rules never change (new ones come with a new engine, `IncrementalDocument.reconfigure`)
        and settings only choose among them where the facts are used (`enabled`)."""
        return RuleFacts.of(self.rules)

    def all_infos(self) -> dict[str, RuleInfo]:
        """The rules and the engine's own report kinds (syntax errors, suppressions)."""
        return {**self.infos, **ENGINE_RULES}

    def prefilter(self, tokens: Collection[str], enabled: Callable[[RuleInfo], bool] | None) -> Callable[[RuleInfo], bool]:
        """`enabled`, narrowed to the rules whose names occur among a text's tokens (prefilter.py)."""
        possible = possible_rules(self.rules, tokens)
        if enabled is None:
            return lambda info: info.id in possible
        return lambda info: info.id in possible and enabled(info)

    def analyze_bytes(self, data: bytes, options: AnalysisOptions) -> Analysis:
        text, error = decode_source(data, options.path)
        if text is None:
            return Analysis([], [error] if error else [])
        return self.analyze_source(text, options)

    def analyze_source(self, text: str, options: AnalysisOptions) -> Analysis:
        if "\x00" in text:
            line = text[: text.index("\x00")].count("\n") + 1
            return Analysis([], [error_finding(READ_ERROR, options.path, line, 0, detail="contains NUL bytes (binary file?)")])
        tree = cpython_tree(text, options.path)
        code = without_comments(text) if tree is not None else text
        tokens = file_tokens(text, self.rules, options.enabled, code)
        module, sparse, error = self._parse(text, tree, code, tokens, options)
        if module is None:
            return Analysis([], [error] if error else [])
        return self.analyze_module(module, text, options, tokens, sparse.reads_input, sparse.sourceless)

    def _parse(self, text: str, tree: ast.Module | None, code: str, tokens: set[str], options: AnalysisOptions) -> tuple[cst.Module | None, Sparse, Finding | None]:
        """The text's module, with the definitions no enabled rule needs stubbed (sparse.py)
        when CPython can parse it; otherwise, or if the stubbed text fails LibCST, all of it.
        Also what sparse parsing found of the input the text may read (Sparse.reads_input and
        .sourceless). `tree`: CPython's parse of the text (None when it has none); `code`: the
        text without_comments()."""
        sparse = Sparse(None) if tree is None else self._sparse(text, code, tree, tokens, options)
        with validation_paused() if tree is not None else nullcontext():
            if sparse.text is not None:
                module, _ = parse_source(sparse.text, options.path)
                if module is not None:
                    return module, sparse, None
            module, error = parse_source(text, options.path)
        return module, sparse, error

    def _sparse(self, text: str, code: str, tree: ast.Module, tokens: set[str], options: AnalysisOptions) -> Sparse:
        needs, marked = self.sparse_needs(tree, tokens, options)
        markers = frozenset(text_marker(rule.id) for rule in marked)
        return sparse_source(text, tree, lambda piece, piece_code: text_tokens(piece, marked, piece_code), needs, code, markers)

    def sparse_needs(self, tree: ast.Module, tokens: set[str], options: AnalysisOptions) -> tuple[Needs, list[Rule]]:
        """What makes a definition of the text (whose tokens are `tokens`) needed by the
        enabled rules, and the rules whose requires-text markers its pieces' tokens carry
        (sparse.py; the editor's lazy units ask the same)."""
        possible = self.prefilter(tokens, options.enabled)
        patterns = [rule for rule in self.rules if rule.taint is None and possible(rule.info)]
        taints = [rule for rule in self.rules if rule.taint is not None and possible(rule.info)]
        active = {rule.id for rule in taints}
        refined = [rule for rule in patterns if rule.info.refined_by in active and not rule.info.kept_when_clean]
        pattern = AnyMayMatch(patterns)
        needs = Needs(pattern, refined=AnyMayMatch(refined) if refined else None, pattern_amid=pattern.amid, amid_words=_amid_words(patterns))
        judged = list(patterns)  # the rules that judge a unit's words, whose text markers count
        if taints and self.taint is not None:
            needs.taint, needs.taint_header, needs.taint_decorated = self._input_needs(tree, options.taint)
            judged += self.taint.with_sources(options.taint.sources).source_rules
        marked = [rule for rule in judged if rule.requires_text is not None and text_marker(rule.id) in tokens]
        return needs, marked

    def _input_needs(self, tree: ast.Module, taint: TaintOptions) -> tuple[Wanted, Wanted | None, Wanted | None]:
        """Whether a unit with these words may read input (hold a taint source, the user's
        too, or name a function of another project module), whether one with these words in
        its functions' headers may, and one with these in its decorated functions' headers."""
        if self.taint is None:
            return lambda words: True, None, None
        imported = project_imports(tree, taint.project.holds) if taint.project is not None else frozenset()
        if "*" in imported:
            return lambda words: True, None, None
        analyzer = self.taint.with_sources(taint.sources)
        # A low-confidence source (input(), sys.argv) taints nothing unless those are on.
        sources = [part for part in analyzer.source_rules if taint.low_confidence or analyzer.parts[part.id].item.confidence != Confidence.LOW]
        headers = [part for part in sources if header_only(part.formula) and not needs_decorator(part.formula)]
        decorated = [part for part in sources if header_only(part.formula) and needs_decorator(part.formula)]
        others = AnyMayMatch([part for part in sources if not header_only(part.formula)])
        body: Wanted = (lambda words: any(name in words for name in imported) or others(words)) if imported else others  # words: any collection (lazy_units.Words too)
        return body, AnyMayMatch(headers) if headers else None, AnyMayMatch(decorated) if decorated else None

    def analyze_module(
        self, module: cst.Module, text: str, options: AnalysisOptions, tokens: set[str] | None = None, reads_input: bool = True,
        sourceless: Sequence[tuple[str, bool]] | None = None,
    ) -> Analysis:
        """Check a parsed module; `text` is the file's own (suppressions and tokens come from it).
        `reads_input` False: no code of it holds a taint source, so no data flow is followed.
        `sourceless`: the definitions sparse parsing found without source words (Sparse).
        The caches keep their entries for this check alone (document_caches.py), or for the
        document being checked."""
        with checking():
            return self._analyze_module(module, text, options, tokens, reads_input, sourceless)

    def _analyze_module(
        self, module: cst.Module, text: str, options: AnalysisOptions, tokens: set[str] | None, reads_input: bool,
        sourceless: Sequence[tuple[str, bool]] | None,
    ) -> Analysis:
        scope = module_scope(module.body)
        tokens = text_tokens(text, self.rules) if tokens is None else tokens
        if reads_input and sourceless is not None:
            reads_input = self._reads_input(module, scope, tokens, options.taint, sourceless)
        try:
            result = check_tree(
                module, scope, self.index, path=options.path, import_line=import_insertion_line(module),
                enabled=self.prefilter(tokens, options.enabled), severity_of=options.severity_of,
                taint=self.taint, taint_options=options.taint, words=tokens, reads_input=reads_input,
            )
        except RecursionError:
            return Analysis([], [error_finding(SYNTAX_ERROR, options.path, 1, 0, detail="nested too deeply to check")])
        errors = [
            error_finding(RULE_ERROR, options.path, 1, 0, rule=rule_id, detail=detail)
            for rule_id, detail in sorted(result.failed_rules.items())
        ]
        lines = source_lines(text)
        outcome = apply_suppressions(result.findings, lines, self.infos, options.suppression, options.path)
        findings = finalize(outcome.kept + outcome.problems)
        return Analysis(findings, errors, len(outcome.suppressed))


    def _reads_input(self, module: cst.Module, scope: Scope, tokens: set[str], options: TaintOptions, sourceless: Sequence[tuple[str, bool]]) -> bool:
        """Whether a function of the module may see input (a source match, or functions of the
        project it imports: taint/gate.py), asked before the flows are, so that the gate need
        not walk the definitions sparse parsing found without source words. The flows ask
        again (the walked pieces' answers are cached); an error is left for them to report."""
        if self.taint is None:
            return True
        analyzer = self.taint.with_sources(options.sources)
        try:
            return analyzer.module_input(module, Resolver(scope), options, tokens, planned_sourceless(module, sourceless)).any
        except Exception:
            return True


def _amid_words(rules: Sequence[Rule]) -> frozenset[str]:
    """The names that the rules' pattern-insides around a definition need (Rule.may_match_amid)."""
    return frozenset(
        name for rule in rules if rule.around_in_code and rule.definition_requires is not None
        for clause in rule.requires if clause not in rule.definition_requires for names in clause for name in names
    )


def finalize(findings: Iterable[Finding], renamed: dict[tuple[int, int], tuple[Finding, Finding]] | None = None, ordered: bool = False) -> list[Finding]:
    """Sort findings (unless `ordered` already) and make fingerprints unique within the file
    (deterministic output). `renamed` keeps the renamed copies between calls (the editor
    finalizes on every keystroke and keeps its findings in order, merged.py)."""
    ordered_findings = findings if ordered else sorted(findings, key=Finding.sort_key)
    counts: dict[str, int] = {}
    result: list[Finding] = []
    for finding in ordered_findings:
        seen = counts.get(finding.fingerprint, 0)
        counts[finding.fingerprint] = seen + 1
        if seen:
            known = renamed.get((id(finding), seen)) if renamed is not None else None
            if known is not None and known[0] is finding:
                finding = known[1]
            else:
                copy = replace(finding, fingerprint=f"{finding.fingerprint}:{seen}")
                if renamed is not None:
                    renamed[(id(finding), seen)] = (finding, copy)
                finding = copy
        result.append(finding)
    return result
