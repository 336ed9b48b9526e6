"""Figures of the online-procedures evaluation: each function returns a titled, labelled
matplotlib Figure in the bundled Japanese font, with its source written under it.

Plotting only: every number comes from the evaluation passed in. The section functions
(:func:`status`, :func:`pace`, :func:`plan`, :func:`decomposition`, :func:`concentration`)
return the figure a report section shows, or None when the evaluation has nothing to draw.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from ... import fmt
from ...report.figures import finish, new_figure, year_tick
from . import metrics, present
from .metrics import (
    Concentration,
    OnlineEvaluation,
    OnlineMeasures,
    PaceToTarget,
    PlanResult,
    UsageDecomposition,
)
from .schema import BAND_SUMMARY


def status(ev: OnlineEvaluation) -> Figure | None:
    """Section 1: coverage and usage by year."""
    if ev.measures is None:
        return None
    return coverage_usage_chart(ev.measures, present.source(ev, metrics.SUMMARY))


def pace(ev: OnlineEvaluation) -> Figure | None:
    """Section 3: the pace to target."""
    if ev.pace is None:
        return None
    return pace_chart(ev.measures, ev.pace, present.source(ev, metrics.SUMMARY))


def plan(ev: OnlineEvaluation) -> Figure | None:
    """Section 4: the plan by priority band."""
    if ev.plan is None:
        return None
    return plan_chart(ev.plan, present.source(ev, metrics.PLAN))


def decomposition(ev: OnlineEvaluation) -> Figure | None:
    """Section 5: the parts of the usage change, when computed."""
    if ev.decomposition is None:
        return None
    source = present.source(ev, metrics.RECORDS)
    return decomposition_chart(ev.decomposition, source, present.is_synthetic(ev, metrics.RECORDS))


def concentration(ev: OnlineEvaluation) -> Figure | None:
    """Section 5: the concentration of the backlog's applications, when computed."""
    if ev.concentration is None:
        return None
    source = present.source(ev, metrics.RECORDS)
    synthetic = present.is_synthetic(ev, metrics.RECORDS)
    return concentration_chart(ev.concentration, source, synthetic)


def coverage_usage_chart(m: OnlineMeasures, source: str) -> Figure:
    """Coverage and usage by fiscal year as grouped bars labelled with their percentages."""
    fig, ax = new_figure()
    cols = [c for c in ("coverage", "usage") if c in m.table.columns]
    labels = {"coverage": "オンライン対応率", "usage": "オンライン利用率"}
    years = m.years
    x = np.arange(len(years))
    width = 0.8 / max(len(cols), 1)
    for i, col in enumerate(cols):
        values = m.table[col].to_numpy(dtype=float)
        bars = ax.bar(x + (i - (len(cols) - 1) / 2) * width, values, width, label=labels[col])
        for bar, v in zip(bars, values, strict=True):
            if not np.isnan(v):
                ax.annotate(
                    fmt.percent(v),
                    (bar.get_x() + bar.get_width() / 2, v),
                    ha="center",
                    va="bottom",
                    fontsize=9,
                )
    ax.set_xticks(x, [year_tick(y) for y in years])
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("年度（年度末時点）")
    ax.set_ylabel("割合")
    ax.set_title("オンライン対応率と利用率の推移")
    if cols:
        ax.legend(loc="upper left")
    return finish(fig, source)


