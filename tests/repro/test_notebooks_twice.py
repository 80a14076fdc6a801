"""Executing a notebook twice gives the same outputs, apart from volatile metadata.

The first run is the one stored in the notebook by `make notebooks`; the second is made here.
Unlike nbval, the comparison includes images byte for byte.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def _outputs(nb) -> list:
    """The outputs that matter: everything except execution counts and metadata."""
    kept = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            out = {k: v for k, v in output.items() if k not in ("execution_count", "metadata")}
            if output.get("metadata", {}).get("scrapbook"):  # glued values keep their name
                out["glue"] = output["metadata"]["scrapbook"]["name"]
            kept.append(out)
    return kept


def _run(nb, folder: Path) -> list:
    client = NotebookClient(copy.deepcopy(nb), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    return _outputs(client.execute())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_two_runs_identical(path):
    stored = nbformat.read(path, as_version=4)
    first, second = _outputs(stored), _run(stored, path.parent)
    assert len(first) == len(second)
    for a, b in zip(first, second, strict=True):
        assert a == b, f"{path.name}: outputs differ between runs"
