"""`redline serve`: the pygls wiring. Each handler is short and delegates to one module:
documents (text and analysis), positions, diagnostics, actions, hover, settings."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import inspect
import json
import logging
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Sequence

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.protocol.json_rpc import RPCNotification, RPCRequest
from pygls.uris import from_fs_path, to_fs_path

from redline import __version__
from redline.config import Config
from redline.engine.analysis import SYNTAX_ERROR, AnalysisOptions, Engine
from redline.engine.model import Finding, RuleInfo, Span
from redline.engine.rule_loader import DeferredRule, load_rules
from redline.engine.suppressions import SuppressionOptions
from redline.engine.taint.project import OPEN_BUFFERS
from redline.engine.units import IncrementalDocument, TextBuffer
from redline.rule_cache import RuleCache
from redline.runner import RulesError, engine_for, forget_rules, rule_folders

from . import actions, heap, hover, profiling, startup, transport, warm, workspace
from .diagnostics import result_id, severity_map
from .documents import OpenDocument, Result
from .importers import Importers
from .notebooks import NOTEBOOK_SYNC, Notebook, cell_edits, diff_edits, moved, split_by_cell, text_change
from .positions import Codec, choose_encoding
from .settings import ConfigSource, EditorSettings, plain

log = logging.getLogger("redline.lsp")
SETTINGS_WAIT_S = 2.0  # how long a first analysis waits for the editor's settings
BIG_DOCUMENT_LINES = 2000  # first analysis of a bigger document reports $/progress
SETTLE_WAIT_S = 30.0  # redline/debugStats waits at most this long for analyses to finish
FOLLOW_UP_DELAY_S = 0.2  # deferred data flow (callers, importers) waits this long: typing bursts
COMMANDS = ("redline.fixAll", "redline.explain", "redline.scanWorkspace", "redline.restart")
DEBUG_STATS = "redline/debugStats"
DEBUG_HEAP = "redline/debugHeap"
CONFIG_FILES = ("pyproject.toml", "redline.toml")


def _to_user(method: str) -> Any:
    """A protocol handler that hands `method` straight to Redline's feature, bypassing pygls'
    workspace (which would keep and edit a second copy of every document)."""

    @lsp_method(method)
    def handler(self: LanguageServerProtocol, params: Any):  # type: ignore[no-untyped-def]
        if (feature := self.fm.features.get(method)) is not None:
            yield feature, (params,), None

    return handler


def document_options(config: Config, path: Path) -> AnalysisOptions:
    """How an open document at `path` is analysed under `config`: rules enabled for its path
    (each verdict decided once: the checks ask per rule and keystroke), severities,
    suppressions, project data flow. Benchmarks measure with these (lsp_latency.server_setup)."""
    verdicts: dict[str, bool] = {}  # rule id -> enabled for this path

    def enabled(info: RuleInfo) -> bool:
        verdict = verdicts.get(info.id)
        if verdict is None:
            verdict = verdicts[info.id] = config.rule_enabled(info, path)
        return verdict

    return AnalysisOptions(
        path=str(path), enabled=enabled, severity_of=config.severity_for,
        suppression=SuppressionOptions(config.nosec, config.noqa, config.require_reason, False),
        taint=config.taint.in_project(config.root, path),
    )


class RedlineProtocol(LanguageServerProtocol):
    """Keeps document text out of pygls' workspace: Redline tracks it once, in its own lines
    (pygls splits lines at form feeds too, and would copy every keystroke a second time).
    The attribute names are those of the pygls handlers they replace."""

    lsp_text_document__did_open = _to_user(types.TEXT_DOCUMENT_DID_OPEN)
    lsp_text_document__did_change = _to_user(types.TEXT_DOCUMENT_DID_CHANGE)
    lsp_text_document__did_close = _to_user(types.TEXT_DOCUMENT_DID_CLOSE)
    lsp_notebook_document__did_open = _to_user(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    lsp_notebook_document__did_change = _to_user(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    lsp_notebook_document__did_close = _to_user(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    exiting = False
    exit_code = 0  # 1 after an `exit` that no `shutdown` came before, as the protocol asks

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any):  # type: ignore[no-untyped-def]
        """After `exit` nothing more is written: analyses still running end silently instead of
        writing to a closing pipe (pygls would log an "Error sending data" chain for each).
        pygls ends with sys.exit(code), which its own run loop swallows: the code is kept here
        for `serve` to return."""
        self.exiting = True
        self.exit_code = 0 if self._shutdown else 1
        yield from super().lsp_exit(*args)

    def _send_data(self, data: Any) -> None:
        if not self.exiting:
            super()._send_data(data)

    def handle_message(self, message: Any) -> None:
        """A client's request or notification handed to its handler as pygls' handle_message
        does, told by its type (_kind) instead of by pygls' two `typing.Protocol` checks
        (RPCRequest, then RPCNotification): Python 3.11 lists a protocol's attributes anew at
        each isinstance, 50-130 us each on the event loop before every keystroke's analysis
        could start. Responses, other messages, a wrong jsonrpc version and a server shutting
        down go through pygls' handle_message."""
        kind = _kind(message)
        if kind is None or self._shutdown or message.jsonrpc != self.VERSION:
            super().handle_message(message)
        elif kind is RPCRequest:
            contextvars.copy_context().run(self._handle_request, message.id, message.method, message.params)
        else:
            contextvars.copy_context().run(self._handle_notification, message.method, message.params)

    # Diagnostics are written from each one's JSON, kept from earlier results: a keystroke in
    # a file with hundreds of findings does not unstructure and encode them all again on the
    # event loop (pygls' `notify` and responses would: ~100 ms for 400 data-flow findings).

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reports: dict[int, tuple[types.RelatedFullDocumentDiagnosticReport, Sequence[str]]] = {}

    def publish_serialised(self, uri: str, version: int, diagnostics: Sequence[str]) -> None:
        """publishDiagnostics of diagnostics given as JSON. The profile's `published` is when the
        message is made and handed to the pipe, `written` when that write returns: writing wakes
        the client, which may run first on the core and read the message before the write
        returns (the profile's `written` came after the client had it at most keystrokes)."""
        params = json.dumps({"uri": uri, "version": version})[:-1] + f', "diagnostics": [{", ".join(diagnostics)}]}}'
        message = f'{{"jsonrpc": "2.0", "method": "{types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}", "params": {params}}}'
        profiling.mark("published", version, uri)
        self._write(message)
        profiling.mark("written", version, uri)

    def full_report(self, result_id: str, items: list[types.Diagnostic], diagnostics: Sequence[str]) -> types.RelatedFullDocumentDiagnosticReport:
        """A pull answer whose items (`diagnostics` as JSON) are written as they are."""
        report = types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)
        if len(self._reports) > 64:  # answers never sent (cancelled requests)
            self._reports.clear()
        self._reports[id(report)] = (report, diagnostics)
        return report

    def _send_response(self, msg_id: Any, result: Any | None = None, error: Any | None = None) -> None:
        kept = self._reports.pop(id(result), None) if error is None and result is not None else None
        if kept is None or kept[0] is not result:
            super()._send_response(msg_id, result, error)
            return
        self._result_types.pop(msg_id, None)
        report = json.dumps({"kind": "full", "resultId": result.result_id})[:-1] + f', "items": [{", ".join(kept[1])}]}}'
        self._write(f'{{"jsonrpc": "2.0", "id": {json.dumps(msg_id)}, "result": {report}}}')

    def _write(self, message: str) -> None:
        if self.exiting or self.writer is None:
            return
        body = message.encode(self.CHARSET)
        header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n".encode(self.CHARSET)
        written = self.writer.write(header + body if self._include_headers else body)
        if inspect.isawaitable(written):
            asyncio.ensure_future(written)


