"""RPA / AI-OCR for the reader: numbered tables and Japanese findings from one evaluation.

Formatting only: every figure and decision comes from :func:`.metrics.evaluate`. Approximate
figures print with 「約」 and the interval their rounding allows (``fmt.about_with_interval``);
hours are whole, hours per process and staff-equivalents have one decimal, yen are whole 万円.
"""

from __future__ import annotations

import pandas as pd

from ... import fmt
from ...approx import Approx
from ...report import notices, provenance
from ...report.summary import Summary
from ...report.tables import Table, table
from ..base import Reason
from . import metrics
from .metrics import (
    BreakEven,
    Concentration,
    Forecast,
    Growth,
    HoursSaved,
    RpaEvaluation,
    Sensitivity,
    Valuation,
)

TECHNOLOGY_LABELS = {"RPA": "RPA", "AI-OCR/RPA": "AI-OCR・RPA"}
TOOL_LABELS = {"RPA": "RPA", "AI-OCR": "AI-OCR", "both": "AI-OCR・RPA併用"}
# rpa_summary.scope → how the hours table names it (the order is the table's)
SCOPE_LABELS = {
    "production": "本格導入（実績）",
    "pilot": "実証実験（見込み）",
    "staff_built": "職員による構築（稼働中）",
    "planned": "導入予定",
}
DIRECTION_LABELS = {"over": "見込みを上回る", "under": "見込みを下回る", "exact": "見込みどおり"}

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "削減時間",
        "RPA・AI-OCRの導入により、職員が手作業で行っていた事務が1年間に要しなくなった時間。"
        "各課の見積もりによる。",
    ),
    ("1業務あたりの削減時間", "年間削減時間 ÷ 本格導入した業務数。"),
    ("職員換算", "年間削減時間 ÷ 職員1人分の年間勤務時間。何人分の勤務時間に当たるかの目安。"),
    ("金額換算", "年間削減時間 × 職員1時間あたりの人件費。"),
    (
        "純効果・投資回収年数",
        "純効果は金額換算からライセンス等の年間費用を引いた額。投資回収年数は、構築に要した"
        "時間の金額換算を純効果で割った年数。",
    ),
    ("見込みとの差", "実績の削減時間 − 実証実験時の見込み。正は見込みを上回ったことを示す。"),
)
ROUNDING = (
    "削減時間は整数、1業務あたりの削減時間は小数点以下第1位、職員換算は小数点以下第2位まで"
    "（その下の位を四捨五入して）表示しています。金額は万円未満を四捨五入しています。「約」の"
    "付いた値の括弧内と「概数の幅」は、概数で公表された値を四捨五入前の値がとり得る範囲に"
    "広げて計算した範囲です。純効果と投資回収年数は端数処理前の値で計算しています。表の「△」は"
    "減少を、「—」は値がないことを示します。"
)
CAVEATS = (
    "削減時間は各課の見積もりであり、第三者が測定した値ではありません。",
    "職員換算・金額換算は削減時間の大きさを表す目安です。生み出された時間は、職員数の削減や"
    "他業務への振り向けがない限り、予算上の支出削減にはなりません。",
    "年度により集計の範囲が異なります。令和3年度頃の資料はRPAのみを数え、令和4年度の資料は"
    "AI-OCRとRPAを合わせて数えています。",
)

REASONS: dict[str, str] = {
    "no_data_for_year": "対象年度以前のデータがありません",
    "no_earlier_year": "比較できる以前の年度のデータがありません",
    "no_hours_in_year": "{year}の削減時間は公表されていません",
    "no_costs": "ライセンス費用と構築時間が記録された業務がありません",
    "no_pilots": "{year}に実証実験の業務がありません",
    "outcome_later": "{year}の実証実験の業務の実績は、翌年度のデータで確認します",
    "no_outcome": "{year}の実証実験の業務に、翌年度の本格導入の実績がありません",
    "no_expected_hours": "{year}の実証実験の業務に見込みの削減時間が記録されていません",
}

STAFF_DIGITS = 2  # staff-equivalents: 5,200 ÷ 1,883 = 2.76 (2.73–2.79)

RUN_LABELS = {
    "example_dir": "業務ごとのデータのフォルダ",
    "hours_per_fte": "職員1人分の年間勤務時間",
    "hourly_cost_yen": "職員1時間あたりの人件費",
}


def describe(why: Reason | None) -> str:
    """A reason in Japanese (「」 when there is none)."""
    if why is None:
        return ""
    values = dict(why.values)
    if "year" in values:
        values["year"] = fmt.fiscal_year(int(values["year"]))
    return REASONS[why.code].format(**values)


# ---- how each measure is written ------------------------------------------------------------


