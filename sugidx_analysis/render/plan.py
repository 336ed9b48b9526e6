"""What to render: notebooks, fiscal years, parameters, the check of the input data, input
files and the data tier.

Everything here is cheap (JSON, hashing, a small cache), so that a run where nothing changed
does not pay for importing Papermill or re-validating the data (:func:`check_inputs`
remembers a pass by the files' hashes).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, catalogue, limits, paths, tiers
from ..errors import DataValidationError, Problem, RenderError, SugidxError
from ..municipality import profile_path
from ..themes import THEMES, theme_of_notebook
from . import cache, parameters

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
# Parameters the command sets itself; ``-p`` may not set them.
RESERVED = {
    "fiscal_year": "--fiscal-year",
    "data_dir": "--data-dir",
    "example_dir": "--example-dir",
}


@dataclass(frozen=True, slots=True)
class NotebookInfo:
    """A theme notebook: its name (file stem), path, source hash, Japanese title and the
    parameters of its ``parameters`` cell (name → default as written)."""

    name: str
    path: Path
    sha256: str
    title: str
    parameters: dict[str, str]

    @property
    def per_year(self) -> bool:
        return "fiscal_year" in self.parameters


def discover_notebooks(notebooks_dir: Path, names: list[str] | None = None) -> list[Path]:
    """Theme notebooks ``NN_<theme>.ipynb`` in ``notebooks_dir``, in their numbered order.

    ``names`` selects some of them by file stem (``01_online_procedures``), file name or number
    (``01``).

    Raises
    ------
    RenderError
        when the folder has no notebook, or a name matches none of them.
    """
    folder = Path(notebooks_dir)
    found = sorted(folder.glob(NOTEBOOK_GLOB)) if folder.is_dir() else []
    if not found:
        raise RenderError(f"{folder}: no notebooks named like {NOTEBOOK_GLOB}")
    if not names:
        return found
    chosen: list[Path] = []
    for name in names:
        stem = name.removesuffix(".ipynb")
        match = [p for p in found if p.stem == stem or p.stem[:2] == stem]
        if not match:
            raise RenderError(
                f"no notebook {name!r}; choose from: {', '.join(p.stem for p in found)}"
            )
        chosen.extend(p for p in match if p not in chosen)
    return sorted(chosen)


def notebook_title(nb: dict, default: str) -> str:
    """Text of the first ``# heading`` of the first markdown cell that has one."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for line in source.splitlines():
            m = re.match(r"#\s+(.+?)\s*#*\s*$", line)
            if m:
                return m[1]
    return default


def notebook_info(path: Path, cache_dir: Path | None = None) -> NotebookInfo:
    """Read a notebook's title and parameters (Papermill's inspection, cached by source hash)."""
    path = Path(path)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        nb = json.loads(data)
    except ValueError as exc:
        raise RenderError(f"{path.name}: not a notebook (invalid JSON: {exc})") from None
    store = cache.JsonStore(cache_dir / "parameters.json") if cache_dir else None
    params = store.get(digest) if store else None
    if params is None:
        import papermill

        try:
            inspected = papermill.inspect_notebook(str(path))
        except Exception as exc:  # papermill raises several types for unreadable notebooks
            raise RenderError(f"{path.name}: cannot read its parameters ({exc})") from None
        params = {name: str(p.get("default", "")) for name, p in inspected.items()}
        if store:
            store.put(digest, params)
    return NotebookInfo(path.stem, path, digest, notebook_title(nb, path.stem), dict(params))


class _NonFinite(ValueError):
    """JSON's ``NaN``, ``Infinity`` or ``-Infinity``, which Python's json reads as floats."""


def _refuse_constant(name: str) -> object:
    raise _NonFinite(name)


