"""Figures of the RPA / AI-OCR evaluation, as numbered :class:`FigureBlock`s: the chart as SVG
with its title, 出典 and notes as text beside it, and an alt text giving the numbers shown.

Plotting only: every number comes from the evaluation passed in. Each chart takes its values
from one private function, which its alt text (``*_alt``) reads too, so the two cannot disagree.
Published hours are 「約」 figures: they are labelled 「約5,200」 and drawn with the interval
their rounding allows. The section functions (:func:`hours`, :func:`sensitivity`,
:func:`concentration`, :func:`forecast`) return the figure a report section shows, or None when
the evaluation has nothing to draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, FuncFormatter

from ... import fmt
from ...approx import Approx
from ...report import provenance
from ...report.figures import (
    DARK,
    LABEL_SIZE,
    MID_BLUE,
    NAVY,
    FigureBlock,
    figure_block,
    legend_below,
    new_figure,
    signed_label,
    synthetic_watermark,
    unit_label,
    year_tick,
)
from . import metrics
from .metrics import RECORDS, SUMMARY, Concentration, Forecast, RpaEvaluation, Sensitivity
from .present import STAFF_DIGITS

# ---- sections -------------------------------------------------------------------------------


def hours(ev: RpaEvaluation) -> FigureBlock | None:
    """Hours saved by the processes in production, each published year up to the year shown."""
    values = _hours_values(ev)
    if not values.drawn:
        return None
    return hours_chart(values, _source(ev, SUMMARY), _synthetic(ev, SUMMARY))


def sensitivity(ev: RpaEvaluation) -> FigureBlock | None:
    """Staff-equivalents and yen as each conversion assumption moves −20% … +20%."""
    if ev.sensitivity is None or ev.sensitivity.table.empty:
        return None
    return sensitivity_chart(ev.sensitivity, _source(ev, SUMMARY), _synthetic(ev, SUMMARY))


def concentration(ev: RpaEvaluation) -> FigureBlock | None:
    """Hours saved per process, largest first, with their cumulative share (a Pareto chart)."""
    if ev.concentration is None:
        return None
    return concentration_chart(ev.concentration, _source(ev, RECORDS), _synthetic(ev, RECORDS))


def forecast(ev: RpaEvaluation) -> FigureBlock | None:
    """The pilots' expected hours against the hours they saved in production a year later."""
    if ev.forecast is None:
        return None
    return forecast_chart(ev.forecast, _source(ev, RECORDS), _synthetic(ev, RECORDS))


# ---- shared ---------------------------------------------------------------------------------


def _source(ev: RpaEvaluation, name: str) -> str:
    return provenance.dataset_source(ev.inputs, name)


def _synthetic(ev: RpaEvaluation, name: str) -> bool:
    return provenance.is_synthetic(ev.inputs, name)


def _hours_text(figure: Approx) -> str:
    """「約5,200」, or 「5,200」 for an exact figure."""
    return fmt.about(figure)


def _staff_text(figure: Approx) -> str:
    """「約2.76」 staff-equivalents (two decimals, as in the tables)."""
    return fmt.about(figure, STAFF_DIGITS)


def _yen_text(figure: Approx) -> str:
    """「約1,846」 (万円, whole)."""
    return fmt.about(figure, scale=fmt.man_yen)


def _bar_label(ax, text: str, x: float, y: float, *, horizontal: bool = False, **kw) -> None:
    """A value at the end of a bar: above a vertical bar, right of a horizontal one."""
    ax.annotate(
        text,
        (y, x) if horizontal else (x, y),
        xytext=(4, 0) if horizontal else (0, 3),
        textcoords="offset points",
        ha="left" if horizontal else "center",
        va="center" if horizontal else "bottom",
        fontsize=LABEL_SIZE,
        **kw,
    )


# ---- hours by year --------------------------------------------------------------------------


@dataclass(frozen=True)
class _YearHours:
    year: int
    processes: int
    hours: Approx
    staff: Approx


@dataclass(frozen=True)
class _HoursValues:
    drawn: list[_YearHours]  # the years with published hours, oldest first
    without_hours: list[tuple[int, int]]  # (year, processes) in production, hours not published
    technologies: list[str]  # the tool families the drawn years count, oldest first
    hours_per_fte: float


