"""The rendered book, as a reader's browser sees it."""

from __future__ import annotations

from itertools import pairwise
from urllib.parse import unquote, urljoin, urlparse

import pytest

from alliances.presentation import chapter
from alliances.presentation.pdf import serve

from .conftest import AXE, HTML, REQUIRED, ROOT, Tab, toc_pages

PAGES = [*toc_pages(), "search"]
#: WCAG 2.1 A and AA rules of axe-core; findings of these impacts fail the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAIL = ("serious", "critical")
AXE_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
#: Viewport widths every page is checked at: a laptop and a phone.
WIDTHS = (1280, 390)
#: Tallest full-page screenshot taken (px); JPEG stops at 65,535.
MAX_SHOT = 30000


def declared_figures(doc: str) -> list[str]:
    """Names of the figures a chapter's notebook declares (empty for pages in book/)."""
    return chapter.declared_figures(doc)

# Runs in the page: every fact the checks below need, in one round trip.
PROBE = """() => {
  const main = document.querySelector('main') || document.body;
  const imgs = [...main.querySelectorAll('img')].map(i => ({
      src: i.getAttribute('src'), alt: (i.getAttribute('alt') || '').trim(),
      ok: i.complete && i.naturalWidth > 0 && i.naturalHeight > 0}));
  const heads = [...main.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]));
  const tables = [...main.querySelectorAll('table')].map(t => t.querySelectorAll('th').length);
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  const figures = [...main.querySelectorAll('figure[id]')].map(f => f.id);
  const captions = [...main.querySelectorAll('figure')]
      .map(f => ((f.querySelector('figcaption') || {}).innerText || '').trim());
  const boxes = [...main.querySelectorAll('.reader-table-scroll')].map(b => ({
      caption: (b.querySelector('caption') || {}).innerText || '',
      overflow: b.scrollWidth - b.clientWidth}));
  const page = document.documentElement.scrollWidth;
  return {imgs, heads, tables, links, figures, captions, boxes, page, text: main.innerText};
}"""


def _visit(browser, url, width=1280):
    """Open ``url`` in a tab of its own; return the page, response, problems, external."""
    tab = Tab(browser, width)
    response = tab.open(url)
    return tab.page, response, tab.problems, tab.external


def _screenshot(page, shot, width: int) -> None:
    """Save the whole page as a JPEG; a JPEG is at most 65,535 px tall, so a longer page
    (the bibliography on a phone) is shot down to MAX_SHOT."""
    tall = page.evaluate("document.documentElement.scrollHeight")
    # full_page also for the clipped shot: without it, the clip stops at the window's bottom
    page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70,
                    **({} if tall <= MAX_SHOT else
                       {"clip": {"x": 0, "y": 0, "width": width, "height": MAX_SHOT}}))
    assert shot.stat().st_size > 0, f"no screenshot at {shot}"


@pytest.fixture(scope="session")
def axe_script():
    """Address of axe-core on a server of its own on 127.0.0.1, or None when not installed.

    Loaded by address, the script is cached by Chromium, compiled code included, from one page
    to the next; handed over as text (``add_script_tag(path=...)``) it was sent and compiled
    again on each of the 52 visits: about 5 CPU-seconds instead of 1.7.
    """
    if not AXE.is_file():
        yield None
        return
    with serve(AXE.parent) as base:
        yield f"{base}/{AXE.name}"


@pytest.fixture(scope="session")
def visit(browser, site, screenshots, axe_script):
    """``visit(doc, width)``: what the browser saw of a page at a width, loaded once.

    Every check of a page at a width reads the one visit (the page's facts, its images' boxes,
    its reader tables, the axe-core findings), so each page is loaded and laid out once per
    width, however many checks read it; all pages at a width are opened in one :class:`Tab`.
    """
    seen: dict[tuple[str, int], dict] = {}
    tabs: dict[int, Tab] = {}

    def look(doc: str, width: int) -> dict:
        if (doc, width) not in seen:
            if width not in tabs:
                tabs[width] = Tab(browser, width)
            seen[doc, width] = _look(tabs[width], f"{site}/{doc}.html", doc, width,
                                     screenshots, axe_script)
        return seen[doc, width]

    yield look
    for tab in tabs.values():
        tab.close()


