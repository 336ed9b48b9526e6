"""Figures of the cashless evaluation: the cashless share by month, each launch's interrupted time
series with the counterfactual line, and the event study's effects by months since launch.

Plotting only: every number comes from the evaluation; each alt text reads the values drawn.
Effects estimated on the log scale are drawn as proportional changes (%).
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter

from ... import fmt
from ...report import provenance
from ...report.figures import (
    DARK,
    LIGHT_GREY,
    MID_BLUE,
    NAVY,
    FigureBlock,
    figure_block,
    legend_below,
    new_figure,
    synthetic_watermark,
    unit_label,
)
from . import metrics
from .metrics import CashlessEvaluation, proportional
from .present import change, month_text


def _source(ev: CashlessEvaluation) -> str:
    return provenance.dataset_source(ev.inputs, metrics.MONTHLY)


def _synthetic(ev: CashlessEvaluation) -> bool:
    return provenance.is_synthetic(ev.inputs, metrics.MONTHLY)


def _finish(ax, synthetic: bool) -> None:
    if synthetic:
        synthetic_watermark(ax)


def _month_ticks(ax, months: list[str]) -> None:
    """Ticks at every April (the fiscal year's first month), labelled 「令和3年\\n4月」."""
    positions = [i for i, m in enumerate(months) if m.endswith("-04")] or [0]
    ax.set_xticks(positions, [month_text(months[i]).replace("年", "年\n", 1) for i in positions])


def _percent(value: float, _=None) -> str:
    return f"{value * 100:.0f}"


# ---- uptake ---------------------------------------------------------------------------------


def uptake_alt(ev: CashlessEvaluation) -> str:
    e = ev.effects
    last = e.series[e.series["month"] == e.last_month]
    parts = [
        f"{r.window}{fmt.percent(r.cashless_share)}"
        for r in last.itertuples()
        if e.launches.get(r.window) and e.launches[r.window] <= e.last_month
    ]
    return f"{month_text(e.last_month)}のキャッシュレス利用割合は、" + "、".join(parts) + "。"


def uptake(ev: CashlessEvaluation) -> FigureBlock | None:
    """The cashless share of payments by month, one line per launched window."""
    e = ev.effects
    if e is None or not e.launched:
        return None
    months = sorted(e.series["month"].unique())
    first = min(e.launches[w] for w in e.launched)
    shown = [m for m in months if m >= _add(first, -3)]
    fig, ax = new_figure(7.0, 3.8)
    styles = [("-", NAVY), ("--", MID_BLUE), (":", DARK), ("-.", MID_BLUE)]
    groups = _launch_groups(e)
    for (style, colour), (label, windows) in zip(styles * 4, groups.items(), strict=False):
        rows = e.series[e.series["window"].isin(windows) & e.series["month"].isin(shown)]
        total = rows.groupby("month")[["cashless", "transactions"]].sum()
        share = (total["cashless"] / total["transactions"]).reindex(shown)
        ax.plot(range(len(shown)), share.to_numpy(), linestyle=style, color=colour, label=label)
    ax.yaxis.set_major_formatter(FuncFormatter(_percent))
    ax.set_ylim(0, 1)
    _month_ticks(ax, shown)
    unit_label(ax, "（%）")
    legend_below(ax, 2)
    _finish(ax, _synthetic(ev))
    return figure_block(
        fig,
        "キャッシュレス利用割合の推移（件数による）",
        _source(ev),
        uptake_alt(ev),
        synthetic=_synthetic(ev),
        notes=["導入の時期が同じ窓口はまとめて（件数を合計して）示しています。"],
    )


def _launch_groups(e) -> dict[str, list[str]]:
    """Launched windows grouped by launch month (one line each on the chart)."""
    by_month: dict[str, list[str]] = {}
    for window in e.launched:
        by_month.setdefault(e.launches[window], []).append(window)
    out = {}
    for month, windows in sorted(by_month.items()):
        label = windows[0] if len(windows) == 1 else f"{month_text(month)}導入の{len(windows)}窓口"
        out[label] = windows
    return out


def _add(month: str, n: int) -> str:
    year, mon = (int(p) for p in month.split("-"))
    index = year * 12 + mon - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# ---- interrupted time series ----------------------------------------------------------------


def its_alt(ev: CashlessEvaluation, w) -> str:
    its = w.its
    return (
        f"{w.window}の現金払いの件数の月ごとの推移と、導入（{month_text(w.launch)}）がなかった"
        f"場合の見込み。導入月の水準の変化{change(proportional(its.level_change.estimate))}、"
        f"導入後の平均の効果{change(proportional(its.mean_effect.estimate))}。"
    )


def its(ev: CashlessEvaluation) -> list[FigureBlock]:
    """One chart per launch group's first window with an estimate: observed cash payments,
    the model's fit and the counterfactual after launch (in counts)."""
    e = ev.effects
    if e is None:
        return []
    out = []
    seen_launches = set()
    for w in e.windows:
        if w.its is None or w.launch in seen_launches:
            continue
        seen_launches.add(w.launch)
        out.append(_its_chart(ev, w))
    return out


def _its_chart(ev: CashlessEvaluation, w) -> FigureBlock:
    its = w.its
    months = list(its.months)
    x = np.arange(len(months))
    post = np.array([m >= w.launch for m in months])
    fig, ax = new_figure(7.0, 3.8)
    ax.plot(x, np.exp(its.observed), "o", color=NAVY, markersize=3, label="実績")
    ax.plot(x, np.exp(its.fitted), color=MID_BLUE, label="回帰による当てはめ")
    counterfactual = np.exp(np.asarray(its.counterfactual))
    ax.plot(
        x[post],
        counterfactual[post],
        color=DARK,
        linestyle="--",
        label="導入がなかった場合の見込み",
    )
    start = int(np.argmax(post))
    ax.axvline(start - 0.5, color=LIGHT_GREY, linewidth=1.2)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _=None: fmt.count(v)))
    ax.set_ylim(bottom=0)
    _month_ticks(ax, months)
    unit_label(ax, "（件／月）")
    legend_below(ax, 3)
    _finish(ax, _synthetic(ev))
    return figure_block(
        fig,
        f"{w.window}の現金払いの件数と導入がなかった場合の見込み",
        _source(ev),
        its_alt(ev, w),
        synthetic=_synthetic(ev),
        notes=["縦線は導入月の前です。見込みは導入前の傾向と季節変動を延ばした値です。"],
    )


