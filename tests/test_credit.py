"""Credit: the thesis the book retells is named, with its author and supervisor, wherever the
book is presented (opening page, README, bibliography, PDF title page and metadata, CITATION.cff).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

from alliances.presentation import pdf

ROOT = Path(__file__).resolve().parents[1]
AUTHOR = "Brynhildur Ingimarsdóttir"
SUPERVISOR = "Alyson J.K. Bailes"
TITLE = 'The Collective Security Treaty Organization and NATO: "Never the twain shall meet"'
HANDLE = "http://hdl.handle.net/1946/10078"


def _flat(text: str) -> str:
    """Text with line breaks and Markdown emphasis/quote marks removed, runs of space as one."""
    text = re.sub(r"^\s*>\s?", "", text, flags=re.MULTILINE)
    return " ".join(text.replace("*", "").split())


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_parses_and_names_the_thesis(cff):
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] in {"software", "dataset"}
    assert cff["title"].startswith("Never the twain?")
    assert cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    assert cff["message"]
    theses = [r for r in cff["references"] if r["type"] == "thesis"]
    assert len(theses) == 1
    thesis = theses[0]
    person = thesis["authors"][0]
    assert f"{person['given-names']} {person['family-names']}" == AUTHOR
    assert thesis["title"] == TITLE
    assert thesis["institution"]["name"].startswith("University of Iceland")
    assert "Faculty of Political Science" in thesis["department"]
    assert (thesis["year"], thesis["month"]) == (2011, 9)
    assert thesis["url"] == HANDLE
    assert SUPERVISOR in thesis["notes"]


def test_citation_cff_uses_only_known_keys(cff):
    """The keys CFF 1.2.0 defines (a misspelt key makes GitHub reject the file)."""
    top = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
           "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
           "references", "repository", "repository-artifact", "repository-code", "title",
           "type", "url", "version"}
    ref = {"abstract", "authors", "department", "institution", "languages", "month", "notes",
           "repository", "thesis-type", "title", "type", "url", "year", "keywords",
           "date-published", "location", "publisher", "editors", "doi", "identifiers"}
    assert set(cff) <= top, set(cff) - top
    for reference in cff["references"]:
        assert set(reference) <= ref, set(reference) - ref
        assert {"authors", "title", "type"} <= set(reference)


@pytest.mark.parametrize("path", ["README.md", "notebooks/intro.md", "book/bibliography.md"])
def test_pages_name_author_supervisor_and_title(path):
    text = _flat((ROOT / path).read_text(encoding="utf-8"))
    for needed in (AUTHOR, SUPERVISOR, "University of Iceland", "September 2011",
                   "Faculty of Political Science", HANDLE):
        assert needed in text, f"{path}: {needed!r} missing"
    assert _flat(TITLE) in text, f"{path}: the thesis's title missing"


def test_how_to_cite_sections():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme
    bibliography = (ROOT / "book" / "bibliography.md").read_text(encoding="utf-8")
    assert "(how-to-cite)=\n## How to cite" in bibliography
    assert "how-to-cite" in (ROOT / "notebooks" / "intro.md").read_text(encoding="utf-8")


def test_credit_block_opens_the_book():
    """The credit stands under the title of the opening page, before any code or prose."""
    intro = (ROOT / "notebooks" / "intro.md").read_text(encoding="utf-8")
    title = intro.index("\n# ")
    block = intro.index(":::{admonition} The thesis this book retells")
    assert title < block < intro.index("```{code-cell}")


def test_bibliography_entry_is_complete():
    entry = parse_file(str(ROOT / "book" / "references.bib")).entries["thesis2011"]
    assert entry.type == "mastersthesis"
    assert str(entry.persons["author"][0]) == "Ingimarsdóttir, Brynhildur"
    fields = entry.fields
    assert "Never} the twain shall meet" in fields["title"]
    assert "University of Iceland" in fields["school"]
    assert "Faculty of Political Science" in fields["school"]
    assert fields["address"] == "Reykjavík"
    assert (fields["year"], fields["month"].lower()[:3]) == ("2011", "sep")
    assert fields["type"].startswith("{MA} thesis in {International Relations}")
    assert f"Supervisor: {SUPERVISOR}" in fields["note"]
    assert fields["url"] == HANDLE


def test_no_page_says_the_author_is_unknown():
    """The old note (title and university cannot be known, author unnamed) is gone."""
    stale = re.compile(r"cannot be known|not named in the text|author is therefore left unnamed|"
                       r"\{Anonymous\}|descriptive title\]", re.IGNORECASE)
    files = [*ROOT.glob("book/*.md"), ROOT / "book" / "references.bib",
             *ROOT.glob("notebooks/*.md"), *ROOT.glob("src/alliances/*.py"), ROOT / "README.md"]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in files
             for m in stale.finditer(p.read_text(encoding="utf-8"))]
    assert not found, found


def test_pdf_credits_the_thesis():
    assert pdf.THESIS["author"] == AUTHOR
    assert pdf.THESIS["supervisor"] == SUPERVISOR
    assert pdf.THESIS["title"] == TITLE
    page = pdf.title_page_html(pdf.book_metadata(ROOT), dt.date(2025, 12, 31))
    for needed in (AUTHOR, SUPERVISOR, "University of Iceland", "September 2011",
                   "Faculty of Political Science"):
        assert needed in page, needed
    assert "&quot;Never the twain shall meet&quot;" in page  # escaped, whole
    credit = pdf.thesis_credit()
    assert AUTHOR in credit and SUPERVISOR in credit and "Reykjavík" in credit
