"""Notebook parameters (``-p``), report fiscal years and synthetic-data seeds are checked by type
and range before anything runs, and the message states the accepted values."""

from __future__ import annotations

import ast
import datetime as dt
import math
import re
from pathlib import Path

import pytest

from sugidx_analysis import examples, paths
from sugidx_analysis.cli import main
from sugidx_analysis.errors import MetricInputError, RenderError, SugidxError
from sugidx_analysis.render import parameters, plan
from sugidx_analysis.themes.cashless.metrics import CashlessParams
from sugidx_analysis.themes.online.metrics import OnlineParams
from sugidx_analysis.themes.rpa.metrics import RpaParams
from sugidx_analysis.themes.standardization.metrics import StandardizationParams
from sugidx_analysis.themes.survey.metrics import WEIGHTINGS, SurveyParams

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob(plan.NOTEBOOK_GLOB))
SHARE = "expected a share between 0 (exclusive) and 1, such as 0.9"
NEXT_FY = parameters.latest_fiscal_year()


def _py_parameters(path: Path) -> dict[str, str]:
    """Name → default of the jupytext ``.py`` twin's parameters cell."""
    text = path.read_text(encoding="utf-8")
    cell = text.split('# %% tags=["parameters"]\n', 1)[1].split("# %%", 1)[0]
    found = {}
    for line in cell.splitlines():
        m = re.match(r"(\w+)\s*=\s*(.+?)\s*(?:#.*)?$", line)
        if m:
            found[m[1]] = m[2]
    return found


@pytest.fixture(scope="module")
def notebook_parameters() -> dict[str, dict[str, str]]:
    assert len(NOTEBOOKS) == 6
    return {p.stem: plan.notebook_info(p).parameters for p in NOTEBOOKS}


def test_every_notebook_parameter_has_a_rule(notebook_parameters):
    for name, params in notebook_parameters.items():
        missing = set(params) - set(parameters.PARAMETERS)
        assert not missing, f"{name}: no rule for {missing}"
        # the reviewable .py twin declares the same parameters
        assert set(_py_parameters(paths.NOTEBOOKS_DIR / f"{name}.py")) == set(params), name


def test_the_notebooks_own_defaults_pass_their_rules(notebook_parameters):
    for params in notebook_parameters.values():
        for name, default in params.items():
            value = ast.literal_eval(default)
            assert parameters.check_value(name, value) == value, (name, default)


@pytest.mark.parametrize(
    "text",
    ["NaN", "Infinity", "-Infinity", "-0.5", "0", "1.5", "1e999", "abc", "true", '"0.9"'],
)
def test_bad_target_coverage_is_refused_with_the_accepted_range(text):
    with pytest.raises(RenderError) as info:
        plan.parse_assignments([f"target_coverage={text}"])
    message = str(info.value)
    assert message.startswith(f"-p target_coverage={text}: ")
    assert SHARE in message
    if text in ("NaN", "Infinity", "-Infinity", "1e999"):
        assert "NaN, Infinity and -Infinity are not accepted" in message


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("confidence=1", "between 0.5 and 1 (exclusive), such as 0.95"),
        ("confidence=0.3", "between 0.5 and 1 (exclusive)"),
        ("confidence=NaN", "between 0.5 and 1 (exclusive)"),
        ("confidence=true", "between 0.5 and 1 (exclusive)"),
        ("target_fiscal_year=1999", "fiscal year from 2000 to 2100"),
        ("target_fiscal_year=2025.5", "fiscal year from 2000 to 2100"),
        ("target_fiscal_year=令和99年度", "fiscal year from 2000 to 2100"),
        ("hours_per_fte=0", "between 0 (exclusive) and 8784"),
        ("hours_per_fte=9000", "between 0 (exclusive) and 8784"),
        ("hourly_cost_yen=-3550", "a positive number of yen"),
        ("hourly_cost_yen=Infinity", "a positive number of yen"),
        ("min_cell_size=0", "1 or more"),
        ("min_cell_size=2.5", "1 or more"),
        ("leads=1", "from 2 to 24"),
        ("leads=false", "from 2 to 24"),
        ("weighting=raked", 'a weighting: "raking" or "none"'),
        ("weighting=null", 'a weighting: "raking" or "none"'),
    ],
)
def test_each_rule_states_what_it_accepts(item, expected):
    name, _, text = item.partition("=")
    with pytest.raises(RenderError) as info:
        plan.parse_assignments([item])
    assert str(info.value).startswith(f"-p {name}={text}: ")
    assert expected in str(info.value)


