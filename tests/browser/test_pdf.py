"""The PDF edition (`make pdf`): the whole book in one PDF, printed once, offline, by Chromium."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from alliances.measures.membership import EVENTS_CHECKED_ON, format_day
from alliances.presentation import pdf
from alliances.presentation.chapter import declared_figures

from .conftest import CHROMIUM, HTML, ROOT, _missing

#: One worker runs this module (its page or PDF is made once), under pytest-xdist.
pytestmark = pytest.mark.xdist_group("pdf")

DOCS = [doc for doc, _ in pdf.toc_entries(ROOT)]
#: The whole book printed to 132 pages when this was written; well above that means a layout
#: that runs away (a table row or a figure per page, a page printed twice).
MAX_PAGES = 300
#: Characters that only steer line breaking: none may reach the PDF's text (a reader who
#: searches or copies a word would not find it whole).
INVISIBLE = {"\u200b": "ZERO WIDTH SPACE", "\u00ad": "SOFT HYPHEN", "\u2060": "WORD JOINER",
             "\ufeff": "ZERO WIDTH NO-BREAK SPACE", "\u200c": "ZERO WIDTH NON-JOINER"}


def _words(text: str) -> str:
    """Text with runs of white space (line breaks of the PDF) as one space."""
    return " ".join(text.split())


def _html_title(doc: str) -> str:
    """The page's h1 as the built HTML has it (without the permalink mark)."""
    page = (HTML / f"{doc}.html").read_text(encoding="utf-8")
    found = re.search(r"<h1>(.*?)</h1>", page, re.DOTALL)
    assert found, f"{doc}.html has no h1"
    inner = re.sub(r'<a class="headerlink".*?</a>', "", found.group(1), flags=re.DOTALL)
    return _words(html.unescape(re.sub(r"<[^>]+>", "", inner)))


