"""The PDF edition: print the built HTML book into one PDF, offline.

``python -m alliances.pdf`` (``make pdf``) serves the HTML book that ``make book`` or
``make strict`` built in ``_build/html`` on 127.0.0.1, prints every page of ``_toc.yml`` in
order with Debian's headless Chromium (driven by Playwright; every request that would leave
the machine is blocked), and joins the chapters with pypdf behind a title page and a contents
page. The print stylesheet ``_static/print.css`` hides the site's chrome and shows the static
form of interactive pages, so the PDF holds what a reader printing a page would get.

The result has PDF bookmarks for the chapters and their sections, page numbers at the foot of
every page after the title page, links between chapters (citations reach their bibliography
entry) and the book's title and author in its metadata. No second Sphinx build is run.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import functools
import html
import http.server
import io
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from .paths import ROOT

#: Debian's Chromium, the browser the tests use (``make browser-deps`` installs it).
CHROMIUM = os.environ.get("ALLIANCES_CHROMIUM", "/usr/bin/chromium")
DEFAULT_HTML = ROOT / "_build" / "html"
DEFAULT_OUT = ROOT / "_build" / "pdf" / "never-the-twain.pdf"
#: Page margins; the same as ``@page`` in ``_static/print.css``. The foot leaves room for the
#: page number stamped onto every page after the title page.
MARGIN = {"top": "18mm", "right": "17mm", "bottom": "22mm", "left": "17mm"}
#: Pages that are back matter: listed in the contents, without a chapter number.
UNNUMBERED = frozenset({"book/bibliography"})
#: One line under the title on the title page.
SUBTITLE = ("Why NATO never set up a framework of cooperation with the CSTO: "
            "a 2011 thesis retold and tested against data")
#: Pages printed at the same time in the one browser.
CONCURRENCY = 3
_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"]
#: Requests the browser may not make: anything but this machine (and inline data).
_REMOTE = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)")


class PdfError(RuntimeError):
    """Something the PDF edition needs is missing; the message names it and the fix."""


@dataclass
class Printed:
    """What the browser printed besides the chapters."""

    title: bytes
    contents: bytes
    numbers: bytes
    #: The address the book was served at (links to it become links inside the PDF).
    base: str
    #: Requests that would have left the machine (blocked).
    blocked: list[str] = field(default_factory=list)


@dataclass
class Chapter:
    """One page of ``_toc.yml`` on its way into the PDF."""

    doc: str
    part: str | None
    title: str = ""
    number: str | None = None
    pdf: bytes = b""
    pages: int = 0
    #: First page in the book, counting the title page as 1.
    start: int = 0
    #: Sections (h2) of the chapter: (title, id of the section).
    sections: list[tuple[str, str]] = field(default_factory=list)
    #: Elements wider than the text column in print (they would be cut at the page's edge).
    too_wide: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The chapter's title with its number, as the contents page and bookmarks show it."""
        return f"{self.number}  {self.title}" if self.number else self.title


def toc_entries(root: Path = ROOT) -> list[tuple[str, str | None]]:
    """List the documents of ``_toc.yml`` in reading order, each with its part's caption.

    Parameters
    ----------
    root : Path
        The book's root folder (holding ``_toc.yml``).

    Returns
    -------
    list of (str, str or None)
        Document path relative to the site root, without suffix, and the caption of the
        part it belongs to (None for the root page).

    Examples
    --------
    >>> toc_entries()[0]
    ('notebooks/intro', None)
    """
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries: list[tuple[str, str | None]] = [(toc["root"], None)]

    def walk(items, caption):
        for item in items or []:
            if "file" in item:
                entries.append((item["file"], caption))
            walk(item.get("sections"), caption)
            walk(item.get("chapters"), caption)

    walk(toc.get("chapters"), None)
    for part in toc.get("parts", []):
        walk(part.get("chapters"), part.get("caption"))
    return entries


def book_metadata(root: Path = ROOT) -> dict[str, str]:
    """Read the title, author and licence line of the book from ``_config.yml``.

    Parameters
    ----------
    root : Path
        The book's root folder (holding ``_config.yml``).

    Returns
    -------
    dict
        ``title``, ``author`` and ``licence`` (the site footer's text on one line).

    Examples
    --------
    >>> book_metadata()["title"]
    'Never the twain? NATO and the CSTO'
    """
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    footer = (config.get("html") or {}).get("extra_footer") or ""
    return {"title": str(config.get("title", "")), "author": str(config.get("author", "")),
            "licence": " ".join(re.sub(r"<[^>]+>", " ", footer).split())}


