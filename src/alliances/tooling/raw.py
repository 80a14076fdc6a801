"""The raw sources: registry, fetching, and checksum verification.

``data/sources.csv`` lists every raw file the build reads, with its producer,
licence and SHA-256. Raw files are never committed: :func:`fetch` copies them
into ``data/raw/`` from a read-only mirror or downloads them, and refuses any
file whose checksum differs from the registry.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

from alliances.errors import DataError
from alliances.io import load_sources
from alliances.paths import data_dir


def sha256(path: str | Path) -> str:
    """Return the hex SHA-256 of a file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256(p)[:16]
    'ba7816bf8f01cfea'

    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: str | Path, expected: str) -> None:
    """Raise :class:`DataError` unless ``path`` has SHA-256 ``expected``."""
    got = sha256(path)
    if got != expected:
        raise DataError(path, f"SHA-256 mismatch: expected {expected[:12]}..., got {got[:12]}... "
                        "(corrupt, truncated or a different release)")


def raw_dir() -> Path:
    """Return ``data/raw`` (git-ignored), where fetched raw files live."""
    return data_dir() / "raw"


def write_atomic(target: str | Path, write: Callable[[Path], None], *,
                 digest: str | None = None) -> Path:
    """Write ``target`` through a temporary file beside it, verify it, then move it in place.

    ``write(tmp)`` fills the temporary file; with ``digest`` its SHA-256 must match
    (:func:`verify`). Only then does the file replace ``target``, in one rename, so a failed
    or interrupted write never leaves a partial or wrong file; the temporary file is removed
    whatever happens. The file is readable by all (mode 644), as a checked-out file is.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "sub" / "a.txt"
    >>> write_atomic(out, lambda tmp: tmp.write_text("abc")).read_text()
    'abc'
    >>> write_atomic(out, lambda tmp: tmp.write_text("abd"), digest="00" * 32)
    Traceback (most recent call last):
    ...
    alliances.errors.DataError: ...SHA-256 mismatch...
    >>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
    ('abc', ['a.txt'])
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        if digest is not None:
            verify(tmp, digest)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def fetch(source: str | Path | None = None, *, download: bool = False,
          dest: str | Path | None = None) -> list[Path]:
    """Copy (or download) every registered raw file into ``dest``, verifying checksums.

    Each file is written to a temporary name beside its target and renamed only
    after its checksum matched, so a failed fetch never leaves a partial or wrong file.

    Parameters
    ----------
    source : str or Path, optional
        Mirror directory to copy from (same layout as ``file`` in the registry).
    download : bool
        Download from each entry's ``download_url`` instead of copying.
    dest : str or Path, optional
        Target directory; default ``data/raw``.

    Returns
    -------
    list of Path
        The files now in place.

    """
    if not download and source is None:
        raise DataError("data/sources.csv", "no mirror given: pass --from DIR, set "
                        "ALLIANCES_RAW_MIRROR, or use --download")
    dest = Path(dest) if dest else raw_dir()
    done = []
    for entry in load_sources().itertuples():
        target = dest / entry.file
        if target.is_file() and sha256(target) == entry.sha256:
            done.append(target)
            continue

        def write(tmp: Path, entry=entry) -> None:
            if download:
                with urllib.request.urlopen(entry.download_url, timeout=120) as resp, \
                        open(tmp, "wb") as out:
                    shutil.copyfileobj(resp, out)
            else:
                origin = Path(source) / entry.file
                if not origin.is_file():
                    raise DataError(origin, "not found in the mirror")
                shutil.copyfile(origin, tmp)

        write_atomic(target, write, digest=entry.sha256)
        done.append(target)
        if target.name == MANIFEST and not download:
            done += _fetch_listed(target, Path(source) / entry.file)
    return done


#: Name of a checksum list that registers a whole folder of raw files (``sha256sum`` format).
MANIFEST = "SHA256SUMS.txt"


def read_manifest(path: str | Path) -> dict[str, str]:
    r"""Return file name -> SHA-256 from a ``sha256sum``-style list.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "SHA256SUMS.txt"
    >>> _ = p.write_text("ab" * 32 + "  a.csv\n")
    >>> list(read_manifest(p))
    ['a.csv']
    """
    listed = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise DataError(path, f"malformed checksum line {line[:60]!r}", row=number)
        listed[name.strip()] = digest
    return listed


def _fetch_listed(manifest: Path, origin_manifest: Path) -> list[Path]:
    """Copy every file a manifest lists, from beside the mirror's copy, verifying each."""
    done = []
    for name, digest in read_manifest(manifest).items():
        found = sorted(origin_manifest.parent.rglob(name))
        if not found:
            raise DataError(origin_manifest.parent / name, "not found in the mirror")
        target = manifest.parent / found[0].relative_to(origin_manifest.parent)
        if not (target.is_file() and sha256(target) == digest):
            write_atomic(target, lambda tmp, origin=found[0]: shutil.copyfile(origin, tmp),
                         digest=digest)
        done.append(target)
    return done


def resolve_listed(source_id: str, raw: str | Path | None = None) -> dict[str, Path]:
    """Return file name -> verified path for every file a registered manifest lists.

    The manifest itself is checked against the registry, then each file (found under
    the manifest's folder) against the manifest.
    """
    manifest = resolve(source_id, raw)
    paths = {}
    for name, digest in read_manifest(manifest).items():
        found = sorted(manifest.parent.rglob(name))
        if not found:
            raise DataError(manifest.parent / name, "raw file missing: run 'python -m alliances "
                            "data fetch' first")
        verify(found[0], digest)
        paths[name] = found[0]
    return paths


def resolve(source_id: str, raw: str | Path | None = None) -> Path:
    """Return the verified path of a registered raw file.

    Looks in ``raw`` (default ``data/raw``) and checks the SHA-256.
    """
    entry = load_sources().set_index("id").loc[source_id]
    path = Path(raw if raw else raw_dir()) / entry["file"]
    if not path.is_file():
        raise DataError(path, "raw file missing: run 'python -m alliances data fetch' first")
    verify(path, entry["sha256"])
    return path