def parse_assignments(items: list[str] | None) -> dict[str, object]:
    """``["NAME=VALUE", ...]`` → dict; a value is read as a JSON literal when it is one
    (``2023``, ``0.9``, ``true``, ``"text"``), otherwise kept as text, then checked by its
    parameter's rule (:data:`parameters.PARAMETERS`).

    Raises
    ------
    RenderError
        for an item without ``=`` or with an empty or invalid name, NaN or ±Infinity, and a
        value its parameter's rule refuses (the message states the accepted values).
    """
    result: dict[str, object] = {}
    for item in items or []:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise RenderError(f"-p {item!r}: expected NAME=VALUE, e.g. -p target_coverage=0.9")
        if name in RESERVED:
            raise RenderError(f"-p {name}=…: set it with {RESERVED[name]} instead")
        try:
            value: object = json.loads(text, parse_constant=_refuse_constant)
        except _NonFinite:
            value = math.nan  # refused below, with the parameter's accepted values
        except ValueError:
            value = text
        result[name] = parameters.check_value(name, value, text)
    return result


def build_parameters(
    info: NotebookInfo,
    fiscal_year: int | None,
    data_dir: Path,
    extra: dict[str, object],
    example_dir: Path | None = None,
) -> dict[str, object]:
    """The parameters to inject into one notebook run.

    Raises
    ------
    RenderError
        naming the notebook's real parameters, when ``extra`` names one it does not have or one
        the command sets itself; stating the accepted values, for a fiscal year or a value of
        ``extra`` its rule refuses (:mod:`.parameters`).
    """
    for name in extra:
        if name in RESERVED:
            raise RenderError(f"-p {name}=…: set it with {RESERVED[name]} instead")
        if name not in info.parameters:
            real = ", ".join(info.parameters) or "none"
            raise RenderError(
                f"{info.path.name} has no parameter {name!r}; its parameters are: {real}"
            )
    checked = {name: parameters.check_value(name, value) for name, value in extra.items()}
    params: dict[str, object] = {}
    if fiscal_year is not None:
        fiscal_year = parameters.check_fiscal_year(fiscal_year)
    if fiscal_year is not None and info.per_year:
        params["fiscal_year"] = fiscal_year
    if "data_dir" in info.parameters:
        data_dir = Path(data_dir).resolve()
        params["data_dir"] = "" if data_dir == paths.PUBLISHED_DIR.resolve() else str(data_dir)
    if example_dir is not None and "example_dir" in info.parameters:
        params["example_dir"] = str(Path(example_dir).resolve())
    params.update(checked)
    return params


def input_files(info: NotebookInfo, data_dir: Path, params: dict[str, object]) -> dict[str, Path]:
    """Every file a report reads, by display path: the datasets its theme declares (from the
    data folder, and record-level ones from the example folder) and ``data/sources.csv``. A
    notebook that is no registered theme's may read anything: every dataset file of the data
    (and example) folder counts."""
    theme = theme_of_notebook(info.name)
    example = params.get("example_dir")
    example_dir = paths.example_dir(data_dir, example if isinstance(example, str) else None)
    if theme is not None:
        wanted = [(Path(data_dir), theme.datasets), (example_dir, theme.example_datasets)]
    else:
        wanted = [(Path(data_dir), tuple(catalogue.DATASETS))]
        if "example_dir" in info.parameters:
            wanted.append((example_dir, tuple(catalogue.DATASETS)))
    files: dict[str, Path] = {}
    for folder, names in wanted:
        if names and folder.is_dir():
            for path in _dataset_files(folder, names).values():
                files[paths.display_path(path)] = path
    extra = [paths.sources_file(data_dir), profile_path(data_dir)]
    for path in extra:
        if path.is_file():
            files[paths.display_path(path)] = path
    return dict(sorted(files.items()))


def example_datasets(infos: list[NotebookInfo]) -> tuple[str, ...]:
    """The record-level datasets the notebooks of ``infos`` read from the example folder, as
    :func:`input_files` counts them (a notebook that is no registered theme's and has an
    ``example_dir`` parameter: every dataset)."""
    names: list[str] = []
    for info in infos:
        theme = theme_of_notebook(info.name)
        if theme is not None:
            wanted: tuple[str, ...] = theme.example_datasets
        elif "example_dir" in info.parameters:
            wanted = tuple(catalogue.DATASETS)
        else:
            wanted = ()
        names.extend(n for n in wanted if n not in names)
    return tuple(names)


