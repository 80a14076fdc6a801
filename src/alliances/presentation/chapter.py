"""Presenting the package's results in the book's notebooks.

The chapters of the book are notebooks; these helpers keep their code short and
their output made for readers:

- :func:`setup_notebook` applies the figure format (sharp PNGs at twice the pixel
  density) and the table options, once, at the top of a chapter, and
  :func:`chapter_parameters` resolves the values of its parameters cell;
- :func:`glue_values` registers many rounded numbers for the prose in one call;
- :func:`reader_table` turns a data frame into a table for reading: human headers
  with units, thousands separators, sensible decimals, no 0…n index, a caption and
  a source line, and a box that scrolls sideways on a narrow screen;
- :func:`verdict_badge` marks a claim's verdict with a colour *and* a word;
- :func:`data_link` and :func:`data_links` offer a figure's data as CSV downloads.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from pandas.io.formats.style import Styler

from alliances import io
from alliances.measures import claims, membership
from alliances.paths import ROOT

if TYPE_CHECKING:
    from IPython.display import HTML

#: The one marker of a missing value in the book's tables (explained under each table).
MISSING = "—"

#: Symbol, CSS class and short label of each verdict of the claims ledger.
VERDICT_BADGES = {
    "holds": ("✓", "holds", "holds"),
    "roughly holds": ("≈", "roughly", "roughly holds"),
    "different definition": ("↔", "definition", "different definition"),
    "does not hold": ("✗", "fails", "does not hold"),
    "cannot be checked": ("?", "unchecked", "cannot be checked"),
}


def setup_notebook() -> None:
    """Apply the book's figure and table settings in a running notebook.

    Figures are rendered as PNG at twice the pixel density of their displayed size, so they
    stay sharp on high-DPI screens (they carry the book's style themselves:
    :class:`alliances.presentation.plotting.StyledFigure`). Outside IPython only the table
    options apply.
    """
    pd.set_option("display.max_colwidth", None)
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def glue_values(values: Mapping[str, object]) -> None:
    """Register each value under its key for ``{glue:text}`` roles, without displaying it.

    Round numbers before gluing them: nbval compares the stored text of each value.
    """
    from myst_nb import glue

    for key, value in values.items():
        glue(key, value, display=False)


@dataclass(frozen=True)
class ReaderTable:
    """A table rendered for readers (HTML) and for a terminal (plain text).

    Attributes
    ----------
    styler : pandas.io.formats.style.Styler
        The formatted table.
    caption : str
        What the table shows, with units where one unit applies to all columns.
    source : str
        Where the numbers come from.
    name : str
        Identifier of the table in the page (used as the HTML id).
    """

    styler: Styler
    caption: str
    source: str
    name: str

    def _repr_html_(self) -> str:
        caption = html.escape(self.caption)
        table = label_cells(self.styler.to_html())
        return ('<div class="reader-table">'
                f'<div class="reader-table-scroll" role="region" tabindex="0" '
                f'aria-label="{caption}">{table}</div>'
                f'<p class="reader-table-source">Source: {html.escape(self.source)}</p></div>')

    def __repr__(self) -> str:
        lines = self.styler.to_string(delimiter="\x1f").splitlines()
        rows = [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in line.split("\x1f")]
                for line in lines if line]
        text = pd.DataFrame(rows[1:], columns=rows[0]).to_string(index=False)
        return f"{self.caption}\n{text}\nSource: {self.source}"


#: Tables with this many columns or more are read as stacked rows on a phone (book.css).
STACK_COLUMNS = 4


def label_cells(table: str) -> str:
    """Give each data cell of a Styler table its column's header as ``data-label``.

    On a phone (book.css) a table of :data:`STACK_COLUMNS` columns or more is shown as
    stacked rows, one block per row, each cell preceded by its header: every column, the key
    one included (the verdict in the ledger, % of GDP), stays in view without scrolling.

    Examples
    --------
    >>> label_cells('<th class="col_heading level0 col0" >Year</th>'
    ...             '<td class="data row0 col0" >2011</td>').split("</th>")[1]
    '<td class="data row0 col0" data-label="Year">2011</td>'
    """
    heads = {m[1]: html.unescape(re.sub(r"<[^>]+>", "", m[2])) for m in re.finditer(
        r'<th class="col_heading level0 col(\d+)[^"]*" >(.*?)</th>', table, flags=re.S)}
    if len(heads) >= STACK_COLUMNS:
        table = re.sub(r'(<table\b[^>]*class=")reader', r"\1reader stack", table, count=1)
    return re.sub(r'(<td class="data row\d+ col(\d+)[^"]*") >',
                  lambda m: f'{m[1]} data-label="{html.escape(heads.get(m[2], ""))}">', table)


def break_points(text: str) -> str:
    """Allow an identifier or path to wrap only after ``_``, ``/`` or ``.``, never mid-token.

    Examples
    --------
    >>> break_points("sipri_milex_2025 data/sources.csv")
    'sipri_<wbr>milex_<wbr>2025 data/<wbr>sources.<wbr>csv'
    """
    return re.sub(r"([_/.])(?=\w)", r"\1<wbr>", text)


#: Cells longer than this (characters) mark a column as prose, kept wider on a phone.
PROSE_CELL = 80
#: Text columns whose cells are all this short never wrap (years, names, short dates).
SHORT_CELL = 16
#: A word longer than this (a path, an address, an identifier) may break anywhere.
LONG_WORD = 24


def column_kind(values: pd.Series, *, html: bool = False) -> str:
    """Return how a text column of a reader table may wrap, as CSS classes (book.css).

    ``"short"``: every cell is short, so the column never wraps and is never squeezed;
    ``"prose"``: long text, kept at a reading width on a phone; ``"code"``: it holds words
    too long for a column (paths, addresses, identifiers), which may break anywhere;
    ``""``: ordinary text, wrapped between words. HTML cells are judged by their text.

    Examples
    --------
    >>> column_kind(pd.Series(["2011", "Georgia"]))
    'short'
    >>> column_kind(pd.Series(["see data/membership/events.csv"]))
    'code'
    >>> column_kind(pd.Series(["x " * 50]))
    'prose'
    """
    text = values.dropna().astype(str)
    if text.empty:  # nothing but missing values: the marker never wraps
        return "short"
    if html:
        text = text.str.replace(r"<[^>]+>", " ", regex=True)
    lengths = text.str.len()
    kinds = []
    if lengths.max() <= SHORT_CELL:
        kinds.append("short")
    if lengths.max() > PROSE_CELL:
        kinds.append("prose")
    if text.str.split().explode().str.len().max() > LONG_WORD:
        kinds.append("code")
    return " ".join(kinds)


def reader_table(frame: pd.DataFrame, *, columns: Mapping[str, str], caption: str, source: str,
                 name: str, decimals: Mapping[str, int] | None = None,
                 html_columns: tuple[str, ...] = (), na_rep: str = MISSING,
                 missing_note: str = "no figure") -> ReaderTable:
    """Return ``frame`` as a table made for reading.

    Parameters
    ----------
    frame : pandas.DataFrame
        The data. Its index is not shown; reset it first if it carries information.
    columns : mapping of str to str
        Column to show -> its header, in display order (units in the header, e.g.
        ``"Spending (US$ bn, constant 2023)"``). Other columns are dropped.
    caption : str
        One line saying what the table shows.
    source : str
        Where the numbers come from, shown under the table.
    name : str
        HTML id of the table, fixed so that the output is the same on every run.
    decimals : mapping of str to int, optional
        Number of decimals per numeric column; numbers get thousands separators and are
        right-aligned. Integer columns need no entry.
    html_columns : tuple of str
        Columns whose cells are trusted HTML (e.g. :func:`verdict_badge`), not escaped.
    na_rep : str
        What to show for a missing value: by default the book's one marker, "—", explained
        under the table ("— no figure") when the table shows it.
    missing_note : str
        What the marker means in this table.

    Returns
    -------
    ReaderTable
        Displays as HTML in a notebook or the book, as aligned text elsewhere.

    Examples
    --------
    >>> t = reader_table(pd.DataFrame({"iso3": ["USA"], "m": [1234.56]}),
    ...                  columns={"iso3": "State", "m": "Spending (US$ m)"},
    ...                  decimals={"m": 0}, caption="Spending.", source="SIPRI.",
    ...                  name="tbl-demo")
    >>> print(t)
    Spending.
    State Spending (US$ m)
      USA            1,235
    Source: SIPRI.
    """
    decimals = dict(decimals or {})
    shown = frame.loc[:, list(columns)].reset_index(drop=True)
    numeric = [c for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c])
               and not pd.api.types.is_bool_dtype(shown[c])]
    kinds = {c: column_kind(shown[c], html=c in html_columns) for c in shown.columns
             if c not in numeric}
    formats = {}
    for column in shown.columns:
        if column in numeric:
            formats[column] = f"{{:,.{decimals.get(column, 0)}f}}"
        elif column not in html_columns and "code" in kinds[column]:
            formats[column] = lambda v: break_points(html.escape(str(v)))
        elif column not in html_columns:
            formats[column] = lambda v: html.escape(str(v))
    styler = (Styler(shown, uuid=name, cell_ids=False)
              .hide(axis="index")
              .format(formats, na_rep=na_rep)
              .relabel_index([columns[c] for c in shown.columns], axis="columns"))
    if numeric:
        styler = styler.set_table_styles(
            {c: [{"selector": "td", "props": "text-align: right; white-space: nowrap;"},
                 {"selector": "th", "props": "text-align: right;"}] for c in numeric},
            overwrite=False)
    if any(kinds.values()):  # how each text column may wrap (book.css)
        styler = styler.set_td_classes(pd.DataFrame(
            {c: [kinds.get(c, "")] * len(shown) for c in shown.columns}, index=shown.index))
    styler = styler.set_table_attributes('class="reader"').set_caption(html.escape(caption))
    if na_rep == MISSING and shown.isna().to_numpy().any():
        source = f"{source.rstrip()} {MISSING} {missing_note}."
    return ReaderTable(styler=styler, caption=caption, source=source, name=name)


def institutions_table(frame: pd.DataFrame, *, caption: str, source: str,
                       name: str) -> ReaderTable:
    """Return the institutional comparison as a table: one row per aspect, one column per body.

    Each cell gives the organisation's first record (2011) and, below it, only what a later
    record changed, with that record's year; nothing is repeated. Aspects a body has no
    record of show the book's missing-value marker.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`alliances.measures.institutions.side_by_side`.
    caption, source, name : str
        As for :func:`reader_table`.

    Examples
    --------
    >>> from alliances.measures import institutions
    >>> t = institutions_table(institutions.side_by_side(), caption="c.", source="s.",
    ...                        name="tbl-demo")
    >>> "Changed by 2022" in t._repr_html_()
    True
    """
    cells = {}
    for org in ("nato", "csto"):
        column = []
        for row in frame.to_dict("records"):
            first = row[f"{org}_first"]
            if pd.isna(first):
                column.append(MISSING)
                continue
            text = _fold(str(first))
            if row[f"{org}_first_year"] != FIRST_YEAR:
                text = f"{row[f'{org}_first_year']}: {text}"
            if not pd.isna(row[f"{org}_later"]):
                text += (f'<span class="inst-later"><strong>Changed by '
                         f'{row[f"{org}_later_year"]}:</strong> '
                         f"{html.escape(str(row[f'{org}_later']))}</span>")
            column.append(text)
        cells[org] = column
    shown = pd.DataFrame({"aspect": frame["aspect"], "nato": cells["nato"],
                          "csto": cells["csto"]})
    table = reader_table(shown, columns={"aspect": "Aspect", "nato": f"NATO, {FIRST_YEAR}",
                                         "csto": f"CSTO, {FIRST_YEAR}"},
                         html_columns=("nato", "csto"), caption=caption, source=source,
                         name=name)
    styler = table.styler.set_table_attributes('class="reader institutions"')
    return ReaderTable(styler=styler, caption=caption, source=source, name=name)


#: The year of the thesis, the first year of the institutional comparison.
FIRST_YEAR = 2011
#: A cell of the institutions table longer than this (characters) shows its start and folds
#: the rest into a block the reader opens (printed open).
LONG_CELL = 500


def _fold(text: str, keep: int = 160) -> str:
    """Escape ``text``; if it is long, keep its first items and fold the rest away.

    Examples
    --------
    >>> _fold("short")
    'short'
    >>> folded = _fold("; ".join(f"operation {i}" for i in range(60)))
    >>> folded.startswith("operation 0; ") and "<details" in folded
    True
    """
    if len(text) <= LONG_CELL:
        return html.escape(text)
    cut = text.find("; ", keep)
    if cut < 0:
        return html.escape(text)
    rest = text[cut + 2:]
    return (f'{html.escape(text[:cut])}; <details class="inst-more"><summary>and '
            f"{rest.count('; ') + 1} more</summary>{html.escape(rest)}</details>")


def verdict_badge(verdict: str) -> str:
    """Return the HTML badge of a claim's verdict: a symbol and the word, on a colour.

    The colour is never the only carrier: each badge also shows a symbol and the
    verdict in words, so it reads the same in greyscale and for colour-blind readers.

    Examples
    --------
    >>> verdict_badge("holds")
    '<span class="verdict verdict-holds">✓ holds</span>'
    """
    symbol, css, label = VERDICT_BADGES[verdict]
    return f'<span class="verdict verdict-{css}">{symbol} {label}</span>'


@dataclass(frozen=True)
class Note:
    """A short note shown in place of an empty table."""

    text: str

    def _repr_html_(self) -> str:
        return f'<p class="reader-table-empty">{html.escape(self.text)}</p>'

    def __repr__(self) -> str:
        return self.text


def reader_date(value: object) -> object:
    """Write an ISO date (``"1997-05-27"``) as readers do ("27 May 1997"); other values pass.

    Examples
    --------
    >>> reader_date("1997-05-27"), reader_date(4.9)
    ('27 May 1997', 4.9)
    """
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return membership.format_day(value)
    return value


def page_label(page: str) -> str:
    """Return how the book names one of its pages in a link: its title's first part.

    ``page`` is a path without suffix from the book's root, e.g. ``"notebooks/nato"``; the
    title is the page's first heading, shortened at its dash ("Part II — NATO: ..." gives
    "Part II"). The introduction is "the introduction".

    Examples
    --------
    >>> page_label("notebooks/nato"), page_label("book/conclusion")
    ('Part II', 'Conclusion')
    >>> page_label("notebooks/intro")
    'the introduction'
    """
    if page == "notebooks/intro":
        return "the introduction"
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, flags=re.MULTILINE).group(1)
    return title.split(" — ")[0].strip()


def ledger_table(ledger: pd.DataFrame, verdict: str, *, name: str) -> ReaderTable | Note:
    """Return the claims of one verdict from the claims ledger as a table for reading.

    Each row shows the claim in our words with what we found beneath it and a link to the
    book's sentence about it, the thesis's value with its section and lines, our value
    with its unit, the rule applied and our source, and the verdict as a badge. With no
    claim of that verdict, a one-line note says so.

    Parameters
    ----------
    ledger : pandas.DataFrame
        The ledger, from :func:`alliances.measures.claims.ledger`.
    verdict : str
        One of :data:`alliances.measures.claims.VERDICTS`.
    name : str
        HTML id of the table.

    Examples
    --------
    >>> from alliances.measures import claims
    >>> t = ledger_table(claims.ledger(), claims.HOLDS, name="tbl-demo")
    >>> t.caption.startswith("Claims that hold (")
    True
    """
    rows = ledger[ledger["verdict"] == verdict]
    if rows.empty:
        return Note(f"No claim has the verdict '{verdict}'.")
    claim, thesis, ours = [], [], []
    labels = {p: page_label(p) for p in rows["discussed_at"].str.split("#").str[0].unique()}
    for row in rows.itertuples():
        page, label = row.discussed_at.split("#")
        claim.append(f"<strong>{row.id}</strong> {html.escape(row.claim)}"
                     f'<span class="claim-note">{html.escape(row.explanation)} '
                     f'<a href="../{page}.html#{label}">Read in {html.escape(labels[page])}'
                     f"</a></span>")
        thesis.append(f"{html.escape(str(row.thesis_value))}"
                      f'<span class="claim-note">§ {html.escape(row.section)}, lines '
                      f"{html.escape(str(row.thesis_lines))}</span>")
        value = html.escape(claims.show_value(reader_date(row.ours), row.unit))
        source = f"; {html.escape(row.our_source)}" if row.our_source else ""
        ours.append(f'{value}<span class="claim-note">{html.escape(row.rule)}{source}</span>')
    captions = {"holds": "Claims that hold", "roughly holds": "Claims that roughly hold",
                "different definition": "Claims our source measures under another definition",
                "does not hold": "Claims that do not hold",
                "cannot be checked": "Claims that cannot be checked"}
    table = reader_table(
        rows.assign(claim_html=claim, thesis_html=thesis, ours_html=ours,
                    badge=rows["verdict"].map(verdict_badge)),
        columns={"claim_html": "Claim, what we found, and where the book discusses it",
                 "thesis_html": "The thesis says", "ours_html": "Our value, rule and source",
                 "badge": "Verdict"},
        html_columns=("claim_html", "thesis_html", "ours_html", "badge"),
        caption=f"{captions.get(verdict, verdict)} ({len(rows)}).",
        source="data/claims/claims.csv (each claim in our words, with the thesis's lines) and "
               "published.csv (published values, each with its source); our values computed by "
               "alliances.measures.claims.ledger().",
        name=name)
    # class "ledger": printed as a compact appendix, two columns of claims (print.css)
    return ReaderTable(styler=table.styler.set_table_attributes('class="reader ledger"'),
                       caption=table.caption, source=table.source, name=name)


def _csv_href(frame: pd.DataFrame | pd.Series) -> str:
    index = frame.index  # a default 0..n index carries nothing: leave it out of the download
    default = (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
               and index.name is None)
    text = frame.to_csv(lineterminator="\n", index=not default)
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode(
        "ascii")


def data_link(frame: pd.DataFrame | pd.Series, filename: str, label: str = "") -> HTML:
    """Return an HTML link that downloads ``frame`` as a CSV file (embedded as a data URI).

    The link works offline and needs no file beside the page. The CSV has Unix line
    endings, so the output is identical on every platform; a default ``0..n`` index is
    left out.

    Examples
    --------
    >>> link = data_link(pd.DataFrame({"a": [1]}), "x.csv")
    >>> link.data.startswith('<p class="figure-data"><a download="x.csv"')
    True
    >>> base64.b64decode(link.data.split("base64,")[1].split('"')[0]).decode().split()
    ['a', '1']
    """
    return data_links({filename: frame}, labels={filename: label} if label else None)


def data_links(files: dict[str, pd.DataFrame | pd.Series], *,
               labels: dict[str, str] | None = None) -> HTML:
    """Return one paragraph of CSV download links, one per file (a figure with several panels).

    Parameters
    ----------
    files : dict
        File name -> the data it holds.
    labels : dict, optional
        Link text by file name; by default "Download the data of this figure (<name>)".

    Examples
    --------
    >>> html = data_links({"a.csv": pd.Series([1]), "b.csv": pd.Series([2])}).data
    >>> html.count("<a download=")
    2
    """
    from IPython.display import HTML

    labels = labels or {}
    links = [f'<a download="{name}" href="{_csv_href(frame)}">'
             f'{labels.get(name) or f"Download the data of this figure ({name})"}</a>'
             for name, frame in files.items()]
    return HTML('<p class="figure-data">' + "<br>".join(links) + "</p>")


_NOT_GIVEN = object()


def chapter_parameters(thesis_date: str | dt.date, today: str | dt.date | None = None,
                       latest: int | object | None = _NOT_GIVEN) -> tuple:
    """Resolve the values of a chapter's parameters cell (dates, and the latest year if any).

    Parameters
    ----------
    thesis_date : str or datetime.date
        The thesis's vantage date (``THESIS_DATE``), an ISO date.
    today : str or datetime.date, optional
        "Today" (``TODAY``); None: the last check of the event table
        (:data:`alliances.measures.membership.EVENTS_CHECKED_ON`).
    latest : int, optional
        The latest spending year compared (``LATEST``); None: SIPRI's latest year in the
        data. Leave it out in a chapter without one.

    Returns
    -------
    tuple
        ``(thesis_date, today)`` as :class:`datetime.date`, and ``latest`` as an int when
        it was given.

    Examples
    --------
    >>> chapter_parameters("2011-09-01", "2024-03-07")
    (datetime.date(2011, 9, 1), datetime.date(2024, 3, 7))
    >>> _, today, latest = chapter_parameters("2011-09-01", None, 2020)
    >>> today == membership.EVENTS_CHECKED_ON, latest
    (True, 2020)
    """
    dates = (membership.parse_date(thesis_date),
             membership.parse_date(today) if today else membership.EVENTS_CHECKED_ON)
    if latest is _NOT_GIVEN:
        return dates
    return (*dates, int(latest) if latest else int(io.load_spending()["year"].max()))


#: How a chapter's text declares a figure: ``name: fig-...`` among a code cell's options.
FIGURE_NAME = re.compile(r"^\s*name: (fig-[\w-]+)", re.MULTILINE)


def declared_figures(page: str) -> list[str]:
    """Return the names of the figures a page of the book declares, in order.

    ``page`` is a path without suffix from the book's root (as :func:`page_label`); pages
    without computation (``book/...``) declare none.

    Examples
    --------
    >>> declared_figures("notebooks/claims"), declared_figures("book/conclusion")
    (['fig-claims-verdicts'], [])
    """
    path = ROOT / f"{page}.md"
    if not page.startswith("notebooks/") or not path.is_file():
        return []
    return FIGURE_NAME.findall(path.read_text(encoding="utf-8"))
