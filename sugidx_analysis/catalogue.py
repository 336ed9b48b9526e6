"""Every dataset sugidx knows, by name: each theme's schemas and the shared sources table.

The one place that maps a name such as ``online_summary`` to its schema. Loading and validating
by name go through here; the :mod:`~sugidx_analysis.datasets` machinery itself takes schemas.
Importing this module is cheap (schemas are plain dataclasses).
"""

from __future__ import annotations

from pathlib import Path

from . import paths
from .datasets.schema import Dataset
from .datasets.sources import SOURCES
from .errors import SugidxError
from .themes.cashless import schema as cashless
from .themes.online import schema as online
from .themes.overview import schema as overview
from .themes.rpa import schema as rpa
from .themes.standardization import schema as standardization
from .themes.survey import schema as survey

DATASETS: dict[str, Dataset] = {}
for _dataset in (
    *online.DATASETS,
    *rpa.DATASETS,
    *survey.DATASETS,
    *standardization.DATASETS,
    *cashless.DATASETS,
    *overview.DATASETS,
    SOURCES,
):
    if _dataset.name in DATASETS:
        raise RuntimeError(f"dataset {_dataset.name!r} is defined twice")
    DATASETS[_dataset.name] = _dataset

# Datasets whose fiscal years are not years of a theme's evaluation.
NON_THEME = ("kpis", "sources")


def get_dataset(name: str) -> Dataset:
    """The schema called ``name``; the error lists the known names."""
    try:
        return DATASETS[name]
    except KeyError:
        raise SugidxError(
            f"unknown dataset {name!r}; known datasets: {', '.join(sorted(DATASETS))}"
        ) from None


def load_dataset(name: str, data_dir: Path | None = None):
    """The validated frame of dataset ``name`` from ``data_dir`` (default: published data).

    Raises DatasetNotFoundError or DataValidationError as
    :func:`sugidx_analysis.datasets.load.load_dataset`.
    """
    from .datasets.load import load_dataset as load

    return load(get_dataset(name), Path(data_dir) if data_dir is not None else paths.PUBLISHED_DIR)


def dataset_files(data_dir: Path) -> dict[str, Path]:
    """Every file in ``data_dir`` that holds a known dataset (pandas-free)."""
    from .datasets.files import dataset_files as find

    return find(data_dir, DATASETS)


def validate_folder(data_dir: Path | None = None):
    """Validate every dataset file in ``data_dir`` (default: published data); sources are
    looked up in the folder's ``sources.csv``, else in ``data/sources.csv``."""
    from .datasets.load import validate_folder as validate

    folder = Path(data_dir) if data_dir is not None else paths.PUBLISHED_DIR
    return validate(folder, DATASETS, paths.SOURCES_FILE)


def check_profile(report) -> dict | None:
    """Check the ``municipality.toml`` of ``report``'s folder (a report of
    :func:`validate_folder`) and the sources its targets cite; add what is wrong to
    ``report.problems`` (file ``municipality.toml``). The profile's name and number of
    targets, or None when the folder has none or it is invalid.

    ``sugidx validate`` and the check before ``sugidx render`` both run it."""
    import warnings

    from .datasets.load import load_table
    from .errors import Problem
    from .municipality import PROFILE_FILE, ProfileError, load_profile, profile_path

    path = profile_path(report.data_dir)
    try:
        profile = load_profile(report.data_dir)
    except ProfileError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        report.problems.append(Problem(PROFILE_FILE, None, None, None, message))
        return None
    if not profile.configured:
        return None
    sources = paths.sources_file(report.data_dir)
    known: set[str] | None = None
    if sources.is_file():
        try:
            with warnings.catch_warnings():  # the folder's own checks already report them
                warnings.simplefilter("ignore")
                table = load_table(sources, SOURCES)
            known = set(table.frame["source_id"].dropna().astype(str))
        except SugidxError:
            known = None  # an invalid sources table is reported with the datasets
    else:
        report.problems.append(
            Problem(
                PROFILE_FILE,
                None,
                "source_id",
                None,
                f"a sources.csv to look the targets' sources up in (none at {sources})",
            )
        )
    if known is not None:
        for target in profile.targets:
            if target.source_id not in known:
                report.problems.append(
                    Problem(
                        PROFILE_FILE,
                        None,
                        "source_id",
                        target.source_id,
                        f"target {target.target_id!r}: a source_id listed in {sources.name} "
                        f"({paths.display_path(sources)})",
                    )
                )
    return {"name": profile.name, "targets": len(profile.targets)}


def refresh_dictionary() -> bool:
    """Rewrite the data dictionary in ``data/README.md``; True when it changed."""
    from .datasets.dictionary import refresh_dictionary as refresh

    return refresh(paths.DATA_DIR / "README.md", DATASETS.values())


def years_with_data(theme, data_dir=None) -> tuple[int, ...]:
    """The fiscal years of a :class:`~sugidx_analysis.themes.Theme`'s primary dataset (the
    first of ``theme.datasets``) in ``data_dir`` (None: ``data/published``), sorted; empty
    when the theme has no dataset, or the folder has no file for it, or the file has no
    ``fiscal_year`` column.

    A theme's report for fiscal year Y has data when one of these years is ≤ Y: its evaluation
    shows Y, or else the latest earlier year.

    Raises
    ------
    DataValidationError
        when the dataset's file breaks its schema.
    """
    from .datasets.load import load_optional

    name = theme.primary_dataset
    if name is None:
        return ()
    loaded = load_optional(get_dataset(name), paths.resolve_dir(data_dir, paths.PUBLISHED_DIR))
    if loaded.frame is None or "fiscal_year" not in loaded.frame.columns:
        return ()
    return tuple(sorted({int(y) for y in loaded.frame["fiscal_year"].dropna()}))


def load_inputs(theme, data_dir=None, example_dir=None) -> dict:
    """Every dataset a :class:`~sugidx_analysis.themes.Theme` reads, as
    :class:`~sugidx_analysis.datasets.load.Loaded` by name: its published (or the analyst's)
    tables from :func:`sugidx_analysis.paths.example_dir` (``example_dir``; by default
    ``data/example`` beside ``data/published``, the data folder itself otherwise). Absent files
    are not errors; invalid ones raise :class:`~sugidx_analysis.errors.DataValidationError`."""
    from .datasets.load import load_optional

    published = paths.resolve_dir(data_dir, paths.PUBLISHED_DIR)
    example = paths.example_dir(data_dir, example_dir)
    inputs = {name: load_optional(get_dataset(name), published) for name in theme.datasets}
    for name in theme.example_datasets:
        inputs[name] = load_optional(get_dataset(name), example)
    return inputs
