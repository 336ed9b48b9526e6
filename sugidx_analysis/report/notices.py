"""Boxed notices and bullet lists for notebook output. Text from data is HTML-escaped before it
goes into HTML or Markdown, so a procedure called ``<script>…</script>`` shows as text."""

from __future__ import annotations

import html

from .. import tiers

COLOURS = {
    "synthetic": "#b00020",
    "analyst": "#1f77b4",
    "info": "#888888",
    "ok": "#2ca02c",
    "warning": "#d62728",
}


def box(text: str, kind: str = "info") -> object:
    """A boxed notice; ``kind`` is one of :data:`COLOURS`."""
    from IPython.display import HTML

    return HTML(
        f'<div style="border-left:4px solid {COLOURS[kind]};padding:0.4em 0.8em;'
        f'margin:0.5em 0;background:#fafafa">{html.escape(text)}</div>'
    )


def synthetic_notice() -> object:
    """A visible block saying a section is computed from synthetic data."""
    return box(
        f"⚠ この節は{tiers.LABELS[tiers.SYNTHETIC]}から計算しています。実際の記録ではありません。"
        "合成データは公表された合計値に一致するよう作られています。",
        "synthetic",
    )


def tier_notice(loaded) -> object | None:
    """The synthetic or analyst-data notice for a loaded dataset (None for published data)."""
    if loaded.tier == tiers.SYNTHETIC:
        return synthetic_notice()
    if loaded.tier == tiers.ANALYST:
        return box(
            f"この節は{tiers.LABELS[tiers.ANALYST]}（{loaded.path}）から計算しています。", "analyst"
        )
    return None


def bullets(sentences: list[str]) -> object:
    """Findings as a Markdown bullet list; every sentence is HTML-escaped."""
    from IPython.display import Markdown

    return Markdown("\n".join(f"- {html.escape(s)}" for s in sentences))
