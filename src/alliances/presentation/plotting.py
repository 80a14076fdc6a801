"""One plotting style for the whole book: colour-blind-safe colours, quiet axes.

Colours are from the Okabe-Ito palette, which stays distinguishable under the
common forms of colour-vision deficiency.

Every ``plot_*`` function returns a :class:`StyledFigure`, a plain
:class:`matplotlib.figure.Figure` (no pyplot state, nothing to close) that carries the
house style (:data:`STYLE`): it is built inside ``matplotlib.rc_context(STYLE)`` and draws
and saves itself inside the same context, so it looks the same wherever and whenever it
is rendered, whatever the global ``rcParams`` are then.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable

import geopandas as gpd
import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from alliances.measures.borders import clip_to_window, local_crs

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


#: The one font family of the book's charts, static (matplotlib) and hover (Plotly) alike.
FONT_FAMILY = "DejaVu Sans"
#: The same family as a CSS font stack, for the hover charts (Verdana and Geneva share
#: DejaVu Sans's proportions, for readers whose system lacks it).
FONT_STACK = "DejaVu Sans, Verdana, Geneva, sans-serif"
#: Width of a chart, inches: at 110 px an inch (retina PNG at 220 dpi) it fills the book's
#: ~700 px column at its natural size, so 9 pt text reads as 9 pt on a desktop screen.
WIDTH = 6.4
#: Smallest text on a figure (points): notes, map labels, the source line.
SMALL = 9
#: Colour of secondary text (source line, notes).
MUTED = "#555555"
#: Source lines written under the charts ("Source: ... · unit").
SOURCES = {
    "sipri": "SIPRI Military Expenditure Database 2025",
    "sipri_arms": "SIPRI Arms Transfers Database (TIV)",
    "nato": "NATO, Defence Expenditure of NATO Countries (2012–2019)",
    "worldbank": "World Bank, World Development Indicators",
    "events": "our membership event table (see the Data chapter)",
    "natural_earth": "Natural Earth 1:50m boundaries",
    "institutions": "our institutions table (each value's source in the bibliography)",
    "claims": "our claims ledger",
    "places": "Natural Earth places; base positions as in the downloadable data",
}


#: The house style, as matplotlib rc parameters. It follows Our World in Data's and SIPRI's
#: fact-sheet charts: one sans-serif family, text no smaller than :data:`SMALL` points, quiet
#: axes, lines labelled at their ends rather than in a boxed legend, and a source line under
#: every chart (:func:`add_source`).
STYLE = {
    "figure.figsize": (WIDTH, 3.6),
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.labelcolor": "#333333",
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
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
}


class _StyledCanvas(FigureCanvasBase):
    """A canvas that prints its figure inside the house style.

    IPython's display (``print_figure``) and :meth:`Figure.savefig` both go through
    :meth:`print_figure`; drawing on this canvas (``draw_idle``, as geopandas asks after each
    layer) renders nothing: the figure is rendered once, when it is shown or saved.
    """

    def print_figure(self, *args, **kwargs):
        with mpl.rc_context(STYLE):
            return super().print_figure(*args, **kwargs)


class StyledFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` that draws and saves itself in :data:`STYLE`.

    rc parameters are read when an artist is made and again when the figure is drawn
    (ticks, font lookup, the saved resolution); the figure is made inside the style by
    :func:`new_figure` and the ``plot_*`` functions, and renders inside it wherever it is
    displayed or saved, without touching the global ``rcParams``.

    Examples
    --------
    Saved at the style's 150 dpi (2 × 1 inches: 300 × 150 pixels), whatever the global
    setting at the time:

    >>> import io
    >>> fig, ax = new_figure(2, 1)
    >>> buffer = io.BytesIO()
    >>> with mpl.rc_context({"savefig.dpi": 72}):
    ...     fig.savefig(buffer, format="png")
    >>> [int.from_bytes(buffer.getvalue()[i:i + 4], "big") for i in (16, 20)]  # PNG header
    [300, 150]
    """

    def __init__(self, *args, **kwargs):
        with mpl.rc_context(STYLE):
            super().__init__(*args, **kwargs)
        _StyledCanvas(self)  # attaches itself to the figure

    def draw(self, renderer):
        """Draw the figure with ``renderer``, inside the house style."""
        with mpl.rc_context(STYLE):
            super().draw(renderer)

    def savefig(self, *args, **kwargs):
        """Save the figure as :meth:`matplotlib.figure.Figure.savefig`, in the house style."""
        with mpl.rc_context(STYLE):
            super().savefig(*args, **kwargs)


def styled(plot: Callable[..., Figure]) -> Callable[..., Figure]:
    """Run a figure function inside the house style (decorator).

    Everything the function makes (figure, axes, ticks, texts) takes its defaults from
    :data:`STYLE`; the global ``rcParams`` are left as they were.
    """
    @functools.wraps(plot)
    def plot_in_style(*args, **kwargs) -> Figure:
        with mpl.rc_context(STYLE):
            return plot(*args, **kwargs)

    return plot_in_style


def add_source(fig: Figure, source: str, unit: str = "") -> None:
    """Write the source (and unit) line under a figure, left-aligned, in small grey type.

    The line is the figure's ``supxlabel``: the constrained layout keeps room for it under
    the axes and any legend below them.

    Examples
    --------
    >>> fig = Figure()
    >>> add_source(fig, "SIPRI", "current US$")
    >>> fig.texts[-1].get_text()
    'Source: SIPRI · current US$'
    """
    text = f"Source: {source}" + (f" · {unit}" if unit else "")
    # wrapped to the figure's width (about 5.2 points a character at 9 pt), so that a long
    # line never widens the image and shrinks everything else
    text = textwrap.fill(text, width=int(fig.get_figwidth() * 72 / 5.2))
    # a figure-level x label: the constrained layout keeps room for it below everything else
    fig.supxlabel(text, x=0.0, ha="left", fontsize=SMALL, color=MUTED, linespacing=1.2)


def finish(fig: Figure, ax=None, title: str = "", source: str | None = None,
           unit: str = "") -> Figure:
    """Put ``title`` over ``ax`` (left-aligned) and the source line under ``fig``, each if given.

    The closing step of every chart here; returns ``fig``.

    Examples
    --------
    >>> fig = Figure()
    >>> ax = fig.add_subplot()
    >>> finish(fig, ax, "Members", "NATO", "states") is fig
    True
    >>> ax.get_title(loc="left"), fig.texts[-1].get_text()
    ('Members', 'Source: NATO · states')
    >>> len(finish(Figure()).texts)
    0
    """
    if title:
        ax.set_title(title, loc="left")
    if source:
        add_source(fig, source, unit)
    return fig


