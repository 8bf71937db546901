"""`redline serve` starts with the cycle collector paused (lsp/startup.py): the server's
modules and its rules are objects that live on, so no collection runs while they are
imported and loaded (~80 did, a few of them tens of ms each); once the rules are kept
(frozen), the collector runs again. Each run is a fresh interpreter: what a process imports
and loads once is what is measured."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Mirrors `redline serve`: startup.begin, the server's modules imported, the rules' load on
# its thread awaited, then what the server's handshake does once they are compiled.
SCRIPT = """
import gc, json
runs = []
gc.callbacks.append(lambda phase, info: runs.append(info["generation"]) if phase == "stop" else None)
import redline
begun = len(runs)  # what importing the package's metadata ran (before `redline serve` can start)
from redline.lsp import startup
startup.begin()
import redline.lsp.server
from redline.config import Config
from redline.lsp import heap
from redline.runner import engine_for, rule_folders
engine_for(rule_folders(Config()), deferred=True)
starting = len(runs) - begun
heap.keep()
startup.settled()
garbage = []
for _ in range(200_000):
    cycle = []
    cycle.append(cycle)
print(json.dumps({"starting": starting, "collecting": gc.isenabled(), "after": len(runs) - begun - starting}))
"""


def test_no_collection_runs_until_the_rules_are_kept_and_collections_run_after(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": ""}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True)
    seen = json.loads(done.stdout)
    assert seen["starting"] == 0
    assert seen["collecting"] and seen["after"] > 0  # 200,000 cycles dropped: young collections found them
