"""The README's editor, pre-commit and GitHub Actions snippets: the tested ones are verbatim
copies of the files the real-editor tests load, and every other one at least parses."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from terminal_editor import HERE, require_editor

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO = HERE.parent.parent
SECTIONS = ("## Editor setups", "## pre-commit", "## GitHub Actions")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SERVER_COMMAND = ["redline", "serve"]


def _section(heading: str) -> str:
    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n{heading}") + 1
    end = readme.find("\n## ", start + len(heading))
    return readme[start : end if end != -1 else None]


def _blocks(language: str) -> list[str]:
    return [body for section in SECTIONS for lang, body in FENCE.findall(_section(section)) if lang == language]


@pytest.mark.parametrize("tested_file", ["neovim/redline.lua", "emacs/redline-eglot.el"])
def test_readme_shows_the_setup_the_real_editor_tests_use(tested_file: str) -> None:
    text = (HERE / tested_file).read_text(encoding="utf-8")
    assert text in _blocks("lua") + _blocks("elisp")


def test_readme_shows_the_tested_github_actions_workflow() -> None:
    workflow = (REPO / "docs" / "github-actions" / "redline.yml").read_text(encoding="utf-8")
    assert workflow in _blocks("yaml")


def test_lua_setups_parse(tmp_path: Path) -> None:
    nvim = require_editor("nvim")
    blocks = _blocks("lua")
    assert len(blocks) == 4  # 0.11+, 0.8-0.10, 0.7, nvim-lspconfig
    for number, block in enumerate(blocks):
        assert 'cmd = { "redline", "serve" }' in block
        snippet = tmp_path / f"snippet{number}.lua"
        snippet.write_text(block, encoding="utf-8")
        check = f"lua local f = io.open([[{snippet}]]); local ok, err = loadstring(f:read('*a')); if not ok then io.stderr:write(err); vim.cmd('cquit 1') end"
        proc = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", check, "-c", "qall!"],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"{block}\n{proc.stderr}"


def test_elisp_setups_read(tmp_path: Path) -> None:
    emacs = require_editor("emacs")
    blocks = _blocks("elisp")
    assert len(blocks) == 2  # eglot, lsp-mode
    for number, block in enumerate(blocks):
        assert '"redline" "serve"' in block
        snippet = tmp_path / f"snippet{number}.el"
        snippet.write_text(block, encoding="utf-8")
        read_all = (f'(with-temp-buffer (insert-file-contents "{snippet}") (emacs-lisp-mode) (check-parens)'
                    " (goto-char (point-min)) (condition-case nil (while t (read (current-buffer))) (end-of-file nil)))")
        proc = subprocess.run([emacs, "--batch", "-Q", "--eval", read_all], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"{block}\n{proc.stderr}"


def test_helix_setup_parses() -> None:
    (block,) = _blocks("toml")
    config = tomllib.loads(block)
    server = config["language-server"]["redline"]
    assert [server["command"], *server["args"]] == SERVER_COMMAND
    assert isinstance(server["config"]["redline"], dict)
    (python,) = config["language"]
    assert python["name"] == "python" and "redline" in python["language-servers"]


def test_sublime_setup_parses() -> None:
    (block,) = _blocks("json")
    client = json.loads(block)["clients"]["redline"]
    assert client["command"] == SERVER_COMMAND
    assert client["selector"] == "source.python"
    assert isinstance(client["initializationOptions"]["redline"], dict)


def test_pre_commit_config_names_the_hook() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (config,) = [yaml.safe_load(b) for b in _blocks("yaml") if "repos:" in b]
    (repo,) = config["repos"]
    assert [hook["id"] for hook in repo["hooks"]] == [hooks[0]["id"]] == ["redline"]
