"""One plotting style for the whole book: colour-blind-safe colours, quiet axes.

Colours are from the Okabe-Ito palette, which stays distinguishable under the
common forms of colour-vision deficiency.
"""

from __future__ import annotations

import base64

import geopandas as gpd
import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from IPython.display import HTML
from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from alliances import institutions

#: Okabe-Ito palette.
OKABE_ITO = {
    "blue": "#0072B2", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
    "grey": "#999999",
}
#: Colour of each bloc and status, used on every figure and map.
COLOURS = {
    "nato": OKABE_ITO["blue"],
    "csto": OKABE_ITO["vermillion"],
    "partner": OKABE_ITO["sky"],
    "suspended": OKABE_ITO["orange"],
    "frozen": OKABE_ITO["purple"],
    "neither": "#DDDDDD",
    "guideline": OKABE_ITO["black"],
    "other": OKABE_ITO["grey"],
}


def use_style() -> None:
    """Apply the book's matplotlib style (fonts, grid, colour cycle, sizes)."""
    mpl.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#E5E5E5",
        "grid.linewidth": 0.6,
        "axes.prop_cycle": mpl.cycler(color=[OKABE_ITO[k] for k in
                                              ("blue", "vermillion", "green", "orange",
                                               "sky", "purple", "yellow", "black")]),
        "legend.frameon": False,
        "svg.hashsalt": "never-the-twain",  # deterministic SVG ids
    })


def new_figure(width: float = 7.0, height: float = 4.0) -> tuple[Figure, Axes]:
    """Return a styled figure and axes."""
    use_style()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def plot_member_counts(series: dict[str, pd.Series], *, title: str = "") -> Figure:
    """Step chart of member counts, one line per bloc.

    Parameters
    ----------
    series : dict of str to pandas.Series
        Bloc code -> counts indexed by date (from
        :func:`alliances.membership.step_counts`).
    title : str
        Figure title.

    """
    fig, ax = new_figure(7.0, 3.6)
    for bloc, counts in series.items():
        ax.step(counts.index, counts.to_numpy(), where="post", lw=2,
                color=COLOURS.get(bloc, COLOURS["other"]), label=bloc.upper())
    ax.set_ylabel("members")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")
    if title:
        ax.set_title(title, loc="left")
    return fig


def plot_share_area(shares: pd.Series, *, leader: str, rest: str, title: str = "") -> Figure:
    """Stacked area: the leader's share of bloc spending and everyone else's.

    Parameters
    ----------
    shares : pandas.Series
        The leader's share in percent, indexed by year.
    leader, rest : str
        Legend labels.

    """
    fig, ax = new_figure(7.0, 3.6)
    years = shares.index.to_numpy()
    ax.stackplot(years, shares.to_numpy(), 100 - shares.to_numpy(),
                 colors=[COLOURS["nato"], COLOURS["partner"]], labels=[leader, rest])
    ax.set_ylim(0, 100)
    ax.set_xlim(years.min(), years.max())
    ax.set_ylabel("share of bloc spending (%)")
    # below the plot: inside, the leader's swatch would vanish into its own band
    fig.legend(loc="outside lower center", ncols=2, frameon=False)
    if title:
        ax.set_title(title, loc="left")
    return fig


