"""Where the project's files live."""

from __future__ import annotations

import os
from pathlib import Path

#: Repository root (``src/alliances/paths.py`` -> three levels up).
ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Return the curated-data directory.

    ``ALLIANCES_DATA`` overrides the default ``<repo>/data``.
    """
    return Path(os.environ.get("ALLIANCES_DATA", ROOT / "data"))


def default_mirror() -> Path | None:
    """Return the read-only raw mirror to copy from, if one is configured.

    The environment variable ``ALLIANCES_RAW_MIRROR`` wins; otherwise
    ``../shared/data/raw`` next to the repository, if it exists.
    """
    env = os.environ.get("ALLIANCES_RAW_MIRROR")
    if env:
        return Path(env)
    candidate = ROOT.parent / "shared" / "data" / "raw"
    return candidate if candidate.is_dir() else None
