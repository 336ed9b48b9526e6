"""Figures of the online-procedures evaluation, as numbered :class:`FigureBlock`s: the chart as
SVG with its title, 出典 and notes as text beside it, and an alt text giving the numbers shown.

Plotting only: every number comes from the evaluation passed in. Each chart takes its values
from one private function, which its alt text (``*_alt``) reads too, so the two cannot disagree.
The section functions (:func:`status`, :func:`pace`, :func:`plan`, :func:`decomposition`,
:func:`concentration`) return the figure a report section shows, or None when the evaluation
has nothing to draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter

from ... import fmt
from ...report.figures import (
    DARK,
    LABEL_SIZE,
    LIGHT_GREY,
    MID_BLUE,
    NAVY,
    ORANGE,
    FigureBlock,
    figure_block,
    in_words,
    is_missing,
    legend_below,
    new_figure,
    signed_label,
    synthetic_watermark,
    unit_label,
    year_axis,
    year_tick,
)
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

# ---- sections -------------------------------------------------------------------------------


def status(ev: OnlineEvaluation) -> FigureBlock | None:
    """Section 1: coverage and usage by year."""
    if ev.measures is None:
        return None
    return coverage_usage_chart(ev.measures, present.source(ev, metrics.SUMMARY))


def pace(ev: OnlineEvaluation) -> FigureBlock | None:
    """Section 3: the pace to target."""
    if ev.pace is None:
        return None
    return pace_chart(ev.measures, ev.pace, present.source(ev, metrics.SUMMARY))


def plan(ev: OnlineEvaluation) -> FigureBlock | None:
    """Section 4: the plan by priority band."""
    if ev.plan is None:
        return None
    return plan_chart(ev.plan, present.source(ev, metrics.PLAN))


def decomposition(ev: OnlineEvaluation) -> FigureBlock | None:
    """Section 5: the parts of the usage change, when computed."""
    if ev.decomposition is None:
        return None
    source = present.source(ev, metrics.RECORDS)
    return decomposition_chart(ev.decomposition, source, present.is_synthetic(ev, metrics.RECORDS))


def concentration(ev: OnlineEvaluation) -> FigureBlock | None:
    """Section 5: the concentration of the backlog's applications, when computed."""
    if ev.concentration is None:
        return None
    source = present.source(ev, metrics.RECORDS)
    synthetic = present.is_synthetic(ev, metrics.RECORDS)
    return concentration_chart(ev.concentration, source, synthetic)


# ---- coverage and usage ---------------------------------------------------------------------

SERIES_LABELS = {"coverage": "オンライン対応率", "usage": "オンライン利用率"}
SERIES_COLORS = {"coverage": NAVY, "usage": MID_BLUE}
STATUS_NOTES = (
    "オンライン対応率＝オンライン対応済手続数÷オンライン対応可能手続数（各年度末時点）。",
    "オンライン利用率＝オンライン申請数÷オンライン対応済手続の申請数。",
)


def _coverage_usage_values(m: OnlineMeasures) -> dict[str, list[tuple[int, float]]]:
    """measure → (fiscal year, fraction) for each year, NaN where it cannot be computed."""
    cols = [c for c in SERIES_LABELS if c in m.table.columns]
    return {c: [(int(y), float(m.table.loc[y, c])) for y in m.years] for c in cols}


def coverage_usage_alt(m: OnlineMeasures) -> str:
    """The coverage and usage the chart shows, year by year, in one sentence per measure."""
    sentences = []
    for col, points in _coverage_usage_values(m).items():
        values = "、".join(f"{fmt.fiscal_year(y)}{in_words(fmt.percent(v))}" for y, v in points)
        sentences.append(f"{SERIES_LABELS[col]}は{values}。")
    return "".join(sentences) or "オンライン対応率と利用率の値はありません。"


