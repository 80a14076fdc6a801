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
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alliances import io
from alliances.errors import DataError
from alliances.measures import arms, borders, economy, membership, spending
from alliances.paths import data_dir

HOLDS = "holds"
ROUGHLY = "roughly holds"
DEFINITION = "different definition"
FAILS = "does not hold"
UNCHECKABLE = "cannot be checked"
VERDICTS = (HOLDS, ROUGHLY, DEFINITION, FAILS, UNCHECKABLE)

#: How to compare: the thesis's value against ours.
COMPARISONS = ("value", "more_than", "less_than", "range", "date", "month", "year", "none")


@dataclass(frozen=True)
class Tolerance:
    """How far our value may lie from the thesis's for one kind of quantity.

    Attributes
    ----------
    mode : {"absolute", "relative"}
        ``absolute``: in the quantity's own unit (percentage points for shares);
        ``relative``: in percent of our value.
    holds : float
        Within this, the claim holds.
    roughly : float
        Within this (and outside ``holds``), the claim roughly holds.
    why : str
        The reason for the width, as stated in the book.
    """

    mode: str
    holds: float
    roughly: float
    why: str


#: One tolerance per kind of quantity, applied the same way to every claim of that kind.
TOLERANCES = {
    "count": Tolerance("absolute", 0, 0, "a count is right or wrong"),
    "rank": Tolerance("absolute", 0, 0, "a rank is right or wrong"),
    "share": Tolerance("absolute", 0.5, 1.0,
                       "the thesis gives shares in whole percent, so half a point is rounding"),
    "burden": Tolerance("absolute", 0.1, 0.2,
                        "burdens are given to a tenth of a percent of GDP"),
    "population": Tolerance("relative", 5, 10, "round figures such as '900 million'"),
    "money": Tolerance("relative", 5, 10, "round figures, exchange rates and price bases"),
    "ratio": Tolerance("relative", 5, 10, "round figures"),
    "distance": Tolerance("relative", 10, 20,
                          "'about' a distance; our base positions are approximate"),
    "length": Tolerance("relative", 10, 20,
                        "published border lengths differ by up to a tenth between sources"),
    "duration": Tolerance("relative", 25, 50, "spans such as 'a year' are loose"),
}
#: Kinds of quantity compared by date rather than by number.
DATE_QUANTITIES = ("date", "year", "month")


@dataclass(frozen=True)
class Measured:
    """Our value for a claim.

    Attributes
    ----------
    value : float, str or None
        A number, an ISO date (``YYYY-MM-DD``), or ``None`` when we cannot measure it.
    source : str
        Where the value comes from.
    unit : str
        Unit of a number (``"km"``, ``"% of GDP"``, ...); empty for dates and counts of
        things named in the claim.
    """

    value: float | str | None
    source: str
    unit: str = ""


def _off(target: float, value: float, tolerance: Tolerance) -> float:
    """Distance between the thesis's value and ours in the tolerance's terms."""
    gap = abs(value - target)
    if tolerance.mode == "relative":
        return gap / abs(value) * 100 if value else float("inf")
    return gap


def _grade(off: float, tolerance: Tolerance) -> str:
    if off <= tolerance.holds:
        return HOLDS
    return ROUGHLY if off <= tolerance.roughly else FAILS