def plot_burdens(then: pd.DataFrame, now: pd.DataFrame, *, year_then: int, year_now: int,
                 guideline: float = 2.0, title: str = "") -> Figure:
    """Dot plot of each member's burden (% of GDP) in two years, with the guideline.

    Parameters
    ----------
    then, now : pandas.DataFrame
        Tables with ``name`` and ``burden_pct`` (from
        :func:`alliances.spending.bloc_spending`).
    year_then, year_now : int
        Years, for the legend.
    guideline : float
        Vertical reference line, percent of GDP.

    """
    merged = (pd.DataFrame({"name": now["name"], "now": now["burden_pct"]})
              .merge(pd.DataFrame({"name": then["name"], "then": then["burden_pct"]}),
                     on="name", how="left")
              .sort_values("now", na_position="first"))
    fig, ax = new_figure(7.0, 0.22 * len(merged) + 1.2)
    y = range(len(merged))
    ax.hlines(list(y), merged["then"], merged["now"], color="#BBBBBB", lw=1)
    ax.scatter(merged["then"], list(y), color=COLOURS["partner"], s=22, zorder=3,
               label=str(year_then), marker="o")
    ax.scatter(merged["now"], list(y), color=COLOURS["nato"], s=26, zorder=3,
               label=str(year_now), marker="D")
    ax.axvline(guideline, color=COLOURS["guideline"], lw=1, ls="--")
    ax.annotate(f"{guideline:g}% guideline", xy=(guideline, len(merged) - 0.5),
                xytext=(4, 0), textcoords="offset points", fontsize=9)
    ax.set_yticks(list(y), merged["name"].tolist(), fontsize=9)
    ax.set_xlabel("military spending, % of GDP (SIPRI)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    if title:
        ax.set_title(title, loc="left")
    return fig


#: Equal-area projection centred on Europe and Central Asia (km units).
EURASIA_CRS = "+proj=aea +lat_0=50 +lon_0=45 +lat_1=38 +lat_2=62 +datum=WGS84 +units=km"
#: Longitude/latitude window clipped before projecting (west, south, east, north).
EURASIA_WINDOW = (-30.0, 20.0, 110.0, 82.0)
#: Projected frame of the overview maps, km (xmin, xmax, ymin, ymax).
EURASIA_FRAME = (-3700.0, 3100.0, -1900.0, 2700.0)
#: Legend labels of the alignment categories.
ALIGNMENT_LABELS = {
    "nato": "NATO member", "csto": "CST/CSTO member", "frozen": "CSTO, participation frozen",
    "suspended": "CSTO, suspended", "partner": "PfP partner (CST states only)",
    "neither": "other",
}


#: Fill colour of each alignment category on the maps.
ALIGNMENT_COLOURS = {k: COLOURS[k] for k in ("nato", "csto", "frozen", "suspended", "partner",
                                             "neither")}


def _alignment_colours(alignment: pd.Series) -> pd.Series:
    return alignment.map(ALIGNMENT_COLOURS).fillna(COLOURS["neither"])


def clip_to_window(layer: gpd.GeoDataFrame,
                   window: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Cut a layer to a longitude/latitude window (west, south, east, north), attributes kept.

    Features wholly outside the window are dropped, so ``clip_to_window(...)["iso3"]`` lists
    the states a regional map shows.
    """
    clipped = layer.clip_by_rect(*window).to_frame("geometry").join(
        layer.drop(columns="geometry")).set_geometry("geometry")
    return clipped[~clipped.geometry.is_empty]


def eurasia(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Clip a layer to :data:`EURASIA_WINDOW` and project it to :data:`EURASIA_CRS`."""
    return clip_to_window(countries, EURASIA_WINDOW).to_crs(EURASIA_CRS)


#: How disputed and breakaway areas are drawn over the alignment colours.
DISPUTED_STYLE = {"facecolor": "none", "edgecolor": "#333333", "hatch": "////",
                  "linewidth": 0.6}
DISPUTED_LABEL = "disputed or breakaway area (hatched)"


def _as_panels(layer, titles) -> dict:
    """Return ``layer`` per panel title (``layer`` is one layer for all, or a dict)."""
    if isinstance(layer, dict):
        return layer
    return dict.fromkeys(titles, layer)


def _layer(frame: gpd.GeoDataFrame | gpd.GeoSeries, ax: Axes, **style) -> None:
    """Draw ``frame`` on ``ax`` with geopandas, without rendering the whole figure.

    geopandas asks the canvas for a redraw after each layer (``draw_idle``); on the Agg and
    inline backends that renders the entire figure there and then, so a map of six panels
    was rendered a dozen times before it was shown. The layer is drawn while the figure
    sits on a base canvas, which renders nothing; the figure is rendered once, when it is
    shown or saved, exactly as before.
    """
    fig = ax.figure
    canvas = fig.canvas
    FigureCanvasBase(fig)  # attaches itself to fig
    try:
        frame.plot(ax=ax, **style)
    finally:
        fig.set_canvas(canvas)


def draw_alignment(ax: Axes, countries: gpd.GeoDataFrame, alignment: pd.Series,
                   title: str = "", disputed: gpd.GeoDataFrame | None = None) -> None:
    """Draw projected countries coloured by alignment on ``ax`` (no axes frame).

    ``disputed``, in the same projection, is hatched over the colours.
    """
    colours = _alignment_colours(countries["iso3"].map(alignment))
    _layer(countries, ax, color=colours.to_numpy(), edgecolor="white", linewidth=0.4)
    if disputed is not None and len(disputed):
        _layer(disputed, ax, **DISPUTED_STYLE)
    ax.set_axis_off()
    ax.set_xlim(*EURASIA_FRAME[:2])
    ax.set_ylim(*EURASIA_FRAME[2:])
    if title:
        ax.set_title(title, fontsize=10, loc="left")


def _legend_handles(used: set[str], hatched: bool) -> list:
    handles = [Patch(facecolor=_alignment_colours(pd.Series([k])).iloc[0], label=label)
               for k, label in ALIGNMENT_LABELS.items() if k in used]
    if hatched:
        handles.append(Patch(label=DISPUTED_LABEL, **DISPUTED_STYLE))
    return handles


def alignment_legend(fig: Figure, used: set[str], hatched: bool = False, **kwargs) -> None:
    """Add a legend of the alignment categories in ``used`` to ``fig``."""
    fig.legend(handles=_legend_handles(used, hatched), frameon=False, fontsize=9, **kwargs)


def plot_alignment_maps(countries, panels: dict[str, pd.Series], *, ncols: int = 2,
                        width: float = 7.5, disputed: dict | None = None) -> Figure:
    """Small multiples: one map of Europe and Central Asia per day, coloured by alignment.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame or dict
        Country polygons with an ``iso3`` column, in EPSG:4326: one layer for every
        panel, or one per panel title (boundaries as they were on each day, from
        :func:`alliances.borders.countries_on`).
    panels : dict of str to pandas.Series
        Panel title -> alignment by ISO code (from :func:`alliances.borders.alignments`).
    ncols : int
        Panels per row; 1 gives each day a map of the full figure width.
    width : float
        Figure width in inches; the panel height follows the map frame's aspect.
    disputed : dict, optional
        Panel title -> disputed areas held on that day (from
        :func:`alliances.borders.disputed_on`), hatched.
    """
    use_style()
    layers = _as_panels(countries, panels)
    hatches = disputed or {}
    legend_cell = ncols > 1 and len(panels) % ncols == 1  # odd count: legend in the free cell
    nrows = -(-(len(panels) + legend_cell) // ncols)
    aspect = (EURASIA_FRAME[3] - EURASIA_FRAME[2]) / (EURASIA_FRAME[1] - EURASIA_FRAME[0])
    panel_height = width / ncols * aspect + 0.3  # + the panel title
    height = panel_height * nrows + (0.0 if legend_cell else 0.6)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained",
                             squeeze=False)
    flat = list(axes.flat)
    used: set[str] = set()
    hatched = False
    for ax, (title, alignment) in zip(flat, panels.items(), strict=False):
        projected = eurasia(layers[title])
        areas = hatches.get(title)
        areas = eurasia(areas) if areas is not None and len(areas) else None
        hatched |= areas is not None and len(areas) > 0
        draw_alignment(ax, projected, alignment, title, areas)
        used |= set(alignment[alignment.index.isin(projected["iso3"])])
    for ax in flat[len(panels):]:
        ax.set_axis_off()
    handles = _legend_handles(used, hatched)
    if legend_cell:
        flat[-1].legend(handles=handles, loc="center", frameon=False, fontsize=9)
    else:
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False,
                   fontsize=9)
    return fig


def plot_contact_map(countries: gpd.GeoDataFrame, alignment: pd.Series,
                     lines: gpd.GeoDataFrame, *, title: str = "",
                     disputed: gpd.GeoDataFrame | None = None) -> Figure:
    """Map of Europe and Central Asia with the NATO-CSTO land border drawn over it."""
    use_style()
    projected = eurasia(countries)
    areas = eurasia(disputed) if disputed is not None and len(disputed) else None
    fig, ax = plt.subplots(figsize=(6.0, 6.9), layout="constrained")
    draw_alignment(ax, projected, alignment, title, areas)
    _layer(lines.to_crs(EURASIA_CRS), ax, color=COLOURS["guideline"], linewidth=2.2)
    ax.set_xlim(-2700, 1300)
    ax.set_ylim(-1500, 2600)
    used = set(alignment[alignment.index.isin(projected["iso3"])])
    alignment_legend(fig, used, areas is not None, loc="outside lower center", ncols=2)
    return fig


def plot_region_panels(panels: dict[str, tuple], *, window: tuple[float, float, float, float],
                       labels: dict[str, str] | None = None, width: float = 7.5) -> Figure:
    """Draw maps of one region side by side: alignment colours, disputed areas hatched, named.

    Parameters
    ----------
    panels : dict
        Panel title -> ``(countries, alignment, disputed)``: polygons (EPSG:4326) with
        ``iso3``, alignment by ISO code, and the disputed areas held that day (with
        ``area_id``), e.g. from :func:`alliances.borders.countries_on`,
        :func:`alliances.borders.alignments` and :func:`alliances.borders.disputed_on`.
    window : tuple
        Longitude/latitude window (west, south, east, north).
    labels : dict, optional
        Label of each disputed area, by ``area_id``, written at the area.
    """
    use_style()
    labels = labels or {}
    west, south, east, north = window
    lat = np.radians((south + north) / 2)
    aspect = (north - south) / ((east - west) * np.cos(lat))
    ncols = len(panels)
    fig, axes = plt.subplots(1, ncols, figsize=(width, width / ncols * aspect + 0.9),
                             layout="constrained", squeeze=False)
    used: set[str] = set()
    hatched = False
    for ax, (title, (countries, alignment, disputed)) in zip(axes.flat, panels.items(),
                                                             strict=True):
        region = clip_to_window(countries, window)
        colours = _alignment_colours(region["iso3"].map(alignment))
        _layer(region, ax, color=colours.to_numpy(), edgecolor="white", linewidth=0.6)
        if disputed is not None and len(disputed):
            _layer(disputed, ax, **DISPUTED_STYLE)
            hatched = True
            for row in disputed.itertuples():
                point = row.geometry.representative_point()
                ax.annotate(labels.get(row.area_id, row.area_id), (point.x, point.y),
                            fontsize=8, ha="center", va="center", zorder=5,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                  "alpha": 0.85})
        used |= set(alignment[alignment.index.isin(region["iso3"])])
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(1 / np.cos(lat))
        ax.set_axis_off()
        ax.set_title(title, fontsize=10, loc="left")
    alignment_legend(fig, used, hatched, loc="outside lower center", ncols=3)
    return fig