_KINDS: dict[type, type | None] = {}


def _kind(message: Any) -> type | None:
    """RPCRequest or RPCNotification for a message of an lsprotocol type, asked once per type
    (its attrs fields are set on every instance, so the protocols' attribute checks answer
    alike for all); None for anything else (a response, a message of an unknown method)."""
    kind = type(message)
    if kind not in _KINDS:
        if kind.__module__ != types.__name__:
            return None
        _KINDS[kind] = RPCRequest if isinstance(message, RPCRequest) else RPCNotification if isinstance(message, RPCNotification) else None
    return _KINDS[kind]


class RedlineServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "redline", __version__, protocol_cls=RedlineProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental, notebook_document_sync=NOTEBOOK_SYNC,
        )
        self.documents: dict[str, OpenDocument] = {}
        self.notebooks: dict[str, Notebook] = {}  # by notebook uri; its module is documents[uri]
        self.importers = Importers()  # which open documents import a module (re-checked when it changes)
        self.settings = EditorSettings()
        self.configs = ConfigSource()
        self.client = types.ClientCapabilities()
        self.encoding: str = types.PositionEncodingKind.Utf16
        self.pull = False
        self.roots: list[Path] = []
        self._engines: dict[tuple[str, ...], Engine] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="redline-analysis")
        self._logged: set[str] = set()
        self.settings_ready = asyncio.Event()  # set once the client's settings are known
        self._options_cache: dict[tuple[int, int, str], tuple[AnalysisOptions, Config, Engine]] = {}
        self._options_by_path: dict[Path, tuple[EditorSettings, tuple[Engine, AnalysisOptions, Config]]] = {}

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """Serve on stdio, read by the event loop where stdin is a pipe of its own
        (transport.py: no thread hand-offs per message); elsewhere as pygls reads it."""
        stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
        if transport.own_pipe(stdin, stdout):
            transport.serve_loop(self, stdin, stdout)
        else:
            super().start_io(stdin, stdout)

    # -- settings, rules, options ------------------------------------------------------------------

    def engine(self, config: Config) -> Engine:
        """The compiled rules for a config; broken rule files are reported, the rest still run."""
        folders = rule_folders(config)
        engine = self._engines.get(folders)
        if engine is None:
            try:
                engine = engine_for(folders, deferred=True)
            except RulesError as error:
                rules, problems = load_rules([Path(f) for f in folders], RuleCache())
                engine = Engine(rules)
                self.notify(types.MessageType.Error, "redline: some rule files could not be loaded:\n" + "\n".join(str(p) for p in problems))
                del error
            self._engines[folders] = engine
        return engine

    def config_for(self, path: Path) -> Config:
        return self._read_config(path)[0]

    def _read_config(self, path: Path) -> tuple[Config, bool]:
        """The config for `path` and whether it was read without problems (those are reported)."""
        config = self.configs.config_for(path, self.settings)
        problems = list(self.configs.problems)
        for problem in problems:
            self.notify(types.MessageType.Error, f"redline: {problem}")
        self.configs.problems.clear()
        return config, not problems

    def options_for(self, path: Path) -> tuple[Engine, AnalysisOptions, Config]:
        """A document's engine, options and config, asked by every analysis: kept by path
        while the settings object is the same, until a reload (finding the config and the
        rule folders again, a stat and an import-system lookup, cost ~0.1-0.2 ms of each
        keystroke's analysis thread). A config read with problems is not kept: it is read
        again at each analysis, so a broken file fixed on disk counts at the next keystroke."""
        known = self._options_by_path.get(path)
        if known is not None and known[0] is self.settings:
            return known[1]
        settings = self.settings
        config, read = self._read_config(path)
        engine = self.engine(config)
        key = (id(config), id(engine), str(path))
        cached = self._options_cache.get(key)
        if cached is None:  # the same options while settings are unchanged: no re-check
            cached = self._options_cache[key] = (document_options(config, path), config, engine)
        answer = (engine, cached[0], config)
        if read:
            self._options_by_path[path] = (settings, answer)
        return answer

    def forget_options(self) -> None:
        """Settings or config files changed: documents' options are made again when next asked."""
        self._options_cache.clear()
        self._options_by_path.clear()

    def _forget_options_of(self, path: Path) -> None:
        """A closed document's options go with it (a workspace of files opened one after
        another would otherwise keep one set per file ever opened)."""
        self._options_by_path.pop(path, None)
        for key in [key for key in self._options_cache if key[2] == str(path)]:
            del self._options_cache[key]

    def notify(self, kind: types.MessageType, message: str) -> None:
        """window/logMessage once per distinct message, from any thread."""
        if message in self._logged:
            return
        self._logged.add(message)
        params = types.LogMessageParams(type=kind, message=message)
        loop = getattr(self.protocol, "_loop", None) or _running_loop()
        if loop is not None and threading.current_thread() is not threading.main_thread():
            loop.call_soon_threadsafe(self.window_log_message, params)
        else:
            self.window_log_message(params)

    # -- analysis ----------------------------------------------------------------------------------

    def schedule(self, doc: OpenDocument, delay: float | None = None) -> None:
        if not self.settings.enable:
            return
        if doc.task is not None and not doc.task.done():
            doc.again = True
            return
        doc.task = asyncio.ensure_future(self._analysis_loop(doc, delay))

    def debounce(self, doc: OpenDocument) -> float:
        """No wait while keystrokes come slower than an analysis takes (each is checked at once);
        when they come faster, wait about one analysis so that a burst is checked once."""
        if self.settings.debounce_ms is not None:
            return self.settings.debounce_ms / 1000
        return min(doc.last_ms / 1000, 0.3) if doc.typing_gap_ms < doc.last_ms else 0.0

    async def _analysis_loop(self, doc: OpenDocument, delay: float | None) -> None:
        loop = asyncio.get_running_loop()
        if not self.settings_ready.is_set():
            # The first didOpen may arrive before the answer to workspace/configuration.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.settings_ready.wait(), SETTINGS_WAIT_S)
        while not doc.closed:
            doc.again = False
            wait = self.debounce(doc) if delay is None else delay
            if wait:
                profiling.mark("debounce", doc.version, doc.uri)
                await asyncio.sleep(wait)
            progress = self._start_progress(doc)
            started = time.perf_counter()
            try:
                result = await loop.run_in_executor(self._executor, self._analyse, doc)
            except Exception as error:  # never let one document stop the server
                log.exception("analysis failed")
                self.notify(types.MessageType.Error, f"redline: analysis of {doc.uri} failed: {type(error).__name__}: {error}")
                result = None
            finally:
                if progress is not None:
                    self._end_progress(progress)
            doc.last_ms = (time.perf_counter() - started) * 1000
            if result is not None and not doc.closed:
                self._deliver(doc, result)
                self.recheck_importers(doc.path, result.exports)
            if not (doc.again or doc.has_pending()):
                break
            delay = None
        self.follow_up(doc)

    def follow_up(self, doc: OpenDocument) -> None:
        """After the document's own findings are out, check in the background (after a pause
        in typing, cancelled by the next edit) the data flow that other code's changes made
        due: callers of an edited function, methods reading what an edited method sets, code
        calling into an edited imported module. Published again only if it changed."""
        if doc.closed or doc.model is None:
            return
        if doc.follow_up is not None:
            doc.follow_up.cancel()
        # A timer, not a task sleeping: each keystroke starts one and the next cancels it,
        # and a task costs a coroutine, a sleep's future and a loop turn to unwind its
        # cancellation; the task is made only once the pause has come.
        doc.follow_up = asyncio.get_running_loop().call_later(FOLLOW_UP_DELAY_S, self._start_follow_up, doc)

    def _start_follow_up(self, doc: OpenDocument) -> None:
        doc.follow_up = asyncio.ensure_future(self._follow_up(doc))

    async def _follow_up(self, doc: OpenDocument) -> None:
        if doc.closed or doc.has_pending() or (doc.task is not None and not doc.task.done()):
            return  # the analysis of a newer version follows up itself
        # Whether anything waits is asked once typing pauses, not after every keystroke: it
        # searches the text for each changed function's calls (~1.6 ms at 10,031 lines).
        if doc.model is None or not (doc.imported != set() or doc.model.deferred()):
            return
        try:
            profiling.mark("follow-up", doc.version, doc.uri)
            result = await asyncio.get_running_loop().run_in_executor(self._executor, self._analyse_deferred, doc)
        except Exception as error:
            log.exception("deferred analysis failed")
            self.notify(types.MessageType.Error, f"redline: analysis of {doc.uri} failed: {type(error).__name__}: {error}")
            result = None
        if result is None or doc.closed:
            return
        if result.exports != set():  # functions checked again whose summaries may have changed
            self.recheck_importers(doc.path, result.exports)  # also when its findings are stale: the model gave them up
        if result.version != doc.version or doc.has_pending():
            return
        if doc.result is None or result.result_id != doc.result.result_id:
            self._deliver(doc, result)
            if self.pull and get_capability(self.client, "workspace.diagnostics.refresh_support", False):
                self.workspace_diagnostic_refresh(None)
        else:
            doc.result = result
        doc.release()

    def _analyse_deferred(self, doc: OpenDocument) -> Result | None:
        """Worker thread: the deferred data flow of an up-to-date model; None when newer
        changes came (their analysis follows up)."""
        model, version = doc.model, doc.result.version if doc.result is not None else None
        engine, options, config = self.options_for(doc.path)
        if model is None or version is None or model.engine is not engine or model.options is not options:
            return None
        model.callers_due(doc.take_imported())
        if not model.check(doc.has_pending) or doc.has_pending():
            return None  # a newer keystroke's analysis converts the findings and takes the exports
        profiling.mark("model (follow-up)", version, doc.uri)
        return self._result(doc, version, model, engine, config)

    def _start_progress(self, doc: OpenDocument) -> asyncio.Future[types.ProgressToken | None] | None:
        """The progress of a big document's first analysis, begun when the client has answered
        window/workDoneProgress/create (the LSP allows no $/progress on a token before that
        answer): the analysis starts at once, not after a round trip to the client."""
        if doc.model is not None or len(doc.live.lines) < BIG_DOCUMENT_LINES:
            return None
        return asyncio.ensure_future(self.begin_progress(f"checking {doc.path.name}"))

    def _end_progress(self, begun: asyncio.Future[types.ProgressToken | None]) -> None:
        """End the progress once it has begun: at once when it has, else right after its begin."""

        def end(future: asyncio.Future[types.ProgressToken | None]) -> None:
            token = None if future.cancelled() or future.exception() is not None else future.result()
            if token is not None:
                self.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))

        begun.add_done_callback(end)

    async def begin_progress(self, message: str, token: types.ProgressToken | None = None) -> types.ProgressToken | None:
        """$/progress begin on the client's token, or on a new one when the client supports
        server-initiated progress; None when there is no way to show it."""
        if token is None:
            if not get_capability(self.client, "window.work_done_progress", False):
                return None
            token = f"redline-{uuid.uuid4()}"
            try:
                await self.work_done_progress.create_async(token)
            except Exception:
                return None
        self.work_done_progress.begin(token, types.WorkDoneProgressBegin(title="Redline", message=message, percentage=0, cancellable=False))
        return token

    def report_progress(self, token: types.ProgressToken | None) -> Callable[[int, int], None] | None:
        """A callback for worker threads: `done of total files` as a $/progress report."""
        if token is None:
            return None
        loop = asyncio.get_running_loop()

        def report(done: int, total: int) -> None:
            value = types.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=done * 100 // max(total, 1))
            loop.call_soon_threadsafe(self.work_done_progress.report, token, value)

        return report

    def _analyse(self, doc: OpenDocument) -> Result | None:
        """Worker thread: update the model, then convert its findings for the client."""
        profiling.mark("analysis", doc.version, doc.uri)
        engine, options, config = self.options_for(doc.path)
        model = doc.model
        parses = (model.stats.full_parses, model.stats.lazy_parses) if model is not None else None
        with heap.built_to_keep(lambda: doc.model is not model or (doc.model.stats.full_parses, doc.model.stats.lazy_parses) != parses):  # a first open, or units parsed anew
            outcome = doc.analyse(engine, options)
            if outcome is None:
                return None
            version, model = outcome
            profiling.mark("model", version, doc.uri)
            return self._result(doc, version, model, engine, config)

    def _result(self, doc: OpenDocument, version: int, model: IncrementalDocument, engine: Engine, config: Config) -> Result:
        """The model's findings converted for the client, and what changed for importers."""
        with model._lock:
            findings = [f for f in model.findings() if config.reports(f)]
            profiling.mark("findings", version, doc.uri)
            errors = model.errors() if self.settings.syntax_errors else [e for e in model.errors() if e.rule_id != SYNTAX_ERROR.id]
            lines = model.buffer.lines
            infos = engine.all_infos()
            severities = severity_map(self.settings.lsp_severity)
            diagnostics, rid, payload = doc.converted.convert([*errors, *findings], lines, doc.codec, infos, severities, doc.uri, self.protocol._converter)
            for rule_id, detail in model.failed_rules.items():
                self.notify(types.MessageType.Warning, f"redline: rule {rule_id} failed on {doc.path} and is disabled for it: {detail}")
            exports = model.take_changed_exports()
        profiling.mark("converted", version, doc.uri)
        return Result(version, findings, errors, diagnostics, rid, exports, payload)

    def _deliver(self, doc: OpenDocument, result: Result) -> None:
        doc.publish(result)
        notebook = self.notebooks.get(doc.uri)
        if notebook is not None:
            self._publish_cells(notebook, result.diagnostics)
        elif not self.pull:
            self.protocol.publish_serialised(doc.uri, result.version, result.payload)  # marks `published` before its write
            return
        profiling.mark("published", result.version, doc.uri)

    def _publish_cells(self, notebook: Notebook, diagnostics: Sequence[types.Diagnostic]) -> None:
        """Each cell gets its own findings; cells that had some and have none now are cleared."""
        if self.pull:
            return
        by_cell = split_by_cell(notebook, diagnostics)
        for uri in sorted(notebook.shown - set(by_cell)):  # deleted cells
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for uri, found in by_cell.items():
            if found or uri in notebook.shown:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found))
        notebook.shown = {uri for uri, found in by_cell.items() if found}

    def reload(self) -> None:
        """Config files or rule folders changed: read them again on the next analysis."""
        forget_rules()
        self._engines.clear()
        self.configs.reload()
        self.forget_options()
        self._logged.clear()

    def recheck_all(self) -> None:
        """Settings or rules changed: check every open document again (pull clients refresh)."""
        for doc in self.documents.values():
            doc._done.clear()
            self.schedule(doc, 0)
        if self.pull and get_capability(self.client, "workspace.diagnostics.refresh_support", False):
            self.workspace_diagnostic_refresh(None)

    # -- open documents ----------------------------------------------------------------------------

    def open(self, uri: str, version: int, text: str) -> None:
        """Track a document (or a notebook's module) and check it now; a re-open replaces it."""
        old = self.documents.pop(uri, None)
        if old is not None:
            old.closed = True
        doc = self.documents[uri] = OpenDocument(uri, _path(uri), version, TextBuffer(text), Codec(self.encoding))
        OPEN_BUFFERS.track(doc.path, lambda: ((id(doc), doc.version), doc.live.text))  # summaries read the unsaved text
        self.schedule(doc, 0)

    def edited(self, doc: OpenDocument) -> None:
        now = time.perf_counter()
        doc.typing_gap_ms, doc.edited_at = (now - doc.edited_at) * 1000, now
        if doc.follow_up is not None:
            doc.follow_up.cancel()
        if self.settings.run == "onType":
            self.schedule(doc)
            for importer in self._importers_of(doc.path):
                importer.hold()  # released, or followed up, once this edit is analysed

    def saved(self, uri: str) -> None:
        """Saving checks now, in both run modes (editors send the edits before the save, so
        documents importing it already follow the text)."""
        doc = self.documents.get(uri)
        if doc is not None:
            self.schedule(doc, 0)

    def _importers_of(self, path: Path) -> list[OpenDocument]:
        return [doc for doc in self.documents.values() if doc.path != path and self.importers.imports(doc, path)]

    def recheck_importers(self, path: Path, names: set[str] | None = None) -> None:
        """Names in a module changed (None: the module changed on disk or was closed): the
        open documents importing it check the data flow of their code calling those names
        again, in the background; an edit that changed no code releases their pulls."""
        for doc in self._importers_of(path):
            if names == set():
                doc.release()
                continue
            doc.imported_changed(names)
            self.follow_up(doc)

    def close(self, uri: str) -> None:
        """Drop a document's trees and findings and clear what the client shows for it."""
        doc = self.documents.get(uri)
        if doc is None:
            return
        self.clear(uri)
        del self.documents[uri]
        OPEN_BUFFERS.forget(doc.path)
        self.importers.forget(uri)
        self.notebooks.pop(uri, None)
        doc.closed = True
        doc.model = None
        self._forget_options_of(doc.path)
        heap.release()
        self.recheck_importers(doc.path)  # the disk's text counts again for its summaries

    def clear(self, uri: str) -> None:
        """Push empty diagnostics for a document, or for the cells of a notebook that had some."""
        if self.pull:
            return
        notebook = self.notebooks.get(uri)
        for target in sorted(notebook.shown) if notebook is not None else [uri]:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=target, diagnostics=[]))
        if notebook is not None:
            notebook.shown = set()

    # -- helpers -----------------------------------------------------------------------------------

    def document(self, uri: str) -> OpenDocument | None:
        return self.locate(uri)[0]

    def locate(self, uri: str) -> tuple[OpenDocument | None, int]:
        """The open document holding `uri` and the line where it starts in it (a notebook cell
        lives in its notebook's module)."""
        doc = self.documents.get(uri)
        if doc is not None:
            return doc, 0
        for notebook in self.notebooks.values():
            start = notebook.start_of(uri)
            if start is not None:
                return self.documents.get(notebook.uri), start
        return None, 0

    def workspace_edit(self, uri: str, lines: Sequence[str], codec: Codec, edits: Sequence[actions.TextEdit]) -> types.WorkspaceEdit:
        changes = [types.TextEdit(range=codec.range(lines, e.span), new_text=e.new_text) for e in edits]
        notebook = self.notebooks.get(uri)
        return types.WorkspaceEdit(changes=cell_edits(notebook, changes) if notebook else {uri: changes})

    def whole_document_edit(self, doc: OpenDocument, new_text: str) -> types.WorkspaceEdit:
        assert doc.model is not None
        notebook = self.notebooks.get(doc.uri)
        if notebook is not None:  # cells are edited where the fixes changed lines
            return types.WorkspaceEdit(changes=cell_edits(notebook, diff_edits(doc.model.text, new_text)))
        lines = doc.model.buffer.lines
        end = Span(_end_position(lines), _end_position(lines))
        start = Span(actions.Position(1, 0), actions.Position(1, 0))
        return self.workspace_edit(doc.uri, lines, doc.codec, [actions.TextEdit(Span(start.start, end.end), new_text)])