def whole_ticks(axis) -> None:
    """Put ticks on whole, round numbers (1, 2, 5 or 10 times a power of ten): no 92.5."""
    axis.set_major_locator(mticker.MaxNLocator(nbins="auto", steps=[1, 2, 5, 10],
                                               integer=True))


def label_line_ends(ax: Axes, ends: dict[str, tuple[float, float, str]], *,
                    min_gap: float = 13.0) -> None:
    """Label lines in their colours beside the plot's right edge, instead of a legend.

    Each label stands level with its line's last value, as on Our World in Data's charts.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    ends : dict
        Label -> ``(x, y, colour)`` of the line's last point (``x`` is not used: every label
        stands at the right edge).
    min_gap : float
        Smallest vertical distance between two one-line labels, points; labels closer than
        that are pushed apart (the lower one down). Labels longer than 16 characters are
        broken over two lines, so that they do not squeeze the plot.
    """
    if not ends:
        return
    fig = ax.figure
    to_points = 72 / fig.dpi
    placed: list[tuple[float, int]] = []  # (position in points, lines) of each label so far
    for label, (_x, y, colour) in sorted(ends.items(), key=lambda kv: -kv[1][1]):
        text = label if "\n" in label else textwrap.fill(label, 16)
        lines = text.count("\n") + 1
        y_pt = ax.transData.transform((0, y))[1] * to_points
        if placed:
            gap = min_gap * (placed[-1][1] + lines) / 2
            y_pt = min(y_pt, placed[-1][0] - gap)
        shift = y_pt - ax.transData.transform((0, y))[1] * to_points
        placed.append((y_pt, lines))
        # at the right edge of the plot, level with the line's end: a line that ends early
        # (GDP at purchasing-power parity) is not named on top of the others
        ax.annotate(text, (1.0, y), xycoords=("axes fraction", "data"), xytext=(6, shift),
                    textcoords="offset points",
                    va="center", ha="left", color=colour, fontsize=10, fontweight="bold",
                    annotation_clip=False)


def new_figure(width: float = WIDTH, height: float = 3.6, nrows: int = 1, ncols: int = 1,
               **subplots) -> tuple[StyledFigure, Axes | np.ndarray]:
    """Return a :class:`StyledFigure` (constrained layout) and its axes.

    ``nrows``, ``ncols`` and ``subplots`` (``squeeze``, ``sharex``, ``width_ratios``, ...)
    go to :meth:`matplotlib.figure.Figure.subplots`: one axes by default.
    """
    with mpl.rc_context(STYLE):
        fig = StyledFigure(figsize=(width, height), layout="constrained")
        return fig, fig.subplots(nrows, ncols, **subplots)


@styled
def plot_member_counts(series: dict[str, pd.Series], *, title: str = "",
                       source: str | None = SOURCES["events"]) -> Figure:
    """Step chart of member counts, one line per bloc, each named at its end.

    Parameters
    ----------
    series : dict of str to pandas.Series
        Bloc code -> counts indexed by date (from
        :func:`alliances.measures.membership.step_counts`).
    title : str
        Figure title.
    source : str, optional
        Source line under the chart (None: none).

    """
    fig, ax = new_figure(WIDTH, 3.6)
    ends = {}
    for bloc, counts in series.items():
        colour = COLOURS.get(bloc, COLOURS["other"])
        ax.step(counts.index, counts.to_numpy(), where="post", lw=2, color=colour,
                label=bloc.upper())
        ends[bloc.upper()] = (counts.index[-1], counts.iloc[-1], colour)
    ax.set_ylabel("members")
    ax.set_ylim(bottom=0)
    whole_ticks(ax.yaxis)
    label_line_ends(ax, ends)
    return finish(fig, ax, title, source, "member states on each day")


@styled
def plot_share_area(shares: pd.Series, *, leader: str, rest: str, title: str = "",
                    source: str | None = SOURCES["sipri"],
                    unit: str = "constant US$") -> Figure:
    """Stacked area: the leader's share of bloc spending and everyone else's, named in place.

    Parameters
    ----------
    shares : pandas.Series
        The leader's share in percent, indexed by year.
    leader, rest : str
        Labels, written inside their bands.
    source, unit : str
        Source line under the chart.

    """
    fig, ax = new_figure(WIDTH, 3.4)
    years = shares.index.to_numpy()
    values = shares.to_numpy()
    ax.stackplot(years, values, 100 - values,
                 colors=[COLOURS["nato"], COLOURS["partner"]], labels=[leader, rest])
    ax.set_ylim(0, 100)
    ax.set_xlim(years.min(), years.max())
    ax.set_ylabel("share of bloc spending (%)")
    whole_ticks(ax.xaxis)
    middle = years[len(years) // 2]
    low = float(np.nanmin(values))
    ax.text(middle, low / 2, leader, ha="center", va="center", color="white",
            fontsize=11, fontweight="bold")
    ax.text(middle, (100 + float(np.nanmax(values))) / 2, rest, ha="center", va="center",
            color="black", fontsize=11, fontweight="bold")
    return finish(fig, ax, title, source, unit)


#: Note written in the row of a state with no burden in either year.
NO_FIGURE = "no figure"


@styled
def plot_burdens(then: pd.DataFrame, now: pd.DataFrame, *, year_then: int, year_now: int,
                 guideline: float = 2.0, title: str = "",
                 notes: dict[str, str] | None = None,
                 source: str | None = SOURCES["sipri"]) -> Figure:
    """Dot plot of each member's burden (% of GDP) in two years, with the guideline.

    Parameters
    ----------
    then, now : pandas.DataFrame
        Tables with ``name`` and ``burden_pct`` (from
        :func:`alliances.measures.spending.bloc_spending`).
    year_then, year_now : int
        Years, for the legend.
    guideline : float
        Vertical reference line, percent of GDP.
    notes : dict, optional
        Note written in the row of a state (by name) with no burden in either year, such as
        why there is none; other empty rows read :data:`NO_FIGURE`.
    source : str, optional
        Source line under the chart.

    """
    notes = notes or {}
    merged = (pd.DataFrame({"name": now["name"], "now": now["burden_pct"]})
              .merge(pd.DataFrame({"name": then["name"], "then": then["burden_pct"]}),
                     on="name", how="left")
              .sort_values("now", na_position="first"))
    fig, ax = new_figure(WIDTH, 0.24 * len(merged) + 1.3)
    y = range(len(merged))
    ax.hlines(list(y), merged["then"], merged["now"], color="#BBBBBB", lw=1)
    ax.scatter(merged["then"], list(y), color=COLOURS["partner"], s=24, zorder=3,
               label=str(year_then), marker="o")
    ax.scatter(merged["now"], list(y), color=COLOURS["nato"], s=28, zorder=3,
               label=str(year_now), marker="D")
    ax.axvline(guideline, color=COLOURS["guideline"], lw=1, ls="--")
    ax.annotate(f"{guideline:g}% guideline", xy=(guideline, len(merged) - 0.5),
                xytext=(4, 0), textcoords="offset points", fontsize=SMALL)
    for i, row in zip(y, merged.itertuples(), strict=True):
        if pd.isna(row.now) and pd.isna(row.then):
            ax.annotate(notes.get(row.name, NO_FIGURE), xy=(0, i), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=SMALL,
                        color=MUTED, fontstyle="italic", zorder=4,
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})
    ax.set_yticks(list(y), merged["name"].tolist(), fontsize=SMALL)
    ax.set_xlim(left=0)
    ax.set_xlabel("military spending, % of GDP")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", handletextpad=0.2)
    return finish(fig, ax, title, source, "share of GDP")