def plot_border_steps(series: pd.Series, *, ylabel: str = "km", title: str = "") -> Figure:
    """Step chart of a border length over time (value holds until the next date)."""
    fig, ax = new_figure(7.0, 3.4)
    ax.step(series.index, series.to_numpy(), where="post", lw=2, color=COLOURS["guideline"])
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title, loc="left")
    return fig


def _two_lines(label: str, longer_than: int = 8) -> str:
    r"""Break a long tick label before its last word.

    >>> _two_lines("1 Jun 1992"), _two_lines("2011")
    ('1 Jun\n1992', '2011')
    """
    if len(label) <= longer_than or " " not in label:
        return label
    head, last = label.rsplit(" ", 1)
    return f"{head}\n{last}"


def plot_stacked_lengths(table: pd.DataFrame, *, title: str = "") -> Figure:
    """Stacked bars of border lengths by category (columns) per period (index).

    Long period labels (days such as "1 Jun 1992") break before their last word, so that
    six of them fit side by side.
    """
    fig, ax = new_figure(7.0, 3.4)
    labels = [_two_lines(str(i)) for i in table.index]
    bottom = None
    for column in table.columns:
        values = table[column].to_numpy()
        ax.bar(labels, values, bottom=bottom, label=ALIGNMENT_LABELS.get(
            column, column), color=_alignment_colours(pd.Series([column])).iloc[0],
            edgecolor="white", linewidth=0.5)
        bottom = values if bottom is None else bottom + values
    ax.set_ylabel("km")
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    if title:
        ax.set_title(title, loc="left")
    return fig