def number_chapters(chapters: list[Chapter]) -> None:
    """Give the chapters numbers 1, 2, ... in reading order, unless the HTML has its own.

    A chapter whose ``number`` was read from the built page keeps it; the pages in
    :data:`UNNUMBERED` (the bibliography) get none.

    Parameters
    ----------
    chapters : list of Chapter
        The book's pages in ``_toc.yml`` order; changed in place.

    Examples
    --------
    >>> pages = [Chapter("a", None), Chapter("b", "P"), Chapter("book/bibliography", "P")]
    >>> number_chapters(pages)
    >>> [c.number for c in pages]
    ['1', '2', None]
    """
    if any(c.number for c in chapters):
        return
    n = 0
    for chapter in chapters:
        if chapter.doc not in UNNUMBERED:
            n += 1
            chapter.number = str(n)


# ---------------------------------------------------------------------------------------------
# Small HTML documents printed with the same browser: title page, contents, page numbers.

_DOC_CSS = """
@page { size: A4; margin: %(top)s %(right)s %(bottom)s %(left)s; }
html { font-size: 11pt; }
body { margin: 0; color: #222; line-height: 1.45; font-family: system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
a { color: inherit; text-decoration: none; }
"""


def _document(title: str, body: str, css: str = "") -> str:
    style = _DOC_CSS % MARGIN + css
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{style}</style></head>"
            f"<body>{body}</body></html>")


def title_page_html(meta: dict[str, str], checked_on: dt.date) -> str:
    """Return the title page as an HTML document of one A4 page.

    Parameters
    ----------
    meta : dict
        From :func:`book_metadata`.
    checked_on : datetime.date
        The day up to which the event table was checked.

    Returns
    -------
    str
        A standalone HTML document.
    """
    css = """
    .title-page { height: 250mm; display: flex; flex-direction: column; }
    .top { margin-top: 55mm; }
    h1 { font-size: 30pt; line-height: 1.15; margin: 0 0 8mm; font-weight: 700; }
    .subtitle { font-size: 14pt; color: #444; margin: 0 0 18mm; max-width: 165mm; }
    .author { font-size: 13pt; margin: 0 0 4mm; }
    .checked { font-size: 11pt; color: #444; margin: 0; }
    .bottom { margin-top: auto; font-size: 8.5pt; color: #555; border-top: 0.5pt solid #999;
      padding-top: 3mm; }
    """
    body = f"""<div class="title-page"><div class="top">
      <h1>{html.escape(meta["title"])}</h1>
      <p class="subtitle">{html.escape(SUBTITLE)}</p>
      <p class="author">{html.escape(meta["author"])}</p>
      <p class="checked">Events checked up to {checked_on:%-d %B %Y}</p></div>
      <p class="bottom">{html.escape(meta["licence"])}</p></div>"""
    return _document(meta["title"], body, css)


def contents_html(chapters: list[Chapter], base: str) -> str:
    """Return the contents page(s): the parts and their chapters with the first page of each.

    Parameters
    ----------
    chapters : list of Chapter
        With ``title``, ``number`` and ``start`` set.
    base : str
        Address of the served book; each entry links to its chapter (the assembly turns the
        links into links inside the PDF).

    Returns
    -------
    str
        A standalone HTML document.
    """
    css = """
    h1 { font-size: 20pt; margin: 0 0 8mm; }
    h2 { font-size: 10pt; text-transform: uppercase; letter-spacing: 0.06em; color: #555;
      margin: 7mm 0 2mm; break-after: avoid; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { display: flex; align-items: baseline; margin: 0 0 2.2mm; break-inside: avoid; }
    .num { flex: 0 0 9mm; font-weight: 600; }
    .title { flex: 0 1 auto; }
    .dots { flex: 1 1 auto; border-bottom: 1pt dotted #999; margin: 0 2mm; min-width: 8mm; }
    .page { flex: 0 0 auto; font-variant-numeric: tabular-nums; }
    """
    parts, current = [], object()
    for chapter in chapters:
        if chapter.part != current:
            if parts:
                parts.append("</ol>")
            if chapter.part:
                parts.append(f"<h2>{html.escape(chapter.part)}</h2>")
            parts.append("<ol>")
            current = chapter.part
        parts.append(
            f'<li><span class="num">{html.escape(chapter.number or "")}</span>'
            f'<a class="title" href="{base}/{chapter.doc}.html">{html.escape(chapter.title)}</a>'
            f'<span class="dots"></span><span class="page">{chapter.start}</span></li>')
    parts.append("</ol>")
    return _document("Contents", "<h1>Contents</h1>" + "".join(parts), css)


