"""Online procedures for the reader: numbered tables and Japanese findings from one evaluation.

Formatting only: every figure and every decision (which year, compared with which, what cannot
be shown) comes from :func:`.metrics.evaluate`. Each section function returns what the notebook
shows, in order (notices, findings, tables); :func:`sugidx_analysis.report.display.show` shows
it. Tables are :class:`sugidx_analysis.report.tables.Table` (captioned, sourced, escaped).
Changes read 増加/減少/上昇/低下 in sentences and carry 「△」 in tables (see ``fmt``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ... import fmt, judgement, tiers
from ...municipality import PROFILE_INPUT
from ...report import notices, provenance, targets
from ...report.summary import Summary
from ...report.tables import Table, table
from ..base import Reason
from . import metrics
from .metrics import (
    Change,
    Concentration,
    OnlineEvaluation,
    OnlineMeasures,
    PaceToTarget,
    PlanResult,
    UsageDecomposition,
)
from .schema import BAND_SUMMARY, ONLINE_SUMMARY

# measure -> Japanese label in tables (the unit of a count in brackets; rates print with 「%」)
LABELS: dict[str, str] = {
    "coverage": "オンライン対応率",
    "online_ready_share": "全手続に占める対応済手続の割合",
    "capable_share": "全手続に占める対応可能手続の割合",
    "usage": "オンライン利用率",
    "online_share_of_applications": "全申請に占めるオンライン申請の割合",
    "procedures_online": "オンライン対応済手続数（手続）",
    "procedures_online_capable": "オンライン対応可能手続数（手続）",
    "backlog": "未対応手続数（手続）",
    "applications_online": "オンライン申請数（件）",
    "applications_online_ready": "対応済手続の申請数（件）",
    "applications_paper": "対応済手続の紙による申請数（件）",
    "paper_avoided": "オンラインに置き換わった紙の申請（件）",
}

# The terms a reader needs, for 「用語と方法」.
DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("オンライン対応率", "オンライン対応済手続数 ÷ オンライン対応可能手続数（各年度末時点）。"),
    (
        "オンライン利用率",
        "オンラインによる申請数 ÷ オンライン対応済手続の年間申請数。まだオンライン化して"
        "いない手続の申請は含まない。",
    ),
    ("未対応手続", "オンライン対応が可能だが、まだオンライン化していない手続。"),
    (
        "対応済手続の紙による申請数",
        "オンライン対応済手続の申請のうち、オンライン以外（窓口・郵送等）によるもの。未対応"
        "手続の申請は含まない。",
    ),
    ("ポイント", "率と率の差。率の増減はポイントで示し、増減率（%）は示さない。"),
)
ROUNDING = (
    "率は小数点以下第2位を、ポイントは小数点以下第2位を四捨五入して表示しています。"
    "手続数・件数は整数です。端数処理のため、内訳の合計が合計欄と一致しない場合があります。"
    "表の「△」は減少を、「—」は値がないことを示します。"
)

# Reason code -> Japanese wording ({name} are the reason's values).
REASONS: dict[str, str] = {
    "empty_count": "必要な数値がこの年度は空欄です",
    "zero_denominator": "分母が0です",
    "needs_columns": "{columns}が必要です",
    "undefined_in_a_year": "どちらかの年度で値が求められません",
    "needs_usage": "両年度のオンライン利用率が必要です",
    "no_summary": "手続数・申請数の表がありません",
    "no_counts_for_year": "{year}の手続数がありません",
    "usage_undefined": "{year}のオンライン利用率が求められません",
    "no_continuing_procedure": "両年度ともオンライン対応済で申請のある手続がありません",
    "no_backlog_applications": "この年度の未対応手続には申請がありません",
    "no_data_for_year": "対象年度以前のデータがありません",
    "no_previous_year": "前年度（{year}）のデータがありません",
    "no_backlog_counts": "未対応手続の推移に必要な手続数がありません",
    "too_few_years": "2年度分以上の対応率が必要ですが、データは{found}年度分です",
    "target_before_latest": "目標年度が最新のデータの年度（{latest}）より前です",
    "no_target": "オンライン対応率の目標が設定されていません",
}

METHODS = {
    "two_points": "{first}から{last}の2時点を結ぶ直線による外挿（予測区間なし）",
    "ols": "{first}から{last}の{n}年度分に対する最小二乗法の直線トレンド（{level}予測区間）",
}


def _plain(label: str) -> str:
    """A table label without its unit bracket, for prose."""
    return label.split("（")[0]


def column_label(column: str) -> str:
    """The Japanese header of an ``online_summary`` column (its last alias), else the name."""
    col = ONLINE_SUMMARY.by_name.get(column)
    return col.aliases[-1] if col is not None and col.aliases else column


def describe(why: Reason | None) -> str:
    """A reason in Japanese (「」 when there is none)."""
    if why is None:
        return ""
    values = dict(why.values)
    if why.code == "needs_columns":
        parts = []
        for column, alternative in values["columns"]:
            text = column_label(column)
            if alternative:
                text += f"（または{column_label(alternative[0])}と{column_label(alternative[1])}）"
            parts.append(text)
        values["columns"] = "、".join(parts)
    for key in ("year", "latest"):
        if key in values:
            values[key] = fmt.fiscal_year(int(values[key]))
    return REASONS[why.code].format(**values)


def _value(measure: str, value: float | None) -> str:
    return fmt.percent(value) if measure in metrics.RATIOS else fmt.count(value)


def _table_change(measure: str, change: float | None, points: float | None) -> str:
    """A change in a table: points for a rate, the count otherwise, 「△」 when it fell."""
    if measure in metrics.RATIOS:
        return fmt.delta(points, 1)
    return fmt.delta(change)


# ---- notices --------------------------------------------------------------------------------


def header(ev: OnlineEvaluation) -> list[object]:
    """The evaluated year, the year shown, the target, and the date the data describes."""
    p = ev.params
    lines = notices.year_lines(
        ev.year, "この年度以前の公表データはありません。", "表示する公表データの年度"
    )
    goal = p.target
    if goal is None:
        lines.append(targets.none_set(p.profile, "オンライン対応率"))
    else:
        source = targets.source(goal, p.profile)
        lines.append(f"目標：{targets.goal(goal)}（オンライン対応率）。出典：{source}")
    out: list[object] = [notices.bullets(lines)]
    if ev.year.shown is not None:
        out.append(notices.as_of(fmt.fiscal_year_end(ev.year.shown), ev.year.shown))
    return out


# ---- sections -------------------------------------------------------------------------------

KPI_LABELS = {
    "online.coverage": "オンライン対応率",
    "online.usage": "オンライン利用率",
    "online.backlog": "未対応手続数（手続）",
    "online.applications_online": "オンライン申請数（件）",
}


def _kpi_value(kpi, value: float | None) -> str:
    return fmt.percent(value) if kpi.unit == "ratio" else fmt.count(value)


def summary_findings(ev: OnlineEvaluation) -> list[str]:
    """The few sentences a reader needs first: the year shown, the verdict, synthetic parts."""
    req = fmt.fiscal_year(ev.params.fiscal_year)
    if ev.year.shown is None:
        return [f"{req}以前のオンライン手続のデータはないため、評価できません。"]
    out = []
    shown = fmt.fiscal_year(ev.year.shown)
    if ev.year.is_fallback:
        out.append(f"{req}のオンライン手続のデータはありません。最新のデータは{shown}のものです。")
    verdict = judgement.LABELS[metrics.coverage_judgement(ev)]
    goal = ev.params.target
    coverage = ev.measures.value("coverage", ev.year.shown)
    if coverage is not None and goal is None:
        out.append(
            f"{shown}末のオンライン対応率は{fmt.percent(coverage)}です。"
            + targets.none_set(ev.params.profile, "オンライン対応率").removesuffix("。")
            + "ため、判定は行いません。"
        )
    elif coverage is not None:
        out.append(
            f"{shown}末のオンライン対応率は{fmt.percent(coverage)}です。目標"
            f"（{targets.goal(goal)}）に対する判定は「{verdict}」です。"
        )
        if ev.pace is None and ev.pace_reason is not None:
            out.append(
                f"目標までのペースを求められないため判定できません（{describe(ev.pace_reason)}）。"
            )
    p = ev.pace
    if p is not None and p.required_per_year is not None:
        reached = (
            f"このペースが続くと、目標に達するのは{fmt.fiscal_year(p.year_reached)}末です。"
            if p.year_reached is not None
            else "このペースでは目標に達しません。"
        )
        out.append(
            f"目標には年{fmt.count(p.required_per_year)}手続のオンライン化が必要です。"
            f"観測されたペースは年{fmt.count(p.observed_per_year)}手続です。{reached}"
        )
    if ev.records_year is not None and ev.records_year.shown is not None:
        if is_synthetic(ev, metrics.RECORDS):
            out.append(
                f"第5節（手続ごとのデータによる分析）は{tiers.SHORT_LABELS[tiers.SYNTHETIC]}によるもので、"
                "実績ではありません。"
            )
    return out


def summary_table(ev: OnlineEvaluation) -> Table:
    """The key figures: latest value and year, change from the year before, target, verdict."""
    rows = []
    for kpi in metrics.kpis(ev):
        if kpi.previous_value is None:
            change_text = fmt.MISSING
        elif kpi.unit == "ratio":
            change_text = f"{fmt.delta(kpi.change, 1)}ポイント"
        else:
            change_text = fmt.delta(kpi.change)
        target = (
            targets.goal_words(fmt.percent(kpi.target, 0), kpi.target_fiscal_year)
            if kpi.target is not None
            else fmt.MISSING
        )
        rows.append(
            {
                "指標": KPI_LABELS[kpi.kpi_id],
                "年度": fmt.fiscal_year(kpi.fiscal_year),
                "値": _kpi_value(kpi, kpi.value),
                "前年度からの増減": change_text,
                "目標": target,
                "判定": judgement.LABELS[kpi.judgement] if kpi.target is not None else fmt.MISSING,
            }
        )
    frame = pd.DataFrame(rows, columns=["指標", "年度", "値", "前年度からの増減", "目標", "判定"])
    return table(
        "主な指標と判定",
        frame,
        source=source(ev, metrics.SUMMARY),
        text_columns=("年度", "判定"),
        notes=("率の増減はポイント差です。",),
    )


def summary(ev: OnlineEvaluation) -> Summary:
    """The summary first: findings, the key figures with their verdicts, and the rule."""
    if ev.measures is None:
        return Summary(summary_findings(ev))
    return Summary(summary_findings(ev), summary_table(ev), judgement.RULE)


def status(ev: OnlineEvaluation) -> list[object]:
    """Section 1: coverage and usage in the year shown, and their change."""
    out: list[object] = [notices.year_notice(ev.year, "オンライン手続")]
    if ev.measures is None:
        return out
    out.append(notices.bullets(status_findings(ev.measures, ev.year.shown, ev.change)))
    src = source(ev, metrics.SUMMARY)
    if ev.change is not None:
        out.append(change_table(ev.change, src))
    else:
        years = [y for y in ev.measures.years if y >= ev.year.shown - 1]
        out.append(measures_table(ev.measures, years, src))
    if ev.measures.missing:
        out.append(missing_table(ev.measures.missing))
    return out


def backlog(ev: OnlineEvaluation) -> list[object]:
    """Section 2: how the backlog moved."""
    if ev.flow is None:
        return [notices.box(f"未対応手続の推移は示せません（{describe(ev.flow_reason)}）。")]
    return [
        notices.bullets(backlog_findings(ev.flow)),
        backlog_table(ev.flow, source(ev, metrics.SUMMARY)),
    ]


def pace(ev: OnlineEvaluation) -> list[object]:
    """Section 3: the pace the target needs against the observed pace."""
    if ev.pace is None:
        return [notices.box(f"目標までのペースは求められません（{describe(ev.pace_reason)}）。")]
    return [
        notices.bullets(pace_findings(ev.pace)),
        pace_table(ev.pace, source(ev, metrics.SUMMARY)),
    ]


def plan(ev: OnlineEvaluation) -> list[object]:
    """Section 4: the next year's plan by priority band."""
    if ev.plan is None:
        year = fmt.fiscal_year(ev.params.fiscal_year + 1)
        return [notices.box(f"{year}以前の計画のデータはありません。")]
    return [
        notices.year_notice(ev.plan_year, "オンライン対応計画"),
        notices.bullets(plan_findings(ev.plan)),
        plan_table(ev.plan, source(ev, metrics.PLAN)),
    ]


