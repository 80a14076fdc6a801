"""Land-border lengths between states and between blocs.

Method
------
Lengths are measured on the WGS84 ellipsoid: each boundary line of the
Natural Earth 1:10m *Admin 0 - boundary lines (land)* layer is summed as a chain
of geodesics between its vertices (:meth:`pyproj.Geod.geometry_length`), so no
map projection distorts them. Each line carries the states on its two sides;
special units (Baikonur, Northern Cyprus, ...) are mapped to sovereign states
with ``data/geography/ne_units.csv``, and lines with the same state on both
sides after mapping (e.g. Kazakhstan-Baikonur) are dropped. Lines through lakes
and rivers (type ``Water Indicator``) are included unless excluded.

At 1:10m the boundaries are generalised: wiggly borders come out shorter than
published figures measured on larger-scale maps. Natural Earth draws de facto
boundaries (its ``class`` field marks disputed ones).

Boundaries as they were on the date
-----------------------------------
Every length and map for a date uses that date's boundaries. Natural Earth draws
today's de facto lines; ``data/geography/disputed_areas.csv`` says who held each
disputed area from when. A line that exists only because another state holds an area
(Crimea's isthmus line between Russia and Ukraine, tagged ``area_id`` in the boundary
layer) counts only from the day that state took the area (Russia's annexation of
Crimea, 18 March 2014); before it, the line is internal to the area's own state. On
maps, such an area is drawn with its own state before that day, and hatched as
disputed after it; breakaway areas (Abkhazia, South Ossetia, Transnistria,
Nagorno-Karabakh) are hatched while they last. Without a date, lengths are today's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyproj import Geod

from alliances import io
from alliances.measures import membership
from alliances.paths import data_dir, inputs_fingerprint

GEOD = Geod(ellps="WGS84")


def line_lengths_km(lines: gpd.GeoSeries) -> pd.Series:
    """Return the geodesic length in km of each (multi)line on the WGS84 ellipsoid.

    Parameters
    ----------
    lines : geopandas.GeoSeries
        Lines in longitude/latitude (EPSG:4326).

    Examples
    --------
    One degree of longitude along the equator is 111.32 km on WGS84:

    >>> from shapely import LineString
    >>> s = gpd.GeoSeries([LineString([(0, 0), (1, 0)])], crs="EPSG:4326")
    >>> round(float(line_lengths_km(s).iloc[0]), 3)
    111.319

    """
    if lines.crs is None or lines.crs != io.CRS:
        raise ValueError(f"lines must be in {io.CRS}, got {lines.crs}")
    return pd.Series([GEOD.geometry_length(g) / 1000 for g in lines], index=lines.index,
                     dtype=float)


def pair_lengths(boundaries: gpd.GeoDataFrame, *, include_water: bool = True) -> pd.DataFrame:
    """Sum boundary lines into one length per pair of sovereign states.

    Lines are measured with :func:`line_lengths_km` unless ``boundaries`` already has a
    ``length_km`` column (lines measured once and reused).

    Returns
    -------
    pandas.DataFrame
        Columns ``a``, ``b`` (ISO codes, ``a < b``), ``length_km``, ``segments``.

    """
    lines = boundaries if include_water else boundaries[boundaries["type"] != "Water Indicator"]
    lines = lines[lines["iso3_l"].notna() & lines["iso3_r"].notna()
                  & (lines["iso3_l"] != lines["iso3_r"])]
    frame = pd.DataFrame({
        "a": lines[["iso3_l", "iso3_r"]].min(axis=1),
        "b": lines[["iso3_l", "iso3_r"]].max(axis=1),
        "length_km": (lines["length_km"] if "length_km" in lines
                      else line_lengths_km(lines.geometry)),
    })
    return (frame.groupby(["a", "b"], as_index=False)
            .agg(length_km=("length_km", "sum"), segments=("length_km", "size")))


def held_areas(on: str | dt.date | None = None,
               areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the disputed and breakaway areas in their de facto state on ``on``.

    Parameters
    ----------
    on : str or date, optional
        The day; default the last check of the event table (today's situation).
    areas : pandas.DataFrame, optional
        ``disputed_areas.csv``; default the curated file.

    Examples
    --------
    >>> sorted(held_areas("2011-09-01")["area_id"])
    ['abkhazia', 'nagorno_karabakh', 'south_ossetia', 'transnistria']
    >>> "crimea" in set(held_areas("2014-03-18")["area_id"])
    True
    """
    areas = io.load_disputed_areas() if areas is None else areas
    day = pd.Timestamp(membership.parse_date(on) if on else membership.EVENTS_CHECKED_ON)
    active = (areas["from_date"] <= day) & (areas["to_date"].isna() | (areas["to_date"] > day))
    return areas[active].reset_index(drop=True)


