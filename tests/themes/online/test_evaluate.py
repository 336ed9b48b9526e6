"""``evaluate``: every decision the online report shows (years, comparisons, reasons), and
``kpis``, checked against the ward's published figures (seed 004, section 2)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from sugidx_analysis import catalogue, paths
from sugidx_analysis.errors import MetricInputError
from sugidx_analysis.municipality import load_profile
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.online import metrics, present
from sugidx_analysis.themes.online.metrics import OnlineParams, evaluate, kpis

SUGINAMI = load_profile()  # data/published/municipality.toml: the targets judged against

THEME = get_theme("online")


@pytest.fixture(scope="module")
def inputs():
    return catalogue.load_inputs(THEME)


@pytest.fixture(scope="module")
def without_records(tmp_path_factory):
    empty = tmp_path_factory.mktemp("no-records")
    return catalogue.load_inputs(THEME, example_dir=str(empty))


def test_fy2023_shows_its_year_compared_with_the_one_before(inputs):
    ev = evaluate(inputs, OnlineParams(2023, profile=SUGINAMI))
    assert (ev.year.shown, ev.year.is_fallback, ev.year.previous) == (2023, False, 2022)
    assert round(ev.change.points("coverage"), 1) == 3.1
    assert round(ev.change.points("usage"), 1) == 3.5
    assert (ev.flow.start, ev.flow.end) == (377, 415)
    assert ev.pace.method == "two_points" and ev.pace.required_per_year == (717 - 302) / 2
    assert ev.pace.observed_per_year == 61
    # the plan evaluated is the next year's: FY2024, 95 of the 415 procedures
    assert (ev.plan_year.requested, ev.plan_year.shown) == (2024, 2024)
    assert ev.plan.table.loc["total", "planned_online"] == 95
    assert round(ev.plan.coverage_if_delivered * 100, 1) == 55.5
    # the synthetic records reproduce the published totals: no differences
    assert ev.records_year.shown == 2023 and ev.records_differences == ()
    assert round(ev.decomposition.total_change * 100, 1) == 3.5
    assert ev.concentration.procedures == 415
    assert ev.change_reason is ev.pace_reason is ev.decomposition_reason is None


def test_fy2022_has_no_comparison_year_and_no_pace(inputs):
    ev = evaluate(inputs, OnlineParams(2022, profile=SUGINAMI))
    assert ev.year.shown == 2022 and ev.measures.years == [2022]  # FY2023 is not shown
    assert ev.change is None and ev.change_reason.code == "no_previous_year"
    assert ev.change_reason.get("year") == 2021
    assert ev.flow is None and ev.flow_reason.code == "no_previous_year"
    assert ev.pace is None
    assert (ev.pace_reason.code, ev.pace_reason.get("found")) == ("too_few_years", 1)
    assert ev.plan_year.shown is None and ev.plan is None  # the only plan is FY2024's
    assert ev.decomposition is None and ev.decomposition_reason.code == "no_previous_year"
    assert ev.concentration.fiscal_year == 2022


def test_fy2024_falls_back_to_the_latest_data_and_says_which(inputs):
    ev = evaluate(inputs, OnlineParams(2024, profile=SUGINAMI))
    assert (ev.year.requested, ev.year.shown, ev.year.is_fallback) == (2024, 2023, True)
    assert round(ev.measures.value("coverage", 2023) * 100, 1) == 42.1
    assert (ev.plan_year.requested, ev.plan_year.shown) == (2025, 2024)
    assert ev.records_year.shown == 2023 and ev.records_year.is_fallback


def test_year_before_any_data_gives_reasons_not_errors(inputs):
    ev = evaluate(inputs, OnlineParams(2021, profile=SUGINAMI))
    assert ev.year.shown is None and ev.measures is None
    assert ev.pace_reason.code == ev.change_reason.code == "no_data_for_year"
    assert ev.plan is None and ev.records_year.shown is None
    assert kpis(ev) == []


def test_without_records_the_record_section_is_empty(without_records):
    ev = evaluate(without_records, OnlineParams(2023, profile=SUGINAMI))
    assert ev.records_year is None and ev.decomposition is None
    assert "synth.online.seed" not in ev.assumptions
    assert round(ev.change.points("coverage"), 1) == 3.1


def test_other_target_changes_the_pace_only(inputs):
    ev = evaluate(
        inputs, OnlineParams(2023, profile=SUGINAMI, target_fiscal_year=2026, target_coverage=0.8)
    )
    # 80% of 717 = 574 procedures by FY2026: (574 − 302) / 3 a year
    assert_allclose(ev.pace.required_per_year, (574 - 302) / 3)
    ev = evaluate(inputs, OnlineParams(2023, profile=SUGINAMI, target_fiscal_year=2022))
    assert ev.pace is None and ev.pace_reason.code == "target_before_latest"


def test_bad_parameters_raise_metric_input_error():
    with pytest.raises(MetricInputError, match="target_coverage"):
        OnlineParams(2023, profile=SUGINAMI, target_coverage=80)
    with pytest.raises(MetricInputError, match="fiscal_year"):
        OnlineParams("令和5年度")


def test_assumptions_used_are_the_registry_entries(inputs):
    ev = evaluate(inputs, OnlineParams(2023, profile=SUGINAMI))
    assert ev.assumptions == (
        "fiscal_year",
        "online.capable_pool_fixed",
        "trend.two_points",
        "online.paper_avoided",
        "online.plan_delivered",
        "synth.online.seed",
        "synth.online.new_online_share",
        "synth.online.not_capable_applications",
    )
    assert (
        "online.capable_pool_fixed"
        not in evaluate(inputs, OnlineParams(2022, profile=SUGINAMI)).assumptions
    )


def test_kpis_of_fy2023(inputs):
    by_id = {k.kpi_id: k for k in kpis(evaluate(inputs, OnlineParams(2023, profile=SUGINAMI)))}
    coverage = by_id["online.coverage"]
    assert_allclose(coverage.value, 302 / 717)
    assert_allclose(coverage.previous_value, 241 / 618)
    assert round(coverage.change, 1) == 3.1
    assert (coverage.target, coverage.target_fiscal_year, coverage.tier) == (1.0, 2025, "published")
    assert round(by_id["online.usage"].value * 100, 1) == 44.2
    assert (by_id["online.backlog"].value, by_id["online.backlog"].change) == (415, 38)
    assert by_id["online.applications_online"].value == 1_826_986


def test_every_reason_the_metrics_give_has_japanese_wording():
    source = Path(metrics.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'reason\("(\w+)"', source))
    assert len(codes) >= 10
    assert codes <= set(present.REASONS), codes - set(present.REASONS)


def test_an_analysts_partial_table_is_tiered_and_evaluated(tmp_path):
    summary = (paths.PUBLISHED_DIR / "online_summary.csv").read_text(encoding="utf-8")
    lines = [",".join(line.split(",")[:4]) for line in summary.splitlines()]
    (tmp_path / "online_summary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(paths.EXAMPLE_DIR / "online_procedures.csv", tmp_path)
    inputs = catalogue.load_inputs(THEME, tmp_path, tmp_path)
    assert inputs["online_summary"].tier == "analyst"
    # the copied example file is still synthetic: its rows say so, wherever it lives
    assert inputs["online_procedures"].tier == "synthetic"
    ev = evaluate(inputs, OnlineParams(2023, profile=SUGINAMI))
    assert round(ev.measures.value("coverage", 2023) * 100, 1) == 42.1
    assert ev.measures.missing["usage"].code == "needs_columns"
    assert ev.plan is None


def test_coverage_judgement_follows_the_printed_rule(inputs):
    # FY2023: 61 a year reaches the 717 procedures only in FY2030, 5 years after FY2025
    assert (
        metrics.coverage_judgement(evaluate(inputs, OnlineParams(2023, profile=SUGINAMI)))
        == "off_track"
    )
    # 80% by FY2030: 574 − 302 = 272 to go at 61 a year → FY2028, on track
    ev = evaluate(
        inputs, OnlineParams(2023, profile=SUGINAMI, target_fiscal_year=2030, target_coverage=0.8)
    )
    assert ev.pace.year_reached == 2028 and metrics.coverage_judgement(ev) == "on_track"
    # 80% by FY2026: reached in FY2028, within two years after → caution
    ev = evaluate(
        inputs, OnlineParams(2023, profile=SUGINAMI, target_fiscal_year=2026, target_coverage=0.8)
    )
    assert metrics.coverage_judgement(ev) == "caution"
    # 40% is already reached; one year of data gives no pace → not judged
    ev = evaluate(inputs, OnlineParams(2023, profile=SUGINAMI, target_coverage=0.4))
    assert metrics.coverage_judgement(ev) == "achieved"
    assert (
        metrics.coverage_judgement(evaluate(inputs, OnlineParams(2022, profile=SUGINAMI)))
        == "not_judged"
    )
    by_id = {k.kpi_id: k for k in kpis(evaluate(inputs, OnlineParams(2023, profile=SUGINAMI)))}
    assert by_id["online.coverage"].judgement == "off_track"
    assert by_id["online.usage"].judgement == "not_judged"


def test_records_that_cannot_split_the_change_give_a_worded_reason(inputs):
    import pandas as pd

    records = pd.DataFrame(
        {
            "fiscal_year": [2022, 2023],
            "procedure_id": ["a", "b"],  # no procedure online in both years
            "online_capable": [True, True],
            "online_ready": [True, True],
            "applications_online": [5, 7],
            "applications_offline": [5, 3],
        }
    )
    loaded = dict(inputs)
    loaded["online_procedures"] = inputs["online_procedures"].__class__(
        "online_procedures", Path("."), records, None, "analyst", None
    )
    ev = evaluate(loaded, OnlineParams(2023, profile=SUGINAMI))
    assert ev.decomposition is None
    assert ev.decomposition_reason.code == "no_continuing_procedure"
    shown = present.decomposition(ev)
    assert "両年度ともオンライン対応済で申請のある手続がありません" in shown[0].data
