"""The overview in Japanese: the 「総括」 a council member reads first (at most five findings,
each made from the scorecard's figures), the scorecard table, the judgement rule, the sources
numbered as the table cites them, and the appendix."""

from __future__ import annotations

import dataclasses

import pandas as pd

from ... import fmt, judgement, tiers
from ...municipality import targets_input
from ...report import notices, provenance, targets
from ...report.summary import Summary
from ...report.tables import Table, table
from ..base import Kpi
from .metrics import UNNAMED_NOTE, Row, Scorecard

SUMMARY_HEADING = "総括"
MAX_FINDINGS = 5

# The initiative each row belongs to, in the order the scorecard lists them.
INITIATIVES = {
    "online": "行政手続のオンライン化",
    "standardization": "情報システムの標準化",
    "rpa": "RPA・AI-OCRによる業務効率化",
    "cashless": "キャッシュレス決済・デジタルデバイド対策",
    "outreach": "デジタルデバイド対策",
    "survey": "住民アンケート",
    "services": "デジタル技術を活用したサービス",
    "infrastructure": "情報基盤・働き方",
    "governance": "推進体制・事務のデジタル化",
    "finance": "財政効果",
    "population": "人口（参考）",
}
# The figures the 総括 reports first, when the year has them (after any judged against a target).
HEADLINES = (
    "online.coverage",
    "standardization.progress_rate",
    "rpa.hours_saved",
    "outreach.reach_per_1000_65plus",
    "survey.response_rate",
    "it_cost_savings",
)
UNITS = {
    "procedures": "手続",
    "applications": "件",
    "processes": "業務",
    "hours": "時間",
    "staff": "人分",
    "persons": "人",
    "per_1000": "人",
    "answers": "件",
}
DIGITS = {
    "rpa.hours_per_process": 1,
    "rpa.staff_equivalents": 2,
    "outreach.reach_per_1000_65plus": 1,
    "survey.answers_per_respondent": 2,
}
SEVERITY = (judgement.OFF_TRACK, judgement.CAUTION, judgement.ON_TRACK, judgement.ACHIEVED)


# ---- figures in words -----------------------------------------------------------------------


def _digits(k: Kpi) -> int:
    if k.kpi_id.startswith("outreach.per_session."):
        return 1
    if k.unit == "ratio":
        return 0 if _from_kpis_csv(k) else 1
    return DIGITS.get(k.kpi_id, 0)


def _from_kpis_csv(k: Kpi) -> bool:
    """Figures of ``kpis.csv`` carry their own label and are stated in whole percents."""
    return "." not in k.kpi_id


def value_text(k: Kpi, value: float | None = None) -> str:
    """A figure with its unit as the source states it: 「42.1%」「約5,200時間」「約24,514万円」
    「60%以上」."""
    value = k.value if value is None else value
    if k.kpi_id == "survey.margin_of_error":
        return f"±{fmt.number(value * 100, 1)}ポイント"
    if k.unit == "ratio":
        text = fmt.percent(value, _digits(k))
    elif k.unit in ("yen", "円"):
        text = yen_words(value)
    else:
        text = f"{fmt.number(value, _digits(k))}{UNITS.get(k.unit, k.unit)}"
    return f"{'約' if k.approximate else ''}{text}{'以上' if k.at_least else ''}"


def yen_words(value: float) -> str:
    """Yen as an official report writes a large sum: 「2億4,514万円」, 「1,846万円」."""
    man = int(fmt.number(value / 10_000).replace(",", ""))
    oku, rest = divmod(man, 10_000)
    if not oku:
        return f"{fmt.count(rest)}万円"
    return f"{oku}億" + (f"{fmt.count(rest)}万円" if rest else "円")


def change_text(k: Kpi) -> str:
    """The change from the year before in a table cell: 「3.1ポイント」, 「△12件」, 「—」."""
    if k.change is None:
        return fmt.MISSING
    if k.unit == "ratio":
        return f"{fmt.delta(k.change, 1)}ポイント"
    unit = "万円" if k.unit in ("yen", "円") else UNITS.get(k.unit, k.unit)
    change = k.change / 10_000 if k.unit in ("yen", "円") else k.change
    return f"{fmt.delta(change, _digits(k))}{unit}"


def change_words(k: Kpi) -> str:
    """The change in prose: 「3.1ポイント上昇」, 「38手続増加」."""
    if k.unit == "ratio":
        return fmt.points_words(k.change, 1)
    return fmt.change_words(k.change, UNITS.get(k.unit, k.unit))


