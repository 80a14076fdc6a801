"""The test harness itself: what `make unit` relies on from pytest and pytest-xdist."""

from __future__ import annotations

import re
import subprocess
import sys

GROUPED = '''
import pytest


@pytest.mark.xdist_group("shared")
def test_one():
    pass


@pytest.mark.xdist_group("shared")
def test_two():
    pass


def test_three():
    pass


def test_four():
    pass
'''


def test_xdist_groups_share_one_worker(tmp_path):
    """Tests marked with one ``xdist_group`` run in one process under ``--dist loadgroup``.

    The rebuild of data/ and the check of the UN extract against the raw R files rely on it to
    parse the votes once; pytest 9.2 silently broke it (pytest-xdist#1386), hence the pin.
    """
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v",
         "-p", "no:cacheprovider", "-p", "no:nbval", "test_grouped.py"],  # nbval: 0.7 s to load
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {test: worker for worker, test in
               re.findall(r"\[(gw\d)\] .*? PASSED test_grouped\.py::(test_\w+)", done.stdout)}
    assert set(workers) == {"test_one", "test_two", "test_three", "test_four"}, done.stdout
    assert workers["test_one"] == workers["test_two"], done.stdout
