"""The package's layers: nothing imports upward, and no chapter imports the tooling."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

from alliances import paths
from alliances.tooling.notebooks import _imports

#: Rank of each layer: a module may import its own layer and those below it.
RANK = {"data": 0, "measures": 1, "presentation": 2, "tooling": 3}
MODULES = sorted(p for p in paths.PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def layer(name: str) -> str:
    """The layer of a module of the package, from its dotted name.

    >>> layer("alliances.io"), layer("alliances.measures.spending")
    ('data', 'measures')
    >>> layer("alliances.__main__")  # the entry point runs the command line
    'tooling'
    """
    parts = name.split(".")
    if len(parts) > 1 and parts[1] in RANK:
        return parts[1]
    return "tooling" if name == "alliances.__main__" else "data"


def module_name(path: Path) -> str:
    rel = path.relative_to(paths.PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)


def test_every_module_has_a_layer():
    names = {module_name(p) for p in MODULES}
    assert {"alliances.io", "alliances.measures.claims", "alliances.presentation.chapter",
            "alliances.tooling.cli"} <= names
    data = {n for n in names if layer(n) == "data"}
    assert data == {"alliances", "alliances.paths", "alliances.errors", "alliances.schemas",
                    "alliances._schema_defs", "alliances.io"}, (
        "a new top-level module: put it in the sub-package of the layer it belongs to")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_nothing_imports_upward(path):
    name = module_name(path)
    here = RANK[layer(name)]
    upward = sorted(imported for imported in _imports(path.read_text(encoding="utf-8"), name)
                    if imported.count(".") >= 1 and RANK[layer(imported)] > here)
    assert not upward, f"{name} ({layer(name)}) imports from a layer above it: {upward}"


@pytest.mark.parametrize("chapter", sorted((paths.ROOT / "notebooks").glob("*.md")),
                         ids=lambda p: p.stem)
def test_no_chapter_imports_the_tooling(chapter):
    """A change to the tooling (CLI, build, coverage...) must not make a chapter stale."""
    notebook = jupytext.read(chapter)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    used = set().union(*(_imports("\n".join(line for line in source.splitlines()
                                             if not line.lstrip().startswith(("%", "!"))))
                         for source in code))
    tooling = sorted(n for n in used if layer(n) == "tooling")
    assert not tooling, f"{chapter.name} imports the tooling: {tooling}"
