"""Helpers the evaluation notebooks call: folders, tolerant loading, year choice, notices,
findings written from computed numbers, display tables and provenance.

Text built from data is HTML-escaped before it goes into Markdown or HTML output, so a
procedure called ``<script>…</script>`` shows as text. DataFrames are shown through pandas'
own (escaping) HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import __version__, paths
from .errors import DatasetNotFoundError
from .jp import format_fiscal_year
from .metrics import online

SYNTHETIC_TEXT = "合成データ（実績ではありません）"
TIER_LABELS = {"published": "公表値", "synthetic": "合成データ", "analyst": "分析者提供データ"}


# ---- folders and loading --------------------------------------------------------------------


def resolve_dir(value: str | Path | None, default: Path) -> Path:
    """A notebook's folder parameter: "" or None → ``default`` (from :mod:`paths`)."""
    if value is None or str(value).strip() == "":
        return Path(default)
    return Path(str(value)).expanduser()


@dataclass(frozen=True, slots=True)
class Loaded:
    """A dataset a notebook asked for.

    ``frame`` is None when the folder or file is absent, with ``reason`` saying which.
    ``tier`` is published (from data/published), synthetic (every row marked synthetic) or
    analyst (anything else).
    """

    name: str
    folder: Path
    frame: pd.DataFrame | None
    path: Path | None
    tier: str | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.frame is not None


def _tier(folder: Path, frame: pd.DataFrame) -> str:
    if "synthetic" in frame.columns and len(frame) and bool(frame["synthetic"].fillna(False).all()):
        return "synthetic"
    try:
        if folder.resolve() == paths.PUBLISHED_DIR.resolve():
            return "published"
    except OSError:
        pass
    return "analyst"


def load_optional(name: str, folder: str | Path) -> Loaded:
    """Load a dataset if its folder and file exist; invalid data still raises
    :class:`~sugidx_analysis.errors.DataValidationError` (it must be fixed, not skipped)."""
    from .io import load_dataset

    folder = Path(folder)
    if not folder.is_dir():
        return Loaded(name, folder, None, None, None, f"フォルダ {folder} がありません")
    try:
        frame = load_dataset(name, folder)
    except DatasetNotFoundError:
        return Loaded(
            name,
            folder,
            None,
            None,
            None,
            f"フォルダ {folder} に {name}.csv（または .xlsx）がありません",
        )
    path = Path(frame.attrs["source_file"])
    return Loaded(name, folder, frame, path, _tier(folder, frame), None)


@dataclass(frozen=True, slots=True)
class YearChoice:
    """Which year a section shows: ``requested`` if there is data, else the latest earlier
    year (``shown``), else None."""

    requested: int
    shown: int | None
    available: tuple[int, ...]

    @property
    def is_fallback(self) -> bool:
        return self.shown is not None and self.shown != self.requested


def choose_year(frame: pd.DataFrame | None, fiscal_year: int) -> YearChoice:
    """The year to show for ``fiscal_year`` from the years ``frame`` has."""
    years = () if frame is None else tuple(sorted(int(y) for y in frame["fiscal_year"].unique()))
    earlier = [y for y in years if y <= fiscal_year]
    return YearChoice(int(fiscal_year), max(earlier) if earlier else None, years)


# ---- notices --------------------------------------------------------------------------------


def _box(text: str, colour: str) -> object:
    from IPython.display import HTML

    return HTML(
        f'<div style="border-left:4px solid {colour};padding:0.4em 0.8em;'
        f'margin:0.5em 0;background:#fafafa">{html.escape(text)}</div>'
    )


def synthetic_notice() -> object:
    """A visible block saying a section is computed from synthetic data."""
    return _box(
        f"⚠ この節は{SYNTHETIC_TEXT}から計算しています。区の実際の手続ごとの記録では"
        "ありません。合成データは公表された合計値に一致するよう作られています。",
        "#b00020",
    )


def tier_notice(loaded: Loaded) -> object | None:
    """A synthetic or analyst-data notice for a loaded dataset (None for published data)."""
    if loaded.tier == "synthetic":
        return synthetic_notice()
    if loaded.tier == "analyst":
        return _box(
            f"この節は分析者が用意したデータ（{loaded.path}）から計算しています。", "#1f77b4"
        )
    return None


def no_data_notice(text: str) -> object:
    """A one-line notice that a section has no data (escaped)."""
    return _box(text, "#888888")


