"""Loading validated tables: one file, one dataset in a folder, or a whole folder checked at once.

Nothing here knows a theme: callers pass the :class:`~.schema.Dataset` they want (the
:mod:`sugidx_analysis.catalogue` looks schemas up by name). Loading never writes anything and
never returns a table that failed validation.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import limits, tiers
from ..errors import (
    DatasetNotFoundError,
    DataValidationError,
    FileReadError,
    Problem,
    SugidxError,
    SugidxWarning,
)
from .files import dataset_files
from .read import Table, read_table
from .rules import check_table
from .schema import Dataset


def load_table(path: Path, dataset: Dataset) -> Table:
    """Read and validate; raise :class:`DataValidationError` listing every problem."""
    table = read_table(path, dataset)
    table.problems.extend(check_table(table))
    table.problems.extend(implausible_fiscal_years(table))
    if table.errors:
        raise DataValidationError(table.problems)
    for warning in table.problems:
        warnings.warn(warning.describe(), SugidxWarning, stacklevel=2)
    return table


def load_dataset(dataset: Dataset, data_dir: Path) -> pd.DataFrame:
    """The validated frame of ``dataset`` from ``data_dir``; ``attrs["source_file"]`` is its path.

    Raises
    ------
    DatasetNotFoundError
        when the folder has no file for the dataset.
    DataValidationError
        listing every problem, when the file breaks its schema.
    """
    folder = Path(data_dir)
    path = dataset_files(folder, [dataset.name]).get(dataset.name)
    if path is None:
        raise DatasetNotFoundError(f"{folder}: no {dataset.name}.csv or {dataset.name}.xlsx")
    frame = load_table(path, dataset).frame.reset_index(drop=True)
    frame.attrs["source_file"] = str(path)
    return frame


@dataclass(frozen=True, slots=True)
class Loaded:
    """A dataset a report asked for, and where it came from.

    ``frame`` is None when the folder or file is absent, with ``reason`` saying which (in
    Japanese: it is shown in reports). ``tier`` is decided by :mod:`sugidx_analysis.tiers`.
    """

    name: str
    folder: Path
    frame: pd.DataFrame | None
    path: Path | None
    tier: str | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.frame is not None


def load_optional(dataset: Dataset, folder: Path) -> Loaded:
    """Load a dataset if its folder and file exist. Invalid data still raises
    :class:`DataValidationError`: it must be fixed, not skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        return Loaded(dataset.name, folder, None, None, None, f"フォルダ {folder} がありません")
    try:
        frame = load_dataset(dataset, folder)
    except DatasetNotFoundError:
        reason = f"フォルダ {folder} に {dataset.name}.csv（または .xlsx）がありません"
        return Loaded(dataset.name, folder, None, None, None, reason)
    path = Path(frame.attrs["source_file"])
    marks = frame[tiers.SYNTHETIC_COLUMN] if tiers.SYNTHETIC_COLUMN in frame.columns else []
    tier = tiers.decide(path, tiers.rows_all_synthetic(marks))
    return Loaded(dataset.name, folder, frame, path, tier, None)


@dataclass
class FolderReport:
    """Result of validating every dataset file in a folder."""

    data_dir: Path
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.tables)


def validate_folder(
    data_dir: Path, datasets: Mapping[str, Dataset], sources_file: Path | None = None
) -> FolderReport:
    """Validate every file in ``data_dir`` that holds one of ``datasets`` (by name), check
    that each ``source_id`` it cites exists in the sources table (``sources.csv`` in the folder,
    else ``sources_file``) and that no fiscal year is later than the limit
    (:func:`implausible_fiscal_years`). A file that cannot be read at all (a folder, a symbolic-link
    loop, too large, undecodable …) is one problem of that file; the others are still checked.

    Raises
    ------
    SugidxError
        when the folder holds no dataset file, or a limit's environment variable is invalid.
    """
    data_dir = Path(data_dir)
    report = FolderReport(data_dir)
    files = dataset_files(data_dir, datasets)
    if not files:
        raise SugidxError(
            f"{data_dir}: no dataset files found (expected files named after a "
            "dataset, such as online_summary.csv)"
        )
    if "sources" not in files and sources_file is not None and Path(sources_file).exists():
        files["sources"] = Path(sources_file)
    latest = limits.max_fiscal_year()
    limits.max_file_bytes()  # a bad limit setting is one error, not one per file
    limits.max_rows()
    for name, path in files.items():
        try:
            table = read_table(path, datasets[name])
        except FileReadError as exc:
            report.problems.append(exc.problem)
            continue
        except SugidxError as exc:  # the message may start with the file it is about
            message = str(exc).removeprefix(f"{path}: ").removeprefix(f"{path.name}: ")
            report.problems.append(Problem(path.name, None, None, None, message))
            continue
        table.problems.extend(check_table(table))
        table.problems.extend(implausible_fiscal_years(table, latest))
        report.tables[name] = table
        report.problems.extend(table.problems)
    report.problems.extend(_unknown_sources(report.tables))
    return report


def implausible_fiscal_years(table: Table, latest: int | None = None) -> list[Problem]:
    """A problem for each fiscal year (a ``fiscal_year``-kind column) after ``latest`` (default:
    :func:`sugidx_analysis.limits.max_fiscal_year`, the next fiscal year: data describe the
    past and plans the year ahead, so FY2099 is a typing error) or before
    :data:`sugidx_analysis.limits.MIN_FISCAL_YEAR` (no report can be of such a year)."""
    latest = limits.max_fiscal_year() if latest is None else latest
    late = limits.fiscal_year_message(latest)
    early = limits.early_fiscal_year_message()
    problems: list[Problem] = []
    for column in table.dataset.columns:
        if column.kind != "fiscal_year" or column.name not in table.frame.columns:
            continue
        for row, year in table.frame[column.name].dropna().items():
            if year > latest or year < limits.MIN_FISCAL_YEAR:
                expected = late if year > latest else early
                problems.append(Problem(table.file, int(row), column.name, int(year), expected))
    return problems


def _unknown_sources(tables: dict[str, Table]) -> list[Problem]:
    """A problem for each ``source_id`` missing from the sources table (one, if there is none)."""
    sources = tables.get("sources")
    known = set(sources.frame["source_id"].dropna()) if sources is not None else None
    problems: list[Problem] = []
    for name, table in tables.items():
        if name == "sources" or "source_id" not in table.frame:
            continue
        for row, source_id in table.frame["source_id"].items():
            if pd.isna(source_id) or (known is not None and source_id in known):
                continue
            expected = (
                "a source_id listed in sources.csv"
                if known is not None
                else "a sources.csv to look the source up in"
            )
            problems.append(Problem(table.file, int(row), "source_id", source_id, expected))
            if known is None:
                break
    return problems
