"""Turn the raw sources into the curated, committed files in ``data/``.

Run as ``python -m alliances data build``. Each step reads verified raw files
(:func:`alliances.raw.resolve`), writes its output to a temporary file in the
target directory and renames it into place only when the whole step succeeded,
so a failed build leaves the existing curated files untouched. Outputs are
byte-for-byte reproducible (sorted rows, fixed float formatting, fixed DBF date).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pandera.pandas as pa

from alliances import io, schemas
from alliances.errors import DataError
from alliances.paths import data_dir
from alliances.raw import load_sources, resolve, resolve_listed

#: Years of the SIPRI extract: the post-Cold War period the thesis studies, to the latest.
SIPRI_YEARS = range(1990, 2025)
#: SIPRI's fair-use cap on reproduced data values.
SIPRI_CAP = 3500
#: Years of the World Bank extract.
WB_YEARS = range(1990, 2025)
#: Continents kept in the country-polygon layer.
CONTINENTS = ("Europe", "Asia", "North America")
#: Date written into DBF headers so shapefiles are reproducible (NE v4.0.0 release day).
DBF_DATE = (117, 11, 3)  # years since 1900, month, day


# --------------------------------------------------------------------------- writing
def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; curated files are ordinary files
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_csv(frame: pd.DataFrame, target: Path, schema: pa.DataFrameSchema) -> None:
    """Validate ``frame`` against ``schema`` and write it atomically as CSV."""
    schema.validate(frame)

    def write(tmp: Path) -> None:
        frame.to_csv(tmp, index=False, lineterminator="\n", date_format="%Y-%m-%d")

    _atomic(target, write)


def write_shapefile(frame: gpd.GeoDataFrame, target: Path) -> None:
    """Write a shapefile (all sidecar files) atomically and reproducibly."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".shp-") as tmp:
        tmp_shp = Path(tmp) / target.name
        frame.to_file(tmp_shp, engine="pyogrio", encoding="UTF-8")
        dbf = tmp_shp.with_suffix(".dbf")
        with open(dbf, "r+b") as handle:  # byte 1-3: date of last update
            handle.seek(1)
            handle.write(bytes(DBF_DATE))
        for part in sorted(Path(tmp).iterdir()):
            os.replace(part, target.with_suffix(part.suffix))


