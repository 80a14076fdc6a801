"""Keep the book's chapter notebooks, their text twins and their stored outputs in step.

Each chapter in ``notebooks/`` exists twice: ``<chapter>.md`` (MyST Markdown, the text a
reviewer reads and edits) and ``<chapter>.ipynb`` (the same cells with stored outputs,
which Jupyter opens and nbval checks). jupytext pairs the two (``notebooks/jupytext.toml``).

``python -m alliances.notebooks refresh`` (what ``make notebooks`` runs) syncs each pair,
executes the notebook in place and records in its metadata the fingerprint of the inputs
it was executed with (:func:`alliances.paths.inputs_fingerprint`).
``python -m alliances.notebooks check`` reports pairs that disagree and notebooks whose
stored outputs were computed from other inputs; the test suite runs the same check.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from alliances.paths import ROOT, execution_cache_dir, inputs_fingerprint

#: Folder of the chapter notebooks.
NOTEBOOKS = ROOT / "notebooks"
#: Notebook metadata key under which the inputs' fingerprint is stored.
METADATA_KEY = "alliances"
#: What to run when a check fails.
REMEDY = "run `make notebooks` (syncs notebooks/*.md and *.ipynb and re-executes them)"


def chapters(folder: Path = NOTEBOOKS) -> list[Path]:
    """Return the chapter notebooks (``.ipynb``) in ``folder``, sorted.

    A chapter that so far exists only as its ``.md`` text is included: syncing creates
    its ``.ipynb``.
    """
    return sorted({p.with_suffix(".ipynb") for p in (*folder.glob("*.ipynb"),
                                                     *folder.glob("*.md"))})


def _cells(nb) -> list[tuple]:
    """Return what must agree between the two files of a pair (type, source, tags, figure)."""
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", [])),
             repr(c.metadata.get("mystnb", {}))) for c in nb.cells]


def pair_differs(ipynb: Path) -> str | None:
    """Return why ``ipynb`` and its ``.md`` twin disagree, or ``None`` if they agree."""
    import jupytext
    import nbformat

    text = ipynb.with_suffix(".md")
    if not text.is_file():
        return f"{text.relative_to(ROOT)} is missing"
    a = _cells(nbformat.read(ipynb, as_version=4))
    b = _cells(jupytext.read(text))
    if a == b:
        return None
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"cell {i + 1} differs between {ipynb.name} and {text.name}"
    return f"{ipynb.name} has {len(a)} cells, {text.name} has {len(b)}"


def stored_fingerprint(ipynb: Path) -> str | None:
    """Return the inputs' fingerprint recorded when ``ipynb`` was last refreshed."""
    import nbformat

    nb = nbformat.read(ipynb, as_version=4)
    return nb.metadata.get(METADATA_KEY, {}).get("inputs_sha256")


def check(folder: Path = NOTEBOOKS) -> list[str]:
    """Return one line per problem: unsynced pairs and stale stored outputs."""
    current = inputs_fingerprint()
    problems = []
    for ipynb in chapters(folder):
        if not ipynb.is_file():
            problems.append(f"{ipynb.name} is missing")
            continue
        why = pair_differs(ipynb)
        if why:
            problems.append(f"{ipynb.name}: {why}")
        if stored_fingerprint(ipynb) != current:
            problems.append(f"{ipynb.name}: stored outputs were computed from other data/ or "
                            "src/ (the inputs' fingerprint differs)")
    return problems


#: Where :func:`sync` records the pairs it left in step (size and mtime of both files).
SYNC_STAMP = ROOT / "_build" / ".notebooks-synced.json"


def _state(path: Path) -> list[int] | None:
    """Size and modification time of ``path`` (``None`` if it does not exist)."""
    if not path.is_file():
        return None
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def sync(paths: Sequence[Path], stamp: Path | None = SYNC_STAMP) -> list[Path]:
    """Sync each notebook with its text twin (the more recently modified one wins).

    A pair neither of whose files changed since the last sync (recorded in ``stamp``)
    is skipped, so a no-change ``make book`` does not re-read every notebook. Returns
    the notebooks synced.
    """
    seen = {}
    if stamp and stamp.is_file():
        seen = json.loads(stamp.read_text(encoding="utf-8"))
    done = []
    for path in paths:
        key = str(path.resolve())
        if seen.get(key) == [_state(path), _state(path.with_suffix(".md"))]:
            continue
        from jupytext.cli import jupytext as jupytext_cli

        source = path if path.is_file() else path.with_suffix(".md")
        jupytext_cli(["--sync", "--quiet", str(source)])
        seen[key] = [_state(path), _state(path.with_suffix(".md"))]
        done.append(path)
    if stamp:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(seen, indent=1), encoding="utf-8")
    return done


def inject_parameters(nb, parameters: dict) -> None:
    """Insert a cell setting ``parameters`` right after the cell tagged ``parameters``.

    This is papermill's convention: the new cell, tagged ``injected-parameters``,
    overrides the defaults, so the notebook runs as written for other values.
    """
    import nbformat

    index = next((i for i, c in enumerate(nb.cells)
                  if "parameters" in c.metadata.get("tags", [])), None)
    if index is None:
        raise ValueError("the notebook has no cell tagged 'parameters'")
    source = "\n".join(f"{key} = {value!r}" for key, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, cell)


