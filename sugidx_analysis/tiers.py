"""Where a table's figures come from — published, synthetic or the analyst's own — decided by one
rule and worded in one place.

The rule: a table is **synthetic** when it lives in ``data/example`` or every one of its rows is
marked ``synthetic``; otherwise **published** when it lives in ``data/published``; otherwise
**analyst** data. Reports must never hide synthetic figures, so the mark on the rows wins over
the folder a file was copied to.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from . import paths

PUBLISHED = "published"
SYNTHETIC = "synthetic"
ANALYST = "analyst"
TIERS = (PUBLISHED, SYNTHETIC, ANALYST)

# How each tier is named to a reader (the cover, provenance tables, notices).
LABELS = {
    PUBLISHED: "公表値",
    SYNTHETIC: "合成データ（実績ではありません）",
    ANALYST: "分析者提供データ",
}
SHORT_LABELS = {PUBLISHED: "公表値", SYNTHETIC: "合成データ", ANALYST: "分析者提供データ"}
PART_SYNTHETIC = "＋一部の節は合成データ（実績ではありません）"

SYNTHETIC_COLUMN = "synthetic"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path, folder = Path(path).resolve(), Path(folder).resolve()
    except OSError:
        return False
    return path == folder or folder in path.parents


def decide(path: Path, all_rows_synthetic: bool) -> str:
    """The tier of a file (or folder) at ``path`` whose rows are, or are not, all synthetic."""
    if all_rows_synthetic or _inside(path, paths.EXAMPLE_DIR):
        return SYNTHETIC
    if _inside(path, paths.PUBLISHED_DIR):
        return PUBLISHED
    return ANALYST


def rows_all_synthetic(values: Iterable[object]) -> bool:
    """True when there is at least one row and every ``synthetic`` value is true."""
    from .datasets.files import TRUE_TEXTS

    seen = False
    for value in values:
        seen = True
        if value is not True and str(value).strip().lower() not in TRUE_TEXTS:
            return False
    return seen


def _rows(path: Path) -> Iterable[list]:
    """The rows of a CSV or .xlsx file as lists of cells (header first)."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for row in book.worksheets[0].iter_rows(values_only=True):
                yield ["" if v is None else v for v in row]
        finally:
            book.close()
        return
    from .datasets.files import decode

    yield from csv.reader(decode(path.read_bytes(), path.name).splitlines())


def file_tier(path: Path) -> str:
    """The tier of a dataset file, read without pandas (the render plan must start fast): a file
    with a ``synthetic`` (合成データ) column is scanned for the row marks."""
    path = Path(path)
    marked = False
    if path.suffix.lower() in (".csv", ".xlsx") and path.is_file():
        rows = iter(_rows(path))
        header = [str(h).strip() for h in next(rows, [])]
        for name in (SYNTHETIC_COLUMN, "合成データ"):
            if name in header:
                i = header.index(name)
                marked = rows_all_synthetic(
                    r[i] if i < len(r) else "" for r in rows if any(str(v).strip() for v in r)
                )
                break
    return decide(path, marked)


def folder_tier(folder: Path) -> str:
    """The tier a data folder gives its files by location alone."""
    return decide(folder, False)


def report_label(tiers: Iterable[str], folder: Path) -> str:
    """The cover's wording for a report that reads tables of ``tiers`` from data ``folder``:
    the folder's tier, plus a synthetic notice when any table is synthetic."""
    tiers = set(tiers)
    own = folder_tier(folder)
    if own != SYNTHETIC and SYNTHETIC in tiers:
        return LABELS[own] + PART_SYNTHETIC
    return LABELS[own]
