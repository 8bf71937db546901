# Two commands on a fresh machine (see README): `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.redline-installed

.PHONY: demo test bench editors-terminal editors-vscode

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

# Check the bundled vulnerable example app (exit 1 means "findings", which is the point).
demo: $(STAMP)
	$(VENV)/bin/redline check examples/vulnerable_app; test $$? -le 1

# Neovim and Emacs for the real-editor tests (Debian packages; installing needs root, as in CI).
editors-terminal:
	bash tests/editors/setup-terminal-editors.sh

# Real VS Code for tests/editors: chromium, Node 24, code-server, the extension's .vsix.
editors-vscode:
	vscode-extension/scripts/setup-e2e.sh

# Set up and run the whole test suite (what CI runs); no real-editor test may skip here.
test: $(STAMP) editors-terminal editors-vscode
	REDLINE_REQUIRE_EDITORS=1 $(PY) -m pytest -n 2 -q

bench: $(STAMP)
	$(PY) benchmarks/compare_cli.py
	$(PY) benchmarks/example_apps.py
