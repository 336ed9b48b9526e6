"""Numbered figures as a publication prints them: the chart as a font-free SVG image, with its
title in the caption (図N), its 出典 and notes as text under it, and an alt text for readers who
cannot see it.

Charts draw on :func:`new_figure` (the bundled Japanese font, a plain style) with the palette
below, which differs in lightness so series survive greyscale printing and red–green colour
blindness. :func:`figure_block` renders a finished matplotlib figure, closes it and returns a
:class:`FigureBlock`, whose HTML the report's CSS and page post-processing style and renumber.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import fmt, tiers
from ..fonts import use_japanese_font

# Colours, darkest first: each pair differs in lightness, so they stay apart in greyscale.
NAVY = "#1f3b73"
MID_BLUE = "#6b8fc7"
ORANGE = "#e08a2c"
LIGHT_GREY = "#c8c8c8"
DARK = "#333333"
GRID = "#dddddd"

SYNTHETIC_MARK = tiers.SHORT_LABELS[tiers.SYNTHETIC]  # 「合成データ」

LABEL_SIZE = 8.5  # values written on a chart (bar and point labels)
MAX_YEAR_TICKS = 8  # more fiscal years than this: every other one is labelled

# The figure number shown in a live notebook; the rendered page renumbers in document order.
_numbers = itertools.count(1)


def new_figure(width: float = 7.0, height: float = 4.0, *, ncols: int = 1):
    """``(figure, axes)`` in the report style: white, light horizontal grid, no top/right frame;
    with ``ncols`` > 1, ``axes`` is an array of that many panels side by side."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    family = use_japanese_font()
    sns.set_theme(
        style="ticks",
        font=family,
        rc={
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": DARK,
            "axes.labelcolor": DARK,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": GRID,
            "grid.linewidth": 0.6,
            "xtick.color": DARK,
            "ytick.color": DARK,
            "text.color": DARK,
            "font.size": 10,
            "axes.labelsize": 9,
            "xtick.labelsize": 9,
            "ytick.labelsize": 9,
            "legend.fontsize": 9,
            "legend.frameon": False,
            "hatch.color": DARK,
            "hatch.linewidth": 0.6,
            "text.parse_math": False,  # a 「$」 from data is drawn as it is, never as mathtext
        },
    )
    # constrained layout keeps labels, the unit and a legend below inside ``width`` × ``height``,
    # so every figure prints at the same scale
    return plt.subplots(1, ncols, figsize=(width, height), layout="constrained")


def year_tick(year: int) -> str:
    """A fiscal year on an axis: 2023 → 「令和5年度」."""
    return fmt.fiscal_year(int(year))


def is_missing(value: float | None) -> bool:
    """Whether a value to plot is missing (None or NaN)."""
    return value is None or value != value


def in_words(text: str) -> str:
    """A formatted value for alt text: 「—」 is read as 「値なし」."""
    return "値なし" if text == fmt.MISSING else text


def year_axis(ax, years: Sequence[int]) -> None:
    """Fiscal years as x ticks at their own positions (every other one, counted back from the
    last, when there are many)."""
    years = list(years)
    step = 1 if len(years) <= MAX_YEAR_TICKS else 2
    shown = years[::-1][::step][::-1]
    ax.set_xticks(shown, [year_tick(y) for y in shown])


def signed_label(value: float | None, digits: int = 1) -> str:
    """A signed value as Japanese statistical tables print it: 3.71 → 「+3.7」, −0.38 → 「△0.4」
    (points have one decimal everywhere).

    Zero (also after rounding) is written without a sign; a missing value is 「—」.
    """
    if value is None or value != value:
        return fmt.MISSING
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return f"+{text}" if value > 0 else f"△{text}"


def unit_label(ax, unit: str, *, right: bool = False) -> None:
    """Write the y-axis unit (e.g. 「（%）」) horizontally above the axis, in place of a rotated
    axis title; ``right`` for a second axis on the right (:meth:`~matplotlib.axes.Axes.twinx`)."""
    ax.set_ylabel("")
    ax.annotate(
        unit,
        xy=(1 if right else 0, 1),
        xycoords="axes fraction",
        xytext=(0, 6),
        textcoords="offset points",
        ha="left" if right else "right",
        va="bottom",
        fontsize=9,
    )


