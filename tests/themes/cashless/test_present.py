"""The cashless report's words, tables and figures: published figures as the seeds state them,
the unnamed municipality said, effects printed as proportional changes of the estimates, and
the synthetic records marked."""

from __future__ import annotations

import math

import pytest

from sugidx_analysis import catalogue, fmt
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.cashless import charts, present
from sugidx_analysis.themes.cashless.metrics import CashlessParams, evaluate


@pytest.fixture(scope="module")
def inputs():
    return catalogue.load_inputs(get_theme("cashless"))


@pytest.fixture(scope="module")
def fy2024(inputs):
    return evaluate(inputs, CashlessParams(2024))


def test_summary_states_launches_shares_and_outreach(fy2024):
    text = present.summary_findings(fy2024)
    assert text[0] == (
        "キャッシュレス決済は、令和5年12月から区民課窓口（本庁舎）、令和6年10月から区民事務所"
        "（資料の時点では予定）で導入されています（公表資料による）。"
    )
    assert "戸籍住民課・税務課で14%、オアシスルーム（第三庁舎内）で62%" in text[1]
    assert "区の数値かどうかは確認できません" in text[1]
    assert "区の実績や効果を示すものではありません" in " ".join(text)
    assert "令和4年度、杉の樹大学の講座等は50回、延べ588人が参加し、1回あたり11.8人でした。" in text
    assert any("65歳以上の人口120,217人の1,000人あたり32.9人" in s for s in text)
    assert text[-1].startswith("キャッシュレス決済とデジタルデバイド対策について数値目標")


def test_effect_sentence_prints_the_estimate_as_a_proportional_change(fy2024):
    main = fy2024.effects.windows[0]
    mean = main.its.mean_effect
    words = f"平均{fmt.number(abs(math.expm1(mean.estimate)) * 100, 1)}%減少しました"
    (sentence, *_) = present.effect_sentences(fy2024)
    assert sentence.startswith(
        "【合成データによる試算】区民課窓口（本庁舎）では、導入後（令和5年12月〜令和7年3月）"
    )
    assert words in sentence and "分割時系列分析、95%信頼区間" in sentence
    assert "△" not in sentence  # prose says 減少, tables use △
    (_, study, *_) = present.effect_sentences(fy2024)
    assert "（令和5年12月〜令和6年9月、比較できる期間）" in study


def test_pretrend_verdict_follows_the_test(fy2024):
    p = fy2024.effects.study.pretrend
    sentence = present.pretrend_sentence(fy2024)
    assert sentence.startswith("【合成データによる試算】導入前の")  # computed from synthetic data
    assert ("仮定と食い違います" in sentence) == p.rejected
    assert f"導入前の{p.df1}か月分" in sentence and f"F＝{fmt.number(p.f, 2)}" in sentence


def test_tables(fy2024):
    its = present.its_table(fy2024)
    assert its.synthetic and len(its.frame) == 8
    first = fy2024.effects.windows[0].its
    assert its.frame.iloc[0]["導入前／導入後の月数"] == f"{first.n_pre}／{first.n_post}"
    assert its.frame.iloc[0]["導入月の水準の変化"] == present.change(
        math.expm1(first.level_change.estimate)
    )
    study = present.study_table(fy2024).frame
    assert study.iloc[0]["導入からの月数"] == "△6"
    assert "0.0%（基準）" in set(study["効果"])
    shares = present.shares_table(fy2024)
    assert list(shares.frame["キャッシュレス利用割合"]) == ["14%", "62%"]
    assert any("自治体名の記載なし" in n for n in shares.notes)
    outreach = present.outreach_table(fy2024).frame
    total = outreach[outreach["講座等"] == "合計"]
    assert list(total["1回あたりの参加者数"]) == ["11.8", "5.1"]


def test_change_uses_the_triangle():
    assert present.change(-0.196) == "△19.6%"
    assert present.change(0.031) == "3.1%"


def test_fy2021_has_no_effect_and_no_reach(inputs):
    ev = evaluate(inputs, CashlessParams(2021))
    text = " ".join(present.summary_findings(ev))
    assert "導入の効果は示せません" not in text  # records exist; no window launched yet
    assert "差の差分析は示せません（対象年度末までに導入した窓口がありません）" in text
    assert "区の人口と比べられません" in text
    assert charts.study(ev) is None and charts.uptake(ev) is None


def test_figures_are_marked_synthetic_with_numbers_in_alt(fy2024, capture_drawn):
    seen = capture_drawn(charts)
    uptake = charts.uptake(fy2024)
    assert uptake.synthetic and uptake.alt.startswith("合成データによる図")
    its = charts.its(fy2024)
    assert [b.title for b in its] == [
        "区民課窓口（本庁舎）の現金払いの件数と導入がなかった場合の見込み",
        "区民事務所Ａ（架空）の現金払いの件数と導入がなかった場合の見込み",
    ]
    study = charts.study(fy2024)
    assert "0か月後△" in study.alt
    assert any(t.get_text() == "合成データ" for t in seen[0]["texts"])


def test_fy2023_tables_list_launched_windows_and_the_shares_of_the_records(inputs):
    ev = evaluate(inputs, CashlessParams(2023))
    its = present.its_table(ev).frame
    assert list(its["窓口"]) == ["区民課窓口（本庁舎）"]  # the branches launch in FY2024
    uptake = present.uptake_table(ev).frame.set_index("窓口")
    series = ev.effects.series
    march = series[(series["month"] == "2024-03") & (series["window"] == "区民課窓口（本庁舎）")]
    share = int(march["cashless"].iloc[0]) / int(march["transactions"].iloc[0])
    assert uptake.loc["区民課窓口（本庁舎）", "令和6年3月の利用割合"] == fmt.percent(share)
    assert uptake.loc["区民事務所Ａ（架空）", "令和6年3月の利用割合"] == fmt.MISSING
