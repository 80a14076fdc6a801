"""Sphinx extension: accessible names and roles the theme and extensions leave out.

Found with axe-core (WCAG 2.1 AA) in headless Chromium, fixed where the markup is made:

- myst-nb's "Show code cell source" toggle labels its ``<summary>`` "Toggle hidden
  content", which differs from the text a sighted reader sees (WCAG 2.5.3, label in name):
  the summary is written again without that label, so its name is its visible text.
- pydata-sphinx-theme's collapsible table-of-contents entries put only an icon in their
  ``<summary>``: each gets an accessible name.
- docutils writes the bibliography as ``role="list"`` whose children are
  ``role="doc-biblioentry"``, which ARIA does not allow in a list: they become list items.
- docutils gives every figure image its size as an inline ``style="width: ..px; height: ..px"``
  (myst-nb passes the display size of the 2x PNGs), which overrides the stylesheet's
  ``height: auto``: an image narrowed to the column kept its height and was stretched. The
  size becomes ``width``/``height`` attributes, which reserve the right aspect while the page
  loads and give way to ``max-width: 100%; height: auto`` (book.css).

The theme's search and colour-mode buttons are fixed in ``_templates/``, whose copies of
those components come first on the template path.
"""

from __future__ import annotations

import re
from html import escape

TOC_SUMMARY = re.compile(r"<summary>(\s*<span class=\"toctree-toggle\")")
IMG_SIZE = re.compile(
    r'(<img\b[^>]*?) style="width: (\d+(?:\.\d+)?)px; height: (\d+(?:\.\d+)?)px;"')


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


def image_size_attributes(html: str) -> str:
    """Turn the inline pixel size docutils gives images into ``width``/``height`` attributes.

    Only sizes in px with both dimensions are rewritten (what myst-nb produces for figures);
    fractional sizes are rounded, which keeps the aspect within a pixel.

    Examples
    --------
    >>> image_size_attributes('<img alt="a" src="x.png" style="width: 782px; height: 362px;" />')
    '<img alt="a" src="x.png" width="782" height="362" />'
    """
    return IMG_SIZE.sub(lambda m: f'{m[1]} width="{round(float(m[2]))}" '
                                  f'height="{round(float(m[3]))}"', html)


def fix_page(app, pagename, templatename, context, doctree) -> None:
    """Patch the page body and wrap the theme's TOC generator."""
    if "body" in context:
        context["body"] = image_size_attributes(bibliography_as_list(context["body"]))
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