def _hours_values(ev: RpaEvaluation) -> _HoursValues:
    empty = _HoursValues([], [], [], ev.params.hours_per_fte)
    loaded = ev.inputs.get(SUMMARY)
    if ev.year.shown is None or loaded is None or loaded.frame is None:
        return empty
    drawn, without, technologies = [], [], []
    for year in sorted(y for y in ev.year.available if y <= ev.year.shown):
        row = metrics.hours_saved(loaded.frame, year)
        if row.hours is None:
            without.append((year, row.processes))
            continue
        staff = metrics.staff_equivalents(row.hours, ev.params.hours_per_fte)
        drawn.append(_YearHours(year, row.processes, row.hours, staff))
        technologies.append(row.technology)
    return _HoursValues(drawn, without, technologies, ev.params.hours_per_fte)


def _hours_title(v: _HoursValues) -> str:
    if len(v.drawn) == 1:
        return f"{fmt.fiscal_year(v.drawn[0].year)}のRPA・AI-OCRによる年間削減時間（本格導入業務）"
    return "RPA・AI-OCRによる年間削減時間の推移（本格導入業務）"


def _staff_reading(y: _YearHours) -> str:
    return f"職員{_staff_text(y.staff)}人分"


def hours_alt(v: _HoursValues) -> str:
    """Each year's hours (with the interval of a 「約」 figure), processes and staff-equivalents,
    and the years whose hours are not published."""
    years = "、".join(
        f"{fmt.fiscal_year(y.year)}は{fmt.count(y.processes)}業務で"
        f"{fmt.about_with_interval(y.hours, unit='時間')}、職員{_staff_text(y.staff)}人分"
        + (
            f"（{fmt.interval(y.staff, STAFF_DIGITS, '人分')}）"
            if fmt.interval(y.staff, STAFF_DIGITS)
            else ""
        )
        for y in v.drawn
    )
    text = f"本格導入した業務で削減された年間の業務時間は、{years}です。"
    if v.without_hours:
        missing = "、".join(
            f"{fmt.fiscal_year(y)}（{fmt.count(n)}業務が稼働）" for y, n in v.without_hours
        )
        text += f"{missing}は削減時間が公表されていないため、図にありません。"
    return text


def _hours_notes(v: _HoursValues) -> list[str]:
    notes = [
        f"職員換算＝削減時間÷職員1人の年間勤務時間（{fmt.number(v.hours_per_fte)}時間）。"
        "時間の目安であり、支出の削減額ではない。"
    ]
    rounded = [y.hours for y in v.drawn if y.hours.approximate]
    if rounded:
        notes.append(
            "誤差線は、「約」の付いた公表値の概数の幅（"
            f"{_hours_text(rounded[-1])}時間なら{fmt.interval(rounded[-1], unit='時間')}）。"
        )
    if len(set(v.technologies)) > 1:
        counted = "、".join(
            f"{fmt.fiscal_year(y.year)}は{'RPAのみ' if t == 'RPA' else 'AI-OCRとRPA'}"
            for y, t in zip(v.drawn, v.technologies, strict=True)
        )
        notes.append(f"数えている業務の範囲が年度で異なる（{counted}）。")
    if v.without_hours:
        years = "、".join(fmt.fiscal_year(y) for y, _ in v.without_hours)
        notes.append(f"{years}は削減時間が公表されていない。")
    return notes


def hours_chart(v: _HoursValues, source: str, synthetic: bool = False) -> FigureBlock:
    """Bars of the hours saved by year, labelled 「約5,200」 with the rounding interval as an
    error bar, and each year's staff-equivalents under its bar."""
    fig, ax = new_figure(7.0, 3.4)
    x = np.arange(len(v.drawn))
    values = np.array([y.hours.value for y in v.drawn])
    low = np.array([y.hours.low for y in v.drawn])
    high = np.array([y.hours.high for y in v.drawn])
    ax.bar(x, values, 0.55, color=NAVY, edgecolor=DARK, linewidth=0.6, zorder=2)
    rounded = np.array([y.hours.approximate for y in v.drawn])
    if rounded.any():  # exact figures have no interval to draw
        ax.errorbar(
            x[rounded],
            values[rounded],
            yerr=[(values - low)[rounded], (high - values)[rounded]],
            fmt="none",
            ecolor=DARK,
            elinewidth=1.0,
            capsize=6,
            capthick=1.0,
            zorder=3,
        )
    for i, y in enumerate(v.drawn):
        _bar_label(ax, _hours_text(y.hours), i, y.hours.high, fontweight="bold")
    # the years under the bars, each with its staff-equivalents (a reading, not a second axis)
    ax.set_xticks(x, [f"{year_tick(y.year)}\n{_staff_reading(y)}" for y in v.drawn])
    pad = 1.3 if len(v.drawn) == 1 else 0.6  # one bar is not drawn as wide as the page
    ax.set_xlim(-pad, len(v.drawn) - 1 + pad)
    ax.set_ylim(0, max(high.max(), 1.0) * 1.18)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda h, _: fmt.count(h)))
    unit_label(ax, "（時間）")
    if synthetic:
        synthetic_watermark(ax)
    return figure_block(
        fig, _hours_title(v), source, hours_alt(v), synthetic=synthetic, notes=_hours_notes(v)
    )


