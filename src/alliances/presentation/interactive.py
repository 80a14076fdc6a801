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

from alliances import io
from alliances.measures import borders, economy, membership, spending
from alliances.paths import PLOTLY_BUNDLE, PLOTLY_MARKER, plotly_js
from alliances.presentation import plotting

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
    base = {"template": "none", "font": {"size": 13, "family": plotting.FONT_STACK},
            "margin": {"l": 60, "r": 20, "t": 10, "b": 40}, "hovermode": "closest",
            "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)"}
    base.update(kwargs)
    return base


# --------------------------------------------------------------------------- hover charts
def line_figure(series: dict[str, pd.Series], *, unit: str, ytitle: str,
                colours: dict[str, str] | None = None, step: bool = False,
                decimals: int = 1, yrange: tuple[float, float] | None = None,
                stacked: bool = False) -> go.Figure:
    """Return a Plotly line chart of one or more series, with hover values.

    The chart uses the static figures' font
    (:data:`alliances.presentation.plotting.FONT_STACK`), and with ``stacked`` the same chart
    type as a stacked-area static figure.

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
    stacked : bool
        Stack the series as filled areas, in order from the bottom (as
        :func:`alliances.presentation.plotting.plot_share_area`).

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
            name=label, mode="lines" if step or stacked else "lines+markers",
            line={"color": colours.get(label, plotting.COLOURS["guideline"]),
                  "width": 1 if stacked else 2, **({"shape": "hv"} if step else {})},
            marker={"size": 5},
            **({"stackgroup": "one", "fillcolor": colours.get(label,
                                                               plotting.COLOURS["other"])}
               if stacked else {}),
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


#: Price basis of the Explore page's spending: within-year totals, shares and ratio.
EXPLORE_PRICES = "current"


def _spending_year(year: int) -> dict:
    """One year's spending on the Explore page, formatted as the CLI prints it.

    Totals, shares and the NATO/CSTO ratio are within-year figures, at current US$
    (:data:`EXPLORE_PRICES`), as ``python -m alliances spending`` gives them by default.
    """
    out, totals = {}, {}
    for bloc in ("nato", "csto"):
        s = spending.bloc_spending(bloc, year, prices=EXPLORE_PRICES)
        totals[bloc] = s.total
        # without its leader's figure (Russia in 1992 at current US$) a bloc's total and the
        # members' shares of it would describe a fraction of the bloc: shown as missing
        whole = economy.LEADERS[bloc] not in s.missing
        rows = {}
        for row in s.table.itertuples():
            share, burden = spending.format_row(row)
            rows[row.iso3] = [share if whole else "n/a", burden]
        out[bloc] = {"total": f"{s.total:,.0f}" if whole else "n/a", "rows": rows,
                     "missing": s.missing, "meeting": s.n_meeting_guideline,
                     "counted": len(s.table), "on": s.roster.on.isoformat()}
    # no ratio in a year in which a bloc's leader has no figure (Russia in 1992 at current US$)
    leaderless = any(leader in out[bloc]["missing"] for bloc, leader in economy.LEADERS.items())
    out["ratio"] = ("n/a" if leaderless or not totals["csto"]
                    else f"{totals['nato'] / totals['csto']:.1f}")
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
    """Return the countries drawn on the Explore map, with Crimea cut out as its own shape.

    An area held by another state (Crimea) is drawn on its own and filled, on each day,
    with the colour of the state that holds it (:func:`explore_map`).
    """
    before = borders.countries_on(EXPLORE_START)  # Crimea drawn with Ukraine
    shapes = io.load_disputed().set_index("area_id")["geometry"]
    areas = io.load_disputed_areas()
    for area in areas[areas.apply(_is_cut, axis=1)].itertuples():
        if area.area_id in shapes.index:
            before["geometry"] = before.geometry.difference(shapes[area.area_id])
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
        area = areas.loc[row.area_id]
        is_held = row.area_id in held
        if _is_cut(area):  # cut out of the states: filled with its holder's colour that day
            holder = area["administered_by"] if is_held else area["de_jure"]
            fill = colours.get(holder, plotting.ALIGNMENT_COLOURS["neither"])
            visible = True
            text = (f"{row.name}: {_area_text(area)}" if is_held
                    else f"{row.name}: part of {io.state_names().get(holder, holder)}")
        else:  # a breakaway area: hatched over its state's colour while it is held
            fill, visible = "rgba(0,0,0,0)", is_held
            text = f"{row.name}: {_area_text(area)}"
        fig.add_trace(go.Scatter(
            x=x, y=y, fill="toself", mode="lines", name=f"area:{row.area_id}",
            line={"color": "#333333" if is_held else "#ffffff", "width": 0.8 if is_held else 0.6},
            fillcolor=fill, fillpattern={**HATCH, "shape": "/" if is_held else ""},
            hoveron="fills", hoverinfo="text", text=text, visible=visible))
    return fig


def _is_cut(area) -> bool:
    """Whether an area is held by another state (Crimea): cut from the states on the map."""
    return area["administered_by"] != "self"


def _area_text(area) -> str:
    """How the map's tooltip describes a disputed or breakaway area while it is held."""
    names = io.state_names()
    holder = names.get(area["administered_by"], area["administered_by"])
    owner = names.get(area["de_jure"], area["de_jure"])
    if area["administered_by"] == "self":
        return f"breakaway area of {owner}"
    return f"held by {holder}, part of {owner} under international law"


