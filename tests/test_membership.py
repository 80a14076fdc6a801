"""Membership on a date: purpose-made events and the real curated table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alliances import io
from alliances.measures import membership


# --------------------------------------------------------------------- toy events
def test_member_from_the_exact_day(toy_events):
    assert "POL" not in membership.members("nato", "2005-06-14", toy_events).iso3
    assert "POL" in membership.members("nato", "2005-06-15", toy_events).iso3


def test_bloc_spans_treaty_and_organisation(toy_events):
    before = membership.members("csto", "2001-06-01", toy_events)
    assert before.count == 3
    assert set(before.table["status"]) == {"signatory"}
    assert before.framework.startswith("Collective Security Treaty (signed")
    after = membership.members("csto", "2004-01-01", toy_events)
    assert after.framework.startswith("Collective Security Treaty Organization")
    assert after.iso3 == ["BLR", "RUS"]


def test_exit_return_suspension_freeze(toy_events):
    assert "UZB" not in membership.members("csto", "2003-01-01", toy_events).table["iso3"].tolist()
    assert "UZB" in membership.members("csto", "2006-01-01", toy_events).iso3
    later = membership.members("csto", "2009-06-01", toy_events)
    status = later.table.set_index("iso3")["status"]
    assert status["UZB"] == "suspended" and "UZB" not in later.iso3  # listed, not counted
    assert status["BLR"] == "frozen" and "BLR" in later.iso3  # still a party
    assert later.count == 2


def test_before_the_bloc_existed(toy_events):
    roster = membership.members("csto", "1999-01-01", toy_events)
    assert roster.count == 0 and roster.framework is None


def test_rule_is_stated(toy_events):
    assert "accession" in membership.members("nato", "2011-01-01", toy_events).rule
    assert "suspended" in membership.members("csto", "2011-01-01", toy_events).rule


def test_counts_and_steps(toy_events):
    yearly = membership.counts("nato", "2004-01-01", "2011-01-01", events=toy_events)
    assert yearly.tolist() == [1, 1, 2, 2, 2, 2, 3, 3]  # Poland mid-2005, Finland mid-2009
    steps = membership.step_counts("csto", "2000-01-01", "2010-01-01", events=toy_events)
    assert steps.tolist() == [0, 3, 3, 2, 2, 3, 2, 2, 2]


def test_waves(toy_events):
    w = membership.waves("nato", toy_events)
    assert w["members_after"].tolist() == [1, 2, 3]
    assert w["joined"].iloc[1] == "Poland"


def test_matrix(toy_events):
    m = membership.matrix("2009-06-01", ("nato", "csto"), toy_events)
    assert m.loc["USA", "nato"] == "member" and m.loc["USA", "csto"] == ""
    assert m.loc["UZB", "csto"] == "suspended"


def test_unknown_bloc(toy_events):
    with pytest.raises(ValueError, match="unknown bloc 'nsto'"):
        membership.members("nsto", "2000-01-01", toy_events)


@pytest.mark.parametrize("bad", ["2011-13-01", "yesterday", "2011/09/01"])
def test_malformed_date(bad):
    with pytest.raises(ValueError, match="malformed date"):
        membership.parse_date(bad)


# --------------------------------------------------------------------- real data
@pytest.mark.parametrize(("day", "nato", "csto"), [
    ("1949-08-23", 0, 0),
    ("1949-08-24", 12, 0),
    ("1982-05-30", 16, 0),
    ("1992-05-15", 16, 6),    # Tashkent signature
    ("1994-04-20", 16, 9),    # entry into force, nine parties
    ("1999-04-20", 19, 6),    # Azerbaijan, Georgia, Uzbekistan gone
    ("2004-03-29", 26, 6),
    ("2006-08-16", 26, 7),    # Uzbekistan back
    ("2011-09-01", 28, 7),    # the thesis's vantage point
    ("2012-12-19", 28, 6),    # Uzbekistan suspended
    ("2023-04-04", 31, 6),    # Finland
    ("2024-03-07", 32, 6),    # Sweden
])
def test_real_counts(day, nato, csto):
    assert membership.members("nato", day).count == nato
    assert membership.members("csto", day).count == csto


def test_thesis_counts_hold():
    # the thesis: twelve founders, "then sixteen members" when PfP began, 28 since 2009,
    # and seven CSTO members in 2011
    assert membership.members("nato", "1949-08-24").count == 12
    assert membership.members("nato", "1994-01-10").count == 16
    assert membership.members("nato", dt.date(2011, 9, 1)).count == 28
    assert membership.members("csto", dt.date(2011, 9, 1)).iso3 == [
        "ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]


def test_armenia_frozen_uzbekistan_suspended_today():
    roster = membership.members("csto", membership.EVENTS_CHECKED_ON)
    status = roster.table.set_index("iso3")["status"]
    assert status["ARM"] == "frozen" and status["UZB"] == "suspended"
    assert roster.count == 6


def test_every_nato_member_has_one_joining_event():
    w = membership.waves("nato")
    assert w["n_joined"].sum() == 32 and w["members_after"].is_monotonic_increasing


def test_frameworks_partner_status():
    pfp = membership.members("pfp", "2011-09-01")
    assert {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"} <= set(pfp.iso3)


def test_rosters_follow_the_event_table_they_are_given():
    """The rosters kept per event table (membership._timeline) are keyed on its content: an
    edited copy, or the same table edited in place, is never answered from the cache."""
    events = io.load_events()
    assert membership.members("nato", "2024-06-01", events).count == \
        membership.members("nato", "2024-06-01").count
    sweden = events.index[(events["org"] == "nato") & (events["iso3"] == "SWE")
                          & (events["status"] == "member")]
    assert len(sweden) == 1
    before = membership.members("nato", "2024-06-01", events).count
    edited = events.copy()
    edited.loc[sweden, "date"] = pd.Timestamp("2025-01-01")  # same shape, later accession
    assert membership.members("nato", "2024-06-01", edited).count == before - 1
    events.loc[sweden, "date"] = pd.Timestamp("2025-01-01")  # the same object, in place
    assert membership.members("nato", "2024-06-01", events).count == before - 1
    assert membership.members("nato", "2024-06-01").count == before  # the file is unchanged
