"""Online procedures: coverage, usage, their change, the backlog, pace to target, the plan.

Every function is pure: it takes frames (``online_summary``, ``online_plan`` or the
record-level ``online_procedures``) and returns a frozen dataclass; inputs are never changed.
:func:`evaluate` makes every decision the report shows (which years, compared with which, what
cannot be computed and why); :func:`kpis` gives its key figures, with a verdict against the
target where there is one.
A measure the columns given cannot support is listed in ``missing`` with the reason; a zero
denominator gives NaN (or None) and a reason in ``undefined``, never an error or an infinity.

Definitions (the ward's, seed 004):

- coverage = procedures_online / procedures_online_capable (オンライン対応済 / 対応可能手続)
- usage = applications_online / applications_online_ready (オンライン申請 / 対応済手続の申請)
- backlog = procedures_not_online (対応可能だが未対応の手続)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ... import judgement, tiers
from ...datasets.load import Loaded
from ...errors import MetricInputError
from ...municipality import (
    NO_PROFILE,
    ONLINE_COVERAGE,
    PROFILE_INPUT,
    Profile,
    Target,
    targets_input,
)
from ...stats.trend import linear_trend
from ..base import Kpi, Reason, YearChoice, choose_year, reason
from .records import backlog, compare_with_published, summarize
from .schema import BAND_NAMES

# measure -> (numerator, denominator)
RATIOS: dict[str, tuple[str, str]] = {
    "coverage": ("procedures_online", "procedures_online_capable"),
    "online_ready_share": ("procedures_online", "procedures_total"),
    "capable_share": ("procedures_online_capable", "procedures_total"),
    "usage": ("applications_online", "applications_online_ready"),
    "online_share_of_applications": ("applications_online", "applications_total"),
}

TOTAL = "total"  # the plan table's row of all bands

# measure -> column
COUNTS: dict[str, str] = {
    "procedures_online": "procedures_online",
    "procedures_online_capable": "procedures_online_capable",
    "backlog": "procedures_not_online",
    "applications_online": "applications_online",
    "applications_online_ready": "applications_online_ready",
    "applications_paper": "applications_paper",
}

# total = part + part: any one of the three follows from the other two.
_IDENTITIES: tuple[tuple[str, str, str], ...] = (
    ("procedures_online_capable", "procedures_online", "procedures_not_online"),
    ("procedures_total", "procedures_online_capable", "procedures_not_capable"),
    ("applications_online_ready", "applications_online", "applications_paper"),
    ("applications_total", "applications_online_ready", "applications_not_online_ready"),
)


def _ratio(num: float, den: float) -> tuple[float, Reason | None]:
    """num / den, or (NaN, reason) when either is missing or den is zero."""
    if pd.isna(num) or pd.isna(den):
        return math.nan, reason("empty_count")
    if den == 0:
        return math.nan, reason("zero_denominator")
    return float(num) / float(den), None


def complete_counts(summary: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """A copy of ``summary`` with every count its identities allow filled in.

    Returns the completed frame (sorted by fiscal_year) and, for each column that was absent
    and derived, the formula used (e.g. ``procedures_not_online`` = capable − online).
    """
    if "fiscal_year" not in summary.columns:
        raise MetricInputError("online_summary needs a fiscal_year column")
    frame = summary.copy().sort_values("fiscal_year").reset_index(drop=True)
    derived: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for total, a, b in _IDENTITIES:
            have = set(frame.columns)
            if total not in have and {a, b} <= have:
                frame[total] = frame[a].astype("Float64") + frame[b].astype("Float64")
                derived[total] = f"{a} + {b}"
            elif a not in have and {total, b} <= have:
                frame[a] = frame[total].astype("Float64") - frame[b].astype("Float64")
                derived[a] = f"{total} − {b}"
            elif b not in have and {total, a} <= have:
                frame[b] = frame[total].astype("Float64") - frame[a].astype("Float64")
                derived[b] = f"{total} − {a}"
            else:
                continue
            changed = True
    return frame, derived


def _why_missing(columns: list[str]) -> Reason:
    """``needs_columns``: each absent column, with the pair of columns that could replace it."""
    needs = []
    for column in columns:
        alternative: tuple[str, ...] = ()
        for total, a, b in _IDENTITIES:
            if column == total:
                alternative = (a, b)
            elif column in (a, b):
                alternative = (total, b if column == a else a)
            if alternative:
                break
        needs.append((column, alternative))
    return reason("needs_columns", columns=tuple(needs))


@dataclass(frozen=True, slots=True)
class OnlineMeasures:
    """Coverage, usage and related measures per fiscal year.

    Attributes
    ----------
    table : one row per fiscal year (index ``fiscal_year``); a column per measure that the
        input supports (ratios as fractions, counts as numbers). NaN where undefined.
    missing : measure → why it cannot be computed from the columns given.
    undefined : (measure, fiscal_year) → why the value is NaN (zero or empty denominator).
    Reasons are :class:`~sugidx_analysis.themes.base.Reason` codes, worded by ``present``.
    derived : column → formula, for counts filled in from the table's identities.
    """

    table: pd.DataFrame
    missing: dict[str, Reason] = field(default_factory=dict)
    undefined: dict[tuple[str, int], Reason] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.table.index]

    def value(self, measure: str, fiscal_year: int) -> float | None:
        """One measure in one year; None when missing, undefined or the year is absent."""
        if measure not in self.table.columns or fiscal_year not in self.table.index:
            return None
        v = self.table.loc[fiscal_year, measure]
        return None if pd.isna(v) else float(v)

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy), one row per fiscal year."""
        return self.table.copy()


