"""System standardisation for the reader: numbered tables and Japanese findings from one
evaluation.

Formatting only: every figure and decision comes from :func:`.metrics.evaluate`. Rates have one
decimal, issues are whole, months and issues a month one decimal, the observed pace one decimal
of points a month.
"""

from __future__ import annotations

import pandas as pd

from ... import fmt, judgement
from ...municipality import PROFILE_INPUT, targets_input
from ...report import notices, provenance, targets
from ...report.summary import Summary
from ...report.tables import Table, table
from ..base import Reason
from . import metrics
from .metrics import OVERALL, Pace, StandardizationEvaluation, Status

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Fit&Gap分析の課題",
        "国の標準仕様に沿ったシステム（標準化システム）へ移行する際に、現在の業務・システムとの"
        "違いとして洗い出された課題。区が影響調査（令和5年度まで）で把握したもの。",
    ),
    ("進捗率", "完了数 ÷ 課題総数。全体は各システムの件数を合計して計算する。"),
    (
        "目標に必要な完了数",
        "課題総数 × 目標の進捗率を整数に切り上げた件数（90%に達するには、端数のある件数を"
        "切り上げた件数の完了が必要）。全体は各システムの必要数の合計（目標はシステムごとに"
        "90%）。",
    ),
    (
        "1か月あたりに必要な件数",
        "目標までにあと必要な件数 ÷ 集計時点から期日までの月数（日数 ÷ 365.25 × 12）。",
    ),
    (
        "これまでのペース",
        "各集計時点の進捗率に当てはめた直線の傾き（1か月あたりのポイント）。3時点以上は最小"
        "二乗法、2時点は2点を結ぶ直線による。",
    ),
)
ROUNDING = (
    "進捗率は小数点以下第2位を四捨五入して第1位まで、件数は整数、月数と1か月あたりの件数、"
    "ペース（ポイント）は小数点以下第1位まで表示しています。必要な件数とペースは端数処理前の"
    "値で計算しています。表の「—」は値がないことを示します。"
)
CAVEATS = (
    "進捗率は課題の件数による割合であり、課題ごとの難しさや作業量の違いは反映していません。",
    "課題総数には、令和7年度中の移行が困難な可能性のあるシステムと、標準化の対象外でガバメント"
    "クラウドへ移行する業務の課題を含みます（出典の注記による）。",
    "これまでのペースによる見通しは、集計時点の間と同じ速さで課題の解消が続くとした場合のもの"
    "です。運用テストの中で解消する課題もあるとされており、実際の進み方は異なることがあります。",
)
NO_TARGET = "自治体プロファイルに課題の進捗率の目標が設定されていません"
REASONS: dict[str, str] = {
    "no_data_for_year": "対象年度以前の課題の集計データがありません",
    "one_count": "課題の集計は{date}の1時点のみで、これまでのペースを求めるには2時点以上が必要です",
    "no_target": NO_TARGET,
}
METHOD_LABELS = {"ols": "最小二乗法", "two_points": "2時点を結ぶ直線"}
RUN_LABELS = {"confidence": "見通しの予測区間の信頼水準"}


def describe(why: Reason | None) -> str:
    """A reason in Japanese (「」 when there is none)."""
    if why is None:
        return ""
    values = dict(why.values)
    if "date" in values:
        values["date"] = fmt.date(metrics.due_date(values["date"]))
    return REASONS[why.code].format(**values)


def source(ev: StandardizationEvaluation, name: str = metrics.PROGRESS) -> str:
    return provenance.dataset_source(ev.inputs, name)


def months(value: float | None) -> str:
    return f"{fmt.number(value, 1)}か月" if value is not None else fmt.MISSING


def per_month(value: float | None) -> str:
    return f"{fmt.number(value, 1)}件" if value is not None else fmt.MISSING


def due_text(status: Status) -> str:
    return fmt.date(status.due) if status.due is not None else fmt.MISSING


def target_text(status: Status) -> str:
    """「令和7年7月1日までに90%」."""
    if status.target_rate is None or status.due is None:
        return "目標なし"
    return targets.goal_words(fmt.percent(status.target_rate, 0), due=status.due)


def _name(status: Status) -> str:
    return status.system


# ---- header and summary ---------------------------------------------------------------------


