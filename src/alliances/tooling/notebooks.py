"""Keep the book's chapter notebooks, their text twins and their stored outputs in step.

Each chapter in ``notebooks/`` exists twice: ``<chapter>.md`` (MyST Markdown, the text a
reviewer reads and edits) and ``<chapter>.ipynb`` (the same cells with stored outputs). jupytext
pairs the two (``notebooks/jupytext.toml``). The stored outputs are the only ones there are:
the book renders them (``execute_notebooks: off``), nbval checks them against a fresh run, and
Jupyter opens them.

Each executed notebook records in its metadata what its outputs were computed from
(``metadata.alliances``): the SHA-256 of its code cells and of every input it used, namely the
package modules it imported and the data files it read (collected when it ran; see
:func:`alliances.paths.record_read`), plus the version of Python and of every installed
distribution whose modules it imported (``python:pandas``, say). A notebook is stale when one
of these changed or its ``.md`` twin says something else, and only stale notebooks are
executed again; a module no notebook imports (the CLI, the PDF printer, ...) and a pinned tool
no notebook loads (pytest, ruff, Playwright) can change freely.

Commands (``python -m alliances.tooling.notebooks ...``): ``refresh [NOTEBOOK ...]`` (``make
notebooks``: sync the pairs, execute the stale notebooks in place, two at a time), ``check``
(report unsynced pairs and stale notebooks; the test suite runs the same check), ``sync`` and
``book`` (``make book``: refresh, then build the HTML unless it is current, in the same
process).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import functools
import gc
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from alliances import paths
from alliances.paths import ROOT

#: Folder of the chapter notebooks.
NOTEBOOKS = ROOT / "notebooks"
#: Notebook metadata key under which the inputs are recorded.
METADATA_KEY = "alliances"
#: What to run when a check fails.
REMEDY = "run `make notebooks` (syncs notebooks/*.md and *.ipynb, re-executes the stale ones)"
#: Largest root-mean-square difference (0-255 per channel) between a figure's stored image and a
#: fresh one (:func:`figure_differences`). Text drawn by another FreeType or matplotlib moves a
#: few anti-aliased pixels (RMS about 1); a line, bar or label drawn elsewhere or in another
#: colour gives 10 and more.
FIGURE_RMS = 5.0
#: Prefix of the inputs that are installed distributions (``python:pandas``), whose recorded
#: "hash" is the version; ``python:`` alone is the interpreter's version.
DIST = "python:"
#: Notebooks executed at once by :func:`refresh` (the CI machine has two cores).
JOBS = 2
#: Marker of the line the collecting cell prints.
_MARK = "ALLIANCES-INPUTS "
#: Code of the cell appended at execution time (and removed before writing): the package's
#: modules the kernel imported, the data files it read, and the top-level names of every module
#: it imported (mapped to installed distributions by :func:`distributions`).
COLLECT = f"""\
import json as _json, sys as _sys
_files = sorted(getattr(m, "__file__", None) or "" for n, m in list(_sys.modules.items())
                if n == "alliances" or n.startswith("alliances."))
_reads = _sys.modules["alliances.paths"].reads() if "alliances.paths" in _sys.modules else {{}}
_tops = sorted({{n.split(".")[0] for n in list(_sys.modules)}})
print({_MARK!r} + _json.dumps({{"modules": [f for f in _files if f], "data": _reads,
                                 "imported": _tops}}))
