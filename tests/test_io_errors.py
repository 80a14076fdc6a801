"""Bad input fails loudly, naming the file, the row and the column."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from shapely import LineString, Polygon

from alliances import io, schemas
from alliances.errors import DataError

from .conftest import EVENTS_HEADER

SPENDING_HEADER = "iso3,year,milex_const_usd_m,price_base_year,milex_share_gdp_pct\n"


def _error(func, *args) -> DataError:
    with pytest.raises(DataError) as info:
        func(*args)
    return info.value


def test_message_names_file_row_and_column(write):
    path = write("s.csv", SPENDING_HEADER + "USA,2010,100.0,2023,4.0\nGBR,2010,-5,2023,2.0\n")
    err = _error(io.load_spending, path)
    assert err.path == str(path) and err.row == 3 and err.column == "milex_const_usd_m"
    assert str(err).startswith(f"{path}, row 3, column milex_const_usd_m: ")
    assert "-5" in str(err)


def test_missing_column(write):
    path = write("s.csv", "iso3,year,milex_const_usd_m,price_base_year\nUSA,2010,1.0,2023\n")
    err = _error(io.load_spending, path)
    assert err.column == "milex_share_gdp_pct" and "missing" in str(err)


def test_unexpected_column(write):
    path = write("s.csv", SPENDING_HEADER.strip() + ",extra\nUSA,2010,1.0,2023,1.0,x\n")
    assert "unexpected column 'extra'" in str(_error(io.load_spending, path))


def test_unknown_state_code(write):
    path = write("s.csv", SPENDING_HEADER + "USA,2010,1.0,2023,1.0\nXYZ,2010,1.0,2023,1.0\n")
    err = _error(io.load_spending, path)
    assert (err.row, err.column) == (3, "iso3") and "XYZ" in str(err)


def test_malformed_state_code(write):
    path = write("s.csv", SPENDING_HEADER + "usa,2010,1.0,2023,1.0\n")
    err = _error(io.load_spending, path)
    assert (err.row, err.column) == (2, "iso3")


def test_duplicate_key(write):
    path = write("s.csv", SPENDING_HEADER + "USA,2010,1.0,2023,1.0\nUSA,2011,1.0,2023,1.0\n"
                 "USA,2010,2.0,2023,1.0\n")
    err = _error(io.load_spending, path)
    assert "duplicate key" in str(err)
    assert err.row in (2, 4)


@pytest.mark.parametrize("marker", [". .", "xxx", "..."])
def test_sipri_marker_in_curated_file(write, marker):
    path = write("s.csv", SPENDING_HEADER + f"USA,2010,{marker},2023,1.0\n")
    err = _error(io.load_spending, path)
    assert (err.row, err.column) == (2, "milex_const_usd_m")
    assert "SIPRI marker" in str(err) and "never markers or zero" in str(err)


def test_non_numeric_value(write):
    path = write("s.csv", SPENDING_HEADER + "USA,2010,lots,2023,1.0\n")
    err = _error(io.load_spending, path)
    assert (err.row, err.column) == (2, "milex_const_usd_m") and "'lots'" in str(err)


def test_empty_file(write):
    assert "file is empty" in str(_error(io.load_spending, write("s.csv", "")))


def test_header_only_file(write):
    assert "no rows" in str(_error(io.load_spending, write("s.csv", SPENDING_HEADER)))


def test_missing_file(tmp_path):
    assert "file not found" in str(_error(io.load_spending, tmp_path / "nope.csv"))


def test_exit_before_entry(write):
    path = write("e.csv", EVENTS_HEADER
                 + "cst,UZB,non_renewal,1990-01-01,left,Src,,single,\n"
                 + "cst,UZB,entry_into_force,1994-04-20,member,Src,,confirmed,\n")
    err = _error(io.load_events, path)
    assert (err.row, err.column) == (2, "date") and "before the state joined" in str(err)


def test_exit_without_entry(write):
    path = write("e.csv", EVENTS_HEADER + "cis,GEO,withdrawal,2009-08-18,left,Src,,single,\n")
    assert "no joining event" in str(_error(io.load_events, path))


def test_malformed_date(write):
    path = write("e.csv", EVENTS_HEADER + "nato,USA,accession,1949-13-01,member,Src,,confirmed,\n")
    err = _error(io.load_events, path)
    assert (err.row, err.column) == (2, "date")


def test_unknown_organisation(write):
    path = write("e.csv", EVENTS_HEADER + "warsaw,POL,accession,1955-05-14,member,Src,,single,\n")
    err = _error(io.load_events, path)
    assert (err.row, err.column) == (2, "org") and "'warsaw'" in str(err)


def test_event_without_source(write):
    path = write("e.csv", EVENTS_HEADER + "nato,USA,accession,1949-08-24,member,,,confirmed,\n")
    err = _error(io.load_events, path)
    assert (err.row, err.column) == (2, "source")


def test_unknown_code_in_events(write):
    path = write("e.csv", EVENTS_HEADER + "nato,SUN,accession,1949-08-24,member,Src,,single,\n")
    err = _error(io.load_events, path)
    assert (err.row, err.column) == (2, "iso3") and "SUN" in str(err)


def test_csv_that_is_not_csv(write):
    path = write("s.csv", SPENDING_HEADER + 'USA,2010,"1.0,2023,1.0\n')
    assert "cannot be parsed" in str(_error(io.load_spending, path))


# --------------------------------------------------------------------- vector layers
def _lines(crs="EPSG:4326", geometry=None, **attrs):
    data = {"ne_a3_l": ["EST"], "ne_a3_r": ["RUS"], "iso3_l": ["EST"], "iso3_r": ["RUS"],
            "type": ["Land"], "class": ["International boundary (verify)"], "area_id": [None]}
    data.update(attrs)
    geometry = geometry or [LineString([(27.0, 57.5), (28.0, 59.0)])]
    return gpd.GeoDataFrame(data, geometry=geometry, crs=crs)


def test_valid_layer_loads(tmp_path):
    path = tmp_path / "b.shp"
    _lines().to_file(path)
    assert len(io.load_boundaries(path)) == 1


def test_wrong_crs(tmp_path):
    path = tmp_path / "b.shp"
    _lines().to_crs("EPSG:3857").to_file(path)
    err = _error(io.load_boundaries, path)
    assert "EPSG:3857" in str(err) and "expected EPSG:4326" in str(err)


def test_missing_crs(tmp_path):
    path = tmp_path / "b.shp"
    _lines().to_file(path)
    (tmp_path / "b.prj").unlink()  # a shapefile without its .prj has no CRS
    assert "CRS is missing" in str(_error(io.load_boundaries, path))


def test_invalid_geometry(tmp_path):
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    ok = Polygon([(0, 0), (1, 0), (1, 1), (0, 0)])
    path = tmp_path / "c.shp"
    gpd.GeoDataFrame({"ne_a3": ["AAA", "BBB"], "iso3": ["AAA", "BBB"], "name": ["a", "b"]},
                     geometry=[ok, bowtie], crs="EPSG:4326").to_file(path)
    err = _error(io.load_countries, path)
    assert (err.row, err.column) == (2, "geometry") and "invalid geometry" in str(err)


def test_wrong_geometry_type(tmp_path):
    path = tmp_path / "c.shp"
    _lines().rename(columns={"ne_a3_l": "ne_a3", "iso3_l": "iso3", "type": "name"}).to_file(path)
    err = _error(io.load_countries, path)
    assert "LineString" in str(err) and err.row == 1


def test_missing_field(tmp_path):
    path = tmp_path / "b.shp"
    _lines().drop(columns="iso3_r").to_file(path)
    err = _error(io.load_boundaries, path)
    assert err.column == "iso3_r" and "missing" in str(err)


def test_malformed_code_in_layer(tmp_path):
    path = tmp_path / "b.shp"
    _lines(iso3_r=["Russia"]).to_file(path)
    err = _error(io.load_boundaries, path)
    assert (err.row, err.column) == (1, "iso3_r")


def test_broken_shapefile(tmp_path):
    path = tmp_path / "b.shp"
    _lines().to_file(path)
    path.write_bytes(path.read_bytes()[:60])  # truncated geometry file
    assert re.search(r"cannot be read as a vector layer", str(_error(io.load_boundaries, path)))


def test_schema_field_docs_are_complete():
    for schema in (schemas.STATES, schemas.EVENTS, schemas.SPENDING, schemas.POPULATION_GDP,
                   schemas.PLACES, schemas.NE_UNITS, schemas.SOURCES):
        for name, column in schema.columns.items():
            assert column.description, f"{schema.name}.{name} has no description"


def test_edited_file_is_read_again(write):
    path = write("s.csv", SPENDING_HEADER + "USA,2010,100.0,2023,4.0\n")
    assert len(io.load_spending(path)) == 1
    path.write_text(SPENDING_HEADER + "USA,2010,100.0,2023,4.0\nUSA,2010,1.0,2023,1.0\n")
    assert "duplicate key" in str(_error(io.load_spending, path))


def test_loaded_tables_are_copies():
    first = io.load_states()
    first.loc[0, "name"] = "changed"
    assert io.load_states().loc[0, "name"] != "changed"


def test_shapefile_sidecar_change_is_noticed(tmp_path):
    path = tmp_path / "b.shp"
    _lines().to_file(path)
    assert len(io.load_boundaries(path)) == 1
    (tmp_path / "b.prj").unlink()
    assert "CRS is missing" in str(_error(io.load_boundaries, path))