def synthetic_watermark(ax) -> None:
    """A small boxed 「合成データ」 above the plot's top right corner, in dark grey (prints in
    black and white, and never covers the data)."""
    ax.annotate(
        SYNTHETIC_MARK,
        xy=(1, 1),
        xycoords="axes fraction",
        xytext=(0, 8),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=8,
        color=DARK,
        bbox={"boxstyle": "square,pad=0.3", "facecolor": "white", "edgecolor": DARK, "lw": 0.8},
    )


def legend_below(ax, ncol: int, *others) -> None:
    """The axes' legend under the whole figure, clear of the data and of the axis labels; the
    series of ``others`` (a second y axis) follow those of ``ax``."""
    handles, labels = [], []
    for each in (ax, *others):
        h, lab = each.get_legend_handles_labels()
        handles += h
        labels += lab
    if handles:
        ax.figure.legend(handles, labels, loc="outside lower center", ncol=ncol, handlelength=2.6)


@dataclass(frozen=True)
class FigureBlock:
    """A numbered figure: the chart as SVG text, its title, 出典, alt text and notes.

    Shown in a notebook (and exported to HTML and PDF) through :meth:`_repr_html_`; every string
    is escaped there, so text from data is inert.
    """

    svg: str = field(repr=False)
    title: str
    source: str
    alt: str
    synthetic: bool = False
    notes: tuple[str, ...] = ()
    number: int = 0

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI (the page needs no network and no font)."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"

    def _repr_html_(self) -> str:
        esc = html.escape
        mark = (
            f'<span class="synthetic-mark">{esc(SYNTHETIC_MARK)}</span>' if self.synthetic else ""
        )
        lines = [
            f'<figure class="sugidx-figure" data-synthetic="{str(self.synthetic).lower()}">',
            f'  <figcaption class="figure-title"><span class="figure-number">図{self.number}</span>'
            f"　{esc(self.title)}{mark}</figcaption>",
            f'  <img class="figure-image" src="{self.data_uri}" alt="{esc(self.alt, quote=True)}">',
            f'  <p class="figure-source">出典：{esc(self.source)}</p>',
            *(f'  <p class="figure-note">注：{esc(note)}</p>' for note in self.notes),
            "</figure>",
        ]
        return "\n".join(lines)


def render_svg(fig) -> str:
    """``fig`` as SVG text with its glyphs drawn as paths and no date, so the same figure gives
    the same bytes; the figure is closed."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    try:
        with mpl.rc_context({"svg.fonttype": "path", "svg.hashsalt": "sugidx"}):
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    return buf.getvalue()


def figure_block(
    fig,
    title: str,
    source: str,
    alt: str,
    *,
    synthetic: bool = False,
    notes: Sequence[str] = (),
) -> FigureBlock:
    """Render ``fig`` to SVG, close it, and number it as the next figure.

    Parameters
    ----------
    fig : a finished matplotlib figure, with no title or source drawn in it.
    title : the caption, in Japanese.
    source : what the 出典 line says.
    alt : one or two sentences giving the numbers the figure shows.
    synthetic : whether the figure shows synthetic data (marked in the caption).
    notes : lines printed as 「注：…」 under the source.

    Raises
    ------
    ValueError : when ``title``, ``source`` or ``alt`` is empty.
    """
    for name, text in (("title", title), ("source", source), ("alt", alt)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"a figure needs a non-empty {name}; got {text!r}")
    svg = render_svg(fig)
    if synthetic:  # a listener hears it too, before the numbers
        alt = f"{SYNTHETIC_MARK}による図（実績ではない）。{alt}"
    return FigureBlock(
        svg, title, source, alt, bool(synthetic), tuple(str(n) for n in notes), next(_numbers)
    )
