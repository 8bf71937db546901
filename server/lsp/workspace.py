"""A workspace scan (`workspace/diagnostic`, `redline.scanWorkspace`): the files `redline check`
would read in each workspace folder (config excludes, .gitignore), checked by the CLI's runner
and converted to diagnostics per file URI.

A notebook the client has not opened has no cell URIs (the client makes them when it opens the
notebook), so its findings go to the `.ipynb` file's URI: each range is the line of the file's
JSON text that holds the code, and the message starts with `cell N:line:` to say where it is in
the notebook. Once the notebook is open, its cells get their own diagnostics instead (the
workspace report leaves open documents to the document pulls, so nothing shows twice)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping, Sequence

from lsprotocol import types
from pygls.uris import from_fs_path

from redline.config import Config
from redline.discovery import find_python_files
from redline.engine.analysis import ERROR_RULES
from redline.engine.model import Severity
from redline.engine.units import TextBuffer
from redline.notebook_files import FilePlaces, is_notebook
from redline.runner import check_files, display_path

from .diagnostics import to_diagnostic
from .positions import Codec

Progress = Callable[[int, int], None]  # (files done, files in all)


def scan(
    roots: Sequence[Path],
    config_for: Callable[[Path], Config],
    codec: Codec,
    severities: Mapping[Severity, types.DiagnosticSeverity],
    progress: Progress | None = None,
) -> dict[str, list[types.Diagnostic]]:
    """Diagnostics for every Python file of the workspace folders, as `redline check` finds them."""
    files = [path for path in find_python_files(list(roots), config_for)] if roots else []
    result = check_files(files, config_for, jobs=1, use_cache=False, keep_text=True, progress=progress)
    infos = {**result.rules, **ERROR_RULES}
    by_display = {report.display: report for report in result.files}
    reports: dict[str, list[types.Diagnostic]] = {}
    for path in files:
        report = by_display.get(display_path(path))
        if report is None:
            continue
        uri = from_fs_path(str(path.resolve())) or path.as_uri()
        lines = TextBuffer(report.text or "").lines
        found = [*report.errors, *report.findings]
        if is_notebook(report.display):  # not open, so no cell URIs: placed in the file's text
            places = FilePlaces(report.text or "")
            found = [places.finding(f) for f in found]
        reports[uri] = [to_diagnostic(f, lines, codec, infos, severities, uri) for f in found]
    return reports
