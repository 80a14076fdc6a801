"""The numbers stored in the book's notebooks equal what the package and CLI compute."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

from alliances.measures import economy, membership, spending
from alliances.tooling import cli

from .conftest import load_file

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def glued(name: str) -> dict[str, object]:
    """Return the glued values stored in a notebook, by key."""
    values = {}
    for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("application/papermill.record/text/plain")
            if text is not None:
                try:
                    value = ast.literal_eval(text)
                except (ValueError, SyntaxError):  # a glued table: keep its text
                    value = text
                values[output["metadata"]["scrapbook"]["name"]] = value
    return values


@pytest.fixture(scope="module")
def nato():
    return glued("nato.ipynb")


def test_member_counts_agree_with_cli(nato, capsys):
    cli.main(["members", "nato", "--on", "2011-09-01", "--json"])
    assert nato["nato_2011"] == json.loads(capsys.readouterr().out)["count"]
    assert nato["nato_today"] == membership.members("nato", membership.EVENTS_CHECKED_ON).count


def test_spending_agrees_with_cli(nato, capsys):
    cli.main(["spending", "nato", "--year", "2010", "--json"])
    data = json.loads(capsys.readouterr().out)
    usa = next(m for m in data["members"] if m["iso3"] == "USA")
    assert nato["us_share_then"] == round(usa["share_of_bloc_pct"], 1)
    assert nato["n_meet_then"] == data["n_meeting_guideline"]
    assert nato["price_base_year"] == data["price_base_year"]
    assert nato["nato_csto_ratio_then"] == round(spending.ratio("nato", "csto", 2010), 1)


def test_world_shares_agree(nato):
    assert nato["pop_share_then"] == round(economy.world_share("nato", 2010).share_pct, 1)
    assert nato["gdp_year"] == economy.latest_year("gdp_current_usd")


def test_geography_agrees_with_cli(capsys):
    geo = glued("geography.ipynb")
    for day, key in (("2011-09-01", "border_2011"),
                     (membership.EVENTS_CHECKED_ON.isoformat(), "border_today")):
        cli.main(["borders", "--on", day, "--json"])
        assert geo[key] == round(json.loads(capsys.readouterr().out)["total_km"])


def test_intro_counts_agree_with_cli(capsys):
    intro = glued("intro.ipynb")
    for bloc in ("nato", "csto"):
        cli.main(["members", bloc, "--on", "2011-09-01", "--json"])
        assert intro[f"{bloc}_2011"] == json.loads(capsys.readouterr().out)["count"]


def test_pages_without_computation_glue_nothing():
    for page in (Path(__file__).resolve().parents[1] / "book").glob("*.md"):
        assert "{glue" not in page.read_text(encoding="utf-8"), page.name


def test_claims_chapter_counts_match_cli(capsys):
    led = glued("claims.ipynb")
    cli.main(["claims", "--json"])
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert led["n_claims"] == sum(counts.values())
    assert led["n_fails"] == counts["does not hold"]


def test_epilogue_agrees_with_package():
    epi = glued("epilogue.ipynb")
    assert epi["nato_now"] == membership.members("nato", membership.EVENTS_CHECKED_ON).count
    latest = epi["spending_latest_year"]
    assert epi["ratio_latest"] == round(spending.ratio("nato", "csto", latest), 1)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_have_no_warnings_or_errors(path):
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name}: error output"
            assert output.get("name") != "stderr", f"{path.name}: {output.get('text', '')[:200]}"


# --------------------------------------------------------------- reader tables (issue 20)
def test_wide_tables_stack_on_a_phone_with_labelled_cells():
    import pandas as pd

    from alliances.presentation import chapter

    frame = pd.DataFrame({"a": ["x"], "b": [1.0], "c": [2.0], "d": [None]})
    html = chapter.reader_table(frame, columns={"a": "State", "b": "B", "c": "C", "d": "% of GDP"},
                             caption="c.", source="s.", name="tbl-t")._repr_html_()
    assert 'class="reader stack"' in html
    assert 'data-label="% of GDP"' in html and 'data-label="State"' in html
    narrow = chapter.reader_table(frame, columns={"a": "State", "b": "B"}, caption="c.",
                               source="s.", name="tbl-n")._repr_html_()
    assert "stack" not in narrow


def test_one_missing_marker_explained_under_the_table():
    import pandas as pd

    from alliances.presentation import chapter

    table = chapter.reader_table(pd.DataFrame({"a": ["x", "y"], "b": [1.0, None]}),
                              columns={"a": "State", "b": "Spending (US$ bn)"},
                              caption="c.", source="SIPRI.", name="tbl-m")
    html = table._repr_html_()
    assert ">—</td>" in html and "–" not in html.replace("—", "")
    assert table.source == "SIPRI. — no figure."
    full = chapter.reader_table(pd.DataFrame({"a": ["x"], "b": [1.0]}),
                             columns={"a": "State", "b": "B"}, caption="c.", source="SIPRI.",
                             name="tbl-f")
    assert full.source == "SIPRI."


def test_identifiers_wrap_only_between_tokens():
    import pandas as pd

    from alliances.presentation import chapter

    html = chapter.reader_table(
        pd.DataFrame({"id": ["ne_10m_boundary_lines_land_and_more"]}), columns={"id": "Source"},
        caption="c.", source="s.", name="tbl-i")._repr_html_()
    assert "ne_<wbr>10m_<wbr>boundary_<wbr>lines_<wbr>land_<wbr>and_<wbr>more" in html
    assert "ne_10m_boundary_lines_land_and_more" in repr(chapter.reader_table(
        pd.DataFrame({"id": ["ne_10m_boundary_lines_land_and_more"]}), columns={"id": "Source"},
        caption="c.", source="s.", name="tbl-i"))


def test_institutions_table_does_not_repeat_the_2011_list():
    from alliances.measures import institutions
    from alliances.presentation import chapter

    frame = institutions.side_by_side()
    ops = frame.set_index("aspect").loc["Operations carried out"]
    assert ops["nato_later"].startswith("As before; ")
    assert ops["nato_first"].rstrip(" .;") not in ops["nato_later"]
    assert len(frame) == len(institutions.ASPECTS)
    html = chapter.institutions_table(frame, caption="c.", source="s.",
                                   name="tbl-inst")._repr_html_()
    assert 'class="reader institutions' in html
    assert html.count("Changed by") == int(frame[["nato_later", "csto_later"]].notna().sum().sum())
    assert "(2011)" not in html  # no "value (year)" cells any more


def test_figure_sizes_become_attributes():
    """The 2x PNGs' display size is written as attributes, which CSS height:auto overrides."""
    accessible = load_file(NOTEBOOKS.parent / "book" / "_ext" / "accessible.py")
    html = accessible.image_size_attributes(
        '<img alt="x" src="a.png" style="width: 782px; height: 362.5px;" />')
    assert html == '<img alt="x" src="a.png" width="782" height="362" />' or \
        html == '<img alt="x" src="a.png" width="782" height="363" />'
    assert "style" not in html