def goal_text(k: Kpi) -> str:
    """「令和7年度末までに100%」 or 「令和7年7月1日までに90%」 (「—」 without a target)."""
    if k.target is None:
        return fmt.MISSING
    value = fmt.percent(k.target, 0) if k.unit == "ratio" else value_text(k, k.target)
    return targets.goal_words(value.removeprefix("約"), k.target_fiscal_year, k.target_due)


def year_text(k: Kpi) -> str:
    return fmt.fiscal_year(k.fiscal_year)


# ---- 総括 ------------------------------------------------------------------------------------


def tally_sentence(card: Scorecard) -> str:
    """How many figures there are and how those with a target are judged."""
    year = fmt.fiscal_year(card.params.fiscal_year)
    total = len(card.rows)
    judged = [r for r in card.rows if r.kpi.target is not None]
    head = f"{year}の評価では、{total}指標を集計しました（{year}以前の最新の値）。"
    if not judged:
        if not card.params.profile.configured:
            return (
                head
                + "自治体プロファイルがないため、目標は設定されておらず、判定は行っていません。"
            )
        return head + "目標が設定されている指標はないため、判定は行っていません。"
    if len(judged) == 1:
        verdict = judgement.LABELS[judged[0].kpi.judgement]
        return head + f"このうち目標が設定されている1指標の判定は「{verdict}」です。"
    counts = {code: 0 for code in judgement.LABELS}
    for r in judged:
        counts[r.kpi.judgement] += 1
    parts = "、".join(f"「{judgement.LABELS[code]}」{n}指標" for code, n in counts.items() if n)
    return head + f"このうち目標が設定されている{len(judged)}指標の判定は、{parts}です。"


def judged_sentence(row: Row) -> str:
    """A figure judged against its target."""
    k = row.kpi
    change = f"（前年度から{change_words(k)}）" if k.change is not None else ""
    if k.judgement == judgement.NOT_JUDGED:
        unnamed = f"、目標の資料に{UNNAMED_NOTE}" if row.target_unnamed else ""
        return (
            f"{k.label}は{year_text(k)}に{value_text(k)}{change}です。目標（{goal_text(k)}{unnamed}）に"
            "対しては、これまでのペースを求めるデータ（2年度分または2時点以上）がないため、"
            "判定していません。"
        )
    verdict = judgement.LABELS[k.judgement]
    unnamed = f"、目標の資料に{UNNAMED_NOTE}" if row.target_unnamed else ""
    return (
        f"{k.label}は{year_text(k)}に{value_text(k)}{change}で、目標（{goal_text(k)}{unnamed}）に"
        f"対する判定は「{verdict}」です。"
    )


def figure_sentence(row: Row) -> str:
    """A headline figure without a target."""
    k = row.kpi
    change = f"（前年度から{change_words(k)}）" if k.change is not None else ""
    note = f"（資料に{UNNAMED_NOTE}）" if row.unnamed_source else ""
    synthetic = "（合成データによる試算）" if k.tier == tiers.SYNTHETIC else ""
    return f"{k.label}は{year_text(k)}に{value_text(k)}{change}でした{note}{synthetic}。"


def findings(card: Scorecard) -> list[str]:
    """At most :data:`MAX_FINDINGS` sentences: the tally, then the figures judged against a
    target (the furthest behind first), then the headline figures of the other themes."""
    out = [tally_sentence(card)]
    judged = [r for r in card.rows if r.kpi.target is not None]
    judged.sort(key=lambda r: SEVERITY.index(r.kpi.judgement) if r.kpi.judgement in SEVERITY else 9)
    used = set()
    for r in judged:
        out.append(judged_sentence(r))
        used.add(r.kpi.kpi_id)
    for kpi_id in HEADLINES:
        row = card.row(kpi_id)
        if row is not None and kpi_id not in used:
            out.append(figure_sentence(row))
    return out[:MAX_FINDINGS]


def summary(card: Scorecard) -> Summary:
    synthetic = any(r.kpi.tier == tiers.SYNTHETIC for r in card.rows)
    return Summary(findings(card), tally_table(card), judgement.RULE, synthetic, SUMMARY_HEADING)


def tally_table(card: Scorecard) -> Table:
    counts = card.tally()
    frame = pd.DataFrame(
        {
            "判定": [judgement.LABELS[c] for c in counts],
            "指標数": [fmt.count(n) for n in counts.values()],
        }
    )
    return table(
        "判定別の指標数",
        frame,
        unit="指標",
        source="表「指標一覧」による",
        notes=("「判定なし」には、目標が設定されていない指標を含みます。",),
        total_label=None,
    )


# ---- header ---------------------------------------------------------------------------------


