"""The retelling: every section of the thesis retold at length, nothing copied."""

from __future__ import annotations

import subprocess
import sys

import pytest

from alliances import coverage, paths

THESIS = coverage.thesis_path()
OVERLAP = paths.ROOT.parent / "shared" / "tools" / "prose_overlap.py"
needs_thesis = pytest.mark.skipif(not THESIS.is_file(), reason=f"{THESIS} not found")


@needs_thesis
def test_every_section_retold_at_length():
    table = coverage.table()
    short = table[table["share"] < 0.25]
    assert short.empty, f"sections retold at under a quarter of their length:\n{short}"
    assert table["book_words"].sum() >= 9000


def test_markers_name_real_sections(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "x.md").write_text(
        "# T\n\n% thesis: 2.2.1\n\nFour words of retelling.\n\n% ours\n\nNot counted here.\n\n"
        "## Next\n\nNot counted either.\n\n% thesis: 9.9\n\nUnknown.\n", encoding="utf-8")
    words, where = coverage.book_words(tmp_path)
    assert words == {"2.2": 4, "9.9": 1}
    assert where["2.2"] == {"notebooks/x.md"}
    if THESIS.is_file():
        with pytest.raises(ValueError, match=r"unknown thesis section.*9\.9"):
            coverage.table(root=tmp_path)


def test_code_and_roles_are_not_counted():
    text = ("% thesis: 1.1\n\n```{code-cell} ipython3\nx = 1 + 2\n```\n\n"
            "Waltz {cite:p}`waltz1979` saw {glue:text}`n:d` poles.\n")
    lines = coverage._prose(text)
    assert not any("x = 1" in line for line in lines)
    assert coverage.count_words(coverage._clean(lines[-1])) == 4


@pytest.mark.skipif(not OVERLAP.is_file(), reason=f"{OVERLAP} not found")
def test_no_prose_copied_from_the_thesis():
    done = subprocess.run([sys.executable, str(OVERLAP), str(paths.ROOT)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
