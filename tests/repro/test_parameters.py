"""A chapter run for another vantage date is a coherent chapter for that date."""

from __future__ import annotations

import json

import nbformat
import pytest

from alliances.tooling import cli, notebooks

from ..test_book import glued


def test_intro_for_another_vantage_date(tmp_path, capsys):
    day = "1999-06-01"
    out = tmp_path / "intro.ipynb"
    notebooks.execute(notebooks.NOTEBOOKS / "intro.ipynb", parameters={"THESIS_DATE": day},
                      output=out)
    values = glued(out)
    for bloc in ("nato", "csto"):
        cli.main(["members", bloc, "--on", day, "--json"])
        assert values[f"{bloc}_2011"] == json.loads(capsys.readouterr().out)["count"]
    injected = [c for c in nbformat.read(out, as_version=4).cells
                if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and day in injected[0].source


def test_no_parameters_cell_is_an_error(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ValueError, match="no cell tagged 'parameters'"):
        notebooks.inject_parameters(nb, {"x": 2})