"""


def figure_differences(stored: Sequence[str], fresh: Sequence[str],
                       tolerance: float = FIGURE_RMS) -> list[str]:
    """Compare a cell's figures, as base64 PNGs, with a tolerance; return what differs.

    What a figure shows is compared exactly elsewhere (its data travel with it as text); this
    compares how it is drawn: the same number of figures, each of the same size in pixels,
    and pixels whose root-mean-square difference is at most ``tolerance``
    (:func:`matplotlib.testing.compare.calculate_rms`).

    Examples
    --------
    >>> import base64, io
    >>> import numpy as np
    >>> from PIL import Image
    >>> def png(pixels):
    ...     buffer = io.BytesIO()
    ...     Image.fromarray(np.asarray(pixels, dtype=np.uint8)).save(buffer, format="PNG")
    ...     return base64.b64encode(buffer.getvalue()).decode()
    >>> white = np.full((10, 20, 3), 255)
    >>> figure_differences([png(white)], [png(white - 2)])
    []
    >>> bar = white.copy(); bar[:, :5] = (0, 114, 178)
    >>> figure_differences([png(white)], [png(bar)])
    ['figure 1: drawn differently (RMS 87.0 > 5.0)']
    >>> figure_differences([png(white)], [png(white[:, :10])])
    ['figure 1: 10 x 20 pixels stored, 10 x 10 now']
    >>> figure_differences([png(white)], [])
    ['1 figure(s) stored, 0 now']
    """
    import base64
    import io

    import numpy as np
    from matplotlib.testing.compare import calculate_rms
    from PIL import Image

    if len(stored) != len(fresh):
        return [f"{len(stored)} figure(s) stored, {len(fresh)} now"]
    found = []
    for number, (old, new) in enumerate(zip(stored, fresh, strict=True), start=1):
        before, after = (np.asarray(Image.open(io.BytesIO(base64.b64decode(data)))
                                    .convert("RGB"), dtype=np.int16) for data in (old, new))
        if before.shape != after.shape:
            found.append(f"figure {number}: {before.shape[0]} x {before.shape[1]} pixels "
                         f"stored, {after.shape[0]} x {after.shape[1]} now")
        elif (rms := calculate_rms(before, after)) > tolerance:
            found.append(f"figure {number}: drawn differently (RMS {rms:.1f} > {tolerance})")
    return found


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
        return f"{text.name} is missing"
    a = _cells(nbformat.read(ipynb, as_version=4))
    b = _cells(jupytext.read(text))
    if a == b:
        return None
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"cell {i + 1} differs between {ipynb.name} and {text.name}"
    return f"{ipynb.name} has {len(a)} cells, {text.name} has {len(b)}"


def code_sha256(nb) -> str:
    """Return a SHA-256 over the notebook's code cells (source and tags), in order.

    Prose and figure captions are left out: editing them changes no output, so the
    notebook is synced with its text twin but not executed again.
    """
    digest = hashlib.sha256()
    for cell in nb.get("cells", []):
        if cell["cell_type"] == "code":
            source = cell["source"]  # a list of lines as stored, one string once read
            source = source if isinstance(source, str) else "".join(source)
            digest.update(json.dumps([source.strip(), cell.get("metadata", {}).get("tags", [])])
                          .encode("utf-8") + b"\0")
    return digest.hexdigest()


def recorded(nb) -> dict:
    """Return what ``nb``'s metadata records of its last execution (empty if nothing)."""
    return dict(nb.get("metadata", {}).get(METADATA_KEY, {}))


def stale_reasons(ipynb: Path, hashes: dict[str, str | None] | None = None) -> list[str]:
    """Return why the outputs stored in ``ipynb`` may not be those of a fresh run.

    A changed code cell, an input (module, data file) whose content differs from the one
    recorded, or an installed distribution it imported whose version changed. ``hashes``
    caches file hashes and versions across calls. An empty list means the notebook is current.
    The notebook's JSON is read as it is stored (importing and validating with nbformat took
    half of a ``make book`` that had nothing to do).
    """
    nb = json.loads(ipynb.read_text(encoding="utf-8"))
    record = recorded(nb)
    if "inputs" not in record:
        return ["no record of the inputs it was executed with"]
    reasons = []
    if record.get("code_sha256") != code_sha256(nb):
        reasons.append("its code cells changed since it was executed")
    hashes = {} if hashes is None else hashes
    for key, sha in sorted(record["inputs"].items()):
        if key not in hashes:
            hashes[key] = (installed(key.removeprefix(DIST)) if key.startswith(DIST)
                           else paths.sha256(paths.input_path(key)))
        if hashes[key] is None:
            gone = "is not installed" if key.startswith(DIST) else "no longer exists"
            reasons.append(f"{key}, which it used, {gone}")
        elif hashes[key] != sha:
            reasons.append(f"{key} changed since it was executed"
                           + (f" ({sha} -> {hashes[key]})" if key.startswith(DIST) else ""))
    return reasons