def measures(summary: pd.DataFrame) -> OnlineMeasures:
    """Every coverage/usage measure and count the columns of ``online_summary`` allow.

    Parameters
    ----------
    summary : an ``online_summary`` frame; only ``fiscal_year`` is required.

    Returns
    -------
    OnlineMeasures
    """
    frame, derived = complete_counts(summary)
    have = set(frame.columns)
    out = pd.DataFrame(index=pd.Index(frame["fiscal_year"].astype(int), name="fiscal_year"))
    missing: dict[str, Reason] = {}
    undefined: dict[tuple[str, int], Reason] = {}
    for name, (num, den) in RATIOS.items():
        absent = [c for c in (num, den) if c not in have]
        if absent:
            missing[name] = _why_missing(absent)
            continue
        values = []
        for year, n, d in zip(out.index, frame[num], frame[den], strict=True):
            v, why = _ratio(n, d)
            if why:
                undefined[(name, int(year))] = why
            values.append(v)
        out[name] = pd.Series(values, index=out.index, dtype="float64")
    for name, col in COUNTS.items():
        if col not in have:
            missing[name] = _why_missing([col])
            continue
        out[name] = pd.Series(
            frame[col].astype("Float64").to_numpy(dtype="float64", na_value=np.nan), index=out.index
        )
    return OnlineMeasures(out, missing, undefined, derived)


@dataclass(frozen=True, slots=True)
class Change:
    """Year-on-year change of every measure available in both years.

    Attributes
    ----------
    from_year, to_year : the two fiscal years compared.
    table : one row per measure (index ``measure``): ``from_value``, ``to_value``, ``change``
        (difference; for
        ratios in fractions), ``change_points`` (ratios only: percentage points), ``relative``
        (change / from_value; NaN when from_value is zero) and ``kind`` (ratio or count).
    paper_avoided : paper applications avoided in ``to_year`` by the higher usage rate,
        ``applications_online(to) − usage(from) × applications_online_ready(to)``; None when
        usage or the counts are missing.
    missing : measure → why its change cannot be computed.
    """

    from_year: int
    to_year: int
    table: pd.DataFrame
    paper_avoided: float | None
    missing: dict[str, Reason] = field(default_factory=dict)

    def points(self, measure: str) -> float | None:
        """Change of a ratio in percentage points (None when not available)."""
        if measure not in self.table.index:
            return None
        v = self.table.loc[measure, "change_points"]
        return None if pd.isna(v) else float(v)

    def change_of(self, measure: str) -> float | None:
        """Absolute change of a measure (None when not available)."""
        if measure not in self.table.index:
            return None
        v = self.table.loc[measure, "change"]
        return None if pd.isna(v) else float(v)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def change(m: OnlineMeasures, from_year: int, to_year: int) -> Change:
    """Change of every measure from ``from_year`` to ``to_year``.

    Raises
    ------
    MetricInputError
        when either year is not in the measures.
    """
    for year in (from_year, to_year):
        if year not in m.table.index:
            raise MetricInputError(f"no online data for fiscal year {year}; years: {m.years}")
    rows = []
    missing = dict(m.missing)
    for name in m.table.columns:
        a, b = m.table.loc[from_year, name], m.table.loc[to_year, name]
        if pd.isna(a) or pd.isna(b):
            missing[name] = reason("undefined_in_a_year")
            continue
        is_ratio = name in RATIOS
        diff = float(b) - float(a)
        rows.append(
            {
                "measure": name,
                "kind": "ratio" if is_ratio else "count",
                "from_value": float(a),
                "to_value": float(b),
                "change": diff,
                "change_points": diff * 100 if is_ratio else math.nan,
                "relative": diff / float(a) if a != 0 else math.nan,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "measure",
            "kind",
            "from_value",
            "to_value",
            "change",
            "change_points",
            "relative",
        ],
    )
    table = table.set_index("measure")
    avoided = None
    if "usage" in m.table.columns and "applications_online" in m.table.columns:
        u0 = m.table.loc[from_year, "usage"]
        online1 = m.table.loc[to_year, "applications_online"]
        ready1 = (
            m.table.loc[to_year, "applications_online_ready"]
            if "applications_online_ready" in m.table.columns
            else math.nan
        )
        if not any(pd.isna(x) for x in (u0, online1, ready1)):
            avoided = float(online1) - float(u0) * float(ready1)
    else:
        missing["paper_avoided"] = reason("needs_usage")
    return Change(from_year, to_year, table, avoided, missing)


