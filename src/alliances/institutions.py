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


def side_by_side(*, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per aspect with each organisation's first and latest record as text.

    Columns ``aspect`` (its label), ``nato_first``, ``csto_first``, ``nato_latest``,
    ``csto_latest``; each cell reads "value (year)", "not published (year)" where no source
    gives the value, or "—" where the aspect is not recorded.
    """
    table = io.load_institutions() if table is None else table

    def cell(aspect: str, org: str, which: int) -> str:
        if table[(table["aspect"] == aspect) & (table["org"] == org)].empty:
            return "—"
        row = ends(aspect, org, table=table).iloc[which]
        value = row["value"] if isinstance(row["value"], str) else "not published"
        return f"{value} ({row['year']})"

    return pd.DataFrame(
        [{"aspect": label, **{f"{org}_{name}": cell(aspect, org, which)
                               for name, which in (("first", 0), ("latest", -1))
                               for org in ("nato", "csto")}}
         for aspect, label in ASPECTS.items()])
