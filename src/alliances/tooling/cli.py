"""Command-line interface: ``python -m alliances ...``.

Answers the book's three questions for any date or year with data, and runs
the data pipeline::

    python -m alliances members {nato,csto} --on YYYY-MM-DD [--json]
    python -m alliances spending {nato,csto} --year YYYY [--prices current|constant] [--json]
    python -m alliances borders --on YYYY-MM-DD [--json]
    python -m alliances neighbours ISO3 --on YYYY-MM-DD [--json]
    python -m alliances power --year YYYY [--prices current|constant] [--json]
    python -m alliances arms ISO3 --from YYYY --to YYYY [--json]
    python -m alliances alignment ISO3 --with ISO3 (--year YYYY | --from YYYY --to YYYY)
        [--issue CODE] [--minority] [--json]
    python -m alliances claims [--json]
    python -m alliances data fetch [--from DIR | --download]
    python -m alliances data build

Errors (unknown bloc, malformed date, year without data, bad data file) print
one line on standard error and exit with status 2 (usage) or 1 (data).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from alliances import __version__, io
from alliances.errors import DataError
from alliances.measures import membership, spending
from alliances.paths import default_mirror
from alliances.schemas import UN_ISSUES as UN_ISSUE_CODES

SIPRI_CITATION = "SIPRI Military Expenditure Database 2025, https://www.sipri.org/databases/milex"
EVENTS_SOURCE = "data/membership/events.csv (one source per row; see its source column)"
BORDERS_SOURCE = ("Natural Earth 1:10m Admin 0 boundary lines (land), v4.0.0, public domain; "
                  "geodesic lengths on the WGS84 ellipsoid")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        self.exit(2, f"alliances: error: {message}\n")


def _clean(value):
    """Make a table cell JSON-friendly: numpy scalars to Python, NaN and NA to None."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _records(frame) -> list[dict]:
    return [{k: _clean(v) if not hasattr(v, "isoformat") else v.isoformat()
             for k, v in row.items()} for row in frame.to_dict(orient="records")]


def after_check_note(day: str) -> str | None:
    """Return a one-line note when ``day`` is later than the last check of the event table.

    Examples
    --------
    >>> after_check_note("2011-09-01") is None
    True
    >>> after_check_note("2100-01-01").startswith("note: 2100-01-01 is after")
    True
    """
    checked = membership.EVENTS_CHECKED_ON
    if membership.parse_date(day) <= checked:
        return None
    return (f"note: {day} is after the last check of the event table ({checked}); "
            "changes since then are not recorded")


def _members(args) -> int:
    roster = membership.members(args.bloc, args.on)
    note = after_check_note(args.on)
    if args.json:
        _dump({"bloc": args.bloc, "on": roster.on.isoformat(), "framework": roster.framework,
               "rule": roster.rule, "count": roster.count,
               "events_checked_on": membership.EVENTS_CHECKED_ON.isoformat(), "note": note,
               "members": _records(roster.table), "source": EVENTS_SOURCE})
        return 0
    if note:
        print(note)
    print(f"{args.bloc.upper()} on {roster.on}: {roster.count} members")
    print(f"framework: {roster.framework or 'none in force'}")
    print(f"rule: {roster.rule}")
    for row in roster.table.itertuples():
        flag = "" if row.counted else "  (not counted)"
        print(f"  {row.iso3}  {row.name:<16} {row.status:<10} since {row.since}{flag}")
    return 0


#: What each price basis is for, as the CLI says it.
PRICES_USE = {"current": "within-year shares, totals, ratios and ranks",
              "constant": "change over time"}


