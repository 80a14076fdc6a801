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

#: Suffixes of static templates: Sphinx renders ``name.js_t`` to ``name.js`` (with the
#: configuration filled in), so the built file is never a copy of its source.
TEMPLATE_SUFFIXES = ("_t", ".jinja")


def stale_static(confdir: str | Path, outdir: str | Path, static_paths: list[str]) -> list[str]:
    """Return the static files (relative paths) whose built copy is missing or different.

    A template (:data:`TEMPLATE_SUFFIXES`, e.g. sphinx-copybutton's ``copybutton.js_t``)
    counts as stale only when its rendered file is missing: before this, the template itself
    was looked for in the build, never found, and every build read the root page again.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for rel in ("src/a.css", "src/b.js_t", "out/_static/a.css"):
    ...     _ = (root / rel).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / rel).write_text("x")
    >>> stale_static(root, root / "out", ["src"])
    ['b.js_t']
    >>> _ = (root / "out/_static/b.js").write_text("rendered")
    >>> stale_static(root, root / "out", ["src"])
    []
    >>> _ = (root / "src/a.css").write_text("edited")
    >>> stale_static(root, root / "out", ["src"])
    ['a.css']
    """
    stale = []
    for entry in static_paths:
        folder = Path(confdir) / entry
        if not folder.is_dir():
            continue
        for source in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = source.relative_to(folder)
            built = Path(outdir) / "_static" / rel
            template = next((s for s in TEMPLATE_SUFFIXES if source.name.endswith(s)), None)
            if template:
                if not built.with_name(source.name.removesuffix(template)).is_file():
                    stale.append(rel.as_posix())
            elif not built.is_file() or not filecmp.cmp(source, built, shallow=False):
                stale.append(rel.as_posix())
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