#: Colours of the claim verdicts.
VERDICT_COLOURS = {
    "holds": OKABE_ITO["green"], "roughly holds": OKABE_ITO["yellow"],
    "different definition": OKABE_ITO["sky"], "does not hold": OKABE_ITO["vermillion"],
    "cannot be checked": "#BBBBBB",
}


def plot_verdicts(counts: pd.Series, *, title: str = "") -> Figure:
    """Horizontal bars: how many claims received each verdict (with the count printed)."""
    fig, ax = new_figure(7.0, 2.4)
    labels = list(counts.index)[::-1]
    values = counts.to_numpy()[::-1]
    bars = ax.barh(labels, values, color=[VERDICT_COLOURS.get(k, COLOURS["other"])
                                          for k in labels], edgecolor="#555555", linewidth=0.5)
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_xlabel("claims")
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title, loc="left")
    return fig


def plot_lines(series: dict[str, pd.Series], *, ylabel: str, title: str = "",
               hline: float | None = None, ylim: tuple[float, float] | None = None,
               colours: dict[str, str] | None = None,
               log_ticks: list[float] | None = None) -> Figure:
    """Line chart with one line per series.

    Lines whose key is a bloc code take the bloc's colour; others take ``colours[key]``
    or the next colour of the style's cycle. With ``log_ticks`` the y axis is logarithmic,
    labelled at those values as plain numbers (2, 5, 10, ... rather than 10^1).
    """
    fig, ax = new_figure(7.0, 3.4)
    markers = iter("osD^v")
    colours = colours or {}
    for key, values in series.items():
        ax.plot(values.index, values.to_numpy(), lw=2, marker=next(markers), markersize=3,
                color=colours.get(key, COLOURS.get(key)),
                label=key.upper() if key in ("nato", "csto") else key)
    if hline is not None:
        ax.axhline(hline, color=COLOURS["guideline"], lw=1, ls="--")
    ax.set_ylabel(ylabel)
    if log_ticks:
        ax.set_yscale("log")
        ax.set_yticks(log_ticks, labels=[f"{t:g}" for t in log_ticks])
        ax.minorticks_off()
    if ylim:
        ax.set_ylim(*ylim)
    if len(series) > 1:
        ax.legend(loc="best")
    if title:
        ax.set_title(title, loc="left")
    return fig


