"""Cashless payment at the ward's windows and digital-divide outreach.

Pure: tables in, frozen dataclasses out. Two parts, one report (the programme groups them as one
initiative: services at the counter and help for residents who find digital services hard):

**Cashless payment.**
- The published shares of payments made cashless per window (seed 003, about FY2021; that
  document does not name its municipality, which the report says) and the roll-out timeline
  (本庁 区民課 from 2023-12, 区民事務所 from 2024-10, seed 004).
- With monthly records per window (``cashless_monthly``, up to the end of the fiscal year
  evaluated), the effect of each launch on the payments still made in cash, on the log scale
  (so a window's effect is a proportional change, comparable across windows of any size):
  an interrupted time series per window (:func:`~sugidx_analysis.stats.causal
  .interrupted_time_series`: level and slope change, month-of-year seasonality, Newey–West
  errors), and an event study over the staggered roll-out
  (:func:`~sugidx_analysis.stats.causal.event_study`: windows not yet launched are the
  comparison; the pre-launch effects test parallel trends).

**Outreach.** Sessions, participants and participants per session per provider; reach as
participations per 1,000 residents aged 65 or over (participations, not distinct people),
computed only for figures from a document that names the municipality whose population it
divides by.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...datasets.load import Loaded
from ...datasets.sources import unnamed_source_ids
from ...errors import MetricInputError
from ...stats import causal
from ..base import Kpi, Reason, YearChoice, check_confidence, check_fiscal_year, choose_year, reason
from . import records as rec

CASHLESS, OUTREACH, KPIS, MONTHLY = "cashless", "outreach", "kpis", "cashless_monthly"
TOTAL = "合計"  # outreach: the provider's total row
POPULATION_65 = "population_65plus"  # the kpis row of the reference population
OUTCOME = "cash"  # the payments the launch is meant to move off cash


@dataclass(frozen=True, slots=True)
class CashlessParams:
    """What a cashless report evaluates: the fiscal year, the interval level, and how many
    months before launch the event study shows."""

    fiscal_year: int
    confidence: float = 0.95
    leads: int = 6

    def __post_init__(self) -> None:
        check_fiscal_year(self.fiscal_year)
        check_confidence(self.confidence)
        if isinstance(self.leads, bool) or not isinstance(self.leads, (int, np.integer)):
            raise MetricInputError(f"leads must be a whole number of months; got {self.leads!r}")
        if not 2 <= self.leads <= 24:
            raise MetricInputError(f"leads must be between 2 and 24 months; got {self.leads!r}")

    @property
    def alpha(self) -> float:
        return 1 - self.confidence


# ---- the published figures ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WindowShare:
    """A published share of payments made cashless at one window."""

    fiscal_year: int
    window: str
    share: float
    note: str | None
    unnamed: bool  # the source document names no municipality


@dataclass(frozen=True, slots=True)
class Launch:
    """A published launch: the window (or group of windows) and its first month."""

    fiscal_year: int
    window: str
    month: str  # YYYY-MM
    note: str | None


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def published_shares(loaded: Loaded, fiscal_year: int) -> tuple[WindowShare, ...]:
    """Every published cashless share of ``fiscal_year`` or earlier."""
    frame = loaded.frame
    unnamed = unnamed_source_ids(loaded.frame, loaded.folder)
    rows = frame[(frame["fiscal_year"] <= fiscal_year) & frame["cashless_share"].notna()]
    return tuple(
        WindowShare(
            int(r.fiscal_year),
            str(r.window),
            float(r.cashless_share),
            _text(r.note),
            r.source_id in unnamed,
        )
        for r in rows.itertuples()
    )


def published_launches(frame: pd.DataFrame) -> tuple[Launch, ...]:
    """Every launch the table dates, in order (all of them: a later launch is a plan)."""
    rows = frame[frame["introduced"].notna()]
    out = [
        Launch(int(r.fiscal_year), str(r.window), rec.month_of(r.introduced), _text(r.note))
        for r in rows.itertuples()
    ]
    return tuple(sorted(out, key=lambda launch: launch.month))


# ---- effects of the launches ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class WindowEffect:
    """One window's interrupted time series of log cash payments (None with ``reason`` when
    the window's series cannot support it)."""

    window: str
    launch: str | None
    its: causal.Its | None
    reason: Reason | None

    @property
    def level_change(self) -> float | None:
        """The jump at launch as a proportional change: exp(b2) − 1."""
        return None if self.its is None else math.expm1(self.its.level_change.estimate)


@dataclass(frozen=True, eq=False)
class Effects:
    """The monthly records up to the end of the year evaluated and what they support."""

    last_month: str
    series: pd.DataFrame  # records.monthly_series, up to last_month
    launches: dict[str, str | None]
    windows: tuple[WindowEffect, ...]
    study: causal.EventStudy | None
    study_reason: Reason | None

    @property
    def launched(self) -> tuple[str, ...]:
        return tuple(w for w, m in self.launches.items() if m is not None and m <= self.last_month)