def coverage_usage_chart(m: OnlineMeasures, source: str) -> FigureBlock:
    """Coverage and usage by fiscal year as grouped bars labelled with their percentages."""
    fig, ax = new_figure(7.0, 3.6)
    series = _coverage_usage_values(m)
    years = list(m.years)
    x = np.arange(len(years))
    width = 0.8 / max(len(series), 1)
    for i, (col, points) in enumerate(series.items()):
        values = np.array([v for _, v in points], dtype=float)
        offset = (i - (len(series) - 1) / 2) * width
        bars = ax.bar(
            x + offset,
            np.nan_to_num(values),
            width * 0.92,
            label=SERIES_LABELS[col],
            color=SERIES_COLORS[col],
            edgecolor=DARK,
            linewidth=0.6,
        )
        for bar, v in zip(bars, values, strict=True):
            ax.annotate(
                fmt.percent(v),
                (bar.get_x() + bar.get_width() / 2, 0 if np.isnan(v) else v),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=LABEL_SIZE,
            )
    ax.set_xticks(x, [year_tick(y) for y in years])
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, 1.0)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.0f}"))
    unit_label(ax, "（%）")
    if series:
        legend_below(ax, len(series))
    return figure_block(
        fig,
        "オンライン対応率と利用率の推移",
        source,
        coverage_usage_alt(m),
        notes=[n for n, c in zip(STATUS_NOTES, SERIES_LABELS, strict=True) if c in series],
    )


# ---- pace to target -------------------------------------------------------------------------


@dataclass(frozen=True)
class _PaceValues:
    observed: list[tuple[int, float]]  # fiscal year, procedures online
    path_years: list[int]  # the latest year to the target year
    observed_path: list[float]  # the observed pace extended
    required_path: list[float] | None  # the pace the target needs
    target: int


def _pace_values(m: OnlineMeasures, p: PaceToTarget) -> _PaceValues:
    obs = m.table.loc[list(p.years_observed), "procedures_online"]
    years = list(range(p.latest_fiscal_year, p.target_fiscal_year + 1))
    steps = np.arange(len(years))
    observed_path = [float(v) for v in p.latest_online + p.observed_per_year * steps]
    required = None
    if p.required_per_year is not None:
        required = [float(v) for v in p.latest_online + p.required_per_year * steps]
    return _PaceValues(
        [(int(y), float(v)) for y, v in obs.items()],
        years,
        observed_path,
        required,
        p.procedures_needed,
    )


def _pace_title(p: PaceToTarget) -> str:
    return f"オンライン対応済手続数の実績と{fmt.fiscal_year(p.target_fiscal_year)}末の目標"


def pace_alt(m: OnlineMeasures, p: PaceToTarget) -> str:
    """The observed counts, the target and both paces, as the chart shows them."""
    v = _pace_values(m, p)
    observed = "、".join(f"{fmt.fiscal_year(y)}{in_words(fmt.count(n))}" for y, n in v.observed)
    end = fmt.fiscal_year(p.target_fiscal_year)
    text = (
        f"オンライン対応済手続数は{observed}手続。目標（{end}末に対応率"
        f"{fmt.percent(p.target_coverage, 0)}、{fmt.count(v.target)}手続）"
    )
    if v.required_path is None:
        return text + f"に対し、{end}末の実績は{fmt.count(v.observed_path[-1])}手続です。"
    return text + (
        f"に達するには年{fmt.count(p.required_per_year)}手続のペースが必要ですが、観測されたペース"
        f"（年{fmt.count(p.observed_per_year)}手続）が続くと{end}末は"
        f"{fmt.count(v.observed_path[-1])}手続です。"
    )


