"""The synthetic monthly cashless example keeps to the published launches and shares."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from sugidx_analysis import assumptions, examples, paths, themes, tiers
from sugidx_analysis.catalogue import get_dataset, load_dataset
from sugidx_analysis.datasets.load import load_optional
from sugidx_analysis.errors import SugidxError
from sugidx_analysis.themes.cashless import records, synth

BRANCH_NAME = re.compile(r"区民事務所[Ａ-Ｚ]（架空）")


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return load_dataset("cashless")


@pytest.fixture(scope="module")
def monthly() -> pd.DataFrame:
    return load_dataset("cashless_monthly", paths.EXAMPLE_DIR)


@pytest.fixture(scope="module")
def series(monthly) -> pd.DataFrame:
    return records.monthly_series(monthly)


def _stated(published: pd.DataFrame, window: str, column: str):
    """The one value of ``column`` the published table states for ``window``."""
    values = published.loc[published["window"] == window, column].dropna()
    assert len(values) == 1
    return values.iloc[0]


def test_anchors_are_the_published_figures(published):
    target = synth.targets(published)
    assert target.start_share == _stated(published, synth.START_WINDOW, "cashless_share")
    assert target.ceiling == _stated(published, synth.CEILING_WINDOW, "cashless_share")
    # the published figures themselves (seed 003: 14% and 62%; seed 004: 2023-12 and 2024-10)
    assert (target.start_share, target.ceiling) == (pytest.approx(0.14), pytest.approx(0.62))
    assert dict(target.launches) == {
        rollout: _stated(published, rollout, "introduced") for rollout in synth.ROLLOUTS
    }
    assert dict(target.launches) == {synth.MAIN_WINDOW: "2023-12", synth.BRANCH_ROLLOUT: "2024-10"}


def test_committed_example_is_a_full_panel(monthly):
    assert list(monthly.columns) == list(synth.COLUMNS)
    assert monthly["synthetic"].all()
    windows = list(dict.fromkeys(monthly["window"]))
    assert len(windows) == 8 and windows[0] == synth.MAIN_WINDOW
    months = records.months_between("2021-04", "2025-03")
    assert len(months) == 48
    for _, rows in monthly.groupby("window", sort=False):
        assert list(rows["month"]) == months
    assert sorted(set(monthly["fiscal_year"])) == [2021, 2022, 2023, 2024]
    assert (monthly["fiscal_year"] == monthly["month"].map(records.fiscal_year_of)).all()
    assert len(monthly) == 8 * 48


def test_committed_example_keeps_to_the_published_launches(monthly, published):
    assert records.check_monthly(monthly, published) == []
    synth.check_calibration(monthly, published)
    launch = records.launches(monthly, published)
    rollout = dict(zip(monthly["window"], monthly["rollout"], strict=True))
    for window, month in launch.items():
        # each window launches in the published month of its rollout …
        assert month == _stated(published, rollout[window], "introduced")
        rows = monthly[monthly["window"] == window]
        paid = rows.loc[rows["cashless_transactions"] > 0, "month"]
        assert paid.min() == month  # … pays cashless from that month on …
        before = rows[rows["month"] < month]
        assert (before["cashless_transactions"] == 0).all()  # … and never before
        assert (before["cashless_fees_yen"] == 0).all()
        assert (rows.loc[rows["month"] >= month, "cashless_transactions"] > 0).all()
    assert launch[synth.MAIN_WINDOW] == "2023-12"
    assert set(v for k, v in launch.items() if k != synth.MAIN_WINDOW) == {"2024-10"}


def test_shares_start_near_the_published_share_and_stay_below_the_ceiling(
    series, monthly, published
):
    start = _stated(published, synth.START_WINDOW, "cashless_share")
    ceiling = _stated(published, synth.CEILING_WINDOW, "cashless_share")
    launch = records.launches(monthly, published)
    assert series["cashless_share"].max() <= ceiling
    for window, month in launch.items():
        mine = series[series["window"] == window].set_index("month")["cashless_share"]
        assert mine[month] == pytest.approx(start, abs=synth.FIRST_SHARE_TOLERANCE)
        assert mine.loc[month:].max() <= ceiling
        # saturating: a year after launch well above the start, still short of the ceiling
        later = records.add_months(month, 12)
        if later in mine.index:
            assert start + 0.15 < mine[later] < ceiling
    main = series[series["window"] == synth.MAIN_WINDOW].set_index("month")
    assert 0.40 < main.at["2025-03", "cashless_share"] < ceiling
    branches = series[(series["window"] != synth.MAIN_WINDOW) & (series["month"] == "2025-03")]
    assert (
        branches["cashless_share"].between(start + 0.10, main.at["2025-03", "cashless_share"]).all()
    )


def test_volumes_seasonality_trend_and_fees(monthly, series):
    mean = series.groupby("window", sort=False)["transactions"].mean()
    assert 7_500 < mean[synth.MAIN_WINDOW] < 10_000
    assert mean.drop(synth.MAIN_WINDOW).between(1_300, 3_000).all()
    calendar = series["month"].str[5:].astype(int)
    share = series["transactions"] / series.groupby("window")["transactions"].transform("mean")
    by_month = share.groupby(calendar).mean()
    assert min(by_month[3], by_month[4]) > max(by_month[8], by_month[12], by_month[1])
    yearly = series.groupby("fiscal_year")["transactions"].sum()
    assert yearly[2024] < yearly[2021]  # the gentle downward trend
    # fees: 300–450 yen a transaction, multiples of 50 yen, cashless payers a little higher
    per = monthly["fees_yen"] / monthly["transactions"]
    assert per.between(300, 450).all()
    assert (monthly["fees_yen"] % synth.FEE_STEP == 0).all()
    assert (monthly["cashless_fees_yen"] <= monthly["fees_yen"]).all()
    paid = monthly[monthly["cashless_transactions"] > 0]
    cashless_fee = paid["cashless_fees_yen"].sum() / paid["cashless_transactions"].sum()
    cash = paid["transactions"] - paid["cashless_transactions"]
    cash_fee = (paid["fees_yen"] - paid["cashless_fees_yen"]).sum() / cash.sum()
    assert cash_fee < cashless_fee < 1.15 * cash_fee


def test_branch_names_are_plainly_fictional(monthly):
    branches = [w for w in dict.fromkeys(monthly["window"]) if w != synth.MAIN_WINDOW]
    assert branches == [synth.branch_name(i) for i in range(1, 8)]
    assert all(BRANCH_NAME.fullmatch(w) and "架空" in w for w in branches)
    assert synth.branch_name(1) == "区民事務所Ａ（架空）"
    assert synth.branch_name(7) == "区民事務所Ｇ（架空）"
    rollout = monthly.drop_duplicates("window").set_index("window")["rollout"]
    assert rollout[synth.MAIN_WINDOW] == synth.MAIN_WINDOW
    assert set(rollout[branches]) == {synth.BRANCH_ROLLOUT}
    with pytest.raises(SugidxError):
        synth.branch_name(0)


def test_generator_is_reproducible_and_matches_committed_file(monthly, published, tmp_path):
    (path,) = synth.write(tmp_path)
    committed = (paths.EXAMPLE_DIR / synth.FILE_NAME).read_bytes()
    assert path.read_bytes() == committed
    assert b"\r\n" not in committed and b",true\n" in committed and b".0," not in committed
    first = synth.generate(published)
    pd.testing.assert_frame_equal(first, synth.generate(published))
    pd.testing.assert_frame_equal(first, monthly)
    pd.testing.assert_frame_equal(first, synth.generate())  # None: the published table

    other = synth.generate(published, seed=7)
    assert not other.equals(first)  # another seed, other months …
    synth.check_calibration(other, published)  # … the same anchors
    assert list(other["window"]) == list(first["window"])


def test_a_panel_with_other_launches(published):
    panel = synth.generate(published, seed=3, launches={synth.BRANCH_ROLLOUT: "2024-04"})
    moved = pd.DataFrame({"window": list(synth.ROLLOUTS), "introduced": ["2023-12", "2024-04"]})
    for window, month in records.launches(panel, moved).items():
        rows = panel[panel["window"] == window]
        assert rows.loc[rows["cashless_transactions"] > 0, "month"].min() == month
    branch = panel[panel["window"] == synth.branch_name(1)]
    assert branch.loc[branch["month"] == "2024-04", "cashless_transactions"].item() > 0
    synth.check_calibration(panel, published, launches={synth.BRANCH_ROLLOUT: "2024-04"})
    with pytest.raises(SugidxError, match="before window 区民事務所Ａ（架空）'s launch"):
        synth.check_calibration(panel, published)  # not the published launch months
    # a launch after the panel: no cashless payment at all; other settings
    never = synth.generate(
        published,
        launches={synth.MAIN_WINDOW: "2026-04", synth.BRANCH_ROLLOUT: "2026-04"},
        params=synth.Params(first_month="2023-04", last_month="2024-03", branches=2),
    )
    assert len(never) == 3 * 12 and (never["cashless_transactions"] == 0).all()
    # the launch does not change the transactions: the same seed, the same volumes
    pd.testing.assert_series_equal(
        synth.generate(published, seed=5)["transactions"],
        synth.generate(published, seed=5, launches={synth.MAIN_WINDOW: "2022-04"})["transactions"],
    )


def test_calibration_check_catches_a_wrong_file(monthly, published):
    main = monthly["window"] == synth.MAIN_WINDOW
    early = monthly.copy()
    before = early.index[main & (early["month"] == "2023-11")][0]
    early.loc[before, "cashless_transactions"] = 10
    with pytest.raises(SugidxError, match="before window 区民課窓口（本庁舎）'s launch in 2023-12"):
        synth.check_calibration(early, published)
    late = monthly.copy()
    at_launch = late.index[main & (late["month"] == "2023-12")][0]
    late.loc[at_launch, ["cashless_transactions", "cashless_fees_yen"]] = 0
    with pytest.raises(SugidxError, match="cashless from 2024-01, not from the launch 2023-12"):
        synth.check_calibration(late, published)
    high = monthly.copy()
    high.loc[at_launch, "cashless_transactions"] = int(0.3 * high.at[at_launch, "transactions"])
    with pytest.raises(SugidxError, match="not within 5 points of 14%"):
        synth.check_calibration(high, published)
    last = high.index[main & (high["month"] == "2025-03")][0]
    over = monthly.copy()
    over.loc[last, "cashless_transactions"] = int(0.7 * over.at[last, "transactions"])
    with pytest.raises(SugidxError, match="above the ceiling 62%"):
        synth.check_calibration(over, published)
    real = monthly.replace({"window": {synth.branch_name(1): "区民事務所Ａ"}})
    with pytest.raises(SugidxError, match="fictional"):
        synth.check_calibration(real, published)
    with pytest.raises(SugidxError, match="synthetic = true"):
        synth.check_calibration(monthly.assign(synthetic=False), published)


def test_generator_refuses_bad_inputs(published):
    with pytest.raises(SugidxError, match="0 or more"):
        synth.generate(published, seed=-1)
    with pytest.raises(SugidxError, match="戸籍住民課・税務課"):
        synth.generate(published[published["window"] != synth.START_WINDOW])
    no_launch = published[published["window"] != synth.BRANCH_ROLLOUT]
    with pytest.raises(SugidxError, match="no introduced month for window '区民事務所'"):
        synth.generate(no_launch)
    with pytest.raises(SugidxError, match="must be a month"):
        synth.generate(published, launches={synth.BRANCH_ROLLOUT: "2024-10-01"})
    with pytest.raises(SugidxError, match="unknown rollouts"):
        synth.generate(published, launches={"出張所": "2024-10"})
    with pytest.raises(SugidxError, match="season"):
        synth.generate(published, params=synth.Params(season=(1.0,) * 11))


def test_settings_come_from_the_registry():
    assert synth.DEFAULT_SEED == assumptions.get("synth.cashless.seed").value == 20245
    assert synth.ADOPTION_MONTHS == assumptions.get("synth.cashless.adoption_months").value
    assert synth.ANNUAL_TREND == assumptions.get("synth.cashless.trend").value == -0.03
    assert synth.PARAMS.adoption_months == synth.ADOPTION_MONTHS
    assert np.mean(synth.SEASON) == pytest.approx(1.0)


def test_file_loads_through_the_schema_as_synthetic():
    dataset = get_dataset("cashless_monthly")
    assert dataset.record_level and dataset.key == ("month", "window")
    loaded = load_optional(dataset, paths.EXAMPLE_DIR)
    assert loaded.ok and loaded.tier == tiers.SYNTHETIC
    assert loaded.path == paths.EXAMPLE_DIR / synth.FILE_NAME


def test_seed_and_readme_section(monkeypatch, tmp_path):
    section = synth.readme_section()
    committed = (paths.EXAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert f"<!-- synth:cashless:start -->\n{section}<!-- synth:cashless:end -->" in committed
    assert "**20245**" in section and "sugidx synth cashless" in section
    assert "2023-12" in section and "2024-10" in section and "14%" in section
    assert "62%" in section and "架空" in section
    # regenerating the other themes' sections keeps this one, and it is up to date
    assert examples.assemble_readme(committed, {"cashless": section}) == committed
    assert section in examples.assemble_readme(committed, {"rpa": "## rpa\n"})
    # `sugidx synth cashless` writes the file and this section (registered here if the
    # registry does not have the theme yet)
    if "cashless" not in [t.name for t in examples.generators()]:
        theme = themes.Theme("cashless", "05_cashless", "キャッシュレス", ("cashless",), synth=True)
        monkeypatch.setattr(themes, "THEMES", (*themes.THEMES, theme))
        monkeypatch.setattr(examples, "THEMES", themes.THEMES)
    written = examples.write_examples(["cashless"], tmp_path)
    assert [p.name for p in written] == [synth.FILE_NAME]
    assert written[0].read_bytes() == (paths.EXAMPLE_DIR / synth.FILE_NAME).read_bytes()
    assert section in (tmp_path / "README.md").read_text(encoding="utf-8")
