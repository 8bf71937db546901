"""Files of an installed distribution, for `redline check --package NAME`.

Found through `importlib.metadata` (the distribution's RECORD), never by importing it: vetting
a dependency must not run its code.
"""

from __future__ import annotations

import difflib
from importlib import metadata
from pathlib import Path

from redline.discovery import PYTHON_SUFFIXES


class PackageNotFound(LookupError):
    """No installed distribution of that name, with close names as a hint."""


def package_files(name: str) -> list[Path]:
    """The Python files an installed distribution put on disk, sorted."""
    try:
        distribution = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        installed = {d.metadata["Name"].lower(): d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]}
        close = [installed[n] for n in difflib.get_close_matches(name.lower(), sorted(installed), n=3)]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise PackageNotFound(f"no installed distribution named {name!r}{hint}") from None
    files = distribution.files or []
    found = {Path(str(distribution.locate_file(f))).resolve() for f in files if f.suffix in PYTHON_SUFFIXES}
    return sorted(path for path in found if path.is_file())