def records(ev: OnlineEvaluation) -> list[object]:
    """Section 5 opens: whether there are records, their tier, their year, their totals."""
    out = notices.records_opening(ev.inputs.get(metrics.RECORDS), ev.records_year, "手続ごと")
    if ev.records_year is not None and ev.records_year.shown is not None:
        out.append(records_check(ev))
    return out


def decomposition(ev: OnlineEvaluation) -> list[object]:
    """Section 5: the usage change split into its parts (or why it cannot be)."""
    if ev.records_year is None or ev.records_year.shown is None:
        return []
    if ev.decomposition is None:
        why = describe(ev.decomposition_reason)
        return [notices.box(f"利用率の変化は分解できません（{why}）。")]
    return [
        notices.bullets(decomposition_findings(ev.decomposition)),
        decomposition_table(ev.decomposition, *_records_source(ev)),
    ]


def concentration(ev: OnlineEvaluation) -> list[object]:
    """Section 5: how concentrated the backlog's applications are."""
    conc = ev.concentration
    if conc is None:
        return []
    return [
        notices.bullets(concentration_findings(conc)),
        concentration_table(conc, *_records_source(ev)),
        largest_offline_table(conc, *_records_source(ev)),
    ]


def _records_source(ev: OnlineEvaluation) -> tuple[str, bool]:
    return source(ev, metrics.RECORDS), is_synthetic(ev, metrics.RECORDS)


