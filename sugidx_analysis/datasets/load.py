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

from .. import tiers
from ..errors import DatasetNotFoundError, DataValidationError, Problem, SugidxError, SugidxWarning
from .files import dataset_files
from .read import Table, read_table
from .rules import check_table
from .schema import Dataset


def load_table(path: Path, dataset: Dataset) -> Table:
    """Read and validate; raise :class:`DataValidationError` listing every problem."""
    table = read_table(path, dataset)
    table.problems.extend(check_table(table))
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
    """Validate every file in ``data_dir`` that holds one of ``datasets`` (by name) and check
    that each ``source_id`` it cites exists in the sources table (``sources.csv`` in the folder,
    else ``sources_file``)."""
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
    for name, path in files.items():
        try:
            table = read_table(path, datasets[name])
        except SugidxError as exc:
            report.problems.append(Problem(path.name, None, None, None, str(exc)))
            continue
        table.problems.extend(check_table(table))
        report.tables[name] = table
        report.problems.extend(table.problems)
    report.problems.extend(_unknown_sources(report.tables))
    return report


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
