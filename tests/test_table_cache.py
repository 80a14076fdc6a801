"""Validated tables are cached on disk: a later process skips pandera, an edit is re-checked."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from alliances import io
from alliances.errors import DataError

STATES = ("iso3,name,sipri_name,group\nRUS,Russia,Russia,cst\n"
          "USA,United States,United States of America,nato\n")


def _load_in_new_process(path, cache) -> str:
    code = textwrap.dedent(f"""
        import sys
        from alliances import io
        table = io.load_states({str(path)!r})
        print(len(table), "pandera" in sys.modules)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={"ALLIANCES_TABLE_CACHE": str(cache),
                                           "PATH": "/usr/bin:/bin"})
    return proc.stdout.strip()


def test_a_validated_table_loads_without_pandera_the_second_time(tmp_path):
    path, cache = tmp_path / "states.csv", tmp_path / "cache"
    path.write_text(STATES, encoding="utf-8")
    assert _load_in_new_process(path, cache) == "2 True"  # validated, then cached
    assert len(list(cache.glob("STATES-*.pkl"))) == 1
    assert _load_in_new_process(path, cache) == "2 False"  # from the cache


def test_an_edited_file_is_validated_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCES_TABLE_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "states.csv"
    path.write_text(STATES, encoding="utf-8")
    assert len(io.load_states(path)) == 2
    path.write_text(STATES + "xx,Nowhere,Nowhere,cst\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 4, column iso3: value 'xx'"):
        io.load_states(path)
    # a file that failed is never cached
    assert len(list((tmp_path / "cache").glob("STATES-*.pkl"))) == 1


def test_a_changed_schema_text_misses_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCES_TABLE_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "states.csv"
    path.write_text(STATES, encoding="utf-8")
    io.load_states(path)
    monkeypatch.setattr(io, "_schema_version", lambda: "another-schema")
    io._CACHE.clear()
    io.load_states(path)
    assert len(list((tmp_path / "cache").glob("STATES-*.pkl"))) == 2


def test_cached_on_disk_makes_a_value_once_per_key(tmp_path, monkeypatch):
    """The parsed UN votes (and any other slow input) are made once, then read back."""
    monkeypatch.setenv("ALLIANCES_TABLE_CACHE", str(tmp_path / "cache"))
    made = []

    def make(value):
        def run():
            made.append(value)
            return {"frame": pd.DataFrame({"x": [value]})}
        return run

    first = io.cached_on_disk("slow-a", make(1))
    again = io.cached_on_disk("slow-a", make(2))  # the key is the same: read back, not made
    assert made == [1] and again["frame"].equals(first["frame"])
    assert io.cached_on_disk("slow-b", make(3))["frame"]["x"].tolist() == [3]  # a new key
    (tmp_path / "cache" / "slow-a.pkl").write_bytes(b"truncated")  # unreadable: made afresh
    assert io.cached_on_disk("slow-a", make(4))["frame"]["x"].tolist() == [4]
    assert made == [1, 3, 4]

    def fails():
        raise DataError(tmp_path / "x.rda", "no object 'x' in the R data file")

    with pytest.raises(DataError):
        io.cached_on_disk("slow-c", fails)
    assert not (tmp_path / "cache" / "slow-c.pkl").exists()
