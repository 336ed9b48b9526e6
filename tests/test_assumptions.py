"""The assumptions registry: what the code uses is what the reports print."""

from __future__ import annotations

import pytest

from sugidx_analysis import assumptions
from sugidx_analysis.errors import SugidxError
from sugidx_analysis.report.provenance import assumption_lines
from sugidx_analysis.themes.online import synth


def test_the_generator_reads_its_settings_from_the_registry():
    assert synth.DEFAULT_SEED == assumptions.get("synth.online.seed").value == 20241
    assert synth.NEW_ONLINE_SHARE == pytest.approx(1 / 6)


def test_used_returns_registry_order_and_rejects_unknown_ids():
    used = assumptions.used(["trend.two_points", "fiscal_year", "trend.two_points"])
    assert [a.id for a in used] == ["fiscal_year", "trend.two_points"]
    with pytest.raises(SugidxError, match="unknown assumption 'nope'"):
        assumptions.used(["nope"])


def test_ratings_are_checked():
    with pytest.raises(ValueError, match="rating"):
        assumptions.Assumption("x", "文", "出典", quality="great", impact="low")


def test_report_lines_keep_the_whole_text():
    (line,) = assumption_lines(["online.capable_pool_fixed"])
    text = assumptions.get("online.capable_pool_fixed").text
    assert line == text.rstrip("。") + "（根拠：手法上の選択。確からしさ：低、結果への影響：高）。"
