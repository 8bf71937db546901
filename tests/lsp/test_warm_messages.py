"""The handshake makes cattrs' code for a document's messages (server/lsp/warm.py), so the
user's first didOpen, first keystroke and first diagnostics do not wait for it."""

from __future__ import annotations

import subprocess
import sys

# Run in a fresh process: cattrs keeps the code it made for the life of a converter.
_SESSION = """
import json, linecache
from lsprotocol import types
from redline.lsp import server as module
from redline.lsp.server import server

def generated():
    return sum(name.startswith("<cattrs generated") for name in linecache.cache)

module.initialize(types.InitializeParams(capabilities=types.ClientCapabilities()))
before = generated()
read = lambda message: json.loads(json.dumps(message), object_hook=server.protocol.structure_message)
opened = read({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///a.py", "languageId": "python", "version": 1, "text": "import os\\n"}}})
changed = read({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///a.py", "version": 2},
    "contentChanges": [{"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 9}}, "rangeLength": 0, "text": "x"}]}})
assert changed.params.text_document.version == 2 and opened.params.text_document.text == "import os\\n"
where = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=9))
diagnostic = types.Diagnostic(range=where, message="m", severity=types.DiagnosticSeverity.Warning, code="some-rule", source="redline",
    code_description=types.CodeDescription(href="https://example.invalid/some-rule"), data={"rule": "some-rule"},
    related_information=[types.DiagnosticRelatedInformation(location=types.Location(uri="file:///a.py", range=where), message="from here")])
assert server.protocol._converter.unstructure(diagnostic)["code"] == "some-rule"
print(before, generated() - before)
"""


def test_after_the_handshake_a_documents_first_messages_generate_no_code() -> None:
    """Without the warm-up, the first didOpen, didChange and diagnostic each had cattrs write
    and compile functions (counted by the sources it registers in linecache): 5-10 ms of the
    event loop before the first keystroke's analysis could start."""
    done = subprocess.run([sys.executable, "-c", _SESSION], capture_output=True, text=True, timeout=120, check=True)
    made_at_handshake, made_after = map(int, done.stdout.split()[-2:])
    assert made_at_handshake > 0  # the count sees cattrs' code at all
    assert made_after == 0
