"""Figures: the palette is colour-blind safe and the figure functions draw what they say."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from alliances import borders, io, plotting

GREYS_OK = {"#999999", "#BBBBBB", "#DDDDDD", "#555555"}


@pytest.mark.parametrize("palette", [plotting.COLOURS, plotting.VERDICT_COLOURS])
def test_palette_is_okabe_ito_or_grey(palette):
    allowed = {c.upper() for c in plotting.OKABE_ITO.values()} | GREYS_OK
    assert {c.upper() for c in palette.values()} <= allowed


def test_bloc_colours_differ_in_lightness():
    # distinguishable even in greyscale: NATO's blue and the CSTO's vermillion
    def lum(c):
        r, g, b = mcolors.to_rgb(c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert abs(lum(plotting.COLOURS["nato"]) - lum(plotting.COLOURS["csto"])) > 0.05


def test_member_counts_figure():
    steps = pd.Series([12, 16], index=pd.to_datetime(["1949-08-24", "1982-05-30"]))
    fig = plotting.plot_member_counts({"nato": steps})
    ax = fig.axes[0]
    assert ax.get_legend().get_texts()[0].get_text() == "NATO"
    assert ax.lines[0].get_color().upper() == plotting.COLOURS["nato"].upper()
    plt.close(fig)


def test_burden_figure_has_a_row_per_member():
    table = pd.DataFrame({"name": ["A", "B", "C"], "burden_pct": [1.0, 2.5, None]})
    fig = plotting.plot_burdens(table, table, year_then=2010, year_now=2024)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["C", "A", "B"]
    plt.close(fig)


def test_maps_draw_one_panel_per_day_plus_legend():
    countries = io.load_countries()
    panels = {d: borders.alignments(d) for d in ("1994-06-01", "2011-09-01", "2024-06-01")}
    fig = plotting.plot_alignment_maps(countries, panels)
    titled = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(titled) == 3
    assert fig.axes[-1].get_legend() is not None
    plt.close(fig)


def test_verdict_bars_are_labelled():
    counts = pd.Series({"holds": 3, "does not hold": 1})
    fig = plotting.plot_verdicts(counts)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels == ["1", "3"]
    plt.close(fig)
