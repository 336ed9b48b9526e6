"""Record-level RPA / AI-OCR processes (``rpa_processes``) → the ward's published table.

:func:`saved_hours` is the one definition of a record's hours saved (stated, or hours before
minus hours after); :func:`summarize` turns records into an ``rpa_summary`` frame and
:func:`compare_with_published` says where such totals fall outside a published figure — inside
the interval a 「約」 figure allows counts as agreement.
"""

from __future__ import annotations

import math

import pandas as pd

from ... import approx
from ...errors import DataValidationError, Problem

NAME = "rpa_processes"
REQUIRED = ("fiscal_year", "process_id", "tool", "stage")
# A stage of the records → the scope of rpa_summary (retired processes save nothing).
SCOPE_OF_STAGE = {"production": "production", "pilot": "pilot"}
# Tools of a scope's processes → the family rpa_summary names.
AI_OCR_AND_RPA, RPA_ONLY = "AI-OCR/RPA", "RPA"
# hours_before − hours_after may differ from hours_saved by rounding of a decimal hour.
HOURS_TOLERANCE = 0.05


def _hours(records: pd.DataFrame, column: str) -> pd.Series:
    if column not in records.columns:
        return pd.Series(math.nan, index=records.index, dtype="float64")
    return records[column].astype("Float64").astype("float64")


def _problem(column: str, value: object, expected: str) -> Problem:
    return Problem(NAME, None, column, value, expected)


def _check(records: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED if c not in records.columns]
    if missing:
        raise DataValidationError(
            [_problem(c, None, f"a required column of {NAME}") for c in missing]
        )
    before, after, saved = (
        _hours(records, c) for c in ("hours_before", "hours_after", "hours_saved")
    )
    problems = []
    stated = before.notna() & after.notna() & saved.notna()
    off = stated & ((before - after - saved).abs() > HOURS_TOLERANCE)
    for idx in records.index[off]:
        problems.append(
            _problem(
                "hours_saved",
                saved[idx],
                f"hours_before − hours_after = {before[idx] - after[idx]:g} for process "
                f"{records.at[idx, 'process_id']} (FY{records.at[idx, 'fiscal_year']})",
            )
        )
    production = records["stage"] == "production"
    no_hours = production & saved.isna() & (before.isna() | after.isna())
    for idx in records.index[no_hours]:
        problems.append(
            _problem(
                "hours_saved",
                None,
                f"hours saved (or hours_before and hours_after) for process "
                f"{records.at[idx, 'process_id']} in production in "
                f"FY{records.at[idx, 'fiscal_year']}",
            )
        )
    if problems:
        raise DataValidationError(problems)


def saved_hours(records: pd.DataFrame) -> pd.Series:
    """Hours saved per record: ``hours_saved`` where stated, else ``hours_before −
    hours_after`` (NaN where neither is known).

    Raises
    ------
    DataValidationError
        when a required column is missing, the three hour columns disagree, or a process in
        production has no hours saved.
    """
    _check(records)
    derived = _hours(records, "hours_before") - _hours(records, "hours_after")
    return _hours(records, "hours_saved").fillna(derived).rename("hours_saved")


def with_saved_hours(records: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``records`` whose ``hours_saved`` is filled by :func:`saved_hours`."""
    return records.assign(hours_saved=saved_hours(records))


def summarize(records: pd.DataFrame) -> pd.DataFrame:
    """The ``rpa_summary`` table of ``records``: per fiscal year and scope (production: hours
    realised; pilot: hours expected), the processes, their hours and the tool family
    (「AI-OCR/RPA」 when any process uses AI-OCR, else 「RPA」). Retired processes are left out.

    Raises
    ------
    DataValidationError
        as :func:`saved_hours`.
    """
    r = with_saved_hours(records)
    r = r[r["stage"].isin(list(SCOPE_OF_STAGE))]
    rows = []
    for (year, stage), group in r.groupby(["fiscal_year", "stage"], sort=True):
        pilot = stage == "pilot"
        hours = _hours(group, "expected_hours_saved") if pilot else group["hours_saved"]
        rows.append(
            {
                "fiscal_year": int(year),
                "scope": SCOPE_OF_STAGE[stage],
                "technology": RPA_ONLY if set(group["tool"]) == {"RPA"} else AI_OCR_AND_RPA,
                "processes": len(group),
                "hours_saved_per_year": float(hours.sum()) if hours.notna().any() else math.nan,
                "hours_basis": "expected" if pilot else "realised",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "fiscal_year",
            "scope",
            "technology",
            "processes",
            "hours_saved_per_year",
            "hours_basis",
        ],
    )


def compare_with_published(
    summarised: pd.DataFrame, published: pd.DataFrame | None
) -> list[tuple[int, str, str, float, float, bool]]:
    """Where record-level totals differ from the published table, as ``(fiscal_year, scope,
    column, from records, published, published is approximate)`` for the years and scopes both
    have. Hours within the interval a 「約」 figure allows agree; processes must be equal."""
    if published is None or summarised.empty:
        return []
    out = []
    mine = summarised.set_index(["fiscal_year", "scope"])
    for _, row in published.iterrows():
        key = (int(row["fiscal_year"]), row["scope"])
        if key not in mine.index:
            continue
        got = mine.loc[key]
        if int(got["processes"]) != int(row["processes"]):
            out.append((*key, "processes", float(got["processes"]), float(row["processes"]), False))
        stated_hours = row.get("hours_saved_per_year")
        if pd.isna(stated_hours) or pd.isna(got["hours_saved_per_year"]):
            continue
        flag = row.get("approximate")
        is_approx = bool(flag) if flag is not None and pd.notna(flag) else False
        allowed = approx.stated(float(stated_hours), is_approx)
        value = float(got["hours_saved_per_year"])
        if not allowed.low <= value < allowed.high + (0 if is_approx else 1e-9):
            out.append((*key, "hours_saved_per_year", value, float(stated_hours), is_approx))
    return out
