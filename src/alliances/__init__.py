"""Membership, defence spending and border geography of NATO and the CSTO.

The package behind the book *Never the twain?*: every number in the book is
computed by these functions from the curated files in ``data/``.

Modules, by layer. The data layer is this package's top level; each layer above it is a
sub-package. A module imports only from its own layer or the layers below it, and the chapters'
notebooks never import the tooling (``tests/test_layers.py`` checks both).

Data (``alliances``): reading the curated files
    ``paths``
        Where the project's files live (``data/``, the raw mirror, the Plotly bundle).
    ``errors``
        :class:`DataError`, the one exception for bad data (file, row, column).
    ``schemas``
        Table schemas of the curated files, for the checks and the metadata (the pandera
        objects themselves in ``_schema_defs``, built on first use).
    ``io``
        Loading of the curated files, validated against their schemas (a table that passed
        is cached on disk, so a later process skips the validation).

Measures (``alliances.measures``): what the book computes
    ``membership``
        Who belonged to which organisation on a day, and with what status; dates.
    ``spending``
        Bloc totals, shares and burdens from the SIPRI extract.
    ``economy``
        Population and GDP of each bloc as a share of the world (World Bank).
    ``borders``
        Geodesic land-border lengths between states and blocs; the map layers of a day.
    ``arms``
        Where each bloc's members get their weapons (SIPRI arms transfers).
    ``alignment``
        How often states vote alike in the UN General Assembly.
    ``institutions``
        Institutional depth of NATO and the CSTO, from the curated table.
    ``claims``
        The claims ledger: the thesis's checkable claims tested against the measures.

Presentation (``alliances.presentation``): what readers see
    ``plotting``
        The static figures, in one house style (matplotlib).
    ``interactive``
        The hover charts and the Explore page (Plotly), offline.
    ``chapter``
        A chapter notebook's helpers: reader tables, glued values, CSV download links,
        parameters.
    ``pdf``
        The PDF edition, printed from the built HTML book.

Tooling (``alliances.tooling``): building and maintaining the book
    ``cli``
        The command line, ``python -m alliances ...`` (``__main__``).
    ``build``
        Rebuilds the curated files in ``data/`` from the raw sources.
    ``raw``
        The raw sources: fetching, checksums, atomic writes.
    ``notebooks``
        Keeps the chapter notebooks, their text twins and stored outputs in step.
    ``kernels``
        Kernel managers on private Unix sockets, for the notebooks' runs and nbval.
    ``coverage``
        How much of the thesis the book retells, section by section.
"""

from alliances.errors import DataError

__all__ = ["DataError"]
__version__ = "0.1.0"
