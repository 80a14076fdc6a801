"""The PDF edition: print the built HTML book into one PDF, offline, in one print.

``python -m alliances.presentation.pdf`` (``make pdf``) serves the HTML book that ``make book`` or
``make strict`` built in ``_build/html`` on 127.0.0.1 and opens it in Debian's headless
Chromium (driven by Playwright; every request that would leave the machine is blocked). There
it joins the main content of every page of ``_toc.yml``, in order, into one document behind a
title page and a contents page, and prints that document once with Chromium's own PDF
features: the PDF is tagged (an accessible structure: headings, lists, tables, figures with
their alternative text), its bookmarks are the headings (every chapter, its sections below it),
its links between chapters and to the bibliography are links inside the one document, and its
page numbers are CSS ``@page`` margin boxes (the title page has none). What prints and the page
margins are the print stylesheet's (``_static/print.css``, the same a reader gets from Ctrl+P).
pikepdf (qpdf) then reads where each chapter starts and adds the document information Chromium
cannot set (author, subject, keywords); the pages, outline and structure stay as printed.
The title page and the metadata credit the thesis the book retells (:data:`THESIS`).
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
from dataclasses import dataclass
from pathlib import Path

import yaml

from alliances.paths import ROOT

#: Debian's Chromium, the browser the tests use (``make browser-deps`` installs it).
CHROMIUM = os.environ.get("ALLIANCES_CHROMIUM", "/usr/bin/chromium")
DEFAULT_HTML = ROOT / "_build" / "html"
DEFAULT_OUT = ROOT / "_build" / "pdf" / "never-the-twain.pdf"
#: Pages that are back matter: listed in the contents, without a chapter number.
UNNUMBERED = frozenset({"book/bibliography"})
#: One line under the title on the title page.
SUBTITLE = ("Why NATO never set up a framework of cooperation with the CSTO: "
            "a 2011 thesis retold and tested against data")
#: The work the book retells, as its title pages and its record in the University of Iceland's
#: repository Skemman (http://hdl.handle.net/1946/10078) name it. The title page and the PDF's
#: metadata credit it; ``CITATION.cff``, ``README.md``, the opening page and ``thesis2011`` in
#: the bibliography say the same (``tests/test_credit.py`` checks that they agree).
THESIS = {
    "author": "Brynhildur Ingimarsdóttir",
    "title": 'The Collective Security Treaty Organization and NATO: "Never the twain shall meet"',
    "degree": "MA thesis in International Relations",
    "faculty": "Faculty of Political Science, School of Social Sciences",
    "university": "University of Iceland",
    "place": "Reykjavík",
    "date": "September 2011",
    "supervisor": "Alyson J.K. Bailes",
    "handle": "http://hdl.handle.net/1946/10078",
}
#: Flags for headless Chromium on a machine with no network: the print and the browser tests.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
#: Chromium cannot leave the machine: every request that is not to a loopback address goes to
#: a proxy that is not there (port 9, discard) and fails. (A Playwright route would hold every
#: request, the book's own included, until Python answered it.) The print and the browser
#: tests launch Chromium with these.
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9"]
#: Requests the book may not make: anything but this machine (and inline data); they fail
#: (:data:`OFFLINE_ARGS`) and are reported.
REMOTE = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)")
#: A4 width; the text column is this less the margins of ``@page`` in ``print.css``.
_A4_WIDTH_MM = 210


class PdfError(RuntimeError):
    """Something the PDF edition needs is missing; the message names it and the fix."""


@dataclass
class Chapter:
    """One page of ``_toc.yml`` in the PDF."""

    doc: str
    part: str | None
    number: str | None = None
    #: The page's h1, read from the built page.
    title: str = ""
    #: First page in the PDF, counting the title page as 1 (read from the printed PDF).
    start: int = 0

    @property
    def key(self) -> str:
        """The chapter's id in the joined document: ``notebooks/nato`` -> ``notebooks-nato``."""
        return self.doc.replace("/", "-")

    @property
    def label(self) -> str:
        """The chapter's title with its number (``build_pdf`` reports the chapters so)."""
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
    """Give the chapters numbers 1, 2, ... in reading order; back matter gets none.

    Parameters
    ----------
    chapters : list of Chapter
        The book's pages in ``_toc.yml`` order; changed in place. The pages in
        :data:`UNNUMBERED` (the bibliography) get no number.

    Examples
    --------
    >>> pages = [Chapter("a", None), Chapter("b", "P"), Chapter("book/bibliography", "P")]
    >>> number_chapters(pages)
    >>> [c.number for c in pages]
    ['1', '2', None]
    """
    n = 0
    for chapter in chapters:
        chapter.number = None
        if chapter.doc not in UNNUMBERED:
            n += 1
            chapter.number = str(n)


