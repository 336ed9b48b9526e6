"""The municipality a data folder describes: its name, fiscal year and targets.

Read from ``municipality.toml`` in the data folder with the standard library's ``tomllib``.
Everything a report says about the municipality — cover, running header, the targets its
measures are judged against — comes from here, so another ward's folder renders under its own
name. A folder without a profile renders under :data:`UNNAMED` with no targets: never under
Suginami's name, never against Suginami's targets.

A profile looks like this (``data/published/municipality.toml`` holds Suginami's)::

    name = "杉並区"
    name_en = "Suginami City"
    fiscal_year_start = "04-01"

    [[targets]]
    id = "online.coverage"          # the themes look targets up by id
    label = "オンライン対応率"
    statement = "令和7年度末までに、オンライン化が可能な手続はすべてオンライン化する"
    value = 1.0                     # a share for unit "ratio"
    unit = "ratio"
    fiscal_year = 2025              # due by the end of this fiscal year …
    source_id = "S003-online"       # … or ``due = 2025-07-01``; a row of sources.csv
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import SugidxError

PROFILE_FILE = "municipality.toml"
UNNAMED = "（自治体名未設定）"
UNNAMED_EN = "(municipality not set)"
# 地方自治法第208条: a municipality's fiscal year runs from 1 April to 31 March.
FISCAL_YEAR_START = "04-01"

# Targets the themes judge against; any other id is shown as a target with no measure.
ONLINE_COVERAGE = "online.coverage"
FIT_GAP_PROGRESS = "standardization.fit_gap_progress"

_TOP_KEYS = {"name", "name_en", "fiscal_year_start", "targets"}
_TARGET_KEYS = {"id", "label", "statement", "value", "unit", "fiscal_year", "due", "source_id"}


class ProfileError(SugidxError):
    """``municipality.toml`` is unreadable or breaks its rules; the message names the file and
    the key."""


@dataclass(frozen=True, slots=True)
class Target:
    """A target the municipality set: ``value`` (a share for unit ``ratio``) by the end of
    ``fiscal_year`` or on ``due``, stated in the document ``source_id``."""

    target_id: str
    label: str
    value: float
    unit: str
    source_id: str
    fiscal_year: int | None = None
    due: dt.date | None = None
    statement: str = ""

    @property
    def theme(self) -> str:
        """The theme the id names before its first dot (``online.coverage`` → online)."""
        return self.target_id.split(".", 1)[0]

    @property
    def due_date(self) -> dt.date:
        """The day the target is due: ``due``, or the last day of ``fiscal_year``."""
        return self.due if self.due is not None else dt.date(self.fiscal_year + 1, 3, 31)

    @property
    def due_fiscal_year(self) -> int:
        """The fiscal year the target falls due in."""
        if self.fiscal_year is not None:
            return self.fiscal_year
        return self.due.year if self.due.month >= 4 else self.due.year - 1


@dataclass(frozen=True, slots=True)
class Profile:
    """What a report says about the municipality. ``path`` is None when the folder has no
    profile: the name is then :data:`UNNAMED` and there are no targets."""

    name: str
    name_en: str
    targets: tuple[Target, ...] = ()
    path: Path | None = None
    fiscal_year_start: str = FISCAL_YEAR_START

    @property
    def configured(self) -> bool:
        return self.path is not None

    def target(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.target_id == target_id), None)

    def theme_targets(self, theme: str) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.theme == theme)


NO_PROFILE = Profile(UNNAMED, UNNAMED_EN)


def profile_path(data_dir: str | Path | None) -> Path:
    """Where the profile of ``data_dir`` ("" or None: ``data/published``) lives."""
    from . import paths

    return paths.resolve_dir(data_dir, paths.PUBLISHED_DIR) / PROFILE_FILE


def load_profile(data_dir: str | Path | None = None) -> Profile:
    """The profile in ``data_dir`` ("" or None: ``data/published``), or :data:`NO_PROFILE`
    when the folder has none.

    Raises
    ------
    ProfileError
        naming the file and key, for a file that is not TOML or breaks a rule.
    """
    path = profile_path(data_dir)
    if not path.exists():
        return NO_PROFILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return _profile(path, data)


def _profile(path: Path, data: dict) -> Profile:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ProfileError(
            f"{path}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(_TOP_KEYS))}"
        )
    name = _text(path, "name", data.get("name"), required=True)
    name_en = _text(path, "name_en", data.get("name_en"), required=False) or name
    start = data.get("fiscal_year_start", FISCAL_YEAR_START)
    if start != FISCAL_YEAR_START:
        raise ProfileError(
            f'{path}: fiscal_year_start: only "{FISCAL_YEAR_START}" (1 April, as the Local '
            f"Autonomy Act sets for every Japanese municipality) is supported; got {start!r}"
        )
    rows = data.get("targets", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ProfileError(f"{path}: targets must be [[targets]] tables")
    targets = tuple(_target(path, i, row) for i, row in enumerate(rows, start=1))
    ids = [t.target_id for t in targets]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ProfileError(f"{path}: target id(s) given twice: {', '.join(twice)}")
    return Profile(name, name_en, targets, path)


def _target(path: Path, number: int, row: dict) -> Target:
    where = f"{path}: targets #{number}"
    unknown = sorted(set(row) - _TARGET_KEYS)
    if unknown:
        raise ProfileError(
            f"{where}: unknown key(s) {', '.join(unknown)}; "
            f"expected {', '.join(sorted(_TARGET_KEYS))}"
        )
    target_id = _text(where, "id", row.get("id"), required=True)
    label = _text(where, "label", row.get("label"), required=True)
    unit = _text(where, "unit", row.get("unit"), required=True)
    source_id = _text(where, "source_id", row.get("source_id"), required=True)
    statement = _text(where, "statement", row.get("statement"), required=False)
    value = row.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ProfileError(f"{where} ({target_id}): value must be a number; got {value!r}")
    if unit == "ratio" and not 0 < value <= 1:
        raise ProfileError(
            f"{where} ({target_id}): a ratio target must be in (0, 1], e.g. 0.9 for 90%; "
            f"got {value!r}"
        )
    year, due = row.get("fiscal_year"), row.get("due")
    if (year is None) == (due is None):
        raise ProfileError(
            f"{where} ({target_id}): give exactly one of fiscal_year (due by the end of that "
            "fiscal year, e.g. 2025) or due (a date, e.g. 2025-07-01)"
        )
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200
    ):
        raise ProfileError(f"{where} ({target_id}): fiscal_year must be a year such as 2025")
    if due is not None and (isinstance(due, dt.datetime) or not isinstance(due, dt.date)):
        raise ProfileError(
            f"{where} ({target_id}): due must be a TOML date such as 2025-07-01 (no quotes, "
            f"no time); got {due!r}"
        )
    return Target(target_id, label, float(value), unit, source_id, year, due, statement)


def _text(where: object, key: str, value: object, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"{where}: {key} must be non-empty text; got {value!r}")
    return value.strip()


PROFILE_INPUT = "municipality"  # the name a profile's targets go by among a report's inputs
PROFILE_LABEL = "自治体プロファイル"


def targets_input(profile: Profile, targets: tuple[Target, ...] | None = None):
    """``targets`` (default: all of the profile's) as a loaded input, so that a report's 出典,
    list of publications and 再現情報 cite the profile and its targets' documents as they cite
    any table. None for a folder without a profile."""
    import pandas as pd

    from . import tiers
    from .datasets.load import Loaded

    if profile.path is None:
        return None
    chosen = profile.targets if targets is None else targets
    frame = pd.DataFrame(
        {
            "target_id": [t.target_id for t in chosen],
            "source_id": [t.source_id for t in chosen],
        },
        columns=["target_id", "source_id"],
    )
    tier = tiers.decide(profile.path, False)
    return Loaded(PROFILE_INPUT, profile.path.parent, frame, profile.path, tier, None)
