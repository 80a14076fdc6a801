"""Interactive charts for the book: Plotly figures written into the page, served offline.

The Explore page and the hover versions of some figures are Plotly charts. Their data
come from the package (the same functions as the CLI); this module turns them into
deterministic HTML (fixed element ids, rounded numbers, sorted JSON) so nbval can compare
the stored outputs. The book's extension ``book/_ext/interactive.py`` serves the pinned
plotly.js bundle (``make js-deps``) and ``_static/interactive.js``, which draws the charts
and runs the Explore page's controls, from the book's own files: nothing is loaded from the
network.

Every figure keeps its static image (with caption and alt text) for print, the PDF and
screen readers; the interactive versions sit beside it, in a block the reader opens.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML

from alliances import borders, io, membership, plotting, spending
from alliances.paths import PLOTLY_BUNDLE, PLOTLY_MARKER, plotly_js

__all__ = ["PLOTLY_BUNDLE", "explore_data", "explore_days", "explore_map", "explore_page",
           "hover_twin", "line_figure", "plotly_js"]

#: Class on every element that holds a Plotly chart; the extension looks for it.
MARKER = PLOTLY_MARKER
#: The Explore page's first day: the year the Collective Security Treaty was signed.
EXPLORE_START = dt.date(1992, 1, 1)
#: Simplification tolerance of the Explore map's outlines (km, in the map's projection).
MAP_TOLERANCE_KM = 8.0
#: Plotly settings shared by every chart: no toolbar, no scroll zoom, fits its container.
CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
#: Fill pattern of disputed or breakaway areas (hatching, as on the static maps).
HATCH = {"shape": "/", "fgcolor": "#333333", "size": 6, "solidity": 0.25}


def _json(obj) -> str:
    """Serialise deterministically, safe inside a ``<script>`` element."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return text.replace("</", "<\\/")


def _figure_json(fig: go.Figure) -> dict:
    """Return a figure as plain data (no template: the page's CSS sets the fonts)."""
    spec = fig.to_plotly_json()
    spec["layout"].pop("template", None)
    return {"data": spec["data"], "layout": spec["layout"], "config": CONFIG}


def _layout(**kwargs) -> dict:
    base = {"template": "none", "font": {"size": 13},
            "margin": {"l": 60, "r": 20, "t": 10, "b": 40}, "hovermode": "closest",
            "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"}
    base.update(kwargs)
    return base


# --------------------------------------------------------------------------- hover charts
def line_figure(series: dict[str, pd.Series], *, unit: str, ytitle: str,
                colours: dict[str, str] | None = None, step: bool = False,
                decimals: int = 1, yrange: tuple[float, float] | None = None) -> go.Figure:
    """Return a Plotly line chart of one or more series, with hover values.

    Parameters
    ----------
    series : dict of str to pandas.Series
        Legend label -> values indexed by year or date.
    unit : str
        Unit shown in the tooltip after each value.
    ytitle : str
        Title of the vertical axis.
    colours : dict, optional
        Legend label -> colour.
    step : bool
        Draw steps (a value holds until the next date), as for border lengths.
    decimals : int
        Decimals kept in the data and shown in the tooltip.
    yrange : tuple, optional
        Fixed range of the vertical axis.

    Examples
    --------
    >>> fig = line_figure({"NATO": pd.Series([1.0, 2.0], index=[2010, 2011])},
    ...                   unit="%", ytitle="share")
    >>> fig.data[0].y
    (1.0, 2.0)
    """
    colours = colours or {}
    fig = go.Figure(layout=_layout(
        height=340, showlegend=len(series) > 1, hovermode="x",
        legend={"orientation": "h", "y": -0.2},
        yaxis={"title": {"text": ytitle}, "rangemode": "tozero", "gridcolor": "#e5e5e5",
               **({"range": list(yrange)} if yrange else {})},
        xaxis={"gridcolor": "#e5e5e5"}))
    for label, values in series.items():
        index = values.index
        x = ([f"{d:%Y-%m-%d}" for d in pd.to_datetime(index)]
             if not pd.api.types.is_integer_dtype(index) else [int(v) for v in index])
        fig.add_trace(go.Scatter(
            x=x, y=[None if pd.isna(v) else round(float(v), decimals) for v in values],
            name=label, mode="lines+markers" if not step else "lines",
            line={"color": colours.get(label, plotting.COLOURS["guideline"]), "width": 2,
                  **({"shape": "hv"} if step else {})},
            marker={"size": 5},
            hovertemplate=f"%{{x}}: %{{y:,.{decimals}f}} {unit}<extra>{escape(label)}</extra>"))
    return fig


