"""The built bibliography page prints the two lists the extension chooses (run after the build,
with the browser checks, so that under CI a missing build fails instead of skipping)."""

from __future__ import annotations

import re

from tests.test_bibliography import printed  # noqa: F401  (the fixture)

from .conftest import HTML, _missing


def test_built_page_has_both_lists(printed):  # noqa: F811
    built = HTML / "book" / "bibliography.html"
    if not built.is_file():
        _missing(f"no built book: {built} (run `make book` or `make strict` first)")
    html = built.read_text(encoding="utf-8")
    counts = {}
    for sid, heading in (("works-cited", "Works cited"),
                         ("sources-of-the-data-tables", "Sources of the data tables")):
        part = html.split(f'<section id="{sid}">', 1)
        assert len(part) == 2, f"no section {heading!r} in {built}"
        body = part[1].split("</section>", 1)[0]
        counts[heading] = len(re.findall(r'<div class="citation"', body))
    assert counts == {k: len(v) for k, v in printed.items()}