def hours_text(figure: Approx | None) -> str:
    """「約5,200時間（5,150〜5,250時間）」."""
    return fmt.about_with_interval(figure, 0, "時間") if figure is not None else fmt.MISSING


def per_process_text(figure: Approx | None) -> str:
    """「約192.6時間（190.7〜194.4時間）」."""
    return fmt.about_with_interval(figure, 1, "時間") if figure is not None else fmt.MISSING


def staff_text(figure: Approx | None) -> str:
    """「約2.76人分（2.73〜2.79人分）」: two decimals, so the interval of a 「約」 figure shows."""
    return (
        fmt.about_with_interval(figure, STAFF_DIGITS, "人分") if figure is not None else fmt.MISSING
    )


def yen_text(figure: Approx | None) -> str:
    """「約1,846万円（1,828〜1,864万円）」."""
    if figure is None:
        return fmt.MISSING
    return fmt.about_with_interval(figure, unit="万円", scale=fmt.man_yen)


def _cell(figure: Approx | None, digits: int = 0, scale=None) -> str:
    """A table cell: the figure with 「約」, no unit (the header carries it)."""
    return fmt.about(figure, digits, scale=scale) if figure is not None else fmt.MISSING


def _range_cell(figure: Approx | None, digits: int = 0, scale=None) -> str:
    return (fmt.interval(figure, digits, scale=scale) or fmt.MISSING) if figure else fmt.MISSING


def source(ev: RpaEvaluation, name: str) -> str:
    return provenance.dataset_source(ev.inputs, name)


def is_synthetic(ev: RpaEvaluation) -> bool:
    return provenance.is_synthetic(ev.inputs, metrics.RECORDS)


# ---- header and summary ---------------------------------------------------------------------


def header(ev: RpaEvaluation) -> list[object]:
    """The evaluated year, the year shown, the two conversion values, and the data's date."""
    p = ev.params
    lines = notices.year_lines(
        ev.year, "この年度以前の公表データはありません。", "表示する公表データの年度"
    )
    lines.append(
        f"換算の前提：職員1人分の年間勤務時間 {fmt.number(p.hours_per_fte)}時間、"
        f"職員1時間あたりの人件費 {fmt.number(p.hourly_cost_yen)}円"
        + ("" if _defaults(ev) else "（既定値から変更）")
    )
    out: list[object] = [notices.bullets(lines)]
    if ev.year.shown is not None:
        out.append(notices.as_of(fmt.fiscal_year_end(ev.year.shown), ev.year.shown))
    return out


def _defaults(ev: RpaEvaluation) -> bool:
    p = ev.params
    return (p.hours_per_fte, p.hourly_cost_yen) == (
        metrics.DEFAULT_HOURS_PER_FTE,
        metrics.DEFAULT_HOURLY_COST_YEN,
    )


def summary_findings(ev: RpaEvaluation) -> list[str]:
    """The sentences a reader needs first."""
    req = fmt.fiscal_year(ev.params.fiscal_year)
    prod = ev.production
    if prod is None:
        return [f"{req}以前のRPA・AI-OCRのデータはないため、評価できません。"]
    shown = fmt.fiscal_year(prod.fiscal_year)
    out = []
    if ev.year.is_fallback:
        out.append(f"{req}のRPA・AI-OCRの公表データはありません。最新のデータは{shown}のものです。")
    out += hours_findings(prod, ev.pilots)
    if ev.valuation is not None:
        out += valuation_findings(ev.valuation)
    out.append(
        "RPA・AI-OCRの削減時間について目標を定めた資料はないため、目標に対する達成状況の判定は"
        "行っていません。"
    )
    if ev.records_shown and is_synthetic(ev):
        out.append(
            "第4節（業務ごとのデータによる分析）は合成データによるもので、実績ではありません。"
        )
    return out


KPI_LABELS = {
    "rpa.processes": "本格導入した業務数（業務）",
    "rpa.hours_saved": "年間削減時間（時間）",
    "rpa.hours_per_process": "1業務あたりの年間削減時間（時間）",
    "rpa.staff_equivalents": "職員換算（人分）",
    "rpa.personnel_cost": "金額換算（万円）",
}
KPI_DIGITS = {"rpa.hours_per_process": 1, "rpa.staff_equivalents": 2}


def _kpi_cell(kpi, value: float | None) -> str:
    if value is None:
        return fmt.MISSING
    text = (
        fmt.man_yen(value)
        if kpi.unit == "yen"
        else fmt.number(value, KPI_DIGITS.get(kpi.kpi_id, 0))
    )
    return f"約{text}" if kpi.approximate else text


