"""The command line answers the book's questions, in text and JSON, and fails cleanly."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

from alliances.measures import borders, membership, spending
from alliances.tooling import cli


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit status, stdout, stderr).

    What a shell would see, argparse's usage errors included (they exit); the process itself
    (``python -m alliances``) is run by :func:`run_process`, in the tests that need it.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as stop:  # argparse: --version, --help, a usage error
            code = stop.code if isinstance(stop.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def run_process(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``python -m alliances ARGS`` as its own process: (exit status, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "alliances", *args], capture_output=True,
                          text=True, check=False, env=env)
    return proc.returncode, proc.stdout, proc.stderr


def test_members_text(capsys):
    assert cli.main(["members", "csto", "--on", "2011-09-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CSTO on 2011-09-01: 7 members")
    assert "Collective Security Treaty Organization" in out and "rule:" in out


def test_members_json_matches_package(capsys):
    assert cli.main(["members", "nato", "--on", "2011-09-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    roster = membership.members("nato", "2011-09-01")
    assert data["count"] == roster.count == 28
    assert [m["iso3"] for m in data["members"]] == roster.table["iso3"].tolist()
    assert data["rule"] and data["framework"] and data["source"]


def test_spending_json_states_units_and_base_year(capsys):
    assert cli.main(["spending", "csto", "--year", "2010", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["price_base_year"] == 2023
    assert data["prices"] == "current" and data["price_basis"] == "current US$"
    assert "current prices" in data["units"]["milex_current_usd_m"]
    assert "current prices" in data["units"]["total_current_usd_m"]
    assert "constant 2023" in data["units"]["milex_const_usd_m"]
    assert "current US$" in data["units"]["share_of_bloc_pct"]
    assert data["source"].startswith("SIPRI Military Expenditure Database 2025")
    assert data["missing"] == ["UZB"]
    uzb = next(m for m in data["members"] if m["iso3"] == "UZB")
    assert uzb["milex_current_usd_m"] is None  # JSON null, not NaN
    assert data["total_current_usd_m"] == pytest.approx(
        spending.bloc_spending("csto", 2010).total)


def test_spending_prices_option(capsys):
    assert cli.main(["spending", "nato", "--year", "2010", "--prices", "constant",
                     "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["prices"] == "constant" and data["price_basis"] == "constant (2023) US$"
    assert "total_current_usd_m" not in data
    assert data["total_const_usd_m"] == pytest.approx(
        spending.bloc_spending("nato", 2010, prices="constant").total)
    usa = next(m for m in data["members"] if m["iso3"] == "USA")
    assert 75 < usa["share_of_bloc_pct"] < 78
    assert cli.main(["spending", "nato", "--year", "2010"]) == 0
    out = capsys.readouterr().out
    assert "current prices" in out.splitlines()[0] and "prices: current US$" in out
    assert "USA  United States       738,005  share  70.6%" in out  # SIPRI: 738,005 (current)


def test_borders_json(capsys):
    assert cli.main(["borders", "--on", "2011-09-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_km"] == pytest.approx(borders.bloc_border(on="2011-09-01").total_km)
    assert data["units"]["length_km"].startswith("km") and "WGS84" in data["source"]
    assert len(data["pairs"]) == 9


@pytest.mark.parametrize(("args", "code", "message"), [
    (["members", "nsto", "--on", "2011-09-01"], 2, "invalid choice: 'nsto'"),
    (["members", "nato", "--on", "2011-13-01"], 2, "malformed date '2011-13-01'"),
    (["members", "nato", "--on", "1.9.2011"], 2, "malformed date"),
    (["spending", "nato", "--year", "1960"], 1, "no spending data for 1960"),
    (["spending", "nato", "--year", "20x0"], 2, "malformed year"),
    (["spending", "nato", "--year", "2010", "--prices", "real"], 2,
     "argument --prices: invalid choice: 'real'"),
    (["power", "--year", "2010", "--prices", "CONSTANT"], 2, "invalid choice: 'CONSTANT'"),
    (["borders"], 2, "--on"),
    ([], 2, "required"),
])
def test_bad_arguments_give_one_line_and_no_traceback(args, code, message):
    rc, out, err = run(*args)
    assert rc == code
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_bad_data_file_gives_one_line(tmp_path):
    data = tmp_path / "data"
    (data / "reference").mkdir(parents=True)
    (data / "membership").mkdir()
    (data / "reference" / "states.csv").write_text("iso3,name,sipri_name,group\n")
    (data / "membership" / "events.csv").write_text("")
    rc, _, err = run_process("members", "nato", "--on", "2011-09-01",
                             env={"ALLIANCES_DATA": str(data), "PATH": "/usr/bin:/bin"})
    assert rc == 1
    assert "events.csv: file is empty" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_version():
    rc, out, _ = run_process("--version")  # the entry point itself
    assert rc == 0 and out.startswith("alliances ")


def test_date_after_the_last_check_says_so(capsys):
    later = "2100-01-01"
    assert cli.main(["members", "nato", "--on", later]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"note: {later} is after the last check of the event table")
    assert cli.main(["members", "nato", "--on", later, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["events_checked_on"] == membership.EVENTS_CHECKED_ON.isoformat()
    assert data["note"] and data["count"] == membership.members(
        "nato", membership.EVENTS_CHECKED_ON).count
    assert cli.main(["borders", "--on", later, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["note"]
    assert cli.main(["members", "nato", "--on", "2011-09-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["note"] is None


@pytest.mark.parametrize("bloc", ["NATO", "Nato", "CSTO", "csto"])
def test_bloc_names_in_any_case(bloc, capsys):
    assert cli.main(["members", bloc, "--on", "2011-09-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bloc"] == bloc.lower()
    assert cli.main(["spending", bloc, "--year", "2010", "--json"]) == 0


@pytest.mark.parametrize("command", ["members", "spending", "borders", "claims", "data"])
def test_help_shows_an_example(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "example:" in out and f"python -m alliances {command}" in out


def test_neighbours_json_follows_the_boundaries_of_the_day(capsys):
    lengths = {}
    for day in ("2011-09-01", "2024-06-01"):
        assert cli.main(["neighbours", "RUS", "--on", day, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        lengths[day] = {n["iso3"]: n["length_km"] for n in data["neighbours"]}
        assert data["total_km"] == pytest.approx(sum(lengths[day].values()))
        assert "Crimea" in data["rule"]
    assert lengths["2024-06-01"]["UKR"] - lengths["2011-09-01"]["UKR"] == pytest.approx(147, abs=2)
    assert cli.main(["neighbours", "rus", "--on", "2011-09-01"]) == 0
    assert "counted with UKR" in capsys.readouterr().out


def test_power_json_equals_the_package(capsys):
    from alliances.measures import economy

    assert cli.main(["power", "--year", "2010", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    table = economy.power(2010)
    assert data["measures"]["gdp_ppp_bn"]["ratio"] == pytest.approx(
        table.loc["gdp_ppp_bn", "ratio"])
    assert data["csto_missing_spending"] == ["UZB"]
    assert data["prices"] == "current"
    assert data["price_basis"]["milex_bn"] == "current US$"
    assert "purchasing-power parity" in data["price_basis"]["gdp_ppp_bn"]
    assert all(m["unit"] for m in data["measures"].values())  # every row names its unit
    assert data["measures"]["milex_bn"]["usa_in_nato_pct"] == pytest.approx(
        table.loc["milex_bn", "usa_in_nato_pct"])
    assert cli.main(["power", "--year", "2010", "--prices", "constant", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["price_basis"]["milex_bn"] == "constant (2023) US$"
    assert "constant 2023" in data["measures"]["milex_bn"]["unit"]
    assert data["measures"]["milex_bn"]["ratio"] == pytest.approx(
        economy.power(2010, prices="constant").loc["milex_bn", "ratio"])
    assert cli.main(["power", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "no data for 2024" in out and "spending in current US$" in out


def test_arms_json_equals_the_package(capsys):
    from alliances.measures import arms

    assert cli.main(["arms", "kaz", "--from", "1992", "--to", "2021", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    table = arms.imports("KAZ", 1992, 2021)
    assert data["totals"]["russia"] == pytest.approx(table["russia"].sum())
    assert data["shares_pct"]["russia"] == pytest.approx(
        100 * table["russia"].sum() / table["total"].sum())
    assert cli.main(["arms", "KAZ", "--from", "1980", "--to", "2021"]) == 1
    assert "outside the extract" in capsys.readouterr().err
