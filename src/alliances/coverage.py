"""How much of the thesis the book retells, section by section.

The book's prose marks which thesis section each passage retells with a MyST comment line,
``% thesis: 2.2.1``, placed under a heading or before a paragraph; ``% ours`` marks the
start of our own material (what our data shows, our reading), which does not count as
retelling. Words are counted from the marker to the next marker or heading. The thesis's
sections are those of ``OUTLINE.md`` (line ranges of ``thesis.txt``); sub-sections count
towards the section that contains them.

``python -m alliances.coverage`` prints the table (thesis words, book words, share, where);
it needs the thesis text, found at ``../shared/seed/thesis.txt`` beside the repository or at
``$ALLIANCES_THESIS``.
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

from alliances.paths import ROOT

#: The thesis's sections (the abstracts aside): id, title, first and last line of thesis.txt.
SECTIONS = [
    ("intro", "Introduction", 88, 253),
    ("purpose", "Purpose and research questions", 254, 381),
    ("method", "Methodological framework", 382, 518),
    ("I", "I. Theoretical approach", 519, 579),
    ("1.1", "1.1 Realism (and 1.1.1)", 580, 947),
    ("1.2", "1.2 Neoliberal institutionalism (and 1.2.1)", 948, 1128),
    ("1.3", "1.3 Social constructivism (and 1.3.1)", 1129, 1400),
    ("2.1", "II. NATO; 2.1 Historical background (and 2.1.1)", 1401, 1571),
    ("2.2", "2.2 NATO's eastern policy; 2.2.1 Partnership for Peace", 1572, 1701),
    ("2.2.2", "2.2.2 Founding Act and PJC; 2.2.3 NATO-Russia Council", 1702, 1845),
    ("2.2.4", "2.2.4 Expansion seen as a threat; 2.2.5 Recent developments", 1846, 2056),
    ("2.3", "2.3 NATO's strengths and weaknesses", 2057, 2478),
    ("3.1", "III. CSTO; 3.1 Historical background", 2479, 2610),
    ("3.2", "3.2 From CST to CSTO; 3.2.1 Main activities", 2611, 2990),
    ("3.2.2", "3.2.2 Russia's preponderance", 2991, 3128),
    ("3.2.3", "3.2.3 Balancing and bandwagoning", 3129, 3561),
    ("3.3", "3.3 Strengths and weaknesses in theory", 3562, 4060),
    ("IV", "IV. To cooperate or not (the proposals)", 4061, 4238),
    ("4.1", "4.1 Reasons to cooperate", 4239, 4383),
    ("4.2", "4.2 Reasons not to cooperate", 4384, 4541),
    ("conclusion", "Conclusion", 4542, 4755),
]
#: Sub-sections counted with the section that holds them.
ALIASES = {"1.1.1": "1.1", "1.2.1": "1.2", "1.3.1": "1.3", "II": "2.1", "2.1.1": "2.1",
           "2.2.1": "2.2", "2.2.3": "2.2.2", "2.2.5": "2.2.4", "III": "3.1", "3.2.1": "3.2",
           "4": "IV"}
#: Where the book's prose lives.
PAGES = ("notebooks/*.md", "book/*.md")

MARKER = re.compile(r"^%\s*(thesis:\s*(?P<section>[\w.]+)|(?P<ours>ours))\s*$")


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


def _prose(text: str) -> list[str]:
    """Return the lines of prose of a MyST page: no code cells, front matter or targets."""
    lines, out, fence = text.splitlines(), [], None
    if lines and lines[0].strip() == "---":  # front matter
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1:]
    for line in lines:
        stripped = line.strip()
        if fence:
            if stripped == fence:
                fence = None
            continue
        if stripped.startswith("```{code-cell}"):
            fence = "```"
            continue
        if re.match(r"^\([\w-]+\)=$", stripped):
            continue
        out.append(line)
    return out


def _clean(line: str) -> str:
    """Drop MyST role and directive syntax (``{cite:p}`key```) so only words are counted."""
    line = re.sub(r"\{(cite|numref|ref|doc)(:\w+)?\}`[^`]*`", "", line)
    line = re.sub(r"\{glue:\w+\}`[^`]*`", "N", line)  # a glued number counts as one word
    return re.sub(r"^```\{\w[\w-]*\}.*$|^:[\w-]+:.*$", "", line)


def book_words(root: Path = ROOT) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Return words of retelling per thesis section, and the pages where each is retold."""
    words: dict[str, int] = defaultdict(int)
    where: dict[str, set[str]] = defaultdict(set)
    for pattern in PAGES:
        for page in sorted(root.glob(pattern)):
            current = None
            for line in _prose(page.read_text(encoding="utf-8")):
                found = MARKER.match(line.strip())
                if found:
                    section = found.group("section")
                    current = None if found.group("ours") else ALIASES.get(section, section)
                    continue
                if line.lstrip().startswith("#"):
                    current = None
                    continue
                if current:
                    n = count_words(_clean(line))
                    words[current] += n
                    if n:
                        where[current].add(page.relative_to(root).as_posix())
    return dict(words), dict(where)


def table(thesis: Path | None = None, root: Path = ROOT) -> pd.DataFrame:
    """Return the coverage table: one row per thesis section.

    Columns: ``section``, ``title``, ``thesis_words`` (all words in the section's lines,
    footnotes included), ``book_words``, ``share`` (book / thesis) and ``where``.
    """
    lines = (thesis or thesis_path()).read_text(encoding="utf-8").splitlines()
    words, where = book_words(root)
    unknown = set(words) - {s for s, *_ in SECTIONS}
    if unknown:
        raise ValueError(f"unknown thesis section(s) in '% thesis:' markers: {sorted(unknown)}")
    rows = []
    for section, title, first, last in SECTIONS:
        n = count_words("\n".join(lines[first - 1:last]))
        rows.append({"section": section, "title": title, "thesis_words": n,
                     "book_words": words.get(section, 0),
                     "share": round(words.get(section, 0) / n, 2),
                     "where": ", ".join(sorted(where.get(section, ())))})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the coverage table and the totals."""
    del argv
    frame = table()
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(frame.to_string(index=False))
    total_t, total_b = frame["thesis_words"].sum(), frame["book_words"].sum()
    print(f"\ntotal: {total_b:,} words of retelling for {total_t:,} words of thesis "
          f"({total_b / total_t:.0%}); lowest share {frame['share'].min():.2f} "
          f"({frame.loc[frame['share'].idxmin(), 'section']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
