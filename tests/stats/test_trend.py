"""``stats.trend`` against R's ``lm`` and ``predict`` (tests/reference/trend_ols.R, whose output
tests/reference/trend_ols.csv is committed: CI needs no R)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from sugidx_analysis.errors import MetricInputError
from sugidx_analysis.stats.trend import linear_trend

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "trend_ols.csv"

# The cases of trend_ols.R: years and values.
CASES = {
    "coverage3": ([2021, 2022, 2023], [0.352, 241 / 618, 302 / 717]),
    "online4": ([2020, 2021, 2022, 2023], [180, 205, 241, 302]),
    "issues5": ([2020, 2021, 2022, 2023, 2024], [1200, 1650, 2050, 2400, 2598]),
    "noisy6": ([2019, 2020, 2021, 2022, 2023, 2024], [10.5, 9.8, 12.1, 13.9, 13.2, 16.0]),
}


def _reference() -> dict[str, dict[str, float]]:
    with open(REFERENCE, encoding="utf-8") as handle:
        return {
            row["case"]: {k: float(v) for k, v in row.items() if k != "case"}
            for row in csv.DictReader(handle)
        }


@pytest.mark.parametrize("case", sorted(CASES))
def test_ols_matches_r(case):
    r = _reference()[case]
    years, values = CASES[case]
    assert int(r["n"]) == len(years)
    t95 = linear_trend(years, values, int(r["at_year"]), alpha=0.05)
    t90 = linear_trend(years, values, int(r["at_year"]), alpha=0.10)
    assert t95.method == "ols" and t95.assumption == "trend.ols"
    assert_allclose(
        [t95.intercept, t95.slope, t95.mean, t95.lower, t95.upper, t90.lower, t90.upper],
        [
            r["intercept"],
            r["slope"],
            r["mean"],
            r["pi95_lower"],
            r["pi95_upper"],
            r["pi90_lower"],
            r["pi90_upper"],
        ],
        rtol=1e-10,
    )


def test_two_points_is_the_line_through_them_without_interval():
    t = linear_trend([2022, 2023], [241 / 618, 302 / 717], 2025)
    assert t.method == "two_points" and t.assumption == "trend.two_points"
    assert t.lower is None and t.upper is None
    assert_allclose(t.slope, 302 / 717 - 241 / 618)
    assert_allclose(t.mean, 302 / 717 + 2 * (302 / 717 - 241 / 618))
    assert_allclose(t.value_at(2022), 241 / 618)


def test_unordered_years_give_the_same_line():
    a = linear_trend([2023, 2021, 2022], [302, 200, 241], 2025)
    b = linear_trend([2021, 2022, 2023], [200, 241, 302], 2025)
    assert_allclose([a.slope, a.mean, a.lower], [b.slope, b.mean, b.lower])


@pytest.mark.parametrize(
    ("years", "values", "alpha", "message"),
    [
        ([2023], [0.4], 0.05, "at least two"),
        ([2022, 2023], [0.4], 0.05, "2 years but 1 values"),
        ([2023, 2023], [0.4, 0.5], 0.05, "each year may appear once"),
        ([2022, 2023], [0.4, float("nan")], 0.05, "missing values"),
        ([2022, 2023], [0.4, 0.5], 1.5, "alpha"),
    ],
)
def test_bad_arguments_raise_metric_input_error(years, values, alpha, message):
    with pytest.raises(MetricInputError, match=message):
        linear_trend(years, values, 2025, alpha)
