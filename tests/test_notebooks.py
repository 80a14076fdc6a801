"""The chapter notebooks: paired texts, current stored outputs, the reader's view of code."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

from alliances import paths
from alliances.presentation import chapter
from alliances.tooling import notebooks

from .test_book import glued

CHAPTERS = [p.stem for p in notebooks.chapters()]


def _nb(stem: str):
    return nbformat.read(notebooks.NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def test_every_chapter_is_a_pair():
    assert set(CHAPTERS) >= {"intro", "nato", "csto", "cooperation", "geography", "claims",
                             "epilogue", "data"}
    for stem in CHAPTERS:
        assert (notebooks.NOTEBOOKS / f"{stem}.md").is_file(), stem


def test_pairs_synced_and_stored_outputs_current():
    problems = notebooks.check()
    assert not problems, "\n".join(problems) + f"\n-> {notebooks.REMEDY}"


def test_check_reports_an_unsynced_pair_and_stale_outputs(tmp_path):
    for suffix in (".ipynb", ".md"):
        shutil.copy(notebooks.NOTEBOOKS / f"intro{suffix}", tmp_path)
    assert notebooks.check(tmp_path) == []
    nb = nbformat.read(tmp_path / "intro.ipynb", as_version=4)
    nb.metadata["alliances"]["inputs"]["data/membership/events.csv"] = "0" * 64
    nbformat.write(nb, tmp_path / "intro.ipynb")
    text = tmp_path / "intro.md"
    text.write_text(text.read_text(encoding="utf-8").replace("Kipling", "Rudyard Kipling", 1),
                    encoding="utf-8")
    problems = notebooks.check(tmp_path)
    assert any("differs between intro.ipynb and intro.md" in p for p in problems), problems
    assert "intro.ipynb: stale: data/membership/events.csv changed since it was executed" \
        in problems, problems


#: Modules of the package that no chapter may import: changing them must not make the
#: stored outputs stale (the issue: a comment in the CLI re-executed every notebook).
TOOLING = ("src/alliances/tooling/", "src/alliances/__main__.py",
           "src/alliances/presentation/pdf.py")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_chapters_record_their_inputs_and_no_tooling(stem):
    """The record names the modules and data a chapter used; tooling is free to change."""
    inputs = _nb(stem).metadata["alliances"]["inputs"]
    assert "src/alliances/io.py" in inputs and "data/membership/events.csv" in inputs
    assert "python:pandas" in inputs and "python:" in inputs  # what it loaded, at which version
    assert "requirements.txt" not in inputs and "python:pytest" not in inputs
    tooling = sorted(key for key in inputs if key.startswith(TOOLING))
    assert not tooling, f"{stem} imports tooling: {tooling}"
    assert not any(k.startswith("data/raw/") or k.endswith("README.md") for k in inputs)


#: A small notebook: reads two tables through the loaders and one file directly.
PROBE = [
    "# parameters\nDAY = '2011-09-01'",
    "from alliances import paths\nfrom alliances.measures import membership\n"
    "n = membership.members('nato', DAY).count",
    "meta = (paths.data_dir() / 'spending' / 'metadata.json').read_text(encoding='utf-8')",
]


def _probe(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in PROBE])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def test_execution_records_what_the_notebook_used(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw", "unvotes"))
    monkeypatch.setenv("ALLIANCES_DATA", str(data))  # the kernel inherits it
    probe = _probe(tmp_path)
    inputs = notebooks.execute(probe)
    nb = nbformat.read(probe, as_version=4)
    assert len(nb.cells) == len(PROBE), "the collecting cell is removed"
    assert nb.metadata["alliances"]["inputs"] == inputs
    for key in ("data/membership/events.csv", "data/reference/states.csv",
                "data/spending/metadata.json", "src/alliances/measures/membership.py",
                "src/alliances/io.py", "src/alliances/__init__.py", "python:pandas",
                "python:"):
        assert key in inputs, key
    assert inputs["python:pandas"] == notebooks.installed("pandas")
    assert not [k for k in inputs if k in ("python:geopandas", "python:matplotlib")], \
        "only what the kernel imported is recorded"
    assert "python:setuptools" not in inputs, "loaded at start-up by a .pth file, not used"
    assert inputs["data/membership/events.csv"] == paths.sha256(data / "membership" /
                                                                "events.csv")
    assert not [k for k in inputs if k.endswith(("/spending.py", "/cli.py", "/borders.py"))]
    assert "data/spending/sipri_milex.csv" not in inputs
    assert notebooks.stale_reasons(probe) == []

    sipri = data / "spending" / "sipri_milex.csv"  # not read: the notebook stays current
    sipri.write_text(sipri.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert notebooks.stale_reasons(probe) == []
    meta = data / "spending" / "metadata.json"  # read directly, not through a loader
    kept = meta.read_text(encoding="utf-8")
    meta.write_text(kept + "\n", encoding="utf-8")
    assert notebooks.stale_reasons(probe) == [
        "data/spending/metadata.json changed since it was executed"]
    meta.write_text(kept, encoding="utf-8")  # the same bytes again: current again
    assert notebooks.stale_reasons(probe) == []
    nb = nbformat.read(probe, as_version=4)
    nb.cells[1].source += "\n# a comment"
    nbformat.write(nb, probe)
    assert notebooks.stale_reasons(probe) == ["its code cells changed since it was executed"]
    nb.cells[1].source = nb.cells[1].source.replace("# a comment", "")
    nb.cells.append(nbformat.v4.new_markdown_cell("Prose changes no output."))
    nbformat.write(nb, probe)
    assert notebooks.stale_reasons(probe) == []


def test_an_input_that_disappeared_makes_the_notebook_stale(tmp_path):
    shutil.copy(notebooks.NOTEBOOKS / "intro.ipynb", tmp_path)
    nb = nbformat.read(tmp_path / "intro.ipynb", as_version=4)
    nb.metadata["alliances"]["inputs"]["data/gone.csv"] = "0" * 64
    nbformat.write(nb, tmp_path / "intro.ipynb")
    assert notebooks.stale_reasons(tmp_path / "intro.ipynb") == [
        "data/gone.csv, which it used, no longer exists"]
    del nb.metadata["alliances"]["inputs"]["data/gone.csv"]
    nb.metadata["alliances"]["inputs"]["python:pandas"] = "0.0.1"
    nb.metadata["alliances"]["inputs"]["python:no-such-distribution"] = "1.0"
    nbformat.write(nb, tmp_path / "intro.ipynb")
    assert notebooks.stale_reasons(tmp_path / "intro.ipynb") == [
        "python:no-such-distribution, which it used, is not installed",
        f"python:pandas changed since it was executed (0.0.1 -> {notebooks.installed('pandas')})"]
    del nb.metadata["alliances"]
    nbformat.write(nb, tmp_path / "intro.ipynb")
    assert notebooks.stale_reasons(tmp_path / "intro.ipynb") == [
        "no record of the inputs it was executed with"]


def test_code_hash_is_the_same_read_as_stored_or_through_nbformat(tmp_path):
    """stale_reasons reads the stored JSON, where a cell's source is a list of lines;
    execution hashes the nbformat node, where it is one string."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Prose\nleft out"),
        nbformat.v4.new_code_cell("a = 1\nb = 2\n", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(a + b)")])
    nbformat.write(nb, tmp_path / "n.ipynb")
    stored = json.loads((tmp_path / "n.ipynb").read_text(encoding="utf-8"))
    assert isinstance(stored["cells"][1]["source"], list)
    assert notebooks.code_sha256(stored) == notebooks.code_sha256(nb)
    nb.cells[1].metadata["tags"] = []
    assert notebooks.code_sha256(stored) != notebooks.code_sha256(nb)


def test_fingerprint_follows_the_data(tmp_path, monkeypatch):
    shutil.copytree(paths.data_dir(), tmp_path / "data",
                    ignore=shutil.ignore_patterns("raw"))
    monkeypatch.setenv("ALLIANCES_DATA", str(tmp_path / "data"))
    before = paths.inputs_fingerprint()
    (tmp_path / "data" / "README.md").write_text("edited\n", encoding="utf-8")
    assert paths.inputs_fingerprint() == before  # documentation only
    events = tmp_path / "data" / "membership" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("2024-03-07", "2024-03-08"),
                      encoding="utf-8")
    assert paths.inputs_fingerprint() != before


