"""Rendering the same notebook with the same data twice gives byte-identical HTML, PDF and
executed notebooks: no timestamps, temporary names, random ids or memory addresses."""

from __future__ import annotations

import copy
import io
import json
import os
from pathlib import Path

import nbformat
import pytest

from sugidx_analysis.errors import RenderError
from sugidx_analysis.render import pdf
from sugidx_analysis.render.batch import render_reports
from sugidx_analysis.render.reproducible import cell_id, normalise

COMPARED = {".html", ".pdf", ".ipynb"}


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix in COMPARED and ".sugidx-cache" not in p.parts
    }


@pytest.fixture(scope="module")
def two_renders(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Notebook 01 and the annual report of FY2023, rendered twice into two folders."""
    runs = []
    for n in (1, 2):
        out = tmp_path_factory.mktemp(f"render{n}")
        result = render_reports([2023], notebooks=["01"], out_dir=out, jobs=1, force=True)
        assert result.ok, [r.error for r in result.failed]
        runs.append(_outputs(out))
    return runs[0], runs[1]


def test_two_renders_are_byte_identical(two_renders):
    first, second = two_renders
    assert sorted(first) == [
        "FY2023/01_online_procedures.html",
        "FY2023/01_online_procedures.ipynb",
        "FY2023/01_online_procedures.pdf",
        "FY2023/annual_report.html",
        "FY2023/annual_report.pdf",
    ]
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"these files differ between two renders: {differ}"


def test_the_executed_notebook_has_no_timestamps_or_temporary_names(two_renders):
    text = two_renders[0]["FY2023/01_online_procedures.ipynb"].decode("utf-8")
    nb = json.loads(text)
    papermill = nb["metadata"]["papermill"]
    assert not {"start_time", "end_time", "duration", "output_path"} & set(papermill)
    assert papermill["input_path"] == "notebooks/01_online_procedures.ipynb"
    assert papermill["parameters"]["fiscal_year"] == 2023  # what the run was given stays
    for cell in nb["cells"]:
        assert "execution" not in cell["metadata"]
        assert not {"start_time", "end_time", "duration"} & set(cell["metadata"]["papermill"])
        assert cell["metadata"]["papermill"]["status"] == "completed"
    assert ".tmp." not in text and " at 0x" not in text
    nbformat.validate(nbformat.reads(text, as_version=4))


# --- normalise() -------------------------------------------------------------------------------


def _executed(run: int) -> dict:
    """A notebook as Papermill and nbclient leave it, with run-specific values from ``run``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "parameters": {"fiscal_year": 2023},
        "input_path": "notebooks/01_online_procedures.ipynb",
        "output_path": f"/tmp/reports/.01_online_procedures.x{run}.tmp.ipynb",
        "start_time": f"2026-01-0{run}T00:00:00+00:00",
        "end_time": f"2026-01-0{run}T00:00:05+00:00",
        "duration": 5.0 + run,
        "exception": None,
        "version": "2.7.0",
    }
    cells = [
        nbformat.v4.new_markdown_cell("# 見出し", id="cell-00"),
        nbformat.v4.new_code_cell("fiscal_year = 2024", id="cell-01"),
        nbformat.v4.new_code_cell("fiscal_year = 2023", id=f"random{run}"),
        nbformat.v4.new_code_cell("show(x)", id="cell-02"),
        nbformat.v4.new_code_cell("show(x)", id="cell-03"),
    ]
    for n, cell in enumerate(cells):
        cell.metadata["papermill"] = {
            "start_time": f"2026-01-0{run}T00:00:0{n}+00:00",
            "end_time": f"2026-01-0{run}T00:00:0{n}+00:00",
            "duration": 0.1 * run,
            "status": "completed",
            "exception": False,
        }
        if cell.cell_type == "code":
            cell.metadata["execution"] = {"iopub.status.busy": f"2026-01-0{run}T00:00:00Z"}
            cell.execution_count = n
    cells[3].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/plain": f"<pkg.Reproduction at 0x7f51b948{run}810>",
                "text/html": "<p>表</p>",
            },
        ),
        nbformat.v4.new_output("stream", text=f"<object object at 0x7f{run}>\nok\n"),
        nbformat.v4.new_output(
            "stream", name="stderr", text=f"/tmp/ipykernel_{run}234/2214461664.py:2: UserWarning"
        ),
    ]
    cells[4].outputs = [
        nbformat.v4.new_output(
            "error",
            ename="ValueError",
            evalue="v",
            traceback=["ValueError", f"File /tmp/ipykernel_{run}7/1.py:3, in f()"],
        )
    ]
    nb.cells = cells
    return nb


