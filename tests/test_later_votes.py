"""The curated votes after 2019 (``data/unvotes/later_votes.csv``): schema, totals, and each
row's vote against the list its source gives."""

from __future__ import annotations

import pandas as pd
import pytest

from alliances import io
from alliances.errors import DataError

#: What each source says, as read: (resolution, source URL prefix) -> {vote: states named}.
#: A state named nowhere in its source's lists must have an empty vote.
SOURCE_LISTS = {
    ("A/RES/ES-11/1", "https://unric.org/"): {"n": {"BLR", "ERI", "PRK", "RUS", "SYR"}},
    # the UN Digital Library's vote list (record 3959039) for the eight states of the table
    ("A/RES/ES-11/1", "https://digitallibrary.un.org/record/3959039"): {
        "y": {"USA"}, "n": {"BLR", "RUS"}, "a": {"ARM", "KAZ", "KGZ", "TJK"},
        "absent": {"UZB"}},
    ("A/RES/ES-11/3", "https://tass.com/"): {  # all 24 votes against
        "n": {"DZA", "BLR", "BOL", "BDI", "VNM", "GAB", "ZWE", "IRN", "KAZ", "KGZ", "CHN", "PRK",
              "CUB", "LAO", "MLI", "NIC", "COG", "RUS", "SYR", "TJK", "UZB", "CAF", "ERI", "ETH"}},
    ("A/RES/ES-11/3", "https://civil.ge/"): {"absent": {"ARM"}},
    ("A/RES/ES-11/3", "https://www.independent.co.uk/"): {"y": {"USA"}},  # US-initiated
    ("A/RES/ES-11/4", "https://press.un.org/"): {"n": {"BLR", "PRK", "NIC", "RUS", "SYR"}},
    ("A/RES/ES-11/4", "https://en.interfax.com.ua/"): {
        "n": {"BLR", "PRK", "NIC", "RUS", "SYR"}, "a": {"ARM", "KAZ", "KGZ", "TJK", "UZB"}},
    ("A/RES/ES-11/4", "https://ukrinform.net/"): {"y": {"USA"}},
    ("A/RES/ES-11/6", "https://en.interfax.com.ua/news/general/893606"): {
        "n": {"BLR", "ERI", "MLI", "NIC", "PRK", "RUS", "SYR"}, "a": {"KAZ", "KGZ", "TJK", "UZB"}},
    ("A/RES/ES-11/6", "https://mtm.az/"): {"a": {"ARM"}},
    ("A/RES/ES-11/6", "https://en.interfax.com.ua/news/general/893626"): {"y": {"USA"}},
}


@pytest.fixture(scope="module")
def votes():
    return io.load_later_votes()


def test_schema_and_coverage(votes):
    assert set(votes["resolution"]) == {"A/RES/ES-11/1", "A/RES/ES-11/3", "A/RES/ES-11/4",
                                        "A/RES/ES-11/6"}
    for resolution, rows in votes.groupby("resolution"):
        assert {"RUS", "USA", "ARM", "BLR", "KAZ", "KGZ", "TJK", "UZB"} == set(rows["iso3"]), \
            resolution


def test_totals_are_consistent(votes):
    per = votes.groupby("resolution")[["yes", "no", "abstain"]]
    totals = per.first()
    assert (per.max() == per.min()).all().all()
    assert (totals.sum(axis=1) <= 193).all()
    # the totals as the sources give them (GA/12458 for ES-11/4, UNRIC for ES-11/1)
    assert totals.loc["A/RES/ES-11/1"].tolist() == [141, 5, 35]
    assert totals.loc["A/RES/ES-11/4"].tolist() == [143, 5, 35]
    # the number of states voting no within the extract never exceeds the total
    named_no = votes[votes["vote"] == "n"].groupby("resolution").size()
    assert (named_no <= totals.loc[named_no.index, "no"]).all()


def _lists_for(row) -> dict[str, set[str]]:
    matches = [lists for (res, prefix), lists in SOURCE_LISTS.items()
               if res == row["resolution"] and row["source_url"].startswith(prefix)]
    assert len(matches) == 1, (row["resolution"], row["source_url"])
    return matches[0]


def test_each_vote_is_as_in_its_source_list(votes):
    for _, row in votes.iterrows():
        lists = _lists_for(row)
        named = {v for v, states in lists.items() if row["iso3"] in states}
        if pd.isna(row["vote"]):
            assert not named and row["note"].startswith("uncertain:"), row["iso3"]
        else:
            assert named == {row["vote"]}, (row["resolution"], row["iso3"])


def test_only_un_records_go_without_an_uncertain_note(votes):
    confirmed = votes[votes["note"].isna()]
    assert confirmed["source_url"].str.startswith(io.UN_RECORD_HOSTS).all()
    # ES-11/1 in full (the UN Digital Library's vote list, UNRIC); ES-11/4's votes against
    assert sorted(confirmed[["resolution", "iso3"]].itertuples(index=False, name=None)) == sorted(
        [("A/RES/ES-11/1", c) for c in ("RUS", "USA", "ARM", "BLR", "KAZ", "KGZ", "TJK", "UZB")]
        + [("A/RES/ES-11/4", "RUS"), ("A/RES/ES-11/4", "BLR")])
    assert votes.loc[~votes["source_url"].str.startswith(io.UN_RECORD_HOSTS),
                     "note"].str.startswith("uncertain:").all()


def test_inconsistent_totals_name_row_and_column(tmp_path):
    src = io.data_dir() / "unvotes" / "later_votes.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    head, first, second = lines[0], lines[1], lines[2]
    bad = tmp_path / "later_votes.csv"
    bad.write_text("\n".join([head, first, second.replace(",141,5,35,", ",140,5,35,")]) + "\n",
                   encoding="utf-8")
    with pytest.raises(DataError, match="yes differs between rows of A/RES/ES-11/1") as err:
        io.load_later_votes(bad)
    assert "row 3, column yes" in str(err.value)


def test_a_missing_note_is_refused(tmp_path):
    src = io.data_dir() / "unvotes" / "later_votes.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    row = next(x for x in lines if ",ARM," in x and "ES-11/4" in x)
    bad = tmp_path / "later_votes.csv"
    bad.write_text("\n".join([lines[0], row.split(",uncertain:")[0] + ","]) + "\n",
                   encoding="utf-8")
    with pytest.raises(DataError, match="needs an 'uncertain:' note"):
        io.load_later_votes(bad)
