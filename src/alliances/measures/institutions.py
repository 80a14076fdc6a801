"""Institutional depth of NATO and the CSTO, read from the curated table.

``data/institutions/institutions.csv`` records each aspect of each organisation (treaty,
decision rule, staff, forces, operations, ...) in 2011 and, where a source gives one, in a
later year. The book compares the first and the latest record of each.
"""

from __future__ import annotations

import pandas as pd

from alliances import io

#: The aspects, in reading order, with their labels.
ASPECTS = {
    "founding_treaty": "Founding treaty", "mutual_defence": "Mutual-defence clause",
    "decision_rule": "Decision rule", "standing_bodies": "Standing bodies",
    "international_staff": "International staff", "military_staff": "Military staff",
    "common_budget": "Common budget", "integrated_command": "Integrated command",
    "standing_forces": "Standing or rapid-reaction forces", "exercises": "Exercises",
    "operations": "Operations carried out",
}


def ends(aspect: str, org: str, *, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the first and the latest record of one aspect of one organisation.

    One row when only one year is recorded.

    Examples
    --------
    >>> ends("operations", "csto")["year"].tolist()[0]
    2011
    """
    table = io.load_institutions() if table is None else table
    rows = table[(table["aspect"] == aspect) & (table["org"] == org)].sort_values("year")
    if rows.empty:
        raise ValueError(f"no record of {aspect!r} for {org!r}")
    return rows.iloc[[0, -1]].drop_duplicates("year")


def number(aspect: str, org: str, which: str = "first", *,
           table: pd.DataFrame | None = None) -> tuple[int, int]:
    """Return the count of an aspect (first or latest record) and the year it refers to.

    Examples
    --------
    >>> number("operations", "csto")
    (0, 2011)
    """
    row = ends(aspect, org, table=table).iloc[0 if which == "first" else -1]
    return int(row["number"]), int(row["year"])


def change(first: str, latest: str) -> str:
    """Return what a later record adds to the first: the latest text without the repeated part.

    A later record that repeats the first and goes on ("...; then ...") is shortened to "As in
    the first year; then ..."; any other later text is returned as it is.

    Examples
    --------
    >>> change("A; B", "A; B; then C (2015)")
    'As before; then C (2015)'
    >>> change("Seven bodies", "The 2011 bodies plus one")
    'The 2011 bodies plus one'
    """
    head = first.rstrip(" .;")
    if latest.startswith(head) and len(latest) > len(head):
        rest = latest[len(head):].lstrip(" .;,")
        return f"As before; {rest}"
    return latest


def side_by_side(*, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per aspect: each organisation's 2011 record and, apart, what changed.

    Columns ``aspect`` (its label) and, for ``org`` in ``nato`` and ``csto``: ``{org}_first``
    (the first record's text, "not published" where no source gives it, missing where the
    aspect is not recorded), ``{org}_first_year``, ``{org}_later`` (only what the latest record
    changes, see :func:`change`; missing when there is no later record) and
    ``{org}_later_year``. A later record is not repeated when it says what the first said.

    Examples
    --------
    >>> t = side_by_side().set_index("aspect")
    >>> t.loc["Operations carried out", "nato_later"].startswith("As before; then")
    True
    >>> bool(pd.isna(t.loc["Decision rule", "nato_later"]))
    True
    """
    table = io.load_institutions() if table is None else table

    def text(row) -> str:
        return row["value"] if isinstance(row["value"], str) else "not published"

    rows = []
    for aspect, label in ASPECTS.items():
        row = {"aspect": label}
        for org in ("nato", "csto"):
            row |= {f"{org}_first": None, f"{org}_first_year": None,
                    f"{org}_later": None, f"{org}_later_year": None}
            if table[(table["aspect"] == aspect) & (table["org"] == org)].empty:
                continue
            records = ends(aspect, org, table=table)
            first, last = records.iloc[0], records.iloc[-1]
            row[f"{org}_first"], row[f"{org}_first_year"] = text(first), int(first["year"])
            if len(records) > 1 and text(last) != text(first):
                row[f"{org}_later"] = change(text(first), text(last))
                row[f"{org}_later_year"] = int(last["year"])
        rows.append(row)
    out = pd.DataFrame(rows)
    years = [c for c in out.columns if c.endswith("_year")]
    out[years] = out[years].astype("Int64")
    return out
