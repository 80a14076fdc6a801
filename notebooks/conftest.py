"""nbval: compare figures byte for byte too, and say what to do when stored outputs differ.

nbval skips images by default; here the PNGs of every figure are compared as well, so that one
fresh run checks that each notebook reproduces its stored outputs exactly, figures included
(matplotlib writes the same bytes for the same figure).
"""

from __future__ import annotations

import pytest

from alliances.notebooks import REMEDY


def pytest_collection_modifyitems(items):
    """Stop nbval from skipping image outputs in its comparison."""
    for file in {item.parent for item in items if item.__class__.__name__ == "IPyNbCell"}:
        file.skip_compare = tuple(k for k in file.skip_compare
                                  if k not in ("image/png", "image/jpeg"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Append the remedy to every failing nbval cell."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and item.__class__.__name__ == "IPyNbCell":
        report.longrepr = (f"{report.longrepr}\n\nThe outputs stored in {item.path.name} differ "
                           f"from a fresh run: {REMEDY}, then commit the notebooks.")