def _csv_href(frame: pd.DataFrame | pd.Series) -> str:
    index = frame.index  # a default 0..n index carries nothing: leave it out of the download
    default = (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
               and index.name is None)
    text = frame.to_csv(lineterminator="\n", index=not default)
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode(
        "ascii")


def data_link(frame: pd.DataFrame | pd.Series, filename: str, label: str = "") -> HTML:
    """Return an HTML link that downloads ``frame`` as a CSV file (embedded as a data URI).

    The link works offline and needs no file beside the page. The CSV has Unix line
    endings, so the output is identical on every platform; a default ``0..n`` index is
    left out.

    Examples
    --------
    >>> link = data_link(pd.DataFrame({"a": [1]}), "x.csv")
    >>> link.data.startswith('<p class="figure-data"><a download="x.csv"')
    True
    >>> base64.b64decode(link.data.split("base64,")[1].split('"')[0]).decode().split()
    ['a', '1']
    """
    return data_links({filename: frame}, labels={filename: label} if label else None)


def data_links(files: dict[str, pd.DataFrame | pd.Series], *,
               labels: dict[str, str] | None = None) -> HTML:
    """Return one paragraph of CSV download links, one per file (a figure with several panels).

    Parameters
    ----------
    files : dict
        File name -> the data it holds.
    labels : dict, optional
        Link text by file name; by default "Download the data of this figure (<name>)".

    Examples
    --------
    >>> html = data_links({"a.csv": pd.Series([1]), "b.csv": pd.Series([2])}).data
    >>> html.count("<a download=")
    2
    """
    labels = labels or {}
    links = [f'<a download="{name}" href="{_csv_href(frame)}">'
             f'{labels.get(name) or f"Download the data of this figure ({name})"}</a>'
             for name, frame in files.items()]
    return HTML('<p class="figure-data">' + "<br>".join(links) + "</p>")


