"""Monthly cashless records read against the published launches: every problem named, the
launch months, and the monthly series."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sugidx_analysis.catalogue import load_dataset
from sugidx_analysis.errors import DataValidationError
from sugidx_analysis.themes.cashless import records

FILE = "cashless_monthly.csv"
MAIN, BRANCH = "区民課窓口（本庁舎）", "区民事務所"
HEADER = (
    "fiscal_year,month,window,rollout,transactions,cashless_transactions,fees_yen,"
    "cashless_fees_yen,synthetic"
)
# Lines 2–5: the main office, launched 2023-12; lines 6–7: a branch, launched 2024-10.
VALID = f"""{HEADER}
2023,2023-10,本庁,{MAIN},100,0,35000,0,true
2023,2023-11,本庁,{MAIN},100,0,35000,0,true
2023,2023-12,本庁,{MAIN},100,30,35000,11000,true
2023,2024-01,本庁,{MAIN},200,50,70000,20000,true
2023,2023-12,支所1,{BRANCH},50,0,15000,0,true
2023,2024-01,支所1,{BRANCH},50,0,15000,0,true
"""


def _load(tmp_path, text: str) -> pd.DataFrame:
    folder = tmp_path / "monthly"
    folder.mkdir(exist_ok=True)
    (folder / FILE).write_text(text, encoding="utf-8")
    return load_dataset("cashless_monthly", folder)


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return load_dataset("cashless")


@pytest.fixture
def monthly(tmp_path) -> pd.DataFrame:
    return _load(tmp_path, VALID)


def _problems(monthly: pd.DataFrame, published: pd.DataFrame) -> list[tuple]:
    return [(p.file, p.row, p.column, p.value) for p in records.check_monthly(monthly, published)]


def test_a_valid_file_has_no_problem(monthly, published):
    assert records.check_monthly(monthly, published) == []
    assert records.validated(monthly, published) is monthly
    assert list(monthly["month"]) == ["2023-10", "2023-11", "2023-12", "2024-01"] + [
        "2023-12",
        "2024-01",
    ]


def test_the_schema_reads_japanese_months_and_holds_the_bounds(tmp_path, published):
    era = VALID.replace("2023,2023-10,", "2023,令和5年10月,")
    assert _load(tmp_path, era)["month"].iloc[0] == "2023-10"
    # cashless above its whole is the schema's rule: loading refuses it
    over = VALID.replace("200,50,70000,20000", "200,250,70000,90000")
    with pytest.raises(DataValidationError) as caught:
        _load(tmp_path, over)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (5, "cashless_transactions"),
        (5, "cashless_fees_yen"),
    }


def test_a_gap_in_a_window_s_months(monthly, published):
    gap = monthly.drop(index=1)  # 本庁 2023-11
    (problem,) = records.check_monthly(gap, published)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        FILE,
        3,
        "month",
        "2023-12",
    )
    assert "2023-11, the month after 2023-10" in problem.expected
    assert "missing 2023-11" in problem.expected
    longer = monthly.drop(index=[1, 2])
    (problem,) = records.check_monthly(longer, published)
    assert problem.row == 3 and "missing 2023-11–2023-12" in problem.expected


def test_a_month_given_twice(monthly, published):
    twice = monthly.copy()
    twice.loc[1, "month"] = "2023-10"
    problems = records.check_monthly(twice, published)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        (FILE, 3, "month", "2023-10"),
        (FILE, 4, "month", "2023-12"),  # … and 2023-11 is then missing
    ]
    assert "also on line 2" in problems[0].expected


def test_a_day_is_not_a_month(monthly, published):
    day = monthly.copy()
    day.loc[1, "month"] = "2023-11-15"
    problems = _problems(day, published)
    assert (FILE, 3, "month", "2023-11-15") in problems
    assert (FILE, 4, "month", "2023-12") in problems  # the month it should be is missing
    assert len(problems) == 2


def test_fiscal_year_is_the_one_containing_the_month(monthly, published):
    wrong = monthly.copy()
    wrong.loc[3, "fiscal_year"] = 2024  # January 2024 is in FY2023
    (problem,) = records.check_monthly(wrong, published)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        FILE,
        5,
        "fiscal_year",
        2024,
    )
    assert problem.expected.startswith("2023, the fiscal year (April–March) containing 2024-01")


def test_a_rollout_without_a_published_launch(monthly, published):
    unknown = monthly.copy()
    unknown.loc[[4, 5], "rollout"] = "出張所"
    (problem,) = records.check_monthly(unknown, published)  # once per window, at its first row
    assert (problem.file, problem.row, problem.column, problem.value) == (
        FILE,
        6,
        "rollout",
        "出張所",
    )
    assert MAIN in problem.expected and BRANCH in problem.expected
    assert "2 row(s) of window 支所1" in problem.expected
    # a published window without an introduced month does not launch anything
    no_month = published.assign(
        introduced=published["introduced"].where(published["window"] != BRANCH)
    )
    assert _problems(monthly, no_month) == [(FILE, 6, "rollout", BRANCH)]


def test_a_window_whose_rollout_changes(monthly, published):
    changed = monthly.copy()
    changed.loc[5, "rollout"] = MAIN
    (problem,) = records.check_monthly(changed, published)
    assert (problem.file, problem.row, problem.column, problem.value) == (FILE, 7, "rollout", MAIN)
    assert "line 6" in problem.expected and BRANCH in problem.expected


def test_no_cashless_payment_before_the_launch(monthly, published):
    early = monthly.copy()
    early.loc[1, ["cashless_transactions", "cashless_fees_yen"]] = [5, 1500]  # 本庁 2023-11
    early.loc[5, "cashless_transactions"] = 1  # 支所1 2024-01, before its 2024-10 launch
    problems = records.check_monthly(early, published)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        (FILE, 3, "cashless_transactions", 5),
        (FILE, 3, "cashless_fees_yen", 1500),
        (FILE, 7, "cashless_transactions", 1),
    ]
    assert problems[0].expected == f"0 before window 本庁's launch in 2023-12 ({MAIN})"
    assert problems[2].expected == f"0 before window 支所1's launch in 2024-10 ({BRANCH})"


def test_cashless_is_part_of_the_whole_also_in_memory(monthly, published):
    over = monthly.copy()
    over.loc[2, "cashless_fees_yen"] = 40000  # fees_yen 35000
    over.loc[3, "cashless_transactions"] = 201  # transactions 200
    problems = records.check_monthly(over, published)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        (FILE, 4, "cashless_fees_yen", 40000),
        (FILE, 5, "cashless_transactions", 201),
    ]
    assert problems[0].expected.startswith("at most fees_yen (35,000)")


def test_every_problem_at_once_and_validated_raises(monthly, published):
    bad = monthly.drop(index=1).copy()
    bad.loc[3, "fiscal_year"] = 2024
    bad.loc[4, "rollout"] = "出張所"  # the branch's first row only: its rollout also changes
    problems = records.check_monthly(bad, published, file="mine.csv")
    assert {(p.file, p.row, p.column) for p in problems} == {
        ("mine.csv", 3, "month"),
        ("mine.csv", 4, "fiscal_year"),
        ("mine.csv", 5, "rollout"),
        ("mine.csv", 6, "rollout"),
    }
    assert [p.row for p in problems] == sorted(p.row for p in problems)
    with pytest.raises(DataValidationError) as caught:
        records.validated(bad, published, file="mine.csv")
    assert caught.value.problems == problems


def test_a_missing_required_column_is_the_only_problem(monthly, published):
    problems = records.check_monthly(monthly.drop(columns="rollout"), published)
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [(FILE, None, "rollout", None)]


def test_launches_are_the_published_introduced_months(monthly, published):
    assert records.launches(monthly, published) == {"本庁": "2023-12", "支所1": "2024-10"}
    # the launch months come from the published table itself
    stated = dict(zip(published["window"], published["introduced"], strict=True))
    assert records.launches(monthly, published)["本庁"] == stated[MAIN]
    without = published[published["window"] != BRANCH]
    assert records.launches(monthly, without) == {"本庁": "2023-12", "支所1": None}
    assert records.introduced_months(published) == {MAIN: "2023-12", BRANCH: "2024-10"}


def test_month_helpers():
    assert records.fiscal_year_of("2024-03") == 2023 and records.fiscal_year_of("2024-04") == 2024
    assert records.month_of("令和5年12月") == "2023-12" and records.month_of("2023-12-01") is None
    assert records.month_of(None) is None and records.month_of("12月") is None
    assert records.add_months("2024-12", 1) == "2025-01" and records.add_months("2024-01", -1) == (
        "2023-12"
    )
    assert records.months_apart("2023-12", "2024-10") == 10
    assert records.months_between("2024-11", "2025-02") == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]
    assert records.months_between("2025-02", "2024-11") == []


def test_monthly_series_on_a_hand_made_frame():
    frame = pd.DataFrame(
        {
            "fiscal_year": pd.array([2024, 2023, 2023, 2023], dtype="Int64"),
            "month": ["2024-04", "2024-03", "2024-03", "2024-03"],
            "window": ["支所", "支所", "本庁", "本庁"],
            "rollout": [BRANCH, BRANCH, MAIN, MAIN],
            "transactions": pd.array([100, 0, 60, 40], dtype="Int64"),
            "cashless_transactions": pd.array([30, 0, 20, 5], dtype="Int64"),
            "fees_yen": pd.array([35000, 0, 20000, 10000], dtype="Int64"),
            "cashless_fees_yen": pd.array([14000, 0, 7000, 2000], dtype="Int64"),
        }
    )
    series = records.monthly_series(frame)
    assert list(series.columns) == list(records.SERIES_COLUMNS)
    # windows in order of first appearance, months in order; rows of one month added up
    assert list(zip(series["window"], series["month"], strict=True)) == [
        ("支所", "2024-03"),
        ("支所", "2024-04"),
        ("本庁", "2024-03"),
    ]
    april = series.iloc[1]
    assert (april["transactions"], april["cashless"], april["cash"]) == (100, 30, 70)
    assert april["cashless_share"] == pytest.approx(0.3)
    assert april["cashless_fee_share"] == pytest.approx(14000 / 35000)
    assert april["fiscal_year"] == 2024
    added = series.iloc[2]
    assert (added["transactions"], added["cashless"], added["cash"]) == (100, 25, 75)
    assert added["cashless_share"] == pytest.approx(0.25)
    assert added["fees_yen"] == 30000 and added["cashless_fee_share"] == pytest.approx(0.3)
    empty = series.iloc[0]  # no transactions: no share
    assert empty["cash"] == 0 and math.isnan(empty["cashless_share"])
    assert math.isnan(empty["cashless_fee_share"])
    assert str(series["cash"].dtype) == "Int64" and series["cashless_share"].dtype == "float64"
    assert frame["transactions"].tolist() == [100, 0, 60, 40]  # the caller's frame untouched

    no_fees = records.monthly_series(frame.drop(columns=["fees_yen", "cashless_fees_yen"]))
    assert no_fees["fees_yen"].isna().all() and no_fees["cashless_fee_share"].isna().all()
    assert no_fees["cashless_share"].iloc[1] == pytest.approx(0.3)
    with pytest.raises(DataValidationError, match="transactions"):
        records.monthly_series(frame.drop(columns="transactions"))
