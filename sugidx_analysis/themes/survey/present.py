"""The resident survey for the reader: numbered tables and Japanese findings from one
evaluation.

Formatting only: every figure and decision comes from :func:`.metrics.evaluate`. Shares print
with one decimal (「50.8%」), margins of error as points with one decimal (「±5.0ポイント」),
weights and design effects with the precision stated in each table. A cell resting on fewer
respondents than ``min_cell_size`` prints as 「*」, and so does the cell that would give it
back through a printed total (:func:`sugidx_analysis.stats.survey.suppressed`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ... import fmt
from ...report import notices, provenance
from ...report.summary import Summary
from ...report.tables import Table, table
from ...stats import survey as est
from ..base import Reason
from . import metrics
from .metrics import CrossResult, QuestionResult, SurveyEvaluation

SUPPRESSED = "*"
AGE_LABELS = {
    "18-29": "18〜29歳",
    "30-39": "30〜39歳",
    "40-49": "40〜49歳",
    "50-59": "50〜59歳",
    "60-69": "60〜69歳",
    "70-79": "70〜79歳",
    "80+": "80歳以上",
}
SEX_LABELS = {"male": "男性", "female": "女性"}
MARGIN_LABELS = {"age_group": "年齢区分", "sex": "性別"}

REASONS: dict[str, str] = {
    "no_data_for_year": "対象年度以前の回答者ごとのデータがありません",
    "no_records": "回答者ごとのデータが指定されていません",
    "no_questionnaire": "調査票（設問と選択肢）のデータがありません",
    "no_population": "母集団の人数のデータがありません",
    "weighting_off": "重み付けをしない設定で作成しています",
    "empty_margin": "{category}の回答者がいないため、重み付けができません",
    "margin_missing": "年齢または性別が不明な回答者が{count}人いるため、重み付けができません",
}

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("回答率", "回答者数 ÷ 調査票を送付した人数（標本数）。"),
    (
        "95%信頼区間",
        "同じ方法で調査を繰り返して区間を作ると、その約95%が真の値を含む範囲。回答率には"
        "ウィルソンの方法、割合にはロジット変換による方法を用いています。",
    ),
    (
        "標本誤差",
        "回答者を無作為標本とみなしたときの、割合の95%信頼区間の半幅。回答者数が少ないほど"
        "大きくなります。",
    ),
    (
        "重み付け（レイキング）",
        "回答者の年齢区分別・男女別の合計が母集団の人数と一致するよう、回答者一人ひとりに重みを"
        "与えて集計する方法。回答の少ない層の回答を大きく数えます。",
    ),
    (
        "設計効果・有効回答者数",
        "重みのばらつきにより精度が下がる度合い（キッシュの設計効果）と、同じ精度を重みなしで"
        "得るのに要する回答者数（回答者数 ÷ 設計効果）。",
    ),
    (
        "Rao–Scott検定",
        "重み付けした集計表で、年齢区分によって回答の分布が異なるかを調べる検定。p値が0.05"
        "未満であれば、年齢区分による違いがあると判断します。",
    ),
    ("推計回答率", "年齢区分別の回答者数 ÷（標本数 × 母集団に占めるその区分の割合）。"),
    ("項目無回答", "調査票には回答したが、その設問に回答しなかったこと。"),
)
ROUNDING = (
    "割合は小数点以下第2位を、標本誤差はポイントの小数点以下第2位を四捨五入しています。"
    "このため、割合の合計が100.0%にならない場合があります。「*」は回答者が少ないため表示して"
    "いない値を、「—」は値がないことを示します。"
)
CAVEATS = (
    "回答率は19.2%で、調査票を送付した人の約5人に4人は回答していません。標本誤差は偶然による"
    "誤差だけを表し、回答した人と回答しなかった人の違いによる偏り（非回答バイアス）は含み"
    "ません。",
    "郵送による調査では高齢の方ほど回答しやすい傾向があります。回答者の割合をそのまま区民全体の"
    "割合とみなすことはできません。重み付けは年齢と性別の偏りを補正しますが、同じ年齢・性別の"
    "中で回答した人としなかった人の違いは補正できません。",
    "母集団の人数は参考値であり、出典の資料との照合は済んでいません。",
)
RESPONSE_NOTE = (
    "回答率19.2%の調査から言えることと言えないこと：回答者の中での割合や、年齢区分による回答の"
    "違いは示せます。一方、区民全体の割合は、回答しなかった人が回答者と同じ傾向であるという前提の"
    "もとでの推計にとどまります。特に、デジタル手続の利用のように回答のしやすさと関係しうる設問"
    "では、偏りが残る可能性があります。"
)

RUN_LABELS = {
    "example_dir": "回答データのフォルダ",
    "min_cell_size": "表示する最小の回答者数",
    "confidence": "信頼区間の水準",
    "weighting": "重み付け",
}
WEIGHTING_LABELS = {"raking": "あり（年齢区分・性別によるレイキング）", "none": "なし"}


def describe(why: Reason | None) -> str:
    if why is None:
        return ""
    values = dict(why.values)
    if "category" in values:
        category = str(values["category"])
        values["category"] = AGE_LABELS.get(category, SEX_LABELS.get(category, category))
    return REASONS[why.code].format(**values)


def points(value: float) -> str:
    """A margin of error: 0.05006 → 「±5.0ポイント」."""
    return f"±{fmt.number(value * 100, 1)}ポイント"


def share_interval(lower: float, upper: float) -> str:
    return f"{fmt.percent(lower)}〜{fmt.percent(upper)}"


def confidence_label(ev: SurveyEvaluation) -> str:
    return f"{fmt.number(ev.params.confidence * 100)}%信頼区間"


def p_text(p: float) -> str:
    """A p-value as reports print it: 「p < 0.001」 or 「p = 0.034」."""
    return "p < 0.001" if p < 0.001 else f"p = {fmt.number(p, 3)}"


def _day(text: str | None) -> str:
    return fmt.date(dt.date.fromisoformat(text)) if text else fmt.MISSING


def source(ev: SurveyEvaluation, name: str) -> str:
    return provenance.dataset_source(ev.inputs, name)


def is_synthetic(ev: SurveyEvaluation) -> bool:
    return provenance.is_synthetic(ev.inputs, metrics.RESPONSES)


def option_labels(q) -> dict[str, str]:
    return dict(q.options)


# ---- header and summary ---------------------------------------------------------------------


def header(ev: SurveyEvaluation) -> list[object]:
    p = ev.params
    lines = notices.year_lines(
        ev.year, "この年度以前の区民アンケートの公表データはありません。", "表示する調査の年度"
    )
    lines.append(
        f"集計の設定：重み付け{WEIGHTING_LABELS[p.weighting]}、{confidence_label(ev)}、"
        f"回答者{p.min_cell_size}人未満の値は非表示"
    )
    out: list[object] = [notices.bullets(lines)]
    if ev.survey is not None and ev.survey.field_end:
        end = dt.date.fromisoformat(ev.survey.field_end)
        out.append(notices.as_of(end, ev.year.shown, "調査期間の最終日"))
    return out


def response_findings(ev: SurveyEvaluation) -> list[str]:
    s, pr = ev.survey, ev.precision
    rate = pr.rate
    out = [
        f"{fmt.fiscal_year(s.fiscal_year)}の{s.label}は、{s.population_text}を対象に実施し、"
        f"{fmt.count(s.respondents)}人が回答しました（回答率{fmt.percent(rate.rate)}、"
        f"{confidence_label(ev)}{share_interval(rate.lower, rate.upper)}）。"
    ]
    population = (
        f"（母集団{fmt.count(pr.population_size)}人の有限母集団修正を含む）"
        if pr.population_size
        else ""
    )
    out.append(
        f"回答者全体の割合の標本誤差は最大{points(pr.margin)}です{population}。回答者が100人の"
        f"区分では最大{points(pr.margins.loc[100, 0.5])}になります。"
        if 100 in pr.margins.index
        else f"回答者全体の割合の標本誤差は最大{points(pr.margin)}です{population}。"
    )
    for item in s.items:
        if item.answers_per_respondent is not None:
            out.append(
                f"「{item.label}」には{fmt.count(item.respondents)}人が計"
                f"{fmt.count(item.answers)}件回答し、1人あたり"
                f"{fmt.number(item.answers_per_respondent, 2)}件でした。"
            )
    return out


def summary_findings(ev: SurveyEvaluation) -> list[str]:
    if ev.survey is None:
        return [
            f"{fmt.fiscal_year(ev.params.fiscal_year)}以前の区民アンケートのデータはありません。"
        ]
    out = []
    if ev.year.is_fallback:
        out.append(
            f"{fmt.fiscal_year(ev.params.fiscal_year)}の区民アンケートの公表データはありません。"
            f"最新のデータは{fmt.fiscal_year(ev.year.shown)}のものです。"
        )
    out += response_findings(ev)
    r = ev.respondents
    out.append("区民アンケートの回答率等について目標を定めた資料はないため、判定は行っていません。")
    if r is not None and is_synthetic(ev):
        out.append("第2節以降の回答者ごとの分析は合成データによるもので、実績ではありません。")
    return out


def older_sentence(ev: SurveyEvaluation) -> str:
    """The respondents' 60+ share against the population's."""
    t = ev.respondents.age_profile.table
    older = [g for g in t.index if g >= "60"]
    mine, population = (t.loc[older, c].sum() for c in ("respondent_share", "population_share"))
    return (
        f"回答者に占める60歳以上の割合は{fmt.percent(mine)}で、母集団"
        f"（{fmt.percent(population)}）より{'高く' if mine > population else '低く'}なっています。"
    )


def weighting_direction(ev: SurveyEvaluation) -> list[str]:
    """How weighting moves the first single-choice question's first option."""
    r = ev.respondents
    if r.weighted is None or not r.single:
        return []
    q = r.single[0]
    option, label = q.question.options[0]
    raw, weighted = q.unweighted.get(option), q.weighted.get(option)
    diff = (weighted.estimate - raw.estimate) * 100
    return [
        f"「{q.question.text}」に「{label}」と答えた人の割合は、回答者の単純集計では"
        f"{fmt.percent(raw.estimate)}、年齢・性別で重み付けすると{fmt.percent(weighted.estimate)}"
        f"で、重み付け後の方が{fmt.number(abs(diff), 1)}ポイント"
        f"{'高く' if diff > 0 else '低く'}なります（合成データによる例示）。",
    ]


