"""Figures of the resident-survey evaluation, as numbered :class:`FigureBlock`s: the chart as SVG
with its title, 出典 and notes as text beside it, and an alt text giving the numbers shown.

Plotting only: every number comes from the evaluation passed in. Each chart takes its values
from one private function, which its alt text (``*_alt``) reads too, so the two cannot disagree.
A share resting on fewer respondents than ``min_cell_size`` (or hidden with it so that it
cannot be worked back from a total) is neither drawn nor given in the alt text: the chart
prints 「*」 in its place. The section functions (:func:`profile`, :func:`results`,
:func:`crosstabs`) return the figures a report section shows: None or an empty list when the
evaluation has no respondents' records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter

from ... import fmt
from ...report.figures import (
    DARK,
    LABEL_SIZE,
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
from .metrics import CrossResult, QuestionResult, SurveyEvaluation
from .present import (
    AGE_LABELS,
    SUPPRESSED,
    confidence_label,
    describe,
    is_synthetic,
    option_labels,
    p_text,
    share_interval,
    source,
)

NAME_WIDTH = 14  # characters of an option's label on one line
# a label is broken after these characters or before 「（「」, where a phrase ends
BREAK_AFTER = set("・、）」がをにはとのでも")
BREAK_BEFORE = set("（「")
SHARE_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
WEIGHTED, UNWEIGHTED, RAW_MARK = "重み付け集計", "単純集計", "単純集計（重み付けなし）"

# ---- sections -------------------------------------------------------------------------------


def profile(ev: SurveyEvaluation) -> FigureBlock | None:
    """The respondents' age make-up against the population's; None without respondents."""
    if ev.respondents is None:
        return None
    return _profile_chart(ev, _profile_values(ev))


def results(ev: SurveyEvaluation) -> list[FigureBlock]:
    """Per multiple-response question, the options ranked by the share choosing them (weighted,
    with the interval, and the unweighted share beside it); empty without respondents."""
    if ev.respondents is None:
        return []
    return [_results_chart(ev, _results_values(ev, q)) for q in ev.respondents.multiple]


def crosstabs(ev: SurveyEvaluation) -> list[FigureBlock]:
    """Per single-choice question, the share giving its first answer by age group, small
    cells left out; empty without respondents. A question none of whose age groups can be
    shown has no figure (its table shows every cell as 「*」)."""
    if ev.respondents is None:
        return []
    out = []
    for c in ev.respondents.crosstabs:
        v = _cross_values(ev, c)
        if any(share is not None for share in v.shares):
            out.append(_cross_chart(ev, v))
    return out


# ---- shared ---------------------------------------------------------------------------------


def _axis_percent(value: float, _=None) -> str:
    """A share on an axis, in percent without the sign (the unit is written once): 0.4 → 「40」."""
    return fmt.number(value * 100)


def _wrap(name: str, width: int = NAME_WIDTH) -> str:
    """A label in lines of at most ``width`` characters, broken where a phrase ends when one
    does in the second half of the line (「利用したい手続が／オンラインに対応していない」),
    else after ``width`` characters."""
    lines = []
    while len(name) > width:
        cut = next(
            (
                i
                for i in range(width, width // 2 - 1, -1)
                if name[i - 1] in BREAK_AFTER or name[i] in BREAK_BEFORE
            ),
            width,
        )
        lines.append(name[:cut])
        name = name[cut:]
    return "\n".join([*lines, name])


def _value_label(ax, text: str, x: float, y: float, *, horizontal: bool, **kw) -> None:
    """A value at the end of a bar: right of a horizontal one, above a vertical one."""
    ax.annotate(
        text,
        (x, y),
        xytext=(4, 0) if horizontal else (0, 3),
        textcoords="offset points",
        ha="left" if horizontal else "center",
        va="center" if horizontal else "bottom",
        fontsize=LABEL_SIZE,
        **kw,
    )


def _finish(ax, synthetic: bool) -> None:
    if synthetic:
        synthetic_watermark(ax)


# ---- respondents against the population -----------------------------------------------------


@dataclass(frozen=True)
class _ProfileValues:
    groups: list[str]  # 「18〜29歳」…, youngest first
    respondents: list[float]  # shares of the respondents
    population: list[float]  # shares of the population
    n: int
    population_size: float
    population_date: dt.date | None


def _profile_values(ev: SurveyEvaluation) -> _ProfileValues:
    t = ev.respondents.age_profile.table
    date = None
    loaded = ev.inputs.get(metrics.POPULATION)
    if loaded is not None and loaded.frame is not None and not loaded.frame.empty:
        latest = metrics.latest_population(loaded.frame)["reference_date"].iloc[0]
        date = dt.date.fromisoformat(str(latest)[:10])
    return _ProfileValues(
        [AGE_LABELS.get(g, g) for g in t.index],
        [float(s) for s in t["respondent_share"]],
        [float(s) for s in t["population_share"]],
        int(t["respondents"].sum()),
        float(t["population"].sum()),
        date,
    )


def profile_alt(v: _ProfileValues) -> str:
    """Each age group's share of the respondents and of the population."""
    each = "、".join(
        f"{g}は回答者の{fmt.percent(r)}（母集団では{fmt.percent(p)}）"
        for g, r, p in zip(v.groups, v.respondents, v.population, strict=True)
    )
    return f"回答者{fmt.count(v.n)}人の年齢構成を母集団と比べると、{each}です。"