def _end_position(lines: Sequence[str]) -> actions.Position:
    last = len(lines) - 1
    return actions.Position(last + 1, len(lines[last].rstrip("\r\n")))


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _path(uri: str) -> Path:
    return Path(to_fs_path(uri) or uri)


server = RedlineServer()


# -- lifecycle ---------------------------------------------------------------------------------------


@server.feature(types.INITIALIZE)
def initialize(params: types.InitializeParams) -> None:
    server.client = params.capabilities
    server.encoding = choose_encoding(params.capabilities)
    server.pull = get_capability(params.capabilities, "text_document.diagnostic", None) is not None
    if not server.pull:  # never both: push only, or VS Code shows every diagnostic twice
        for method in (types.TEXT_DOCUMENT_DIAGNOSTIC, types.WORKSPACE_DIAGNOSTIC):
            server.protocol.fm.features.pop(method, None)
    resolve = "edit" in (get_capability(params.capabilities, "text_document.code_action.resolve_support.properties", []) or [])
    server.protocol.fm.feature_options[types.TEXT_DOCUMENT_CODE_ACTION] = types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND],  # type: ignore[list-item]  (source.fixAll.redline: a kind lsprotocol does not list)
        resolve_provider=resolve,
    )
    if not resolve:
        server.protocol.fm.features.pop(types.CODE_ACTION_RESOLVE, None)
    server.settings = EditorSettings.parse(params.initialization_options)
    folders = params.workspace_folders or []
    server.roots = [_path(f.uri) for f in folders] or ([_path(params.root_uri)] if params.root_uri else [])
    logging.getLogger("redline").setLevel(server.settings.logging_level)
    # Compile the built-in rules while the client finishes the handshake, on the analysis
    # thread: initialize answers at once, and a document opened meanwhile waits for them there.
    server._executor.submit(_compile_builtin_rules)
    warm.read_and_write_once(server.protocol)  # cattrs' code for a document's messages, made before the first one


