"""System standardisation: the published Fit&Gap counts (seed 004, as of 2024-07-31), the whole
issues the 90% target needs, the monthly pace it requires, and the observed pace over several
counts (a hand-made three-count table worked by hand)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from sugidx_analysis import catalogue, judgement
from sugidx_analysis.datasets.load import Loaded
from sugidx_analysis.errors import MetricInputError
from sugidx_analysis.municipality import load_profile
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.standardization import metrics
from sugidx_analysis.themes.standardization.metrics import (
    OVERALL,
    StandardizationParams,
    evaluate,
    kpis,
    months_between,
    resolved_needed,
)

THEME = get_theme("standardization")
SUGINAMI = load_profile()  # data/published/municipality.toml: the targets judged against


@pytest.fixture(scope="module")
def published():
    return evaluate(catalogue.load_inputs(THEME), StandardizationParams(2024, profile=SUGINAMI))


def _by_system(ev):
    return {s.system: s for s in ev.statuses}


def test_published_progress_per_system_and_overall(published):
    s = _by_system(published)
    assert round(s["中央電算"].rate * 100, 1) == 77.2
    assert round(s["小型電算"].rate * 100, 1) == 81.3
    assert round(s["連携小型電算"].rate * 100, 1) == 79.1
    assert (s[OVERALL].resolved, s[OVERALL].issues) == (3182, 4088)
    assert round(s[OVERALL].rate * 100, 1) == 77.8
    assert published.as_of == dt.date(2024, 7, 31)


def test_whole_issues_needed_for_ninety_percent(published):
    s = _by_system(published)
    assert [s[n].needed for n in ("中央電算", "小型電算", "連携小型電算")] == [3029, 487, 164]
    assert s[OVERALL].needed == 3680
    assert s["中央電算"].to_resolve == 431
    assert s[OVERALL].to_resolve == 498
    # 90% of 3,365 is 3,028.5: the rate is reached only at 3,029, and 3,028 falls short
    assert 3028 / 3365 < 0.9 <= 3029 / 3365


def test_monthly_pace_from_the_count_to_the_target_date(published):
    s = _by_system(published)
    due = dt.date(2025, 7, 1)  # 令和7年度第2四半期の初日
    assert s["中央電算"].due == due
    days = (due - dt.date(2024, 7, 31)).days
    assert days == 335
    assert s[OVERALL].months_left == pytest.approx(days * 12 / 365.25)
    assert s["中央電算"].monthly_pace_needed == pytest.approx(431 / (335 * 12 / 365.25))
    assert round(s["中央電算"].monthly_pace_needed, 1) == 39.2
    assert round(s["小型電算"].monthly_pace_needed, 1) == 4.3
    assert round(s["連携小型電算"].monthly_pace_needed, 1) == 1.8
    assert round(s[OVERALL].monthly_pace_needed, 1) == 45.2


def test_one_count_gives_no_pace_and_no_judgement(published):
    assert published.paces == ()
    assert published.pace_reason.code == "one_count"
    assert published.overall_judgement == judgement.NOT_JUDGED
    (kpi,) = kpis(published)
    assert kpi.kpi_id == "standardization.progress_rate"
    assert kpi.value == pytest.approx(3182 / 4088)
    assert (kpi.target, kpi.target_fiscal_year, kpi.judgement) == (0.9, 2025, "not_judged")


def test_the_national_targets_come_from_the_profile(published):
    assert [t.target_id for t in published.targets] == [
        "standardization.migration",
        "standardization.go_live",
    ]
    assert [t.source_id for t in published.targets] == ["S003-standardization", "S001-1-2"]


def test_without_a_profile_nothing_is_judged_and_no_need_is_computed():
    ev = evaluate(catalogue.load_inputs(THEME), StandardizationParams(2024))
    overall = ev.overall
    assert (overall.target_rate, overall.due, overall.needed) == (None, None, None)
    assert ev.targets == () and ev.overall_judgement == judgement.NOT_JUDGED
    (kpi,) = kpis(ev)
    assert (kpi.target, kpi.target_fiscal_year, kpi.judgement) == (None, None, "not_judged")


def test_resolved_needed_is_exact_at_the_boundary():
    assert resolved_needed(10, 0.9) == 9  # 0.9 × 10 is exactly 9, not 9.000000000000002 → 10
    assert resolved_needed(3365, 0.9) == 3029
    assert resolved_needed(541, 0.9) == 487  # 486.9


def _inputs(rows, tmp_path):
    frame = pd.DataFrame(
        rows,
        columns=["fiscal_year", "as_of", "system", "issues_total", "issues_resolved"],
    ).assign(target_rate=0.9, target_date="2025-07", system_scope=None, source_id="S004-4")
    return {
        metrics.PROGRESS: Loaded(metrics.PROGRESS, tmp_path, frame, None, "analyst", None),
    }


THREE_COUNTS = [
    (2023, "2024-01-31", "系統甲", 1000, 600),
    (2024, "2024-07-31", "系統甲", 1000, 700),
    (2024, "2025-01-31", "系統甲", 1000, 800),
    (2023, "2024-01-31", "系統乙", 200, 120),
    (2024, "2024-07-31", "系統乙", 200, 150),
    (2024, "2025-01-31", "系統乙", 200, 190),
]


def _hand_line(days, rates):
    """Least squares worked by hand: slope = Sxy / Sxx over months of 365.25/12 days."""
    x = [d * 12 / 365.25 for d in days]
    mx, my = sum(x) / len(x), sum(rates) / len(rates)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, rates, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    slope = sxy / sxx
    return my - slope * mx, slope


def test_three_counts_give_the_ols_pace_and_the_date_of_ninety_percent(tmp_path):
    ev = evaluate(_inputs(THREE_COUNTS, tmp_path), StandardizationParams(2024, profile=SUGINAMI))
    pace = {p.system: p for p in ev.paces}
    days = [0, 182, 366]  # 2024-01-31 → 2024-07-31 → 2025-01-31
    intercept, slope = _hand_line(days, [0.6, 0.7, 0.8])
    p = pace["系統甲"]
    assert p.line.method == "ols"
    assert p.per_month == pytest.approx(slope * 100)
    crossing_days = math.ceil((0.9 - intercept) / slope * 365.25 / 12)
    assert p.reached == dt.date(2024, 1, 31) + dt.timedelta(days=crossing_days)
    assert p.line.lower < p.at_due < p.line.upper
    # overall: the sums per date, 720/1,200 → 850/1,200 → 990/1,200
    intercept, slope = _hand_line(days, [720 / 1200, 850 / 1200, 990 / 1200])
    o = ev.overall_pace
    assert o.system == OVERALL and o.per_month == pytest.approx(slope * 100)
    reached = dt.date(2024, 1, 31) + dt.timedelta(
        days=math.ceil((0.9 - intercept) / slope * 365.25 / 12)
    )
    assert o.reached == reached
    expected = judgement.judge_date(990 / 1200, 0.9, dt.date(2025, 7, 1), reached, True)
    assert ev.overall_judgement == expected == judgement.ON_TRACK
    assert reached <= dt.date(2025, 7, 1)


def test_two_counts_are_a_plain_extrapolation_without_interval(tmp_path):
    rows = [r for r in THREE_COUNTS if r[1] != "2024-01-31"]
    ev = evaluate(_inputs(rows, tmp_path), StandardizationParams(2024, profile=SUGINAMI))
    o = ev.overall_pace
    assert o.line.method == "two_points"
    assert o.line.lower is None and o.line.upper is None
    # 850 → 990 of 1,200 in 184 days
    assert o.per_month == pytest.approx((990 - 850) / 1200 / (184 * 12 / 365.25) * 100)


def test_a_slow_pace_is_judged_off_track(tmp_path):
    rows = [
        (2024, "2024-07-31", "系統甲", 1000, 700),
        (2024, "2025-01-31", "系統甲", 1000, 710),
    ]
    ev = evaluate(_inputs(rows, tmp_path), StandardizationParams(2024, profile=SUGINAMI))
    # 10 issues in six months: 90% needs 190 more, about 9.5 years away
    assert ev.overall_judgement == judgement.OFF_TRACK
    assert ev.overall_pace.reached > dt.date(2027, 7, 1)


def test_a_falling_rate_never_reaches_the_target(tmp_path):
    rows = [
        (2024, "2024-07-31", "系統甲", 1000, 700),
        (2024, "2025-01-31", "系統甲", 1100, 700),  # new issues found, none resolved
    ]
    ev = evaluate(_inputs(rows, tmp_path), StandardizationParams(2024, profile=SUGINAMI))
    assert ev.overall_pace.reached is None
    assert ev.overall_judgement == judgement.OFF_TRACK


def test_a_year_before_the_data_has_nothing_to_show(tmp_path):
    ev = evaluate(_inputs(THREE_COUNTS, tmp_path), StandardizationParams(2022, profile=SUGINAMI))
    assert ev.overall is None and ev.pace_reason.code == "no_data_for_year"
    assert kpis(ev) == []


def test_counts_after_the_year_shown_are_left_out(tmp_path):
    ev = evaluate(_inputs(THREE_COUNTS, tmp_path), StandardizationParams(2023, profile=SUGINAMI))
    assert ev.as_of == dt.date(2024, 1, 31)
    assert ev.pace_reason.code == "one_count"


def test_months_between_counts_days():
    assert months_between(dt.date(2024, 1, 1), dt.date(2028, 1, 1)) == pytest.approx(48)


def test_bad_parameters_are_refused():
    with pytest.raises(MetricInputError, match="fiscal_year"):
        StandardizationParams("2024")
    with pytest.raises(MetricInputError, match="confidence"):
        StandardizationParams(2024, profile=SUGINAMI, confidence=1.5)