def _profile_chart(ev: SurveyEvaluation, v: _ProfileValues) -> FigureBlock:
    """Per age group, a hatched bar of the population's share over a solid bar of the
    respondents', each labelled."""
    synthetic = is_synthetic(ev)
    fig, ax = new_figure(7.0, 1.3 + 0.46 * len(v.groups))
    y = np.arange(len(v.groups))
    h = 0.38
    ax.barh(
        y - h / 2,
        v.population,
        h,
        color="white",
        hatch="////",
        edgecolor=NAVY,
        linewidth=0.9,
        label="母集団",
    )
    ax.barh(y + h / 2, v.respondents, h, color=NAVY, edgecolor=DARK, linewidth=0.6, label="回答者")
    for i, (r, p) in enumerate(zip(v.respondents, v.population, strict=True)):
        _value_label(ax, fmt.percent(p), p, i - h / 2, horizontal=True)
        _value_label(ax, fmt.percent(r), r, i + h / 2, horizontal=True, fontweight="bold")
    ax.set_yticks(y, v.groups)
    ax.set_ylim(len(v.groups) - 0.5, -0.5)
    ax.set_xlim(0, max([*v.respondents, *v.population, 0.01]) * 1.22)
    ax.grid(False)
    ax.xaxis.grid(True)
    ax.xaxis.set_major_formatter(FuncFormatter(_axis_percent))
    ax.set_xlabel("（%）", loc="right")
    unit_label(ax, "年齢区分")
    legend_below(ax, 2)
    _finish(ax, synthetic)
    notes = ["18・19歳は回答者が少ないため、20〜29歳と合わせて「18〜29歳」としている。"]
    when = f"{fmt.date(v.population_date)}現在の" if v.population_date else ""
    notes.append(
        f"構成比は、回答者{fmt.count(v.n)}人、母集団（{when}18歳以上の人口"
        f"{fmt.count(v.population_size)}人）それぞれに占める割合。"
    )
    return figure_block(
        fig,
        "回答者と母集団の年齢構成",
        f"{source(ev, metrics.RESPONSES)}、{source(ev, metrics.POPULATION)}",
        profile_alt(v),
        synthetic=synthetic,
        notes=notes,
    )


# ---- multiple-response rankings -------------------------------------------------------------


@dataclass(frozen=True)
class _Option:
    label: str
    estimate: float  # weighted when weighted, else unweighted
    lower: float
    upper: float
    unweighted: float | None  # the unweighted share beside a weighted one, else None


@dataclass(frozen=True)
class _ResultValues:
    question: str
    answered: int
    max_choices: int | None
    weighted: bool
    options: list[_Option]  # ranked, the most chosen first
    interval: str  # 「95%信頼区間」
    why_unweighted: str  # the reason there is no weighted estimate ('' when weighted)


def _results_values(ev: SurveyEvaluation, q: QuestionResult) -> _ResultValues:
    labels = option_labels(q.question)
    weighted = q.weighted is not None
    frame = q.weighted if weighted else q.unweighted
    raw = q.unweighted.set_index("option")["estimate"]
    options = [
        _Option(
            labels[str(r.option).split(".", 1)[1]],
            float(r.estimate),
            float(r.lower),
            float(r.upper),
            float(raw[r.option]) if weighted else None,
        )
        for r in frame.itertuples()
    ]
    return _ResultValues(
        q.question.text,
        q.answered,
        q.question.max_choices,
        weighted,
        options,
        confidence_label(ev),
        "" if weighted else describe(ev.respondents.weighting_reason),
    )


