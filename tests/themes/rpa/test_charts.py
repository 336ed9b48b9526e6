"""The RPA / AI-OCR figures on the published summary and small hand-made records: each a numbered
block with caption, 出典 and an alt text built from the numbers drawn; synthetic records marked;
None when the evaluation lacks the part; Japanese only inside the image; deterministic SVG."""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

from sugidx_analysis import tiers
from sugidx_analysis.catalogue import get_dataset, load_inputs
from sugidx_analysis.datasets.load import load_optional
from sugidx_analysis.report.figures import FigureBlock
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.rpa import charts
from sugidx_analysis.themes.rpa.metrics import RpaParams, evaluate

SECTIONS = ["hours", "sensitivity", "concentration", "forecast"]
SYNTHETIC = {"concentration", "forecast"}  # drawn from the records
LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")

# process id → (name, FY2022 production hours, FY2023 production hours)
PRODUCTION = {
    "P01": ("支出命令書の自動起票", 2100, 2150),
    "P02": ("住民税特別徴収の入力", 1500, 1480),
    "P03": ("児童手当現況届の確認", 900, 950),
    "P04": ("会計年度任用職員の勤怠集計", 700, 690),
}
# FY2022 pilots: process id → (name, expected hours, FY2023 production hours or None)
PILOTS = {
    "Q01": ("保育園入園申込書の読取", 600, 520),
    "Q02": ("介護保険申請書の読取", 400, 460),
    "Q03": ("学校への連絡業務", 300, None),  # not in production in FY2023
}


def _record(year, pid, name, stage, saved=None, expected=None, synthetic=True):
    return {
        "fiscal_year": year,
        "process_id": pid,
        "process_name": name,
        "department": "区民課" if pid.startswith("P") else "保育課",
        "tool": "AI-OCR" if pid in ("P01", "Q01") else "RPA",
        "stage": stage,
        "hours_before": None if saved is None else saved + 100,
        "hours_after": None if saved is None else 100,
        "hours_saved": saved,
        "expected_hours_saved": expected,
        "licence_cost_yen": None if saved is None else 240_000,
        "build_hours": None if saved is None else 60,
        "synthetic": synthetic,
    }


def _records(synthetic: bool = True) -> pd.DataFrame:
    rows = []
    for pid, (name, h22, h23) in PRODUCTION.items():
        rows.append(_record(2022, pid, name, "production", h22, synthetic=synthetic))
        rows.append(_record(2023, pid, name, "production", h23, synthetic=synthetic))
    for pid, (name, expected, realised) in PILOTS.items():
        rows.append(_record(2022, pid, name, "pilot", expected=expected, synthetic=synthetic))
        if realised is not None:
            rows.append(_record(2023, pid, name, "production", realised, synthetic=synthetic))
    return pd.DataFrame(rows)


def _inputs(folder, synthetic: bool = True) -> dict:
    """The published summary and the hand-made records, loaded as a report loads them."""
    folder.mkdir(parents=True, exist_ok=True)
    _records(synthetic).to_csv(folder / "rpa_processes.csv", index=False)
    inputs = load_inputs(get_theme("rpa"))
    inputs["rpa_processes"] = load_optional(get_dataset("rpa_processes"), folder)
    return inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    loaded = _inputs(tmp_path_factory.mktemp("synthetic"))
    assert loaded["rpa_summary"].tier == tiers.PUBLISHED
    assert loaded["rpa_processes"].tier == tiers.SYNTHETIC
    return loaded


@pytest.fixture(scope="module")
def ev(inputs):
    """FY2023 asked: the summary shows FY2022 (its latest year), the records FY2023."""
    return evaluate(inputs, RpaParams(2023))


@pytest.fixture(scope="module")
def published_only():
    inputs = load_inputs(get_theme("rpa"))
    assert not inputs["rpa_processes"].ok or inputs["rpa_processes"].tier == tiers.SYNTHETIC
    inputs = {"rpa_summary": inputs["rpa_summary"]}
    return evaluate(inputs, RpaParams(2022))


@pytest.fixture
def drawn(capture_drawn):
    """What each chart put inside its image (tests/themes/conftest.py)."""
    return capture_drawn(charts)


def _texts(captured) -> list[str]:
    return [t.get_text() for t in captured["texts"]]


def _renderer(fig):
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return renderer


def _with_summary(ev, frame):
    inputs = dict(ev.inputs, rpa_summary=dataclasses.replace(ev.inputs["rpa_summary"], frame=frame))
    return evaluate(inputs, ev.params)


