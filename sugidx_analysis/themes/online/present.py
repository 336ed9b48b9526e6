"""Online procedures for the reader: display tables and Japanese findings from one evaluation.

Formatting only: every figure and every decision (which year, compared with which, what cannot
be shown) comes from :func:`.metrics.evaluate`. Each section function returns what the notebook
shows, in order (notices, findings, tables); :func:`sugidx_analysis.report.display.show` shows
it. Text from data is escaped by the notices and by pandas.
"""

from __future__ import annotations

import pandas as pd

from ... import fmt, judgement, tiers
from ...report import notices, provenance
from ..base import Reason, YearChoice
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
from .schema import ONLINE_SUMMARY

# measure -> Japanese label
LABELS: dict[str, str] = {
    "coverage": "オンライン対応率（対応済 / 対応可能手続）",
    "online_ready_share": "全手続に占めるオンライン対応済手続の割合",
    "capable_share": "全手続に占めるオンライン対応可能手続の割合",
    "usage": "オンライン利用率（オンライン申請 / 対応済手続の申請）",
    "online_share_of_applications": "全申請に占めるオンライン申請の割合",
    "procedures_online": "オンライン対応済手続数",
    "procedures_online_capable": "オンライン対応可能手続数",
    "backlog": "未対応手続数（バックログ）",
    "applications_online": "オンライン申請数",
    "applications_online_ready": "オンライン対応済手続の申請数",
    "applications_paper": "紙による申請数",
    "paper_avoided": "オンラインに置き換わった紙の申請",
}

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
    "too_few_years": "2年度分以上の対応率が必要です（データは{found}年度分です）",
    "target_before_latest": "目標年度が最新のデータの年度（{latest}）より前です",
}

METHODS = {
    "two_points": "{first}から{last}の2時点を結ぶ直線による外挿（予測区間なし）",
    "ols": "{first}から{last}の{n}年度分に対する最小二乗法の直線トレンド（{level}予測区間）",
}


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


# ---- notices --------------------------------------------------------------------------------


def year_notice(choice: YearChoice, what: str) -> object | None:
    """Says plainly when the requested year has no data (None when it has)."""
    req = fmt.fiscal_year(choice.requested)
    if choice.shown is None:
        have = "、".join(fmt.fiscal_year(y) for y in choice.available) or "なし"
        return notices.box(f"{req}以前の{what}のデータはありません（データのある年度: {have}）。")
    if choice.is_fallback:
        return notices.box(
            f"{req}の{what}のデータはありません。データのある直近の年度"
            f"（{fmt.fiscal_year(choice.shown)}）を表示します。"
        )
    return None


def header(ev: OnlineEvaluation) -> object:
    """The evaluated year, the year shown and the target, as a short list."""
    p = ev.params
    lines = [f"評価対象年度: {fmt.fiscal_year(p.fiscal_year)}"]
    if ev.year.shown is None:
        lines.append("この年度以前の公表データはありません。")
    elif ev.year.is_fallback:
        lines.append(f"表示する公表データの年度: {fmt.fiscal_year(ev.year.shown)}（直近の年度）")
    lines.append(
        f"目標: {fmt.fiscal_year(p.target_fiscal_year)}末までにオンライン対応率"
        f"{fmt.percent(p.target_coverage, 0)}"
    )
    return notices.bullets(lines)


# ---- sections -------------------------------------------------------------------------------

