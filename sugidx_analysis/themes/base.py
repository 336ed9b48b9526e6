"""What every theme's evaluation is made of: the year a section shows, why a measure is absent,
and a KPI row for the scorecard. Pure: no pandas beyond reading years, no Japanese prose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True, slots=True)
class YearChoice:
    """Which year a section shows: ``requested`` if there is data, else the latest earlier
    year (``shown``), else None. ``available`` lists every year of the data."""

    requested: int
    shown: int | None
    available: tuple[int, ...]

    @property
    def is_fallback(self) -> bool:
        return self.shown is not None and self.shown != self.requested

    @property
    def previous(self) -> int | None:
        """The year before ``shown`` when the data has it (the comparison year), else None."""
        if self.shown is None or self.shown - 1 not in self.available:
            return None
        return self.shown - 1


def choose_year(frame: pd.DataFrame | None, fiscal_year: int) -> YearChoice:
    """The year to show for ``fiscal_year`` from the ``fiscal_year`` column of ``frame``."""
    years = () if frame is None else tuple(sorted(int(y) for y in frame["fiscal_year"].unique()))
    earlier = [y for y in years if y <= fiscal_year]
    return YearChoice(int(fiscal_year), max(earlier) if earlier else None, years)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a measure or section cannot be shown: a ``code`` from the theme's vocabulary (its
    ``present`` module words each code in Japanese) and the values that wording needs."""

    code: str
    values: tuple[tuple[str, object], ...] = ()

    def get(self, key: str, default: object = None) -> object:
        return dict(self.values).get(key, default)


def reason(code: str, **values: object) -> Reason:
    """``Reason(code, values)`` from keywords: ``reason("too_few_years", found=1)``."""
    return Reason(code, tuple(sorted(values.items())))


@dataclass(frozen=True, slots=True)
class Kpi:
    """One key figure of a theme: its value, the year before, its target and the verdict.

    ``value`` and ``previous_value`` are fractions for ``unit == "ratio"``; ``change`` is in
    points for ratios, in the unit otherwise. ``target`` is in the same unit as ``value``.
    ``tier`` says where the figure comes from (:mod:`sugidx_analysis.tiers`); ``approximate``
    is True for a figure the source states with 「約」 or one computed from such a figure.
    ``target_due`` is the day a target falls due when a source dates it (else the end of
    ``target_fiscal_year``); ``label`` and ``source_id`` are set for figures that carry their
    own (the rows of ``kpis.csv``); the scorecard supplies them for the themes' figures.
    """

    kpi_id: str
    theme: str
    fiscal_year: int
    value: float
    unit: str
    previous_year: int | None = None
    previous_value: float | None = None
    target: float | None = None
    target_fiscal_year: int | None = None
    tier: str | None = None
    judgement: str = "not_judged"  # a code of sugidx_analysis.judgement
    approximate: bool = False
    target_due: dt.date | None = None
    label: str = ""
    source_id: str | None = None
    at_least: bool = False  # the source says 以上

    @property
    def target_date(self) -> dt.date | None:
        """The day the target falls due: ``target_due``, or the last day of the target year."""
        if self.target_due is not None:
            return self.target_due
        if self.target_fiscal_year is None:
            return None
        return dt.date(self.target_fiscal_year + 1, 3, 31)

    @property
    def change(self) -> float | None:
        if self.previous_value is None:
            return None
        diff = self.value - self.previous_value
        return diff * 100 if self.unit == "ratio" else diff


def check_fiscal_year(value: object) -> None:
    """Refuse a fiscal year that is not a whole number (a notebook parameter given as text)."""
    import numpy as np

    from ..errors import MetricInputError

    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise MetricInputError(f"fiscal_year must be a whole year such as 2024; got {value!r}")


def check_confidence(value: object) -> None:
    """Refuse an interval level outside [0.5, 1)."""
    from ..errors import MetricInputError

    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.5 <= value < 1:
        raise MetricInputError(f"confidence must be between 0.5 and 1 (e.g. 0.95); got {value!r}")