def _compile_builtin_rules() -> None:
    started = time.perf_counter()
    try:
        with contextlib.suppress(RulesError):  # reported when a document needs them
            engine = engine_for(rule_folders(Config()), deferred=True)
            heap.keep()  # the compiled rules live as long as the server: the collector need not walk them
            took = startup.loaded_ms() or (time.perf_counter() - started) * 1000  # the load's own time, wherever it ran
            deferred = sum(isinstance(rule, DeferredRule) for rule in engine.rules)
            server.notify(types.MessageType.Log, f"redline: {len(engine.rules)} built-in rules ready ({took:.0f} ms; {deferred} compiled when first needed)")
    finally:
        startup.settled()  # the collector, paused since the process started, runs again


@server.feature(types.INITIALIZED)
async def initialized(params: types.InitializedParams) -> None:
    asyncio.ensure_future(_watch_files())
    try:
        await _fetch_configuration()
    finally:
        server.settings_ready.set()


async def _watch_files() -> None:
    """Ask to hear about config and rule files changing (when the client can watch them)."""
    if not get_capability(server.client, "workspace.did_change_watched_files.dynamic_registration", False):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
    watchers.append(types.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}"))
    watchers.append(types.FileSystemWatcher(glob_pattern="**/*.py"))  # modules other documents import
    registration = types.Registration(
        id="redline-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
    )
    try:
        await asyncio.wait_for(server.client_register_capability_async(types.RegistrationParams(registrations=[registration])), 10)
    except Exception:
        log.info("the client did not register file watchers")


