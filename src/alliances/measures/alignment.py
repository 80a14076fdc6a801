"""Alignment in the UN General Assembly: how often two states vote alike.

The data are Erik Voeten's recorded votes of the General Assembly (``data/unvotes/``,
1992-2019): one row per roll call, one column per state, each cell ``y`` (yes), ``n`` (no),
``a`` (abstain) or empty (no recorded vote: absent, or not a member). Two measures are
standard in the study of UN voting:

*coincidence*
    identical votes ÷ (identical + opposite), counting only roll calls on which both
    states voted yes or no; abstentions and absences are left out. This is the method of
    the US State Department's annual reports *Voting Practices in the United Nations*.
*agreement index*
    over the roll calls on which both states cast a vote (yes, no or abstain), 1 for the
    same vote, 0.5 when one abstains and the other does not, 0 for opposite votes, averaged
    (Lijphart's index of agreement).

Because most resolutions pass by large majorities, nearly every state agrees with nearly
every other most of the time. Each figure therefore comes with the number of votes behind it
and with a baseline, the median of the same measure between the partner and every other
state voting that period; and it can be restricted to the votes on which the partner (a
bloc leader, Russia or the United States) was in the minority, or to one of the data's
issue codes (:data:`alliances.schemas.UN_ISSUES`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from alliances import io
from alliances.paths import data_dir
from alliances.schemas import UN_ISSUES

#: Numeric code of each vote: yes 1, abstain 0, no -1 (missing: NaN).
VOTE_VALUES = {"y": 1.0, "a": 0.0, "n": -1.0}
#: Fewest votes a state must share with the partner to enter the world baseline.
MIN_BASELINE_VOTES = 5
#: Subsets of roll calls a measure can be restricted to.
SUBSETS = ("all", "minority")


def _codes(votes) -> np.ndarray:
    """Return votes (``'y'``, ``'n'``, ``'a'``, missing) as floats 1, -1, 0, NaN.

    Votes already coded as numbers are returned as floats unchanged.
    """
    values = np.asarray(votes)
    if values.dtype.kind in "fiu":
        return values.astype(float)
    values = values.astype(object)
    out = np.full(values.shape, np.nan)
    for code, number in VOTE_VALUES.items():
        out[values == code] = number
    return out


_NUMERIC: dict[tuple, pd.DataFrame] = {}


def coded_votes() -> pd.DataFrame:
    """Return the votes table with each vote coded as a number (:data:`VOTE_VALUES`).

    Computed once per process while ``data/unvotes/votes.csv`` is unchanged.
    """
    path = data_dir() / "unvotes" / "votes.csv"
    key = (str(path), path.stat().st_mtime_ns, path.stat().st_size)
    if key not in _NUMERIC:
        votes = io.load_un_votes()
        codes = votes.drop(columns="rcid")
        _NUMERIC.clear()
        _NUMERIC[key] = pd.concat([votes[["rcid"]], pd.DataFrame(
            _codes(codes.to_numpy()), columns=codes.columns, index=votes.index)], axis=1)
    return _NUMERIC[key]


def coincidence(a, b) -> tuple[float, int]:
    """Return the voting coincidence of two states and the number of votes behind it.

    Parameters
    ----------
    a, b : sequence of str or None
        The two states' votes on the same roll calls: ``'y'``, ``'n'``, ``'a'`` or missing.

    Returns
    -------
    tuple of (float, int)
        Identical ÷ (identical + opposite) over the roll calls on which both voted yes or
        no, and that number of roll calls; the share is NaN when there are none.

    Examples
    --------
    >>> coincidence(["y", "y", "n", "a", None], ["y", "n", "n", "y", "y"])
    (0.6666666666666666, 3)
    >>> coincidence(["a", "a"], ["a", "y"])
    (nan, 0)
    """
    x, y = _codes(a), _codes(b)
    both = (np.abs(x) == 1) & (np.abs(y) == 1)
    n = int(both.sum())
    return (float((x[both] == y[both]).mean()) if n else float("nan")), n


def agreement(a, b) -> tuple[float, int]:
    """Return the agreement index of two states and the number of votes behind it.

    Parameters
    ----------
    a, b : sequence of str or None
        The two states' votes on the same roll calls: ``'y'``, ``'n'``, ``'a'`` or missing.

    Returns
    -------
    tuple of (float, int)
        The mean over roll calls on which both cast a vote of 1 (same vote), 0.5 (one
        abstains) or 0 (opposite votes), and that number of roll calls; NaN when none.

    Examples
    --------
    >>> agreement(["y", "y", "n", "a", None], ["y", "n", "n", "y", "y"])
    (0.625, 4)
    >>> agreement(["a", "a"], ["a", "a"])
    (1.0, 2)
    """
    x, y = _codes(a), _codes(b)
    both = ~np.isnan(x) & ~np.isnan(y)
    n = int(both.sum())
    return (float((1 - np.abs(x[both] - y[both]) / 2).mean()) if n else float("nan")), n


def minority_votes(votes: pd.DataFrame, partner: str) -> pd.Series:
    """Return, per roll call, whether ``partner`` voted yes or no and was outvoted.

    Outvoted means that fewer states voted as the partner did than voted the other way
    (abstentions and absences are not counted); a tie is not a minority.

    Parameters
    ----------
    votes : pandas.DataFrame
        The votes table (:func:`alliances.io.load_un_votes`).
    partner : str
        ISO alpha-3 code of the state.

    Returns
    -------
    pandas.Series
        Boolean, indexed by ``rcid``.
    """
    frame = votes.set_index("rcid")
    values = pd.DataFrame(_codes(frame.to_numpy()), index=frame.index, columns=frame.columns)
    yes = (values == 1).sum(axis=1)
    no = (values == -1).sum(axis=1)
    mine = values[partner]
    return ((mine == 1) & (yes < no)) | ((mine == -1) & (no < yes))


@dataclass(frozen=True)
class Alignment:
    """How closely ``state`` voted with ``partner`` over some roll calls.

    Attributes
    ----------
    state, partner : str
        ISO alpha-3 codes.
    first_year, last_year : int
    subset : str
        ``'all'`` roll calls, or those on which the partner was in the ``'minority'``.
    issue : str or None
        Issue code the roll calls were restricted to, if any.
    roll_calls : int
        Roll calls in the selection (whether or not both states voted).
    coincidence : float
        Identical ÷ (identical + opposite), yes/no votes only (NaN if none).
    identical, opposite : int
    agreement : float
        Agreement index over the votes both cast (NaN if none).
    n_agreement : int
        Roll calls on which both cast a vote.
    world_coincidence, world_agreement : float
        Median of each measure between the partner and every other state with at least
        :data:`MIN_BASELINE_VOTES` votes behind it.
    world_states : int
        States in the coincidence baseline.
    """

    state: str
    partner: str
    first_year: int
    last_year: int
    subset: str
    issue: str | None
    roll_calls: int
    coincidence: float
    identical: int
    opposite: int
    agreement: float
    n_agreement: int
    world_coincidence: float
    world_agreement: float
    world_states: int

    @property
    def n_coincidence(self) -> int:
        """Roll calls behind the coincidence (identical + opposite)."""
        return self.identical + self.opposite

    def as_dict(self) -> dict:
        """Return the fields and ``n_coincidence`` as a plain dict (NaN as ``None``)."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["n_coincidence"] = self.n_coincidence
        return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in out.items()}


