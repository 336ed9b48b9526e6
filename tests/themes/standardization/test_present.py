"""The standardisation report's words and tables for the published count and for a hand-made
three-count folder, and its figures: what a reader sees, from the same evaluation."""

from __future__ import annotations

import pandas as pd
import pytest

from sugidx_analysis import catalogue
from sugidx_analysis.datasets.load import Loaded
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.standardization import charts, metrics, present
from sugidx_analysis.themes.standardization.metrics import StandardizationParams, evaluate

from .test_metrics import SUGINAMI, THREE_COUNTS


@pytest.fixture(scope="module")
def published():
    return evaluate(
        catalogue.load_inputs(get_theme("standardization")),
        StandardizationParams(2024, profile=SUGINAMI),
    )


@pytest.fixture
def three(tmp_path):
    frame = pd.DataFrame(
        THREE_COUNTS, columns=["fiscal_year", "as_of", "system", "issues_total", "issues_resolved"]
    ).assign(target_rate=0.9, target_date="2025-07", system_scope=None, source_id="S004-4")
    inputs = {metrics.PROGRESS: Loaded(metrics.PROGRESS, tmp_path, frame, None, "analyst", None)}
    return evaluate(inputs, StandardizationParams(2024, profile=SUGINAMI))


def test_summary_sentences_of_the_published_count(published):
    text = present.summary_findings(published)
    assert text[0] == (
        "令和6年7月31日時点で、標準化システムへの移行に向けたFit&Gap分析の課題4,088件のうち"
        "3,182件が完了し、進捗率は77.8%です。"
    )
    assert text[1] == (
        "目標（令和7年7月1日までに各システムの進捗率90%）に達するには、全体で3,680件の完了が"
        "必要で、あと498件です。"
    )
    assert text[2] == (
        "集計時点（令和6年7月31日）から期日まで11.0か月で、1か月あたり45.2件の完了が必要です。"
    )
    assert text[3] == "あと必要な件数が最も多いのは中央電算（431件、1か月あたり39.2件）です。"
    assert "1時点のみ" in text[4] and "判定していません" in text[4]
    # the profile's targets in the documents' own words (seeds 003 and 001)
    assert "「令和7年度末までに対象システムすべてを移行する」" in text[5]
    assert "「令和7年度中の新システム稼働に向けて取り組む」" in text[5]


def test_tables_print_every_system_and_the_total(published):
    frame = present.progress_table(published).frame
    assert list(frame["システム"]) == ["中央電算", "小型電算", "連携小型電算", "合計"]
    assert list(frame["進捗率"]) == ["77.2%", "81.3%", "79.1%", "77.8%"]
    need = present.need_table(published).frame
    assert list(need["目標に必要な完了数"]) == ["3,029", "487", "164", "3,680"]
    assert list(need["1か月あたりに必要な件数"]) == ["39.2件", "4.3件", "1.8件", "45.2件"]
    summary = present.summary_table(published)
    assert list(summary.frame["判定"]) == ["判定なし"] * 4
    assert summary.total_rows == (3,)


def test_one_count_says_why_there_is_no_outlook(published):
    (box,) = present.pace_section(published)
    assert "令和6年7月31日の1時点のみ" in box.data
    assert charts.pace(published) is None


def test_targets_table_names_each_target_and_its_own_source(published):
    frame = present.targets_table(published).frame
    assert frame["期限"].tolist() == ["令和7年7月1日", "令和7年度末", "令和7年度末"]
    assert "（自治体名の記載なし）" in frame["出典"].iloc[1]  # seed 003 names no municipality
    assert "杉並区" in frame["出典"].iloc[2]


def test_three_counts_print_the_pace_its_interval_and_judgement(three):
    (sentence,) = present.pace_sentences(three)
    p = three.overall_pace
    assert f"1か月あたり{p.per_month:.1f}ポイント" in sentence
    assert "これまでの進捗率に当てはめた直線" in sentence and "「順調」" in sentence
    frame = present.pace_table(three).frame
    assert list(frame["方法"]) == ["最小二乗法"] * 3
    assert all("〜" in cell for cell in frame["同95%予測区間"])


def test_figures_carry_the_numbers_drawn_in_their_alt_text(published, three, capture_drawn):
    seen = capture_drawn(charts)
    block = charts.progress(published)
    assert "中央電算77.2%" in block.alt and "目標は90%" in block.alt
    labels = {t.get_text() for t in seen[0]["texts"]}
    assert {"77.2%", "81.3%", "79.1%", "77.8%"} <= labels
    pace = charts.pace(three)
    assert "令和6年1月31日に60.0%" in pace.alt
    assert pace.svg.startswith("<?xml")
