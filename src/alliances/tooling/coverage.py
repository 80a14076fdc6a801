"""How much of the thesis the book retells, sub-section by sub-section.

A retelling passage opens with one marker, the empty MyST directive ``{retold}`` whose argument
is a thesis section id (rendered as a label by ``book/_ext/voice.py``)::

    ```{retold} 2.2.1
    ```

The older comment form ``% thesis: 2.2.1`` is still accepted. The passage runs to the next
heading, the next marker, or a ``% ours`` comment line, which opens our own material (what our
data shows, our reading). Only the retelling counts, so inside a passage these are skipped:

- every fenced block (code cells, admonitions such as "Our reading", figures, tables, glue
  figures, margins, any other directive) and the ``{retold}`` marker itself;
- every list item with its continuation lines: lists in the chapters sum up or enumerate
  what the surrounding prose has said, so lists are left out entirely rather than judged one
  by one;
- pipe tables, block quotes (quotations are the thesis's or others' words, not a retelling),
  MyST comments, targets ``(label)=`` and cell separators ``+++``.

Citations (``{cite:p}`key```) are dropped and a glued value counts as one word.

The sections are the thesis's sub-sections, each reported on its own (``SECTIONS``: id,
title, first and last line of ``thesis.txt``; a section's lines run from its heading to the
line before the next heading, so "2.2" is the preamble of 2.2 before 2.2.1 begins). Part II
has no text of its own between its heading and 2.1, so ``II`` is counted with 2.1.

``python -m alliances.tooling.coverage`` prints the table (thesis words, book words, share, where);
``--min 0.45`` also exits with status 1 if a sub-section is retold at under that share. The
thesis text is read from ``../shared/seed/thesis.txt`` beside the repository or from
``$ALLIANCES_THESIS``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from alliances.paths import ROOT

if TYPE_CHECKING:  # pandas is imported where a table is made: the book's build, which loads
    import pandas as pd  # this module for the {retold} labels (book/_ext/voice.py), never does

#: The thesis's sections and sub-sections (the abstracts aside): id, title as the thesis
#: heads it, first and last line of thesis.txt.
SECTIONS = [
    ("intro", "Introduction", 88, 253),
    ("purpose", "Purpose and research questions", 254, 381),
    ("method", "Methodological framework", 382, 518),
    ("I", "Theoretical approach", 519, 579),
    ("1.1", "Realism", 580, 777),
    ("1.1.1", "Cooperation and institutions in a realist world", 778, 947),
    ("1.2", "Neoliberal institutionalism", 948, 1041),
    ("1.2.1", "Cooperation and institutions in a neoliberal institutionalist world", 1042, 1128),
    ("1.3", "Social constructivism", 1129, 1309),
    ("1.3.1", "Cooperation and institutions in a social constructivist world", 1310, 1400),
    ("2.1", "Brief historical background", 1401, 1486),
    ("2.1.1", "The end of the Cold War and transformation of NATO's role", 1487, 1571),
    ("2.2", "NATO's eastern policy", 1572, 1619),
    ("2.2.1", "The Partnership for Peace", 1620, 1701),
    ("2.2.2", "The Founding Act and the Permanent Joint Council", 1702, 1769),
    ("2.2.3", "The NATO-Russia Council (NRC)", 1770, 1845),
    ("2.2.4", "NATO's expansion perceived as a threat by Russia", 1846, 1931),
    ("2.2.5", "Recent developments in NATO/US relations with Russia", 1932, 2056),
    ("2.3", "Strengths and weaknesses", 2057, 2478),
    ("III", "The Collective Security Treaty Organization (CSTO)", 2479, 2498),
    ("3.1", "Brief historical background", 2499, 2610),
    ("3.2", "From CST to CSTO", 2611, 2773),
    ("3.2.1", "The CSTO's main activities", 2774, 2990),
    ("3.2.2", "Russia's preponderance within the CSTO", 2991, 3128),
    ("3.2.3", "The balancing and bandwagoning behaviour of the CSTO's member states", 3129, 3561),
    ("3.3", "Strengths and weaknesses in a theoretical perspective", 3562, 4060),
    ("IV", "To cooperate or not to cooperate", 4061, 4238),
    ("4.1", "Reasons to cooperate", 4239, 4383),
    ("4.2", "Reasons not to cooperate", 4384, 4541),
    ("conclusion", "Conclusion", 4542, 4755),
]
#: Ids a marker may use that are counted with another section (Part II has no preamble).
ALIASES = {"II": "2.1", "4": "IV"}
#: Titles of ids that are not rows of ``SECTIONS`` (for the label).
EXTRA_TITLES = {"II": "The North Atlantic Treaty Organization (NATO)"}
#: Share of its thesis length every sub-section should be retold at.
THRESHOLD = 0.45
#: Where the book's prose lives.
PAGES = ("notebooks/*.md", "book/*.md")

COMMENT = re.compile(r"^%\s*(thesis:\s*(?P<section>[\w.]+)|(?P<ours>ours))\s*$")
RETOLD = re.compile(r"^(?P<fence>`{3,}|:{3,})\{retold\}\s*(?P<section>\S*)\s*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})")
LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s+")


def known_ids() -> set[str]:
    """Return every section id a marker may name (sections and aliases)."""
    return {s for s, *_ in SECTIONS} | set(ALIASES)


def label(section: str) -> tuple[str, str]:
    """Return the heading number and title of a section id for the ``{retold}`` label.

    Examples
    --------
    >>> label("2.3")
    ('§2.3', 'Strengths and weaknesses')
    >>> label("III")
    ('Part III', 'The Collective Security Treaty Organization (CSTO)')
    >>> label("intro")
    ('', 'Introduction')
    """
    titles = {s: title for s, title, *_ in SECTIONS} | EXTRA_TITLES
    if section not in titles and section in ALIASES:
        section = ALIASES[section]
    if section not in titles:
        raise KeyError(section)
    if section in {"I", "II", "III", "IV"}:
        return f"Part {section}", titles[section]
    if section[0].isdigit():
        return f"§{section}", titles[section]
    return "", titles[section]


def thesis_path() -> Path:
    """Return the path of the thesis text (``$ALLIANCES_THESIS`` or beside the repository)."""
    return Path(os.environ.get("ALLIANCES_THESIS",
                               ROOT.parent / "shared" / "seed" / "thesis.txt"))


def count_words(text: str) -> int:
    """Count words as runs of letters and digits.

    Examples
    --------
    >>> count_words("NATO's 2 % guideline, in 2010.")
    6
    """
    return len(re.findall(r"[^\W_]+", text))


def _clean(line: str) -> str:
    """Drop MyST role and directive syntax (``{cite:p}`key```) so only words are counted."""
    line = re.sub(r"\{(cite|numref|ref|doc|eq)(:\w+)?\}`[^`]*`", "", line)
    line = re.sub(r"\{glue(:\w+)?\}`[^`]*`", "N", line)  # a glued number counts as one word
    line = re.sub(r"\{\w[\w:-]*\}`([^`]*)`", r"\1", line)  # other roles: their text
    return re.sub(r"^```\{\w[\w-]*\}.*$|^:[\w-]+:.*$", "", line)


def passages(text: str) -> list[tuple[int, str | None, int]]:
    """Return ``(line number, section id or None, words of retelling)`` for a MyST page.

    The section id is the one the line's passage retells (``None`` outside a passage, and
    for markers); words are 0 for every line that does not count (see the module docstring).
    Marker lines come back with their id and ``-1`` words so that callers can check ids.
    """
    lines, out = text.splitlines(), []
    start = 0
    if lines and lines[0].strip() == "---":  # front matter
        start = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0) + 1
    current: str | None = None
    fence: str | None = None
    in_list = False
    for number, line in enumerate(lines[start:], start + 1):
        stripped = line.strip()
        if fence:  # inside a fenced block: skipped up to a closing fence as long as its opening
            if re.fullmatch(re.escape(fence[0]) + f"{{{len(fence)},}}", stripped):
                fence = None
            out.append((number, current, 0))
            continue
        retold, comment = RETOLD.match(stripped), COMMENT.match(stripped)
        if retold or (comment and not comment.group("ours")):
            current = (retold or comment).group("section")
            if retold:
                fence = retold.group("fence")
            out.append((number, current, -1))
            in_list = False
            continue
        if comment:  # % ours
            current, in_list = None, False
            out.append((number, None, 0))
            continue
        opened = FENCE.match(stripped)
        if opened:
            fence, in_list = opened.group("fence"), False
            out.append((number, current, 0))
            continue
        if stripped.startswith("#"):
            current, in_list = None, False
            out.append((number, None, 0))
            continue
        if not stripped:
            out.append((number, current, 0))
            continue
        if LIST_ITEM.match(line):
            in_list = True
        elif in_list and not line[:1].isspace():
            in_list = False
        skip = (in_list or stripped.startswith(("|", ">", "%", "+++"))
                or re.fullmatch(r"\([\w-]+\)=", stripped))
        words = 0 if skip or current is None else count_words(_clean(line))
        out.append((number, current, words))
    return out


def book_words(root: Path = ROOT) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Return words of retelling per thesis section, and the pages where each is retold.

    Raises
    ------
    ValueError
        If a marker names an id that is not a thesis section (page and line named).
    """
    words: dict[str, int] = defaultdict(int)
    where: dict[str, set[str]] = defaultdict(set)
    known, unknown = known_ids(), []
    for pattern in PAGES:
        for page in sorted(root.glob(pattern)):
            name = page.relative_to(root).as_posix()
            for number, section, n in passages(page.read_text(encoding="utf-8")):
                if n < 0:
                    if section not in known:
                        unknown.append(f"{section!r} ({name}, line {number})")
                    continue
                if section and n:
                    section = ALIASES.get(section, section)
                    words[section] += n
                    where[section].add(name)
    if unknown:
        raise ValueError("unknown thesis section(s) in {retold} or '% thesis:' markers: "
                         + "; ".join(unknown) + f". Known ids: {', '.join(sorted(known))}")
    return dict(words), dict(where)