def execute(path: Path, *, timeout: int = 600, parameters: dict | None = None,
            output: Path | None = None) -> None:
    """Execute ``path`` and record the inputs' fingerprint in its metadata.

    Parameters
    ----------
    path : pathlib.Path
        The notebook.
    timeout : int
        Seconds allowed per cell.
    parameters : dict, optional
        Values that override the notebook's ``parameters`` cell (e.g. another vantage
        date); see :func:`inject_parameters`.
    output : pathlib.Path, optional
        Where to write the executed notebook; by default ``path`` itself (in place).
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    if parameters:
        inject_parameters(nb, parameters)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata[METADATA_KEY] = {"inputs_sha256": inputs_fingerprint()}
    nbformat.write(nb, output or path)


def precache(paths: Sequence[Path], build_dir: Path | None = None) -> list[str]:
    """Execute the notebooks that the book's cache lacks, in parallel, into that cache.

    Jupyter Book executes notebooks one after the other; on a machine with several cores
    filling its cache first, with jupyter-cache's parallel executor, makes a cold build
    faster. When only one notebook changed since the last run, it is left to the book's
    build, which executes it in the same time without starting another process. The cache
    is the one the book uses (:func:`alliances.paths.execution_cache_dir`), and records are
    keyed on each notebook's code as myst-nb keys them, so the build finds them. Returns
    the notebooks executed; raises if one fails.
    """
    folder = execution_cache_dir(build_dir)
    stamp = folder / "precached.json"
    digests = {str(p.resolve()): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    known = json.loads(stamp.read_text(encoding="utf-8")) if stamp.is_file() else {}
    changed = [k for k, v in digests.items() if known.get(k) != v]
    if not changed:
        return []  # these very files were cached before: skip loading jupyter-cache
    if known and len(changed) == 1:
        return []  # one edited chapter: the book executes it without a second process
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    folder.mkdir(parents=True, exist_ok=True)
    cache = get_cache(folder)
    for path in paths:
        cache.add_nb_to_project(str(path.resolve()))
    todo = [r.uri for r in cache.list_unexecuted()]
    done = []
    if todo:
        kind = "local-parallel" if len(todo) > 1 else "local-serial"  # no pool for one
        result = load_executor(kind, cache=cache).run_and_cache(filter_uris=todo, timeout=600)
        failed = result.errored + result.excepted
        if failed:
            raise RuntimeError(f"notebooks failed to execute: {', '.join(failed)}")
        done = result.succeeded
    stamp.write_text(json.dumps({**known, **digests}, indent=1), encoding="utf-8")
    return done


#: The files the HTML book is built from, besides ``data/`` and ``src/`` (which
#: :func:`alliances.paths.inputs_fingerprint` covers).
BOOK_SOURCES = ("_config.yml", "_toc.yml", "notebooks/*.ipynb", "book/**/*", "_static/**/*",
                "_templates/**/*")


def book_digest(root: Path = ROOT) -> str:
    """Return a SHA-256 over everything the HTML book is built from.

    The book's sources (:data:`BOOK_SOURCES`), the inputs' fingerprint (``data/``,
    ``src/``, ``requirements.txt``) and the installed plotly.js bundle.
    """
    from alliances.paths import plotly_js

    digest = hashlib.sha256(inputs_fingerprint().encode())
    files = sorted({p for pattern in BOOK_SOURCES for p in root.glob(pattern) if p.is_file()
                    and "__pycache__" not in p.parts})
    for path in [*files, plotly_js()]:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path)
                      .encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def built_stamp(html: Path | None = None) -> Path:
    """Return where ``make book`` records the digest the HTML was built from."""
    return (html or ROOT / "_build" / "html") / ".book-digest"


def up_to_date(html: Path | None = None) -> bool:
    """Whether the HTML book was built from exactly the current sources and inputs."""
    stamp = built_stamp(html)
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == book_digest()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Commands: ``refresh [NOTEBOOK ...]``, ``sync``, ``check``, ``precache``, ``built``
    (exit status 0 when the HTML is current) and ``mark-built``.
    """
    parser = argparse.ArgumentParser(prog="python -m alliances.notebooks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["refresh", "sync", "check", "precache", "built",
                                            "mark-built"])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to refresh (default: all in notebooks/)")
    args = parser.parse_args(argv)
    paths = [p.with_suffix(".ipynb") for p in args.notebooks] or chapters()
    if args.command == "check":
        problems = check()
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(f"-> {REMEDY}", file=sys.stderr)
        return 1 if problems else 0
    if args.command == "built":  # exit 0 when the HTML is current: the build can be skipped
        return 0 if up_to_date() else 1
    if args.command == "mark-built":
        built_stamp().write_text(book_digest() + "\n", encoding="utf-8")
        return 0
    if args.command == "precache":
        done = precache(paths)
        print(f"executed into the book's cache: {len(done)} notebook(s)", file=sys.stderr)
        return 0
    sync(paths)
    if args.command == "refresh":
        for path in paths:
            print(f"executing {path.name}", file=sys.stderr)
            execute(path)
        sync(paths)  # the text twins get the (unchanged) inputs; timestamps line up
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
