"""Who belonged to which organisation on a given day, and with what status.

Membership is read from the event table ``data/membership/events.csv``: the
status of a state on a day is the status set by its latest event on or before
that day. Two *blocs* are defined over one or more organisations:

``nato``
    The North Atlantic Treaty Organization.
``csto``
    One continuous bloc, as the thesis treats it: the parties to the Collective
    Security Treaty (signed 15 May 1992, in force 20 April 1994) and, from the
    Charter's entry into force on 18 September 2003, the members of the
    Collective Security Treaty Organization.

Any organisation code of the event table (``pfp``, ``guam``, ``sco``, ...) can
be used as a bloc of its own.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import pickle
from dataclasses import dataclass, replace

import pandas as pd

from alliances import io

#: Organisations that make up each bloc, in the order their events apply.
BLOCS: dict[str, tuple[str, ...]] = {"nato": ("nato",), "csto": ("cst", "csto")}

#: Full names of organisations and frameworks.
ORG_NAMES = {
    "nato": "North Atlantic Treaty Organization",
    "cst": "Collective Security Treaty",
    "csto": "Collective Security Treaty Organization",
    "nacc": "North Atlantic Cooperation Council",
    "eapc": "Euro-Atlantic Partnership Council",
    "pfp": "Partnership for Peace",
    "pjc": "NATO-Russia Permanent Joint Council",
    "nrc": "NATO-Russia Council",
    "cis": "Commonwealth of Independent States",
    "sco": "Shanghai Cooperation Organisation",
    "guam": "GUAM",
}

#: How membership is counted, per bloc.
RULES = {
    "nato": ("Founders count from the treaty's entry into force on 1949-08-24; later members "
             "from the deposit of their instrument of accession."),
    "csto": ("Signatories of the Collective Security Treaty count from signature (status "
             "'signatory') and as parties from its entry into force on 1994-04-20; from "
             "2003-09-18 the members of the Organization. A 'suspended' state is listed but "
             "not counted; a state whose participation is 'frozen' remains a party and is "
             "counted."),
}

_EVENT_WORDS = {"signature": "signed", "entry_into_force": "in force since",
                "extension": "extended", "founded": "founded", "resumption": "resumed"}

#: Day up to which the event table was last checked against sources. Figures for
#: "today" in the book are computed on this day, so that they do not drift silently.
EVENTS_CHECKED_ON = dt.date(2026, 11, 28)

#: Statuses that count towards a bloc's size.
COUNTED = frozenset({"member", "signatory", "frozen"})
#: Statuses listed in a bloc's roster (counted ones plus suspended).
LISTED = COUNTED | {"suspended"}


@dataclass(frozen=True)
class Roster:
    """The members of a bloc on one day.

    Attributes
    ----------
    bloc : str
        Bloc or organisation code.
    on : datetime.date
        The day.
    framework : str or None
        The legal framework in force that day (``None`` before the bloc existed).
    rule : str
        How membership is counted.
    table : pandas.DataFrame
        One row per listed state: ``iso3``, ``name``, ``status``, ``since`` (date
        of the event that set the status), ``event``, ``counted`` (bool).

    """

    bloc: str
    on: dt.date
    framework: str | None
    rule: str
    table: pd.DataFrame

    @property
    def count(self) -> int:
        """Number of counted members."""
        return int(self.table["counted"].sum())

    @property
    def iso3(self) -> list[str]:
        """Codes of the counted members, sorted."""
        return sorted(self.table.loc[self.table["counted"], "iso3"])


def parse_date(value: str | dt.date | pd.Timestamp) -> dt.date:
    """Return ``value`` as a :class:`datetime.date`.

    Raises
    ------
    ValueError
        If a string is not an ISO date ``YYYY-MM-DD``.

    Examples
    --------
    >>> parse_date("2011-09-01")
    datetime.date(2011, 9, 1)

    """
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"malformed date {value!r}: expected YYYY-MM-DD") from None


def format_day(value: str | dt.date | pd.Timestamp, *, short: bool = False,
               sep: str = " ") -> str:
    """Write a day as the book does: "27 May 1997", the day without a leading zero.

    Built without the ``%-d`` directive of ``strftime``, which only glibc knows.

    Parameters
    ----------
    value : str, datetime.date or pandas.Timestamp
        The day (an ISO string is parsed with :func:`parse_date`).
    short : bool
        Abbreviate the month ("27 May 1997", "1 Jun 1992").
    sep : str
        Between day, month and year (e.g. a no-break space, to keep a date on one line).

    Examples
    --------
    >>> format_day("1997-05-27"), format_day(dt.date(1992, 6, 1), short=True)
    ('27 May 1997', '1 Jun 1992')
    """
    day = parse_date(value)
    return sep.join((str(day.day), f"{day:%b}" if short else f"{day:%B}", str(day.year)))


def orgs_of(bloc: str, events: pd.DataFrame | None = None) -> tuple[str, ...]:
    """Return the organisations of ``bloc``.

    Raises
    ------
    ValueError
        If ``bloc`` is neither a bloc nor an organisation code.

    """
    if bloc in BLOCS:
        return BLOCS[bloc]
    known = set(events["org"]) if events is not None else set(ORG_NAMES)
    if bloc in known:
        return (bloc,)
    raise ValueError(f"unknown bloc {bloc!r}: choose one of "
                     f"{', '.join(sorted(set(BLOCS) | known))}")


def _as_of(events: pd.DataFrame, orgs: tuple[str, ...], on: dt.date) -> pd.DataFrame:
    rank = {org: i for i, org in enumerate(orgs)}
    sel = events[events["org"].isin(orgs) & (events["date"] <= pd.Timestamp(on))].copy()
    sel["_rank"] = sel["org"].map(rank)
    return sel.sort_values(["date", "_rank"], kind="stable")


def framework(bloc: str, on: str | dt.date, events: pd.DataFrame | None = None) -> str | None:
    """Name the legal framework of ``bloc`` in force on ``on``.

    Examples
    --------
    >>> framework("csto", "1993-01-01")
    'Collective Security Treaty (signed 1992-05-15)'
    >>> framework("csto", "2011-09-01")
    'Collective Security Treaty Organization (in force since 2003-09-18)'

    """
    events = io.load_events() if events is None else events
    on = parse_date(on)
    org_rows = _as_of(events, orgs_of(bloc, events), on)
    org_rows = org_rows[org_rows["iso3"].isna() & org_rows["status"].isin(["signed", "active"])]
    if org_rows.empty:
        return None
    last = org_rows.iloc[-1]
    how = _EVENT_WORDS.get(last["event"], last["event"].replace("_", " "))
    return f"{ORG_NAMES.get(last['org'], last['org'])} ({how} {last['date']:%Y-%m-%d})"


def members(bloc: str, on: str | dt.date, events: pd.DataFrame | None = None) -> Roster:
    """Return the roster of ``bloc`` on day ``on``.

    Parameters
    ----------
    bloc : str
        ``"nato"``, ``"csto"`` or any organisation code of the event table.
    on : str or datetime.date
        The day (``YYYY-MM-DD``). Events dated on that day already apply.
    events : pandas.DataFrame, optional
        Event table; default :func:`alliances.io.load_events`.

    Returns
    -------
    Roster

    Examples
    --------
    >>> members("nato", "2011-09-01").count
    28
    >>> r = members("csto", "2011-09-01")
    >>> r.count, r.framework.split(" (")[0]
    (7, 'Collective Security Treaty Organization')
    >>> members("csto", "2024-06-01").table.set_index("iso3").loc["ARM", "status"]
    'frozen'

    """
    events = io.load_events() if events is None else events
    on = parse_date(on)
    days, rosters = _timeline(bloc, events)
    i = bisect.bisect_right(days, on) - 1
    if i < 0:
        return _roster(bloc, on, events)
    roster = rosters[i]
    return replace(roster, on=on, table=roster.table.copy())


#: Rosters of each bloc on each of its event days, keyed on the event table's content.
_TIMELINES: dict[tuple[str, str], tuple[list[dt.date], list[Roster]]] = {}


def _timeline(bloc: str, events: pd.DataFrame) -> tuple[list[dt.date], list[Roster]]:
    """Return the bloc's event days and its roster on each (membership is constant between)."""
    # The table's pickle, hashed, identifies its content (equal bytes, equal table) at a tenth
    # of the cost of pandas' row hashing, which took most of the time of members().
    key = (hashlib.sha1(pickle.dumps(events, protocol=5)).hexdigest(), bloc)
    if key not in _TIMELINES:
        if len(_TIMELINES) > 32:
            _TIMELINES.clear()
        orgs = orgs_of(bloc, events)
        days = sorted({d.date() for d in events.loc[events["org"].isin(orgs), "date"]})
        _TIMELINES[key] = (days, [_roster(bloc, d, events) for d in days])
    return _TIMELINES[key]


