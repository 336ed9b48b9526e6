"""pyproject.toml and environment.yml declare the same dependencies; importing is silent."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import yaml
from packaging.requirements import Requirement

from sugidx_analysis import paths


def _normal(spec: str) -> tuple[str, str]:
    req = Requirement(spec)
    return req.name.lower().replace("_", "-"), str(req.specifier)


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_normal(s) for s in project["dependencies"]}
    wanted |= {_normal(s) for s in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((paths.PROJ_ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    declared = {_normal(s) for s in conda if not s.startswith(("python", "pip"))}
    declared |= {_normal(s) for s in pip if not s.startswith("-e")}
    assert declared == wanted
    assert "python>=3.11" in conda


def test_import_is_fast_and_silent():
    code = (
        "import sys, sugidx_analysis, sugidx_analysis.cli; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'pandera') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert result.stderr == ""


def test_data_dictionary_is_up_to_date():
    from sugidx_analysis.catalogue import DATASETS
    from sugidx_analysis.datasets.dictionary import dictionary_markdown

    text = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert dictionary_markdown(DATASETS.values()) in text, "run: sugidx dictionary"


def test_dictionary_refresh_refuses_a_readme_without_its_markers(tmp_path):
    import pytest

    from sugidx_analysis.catalogue import DATASETS
    from sugidx_analysis.datasets.dictionary import refresh_dictionary
    from sugidx_analysis.errors import SugidxError

    readme = tmp_path / "README.md"
    readme.write_text("# data\n\nno markers here\n", encoding="utf-8")
    with pytest.raises(SugidxError, match="nothing was changed"):
        refresh_dictionary(readme, DATASETS.values())
    assert readme.read_text(encoding="utf-8") == "# data\n\nno markers here\n"


def test_readme_shows_a_rendered_page_made_by_its_make_target():
    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/summary-page.png)" in readme and "make readme-image" in readme
    picture = paths.PROJ_ROOT / "docs" / "summary-page.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    makefile = (paths.PROJ_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "readme-image:" in makefile and "docs/summary-page" in makefile
