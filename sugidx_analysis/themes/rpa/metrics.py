"""RPA / AI-OCR: hours saved, what they are worth under stated assumptions, pilots' forecasts
against their outcome, and where the savings concentrate.

Every function is pure: it takes frames (``rpa_summary`` or the record-level
``rpa_processes``) and returns a frozen dataclass; inputs are never changed. Published hours
are 「約」 figures: they travel as :class:`~sugidx_analysis.approx.Approx` (the figure and the
interval its rounding allows) into every measure computed from them. :func:`evaluate` makes
every decision the report shows; :func:`kpis` gives its key figures.

Definitions:

- hours per process = hours saved ÷ processes (5,200 ÷ 27 = 192.6)
- staff-equivalents = hours saved ÷ annual working hours per full-time employee
- personnel cost = hours saved × hourly cost (yen)
- net yen a year = personnel cost − licence cost; payback = build hours × hourly cost ÷ net yen
- forecast error = realised − expected hours (positive: the pilot under-forecast)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import assumptions, tiers
from ...approx import Approx, exact, stated
from ...datasets.load import Loaded
from ...errors import MetricInputError
from ..base import Kpi, Reason, YearChoice, choose_year, reason
from .records import compare_with_published, summarize, with_saved_hours

SUMMARY, RECORDS = "rpa_summary", "rpa_processes"
PRODUCTION, PILOT = "production", "pilot"

DEFAULT_HOURS_PER_FTE = float(assumptions.get("rpa.hours_per_fte").value)
DEFAULT_HOURLY_COST_YEN = float(assumptions.get("rpa.hourly_cost_yen").value)
SENSITIVITY_STEPS = (-0.2, -0.1, 0.0, 0.1, 0.2)
TOP_N = (1, 3, 5, 10)


# ---- hours from the published summary -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HoursSaved:
    """One year and scope of ``rpa_summary``: processes and hours (realised for production,
    expected for pilots).

    Attributes
    ----------
    fiscal_year, scope : the row (``production`` or ``pilot``).
    technology : 「RPA」 or 「AI-OCR/RPA」, as published.
    processes : business processes.
    hours : hours a year, with the interval a 「約」 figure allows; None when not published.
    per_process : hours ÷ processes; None without hours.
    basis : ``realised`` or ``expected``.
    """

    fiscal_year: int
    scope: str
    technology: str
    processes: int
    hours: Approx | None
    per_process: Approx | None
    basis: str | None


def hours_saved(summary: pd.DataFrame, fiscal_year: int, scope: str = PRODUCTION) -> HoursSaved:
    """The processes and hours of ``scope`` in ``fiscal_year`` (5,200 h ÷ 27 = 192.6 h).

    Raises
    ------
    MetricInputError
        when the table has no such row.
    """
    rows = summary[(summary["fiscal_year"] == fiscal_year) & (summary["scope"] == scope)]
    if rows.empty:
        raise MetricInputError(f"rpa_summary has no {scope} row for FY{fiscal_year}")
    if len(rows) > 1:  # several tool families in one year: add them up
        technology = "AI-OCR/RPA" if (rows["technology"] != "RPA").any() else "RPA"
    else:
        technology = str(rows["technology"].iloc[0])
    processes = int(rows["processes"].sum())
    hours = None
    if rows["hours_saved_per_year"].notna().all():
        approximate = (
            rows["approximate"].fillna(False).astype(bool)
            if "approximate" in rows.columns
            else pd.Series(False, index=rows.index)
        )
        hours = exact(0.0)
        for value, is_approx in zip(rows["hours_saved_per_year"], approximate, strict=True):
            hours = hours.plus(stated(float(value), bool(is_approx)))
    per_process = hours.divided_by(processes) if hours is not None and processes > 0 else None
    basis = rows["hours_basis"].iloc[0] if "hours_basis" in rows.columns else None
    return HoursSaved(
        int(fiscal_year),
        scope,
        technology,
        processes,
        hours,
        per_process,
        None if pd.isna(basis) else str(basis),
    )


@dataclass(frozen=True, slots=True)
class Growth:
    """Processes and hours in production, one year against an earlier one.

    ``scope_differs`` is True when the two years count different tool families (seed 003
    counts RPA only, seed 000 AI-OCR and RPA): the change then mixes growth with a wider count.
    ``hours_change`` is None when either year has no hours (``hours_reason`` says which).
    """

    from_year: int
    to_year: int
    processes_from: int
    processes_to: int
    hours_from: Approx | None
    hours_to: Approx | None
    technology_from: str
    technology_to: str
    hours_reason: Reason | None

    @property
    def processes_change(self) -> int:
        return self.processes_to - self.processes_from

    @property
    def hours_change(self) -> Approx | None:
        if self.hours_from is None or self.hours_to is None:
            return None
        return self.hours_to.minus(self.hours_from)

    @property
    def scope_differs(self) -> bool:
        return self.technology_from != self.technology_to


def growth(summary: pd.DataFrame, from_year: int, to_year: int) -> Growth:
    """Production processes and hours of ``to_year`` against ``from_year``."""
    a = hours_saved(summary, from_year)
    b = hours_saved(summary, to_year)
    why = None
    if a.hours is None or b.hours is None:
        why = reason("no_hours_in_year", year=from_year if a.hours is None else to_year)
    return Growth(
        int(from_year),
        int(to_year),
        a.processes,
        b.processes,
        a.hours,
        b.hours,
        a.technology,
        b.technology,
        why,
    )


# ---- hours as staff-equivalents and yen -----------------------------------------------------


def staff_equivalents(hours: Approx, hours_per_fte: float) -> Approx:
    """Hours ÷ annual working hours of one full-time employee (5,200 ÷ 1,883 = 2.76 人)."""
    _positive("hours_per_fte", hours_per_fte)
    return hours.divided_by(hours_per_fte)


def personnel_cost(hours: Approx, hourly_cost_yen: float) -> Approx:
    """Hours × fully loaded hourly cost, in yen (5,200 × 3,550 = 18,460,000 円)."""
    _positive("hourly_cost_yen", hourly_cost_yen)
    return hours.times(hourly_cost_yen)


def _positive(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise MetricInputError(f"{name} must be a number; got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise MetricInputError(f"{name} must be a positive number; got {value!r}")


@dataclass(frozen=True, slots=True)
class Valuation:
    """Hours saved as staff-equivalents and yen under the two assumptions."""

    hours: Approx
    hours_per_fte: float
    hourly_cost_yen: float
    staff: Approx
    yen: Approx


def valuation(hours: Approx, hours_per_fte: float, hourly_cost_yen: float) -> Valuation:
    """``hours`` as staff-equivalents and yen."""
    return Valuation(
        hours,
        float(hours_per_fte),
        float(hourly_cost_yen),
        staff_equivalents(hours, hours_per_fte),
        personnel_cost(hours, hourly_cost_yen),
    )


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Staff-equivalents and yen as each assumption moves by ``steps`` (−20% … +20%).

    ``table`` has one row per step: ``step`` (a fraction), ``hours_per_fte``, ``staff`` (with
    ``staff_low``/``staff_high``, the approximation interval), ``hourly_cost_yen``, ``yen``
    (with ``yen_low``/``yen_high``). Each assumption moves alone: staff-equivalents do not
    depend on the hourly cost, nor yen on the working hours.
    """

    hours: Approx
    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def sensitivity(
    hours: Approx,
    hours_per_fte: float,
    hourly_cost_yen: float,
    steps: Sequence[float] = SENSITIVITY_STEPS,
) -> Sensitivity:
    """Staff-equivalents and yen over a range of both assumptions (each step a fraction of the
    value: −0.2 is 20% lower)."""
    if not steps or any(not math.isfinite(s) or s <= -1 for s in steps):
        raise MetricInputError(f"steps must be fractions above −1 such as −0.2; got {steps!r}")
    rows = []
    for step in sorted(set(float(s) for s in steps)):
        v = valuation(hours, hours_per_fte * (1 + step), hourly_cost_yen * (1 + step))
        rows.append(
            {
                "step": step,
                "hours_per_fte": v.hours_per_fte,
                "staff": v.staff.value,
                "staff_low": v.staff.low,
                "staff_high": v.staff.high,
                "hourly_cost_yen": v.hourly_cost_yen,
                "yen": v.yen.value,
                "yen_low": v.yen.low,
                "yen_high": v.yen.high,
            }
        )
    return Sensitivity(hours, pd.DataFrame(rows))


