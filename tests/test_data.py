"""The curated data: terms of use, metadata, provenance and reproducibility."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from alliances import io, paths, schemas
from alliances.errors import DataError
from alliances.paths import data_dir, default_mirror
from alliances.tooling import build, raw

from .conftest import missing, requires

DATA = data_dir()
MIRROR = default_mirror()
NO_MIRROR = "no raw mirror: set ALLIANCES_RAW_MIRROR or place shared/data/raw beside the repo"
needs_mirror = requires(MIRROR is not None and MIRROR.is_dir(), NO_MIRROR)


def test_sipri_extract_respects_fair_use_cap():
    table = io.load_spending()
    values = table[["milex_current_usd_m", "milex_const_usd_m", "milex_share_gdp_pct"]]
    assert int(values.notna().sum().sum()) <= build.SIPRI_CAP
    assert values.size <= build.SIPRI_CAP  # even counting empty cells
    meta = json.loads((DATA / "spending" / "metadata.json").read_text())
    assert meta["n_sipri_values"] == int(values.notna().sum().sum())
    assert "SIPRI Military Expenditure Database 2025" in meta["citation"]


def test_zeros_are_sipri_zeros_not_missing_values():
    table = io.load_spending()
    zeros = table[table["milex_const_usd_m"] == 0]
    # Iceland has no armed forces: SIPRI records a numeric 0 and no share of GDP
    assert set(zeros["iso3"]) == {"ISL"}
    assert table.loc[table["iso3"] == "ISL", "milex_share_gdp_pct"].isna().all()
    # states that did not exist yet ('xxx' in SIPRI) are missing, never zero
    assert table.loc[(table["iso3"] == "MNE") & (table["year"] < 2005),
                     "milex_const_usd_m"].isna().all()  # SIPRI: no Montenegro before 2005


@pytest.mark.parametrize("dataset", ["spending", "worldbank", "geography"])
def test_metadata_lists_schema_fields(dataset):
    meta = json.loads((DATA / dataset / "metadata.json").read_text())
    assert meta["sources"] and meta["licence"]
    for entry in meta["sources"]:
        assert entry["licence"] and entry["original_url"].startswith("http")
    for name, info in meta["files"].items():
        assert (DATA / dataset / name).is_file(), name
        if name.endswith(".csv") and "fields" in info:
            header = pd.read_csv(DATA / dataset / name, nrows=0).columns.tolist()
            assert [f["name"] for f in info["fields"]] == header


def test_every_dataset_has_a_readme():
    for folder in ("reference", "membership", "spending", "worldbank", "geography", "claims"):
        assert (DATA / folder / "README.md").is_file(), folder
    assert (DATA / "README.md").is_file()


def test_every_curated_file_loads():
    io.load_states(), io.load_events(), io.load_spending(), io.load_population_gdp()
    io.load_places(), io.load_ne_units(), io.load_sources()
    assert len(io.load_boundaries()) > 100 and len(io.load_countries()) > 100


def test_every_event_has_a_source_and_disagreements_are_recorded():
    events = io.load_events()
    assert events["source"].str.len().min() > 3
    noted = events["note"].fillna("").str.contains("disagree")
    assert noted.sum() >= 4  # PJC 1997/1998, GUAM 1996/1997 and 2005/2006, Uzbekistan 1998/1999


def test_boundaries_carry_both_neighbours():
    layer = io.load_boundaries()
    assert layer[["ne_a3_l", "ne_a3_r"]].notna().all().all()
    assert str(layer.crs) == io.CRS


# --------------------------------------------------------------------- the SIPRI reader
def _workbook(path: Path, cells: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Constant (2023) US$"
    sheet.append(["Military expenditure by country"])
    sheet.append(["Country", "Notes", 1990, 1991, 1992])
    for row in cells:
        sheet.append(row)
    book.save(path)
    return path


def test_sipri_markers_become_missing(tmp_path):
    path = _workbook(tmp_path / "w.xlsx", [["Russia", "", ". .", "xxx", 60000.5],
                                           ["Europe"], ["Armenia", "", "...", 12.0, None]])
    table, sheet = build.read_sipri_sheet(path, "Constant (", {"Russia", "Armenia"})
    assert sheet == "Constant (2023) US$"
    got = table.set_index(["sipri_name", "year"])["value"]
    assert np.isnan(got["Russia", 1990]) and np.isnan(got["Russia", 1991])
    assert got["Russia", 1992] == 60000.5 and np.isnan(got["Armenia", 1990])


def test_sipri_unexpected_text_names_row_and_year(tmp_path):
    path = _workbook(tmp_path / "w.xlsx", [["Russia", "", 1.0, "n/a", 3.0]])
    with pytest.raises(DataError) as info:
        build.read_sipri_sheet(path, "Constant (", {"Russia"})
    assert (info.value.row, info.value.column) == (3, "1991") and "'n/a'" in str(info.value)


def test_sipri_missing_country(tmp_path):
    path = _workbook(tmp_path / "w.xlsx", [["Russia", "", 1.0, 2.0, 3.0]])
    with pytest.raises(DataError, match="countries not found: \\['Belarus'\\]"):
        build.read_sipri_sheet(path, "Constant (", {"Russia", "Belarus"})


def test_sipri_truncated_workbook(tmp_path):
    path = _workbook(tmp_path / "w.xlsx", [["Russia", "", 1.0, 2.0, 3.0]])
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(DataError, match=r"cannot be opened as an \.xlsx workbook"):
        build.read_sipri_sheet(path, "Constant (", {"Russia"})


def test_sipri_wrong_sheet(tmp_path):
    path = _workbook(tmp_path / "w.xlsx", [["Russia", "", 1.0, 2.0, 3.0]])
    with pytest.raises(DataError, match="no sheet whose name starts with 'Share of GDP'"):
        build.read_sipri_sheet(path, "Share of GDP", {"Russia"})


# --------------------------------------------------------------------- fetch and rebuild
SIPRI_FILE = "sipri_milex_2025"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Raw files fetched from the mirror and curated files rebuilt from them, once a module.

    The tests that use it, and the UN votes' check against the raw file (which parses the
    same R file), share one worker (``xdist_group("build")``, ``--dist loadgroup``), so the
    half-minute parse of the votes happens once even on a fresh clone; later runs read it from
    the disk cache (``build.read_rda``).
    """
    if MIRROR is None or not MIRROR.is_dir():
        missing(NO_MIRROR)
    tmp_path = tmp_path_factory.mktemp("built")
    rawdir, out = tmp_path / "raw", tmp_path / "data"
    raw.fetch(MIRROR, dest=rawdir)
    build.build_all(raw=rawdir, out=out)
    sipri = io.load_sources().set_index("id").loc[SIPRI_FILE, "file"]
    return rawdir, out, sipri