def summary_table(ev: SurveyEvaluation) -> Table:
    s, pr = ev.survey, ev.precision
    rows = [
        {
            "指標": "回答率",
            "値": fmt.percent(pr.rate.rate),
            confidence_label(ev): share_interval(pr.rate.lower, pr.rate.upper),
            "備考": f"{fmt.count(s.respondents)}人 ÷ {fmt.count(s.sample_size)}人",
        },
        {
            "指標": "標本誤差（最大）",
            "値": points(pr.margin),
            confidence_label(ev): fmt.MISSING,
            "備考": f"回答者{fmt.count(s.respondents)}人、割合50%の場合",
        },
    ]
    for item in s.items:
        if item.answers_per_respondent is not None:
            rows.append(
                {
                    "指標": f"1人あたり回答数（{item.label}）",
                    "値": f"{fmt.number(item.answers_per_respondent, 2)}件",
                    confidence_label(ev): fmt.MISSING,
                    "備考": f"{fmt.count(item.answers)}件 ÷ {fmt.count(item.respondents)}人",
                }
            )
    return table(
        "主な指標",
        pd.DataFrame(rows),
        source=source(ev, metrics.SUMMARY),
        text_columns=("指標", "値", confidence_label(ev), "備考"),
        notes=("目標を定めた資料がないため、判定はしていません。",),
    )