@dataclass(frozen=True, slots=True)
class BacklogFlow:
    """How the backlog (capable but not online) moved between two years, from totals.

    ``end = start + capable_added − online_added``: the capable pool grew by
    ``capable_added`` (net: new or reclassified procedures, less any removed) while
    ``online_added`` more procedures went online (net).
    """

    from_year: int
    to_year: int
    start: int
    capable_added: int
    online_added: int
    end: int

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "item": ["start", "capable_added", "online_added", "end"],
                "procedures": [self.start, self.capable_added, -self.online_added, self.end],
            }
        )


def backlog_flow(summary: pd.DataFrame, from_year: int, to_year: int) -> BacklogFlow | None:
    """Backlog flow between two years, or None when the counts it needs are absent."""
    frame, _ = complete_counts(summary)
    need = {"procedures_online", "procedures_online_capable", "procedures_not_online"}
    if not need <= set(frame.columns):
        return None
    rows = frame.set_index(frame["fiscal_year"].astype(int))
    if from_year not in rows.index or to_year not in rows.index:
        return None
    a, b = rows.loc[from_year], rows.loc[to_year]
    if any(pd.isna(a[c]) or pd.isna(b[c]) for c in need):
        return None
    return BacklogFlow(
        from_year,
        to_year,
        start=int(a["procedures_not_online"]),
        capable_added=int(b["procedures_online_capable"] - a["procedures_online_capable"]),
        online_added=int(b["procedures_online"] - a["procedures_online"]),
        end=int(b["procedures_not_online"]),
    )