# ---- record level: costs, forecasts, concentration -----------------------------------------


@dataclass(frozen=True, slots=True)
class BreakEven:
    """What the processes of one year return net of their costs.

    ``table`` per process with known costs: process_id, process_name, hours_saved,
    value_yen (hours × hourly cost), licence_cost_yen, net_yen (a year), net_hours (hours
    saved − the hours the licence cost would buy), build_hours, build_cost_yen (once),
    payback_years (None when net_yen ≤ 0). ``total`` is the same over all of them.
    ``without_costs`` counts the processes whose costs are not recorded (left out).
    """

    fiscal_year: int
    hourly_cost_yen: float
    table: pd.DataFrame
    total: dict
    without_costs: int

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def payback_years(build_cost_yen: float, net_yen: float) -> float | None:
    """Years until the net yen a year repay the build cost; None when nothing is repaid."""
    if net_yen <= 0:
        return None
    return build_cost_yen / net_yen


def _returns(hours: float, licence: float, build_hours: float, hourly_cost_yen: float) -> dict:
    value = hours * hourly_cost_yen
    net = value - licence
    build_cost = build_hours * hourly_cost_yen
    return {
        "hours_saved": hours,
        "value_yen": value,
        "licence_cost_yen": licence,
        "net_yen": net,
        "net_hours": hours - licence / hourly_cost_yen,
        "build_hours": build_hours,
        "build_cost_yen": build_cost,
        "payback_years": payback_years(build_cost, net),
    }


