"""Bloc spending, shares, burdens and ratios."""

from __future__ import annotations

import math

import pytest

from alliances import io, spending


def test_members_taken_as_of_year_end(toy_events, toy_spending):
    s = spending.bloc_spending("nato", 2005, spending=toy_spending, events=toy_events)
    assert sorted(s.table["iso3"]) == ["POL", "USA"]  # Poland joined mid-2005, Finland later
    assert s.total == 700.0


def test_shares_sum_to_100(toy_events, toy_spending):
    s = spending.bloc_spending("nato", 2009, spending=toy_spending, events=toy_events)
    assert math.isclose(s.table["share_of_bloc_pct"].sum(), 100.0)
    assert math.isclose(s.table.set_index("iso3").loc["USA", "share_of_bloc_pct"], 70.0)


def test_guideline(toy_events, toy_spending):
    s = spending.bloc_spending("nato", 2009, spending=toy_spending, events=toy_events)
    meets = s.table.set_index("iso3")["meets_guideline"]
    assert meets["POL"] and meets["FIN"] and meets["USA"]  # 2.0 counts as meeting
    assert s.n_meeting_guideline == 3


def test_missing_data_is_not_zero(toy_events, toy_spending):
    s = spending.bloc_spending("csto", 2005, spending=toy_spending, events=toy_events)
    assert s.missing == []  # Uzbekistan had left the treaty; not a member in 2005
    s = spending.bloc_spending("csto", 2006, spending=toy_spending.assign(
        year=toy_spending["year"].replace({2005: 2006})), events=toy_events)
    assert s.missing == ["UZB"]
    assert s.total == 100.0
    assert s.table.set_index("iso3")["meets_guideline"].isna()["UZB"]


def test_suspended_member_not_counted(toy_events, toy_spending):
    s = spending.bloc_spending("csto", 2009, spending=toy_spending, events=toy_events)
    assert sorted(s.table["iso3"]) == ["BLR", "RUS"]  # UZB suspended, BLR frozen but counted


def test_ratio(toy_events, toy_spending):
    r = spending.ratio("nato", "csto", 2009, spending=toy_spending, events=toy_events)
    assert math.isclose(r, 1000 / 200)


def test_year_without_data(toy_events, toy_spending):
    with pytest.raises(ValueError, match="no spending data for 1960"):
        spending.bloc_spending("nato", 1960, spending=toy_spending, events=toy_events)


def test_series(toy_events, toy_spending):
    s = spending.series("nato", [2005, 2009], spending=toy_spending, events=toy_events)
    assert s.loc[2009, "members"] == 3 and s.loc[2009, "largest"] == "USA"


# --------------------------------------------------------------------- real data
def test_real_2010_nato():
    s = spending.bloc_spending("nato", 2010)
    assert len(s.table) == 28 and s.price_base_year == 2023
    usa = s.table.set_index("iso3").loc["USA"]
    assert 75 < usa["share_of_bloc_pct"] < 78  # the thesis (Gates): "more than 75%"
    assert s.missing == []


def test_real_russia_dominates_csto():
    for year in (2000, 2010, 2024):
        s = spending.bloc_spending("csto", year)
        assert s.table.iloc[0]["iso3"] == "RUS" and s.table.iloc[0]["share_of_bloc_pct"] > 90


def test_real_extract_covers_every_state_and_year():
    table = io.load_spending()
    states = set(io.load_states()["iso3"])
    assert set(table["iso3"]) == states
    assert table.groupby("iso3")["year"].agg(["min", "max", "size"]).eq(
        [1990, 2024, 35]).all().all()
