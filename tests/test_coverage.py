"""The retelling: every section of the thesis retold at length, nothing copied."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from alliances import paths
from alliances.tooling import coverage

from .conftest import requires

THESIS = coverage.thesis_path()
OVERLAP = paths.ROOT.parent / "shared" / "tools" / "prose_overlap.py"
needs_thesis = requires(THESIS.is_file(), f"{THESIS} not found")


PAGE = """---
jupytext: {}
---
# Title

```{retold} 2.2.1
```

Four words of retelling {cite:p}`nato1994` here, {glue:text}`n:d` too.

```{admonition} Our reading
Not counted: our judgement.
```

- A list item summing up.
  Its continuation line.

Back to retelling after the list.

```{code-cell} ipython3
x = 1 + 2
```

% ours

Our own material, not counted.

% thesis: 3.2

Old comment marker, counted.

## Next heading

Not counted after a heading.
"""


def _page(tmp_path, text, name="x.md"):
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    (tmp_path / "notebooks" / name).write_text(text, encoding="utf-8")


def test_only_retelling_counts(tmp_path):
    _page(tmp_path, PAGE)
    words, where = coverage.book_words(tmp_path)
    # "Four words of retelling here, N too." + "Back to retelling after the list."
    assert words == {"2.2.1": 7 + 6, "3.2": 4}
    assert where == {"2.2.1": {"notebooks/x.md"}, "3.2": {"notebooks/x.md"}}


def test_nested_fences_and_colon_fences_are_skipped(tmp_path):
    _page(tmp_path, "```{retold} 4.1\n```\n\nTwo words.\n\n"
                    "````{admonition} Our reading\n```{glue:figure} f\n```\nHidden text.\n````\n\n"
                    ":::{note}\nHidden too.\n:::\n\nThree more words.\n")
    assert coverage.book_words(tmp_path)[0] == {"4.1": 5}


def test_unknown_section_names_page_and_line(tmp_path):
    _page(tmp_path, "# T\n\n```{retold} 9.9\n```\n\nUnknown.\n")
    with pytest.raises(ValueError, match=r"'9\.9' \(notebooks/x\.md, line 3\)"):
        coverage.book_words(tmp_path)


def test_aliases_and_labels():
    assert coverage.label("2.2.3") == ("§2.2.3", "The NATO-Russia Council (NRC)")
    assert coverage.label("II")[0] == "Part II"
    with pytest.raises(KeyError):
        coverage.label("9.9")
    ids = [s for s, *_ in coverage.SECTIONS]
    assert len(ids) == len(set(ids))
    spans = [(first, last) for *_, first, last in coverage.SECTIONS]
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(spans)), "sections must tile"


@needs_thesis
def test_section_lines_start_at_their_headings():
    lines = THESIS.read_text(encoding="utf-8").splitlines()
    for section, title, first, _ in coverage.SECTIONS:
        heading = " ".join(lines[first - 1:first + 2]).lower()  # 2.1 follows Part II's heading
        if section[0].isdigit():
            assert f" {section}. " in f" {heading}", (section, heading)
        assert title.split()[0].lower().rstrip("'s") in heading.replace("’", "'"), (
            section, heading)


@needs_thesis
def test_every_sub_section_retold_at_length():
    table = coverage.table()
    below = coverage.short(table)
    assert below.empty, (f"sub-sections retold at under {coverage.THRESHOLD} of their length "
                         f"(python -m alliances.tooling.coverage --min {coverage.THRESHOLD}):\n"
                         f"{below[['section', 'thesis_words', 'book_words', 'share']]}")
    assert table["book_words"].sum() >= 9000


def _sphinx(tmp_path, body):
    """Build a one-page Sphinx project with the voice extension; return (status, html)."""
    sphinx = pytest.importorskip("sphinx.cmd.build")
    pytest.importorskip("myst_parser")
    # source_suffix set here: Sphinx's default is one dict for every application in a process,
    # and an earlier build in it (tests/repro builds a jupyter-book) leaves ".md" -> myst-nb.
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(paths.ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_parser', 'voice']\n"
        "source_suffix = {'.md': 'markdown'}\n", encoding="utf-8")
    (tmp_path / "index.md").write_text(body, encoding="utf-8")
    status = sphinx.build_main(["-q", "-b", "html", str(tmp_path), str(tmp_path / "_build")])
    html = tmp_path / "_build" / "index.html"
    return status, html.read_text(encoding="utf-8") if html.is_file() else ""


def test_retold_directive_renders_the_label(tmp_path):
    status, html = _sphinx(tmp_path, "# T\n\n```{retold} 2.3\n```\n\nText.\n")
    assert status == 0
    assert ('<p class="retold">Retold from Ingimarsdóttir (2011), §2.3 '
            "<em>Strengths and weaknesses</em></p>") in html


def test_retold_directive_stops_the_build_on_an_unknown_id(tmp_path, capsys):
    status, _ = _sphinx(tmp_path, "# T\n\n```{retold} 9.9\n```\n")
    assert status != 0
    assert "index.md:3" in capsys.readouterr().err


@requires(OVERLAP.is_file(), f"{OVERLAP} not found")
def test_no_prose_copied_from_the_thesis():
    done = subprocess.run([sys.executable, str(OVERLAP), str(paths.ROOT)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_book_extension_loads_without_pandas():
    """book/_ext/voice.py needs the section labels, not the coverage table: loading it (every
    Sphinx build does) does not import pandas, which took 0.35 s of each build."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import voice; "
            "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(paths.ROOT / "book" / "_ext")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