def break_even(records: pd.DataFrame, fiscal_year: int, hourly_cost_yen: float) -> BreakEven:
    """Net yen, net hours and payback of the production processes of ``fiscal_year`` whose
    licence cost and build hours are recorded."""
    _positive("hourly_cost_yen", hourly_cost_yen)
    r = _production(records, fiscal_year)
    cost_cols = [c for c in ("licence_cost_yen", "build_hours") if c in r.columns]
    known = r.dropna(subset=cost_cols) if len(cost_cols) == 2 else r.iloc[0:0]
    rows = []
    for _, row in known.iterrows():
        rows.append(
            {
                "process_id": row["process_id"],
                "process_name": row.get("process_name", pd.NA),
                **_returns(
                    float(row["hours_saved"]),
                    float(row["licence_cost_yen"]),
                    float(row["build_hours"]),
                    hourly_cost_yen,
                ),
            }
        )
    table = pd.DataFrame(rows)
    total = (
        _returns(
            float(table["hours_saved"].sum()),
            float(table["licence_cost_yen"].sum()),
            float(table["build_hours"].sum()),
            hourly_cost_yen,
        )
        if rows
        else {}
    )
    if rows:
        table = table.sort_values(["net_yen", "process_id"], ascending=[False, True])
    return BreakEven(
        int(fiscal_year),
        float(hourly_cost_yen),
        table.reset_index(drop=True),
        total,
        len(r) - len(known),
    )


def _production(records: pd.DataFrame, fiscal_year: int) -> pd.DataFrame:
    r = with_saved_hours(records)
    return r[(r["fiscal_year"] == fiscal_year) & (r["stage"] == PRODUCTION)]


