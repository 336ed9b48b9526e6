"""The resident-survey figures on the example respondents: each a numbered block with caption,
出典 and an alt text built from the numbers drawn; synthetic records marked; nothing without
records; small cells neither drawn nor in the alt text; Japanese only inside the image;
deterministic SVG."""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET

import matplotlib.colors as mcolors
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

from sugidx_analysis import fmt, tiers
from sugidx_analysis.catalogue import load_inputs
from sugidx_analysis.report import provenance
from sugidx_analysis.report.figures import FigureBlock
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.survey import charts
from sugidx_analysis.themes.survey.metrics import SurveyParams, evaluate
from sugidx_analysis.themes.survey.present import AGE_LABELS, option_labels, p_text

LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
SECTIONS = ["profile", "results", "crosstabs"]


@pytest.fixture(scope="module")
def inputs():
    loaded = load_inputs(get_theme("survey"))
    assert loaded["survey_responses"].tier == tiers.SYNTHETIC
    return loaded


@pytest.fixture(scope="module")
def ev(inputs):
    """Raked, the default smallest cell (10): the thirties' row of the cross-tab is hidden."""
    return evaluate(inputs, SurveyParams(2024))


@pytest.fixture(scope="module")
def unweighted(inputs):
    return evaluate(inputs, SurveyParams(2024, weighting="none"))


@pytest.fixture(scope="module")
def strict(inputs):
    """A smallest cell of 20: three age groups of the cross-tab are hidden, four shown."""
    return evaluate(inputs, SurveyParams(2024, min_cell_size=20))


@pytest.fixture(scope="module")
def no_records(inputs):
    return evaluate(
        {k: v for k, v in inputs.items() if k != "survey_responses"}, SurveyParams(2024)
    )


@pytest.fixture
def drawn(capture_drawn):
    """What each chart put inside its image (tests/themes/conftest.py)."""
    return capture_drawn(charts)


def _texts(captured) -> list[str]:
    return [t.get_text() for t in captured["texts"]]


def _blocks(ev, section) -> list[FigureBlock]:
    out = getattr(charts, section)(ev)
    return out if isinstance(out, list) else [out]


def _bars(ax, *, hatched: bool | None = None) -> list[Rectangle]:
    """The bars drawn (not the axes' background or the legend's keys)."""
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    if hatched is not None:
        bars = [p for p in bars if bool(p.get_hatch()) is hatched]
    return bars


def _legend_is_below(fig, ax) -> list[str]:
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    (legend,) = fig.legends
    assert legend.get_window_extent(renderer).y1 < ax.get_window_extent(renderer).y0
    return [t.get_text() for t in legend.get_texts()]


def _pct(values) -> list[str]:
    return [fmt.percent(float(v)) for v in values]