def summary_table(ev: RpaEvaluation) -> Table:
    """The key figures of the year shown, with the earlier year's where there is one."""
    rows = []
    figures = _kpi_figures(ev)
    for kpi in metrics.kpis(ev):
        rows.append(
            {
                "指標": KPI_LABELS[kpi.kpi_id],
                "年度": fmt.fiscal_year(kpi.fiscal_year),
                "値": _kpi_cell(kpi, kpi.value),
                "概数の幅": _kpi_range(kpi, figures.get(kpi.kpi_id)),
                "比較年度の値": (
                    f"{_kpi_cell(kpi, kpi.previous_value)}（{fmt.fiscal_year(kpi.previous_year)}）"
                    if kpi.previous_value is not None
                    else fmt.MISSING
                ),
            }
        )
    notes = [
        "職員換算と金額換算は「換算の前提」の値によります。目標を定めた資料がないため、"
        "判定はしていません。"
    ]
    if ev.growth is not None and ev.growth.scope_differs:
        notes.append(scope_note(ev.growth))
    notes += unnamed_notes(ev)
    return table(
        "主な指標",
        pd.DataFrame(rows, columns=["指標", "年度", "値", "概数の幅", "比較年度の値"]),
        source=source(ev, metrics.SUMMARY),
        text_columns=("年度", "概数の幅", "比較年度の値"),
        notes=notes,
    )


def _kpi_figures(ev: RpaEvaluation) -> dict[str, Approx]:
    """The approximate figures behind the KPIs (for their interval)."""
    prod, v = ev.production, ev.valuation
    out = {"rpa.hours_saved": prod.hours, "rpa.hours_per_process": prod.per_process}
    if v is not None:
        out |= {"rpa.staff_equivalents": v.staff, "rpa.personnel_cost": v.yen}
    return {k: f for k, f in out.items() if f is not None}


def _kpi_range(kpi, figure: Approx | None) -> str:
    if figure is None:
        return fmt.MISSING
    scale = fmt.man_yen if kpi.unit == "yen" else None
    return fmt.interval(figure, KPI_DIGITS.get(kpi.kpi_id, 0), scale=scale) or fmt.MISSING


def unnamed_notes(ev: RpaEvaluation) -> list[str]:
    """A note for the years whose figures come from a document naming no municipality."""
    loaded = ev.inputs.get(metrics.SUMMARY)
    if loaded is None or ev.year.shown is None:
        return []
    years = [y for y in provenance.unnamed_publisher_years(loaded) if y <= ev.year.shown]
    if not years:
        return []
    text = "、".join(fmt.fiscal_year(y) for y in years)
    return [f"{text}の値は、発行した自治体名の記載がない資料によるものです（出典参照）。"]


def summary(ev: RpaEvaluation) -> Summary:
    """The summary first: findings and the key figures."""
    if ev.production is None:
        return Summary(summary_findings(ev))
    return Summary(summary_findings(ev), summary_table(ev))


# ---- section 1: processes and hours ---------------------------------------------------------


def other_scopes_sentence(summary: pd.DataFrame, year: int) -> str | None:
    """Processes planned or built by staff in ``year`` (seed 003 counts them apart)."""
    parts = []
    for scope, words in (
        ("planned", "{n}業務で導入を予定しており"),
        ("staff_built", "{n}業務では職員が自らRPAを構築し稼働させて"),
    ):
        rows = summary[(summary["fiscal_year"] == year) & (summary["scope"] == scope)]
        if not rows.empty:
            parts.append(words.format(n=fmt.count(rows["processes"].sum())))
    if not parts:
        return None
    return f"このほか、{'、'.join(parts)}います。"


def hours_findings(prod: HoursSaved, pilots: HoursSaved | None) -> list[str]:
    """Processes and hours of the year shown, and the pilots' expectation."""
    year = fmt.fiscal_year(prod.fiscal_year)
    tech = TECHNOLOGY_LABELS.get(prod.technology, prod.technology)
    if prod.hours is None:
        out = [
            f"{year}は{tech}を{fmt.count(prod.processes)}業務で本格導入しています。"
            "削減時間は公表されていません。"
        ]
    else:
        out = [
            f"{year}は{tech}を本格導入した{fmt.count(prod.processes)}業務で、年間"
            f"{hours_text(prod.hours)}の業務時間を削減しました。1業務あたりでは"
            f"{per_process_text(prod.per_process)}です。"
        ]
    if pilots is not None:
        expected = (
            f"年間{hours_text(pilots.hours)}の削減が見込まれています"
            if pilots.hours is not None
            else "削減時間の見込みは公表されていません"
        )
        out.append(f"このほか、{fmt.count(pilots.processes)}業務で実証実験を行い、{expected}。")
    return out


