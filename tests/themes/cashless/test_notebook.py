"""The cashless notebook under Papermill for FY2021 (FY2023 and FY2024 are rendered by
tests/test_publication.py): before any launch the effect sections say why they are empty, and
the outreach figures come from a document naming no municipality, so no reach is computed."""

from __future__ import annotations

import nbformat

from sugidx_analysis import paths
from sugidx_analysis.render.execute import execute_notebook

NOTEBOOK = paths.NOTEBOOKS_DIR / "05_cashless.ipynb"


def test_a_year_before_any_launch(tmp_path):
    out = tmp_path / "out.ipynb"
    failure = execute_notebook(NOTEBOOK, out, {"fiscal_year": 2021}, cwd=tmp_path)
    assert failure is None, failure.describe()
    texts = []
    for cell in nbformat.read(out, as_version=4).cells:
        for output in cell.get("outputs", []):
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text"))
    text = "\n".join(texts)
    assert "差の差分析は示せません（対象年度末までに導入した窓口がありません）" in text
    assert "令和4年3月までにキャッシュレス決済を導入した窓口はない" in text
    assert "スマホ教室（スマホ入門・ワンポイント教室）の講座等は31回、延べ174人" in text
    assert "区の人口と比べられません" in text
    assert "data:image/svg+xml;base64," not in text  # nothing to draw before a launch