# ---- every figure ---------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_is_a_captioned_sourced_block(ev, section):
    blocks = _blocks(ev, section)
    assert blocks
    for block in blocks:
        assert isinstance(block, FigureBlock)
        text = block._repr_html_()
        assert '<span class="figure-number">図' in text
        assert f'<p class="figure-source">出典：{html.escape(block.source)}</p>' in text
        assert f'alt="{html.escape(block.alt, quote=True)}"' in text
        root = ET.fromstring(block.svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "<text" not in block.svg  # glyphs are paths: the page needs no font
        # the respondents are synthetic: every figure rests on them
        assert block.synthetic
        assert block.alt.startswith("合成データ")
        assert '<span class="synthetic-mark">合成データ</span>' in text
        assert block.source.startswith("合成データ")
        for s in (block.title, *block.notes):  # no ids or English, but the test's name
            assert not LATIN.search(re.sub(r"Rao–Scott|\bp [<=] ", "", s)), s


@pytest.mark.parametrize("section", SECTIONS)
def test_the_image_holds_japanese_chart_text_only(ev, section, drawn):
    blocks = _blocks(ev, section)
    assert len(drawn) == len(blocks)
    for captured, block in zip(drawn, blocks, strict=True):
        texts = _texts(captured)
        assert texts
        assert not [t for t in texts if LATIN.search(t)]  # no English inside the image
        assert not LATIN.search(block.alt)
        assert block.title not in texts and not any("出典" in t for t in texts)
        for ax in captured["axes"]:
            assert ax.get_ylabel() == ""  # the unit sits above the axis, not rotated beside it
        assert "（%）" in texts  # the unit is shown
        marks = [t for t in captured["texts"] if t.get_text() == "合成データ"]
        assert marks
        for mark in marks:  # prints in black and white: dark grey
            r, g, b = mcolors.to_rgb(mark.get_color())
            assert max(r, g, b) < 0.3 and max(r, g, b) - min(r, g, b) < 0.05


@pytest.mark.parametrize("section", SECTIONS)
def test_renders_are_identical(ev, section):
    first = [b.svg for b in _blocks(ev, section)]
    assert first == [b.svg for b in _blocks(ev, section)]


def test_records_that_are_not_synthetic_are_not_marked(inputs, drawn):
    analyst = dataclasses.replace(inputs["survey_responses"], tier=tiers.ANALYST)
    ev = evaluate(dict(inputs, survey_responses=analyst), SurveyParams(2024))
    for section in SECTIONS:
        for block in _blocks(ev, section):
            assert block.synthetic is False
            assert "合成データ" not in block.alt and "合成データ" not in block.source
    assert drawn and not any("合成データ" in t for captured in drawn for t in _texts(captured))


# ---- nothing to draw ------------------------------------------------------------------------


def test_without_records_nothing_is_drawn(no_records):
    assert no_records.respondents is None and no_records.survey is not None
    assert charts.profile(no_records) is None
    assert charts.results(no_records) == []
    assert charts.crosstabs(no_records) == []


# ---- respondents against the population -----------------------------------------------------


def test_profile_gives_both_shares_of_every_age_group(ev, drawn):
    block = charts.profile(ev)
    t = ev.respondents.age_profile.table
    assert list(t.index) == list(AGE_LABELS)  # every age group, youngest first
    assert block.title == "回答者と母集団の年齢構成"
    assert f"回答者{fmt.count(ev.respondents.n)}人" in block.alt
    for group, r in t.iterrows():
        label = AGE_LABELS[group]
        expected = (
            f"{label}は回答者の{fmt.percent(r['respondent_share'])}"
            f"（母集団では{fmt.percent(r['population_share'])}）"
        )
        assert expected in block.alt
    assert provenance.dataset_source(ev.inputs, "population") in block.source
    assert any(fmt.count(t["population"].sum()) in n for n in block.notes)
    (captured,) = drawn
    (ax,) = captured["axes"]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(AGE_LABELS.values())
    population = _bars(ax, hatched=True)  # light and hatched
    respondents = _bars(ax, hatched=False)  # solid
    assert [b.get_width() for b in population] == pytest.approx(list(t["population_share"]))
    assert [b.get_width() for b in respondents] == pytest.approx(list(t["respondent_share"]))
    assert all(b.get_facecolor()[:3] == (1, 1, 1) for b in population)
    texts = _texts(captured)
    assert set(_pct(t["respondent_share"]) + _pct(t["population_share"])) <= set(texts)
    assert _legend_is_below(captured["fig"], ax) == ["母集団", "回答者"]


# ---- multiple-response rankings -------------------------------------------------------------


def _label(q, option: str) -> str:
    return option_labels(q.question)[option.split(".", 1)[1]]


def test_results_rank_the_weighted_shares_beside_the_unweighted(ev, drawn):
    blocks = charts.results(ev)
    questions = ev.respondents.multiple
    assert len(blocks) == len(questions) == len(drawn) == 2
    for block, q, captured in zip(blocks, questions, drawn, strict=True):
        w = q.weighted
        raw = q.unweighted.set_index("option")["estimate"]
        assert q.question.text in block.title and fmt.count(q.answered) in block.title
        assert f"回答した{fmt.count(q.answered)}人" in block.alt
        assert "重み付け集計で多い順に" in block.alt
        at = []
        for r in w.itertuples():
            expected = (
                f"「{_label(q, r.option)}」{fmt.percent(r.estimate)}（95%信頼区間"
                f"{fmt.percent(r.lower)}〜{fmt.percent(r.upper)}、単純集計"
                f"{fmt.percent(raw[r.option])}）"
            )
            assert expected in block.alt
            at.append(block.alt.index(expected))
        assert at == sorted(at)  # in the weighted ranking
        assert any("95%信頼区間" in n for n in block.notes)
        assert any("順位は重み付け集計" in n for n in block.notes)

        (ax,) = captured["axes"]
        ticks = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]
        assert ticks == [_label(q, o) for o in w["option"]]
        assert [b.get_width() for b in _bars(ax)] == pytest.approx(list(w["estimate"]))
        (errorbar,) = [c for c in ax.collections if isinstance(c, LineCollection)]
        segments = errorbar.get_segments()
        assert [low for (low, _), _ in segments] == pytest.approx(list(w["lower"]))
        assert [high for _, (high, _) in segments] == pytest.approx(list(w["upper"]))
        (marker,) = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
        assert list(marker.get_xdata()) == pytest.approx([raw[o] for o in w["option"]])
        assert marker.get_markerfacecolor() == "white"  # an open circle, not colour alone
        texts = _texts(captured)
        for r in w.itertuples():
            assert f"{fmt.percent(r.estimate)}（{fmt.percent(raw[r.option])}）" in texts
        assert _legend_is_below(captured["fig"], ax) == [
            "重み付け集計",
            "95%信頼区間",
            "単純集計（重み付けなし）",
        ]


