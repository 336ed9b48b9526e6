"""Boxed notices and bullet lists for notebook output. Everything is emitted as HTML built with
:func:`html.escape`, never as Markdown: escaping does not touch Markdown syntax, so a procedure
called ``[click](javascript:…)`` would become a link if a Markdown renderer saw it. Here it
shows as text, as does a procedure called ``<script>…</script>``."""

from __future__ import annotations

import datetime as dt
import html

from .. import fmt, tiers

COLOURS = {
    "synthetic": "#000000",
    "analyst": "#1f77b4",
    "info": "#888888",
    "ok": "#2ca02c",
    "warning": "#d62728",
}


def box(text: str, kind: str = "info") -> object:
    """A boxed notice; ``kind`` is one of :data:`COLOURS`. A synthetic notice is marked
    ``data-synthetic`` so the printed page carrying it gets the 「合成データを含む」 header."""
    from IPython.display import HTML

    width = 6 if kind == "synthetic" else 4
    synthetic = ' data-synthetic="true"' if kind == "synthetic" else ""
    return HTML(
        f'<div class="notice notice-{kind}"{synthetic} style="border-left:{width}px solid '
        f'{COLOURS[kind]};padding:0.4em 0.8em;margin:0.5em 0;background:#fafafa">'
        f"{html.escape(text)}</div>"
    )


def synthetic_notice() -> object:
    """A visible block saying a section is computed from synthetic data."""
    return box(
        f"【合成データ】この節は{tiers.SHORT_LABELS[tiers.SYNTHETIC]}から計算しています。実際の記録では"
        "ありません。合成データは公表された値を基に作られています。",
        "synthetic",
    )


def tier_notice(loaded) -> object | None:
    """The synthetic or analyst-data notice for a loaded dataset (None for published data)."""
    if loaded.tier == tiers.SYNTHETIC:
        return synthetic_notice()
    if loaded.tier == tiers.ANALYST:
        return box(
            f"この節は{tiers.LABELS[tiers.ANALYST]}（{loaded.path.name}）から計算しています。",
            "analyst",
        )
    return None


def bullets(sentences: list[str]) -> object:
    """Findings as an HTML bullet list (``<ul class="bullets">``); every sentence is escaped
    and nothing is parsed as Markdown, so link, emphasis or math syntax in data stays text."""
    from IPython.display import HTML

    items = "".join(f"<li>{html.escape(str(s))}</li>" for s in sentences)
    return HTML(f'<ul class="bullets">{items}</ul>')


def paragraph(text: str) -> object:
    """One paragraph of prose (escaped)."""
    from IPython.display import HTML

    return HTML(f"<p>{html.escape(text)}</p>")


def as_of(day: dt.date, fiscal_year: int, what: str | None = None) -> object:
    """「データの時点：令和6年3月31日（令和5年度末）」, or with ``what`` the event the date
    ends (「令和6年7月31日（調査期間の最終日）」). The rendered page puts it on the cover and
    reads ``data-date`` for the PDF's creation date, so re-rendering the same data gives the
    same file."""
    from IPython.display import HTML

    from .. import fmt

    label = f"{fmt.date(day)}（{what or fmt.fiscal_year(fiscal_year) + '末'}）"
    return HTML(
        f'<p class="as-of" data-date="{day.isoformat()}" data-label="{html.escape(label)}">'
        f"データの時点：{html.escape(label)}</p>"
    )


def year_lines(choice, missing: str, shown: str) -> list[str]:
    """The header's first lines: the evaluated year, and when it has no data what is shown
    instead (``missing``: 「この年度以前の公表データはありません。」; ``shown``: the label of
    the year shown, 「表示する公表データの年度」)."""
    from .. import fmt

    lines = [f"評価対象年度：{fmt.fiscal_year(choice.requested)}"]
    if choice.shown is None:
        lines.append(missing)
    elif choice.is_fallback:
        lines.append(f"{shown}：{fmt.fiscal_year(choice.shown)}（直近の年度）")
    return lines


def year_notice(choice, what: str) -> object | None:
    """Says plainly when the requested year of a
    :class:`~sugidx_analysis.themes.base.YearChoice` has no data for ``what`` (「オンライン手続」):
    which earlier year is shown, or which years exist. None when the requested year has data."""
    req = fmt.fiscal_year(choice.requested)
    if choice.shown is None:
        have = "、".join(fmt.fiscal_year(y) for y in choice.available) or "なし"
        return box(f"{req}以前の{what}のデータはありません（データのある年度：{have}）。")
    if choice.is_fallback:
        return box(
            f"{req}の{what}のデータはありません。データのある直近の年度"
            f"（{fmt.fiscal_year(choice.shown)}）のデータを掲載します。"
        )
    return None


def records_opening(loaded, choice, what: str) -> list[object]:
    """The opening of a section computed from record-level data (``what``: 「手続ごと」): why it
    is left out when there are no records (``choice`` None), else the synthetic or analyst-data
    notice and the year notice."""
    if choice is None:
        why = loaded.reason if loaded is not None else f"{what}のデータが指定されていません"
        return [box(f"{what}のデータがないため、この節は省略します（{why}）。")]
    if choice.shown is None:  # nothing from the records is shown: no synthetic notice
        return [year_notice(choice, what)]
    return [tier_notice(loaded), year_notice(choice, what)]


def terms_and_method(
    definitions: tuple[tuple[str, str], ...], rounding: str, assumptions: list[str]
) -> list[object]:
    """「用語と方法」: each term with its definition, how figures are rounded, and the
    assumptions the shown results rest on (sentences, as provenance.assumption_lines words
    them)."""
    out: list[object] = [bullets([f"{t}：{text}" for t, text in definitions]), paragraph(rounding)]
    if assumptions:
        out += [paragraph("この評価は次の前提を置いています。"), bullets(assumptions)]
    return out
