"""The Explore page and the hover charts, driven in headless Chromium, checked against the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import re
import time
from urllib.parse import urlparse

import pytest

from alliances.measures import membership
from alliances.tooling import cli

from .conftest import Tab

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
    """The Explore page, loaded once in a :class:`Tab`; also records its requests' sizes."""
    tab, sizes = Tab(browser), {}

    def finished(request):
        response = request.response()
        if response is not None:
            sizes[request.url] = len(response.body())

    tab.page.on("requestfinished", finished)
    tab.open(f"{site}/notebooks/explore.html")
    page = tab.page
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.getElementById('explore').dataset.shown")
    yield page, tab.problems, tab.external, sizes
    tab.close()


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
    if csto["count"] == 0:  # before the Collective Security Treaty was signed
        assert "Collective Security Treaty not yet signed" in summary, summary
        assert "CST/CSTO 0 members" not in summary, summary
    else:
        assert f"CST/CSTO {csto['count']} members" in summary, summary
    assert f"land border {border['total_km']:,.0f} km" in summary, summary
    rows = page.locator("#explore-nato tbody tr").count()
    assert rows == len(nato["members"]), (day, rows)
    stretches = page.locator("#explore-border tbody tr").count()
    assert stretches == len(border["pairs"]), (day, stretches)
    year = min(int(day[:4]), max(int(y) for y in _years()))
    if year >= min(_years()):
        money = _cli("spending", "nato", "--year", str(year))
        total = next(v for k, v in money.items() if k.startswith("total_") and k.endswith("_m"))
        text = page.inner_text("#explore-spending")
        assert f"Military spending in {year} " in text, text
        assert f"NATO\t{total / 1000:,.1f}" in text, text  # US$ bn, right-aligned column
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


def test_crimea_is_filled_with_its_holders_colour(explore):
    """Crimea is drawn filled, as on the static maps: in Ukraine's colour before 18 March
    2014, in Russia's (hatched, as held by another state) from that day on."""
    from alliances.measures import borders
    from alliances.presentation import plotting

    page, *_ = explore
    crimea = """() => document.getElementById('explore-map').data
        .filter(t => t.name === 'area:crimea')
        .map(t => [t.visible, t.fillcolor, (t.fillpattern || {}).shape || ''])[0]"""
    for day, holder, hatch in (("2014-03-17", "UKR", ""), ("2014-03-18", "RUS", "/")):
        _pick(page, day)
        page.wait_for_timeout(150)
        visible, fill, shape = page.evaluate(crimea)
        assert visible is True, day
        assert fill == plotting.ALIGNMENT_COLOURS[borders.alignments(day)[holder]], (day, fill)
        assert shape == hatch, (day, shape)


def _typed(page, keys: str) -> None:
    """Type a date into the date box with the keyboard, as a reader does."""
    page.focus("#explore-date")  # Chromium puts the cursor on the first segment (month)
    page.keyboard.type(keys, delay=20)


def test_a_typed_date_is_shown(explore):
    """Typing 03/19/2014 (Chromium's en-US field, one segment after another) shows
    19 March 2014; the half-typed years 0002, 0020 and 0201 are never applied or written
    back (they used to land the page on 1 January 1992)."""
    page, problems, _, _ = explore
    assert page.evaluate("navigator.language") == "en-US"  # field order month/day/year
    _pick(page, "2024-03-07")
    _typed(page, "03/19/2014")
    page.wait_for_function("document.getElementById('explore').dataset.shown === '2014-03-19'",
                           timeout=MAX_RESPONSE_S * 1000)
    assert page.input_value("#explore-date") == "2014-03-19"
    summary = page.inner_text("#explore-summary")
    nato, csto = _cli("members", "nato", "--on", "2014-03-19"), _cli("members", "csto", "--on",
                                                                      "2014-03-19")
    assert summary.startswith("On 19 March 2014:"), summary
    assert f"NATO {nato['count']} members" in summary and \
        f"CST/CSTO {csto['count']} members" in summary, summary
    assert page.locator("#explore-csto tbody tr").count() == len(csto["members"])
    page.focus("#explore-slider")  # leaving the box keeps the typed day
    assert page.input_value("#explore-date") == "2014-03-19"
    assert not problems, problems