def write_metadata(directory: Path, info: dict) -> None:
    """Write ``metadata.json`` for a dataset directory (sorted keys, UTF-8)."""
    text = json.dumps(info, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    _atomic(directory / "metadata.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))


def fields_of(schema: pa.DataFrameSchema) -> list[dict]:
    """Describe a schema's columns as metadata (name, type, unit, description)."""
    return [
        {"name": name, "type": str(col.dtype), "unit": (col.metadata or {}).get("unit", ""),
         "description": col.description}
        for name, col in schema.columns.items()
    ]


def _source_info(*ids: str) -> list[dict]:
    sources = load_sources().set_index("id")
    return [{"id": i, **{k: sources.loc[i, k] for k in
                         ("producer", "title", "original_url", "licence", "sha256")}}
            for i in ids]


# --------------------------------------------------------------------------- SIPRI
def read_sipri_sheet(path: Path, sheet_prefix: str, names: set[str]) -> tuple[pd.DataFrame, str]:
    """Read one data sheet of the SIPRI workbook into a long table.

    Parameters
    ----------
    path : Path
        The SIPRI workbook.
    sheet_prefix : str
        Start of the sheet's name, e.g. ``"Constant ("`` or ``"Share of GDP"``.
    names : set of str
        Row labels (country names) to keep.

    Returns
    -------
    (DataFrame, str)
        Columns ``sipri_name``, ``year``, ``value`` (float; SIPRI's ". ." and
        "xxx" become NaN, never zero), and the sheet's full name.

    Raises
    ------
    DataError
        If the sheet, its header row, or a listed country is missing, or a cell
        holds text that is neither a number nor a SIPRI marker.

    """
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, ...: a broken workbook
        raise DataError(path, f"cannot be opened as an .xlsx workbook ({exc})") from exc
    sheet_name = next((s for s in book.sheetnames if s.startswith(sheet_prefix)), None)
    if sheet_name is None:
        raise DataError(path, f"no sheet whose name starts with {sheet_prefix!r}")
    rows = list(book[sheet_name].iter_rows(values_only=True))
    book.close()
    header_at = next((i for i, r in enumerate(rows) if r and r[0] == "Country"), None)
    if header_at is None:
        raise DataError(path, f"sheet {sheet_name!r}: no header row starting with 'Country'")
    header = rows[header_at]
    years = {j: int(v) for j, v in enumerate(header) if isinstance(v, int | float)}
    records, seen = [], set()
    for i, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not row or row[0] not in names:
            continue
        seen.add(row[0])
        for j, year in years.items():
            cell = row[j] if j < len(row) else None
            if isinstance(cell, int | float):
                value = float(cell)
            elif cell is None or (isinstance(cell, str) and cell.strip() in
                                  (*io.SIPRI_MARKERS, "")):
                value = np.nan
            else:
                raise DataError(path, f"sheet {sheet_name!r}: unexpected text {cell!r}",
                                row=i, column=str(year))
            records.append((row[0], year, value))
    missing = names - seen
    if missing:
        raise DataError(path, f"sheet {sheet_name!r}: countries not found: {sorted(missing)}")
    return pd.DataFrame(records, columns=["sipri_name", "year", "value"]), sheet_name


def build_spending(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``spending/sipri_milex.csv`` from the SIPRI workbook.

    Keeps, for the states in ``reference/states.csv`` and the years in
    :data:`SIPRI_YEARS`, two measures: spending at constant prices (US$ m) and
    spending as a share of GDP (percent; SIPRI stores a fraction). The number of
    values is checked against SIPRI's fair-use cap of 3,500.
    """
    out = Path(out) if out else data_dir()
    path = resolve("sipri_milex_2025", raw)
    states = io.load_states()
    names = set(states["sipri_name"])
    const, const_sheet = read_sipri_sheet(path, "Constant (", names)
    match = re.search(r"\((\d{4})\)", const_sheet)
    if not match:
        raise DataError(path, f"sheet {const_sheet!r}: cannot read the price base year")
    share, _ = read_sipri_sheet(path, "Share of GDP", names)
    table = (const.rename(columns={"value": "milex_const_usd_m"})
             .merge(share.rename(columns={"value": "milex_share_gdp_pct"}),
                    on=["sipri_name", "year"], how="outer"))
    table["milex_share_gdp_pct"] *= 100
    table = table[table["year"].isin(SIPRI_YEARS)]
    table = table.merge(states[["iso3", "sipri_name"]], on="sipri_name").drop(columns="sipri_name")
    table["price_base_year"] = int(match.group(1))
    table = (table[["iso3", "year", "milex_const_usd_m", "price_base_year",
                    "milex_share_gdp_pct"]]
             .sort_values(["iso3", "year"]).reset_index(drop=True))
    n_values = int(table[["milex_const_usd_m", "milex_share_gdp_pct"]].notna().sum().sum())
    if n_values > SIPRI_CAP:
        raise DataError(path, f"extract would reproduce {n_values} SIPRI values, "
                        f"above the fair-use cap of {SIPRI_CAP}")
    write_csv(table, out / "spending" / "sipri_milex.csv", schemas.SPENDING)
    write_metadata(out / "spending", {
        "title": "Military expenditure of NATO and CST/CSTO states and comparators",
        "files": {"sipri_milex.csv": {"fields": fields_of(schemas.SPENDING)}},
        "sources": _source_info("sipri_milex_2025"),
        "citation": "SIPRI Military Expenditure Database 2025, https://www.sipri.org/databases/milex",
        "licence": "SIPRI fair use: non-commercial use with citation; this extract reproduces "
                   f"{n_values} values (cap: {SIPRI_CAP}).",
        "processing": f"Sheets '{const_sheet}' and 'Share of GDP', years {SIPRI_YEARS.start}-"
                      f"{SIPRI_YEARS.stop - 1}, rows of reference/states.csv; '. .', '...' and "
                      "'xxx' read as missing; share of GDP multiplied by 100.",
        "n_sipri_values": n_values,
    })
    return table


# --------------------------------------------------------------------------- World Bank
def _wb_long(path: Path, codes: set[str], name: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"Country Code": str})
    for column in ("Country Code", "Year", "Value"):
        if column not in frame.columns:
            raise DataError(path, f"required column {column!r} is missing", column=column)
    frame = frame[frame["Country Code"].isin(codes) & frame["Year"].isin(WB_YEARS)]
    return frame.rename(columns={"Country Code": "iso3", "Year": "year", "Value": name})[
        ["iso3", "year", name]]


def _wb_wide(path: Path, codes: set[str], name: str) -> pd.DataFrame:
    """Read a World Bank API download (4 lines of preamble, one column per year)."""
    frame = pd.read_csv(path, skiprows=4, dtype={"Country Code": str}, encoding="utf-8-sig")
    years = [str(y) for y in WB_YEARS]
    for column in ("Country Code", "Indicator Code"):
        if column not in frame.columns:
            raise DataError(path, f"required column {column!r} is missing (expected a World Bank "
                            "API download with 4 lines before the header)", column=column)
    frame = frame[frame["Country Code"].isin(codes)]
    long = frame.melt(id_vars="Country Code", value_vars=[y for y in years if y in frame],
                      var_name="year", value_name=name)
    long["year"] = long["year"].astype(int)
    return long.rename(columns={"Country Code": "iso3"})[["iso3", "year", name]]


def build_population_gdp(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``worldbank/population_gdp.csv`` (states of the book plus the world, WLD)."""
    out = Path(out) if out else data_dir()
    codes = set(io.load_states()["iso3"]) | {"WLD"}
    pop = _wb_long(resolve("wb_population", raw), codes, "population")
    gdp = _wb_long(resolve("wb_gdp", raw), codes, "gdp_current_usd")
    ppp = _wb_wide(resolve("wb_gdp_ppp", raw), codes, "gdp_ppp_intl")
    table = (pop.merge(gdp, on=["iso3", "year"], how="outer")
             .merge(ppp, on=["iso3", "year"], how="left")
             .sort_values(["iso3", "year"]).reset_index(drop=True))
    table["population"] = table["population"].astype(float)
    write_csv(table, out / "worldbank" / "population_gdp.csv", schemas.POPULATION_GDP)
    write_metadata(out / "worldbank", {
        "title": "Population and GDP of the book's states and of the world",
        "files": {"population_gdp.csv": {"fields": fields_of(schemas.POPULATION_GDP)}},
        "sources": _source_info("wb_population", "wb_gdp", "wb_gdp_ppp"),
        "citation": "World Bank, World Development Indicators: SP.POP.TOTL, NY.GDP.MKTP.CD and "
                    "NY.GDP.MKTP.PP.CD (CC BY 4.0)",
        "licence": "CC BY 4.0",
        "processing": f"Rows of reference/states.csv plus WLD, years {WB_YEARS.start}-"
                      f"{WB_YEARS.stop - 1}; GDP at market prices ends in 2023, GDP at PPP "
                      "(current international $) in 2021.",
    })
    return table


# --------------------------------------------------------------------------- geography
def _map_units(codes: pd.Series, units: pd.DataFrame) -> pd.Series:
    mapping = dict(zip(units["ne_a3"], units["iso3"], strict=True))
    return codes.map(lambda c: mapping.get(c, c))


def build_geography(raw: Path | None = None, out: Path | None = None) -> None:
    """Build ``geography/boundaries.shp``, ``countries.shp`` and ``places.csv``.

    Boundary lines (1:10m) are kept where either side is a state in the country
    layer; both Natural Earth codes are kept and mapped to sovereign states with
    ``geography/ne_units.csv``. Country polygons (1:50m) are kept for Europe,
    Asia and North America. Both layers are in EPSG:4326.
    """
    out = Path(out) if out else data_dir()
    geo = out / "geography"
    units = io.load_ne_units(geo / "ne_units.csv")

    countries = gpd.read_file(resolve("ne_50m_admin_0_countries", raw), engine="pyogrio")
    countries = countries[countries["CONTINENT"].isin(CONTINENTS)].copy()
    countries["iso3"] = _map_units(countries["ADM0_A3"], units)
    countries = (countries.rename(columns={"ADM0_A3": "ne_a3", "ADMIN": "name"})
                 [["ne_a3", "iso3", "name", "geometry"]]
                 .sort_values("ne_a3").reset_index(drop=True))
    countries = countries.set_crs(io.CRS, allow_override=True)

    lines = gpd.read_file(resolve("ne_10m_boundary_lines_land", raw), engine="pyogrio")
    lines = lines.rename(columns={"adm0_a3_l": "ne_a3_l", "adm0_a3_r": "ne_a3_r",
                                  "featurecla": "class"})
    keep = lines["ne_a3_l"].isin(countries["ne_a3"]) | lines["ne_a3_r"].isin(countries["ne_a3"])
    lines = lines[keep].copy()
    lines["iso3_l"] = _map_units(lines["ne_a3_l"], units)
    lines["iso3_r"] = _map_units(lines["ne_a3_r"], units)
    lines = (lines[["ne_a3_l", "ne_a3_r", "iso3_l", "iso3_r", "type", "class", "geometry"]]
             .sort_values(["ne_a3_l", "ne_a3_r", "class"], kind="stable").reset_index(drop=True))
    lines = lines.set_crs(io.CRS, allow_override=True)
    areas = io.load_disputed_areas(geo / "disputed_areas.csv")
    disputed = build_disputed(areas, raw)
    lines["area_id"] = tag_area_lines(lines, disputed, areas)

    write_shapefile(countries, geo / "countries.shp")
    write_shapefile(lines, geo / "boundaries.shp")
    write_shapefile(disputed, geo / "disputed.shp")
    build_places(raw, out)
    write_metadata(geo, {
        "title": "Country polygons, land boundary lines and places",
        "crs": io.CRS,
        "files": {
            "boundaries.shp": {"fields": [{"name": k, "description": v}
                                          for k, v in schemas.BOUNDARY_FIELDS.items()],
                               "features": len(lines)},
            "countries.shp": {"fields": [{"name": k, "description": v}
                                         for k, v in schemas.COUNTRY_FIELDS.items()],
                              "features": len(countries)},
            "disputed.shp": {"fields": [{"name": k, "description": v}
                                        for k, v in schemas.DISPUTED_FIELDS.items()],
                             "features": len(disputed)},
            "disputed_areas.csv": {"fields": fields_of(schemas.DISPUTED_AREAS),
                                   "hand_curated": True,
                                   "description": "Who held each disputed area, and from when"},
            "places.csv": {"fields": fields_of(schemas.PLACES)},
            "ne_units.csv": {"fields": fields_of(schemas.NE_UNITS), "hand_curated": True},
            "bases.csv": {"hand_curated": True,
                          "description": "Input to places.csv: the military sites"},
            "published_lengths.csv": {"fields": fields_of(schemas.PUBLISHED_LENGTHS),
                                      "hand_curated": True,
                                      "description": "Published border lengths, for comparison"},
        },
        "sources": _source_info("ne_10m_boundary_lines_land", "ne_50m_admin_0_countries",
                                "ne_10m_populated_places", "ne_10m_disputed_areas"),
        "licence": "Natural Earth: public domain. Hand-curated tables: CC0.",
        "processing": "Boundary lines kept where either side lies in Europe, Asia or North "
                      "America; special units mapped to sovereign states (ne_units.csv). "
                      "Natural Earth shows de facto boundaries (e.g. Crimea) with class "
                      "'Disputed'; the de facto lines of an area held by another state than "
                      "its own (Crimea's isthmus line) carry the area's id in 'area_id' and count "
                      "only from the day in disputed_areas.csv. disputed.shp: the areas' "
                      "polygons from Natural Earth's 1:10m breakaway and disputed areas.",
    })


#: Natural Earth names (BRK_NAME) of the disputed areas the book uses, by area id.
DISPUTED_NAMES = {"Crimea": "crimea", "Abkhazia": "abkhazia", "South Ossetia": "south_ossetia",
                  "Transnistria": "transnistria", "Nagorno-Karabakh": "nagorno_karabakh"}


def build_disputed(areas: pd.DataFrame, raw: Path | None = None) -> gpd.GeoDataFrame:
    """Return the polygons of the areas in ``disputed_areas.csv`` from Natural Earth."""
    return read_disputed(resolve("ne_10m_disputed_areas", raw), areas)


def read_disputed(path: Path, areas: pd.DataFrame) -> gpd.GeoDataFrame:
    """Read Natural Earth's disputed-areas layer and keep the areas of ``areas``."""
    try:
        layer = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # any reader failure is a bad input
        raise DataError(path, f"cannot be read as a vector layer ({exc})") from None
    if "BRK_NAME" not in layer.columns:
        raise DataError(path, "required field 'BRK_NAME' is missing", column="BRK_NAME")
    layer = layer[layer["BRK_NAME"].isin(DISPUTED_NAMES)].copy()
    layer["area_id"] = layer["BRK_NAME"].map(DISPUTED_NAMES)
    missing = sorted(set(areas["area_id"]) - set(layer["area_id"]))
    if missing:
        raise DataError(path, f"area(s) {', '.join(missing)} of disputed_areas.csv not found "
                        "in the layer (field BRK_NAME)")
    layer = layer[layer["area_id"].isin(areas["area_id"])]
    out = (layer.rename(columns={"BRK_NAME": "name"})[["area_id", "name", "geometry"]]
           .sort_values("area_id").reset_index(drop=True))
    return out.set_crs(io.CRS, allow_override=True)


def tag_area_lines(lines: gpd.GeoDataFrame, disputed: gpd.GeoDataFrame,
                   areas: pd.DataFrame, tolerance_deg: float = 0.05) -> pd.Series:
    """Mark the boundary lines that exist only because another state holds an area.

    A line between an area's administering state and its de jure state that lies along
    the area (within ``tolerance_deg`` of its polygon) is the area's de facto line, e.g.
    Crimea's isthmus line between Russia and Ukraine.
    """
    tags = pd.Series("", index=lines.index, dtype=object)
    held = areas[areas["administered_by"] != "self"]
    for area in held.itertuples():
        shape = disputed.loc[disputed["area_id"] == area.area_id, "geometry"]
        zone = shape.union_all().buffer(tolerance_deg)
        pair = {area.administered_by, area.de_jure}
        for i, line in lines.iterrows():
            if {line["iso3_l"], line["iso3_r"]} == pair and zone.contains(line.geometry):
                tags[i] = area.area_id
        if not (tags == area.area_id).any():
            raise DataError("disputed_areas.csv", f"no boundary line of {area.area_id} found "
                            f"between {area.administered_by} and {area.de_jure}")
    return tags


def build_places(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``geography/places.csv``: capitals from Natural Earth plus ``bases.csv``."""
    out = Path(out) if out else data_dir()
    geo = out / "geography"
    bases = pd.read_csv(geo / "bases.csv", dtype=str, keep_default_na=False, na_values=[""])
    capitals = {"bishkek": ("Bishkek", "KGZ"), "dushanbe": ("Dushanbe", "TJK"),
                "tashkent": ("Tashkent", "UZB"), "moscow": ("Moscow", "RUS"),
                "brussels": ("Brussels", "BEL"), "kabul": ("Kabul", "AFG"),
                "astana": ("Astana", "KAZ"), "washington": ("Washington, D.C.", "USA")}
    places = gpd.read_file(resolve("ne_10m_populated_places", raw), engine="pyogrio")
    rows = []
    for pid, (name, iso3) in capitals.items():
        hit = places[(places["name"] == name) & (places["adm0_a3"] == iso3)]
        if len(hit) != 1:
            raise DataError("ne_10m_populated_places", f"expected one place {name!r} in {iso3}, "
                            f"found {len(hit)}")
        rows.append({"place_id": pid, "name": name.split(",")[0], "kind": "capital",
                     "iso3": iso3, "lat": float(hit["latitude"].iloc[0]),
                     "lon": float(hit["longitude"].iloc[0]), "uncertainty_km": 5.0,
                     "coord_source": "Natural Earth 1:10m populated places (city point)",
                     "thesis_section": None, "note": None})
    table = pd.concat([bases, pd.DataFrame(rows)], ignore_index=True)
    table = schemas.PLACES.validate(table).sort_values("place_id").reset_index(drop=True)
    write_csv(table, geo / "places.csv", schemas.PLACES)
    return table


# --------------------------------------------------------------------------- NATO's own figures
NATO_COLUMNS = {"country_stanag": "iso3", "year": "year",
                "Defense expenditure (% real GDP)": "share_gdp_pct",
                "Defense expenditure (USD, 2015 prices)": "expenditure_2015_usd"}


def build_nato_expenditure(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``nato/defence_expenditure.csv``: NATO's own figures, 2012-2019 (June 2019)."""
    out = Path(out) if out else data_dir()
    path = resolve("nato_defence_2019", raw)
    frame = pd.read_csv(path)
    for column in NATO_COLUMNS:
        if column not in frame.columns:
            raise DataError(path, f"required column {column!r} is missing", column=column)
    table = frame[list(NATO_COLUMNS)].rename(columns=NATO_COLUMNS)
    table = table[table["share_gdp_pct"].notna()].copy()  # Iceland has no armed forces
    table["expenditure_2015_usd_m"] = (table.pop("expenditure_2015_usd") / 1e6).round(3)
    table["share_gdp_pct"] = table["share_gdp_pct"].round(4)
    table["estimate"] = table["year"] >= 2018
    table = table.sort_values(["iso3", "year"]).reset_index(drop=True)
    write_csv(table, out / "nato" / "defence_expenditure.csv", schemas.NATO_EXPENDITURE)
    write_metadata(out / "nato", {
        "title": "Defence expenditure of NATO countries, 2012-2019, NATO definition",
        "files": {"defence_expenditure.csv": {"fields": fields_of(schemas.NATO_EXPENDITURE)}},
        "sources": _source_info("nato_defence_2019"),
        "citation": "NATO Public Diplomacy Division, Defence Expenditure of NATO Countries "
                    "(2012-2019), press release PR/CP(2019)069, 25 June 2019",
        "licence": "NATO official public release; cite NATO",
        "processing": "Share of real GDP (2015 prices) rounded to 4 decimals; expenditure at "
                      "2015 prices in US$ million (3 decimals); 2018 and 2019 are NATO's "
                      "estimates. STANAG country codes equal ISO alpha-3 codes for these "
                      "allies. Iceland, which has no armed forces and no figure, is left out.",
    })
    return table


# --------------------------------------------------------------------------- arms transfers
#: Years of the arms-transfer extract: from the CST's first year to the last of the tables.
ARMS_YEARS = range(1992, 2022)
#: SIPRI's cap on reproduced values, applied to the arms-transfer extract as well.
ARMS_CAP = 3500
#: Supplier files counted as Russia (Russia and, before 1992, the Soviet Union).
RUSSIA_SUPPLIERS = ("RUS", "USR")
#: Recipient names in SIPRI's arms tables that differ from the reference list's names.
ARMS_NAMES = {"Turkey": "TUR", "Czech Republic": "CZE", "Czechia": "CZE",
              "Macedonia": "MKD", "North Macedonia": "MKD", "United States": "USA",
              "United Kingdom": "GBR", "Bosnia-Herzegovina": "BIH"}


def read_tiv_table(path: Path) -> tuple[str, pd.DataFrame]:
    """Read one SIPRI 'TIV of arms exports from X' table: supplier name and a wide frame.

    Returns the supplier's name (from the title line) and a frame indexed by recipient
    with one column per year (floats; blank cells are missing, meaning no deliveries).
    """
    text = path.read_text(encoding="utf-8", errors="strict").splitlines()
    title = text[0].strip('"').split(",")[0] if text else ""
    if not title.startswith("TIV of arms exports from "):
        raise DataError(path, "not a SIPRI TIV export table: the first line should read "
                        "'TIV of arms exports from ...'", row=1)
    import csv

    rows = list(csv.reader(text))
    header = next((i for i, row in enumerate(rows) if row[:2] == ["", "1950"]), None)
    if header is None:
        raise DataError(path, "no header row of years (',1950,1951,...') found")
    years = [c for c in rows[header] if c.isdigit()]
    records = {}
    for number, row in enumerate(rows[header + 1:], header + 2):
        if not row or not row[0].strip() or row[0].startswith("Total"):
            continue
        cells = row[1:1 + len(years)]
        values = []
        for year, cell in zip(years, cells, strict=False):
            cell = cell.strip()
            if cell and not re.fullmatch(r"\d+(\.\d+)?", cell):
                raise DataError(path, f"unexpected text {cell!r} for {row[0]}", row=number,
                                column=year)
            values.append(float(cell) if cell else np.nan)
        records[row[0].strip()] = values + [np.nan] * (len(years) - len(values))
    values = pd.DataFrame.from_dict(records, orient="index", columns=years)
    supplier = title.removeprefix("TIV of arms exports from ").rsplit(",", 1)[0].strip()
    return supplier, values


def build_arms(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``arms/tiv_imports.csv``: a small SIPRI extract of arms imports.

    For every state of the reference list as recipient and every year of
    :data:`ARMS_YEARS`: deliveries from Russia (the Soviet Union's table adds nothing
    after 1991), from the United States, and from all suppliers, in trend-indicator
    values; rows only where the value is positive, so the extract stays small (its size
    is checked against SIPRI's cap).
    """
    out = Path(out) if out else data_dir()
    files = resolve_listed("sipri_arms_sums", raw)
    states = io.load_states()
    names = dict(zip(states["name"], states["iso3"], strict=True)) | ARMS_NAMES
    years = [str(y) for y in ARMS_YEARS]
    total = russia = usa = None
    for name in sorted(files):
        code = name.split("-")[2]
        _, table = read_tiv_table(files[name])
        table = table.reindex(columns=years)
        table = table[table.index.isin(names)].rename(index=names)
        table = table.groupby(level=0).sum(min_count=1)
        total = table if total is None else total.add(table, fill_value=0)
        if code in RUSSIA_SUPPLIERS:
            russia = table if russia is None else russia.add(table, fill_value=0)
        if code == "USA":
            usa = table
    rows = []
    for group, frame in (("russia", russia), ("usa", usa), ("total", total)):
        long = frame.rename_axis("iso3").reset_index().melt(
            id_vars="iso3", var_name="year", value_name="tiv_m").dropna(subset=["tiv_m"])
        long["supplier"] = group
        rows.append(long)
    table = pd.concat(rows, ignore_index=True)
    table = table[table["tiv_m"] > 0]
    table = table[table["iso3"].isin(states["iso3"])]
    table["year"] = table["year"].astype(int)
    table = (table[["iso3", "year", "supplier", "tiv_m"]]
             .sort_values(["iso3", "year", "supplier"]).reset_index(drop=True))
    if len(table) > ARMS_CAP:
        raise DataError("arms/tiv_imports.csv", f"{len(table)} values would exceed SIPRI's "
                        f"cap of {ARMS_CAP}")
    write_csv(table, out / "arms" / "tiv_imports.csv", schemas.ARMS_IMPORTS)
    write_metadata(out / "arms", {
        "title": "Arms imports of the book's states by supplier group, 1992-2021 (SIPRI TIV)",
        "files": {"tiv_imports.csv": {"fields": fields_of(schemas.ARMS_IMPORTS)}},
        "sources": _source_info("sipri_arms_sums"),
        "citation": "SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers "
                    "(TIV of arms exports by supplier, generated 28 July 2022)",
        "licence": "SIPRI fair use: non-commercial, cite SIPRI, reproduce only a small extract",
        "processing": "Sum over the 134 supplier tables of each recipient's row (total), the "
                      "Russia and Soviet Union tables (russia) and the United States table "
                      "(usa); recipients of reference/states.csv; years 1992-2021; only "
                      "positive values kept. A '0' in SIPRI's tables (under 0.5 million) "
                      "counts as zero.",
        "n_sipri_values": len(table),
    })
    return table


# --------------------------------------------------------------------------- all
def build_all(raw: Path | None = None, out: Path | None = None) -> None:
    """Rebuild every curated file from the raw sources (see module docstring).

    ``out`` defaults to ``data/``; hand-curated inputs (``reference/``,
    ``membership/``, and in ``geography/`` the files ``ne_units.csv``,
    ``bases.csv`` and ``published_lengths.csv``) are read from ``data/`` and,
    when ``out`` differs, copied there first.
    """
    out = Path(out) if out else data_dir()
    src = data_dir()
    if out.resolve() != src.resolve():
        for rel in ("sources.csv", "reference/states.csv", "membership/events.csv",
                    "geography/ne_units.csv", "geography/bases.csv",
                    "geography/published_lengths.csv", "geography/disputed_areas.csv"):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / rel, out / rel)
    io.load_events(src / "membership" / "events.csv")  # validate the hand-curated table
    build_spending(raw, out)
    build_population_gdp(raw, out)
    build_geography(raw, out)
    build_nato_expenditure(raw, out)
    build_arms(raw, out)