def _roster(bloc: str, on: dt.date, events: pd.DataFrame) -> Roster:
    orgs = orgs_of(bloc, events)
    rows = _as_of(events, orgs, on)
    rows = rows[rows["iso3"].notna()].groupby("iso3", sort=True).tail(1)
    rows = rows[rows["status"].isin(LISTED)]
    names = io.load_states().set_index("iso3")["name"]
    table = pd.DataFrame({
        "iso3": rows["iso3"].to_numpy(),
        "name": rows["iso3"].map(names).to_numpy(),
        "status": rows["status"].to_numpy(),
        "since": rows["date"].dt.date.to_numpy(),
        "event": rows["event"].to_numpy(),
        "counted": rows["status"].isin(COUNTED).to_numpy(),
    }).sort_values("iso3").reset_index(drop=True)
    rule = RULES.get(bloc, f"A state counts from its joining event in "
                           f"{ORG_NAMES.get(bloc, bloc)}.")
    return Roster(bloc, on, framework(bloc, on, events), rule, table)


def change_dates(bloc: str, events: pd.DataFrame | None = None) -> list[dt.date]:
    """Return the sorted days on which a state's status in ``bloc`` changed."""
    events = io.load_events() if events is None else events
    sel = events[events["org"].isin(orgs_of(bloc, events)) & events["iso3"].notna()]
    return sorted({d.date() for d in sel["date"]})


