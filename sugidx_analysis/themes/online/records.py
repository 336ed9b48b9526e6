"""Record-level online procedures (``online_procedures``) → the ward's published tables.

:func:`summarize` turns records into an ``online_summary`` frame, :func:`summarize_plan` into an
``online_plan`` frame, and :func:`compare_with_published` says where such totals differ from a
published table. :func:`backlog` is the one definition of the backlog: capable, not yet online.
"""

from __future__ import annotations

import pandas as pd

from ...errors import DataValidationError, MetricInputError, Problem
from .schema import BANDS

# The online_summary counts that summarising per-procedure records gives.
SUMMARY_COLUMNS = (
    "procedures_online",
    "procedures_not_online",
    "procedures_online_capable",
    "procedures_not_capable",
    "procedures_total",
    "applications_online_ready",
    "applications_online",
    "applications_paper",
    "applications_not_online_ready",
    "applications_total",
)

REQUIRED = ("fiscal_year", "procedure_id", "online_capable", "online_ready")


def band_for(applications: int) -> str:
    """Priority band of a procedure with ``applications`` a year: 1,000 → "S", 9 → "C"."""
    if applications < 0:
        raise MetricInputError(f"applications cannot be negative; got {applications}")
    for band, low, high, _ in BANDS:
        if applications >= low and (high is None or applications <= high):
            return band
    raise AssertionError("bands cover every non-negative count")  # pragma: no cover


def backlog(records: pd.DataFrame, fiscal_year: int | None = None) -> pd.Series:
    """Rows of procedures in the backlog — online-capable but not yet online — optionally of
    one fiscal year only (a boolean mask aligned with ``records``)."""
    mask = records["online_capable"].astype(bool) & ~records["online_ready"].astype(bool)
    if fiscal_year is not None:
        mask &= records["fiscal_year"] == fiscal_year
    return mask


def _check(records: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED if c not in records.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(
                    "online_procedures", None, c, None, "a required column of online_procedures"
                )
                for c in missing
            ]
        )
    problems = []
    ready = records["online_ready"].astype(bool)
    capable = records["online_capable"].astype(bool)
    if "applications_online" in records.columns:
        online = records["applications_online"].astype("Float64").fillna(0)
        for idx in records.index[(~ready) & (online > 0)]:
            problems.append(
                Problem(
                    "online_procedures",
                    None,
                    "applications_online",
                    int(online[idx]),
                    f"0 for procedure {records.at[idx, 'procedure_id']} "
                    f"(FY{records.at[idx, 'fiscal_year']}), which is not online",
                )
            )
    for idx in records.index[ready & ~capable]:
        problems.append(
            Problem(
                "online_procedures",
                None,
                "online_ready",
                True,
                f"false for procedure {records.at[idx, 'procedure_id']}, which "
                "is not online-capable",
            )
        )
    if problems:
        raise DataValidationError(problems)


def summarize(records: pd.DataFrame) -> pd.DataFrame:
    """The ``online_summary`` table (counts only, one row per fiscal year) of ``records``.

    Empty application counts are left out of the sums (not counted as zero); a sum with no
    counted value at all is empty.

    Raises
    ------
    DataValidationError
        when a required column is missing, a procedure that is not online has online
        applications, or a procedure is online without being online-capable.
    """
    _check(records)
    r = pd.DataFrame(
        {
            "fiscal_year": records["fiscal_year"].astype(int).to_numpy(),
            "capable": records["online_capable"].astype(bool).to_numpy(),
            "ready": records["online_ready"].astype(bool).to_numpy(),
        }
    )
    for col in ("applications_online", "applications_offline"):
        src = records[col] if col in records.columns else pd.Series(pd.NA, index=records.index)
        r[col] = src.astype("Float64").to_numpy()
    r["applications"] = r["applications_online"].fillna(0) + r["applications_offline"]
    r.loc[r["applications_offline"].isna() & r["applications_online"].isna(), "applications"] = (
        pd.NA
    )

    def total(mask: pd.Series, col: str) -> pd.Series:
        return r[mask].groupby("fiscal_year")[col].sum(min_count=1)

    years = pd.Index(sorted(r["fiscal_year"].unique()), name="fiscal_year")
    out = pd.DataFrame(index=years)
    out["procedures_online"] = r[r["ready"]].groupby("fiscal_year").size()
    out["procedures_not_online"] = r[backlog(records).to_numpy()].groupby("fiscal_year").size()
    out["procedures_not_capable"] = r[~r["capable"]].groupby("fiscal_year").size()
    for c in ("procedures_online", "procedures_not_online", "procedures_not_capable"):
        out[c] = out[c].fillna(0).astype("Int64")
    out["procedures_online_capable"] = out["procedures_online"] + out["procedures_not_online"]
    out["procedures_total"] = out["procedures_online_capable"] + out["procedures_not_capable"]
    out["applications_online"] = total(r["ready"], "applications_online")
    out["applications_paper"] = total(r["ready"], "applications_offline")
    out["applications_online_ready"] = total(r["ready"], "applications")
    out["applications_not_online_ready"] = total(~r["ready"], "applications")
    out["applications_total"] = r.groupby("fiscal_year")["applications"].sum(min_count=1)
    for c in [c for c in out.columns if c.startswith("applications_")]:
        out[c] = out[c].round().astype("Int64")
    return out[list(SUMMARY_COLUMNS)].reset_index()


def summarize_plan(records: pd.DataFrame, fiscal_year: int) -> pd.DataFrame:
    """The ``online_plan`` table for the year after ``fiscal_year``, from the records of
    procedures not online at the end of ``fiscal_year`` (their ``priority_band`` and
    ``planned_action``).

    Raises
    ------
    DataValidationError
        when a not-online procedure of that year has no priority_band.
    """
    _check(records)
    r = records[backlog(records, fiscal_year)]
    band = r["priority_band"] if "priority_band" in r.columns else pd.Series(pd.NA, index=r.index)
    if band.isna().any():
        raise DataValidationError(
            [
                Problem(
                    "online_procedures",
                    None,
                    "priority_band",
                    None,
                    f"a band (S, A, B or C) for every procedure not online in FY{fiscal_year}; "
                    f"{int(band.isna().sum())} have none",
                )
            ]
        )
    action = (
        r["planned_action"] if "planned_action" in r.columns else pd.Series(pd.NA, index=r.index)
    )
    rows = []
    for name, low, high, definition in BANDS:
        in_band = band == name
        rows.append(
            {
                "fiscal_year": fiscal_year + 1,
                "priority_band": name,
                "band_definition": definition,
                "min_annual_applications": low,
                "max_annual_applications": high,
                "procedures_not_online": int(in_band.sum()),
                "procedures_planned_online": int((in_band & (action == "online")).sum()),
                "procedures_planned_excluded": int((in_band & (action == "excluded")).sum()),
            }
        )
    frame = pd.DataFrame(rows)
    frame["max_annual_applications"] = frame["max_annual_applications"].astype("Int64")
    return frame


def compare_with_published(summarised: pd.DataFrame, published: pd.DataFrame | None) -> list[tuple]:
    """Where record-level totals differ from the published table, as ``(fiscal_year, column,
    from records, published)`` for the years and columns both have; empty when they agree."""
    if published is None:
        return []
    a = summarised.set_index("fiscal_year")
    b = published.set_index("fiscal_year")
    out = []
    for year in a.index.intersection(b.index):
        for col in a.columns.intersection(b.columns):
            x, y = a.loc[year, col], b.loc[year, col]
            if pd.notna(x) and pd.notna(y) and int(x) != int(y):
                out.append((int(year), col, int(x), int(y)))
    return out