def column_width_mm(print_css: str) -> float:
    """Width of the printed text column: A4 less the side margins of ``@page`` in print.css.

    The margins are set in one place, the print stylesheet; this reads them back to lay the
    page out at the printed width before the print (to find what would stick out of it).

    Parameters
    ----------
    print_css : str
        The text of ``_static/print.css``.

    Returns
    -------
    float
        Millimetres.

    Raises
    ------
    PdfError
        If the stylesheet has no ``@page`` rule with a ``margin`` in millimetres.

    Examples
    --------
    >>> column_width_mm("@page { size: A4; margin: 18mm 17mm 22mm; }")
    176.0
    >>> column_width_mm("@page { margin: 20mm 10mm 20mm 15mm }")
    185.0
    """
    found = re.search(r"@page\s*\{[^}]*?\bmargin\s*:\s*([^;}]+)", print_css)
    values = found.group(1).split() if found else []
    if not 1 <= len(values) <= 4 or not all(re.fullmatch(r"[\d.]+mm", v) for v in values):
        raise PdfError("print.css: no `@page { margin: ... }` in mm to read the text column "
                       f"from (found {found.group(0).strip() if found else 'no @page margin'})")
    mm = [float(v.removesuffix("mm")) for v in values]
    right = mm[1] if len(mm) > 1 else mm[0]
    left = mm[3] if len(mm) == 4 else right
    return _A4_WIDTH_MM - left - right


# ---------------------------------------------------------------------------------------------
# What the print adds to the book's pages: a title page, a contents page, chapter numbers above
# the titles, page numbers at the foot; long words in tables may break anywhere.

_BOOK_CSS = """
@page { @bottom-center { content: counter(page); font-size: 9pt; color: #444; } }
@page :first { @bottom-center { content: none; } }
.pdf-title-page { height: 245mm; display: flex; flex-direction: column; break-after: page; }
.pdf-title-page .top { margin-top: 50mm; }
.pdf-title-page .book-title { font-size: 30pt; line-height: 1.15; margin: 0 0 8mm;
  font-weight: 700; }
.pdf-title-page .subtitle { font-size: 14pt; color: #444; margin: 0 0 8mm; max-width: 165mm; }
.pdf-title-page .credit { font-size: 11pt; color: #333; margin: 0 0 14mm; max-width: 165mm; }
.pdf-title-page .author { font-size: 13pt; margin: 0 0 4mm; }
.pdf-title-page .checked { font-size: 11pt; color: #444; margin: 0; }
.pdf-title-page .bottom { margin-top: auto; font-size: 8.5pt; color: #555;
  border-top: 0.5pt solid #999; padding-top: 3mm; }
.pdf-contents { break-after: page; }
.pdf-contents .part { font-size: 10pt; text-transform: uppercase; letter-spacing: 0.06em;
  color: #555; margin: 7mm 0 2mm; break-after: avoid; font-weight: 600; }
.pdf-contents ol { list-style: none; margin: 0; padding: 0; }
.pdf-contents li { display: flex; align-items: baseline; margin: 0 0 2.2mm; }
.pdf-contents .num { flex: 0 0 9mm; font-weight: 600; }
.pdf-contents a { color: inherit; text-decoration: none; }
.pdf-chapter { break-before: page; }
/* Chromium names a bookmark after the text it paints for the heading: keep the spaces where
   the heading's lines break (or it reads "itsenemy"), and contain its paint (or a heading at
   the top of a page is painted, clipped, on the page before too, and named twice). */
.pdf-chapter :is(h1, h2, h3, h4, h5, h6) { white-space: pre-wrap; contain: paint; }
.pdf-chapter-number { font-size: 0.95rem; font-weight: 600; letter-spacing: 0.08em;
  text-transform: uppercase; color: #666; margin: 0 0 0.3rem; }
.pdf-chapter td.pdf-long-words, .pdf-chapter th.pdf-long-words {
  overflow-wrap: anywhere !important; }
"""


