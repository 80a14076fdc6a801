"""Population and GDP of a bloc as a share of the world (World Bank data).

A bloc's members in year *Y* are its counted members on 31 December of *Y*,
as in :mod:`alliances.measures.spending`. The world total is the World Bank aggregate
``WLD``. Every money figure names its basis: GDP at current US$ and market
exchange rates, GDP at purchasing-power parity (PPP) in current international $,
and military spending at current US$ for the within-year comparisons here
(``prices="constant"`` gives SIPRI's constant-price figures instead).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alliances import io
from alliances.measures import membership, spending

MEASURES = ("population", "gdp_current_usd", "gdp_ppp_intl")
#: The largest member of each bloc, whose share of its bloc the power table reports.
LEADERS = {"nato": "USA", "csto": "RUS"}


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
    measure : {"population", "gdp_current_usd", "gdp_ppp_intl"}

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
                 prices: str = "current",
                 table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare blocs in one year: members, population, GDP, spending and burden.

    Members are those on 31 December of ``year``. GDP falls back to the latest year
    with a world value when ``year`` has none (noted in the ``gdp_year`` row).
    Spending is at current US$ by default, like GDP (``prices="constant"`` for
    constant US$).

    Returns
    -------
    pandas.DataFrame
        One column per bloc, plus ``ratio`` (first bloc / second) where it makes sense.
        The spending row is ``milex_current_usd_bn`` or ``milex_const_usd_bn`` (US$ bn),
        after the basis.

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
        milex = spending.bloc_spending(bloc, year, prices=prices)
        tag = "current" if prices == "current" else "const"
        rows[bloc] = {
            "members": float(len(milex.table)),
            "population_m": pop.total / 1e6,
            "population_share_pct": pop.share_pct,
            "gdp_current_usd_bn": gdp.total / 1e9,
            "gdp_share_pct": gdp.share_pct,
            "gdp_year": float(gdp_year),
            f"milex_{tag}_usd_bn": milex.total / 1e3,
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


def _leader_share(bloc: str, year: int, measure: str, table: pd.DataFrame,
                  events: pd.DataFrame | None) -> float:
    values = table[table["year"] == year].set_index("iso3")[measure]
    roster = membership.members(bloc, dt.date(year, 12, 31), events)
    got = values.reindex(roster.iso3)
    return float(100 * got.get(LEADERS[bloc], float("nan")) / got.sum())


def spending_bounds(bloc: str, year: int, *, prices: str = "current",
                    spending_table: pd.DataFrame | None = None,
                    events: pd.DataFrame | None = None) -> tuple[float, float, list[str]]:
    """Bound a bloc's military spending when members have no SIPRI figure that year.

    Each missing member is assumed to have spent somewhere between the lowest and the
    highest figure our SIPRI extract records for it in any year, on the basis
    ``prices``; members never recorded leave the bound open (``inf``).

    Returns
    -------
    tuple
        Lower and upper total (US$ m on the basis ``prices``) and the missing members.

    Examples
    --------
    >>> low, high, missing = spending_bounds("csto", 2010)
    >>> missing, low < high
    (['UZB'], True)
    """
    data = io.load_spending() if spending_table is None else spending_table
    s = spending.bloc_spending(bloc, year, prices=prices, spending=data, events=events)
    low = high = s.total
    for iso3 in s.missing:
        known = data.loc[(data["iso3"] == iso3) & data[s.column].notna(), s.column]
        if known.empty:
            high = float("inf")
            continue
        low += float(known.min())
        high += float(known.max())
    return low, high, s.missing


def power(year: int, *, prices: str = "current", table: pd.DataFrame | None = None,
          events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare the two blocs' power in ``year`` under four measures.

    For population, GDP at market exchange rates, GDP at purchasing-power parity and
    military spending: each bloc's total, its share of the world (not for spending: our
    SIPRI extract has no world total), the leader's share of its bloc (the United States
    in NATO, Russia in the CSTO) and the NATO/CSTO ratio. Members are those on 31
    December. Measures without data for ``year`` (GDP after 2023, PPP after 2021) are
    missing. Rows ``milex_csto_low``/``milex_csto_high`` bound the CSTO's spending where
    members lack SIPRI figures (:func:`spending_bounds`); ``ratio`` then bounds the ratio.
    The point ratio of spending is left empty in a year in which a bloc's leader has no
    figure (Russia in 1992 at current prices).

    All money rows are within-year comparisons on one basis: GDP in current US$ at
    market exchange rates, GDP at PPP in current international $, and spending in
    current US$ (``prices="constant"``: SIPRI's constant US$ instead). The ``unit``
    column names each row's unit and basis.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure (``population_m``, ``gdp_bn``, ``gdp_ppp_bn``, ``milex_bn``,
        ``milex_csto_low_bn``, ``milex_csto_high_bn``), columns ``nato``, ``csto``,
        ``ratio``, ``nato_world_pct``, ``csto_world_pct``, ``usa_in_nato_pct``,
        ``rus_in_csto_pct``, ``unit``.

    Examples
    --------
    >>> p = power(2010)
    >>> float(round(p.loc["gdp_bn", "ratio"], 1)), float(round(p.loc["gdp_ppp_bn", "ratio"], 1))
    (18.6, 9.3)
    """
    table = io.load_population_gdp() if table is None else table
    units = {"population_m": "million people",
             "gdp_bn": "US$ bn, current prices and exchange rates",
             "gdp_ppp_bn": "international $ bn at purchasing-power parity (PPP), current prices"}
    scale = {"population_m": 1e6, "gdp_bn": 1e9, "gdp_ppp_bn": 1e9}
    source = {"population_m": "population", "gdp_bn": "gdp_current_usd",
              "gdp_ppp_bn": "gdp_ppp_intl"}
    rows = {}
    for key, measure in source.items():
        row: dict[str, object] = {"unit": units[key]}
        for bloc in ("nato", "csto"):
            try:
                share = world_share(bloc, year, measure, table=table, events=events)
            except ValueError:  # no world value that year
                row[bloc] = row[f"{bloc}_world_pct"] = float("nan")
                row[f"{LEADERS[bloc].lower()}_in_{bloc}_pct"] = float("nan")
                continue
            row[bloc] = share.total / scale[key]
            row[f"{bloc}_world_pct"] = share.share_pct
            row[f"{LEADERS[bloc].lower()}_in_{bloc}_pct"] = _leader_share(
                bloc, year, measure, table, events)
        rows[key] = row
    milex = {bloc: spending.bloc_spending(bloc, year, prices=prices, events=events)
             for bloc in ("nato", "csto")}
    rows["milex_bn"] = {"unit": spending.unit(prices, milex["nato"].price_base_year, "bn"),
                        "nato": milex["nato"].total / 1e3, "csto": milex["csto"].total / 1e3}
    for bloc in ("nato", "csto"):
        t = milex[bloc].table.set_index("iso3")
        leader = LEADERS[bloc]
        rows["milex_bn"][f"{leader.lower()}_in_{bloc}_pct"] = (
            float(t.loc[leader, "share_of_bloc_pct"]) if leader in t.index else float("nan"))
    low, high, _ = spending_bounds("csto", year, prices=prices, events=events)
    rows["milex_csto_low_bn"] = {"unit": rows["milex_bn"]["unit"],
                                 "nato": milex["nato"].total / 1e3, "csto": low / 1e3}
    rows["milex_csto_high_bn"] = {"unit": rows["milex_bn"]["unit"],
                                  "nato": milex["nato"].total / 1e3, "csto": high / 1e3}
    out = pd.DataFrame(rows).T
    for column in ("nato", "csto", "nato_world_pct", "csto_world_pct", "usa_in_nato_pct",
                   "rus_in_csto_pct"):
        out[column] = pd.to_numeric(out[column])
    out["ratio"] = out["nato"] / out["csto"]
    leaders_missing = [LEADERS[b] for b in ("nato", "csto") if LEADERS[b] in milex[b].missing]
    if leaders_missing:  # a bloc total without its largest member is no basis for a ratio
        out.loc["milex_bn", "ratio"] = float("nan")
    return out[["nato", "csto", "ratio", "nato_world_pct", "csto_world_pct", "usa_in_nato_pct",
                "rus_in_csto_pct", "unit"]]
