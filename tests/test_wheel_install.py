"""The packaging proof: a wheel built from the checkout works on its own in a fresh venv.

`server/` is installed as the package `redline` and `rules/` as `redline.builtin_rules`; this
test shows the mapping holds by building a wheel, installing it into a new venv and running
`redline check` / `redline rules` there from a folder outside the checkout, then checking that
both the package and its built-in rules come from the new venv, never from the checkout.

No network is used:

- the wheel is built with `python -m build --wheel --no-isolation`, so the build backend
  (setuptools, which must satisfy `[build-system] requires`) comes from the running venv;
- the wheel is installed with `pip install --no-deps --no-index`;
- its dependencies (libcst, pygls, pyyaml, ...) are borrowed from the running interpreter: a
  `.pth` file in the new venv's site-packages lists the running interpreter's site folders.

Why the borrowed folders cannot leak the checkout's `redline` into the new venv:

- a `.pth` file only *appends* its folders to `sys.path`, after the new venv's own
  site-packages, so the wheel's `redline` always wins over anything found there;
- `.pth` files inside an appended folder are not processed (`site` only processes the `.pth`
  files of real site folders). An editable install of the checkout (`pip install -e .`) works
  through exactly such a file, `__editable__.redline-*.pth`, which installs a meta-path finder
  mapping `redline` to `server/`; in the new venv that file is inert, so the finder is never
  installed (the test checks `sys.meta_path` too);
- folders inside the checkout other than site-packages folders (pytest's rootdir insertions,
  a "compat" editable path) are not listed at all, and every `PYTHON*` variable (`PYTHONPATH`
  included) is removed from the environment of every command.

The assertions then check the outcome directly: `redline.__file__` and
`redline.engine.rule_loader.builtin_rules_dir()` resolve inside the new venv.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_APP = REPO / "examples" / "vulnerable_app"

# Copied into the build folder: everything but version control, venvs and build leftovers.
BUILD_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".redline_cache",
    ".pytest_cache",
    ".hypothesis",
    ".mypy_cache",
    ".ruff_cache",
    "node_modules",
)

FINDING = re.compile(
    r"^(?P<path>\S.*?\.py):(?P<line>\d+):(?P<col>\d+): (?P<id>[a-z0-9][a-z0-9-]*) \[",
    re.MULTILINE,
)
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a shell where only the new venv is activated."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTHON") and k not in {"VIRTUAL_ENV", "__PYVENV_LAUNCHER__"}
    }
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = os.pathsep.join([str(_bin(venv)), env.get("PATH", "")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["NO_COLOR"] = "1"
    return env


def _bin(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 300):
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )
    return proc


def _describe(proc: subprocess.CompletedProcess) -> str:
    return (
        f"command: {' '.join(map(str, proc.args))}\nexit code: {proc.returncode}\n"
        f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"
    )


def _dependency_folders(new_venv: Path) -> list[str]:
    """The running interpreter's import folders that hold third-party packages.

    Everything on `sys.path` except the standard library (the new venv has its own), the
    current folder, the new venv, and folders inside the checkout other than site folders
    (the project's own `.venv/lib/.../site-packages` usually lives inside the checkout and is
    exactly what is wanted; `server/` or the checkout root added by pytest or by a "compat"
    editable install is not).
    """
    paths = sysconfig.get_paths()
    stdlib = {Path(paths[key]).resolve() for key in ("stdlib", "platstdlib")}
    folders: list[str] = []
    for entry in sys.path:
        if not entry:
            continue
        path = Path(entry)
        if not path.is_dir():
            continue  # the stdlib zip, vanished entries
        resolved = path.resolve()
        if resolved in stdlib or "lib-dynload" in resolved.parts:
            continue
        if _is_within(resolved, new_venv):
            continue
        is_site_folder = resolved.name in {"site-packages", "dist-packages"}
        if _is_within(resolved, REPO) and not is_site_folder:
            continue
        if str(resolved) not in folders:
            folders.append(str(resolved))
    return folders


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A snapshot of the checkout: the build writes no build/ or egg-info into the checkout,
    and the rule files compared below are exactly the ones the wheel was built from."""
    src = tmp_path_factory.mktemp("src") / "redline"
    shutil.copytree(REPO, src, ignore=BUILD_IGNORE)
    return src


