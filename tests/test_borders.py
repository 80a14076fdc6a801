"""Geodesic border lengths on purpose-made lines and on the real layer."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Geod
from shapely import LineString, MultiLineString

from alliances import io
from alliances.measures import borders

from .conftest import missing


def _layer(rows):
    return gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["iso3_l", "iso3_r", "type", "geometry"]),
        geometry="geometry", crs="EPSG:4326")


def test_equator_degree():
    s = gpd.GeoSeries([LineString([(0, 0), (1, 0)])], crs="EPSG:4326")
    # 1 degree of the WGS84 equator: a * pi / 180
    assert math.isclose(borders.line_lengths_km(s).iloc[0], 6378.137 * math.pi / 180,
                        rel_tol=1e-9)


def test_meridian_quadrant():
    # equator to pole along a meridian: 10,001.966 km on WGS84
    s = gpd.GeoSeries([LineString([(0, 0), (0, 45), (0, 90)])], crs="EPSG:4326")
    assert math.isclose(borders.line_lengths_km(s).iloc[0], 10001.965729, abs_tol=1e-3)


def test_multiline_sums_parts():
    line = MultiLineString([[(10, 50), (11, 50)], [(20, 60), (20, 61)]])
    expect = (Geod(ellps="WGS84").line_length([10, 11], [50, 50])
              + Geod(ellps="WGS84").line_length([20, 20], [60, 61])) / 1000
    got = borders.line_lengths_km(gpd.GeoSeries([line], crs="EPSG:4326")).iloc[0]
    assert math.isclose(got, expect, rel_tol=1e-12)


def test_wrong_crs_is_refused():
    s = gpd.GeoSeries([LineString([(0, 0), (1000, 0)])], crs="EPSG:3857")
    with pytest.raises(ValueError, match="must be in EPSG:4326"):
        borders.line_lengths_km(s)


def test_pairs_sum_segments_and_drop_internal_lines():
    layer = _layer([
        ("EST", "RUS", "Land", LineString([(27, 58), (27, 59)])),
        ("RUS", "EST", "Water Indicator", LineString([(27, 59), (27, 59.5)])),
        ("KAZ", "KAZ", "Land", LineString([(63, 45), (64, 46)])),  # Baikonur mapped to KAZ
        ("KAS", None, "Land", LineString([(77, 35), (77, 36)])),  # unmapped disputed unit
    ])
    pairs = borders.pair_lengths(layer)
    assert pairs[["a", "b"]].to_numpy().tolist() == [["EST", "RUS"]]
    assert pairs["segments"].iloc[0] == 2
    dry = borders.pair_lengths(layer, include_water=False)
    assert dry["length_km"].iloc[0] < pairs["length_km"].iloc[0]


def test_border_length_unknown_code():
    pairs = pd.DataFrame({"a": ["EST"], "b": ["RUS"], "length_km": [1.0], "segments": [1]})
    assert borders.border_length("RUS", "EST", pairs) == 1.0
    with pytest.raises(ValueError, match="unknown state code 'XXX'"):
        borders.border_length("EST", "XXX", pairs)


def test_bloc_border_changes_on_the_exact_day(toy_events):
    pairs = pd.DataFrame({"a": ["FIN", "POL", "BLR"], "b": ["RUS", "RUS", "POL"],
                          "length_km": [1000.0, 200.0, 300.0], "segments": [1, 1, 1]})
    day_before = borders.bloc_border("nato", "csto", "2009-06-30", pairs=pairs,
                                     events=toy_events)
    day_of = borders.bloc_border("nato", "csto", "2009-07-01", pairs=pairs, events=toy_events)
    assert day_before.total_km == 500.0  # POL-RUS + POL-BLR (BLR frozen, still counted)
    assert day_of.total_km == 1500.0
    assert day_of.pairs.iloc[0][["iso3_a", "iso3_b"]].tolist() == ["FIN", "RUS"]


# --------------------------------------------------------------------- real data
def test_real_special_units_are_mapped():
    pairs = borders.default_pairs()
    codes = set(pairs["a"]) | set(pairs["b"])
    assert not codes & {"KAB", "CYN", "CNM", "ESB", "WSB", "SOL", "KAS"}
    assert "KAZ" in codes and "CYP" in codes


def test_real_finland_joins_the_contact_line():
    before = borders.bloc_border("nato", "csto", "2023-04-03")
    after = borders.bloc_border("nato", "csto", "2023-04-04")
    fin_rus = borders.border_length("FIN", "RUS")
    assert math.isclose(after.total_km - before.total_km, fin_rus)
    assert 1100 < fin_rus < 1400  # published figure ~1,340 km; 1:10m generalises


def test_real_2011_pairs():
    b = borders.bloc_border("nato", "csto", "2011-09-01")
    got = {frozenset(p) for p in b.pairs[["iso3_a", "iso3_b"]].to_numpy().tolist()}
    assert got == {frozenset(p) for p in [
        ("NOR", "RUS"), ("EST", "RUS"), ("LVA", "RUS"), ("LTU", "RUS"), ("POL", "RUS"),
        ("LVA", "BLR"), ("LTU", "BLR"), ("POL", "BLR"), ("TUR", "ARM")]}


def test_alignment_priorities(toy_events):
    a = borders.alignments("2009-06-01", toy_events)
    assert a["USA"] == "nato" and a["RUS"] == "csto"
    assert a["UZB"] == "suspended" and a["BLR"] == "frozen"
    assert a["CHN"] == "neither"


def test_outer_frontier_and_neighbours(toy_events):
    pairs = pd.DataFrame({"a": ["BLR", "BLR", "CHN", "KAZ"], "b": ["POL", "RUS", "RUS", "RUS"],
                          "length_km": [300.0, 900.0, 3500.0, 6600.0], "segments": 1})
    f = borders.outer_frontier("csto", "2005-01-01", pairs=pairs, events=toy_events)
    assert f[["member", "outsider"]].to_numpy().tolist() == [
        ["RUS", "KAZ"], ["RUS", "CHN"], ["BLR", "POL"]]
    n = borders.neighbours("RUS", "2005-01-01", pairs=pairs, events=toy_events)
    assert n.set_index("iso3")["alignment"].to_dict() == {
        "KAZ": "neither", "CHN": "neither", "BLR": "csto"}
    with pytest.raises(ValueError, match="unknown state code 'XXX'"):
        borders.neighbours("XXX", "2005-01-01", pairs=pairs, events=toy_events)


def test_series_and_changes(toy_events):
    pairs = pd.DataFrame({"a": ["FIN", "POL"], "b": ["RUS", "RUS"],
                          "length_km": [1000.0, 200.0], "segments": 1})
    s = borders.border_series("nato", "csto", "2000-01-01", "2010-01-01", pairs=pairs,
                              events=toy_events)
    assert s.loc["2001-01-01", "total_km"] == 0.0  # RUS signs the same day: a change day
    assert s.loc["2005-06-15", "total_km"] == 200.0
    assert s.loc["2009-07-01", "total_km"] == 1200.0
    c = borders.border_changes("nato", "csto", "2000-01-01", "2010-01-01", pairs=pairs,
                               events=toy_events)
    assert c[["iso3_a", "change"]].to_numpy().tolist() == [["POL", "added"], ["FIN", "added"]]


def test_frontier_series(toy_events):
    pairs = pd.DataFrame({"a": ["AFG", "AFG"], "b": ["RUS", "UZB"],
                          "length_km": [100.0, 10.0], "segments": 1})
    s = borders.frontier_series("csto", "AFG", "2001-01-01", "2009-01-01", pairs=pairs,
                                events=toy_events)
    assert s.loc["2002-06-01":"2002-12-31"].empty
    assert s.loc["2002-01-01", "members"] == "RUS, UZB"
    assert s.loc["2003-01-01", "total_km"] == 100.0  # UZB left
    assert s.loc["2006-01-01", "total_km"] == 110.0  # back
    assert s.loc["2008-01-01", "total_km"] == 100.0  # suspended


def test_distance_and_unknown_place():
    places = pd.DataFrame({"place_id": ["a", "b"], "lat": [0.0, 0.0], "lon": [0.0, 1.0]})
    assert math.isclose(borders.distance_km("a", "b", places), 6378.137 * math.pi / 180,
                        rel_tol=1e-9)
    with pytest.raises(ValueError, match="unknown place 'c'"):
        borders.distance_km("a", "c", places)


def test_real_ours_shorter_than_published():
    comparison = borders.compare_published()
    # the Factbook measures the legal line on detailed maps: ours (1:10m) are shorter, by
    # up to about a third (Latvia-Russia)
    assert (comparison["ratio"] < 1.0).all() and (comparison["ratio"] > 0.6).all()
    assert comparison["source"].str.startswith("CIA World Factbook").all()


def test_checked_base_positions():
    """Kant and Manas at their aerodromes: Kant ~21 km from Bishkek's centre, ~38 from Manas."""
    assert 20 < borders.distance_km("kant", "bishkek") < 23
    assert 36 < borders.distance_km("kant", "manas") < 40
    places = io.load_places().set_index("place_id")
    for base in ("kant", "manas"):
        assert "Wikipedia" in places.loc[base, "coord_source"]
        assert places.loc[base, "uncertainty_km"] <= 2


