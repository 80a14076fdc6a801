"""Where the project's files live."""

from __future__ import annotations

import hashlib
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


def input_files() -> list[Path]:
    """Return every file whose content can change a number, figure or table of the book.

    These are the curated data files (everything under :func:`data_dir` except the raw
    mirror ``raw/`` and the ``README.md`` files, which only describe the data), the
    package's Python sources and the pinned ``requirements.txt``. The list is sorted, so
    that it is the same on every machine.
    """
    data = data_dir()
    files = [p for p in data.rglob("*") if p.is_file() and p.name != "README.md"
             and p.relative_to(data).parts[0] != "raw"]
    package = Path(__file__).resolve().parent
    files += [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    requirements = ROOT / "requirements.txt"
    if requirements.is_file():
        files.append(requirements)
    return sorted(files)


def inputs_fingerprint() -> str:
    """Return a SHA-256 over the names and contents of :func:`input_files`.

    The book's execution cache is keyed on it (so a change in ``data/`` or ``src/``
    re-executes the notebooks), and ``make notebooks`` stores it in each notebook, so a
    test can tell when stored outputs were computed from other inputs. Names are taken
    relative to the data folder, the package folder or the repository root, so the
    fingerprint does not depend on where the repository is checked out.

    Examples
    --------
    >>> len(inputs_fingerprint())
    64
    """
    data, package = data_dir().resolve(), Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in input_files():
        resolved = path.resolve()
        for prefix, base in (("data", data), ("src", package), ("root", ROOT)):
            if resolved.is_relative_to(base):
                name = f"{prefix}/{resolved.relative_to(base).as_posix()}"
                break
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(resolved.read_bytes()).digest())
    return digest.hexdigest()


def execution_cache_dir(build_dir: str | Path | None = None) -> Path:
    """Return the book's execution-cache folder for the current inputs.

    The folder is named after :func:`inputs_fingerprint`, so a change under ``data/`` or
    ``src/`` gives the notebooks a fresh cache (``book/_ext/inputs_cache.py`` points
    myst-nb at it; ``python -m alliances.notebooks precache`` fills it in parallel).
    """
    build = Path(build_dir) if build_dir else ROOT / "_build"
    return build / ".jupyter_cache" / f"inputs-{inputs_fingerprint()[:16]}"


#: File name of the pinned plotly.js bundle (scatter, bar and pie traces).
PLOTLY_BUNDLE = "plotly-basic.min.js"
#: Class on every element that holds a Plotly chart; the book's extension looks for it.
PLOTLY_MARKER = "alliances-plotly"


def plotly_js() -> Path:
    """Return the installed plotly.js bundle (``make js-deps`` puts it there).

    Kept here, not in :mod:`alliances.interactive`, so the book's Sphinx extension can
    find it without importing the plotting stack.
    """
    return ROOT / ".venv" / "js" / "node_modules" / "plotly.js-basic-dist-min" / PLOTLY_BUNDLE
