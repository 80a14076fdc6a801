"""A change under data/ reaches the built book, through the one notebook run there is.

Builds a one-page scratch book (the opening chapter) from a scratch copy of data/, edits a
curated value the chapter reads, and checks that the chapter is reported stale naming that
file, that refreshing executes it (and only then), and that the rebuilt page shows the new
number. Then edits only the book's stylesheet and checks that the rebuild copies it (Sphinx
alone would not: book/_ext/static_refresh.py).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import warnings
from pathlib import Path

from alliances import paths
from alliances.measures import membership
from alliances.tooling import notebooks

COUNT = re.compile(r'when the counts stood at <span class="pasted-text">(\d+)</span>')


def _build(book: Path) -> str:
    """``jupyter-book build book`` in this process (Sphinx and the extensions load once for the
    three builds); return the built chapter's HTML."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()) as out:
        warnings.simplefilter("ignore")  # the strict build of the book answers for warnings
        status = notebooks.jupyter_book(["build", str(book)])
    assert status == 0, out.getvalue()[-3000:]
    return (book / "_build" / "html" / "notebooks" / "intro.html").read_text(encoding="utf-8")


def test_edited_data_reaches_the_built_page(tmp_path, monkeypatch):
    root = paths.ROOT
    book = tmp_path / "book"
    (book / "notebooks").mkdir(parents=True)
    shutil.copy(root / "_config.yml", book)
    (book / "_toc.yml").write_text("format: jb-book\nroot: notebooks/intro\n", encoding="utf-8")
    shutil.copytree(root / "_static", book / "_static")
    shutil.copytree(root / "book" / "_ext", book / "book" / "_ext")
    shutil.copy(root / "book" / "references.bib", book / "book")
    for name in ("intro.ipynb", "intro.md", "jupytext.toml"):
        shutil.copy(root / "notebooks" / name, book / "notebooks")
    intro = book / "notebooks" / "intro.ipynb"
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw"))
    monkeypatch.setenv("ALLIANCES_DATA", str(data))  # for the check, the kernel and the build
    stamp = tmp_path / "synced.json"

    nato_now = membership.members("nato", membership.EVENTS_CHECKED_ON).count
    assert notebooks.check([intro]) == []
    assert COUNT.search(_build(book)).group(1) == str(nato_now)

    events = data / "membership" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("nato,SWE,accession,")]
    assert len(kept) == len(lines) - 1, "Sweden's accession row not found"
    events.write_text("".join(kept), encoding="utf-8")

    assert notebooks.check([intro]) == [
        "intro.ipynb: stale: data/membership/events.csv changed since it was executed"]
    assert notebooks.refresh([intro], stamp=stamp) == [intro]
    assert notebooks.refresh([intro], stamp=stamp) == []  # executed once, then current
    assert COUNT.search(_build(book)).group(1) == str(nato_now - 1)

    css = book / "_static" / "book.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited by the test */\n",
                   encoding="utf-8")
    _build(book)
    built = book / "_build" / "html" / "_static" / "book.css"
    assert "/* edited by the test */" in built.read_text(encoding="utf-8"), \
        "a change to _static/ alone did not reach the built book"