def results_alt(v: _ResultValues) -> str:
    """Every option's share in rank order, with its interval (and the unweighted share)."""
    how = "重み付け集計で" if v.weighted else ""
    each = "、".join(
        f"「{o.label}」{fmt.percent(o.estimate)}（{v.interval}{share_interval(o.lower, o.upper)}"
        + (f"、単純集計{fmt.percent(o.unweighted)}" if o.unweighted is not None else "")
        + "）"
        for o in v.options
    )
    return (
        f"「{v.question}」に回答した{fmt.count(v.answered)}人のうち、各選択肢を選んだ人の割合は、"
        f"{how}多い順に{each}です。"
    )


def _results_chart(ev: SurveyEvaluation, v: _ResultValues) -> FigureBlock:
    """Horizontal bars of each option's share with its interval as error bars; when weighted,
    the unweighted share as an open circle and in brackets after the label."""
    synthetic = is_synthetic(ev)
    lines = max(_wrap(o.label).count("\n") + 1 for o in v.options)
    fig, ax = new_figure(7.0, 1.5 + (0.36 + 0.1 * (lines - 1)) * len(v.options))
    y = np.arange(len(v.options))
    est = np.array([o.estimate for o in v.options])
    low = np.array([o.lower for o in v.options])
    high = np.array([o.upper for o in v.options])
    ax.barh(
        y,
        est,
        0.6,
        color=MID_BLUE,
        edgecolor=DARK,
        linewidth=0.5,
        label=WEIGHTED if v.weighted else UNWEIGHTED,
        zorder=2,
    )
    ax.errorbar(
        est,
        y,
        xerr=[est - low, high - est],
        fmt="none",
        ecolor=DARK,
        elinewidth=1.0,
        capsize=3,
        label=v.interval,
        zorder=3,
    )
    ends = high.copy()
    if v.weighted:
        raw = np.array([o.unweighted for o in v.options])
        ax.plot(
            raw,
            y,
            "o",
            ls="none",
            ms=6,
            mfc="white",
            mec=DARK,
            mew=1.3,
            label=RAW_MARK,
            zorder=4,
        )
        ends = np.maximum(ends, raw)
    for i, o in enumerate(v.options):
        text = fmt.percent(o.estimate)
        if o.unweighted is not None:
            text += f"（{fmt.percent(o.unweighted)}）"
        _value_label(ax, text, ends[i], i, horizontal=True)
    ax.set_yticks(y, [_wrap(o.label) for o in v.options])
    ax.set_ylim(len(v.options) - 0.5, -0.5)
    ax.set_xlim(0, max(float(ends.max()), 0.01) * (1.32 if v.weighted else 1.18))
    ax.grid(False)
    ax.xaxis.grid(True)
    ax.xaxis.set_major_formatter(FuncFormatter(_axis_percent))
    ax.set_xlabel("（%）", loc="right")
    unit_label(ax, "選択肢")
    # the legend in the order the note reads: bars, their interval, the unweighted share
    handles, labels = ax.get_legend_handles_labels()
    rank = {WEIGHTED: 0, UNWEIGHTED: 0, RAW_MARK: 2}  # the interval in between
    order = sorted(range(len(labels)), key=lambda i: rank.get(labels[i], 1))
    fig.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="outside lower center",
        ncol=len(order),
        handlelength=2.6,
    )
    _finish(ax, synthetic)
    limit = f"{v.max_choices}つまで選択" if v.max_choices else "いくつでも選択"
    notes = [
        f"割合は、この設問に回答した{fmt.count(v.answered)}人に占める、その選択肢を選んだ人の"
        f"割合（{limit}のため、合計は100%を超える）。",
    ]
    if v.weighted:
        notes.append(
            f"棒と数値は重み付け集計、誤差線はその{v.interval}。白丸と括弧内の数値は単純集計"
            "（重み付けなし）。順位は重み付け集計による。"
        )
    else:
        notes.append(f"重み付けをしていない単純集計（{v.why_unweighted}）。誤差線は{v.interval}。")
    return figure_block(
        fig,
        f"{v.question}（回答者{fmt.count(v.answered)}人）",
        source(ev, metrics.RESPONSES),
        results_alt(v),
        synthetic=synthetic,
        notes=notes,
    )