@dataclass(frozen=True, slots=True)
class Forecast:
    """Pilots of ``pilot_year`` against the hours they saved in production in ``outcome_year``.

    ``table`` per process: process_id, process_name, expected, realised, error (realised −
    expected), relative_error (error ÷ expected), direction (``over``: realised more than
    forecast, ``under``, ``exact``). ``expected``/``realised``/``error`` are the totals;
    ``not_in_production`` lists pilots without a production row in ``outcome_year``.
    """

    pilot_year: int
    outcome_year: int
    table: pd.DataFrame
    expected: float
    realised: float
    not_in_production: tuple[str, ...]

    @property
    def error(self) -> float:
        return self.realised - self.expected

    @property
    def relative_error(self) -> float | None:
        return self.error / self.expected if self.expected else None

    @property
    def direction(self) -> str:
        return direction(self.error)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def direction(error: float) -> str:
    """``over`` when the outcome beat the forecast, ``under`` when it fell short."""
    if abs(error) < 0.5:  # hours are whole or near it: half an hour is no difference
        return "exact"
    return "over" if error > 0 else "under"


def forecast_vs_outcome(records: pd.DataFrame, pilot_year: int, outcome_year: int) -> Forecast:
    """Expected hours of ``pilot_year``'s pilots against their realised hours in production in
    ``outcome_year``: per process and in total (only processes with both)."""
    if outcome_year <= pilot_year:
        raise MetricInputError(
            f"the outcome year must come after the pilot year; got FY{pilot_year} → "
            f"FY{outcome_year}"
        )
    r = with_saved_hours(records)
    pilots = r[(r["fiscal_year"] == pilot_year) & (r["stage"] == PILOT)]
    if "expected_hours_saved" in pilots.columns:
        pilots = pilots[pilots["expected_hours_saved"].notna()]
    else:
        pilots = pilots.iloc[0:0]
    later = r[(r["fiscal_year"] == outcome_year) & (r["stage"] == PRODUCTION)]
    later = later.set_index("process_id")
    rows, missing = [], []
    for _, p in pilots.iterrows():
        pid = p["process_id"]
        if pid not in later.index or pd.isna(later.at[pid, "hours_saved"]):
            missing.append(str(pid))
            continue
        expected = float(p["expected_hours_saved"])
        realised = float(later.at[pid, "hours_saved"])
        error = realised - expected
        rows.append(
            {
                "process_id": pid,
                "process_name": p.get("process_name", pd.NA),
                "expected": expected,
                "realised": realised,
                "error": error,
                "relative_error": error / expected if expected else math.nan,
                "direction": direction(error),
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "process_id",
            "process_name",
            "expected",
            "realised",
            "error",
            "relative_error",
            "direction",
        ],
    )
    return Forecast(
        int(pilot_year),
        int(outcome_year),
        table,
        float(table["expected"].sum()),
        float(table["realised"].sum()),
        tuple(missing),
    )


@dataclass(frozen=True, slots=True)
class Concentration:
    """Where the hours of one year's production processes come from.

    Attributes
    ----------
    fiscal_year, processes, hours : the year, its processes with hours, their total hours.
    top : per N: ``top_n``, ``processes``, ``hours`` held by the N largest, ``share``.
    pareto : every process, largest first: process_id, process_name, department, tool, hours,
        share, cumulative_share, rank.
    by_department, by_tool : ``processes``, ``hours`` and ``share`` per group, largest first.
    """

    fiscal_year: int
    processes: int
    hours: float
    top: pd.DataFrame
    pareto: pd.DataFrame
    by_department: pd.DataFrame
    by_tool: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.top.copy()


def _groups(r: pd.DataFrame, column: str, total: float) -> pd.DataFrame:
    if column not in r.columns:
        return pd.DataFrame(columns=[column, "processes", "hours", "share"])
    g = (
        r.assign(**{column: r[column].fillna("（不明）")})
        .groupby(column)
        .agg(processes=("process_id", "size"), hours=("hours", "sum"))
        .reset_index()
    )
    g["share"] = g["hours"] / total if total > 0 else math.nan
    return g.sort_values(["hours", column], ascending=[False, True]).reset_index(drop=True)