def method(ev: OnlineEvaluation) -> list[object]:
    """「用語と方法」: the terms, the rounding and the assumptions the shown results rest on."""
    lines = provenance.assumption_lines(ev.assumptions)
    return notices.terms_and_method(DEFINITIONS, ROUNDING, lines)


def sources(ev: OnlineEvaluation) -> object:
    """「出典」: every publication the shown figures come from."""
    shown = [metrics.SUMMARY] if ev.measures is not None else []
    shown += [metrics.PLAN] if ev.plan is not None else []
    shown += [PROFILE_INPUT]
    lines = provenance.publications([ev.inputs[n] for n in shown if n in ev.inputs])
    if is_synthetic(ev, metrics.RECORDS):
        lines.append(f"第5節の手続ごとのデータ：{provenance.SYNTHETIC_SOURCE}")
    return notices.bullets(lines or ["公表資料から転記したデータはありません。"])


RUN_LABELS = {
    "example_dir": "手続ごとのデータのフォルダ",
    "target_fiscal_year": "目標年度",
    "target_coverage": "目標のオンライン対応率",
}


def _whole_percent(value: float) -> str:
    return fmt.percent(value, 0)


def _run_value(value, words) -> str:
    """A target parameter as the appendix shows it: the run's value, or that the profile's
    target (if any) was used."""
    return words(value) if value is not None else "指定なし（自治体プロファイルの目標）"


