"""Membership, defence spending and border geography of NATO and the CSTO.

The package behind the book *Never the twain?*: every number in the book is
computed by these functions from the curated files in ``data/``.

Modules
-------
membership
    Who belonged to which organisation on a date, and with what status.
spending
    Bloc totals, shares and burdens from the SIPRI extract.
borders
    Geodesic land-border lengths between states and between blocs.
io
    Loading of the curated files, validated against their schemas.
"""

from alliances.errors import DataError

__all__ = ["DataError"]
__version__ = "0.1.0"