def test_good_values_pass_and_are_normalised():
    assert plan.parse_assignments(
        [
            "target_coverage=0.9",
            "target_coverage=1",
            "target_fiscal_year=令和7年度",
            "confidence=0.5",
            "hours_per_fte=8784",
            "hourly_cost_yen=4000.5",
            "min_cell_size=5",
            "leads=24",
            "weighting=none",
        ]
    ) == {
        "target_coverage": 1,
        "target_fiscal_year": 2025,
        "confidence": 0.5,
        "hours_per_fte": 8784,
        "hourly_cost_yen": 4000.5,
        "min_cell_size": 5,
        "leads": 24,
        "weighting": "none",
    }
    assert plan.parse_assignments(["target_coverage=null"]) == {"target_coverage": None}


def test_a_parameter_without_a_rule_takes_anything_but_nan_and_infinity():
    assert plan.parse_assignments(["label=<b>x</b>", "n=3", 'q="NaN"']) == {
        "label": "<b>x</b>",
        "n": 3,
        "q": "NaN",
    }
    for text in ("NaN", "-Infinity", "[1, NaN]", '{"a": Infinity}'):
        with pytest.raises(RenderError, match="NaN, Infinity and -Infinity are not accepted"):
            plan.parse_assignments([f"label={text}"])


def test_reserved_parameters_name_their_option():
    with pytest.raises(RenderError, match="--fiscal-year"):
        plan.parse_assignments(["fiscal_year=2099"])


def _info() -> plan.NotebookInfo:
    return plan.notebook_info(paths.NOTEBOOKS_DIR / "01_online_procedures.ipynb")


def test_build_parameters_checks_values_given_by_a_library_caller():
    info = _info()
    with pytest.raises(
        RenderError, match=re.escape(f"-p target_coverage=NaN: {parameters.NON_FINITE}")
    ):
        plan.build_parameters(info, 2023, paths.PUBLISHED_DIR, {"target_coverage": math.nan})
    with pytest.raises(RenderError, match=re.escape("-p target_coverage=true: expected a share")):
        plan.build_parameters(info, 2023, paths.PUBLISHED_DIR, {"target_coverage": True})
    params = plan.build_parameters(
        info, 2023, paths.PUBLISHED_DIR, {"target_coverage": 0.8, "target_fiscal_year": "R8"}
    )
    assert params["target_coverage"] == 0.8 and params["target_fiscal_year"] == 2026


@pytest.mark.parametrize("year", [2099, 1900, 1999, NEXT_FY + 1])
def test_fiscal_years_outside_the_plausible_range_are_refused(year):
    expected = f"fiscal year {year}: expected a fiscal year from 2000 to {NEXT_FY}"
    with pytest.raises(RenderError, match=re.escape(expected)):
        plan.build_parameters(_info(), year, paths.PUBLISHED_DIR, {})


def test_the_latest_fiscal_year_is_the_next_one_as_for_the_data(monkeypatch):
    monkeypatch.delenv("SUGIDX_MAX_FISCAL_YEAR", raising=False)
    assert parameters.latest_fiscal_year(dt.date(2026, 3, 31)) == 2026
    assert parameters.latest_fiscal_year(dt.date(2026, 4, 1)) == 2027
    for year in (2000, NEXT_FY):
        assert plan.build_parameters(_info(), year, paths.PUBLISHED_DIR, {})["fiscal_year"] == year
    with pytest.raises(RenderError, match="the next fiscal year; SUGIDX_MAX_FISCAL_YEAR allows"):
        plan.build_parameters(_info(), NEXT_FY + 1, paths.PUBLISHED_DIR, {})
    # the limit that lets validation accept later years in the data lets render accept them
    monkeypatch.setenv("SUGIDX_MAX_FISCAL_YEAR", "2099")
    assert plan.build_parameters(_info(), 2099, paths.PUBLISHED_DIR, {})["fiscal_year"] == 2099
    with pytest.raises(RenderError, match=r"from 2000 to 2099 \(the limit SUGIDX_MAX_FISCAL_"):
        plan.build_parameters(_info(), 2100, paths.PUBLISHED_DIR, {})


