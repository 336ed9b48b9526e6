"""Tests for sugidx_analysis.jp: Japanese years, dates, amounts and shares."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sugidx_analysis.errors import ParseError
from sugidx_analysis.fmt import fiscal_year_label as format_fiscal_year
from sugidx_analysis.jp import (
    Month,
    Quantity,
    era_year,
    is_percent_text,
    parse_date,
    parse_fiscal_year,
    parse_percent,
    parse_points,
    parse_quantity,
    percent_decimals,
)

# Half-width digits and punctuation to their full-width forms, as ward Excel files write them.
FULL_WIDTH = str.maketrans("0123456789,.%()- ", "０１２３４５６７８９，．％（）－\u3000")


def full_width(text: str) -> str:
    return text.translate(FULL_WIDTH)


def raises_naming(text: object, *fragments: str):
    """pytest.raises(ParseError) whose message names the text and contains every fragment."""
    pattern = re.escape(repr(text)) + "".join(f"(?=.*{re.escape(f)})" for f in fragments)
    return pytest.raises(ParseError, match=pattern)


# --- fiscal years -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和5年度", 2023),
        ("令和５年度", 2023),
        ("R5", 2023),
        ("R5年度", 2023),
        ("r5", 2023),
        ("Ｒ５", 2023),
        ("2023年度", 2023),
        ("FY2023", 2023),
        ("FY 2023", 2023),
        ("fy2023", 2023),
        ("2023", 2023),
        ("２０２３年度", 2023),
        (2023, 2023),
        ("令和5年", 2023),
        (" 令和5年度 ", 2023),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("平成元年度", 1989),
        ("昭和64年", 1989),
        ("昭和64年度", 1989),
        ("H31", 2019),
        ("S64", 1989),
        ("H1", 1989),
        ("R1", 2019),
        ("昭和元年", 1926),
        ("令和5年度 (FY2023)", 2023),
        ("令和5年度（FY2023）", 2023),
        ("令和5年度（2023年度）", 2023),
        ("令和元年度 (FY2019)", 2019),
        ("2023年度 (FY2023)", 2023),
        ("1900", 1900),
        (2200, 2200),
    ],
)
def test_parse_fiscal_year(text, year):
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("大正5年度", "昭和 (S), 平成 (H) or 令和 (R)"),
        ("T5", "昭和 (S), 平成 (H) or 令和 (R)"),
        ("令和0年度", "元 (1) or more"),
        ("R0", "元 (1) or more"),
        ("令和-1年度", "a fiscal year such as"),
        ("昭和65年", "write 平成2年度 (FY1990)"),
        ("S65", "write 平成2年度 (FY1990)"),
        ("H32", "write 令和2年度 (FY2020)"),
        ("平成33年度", "write 令和3年度 (FY2021)"),
        ("令和300年度", "between 1900 and 2200"),
        ("1899", "between 1900 and 2200"),
        ("FY2201", "between 1900 and 2200"),
        ("令和5年度 (FY2024)", "agree with the fiscal year (FY2023)"),
        ("令和5年度（2024年度）", "agree with the fiscal year (FY2023)"),
        ("", "a fiscal year such as"),
        ("abc", "a fiscal year such as"),
        ("2023年4月", "a fiscal year such as"),
        ("令和5年度度", "a fiscal year such as"),
        ("20235", "a fiscal year such as"),
        (1899, "between 1900 and 2200"),
        (-2023, "between 1900 and 2200"),
        (0, "between 1900 and 2200"),
        (True, "a fiscal year such as"),
        (False, "a fiscal year such as"),
        (2023.0, "a fiscal year such as"),
        (None, "a fiscal year such as"),
    ],
)
def test_parse_fiscal_year_rejects(text, fragment):
    with raises_naming(text, fragment):
        parse_fiscal_year(text)


def test_heisei_32_is_rejected_with_the_reiwa_form_suggested():
    """DECISION: 平成32年度 is never silently read as FY2020."""
    with pytest.raises(ParseError) as info:
        parse_fiscal_year("平成32年度")
    message = str(info.value)
    assert "'平成32年度'" in message
    assert "令和2年度 (FY2020)" in message
    assert "平成31年度" in message  # the era's last year, so the analyst sees why
    assert info.value.text == "平成32年度"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("year", "text"),
    [
        (2023, "令和5年度 (FY2023)"),
        (2019, "令和元年度 (FY2019)"),
        (2020, "令和2年度 (FY2020)"),
        (2018, "平成30年度 (FY2018)"),
        (1989, "平成元年度 (FY1989)"),
        (1990, "平成2年度 (FY1990)"),
        (1988, "昭和63年度 (FY1988)"),
        (1927, "昭和2年度 (FY1927)"),
        (2200, "令和182年度 (FY2200)"),
    ],
)
def test_format_fiscal_year(year, text):
    assert format_fiscal_year(year) == text


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2023, ("令和", 5)), (2019, ("令和", 1)), (2018, ("平成", 30)), (1989, ("平成", 1))],
)
def test_era_year(year, expected):
    assert era_year(year) == expected


@pytest.mark.parametrize("year", [1926, 1900, 2201, True, "2023", 2023.0])
def test_format_fiscal_year_rejects(year):
    with raises_naming(year):
        format_fiscal_year(year)


def test_format_parse_round_trip_every_year():
    for year in range(1927, 2201):
        text = format_fiscal_year(year)
        assert parse_fiscal_year(text) == year, text
        assert parse_fiscal_year(full_width(text)) == year, text
        assert text.endswith(f"(FY{year})")


@given(st.integers(1989, 2100))
def test_format_parse_round_trip(year):
    assert parse_fiscal_year(format_fiscal_year(year)) == year


@given(st.integers(1989, 2100))
def test_era_forms_agree(year):
    name, n = era_year(year)
    letter = {"昭和": "S", "平成": "H", "令和": "R"}[name]
    for text in (f"{name}{n}年度", f"{letter}{n}", f"{letter.lower()}{n}年度", f"FY{year}"):
        assert parse_fiscal_year(text) == year
        assert parse_fiscal_year(full_width(text)) == year


def test_era_changes():
    assert [era_year(y)[0] for y in (1988, 1989, 2018, 2019)] == ["昭和", "平成", "平成", "令和"]
    assert parse_fiscal_year("平成31年度") == parse_fiscal_year("令和元年度") == 2019


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年7月2日（火）", dt.date(2024, 7, 2)),
        ("令和6年7月2日(火曜日)", dt.date(2024, 7, 2)),
        ("令和6年7月2日", dt.date(2024, 7, 2)),
        ("令和６年７月２日", dt.date(2024, 7, 2)),
        ("令和 6 年 7 月 2 日", dt.date(2024, 7, 2)),
        ("R6.7.2", dt.date(2024, 7, 2)),
        ("令和5年12月", Month(2023, 12)),
        ("R5.12", Month(2023, 12)),
        ("2024-07-31", dt.date(2024, 7, 31)),
        ("2024-07", Month(2024, 7)),
        ("2024/7/31", dt.date(2024, 7, 31)),
        ("2024/7", Month(2024, 7)),
        ("2024年7月31日", dt.date(2024, 7, 31)),
        ("２０２４年７月３１日（水）", dt.date(2024, 7, 31)),
        ("2024年7月", Month(2024, 7)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("令和元年5月1日(水)", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("平成31年4月", Month(2019, 4)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("昭和64年1月", Month(1989, 1)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("平成元年1月", Month(1989, 1)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date(text, expected):
    result = parse_date(text)
    assert result == expected
    assert type(result) is type(expected)


def test_parse_date_passes_values_through():
    assert parse_date(dt.date(2024, 7, 2)) == dt.date(2024, 7, 2)
    assert parse_date(Month(2024, 7)) == Month(2024, 7)
    result = parse_date(dt.datetime(2024, 7, 2, 15, 30))
    assert result == dt.date(2024, 7, 2)
    assert type(result) is dt.date


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("令和6年7月2日（水）", "2024-07-02 is a 火曜日"),
        ("2024-07-31(火)", "2024-07-31 is a 水曜日"),
        ("2024-02-30", "a day that exists"),
        ("2023-02-29", "a day that exists"),
        ("令和5年2月30日", "a day that exists"),
        ("2024-13", "a month from 1 to 12"),
        ("2024-00-10", "a month from 1 to 12"),
        ("平成31年5月1日", "within 平成"),
        ("平成31年5月", "within 平成"),
        ("令和元年4月30日", "within 令和"),
        ("令和元年4月", "within 令和"),
        ("昭和64年1月8日", "within 昭和"),
        ("平成元年1月7日", "within 平成"),
        ("平成32年1月1日", "write 令和2年 (2020)"),
        ("大正5年1月1日", "昭和 (S), 平成 (H) or 令和 (R)"),
        ("令和0年1月1日", "元 (1) or more"),
        ("1899-12-31", "between 1900 and 2200"),
        ("2024.7", "a date such as"),
        ("2024-07/31", "a date such as"),
        ("7/31/2024", "a date such as"),
        ("", "a date such as"),
        ("abc", "a date such as"),
        (None, "a date such as"),
        (20240731, "a date such as"),
    ],
)
def test_parse_date_rejects(text, fragment):
    with raises_naming(text, fragment):
        parse_date(text)


def test_month():
    month = Month(2023, 12)
    assert month.first_day() == dt.date(2023, 12, 1)
    assert month.last_day() == dt.date(2023, 12, 31)
    assert Month(2024, 2).last_day() == dt.date(2024, 2, 29)
    assert str(month) == "2023-12"
    assert str(Month(2024, 7)) == "2024-07"
    assert sorted([Month(2024, 1), Month(2023, 12)]) == [Month(2023, 12), Month(2024, 1)]
    with pytest.raises(AttributeError):
        month.year = 2024  # frozen
    with pytest.raises(ParseError, match="2023-13"):
        Month(2023, 13)


ERAS = [  # first day of each era, newest first
    ("令和", dt.date(2019, 5, 1)),
    ("平成", dt.date(1989, 1, 8)),
    ("昭和", dt.date(1926, 12, 25)),
]
WEEKDAYS = "月火水木金土日"


@given(st.dates(dt.date(1927, 1, 1), dt.date(2200, 12, 31)))
def test_every_date_form_parses_alike(day):
    name, start = next((n, s) for n, s in ERAS if s <= day)
    n = day.year - start.year + 1
    era_text = f"{name}{'元' if n == 1 else n}年{day.month}月{day.day}日"
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        era_text,
        f"{era_text}（{WEEKDAYS[day.weekday()]}）",
    ]
    for text in forms:
        assert parse_date(text) == day, text
        assert parse_date(full_width(text)) == day, text
    assert parse_date(f"{day.year}-{day.month:02d}") == Month(day.year, day.month)


# --- quantities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("約5,200時間", Quantity(5200, "時間", True)),
        ("2億4,514万円", Quantity(245140000, "円", False)),
        ("約2億4,514万円", Quantity(245140000, "円", True)),
        ("1,240,121件", Quantity(1240121, "件", False)),
        ("３，３６５人", Quantity(3365, "人", False)),
        ("588人", Quantity(588, "人", False)),
        ("12回", Quantity(12, "回", False)),
        ("100台", Quantity(100, "台", False)),
        ("1,699,957", Quantity(1699957, "", False)),
        ("1.5万人", Quantity(15000, "人", False)),
        ("5千円", Quantity(5000, "円", False)),
        ("1億2千万", Quantity(120000000, "", False)),
        ("1億2千万円", Quantity(120000000, "円", False)),
        ("2千500万円", Quantity(25000000, "円", False)),
        ("1万2千", Quantity(12000, "", False)),
        ("3兆1億", Quantity(3_000_100_000_000, "", False)),
        ("24,514万円", Quantity(245140000, "円", False)),
        ("2.5億円", Quantity(250000000, "円", False)),
        ("1.25人", Quantity(1.25, "人", False)),
        ("0人", Quantity(0, "人", False)),
        ("5 人", Quantity(5, "人", False)),
        ("100㎡", Quantity(100, "m2", False)),
        ("-5", Quantity(-5, "", False)),
        ("▲5", Quantity(-5, "", False)),
        ("△5", Quantity(-5, "", False)),
        ("▲1,200万円", Quantity(-12000000, "円", False)),
        ("−5", Quantity(-5, "", False)),
        ("+5", Quantity(5, "", False)),
        ("5人以上", Quantity(5, "人", False, "at_least")),
        ("10人超", Quantity(10, "人", False, "more_than")),
        ("3件未満", Quantity(3, "件", False, "less_than")),
        ("100人以下", Quantity(100, "人", False, "at_most")),
        ("約1万人以上", Quantity(10000, "人", True, "at_least")),
        (1234, Quantity(1234, "", False)),
        (2.5, Quantity(2.5, "", False)),
        (3.0, Quantity(3, "", False)),
    ],
)
def test_parse_quantity(text, expected):
    result = parse_quantity(text)
    assert result == expected
    assert type(result.value) is type(expected.value)


def test_quantity_defaults():
    assert Quantity(5, "人") == Quantity(5, "人", False, None)
    assert parse_quantity("588人").bound is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "an amount such as"),
        ("   ", "an amount such as"),
        ("人", "an amount such as"),
        ("約", "an amount such as"),
        ("万円", "an amount such as"),
        ("1,2,3", "an amount such as"),
        ("1,23", "an amount such as"),
        ("12,3456", "an amount such as"),
        (",123", "an amount such as"),
        ("12.3.4", "an amount such as"),
        ("abc", "an amount such as"),
        ("5人3", "an amount such as"),
        ("--5", "an amount such as"),
        ("1億12,000万", "descending order"),
        ("2万12000", "descending order"),
        ("1万2億", "descending order"),
        ("2千3千万", "千 once per"),
        ("2千3000", "fewer than 1,000 after 千"),
        ("39%", "parse_percent"),
        ("3割", "parse_percent"),
        ("3.1ポイント", "parse_points"),
        (True, "an amount such as"),
        (None, "an amount such as"),
        (float("nan"), "a finite number"),
        (float("inf"), "a finite number"),
    ],
)
def test_parse_quantity_rejects(text, fragment):
    with raises_naming(text, fragment):
        parse_quantity(text)


@given(st.integers(0, 10**12))
def test_quantity_round_trip(n):
    assert parse_quantity(f"{n:,}人") == Quantity(n, "人", False)
    assert parse_quantity(f"{n}人").value == n


@given(st.integers(-(10**12), 10**12), st.sampled_from(["人", "円", "件", "時間", ""]))
def test_quantity_full_width_parses_alike(n, unit):
    half = f"{n:,}{unit}"
    full = full_width(half)
    assert full != half or unit == ""
    assert parse_quantity(full) == parse_quantity(half) == Quantity(n, unit, False)
    triangle = f"▲{abs(n):,}{unit}"
    assert parse_quantity(triangle).value == -abs(n)


@given(st.integers(0, 9999), st.integers(0, 9999), st.integers(1, 9999))
def test_kanji_multipliers(oku, man, rest):
    expected = oku * 10**8 + man * 10**4 + rest
    assert parse_quantity(f"{oku:,}億{man:,}万{rest:,}円").value == expected
    assert parse_quantity(f"{oku}億{man}万円").value == oku * 10**8 + man * 10**4


# --- percentages and points ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fraction", "decimals"),
    [
        ("39.0%", 0.39, 1),
        ("(39.0%)", 0.39, 1),
        ("（３９．０％）", 0.39, 1),
        ("42.1 %", 0.421, 1),
        ("77%", 0.77, 0),
        ("(40.7%)", 0.407, 1),
        ("3割", 0.3, -1),
        ("3.5割", 0.35, 0),
        ("6割以上", 0.6, -1),
        ("約39.0%", 0.39, 1),
        ("100%", 1.0, 0),
        ("0.05%", 0.0005, 2),
        ("▲2.0%", -0.02, 1),
        ("120.5%", 1.205, 1),
    ],
)
def test_parse_percent(text, fraction, decimals):
    assert parse_percent(text) == fraction
    assert percent_decimals(text) == decimals
    assert is_percent_text(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("39", "a bare number could be a fraction or a percent"),
        ("0.39", "a bare number could be a fraction or a percent"),
        ("3.1ポイント", "parse_points"),
        ("3.1pt", "parse_points"),
        ("3.1%ポイント", "parse_points"),
        ("", "a percentage such as"),
        ("%", "a percentage such as"),
        ("abc%", "a percentage such as"),
        ("39.0.1%", "a percentage such as"),
        ("39%%", "a percentage such as"),
        (0.39, "a percentage such as"),
        (None, "a percentage such as"),
    ],
)
def test_parse_percent_rejects(text, fragment):
    with raises_naming(text, fragment):
        parse_percent(text)


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("3.1ポイント", 3.1),
        ("3.1pt", 3.1),
        ("3.1PT", 3.1),
        ("3.1 pts", 3.1),
        ("▲0.5ポイント", -0.5),
        ("△0.5pt", -0.5),
        ("+3.1ポイント", 3.1),
        ("-1.2ポイント", -1.2),
        ("（＋３．１ポイント）", 3.1),
        ("3.1%ポイント", 3.1),
        ("10ポイント", 10.0),
    ],
)
def test_parse_points(text, points):
    assert parse_points(text) == points
    assert not is_percent_text(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("3.1%", "percentage points such as"),
        ("3割", "percentage points such as"),
        ("3.1", "percentage points such as"),
        ("ポイント", "a percentage such as"),
    ],
)
def test_parse_points_rejects(text, fragment):
    with raises_naming(text, fragment):
        parse_points(text)


@pytest.mark.parametrize("text", ["39", "0.39", "abc", ""])
def test_percent_decimals_rejects(text):
    with raises_naming(text):
        percent_decimals(text)


def test_percent_decimals_of_points():
    assert percent_decimals("3.1ポイント") == 1
    assert percent_decimals("▲0.25pt") == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("39.0%", True),
        ("（３９．０％）", True),
        (" 77 % ", True),
        ("6割以上", True),
        ("3割", True),
        ("39.0", False),
        ("3.1ポイント", False),
        ("588人", False),
        ("", False),
        (0.39, False),
        (None, False),
    ],
)
def test_is_percent_text(text, expected):
    assert is_percent_text(text) is expected


@given(st.integers(0, 10**7), st.integers(0, 4))
def test_percent_equals_the_float_literal(units, decimals):
    percent = Decimal(units).scaleb(-decimals)
    text = f"{percent:.{decimals}f}%"
    literal = str(Decimal(units).scaleb(-decimals - 2))  # the fraction, written out
    assert parse_percent(text) == float(literal)
    assert parse_percent(full_width(text)) == float(literal)
    assert parse_percent(f"({text})") == float(literal)
    assert percent_decimals(text) == decimals