def summary(ev: SurveyEvaluation) -> Summary:
    if ev.survey is None:
        return Summary(summary_findings(ev))
    return Summary(summary_findings(ev), summary_table(ev))


# ---- section 1: fieldwork, response rate and margins of error -------------------------------


def fieldwork_table(ev: SurveyEvaluation) -> Table:
    s, pr = ev.survey, ev.precision
    rows = [
        ("調査名", s.label),
        ("調査期間", f"{_day(s.field_start)}〜{_day(s.field_end)}"),
        ("調査対象", s.population_text),
        ("標本数", f"{fmt.count(s.sample_size)}人"),
        ("回答者数", f"{fmt.count(s.respondents)}人"),
        ("回答率", fmt.percent(pr.rate.rate)),
        (confidence_label(ev), share_interval(pr.rate.lower, pr.rate.upper)),
    ]
    for item in s.items:
        rows.append((f"{item.label}の回答者数", f"{fmt.count(item.respondents)}人"))
        if item.answers is not None:
            limit = f"、1人{item.max_answers}件まで" if item.max_answers else ""
            rows.append((f"{item.label}の回答数", f"{fmt.count(item.answers)}件{limit}"))
    return table(
        "調査の概要と回収状況",
        pd.DataFrame(rows, columns=["項目", "内容"]),
        source=source(ev, metrics.SUMMARY),
        text_columns=("項目", "内容"),
        notes=("信頼区間はウィルソンの方法によります。",),
    )


