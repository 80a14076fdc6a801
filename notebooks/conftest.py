"""nbval: say what to do when stored notebook outputs differ from a fresh run."""

from __future__ import annotations

import pytest

from alliances.notebooks import REMEDY


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Append the remedy to every failing nbval cell."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and item.__class__.__name__ == "IPyNbCell":
        report.longrepr = (f"{report.longrepr}\n\nThe outputs stored in {item.path.name} differ "
                           f"from a fresh run: {REMEDY}, then commit the notebooks.")
