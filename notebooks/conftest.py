"""nbval: compare figures by their data and their images, and say what to do when outputs differ.

nbval re-runs each notebook and compares every output with the stored one. A figure is
compared twice. What it shows is compared exactly: its data travel with it as a CSV download
link in a text/html output (the package's `data_link`), and text outputs are compared, so a
changed number fails here. How it is drawn is compared with a tolerance: a PNG's bytes change
with matplotlib, FreeType or a pinned version, so nbval's byte-for-byte comparison of images is
turned off, and each stored image is compared with the fresh one by its size in pixels and the
root-mean-square difference of its pixels (`alliances.tooling.notebooks.figure_differences`).
"""

from __future__ import annotations

import nbval.kernel
import pytest

from alliances.tooling import kernels
from alliances.tooling.notebooks import REMEDY, figure_differences

#: nbval starts its kernels with the ``KernelManager`` it imported; over TCP, kernels started
#: at once in several processes can race for a port (see alliances.tooling.kernels).
nbval.kernel.KernelManager = kernels.KernelManager

#: Outputs nbval must not compare byte for byte (besides its own defaults, which include
#: images); PNG images are compared here instead, with a tolerance.
NOT_COMPARED = ("image/png", "image/jpeg", "image/svg+xml")


def _pngs(outputs) -> list[str]:
    return [output["data"]["image/png"] for output in outputs
            if "image/png" in output.get("data", {})]


def _compare_figures_too(item) -> None:
    """Have nbval's comparison of ``item``'s outputs compare their PNG figures as well."""
    compare_text = item.compare_outputs

    def compare_outputs(test, ref, skip_compare=None):
        if not compare_text(test, ref, skip_compare):
            return False
        differences = figure_differences(_pngs(ref), _pngs(test))
        item.comparison_traceback.extend(differences)
        return not differences

    item.compare_outputs = compare_outputs


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Compare images with a tolerance, never byte for byte; keep each notebook's cells
    together on one pytest-xdist worker (``--dist loadgroup``), in order, since they share one
    kernel."""
    cells = [item for item in items if item.__class__.__name__ == "IPyNbCell"]
    for file in {item.parent for item in cells}:
        file.skip_compare = tuple(dict.fromkeys((*file.skip_compare, *NOT_COMPARED)))
    for item in cells:
        _compare_figures_too(item)
        item.add_marker(pytest.mark.xdist_group(f"nbval-{item.path.name}"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Append the remedy to every failing nbval cell."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and item.__class__.__name__ == "IPyNbCell":
        report.longrepr = (f"{report.longrepr}\n\nThe outputs stored in {item.path.name} differ "
                           f"from a fresh run: {REMEDY}, then commit the notebooks.")
