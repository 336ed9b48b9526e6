"""Reading dataset files as municipal staff actually have them.

CSV in UTF-8 (with or without BOM) or CP932/Shift_JIS, found without being told; ``.xlsx``;
Japanese headers mapped to canonical names; values in any Japanese form ``jp`` reads. Reading
never writes anything; :mod:`.load` validates what was read.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import jp, limits
from ..errors import FileReadError, ParseError, Problem
from .files import FALSE_TEXTS, SUFFIXES, TRUE_TEXTS, check_file, decode, read_bytes
from .schema import KINDS, Column, Dataset

_COMBINED = re.compile(r"^(?P<count>.+?)\s*\((?P<share>[^()]*%)\)$")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


def _xlsx_cell(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        fmt = cell.number_format or ""
        if "%" in fmt:  # a percentage cell stores the fraction; write it as it is displayed
            decimals = len(fmt.split(".")[1].split("%")[0]) if "." in fmt else 0
            return f"{value * 100:.{decimals}f}%"
        if float(value).is_integer():
            return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _xlsx_rows(path: Path, limit: int) -> list[list[str]]:
    """The cells of the first sheet as text, at most ``limit`` rows (and one more, to tell)."""
    import openpyxl

    _check_expanded_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise FileReadError(path.name, f"cannot open the workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        # The sheet's declared size would pad every row to its widest column and every gap to
        # a row: one cell at XFD20000 would make 20,000 rows of 16,384 cells.
        sheet.reset_dimensions()
        rows = []
        for line, row in enumerate(itertools.islice(sheet.iter_rows(), limit), start=1):
            if len(row) > limits.MAX_COLUMNS:
                raise FileReadError(
                    path.name,
                    f"the row has cells up to column {len(row):,}; a dataset has at most "
                    f"{limits.MAX_COLUMNS:,} columns (delete the cells right of the table)",
                    row=line,
                )
            rows.append([_xlsx_cell(c) for c in row])
    except FileReadError:
        raise
    except Exception as exc:  # a workbook can open and still be broken inside
        raise FileReadError(path.name, f"cannot read the workbook ({exc})") from None
    finally:
        book.close()
    return rows


def _check_expanded_size(path: Path) -> None:
    """Refuse a workbook whose parts would expand to more than ten times the file-size limit
    (a .xlsx is a zip: a few MB can hold gigabytes of repeated XML)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileReadError(path.name, f"cannot open the workbook ({exc})") from None
    ceiling = 10 * limits.max_file_bytes()
    if expanded > ceiling:
        raise FileReadError(
            path.name,
            f"the workbook expands to {expanded:,} bytes, more than ten times the limit per "
            f"file ({ceiling:,} bytes; raise it with {limits.MAX_FILE_BYTES_VAR}=<bytes>)",
        )


def _csv_rows(path: Path, limit: int) -> list[list[str]]:
    """The cells of a CSV file, at most ``limit`` rows (and one more, to tell). A cell longer
    than :data:`~sugidx_analysis.limits.MAX_CELL_CHARS` is refused, naming its row and column."""
    text = decode(read_bytes(path), path.name)
    previous = csv.field_size_limit(limits.MAX_CELL_CHARS)  # longer fields raise csv.Error
    collecting = gc.isenabled()
    gc.disable()  # a list per row: the cyclic collector would rescan them all, again and again
    try:
        try:
            return list(itertools.islice(csv.reader(io.StringIO(text, newline="")), limit))
        except csv.Error as exc:
            if "field limit" not in str(exc):
                raise FileReadError(path.name, f"cannot read the file as CSV ({exc})") from None
        # Read again without the limit, only to name the row and column of the long cell.
        csv.field_size_limit(len(text) + 1)
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), limit))
        except csv.Error as exc:
            raise FileReadError(path.name, f"cannot read the file as CSV ({exc})") from None
    finally:
        csv.field_size_limit(previous)
        if collecting:
            gc.enable()
    first = rows[0] if rows else []
    header = (
        [_norm(h) for h in first]
        if max(map(len, first), default=0) <= limits.MAX_CELL_CHARS
        else []
    )
    for line, row in enumerate(rows, start=1):
        for position, cell in enumerate(row):
            if len(cell) > limits.MAX_CELL_CHARS:
                column = header[position] if line > 1 and position < len(header) else None
                raise FileReadError(
                    path.name,
                    f"a cell of at most {limits.MAX_CELL_CHARS:,} characters (Excel's limit); "
                    f"this one has {len(cell):,}",
                    row=line,
                    column=column,
                )
    raise AssertionError("csv reported a field over the limit but none was found")


_DIGIT = re.compile(r"\d")


def _spans_two_rows(header: list[str], second: list[str]) -> bool:
    """True for an Excel header with merged cells saved as CSV: a header row with empty cells
    (beside a merged group title) followed by a row of further headers that fills them. Row 2
    is taken for headers when no cell of it has a digit: every data row has one (a year, a
    count, an ID), so an unnamed column over data is never mistaken for a merge."""
    cells = [_norm(c) for c in second]
    filled = any(not h and i < len(cells) and cells[i] for i, h in enumerate(header))
    words = [c for c in cells if c]
    return filled and len(words) >= 2 and not any(_DIGIT.search(c) for c in words)


