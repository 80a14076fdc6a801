"""Sphinx extension: serve plotly.js from the book's own files, on the pages that use it.

The Explore page and the hover versions of some figures are Plotly charts whose data are
written into the page by the notebooks (:mod:`alliances.presentation.interactive`). This extension
copies the pinned plotly.js bundle (``make js-deps``) into ``_static/vendor/`` and adds
``<script>`` elements for it and for ``_static/interactive.js`` (which draws the charts and
runs the Explore page) only to pages whose HTML contains a Plotly chart, so other pages
stay light and nothing is loaded from the network.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

from alliances.paths import PLOTLY_BUNDLE, plotly_js
from alliances.paths import PLOTLY_MARKER as MARKER

#: Where the bundle goes in the built book.
TARGET = f"vendor/{PLOTLY_BUNDLE}"


def copy_bundle(app, exception) -> None:
    """Copy plotly.js into the built book's ``_static/vendor/``."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js(), target)


def check_bundle(app) -> None:
    """Fail early, with the remedy, if the bundle is not installed."""
    if app.builder.format == "html" and not plotly_js().is_file():
        raise ExtensionError(f"{plotly_js()} not found: run `make js-deps` (npm, pinned)")


def add_script(app, pagename, templatename, context, doctree) -> None:
    """Load plotly.js and the book's chart script on pages that hold a Plotly chart.

    Both are deferred: they run in order once the page is parsed.
    """
    if MARKER in context.get("body", ""):
        app.add_js_file(TARGET, priority=600, loading_method="defer")
        app.add_js_file("interactive.js", priority=601, loading_method="defer")


def setup(app):
    """Register the events."""
    app.connect("builder-inited", check_bundle)
    app.connect("html-page-context", add_script)
    app.connect("build-finished", copy_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
