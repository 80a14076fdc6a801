"""Load the curated files, validated against their schemas.

Every loader raises :class:`alliances.errors.DataError` naming the file, the
row (1-based line number; the header is line 1) and the column of the first
problem found, with the number of further problems.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from alliances import schemas
from alliances.errors import DataError
from alliances.paths import ROOT, data_dir, record_read

if TYPE_CHECKING:  # geopandas and pandera are imported where they are used: a command whose
    import geopandas as gpd  # tables are already validated starts without them
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

#: What :func:`cached_on_disk` returns: whatever its ``make`` makes.
T = TypeVar("T")

#: Strings SIPRI uses for missing data. Curated files must hold empty cells instead.
SIPRI_MARKERS = (". .", "...", "xxx")

_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}

#: CRS of every curated vector layer.
CRS = "EPSG:4326"


def _explain(path: Path, frame: pd.DataFrame, err: SchemaErrors) -> DataError:
    cases = err.failure_cases
    first = cases.iloc[0]
    column = first["column"] if isinstance(first["column"], str) else None
    index = first["index"]
    row = int(index) + 2 if pd.notna(index) else None
    value = first["failure_case"]
    check = str(first["check"])
    if check == "column_in_dataframe":
        problem, column, row = f"required column {value!r} is missing", str(value), None
    elif check == "column_in_schema":
        problem, column, row = f"unexpected column {value!r}", str(value), None
    elif check.startswith("field_uniqueness") or check.startswith("multiple_fields_uniqueness"):
        problem = f"duplicate key {value!r}"
    elif isinstance(value, str) and value.strip() in SIPRI_MARKERS:
        problem = (f"SIPRI marker {value!r} found; missing values must be empty cells, "
                   "never markers or zero")
    elif check == "not_nullable":
        problem = "empty cell where a value is required"
    elif check.startswith("coerce_dtype"):
        problem = f"value {value!r} is not of type {check.split('(')[-1].rstrip(')')}"
    else:
        problem = f"value {value!r} fails check {check}"
    more = len(cases) - 1
    if more:
        problem += f" ({more} more problem{'s' if more > 1 else ''} in this file)"
    return DataError(path, problem, row=row, column=column)


def read_table(path: str | Path, schema: str | pa.DataFrameSchema) -> pd.DataFrame:
    """Read a CSV file and validate it against ``schema`` (cached while the file is unchanged).

    A table that passed its schema is kept, validated, in a cache on disk (:func:`table_cache`)
    keyed on the file's bytes, the schema's name and the text of the schema definitions, so
    a later process loads it without validating again; any other file, or a changed schema,
    is validated afresh.

    Parameters
    ----------
    path : str or Path
        The CSV file (UTF-8, comma-separated, header on line 1).
    schema : str or pandera.pandas.DataFrameSchema
        The schema, by name in :mod:`alliances.schemas` (``"EVENTS"``) or as the object.

    Returns
    -------
    pandas.DataFrame
        The validated table with coerced dtypes; empty cells are missing values.

    Raises
    ------
    DataError
        If the file is missing, empty, or does not satisfy the schema.

    """
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found")
    record_read(path)
    tag = schema if isinstance(schema, str) else f"schema-{id(schema)}"
    return _memo(path, tag, lambda: _validated(path, schema))


def table_cache() -> Path | None:
    """Return the folder of the disk cache: validated tables, parsed raw files.

    ``$ALLIANCES_TABLE_CACHE``, else ``.cache/`` in a source checkout (not under ``_build/``,
    which ``jupyter-book clean`` empties before every strict build); ``None`` where neither
    can be written (nothing is cached then).
    """
    folder = os.environ.get("ALLIANCES_TABLE_CACHE")
    if folder:
        return Path(folder)
    return ROOT / ".cache" if os.access(ROOT, os.W_OK) else None


def _schema_version() -> str:
    """Return a digest of the schema definitions: a changed schema reuses no cached table."""
    here = Path(schemas.__file__)  # read as text: importing the definitions imports pandera
    text = here.read_bytes() + here.with_name("_schema_defs.py").read_bytes()
    return hashlib.sha256(text + pd.__version__.encode()).hexdigest()[:16]


def cached_on_disk(key: str, make: Callable[[], T]) -> T:
    """Return ``make()``, kept in :func:`table_cache` under ``key`` for later processes.

    ``key`` must change whenever what ``make`` reads or runs changes (a digest of the input
    file, the version of the code that reads it). A value that cannot be read back (missing,
    partial, from another pandas) is made afresh; an exception from ``make`` is raised and
    nothing is kept. Without a writable cache folder, ``make()`` simply runs each time.
    """
    folder = table_cache()
    if folder is None:
        return make()
    target = folder / f"{key}.pkl"
    try:
        return pd.read_pickle(target)
    except Exception:  # missing, partial or from another pandas: make it afresh
        pass
    value = make()
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        os.close(fd)
        pd.to_pickle(value, tmp)
        os.replace(tmp, target)
    except OSError:  # a read-only checkout or a full disk: making it each time is fine
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return value


def _validated(path: Path, schema: str | pa.DataFrameSchema) -> pd.DataFrame:
    """Return the validated table, from the disk cache when this very file passed before."""
    if not isinstance(schema, str):  # a schema object made on the fly has no stable name
        return _read_table(path, schema)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return cached_on_disk(f"{schema}-{digest[:32]}-{_schema_version()}",  # pandera on a miss only
                          lambda: _read_table(path, getattr(schemas, schema)))


#: Validated tables, keyed on (path, mtime, size, loader): a changed file is re-read.
_CACHE: dict[tuple, pd.DataFrame] = {}


def _parts(path: Path) -> list[Path]:
    """Return the files of ``path``: a shapefile is several."""
    if path.suffix.lower() != ".shp":
        return [path]
    return [path, *(path.with_suffix(ext) for ext in (".shx", ".dbf", ".prj", ".cpg"))]


def _memo(path: Path, tag: str, load: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """Return ``load()`` for ``path``, re-running it only when the file changed."""
    key = (path.resolve(), tag, *((p.stat().st_mtime_ns, p.stat().st_size) if p.exists()
                                  else None for p in _parts(path)))
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = load()
    return _CACHE[key].copy()


def _read_table(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    from pandera.errors import SchemaErrors

    if path.stat().st_size == 0:
        raise DataError(path, "file is empty")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(path, f"cannot be parsed as CSV ({exc})") from exc
    if frame.empty:
        raise DataError(path, "file has a header but no rows")
    for name, column in schema.columns.items():  # "False" must not coerce to True
        if name in frame.columns and str(column.dtype) == "bool":
            parsed = frame[name].str.strip().str.lower().map(_BOOLEANS)
            bad = parsed.isna()
            if bad.any():
                i = int(bad.to_numpy().argmax())
                raise DataError(path, f"value {frame[name].iloc[i]!r} is not true or false",
                                row=i + 2, column=name)
            frame[name] = parsed.astype(bool)
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as err:
        raise _explain(path, frame, err) from None


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Return the registry of raw sources (``data/sources.csv``), validated.

    Every raw file the build reads, with its producer, licence and SHA-256
    (:mod:`alliances.tooling.raw` fetches and checks them).
    """
    return read_table(Path(path) if path else data_dir() / "sources.csv", "SOURCES")


