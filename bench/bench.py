"""Print timings of the book build, the tests and the package (2-core machine).

Targets: cold `make book` <= 30 s (installs excluded; the notebooks executed in parallel
into the cache, then the build), no-change rebuild <= 10 % of cold, rebuild after editing one
chapter <= 35 % of cold, `make test` <= 150 s, all border lengths <= 1 s, each CLI command
<= 1 s after start-up. Run with `make bench` (or `.venv/bin/python bench/bench.py`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = str(ROOT / ".venv" / "bin" / "jupyter-book")
PY = str(ROOT / ".venv" / "bin" / "python")


def timed(label: str, func) -> float:
    start = time.perf_counter()
    func()
    took = time.perf_counter() - start
    print(f"{label:<46} {took:8.2f} s")
    return took


def sh(*cmd: str) -> None:
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def main() -> None:
    print(f"python {sys.version.split()[0]}")
    cold = timed("cold `make book` (no _build, no cache)",
                 lambda: (shutil.rmtree(ROOT / "_build", ignore_errors=True),
                          sh("make", "book")))
    warm = timed("no-change `make book`", lambda: sh("make", "book"))
    print(f"{'  no-change rebuild / cold':<46} {100 * warm / cold:8.1f} %")
    chapter = ROOT / "notebooks" / "geography.ipynb"  # the slowest chapter to execute
    original = chapter.read_bytes()
    nb = json.loads(original)
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["source"] = [*code["source"], "\n# edited by bench.py"]
    try:
        chapter.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        edit = timed("`make book` after editing one chapter's code",
                     lambda: sh(PY, "-m", "alliances.notebooks", "precache")
                     or sh(JB, "build", "."))
    finally:
        chapter.write_bytes(original)
    print(f"{'  one-chapter rebuild / cold':<46} {100 * edit / cold:8.1f} %")
    sh(JB, "build", ".")  # back to the committed chapter
    timed("make test", lambda: sh("make", "test"))

    def load():
        from alliances import io

        io.load_events(), io.load_spending(), io.load_population_gdp()
        io.load_boundaries(), io.load_countries()

    timed("data load (all curated files, validated)", load)

    from alliances import borders, membership

    timed("border pair lengths (geodesic, all lines)",
          lambda: borders.pair_lengths(__import__("alliances").io.load_boundaries()))

    def every_year():
        for year in range(1992, membership.EVENTS_CHECKED_ON.year + 1):
            borders.bloc_border("nato", "csto", f"{year}-01-01")

    timed("NATO-CSTO border on every 1 January since 1992", every_year)

    def chapter_lengths():
        today = membership.EVENTS_CHECKED_ON
        borders.border_series("nato", "csto", "1992-01-01", today)
        borders.border_changes("nato", "csto", "1992-01-01", today)
        for day in ("2011-09-01", today):
            borders.outer_frontier("csto", day)
        borders.frontier_series("csto", "AFG", "1992-01-01", today)
        for year in (1992, 1999, 2004, 2011, 2023, today.year):
            borders.neighbours("RUS", f"{year}-06-01")
        borders.compare_published()
        for a, b in (("kant", "bishkek"), ("kant", "manas"), ("manas", "bishkek")):
            borders.distance_km(a, b)

    timed("every length in the geography chapter", chapter_lengths)

    def maps():
        import io as stdio

        import matplotlib

        matplotlib.use("Agg")
        from alliances import io, plotting

        countries = io.load_countries()
        days = ("1994-06-01", "1999-06-01", "2004-06-01", "2011-09-01",
                str(membership.EVENTS_CHECKED_ON))
        fig = plotting.plot_alignment_maps(countries, {d: borders.alignments(d) for d in days})
        fig.savefig(stdio.BytesIO(), format="png")
        fig = plotting.plot_contact_map(countries, borders.alignments(days[-1]),
                                        borders.contact_lines("nato", "csto", days[-1]))
        fig.savefig(stdio.BytesIO(), format="png")

    timed("render the two map figures to PNG", maps)

    from alliances import interactive

    timed("Explore page data (every change day, formatted)", interactive.explore_data)

    from alliances import cli

    def quiet(*argv: str):
        import contextlib
        import io as stdio

        with contextlib.redirect_stdout(stdio.StringIO()):
            cli.main(list(argv))

    for argv in (("members", "csto", "--on", "2011-09-01"), ("borders", "--on", "2011-09-01"),
                 ("neighbours", "RUS", "--on", "2011-09-01"), ("power", "--year", "2010"),
                 ("arms", "ARM", "--from", "1992", "--to", "2021")):
        timed(f"CLI: {' '.join(argv)}", lambda argv=argv: quiet(*argv))


if __name__ == "__main__":
    main()