def _spending(args) -> int:
    s = spending.bloc_spending(args.bloc, args.year, prices=args.prices)
    total_key = "total_current_usd_m" if s.prices == "current" else "total_const_usd_m"
    if args.json:
        units = {column: spending.unit(basis, s.price_base_year)
                 for basis, column in spending.COLUMNS.items() if column in s.table.columns}
        _dump({"bloc": args.bloc, "year": s.year,
               "membership_on": s.roster.on.isoformat(), "framework": s.roster.framework,
               "rule": s.roster.rule, "prices": s.prices, "price_basis": s.basis,
               "units": {**units, total_key: s.unit,
                         "share_of_bloc_pct": f"percent of bloc total, {s.basis}",
                         "burden_pct": "percent of GDP"},
               "price_base_year": s.price_base_year, total_key: s.total,
               "guideline_pct": spending.GUIDELINE_PCT,
               "n_meeting_guideline": s.n_meeting_guideline, "missing": s.missing,
               "members": _records(s.table), "source": SIPRI_CITATION})
        return 0
    print(f"{args.bloc.upper()} military spending in {s.year} ({s.unit}); "
          f"members as of {s.roster.on}")
    print(f"prices: {s.basis}, for {PRICES_USE[s.prices]}")
    print(f"total: {s.total:,.0f}   members at or above {spending.GUIDELINE_PCT:g}% of GDP: "
          f"{s.n_meeting_guideline} of {len(s.table)}")
    for row in s.table.itertuples():
        value = getattr(row, s.column)
        milex = "n/a" if math.isnan(value) else f"{value:,.0f}"
        share, burden = spending.format_row(row)
        print(f"  {row.iso3}  {row.name:<16} {milex:>10}  share {share:>6}  burden {burden:>6}")
    if s.missing:
        print(f"no data: {', '.join(s.missing)}")
    print(f"source: {SIPRI_CITATION}")
    return 0


def _borders(args) -> int:
    from alliances.measures import borders  # geopandas and pyproj: only for the geography commands

    b = borders.bloc_border("nato", "csto", args.on)
    note = after_check_note(args.on)
    if args.json:
        _dump({"on": b.on.isoformat(), "blocs": ["nato", "csto"],
               "events_checked_on": membership.EVENTS_CHECKED_ON.isoformat(), "note": note,
               "frameworks": {"nato": b.roster_a.framework, "csto": b.roster_b.framework},
               "units": {"length_km": "km, geodesic on WGS84"},
               "total_km": b.total_km, "pairs": _records(b.pairs), "source": BORDERS_SOURCE,
               "method": "Sum of geodesic lengths of 1:10m boundary lines between counted "
                         "members of the two blocs."})
        return 0
    if note:
        print(note)
    print(f"NATO-CSTO land border on {b.on}: {b.total_km:,.0f} km in {len(b.pairs)} segments")
    for row in b.pairs.itertuples():
        print(f"  {row.name_a:<14} - {row.name_b:<14} {row.length_km:8,.0f} km")
    print(f"source: {BORDERS_SOURCE}")
    return 0


def boundary_rule(day: str) -> str:
    """Say in one line which boundaries a date's lengths use.

    Examples
    --------
    >>> boundary_rule("2011-09-01")  # doctest: +ELLIPSIS
    'boundaries of 2011-09-01: Crimea (...) counted with UKR (held by RUS only from 2014-03-18)'
    """
    from alliances.measures import borders

    areas = io.load_disputed_areas()
    held = set(borders.held_areas(day, areas)["area_id"])
    parts = []
    for area in areas[areas["administered_by"] != "self"].itertuples():
        since = f"{area.from_date:%Y-%m-%d}"
        parts.append(f"{area.name} held by {area.administered_by} (since {since})"
                     if area.area_id in held else
                     f"{area.name} counted with {area.de_jure} (held by {area.administered_by} "
                     f"only from {since})")
    return f"boundaries of {membership.parse_date(day)}: " + "; ".join(parts)


def _neighbours(args) -> int:
    from alliances.measures import borders

    table = borders.neighbours(args.state, args.on)
    names = io.state_names()
    table.insert(1, "name", table["iso3"].map(names))
    rule = boundary_rule(args.on)
    note = after_check_note(args.on)
    if args.json:
        _dump({"state": args.state, "on": membership.parse_date(args.on).isoformat(),
               "events_checked_on": membership.EVENTS_CHECKED_ON.isoformat(), "note": note,
               "units": {"length_km": "km, geodesic on WGS84"},
               "total_km": float(table["length_km"].sum()), "rule": rule,
               "neighbours": _records(table), "source": BORDERS_SOURCE})
        return 0
    if note:
        print(note)
    print(f"{args.state} on {args.on}: {len(table)} land neighbours, "
          f"{table['length_km'].sum():,.0f} km")
    print(f"rule: {rule}")
    for row in table.itertuples():
        print(f"  {row.iso3}  {row.name!s:<28} {row.length_km:8,.0f} km  {row.alignment}")
    print(f"source: {BORDERS_SOURCE}")
    return 0


