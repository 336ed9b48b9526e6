"""The one place that knows where things live.

Notebooks and the CLI ask here for the data and report folders; nothing else hard-codes a path.
"""

from __future__ import annotations

from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJ_ROOT / "data"
PUBLISHED_DIR = DATA_DIR / "published"
EXAMPLE_DIR = DATA_DIR / "example"
SOURCES_FILE = DATA_DIR / "sources.csv"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
