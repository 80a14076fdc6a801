"""Where the project's files live."""

from __future__ import annotations

import hashlib
import os
import sys
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

    One value for the state of every input at once (code, data and pins), for in-process
    caches that must be dropped when anything changes. Names are taken relative to the data
    folder, the package folder or the repository root, so the fingerprint does not depend on
    where the repository is checked out. (The notebooks record finer inputs: what each one
    read and imported, :func:`reads` and :func:`module_key`.)

    Examples
    --------
    >>> len(inputs_fingerprint())
    64
    """
    global _quiet
    data, package = data_dir().resolve(), Path(__file__).resolve().parent
    digest = hashlib.sha256()
    _quiet, was = True, _quiet  # hashing every input is not reading it for a result
    try:
        for path in input_files():
            resolved = path.resolve()
            for prefix, base in (("data", data), ("src", package), ("root", ROOT)):
                if resolved.is_relative_to(base):
                    name = f"{prefix}/{resolved.relative_to(base).as_posix()}"
                    break
            digest.update(name.encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(resolved.read_bytes()).digest())
    finally:
        _quiet = was
    return digest.hexdigest()


#: The package's own folder (``src/alliances``).
PACKAGE = Path(__file__).resolve().parent

#: Data files read in this process: their SHA-256 when first read (:func:`record_read`).
_READS: dict[Path, str] = {}
#: Environment variable that makes the process record every file it opens under ``data/``
#: (``alliances.tooling.notebooks.execute`` sets it for the kernel).
RECORD_READS = "ALLIANCES_RECORD_READS"
_quiet = False


def record_read(path: str | Path) -> None:
    """Note that this process read ``path``, with its content's SHA-256 at that moment.

    Every loader calls it (:func:`alliances.io.read_table`, :func:`alliances.io.read_layer`);
    when the environment sets :data:`RECORD_READS`, any other ``open`` of a file under
    :func:`data_dir` is recorded too. A notebook's stored outputs list what it read
    (:func:`reads`), so that a change to another file leaves the notebook current. Files
    outside :func:`data_dir`, the raw mirror ``raw/`` and ``README.md`` files are ignored.
    """
    path = Path(path).resolve()
    if path in _READS or not path.is_file():
        return
    data = data_dir().resolve()
    if not path.is_relative_to(data) or path.name == "README.md" \
            or path.relative_to(data).parts[0] == "raw":
        return
    global _quiet
    _quiet, was = True, _quiet  # hashing opens the file: not a read of its own
    try:
        _READS[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    finally:
        _quiet = was


def reads() -> dict[str, str]:
    """Return the data files this process read, as ``{"data/<file>": sha256}``, sorted.

    Examples
    --------
    >>> from alliances import io
    >>> _ = io.load_states()
    >>> "data/reference/states.csv" in reads()
    True
    """
    data = data_dir().resolve()
    return {f"data/{p.relative_to(data).as_posix()}": sha
            for p, sha in sorted(_READS.items()) if p.is_relative_to(data)}


def _audit(event: str, args: tuple) -> None:
    """Audit hook: record files opened for reading under ``data/`` (see :func:`record_read`)."""
    if event != "open" or _quiet or not isinstance(args[0], str | Path):
        return
    mode, flags = args[1], args[2]
    reading = ("r" in mode and "+" not in mode) if isinstance(mode, str) \
        else not flags & (os.O_WRONLY | os.O_RDWR)
    if reading:
        record_read(args[0])


if os.environ.get(RECORD_READS) == "1":
    sys.addaudithook(_audit)


def input_path(key: str) -> Path:
    """Return the file a recorded input names.

    ``data/...`` is under :func:`data_dir`, ``src/alliances/...`` in the package; any other
    name is relative to the repository root.
    """
    if key.startswith("data/"):
        return data_dir() / key.removeprefix("data/")
    if key.startswith("src/alliances/"):
        return PACKAGE / key.removeprefix("src/alliances/")
    return ROOT / key


def module_key(path: str | Path) -> str | None:
    """Return ``src/alliances/<file>`` for a module file of the package, else ``None``."""
    path = Path(path).resolve()
    return f"src/alliances/{path.relative_to(PACKAGE).as_posix()}" \
        if path.is_relative_to(PACKAGE) else None


def sha256(path: Path) -> str | None:
    """Return the SHA-256 of ``path``'s content (``None`` if it does not exist)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


#: File name of the pinned plotly.js bundle (scatter, bar and pie traces).
PLOTLY_BUNDLE = "plotly-basic.min.js"
#: Class on every element that holds a Plotly chart; the book's extension looks for it.
PLOTLY_MARKER = "alliances-plotly"


def plotly_js() -> Path:
    """Return the installed plotly.js bundle (``make js-deps`` puts it there).

    Kept here, not in :mod:`alliances.presentation.interactive`, so the book's Sphinx extension can
    find it without importing the plotting stack.
    """
    return ROOT / ".venv" / "js" / "node_modules" / "plotly.js-basic-dist-min" / PLOTLY_BUNDLE
