"""Sphinx extension: the ``{retold}`` directive that marks a passage retold from the thesis.

A retelling passage opens with one empty directive naming the thesis section it retells::

    ```{retold} 2.3
    ```

It renders as a small label at the head of the passage,
``<p class="retold">Retold from Ingimarsdóttir (2011), §2.3 <em>Strengths and
weaknesses</em></p>``, so the sentences that follow need not repeat "the thesis says". The
passage runs to the next heading, the next marker or a ``% ours`` comment line (MyST comments
do not render; our own material follows them, judgements in an "Our reading" admonition).
``alliances.tooling.coverage`` counts the words of each passage against its section; the
section ids and titles are that module's ``SECTIONS``. An id that is not a thesis section stops
the build with the page and line named.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

try:
    from alliances.tooling import coverage
except ImportError:  # the package not installed: use the source tree beside the book
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from alliances.tooling import coverage

AUTHOR = "Ingimarsdóttir (2011)"


class Retold(SphinxDirective):
    """``{retold} <section id>``: the label that opens a passage retold from the thesis."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Return the label paragraph, or stop the build on an unknown section id."""
        section = self.arguments[0].strip()
        try:
            number, title = coverage.label(section)
        except KeyError:
            known = ", ".join(sorted(coverage.known_ids()))
            raise ExtensionError(
                f"{self.get_location()}: {{retold}} names {section!r}, which is not a section "
                f"of the thesis (known: {known})") from None
        para = nodes.paragraph(classes=["retold"])
        para += nodes.Text(f"Retold from {AUTHOR}, " + (f"{number} " if number else ""))
        para += nodes.emphasis(text=title)
        para["ids"] = []
        return [para]


def setup(app):
    """Register the directive."""
    app.add_directive("retold", Retold)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