def margin_table(ev: SurveyEvaluation) -> Table:
    pr = ev.precision
    frame = pr.margins
    columns = {
        p: (f"{fmt.percent(p, 0)}または{fmt.percent(1 - p, 0)}" if p != 0.5 else "50%")
        for p in frame.columns
    }
    rows = []
    for n, values in frame.iterrows():
        label = f"{fmt.count(n)}人" + ("（回答者全体）" if n == ev.survey.respondents else "")
        rows.append({"回答者数": label} | {columns[p]: points(values[p]) for p in frame.columns})
    notes = ["回答の割合（列）と回答者数（行）に応じた標本誤差です。"]
    if pr.population_size:
        notes.append(
            f"母集団を{fmt.count(pr.population_size)}人（18歳以上の区民、参考値）として有限母集団"
            "修正を行っています。"
        )
    return table(
        f"標本誤差の早見表（{confidence_label(ev)}の半幅）",
        pd.DataFrame(rows),
        source=source(ev, metrics.POPULATION) if pr.population_size else None,
        text_columns=tuple(["回答者数", *columns.values()]),
        notes=notes,
    )


def response_section(ev: SurveyEvaluation) -> list[object]:
    out: list[object] = [notices.year_notice(ev.year, "区民アンケート")]
    if ev.survey is None:
        return out
    return out + [
        notices.bullets(response_findings(ev)),
        fieldwork_table(ev),
        margin_table(ev),
        notices.box(RESPONSE_NOTE),
    ]


# ---- section 2: respondents against the population ------------------------------------------


def records(ev: SurveyEvaluation) -> list[object]:
    """The opening of the record-level sections."""
    out = notices.records_opening(ev.inputs.get(metrics.RESPONSES), ev.records_year, "回答者ごと")
    if ev.records_year is not None and ev.records_reason is not None:
        out.append(notices.box(f"回答者ごとの分析は示せません（{describe(ev.records_reason)}）。"))
    if ev.respondents is not None:
        out.append(records_check(ev))
    return [o for o in out if o is not None]


DIFFERENCE_LABELS = {"respondents": "回答者数", "answers": "回答数"}


def records_check(ev: SurveyEvaluation) -> object:
    r = ev.respondents
    if not r.differences:
        if ev.survey is None:
            return notices.box("回答者ごとのデータと比べられる公表値はありません。")
        return notices.box(
            "回答者ごとのデータを集計した回答者数と項目別の回答者数・回答数は、公表値と一致します。",
            "ok",
        )
    parts = []
    for what, mine, published in r.differences:
        key = what.split(".")[-1]
        parts.append(
            f"{DIFFERENCE_LABELS.get(key, key)}：回答者ごとの集計{fmt.count(mine)}、"
            f"公表値{fmt.count(published)}"
        )
    return notices.box(
        "回答者ごとのデータの集計が公表値と一致しません。" + "；".join(parts), "warning"
    )


def _hidden(counts: pd.DataFrame, ev: SurveyEvaluation, row_totals: bool = True) -> pd.DataFrame:
    return est.suppressed(counts, ev.params.min_cell_size, row_totals=row_totals)


def suppression_note(ev: SurveyEvaluation) -> str:
    return (
        f"「{SUPPRESSED}」は、該当する回答者が{ev.params.min_cell_size}人未満のセルと、合計や"
        "他の区分から逆算できないよう併せて表示していないセルです。"
    )


def profile_findings(ev: SurveyEvaluation) -> list[str]:
    r = ev.respondents
    t = r.age_profile.table
    high = t["ratio"].idxmax()
    low = t["ratio"].idxmin()
    out = [
        older_sentence(ev),
        f"回答者の構成を母集団と比べると、{AGE_LABELS[high]}の割合は母集団の"
        f"{fmt.number(t.loc[high, 'ratio'], 2)}倍、{AGE_LABELS[low]}は"
        f"{fmt.number(t.loc[low, 'ratio'], 2)}倍で、年齢の高い層に回答が偏っています。",
    ]
    p = r.profile
    verdict = (
        "回答者の年齢・性別の構成は、母集団と統計的に有意に異なります"
        if p.p < 0.05
        else "回答者の年齢・性別の構成と母集団との間に、統計的に有意な違いは見られません"
    )
    out.append(
        f"{verdict}（適合度のカイ二乗検定：χ² = {fmt.number(p.chisq, 1)}、"
        f"自由度{p.df}、{p_text(p.p)}）。"
    )
    if "propensity" in t.columns:
        out.append(
            f"推計回答率は{AGE_LABELS[low]}の{fmt.percent(t.loc[low, 'propensity'])}から"
            f"{AGE_LABELS[high]}の{fmt.percent(t.loc[high, 'propensity'])}まで開きがあります。"
        )
    return out


