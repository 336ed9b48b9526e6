"""Read the Japanese formats municipal files use for years, dates, amounts and shares.

Every reader normalises full-width characters with NFKC first and raises
:class:`~sugidx_analysis.errors.ParseError` naming the text for anything it cannot read with
certainty: a guessed value must never reach a report.
"""

from __future__ import annotations

import calendar
import datetime as dt
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sugidx_analysis.errors import ParseError

MIN_YEAR, MAX_YEAR = 1900, 2200


@dataclass(frozen=True, slots=True)
class _Era:
    name: str
    letter: str
    first_day: dt.date
    last_day: dt.date | None = None  # None: the current era

    @property
    def last_year(self) -> int | None:
        return None if self.last_day is None else self.last_day.year - self.first_day.year + 1


_ERAS = (
    _Era("昭和", "S", dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    _Era("平成", "H", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    _Era("令和", "R", dt.date(2019, 5, 1)),
)
_ERA_BY_TOKEN = {key: era for era in _ERAS for key in (era.name, era.letter)}
_ERA = r"(?P<era>[^\W\d_]{1,2})(?P<ey>元|\d{1,3})"  # any era-like token, to name unknown eras
_SIGNS = {"-": -1, "−": -1, "▲": -1, "△": -1, "+": 1}  # ▲ and △ are minus in Japanese tables
_SIGN = r"(?P<sign>[-−▲△+])?\s*"
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # thousands groups of exactly three digits
_BOUNDS = {"以上": "at_least", "以下": "at_most", "未満": "less_than", "超": "more_than"}
_APPROX = ("約", "およそ", "概ね")
_WEEKDAYS = "月火水木金土日"


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _check_year(year: int, text: object) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ParseError(text, f"a year between {MIN_YEAR} and {MAX_YEAR}")
    return year


def _era_for_year(year: int) -> _Era:
    return [era for era in _ERAS if era.first_day.year <= year][-1]


def _era_label(year: int, suffix: str) -> str:
    era = _era_for_year(year)
    n = year - era.first_day.year + 1
    return f"{era.name}{'元' if n == 1 else n}{suffix}"


def _era_to_year(match: re.Match[str], text: object, suffix: str) -> tuple[_Era, int]:
    """Gregorian year of an era year, rejecting years the era never had (平成32)."""
    era = _ERA_BY_TOKEN.get(match["era"])
    if era is None:
        raise ParseError(text, "an era 昭和 (S), 平成 (H) or 令和 (R)")
    n = 1 if match["ey"] == "元" else int(match["ey"])
    if n < 1:
        raise ParseError(text, f"an era year of 元 (1) or more, e.g. {era.name}元{suffix}")
    year = _check_year(era.first_day.year + n - 1, text)
    if era.last_year is not None and n > era.last_year:
        fy = "FY" if suffix == "年度" else ""
        raise ParseError(
            text,
            f"a year up to {era.name}{era.last_year}{suffix}, when {era.name} ended; "
            f"write {_era_label(year, suffix)} ({fy}{year}) instead",
        )
    return era, year


def era_label(year: int, suffix: str = "年度") -> str:
    """An era year with ``suffix``: ``era_label(2023)`` → 「令和5年度」, 2019 → 「令和元年度」.

    Raises ParseError as :func:`era_year` does.
    """
    era_year(year)  # validates
    return _era_label(int(year), suffix)


def era_date(day: dt.date) -> str:
    """A date in the era in force on that day: 2024-03-31 → 「令和6年3月31日」, 2019-03-31 →
    「平成31年3月31日」 (unlike fiscal years, a date before 1 May 2019 is still 平成)."""
    era = [e for e in _ERAS if e.first_day <= day][-1]
    n = day.year - era.first_day.year + 1
    return f"{era.name}{'元' if n == 1 else n}年{day.month}月{day.day}日"


def era_year(year: int) -> tuple[str, int]:
    """Split a fiscal year into era name and era year: 2023 → ``("令和", 5)``.

    A fiscal year takes the era that began in or before its first calendar year: FY1989 is
    平成元年度 and FY2019 令和元年度, as the government names them.

    Raises
    ------
    ParseError
        For non-integers, bools and years outside 1927–2200 (eras before 昭和 are not written).
    """
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ParseError(year, "an integer year")
    if not 1927 <= year <= MAX_YEAR:
        raise ParseError(year, f"a fiscal year between 1927 (昭和2年度) and {MAX_YEAR}")
    era = _era_for_year(int(year))
    return era.name, int(year) - era.first_day.year + 1


_FY_BRACKET = re.compile(r"(?P<body>.+?)\((?:FY)?(?P<y>\d{4})(?:年度?)?\)")
_FY_ERA = re.compile(rf"{_ERA}(?:年度?)?")
_FY_GREGORIAN = re.compile(r"(?:FY)?(?P<y>\d{4})(?:年度?)?")
_FY_EXPECTED = "a fiscal year such as 令和5年度, R5, 2023年度, FY2023 or 令和5年度 (FY2023)"


def parse_fiscal_year(text: str | int) -> int:
    """Read a fiscal year as ward files write it; return the Gregorian year it starts in (April).

    Parameters
    ----------
    text : str or int
        Era forms (「令和5年度」, 「R5」, 「r5」, 「令和元年度」, 「H31」, 「令和5年」), Gregorian
        ones (「2023年度」, 「FY 2023」, ``"2023"``, ``2023``), either followed by the Gregorian
        year in brackets (「令和5年度 (FY2023)」, 「令和5年度（2023年度）」), which must agree.

    Raises
    ------
    ParseError
        For bools, unknown eras, era year 0, years past an era's end, a disagreeing bracketed
        year, and years outside 1900–2200. DECISION: 「平成32年度」 (in plans written before
        the 2019 era change) is rejected, the message suggesting 令和2年度 (FY2020): it is never
        mapped silently, because a fiscal year the analyst did not write must not reach a report.
    """
    if isinstance(text, numbers.Integral) and not isinstance(text, bool):
        return _check_year(int(text), text)
    if not isinstance(text, str):
        raise ParseError(text, _FY_EXPECTED)
    s = re.sub(r"\s+", "", _norm(text)).upper()
    stated = None
    if m := _FY_BRACKET.fullmatch(s):
        s, stated = m["body"], int(m["y"])
    if m := _FY_ERA.fullmatch(s):
        year = _era_to_year(m, text, "年度")[1]
    elif m := _FY_GREGORIAN.fullmatch(s):
        year = _check_year(int(m["y"]), text)
    else:
        raise ParseError(text, _FY_EXPECTED)
    if stated is not None and stated != year:
        raise ParseError(text, f"the bracketed year to agree with the fiscal year (FY{year})")
    return year


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, for dates written without a day (「令和5年12月」, ``"2023-12"``)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ParseError(f"{self.year}-{self.month}", "a month from 1 to 12")

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


_WD = r"(?:\((?P<wd>[月火水木金土日])(?:曜日?)?(?:・?祝)?\))?"  # (火), (火曜日), (月・祝)
_DATE_PATTERNS = (
    re.compile(rf"{_ERA}年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日{_WD})?"),
    re.compile(rf"{_ERA}\.(?P<m>\d{{1,2}})(?:\.(?P<d>\d{{1,2}}){_WD})?"),  # R6.7.2
    re.compile(rf"(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日{_WD})?"),
    re.compile(rf"(?P<y>\d{{4}})(?P<s>[-/])(?P<m>\d{{1,2}})(?:(?P=s)(?P<d>\d{{1,2}}){_WD})?"),
)
_DATE_EXPECTED = "a date such as 令和6年7月2日, 2024-07-31, 2024/7/31 or 2024年7月31日, or a month"


def parse_date(text: str | dt.date | Month) -> dt.date | Month:
    """Read a date, or a :class:`Month` when no day is written; a date or Month passes through.

    An era year in a date is the calendar year (令和6年7月 is July 2024), not the fiscal year.

    Raises
    ------
    ParseError
        For unreadable text, impossible dates (2月30日), a bracketed weekday (「（火）」) that
        contradicts the date, years outside 1900–2200, and era dates outside their era
        (「平成31年5月1日」, 「令和元年4月」), for the same reason as 「平成32年度」.
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date | Month):
        return text
    if not isinstance(text, str):
        raise ParseError(text, _DATE_EXPECTED)
    s = re.sub(r"\s+", "", _norm(text)).upper()
    m = next((m for p in _DATE_PATTERNS if (m := p.fullmatch(s))), None)
    if m is None:
        raise ParseError(text, _DATE_EXPECTED)
    if "era" in m.re.groupindex:
        era, year = _era_to_year(m, text, "年")
    else:
        era, year = None, _check_year(int(m["y"]), text)
    if not 1 <= int(m["m"]) <= 12:
        raise ParseError(text, "a month from 1 to 12")
    if m["d"] is None:
        result: dt.date | Month = Month(year, int(m["m"]))
        first, last = result.first_day(), result.last_day()
    else:
        try:
            result = first = last = dt.date(year, int(m["m"]), int(m["d"]))
        except ValueError:
            raise ParseError(text, "a day that exists in that month") from None
        if m["wd"] and m["wd"] != (weekday := _WEEKDAYS[result.weekday()]):
            raise ParseError(text, f"the weekday to match the date ({result} is a {weekday}曜日)")
    if era and (last < era.first_day or (era.last_day and first > era.last_day)):
        span = f"from {era.first_day}" + (f" to {era.last_day}" if era.last_day else "")
        raise ParseError(text, f"a date within {era.name}, which runs {span}")
    return result


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount and its unit. ``value`` is an int when whole; ``approximate`` records 「約」;
    ``bound`` records a trailing 以上/以下/超/未満 as "at_least"/"at_most"/"more_than"/"less_than".
    """

    value: float | int
    unit: str
    approximate: bool = False
    bound: str | None = None


_BIG = {"万": 4, "億": 8, "兆": 12}
_AMOUNT_TOKEN = re.compile(rf"(?P<num>{_NUM})(?P<sen>千)?(?P<big>[兆億万])?")
# Every number but the last ends in a multiplier, so matching cannot backtrack badly.
_AMOUNT = rf"(?=\d)(?:{_NUM}(?:千[兆億万]?|[兆億万]))*(?:{_NUM})?"
_UNIT = r"(?:[^\d.,\s]*[A-Za-z]\d|[^\d.,\s]*)"  # no digits, except m2, m3, CO2
_QUANTITY = re.compile(rf"{_SIGN}(?P<amount>{_AMOUNT})\s*(?P<unit>{_UNIT})")
_QUANTITY_EXPECTED = "an amount such as 約5,200時間, 2億4,514万円, ▲5 or 1,240,121件"


def _amount(amount: str, text: object) -> Decimal:
    """Value of digits with 千/万/億/兆 (「2億4,514万」, 「1億2千万」), checking their order."""
    tokens = list(_AMOUNT_TOKEN.finditer(amount))
    total, section, last_exp, has_sen = Decimal(0), Decimal(0), None, False
    for i, tok in enumerate(tokens):
        value = Decimal(tok["num"].replace(",", ""))
        if tok["sen"]:
            if has_sen or section:
                raise ParseError(text, "千 once per 万/億/兆 group, before its other digits")
            value, has_sen = value * 1000, True
        elif has_sen and value >= 1000:
            raise ParseError(text, "fewer than 1,000 after 千")
        section += value
        if tok["big"] or i == len(tokens) - 1:
            exp = _BIG[tok["big"]] if tok["big"] else 0
            if last_exp is not None and (exp >= last_exp or section >= 10**4):
                raise ParseError(text, "兆, 億, 万 in descending order, under 1万 after the first")
            total += section * 10**exp
            section, last_exp, has_sen = Decimal(0), exp, False
    return total


# Amounts must be under 10^18: a 64-bit integer column holds them exactly, and no figure a
# municipality publishes comes near (「兆」 is 10^12). A longer number is a corrupted cell.
_MAX_AMOUNT = Decimal(10) ** 18


def _whole(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_quantity(text: str | int | float) -> Quantity:
    """Read an amount and its unit: 「約5,200時間」, 「2億4,514万円」, 「３，３６５人」, 「▲5」.

    千/万/億/兆 are multiplied out in decimal (「1.5万人」 is exactly 15000), so the unit is what
    follows them. ▲ and △ mean minus. An int or float is read as a number without unit.

    Raises
    ------
    ParseError
        For bools, NaN, text without a number, thousands groups that are not three digits
        (``"1,2,3"``), misordered multipliers, amounts of 10^18 or more, and shares or points,
        which are not amounts.
    """
    if isinstance(text, numbers.Real) and not isinstance(text, bool):
        if text != text or abs(text) == float("inf"):
            raise ParseError(text, "a finite number")
        return Quantity(_whole(Decimal(str(text))), "")
    if not isinstance(text, str):
        raise ParseError(text, _QUANTITY_EXPECTED)
    s = _norm(text)
    approximate = s.startswith(_APPROX)
    s = next((s.removeprefix(p).strip() for p in _APPROX if s.startswith(p)), s)
    bound = next((b for b in _BOUNDS if s.endswith(b)), None)
    m = _QUANTITY.fullmatch(s.removesuffix(bound).strip() if bound else s)
    if m is None:
        raise ParseError(text, _QUANTITY_EXPECTED)
    if m["unit"] in ("%", "割") or _is_points_unit(m["unit"]):
        raise ParseError(text, "an amount; use parse_percent for shares, parse_points for points")
    value = _amount(m["amount"], text) * _SIGNS.get(m["sign"], 1)
    if abs(value) >= _MAX_AMOUNT:
        raise ParseError(text, "an amount under 10^18 (at most 18 digits)")
    return Quantity(_whole(value), m["unit"], approximate, _BOUNDS.get(bound))


_SHARE = re.compile(rf"{_SIGN}(?P<num>{_NUM})\s*(?P<unit>%|割|%?ポイント|%?PTS?|)")


def _is_points_unit(unit: str) -> bool:
    return unit.upper().removeprefix("%") in ("ポイント", "PT", "PTS")


def _share(text: object) -> tuple[Decimal, str, str]:
    """Signed number, unit and digits of a share; brackets, 約 and 以上-style bounds dropped."""
    if not isinstance(text, str):
        raise ParseError(text, "a percentage such as 39.0%")
    s = _norm(text)
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    for prefix in _APPROX:
        s = s.removeprefix(prefix).strip()
    for bound in _BOUNDS:
        s = s.removesuffix(bound).strip()
    m = _SHARE.fullmatch(s.upper())
    if m is None:
        raise ParseError(text, "a percentage such as 39.0%, (40.7%) or 3割")
    return Decimal(m["num"].replace(",", "")) * _SIGNS.get(m["sign"], 1), m["unit"], m["num"]


def parse_percent(text: str) -> float:
    """Read a share as a fraction: 「39.0%」, 「（３９．０％）」 → 0.39; 「3割」 → 0.3.

    Brackets, 約 and a trailing 以上-style bound are dropped. The division is decimal, so the
    result equals the float literal (「39.0%」 == 0.39).

    Raises
    ------
    ParseError
        For a bare number (a fraction or a percent? ambiguous), points (a change, not a
        share: use :func:`parse_points`) and unreadable text.
    """
    value, unit, _ = _share(text)
    if _is_points_unit(unit):
        raise ParseError(text, "a share; points are a change, read them with parse_points")
    if not unit:
        raise ParseError(text, "a % or 割 sign; a bare number could be a fraction or a percent")
    return float(value / (10 if unit == "割" else 100))


def parse_points(text: str) -> float:
    """Read a change in percentage points: 「3.1ポイント」, 「3.1pt」 → 3.1; 「▲0.5pt」 → -0.5.

    Raises
    ------
    ParseError
        For percentages (use :func:`parse_percent`), bare numbers and unreadable text.
    """
    value, unit, _ = _share(text)
    if not _is_points_unit(unit):
        raise ParseError(text, "percentage points such as 3.1ポイント or 3.1pt")
    return float(value)


def percent_decimals(text: str) -> int:
    """Count the decimals a share is written with: 「39.0%」 → 1, 「77%」 → 0, 「3.1pt」 → 1.

    Validation checks a stated percentage to the precision it is written in. The count is in
    percent, so 「3割」 → -1 and 「3.5割」 → 0, usable as ``round(percent, n)``.

    Raises
    ------
    ParseError
        For bare numbers and unreadable text.
    """
    _, unit, num = _share(text)
    if not unit:
        raise ParseError(text, "a % or 割 sign or points; a bare number has no percent precision")
    decimals = len(num.partition(".")[2])
    return decimals - 1 if unit == "割" else decimals


def is_percent_text(text: object) -> bool:
    """Tell quickly whether text is written as a share: after brackets and a trailing 以上-style
    bound are stripped, it ends with % or 割. Does not prove :func:`parse_percent` succeeds."""
    if not isinstance(text, str):
        return False
    s = _norm(text).removeprefix("(").removesuffix(")").strip()
    for bound in _BOUNDS:
        s = s.removesuffix(bound).strip()
    return s.endswith(("%", "割"))