def installed(distribution: str) -> str | None:
    """Return the installed version of a distribution (``""``: Python's own version).

    ``None`` when it is not installed.

    >>> installed("") == ".".join(map(str, sys.version_info[:3]))
    True
    >>> installed("pandas") == __import__("pandas").__version__
    True
    >>> installed("no-such-distribution") is None
    True
    """
    from importlib import metadata

    if not distribution:
        return ".".join(map(str, sys.version_info[:3]))
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def distributions(modules: Sequence[str]) -> dict[str, str]:
    """Return ``{"python:<distribution>": version}`` for the top-level modules given.

    Modules of the standard library and of this project map to no distribution but Python
    itself (``"python:"``); a module installed by several distributions names each.

    >>> found = distributions(["pandas", "json", "alliances"])
    >>> found["python:pandas"] == installed("pandas") and "python:" in found
    True
    >>> [k for k in found if "alliances" in k]
    []
    """
    from importlib import metadata

    owners = metadata.packages_distributions()
    found = {DIST: installed("")}
    for module in modules:
        for dist in owners.get(module, []):
            if dist.lower() != "alliances":
                found[DIST + dist] = installed(dist)
    return {k: v for k, v in found.items() if v is not None}


@functools.cache
def startup_modules(python: str = sys.executable) -> frozenset[str]:
    """Return the top-level modules ``python`` has loaded before any code of its own runs.

    The interpreter's start-up imports part of the standard library, and ``site`` runs the
    ``.pth`` files of the environment (setuptools' ``distutils-precedence.pth`` imports
    ``_distutils_hack``, say). A kernel has all of them loaded whatever its notebook does, so
    they are not recorded as what the notebook used: updating setuptools leaves every chapter
    current.

    >>> loaded = startup_modules()
    >>> "sys" in loaded, "pandas" in loaded
    (True, False)
    """
    code = "import sys; print(' '.join({name.split('.')[0] for name in sys.modules}))"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return frozenset(done.stdout.split())


def check(folder: Path | Sequence[Path] = NOTEBOOKS) -> list[str]:
    """Return one line per problem: unsynced pairs and stale stored outputs.

    ``folder`` is a folder of notebooks or a list of notebooks.
    """
    notebooks = chapters(folder) if isinstance(folder, Path) else list(folder)
    problems, hashes = [], {}
    for ipynb in notebooks:
        if not ipynb.is_file():
            problems.append(f"{ipynb.name} is missing")
            continue
        why = pair_differs(ipynb)
        if why:
            problems.append(f"{ipynb.name}: {why}")
        problems += [f"{ipynb.name}: stale: {reason}" for reason in stale_reasons(ipynb, hashes)]
    return problems


#: Where :func:`sync` records the pairs it left in step (size and mtime of both files).
SYNC_STAMP = ROOT / "_build" / ".notebooks-synced.json"