@pytest.mark.parametrize("stem", CHAPTERS)
def test_code_is_out_of_the_readers_way(stem):
    """Readers see prose, figures and tables; code only behind a toggle."""
    nb = _nb(stem)
    code = [c for c in nb.cells if c.cell_type == "code"]
    hiding = {"hide-input", "remove-input", "remove-cell", "hide-cell"}
    for cell in code:
        assert hiding & set(cell.metadata.get("tags", [])), \
            f"{stem}: a code cell shows its code to readers:\n{cell.source[:120]}"
    assert "glue(" not in "".join(
        c.source for c in code if "remove-cell" not in c.metadata.get("tags", [])), \
        f"{stem}: glue registration visible to readers"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_chapter_starts_with_a_parameters_cell(stem):
    code = [c for c in _nb(stem).cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), stem


@pytest.mark.parametrize("stem", CHAPTERS)
def test_figures_sit_in_the_argument(stem):
    """Each figure is referred to from the prose of its own chapter, which carries the argument."""
    text = (notebooks.NOTEBOOKS / f"{stem}.md").read_text(encoding="utf-8")
    prose = "\n".join(c.source for c in jupytext.reads(text, fmt="md:myst").cells
                      if c.cell_type == "markdown")
    assert len(prose.split()) >= 250, f"{stem}: a page of computation, not of argument"
    for name in chapter.declared_figures(f"notebooks/{stem}"):
        assert f"{{numref}}`{name}`" in prose, f"{stem}: {name} is not discussed in the text"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_glue_key_used_exists(stem):
    values = glued(f"{stem}.ipynb")
    text = (notebooks.NOTEBOOKS / f"{stem}.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:(?:text|any)\}`(\w+)", text))
    assert used, f"{stem}: no glued numbers"
    assert used <= set(values), sorted(used - set(values))
    assert not re.search(r"\{glue:\w+\}`[^`]*\.ipynb::", text), \
        f"{stem}: glue from another page (figures do not paste across pages)"


