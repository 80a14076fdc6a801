"""The claims ledger: the thesis's checkable claims tested against our data.

The hand-curated table ``data/claims/claims.csv`` lists each claim in our own
words, where the thesis makes it, the thesis's value, how to compare, and which
*metric* computes our value. :data:`METRICS` maps metric names to functions of
this package; :func:`verdict` turns the comparison into one of four verdicts;
:func:`ledger` assembles the whole table, which the book and
``python -m alliances claims`` both print, so the two cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alliances import borders, economy, io, membership, schemas, spending
from alliances.errors import DataError
from alliances.paths import data_dir

HOLDS = "holds"
CAVEAT = "holds with a caveat"
FAILS = "does not hold"
UNCHECKABLE = "cannot be checked with our data"
VERDICTS = (HOLDS, CAVEAT, FAILS, UNCHECKABLE)


@dataclass(frozen=True)
class Measured:
    """Our value for a claim.

    Attributes
    ----------
    value : float, str or None
        A number, an ISO date (``YYYY-MM-DD``), or ``None`` when we cannot measure it.
    source : str
        Where the value comes from.
    """

    value: float | str | None
    source: str


def verdict(kind: str, expected: str | None, ours: float | str | None, *,
            tolerance_pct: float = 0.0, definition_differs: bool = False) -> str:
    """Compare our value with the thesis's and return a verdict.

    Parameters
    ----------
    kind : {"exact", "approx", "more_than", "year", "date", "none"}
        ``exact``: numbers must be equal. ``approx``: within ``tolerance_pct``
        percent holds, within twice that holds with a caveat. ``more_than``: ours
        must exceed the thesis's threshold. ``year``/``date``: our ISO date must fall
        in that year / on that day. ``none``: our data cannot test the claim.
    expected : str or None
        The thesis's value (a number, a year or an ISO date, as text).
    ours : float, str or None
        Our value; ``None`` means not measurable.
    tolerance_pct : float
        Relative tolerance for ``approx``.
    definition_differs : bool
        True when our source defines the quantity differently from the thesis's
        (e.g. SIPRI's military expenditure against NATO's defence expenditure). A
        different definition is a caveat, not an error: a claim that holds becomes
        "holds with a caveat", and one that misses only by the width of an
        ``exact`` comparison or by less than twice the tolerance does too.

    Returns
    -------
    str
        One of :data:`VERDICTS`.

    Examples
    --------
    >>> verdict("exact", "28", 28)
    'holds'
    >>> verdict("approx", "30", 21, tolerance_pct=25)
    'holds with a caveat'
    >>> verdict("year", "1998", "1997-05-27")
    'does not hold'
    >>> verdict("none", None, None)
    'cannot be checked with our data'
    """
    if kind == "none" or ours is None or expected is None:
        return UNCHECKABLE
    if kind in ("year", "date"):
        day = dt.date.fromisoformat(str(ours))
        hit = (day.year == int(expected)) if kind == "year" else (
            day == dt.date.fromisoformat(expected))
        return HOLDS if hit else FAILS
    target, value = float(expected), float(ours)
    if kind == "exact":
        result, near = (HOLDS if value == target else FAILS), True
    elif kind == "more_than":
        result, near = (HOLDS if value > target else FAILS), False
    elif kind == "approx":
        off = abs(value - target) / abs(target) * 100
        result = HOLDS if off <= tolerance_pct else CAVEAT if off <= 2 * tolerance_pct else FAILS
        near = off <= 2 * tolerance_pct
    else:
        raise ValueError(f"unknown comparison kind {kind!r}")
    if definition_differs and (result == HOLDS or (result == FAILS and near)):
        return CAVEAT
    return result


# --------------------------------------------------------------------------- metrics
THESIS_DATE = dt.date(2011, 9, 1)
EVENTS = "membership events (data/membership/events.csv)"
SIPRI = "SIPRI Military Expenditure Database 2025"
WB = "World Bank WDI"


def _count(bloc: str, on: str | dt.date) -> Measured:
    return Measured(membership.members(bloc, on).count, EVENTS)


def _joined(bloc: str, day: str) -> Measured:
    w = membership.waves(bloc)
    hit = w[w["date"] == dt.date.fromisoformat(day)]
    return Measured(int(hit["n_joined"].iloc[0]) if len(hit) else 0, EVENTS)


def _event_date(org: str, event: str, iso3: str | None = None) -> Measured:
    events = io.load_events()
    sel = events[(events["org"] == org) & (events["event"] == event)]
    sel = sel[sel["iso3"].isna()] if iso3 is None else sel[sel["iso3"] == iso3]
    return Measured(sel["date"].min().date().isoformat(), EVENTS)


def _events_in_year(org: str, event: str, year: int) -> Measured:
    events = io.load_events()
    sel = events[(events["org"] == org) & (events["event"] == event) & events["iso3"].notna()
                 & (events["date"].dt.year == year)]
    return Measured(len(sel), EVENTS)


def _burden(iso3: str, year: int) -> Measured:
    table = spending.bloc_spending("nato", year).table.set_index("iso3")
    return Measured(round(float(table.loc[iso3, "burden_pct"]), 2), SIPRI)


def _months_between(first: Measured, second: Measured) -> Measured:
    days = (dt.date.fromisoformat(second.value) - dt.date.fromisoformat(first.value)).days
    return Measured(round(days / 30.44, 1), EVENTS)


def _rank_of_pair(a: str, b: str) -> int:
    """Rank (1 = longest) of the land border between ``a`` and ``b`` among all pairs."""
    pairs = borders.default_pairs().sort_values("length_km", ascending=False)
    keys = list(zip(pairs["a"], pairs["b"], strict=True))
    return keys.index(tuple(sorted((a, b)))) + 1


#: Metric name -> function computing our value.
METRICS: dict[str, Callable[[], Measured]] = {
    "nato_founders": lambda: _joined("nato", "1949-08-24"),
    "nato_members_pfp_launch": lambda: _count("nato", "1994-01-10"),
    "nato_joined_1999": lambda: _joined("nato", "1999-03-12"),
    "nato_joined_2004": lambda: _joined("nato", "2004-03-29"),
    "nato_members_2011": lambda: _count("nato", THESIS_DATE),
    "csto_members_2011": lambda: _count("csto", THESIS_DATE),
    "nato_population_2010_m": lambda: Measured(
        round(economy.world_share("nato", 2010).total / 1e6), WB),
    "nato_population_share_2010": lambda: Measured(
        round(economy.world_share("nato", 2010).share_pct, 1), WB),
    "nato_gdp_share_2010": lambda: Measured(
        round(economy.world_share("nato", 2010, "gdp_current_usd").share_pct, 1), WB),
    "nato_meeting_2pct_2010": lambda: Measured(
        spending.bloc_spending("nato", 2010).n_meeting_guideline, SIPRI),
    "burden_usa_2010": lambda: _burden("USA", 2010),
    "burden_grc_2010": lambda: _burden("GRC", 2010),
    "burden_gbr_2010": lambda: _burden("GBR", 2010),
    "burden_fra_2010": lambda: _burden("FRA", 2010),
    "burden_alb_2010": lambda: _burden("ALB", 2010),
    "us_share_nato_2010": lambda: Measured(round(float(
        spending.bloc_spending("nato", 2010).table.set_index("iso3").loc[
            "USA", "share_of_bloc_pct"]), 1), SIPRI),
    "cst_signed": lambda: _event_date("cst", "signature"),
    "cst_tashkent_signatories": lambda: _events_in_year("cst", "signature", 1992),
    "cst_signatories_1993": lambda: _events_in_year("cst", "signature", 1993),
    "cst_in_force": lambda: _event_date("cst", "entry_into_force"),
    "cst_non_renewals_1999": lambda: _events_in_year("cst", "non_renewal", 1999),
    "csto_in_force": lambda: _event_date("csto", "entry_into_force"),
    "pjc_created": lambda: _event_date("pjc", "founded"),
    "guam_founded": lambda: _event_date("guam", "founded"),
    "uzb_left_guam": lambda: _event_date("guam", "withdrawal", "UZB"),
    "uzb_rejoined_csto": lambda: _event_date("csto", "rejoined", "UZB"),
    "russia_months_to_pfp": lambda: _months_between(
        _event_date("pfp", "founded"), _event_date("pfp", "joined", "RUS")),
    "kant_bishkek_km": lambda: Measured(
        round(borders.distance_km("kant", "bishkek")),
        "places.csv (approximate air-base position), geodesic"),
    "tjk_afg_km": lambda: Measured(
        round(borders.border_length("TJK", "AFG")),
        "Natural Earth 1:10m boundary lines, geodesic"),
    "rus_kaz_rank_by_length": lambda: Measured(
        _rank_of_pair("KAZ", "RUS"), "Natural Earth 1:10m boundary lines, geodesic"),
    "unmeasured": lambda: Measured(None, "no dataset in this book covers it"),
}


# --------------------------------------------------------------------------- the ledger
def load_claims(path: str | Path | None = None) -> pd.DataFrame:
    """Return the hand-curated claims table (``data/claims/claims.csv``), validated."""
    path = Path(path) if path else data_dir() / "claims" / "claims.csv"
    table = io.read_table(path, schemas.CLAIMS)
    unknown = ~table["metric"].isin(METRICS)
    if unknown.any():
        i = int(unknown.to_numpy().argmax())
        raise DataError(path, f"unknown metric {table['metric'].iloc[i]!r}",
                           row=i + 2, column="metric")
    return table


def ledger(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compute our value and the verdict for every claim.

    Returns
    -------
    pandas.DataFrame
        The claims table plus ``ours`` (number or ISO date, ``None`` if not
        measurable), ``our_source`` and ``verdict``.

    Examples
    --------
    >>> table = ledger()
    >>> set(table["verdict"]) == set(VERDICTS)
    True
    """
    claims = load_claims() if claims is None else claims
    rows = []
    for claim in claims.itertuples(index=False):
        measured = METRICS[claim.metric]()
        rows.append({**claim._asdict(), "ours": measured.value, "our_source": measured.source,
                     "verdict": verdict(claim.kind, claim.expected, measured.value,
                                        tolerance_pct=claim.tolerance_pct,
                                        definition_differs=bool(claim.definition_differs))})
    return pd.DataFrame(rows)
