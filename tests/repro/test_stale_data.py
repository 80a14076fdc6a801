"""A change under data/ reaches the built book: the execution cache is keyed on the inputs.

Builds a one-page scratch book (the opening chapter) from a scratch copy of data/, edits a
curated value, rebuilds without cleaning, and checks that the page shows the new number.
Then edits only the book's stylesheet and checks that the rebuild copies it (Sphinx alone
would not: book/_ext/static_refresh.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from alliances import membership, paths

JB = Path(sys.executable).parent / "jupyter-book"
COUNT = re.compile(r'when the counts stood at <span class="pasted-text">(\d+)</span>')


def _build(book: Path, env: dict) -> str:
    done = subprocess.run([str(JB), "build", str(book)], env=env, capture_output=True,
                          text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return (book / "_build" / "html" / "notebooks" / "intro.html").read_text(encoding="utf-8")


def test_edited_data_reaches_the_built_page(tmp_path):
    root = paths.ROOT
    book = tmp_path / "book"
    (book / "notebooks").mkdir(parents=True)
    shutil.copy(root / "_config.yml", book)
    (book / "_toc.yml").write_text("format: jb-book\nroot: notebooks/intro\n", encoding="utf-8")
    shutil.copytree(root / "_static", book / "_static")
    shutil.copytree(root / "book" / "_ext", book / "book" / "_ext")
    shutil.copy(root / "book" / "references.bib", book / "book")
    shutil.copy(root / "notebooks" / "intro.ipynb", book / "notebooks")
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("raw"))
    env = {**os.environ, "ALLIANCES_DATA": str(data)}

    nato_now = membership.members("nato", membership.EVENTS_CHECKED_ON).count
    assert COUNT.search(_build(book, env)).group(1) == str(nato_now)

    events = data / "membership" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("nato,SWE,accession,")]
    assert len(kept) == len(lines) - 1, "Sweden's accession row not found"
    events.write_text("".join(kept), encoding="utf-8")

    assert COUNT.search(_build(book, env)).group(1) == str(nato_now - 1)

    css = book / "_static" / "book.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited by the test */\n",
                   encoding="utf-8")
    _build(book, env)
    built = book / "_build" / "html" / "_static" / "book.css"
    assert "/* edited by the test */" in built.read_text(encoding="utf-8"), \
        "a change to _static/ alone did not reach the built book"