def hover_twin(fig: go.Figure, element_id: str, *, figure: str) -> HTML:
    """Return the interactive twin of a static figure: a block the reader opens.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The chart (see :func:`line_figure`).
    element_id : str
        A fixed id, unique in the book (stored outputs stay identical between runs).
    figure : str
        The static figure's name, to which the summary line refers.
    """
    spec = _figure_json(fig)
    return HTML(
        f'<details class="interactive-twin {MARKER}" data-figure="{escape(figure)}">'
        f"<summary>Hover for values: interactive version of the figure above</summary>"
        f'<div class="twin-plot" id="{escape(element_id)}" role="img" '
        f'aria-label="Interactive chart; the figure above shows the same data"></div>'
        f'<script type="application/json" class="plotly-spec" '
        f'data-target="{escape(element_id)}">'
        f"{_json(spec)}</script></details>")


# --------------------------------------------------------------------------- explore page
def explore_days(start: dt.date = EXPLORE_START, end: dt.date | None = None) -> list[dt.date]:
    """Return the days on which anything shown on the Explore page can change.

    Membership, alignment, border lengths and the boundaries of disputed areas are
    constant between consecutive days of this list (event days and the first and last
    days of areas held by another state), so the page stores one state per day listed.

    Examples
    --------
    >>> days = explore_days()
    >>> days[0], dt.date(1999, 3, 12) in days, dt.date(2014, 3, 18) in days
    (datetime.date(1992, 1, 1), True, True)
    """
    end = end or membership.EVENTS_CHECKED_ON
    events = io.load_events()
    areas = io.load_disputed_areas()
    days = {start} | {d.date() for d in events["date"]}
    days |= {d.date() for d in pd.concat([areas["from_date"], areas["to_date"]]).dropna()}
    return sorted(d for d in days if start <= d <= end)


def _spending_year(year: int) -> dict:
    """One year's spending on the Explore page, formatted as the CLI prints it."""
    out = {}
    for bloc in ("nato", "csto"):
        s = spending.bloc_spending(bloc, year)
        rows = {}
        for row in s.table.itertuples():
            share = "n/a" if pd.isna(row.share_of_bloc_pct) else f"{row.share_of_bloc_pct:.1f}%"
            burden = "n/a" if pd.isna(row.burden_pct) else f"{row.burden_pct:.2f}%"
            rows[row.iso3] = [share, burden]
        out[bloc] = {"total": f"{s.total:,.0f}", "rows": rows, "missing": s.missing,
                     "meeting": s.n_meeting_guideline, "counted": len(s.table),
                     "on": s.roster.on.isoformat()}
    csto_total = spending.bloc_spending("csto", year).total
    nato_total = spending.bloc_spending("nato", year).total
    out["ratio"] = f"{nato_total / csto_total:.1f}" if csto_total else "n/a"
    return out


def _index(store: list, value) -> int:
    """Position of ``value`` in ``store`` (appended if new): shared states stored once."""
    key = _json(value)
    for i, known in enumerate(store):
        if _json(known) == key:
            return i
    store.append(value)
    return len(store) - 1


def _countries_for_map() -> pd.DataFrame:
    """Return the countries drawn on the Explore map, with Crimea cut out as its own shape."""
    before = borders.countries_on(EXPLORE_START)  # Crimea drawn with Ukraine
    shapes = io.load_disputed().set_index("area_id")["geometry"]
    crimea = shapes.get("crimea")
    if crimea is not None:
        before["geometry"] = before.geometry.difference(crimea)
    layer = plotting.eurasia(before)
    return layer[layer["iso3"].notna()].sort_values("iso3").reset_index(drop=True)