@dataclass(frozen=True, slots=True)
class PaceToTarget:
    """Pace needed to reach a coverage target against the pace observed.

    Attributes
    ----------
    target_coverage, target_fiscal_year : the target (fraction) and the year by whose end.
    latest_fiscal_year, latest_coverage, latest_online, latest_capable : the last year observed.
    years_left : fiscal-year ends from the latest year to the target year.
    procedures_needed : procedures online needed at the target, ``ceil(target × latest
        capable pool)`` — the pool is assumed to stay at its latest size.
    required_per_year : further procedures to put online per year to meet the target in time
        (None when no years are left).
    observed_per_year : procedures put online per year, observed (difference of two years, or
        the OLS slope over three or more).
    year_reached : the first fiscal year whose end the observed pace reaches the target
        (fixed pool); None when the pace is not positive.
    coverage_points_per_year : the coverage trend, in points per year.
    coverage_projected : coverage the trend gives at the end of the target year (capped to
        [0, 1] is NOT applied: a projection above 100% means the trend gets there earlier).
    coverage_lower, coverage_upper : the prediction interval for that projection (OLS, three
        or more years); None with two years — a line through two points has no interval.
    coverage_year_reached : first fiscal year whose end the coverage trend reaches the target.
    method : ``"two_points"`` (a line through two years, no interval) or ``"ols"``
        (least squares over three or more, with a prediction interval): see
        :mod:`sugidx_analysis.stats.trend`.
    alpha : 1 − confidence level of the interval.
    on_track : observed_per_year ≥ required_per_year.
    assumptions : ids of the assumptions the result rests on (:mod:`sugidx_analysis.assumptions`).
    """

    target_coverage: float
    target_fiscal_year: int
    latest_fiscal_year: int
    latest_coverage: float
    latest_online: int
    latest_capable: int
    years_left: int
    procedures_needed: int
    required_per_year: float | None
    observed_per_year: float
    year_reached: int | None
    coverage_points_per_year: float
    coverage_projected: float
    coverage_lower: float | None
    coverage_upper: float | None
    coverage_year_reached: int | None
    method: str
    alpha: float
    on_track: bool | None
    years_observed: tuple[int, ...]
    assumptions: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The result as item / value rows."""
        names = [f for f in self.__slots__ if f not in ("assumptions", "years_observed")]
        return pd.DataFrame({"item": names, "value": [getattr(self, n) for n in names]})


def _first_year(start_year: int, start_value: float, per_year: float, goal: float) -> int | None:
    if start_value >= goal:
        return start_year
    if per_year <= 0:
        return None
    return start_year + math.ceil((goal - start_value) / per_year - 1e-12)


def pace_to_target(
    summary: pd.DataFrame,
    target_coverage: float = 1.0,
    target_fiscal_year: int = 2025,
    alpha: float = 0.05,
) -> PaceToTarget:
    """Procedures per year needed to reach ``target_coverage`` by the end of
    ``target_fiscal_year``, against the observed pace.

    With three or more years the observed pace is an OLS trend (statsmodels) and the coverage
    projection has a ``1 − alpha`` prediction interval; with exactly two it is a stated
    linear extrapolation with no interval.

    Raises
    ------
    MetricInputError
        for a target outside (0, 1], an alpha outside (0, 1), fewer than two years with
        coverage, or a target year before the latest year.
    """
    if not 0 < target_coverage <= 1:
        raise MetricInputError(
            f"target_coverage must be in (0, 1], e.g. 1.0 for 100%; got {target_coverage!r}"
        )
    if not 0 < alpha < 1:
        raise MetricInputError(f"alpha must be between 0 and 1; got {alpha!r}")
    data = _pace_data(measures(summary))
    if len(data) < 2:
        raise MetricInputError(
            f"pace to target needs coverage for at least two fiscal years; found {len(data)}"
        )
    latest = int(data.index.max())
    if target_fiscal_year < latest:
        raise MetricInputError(
            f"target_fiscal_year {target_fiscal_year} is before the latest year "
            f"with data ({latest})"
        )
    online = float(data.loc[latest, "procedures_online"])
    capable = float(data.loc[latest, "procedures_online_capable"])
    cov = float(data.loc[latest, "coverage"])
    needed = math.ceil(target_coverage * capable - 1e-9)
    years_left = target_fiscal_year - latest
    to_go = max(needed - online, 0.0)
    required = to_go / years_left if years_left > 0 else None
    years = [int(y) for y in data.index]
    pace = linear_trend(years, data["procedures_online"].tolist(), target_fiscal_year, alpha)
    trend = linear_trend(years, data["coverage"].tolist(), target_fiscal_year, alpha)
    observed, slope_cov = pace.slope, trend.slope
    year_reached = _first_year(latest, online, observed, needed)
    cov_year = _first_year(latest, cov, slope_cov, target_coverage - 1e-12)
    return PaceToTarget(
        target_coverage=float(target_coverage),
        target_fiscal_year=int(target_fiscal_year),
        latest_fiscal_year=latest,
        latest_coverage=cov,
        latest_online=int(online),
        latest_capable=int(capable),
        years_left=years_left,
        procedures_needed=needed,
        required_per_year=required,
        observed_per_year=observed,
        year_reached=year_reached,
        coverage_points_per_year=slope_cov * 100,
        coverage_projected=trend.mean,
        coverage_lower=trend.lower,
        coverage_upper=trend.upper,
        coverage_year_reached=cov_year,
        method=trend.method,
        alpha=float(alpha),
        on_track=None if required is None else bool(observed >= required),
        years_observed=tuple(years),
        assumptions=("online.capable_pool_fixed", trend.assumption),
    )


def _pace_data(m: OnlineMeasures) -> pd.DataFrame:
    """The years with coverage and both procedure counts (what a pace needs)."""
    cols = ["coverage", "procedures_online", "procedures_online_capable"]
    if not set(cols) <= set(m.table.columns):
        return m.table.iloc[0:0].reindex(columns=cols)
    return m.table[cols].dropna()


@dataclass(frozen=True, slots=True)
class PlanResult:
    """The year's plan by priority band, and what it would give if delivered.

    Attributes
    ----------
    fiscal_year : the plan's fiscal year.
    table : one row per band plus ``total``: not_online, planned_online, planned_excluded,
        planned_share (planned_online / not_online), planned_share_in_scope (planned_online /
        (not_online − planned_excluded)); NaN with a zero denominator.
    coverage_before : coverage at the end of the previous year (None without a summary row).
    coverage_if_delivered : ``(online + planned_online) / (capable − planned_excluded)``:
        excluded procedures are abolished or dropped from scope, so they leave the capable pool;
        no new capable procedures are assumed. None when the summary lacks the previous year.
    backlog_if_delivered : ``not_online − planned_online − planned_excluded``.
    reason : why coverage_if_delivered is None, else None.
    assumptions : ids of the assumptions ``coverage_if_delivered`` rests on.
    """

    fiscal_year: int
    table: pd.DataFrame
    coverage_before: float | None
    coverage_if_delivered: float | None
    online_if_delivered: int | None
    capable_if_delivered: int | None
    backlog_if_delivered: int
    reason: Reason | None
    assumptions: tuple[str, ...] = ("online.plan_delivered",)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def plan_by_band(
    plan: pd.DataFrame, summary: pd.DataFrame | None = None, fiscal_year: int | None = None
) -> PlanResult:
    """Planned share per band and the coverage the plan would give if delivered.

    Parameters
    ----------
    plan : an ``online_plan`` frame.
    summary : ``online_summary``, for the coverage before and after (optional).
    fiscal_year : the plan year (default: the latest in ``plan``).

    Raises
    ------
    MetricInputError
        when ``plan`` has no row for the year.
    """
    if plan.empty:
        raise MetricInputError("the plan table is empty")
    year = int(plan["fiscal_year"].max()) if fiscal_year is None else int(fiscal_year)
    rows = plan[plan["fiscal_year"] == year]
    if rows.empty:
        raise MetricInputError(
            f"no plan for fiscal year {year}; plan years: "
            f"{sorted(int(y) for y in plan['fiscal_year'].unique())}"
        )
    cols = ["procedures_not_online", "procedures_planned_online", "procedures_planned_excluded"]
    t = pd.DataFrame({"priority_band": rows["priority_band"].astype(str).to_numpy()})
    for c in cols:
        src = rows[c] if c in rows.columns else pd.Series(0, index=rows.index)
        t[c.replace("procedures_", "")] = src.fillna(0).astype(int).to_numpy()
    order = {b: i for i, b in enumerate(BAND_NAMES)}
    t = t.sort_values("priority_band", key=lambda s: s.map(order)).reset_index(drop=True)
    total = {"priority_band": TOTAL, **{c: int(t[c].sum()) for c in t.columns[1:]}}
    t = pd.concat([t, pd.DataFrame([total])], ignore_index=True)

    def share(num: pd.Series, den: pd.Series) -> pd.Series:
        den = den.astype(float)
        return num.astype(float) / den.where(den != 0)

    t["planned_share"] = share(t["planned_online"], t["not_online"])
    t["planned_share_in_scope"] = share(
        t["planned_online"], t["not_online"] - t["planned_excluded"]
    )
    planned, excluded, not_online = (
        total["planned_online"],
        total["planned_excluded"],
        total["not_online"],
    )
    backlog_after = not_online - planned - excluded
    before = after = online_after = capable_after = None
    why: Reason | None = None
    if summary is None:
        why = reason("no_summary")
    else:
        m = measures(summary)
        prev = year - 1
        online_prev = m.value("procedures_online", prev)
        capable_prev = m.value("procedures_online_capable", prev)
        if online_prev is None or capable_prev is None:
            why = reason("no_counts_for_year", year=prev)
        else:
            before = m.value("coverage", prev)
            online_after = int(online_prev) + planned
            capable_after = int(capable_prev) - excluded
            after, why = _ratio(online_after, capable_after)
            if why:
                after = None
    return PlanResult(
        year,
        t.set_index("priority_band"),
        before,
        after,
        online_after,
        capable_after,
        backlog_after,
        why,
    )


# ---- record level ---------------------------------------------------------------------------


def _usage_parts(records: pd.DataFrame, year: int) -> pd.DataFrame:
    r = records[(records["fiscal_year"] == year) & records["online_ready"].astype(bool)]
    on = r["applications_online"].astype("Float64").fillna(0).astype(float)
    off = r["applications_offline"].astype("Float64").fillna(0).astype(float)
    return pd.DataFrame(
        {"online": on.to_numpy(), "total": (on + off).to_numpy()},
        index=pd.Index(r["procedure_id"].astype(str), name="procedure_id"),
    )


@dataclass(frozen=True, slots=True)
class UsageDecomposition:
    """Shift-share decomposition of the change in usage between two years.

    ``total_change = within + mix + newly_online + no_longer_online`` exactly (fractions):

    - within: Σ w₀ᵢ (u₁ᵢ − u₀ᵢ) over procedures online in both years with applications in
      both, weights w₀ their share of those procedures' applications in ``from_year`` — more
      uptake inside procedures already online;
    - mix: the rest of the change in usage among procedures online in both years (their
      volumes shifting towards higher- or lower-usage procedures);
    - newly_online: usage of all online procedures in ``to_year`` minus usage of the
      continuing ones — the effect of procedures that went online;
    - no_longer_online: usage of continuing procedures minus usage of all in ``from_year``.
    """

    from_year: int
    to_year: int
    from_usage: float | None
    to_usage: float | None
    total_change: float | None
    within: float | None
    mix: float | None
    newly_online: float | None
    no_longer_online: float | None
    procedures_continuing: int
    procedures_newly_online: int
    procedures_no_longer_online: int
    reason: Reason | None

    def to_frame(self) -> pd.DataFrame:
        """Parts in percentage points, with the number of procedures behind each."""
        return pd.DataFrame(
            {
                "part": ["within", "mix", "newly_online", "no_longer_online", "total_change"],
                "points": [
                    None if v is None else v * 100
                    for v in (
                        self.within,
                        self.mix,
                        self.newly_online,
                        self.no_longer_online,
                        self.total_change,
                    )
                ],
                "procedures": [
                    self.procedures_continuing,
                    self.procedures_continuing,
                    self.procedures_newly_online,
                    self.procedures_no_longer_online,
                    None,
                ],
            }
        )


def usage_decomposition(records: pd.DataFrame, from_year: int, to_year: int) -> UsageDecomposition:
    """Split the change in usage into uptake within procedures already online, their mix,
    procedures newly online and procedures no longer online (see :class:`UsageDecomposition`).

    Parts that need a zero denominator are None with ``reason`` saying why.
    """
    a, b = _usage_parts(records, from_year), _usage_parts(records, to_year)
    cont = a.index.intersection(b.index)
    new = b.index.difference(a.index)
    gone = a.index.difference(b.index)
    counts = (len(cont), len(new), len(gone))
    u0, why0 = _ratio(a["online"].sum(), a["total"].sum())
    u1, why1 = _ratio(b["online"].sum(), b["total"].sum())
    c0, whyc0 = _ratio(a.loc[cont, "online"].sum(), a.loc[cont, "total"].sum())
    c1, whyc1 = _ratio(b.loc[cont, "online"].sum(), b.loc[cont, "total"].sum())
    if why0 or why1:
        return UsageDecomposition(
            from_year,
            to_year,
            None if why0 else u0,
            None if why1 else u1,
            None,
            None,
            None,
            None,
            None,
            *counts,
            reason("usage_undefined", year=from_year if why0 else to_year),
        )
    if whyc0 or whyc1:
        # No continuing procedure with applications: all of the change is composition.
        return UsageDecomposition(
            from_year,
            to_year,
            u0,
            u1,
            u1 - u0,
            None,
            None,
            None,
            None,
            *counts,
            reason("no_continuing_procedure"),
        )
    both = [p for p in cont if a.loc[p, "total"] > 0 and b.loc[p, "total"] > 0]
    w0 = a.loc[both, "total"] / a.loc[cont, "total"].sum()
    rate0 = a.loc[both, "online"] / a.loc[both, "total"]
    rate1 = b.loc[both, "online"] / b.loc[both, "total"]
    within = float((w0 * (rate1 - rate0)).sum())
    mix = (c1 - c0) - within
    return UsageDecomposition(
        from_year, to_year, u0, u1, u1 - u0, within, mix, u1 - c1, c0 - u0, *counts, None
    )


@dataclass(frozen=True, slots=True)
class Concentration:
    """How concentrated the applications of procedures not yet online are.

    Attributes
    ----------
    fiscal_year : the year.
    procedures : procedures not online with an application count.
    applications : their applications (all offline, as they are not online).
    table : per N: ``top_n``, ``applications`` held by the N largest, ``share`` of the total.
    largest : the largest procedures (procedure_id, procedure_name, department,
        applications, share, cumulative_share), at most ``max(top_n)`` rows.
    reason : why the shares are NaN (no applications), else None.
    """

    fiscal_year: int
    procedures: int
    applications: int
    table: pd.DataFrame
    largest: pd.DataFrame
    reason: Reason | None

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def offline_concentration(
    records: pd.DataFrame, fiscal_year: int, top_n: tuple[int, ...] = (5, 10, 26, 50)
) -> Concentration:
    """Share of the not-yet-online procedures' applications held by the largest N of them."""
    if not top_n or any(int(n) < 1 for n in top_n):
        raise MetricInputError(f"top_n must be positive whole numbers; got {top_n!r}")
    r = records[backlog(records, fiscal_year)].copy()
    apps = r["applications_online"].astype("Float64").fillna(0) + r["applications_offline"].astype(
        "Float64"
    )
    r = r.assign(applications=apps).dropna(subset=["applications"])
    r = r.sort_values(["applications", "procedure_id"], ascending=[False, True])
    total = float(r["applications"].sum())
    why = None if total > 0 else reason("no_backlog_applications")
    rows = []
    for n in sorted({int(n) for n in top_n}):
        held = float(r["applications"].head(n).sum())
        rows.append(
            {
                "top_n": n,
                "procedures": min(n, len(r)),
                "applications": int(held),
                "share": held / total if total > 0 else math.nan,
            }
        )
    keep = [
        c
        for c in ("procedure_id", "procedure_name", "department", "priority_band")
        if c in r.columns
    ]
    largest = r.head(max(top_n))[keep + ["applications"]].reset_index(drop=True)
    largest["applications"] = largest["applications"].astype(int)
    if total > 0:
        largest["share"] = largest["applications"] / total
        largest["cumulative_share"] = largest["share"].cumsum()
    return Concentration(int(fiscal_year), len(r), int(total), pd.DataFrame(rows), largest, why)


