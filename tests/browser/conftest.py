"""Serve the built book on localhost and drive Debian's headless Chromium with Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from alliances.presentation.pdf import CHROMIUM, CHROMIUM_ARGS, OFFLINE_ARGS, REMOTE, serve

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
    """A headless Chromium (Debian's package; nothing is downloaded) that cannot leave the
    machine (:data:`OFFLINE_ARGS`)."""
    if not Path(CHROMIUM).is_file():
        _missing(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *OFFLINE_ARGS])
        yield browser
        browser.close()


class Tab:
    """A browser tab at one width, taken from page to page as a reader follows links.

    It records what went wrong since it last opened a page: console errors, page errors,
    failed requests, and requests that tried to leave localhost (they fail: the browser has
    no way out, :data:`OFFLINE_ARGS`). Opening every page in one tab, rather than a new tab
    each, saves Chromium a renderer process and the compilation of the same scripts per page:
    the 26 page visits cost about 11 CPU-seconds instead of 38.
    """

    def __init__(self, browser, width: int = 1280):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.problems: list[str] = []
        self.external: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url}"))
        self.page.on("request", lambda r: REMOTE.match(r.url) and self.external.append(r.url))

    def open(self, url: str):
        """Load ``url`` and wait for its "load" event; return the response.

        "load" waits for every image and script; all are local, nothing is left to settle.
        The tab first goes to a blank page, so that whatever the last page still had under way
        ends (and is aborted) before the record starts again.
        """
        self.page.goto("about:blank")
        self.problems, self.external = [], []
        return self.page.goto(url, wait_until="load")

    def close(self) -> None:
        self.page.close()


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
