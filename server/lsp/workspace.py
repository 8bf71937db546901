"""A workspace scan (`workspace/diagnostic`, `redline.scanWorkspace`): the files `redline check`
would read in each workspace folder (config excludes, .gitignore), checked by the CLI's runner
and converted to diagnostics per file URI."""

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
        reports[uri] = [to_diagnostic(f, lines, codec, infos, severities, uri) for f in [*report.errors, *report.findings]]
    return reports
