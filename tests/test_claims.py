"""The claims ledger: verdict logic, the curated table, and CLI output."""

from __future__ import annotations

import json

import pytest

from alliances import claims, cli
from alliances.claims import CAVEAT, FAILS, HOLDS, UNCHECKABLE, verdict
from alliances.errors import DataError

HEADER = ("id,section,thesis_lines,claim,thesis_value,expected,kind,tolerance_pct,metric,"
          "definition_differs,explanation\n")


@pytest.mark.parametrize(("args", "kwargs", "expected"), [
    (("exact", "28", 28), {}, HOLDS),
    (("exact", "5", 4), {}, FAILS),
    (("exact", "5", 4), {"definition_differs": True}, CAVEAT),   # a definition, not an error
    (("exact", "28", 28), {"definition_differs": True}, CAVEAT),
    (("approx", "900", 900), {"tolerance_pct": 5}, HOLDS),
    (("approx", "13", 12.9), {"tolerance_pct": 5}, HOLDS),
    (("approx", "30", 21), {"tolerance_pct": 25}, CAVEAT),       # within twice the tolerance
    (("approx", "12", 5.4), {"tolerance_pct": 25}, FAILS),
    (("approx", "2.0", 1.56), {"tolerance_pct": 5, "definition_differs": True}, FAILS),
    (("approx", "2.0", 1.97), {"tolerance_pct": 5, "definition_differs": True}, CAVEAT),
    (("more_than", "75", 76.4), {}, HOLDS),
    (("more_than", "75", 75.0), {}, FAILS),
    (("more_than", "75", 60.0), {"definition_differs": True}, FAILS),
    (("year", "2003", "2003-09-18"), {}, HOLDS),
    (("year", "1998", "1997-05-27"), {}, FAILS),
    (("date", "1994-04-20", "1994-04-20"), {}, HOLDS),
    (("date", "1994-04-20", "1994-04-21"), {}, FAILS),
    (("none", None, None), {}, UNCHECKABLE),
    (("exact", "5", None), {}, UNCHECKABLE),
])
def test_verdict(args, kwargs, expected):
    assert verdict(*args, **kwargs) == expected


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown comparison kind"):
        verdict("roughly", "1", 1)


def test_real_ledger_has_every_verdict_and_known_findings():
    table = claims.ledger().set_index("id")
    assert set(table["verdict"]) == set(claims.VERDICTS)
    assert len(table) >= 12
    by_metric = table.set_index("metric")["verdict"]
    assert by_metric["nato_members_2011"] == HOLDS
    assert by_metric["pjc_created"] == FAILS            # 1997, not 1998
    assert by_metric["nato_meeting_2pct_2010"] == CAVEAT  # SIPRI vs NATO definitions
    assert (table.loc[table["kind"] == "none", "verdict"] == UNCHECKABLE).all()


def test_claims_table_errors(write):
    path = write("c.csv", HEADER + "c01,2.3,1,A claim.,28,28,exact,0,no_such_metric,False,Why.\n")
    with pytest.raises(DataError) as info:
        claims.load_claims(path)
    assert (info.value.row, info.value.column) == (2, "metric")
    path = write("c.csv", HEADER + "c01,2.3,1,A claim.,28,28,exact,0,nato_founders,maybe,Why.\n")
    with pytest.raises(DataError) as info:
        claims.load_claims(path)
    assert (info.value.row, info.value.column) == (2, "definition_differs")
    path = write("c.csv", HEADER + "c01,2.3,1,A claim.,28,28,guess,0,nato_founders,False,Why.\n")
    with pytest.raises(DataError) as info:
        claims.load_claims(path)
    assert info.value.column == "kind"


def test_false_means_false(write):
    path = write("c.csv", HEADER + "c01,2.3,1,A claim.,12,12,exact,0,nato_founders,False,Why.\n")
    table = claims.ledger(claims.load_claims(path))
    assert table["verdict"].iloc[0] == HOLDS


def test_cli_claims_json_matches_ledger(capsys):
    assert cli.main(["claims", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    table = claims.ledger()
    assert [c["verdict"] for c in data["claims"]] == table["verdict"].tolist()
    assert sum(data["counts"].values()) == len(table)


def test_cli_claims_text(capsys):
    assert cli.main(["claims"]) == 0
    out = capsys.readouterr().out
    assert "c01  holds" in out and "cannot be checked with our data:" in out
