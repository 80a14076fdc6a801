"""Population and GDP shares of the world."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from alliances import economy


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
