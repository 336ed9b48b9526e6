"""Cashless payment and outreach for the reader: numbered tables and Japanese findings from one
evaluation.

Formatting only: every figure and decision comes from :func:`.metrics.evaluate`. Shares and
effects are percentages with one decimal; effects estimated on the log scale are printed as
proportional changes (exp(b) − 1), so 「△19.6%」 means 19.6% fewer cash payments than the
counterfactual. Participants per session and reach per 1,000 have one decimal.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

import pandas as pd

from ... import fmt
from ...report import notices, provenance
from ...report.summary import Summary
from ...report.tables import Table, table
from ..base import Reason
from . import metrics
from .metrics import CashlessEvaluation, proportional

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "キャッシュレス利用割合",
        "窓口で手数料を支払った件数のうち、キャッシュレス決済（クレジットカード、電子マネー、"
        "QRコード決済等）で支払われた件数の割合。",
    ),
    (
        "現金払いの件数",
        "手数料を支払った件数 − キャッシュレス決済の件数。導入の効果はこの件数で測る。",
    ),
    (
        "分割時系列分析",
        "導入前の推移（傾向と月ごとの季節変動）を導入後に延ばした値（導入がなかった場合の見込み）"
        "と実際の値を比べ、導入月の水準の変化と、その後の傾きの変化を推定する方法。月ごとの"
        "誤差の相関を考慮した標準誤差（Newey–West）を用いる。",
    ),
    (
        "差の差分析（イベントスタディ）",
        "導入した窓口の変化から、まだ導入していない窓口の同じ月の変化を差し引き、導入からの"
        "経過月ごとの効果を推定する方法。導入前の月の値が0に近いことは、前提（平行トレンド）と"
        "整合的かの目安となる。",
    ),
    (
        "効果の表し方",
        "現金払いの件数の対数で推定し、導入がなかった場合に比べた増減率（%）で示す。"
        "「△」は減少を示す。",
    ),
    (
        "延べ参加者数",
        "各回の参加者数の合計。同じ人が複数回参加すると複数人として数える。",
    ),
    (
        "65歳以上1,000人あたりの延べ参加者数",
        "延べ参加者数 ÷ 65歳以上の人口 × 1,000。延べの数であり、参加した人の割合ではない。",
    ),
)
ROUNDING = (
    "割合と効果（%）は小数点以下第2位を四捨五入して第1位まで、1回あたりの参加者数と"
    "1,000人あたりの延べ参加者数は小数点以下第1位まで表示しています。効果の区間は信頼区間"
    "です。表の「△」は減少を、「—」は値がないことを示します。"
)
CAVEATS_EFFECT = (
    "効果の推定は、導入がなければ導入前の傾向と季節変動が続いた（分割時系列分析）、または"
    "導入した窓口と未導入の窓口が同じように推移した（差の差分析）という仮定に基づきます。"
    "同じ時期の他の変化（コンビニ交付の拡大など）が窓口ごとに異なる場合、効果に混ざります。",
    "本庁舎の区民課窓口は1か所のみのため、差の差分析の標準誤差は、窓口・月ごとの誤差が独立"
    "で大きさが等しいという仮定に基づきます。",
    "分割時系列分析の信頼区間は、4年程度の月次データでは狭めに出ます。合成データによる"
    "シミュレーションでは、95%信頼区間が真の効果を含んだ割合は86%でした（差の差分析は96%）。",
)
REASONS: dict[str, str] = {
    "no_records": "窓口・月ごとのデータがありません",
    "no_launch_table": "導入時期を記した公表データがありません",
    "no_records_for_year": "対象年度末までの窓口・月ごとのデータがありません",
    "no_launch": "導入時期が公表データにありません",
    "not_yet": "導入（{launch}）が対象年度より後です",
    "short_pre": "導入前のデータが{found}か月分で、季節変動を含めた推定に必要な{needed}か月分に"
    "足りません",
    "short_post": "導入後のデータが{found}か月分で、推定に必要な{needed}か月分に足りません",
    "zero_cash": "現金払いの件数が0の月があり、対数による推定ができません",
    "no_launch_yet": "対象年度末までに導入した窓口がありません",
    "no_comparison": "比較できる未導入の窓口がありません",
    "study_failed": "比較に使える期間が短く、推定できません",
    "no_data_for_year": "対象年度以前のデータがありません",
    "no_population": "65歳以上の人口のデータがありません",
    "unnamed_source": "参加者数の資料に自治体名の記載がなく、区の人口と比べられません",
    "no_participants": "参加者数が公表されていない実施主体があります",
}
RUN_LABELS = {
    "example_dir": "窓口・月ごとのデータのフォルダ",
    "confidence": "信頼区間の信頼水準",
    "leads": "イベントスタディで示す導入前の月数",
}
UNNAMED = "自治体名の記載なし"


def describe(why: Reason | None) -> str:
    if why is None:
        return ""
    values = dict(why.values)
    if "launch" in values:
        values["launch"] = month_text(str(values["launch"]))
    return REASONS[why.code].format(**values)


def month_text(month: str) -> str:
    """「2023-12」 → 「令和5年12月」."""
    return fmt.month(month)


def change(value: float | None) -> str:
    """A proportional change for a table: 「△19.6%」, 「3.1%」."""
    if value is None:
        return fmt.MISSING
    return fmt.delta(value * 100, 1) + "%"


def change_words(value: float) -> str:
    """「19.6%減少」."""
    return f"{fmt.number(abs(value) * 100, 1)}%{'減少' if value < 0 else '増加'}"


def interval(lower: float, upper: float) -> str:
    """An interval for a table: 「△37.3%〜△24.5%」."""
    return f"{change(proportional(lower))}〜{change(proportional(upper))}"


def interval_words(lower: float, upper: float) -> str:
    """An interval in prose, without △: 「37.3%減少〜24.5%減少」."""
    return f"{change_words(proportional(lower))}〜{change_words(proportional(upper))}"


def source(ev: CashlessEvaluation, name: str) -> str:
    return provenance.dataset_source(ev.inputs, name)


def is_synthetic(ev: CashlessEvaluation) -> bool:
    return provenance.is_synthetic(ev.inputs, metrics.MONTHLY)


def confidence(ev: CashlessEvaluation) -> str:
    return fmt.percent(ev.params.confidence, 0)


# ---- header and summary ---------------------------------------------------------------------


def header(ev: CashlessEvaluation) -> list[object]:
    lines = notices.year_lines(
        ev.year,
        "この年度以前のキャッシュレス決済の公表データはありません。",
        "表示する公表データの年度",
    )
    out: list[object] = [notices.bullets(lines)]
    if ev.effects is not None:
        year, month = (int(p) for p in ev.effects.last_month.split("-"))
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        out.append(notices.as_of(last, ev.params.fiscal_year, "窓口・月ごとのデータの最終月末"))
    return out


def launch_sentence(ev: CashlessEvaluation) -> str | None:
    if not ev.launches:
        return None
    parts = [
        f"{month_text(x.month)}から{x.window}"
        + ("（資料の時点では予定）" if "予定" in (x.note or "") else "")
        for x in ev.launches
    ]
    return "キャッシュレス決済は、" + "、".join(parts) + "で導入されています（公表資料による）。"


def effect_sentences(ev: CashlessEvaluation) -> list[str]:
    e = ev.effects
    if e is None:
        return [f"導入の効果は示せません（{describe(ev.effects_reason)}）。"]
    out = []
    mark = _trial_mark(ev)
    first = next((w for w in e.windows if w.its is not None), None)
    if first is not None:
        mean = first.its.mean_effect
        out.append(
            f"{mark}{first.window}では、導入後（{month_text(first.launch)}〜"
            f"{month_text(e.last_month)}）の現金払いの件数が、導入がなかった場合の見込みに比べて"
            f"平均{change_words(proportional(mean.estimate))}しました（分割時系列分析、"
            f"{confidence(ev)}信頼区間{interval_words(mean.lower, mean.upper)}）。"
        )
    s = e.study
    if s is not None:
        a = s.average_effect
        post = [m for m in s.months if m >= min(s.cohorts)]
        out.append(
            f"{mark}未導入の窓口と比べた差の差分析では、導入後"
            f"（{month_text(post[0])}〜{month_text(post[-1])}、比較できる期間）の平均の効果は"
            f"{change_words(proportional(a.estimate))}（{confidence(ev)}信頼区間"
            f"{interval_words(a.lower, a.upper)}）です。期間が異なるため、分割時系列分析の値とは"
            "比べられません。"
        )
        out.append(pretrend_sentence(ev))
    elif e.study_reason is not None:
        out.append(f"差の差分析は示せません（{describe(e.study_reason)}）。")
    return out


def _trial_mark(ev: CashlessEvaluation) -> str:
    """「【合成データによる試算】」 before a result computed from synthetic records: they show
    how the analysis works, and their results are no finding about the municipality."""
    return "【合成データによる試算】" if is_synthetic(ev) else ""


def pretrend_sentence(ev: CashlessEvaluation) -> str:
    s = ev.effects.study
    p = s.pretrend
    if p is None:
        return "導入前の月が2か月に満たないため、導入前の差の点検はできません。"
    months = (
        f"{_trial_mark(ev)}導入前の{p.df1}か月分の差を合わせて検定すると"
        f"（F＝{fmt.number(p.f, 2)}、p＝{_p(p.p_value)}）"
    )
    if p.rejected:
        return (
            f"{months}、差がそろって0とする仮定と食い違います。導入前から推移が異なっていた"
            "可能性があり、差の差分析の結果は幅をもって読む必要があります（表と図は直近"
            f"{s.leads}か月のみ示します）。"
        )
    return (
        f"{months}、差がそろって0とする仮定と矛盾せず、導入した窓口と比較した窓口は導入前に"
        "同じように推移していたと考えて差し支えありません（平行トレンドの点検）。"
    )


def _p(p: float) -> str:
    return "0.001未満" if p < 0.001 else fmt.number(p, 3)


def outreach_sentences(ev: CashlessEvaluation) -> list[str]:
    o = ev.outreach
    if not o.providers:
        return [f"デジタルデバイド対策の講座等のデータはありません（{describe(o.reach_reason)}）。"]
    year = fmt.fiscal_year(o.year.shown)
    out = []
    for p in o.providers:
        if p.sessions is None or p.participants is None:
            continue
        out.append(
            f"{year}、{p.provider}の講座等は{fmt.count(p.sessions)}回、延べ"
            f"{fmt.count(p.participants)}人が参加し、1回あたり{fmt.number(p.per_session, 1)}人"
            f"でした{'（資料に自治体名の記載なし）' if p.unnamed else ''}。"
        )
    if o.reach_per_1000 is not None:
        out.append(
            f"延べ参加者数の合計{fmt.count(o.participations)}人は、65歳以上の人口"
            f"{fmt.count(o.population_65)}人の1,000人あたり{fmt.number(o.reach_per_1000, 1)}人に"
            "当たります（延べの数で、参加した人の割合ではありません）。"
        )
    else:
        out.append(
            f"65歳以上1,000人あたりの延べ参加者数は示せません（{describe(o.reach_reason)}）。"
        )
    return out


def summary_findings(ev: CashlessEvaluation) -> list[str]:
    out = []
    launch = launch_sentence(ev)
    if launch:
        out.append(launch)
    if ev.shares:
        out.append(shares_sentence(ev))
    out += effect_sentences(ev)
    if ev.records_shown and is_synthetic(ev):
        out.append(
            "キャッシュレス決済の2.・3.の導入の効果は、架空の記録（合成データ）による分析手順の"
            "例示であり、区の実績や効果を示すものではありません。"
        )
    out += outreach_sentences(ev)
    out.append(
        "キャッシュレス決済とデジタルデバイド対策について数値目標を定めた資料はないため、"
        "目標に対する判定は行っていません。"
    )
    return out


def shares_sentence(ev: CashlessEvaluation) -> str:
    parts = "、".join(f"{s.window}で{fmt.percent(s.share, 0)}" for s in ev.shares)
    year = fmt.fiscal_year(ev.shares[0].fiscal_year)
    unnamed = (
        "（自治体名の記載のない資料によるもので、区の数値かどうかは確認できません）"
        if any(s.unnamed for s in ev.shares)
        else ""
    )
    return f"{year}頃のキャッシュレス決済の利用割合は、{parts}でした{unnamed}。"


def summary_table(ev: CashlessEvaluation) -> Table | None:
    rows = []
    for s in ev.shares:
        rows.append(
            {
                "指標": f"キャッシュレス利用割合（{s.window}）",
                "年度": fmt.fiscal_year(s.fiscal_year),
                "値": fmt.percent(s.share, 0),
                "出典の注記": UNNAMED if s.unnamed else fmt.MISSING,
            }
        )
    for p in ev.outreach.providers:
        if p.per_session is not None:
            rows.append(
                {
                    "指標": f"1回あたりの参加者数（{p.provider}）",
                    "年度": fmt.fiscal_year(p.fiscal_year),
                    "値": f"{fmt.number(p.per_session, 1)}人",
                    "出典の注記": UNNAMED if p.unnamed else fmt.MISSING,
                }
            )
    o = ev.outreach
    if o.reach_per_1000 is not None:
        rows.append(
            {
                "指標": "65歳以上1,000人あたりの延べ参加者数",
                "年度": fmt.fiscal_year(o.year.shown),
                "値": f"{fmt.number(o.reach_per_1000, 1)}人",
                "出典の注記": fmt.MISSING,
            }
        )
    if not rows:
        return None
    return table(
        "主な指標",
        pd.DataFrame(rows),
        source="、".join(
            dict.fromkeys(source(ev, n) for n in (metrics.CASHLESS, metrics.OUTREACH, metrics.KPIS))
        ),
        text_columns=("年度", "出典の注記"),
        notes=["目標を定めた資料がないため、判定はしていません。"],
        total_label=None,
    )


def summary(ev: CashlessEvaluation) -> Summary:
    return Summary(
        summary_findings(ev), summary_table(ev), synthetic=ev.records_shown and is_synthetic(ev)
    )


# ---- section 1: published -------------------------------------------------------------------


def launches_table(ev: CashlessEvaluation) -> Table:
    rows = [
        {
            "窓口": launch.window,
            "導入月": month_text(launch.month),
            "内容": launch.note or fmt.MISSING,
        }
        for launch in ev.launches
    ]
    return table(
        "キャッシュレス決済の導入時期",
        pd.DataFrame(rows),
        source=source(ev, metrics.CASHLESS),
        text_columns=("導入月", "内容"),
        total_label=None,
    )


def shares_table(ev: CashlessEvaluation) -> Table:
    rows = [
        {
            "窓口": s.window,
            "年度": fmt.fiscal_year(s.fiscal_year),
            "キャッシュレス利用割合": fmt.percent(s.share, 0),
        }
        for s in ev.shares
    ]
    notes = []
    if any(s.unnamed for s in ev.shares):
        notes.append(
            "出典の資料には発行した自治体名の記載がありません（自治体名の記載なし）。区の数値"
            "かどうかは確認できません。資料は整数の%で記載しています。"
        )
    return table(
        "窓口ごとのキャッシュレス利用割合",
        pd.DataFrame(rows),
        source=source(ev, metrics.CASHLESS),
        text_columns=("年度",),
        notes=notes,
        total_label=None,
    )


def published_section(ev: CashlessEvaluation) -> list[object]:
    if not ev.launches and not ev.shares:
        return [notices.box("キャッシュレス決済の公表データはありません。")]
    out: list[object] = [notices.year_notice(ev.year, "キャッシュレス決済")]
    sentences = [s for s in (launch_sentence(ev), shares_sentence(ev) if ev.shares else None) if s]
    out.append(notices.bullets(sentences))
    if ev.launches:
        out.append(launches_table(ev))
    if ev.shares:
        out.append(shares_table(ev))
    return [o for o in out if o is not None]


# ---- section 2: records: uptake and interrupted time series -----------------------------------


def records(ev: CashlessEvaluation) -> list[object]:
    """The opening of the record-level sections."""
    loaded = ev.inputs.get(metrics.MONTHLY)
    if ev.effects is None:
        why = describe(ev.effects_reason)
        return [notices.box(f"窓口・月ごとのデータによる分析は示せません（{why}）。")]
    out = [notices.tier_notice(loaded)] if loaded is not None else []
    return [o for o in out if o is not None]


def uptake_table(ev: CashlessEvaluation) -> Table:
    e = ev.effects
    last = e.series[e.series["month"] == e.last_month].set_index("window")
    rows = []
    for window, launch in e.launches.items():
        share = last["cashless_share"].get(window) if window in last.index else None
        rows.append(
            {
                "窓口": window,
                "導入月": month_text(launch) if launch else fmt.MISSING,
                f"{month_text(e.last_month)}の利用割合": (
                    fmt.percent(share) if launch and launch <= e.last_month else fmt.MISSING
                ),
            }
        )
    return table(
        "窓口ごとのキャッシュレス利用割合（件数による）",
        pd.DataFrame(rows),
        source=source(ev, metrics.MONTHLY),
        synthetic=is_synthetic(ev),
        text_columns=("導入月",),
        notes=["「—」は対象年度末までに導入していない窓口です。"],
        total_label=None,
    )


def its_table(ev: CashlessEvaluation) -> Table:
    """One row per window launched by the year's end; a launched window whose series cannot
    support the analysis is named in a note with the reason."""
    level = confidence(ev)
    launched = [w for w in ev.effects.windows if w.window in ev.effects.launched]
    rows = []
    for w in launched:
        its = w.its
        if its is None:
            continue
        rows.append(
            {
                "窓口": w.window,
                "導入前／導入後の月数": f"{its.n_pre}／{its.n_post}",
                "導入月の水準の変化": change(proportional(its.level_change.estimate)),
                f"同{level}信頼区間": interval(its.level_change.lower, its.level_change.upper),
                "傾きの変化（1か月あたり）": change(proportional(its.slope_change.estimate)),
                "導入後の平均の効果": change(proportional(its.mean_effect.estimate)),
                f"同{level}信頼区間 ": interval(its.mean_effect.lower, its.mean_effect.upper),
            }
        )
    lags = sorted({w.its.lags for w in launched if w.its is not None})
    notes = [
        "導入がなかった場合の見込み（導入前の傾向と月ごとの季節変動を延ばした値）に比べた"
        "増減率です。現金払いの件数の対数に当てはめた回帰の係数から計算しています。"
        "導入後の平均の効果は、導入後の各月の増減率の平均です。"
    ]
    if lags:
        notes.append(
            "標準誤差はNewey–West法（ラグ" + "・".join(str(v) for v in lags) + "か月）によります。"
        )
    notes += [f"{w.window}：{describe(w.reason)}。" for w in launched if w.its is None]
    return table(
        "導入による現金払いの件数の変化（分割時系列分析）",
        pd.DataFrame(
            rows,
            columns=[
                "窓口",
                "導入前／導入後の月数",
                "導入月の水準の変化",
                f"同{level}信頼区間",
                "傾きの変化（1か月あたり）",
                "導入後の平均の効果",
                f"同{level}信頼区間 ",
            ],
        ),
        source=source(ev, metrics.MONTHLY),
        synthetic=is_synthetic(ev),
        text_columns=(f"同{level}信頼区間", f"同{level}信頼区間 ", "導入前／導入後の月数"),
        notes=notes,
        total_label=None,
    )


def its_section(ev: CashlessEvaluation) -> list[object]:
    e = ev.effects
    if e is None:
        return []
    if not e.launched:
        first = min((m for m in e.launches.values() if m), default=None)
        since = f"（最初の導入は{month_text(first)}）" if first else ""
        return [
            notices.box(
                f"{month_text(e.last_month)}までにキャッシュレス決済を導入した窓口はないため、"
                f"導入後の利用状況と効果は示しません{since}。"
            )
        ]
    return [uptake_table(ev), its_table(ev)]


# ---- section 3: event study -----------------------------------------------------------------


def study_table(ev: CashlessEvaluation) -> Table:
    s = ev.effects.study
    level = confidence(ev)
    rows = []
    for r in s.effects.itertuples():
        reference = r.event_time == -1
        rows.append(
            {
                "導入からの月数": f"{int(r.event_time)}"
                if r.event_time >= 0
                else f"△{-int(r.event_time)}",
                "効果": "0.0%（基準）" if reference else change(proportional(r.effect)),
                f"{level}信頼区間": fmt.MISSING if reference else interval(r.lower, r.upper),
            }
        )
    treated = "、".join(s.treated)
    comparison = "、".join(s.comparison)
    return table(
        "導入からの月数ごとの効果（差の差分析）",
        pd.DataFrame(rows),
        source=source(ev, metrics.MONTHLY),
        synthetic=is_synthetic(ev),
        text_columns=("効果", f"{level}信頼区間"),
        notes=[
            f"導入した窓口：{treated}。比較した窓口：{comparison}"
            + ("（自らの導入の前月まで）。" if s.comparison_kind == "last_treated" else "。"),
            "導入の前月（△1）を基準（0）とした、導入した窓口と比較した窓口の差の変化です。"
            "△の月（導入前）の効果が0に近いことは、平行トレンドの仮定と整合的かの目安です。",
        ],
        total_label=None,
    )


def study_section(ev: CashlessEvaluation) -> list[object]:
    e = ev.effects
    if e is None:
        return []
    if e.study is None:
        return [notices.box(f"差の差分析は示せません（{describe(e.study_reason)}）。")]
    return [notices.bullets(effect_sentences(ev)[-2:]), study_table(ev)]


# ---- section 4: outreach --------------------------------------------------------------------


def outreach_table(ev: CashlessEvaluation) -> Table:
    o = ev.outreach
    rows = []
    for p in o.providers:
        for g in p.programmes:
            rows.append(
                {
                    "実施主体": p.provider,
                    "講座等": g.programme,
                    "回数": fmt.count(g.sessions),
                    "延べ参加者数": fmt.count(g.participants),
                    "1回あたりの参加者数": fmt.MISSING,
                }
            )
        rows.append(
            {
                "実施主体": f"{p.provider}　計" if p.programmes else p.provider,
                "講座等": "合計",
                "回数": fmt.count(p.sessions),
                "延べ参加者数": fmt.count(p.participants),
                "1回あたりの参加者数": (
                    fmt.number(p.per_session, 1) if p.per_session is not None else fmt.MISSING
                ),
            }
        )
    notes = ["参加者数は講座ごとには公表されていないため、実施主体の合計のみ示します。"]
    if any(p.unnamed for p in o.providers):
        notes.append("スマホ教室の値は、発行した自治体名の記載がない資料によるものです。")
    frame = pd.DataFrame(rows)
    totals = [i for i, label in enumerate(frame["講座等"]) if label == "合計"]
    return Table(
        f"デジタルデバイド対策の講座等の実施状況（{fmt.fiscal_year(o.year.shown)}）",
        frame,
        unit="回、人",
        source=source(ev, metrics.OUTREACH),
        notes=tuple(notes),
        label_columns=2,
        total_rows=tuple(totals),
    )


def outreach_section(ev: CashlessEvaluation) -> list[object]:
    o = ev.outreach
    out: list[object] = [notices.year_notice(o.year, "デジタルデバイド対策の講座等")]
    out.append(notices.bullets(outreach_sentences(ev)))
    if o.providers:
        out.append(outreach_table(ev))
    return [x for x in out if x is not None]


# ---- closing sections -----------------------------------------------------------------------


def caveats(ev: CashlessEvaluation) -> object:
    lines = []
    if ev.records_shown:
        lines += list(CAVEATS_EFFECT)
    if any(s.unnamed for s in ev.shares) or any(p.unnamed for p in ev.outreach.providers):
        lines.append(
            "一部の数値は、発行した自治体名が記載されていない資料によるものです（出典参照）。"
            "区の数値と同じ自治体のものとは限りません。"
        )
    lines.append(
        "講座等の参加者数は延べ人数です。同じ人が複数回参加すると重複して数えるため、参加した"
        "高齢者の割合を示すものではありません。"
    )
    return notices.bullets(lines)


def method(ev: CashlessEvaluation) -> list[object]:
    used = ["synth.cashless.seed"] if ev.records_shown and is_synthetic(ev) else []
    return notices.terms_and_method(DEFINITIONS, ROUNDING, provenance.assumption_lines(used))


def sources(ev: CashlessEvaluation) -> object:
    shown = [ev.inputs[n] for n in (metrics.CASHLESS, metrics.OUTREACH) if n in ev.inputs]
    kpis = ev.inputs.get(metrics.KPIS)
    if kpis is not None and kpis.frame is not None and ev.outreach.reach_per_1000 is not None:
        rows = kpis.frame[kpis.frame["kpi_id"] == metrics.POPULATION_65]
        shown.append(dataclasses.replace(kpis, frame=rows))
    lines = provenance.publications([s for s in shown if s.frame is not None])
    if ev.records_shown and is_synthetic(ev):
        lines.append(f"第2節・第3節の窓口・月ごとのデータ：{provenance.SYNTHETIC_SOURCE}")
    return notices.bullets(lines or ["公表資料から転記したデータはありません。"])


def reproduction(ev: CashlessEvaluation, data_dir: str, example_dir: str) -> object:
    p = ev.params
    params = [
        *provenance.run_parameters(p.fiscal_year, data_dir, example_dir, RUN_LABELS["example_dir"]),
        (RUN_LABELS["confidence"], fmt.percent(p.confidence, 0)),
        (RUN_LABELS["leads"], f"{p.leads}か月"),
    ]
    return provenance.Reproduction(params, list(ev.inputs.values()))