def scope_note(g: Growth) -> str:
    """The caveat when two years count different tool families."""
    return (
        f"{fmt.fiscal_year(g.from_year)}は{TECHNOLOGY_LABELS.get(g.technology_from)}のみ、"
        f"{fmt.fiscal_year(g.to_year)}は{TECHNOLOGY_LABELS.get(g.technology_to)}を数えており、"
        "集計の範囲が異なります。増加には範囲の違いによる分が含まれます。"
    )


def growth_findings(g: Growth) -> list[str]:
    """How processes and hours changed since the earlier year, with the scope caveat."""
    out = [
        f"本格導入した業務数は{fmt.fiscal_year(g.from_year)}の{fmt.count(g.processes_from)}業務から"
        f"{fmt.fiscal_year(g.to_year)}の{fmt.count(g.processes_to)}業務へ"
        f"{fmt.change_words(g.processes_change, '業務')}しました。"
    ]
    change = g.hours_change
    if change is not None:
        words = "増加" if change.value > 0 else "減少"
        out.append(
            f"年間削減時間は{hours_text(g.hours_from)}から{hours_text(g.hours_to)}へ、"
            f"{fmt.about(Approx(abs(change.value), 0, 0, change.approximate), 0, '時間')}{words}"
            "しました。"
        )
    else:
        out.append(f"削減時間の変化は示せません（{describe(g.hours_reason)}）。")
    if g.scope_differs:
        out.append(scope_note(g))
    return out


def hours_table(ev: RpaEvaluation) -> Table:
    """Processes and hours by year (production and pilots), up to the year shown."""
    summary = ev.inputs[metrics.SUMMARY].frame
    rows = []
    for year in [y for y in ev.year.available if y <= ev.year.shown]:
        for scope, label in SCOPE_LABELS.items():
            has = ((summary["fiscal_year"] == year) & (summary["scope"] == scope)).any()
            if not has:
                continue
            h = metrics.hours_saved(summary, year, scope)
            rows.append(
                {
                    "年度": fmt.fiscal_year(year),
                    "区分": label,
                    "対象": TECHNOLOGY_LABELS.get(h.technology, h.technology),
                    "業務数": fmt.count(h.processes),
                    "年間削減時間": _cell(h.hours),
                    "概数の幅": _range_cell(h.hours),
                    "1業務あたり": (
                        fmt.about_with_interval(h.per_process, 1) if h.per_process else fmt.MISSING
                    ),
                }
            )
    notes = []
    if ev.production.hours is not None:
        notes.append("「約」の付いた値は公表値が概数であることを示します。")
    if ev.growth is not None and ev.growth.scope_differs:
        notes.append(scope_note(ev.growth))
    notes += unnamed_notes(ev)
    return table(
        "導入業務数と年間削減時間",
        pd.DataFrame(rows),
        unit="業務数は業務、時間は時間／年",
        source=source(ev, metrics.SUMMARY),
        text_columns=("年度", "区分", "対象", "概数の幅", "1業務あたり"),
        notes=notes,
    )


def hours_section(ev: RpaEvaluation) -> list[object]:
    """Section 1: processes and hours of the year shown, and since the earlier year."""
    out: list[object] = [notices.year_notice(ev.year, "RPA・AI-OCR")]
    if ev.production is None:
        return out
    findings = hours_findings(ev.production, ev.pilots)
    other = other_scopes_sentence(ev.inputs[metrics.SUMMARY].frame, ev.production.fiscal_year)
    if other:
        findings.append(other)
    if ev.growth is not None:
        findings += growth_findings(ev.growth)
    out += [notices.bullets(findings), hours_table(ev)]
    return out


# ---- section 2: staff-equivalents and yen ---------------------------------------------------


def valuation_findings(v: Valuation) -> list[str]:
    """The hours as staff-equivalents and yen, with the interval."""
    return [
        f"本格導入業務の年間削減時間（{fmt.about(v.hours, 0, '時間')}）は、職員"
        f"{staff_text(v.staff)}の年間勤務時間に当たり、人件費に換算すると{yen_text(v.yen)}です。"
    ]


def valuation_table(ev: RpaEvaluation) -> Table:
    """Hours, the two assumptions and what they give, for production and the pilots."""
    rows = []
    for label, v in (
        ("本格導入（実績）", ev.valuation),
        ("実証実験（見込み）", ev.pilot_valuation),
    ):
        if v is None:
            continue
        rows.append(
            {
                "区分": label,
                "年間削減時間（時間）": _cell(v.hours),
                "職員換算（人分）": _cell(v.staff, STAFF_DIGITS),
                "範囲（人分）": _range_cell(v.staff, STAFF_DIGITS),
                "金額換算（万円）": _cell(v.yen, scale=fmt.man_yen),
                "範囲（万円）": _range_cell(v.yen, scale=fmt.man_yen),
            }
        )
    p = ev.params
    return table(
        "職員換算と金額換算",
        pd.DataFrame(rows),
        source=source(ev, metrics.SUMMARY),
        text_columns=("区分", "範囲（人分）", "範囲（万円）"),
        notes=(
            f"職員1人分の年間勤務時間を{fmt.number(p.hours_per_fte)}時間、職員1時間あたりの"
            f"人件費を{fmt.number(p.hourly_cost_yen)}円として換算しています。",
            "範囲は、概数で公表された削減時間を四捨五入前の値がとり得る範囲に広げて求めています。",
        ),
    )