def _state(path: Path) -> list[int] | None:
    """Size and modification time of ``path`` (``None`` if it does not exist)."""
    if not path.is_file():
        return None
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def sync(paths_: Sequence[Path], stamp: Path | None = SYNC_STAMP) -> list[Path]:
    """Sync each notebook with its text twin (the more recently modified one wins).

    A pair neither of whose files changed since the last sync (recorded in ``stamp``)
    is skipped, so a no-change ``make book`` does not re-read every notebook. jupytext
    keeps the outputs of code cells whose source did not change. Returns the notebooks
    synced.
    """
    seen = {}
    if stamp and stamp.is_file():
        seen = json.loads(stamp.read_text(encoding="utf-8"))
    done = []
    for path in paths_:
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


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    """Set an environment variable (inherited by the kernel) for the duration."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _module_hashes() -> dict[str, str]:
    """SHA-256 of every module file of the package, by input key."""
    return {paths.module_key(p): paths.sha256(p) for p in paths.PACKAGE.rglob("*.py")
            if "__pycache__" not in p.parts}


def execute(path: Path, *, timeout: int = 600, parameters: dict | None = None,
            output: Path | None = None) -> dict[str, str]:
    """Execute ``path`` and record in its metadata what its outputs were computed from.

    The record (``metadata.alliances``) holds ``code_sha256`` (:func:`code_sha256`) and
    ``inputs``: ``{path: sha256}`` for each package module the kernel imported, each data
    file it read (the kernel runs with :data:`alliances.paths.RECORD_READS` set), and
    ``{"python:<distribution>": version}`` for Python and each installed distribution whose
    modules the kernel imported (:func:`distributions`; not those the interpreter loads at
    start-up, :func:`startup_modules`). The modules' hashes are taken before
    the run, so an edit made while the notebook runs leaves it stale rather than wrongly
    current.

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

    Returns
    -------
    dict
        The recorded inputs.
    """
    import nbformat
    from nbclient import NotebookClient

    from alliances.tooling.kernels import AsyncKernelManager

    modules = _module_hashes()
    nb = nbformat.read(path, as_version=4)
    if parameters:
        inject_parameters(nb, parameters)
    nb.cells.append(nbformat.v4.new_code_cell(COLLECT))
    with _env(paths.RECORD_READS, "1"):
        NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                       kernel_manager_class=AsyncKernelManager,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    collected = nb.cells.pop()
    printed = "".join(o.get("text", "") for o in collected.outputs if o.output_type == "stream")
    used = json.loads(printed.split(_MARK, 1)[1])
    inputs = dict(used["data"])
    for file in used["modules"]:
        key = paths.module_key(file)
        if key is None:
            raise RuntimeError(f"{path.name}: the kernel imported {file}, not a module of "
                               f"{paths.PACKAGE} (is the package installed elsewhere?)")
        inputs[key] = modules.get(key) or paths.sha256(Path(file))
    inputs.update(distributions(sorted(set(used["imported"]) - startup_modules())))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata[METADATA_KEY] = {"code_sha256": code_sha256(nb),
                                 "inputs": dict(sorted(inputs.items()))}
    nbformat.write(nb, output or path)
    return nb.metadata[METADATA_KEY]["inputs"]


def _execute_one(path: Path) -> tuple[Path, float, str | None]:
    """Execute ``path`` in place; return it, the seconds taken and the error if it failed."""
    start = time.perf_counter()
    try:
        execute(path)
    except Exception as exc:  # reported with the others once every notebook has run
        return path, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    return path, time.perf_counter() - start, None


def refresh(notebooks: Sequence[Path], jobs: int = JOBS, *, force: bool = False,
            stamp: Path | None = SYNC_STAMP) -> list[Path]:
    """Sync the pairs and execute, in place, the notebooks whose outputs are stale.

    ``jobs`` notebooks run at once (one process each); ``force`` executes them all;
    ``stamp`` is :func:`sync`'s record. Raises ``RuntimeError`` naming every notebook that
    failed, after the others have run and been written. Returns the notebooks executed.
    """
    sync(notebooks, stamp)
    hashes: dict = {}
    todo = [p for p in notebooks if force or stale_reasons(p, hashes)]
    todo.sort(key=lambda p: p.stat().st_size, reverse=True)  # the big ones first
    failed = []
    if len(todo) > 1 and jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            results = list(pool.map(_execute_one, todo))
    else:
        results = [_execute_one(p) for p in todo]
    for path, seconds, error in results:
        print(f"executed {path.name} in {seconds:.1f} s" + (": FAILED (below)" if error
                                                           else ""), file=sys.stderr)
        if error:
            failed.append(f"{path.name}: {error}")
    sync(notebooks, stamp)  # the text twins get new timestamps; their cells did not change
    if failed:
        raise RuntimeError("notebooks failed to execute:\n" + "\n".join(failed))
    return todo


#: The files the HTML book is built from, besides the package modules its extensions import.
BOOK_SOURCES = ("_config.yml", "_toc.yml", "requirements.txt", "notebooks/*.ipynb",
                "book/**/*", "_static/**/*", "_templates/**/*")


def _imports(source: str, module: str = "") -> set[str]:
    """Return the ``alliances`` modules a Python source imports (names without the prefix).

    ``module`` is the importing module's own name in the package, for relative imports.
    """
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "alliances"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative, inside the package
                base = ".".join(["alliances", *module.split(".")[:-node.level][1:], base]
                                ).strip(".")
            if base.split(".")[0] == "alliances":
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
    return found


def book_modules(root: Path = ROOT) -> list[Path]:
    """Return the package's module files the book's Sphinx extensions import, directly or not.

    Found by reading the imports of ``book/_ext/*.py`` and following them through the
    package, so that a change to a module the build never loads (the CLI, say) does not
    rebuild the book.
    """
    todo = set().union(*(_imports(p.read_text(encoding="utf-8"))
                         for p in sorted((root / "book" / "_ext").glob("*.py"))))
    done: set[Path] = set()
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b imports a too
            rel = Path(*parts[1:i])
            for file in (paths.PACKAGE / rel / "__init__.py", paths.PACKAGE / f"{rel}.py"):
                if file.is_file() and file not in done:
                    done.add(file)
                    todo |= _imports(file.read_text(encoding="utf-8"), ".".join(parts[:i]))
    return sorted(done)


def book_digest(root: Path = ROOT) -> str:
    """Return a SHA-256 over everything the HTML book is built from.

    The book's sources (:data:`BOOK_SOURCES`: the configuration, the executed notebooks,
    the pages, styles and extensions), the package modules those extensions import
    (:func:`book_modules`) and the installed plotly.js bundle.
    """
    from alliances.paths import plotly_js

    digest = hashlib.sha256()
    files = sorted({p for pattern in BOOK_SOURCES for p in root.glob(pattern) if p.is_file()
                    and "__pycache__" not in p.parts})
    for path in [*files, *book_modules(root), plotly_js()]:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path)
                      .encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def built_stamp(html: Path | None = None) -> Path:
    """Return where ``make book`` records the digest the HTML was built from."""
    return (html or ROOT / "_build" / "html") / ".book-digest"


def up_to_date(html: Path | None = None, root: Path = ROOT) -> bool:
    """Whether the HTML book was built from exactly the current sources and inputs."""
    stamp = built_stamp(html)
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == book_digest(root)


#: Sphinx's closing line, e.g. ``build succeeded, 2 warnings.``
WARNINGS = re.compile(r"build succeeded, (\d+) warnings?\.")


class _Warnings(io.TextIOBase):
    """A text stream that writes through to ``stream`` and reads Sphinx's warning count."""

    def __init__(self, stream) -> None:
        self.stream, self.count = stream, 0

    def write(self, text: str) -> int:
        found = WARNINGS.search(text)
        self.count = int(found.group(1)) if found else self.count
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def jupyter_book(argv: Sequence[str]) -> int:
    """Run the ``jupyter-book`` command line in this process; return its exit status.

    The same command as the ``jupyter-book`` script, without a second interpreter
    importing Sphinx and the extensions again. A failed build is reported on stderr.

    While it runs, the garbage collector starts a collection after 100,000 new objects
    instead of 700 (mypy does the same for its builds): a build makes millions of objects
    and keeps most of them, and the default ran some 1,200 collections, a fifth of a clean
    build's time (about 20 collections remain).
    """
    import click
    from jupyter_book.cli.main import main as command

    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        command.main(list(argv), prog_name="jupyter-book", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except RuntimeError as exc:  # jupyter-book's own report of a failed build
        print(exc, file=sys.stderr)
        return 1
    finally:
        gc.set_threshold(*threshold)
    return 0


def build_book(root: Path = ROOT, args: Sequence[str] = ()) -> int:
    """Build the HTML book (``jupyter-book build . --keep-going``) unless it is current.

    The digest of the sources is taken *before* the build, so a file edited while the
    book builds leaves it out of date; and it is recorded only when the build succeeded
    without a warning, so the next ``make book`` shows the warnings again. Returns the
    build's exit status.
    """
    html = root / "_build" / "html"
    if up_to_date(html, root):
        print("the book is current (_build/html): nothing to build", file=sys.stderr)
        return 0
    digest = book_digest(root)
    out = _Warnings(sys.stdout)
    with contextlib.redirect_stdout(out):
        status = jupyter_book(["build", str(root), "--keep-going", *args])
    stamp = built_stamp(html)
    stamp.unlink(missing_ok=True)
    if status == 0 and not out.count:
        stamp.write_text(digest + "\n", encoding="utf-8")
    elif status == 0:
        print(f"{out.count} warning(s): the book is not marked as built", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line: ``refresh``, ``check``, ``sync`` or ``book`` (see the module)."""
    parser = argparse.ArgumentParser(prog="python -m alliances.tooling.notebooks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["refresh", "sync", "check", "book"])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to refresh or check (default: all in notebooks/)")
    parser.add_argument("--force", action="store_true", help="refresh: execute even if current")
    parser.add_argument("--jobs", type=int, default=JOBS, help="refresh: notebooks at once")
    args = parser.parse_intermixed_args(argv)
    notebooks = [p.with_suffix(".ipynb") for p in args.notebooks] or chapters()
    if args.command == "check":
        problems = check(notebooks)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(f"-> {REMEDY}", file=sys.stderr)
        return 1 if problems else 0
    if args.command == "sync":
        sync(notebooks)
        return 0
    done = refresh(notebooks, args.jobs, force=args.force)
    print(f"{len(done)} notebook(s) executed, {len(notebooks) - len(done)} current",
          file=sys.stderr)
    return build_book() if args.command == "book" else 0


if __name__ == "__main__":
    status = main()
    # Python's shutdown collects the garbage of every object still alive, some 200,000 after
    # a book build (about 0.5 s, a sixth of a one-page rebuild); the process ends here, so
    # those objects are moved out of the collector's reach.
    gc.freeze()
    raise SystemExit(status)