def _check_build_backend_installed(src: Path) -> None:
    """`--no-isolation` builds with the running venv's backend: say clearly when it is too old."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((src / "pyproject.toml").read_text(encoding="utf-8"))
    problems = []
    for spec in pyproject.get("build-system", {}).get("requires", []):
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate():
            continue
        try:
            installed = version(req.name)
        except PackageNotFoundError:
            problems.append(f"{spec} (not installed)")
            continue
        if not req.specifier.contains(installed, prereleases=True):
            problems.append(f"{spec} (installed: {installed})")
    if problems:
        pytest.fail(
            "the wheel is built with --no-isolation (no network), so the build requirements must "
            f"be installed in {sys.prefix}: {'; '.join(problems)}. Install them, e.g. "
            f"`{sys.executable} -m pip install -U {' '.join(repr(p.split(' (')[0]) for p in problems)}`"
        )


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    src = source
    _check_build_backend_installed(src)
    outdir = tmp_path_factory.mktemp("dist")
    proc = _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir)],
        cwd=src,
        timeout=600,
    )
    assert proc.returncode == 0, "building the wheel failed\n" + _describe(proc)
    wheels = sorted(outdir.glob("redline-*.whl"))
    assert len(wheels) == 1, f"expected one redline wheel in {outdir}, found {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed and the dependencies borrowed (see the docstring)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    proc = _run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent)
    assert proc.returncode == 0, "creating the venv failed\n" + _describe(proc)
    python = _bin(venv) / ("python.exe" if os.name == "nt" else "python")
    env = _clean_env(venv)
    install = [python, "-m", "pip", "install", "--no-deps", "--no-index"]
    proc = _run([*map(str, install), "--disable-pip-version-check", str(wheel)], venv, env)
    assert proc.returncode == 0, "installing the wheel failed\n" + _describe(proc)

    # Written after the install, so pip never sees the borrowed folders' distributions.
    proc = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv, env
    )
    assert proc.returncode == 0, _describe(proc)
    site_packages = Path(proc.stdout.strip())
    folders = _dependency_folders(venv)
    assert folders, f"no dependency folders found on {sys.path}"
    (site_packages / "_redline_test_borrowed_deps.pth").write_text(
        "\n".join(folders) + "\n", encoding="utf-8"
    )
    return venv


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder outside the checkout holding a copy of the example app."""
    work = tmp_path_factory.mktemp("work")
    assert not _is_within(work, REPO)
    shutil.copytree(
        EXAMPLE_APP,
        work / "examples" / "vulnerable_app",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return work


def _venv_python(venv: Path) -> str:
    return str(_bin(venv) / ("python.exe" if os.name == "nt" else "python"))


def _redline(venv: Path) -> str:
    exe = _bin(venv) / ("redline.exe" if os.name == "nt" else "redline")
    assert exe.is_file(), f"the wheel installed no `redline` console script into {exe.parent}"
    return str(exe)


def _rule_files(folder: Path) -> set[str]:
    """The rule files (YAML and example files) under `folder`, as relative POSIX paths."""
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.suffix in {".yaml", ".py"} and "__pycache__" not in p.parts
    }


def test_wheel_contains_package_and_builtin_rules(wheel, source):
    names = zipfile.ZipFile(wheel).namelist()
    assert "redline/__init__.py" in names
    assert "redline/cli.py" in names
    prefix = "redline/builtin_rules/"
    packaged = {n[len(prefix) :] for n in names if n.startswith(prefix)}
    packaged = {n for n in packaged if n.endswith((".yaml", ".py")) and n != "__init__.py"}
    expected = _rule_files(source / "rules") - {"__init__.py"}
    assert sum(n.endswith(".yaml") for n in expected) > 0, "no rule files in rules/"
    assert packaged == expected, (
        f"rules/ files missing from the wheel: {sorted(expected - packaged)}; "
        f"unexpected: {sorted(packaged - expected)}"
    )
    stray = sorted({n.split("/", 1)[0] for n in names} - {"redline"})
    stray = [top for top in stray if not top.endswith((".dist-info", ".data"))]
    assert not stray, f"the wheel has top-level entries other than redline: {stray}"