@pytest.mark.xdist_group("build")
def test_rebuild_reproduces_committed_files(built):
    _, out, _ = built
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert len(files) >= 15
    for rel in files:
        assert (out / rel).read_bytes() == (DATA / rel).read_bytes(), f"{rel} differs"


@pytest.mark.xdist_group("build")
def test_failed_build_leaves_curated_files_untouched(built):
    rawdir, out, sipri = built
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (rawdir / sipri).write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(DataError, match="SHA-256 mismatch"):
        build.build_all(raw=rawdir, out=out)
    assert before == {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}


@needs_mirror
def test_fetch_refuses_corrupt_file_and_keeps_the_good_one(tmp_path):
    mirror = tmp_path / "mirror"
    shutil.copytree(MIRROR, mirror)
    dest = tmp_path / "raw"
    raw.fetch(mirror, dest=dest)
    sipri = io.load_sources().set_index("id").loc[SIPRI_FILE, "file"]
    good = (dest / sipri).read_bytes()
    (mirror / sipri).chmod(0o644)
    (mirror / sipri).write_bytes(good[: len(good) // 2])  # truncated copy in the mirror
    (dest / sipri).unlink()
    with pytest.raises(DataError, match="SHA-256 mismatch"):
        raw.fetch(mirror, dest=dest)
    assert not (dest / sipri).exists()  # nothing half-written
    assert not list((dest / sipri).parent.glob(".*.tmp"))  # no temporary file left


def test_fetch_without_a_source_is_refused():
    with pytest.raises(DataError, match="no mirror given"):
        raw.fetch(None)


def test_registry_is_valid():
    sources = io.load_sources()
    assert set(sources["id"]) >= {"sipri_milex_2025", "ne_10m_boundary_lines_land"}
    assert schemas.SOURCES.validate(sources) is not None


#: Hosts that republish other people's records: aggregators, digests, encyclopaedia mirrors.
MIRRORS = ("wn.com", "liquisearch.com", "allgeo.org", "news-pravda.com", "stabroeknews.com",
           "wikimili.com", "wikiwand.com", "dbpedia.org", "docslib.org", "everybodywiki.com",
           "indexmundi.com", "absoluteastronomy.com")


def _mirror(url: str) -> bool:
    from urllib.parse import urlparse

    host = (urlparse(url).hostname or "").removeprefix("www.")
    return any(host == m or host.endswith("." + m) for m in MIRRORS)


@pytest.mark.parametrize(("path", "url_column", "source_column", "note_column"), [
    ("membership/events.csv", "source_url", "source", "note"),
    ("geography/published_lengths.csv", "source_url", "source", "note"),
    ("claims/published.csv", "source_url", "source", "note"),
])
def test_no_unmarked_mirror_as_source(path, url_column, source_column, note_column):
    """Rows cite the publisher; a mirror only as a last resort, marked and explained."""
    table = pd.read_csv(paths.data_dir() / path, dtype=str, keep_default_na=False)
    bad = [f"row {i + 2}: {row[url_column]}" for i, row in table.iterrows()
           if _mirror(row[url_column]) and not (
               "mirror" in row[source_column].lower() and row[note_column].strip())]
    assert not bad, f"{path}: mirror or aggregator cited without mark and reason: {bad}"


def test_mirror_detection():
    assert _mirror("https://wn.com/Partnership_for_Peace")
    assert _mirror("http://www.indexmundi.com/factbook/compare/x")
    assert not _mirror("https://www.nato.int/cps/en/natohq/topics_50349.htm")
    assert not _mirror("https://tass.com/politics/123")


#: Hosts replaced by the publisher's own record (issue 19) that must not come back anywhere in
#: the data or the bibliography, not even named in a note: reposts of agency reports, forums,
#: document-sharing sites, a content farm, encyclopaedia and Factbook copies, and legal-database
#: reprints of texts whose official portal exists (adilet.zan.kz, the CSTO's own site).
DENIED_HOSTS = (
    "newsam.com", "oananews.org", "uzland.narod.ru", "globalnews.ge", "staging.rferl.org",
    "wn.com", "alliansfriheten.se", "9dok.net", "docslib.org", "scribd.com", "urdupoint.com",
    "windowstorussia.com", "russiadefence.net", "luttrellstowncastleresort.com",
    "armeniandiaspora.com", "vdocuments.site", "kazworld.info", "congressionalresearch.com",
    "xs4all.nl", "wikisource.org", "geographyofrussia.com", "indexmundi.com", "zakonpravo.kz",
    "docs.cntd.ru",
)
#: A host name written anywhere in a text (in a URL or bare), case-insensitive.
_HOST = re.compile(r"(?<![\w@.-])((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w-])", re.IGNORECASE)


def _denied_hosts(text: str) -> list[str]:
    """Return the denied hosts (or their subdomains) that ``text`` names, in order."""
    found = []
    for name in _HOST.findall(text):
        host = name.lower().removeprefix("www.")
        if any(host == d or host.endswith("." + d) for d in DENIED_HOSTS):
            found.append(host)
    return found


def _source_texts():
    """Yield every file of data/ that can name a source, and the bibliography."""
    suffixes = (".csv", ".md", ".json")
    yield from sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in suffixes)
    yield paths.ROOT / "book" / "references.bib"


def test_denied_hosts_never_return():
    """No listed mirror, forum or reprint host is named in data/ or book/references.bib."""
    bad = [f"{path.name}:{n}: {host}"
           for path in _source_texts()
           for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
           for host in _denied_hosts(line)]
    assert not bad, f"denied hosts cited: {bad}"


def test_denied_host_detection():
    assert _denied_hosts("see https://www.docslib.org/doc/1/x and tr.scribd.com") == [
        "docslib.org", "tr.scribd.com"]
    assert _denied_hosts("read on KazWorld.info (mirror)") == ["kazworld.info"]
    assert _denied_hosts("https://ro.m.wikisource.org/wiki/X") == ["ro.m.wikisource.org"]
    assert _denied_hosts("https://staging.rferl.org/a/1.html") == ["staging.rferl.org"]
    # the publisher's own host, a lookalike and prose are not flagged
    assert _denied_hosts("https://www.rferl.org/a/1.html https://adilet.zan.kz/kaz/docs/Z1") == []
    assert _denied_hosts("our own compilation; unknown comparison; bib key kazworld2011csto") == []
    assert _denied_hosts("https://news.wn.com.example.org/") == []


def test_source_urls_are_not_home_pages():
    """A row's source_url names the record itself, not a publisher's home page."""
    from urllib.parse import urlparse

    bad = []
    for path in sorted(DATA.rglob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in (c for c in table.columns if c == "source_url"):
            for i, url in enumerate(table[column], start=2):
                parts = urlparse(url)
                if url and parts.path in ("", "/") and not parts.query:
                    bad.append(f"{path.name} row {i}: {url}")
    assert not bad, f"home page given instead of the record: {bad}"


def test_arms_extract_respects_sipri_terms():
    table = io.load_arms_imports()
    meta = json.loads((paths.data_dir() / "arms" / "metadata.json").read_text(encoding="utf-8"))
    assert len(table) == meta["n_sipri_values"] < build.ARMS_CAP
    assert (table["tiv_m"] > 0).all()
    wide = table.pivot_table(index=["iso3", "year"], columns="supplier", values="tiv_m",
                             fill_value=0)
    assert (wide["total"] >= wide["russia"] + wide["usa"] - 1e-9).all()


def test_nato_figures_and_ppp_load():
    nato = io.load_nato_expenditure()
    assert set(nato["year"]) == set(range(2012, 2020)) and "ISL" not in set(nato["iso3"])
    assert nato.loc[nato["year"] >= 2018, "estimate"].all()
    wb = io.load_population_gdp()
    ppp = wb.loc[(wb["iso3"] == "WLD") & wb["gdp_ppp_intl"].notna(), "year"]
    assert ppp.max() == 2021
