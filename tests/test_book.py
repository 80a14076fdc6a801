"""The numbers stored in the book's notebooks equal what the package and CLI compute."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

from alliances import cli, economy, membership, spending

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
