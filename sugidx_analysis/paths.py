"""The one place that knows where things live.

Notebooks and the CLI ask here for the data and report folders; nothing else hard-codes a path.
``SUGIDX_ROOT`` points them at a project folder when the package is installed elsewhere (a
non-editable install has no ``data/`` beside its code).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(os.environ.get("SUGIDX_ROOT") or Path(__file__).resolve().parents[1])
DATA_DIR = PROJ_ROOT / "data"
PUBLISHED_DIR = DATA_DIR / "published"
EXAMPLE_DIR = DATA_DIR / "example"
SOURCES_FILE = DATA_DIR / "sources.csv"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"


def resolve_dir(value: str | Path | None, default: Path) -> Path:
    """A folder parameter as notebooks receive it: "" or None means ``default``."""
    if value is None or str(value).strip() == "":
        return Path(default)
    return Path(str(value)).expanduser()


def example_dir(data_dir: str | Path | None, example: str | Path | None) -> Path:
    """The folder of record-level data a run reads: ``example`` when given; else
    ``data/example`` (synthetic) beside the project's own published data, and the data folder
    itself for an analyst's folder. An analyst's folder is used alone: the example data,
    calibrated to Suginami, never enters another municipality's report unless asked for."""
    if example is not None and str(example).strip():
        return Path(str(example)).expanduser()
    published = resolve_dir(data_dir, PUBLISHED_DIR)
    return EXAMPLE_DIR if published.resolve() == PUBLISHED_DIR.resolve() else published


def sources_file(folder: str | Path | None = None) -> Path:
    """The sources table a data folder's ``source_id``s refer to: its own ``sources.csv`` when
    it has one (another municipality's documents), else ``data/sources.csv``."""
    if folder is not None and str(folder).strip():
        own = Path(folder) / "sources.csv"
        if own.is_file():
            return own
    return SOURCES_FILE


def display_path(path: Path) -> str:
    """A path relative to the project when inside it (manifests stay portable), else absolute."""
    try:
        path = Path(path).resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop: the folder resolved, the name kept
        path = Path(path).parent.resolve() / Path(path).name
    try:
        return path.relative_to(PROJ_ROOT.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def git_commit() -> str | None:
    """The project's current git commit, or None outside a git checkout (or without git)."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PROJ_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip()
    return commit if out.returncode == 0 and len(commit) == 40 else None