def years() -> tuple[int, int]:
    """Return the first and last year of the roll calls in the extract."""
    calls = io.load_roll_calls()
    span = calls["date"].str[:4].astype(int)
    return int(span.min()), int(span.max())


def states() -> list[str]:
    """Return the ISO alpha-3 codes of every state with a column in the extract."""
    return [c for c in coded_votes().columns if c != "rcid"]


def selection(first_year: int, last_year: int | None = None, *, issue: str | None = None,
              minority_of: str | None = None) -> pd.DataFrame:
    """Return the votes table restricted to some roll calls, votes coded as numbers.

    Parameters
    ----------
    first_year, last_year : int
        Calendar years, inclusive (``last_year`` defaults to ``first_year``).
    issue : str, optional
        Keep roll calls with this issue code (:data:`alliances.schemas.UN_ISSUES`).
    minority_of : str, optional
        Keep roll calls on which this state was outvoted (:func:`minority_votes`).

    Raises
    ------
    ValueError
        For years outside the data or an unknown issue code.
    """
    last_year = first_year if last_year is None else last_year
    calls = io.load_roll_calls()
    year = calls["date"].str[:4].astype(int)
    lo, hi = int(year.min()), int(year.max())
    if not (lo <= first_year <= last_year <= hi):
        raise ValueError(f"years {first_year}-{last_year} are outside the data "
                         f"({lo}-{hi}, UN General Assembly, Voeten)")
    if issue is not None and issue not in UN_ISSUES:
        raise ValueError(f"unknown issue code {issue!r}: one of {', '.join(UN_ISSUES)}")
    keep = calls.loc[year.between(first_year, last_year), ["rcid", "issues"]]
    if issue is not None:
        keep = keep[keep["issues"].fillna("").str.split(";").apply(lambda c: issue in c)]
    votes = coded_votes()
    votes = votes[votes["rcid"].isin(keep["rcid"])]
    if minority_of is not None:
        outvoted = minority_votes(votes, minority_of)
        votes = votes[votes["rcid"].map(outvoted).fillna(False).to_numpy(dtype=bool)]
    return votes