def concentration(
    records: pd.DataFrame, fiscal_year: int, top_n: tuple[int, ...] = TOP_N
) -> Concentration:
    """The share of ``fiscal_year``'s hours saved by its largest N processes, per department
    and per tool."""
    if not top_n or any(int(n) < 1 for n in top_n):
        raise MetricInputError(f"top_n must be positive whole numbers; got {top_n!r}")
    r = _production(records, fiscal_year).dropna(subset=["hours_saved"])
    r = r.assign(hours=r["hours_saved"].astype(float))
    r = r.sort_values(["hours", "process_id"], ascending=[False, True]).reset_index(drop=True)
    total = float(r["hours"].sum())
    keep = [c for c in ("process_id", "process_name", "department", "tool") if c in r.columns]
    pareto = r[keep + ["hours"]].copy()
    pareto["share"] = pareto["hours"] / total if total > 0 else math.nan
    pareto["cumulative_share"] = pareto["share"].cumsum()
    pareto["rank"] = range(1, len(pareto) + 1)
    rows = []
    for n in sorted({int(n) for n in top_n}):
        held = float(r["hours"].head(n).sum())
        rows.append(
            {
                "top_n": n,
                "processes": min(n, len(r)),
                "hours": held,
                "share": held / total if total > 0 else math.nan,
            }
        )
    return Concentration(
        int(fiscal_year),
        len(r),
        total,
        pd.DataFrame(rows),
        pareto,
        _groups(r, "department", total),
        _groups(r, "tool", total),
    )


# ---- the evaluation -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RpaParams:
    """What an RPA report evaluates: the fiscal year and the two conversion assumptions."""

    fiscal_year: int
    hours_per_fte: float = DEFAULT_HOURS_PER_FTE
    hourly_cost_yen: float = DEFAULT_HOURLY_COST_YEN

    def __post_init__(self) -> None:
        value = self.fiscal_year
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise MetricInputError(f"fiscal_year must be a whole year such as 2023; got {value!r}")
        _positive("hours_per_fte", self.hours_per_fte)
        _positive("hourly_cost_yen", self.hourly_cost_yen)
        if self.hours_per_fte > 8784:  # 24 hours × 366 days
            raise MetricInputError(
                f"hours_per_fte is hours a year per employee (1,883 by default); got "
                f"{self.hours_per_fte!r}"
            )