async def _fetch_configuration() -> None:
    """Ask the client for the `redline` section; documents opened meanwhile are checked again."""
    if not get_capability(server.client, "workspace.configuration", False):
        return
    try:
        answer = await asyncio.wait_for(server.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="redline")])
        ), 10)
    except Exception:
        return
    if answer and answer[0] is not None:
        _apply_settings(answer[0])


def _apply_settings(raw: Any) -> None:
    settings = EditorSettings.parse(raw)
    if settings == server.settings:
        return
    server.settings = settings
    logging.getLogger("redline").setLevel(settings.logging_level)
    server.configs.reload()
    server.forget_options()
    if not settings.enable:
        for doc in server.documents.values():
            server.clear(doc.uri)
        return
    server.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
    if get_capability(server.client, "workspace.configuration", False):
        await _fetch_configuration()
    elif params.settings is not None:
        _apply_settings(params.settings)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
    names = {_path(change.uri).name for change in params.changes}
    if names & set(CONFIG_FILES) or any(n.endswith((".yaml", ".yml")) for n in names):
        server.reload()
        server.recheck_all()
    for change in params.changes:  # a module changed on disk: summaries of it may have
        if change.uri.endswith(".py"):
            server.recheck_importers(_path(change.uri))


# -- documents ---------------------------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    server.open(item.uri, item.version, item.text)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(params: types.DidChangeTextDocumentParams) -> None:
    doc = server.documents.get(params.text_document.uri)  # never a cell: those change via notebookDocument/didChange
    if doc is None:
        return
    profiling.mark("didChange", params.text_document.version, doc.uri)
    doc.edit(list(params.content_changes), params.text_document.version)
    server.edited(doc)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(params: types.DidSaveTextDocumentParams) -> None:
    server.saved(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(params: types.DidCloseTextDocumentParams) -> None:
    server.close(params.text_document.uri)


# -- notebooks --------------------------------------------------------------------------------------


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
def notebook_did_open(params: types.DidOpenNotebookDocumentParams) -> None:
    notebook = Notebook.opened(params)
    server.notebooks[notebook.uri] = notebook
    server.open(notebook.uri, params.notebook_document.version, notebook.source())


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def notebook_did_change(params: types.DidChangeNotebookDocumentParams) -> None:
    uri = params.notebook_document.uri
    notebook, doc = server.notebooks.get(uri), server.documents.get(uri)
    if notebook is None or doc is None:
        return
    notebook.change(params.change, doc.codec)
    change = text_change(doc.live.lines, TextBuffer(notebook.source()).lines)
    if change is None:
        return
    doc.replace(change, params.notebook_document.version)
    server.edited(doc)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
def notebook_did_save(params: types.DidSaveNotebookDocumentParams) -> None:
    server.saved(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def notebook_did_close(params: types.DidCloseNotebookDocumentParams) -> None:
    server.close(params.notebook_document.uri)


# -- pull diagnostics ---------------------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(identifier="redline", inter_file_dependencies=False, workspace_diagnostics=True))
async def document_diagnostic(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    doc = server.document(params.text_document.uri)
    if doc is None or not server.settings.enable:
        return types.RelatedFullDocumentDiagnosticReport(items=[], result_id="empty")
    if doc.task is None and doc.result is None:
        server.schedule(doc, 0)
    result = await doc.current()
    if result is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    items, rid = result.diagnostics, result.result_id
    notebook = server.notebooks.get(doc.uri)
    if notebook is not None:  # a cell: its share of the notebook's findings
        items = split_by_cell(notebook, items).get(params.text_document.uri, [])
        rid = result_id(items, server.protocol._converter)
    if params.previous_result_id == rid:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
    if notebook is None:
        return server.protocol.full_report(rid, items, result.payload)
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=rid)


@server.feature(types.WORKSPACE_DIAGNOSTIC)
async def workspace_diagnostic(params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
    previous = {p.uri: p.value for p in params.previous_result_ids}
    reports = await _scan_workspace(params.work_done_token)
    items: list[Any] = []
    for uri, diagnostics in reports.items():
        if uri in server.documents:
            continue  # open documents are reported by textDocument/diagnostic
        rid = result_id(diagnostics, server.protocol._converter)
        if previous.get(uri) == rid:
            items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=rid, version=None))
        else:
            items.append(types.WorkspaceFullDocumentDiagnosticReport(uri=uri, items=diagnostics, result_id=rid, version=None))
    return types.WorkspaceDiagnosticReport(items=items)


async def _scan_workspace(token: types.ProgressToken | None = None) -> dict[str, list[types.Diagnostic]]:
    """Check the workspace folders off the event loop, with $/progress when it can be shown."""
    token = await server.begin_progress("scanning the workspace", token)
    codec, severities = Codec(server.encoding), severity_map(server.settings.lsp_severity)
    try:
        return await asyncio.get_running_loop().run_in_executor(
            server._executor, workspace.scan, server.roots, server.config_for, codec, severities, server.report_progress(token),
        )
    finally:
        if token is not None:
            server.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))


