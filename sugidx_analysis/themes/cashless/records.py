"""Record-level cashless payments (``cashless_monthly``) read against the published launches
(``cashless``).

:func:`check_monthly` lists every way a monthly file breaks the rules its schema cannot express
and :func:`validated` raises with that list; :func:`launches` gives each window's launch month
from the published table; :func:`monthly_series` gives, per window and month, the transactions
paid cashless and in cash and the cashless shares. Estimating a launch's effect belongs to the
theme's metrics.

Row numbers in problems are spreadsheet lines (:class:`~sugidx_analysis.errors.Problem`): the
n-th row of a frame is line n + 1, the header being line 1.
"""

from __future__ import annotations

import math

import pandas as pd

from ... import jp
from ...errors import DataValidationError, ParseError, Problem
from .schema import CASHLESS_MONTHLY

MONTHLY_FILE = "cashless_monthly.csv"
FIRST_LINE = 2  # the spreadsheet line of a frame's first row (the header is line 1)
FIRST_FISCAL_MONTH = 4  # a fiscal year runs April–March
FEE_COLUMNS = ("fees_yen", "cashless_fees_yen")
SERIES_COLUMNS = (
    "window",
    "month",
    "fiscal_year",
    "transactions",
    "cashless",
    "cash",
    "cashless_share",
    "fees_yen",
    "cashless_fees_yen",
    "cashless_fee_share",
)


def _line(position: int) -> int:
    return position + FIRST_LINE


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def month_of(value: object) -> str | None:
    """A calendar month as ``YYYY-MM`` (「令和5年12月」 → ``2023-12``); None for an empty cell, a
    day (2023-12-05) or text that is no month."""
    if _missing(value):
        return None
    try:
        parsed = jp.parse_date(str(value))
    except ParseError:
        return None
    return str(parsed) if isinstance(parsed, jp.Month) else None


def _index(month: str) -> int:
    """Months since year 0: consecutive months differ by 1."""
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def add_months(month: str, n: int) -> str:
    """``month`` (YYYY-MM) moved by ``n`` months: ``2024-12`` + 1 → ``2025-01``."""
    return _month(_index(month) + n)


