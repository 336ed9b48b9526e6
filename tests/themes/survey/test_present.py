"""The survey report's words and tables, against the evaluation and hand-worked figures."""

from __future__ import annotations

import re

import pytest

from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.survey import present
from sugidx_analysis.themes.survey.metrics import SurveyParams, evaluate


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(get_theme("survey"))


@pytest.fixture(scope="module")
def ev(inputs):
    return evaluate(inputs, SurveyParams(2024))


def _html(items) -> str:
    items = items if isinstance(items, list) else [items]
    out = []
    for item in items:
        if item is None:
            continue
        html = getattr(item, "_repr_html_", None)
        out.append(html() if html else getattr(item, "data", str(item)))
    return "\n".join(out)


def test_response_findings_state_the_seed_figures(ev):
    text = "\n".join(present.response_findings(ev))
    # 383 / 2,000 = 19.15% → 19.2% (四捨五入); Wilson 17.485…% and 20.933…%
    assert "383人が回答しました（回答率19.2%、95%信頼区間17.5%〜20.9%）" in text
    assert "標本誤差は最大±5.0ポイントです（母集団500,239人の有限母集団修正を含む）" in text
    # at n = 100: 1.96 × √(0.25/100 × 500,139/500,238) = 0.0980
    assert "回答者が100人の区分では最大±9.8ポイント" in text
    assert "353人が計1,053件回答し、1人あたり2.98件" in text


def test_summary_holds_no_synthetic_figure(ev):
    findings = present.summary_findings(ev)
    assert not any("60歳以上" in f or "重み付け" in f for f in findings)
    assert (
        findings[-1] == "第2節以降の回答者ごとの分析は合成データによるもので、実績ではありません。"
    )
    html = _html(present.summary(ev))
    assert "19.2%" in html and "17.5%〜20.9%" in html and "2.98件" in html


def test_margin_table_rows_and_columns(ev):
    html = _html(present.margin_table(ev))
    assert "383人（回答者全体）" in html
    assert "10%または90%" in html and ">50%<" in html
    assert "±5.0ポイント" in html and "±13.9ポイント" in html  # n = 50, p = 0.5: 0.1386


def test_crosstab_prints_suppressed_cells_as_a_star_with_a_note(ev):
    (c,) = ev.respondents.crosstabs
    html = _html(present.cross_table(ev, c))
    hidden = int(c.suppressed.to_numpy().sum())
    assert hidden >= 2
    assert html.count(">*</td>") == hidden
    assert "該当する回答者が10人未満のセル" in html
    assert "Rao–Scott補正F検定" in html
    for group in c.suppressed.index[c.suppressed.any(axis=1)]:
        share = c.table.row_shares.loc[group].iloc[0]
        assert f">{present.fmt.percent(share)}<" not in html or share in (0, 1)


def test_a_larger_threshold_hides_more(inputs):
    strict = evaluate(inputs, SurveyParams(2024, min_cell_size=30))
    (c,) = strict.respondents.crosstabs
    html = _html(present.cross_table(strict, c))
    assert html.count(">*</td>") == int(c.suppressed.to_numpy().sum()) > 2
    assert "該当する回答者が30人未満" in html
    profile = _html(present.profile_table(strict))
    assert ">*</td>" in profile  # a sex × age-group count under 30


def test_weighting_sentence_follows_the_estimates(ev):
    (sentence,) = present.weighting_direction(ev)
    q = ev.respondents.single[0]
    raw, weighted = q.unweighted.get("yes").estimate, q.weighted.get("yes").estimate
    assert f"単純集計では{present.fmt.percent(raw)}" in sentence
    assert f"重み付けすると{present.fmt.percent(weighted)}" in sentence
    assert f"{present.fmt.number(abs(weighted - raw) * 100, 1)}ポイント高くなります" in sentence


def test_older_sentence(ev):
    t = ev.respondents.age_profile.table
    mine = t.loc[["60-69", "70-79", "80+"], "respondent_share"].sum()
    assert present.older_sentence(ev).startswith(
        f"回答者に占める60歳以上の割合は{present.fmt.percent(mine)}で"
    )


def test_weights_section_and_margin_fit(ev):
    html = _html(present.weights_section(ev))
    d = ev.respondents.weighted.diagnostics()
    assert f"設計効果は{present.fmt.number(d.kish_deff, 2)}" in html
    assert "500,239人" in html and "18〜29歳" in html and "80歳以上" in html


def test_unweighted_report_says_why(inputs):
    ev = evaluate(inputs, SurveyParams(2024, weighting="none"))
    html = _html(present.weights_section(ev))
    assert "重み付けは行っていません（重み付けをしない設定で作成しています）" in html
    assert "重み付け集計" not in _html(present.single_table(ev, ev.respondents.single[0]))


def test_no_code_identifiers_or_english_on_the_page(ev):
    sections = [
        present.summary(ev),
        *present.response_section(ev),
        *present.records(ev),
        *present.profile_section(ev),
        *present.weights_section(ev),
        *present.results_section(ev),
        *present.crosstab_section(ev),
        *present.nonresponse_section(ev),
        present.caveats(ev),
        *present.method(ev),
    ]
    text = re.sub(r"<[^>]+>", " ", _html(sections))
    words = set(re.findall(r"[A-Za-z_]{3,}", text))
    assert words <= {"Rao", "Scott"}, words


def test_a_year_without_a_survey(inputs):
    ev = evaluate(inputs, SurveyParams(2023))
    assert present.summary_findings(ev) == ["令和5年度以前の区民アンケートのデータはありません。"]
    assert present.profile_section(ev) == [] and present.results_section(ev) == []


def test_printed_rao_scott_and_propensity_figures(ev):
    import csv
    from pathlib import Path

    reference = Path(__file__).resolve().parents[2] / "reference" / "survey_reference.csv"
    with open(reference, encoding="utf-8") as f:
        r = {(x["case"], x["key"]): float(x["value"]) for x in csv.DictReader(f)}
    (c,) = ev.respondents.crosstabs
    html = _html(present.cross_table(ev, c))
    # R: F = 6.6790 on 5.16 numerator df, p = 2.6e-06
    assert f"F = {r[('synth_raked', 'age_used_online.f')]:.2f}" == "F = 6.68"
    assert "F = 6.68（自由度5.2、1,936.3）、p &lt; 0.001" in html
    profile = _html(present.profile_table(ev))
    # 70–79: 76 respondents of 2,000 × 51,938 / 500,239 = 207.65 sampled → 36.6%
    assert ">76<" in profile and ">36.6%<" in profile
    assert ">383<" in profile and ">19.2%<" in profile  # total row: the response rate
