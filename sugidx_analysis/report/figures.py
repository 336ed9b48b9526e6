"""The frame every figure shares: the bundled Japanese font, a seaborn style, and the source
(and the synthetic mark) written under the plot."""

from __future__ import annotations

from .. import fmt, tiers
from ..fonts import FONT_FAMILY, use_japanese_font

SYNTHETIC_CAPTION = tiers.LABELS[tiers.SYNTHETIC]


def new_figure(width: float = 7.0, height: float = 4.0):
    """``(figure, axes)`` in the report style."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    use_japanese_font()
    sns.set_theme(style="whitegrid", font=FONT_FAMILY, rc={"axes.unicode_minus": False})
    return plt.subplots(figsize=(width, height))


def finish(fig, source: str, synthetic: bool = False):
    """Write 「出典: …」 (after the synthetic caption, in red, when ``synthetic``) under ``fig``."""
    text = f"出典: {source}"
    if synthetic:
        text = f"{SYNTHETIC_CAPTION}　{text}"
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.text(
        0.01,
        0.015,
        text,
        fontsize=8,
        ha="left",
        va="bottom",
        color="#b00020" if synthetic else "#333333",
    )
    return fig


def year_tick(year: int) -> str:
    """A fiscal year on an axis."""
    return fmt.fiscal_year_label(int(year))