def reproduction(ev: OnlineEvaluation, data_dir: str, example_dir: str) -> object:
    """The appendix 「再現情報」: the run's parameters (``data_dir`` and ``example_dir`` as the
    notebook was given them), the input files with their full SHA-256, version and commit."""
    p = ev.params

    params = [
        *provenance.run_parameters(p.fiscal_year, data_dir, example_dir, RUN_LABELS["example_dir"]),
        (RUN_LABELS["target_fiscal_year"], _run_value(p.target_fiscal_year, fmt.fiscal_year)),
        (RUN_LABELS["target_coverage"], _run_value(p.target_coverage, _whole_percent)),
    ]
    return provenance.Reproduction(params, list(ev.inputs.values()))


def records_check(ev: OnlineEvaluation) -> object:
    """Whether the record-level totals match the published table."""
    records = ev.inputs[metrics.RECORDS].frame
    checked = sorted(int(y) for y in records["fiscal_year"].unique() if y <= ev.records_year.shown)
    years = "、".join(fmt.fiscal_year(y) for y in checked)
    if not ev.records_differences:
        return notices.box(
            f"手続ごとのデータを集計した手続数・申請数は、公表値と一致します（{years}）。", "ok"
        )
    diffs = [
        f"{fmt.fiscal_year(y)}の{_plain(column_label(col))}：手続ごとの集計{fmt.count(a)}、"
        f"公表値{fmt.count(b)}"
        for y, col, a, b in ev.records_differences
        if y <= ev.records_year.shown
    ]
    return notices.box(
        "手続ごとのデータの集計が公表値と一致しません。" + "；".join(diffs), "warning"
    )