def pace_chart(m: OnlineMeasures, pace: PaceToTarget, source: str) -> FigureBlock:
    """Procedures online: observed, the observed pace extended, and the path the target needs."""
    v = _pace_values(m, pace)
    fig, ax = new_figure(7.0, 3.8)
    obs_years = [y for y, _ in v.observed]
    obs_values = [n for _, n in v.observed]
    ax.plot(
        obs_years,
        obs_values,
        "-o",
        color=NAVY,
        lw=2,
        ms=6,
        zorder=4,
        label="実績（オンライン対応済手続数）",
    )
    for y, n in v.observed:
        latest = y == pace.latest_fiscal_year and len(v.path_years) > 1
        ax.annotate(  # the latest value above left, clear of the paths that start there
            fmt.count(n),
            (y, n),
            xytext=(-5, 6) if latest else (0, 7),
            textcoords="offset points",
            ha="right" if latest else "center",
            va="bottom",
            fontsize=LABEL_SIZE,
        )
    if len(v.path_years) > 1:
        ax.plot(
            v.path_years,
            v.observed_path,
            "--",
            color=NAVY,
            lw=1.6,
            label=f"観測されたペースが続いた場合（年{fmt.count(pace.observed_per_year)}手続）",
        )
        ax.annotate(
            fmt.count(v.observed_path[-1]),
            (v.path_years[-1], v.observed_path[-1]),
            xytext=(6, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
        )
    if v.required_path is not None and len(v.path_years) > 1:
        ax.plot(
            v.path_years,
            v.required_path,
            "-.s",
            color=ORANGE,
            lw=1.8,
            ms=5,
            mec=DARK,
            mew=0.6,
            markevery=slice(1, None),
            label=f"目標に必要なペース（年{fmt.count(pace.required_per_year)}手続）",
        )
    target_text = f"目標 {fmt.count(v.target)}手続（対応率{fmt.percent(pace.target_coverage, 0)}）"
    all_years = sorted(set(obs_years) | set(v.path_years))
    # the target is labelled on its line at the left, unless a value there comes close to it
    left = [n for y, n in v.observed if y <= all_years[0] + 0.4 * (all_years[-1] - all_years[0])]
    on_line = all(abs(n - v.target) > 0.2 * v.target for n in left)
    ax.axhline(v.target, color=DARK, lw=1.2, label=None if on_line else target_text)
    if on_line:
        ax.annotate(
            target_text,
            (all_years[0] - 0.35, v.target),
            xytext=(0, 3),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=LABEL_SIZE,
        )
    top = max([v.target, *obs_values, *v.observed_path, *(v.required_path or [])])
    ax.set_ylim(0, top * 1.15)
    ax.set_xlim(all_years[0] - 0.4, all_years[-1] + 0.5)
    year_axis(ax, all_years)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt.count(y)))
    unit_label(ax, "（手続）")
    legend_below(ax, 1 if len(v.path_years) > 1 else 2)
    note = (
        f"目標の手続数は、オンライン対応可能手続数が{fmt.fiscal_year(pace.latest_fiscal_year)}末の"
        f"{fmt.count(pace.latest_capable)}手続のまま変わらないと仮定した値。"
    )
    return figure_block(fig, _pace_title(pace), source, pace_alt(m, pace), notes=[note])


# ---- plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PlanRow:
    band: str
    not_online: int
    planned: int
    excluded: int

    @property
    def rest(self) -> int:
        return max(self.not_online - self.planned - self.excluded, 0)


def _plan_values(p: PlanResult) -> list[_PlanRow]:
    t = p.table.drop(index=metrics.TOTAL, errors="ignore")
    return [
        _PlanRow(str(band), int(r.not_online), int(r.planned_online), int(r.planned_excluded))
        for band, r in zip(t.index, t.itertuples(), strict=True)
    ]


def _plan_label(r: _PlanRow) -> str:
    text = f"計{fmt.count(r.not_online)}（対応予定{fmt.count(r.planned)}"
    if r.excluded:
        text += f"、対象外予定{fmt.count(r.excluded)}"
    return text + "）"


def plan_alt(p: PlanResult) -> str:
    """Each band's procedures not yet online and how many are planned, as the chart shows."""
    rows = _plan_values(p)
    parts = "、".join(
        f"優先度{r.band}は{fmt.count(r.not_online)}手続中{fmt.count(r.planned)}手続" for r in rows
    )
    year = fmt.fiscal_year(p.fiscal_year)
    text = f"{year}にオンライン対応を予定する手続は、未対応の手続のうち{parts}です。"
    excluded = "、".join(f"優先度{r.band}の{fmt.count(r.excluded)}手続" for r in rows if r.excluded)
    if excluded:
        text += f"オンライン化の対象外とする予定の手続は{excluded}です。"
    return text