def year_notice(choice: YearChoice, what: str) -> object | None:
    """Says plainly when the requested year has no data (None when it has)."""
    req = format_fiscal_year(choice.requested)
    if choice.shown is None:
        have = "、".join(format_fiscal_year(y) for y in choice.available) or "なし"
        return no_data_notice(
            f"{req}以前の{what}のデータはありません（データのある年度: {have}）。"
        )
    if choice.is_fallback:
        return no_data_notice(
            f"{req}の{what}のデータはありません。データのある直近の年度"
            f"（{format_fiscal_year(choice.shown)}）を表示します。"
        )
    return None


def bullets(sentences: list[str]) -> object:
    """Findings as a Markdown bullet list; every sentence is HTML-escaped."""
    from IPython.display import Markdown

    return Markdown("\n".join(f"- {html.escape(s)}" for s in sentences))


def report_header(
    fiscal_year: int, choice: YearChoice, target_fiscal_year: int, target_coverage: float
) -> object:
    """The report's evaluated year, the year shown and the target, as a short list."""
    lines = [f"評価対象年度: {format_fiscal_year(fiscal_year)}"]
    if choice.shown is None:
        lines.append("この年度以前の公表データはありません。")
    elif choice.is_fallback:
        lines.append(f"表示する公表データの年度: {format_fiscal_year(choice.shown)}（直近の年度）")
    lines.append(
        f"目標: {format_fiscal_year(target_fiscal_year)}末までにオンライン対応率"
        f"{pct(target_coverage, 0)}"
    )
    return bullets(lines)


def compare_counts(summarised: pd.DataFrame, published: pd.DataFrame | None) -> list[str]:
    """Differences between record-level totals and the published table (same years and
    columns only); an empty list when they agree."""
    if published is None:
        return []
    a = summarised.set_index("fiscal_year")
    b = published.set_index("fiscal_year")
    out = []
    for year in a.index.intersection(b.index):
        for col in a.columns.intersection(b.columns):
            x, y = a.loc[year, col], b.loc[year, col]
            if pd.notna(x) and pd.notna(y) and int(x) != int(y):
                out.append(f"FY{year} {col}: 手続ごとの集計 {int(x):,} / 公表値 {int(y):,}")
    return out


def records_check(summarised: pd.DataFrame, published: pd.DataFrame | None) -> object:
    """A notice saying whether the record-level totals match the published table."""
    diffs = compare_counts(summarised, published)
    years = "、".join(format_fiscal_year(int(y)) for y in summarised["fiscal_year"])
    if not diffs:
        return _box(
            f"手続ごとのデータを集計した手続数・申請数は、公表値と一致します（{years}）。",
            "#2ca02c",
        )
    return _box("手続ごとのデータの集計が公表値と一致しません: " + "；".join(diffs), "#d62728")


# ---- formatting -----------------------------------------------------------------------------


def pct(value: float | None, digits: int = 1) -> str:
    """0.42119 → "42.1%"; None/NaN → "—"."""
    if value is None or pd.isna(value):
        return "—"
    return f"{value * 100:.{digits}f}%"


def points(value: float | None, digits: int = 1) -> str:
    """Percentage points with sign: 3.12 → "+3.1ポイント"."""
    if value is None or pd.isna(value):
        return "—"
    return f"{value:+.{digits}f}ポイント"


def count(value: float | None) -> str:
    """1699957 → "1,699,957"; None/NaN → "—"."""
    if value is None or pd.isna(value):
        return "—"
    return f"{value:,.0f}"


def show_figure(fig) -> None:
    """Display a figure once and release it (so it is not shown twice)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(fig)
    plt.close(fig)


def attempt(func, *args, **kwargs) -> tuple[object | None, str | None]:
    """``(func(*args, **kwargs), None)``, or ``(None, message)`` when it raises ValueError —
    for metrics whose preconditions (years, targets) a report's parameters may not meet."""
    try:
        return func(*args, **kwargs), None
    except ValueError as exc:
        return None, str(exc)


def source_line(loaded: Loaded) -> str:
    """What a figure's 出典 line says for a dataset."""
    if loaded.tier == "synthetic":
        return f"{loaded.path.name}（sugidx synth で生成した合成データ）"
    if loaded.tier == "published":
        titles = []
        table = sources_table([loaded])
        for r in table.itertuples():
            label = f"{r.municipality}「{r.title}」"
            if label not in titles:
                titles.append(label)
        return "、".join(titles) or f"{loaded.path.name}（公表値）"
    return f"{loaded.path}（分析者提供データ）" if loaded.path else "—"


# ---- tables for display ---------------------------------------------------------------------


