"""The survey notebook under Papermill, weighted and unweighted: the weighted estimates move
the way the respondents' age profile says they must (respondents lean old; the young use
online procedures more, so raking raises the share who have used them)."""

from __future__ import annotations

import re

import nbformat
import pytest

from sugidx_analysis import paths
from sugidx_analysis.render.execute import execute_notebook

NOTEBOOK = paths.NOTEBOOKS_DIR / "03_survey.ipynb"


def _text(path) -> str:
    texts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text"))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = {}
    for weighting in ("raking", "none"):
        folder = tmp_path_factory.mktemp(weighting)
        path = folder / "survey.ipynb"
        failure = execute_notebook(
            NOTEBOOK, path, {"fiscal_year": 2024, "weighting": weighting}, cwd=folder
        )
        assert failure is None, failure.describe()
        out[weighting] = _text(path)
    return out


def _share(text: str, pattern: str) -> float:
    match = re.search(pattern, text)
    assert match, pattern
    return float(match.group(1))


def test_weighting_moves_estimates_the_way_the_age_profile_implies(runs):
    weighted = runs["raking"]
    # the respondents lean old: more of them are 60+ than of the population
    older = re.search(r"回答者に占める60歳以上の割合は([\d.]+)%で、母集団（([\d.]+)%）", weighted)
    assert older and float(older.group(1)) > float(older.group(2))
    raw = _share(weighted, r"「ある」と答えた人の割合は、回答者の単純集計では([\d.]+)%")
    raked = _share(weighted, r"年齢・性別で重み付けすると([\d.]+)%")
    assert raked > raw  # the young, under-represented, use online procedures more
    assert "重み付け後の方が" in weighted and "ポイント高くなります" in weighted


def test_unweighted_run_says_so_and_shows_no_weighted_figures(runs):
    plain = runs["none"]
    assert "重み付けは行っていません（重み付けをしない設定で作成しています）" in plain
    assert "重み付け集計" not in plain.replace("重み付け集計は示していません", "")
    assert "集計の設定：重み付けなし" in plain


def test_published_figures_and_suppression_reach_the_report(runs):
    text = runs["raking"]
    assert "383人が回答しました（回答率19.2%、95%信頼区間17.5%〜20.9%）" in text
    assert "1人あたり2.98件" in text
    assert "最大±5.0ポイント" in text
    assert "【合成データ】" in text
    assert "<td>*</td>" in text or ">*<" in text  # a suppressed cell is printed as 「*」