def profile_table(ev: SurveyEvaluation) -> Table:
    r = ev.respondents
    cells = r.profile.table["respondents"].unstack("sex").reindex(columns=["male", "female"])
    hide = _hidden(cells, ev)
    t = r.age_profile.table
    rows = []
    for group in t.index:
        row = {"年齢区分": AGE_LABELS.get(group, group)}
        for sex in ("male", "female"):
            value = cells.loc[group, sex]
            row[f"回答者数（{SEX_LABELS[sex]}）"] = (
                SUPPRESSED if hide.loc[group, sex] else fmt.count(value)
            )
        row["回答者数（計）"] = fmt.count(t.loc[group, "respondents"])
        row["回答者の構成比"] = fmt.percent(t.loc[group, "respondent_share"])
        row["母集団の構成比"] = fmt.percent(t.loc[group, "population_share"])
        if "propensity" in t.columns:
            row["推計回答率"] = fmt.percent(t.loc[group, "propensity"])
        rows.append(row)
    total = {"年齢区分": "合計"}
    for sex in ("male", "female"):
        total[f"回答者数（{SEX_LABELS[sex]}）"] = fmt.count(cells[sex].sum())
    total |= {
        "回答者数（計）": fmt.count(t["respondents"].sum()),
        "回答者の構成比": fmt.percent(1.0),
        "母集団の構成比": fmt.percent(1.0),
    }
    if "propensity" in t.columns and ev.survey is not None:
        total["推計回答率"] = fmt.percent(ev.precision.rate.rate)
    rows.append(total)
    notes = [
        "18・19歳は回答者が少ないため、20〜29歳と合わせて「18〜29歳」としています。",
        "推計回答率は、標本が母集団の構成どおりに抽出されたとみなした推計です。",
    ]
    if hide.to_numpy().any():
        notes.append(suppression_note(ev))
    return table(
        "回答者と母集団の年齢・性別構成",
        pd.DataFrame(rows),
        source=f"{source(ev, metrics.RESPONSES)}、{source(ev, metrics.POPULATION)}",
        synthetic=is_synthetic(ev),
        text_columns=("年齢区分",),
        notes=notes,
    )


def profile_section(ev: SurveyEvaluation) -> list[object]:
    if ev.respondents is None:
        return []
    return [notices.bullets(profile_findings(ev)), profile_table(ev)]


# ---- section 3: weights ---------------------------------------------------------------------


def _banner(ev: SurveyEvaluation) -> list[object]:
    """Each record-level section opens with the synthetic notice when its data are synthetic,
    so that no finding of sections 2–6 stands far from it."""
    return [notices.synthetic_notice()] if is_synthetic(ev) else []


def weight_findings(ev: SurveyEvaluation) -> list[str]:
    r = ev.respondents
    d = r.weighted.diagnostics()
    return [
        "回答者の年齢区分別・男女別の合計が母集団の人数と一致するよう、回答者ごとに重みを"
        "付けました。",
        f"重みは{fmt.number(d.minimum, 1)}から{fmt.number(d.maximum, 1)}まで（最大は最小の"
        f"{fmt.number(d.ratio, 2)}倍）で、重みのばらつきによる設計効果は"
        f"{fmt.number(d.kish_deff, 2)}、有効回答者数は{fmt.number(d.effective_n, 1)}人です。",
        "重み付けした割合の標本誤差は、設計効果の分だけ大きくなり、回答者全体で最大"
        f"{points(ev.weighted_margin)}程度です（重み付けしない場合は"
        f"{points(ev.precision.margin)}）。"
        if ev.weighted_margin is not None
        else "重み付けした割合の標本誤差は、設計効果の分だけ大きくなります。",
        "重みは、回答者1人が母集団の何人分を代表するかを表します。",
    ]


def weight_table(ev: SurveyEvaluation) -> Table:
    d = ev.respondents.weighted.diagnostics()
    rows = [
        ("回答者数", f"{fmt.count(d.n)}人"),
        ("重みの合計", f"{fmt.count(d.total)}人"),
        ("重みの最小値", fmt.number(d.minimum, 1)),
        ("重みの最大値", fmt.number(d.maximum, 1)),
        ("最大値 ÷ 最小値", f"{fmt.number(d.ratio, 2)}倍"),
        ("設計効果（キッシュ）", fmt.number(d.kish_deff, 2)),
        ("有効回答者数", f"{fmt.number(d.effective_n, 1)}人"),
    ]
    return table(
        "重みの要約",
        pd.DataFrame(rows, columns=["項目", "値"]),
        source=source(ev, metrics.RESPONSES),
        synthetic=is_synthetic(ev),
        text_columns=("項目", "値"),
    )