def assumptions_table(ev: RpaEvaluation) -> Table:
    """The two conversion values used, their defaults and where the defaults come from."""
    from ... import assumptions

    p = ev.params
    rows = []
    for key, used, unit in (
        ("rpa.hours_per_fte", p.hours_per_fte, "時間／人・年"),
        ("rpa.hourly_cost_yen", p.hourly_cost_yen, "円／時間"),
    ):
        a = assumptions.get(key)
        rows.append(
            {
                "前提": RUN_LABELS[key.split(".")[1]],
                "この報告の値": f"{fmt.number(used)}{unit}",
                "既定値": f"{fmt.number(a.value)}{unit}",
                "既定値の根拠": a.source,
            }
        )
    return table(
        "換算の前提",
        pd.DataFrame(rows),
        text_columns=("前提", "この報告の値", "既定値", "既定値の根拠"),
        notes=("どちらの値も、報告を作成するときに変更できます（付録「再現情報」参照）。",),
    )


def valuation_section(ev: RpaEvaluation) -> list[object]:
    """Section 2: staff-equivalents and yen under the stated assumptions."""
    if ev.valuation is None:
        return [notices.box(f"職員換算と金額換算は示せません（{describe(ev.valuation_reason)}）。")]
    return [
        notices.bullets(valuation_findings(ev.valuation)),
        valuation_table(ev),
        assumptions_table(ev),
        notices.box(CAVEATS[1]),
    ]


# ---- section 3: sensitivity -----------------------------------------------------------------


def _step(step: float) -> str:
    if round(step * 100) == 0:
        return "既定値"
    return f"{'+' if step > 0 else '△'}{abs(step) * 100:.0f}%"


def sensitivity_table(s: Sensitivity, src: str | None = None) -> Table:
    """Staff-equivalents and yen as each assumption moves."""
    approximate = s.hours.approximate
    rows = []
    for r in s.table.itertuples():
        staff = Approx(r.staff, r.staff_low, r.staff_high, approximate)
        yen = Approx(r.yen, r.yen_low, r.yen_high, approximate)
        rows.append(
            {
                "前提の変化": _step(r.step),
                "年間勤務時間（時間）": fmt.number(r.hours_per_fte),
                "職員換算（人分）": _cell(staff, STAFF_DIGITS),
                "時間単価（円）": fmt.number(r.hourly_cost_yen),
                "金額換算（万円）": _cell(yen, scale=fmt.man_yen),
            }
        )
    return table(
        "前提を変えた場合の職員換算と金額換算",
        pd.DataFrame(rows),
        source=src,
        text_columns=("前提の変化",),
        notes=(
            "年間勤務時間と時間単価をそれぞれ既定値から同じ割合だけ変えた値です。職員換算は年間"
            "勤務時間だけに、金額換算は時間単価だけに左右されます。",
            f"年間削減時間は{hours_text(s.hours)}として計算しています。各値には、この概数の幅"
            "（約±1%）に応じた幅があります。",
        ),
    )


def sensitivity_findings(s: Sensitivity) -> list[str]:
    """How far each conversion moves over the range of its assumption."""
    t = s.table
    low, high = t.iloc[0], t.iloc[-1]
    return [
        f"職員1人分の年間勤務時間を{fmt.number(low.hours_per_fte)}時間から"
        f"{fmt.number(high.hours_per_fte)}時間まで変えると、職員換算は約"
        f"{fmt.number(high.staff, STAFF_DIGITS)}人分から約{fmt.number(low.staff, STAFF_DIGITS)}"
        "人分の範囲で変動します。",
        f"職員1時間あたりの人件費を{fmt.number(low.hourly_cost_yen)}円から"
        f"{fmt.number(high.hourly_cost_yen)}円まで変えると、金額換算は約"
        f"{fmt.man_yen(low.yen)}万円から約{fmt.man_yen(high.yen)}万円の範囲で変動します。",
    ]


def sensitivity_section(ev: RpaEvaluation) -> list[object]:
    """Section 3: how far the conversions move with their assumptions."""
    if ev.sensitivity is None:
        return [notices.box(f"感度分析は示せません（{describe(ev.valuation_reason)}）。")]
    return [
        notices.bullets(sensitivity_findings(ev.sensitivity)),
        sensitivity_table(ev.sensitivity, source(ev, metrics.SUMMARY)),
    ]


