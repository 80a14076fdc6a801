"""One plotting style for the whole book: colour-blind-safe colours, quiet axes.

Colours are from the Okabe-Ito palette, which stays distinguishable under the
common forms of colour-vision deficiency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

if TYPE_CHECKING:
    import pandas as pd

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


def source_note(ax: Axes, text: str) -> None:
    """Write a small source line under the axes."""
    ax.annotate(text, xy=(0, 0), xycoords="figure fraction", xytext=(4, 3),
                textcoords="offset points", fontsize=7.5, color="#555555", va="bottom")


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
    ax.legend(loc="lower left")
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
    import pandas as pd

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
                xytext=(4, 0), textcoords="offset points", fontsize=8)
    ax.set_yticks(list(y), merged["name"].tolist(), fontsize=8)
    ax.set_xlabel("military spending, % of GDP (SIPRI)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    if title:
        ax.set_title(title, loc="left")
    return fig