def margin_fit_table(ev: SurveyEvaluation) -> Table:
    fit = est.margin_fit(ev.respondents.weighted)
    rows = []
    for r in fit.itertuples():
        label = AGE_LABELS.get(r.category, SEX_LABELS.get(r.category, r.category))
        rows.append(
            {
                "区分": MARGIN_LABELS[r.margin],
                "区分の内容": label,
                "母集団（人）": fmt.number(r.population, 1),
                "重み付け後の合計（人）": fmt.number(r.weighted, 1),
                "差（人）": fmt.delta(r.error, 1),
            }
        )
    return table(
        "重み付け後の合計と母集団の人数",
        pd.DataFrame(rows),
        source=f"{source(ev, metrics.RESPONSES)}、{source(ev, metrics.POPULATION)}",
        synthetic=is_synthetic(ev),
        text_columns=("区分", "区分の内容"),
        notes=("人数と差は小数点以下第2位を四捨五入しています。",),
    )


def weights_section(ev: SurveyEvaluation) -> list[object]:
    r = ev.respondents
    if r is None:
        return []
    banner = _banner(ev)
    if r.weighted is None:
        return [notices.box(f"重み付けは行っていません（{describe(r.weighting_reason)}）。")]
    return [*banner, notices.bullets(weight_findings(ev)), weight_table(ev), margin_fit_table(ev)]


# ---- section 4: answers, unweighted and weighted --------------------------------------------


def _estimate_cells(e, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}": fmt.percent(e.estimate),
        f"{prefix}の信頼区間": share_interval(e.lower, e.upper),
    }


def single_table(ev: SurveyEvaluation, q: QuestionResult) -> Table:
    answers = ev.respondents.unweighted.frame[q.question.id]
    rows = []
    for option, label in q.question.options:
        raw = q.unweighted.get(option)
        row = {"選択肢": label, "回答者数": fmt.count(int(answers.eq(option).sum()))}
        row |= _estimate_cells(raw, "単純集計")
        if q.weighted is not None:
            row |= _estimate_cells(q.weighted.get(option), "重み付け集計")
        rows.append(row)
    rows.append(
        {"選択肢": "合計", "回答者数": fmt.count(q.answered), "単純集計": fmt.percent(1.0)}
        | ({"重み付け集計": fmt.percent(1.0)} if q.weighted is not None else {})
    )
    return table(
        f"{q.question.text}（回答者{fmt.count(q.answered)}人）",
        pd.DataFrame(rows).fillna(fmt.MISSING),
        unit="回答者数は人、集計は%",
        source=source(ev, metrics.RESPONSES),
        synthetic=is_synthetic(ev),
        text_columns=("選択肢",),
        notes=(f"信頼区間は{confidence_label(ev)}です。無回答を除いて集計しています。",),
    )


def multiple_table(ev: SurveyEvaluation, q: QuestionResult) -> Table:
    labels = option_labels(q.question)
    raw = q.unweighted.set_index("option")
    weighted = q.weighted.set_index("option") if q.weighted is not None else None
    order = (weighted if weighted is not None else raw).index
    rows = []
    for rank, option in enumerate(order, 1):
        r = raw.loc[option]
        row = {
            "順位": str(rank),
            "選択肢": labels[option.split(".", 1)[1]],
            "選んだ人数": fmt.count(r["n"]),
            "単純集計": fmt.percent(r["estimate"]),
        }
        if weighted is not None:
            w = weighted.loc[option]
            row |= {
                "重み付け集計": fmt.percent(w["estimate"]),
                "重み付け集計の信頼区間": share_interval(w["lower"], w["upper"]),
                "回答数に占める割合": fmt.percent(w["answer_share"]),
            }
        else:
            row |= {
                "単純集計の信頼区間": share_interval(r["lower"], r["upper"]),
                "回答数に占める割合": fmt.percent(r["answer_share"]),
            }
        rows.append(row)
    limit = f"{q.question.max_choices}つまで" if q.question.max_choices else "複数回答"
    notes = [
        f"割合は、この設問に回答した{fmt.count(q.answered)}人に占める、その選択肢を選んだ人の"
        f"割合です（{limit}のため合計は100%を超えます）。",
        (
            "回答数に占める割合は、重み付けした回答の総数に占める割合です。"
            if weighted is not None
            else f"回答数に占める割合は、回答の総数（{fmt.count(q.answers.answers)}件）に占める"
            "割合です。"
        ),
    ]
    if weighted is not None:
        notes.append("順位は重み付け集計によります。")
    return table(
        f"{q.question.text}（回答者{fmt.count(q.answered)}人）",
        pd.DataFrame(rows),
        unit="選んだ人数は人、集計は%",
        source=source(ev, metrics.RESPONSES),
        synthetic=is_synthetic(ev),
        text_columns=("順位", "選択肢"),
        notes=notes,
    )