# ---- section 4: records ---------------------------------------------------------------------


def records(ev: RpaEvaluation) -> list[object]:
    """Section 4 opens: whether there are records, their tier, year and reconciliation."""
    out = notices.records_opening(ev.inputs.get(metrics.RECORDS), ev.records_year, "業務ごと")
    if ev.records_shown:
        out.append(records_check(ev))
    return out


COLUMN_LABELS = {"processes": "業務数", "hours_saved_per_year": "削減時間"}


def records_check(ev: RpaEvaluation) -> object:
    """Whether the records' totals agree with the published figures."""
    if not ev.records_differences:
        published = ev.inputs.get(metrics.SUMMARY)
        years = sorted(
            {
                int(y)
                for y in (published.frame["fiscal_year"] if published.frame is not None else [])
                if y <= ev.records_year.shown
            }
            & set(int(y) for y in ev.inputs[metrics.RECORDS].frame["fiscal_year"])
        )
        if not years:
            return notices.box("業務ごとのデータと比べられる公表値はありません。")
        text = "、".join(fmt.fiscal_year(y) for y in years)
        return notices.box(
            f"業務ごとのデータを集計した業務数と削減時間は、公表値と一致します（{text}。"
            "「約」の付いた公表値とは概数の幅の範囲内で一致）。",
            "ok",
        )
    diffs = []
    for year, scope, column, mine, published, approximate in ev.records_differences:
        unit = "業務" if column == "processes" else "時間"
        stated = f"{'約' if approximate else ''}{fmt.number(published)}{unit}"
        diffs.append(
            f"{fmt.fiscal_year(year)}の{SCOPE_LABELS[scope]}の{COLUMN_LABELS[column]}："
            f"業務ごとの集計{fmt.number(mine)}{unit}、公表値{stated}"
        )
    return notices.box(
        "業務ごとのデータの集計が公表値と一致しません。" + "；".join(diffs), "warning"
    )


def concentration_findings(c: Concentration) -> list[str]:
    if c.processes == 0:
        return [f"{fmt.fiscal_year(c.fiscal_year)}に削減時間のある本格導入の業務はありません。"]
    top = c.top.set_index("top_n")
    out = []
    for n in (3, 5):
        if n in top.index and n < c.processes:
            out.append(
                f"削減時間の多い上位{n}業務で、全{fmt.count(c.processes)}業務の削減時間の"
                f"{fmt.percent(top.loc[n, 'share'])}を占めます。"
            )
            break
    if not c.by_department.empty:
        d = c.by_department.iloc[0]
        out.append(
            f"所管課別では、{d['department']}（{fmt.count(d['processes'])}業務）が全体の"
            f"{fmt.percent(d['share'])}を占め、最も多くなっています。"
        )
    if not c.by_tool.empty:
        parts = "、".join(
            f"{TOOL_LABELS.get(r.tool, r.tool)} {fmt.percent(r.share)}"
            for r in c.by_tool.itertuples()
        )
        out.append(f"ツール別の割合は、{parts}です。")
    return out


def concentration_tables(c: Concentration, src: str, synthetic: bool) -> list[Table]:
    top = pd.DataFrame(
        {
            "上位の業務数": [f"上位{r.top_n}業務" for r in c.top.itertuples()],
            "削減時間（時間）": [fmt.number(r.hours) for r in c.top.itertuples()],
            "全体に占める割合": [fmt.percent(r.share) for r in c.top.itertuples()],
        }
    )
    groups = []
    for column, label, names in (
        ("department", "所管課", {}),
        ("tool", "ツール", TOOL_LABELS),
    ):
        frame = getattr(c, f"by_{column}")
        rows = [
            {
                label: names.get(r[column], r[column]),
                "業務数": fmt.count(r["processes"]),
                "削減時間（時間）": fmt.number(r["hours"]),
                "割合": fmt.percent(r["share"]),
            }
            for r in frame.to_dict("records")
        ]
        rows.append(
            {
                label: "合計",
                "業務数": fmt.count(c.processes),
                "削減時間（時間）": fmt.number(c.hours),
                "割合": fmt.percent(1.0 if c.hours > 0 else None),
            }
        )
        groups.append(
            table(
                f"{label}別の削減時間（{fmt.fiscal_year(c.fiscal_year)}）",
                pd.DataFrame(rows),
                source=src,
                synthetic=synthetic,
                text_columns=(label,),
            )
        )
    return [
        table(
            f"削減時間の多い業務への集中（{fmt.fiscal_year(c.fiscal_year)}）",
            top,
            source=src,
            synthetic=synthetic,
            text_columns=("上位の業務数",),
            notes=(f"本格導入した{fmt.count(c.processes)}業務の削減時間の合計に対する割合です。",),
        ),
        *groups,
    ]


