"""The notebooks are committed as jupytext pairs: ``NN_<theme>.ipynb`` beside its percent-format
``NN_<theme>.py``, in step, without outputs, with a tagged Papermill parameters cell."""

from __future__ import annotations

import jupytext
import nbformat
import pytest

from sugidx_analysis import paths
from sugidx_analysis.themes import THEMES

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_every_theme_has_a_paired_notebook():
    assert NOTEBOOKS, "notebooks/ holds no NN_<theme>.ipynb"
    stems = {p.stem for p in NOTEBOOKS}
    assert {t.notebook for t in THEMES} <= stems
    for notebook in NOTEBOOKS:
        assert notebook.with_suffix(".py").exists(), f"{notebook.name} has no paired .py"
    config = (paths.NOTEBOOKS_DIR / "jupytext.toml").read_text(encoding="utf-8")
    assert 'formats = "ipynb,py:percent"' in config


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_pair_is_in_sync(notebook):
    ipynb = nbformat.read(notebook, as_version=4)
    script = jupytext.read(notebook.with_suffix(".py"))
    assert _cells(ipynb) == _cells(script), (
        f"{notebook.name} and its .py differ: run `jupytext --sync {notebook}`"
    )
    header = notebook.with_suffix(".py").read_text(encoding="utf-8").split("# ---", 2)[1]
    assert "jupytext_version:" not in header  # the filter keeps the version out


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_with_a_parameters_cell(notebook):
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert "fiscal_year = " in tagged[0].source


def test_out_of_sync_pair_is_detected(tmp_path):
    """The check above can fail: a script edited without its notebook differs."""
    notebook = NOTEBOOKS[0]
    script = notebook.with_suffix(".py").read_text(encoding="utf-8")
    edited = tmp_path / "edited.py"
    edited.write_text(script.replace("fiscal_year = ", "fiscal_year=  ", 1), encoding="utf-8")
    assert _cells(nbformat.read(notebook, as_version=4)) != _cells(jupytext.read(edited))
