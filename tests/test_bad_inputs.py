"""The bad-input catalogue: one malformed input per failure kind, and the error a user sees.

Each row of ``tests/bad_inputs/catalogue.csv`` names a file (or CLI arguments), the loader
that reads it, and the message that must appear. The same messages are listed in the
README's troubleshooting section, which a test keeps in step.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from alliances import io
from alliances.errors import DataError
from alliances.measures import claims
from alliances.tooling import build, cli, raw

from .bad_inputs.make_files import workbooks

HERE = Path(__file__).parent / "bad_inputs"
ROWS = list(csv.DictReader((HERE / "catalogue.csv").read_text(encoding="utf-8").splitlines()))
SIPRI_SHA = "9362c97ad1e36e3a577139d309d37de331ecb5849824167578c60692f789ffc4"

LOADERS = {
    "spending": io.load_spending,
    "events": io.load_events,
    "claims": claims.load_claims,
    "sipri": lambda p: build.read_sipri_sheet(p, "Constant (", {"Russia"}),
    "sipri_share": lambda p: build.read_sipri_sheet(p, "Share of GDP", {"Russia"}),
    "raw": lambda p: raw.verify(p, SIPRI_SHA),
    "boundaries": io.load_boundaries,
    "countries": io.load_countries,
    "tiv": build.read_tiv_table,
    "ppp": lambda p: build._wb_wide(p, {"USA"}, "gdp_ppp_intl"),
    "disputed": lambda p: build.read_disputed(p, io.load_disputed_areas()),
}


def test_catalogue_covers_at_least_fifteen_kinds():
    assert len({r["kind"] for r in ROWS}) >= 15
    assert {r["loader"] for r in ROWS} >= {"spending", "sipri", "boundaries", "cli"}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Folder with the workbook members of the catalogue, made for this run."""
    folder = tmp_path_factory.mktemp("bad_workbooks")
    workbooks(folder)
    return folder


@pytest.mark.parametrize("row", ROWS, ids=[r["kind"] for r in ROWS])
def test_bad_input_gives_its_message(row, made, capsys):
    if row["loader"] == "cli":  # the command's own main (tests/test_cli.py runs the process)
        try:
            status = cli.main(row["input"].split())
        except SystemExit as stop:  # argparse's usage errors
            status = stop.code
        err = capsys.readouterr().err
        assert status not in (0, None) and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1, err
        assert row["message"] in err
        return
    path = HERE / row["input"] if (HERE / row["input"]).exists() else made / row["input"]
    with pytest.raises(DataError) as info:
        LOADERS[row["loader"]](path)
    message = str(info.value)
    assert row["message"] in message
    assert message.startswith(str(path)), "the message must name the file first"


def test_readme_lists_every_message():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [r["message"] for r in ROWS if r["message"] not in readme]
    assert not missing, missing
