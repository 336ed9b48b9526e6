"""Before a render, the data folder is checked as ``sugidx validate`` checks it (every dataset
file and the municipality profile, read by a notebook or not) and so are the record-level
files of the example folder the run reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sugidx_analysis import catalogue, paths
from sugidx_analysis.cli import main
from sugidx_analysis.errors import DataValidationError
from sugidx_analysis.render import plan


@pytest.fixture
def published(tmp_path) -> Path:
    """A copy of data/published (an analyst's folder: no example data beside it)."""
    folder = tmp_path / "published"
    shutil.copytree(paths.PUBLISHED_DIR, folder)
    return folder


@pytest.fixture
def example(tmp_path) -> Path:
    folder = tmp_path / "example"
    shutil.copytree(paths.EXAMPLE_DIR, folder)
    return folder


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_published_and_example_data_pass():
    plan.check_inputs(paths.PUBLISHED_DIR)
    plan.check_inputs(paths.PUBLISHED_DIR, paths.EXAMPLE_DIR, ["online_procedures"])


def test_a_bad_file_no_notebook_of_the_run_reads_is_refused_as_validate_refuses_it(
    published, capsys
):
    # the online report reads online_summary and online_plan, not cashless.csv
    info = plan.notebook_info(paths.NOTEBOOKS_DIR / "01_online_procedures.ipynb")
    assert "cashless.csv" not in {Path(f).name for f in plan.input_files(info, published, {})}
    _break(published / "cashless.csv", "2021,戸籍住民課・税務課", "20x1,戸籍住民課・税務課")
    with pytest.raises(DataValidationError) as info:
        plan.check_inputs(published)
    refused = info.value.problems
    assert [(Path(p.file).name, p.row, p.column) for p in refused] == [
        ("cashless.csv", 2, "fiscal_year")
    ]
    assert refused[0].file == paths.display_path(published / "cashless.csv")
    # exactly what `sugidx validate` refuses
    report = catalogue.validate_folder(published)
    assert [(p.file, p.row, p.column) for p in report.errors] == [
        ("cashless.csv", 2, "fiscal_year")
    ]
    assert main(["validate", "--data-dir", str(published)]) == 1
    capsys.readouterr()


def test_a_profile_validate_refuses_is_refused(published):
    _break(published / "municipality.toml", 'source_id = "S003-online"', 'source_id = "S999"')
    with pytest.raises(DataValidationError) as info:
        plan.check_inputs(published)
    (problem,) = info.value.problems
    assert Path(problem.file).name == "municipality.toml" and problem.value == "S999"


def test_a_bad_example_file_the_run_reads_is_refused(example):
    path = example / "online_procedures.csv"
    _break(path, "2022,P0001,", "2022,P0001,x,")  # one cell too many
    with pytest.raises(DataValidationError) as info:
        plan.check_inputs(paths.PUBLISHED_DIR, example, ["online_procedures"])
    assert info.value.problems
    assert {p.file for p in info.value.problems} == {paths.display_path(path)}
    assert paths.display_path(path) in str(info.value)
    # every theme's record-level files by default; a run that does not read it passes
    with pytest.raises(DataValidationError):
        plan.check_inputs(paths.PUBLISHED_DIR, example)
    plan.check_inputs(paths.PUBLISHED_DIR, example, ["cashless_monthly"])


def test_an_analysts_folder_is_its_own_example_folder(published, example):
    # no data/example beside an analyst's folder: a broken data/example copy is not read
    _break(example / "online_procedures.csv", "2022,P0001,", "2022,P0001,x,")
    plan.check_inputs(published)
    shutil.copy(example / "online_procedures.csv", published / "online_procedures.csv")
    with pytest.raises(DataValidationError, match="online_procedures.csv"):
        plan.check_inputs(published, dataset_names=[])


def test_a_folder_without_dataset_files_is_refused(tmp_path):
    with pytest.raises(DataValidationError, match="no dataset files found"):
        plan.check_inputs(tmp_path)


def test_a_pass_is_remembered_and_a_changed_file_is_checked_again(published, tmp_path, monkeypatch):
    # the key includes the code's fingerprint: pinned, as other work may edit the checkout
    monkeypatch.setattr(plan, "code_fingerprint", lambda: "fixed-for-tests")
    cache_dir = tmp_path / "cache"
    plan.check_inputs(published, cache_dir=cache_dir)
    assert (cache_dir / "inputs.json").is_file()
    # a remembered pass does not import pandas (a run with nothing to do stays fast)
    code = (
        "import sys; from sugidx_analysis.render import plan; "
        "plan.code_fingerprint = lambda: 'fixed-for-tests'; "
        f"plan.check_inputs({str(published)!r}, cache_dir={str(cache_dir)!r}); "
        "print('pandas' in sys.modules)"
    )
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "False"
    _break(published / "cashless.csv", "2021,戸籍住民課・税務課", "20x1,戸籍住民課・税務課")
    for _ in range(2):  # a failure is never remembered
        with pytest.raises(DataValidationError):
            plan.check_inputs(published, cache_dir=cache_dir)


def test_the_example_datasets_of_a_run_are_those_its_notebooks_read():
    infos = [
        plan.notebook_info(paths.NOTEBOOKS_DIR / f"{n}.ipynb")
        for n in ("01_online_procedures", "03_survey", "04_standardization")
    ]
    assert plan.example_datasets(infos) == (
        "online_procedures",
        "survey_responses",
        "survey_questions",
    )
