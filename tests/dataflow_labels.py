"""The labels of the data-flow corpus (`tests/corpus/dataflow/`), read from its comments.

Shared by the corpus test and `benchmarks/dataflow_corpus.py`: the comment line directly above
a sink says `# ruleid: <id>`, `# ok: <id>`, `# todoruleid: <id>` or `# todook: <id>` (a known
limit, optionally followed by a reason), and the finding's line is the next code line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus" / "dataflow"
_LABEL = re.compile(r"^\s*#\s*(ruleid|ok|todoruleid|todook)\s*:\s*(?P<ids>[\w\-]+(?:\s*,\s*[\w\-]+)*)(?:\s.*)?$")


@dataclass(frozen=True)
class Label:
    path: Path
    line: int  # the sink's line (the line after the comment)
    kind: str  # ruleid | ok | todoruleid | todook
    rule_id: str

    @property
    def vulnerable(self) -> bool:
        """The ground truth: a real vulnerability (whether or not the analysis finds it)."""
        return self.kind in ("ruleid", "todoruleid")


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.py"))


def labels(path: Path) -> list[Label]:
    found: list[Label] = []
    pending: list[tuple[str, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _LABEL.match(line)
        if match:
            pending.append((match.group(1), [i.strip() for i in match.group("ids").split(",")]))
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found.extend(Label(path, number, kind, rule_id) for kind, ids in pending for rule_id in ids)
        pending = []
    return found