def test_sync_skips_unchanged_pairs_and_takes_the_newer_file(tmp_path):
    for suffix in (".ipynb", ".md"):
        shutil.copy(notebooks.NOTEBOOKS / f"intro{suffix}", tmp_path)
    shutil.copy(notebooks.NOTEBOOKS / "jupytext.toml", tmp_path)  # the pairing
    stamp = tmp_path / "synced.json"
    ipynb, text = tmp_path / "intro.ipynb", tmp_path / "intro.md"
    assert notebooks.sync([ipynb], stamp) == [ipynb]
    assert notebooks.sync([ipynb], stamp) == []  # nothing changed since
    text.write_text(text.read_text(encoding="utf-8").replace("Kipling", "Rudyard Kipling", 1),
                    encoding="utf-8")
    later = ipynb.stat().st_mtime + 10  # an edit made well after the last sync
    os.utime(text, (later, later))
    assert notebooks.sync([ipynb], stamp) == [ipynb]
    assert notebooks.pair_differs(ipynb) is None
    assert "Rudyard Kipling" in "".join(c.source for c in _nb_at(ipynb).cells)


def _nb_at(path: Path):
    return nbformat.read(path, as_version=4)


def test_book_digest_follows_every_source(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(paths.ROOT / name, tmp_path)
    (tmp_path / "notebooks").mkdir()
    shutil.copy(notebooks.NOTEBOOKS / "intro.ipynb", tmp_path / "notebooks")
    (tmp_path / "_static").mkdir()
    css = tmp_path / "_static" / "book.css"
    css.write_text("p {}\n", encoding="utf-8")
    first = notebooks.book_digest(tmp_path)
    assert notebooks.book_digest(tmp_path) == first
    css.write_text("p { color: red; }\n", encoding="utf-8")
    assert notebooks.book_digest(tmp_path) != first
    second = notebooks.book_digest(tmp_path)
    (tmp_path / "notebooks" / "intro.md").write_text("not a build source\n", encoding="utf-8")
    assert notebooks.book_digest(tmp_path) == second  # the text twin is not built from


def test_book_digest_leaves_out_modules_the_build_never_loads():
    used = {p.name for p in notebooks.book_modules()}
    assert {"paths.py", "__init__.py"} <= used  # book/_ext/interactive.py imports paths
    assert not used & {"cli.py", "pdf.py", "build.py", "notebooks.py", "io.py"}


def _fake_build(output: str, edit: Path | None = None):
    """A stand-in for `jupyter-book build` that prints ``output`` and may edit a file."""

    def run(argv):
        if edit is not None:
            edit.write_text(edit.read_text(encoding="utf-8") + "/* edited */\n",
                            encoding="utf-8")
        (Path(argv[1]) / "_build" / "html").mkdir(parents=True, exist_ok=True)
        for line in output.splitlines(keepends=True):
            sys.stdout.write(line)
        return 0

    return run


def test_build_is_marked_only_when_clean_with_the_digest_taken_before(tmp_path, monkeypatch,
                                                                     capsys):
    shutil.copy(paths.ROOT / "_config.yml", tmp_path)
    (tmp_path / "_static").mkdir()
    css = tmp_path / "_static" / "book.css"
    css.write_text("p {}\n", encoding="utf-8")
    html = tmp_path / "_build" / "html"
    warned = "reading sources...\n\x1b[01mbuild succeeded, 2 warnings.\x1b[39;49;00m\n"
    monkeypatch.setattr(notebooks, "jupyter_book", _fake_build(warned))
    assert notebooks.build_book(tmp_path) == 0
    assert not notebooks.built_stamp(html).exists(), "marked built despite warnings"
    assert "2 warning(s)" in capsys.readouterr().err
    monkeypatch.setattr(notebooks, "jupyter_book", _fake_build("build succeeded.\n"))
    assert notebooks.build_book(tmp_path) == 0
    assert notebooks.up_to_date(html, tmp_path)
    assert notebooks.build_book(tmp_path) == 0  # current: no build at all
    assert "nothing to build" in capsys.readouterr().err
    css.write_text("p { color: red; }\n", encoding="utf-8")
    monkeypatch.setattr(notebooks, "jupyter_book", _fake_build("build succeeded.\n", css))
    assert notebooks.build_book(tmp_path) == 0
    assert not notebooks.up_to_date(html, tmp_path), "an edit made during the build is lost"


def test_book_command_refreshes_the_notebooks_before_building(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(notebooks, "refresh", lambda nbs, jobs, force: calls.append("refresh")
                        or [])
    monkeypatch.setattr(notebooks, "build_book", lambda: calls.append("build") or 3)
    assert notebooks.main(["book"]) == 3
    assert calls == ["refresh", "build"]
    calls.clear()
    assert notebooks.main(["refresh"]) == 0
    assert calls == ["refresh"]
    assert f"{len(notebooks.chapters())} current" in capsys.readouterr().err


def test_jupyter_book_runs_in_process_and_reports_failure(tmp_path, capsys):
    """A build that cannot start is an exit status and a message, not a traceback."""
    assert notebooks.jupyter_book(["build", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_built_stamp_is_checked_against_the_digest(tmp_path):
    html = tmp_path / "html"
    html.mkdir()
    assert not notebooks.up_to_date(html)
    notebooks.built_stamp(html).write_text("0" * 64 + "\n", encoding="utf-8")
    assert not notebooks.up_to_date(html)
    notebooks.built_stamp(html).write_text(notebooks.book_digest() + "\n", encoding="utf-8")
    assert notebooks.up_to_date(html)


def test_makefile_build_edges():
    """`browser` names the build it tests; no recipe variable keeps a comment's spaces."""
    text = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert not [n for n, line in enumerate(text.splitlines(), 1) if line != line.rstrip()]
    browser = re.search(r"^browser: (.*?)(?:##|$)", text, re.MULTILINE).group(1).split()
    assert "strict" in browser, "make -j could test a book still being built"
    book = re.search(r"^book: .*\n\t(.*)", text, re.MULTILINE).group(1).split()
    # main(["book"]) refreshes the notebooks first (test_book_command_refreshes_...)
    assert book[-2:] == ["alliances.tooling.notebooks", "book"], "current outputs first"
    config = (paths.ROOT / "_config.yml").read_text(encoding="utf-8")
    assert re.search(r'^\s*execute_notebooks: "off"', config, re.MULTILINE)
    assert paths.PLOTLY_BUNDLE not in text, "the bundle's path is written once: alliances.paths"


DATA_LINK = re.compile(
    r'download="([^"]+\.csv)" href="data:text/csv;charset=utf-8;base64,([^"]+)"')
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Numbers an alt text may give that are not in the figure's data: NATO's 2 % guideline and
#: the base of an index (= 100).
ALT_CONSTANTS = {"2": "NATO's guideline of 2 % of GDP", "100": "an index's base"}
#: Figures without a data download, and why.
NO_DOWNLOAD = {"fig-explore-static": "print-only stand-in for the Explore page, whose data "
                                     "the web page shows for every day"}


def _figure_data(nb) -> dict[str, str]:
    """CSV text behind each download link in the stored outputs, by file name."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            for name, payload in DATA_LINK.findall("".join(html)):
                found[name] = base64.b64decode(payload).decode("utf-8")
    return found


@pytest.mark.parametrize("stem", CHAPTERS)
def test_alt_texts_agree_with_the_figure_data(stem):
    """Every figure has a caption, an alt text and its data; their numbers are in it.

    An alt text describes the figure in words for readers who cannot see it; the years and
    amounts it names are read off the figure, so each must occur in the figure's own CSV
    (a year as written, an amount as some value within one unit of it), or the text has
    gone stale after a data change. The years a caption names are checked the same way.
    """
    nb = _nb(stem)
    data = _figure_data(nb)
    for cell in nb.cells:
        spec = cell.metadata.get("mystnb", {})
        if "figure" not in spec:
            continue
        name = spec["figure"]["name"]
        alt = spec.get("image", {}).get("alt", "")
        assert spec["figure"].get("caption") and len(alt.split()) >= 10, f"{name}: caption, alt"
        if name in NO_DOWNLOAD:
            continue
        csv = "\n".join(text for file, text in data.items() if file.startswith(name))
        assert csv, f"{stem}: {name} has no CSV download"
        values = [float(v) for v in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", csv)]
        for year in YEAR.findall(alt + " " + spec["figure"]["caption"]):
            assert year in csv, f"{name}: alt text or caption names {year}, not in its data"
        for number in re.findall(r"(?<![\w.,-])\d+(?:\.\d+)?(?![\w,-]|\.\d)", YEAR.sub("", alt)):
            if number in ALT_CONSTANTS:
                continue
            assert any(abs(v - float(number)) <= 1 for v in values), \
                f"{name}: the alt text gives {number}; no value of that size in the data"


#: Glue keys that hold a year (printed without a thousands separator).
YEAR_KEY = re.compile(r"(year|_first|_last|price_base)")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_glued_amounts_have_thousands_separators(stem):
    """Amounts of 1,000 and more print as 2,303 in the text, as in the tables; years do not."""
    values = glued(f"{stem}.ipynb")
    text = (notebooks.NOTEBOOKS / f"{stem}.md").read_text(encoding="utf-8")
    for key in set(re.findall(r"\{glue:text\}`(\w+):d`", text)):
        if YEAR_KEY.search(key):
            continue
        assert abs(float(values[key])) < 1000, \
            f"{stem}: {key} = {values[key]} is printed without a separator (use :,d)"