def plan_chart(plan: PlanResult, source: str) -> FigureBlock:
    """Stacked horizontal bars per priority band: planned online, planned excluded, no plan."""
    rows = _plan_values(plan)
    fig, ax = new_figure(7.0, 0.9 + 0.55 * max(len(rows), 1) + 0.6)
    y = np.arange(len(rows))
    planned = np.array([r.planned for r in rows])
    excluded = np.array([r.excluded for r in rows])
    rest = np.array([r.rest for r in rows])
    style = {"height": 0.6, "edgecolor": DARK, "linewidth": 0.6}
    ax.barh(y, planned, color=NAVY, label="対応予定", **style)
    ax.barh(y, excluded, left=planned, color=LIGHT_GREY, label="対象外予定", **style)
    ax.barh(
        y,
        rest,
        left=planned + excluded,
        color="white",
        hatch="////",
        label="予定なし（未対応のまま）",
        **style,
    )
    for i, r in enumerate(rows):
        ax.annotate(
            _plan_label(r),
            (r.planned + r.excluded + r.rest, i),
            xytext=(5, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
        )
    widest = max([r.not_online for r in rows] + [1])
    ax.set_xlim(0, widest * 1.45)
    ax.set_yticks(y, [r.band for r in rows])
    ax.invert_yaxis()
    ax.grid(False)
    ax.xaxis.grid(True)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.count(v)))
    ax.set_xlabel("（手続）", loc="right")
    unit_label(ax, "優先度")
    legend_below(ax, 3)
    return figure_block(
        fig,
        f"{fmt.fiscal_year(plan.fiscal_year)}のオンライン対応予定（優先度別）",
        source,
        plan_alt(plan),
        notes=[f"優先度は年間申請数による区分（{BAND_SUMMARY}）。"],
    )


# ---- decomposition --------------------------------------------------------------------------

DECOMPOSITION_PARTS = ("within", "mix", "newly_online", "no_longer_online")


def _decomposition_values(dec: UsageDecomposition) -> list[tuple[str, float]]:
    """(part, points) for each part and then the total, NaN where not computed."""
    frame = dec.to_frame().set_index("part")["points"].astype(float)
    return [
        (part, float(frame.get(part, math.nan))) for part in (*DECOMPOSITION_PARTS, "total_change")
    ]


def _decomposition_title(dec: UsageDecomposition) -> str:
    years = f"{fmt.fiscal_year(dec.from_year)}→{fmt.fiscal_year(dec.to_year)}"
    return f"オンライン利用率の変化の要因分解（{years}）"


def decomposition_alt(dec: UsageDecomposition) -> str:
    """The usage change and its parts, in points, as the chart shows them."""
    values = dict(_decomposition_values(dec))
    text = (
        f"オンライン利用率は{fmt.fiscal_year(dec.from_year)}の"
        f"{in_words(fmt.percent(dec.from_usage))}から{fmt.fiscal_year(dec.to_year)}の"
        f"{in_words(fmt.percent(dec.to_usage))}へ"
        f"{in_words(fmt.points_words(values['total_change']))}しました。"
    )
    parts = "、".join(
        f"{present.DECOMPOSITION_LABELS[p]}が{present.contribution(values[p])}"
        for p in DECOMPOSITION_PARTS
    )
    return text + f"内訳は、{parts}です。"


def decomposition_chart(dec: UsageDecomposition, source: str, synthetic: bool) -> FigureBlock:
    """Bars of the usage change's parts and their total, in percentage points; negative parts
    hatched and labelled with 「△」."""
    values = _decomposition_values(dec)
    fig, ax = new_figure(7.0, 3.4)
    numbers = np.array([v for _, v in values], dtype=float)
    drawn = np.nan_to_num(numbers)
    y = np.arange(len(values))
    for i, ((part, v), width) in enumerate(zip(values, drawn, strict=True)):
        total = part == "total_change"
        ax.barh(
            i,
            width,
            height=0.6,
            color=(MID_BLUE if total else NAVY) if width >= 0 else "white",
            hatch="////" if width < 0 else None,
            edgecolor=NAVY if width < 0 else DARK,
            linewidth=1.0 if width < 0 else 0.6,
        )
        ax.annotate(
            signed_label(v),
            (width, i),
            xytext=(5 if width >= 0 else -5, 0),
            textcoords="offset points",
            ha="left" if width >= 0 else "right",
            va="center",
            fontsize=LABEL_SIZE,
            fontweight="bold" if total else "normal",
        )
    lo, hi = min(drawn.min(), 0.0), max(drawn.max(), 0.0)
    span = (hi - lo) or 1.0
    # room for the labels inside the plot, on both sides, clear of the category labels
    ax.set_xlim(lo - (0.22 * span if lo < 0 else 0.04 * span), hi + 0.22 * span)
    ax.axvline(0, color=DARK, lw=0.9)
    ax.axhline(len(values) - 1.5, color=DARK, lw=0.6, ls=":")
    ax.set_yticks(y, [present.DECOMPOSITION_LABELS[p] for p, _ in values])
    ax.invert_yaxis()
    ax.grid(False)
    ax.xaxis.grid(True)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: signed_label(x, 1)))
    ax.set_xlabel("オンライン利用率の変化への寄与（ポイント）")
    if synthetic:
        synthetic_watermark(ax)
    return figure_block(
        fig,
        _decomposition_title(dec),
        source,
        decomposition_alt(dec),
        synthetic=synthetic,
        notes=["各要因の寄与の合計が利用率の変化に等しい。△は減少。"],
    )