# -- hover, code actions, commands --------------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(params: types.HoverParams) -> types.Hover | None:
    doc, first = server.locate(params.text_document.uri)
    if doc is None or doc.model is None or doc.result is None:
        return None
    lines = doc.model.buffer.lines
    line = params.position.line + first
    if line >= len(lines):
        return None
    column = doc.codec.to_points(lines[line].rstrip("\r\n"), params.position.character)
    found = hover.findings_at(doc.result.findings, line + 1, column)
    infos = doc.model.engine.all_infos()
    content = hover.hover_text(found, infos, hover.wants_markdown(server.client))
    return types.Hover(contents=content) if content is not None else None


def _findings_for(doc: OpenDocument, diagnostics: Sequence[types.Diagnostic]) -> list[Finding]:
    wanted = {d.data.get("fingerprint") for d in diagnostics if d.source == "redline" and isinstance(d.data, dict)}
    return [f for f in (doc.result.findings if doc.result else []) if f.fingerprint in wanted]


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION)
def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
    doc, first = server.locate(params.text_document.uri)
    if doc is None or doc.model is None or doc.result is None:
        return None
    only = params.context.only
    wants = (lambda kind: any(kind == o or kind.startswith(f"{o}.") for o in only)) if only else (lambda kind: True)
    lines = doc.model.buffer.lines
    plain = [line.rstrip("\r\n") for line in lines]
    resolve = types.CODE_ACTION_RESOLVE in server.protocol.fm.features
    result: list[types.CodeAction] = []
    findings = _findings_for(doc, params.context.diagnostics)
    if not findings and not only:
        span = doc.codec.span(lines, moved(params.range, first))
        findings = [f for f in doc.result.findings if f.span.start.line <= span.end.line and span.start.line <= f.span.end.line]
    diagnostic_of = {d.data.get("fingerprint"): d for d in params.context.diagnostics if isinstance(d.data, dict)}
    for finding in findings:
        diags = [diagnostic_of[finding.fingerprint]] if finding.fingerprint in diagnostic_of else None
        data = {"uri": doc.uri, "fingerprint": finding.fingerprint}
        for index, fix in enumerate(finding.fixes if wants(types.CodeActionKind.QuickFix) else ()):
            action = types.CodeAction(
                title=fix.title, kind=types.CodeActionKind.QuickFix, diagnostics=diags,
                is_preferred=index == 0 and actions.fix_kind_preferred(finding),
            )
            if resolve:
                action.data = {**data, "action": "fix", "fix": index}
            else:
                action.edit = server.workspace_edit(doc.uri, lines, doc.codec, fix.edits)
            result.append(action)
        if wants(types.CodeActionKind.QuickFix):
            edit = actions.suppression_edit(plain, finding)
            result.append(types.CodeAction(
                title=f"Suppress {finding.rule_id} on this line", kind=types.CodeActionKind.QuickFix, diagnostics=diags,
                edit=server.workspace_edit(doc.uri, lines, doc.codec, [edit]),
            ))
            file_action = _file_suppression_action(doc, finding, diags)
            if file_action is not None:
                result.append(file_action)
    if wants(actions.FIX_ALL_KIND) and (only or any(f.fix for f in doc.result.findings)):
        action = types.CodeAction(title="Redline: fix all safe problems", kind=actions.FIX_ALL_KIND)  # type: ignore[arg-type]
        fixed = actions.fix_all(doc.model.text, doc.result.findings)
        if fixed is not None:
            action.edit = server.whole_document_edit(doc, fixed)
            result.append(action)
    return result