def test_package_and_rules_come_from_the_new_venv(venv, workdir, source):
    env = _clean_env(venv)
    code = (
        "import pathlib, sys, redline\n"
        "from redline.engine.rule_loader import builtin_rules_dir\n"
        "print(pathlib.Path(redline.__file__).resolve())\n"
        "print(pathlib.Path(builtin_rules_dir()).resolve())\n"
        "print(sorted(type(f).__module__ for f in sys.meta_path))\n"
    )
    proc = _run([_venv_python(venv), "-c", code], workdir, env)
    assert proc.returncode == 0, _describe(proc)
    package_file, rules_dir, finders = proc.stdout.strip().splitlines()[-3:]

    assert _is_within(Path(package_file), venv), f"redline imported from {package_file}"
    assert not _is_within(Path(package_file), REPO), f"redline imported from {package_file}"
    assert _is_within(Path(rules_dir), venv), f"built-in rules found at {rules_dir}"
    assert not _is_within(Path(rules_dir), REPO), f"built-in rules found at {rules_dir}"
    installed = {p for p in _rule_files(Path(rules_dir)) if p.endswith(".yaml")}
    expected = {p for p in _rule_files(source / "rules") if p.endswith(".yaml")}
    assert installed == expected, f"rule files in {rules_dir} differ from rules/"
    assert "__editable__" not in finders, f"an editable finder is active: {finders}"


def test_redline_rules_lists_builtin_rules(venv, workdir):
    proc = _run([_redline(venv), "rules"], workdir, _clean_env(venv))
    assert proc.returncode == 0, _describe(proc)
    ids = {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}
    ids = {i for i in ids if RULE_ID.match(i)}
    assert len(ids) > 30, f"`redline rules` listed {len(ids)} rules\n" + _describe(proc)


def test_redline_check_finds_problems_in_the_example_app(venv, workdir):
    env = _clean_env(venv)
    proc = _run([_redline(venv), "check", "examples/vulnerable_app"], workdir, env)
    assert proc.returncode == 1, "expected exit code 1 (findings)\n" + _describe(proc)
    assert "Traceback" not in proc.stderr, _describe(proc)
    findings = [m.groupdict() for m in FINDING.finditer(proc.stdout)]
    assert len(findings) >= 10, "expected at least 10 findings\n" + _describe(proc)

    listed = _run([_redline(venv), "rules"], workdir, env)
    known = {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}
    reported = {f["id"] for f in findings}
    assert reported <= known | {"syntax-error", "read-error"}, (
        f"findings with ids `redline rules` does not list: {sorted(reported - known)}"
    )
    assert len(reported - {"syntax-error", "read-error"}) >= 5, (
        f"only these rules fired: {sorted(reported)}\n" + _describe(proc)
    )
    files = {Path(f["path"]).name for f in findings}
    assert len(files) >= 4, f"findings in only {sorted(files)}\n" + _describe(proc)


def test_redline_serve_answers_initialize_over_stdio(venv, workdir):
    """`redline serve` from the wheel: its help, and a real LSP handshake (the server module
    is imported only when serving, so `--help` alone would not prove it is installed)."""
    env = _clean_env(venv)
    helped = _run([_redline(venv), "serve", "--help"], workdir, env)
    assert helped.returncode == 0, _describe(helped)
    assert "--tcp" in helped.stdout, _describe(helped)

    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    frames = b"".join(_lsp_frame(message) for message in messages)
    served = subprocess.run([_redline(venv), "serve"], cwd=workdir, env=env, input=frames, capture_output=True, timeout=120)
    replies = _lsp_replies(served.stdout)
    assert served.returncode == 0, served.stderr.decode("utf-8", "replace")
    initialize = next(r for r in replies if r.get("id") == 1)
    assert initialize["result"]["serverInfo"]["name"] == "redline"
    assert "codeActionProvider" in initialize["result"]["capabilities"]
    assert any(r.get("id") == 2 and "error" not in r for r in replies)


def _lsp_frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _lsp_replies(stream: bytes) -> list[dict]:
    """The JSON bodies of a stream of `Content-Length` framed LSP messages."""
    replies = []
    while stream:
        header, _, rest = stream.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", header).group(1))
        replies.append(json.loads(rest[:length]))
        stream = rest[length:]
    return replies