def proportional(value: float) -> float:
    """A log-scale effect as a proportional change: exp(value) − 1."""
    return math.expm1(value)


def window_effect(
    series: pd.DataFrame, window: str, launch: str | None, params: CashlessParams
) -> WindowEffect:
    """The interrupted time series of one window's log cash payments, when its series allows."""
    rows = series[series["window"] == window].sort_values("month")
    months = list(rows["month"])
    if launch is None:
        return WindowEffect(window, None, None, reason("no_launch"))
    if launch > months[-1]:
        return WindowEffect(window, launch, None, reason("not_yet", launch=launch))
    n_pre = sum(m < launch for m in months)
    n_post = len(months) - n_pre
    if n_pre < causal.MIN_PRE_SEASONAL:
        return WindowEffect(
            window, launch, None, reason("short_pre", found=n_pre, needed=causal.MIN_PRE_SEASONAL)
        )
    if n_post < causal.MIN_POST:
        return WindowEffect(
            window, launch, None, reason("short_post", found=n_post, needed=causal.MIN_POST)
        )
    cash = rows[OUTCOME].astype("float64")
    if (cash <= 0).any() or cash.isna().any():
        return WindowEffect(window, launch, None, reason("zero_cash"))
    its = causal.interrupted_time_series(
        months, np.log(cash.to_numpy()), launch, seasonality=True, alpha=params.alpha
    )
    return WindowEffect(window, launch, its, None)


def study(
    series: pd.DataFrame, launches: Mapping[str, str | None], params: CashlessParams
) -> tuple[causal.EventStudy | None, Reason | None]:
    """The event study over every window, when a launch has a comparison window."""
    last = series["month"].max()
    treated = {w: m for w, m in launches.items() if m is not None and m <= last}
    if not treated:
        return None, reason("no_launch_yet")
    if len(set(launches.values())) < 2:  # every window launched together: nothing to compare
        return None, reason("no_comparison")
    panel = series.assign(value=np.log(series[OUTCOME].astype("float64")))
    if not np.isfinite(panel["value"]).all():
        return None, reason("zero_cash")
    try:
        result = causal.event_study(
            panel[["window", "month", "value"]],
            dict(launches),
            unit="window",
            month="month",
            value="value",
            leads=params.leads,
            alpha=params.alpha,
        )
    except MetricInputError:  # a panel the estimator cannot use (too short): said, not raised
        return None, reason("study_failed")
    return result, None


def effects(
    monthly: pd.DataFrame, cashless: pd.DataFrame, fiscal_year: int, params: CashlessParams
) -> Effects | Reason:
    """The launches' effects from the records up to the end of ``fiscal_year`` (March)."""
    last_month = f"{fiscal_year + 1}-03"
    launches = rec.launches(monthly, cashless)
    series = rec.monthly_series(monthly)
    series = series[series["month"] <= last_month].reset_index(drop=True)
    if series.empty:
        return reason("no_records_for_year")
    windows = tuple(window_effect(series, w, launches[w], params) for w in launches)
    result, why = study(series, launches, params)
    return Effects(series["month"].max(), series, launches, windows, result, why)


# ---- outreach -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Programme:
    programme: str
    sessions: int | None
    participants: int | None


@dataclass(frozen=True, slots=True)
class Provider:
    """One provider's courses in one year: its total sessions (the programmes' sum where the
    total row has none) and participants, counted per session (延べ)."""

    fiscal_year: int
    provider: str
    programmes: tuple[Programme, ...]
    sessions: int | None
    participants: int | None
    unnamed: bool

    @property
    def per_session(self) -> float | None:
        if not self.sessions or self.participants is None:
            return None
        return self.participants / self.sessions


@dataclass(frozen=True, slots=True)
class Outreach:
    """The outreach of the year shown and its reach per 1,000 residents aged 65+."""

    year: YearChoice
    providers: tuple[Provider, ...]
    population_65: int | None
    population_date: str | None
    reach_reason: Reason | None

    @property
    def participations(self) -> int | None:
        counts = [p.participants for p in self.providers if not p.unnamed]
        return sum(counts) if counts and None not in counts else None

    @property
    def reach_per_1000(self) -> float | None:
        """Participations (not people) per 1,000 residents aged 65+."""
        if self.reach_reason is not None or not self.population_65:
            return None
        return self.participations / self.population_65 * 1000


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def providers(loaded: Loaded, fiscal_year: int) -> tuple[Provider, ...]:
    frame = loaded.frame
    unnamed = unnamed_source_ids(loaded.frame, loaded.folder)
    rows = frame[frame["fiscal_year"] == fiscal_year]
    out = []
    for name, group in rows.groupby("provider", sort=False):
        parts = group[group["programme"] != TOTAL]
        total = group[group["programme"] == TOTAL]
        programmes = tuple(
            Programme(str(r.programme), _int(r.sessions), _int(r.participants))
            for r in parts.itertuples()
        )
        sessions = _int(total["sessions"].iloc[0]) if not total.empty else None
        if sessions is None and programmes and all(p.sessions is not None for p in programmes):
            sessions = sum(p.sessions for p in programmes)
        participants = _int(total["participants"].iloc[0]) if not total.empty else None
        if (
            participants is None
            and programmes
            and all(p.participants is not None for p in programmes)
        ):
            participants = sum(p.participants for p in programmes)
        out.append(
            Provider(
                fiscal_year,
                str(name),
                programmes,
                sessions,
                participants,
                bool(set(group["source_id"]) & unnamed),
            )
        )
    return tuple(out)


