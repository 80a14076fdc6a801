"""Defence spending of a bloc: totals, shares, burdens and ratios.

All figures come from the SIPRI extract ``data/spending/sipri_milex.csv``:
spending at current prices and market exchange rates (US$ m), at constant prices
(US$ m, base year in ``price_base_year``) and as a share of GDP (the *burden*).
A bloc's members in year *Y* are its counted members on 31 December of *Y*
(:func:`alliances.measures.membership.members`), so a state that joined during the year
counts for the whole year.

**Price basis.** Every money figure names its basis (:data:`PRICES`). Shares,
totals, ratios and ranks *within one year* are taken at that year's prices and
market exchange rates (``prices="current"``, the default of :func:`bloc_spending`,
:func:`ratio`, :func:`ratio_series` and :func:`series`), from SIPRI's "Current US$"
sheet, like GDP at market exchange rates. *Change over time* is measured at constant prices
(``prices="constant"``, the default of :func:`growth`), SIPRI's series for that purpose.

SIPRI's definition of military expenditure differs from NATO's own (NATO
counts, for example, some pensions and paramilitary forces differently), so
burdens here can differ from those NATO publishes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alliances import io
from alliances.measures import membership

#: NATO's guideline for defence spending, percent of GDP.
GUIDELINE_PCT = 2.0

#: Price bases of the money figures: current US$ (within one year) or constant US$ (over time).
PRICES = ("current", "constant")
#: Column of the extract (and of :attr:`BlocSpending.table`) holding each basis, US$ m.
COLUMNS = {"current": "milex_current_usd_m", "constant": "milex_const_usd_m"}


def check_prices(prices: str) -> str:
    """Return ``prices`` if it is one of :data:`PRICES`, else raise ``ValueError``.

    Examples
    --------
    >>> check_prices("current")
    'current'
    >>> check_prices("real")
    Traceback (most recent call last):
    ...
    ValueError: unknown price basis 'real': choose 'current' or 'constant'
    """
    if prices not in PRICES:
        raise ValueError(f"unknown price basis {prices!r}: choose 'current' or 'constant'")
    return prices


def basis_label(prices: str, base_year: int) -> str:
    """Name a price basis for readers, e.g. ``"current US$"`` or ``"constant (2023) US$"``.

    Examples
    --------
    >>> basis_label("current", 2023), basis_label("constant", 2023)
    ('current US$', 'constant (2023) US$')
    """
    return "current US$" if check_prices(prices) == "current" else f"constant ({base_year}) US$"


def unit(prices: str, base_year: int, scale: str = "million") -> str:
    """Return the unit of a money figure on a price basis, naming the basis.

    Examples
    --------
    >>> unit("current", 2023)
    'US$ million, current prices and exchange rates'
    >>> unit("constant", 2023, "bn")
    'US$ bn, constant 2023 prices and exchange rates'
    """
    if check_prices(prices) == "current":
        return f"US$ {scale}, current prices and exchange rates"
    return f"US$ {scale}, constant {base_year} prices and exchange rates"


def _column(spending: pd.DataFrame, prices: str) -> str:
    column = COLUMNS[check_prices(prices)]
    if column not in spending.columns:
        raise ValueError(f"the spending table has no column {column!r} for {prices} prices: "
                         "rebuild it with 'python -m alliances data build'")
    return column


@dataclass(frozen=True)
class BlocSpending:
    """A bloc's spending in one year.

    Attributes
    ----------
    bloc : str
    year : int
    roster : alliances.measures.membership.Roster
        Membership on 31 December of ``year``.
    table : pandas.DataFrame
        One row per counted member: ``iso3``, ``name``, ``status``,
        ``milex_current_usd_m`` and ``milex_const_usd_m`` (where the extract has them),
        ``share_of_bloc_pct`` (on the basis ``prices``), ``burden_pct``,
        ``meets_guideline`` (``<NA>`` where the burden is unknown). Sorted by spending
        on the basis ``prices``, largest first.
    price_base_year : int
        Base year of the constant prices.
    prices : {"current", "constant"}
        Basis of ``share_of_bloc_pct``, the order of ``table``, :attr:`total` and
        :attr:`missing`.

    """

    bloc: str
    year: int
    roster: membership.Roster
    table: pd.DataFrame
    price_base_year: int
    prices: str = "current"

    @property
    def column(self) -> str:
        """Column of :attr:`table` on the basis :attr:`prices`, e.g. ``milex_current_usd_m``."""
        return COLUMNS[self.prices]

    @property
    def unit(self) -> str:
        """Unit of :attr:`total` and of :attr:`column`, naming the price basis."""
        return unit(self.prices, self.price_base_year)

    @property
    def basis(self) -> str:
        """The price basis for readers, e.g. ``"current US$"``."""
        return basis_label(self.prices, self.price_base_year)

    @property
    def total(self) -> float:
        """Bloc total, US$ m on the basis :attr:`prices` (members without data add nothing)."""
        return float(self.table[self.column].sum())

    @property
    def missing(self) -> list[str]:
        """Counted members without a spending figure (on the basis :attr:`prices`) that year."""
        return sorted(self.table.loc[self.table[self.column].isna(), "iso3"])

    @property
    def n_meeting_guideline(self) -> int:
        """Members whose burden is at least :data:`GUIDELINE_PCT`."""
        return int(self.table["meets_guideline"].fillna(False).sum())


def _year(spending: pd.DataFrame, year: int) -> pd.DataFrame:
    years = spending["year"]
    if year not in set(years):
        raise ValueError(f"no spending data for {year}: the extract covers "
                         f"{years.min()}-{years.max()}")
    return spending[years == year].set_index("iso3")


def bloc_spending(bloc: str, year: int, *, prices: str = "current",
                  spending: pd.DataFrame | None = None,
                  events: pd.DataFrame | None = None) -> BlocSpending:
    """Return each member's spending, share of the bloc total and burden in ``year``.

    Parameters
    ----------
    bloc : str
        ``"nato"`` or ``"csto"`` (or any organisation code).
    year : int
        Calendar year with data in the extract.
    prices : {"current", "constant"}
        Price basis of the shares, the total and the order. The default, current US$,
        is the basis for shares within one year; use ``"constant"`` only to compare a
        total with other years.
    spending, events : pandas.DataFrame, optional
        Tables to use instead of the curated files (for tests).

    Returns
    -------
    BlocSpending

    Raises
    ------
    ValueError
        For an unknown bloc or price basis, or a year outside the extract.

    Examples
    --------
    >>> s = bloc_spending("nato", 2010)
    >>> len(s.table), s.prices, s.basis
    (28, 'current', 'current US$')
    >>> round(s.table.set_index("iso3").loc["USA", "share_of_bloc_pct"])
    71
    >>> round(bloc_spending("nato", 2010, prices="constant").table.set_index("iso3").loc[
    ...     "USA", "share_of_bloc_pct"])
    76

    """
    spending = io.load_spending() if spending is None else spending
    column = _column(spending, prices)
    data = _year(spending, year)
    roster = membership.members(bloc, dt.date(year, 12, 31), events)
    table = roster.table[roster.table["counted"]][["iso3", "name", "status"]].copy()
    for name in COLUMNS.values():
        if name in data.columns:
            table[name] = table["iso3"].map(data[name])
    total = table[column].sum()
    table["share_of_bloc_pct"] = 100 * table[column] / total if total else float("nan")
    table["burden_pct"] = table["iso3"].map(data["milex_share_gdp_pct"])
    table["meets_guideline"] = (table["burden_pct"] >= GUIDELINE_PCT).astype("boolean")
    table.loc[table["burden_pct"].isna(), "meets_guideline"] = pd.NA
    table = table.sort_values(column, ascending=False, na_position="last").reset_index(drop=True)
    base = int(spending["price_base_year"].iloc[0])
    return BlocSpending(bloc, year, roster, table, base, prices)


def format_row(row) -> tuple[str, str]:
    """Return a member's share of the bloc total and burden as printed: "71.9%", "4.81%".

    The one format of a member's row, in the command line's table and on the Explore page;
    a missing figure reads "n/a".

    Parameters
    ----------
    row : pandas.Series or named tuple
        A row of :attr:`BlocSpending.table` (``share_of_bloc_pct`` and ``burden_pct``).

    Examples
    --------
    >>> format_row(pd.Series({"share_of_bloc_pct": 71.94, "burden_pct": float("nan")}))
    ('71.9%', 'n/a')
    """
    share, burden = row.share_of_bloc_pct, row.burden_pct
    return ("n/a" if pd.isna(share) else f"{share:.1f}%",
            "n/a" if pd.isna(burden) else f"{burden:.2f}%")


def burden_comparison(then: BlocSpending, latest: BlocSpending) -> pd.DataFrame:
    """Each member's burden in two years side by side (the data of a burden chart).

    Rows are the counted members of ``latest``, in its order; columns ``iso3``, ``name``,
    ``burden_pct_<latest year>`` and ``burden_pct_<earlier year>``, the latter empty for a
    state not counted, or without a figure, then. Rounded to three decimals.

    Examples
    --------
    >>> t = burden_comparison(bloc_spending("csto", 2010), bloc_spending("csto", 2024))
    >>> list(t.columns)
    ['iso3', 'name', 'burden_pct_2024', 'burden_pct_2010']
    >>> t.set_index("iso3").loc["RUS", ["burden_pct_2024", "burden_pct_2010"]].round(1).tolist()
    [7.1, 3.6]
    """
    earlier = then.table.set_index("iso3")["burden_pct"]
    table = latest.table[["iso3", "name"]].copy()
    table[f"burden_pct_{latest.year}"] = latest.table["burden_pct"]
    table[f"burden_pct_{then.year}"] = table["iso3"].map(earlier)
    return table.round(3).reset_index(drop=True)


def ratio(bloc_a: str, bloc_b: str, year: int, *, prices: str = "current", **kwargs) -> float:
    """Return the spending of ``bloc_a`` divided by that of ``bloc_b`` in ``year``.

    At current US$ by default: a ratio within one year (see the module's note on
    price bases). Other keywords go to :func:`bloc_spending`.

    Examples
    --------
    >>> round(ratio("nato", "csto", 2010)), round(ratio("nato", "csto", 2010, prices="constant"))
    (17, 25)

    """
    total_a = bloc_spending(bloc_a, year, prices=prices, **kwargs).total
    return total_a / bloc_spending(bloc_b, year, prices=prices, **kwargs).total


def burden(iso3: str, year: int, *, spending: pd.DataFrame | None = None) -> float | None:
    """Return a state's military spending as a share of GDP in ``year`` (SIPRI), or ``None``.

    Examples
    --------
    >>> round(burden("USA", 2010), 2)
    4.9
    """
    spending = io.load_spending() if spending is None else spending
    row = spending[(spending["iso3"] == iso3) & (spending["year"] == year)]
    if row.empty or pd.isna(row["milex_share_gdp_pct"].iloc[0]):
        return None
    return float(row["milex_share_gdp_pct"].iloc[0])


def series(bloc: str, years: range | list[int], *, prices: str = "current",
           spending: pd.DataFrame | None = None,
           events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return year-by-year figures for ``bloc``.

    Parameters
    ----------
    prices : {"current", "constant"}
        Basis of ``missing``, ``largest`` and ``largest_share_pct`` (within-year
        figures: current US$ by default). Both totals are always given; compare
        totals across years only at constant prices.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``members``, ``total_current_usd_m`` (current US$ m; absent
        if the extract lacks that series), ``total_const_usd_m`` (constant US$ m, for
        change over time), ``missing`` (members without data), ``largest`` (ISO code of
        the largest spender), ``largest_share_pct``, ``median_burden_pct``,
        ``n_meeting_guideline``.

    Examples
    --------
    >>> s = series("nato", [2010])
    >>> round(s.loc[2010, "largest_share_pct"]), round(s.loc[2010, "total_const_usd_m"] / 1e3)
    (71, 1350)
    """
    spending = io.load_spending() if spending is None else spending
    events = io.load_events() if events is None else events
    rows = []
    for year in years:
        s = bloc_spending(bloc, year, prices=prices, spending=spending, events=events)
        top = s.table.iloc[0] if len(s.table) else None
        totals = {f"total_{tag}_usd_m": float(s.table[COLUMNS[basis]].sum())
                  for basis, tag in (("current", "current"), ("constant", "const"))
                  if COLUMNS[basis] in s.table.columns}
        rows.append({
            "year": year, "members": len(s.table), **totals,
            "missing": len(s.missing),
            "largest": None if top is None else top["iso3"],
            "largest_share_pct": None if top is None else float(top["share_of_bloc_pct"]),
            "median_burden_pct": float(s.table["burden_pct"].median()),
            "n_meeting_guideline": s.n_meeting_guideline,
        })
    return pd.DataFrame(rows).set_index("year")


