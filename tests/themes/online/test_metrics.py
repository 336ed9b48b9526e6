"""Online-procedure metrics against the ward's published figures (seed 004, section 2)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from sugidx_analysis.catalogue import load_dataset
from sugidx_analysis.errors import MetricInputError
from sugidx_analysis.themes.online import metrics as online


@pytest.fixture(scope="module")
def summary() -> pd.DataFrame:
    return load_dataset("online_summary")


@pytest.fixture(scope="module")
def plan() -> pd.DataFrame:
    return load_dataset("online_plan")


def test_coverage_and_usage_match_published(summary):
    m = online.measures(summary)
    assert round(m.value("coverage", 2022) * 100, 1) == 39.0
    assert round(m.value("coverage", 2023) * 100, 1) == 42.1
    assert round(m.value("usage", 2022) * 100, 1) == 40.7
    assert round(m.value("usage", 2023) * 100, 1) == 44.2
    assert_allclose(m.value("coverage", 2023), 302 / 717, rtol=1e-12)
    assert_allclose(m.value("online_ready_share", 2023), 302 / 2767, rtol=1e-12)
    assert_allclose(m.value("capable_share", 2022), 618 / 2691, rtol=1e-12)
    assert_allclose(m.value("online_share_of_applications", 2023), 1826986 / 4386348, rtol=1e-12)
    assert m.missing == {}


def test_change_in_points_and_counts(summary):
    ch = online.change(online.measures(summary), 2022, 2023)
    assert round(ch.points("coverage"), 1) == 3.1
    assert round(ch.points("usage"), 1) == 3.5
    assert ch.table.loc["backlog", "from_value"] == 377
    assert ch.table.loc["backlog", "to_value"] == 415
    assert ch.table.loc["applications_paper", "from_value"] == 2474743
    assert ch.table.loc["applications_paper", "to_value"] == 2302198
    assert ch.change_of("applications_paper") == 2302198 - 2474743
    assert ch.change_of("procedures_online") == 61
    assert_allclose(ch.table.loc["procedures_online", "relative"], 61 / 241)
    # paper avoided = online(2023) − usage(2022) × online-ready applications(2023)
    assert_allclose(ch.paper_avoided, 1826986 - 1699957 / 4174700 * 4129184)
    assert round(ch.paper_avoided) == 145563


def test_inputs_not_mutated(summary):
    before = summary.copy()
    online.measures(summary)
    online.pace_to_target(summary)
    pd.testing.assert_frame_equal(summary, before)


def test_backlog_flow(summary):
    flow = online.backlog_flow(summary, 2022, 2023)
    assert (flow.start, flow.capable_added, flow.online_added, flow.end) == (377, 99, 61, 415)


def test_partial_table_gives_usage_and_names_what_is_missing(summary):
    partial = summary[
        ["fiscal_year", "procedures_online", "applications_online_ready", "applications_online"]
    ]
    m = online.measures(partial)
    assert round(m.value("usage", 2023) * 100, 1) == 44.2
    ch = online.change(m, 2022, 2023)
    assert round(ch.points("usage"), 1) == 3.5
    # paper applications follow from ready − online
    assert m.value("applications_paper", 2022) == 2474743
    assert m.derived["applications_paper"] == "applications_online_ready − applications_online"
    for measure in ("coverage", "capable_share", "backlog", "online_share_of_applications"):
        assert m.missing[measure].code == "needs_columns"
    # coverage needs the capable pool, or both of the counts it is the sum of
    assert m.missing["coverage"].get("columns") == (
        ("procedures_online_capable", ("procedures_online", "procedures_not_online")),
    )
    assert ch.points("coverage") is None
    assert online.backlog_flow(partial, 2022, 2023) is None


def test_zero_denominators_give_nan_and_a_reason():
    frame = pd.DataFrame(
        {
            "fiscal_year": [2022, 2023],
            "procedures_online": [0, 0],
            "procedures_not_online": [0, 5],
            "applications_online": [0, 0],
            "applications_paper": [0, 0],
        }
    )
    m = online.measures(frame)
    assert math.isnan(m.table.loc[2022, "coverage"])
    assert m.value("coverage", 2023) == 0.0
    assert m.undefined[("coverage", 2022)].code == "zero_denominator"
    assert m.undefined[("usage", 2023)].code == "zero_denominator"
    assert not np.isinf(m.table.select_dtypes("number").to_numpy()).any()
    ch = online.change(m, 2022, 2023)
    assert ch.points("usage") is None
    assert "usage" in ch.missing
    assert math.isnan(ch.table.loc["backlog", "relative"])  # 0 → 5: relative change undefined
    assert ch.paper_avoided is None


def test_pace_two_years_is_a_stated_extrapolation(summary):
    p = online.pace_to_target(summary, target_coverage=1.0, target_fiscal_year=2025)
    assert p.latest_fiscal_year == 2023 and p.years_left == 2
    assert p.procedures_needed == 717
    assert p.required_per_year == (717 - 302) / 2
    assert p.observed_per_year == 61
    assert p.on_track is False
    assert p.year_reached == 2023 + math.ceil(415 / 61)  # FY2030
    assert p.coverage_lower is None and p.coverage_upper is None
    assert p.method == "two_points"
    assert p.assumptions == ("online.capable_pool_fixed", "trend.two_points")
    assert_allclose(p.coverage_projected, 302 / 717 + 2 * (302 / 717 - 241 / 618))
    p80 = online.pace_to_target(summary, target_coverage=0.8, target_fiscal_year=2026)
    assert p80.procedures_needed == math.ceil(0.8 * 717)
    assert_allclose(p80.required_per_year, (574 - 302) / 3)


def test_pace_three_years_fits_ols_with_prediction_interval():
    frame = pd.DataFrame(
        {
            "fiscal_year": [2021, 2022, 2023],
            "procedures_online": [200, 241, 302],
            "procedures_online_capable": [600, 618, 717],
        }
    )
    p = online.pace_to_target(frame, target_coverage=1.0, target_fiscal_year=2025, alpha=0.1)
    x = np.array([2021, 2022, 2023], dtype=float)
    slope, intercept = np.polyfit(x, [200, 241, 302], 1)
    assert_allclose(p.observed_per_year, slope)  # 51
    cov = np.array([200 / 600, 241 / 618, 302 / 717])
    b, a = np.polyfit(x, cov, 1)
    pred = a + b * 2025
    # Independent prediction interval: t(0.95, df=1) × s × sqrt(1 + 1/n + (x0 − x̄)²/Sxx)
    resid = cov - (a + b * x)
    s = math.sqrt((resid**2).sum() / 1)
    se = s * math.sqrt(1 + 1 / 3 + (2025 - 2022) ** 2 / 2)
    t = 6.313751514675041  # scipy.stats.t.ppf(0.95, 1)
    assert_allclose(p.coverage_projected, pred, rtol=1e-10)
    assert_allclose(p.coverage_lower, pred - t * se, rtol=1e-8)
    assert_allclose(p.coverage_upper, pred + t * se, rtol=1e-8)
    assert p.method == "ols"


def test_pace_rejects_bad_arguments(summary):
    with pytest.raises(MetricInputError, match="target_coverage"):
        online.pace_to_target(summary, target_coverage=1.5)
    with pytest.raises(MetricInputError, match="before the latest"):
        online.pace_to_target(summary, target_fiscal_year=2020)
    with pytest.raises(MetricInputError, match="at least two"):
        online.pace_to_target(summary[summary["fiscal_year"] == 2023])


def test_pace_not_positive_never_reaches():
    frame = pd.DataFrame(
        {
            "fiscal_year": [2022, 2023],
            "procedures_online": [10, 10],
            "procedures_online_capable": [20, 20],
        }
    )
    p = online.pace_to_target(frame)
    assert p.observed_per_year == 0 and p.year_reached is None
    assert p.coverage_year_reached is None


def test_plan_by_band_and_coverage_if_delivered(plan, summary):
    r = online.plan_by_band(plan, summary)
    assert r.fiscal_year == 2024
    assert list(r.table.index) == ["S", "A", "B", "C", "total"]
    assert list(r.table["not_online"]) == [26, 54, 101, 234, 415]
    assert list(r.table["planned_online"]) == [19, 26, 37, 13, 95]
    assert list(r.table["planned_excluded"]) == [2, 0, 0, 0, 2]
    assert_allclose(r.table.loc["S", "planned_share"], 19 / 26)
    assert_allclose(r.table.loc["S", "planned_share_in_scope"], 19 / 24)
    # Excluded procedures leave the capable pool: (302 + 95) / (717 − 2) = 55.5%
    assert (r.online_if_delivered, r.capable_if_delivered) == (397, 715)
    assert_allclose(r.coverage_if_delivered, 397 / 715)
    assert round(r.coverage_if_delivered * 100, 1) == 55.5
    assert r.backlog_if_delivered == 415 - 95 - 2
    assert round(r.coverage_before * 100, 1) == 42.1


def test_plan_without_summary_says_why(plan):
    r = online.plan_by_band(plan)
    assert r.coverage_if_delivered is None and r.reason.code == "no_summary"
    with pytest.raises(MetricInputError, match="no plan for fiscal year 2030"):
        online.plan_by_band(plan, fiscal_year=2030)


def _records(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "fiscal_year",
            "procedure_id",
            "online_capable",
            "online_ready",
            "applications_online",
            "applications_offline",
        ],
    )


def test_usage_decomposition_by_hand():
    recs = _records(
        [
            (2022, "a", True, True, 20, 80),  # 20%
            (2022, "b", True, True, 50, 50),  # 50%
            (2022, "c", True, False, 0, 100),
            (2023, "a", True, True, 40, 60),  # 40%
            (2023, "b", True, True, 60, 40),  # 60%
            (2023, "c", True, True, 10, 90),  # newly online, 10%
        ]
    )
    d = online.usage_decomposition(recs, 2022, 2023)
    assert_allclose(d.from_usage, 70 / 200)
    assert_allclose(d.to_usage, 110 / 300)
    assert_allclose(d.within, 0.5 * 0.2 + 0.5 * 0.1)  # weights 100/200 each
    assert_allclose(d.mix, (100 / 200 - 70 / 200) - 0.15)  # equal volumes: no shift
    assert_allclose(d.mix, 0.0, atol=1e-12)
    assert_allclose(d.newly_online, 110 / 300 - 100 / 200)
    assert d.no_longer_online == 0
    assert_allclose(d.total_change, 110 / 300 - 70 / 200)
    assert (d.procedures_continuing, d.procedures_newly_online) == (2, 1)


def test_usage_decomposition_with_exits_and_shifts_adds_up():
    recs = _records(
        [
            (2022, "a", True, True, 10, 90),
            (2022, "b", True, True, 80, 20),
            (2022, "x", True, True, 5, 5),
            (2023, "a", True, True, 30, 270),
            (2023, "b", True, True, 90, 10),
            (2023, "n", True, True, 0, 0),
        ]
    )
    d = online.usage_decomposition(recs, 2022, 2023)
    assert d.procedures_no_longer_online == 1
    assert_allclose(d.total_change, 120 / 400 - 95 / 210)
    assert_allclose(d.no_longer_online, 90 / 200 - 95 / 210)  # continuing usage − all usage
    # with every volume positive the mix part equals Σ Δw · u₁ (standard shift-share)
    w0 = np.array([100, 100]) / 200
    w1 = np.array([300, 100]) / 400
    assert_allclose(d.mix, ((w1 - w0) * np.array([0.1, 0.9])).sum())


def test_usage_decomposition_zero_denominator():
    recs = _records([(2022, "a", True, True, 0, 0), (2023, "a", True, True, 1, 1)])
    d = online.usage_decomposition(recs, 2022, 2023)
    assert d.total_change is None and d.within is None
    assert d.reason.code == "usage_undefined" and d.reason.get("year") == 2022


def test_offline_concentration():
    recs = _records(
        [
            (2023, "a", True, False, 0, 600),
            (2023, "b", True, False, 0, 300),
            (2023, "c", True, False, 0, 100),
            (2023, "d", True, True, 50, 50),
            (2023, "e", False, False, None, None),
        ]
    )
    c = online.offline_concentration(recs, 2023, top_n=(1, 2, 10))
    assert c.procedures == 3 and c.applications == 1000
    assert list(c.table["share"]) == [0.6, 0.9, 1.0]
    assert list(c.largest["procedure_id"]) == ["a", "b", "c"]
    empty = online.offline_concentration(recs, 2022)
    assert empty.reason.code == "no_backlog_applications"
    assert math.isnan(empty.table["share"].iloc[0])
    with pytest.raises(MetricInputError, match="top_n"):
        online.offline_concentration(recs, 2023, top_n=(0,))