def test_results_without_weighting_are_the_unweighted_shares(unweighted, drawn):
    assert unweighted.respondents.weighted is None
    blocks = charts.results(unweighted)
    assert len(blocks) == len(unweighted.respondents.multiple)
    for block, q, captured in zip(blocks, unweighted.respondents.multiple, drawn, strict=True):
        assert q.weighted is None
        u = q.unweighted
        for r in u.itertuples():
            expected = (
                f"「{_label(q, r.option)}」{fmt.percent(r.estimate)}（95%信頼区間"
                f"{fmt.percent(r.lower)}〜{fmt.percent(r.upper)}）"
            )
            assert expected in block.alt
        assert "重み付け集計" not in block.alt and "単純集計" not in block.alt
        assert any("重み付けをしていない" in n for n in block.notes)
        (ax,) = captured["axes"]
        assert [b.get_width() for b in _bars(ax)] == pytest.approx(list(u["estimate"]))
        assert not [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
        assert set(_pct(u["estimate"])) <= set(_texts(captured))
        assert _legend_is_below(captured["fig"], ax) == ["単純集計", "95%信頼区間"]


def test_results_follow_the_interval_level(inputs):
    ev = evaluate(inputs, SurveyParams(2024, confidence=0.9))
    (first, *_) = charts.results(ev)
    r = ev.respondents.multiple[0].weighted.iloc[0]
    assert f"90%信頼区間{fmt.percent(r.lower)}〜{fmt.percent(r.upper)}" in first.alt
    assert "95%" not in first.alt


# ---- by age group ---------------------------------------------------------------------------


def _hidden_and_shown(c):
    option = c.question.options[0][0]
    hide = c.suppressed[option]
    shares = c.table.row_shares[option]
    return option, list(hide.index[hide]), shares[~hide]


@pytest.mark.parametrize("which", ["ev", "strict"])
def test_crosstabs_leave_small_cells_out(which, request, drawn):
    ev = request.getfixturevalue(which)
    blocks = charts.crosstabs(ev)
    (c,) = ev.respondents.crosstabs
    (block,) = blocks
    option, hidden, shown = _hidden_and_shown(c)
    label = dict(c.question.options)[option]
    assert hidden  # the fixture has something to suppress
    if which == "strict":
        assert len(hidden) == 3 and len(shown) == 4
    # the caption has the test; the alt text every shown share, in age order
    assert f"「{label}」" in block.title and p_text(c.table.f_p) in block.title
    at = []
    for group, share in shown.items():
        text = f"{AGE_LABELS[group]}{fmt.percent(share)}"
        assert text in block.alt
        at.append(block.alt.index(text))
    assert at == sorted(at)
    # a hidden share is in neither the alt text nor the image, nor its complement
    hidden_values = [
        fmt.percent(c.table.row_shares.loc[g, o]) for g in hidden for o in c.table.row_shares
    ]
    (captured,) = drawn
    texts = _texts(captured)
    for value in hidden_values:
        assert value not in block.alt and value not in block.title
        assert not any(value in n for n in block.notes)
        assert value not in texts
    assert "、".join(AGE_LABELS[g] for g in hidden) in block.alt
    minimum = ev.params.min_cell_size
    assert any(n.startswith(f"*は回答者が{minimum}人未満のため表示していない") for n in block.notes)
    # the bars: only the shown groups, at their own positions; 「*」 where a bar is left out
    (ax,) = captured["axes"]
    groups = list(c.suppressed.index)
    bars = _bars(ax)
    assert [b.get_height() for b in bars] == pytest.approx(list(shown))
    positions = [round(b.get_x() + b.get_width() / 2) for b in bars]
    assert positions == [groups.index(g) for g in shown.index]
    stars = [t for t in captured["texts"] if t.get_text() == "*"]
    assert sorted(round(t.xy[0]) for t in stars) == [groups.index(g) for g in hidden]
    assert [t.get_text() for t in ax.get_xticklabels()] == [AGE_LABELS[g] for g in groups]
    assert set(_pct(shown)) <= set(texts)


def test_crosstabs_name_their_weighting(ev, unweighted):
    (raked,) = charts.crosstabs(ev)
    (plain,) = charts.crosstabs(unweighted)
    assert any(n.startswith("重み付け集計による") for n in raked.notes)
    assert any(n.startswith("単純集計による") for n in plain.notes)
    (c,) = unweighted.respondents.crosstabs
    assert not c.weighted
    option, _, shown = _hidden_and_shown(c)
    counts = c.table.counts
    for group, share in shown.items():  # unweighted: the shares are the respondents'
        assert share == pytest.approx(counts.loc[group, option] / counts.loc[group].sum())
        assert f"{AGE_LABELS[group]}{fmt.percent(share)}" in plain.alt


def test_a_crosstab_with_every_cell_hidden_has_no_figure(inputs):
    ev = evaluate(inputs, SurveyParams(2024, min_cell_size=40))
    (c,) = ev.respondents.crosstabs
    assert c.suppressed.to_numpy().all()  # every age group has a cell under 40
    assert charts.crosstabs(ev) == []


def test_a_crosstab_with_nothing_hidden_has_no_star(inputs, drawn):
    ev = evaluate(inputs, SurveyParams(2024, min_cell_size=1))
    (c,) = ev.respondents.crosstabs
    assert not c.suppressed.to_numpy().any()
    (block,) = charts.crosstabs(ev)
    assert not any(n.startswith("*") for n in block.notes)
    assert "示していません" not in block.alt
    (captured,) = drawn
    assert "*" not in _texts(captured)
    assert len(_bars(captured["axes"][0])) == len(c.suppressed.index)
