"""The synthetic RPA example data reproduces the published FY2022 figures."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sugidx_analysis import approx, paths, tiers
from sugidx_analysis.catalogue import load_dataset, load_inputs
from sugidx_analysis.errors import SugidxError
from sugidx_analysis.examples import write_examples
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.rpa import synth
from sugidx_analysis.themes.rpa.records import saved_hours, summarize
from sugidx_analysis.themes.rpa.schema import STAGES, TOOLS


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return load_dataset("rpa_processes", paths.EXAMPLE_DIR)


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return load_dataset("rpa_summary")


def _published_row(published: pd.DataFrame, scope: str) -> pd.Series:
    rows = published[(published["fiscal_year"] == 2022) & (published["scope"] == scope)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_committed_example_reproduces_the_published_fy2022_rows(records, published):
    got = summarize(records).set_index(["fiscal_year", "scope"])
    production, pilot = (_published_row(published, s) for s in ("production", "pilot"))
    # the published figures themselves: 27 processes 約5,200 hours, 6 pilots 約1,300 expected
    assert (production["processes"], production["hours_saved_per_year"]) == (27, 5200)
    assert (pilot["processes"], pilot["hours_saved_per_year"]) == (6, 1300)
    assert production["approximate"] and pilot["approximate"]

    prod = got.loc[(2022, "production")]
    assert prod["processes"] == 27 and prod["hours_basis"] == "realised"
    assert 5150 <= prod["hours_saved_per_year"] < 5250
    assert prod["hours_saved_per_year"] != 5200  # drawn inside the interval, not the figure
    piloted = got.loc[(2022, "pilot")]
    assert piloted["processes"] == 6 and piloted["hours_basis"] == "expected"
    assert 1250 <= piloted["hours_saved_per_year"] < 1350
    assert piloted["hours_saved_per_year"] != 1300
    for scope, row in (("production", production), ("pilot", pilot)):
        allowed = approx.stated(float(row["hours_saved_per_year"]), True)
        assert allowed.low <= got.loc[(2022, scope), "hours_saved_per_year"] < allowed.high
        assert got.loc[(2022, scope), "technology"] == row["technology"] == "AI-OCR/RPA"
    synth.check_calibration(records, published)


def test_committed_example_is_consistent_record_data(records):
    assert records["synthetic"].all()
    assert list(records.columns) == list(synth.COLUMNS)
    assert set(records["tool"]) == set(TOOLS) and set(records["stage"]) <= set(STAGES)
    assert set(records["fiscal_year"]) == {2022, 2023}
    assert records[["fiscal_year", "process_id"]].drop_duplicates().shape[0] == len(records)
    stated = records.dropna(subset=["hours_before", "hours_after", "hours_saved"])
    assert (stated["hours_before"] - stated["hours_after"] == stated["hours_saved"]).all()
    assert (stated["hours_saved"] == stated["hours_saved"].round()).all()  # whole hours
    saved = saved_hours(records)
    production = records["stage"] == "production"
    assert saved[production].notna().all() and (saved[production] > 0).all()
    assert saved[~production].isna().all()  # pilots and retired processes realise nothing
    # costs on most production rows, missing on some
    costs = records.loc[production, ["licence_cost_yen", "build_hours"]]
    missing = costs.isna().any(axis=1)
    assert 0 < missing.sum() < len(costs) / 4
    known = costs[~missing]
    assert known["licence_cost_yen"].between(*synth.LICENCE_YEN).all()
    assert known["build_hours"].between(*synth.BUILD_HOURS).all()
    # skewed: the five largest processes carry a good share of FY2022's hours
    fy22 = saved[(records["fiscal_year"] == 2022) & production].sort_values(ascending=False)
    assert fy22.head(5).sum() / fy22.sum() > 0.4
    # the 27 production processes were introduced 2019–2022
    fy22_prod = records[(records["fiscal_year"] == 2022) & production]
    assert fy22_prod["introduced_fiscal_year"].between(2019, 2022).all()


def test_fy2023_continues_the_processes_and_the_pilots_outcome_differs(records):
    y1 = records[records["fiscal_year"] == 2022].set_index("process_id")
    y2 = records[records["fiscal_year"] == 2023].set_index("process_id")
    assert set(y1.index) == set(y2.index)
    prod1 = y1.index[y1["stage"] == "production"]
    assert set(y2.loc[prod1, "stage"]) <= {"production", "retired"}
    retired = y2.index[y2["stage"] == "retired"]
    assert len(retired) <= 1 and y2.loc[retired, "hours_saved"].isna().all()
    still = prod1.difference(retired)
    ratio = y2.loc[still, "hours_saved"] / y1.loc[still, "hours_saved"]
    assert ratio.between(0.85, 1.15).all()  # hours drift a little

    pilots = y1.index[y1["stage"] == "pilot"]
    assert len(pilots) == 6
    later = y2.loc[pilots]
    assert (later["stage"] == "production").all()
    assert (later["introduced_fiscal_year"] == 2023).all()
    assert (later["expected_hours_saved"] == y1.loc[pilots, "expected_hours_saved"]).all()
    realised, expected = later["hours_saved"], later["expected_hours_saved"]
    assert (realised != expected).all()
    assert (realised > expected).any() and (realised < expected).any()
    shortfall = 1 - realised.sum() / expected.sum()
    assert 0.10 <= shortfall <= 0.25
    fy23 = summarize(records).set_index(["fiscal_year", "scope"]).loc[(2023, "production")]
    assert fy23["processes"] == 27 - len(retired) + 6


FICTIONAL_NAME = re.compile(r"業務R-\d{2}")
FICTIONAL_DEPARTMENT = re.compile(r"部署(0[1-9]|1[0-2])")
FICTIONAL_ID = re.compile(r"R\d{3}")


def _assert_plainly_fictional(frame: pd.DataFrame) -> None:
    assert frame["process_name"].map(FICTIONAL_NAME.fullmatch).notna().all()
    assert frame["department"].map(FICTIONAL_DEPARTMENT.fullmatch).notna().all()
    assert frame["process_id"].map(FICTIONAL_ID.fullmatch).notna().all()
    names = frame.drop_duplicates(["process_id", "process_name"])
    assert names["process_id"].is_unique and names["process_name"].is_unique
    for pid, name in zip(names["process_id"], names["process_name"], strict=True):
        assert name == synth.process_name(int(pid.removeprefix("R")))
    assert frame.groupby("process_id")["department"].nunique().eq(1).all()
    assert frame.groupby("process_id")["tool"].nunique().eq(1).all()


def test_committed_example_names_are_plainly_fictional(records):
    _assert_plainly_fictional(records)
    text = (paths.EXAMPLE_DIR / synth.FILE_NAME).read_text(encoding="utf-8")
    for real in ("課", "支出", "学校", "保育", "申請", "税", "給与"):
        assert real not in text, real
    with pytest.raises(SugidxError):
        synth.process_name(0)


def test_generator_is_reproducible_and_matches_committed_file(records, published, tmp_path):
    (path,) = synth.write(tmp_path)
    committed = (paths.EXAMPLE_DIR / synth.FILE_NAME).read_bytes()
    assert path.read_bytes() == committed
    assert b"\r\n" not in committed and b",true\n" in committed and b".0," not in committed
    pd.testing.assert_frame_equal(synth.generate(published), synth.generate(published))

    other = synth.generate(published, seed=7)
    assert not other.equals(synth.generate(published))  # another seed, other records …
    synth.check_calibration(other, published)  # … the same published figures
    _assert_plainly_fictional(other)


def test_readme_section_documents_the_seed(tmp_path):
    write_examples(["rpa"], tmp_path)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert synth.readme_section() in readme
    committed = (paths.EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert synth.readme_section() in committed
    assert f"**{synth.DEFAULT_SEED}**" in committed and "sugidx synth rpa" in committed
    assert synth.DEFAULT_SEED == 20242


def test_calibration_check_catches_a_wrong_file(records, published):
    fy22_prod = records.index[(records["fiscal_year"] == 2022) & (records["stage"] == "production")]
    with pytest.raises(SugidxError, match="production processes"):
        synth.check_calibration(records.drop(fy22_prod[0]), published)
    inflated = records.copy()
    inflated.loc[fy22_prod[0], ["hours_before", "hours_saved"]] += 200
    with pytest.raises(SugidxError, match="hours_saved_per_year"):
        synth.check_calibration(inflated, published)
    no_pilots = records[~((records["fiscal_year"] == 2022) & (records["stage"] == "pilot"))]
    with pytest.raises(SugidxError, match="pilot: no records"):
        synth.check_calibration(no_pilots, published)


def test_generator_refuses_a_table_without_the_published_rows(published):
    with pytest.raises(SugidxError, match="pilot"):
        synth.generate(published[published["scope"] != "pilot"])
    with pytest.raises(SugidxError, match="0 or more"):
        synth.generate(published, seed=-1)


def test_committed_file_loads_as_synthetic_input():
    inputs = load_inputs(get_theme("rpa"))
    loaded = inputs["rpa_processes"]
    assert loaded.ok and loaded.tier == tiers.SYNTHETIC
    assert loaded.path == paths.EXAMPLE_DIR / synth.FILE_NAME
    assert inputs["rpa_summary"].tier == tiers.PUBLISHED
