"""Check many files: per-file settings, the result cache, and worker processes.

The main process reads each file once, answers from the cache when it can, and sends the
rest (bytes, not paths, so a file that changes or vanishes mid-run is checked as read) to
workers that keep their compiled rules between files. Results are sorted at the end, so
`--jobs N` gives the same output as `--jobs 1`.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from redline import __version__
from redline.cache import ResultCache, hash_content
from redline.config import Config
from redline.engine.engine_rules import ENGINE_RULES, ERROR_RULES, READ_ERROR, error_finding
from redline.engine.model import Finding, RuleInfo, Severity
from redline.engine.rule_files import LoadProblem, builtin_rules_dir
from redline.engine.suppressions import SuppressionOptions
from redline.rule_cache import RuleCache, RuleSet

if TYPE_CHECKING:  # the engine (LibCST) is imported when a file is checked, not by cached runs
    from redline.engine.analysis import Engine


class RulesError(Exception):
    """Rule files that could not be loaded: the run stops with exit code 2."""

    def __init__(self, problems: Sequence[LoadProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Job:
    """One file to check, with everything a worker needs and nothing it must look up."""

    display: str
    data: bytes
    rule_folders: tuple[str, ...]
    enabled: frozenset[str]
    severities: tuple[tuple[str, str], ...]
    suppression: SuppressionOptions
    taint: tuple[bool, tuple[str, ...]] = (False, ())  # low-confidence sources on, user sources
    project_root: str | None = None  # for data-flow summaries across the project's modules


@dataclass
class FileResult:
    display: str
    findings: list[Finding]
    errors: list[Finding]
    suppressed: int = 0
    text: str | None = None  # the decoded source, kept only when fixes are wanted


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.files for f in r.findings), key=Finding.sort_key)

    @property
    def errors(self) -> list[Finding]:
        return sorted((f for r in self.files for f in r.errors), key=Finding.sort_key)


_ENGINES: dict[tuple[str, ...], Engine] = {}
_DIGESTS: dict[tuple[str, ...], str] = {}
_RULE_SETS: dict[tuple[str, ...], RuleSet] = {}
# One load of rules at a time: the language server loads its built-in rules on a thread of
# its own at start (lsp/startup.py), and its analysis thread may ask for them meanwhile.
_LOADING = threading.RLock()


def forget_rules() -> None:
    """Drop the compiled rules: the next engine_for() reads the rule folders again (after a
    load under way, which would otherwise keep what it read before)."""
    with _LOADING:
        _ENGINES.clear()
        _DIGESTS.clear()
        _RULE_SETS.clear()


def rules_for(folders: tuple[str, ...], use_cache: bool = True) -> RuleSet:
    """What a run needs of its rules before it checks a file (their infos, a digest), once per
    process: from the rule cache when every rule file validated before, so nothing is
    compiled; else by loading them (RulesError on a problem), then remembered there."""
    found = _RULE_SETS.get(folders)
    if found is not None:
        return found
    paths = [Path(f) for f in folders]
    if use_cache and folders not in _ENGINES:
        found = RuleCache().rule_set(paths)
    if found is None:
        loaded_at = time.time()
        engine = engine_for(folders)
        found = RuleSet(engine.infos, _DIGESTS[folders])
        if use_cache:
            RuleCache().remember(paths, engine.infos.values(), loaded_at)
    _RULE_SETS[folders] = found
    return found


def engine_for(folders: tuple[str, ...], deferred: bool = False) -> Engine:
    """The compiled rules of these folders, loaded once per process; with `deferred` (the
    language server), rules the rule cache validated before are compiled when first used."""
    engine = _ENGINES.get(folders)
    if engine is not None:
        return engine
    with _LOADING:  # another thread's load of the same folders is waited for, not repeated
        engine = _ENGINES.get(folders)
        if engine is None:
            from redline.engine.analysis import Engine
            from redline.engine.rule_loader import load_rules, rules_digest

            rules, problems = load_rules([Path(f) for f in folders], RuleCache() if deferred else None)
            if problems:
                raise RulesError(problems)
            engine = Engine(rules)
            _ENGINES[folders] = engine
            _DIGESTS[folders] = rules_digest(rules)
    return engine


def rule_folders(config: Config) -> tuple[str, ...]:
    return (str(builtin_rules_dir()), *(str(p) for p in config.extra_rules))


def _analyze(job: Job) -> tuple[list[dict], list[dict], int]:
    """Worker side: check one file; findings go back as dicts (cheap to pickle)."""
    from redline.engine.analysis import AnalysisOptions
    from redline.engine.taint.analyzer import taint_options
    from redline.notebook_files import analyze_notebook, is_notebook

    engine = engine_for(job.rule_folders)
    severities = dict(job.severities)
    options = AnalysisOptions(
        path=job.display,
        enabled=lambda info: info.id in job.enabled,
        severity_of=lambda info: Severity.parse(severities[info.id]) if info.id in severities else info.severity,
        suppression=job.suppression,
        taint=taint_options(*job.taint).in_project(Path(job.project_root) if job.project_root else None, Path(job.display)),
    )
    analysis = analyze_notebook(engine, job.data, options) if is_notebook(job.display) else engine.analyze_bytes(job.data, options)
    return [f.to_dict() for f in analysis.findings], [e.to_dict() for e in analysis.errors], analysis.suppressed


def analyze_job(job: Job) -> FileResult:
    """Check one prepared file in this process."""
    findings, errors, suppressed = _analyze(job)
    result = _from_dicts(job.display, [*findings, *errors], None)
    result.suppressed = suppressed
    return result


def prepare_job(path: Path, config: Config, report_unused: bool, data: bytes = b"", use_cache: bool = True) -> Job:
    """Everything about `path` a worker needs: which rules apply, severities, suppression."""
    folders = rule_folders(config)
    infos = rules_for(folders, use_cache).infos.values()
    return Job(
        display=display_path(path),
        data=data,
        rule_folders=folders,
        enabled=config.enabled_rules(infos, path),
        severities=tuple(sorted((i.id, s.label) for i in infos if (s := config.severity_for(i)) != i.severity)) if config.severity else (),
        suppression=SuppressionOptions(config.nosec, config.noqa, config.require_reason, report_unused),
        taint=(config.taint_low_confidence_sources, config.taint_sources),
        project_root=str(config.root or Path.cwd()),
    )


def display_path(path: Path) -> str:
    """Paths as the user wrote them, relative to the working folder when inside it."""
    if not path.is_absolute():
        return Path(os.path.normpath(path)).as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def check_files(
    paths: Sequence[Path],
    config_for: Callable[[Path], Config],
    *,
    jobs: int,
    use_cache: bool,
    cache_dir: Path | None = None,
    report_unused: bool = False,
    keep_text: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Check `paths` (already discovered files) and return sorted results. Rules are compiled
    only when a file is not in the result cache (rules_for)."""
    result = RunResult()
    pending: list[tuple[Job, ResultCache | None, str]] = []
    for path in paths:
        config = config_for(path)
        job = prepare_job(path, config, report_unused, use_cache=use_cache)
        rules = rules_for(job.rule_folders, use_cache)
        result.rules.update({**rules.infos, **ENGINE_RULES})
        try:
            job = replace(job, data=path.read_bytes())
        except OSError as error:
            detail = error.strerror or str(error)
            result.files.append(FileResult(job.display, [], [error_finding(READ_ERROR, job.display, 1, 0, detail=detail)]))
            continue
        cache = None
        content_hash = ""
        if use_cache:
            salt = "\0".join((__version__, rules.digest, config.digest, repr(sorted(job.enabled)), repr(job.suppression)))
            cache = ResultCache(cache_dir or config.cache_folder, salt)
            content_hash = hash_content(job.data)
            cached = cache.get(Path(job.display), content_hash)
            if cached is not None:
                result.files.append(_from_dicts(job.display, cached, job.data if keep_text else None))
                continue
        pending.append((job, cache, content_hash))
    for folders in dict.fromkeys(job.rule_folders for job, _, _ in pending):
        engine_for(folders)  # compiled (and validated) before any file is checked; workers inherit it
    done = len(result.files)
    total = len(paths)
    for (job, cache, content_hash), (findings, errors, suppressed) in zip(pending, _run_jobs([p[0] for p in pending], jobs)):
        if cache is not None:
            cache.put(Path(job.display), content_hash, [*findings, *errors])
        file_result = _from_dicts(job.display, [*findings, *errors], job.data if keep_text else None)
        file_result.suppressed = suppressed
        result.files.append(file_result)
        done += 1
        if progress is not None:
            progress(done, total)
    result.files.sort(key=lambda r: r.display)
    return result