def _areas_for_page() -> dict:
    """Each disputed area's states, for the page's script: who holds it, whose it is.

    ``cut`` areas (held by another state) are drawn with their holder's colour on every day;
    the others are hatched over their own state's colour while they are held.
    """
    areas = io.load_disputed_areas().sort_values("area_id")
    names = io.state_names()
    out = {}
    for area in areas.itertuples():
        row = areas.set_index("area_id").loc[area.area_id]
        out[area.area_id] = {"cut": bool(_is_cut(row)), "owner": area.de_jure,
                             "holder": None if area.administered_by == "self"
                             else area.administered_by,
                             "held_text": _area_text(row),
                             "owner_text": f"part of {names.get(area.de_jure, area.de_jure)}"}
    return out


#: The blocs' organisations in the event table.
_ORGS = {"nato": ("nato",), "csto": ("cst", "csto")}


def member_since(bloc: str, end: dt.date | None = None) -> dict[str, list[str]]:
    """Return, for each state ever listed in a bloc, the first days of its spells in it.

    A spell starts on the day a state first appears in the bloc's roster (signature or
    accession) and lasts while it stays listed, whatever its status (a frozen or suspended
    state stays listed): a CST founder is in the CST/CSTO since it signed on 15 May 1992, not
    since the Organization's charter entered into force. Uzbekistan, which left in 1999 and
    came back in 2006, has two spells. On any day, a listed state's current spell is the
    latest that started on or before it.

    Examples
    --------
    >>> member_since("csto")["BLR"], member_since("csto")["UZB"]
    (['1993-12-31'], ['1992-05-15', '2006-08-16'])
    >>> member_since("nato")["POL"]
    ['1999-03-12']
    """
    end = end or membership.EVENTS_CHECKED_ON
    events = io.load_events()
    days = sorted({d.date() for d in events.loc[events["org"].isin(_ORGS[bloc]), "date"]
                   if d.date() <= end})
    spells: dict[str, list[str]] = {}
    listed: set[str] = set()
    for day in days:
        now = set(membership.members(bloc, day).table["iso3"])
        for iso3 in sorted(now - listed):
            spells.setdefault(iso3, []).append(day.isoformat())
        listed = now
    return spells