def counts(bloc: str, start: str | dt.date, end: str | dt.date, *, freq: str = "YS",
           events: pd.DataFrame | None = None) -> pd.Series:
    """Count the members of ``bloc`` on a regular calendar between two days.

    Parameters
    ----------
    bloc : str
        Bloc or organisation code.
    start, end : str or datetime.date
        First and last day (inclusive).
    freq : str
        pandas offset alias; ``"YS"`` (default) counts on every 1 January.

    Returns
    -------
    pandas.Series
        Counted members, indexed by date.

    Examples
    --------
    >>> counts("nato", "1990-01-01", "2025-01-01", freq="5YS").tolist()
    [16, 16, 19, 26, 28, 28, 29, 32]

    """
    events = io.load_events() if events is None else events
    days = pd.date_range(parse_date(start), parse_date(end), freq=freq)
    return pd.Series([members(bloc, d.date(), events).count for d in days],
                     index=days, name=f"{bloc}_members")


def matrix(on: str | dt.date, orgs: tuple[str, ...] | None = None,
           events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a states x organisations table of statuses on day ``on``.

    Cells hold the status (``member``, ``suspended``, ...) or an empty string.
    Rows are all states of the reference list; columns the organisations.
    """
    events = io.load_events() if events is None else events
    orgs = orgs or tuple(o for o in ORG_NAMES if o in set(events["org"]))
    states = io.load_states().set_index("iso3")
    out = pd.DataFrame("", index=states.index, columns=list(orgs))
    for org in orgs:
        roster = members(org, on, events).table
        out.loc[roster["iso3"], org] = roster["status"].to_numpy()
    return out


def step_counts(bloc: str, start: str | dt.date, end: str | dt.date,
                events: pd.DataFrame | None = None) -> pd.Series:
    """Count members on ``start``, on every day membership changed, and on ``end``.

    The result is a step function: the count holds from each date until the next.

    Examples
    --------
    >>> step_counts("nato", "2000-01-01", "2010-01-01").tolist()
    [19, 26, 28, 28]

    """
    events = io.load_events() if events is None else events
    first, last = parse_date(start), parse_date(end)
    days = sorted({first, last} | {d for d in change_dates(bloc, events) if first < d < last})
    return pd.Series([members(bloc, d, events).count for d in days],
                     index=pd.DatetimeIndex(days), name=f"{bloc}_members")


def waves(bloc: str, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """List the days on which states joined ``bloc``, with who joined and the new size.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``joined`` (names, comma-separated), ``n_joined``, ``members_after``.

    Examples
    --------
    >>> w = waves("nato")
    >>> int(w.iloc[0]["n_joined"]), int(w.iloc[-1]["members_after"])
    (12, 32)

    """
    events = io.load_events() if events is None else events
    rows = []
    for day in change_dates(bloc, events):
        before = set(members(bloc, day - dt.timedelta(days=1), events).iso3)
        roster = members(bloc, day, events)
        new = roster.table[roster.table["iso3"].isin(set(roster.iso3) - before)]
        if len(new):
            rows.append({"date": day, "joined": ", ".join(sorted(new["name"])),
                         "n_joined": len(new), "members_after": roster.count})
    return pd.DataFrame(rows)


def disagreements(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the events whose note records that sources disagree on the date.

    Examples
    --------
    >>> sorted(disagreements()["org"].unique())
    ['cst', 'csto', 'guam', 'pfp', 'pjc']
    """
    events = io.load_events() if events is None else events
    hit = events["note"].fillna("").str.contains("disagree")
    return events.loc[hit, ["org", "iso3", "event", "date", "source", "note"]].reset_index(
        drop=True)


def _periods(rows: pd.DataFrame, key: str, until: dt.date, open_statuses: set[str]) -> list[dict]:
    out = []
    for ident, group in rows.groupby(key, sort=False):
        current = None
        for row in group.sort_values("date", kind="stable").itertuples():
            day = row.date.date()
            if current is not None:
                if current["status"] == row.status:
                    continue
                current["end"] = day
                out.append(current)
                current = None
            if row.status in open_statuses:
                current = {key: ident, "status": row.status, "start": day, "end": until}
        if current is not None:
            out.append(current)
    return out


def state_periods(bloc: str, until: str | dt.date | None = None,
                  events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return each state's periods in ``bloc``, by status, for a timeline.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``name``, ``status``, ``start``, ``end`` (``end`` is ``until`` for a
        period still running; default :data:`EVENTS_CHECKED_ON`).

    Examples
    --------
    >>> p = state_periods("csto")
    >>> p[p["iso3"] == "UZB"]["status"].tolist()
    ['signatory', 'member', 'member', 'suspended']
    """
    events = io.load_events() if events is None else events
    until = parse_date(until) if until else EVENTS_CHECKED_ON
    rank = {org: i for i, org in enumerate(orgs_of(bloc, events))}
    rows = events[events["org"].isin(rank) & events["iso3"].notna()].copy()
    rows["_rank"] = rows["org"].map(rank)
    rows = rows.sort_values(["date", "_rank"], kind="stable")
    table = pd.DataFrame(_periods(rows, "iso3", until, set(LISTED)),
                         columns=["iso3", "status", "start", "end"])
    table.insert(1, "name", table["iso3"].map(io.load_states().set_index("iso3")["name"]))
    return table.sort_values(["start", "iso3"], kind="stable").reset_index(drop=True)


def framework_periods(orgs: tuple[str, ...], until: str | dt.date | None = None,
                      events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the periods in which each organisation or framework was active or suspended.

    Returns
    -------
    pandas.DataFrame
        ``org``, ``name``, ``status`` (``active``, ``suspended``, ``dialogue`` —
        practical cooperation suspended, political dialogue kept — or ``signed``),
        ``start``, ``end``.

    Examples
    --------
    >>> p = framework_periods(("nacc", "eapc"))
    >>> [(r.org, r.start.year, r.end.year) for r in p.itertuples()]
    [('nacc', 1991, 1997), ('eapc', 1997, 2026)]
    """
    events = io.load_events() if events is None else events
    until = parse_date(until) if until else EVENTS_CHECKED_ON
    rows = events[events["org"].isin(orgs) & events["iso3"].isna()]
    table = pd.DataFrame(_periods(rows, "org", until,
                                  {"active", "suspended", "dialogue", "signed"}),
                         columns=["org", "status", "start", "end"])
    table.insert(1, "name", table["org"].map(ORG_NAMES))
    order = {org: i for i, org in enumerate(orgs)}
    return table.sort_values(["org", "start"], key=lambda c: c.map(order) if c.name == "org"
                             else c, kind="stable").reset_index(drop=True)
