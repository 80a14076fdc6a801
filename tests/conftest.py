"""Shared fixtures: purpose-made tables and files."""

from __future__ import annotations

import importlib.util
import os
import textwrap
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from alliances import io, schemas

#: Under CI (``CI=true``) every input a test needs is present: one missing fails the test
#: instead of skipping it, so that CI never passes by silently checking less.
IN_CI = os.environ.get("CI") == "true"


def load_file(path: Path, name: str | None = None) -> ModuleType:
    """Run a Python file that is not a module of the package (a book extension,
    notebooks/conftest.py) and return it as a module of its own, not registered in
    ``sys.modules``."""
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing(reason: str) -> None:
    """Skip the running test for an input outside the repository, or fail it under CI."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)", pytrace=False)
    pytest.skip(reason)


def requires(present: bool, reason: str) -> pytest.MarkDecorator:
    """Mark a test that needs an input outside the repository (the thesis, the raw mirror).

    Without it the test is skipped, or fails under CI (:func:`missing`).
    """
    return pytest.mark.required_input(present=present, reason=reason)


def pytest_configure(config):
    config.addinivalue_line("markers", "required_input(present, reason): see tests/conftest.py")


def pytest_runtest_setup(item):
    for mark in item.iter_markers("required_input"):
        if not mark.kwargs["present"]:
            missing(mark.kwargs["reason"])


@pytest.fixture
def write(tmp_path: Path):
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


EVENTS_HEADER = "org,iso3,event,date,status,source,source_url,confidence,note\n"


@pytest.fixture
def toy_events(write) -> pd.DataFrame:
    """A tiny event table: two blocs, a suspension, a freeze, an exit and a return."""
    path = write("events.csv", EVENTS_HEADER + textwrap.dedent("""\
        nato,,entry_into_force,2000-01-01,active,Toy source,,confirmed,
        nato,USA,entry_into_force,2000-01-01,member,Toy source,,confirmed,
        nato,POL,accession,2005-06-15,member,Toy source,,confirmed,
        nato,FIN,accession,2009-07-01,member,Toy source,,confirmed,
        cst,,signature,2001-01-01,signed,Toy source,,confirmed,
        cst,RUS,signature,2001-01-01,signatory,Toy source,,confirmed,
        cst,BLR,signature,2001-01-01,signatory,Toy source,,confirmed,
        cst,UZB,signature,2001-01-01,signatory,Toy source,,confirmed,
        cst,,entry_into_force,2002-01-01,active,Toy source,,confirmed,
        cst,RUS,entry_into_force,2002-01-01,member,Toy source,,confirmed,
        cst,BLR,entry_into_force,2002-01-01,member,Toy source,,confirmed,
        cst,UZB,entry_into_force,2002-01-01,member,Toy source,,confirmed,
        cst,UZB,non_renewal,2003-01-01,left,Toy source,,single,
        csto,,entry_into_force,2004-01-01,active,Toy source,,confirmed,
        csto,RUS,founding_member,2004-01-01,member,Toy source,,confirmed,
        csto,BLR,founding_member,2004-01-01,member,Toy source,,confirmed,
        csto,UZB,rejoined,2006-01-01,member,Toy source,,confirmed,
        csto,UZB,suspension,2008-01-01,suspended,Toy source,,confirmed,
        csto,BLR,participation_frozen,2009-01-01,frozen,Toy source,,confirmed,
        """))
    return io.load_events(path)


@pytest.fixture
def toy_spending() -> pd.DataFrame:
    """Spending for the toy blocs in 2005 and 2009."""
    rows = [
        ("USA", 2005, 600.0, 5.0), ("POL", 2005, 100.0, 1.5), ("FIN", 2005, 50.0, 1.0),
        ("RUS", 2005, 90.0, 4.0), ("BLR", 2005, 10.0, 1.0), ("UZB", 2005, None, None),
        ("USA", 2009, 700.0, 4.0), ("POL", 2009, 200.0, 2.0), ("FIN", 2009, 100.0, 2.5),
        ("RUS", 2009, 150.0, 4.5), ("BLR", 2009, 50.0, 1.5), ("UZB", 2009, 20.0, 3.0),
    ]
    frame = pd.DataFrame(rows, columns=["iso3", "year", "milex_const_usd_m",
                                        "milex_share_gdp_pct"])
    frame["price_base_year"] = 2023
    return schemas.SPENDING.validate(frame)