def _names(ev: RpaEvaluation, ids: tuple[str, ...]) -> list[str]:
    """The names of processes ``ids`` in the records (their id where a name is missing)."""
    frame = ev.inputs[metrics.RECORDS].frame
    if "process_name" not in frame.columns:
        return list(ids)
    names = frame.dropna(subset=["process_name"]).set_index("process_id")["process_name"]
    names = names[~names.index.duplicated()]
    return [str(names.get(i, i)) for i in ids]


def concentration_section(ev: RpaEvaluation) -> list[object]:
    c = ev.concentration
    if c is None:
        return []
    src, synthetic = source(ev, metrics.RECORDS), is_synthetic(ev)
    findings = concentration_findings(c)
    if ev.retired:
        findings.append(
            f"{fmt.fiscal_year(c.fiscal_year)}に廃止した{len(ev.retired)}業務"
            f"（{'、'.join(_names(ev, ev.retired))}）は含めていません。"
        )
    return [notices.bullets(findings), *concentration_tables(c, src, synthetic)]


def _payback(value: float | None) -> str:
    return "回収不能" if value is None or pd.isna(value) else fmt.number(value, 1)


def break_even_findings(b: BreakEven) -> list[str]:
    t = b.total
    out = [
        f"費用が記録された{fmt.count(len(b.table))}業務では、削減時間の金額換算"
        f"{fmt.man_yen(t['value_yen'])}万円に対し、ライセンス等の年間費用は"
        f"{fmt.man_yen(t['licence_cost_yen'])}万円で、純効果は年{fmt.man_yen(t['net_yen'])}万円"
        "です。"
    ]
    if t["payback_years"] is not None:
        out.append(
            f"構築に要した{fmt.number(t['build_hours'])}時間（{fmt.man_yen(t['build_cost_yen'])}"
            f"万円）は、{_payback(t['payback_years'])}年で回収される計算です。"
        )
    losing = int((b.table["net_yen"] <= 0).sum())
    if losing:
        out.append(f"年間費用が削減時間の金額換算を上回る業務が{losing}業務あります。")
    if b.without_costs:
        out.append(f"費用が記録されていない{b.without_costs}業務は、この計算に含めていません。")
    return out


def _break_even_row(name: str, r: dict) -> dict:
    return {
        "業務名": name,
        "削減時間（時間）": fmt.number(r["hours_saved"]),
        "金額換算（万円）": fmt.man_yen(r["value_yen"]),
        "年間費用（万円）": fmt.man_yen(r["licence_cost_yen"]),
        "純効果（万円）": fmt.delta(r["net_yen"] / 10_000),
        "構築時間（時間）": fmt.number(r["build_hours"]),
        "投資回収年数（年）": _payback(r["payback_years"]),
    }


def _name(row: dict) -> str:
    """A process as tables name it: its name, else its id."""
    name = row.get("process_name")
    return name if name is not None and pd.notna(name) else str(row["process_id"])


def break_even_table(b: BreakEven, src: str, synthetic: bool) -> Table:
    rows = [_break_even_row(_name(r), r) for r in b.table.to_dict("records")]
    rows.append(_break_even_row("合計", b.total))
    return table(
        f"業務ごとの純効果と投資回収年数（{fmt.fiscal_year(b.fiscal_year)}）",
        pd.DataFrame(rows),
        source=src,
        synthetic=synthetic,
        text_columns=("業務名",),
        notes=(
            f"時間単価{fmt.number(b.hourly_cost_yen)}円で換算しています。純効果の大きい順です。",
            "純効果と投資回収年数は端数処理前の値で計算しています。「回収不能」は年間費用が"
            "削減時間の金額換算以上の業務です。",
        ),
    )


def break_even_section(ev: RpaEvaluation) -> list[object]:
    if not ev.records_shown:
        return []
    if ev.break_even is None:
        return [notices.box(f"投資回収は示せません（{describe(ev.break_even_reason)}）。")]
    src, synthetic = source(ev, metrics.RECORDS), is_synthetic(ev)
    return [
        notices.bullets(break_even_findings(ev.break_even)),
        break_even_table(ev.break_even, src, synthetic),
    ]


def forecast_sentence(f: Forecast) -> str:
    """The pilots' forecast against their outcome in one sentence."""
    head = (
        f"{fmt.fiscal_year(f.pilot_year)}に実証実験を行った{len(f.table)}業務は、見込み"
        f"{fmt.number(f.expected)}時間に対し、{fmt.fiscal_year(f.outcome_year)}の実績は"
        f"{fmt.number(f.realised)}時間で、"
    )
    if f.direction == "exact":
        return head + "見込みどおりでした。"
    rel = f.relative_error
    size = f"（{fmt.percent(abs(rel))}）" if rel is not None else ""
    verb = "上回りました" if f.direction == "over" else "下回りました"
    return head + f"見込みを{fmt.number(abs(f.error))}時間{size}{verb}。"


