"""Redline: deterministic, local, transparent security diagnostics for Python.

Data flows text → document → LibCST tree → rule matches → findings → diagnostics, code
actions and reports. The engine lives in `redline.engine`; the CLI in `redline.cli`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("redline")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0.0.0+unknown"