def check_inputs(
    data_dir: Path,
    example_dir: Path | None = None,
    dataset_names: Sequence[str] | None = None,
    cache_dir: Path | None = None,
) -> None:
    """Refuse a run whose data ``sugidx validate`` refuses, before any notebook runs — also
    a bad file no selected notebook reads, since a report must not rest on a folder that
    fails validation.

    Parameters
    ----------
    data_dir
        The data folder: every dataset file in it and its ``municipality.toml`` are checked,
        exactly as ``sugidx validate --data-dir`` checks them.
    example_dir
        The record-level folder the run reads (:func:`sugidx_analysis.paths.example_dir`:
        None is ``data/example`` beside ``data/published``, the data folder itself
        otherwise).
    dataset_names
        The record-level datasets checked in the example folder (:func:`example_datasets`
        of the run's notebooks); None: every theme's. Other files there are not read.
    cache_dir
        Where to remember that these very files (by SHA-256) passed, under this code
        (:func:`code_fingerprint`): a run with unchanged data then skips the validation
        (and importing pandas). A failure is never remembered.

    Raises
    ------
    DataValidationError
        listing every error, each file named by its path (``data/published/cashless.csv``).
    """
    data_dir = Path(data_dir)
    example = paths.example_dir(data_dir, example_dir)
    if dataset_names is None:
        dataset_names = [n for t in THEMES for n in t.example_datasets]
    if not example.is_dir() or example.resolve() == data_dir.resolve():
        example = None  # none, or the data folder itself (checked whole)
    store = key = None
    if cache_dir is not None:
        files = catalogue.dataset_files(data_dir)
        files["sources"] = paths.sources_file(data_dir)
        files["municipality"] = profile_path(data_dir)
        if example is not None:
            for name, path in _dataset_files(example, dataset_names).items():
                files[f"example {name}"] = path
            files["example sources"] = paths.sources_file(example)
        from ..datasets.files import check_file

        try:  # a folder, a link loop or an oversized file: refused below, never read here
            sizes = {n: check_file(f) for n, f in files.items() if f.exists() or f.is_symlink()}
        except SugidxError:
            sizes = None
        hashes = {n: cache.file_sha256(files[n]) for n in sizes or {}}
        key = hashlib.sha256(
            json.dumps(
                {
                    "data": str(data_dir.resolve()),
                    "files": hashes,
                    "code": code_fingerprint(),
                    # what passes depends on the limits too (SUGIDX_MAX_*, the current year)
                    "limits": [
                        limits.max_file_bytes(),
                        limits.max_rows(),
                        limits.max_fiscal_year(),
                    ],
                },
                sort_keys=True,
            ).encode()
        ).hexdigest()
        store = cache.JsonStore(Path(cache_dir) / "inputs.json")
        if sizes is not None and store.get(key):
            return
    from ..datasets.load import validate_folder  # pandas: only when the check runs

    problems: list[Problem] = []
    try:
        report = catalogue.validate_folder(data_dir)
    except SugidxError as exc:  # a folder without one dataset file
        where = paths.display_path(data_dir)
        raise DataValidationError([Problem(where, None, None, None, str(exc))]) from None
    catalogue.check_profile(report)
    problems += _located(report.errors, data_dir)

    if example is not None:
        schemas = {n: catalogue.get_dataset(n) for n in dataset_names}
        if _dataset_files(example, list(schemas)):
            schemas.setdefault("sources", catalogue.get_dataset("sources"))  # to cite
            found = validate_folder(example, schemas, paths.sources_file(example))
            problems += [p for p in _located(found.errors, example) if p not in problems]
    if problems:
        raise DataValidationError(problems)
    if store is not None:
        store.put(key, True)


def _located(problems, folder: Path) -> list:
    """``problems`` with each file named by its display path (``data/example/x.csv``)."""
    from dataclasses import replace

    result = []
    for p in problems:
        path = Path(folder) / p.file
        if not path.exists() and p.file == paths.SOURCES_FILE.name:
            path = paths.sources_file(folder)
        # lexists: a folder or a link loop where a file should be is located too
        located = os.path.lexists(path)
        result.append(replace(p, file=paths.display_path(path)) if located else p)
    return result