def pace_chart(m: OnlineMeasures, pace: PaceToTarget, source: str) -> Figure:
    """Procedures online: observed, the observed pace extended, and the path the target needs."""
    fig, ax = new_figure()
    obs = m.table.loc[list(pace.years_observed), "procedures_online"]
    ax.plot(
        obs.index, obs.to_numpy(dtype=float), "o-", color="#1f77b4", label="実績（対応済手続数）"
    )
    last, end = pace.latest_fiscal_year, pace.target_fiscal_year
    xs = np.arange(last, end + 1)
    ax.plot(
        xs,
        pace.latest_online + pace.observed_per_year * (xs - last),
        "--",
        color="#1f77b4",
        label=f"観測ペース（年{pace.observed_per_year:,.0f}手続）",
    )
    if pace.required_per_year is not None:
        ax.plot(
            xs,
            pace.latest_online + pace.required_per_year * (xs - last),
            ":",
            color="#d62728",
            label=f"必要ペース（年{pace.required_per_year:,.0f}手続）",
        )
    ax.axhline(
        pace.procedures_needed,
        color="#555555",
        lw=1,
        label=f"目標（{pace.target_coverage:.0%} = {pace.procedures_needed:,}手続）",
    )
    ax.set_xticks(
        list(obs.index) + list(xs[1:]), [f"FY{int(y)}" for y in list(obs.index) + list(xs[1:])]
    )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("年度（年度末時点）")
    ax.set_ylabel("オンライン対応済手続数")
    ax.set_title(f"{fmt.fiscal_year(end)}末の目標に向けたペース")
    ax.legend(loc="upper left", fontsize=8)
    return finish(fig, source)


def plan_chart(plan: PlanResult, source: str) -> Figure:
    """Stacked bars per priority band: planned online, planned excluded, remaining."""
    fig, ax = new_figure()
    t = plan.table.drop(index=metrics.TOTAL, errors="ignore")
    bands = list(t.index)
    planned = t["planned_online"].to_numpy()
    excluded = t["planned_excluded"].to_numpy()
    rest = t["not_online"].to_numpy() - planned - excluded
    ax.bar(bands, planned, label="対応予定", color="#2ca02c")
    ax.bar(bands, excluded, bottom=planned, label="対象外予定", color="#aaaaaa")
    ax.bar(
        bands,
        rest,
        bottom=planned + excluded,
        label="予定なし（未対応のまま）",
        color="#ff7f0e",
        alpha=0.6,
    )
    for i, (p, n) in enumerate(zip(planned, t["not_online"], strict=True)):
        ax.annotate(f"{p}/{n}", (i, n), ha="center", va="bottom", fontsize=9)
    ax.set_xlabel(f"優先度（年間申請数: {BAND_SUMMARY}）")
    ax.set_ylabel("手続数")
    ax.set_title(f"{fmt.fiscal_year(plan.fiscal_year)}のオンライン対応予定（優先度別）")
    ax.legend()
    return finish(fig, source)


def decomposition_chart(dec: UsageDecomposition, source: str, synthetic: bool) -> Figure:
    """Waterfall-like bars of the usage change's parts, in percentage points."""
    fig, ax = new_figure()
    frame = dec.to_frame()
    parts = frame[frame["part"] != "total_change"]
    values = parts["points"].astype(float).fillna(0).to_numpy()
    colors = ["#2ca02c" if v >= 0 else "#d62728" for v in values]
    ax.barh([present.DECOMPOSITION_LABELS[p] for p in parts["part"]], values, color=colors)
    for i, v in enumerate(values):
        ax.annotate(f"{v:+.2f}", (v, i), ha="left" if v >= 0 else "right", va="center", fontsize=9)
    ax.axvline(0, color="#333333", lw=0.8)
    total = dec.total_change * 100 if dec.total_change is not None else float("nan")
    ax.set_xlabel("利用率の変化への寄与（ポイント）")
    ax.set_ylabel("要因")
    ax.set_title(
        f"利用率の変化（{total:+.1f}ポイント）の要因分解 FY{dec.from_year}→FY{dec.to_year}"
    )
    ax.invert_yaxis()
    return finish(fig, source, synthetic)


def concentration_chart(conc: Concentration, source: str, synthetic: bool) -> Figure:
    """Cumulative share of the backlog's applications held by its largest procedures."""
    fig, ax = new_figure()
    if "cumulative_share" in conc.largest.columns:
        y = conc.largest["cumulative_share"].to_numpy(dtype=float)
        ax.plot(np.arange(1, len(y) + 1), y, "o-", ms=3)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("申請数の多い順に数えた未対応手続の数")
    ax.set_ylabel("未対応手続の申請に占める累積割合")
    ax.set_title(f"{fmt.fiscal_year(conc.fiscal_year)}末の未対応手続：申請の集中度")
    return finish(fig, source, synthetic)