def thesis_credit(thesis: dict[str, str] = THESIS) -> str:
    """Return the one-sentence credit of the thesis the book retells.

    Parameters
    ----------
    thesis : dict
        Author, title, degree, faculty, university, place, date and supervisor
        (:data:`THESIS`).

    Returns
    -------
    str
        Plain text, as the title page and the PDF's subject give it.

    Examples
    --------
    >>> thesis_credit().startswith("A retelling of Brynhildur Ingimarsdóttir's MA thesis")
    True
    """
    degree = thesis["degree"].removeprefix("MA thesis").strip()
    return (f"A retelling of {thesis['author']}'s MA thesis {degree}, {thesis['title']} "
            f"({thesis['faculty']}, {thesis['university']}, {thesis['place']}, "
            f"{thesis['date']}; supervisor {thesis['supervisor']}), tested against data.")


def title_page_html(meta: dict[str, str], checked_on: dt.date) -> str:
    """Return the title page: an HTML section that fills the first page.

    The title is not a heading (the opening chapter has the same one); the page has no
    number.

    Parameters
    ----------
    meta : dict
        From :func:`book_metadata`.
    checked_on : datetime.date
        The day up to which the event table was checked.

    Returns
    -------
    str
        An HTML fragment.
    """
    from alliances.measures.membership import format_day

    t = {k: html.escape(v) for k, v in THESIS.items()}
    credit = (f"A retelling of the MA thesis in International Relations by "
              f"<b>{t['author']}</b>, <i>{t['title']}</i>, {t['faculty']}, "
              f"{t['university']}, {t['place']}, {t['date']}; supervisor "
              f"<b>{t['supervisor']}</b>.")
    return f"""<section class="pdf-title-page"><div class="top">
      <p class="book-title">{html.escape(meta["title"])}</p>
      <p class="subtitle">{html.escape(SUBTITLE)}</p>
      <p class="credit">{credit}</p>
      <p class="author">{html.escape(meta["author"])}</p>
      <p class="checked">Events checked up to {format_day(checked_on)}</p></div>
      <p class="bottom">{html.escape(meta["licence"])}</p></section>"""


def contents_html(chapters: list[Chapter]) -> str:
    """Return the contents: the parts and their chapters, each a link to the chapter.

    The entries carry no page numbers (Chromium cannot print the page a link leads to, and
    the book is printed once); the PDF's bookmarks and the links lead to each chapter.

    Parameters
    ----------
    chapters : list of Chapter
        With ``number`` set; the titles are filled in from the chapters' own h1 before
        printing (the entries' text is the document path until then).

    Returns
    -------
    str
        An HTML fragment.
    """
    parts, current = [], object()
    for chapter in chapters:
        if chapter.part != current:
            if parts:
                parts.append("</ol>")
            if chapter.part:
                parts.append(f'<p class="part">{html.escape(chapter.part)}</p>')
            parts.append("<ol>")
            current = chapter.part
        parts.append(f'<li><span class="num">{html.escape(chapter.number or "")}</span>'
                     f'<a href="#{chapter.key}" data-chapter="{chapter.key}">'
                     f"{html.escape(chapter.title or chapter.doc)}</a></li>")
    parts.append("</ol>")
    return '<section class="pdf-contents"><h1>Contents</h1>' + "".join(parts) + "</section>"


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


