"""Population and GDP shares of the world."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from alliances.measures import economy


def test_share_on_toy_data(toy_events):
    table = pd.DataFrame({
        "iso3": ["USA", "POL", "FIN", "WLD"], "year": [2009] * 4,
        "population": [300.0, 40.0, 5.0, 1000.0], "gdp_current_usd": [10.0, 1.0, None, 40.0]})
    pop = economy.world_share("nato", 2009, table=table, events=toy_events)
    assert math.isclose(pop.share_pct, 34.5)
    gdp = economy.world_share("nato", 2009, "gdp_current_usd", table=table, events=toy_events)
    assert gdp.missing == ["FIN"] and math.isclose(gdp.total, 11.0)


def test_bad_measure_and_year(toy_events):
    with pytest.raises(ValueError, match="unknown measure"):
        economy.world_share("nato", 2009, "area")
    with pytest.raises(ValueError, match="no world population for 1900"):
        economy.world_share("nato", 1900)


def test_real_thesis_population_claim():
    # the thesis: about 900 million inhabitants, 13 % of the world's population
    pop = economy.world_share("nato", 2010)
    assert round(pop.total / 1e6, -1) == 900 and round(pop.share_pct) == 13


def test_power_measures_and_bounds():
    p = economy.power(2010)
    assert p.loc["gdp_ppp_bn", "ratio"] < p.loc["gdp_bn", "ratio"]  # PPP narrows the gap
    assert p.loc["milex_csto_low_bn", "ratio"] >= p.loc["milex_csto_high_bn", "ratio"]
    assert 90 < p.loc["milex_bn", "rus_in_csto_pct"] < 100
    low, high, missing = economy.spending_bounds("csto", 2010)
    assert missing == ["UZB"] and low < high


def test_power_names_each_basis_and_takes_prices():
    current, constant = economy.power(2010), economy.power(2010, prices="constant")
    assert "current prices" in current.loc["milex_bn", "unit"]
    assert "constant 2023 prices" in constant.loc["milex_bn", "unit"]
    assert "purchasing-power parity" in current.loc["gdp_ppp_bn", "unit"]
    assert "current prices" in current.loc["gdp_bn", "unit"]
    # within one year, current prices: the US share of NATO spending is about 70 %, not 76 %
    assert 70 < current.loc["milex_bn", "usa_in_nato_pct"] < 71.5
    assert 75 < constant.loc["milex_bn", "usa_in_nato_pct"] < 78
    assert current.loc["milex_bn", "ratio"] < constant.loc["milex_bn", "ratio"]
    # GDP rows do not depend on the spending basis
    assert current.loc["gdp_bn", "ratio"] == constant.loc["gdp_bn", "ratio"]
    with pytest.raises(ValueError, match="unknown price basis"):
        economy.power(2010, prices="nominal")


def test_side_by_side_names_the_spending_basis():
    current = economy.side_by_side(2010)
    constant = economy.side_by_side(2010, prices="constant")
    assert "milex_current_usd_bn" in current.index and "milex_const_usd_bn" in constant.index
    assert current.loc["milex_current_usd_bn", "ratio"] == pytest.approx(
        economy.power(2010).loc["milex_bn", "ratio"])


def test_power_gives_no_spending_ratio_without_a_leaders_figure():
    p = economy.power(1992)  # SIPRI: no current-price figure for Russia in 1992
    assert math.isnan(p.loc["milex_bn", "ratio"])
    assert math.isnan(p.loc["milex_bn", "rus_in_csto_pct"])
    assert not math.isnan(p.loc["gdp_bn", "ratio"])
    assert not math.isnan(economy.power(1993).loc["milex_bn", "ratio"])