def _file_suppression_action(doc: OpenDocument, finding: Finding, diags: Any) -> types.CodeAction | None:
    config = server.config_for(doc.path)
    root = next((r for r in server.roots if doc.path.is_relative_to(r)), doc.path.parent)
    found = actions.file_suppression(config, doc.path, finding.rule_id, root)
    if found is None:
        return None
    target, current, edit = found
    uri = from_fs_path(str(target)) or str(target)
    lines = TextBuffer(current).lines
    text_edit = types.TextEdit(range=Codec(server.encoding).range(lines, edit.span), new_text=edit.new_text)
    if current:
        workspace_edit = types.WorkspaceEdit(changes={uri: [text_edit]})
    elif "create" in (get_capability(server.client, "workspace.workspace_edit.resource_operations", []) or []):
        workspace_edit = types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=uri, kind="create"),
            types.TextDocumentEdit(text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None), edits=[text_edit]),
        ])
    else:
        return None
    return types.CodeAction(title=f"Suppress {finding.rule_id} in this file", kind=types.CodeActionKind.QuickFix, diagnostics=diags, edit=workspace_edit)


@server.feature(types.CODE_ACTION_RESOLVE)
def resolve_code_action(action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    doc = server.document(str(data.get("uri")))
    if doc is None or doc.model is None or doc.result is None:
        return action
    index = data.get("fix", 0)
    for finding in doc.result.findings:
        if finding.fingerprint == data.get("fingerprint") and isinstance(index, int) and 0 <= index < len(finding.fixes):
            action.edit = server.workspace_edit(doc.uri, doc.model.buffer.lines, doc.codec, finding.fixes[index].edits)
    return action


@server.command("redline.fixAll")
async def fix_all_command(*args: Any) -> dict[str, Any]:
    uri = _uri_argument(args)
    doc = server.document(uri) if uri else None
    if doc is None:
        return {"applied": False}
    result = await doc.current()
    if result is None or doc.model is None:
        return {"applied": False}
    fixed = actions.fix_all(doc.model.text, result.findings)
    if fixed is None:
        return {"applied": False}
    answer = await server.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=server.whole_document_edit(doc, fixed), label="Redline: fix all"))
    return {"applied": bool(answer and answer.applied)}