@dataclass(frozen=True, slots=True)
class RpaEvaluation:
    """Every decision and figure of the RPA report.

    Attributes
    ----------
    params : what was asked.
    inputs : the loaded datasets by name.
    year : the year of ``rpa_summary`` shown (requested, or the latest earlier with a
        production row).
    production, pilots : that year's rows (None when absent).
    earlier, growth, growth_reason : the latest earlier production year and the change since.
    valuation, sensitivity : the production hours as staff-equivalents and yen, and over a
        range of both assumptions; None without hours (``valuation_reason``).
    pilot_valuation : the pilots' expected hours valued the same way.
    records_year : the year the record-level section shows (None without records).
    records_differences : where the records' totals fall outside the published figures.
    retired : processes retired in ``records_year.shown`` (no longer saving hours).
    concentration, break_even : of the records' production processes in ``records_year``.
    forecast, forecast_reason : pilots of the year before ``records_year.shown`` against their
        outcome in it.
    """

    params: RpaParams
    inputs: Mapping[str, Loaded]
    year: YearChoice
    production: HoursSaved | None
    pilots: HoursSaved | None
    earlier: int | None
    growth: Growth | None
    growth_reason: Reason | None
    valuation: Valuation | None
    valuation_reason: Reason | None
    sensitivity: Sensitivity | None
    pilot_valuation: Valuation | None
    records_year: YearChoice | None
    records_differences: tuple[tuple, ...]
    retired: tuple[str, ...]
    concentration: Concentration | None
    break_even: BreakEven | None
    break_even_reason: Reason | None
    forecast: Forecast | None
    forecast_reason: Reason | None

    @property
    def records_shown(self) -> bool:
        return self.records_year is not None and self.records_year.shown is not None

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Ids of every assumption the shown results rest on, each once."""
        ids = ["fiscal_year"]
        if self.production is not None or self.records_shown:
            ids.append("rpa.hours_are_estimates")
        if self.valuation is not None or self.break_even is not None:
            ids += ["rpa.hours_per_fte", "rpa.hourly_cost_yen", "rpa.freed_time_not_cash"]
        hours = [h.hours for h in (self.production, self.pilots) if h is not None and h.hours]
        if any(h.approximate for h in hours):
            ids.append("rpa.approximate_interval")
        if self.break_even is not None and not self.break_even.table.empty:
            ids.append("rpa.payback")
        records = self.inputs.get(RECORDS)
        if self.records_shown and records is not None and records.tier == tiers.SYNTHETIC:
            ids.append("synth.rpa.seed")
        return tuple(dict.fromkeys(ids))


def _loaded(inputs: Mapping[str, Loaded], name: str) -> pd.DataFrame | None:
    item = inputs.get(name)
    return None if item is None else item.frame


def _row(summary: pd.DataFrame, year: int, scope: str) -> HoursSaved | None:
    has = ((summary["fiscal_year"] == year) & (summary["scope"] == scope)).any()
    return hours_saved(summary, year, scope) if has else None


def evaluate(inputs: Mapping[str, Loaded], params: RpaParams) -> RpaEvaluation:
    """Evaluate RPA / AI-OCR for ``params.fiscal_year``: choose the years to show, compute every
    measure the data supports, and record why the others cannot be shown.

    Parameters
    ----------
    inputs : ``rpa_summary`` (published or the analyst's) and optionally ``rpa_processes``
        (record level); missing ones may be absent or not ok.
    params : the fiscal year and the two conversion assumptions.
    """
    summary, records = _loaded(inputs, SUMMARY), _loaded(inputs, RECORDS)
    production_rows = None if summary is None else summary[summary["scope"] == PRODUCTION]
    year = choose_year(production_rows, params.fiscal_year)
    production = pilots = growth_ = valuation_ = sensitivity_ = pilot_valuation = None
    earlier = None
    growth_reason = valuation_reason = None
    if year.shown is None:
        growth_reason = valuation_reason = reason("no_data_for_year")
    else:
        production = hours_saved(summary, year.shown)
        pilots = _row(summary, year.shown, PILOT)
        before = [y for y in year.available if y < year.shown]
        if before:
            earlier = max(before)
            growth_ = growth(summary, earlier, year.shown)
        else:
            growth_reason = reason("no_earlier_year")
        if production.hours is None:
            valuation_reason = reason("no_hours_in_year", year=year.shown)
        else:
            valuation_ = valuation(production.hours, params.hours_per_fte, params.hourly_cost_yen)
            sensitivity_ = sensitivity(
                production.hours, params.hours_per_fte, params.hourly_cost_yen
            )
        if pilots is not None and pilots.hours is not None:
            pilot_valuation = valuation(pilots.hours, params.hours_per_fte, params.hourly_cost_yen)

    records_year = None
    differences: tuple = ()
    retired: tuple[str, ...] = ()
    conc = breakeven = forecast = None
    breakeven_reason = forecast_reason = None
    if records is not None:
        # the year of the records is a year with processes in production
        records_year = choose_year(records[records["stage"] == PRODUCTION], params.fiscal_year)
        if records_year.shown is None:
            forecast_reason = breakeven_reason = reason("no_data_for_year")
        else:
            shown = records_year.shown
            differences = tuple(
                d for d in compare_with_published(summarize(records), summary) if d[0] <= shown
            )
            gone = (records["fiscal_year"] == shown) & (records["stage"] == "retired")
            retired = tuple(str(p) for p in records.loc[gone, "process_id"])
            conc = concentration(records, shown)
            breakeven = break_even(records, shown, params.hourly_cost_yen)
            if breakeven.table.empty:
                breakeven, breakeven_reason = None, reason("no_costs")
            forecast_reason = _forecast_reason(records, shown)
            if forecast_reason is None:
                forecast = forecast_vs_outcome(records, shown - 1, shown)
                if forecast.table.empty:  # no pilot reached production: nothing to compare
                    forecast, forecast_reason = None, reason("no_outcome", year=shown - 1)
    return RpaEvaluation(
        params=params,
        inputs=dict(inputs),
        year=year,
        production=production,
        pilots=pilots,
        earlier=earlier,
        growth=growth_,
        growth_reason=growth_reason,
        valuation=valuation_,
        valuation_reason=valuation_reason,
        sensitivity=sensitivity_,
        pilot_valuation=pilot_valuation,
        records_year=records_year,
        records_differences=differences,
        retired=retired,
        concentration=conc,
        break_even=breakeven,
        break_even_reason=breakeven_reason,
        forecast=forecast,
        forecast_reason=forecast_reason,
    )


def _forecast_reason(records: pd.DataFrame, year: int) -> Reason | None:
    """Why the pilots of the year before ``year`` cannot be checked against ``year`` (None when
    they can)."""
    pilots_before = (records["fiscal_year"] == year - 1) & (records["stage"] == PILOT)
    if not pilots_before.any():
        pilots_now = ((records["fiscal_year"] == year) & (records["stage"] == PILOT)).any()
        if pilots_now:
            return reason("outcome_later", year=year)
        return reason("no_pilots", year=year - 1)
    if (
        "expected_hours_saved" not in records.columns
        or records.loc[pilots_before, "expected_hours_saved"].isna().all()
    ):
        return reason("no_expected_hours", year=year - 1)
    return None


# KPI id → (unit, what it is)
KPI_UNITS = {
    "rpa.processes": "processes",
    "rpa.hours_saved": "hours",
    "rpa.hours_per_process": "hours",
    "rpa.staff_equivalents": "staff",
    "rpa.personnel_cost": "yen",
}


def kpis(evaluation: RpaEvaluation) -> list[Kpi]:
    """The theme's key figures in the year shown, with the earlier year where one exists. No
    source states a target for RPA, so none is judged."""
    prod, year = evaluation.production, evaluation.year
    if prod is None or year.shown is None:
        return []
    summary = evaluation.inputs.get(SUMMARY)
    tier = summary.tier if summary is not None else None
    g = evaluation.growth
    earlier_hours = g.hours_from if g is not None else None
    v = evaluation.valuation
    figures: list[tuple[str, Approx | None, Approx | None]] = [
        (
            "rpa.processes",
            exact(prod.processes),
            # counts of different tool families (RPA only → AI-OCR/RPA) are not a change
            exact(g.processes_from) if g and not g.scope_differs else None,
        ),
        ("rpa.hours_saved", prod.hours, earlier_hours),
        ("rpa.hours_per_process", prod.per_process, None),
        ("rpa.staff_equivalents", v.staff if v else None, None),
        ("rpa.personnel_cost", v.yen if v else None, None),
    ]
    out = []
    for kpi_id, now, before in figures:
        if now is None:
            continue
        out.append(
            Kpi(
                kpi_id=kpi_id,
                theme="rpa",
                fiscal_year=year.shown,
                value=now.value,
                unit=KPI_UNITS[kpi_id],
                previous_year=evaluation.earlier if before is not None else None,
                previous_value=before.value if before is not None else None,
                tier=tier,
                approximate=now.approximate,
            )
        )
    return out