# Runs in the first chapter's page: replaces its article with the title page, the contents and
# every chapter's article in order. Ids get the chapter's key in front (they repeat across
# chapters); links to a page of the book become links inside the document, links to other
# files of the site (search, sources, downloads) are dropped, addresses of images are made
# absolute. Returns each chapter's title (its h1) for the contents.
_JOIN = r"""async ({chapters, front, css, title}) => {
  const article = document.querySelector('article.bd-article, article');
  const address = (c) => new URL('/' + c.doc + '.html', location.origin);
  const keys = new Map(chapters.map(c => [address(c).pathname, c.key]));
  const idrefs = ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls'];
  const join = async (c) => {
    const url = address(c);
    const response = await fetch(url);
    if (!response.ok) throw new Error(c.doc + '.html: HTTP ' + response.status);
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const own = page.querySelector('article.bd-article, article');
    if (!own) throw new Error(c.doc + '.html: no <article>');
    const section = document.createElement('section');
    section.className = 'pdf-chapter';
    section.id = c.key;
    section.append(...own.childNodes);
    section.querySelectorAll('.headerlink, script').forEach(e => e.remove());
    for (const el of section.querySelectorAll('[id]')) el.id = c.key + '--' + el.id;
    for (const name of idrefs)
      for (const el of section.querySelectorAll('[' + name + ']'))
        el.setAttribute(name, el.getAttribute(name).split(/\s+/)
                                .map(i => c.key + '--' + i).join(' '));
    for (const a of section.querySelectorAll('a[href]')) {
      const to = new URL(a.getAttribute('href'), url);
      if (to.origin !== location.origin) { a.href = to.href; continue; }
      const key = keys.get(to.pathname);
      if (!key) { a.removeAttribute('href'); continue; }
      const id = to.hash ? '--' + decodeURIComponent(to.hash.slice(1)) : '';
      a.setAttribute('href', '#' + key + id);
    }
    for (const el of section.querySelectorAll('[src]'))
      el.setAttribute('src', new URL(el.getAttribute('src'), url).href);
    section.querySelectorAll('[srcset]').forEach(e => e.removeAttribute('srcset'));
    section.querySelectorAll('img').forEach(i => { i.loading = 'eager'; });
    section.querySelectorAll('details.sd-dropdown').forEach(d => { d.open = true; });
    for (const cell of section.querySelectorAll('td, th'))  // long names and addresses wrap
      if (/\S{16,}/.test(cell.textContent)) cell.classList.add('pdf-long-words');
    for (const h of section.querySelectorAll('h1, h2, h3, h4, h5, h6')) {  // see pre-wrap
      const texts = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
      while (texts.nextNode()) {
        const text = texts.currentNode;
        text.data = text.data.replace(/\s+/g, ' ');
      }
      h.normalize();
      const [first, last] = [h.firstChild, h.lastChild];
      if (first && first.nodeType === Node.TEXT_NODE) first.data = first.data.trimStart();
      if (last && last.nodeType === Node.TEXT_NODE) last.data = last.data.trimEnd();
    }
    const h1 = section.querySelector('h1');
    if (h1 && c.number) {
      const kicker = document.createElement('p');
      kicker.className = 'pdf-chapter-number';
      kicker.textContent = 'Chapter ' + c.number;
      h1.before(kicker);
    }
    return {section, title: h1 ? h1.textContent.trim() : c.doc};
  };
  const joined = await Promise.all(chapters.map(join));
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  document.title = title;
  article.replaceChildren();
  article.insertAdjacentHTML('beforeend', front);
  for (const [i, {section, title}] of joined.entries()) {
    const entry = article.querySelector('[data-chapter="' + chapters[i].key + '"]');
    if (entry) entry.textContent = title;
    article.append(section);
  }
  await Promise.all([...document.images].map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  await document.fonts.ready;
  return joined.map(j => j.title);
}"""


