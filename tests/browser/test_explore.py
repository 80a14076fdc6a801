"""The Explore page and the hover charts, driven in headless Chromium, checked against the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import time
from urllib.parse import urlparse

import pytest

from alliances import cli, membership

#: One worker runs this module (its page or PDF is made once), under pytest-xdist.
pytestmark = pytest.mark.xdist_group("explore")

#: Days the reader picks: the issue's five, the thesis's vantage point, the first and last
#: days of the page, and days around enlargements, suspensions and boundary changes.
DAYS = ["1992-01-01", "1992-05-15", "1994-04-20", "1999-03-12", "1999-04-20", "2004-03-29",
        "2008-08-26", "2011-09-01", "2012-12-20", "2014-03-17", "2014-03-18", "2023-04-04",
        "2024-03-07", membership.EVENTS_CHECKED_ON.isoformat()]
#: Page weight allowed for the Explore page, everything it loads included (bytes).
MAX_WEIGHT = 5 * 1024 * 1024
#: Time allowed between picking a day and the page showing it (seconds).
MAX_RESPONSE_S = 2.0


def _cli(*argv: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main([*argv, "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def explore(browser, site):
    """The Explore page, loaded once; records its requests and their sizes."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems, external, sizes = [], [], {}
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))

    def route(r):
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    def finished(request):
        response = request.response()
        if response is not None:
            sizes[request.url] = len(response.body())

    page.route("**/*", route)
    page.on("requestfinished", finished)
    page.goto(f"{site}/notebooks/explore.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.getElementById('explore').dataset.shown")
    yield page, problems, external, sizes
    page.close()


def _pick(page, day: str) -> float:
    start = time.perf_counter()
    page.fill("#explore-date", day)
    page.dispatch_event("#explore-date", "change")
    page.wait_for_function(f"document.getElementById('explore').dataset.shown === '{day}'",
                           timeout=MAX_RESPONSE_S * 1000)
    return time.perf_counter() - start


def test_page_is_offline_and_light(explore):
    _, problems, external, sizes = explore
    assert not external, f"requests leaving localhost: {external}"
    assert not problems, problems
    assert any(urlparse(u).path.endswith("plotly-basic.min.js") for u in sizes), sorted(sizes)
    assert sum(sizes.values()) <= MAX_WEIGHT, f"page weight {sum(sizes.values()):,} bytes"


def test_opens_on_the_last_check(explore):
    page, *_ = explore
    assert page.input_value("#explore-date") == membership.EVENTS_CHECKED_ON.isoformat()
    assert page.locator("#explore-map .main-svg").count() > 0, "the map was not drawn"


@pytest.mark.parametrize("day", DAYS)
def test_day_matches_the_cli(explore, day):
    page, problems, _, _ = explore
    took = _pick(page, day)
    assert took <= MAX_RESPONSE_S
    summary = page.inner_text("#explore-summary")
    nato, csto = _cli("members", "nato", "--on", day), _cli("members", "csto", "--on", day)
    border = _cli("borders", "--on", day)
    assert f"NATO {nato['count']} members" in summary, summary
    assert f"CST/CSTO {csto['count']} members" in summary, summary
    assert f"land border {border['total_km']:,.0f} km" in summary, summary
    rows = page.locator("#explore-nato tbody tr").count()
    assert rows == len(nato["members"]), (day, rows)
    stretches = page.locator("#explore-border tbody tr").count()
    assert stretches == len(border["pairs"]), (day, stretches)
    year = min(int(day[:4]), max(int(y) for y in _years()))
    if year >= min(_years()):
        money = _cli("spending", "nato", "--year", str(year))
        text = page.inner_text("#explore-spending")
        assert f"In {year} " in text and f"NATO {money['total_const_usd_m']:,.0f}" in text, text
    assert not problems, problems


def _years() -> list[int]:
    from alliances import io as data

    return sorted(int(y) for y in data.load_spending()["year"].unique())


def test_slider_moves_the_day(explore):
    page, *_ = explore
    page.fill("#explore-slider", "0")
    page.dispatch_event("#explore-slider", "input")
    page.wait_for_function("document.getElementById('explore').dataset.shown === '1992-01-01'")
    assert page.input_value("#explore-date") == "1992-01-01"


def test_crimea_is_hatched_only_after_annexation(explore):
    page, *_ = explore
    visible = """() => document.getElementById('explore-map').data
        .filter(t => t.name === 'area:crimea').map(t => t.visible)[0]"""
    _pick(page, "2014-03-17")
    page.wait_for_timeout(100)
    assert page.evaluate(visible) is False
    _pick(page, "2014-03-18")
    page.wait_for_timeout(100)
    assert page.evaluate(visible) is True


@pytest.mark.parametrize(("doc", "target"), [
    ("notebooks/geography", "twin-geo-border-steps"),
    ("notebooks/nato", "twin-nato-us-share"),
    ("notebooks/csto", "twin-csto-russia-share"),
])
def test_hover_versions_draw_when_opened(browser, site, doc, target):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(f"{site}/{doc}.html", wait_until="load")
        twin = page.locator(f"details.interactive-twin:has(#{target})")
        assert twin.count() == 1
        assert page.locator(f"#{target} .main-svg").count() == 0  # drawn only when opened
        twin.locator("summary").click()
        page.wait_for_selector(f"#{target} .main-svg")
        box = page.locator(f"#{target}").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.4)
        page.wait_for_selector(f"#{target} .hoverlayer .hovertext", timeout=2000)
        tip = page.locator(f"#{target} .hoverlayer").text_content()
    finally:
        page.close()
    assert not problems, problems
    assert any(unit in tip for unit in ("%", "km")), tip
