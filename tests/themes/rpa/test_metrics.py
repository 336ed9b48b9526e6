"""RPA metrics against the ward's published figures (seed 000: 27 processes, 約5,200 hours in
FY2022; 6 pilots, 約1,300 hours expected; seed 003: 5 RPA processes about FY2021) and on small
hand-made tables whose answers are worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from sugidx_analysis import catalogue
from sugidx_analysis.approx import exact
from sugidx_analysis.errors import DataValidationError, MetricInputError
from sugidx_analysis.themes.rpa import metrics, records
from sugidx_analysis.themes.rpa.metrics import RpaParams


@pytest.fixture(scope="module")
def summary():
    return catalogue.load_dataset("rpa_summary")


def test_fy2022_published_processes_and_approximate_hours(summary):
    prod = metrics.hours_saved(summary, 2022)
    assert (prod.processes, prod.technology, prod.basis) == (27, "AI-OCR/RPA", "realised")
    assert prod.hours.approximate
    assert (prod.hours.value, prod.hours.low, prod.hours.high) == (5200, 5150, 5250)
    assert round(prod.per_process.value, 1) == 192.6
    assert_allclose([prod.per_process.low, prod.per_process.high], [5150 / 27, 5250 / 27])


def test_fy2022_pilots_are_six_processes_expected_to_save_about_1300_hours(summary):
    pilots = metrics.hours_saved(summary, 2022, "pilot")
    assert (pilots.processes, pilots.basis) == (6, "expected")
    assert (pilots.hours.value, pilots.hours.low, pilots.hours.high) == (1300, 1250, 1350)


def test_fy2021_counts_rpa_only_and_has_no_hours(summary):
    prod = metrics.hours_saved(summary, 2021)
    assert (prod.processes, prod.technology, prod.hours, prod.per_process) == (5, "RPA", None, None)
    with pytest.raises(MetricInputError, match="no pilot row for FY2021"):
        metrics.hours_saved(summary, 2021, "pilot")


def test_growth_from_fy2021_flags_the_wider_scope(summary):
    g = metrics.growth(summary, 2021, 2022)
    assert (g.processes_from, g.processes_to, g.processes_change) == (5, 27, 22)
    assert g.scope_differs
    assert g.hours_change is None and g.hours_reason.code == "no_hours_in_year"
    assert g.hours_reason.get("year") == 2021


def test_staff_equivalents_and_yen_follow_from_the_parameters_and_the_interval(summary):
    hours = metrics.hours_saved(summary, 2022).hours
    v = metrics.valuation(hours, 1700, 4000)
    assert_allclose(
        [v.staff.value, v.staff.low, v.staff.high], [5200 / 1700, 5150 / 1700, 5250 / 1700]
    )
    assert_allclose([v.yen.value, v.yen.low, v.yen.high], [5200 * 4000, 5150 * 4000, 5250 * 4000])
    assert v.staff.approximate and v.yen.approximate
    default = metrics.valuation(
        hours, metrics.DEFAULT_HOURS_PER_FTE, metrics.DEFAULT_HOURLY_COST_YEN
    )
    assert (metrics.DEFAULT_HOURS_PER_FTE, metrics.DEFAULT_HOURLY_COST_YEN) == (1883, 3550)
    assert round(default.staff.value, 2) == 2.76 and default.yen.value == 18_460_000


@pytest.mark.parametrize("bad", [0, -5, math.nan, math.inf, "1883", True])
def test_conversions_refuse_a_value_that_is_not_a_positive_number(bad):
    with pytest.raises(MetricInputError, match="hours_per_fte"):
        metrics.staff_equivalents(exact(100), bad)
    with pytest.raises(MetricInputError, match="hours_per_fte"):
        RpaParams(2022, hours_per_fte=bad)


def test_params_refuse_working_hours_beyond_a_year():
    with pytest.raises(MetricInputError, match="hours a year"):
        RpaParams(2022, hours_per_fte=10_000)
    with pytest.raises(MetricInputError, match="whole year"):
        RpaParams(2022.5)


def test_sensitivity_spans_twenty_percent_each_way(summary):
    hours = metrics.hours_saved(summary, 2022).hours
    s = metrics.sensitivity(hours, 1883, 3550)
    t = s.table.set_index("step")
    assert list(t.index) == [-0.2, -0.1, 0.0, 0.1, 0.2]
    assert_allclose(t.loc[-0.2, "staff"], 5200 / (1883 * 0.8))
    assert_allclose(t.loc[0.2, "yen"], 5200 * 3550 * 1.2)
    assert_allclose(t.loc[0.2, ["yen_low", "yen_high"]], [5150 * 3550 * 1.2, 5250 * 3550 * 1.2])
    assert t["staff"].is_monotonic_decreasing and t["yen"].is_monotonic_increasing
    with pytest.raises(MetricInputError, match="fractions above"):
        metrics.sensitivity(hours, 1883, 3550, steps=(-1.0, 0.0))


# ---- record level, hand-made ----------------------------------------------------------------


def _records(rows: list[dict]) -> pd.DataFrame:
    base = {
        "process_name": None,
        "department": "部署01",
        "tool": "RPA",
        "hours_before": math.nan,
        "hours_after": math.nan,
        "hours_saved": math.nan,
        "expected_hours_saved": math.nan,
        "licence_cost_yen": math.nan,
        "build_hours": math.nan,
    }
    frame = pd.DataFrame([{**base, **r} for r in rows])
    for c in ("hours_before", "hours_after", "hours_saved", "expected_hours_saved"):
        frame[c] = frame[c].astype("Float64")
    return frame


TWO_PILOTS = _records(
    [
        {"fiscal_year": 2022, "process_id": "A", "process_name": "業務A", "stage": "pilot",
         "expected_hours_saved": 100.0},
        {"fiscal_year": 2022, "process_id": "B", "process_name": "業務B", "stage": "pilot",
         "expected_hours_saved": 300.0},
        {"fiscal_year": 2023, "process_id": "A", "stage": "production", "hours_saved": 130.0},
        {"fiscal_year": 2023, "process_id": "B", "stage": "production", "hours_before": 500.0,
         "hours_after": 300.0},
    ]
)  # fmt: skip


def test_forecast_error_on_two_pilots():
    f = metrics.forecast_vs_outcome(TWO_PILOTS, 2022, 2023)
    t = f.table.set_index("process_id")
    assert t.loc["A", ["expected", "realised", "error"]].tolist() == [100, 130, 30]
    assert t.loc["A", "direction"] == "over" and t.loc["A", "relative_error"] == pytest.approx(0.3)
    # B's realised hours come from hours_before − hours_after
    assert t.loc["B", ["realised", "error", "direction"]].tolist() == [200, -100, "under"]
    assert (f.expected, f.realised, f.error, f.direction) == (400, 330, -70, "under")
    assert f.relative_error == pytest.approx(-70 / 400)
    assert f.not_in_production == ()


def test_forecast_lists_a_pilot_that_never_went_into_production():
    only_a = TWO_PILOTS.drop(index=3)
    f = metrics.forecast_vs_outcome(only_a, 2022, 2023)
    assert f.not_in_production == ("B",) and list(f.table["process_id"]) == ["A"]
    with pytest.raises(MetricInputError, match="after the pilot year"):
        metrics.forecast_vs_outcome(TWO_PILOTS, 2023, 2023)


COSTED = _records(
    [
        {"fiscal_year": 2023, "process_id": "P1", "process_name": "業務1", "stage": "production",
         "hours_saved": 400.0, "licence_cost_yen": 200_000.0, "build_hours": 100.0,
         "department": "部署01", "tool": "RPA"},
        {"fiscal_year": 2023, "process_id": "P2", "process_name": "業務2", "stage": "production",
         "hours_saved": 50.0, "licence_cost_yen": 300_000.0, "build_hours": 20.0,
         "department": "部署02", "tool": "AI-OCR"},
        {"fiscal_year": 2023, "process_id": "P3", "process_name": "業務3", "stage": "production",
         "hours_saved": 150.0, "department": "部署01", "tool": "both"},
        {"fiscal_year": 2023, "process_id": "P4", "stage": "retired"},
    ]
)  # fmt: skip


def test_break_even_net_yen_and_payback_by_hand():
    b = metrics.break_even(COSTED, 2023, 3000)
    t = b.table.set_index("process_id")
    # P1: 400 h × 3,000 = 1,200,000 − 200,000 = 1,000,000 a year; build 100 h = 300,000 → 0.3 y
    assert t.loc["P1", ["value_yen", "net_yen", "build_cost_yen"]].tolist() == [
        1_200_000,
        1_000_000,
        300_000,
    ]
    assert t.loc["P1", "payback_years"] == pytest.approx(0.3)
    assert t.loc["P1", "net_hours"] == pytest.approx(400 - 200_000 / 3000)
    # P2: 150,000 − 300,000 < 0: never repaid
    assert t.loc["P2", "net_yen"] == -150_000 and pd.isna(t.loc["P2", "payback_years"])
    assert b.total["net_yen"] == 850_000 and b.total["payback_years"] == pytest.approx(
        360_000 / 850_000
    )
    assert b.without_costs == 1  # P3 has no costs; P4 is retired and not counted
    assert metrics.payback_years(100, 0) is None


def test_concentration_by_process_department_and_tool():
    c = metrics.concentration(COSTED, 2023, top_n=(1, 2))
    assert (c.processes, c.hours) == (3, 600)
    assert c.top.set_index("top_n")["share"].tolist() == pytest.approx([400 / 600, 550 / 600])
    assert list(c.pareto["process_id"]) == ["P1", "P3", "P2"]
    assert c.pareto["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    dept = c.by_department.set_index("department")
    assert dept.loc["部署01", ["processes", "hours"]].tolist() == [2, 550]
    assert c.by_tool.set_index("tool")["hours"].to_dict() == {"RPA": 400, "both": 150, "AI-OCR": 50}
    with pytest.raises(MetricInputError):
        metrics.concentration(COSTED, 2023, top_n=(0,))


def test_records_hours_disagreeing_with_before_minus_after_are_refused():
    bad = _records(
        [{"fiscal_year": 2023, "process_id": "X", "stage": "production", "hours_before": 100.0,
          "hours_after": 40.0, "hours_saved": 50.0}]
    )  # fmt: skip
    with pytest.raises(DataValidationError) as err:
        records.saved_hours(bad)
    assert "hours_before − hours_after = 60" in str(err.value) and "process X" in str(err.value)
    no_hours = _records([{"fiscal_year": 2023, "process_id": "Y", "stage": "production"}])
    with pytest.raises(DataValidationError, match="process Y in production"):
        records.saved_hours(no_hours)


def test_summarize_and_reconcile_within_the_rounding_interval(summary):
    rows = [
        {"fiscal_year": 2022, "process_id": f"P{i}", "stage": "production", "tool": "AI-OCR",
         "hours_saved": 5180 / 27}
        for i in range(27)
    ] + [
        {"fiscal_year": 2022, "process_id": f"Q{i}", "stage": "pilot",
         "expected_hours_saved": 220.0}
        for i in range(6)
    ]  # fmt: skip
    mine = records.summarize(_records(rows))
    got = mine.set_index("scope")
    assert got.loc["production", ["processes", "technology"]].tolist() == [27, "AI-OCR/RPA"]
    assert got.loc["pilot", "hours_saved_per_year"] == 1320
    assert records.compare_with_published(mine, summary) == []  # 5,180 and 1,320 round to 約
    production = mine["scope"] == "production"
    off = mine.assign(hours_saved_per_year=mine["hours_saved_per_year"].where(~production, 5260.0))
    assert records.compare_with_published(off, summary) == [
        (2022, "production", "hours_saved_per_year", 5260.0, 5200.0, True)
    ]
    fewer = mine.assign(processes=mine["processes"].where(~production, 26))
    assert records.compare_with_published(fewer, summary)[0][:5] == (
        2022,
        "production",
        "processes",
        26.0,
        27.0,
    )


def test_a_cp932_file_with_japanese_headers_loads_and_reconciles(tmp_path, summary):
    header = (
        "年度,業務ID,業務名,所管課,ツール,段階,導入前時間,導入後時間,削減時間,見込削減時間,"
        "ライセンス費用,構築時間"
    )
    lines = [header]
    for i in range(27):
        saved = 200 if i < 26 else 5210 - 26 * 200  # 5,210 h: inside 約5,200
        lines.append(
            f"令和4年度,R{i:03d},業務{i},部署01,RPA,production,{saved + 50},50,{saved},,120000,40"
        )
    for i in range(6):
        lines.append(f"令和4年度,S{i:03d},試行{i},部署02,AI-OCR,pilot,,,,{215 + i},,")
    (tmp_path / "rpa_processes.csv").write_bytes("\n".join(lines).encode("cp932"))
    frame = catalogue.load_dataset("rpa_processes", tmp_path)
    assert len(frame) == 33 and frame["fiscal_year"].eq(2022).all()
    mine = records.summarize(frame)
    assert mine.set_index("scope").loc["production", "hours_saved_per_year"] == 5210
    assert records.compare_with_published(mine, summary) == []


def test_break_even_and_concentration_sentences_state_the_hand_worked_figures():
    from sugidx_analysis.themes.rpa import present

    b = metrics.break_even(COSTED, 2023, 3000)
    text = "".join(present.break_even_findings(b))
    # value 1,200,000 + 150,000 = 135万円; licence 50万円; net 85万円; build 120 h = 36万円
    assert "費用が記録された2業務では、削減時間の金額換算135万円に対し" in text
    assert "年間費用は50万円で、純効果は年85万円です" in text
    assert "構築に要した120時間（36万円）は、0.4年で回収される計算です" in text
    assert "年間費用が削減時間の金額換算を上回る業務が1業務あります" in text
    assert "費用が記録されていない1業務は、この計算に含めていません" in text
    c = metrics.concentration(COSTED, 2023, top_n=(1, 3))
    lines = present.concentration_findings(c)
    assert "所管課別では、部署01（2業務）が全体の91.7%を占め、最も多くなっています。" in lines
    assert "ツール別の割合は、RPA 66.7%、AI-OCR・RPA併用 25.0%、AI-OCR 8.3%です。" in lines
