"""Turn the raw sources into the curated, committed files in ``data/``.

Run as ``python -m alliances data build``. Each step reads verified raw files
(:func:`alliances.tooling.raw.resolve`), writes its output to a temporary file in the
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
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pandera.pandas as pa

from alliances import io, schemas
from alliances.errors import DataError
from alliances.io import load_sources
from alliances.measures import membership
from alliances.paths import data_dir
from alliances.tooling.raw import resolve, resolve_listed, write_atomic

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
def write_csv(frame: pd.DataFrame, target: Path, schema: pa.DataFrameSchema) -> None:
    """Validate ``frame`` against ``schema`` and write it atomically as CSV."""
    schema.validate(frame)

    def write(tmp: Path) -> None:
        frame.to_csv(tmp, index=False, lineterminator="\n", date_format="%Y-%m-%d")

    write_atomic(target, write)


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
    write_atomic(directory / "metadata.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))


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


#: States kept for every year although not members throughout, and why.
SIPRI_EVERY_YEAR = {
    "UZB": "its recorded range bounds the CSTO's spending in the member years in which it "
           "published no figure (alliances.measures.economy.spending_bounds)",
}


def sipri_member_years(events: pd.DataFrame | None = None) -> set[tuple]:
    """Return the (state, year) pairs of :data:`SIPRI_YEARS` in which a state was a member.

    A member year is one in which the state was, on at least one day, a counted member
    of NATO or the CST/CSTO (:func:`alliances.measures.membership.state_periods`).

    Examples
    --------
    >>> y = sipri_member_years()
    >>> ("FIN", 2022) in y, ("FIN", 2023) in y, ("GEO", 1999) in y, ("GEO", 2000) in y
    (False, True, True, False)
    """
    years = set()
    for bloc in ("nato", "csto"):
        periods = membership.state_periods(bloc, events=events)
        for row in periods[periods["status"].isin(membership.COUNTED)].itertuples():
            for year in range(max(row.start.year, SIPRI_YEARS.start),
                              min(row.end.year, SIPRI_YEARS.stop - 1) + 1):
                years.add((row.iso3, year))
    return years


def sipri_years_kept(states: pd.DataFrame, events: pd.DataFrame | None = None) -> set[tuple]:
    """Return the (state, year) pairs the SIPRI extract may keep.

    A state's member years (:func:`sipri_member_years`); for a comparator of
    ``reference/states.csv`` (a state the book discusses outside the blocs) and the states
    of :data:`SIPRI_EVERY_YEAR`, every year. Dropping the other years keeps the extract
    within SIPRI's fair-use cap while holding three series; :func:`build_spending` keeps a
    year outside a state's membership only where it has a value.

    Examples
    --------
    >>> kept = sipri_years_kept(io.load_states())
    >>> ("FIN", 2022) in kept, ("CHN", 1990) in kept, ("UZB", 2018) in kept
    (False, True, True)
    """
    kept = sipri_member_years(events)
    for iso3 in {*states.loc[states["group"] == "comparator", "iso3"], *SIPRI_EVERY_YEAR}:
        kept |= {(iso3, year) for year in SIPRI_YEARS}
    return kept


#: SIPRI series in the extract: column -> start of the workbook sheet's name.
SIPRI_SERIES = {
    "milex_current_usd_m": "Current US$",
    "milex_const_usd_m": "Constant (",
    "milex_share_gdp_pct": "Share of GDP",
}


def build_spending(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``spending/sipri_milex.csv`` from the SIPRI workbook.

    Keeps, for the state-years of :func:`sipri_years_kept` (outside a state's member years,
    only those with a value), three measures: spending
    at current prices and exchange rates (US$ m; for shares, totals, ratios and ranks
    within one year), spending at constant prices (US$ m; for change over time) and
    spending as a share of GDP (percent; SIPRI stores a fraction). The number of values
    is checked against SIPRI's fair-use cap of 3,500.
    """
    out = Path(out) if out else data_dir()
    path = resolve("sipri_milex_2025", raw)
    states = io.load_states()
    names = set(states["sipri_name"])
    table, sheets = None, {}
    for column, prefix in SIPRI_SERIES.items():
        sheet, sheets[column] = read_sipri_sheet(path, prefix, names)
        sheet = sheet.rename(columns={"value": column})
        table = sheet if table is None else table.merge(sheet, on=["sipri_name", "year"],
                                                        how="outer")
    match = re.search(r"\((\d{4})\)", sheets["milex_const_usd_m"])
    if not match:
        raise DataError(path, f"sheet {sheets['milex_const_usd_m']!r}: cannot read the price "
                        "base year")
    table["milex_share_gdp_pct"] *= 100
    # SIPRI's current-price sheet shows 0 for some post-Soviet states in the early 1990s
    # where its constant-price figure is positive: currencies redenominated since, the
    # amounts round to zero. Such a zero is not a measurement; read it as missing.
    artefact = (table["milex_current_usd_m"] == 0) & (table["milex_const_usd_m"] > 0)
    table.loc[artefact, "milex_current_usd_m"] = np.nan
    table = table[table["year"].isin(SIPRI_YEARS)]
    table = table.merge(states[["iso3", "sipri_name"]], on="sipri_name").drop(columns="sipri_name")
    kept, member_years = sipri_years_kept(states), sipri_member_years()
    pairs = list(zip(table["iso3"], table["year"], strict=True))
    has_value = table[list(SIPRI_SERIES)].notna().any(axis=1).to_numpy()
    # a member year is always a row (empty cells: SIPRI has no figure); another year only
    # with a value
    table = table[[p in member_years or (p in kept and v)
                   for p, v in zip(pairs, has_value, strict=True)]]
    table["price_base_year"] = int(match.group(1))
    table = (table[["iso3", "year", "milex_current_usd_m", "milex_const_usd_m",
                    "price_base_year", "milex_share_gdp_pct"]]
             .sort_values(["iso3", "year"]).reset_index(drop=True))
    n_values = int(table[list(SIPRI_SERIES)].notna().sum().sum())
    if n_values > SIPRI_CAP:
        raise DataError(path, f"extract would reproduce {n_values} SIPRI values, "
                        f"above the fair-use cap of {SIPRI_CAP}")
    write_csv(table, out / "spending" / "sipri_milex.csv", schemas.SPENDING)
    sheet_list = ", ".join(f"'{sheets[c]}'" for c in SIPRI_SERIES)
    write_metadata(out / "spending", {
        "title": "Military expenditure of NATO and CST/CSTO states and comparators",
        "files": {"sipri_milex.csv": {"fields": fields_of(schemas.SPENDING)}},
        "sources": _source_info("sipri_milex_2025"),
        "citation": "SIPRI Military Expenditure Database 2025, https://www.sipri.org/databases/milex",
        "licence": "SIPRI fair use: non-commercial use with citation; this extract reproduces "
                   f"{n_values} values (cap: {SIPRI_CAP}).",
        "processing": f"Sheets {sheet_list}, years {SIPRI_YEARS.start}-{SIPRI_YEARS.stop - 1}; "
                      "rows of reference/states.csv, each state only for the years in which "
                      "it was, on at least one day, a counted member of NATO or the CST/CSTO "
                      "(comparators and Uzbekistan, whose recorded range bounds the CSTO's "
                      "spending where it published none: every year with a value); '. .', "
                      "'...' and 'xxx' read as missing; a zero at current prices where the "
                      "constant-price figure is positive (early-1990s figures of states that "
                      "have since redenominated their currencies) read as missing; "
                      "share of GDP multiplied by 100.",
        "price_basis": {
            "milex_current_usd_m": "current US$ (prices and market exchange rates of each "
                                   "year): shares, totals, ratios and ranks within one year",
            "milex_const_usd_m": f"constant ({match.group(1)}) US$: change over time",
        },
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
    build_published_lengths(raw, out)
    write_metadata(geo, {
        "title": "Country polygons, land boundary lines, places and published lengths",
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
                                      "description": "Published border lengths, for comparison: "
                                                     "the CIA World Factbook's land-boundary "
                                                     "figures for the pairs in "
                                                     "build.FACTBOOK_PAIRS"},
        },
        "sources": _source_info("ne_10m_boundary_lines_land", "ne_50m_admin_0_countries",
                                "ne_10m_populated_places", "ne_10m_disputed_areas",
                                "factbook_sums"),
        "licence": "Natural Earth and the CIA World Factbook: public domain. Hand-curated "
                   "tables: CC0.",
        "processing": "Boundary lines kept where either side lies in Europe, Asia or North "
                      "America; special units mapped to sovereign states (ne_units.csv). "
                      "Natural Earth shows de facto boundaries (e.g. Crimea) with class "
                      "'Disputed'; the de facto lines of an area held by another state than "
                      "its own (Crimea's isthmus line) carry the area's id in 'area_id' and count "
                      "only from the day in disputed_areas.csv. disputed.shp: the areas' "
                      "polygons from Natural Earth's 1:10m breakaway and disputed areas. "
                      "published_lengths.csv: 'Geography > Land boundaries > border "
                      "countries' of one of the two states' Factbook profiles "
                      "(build.FACTBOOK_PAIRS), parts of one border summed and named in the note.",
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


# --------------------------------------------------------------------------- Factbook lengths
#: Factbook profiles (GEC file under the mirror's factbook/ folder) by ISO code.
FACTBOOK_PROFILES = {"RUS": "central-asia/rs.json", "TJK": "central-asia/ti.json",
                     "UZB": "central-asia/uz.json", "USA": "north-america/us.json"}
#: The borders whose published length the book compares with its own: (state whose
#: profile is read, neighbour, the neighbour's name in that profile).
FACTBOOK_PAIRS = (("RUS", "NOR", "Norway"), ("RUS", "FIN", "Finland"), ("RUS", "EST", "Estonia"),
                  ("RUS", "LVA", "Latvia"), ("RUS", "LTU", "Lithuania"),
                  ("RUS", "POL", "Poland"), ("RUS", "BLR", "Belarus"),
                  ("RUS", "KAZ", "Kazakhstan"), ("TJK", "AFG", "Afghanistan"),
                  ("TJK", "CHN", "China"), ("UZB", "AFG", "Afghanistan"),
                  ("USA", "CAN", "Canada"))
FACTBOOK_SOURCE = "CIA World Factbook, country profile of {name}: Land boundaries"
_SEGMENT = re.compile(r"^(?P<name>[^()\d]+?)\s*(?:\((?P<part>[^)]*)\))?\s*"
                      r"(?P<km>\d[\d,]*(?:\.\d+)?) km\s*(?:\((?P<aside>[^)]*)\))?$")


def parse_border_countries(text: str, path: str | Path = "factbook") -> dict[str, dict]:
    """Parse the Factbook's ``border countries`` text into lengths by neighbour.

    Segments are separated by ``;`` or ``,`` (and ``and`` between two parts of one
    neighbour); the parts of one neighbour are summed, and bracketed remarks are kept.

    Examples
    --------
    >>> parse_border_countries("China (southeast) 4,133 km and China (south) 46 km; "
    ...                        "Norway 191 km")["China"]["km"]
    4179.0
    >>> parse_border_countries("US 8,891 km (includes 2,475 km with Alaska)")["US"]["notes"]
    ['includes 2,475 km with Alaska']
    """
    out: dict[str, dict] = {}
    for chunk in re.split(r";|,\s*(?=\D)|(?<=km)\s+and\s+", text):  # not "1,357"
        chunk = chunk.strip()
        if not chunk:
            continue
        hit = _SEGMENT.match(chunk)
        if not hit:
            raise DataError(path, f"cannot read border segment {chunk!r}",
                            column="Land boundaries")
        entry = out.setdefault(hit["name"].strip(), {"km": 0.0, "notes": []})
        entry["km"] += float(hit["km"].replace(",", ""))
        entry["notes"] += [f"{hit['part']} {hit['km']} km" if hit["part"] else None,
                           hit["aside"]]
        entry["notes"] = [n for n in entry["notes"] if n]
    return out


def read_factbook_lengths(files: dict[str, Path]) -> pd.DataFrame:
    """Return the published lengths of :data:`FACTBOOK_PAIRS` from Factbook profiles.

    ``files`` maps a profile's path under the Factbook folder (``central-asia/rs.json``)
    to the verified file.
    """
    rows = []
    for a, b, name in FACTBOOK_PAIRS:
        path = files.get(FACTBOOK_PROFILES[a])
        if path is None:
            raise DataError(FACTBOOK_PROFILES[a], "Factbook profile missing from the "
                            "checksum list")
        try:
            profile = json.loads(Path(path).read_text(encoding="utf-8"))
            land = profile["Geography"]["Land boundaries"]
            country = profile["Government"]["Country name"]["conventional short form"]["text"]
        except (KeyError, ValueError) as exc:
            raise DataError(path, f"not a Factbook profile with land boundaries ({exc})") \
                from None
        borders = parse_border_countries(land["border countries"]["text"], path)
        if name not in borders:
            raise DataError(path, f"no border with {name!r} in the land boundaries",
                            column="Land boundaries")
        parts = borders[name]["notes"]
        rows.append({"a": min(a, b), "b": max(a, b), "published_km": borders[name]["km"],
                     "source": FACTBOOK_SOURCE.format(name=country),
                     "source_url": "https://www.cia.gov/the-world-factbook/",
                     "note": "; ".join([*parts, "as last published, before the Factbook "
                                                "was discontinued in February 2026"])})
    return pd.DataFrame(rows).sort_values(["a", "b"]).reset_index(drop=True)


def build_published_lengths(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``geography/published_lengths.csv`` from the CIA World Factbook profiles."""
    out = Path(out) if out else data_dir()
    files = {name.removeprefix("./"): path
             for name, path in resolve_listed("factbook_sums", raw).items()
             if name.removeprefix("./") in set(FACTBOOK_PROFILES.values())}
    table = read_factbook_lengths(files)
    write_csv(table, out / "geography" / "published_lengths.csv", schemas.PUBLISHED_LENGTHS)
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
    ``bases.csv`` and ``disputed_areas.csv``) are read from ``data/`` and,
    when ``out`` differs, copied there first.
    """
    out = Path(out) if out else data_dir()
    src = data_dir()
    if out.resolve() != src.resolve():
        for rel in ("sources.csv", "reference/states.csv", "membership/events.csv",
                    "geography/ne_units.csv", "geography/bases.csv",
                    "geography/disputed_areas.csv"):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / rel, out / rel)
    io.load_events(src / "membership" / "events.csv")  # validate the hand-curated table
    build_spending(raw, out)
    build_population_gdp(raw, out)
    build_geography(raw, out)
    build_nato_expenditure(raw, out)
    build_arms(raw, out)
    build_unvotes(raw, out)


# --------------------------------------------------------------------------- UN votes
#: Period of the UN General Assembly extract: from the first full year after the Soviet
#: Union's end to the last complete year of Voeten's data (2019).
UN_YEARS = range(1992, 2020)
#: ISO 3166 alpha-2 codes the Natural Earth layer does not map (Norway's ISO_A2 is -99 in
#: v4.0.0; Tuvalu is not in the 1:50m layer; two states that no longer exist).
UN_ISO2_EXTRA = {"NO": "NOR", "TV": "TUV", "CS": "CSK", "YU": "YUG"}
_UN_VOTE_CODES = {"yes": "y", "no": "n", "abstain": "a"}


def read_rda(path: Path, name: str) -> pd.DataFrame:
    """Return the data frame ``name`` stored in the R data file ``path`` (PyPI ``rdata``).

    Parsing the 870,000 UN votes takes half a minute, so the parsed file is kept on disk
    (:func:`alliances.io.cached_on_disk`, keyed on the file's SHA-256 and the versions of rdata
    and pandas): a later rebuild, or the test that checks the extract against the raw file,
    reads it back in a fraction of a second.
    """
    import warnings

    import rdata

    from alliances.tooling.raw import sha256

    def parse() -> dict[str, pd.DataFrame]:
        with warnings.catch_warnings():  # tibble and Date classes have no converter: harmless
            warnings.simplefilter("ignore")
            return rdata.read_rda(path)

    key = f"rda-{sha256(path)[:32]}-rdata{rdata.__version__}-pandas{pd.__version__}"
    frames = io.cached_on_disk(key, parse)
    if name not in frames:
        raise DataError(path, f"no object {name!r} in the R data file")
    return frames[name].copy()


def un_iso2_to_iso3(raw: Path | None = None) -> dict[str, str]:
    """Map ISO alpha-2 codes (as Voeten's data gives them) to alpha-3 via Natural Earth."""
    with open(resolve("ne_50m_admin_0_countries", raw), encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    mapping: dict[str, str] = {}
    for feature in features:
        props = feature["properties"]
        for key in ("ISO_A2", "WB_A2"):
            code = props.get(key)
            if code and code != "-99":
                mapping.setdefault(code, props["ADM0_A3"])
    return mapping | UN_ISO2_EXTRA


def build_unvotes(raw: Path | None = None, out: Path | None = None) -> pd.DataFrame:
    """Build ``unvotes/roll_calls.csv`` and ``unvotes/votes.csv`` from Voeten's UN data.

    Keeps the recorded General Assembly votes of :data:`UN_YEARS` and every state's vote
    on each (one column per state, ISO alpha-3), so that any pair and the world baseline
    can be computed; the data are public domain (CC0). Returns the votes table.
    """
    out = Path(out) if out else data_dir()
    calls = read_rda(resolve("un_roll_calls", raw), "un_roll_calls")
    votes = read_rda(resolve("un_votes", raw), "un_votes")
    issues = read_rda(resolve("un_roll_call_issues", raw), "un_roll_call_issues")
    calls = calls.assign(date=pd.to_datetime(calls["date"], unit="D"),
                         rcid=calls["rcid"].astype(int))
    calls = calls[calls["date"].dt.year.isin(UN_YEARS)]
    codes = (issues.assign(rcid=issues["rcid"].astype(int),
                           short_name=issues["short_name"].astype(str))
             .drop_duplicates(["rcid", "short_name"]).sort_values(["rcid", "short_name"])
             .groupby("rcid")["short_name"].agg(";".join))
    table = pd.DataFrame({
        "rcid": calls["rcid"],
        "date": calls["date"].dt.strftime("%Y-%m-%d"),
        "session": calls["session"].astype(int),
        "unres": calls["unres"].astype("string").str.strip().replace("", pd.NA),
        "important": calls["importantvote"].fillna(0).astype(int).eq(1),
        "issues": calls["rcid"].map(codes),
        "short": calls["short"].astype("string").str.strip().replace("", pd.NA),
    }).sort_values("rcid").reset_index(drop=True)
    mapping = un_iso2_to_iso3(raw)
    votes = votes[votes["rcid"].astype(int).isin(set(table["rcid"]))]
    unknown = sorted(set(votes["country_code"].dropna()) - set(mapping))
    if unknown or votes["country_code"].isna().any():
        raise DataError("un_votes.rda", f"states without an ISO code mapping: {unknown}",
                        column="country_code")
    votes = votes.assign(rcid=votes["rcid"].astype(int),
                         iso3=votes["country_code"].map(mapping),
                         vote=votes["vote"].astype(str).map(_UN_VOTE_CODES))
    if votes["vote"].isna().any():
        raise DataError("un_votes.rda", "a vote other than yes, no or abstain", column="vote")
    wide = (votes.pivot_table(index="rcid", columns="iso3", values="vote", aggfunc="first")
            .reindex(table["rcid"]).sort_index(axis=1).reset_index())
    wide.columns.name = None
    write_csv(table, out / "unvotes" / "roll_calls.csv", schemas.UN_ROLL_CALLS)
    write_csv(wide, out / "unvotes" / "votes.csv", schemas.UN_VOTES)
    write_metadata(out / "unvotes", {
        "title": "Recorded votes in the UN General Assembly, 1992-2019",
        "files": {
            "roll_calls.csv": {"fields": fields_of(schemas.UN_ROLL_CALLS)},
            "votes.csv": {"fields": [
                {"name": "rcid", "type": "int64", "unit": "",
                 "description": "Roll-call id (see roll_calls.csv)"},
                {"name": "<ISO3>", "type": "string", "unit": "",
                 "description": "One column per state: y (yes), n (no), a (abstain), empty "
                                "when no recorded vote"}]},
        },
        "years": [UN_YEARS.start, UN_YEARS.stop - 1],
        "roll_calls": len(table),
        "states": len(wide.columns) - 1,
        "sources": _source_info("un_votes", "un_roll_calls", "un_roll_call_issues"),
    })
    return wide
