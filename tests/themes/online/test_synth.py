"""The synthetic example data reproduces the published online figures exactly."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sugidx_analysis import paths
from sugidx_analysis.catalogue import load_dataset
from sugidx_analysis.errors import DataValidationError, SugidxError
from sugidx_analysis.examples import write_examples
from sugidx_analysis.themes.online import metrics as online
from sugidx_analysis.themes.online import synth
from sugidx_analysis.themes.online.records import band_for, summarize, summarize_plan


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return load_dataset("online_procedures", paths.EXAMPLE_DIR)


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return load_dataset("online_summary")


def test_committed_example_summarises_to_published(records, published):
    got = summarize(records).set_index("fiscal_year")
    want = published.set_index("fiscal_year")
    for col in synth.CALIBRATED_COLUMNS:
        assert list(got[col]) == list(want[col]), col
    assert got.loc[2022, "procedures_online"] == 241
    assert got.loc[2023, "applications_not_online_ready"] == 257164
    assert got.loc[2023, "applications_paper"] == 2302198


def test_committed_example_reproduces_plan_bands(records):
    plan = summarize_plan(records, 2023).set_index("priority_band")
    assert list(plan["procedures_not_online"]) == [26, 54, 101, 234]
    assert list(plan["procedures_planned_online"]) == [19, 26, 37, 13]
    assert list(plan["procedures_planned_excluded"]) == [2, 0, 0, 0]
    # every band label agrees with the procedure's annual applications
    back = records[
        (records["fiscal_year"] == 2023) & records["online_capable"] & ~records["online_ready"]
    ]
    assert all(
        band_for(int(a)) == b
        for a, b in zip(back["applications_offline"], back["priority_band"], strict=True)
    )


def test_example_is_marked_synthetic_and_documented(records):
    assert records["synthetic"].all()
    readme = (paths.EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme and "sugidx synth online" in readme
    assert f"**{synth.DEFAULT_SEED}**" in readme


FICTIONAL_NAME = re.compile(r"手続[A-Z]+-\d{3}")
FICTIONAL_DEPARTMENT = re.compile(r"部署(0[1-9]|1[0-6])")


def _assert_plainly_fictional(frame: pd.DataFrame) -> None:
    assert frame["procedure_name"].map(FICTIONAL_NAME.fullmatch).notna().all()
    assert frame["department"].map(FICTIONAL_DEPARTMENT.fullmatch).notna().all()
    # one name per procedure, the same in both years, and no two procedures share it
    names = frame.drop_duplicates(["procedure_id", "procedure_name"])
    assert names["procedure_id"].is_unique and names["procedure_name"].is_unique
    for pid, name in zip(names["procedure_id"], names["procedure_name"], strict=True):
        assert name == synth.procedure_name(int(pid.removeprefix("P")))
    # one department per procedure
    assert frame.groupby("procedure_id")["department"].nunique().eq(1).all()


def test_committed_example_names_are_plainly_fictional(records):
    _assert_plainly_fictional(records)
    assert set(records["department"]) == {f"部署{i:02d}" for i in range(1, 17)}
    first = records[records["procedure_id"].isin(["P0001", "P0999", "P1000", "P2767"])]
    assert dict(zip(first["procedure_id"], first["procedure_name"], strict=True)) == {
        "P0001": "手続A-001",
        "P0999": "手続A-999",
        "P1000": "手続B-001",
        "P2767": "手続C-769",
    }
    text = (paths.EXAMPLE_DIR / synth.FILE_NAME).read_text(encoding="utf-8")
    for real in ("合成P", "課", "申請", "届", "証明書", "図書館", "保育", "保険"):
        assert real not in text, real
    for gone in ("SUBJECTS", "ACTIONS"):
        assert not hasattr(synth, gone)


def test_procedure_name_labels():
    assert synth.procedure_name(1) == "手続A-001"
    assert synth.procedure_name(999) == "手続A-999"
    assert synth.procedure_name(1000) == "手続B-001"
    assert synth.procedure_name(26 * 999) == "手続Z-999"
    assert synth.procedure_name(26 * 999 + 1) == "手続AA-001"
    with pytest.raises(SugidxError):
        synth.procedure_name(0)


def test_same_procedures_across_years(records):
    ids = {y: set(g["procedure_id"]) for y, g in records.groupby("fiscal_year")}
    assert ids[2022] <= ids[2023] and len(ids[2023] - ids[2022]) == 2767 - 2691
    wide = records.pivot(index="procedure_id", columns="fiscal_year", values="online_ready")
    assert not (wide[2022].fillna(False) & ~wide[2023]).any()  # online stays online


def test_generator_is_reproducible_and_matches_committed_file(records, tmp_path):
    (path,) = write_examples(["online"], tmp_path)
    assert path.read_bytes() == (paths.EXAMPLE_DIR / synth.FILE_NAME).read_bytes()
    # the folder's README holds every generator's section; this one's is written unchanged
    section = synth.readme_section()
    assert section in (tmp_path / "README.md").read_text(encoding="utf-8")
    assert section in (paths.EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    other = synth.generate(load_dataset("online_summary"), load_dataset("online_plan"), seed=7)
    assert not other.equals(records)  # another seed, other records …
    synth.check_calibration(
        other, load_dataset("online_summary"), load_dataset("online_plan")
    )  # … same totals
    _assert_plainly_fictional(other)  # … and names of the same fictional pattern
    again = synth.generate(load_dataset("online_summary"), load_dataset("online_plan"), seed=7)
    pd.testing.assert_frame_equal(again, other)  # the same seed gives the same records


def test_decomposition_on_example_adds_up_to_published_change(records, published):
    d = online.usage_decomposition(records, 2022, 2023)
    assert round(d.total_change * 100, 1) == 3.5
    ch = online.change(online.measures(published), 2022, 2023)
    assert abs(d.total_change * 100 - ch.points("usage")) < 1e-9
    assert d.procedures_continuing == 241 and d.procedures_newly_online == 61
    c = online.offline_concentration(records, 2023)
    assert c.procedures == 415 and c.applications == 257164
    assert c.table.set_index("top_n").loc[26, "applications"] >= 26 * 1000


def test_calibration_check_catches_a_wrong_file(records, published):
    broken = records.copy()
    idx = broken.index[(broken["fiscal_year"] == 2023) & broken["online_ready"]][0]
    broken.loc[idx, "applications_offline"] += 1
    with pytest.raises(SugidxError, match="applications_paper"):
        synth.check_calibration(broken, published, load_dataset("online_plan"))


def test_summarize_rejects_online_applications_of_offline_procedure():
    bad = pd.DataFrame(
        {
            "fiscal_year": [2023],
            "procedure_id": ["p"],
            "online_capable": [True],
            "online_ready": [False],
            "applications_online": [3],
            "applications_offline": [1],
        }
    )
    with pytest.raises(DataValidationError, match="not online"):
        summarize(bad)


def test_allocate_is_exact_and_respects_caps():
    import numpy as np

    out = synth._allocate(1001, np.array([1.0, 1.0, 1.0]), caps=np.array([500, 10, 1000]))
    assert out.sum() == 1001 and out[1] <= 10
    with pytest.raises(SugidxError):
        synth._allocate(100, np.ones(2), caps=np.array([10, 10]))