def forecast_findings(f: Forecast) -> list[str]:
    if f.table.empty:
        return ["実証実験の業務のうち、翌年度に本格導入の実績が記録された業務はありません。"]
    out = [forecast_sentence(f)]
    over = int((f.table["direction"] == "over").sum())
    under = int((f.table["direction"] == "under").sum())
    out.append(f"見込みを上回った業務は{over}業務、下回った業務は{under}業務です。")
    if f.not_in_production:
        out.append(
            f"実証実験の業務のうち{len(f.not_in_production)}業務は、"
            f"{fmt.fiscal_year(f.outcome_year)}の本格導入の実績がありません。"
        )
    return out


def _forecast_row(name: str, expected: float, realised: float, relative: float | None) -> dict:
    error = realised - expected
    return {
        "業務名": name,
        "見込み（時間）": fmt.number(expected),
        "実績（時間）": fmt.number(realised),
        "差（時間）": fmt.delta(error),
        "差の割合": fmt.MISSING if relative is None else fmt.delta(relative * 100, 1) + "%",
        "評価": DIRECTION_LABELS[metrics.direction(error)],
    }


def forecast_table(f: Forecast, src: str, synthetic: bool) -> Table:
    rows = [
        _forecast_row(_name(r), r["expected"], r["realised"], r["relative_error"])
        for r in f.table.to_dict("records")
    ]
    rows.append(_forecast_row("合計", f.expected, f.realised, f.relative_error))
    return table(
        f"実証実験の見込みと本格導入後の実績（{fmt.fiscal_year(f.pilot_year)}→"
        f"{fmt.fiscal_year(f.outcome_year)}）",
        pd.DataFrame(rows),
        source=src,
        synthetic=synthetic,
        text_columns=("業務名", "評価"),
        notes=("差 = 実績 − 見込み。差の割合は見込みに対する割合です。",),
    )


def forecast_section(ev: RpaEvaluation) -> list[object]:
    if not ev.records_shown:
        return []
    if ev.forecast is None:
        return [notices.box(f"見込みと実績の比較は示せません（{describe(ev.forecast_reason)}）。")]
    src, synthetic = source(ev, metrics.RECORDS), is_synthetic(ev)
    out: list[object] = [notices.bullets(forecast_findings(ev.forecast))]
    if not ev.forecast.table.empty:
        out.append(forecast_table(ev.forecast, src, synthetic))
    return out


# ---- closing sections -----------------------------------------------------------------------


def caveats(ev: RpaEvaluation) -> object:
    """「留意事項」 for a reviewer."""
    lines = list(CAVEATS)
    if ev.growth is None or not ev.growth.scope_differs:
        lines = lines[:2]
    summary = ev.inputs.get(metrics.SUMMARY)
    if summary is not None and summary.frame is not None and ev.year.shown is not None:
        unnamed = provenance.unnamed_publishers([summary])
        if unnamed:
            lines.append(
                "一部の数値は、発行した自治体名が記載されていない資料によるものです（出典参照）。"
            )
    return notices.bullets(lines)


def method(ev: RpaEvaluation) -> list[object]:
    """「用語と方法」: the terms, the rounding and the assumptions the shown results rest on."""
    lines = provenance.assumption_lines(ev.assumptions)
    return notices.terms_and_method(DEFINITIONS, ROUNDING, lines)


def sources(ev: RpaEvaluation) -> object:
    """「出典」: every publication the shown figures come from."""
    shown = [ev.inputs[metrics.SUMMARY]] if ev.production is not None else []
    lines = provenance.publications(shown)
    if ev.records_shown and is_synthetic(ev):
        lines.append(f"第4節の業務ごとのデータ：{provenance.SYNTHETIC_SOURCE}")
    return notices.bullets(lines or ["公表資料から転記したデータはありません。"])


def reproduction(ev: RpaEvaluation, data_dir: str, example_dir: str) -> object:
    """The appendix 「再現情報」: parameters, input files with their SHA-256, version."""
    p = ev.params
    params = [
        *provenance.run_parameters(p.fiscal_year, data_dir, example_dir, RUN_LABELS["example_dir"]),
        (RUN_LABELS["hours_per_fte"], f"{fmt.number(p.hours_per_fte)}時間"),
        (RUN_LABELS["hourly_cost_yen"], f"{fmt.number(p.hourly_cost_yen)}円"),
    ]
    return provenance.Reproduction(params, list(ev.inputs.values()))