def _rings(geometry, tolerance: float) -> tuple[list, list]:
    """Outer rings of a (multi)polygon as x, y lists separated by ``None`` (1 km grid)."""
    xs, ys = [], []
    shape = geometry.simplify(tolerance, preserve_topology=True)
    parts = getattr(shape, "geoms", [shape])
    for part in parts:
        if part.is_empty or part.geom_type != "Polygon" or part.area < tolerance ** 2:
            continue
        x, y = part.exterior.coords.xy
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [round(v) for v in x]
        ys += [round(v) for v in y]
    return xs, ys


def explore_map(day: dt.date | None = None) -> go.Figure:
    """Return the Explore page's map: one filled shape per state, coloured for ``day``.

    The page recolours the shapes when the reader picks another day; disputed and
    breakaway areas (hatched) are separate shapes shown on the days they are held.
    """
    day = day or membership.EVENTS_CHECKED_ON
    layer = _countries_for_map()
    alignment = borders.alignments(day)
    fig = go.Figure(layout=_layout(  # no height: the map fills its box (set in book.css)
        showlegend=False, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False, "range": list(plotting.EURASIA_FRAME[:2]),
               "fixedrange": True},
        yaxis={"visible": False, "range": list(plotting.EURASIA_FRAME[2:]),
               "scaleanchor": "x", "fixedrange": True},
        dragmode=False))
    colours = {c: plotting.ALIGNMENT_COLOURS[a] for c, a in alignment.items()}
    for row in layer.itertuples():
        x, y = _rings(row.geometry, MAP_TOLERANCE_KM)
        if not x:
            continue
        label = plotting.ALIGNMENT_LABELS[alignment.get(row.iso3, "neither")]
        fig.add_trace(go.Scatter(
            x=x, y=y, fill="toself", mode="lines", name=row.iso3,
            line={"color": "#ffffff", "width": 0.6}, fillcolor=colours.get(row.iso3),
            hoveron="fills", text=f"{row.name}: {label}", hoverinfo="text"))
    held = set(borders.held_areas(day)["area_id"])
    areas = io.load_disputed_areas().set_index("area_id")
    disputed = plotting.eurasia(io.load_disputed())
    for row in disputed.sort_values("area_id").itertuples():
        x, y = _rings(row.geometry, MAP_TOLERANCE_KM / 4)
        if not x:
            continue
        fig.add_trace(go.Scatter(
            x=x, y=y, fill="toself", mode="lines", name=f"area:{row.area_id}",
            line={"color": "#333333", "width": 0.8}, fillcolor="rgba(0,0,0,0)",
            fillpattern=HATCH, hoveron="fills", hoverinfo="text",
            text=f"{row.name}: {_area_text(areas.loc[row.area_id])}",
            visible=row.area_id in held))
    return fig


def _area_text(area) -> str:
    names = io.state_names()
    holder = names.get(area["administered_by"], area["administered_by"])
    owner = names.get(area["de_jure"], area["de_jure"])
    if area["administered_by"] == "self":
        return f"breakaway area of {owner}"
    return f"held by {holder}, part of {owner} under international law"