def header(card: Scorecard) -> list[object]:
    profile = card.params.profile
    lines = [f"評価対象年度：{fmt.fiscal_year(card.params.fiscal_year)}"]
    if profile.configured:
        used = sum(1 for r in card.rows if r.kpi.target is not None)
        lines.append(
            f"自治体：{profile.name}。設定されている目標{len(profile.targets)}件のうち、"
            f"{used}件をこの表の指標の判定に用いています（ほかは各施策の報告に記載）。"
        )
    else:
        lines.append(targets.NO_PROFILE_NOTE)
    lines.append("各指標は、対象年度以前で最も新しい年度の値です。年度は指標ごとに異なります。")
    return [notices.bullets(lines)]


# ---- the scorecard --------------------------------------------------------------------------


def _order(card: Scorecard) -> list[Row]:
    order = list(INITIATIVES)
    return sorted(
        card.rows,
        key=lambda r: order.index(r.kpi.theme) if r.kpi.theme in order else len(order),
    )


def source_numbers(card: Scorecard) -> dict[str, int]:
    """Each cited source id → its number in the 出典 list, in order of first citation."""
    numbers: dict[str, int] = {}
    for r in _order(card):
        for source_id in [*(r.kpi.source_id or "").split(","), r.target_source_id or ""]:
            if source_id and source_id not in numbers:
                numbers[source_id] = len(numbers) + 1
    return numbers


def _source_cell(row: Row, numbers: dict[str, int]) -> str:
    if row.kpi.tier == tiers.SYNTHETIC:
        return tiers.SHORT_LABELS[tiers.SYNTHETIC]
    ids = [s for s in (row.kpi.source_id or "").split(",") if s]
    text = "".join(f"〔{numbers[s]}〕" for s in ids) or fmt.MISSING
    text = f"{text}※" if row.unnamed_source else text
    if row.target_source_id:
        mark = "※" if row.target_unnamed else ""
        text += f"　目標〔{numbers[row.target_source_id]}〕{mark}"
    return text


def scorecard_table(card: Scorecard) -> Table:
    numbers = source_numbers(card)
    rows = []
    for r in _order(card):
        k = r.kpi
        rows.append(
            {
                "指標": k.label,
                "年度": year_text(k),
                "値": value_text(k),
                "前年度からの増減": change_text(k),
                "目標": goal_text(k),
                "判定": judgement.LABELS[k.judgement],
                "出典": _source_cell(r, numbers),
            }
        )
    columns = ["指標", "年度", "値", "前年度からの増減", "目標", "判定", "出典"]
    return table(
        "指標一覧",
        pd.DataFrame(rows, columns=columns),
        source="表中の〔 〕は「出典」の番号",
        notes=("「目標」は自治体プロファイルに出典とともに設定された目標です。",)
        + (
            (f"※は、発行した自治体名が記載されていない資料の数値です（{UNNAMED_NOTE}）。",)
            if any(r.unnamed_source or r.target_unnamed for r in card.rows)
            else ()
        ),
        synthetic=any(r.kpi.tier == tiers.SYNTHETIC for r in card.rows),
        text_columns=("目標", "出典"),
        total_label=None,
    )


def sources(card: Scorecard) -> object:
    """「出典」 numbered as the scorecard cites them."""
    numbers = source_numbers(card)
    lines = []
    for source_id, number in numbers.items():
        cited = _cited(card, source_id)
        lines.append(f"〔{number}〕{cited}")
    if any(r.kpi.tier == tiers.SYNTHETIC for r in card.rows):
        lines.append(f"合成データ：{provenance.SYNTHETIC_SOURCE}")
    return notices.bullets(lines or ["公表資料から転記したデータはありません。"])


def _cited(card: Scorecard, source_id: str) -> str:
    """The publication line of one source id, looked up through the inputs that cite it."""
    for loaded in card.inputs.values():
        if loaded is None or loaded.frame is None or "source_id" not in loaded.frame.columns:
            continue
        if source_id in set(loaded.frame["source_id"].dropna()):
            rows = loaded.frame[loaded.frame["source_id"] == source_id]
            lines = provenance.publications([dataclasses.replace(loaded, frame=rows)])
            if lines:
                return lines[0]
    return source_id


def reproduction(card: Scorecard, data_dir: str, example_dir: str) -> object:
    del example_dir  # the scorecard reads no record-level data
    params = [
        ("対象年度", fmt.fiscal_year(card.params.fiscal_year)),
        ("公表データのフォルダ", provenance.folder_label(data_dir, "data/published")),
    ]
    shown = [v for v in card.inputs.values() if v is not None and v.path is not None]
    stated = targets_input(card.params.profile)
    return provenance.Reproduction(params, shown + ([stated] if stated else []))
