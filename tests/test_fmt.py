"""Values → Japanese text: one definition each for years, percentages, points and counts."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sugidx_analysis import fmt
from sugidx_analysis.errors import ParseError
from sugidx_analysis.jp import parse_fiscal_year


@pytest.mark.parametrize(
    ("year", "prose", "label"),
    [
        (2023, "令和5年度", "令和5年度 (FY2023)"),
        (2019, "令和元年度", "令和元年度 (FY2019)"),
        (1989, "平成元年度", "平成元年度 (FY1989)"),
    ],
)
def test_fiscal_year_in_prose_and_as_a_label(year, prose, label):
    assert fmt.fiscal_year(year) == prose
    assert fmt.fiscal_year_label(year) == label
    assert parse_fiscal_year(prose) == parse_fiscal_year(label) == year


def test_fiscal_year_rejects_what_no_era_names():
    with pytest.raises(ParseError):
        fmt.fiscal_year(1900)


def test_numbers():
    assert fmt.percent(302 / 717) == "42.1%"
    assert fmt.percent(1.0, 0) == "100%"
    assert fmt.count(1_699_957) == "1,699,957"
    for missing in (None, math.nan, float("nan")):
        assert fmt.percent(missing) == fmt.count(missing) == fmt.delta(missing) == "—"
        assert fmt.change_words(missing, "件") == fmt.points_words(missing) == "—"


def test_changes_in_tables_carry_the_triangle():
    assert fmt.delta(-172_545) == "△172,545"
    assert fmt.delta(38) == "38"
    assert fmt.delta(-0.384, 1) == "△0.4"
    assert fmt.delta(-0.04, 1) == "0.0"  # rounds to zero: no triangle on a zero
    assert fmt.delta(3.1232, 1) == "3.1"


def test_changes_in_prose_say_which_way():
    assert fmt.change_words(38, "手続") == "38手続増加"
    assert fmt.change_words(-172_545, "件") == "172,545件減少"
    assert fmt.change_words(0.2, "件") == "増減なし"
    assert fmt.points_words(3.1232) == "3.1ポイント上昇"
    assert fmt.points_words(-0.384) == "0.4ポイント低下"
    assert fmt.points_words(0.04) == "横ばい"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 3, 31), "令和6年3月31日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),  # a date keeps the era in force that day
        (dt.date(2019, 5, 1), "令和元年5月1日"),
    ],
)
def test_dates_take_the_era_of_the_day(day, text):
    assert fmt.date(day) == text


def test_fiscal_year_end():
    assert fmt.fiscal_year_end(2023) == dt.date(2024, 3, 31)


def test_month_is_written_in_the_era_of_its_first_day():
    import datetime as dt

    assert fmt.month("2023-12") == "令和5年12月"
    assert fmt.month(dt.date(2024, 7, 31)) == "令和6年7月"
    assert fmt.month("2019-04") == "平成31年4月"