# ---- every figure ---------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_is_a_captioned_sourced_block(ev, section):
    block = getattr(charts, section)(ev)
    assert isinstance(block, FigureBlock)
    text = block._repr_html_()
    assert '<span class="figure-number">図' in text
    assert f'<p class="figure-source">出典：{html.escape(block.source)}</p>' in text
    assert f'alt="{html.escape(block.alt, quote=True)}"' in text
    root = ET.fromstring(block.svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<text" not in block.svg  # glyphs are paths: the page needs no font
    synthetic = section in SYNTHETIC
    assert block.synthetic is synthetic
    assert block.alt.startswith("合成データ") is synthetic
    assert ("合成データ" in block.alt) is synthetic
    assert ('<span class="synthetic-mark">合成データ</span>' in text) is synthetic
    if synthetic:
        assert block.source.startswith("合成データ")
    else:
        assert "杉並区" in block.source
    for s in (block.svg, block.title, block.alt, *block.notes):
        assert "FY20" not in s


@pytest.mark.parametrize("section", SECTIONS)
def test_the_image_holds_japanese_chart_text_only(ev, section, drawn):
    block = getattr(charts, section)(ev)
    (captured,) = drawn
    texts = _texts(captured)
    assert texts
    assert not [t for t in texts if LATIN.search(t)]  # no English inside the image
    assert not LATIN.search(block.alt)
    assert not any(t.startswith(("-", "−")) for t in texts)  # negatives are written 「△」
    assert block.title not in texts and not any("出典" in t for t in texts)
    for ax in captured["axes"]:
        assert ax.get_ylabel() == ""  # the unit sits above the axis, not rotated beside it
    assert any(t.startswith("（") and t.endswith("）") for t in texts)  # a unit is shown
    marks = [t for t in captured["texts"] if t.get_text() == "合成データ"]
    assert bool(marks) is (section in SYNTHETIC)
    for mark in marks:  # prints in black and white: dark grey
        r, g, b = mcolors.to_rgb(mark.get_color())
        assert max(r, g, b) < 0.3 and max(r, g, b) - min(r, g, b) < 0.05


@pytest.mark.parametrize("section", SECTIONS)
def test_renders_are_identical(ev, section):
    assert getattr(charts, section)(ev).svg == getattr(charts, section)(ev).svg


# ---- hours ----------------------------------------------------------------------------------


def test_hours_shows_the_published_figure_with_its_interval(ev, drawn):
    block = charts.hours(ev)
    assert "約5,200時間（5,150〜5,250時間）" in block.alt
    assert "27業務" in block.alt
    assert "職員約2.76人分" in block.alt  # 5,200 ÷ 1,883
    assert "令和3年度" in block.alt and "公表されていない" in block.alt  # FY2021 has no hours
    assert "推移" not in block.title and "令和4年度" in block.title  # one year drawn
    assert any("5,150〜5,250時間" in n for n in block.notes)
    (captured,) = drawn
    (ax,) = captured["axes"]
    assert "約5,200" in _texts(captured)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["令和4年度\n職員約2.76人分"]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() > 0]
    assert [b.get_height() for b in bars] == [5200]
    (errorbar,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    ((_, low), (_, high)) = errorbar.get_segments()[0]
    assert (low, high) == (5150, 5250)


def test_hours_of_several_years_is_a_trend(ev, drawn):
    summary = ev.inputs["rpa_summary"].frame.copy()
    fy2021 = (summary["fiscal_year"] == 2021) & (summary["scope"] == "production")
    summary.loc[fy2021, "hours_saved_per_year"] = 812  # exact
    block = charts.hours(_with_summary(ev, summary))
    assert "推移" in block.title
    assert "令和3年度は5業務で812時間、職員0.43人分" in block.alt
    assert "約5,200時間（5,150〜5,250時間）" in block.alt
    assert "公表されていない" not in block.alt
    assert any("令和3年度はRPAのみ" in n for n in block.notes)  # the count's scope widened
    (captured,) = drawn
    (ax,) = captured["axes"]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["令和3年度\n職員0.43人分", "令和4年度\n職員約2.76人分"]
    assert {"812", "約5,200"} <= set(_texts(captured))
    (errorbar,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(errorbar.get_segments()) == 1  # only the 「約」 figure has an interval


def test_hours_staff_reading_follows_the_assumption(inputs):
    ev = evaluate(inputs, RpaParams(2023, hours_per_fte=1300))
    assert "職員約4.00人分" in charts.hours(ev).alt  # 5,200 ÷ 1,300


# ---- sensitivity ----------------------------------------------------------------------------


def test_sensitivity_gives_every_step_of_both_panels(ev, drawn):
    block = charts.sensitivity(ev)
    t = ev.sensitivity.table
    assert list(t["step"]) == [-0.2, -0.1, 0.0, 0.1, 0.2]
    staff = [f"約{v:.2f}人" for v in t["staff"]]
    yen = [f"約{v / 10_000:,.0f}万円" for v in t["yen"]]
    assert staff == ["約3.45人", "約3.07人", "約2.76人", "約2.51人", "約2.30人"]
    assert yen[2] == "約1,846万円"  # 5,200 × 3,550
    for text in staff + yen:
        assert text in block.alt
    assert "既定値では約2.76人（2.73〜2.79人）" in block.alt
    assert "既定値では約1,846万円（1,828〜1,864万円）" in block.alt
    assert "20%低いと約3.45人" in block.alt and "20%高いと約2,215万円" in block.alt
    (captured,) = drawn
    left, right = captured["axes"]
    for ax in (left, right):
        assert [t.get_text() for t in ax.get_xticklabels()] == ["△20", "△10", "0", "+10", "+20"]
        assert ax.get_xlabel().endswith("の前提の変化（%）")
    texts = _texts(captured)
    assert {"（人）", "（万円）", "約3.45", "約2.76", "約1,846", "約2,215"} <= set(texts)
    assert sum(t.startswith("既定値") for t in texts) == 2  # the default is marked in each


# ---- concentration --------------------------------------------------------------------------


def test_concentration_is_a_pareto_chart_by_rank(ev, drawn):
    block = charts.concentration(ev)
    c = ev.concentration
    assert c.fiscal_year == 2023 and c.processes == 6
    total = sum(h23 for _, _, h23 in PRODUCTION.values()) + 520 + 460
    assert c.hours == total
    assert f"6業務の削減時間計{total:,}時間" in block.alt
    for r in c.top.itertuples():
        if r.top_n <= c.processes:
            assert f"上位{r.top_n}業務が{r.share * 100:.1f}%" in block.alt
    assert "1位の「支出命令書の自動起票」の2,150時間" in block.alt
    assert "6位の「介護保険申請書の読取」の460時間" in block.alt  # the smallest
    assert "上位10業務" not in block.alt  # more than there are
    (captured,) = drawn
    ax, right = captured["axes"]
    bars = [p.get_height() for p in ax.patches if isinstance(p, Rectangle) and p.get_height()]
    assert bars == sorted(bars, reverse=True) == list(c.pareto["hours"])
    texts = _texts(captured)
    assert not any(name in t for t in texts for name, *_ in PRODUCTION.values())  # ranks only
    assert all(t.get_text().isdigit() for t in ax.get_xticklabels())
    assert {"（時間）", "（%）"} <= set(texts)
    (line,) = [ln for ln in right.get_lines() if len(ln.get_xdata()) == c.processes]
    assert list(line.get_ydata()) == pytest.approx(list(c.pareto["cumulative_share"]))
    assert line.get_ydata()[-1] == pytest.approx(1.0)


def test_concentration_legend_is_below_the_plot(ev, drawn):
    charts.concentration(ev)
    fig, ax = drawn[0]["fig"], drawn[0]["axes"][0]
    renderer = _renderer(fig)
    (legend,) = fig.legends
    assert legend.get_window_extent(renderer).y1 < ax.get_window_extent(renderer).y0
    assert [t.get_text() for t in legend.get_texts()] == [
        "業務ごとの削減時間（左軸）",
        "累積割合（右軸）",
    ]


# ---- forecast -------------------------------------------------------------------------------


def test_forecast_gives_totals_and_each_pilot(ev, drawn):
    block = charts.forecast(ev)
    f = ev.forecast
    assert (f.pilot_year, f.outcome_year) == (2022, 2023)
    assert (f.expected, f.realised) == (1000, 980)
    assert "見込みの計1,000時間に対し、令和5年度の実績は計980時間" in block.alt
    assert "見込みを20時間（2.0%）下回りました" in block.alt
    assert "「保育園入園申込書の読取」は見込み600時間に対し実績520時間" in block.alt
    assert "「介護保険申請書の読取」は見込み400時間に対し実績460時間" in block.alt
    assert "本格稼働していない1業務は含みません" in block.alt  # Q03
    assert "学校への連絡業務" not in block.alt
    (captured,) = drawn
    (ax,) = captured["axes"]
    texts = _texts(captured)
    assert {"600", "520（△80）", "400", "460（+60）"} <= set(texts)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "保育園入園申込書の読取",
        "介護保険申請書の読取",
    ]
    solid = [p for p in ax.patches if p.get_hatch() is None and p.get_width() > 0]
    hatched = [p for p in ax.patches if p.get_hatch() and p.get_width() > 0]
    assert [p.get_width() for p in hatched] == [600, 400]  # the forecast, hatched
    assert [p.get_width() for p in solid] == [520, 460]  # the outcome, solid
    assert any("差△20時間" in n for n in block.notes)


# ---- who is synthetic -----------------------------------------------------------------------


def test_records_that_are_not_synthetic_are_not_marked(tmp_path, drawn):
    inputs = _inputs(tmp_path / "analyst", synthetic=False)
    assert inputs["rpa_processes"].tier == tiers.ANALYST
    ev = evaluate(inputs, RpaParams(2023))
    for section in ("concentration", "forecast"):
        block = getattr(charts, section)(ev)
        assert block.synthetic is False
        assert "合成データ" not in block.alt and "合成データ" not in block.source
    assert not any("合成データ" in t for captured in drawn for t in _texts(captured))


def test_a_synthetic_summary_marks_its_figures(ev):
    summary = dataclasses.replace(ev.inputs["rpa_summary"], tier=tiers.SYNTHETIC)
    ev = evaluate(dict(ev.inputs, rpa_summary=summary), ev.params)
    for section in ("hours", "sensitivity"):
        block = getattr(charts, section)(ev)
        assert block.synthetic and block.alt.startswith("合成データ")


# ---- nothing to draw ------------------------------------------------------------------------


def test_without_records_only_the_summary_figures(published_only):
    assert charts.hours(published_only) is not None
    assert charts.sensitivity(published_only) is not None
    assert charts.concentration(published_only) is None
    assert charts.forecast(published_only) is None


def test_without_a_year_nothing_is_drawn(inputs):
    ev = evaluate(inputs, RpaParams(2020))  # before any data
    assert ev.year.shown is None and not ev.records_shown
    for section in SECTIONS:
        assert getattr(charts, section)(ev) is None


def test_without_published_hours_no_hours_figure(ev):
    summary = ev.inputs["rpa_summary"].frame
    only_2021 = _with_summary(ev, summary[summary["fiscal_year"] == 2021])
    assert only_2021.production is not None and only_2021.production.hours is None
    assert charts.hours(only_2021) is None
    assert charts.sensitivity(only_2021) is None


def test_without_earlier_pilots_no_forecast(inputs):
    ev = evaluate(inputs, RpaParams(2022))  # FY2021 has no pilots in the records
    assert ev.forecast is None and ev.concentration is not None
    assert charts.forecast(ev) is None
    block = charts.concentration(ev)
    assert "令和4年度" in block.title and "4業務" in block.alt


def test_a_pilot_without_a_name_is_shown_by_its_id(tmp_path):
    folder = tmp_path / "unnamed"
    folder.mkdir()
    records = _records()
    records.loc[records["process_id"] == "Q02", "process_name"] = None
    records.to_csv(folder / "rpa_processes.csv", index=False)
    inputs = load_inputs(get_theme("rpa"))
    inputs["rpa_processes"] = load_optional(get_dataset("rpa_processes"), folder)
    block = charts.forecast(evaluate(inputs, RpaParams(2023)))
    assert "「Q02」は見込み400時間に対し実績460時間" in block.alt


def test_empty_parts_draw_nothing(tmp_path):
    """Pilots none of which reached production draw no forecast figure; a year of the records
    with pilots only is not shown as a year of production."""
    rows = [
        _record(2022, "P01", "支出命令書の自動起票", "production", 100),
        _record(2022, "Q01", "学校への連絡業務", "pilot", expected=50),
        _record(2023, "P01", "支出命令書の自動起票", "production", 110),
        _record(2024, "Q09", "保育園入園申込書の読取", "pilot", expected=30),
    ]
    folder = tmp_path / "sparse"
    folder.mkdir()
    pd.DataFrame(rows).to_csv(folder / "rpa_processes.csv", index=False)
    inputs = load_inputs(get_theme("rpa"))
    inputs["rpa_processes"] = load_optional(get_dataset("rpa_processes"), folder)
    ev = evaluate(inputs, RpaParams(2023))
    assert ev.forecast is None and ev.forecast_reason.code == "no_outcome"
    assert charts.forecast(ev) is None
    # a year of pilots only is no year of the records: FY2024 shows FY2023's production
    ev = evaluate(inputs, RpaParams(2024))
    assert ev.records_year.shown == 2023 and ev.concentration.processes == 1