def months_apart(first: str, last: str) -> int:
    """Months from ``first`` to ``last`` (YYYY-MM): ``2023-12`` to ``2024-10`` → 10."""
    return _index(last) - _index(first)


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM, both included); empty when last < first."""
    return [_month(i) for i in range(_index(first), _index(last) + 1)]


def fiscal_year_of(month: str) -> int:
    """The fiscal year (April–March, as the year it starts) containing ``month`` (YYYY-MM):
    ``2024-03`` → 2023, ``2024-04`` → 2024."""
    year, number = (int(part) for part in month.split("-"))
    return year if number >= FIRST_FISCAL_MONTH else year - 1


def introduced_months(cashless: pd.DataFrame) -> dict[str, str]:
    """Window of the published ``cashless`` table → the month cashless payment was introduced
    there (the earliest stated, when several rows state one); windows without one are left out."""
    out: dict[str, str] = {}
    if cashless is None or not {"window", "introduced"} <= set(cashless.columns):
        return out
    for window, introduced in zip(cashless["window"], cashless["introduced"], strict=True):
        month = month_of(introduced)
        if _missing(window) or month is None:
            continue
        name = str(window).strip()
        if name not in out or _index(month) < _index(out[name]):
            out[name] = month
    return out


def _text(value: object) -> str:
    return "" if _missing(value) else str(value).strip()


def _count(value: object) -> float:
    """A cell as a number; NaN when empty or not a number."""
    if _missing(value):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def check_monthly(
    monthly: pd.DataFrame, cashless: pd.DataFrame, file: str = MONTHLY_FILE
) -> list[Problem]:
    """Every way ``monthly`` (``cashless_monthly``) breaks the rules beyond its schema, read
    against the published ``cashless`` table, each naming file, row (spreadsheet line),
    column, value and what was expected; empty when there is none.

    The problems: a month that is not a calendar month (a day, or no date); a window's month
    given twice, or a gap in a window's months; a fiscal_year that is not the one containing
    the month; a rollout that is not a window of ``cashless`` with an introduced month (named
    once per window, at its first row), or a window whose rollout changes; cashless
    transactions or fees before the window's launch month; cashless transactions above
    transactions, or cashless fees above fees (the schema's bounds, repeated for frames that
    were not read through it). A missing required column is the only problem then reported.
    """
    missing = [c for c in CASHLESS_MONTHLY.required if c not in monthly.columns]
    if missing:
        return [
            Problem(file, None, c, None, f"a required column of {CASHLESS_MONTHLY.name}")
            for c in missing
        ]
    r = monthly.reset_index(drop=True)
    launched = introduced_months(cashless)
    problems: list[Problem] = []
    months: list[str | None] = []
    for position, (value, year) in enumerate(zip(r["month"], r["fiscal_year"], strict=True)):
        month = month_of(value)
        months.append(month)
        line = _line(position)
        if month is None:
            problems.append(
                Problem(file, line, "month", value, "a calendar month such as 2023-12 (YYYY-MM)")
            )
            continue
        expected = fiscal_year_of(month)
        if _count(year) != expected:
            problems.append(
                Problem(
                    file,
                    line,
                    "fiscal_year",
                    year,
                    f"{expected}, the fiscal year (April–March) containing {month}",
                )
            )

    windows = r["window"].map(_text)
    rollouts = r["rollout"].map(_text)
    known = ", ".join(launched) or "none"
    for window in dict.fromkeys(windows):
        rows = r.index[windows == window]
        first = int(rows[0])
        rollout = rollouts[first]
        if rollout not in launched:
            problems.append(
                Problem(
                    file,
                    _line(first),
                    "rollout",
                    rollout or None,
                    "a window of the published cashless table with an introduced month "
                    f"({known}); {len(rows)} row(s) of window {window} have this one",
                )
            )
        for position in rows[1:]:
            if rollouts[position] != rollout:
                problems.append(
                    Problem(
                        file,
                        _line(int(position)),
                        "rollout",
                        rollouts[position] or None,
                        f"the same rollout on every row of window {window} (its first row, "
                        f"line {_line(first)}, says {rollout!r})",
                    )
                )
                break
        dated = sorted((_index(months[p]), int(p)) for p in rows if months[int(p)] is not None)
        for (before, p_before), (after, p_after) in zip(dated, dated[1:], strict=False):
            if after == before:
                problems.append(
                    Problem(
                        file,
                        _line(p_after),
                        "month",
                        months[p_after],
                        f"each month once per window: {months[p_after]} of window {window} is "
                        f"also on line {_line(p_before)}",
                    )
                )
            elif after > before + 1:
                gap = _month(before + 1) + (
                    f"–{_month(after - 1)}" if after - 1 > before + 1 else ""
                )
                problems.append(
                    Problem(
                        file,
                        _line(p_after),
                        "month",
                        months[p_after],
                        f"{_month(before + 1)}, the month after {_month(before)}: window "
                        f"{window}'s months have no gap (missing {gap})",
                    )
                )

        launch = launched.get(rollout)
        if launch is None:
            continue
        for position in rows:
            p = int(position)
            if months[p] is None or _index(months[p]) >= _index(launch):
                continue
            for column in ("cashless_transactions", "cashless_fees_yen"):
                if column in r.columns and _count(r.at[p, column]) > 0:
                    problems.append(
                        Problem(
                            file,
                            _line(p),
                            column,
                            r.at[p, column],
                            f"0 before window {window}'s launch in {launch} ({rollout})",
                        )
                    )

    for part, whole in (
        ("cashless_transactions", "transactions"),
        ("cashless_fees_yen", "fees_yen"),
    ):
        if not {part, whole} <= set(r.columns):
            continue
        for position, (p, w) in enumerate(zip(r[part], r[whole], strict=True)):
            if _count(p) > _count(w):
                problems.append(
                    Problem(
                        file,
                        _line(position),
                        part,
                        p,
                        f"at most {whole} ({_count(w):,.0f}): what was paid cashless is part "
                        "of what was paid",
                    )
                )
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: p.row or 0)


def validated(
    monthly: pd.DataFrame, cashless: pd.DataFrame, file: str = MONTHLY_FILE
) -> pd.DataFrame:
    """``monthly`` itself when it keeps to the rules :func:`check_monthly` checks.

    Raises
    ------
    DataValidationError
        listing every problem :func:`check_monthly` finds.
    """
    problems = check_monthly(monthly, cashless, file)
    if problems:
        raise DataValidationError(problems)
    return monthly


def launches(monthly: pd.DataFrame, cashless: pd.DataFrame) -> dict[str, str | None]:
    """Each window of ``monthly`` (in order of first appearance) → its launch month (YYYY-MM):
    the introduced month of its rollout (on its first row) in the published ``cashless``
    table; None when the table has no introduced month for that rollout."""
    launched = introduced_months(cashless)
    out: dict[str, str | None] = {}
    for window, rollout in zip(monthly["window"], monthly["rollout"], strict=True):
        name = _text(window)
        if name not in out:
            out[name] = launched.get(_text(rollout))
    return out


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole as float64; NaN where the whole is 0 or either is missing."""
    p = part.astype("Float64").astype("float64")
    w = whole.astype("Float64").astype("float64")
    return (p / w.where(w > 0)).astype("float64")


