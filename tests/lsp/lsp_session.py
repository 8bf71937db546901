"""A real `redline serve` over stdio, driven by pytest-lsp's client with a real editor's
capabilities (VS Code, Neovim, Emacs profiles shipped with pytest-lsp)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from cli_helpers import USER_RULE

SERVER = [sys.executable, "-m", "redline", "serve"]
# VS Code and Emacs get push diagnostics and UTF-16 / UTF-32; Neovim 0.11 pulls, in UTF-8.
PROFILES = ["visual-studio-code", "neovim@v0.11.0", "emacs"]
TIMEOUT = 60.0  # generous: CI machines are slow and shared


async def eventually(condition: Callable[[], bool]) -> bool:
    """Poll `condition` until it holds or TIMEOUT passes: for effects the client did not ask
    for (re-checks after a settings change, log messages, progress ends), whose delay depends
    on how loaded the machine is. Returns the condition's last value for the caller to assert."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


class Session:
    """One client connected to one server process, with helpers to wait for diagnostics."""

    def __init__(self, client: LanguageClient, capabilities: types.ClientCapabilities) -> None:
        self.client = client
        self.capabilities = capabilities
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.result_ids: dict[str, str | None] = {}
        self.versions: dict[str, int] = {}
        self.init: types.InitializeResult | None = None

        features = client.protocol.fm.features
        original = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def _record(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)
            original(params)

        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record
        self.applied: list[types.ApplyWorkspaceEditParams] = []  # workspace/applyEdit received

        def _apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
            self.applied.append(params)
            return types.ApplyWorkspaceEditResult(applied=True)

        features[types.WORKSPACE_APPLY_EDIT] = _apply

    @property
    def pull(self) -> bool:
        return bool(self.capabilities.text_document and self.capabilities.text_document.diagnostic)

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.versions[uri] = version
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)
        ))

    def change(self, uri: str, changes: list[Any]) -> int:
        version = self.versions[uri] = self.versions[uri] + 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        ))
        return version

    def edit(self, uri: str, line: int, character: int, end_line: int, end_character: int, text: str) -> int:
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=character), end=types.Position(line=end_line, character=end_character)),
            text=text,
        )
        return self.change(uri, [change])

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics for `version` (default: the latest sent), pushed or pulled."""
        version = self.versions[uri] if version is None else version
        if self.pull:
            report = await asyncio.wait_for(self.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri)
            )), TIMEOUT)
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
            self.result_ids[uri] = report.result_id
            return list(report.items)
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while True:
            for params in reversed(self.published.get(uri, [])):
                if params.version == version:
                    return list(params.diagnostics)
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"no diagnostics for {uri} version {version}")
            await asyncio.sleep(0.005)

    async def settled(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics once the server's background re-checks are done too (the data flow
        of code depending on an edit elsewhere: redline/debugStats answers after them)."""
        await self.stats(uri)
        if self.pull:
            return await self.diagnostics(uri)
        return list(self.published[uri][-1].diagnostics)

    async def pushed_codes(self, uri: str, wanted: set[str]) -> set[str]:
        """The codes of the latest pushed diagnostics, once they are `wanted` (or after TIMEOUT):
        for re-checks the client did not ask for, such as after a rule file changed."""
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while True:
            codes = {str(d.code) for d in self.published[uri][-1].diagnostics} if self.published.get(uri) else set()
            if codes == wanted or asyncio.get_running_loop().time() > deadline:
                return codes
            await asyncio.sleep(0.01)

    async def stats(self, uri: str, with_text: bool = False) -> dict[str, Any]:
        result = plain(await asyncio.wait_for(self.client.protocol.send_request_async("redline/debugStats", {"withText": with_text}), TIMEOUT))
        return next((entry for entry in result if entry["uri"] == uri), None)


def user_rules(root: Path, config: str) -> Path:
    """A `my_rules` folder with the CLI tests' user rule, named by `config` (a file name:
    pyproject.toml or redline.toml)."""
    folder = root / "my_rules"
    folder.mkdir()
    (folder / "raw.yaml").write_text(USER_RULE)
    table = "[tool.redline]\n" if config == "pyproject.toml" else ""
    (root / config).write_text(f'{table}extra-rules = ["my_rules"]\n')
    return folder


def app_project(root: Path, helpers: str, views: str) -> tuple[str, str]:
    """A project (`pyproject.toml` with `[tool.redline]`) holding the package `app` with the
    modules `helpers.py` and `views.py` (views importing helpers); their URIs (views, helpers)."""
    (root / "pyproject.toml").write_text("[tool.redline]\n", encoding="utf-8")
    package = root / "app"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "helpers.py").write_text(helpers, encoding="utf-8")
    (package / "views.py").write_text(views, encoding="utf-8")
    return (package / "views.py").as_uri(), (package / "helpers.py").as_uri()


def plain(value: Any) -> Any:
    """pygls returns unknown JSON objects as named tuples: back to dicts and lists."""
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@contextlib.asynccontextmanager
async def session(
    profile: str = "visual-studio-code",
    *,
    env: dict[str, str] | None = None,
    init_options: Any = None,
    configuration: dict[str, Any] | None = None,
    root: Path | None = None,
    cwd: Path | None = None,
    capabilities: types.ClientCapabilities | None = None,
    features: dict[str, Any] | None = None,
) -> AsyncIterator[Session]:
    """`features` replace the client's own handlers (say, a slow workspace/configuration)."""
    full_env = {**os.environ, **(env or {})}
    config = ClientServerConfig(server_command=SERVER, server_env=full_env)
    client: LanguageClient = await config.start()  # type: ignore[assignment]
    if configuration is not None:
        client.set_configuration(configuration, section="redline")
    capabilities = capabilities or client_capabilities(profile)
    live = Session(client, capabilities)
    client.protocol.fm.features.update(features or {})
    root_uri = root.as_uri() if root else None
    live.init = await asyncio.wait_for(client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=root_uri, initialization_options=init_options,
        workspace_folders=[types.WorkspaceFolder(uri=root_uri, name="ws")] if root_uri else None,
    )), TIMEOUT)
    try:
        yield live
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.shutdown_session(), 10)
        process = client._server
        if process is not None and process.returncode is None:  # stop() would wait for ever
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(process.wait(), 10)
            if process.returncode is None:
                process.kill()
        await client.stop()
