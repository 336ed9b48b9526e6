"""System standardisation: how far the Fit&Gap issues are resolved, what the ward's 90% target
still needs, and — when the data holds several counts — whether the observed pace gets there.

Pure: tables in, frozen dataclasses out.

- Progress per system and overall (resolved ÷ issues) at the latest count of the year shown.
- The whole issues still to resolve for the target: a system needs ⌈target × issues⌉ resolved
  (a rate of 90% is reached only by a whole issue: 0.9 × 3,365 = 3,028.5 → 3,029), overall the
  sum of the systems' needs, because the target is set for each system.
- The monthly pace that requires, from the count's date to the target date (a target month
  means its first day: 「令和7年度第2四半期に開始するテストまでに」 → 2025-07-01), counting a
  month as 365.25 ÷ 12 days.
- With two or more counts: the observed pace of the progress rate per month
  (:func:`sugidx_analysis.stats.trend.fit_line`: least squares with a prediction interval from
  three counts, the line through two otherwise), the date it reaches the target, and the
  judgement against the target date (:func:`sugidx_analysis.judgement.judge_date`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from ... import judgement, tiers
from ...datasets.load import Loaded
from ...municipality import (
    FIT_GAP_PROGRESS,
    NO_PROFILE,
    PROFILE_INPUT,
    Profile,
    Target,
    targets_input,
)
from ...stats.trend import Line, fit_line
from ..base import Kpi, Reason, YearChoice, check_confidence, check_fiscal_year, choose_year, reason

PROGRESS = "standardization_progress"
OVERALL = "全体"
DAYS_PER_MONTH = 365.25 / 12
THEME = "standardization"  # the prefix of this theme's target ids in the profile


@dataclass(frozen=True, slots=True)
class StandardizationParams:
    """What a standardisation report evaluates: the fiscal year, the interval level of the
    projection and the municipality's profile, whose targets the progress is judged against
    (:data:`~sugidx_analysis.municipality.FIT_GAP_PROGRESS` for every system; without it no
    target is assumed)."""

    fiscal_year: int
    confidence: float = 0.95
    profile: Profile = NO_PROFILE

    @property
    def fit_gap_target(self) -> Target | None:
        return self.profile.target(FIT_GAP_PROGRESS)

    @property
    def other_targets(self) -> tuple[Target, ...]:
        """The profile's other targets of this theme (national deadline, go-live)."""
        return tuple(
            t for t in self.profile.theme_targets(THEME) if t.target_id != FIT_GAP_PROGRESS
        )

    def __post_init__(self) -> None:
        check_fiscal_year(self.fiscal_year)
        check_confidence(self.confidence)


@dataclass(frozen=True, slots=True)
class Status:
    """One system (or :data:`OVERALL`) at one count: issues, resolved, and what the target
    needs by ``due``."""

    system: str
    scope: str | None
    as_of: dt.date
    issues: int
    resolved: int
    target_rate: float | None
    due: dt.date | None
    systems_needed: int | None = None  # overall only: the sum of the systems' needs

    @property
    def rate(self) -> float | None:
        return self.resolved / self.issues if self.issues else None

    @property
    def remaining(self) -> int:
        return self.issues - self.resolved

    @property
    def needed(self) -> int | None:
        """Resolved issues the target needs: ⌈target × issues⌉ for a system, the sum of the
        systems' needs overall (each system must reach the rate)."""
        if self.systems_needed is not None:
            return self.systems_needed
        if self.target_rate is None:
            return None
        return resolved_needed(self.issues, self.target_rate)

    @property
    def to_resolve(self) -> int | None:
        """Issues still to resolve for the target (0 when it is met)."""
        return None if self.needed is None else max(self.needed - self.resolved, 0)

    @property
    def months_left(self) -> float | None:
        if self.due is None:
            return None
        return months_between(self.as_of, self.due)

    @property
    def monthly_pace_needed(self) -> float | None:
        """Issues to resolve a month to meet the target on time (None when the date has passed
        with issues still to resolve, or there is no target)."""
        left = self.months_left
        if self.to_resolve is None or left is None:
            return None
        if self.to_resolve == 0:
            return 0.0
        return self.to_resolve / left if left > 0 else None


def resolved_needed(issues: int, target_rate: float) -> int:
    """The smallest whole number of resolved issues whose rate is at least ``target_rate``
    (exact: 90% of 3,365 is 3,028.5, so 3,029)."""
    return math.ceil(Fraction(str(target_rate)) * issues)