def monthly_series(monthly: pd.DataFrame) -> pd.DataFrame:
    """Per window (in order of first appearance) and month: transactions, ``cashless``
    (transactions paid cashless), ``cash`` (transactions − cashless), ``cashless_share`` (by
    count), fees and ``cashless_fee_share`` (by yen). Rows of the same window and month are
    added up. Counts and yen are Int64 (<NA> for fees a frame does not have); shares float64,
    NaN where the denominator is 0 or missing.

    Raises
    ------
    DataValidationError
        when ``window``, ``month``, ``transactions`` or ``cashless_transactions`` is missing.
    """
    missing = [
        c
        for c in ("window", "month", "transactions", "cashless_transactions")
        if c not in monthly.columns
    ]
    if missing:
        raise DataValidationError(
            [
                Problem(
                    MONTHLY_FILE, None, c, None, f"a required column of {CASHLESS_MONTHLY.name}"
                )
                for c in missing
            ]
        )
    frame = pd.DataFrame(
        {
            "window": monthly["window"].map(_text),
            "month": monthly["month"].map(lambda v: month_of(v) or _text(v)),
            "fiscal_year": (
                monthly["fiscal_year"].astype("Int64")
                if "fiscal_year" in monthly.columns
                else pd.array([pd.NA] * len(monthly), dtype="Int64")
            ),
            "transactions": monthly["transactions"].astype("Int64"),
            "cashless": monthly["cashless_transactions"].astype("Int64"),
        },
        index=monthly.index,
    )
    for column in FEE_COLUMNS:
        frame[column] = (
            monthly[column].astype("Int64")
            if column in monthly.columns
            else pd.array([pd.NA] * len(monthly), dtype="Int64")
        )
    order = {w: i for i, w in enumerate(dict.fromkeys(frame["window"]))}
    grouped = frame.groupby(["window", "month"], sort=False)
    out = grouped[["transactions", "cashless", *FEE_COLUMNS]].sum(min_count=1)
    out["fiscal_year"] = grouped["fiscal_year"].first()
    out = out.reset_index()
    out["cash"] = out["transactions"] - out["cashless"]
    out["cashless_share"] = _share(out["cashless"], out["transactions"])
    out["cashless_fee_share"] = _share(out["cashless_fees_yen"], out["fees_yen"])
    out["_order"] = out["window"].map(order)
    out = out.sort_values(["_order", "month"], kind="stable").reset_index(drop=True)
    for column in ("transactions", "cashless", "cash", "fiscal_year", *FEE_COLUMNS):
        out[column] = out[column].astype("Int64")
    out["window"] = out["window"].astype("string")
    out["month"] = out["month"].astype("string")
    return out[list(SERIES_COLUMNS)]