def header(ev: StandardizationEvaluation) -> list[object]:
    """The evaluated year, the year shown and the date of the count."""
    lines = notices.year_lines(
        ev.year, "この年度以前の課題の集計データはありません。", "表示するデータの年度"
    )
    out: list[object] = [notices.bullets(lines)]
    if ev.as_of is not None:
        out.append(notices.as_of(ev.as_of, ev.year.shown, "課題の集計時点"))
    return out


def status_sentence(o: Status) -> str:
    return (
        f"{fmt.date(o.as_of)}時点で、標準化システムへの移行に向けたFit&Gap分析の課題"
        f"{fmt.count(o.issues)}件のうち{fmt.count(o.resolved)}件が完了し、進捗率は"
        f"{fmt.percent(o.rate)}です。"
    )


def need_sentences(ev: StandardizationEvaluation) -> list[str]:
    """What the target still needs, overall and for the system that needs most."""
    o = ev.overall
    if o.target_rate is None or o.due is None:
        return [f"{NO_TARGET}。このため、目標までに必要な件数とペースは示しません。"]
    if o.to_resolve == 0:
        return [f"全てのシステムが目標の進捗率{fmt.percent(o.target_rate, 0)}に達しています。"]
    out = [
        f"目標（{fmt.date(o.due)}までに各システムの進捗率{fmt.percent(o.target_rate, 0)}）に"
        f"達するには、全体で{fmt.count(o.needed)}件の完了が必要で、あと"
        f"{fmt.count(o.to_resolve)}件です。"
    ]
    if o.monthly_pace_needed is not None:
        out.append(
            f"集計時点（{fmt.date(o.as_of)}）から期日まで{months(o.months_left)}で、1か月あたり"
            f"{per_month(o.monthly_pace_needed)}の完了が必要です。"
        )
    else:
        out.append("集計時点で期日を過ぎており、目標に達していません。")
    systems = [s for s in ev.statuses if s.system != OVERALL and s.to_resolve]
    if len(systems) > 1:
        top = max(systems, key=lambda s: s.to_resolve)
        out.append(
            f"あと必要な件数が最も多いのは{_name(top)}（{fmt.count(top.to_resolve)}件、1か月あたり"
            f"{per_month(top.monthly_pace_needed)}）です。"
        )
    return out


def pace_sentences(ev: StandardizationEvaluation) -> list[str]:
    p = ev.overall_pace
    if p is None:
        return [f"{describe(ev.pace_reason)}。このため目標の達成見込みは判定していません。"]
    method = "これまでの進捗率に当てはめた直線" if p.line.method == "ols" else "2時点を結ぶ直線"
    reached = (
        f"{fmt.date(p.reached)}ごろに{fmt.percent(p.target_rate, 0)}に達する見込みです"
        if p.reached is not None
        else f"{fmt.percent(p.target_rate, 0)}には達しない見込みです"
    )
    return [
        f"全体の進捗率は1か月あたり{fmt.number(p.per_month, 1)}ポイントのペースで推移しており"
        f"（{method}による）、このペースが続くと{reached}。判定は「"
        f"{judgement.LABELS[p.judgement]}」です。"
    ]


def national_sentence(ev: StandardizationEvaluation) -> str | None:
    """The national deadline, from the profile's other targets of this theme."""
    if not ev.targets:
        return None
    stated = "".join(f"「{t.statement or t.label}」" for t in ev.targets)
    return f"国の移行目標時期に合わせた目標として、{stated}が示されています（出典参照）。"


def summary_findings(ev: StandardizationEvaluation) -> list[str]:
    req = fmt.fiscal_year(ev.params.fiscal_year)
    o = ev.overall
    if o is None:
        return [f"{req}以前のシステム標準化の課題の集計データはないため、評価できません。"]
    out = []
    if ev.year.is_fallback:
        out.append(
            f"{req}の課題の集計データはありません。最新のデータは{fmt.fiscal_year(ev.year.shown)}"
            "のものです。"
        )
    out.append(status_sentence(o))
    out += need_sentences(ev)
    out += pace_sentences(ev)
    national = national_sentence(ev)
    if national:
        out.append(national)
    return out


def _judgement(ev: StandardizationEvaluation, status: Status) -> str:
    if status.system == OVERALL:
        return ev.overall_judgement
    pace = next((p for p in ev.paces if p.system == status.system), None)
    if pace is not None:
        return pace.judgement
    return judgement.judge_date(status.rate, status.target_rate, status.due, None, False)