def _images(page) -> set[tuple[int, int]]:
    """Object numbers of the image XObjects a page draws (inside forms too)."""
    found: set[tuple[int, int]] = set()

    def walk(resources):
        xobjects = resources.get("/XObject") if resources is not None else None
        for obj in (xobjects.values() if xobjects is not None else ()):
            if obj.get("/Subtype") == "/Image":
                found.add(obj.objgen)
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    walk(page.obj.get("/Resources"))
    return found


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The PDF, printed once: (what build_pdf reported, the document opened with pikepdf,
    each page's words, each page's text as extracted)."""
    if not (HTML / "index.html").is_file():
        _missing("no built book in _build/html: run `make book` or `make strict` first")
    if not Path(CHROMIUM).is_file():
        _missing(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    pytest.importorskip("playwright.async_api")
    import pikepdf
    import pypdfium2

    result = pdf.build_pdf(HTML, tmp_path_factory.mktemp("pdf") / "never-the-twain.pdf")
    with pikepdf.open(result["path"]) as document:
        yield result, document, *_texts(result["path"], pypdfium2)


def _texts(path: Path, pypdfium2) -> tuple[list[str], list[str]]:
    """Each page's words, and its text, as PDFium (Chromium's PDF viewer) reads them: what a
    reader who searches or copies finds."""
    document = pypdfium2.PdfDocument(path)
    try:
        raw = []
        for page in document:
            textpage = page.get_textpage()
            raw.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return [_words(text) for text in raw], raw


def _page_of(document, dest) -> int:
    """The page (from 1) a destination leads to: an explicit one, or a name in /Dests."""
    import pikepdf

    if not isinstance(dest, pikepdf.Array):
        dest = document.Root.Dests[str(dest) if str(dest).startswith("/") else f"/{dest}"]
    return pikepdf.Page(dest[0]).index + 1


def _outline(document, items) -> list[tuple[str, int, list]]:
    """The bookmarks as (title, page from 1, the bookmarks nested under it)."""
    return [(item.title, _page_of(document, item.destination), _outline(document, item.children))
            for item in items]


def test_page_count(book):
    result, document, _, _ = book
    assert result["pages"] == len(document.pages)
    # title page, contents, and at least one page per chapter
    assert len(DOCS) + 2 <= len(document.pages) <= MAX_PAGES, len(document.pages)


def test_title_page(book):
    _, _, texts, _ = book
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    first = texts[0]
    assert config["title"] in first
    assert config["author"] in first
    assert f"Events checked up to {format_day(EVENTS_CHECKED_ON)}" in first
    assert "MIT licence" in first
    for credit in ("author", "supervisor", "university", "date"):  # the thesis retold
        assert _words(pdf.THESIS[credit]) in first, credit


def test_contents_and_chapters_in_order(book):
    """Each chapter is listed in the contents, in _toc.yml order, and starts a page."""
    result, _, texts, _ = book
    contents = texts[1]
    assert "Contents" in contents
    starts, at = [], 0
    for doc, (label, start) in zip(DOCS, result["chapters"], strict=True):
        title = _html_title(doc)
        assert label.endswith(title), (doc, label)
        found = contents.find(title, at)
        assert found >= 0, f"{doc}: {title!r} not in the contents page (in order): {contents}"
        at = found + len(title)
        assert title in texts[start - 1], f"{doc}: {title!r} not on page {start}"
        starts.append(start)
    assert starts == sorted(starts) and len(set(starts)) == len(starts), starts
    assert starts[0] == 3  # after the title page and one page of contents
    # chapters are numbered 1, 2, ... in the contents; the bibliography is not
    numbered = [label.split()[0] for label, _ in result["chapters"][:-1]]
    assert numbered == [str(n) for n in range(1, len(numbered) + 1)]
    assert result["chapters"][-1][0] == "Bibliography"


def test_bibliography(book):
    result, _, texts, _ = book
    start = dict(result["chapters"])["Bibliography"]
    assert "Bibliography" in texts[start - 1]
    assert "[1]" in texts[start - 1]


def test_every_figure_is_embedded(book):
    """Each chapter's pages draw at least as many images as its notebook declares figures."""
    result, document, _, _ = book
    pages = document.pages
    starts = [start for _, start in result["chapters"]] + [len(pages) + 1]
    total = 0
    for doc, first, end in zip(DOCS, starts, starts[1:], strict=False):
        declared = declared_figures(doc)
        total += len(declared)
        drawn = set().union(*(_images(pages[i]) for i in range(first - 1, end - 1)))
        assert len(drawn) >= len(declared), f"{doc}: {len(drawn)} images, figures {declared}"
    assert total >= 20  # the book has figures, and they were found
    everywhere = set().union(*(_images(page) for page in pages))
    assert len(everywhere) >= total


def test_static_text_only(book):
    """Glued numbers are rendered; no site chrome or hidden code made it onto paper."""
    _, _, texts, raw = book
    text = " ".join(texts)
    for placeholder in ("{glue", "glue:text", ".ipynb::", "??"):
        assert placeholder not in text, f"unrendered glue or reference {placeholder!r}"
    for chrome in ("Skip to main content", "Back to top", "Ctrl+K",
                   "from alliances import", "book.reader_table("):
        assert chrome not in text, f"site chrome printed: {chrome!r}"
    # The sidebar's heading is a line of its own (prose may say "on this page").
    lines = {line.strip() for page in raw for line in page.splitlines()}
    assert "On this page" not in lines, "site chrome printed: the page's contents sidebar"


def test_interactive_pages_print_static(book):
    """Interactive twins are left out; the print-only static figure is in (see the figures)."""
    _, _, texts, _ = book
    text = " ".join(texts)
    twins = []
    for doc in DOCS:
        page = (HTML / f"{doc}.html").read_text(encoding="utf-8")
        twins += re.findall(r'<details class="interactive-twin[^"]*"[^>]*>\s*<summary>(.*?)'
                            r"</summary>", page, re.DOTALL)
    for summary in twins:
        assert _words(html.unescape(re.sub(r"<[^>]+>", "", summary))) not in text