#: Colours of statuses on timelines.
STATUS_COLOURS = {
    "member": COLOURS["csto"], "signatory": OKABE_ITO["yellow"], "suspended": COLOURS["suspended"],
    "frozen": COLOURS["frozen"], "active": COLOURS["nato"], "signed": OKABE_ITO["sky"],
    "dialogue": OKABE_ITO["green"],
}
STATUS_LABELS = {
    "member": "member / party", "signatory": "signatory, treaty not yet in force",
    "suspended": "suspended", "frozen": "participation frozen", "active": "in operation",
    "signed": "signed, not yet in force",
    "dialogue": "political dialogue only (practical cooperation suspended)",
}


def plot_timeline(periods: pd.DataFrame, *, label: str, colours: dict[str, str] | None = None,
                  title: str = "") -> Figure:
    """Horizontal timeline: one row per ``label`` value, one bar per period, coloured by status.

    Parameters
    ----------
    periods : pandas.DataFrame
        Rows with ``start``, ``end`` (dates), ``status`` and the ``label`` column, e.g. from
        :func:`alliances.membership.state_periods`.
    label : str
        Column naming the rows (e.g. ``"name"``).
    colours : dict, optional
        Status -> colour; default :data:`STATUS_COLOURS`.
    """
    colours = {**STATUS_COLOURS, **(colours or {})}
    order = list(dict.fromkeys(periods.sort_values("start", kind="stable")[label]))
    fig, ax = new_figure(7.0, 0.32 * len(order) + 1.6)
    for row in periods.itertuples():
        y = order.index(getattr(row, label))
        start, end = pd.Timestamp(row.start), pd.Timestamp(row.end)
        ax.barh(y, end - start, left=start, height=0.6, color=colours[row.status],
                edgecolor="white", linewidth=0.5)
    ax.set_yticks(range(len(order)), order, fontsize=9)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    used = list(dict.fromkeys(periods["status"]))
    fig.legend(handles=[Patch(facecolor=colours[s], label=STATUS_LABELS.get(s, s)) for s in used],
               loc="outside lower center", ncols=min(len(used), 2), fontsize=9, frameon=False)
    if title:
        ax.set_title(title, loc="left")
    return fig


def plot_places(countries: gpd.GeoDataFrame, alignment: pd.Series, places: pd.DataFrame, *,
                window: tuple[float, float, float, float], labels: dict[str, str] | None = None,
                offsets: dict[str, tuple[float, float]] | None = None,
                title: str = "", disputed: gpd.GeoDataFrame | None = None) -> Figure:
    """Map of a region with countries coloured by alignment and labelled points.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Country polygons (EPSG:4326) with ``iso3``.
    alignment : pandas.Series
        Alignment by ISO code (from :func:`alliances.borders.alignments`).
    places : pandas.DataFrame
        ``name``, ``kind``, ``lat``, ``lon`` (from ``places.csv``).
    window : tuple
        Longitude/latitude window (west, south, east, north).
    labels, offsets : dict, optional
        Short label and label offset in points, by ``place_id``.
    """
    use_style()
    labels, offsets = labels or {}, offsets or {}
    region = clip_to_window(countries, window)
    fig, ax = plt.subplots(figsize=(7.0, 5.4), layout="constrained")
    colours = _alignment_colours(region["iso3"].map(alignment))
    _layer(region, ax, color=colours.to_numpy(), edgecolor="white", linewidth=0.6)
    hatched = disputed is not None and len(disputed) > 0
    if hatched:
        _layer(disputed, ax, **DISPUTED_STYLE)
    markers = {"capital": ("o", OKABE_ITO["black"]), "air base": ("^", OKABE_ITO["yellow"]),
               "military base": ("s", OKABE_ITO["yellow"])}
    for row in places.itertuples():
        marker, colour = markers[row.kind]
        ax.scatter(row.lon, row.lat, marker=marker, s=46, color=colour, edgecolor="black",
                   linewidth=0.8, zorder=4)
        ax.annotate(labels.get(row.place_id, row.name), (row.lon, row.lat),
                    xytext=offsets.get(row.place_id, (5, 4)), textcoords="offset points",
                    fontsize=8.5, zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_xlim(window[0], window[2])
    ax.set_ylim(window[1], window[3])
    ax.set_aspect(1 / np.cos(np.radians((window[1] + window[3]) / 2)))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.grid(visible=False)
    used = set(alignment[alignment.index.isin(region["iso3"])])
    handles = _legend_handles(used, hatched)
    handles += [plt.Line2D([], [], marker=m, color="none", markerfacecolor=c,
                           markeredgecolor="black", markersize=7, label=k)
                for k, (m, c) in markers.items() if k in set(places["kind"])]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=9, frameon=False)
    if title:
        ax.set_title(title, loc="left")
    return fig