def _pct(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.1f}%"


def _power(args) -> int:
    from alliances.measures import economy

    table = economy.power(args.year, prices=args.prices)
    low, high, missing = economy.spending_bounds("csto", args.year, prices=args.prices)
    basis = spending.basis_label(args.prices, int(io.load_spending()["price_base_year"].iloc[0]))
    if args.json:
        _dump({"year": args.year, "membership_on": f"{args.year}-12-31",
               "prices": args.prices, "price_basis": {
                   "gdp_bn": "current US$, market exchange rates",
                   "gdp_ppp_bn": "current international $, purchasing-power parity",
                   "milex_bn": basis},
               "measures": {k: {c: _clean(v) for c, v in row.items()}
                            for k, row in table.to_dict(orient="index").items()},
               "csto_missing_spending": missing,
               "bounds_method": "each member without a SIPRI figure assumed to spend between "
                                "its lowest and highest recorded figure",
               "sources": ["World Bank, World Development Indicators (SP.POP.TOTL, "
                           "NY.GDP.MKTP.CD, NY.GDP.MKTP.PP.CD)", SIPRI_CITATION]})
        return 0
    print(f"NATO and CSTO in {args.year} (members on 31 December); spending in {basis}, "
          f"for {PRICES_USE[args.prices]}")
    labels = {"population_m": "population", "gdp_bn": "GDP, market rates",
              "gdp_ppp_bn": "GDP, PPP", "milex_bn": "military spending"}  # units printed
    for key, label in labels.items():
        row = table.loc[key]
        if math.isnan(row["nato"]):
            print(f"  {label:<18} no data for {args.year}")
            continue
        world = (f"   world share {row['nato_world_pct']:.1f}% / {row['csto_world_pct']:.1f}%"
                 if not math.isnan(row["nato_world_pct"]) else "")
        ratio = "  n/a" if math.isnan(row["ratio"]) else f"{row['ratio']:5.1f}"
        print(f"  {label:<18} NATO {row['nato']:>10,.1f}  CSTO {row['csto']:>9,.1f}  "
              f"ratio {ratio}{world}   US in NATO {_pct(row['usa_in_nato_pct'])}, "
              f"Russia in CSTO {_pct(row['rus_in_csto_pct'])}   ({row['unit']})")
    if missing:
        print(f"  CSTO spending without figures for {', '.join(missing)}: between "
              f"{low / 1e3:,.1f} and {high / 1e3:,.1f} bn ({basis}); ratio between "
              f"{table.loc['milex_csto_high_bn', 'ratio']:.1f} and "
              f"{table.loc['milex_csto_low_bn', 'ratio']:.1f}")
    print(f"sources: World Bank WDI; {SIPRI_CITATION}")
    return 0


def _arms(args) -> int:
    from alliances.measures import arms

    table = arms.imports(args.state, args.first, args.last)
    totals = table[["russia", "usa", "other", "total"]].sum()
    share = (100 * totals / totals["total"]) if totals["total"] else totals * float("nan")
    if args.json:
        _dump({"state": args.state, "from": args.first, "to": args.last,
               "units": {"tiv": "SIPRI trend-indicator values, million"},
               "totals": {k: _clean(v) for k, v in totals.items()},
               "shares_pct": {k: _clean(v) for k, v in share.items() if k != "total"},
               "years": _records(table.reset_index()), "source": arms.SOURCE})
        return 0
    print(f"{args.state} arms imports {args.first}-{args.last} (SIPRI TIV, million): "
          f"{totals['total']:,.0f}")
    for key, label in (("russia", "Russia and the Soviet Union"), ("usa", "United States"),
                       ("other", "others")):
        pct = "n/a" if math.isnan(share[key]) else f"{share[key]:.1f}%"
        print(f"  {label:<28} {totals[key]:8,.0f}  {pct}")
    print(f"source: {arms.SOURCE}")
    return 0


UN_SOURCE = ("Erik Voeten, United Nations General Assembly Voting Data (Harvard Dataverse, "
             "hdl:1902.1/12379), recorded votes, public domain")