# ---- sensitivity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Panel:
    measure: str  # 「職員換算」
    unit: str  # 「人」
    assumption: str  # 「職員1人の年間勤務時間」
    default: str  # the assumption's value, e.g. 「1,883時間」
    steps: list[float]  # percent
    figures: list[Approx]
    scale: float  # drawn value = figure ÷ scale (yen → 万円)
    text: object  # Approx → its label


def _sensitivity_values(s: Sensitivity) -> tuple[_Panel, _Panel]:
    t = s.table.sort_values("step")
    approximate = s.hours.approximate
    steps = [float(v) * 100 for v in t["step"]]
    base = t[t["step"] == 0]
    per_fte = float(base["hours_per_fte"].iloc[0]) if not base.empty else None
    cost = float(base["hourly_cost_yen"].iloc[0]) if not base.empty else None
    staff = [
        Approx(float(r.staff), float(r.staff_low), float(r.staff_high), approximate)
        for r in t.itertuples()
    ]
    yen = [
        Approx(float(r.yen), float(r.yen_low), float(r.yen_high), approximate)
        for r in t.itertuples()
    ]
    return (
        _Panel(
            "職員換算",
            "人",
            "職員1人の年間勤務時間",
            f"{fmt.number(per_fte)}時間",
            steps,
            staff,
            1.0,
            _staff_text,
        ),
        _Panel(
            "金額換算",
            "万円",
            "1時間あたり人件費",
            f"{fmt.number(cost)}円",
            steps,
            yen,
            10_000.0,
            _yen_text,
        ),
    )


def _step_words(step: float) -> str:
    """A step of an assumption in prose: −20 → 「20%低いと」, 0 → 「既定値では」."""
    if round(step) == 0:
        return "既定値では"
    return f"{abs(step):.0f}%{'高い' if step > 0 else '低い'}と"


def sensitivity_alt(s: Sensitivity) -> str:
    """For each panel, the value at every step (and the interval at the default), in prose."""
    sentences = []
    for p in _sensitivity_values(s):
        scale = fmt.man_yen if p.unit == "万円" else None
        digits = STAFF_DIGITS if p.unit == "人" else 0
        parts = []
        for step, figure in zip(p.steps, p.figures, strict=True):
            shown = (
                fmt.about_with_interval(figure, digits, p.unit, scale)
                if round(step) == 0
                else fmt.about(figure, digits, p.unit, scale)
            )
            parts.append(f"{_step_words(step)}{shown}")
        sentences.append(
            f"{p.measure}は、{p.assumption}（既定値{p.default}）が{'、'.join(parts)}です。"
        )
    hours = fmt.about_with_interval(s.hours, unit="時間")
    return f"削減時間{hours}を換算した値の、前提による変化。" + "".join(sentences)


def _sensitivity_notes(s: Sensitivity) -> list[str]:
    staff, yen = _sensitivity_values(s)
    notes = [
        f"左は{staff.assumption}（既定値{staff.default}）を、右は{yen.assumption}"
        f"（既定値{yen.default}）を、それぞれ一つだけ動かした場合。△は既定値より低い前提。"
    ]
    if s.hours.approximate:
        notes.append(
            f"誤差線は、公表値「{_hours_text(s.hours)}時間」の概数の幅"
            f"（{fmt.interval(s.hours, unit='時間')}）による幅{_narrow(s.hours)}。"
        )
    return notes