def ratio_series(bloc_a: str, bloc_b: str, years: range | list[int], *,
                 prices: str = "current", spending: pd.DataFrame | None = None,
                 events: pd.DataFrame | None = None) -> pd.Series:
    """Return, by year, the spending of ``bloc_a`` divided by that of ``bloc_b``.

    Each year's ratio is a within-year figure, at current US$ by default.

    Examples
    --------
    >>> round(ratio_series("nato", "csto", [2010]).loc[2010])
    17
    """
    total = "total_current_usd_m" if check_prices(prices) == "current" else "total_const_usd_m"
    a = series(bloc_a, years, prices=prices, spending=spending, events=events)[total]
    b = series(bloc_b, years, prices=prices, spending=spending, events=events)[total]
    return (a / b).rename(f"{bloc_a} / {bloc_b}")


@dataclass(frozen=True)
class Growth:
    """Growth of the spending of one fixed set of states between two years.

    Attributes
    ----------
    states : list of str
        ISO codes of the states summed in both years (those with figures in both).
    left_out : list of str
        States of the set without a figure in one of the years.
    start, end : float
        Their summed spending in the two years, US$ m on the basis ``prices``.
    pct : float
        Growth from ``start`` to ``end``, percent.
    prices : str
        Price basis (constant unless asked otherwise).
    """

    states: list[str]
    left_out: list[str]
    start: float
    end: float
    pct: float
    prices: str = "constant"