def source(ev: OnlineEvaluation, name: str) -> str:
    """The 出典 line of a dataset of the evaluation."""
    return provenance.dataset_source(ev.inputs, name)


# ---- tables ---------------------------------------------------------------------------------


def measures_table(m: OnlineMeasures, years: Sequence[int], src: str | None = None) -> Table:
    """Measures (rows) by fiscal year (columns), formatted for reading."""
    frame = pd.DataFrame(
        {
            "指標": [LABELS[name] for name in m.table.columns],
            **{
                fmt.fiscal_year(y): [_value(name, m.value(name, y)) for name in m.table.columns]
                for y in years
            },
        }
    )
    return table("オンライン対応状況と利用状況（年度末時点）", frame, source=src)


def change_table(ch: Change, src: str | None = None) -> Table:
    """The year-on-year change: both years' values, the change (rates in points, 「△」 for a
    fall) and the relative change of counts (「—」 for rates)."""
    rows = []
    for name, r in ch.table.iterrows():
        ratio = r["kind"] == "ratio"
        rows.append(
            {
                "指標": LABELS[name],
                fmt.fiscal_year(ch.from_year): _value(name, r["from_value"]),
                fmt.fiscal_year(ch.to_year): _value(name, r["to_value"]),
                "増減": _table_change(name, r["change"], r["change_points"]),
                "増減率": fmt.MISSING if ratio else _relative(r["relative"]),
            }
        )
    return table(
        f"オンライン対応状況と利用状況の変化（{fmt.fiscal_year(ch.from_year)}末・"
        f"{fmt.fiscal_year(ch.to_year)}末）",
        pd.DataFrame(rows),
        source=src,
        notes=(
            "率の増減はポイント差です。率の増減率は示しません（「—」）。",
            "増減は端数処理前の値から計算しているため、表示値の差と一致しない場合があります。",
        ),
    )


def _relative(value: float | None) -> str:
    """A relative change in a table: 「8.0%」, 「△3.1%」."""
    if value is None or value != value:
        return fmt.MISSING
    return fmt.delta(value * 100, 1) + "%"


def missing_table(missing: dict[str, Reason]) -> Table:
    """Measures a partial table cannot give, and why."""
    frame = pd.DataFrame(
        {
            "指標": [_plain(LABELS.get(k, k)) for k in missing],
            "算出できない理由": [describe(v) for v in missing.values()],
        }
    )
    return table("算出できない指標", frame, text_columns=("算出できない理由",))


def plan_table(p: PlanResult, src: str | None = None) -> Table:
    t = p.table
    frame = pd.DataFrame(
        {
            "優先度": [("合計" if i == metrics.TOTAL else str(i)) for i in t.index],
            "未対応手続数": t["not_online"].map(fmt.count).tolist(),
            "対応予定": t["planned_online"].map(fmt.count).tolist(),
            "対象外予定": t["planned_excluded"].map(fmt.count).tolist(),
            "対応予定の割合": t["planned_share"].map(fmt.percent).tolist(),
            "対応予定の割合（対象外を除く）": t["planned_share_in_scope"].map(fmt.percent).tolist(),
        }
    )
    return table(
        f"優先度別のオンライン対応予定（{fmt.fiscal_year(p.fiscal_year)}）",
        frame,
        unit="手続、%",
        source=src,
        notes=(f"優先度は年間申請数による区分です（{BAND_SUMMARY}）。",),
    )


def method_text(p: PaceToTarget) -> str:
    """How the observed pace was obtained, in words."""
    years = p.years_observed
    return METHODS[p.method].format(
        first=fmt.fiscal_year(min(years)),
        last=fmt.fiscal_year(max(years)),
        n=len(years),
        level=fmt.percent(1 - p.alpha, 0),
    )