def load_states(path: str | Path | None = None) -> pd.DataFrame:
    """Return the reference list of states (``data/reference/states.csv``)."""
    return read_table(Path(path) if path else data_dir() / "reference" / "states.csv",
                      "STATES")


def state_names() -> pd.Series:
    """Return English names by ISO code: the reference list first, then Natural Earth's.

    Examples
    --------
    >>> names = state_names()
    >>> names["TUR"], names["MNG"]
    ('Türkiye', 'Mongolia')
    >>> bool(names.index.isna().any())  # units without a code (Siachen Glacier) are left out
    False
    """
    countries = load_countries()
    fallback = countries.dropna(subset=["iso3"]).drop_duplicates("iso3").set_index("iso3")["name"]
    ours = load_states().set_index("iso3")["name"]
    return pd.concat([ours, fallback[~fallback.index.isin(ours.index)]]).rename("name")


def check_known(frame: pd.DataFrame, path: Path, known: set[str], column: str = "iso3") -> None:
    """Raise :class:`DataError` on the first code in ``column`` not in ``known``."""
    bad = frame[column].notna() & ~frame[column].isin(known)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DataError(path, f"unknown state code {frame[column].iloc[i]!r} "
                        "(not in data/reference/states.csv)", row=i + 2, column=column)


def load_events(path: str | Path | None = None) -> pd.DataFrame:
    """Return the membership events (``data/membership/events.csv``), validated.

    Beyond the schema, every state code must be in the reference list and no
    state may leave an organisation before it has joined it.
    """
    path = Path(path) if path else data_dir() / "membership" / "events.csv"
    if not path.is_file():
        raise DataError(path, "file not found")
    return _memo(path, "events", lambda: _check_events(path, read_table(path, "EVENTS")))


def _check_events(path: Path, events: pd.DataFrame) -> pd.DataFrame:
    check_known(events, path, set(load_states()["iso3"]))
    states = events[events["iso3"].notna()]
    joins = states[states["status"].isin(["member", "signatory"])]
    first_in = joins.groupby(["org", "iso3"])["date"].min().rename("first_in")
    outs = states[states["status"].isin(["left", "suspended", "frozen"])].join(
        first_in, on=["org", "iso3"])
    early = outs[~(outs["date"] > outs["first_in"])]  # also true where there is no join
    if len(early):
        raise DataError(path, "exit or suspension dated before the state joined "
                        "(or with no joining event)", row=int(early.index.min()) + 2,
                        column="date")
    return events