def population_65(kpis: pd.DataFrame | None) -> tuple[int | None, str | None]:
    """The reference population aged 65+ and its date, from ``kpis``."""
    if kpis is None:
        return None, None
    rows = kpis[kpis["kpi_id"] == POPULATION_65]
    if rows.empty:
        return None, None
    row = rows.sort_values("fiscal_year").iloc[-1]
    value = row["value"]
    return int(float(str(value).replace(",", "").removesuffix("人"))), _text(row.get("as_of"))


def outreach(inputs: Mapping[str, Loaded], fiscal_year: int) -> Outreach:
    loaded = inputs.get(OUTREACH)
    frame = None if loaded is None else loaded.frame
    year = choose_year(frame, fiscal_year)
    if year.shown is None:
        return Outreach(year, (), None, None, reason("no_data_for_year"))
    shown = providers(loaded, year.shown)
    population, date = population_65(_frame(inputs, KPIS))
    why = None
    if population is None:
        why = reason("no_population")
    elif all(p.unnamed for p in shown):
        why = reason("unnamed_source")
    elif any(p.participants is None for p in shown if not p.unnamed):
        why = reason("no_participants")
    return Outreach(year, shown, population, date, why)


# ---- the evaluation -------------------------------------------------------------------------


@dataclass(frozen=True)
class CashlessEvaluation:
    params: CashlessParams
    inputs: dict
    year: YearChoice
    shares: tuple[WindowShare, ...]
    launches: tuple[Launch, ...]
    records_year: int | None
    effects: Effects | None
    effects_reason: Reason | None
    outreach: Outreach

    @property
    def records_shown(self) -> bool:
        return self.effects is not None


def _frame(inputs: Mapping[str, Loaded], name: str) -> pd.DataFrame | None:
    loaded = inputs.get(name)
    return None if loaded is None else loaded.frame


def evaluate(inputs: Mapping[str, Loaded], params: CashlessParams) -> CashlessEvaluation:
    """Evaluate cashless payment and outreach for ``params.fiscal_year``.

    Raises
    ------
    DataValidationError
        when the monthly records break their rules (every problem listed).
    """
    cashless = _frame(inputs, CASHLESS)
    year = choose_year(cashless, params.fiscal_year)
    shares: tuple[WindowShare, ...] = ()
    launches: tuple[Launch, ...] = ()
    if cashless is not None:
        shares = published_shares(inputs[CASHLESS], year.shown or params.fiscal_year)
        launches = published_launches(cashless)
    monthly = _frame(inputs, MONTHLY)
    found = why = None
    records_year = None
    if monthly is None:
        why = reason("no_records")
    elif cashless is None:
        why = reason("no_launch_table")
    else:
        file = inputs[MONTHLY].path.name if inputs[MONTHLY].path else MONTHLY
        monthly = rec.validated(monthly, cashless, file)
        records_year = params.fiscal_year
        result = effects(monthly, cashless, params.fiscal_year, params)
        if isinstance(result, Reason):
            why = result
        else:
            found = result
    return CashlessEvaluation(
        params,
        dict(inputs),
        year,
        shares,
        launches,
        records_year,
        found,
        why,
        outreach(inputs, params.fiscal_year),
    )


# ---- KPIs -----------------------------------------------------------------------------------


def kpis(evaluation: CashlessEvaluation) -> list[Kpi]:
    """Published figures only (no source sets a target for them): the outreach participants
    per session and reach, and the number of windows with a dated launch."""
    out = []
    o = evaluation.outreach
    for p in o.providers:
        if p.per_session is not None and not p.unnamed:
            out.append(
                Kpi(
                    f"outreach.per_session.{p.provider}",
                    "cashless",
                    p.fiscal_year,
                    p.per_session,
                    "persons",
                    tier=evaluation.inputs[OUTREACH].tier,
                )
            )
    if o.reach_per_1000 is not None:
        out.append(
            Kpi(
                "outreach.reach_per_1000_65plus",
                "cashless",
                o.year.shown,
                o.reach_per_1000,
                "per_1000",
                tier=evaluation.inputs[OUTREACH].tier,
            )
        )
    return out