def pace_table(p: PaceToTarget, src: str | None = None) -> Table:
    rows = {
        "最新の年度": fmt.fiscal_year(p.latest_fiscal_year),
        "最新のオンライン対応率": fmt.percent(p.latest_coverage),
        "目標": f"{fmt.fiscal_year(p.target_fiscal_year)}末までに"
        f"{fmt.percent(p.target_coverage, 0)}",
        "目標に必要な対応済手続数（手続）": fmt.count(p.procedures_needed),
        "目標年度までの残り年数（年）": fmt.count(p.years_left),
        "必要なペース（手続／年）": fmt.count(p.required_per_year),
        "観測されたペース（手続／年）": fmt.count(p.observed_per_year),
        "観測ペースで目標に達する年度": fmt.fiscal_year(p.year_reached)
        if p.year_reached
        else "達しない",
        "対応率のトレンド（ポイント／年）": fmt.delta(p.coverage_points_per_year, 1),
        "目標年度末の対応率（トレンド）": fmt.percent(p.coverage_projected),
        "予測区間": (
            f"{fmt.percent(p.coverage_lower)}〜{fmt.percent(p.coverage_upper)}"
            if p.coverage_lower is not None
            else "なし（2時点のため）"
        ),
    }
    frame = pd.DataFrame({"項目": list(rows), "値": list(rows.values())})
    return table(
        "目標達成に必要なペース",
        frame,
        source=src,
        notes=(f"観測されたペースの求め方：{method_text(p)}。",),
    )


FLOW_LABELS = {
    "start": "{from_year}末の未対応手続",
    "capable_added": "対応可能手続の増減",
    "online_added": "オンライン対応済手続の増加による減少",
    "end": "{to_year}末の未対応手続",
}


def backlog_table(flow: metrics.BacklogFlow, src: str | None = None) -> Table:
    """The backlog's movement between two years: start, what added and removed, end."""
    t = flow.to_frame()
    years = {"from_year": fmt.fiscal_year(flow.from_year), "to_year": fmt.fiscal_year(flow.to_year)}
    frame = pd.DataFrame(
        {
            "項目": [FLOW_LABELS[i].format(**years) for i in t["item"]],
            "手続数": [fmt.delta(v) for v in t["procedures"]],
        }
    )
    return Table(
        "未対応手続の増減",
        frame,
        unit="手続",
        source=src,
        total_rows=(len(frame) - 1,),
    )


DECOMPOSITION_LABELS = {
    "within": "既存の対応済手続内での利用増",
    "mix": "既存手続間の申請構成の変化",
    "newly_online": "新たにオンライン化した手続",
    "no_longer_online": "オンライン対応をやめた手続",
    "total_change": "合計（利用率の変化）",
}


def decomposition_table(dec: UsageDecomposition, src: str | None = None, synthetic=False) -> Table:
    """The parts of the usage change in points, with the procedures behind each."""
    t = dec.to_frame()
    frame = pd.DataFrame(
        {
            "要因": [DECOMPOSITION_LABELS[p] for p in t["part"]],
            "利用率への寄与（ポイント）": [fmt.delta(v, 1) for v in t["points"]],
            "手続数（手続）": [fmt.count(v) for v in t["procedures"]],
        }
    )
    return table(
        f"オンライン利用率の変化の要因分解（{fmt.fiscal_year(dec.from_year)}→"
        f"{fmt.fiscal_year(dec.to_year)}）",
        frame,
        source=src,
        synthetic=synthetic,
        notes=("端数処理のため、内訳の合計が合計欄と一致しない場合があります。",),
    )


def concentration_table(conc: Concentration, src: str | None = None, synthetic=False) -> Table:
    """How much of the offline applications the largest N not-yet-online procedures hold."""
    t = conc.to_frame()
    frame = pd.DataFrame(
        {
            "申請の多い未対応手続": [f"上位{n}手続" for n in t["top_n"]],
            "申請数（件）": [fmt.count(v) for v in t["applications"]],
            "未対応手続の申請に占める割合": [fmt.percent(v) for v in t["share"]],
        }
    )
    return table(
        f"未対応手続の申請の集中度（{fmt.fiscal_year(conc.fiscal_year)}）",
        frame,
        source=src,
        synthetic=synthetic,
    )


def largest_offline_table(
    conc: Concentration, src: str | None = None, synthetic=False, n: int = 10
) -> Table:
    """The ``n`` not-yet-online procedures with the most applications."""
    t = conc.largest.head(n)
    frame = pd.DataFrame(
        {
            "手続名": t["procedure_name"].tolist(),
            "所管課": t["department"].tolist(),
            "優先度": t["priority_band"].tolist(),
            "年間申請数（件）": [fmt.count(v) for v in t["applications"]],
            "割合": [fmt.percent(v) for v in t["share"]],
            "累積割合": [fmt.percent(v) for v in t["cumulative_share"]],
        }
    )
    return table(
        f"申請の多い未対応手続（上位{len(frame)}手続、{fmt.fiscal_year(conc.fiscal_year)}）",
        frame,
        source=src,
        synthetic=synthetic,
        text_columns=("所管課", "優先度"),
        total_label=None,
    )