KPI_LABELS = {
    "online.coverage": "オンライン対応率",
    "online.usage": "オンライン利用率",
    "online.backlog": "未対応手続数",
    "online.applications_online": "オンライン申請数",
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
    target = (
        f"{fmt.fiscal_year(ev.params.target_fiscal_year)}末までに"
        f"{fmt.percent(ev.params.target_coverage, 0)}"
    )
    coverage = ev.measures.value("coverage", ev.year.shown)
    if coverage is not None:
        out.append(
            f"{shown}末のオンライン対応率は{fmt.percent(coverage)}です。目標（{target}）に対する"
            f"判定は「{verdict}」です。"
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
                f"第5節（手続ごとの分析）は{tiers.SHORT_LABELS[tiers.SYNTHETIC]}によるもので、"
                "実績ではありません。"
            )
    return out


def summary_table(ev: OnlineEvaluation) -> pd.DataFrame:
    """The key figures: latest value and year, change from the year before, target, verdict."""
    rows = []
    for kpi in metrics.kpis(ev):
        if kpi.previous_value is None:
            change_text = fmt.MISSING
        elif kpi.unit == "ratio":
            change_text = fmt.points(kpi.change)
        else:
            change_text = fmt.signed_count(kpi.change)
        target = (
            f"{fmt.percent(kpi.target, 0)}（{fmt.fiscal_year(kpi.target_fiscal_year)}末）"
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
    return pd.DataFrame(rows, columns=["指標", "年度", "値", "前年度からの増減", "目標", "判定"])


def summary(ev: OnlineEvaluation) -> list[object]:
    """The summary first: findings, the key figures with their verdicts, and the rule."""
    out: list[object] = [notices.bullets(summary_findings(ev))]
    if ev.measures is not None:
        out += [summary_table(ev).set_index("指標"), notices.box(judgement.RULE)]
    return out


def status(ev: OnlineEvaluation) -> list[object]:
    """Section 1: coverage and usage in the year shown, and their change."""
    out: list[object] = [year_notice(ev.year, "オンライン手続")]
    if ev.measures is None:
        return out
    out.append(notices.bullets(status_findings(ev.measures, ev.year.shown, ev.change)))
    if ev.change is not None:
        out.append(change_table(ev.change))
    else:
        years = [y for y in ev.measures.years if y >= ev.year.shown - 1]
        out.append(measures_table(ev.measures, years))
    if ev.measures.missing:
        out.append(missing_table(ev.measures.missing))
    return out


def backlog(ev: OnlineEvaluation) -> list[object]:
    """Section 2: how the backlog moved."""
    if ev.flow is None:
        return [notices.box(f"未対応手続の推移は示せません（{describe(ev.flow_reason)}）。")]
    return [notices.bullets(backlog_findings(ev.flow)), backlog_table(ev.flow)]


def pace(ev: OnlineEvaluation) -> list[object]:
    """Section 3: the pace the target needs against the observed pace."""
    if ev.pace is None:
        return [notices.box(f"目標までのペースは求められません（{describe(ev.pace_reason)}）。")]
    return [notices.bullets(pace_findings(ev.pace)), pace_table(ev.pace)]


def plan(ev: OnlineEvaluation) -> list[object]:
    """Section 4: the next year's plan by priority band."""
    if ev.plan is None:
        year = fmt.fiscal_year(ev.params.fiscal_year + 1)
        return [notices.box(f"{year}以前の計画のデータはありません。")]
    return [
        year_notice(ev.plan_year, "オンライン対応計画"),
        notices.bullets(plan_findings(ev.plan)),
        plan_table(ev.plan),
    ]


def records(ev: OnlineEvaluation) -> list[object]:
    """Section 5 opens: whether there are records, their tier, their year, their totals."""
    loaded = ev.inputs.get(metrics.RECORDS)
    if ev.records_year is None:
        why = loaded.reason if loaded is not None else "手続ごとのデータが指定されていません"
        return [notices.box(f"手続ごとのデータがないため、この節は省略します（{why}）。")]
    out: list[object] = [notices.tier_notice(loaded), year_notice(ev.records_year, "手続ごと")]
    if ev.records_year.shown is not None:
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
        decomposition_table(ev.decomposition),
    ]


def concentration(ev: OnlineEvaluation) -> list[object]:
    """Section 5: how concentrated the backlog's applications are."""
    conc = ev.concentration
    if conc is None:
        return []
    return [
        notices.bullets(concentration_findings(conc)),
        concentration_table(conc),
        largest_offline_table(conc),
    ]


def sources_and_run(ev: OnlineEvaluation, data_dir: str, example_dir: str) -> list[object]:
    """The closing section: sources of the published figures, the assumptions used, and the
    run's parameters (``data_dir`` and ``example_dir`` as the notebook was given them) and
    input files."""
    published = [ev.inputs[n] for n in (metrics.SUMMARY, metrics.PLAN) if n in ev.inputs]
    p = ev.params
    run = {
        "fiscal_year": p.fiscal_year,
        "data_dir": data_dir,
        "example_dir": example_dir,
        "target_fiscal_year": p.target_fiscal_year,
        "target_coverage": p.target_coverage,
    }
    return [
        provenance.sources_table(published),
        notices.bullets(provenance.assumption_lines(ev.assumptions)),
        provenance.provenance(run, list(ev.inputs.values())),
    ]


def records_check(ev: OnlineEvaluation) -> object:
    """Whether the record-level totals match the published table."""
    records = ev.inputs[metrics.RECORDS].frame
    years = "、".join(fmt.fiscal_year(int(y)) for y in sorted(records["fiscal_year"].unique()))
    if not ev.records_differences:
        return notices.box(
            f"手続ごとのデータを集計した手続数・申請数は、公表値と一致します（{years}）。", "ok"
        )
    diffs = [
        f"{fmt.fiscal_year(y)} {column_label(col)}: 手続ごとの集計 {fmt.count(a)} / 公表値 "
        f"{fmt.count(b)}"
        for y, col, a, b in ev.records_differences
    ]
    return notices.box(
        "手続ごとのデータの集計が公表値と一致しません: " + "；".join(diffs), "warning"
    )


def source(ev: OnlineEvaluation, name: str) -> str:
    """The 出典 line of a dataset of the evaluation."""
    return provenance.source_line(ev.inputs[name])


# ---- tables ---------------------------------------------------------------------------------


def measures_table(m: OnlineMeasures, years: list[int]) -> pd.DataFrame:
    """Measures (rows, Japanese labels) by fiscal year (columns), formatted for reading."""
    out = {}
    for y in years:
        out[fmt.fiscal_year(y)] = {
            LABELS[name]: _value(name, m.value(name, y)) for name in m.table.columns
        }
    return pd.DataFrame(out)


def change_table(ch: Change) -> pd.DataFrame:
    """The year-on-year change, formatted: values, points, absolute and relative change."""
    rows = []
    for name, r in ch.table.iterrows():
        ratio = r["kind"] == "ratio"
        rows.append(
            {
                "指標": LABELS[name],
                fmt.fiscal_year(ch.from_year): _value(name, r["from_value"]),
                fmt.fiscal_year(ch.to_year): _value(name, r["to_value"]),
                "増減": fmt.points(r["change_points"]) if ratio else fmt.signed_count(r["change"]),
                "増減率": fmt.percent(r["relative"]),
            }
        )
    return pd.DataFrame(rows).set_index("指標")


def missing_table(missing: dict[str, Reason]) -> pd.DataFrame:
    """Measures a partial table cannot give, and why."""
    return pd.DataFrame(
        {
            "指標": [LABELS.get(k, k) for k in missing],
            "算出できない理由": [describe(v) for v in missing.values()],
        }
    ).set_index("指標")


def plan_table(p: PlanResult) -> pd.DataFrame:
    t = p.table
    return (
        pd.DataFrame(
            {
                "未対応手続数": t["not_online"].map(fmt.count),
                "対応予定": t["planned_online"].map(fmt.count),
                "対象外予定": t["planned_excluded"].map(fmt.count),
                "対応予定の割合": t["planned_share"].map(fmt.percent),
                "対応予定の割合（対象外を除く）": t["planned_share_in_scope"].map(fmt.percent),
            }
        )
        .rename(index={metrics.TOTAL: "合計"})
        .rename_axis("優先度")
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


def pace_table(p: PaceToTarget) -> pd.DataFrame:
    rows = {
        "最新年度": fmt.fiscal_year(p.latest_fiscal_year),
        "最新のオンライン対応率": fmt.percent(p.latest_coverage),
        "目標": f"{fmt.fiscal_year(p.target_fiscal_year)}末までに"
        f"{fmt.percent(p.target_coverage, 0)}",
        "目標に必要な対応済手続数": fmt.count(p.procedures_needed),
        "残り年数": f"{p.years_left}年",
        "必要なペース（手続/年）": fmt.count(p.required_per_year),
        "観測されたペース（手続/年）": fmt.count(p.observed_per_year),
        "観測ペースで目標に達する年度": fmt.fiscal_year(p.year_reached)
        if p.year_reached
        else "達しない",
        "対応率のトレンド（ポイント/年）": fmt.points(p.coverage_points_per_year),
        "目標年度末の対応率（トレンド）": fmt.percent(p.coverage_projected),
        "予測区間": (
            f"{fmt.percent(p.coverage_lower)} 〜 {fmt.percent(p.coverage_upper)}"
            if p.coverage_lower is not None
            else "なし（2時点のため）"
        ),
        "方法": method_text(p),
    }
    return pd.DataFrame({"値": rows}).rename_axis("項目")


FLOW_LABELS = {
    "start": "{from_year}末の未対応手続",
    "capable_added": "対応可能手続の純増",
    "online_added": "オンライン対応済手続の純増（未対応から除く）",
    "end": "{to_year}末の未対応手続",
}


def backlog_table(flow: metrics.BacklogFlow) -> pd.DataFrame:
    """The backlog's movement between two years, labelled for a reviewer."""
    t = flow.to_frame()
    years = {"from_year": fmt.fiscal_year(flow.from_year), "to_year": fmt.fiscal_year(flow.to_year)}
    return pd.DataFrame(
        {"手続数": [fmt.signed_count(v) if v < 0 else fmt.count(v) for v in t["procedures"]]},
        index=pd.Index([FLOW_LABELS[i].format(**years) for i in t["item"]], name="項目"),
    )


DECOMPOSITION_LABELS = {
    "within": "既存の対応済手続内での利用増",
    "mix": "既存手続間の申請構成の変化",
    "newly_online": "新たにオンライン化した手続",
    "no_longer_online": "オンライン対応をやめた手続",
    "total_change": "合計（利用率の変化）",
}


def decomposition_table(dec: UsageDecomposition) -> pd.DataFrame:
    """The parts of the usage change in points, with the procedures behind each."""
    t = dec.to_frame()
    return pd.DataFrame(
        {
            "利用率への寄与": [fmt.points(v, 2) for v in t["points"]],
            "手続数": [fmt.count(v) for v in t["procedures"]],
        },
        index=pd.Index([DECOMPOSITION_LABELS[p] for p in t["part"]], name="要因"),
    )


def concentration_table(conc: Concentration) -> pd.DataFrame:
    """How much of the offline applications the largest N not-yet-online procedures hold."""
    t = conc.to_frame()
    return pd.DataFrame(
        {
            "申請数": [fmt.count(v) for v in t["applications"]],
            "未対応手続の申請に占める割合": [fmt.percent(v) for v in t["share"]],
        },
        index=pd.Index([f"上位{n}手続" for n in t["top_n"]], name="申請の多い未対応手続"),
    )


def largest_offline_table(conc: Concentration, n: int = 10) -> pd.DataFrame:
    """The ``n`` not-yet-online procedures with the most applications (names escaped by pandas)."""
    t = conc.largest.head(n)
    return pd.DataFrame(
        {
            "手続名": t["procedure_name"].tolist(),
            "所管課": t["department"].tolist(),
            "優先度": t["priority_band"].tolist(),
            "年間申請数": [fmt.count(v) for v in t["applications"]],
            "割合": [fmt.percent(v) for v in t["share"]],
            "累積割合": [fmt.percent(v) for v in t["cumulative_share"]],
        },
        index=pd.Index(t["procedure_id"].tolist(), name="手続ID"),
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
            out.append(f"対応率は{prev}から{fmt.points(p)}変化しました。")
        if (p := ch.points("usage")) is not None:
            out.append(f"利用率は{prev}から{fmt.points(p)}変化しました。")
        if (b := ch.change_of("backlog")) is not None:
            out.append(
                f"未対応手続（バックログ）は{fmt.count(ch.table.loc['backlog', 'from_value'])}"
                f"から{fmt.count(ch.table.loc['backlog', 'to_value'])}へ"
                f"{fmt.signed_count(b)}手続変化しました。"
            )
        if (d := ch.change_of("applications_paper")) is not None:
            out.append(
                f"紙による申請は{fmt.count(ch.table.loc['applications_paper', 'from_value'])}件"
                f"から{fmt.count(ch.table.loc['applications_paper', 'to_value'])}件へ"
                f"{fmt.signed_count(d)}件変化しました。"
            )
        if ch.paper_avoided is not None:
            out.append(
                f"利用率が{prev}のままだった場合と比べ、{fmt.fiscal_year(ch.to_year)}"
                f"には約{fmt.count(ch.paper_avoided)}件の紙の申請がオンラインに置き換わった"
                "計算です。"
            )
    return out


def backlog_findings(flow: metrics.BacklogFlow) -> list[str]:
    """Sentences on how the backlog moved (from the totals)."""
    out = [
        f"{fmt.fiscal_year(flow.from_year)}末の未対応手続{fmt.count(flow.start)}に対し、"
        f"対応可能手続が{fmt.signed_count(flow.capable_added)}、オンライン対応済手続が"
        f"{fmt.signed_count(flow.online_added)}変化し、{fmt.fiscal_year(flow.to_year)}末の"
        f"未対応手続は{fmt.count(flow.end)}になりました。"
    ]
    if flow.end > flow.start and flow.online_added > 0:
        out.append(
            "オンライン化は進んでいますが、対応可能手続の増加がそれを上回ったため、"
            "未対応手続は増えています。"
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
            f"{fmt.fiscal_year(p.year_reached)}末です（対応可能手続数が一定の場合）。"
        )
    else:
        out.append("観測されたペースが0以下のため、目標に達する年度は求められません。")
    if p.coverage_year_reached is not None:
        out.append(
            f"対応率のトレンド（年{fmt.points(p.coverage_points_per_year)}）では、目標に達するの"
            f"は{fmt.fiscal_year(p.coverage_year_reached)}末です。"
        )
    out.append(
        f"対応可能手続の総数は最新年度（{fmt.fiscal_year(p.latest_fiscal_year)}）の"
        f"{fmt.count(p.latest_capable)}手続のまま変わらないと仮定しています。"
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
            f"{fmt.percent(p.coverage_if_delivered)}（{fmt.count(p.online_if_delivered)} / "
            f"{fmt.count(p.capable_if_delivered)}手続）になります。対象外予定の手続は対応"
            "可能手続から除き、新たな対応可能手続は加えていません。"
        )
    else:
        out.append(f"計画達成時の対応率は求められません（{describe(p.reason)}）。")
    return out


def decomposition_findings(dec: UsageDecomposition) -> list[str]:
    return [
        f"利用率の変化{fmt.points(dec.total_change * 100, 2)}のうち、既存の対応済手続"
        f"（{dec.procedures_continuing}手続）内での利用増が{fmt.points(dec.within * 100, 2)}、"
        f"申請構成の変化が{fmt.points(dec.mix * 100, 2)}、新たにオンライン化した"
        f"{dec.procedures_newly_online}手続が{fmt.points(dec.newly_online * 100, 2)}です。",
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
    loaded = ev.inputs.get(name)
    return loaded is not None and loaded.tier == tiers.SYNTHETIC
