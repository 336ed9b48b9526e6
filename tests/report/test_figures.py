"""The figure component: SVG rendering (font-free, deterministic), the caption/出典/注 HTML with
everything escaped, numbering, and the signed labels of Japanese statistical tables."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest

from sugidx_analysis.report import figures
from sugidx_analysis.report.figures import FigureBlock, figure_block, new_figure, signed_label

EVIL = '<script>alert("x")</script>&\'"'


def _draw():
    fig, ax = new_figure(4, 3)
    ax.bar(["令和4年度", "令和5年度"], [0.39, 0.42])
    figures.unit_label(ax, "（%）")
    return fig


def test_block_renders_svg_closes_the_figure_and_keeps_its_strings():
    fig = _draw()
    block = figure_block(fig, "題", "出典の文", "代替文", notes=["注の文"])
    assert isinstance(block, FigureBlock)
    assert not plt.fignum_exists(fig.number)
    assert (block.title, block.source, block.alt, block.synthetic) == (
        "題",
        "出典の文",
        "代替文",
        False,
    )
    assert block.notes == ("注の文",)
    assert ET.fromstring(block.svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert "<text" not in block.svg  # glyphs as paths: the SVG needs no font
    assert "dc:date" not in block.svg
    assert "<svg" not in repr(block)  # a notebook's text output stays short


def test_same_figure_gives_the_same_bytes():
    assert figure_block(_draw(), "t", "s", "a").svg == figure_block(_draw(), "t", "s", "a").svg


def test_html_structure():
    block = figure_block(_draw(), "題", "出典の文", "代替文", notes=["一", "二"])
    text = block._repr_html_()
    assert text.startswith('<figure class="sugidx-figure" data-synthetic="false">')
    assert text.endswith("</figure>")
    assert re.search(
        r'<figcaption class="figure-title">'
        r'<span class="figure-number">図\d+</span>　題</figcaption>',
        text,
    )
    assert '<img class="figure-image" src="data:image/svg+xml;base64,' in text
    assert 'alt="代替文"' in text
    assert '<p class="figure-source">出典：出典の文</p>' in text
    assert text.index("注：一") < text.index("注：二")
    assert text.count('<p class="figure-note">') == 2
    assert "synthetic-mark" not in text


def test_synthetic_block_is_marked():
    text = figure_block(_draw(), "題", "s", "a", synthetic=True)._repr_html_()
    assert 'data-synthetic="true"' in text
    assert '<span class="synthetic-mark">合成データ</span></figcaption>' in text


def test_text_from_data_is_escaped():
    text = figure_block(_draw(), EVIL, EVIL, EVIL, notes=[EVIL])._repr_html_()
    assert "<script>" not in text
    assert text.count(html.escape(EVIL, quote=True)) >= 1  # the alt attribute
    assert f"出典：{html.escape(EVIL)}" in text and f"注：{html.escape(EVIL)}" in text


def test_figures_are_numbered_in_order():
    first = figure_block(_draw(), "t", "s", "a").number
    assert figure_block(_draw(), "t", "s", "a").number == first + 1


@pytest.mark.parametrize("field", ["title", "source", "alt"])
def test_empty_strings_are_refused(field):
    kwargs = {"title": "t", "source": "s", "alt": "a", field: " "}
    fig = _draw()
    with pytest.raises(ValueError, match=field):
        figure_block(fig, **kwargs)
    plt.close(fig)


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (3.7113, 2, "+3.71"),
        (-0.3823, 2, "△0.38"),
        (0.0, 2, "0.00"),
        (-0.001, 2, "0.00"),
        (-1.0, 1, "△1.0"),
        (float("nan"), 2, "—"),
        (None, 2, "—"),
    ],
)
def test_signed_label(value, digits, expected):
    assert signed_label(value, digits) == expected


def test_year_tick_is_the_japanese_year_alone():
    assert figures.year_tick(2023) == "令和5年度"