def summary_table(ev: StandardizationEvaluation) -> Table:
    rows = [
        {
            "指標": f"進捗率（{s.system}）",
            "時点": fmt.date(s.as_of),
            "値": fmt.percent(s.rate),
            "目標": target_text(s),
            "判定": judgement.LABELS[_judgement(ev, s)],
        }
        for s in ev.statuses
    ]
    return table(
        "主な指標と判定",
        pd.DataFrame(rows),
        source=source(ev),
        text_columns=("時点", "目標", "判定"),
        notes=[judgement.RULE],
        total_label=f"進捗率（{OVERALL}",
    )


def summary(ev: StandardizationEvaluation) -> Summary:
    if ev.overall is None:
        return Summary(summary_findings(ev))
    return Summary(summary_findings(ev), summary_table(ev))


# ---- section 1: progress --------------------------------------------------------------------


def progress_table(ev: StandardizationEvaluation) -> Table:
    rows = [
        {
            "システム": s.system,
            "主な対象業務": s.scope or fmt.MISSING,
            "課題総数": fmt.count(s.issues),
            "完了数": fmt.count(s.resolved),
            "残数": fmt.count(s.remaining),
            "進捗率": fmt.percent(s.rate),
        }
        for s in ev.statuses
    ]
    frame = pd.DataFrame(rows)
    frame.loc[frame["システム"] == OVERALL, "システム"] = "合計"
    return table(
        f"システムごとの課題の解消状況（{fmt.date(ev.as_of)}時点）",
        frame,
        unit="件",
        source=source(ev),
        text_columns=("主な対象業務",),
        notes=[
            "進捗率は完了数÷課題総数を計算し直した値です（出典は整数の%で記載：77%、81%、79%）。"
            if _published_whole_percent(ev)
            else "進捗率は完了数÷課題総数です。"
        ],
    )


def _published_whole_percent(ev: StandardizationEvaluation) -> bool:
    frame = ev.inputs[metrics.PROGRESS].frame
    return "progress_rate" in frame and frame["progress_rate"].notna().any()


def progress_section(ev: StandardizationEvaluation) -> list[object]:
    if ev.overall is None:
        return [notices.year_notice(ev.year, "課題の集計")]
    out = [
        notices.year_notice(ev.year, "課題の集計"),
        notices.bullets([status_sentence(ev.overall)]),
    ]
    return [o for o in out if o is not None] + [progress_table(ev)]


# ---- section 2: what the target needs -------------------------------------------------------


def need_table(ev: StandardizationEvaluation) -> Table:
    rows = []
    for s in ev.statuses:
        rows.append(
            {
                "システム": "合計" if s.system == OVERALL else s.system,
                "目標": target_text(s),
                "目標に必要な完了数": fmt.count(s.needed),
                "完了数": fmt.count(s.resolved),
                "あと必要な件数": fmt.count(s.to_resolve),
                "期日までの月数": months(s.months_left),
                "1か月あたりに必要な件数": per_month(s.monthly_pace_needed),
            }
        )
    return table(
        "目標の進捗率に必要な完了数とペース",
        pd.DataFrame(rows),
        source=source(ev),
        text_columns=("目標",),
        notes=[
            "目標に必要な完了数は、課題総数×目標の進捗率を整数に切り上げた件数です。合計は各"
            "システムの必要数の合計です。",
            f"月数は{fmt.date(ev.as_of)}から期日までの日数を365.25で割り12を掛けた値です。",
            "各システムの1か月あたりの件数は端数処理のため、合計と一致しないことがあります。",
        ],
    )


def need_section(ev: StandardizationEvaluation) -> list[object]:
    if ev.overall is None:
        return [notices.box("課題の集計データがないため、この節は省略します。")]
    return [notices.bullets(need_sentences(ev)), need_table(ev)]


# ---- section 3: observed pace ---------------------------------------------------------------


def _interval(p: Pace) -> str:
    if p.line.lower is None:
        return fmt.MISSING
    return f"{fmt.percent(p.line.lower)}〜{fmt.percent(p.line.upper)}"