def test_a_half_typed_year_is_left_alone(explore):
    """While the reader types, an out-of-range year is neither applied nor clamped into the
    box; leaving the box with it shows the day in force again."""
    page, *_ = explore
    _pick(page, "2011-09-01")
    page.focus("#explore-date")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # the year segment
    page.keyboard.type("0201")
    page.wait_for_timeout(200)
    assert page.evaluate("document.getElementById('explore').dataset.shown") == "2011-09-01"
    assert page.input_value("#explore-date") == "0201-09-01"  # not rewritten while typing
    assert page.inner_text("#explore-date-help").startswith("A day between")
    page.focus("#explore-slider")  # the reader leaves the box
    assert page.input_value("#explore-date") == "2011-09-01"


def test_key_day_buttons(explore):
    """Buttons for the key days, read from the data, show those days."""
    from alliances.presentation import interactive

    page, *_ = explore
    days = dict(interactive.key_days())
    for day in ("1999-03-12", "2004-03-29", "2014-03-18", "2023-04-04", "2024-03-07",
                membership.EVENTS_CHECKED_ON.isoformat()):
        assert day in days, day
        page.click(f"button.explore-day[data-day='{day}']")
        page.wait_for_function(f"document.getElementById('explore').dataset.shown === '{day}'")
        assert page.get_attribute(f"button.explore-day[data-day='{day}']",
                                  "aria-pressed") == "true"


def test_member_tables_read_as_the_book(explore):
    """Names, not codes; one missing marker with its note; shares never "0.0%"; numbers
    right-aligned; dates on one line; each member's first day in the bloc."""
    page, *_ = explore
    _pick(page, "2024-06-01")
    text = page.inner_text(".explore-tables")
    for wrong in ("n/a", "No figure for:", " KAZ", " UZB", "0.0%", "US$ million"):
        assert wrong not in text, wrong
    assert "<0.1%" in text
    if "\u2014" in page.inner_text("#explore-csto"):
        assert "\u2014 no SIPRI figure" in page.inner_text("#explore-footnote")
    rows = page.evaluate("""() => [...document.querySelectorAll('#explore-csto tbody tr')]
        .map(r => [...r.children].map(c => c.innerText))""")
    since = {r[0]: r[2] for r in rows}
    assert since["Russia"] == "15 May 1992" and since["Belarus"] == "31 Dec 1993", since
    aligned = page.evaluate("""() => [...document.querySelectorAll(
        '#explore-nato td.num')].every(c => getComputedStyle(c).textAlign === 'right')""")
    assert aligned
    heights = page.evaluate("""() => [...document.querySelectorAll('#explore-nato td.date')]
        .map(c => c.getBoundingClientRect().height)""")
    assert max(heights) < 2 * min(heights), "a date wraps"
    caption = page.inner_text("#explore-nato caption")
    assert "((" not in caption and not re.search(r"\d{4}-\d{2}-\d{2}", caption), caption


@pytest.mark.parametrize(("doc", "target"), [
    ("notebooks/geography", "twin-geo-border-steps"),
    ("notebooks/nato", "twin-nato-us-share"),
    ("notebooks/csto", "twin-csto-russia-share"),
])
def test_hover_versions_draw_when_opened(hover_tab, site, doc, target):
    page = hover_tab.page
    hover_tab.open(f"{site}/{doc}.html")
    twin = page.locator(f"details.interactive-twin:has(#{target})")
    assert twin.count() == 1
    assert page.locator(f"#{target} .main-svg").count() == 0  # drawn only when opened
    twin.locator("summary").click()
    page.wait_for_selector(f"#{target} .main-svg")
    box = page.locator(f"#{target}").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.4)
    page.wait_for_selector(f"#{target} .hoverlayer .hovertext", timeout=2000)
    tip = page.locator(f"#{target} .hoverlayer").text_content()
    assert not hover_tab.problems, hover_tab.problems
    assert any(unit in tip for unit in ("%", "km")), tip


@pytest.fixture(scope="module")
def hover_tab(browser):
    """One tab for the chapters with hover charts, taken from one to the next."""
    tab = Tab(browser)
    yield tab
    tab.close()
