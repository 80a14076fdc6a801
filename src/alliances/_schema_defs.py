"""The pandera schemas of :mod:`alliances.schemas`, built on first use (see there)."""

from __future__ import annotations

import pandera.pandas as pa

from alliances.schemas import (
    CONFIDENCE,
    ISO3,
    LATER_VOTE_CODES,
    ORGS,
    STATUSES,
    UN_ISSUES,
)


def _col(dtype, description: str, unit: str = "", **kwargs) -> pa.Column:
    return pa.Column(dtype, description=description, metadata={"unit": unit}, **kwargs)


STATES = pa.DataFrameSchema(
    {
        "iso3": _col(str, "ISO 3166-1 alpha-3 code", checks=pa.Check.str_matches(ISO3)),
        "name": _col(str, "Short English name used in the book"),
        "sipri_name": _col(str, "Row label in the SIPRI workbook"),
        "group": _col(str, "Why the state is listed", checks=pa.Check.isin(
            ["nato", "cst", "comparator"])),
    },
    unique=["iso3"], strict=True, coerce=True, name="states",
)

EVENTS = pa.DataFrameSchema(
    {
        "org": _col(str, "Organisation or framework code", checks=pa.Check.isin(ORGS)),
        "iso3": _col(str, "State (ISO alpha-3); empty for organisation-level events",
                     nullable=True, checks=pa.Check.str_matches(ISO3)),
        "event": _col(str, "What happened (accession, signature, suspension, ...)"),
        "date": _col("datetime64[ns]", "Day of the event (ISO 8601)", "date"),
        "status": _col(str, "Status held from this date on", checks=pa.Check.isin(STATUSES)),
        "source": _col(str, "Citation for the date", checks=pa.Check.str_length(min_value=3)),
        "source_url": _col(str, "Where the source can be read", nullable=True),
        "confidence": _col(str, "confirmed (2+ sources agree), single, or uncertain",
                           checks=pa.Check.isin(CONFIDENCE)),
        "note": _col(str, "Counting rule, caveats, and disagreements between sources",
                     nullable=True),
    },
    unique=["org", "iso3", "event", "date"], strict=True, coerce=True, name="events",
)

SPENDING = pa.DataFrameSchema(
    {
        "iso3": _col(str, "ISO 3166-1 alpha-3 code", checks=pa.Check.str_matches(ISO3)),
        "year": _col(int, "Calendar year", "year", checks=pa.Check.in_range(1949, 2100)),
        "milex_current_usd_m": _col(
            float, "Military expenditure at current prices and market exchange rates "
            "(for shares, totals, ratios and ranks within one year)",
            "million current US$", nullable=True, checks=pa.Check.ge(0), required=False),
        "milex_const_usd_m": _col(
            float, "Military expenditure at constant prices and exchange rates "
            "(for change over time)",
            "million US$ at constant prices of price_base_year", nullable=True,
            checks=pa.Check.ge(0)),
        "price_base_year": _col(int, "Base year of the constant prices", "year",
                                checks=pa.Check.in_range(1990, 2100)),
        "milex_share_gdp_pct": _col(
            float, "Military expenditure as a share of GDP", "percent", nullable=True,
            checks=pa.Check.in_range(0, 100)),
    },
    unique=["iso3", "year"], strict=True, coerce=True, name="spending",
)

POPULATION_GDP = pa.DataFrameSchema(
    {
        "iso3": _col(str, "ISO alpha-3 code, or World Bank aggregate code (WLD = world)",
                     checks=pa.Check.str_matches(ISO3)),
        "year": _col(int, "Calendar year", "year", checks=pa.Check.in_range(1960, 2100)),
        "population": _col(float, "Population, total (SP.POP.TOTL)", "persons",
                           nullable=True, checks=pa.Check.ge(0)),
        "gdp_current_usd": _col(float, "GDP at current prices (NY.GDP.MKTP.CD)", "current US$",
                                nullable=True, checks=pa.Check.ge(0)),
        "gdp_ppp_intl": _col(float, "GDP at purchasing power parity (NY.GDP.MKTP.PP.CD)",
                             "current international $", nullable=True, checks=pa.Check.ge(0)),
    },
    unique=["iso3", "year"], strict=True, coerce=True, name="population_gdp",
)

