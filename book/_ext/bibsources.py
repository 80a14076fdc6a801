"""Sphinx extension: the bibliography's second list, the sources of the data tables.

``book/bibliography.md`` prints two lists from ``book/references.bib``: the works the text
cites (sphinxcontrib-bibtex's ``cited`` filter) and the sources the curated tables in ``data/``
name, when the text does not cite them too. Nothing else is printed. The second list's
``:filter:`` reads ``key in data_source_keys``; when the page is read, this extension replaces
the name ``data_source_keys`` with the set of keys the data files cite, computed here from
``data/`` at every build:

- an entry is cited by the data when its ``url`` appears in a data file (a ``source_url`` cell,
  a URL in a note, a README or a ``metadata.json``; compared without scheme, ``www.``,
  trailing slash or trailing punctuation), or
- when a data file names its key (as in "bib key stavridis2011saceur").

When the keys the data cite change, the bibliography page is read again
(``env-get-outdated``). Without this extension the name matches no entry and the second list
is empty.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

#: The name in ``book/bibliography.md`` that stands for the data's keys.
PLACEHOLDER = "data_source_keys"
#: The page holding the two lists.
DOCNAME = "book/bibliography"
#: Files of ``data/`` that name sources.
SUFFIXES = (".csv", ".md", ".json")

_URL = re.compile(r"https?://[^\s,\"'<>()\[\]{}|]+")
_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")


def normalise_url(url: str) -> str:
    """Return a URL reduced for comparison: lower case, no scheme, ``www.`` or trailing marks.

    Examples
    --------
    >>> normalise_url("https://www.NATO.int/cps/en/natohq/topics_52044.htm.")
    'nato.int/cps/en/natohq/topics_52044.htm'
    >>> normalise_url("http://en.kremlin.ru/events/president/news/786/")
    'en.kremlin.ru/events/president/news/786'
    """
    url = url.strip().lower().rstrip(".,;:")
    url = re.sub(r"^https?://", "", url)
    url = re.sub(r"^www\.", "", url)
    return url.rstrip("/")


def bib_entries(bib_path: str | Path) -> dict[str, str]:
    """Return each entry of a BibTeX file as ``{key: url}`` (``""`` when it has no URL).

    Parameters
    ----------
    bib_path : str or Path
        The ``.bib`` file.

    Returns
    -------
    dict
        Keys in the order of the file.
    """
    from pybtex.database import parse_file

    data = parse_file(str(bib_path))
    return {key: entry.fields.get("url", "") for key, entry in data.entries.items()}


def data_files(data_dir: str | Path) -> Iterable[Path]:
    """Yield the files of ``data/`` that can name a source (CSV, Markdown, JSON), sorted."""
    return sorted(p for p in Path(data_dir).rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def data_citations(bib_path: str | Path, data_dir: str | Path) -> dict[str, list[str]]:
    """Return the bibliography entries the data files cite, each with the files citing it.

    Parameters
    ----------
    bib_path : str or Path
        ``book/references.bib``.
    data_dir : str or Path
        ``data/``.

    Returns
    -------
    dict
        ``{key: [file, ...]}`` with file paths relative to ``data_dir``'s parent, for every
        entry whose URL appears in a data file or whose key a data file names.
    """
    entries = {key: normalise_url(url) for key, url in bib_entries(bib_path).items()}
    data_dir = Path(data_dir)
    found: dict[str, list[str]] = {}
    for path in data_files(data_dir):
        text = path.read_text(encoding="utf-8", errors="replace")
        urls = {normalise_url(u) for u in _URL.findall(text)}
        words = set(re.findall(r"[A-Za-z0-9_]+", text))
        name = path.relative_to(data_dir.parent).as_posix()
        for key, url in entries.items():
            if key in words or (url and url in urls):
                found.setdefault(key, []).append(name)
    return found


def text_citations(paths: Iterable[str | Path]) -> dict[str, list[str]]:
    """Return the keys that ``{cite}`` roles in MyST files cite, each with the files citing it.

    Parameters
    ----------
    paths : iterable of str or Path
        MyST Markdown files (the chapters' ``.md`` twins and the pages of ``book/``).

    Returns
    -------
    dict
        ``{key: [file, ...]}``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "p.md"
    >>> _ = page.write_text("As {cite:p}`a2001, b2002` and {cite:t}`a2001` say.")
    >>> sorted(text_citations([page]))
    ['a2001', 'b2002']
    """
    found: dict[str, list[str]] = {}
    for path in paths:
        for match in _CITE.finditer(Path(path).read_text(encoding="utf-8")):
            for key in (k.strip() for k in match.group(1).split(",")):
                if key and str(path) not in found.setdefault(key, []):
                    found[key].append(str(path))
    return found


def filter_set(keys: Iterable[str]) -> str:
    """Return keys as a set literal for a ``:filter:`` option (its ``key`` is lower case).

    Examples
    --------
    >>> filter_set(["b", "A"])
    '{"a", "b"}'
    """
    return "{" + ", ".join(f'"{k.lower()}"' for k in sorted(keys, key=str.lower)) + "}"


def _keys_for(app) -> list[str]:
    root = Path(app.srcdir)
    keys: set[str] = set()
    for bib in app.config.bibtex_bibfiles:
        keys |= set(data_citations(root / bib, root / "data"))
    return sorted(keys)


def sources_digest(app) -> str:
    """Return a SHA-256 over what the keys are computed from: the BibTeX files and data files."""
    root = Path(app.srcdir)
    digest = hashlib.sha256()
    for path in [*(root / bib for bib in app.config.bibtex_bibfiles),
                 *data_files(root / "data")]:
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fill_placeholder(app, docname, source) -> None:
    """Put the data's keys into the bibliography page's second ``:filter:``."""
    if docname != DOCNAME:
        return
    app.env.bibsources_digest = sources_digest(app)
    keys = _keys_for(app)
    app.env.bibsources_keys = keys
    source[0] = re.sub(rf"\b{PLACEHOLDER}\b", filter_set(keys) if keys else "{\"\"}",
                       source[0])


def reread_when_data_change(app, env, added, changed, removed) -> list[str]:
    """Mark the bibliography page outdated when the data cite other entries than last read.

    The keys are computed again (about 0.2 s: parsing the BibTeX file) only when a BibTeX or
    data file changed since (a digest of them takes 5 ms); if the keys are the same, the
    digest is updated and the page is not read again.
    """
    if DOCNAME not in env.found_docs:
        return []
    digest = sources_digest(app)
    if getattr(env, "bibsources_digest", None) == digest:
        return []
    if getattr(env, "bibsources_keys", None) != _keys_for(app):
        return [DOCNAME]
    env.bibsources_digest = digest
    return []


def setup(app):
    """Register the events."""
    app.connect("source-read", fill_placeholder)
    app.connect("env-get-outdated", reread_when_data_change)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
