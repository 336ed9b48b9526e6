"""The RPA notebook under Papermill: one run with non-default conversion parameters, whose
output must follow them (the published FY2022 hours ÷ and × the parameters)."""

from __future__ import annotations

import nbformat

from sugidx_analysis import paths
from sugidx_analysis.render.execute import execute_notebook

NOTEBOOK = paths.NOTEBOOKS_DIR / "02_rpa.ipynb"


def test_non_default_parameters_change_the_conversions(tmp_path):
    out = tmp_path / "rpa.ipynb"
    failure = execute_notebook(
        NOTEBOOK,
        out,
        {"fiscal_year": 2023, "hours_per_fte": 1600, "hourly_cost_yen": 5000},
        cwd=tmp_path,
    )
    assert failure is None, failure.describe()
    texts = []
    for cell in nbformat.read(out, as_version=4).cells:
        for output in cell.get("outputs", []):
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text"))
    text = "\n".join(texts)
    # 5,200 h ÷ 1,600 h = 3.25 staff; × 5,000 yen = 2,600万円 (defaults give 2.76 and 1,846万円)
    assert "職員約3.25人分（3.22〜3.28人分）" in text
    assert "約2,600万円（2,575〜2,625万円）" in text
    assert "約1,846万円" not in text
    assert "1,600時間、職員1時間あたりの人件費 5,000円（既定値から変更）" in text
    # FY2023 has no published row: the latest (FY2022) is shown, and the pilots' outcome
    assert (
        "令和5年度のRPA・AI-OCRの公表データはありません。最新のデータは令和4年度のものです" in text
    )
    assert "見込みを245時間（18.3%）下回りました" in text
    assert "【合成データ】" in text
    executed = out.read_text(encoding="utf-8")
    assert executed.count("data:image/svg+xml;base64,") >= 3 and "image/png" not in executed
