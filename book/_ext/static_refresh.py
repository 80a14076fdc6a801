"""Sphinx extension: an edit to a file in ``_static/`` alone still reaches the built book.

Sphinx copies static files only while writing pages: after a change to ``_static/book.css``
and nothing else it finds "no targets are out of date", stops, and the old stylesheet stays
in ``_build/html/_static``. This extension compares each static file with its built copy and,
when one differs or is missing, has Sphinx read the root page again, so the build goes on to
write and to copy the assets.
"""

from __future__ import annotations

import filecmp
from pathlib import Path


def stale_static(confdir: str | Path, outdir: str | Path, static_paths: list[str]) -> list[str]:
    """Return the static files (relative paths) whose built copy is missing or different."""
    stale = []
    for entry in static_paths:
        folder = Path(confdir) / entry
        if not folder.is_dir():
            continue
        for source in sorted(p for p in folder.rglob("*") if p.is_file()):
            built = Path(outdir) / "_static" / source.relative_to(folder)
            if not built.is_file() or not filecmp.cmp(source, built, shallow=False):
                stale.append(source.relative_to(folder).as_posix())
    return stale


def reread_root(app, env, added, changed, removed) -> list[str]:
    """Mark the root page outdated when a static file changed, so that assets are copied."""
    if app.builder.format != "html":
        return []
    if stale_static(app.confdir, app.outdir, list(app.config.html_static_path)):
        return [app.config.root_doc]
    return []


def setup(app):
    """Register the event."""
    app.connect("env-get-outdated", reread_root)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