NATO_EXPENDITURE = pa.DataFrameSchema(
    {
        "iso3": _col(str, "Ally (ISO alpha-3; NATO's STANAG codes are the same for these)",
                     checks=pa.Check.str_matches(ISO3)),
        "year": _col(int, "Calendar year", "year", checks=pa.Check.in_range(2012, 2019)),
        "share_gdp_pct": _col(float, "Defence expenditure as a share of real GDP (2015 prices), "
                              "NATO definition", "percent", checks=pa.Check.in_range(0, 100)),
        "expenditure_2015_usd_m": _col(float, "Defence expenditure at 2015 prices and exchange "
                                       "rates, NATO definition", "million US$ (2015)",
                                       checks=pa.Check.ge(0)),
        "estimate": _col(bool, "NATO marks the year as an estimate (2018 and 2019)"),
    },
    unique=["iso3", "year"], strict=True, coerce=True, name="nato_expenditure",
)

ARMS_IMPORTS = pa.DataFrameSchema(
    {
        "iso3": _col(str, "Recipient state", checks=pa.Check.str_matches(ISO3)),
        "year": _col(int, "Year of delivery", "year", checks=pa.Check.in_range(1950, 2100)),
        "supplier": _col(str, "Supplier group: russia (Russia and the Soviet Union), usa, or "
                         "total (all suppliers)",
                         checks=pa.Check.isin(["russia", "usa", "total"])),
        "tiv_m": _col(float, "Deliveries in SIPRI trend-indicator values", "TIV million",
                      checks=pa.Check.ge(0)),
    },
    unique=["iso3", "year", "supplier"], strict=True, coerce=True, name="arms_imports",
)

INSTITUTIONS = pa.DataFrameSchema(
    {
        "aspect": _col(str, "What is compared", checks=pa.Check.isin([
            "founding_treaty", "mutual_defence", "decision_rule", "standing_bodies",
            "international_staff", "military_staff", "common_budget", "integrated_command",
            "standing_forces", "exercises", "operations"])),
        "org": _col(str, "Organisation", checks=pa.Check.isin(["nato", "csto"])),
        "value": _col(str, "The value, in our words (empty if not found)", nullable=True),
        "number": _col(float, "The value as a number, where it is one", nullable=True),
        "unit": _col(str, "Unit of the number", nullable=True),
        "year": _col(int, "Year the value describes", "year",
                     checks=pa.Check.in_range(1949, 2100)),
        "source": _col(str, "Source: producer, title, date"),
        "source_url": _col(str, "Where the source can be read", nullable=True),
        "note": _col(str, "How the value was read; caveats; 'not found' with what was tried",
                     nullable=True),
    },
    unique=["aspect", "org", "year"], strict=True, coerce=True, name="institutions",
)

DISPUTED_AREAS = pa.DataFrameSchema(
    {
        "area_id": _col(str, "Identifier", checks=pa.Check.str_matches(r"^[a-z_]+$")),
        "name": _col(str, "Name of the territory"),
        "de_jure": _col(str, "State it belongs to under international law as the UN recognises",
                        checks=pa.Check.str_matches(ISO3)),
        "administered_by": _col(str, "State that administers it de facto, or 'self' for a "
                                "breakaway entity",
                                checks=pa.Check.str_matches(r"^([A-Z]{3}|self)$")),
        "from_date": _col("datetime64[ns]", "Day the de facto situation began", "date"),
        "to_date": _col("datetime64[ns]", "Day it ended (empty: it continues)", "date",
                        nullable=True),
        "status": _col(str, "Short description of the status"),
        "source": _col(str, "Source of the dates"),
        "source_url": _col(str, "Where the source can be read", nullable=True),
        "note": _col(str, "Other dates and caveats", nullable=True),
    },
    unique=["area_id"], strict=True, coerce=True, name="disputed_areas",
)

