"""Arms dependence: where the members of each bloc get their weapons (SIPRI arms transfers).

The curated extract ``data/arms/tiv_imports.csv`` holds, for every state of the
reference list and every year 1992-2021, its arms imports from Russia (the Soviet
Union's table is summed in too, but has no deliveries after 1991), from the United
States and from all suppliers, in SIPRI's trend-indicator values (TIV, millions).
TIVs measure the military capability transferred, not the price paid: they compare
volumes between years and recipients, not sums of money.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alliances import io
from alliances.measures import membership

#: Supplier whose share each bloc's imports are measured against.
PATRONS = {"csto": "russia", "nato": "usa"}
SOURCE = ("SIPRI Arms Transfers Database (TIV of arms exports by supplier, generated "
          "28 July 2022)")


def _wide(table: pd.DataFrame) -> pd.DataFrame:
    wide = table.pivot_table(index=["iso3", "year"], columns="supplier", values="tiv_m",
                             aggfunc="sum", fill_value=0.0)
    for column in ("russia", "usa", "total"):
        if column not in wide.columns:
            wide[column] = 0.0
    return wide[["russia", "usa", "total"]]


def years_covered(table: pd.DataFrame | None = None) -> range:
    """Return the years of the extract."""
    table = io.load_arms_imports() if table is None else table
    return range(int(table["year"].min()), int(table["year"].max()) + 1)


def imports(state: str, first: int | None = None, last: int | None = None, *,
            table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a state's arms imports by supplier group, year by year.

    Parameters
    ----------
    state : str
        ISO code of the recipient.
    first, last : int, optional
        Years (default: the whole extract).

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``russia``, ``usa``, ``other``, ``total`` (TIV million) and
        ``russia_pct``, ``usa_pct`` (shares of the total; missing in years without
        imports).

    Raises
    ------
    ValueError
        For a state outside the reference list, or years outside the extract.

    Examples
    --------
    >>> t = imports("KAZ", 2010, 2010)
    >>> float(t.loc[2010, "russia"]), float(t.loc[2010, "total"])
    (50.0, 58.0)
    """
    table = io.load_arms_imports() if table is None else table
    if state not in set(io.load_states()["iso3"]):
        raise ValueError(f"unknown state code {state!r}: not in the reference list")
    covered = years_covered(table)
    first = covered.start if first is None else first
    last = covered.stop - 1 if last is None else last
    if first > last or first < covered.start or last >= covered.stop:
        raise ValueError(f"years {first}-{last} outside the extract "
                         f"({covered.start}-{covered.stop - 1})")
    wide = _wide(table[table["iso3"] == state]).droplevel("iso3") if (
        table["iso3"] == state).any() else pd.DataFrame(columns=["russia", "usa", "total"],
                                                         dtype=float)
    wide = wide.reindex(range(first, last + 1), fill_value=0.0).rename_axis("year")
    wide["other"] = wide["total"] - wide["russia"] - wide["usa"]
    total = wide["total"].where(wide["total"] > 0)
    wide["russia_pct"] = 100 * wide["russia"] / total
    wide["usa_pct"] = 100 * wide["usa"] / total
    return wide[["russia", "usa", "other", "total", "russia_pct", "usa_pct"]]


def patron_share(bloc: str, first: int | None = None, last: int | None = None, *,
                 exclude_patron_state: bool = True, table: pd.DataFrame | None = None,
                 events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, year by year, the share of a bloc's arms imports supplied by its patron.

    The patron is Russia for the CSTO and the United States for
    NATO. Members are those on 31 December of each year; the patron state's own imports
    are left out (the United States buys little abroad, Russia almost nothing).

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``members`` (counted), ``total`` and ``from_patron`` (TIV
        million), ``share_pct``.

    Examples
    --------
    >>> s = patron_share("csto", 2010, 2010)
    >>> round(float(s.loc[2010, "share_pct"]))
    90
    """
    table = io.load_arms_imports() if table is None else table
    covered = years_covered(table)
    first = covered.start if first is None else first
    last = covered.stop - 1 if last is None else last
    patron = PATRONS[bloc]
    patron_state = {"russia": "RUS", "usa": "USA"}[patron]
    wide = _wide(table)
    rows = []
    for year in range(first, last + 1):
        members = set(membership.members(bloc, dt.date(year, 12, 31), events).iso3)
        if exclude_patron_state:
            members.discard(patron_state)
        sel = wide[wide.index.get_level_values("iso3").isin(members)
                   & (wide.index.get_level_values("year") == year)]
        total, from_patron = float(sel["total"].sum()), float(sel[patron].sum())
        rows.append({"year": year, "members": len(members), "total": total,
                     "from_patron": from_patron,
                     "share_pct": 100 * from_patron / total if total else float("nan")})
    return pd.DataFrame(rows).set_index("year")


def pooled_share(shares: pd.DataFrame) -> float:
    """Return the patron's share (%) of a bloc's arms imports pooled over all the years given.

    ``shares`` is a frame from :func:`patron_share`; each year weighs by its imports, so
    this is not the mean of the yearly shares.

    Examples
    --------
    >>> round(pooled_share(patron_share("csto", 2010, 2011)), 1)
    87.6
    """
    return float(100 * shares["from_patron"].sum() / shares["total"].sum())


def period_shares(states: list[str], first: int, last: int, *,
                  table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return each state's imports over a period, with Russia's and the US's shares.

    Returns
    -------
    pandas.DataFrame
        Indexed by ISO code: ``total``, ``russia``, ``usa`` (TIV million over the
        period), ``russia_pct``, ``usa_pct``.
    """
    rows = {}
    for state in states:
        t = imports(state, first, last, table=table)
        total = float(t["total"].sum())
        rows[state] = {"total": total, "russia": float(t["russia"].sum()),
                       "usa": float(t["usa"].sum())}
    out = pd.DataFrame(rows).T
    out["russia_pct"] = 100 * out["russia"] / out["total"].where(out["total"] > 0)
    out["usa_pct"] = 100 * out["usa"] / out["total"].where(out["total"] > 0)
    return out
