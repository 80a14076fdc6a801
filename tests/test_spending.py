"""Bloc spending, shares, burdens and ratios, and the price basis of each figure."""

from __future__ import annotations

import json
import math

import openpyxl
import pandas as pd
import pytest

from alliances import io
from alliances.measures import membership, spending
from alliances.paths import data_dir, default_mirror
from alliances.tooling import build

from .conftest import requires

MIRROR = default_mirror()
WORKBOOK = (MIRROR / "sipri" / "SIPRI-Milex-data-1949-2024_2.xlsx") if MIRROR else None


@pytest.fixture
def toy(toy_spending):
    """The toy extract with a current-price series that ranks members differently."""
    current = {("USA", 2005): 300.0, ("POL", 2005): 100.0, ("FIN", 2005): 50.0,
               ("RUS", 2005): 30.0, ("BLR", 2005): 10.0, ("UZB", 2005): None,
               ("USA", 2009): 600.0, ("POL", 2009): 300.0, ("FIN", 2009): 100.0,
               ("RUS", 2009): 120.0, ("BLR", 2009): 80.0, ("UZB", 2009): 20.0}
    keys = zip(toy_spending["iso3"], toy_spending["year"], strict=True)
    return toy_spending.assign(milex_current_usd_m=[current[k] for k in keys])


def test_members_taken_as_of_year_end(toy_events, toy):
    s = spending.bloc_spending("nato", 2005, spending=toy, events=toy_events)
    assert sorted(s.table["iso3"]) == ["POL", "USA"]  # Poland joined mid-2005, Finland later
    assert s.total == 400.0 and s.prices == "current"
    assert spending.bloc_spending("nato", 2005, prices="constant", spending=toy,
                                  events=toy_events).total == 700.0


def test_shares_sum_to_100_on_either_basis(toy_events, toy):
    for prices, usa in (("current", 60.0), ("constant", 70.0)):
        s = spending.bloc_spending("nato", 2009, prices=prices, spending=toy, events=toy_events)
        assert math.isclose(s.table["share_of_bloc_pct"].sum(), 100.0)
        assert math.isclose(s.table.set_index("iso3").loc["USA", "share_of_bloc_pct"], usa)


def test_order_and_units_follow_the_basis(toy_events, toy):
    current = spending.bloc_spending("nato", 2009, spending=toy, events=toy_events)
    constant = spending.bloc_spending("nato", 2009, prices="constant", spending=toy,
                                      events=toy_events)
    assert current.table["iso3"].tolist() == ["USA", "POL", "FIN"]
    assert current.column == "milex_current_usd_m" and constant.column == "milex_const_usd_m"
    assert current.basis == "current US$" and constant.basis == "constant (2023) US$"
    assert "current prices" in current.unit and "constant 2023 prices" in constant.unit
    # both series travel in the table, whatever the basis of the shares
    assert {"milex_current_usd_m", "milex_const_usd_m"} <= set(current.table.columns)


def test_unknown_basis_and_missing_series_are_clear_errors(toy_events, toy, toy_spending):
    with pytest.raises(ValueError, match="unknown price basis 'real'"):
        spending.bloc_spending("nato", 2009, prices="real", spending=toy, events=toy_events)
    with pytest.raises(ValueError, match="no column 'milex_current_usd_m' for current prices"):
        spending.bloc_spending("nato", 2009, spending=toy_spending, events=toy_events)


def test_guideline(toy_events, toy):
    s = spending.bloc_spending("nato", 2009, spending=toy, events=toy_events)
    meets = s.table.set_index("iso3")["meets_guideline"]
    assert meets["POL"] and meets["FIN"] and meets["USA"]  # 2.0 counts as meeting
    assert s.n_meeting_guideline == 3


def test_missing_data_is_not_zero(toy_events, toy):
    s = spending.bloc_spending("csto", 2005, spending=toy, events=toy_events)
    assert s.missing == []  # Uzbekistan had left the treaty; not a member in 2005
    s = spending.bloc_spending("csto", 2006, spending=toy.assign(
        year=toy["year"].replace({2005: 2006})), events=toy_events)
    assert s.missing == ["UZB"]
    assert s.total == 40.0
    assert s.table.set_index("iso3")["meets_guideline"].isna()["UZB"]


def test_suspended_member_not_counted(toy_events, toy):
    s = spending.bloc_spending("csto", 2009, spending=toy, events=toy_events)
    assert sorted(s.table["iso3"]) == ["BLR", "RUS"]  # UZB suspended, BLR frozen but counted


def test_ratio_is_within_year_at_current_prices(toy_events, toy):
    r = spending.ratio("nato", "csto", 2009, spending=toy, events=toy_events)
    assert math.isclose(r, 1000 / 200)
    r = spending.ratio("nato", "csto", 2009, prices="constant", spending=toy, events=toy_events)
    assert math.isclose(r, 1000 / 200)
    r = spending.ratio_series("nato", "csto", [2005, 2009], spending=toy, events=toy_events)
    assert math.isclose(r[2005], 400 / 40)


def test_year_without_data(toy_events, toy):
    with pytest.raises(ValueError, match="no spending data for 1960"):
        spending.bloc_spending("nato", 1960, spending=toy, events=toy_events)


def test_series_gives_both_totals(toy_events, toy):
    s = spending.series("nato", [2005, 2009], spending=toy, events=toy_events)
    assert s.loc[2009, "members"] == 3 and s.loc[2009, "largest"] == "USA"
    assert s.loc[2009, "total_current_usd_m"] == 1000.0
    assert s.loc[2009, "total_const_usd_m"] == 1000.0
    assert s.loc[2005, "total_const_usd_m"] == 700.0 and s.loc[2005, "largest_share_pct"] == 75.0