def measures_table(m: online.OnlineMeasures, years: list[int]) -> pd.DataFrame:
    """Measures (rows, Japanese labels) by fiscal year (columns), formatted for reading."""
    out = {}
    for y in years:
        col = {}
        for name in m.table.columns:
            v = m.value(name, y)
            col[online.LABELS[name]] = pct(v) if name in online.RATIOS else count(v)
        out[format_fiscal_year(y)] = col
    return pd.DataFrame(out)


def change_table(ch: online.Change) -> pd.DataFrame:
    """The year-on-year change, formatted: values, points, absolute and relative change."""
    rows = []
    for _name, r in ch.table.iterrows():
        ratio = r["kind"] == "ratio"
        rows.append(
            {
                "指標": r["label"],
                format_fiscal_year(ch.from_year): pct(r["from_value"])
                if ratio
                else count(r["from_value"]),
                format_fiscal_year(ch.to_year): pct(r["to_value"])
                if ratio
                else count(r["to_value"]),
                "増減": points(r["change_points"]) if ratio else f"{r['change']:+,.0f}",
                "増減率": pct(r["relative"]),
            }
        )
    return pd.DataFrame(rows).set_index("指標")


def missing_table(missing: dict[str, str]) -> pd.DataFrame:
    """Measures a partial table cannot give, and why."""
    return pd.DataFrame(
        {
            "指標": [online.LABELS.get(k, k) for k in missing],
            "算出できない理由": list(missing.values()),
        }
    ).set_index("指標")


def plan_table(plan: online.PlanResult) -> pd.DataFrame:
    t = plan.table
    return pd.DataFrame(
        {
            "未対応手続数": t["not_online"].map(count),
            "対応予定": t["planned_online"].map(count),
            "対象外予定": t["planned_excluded"].map(count),
            "対応予定の割合": t["planned_share"].map(pct),
            "対応予定の割合（対象外を除く）": t["planned_share_in_scope"].map(pct),
        }
    ).rename_axis("優先度")


def pace_table(p: online.PaceToTarget) -> pd.DataFrame:
    rows = {
        "最新年度": format_fiscal_year(p.latest_fiscal_year),
        "最新のオンライン対応率": pct(p.latest_coverage),
        "目標": f"{format_fiscal_year(p.target_fiscal_year)}末までに{pct(p.target_coverage, 0)}",
        "目標に必要な対応済手続数": count(p.procedures_needed),
        "残り年数": f"{p.years_left}年",
        "必要なペース（手続/年）": count(p.required_per_year),
        "観測されたペース（手続/年）": count(p.observed_per_year),
        "観測ペースで目標に達する年度": format_fiscal_year(p.year_reached)
        if p.year_reached
        else "達しない",
        "対応率のトレンド（ポイント/年）": points(p.coverage_points_per_year),
        "目標年度末の対応率（トレンド）": pct(p.coverage_projected),
        "予測区間": (
            f"{pct(p.coverage_lower)} 〜 {pct(p.coverage_upper)}"
            if p.coverage_lower is not None
            else "なし（2時点のため）"
        ),
        "方法": p.method,
    }
    return pd.DataFrame({"値": rows}).rename_axis("項目")


def backlog_table(flow: online.BacklogFlow) -> pd.DataFrame:
    """The backlog's movement between two years, labelled for a reviewer."""
    t = flow.to_frame()
    return pd.DataFrame(
        {"手続数": [f"{v:+,}" if v < 0 else count(v) for v in t["procedures"]]},
        index=pd.Index(t["label"].tolist(), name="項目"),
    )


def decomposition_table(dec: online.UsageDecomposition) -> pd.DataFrame:
    """The parts of the usage change in points, with the procedures behind each."""
    t = dec.to_frame()
    return pd.DataFrame(
        {
            "利用率への寄与": [points(v, 2) for v in t["points"]],
            "手続数": [count(v) for v in t["procedures"]],
        },
        index=pd.Index(t["label"].tolist(), name="要因"),
    )


def concentration_table(conc: online.Concentration) -> pd.DataFrame:
    """How much of the offline applications the largest N not-yet-online procedures hold."""
    t = conc.to_frame()
    return pd.DataFrame(
        {
            "申請数": [count(v) for v in t["applications"]],
            "未対応手続の申請に占める割合": [pct(v) for v in t["share"]],
        },
        index=pd.Index([f"上位{n}手続" for n in t["top_n"]], name="申請の多い未対応手続"),
    )


