"""Serve the built book on localhost and drive Debian's headless Chromium with Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from alliances.presentation.pdf import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parents[2]
#: The built book; ALLIANCES_HTML points the tests at another build (a preview folder).
HTML = Path(os.environ.get("ALLIANCES_HTML", ROOT / "_build" / "html"))
SCREENSHOTS = HTML.parent / "screenshots"
#: axe-core, installed by `make browser-deps` (npm, pinned); injected into each page.
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: Under CI (or when asked) a missing Chromium, axe-core or built book fails instead of skipping.
REQUIRED = os.environ.get("ALLIANCES_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true"


def toc_pages() -> list[str]:
    """Every document in _toc.yml, as a path relative to the site root, without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return pages


def _missing(reason: str):
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site():
    """Base URL of the built book served on 127.0.0.1 (a free port)."""
    if not (HTML / "index.html").is_file():
        _missing("no built book in _build/html: run `make book` or `make strict` first")
    with serve(HTML) as url:  # the print's own server (alliances.presentation.pdf)
        yield url


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's package; nothing is downloaded)."""
    if not Path(CHROMIUM).is_file():
        _missing(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_addoption(parser):
    parser.addoption("--screenshots", action="store_true",
                     help="save a screenshot of every page at every width in _build/screenshots "
                          "(make screenshots); the checks run either way")


@pytest.fixture(scope="session")
def screenshots(request) -> Path | None:
    """Folder for the page screenshots, or None when they were not asked for.

    Screenshots are for a person to look at, not a check: ``make screenshots`` takes them
    (and empties the folder first), ``make test`` does not. Not emptied here: with
    pytest-xdist each worker has its own session.
    """
    if not request.config.getoption("--screenshots"):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