def test_render_refuses_a_fiscal_year_out_of_range_before_anything_runs(tmp_path, capsys):
    out = tmp_path / "reports"
    code = main(["render", "--fiscal-year", "2099", "--notebooks", "01", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"fiscal year 2099: expected a fiscal year from 2000 to {NEXT_FY}" in err
    assert not (out / "FY2099").exists()


def test_render_refuses_a_bad_parameter_before_anything_runs(tmp_path, capsys):
    out = tmp_path / "reports"
    args = ["render", "--fiscal-year", "2023", "--notebooks", "01", "--out", str(out)]
    assert main([*args, "-p", "target_coverage=Infinity"]) == 1
    err = capsys.readouterr().err
    assert f"sugidx render: -p target_coverage=Infinity: {parameters.NON_FINITE}" in err
    assert SHARE in err and "Traceback" not in err
    assert not out.exists()


# --- the theme dataclasses refuse the same values when a notebook is run by hand -------------


def _accepts(make, value) -> bool:
    try:
        make(value)
    except MetricInputError:
        return False
    return True


def _rule_accepts(name: str, value) -> bool:
    try:
        parameters.check_value(name, value)
    except RenderError:
        return False
    return True


BAD_NUMBERS = [math.nan, math.inf, -math.inf, True, False, "0.9", -0.5, 0]


@pytest.mark.parametrize(
    ("name", "make", "values"),
    [
        (
            "target_coverage",
            lambda v: OnlineParams(2023, 2025, v),
            [*BAD_NUMBERS, 0.9, 1, 1.5, 1.0],
        ),
        ("confidence", lambda v: SurveyParams(2024, confidence=v), [*BAD_NUMBERS, 0.5, 0.95, 1]),
        ("confidence", lambda v: StandardizationParams(2024, v), [*BAD_NUMBERS, 0.49, 0.999]),
        ("confidence", lambda v: CashlessParams(2024, v), [*BAD_NUMBERS, 0.9, 1.0]),
        ("leads", lambda v: CashlessParams(2024, leads=v), [*BAD_NUMBERS, 1, 2, 24, 25, 6.0]),
        ("min_cell_size", lambda v: SurveyParams(2024, min_cell_size=v), [*BAD_NUMBERS, 1, 10]),
        ("hours_per_fte", lambda v: RpaParams(2022, hours_per_fte=v), [*BAD_NUMBERS, 8784, 8785]),
        ("hourly_cost_yen", lambda v: RpaParams(2022, hourly_cost_yen=v), [*BAD_NUMBERS, 3550]),
        ("weighting", lambda v: SurveyParams(2024, weighting=v), [*WEIGHTINGS, "raked", None]),
    ],
)
def test_the_params_dataclasses_agree_with_the_table(name, make, values):
    for value in values:
        assert _accepts(make, value) == _rule_accepts(name, value), (name, value)


# --- sugidx synth --seed ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["-5", str(2**32), "99999999999999999999"])
def test_synth_refuses_a_seed_out_of_range_without_a_traceback(seed, tmp_path, capsys):
    assert main(["synth", "--seed", seed, "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"sugidx synth: the seed must be {examples.SEED_EXPECTED}; got {seed}" in err
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize("seed", ["1.5", "abc", ""])
def test_synth_refuses_a_seed_that_is_no_whole_number_in_argparse(seed, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["synth", "--seed", seed, "--out", str(tmp_path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --seed" in err and "whole number" in err and "Traceback" not in err


def test_check_seed_accepts_32_bit_whole_numbers_only():
    assert examples.check_seed(0) == 0
    assert examples.check_seed(2**32 - 1) == 2**32 - 1
    for bad in (-1, 2**32, True, 1.0, "7", None):
        with pytest.raises(SugidxError, match="0 or more, at most 4,294,967,295"):
            examples.check_seed(bad)