def _baseline(votes: pd.DataFrame, partner: str) -> tuple[float, float, int]:
    """Median coincidence and agreement of every other state with ``partner``."""
    values = votes.drop(columns="rcid")
    values = pd.DataFrame(_codes(values.to_numpy()), columns=values.columns)
    mine = values.pop(partner).to_numpy()[:, None]
    other = values.to_numpy()
    yn = (np.abs(other) == 1) & (np.abs(mine) == 1)
    n_yn = yn.sum(axis=0)
    same = ((other == mine) & yn).sum(axis=0)
    cast = ~np.isnan(other) & ~np.isnan(mine)
    n_cast = cast.sum(axis=0)
    score = np.where(cast, 1 - np.abs(np.nan_to_num(other) - np.nan_to_num(mine)) / 2, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        coinc = np.where(n_yn >= MIN_BASELINE_VOTES, same / n_yn, np.nan)
        agree = np.where(n_cast >= MIN_BASELINE_VOTES, score.sum(axis=0) / n_cast, np.nan)
    n = int((~np.isnan(coinc)).sum())
    return _median(coinc), _median(agree), n


def _median(values: np.ndarray) -> float:
    return float(np.nanmedian(values)) if (~np.isnan(values)).any() else float("nan")


def pair(state: str, partner: str, first_year: int, last_year: int | None = None, *,
         issue: str | None = None, minority: bool = False) -> Alignment:
    """Return how closely ``state`` voted with ``partner`` in the General Assembly.

    Parameters
    ----------
    state, partner : str
        ISO alpha-3 codes of two states in the extract.
    first_year, last_year : int
        Calendar years, inclusive (``last_year`` defaults to ``first_year``).
    issue : str, optional
        Restrict to roll calls with this issue code.
    minority : bool
        Restrict to roll calls on which ``partner`` was outvoted.

    Returns
    -------
    Alignment

    Raises
    ------
    ValueError
        For an unknown state code, years outside the data, or an unknown issue code.
    """
    known = set(states())
    for code in (state, partner):
        if code not in known:
            raise ValueError(f"unknown state code {code!r}: not in the UN votes extract "
                             "(ISO alpha-3, e.g. KAZ, RUS, USA)")
    last_year = first_year if last_year is None else last_year
    votes = selection(first_year, last_year, issue=issue,
                      minority_of=partner if minority else None)
    return _alignment(votes, state, partner, first_year, last_year,
                      "minority" if minority else "all", issue, _baseline(votes, partner))


def _alignment(votes: pd.DataFrame, state: str, partner: str, first_year: int,
               last_year: int, subset: str, issue: str | None,
               baseline: tuple[float, float, int]) -> Alignment:
    c, n_c = coincidence(votes[state], votes[partner])
    a, n_a = agreement(votes[state], votes[partner])
    identical = round(c * n_c) if n_c else 0
    return Alignment(state, partner, first_year, last_year, subset, issue, len(votes), c,
                     identical, n_c - identical, a, n_a, *baseline)


def yearly(state_codes, partner: str, first_year: int, last_year: int, *,
           minority: bool = False) -> pd.DataFrame:
    """Return each state's alignment with ``partner``, year by year, with the baseline.

    Parameters
    ----------
    state_codes : iterable of str
        ISO alpha-3 codes.
    partner : str
        ISO alpha-3 code of the partner (e.g. ``'RUS'`` or ``'USA'``).
    first_year, last_year : int
        Inclusive range of years.
    minority : bool
        Restrict to roll calls on which the partner was outvoted.

    Returns
    -------
    pandas.DataFrame
        One row per state and year: ``year``, ``iso3``, ``partner``, ``subset``,
        ``coincidence``, ``n_coincidence``, ``agreement``, ``n_agreement``,
        ``world_coincidence``, ``world_agreement``, ``world_states``.
    """
    rows = []
    codes = list(state_codes)
    for year in range(first_year, last_year + 1):
        votes = selection(year, minority_of=partner if minority else None)
        baseline = _baseline(votes, partner)
        subset = "minority" if minority else "all"
        for code in codes:
            found = _alignment(votes, code, partner, year, year, subset, None,
                               baseline).as_dict()
            rows.append({"year": year, "iso3": code, **{k: found[k] for k in (
                "partner", "subset", "coincidence", "n_coincidence", "agreement",
                "n_agreement", "world_coincidence", "world_agreement", "world_states")}})
    return pd.DataFrame(rows)


#: Each bloc's leader, the partner its members' votes are compared with.
LEADERS = {"nato": "USA", "csto": "RUS"}


def bloc_alignment(bloc: str, first_year: int, last_year: int, *,
                   minority: bool = False) -> pd.DataFrame:
    """Return how each member of ``bloc`` voted with the bloc's leader, year by year.

    Members in year *Y* are the counted members on 31 December of *Y*
    (:func:`alliances.measures.membership.members`; for the CSTO that includes the Collective
    Security Treaty's members before 2002), less the leader (:data:`LEADERS`).

    Parameters
    ----------
    bloc : str
        ``'nato'`` or ``'csto'``.
    first_year, last_year : int
        Inclusive range of years within the data.
    minority : bool
        Only roll calls on which the leader was outvoted.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`yearly` plus ``bloc``: one row per member and year, with the
        world median (between the leader and every other state) repeated on each row.
    """
    from alliances.measures import membership

    leader = LEADERS[bloc]
    known = set(states())
    frames = []
    for year in range(first_year, last_year + 1):
        roster = membership.members(bloc, f"{year}-12-31")
        codes = [c for c in roster.iso3 if c != leader and c in known]
        if codes:
            frames.append(yearly(codes, leader, year, year, minority=minority))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "bloc", bloc)
    return out


