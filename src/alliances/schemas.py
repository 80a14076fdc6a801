"""Table schemas of the curated files (one source of truth for checks and metadata).

Each schema is a :class:`pandera.pandas.DataFrameSchema` whose columns carry a
``description`` and, in ``metadata``, a ``unit``. :mod:`alliances.io` validates
every file against its schema when loading it, and :mod:`alliances.tooling.build`
writes the field list of each ``metadata.json`` from the same objects.

The schema objects are defined in :mod:`alliances._schema_defs` and built on first use
(``schemas.EVENTS`` imports pandera then): the constants here need no pandera, so a
command that finds its tables already validated (:func:`alliances.io.read_table`) starts
without importing it.
"""

from __future__ import annotations

ISO3 = r"^[A-Z]{3}$"
#: Organisations and frameworks in ``data/membership/events.csv``.
ORGS = ("nato", "cst", "csto", "nacc", "eapc", "pfp", "pjc", "nrc", "cis", "sco", "guam")
#: Status a state (or, for organisation-level rows, the organisation) has from an event on.
STATUSES = (
    "member", "signatory", "suspended", "frozen", "left",  # states
    "signed", "planned", "active", "suspended", "dialogue", "ended",  # organisations
)
CONFIDENCE = ("confirmed", "single", "uncertain")

#: Boundary-line layer fields (shapefile attribute names are at most 10 characters).
BOUNDARY_FIELDS = {
    "ne_a3_l": "Natural Earth code on the left of the line",
    "ne_a3_r": "Natural Earth code on the right of the line",
    "iso3_l": "Sovereign state on the left (special units mapped)",
    "iso3_r": "Sovereign state on the right (special units mapped)",
    "type": "Natural Earth type: Land, or Water Indicator (line runs through a lake or river)",
    "class": "Natural Earth featurecla: International boundary, Disputed, Line of control, ...",
    "area_id": "Disputed area (disputed_areas.csv) whose de facto line this is; empty otherwise",
}
#: Disputed-area layer fields.
DISPUTED_FIELDS = {
    "area_id": "Identifier in disputed_areas.csv",
    "name": "Natural Earth name of the area",
}
#: Country-polygon layer fields.
COUNTRY_FIELDS = {
    "ne_a3": "Natural Earth adm0_a3 code",
    "iso3": "Sovereign state the polygon is counted with",
    "name": "Natural Earth ADMIN name",
}

#: Issue codes of Voeten's UN General Assembly data (``un_roll_call_issues``).
UN_ISSUES = {"me": "Palestinian conflict", "nu": "Nuclear weapons and nuclear material",
             "di": "Arms control and disarmament", "hr": "Human rights",
             "co": "Colonialism", "ec": "Economic development"}

#: How a state voted on a later General Assembly resolution (``later_votes.csv``).
LATER_VOTE_CODES = ("y", "n", "a", "absent")

#: Names of the table schemas (built on first access).
SCHEMA_NAMES = (
    "STATES",
    "EVENTS",
    "SPENDING",
    "POPULATION_GDP",
    "NATO_EXPENDITURE",
    "ARMS_IMPORTS",
    "INSTITUTIONS",
    "DISPUTED_AREAS",
    "PLACES",
    "NE_UNITS",
    "PUBLISHED_LENGTHS",
    "CLAIMS",
    "PUBLISHED",
    "APPROACHES",
    "SOURCES",
    "UN_ROLL_CALLS",
    "UN_VOTES",
    "UN_LATER_VOTES",
)


def __getattr__(name: str):
    """Return the schema ``name``, importing pandera and building the schemas once."""
    if name in SCHEMA_NAMES:
        from alliances import _schema_defs

        return getattr(_schema_defs, name)
    raise AttributeError(f"module 'alliances.schemas' has no attribute {name!r}")
