"""A client's messages are handed to their handlers without pygls' `typing.Protocol` checks
of what each message is (server.RedlineProtocol.handle_message): those ran twice per
keystroke's didChange on the event loop, before its analysis could start."""

from __future__ import annotations

import json
import subprocess
import sys

# Run in a fresh process: the kinds are kept per message type for the life of the process.
_SESSION = """
import dataclasses, json, sys
from lsprotocol import types
from redline.lsp import server as module
from redline.lsp.server import server

module.initialize(types.InitializeParams(capabilities=types.ClientCapabilities()))
server.settings = dataclasses.replace(server.settings, enable=False)  # no analysis (no event loop here): the handlers alone
server.open("file:///a.py", 1, "import os\\n")

def change(version, column):
    return json.loads(json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": "file:///a.py", "version": version},
        "contentChanges": [{"range": {"start": {"line": 0, "character": column}, "end": {"line": 0, "character": column}}, "text": "x"}]}}),
        object_hook=server.protocol.structure_message)

checks = []
def count(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "__instancecheck__" and frame.f_code.co_filename.endswith("typing.py"):
        checks.append(frame.f_code.co_name)

server.protocol.handle_message(change(2, 9))  # the first of its type
sys.setprofile(count)
server.protocol.handle_message(change(3, 10))
sys.setprofile(None)
doc = server.documents["file:///a.py"]
print(json.dumps([doc.version, doc.live.text, len(checks)]))
"""


def test_a_keystrokes_did_change_reaches_its_handler_without_protocol_checks() -> None:
    """On 92838c3 each didChange made two typing.Protocol instance checks (RPCRequest failing,
    then RPCNotification): the count below was 2."""
    done = subprocess.run([sys.executable, "-c", _SESSION], capture_output=True, text=True, timeout=120, check=True)
    version, text, checks = json.loads(done.stdout.splitlines()[-1])
    assert (version, text) == (3, "import osxx\n")  # both edits reached the document
    assert checks == 0