def _partial_date(value: float | str) -> str:
    """Return a date as ISO text at the precision known: ``YYYY``, ``YYYY-MM`` or a full date."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(f"not a date, month or year: {value!r}")
    if len(text) == 10:
        dt.date.fromisoformat(text)  # a real day
    return text


def _date_verdict(comparison: str, expected: str, ours: float | str) -> str:
    """Compare dates at the precision of the comparison; ``expected`` may be ``lo..hi``."""
    width = {"year": 4, "month": 7, "date": 10}[comparison]
    shown = _partial_date(ours)
    if len(shown) < width:  # our value is less precise than the claim
        return UNCHECKABLE
    shown = shown[:width]
    low, _, high = expected.partition("..")
    return HOLDS if low <= shown <= (high or low) else FAILS


def verdict(comparison: str, quantity: str, expected: str | None,
            ours: float | str | None, *, definition_differs: bool = False) -> str:
    """Compare our value with the thesis's and return a verdict, by fixed rules.

    Parameters
    ----------
    comparison : str
        One of :data:`COMPARISONS`. ``value``: our number must lie within the tolerance
        of the quantity (:data:`TOLERANCES`) of the thesis's; ``more_than``/``less_than``:
        ours must lie beyond the thesis's threshold; ``range``: ours must lie in
        ``expected`` written ``"low..high"`` (outside it, the tolerance applies to the
        distance from the nearer end); ``date``/``month``/``year``: our ISO date must be
        that day, in that month (``YYYY-MM``) or in that year; ``none``: our data cannot
        test the claim.
    quantity : str
        Kind of quantity: a key of :data:`TOLERANCES`, or ``date``, ``month``, ``year``.
    expected : str or None
        The thesis's value in comparable form.
    ours : float, str or None
        Our value; ``None`` means not measurable.
    definition_differs : bool
        True when our source defines the quantity differently from the thesis's source
        (SIPRI's military expenditure against NATO's defence expenditure). Such a
        comparison can show agreement, but a disagreement is a difference of definition,
        never a refutation: anything short of "holds" becomes "different definition".

    Returns
    -------
    str
        One of :data:`VERDICTS`.

    Examples
    --------
    >>> verdict("value", "count", "28", 28)
    'holds'
    >>> verdict("value", "distance", "30", 21)
    'does not hold'
    >>> verdict("value", "burden", "2.7", 2.57, definition_differs=True)
    'different definition'
    >>> verdict("year", "year", "1998", "1997-05-27")
    'does not hold'
    >>> verdict("month", "month", "2008-06..2008-08", "2008-03-02")
    'does not hold'
    >>> verdict("none", "count", None, None)
    'cannot be checked'
    """
    if comparison not in COMPARISONS:
        raise ValueError(f"unknown comparison {comparison!r}")
    if comparison == "none" or ours is None or expected is None:
        return UNCHECKABLE
    if comparison in ("date", "month", "year"):
        return _date_verdict(comparison, str(expected), ours)
    if quantity not in TOLERANCES:
        raise ValueError(f"unknown kind of quantity {quantity!r}")
    tolerance, value = TOLERANCES[quantity], float(ours)
    if comparison == "range":
        low, high = (float(x) for x in str(expected).split(".."))
        target = min(max(value, low), high)  # the nearer end, or our value if inside
        result = _grade(_off(target, value, tolerance), tolerance)
    elif comparison in ("more_than", "less_than"):
        beyond = value > float(expected) if comparison == "more_than" else value < float(expected)
        result = HOLDS if beyond else FAILS
    else:
        result = _grade(_off(float(expected), value, tolerance), tolerance)
    if definition_differs and result != HOLDS:
        return DEFINITION
    return result


# --------------------------------------------------------------------------- metrics
EVENTS = "membership events (data/membership/events.csv)"
SIPRI = "SIPRI Military Expenditure Database 2025"
WB = "World Bank WDI"
LINES = "Natural Earth 1:10m boundary lines, geodesic"


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _members(bloc: str, on: str) -> Measured:
    return Measured(membership.members(bloc, on).count, EVENTS)


def _joined(bloc: str, day: str) -> Measured:
    w = membership.waves(bloc)
    hit = w[w["date"] == _day(day)]
    return Measured(int(hit["n_joined"].iloc[0]) if len(hit) else 0, EVENTS)


def _event_date(org: str, event: str, iso3: str = "") -> Measured:
    events = io.load_events()
    sel = events[(events["org"] == org) & (events["event"] == event)]
    sel = sel[sel["iso3"].isna()] if not iso3 else sel[sel["iso3"] == iso3]
    if sel.empty:
        raise ValueError(f"no {event!r} event of {org!r}{' for ' + iso3 if iso3 else ''}")
    return Measured(sel["date"].min().date().isoformat(), EVENTS)


def _events_in_year(org: str, event: str, year: str) -> Measured:
    events = io.load_events()
    sel = events[(events["org"] == org) & (events["event"] == event) & events["iso3"].notna()
                 & (events["date"].dt.year == int(year))]
    return Measured(len(sel), EVENTS)


def _burden(iso3: str, year: str) -> Measured:
    value = spending.burden(iso3, int(year))
    return Measured(None if value is None else round(value, 2), SIPRI, "% of GDP")


def _bloc_share(bloc: str, iso3: str, year: str, prices: str = "current") -> Measured:
    """Share of ``iso3`` in its bloc's spending in ``year``, at current US$ unless told.

    A share within one year is compared at current prices, the basis of the figures the
    thesis quotes (NATO's tables and Gates's speech); constant prices would weigh the
    year's exchange rates by those of SIPRI's base year.
    """
    table = spending.bloc_spending(bloc, int(year), prices=prices).table.set_index("iso3")
    return Measured(round(float(table.loc[iso3, "share_of_bloc_pct"]), 1),
                    f"{SIPRI} ({prices} US$)", "% of bloc spending")


def _meeting(bloc: str, year: str) -> Measured:
    return Measured(spending.bloc_spending(bloc, int(year)).n_meeting_guideline, SIPRI,
                    "members")


def _world_share(bloc: str, year: str, measure: str) -> Measured:
    unit = "% of world population" if measure == "population" else "% of world GDP"
    return Measured(round(economy.world_share(bloc, int(year), measure).share_pct, 1), WB, unit)


def _population(bloc: str, year: str) -> Measured:
    return Measured(round(economy.world_share(bloc, int(year)).total / 1e6), WB, "million")


def _months_to_join(org: str, iso3: str) -> Measured:
    start = _day(_event_date(org, "founded").value)
    joined = _day(_event_date(org, "joined", iso3).value)
    return Measured(round((joined - start).days / 30.44, 1), EVENTS, "months")


def _months_since(org: str, event: str, on: str) -> Measured:
    """Months from an event of ``org`` (our event table) to the day ``on`` (ISO date).

    ``on`` is a published day written into the metric, e.g. the day a step the thesis
    counts as joining took effect; the claim's explanation names its source.
    """
    start = _day(_event_date(org, event).value)
    return Measured(round((_day(on) - start).days / 30.44, 1),
                    f"{EVENTS}, to {_day(on).isoformat()}", "months")


def _arms_share(states: str, first: str, last: str) -> Measured:
    """Russia's share (%) of the arms imports of ``states`` (``A+B+C``), pooled over years.

    Trend-indicator values of all the states and years are summed before dividing, so a
    large importer weighs more than a small one (:func:`alliances.measures.arms.period_shares`).
    """
    table = arms.period_shares(states.split("+"), int(first), int(last))
    share = 100 * table["russia"].sum() / table["total"].sum()
    return Measured(round(float(share), 1), f"{arms.SOURCE}, {first}-{last}",
                    "% of arms imports (TIV) from Russia")


def _distance(a: str, b: str) -> Measured:
    return Measured(round(borders.distance_km(a, b)),
                    "data/geography/places.csv (air bases to about 5 km), geodesic", "km")


def _border(a: str, b: str) -> Measured:
    return Measured(round(borders.border_length(a, b)), LINES, "km")


def _border_rank(a: str, b: str) -> Measured:
    pairs = borders.default_pairs().sort_values("length_km", ascending=False)
    keys = list(zip(pairs["a"], pairs["b"], strict=True))
    return Measured(keys.index(tuple(sorted((a, b)))) + 1, LINES, "rank by length")


#: The primary published source of border lengths: the figure a length claim is judged by.
PRIMARY_LENGTHS = "CIA World Factbook"


def primary_length(a: str, b: str, table: pd.DataFrame | None = None) -> Measured:
    """Return the primary published length of the border between ``a`` and ``b``.

    The primary figure is the one from :data:`PRIMARY_LENGTHS` in ``published_lengths.csv``,
    whatever other sources say: a claim is judged against one stated figure, never against
    whichever published value lies nearest the thesis's.

    Raises
    ------
    ValueError
        When the table holds no figure, or several, from the primary source for the pair.

    Examples
    --------
    >>> primary_length("TJK", "AFG").source
    'CIA World Factbook (primary published length)'
    """
    table = io.load_published_lengths() if table is None else table
    pair = table[((table["a"] == a) & (table["b"] == b)) | ((table["a"] == b) & (table["b"] == a))]
    primary = pair[pair["source"].str.startswith(PRIMARY_LENGTHS)]
    if len(primary) != 1:
        raise ValueError(f"expected one {PRIMARY_LENGTHS} length for {a}-{b}, "
                         f"found {len(primary)}")
    return Measured(float(primary["published_km"].iloc[0]),
                    f"{PRIMARY_LENGTHS} (primary published length)", "km")


def _published_length(a: str, b: str) -> Measured:
    return primary_length(a, b)


def _years_since(org: str, event: str, on: str) -> Measured:
    start = _day(_event_date(org, event).value)
    return Measured(round((_day(on) - start).days / 365.25, 1), EVENTS, "years")


#: How the ledger names the World Bank measures it ranks by.
WB_MEASURES = {"gdp_current_usd": "GDP at market rates", "population": "population"}


def _wb_rank(measure: str, year: str, iso3: str, group: str) -> Measured:
    """Rank (1 = largest) of ``iso3`` by a World Bank measure among ``group`` (``A+B+C``)."""
    table = io.load_population_gdp()
    states = group.split("+")
    rows = table[(table["year"] == int(year)) & table["iso3"].isin(states)]
    missing = sorted(set(states) - set(rows.loc[rows[measure].notna(), "iso3"]))
    if missing:
        raise ValueError(f"no World Bank {measure} for {', '.join(missing)} in {year}")
    order = list(rows.sort_values(measure, ascending=False)["iso3"])
    label = WB_MEASURES.get(measure, measure)
    return Measured(order.index(iso3) + 1, WB, f"rank among {len(states)} by {label}")


def _none() -> Measured:
    return Measured(None, "")


#: Metric name -> function of the metric's arguments (strings) computing our value. In
#: ``claims.csv`` a metric is written with its arguments, ``name:arg1:arg2``, e.g.
#: ``members:nato:2011-09-01``. ``published`` takes the value from ``published.csv``.
METRICS: dict[str, Callable[..., Measured]] = {
    "members": _members,
    "joined": _joined,
    "event_date": _event_date,
    "events_in_year": _events_in_year,
    "burden": _burden,
    "bloc_share": _bloc_share,
    "meeting_2pct": _meeting,
    "world_share": _world_share,
    "population": _population,
    "months_to_join": _months_to_join,
    "months_since": _months_since,
    "arms_share": _arms_share,
    "distance": _distance,
    "border": _border,
    "border_rank": _border_rank,
    "published_length": _published_length,
    "years_since": _years_since,
    "wb_rank": _wb_rank,
    "published": _none,  # replaced by the curated value in ledger()
    "none": _none,
}


def parse_metric(text: str) -> tuple[str, list[str]]:
    """Split ``name:arg1:arg2`` into the metric's name and arguments.

    Examples
    --------
    >>> parse_metric("members:nato:2011-09-01")
    ('members', ['nato', '2011-09-01'])
    """
    name, *args = text.split(":")
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}")
    return name, args


def measure(metric: str) -> Measured:
    """Compute the value of ``metric`` (written ``name:arg1:...``)."""
    name, args = parse_metric(metric)
    return METRICS[name](*args)


# --------------------------------------------------------------------------- the ledger
def load_claims(path: str | Path | None = None) -> pd.DataFrame:
    """Return the hand-curated claims table (``data/claims/claims.csv``), validated."""
    path = Path(path) if path else data_dir() / "claims" / "claims.csv"
    table = io.read_table(path, "CLAIMS")
    for i, row in enumerate(table.itertuples(index=False)):
        try:
            parse_metric(row.metric)
        except ValueError as error:
            raise DataError(path, str(error), row=i + 2, column="metric") from None
        if row.comparison not in ("date", "month", "year", "none") \
                and row.quantity not in TOLERANCES:
            raise DataError(path, f"unknown kind of quantity {row.quantity!r}", row=i + 2,
                            column="quantity")
    return table


def load_published(path: str | Path | None = None) -> pd.DataFrame:
    """Return the curated published values for claims (``data/claims/published.csv``)."""
    path = Path(path) if path else data_dir() / "claims" / "published.csv"
    return io.read_table(path, "PUBLISHED").set_index("claim_id")


def rule(comparison: str, quantity: str, definition_differs: bool) -> str:
    """Describe in words the rule that decides a claim's verdict.

    Examples
    --------
    >>> rule("value", "count", False)
    'must match exactly'
    >>> rule("value", "distance", False)
    'holds within 10 %, roughly within 20 %'
    """
    if comparison == "none":
        return "no value to compare"
    if comparison in ("date", "month", "year"):
        text = {"date": "same day", "month": "same month", "year": "same year"}[comparison]
    elif comparison in ("more_than", "less_than"):
        text = comparison.replace("_", " ") + " the thesis's threshold"
    else:
        t = TOLERANCES[quantity]

        def amount(x: float) -> str:
            if t.mode == "relative":
                return f"{x:g} %"
            return f"{x:g} point" + ("" if x == 1 else "s")

        text = ("must match exactly" if t.holds == 0 else
                f"holds within {amount(t.holds)}, roughly within {amount(t.roughly)}")
        if comparison == "range":
            text = "inside the range holds; outside it, " + text
    if definition_differs:
        text += "; our source's definition differs"
    return text


def ledger(claims: pd.DataFrame | None = None,
           published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compute our value and the verdict for every claim.

    Returns
    -------
    pandas.DataFrame
        The claims table plus ``ours`` (number or ISO date, ``None`` if not
        measurable), ``unit``, ``our_source``, ``rule`` and ``verdict``.

    Examples
    --------
    >>> table = ledger()
    >>> set(table["verdict"]) <= set(VERDICTS)
    True
    """
    claims = load_claims() if claims is None else claims
    published = load_published() if published is None else published
    rows = []
    for claim in claims.itertuples(index=False):
        if claim.metric == "published":
            if claim.id not in published.index:
                raise ValueError(f"claim {claim.id} has no row in published.csv")
            p = published.loc[claim.id]
            dated = claim.comparison in ("date", "month", "year")
            value = p["value"] if dated or not _is_number(p["value"]) else float(p["value"])
            measured = Measured(value, str(p["source"]), str(p["unit"]))
        else:
            measured = measure(claim.metric)
        how = rule(claim.comparison, claim.quantity, bool(claim.definition_differs))
        if claim.metric.startswith("published_length:"):
            how += f"; against the primary published figure ({PRIMARY_LENGTHS})"
        rows.append({**claim._asdict(), "ours": measured.value, "unit": measured.unit,
                     "our_source": measured.source, "rule": how,
                     "verdict": verdict(claim.comparison, claim.quantity, claim.expected,
                                        measured.value,
                                        definition_differs=bool(claim.definition_differs))})
    return pd.DataFrame(rows)


def show_value(value: object, unit: str = "") -> str:
    """Return our value as text, with its unit; ``—`` when there is none.

    Examples
    --------
    >>> show_value(22.0, "states"), show_value(4.9, "% of GDP"), show_value(None)
    ('22 states', '4.9 % of GDP', '—')
    >>> show_value(1357.0, "km"), show_value(1999, "year")
    ('1,357 km', '1999 year')
    >>> show_value(2, "rank by length")
    'rank 2 by length'

    """
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():  # amounts, with thousands separators;
        value = f"{int(value):,}"                          # years arrive as int, unseparated
    if unit.startswith("rank "):  # "rank 1 among 4 by population", not "1 rank among ..."
        return f"rank {value} {unit.removeprefix('rank ')}"
    return f"{value} {unit}".strip()


def _is_number(value: object) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