def boundaries_on(on: str | dt.date | None = None,
                  boundaries: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Return the boundary lines in force on ``on`` (default: today).

    A line tagged with a disputed area counts only while that area is held by the
    state across the line (see the module's notes).

    Examples
    --------
    >>> before, after = boundaries_on("2014-03-17"), boundaries_on("2014-03-18")
    >>> len(after) - len(before)
    1
    """
    boundaries = io.load_boundaries() if boundaries is None else boundaries
    active = set(held_areas(on)["area_id"])
    keep = boundaries["area_id"].isna() | boundaries["area_id"].isin(active)
    return boundaries[keep]


@lru_cache(maxsize=2)
def _measured_lines(path: Path, _version: tuple) -> gpd.GeoDataFrame:
    """Return the curated boundary layer with each line's geodesic length, measured once."""
    lines = io.load_boundaries(path)
    return lines.assign(length_km=line_lengths_km(lines.geometry))


@lru_cache(maxsize=16)
def _default_pairs(path: Path, _version: tuple, include_water: bool,
                   active: frozenset[str]) -> pd.DataFrame:
    lines = _measured_lines(path, _version)
    lines = lines[lines["area_id"].isna() | lines["area_id"].isin(active)]
    return pair_lengths(lines, include_water=include_water)


def default_pairs(include_water: bool = True, on: str | dt.date | None = None) -> pd.DataFrame:
    """Return :func:`pair_lengths` of the curated boundary layer on ``on`` (default: today).

    Cached until the layer changes, once per set of areas held (so a series of dates
    costs no more than the few distinct boundary states it spans).
    """
    path = data_dir() / "geography" / "boundaries.shp"
    version = tuple((p.stat().st_mtime_ns, p.stat().st_size)
                    for p in (path, path.with_suffix(".dbf")) if p.exists())
    active = frozenset(held_areas(on)["area_id"])
    return _default_pairs(path, version, include_water, active).copy()


def border_length(a: str, b: str, pairs: pd.DataFrame | None = None,
                  on: str | dt.date | None = None) -> float:
    """Return the land-border length between states ``a`` and ``b`` in km (0 if none).

    ``on`` selects the boundaries of that day (default: today); ``pairs`` overrides both.

    Raises
    ------
    ValueError
        If either code is unknown to the boundary layer.

    Examples
    --------
    >>> round(border_length("EST", "RUS"))
    284
    >>> round(border_length("RUS", "UKR", on="2014-03-18") - border_length("RUS", "UKR",
    ...                                                                   on="2014-03-17"))
    147

    """
    pairs = default_pairs(on=on) if pairs is None else pairs
    known = set(pairs["a"]) | set(pairs["b"])
    for code in (a, b):
        if code not in known:
            raise ValueError(f"unknown state code {code!r}: no land border in the boundary layer")
    x, y = sorted((a, b))
    hit = pairs[(pairs["a"] == x) & (pairs["b"] == y)]
    return float(hit["length_km"].sum())


@dataclass(frozen=True)
class BlocBorder:
    """The land border between two blocs on one day.

    Attributes
    ----------
    on : datetime.date
    roster_a, roster_b : alliances.measures.membership.Roster
    pairs : pandas.DataFrame
        One row per bordering pair: ``iso3_a``, ``name_a``, ``iso3_b``,
        ``name_b``, ``length_km``; longest first.

    """

    on: dt.date
    roster_a: membership.Roster
    roster_b: membership.Roster
    pairs: pd.DataFrame

    @property
    def total_km(self) -> float:
        """Total length of the border, km."""
        return float(self.pairs["length_km"].sum())


def bloc_border(bloc_a: str = "nato", bloc_b: str = "csto", on: str | dt.date = "2011-09-01", *,
                pairs: pd.DataFrame | None = None,
                events: pd.DataFrame | None = None) -> BlocBorder:
    """Return the land border between the counted members of two blocs on ``on``.

    Examples
    --------
    >>> b = bloc_border("nato", "csto", "2011-09-01")
    >>> len(b.pairs), round(b.total_km)
    (9, 2303)

    """
    pairs = default_pairs(on=on) if pairs is None else pairs
    events = io.load_events() if events is None else events
    ra = membership.members(bloc_a, on, events)
    rb = membership.members(bloc_b, on, events)
    sa, sb = set(ra.iso3), set(rb.iso3)
    hit = pairs[(pairs["a"].isin(sa) & pairs["b"].isin(sb))
                | (pairs["a"].isin(sb) & pairs["b"].isin(sa))]
    names = io.load_states().set_index("iso3")["name"]  # bloc members are all listed there
    a_side = hit["a"].where(hit["a"].isin(sa), hit["b"])
    b_side = hit["b"].where(hit["a"].isin(sa), hit["a"])
    table = pd.DataFrame({
        "iso3_a": a_side.to_numpy(), "name_a": a_side.map(names).to_numpy(),
        "iso3_b": b_side.to_numpy(), "name_b": b_side.map(names).to_numpy(),
        "length_km": hit["length_km"].to_numpy(),
    }).sort_values("length_km", ascending=False).reset_index(drop=True)
    return BlocBorder(membership.parse_date(on), ra, rb, table)


#: Alignment categories of a state on a day, in drawing order.
ALIGNMENTS = ("nato", "csto", "frozen", "suspended", "partner", "neither")


def alignments(on: str | dt.date, events: pd.DataFrame | None = None) -> pd.Series:
    """Return each state's alignment on ``on``, indexed by ISO code.

    Categories: ``nato`` (member), ``csto`` (counted member or treaty signatory),
    ``frozen`` and ``suspended`` (CSTO statuses), ``partner`` (Partnership for
    Peace, where the event table records it: only for the nine CST states), and
    ``neither`` for every other state of the reference list.

    Examples
    --------
    >>> a = alignments("2011-09-01")
    >>> a["POL"], a["RUS"], a["GEO"], a["CHN"]
    ('nato', 'csto', 'partner', 'neither')
    """
    events = io.load_events() if events is None else events
    out = pd.Series("neither", index=io.load_states()["iso3"], name="alignment")
    if "pfp" in set(events["org"]):
        out[membership.members("pfp", on, events).iso3] = "partner"
    csto = membership.members("csto", on, events).table
    for status, category in (("member", "csto"), ("signatory", "csto"), ("frozen", "frozen"),
                             ("suspended", "suspended")):
        out[csto.loc[csto["status"] == status, "iso3"]] = category
    out[membership.members("nato", on, events).iso3] = "nato"
    return out


def alignment_table(days: list[str | dt.date], states: list[str] | None = None,
                    events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return each state's alignment on several days: one column per day (ISO date).

    Parameters
    ----------
    days : list of str or datetime.date
    states : list of str, optional
        ISO codes to keep, in this order (e.g. the states a regional map shows); a code
        outside the reference list is ``neither``. By default every state of the list.
    events : pandas.DataFrame, optional

    Examples
    --------
    >>> t = alignment_table(["1999-01-01", "2011-09-01"], ["POL", "GEO"])
    >>> list(t.columns), t.loc["POL"].tolist(), t.loc["GEO"].tolist()
    (['1999-01-01', '2011-09-01'], ['neither', 'nato'], ['csto', 'partner'])
    """
    table = pd.DataFrame({membership.parse_date(d).isoformat(): alignments(d, events)
                          for d in days}).rename_axis("iso3")
    return table if states is None else table.reindex(states).fillna("neither")


def neighbours(state: str, on: str | dt.date, *, pairs: pd.DataFrame | None = None,
               events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the land neighbours of ``state`` with border lengths and their alignment on ``on``.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``length_km``, ``alignment`` (neighbours outside the reference
        list, e.g. Mongolia, are ``neither``); longest first.
    """
    pairs = default_pairs(on=on) if pairs is None else pairs
    mine = pairs[(pairs["a"] == state) | (pairs["b"] == state)]
    if mine.empty:
        raise ValueError(f"unknown state code {state!r}: no land border in the boundary layer")
    other = mine["b"].where(mine["a"] == state, mine["a"])
    align = alignments(on, events)
    table = pd.DataFrame({"iso3": other.to_numpy(), "length_km": mine["length_km"].to_numpy()})
    table["alignment"] = table["iso3"].map(align).fillna("neither")
    return table.sort_values("length_km", ascending=False).reset_index(drop=True)


def outer_frontier(bloc: str, on: str | dt.date, *, pairs: pd.DataFrame | None = None,
                   events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the land borders between counted members of ``bloc`` and non-members.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``outsider``, ``length_km``, ``outsider_alignment``; longest first.

    Examples
    --------
    >>> f = outer_frontier("csto", "2011-09-01")
    >>> sorted(f.loc[f["outsider"] == "AFG", "member"])
    ['TJK', 'UZB']
    """
    pairs = default_pairs(on=on) if pairs is None else pairs
    inside = set(membership.members(bloc, on, events).iso3)
    a_in, b_in = pairs["a"].isin(inside), pairs["b"].isin(inside)
    cross = pairs[a_in ^ b_in]
    member = cross["a"].where(cross["a"].isin(inside), cross["b"])
    outsider = cross["b"].where(cross["a"].isin(inside), cross["a"])
    align = alignments(on, events)
    table = pd.DataFrame({"member": member.to_numpy(), "outsider": outsider.to_numpy(),
                          "length_km": cross["length_km"].to_numpy()})
    table["outsider_alignment"] = table["outsider"].map(align).fillna("neither")
    return table.sort_values("length_km", ascending=False).reset_index(drop=True)


def _border_timeline(bloc_a: str, bloc_b: str, start: str | dt.date,
                     end: str | dt.date | None, pairs: pd.DataFrame | None,
                     events: pd.DataFrame | None) -> list[tuple[dt.date, str, BlocBorder]]:
    """Compute the border between two blocs on every 1 January and every change day.

    On the curated files (no ``pairs`` or ``events`` given) the result is cached until
    an input changes, so :func:`border_series` and :func:`border_changes` share it.
    """
    first = membership.parse_date(start)
    last = membership.parse_date(end) if end else membership.EVENTS_CHECKED_ON
    if pairs is None and events is None:
        return _curated_timeline(bloc_a, bloc_b, first, last, inputs_fingerprint())
    return _compute_timeline(bloc_a, bloc_b, first, last, pairs, events)


@lru_cache(maxsize=8)
def _curated_timeline(bloc_a: str, bloc_b: str, first: dt.date, last: dt.date,
                      _version: str) -> list[tuple[dt.date, str, BlocBorder]]:
    return _compute_timeline(bloc_a, bloc_b, first, last, None, None)


def _compute_timeline(bloc_a: str, bloc_b: str, first: dt.date, last: dt.date,
                      pairs: pd.DataFrame | None,
                      events: pd.DataFrame | None) -> list[tuple[dt.date, str, BlocBorder]]:
    events = io.load_events() if events is None else events
    days = {d.date(): "1 January" for d in pd.date_range(first, last, freq="YS")}
    for bloc in (bloc_a, bloc_b):
        for day in membership.change_dates(bloc, events):
            if first <= day <= last:
                days[day] = "change"
    return [(day, days[day], bloc_border(bloc_a, bloc_b, day, pairs=pairs, events=events))
            for day in sorted(days)]


def border_series(bloc_a: str = "nato", bloc_b: str = "csto", start: str | dt.date = "1992-01-01",
                  end: str | dt.date | None = None, *, pairs: pd.DataFrame | None = None,
                  events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the total border between two blocs on every 1 January and every change day.

    Returns
    -------
    pandas.DataFrame
        Indexed by date: ``total_km``, ``n_pairs`` and ``kind`` (``"1 January"`` or
        ``"change"``).
    """
    rows = [{"date": pd.Timestamp(day), "total_km": b.total_km, "n_pairs": len(b.pairs),
             "kind": kind}
            for day, kind, b in _border_timeline(bloc_a, bloc_b, start, end, pairs, events)]
    return pd.DataFrame(rows).set_index("date")


def border_changes(bloc_a: str = "nato", bloc_b: str = "csto", start: str | dt.date = "1992-01-01",
                   end: str | dt.date | None = None, *, pairs: pd.DataFrame | None = None,
                   events: pd.DataFrame | None = None) -> pd.DataFrame:
    """List the segments that joined or left the border between two blocs, and when.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``iso3_a``, ``iso3_b``, ``change`` (``"added"``/``"removed"``),
        ``length_km``, ``total_after_km``.
    """
    rows, previous = [], set()
    lengths: dict[tuple[str, str], float] = {}
    for day, _, b in _border_timeline(bloc_a, bloc_b, start, end, pairs, events):
        now = set(zip(b.pairs["iso3_a"], b.pairs["iso3_b"], strict=True))
        lengths.update({(r.iso3_a, r.iso3_b): r.length_km for r in b.pairs.itertuples()})
        for pair, change in [(p, "added") for p in sorted(now - previous)] + [
                (p, "removed") for p in sorted(previous - now)]:
            rows.append({"date": pd.Timestamp(day), "iso3_a": pair[0], "iso3_b": pair[1],
                         "change": change, "length_km": lengths[pair],
                         "total_after_km": b.total_km})
        previous = now
    return pd.DataFrame(rows)


def lengths_by_alignment(state: str, days: list[dt.date], *, pairs: pd.DataFrame | None = None,
                         events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sum a state's land borders by the neighbour's alignment on each of ``days``.

    Returns
    -------
    pandas.DataFrame
        One row per day, one column per alignment present (in :data:`ALIGNMENTS` order), km.

    Examples
    --------
    >>> t = lengths_by_alignment("RUS", ["2011-09-01"])
    >>> round(t.iloc[0]["nato"])
    1087
    """
    table = pd.DataFrame({
        day: neighbours(state, day, pairs=pairs, events=events).groupby("alignment")[
            "length_km"].sum()
        for day in days}).T.fillna(0.0)
    return table[[c for c in ALIGNMENTS if c in table.columns]]


def contact_lines(bloc_a: str = "nato", bloc_b: str = "csto", on: str | dt.date = "2011-09-01",
                  *, boundaries: gpd.GeoDataFrame | None = None,
                  events: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Return the boundary lines (geometries) on the land border between two blocs."""
    boundaries = boundaries_on(on, boundaries)
    sa = set(membership.members(bloc_a, on, events).iso3)
    sb = set(membership.members(bloc_b, on, events).iso3)
    left, right = boundaries["iso3_l"], boundaries["iso3_r"]
    hit = (left.isin(sa) & right.isin(sb)) | (left.isin(sb) & right.isin(sa))
    return boundaries[hit].copy()


def countries_on(on: str | dt.date | None = None,
                 countries: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Return the country polygons as they were on ``on`` (default: today).

    An area held by another state than its own (Crimea) is drawn with its own state
    before the day it was taken: its polygon (from ``disputed.shp``) is cut from the
    holder's and added to the rightful state's. Breakaway areas stay with their state;
    :func:`disputed_on` returns them for hatching.

    Examples
    --------
    >>> before = countries_on("2011-09-01").set_index("iso3")
    >>> after = countries_on("2024-06-01").set_index("iso3")
    >>> bool(before.loc["UKR", "geometry"].area > after.loc["UKR", "geometry"].area)
    True
    """
    countries = io.load_countries() if countries is None else countries
    areas = io.load_disputed_areas()
    active = set(held_areas(on, areas)["area_id"])
    shapes = io.load_disputed().set_index("area_id")["geometry"]
    out = countries.copy()
    for area in areas[areas["administered_by"] != "self"].itertuples():
        if area.area_id in active or area.area_id not in shapes.index:
            continue
        shape = shapes[area.area_id]
        holder = out["iso3"] == area.administered_by
        owner = out["iso3"] == area.de_jure
        out.loc[holder, "geometry"] = out.loc[holder, "geometry"].difference(shape)
        out.loc[owner, "geometry"] = out.loc[owner, "geometry"].union(shape)
    return out


def disputed_on(on: str | dt.date | None = None) -> gpd.GeoDataFrame:
    """Return the polygons of the areas held de facto on ``on``, with their status.

    Examples
    --------
    >>> sorted(disputed_on("2024-06-01")["area_id"])
    ['abkhazia', 'crimea', 'south_ossetia', 'transnistria']
    """
    held = held_areas(on)
    shapes = io.load_disputed()
    return shapes.merge(held[["area_id", "de_jure", "administered_by", "status"]], on="area_id")


def distance_km(a: str, b: str, places: pd.DataFrame | None = None) -> float:
    """Return the geodesic distance in km between two places of ``places.csv``.

    Raises
    ------
    ValueError
        If a place id is unknown.

    Examples
    --------
    >>> round(distance_km("kant", "bishkek"))
    21
    """
    places = (io.load_places() if places is None else places).set_index("place_id")
    for pid in (a, b):
        if pid not in places.index:
            raise ValueError(f"unknown place {pid!r}: choose one of {', '.join(places.index)}")
    pa_, pb_ = places.loc[a], places.loc[b]
    _, _, metres = GEOD.inv(pa_["lon"], pa_["lat"], pb_["lon"], pb_["lat"])
    return float(metres) / 1000


def frontier_series(bloc: str, outsider: str, start: str | dt.date = "1992-01-01",
                    end: str | dt.date | None = None, *, pairs: pd.DataFrame | None = None,
                    events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, over time, which members of ``bloc`` border ``outsider`` and for how long.

    Evaluated on every 1 January and every day the bloc's membership changed.

    Returns
    -------
    pandas.DataFrame
        Indexed by date: ``total_km`` and ``members`` (the bordering members,
        comma-separated).

    Examples
    --------
    >>> s = frontier_series("csto", "AFG")
    >>> s.loc["2011-01-01", "members"], s.loc["2013-01-01", "members"]
    ('TJK, UZB', 'TJK')
    """
    events = io.load_events() if events is None else events
    first = membership.parse_date(start)
    last = membership.parse_date(end) if end else membership.EVENTS_CHECKED_ON
    days = {d.date() for d in pd.date_range(first, last, freq="YS")}
    days |= {d for d in membership.change_dates(bloc, events) if first <= d <= last}
    rows = []
    for day in sorted(days):
        table = default_pairs(on=day) if pairs is None else pairs
        touching = table[(table["a"] == outsider) | (table["b"] == outsider)]
        other = touching["b"].where(touching["a"] == outsider, touching["a"])
        lengths = pd.Series(touching["length_km"].to_numpy(), index=other.to_numpy())
        inside = sorted(set(membership.members(bloc, day, events).iso3) & set(lengths.index))
        rows.append({"date": pd.Timestamp(day), "total_km": float(lengths[inside].sum()),
                     "members": ", ".join(inside)})
    return pd.DataFrame(rows).set_index("date")


def compare_published(published: pd.DataFrame | None = None,
                      pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Set our geodesic lengths beside published figures for the same borders.

    Returns
    -------
    pandas.DataFrame
        ``a``, ``b``, ``ours_km``, ``published_km``, ``ratio`` (ours / published),
        ``source``.
    """
    published = io.load_published_lengths() if published is None else published
    pairs = default_pairs() if pairs is None else pairs  # published lengths are today's
    table = published[["a", "b", "published_km", "source"]].copy()
    table["ours_km"] = [border_length(a, b, pairs) for a, b in zip(table["a"], table["b"],
                                                                   strict=True)]
    table["ratio"] = table["ours_km"] / table["published_km"]
    return table[["a", "b", "ours_km", "published_km", "ratio", "source"]]


def clip_to_window(layer: gpd.GeoDataFrame,
                   window: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Cut a layer to a longitude/latitude window (west, south, east, north), attributes kept.

    Features wholly outside the window are dropped, so ``clip_to_window(...)["iso3"]`` lists
    the states a regional map shows.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> layer = gpd.GeoDataFrame({"iso3": ["AAA", "BBB"]},
    ...                          geometry=[box(0, 0, 2, 2), box(5, 5, 6, 6)], crs="EPSG:4326")
    >>> clipped = clip_to_window(layer, (1, 1, 3, 3))
    >>> clipped["iso3"].tolist(), clipped.geometry.iloc[0].bounds
    (['AAA'], (1.0, 1.0, 2.0, 2.0))
    """
    clipped = layer.clip_by_rect(*window).to_frame("geometry").join(
        layer.drop(columns="geometry")).set_geometry("geometry")
    return clipped[~clipped.geometry.is_empty]


def local_crs(window: tuple[float, float, float, float]) -> str:
    """Return an equal-area conic projection fitted to a longitude/latitude window (km units).

    Centred on the window, with standard parallels a sixth of its height inside its edges.

    Examples
    --------
    >>> local_crs((36.0, 38.0, 52.0, 44.0))
    '+proj=aea +lat_0=41 +lon_0=44 +lat_1=39 +lat_2=43 +datum=WGS84 +units=km'
    """
    west, south, east, north = window
    span = north - south
    return (f"+proj=aea +lat_0={(south + north) / 2:g} +lon_0={(west + east) / 2:g} "
            f"+lat_1={south + span / 6:g} +lat_2={north - span / 6:g} +datum=WGS84 +units=km")