def load_spending(path: str | Path | None = None) -> pd.DataFrame:
    """Return the SIPRI extract (``data/spending/sipri_milex.csv``), validated."""
    path = Path(path) if path else data_dir() / "spending" / "sipri_milex.csv"
    table = read_table(path, "SPENDING")
    check_known(table, path, set(load_states()["iso3"]))
    return table


def load_population_gdp(path: str | Path | None = None) -> pd.DataFrame:
    """Return World Bank population and GDP (``data/worldbank/population_gdp.csv``)."""
    path = Path(path) if path else data_dir() / "worldbank" / "population_gdp.csv"
    return read_table(path, "POPULATION_GDP")


def load_places(path: str | Path | None = None) -> pd.DataFrame:
    """Return the places the thesis names (``data/geography/places.csv``)."""
    path = Path(path) if path else data_dir() / "geography" / "places.csv"
    return read_table(path, "PLACES")


def load_ne_units(path: str | Path | None = None) -> pd.DataFrame:
    """Return the mapping of Natural Earth special units to sovereign states."""
    path = Path(path) if path else data_dir() / "geography" / "ne_units.csv"
    return read_table(path, "NE_UNITS")


def load_published_lengths(path: str | Path | None = None) -> pd.DataFrame:
    """Return published border lengths to compare ours with.

    The file is ``data/geography/published_lengths.csv`` (hand-curated, with sources).
    """
    path = Path(path) if path else data_dir() / "geography" / "published_lengths.csv"
    return read_table(path, "PUBLISHED_LENGTHS")


def load_approaches(path: str | Path | None = None) -> pd.DataFrame:
    """Return the CSTO's approaches to NATO (``data/cooperation/approaches.csv``)."""
    path = Path(path) if path else data_dir() / "cooperation" / "approaches.csv"
    return read_table(path, "APPROACHES")


def read_layer(path: str | Path, fields: dict[str, str], geom_types: set[str]) -> gpd.GeoDataFrame:
    """Read a vector layer and check its CRS, fields and geometries.

    Parameters
    ----------
    path : str or Path
        A shapefile (or any format pyogrio reads).
    fields : dict
        Required attribute fields (name -> description).
    geom_types : set of str
        Allowed geometry types, e.g. ``{"LineString", "MultiLineString"}``.

    Returns
    -------
    geopandas.GeoDataFrame

    Raises
    ------
    DataError
        On a missing file or field, a CRS other than EPSG:4326, or an empty,
        invalid or wrongly typed geometry (the row is the 1-based feature number).

    """
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found")
    tag = f"layer-{','.join(fields)}-{','.join(sorted(geom_types))}"
    for part in _parts(path):  # GDAL opens them itself, unseen by Python's audit hook
        record_read(part)
    return _memo(path, tag, lambda: _read_layer(path, fields, geom_types))


def _read_layer(path: Path, fields: dict[str, str], geom_types: set[str]) -> gpd.GeoDataFrame:
    try:
        import geopandas as gpd

        layer = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for broken files
        raise DataError(path, f"cannot be read as a vector layer ({exc})") from exc
    if layer.crs is None or layer.crs != CRS:
        raise DataError(path, f"CRS is {layer.crs.to_string() if layer.crs else 'missing'}, "
                        f"expected {CRS} (longitude/latitude on WGS84)")
    for field in fields:
        if field not in layer.columns:
            raise DataError(path, f"required field {field!r} is missing", column=field)
    geom = layer.geometry
    problems = geom.isna() | geom.is_empty
    problems |= ~geom.geom_type.isin(list(geom_types)) & ~problems
    problems |= ~geom.is_valid & ~problems
    if problems.any():
        i = int(problems.to_numpy().argmax())
        reason = ("empty geometry" if geom.iloc[i] is None or geom.iloc[i].is_empty
                  else f"geometry type {geom.iloc[i].geom_type} not in {sorted(geom_types)}"
                  if geom.iloc[i].geom_type not in geom_types
                  else "invalid geometry (self-intersection or similar)")
        raise DataError(path, reason, row=i + 1, column="geometry")
    return layer