def months_between(start: dt.date, end: dt.date) -> float:
    """Months from ``start`` to ``end`` (days ÷ 365.25/12): 2024-07-31 → 2025-07-01 is
    11.0 months."""
    return (end - start).days / DAYS_PER_MONTH


def due_date(value) -> dt.date | None:
    """A target date as a day: a month (「2025-07」) means its first day."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    return dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01")


@dataclass(frozen=True, slots=True)
class Pace:
    """The observed pace of one system's progress rate over its counts.

    ``line`` is fitted to the rate over months since the first count; ``reached`` is the date
    the line reaches the target (None: it does not rise); ``at_due`` the rate the line gives
    on the due date (``line.lower``/``line.upper``: its prediction interval, OLS only)."""

    system: str
    dates: tuple[dt.date, ...]
    rates: tuple[float, ...]
    line: Line
    target_rate: float
    due: dt.date
    reached: dt.date | None
    judgement: str

    @property
    def per_month(self) -> float:
        """Points of progress rate per month."""
        return self.line.slope * 100

    @property
    def at_due(self) -> float:
        return self.line.mean


def observed_pace(history: pd.DataFrame, target_rate: float, due: dt.date, alpha: float) -> Pace:
    """The pace of one system's rate over its counts (``history``: as_of, issues, resolved,
    one row per date, at least two)."""
    rows = history.sort_values("as_of")
    dates = tuple(rows["as_of"])
    first = dates[0]
    x = [months_between(first, d) for d in dates]
    rates = tuple(
        float(r) / float(i) for r, i in zip(rows["resolved"], rows["issues"], strict=True)
    )
    line = fit_line(x, rates, months_between(first, due), alpha)
    crossing = line.reaches(target_rate)
    reached = (
        None
        if crossing is None
        else first + dt.timedelta(days=math.ceil(crossing * DAYS_PER_MONTH))
    )
    verdict = judgement.judge_date(rates[-1], target_rate, due, reached, pace_known=True)
    return Pace(str(rows["system"].iloc[0]), dates, rates, line, target_rate, due, reached, verdict)


@dataclass(frozen=True)
class StandardizationEvaluation:
    """Everything the report shows for one fiscal year.

    ``statuses``: each system at the latest count of the year shown, then :data:`OVERALL`;
    ``paces``: the observed pace per system and overall (empty when there is one count: then
    ``pace_reason``); ``targets``: the profile's other targets of this theme (national deadline,
    go-live). ``inputs`` holds the profile's targets as the input
    :data:`~sugidx_analysis.municipality.PROFILE_INPUT` when there is a profile."""

    params: StandardizationParams
    inputs: dict
    year: YearChoice
    statuses: tuple[Status, ...]
    counts: tuple[dt.date, ...]
    paces: tuple[Pace, ...]
    pace_reason: Reason | None
    targets: tuple[Target, ...]
    overall_judgement: str

    @property
    def overall(self) -> Status | None:
        return self.statuses[-1] if self.statuses else None

    @property
    def as_of(self) -> dt.date | None:
        return self.counts[-1] if self.counts else None

    @property
    def overall_pace(self) -> Pace | None:
        return next((p for p in self.paces if p.system == OVERALL), None)


def _loaded(inputs: Mapping[str, Loaded], name: str) -> pd.DataFrame | None:
    loaded = inputs.get(name)
    return None if loaded is None else loaded.frame


def _counts(progress: pd.DataFrame, target: Target | None) -> pd.DataFrame:
    """One row per system and date, with the profile's target (the same for every system: the
    table's own target columns are what the document printed, not what is judged)."""
    frame = pd.DataFrame(
        {
            "as_of": [dt.date.fromisoformat(str(d)) for d in progress["as_of"]],
            "system": progress["system"].astype(str),
            "scope": progress["system_scope"] if "system_scope" in progress else None,
            "issues": progress["issues_total"].astype(int),
            "resolved": progress["issues_resolved"].astype(int),
            "target_rate": target.value if target is not None else np.nan,
            "due": [target.due_date if target is not None else None] * len(progress),
        }
    )
    return frame