# Runs in print layout, at the width of the text column: what sticks out of it, by chapter.
_OVERFLOW = """() => {
  const article = document.querySelector('article.bd-article, article');
  const right = article.getBoundingClientRect().right;
  const wide = [];
  for (const el of article.querySelectorAll('table, pre, img, figure, svg, .cell_output > *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > right + 1) {
      const chapter = el.closest('.pdf-chapter');
      const caption = el.querySelector('caption, figcaption');
      wide.push((chapter ? chapter.id + ': ' : '') + el.tagName.toLowerCase() +
                (el.id ? '#' + el.id : '') +
                (caption ? ' (' + caption.textContent.trim().slice(0, 60) + ')' : ''));
    }
  }
  if (!wide.length && document.documentElement.scrollWidth > window.innerWidth + 1)
    wide.push('the page itself');
  return wide;
}"""


async def _print_book(html_dir: Path, chapters: list[Chapter], meta: dict[str, str],
                      checked_on: dt.date, column_mm: float) -> tuple[bytes, list[str], list[str]]:
    """Join the chapters into one document and print it; return (PDF, too wide, blocked)."""
    try:
        from playwright.async_api import async_playwright
    except ImportError as err:  # pragma: no cover - the venv has it
        raise PdfError("playwright is not installed in this Python: run `make venv`") from err

    blocked: list[str] = []  # the book is printed offline: nothing leaves the machine

    with serve(html_dir) as base:
        async with async_playwright() as p:
            try:
                browser = await p.chromium.launch(executable_path=CHROMIUM,
                                                  args=[*CHROMIUM_ARGS, *OFFLINE_ARGS])
            except Exception as err:
                raise PdfError(f"cannot start Chromium at {CHROMIUM}: {err}") from err
            try:
                # As wide as the printed text column, so that what is measured in print layout
                # (_OVERFLOW) is what gets printed.
                context = await browser.new_context(
                    viewport={"width": round(column_mm / 25.4 * 96), "height": 900})
                context.on("request", lambda r: REMOTE.match(r.url) and blocked.append(r.url))
                page = await context.new_page()
                first = chapters[0].doc
                response = await page.goto(f"{base}/{first}.html", wait_until="load")
                if response is None or not response.ok:
                    raise PdfError(f"{html_dir / first}.html: could not be loaded "
                                   f"(HTTP {response and response.status})")
                front = title_page_html(meta, checked_on) + contents_html(chapters)
                try:
                    titles = await page.evaluate(_JOIN, {
                        "chapters": [{"doc": c.doc, "key": c.key, "number": c.number}
                                     for c in chapters],
                        "front": front, "css": _BOOK_CSS, "title": meta["title"]})
                except Exception as err:
                    raise PdfError(f"{html_dir}: joining the chapters failed: {err}") from err
                for chapter, title in zip(chapters, titles, strict=True):
                    chapter.title = title
                await page.emulate_media(media="print")
                too_wide = await page.evaluate(_OVERFLOW)
                # Margins, page size and page numbers come from the page's CSS (@page).
                printed = await page.pdf(prefer_css_page_size=True, print_background=True,
                                         outline=True, tagged=True)
            finally:
                await browser.close()
    if blocked:
        print(f"alliances.presentation.pdf: blocked {len(blocked)} request(s) leaving the "
              f"machine, e.g. {blocked[0]}", file=sys.stderr)
    return printed, too_wide, blocked