def growth(states: list[str] | tuple[str, ...], first: int, last: int, *,
           prices: str = "constant", spending: pd.DataFrame | None = None) -> Growth:
    """Return the growth of the summed spending of a constant set of states.

    Unlike a comparison of bloc totals, which counts the states that were members in
    each year, this keeps the same states in both years, so enlargement does not count
    as growth. States without a figure in either year are left out of both sums (and
    listed). Sums are taken from unrounded values. Growth is change over time, so
    it is measured at constant prices by default; ``prices="current"`` includes
    inflation and exchange-rate movements.

    Examples
    --------
    >>> g = growth(["USA", "GBR"], 2011, 2011)
    >>> g.pct, g.left_out
    (0.0, [])
    """
    spending = io.load_spending() if spending is None else spending
    column = _column(spending, prices)
    a, b = _year(spending, first), _year(spending, last)
    both = [s for s in states if s in a.index and s in b.index
            and pd.notna(a.loc[s, column]) and pd.notna(b.loc[s, column])]
    start, end = float(a.loc[both, column].sum()), float(b.loc[both, column].sum())
    return Growth(states=sorted(both), left_out=sorted(set(states) - set(both)), start=start,
                  end=end, pct=100 * (end / start - 1), prices=prices)


def definitions(years: range | list[int] | None = None, *,
                nato: pd.DataFrame | None = None,
                spending: pd.DataFrame | None = None) -> pd.DataFrame:
    """Set NATO's own burden figures beside SIPRI's for the allies and years NATO reports.

    NATO counts defence expenditure under its own definition (including, for
    example, pensions and some paramilitary forces) and divides by real GDP at 2015
    prices; SIPRI uses its own definition and current GDP. Both are published as a
    share of GDP, so they can be compared directly, but they need not agree.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``year``, ``nato_pct``, ``sipri_pct``, ``difference_pts`` (NATO minus
        SIPRI), ``nato_meets``, ``sipri_meets`` (at or above the 2 % guideline),
        ``estimate`` (NATO's figure is an estimate).

    Examples
    --------
    >>> d = definitions([2014])
    >>> round(float(d.set_index("iso3").loc["USA", "nato_pct"]), 2)
    3.73
    """
    nato = io.load_nato_expenditure() if nato is None else nato
    spending = io.load_spending() if spending is None else spending
    if years is not None:
        nato = nato[nato["year"].isin(list(years))]
    sipri = spending[["iso3", "year", "milex_share_gdp_pct"]].rename(
        columns={"milex_share_gdp_pct": "sipri_pct"})
    table = nato.rename(columns={"share_gdp_pct": "nato_pct"}).merge(
        sipri, on=["iso3", "year"], how="left")
    table["difference_pts"] = table["nato_pct"] - table["sipri_pct"]
    table["nato_meets"] = table["nato_pct"] >= GUIDELINE_PCT
    table["sipri_meets"] = (table["sipri_pct"] >= GUIDELINE_PCT).where(table["sipri_pct"].notna())
    return table[["iso3", "year", "nato_pct", "sipri_pct", "difference_pts", "nato_meets",
                  "sipri_meets", "estimate"]].reset_index(drop=True)
