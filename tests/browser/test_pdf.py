"""The PDF edition (`make pdf`): the whole book in one PDF, printed offline with Chromium."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from alliances import pdf
from alliances.membership import EVENTS_CHECKED_ON

from .conftest import CHROMIUM, HTML, ROOT, _missing

#: One worker runs this module (its page or PDF is made once), under pytest-xdist.
pytestmark = pytest.mark.xdist_group("pdf")

DOCS = [doc for doc, _ in pdf.toc_entries(ROOT)]
#: The whole book printed to 143 pages when this was written; well above that means a layout
#: that runs away (a table row or a figure per page, a page printed twice).
MAX_PAGES = 300


def _words(text: str) -> str:
    """Text with runs of white space (line breaks of the PDF) as one space."""
    return " ".join(text.replace("\u200b", "").split())


def _html_title(doc: str) -> str:
    """The page's h1 as the built HTML has it (without the permalink mark)."""
    page = (HTML / f"{doc}.html").read_text(encoding="utf-8")
    found = re.search(r"<h1>(.*?)</h1>", page, re.DOTALL)
    assert found, f"{doc}.html has no h1"
    inner = re.sub(r'<a class="headerlink".*?</a>', "", found.group(1), flags=re.DOTALL)
    return _words(html.unescape(re.sub(r"<[^>]+>", "", inner)))


def _declared_figures(doc: str) -> list[str]:
    text = ROOT / f"{doc}.md"
    if not doc.startswith("notebooks/") or not text.is_file():
        return []
    return re.findall(r"^\s*name: (fig-[\w-]+)", text.read_text(encoding="utf-8"), re.MULTILINE)


def _images(page) -> set[int]:
    """Object numbers of the image XObjects a page draws (inside forms too)."""
    found: set[int] = set()

    def walk(resources):
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in (xobjects.get_object() if xobjects is not None else {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.add(ref.idnum)
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    walk(page.get("/Resources"))
    return found


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The PDF, printed once: (what build_pdf reported, the reader, each page's text)."""
    if not (HTML / "index.html").is_file():
        _missing("no built book in _build/html: run `make book` or `make strict` first")
    if not Path(CHROMIUM).is_file():
        _missing(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    pytest.importorskip("playwright.async_api")
    from pypdf import PdfReader

    result = pdf.build_pdf(HTML, tmp_path_factory.mktemp("pdf") / "never-the-twain.pdf")
    reader = PdfReader(result["path"])
    texts = [_words(page.extract_text()) for page in reader.pages]
    return result, reader, texts


def test_page_count(book):
    result, reader, _ = book
    assert result["pages"] == len(reader.pages)
    # title page, contents, and at least one page per chapter
    assert len(DOCS) + 2 <= len(reader.pages) <= MAX_PAGES, len(reader.pages)


def test_title_page(book):
    _, _, texts = book
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    first = texts[0]
    assert config["title"] in first
    assert config["author"] in first
    assert f"Events checked up to {EVENTS_CHECKED_ON:%-d %B %Y}" in first
    assert "MIT licence" in first


def test_contents_and_chapters_in_order(book):
    """Each chapter is listed in the contents, in _toc.yml order, and starts where it says."""
    result, _, texts = book
    contents = texts[1]
    assert contents.startswith("Contents")
    starts = []
    for doc, (label, start) in zip(DOCS, result["chapters"], strict=True):
        title = _html_title(doc)
        assert label.endswith(title), (doc, label)
        listed = re.search(rf"{re.escape(title)} (\d+)", contents)
        assert listed, f"{doc}: {title!r} not in the contents page: {contents}"
        assert int(listed.group(1)) == start
        assert title in texts[start - 1], f"{doc}: {title!r} not on page {start}"
        starts.append(start)
    assert starts == sorted(starts) and len(set(starts)) == len(starts), starts
    assert starts[0] == 3  # after the title page and one page of contents
    # chapters are numbered 1, 2, ... in the contents; the bibliography is not
    numbered = [label.split()[0] for label, _ in result["chapters"][:-1]]
    assert numbered == [str(n) for n in range(1, len(numbered) + 1)]
    assert result["chapters"][-1][0] == "Bibliography"


def test_bibliography(book):
    result, _, texts = book
    start = dict(result["chapters"])["Bibliography"]
    assert "Bibliography" in texts[start - 1]
    assert "[1]" in texts[start - 1]


def test_every_figure_is_embedded(book):
    """Each chapter's pages draw at least as many images as its notebook declares figures."""
    result, reader, _ = book
    starts = [start for _, start in result["chapters"]] + [len(reader.pages) + 1]
    total = 0
    for doc, first, end in zip(DOCS, starts, starts[1:], strict=False):
        declared = _declared_figures(doc)
        total += len(declared)
        drawn = set().union(*(_images(reader.pages[i]) for i in range(first - 1, end - 1)))
        assert len(drawn) >= len(declared), f"{doc}: {len(drawn)} images, figures {declared}"
    assert total >= 20  # the book has figures, and they were found
    everywhere = set().union(*(_images(page) for page in reader.pages))
    assert len(everywhere) >= total


def test_static_text_only(book):
    """Glued numbers are rendered; no site chrome or hidden code made it onto paper."""
    _, _, texts = book
    text = " ".join(texts)
    for placeholder in ("{glue", "glue:text", ".ipynb::", "??"):
        assert placeholder not in text, f"unrendered glue or reference {placeholder!r}"
    for chrome in ("Skip to main content", "Back to top", "On this page", "Ctrl+K",
                   "from alliances import", "book.reader_table("):
        assert chrome not in text, f"site chrome printed: {chrome!r}"


def test_interactive_pages_print_static(book):
    """Interactive twins are left out; the print-only static figure is in (see the figures)."""
    _, _, texts = book
    text = " ".join(texts)
    twins = []
    for doc in DOCS:
        page = (HTML / f"{doc}.html").read_text(encoding="utf-8")
        twins += re.findall(r'<details class="interactive-twin[^"]*"[^>]*>\s*<summary>(.*?)'
                            r"</summary>", page, re.DOTALL)
    for summary in twins:
        assert _words(html.unescape(re.sub(r"<[^>]+>", "", summary))) not in text


def test_page_numbers(book):
    _, _, texts = book
    for number, text in enumerate(texts[1:], start=2):
        assert str(number) in text.split(), f"page {number} shows no page number"


def test_metadata_and_bookmarks(book):
    result, reader, _ = book
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert reader.metadata.title == config["title"]
    assert reader.metadata.author == config["author"]
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["Contents", *(c for c, _ in result["chapters"])]
    for item, (_, start) in zip(top[1:], result["chapters"], strict=True):
        assert reader.get_destination_page_number(item) == start - 1, item.title
    sections = [item for item in reader.outline if isinstance(item, list)]
    assert len(sections) >= len(DOCS) - 2  # the chapters' sections, nested under them


def test_links_stay_inside_the_pdf(book):
    """Citations and cross-references jump inside the PDF; no link points at the print server."""
    _, reader, _ = book
    internal, local = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                internal += 1
            uri = str((annot.get("/A") or {}).get("/URI", ""))
            if re.match(r"https?://(127\.0\.0\.1|localhost)\b", uri):
                local.append(uri)
    assert not local, local[:5]
    assert internal >= 50, internal


def test_offline_and_nothing_cut(book):
    result, _, _ = book
    assert not result["blocked"], f"requests leaving the machine: {result['blocked'][:5]}"
    assert not result["too_wide"], f"cut at the page's edge: {result['too_wide']}"