def _from_dicts(display: str, items: Iterable[dict], data: bytes | None) -> FileResult:
    findings: list[Finding] = []
    errors: list[Finding] = []
    for item in items:
        finding = Finding.from_dict(item)
        (errors if finding.rule_id in ERROR_RULES else findings).append(finding)
    text = None
    if data is not None:
        from redline.engine.analysis import decode_source

        text = decode_source(data, display)[0]
    return FileResult(display, findings, errors, text=text)


def _run_jobs(jobs: Sequence[Job], workers: int) -> Iterable[tuple[list[dict], list[dict], int]]:
    """Results in the order of `jobs`; in-process for one worker or a handful of files.
    Workers take the largest files first (small ones in batches), so no big file is left for
    the end while the other workers idle. A file's findings do not depend on what its worker
    checked before (tests/test_summary_cache_keys.py), so the split changes no output."""
    if workers <= 1 or len(jobs) < 4:
        with _fewer_collections():
            for job in jobs:
                yield _analyze(job)
        return
    batches = largest_first([len(job.data) for job in jobs], BATCH_BYTES, BATCH_FILES)
    where = {number: (index, place) for index, batch in enumerate(batches) for place, number in enumerate(batch)}
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_started) as pool:
        futures = [pool.submit(_analyze_batch, [jobs[number] for number in batch]) for batch in batches]
        for number in range(len(jobs)):
            index, place = where[number]
            yield futures[index].result()[place]


