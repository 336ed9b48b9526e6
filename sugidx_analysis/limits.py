"""The limits sugidx puts on what it reads, each with the reason for it and how to raise it.

A dataset file is refused, with a message naming the file, the limit and the variable to
raise it with, when it breaks one of these:

``SUGIDX_MAX_FILE_BYTES`` (default 100 MB = 104,857,600 bytes)
    the size of one dataset file, checked before a byte of it is read. The largest file sugidx
    is built for (a ward's record-level procedures) is a few MB; a larger one is most likely
    the wrong file, and would be read whole into memory.
``SUGIDX_MAX_ROWS`` (default 2,000,000)
    the data rows of one file, counted while reading it.
``SUGIDX_MAX_FISCAL_YEAR`` (default: the next fiscal year, i.e. the fiscal year of today + 1)
    the latest fiscal year a ``fiscal_year``-kind column may hold. Data describe the past (and
    plans the year ahead); FY2099 is a typing error. The fiscal year starts on April 1.

Fixed limits:

``MIN_FISCAL_YEAR`` = 2000
    the earliest fiscal year data may hold, and a report may be of.

``MAX_CELL_CHARS`` = 32,767
    the characters of one cell: Excel's own limit, so no spreadsheet export holds a longer one.
``MAX_COLUMNS`` = 1,000
    the cells of one workbook row: a dataset has tens of columns; a cell far to the right of
    the table would make every row that wide.
``PROBLEMS_PER_KIND`` = 20
    how many problems of one kind (same file, column and expectation) a listing shows before
    summarising the rest as 「ほか N 件」.

Values are read from the environment each time they are asked for (so a test or a shell can
set them), never at import.
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import PROBLEMS_PER_KIND as PROBLEMS_PER_KIND  # errors lists problems
from .errors import SugidxError

MAX_FILE_BYTES_VAR = "SUGIDX_MAX_FILE_BYTES"
MAX_ROWS_VAR = "SUGIDX_MAX_ROWS"
MAX_FISCAL_YEAR_VAR = "SUGIDX_MAX_FISCAL_YEAR"

DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ROWS = 2_000_000
MAX_CELL_CHARS = 32_767
MIN_FISCAL_YEAR = 2000  # the earliest year a report can be of
MAX_COLUMNS = 1_000  # a dataset has tens; more is cells far right of the table


def _positive(var: str, default: int) -> int:
    text = os.environ.get(var, "").strip()
    if not text:
        return default
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        raise SugidxError(f"{var}={text!r}: expected a whole number of at least 1")
    return value


def max_file_bytes() -> int:
    """The largest dataset file read, in bytes (``SUGIDX_MAX_FILE_BYTES``, default 100 MB)."""
    return _positive(MAX_FILE_BYTES_VAR, DEFAULT_MAX_FILE_BYTES)


def max_rows() -> int:
    """The most data rows one dataset file may have (``SUGIDX_MAX_ROWS``, default 2,000,000)."""
    return _positive(MAX_ROWS_VAR, DEFAULT_MAX_ROWS)


def fiscal_year_of(day: dt.date) -> int:
    """The (Japanese, April-to-March) fiscal year ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def max_fiscal_year(today: dt.date | None = None) -> int:
    """The latest fiscal year data may hold (``SUGIDX_MAX_FISCAL_YEAR``, default: the fiscal
    year after ``today``'s)."""
    return _positive(MAX_FISCAL_YEAR_VAR, fiscal_year_of(today or dt.date.today()) + 1)


def fiscal_year_message(latest: int) -> str:
    """What a fiscal year must be, with ``latest`` from :func:`max_fiscal_year`."""
    if os.environ.get(MAX_FISCAL_YEAR_VAR, "").strip():
        return f"a fiscal year no later than FY{latest} (the limit {MAX_FISCAL_YEAR_VAR} sets)"
    return (
        f"a fiscal year no later than FY{latest}, the next fiscal year (a later one is a typing "
        f"error, or set {MAX_FISCAL_YEAR_VAR} to allow it)"
    )


def early_fiscal_year_message() -> str:
    """What a fiscal year before :data:`MIN_FISCAL_YEAR` must be instead."""
    return (
        f"a fiscal year no earlier than FY{MIN_FISCAL_YEAR} (no report of this workbook is of "
        "an earlier year; check the era: 平成 and 令和 are easily confused)"
    )


def file_bytes_message(size: int, limit: int) -> str:
    """Why a file of ``size`` bytes is refused (the file's name is added by the caller)."""
    return (
        f"the file is {_size(size)}, larger than the limit of {_size(limit)} per file; "
        f"if it really is a dataset, raise the limit with {MAX_FILE_BYTES_VAR}=<bytes>"
    )


def rows_message(limit: int) -> str:
    """Why a file with more than ``limit`` data rows is refused."""
    return (
        f"the file has more than {limit:,} data rows, the limit per file; if it really is a "
        f"dataset, raise the limit with {MAX_ROWS_VAR}=<rows>"
    )


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit} ({n:,} bytes)"
    return f"{n:,} bytes"