def explore_data(start: dt.date = EXPLORE_START, end: dt.date | None = None) -> dict:
    """Return everything the Explore page shows, for each day of :func:`explore_days`.

    Counts and lengths are computed by the same functions as the CLI and formatted as
    it prints them, so the page and ``python -m alliances members|borders|spending``
    agree for any day. Member lists, border stretches and map colourings shared by
    several days are stored once and referred to by position.
    """
    end = end or membership.EVENTS_CHECKED_ON
    days = explore_days(start, end)
    layer = _countries_for_map()
    drawn = [iso3 for iso3, geom in zip(layer["iso3"], layer.geometry, strict=True)
             if _rings(geom, MAP_TOLERANCE_KM)[0]]
    names = io.state_names()
    rosters, stretches, maps, states = [], [], [], []
    codes = {name: str(i) for i, name in enumerate(borders.ALIGNMENTS)}  # one digit each
    for day in days:
        state = {"day": day.isoformat()}
        for bloc in ("nato", "csto"):
            roster = membership.members(bloc, day)
            table = [[r.iso3, r.name, r.status, f"{r.since}", bool(r.counted)]
                     for r in roster.table.sort_values("name").itertuples()]
            state[bloc] = {"count": roster.count, "roster": _index(rosters, table),
                           "framework": roster.framework or "none in force"}
        border = borders.bloc_border("nato", "csto", day)
        state["border_total"] = f"{border.total_km:,.0f}"
        state["stretches"] = _index(stretches, [
            [r.name_a, r.name_b, f"{r.length_km:,.0f}"] for r in border.pairs.itertuples()])
        alignment = borders.alignments(day)
        state["map"] = _index(maps, "".join(codes[alignment.get(c, "neither")] for c in drawn))
        state["areas"] = sorted(borders.held_areas(day)["area_id"])
        states.append(state)
    spending_years = sorted(int(y) for y in io.load_spending()["year"].unique())
    first_year = max(spending_years[0], start.year)
    return {
        "start": start.isoformat(), "end": end.isoformat(),
        "checked": membership.EVENTS_CHECKED_ON.isoformat(),
        "states": states, "rosters": rosters, "stretches": stretches, "maps": maps,
        "countries": drawn, "names": {c: names.get(c, c) for c in drawn},
        "codes": {v: k for k, v in codes.items()},
        "colours": plotting.ALIGNMENT_COLOURS,
        "labels": plotting.ALIGNMENT_LABELS,
        "spending": {str(y): _spending_year(y) for y in spending_years if y >= first_year},
        "price_base_year": int(io.load_spending()["price_base_year"].iloc[0]),
        "guideline_pct": spending.GUIDELINE_PCT,
    }


def explore_page(day: dt.date | None = None, *, data: dict | None = None,
                 fig: go.Figure | None = None) -> HTML:
    """Return the Explore page's controls, map and tables, opening on ``day``.

    The numbers shown before any script runs are those of ``day``; the page's script
    (``_static/interactive.js``) redraws everything when the reader picks another day.
    """
    day = day or membership.EVENTS_CHECKED_ON
    data = data or explore_data()
    fig = fig or explore_map(day)
    legend = "".join(
        f'<li><span class="swatch" style="background:{data["colours"][k]}"></span>'
        f"{escape(label)}</li>" for k, label in data["labels"].items())
    legend += '<li><span class="swatch hatched"></span>disputed or breakaway area</li>'
    return HTML(f"""<div id="explore" class="explore {MARKER}" data-start="{day.isoformat()}">
<form class="explore-controls" onsubmit="return false">
<label for="explore-date">Day</label>
<input type="date" id="explore-date" min="{data['start']}" max="{data['end']}"
 value="{day.isoformat()}">
<label for="explore-slider" class="visually-hidden">Day (slider)</label>
<input type="range" id="explore-slider" min="0" max="{(dt.date.fromisoformat(data['end'])
    - dt.date.fromisoformat(data['start'])).days}" step="1" value="{(day
    - dt.date.fromisoformat(data['start'])).days}">
</form>
<p class="explore-summary" id="explore-summary" aria-live="polite"></p>
<p class="explore-note" id="explore-note"></p>
<div class="explore-map" id="explore-map" role="img" aria-label="Map of the blocs"></div>
<ul class="explore-legend">{legend}</ul>
<div class="explore-tables">
<section><h3 id="explore-nato-title">NATO</h3>
<div id="explore-nato" class="explore-scroll" role="region" tabindex="0"
 aria-labelledby="explore-nato-title"></div></section>
<section><h3 id="explore-csto-title">CST/CSTO</h3>
<div id="explore-csto" class="explore-scroll" role="region" tabindex="0"
 aria-labelledby="explore-csto-title"></div></section>
<section><h3 id="explore-border-title">NATO–CSTO land border</h3>
<div id="explore-border" class="explore-scroll" role="region" tabindex="0"
 aria-labelledby="explore-border-title"></div></section>
<section><h3 id="explore-spending-title">Military spending</h3>
<div id="explore-spending"></div></section>
</div>
<script type="application/json" id="explore-data">{_json(data)}</script>
<script type="application/json" class="plotly-spec" data-target="explore-map">{
    _json(_figure_json(fig))}</script>
</div>""")