def key_days(end: dt.date | None = None) -> list[tuple[str, str]]:
    """Return the days the Explore page offers as buttons, with a short label each.

    Read from the curated data, never typed: the signature of the Collective Security Treaty,
    each enlargement of NATO on or after the page's first day, the Organization's charter in
    force, the day Crimea was taken, and the last check of the event table.

    Examples
    --------
    >>> days = dict(key_days())
    >>> days["1999-03-12"], days["2014-03-18"]
    ('NATO +3', 'Crimea annexed')
    """
    end = end or membership.EVENTS_CHECKED_ON
    events = io.load_events()
    out: dict[str, str] = {}

    def add(day, label):
        day = pd.Timestamp(day).date()
        if EXPLORE_START <= day <= end:
            out.setdefault(day.isoformat(), label)

    bloc_events = events[events["iso3"].isna()]
    for org, event, label in (("cst", "signature", "CST signed"),
                              ("csto", "entry_into_force", "CSTO founded")):
        rows = bloc_events[(bloc_events["org"] == org) & (bloc_events["event"] == event)]
        for day in rows["date"]:
            add(day, label)
    joins = events[(events["org"] == "nato") & (events["event"] == "accession")]
    for day, group in joins.groupby("date"):
        names = io.state_names()
        label = ("NATO +" + str(len(group)) if len(group) > 1
                 else f"NATO + {names.get(group['iso3'].iloc[0], group['iso3'].iloc[0])}")
        add(day, label)
    areas = io.load_disputed_areas()
    for area in areas[areas.apply(_is_cut, axis=1)].itertuples():
        add(area.from_date, f"{area.name.split(' (')[0]} annexed")
    add(end, "Last check")
    return sorted(out.items())


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
    milex = io.load_spending()
    spending_years = sorted(int(y) for y in milex["year"].unique())
    base_year = int(milex["price_base_year"].iloc[0])
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
        "price_base_year": base_year,
        "prices": EXPLORE_PRICES,
        "price_basis": spending.basis_label(EXPLORE_PRICES, base_year),
        "spending_unit": spending.unit(EXPLORE_PRICES, base_year),
        "guideline_pct": spending.GUIDELINE_PCT,
    }


def explore_page(day: dt.date | None = None, *, data: dict | None = None,
                 fig: go.Figure | None = None) -> HTML:
    """Return the Explore page's controls, map and tables, opening on ``day``.

    The numbers shown before any script runs are those of ``day``; the page's script
    (``_static/interactive.js``) redraws everything when the reader picks another day.
    Besides :func:`explore_data`, the page carries each state's first days in each bloc
    (:func:`member_since`), the key days offered as buttons (:func:`key_days`) and who holds
    each disputed area.
    """
    day = day or membership.EVENTS_CHECKED_ON
    data = data or explore_data()
    end = dt.date.fromisoformat(data["end"])
    days = key_days(end)
    data = {**data, "since": {bloc: member_since(bloc, end) for bloc in ("nato", "csto")},
            "areas": _areas_for_page(), "key_days": days}
    fig = fig or explore_map(day)
    legend = "".join(
        f'<li><span class="swatch" style="background:{data["colours"][k]}"></span>'
        f"{escape(label)}</li>" for k, label in data["labels"].items())
    legend += '<li><span class="swatch hatched"></span>disputed or breakaway area</li>'
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    buttons = "".join(
        f'<button type="button" class="explore-day" data-day="{iso}">'
        f'<span class="explore-day-date">{int(iso[8:])} {months[int(iso[5:7]) - 1]} {iso[:4]}'
        f'</span> <span class="explore-day-label">{escape(label)}</span></button>'
        for iso, label in days)
    offset = (day - dt.date.fromisoformat(data["start"])).days
    span = (end - dt.date.fromisoformat(data["start"])).days
    return HTML(f"""<div id="explore" class="explore {MARKER}" data-start="{day.isoformat()}">
<form class="explore-controls" onsubmit="return false">
<label for="explore-date">Day</label>
<input type="date" id="explore-date" min="{data['start']}" max="{data['end']}"
 value="{day.isoformat()}" aria-describedby="explore-date-help">
<label for="explore-slider" class="visually-hidden">Day (slider)</label>
<input type="range" id="explore-slider" min="0" max="{span}" step="1" value="{offset}">
<p class="explore-date-help" id="explore-date-help" aria-live="polite"></p>
</form>
<div class="explore-days" role="group" aria-label="Key days">{buttons}</div>
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
<p class="explore-footnote" id="explore-footnote"></p>
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