#: Colours of actors on the approaches timeline.
ACTOR_COLOURS = {"cst": COLOURS["csto"], "csto": COLOURS["csto"], "russia": OKABE_ITO["purple"],
                 "nato": COLOURS["nato"], "us": OKABE_ITO["sky"]}
ACTOR_LABELS = {"cst": "CST / CSTO", "csto": "CST / CSTO", "russia": "Russia", "nato": "NATO",
                "us": "United States"}


def plot_events(events: pd.DataFrame, *, labels: list[str], title: str = "") -> Figure:
    """Dated events on a time axis, one labelled row each, coloured by actor.

    Parameters
    ----------
    events : pandas.DataFrame
        ``date`` and ``actor`` columns (e.g. :func:`alliances.io.load_approaches`).
    labels : list of str
        A short label per event, in the same order.
    """
    fig, ax = new_figure(7.0, 0.34 * len(events) + 1.2)
    start, end = pd.Timestamp("1992-01-01"), pd.Timestamp("2014-01-01")
    middle = start + (end - start) / 2
    for y, row, text in zip(range(len(events)), events.itertuples(), labels, strict=True):
        ax.scatter(row.date, y, s=40, color=ACTOR_COLOURS[row.actor], edgecolor="black",
                   linewidth=0.6, zorder=3)
        left = row.date > middle  # labels of late events go to the left of their point
        ax.annotate(text, (row.date, y), xytext=(-8 if left else 8, 0),
                    textcoords="offset points", va="center", ha="right" if left else "left",
                    fontsize=9)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlim(start, end)
    ax.grid(axis="y", visible=False)
    seen = list(dict.fromkeys(ACTOR_LABELS[a] for a in events["actor"]))
    handles = [plt.Line2D([], [], marker="o", color="none", markeredgecolor="black",
                          markerfacecolor=next(ACTOR_COLOURS[k] for k, v in ACTOR_LABELS.items()
                                               if v == label), label=label) for label in seen]
    ax.legend(handles=handles, loc="lower left", fontsize=9)
    if title:
        ax.set_title(title, loc="left")
    return fig


def plot_definitions(defs: pd.DataFrame, *, names: pd.Series, guideline: float,
                     label: tuple[str, ...] = ("TUR", "USA", "GRC"),
                     offsets: dict[str, tuple[float, float]] | None = None) -> Figure:
    """Scatter of burdens under NATO's definition (x) against SIPRI's (y), ally by year.

    Parameters
    ----------
    defs : pandas.DataFrame
        From :func:`alliances.spending.definitions`: ``iso3``, ``nato_pct``, ``sipri_pct``,
        ``difference_pts``.
    names : pandas.Series
        State names by ISO code.
    guideline : float
        NATO's guideline (% of GDP), drawn on both axes.
    label : tuple of str
        States named at their point of widest difference; any state whose definitions
        differ by more than one point is named too.
    offsets : dict, optional
        Label offset in points, by ISO code (default 4, 4).
    """
    offsets = offsets or {}
    fig, ax = new_figure(6.0, 5.2)
    ax.plot([0, 5], [0, 5], color=OKABE_ITO["grey"], lw=1)
    for axis_line in (ax.axvline, ax.axhline):
        axis_line(guideline, color=COLOURS["guideline"], lw=1, ls="--")
    ax.scatter(defs["nato_pct"], defs["sipri_pct"], s=14, color=COLOURS["nato"], alpha=0.7)
    for iso3, group in defs.groupby("iso3"):
        if iso3 in label or group["difference_pts"].abs().max() > 1:
            row = group.loc[group["difference_pts"].abs().idxmax()]
            ax.annotate(names[iso3], (row["nato_pct"], row["sipri_pct"]),
                        xytext=offsets.get(iso3, (4, 4)), textcoords="offset points",
                        fontsize=9)
    ax.set_xlim(0, 5)
    ax.set_ylim(0, 5)
    ax.set_xlabel("NATO's definition, % of GDP")
    ax.set_ylabel("SIPRI's definition, % of GDP")
    return fig