#: Equal-area projection centred on Europe and Central Asia (km units).
EURASIA_CRS = "+proj=aea +lat_0=50 +lon_0=45 +lat_1=38 +lat_2=62 +datum=WGS84 +units=km"
#: Longitude/latitude window clipped before projecting (west, south, east, north).
EURASIA_WINDOW = (-30.0, 20.0, 150.0, 85.0)
#: Projected frame of the overview maps, km (xmin, xmax, ymin, ymax): every European member
#: from Portugal and Iceland to Türkiye, and Central Asia to Kazakhstan's eastern end.
EURASIA_FRAME = (-4600.0, 3000.0, -1800.0, 3250.0)
#: Legend labels of the alignment categories. ``partner`` is a former Collective Security
#: Treaty state outside the CSTO that joined NATO's Partnership for Peace (the event table
#: records partnership only for the treaty's states, so other partners such as Ukraine are
#: "other").
ALIGNMENT_LABELS = {
    "nato": "NATO member", "csto": "CST/CSTO member",
    "frozen": "CSTO member, participation frozen", "suspended": "CSTO membership suspended",
    "partner": "former CST state, NATO partner (PfP)", "neither": "other states",
}
#: Names written on the maps, by ISO code: (name, where the name goes, the point the name
#: is about (lon, lat); a leader line joins them when they differ). Only the states the
#: chapters discuss are named.
STATE_LABELS = {
    "RUS": ("Russia", (62.0, 60.5), None),
    "KAZ": ("Kazakhstan", (65.5, 49.8), None),
    "UZB": ("Uzbekistan", (63.6, 41.9), None),
    "TKM": ("Turkmenistan", (59.0, 38.9), None),
    "KGZ": ("Kyrgyzstan", (72.5, 46.2), (74.5, 41.8)),
    "TJK": ("Tajikistan", (73.0, 35.4), (70.8, 38.7)),
    "UKR": ("Ukraine", (31.5, 49.2), None),
    "BLR": ("Belarus", (28.0, 53.6), None),
    "TUR": ("Türkiye", (34.0, 39.0), None),
    "GEO": ("Georgia", (36.5, 43.6), (43.6, 42.2)),
    "ARM": ("Armenia", (43.0, 36.2), (44.9, 40.2)),
    "AZE": ("Azerbaijan", (52.5, 42.0), (47.6, 40.3)),
}
#: Names on small multiples of the overview map (the Caucasus has its own, larger map).
SMALL_MAP_LABELS = {k: v for k, v in STATE_LABELS.items()
                    if k not in ("GEO", "ARM", "AZE", "TKM")}
#: Names on the contact maps (Europe and the Caucasus), as :data:`STATE_LABELS`.
CONTACT_LABELS = {k: v for k, v in STATE_LABELS.items()
                  if k not in ("KAZ", "UZB", "TKM", "KGZ", "TJK")}
#: Names on the Caucasus maps (larger scale), as :data:`STATE_LABELS`.
CAUCASUS_LABELS = {
    "RUS": ("Russia", (44.0, 46.3), None),
    "UKR": ("Ukraine", (32.5, 48.3), None),
    "TUR": ("Türkiye", (36.0, 39.0), None),
    "GEO": ("Georgia", (42.5, 41.9), None),
    "ARM": ("Armenia", (44.5, 40.75), None),
    "AZE": ("Azerbaijan", (48.6, 41.3), None),
    "MDA": ("Moldova", (27.4, 47.9), (28.5, 47.3)),
}
#: Names on the Central Asia map, as :data:`STATE_LABELS`.
CENTRAL_ASIA_LABELS = {
    "KAZ": ("Kazakhstan", (70.0, 45.0), None),
    "UZB": ("Uzbekistan", (62.3, 42.3), None),
    "TKM": ("Turkmenistan", (62.2, 37.4), None),
    "KGZ": ("Kyrgyzstan", (75.0, 41.5), None),
    "TJK": ("Tajikistan", (74.2, 37.7), None),
    "AFG": ("Afghanistan", (66.0, 34.8), None),
    "CHN": ("China", (78.5, 40.0), None),
}


#: Fill colour of each alignment category on the maps.
ALIGNMENT_COLOURS = {k: COLOURS[k] for k in ("nato", "csto", "frozen", "suspended", "partner",
                                             "neither")}


def _alignment_colours(alignment: pd.Series) -> pd.Series:
    return alignment.map(ALIGNMENT_COLOURS).fillna(COLOURS["neither"])


def label_states(ax: Axes, labels: dict[str, tuple], *, crs: str | None = None,
                 shown: set[str] | None = None, fontsize: float = SMALL) -> None:
    """Write state names on a map, with a white halo, and leader lines where given.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    labels : dict
        ISO code -> ``(name, (lon, lat) of the name, (lon, lat) of the state or None)``,
        as :data:`STATE_LABELS`.
    crs : str, optional
        Projection of the map; positions are projected from longitude/latitude to it.
        None: the map is drawn in longitude/latitude.
    shown : set of str, optional
        Only these ISO codes are named (e.g. the states drawn on the map).
    fontsize : float
        Size of the names, points.
    """
    keys = [k for k in labels if shown is None or k in shown]
    if not keys:
        return
    points = [labels[k][1] for k in keys] + [labels[k][2] or labels[k][1] for k in keys]
    if crs is not None:
        series = gpd.GeoSeries(gpd.points_from_xy(*zip(*points, strict=True)), crs="EPSG:4326")
        points = [(pt.x, pt.y) for pt in series.to_crs(crs)]
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    xmin, xmax = sorted(ax.get_xlim())
    ymin, ymax = sorted(ax.get_ylim())
    for i, key in enumerate(keys):
        (x, y), target = points[i], points[len(keys) + i]
        if not (xmin <= x <= xmax and ymin <= y <= ymax):
            continue
        arrow = ({"arrowstyle": "-", "color": "#333333", "lw": 0.7, "shrinkA": 2,
                  "shrinkB": 0} if labels[key][2] is not None else None)
        ax.annotate(labels[key][0], xy=target, xytext=(x, y), ha="center", va="center",
                    fontsize=fontsize, color="#222222", zorder=6, path_effects=halo,
                    arrowprops=arrow, annotation_clip=False)


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