def page_numbers_html(count: int, first: int = 2) -> str:
    """Return an HTML document of ``count`` blank A4 pages with page numbers at their foot.

    Page ``i`` (from 1) shows ``i`` when ``i >= first``; the pages are stamped onto the
    book's pages, so that numbering runs through the whole PDF.

    Parameters
    ----------
    count : int
        Pages in the book.
    first : int
        The first page that gets its number (the title page has none).

    Returns
    -------
    str
        A standalone HTML document without margins.
    """
    css = """
    @page { size: A4; margin: 0; }
    .p { height: 296mm; position: relative; break-after: page; overflow: hidden; }
    .p:last-child { break-after: auto; }
    .n { position: absolute; left: 0; right: 0; bottom: 10mm; text-align: center;
      font-size: 9pt; color: #444; font-variant-numeric: tabular-nums; }
    """
    pages = "".join(
        f'<div class="p"><div class="n">{i if i >= first else ""}</div></div>'
        for i in range(1, count + 1))
    return _document("Page numbers", pages, css)


# ---------------------------------------------------------------------------------------------
# Printing with Chromium.

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(html_dir: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) while the block runs.

    Parameters
    ----------
    html_dir : Path
        The folder to serve.

    Yields
    ------
    str
        The base address, ``http://127.0.0.1:PORT``.
    """
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Runs in each page before printing: load every image; read the title (and any chapter number
# Sphinx put in the h1) and the sections; put the chapter number above the title; and link every
# id from a hidden list, since Chromium writes a PDF destination only for the targets of links
# in the page (links from other chapters then land on the right spot).
_PREPARE = """async (number) => {
  const article = document.querySelector('article') || document.body;
  document.querySelectorAll('details.sd-dropdown').forEach(d => { d.open = true; });
  const cells = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {acceptNode: (n) =>
      n.parentElement.closest('td, th') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  const texts = [];
  while (cells.nextNode()) texts.push(cells.currentNode);
  for (const t of texts) {  // long addresses and names may wrap in a narrow column
    t.textContent = t.textContent.replace(/\\S{16,}/g, (w) => w
        .replace(/([\\/_.&?=,-])/g, '$1\\u200b')
        .replace(/([^\\s\\u200b]{12})(?=[^\\s\\u200b])/g, '$1\\u200b'));
  }
  const targets = document.createElement('div');
  targets.hidden = true;
  for (const el of article.querySelectorAll('[id]')) {
    const a = document.createElement('a');
    a.href = '#' + encodeURIComponent(el.id);
    targets.append(a);
  }
  article.append(targets);
  const text = (h) => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll('.headerlink, .section-number').forEach(e => e.remove());
    return copy.textContent.replace(/[#\\u00b6]\\s*$/, '').replace(/\\s+/g, ' ').trim();
  };
  const sections = [...article.querySelectorAll('h2')]
      .filter(h => h.closest('section[id]') && h.offsetParent !== null)
      .map(h => ({id: h.closest('section[id]').id, title: text(h)}));
  for (const img of document.images) img.loading = 'eager';
  await Promise.all([...document.images].map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  await document.fonts.ready;
  const h1 = article.querySelector('h1') || document.querySelector('h1');
  if (!h1) return {title: document.title, number: null, sections};
  const found = h1.querySelector('.section-number');
  const title = text(h1);
  const own = found ? found.textContent.replace(/\\.\\s*$/, '').trim() : null;
  if (!own && number) {
    const kicker = document.createElement('p');
    kicker.className = 'pdf-chapter-number';
    kicker.textContent = 'Chapter ' + number;
    kicker.style.cssText = 'font-size: 0.95rem; font-weight: 600; letter-spacing: 0.08em; ' +
        'text-transform: uppercase; color: #666; margin: 0 0 0.3rem;';
    h1.before(kicker);
  }
  return {title, number: own, sections};
}"""


# Runs in each page in print layout, at the width of the text column: what sticks out of it.
_OVERFLOW = """() => {
  const article = document.querySelector('article') || document.body;
  const right = article.getBoundingClientRect().right;
  const wide = [];
  for (const el of article.querySelectorAll('table, pre, img, figure, svg, .cell_output > *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > right + 1) {
      const caption = el.querySelector('caption, figcaption');
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                (caption ? ' (' + caption.textContent.trim().slice(0, 60) + ')' : ''));
    }
  }
  if (!wide.length && document.documentElement.scrollWidth > window.innerWidth + 1)
    wide.push('the page itself');
  return wide;
}"""


def _column_px() -> int:
    """Width of the text column on an A4 page, in CSS pixels (96 per inch)."""
    mm = 210 - sum(float(MARGIN[side].removesuffix("mm")) for side in ("left", "right"))
    return round(mm / 25.4 * 96)


def _pdf_options(**extra) -> dict:
    return {"format": "A4", "print_background": True, "margin": MARGIN, **extra}


async def _print_book(html_dir: Path, chapters: list[Chapter], meta: dict[str, str],
                      checked_on: dt.date) -> Printed:
    """Print every chapter, then the title, contents and page-number documents."""
    try:
        from playwright.async_api import async_playwright
    except ImportError as err:  # pragma: no cover - the venv has it
        raise PdfError("playwright is not installed in this Python: run `make venv`") from err
    from pypdf import PdfReader

    blocked: list[str] = []

    async def block(route):  # the book is printed offline: nothing leaves the machine
        blocked.append(route.request.url)
        await route.abort()

    with serve(html_dir) as base:
        async with async_playwright() as p:
            try:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=_CHROMIUM_ARGS)
            except Exception as err:
                raise PdfError(f"cannot start Chromium at {CHROMIUM}: {err}") from err
            # The viewport is as wide as the printed text column, so that what is measured
            # in print layout (_OVERFLOW) is what gets printed.
            context = await browser.new_context(viewport={"width": _column_px(), "height": 900})
            await context.route(_REMOTE, block)
            gate = asyncio.Semaphore(CONCURRENCY)

            async def print_chapter(chapter: Chapter, provisional: str | None) -> None:
                async with gate:
                    page = await context.new_page()
                    try:
                        response = await page.goto(f"{base}/{chapter.doc}.html",
                                                   wait_until="load")
                        if response is None or not response.ok:
                            raise PdfError(f"{html_dir / chapter.doc}.html: could not be "
                                           f"loaded (HTTP {response and response.status})")
                        facts = await page.evaluate(_PREPARE, provisional)
                        chapter.title, chapter.number = facts["title"], facts["number"]
                        chapter.sections = [(s["title"], s["id"]) for s in facts["sections"]]
                        await page.emulate_media(media="print")
                        chapter.too_wide = await page.evaluate(_OVERFLOW)
                        chapter.pdf = await page.pdf(**_pdf_options())
                    finally:
                        await page.close()

            # Chapter numbers are needed for the kicker above each title before printing;
            # provisional ones follow the rule of number_chapters (fixed up below if the HTML
            # numbers its chapters itself).
            provisional = [Chapter(c.doc, c.part) for c in chapters]
            number_chapters(provisional)
            await asyncio.gather(*(print_chapter(c, q.number)
                                   for c, q in zip(chapters, provisional, strict=True)))
            if not any(c.number for c in chapters):
                number_chapters(chapters)
            for chapter in chapters:
                chapter.pages = len(PdfReader(io.BytesIO(chapter.pdf)).pages)

            page = await context.new_page()

            async def print_html(document: str, **extra) -> bytes:
                await page.set_content(document, wait_until="load")
                return await page.pdf(**_pdf_options(**extra))

            title = await print_html(title_page_html(meta, checked_on))
            # The contents page lists first pages, which depend on its own length: print it
            # until its length is stable (once, or twice if it runs over a page).
            length, contents = 1, b""
            for _ in range(3):
                start = 2 + length
                for chapter in chapters:
                    chapter.start, start = start, start + chapter.pages
                contents = await print_html(contents_html(chapters, base))
                new = len(PdfReader(io.BytesIO(contents)).pages)
                if new == length:
                    break
                length = new
            total = 1 + length + sum(c.pages for c in chapters)
            numbers = await print_html(page_numbers_html(total), prefer_css_page_size=True,
                                       margin=dict.fromkeys(MARGIN, "0"))
            await browser.close()
    if blocked:
        print(f"alliances.pdf: blocked {len(blocked)} request(s) leaving the machine, e.g. "
              f"{blocked[0]}", file=sys.stderr)
    return Printed(title, contents, numbers, base, blocked)


# ---------------------------------------------------------------------------------------------
# Assembly with pypdf.

def _take_links(reader) -> tuple[dict[str, tuple[int, float | None]],
                                 list[tuple[int, list[float], str, str]]]:
    """Remove the link annotations of a printed page; return its destinations and links."""
    dests: dict[str, tuple[int, float | None]] = {}
    for name, dest in reader.named_destinations.items():
        try:
            index = reader.get_destination_page_number(dest)
        except Exception:  # a destination that cannot be placed is left out
            continue
        top = dest.get("/Top")
        dests[str(name).lstrip("/")] = (index, float(top) if top is not None else None)
    links = []
    for index, page in enumerate(reader.pages):
        annots = page.get("/Annots")
        if annots is None:
            continue
        for annot in annots.get_object():
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            rect = [float(x) for x in annot["/Rect"]]
            dest, action = annot.get("/Dest"), annot.get("/A")
            if isinstance(dest, str):
                links.append((index, rect, "dest", str(dest).lstrip("/")))
            elif action is not None and action.get_object().get("/S") == "/URI":
                links.append((index, rect, "uri", str(action.get_object()["/URI"])))
        del page["/Annots"]
    return dests, links


def assemble(chapters: list[Chapter], printed: Printed, meta: dict[str, str]):
    """Join the printed parts into one PDF with bookmarks, links and page numbers.

    Parameters
    ----------
    chapters : list of Chapter
        Printed chapters (``pdf``, ``pages`` and ``start`` set), in reading order.
    printed : Printed
        The title page, contents and page-number documents, and the address the book was
        served at.
    meta : dict
        From :func:`book_metadata`.

    Returns
    -------
    pypdf.PdfWriter
        The book, ready to be written.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    base = printed.base
    writer = PdfWriter()
    parts = [("", PdfReader(io.BytesIO(printed.title))),
             ("#contents", PdfReader(io.BytesIO(printed.contents)))]
    parts += [(c.doc, PdfReader(io.BytesIO(c.pdf))) for c in chapters]
    dests: dict[tuple[str, str], tuple[int, float | None]] = {}
    links: list[tuple[str, int, list[float], str, str]] = []
    starts: dict[str, int] = {}
    for doc, reader in parts:
        offset = len(writer.pages)
        starts[doc] = offset
        own, found = _take_links(reader)
        dests.update({(doc, name): (offset + i, top) for name, (i, top) in own.items()})
        links += [(doc, offset + i, rect, kind, target) for i, rect, kind, target in found]
        for page in reader.pages:
            writer.add_page(page)
    for chapter in chapters:
        if starts[chapter.doc] + 1 != chapter.start:  # the contents page would be wrong
            raise PdfError(f"{chapter.doc}: listed on page {chapter.start} of the contents, "
                           f"printed from page {starts[chapter.doc] + 1}")

    for doc, index, rect, kind, target in links:
        goal = None
        if kind == "dest":
            goal = dests.get((doc, target))
        elif target.startswith(base):
            where = urlparse(target)
            other = unquote(where.path).lstrip("/").removesuffix(".html")
            goal = dests.get((other, unquote(where.fragment)))
            if goal is None and other in starts:
                goal = (starts[other], None)
        else:
            writer.add_annotation(index, Link(rect=rect, url=target))
            continue
        if goal is not None:  # links to pages outside the book (search, sources) are dropped
            writer.add_annotation(index, Link(rect=rect, target_page_index=goal[0],
                                              fit=Fit.xyz(top=goal[1])))

    writer.add_outline_item(title="Contents", page_number=1)
    for chapter in chapters:
        first = chapter.start - 1
        item = writer.add_outline_item(title=chapter.label, page_number=first, is_open=False)
        for title, anchor in chapter.sections:
            index, y = dests.get((chapter.doc, anchor), (first, None))
            writer.add_outline_item(title=title, page_number=index, parent=item,
                                    fit=Fit.xyz(top=y))

    numbers = PdfReader(io.BytesIO(printed.numbers))
    if len(numbers.pages) != len(writer.pages):
        raise PdfError(f"page numbers: printed {len(numbers.pages)} pages for a book of "
                       f"{len(writer.pages)}")
    for page, stamp in zip(writer.pages[1:], numbers.pages[1:], strict=True):
        page.merge_page(stamp)

    writer.add_metadata({"/Title": meta["title"], "/Author": meta["author"],
                         "/Subject": SUBTITLE, "/Creator": "alliances.pdf (Chromium, pypdf)"})
    writer.page_mode = "/UseOutlines"
    return writer


# ---------------------------------------------------------------------------------------------

def build_pdf(html_dir: Path = DEFAULT_HTML, out: Path = DEFAULT_OUT, *,
              root: Path = ROOT) -> dict:
    """Print the built HTML book into one PDF.

    Parameters
    ----------
    html_dir : Path
        The built book (``make book`` or ``make strict`` writes ``_build/html``).
    out : Path
        The PDF to write; its folder is created. It is replaced only when complete.
    root : Path
        The book's root folder (``_config.yml``, ``_toc.yml``).

    Returns
    -------
    dict
        ``path``, ``pages`` (in the PDF), ``chapters`` (list of (label, first page)),
        ``too_wide`` (elements cut at the page's edge, as "page: element"; empty when all
        fits), ``blocked`` (requests that would have left the machine) and ``seconds``.

    Raises
    ------
    PdfError
        If the built book, a page of it, or Chromium is missing.
    """
    began = time.perf_counter()
    html_dir, out = Path(html_dir), Path(out)
    if not (html_dir / "index.html").is_file():
        raise PdfError(f"{html_dir / 'index.html'} not found: build the book first "
                       "(make book or make strict)")
    if not Path(CHROMIUM).is_file():
        raise PdfError(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps), "
                       "or point ALLIANCES_CHROMIUM at a Chromium")
    chapters = [Chapter(doc, part) for doc, part in toc_entries(root)]
    missing = [f"{doc}.html" for doc, _ in toc_entries(root)
               if not (html_dir / f"{doc}.html").is_file()]
    if missing:
        raise PdfError(f"{html_dir}: page(s) of _toc.yml not built: {', '.join(missing)} "
                       "(run make book)")
    from .membership import EVENTS_CHECKED_ON

    meta = book_metadata(root)
    # A thread of its own, so that this also works where an event loop is running (in a
    # notebook, or beside Playwright's sync API in the tests).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        printed = pool.submit(asyncio.run, _print_book(html_dir, chapters, meta,
                                                       EVENTS_CHECKED_ON)).result()
    writer = assemble(chapters, printed, meta)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with partial.open("wb") as fh:
        writer.write(fh)
    partial.replace(out)
    too_wide = [f"{c.doc}: {what}" for c in chapters for what in c.too_wide]
    for line in too_wide:
        print(f"alliances.pdf: wider than the page, cut at its edge: {line}", file=sys.stderr)
    return {"path": out, "pages": len(writer.pages),
            "chapters": [(c.label, c.start) for c in chapters], "too_wide": too_wide,
            "blocked": printed.blocked,
            "seconds": time.perf_counter() - began}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m alliances.pdf [--html DIR] [--out FILE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m alliances.pdf",
        description="Print the built HTML book (make book) into one PDF, offline.")
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML,
                        help="the built book (default: _build/html)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="the PDF to write (default: _build/pdf/never-the-twain.pdf)")
    args = parser.parse_args(argv)
    try:
        result = build_pdf(args.html, args.out)
    except PdfError as err:
        print(f"alliances.pdf: {err}", file=sys.stderr)
        return 1
    path = result["path"]
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(Path.cwd())
    print(f"{path}: {result['pages']} pages, {len(result['chapters'])} chapters, "
          f"{result['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
