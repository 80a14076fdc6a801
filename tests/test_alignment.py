"""UN General Assembly alignment: measures on hand-made cases, the extract against the raw
data, and the command line."""

from __future__ import annotations

import csv
import json
import math

import pandas as pd
import pytest

from alliances import io
from alliances.measures import alignment
from alliances.paths import data_dir, default_mirror
from alliances.tooling import build

from .conftest import requires
from .test_cli import run

MIRROR = default_mirror()
needs_mirror = requires(
    MIRROR is not None and MIRROR.is_dir(),
    "no raw mirror: set ALLIANCES_RAW_MIRROR or place shared/data/raw beside the repo")


# ----------------------------------------------------------------------------- measures
def test_coincidence_counts_yes_no_only():
    # identical: 1st and 3rd; opposite: 2nd; abstention (4th) and absence (5th) left out
    assert alignment.coincidence(["y", "y", "n", "a", None], ["y", "n", "n", "y", "y"]) == (
        pytest.approx(2 / 3), 3)


def test_agreement_gives_half_for_one_abstention():
    # 1 + 0 + 1 + 0.5 over four votes both cast; the absence is left out
    assert alignment.agreement(["y", "y", "n", "a", None], ["y", "n", "n", "y", "y"]) == (
        pytest.approx(2.5 / 4), 4)


def test_pair_with_only_abstentions():
    value, n = alignment.coincidence(["a", "a", "a"], ["a", "y", "n"])
    assert n == 0 and math.isnan(value)
    # both abstaining is the same vote; one abstaining is half agreement
    assert alignment.agreement(["a", "a", "a"], ["a", "y", "n"]) == (pytest.approx(2 / 3), 3)


def test_no_shared_votes_is_nan_not_zero():
    value, n = alignment.agreement(["y", None], [None, "n"])
    assert n == 0 and math.isnan(value)


def test_minority_votes_marks_the_outvoted_side():
    votes = pd.DataFrame({"rcid": [1, 2, 3, 4], "AAA": ["n", "y", "a", "y"],
                          "BBB": ["y", "y", "y", "n"], "CCC": ["y", "n", "y", "n"]})
    out = alignment.minority_votes(votes, "AAA")
    # 1: AAA alone says no; 2: a 2-1 majority with AAA; 3: abstained; 4: AAA alone says yes
    assert out.to_dict() == {1: True, 2: False, 3: False, 4: True}