def _alignment(args) -> int:
    from alliances.measures import alignment

    if (args.year is None) == (args.first is None or args.last is None) or (
            args.year is not None and (args.first is not None or args.last is not None)):
        print("alliances: error: give --year YYYY, or both --from YYYY and --to YYYY",
              file=sys.stderr)
        return 2
    first, last = (args.year, args.year) if args.year is not None else (args.first, args.last)
    found = alignment.pair(args.state, args.partner, first, last, issue=args.issue,
                           minority=args.minority)
    if found.n_agreement == 0:
        raise ValueError(f"{args.state} and {args.partner} cast no vote on the same roll call "
                         f"in {first}-{last}" + (" on the selected votes" if args.issue
                                                 or args.minority else ""))
    if args.json:
        _dump({**found.as_dict(), "measures": {
            "coincidence": "identical / (identical + opposite), yes and no votes only",
            "agreement": "1 same vote, 0.5 one abstains, 0 opposite; votes both cast",
            "world": "median over every other state with at least "
                     f"{alignment.MIN_BASELINE_VOTES} votes behind its figure"},
            "source": UN_SOURCE})
        return 0
    # the book's states by name (other states by their code: the reference list is enough
    # here, and reading the world layer for names would double the command's time)
    names = io.load_states().set_index("iso3")["name"]

    def name(code: str) -> str:
        return names.get(code, code)

    span = str(first) if first == last else f"{first}-{last}"
    what = f", votes on which {name(args.partner)} was outvoted" if args.minority else ""
    what += f", issue {args.issue} ({UN_ISSUE_CODES[args.issue]})" if args.issue else ""
    print(f"{name(args.state)} with {name(args.partner)}, UN General Assembly, {span}{what}: "
          f"{found.roll_calls} recorded votes")

    def pct(value: float) -> str:
        return "n/a" if math.isnan(value) else f"{100 * value:.1f}%"

    def idx(value: float) -> str:
        return "n/a" if math.isnan(value) else f"{value:.2f}"

    print(f"  coincidence      {pct(found.coincidence):>6}  ({found.identical} identical, "
          f"{found.opposite} opposite yes/no votes)")
    print(f"  agreement index  {idx(found.agreement):>6}  (over {found.n_agreement} votes both "
          "cast)")
    print(f"  world median     {pct(found.world_coincidence):>6} coincidence, "
          f"{idx(found.world_agreement)} agreement, with {name(args.partner)} "
          f"({found.world_states} states)")
    print(f"source: {UN_SOURCE}")
    return 0


def _claims(args) -> int:
    from alliances.measures import claims

    table = claims.ledger()
    table["link"] = [f"{page}.html#{label}" for page, label in
                     (d.split("#") for d in table["discussed_at"])]
    if args.json:
        _dump({"verdicts": list(claims.VERDICTS),
               "counts": {v: int((table["verdict"] == v).sum()) for v in claims.VERDICTS},
               "tolerances": {q: {"mode": t.mode, "holds": t.holds, "roughly": t.roughly,
                                  "why": t.why} for q, t in claims.TOLERANCES.items()},
               "claims": _records(table.drop(columns=["metric"])),
               "source": "data/claims/claims.csv and published.csv; values computed by "
                         "alliances.measures.claims.METRICS"})
        return 0
    for row in table.itertuples():
        ours = claims.show_value(row.ours, row.unit)
        print(f"{row.id}  {row.verdict:<21} {row.claim}")
        print(f"      thesis ({row.section}, lines {row.thesis_lines}): {row.thesis_value}   "
              f"ours: {ours}   [{row.our_source or 'no source'}]")
    counts = table["verdict"].value_counts()
    print("; ".join(f"{v}: {int(counts.get(v, 0))}" for v in claims.VERDICTS))
    return 0


def _data(args) -> int:
    from alliances.tooling import build, raw

    if args.action == "fetch":
        source = args.source or (None if args.download else default_mirror())
        files = raw.fetch(source, download=args.download)
        print(f"{len(files)} raw files in place, checksums verified")
    else:
        build.build_all()
        print("curated files rebuilt in data/")
    return 0


def _dump(obj) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"malformed year {text!r}: expected YYYY")
    return int(text)


def _date(text: str) -> str:
    try:
        membership.parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _bloc(text: str) -> str:
    return text.lower()


