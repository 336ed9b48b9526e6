"""The standardisation notebook under Papermill with an analyst's folder of three counts (the
published folder, with one count, is rendered by tests/test_publication.py): the outlook
section, its figure and the judgement appear."""

from __future__ import annotations

import nbformat
import pandas as pd

from sugidx_analysis import paths
from sugidx_analysis.render.execute import execute_notebook

from .test_metrics import THREE_COUNTS

NOTEBOOK = paths.NOTEBOOKS_DIR / "04_standardization.ipynb"
PROFILE = """
name = "架空区（テスト用）"
[[targets]]
id = "standardization.fit_gap_progress"
label = "課題の進捗率"
value = 0.9
unit = "ratio"
due = 2025-07-01
source_id = "S004-4"
"""


def test_three_counts_render_the_outlook_and_judgement(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    frame = pd.DataFrame(
        THREE_COUNTS, columns=["fiscal_year", "as_of", "system", "issues_total", "issues_resolved"]
    ).assign(target_rate="90%", target_date="2025-07", source_id="S004-4")
    frame.to_csv(data / "standardization_progress.csv", index=False)
    (data / "municipality.toml").write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "out.ipynb"
    failure = execute_notebook(
        NOTEBOOK, out, {"fiscal_year": 2024, "data_dir": str(data)}, cwd=tmp_path
    )
    assert failure is None, failure.describe()
    texts = []
    for cell in nbformat.read(out, as_version=4).cells:
        for output in cell.get("outputs", []):
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text"))
    text = "\n".join(texts)
    assert "進捗率（全体）" in text and "82.5%" in text  # 990 / 1,200 on 2025-01-31
    assert "これまでのペースと目標の期日の見通し" in text
    assert "全体の進捗率の推移と期日までの見通し" in text
    assert "「順調」" in text
    assert "分析者が用意したデータ" in text
    assert "システム標準化の目標" in text  # the profile's one target
    assert "令和7年7月1日までに90%" in text
