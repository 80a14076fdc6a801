"""Figures: the palette is colour-blind safe and the figure functions draw what they say."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.text
import pandas as pd
import pytest

from alliances import io
from alliances.measures import borders
from alliances.presentation import plotting

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


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def test_member_counts_figure_names_its_lines_directly():
    steps = pd.Series([12, 16], index=pd.to_datetime(["1949-08-24", "1982-05-30"]))
    fig = plotting.plot_member_counts({"nato": steps})
    ax = fig.axes[0]
    assert ax.get_legend() is None  # house style: lines named at their ends, no boxed legend
    assert "NATO" in [t.get_text() for t in ax.texts]
    assert ax.lines[0].get_color().upper() == plotting.COLOURS["nato"].upper()


def test_charts_carry_a_source_line():
    series = pd.Series([90.0, 95.0], index=[2010, 2011])
    fig = plotting.plot_lines({"csto": series}, ylabel="%", source="SIPRI", unit="constant US$")
    assert "Source: SIPRI · constant US$" in _texts(fig)
    steps = pd.Series([12, 16], index=pd.to_datetime(["1949-08-24", "1982-05-30"]))
    fig = plotting.plot_member_counts({"nato": steps})
    assert any(t.startswith("Source: ") for t in _texts(fig))


def test_ticks_are_whole_numbers():
    # the CSTO share chart once had ticks at 82.5, 87.5, 92.5 and 97.5
    series = pd.Series([99.0, 93.0, 95.5], index=[1992, 2000, 2024])
    fig = plotting.plot_lines({"csto": series}, ylabel="%", ylim=(80, 100))
    fig.canvas.draw()
    ticks = [t for t in fig.axes[0].get_yticks() if 80 <= t <= 100]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_burden_rows_without_a_figure_carry_a_note():
    table = pd.DataFrame({"name": ["Iceland", "B"], "burden_pct": [None, 2.5]})
    fig = plotting.plot_burdens(table, table, year_then=2010, year_now=2024,
                                notes={"Iceland": "no armed forces"})
    assert "no armed forces" in [t.get_text() for t in fig.axes[0].texts]


def test_overview_frame_shows_every_european_member():
    import geopandas as gpd

    # Cabo da Roca (Portugal), Iceland's west and east ends, Gibraltar, Crete, Nordkapp,
    # and Kazakhstan's eastern end
    points = gpd.GeoSeries(gpd.points_from_xy([-9.5, -24.5, -13.5, -5.6, 25.0, 25.8, 87.3],
                                              [38.8, 65.5, 66.5, 36.0, 34.8, 71.2, 49.1]),
                           crs="EPSG:4326").to_crs(plotting.EURASIA_CRS)
    xmin, xmax, ymin, ymax = plotting.EURASIA_FRAME
    assert ((points.x > xmin) & (points.x < xmax) & (points.y > ymin) & (points.y < ymax)).all()
    cx0, cx1, cy0, cy1 = plotting.CONTACT_FRAME
    europe = points.iloc[:6]
    assert ((europe.x > cx0) & (europe.x < cx1) & (europe.y > cy0) & (europe.y < cy1)).all()


def test_legend_names_say_what_they_mean():
    assert not any("only" in label for label in plotting.ALIGNMENT_LABELS.values())
    assert "PfP" in plotting.ALIGNMENT_LABELS["partner"]


def test_contact_map_legend_includes_the_border_line():
    day = "2011-09-01"
    lines = borders.contact_lines("nato", "csto", day)
    fig = plotting.plot_contact_map(borders.countries_on(day), borders.alignments(day), lines)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert plotting.BORDER_LABEL in labels


def test_places_map_is_projected_and_names_states():
    places = io.load_places()
    places = places[places["place_id"].isin(["dushanbe", "kabul"])]
    fig = plotting.plot_places(io.load_countries(), borders.alignments("2005-01-01"), places,
                               window=(60, 34, 80, 46),
                               state_labels=plotting.CENTRAL_ASIA_LABELS)
    ax = fig.axes[0]
    assert not ax.axison  # no longitude/latitude ticks
    assert ax.get_xlim()[1] - ax.get_xlim()[0] > 1000  # km, not degrees
    texts = [t.get_text() for t in ax.texts]
    assert {"Dushanbe", "Tajikistan", "Afghanistan"} <= set(texts)


def test_institutions_figure_compares_one_year_like_for_like():
    table = pd.DataFrame({
        "aspect": ["forces"] * 4, "org": ["nato", "nato", "csto", "csto"],
        "year": [2011, 2024, 2011, 2022], "number": [13000, 500000, 17000, 18000],
        "unit": ["troops"] * 4})
    fig = plotting.plot_institutions(table, {"forces": "Forces"}, year=2011)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(labels) == ["13,000", "17,000"]  # neither 500,000 nor 2022's 18,000


def test_burden_figure_has_a_row_per_member():
    table = pd.DataFrame({"name": ["A", "B", "C"], "burden_pct": [1.0, 2.5, None]})
    fig = plotting.plot_burdens(table, table, year_then=2010, year_now=2024)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["C", "A", "B"]


def test_maps_draw_one_panel_per_day_plus_legend():
    countries = io.load_countries()
    panels = {d: borders.alignments(d) for d in ("1994-06-01", "2011-09-01", "2024-06-01")}
    fig = plotting.plot_alignment_maps(countries, panels)
    titled = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(titled) == 3
    assert fig.axes[-1].get_legend() is not None


def test_verdict_bars_are_labelled_and_empty_verdicts_left_out():
    counts = pd.Series({"holds": 3, "roughly holds": 0, "does not hold": 1})
    fig = plotting.plot_verdicts(counts)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels == ["1", "3"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["does not hold", "holds"]


def test_hover_twins_share_the_static_font_and_chart_type():
    from alliances.presentation import interactive

    share = pd.Series([60.0, 70.0], index=[2010, 2011])
    fig = interactive.line_figure({"United States": share, "others": 100 - share}, unit="%",
                                  ytitle="share", stacked=True)
    assert plotting.STYLE["font.sans-serif"][0] == plotting.FONT_FAMILY
    assert fig.layout.font.family.startswith(plotting.FONT_FAMILY)
    assert {trace.stackgroup for trace in fig.data} == {"one"}  # a stacked area, as the static


#: rc parameters unlike the house style in every respect a figure would show.
HOSTILE = {"font.family": "serif", "font.size": 25, "axes.grid": False, "grid.color": "red",
           "xtick.labelsize": 20, "ytick.labelsize": 4, "figure.dpi": 40, "savefig.dpi": 30,
           "axes.prop_cycle": matplotlib.cycler(color=["red"])}


def _png(fig) -> bytes:
    """Render ``fig`` as a notebook shows it (IPython's formatter, retina)."""
    from IPython.core.pylabtools import print_figure

    return print_figure(fig, "retina")


def _lines():
    series = pd.Series([99.0, 93.0, 95.5], index=[1992, 2000, 2024])
    return plotting.plot_lines({"csto": series, "other": 100 - series}, ylabel="%",
                               source="SIPRI")


def test_figures_leave_global_state_alone():
    from matplotlib import _pylab_helpers

    before = dict(matplotlib.rcParams)
    figures = [_lines(), plotting.plot_contact_map(
        borders.countries_on("2011-09-01"), borders.alignments("2011-09-01"),
        borders.contact_lines("nato", "csto", "2011-09-01"))]
    assert dict(matplotlib.rcParams) == before  # no global rcParams change
    assert _pylab_helpers.Gcf.get_num_fig_managers() == 0  # no pyplot figure: nothing to close
    assert all(isinstance(f, plotting.StyledFigure) for f in figures)


def test_a_figure_keeps_the_house_style_whenever_it_is_made_or_shown():
    reference = _png(_lines())
    with matplotlib.rc_context(HOSTILE):
        made_elsewhere = _lines()
        shown_elsewhere = _png(_lines())
    assert _png(made_elsewhere) == reference
    assert shown_elsewhere == reference
    with matplotlib.rc_context(HOSTILE):
        fig = _lines()
        fig.canvas.draw_idle()  # as geopandas asks: renders nothing
        fonts = {matplotlib.font_manager.findfont(t.get_fontproperties()).rsplit("/", 1)[-1]
                 for t in fig.findobj(matplotlib.text.Text) if t.get_text()}
    assert fonts <= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}
