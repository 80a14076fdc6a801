"""nbval compares each cell's figures with a tolerance (notebooks/conftest.py)."""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

from alliances import paths

from .conftest import load_file


def _nbval_conftest():
    return load_file(paths.ROOT / "notebooks" / "conftest.py", "nbval_conftest")


def _figure(pixels) -> dict:
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(pixels, dtype=np.uint8)).save(buffer, format="PNG")
    return {"output_type": "display_data",
            "data": {"image/png": base64.b64encode(buffer.getvalue()).decode(),
                     "text/plain": "<Figure size 640x480 with 1 Axes>"}}


class Cell:
    """What the hook needs of nbval's cell item: its comparison of the text outputs."""

    def __init__(self, text_equal: bool = True):
        self.text_equal = text_equal
        self.comparison_traceback: list[str] = []

    def compare_outputs(self, test, ref, skip_compare=None):
        self.comparison_traceback = [] if self.text_equal else ["text differs"]
        return self.text_equal


def test_a_cell_whose_figure_is_drawn_differently_fails():
    conftest = _nbval_conftest()
    white = np.full((40, 60, 3), 255)
    moved = white.copy()
    moved[10:30, 5:25] = (0, 114, 178)  # a bar drawn where there was none
    cell = Cell()
    conftest._compare_figures_too(cell)
    assert cell.compare_outputs([_figure(white)], [_figure(white)])
    assert cell.compare_outputs([_figure(white - 1)], [_figure(white)])  # within tolerance
    assert not cell.compare_outputs([_figure(moved)], [_figure(white)])
    assert cell.comparison_traceback[-1].startswith("figure 1: drawn differently")
    assert not cell.compare_outputs([_figure(white[:, :30])], [_figure(white)])
    assert "40 x 60 pixels stored, 40 x 30 now" in cell.comparison_traceback[-1]


def test_text_differences_still_fail_first():
    conftest = _nbval_conftest()
    cell = Cell(text_equal=False)
    conftest._compare_figures_too(cell)
    white = np.full((4, 4, 3), 255)
    assert not cell.compare_outputs([_figure(white)], [_figure(white)])
    assert cell.comparison_traceback == ["text differs"]
