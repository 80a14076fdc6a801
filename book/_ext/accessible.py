"""Sphinx extension: accessible names and roles the theme and extensions leave out.

Found with axe-core (WCAG 2.1 AA) in headless Chromium, fixed where the markup is made:

- myst-nb's "Show code cell source" toggle labels its ``<summary>`` "Toggle hidden
  content", which differs from the text a sighted reader sees (WCAG 2.5.3, label in name):
  the summary is written again without that label, so its name is its visible text.
- pydata-sphinx-theme's collapsible table-of-contents entries put only an icon in their
  ``<summary>``: each gets an accessible name.
- docutils writes the bibliography as ``role="list"`` whose children are
  ``role="doc-biblioentry"``, which ARIA does not allow in a list: they become list items.

The theme's search and colour-mode buttons are fixed in ``_templates/``, whose copies of
those components come first on the template path.
"""

from __future__ import annotations

import re
from html import escape

TOC_SUMMARY = re.compile(r"<summary>(\s*<span class=\"toctree-toggle\")")


def visit_hide_cell_input(self, node) -> None:
    """Open myst-nb's hidden-input block; the summary is named by its visible text."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def use_accessible_toggle(app, config) -> None:
    """Replace myst-nb's HTML visitor of its hidden-input node (after every extension loaded)."""
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.registry.add_translation_handlers(
        HideCodeCellNode, html=(visit_hide_cell_input, depart_HideCellInput))


def name_toc_toggles(html: str) -> str:
    """Give the icon-only ``<summary>`` of collapsible TOC entries an accessible name.

    Examples
    --------
    >>> name_toc_toggles('<summary><span class="toctree-toggle">')
    '<summary aria-label="Show or hide the sections"><span class="toctree-toggle">'
    """
    return TOC_SUMMARY.sub(r'<summary aria-label="Show or hide the sections">\1', html)


def bibliography_as_list(html: str) -> str:
    """Make the bibliography's entries list items of its ``role="list"`` container.

    Examples
    --------
    >>> bibliography_as_list('<div class="citation" id="a" role="doc-biblioentry">')
    '<div class="citation" id="a" role="listitem">'
    """
    return html.replace('role="doc-biblioentry"', 'role="listitem"')


def fix_page(app, pagename, templatename, context, doctree) -> None:
    """Patch the page body and wrap the theme's TOC generator."""
    if "body" in context:
        context["body"] = bibliography_as_list(context["body"])
    generate = context.get("generate_toctree_html")
    if callable(generate) and not getattr(generate, "_named", False):
        from markupsafe import Markup

        def named(*args, **kwargs):
            return Markup(name_toc_toggles(str(generate(*args, **kwargs))))
        named._named = True
        context["generate_toctree_html"] = named


def setup(app):
    """Register after the theme's own page-context handlers."""
    app.connect("config-inited", use_accessible_toggle)
    app.connect("html-page-context", fix_page, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
