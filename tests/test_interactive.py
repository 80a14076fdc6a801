"""Data and HTML of the interactive charts: the same numbers as the CLI, identical every run."""

from __future__ import annotations

import datetime as dt
import json
import re
from itertools import pairwise

import pandas as pd
import pytest

from alliances import borders, interactive, membership, spending


@pytest.fixture(scope="module")
def data():
    return interactive.explore_data()


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
    assert data["spending"][year]["nato"]["rows"]["USA"] == [
        f"{usa['share_of_bloc_pct']:.1f}%", f"{usa['burden_pct']:.2f}%"]
    assert data["spending"][year]["ratio"] == f"{spending.ratio('nato', 'csto', 2010):.1f}"


def test_shared_states_are_stored_once(data):
    assert len(data["rosters"]) == len({json.dumps(r) for r in data["rosters"]})
    assert len(data["maps"]) < len(data["states"])


def test_page_html_is_identical_between_runs(data):
    first = interactive.explore_page(data=data).data
    second = interactive.explore_page(data=interactive.explore_data()).data
    assert first == second
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", first), "a random id"
    assert "</script" not in first.split('id="explore-data">', 1)[1].split("</script>")[0]


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
