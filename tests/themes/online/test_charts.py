"""The online-procedures figures on the published data and the synthetic example records: each a
numbered block with caption, 出典 and an alt text built from the numbers drawn; nothing but the
chart inside the image; deterministic SVG."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import matplotlib.colors as mcolors
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from sugidx_analysis import fmt
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.report.figures import FigureBlock, signed_label
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.online import charts, present
from sugidx_analysis.themes.online.metrics import OnlineParams, evaluate

SECTIONS = ["status", "pace", "plan", "decomposition", "concentration"]
SYNTHETIC = {"decomposition", "concentration"}  # drawn from the example records


@pytest.fixture(scope="module")
def ev():
    """The evaluation as the notebook makes it: published figures and the example records."""
    return evaluate(load_inputs(get_theme("online"), "", ""), OnlineParams(2023, 2025, 1.0))


@pytest.fixture
def drawn(monkeypatch):
    """What each chart put inside its image, captured just before it is rendered to SVG."""
    seen = []
    render = charts.figure_block

    def capture(fig, *args, **kwargs):
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
        seen.append({"fig": fig, "texts": texts, "axes": fig.axes[0]})
        return render(fig, *args, **kwargs)

    monkeypatch.setattr(charts, "figure_block", capture)
    return seen


def _renderer(fig):
    """A renderer for a figure already rendered to SVG and closed, to measure its layout."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return renderer


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_is_a_captioned_sourced_block(ev, section):
    block = getattr(charts, section)(ev)
    assert isinstance(block, FigureBlock)
    text = block._repr_html_()
    assert '<span class="figure-number">図' in text
    assert f'<p class="figure-source">出典：{html.escape(block.source)}</p>' in text
    assert "<img " in text and block.alt.strip()
    assert f'alt="{html.escape(block.alt, quote=True)}"' in text
    assert ET.fromstring(block.svg).tag == "{http://www.w3.org/2000/svg}svg"
    for s in (block.svg, text, block.title, block.alt, *block.notes):
        assert "FY20" not in s
    synthetic = section in SYNTHETIC
    assert block.synthetic is synthetic
    assert (f'data-synthetic="{str(synthetic).lower()}"' in text) is True
    assert ('<span class="synthetic-mark">合成データ</span>' in text) is synthetic


@pytest.mark.parametrize("section", SECTIONS)
def test_the_image_holds_the_chart_only(ev, section, drawn):
    block = getattr(charts, section)(ev)
    (fig,) = drawn
    ax, texts = fig["axes"], [t.get_text() for t in fig["texts"]]
    assert ax.get_title() == ""  # the title is the caption
    assert ax.get_ylabel() == ""  # no rotated axis title; the unit sits above the axis
    assert not any("出典" in t or "FY" in t for t in texts)
    assert block.title not in texts
    assert any(t.startswith("（") and t.endswith("）") for t in texts) or ax.get_xlabel()
    marks = [t for t in fig["texts"] if t.get_text() == "合成データ"]
    assert bool(marks) is (section in SYNTHETIC)
    for mark in marks:  # prints in black and white: dark grey, not red
        r, g, b = mcolors.to_rgb(mark.get_color())
        assert max(r, g, b) < 0.3 and max(r, g, b) - min(r, g, b) < 0.05


def test_status_alt_gives_each_years_percentages(ev, drawn):
    block = charts.status(ev)
    t = ev.measures.table
    for year in ev.measures.years:
        for col in ("coverage", "usage"):
            assert f"{fmt.fiscal_year(year)}{fmt.percent(t.loc[year, col])}" in block.alt
    labels = [x.get_text() for x in drawn[0]["texts"] if x.get_text().endswith("%")]
    assert len(labels) == 2 * len(ev.measures.years)
    assert all(label in block.alt for label in labels)  # the picture and its alt agree
    assert "令和5年度" in [x.get_text() for x in drawn[0]["axes"].get_xticklabels()]


def test_pace_alt_gives_the_target_and_both_paces(ev):
    p = ev.pace
    alt = charts.pace(ev).alt
    end = p.latest_online + p.observed_per_year * (p.target_fiscal_year - p.latest_fiscal_year)
    for value in (p.procedures_needed, p.required_per_year, p.observed_per_year, end):
        assert fmt.count(value) in alt
    assert fmt.fiscal_year(p.target_fiscal_year) in alt
    for year in p.years_observed:
        assert (
            f"{fmt.fiscal_year(year)}{fmt.count(ev.measures.table.loc[year, 'procedures_online'])}"
            in alt
        )


def test_plan_alt_gives_each_band(ev):
    alt = charts.plan(ev).alt
    for band, r in ev.plan.table.drop(index="total").iterrows():
        assert f"優先度{band}は{r.not_online:.0f}手続中{r.planned_online:.0f}手続" in alt


def test_decomposition_alt_and_labels(ev, drawn):
    dec = ev.decomposition
    block = charts.decomposition(ev)
    assert fmt.points_words(dec.total_change * 100) in block.alt
    for value in (dec.within, dec.mix, dec.newly_online):
        assert present.contribution(value * 100) in block.alt
    labels = [t.get_text() for t in drawn[0]["texts"]]
    values = [dec.within, dec.mix, dec.newly_online, dec.no_longer_online, dec.total_change]
    for value in values:
        assert signed_label(value * 100) in labels
    assert any(v < 0 for v in values)  # the example records have a negative part: 「△」
    assert any(t.startswith("△") for t in labels)
    assert not any(t.startswith(("-", "−")) for t in labels)


def test_negative_decomposition_label_stays_inside_the_plot(ev, drawn):
    charts.decomposition(ev)
    fig = drawn[0]["fig"]
    ax = drawn[0]["axes"]
    renderer = _renderer(fig)
    plot = ax.get_window_extent(renderer)
    ticks = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    for label in (t for t in drawn[0]["texts"] if t.get_text().startswith("△")):
        box = label.get_window_extent(renderer)
        assert box.x0 >= plot.x0
        assert not any(box.overlaps(tick) for tick in ticks)


def test_pace_legend_is_outside_the_plot(ev, drawn):
    charts.pace(ev)
    fig, ax = drawn[0]["fig"], drawn[0]["axes"]
    renderer = _renderer(fig)
    (legend,) = fig.legends
    assert legend.get_window_extent(renderer).y1 < ax.get_window_extent(renderer).y0


def test_concentration_alt_gives_each_share(ev):
    conc = ev.concentration
    alt = charts.concentration(ev).alt
    for r in conc.table.itertuples():
        assert f"上位{r.top_n}手続が{fmt.percent(r.share)}" in alt
    assert fmt.count(conc.applications) in alt


def test_source_from_data_is_escaped(ev):
    evil = '<script>alert("x")</script>'
    text = charts.coverage_usage_chart(ev.measures, evil)._repr_html_()
    assert "<script>" not in text and f"出典：{html.escape(evil)}" in text


@pytest.mark.parametrize("section", SECTIONS)
def test_renders_are_identical(ev, section):
    assert getattr(charts, section)(ev).svg == getattr(charts, section)(ev).svg