@server.command("redline.explain")
def explain_command(*args: Any) -> dict[str, Any] | None:
    rule_id = args[0] if args and isinstance(args[0], str) else None
    for engine in list(server._engines.values()) or [server.engine(Config())]:
        info = engine.all_infos().get(rule_id or "")
        if info is not None:
            content = hover.hover_text([_stub_finding(info.id)], {info.id: info}, hover.wants_markdown(server.client))
            return {"rule": info.id, "kind": content.kind if content else "plaintext", "value": content.value if content else ""}
    return None


@server.command("redline.scanWorkspace")
async def scan_workspace_command(*args: Any) -> dict[str, int]:
    reports = await _scan_workspace()
    if not server.pull:
        for uri, diagnostics in reports.items():
            if uri not in server.documents:
                server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
    return {"files": len(reports), "findings": sum(len(d) for d in reports.values())}


@server.command("redline.restart")
def restart_command(*args: Any) -> dict[str, int]:
    """A fresh start without a new process: config and rules read again, every open document
    parsed and checked from scratch (nothing cached survives)."""
    server.reload()
    for doc in server.documents.values():
        doc.reset()
    server.recheck_all()
    return {"documents": len(server.documents)}


@server.feature(DEBUG_STATS)
async def debug_stats(params: Any) -> list[dict[str, Any]]:
    """Counters of the incremental model per open document (for tests and benchmarks), once
    the analyses in progress and the deferred data flow are done (or SETTLE_WAIT_S passed)."""
    with_text = bool(plain(params or {}).get("withText")) if isinstance(plain(params or {}), dict) else False
    deadline = time.perf_counter() + SETTLE_WAIT_S
    while server.settings.enable and time.perf_counter() < deadline and any(_unsettled(doc) for doc in server.documents.values()):
        await asyncio.sleep(0.01)
    result = []
    for uri, doc in server.documents.items():
        model = doc.model
        if model is None:
            continue
        stats = model.stats
        entry: dict[str, Any] = {
            "uri": uri, "unitParses": stats.unit_parses, "parsedLines": stats.parsed_lines, "fullParses": stats.full_parses,
            "unitChecks": stats.unit_checks, "units": len(model.units), "lazyUnits": model.lazy_units(),
            "version": doc.result.version if doc.result else None,
        }
        if with_text:
            entry.update(text=model.text, liveText=doc.live.text, findings=[f.to_dict() for f in model.findings()])
        result.append(entry)
    return result


@server.feature(DEBUG_HEAP)
async def debug_heap(params: Any) -> dict[str, int]:
    """What the process holds (for tests and benchmarks): the open documents, the option sets
    kept for documents' paths, and the LibCST function nodes alive, which with none open are only the compiled rules' patterns; whether
    the cycle collector runs between analyses (paused from the start until the rules are
    kept: startup.py) and how many collections it ran so far."""
    loop = asyncio.get_running_loop()
    collecting = await loop.run_in_executor(server._executor, gc.isenabled)
    collections = sum(generation["collections"] for generation in gc.get_stats())  # before the one live_function_nodes runs
    options = len(server._options_by_path) + len(server._options_cache)
    return {"documents": len(server.documents), "options": options, "collecting": collecting, "collections": collections, "functionNodes": await loop.run_in_executor(server._executor, heap.live_function_nodes)}


def _unsettled(doc: OpenDocument) -> bool:
    follow_up = doc.follow_up  # its timer, until the pause comes; then its task
    waiting = not follow_up.cancelled() if isinstance(follow_up, asyncio.TimerHandle) else follow_up is not None and not follow_up.done()
    running = waiting or (doc.task is not None and not doc.task.done())
    return running or doc.has_pending() or doc.imported != set() or (doc.model is not None and doc.model.deferred())


def _stub_finding(rule_id: str) -> Finding:
    from redline.engine.model import Confidence, Position, Severity

    at = Position(1, 0)
    return Finding(rule_id, "", Severity.LOW, Confidence.LOW, None, "", Span(at, at), "")


def _uri_argument(args: Sequence[Any]) -> str | None:
    for arg in args:
        if isinstance(arg, str):
            return arg
        if isinstance(arg, dict) and isinstance(arg.get("uri"), str):
            return arg["uri"]
    return None


def serve(tcp: tuple[str, int] | None = None) -> int:
    """Run until the client says exit; the exit code is the protocol's (1 when `exit` came
    without `shutdown`). Deep nesting needs a deep stack in the analysis thread."""
    threading.stack_size(256 * 1024 * 1024)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 8000))
    startup.begin()  # under way already when started by `redline serve`
    profiling.start(server._executor)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="redline: %(levelname)s: %(message)s")
    if tcp:
        server.start_tcp(*tcp)
    else:
        server.start_io()
    return server.protocol.exit_code
