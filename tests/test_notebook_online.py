"""Execute notebooks/01_online_procedures.ipynb with Papermill and read its outputs."""

from __future__ import annotations

import html
import shutil

import nbformat
import pytest

from sugidx_analysis import notebook_support as nbs
from sugidx_analysis import paths

NOTEBOOK = paths.NOTEBOOKS_DIR / "01_online_procedures.ipynb"


def _run(tmp_path, name, **parameters) -> str:
    import papermill

    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    nb = nbformat.read(out, as_version=4)
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text"))
            texts.append(str(output.get("text", "")))
    return "\n".join(texts)


def test_committed_without_outputs_and_parameterised():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith("# オンライン手続の進捗評価")
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for name in (
        "fiscal_year = 2023",
        'data_dir = ""',
        'example_dir = ""',
        "target_fiscal_year = 2025",
        "target_coverage = 1.0",
    ):
        assert name in params[0].source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.fixture
def example_copy(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(paths.EXAMPLE_DIR / "online_procedures.csv", folder)
    return folder


def test_fy2023_with_records_and_other_target(tmp_path, example_copy):
    text = _run(
        tmp_path,
        "fy2023",
        fiscal_year=2023,
        example_dir=str(example_copy),
        target_coverage=0.8,
        target_fiscal_year=2026,
    )
    for figure in (
        "42.1%",
        "44.2%",
        "39.0%",
        "40.7%",
        "+3.1ポイント",
        "+3.5ポイント",
        "2,302,198",
        "55.5%",
    ):
        assert figure in text, figure
    assert "合成データ（実績ではありません）" in text
    assert "公表値と一致します" in text
    # 80% of 717 = 574 procedures by FY2026: (574 − 302) / 3 ≈ 91 a year
    assert "年91手続" in text
    assert "令和8年度 (FY2026)末までに対応率80%" in text


def test_fy2022_and_empty_example_dir(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    text = _run(tmp_path, "fy2022", fiscal_year=2022, example_dir=str(empty), target_coverage=0.9)
    assert "39.0%" in text and "40.7%" in text
    assert "42.1%" not in text  # FY2023 is after the evaluated year
    assert "手続ごとのデータがないため、この節は省略します" in text
    assert "合成データ（実績ではありません）" not in text
    assert "目標までのペースは求められません" in text  # one year only


def test_year_without_data_says_so_and_shows_latest(tmp_path):
    text = _run(tmp_path, "fy2024", fiscal_year=2024, example_dir=str(tmp_path / "missing"))
    assert "令和6年度 (FY2024)のオンライン手続のデータはありません" in text
    assert "令和5年度 (FY2023)" in text and "42.1%" in text


def test_year_before_any_data_finishes(tmp_path):
    text = _run(tmp_path, "fy2021", fiscal_year=2021)
    assert "令和3年度 (FY2021)以前のオンライン手続のデータはありません" in text


def test_text_from_data_is_escaped():
    evil = "<script>alert(1)</script>"
    md = nbs.bullets([f"最も申請の多い未対応手続は「{evil}」です。"])
    assert "<script>" not in md.data and html.escape(evil) in md.data
    box = nbs.no_data_notice(evil)
    assert "<script>" not in box.data


def test_display_tables_label_and_escape_record_data():
    import pandas as pd

    from sugidx_analysis.metrics import online

    evil = "<script>alert(1)</script>"
    records = pd.DataFrame(
        {
            "fiscal_year": [2023] * 3,
            "procedure_id": ["P1", "P2", "P3"],
            "procedure_name": [evil, "転入届", "証明書交付申請"],
            "department": ["区民課"] * 3,
            "online_capable": [True] * 3,
            "online_ready": [False, False, True],
            "applications_online": [0, 0, 50],
            "applications_offline": [300, 100, 50],
            "priority_band": ["S", "A", None],
        }
    )
    conc = online.offline_concentration(records, 2023, top_n=(1, 2))
    table = nbs.concentration_table(conc)
    assert table["未対応手続の申請に占める割合"].tolist() == ["75.0%", "100.0%"]
    assert table.index.tolist() == ["上位1手続", "上位2手続"]
    largest = nbs.largest_offline_table(conc)
    assert largest["年間申請数"].tolist() == ["300", "100"]
    rendered = largest._repr_html_()
    assert "<script>" not in rendered and html.escape(evil) in rendered


def test_year_choice():
    import pandas as pd

    frame = pd.DataFrame({"fiscal_year": [2022, 2023]})
    assert nbs.choose_year(frame, 2024).shown == 2023
    assert nbs.choose_year(frame, 2024).is_fallback
    assert nbs.choose_year(frame, 2021).shown is None
    assert nbs.choose_year(None, 2023).shown is None
    assert nbs.resolve_dir("", paths.EXAMPLE_DIR) == paths.EXAMPLE_DIR


def test_figures_are_titled_labelled_and_sourced():
    import matplotlib.pyplot as plt

    from sugidx_analysis import plots
    from sugidx_analysis.io import load_dataset
    from sugidx_analysis.metrics import online

    summary = load_dataset("online_summary")
    m = online.measures(summary)
    records = load_dataset("online_procedures", paths.EXAMPLE_DIR)
    figures = [
        (plots.coverage_usage_chart(m, "公表値"), False),
        (plots.pace_chart(m, online.pace_to_target(summary), "公表値"), False),
        (
            plots.plan_chart(online.plan_by_band(load_dataset("online_plan"), summary), "公表値"),
            False,
        ),
        (
            plots.decomposition_chart(
                online.usage_decomposition(records, 2022, 2023), "例", synthetic=True
            ),
            True,
        ),
        (
            plots.concentration_chart(
                online.offline_concentration(records, 2023), "例", synthetic=True
            ),
            True,
        ),
    ]
    for fig, synthetic in figures:
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        captions = [t.get_text() for t in fig.texts]
        assert any(c.startswith(("出典:", plots.SYNTHETIC_CAPTION)) for c in captions)
        assert any(plots.SYNTHETIC_CAPTION in c for c in captions) == synthetic
        plt.close(fig)