# ---- the evaluation -------------------------------------------------------------------------

SUMMARY, PLAN, RECORDS = "online_summary", "online_plan", "online_procedures"


@dataclass(frozen=True, slots=True)
class OnlineParams:
    """What an online-procedures report evaluates: the fiscal year and the coverage target.

    The target is the profile's :data:`~sugidx_analysis.municipality.ONLINE_COVERAGE`;
    ``target_coverage`` / ``target_fiscal_year`` replace its value or year for a what-if run
    (both are needed when the profile sets none). Without either there is no target, and
    coverage is not judged."""

    fiscal_year: int
    target_fiscal_year: int | None = None
    target_coverage: float | None = None
    profile: Profile = NO_PROFILE

    def __post_init__(self) -> None:
        for name in ("fiscal_year", "target_fiscal_year"):
            value = getattr(self, name)
            if name == "target_fiscal_year" and value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise MetricInputError(f"{name} must be a whole year such as 2023; got {value!r}")
        coverage = self.target_coverage
        if coverage is not None and (
            isinstance(coverage, bool)  # True is not 100%
            or not isinstance(coverage, (int, float, np.integer, np.floating))
            or not 0 < coverage <= 1  # also refuses NaN
        ):
            raise MetricInputError(
                f"target_coverage must be in (0, 1], e.g. 1.0 for 100%; "
                f"got {self.target_coverage!r}"
            )
        stated = self.profile.target(ONLINE_COVERAGE)
        given = (self.target_coverage is None, self.target_fiscal_year is None)
        if stated is None and given.count(True) == 1:
            raise MetricInputError(
                "give both target_coverage and target_fiscal_year: the municipality profile "
                "sets no online coverage target to take the other from"
            )

    @property
    def target(self) -> Target | None:
        """The coverage target judged against: the profile's, or the run's own values (then
        with no ``source_id``: the run states it)."""
        stated = self.profile.target(ONLINE_COVERAGE)
        if self.target_coverage is None and self.target_fiscal_year is None:
            return stated
        value = self.target_coverage if self.target_coverage is not None else stated.value
        year = (
            self.target_fiscal_year
            if self.target_fiscal_year is not None
            else stated.due_fiscal_year
        )
        if stated is not None and value == stated.value and year == stated.due_fiscal_year:
            return stated
        return Target(
            ONLINE_COVERAGE, "オンライン対応率", float(value), "ratio", "", fiscal_year=int(year)
        )