def _look(tab: Tab, url: str, doc: str, width: int, screenshots, axe_script) -> dict:
    response = tab.open(url)
    page = tab.page
    seen = {"status": response and response.status, "ok": bool(response and response.ok),
            "facts": page.evaluate(PROBE), "images": page.evaluate(ASPECTS),
            "tables": page.evaluate(TABLE_CELLS), "findings": []}
    if axe_script:  # last: it adds a script to the page
        page.add_script_tag(url=axe_script)
        seen["findings"] = [v for v in page.evaluate(AXE_RUN, AXE_TAGS)
                            if v["impact"] in AXE_FAIL]
    if screenshots is not None:
        _screenshot(page, screenshots / f"{doc.replace('/', '_')}_{width}.jpg", width)
    seen["problems"], seen["external"] = list(tab.problems), list(tab.external)
    return seen


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("doc", PAGES)
def test_page(visit, site, doc, width):
    seen = visit(doc, width)
    assert seen["ok"], f"{doc}: HTTP {seen['status']}"
    problems, findings, facts, external = (seen["problems"], seen["findings"], seen["facts"],
                                           seen["external"])
    assert not problems, problems
    assert not findings, f"{doc} at {width} px: accessibility findings: " + "; ".join(
        f"{v['id']} ({v['impact']}: {v['help']}) at {', '.join(v['nodes'])}" for v in findings)
    assert facts["page"] <= width, f"{doc}: the page scrolls sideways at {width} px"
    if width >= 1280:  # tables fit the text column; on a phone they scroll in their own box
        wide = [b["caption"] for b in facts["boxes"] if b["overflow"] > 1]
        assert not wide, f"{doc}: tables wider than the text column at {width} px: {wide}"
    missing = set(declared_figures(doc)) - set(facts["figures"])
    assert not missing, f"{doc}: figures of this chapter not on its page: {sorted(missing)}"
    if declared_figures(doc):  # every figure numbered and captioned
        assert all(c.startswith("Fig.") for c in facts["captions"]), (doc, facts["captions"])
    assert not external, f"requests leaving localhost: {external}"
    for img in facts["imgs"]:
        assert img["ok"], f"{doc}: image did not load: {img['src']}"
        assert len(img["alt"]) >= 20, f"{doc}: image without meaningful alt text: {img['src']}"
    heads = facts["heads"]
    assert heads and heads[0] == 1, f"{doc}: page does not start with one h1: {heads}"
    assert heads.count(1) == 1, f"{doc}: several h1: {heads}"
    assert all(b - a <= 1 for a, b in pairwise(heads)), \
        f"{doc}: heading levels skip: {heads}"
    assert all(n > 0 for n in facts["tables"]), f"{doc}: a table has no header cells"
    text = facts["text"]
    for placeholder in (".ipynb::", "{glue", "glue:text", "??"):
        assert placeholder not in text, f"{doc}: unrendered glue or reference {placeholder!r}"
    base = f"{site}/{doc}.html"
    for href in facts["links"]:
        target = urlparse(urljoin(base, href))
        if target.hostname != "127.0.0.1" or target.scheme not in ("http", "https"):
            continue
        path = HTML / unquote(target.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        assert path.is_file(), f"{doc}: broken internal link {href!r}"


def test_a_tab_reports_the_faults_of_the_page_it_opened_and_only_those(browser, tmp_path):
    """The checks above read a :class:`Tab`'s record; it must catch faults, page by page."""
    icon = '<link rel="icon" href="data:,">'  # else Chromium asks for /favicon.ico (a 404)
    (tmp_path / "bad.html").write_text(
        f'<!doctype html><title>bad</title>{icon}<img src="missing.png" alt="gone">'
        '<img src="https://example.org/x.png" alt="far"><script>console.error("boom");'
        'throw new Error("oops")</script>', encoding="utf-8")
    (tmp_path / "good.html").write_text(f"<!doctype html><title>good</title>{icon}<p>fine</p>",
                                        encoding="utf-8")
    with serve(tmp_path) as url:
        tab = Tab(browser)
        try:
            assert tab.open(f"{url}/good.html").ok and not tab.problems
            tab.open(f"{url}/bad.html")
            bad = (list(tab.problems), list(tab.external))
            tab.open(f"{url}/good.html")
            good = (tab.problems, tab.external)
        finally:
            tab.close()
    problems, external = bad
    assert any("boom" in p for p in problems), problems
    assert any("oops" in p for p in problems), problems
    assert any("404" in p for p in problems), problems
    assert external == ["https://example.org/x.png"]
    assert "request failed: https://example.org/x.png" in problems  # it never left
    assert good == ([], [])


def test_axe_is_installed():
    """The accessibility checks in test_page need axe-core (make browser-deps)."""
    if not AXE.is_file():
        if REQUIRED:
            pytest.fail(f"{AXE} not found: run `make browser-deps`")
        pytest.skip(f"{AXE} not found: accessibility checks skipped (make browser-deps)")


def test_every_figure_is_on_a_chapter_page():
    declared = [name for doc in PAGES for name in declared_figures(doc)]
    assert len(declared) >= 20, declared
    assert len(declared) == len(set(declared)), "a figure name is used twice"
    assert not list((ROOT / "book").glob("*.ipynb")), "notebooks belong in notebooks/"


def test_search_finds_tajikistan(browser, site):
    page, _, problems, _ = _visit(browser, f"{site}/search.html?q=Tajikistan")
    try:
        page.wait_for_selector("#search-results li, ul.search li", timeout=15000)
        hits = page.evaluate("""() => [...document.querySelectorAll(
            '#search-results li a, ul.search li a')].map(a => a.getAttribute('href'))""")
    finally:
        page.close()
    assert not problems, problems
    assert any("geography" in h for h in hits), hits


def test_every_claim_links_to_an_anchor_in_the_built_book():
    """Each row of the claims ledger links to the sentence of the book that discusses it."""
    from alliances.measures import claims

    if not (HTML / "index.html").is_file():
        pytest.skip("no built book")
    broken = []
    for row in claims.ledger().itertuples():
        page, label = row.discussed_at.split("#")
        html = (HTML / f"{page}.html").read_text(encoding="utf-8")
        if f'id="{label}"' not in html:
            broken.append(f"{row.id} -> {row.discussed_at}")
    assert not broken, broken


# Runs in the page: each figure image's drawn box and its natural size (issue 20).
ASPECTS = """() => [...(document.querySelector('main') || document.body).querySelectorAll('img')]
  .filter(i => i.naturalWidth > 50 && i.offsetParent !== null)
  .map(i => { const b = i.getBoundingClientRect();
              const f = i.closest('figure');
              const scrolls = !!f && ['auto', 'scroll'].includes(getComputedStyle(f).overflowX);
              return {src: i.getAttribute('src'), nw: i.naturalWidth, nh: i.naturalHeight,
                      w: b.width, h: b.height, scrolls: scrolls,
                      frame: f ? f.getBoundingClientRect().right : b.right}; })"""
#: Narrowest a chart may be drawn on a phone (px): its smallest text stays legible (issue 20);
#: a wider chart scrolls sideways inside its figure frame.
PHONE_MIN_WIDTH = 540
#: Largest departure allowed between a figure's drawn and natural height/width ratio.
ASPECT_TOLERANCE = 0.02


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("doc", PAGES)
def test_figures_keep_their_proportions(visit, doc, width):
    """Every image is drawn with its natural aspect, at a laptop's and a phone's width.

    The figures are 2x PNGs whose display size docutils wrote as an inline style that beat
    ``height: auto``: narrowed to the column, they kept their height and were stretched.
    """
    seen = visit(doc, width)
    assert seen["ok"], f"{doc}: HTTP {seen['status']}"
    boxes = seen["images"]
    bad = []
    for img in boxes:
        if not img["w"]:
            continue
        factor = (img["h"] / img["w"]) / (img["nh"] / img["nw"])
        if abs(factor - 1) > ASPECT_TOLERANCE:
            bad.append(f"{img['src']}: drawn {factor:.2f}x its natural height/width")
        if img["w"] > width:  # only inside a frame that scrolls and itself fits the screen
            assert img["scrolls"] and img["frame"] <= width, (
                f"{doc}: {img['src']} wider than the screen, outside a scrolling frame")
        if width < 600 and img["nw"] >= 2 * PHONE_MIN_WIDTH:  # a chart, not an icon
            assert img["w"] >= PHONE_MIN_WIDTH - 1, (
                f"{doc}: {img['src']} drawn {img['w']:.0f} px wide on a phone: text too small")
    assert not bad, f"{doc} at {width} px: " + "; ".join(bad)


# Runs in the page: where each reader table's cells end up on screen.
TABLE_CELLS = """() => [...document.querySelectorAll('main table.reader')].map(t => ({
  caption: (t.querySelector('caption') || {}).innerText || '',
  stacked: getComputedStyle(t).display === 'block',
  right: Math.max(...[...t.querySelectorAll('td')].map(c => c.getBoundingClientRect().right)),
  labelled: [...t.querySelectorAll('td')].every(c => c.dataset.label !== undefined),
  columns: t.querySelectorAll('thead th').length}))"""


@pytest.mark.parametrize("doc", ["notebooks/claims", "notebooks/nato", "notebooks/cooperation",
                                 "notebooks/data"])
def test_tables_on_a_phone_show_every_column(visit, doc):
    """At 390 px a table of four columns or more is read as stacked rows: every cell, the key
    column included (the verdict, % of GDP), lies inside the screen, under its header."""
    tables = visit(doc, 390)["tables"]
    wide = [t for t in tables if t["columns"] >= 4]
    assert wide, f"{doc}: no table of four columns or more"
    for t in wide:
        assert t["stacked"] and t["labelled"], t["caption"]
        assert t["right"] <= 390, f"{doc}: {t['caption']!r} runs off the screen"


def test_identifiers_break_only_between_tokens():
    """The data page lets paths and identifiers wrap after _ / . only, never inside a token."""
    if not (HTML / "index.html").is_file():
        pytest.skip("no built book")
    page = (HTML / "notebooks" / "data.html").read_text(encoding="utf-8")
    assert "sipri_<wbr>milex_<wbr>" in page
    css = (ROOT / "_static" / "book.css").read_text(encoding="utf-8")
    assert "td.code { overflow-wrap: normal" in css
