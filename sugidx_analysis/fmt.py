"""Values → Japanese text, one definition each: fiscal years, percentages, points, counts.

The reverse of :mod:`sugidx_analysis.jp`. Every report, chart and finding formats through these
functions, so a measure is written the same way everywhere. A missing value (None or NaN) is
written 「—」. Tables write a negative change with 「△」 (:func:`delta`); prose says which way a
figure moved in words (:func:`change_words`, :func:`points_words`), as official reports do.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from .jp import era_date, era_label

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


def fiscal_year_end(year: int) -> dt.date:
    """The last day of a fiscal year: 2023 → 2024-03-31."""
    return dt.date(int(year) + 1, 3, 31)


def date(day: dt.date) -> str:
    """A date in prose: 2024-03-31 → 「令和6年3月31日」."""
    return era_date(day)


def month(value: str | dt.date) -> str:
    """A calendar month: 「2023-12」 or a day in it → 「令和5年12月」 (the era of its first day)."""
    if isinstance(value, str):
        year, mon = (int(p) for p in value.split("-")[:2])
        value = dt.date(year, mon, 1)
    return date(value.replace(day=1)).removesuffix("1日")


def fiscal_year_label(year: int) -> str:
    """A fiscal year where a label needs both forms (covers, headers): 「令和5年度 (FY2023)」.

    :func:`sugidx_analysis.jp.parse_fiscal_year` reads it back.
    """
    return f"{fiscal_year(year)} (FY{int(year)})"


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage, rounded half up (四捨五入) as written: 0.42119 → 「42.1%」,
    383/2000 = 0.1915 → 「19.2%」 (the decimal digits of the fraction, not its binary value)."""
    if _missing(value):
        return MISSING
    return f"{number(Decimal(str(value)) * 100, digits)}%"


def count(value: float | None) -> str:
    """A count with thousands separators: 1699957 → 「1,699,957」."""
    return number(value, 0)


def delta(value: float | None, digits: int = 0) -> str:
    """A change in a table: no sign when it rose, 「△」 when it fell: −172545 → 「△172,545」,
    −0.38 (digits=1) → 「△0.4」."""
    if _missing(value):
        return MISSING
    text = f"{abs(value):,.{digits}f}"
    if value < 0 and text.strip("0.,") != "":
        return f"△{text}"
    return text


def change_words(value: float | None, unit: str, rise: str = "増加", fall: str = "減少") -> str:
    """A change of a count in prose: 38 → 「38手続増加」, −172545 → 「172,545件減少」, 0 →
    「増減なし」 (``unit`` follows the number)."""
    if _missing(value):
        return MISSING
    if round(value) == 0:
        return "増減なし"
    return f"{abs(value):,.0f}{unit}{rise if value > 0 else fall}"


def points_words(value: float | None, digits: int = 1) -> str:
    """A change of a rate in prose: 3.12 → 「3.1ポイント上昇」, −0.38 → 「0.4ポイント低下」,
    a change that rounds to zero → 「横ばい」."""
    if _missing(value):
        return MISSING
    if round(abs(value), digits) == 0:
        return "横ばい"
    return f"{abs(value):.{digits}f}ポイント{'上昇' if value > 0 else '低下'}"


def number(value: float | None, digits: int = 0) -> str:
    """A measured amount with thousands separators and a fixed number of decimals, rounded half
    up (四捨五入) as written: 192.59 (digits=1) → 「192.6」, 3.25 → 「3.3」, 5200 → 「5,200」."""
    if _missing(value):
        return MISSING
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{digits}f}"


def man_yen(value: float | None) -> str:
    """Yen in units of 万円 (10,000 yen), whole: 18,460,000 → 「1,846」."""
    if _missing(value):
        return MISSING
    return number(value / 10_000)


def about(figure, digits: int = 0, unit: str = "", scale=None) -> str:
    """An :class:`~sugidx_analysis.approx.Approx` as a reader sees it: 「約5,200時間」 when it is
    approximate, 「5,200時間」 when exact. ``scale`` formats the number instead of
    :func:`number` (for example :func:`man_yen`)."""
    if figure is None or _missing(figure.value):
        return MISSING
    text = scale(figure.value) if scale else number(figure.value, digits)
    return f"{'約' if figure.approximate else ''}{text}{unit}"


def interval(figure, digits: int = 0, unit: str = "", scale=None) -> str:
    """The interval an approximate figure stands for: 「5,150〜5,250時間」; empty for an exact
    figure, and when both ends read the same at this precision."""
    if figure is None or not figure.approximate:
        return ""
    show = scale if scale else (lambda v: number(v, digits))
    low, high = show(figure.low), show(figure.high)
    return "" if low == high else f"{low}〜{high}{unit}"


def about_with_interval(figure, digits: int = 0, unit: str = "", scale=None) -> str:
    """「約5,200時間（5,150〜5,250時間）」, or 「5,200時間」 for an exact figure."""
    head = about(figure, digits, unit, scale)
    span = interval(figure, digits, unit, scale)
    return f"{head}（{span}）" if span else head
