# Never the twain? -- build, test and data targets. Run `make help`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYDEVD_DISABLE_FILE_VALIDATION := 1
#: Test processes (pytest-xdist); 2 suits the CI machine's two cores.
JOBS   ?= 2

#: plotly.js (basic bundle: scatter, bar, pie) for the Explore page and the hover charts;
#: pinned by version and checksum, copied into the built book by book/_ext/interactive.py.
PLOTLY_VERSION := 4.1.1
PLOTLY_SHA256  := 99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba
#: Where it is installed is written once, in alliances.paths, read at every make with the
#: venv's Python if there is one (-S: the module needs nothing but the standard library;
#: 0.03 s, where a pyenv shim takes 0.12 s).
PATHS_PY       := $(or $(wildcard $(BIN)/python),$(PYTHON))
PLOTLY_JS      := $(shell $(PATHS_PY) -S -B -c 'import sys; sys.path.insert(0, "src"); \
	from alliances.paths import ROOT, plotly_js; print(plotly_js().relative_to(ROOT))')
ifeq ($(PLOTLY_JS),)
$(error $(PATHS_PY) could not read the plotly.js path from src/alliances/paths.py)
endif

.PHONY: help venv book notebooks test checks unit nbval python strict browser repro browser-deps lint data fetch \
	bench clean lab lab-deps js-deps pdf screenshots

#: Under CI (CI=true) a check whose tool or input is missing fails instead of skipping.
ifeq ($(CI),true)
export ALLIANCES_REQUIRE_BROWSER := 1
export ALLIANCES_REQUIRE_LAB := 1
endif
#: Warn that a tool could not be installed here (its tests will skip); fail under CI.
CANNOT = { echo "warning: $(1) could not be installed here; its checks will skip" >&2; test "$${CI:-}" != true; }

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (alliances)" >/dev/null
	touch $@

venv: $(STAMP)  ## create or refresh .venv from the pinned requirements

#: JupyterLab gets an environment of its own, layered over .venv by a .pth file: installing it
#: never changes what `make book` and `make test` run with (its extras slow every import of
#: nbformat). The lab finds the project's kernel and jupytext's settings in .venv.
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
LAB_ENV   := JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter JUPYTER_CONFIG_PATH=$(CURDIR)/$(VENV)/etc/jupyter
#: Extra options for `jupyter lab` (the test passes a port, a token and --no-browser).
LAB_ARGS  ?=
$(LAB_STAMP): $(STAMP) requirements-lab.txt
	test -x $(LAB_VENV)/bin/python || $(BIN)/python -m venv $(LAB_VENV)
	$(BIN)/python -c 'import sysconfig; print("import site; site.addsitedir(%r)" % sysconfig.get_paths()["purelib"])' \
		> "$$($(LAB_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/alliances-venv.pth"
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	touch $@

lab-deps: $(STAMP)  ## install JupyterLab into .venv-lab (pinned in requirements-lab.txt; network, once)
	$(MAKE) --no-print-directory $(LAB_STAMP) || $(call CANNOT,JupyterLab)

lab: $(LAB_STAMP)  ## open notebooks/ in JupyterLab with the project's kernel (installs it on first use)
	$(LAB_ENV) $(LAB_VENV)/bin/jupyter-lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 $(LAB_ARGS)

#: The book renders the notebooks' stored outputs (execute_notebooks: off); the command first
#: makes them current (what `notebooks` runs), then builds in the same process. The build is
#: skipped when nothing it reads changed, and recorded as current only when it had no warning
#: (alliances.tooling.notebooks.build_book).
book: $(STAMP) $(PLOTLY_JS)  ## execute the stale notebooks, then build the HTML book from their stored outputs
	$(BIN)/python -m alliances.tooling.notebooks book
	@echo "Open _build/html/index.html"

notebooks: $(STAMP)  ## sync notebooks/*.md with their .ipynb; re-execute the stale ones in place, two at a time
	$(BIN)/python -m alliances.tooling.notebooks refresh

#: What each Python stage collects. nbval re-runs every notebook and compares its outputs with
#: the stored ones; notebooks/conftest.py compares figures by their data and keeps each
#: notebook's cells on one worker, in order (they share a kernel).
UNIT   := tests src book/_ext --ignore=tests/browser --ignore=tests/repro
NBVAL  := notebooks --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg
REPRO  := tests/repro
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