def bloc_summary(table: pd.DataFrame, measure: str = "coincidence") -> pd.DataFrame:
    """Return, per year, the median member's ``measure`` and the world median.

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`bloc_alignment`.
    measure : str
        ``'coincidence'`` or ``'agreement'``.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``members`` (counted members with a figure), ``median``, ``low``
        and ``high`` (the lowest and highest member), ``world`` (the world median).
    """
    grouped = table.dropna(subset=[measure]).groupby("year")
    return pd.DataFrame({
        "members": grouped[measure].size(),
        "median": grouped[measure].median(),
        "low": grouped[measure].min(),
        "high": grouped[measure].max(),
        "world": grouped[f"world_{measure}"].first(),
    })


def members_with_leader(bloc: str, first_year: int, last_year: int, *,
                        issue: str | None = None, minority: bool = False) -> pd.DataFrame:
    """Return each member's alignment with its bloc's leader, pooled over a period.

    Members are the bloc's counted members on 31 December of ``last_year``, less the leader.

    Parameters
    ----------
    bloc : str
        ``'nato'`` or ``'csto'``.
    first_year, last_year : int
        The period, inclusive.
    issue : str, optional
        Only roll calls with this issue code.
    minority : bool
        Only roll calls on which the leader was outvoted.

    Returns
    -------
    pandas.DataFrame
        One row per member: the fields of :class:`Alignment` (``state``, ``coincidence``,
        ``n_coincidence``, ``world_coincidence``, ...).
    """
    from alliances.measures import membership

    leader = LEADERS[bloc]
    known = set(states())
    codes = [c for c in membership.members(bloc, f"{last_year}-12-31").iso3
             if c != leader and c in known]
    # what pair() gives for each member, with the roll calls and the world median taken once
    votes = selection(first_year, last_year, issue=issue,
                      minority_of=leader if minority else None)
    baseline = _baseline(votes, leader)
    subset = "minority" if minority else "all"
    return pd.DataFrame([_alignment(votes, c, leader, first_year, last_year, subset, issue,
                                    baseline).as_dict() for c in codes])