def test_real_uzbekistan_and_the_afghan_frontier():
    s = borders.frontier_series("csto", "AFG")
    tjk, uzb = borders.border_length("TJK", "AFG"), borders.border_length("UZB", "AFG")
    assert math.isclose(s.loc["1998-01-01", "total_km"], tjk + uzb)
    assert math.isclose(s.loc["2000-01-01", "total_km"], tjk)
    assert math.isclose(s.loc["2006-08-16", "total_km"], tjk + uzb)
    assert math.isclose(s.loc["2012-12-19", "total_km"], tjk)


# --- boundaries as they were on the date --------------------------------------------------
def test_crimea_isthmus_counts_only_from_the_annexation():
    day_before, day_of = "2014-03-17", "2014-03-18"
    isthmus = borders.boundaries_on(day_of)
    isthmus = float(borders.line_lengths_km(
        isthmus[isthmus["area_id"] == "crimea"].geometry).sum())
    assert 140 < isthmus < 155  # the Perekop line, about 147 km
    before = borders.border_length("RUS", "UKR", on=day_before)
    after = borders.border_length("RUS", "UKR", on=day_of)
    assert after - before == pytest.approx(isthmus)
    assert borders.border_length("RUS", "UKR") == pytest.approx(after)  # no date: today


def test_neighbours_of_russia_differ_by_the_isthmus_line():
    old = borders.neighbours("RUS", "2011-09-01").set_index("iso3")["length_km"]
    new = borders.neighbours("RUS", "2024-06-01").set_index("iso3")["length_km"]
    diff = (new - old.reindex(new.index, fill_value=0)).round(6)
    assert set(diff[diff != 0].index) == {"UKR"}
    assert diff["UKR"] == pytest.approx(147, abs=2)