def table(thesis: Path | None = None, root: Path = ROOT) -> pd.DataFrame:
    """Return the coverage table: one row per thesis sub-section.

    Columns: ``section``, ``title``, ``thesis_words`` (all words in the section's lines,
    footnotes included), ``book_words``, ``share`` (book / thesis) and ``where``.
    """
    import pandas as pd

    lines = (thesis or thesis_path()).read_text(encoding="utf-8").splitlines()
    words, where = book_words(root)
    rows = []
    for section, title, first, last in SECTIONS:
        n = count_words("\n".join(lines[first - 1:last]))
        rows.append({"section": section, "title": title, "thesis_words": n,
                     "book_words": words.get(section, 0),
                     "share": round(words.get(section, 0) / n, 2),
                     "where": ", ".join(sorted(where.get(section, ())))})
    return pd.DataFrame(rows)


def short(frame: pd.DataFrame, minimum: float = THRESHOLD) -> pd.DataFrame:
    """Return the rows of a coverage table whose share is under ``minimum``."""
    return frame[frame["book_words"] / frame["thesis_words"] < minimum]


def main(argv: list[str] | None = None) -> int:
    """Print the coverage table and the totals; with ``--min``, fail on short sub-sections."""
    parser = argparse.ArgumentParser(prog="python -m alliances.tooling.coverage",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=None, metavar="SHARE",
                        help=f"exit 1 if a sub-section is under SHARE (the target is {THRESHOLD})")
    args = parser.parse_args(argv)
    import pandas as pd

    frame = table()
    with pd.option_context("display.width", 200, "display.max_colwidth", 50):
        print(frame.to_string(index=False))
    total_t, total_b = frame["thesis_words"].sum(), frame["book_words"].sum()
    print(f"\ntotal: {total_b:,} words of retelling for {total_t:,} words of thesis "
          f"({total_b / total_t:.0%}); lowest share {frame['share'].min():.2f} "
          f"({frame.loc[frame['share'].idxmin(), 'section']})")
    if args.min is not None:
        below = short(frame, args.min)
        if not below.empty:
            print(f"under {args.min}: " + ", ".join(
                f"{r.section} ({r.share:.2f}, {r.book_words}/{r.thesis_words}; "
                f"needs {int(args.min * r.thesis_words + 0.999) - r.book_words} more)"
                for r in below.itertuples()))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