unit: $(STAMP) $(PLOTLY_JS) lab-deps  ## unit tests and doctests (package and book extensions)
	$(PYTEST) $(UNIT)

nbval: $(STAMP)  ## compare the stored notebook outputs with a fresh run (figures by their data)
	$(PYTEST) $(NBVAL)

#: Renders the stored outputs, which `unit` proves current and `nbval` equal to a fresh run.
strict: $(STAMP) $(PLOTLY_JS)  ## clean strict book build (warnings are errors)
	$(BIN)/jupyter-book clean .
	$(BIN)/jupyter-book build . -W -n --keep-going

browser: strict browser-deps  ## the strictly built book in headless Chromium (builds it first)
	$(BIN)/python -m pytest tests/browser -n 0  # Chromium keeps both cores busy on its own

screenshots: browser-deps  ## every page of the built book at 1280 and 390 px in _build/screenshots, to look at (needs make book first)
	rm -rf _build/screenshots
	$(BIN)/python -m pytest tests/browser/test_site.py -k test_page -n 0 -q --screenshots

pdf: $(STAMP)  ## print the built book to one PDF, _build/pdf/never-the-twain.pdf (needs make book or make strict first)
	$(BIN)/python -m alliances.presentation.pdf

repro: $(STAMP)  ## a data change reaches the built page; a chapter runs for another date
	$(PYTEST) $(REPRO)

#: unit, nbval and repro in one pytest session: one pair of workers shares all their tests
#: (a notebook's cells, or an xdist_group, stay together), where three sessions one after
#: another started three pairs, each importing the package and collecting again, and left a
#: core idle at each one's end (measured: 58 s and 108 CPU-seconds against 75 s and 122).
python: $(STAMP) $(PLOTLY_JS) lab-deps  ## unit, nbval and repro together, as make test runs them
	$(PYTEST) $(filter-out --ignore=tests/repro,$(UNIT)) $(NBVAL)

$(PLOTLY_JS):
	npm install --prefix $(VENV)/js --no-save --no-audit --no-fund --silent \
		plotly.js-basic-dist-min@$(PLOTLY_VERSION)
	echo "$(PLOTLY_SHA256)  $@" | sha256sum --check --quiet

js-deps: $(PLOTLY_JS)  ## install plotly.js (npm, pinned and checksummed) for the interactive pages; network, once

AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

browser-deps: $(STAMP)  ## install Debian's chromium (root) and axe-core (npm, pinned) if missing; needs the network
	command -v chromium >/dev/null || { test "$$(id -u)" = 0 && apt-get update -qq \
		&& apt-get install -y -qq chromium >/dev/null; } || $(call CANNOT,chromium)
	test -f $(AXE) || npm install --prefix $(VENV)/axe --no-save --no-audit --no-fund --silent \
		axe-core@$(AXE_VERSION) || $(call CANNOT,axe-core)

lint: $(STAMP)  ## ruff over the package, tests and notebooks
	$(BIN)/ruff check src tests bench notebooks book/_ext

#: Sets up what it needs the first time (.venv, plotly.js, JupyterLab, Chromium and axe-core),
#: then runs the checks two at a time: the browser's chain (strict build, then Chromium) beside
#: the Python stages, so the time one spends waiting (Sphinx writing, Chromium printing) is the
#: other's. Each stage's output is printed whole when it ends (--output-sync).
test: js-deps lab-deps browser-deps lint  ## everything CI runs
	$(MAKE) --no-print-directory -j2 --output-sync=target checks

checks: browser python

fetch: $(STAMP)  ## copy raw sources into data/raw (from ../shared/data/raw or $$ALLIANCES_RAW_MIRROR)
	$(BIN)/python -m alliances data fetch

data: fetch  ## rebuild the curated files in data/ from the raw sources
	$(BIN)/python -m alliances data build

bench: $(STAMP)  ## print timings (build, rebuilds after edits, tests, data load, borders)
	$(BIN)/python bench/bench.py

clean:  ## remove the built book (keeps .venv and .venv-lab)
	rm -rf _build/html _build/latex _build/pdf _build/.jupyter_cache  # the last: the former cache