def pace_table(ev: StandardizationEvaluation) -> Table:
    level = fmt.percent(ev.params.confidence, 0)
    rows = [
        {
            "システム": "合計" if p.system == OVERALL else p.system,
            "集計時点の数": fmt.count(len(p.dates)),
            "方法": METHOD_LABELS[p.line.method],
            "ペース（ポイント／月）": fmt.number(p.per_month, 1),
            "目標に達する見込みの日": fmt.date(p.reached) if p.reached else "達しない見込み",
            "期日の見込み進捗率": fmt.percent(p.at_due),
            f"同{level}予測区間": _interval(p),
            "判定": judgement.LABELS[p.judgement],
        }
        for p in ev.paces
    ]
    notes = ["予測区間は3時点以上の場合のみ示します（2時点の直線は誤差の大きさを示しません）。"]
    if any(p.line.method == "two_points" for p in ev.paces):
        notes.append("2時点を結ぶ直線による値は、単純な延長（外挿）による目安です。")
    return table(
        "これまでのペースと目標の期日の見通し",
        pd.DataFrame(rows),
        source=source(ev),
        text_columns=("方法", "目標に達する見込みの日", f"同{level}予測区間", "判定"),
        notes=notes + [judgement.RULE],
    )


def pace_section(ev: StandardizationEvaluation) -> list[object]:
    if not ev.paces:
        why = describe(ev.pace_reason) or "課題の集計データがありません"
        return [
            notices.box(
                f"{why}。このため、これまでのペースによる見通しと達成見込みの判定は示しません。"
            )
        ]
    return [notices.bullets(pace_sentences(ev)), pace_table(ev)]


# ---- section 4: targets ---------------------------------------------------------------------


def targets_table(ev: StandardizationEvaluation) -> Table | None:
    rows = []
    o = ev.overall
    if o is not None and o.target_rate is not None:
        rows.append(
            {
                "目標": "Fit&Gap分析の課題の進捗率を各システムで"
                f"{fmt.percent(o.target_rate, 0)}とする",
                "期限": due_text(o),
                "出典": provenance.source_line(_targets_loaded(ev, (ev.params.fit_gap_target,))),
            }
        )
    for t in ev.targets:
        rows.append(
            {
                "目標": t.statement or t.label,
                "期限": f"{fmt.fiscal_year(t.fiscal_year)}末" if t.fiscal_year else fmt.date(t.due),
                "出典": provenance.source_line(_targets_loaded(ev, (t,))),
            }
        )
    if not rows:
        return None
    return table(
        "システム標準化の目標",
        pd.DataFrame(rows),
        source="表中に記載",
        text_columns=("期限", "出典"),
        total_label=None,
    )


def _targets_loaded(ev: StandardizationEvaluation, targets=None):
    """The profile's targets of this theme (or only ``targets``) as an input, so that a 出典
    names only the documents that state them."""
    return targets_input(ev.params.profile, ev.targets if targets is None else targets)


def targets_section(ev: StandardizationEvaluation) -> list[object]:
    t = targets_table(ev)
    if t is None:
        return [notices.box("システム標準化の目標を記載したデータはありません。")]
    national = national_sentence(ev)
    return ([notices.bullets([national])] if national else []) + [t]


# ---- closing sections -----------------------------------------------------------------------


def caveats(ev: StandardizationEvaluation) -> object:
    lines = list(CAVEATS)
    if not ev.paces:
        lines = lines[:2]
    if ev.targets:
        if provenance.unnamed_publishers([_targets_loaded(ev)]):
            lines.append(
                "目標の一部は、発行した自治体名が記載されていない資料によるものです（出典参照）。"
            )
    return notices.bullets(lines)


def method(ev: StandardizationEvaluation) -> list[object]:
    used = sorted({p.line.assumption for p in ev.paces})
    return notices.terms_and_method(DEFINITIONS, ROUNDING, provenance.assumption_lines(used))


def sources(ev: StandardizationEvaluation) -> object:
    shown = [ev.inputs[metrics.PROGRESS]] if ev.overall is not None else []
    stated = ev.inputs.get(PROFILE_INPUT)
    if stated is not None:
        shown.append(stated)
    lines = provenance.publications(shown)
    return notices.bullets(lines or ["公表資料から転記したデータはありません。"])


def reproduction(ev: StandardizationEvaluation, data_dir: str) -> object:
    p = ev.params
    params = [
        ("対象年度", fmt.fiscal_year(p.fiscal_year)),
        ("公表データのフォルダ", provenance.folder_label(data_dir, "data/published")),
        (RUN_LABELS["confidence"], fmt.percent(p.confidence, 0)),
    ]
    return provenance.Reproduction(params, list(ev.inputs.values()))