def _finish(printed: bytes, chapters: list[Chapter], meta: dict[str, str]) -> tuple[bytes, int]:
    """Read where each chapter starts and add the document information Chromium cannot set.

    Sets each chapter's ``start`` (page from 1) from the PDF, where the contents' link to it
    leads, and adds author, subject and keywords. Returns the PDF and its page count. qpdf
    (through pikepdf) writes the document again with every page, bookmark and structure
    element as Chromium printed it.
    """
    try:
        import pikepdf
    except ImportError as err:  # pragma: no cover - the venv has it
        raise PdfError("pikepdf is not installed in this Python: run `make venv`") from err

    with pikepdf.open(io.BytesIO(printed)) as document:
        dests = document.Root.get("/Dests", pikepdf.Dictionary())
        for chapter in chapters:
            dest = dests.get(f"/{chapter.key}")
            if dest is None:
                raise PdfError(f"the printed PDF has no destination for {chapter.doc} "
                               "(the contents' link to it)")
            chapter.start = pikepdf.Page(dest[0]).index + 1
        document.docinfo["/Title"] = meta["title"]
        document.docinfo["/Author"] = f"{meta['author']}, after {THESIS['author']}"
        document.docinfo["/Subject"] = f"{SUBTITLE}. {thesis_credit()}"
        document.docinfo["/Keywords"] = ("NATO; CSTO; Collective Security Treaty Organization; "
                                         f"{THESIS['author']}; {THESIS['supervisor']}; "
                                         "University of Iceland")
        document.docinfo["/Creator"] = "alliances.presentation.pdf (Chromium)"
        pages = len(document.pages)
        buffer = io.BytesIO()
        document.save(buffer, deterministic_id=True)
    return buffer.getvalue(), pages


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
        ``too_wide`` (elements cut at the page's edge, as "chapter: element"; empty when all
        fits), ``blocked`` (requests that would have left the machine) and ``seconds``.

    Raises
    ------
    PdfError
        If the built book, a page of it, its print stylesheet, or Chromium is missing.
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
    missing = [f"{c.doc}.html" for c in chapters if not (html_dir / f"{c.doc}.html").is_file()]
    if missing:
        raise PdfError(f"{html_dir}: page(s) of _toc.yml not built: {', '.join(missing)} "
                       "(run make book)")
    print_css = html_dir / "_static" / "print.css"
    if not print_css.is_file():
        raise PdfError(f"{print_css} not found: rebuild the book (make book)")
    column_mm = column_width_mm(print_css.read_text(encoding="utf-8"))
    number_chapters(chapters)
    from alliances.measures.membership import EVENTS_CHECKED_ON

    meta = book_metadata(root)
    # A thread of its own, so that this also works where an event loop is running (in a
    # notebook, or beside Playwright's sync API in the tests).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        printed, too_wide, blocked = pool.submit(asyncio.run, _print_book(
            html_dir, chapters, meta, EVENTS_CHECKED_ON, column_mm)).result()
    printed, pages = _finish(printed, chapters, meta)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    partial.write_bytes(printed)
    partial.replace(out)
    for line in too_wide:
        print(f"alliances.presentation.pdf: wider than the page, cut at its edge: {line}",
              file=sys.stderr)
    return {"path": out, "pages": pages,
            "chapters": [(c.label, c.start) for c in chapters], "too_wide": too_wide,
            "blocked": blocked, "seconds": time.perf_counter() - began}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m alliances.presentation.pdf [--html DIR] [--out FILE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m alliances.presentation.pdf",
        description="Print the built HTML book (make book) into one PDF, offline.")
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML,
                        help="the built book (default: _build/html)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="the PDF to write (default: _build/pdf/never-the-twain.pdf)")
    args = parser.parse_args(argv)
    try:
        result = build_pdf(args.html, args.out)
    except PdfError as err:
        print(f"alliances.presentation.pdf: {err}", file=sys.stderr)
        return 1
    path = result["path"]
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(Path.cwd())
    print(f"{path}: {result['pages']} pages, {len(result['chapters'])} chapters, "
          f"{result['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