def test_normalise_removes_what_differs_between_runs():
    first, second = normalise(_executed(1)), normalise(_executed(2))
    assert first == second
    assert nbformat.writes(first) == nbformat.writes(second)
    nbformat.validate(first)
    assert set(first.metadata.papermill) == {
        "parameters",
        "input_path",
        "exception",
        "version",
    }
    assert first.cells[3].metadata == {"papermill": {"status": "completed", "exception": False}}
    assert first.cells[3].outputs[0]["data"] == {
        "text/plain": "<pkg.Reproduction>",
        "text/html": "<p>表</p>",
    }
    assert first.cells[3].outputs[1]["text"] == "<object object>\nok\n"
    assert first.cells[3].outputs[2]["text"] == "/tmp/ipykernel/2214461664.py:2: UserWarning"
    assert first.cells[4].outputs[0]["traceback"][1] == "File /tmp/ipykernel/1.py:3, in f()"
    assert [c.execution_count for c in first.cells[1:]] == [1, 2, 3, 4]


def test_normalise_derives_unique_ids_from_position_and_content():
    nb = normalise(_executed(1))
    ids = [c.id for c in nb.cells]
    assert ids == [cell_id(n, c) for n, c in enumerate(nb.cells)]
    assert len(set(ids)) == len(ids)  # the two 「show(x)」 cells differ by position
    changed = _executed(1)
    changed.cells[2].source = "fiscal_year = 2022"
    new = [c.id for c in normalise(changed).cells]
    assert new[2] != ids[2]
    assert new[:2] + new[3:] == ids[:2] + ids[3:]


def test_normalise_leaves_its_argument_unchanged():
    nb = _executed(1)
    before = copy.deepcopy(nb)
    normalise(nb)
    assert nb == before


def test_normalise_makes_an_absolute_input_path_relative_to_the_project():
    from sugidx_analysis import paths

    nb = _executed(1)
    nb.metadata.papermill["input_path"] = str(paths.NOTEBOOKS_DIR / "01_online_procedures.ipynb")
    relative = normalise(nb).metadata.papermill["input_path"]
    assert relative == "notebooks/01_online_procedures.ipynb"


# --- PDF dates ---------------------------------------------------------------------------------

PAGE = (
    '<html lang="ja"><head><title>試験</title>{meta}</head>'
    "<body><p>日本語の試験ページです。</p></body></html>"
)
DATED = PAGE.format(meta='<meta name="dcterms.created" content="2024-03-31">')


def _dates(data: bytes) -> dict:
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(data)).metadata
    return {key: info.get(key) for key in ("/CreationDate", "/ModDate")}


def test_pdf_dates_come_from_the_data_never_the_clock(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert _dates(pdf.html_to_pdf(DATED, tmp_path)) == {
        "/CreationDate": "D:20240331",
        "/ModDate": None,
    }
    assert _dates(pdf.html_to_pdf(PAGE.format(meta=""), tmp_path)) == {
        "/CreationDate": None,
        "/ModDate": None,
    }


def test_source_date_epoch_dates_the_pdf(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    assert _dates(pdf.html_to_pdf(DATED, tmp_path)) == {
        "/CreationDate": "D:20240331",  # the data's date comes first
        "/ModDate": "D:20231114221320Z",
    }
    assert _dates(pdf.html_to_pdf(PAGE.format(meta=""), tmp_path)) == {
        "/CreationDate": "D:20231114221320Z",
        "/ModDate": "D:20231114221320Z",
    }
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(RenderError, match="SOURCE_DATE_EPOCH"):
        pdf.html_to_pdf(DATED, tmp_path)


def test_pdf_font_subsets_made_by_fonttools_carry_no_clock_time(tmp_path, monkeypatch):
    """Without HarfBuzz-Subset WeasyPrint subsets fonts with fontTools, which stamps the time
    of saving into head.modified unless SOURCE_DATE_EPOCH is set."""
    import fontTools.misc.timeTools as time_tools
    import weasyprint.pdf.fonts

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    printed = []
    for now in (1_000_000_000.0, 1_500_000_000.0):
        monkeypatch.setattr(time_tools.time, "time", lambda now=now: now)
        printed.append(pdf.html_to_pdf(DATED, tmp_path))
    assert printed[0] == printed[1]
    assert "SOURCE_DATE_EPOCH" not in os.environ  # put back afterwards