def _narrow(figure: Approx) -> str:
    """「（±1.0%で、点にほぼ重なる）」 when an interval is too narrow to see on the chart."""
    half = (figure.high - figure.low) / 2 / abs(figure.value) if figure.value else 0
    return f"（±{fmt.percent(half)}で、点にほぼ重なる）" if 0 < half < 0.03 else ""


def sensitivity_chart(s: Sensitivity, source: str, synthetic: bool = False) -> FigureBlock:
    """Two panels: staff-equivalents as the working hours per person move, yen (万円) as the
    hourly cost moves; each point labelled, the approximation interval as error bars, the
    default (0%) marked."""
    fig, axes = new_figure(7.0, 3.4, ncols=2)
    panels = _sensitivity_values(s)
    for ax, p in zip(axes, panels, strict=True):
        x = np.array(p.steps)
        y = np.array([f.value for f in p.figures]) / p.scale
        low = np.array([f.low for f in p.figures]) / p.scale
        high = np.array([f.high for f in p.figures]) / p.scale
        ax.axvline(0, color=DARK, lw=0.8, ls=":", zorder=1)
        ax.plot(x, y, "-", color=NAVY, lw=1.6, zorder=3)
        if s.hours.approximate:
            ax.errorbar(
                x,
                y,
                yerr=[y - low, high - y],
                fmt="none",
                ecolor=DARK,
                elinewidth=0.9,
                capsize=3,
                zorder=4,
            )
        default = np.isclose(x, 0)
        ax.plot(x[~default], y[~default], "o", color=NAVY, ms=5, zorder=5)
        ax.plot(x[default], y[default], "D", mfc="white", mec=NAVY, mew=1.8, ms=8, zorder=5)
        for xi, hi, figure, is_default in zip(x, high, p.figures, default, strict=True):
            ax.annotate(
                p.text(figure),
                (xi, hi),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=LABEL_SIZE,
                fontweight="bold" if is_default else "normal",
            )
        if default.any():
            ax.annotate(
                f"既定値\n{p.default}",
                (0, 0),
                xytext=(3, 4),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=LABEL_SIZE - 0.5,
            )
        ax.set_xticks(x, [signed_label(v, 0) for v in x])
        span = (x.max() - x.min()) or 10.0
        ax.set_xlim(x.min() - 0.12 * span, x.max() + 0.12 * span)
        ax.set_ylim(0, high.max() * 1.22)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, d=p.unit: _axis_number(v, d)))
        ax.set_xlabel(f"{p.assumption}の前提の変化（%）")
        ax.set_title(p.measure, fontsize=9.5, fontweight="bold")
        unit_label(ax, f"（{p.unit}）")
    if synthetic:
        synthetic_watermark(axes[-1])
    return figure_block(
        fig,
        "削減時間の職員換算・金額換算と前提による変化",
        source,
        sensitivity_alt(s),
        synthetic=synthetic,
        notes=_sensitivity_notes(s),
    )


def _axis_number(value: float, unit: str) -> str:
    """Staff-equivalents with one decimal (「2.5」「3.0」), 万円 whole."""
    return fmt.number(value, 1) if unit == "人" else fmt.count(value)


# ---- concentration --------------------------------------------------------------------------


@dataclass(frozen=True)
class _ParetoValues:
    hours: list[float]  # per process, largest first
    names: list[str]
    cumulative: list[float]  # fractions
    marks: list[tuple[int, float]]  # (top N, share) labelled on the line


def _concentration_values(c: Concentration) -> _ParetoValues:
    p = c.pareto
    if p.empty or not c.hours > 0:
        return _ParetoValues([], [], [], [])
    names = (
        [str(n) for n in p["process_name"].fillna(p["process_id"])]
        if "process_name" in p.columns
        else [str(i) for i in p["process_id"]]
    )
    marks = [
        (int(r.top_n), float(r.share))
        for r in c.top.itertuples()
        if int(r.top_n) <= len(p) and r.share == r.share
    ]
    return _ParetoValues(
        [float(h) for h in p["hours"]], names, [float(s) for s in p["cumulative_share"]], marks
    )