def _status(row) -> Status:
    rate = None if pd.isna(row.target_rate) else float(row.target_rate)
    scope = None if row.scope is None or pd.isna(row.scope) else str(row.scope)
    return Status(row.system, scope, row.as_of, int(row.issues), int(row.resolved), rate, row.due)


def _overall(rows: pd.DataFrame, systems: tuple[Status, ...]) -> Status:
    """The sum over systems at one date. The target is the systems' own when they all share
    one; its need is then the sum of the systems' needs."""
    rates = set(rows["target_rate"].dropna().astype(float))
    dues = {d for d in rows["due"] if d is not None}
    shared = len(rates) == 1 and rows["target_rate"].notna().all() and len(dues) == 1
    return Status(
        OVERALL,
        None,
        rows["as_of"].iloc[0],
        int(rows["issues"].sum()),
        int(rows["resolved"].sum()),
        rates.pop() if shared else None,
        dues.pop() if shared else None,
        sum(s.needed for s in systems) if shared else None,
    )


def evaluate(
    inputs: Mapping[str, Loaded], params: StandardizationParams
) -> StandardizationEvaluation:
    """Evaluate system standardisation for ``params.fiscal_year``: the latest count of the
    year shown (the requested year, else the latest earlier one) and every earlier count."""
    progress = _loaded(inputs, PROGRESS)
    year = choose_year(progress, params.fiscal_year)
    targets = params.other_targets
    inputs = dict(inputs)
    stated = targets_input(params.profile, params.profile.theme_targets(THEME))
    if stated is not None:
        inputs[PROFILE_INPUT] = stated
    if year.shown is None:
        return StandardizationEvaluation(
            params,
            inputs,
            year,
            (),
            (),
            (),
            reason("no_data_for_year"),
            targets,
            judgement.NOT_JUDGED,
        )
    counts = _counts(progress[progress["fiscal_year"] <= year.shown], params.fit_gap_target)
    dates = tuple(sorted(set(counts["as_of"])))
    latest = counts[counts["as_of"] == dates[-1]].sort_values(
        "issues", ascending=False, kind="stable"
    )
    systems = tuple(_status(r) for r in latest.itertuples())
    statuses = (*systems, _overall(latest, systems))
    paces, why = _paces(counts, dates, statuses, 1 - params.confidence)
    overall = statuses[-1]
    pace = next((p for p in paces if p.system == OVERALL), None)
    verdict = judgement.judge_date(
        overall.rate,
        overall.target_rate,
        overall.due,
        pace.reached if pace else None,
        pace_known=pace is not None,
    )
    return StandardizationEvaluation(
        params, inputs, year, statuses, dates, paces, why, targets, verdict
    )


def _paces(
    counts: pd.DataFrame, dates: tuple[dt.date, ...], statuses: tuple[Status, ...], alpha: float
) -> tuple[tuple[Pace, ...], Reason | None]:
    if len(dates) < 2:
        return (), reason("one_count", date=dates[-1].isoformat())
    overall = statuses[-1]
    if overall.target_rate is None or overall.due is None:
        return (), reason("no_target")
    out = []
    for status in statuses[:-1]:
        history = counts[counts["system"] == status.system]
        if history["as_of"].nunique() >= 2 and status.target_rate is not None and status.due:
            out.append(observed_pace(history, status.target_rate, status.due, alpha))
    totals = (
        counts.groupby("as_of", as_index=False)[["issues", "resolved"]].sum().assign(system=OVERALL)
    )
    out.append(observed_pace(totals, overall.target_rate, overall.due, alpha))
    return tuple(out), None


# ---- KPIs -----------------------------------------------------------------------------------


def kpis(evaluation: StandardizationEvaluation) -> list[Kpi]:
    """The overall progress rate against the ward's target, with its judgement."""
    o = evaluation.overall
    if o is None or o.rate is None:
        return []
    return [
        Kpi(
            "standardization.progress_rate",
            "standardization",
            evaluation.year.shown,
            o.rate,
            "ratio",
            target=o.target_rate,
            target_fiscal_year=_fiscal_year(o.due) if o.due else None,
            target_due=o.due,
            tier=evaluation.inputs[PROGRESS].tier
            if PROGRESS in evaluation.inputs
            else tiers.PUBLISHED,
            judgement=evaluation.overall_judgement,
        )
    ]


def _fiscal_year(day: dt.date) -> int:
    """The fiscal year (April–March) a date falls in."""
    return day.year if day.month >= 4 else day.year - 1