# A batch of small files goes to a worker as one task: fewer round trips between processes.
BATCH_BYTES = 64_000
BATCH_FILES = 16


def largest_first(sizes: Sequence[int], batch_bytes: int, batch_files: int) -> list[list[int]]:
    """Indexes of the files (by `sizes`), largest first, in batches of at most `batch_files`
    that stop growing once they hold `batch_bytes` (a large file is a batch of its own)."""
    order = sorted(range(len(sizes)), key=lambda number: (-sizes[number], number))
    batches: list[list[int]] = []
    held = batch_bytes
    for number in order:
        if held >= batch_bytes or len(batches[-1]) >= batch_files:
            batches.append([])
            held = 0
        batches[-1].append(number)
        held += sizes[number]
    return batches


def _analyze_batch(jobs: Sequence[Job]) -> list[tuple[list[dict], list[dict], int]]:
    """Worker side: check a batch of files, results in the batch's order."""
    return [_analyze(job) for job in jobs]


# A LibCST tree is hundreds of thousands of objects, made and dropped file after file; with
# Python's default thresholds the cycle collector runs every 700 allocations and keeps walking
# the long-lived rules. Collecting far less often saves about a tenth of a check's time.
CHECK_THRESHOLDS = (50_000, 20, 10)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cycle collector's thresholds for checking files, restored afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(*CHECK_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _worker_started() -> None:
    """A worker process: what it inherited (the compiled rules) is never garbage, so the
    collector need not walk it, and it collects seldom (see CHECK_THRESHOLDS)."""
    gc.freeze()
    gc.set_threshold(*CHECK_THRESHOLDS)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def progress_printer(stream=sys.stderr) -> Callable[[int, int], None]:  # type: ignore[no-untyped-def]
    """A one-line progress bar for terminals, redrawn at most every 1% of the files."""
    state = {"last": -1}

    def show(done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent == state["last"] and done != total:
            return
        state["last"] = percent
        filled = percent // 5
        stream.write(f"\r[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} files")
        if done == total:
            stream.write("\r" + " " * 40 + "\r")
        stream.flush()

    return show