def load_boundaries(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Return the 1:10m land boundary lines (``data/geography/boundaries.shp``)."""
    path = Path(path) if path else data_dir() / "geography" / "boundaries.shp"
    layer = read_layer(path, schemas.BOUNDARY_FIELDS, {"LineString", "MultiLineString"})
    for side in ("iso3_l", "iso3_r"):
        bad = layer[side].notna() & ~layer[side].astype(str).str.fullmatch(schemas.ISO3)
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise DataError(path, f"malformed state code {layer[side].iloc[i]!r}",
                            row=i + 1, column=side)
    return layer


def load_disputed_areas(path: str | Path | None = None) -> pd.DataFrame:
    """Return the disputed and breakaway areas with their dates (``disputed_areas.csv``)."""
    path = Path(path) if path else data_dir() / "geography" / "disputed_areas.csv"
    return read_table(path, "DISPUTED_AREAS")


def load_disputed(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Return the polygons of the disputed areas (``data/geography/disputed.shp``)."""
    path = Path(path) if path else data_dir() / "geography" / "disputed.shp"
    return read_layer(path, schemas.DISPUTED_FIELDS, {"Polygon", "MultiPolygon"})


def load_nato_expenditure(path: str | Path | None = None) -> pd.DataFrame:
    """Return NATO's own defence-expenditure figures, 2012-2019 (``data/nato/``)."""
    path = Path(path) if path else data_dir() / "nato" / "defence_expenditure.csv"
    return read_table(path, "NATO_EXPENDITURE")


def load_arms_imports(path: str | Path | None = None) -> pd.DataFrame:
    """Return the curated SIPRI arms-transfer extract (``data/arms/tiv_imports.csv``)."""
    path = Path(path) if path else data_dir() / "arms" / "tiv_imports.csv"
    return read_table(path, "ARMS_IMPORTS")


def load_institutions(path: str | Path | None = None) -> pd.DataFrame:
    """Return the institutional-depth table of NATO and the CSTO (``data/institutions/``)."""
    path = Path(path) if path else data_dir() / "institutions" / "institutions.csv"
    return read_table(path, "INSTITUTIONS")


def load_countries(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Return the 1:50m country polygons (``data/geography/countries.shp``)."""
    path = Path(path) if path else data_dir() / "geography" / "countries.shp"
    return read_layer(path, schemas.COUNTRY_FIELDS, {"Polygon", "MultiPolygon"})


def load_roll_calls(path: str | Path | None = None) -> pd.DataFrame:
    """Return the UN General Assembly roll calls of the extract (``data/unvotes/``)."""
    path = Path(path) if path else data_dir() / "unvotes" / "roll_calls.csv"
    return read_table(path, "UN_ROLL_CALLS")


def load_un_votes(path: str | Path | None = None) -> pd.DataFrame:
    """Return the UN General Assembly votes, one row per roll call, one column per state."""
    path = Path(path) if path else data_dir() / "unvotes" / "votes.csv"
    return read_table(path, "UN_VOTES")


def load_later_votes(path: str | Path | None = None) -> pd.DataFrame:
    """Return the curated votes on General Assembly resolutions after 2019.

    The file is ``data/unvotes/later_votes.csv``: one row per resolution and state, with the
    Assembly's totals, the state's vote and where it was read. Beyond the schema, the totals
    must agree on every row of a resolution, and a row without a vote, or whose source is not
    a UN record, must carry an ``uncertain:`` note.

    Raises
    ------
    DataError
        Naming the file, row and column of the first problem.
    """
    path = Path(path) if path else data_dir() / "unvotes" / "later_votes.csv"
    if not path.is_file():
        raise DataError(path, "file not found")
    return _memo(path, "later-votes",
                 lambda: _check_later_votes(path, read_table(path, "UN_LATER_VOTES")))


#: Web hosts whose pages count as the UN's own records in ``later_votes.csv``.
UN_RECORD_HOSTS = ("https://press.un.org/", "https://news.un.org/", "https://unric.org/",
                   "https://digitallibrary.un.org/", "https://docs.un.org/")


def _check_later_votes(path: Path, table: pd.DataFrame) -> pd.DataFrame:
    totals = table.groupby("resolution")[["date", "title", "yes", "no", "abstain"]].nunique()
    bad = totals[(totals > 1).any(axis=1)]
    if len(bad):
        first = bad.index[0]
        column = str((bad.loc[first] > 1).idxmax())
        row = int(table.index[(table["resolution"] == first)][1]) + 2
        raise DataError(path, f"{column} differs between rows of {first}", row=row, column=column)
    over = table[["yes", "no", "abstain"]].sum(axis=1) > 193
    if over.any():
        raise DataError(path, "yes + no + abstain exceeds the 193 UN members",
                        row=int(over.to_numpy().argmax()) + 2, column="yes")
    official = table["source_url"].str.startswith(UN_RECORD_HOSTS)
    unmarked = (table["vote"].isna() | ~official) & table["note"].isna()
    if unmarked.any():
        i = int(unmarked.to_numpy().argmax())
        raise DataError(path, "a vote without a UN record needs an 'uncertain:' note",
                        row=i + 2, column="note")
    return table
