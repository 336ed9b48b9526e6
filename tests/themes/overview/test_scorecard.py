"""The overview scorecard over data/published: every figure of every theme and of kpis.csv, each
judged; the 総括 sentence by sentence; the same records for ``sugidx kpis``."""

from __future__ import annotations

import pytest

from sugidx_analysis import catalogue, judgement
from sugidx_analysis.municipality import NO_PROFILE, load_profile
from sugidx_analysis.themes import THEMES, get_theme
from sugidx_analysis.themes.overview import export, present
from sugidx_analysis.themes.overview.metrics import OverviewParams, evaluate, records, theme_params

SUGINAMI = load_profile()


def _card(year: int, profile=SUGINAMI):
    return evaluate(catalogue.load_inputs(get_theme("overview")), OverviewParams(year, profile))


@pytest.fixture(scope="module")
def fy2023():
    return _card(2023)


@pytest.fixture(scope="module")
def fy2024():
    return _card(2024)


@pytest.mark.parametrize("year", [2023, 2024])
def test_it_holds_every_theme_figure_and_every_published_row(year):
    card = _card(year)
    expected = []
    for theme in THEMES:
        if theme.scorecard:
            continue
        inputs = catalogue.load_inputs(theme)
        ev = theme.evaluate(inputs, theme_params(theme.name, card.params))
        expected += [k.kpi_id for k in theme.kpis(ev)]
    kpis = catalogue.load_dataset("kpis")
    expected += list(dict.fromkeys(kpis.loc[kpis["fiscal_year"] <= year, "kpi_id"]))
    assert [r.kpi.kpi_id for r in card.rows] == expected
    assert all(r.kpi.judgement in judgement.LABELS for r in card.rows)
    assert all(r.kpi.label and r.kpi.source_id for r in card.rows)


def test_published_figures_keep_their_values_and_sources(fy2023):
    cost = fy2023.row("it_cost_savings").kpi
    assert (cost.value, cost.approximate, cost.source_id) == (245_140_000, True, "S000-cost")
    assert present.value_text(cost) == "約2億4,514万円"
    decisions = fy2023.row("electronic_decisions_share").kpi
    assert present.value_text(decisions) == "60%以上"  # 「6割以上」 (seed 002)
    assert present.value_text(fy2023.row("my_number_card_rate").kpi) == "約30%"
    coverage = fy2023.row("online.coverage").kpi
    assert coverage.value == pytest.approx(302 / 717)  # seed 004, FY2023
    assert coverage.previous_value == pytest.approx(241 / 618)
    assert (coverage.target, coverage.target_date.isoformat()) == (1.0, "2026-03-31")
    assert coverage.judgement == judgement.OFF_TRACK


def test_seed_003_rows_are_marked_as_naming_no_municipality(fy2023):
    unnamed = {r.kpi.kpi_id for r in fy2023.rows if r.unnamed_source}
    assert unnamed == {
        "ai_chatbot_services",
        "telework_terminals",
        "telework_uses",
        "cashless_windows",
    }
    frame = present.scorecard_table(fy2023).frame
    row = frame[frame["指標"] == "キャッシュレス決済を導入した窓口"].iloc[0]
    assert row["出典"].endswith("※")
    assert "※は、発行した自治体名が記載されていない資料の数値です（自治体名の記載なし）。" in (
        present.scorecard_table(fy2023).notes
    )
    by_id = {r["id"]: r for r in records(fy2023)}
    assert by_id["cashless_windows"]["source_note"] == "自治体名の記載なし"
    assert by_id["suginavi_accesses"]["source_note"] is None


def test_fy2023_summary_sentence_by_sentence(fy2023):
    assert present.findings(fy2023) == [
        "令和5年度の評価では、32指標を集計しました（令和5年度以前の最新の値）。"
        "このうち目標が設定されている1指標の判定は「未達見込み」です。",
        "オンライン対応率は令和5年度に42.1%（前年度から3.1ポイント上昇）で、目標"
        "（令和7年度末までに100%、目標の資料に自治体名の記載なし）に対する判定は「未達見込み」です。",
        "RPA・AI-OCRによる年間削減時間は令和4年度に約5,200時間でした。",
        "65歳以上人口1,000人あたりの講座等延べ参加者数は令和4年度に32.9人でした。",
        "情報化経費精査による財政効果額は令和4年度に約2億4,514万円でした。",
    ]


def test_fy2024_summary_judges_the_standardisation_target_it_cannot_pace(fy2024):
    text = present.findings(fy2024)
    assert len(text) == present.MAX_FINDINGS
    assert text[0].endswith(
        "このうち目標が設定されている2指標の判定は、「未達見込み」1指標、「判定なし」1指標です。"
    )
    assert text[2] == (
        "影響調査（Fit&Gap分析）の課題の進捗率（全体）は令和6年度に77.8%です。目標（令和7年7月1日"
        "までに90%）に対しては、これまでのペースを求めるデータ（2年度分または2時点以上）がないため、"
        "判定していません。"
    )


def test_without_a_profile_nothing_is_judged_and_the_summary_says_why():
    card = _card(2024, NO_PROFILE)
    assert all(r.kpi.target is None for r in card.rows)
    assert card.tally()[judgement.NOT_JUDGED] == len(card.rows)
    first, second = present.findings(card)[:2]
    assert first.endswith(
        "自治体プロファイルがないため、目標は設定されておらず、判定は行っていません。"
    )
    assert second == "オンライン対応率は令和5年度に42.1%（前年度から3.1ポイント上昇）でした。"


def test_records_validate_and_carry_the_rows_figures(fy2024):
    out = records(fy2024)
    export.validate(out)
    assert [r["id"] for r in out] == [row.kpi.kpi_id for row in fy2024.rows]
    progress = next(r for r in out if r["id"] == "standardization.progress_rate")
    assert progress["value"] == pytest.approx(3182 / 4088)  # seed 004, 2024-07-31
    assert (progress["target"], progress["target_date"]) == (0.9, "2025-07-01")
    assert progress["judgement_label"] == "判定なし"


def test_the_scorecard_table_cites_numbered_sources(fy2023):
    numbers = present.source_numbers(fy2023)
    assert list(numbers)[:3] == ["S004-2-1", "S003-online", "S000-rpa"]  # the target cited too
    frame = present.scorecard_table(fy2023).frame
    assert len(frame) == len(fy2023.rows)
    assert frame.iloc[0].tolist() == [
        "オンライン対応率",
        "令和5年度",
        "42.1%",
        "3.1ポイント",
        "令和7年度末までに100%",
        "未達見込み",
        f"〔1〕　目標〔{numbers['S003-online']}〕※",  # the target's document names no municipality
    ]


def test_header_says_how_many_targets_judge_the_scorecard(fy2024):
    (lines,) = present.header(fy2024)
    assert (
        "自治体：杉並区。設定されている目標4件のうち、2件をこの表の指標の判定に用いています"
        "（ほかは各施策の報告に記載）。"
    ) in lines.data
    (none,) = present.header(_card(2024, NO_PROFILE))
    assert "自治体名と目標は設定されていません" in none.data and "杉並" not in none.data
