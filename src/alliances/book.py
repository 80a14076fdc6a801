"""Presenting the package's results in the book's notebooks.

The chapters of the book are notebooks; these helpers keep their code short and
their output made for readers:

- :func:`setup_notebook` applies the figure style (sharp PNGs at twice the pixel
  density) and the table options, once, at the top of a chapter;
- :func:`glue_values` registers many rounded numbers for the prose in one call;
- :func:`reader_table` turns a data frame into a table for reading: human headers
  with units, thousands separators, sensible decimals, no 0…n index, a caption and
  a source line, and a box that scrolls sideways on a narrow screen;
- :func:`verdict_badge` marks a claim's verdict with a colour *and* a word.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

from alliances import claims, plotting
from alliances.paths import ROOT

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

    Figures are drawn in the book's style (:func:`alliances.plotting.use_style`) and
    rendered as PNG at twice the pixel density of their displayed size, so they stay
    sharp on high-DPI screens. Outside IPython only the style is applied.
    """
    plotting.use_style()
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
        table = self.styler.to_html()
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
    text = values.astype(str)
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
                 html_columns: tuple[str, ...] = (), na_rep: str = "–") -> ReaderTable:
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
        What to show for a missing value.

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
    formats = {}
    for column in shown.columns:
        if column in numeric:
            formats[column] = f"{{:,.{decimals.get(column, 0)}f}}"
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
    kinds = {c: column_kind(shown[c], html=c in html_columns) for c in shown.columns
             if c not in numeric}
    if any(kinds.values()):  # how each text column may wrap (book.css)
        styler = styler.set_td_classes(pd.DataFrame(
            {c: [kinds.get(c, "")] * len(shown) for c in shown.columns}, index=shown.index))
    styler = styler.set_table_attributes('class="reader"').set_caption(html.escape(caption))
    return ReaderTable(styler=styler, caption=caption, source=source, name=name)


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
        day = pd.Timestamp(value)
        return f"{day.day} {day:%B %Y}"
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
        The ledger, from :func:`alliances.claims.ledger`.
    verdict : str
        One of :data:`alliances.claims.VERDICTS`.
    name : str
        HTML id of the table.

    Examples
    --------
    >>> from alliances import claims
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
    return reader_table(
        rows.assign(claim_html=claim, thesis_html=thesis, ours_html=ours,
                    badge=rows["verdict"].map(verdict_badge)),
        columns={"claim_html": "Claim, what we found, and where the book discusses it",
                 "thesis_html": "The thesis says", "ours_html": "Our value, rule and source",
                 "badge": "Verdict"},
        html_columns=("claim_html", "thesis_html", "ours_html", "badge"),
        caption=f"{captions.get(verdict, verdict)} ({len(rows)}).",
        source="data/claims/claims.csv (each claim in our words, with the thesis's lines) and "
               "published.csv (published values, each with its source); our values computed by "
               "alliances.claims.ledger().",
        name=name)