def draw_alignment(ax: Axes, countries: gpd.GeoDataFrame, alignment: pd.Series,
                   title: str = "", disputed: gpd.GeoDataFrame | None = None,
                   labels: dict[str, tuple] | None = None,
                   frame: tuple[float, float, float, float] = EURASIA_FRAME) -> None:
    """Draw projected countries coloured by alignment on ``ax`` (no axes frame).

    ``disputed``, in the same projection, is hatched over the colours; ``labels`` (as
    :data:`STATE_LABELS`) names states inside ``frame`` (km, xmin, xmax, ymin, ymax).
    """
    colours = _alignment_colours(countries["iso3"].map(alignment))
    countries.plot(ax=ax, color=colours.to_numpy(), edgecolor="white", linewidth=0.4)
    if disputed is not None and len(disputed):
        disputed.plot(ax=ax, **DISPUTED_STYLE)
    ax.set_axis_off()
    ax.set_xlim(*frame[:2])
    ax.set_ylim(*frame[2:])
    if labels:
        label_states(ax, labels, crs=EURASIA_CRS, shown=set(countries["iso3"]))
    if title:
        ax.set_title(title, loc="left")


#: Legend entry of the NATO-CSTO land border on the maps that draw it.
BORDER_LABEL = "NATO–CSTO land border"


def _legend_handles(used: set[str], hatched: bool, border: bool = False) -> list:
    handles = [Patch(facecolor=_alignment_colours(pd.Series([k])).iloc[0], label=label)
               for k, label in ALIGNMENT_LABELS.items() if k in used]
    if hatched:
        handles.append(Patch(label=DISPUTED_LABEL, **DISPUTED_STYLE))
    if border:
        handles.append(Line2D([], [], color=COLOURS["guideline"], lw=2.2, label=BORDER_LABEL))
    return handles


def alignment_legend(fig: Figure, used: set[str], hatched: bool = False,
                     border: bool = False, **kwargs) -> None:
    """Add a legend of the alignment categories in ``used`` (and the border line) to ``fig``."""
    fig.legend(handles=_legend_handles(used, hatched, border), frameon=False,
               fontsize=SMALL, **kwargs)


#: Source line of the maps.
MAP_SOURCE = f"{SOURCES['natural_earth']}; {SOURCES['events']}"