def largest_offline_table(conc: online.Concentration, n: int = 10) -> pd.DataFrame:
    """The ``n`` not-yet-online procedures with the most applications (names escaped by pandas)."""
    t = conc.largest.head(n)
    return pd.DataFrame(
        {
            "手続名": t["procedure_name"].tolist(),
            "所管課": t["department"].tolist(),
            "優先度": t["priority_band"].tolist(),
            "年間申請数": [count(v) for v in t["applications"]],
            "割合": [pct(v) for v in t["share"]],
            "累積割合": [pct(v) for v in t["cumulative_share"]],
        },
        index=pd.Index(t["procedure_id"].tolist(), name="手続ID"),
    )


# ---- findings -------------------------------------------------------------------------------


def status_findings(m: online.OnlineMeasures, year: int, ch: online.Change | None) -> list[str]:
    """Sentences on coverage, usage and the backlog in ``year`` (and the change, if given)."""
    fy = format_fiscal_year(year)
    out = []
    if (c := m.value("coverage", year)) is not None:
        out.append(
            f"{fy}末のオンライン対応率は{pct(c)}（オンライン対応可能な"
            f"{count(m.value('procedures_online_capable', year))}手続のうち"
            f"{count(m.value('procedures_online', year))}手続）です。"
        )
    if (u := m.value("usage", year)) is not None:
        out.append(
            f"オンライン対応済手続の申請のうちオンラインによるものは{pct(u)}"
            f"（{count(m.value('applications_online', year))}件）です。"
        )
    if ch is not None:
        prev = format_fiscal_year(ch.from_year)
        if (p := ch.points("coverage")) is not None:
            out.append(f"対応率は{prev}から{points(p)}変化しました。")
        if (p := ch.points("usage")) is not None:
            out.append(f"利用率は{prev}から{points(p)}変化しました。")
        if (b := ch.change_of("backlog")) is not None:
            out.append(
                f"未対応手続（バックログ）は{count(ch.table.loc['backlog', 'from_value'])}"
                f"から{count(ch.table.loc['backlog', 'to_value'])}へ{b:+,.0f}手続"
                "変化しました。"
            )
        if (d := ch.change_of("applications_paper")) is not None:
            out.append(
                f"紙による申請は{count(ch.table.loc['applications_paper', 'from_value'])}件"
                f"から{count(ch.table.loc['applications_paper', 'to_value'])}件へ"
                f"{d:+,.0f}件変化しました。"
            )
        if ch.paper_avoided is not None:
            out.append(
                f"利用率が{prev}のままだった場合と比べ、{format_fiscal_year(ch.to_year)}"
                f"には約{count(ch.paper_avoided)}件の紙の申請がオンラインに置き換わった"
                "計算です。"
            )
    return out


def backlog_findings(flow: online.BacklogFlow) -> list[str]:
    """Sentences on how the backlog moved (from the totals)."""
    out = [
        f"{format_fiscal_year(flow.from_year)}末の未対応手続{count(flow.start)}に対し、"
        f"対応可能手続が{flow.capable_added:+,}、オンライン対応済手続が"
        f"{flow.online_added:+,}変化し、{format_fiscal_year(flow.to_year)}末の未対応手続は"
        f"{count(flow.end)}になりました。"
    ]
    if flow.end > flow.start and flow.online_added > 0:
        out.append(
            "オンライン化は進んでいますが、対応可能手続の増加がそれを上回ったため、"
            "未対応手続は増えています。"
        )
    return out


def pace_findings(p: online.PaceToTarget) -> list[str]:
    target = f"{format_fiscal_year(p.target_fiscal_year)}末までに対応率{pct(p.target_coverage, 0)}"
    out = []
    if p.required_per_year is None:
        out.append(
            f"目標年度（{format_fiscal_year(p.target_fiscal_year)}）は最新の観測年度と同じ"
            f"です。最新の対応率は{pct(p.latest_coverage)}です。"
        )
    else:
        verdict = "足りています" if p.on_track else "足りません"
        out.append(
            f"{target}を達成するには、年{count(p.required_per_year)}手続のペースでオンライン"
            f"化が必要です。観測されたペースは年{count(p.observed_per_year)}手続で、"
            f"{verdict}。"
        )
    if p.year_reached is not None:
        out.append(
            f"観測ペースが続くと、目標の{count(p.procedures_needed)}手続に達するのは"
            f"{format_fiscal_year(p.year_reached)}末です（対応可能手続数が一定の場合）。"
        )
    if p.coverage_year_reached is not None:
        out.append(
            f"対応率のトレンド（年{points(p.coverage_points_per_year)}）では、目標に達するの"
            f"は{format_fiscal_year(p.coverage_year_reached)}末です。"
        )
    out.extend(p.notes)
    return out


