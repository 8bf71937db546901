"""File discovery: suffixes, excludes, ignore files, symlinks, errors and a stable order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redline.config import Config, load_config
from redline.discovery import find_python_files


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")


def found(root: Path, *paths: Path) -> list[str]:
    """The files found for `paths` (default: `root`), relative to `root`, in the order given."""
    files = find_python_files(list(paths or [root]), load_config)
    assert files.errors == []
    return [path.relative_to(root).as_posix() for path in files]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_finds_py_and_pyi_sorted(tmp_path: Path) -> None:
    touch(tmp_path, "b.py", "a/z.pyi", "a/b/c.py", "a-b.py", "notes.txt", "script", "a/data.json")
    assert found(tmp_path) == ["a/b/c.py", "a/z.pyi", "a-b.py", "b.py"]


def test_order_does_not_depend_on_creation_order_or_arguments(tmp_path: Path) -> None:
    touch(tmp_path, "pkg/z.py", "pkg/a.py", "lib/m.py", "pkg/sub/b.py")
    first = found(tmp_path, tmp_path / "pkg", tmp_path / "lib")
    second = found(tmp_path, tmp_path / "lib", tmp_path / "pkg")
    assert first == second == ["lib/m.py", "pkg/a.py", "pkg/sub/b.py", "pkg/z.py"]


def test_paths_keep_the_spelling_the_user_gave(tmp_path: Path) -> None:
    touch(tmp_path, "src/a.py")
    assert find_python_files([Path("src")], load_config) == [Path("src/a.py")]
    assert find_python_files([Path(".")], load_config) == [Path("src/a.py")]


def test_a_file_named_twice_is_found_once(tmp_path: Path) -> None:
    touch(tmp_path, "src/a.py")
    files = find_python_files(
        [Path("src"), Path("src/a.py"), tmp_path / "src" / "a.py"], load_config
    )
    assert files == [Path("src/a.py")]


def test_an_explicit_file_needs_no_python_suffix(tmp_path: Path) -> None:
    touch(tmp_path, "bin/tool", "bin/other")
    assert found(tmp_path, tmp_path / "bin" / "tool") == ["bin/tool"]
    assert found(tmp_path, tmp_path / "bin") == []


def test_a_missing_path_is_an_error_not_an_exception(tmp_path: Path) -> None:
    touch(tmp_path, "a.py")
    files = find_python_files([tmp_path / "missing.py", tmp_path / "a.py"], load_config)
    assert files == [tmp_path / "a.py"]
    assert [(error.path, error.message) for error in files.errors] == [
        (tmp_path / "missing.py", "No such file or directory")
    ]


def test_default_excludes_skip_folders_while_walking(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "app.py",
        ".venv/lib/x.py",
        "venv/x.py",
        "build/lib/x.py",
        "node_modules/x.py",
        ".git/hooks/x.py",
        ".redline_cache/x.py",
        "src/dist/x.py",
        "lib/python3.11/site-packages/pkg/mod.py",
    )
    assert found(tmp_path) == ["app.py", "lib/python3.11/site-packages/pkg/mod.py"]


def test_default_excludes_do_not_apply_to_named_paths(tmp_path: Path) -> None:
    touch(tmp_path, ".venv/lib/x.py", "build/gen.py", "build/.tox/y.py")
    assert found(tmp_path, tmp_path / ".venv" / "lib" / "x.py") == [".venv/lib/x.py"]
    assert found(tmp_path, tmp_path / "build") == ["build/gen.py"]


def test_config_excludes_apply_to_named_files_too(tmp_path: Path) -> None:
    (tmp_path / "redline.toml").write_text('extend-exclude = ["migrations/", "*_pb2.py"]\n')
    touch(tmp_path, "app/migrations/0001.py", "app/api_pb2.py", "app/views.py")
    named = [tmp_path / "app" / name for name in ("migrations/0001.py", "api_pb2.py", "views.py")]
    assert found(tmp_path, *named) == ["app/views.py"]
    assert found(tmp_path) == ["app/views.py"]


def test_exclude_replaces_the_default_excludes(tmp_path: Path) -> None:
    (tmp_path / "redline.toml").write_text('exclude = ["vendor/"]\n')
    touch(tmp_path, "build/x.py", "vendor/y.py", "a.py")
    assert found(tmp_path) == ["a.py", "build/x.py"]


def test_each_folder_uses_its_own_config(tmp_path: Path) -> None:
    (tmp_path / "redline.toml").write_text('extend-exclude = ["gen/"]\n')
    touch(tmp_path, "gen/a.py", "sub/gen/b.py", "sub/skip/c.py", "sub/d.py")
    (tmp_path / "sub" / "redline.toml").write_text('extend-exclude = ["skip/"]\n')
    assert found(tmp_path) == ["sub/d.py", "sub/gen/b.py"]


def test_nested_gitignore_files(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("scratch.py\n")
    (tmp_path / ".gitignore").write_text("*_gen.py\nout/\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / ".gitignore").write_text("!keep_gen.py\nlocal/\n")
    touch(
        tmp_path,
        "scratch.py",
        "a_gen.py",
        "out/x.py",
        "pkg/b_gen.py",
        "pkg/keep_gen.py",
        "pkg/local/y.py",
        "pkg/mod.py",
        "other/local/z.py",
    )
    assert found(tmp_path) == ["other/local/z.py", "pkg/keep_gen.py", "pkg/mod.py"]


def test_gitignore_above_the_named_folder_applies(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("src/gen/\n")
    touch(tmp_path, "src/gen/x.py", "src/app.py")
    assert found(tmp_path, tmp_path / "src") == ["src/app.py"]


def test_naming_an_ignored_folder_or_file_scans_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*_gen.py\n")
    touch(tmp_path, "generated/x.py", "generated/y_gen.py", "a_gen.py")
    assert found(tmp_path, tmp_path / "generated") == ["generated/x.py", "generated/y_gen.py"]
    assert found(tmp_path, tmp_path / "a_gen.py") == ["a_gen.py"]


def test_a_nested_repository_starts_afresh(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*_gen.py\n")
    (tmp_path / "vendored" / ".git").mkdir(parents=True)
    touch(tmp_path, "a_gen.py", "vendored/b_gen.py")
    assert found(tmp_path) == ["vendored/b_gen.py"]


def test_gitignore_above_the_work_tree_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    touch(tmp_path, "repo/a.py")
    assert found(tmp_path, tmp_path / "repo") == ["repo/a.py"]


def test_respect_gitignore_false(tmp_path: Path) -> None:
    (tmp_path / "redline.toml").write_text("respect-gitignore = false\n")
    (tmp_path / ".gitignore").write_text("*_gen.py\n")
    touch(tmp_path, "a_gen.py")
    assert found(tmp_path) == ["a_gen.py"]


def test_symlink_loops_end_and_real_paths_win(tmp_path: Path) -> None:
    touch(tmp_path, "a/x.py", "z/y.py")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "b-link").symlink_to(tmp_path / "z", target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path, target_is_directory=True)
    assert found(tmp_path) == ["a/x.py", "z/y.py"]


def test_a_broken_symlink_is_skipped(tmp_path: Path) -> None:
    touch(tmp_path, "a.py")
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    assert found(tmp_path) == ["a.py"]


def test_an_unreadable_folder_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touch(tmp_path, "ok/a.py", "locked/b.py")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files = find_python_files([tmp_path], load_config)
    assert files == [tmp_path / "ok" / "a.py"]
    assert [(e.path, e.message) for e in files.errors] == [
        (tmp_path / "locked", "Permission denied")
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_a_folder_without_permissions_is_reported(tmp_path: Path) -> None:
    touch(tmp_path, "ok/a.py", "locked/b.py")
    (tmp_path / "locked").chmod(0)
    try:
        files = find_python_files([tmp_path], load_config)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert files == [tmp_path / "ok" / "a.py"]
    assert [error.path for error in files.errors] == [tmp_path / "locked"]


def test_config_for_is_asked_per_folder(tmp_path: Path) -> None:
    touch(tmp_path, "a/b/c.py", "d.py")
    asked: set[Path] = set()

    def config_for(path: Path) -> Config:
        asked.add(path)
        return Config(base=tmp_path)

    find_python_files([tmp_path, tmp_path / "d.py"], config_for)
    assert asked == {tmp_path, tmp_path / "a", tmp_path / "a" / "b", tmp_path / "d.py"}
