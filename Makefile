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
	bench clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (alliances)" >/dev/null
	touch $@

venv: $(STAMP)  ## create or refresh .venv from the pinned requirements

book: $(STAMP)  ## execute the notebooks (cached, keyed on code, data and src) and build the HTML book
	$(BIN)/python -m alliances.notebooks sync
	$(BIN)/jupyter-book build . --keep-going
	@echo "Open _build/html/index.html"

notebooks: $(STAMP)  ## sync each notebooks/*.md with its .ipynb, re-execute in place (stored outputs)
	$(BIN)/python -m alliances.notebooks refresh

unit: $(STAMP)  ## unit tests and doctests
	$(BIN)/python -m pytest tests src --ignore=tests/browser --ignore=tests/repro

nbval: $(STAMP)  ## compare stored notebook outputs with a fresh run
	$(BIN)/python -m pytest -c notebooks/pytest.ini notebooks

strict: $(STAMP)  ## clean strict book build (warnings are errors)
	$(BIN)/jupyter-book clean .
	$(BIN)/jupyter-book build . -W -n --keep-going

browser: $(STAMP)  ## the built book in headless Chromium (needs `make strict` or `make book` first)
	$(BIN)/python -m pytest tests/browser

repro: $(STAMP)  ## execute every notebook twice and compare the outputs
	$(BIN)/python -m pytest tests/repro

browser-deps:  ## install Debian's chromium if it is missing (needs root and the network)
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

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