PLACES = pa.DataFrameSchema(
    {
        "place_id": _col(str, "Short identifier", checks=pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "name": _col(str, "Name as used in the book"),
        "kind": _col(str, "capital, air base, military base, transit centre",
                     checks=pa.Check.isin(["capital", "air base", "military base"])),
        "iso3": _col(str, "State the place lies in", checks=pa.Check.str_matches(ISO3)),
        "lat": _col(float, "Latitude (WGS84)", "degrees", checks=pa.Check.in_range(-90, 90)),
        "lon": _col(float, "Longitude (WGS84)", "degrees", checks=pa.Check.in_range(-180, 180)),
        "uncertainty_km": _col(float, "Radius within which the true position lies", "km",
                               checks=pa.Check.ge(0)),
        "coord_source": _col(str, "Where the coordinates come from"),
        "thesis_section": _col(str, "Where the thesis names the place", nullable=True),
        "note": _col(str, "Operators, dates, caveats", nullable=True),
    },
    unique=["place_id"], strict=True, coerce=True, name="places",
)

NE_UNITS = pa.DataFrameSchema(
    {
        "ne_a3": _col(str, "Natural Earth adm0_a3 code of a special unit",
                      checks=pa.Check.str_matches(ISO3)),
        "ne_name": _col(str, "Natural Earth name of the unit"),
        "iso3": _col(str, "Sovereign state the unit is counted with; empty = left out",
                     nullable=True, checks=pa.Check.str_matches(ISO3)),
        "reason": _col(str, "Why"),
    },
    unique=["ne_a3"], strict=True, coerce=True, name="ne_units",
)

PUBLISHED_LENGTHS = pa.DataFrameSchema(
    {
        "a": _col(str, "First state (ISO alpha-3)", checks=pa.Check.str_matches(ISO3)),
        "b": _col(str, "Second state (ISO alpha-3)", checks=pa.Check.str_matches(ISO3)),
        "published_km": _col(float, "Border length as published", "km", checks=pa.Check.gt(0)),
        "source": _col(str, "Publication the figure is taken from"),
        "source_url": _col(str, "Where it can be read", nullable=True),
        "note": _col(str, "Caveats", nullable=True),
    },
    unique=["a", "b", "source"], strict=True, coerce=True, name="published_lengths",
)

CLAIMS = pa.DataFrameSchema(
    {
        "id": _col(str, "Claim identifier", checks=pa.Check.str_matches(r"^c[0-9]{2,3}$")),
        "section": _col(str, "Section of the thesis that makes the claim"),
        "thesis_lines": _col(str, "Line numbers in the thesis text"),
        "claim": _col(str, "The claim, in our words"),
        "thesis_value": _col(str, "The thesis's value, as it gives it"),
        "expected": _col(str, "The thesis's value in comparable form: a number, 'low..high', "
                         "an ISO date, a month (YYYY-MM) or a year", nullable=True),
        "comparison": _col(str, "How to compare (alliances.measures.claims.COMPARISONS)",
                           checks=pa.Check.isin(["value", "more_than", "less_than", "range",
                                                 "date", "month", "year", "none"])),
        "quantity": _col(str, "Kind of quantity, which sets the tolerance "
                         "(alliances.measures.claims.TOLERANCES)"),
        "metric": _col(str, "Computation of our value, 'name:arg:...' "
                       "(alliances.measures.claims.METRICS), 'published' or 'none'"),
        "definition_differs": _col(bool, "Our source defines the quantity differently"),
        "discussed_at": _col(str, "Page and target of the book sentence that discusses the "
                             "claim, e.g. notebooks/nato#claim-nato-3",
                             checks=pa.Check.str_matches(r"^(notebooks|book)/[\w-]+#[\w-]+$")),
        "explanation": _col(str, "One sentence explaining the verdict, in our words"),
    },
    unique=["id"], strict=True, coerce=True, name="claims",
)

PUBLISHED = pa.DataFrameSchema(
    {
        "claim_id": _col(str, "Claim identifier in claims.csv",
                         checks=pa.Check.str_matches(r"^c[0-9]{2,3}$")),
        "value": _col(str, "The published value (a number, or an ISO date)"),
        "unit": _col(str, "Unit of the value", nullable=True),
        "source": _col(str, "The publication, with its date"),
        "source_url": _col(str, "Where it can be read", nullable=True),
        "note": _col(str, "How the value was read from the source", nullable=True),
    },
    unique=["claim_id"], strict=True, coerce=True, name="published values",
)

APPROACHES = pa.DataFrameSchema(
    {
        "date": _col("datetime64[ns]", "Day (first of the month or year if less is known)",
                     "date"),
        "precision": _col(str, "How much of the date is known",
                          checks=pa.Check.isin(["day", "month", "year"])),
        "actor": _col(str, "Who acted", checks=pa.Check.isin(
            ["cst", "csto", "russia", "nato", "us"])),
        "event": _col(str, "What happened, in our words"),
        "thesis_section_lines": _col(str, "Where the thesis reports it"),
        "source": _col(str, "The thesis and what it cites"),
    },
    strict=True, coerce=True, name="approaches",
)

SOURCES = pa.DataFrameSchema(
    {
        "id": _col(str, "Short identifier", checks=pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "file": _col(str, "Path under the raw directory"),
        "producer": _col(str, "Who produced the data"),
        "title": _col(str, "Title and release"),
        "original_url": _col(str, "Producer's page for the data"),
        "download_url": _col(str, "URL of these exact bytes (used by --download)"),
        "licence": _col(str, "Licence or terms of use"),
        "sha256": _col(str, "SHA-256 of the file", checks=pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        "bytes": _col(int, "Size in bytes", "bytes", checks=pa.Check.gt(0)),
    },
    unique=["id"], strict=True, coerce=True, name="sources",
)

UN_ROLL_CALLS = pa.DataFrameSchema(
    {
        "rcid": _col(int, "Roll-call id in Voeten's data", checks=pa.Check.gt(0)),
        "date": _col(str, "Day of the vote (ISO 8601)",
                     checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "session": _col(int, "General Assembly session", checks=pa.Check.in_range(1, 200)),
        "unres": _col(str, "Resolution symbol (empty for some procedural votes)", nullable=True),
        "important": _col(bool, "Marked as an important vote by the US State Department"),
        "issues": _col(str, "Issue codes, separated by ';' (empty if none): "
                       + ", ".join(f"{k} {v}" for k, v in UN_ISSUES.items()), nullable=True,
                       checks=pa.Check.str_matches(r"^(me|nu|di|hr|co|ec)(;(me|nu|di|hr|co|ec))*$")),
        "short": _col(str, "Short description of the vote, as in the data", nullable=True),
    },
    unique=["rcid"], strict=True, coerce=True, name="un_roll_calls",
)

UN_VOTES = pa.DataFrameSchema(
    {
        "rcid": _col(int, "Roll-call id (see roll_calls.csv)", checks=pa.Check.gt(0)),
        r"^[A-Z]{3}$": _col(str, "The state's vote: y (yes), n (no), a (abstain); empty when it "
                            "cast no recorded vote (absent, or not a UN member)", nullable=True,
                            checks=pa.Check.isin(["y", "n", "a"]), regex=True),
    },
    unique=["rcid"], strict=True, coerce=True, name="un_votes",
)

UN_LATER_VOTES = pa.DataFrameSchema(
    {
        "resolution": _col(str, "Resolution symbol", checks=pa.Check.str_matches(
            r"^A/RES/(ES-)?\d+/\d+$")),
        "date": _col(str, "Day of the vote (ISO 8601)",
                     checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "title": _col(str, "Title of the resolution"),
        "yes": _col(int, "Votes in favour (the whole Assembly)", "votes",
                    checks=pa.Check.in_range(0, 193)),
        "no": _col(int, "Votes against (the whole Assembly)", "votes",
                   checks=pa.Check.in_range(0, 193)),
        "abstain": _col(int, "Abstentions (the whole Assembly)", "votes",
                        checks=pa.Check.in_range(0, 193)),
        "iso3": _col(str, "ISO 3166-1 alpha-3 code of the state",
                     checks=pa.Check.str_matches(ISO3)),
        "vote": _col(str, "The state's vote: y (yes), n (no), a (abstain), absent; empty when "
                     "no source read gives it (the note says so)", nullable=True,
                     checks=pa.Check.isin(list(LATER_VOTE_CODES))),
        "source": _col(str, "Where the state's vote was read"),
        "source_url": _col(str, "Address of that source", checks=pa.Check.str_startswith("http")),
        "note": _col(str, "Empty when a UN record confirms the vote; otherwise starts with "
                     "'uncertain:' and says why", nullable=True,
                     checks=pa.Check.str_startswith("uncertain:")),
    },
    unique=["resolution", "iso3"], strict=True, coerce=True, name="un_later_votes",
)