# ---- findings -------------------------------------------------------------------------------


def status_findings(m: OnlineMeasures, year: int, ch: Change | None) -> list[str]:
    """Sentences on coverage, usage and the backlog in ``year`` (and the change, if given)."""
    fy = fmt.fiscal_year(year)
    out = []
    if (c := m.value("coverage", year)) is not None:
        out.append(
            f"{fy}末のオンライン対応率は{fmt.percent(c)}（オンライン対応可能な"
            f"{fmt.count(m.value('procedures_online_capable', year))}手続のうち"
            f"{fmt.count(m.value('procedures_online', year))}手続）です。"
        )
    if (u := m.value("usage", year)) is not None:
        out.append(
            f"オンライン対応済手続の申請のうちオンラインによるものは{fmt.percent(u)}"
            f"（{fmt.count(m.value('applications_online', year))}件）です。"
        )
    if ch is not None:
        prev = fmt.fiscal_year(ch.from_year)
        if (p := ch.points("coverage")) is not None:
            out.append(f"対応率は{prev}末から{fmt.points_words(p)}しました。")
        if (p := ch.points("usage")) is not None:
            out.append(f"利用率は{prev}から{fmt.points_words(p)}しました。")
        if (b := ch.change_of("backlog")) is not None:
            out.append(
                f"未対応手続は{fmt.count(ch.table.loc['backlog', 'from_value'])}手続"
                f"から{fmt.count(ch.table.loc['backlog', 'to_value'])}手続へ"
                f"{fmt.change_words(b, '手続')}しました。"
            )
        if (d := ch.change_of("applications_paper")) is not None:
            out.append(
                "オンライン対応済手続の紙による申請は"
                f"{fmt.count(ch.table.loc['applications_paper', 'from_value'])}件"
                f"から{fmt.count(ch.table.loc['applications_paper', 'to_value'])}件へ"
                f"{fmt.change_words(d, '件')}しました。"
            )
        if ch.paper_avoided is not None:
            out.append(
                f"利用率が{prev}のままだった場合と比べると、{fmt.fiscal_year(ch.to_year)}"
                f"には{fmt.count(ch.paper_avoided)}件の紙の申請がオンラインに置き換わったと"
                "計算されます。"
            )
    return out


def backlog_findings(flow: metrics.BacklogFlow) -> list[str]:
    """Sentences on how the backlog moved (from the totals)."""
    moved = flow.end - flow.start
    out = [
        f"{fmt.fiscal_year(flow.from_year)}末の未対応手続{fmt.count(flow.start)}手続に対し、"
        f"対応可能手続が{fmt.change_words(flow.capable_added, '手続')}し、オンライン対応済"
        f"手続が{fmt.change_words(flow.online_added, '手続')}したため、"
        f"{fmt.fiscal_year(flow.to_year)}末の未対応手続は{fmt.count(flow.end)}手続"
        f"（{fmt.change_words(moved, '手続')}）になりました。"
    ]
    if flow.end > flow.start and flow.online_added > 0:
        out.append(
            "オンライン化は進んでいますが、対応可能手続の増加がそれを上回ったため、"
            "未対応手続は増加しています。"
        )
    return out


