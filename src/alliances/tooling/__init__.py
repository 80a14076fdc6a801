"""Building and maintaining the book: the command line, the data rebuild, the notebooks.

The top layer: it may import the measures and the presentation, and nothing imports it back
(a change here re-executes no notebook, :mod:`alliances.tooling.notebooks`). Import the
modules themselves (``from alliances.tooling import cli``).
"""
