"""nbval: compare figures by their data, and say what to do when stored outputs differ.

nbval re-runs each notebook and compares every output with the stored one. Images are left to
nbval's default, which does not compare them: a PNG's bytes change with matplotlib, FreeType
or a pinned version, not with what the figure shows. What a figure shows is compared exactly
all the same: each figure's data travels with it as a CSV download link in a text/html output
(the package's `data_link`), and text outputs are compared, so a changed number fails here.
"""

from __future__ import annotations

import nbval.kernel
import pytest

from alliances.tooling import kernels
from alliances.tooling.notebooks import REMEDY

#: nbval starts its kernels with the ``KernelManager`` it imported; over TCP, kernels started
#: at once in several processes can race for a port (see alliances.tooling.kernels).
nbval.kernel.KernelManager = kernels.KernelManager

#: Outputs nbval must not compare (besides its own defaults, which include images).
NOT_COMPARED = ("image/png", "image/jpeg", "image/svg+xml")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Make sure no image is compared byte for byte, whatever nbval's defaults; keep each
    notebook's cells together on one pytest-xdist worker (``--dist loadgroup``), in order,
    since they share one kernel."""
    cells = [item for item in items if item.__class__.__name__ == "IPyNbCell"]
    for file in {item.parent for item in cells}:
        file.skip_compare = tuple(dict.fromkeys((*file.skip_compare, *NOT_COMPARED)))
    for item in cells:
        item.add_marker(pytest.mark.xdist_group(f"nbval-{item.path.name}"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Append the remedy to every failing nbval cell."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and item.__class__.__name__ == "IPyNbCell":
        report.longrepr = (f"{report.longrepr}\n\nThe outputs stored in {item.path.name} differ "
                           f"from a fresh run: {REMEDY}, then commit the notebooks.")