def period_summary(bloc: str, first_year: int, last_year: int, *, issue: str | None = None,
                   minority: bool = False) -> dict:
    """Return the median, lowest and highest member's coincidence with the leader (percent).

    Parameters are those of :func:`members_with_leader`. The result also gives the number of
    roll calls in the selection, the members counted, the world median (percent) and the
    median number of yes/no votes behind a member's figure.
    """
    pooled = members_with_leader(bloc, first_year, last_year, issue=issue, minority=minority)
    return {"bloc": bloc, "period": f"{first_year}–{last_year}",
            "votes": "leader outvoted" if minority else "all recorded votes",
            "issue": issue, "roll_calls": int(pooled["roll_calls"].iloc[0]),
            "members": len(pooled),
            "median_member_pct": 100 * pooled["coincidence"].median(),
            "lowest_pct": 100 * pooled["coincidence"].min(),
            "highest_pct": 100 * pooled["coincidence"].max(),
            "world_pct": 100 * pooled["world_coincidence"].iloc[0],
            "median_votes": pooled["n_coincidence"].median()}


def periods_table(periods, blocs=("csto", "nato")) -> pd.DataFrame:
    """Return :func:`period_summary` for each bloc and period, on all votes and outvoted ones.

    Parameters
    ----------
    periods : sequence of (int, int)
        First and last year of each period.
    blocs : sequence of str
        Blocs, in the order of the rows.
    """
    return pd.DataFrame([period_summary(bloc, first, last, minority=minority)
                         for bloc in blocs for first, last in periods
                         for minority in (False, True)])


def issues_table(first_year: int, last_year: int, blocs=("csto", "nato")) -> pd.DataFrame:
    """Return, per issue code, each bloc's median member and the world median (percent).

    Columns: ``issue`` (its name), ``roll_calls``, and per bloc ``<bloc>_median_member_pct``,
    ``<bloc>_world_pct`` and ``<bloc>_gap`` (median member minus world, points); rows sorted
    by the first bloc's median member, highest first.
    """
    rows = []
    for code, name in UN_ISSUES.items():
        row = {"issue": name}
        for bloc in blocs:
            found = period_summary(bloc, first_year, last_year, issue=code)
            row["roll_calls"] = found["roll_calls"]
            row[f"{bloc}_median_member_pct"] = found["median_member_pct"]
            row[f"{bloc}_world_pct"] = found["world_pct"]
            row[f"{bloc}_gap"] = found["median_member_pct"] - found["world_pct"]
        rows.append(row)
    return (pd.DataFrame(rows).sort_values(f"{blocs[0]}_median_member_pct", ascending=False)
            .reset_index(drop=True))
