"""The RPA report's words and tables: published figures with 「約」 and their interval, the
scope caveat, the conversions under the parameters, and the synthetic sections marked."""

from __future__ import annotations

import pytest

from sugidx_analysis import catalogue
from sugidx_analysis.approx import Approx, exact, rounding_unit, stated
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.rpa import metrics, present
from sugidx_analysis.themes.rpa.metrics import RpaParams, evaluate


@pytest.fixture(scope="module")
def inputs():
    return catalogue.load_inputs(get_theme("rpa"))


@pytest.fixture(scope="module")
def ev2022(inputs):
    return evaluate(inputs, RpaParams(2022))


@pytest.mark.parametrize(
    ("value", "unit"),
    [(5200, 100), (1300, 100), (27, 1), (245_140_000, 10_000), (192.6, 0.1), (0, 1), (5000, 1000)],
)
def test_rounding_unit_is_read_from_the_last_non_zero_digit(value, unit):
    assert rounding_unit(value) == pytest.approx(unit)


def test_approximate_arithmetic_carries_the_interval():
    hours = stated(5200, True)
    assert (hours.low, hours.high) == (5150, 5250)
    assert stated(5200, False) == exact(5200)
    pilots = stated(1300, True)
    both = hours.plus(pilots)
    assert (both.value, both.low, both.high, both.approximate) == (6500, 6400, 6600, True)
    diff = hours.minus(pilots)
    assert (diff.low, diff.high) == (5150 - 1350, 5250 - 1250)
    neg = hours.times(-1)
    assert (neg.low, neg.high) == (-5250, -5150)


def test_approximate_figures_are_written_with_about_and_interval():
    hours = stated(5200, True)
    assert present.hours_text(hours) == "約5,200時間（5,150〜5,250時間）"
    assert present.per_process_text(hours.divided_by(27)) == "約192.6時間（190.7〜194.4時間）"
    assert present.staff_text(hours.divided_by(1883)) == "約2.76人分（2.73〜2.79人分）"
    assert present.yen_text(hours.times(3550)) == "約1,846万円（1,828〜1,864万円）"
    assert present.hours_text(exact(5242)) == "5,242時間"  # exact: no 約, no interval
    assert present.hours_text(Approx(1.0, 1.0, 1.0, False)) == "1時間"


def test_fy2022_findings_state_the_published_figures(ev2022):
    text = "".join(present.summary_findings(ev2022))
    assert "27業務で、年間約5,200時間（5,150〜5,250時間）の業務時間を削減しました" in text
    assert "1業務あたりでは約192.6時間（190.7〜194.4時間）" in text
    assert (
        "6業務で実証実験を行い、年間約1,300時間（1,250〜1,350時間）の削減が見込まれています" in text
    )
    assert "職員約2.76人分（2.73〜2.79人分）" in text and "約1,846万円（1,828〜1,864万円）" in text
    assert "目標に対する達成状況の判定は行っていません" in text
    assert "第4節（業務ごとのデータによる分析）は合成データによるもので、実績ではありません" in text


def test_growth_since_fy2021_prints_the_scope_caveat(ev2022):
    lines = present.growth_findings(ev2022.growth)
    assert (
        lines[0]
        == "本格導入した業務数は令和3年度の5業務から令和4年度の27業務へ22業務増加しました。"
    )
    assert "令和3年度の削減時間は公表されていません" in lines[1]
    assert (
        "令和3年度はRPAのみ、令和4年度はAI-OCR・RPAを数えており、集計の範囲が異なります" in lines[2]
    )
    notes = " ".join(present.hours_table(ev2022).notes)
    assert "集計の範囲が異なります" in notes


def test_fy2021_names_planned_and_staff_built_processes(inputs):
    ev = evaluate(inputs, RpaParams(2021))
    table = present.hours_table(ev).frame
    assert list(table["区分"]) == ["本格導入（実績）", "職員による構築（稼働中）", "導入予定"]
    assert list(table["業務数"]) == ["5", "1", "2"]
    summary = ev.inputs[metrics.SUMMARY].frame
    assert present.other_scopes_sentence(summary, 2021) == (
        "このほか、2業務で導入を予定しており、1業務では職員が自らRPAを構築し稼働させています。"
    )
    assert ev.valuation is None and present.describe(ev.valuation_reason) == (
        "令和3年度の削減時間は公表されていません"
    )