def read_raw(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """All cells of a file as text, headers normalised (NFKC, single spaces), and the problems
    of its shape: rows with more values than the header has columns, or fewer (a row cut
    short). Entirely empty rows are dropped.

    The index is the spreadsheet line number (header = 1), so problems can name the row.

    Raises
    ------
    FileReadError
        when the file cannot be read as a table: not a file, larger than the limit (checked
        before reading), more rows than the limit, an encoding it cannot read, a CSV cell longer
        than :data:`~sugidx_analysis.limits.MAX_CELL_CHARS` (Excel allows no longer one), no
        header, no data row, or a header that spans two rows. The limits are those of
        :mod:`sugidx_analysis.limits`.
    DatasetNotFoundError
        when there is no file at ``path``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileReadError(path.name, f"unsupported file type; use one of {', '.join(SUFFIXES)}")
    check_file(path)
    limit = limits.max_rows()
    rows = (_xlsx_rows if suffix == ".xlsx" else _csv_rows)(path, limit + 2)
    if len(rows) > limit + 1:
        raise FileReadError(path.name, limits.rows_message(limit))
    if not rows:
        raise FileReadError(path.name, "the file is empty (expected a header row)")
    header = [_norm(h) for h in rows[0]]
    if not any(header):
        raise FileReadError(path.name, "the first row is empty; put the header on row 1", row=1)
    width = len(header)
    problems: list[Problem] = []
    body: list[list[str]] = []
    lines: list[int] = []
    for line, r in enumerate(rows[1:], start=2):
        if not "".join(r).strip():  # cells are text already
            continue  # spreadsheet exports often end with empty lines
        if len(r) != width:
            if len(r) > width and any(str(v).strip() for v in r[width:]):
                problems.append(
                    Problem(
                        path.name,
                        line,
                        None,
                        len(r),
                        f"at most {width} values, one per header column (quote values with commas)",
                    )
                )
            elif len(r) < width:
                problems.append(
                    Problem(
                        path.name,
                        line,
                        None,
                        None,
                        f"expected {width} values, one per header column; the row has only "
                        f"{len(r)} (is it cut short?)",
                    )
                )
            r = (r + [""] * width)[:width]
        body.append(r)
        lines.append(line)
    if not body:
        raise FileReadError(path.name, "the file has a header row but no data rows")
    if lines[0] == 2 and _spans_two_rows(header, rows[1]):
        raise FileReadError(
            path.name, "the header spans two rows (merged cells?); use a single header row", row=2
        )
    frame = pd.DataFrame(body, columns=header, dtype="string", index=lines)
    return frame.fillna(""), problems


@dataclass
class Table:
    """A file read against a schema: the typed frame, what was wrong, and how precise each
    stated percentage is (half a unit of its last written digit, as a fraction)."""

    file: str
    dataset: Dataset
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    tolerances: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _parse_cell(kind: str, text: str) -> tuple[object, bool, int | None]:
    """(value, approximate, percent decimals) of one non-empty cell; raises ParseError."""
    if kind == "fiscal_year":
        return jp.parse_fiscal_year(text), False, None
    if kind in ("count", "number"):
        q = jp.parse_quantity(text)
        if q.bound is not None:
            raise ParseError(text, "an exact figure (以上/未満 bounds belong in the bound column)")
        if kind == "count" and float(q.value) != int(q.value):
            raise ParseError(text, "a whole number")
        return (int(q.value) if kind == "count" else float(q.value)), q.approximate, None
    if kind == "share":
        return jp.parse_percent(text), False, jp.percent_decimals(text)
    if kind == "date":
        return str(jp.parse_date(text)), False, None
    if kind == "bool":
        low = text.lower()
        if low in TRUE_TEXTS or low in FALSE_TEXTS:
            return low in TRUE_TEXTS, False, None
        raise ParseError(text, KINDS["bool"][1])
    return text, False, None


@dataclass
class _Parsed:
    """Each distinct text of a column read once: the text stripped, its value, whether it
    was approximate (約), the share's tolerance, and what is wrong with it (None: nothing)."""

    texts: list[str]
    values: list[object]
    approximate: np.ndarray
    tolerances: np.ndarray
    expected: list[str | None]
    wrong: np.ndarray  # expected is not None


def _parse_texts(column: Column, texts: list[str], has_approximate: bool) -> _Parsed:
    """Parse the distinct ``texts`` of ``column``; ``has_approximate``: the dataset has an
    ``approximate`` column to record 約 in (else 約 is a problem)."""
    n = len(texts)
    stripped = [t.strip() for t in texts]
    values: list[object] = [None] * n
    approximate = np.zeros(n, dtype=bool)
    tolerances = np.full(n, np.nan)
    expected: list[str | None] = [None] * n
    for i, text in enumerate(stripped):
        if not text:
            if column.required:
                expected[i] = "a value is required"
            continue
        try:
            value, approx, places = _parse_cell(column.kind, text)
        except ParseError as exc:
            # The parser's reason when it says more than the kind's own example (an era's
            # range, a day the month lacks), not its generic list of forms again.
            specific = column.kind in ("fiscal_year", "date") and not exc.expected.startswith(
                ("a date such as", "a fiscal year such as")
            )
            detail = f" — {exc.expected}" if specific else ""
            expected[i] = f"expected {KINDS[column.kind][1]}{detail}"
            continue
        if approx:
            if has_approximate:
                approximate[i] = True
            else:
                expected[i] = "an exact figure (this dataset has no approximate column for 約)"
        values[i] = value
        if places is not None:
            tolerances[i] = 0.5 * 10.0 ** -(places + 2)
    wrong = np.array([e is not None for e in expected], dtype=bool)
    return _Parsed(stripped, values, approximate, tolerances, expected, wrong)


def read_table(path: Path, dataset: Dataset) -> Table:
    """Read ``path`` as ``dataset``: map headers, parse values, collect every problem.

    Headers the schema does not know are ignored with a warning, unless the dataset has
    ``open_columns``: then they are kept as text columns under their own header (stripped,
    empty = missing). Does not run the dataset's rules; :func:`.load.load_table` does both.
    """
    path = Path(path)
    raw, problems = read_raw(path)
    file = path.name
    aliases = {_norm(k): v for k, v in dataset.alias_map().items()}

    kept: dict[str, int] = {}  # canonical (or open) name → position of its column in the file
    open_names: set[str] = set()
    for position, header in enumerate(raw.columns):
        canonical = aliases.get(header)
        if canonical is None and dataset.open_columns and header:
            canonical = header  # an open column keeps its own header
            open_names.add(header)
        if canonical is None:
            problems.append(
                Problem(
                    file,
                    None,
                    header,
                    None,
                    f"unknown column for {dataset.name}; it is ignored",
                    severity="warning",
                )
            )
        elif canonical in kept:
            problems.append(
                Problem(
                    file, None, header, None, f"a second column for {canonical!r}; keep only one"
                )
            )
        else:
            kept[canonical] = position
    raw = raw.iloc[:, list(kept.values())].set_axis(list(kept), axis=1)
    for name in dataset.required:
        if name not in raw.columns:
            problems.append(
                Problem(
                    file, None, name, None, f"missing required column {name!r} ({dataset.name})"
                )
            )

    # A count written with its share in brackets (「241 (39.0%)」) fills the share column.
    share_of = {r.numerator: r.share for r in dataset.shares}
    for col in [c for c in raw.columns if c in share_of]:
        codes, texts = pd.factorize(raw[col], use_na_sentinel=False)
        matches = [_COMBINED.match(_norm(v)) for v in texts.to_numpy(dtype=object)]  # once each
        if any(m is not None for m in matches):
            parts = [matches[code] for code in codes]
            share_col = share_of[col]
            stated = raw[share_col] if share_col in raw.columns else pd.Series("", index=raw.index)
            raw[share_col] = [
                s if (m is None or str(s).strip()) else m["share"]
                for s, m in zip(stated.astype("string").fillna(""), parts, strict=True)
            ]
            raw[col] = [
                v if m is None else m["count"] for v, m in zip(raw[col], parts, strict=True)
            ]

    typed: dict[str, pd.Series] = {}
    tolerances: dict[str, pd.Series] = {}
    lines = raw.index.to_numpy()
    approximate = np.zeros(len(raw), dtype=bool)
    for name in raw.columns:
        if name in open_names:  # text as written, stripped; empty = no value
            text = raw[name].astype("string").str.strip()
            typed[name] = text.where(text != "", pd.NA)
            continue
        column = dataset.by_name[name]
        # Record-level files repeat their values: parse each distinct text once, then map the
        # results back to the rows (``codes``: the position of each row's text in ``texts``).
        codes, texts = pd.factorize(raw[name], use_na_sentinel=False)
        texts = [str(t) for t in texts.to_numpy(dtype=object)]  # (iterating arrow is slow)
        parsed = _parse_texts(column, texts, "approximate" in dataset.by_name)
        wrong = parsed.wrong[codes]
        for line, i in zip(lines[wrong], codes[wrong], strict=True):  # in row order
            problems.append(Problem(file, int(line), name, parsed.texts[i], parsed.expected[i]))
        approximate |= parsed.approximate[codes]
        values = pd.array(parsed.values, dtype=KINDS[column.kind][0]).take(codes)
        typed[name] = pd.Series(values, index=raw.index)
        if column.kind == "share":
            tolerances[name] = pd.Series(parsed.tolerances[codes], index=raw.index, dtype="float64")
    approximate = pd.Series(approximate, index=raw.index)
    frame = pd.DataFrame(typed, index=raw.index)
    if "approximate" in dataset.by_name and approximate.any():
        stated = (
            frame["approximate"]
            if "approximate" in frame
            else pd.Series(pd.NA, index=frame.index, dtype="boolean")
        )
        frame["approximate"] = stated.fillna(False) | approximate
    return Table(file, dataset, frame, problems, tolerances)
