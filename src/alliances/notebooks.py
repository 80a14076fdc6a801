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
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

from alliances.paths import ROOT, inputs_fingerprint

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


def sync(paths: Sequence[Path]) -> None:
    """Sync each notebook with its text twin (the more recently modified one wins)."""
    from jupytext.cli import jupytext as jupytext_cli

    for path in paths:
        source = path if path.is_file() else path.with_suffix(".md")
        jupytext_cli(["--sync", "--quiet", str(source)])


def inject_parameters(nb, parameters: dict) -> None:
    """Insert a cell setting ``parameters`` right after the cell tagged ``parameters``.

    This is papermill's convention: the new cell, tagged ``injected-parameters``,
    overrides the defaults, so the notebook runs as written for other values.
    """
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


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``refresh [NOTEBOOK ...]``, ``sync`` or ``check``."""
    parser = argparse.ArgumentParser(prog="python -m alliances.notebooks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["refresh", "sync", "check"])
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
    sync(paths)
    if args.command == "refresh":
        for path in paths:
            print(f"executing {path.name}", file=sys.stderr)
            execute(path)
        sync(paths)  # the text twins get the (unchanged) inputs; timestamps line up
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