# ---- by age group ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _CrossValues:
    question: str
    option: str  # the label of the answer drawn, 「ある」
    groups: list[str]  # 「18〜29歳」…
    shares: list[float | None]  # None where suppressed
    secondary: bool  # some shares are hidden only so that a hidden one cannot be worked back
    p: float
    weighted: bool
    min_cell_size: int


def _cross_values(ev: SurveyEvaluation, c: CrossResult) -> _CrossValues:
    option, label = c.question.options[0]
    hide = c.suppressed
    counts = c.table.counts.reindex(index=hide.index)
    shares = c.table.row_shares.reindex(index=hide.index)
    has_option = option in hide.columns
    drawn, secondary = [], False
    for group in hide.index:
        if not has_option:
            drawn.append(0.0)
        elif bool(hide.loc[group, option]):
            drawn.append(None)
            secondary |= bool(counts.loc[group, option] >= ev.params.min_cell_size)
        else:
            drawn.append(float(shares.loc[group, option]))
    return _CrossValues(
        c.question.text,
        label,
        [AGE_LABELS.get(g, g) for g in hide.index],
        drawn,
        secondary,
        c.table.f_p,
        c.weighted,
        ev.params.min_cell_size,
    )


def crosstab_alt(v: _CrossValues) -> str:
    """The share of every age group shown, and the groups not shown (without a value)."""
    shown = "、".join(
        f"{g}{fmt.percent(s)}" for g, s in zip(v.groups, v.shares, strict=True) if s is not None
    )
    text = f"「{v.question}」に「{v.option}」と答えた人の割合は、年齢区分別に{shown}です。"
    hidden = [g for g, s in zip(v.groups, v.shares, strict=True) if s is None]
    if hidden:
        text += (
            f"{'、'.join(hidden)}は、回答者が{v.min_cell_size}人未満の回答を含むため"
            "示していません。"
        )
    return text


def _cross_chart(ev: SurveyEvaluation, v: _CrossValues) -> FigureBlock:
    """A bar per age group, labelled; 「*」 where the share is suppressed. The share of all
    respondents is not drawn: with the population's age make-up it would give back a single
    suppressed group's share."""
    synthetic = is_synthetic(ev)
    fig, ax = new_figure(7.0, 3.6)
    x = np.arange(len(v.groups))
    shown = [i for i, s in enumerate(v.shares) if s is not None]
    values = [v.shares[i] for i in shown]
    ax.bar(shown, values, 0.6, color=NAVY, edgecolor=DARK, linewidth=0.6, zorder=2)
    for i, s in zip(shown, values, strict=True):
        _value_label(ax, fmt.percent(s), i, s, horizontal=False, fontweight="bold")
    for i, s in enumerate(v.shares):
        if s is None:
            ax.annotate(
                SUPPRESSED,
                (i, 0),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=LABEL_SIZE + 3,
                fontweight="bold",
            )
    ax.set_xticks(x, v.groups)
    ax.set_xlim(-0.6, len(v.groups) - 0.4)
    ax.set_ylim(0, 1.1)
    ax.yaxis.set_major_locator(FixedLocator(SHARE_TICKS))
    ax.yaxis.set_major_formatter(FuncFormatter(_axis_percent))
    unit_label(ax, "（%）")
    _finish(ax, synthetic)
    how = "重み付け集計" if v.weighted else "単純集計"
    notes = [f"{how}による、各年齢区分で「{v.option}」と答えた人の割合（無回答を除く）。"]
    if any(s is None for s in v.shares):
        also = "（合計から逆算できないよう併せて表示していないものを含む）" if v.secondary else ""
        notes.append(f"{SUPPRESSED}は回答者が{v.min_cell_size}人未満のため表示していない{also}。")
    return figure_block(
        fig,
        f"{v.question}：「{v.option}」の割合（年齢区分別、Rao–Scott検定 {p_text(v.p)}）",
        source(ev, metrics.RESPONSES),
        crosstab_alt(v),
        synthetic=synthetic,
        notes=notes,
    )
