"""Sphinx extension: drop duplicate <script> entries from every HTML page.

sphinx-thebe registers its inline configuration script each time the
environment is read, so Jupyter Book pages can carry it twice, which makes
browsers report "Identifier 'THEBE_JS_URL' has already been declared". The two
copies differ only in their filename (``None`` and ``""``), so Sphinx's own
check does not see them as equal.
"""

from __future__ import annotations


def _key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    # inline scripts come with filename None or "" depending on who registered them
    filename = getattr(script, "filename", str(script)) or ""
    return (filename, tuple(sorted(attributes.items())))


def dedupe(app, pagename, templatename, context, doctree) -> None:
    """Keep the first occurrence of each script in the page context."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # in place: other handlers may hold a reference to this list


def setup(app):
    """Register the handler late, after the theme and extensions added their scripts."""
    app.connect("html-page-context", dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
