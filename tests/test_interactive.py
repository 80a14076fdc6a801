"""Data and HTML of the interactive charts: the same numbers as the CLI, identical every run."""

from __future__ import annotations

import datetime as dt
import json
import re
from itertools import pairwise

import pandas as pd
import pytest

from alliances.measures import borders, membership, spending
from alliances.presentation import interactive

#: One worker runs this module, so that the Explore page's data is read once (pytest-xdist).
pytestmark = pytest.mark.xdist_group("interactive")


@pytest.fixture(scope="module")
def data():
    """The Explore page's data as the book renders it: the stored output of explore.ipynb.

    nbval proves that output equal to a fresh run, so the checks below hold for what readers
    get; computing the data again here (1.8 s) would only repeat that run.
    """
    import nbformat

    from alliances.tooling.notebooks import NOTEBOOKS

    nb = nbformat.read(NOTEBOOKS / "explore.ipynb", as_version=4)
    pages = [output["data"]["text/html"] for cell in nb.cells if cell.cell_type == "code"
             for output in cell.outputs if 'id="explore-data"' in
             output.get("data", {}).get("text/html", "")]
    assert len(pages) == 1, "explore.ipynb shows the Explore page once"
    stored = pages[0].split('id="explore-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(stored)


def _state(data, day: str) -> dict:
    """The state the page shows on ``day`` (as interactive.js picks it)."""
    return [s for s in data["states"] if s["day"] <= day][-1]


def test_days_are_the_change_days():
    days = interactive.explore_days()
    assert days == sorted(set(days))
    assert days[0] == interactive.EXPLORE_START
    assert days[-1] <= membership.EVENTS_CHECKED_ON
    for day in ("1999-03-12", "2004-03-29", "2014-03-18", "2023-04-04"):
        assert dt.date.fromisoformat(day) in days, day


@pytest.mark.parametrize("day", ["1993-06-01", "1999-03-12", "1999-04-20", "2011-09-01",
                                 "2014-03-18", "2020-01-01", "2024-06-01"])
def test_state_of_a_day_is_what_the_package_computes(data, day):
    state = _state(data, day)
    assert state["nato"]["count"] == membership.members("nato", day).count
    assert state["csto"]["count"] == membership.members("csto", day).count
    border = borders.bloc_border("nato", "csto", day)
    assert state["border_total"] == f"{border.total_km:,.0f}"
    assert len(data["stretches"][state["stretches"]]) == len(border.pairs)
    codes = data["maps"][state["map"]]
    alignment = borders.alignments(day)
    for iso3 in ("POL", "RUS", "FIN", "ARM", "UZB"):
        if iso3 in data["countries"]:
            code = codes[data["countries"].index(iso3)]
            assert data["codes"][code] == alignment[iso3], (day, iso3)


def test_between_change_days_nothing_changes(data):
    days = [dt.date.fromisoformat(s["day"]) for s in data["states"]]
    for before, after in pairwise(days):
        if (after - before).days < 3:
            continue
        inside = before + (after - before) / 2
        assert membership.members("nato", inside).count == \
            membership.members("nato", before).count
        assert membership.members("csto", inside).count == \
            membership.members("csto", before).count


def test_spending_is_formatted_as_the_cli(data):
    year = "2010"
    s = spending.bloc_spending("nato", int(year))
    assert data["spending"][year]["nato"]["total"] == f"{s.total:,.0f}"
    usa = s.table.set_index("iso3").loc["USA"]
    assert data["spending"][year]["nato"]["rows"]["USA"] == list(spending.format_row(usa))
    assert data["spending"][year]["nato"]["rows"]["USA"][1].endswith("%")
    assert data["spending"][year]["ratio"] == f"{spending.ratio('nato', 'csto', 2010):.1f}"
    # within-year figures at current prices, and the data say so
    assert s.prices == "current" and data["prices"] == "current"
    assert data["price_basis"] == "current US$"
    assert data["spending_unit"] == s.unit


def test_shared_states_are_stored_once(data):
    assert len(data["rosters"]) == len({json.dumps(r) for r in data["rosters"]})
    assert len(data["maps"]) < len(data["states"])


def test_page_html_has_no_random_id_and_keeps_its_script_closed(data):
    # That two runs give the same page is nbval's check of explore.ipynb (a fresh run against
    # the stored output); computing the data a second time here only repeated it.
    page = interactive.explore_page(data=data).data
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", page), "a random id"
    assert "</script" not in page.split('id="explore-data">', 1)[1].split("</script>")[0]


def test_hover_twin_has_its_fixed_id_and_data():
    series = pd.Series([75.1234, 70.0], index=[2010, 2011])
    html = interactive.hover_twin(interactive.line_figure({"US": series}, unit="%",
                                                          ytitle="share"),
                                  "twin-test", figure="fig-test").data
    assert 'id="twin-test"' in html and 'data-target="twin-test"' in html
    assert interactive.MARKER in html
    spec = json.loads(html.split('data-target="twin-test">', 1)[1].split("</script>")[0])
    assert spec["data"][0]["y"] == [75.1, 70.0]
    assert "template" not in spec["layout"]


def test_plotly_bundle_is_installed():
    """`make js-deps` installs the pinned bundle the book serves."""
    assert interactive.plotly_js().is_file(), "run `make js-deps`"


def test_spending_ratio_needs_both_leaders(data):
    # at current US$ SIPRI has no figure for Russia in 1992: no NATO/CSTO ratio that year
    assert "RUS" in data["spending"]["1992"]["csto"]["missing"]
    assert data["spending"]["1992"]["ratio"] == "n/a"
    assert data["spending"]["1993"]["ratio"] == f"{spending.ratio('nato', 'csto', 1993):.1f}"


# --------------------------------------------------------------- Explore page (issue 20)
def test_members_since_they_joined_the_bloc():
    """A member's first day in the CST/CSTO is its signature or accession, not the day the
    Organization's charter entered into force (18 Sep 2003) for all."""
    since = interactive.member_since("csto")
    assert since["RUS"] == ["1992-05-15"]
    assert since["BLR"] == ["1993-12-31"]
    assert since["UZB"] == ["1992-05-15", "2006-08-16"]  # left in 1999, back in 2006
    assert interactive.member_since("nato")["FIN"] == ["2023-04-04"]


def test_key_days_come_from_the_data():
    days = dict(interactive.key_days())
    for day in ("1999-03-12", "2004-03-29", "2014-03-18", "2023-04-04", "2024-03-07",
                membership.EVENTS_CHECKED_ON.isoformat()):
        assert day in days, day
    assert days["2023-04-04"] == "NATO + Finland"
    assert list(days) == sorted(days)


@pytest.mark.parametrize(("day", "holder", "hatched"), [("2014-03-17", "UKR", False),
                                                        ("2014-03-18", "RUS", True)])
def test_crimea_is_filled_with_its_holders_colour(day, holder, hatched):
    from alliances.presentation import plotting

    fig = interactive.explore_map(dt.date.fromisoformat(day))
    crimea = next(t for t in fig.data if t.name == "area:crimea")
    assert crimea.visible is True
    assert crimea.fillcolor == plotting.ALIGNMENT_COLOURS[borders.alignments(day)[holder]]
    assert (crimea.fillpattern.shape == "/") is hatched


def test_page_carries_join_days_key_days_and_areas(data):
    html = interactive.explore_page(data=data).data
    page = json.loads(html.split('id="explore-data">', 1)[1].split("</script>")[0])
    assert page["since"]["csto"]["BLR"] == ["1993-12-31"]
    assert page["areas"]["crimea"]["cut"] is True and page["areas"]["crimea"]["holder"] == "RUS"
    assert 'data-day="1999-03-12"' in html and "12 Mar 1999" in html
