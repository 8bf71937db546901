"""The messages of a document's life are read and written once while the server initialises.

cattrs (through pygls) writes and compiles the code that reads a message type the first time a
message of that type arrives, and the code that writes a type the first time one is sent:
5-10 ms of the event loop for a keystroke's didChange (seven generated functions), more for
didOpen and the first diagnostics. Without this, the user's first open and first keystroke
paid it; here, the handshake does, before any document is open.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

_URI = "file:///warm.py"
_DOCUMENT = {"uri": _URI}
_RANGE = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}
_POSITION = {"textDocument": _DOCUMENT, "position": {"line": 0, "character": 0}}

# One message of each kind an editor sends about a document, every optional part filled in.
RECEIVED: tuple[dict[str, Any], ...] = (
    {"method": types.TEXT_DOCUMENT_DID_OPEN, "params": {"textDocument": {"uri": _URI, "languageId": "python", "version": 1, "text": "x\n"}}},
    {"method": types.TEXT_DOCUMENT_DID_CHANGE, "params": {"textDocument": {"uri": _URI, "version": 2}, "contentChanges": [
        {"range": _RANGE, "rangeLength": 1, "text": "y"}, {"text": "y\n"},
    ]}},
    {"method": types.TEXT_DOCUMENT_DID_SAVE, "params": {"textDocument": _DOCUMENT, "text": "y\n"}},
    {"method": types.TEXT_DOCUMENT_DID_CLOSE, "params": {"textDocument": _DOCUMENT}},
    {"id": 0, "method": types.TEXT_DOCUMENT_DIAGNOSTIC, "params": {"textDocument": _DOCUMENT, "previousResultId": "0"}},
    {"id": 0, "method": types.TEXT_DOCUMENT_HOVER, "params": _POSITION},
    {"id": 0, "method": types.TEXT_DOCUMENT_CODE_ACTION, "params": {"textDocument": _DOCUMENT, "range": _RANGE, "context": {
        "diagnostics": [{"range": _RANGE, "message": "m", "severity": 1, "code": "r", "source": "redline", "data": {}}], "only": ["quickfix"],
    }}},
)

# What the server writes about a document: a diagnostic with every part it fills in.
_LOCATION = types.Location(uri=_URI, range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1)))
_DIAGNOSTIC = types.Diagnostic(
    range=_LOCATION.range, message="m", severity=types.DiagnosticSeverity.Error, code="r",
    code_description=types.CodeDescription(href="https://example.invalid/r"), source="redline",
    related_information=[types.DiagnosticRelatedInformation(location=_LOCATION, message="m")], data={},
)
SENT: tuple[Any, ...] = (_DIAGNOSTIC, types.PublishDiagnosticsParams(uri=_URI, version=1, diagnostics=[_DIAGNOSTIC]))


def read_and_write_once(protocol: Any) -> None:
    """Have `protocol`'s converter make its code for the messages above (their results are
    dropped: no document is opened, nothing is sent)."""
    for message in RECEIVED:
        protocol.structure_message({"jsonrpc": "2.0", **message})
    for message in SENT:
        protocol._converter.unstructure(message)