def test_sensitivity_table_moves_each_assumption_twenty_percent(ev2022):
    frame = present.sensitivity_table(ev2022.sensitivity).frame
    assert list(frame["前提の変化"]) == ["△20%", "△10%", "既定値", "+10%", "+20%"]
    assert list(frame["年間勤務時間（時間）"]) == ["1,506", "1,695", "1,883", "2,071", "2,260"]
    assert list(frame["職員換算（人分）"]) == ["約3.45", "約3.07", "約2.76", "約2.51", "約2.30"]
    assert (
        list(frame["金額換算（万円）"])[0] == "約1,477"
        and list(frame["金額換算（万円）"])[-1] == "約2,215"
    )


def test_other_parameters_change_the_conversions_and_the_header(inputs):
    ev = evaluate(inputs, RpaParams(2022, hours_per_fte=1600, hourly_cost_yen=5000))
    text = "".join(present.valuation_findings(ev.valuation))
    assert "職員約3.25人分（3.22〜3.28人分）" in text  # 5,200 ÷ 1,600
    assert "約2,600万円（2,575〜2,625万円）" in text  # 5,200 × 5,000
    assumed = present.assumptions_table(ev).frame
    assert list(assumed["この報告の値"]) == ["1,600時間／人・年", "5,000円／時間"]
    assert list(assumed["既定値"]) == ["1,883時間／人・年", "3,550円／時間"]
    assert (
        "勤務時間" in assumed["既定値の根拠"].iloc[0]
        and "1004198" in assumed["既定値の根拠"].iloc[1]
    )


def test_fy2023_compares_the_pilots_forecast_with_their_outcome(inputs):
    ev = evaluate(inputs, RpaParams(2023))
    assert ev.year.shown == 2022 and ev.records_year.shown == 2023
    f = ev.forecast
    assert (f.pilot_year, f.outcome_year, len(f.table)) == (2022, 2023, 6)
    # the example's pilots were forecast 1,341 h (約1,300) and realised 1,096 h
    assert (f.expected, f.realised) == (1341, 1096) and f.direction == "under"
    sentence = present.forecast_sentence(f)
    assert (
        "見込み1,341時間に対し、令和5年度の実績は1,096時間で、見込みを245時間（18.3%）下回りました"
        in sentence
    )
    table = present.forecast_table(f, "出典", True)
    assert table.synthetic and table.frame.iloc[-1]["業務名"] == "合計"


def test_fy2022_records_agree_with_the_published_figures(ev2022):
    assert ev2022.records_differences == ()
    assert present.describe(ev2022.forecast_reason) == (
        "令和4年度の実証実験の業務の実績は、翌年度のデータで確認します"
    )
    box = present.records_check(ev2022).data
    assert "公表値と一致します（令和4年度" in box


def test_year_before_any_data_says_so(inputs):
    ev = evaluate(inputs, RpaParams(2020))
    assert ev.production is None and metrics.kpis(ev) == []
    assert present.summary_findings(ev) == [
        "令和2年度以前のRPA・AI-OCRのデータはないため、評価できません。"
    ]


def test_kpis_carry_the_approximation(ev2022):
    k = {kpi.kpi_id: kpi for kpi in metrics.kpis(ev2022)}
    assert (k["rpa.processes"].value, k["rpa.processes"].approximate) == (27, False)
    # FY2021's 5 processes counted RPA alone (seed 003): not comparable, so no change is given
    assert k["rpa.processes"].previous_value is None and k["rpa.processes"].previous_year is None
    assert (k["rpa.hours_saved"].value, k["rpa.hours_saved"].approximate) == (5200, True)
    assert k["rpa.personnel_cost"].value == 5200 * 3550
    assert all(kpi.judgement == "not_judged" for kpi in k.values())
