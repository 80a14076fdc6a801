"""Make the binary members of the bad-input catalogue.

The CSV members are committed as written by hand. The shapefile members are committed too;
rebuild them with ``python tests/bad_inputs/make_files.py``. The workbook members are made
afresh by the tests (:func:`workbooks`), so that no spreadsheet is committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import openpyxl
from shapely import LineString, Polygon

HERE = Path(__file__).parent


def workbook(folder: Path, name: str, rows: list[list],
             sheet: str = "Constant (2023) US$") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["Military expenditure by country"])
    ws.append(["Country", "Notes", 1990, 1991])
    for row in rows:
        ws.append(row)
    path = folder / name
    book.save(path)
    return path


def workbooks(folder: Path) -> None:
    """Write the malformed SIPRI-like workbooks into ``folder``."""
    workbook(folder, "sipri_text_in_cell.xlsx", [["Russia", "", 1.0, "n/a"]])
    workbook(folder, "sipri_no_share_sheet.xlsx", [["Russia", "", 1.0, 2.0]])
    truncated = workbook(folder, "sipri_truncated.xlsx", [["Russia", "", 1.0, 2.0]])
    truncated.write_bytes(truncated.read_bytes()[:400])


def lines(crs: str = "EPSG:4326", geometry=None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ne_a3_l": ["EST"], "ne_a3_r": ["RUS"], "iso3_l": ["EST"], "iso3_r": ["RUS"],
         "type": ["Land"], "class": ["International boundary (verify)"]},
        geometry=geometry or [LineString([(27.0, 57.5), (28.0, 59.0)])], crs=crs)


def layer(folder: str, frame: gpd.GeoDataFrame, name: str = "layer.shp") -> Path:
    shutil.rmtree(HERE / folder, ignore_errors=True)
    (HERE / folder).mkdir()
    path = HERE / folder / name
    frame.to_file(path)
    return path


def main() -> None:
    """Rebuild the committed shapefile members."""
    layer("shp_wrong_crs", lines().to_crs("EPSG:3857"))
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    layer("shp_invalid_geometry", gpd.GeoDataFrame(
        {"ne_a3": ["AAA"], "iso3": ["AAA"], "name": ["Bowtie"]}, geometry=[bowtie],
        crs="EPSG:4326"))
    no_prj = layer("shp_no_prj", lines())
    no_prj.with_suffix(".prj").unlink()
    broken = layer("shp_truncated", lines())
    broken.write_bytes(broken.read_bytes()[:60])
    layer("shp_missing_field", lines().drop(columns="iso3_r"))


if __name__ == "__main__":
    main()
