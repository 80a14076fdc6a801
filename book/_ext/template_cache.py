"""Sphinx extension: the HTML templates are compiled once, not in every build.

Sphinx compiles each Jinja template it renders (the theme's layout, sidebars, header and
footer: 37 of them for this book) in every build, about 0.1 s of a one-page rebuild. Jinja
can keep the compiled code between runs (``FileSystemBytecodeCache``), checked against each
template's source, so an edited template is compiled again. The cache lives beside Sphinx's
own (``_build/.doctrees/jinja``), so ``jupyter-book clean`` removes it with the rest.
"""

from __future__ import annotations

from pathlib import Path


def cache_compiled_templates(app) -> None:
    """Give the HTML builder's Jinja environment a bytecode cache (at ``builder-inited``)."""
    from jinja2 import FileSystemBytecodeCache

    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # not a builder that renders templates
        return
    folder = Path(app.doctreedir) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    """Register the event."""
    app.connect("builder-inited", cache_compiled_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
