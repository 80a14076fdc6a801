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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyproj import Geod

from alliances import io, membership
from alliances.paths import data_dir

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
        "length_km": line_lengths_km(lines.geometry),
    })
    return (frame.groupby(["a", "b"], as_index=False)
            .agg(length_km=("length_km", "sum"), segments=("length_km", "size")))


@lru_cache(maxsize=4)
def _default_pairs(path: Path, include_water: bool) -> pd.DataFrame:
    return pair_lengths(io.load_boundaries(path), include_water=include_water)


def default_pairs(include_water: bool = True) -> pd.DataFrame:
    """Return :func:`pair_lengths` of the curated boundary layer (cached)."""
    path = data_dir() / "geography" / "boundaries.shp"
    return _default_pairs(path, include_water).copy()


def border_length(a: str, b: str, pairs: pd.DataFrame | None = None) -> float:
    """Return the land-border length between states ``a`` and ``b`` in km (0 if none).

    Raises
    ------
    ValueError
        If either code is unknown to the boundary layer.

    Examples
    --------
    >>> round(border_length("EST", "RUS"))
    284

    """
    pairs = default_pairs() if pairs is None else pairs
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
    roster_a, roster_b : alliances.membership.Roster
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
    pairs = default_pairs() if pairs is None else pairs
    events = io.load_events() if events is None else events
    ra = membership.members(bloc_a, on, events)
    rb = membership.members(bloc_b, on, events)
    sa, sb = set(ra.iso3), set(rb.iso3)
    hit = pairs[(pairs["a"].isin(sa) & pairs["b"].isin(sb))
                | (pairs["a"].isin(sb) & pairs["b"].isin(sa))]
    names = io.load_states().set_index("iso3")["name"]
    a_side = hit["a"].where(hit["a"].isin(sa), hit["b"])
    b_side = hit["b"].where(hit["a"].isin(sa), hit["a"])
    table = pd.DataFrame({
        "iso3_a": a_side.to_numpy(), "name_a": a_side.map(names).to_numpy(),
        "iso3_b": b_side.to_numpy(), "name_b": b_side.map(names).to_numpy(),
        "length_km": hit["length_km"].to_numpy(),
    }).sort_values("length_km", ascending=False).reset_index(drop=True)
    return BlocBorder(membership.parse_date(on), ra, rb, table)