def plan_findings(plan: online.PlanResult) -> list[str]:
    t = plan.table.loc["合計"]
    fy = format_fiscal_year(plan.fiscal_year)
    out = [
        f"{fy}は未対応{count(t['not_online'])}手続のうち{count(t['planned_online'])}手続"
        f"（{pct(t['planned_share'])}）をオンライン化する予定です。"
    ]
    if "S" in plan.table.index:
        s = plan.table.loc["S"]
        out.append(
            f"申請の多い優先度S（年1,000件以上）では{count(s['not_online'])}手続のうち"
            f"{count(s['planned_online'])}手続（{pct(s['planned_share'])}）が予定されています。"
        )
    if plan.coverage_if_delivered is not None:
        out.append(
            f"計画どおりなら、対応率は{pct(plan.coverage_before)}から"
            f"{pct(plan.coverage_if_delivered)}（{count(plan.online_if_delivered)} / "
            f"{count(plan.capable_if_delivered)}手続）になります。対象外予定の手続は対応"
            "可能手続から除き、新たな対応可能手続は加えていません。"
        )
    else:
        out.append(f"計画達成時の対応率は求められません: {plan.reason}")
    return out


def decomposition_findings(dec: online.UsageDecomposition) -> list[str]:
    if dec.within is None:
        return [f"利用率の変化を分解できません: {dec.reason}"]
    return [
        f"利用率の変化{points(dec.total_change * 100, 2)}のうち、既存の対応済手続"
        f"（{dec.procedures_continuing}手続）内での利用増が{points(dec.within * 100, 2)}、"
        f"申請構成の変化が{points(dec.mix * 100, 2)}、新たにオンライン化した"
        f"{dec.procedures_newly_online}手続が{points(dec.newly_online * 100, 2)}です。",
    ]


def concentration_findings(conc: online.Concentration) -> list[str]:
    if conc.reason:
        return [f"集中度は求められません: {conc.reason}"]
    out = []
    for r in conc.table.itertuples():
        out.append(
            f"申請の多い上位{r.top_n}手続が、未対応手続の申請{count(conc.applications)}件の"
            f"{pct(r.share)}を占めます。"
        )
    if len(conc.largest):
        top = conc.largest.iloc[0]
        name = top.get("procedure_name", top["procedure_id"])
        out.append(f"最も申請の多い未対応手続は「{name}」（{count(top['applications'])}件）です。")
    return out


# ---- provenance -----------------------------------------------------------------------------


def provenance(params: dict[str, object], loaded: list[Loaded]) -> pd.DataFrame:
    """Input files (tier, SHA-256, rows), then the parameters and the library version."""
    from .hashing import file_sha256 as sha256

    rows = []
    for item in loaded:
        if item.path is None:
            rows.append(
                {
                    "種類": "入力ファイル",
                    "名前": item.name,
                    "値": f"なし（{item.reason}）",
                    "区分": "",
                    "SHA-256": "",
                }
            )
            continue
        try:
            shown = str(item.path.resolve().relative_to(paths.PROJ_ROOT))
        except ValueError:
            shown = str(item.path)
        rows.append(
            {
                "種類": "入力ファイル",
                "名前": item.name,
                "値": f"{shown}（{len(item.frame)}行）",
                "区分": TIER_LABELS.get(item.tier or "", ""),
                "SHA-256": sha256(item.path),
            }
        )
    for key, value in params.items():
        rows.append(
            {"種類": "パラメータ", "名前": key, "値": repr(value), "区分": "", "SHA-256": ""}
        )
    rows.append(
        {
            "種類": "ライブラリ",
            "名前": "sugidx_analysis",
            "値": __version__,
            "区分": "",
            "SHA-256": "",
        }
    )
    return pd.DataFrame(rows)


def sources_table(loaded: list[Loaded]) -> pd.DataFrame:
    """The rows of data/sources.csv cited by the published inputs' ``source_id`` columns."""
    from .io import load_table

    ids: list[str] = []
    for item in loaded:
        if item.frame is not None and "source_id" in item.frame.columns:
            ids += [s for s in item.frame["source_id"].dropna().unique() if s not in ids]
    if not ids or not paths.SOURCES_FILE.exists():
        return pd.DataFrame(columns=["source_id", "title", "municipality", "period", "section"])
    sources = load_table(paths.SOURCES_FILE, "sources").frame
    picked = sources[sources["source_id"].isin(ids)]
    return picked[
        ["source_id", "document_file", "title", "municipality", "period", "section"]
    ].reset_index(drop=True)