def pace_findings(p: PaceToTarget) -> list[str]:
    target = (
        f"{fmt.fiscal_year(p.target_fiscal_year)}末までに対応率{fmt.percent(p.target_coverage, 0)}"
    )
    out = []
    if p.required_per_year is None:
        out.append(
            f"目標年度（{fmt.fiscal_year(p.target_fiscal_year)}）は最新の観測年度と同じ"
            f"です。最新の対応率は{fmt.percent(p.latest_coverage)}です。"
        )
    else:
        verdict = "足りています" if p.on_track else "足りません"
        out.append(
            f"{target}を達成するには、年{fmt.count(p.required_per_year)}手続のペースでオンライン"
            f"化が必要です。観測されたペースは年{fmt.count(p.observed_per_year)}手続で、"
            f"{verdict}。"
        )
    if p.year_reached is not None:
        out.append(
            f"観測ペースが続くと、目標の{fmt.count(p.procedures_needed)}手続に達するのは"
            f"{fmt.fiscal_year(p.year_reached)}末です（対応可能手続数が最新年度の"
            f"{fmt.count(p.latest_capable)}手続のまま変わらない場合）。"
        )
    else:
        out.append("観測されたペースが0以下のため、目標に達する年度は求められません。")
    if p.coverage_year_reached is not None and p.coverage_year_reached != p.year_reached:
        out.append(
            f"一方、対応率のトレンド（年{fmt.points_words(p.coverage_points_per_year)}）が続くと、"
            f"目標に達するのは{fmt.fiscal_year(p.coverage_year_reached)}末です。対応率の"
            "トレンドには対応可能手続の増加も表れるため、手続数で見た見込みと異なります。"
            "判定は手続数で見た見込みによります。"
        )
    elif p.coverage_year_reached is not None:
        out.append(
            f"対応率のトレンド（年{fmt.points_words(p.coverage_points_per_year)}）で見ても、"
            f"目標に達するのは{fmt.fiscal_year(p.coverage_year_reached)}末です。"
        )
    return out


def plan_findings(p: PlanResult) -> list[str]:
    t = p.table.loc[metrics.TOTAL]
    fy = fmt.fiscal_year(p.fiscal_year)
    out = [
        f"{fy}は未対応{fmt.count(t['not_online'])}手続のうち{fmt.count(t['planned_online'])}手続"
        f"（{fmt.percent(t['planned_share'])}）をオンライン化する予定です。"
    ]
    if "S" in p.table.index:
        s = p.table.loc["S"]
        out.append(
            f"申請の多い優先度S（年1,000件以上）では{fmt.count(s['not_online'])}手続のうち"
            f"{fmt.count(s['planned_online'])}手続（{fmt.percent(s['planned_share'])}）が"
            "予定されています。"
        )
    if p.coverage_if_delivered is not None:
        out.append(
            f"計画どおりなら、対応率は{fmt.percent(p.coverage_before)}から"
            f"{fmt.percent(p.coverage_if_delivered)}（{fmt.count(p.capable_if_delivered)}手続の"
            f"うち{fmt.count(p.online_if_delivered)}手続）に上昇します。対象外予定の手続は対応"
            "可能手続から除き、新たな対応可能手続は加えていません。"
        )
    else:
        out.append(f"計画達成時の対応率は求められません（{describe(p.reason)}）。")
    return out


def contribution(points: float | None) -> str:
    """A part's contribution in prose: 「3.7ポイントの押し上げ」, 「0.4ポイントの押し下げ」."""
    if points is None or points != points:
        return fmt.MISSING
    if round(abs(points), 1) == 0:
        return "ほぼ影響なし"
    return f"{abs(points):.1f}ポイントの押し{'上げ' if points > 0 else '下げ'}"


def decomposition_findings(dec: UsageDecomposition) -> list[str]:
    return [
        f"利用率の変化（{fmt.points_words(dec.total_change * 100)}）のうち、既存の対応済手続"
        f"（{dec.procedures_continuing}手続）内での利用の変化が"
        f"{contribution(dec.within * 100)}、申請構成の変化が{contribution(dec.mix * 100)}、"
        f"新たにオンライン化した{dec.procedures_newly_online}手続が"
        f"{contribution(dec.newly_online * 100)}です。",
    ]


def concentration_findings(conc: Concentration) -> list[str]:
    if conc.reason:
        return [f"集中度は求められません（{describe(conc.reason)}）。"]
    out = []
    for r in conc.table.itertuples():
        out.append(
            f"申請の多い上位{r.top_n}手続が、未対応手続の申請{fmt.count(conc.applications)}件の"
            f"{fmt.percent(r.share)}を占めます。"
        )
    if len(conc.largest):
        top = conc.largest.iloc[0]
        name = top.get("procedure_name", top["procedure_id"])
        out.append(
            f"最も申請の多い未対応手続は「{name}」（{fmt.count(top['applications'])}件）です。"
        )
    return out


def is_synthetic(ev: OnlineEvaluation, name: str) -> bool:
    """Whether a dataset of the evaluation is synthetic (its sections and figures say so)."""
    return provenance.is_synthetic(ev.inputs, name)
