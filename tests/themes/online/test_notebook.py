"""The online-procedures notebook (one Papermill run per kind of year: with data and without)
and its presentation: findings, display tables, escaping and figures."""

from __future__ import annotations

import html
import shutil

import nbformat
import pandas as pd
import pytest

from sugidx_analysis import catalogue, paths
from sugidx_analysis.municipality import load_profile
from sugidx_analysis.render.execute import execute_notebook
from sugidx_analysis.report import notices
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.online import charts, metrics, present
from sugidx_analysis.themes.online.metrics import OnlineParams, evaluate

SUGINAMI = load_profile()  # data/published/municipality.toml: the targets judged against

NOTEBOOK = paths.NOTEBOOKS_DIR / "01_online_procedures.ipynb"


def _run(tmp_path, name, **parameters) -> str:
    """Execute the notebook with the library's own execution function; its text outputs."""
    out = tmp_path / f"{name}.ipynb"
    failure = execute_notebook(NOTEBOOK, out, parameters, cwd=tmp_path)
    assert failure is None, failure.describe()
    texts = []
    for cell in nbformat.read(out, as_version=4).cells:
        for output in cell.get("outputs", []):
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text"))
            texts.append(str(output.get("text", "")))
    return "\n".join(texts)


def test_year_with_data_records_and_another_target(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    shutil.copy(paths.EXAMPLE_DIR / "online_procedures.csv", records)
    text = _run(
        tmp_path,
        "fy2023",
        fiscal_year=2023,
        example_dir=str(records),
        target_coverage=0.8,
        target_fiscal_year=2026,
    )
    for figure in (
        "42.1%",
        "44.2%",
        "39.0%",
        "40.7%",
        "3.1ポイント上昇",
        "3.5ポイント上昇",
        "2,302,198",
        "55.5%",
    ):
        assert figure in text, figure
    assert "【合成データ】この節は合成データから計算しています" in text
    assert "公表値と一致します" in text
    # 80% of 717 = 574 procedures by FY2026: (574 − 302) / 3 ≈ 91 a year
    assert "年91手続" in text
    assert "令和8年度末までに対応率80%" in text
    # 574 procedures are reached in FY2028, within two years of FY2026: 要注意
    assert "判定は「要注意」です" in text
    executed = (tmp_path / "fy2023.ipynb").read_text(encoding="utf-8")
    assert "data:image/svg+xml;base64," in executed and "image/png" not in executed


def test_year_without_data_finishes_and_says_so(tmp_path):
    text = _run(tmp_path, "fy2021", fiscal_year=2021)
    assert "令和3年度以前のオンライン手続のデータはありません" in text
    assert "目標までのペースは求められません（対象年度以前のデータがありません）" in text


@pytest.fixture(scope="module")
def ev2023():
    return evaluate(
        catalogue.load_inputs(get_theme("online")), OnlineParams(2023, profile=SUGINAMI)
    )


def test_findings_of_fy2023(ev2023):
    status = present.status_findings(ev2023.measures, 2023, ev2023.change)
    assert status[0] == (
        "令和5年度末のオンライン対応率は42.1%（オンライン対応可能な717手続のうち302手続）です。"
    )
    assert status[2] == "対応率は令和4年度末から3.1ポイント上昇しました。"
    assert status[4] == "未対応手続は377手続から415手続へ38手続増加しました。"
    assert status[5] == (
        "オンライン対応済手続の紙による申請は2,474,743件から2,302,198件へ172,545件減少しました。"
    )
    # A computed figure: no 「約」 (only a source's own rounding earns it).
    assert "145,563件の紙の申請" in status[6] and "約" not in status[6]
    pace = present.pace_findings(ev2023.pace)
    assert pace[0] == (
        "令和7年度末までに対応率100%を達成するには、年208手続のペースでオンライン化が"
        "必要です。観測されたペースは年61手続で、足りません。"
    )
    assert "令和12年度末" in pace[1]  # 415 procedures at 61 a year: FY2030
    assert present.method_text(ev2023.pace) == (
        "令和4年度から令和5年度の2時点を結ぶ直線による外挿（予測区間なし）"
    )
    plan = present.plan_findings(ev2023.plan)
    assert "令和6年度は未対応415手続のうち95手続（22.9%）" in plan[0]


def test_reasons_are_worded_in_japanese(ev2023):
    inputs = catalogue.load_inputs(get_theme("online"))
    ev = evaluate(inputs, OnlineParams(2022, profile=SUGINAMI))
    pace = "2年度分以上の対応率が必要ですが、データは1年度分です"
    assert present.describe(ev.pace_reason) == pace
    # The summary says why there is no judgement.
    assert present.summary_findings(ev)[1] == (
        f"目標までのペースを求められないため判定できません（{pace}）。"
    )
    assert present.describe(ev.change_reason) == "前年度（令和3年度）のデータがありません"
    partial = inputs["online_summary"].frame[["fiscal_year", "procedures_online"]]
    m = metrics.measures(partial)
    assert present.describe(m.missing["coverage"]) == (
        "オンライン対応可能手続数（またはオンライン対応済手続数とオンライン未対応手続数）が必要です"
    )


def test_text_from_data_is_escaped():
    evil = "<script>alert(1)</script>"
    md = notices.bullets([f"最も申請の多い未対応手続は「{evil}」です。"])
    assert "<script>" not in md.data and html.escape(evil) in md.data
    assert "<script>" not in notices.box(evil).data


def test_display_tables_label_and_escape_record_data():
    evil = "<script>alert(1)</script>"
    records = pd.DataFrame(
        {
            "fiscal_year": [2023] * 3,
            "procedure_id": ["P1", "P2", "P3"],
            "procedure_name": [evil, "手続A-002", "手続A-003"],
            "department": ["部署01"] * 3,
            "online_capable": [True] * 3,
            "online_ready": [False, False, True],
            "applications_online": [0, 0, 50],
            "applications_offline": [300, 100, 50],
            "priority_band": ["S", "A", None],
        }
    )
    conc = metrics.offline_concentration(records, 2023, top_n=(1, 2))
    table = present.concentration_table(conc).frame
    assert table["未対応手続の申請に占める割合"].tolist() == ["75.0%", "100.0%"]
    assert table["申請の多い未対応手続"].tolist() == ["上位1手続", "上位2手続"]
    largest = present.largest_offline_table(conc, "出典", synthetic=True)
    assert largest.frame["年間申請数（件）"].tolist() == ["300", "100"]
    rendered = largest._repr_html_()
    assert 'data-synthetic="true"' in rendered and "合成データ" in rendered
    assert "<script>" not in rendered and html.escape(evil) in rendered


def test_nothing_to_draw_without_data():
    ev = evaluate(catalogue.load_inputs(get_theme("online")), OnlineParams(2021, profile=SUGINAMI))
    assert charts.status(ev) is charts.pace(ev) is charts.decomposition(ev) is None
    assert charts.concentration(ev) is None


def test_summary_comes_first_with_the_verdict(ev2023):
    assert present.summary_findings(ev2023) == [
        "令和5年度末のオンライン対応率は42.1%です。目標（令和7年度末までに100%）に対する判定は"
        "「未達見込み」です。",
        "目標には年208手続のオンライン化が必要です。観測されたペースは年61手続です。"
        "このペースが続くと、目標に達するのは令和12年度末です。",
        "第5節（手続ごとのデータによる分析）は合成データによるもので、実績ではありません。",
    ]
    table = present.summary_table(ev2023).frame.set_index("指標")
    assert table.loc["オンライン対応率", "値"] == "42.1%"
    assert table.loc["オンライン対応率", "前年度からの増減"] == "3.1ポイント"
    assert table.loc["オンライン対応率", "判定"] == "未達見込み"
    assert table.loc["未対応手続数（手続）", "前年度からの増減"] == "38"


def test_tables_write_a_fall_with_the_triangle_and_no_relative_change_of_a_rate(ev2023):
    table = present.change_table(ev2023.change).frame.set_index("指標")
    paper = table.loc["対応済手続の紙による申請数（件）"]
    assert paper["増減"] == "△172,545" and paper["増減率"] == "△7.0%"
    assert table.loc["オンライン対応率", "増減"] == "3.1"
    assert table.loc["オンライン対応率", "増減率"] == "—"  # a rate changes in points only
    flow = present.backlog_table(ev2023.flow)
    assert flow.frame["手続数"].tolist() == ["377", "99", "△61", "415"]
    assert flow.total_rows == (3,)
    html_text = flow._repr_html_()
    assert '<tr class="total">' in html_text and "（単位：手続）" in html_text


def test_pace_findings_explain_the_two_finishing_years(ev2023):
    pace = present.pace_findings(ev2023.pace)
    assert "令和12年度末" in pace[1] and "令和24年度末" in pace[2]
    assert "判定は手続数で見た見込みによります" in pace[2]


def test_summary_of_a_year_without_its_own_data_names_the_latest():
    inputs = catalogue.load_inputs(get_theme("online"))
    first = present.summary_findings(evaluate(inputs, OnlineParams(2024, profile=SUGINAMI)))[0]
    assert (
        first
        == "令和6年度のオンライン手続のデータはありません。最新のデータは令和5年度のものです。"
    )
    none = present.summary_findings(evaluate(inputs, OnlineParams(2021, profile=SUGINAMI)))
    assert none == ["令和3年度以前のオンライン手続のデータはないため、評価できません。"]


def test_backlog_and_decomposition_sentences(ev2023):
    assert present.backlog_findings(ev2023.flow) == [
        "令和4年度末の未対応手続377手続に対し、対応可能手続が99手続増加し、オンライン対応済"
        "手続が61手続増加したため、令和5年度末の未対応手続は415手続（38手続増加）になりました。",
        "オンライン化は進んでいますが、対応可能手続の増加がそれを上回ったため、"
        "未対応手続は増加しています。",
    ]
    (sentence,) = present.decomposition_findings(ev2023.decomposition)
    assert sentence.startswith("利用率の変化（3.5ポイント上昇）のうち")
    assert "ポイントの押し下げ" in sentence  # the newly online procedures pull usage down
    assert "+" not in sentence and "-" not in sentence


def test_contribution_words():
    assert present.contribution(3.71) == "3.7ポイントの押し上げ"
    assert present.contribution(-0.38) == "0.4ポイントの押し下げ"
    assert present.contribution(0.01) == "ほぼ影響なし"


# The ward's counts (seed 004, section 2(1)①②③), written out here so the shown tables are
# checked against the publication, not against the library's own arithmetic.
SEED_2022 = dict(
    online=241, capable=618, total=2691, ready_apps=4174700, online_apps=1699957, all_apps=4347016
)
SEED_2023 = dict(
    online=302, capable=717, total=2767, ready_apps=4129184, online_apps=1826986, all_apps=4386348
)


def _pct(n, d):
    return f"{100 * n / d:.1f}%"


def test_change_table_shows_the_published_figures(ev2023):
    rows = present.change_table(ev2023.change).frame.set_index("指標")
    a, b = SEED_2022, SEED_2023
    expected = {
        "オンライン対応率": (_pct(a["online"], a["capable"]), _pct(b["online"], b["capable"])),
        "全手続に占める対応済手続の割合": (_pct(241, 2691), _pct(302, 2767)),
        "全手続に占める対応可能手続の割合": (_pct(618, 2691), _pct(717, 2767)),
        "オンライン利用率": (
            _pct(a["online_apps"], a["ready_apps"]),
            _pct(b["online_apps"], b["ready_apps"]),
        ),
        "未対応手続数（手続）": ("377", "415"),
        "オンライン申請数（件）": ("1,699,957", "1,826,986"),
        "対応済手続の紙による申請数（件）": ("2,474,743", "2,302,198"),
    }
    for label, (before, after) in expected.items():
        assert (rows.loc[label, "令和4年度"], rows.loc[label, "令和5年度"]) == (before, after)
    assert (rows.loc["オンライン対応率"][["令和4年度", "令和5年度"]] == ["39.0%", "42.1%"]).all()
    assert rows.loc["オンライン利用率", "増減"] == "3.5"  # 「3.5 ポイント増」 in the seed
    assert rows.loc["未対応手続数（手続）", "増減率"] == "10.1%"  # 38 / 377
    assert rows.loc["オンライン申請数（件）", "増減"] == "127,029"


def test_plan_table_shows_the_published_plan(ev2023):
    rows = present.plan_table(ev2023.plan).frame.set_index("優先度")
    assert rows.loc["S"].tolist() == ["26", "19", "2", "73.1%", "79.2%"]  # 19/26, 19/(26−2)
    assert rows.loc["C"].tolist()[:3] == ["234", "13", "0"]
    assert rows.loc["合計"].tolist()[:4] == ["415", "95", "2", "22.9%"]


def test_summary_table_words_the_profiles_target_as_every_report_does(ev2023):
    frame = present.summary_table(ev2023).frame
    row = frame[frame["指標"] == "オンライン対応率"].iloc[0]
    assert (row["目標"], row["判定"]) == ("令和7年度末までに100%", "未達見込み")
    assert (frame["目標"].iloc[1:] == "—").all()  # only coverage has a target