def multiple_findings(q: QuestionResult, weighted: bool) -> list[str]:
    labels = option_labels(q.question)
    frame = q.weighted if weighted and q.weighted is not None else q.unweighted
    top = frame.head(3)
    names = "、".join(
        f"「{labels[o.split('.', 1)[1]]}」（{fmt.percent(e)}）"
        for o, e in zip(top["option"], top["estimate"], strict=True)
    )
    how = "重み付け集計で" if weighted and q.weighted is not None else ""
    out = [
        f"「{q.question.text}」には{fmt.count(q.answers.respondents)}人が計"
        f"{fmt.count(q.answers.answers)}件回答しました（1人あたり"
        f"{fmt.number(q.answers.per_respondent, 2)}件）。{how}多い順に{names}です。"
    ]
    if q.weighted is not None:
        raw_order = list(q.unweighted["option"])
        moved = [o for o in q.weighted["option"][:3] if raw_order.index(o) >= 3]
        if moved:
            out.append(
                "重み付けにより、"
                + "、".join(f"「{labels[o.split('.', 1)[1]]}」" for o in moved)
                + "が上位3位に入ります（回答の少ない若い層の回答を大きく数えるため）。"
            )
    return out


def results_section(ev: SurveyEvaluation) -> list[object]:
    r = ev.respondents
    if r is None:
        return []
    out: list[object] = _banner(ev)
    if r.weighted is None:
        out.append(notices.box(f"重み付け集計は示していません（{describe(r.weighting_reason)}）。"))
    findings = weighting_direction(ev)
    for q in r.multiple:
        findings += multiple_findings(q, r.weighted is not None)
    out.append(notices.bullets(findings))
    out += [single_table(ev, q) for q in r.single]
    out += [multiple_table(ev, q) for q in r.multiple]
    return out


# ---- section 5: by age group ----------------------------------------------------------------


def cross_table(ev: SurveyEvaluation, c: CrossResult) -> Table:
    shares = c.table.row_shares
    counts = c.table.counts
    hide = c.suppressed
    rows = []
    for group in hide.index:
        row = {"年齢区分": AGE_LABELS.get(group, group)}
        for option, label in c.question.options:
            if option not in shares.columns:
                continue
            hidden = bool(hide.loc[group, option])
            row[label] = SUPPRESSED if hidden else fmt.percent(shares.loc[group, option])
        row["回答者数"] = fmt.count(counts.loc[group].sum())
        rows.append(row)
    total = c.table.weighted.sum()
    row = {"年齢区分": "全体"}
    for option, label in c.question.options:
        if option in total.index:
            row[label] = fmt.percent(total[option] / total.sum())
    row["回答者数"] = fmt.count(counts.to_numpy().sum())
    rows.append(row)
    t = c.table
    how = "重み付け集計" if c.weighted else "単純集計"
    notes = [
        f"{how}による、年齢区分ごとの回答の割合です（無回答を除く）。",
        f"年齢区分による違いの検定（Rao–Scott補正F検定）：F = {fmt.number(t.f, 2)}"
        f"（自由度{fmt.number(t.f_df_num, 1)}、{fmt.number(t.f_df_den, 1)}）、{p_text(t.f_p)}。",
    ]
    if hide.to_numpy().any():
        notes.append(suppression_note(ev))
    return table(
        f"{c.question.text}（年齢区分別）",
        pd.DataFrame(rows),
        unit="回答者数は人、割合は%",
        source=source(ev, metrics.RESPONSES),
        synthetic=is_synthetic(ev),
        text_columns=("年齢区分",),
        notes=notes,
        total_label="全体",
    )


