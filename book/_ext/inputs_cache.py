"""Sphinx extension: key the notebook execution cache on the book's inputs too.

Jupyter Book's cache (jupyter-cache, through myst-nb) re-executes a notebook only when
its code cells change (jupyter-book#1633), so an edit to ``data/`` or ``src/`` would
leave the book serving old numbers. This extension points myst-nb at a cache folder
named after :func:`alliances.paths.inputs_fingerprint`: when any input changes, the
notebooks run again into a fresh folder; when the inputs return to an earlier state,
that state's folder is reused. Only the few most recently used folders are kept.

The folder is set as the configuration value ``nb_execution_cache_path``, which myst-nb
registers with ``rebuild="env"``: when it changes, Sphinx reads every document again, so
pages whose notebook did not change are refreshed too (otherwise Sphinx would keep their
old HTML, since it decides what to re-read from the source files' modification times).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from alliances.paths import execution_cache_dir

#: How many cache folders (input states) to keep.
KEEP = 3


def key_cache_on_inputs(app, config) -> None:
    """Set ``nb_execution_cache_path`` to a folder named after the inputs' fingerprint.

    With ``ALLIANCES_NB_EXECUTION=off`` in the environment the notebooks are not executed
    and their stored outputs are rendered (``make test`` does this after nbval has shown
    the stored outputs equal to a fresh run).
    """
    if os.environ.get("ALLIANCES_NB_EXECUTION") == "off":
        config.nb_execution_mode = "off"
        return
    if config.nb_execution_cache_path:  # set explicitly: respect it
        return
    folder = execution_cache_dir(Path(app.outdir).parent)
    root = folder.parent
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)  # mark as most recently used
    config.nb_execution_cache_path = str(folder)
    others = sorted((p for p in root.glob("inputs-*") if p.is_dir() and p != folder),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    stale = others[KEEP - 1:]  # the current folder is always kept
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)


def setup(app):
    """Run before myst-nb reads ``nb_execution_cache_path`` (on ``builder-inited``)."""
    app.connect("config-inited", key_cache_on_inputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