def report_tier(data_dir: Path, files: dict[str, Path]) -> str:
    """The cover's wording of a report's data: its folder's tier, plus a synthetic notice when
    any file it reads is synthetic (the cover must never hide synthetic data)."""
    return tiers.report_label((tiers.file_tier(p) for p in files.values()), data_dir)


def _dataset_files(folder: Path, names) -> dict[str, Path]:
    from ..datasets.files import dataset_files

    return dataset_files(folder, names)


def fiscal_years(data_dir: Path, cache_dir: Path | None = None) -> list[int]:
    """Every fiscal year in a ``fiscal_year`` column of the theme datasets in ``data_dir``
    (all registered datasets except ``kpis`` and ``sources``).

    The answer is cached under the SHA-256 of those files, so unchanged data is not re-read.

    Raises
    ------
    RenderError
        when no dataset in the folder has a fiscal year.
    DataValidationError
        when a dataset file is invalid.
    """
    names = [n for n in catalogue.DATASETS if n not in catalogue.NON_THEME]
    files = _dataset_files(Path(data_dir), names)
    key = hashlib.sha256(
        json.dumps({n: cache.file_sha256(p) for n, p in files.items()}, sort_keys=True).encode()
    ).hexdigest()
    store = cache.JsonStore(cache_dir / "years.json") if cache_dir else None
    years = store.get(key) if store else None
    if years is None:
        found: set[int] = set()
        for name in files:
            frame = catalogue.load_dataset(name, Path(data_dir))
            if "fiscal_year" in frame.columns:
                found.update(int(y) for y in frame["fiscal_year"].dropna())
        years = sorted(found)
        if store:
            store.put(key, years)
    if not years:
        raise RenderError(
            f"{data_dir}: no dataset has a fiscal_year; name years with --fiscal-year"
        )
    return list(years)


@dataclass(frozen=True, slots=True)
class DataYears:
    """The fiscal years of a theme's primary dataset in a data folder (empty: no file, or no
    row with a year)."""

    dataset: str
    years: tuple[int, ...]

    def supports(self, fiscal_year: int) -> bool:
        """True when the report of ``fiscal_year`` has data: that year's, or an earlier one
        (the evaluation then shows the latest earlier year)."""
        return any(y <= fiscal_year for y in self.years)

    def describe(self, fiscal_year: int) -> str:
        """Why the report of ``fiscal_year`` has no data (for the manifest)."""
        held = ", ".join(f"FY{y}" for y in self.years) or "no fiscal year"
        return f"{self.dataset} has no row for FY{fiscal_year} or earlier (it has: {held})"


def data_years(
    info: NotebookInfo, data_dir: Path, cache_dir: Path | None = None
) -> DataYears | None:
    """The years of the primary dataset of ``info``'s theme in ``data_dir``
    (:func:`catalogue.years_with_data`), cached under the file's SHA-256 so that unchanged data
    is not re-read.

    Returns None — every year is rendered — for a notebook that is no registered theme's, a
    theme without datasets, or a primary file that is invalid (its reports then fail with the
    validation's message, like any report whose data is broken).
    """
    theme = theme_of_notebook(info.name)
    name = theme.primary_dataset if theme is not None else None
    if name is None:
        return None
    path = _dataset_files(Path(data_dir), [name]).get(name)
    if path is None:
        return DataYears(name, ())
    key = hashlib.sha256(
        json.dumps({"dataset": name, "sha256": cache.file_sha256(path)}).encode()
    ).hexdigest()
    store = cache.JsonStore(cache_dir / "data_years.json") if cache_dir else None
    years = store.get(key) if store else None
    if years is None:
        try:
            years = list(catalogue.years_with_data(theme, data_dir))
        except DataValidationError:
            return None
        if store:
            store.put(key, years)
    return DataYears(name, tuple(int(y) for y in years))


def code_fingerprint(root: Path | None = None) -> str:
    """SHA-256 over the library's source and the render templates (``root``: the package
    folder, by default this one): a report made by other code is not a cache hit, even when the
    version number did not change."""
    root = Path(root) if root is not None else Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".j2", ".css", ".json"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