@dataclass(frozen=True, slots=True)
class OnlineEvaluation:
    """Every decision and figure of the online-procedures report.

    Each part is None when the data cannot support it: ``change``, ``flow``, ``pace`` and
    ``decomposition`` then have a ``*_reason`` saying why (a
    :class:`~sugidx_analysis.themes.base.Reason`); ``plan`` and the record-level parts are None
    when their year choice found no data (``plan_year.shown`` / ``records_year`` is None).

    Attributes
    ----------
    params : what was asked.
    inputs : the loaded datasets by name (frames, files, tiers).
    year : the year the summary sections show (the requested one, or the latest earlier).
    measures : coverage, usage and counts for every year up to ``year.shown``.
    change, change_reason : ``year.shown`` against the year before.
    flow, flow_reason : how the backlog moved between those two years.
    pace, pace_reason : the pace needed to reach the target against the observed pace.
    plan_year, plan : the plan for the year after ``fiscal_year`` (or the latest earlier plan).
    records_year : the year the record-level section shows (None without records).
    records_differences : where the records' totals differ from the published table:
        ``(fiscal_year, column, from records, published)``.
    decomposition, decomposition_reason : the usage change split into its parts.
    concentration : how concentrated the backlog's applications are.
    """

    params: OnlineParams
    inputs: Mapping[str, Loaded]
    year: YearChoice
    measures: OnlineMeasures | None
    change: Change | None
    change_reason: Reason | None
    flow: BacklogFlow | None
    flow_reason: Reason | None
    pace: PaceToTarget | None
    pace_reason: Reason | None
    plan_year: YearChoice
    plan: PlanResult | None
    records_year: YearChoice | None
    records_differences: tuple[tuple[int, str, int, int], ...]
    decomposition: UsageDecomposition | None
    decomposition_reason: Reason | None
    concentration: Concentration | None

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Ids of every assumption the shown results rest on, each once."""
        ids: list[str] = ["fiscal_year"]
        if self.pace is not None:
            ids += self.pace.assumptions
        if self.change is not None and self.change.paper_avoided is not None:
            ids.append("online.paper_avoided")
        if self.plan is not None and self.plan.coverage_if_delivered is not None:
            ids += self.plan.assumptions
        records = self.inputs.get(RECORDS)
        shows_records = self.records_year is not None and self.records_year.shown is not None
        if shows_records and records is not None and records.tier == tiers.SYNTHETIC:
            ids += [
                "synth.online.seed",
                "synth.online.new_online_share",
                "synth.online.not_capable_applications",
            ]
        return tuple(dict.fromkeys(ids))


def _loaded(inputs: Mapping[str, Loaded], name: str) -> pd.DataFrame | None:
    item = inputs.get(name)
    return None if item is None else item.frame


def _pace(summary: pd.DataFrame, params: OnlineParams) -> tuple[PaceToTarget | None, Reason | None]:
    """The pace to target when the data supports one, else the reason it does not."""
    data = _pace_data(measures(summary))
    if len(data) < 2:
        return None, reason("too_few_years", found=len(data))
    latest = int(data.index.max())
    target = params.target
    if target is None:
        return None, reason("no_target")
    if target.due_fiscal_year < latest:
        return None, reason("target_before_latest", latest=latest)
    return pace_to_target(summary, target.value, target.due_fiscal_year), None


def evaluate(inputs: Mapping[str, Loaded], params: OnlineParams) -> OnlineEvaluation:
    """Evaluate online procedures for ``params.fiscal_year``: choose the years to show, compute
    every measure the data supports, and record why the others cannot be shown.

    Parameters
    ----------
    inputs : ``online_summary`` and ``online_plan`` (published or the analyst's), and
        optionally ``online_procedures`` (record level); missing ones may be absent or not ok.
    params : the fiscal year and target.
    """
    summary, plan = _loaded(inputs, SUMMARY), _loaded(inputs, PLAN)
    records = _loaded(inputs, RECORDS)
    year = choose_year(summary, params.fiscal_year)
    m = ch = flow = pace = None
    change_reason = flow_reason = pace_reason = None
    if year.shown is None:
        change_reason = flow_reason = pace_reason = reason("no_data_for_year")
    else:
        upto = summary[summary["fiscal_year"] <= year.shown]
        m = measures(upto)
        if year.previous is None:
            change_reason = flow_reason = reason("no_previous_year", year=year.shown - 1)
        else:
            ch = change(m, year.previous, year.shown)
            flow = backlog_flow(upto, year.previous, year.shown)
            if flow is None:
                flow_reason = reason("no_backlog_counts")
        pace, pace_reason = _pace(upto, params)

    plan_year = choose_year(plan, params.fiscal_year + 1)
    plan_result = None
    if plan_year.shown is not None:
        plan_result = plan_by_band(plan, summary, plan_year.shown)

    records_year = None
    differences: tuple = ()
    decomposition = concentration = decomposition_reason = None
    if records is not None:
        records_year = choose_year(records, params.fiscal_year)
        if records_year.shown is None:
            decomposition_reason = reason("no_data_for_year")
        else:
            differences = tuple(compare_with_published(summarize(records), summary))
            if records_year.previous is None:
                decomposition_reason = reason("no_previous_year", year=records_year.shown - 1)
            else:
                decomposition = usage_decomposition(
                    records, records_year.previous, records_year.shown
                )
                if decomposition.within is None:  # the records cannot split the change
                    decomposition, decomposition_reason = None, decomposition.reason
            concentration = offline_concentration(records, records_year.shown)
    inputs = dict(inputs)
    goal = params.target
    if goal is not None and goal.source_id:
        inputs[PROFILE_INPUT] = targets_input(params.profile, (goal,))
    return OnlineEvaluation(
        params=params,
        inputs=inputs,
        year=year,
        measures=m,
        change=ch,
        change_reason=change_reason,
        flow=flow,
        flow_reason=flow_reason,
        pace=pace,
        pace_reason=pace_reason,
        plan_year=plan_year,
        plan=plan_result,
        records_year=records_year,
        records_differences=differences,
        decomposition=decomposition,
        decomposition_reason=decomposition_reason,
        concentration=concentration,
    )


# measure → (KPI id, unit)
_KPI_MEASURES = {
    "coverage": ("online.coverage", "ratio"),
    "usage": ("online.usage", "ratio"),
    "backlog": ("online.backlog", "procedures"),
    "applications_online": ("online.applications_online", "applications"),
}


def kpis(evaluation: OnlineEvaluation) -> list[Kpi]:
    """The theme's key figures in the year shown, with the year before and the target."""
    m, year = evaluation.measures, evaluation.year
    if m is None or year.shown is None:
        return []
    summary = evaluation.inputs.get(SUMMARY)
    tier = summary.tier if summary is not None else None
    goal = evaluation.params.target
    out = []
    for measure, (kpi_id, unit) in _KPI_MEASURES.items():
        value = m.value(measure, year.shown)
        if value is None:
            continue
        previous = m.value(measure, year.previous) if year.previous is not None else None
        is_target = measure == "coverage"
        verdict = judgement.NOT_JUDGED
        if is_target:
            verdict = coverage_judgement(evaluation)
        out.append(
            Kpi(
                kpi_id=kpi_id,
                theme="online",
                fiscal_year=year.shown,
                value=value,
                unit=unit,
                previous_year=year.previous if previous is not None else None,
                previous_value=previous,
                target=goal.value if is_target and goal else None,
                target_fiscal_year=goal.due_fiscal_year if is_target and goal else None,
                tier=tier,
                judgement=verdict,
            )
        )
    return out


def coverage_judgement(evaluation: OnlineEvaluation) -> str:
    """The verdict on coverage against its target (:mod:`sugidx_analysis.judgement`): the year
    the observed pace reaches the target procedures against the target year."""
    m, year, p = evaluation.measures, evaluation.year, evaluation.pace
    goal = evaluation.params.target
    if m is None or year.shown is None or goal is None:
        return judgement.NOT_JUDGED
    return judgement.judge(
        m.value("coverage", year.shown),
        goal.value,
        goal.due_fiscal_year,
        p.year_reached if p is not None else None,
        pace_known=p is not None,
    )