def concentration_alt(c: Concentration) -> str:
    """The total, the shares held by the largest processes, and the largest and smallest bars."""
    v = _concentration_values(c)
    held = "、".join(f"上位{n}業務が{fmt.percent(s)}" for n, s in v.marks)
    text = (
        f"{fmt.fiscal_year(c.fiscal_year)}に本格稼働した{fmt.count(c.processes)}業務の削減時間"
        f"計{fmt.count(c.hours)}時間のうち、削減時間の多い{held}を占めます。"
    )
    if v.hours:
        text += (
            f"業務ごとの削減時間は、1位の「{v.names[0]}」の{fmt.count(v.hours[0])}時間から、"
            f"{len(v.hours)}位の「{v.names[-1]}」の{fmt.count(v.hours[-1])}時間までです。"
        )
    return text


def _rank_ticks(n: int) -> list[int]:
    """1, then every 5th rank, then the last (unless it crowds the one before)."""
    ticks = [1, *range(5, n + 1, 5)]
    if n not in ticks and n - ticks[-1] >= 2:
        ticks.append(n)
    return [t for t in ticks if t <= n]


def concentration_chart(
    c: Concentration, source: str, synthetic: bool = False
) -> FigureBlock | None:
    """Bars of hours per process by rank (left axis) and the cumulative share of the year's
    hours (right axis, %), the shares of the largest 1, 3, 5 and 10 labelled. None when the
    year has no hours."""
    v = _concentration_values(c)
    if not v.hours:
        return None
    fig, ax = new_figure(7.0, 3.8)
    ranks = np.arange(1, len(v.hours) + 1)
    ax.bar(
        ranks,
        v.hours,
        0.75,
        color=MID_BLUE,
        edgecolor=DARK,
        linewidth=0.5,
        label="業務ごとの削減時間（左軸）",
        zorder=2,
    )
    ax.set_xlim(0.3, len(ranks) + 0.7)
    ax.set_ylim(0, max(v.hours) * 1.12)
    ax.xaxis.set_major_locator(FixedLocator(_rank_ticks(len(ranks))))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda r, _: f"{r:.0f}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda h, _: fmt.count(h)))
    ax.set_xlabel("削減時間の多い順の順位")
    unit_label(ax, "（時間）")

    right = ax.twinx()
    right.grid(False)
    right.spines["right"].set_visible(True)
    right.plot(
        ranks,
        v.cumulative,
        "-o",
        color=NAVY,
        lw=1.6,
        ms=3.5,
        mfc="white",
        mec=NAVY,
        mew=1.0,
        label="累積割合（右軸）",
        zorder=4,
    )
    for n, share in v.marks:
        right.plot([n], [share], "o", ms=7, mfc=NAVY, mec="white", mew=1.0, zorder=5)
        right.annotate(
            fmt.percent(share),
            (n, share),
            xytext=(6, -4),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=LABEL_SIZE,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=6,
        )
    right.set_ylim(0, 1.12)
    right.yaxis.set_major_locator(FixedLocator([0, 0.2, 0.4, 0.6, 0.8, 1.0]))
    right.yaxis.set_major_formatter(FuncFormatter(lambda s, _: f"{s * 100:.0f}"))
    unit_label(right, "（%）", right=True)
    legend_below(ax, 2, right)
    if synthetic:
        synthetic_watermark(ax)
    notes = [
        "横軸は業務を削減時間の多い順に並べた順位。累積割合は、上位からその順位までの業務の"
        f"削減時間が{fmt.fiscal_year(c.fiscal_year)}の合計に占める割合（印は上位"
        f"{'・'.join(str(n) for n, _ in v.marks)}業務）。",
    ]
    return figure_block(
        fig,
        f"{fmt.fiscal_year(c.fiscal_year)}の業務別削減時間と累積割合（本格稼働業務）",
        source,
        concentration_alt(c),
        synthetic=synthetic,
        notes=notes,
    )


# ---- forecast -------------------------------------------------------------------------------

NAME_WIDTH = 12  # characters of a process name on one line


@dataclass(frozen=True)
class _ForecastRow:
    name: str
    expected: float
    realised: float

    @property
    def error(self) -> float:
        return self.realised - self.expected


def _forecast_values(f: Forecast) -> list[_ForecastRow]:
    """Each pilot with an outcome, the largest forecast first."""
    t = f.table.sort_values(["expected", "process_id"], ascending=[False, True])
    return [
        _ForecastRow(
            str(r.process_id if pd.isna(r.process_name) else r.process_name),
            float(r.expected),
            float(r.realised),
        )
        for r in t.itertuples()
    ]


