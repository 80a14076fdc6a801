"""Population and GDP of a bloc as a share of the world (World Bank data).

A bloc's members in year *Y* are its counted members on 31 December of *Y*,
as in :mod:`alliances.spending`. The world total is the World Bank aggregate
``WLD``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alliances import io, membership, spending

MEASURES = ("population", "gdp_current_usd")


@dataclass(frozen=True)
class WorldShare:
    """A bloc's total of one World Bank measure and its share of the world.

    Attributes
    ----------
    bloc, measure : str
    year : int
    total, world : float
        Sum over members with data, and the world aggregate.
    missing : list of str
        Members without a value that year.

    """

    bloc: str
    measure: str
    year: int
    total: float
    world: float
    missing: list[str]

    @property
    def share_pct(self) -> float:
        """``total`` as a percentage of ``world``."""
        return 100 * self.total / self.world


def world_share(bloc: str, year: int, measure: str = "population", *,
                table: pd.DataFrame | None = None,
                events: pd.DataFrame | None = None) -> WorldShare:
    """Return the bloc's total of ``measure`` in ``year`` and its share of the world.

    Parameters
    ----------
    bloc : str
        ``"nato"`` or ``"csto"``.
    year : int
    measure : {"population", "gdp_current_usd"}

    Raises
    ------
    ValueError
        For an unknown measure, or a year without a world value.

    Examples
    --------
    >>> round(world_share("nato", 2010).share_pct)
    13

    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: choose one of {', '.join(MEASURES)}")
    table = io.load_population_gdp() if table is None else table
    values = table[table["year"] == year].set_index("iso3")[measure]
    world = values.get("WLD")
    if world is None or pd.isna(world):
        raise ValueError(f"no world {measure} for {year}")
    roster = membership.members(bloc, dt.date(year, 12, 31), events)
    got = values.reindex(roster.iso3)
    return WorldShare(bloc, measure, year, float(got.sum()), float(world),
                      sorted(got[got.isna()].index))


def latest_year(measure: str, table: pd.DataFrame | None = None) -> int:
    """Return the latest year with a world value of ``measure``."""
    table = io.load_population_gdp() if table is None else table
    world = table[(table["iso3"] == "WLD") & table[measure].notna()]
    return int(world["year"].max())


def side_by_side(year: int, blocs: tuple[str, ...] = ("nato", "csto"), *,
                 table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare blocs in one year: members, population, GDP, spending and burden.

    Members are those on 31 December of ``year``. GDP falls back to the latest year
    with a world value when ``year`` has none (noted in the ``gdp_year`` row).

    Returns
    -------
    pandas.DataFrame
        One column per bloc, plus ``ratio`` (first bloc / second) where it makes sense.

    Examples
    --------
    >>> t = side_by_side(2010)
    >>> int(t.loc["members", "nato"]), int(t.loc["members", "csto"])
    (28, 7)
    """
    table = io.load_population_gdp() if table is None else table
    gdp_year = min(year, latest_year("gdp_current_usd", table))
    rows: dict[str, dict[str, float]] = {}
    for bloc in blocs:
        pop = world_share(bloc, year, "population", table=table)
        gdp = world_share(bloc, gdp_year, "gdp_current_usd", table=table)
        milex = spending.bloc_spending(bloc, year)
        rows[bloc] = {
            "members": float(len(milex.table)),
            "population_m": pop.total / 1e6,
            "population_share_pct": pop.share_pct,
            "gdp_current_usd_bn": gdp.total / 1e9,
            "gdp_share_pct": gdp.share_pct,
            "gdp_year": float(gdp_year),
            "milex_const_usd_bn": milex.total / 1e3,
            "median_burden_pct": float(milex.table["burden_pct"].median()),
            "members_at_2pct": float(milex.n_meeting_guideline),
        }
    out = pd.DataFrame(rows)
    if len(blocs) == 2:
        a, b = blocs
        ratio = out[a] / out[b]
        out["ratio"] = ratio.where(~out.index.isin(["gdp_year", "median_burden_pct",
                                                    "population_share_pct", "gdp_share_pct"]))
    return out