def plot_arms_dependence(russia_pct: pd.Series, blocs: dict[str, pd.DataFrame], *,
                         names: pd.Series, years: tuple[int, int]) -> Figure:
    """Two panels: each state's arms imports from Russia over a period, and each bloc's year.

    Parameters
    ----------
    russia_pct : pandas.Series
        Russia's share (%) of each state's imports over the period, by ISO code (the
        ``russia_pct`` column of :func:`alliances.arms.period_shares`).
    blocs : dict of str to pandas.DataFrame
        ``"csto"`` and ``"nato"`` -> :func:`alliances.arms.patron_share`, year by year.
    names : pandas.Series
        State names by ISO code.
    years : tuple of int
        First and last year of the period, for the axis label.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.6), layout="constrained")
    shares = russia_pct.sort_values()
    left.barh([names[c] for c in shares.index], shares.to_numpy(), color=COLOURS["csto"],
              edgecolor="#555555", linewidth=0.4)
    left.set_xlim(0, 100)
    left.set_xlabel(f"from Russia, % of imports {years[0]}–{years[1]}")
    left.grid(axis="y", visible=False)
    for bloc, label in (("csto", "CSTO members from Russia"),
                        ("nato", "NATO members from the US")):
        right.plot(blocs[bloc].index, blocs[bloc]["share_pct"], lw=2, marker="o", markersize=3,
                   color=COLOURS[bloc], label=label)
    right.set_ylim(0, 100)
    right.set_ylabel("share of the bloc's arms imports (%)")
    right.legend(loc="lower left", fontsize=9)
    return fig


def plot_institutions(table: pd.DataFrame, aspects: dict[str, str]) -> Figure:
    """Small multiples: NATO beside the CSTO on numeric aspects, at two dates each.

    Parameters
    ----------
    table : pandas.DataFrame
        The institutional-depth table (:func:`alliances.io.load_institutions`): ``aspect``,
        ``org``, ``year``, ``number``, ``unit``.
    aspects : dict of str to str
        Aspect -> panel title, in display order.

    Bars are the earliest and the latest year recorded for each organisation; a value the
    table could not source is marked "not published".
    """
    ncols = min(2, len(aspects))
    nrows = -(-len(aspects) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7.0, 2.6 * nrows + 0.4),
                             layout="constrained", squeeze=False)
    for ax in axes.flat[len(aspects):]:
        ax.set_visible(False)
    for ax, (aspect, label) in zip(axes.flat, aspects.items(), strict=False):
        bars, names, colours = [], [], []
        for org in ("nato", "csto"):
            for _, row in institutions.ends(aspect, org, table=table).iterrows():
                bars.append(row["number"])
                names.append(f"{org.upper()}\n{row['year']}")
                colours.append(COLOURS[org])
        heights = [0 if pd.isna(v) else v for v in bars]
        drawn = ax.bar(range(len(bars)), heights, color=colours, edgecolor="#555555",
                       linewidth=0.4)
        ax.bar_label(drawn, labels=["not\npublished" if pd.isna(v) else f"{v:,.0f}"
                                    for v in bars], padding=2, fontsize=8)
        ax.set_xticks(range(len(bars)), names, fontsize=8)
        ax.set_title(label, fontsize=10, loc="left")
        ax.grid(axis="x", visible=False)
        ax.set_ylim(0, max(heights or [1]) * 1.3 or 1)
        ax.tick_params(axis="y", labelsize=8)
        ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    return fig