def test_growth_is_at_constant_prices(toy):
    g = spending.growth(["USA", "POL"], 2005, 2009, spending=toy)
    assert g.prices == "constant" and math.isclose(g.pct, 100 * (900 / 700 - 1))
    g = spending.growth(["USA", "POL"], 2005, 2009, prices="current", spending=toy)
    assert math.isclose(g.pct, 100 * (900 / 400 - 1))


# --------------------------------------------------------------------- real data
def test_real_2010_nato():
    s = spending.bloc_spending("nato", 2010)
    assert len(s.table) == 28 and s.price_base_year == 2023 and s.missing == []
    usa = s.table.set_index("iso3").loc["USA"]
    assert 70 < usa["share_of_bloc_pct"] < 71.5  # current US$, as NATO's own tables
    constant = spending.bloc_spending("nato", 2010, prices="constant")
    assert 75 < constant.table.set_index("iso3").loc["USA", "share_of_bloc_pct"] < 78
    # the ratio moves by about a third between the two bases
    assert spending.ratio("nato", "csto", 2010) < 0.7 * spending.ratio(
        "nato", "csto", 2010, prices="constant")


def test_real_russia_dominates_csto():
    for year in (2000, 2010, 2024):
        s = spending.bloc_spending("csto", year)
        assert s.table.iloc[0]["iso3"] == "RUS" and s.table.iloc[0]["share_of_bloc_pct"] > 90


def test_real_extract_keeps_member_years_comparators_and_uzbekistan():
    table = io.load_spending()
    states = io.load_states()
    series = ["milex_current_usd_m", "milex_const_usd_m", "milex_share_gdp_pct"]
    assert set(table["iso3"]) == set(states["iso3"])
    assert table["year"].between(build.SIPRI_YEARS.start, build.SIPRI_YEARS.stop - 1).all()
    rows = set(zip(table["iso3"], table["year"], strict=True))
    member_years = build.sipri_member_years()
    for year in build.SIPRI_YEARS:  # every counted member of each year has its row
        for bloc in ("nato", "csto"):
            members = membership.members(bloc, f"{year}-12-31").iso3
            assert {(iso3, year) for iso3 in members} <= rows, (bloc, year)
    assert ("FIN", 2022) not in rows and ("GEO", 2000) not in rows  # not members then
    outside = table[[p not in member_years for p in zip(table["iso3"], table["year"],
                                                       strict=True)]]
    every_year = {*states.loc[states["group"] == "comparator", "iso3"], *build.SIPRI_EVERY_YEAR}
    assert set(outside["iso3"]) <= every_year
    assert outside[series].notna().any(axis=1).all()  # outside member years only with a value
    assert {("CHN", 1990), ("UZB", 2018)} <= rows
    # the cap holds even counting the empty cells of the three series
    assert table[series].size <= build.SIPRI_CAP


def test_real_current_price_zeros_are_not_artefacts():
    table = io.load_spending()
    zeros = table[table["milex_current_usd_m"] == 0]
    assert set(zeros["iso3"]) <= {"ISL"}  # Iceland: no armed forces
    # SIPRI's 0 for Russia in 1992 at current prices (a redenominated currency) is missing
    russia = table.set_index(["iso3", "year"]).loc[("RUS", 1992)]
    assert pd.isna(russia["milex_current_usd_m"]) and russia["milex_const_usd_m"] > 0


def test_real_extract_stays_within_sipri_cap():
    table = io.load_spending()
    series = ["milex_current_usd_m", "milex_const_usd_m", "milex_share_gdp_pct"]
    assert set(series) <= set(table.columns)
    n_values = int(table[series].notna().sum().sum())
    assert n_values < build.SIPRI_CAP == 3500
    meta = json.loads((data_dir() / "spending" / "metadata.json").read_text())
    assert meta["n_sipri_values"] == n_values
    assert set(meta["price_basis"]) == {"milex_current_usd_m", "milex_const_usd_m"}


def _workbook_current(years: list[int]) -> pd.DataFrame:
    """SIPRI's 'Current US$' sheet for ``years``, read straight from the raw workbook."""
    book = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    rows = list(book["Current US$"].iter_rows(values_only=True))
    book.close()
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Country")
    columns = {int(v): j for j, v in enumerate(rows[header_at]) if isinstance(v, int | float)}
    names = io.load_states().set_index("sipri_name")["iso3"]
    out = {}
    for row in rows[header_at + 1:]:
        if row and row[0] in names.index:
            out[names[row[0]]] = {y: row[columns[y]] if isinstance(row[columns[y]], int | float)
                                  else float("nan") for y in years}
    return pd.DataFrame(out).T


@requires(WORKBOOK is not None and WORKBOOK.is_file(), "no raw SIPRI workbook")
@pytest.mark.parametrize(("bloc", "year"), [("nato", 2010), ("csto", 2010), ("nato", 2024)])
def test_real_shares_equal_the_workbooks_current_price_sheet(bloc, year):
    sheet = _workbook_current([year])[year]
    s = spending.bloc_spending(bloc, year)
    members = s.table["iso3"].tolist()
    expected = 100 * sheet[members] / sheet[members].sum()
    got = s.table.set_index("iso3")["share_of_bloc_pct"]
    pd.testing.assert_series_equal(got.dropna(), expected.dropna(), check_names=False,
                                   check_index_type=False, rtol=1e-12)
    assert s.total == pytest.approx(float(sheet[members].sum()), rel=1e-12)