# ---- concentration --------------------------------------------------------------------------


def _concentration_values(conc: Concentration) -> tuple[list[float], list[tuple[int, float]]]:
    """The cumulative share by rank, and the (N, share) points labelled on it."""
    if "cumulative_share" not in conc.largest.columns:
        return [], []
    curve = [float(v) for v in conc.largest["cumulative_share"]]
    marks = [
        (int(r.top_n), float(r.share))
        for r in conc.table.itertuples()
        if int(r.top_n) <= len(curve) and not is_missing(r.share)
    ]
    return curve, marks


def concentration_alt(conc: Concentration) -> str:
    """The shares of the labelled points, as the chart shows them."""
    _, marks = _concentration_values(conc)
    held = "、".join(f"上位{n}手続が{fmt.percent(s)}" for n, s in marks)
    text = (
        f"{fmt.fiscal_year(conc.fiscal_year)}末の未対応手続{fmt.count(conc.procedures)}手続の"
        f"申請{fmt.count(conc.applications)}件のうち、申請の多い"
    )
    return text + f"{held}を占めます。"


def concentration_chart(conc: Concentration, source: str, synthetic: bool) -> FigureBlock | None:
    """Cumulative share of the backlog's applications held by its largest procedures (None when
    the backlog has no applications)."""
    curve, marks = _concentration_values(conc)
    if not curve or not marks:
        return None
    fig, ax = new_figure(7.0, 3.6)
    ranks = np.arange(1, len(curve) + 1)
    ax.plot(ranks, curve, "-", color=NAVY, lw=1.8)
    ax.plot(ranks, curve, "o", color=NAVY, ms=2.5)
    for n, share in marks:
        ax.vlines(n, 0, share, color=DARK, lw=0.7, ls=":")
        ax.plot([n], [share], "o", ms=6, mfc="white", mec=NAVY, mew=1.6)
        near_axis = n < 0.08 * len(curve)
        ax.annotate(
            fmt.percent(share),
            (n, share),
            xytext=(0, 8) if near_axis else (-5, 5),
            textcoords="offset points",
            ha="center" if near_axis else "right",
            va="bottom",
            fontsize=LABEL_SIZE,
        )
    ax.set_xlim(0, len(curve) + 1)
    ax.xaxis.set_major_locator(FixedLocator(sorted({1, *(n for n, _ in marks)})))
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_locator(FixedLocator([0, 0.2, 0.4, 0.6, 0.8, 1.0]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.0f}"))
    ax.set_xlabel("申請数の多い順に数えた未対応手続の数（手続）")
    unit_label(ax, "（%）")
    if synthetic:
        synthetic_watermark(ax)
    note = (
        f"{fmt.fiscal_year(conc.fiscal_year)}末の未対応手続の申請{fmt.count(conc.applications)}件に"
        "占める、申請数の多い手続から順に累積した割合。"
    )
    return figure_block(
        fig,
        f"{fmt.fiscal_year(conc.fiscal_year)}末の未対応手続における申請の集中度",
        source,
        concentration_alt(conc),
        synthetic=synthetic,
        notes=[note],
    )
