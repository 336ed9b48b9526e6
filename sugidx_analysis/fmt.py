"""Values → Japanese text, one definition each: fiscal years, percentages, points, counts.

The reverse of :mod:`sugidx_analysis.jp`. Every report, chart and finding formats through these
functions, so a measure is written the same way everywhere. A missing value (None or NaN) is
written 「—」.
"""

from __future__ import annotations

from .jp import era_label

MISSING = "—"


def _missing(value: float | None) -> bool:
    """None, NaN and pandas' NA (whose comparisons cannot be read as true or false)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True


def fiscal_year(year: int) -> str:
    """A fiscal year in prose and tables: 2023 → 「令和5年度」, 2019 → 「令和元年度」."""
    return era_label(year, "年度")


def fiscal_year_label(year: int) -> str:
    """A fiscal year where a label needs both forms (covers, headers): 「令和5年度 (FY2023)」.

    :func:`sugidx_analysis.jp.parse_fiscal_year` reads it back.
    """
    return f"{fiscal_year(year)} (FY{int(year)})"


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage: 0.42119 → 「42.1%」."""
    if _missing(value):
        return MISSING
    return f"{value * 100:.{digits}f}%"


def points(value: float | None, digits: int = 1) -> str:
    """A difference of percentages, in points, with its sign: 3.12 → 「+3.1ポイント」."""
    if _missing(value):
        return MISSING
    return f"{value:+.{digits}f}ポイント"


def count(value: float | None) -> str:
    """A count with thousands separators: 1699957 → 「1,699,957」."""
    if _missing(value):
        return MISSING
    return f"{value:,.0f}"


def signed_count(value: float | None) -> str:
    """A change of a count with its sign: 38 → 「+38」, −172545 → 「-172,545」."""
    if _missing(value):
        return MISSING
    return f"{value:+,.0f}"