# ----------------------------------------------------------------------------- the extract
def _votes_by_hand(state: str, partner: str, year: int) -> tuple[int, int, float, int]:
    """Recount one pair-year straight from the CSV files, without the package."""
    root = data_dir() / "unvotes"
    with open(root / "roll_calls.csv", encoding="utf-8") as handle:
        rcids = {r["rcid"] for r in csv.DictReader(handle) if r["date"].startswith(str(year))}
    same = opposite = cast = 0
    score = 0.0
    with open(root / "votes.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["rcid"] not in rcids:
                continue
            a, b = row[state], row[partner]
            if a and b:
                cast += 1
                score += 1.0 if a == b else 0.5 if "a" in (a, b) else 0.0
            if a in "yn" and b in "yn" and a and b:
                same += a == b
                opposite += a != b
    return same, opposite, score / cast, cast


@pytest.mark.parametrize("state", ["ARM", "BLR", "KAZ", "KGZ", "TJK", "UZB"])
def test_pair_matches_a_recount(state):
    found = alignment.pair(state, "RUS", 2010)
    same, opposite, agree, cast = _votes_by_hand(state, "RUS", 2010)
    assert (found.identical, found.opposite) == (same, opposite)
    assert found.coincidence == pytest.approx(same / (same + opposite))
    assert (found.agreement, found.n_agreement) == (pytest.approx(agree), cast)
    assert 0 < found.world_coincidence <= 1 and found.world_states > 150


def test_world_median_excludes_the_partner_and_is_a_median():
    votes = alignment.selection(2010)
    coinc, _, n = alignment._baseline(votes, "RUS")
    others = [alignment.coincidence(votes[c], votes["RUS"]) for c in votes.columns
              if c not in ("rcid", "RUS")]
    values = sorted(v for v, k in others if k >= alignment.MIN_BASELINE_VOTES)
    assert n == len(values)
    assert coinc == pytest.approx(pd.Series(values).median())


def test_years_and_issue_codes_are_checked():
    with pytest.raises(ValueError, match="outside the data"):
        alignment.selection(2021)
    with pytest.raises(ValueError, match="unknown issue code"):
        alignment.selection(2010, issue="xx")
    with pytest.raises(ValueError, match="unknown state code 'XYZ'"):
        alignment.pair("XYZ", "RUS", 2010)


def test_issue_selection_keeps_only_coded_roll_calls():
    calls = io.load_roll_calls().set_index("rcid")
    votes = alignment.selection(2005, issue="hr")
    assert len(votes) > 0
    assert all("hr" in calls.loc[r, "issues"].split(";") for r in votes["rcid"])


def test_extract_covers_both_blocs():
    states = set(alignment.states())
    assert {"RUS", "USA", "ARM", "BLR", "KAZ", "KGZ", "TJK", "UZB", "POL", "TUR"} <= states
    first, last = alignment.years()
    assert (first, last) == (1992, 2019)


@needs_mirror
@pytest.mark.xdist_group("build")  # beside the rebuild test, which parses the same R file
def test_extract_equals_the_raw_data_for_a_sample_of_roll_calls():
    calls = build.read_rda(MIRROR / "unvotes" / "un_roll_calls.rda", "un_roll_calls")
    raw_votes = build.read_rda(MIRROR / "unvotes" / "un_votes.rda", "un_votes")
    ours_calls = io.load_roll_calls().set_index("rcid")
    ours = io.load_un_votes().set_index("rcid")
    iso3 = build.un_iso2_to_iso3(MIRROR)
    sample = ours.index[:: max(1, len(ours) // 25)]
    calls = calls.assign(rcid=calls["rcid"].astype(int)).set_index("rcid")
    raw_votes = raw_votes.assign(rcid=raw_votes["rcid"].astype(int))
    for rcid in sample:
        day = pd.to_datetime(calls.loc[rcid, "date"], unit="D").strftime("%Y-%m-%d")
        assert ours_calls.loc[rcid, "date"] == day
        rows = raw_votes[raw_votes["rcid"] == rcid]
        expected = {iso3[c]: v[0] for c, v in zip(rows["country_code"], rows["vote"].astype(str),
                                                  strict=True)}
        got = ours.loc[rcid].dropna().to_dict()
        assert got == expected, rcid


# ----------------------------------------------------------------------------- the CLI
def test_cli_gives_both_measures_with_counts_and_baseline():
    code, out, _ = run("alignment", "KAZ", "--with", "RUS", "--year", "2010")
    assert code == 0
    found = alignment.pair("KAZ", "RUS", 2010)
    assert f"{100 * found.coincidence:.1f}%" in out
    assert f"{found.agreement:.2f}" in out
    assert f"{found.identical} identical, {found.opposite} opposite" in out
    assert f"{100 * found.world_coincidence:.1f}% coincidence" in out


def test_cli_json_carries_the_same_figures():
    code, out, _ = run("alignment", "arm", "--with", "rus", "--from", "1992", "--to", "2019",
                       "--json")
    assert code == 0
    data = json.loads(out)
    found = alignment.pair("ARM", "RUS", 1992, 2019)
    assert data["coincidence"] == pytest.approx(found.coincidence)
    assert data["n_coincidence"] == found.n_coincidence
    assert data["world_coincidence"] == pytest.approx(found.world_coincidence)
    assert "Voeten" in data["source"]


@pytest.mark.parametrize(("args", "status", "message"), [
    (["XYZ", "--with", "RUS", "--year", "2010"], 1, "unknown state code 'XYZ'"),
    (["KAZ", "--with", "RUS", "--year", "2021"], 1, "outside the data (1992-2019"),
    (["KAZ", "--with", "RUS"], 2, "give --year YYYY, or both"),
    (["KAZ", "--with", "RUS", "--year", "2010", "--from", "2001", "--to", "2002"], 2, "give"),
    (["KAZ", "--with", "RUS", "--year", "2010", "--issue", "zz"], 2, "invalid choice"),
    (["CSK", "--with", "RUS", "--year", "2019"], 1, "cast no vote on the same roll call"),
])
def test_cli_errors_are_one_line(args, status, message):
    code, out, err = run("alignment", *args)
    assert code == status
    assert message in err and len(err.strip().splitlines()) == 1 and out == ""


# ----------------------------------------------------------------------------- pooled tables
def test_period_summary_is_the_median_of_the_members_pairs():
    found = alignment.period_summary("csto", 2000, 2011)
    members = alignment.members_with_leader("csto", 2000, 2011)
    by_hand = [alignment.pair(c, "RUS", 2000, 2011).coincidence for c in members["state"]]
    assert found["members"] == len(by_hand) and "RUS" not in set(members["state"])
    assert found["median_member_pct"] == pytest.approx(100 * pd.Series(by_hand).median())
    assert found["lowest_pct"] == pytest.approx(100 * min(by_hand))
    assert found["world_pct"] == pytest.approx(100 * alignment.pair("ARM", "RUS", 2000,
                                                                    2011).world_coincidence)


def test_periods_and_issues_tables_cover_every_cell():
    periods = alignment.periods_table([(1992, 1999), (2012, 2019)])
    assert len(periods) == 2 * 2 * 2  # blocs x periods x (all, outvoted)
    assert set(periods["votes"]) == {"all recorded votes", "leader outvoted"}
    issues = alignment.issues_table(2012, 2019)
    assert len(issues) == len(alignment.UN_ISSUES)
    gap = issues["csto_median_member_pct"] - issues["csto_world_pct"]
    assert (issues["csto_gap"] == gap).all()
    assert issues["csto_median_member_pct"].is_monotonic_decreasing