def test_crimea_on_the_map_changes_hands_on_the_day():
    before = borders.countries_on("2014-03-17").set_index("iso3")["geometry"]
    after = borders.countries_on("2014-03-18").set_index("iso3")["geometry"]
    crimea = io.load_disputed().set_index("area_id").loc["crimea", "geometry"]
    point = crimea.representative_point()
    assert before["UKR"].contains(point) and not before["RUS"].contains(point)
    assert after["RUS"].contains(point) and not after["UKR"].contains(point)
    assert set(borders.disputed_on("2014-03-17")["area_id"]) == {
        "abkhazia", "south_ossetia", "transnistria", "nagorno_karabakh"}
    assert "crimea" in set(borders.disputed_on("2014-03-18")["area_id"])
    assert "nagorno_karabakh" not in set(borders.disputed_on("2024-01-01")["area_id"])


def test_bloc_border_is_unaffected_by_crimea():
    a = borders.bloc_border("nato", "csto", "2014-03-17").total_km
    b = borders.bloc_border("nato", "csto", "2014-03-18").total_km
    assert a == pytest.approx(b)


# --- published lengths: the CIA World Factbook --------------------------------------------
def test_factbook_border_text_is_parsed():
    from alliances.errors import DataError
    from alliances.tooling import build
    parts = build.parse_border_countries(
        "Azerbaijan 338 km; China (southeast) 4,133 km and China (south) 46 km; "
        "Lithuania (Kaliningrad Oblast) 261 km")
    assert parts["China"]["km"] == 4179.0 and parts["Azerbaijan"]["km"] == 338.0
    assert parts["China"]["notes"] == ["southeast 4,133 km", "south 46 km"]
    assert parts["Lithuania"]["notes"] == ["Kaliningrad Oblast 261 km"]
    assert build.parse_border_countries("Niger 838 km, Senegal 489 km")["Senegal"]["km"] == 489
    with pytest.raises(DataError) as info:
        build.parse_border_countries("Ruritania about a day's ride", "xx.json")
    assert info.value.column == "Land boundaries" and "Ruritania" in str(info.value)


def test_published_lengths_are_the_raw_factbooks():
    """Every row of published_lengths.csv is rebuilt, byte for byte, from the raw profiles."""
    from alliances import paths
    from alliances.tooling import build
    mirror = paths.default_mirror()
    if mirror is None or not (mirror / "factbook").is_dir():
        missing("no raw mirror with the Factbook")
    files = {rel: mirror / "factbook" / rel for rel in build.FACTBOOK_PROFILES.values()}
    table = build.read_factbook_lengths(files)
    committed = io.load_published_lengths()
    pd.testing.assert_frame_equal(table, committed, check_dtype=False)
    # the figures are the Factbook's own text, e.g. Tajikistan's border with Afghanistan,
    # and the neighbour's profile gives the same length
    import json
    ti = json.loads(files["central-asia/ti.json"].read_text(encoding="utf-8"))
    assert "Afghanistan 1,357 km" in ti["Geography"]["Land boundaries"]["border countries"][
        "text"]
    kz = json.loads((mirror / "factbook" / "central-asia" / "kz.json").read_text())
    assert "Russia 7,644 km" in kz["Geography"]["Land boundaries"]["border countries"]["text"]
    row = committed[(committed["a"] == "KAZ") & (committed["b"] == "RUS")].iloc[0]
    assert row["published_km"] == 7644.0


def test_factbook_profile_errors_name_the_file(tmp_path):
    from alliances.errors import DataError
    from alliances.tooling import build
    bad = tmp_path / "rs.json"
    bad.write_text('{"Geography": {}}')
    files = {rel: bad for rel in build.FACTBOOK_PROFILES.values()}
    with pytest.raises(DataError, match="not a Factbook profile") as info:
        build.read_factbook_lengths(files)
    assert str(bad) in str(info.value)
