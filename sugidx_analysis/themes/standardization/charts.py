"""Figures of the standardisation evaluation: progress per system against the target, and — with
two or more counts — the progress rate over time with its line carried to the target date.

Plotting only: every number comes from the evaluation. Each chart's alt text reads the same
values the chart draws.
"""

from __future__ import annotations

import datetime as dt

from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...report import provenance
from ...report.figures import (
    DARK,
    LABEL_SIZE,
    LIGHT_GREY,
    MID_BLUE,
    NAVY,
    FigureBlock,
    figure_block,
    legend_below,
    new_figure,
    unit_label,
)
from . import metrics
from .metrics import OVERALL, StandardizationEvaluation


def _source(ev: StandardizationEvaluation) -> str:
    return provenance.dataset_source(ev.inputs, metrics.PROGRESS)


def _percent_axis(value: float, _=None) -> str:
    return f"{value * 100:.0f}"


def progress_alt(ev: StandardizationEvaluation) -> str:
    parts = [f"{s.system}{fmt.percent(s.rate)}" for s in ev.statuses]
    o = ev.overall
    target = (
        f"目標は{fmt.percent(o.target_rate, 0)}。" if o.target_rate is not None else "目標なし。"
    )
    return f"{fmt.date(ev.as_of)}時点の進捗率は、" + "、".join(parts) + "。" + target


def progress(ev: StandardizationEvaluation) -> FigureBlock | None:
    """Horizontal bars of the progress rate per system and overall, the target as a line."""
    if ev.overall is None:
        return None
    statuses = list(ev.statuses)
    fig, ax = new_figure(7.0, 0.55 * len(statuses) + 1.4)
    names = ["合計" if s.system == OVERALL else s.system for s in statuses]
    y = list(range(len(statuses)))[::-1]
    colours = [NAVY if s.system == OVERALL else MID_BLUE for s in statuses]
    ax.barh(y, [s.rate for s in statuses], color=colours, height=0.6)
    for yi, s in zip(y, statuses, strict=True):
        ax.text(s.rate + 0.01, yi, fmt.percent(s.rate), va="center", fontsize=LABEL_SIZE)
    target = ev.overall.target_rate
    if target is not None:
        ax.axvline(
            target,
            color=DARK,
            linestyle="--",
            linewidth=1.2,
            label=f"目標（{fmt.percent(target, 0)}）",
        )
        legend_below(ax, 1)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1.0)
    ax.xaxis.set_major_formatter(FuncFormatter(_percent_axis))
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("進捗率（%）")
    return figure_block(
        fig,
        f"システムごとの進捗率（{fmt.date(ev.as_of)}時点）",
        _source(ev),
        progress_alt(ev),
    )


def pace_alt(ev: StandardizationEvaluation) -> str:
    p = ev.overall_pace
    points = "、".join(
        f"{fmt.date(d)}に{fmt.percent(r)}" for d, r in zip(p.dates, p.rates, strict=True)
    )
    reached = fmt.date(p.reached) if p.reached else "期日までに達しない"
    return (
        f"全体の進捗率は{points}。直線を延ばすと期日（{fmt.date(p.due)}）に"
        f"{fmt.percent(p.at_due)}、目標{fmt.percent(p.target_rate, 0)}に達する見込みの日は"
        f"{reached}。"
    )


def pace(ev: StandardizationEvaluation) -> FigureBlock | None:
    """The overall progress rate at each count, the fitted line to the due date, the target."""
    p = ev.overall_pace
    if p is None:
        return None
    fig, ax = new_figure(7.0, 3.8)
    first = p.dates[0]
    end = max(p.due, p.reached or p.due)
    span = [first, end]
    x_end = metrics.months_between(first, end)
    ax.plot(p.dates, p.rates, "o", color=NAVY, label="集計時点の進捗率", zorder=3)
    ax.plot(
        span,
        [p.line.value_at(0.0), p.line.value_at(x_end)],
        color=MID_BLUE,
        linestyle="-" if p.line.method == "ols" else ":",
        label="これまでのペースの延長",
    )
    if p.line.lower is not None:
        ax.errorbar(
            [p.due],
            [p.at_due],
            yerr=[[p.at_due - p.line.lower], [p.line.upper - p.at_due]],
            fmt="s",
            color=DARK,
            capsize=4,
            label=f"期日の見込み（{fmt.percent(ev.params.confidence, 0)}予測区間）",
        )
    ax.axhline(p.target_rate, color=DARK, linestyle="--", linewidth=1.0, label="目標")
    ax.axvline(p.due, color=LIGHT_GREY, linewidth=1.0)
    ax.yaxis.set_major_formatter(FuncFormatter(_percent_axis))
    ticks = _quarter_ticks(first, end)
    ax.set_xticks(ticks, [_month_label(t) for t in ticks])
    unit_label(ax, "（%）")
    legend_below(ax, 2)
    return figure_block(
        fig,
        "全体の進捗率の推移と期日までの見通し",
        _source(ev),
        pace_alt(ev),
        notes=["直線は各集計時点の進捗率に当てはめたもので、同じペースが続いた場合の見通しです。"],
    )


def _quarter_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = 3 if months <= 24 else 6
    out, y, m = [], first.year, first.month
    while dt.date(y, m, 1) <= last:
        out.append(dt.date(y, m, 1))
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return out


def _month_label(day: dt.date) -> str:
    """「令和6年\n7月」: two short lines, so quarterly ticks fit."""
    return fmt.month(day).replace("年", "年\n", 1)