def test_page_numbers(book):
    """Every page after the title page shows its number (Chromium's @page margin box, which
    PDFium reads first on the page); the title page shows none."""
    _, _, texts, _ = book
    for number, text in enumerate(texts[1:], start=2):
        assert text.split()[0] == str(number), f"page {number} shows no page number"
    assert texts[0].split()[0] != "1"


def test_no_injected_characters(book):
    """Long words in tables wrap by CSS, not by characters put into the text."""
    _, _, _, raw = book
    found = {}
    for number, text in enumerate(raw, start=1):
        for char, name in INVISIBLE.items():
            if char in text:
                found.setdefault(name, []).append(number)
    assert not found, f"invisible characters in the PDF's text (pages): {found}"


def test_tagged(book):
    """An accessible PDF: a structure tree of headings, paragraphs, tables and figures."""
    import pikepdf

    _, document, _, _ = book
    root = document.Root
    assert bool(root.MarkInfo.Marked)
    assert "/StructTreeRoot" in root
    assert str(root.get("/Lang", "")).startswith("en")
    tags: set[str] = set()

    def walk(element, depth=0):
        if not isinstance(element, pikepdf.Dictionary) or depth > 60:
            return
        if "/S" in element:
            tags.add(str(element.S))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    walk(root.StructTreeRoot)
    assert {"/H1", "/H2", "/P", "/Table", "/Figure", "/Link"} <= tags, sorted(tags)


def test_metadata(book):
    """Title, author and subject credit the book and the thesis it retells."""
    _, document, _, _ = book
    info = {key: str(value) for key, value in document.docinfo.items()}
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert info["/Title"] == config["title"]
    assert info["/Author"].startswith(config["author"])
    assert pdf.THESIS["author"] in info["/Author"]  # the thesis retold is credited
    assert pdf.THESIS["supervisor"] in info["/Subject"]
    assert pdf.THESIS["author"] in info["/Keywords"]
    assert info["/Producer"].startswith("Skia/PDF"), info["/Producer"]  # Chromium's print


def test_bookmarks(book):
    """Chromium's bookmarks, from the headings: the contents, every chapter at the page it
    starts, and the sections of every chapter that has some nested under it."""
    result, document, _, _ = book
    with document.open_outline() as outline_root:
        outline = _outline(document, outline_root.root)
    titles = [label.split("  ", 1)[-1] for label, _ in result["chapters"]]
    assert [title for title, _, _ in outline] == ["Contents", *titles]
    for (title, page, sections), doc, (_, start) in zip(
            outline[1:], DOCS, result["chapters"], strict=True):
        assert page == start, title
        page_html = (HTML / f"{doc}.html").read_text(encoding="utf-8")
        article = page_html[page_html.index("<article"):page_html.index("</article>")]
        assert len(sections) == article.count("<h2"), (title, [s for s, _, _ in sections])
        assert all(start <= p <= len(document.pages) for _, p, _ in sections), title
    every = [t for title, _, sections in outline for t in [title, *(s for s, _, _ in sections)]]
    doubled = [t for t in every if len(t) % 2 == 0 and t[: len(t) // 2] == t[len(t) // 2:]]
    assert not doubled, doubled  # a heading named twice (see pdf._BOOK_CSS)


def test_links_stay_inside_the_pdf(book):
    """Citations and cross-references jump inside the PDF; no link points at the print server."""
    _, document, _, _ = book
    internal, local = 0, []
    for page in document.pages:
        for annot in page.obj.get("/Annots") or []:
            if "/Dest" in annot:
                internal += 1
            uri = str((annot.get("/A") or {}).get("/URI", ""))
            if re.match(r"https?://(127\.0\.0\.1|localhost)\b", uri):
                local.append(uri)
    assert not local, local[:5]
    assert internal >= 50, internal


def test_offline_and_nothing_cut(book):
    result, _, _, _ = book
    assert not result["blocked"], f"requests leaving the machine: {result['blocked'][:5]}"
    assert not result["too_wide"], f"cut at the page's edge: {result['too_wide']}"
