"""Reading dataset files as municipal staff actually have them.

CSV in UTF-8 (with or without BOM) or CP932/Shift_JIS, found without being told; ``.xlsx``;
Japanese headers mapped to canonical names; values in any Japanese form ``jp`` reads. Reading
never writes anything; :mod:`.load` validates what was read.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import jp
from ..errors import DatasetNotFoundError, ParseError, Problem, SugidxError
from .files import FALSE_TEXTS, SUFFIXES, TRUE_TEXTS, decode
from .schema import KINDS, Dataset

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


def read_raw(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """All cells of a file as text, headers normalised (NFKC, single spaces), and rows with
    more values than the header has columns.

    The index is the spreadsheet line number (header = 1), so problems can name the row.
    """
    path = Path(path)
    if not path.exists():
        raise DatasetNotFoundError(f"{path}: no such file")
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise SugidxError(f"{path.name}: cannot open the workbook ({exc})") from None
        rows = [[_xlsx_cell(c) for c in row] for row in book.worksheets[0].iter_rows()]
        book.close()
    elif path.suffix.lower() == ".csv":
        text = decode(path.read_bytes(), path.name)
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise SugidxError(f"{path.name}: unsupported file type; use one of {', '.join(SUFFIXES)}")
    if not rows:
        raise SugidxError(f"{path.name}: the file is empty (expected a header row)")
    header = [_norm(h) for h in rows[0]]
    width = len(header)
    ragged = [
        Problem(
            path.name,
            line,
            None,
            len(r),
            f"at most {width} values, one per header column (quote values with commas)",
        )
        for line, r in enumerate(rows[1:], start=2)
        if len(r) > width and any(str(v).strip() for v in r[width:])
    ]
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype="string", index=range(2, len(body) + 2))
    frame = frame.fillna("")
    # Spreadsheet exports often end with empty lines: drop rows with no value at all.
    blank = frame.apply(lambda col: col.str.strip() == "").all(axis=1)
    return frame[~blank], ragged


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
        parts = raw[col].map(lambda v: _COMBINED.match(_norm(v)))
        if parts.notna().any():
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
    approximate = pd.Series(False, index=raw.index)
    for name in raw.columns:
        if name in open_names:  # text as written, stripped; empty = no value
            text = raw[name].astype("string").str.strip()
            typed[name] = text.where(text != "", pd.NA)
            continue
        column = dataset.by_name[name]
        dtype = KINDS[column.kind][0]
        values: list[object] = []
        decimals: list[float] = []
        for row, text in raw[name].items():
            text = str(text).strip()
            if not text:
                if column.required:
                    problems.append(Problem(file, int(row), name, "", "a value is required"))
                values.append(None)
                decimals.append(float("nan"))
                continue
            try:
                value, approx, places = _parse_cell(column.kind, text)
            except ParseError as exc:
                detail = f" — {exc.expected}" if column.kind in ("fiscal_year", "date") else ""
                problems.append(
                    Problem(file, int(row), name, text, f"expected {KINDS[column.kind][1]}{detail}")
                )
                values.append(None)
                decimals.append(float("nan"))
                continue
            if approx:
                if "approximate" in dataset.by_name:
                    approximate[row] = True
                else:
                    problems.append(
                        Problem(
                            file,
                            int(row),
                            name,
                            text,
                            "an exact figure (this dataset has no approximate column for 約)",
                        )
                    )
            values.append(value)
            decimals.append(0.5 * 10.0 ** -(places + 2) if places is not None else float("nan"))
        typed[name] = pd.Series(values, index=raw.index, dtype=dtype)
        if column.kind == "share":
            tolerances[name] = pd.Series(decimals, index=raw.index, dtype="float64")
    frame = pd.DataFrame(typed, index=raw.index)
    if "approximate" in dataset.by_name and approximate.any():
        stated = (
            frame["approximate"]
            if "approximate" in frame
            else pd.Series(pd.NA, index=frame.index, dtype="boolean")
        )
        frame["approximate"] = stated.fillna(False) | approximate
    return Table(file, dataset, frame, problems, tolerances)