def cross_findings(c: CrossResult) -> list[str]:
    t = c.table
    option, label = c.question.options[0]
    shares = t.row_shares[option].drop(index=c.suppressed.index[c.suppressed[option]])
    verdict = (
        "年齢区分によって回答の分布に統計的に有意な違いがあります"
        if t.f_p < 0.05
        else "年齢区分による統計的に有意な違いは見られません"
    )
    out = [f"「{c.question.text}」は、{verdict}（Rao–Scott補正F検定、{p_text(t.f_p)}）。"]
    if len(shares) >= 2:
        hi, lo = shares.idxmax(), shares.idxmin()
        among = "表示している年齢区分の中では、" if c.suppressed[option].any() else ""
        out.append(
            f"{among}「{label}」の割合は{AGE_LABELS.get(hi, hi)}で最も高く"
            f"（{fmt.percent(shares[hi])}）、"
            f"{AGE_LABELS.get(lo, lo)}で最も低く（{fmt.percent(shares[lo])}）なっています。"
        )
    return out


def crosstab_section(ev: SurveyEvaluation) -> list[object]:
    r = ev.respondents
    if r is None:
        return []
    out: list[object] = _banner(ev)
    for c in r.crosstabs:
        out += [notices.bullets(cross_findings(c)), cross_table(ev, c)]
    return out


# ---- section 6: item nonresponse ------------------------------------------------------------


def nonresponse_table(ev: SurveyEvaluation) -> Table:
    r = ev.respondents
    texts = {q.question.id: q.question.text for q in (*r.single, *r.multiple)}
    rows = []
    for qid, x in r.nonresponse.iterrows():
        rows.append(
            {
                "設問": texts.get(qid, qid),
                "対象者（人）": fmt.count(x["asked"]),
                "回答者（人）": fmt.count(x["answered"]),
                "無回答（人）": fmt.count(x["missing"]),
                "無回答の割合": fmt.percent(x["missing_share"]),
            }
        )
    return table(
        "設問ごとの無回答",
        pd.DataFrame(rows),
        source=source(ev, metrics.RESPONSES),
        synthetic=is_synthetic(ev),
        text_columns=("設問",),
        notes=("対象者は、その設問に回答する条件に当てはまる回答者です。",),
    )


def nonresponse_section(ev: SurveyEvaluation) -> list[object]:
    r = ev.respondents
    if r is None:
        return []
    worst = r.nonresponse["missing_share"].idxmax()
    texts = {q.question.id: q.question.text for q in (*r.single, *r.multiple)}
    return [
        *_banner(ev),
        notices.bullets(
            [
                f"無回答の割合が最も高い設問は「{texts.get(worst, worst)}」で、対象者の"
                f"{fmt.percent(r.nonresponse.loc[worst, 'missing_share'])}が回答していません。",
                "各設問の割合は、無回答の人を除いて計算しています。",
            ]
        ),
        nonresponse_table(ev),
    ]


# ---- closing sections -----------------------------------------------------------------------


def caveats(ev: SurveyEvaluation) -> object:
    lines = list(CAVEATS) if ev.survey is not None else list(CAVEATS[1:])
    if ev.precision is None or ev.precision.population_size is None:
        lines = [c for c in lines if "母集団の人数" not in c]
    return notices.bullets(lines)


def method(ev: SurveyEvaluation) -> list[object]:
    lines = provenance.assumption_lines(ev.assumptions)
    return notices.terms_and_method(DEFINITIONS, ROUNDING, lines)


def sources(ev: SurveyEvaluation) -> object:
    shown = []
    if ev.survey is not None:
        shown.append(ev.inputs[metrics.SUMMARY])
    if ev.precision is not None and ev.precision.population_size is not None:
        shown.append(ev.inputs[metrics.POPULATION])
    lines = provenance.publications(shown)
    if ev.respondents is not None and is_synthetic(ev):
        lines.append(f"第2節以降の回答者ごとのデータ：{provenance.SYNTHETIC_SOURCE}")
    return notices.bullets(lines or ["公表資料から転記したデータはありません。"])


def reproduction(ev: SurveyEvaluation, data_dir: str, example_dir: str) -> object:
    p = ev.params
    params = [
        *provenance.run_parameters(p.fiscal_year, data_dir, example_dir, RUN_LABELS["example_dir"]),
        (RUN_LABELS["min_cell_size"], f"{p.min_cell_size}人"),
        (RUN_LABELS["confidence"], fmt.percent(p.confidence, 0)),
        (RUN_LABELS["weighting"], WEIGHTING_LABELS[p.weighting]),
    ]
    return provenance.Reproduction(params, list(ev.inputs.values()))