def _against_forecast(error: float, expected: float) -> str:
    """「見込みを120時間（9.2%）下回りました」."""
    if metrics.direction(error) == "exact":
        return "見込みどおりでした"
    way = "上回りました" if error > 0 else "下回りました"
    share = f"（{fmt.percent(abs(error) / expected)}）" if expected else ""
    return f"見込みを{fmt.count(abs(error))}時間{share}{way}"


def forecast_alt(f: Forecast) -> str:
    """The totals, then each process's forecast and outcome, as the chart shows them."""
    rows = _forecast_values(f)
    pilot, outcome = fmt.fiscal_year(f.pilot_year), fmt.fiscal_year(f.outcome_year)
    text = (
        f"{pilot}に実証実験を行い{outcome}に本格稼働した{fmt.count(len(rows))}業務の削減時間は、"
        f"見込みの計{fmt.count(f.expected)}時間に対し、{outcome}の実績は計"
        f"{fmt.count(f.realised)}時間で、{_against_forecast(f.error, f.expected)}。"
    )
    each = "、".join(
        f"「{r.name}」は見込み{fmt.count(r.expected)}時間に対し実績{fmt.count(r.realised)}時間"
        for r in rows
    )
    text += f"業務ごとには、{each}です。"
    if f.not_in_production:
        text += (
            f"{outcome}に本格稼働していない{fmt.count(len(f.not_in_production))}業務は含みません。"
        )
    return text


def _wrap(name: str, width: int = NAME_WIDTH) -> str:
    return "\n".join(name[i : i + width] for i in range(0, len(name), width)) or name


def forecast_chart(f: Forecast, source: str, synthetic: bool = False) -> FigureBlock | None:
    """Per pilot, a hatched bar of its expected hours over a solid bar of the hours realised,
    each labelled (the realised one with its difference from the forecast, 「△」 when short).
    None when no pilot has an outcome."""
    rows = _forecast_values(f)
    if not rows:
        return None
    lines = max(_wrap(r.name).count("\n") + 1 for r in rows)
    fig, ax = new_figure(7.0, 1.5 + (0.5 + 0.12 * (lines - 1)) * len(rows))
    y = np.arange(len(rows))
    h = 0.36
    expected = np.array([r.expected for r in rows])
    realised = np.array([r.realised for r in rows])
    ax.barh(
        y - h / 2,
        expected,
        h,
        color="white",
        hatch="////",
        edgecolor=NAVY,
        linewidth=0.9,
        label=f"見込み（{fmt.fiscal_year(f.pilot_year)}の実証実験）",
    )
    ax.barh(
        y + h / 2,
        realised,
        h,
        color=NAVY,
        edgecolor=DARK,
        linewidth=0.6,
        label=f"実績（{fmt.fiscal_year(f.outcome_year)}）",
    )
    for i, r in enumerate(rows):
        _bar_label(ax, fmt.count(r.expected), i - h / 2, r.expected, horizontal=True)
        _bar_label(
            ax,
            f"{fmt.count(r.realised)}（{signed_label(r.error, 0)}）",
            i + h / 2,
            r.realised,
            horizontal=True,
            fontweight="bold",
        )
    widest = max([*expected, *realised, 1.0])
    ax.set_xlim(0, widest * 1.3)
    ax.set_yticks(y, [_wrap(r.name) for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(False)
    ax.xaxis.grid(True)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.count(v)))
    ax.set_xlabel("（時間）", loc="right")
    unit_label(ax, "業務")
    legend_below(ax, 2)
    if synthetic:
        synthetic_watermark(ax)
    notes = [
        "実績の括弧内は見込みとの差（時間）。△は見込みを下回ったもの。"
        f"合計は見込み{fmt.count(f.expected)}時間、実績{fmt.count(f.realised)}時間"
        f"（差{signed_label(f.error, 0)}時間）。",
    ]
    if f.not_in_production:
        notes.append(
            f"{fmt.fiscal_year(f.outcome_year)}に本格稼働していない"
            f"{fmt.count(len(f.not_in_production))}業務は含まない。"
        )
    return figure_block(
        fig,
        f"実証実験の削減時間の見込みと実績（{fmt.fiscal_year(f.pilot_year)}→"
        f"{fmt.fiscal_year(f.outcome_year)}）",
        source,
        forecast_alt(f),
        synthetic=synthetic,
        notes=notes,
    )