@styled
def plot_alignment_maps(countries, panels: dict[str, pd.Series], *, ncols: int = 2,
                        width: float = 7.0, disputed: dict | None = None,
                        labels: dict[str, tuple] | None = None,
                        source: str | None = MAP_SOURCE) -> Figure:
    """Small multiples: one map of Europe and Central Asia per day, coloured by alignment.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame or dict
        Country polygons with an ``iso3`` column, in EPSG:4326: one layer for every
        panel, or one per panel title (boundaries as they were on each day, from
        :func:`alliances.measures.borders.countries_on`).
    panels : dict of str to pandas.Series
        Panel title -> alignment by ISO code (from :func:`alliances.measures.borders.alignments`).
    ncols : int
        Panels per row; 1 gives each day a map of the full figure width.
    width : float
        Figure width in inches; the panel height follows the map frame's aspect.
    disputed : dict, optional
        Panel title -> disputed areas held on that day (from
        :func:`alliances.measures.borders.disputed_on`), hatched.
    labels : dict, optional
        States to name (as :data:`STATE_LABELS`); default: those names on maps of the full
        width (``ncols=1``), none on smaller panels, where they would not be legible.
    source : str, optional
        Source line under the maps.
    """
    layers = _as_panels(countries, panels)
    hatches = disputed or {}
    if labels is None:
        labels = STATE_LABELS if ncols == 1 else {}
    legend_cell = ncols > 1 and len(panels) % ncols == 1  # odd count: legend in the free cell
    nrows = -(-(len(panels) + legend_cell) // ncols)
    aspect = (EURASIA_FRAME[3] - EURASIA_FRAME[2]) / (EURASIA_FRAME[1] - EURASIA_FRAME[0])
    panel_height = width / ncols * aspect + 0.3  # + the panel title
    height = panel_height * nrows + (0.0 if legend_cell else 0.8)
    fig, axes = new_figure(width, height, nrows, ncols, squeeze=False)
    flat = list(axes.flat)
    used: set[str] = set()
    hatched = False
    for ax, (title, alignment) in zip(flat, panels.items(), strict=False):
        projected = eurasia(layers[title])
        areas = hatches.get(title)
        areas = eurasia(areas) if areas is not None and len(areas) else None
        hatched |= areas is not None and len(areas) > 0
        draw_alignment(ax, projected, alignment, title, areas, labels)
        used |= set(alignment[alignment.index.isin(projected["iso3"])])
    for ax in flat[len(panels):]:
        ax.set_axis_off()
    handles = _legend_handles(used, hatched)
    if legend_cell:
        flat[-1].legend(handles=handles, loc="center", frameon=False, fontsize=SMALL + 1)
    else:
        fig.legend(handles=handles, loc="outside upper center", ncols=2, frameon=False,
                   fontsize=SMALL + 1)
    return finish(fig, source=source)


#: Projected frame of the contact maps, km: Europe from Portugal and Iceland to the Caspian.
CONTACT_FRAME = (-4600.0, 1500.0, -1700.0, 3250.0)


@styled
def plot_contact_map(countries: gpd.GeoDataFrame, alignment: pd.Series,
                     lines: gpd.GeoDataFrame, *, title: str = "",
                     disputed: gpd.GeoDataFrame | None = None,
                     labels: dict[str, tuple] | None = None,
                     source: str | None = MAP_SOURCE) -> Figure:
    """Map of Europe and the Caucasus with the NATO-CSTO land border drawn over it.

    ``labels`` names states (default :data:`CONTACT_LABELS`); the legend includes the border.
    """
    labels = CONTACT_LABELS if labels is None else labels
    projected = eurasia(countries)
    areas = eurasia(disputed) if disputed is not None and len(disputed) else None
    aspect = (CONTACT_FRAME[3] - CONTACT_FRAME[2]) / (CONTACT_FRAME[1] - CONTACT_FRAME[0])
    fig, ax = new_figure(WIDTH, WIDTH * aspect + 1.1)
    draw_alignment(ax, projected, alignment, title, areas, labels, frame=CONTACT_FRAME)
    lines.to_crs(EURASIA_CRS).plot(ax=ax, color=COLOURS["guideline"], linewidth=2.2)
    used = set(alignment[alignment.index.isin(projected["iso3"])])
    alignment_legend(fig, used, areas is not None, border=True, loc="outside upper center",
                     ncols=2)
    return finish(fig, source=source)


@styled
def plot_region_panels(panels: dict[str, tuple], *, window: tuple[float, float, float, float],
                       labels: dict[str, str] | None = None, width: float = WIDTH,
                       ncols: int | None = None, state_labels: dict[str, tuple] | None = None,
                       source: str | None = MAP_SOURCE) -> Figure:
    """Draw maps of one region, one per day: alignment colours, disputed areas hatched, named.

    Parameters
    ----------
    panels : dict
        Panel title -> ``(countries, alignment, disputed)``: polygons (EPSG:4326) with
        ``iso3``, alignment by ISO code, and the disputed areas held that day (with
        ``area_id``), e.g. from :func:`alliances.measures.borders.countries_on`,
        :func:`alliances.measures.borders.alignments` and
        :func:`alliances.measures.borders.disputed_on`.
    window : tuple
        Longitude/latitude window (west, south, east, north).
    labels : dict, optional
        Label of each disputed area, by ``area_id``, written at the area.
    ncols : int, optional
        Panels per row (default: all in one row); 1 stacks them, each the full width.
    state_labels : dict, optional
        States to name, as :data:`CAUCASUS_LABELS`.
    source : str, optional
        Source line under the maps.
    """
    labels = labels or {}
    west, south, east, north = window
    lat = np.radians((south + north) / 2)
    aspect = (north - south) / ((east - west) * np.cos(lat))
    ncols = ncols or len(panels)
    nrows = -(-len(panels) // ncols)
    fig, axes = new_figure(width, (width / ncols * aspect + 0.35) * nrows + 0.8, nrows, ncols,
                           squeeze=False)
    used: set[str] = set()
    hatched = False
    for ax, (title, (countries, alignment, disputed)) in zip(axes.flat, panels.items(),
                                                             strict=False):
        region = clip_to_window(countries, window)
        colours = _alignment_colours(region["iso3"].map(alignment))
        region.plot(ax=ax, color=colours.to_numpy(), edgecolor="white", linewidth=0.6)
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        if disputed is not None and len(disputed):
            disputed.plot(ax=ax, **DISPUTED_STYLE)
            hatched = True
            for row in disputed.itertuples():
                point = row.geometry.representative_point()
                ax.annotate(labels.get(row.area_id, row.area_id), (point.x, point.y),
                            fontsize=SMALL, ha="center", va="center", zorder=7,
                            fontstyle="italic",
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                  "alpha": 0.85})
        if state_labels:
            label_states(ax, state_labels, shown=set(region["iso3"]), fontsize=SMALL + 1)
        used |= set(alignment[alignment.index.isin(region["iso3"])])
        ax.set_aspect(1 / np.cos(lat))
        ax.set_axis_off()
        ax.set_title(title, loc="left")
    for ax in list(axes.flat)[len(panels):]:
        ax.set_axis_off()
    alignment_legend(fig, used, hatched, loc="outside upper center", ncols=2)
    return finish(fig, source=source)


#: Source line of the border-length charts.
BORDER_SOURCE = f"Natural Earth 1:10m land boundary lines; {SOURCES['events']}"


@styled
def plot_border_steps(series: pd.Series, *, ylabel: str = "km", title: str = "",
                      source: str | None = BORDER_SOURCE) -> Figure:
    """Step chart of a border length over time (value holds until the next date)."""
    fig, ax = new_figure(WIDTH, 3.2)
    ax.step(series.index, series.to_numpy(), where="post", lw=2, color=COLOURS["guideline"])
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    whole_ticks(ax.yaxis)
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    return finish(fig, ax, title, source, "km")


def _two_lines(label: str, longer_than: int = 8) -> str:
    r"""Break a long tick label before its last word.

    >>> _two_lines("1 Jun 1992"), _two_lines("2011")
    ('1 Jun\n1992', '2011')
    """
    if len(label) <= longer_than or " " not in label:
        return label
    head, last = label.rsplit(" ", 1)
    return f"{head}\n{last}"


@styled
def plot_stacked_lengths(table: pd.DataFrame, *, title: str = "",
                         source: str | None = BORDER_SOURCE) -> Figure:
    """Stacked bars of border lengths by category (columns) per period (index).

    Long period labels (days such as "1 Jun 1992") break before their last word, so that
    six of them fit side by side. The categories are named beside the last bar, in the
    stacking order (no legend).
    """
    fig, ax = new_figure(WIDTH, 3.6)
    labels = [_two_lines(str(i)) for i in table.index]
    bottom = None
    ends = {}
    for column in table.columns:
        values = table[column].to_numpy()
        colour = _alignment_colours(pd.Series([column])).iloc[0]
        ax.bar(range(len(labels)), values, bottom=bottom, color=colour, edgecolor="white",
               linewidth=0.5)
        base = 0 if bottom is None else bottom[-1]
        if values[-1] > 0:  # named beside the last bar, at the middle of its segment
            text = "other states" if column == "neither" else ALIGNMENT_LABELS.get(column,
                                                                                   column)
            ends[text] = (len(labels) - 1 + 0.35, base + values[-1] / 2,
                          MUTED if column == "neither" else colour)
        bottom = values if bottom is None else bottom + values
    ax.set_xticks(range(len(labels)), labels)
    label_line_ends(ax, ends)
    ax.set_ylabel("km")
    whole_ticks(ax.yaxis)
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.grid(axis="x", visible=False)
    return finish(fig, ax, title, source, "km")


#: Colours of the claim verdicts.
VERDICT_COLOURS = {
    "holds": OKABE_ITO["green"], "roughly holds": OKABE_ITO["yellow"],
    "different definition": OKABE_ITO["sky"], "does not hold": OKABE_ITO["vermillion"],
    "cannot be checked": "#BBBBBB",
}


@styled
def plot_verdicts(counts: pd.Series, *, title: str = "",
                  source: str | None = SOURCES["claims"]) -> Figure:
    """Horizontal bars: how many claims received each verdict (with the count printed).

    Verdicts no claim received are left out: an empty bar says nothing.
    """
    counts = counts[counts > 0]
    fig, ax = new_figure(WIDTH, 0.42 * len(counts) + 0.9)
    labels = list(counts.index)[::-1]
    values = counts.to_numpy()[::-1]
    bars = ax.barh(labels, values, color=[VERDICT_COLOURS.get(k, COLOURS["other"])
                                          for k in labels], edgecolor="#555555", linewidth=0.5)
    ax.bar_label(bars, padding=3, fontsize=10)
    ax.set_xlabel("claims")
    whole_ticks(ax.xaxis)
    ax.grid(axis="y", visible=False)
    return finish(fig, ax, title, source, "number of claims")


@styled
def plot_lines(series: dict[str, pd.Series], *, ylabel: str, title: str = "",
               hline: float | None = None, ylim: tuple[float, float] | None = None,
               colours: dict[str, str] | None = None,
               log_ticks: list[float] | None = None, source: str | None = None,
               unit: str = "", hline_label: str = "") -> Figure:
    """Line chart with one line per series, each named at its end (no boxed legend).

    Lines whose key is a bloc code take the bloc's colour; others take ``colours[key]``
    or the next colour of the style's cycle. With ``log_ticks`` the y axis is logarithmic,
    labelled at those values as plain numbers (2, 5, 10, ... rather than 10^1); otherwise
    ticks fall on whole, round numbers. ``source`` and ``unit`` make the line under the
    chart; ``hline_label`` names the dashed reference line.
    """
    fig, ax = new_figure(WIDTH, 3.4)
    markers = iter("osD^v")
    colours = colours or {}
    cycle = iter(STYLE["axes.prop_cycle"].by_key()["color"])
    ends = {}
    for key, values in series.items():
        colour = colours.get(key, COLOURS.get(key)) or next(cycle)
        label = key.upper() if key in ("nato", "csto") else key
        ax.plot(values.index, values.to_numpy(), lw=2, marker=next(markers), markersize=3,
                color=colour, label=label)
        last = values.dropna()
        if len(last):
            ends[label] = (last.index[-1], last.iloc[-1], colour)
    if hline is not None:
        ax.axhline(hline, color=COLOURS["guideline"], lw=1, ls="--")
        if hline_label:
            ax.annotate(hline_label, (0, hline), xycoords=("axes fraction", "data"),
                        xytext=(2, 3), textcoords="offset points", fontsize=SMALL)
    ax.set_ylabel(ylabel)
    if log_ticks:
        ax.set_yscale("log")
        ax.set_yticks(log_ticks, labels=[f"{t:g}" for t in log_ticks])
        ax.minorticks_off()
    else:
        whole_ticks(ax.yaxis)
    if pd.api.types.is_integer_dtype(next(iter(series.values())).index):
        whole_ticks(ax.xaxis)
    if ylim:
        ax.set_ylim(*ylim)
    if len(series) > 1:
        label_line_ends(ax, ends)
    return finish(fig, ax, title, source, unit)


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


@styled
def plot_timeline(periods: pd.DataFrame, *, label: str, colours: dict[str, str] | None = None,
                  title: str = "", source: str | None = SOURCES["events"]) -> Figure:
    """Horizontal timeline: one row per ``label`` value, one bar per period, coloured by status.

    Parameters
    ----------
    periods : pandas.DataFrame
        Rows with ``start``, ``end`` (dates), ``status`` and the ``label`` column, e.g. from
        :func:`alliances.measures.membership.state_periods`.
    label : str
        Column naming the rows (e.g. ``"name"``).
    colours : dict, optional
        Status -> colour; default :data:`STATUS_COLOURS`.
    """
    colours = {**STATUS_COLOURS, **(colours or {})}
    order = list(dict.fromkeys(periods.sort_values("start", kind="stable")[label]))
    fig, ax = new_figure(WIDTH, 0.34 * len(order) + 1.7)
    for row in periods.itertuples():
        y = order.index(getattr(row, label))
        start, end = pd.Timestamp(row.start), pd.Timestamp(row.end)
        ax.barh(y, end - start, left=start, height=0.6, color=colours[row.status],
                edgecolor="white", linewidth=0.5)
    ax.set_yticks(range(len(order)), order, fontsize=SMALL + 1)
    years = (pd.to_datetime(periods["end"]).max() - pd.to_datetime(periods["start"]).min()).days
    ax.xaxis.set_major_locator(mdates.YearLocator(5 if years < 40 * 365 else 10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    used = list(dict.fromkeys(periods["status"]))
    fig.legend(handles=[Patch(facecolor=colours[s], label=STATUS_LABELS.get(s, s)) for s in used],
               loc="outside upper center", ncols=min(len(used), 2), fontsize=SMALL,
               frameon=False)
    return finish(fig, ax, title, source)


@styled
def plot_places(countries: gpd.GeoDataFrame, alignment: pd.Series, places: pd.DataFrame, *,
                window: tuple[float, float, float, float], labels: dict[str, str] | None = None,
                offsets: dict[str, tuple[float, float]] | None = None,
                title: str = "", disputed: gpd.GeoDataFrame | None = None,
                state_labels: dict[str, tuple] | None = None, width: float = WIDTH,
                source: str | None = f"{SOURCES['places']}; {MAP_SOURCE}") -> Figure:
    """Map of a region with countries coloured by alignment and labelled points.

    The map is drawn in an equal-area projection fitted to the window (no longitude/latitude
    axes); the frame is the projected window's central rectangle.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Country polygons (EPSG:4326) with ``iso3``.
    alignment : pandas.Series
        Alignment by ISO code (from :func:`alliances.measures.borders.alignments`).
    places : pandas.DataFrame
        ``name``, ``kind``, ``lat``, ``lon`` (from ``places.csv``).
    window : tuple
        Longitude/latitude window (west, south, east, north).
    labels, offsets : dict, optional
        Short label and label offset in points, by ``place_id``.
    state_labels : dict, optional
        States to name, as :data:`CENTRAL_ASIA_LABELS`.
    source : str, optional
        Source line under the map.
    """
    labels, offsets = labels or {}, offsets or {}
    west, south, east, north = window
    crs = local_crs(window)
    wide = (west - 10, south - 6, east + 10, north + 6)  # beyond the frame: no cut edges
    region = clip_to_window(countries, wide).to_crs(crs)
    corners = gpd.GeoSeries(gpd.points_from_xy([west, east, (west + east) / 2,
                                                (west + east) / 2],
                                               [(south + north) / 2] * 2 + [south, north]),
                            crs="EPSG:4326").to_crs(crs)
    xmin, xmax = corners.x.iloc[0], corners.x.iloc[1]
    ymin, ymax = corners.y.iloc[2], corners.y.iloc[3]
    fig, ax = new_figure(width, width * (ymax - ymin) / (xmax - xmin) + 1.3)
    colours = _alignment_colours(region["iso3"].map(alignment))
    region.plot(ax=ax, color=colours.to_numpy(), edgecolor="white", linewidth=0.8)
    hatched = disputed is not None and len(disputed) > 0
    if hatched:
        disputed.to_crs(crs).plot(ax=ax, **DISPUTED_STYLE)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    if state_labels:
        label_states(ax, state_labels, crs=crs, shown=set(region["iso3"]), fontsize=SMALL + 1)
    markers = {"capital": ("o", OKABE_ITO["black"], 30),
               "air base": ("^", OKABE_ITO["yellow"], 60),
               "military base": ("s", OKABE_ITO["yellow"], 70)}
    points = gpd.GeoSeries(gpd.points_from_xy(places["lon"], places["lat"]),
                           crs="EPSG:4326").to_crs(crs)
    for (x, y), row in sorted(zip(zip(points.x, points.y, strict=True), places.itertuples(),
                                  strict=True), key=lambda pr: pr[1].kind == "capital"):
        marker, colour, size = markers[row.kind]
        ax.scatter(x, y, marker=marker, s=size, color=colour, edgecolor="black",
                   linewidth=0.8, zorder=5 if row.kind == "capital" else 4)
        ax.annotate(labels.get(row.place_id, row.name), (x, y),
                    xytext=offsets.get(row.place_id, (5, 4)), textcoords="offset points",
                    fontsize=SMALL, zorder=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.85})
    ax.set_axis_off()
    used = set(alignment[alignment.index.isin(region["iso3"])])
    handles = _legend_handles(used, hatched)
    handles += [Line2D([], [], marker=m, color="none", markerfacecolor=c,
                       markeredgecolor="black", markersize=7, label=k)
                for k, (m, c, _) in markers.items() if k in set(places["kind"])]
    fig.legend(handles=handles, loc="outside upper center", ncols=2, fontsize=SMALL,
               frameon=False)
    return finish(fig, ax, title, source)


#: Colours of actors on the approaches timeline.
ACTOR_COLOURS = {"cst": COLOURS["csto"], "csto": COLOURS["csto"], "russia": OKABE_ITO["purple"],
                 "nato": COLOURS["nato"], "us": OKABE_ITO["sky"]}
ACTOR_LABELS = {"cst": "CST / CSTO", "csto": "CST / CSTO", "russia": "Russia", "nato": "NATO",
                "us": "United States"}


@styled
def plot_events(events: pd.DataFrame, *, labels: list[str], title: str = "",
                source: str | None = "our table of approaches (sources in the bibliography)"
                ) -> Figure:
    """Dated events on a time axis, one labelled row each, coloured by actor.

    Parameters
    ----------
    events : pandas.DataFrame
        ``date`` and ``actor`` columns (e.g. :func:`alliances.io.load_approaches`).
    labels : list of str
        A short label per event, in the same order.
    source : str, optional
        Source line under the chart.
    """
    fig, ax = new_figure(WIDTH, 0.36 * len(events) + 1.3)
    start, end = pd.Timestamp("1992-01-01"), pd.Timestamp("2014-01-01")
    middle = start + (end - start) / 2
    for y, row, text in zip(range(len(events)), events.itertuples(), labels, strict=True):
        ax.scatter(row.date, y, s=40, color=ACTOR_COLOURS[row.actor], edgecolor="black",
                   linewidth=0.6, zorder=3)
        left = row.date > middle  # labels of late events go to the left of their point
        ax.annotate(text, (row.date, y), xytext=(-8 if left else 8, 0),
                    textcoords="offset points", va="center", ha="right" if left else "left",
                    fontsize=SMALL)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.invert_yaxis()
    ax.set_xlim(start, end)
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)
    seen = list(dict.fromkeys(ACTOR_LABELS[a] for a in events["actor"]))
    handles = [Line2D([], [], marker="o", color="none", markeredgecolor="black",
                      markerfacecolor=next(ACTOR_COLOURS[k] for k, v in ACTOR_LABELS.items()
                                           if v == label), label=label) for label in seen]
    fig.legend(handles=handles, loc="outside upper center", ncols=len(handles),
               fontsize=SMALL, handletextpad=0.1, columnspacing=1.0)
    return finish(fig, ax, title, source)


@styled
def plot_definitions(defs: pd.DataFrame, *, names: pd.Series, guideline: float,
                     label: tuple[str, ...] = ("TUR", "USA", "GRC"),
                     offsets: dict[str, tuple[float, float]] | None = None,
                     source: str | None = f"{SOURCES['nato']}; {SOURCES['sipri']}"
                     ) -> Figure:
    """Scatter of burdens under NATO's definition (x) against SIPRI's (y), ally by year.

    Parameters
    ----------
    defs : pandas.DataFrame
        From :func:`alliances.measures.spending.definitions`: ``iso3``, ``nato_pct``,
        ``sipri_pct``, ``difference_pts``.
    names : pandas.Series
        State names by ISO code.
    guideline : float
        NATO's guideline (% of GDP), drawn on both axes.
    label : tuple of str
        States named at their point of widest difference; any state whose definitions
        differ by more than one point is named too.
    offsets : dict, optional
        Label offset in points, by ISO code (default 4, 4).
    source : str, optional
        Source line under the chart.
    """
    offsets = offsets or {}
    fig, ax = new_figure(5.6, 5.4)
    ax.plot([0, 5], [0, 5], color=OKABE_ITO["grey"], lw=1)
    ax.annotate("same on both", (4.2, 4.2), xytext=(4, -4), textcoords="offset points",
                rotation=45, rotation_mode="anchor", ha="left", va="top", fontsize=SMALL,
                color=MUTED, transform_rotates_text=True)
    for axis_line in (ax.axvline, ax.axhline):
        axis_line(guideline, color=COLOURS["guideline"], lw=1, ls="--")
    ax.scatter(defs["nato_pct"], defs["sipri_pct"], s=16, color=COLOURS["nato"], alpha=0.7)
    for iso3, group in defs.groupby("iso3"):
        if iso3 in label or group["difference_pts"].abs().max() > 1:
            row = group.loc[group["difference_pts"].abs().idxmax()]
            ax.annotate(names[iso3], (row["nato_pct"], row["sipri_pct"]),
                        xytext=offsets.get(iso3, (4, 4)), textcoords="offset points",
                        fontsize=SMALL + 1)
    ax.set_xlim(0, 5)
    ax.set_ylim(0, 5)
    ax.set_xlabel("NATO's definition, % of GDP")
    ax.set_ylabel("SIPRI's definition, % of GDP")
    return finish(fig, source=source, unit="share of GDP")


@styled
def plot_arms_dependence(russia_pct: pd.Series, blocs: dict[str, pd.DataFrame], *,
                         names: pd.Series, years: tuple[int, int],
                         source: str | None = SOURCES["sipri_arms"]) -> Figure:
    """Two panels: each state's arms imports from Russia over a period, and each bloc's year.

    Parameters
    ----------
    russia_pct : pandas.Series
        Russia's share (%) of each state's imports over the period, by ISO code (the
        ``russia_pct`` column of :func:`alliances.measures.arms.period_shares`).
    blocs : dict of str to pandas.DataFrame
        ``"csto"`` and ``"nato"`` -> :func:`alliances.measures.arms.patron_share`, year by year.
    names : pandas.Series
        State names by ISO code.
    years : tuple of int
        First and last year of the period, for the axis label.
    source : str, optional
        Source line under the chart.
    """
    fig, (left, right) = new_figure(WIDTH, 3.8, 1, 2, width_ratios=(1, 1.15))
    shares = russia_pct.sort_values()
    left.barh([names[c] for c in shares.index], shares.to_numpy(), color=COLOURS["csto"],
              edgecolor="#555555", linewidth=0.4)
    left.set_xlim(0, 100)
    left.set_xticks([0, 50, 100])
    left.set_xlabel(f"from Russia, % of imports\n{years[0]}–{years[1]}")
    left.grid(axis="y", visible=False)
    ends = {}
    for bloc, label in (("csto", "CSTO from Russia"), ("nato", "NATO from the US")):
        right.plot(blocs[bloc].index, blocs[bloc]["share_pct"], lw=2, marker="o", markersize=3,
                   color=COLOURS[bloc], label=label)
        last = blocs[bloc]["share_pct"].dropna()
        ends[label] = (last.index[-1], last.iloc[-1], COLOURS[bloc])
    right.set_ylim(0, 100)
    right.set_ylabel("share of the bloc's arms imports (%)")
    whole_ticks(right.xaxis)
    label_line_ends(right, ends)
    return finish(fig, source=source, unit="% of trend-indicator values")


@styled
def plot_institutions(table: pd.DataFrame, aspects: dict[str, str], *, year: int = 2011,
                      source: str | None = SOURCES["institutions"]) -> Figure:
    """Small multiples: NATO beside the CSTO on numeric aspects, in one and the same year.

    Parameters
    ----------
    table : pandas.DataFrame
        The institutional-depth table (:func:`alliances.io.load_institutions`): ``aspect``,
        ``org``, ``year``, ``number``, ``unit``.
    aspects : dict of str to str
        Aspect -> panel title, in display order.
    year : int
        The year compared: both organisations' records of that year, so that each panel
        sets like beside like (later records count different things or fall in different
        years: the table gives them).
    source : str, optional
        Source line under the chart.

    A value the table could not source is marked "not published"; an organisation with no
    record of the year, "no record".
    """
    ncols = min(2, len(aspects))
    nrows = -(-len(aspects) // ncols)
    fig, axes = new_figure(WIDTH, 1.55 * nrows + 0.5, nrows, ncols, squeeze=False)
    for ax in axes.flat[len(aspects):]:
        ax.set_visible(False)
    for ax, (aspect, label) in zip(axes.flat, aspects.items(), strict=False):
        values = {}
        for org in ("nato", "csto"):
            rows = table[(table["aspect"] == aspect) & (table["org"] == org)
                         & (table["year"] == year)]
            values[org] = rows["number"].iloc[0] if len(rows) else None
        orgs = ["csto", "nato"]  # NATO on top
        heights = [0 if values[o] is None or pd.isna(values[o]) else values[o] for o in orgs]
        drawn = ax.barh(range(2), heights, color=[COLOURS[o] for o in orgs], height=0.6)
        ax.bar_label(drawn, labels=["no record" if values[o] is None
                                    else "not published" if pd.isna(values[o])
                                    else f"{values[o]:,.0f}" for o in orgs],
                     padding=3, fontsize=SMALL + 1)
        ax.set_yticks(range(2), [o.upper() for o in orgs])
        ax.set_title(label, loc="left", fontsize=10)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, max([*heights, 1]) * 1.45)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
    return finish(fig, source=source, unit=f"as of {year}")


@styled
def plot_un_alignment(panels: dict[str, pd.DataFrame], *, measure: str = "coincidence",
                      source: str = "Erik Voeten, UN General Assembly Voting Data "
                                    "(recorded votes)") -> Figure:
    """Members' voting alignment with their bloc's leader, against the world, year by year.

    Parameters
    ----------
    panels : dict
        Panel title -> a table from :func:`alliances.measures.alignment.bloc_summary` with a
        ``bloc`` attribute in ``table.attrs['bloc']`` (``'nato'`` or ``'csto'``) for its colour.
    measure : str
        Name of the measure, for the axis label.
    source : str
        The source line under the chart.

    Each panel draws the median member (a line in the bloc's colour), the range from the
    lowest to the highest member (a light band) and the world median (dashed grey), each
    labelled at its end; the y axis runs from 0 to 100 %.
    """
    fig, axes = new_figure(WIDTH, 2.9 * len(panels), len(panels), 1, sharex=True,
                           squeeze=False)
    for ax, (title, table) in zip(axes[:, 0], panels.items(), strict=True):
        colour = COLOURS.get(table.attrs.get("bloc", ""), OKABE_ITO["blue"])
        years = table.index.to_numpy()
        ax.fill_between(years, 100 * table["low"], 100 * table["high"], color=colour,
                        alpha=0.18, lw=0)
        ax.plot(years, 100 * table["median"], color=colour, lw=2)
        ax.plot(years, 100 * table["world"], color=OKABE_ITO["grey"], lw=1.5, ls="--")
        last = table.dropna(subset=["median", "world"]).iloc[-1]
        label_line_ends(ax, {"median member": (years[-1], 100 * last["median"], colour),
                             "world median": (years[-1], 100 * last["world"], MUTED)})
        ax.set_ylim(0, 100)
        ax.set_ylabel(f"{measure}, %")
        ax.set_title(title, loc="left")
        whole_ticks(ax.xaxis)
    return finish(fig, source=source, unit="shaded: lowest to highest member")