def _command(sub, name: str, help: str, example: str) -> argparse.ArgumentParser:
    """Add a sub-command whose ``--help`` ends with an example."""
    return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                          epilog=f"example:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _prices_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--prices", choices=spending.PRICES, default="current",
                         help="price basis of military spending: current US$ (default; for "
                              "shares, totals, ratios and ranks within the year) or constant "
                              "US$ (for change over time)")


def parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    p = _Parser(prog="python -m alliances", description=__doc__.split("\n")[0])
    p.add_argument("--version", action="version", version=f"alliances {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    m = _command(sub, "members", "members of a bloc on a date",
                 "python -m alliances members csto --on 2011-09-01 --json")
    m.add_argument("bloc", type=_bloc, choices=["nato", "csto"], help="nato or csto (any case)")
    m.add_argument("--on", required=True, type=_date, metavar="YYYY-MM-DD")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_members)
    s = _command(sub, "spending", "a bloc's military spending in a year",
                 "python -m alliances spending nato --year 2010")
    s.add_argument("bloc", type=_bloc, choices=["nato", "csto"], help="nato or csto (any case)")
    s.add_argument("--year", required=True, type=_year, metavar="YYYY")
    _prices_option(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_spending)
    b = _command(sub, "borders", "the NATO-CSTO land border on a date",
                 "python -m alliances borders --on 2023-04-04")
    b.add_argument("--on", required=True, type=_date, metavar="YYYY-MM-DD")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=_borders)
    n = _command(sub, "neighbours", "a state's land neighbours, border lengths and alignment "
                 "on a date", "python -m alliances neighbours RUS --on 2011-09-01")
    n.add_argument("state", type=str.upper, metavar="ISO3")
    n.add_argument("--on", required=True, type=_date, metavar="YYYY-MM-DD")
    n.add_argument("--json", action="store_true")
    n.set_defaults(func=_neighbours)
    w = _command(sub, "power", "the two blocs' power in a year: population, GDP at market "
                 "rates and at PPP, military spending", "python -m alliances power --year 2010")
    w.add_argument("--year", required=True, type=_year, metavar="YYYY")
    _prices_option(w)
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=_power)
    a = _command(sub, "arms", "a state's arms imports by supplier over a period (SIPRI TIV)",
                 "python -m alliances arms KAZ --from 1992 --to 2021")
    a.add_argument("state", type=str.upper, metavar="ISO3")
    a.add_argument("--from", dest="first", required=True, type=_year, metavar="YYYY")
    a.add_argument("--to", dest="last", required=True, type=_year, metavar="YYYY")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=_arms)
    g = _command(sub, "alignment", "how often one state voted with another in the UN General "
                 "Assembly (coincidence, agreement index, world median)",
                 "python -m alliances alignment KAZ --with RUS --year 2010")
    g.add_argument("state", type=str.upper, metavar="ISO3")
    g.add_argument("--with", dest="partner", required=True, type=str.upper, metavar="ISO3")
    g.add_argument("--year", type=_year, metavar="YYYY")
    g.add_argument("--from", dest="first", type=_year, metavar="YYYY")
    g.add_argument("--to", dest="last", type=_year, metavar="YYYY")
    g.add_argument("--issue", choices=sorted(UN_ISSUE_CODES),
                   help="only roll calls with this issue code: " + ", ".join(
                       f"{k} {v}" for k, v in UN_ISSUE_CODES.items()))
    g.add_argument("--minority", action="store_true",
                   help="only roll calls on which the --with state was outvoted")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=_alignment)
    c = _command(sub, "claims", "the thesis's claims tested against the data",
                 "python -m alliances claims --json")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=_claims)
    d = _command(sub, "data", "fetch raw sources or rebuild curated files",
                 "python -m alliances data fetch --from ../shared/data/raw")
    d.add_argument("action", choices=["fetch", "build"])
    d.add_argument("--from", dest="source", type=Path, metavar="DIR",
                   help="mirror directory (default: $ALLIANCES_RAW_MIRROR or ../shared/data/raw)")
    d.add_argument("--download", action="store_true", help="download from the producers")
    d.set_defaults(func=_data)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # e.g. piped into `head`: not an error
        sys.stderr.close()
        return 0
    except (ValueError, DataError) as exc:  # DataError is a ValueError; both are one-liners
        print(f"alliances: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"alliances: error: {exc}", file=sys.stderr)
        return 1