# ---- event study ----------------------------------------------------------------------------


def study_alt(ev: CashlessEvaluation) -> str:
    s = ev.effects.study
    rows = s.effects[s.effects["event_time"] >= 0]
    parts = "、".join(
        f"{int(r.event_time)}か月後{change(proportional(r.effect))}" for r in rows.itertuples()
    )
    return f"導入からの月数ごとの効果（差の差分析）。導入月を0として、{parts}。"


def study(ev: CashlessEvaluation) -> FigureBlock | None:
    """Effects by months since launch with their intervals; before launch, the check."""
    e = ev.effects
    if e is None or e.study is None:
        return None
    s = e.study
    f = s.effects
    fig, ax = new_figure(7.0, 3.8)
    effect = np.expm1(f["effect"].to_numpy())
    lower = np.expm1(f["lower"].to_numpy())
    upper = np.expm1(f["upper"].to_numpy())
    pre = f["event_time"].to_numpy() < 0
    for mask, colour, marker, label in (
        (pre, MID_BLUE, "s", "導入前（平行トレンドの確認）"),
        (~pre, NAVY, "o", "導入後の効果"),
    ):
        ax.errorbar(
            f["event_time"][mask],
            effect[mask],
            yerr=[effect[mask] - lower[mask], upper[mask] - effect[mask]],
            fmt=marker,
            color=colour,
            capsize=3,
            label=f"{label}（{fmt.percent(ev.params.confidence, 0)}信頼区間）",
        )
    ax.axhline(0, color=DARK, linewidth=0.8)
    ax.axvline(-0.5, color=LIGHT_GREY, linewidth=1.2)
    ax.yaxis.set_major_formatter(FuncFormatter(_percent))
    ticks = list(f["event_time"])
    ax.set_xticks(ticks, [str(t) if t >= 0 else f"△{-t}" for t in ticks])
    ax.set_xlabel("導入からの月数（導入月＝0）")
    unit_label(ax, "（%）")
    legend_below(ax, 1)
    _finish(ax, _synthetic(ev))
    return figure_block(
        fig,
        "導入からの月数ごとの現金払いの件数の変化（差の差分析）",
        _source(ev),
        study_alt(ev),
        synthetic=_synthetic(ev),
        notes=["導入の前月（△1）を基準（0%）とした、未導入の窓口に比べた増減率です。"],
    )
