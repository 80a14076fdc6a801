# Never the twain? -- build, test and data targets. Run `make help`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv book notebooks test unit nbval strict browser repro browser-deps lint data fetch \
	bench clean lab lab-deps

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (alliances)" >/dev/null
	touch $@

venv: $(STAMP)  ## create or refresh .venv from the pinned requirements

LAB_STAMP := $(VENV)/.lab-installed
$(LAB_STAMP): $(STAMP) requirements-lab.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	touch $@

lab-deps: $(LAB_STAMP)  ## install JupyterLab into .venv (pinned in requirements-lab.txt; network, once)

lab: $(LAB_STAMP)  ## open notebooks/ in JupyterLab with the project's kernel (installs it on first use)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1

book: $(STAMP)  ## execute the notebooks (cached, keyed on code, data and src) and build the HTML book
	$(BIN)/python -m alliances.notebooks sync
	$(BIN)/python -m alliances.notebooks precache
	$(BIN)/jupyter-book build . --keep-going
	@echo "Open _build/html/index.html"

notebooks: $(STAMP)  ## sync each notebooks/*.md with its .ipynb, re-execute in place (stored outputs)
	$(BIN)/python -m alliances.notebooks refresh

unit: $(STAMP)  ## unit tests and doctests
	$(BIN)/python -m pytest tests src --ignore=tests/browser --ignore=tests/repro

nbval: $(STAMP)  ## compare stored notebook outputs (figures included) with a fresh run
	$(BIN)/python -m pytest -c notebooks/pytest.ini notebooks

strict: $(STAMP)  ## clean strict book build (warnings are errors)
	$(BIN)/jupyter-book clean .
	$(BIN)/python -m alliances.notebooks precache
	$(BIN)/jupyter-book build . -W -n --keep-going

browser: $(STAMP)  ## the built book in headless Chromium (needs `make strict` or `make book` first)
	$(BIN)/python -m pytest tests/browser

repro: $(STAMP)  ## a data change reaches the built page; a chapter runs for another date
	$(BIN)/python -m pytest tests/repro

AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

browser-deps:  ## install Debian's chromium (root) and axe-core (npm, pinned) if missing; needs the network
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	test -f $(AXE) || npm install --prefix $(VENV)/axe --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION)

lint: $(STAMP)  ## ruff over the package, tests and notebooks
	$(BIN)/ruff check src tests bench notebooks book/_ext

test: lint unit nbval repro strict browser  ## everything CI runs

fetch: $(STAMP)  ## copy raw sources into data/raw (from ../shared/data/raw or $$ALLIANCES_RAW_MIRROR)
	$(BIN)/python -m alliances data fetch

data: fetch  ## rebuild the curated files in data/ from the raw sources
	$(BIN)/python -m alliances data build

bench: $(STAMP)  ## print timings (build, rebuild, tests, data load, borders)
	$(BIN)/python bench/bench.py

clean:  ## remove the built book (keeps .venv and the execution cache)
	rm -rf _build/html _build/latex
