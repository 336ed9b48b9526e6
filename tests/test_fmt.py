"""Values → Japanese text: one definition each for years, percentages, points and counts."""

from __future__ import annotations

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
    assert fmt.points(3.1232) == "+3.1ポイント"
    assert fmt.points(-0.384, 2) == "-0.38ポイント"
    assert fmt.count(1_699_957) == "1,699,957"
    assert fmt.signed_count(-172_545) == "-172,545" and fmt.signed_count(38) == "+38"
    for missing in (None, math.nan, float("nan")):
        assert fmt.percent(missing) == fmt.count(missing) == fmt.points(missing) == "—"
