"""Effects of a staggered roll-out: an interrupted time series for one window and an event study
over a panel of windows.

Cashless payment came to the main office window in 2023-12 and to the branch offices in
2024-10. The estimators take numbers (the theme passes log monthly cash transactions) and
months as ``'YYYY-MM'`` strings or monthly pandas Periods. Tested against R's ``lm``,
``sandwich::NeweyWest`` and ``lmtest::coeftest`` (``tests/reference/causal_reference.R``) and,
for coverage, by simulation (``tests/stats/test_causal_simulation.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import MetricInputError

# An interrupted time series needs a baseline: a year to fix a trend, two to tell month-of-year
# effects from it (each calendar month seen twice before launch). Three post months at least,
# so that the level and slope changes are not fitted from one or two points.
MIN_PRE = 12
MIN_PRE_SEASONAL = 24
MIN_POST = 3
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def _ordinal(value: object, what: str) -> int:
    """A month as months since 1970-01 (the pandas Period ordinal)."""
    if isinstance(value, pd.Period) and value.freqstr == "M":
        return int(value.ordinal)
    match = _MONTH.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise MetricInputError(
            f"{what} must be a month 'YYYY-MM' or a monthly Period; got {value!r}"
        )
    return 12 * (int(match[1]) - 1970) + int(match[2]) - 1


def _label(ordinal: int) -> str:
    return f"{1970 + ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


def _check_alpha(alpha: float) -> None:
    if not 0 < alpha < 1:
        raise MetricInputError(f"alpha must be between 0 and 1; got {alpha!r}")


def _consecutive(ordinals: Sequence[int], what: str) -> None:
    """Sorted months with no gap and no repeat, else an error naming the first offender."""
    for a, b in zip(ordinals, ordinals[1:], strict=False):
        if b == a:
            raise MetricInputError(f"{what}: month {_label(a)} appears more than once")
        if b != a + 1:
            missing = _label(a + 1) if b == a + 2 else f"{_label(a + 1)} to {_label(b - 1)}"
            raise MetricInputError(
                f"{what}: months must be consecutive; no data for {missing} "
                f"(between {_label(a)} and {_label(b)})"
            )


@dataclass(frozen=True, slots=True)
class Coefficient:
    """An estimate (a coefficient or a linear combination of them) with its standard error,
    ``1 − alpha`` interval and two-sided p-value from the t distribution with ``df``."""

    estimate: float
    se: float
    lower: float
    upper: float
    p_value: float
    df: float


def _combination(
    weights: np.ndarray, params: np.ndarray, cov: np.ndarray, df: float, alpha: float
) -> Coefficient:
    estimate = float(weights @ params)
    se = math.sqrt(max(float(weights @ cov @ weights), 0.0))
    q = float(stats.t.ppf(1 - alpha / 2, df))
    p = float(2 * stats.t.sf(abs(estimate) / se, df)) if se > 0 else math.nan
    return Coefficient(estimate, se, estimate - q * se, estimate + q * se, p, float(df))


def _effect_rows(
    keys: Sequence[tuple], coefficients: Sequence[Coefficient], columns
) -> pd.DataFrame:
    rows = [
        (*key, c.estimate, c.se, c.lower, c.upper, c.p_value)
        for key, c in zip(keys, coefficients, strict=True)
    ]
    return pd.DataFrame(rows, columns=[*columns, "effect", "se", "lower", "upper", "p_value"])


# ---- interrupted time series ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Its:
    """A segmented regression of one monthly series around a launch.

    Attributes
    ----------
    months, observed, fitted : the series and the model's fitted values.
    counterfactual : the fitted values without the level and slope changes (equal to
        ``fitted`` before launch): what the model says the series would have done.
    level_change, slope_change : b2 (the jump at launch) and b3 (the change of slope a month).
    effects : one row per post month: month, k (months since launch, 0 at launch), effect
        (b2 + b3·k), se, lower, upper, p_value.
    mean_effect : the mean of ``effects`` over the observed post months, b2 + b3·mean(k).
    lags : the Newey–West lag used; df : the residual degrees of freedom of every t interval.
    """

    months: tuple[str, ...]
    launch: str
    observed: tuple[float, ...]
    fitted: tuple[float, ...]
    counterfactual: tuple[float, ...]
    level_change: Coefficient
    slope_change: Coefficient
    effects: pd.DataFrame
    mean_effect: Coefficient
    n_pre: int
    n_post: int
    lags: int
    seasonality: bool
    alpha: float
    df: float


def default_lags(n: int) -> int:
    """Newey and West's (1994) rule of thumb, floor(4·(n/100)^(2/9)): 3 for four years."""
    return int(math.floor(4 * (n / 100) ** (2 / 9)))


def interrupted_time_series(
    months: Sequence[str | pd.Period],
    values: Sequence[float],
    launch: str | pd.Period,
    *,
    seasonality: bool = True,
    lags: int | None = None,
    alpha: float = 0.05,
) -> Its:
    """Level and slope change of a monthly series at ``launch`` by segmented regression.

    y_t = b0 + b1·t + b2·post_t + b3·(t − t0)·post_t [+ 11 month-of-year dummies], by OLS,
    t = 0…n−1, post_t = (month ≥ launch), t0 = the launch's t. Standard errors are Newey–West
    (Bartlett kernel, ``lags`` lags, default floor(4·(n/100)^(2/9)), small-sample factor
    n/(n−k)), because monthly errors are autocorrelated; intervals and p-values use t with the
    residual df. This is R's ``NeweyWest(fit, lag = lags, prewhite = FALSE, adjust = TRUE)``
    with ``coeftest``.

    Caveat: over four years of months these intervals are too narrow. With AR(1) errors (rho
    0.25) the 95% interval of the level change covers the true change in about 85% of
    simulated series, and without an effect p < 0.05 in about 15% (independent errors: about
    88% coverage); Newey–West standard errors are biased down in short series with many
    regressors (R's ``sandwich`` gives the same). Read p-values near 0.05 as weak evidence.

    Raises
    ------
    MetricInputError
        for months and values of different lengths, a gap or a repeat in the months, missing
        values, a launch outside the series, fewer than MIN_PRE (MIN_PRE_SEASONAL with
        seasonality) months before launch or MIN_POST from it, a bad lag or alpha.
    """
    import statsmodels.api as sm

    _check_alpha(alpha)
    if len(months) != len(values):
        raise MetricInputError(f"{len(months)} months but {len(values)} values")
    if len(months) == 0:
        raise MetricInputError("the series is empty")
    ordinals = np.array([_ordinal(m, "each month") for m in months], dtype=int)
    y = np.asarray(values, dtype=float)
    if np.isnan(y).any():
        raise MetricInputError("the series has missing values: fill or drop them first")
    order = np.argsort(ordinals, kind="stable")
    ordinals, y = ordinals[order], y[order]
    _consecutive(ordinals.tolist(), "the series")
    start = _ordinal(launch, "launch")
    n = len(y)
    t = np.arange(n, dtype=float)
    t0 = start - int(ordinals[0])
    if not 0 <= t0 < n:
        raise MetricInputError(
            f"launch {_label(start)} lies outside the series "
            f"({_label(ordinals[0])} to {_label(ordinals[-1])})"
        )
    n_pre, n_post = t0, n - t0
    min_pre = MIN_PRE_SEASONAL if seasonality else MIN_PRE
    if n_pre < min_pre or n_post < MIN_POST:
        raise MetricInputError(
            f"an interrupted time series needs at least {min_pre} months before launch and "
            f"{MIN_POST} from it; got {n_pre} before and {n_post} from {_label(start)}"
        )
    lags = default_lags(n) if lags is None else lags
    if not isinstance(lags, (int, np.integer)) or not 0 <= lags < n:
        raise MetricInputError(f"lags must be a whole number from 0 to {n - 1}; got {lags!r}")
    post = (t >= t0).astype(float)
    k = (t - t0) * post
    columns = [np.ones(n), t, post, k]
    if seasonality:
        calendar = ordinals % 12
        columns += [(calendar == m).astype(float) for m in range(1, 12)]  # January the base
    design = np.column_stack(columns)
    # Checked against R to 1e-13: statsmodels' HAC with use_correction=True multiplies by
    # n/(n − k), R's adjust = TRUE; its Bartlett weights 1 − j/(lags + 1), without
    # prewhitening, are NeweyWest(prewhite = FALSE); use_t=True gives coeftest's t(df_resid).
    fit = sm.OLS(y, design).fit(
        cov_type="HAC", cov_kwds={"maxlags": int(lags), "use_correction": True}, use_t=True
    )
    b, cov, df = np.asarray(fit.params), np.asarray(fit.cov_params()), float(fit.df_resid)

    def at(level: float, slope: float) -> Coefficient:
        g = np.zeros(len(b))
        g[2], g[3] = level, slope
        return _combination(g, b, cov, df, alpha)

    post_k = range(n_post)
    effects = [at(1.0, float(j)) for j in post_k]
    fitted = design @ b
    return Its(
        months=tuple(_label(o) for o in ordinals),
        launch=_label(start),
        observed=tuple(y.tolist()),
        fitted=tuple(fitted.tolist()),
        counterfactual=tuple((fitted - b[2] * post - b[3] * k).tolist()),
        level_change=at(1.0, 0.0),
        slope_change=at(0.0, 1.0),
        effects=_effect_rows([(_label(start + j), j) for j in post_k], effects, ["month", "k"]),
        mean_effect=at(1.0, (n_post - 1) / 2),
        n_pre=n_pre,
        n_post=n_post,
        lags=int(lags),
        seasonality=seasonality,
        alpha=float(alpha),
        df=df,
    )


# ---- event study ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreTrend:
    """Joint F test that every cohort's pre-launch coefficient (event time ≤ −2) is zero."""

    f: float
    df1: int
    df2: float
    p_value: float
    rejected: bool


@dataclass(frozen=True, eq=False)
class EventStudy:
    """Effects by months since launch over a staggered roll-out (Sun & Abraham 2021).

    Attributes
    ----------
    effects : one row per event time e in [−leads, lags]: event_time, effect, se, lower, upper,
        p_value, cohorts (how many launch cohorts are observed at e). e = −1 is the reference:
        0 by construction, se 0, p NaN.
    average_effect : the mean of the effects at e = 0…lags, each event time weighted equally.
    pretrend : the F test of the pre-launch coefficients, None when no cohort has two
        pre-launch months.
    cohorts : launch month → treated units; comparison : the control units (never treated, or
        the last cohort before its launch: ``comparison_kind``); always_treated : units
        dropped because they launched on or before the panel's first month.
    months : the months used; n : observations; df : residual degrees of freedom.
    """

    effects: pd.DataFrame
    average_effect: Coefficient
    pretrend: PreTrend | None
    cohorts: Mapping[str, tuple[str, ...]]
    comparison: tuple[str, ...]
    comparison_kind: str
    always_treated: tuple[str, ...]
    months: tuple[str, ...]
    n: int
    df: float
    leads: int
    lags: int
    alpha: float

    @property
    def treated(self) -> tuple[str, ...]:
        return tuple(u for units in self.cohorts.values() for u in units)

    @property
    def parallel_trends_rejected(self) -> bool | None:
        return None if self.pretrend is None else self.pretrend.rejected


def _ols(design: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Least squares through the pseudo-inverse, as statsmodels' OLS, and the classical
    covariance s²(X'X)⁻¹: in numpy with one SVD because statsmodels makes several per fit and
    the simulation test fits 400 panels."""
    u, sv, vt = np.linalg.svd(design, full_matrices=False)
    if sv[-1] <= sv[0] * max(design.shape) * np.finfo(float).eps:
        raise MetricInputError(
            "the effects are not identified: each treated cohort needs the month before its "
            "launch observed, and each month of the panel a comparison unit observed"
        )
    b = vt.T @ ((u.T @ y) / sv)
    resid = y - design @ b
    df = float(len(y) - design.shape[1])
    return b, (vt.T / sv**2) @ vt * float(resid @ resid / df), df


def _panel_frame(
    panel: pd.DataFrame, launches: Mapping[str, object], unit: str, month: str, value: str
) -> tuple[pd.DataFrame, dict[str, int | None]]:
    """The panel as (unit, month ordinal, value) sorted, and launches as ordinals; checked."""
    missing = [c for c in (unit, month, value) if c not in panel.columns]
    if missing:
        raise MetricInputError(f"the panel has no column {', '.join(map(repr, missing))}")
    frame = pd.DataFrame(
        {
            "unit": panel[unit].astype(str).to_numpy(),
            "month": [_ordinal(m, f"column {month!r}") for m in panel[month]],
            "value": pd.to_numeric(panel[value], errors="coerce").to_numpy(dtype=float),
        }
    )
    if frame["value"].isna().any() or panel[unit].isna().any():
        raise MetricInputError(f"the panel has missing units or values in {value!r}")
    repeated = frame.duplicated(["unit", "month"])
    if repeated.any():
        u, m = frame.loc[repeated.idxmax(), ["unit", "month"]]
        raise MetricInputError(f"unit {u!r} has more than one row for {_label(m)}")
    frame = frame.sort_values(["unit", "month"], ignore_index=True)
    units = set(frame["unit"])
    if unknown := sorted(set(map(str, launches)) - units):
        raise MetricInputError(f"launches name units not in the panel: {unknown}")
    if unlisted := sorted(units - set(map(str, launches))):
        raise MetricInputError(f"units without a launch entry (None for never): {unlisted}")
    starts = {
        str(u): None if m is None or (not isinstance(m, str) and pd.isna(m)) else _ordinal(m, u)
        for u, m in launches.items()
    }
    for u, rows in frame.groupby("unit", sort=False)["month"]:
        _consecutive(rows.tolist(), f"unit {u!r}")
    return frame, starts


def event_study(
    panel: pd.DataFrame,
    launches: Mapping[str, str | pd.Period | None],
    *,
    unit: str = "unit",
    month: str = "month",
    value: str = "value",
    leads: int = 6,
    lags: int | None = None,
    alpha: float = 0.05,
) -> EventStudy:
    """Effects by event time (months since launch) of a staggered roll-out, by Sun and
    Abraham's (2021) interaction-weighted estimator.

    OLS of value on unit and month fixed effects and a dummy for every treated cohort × event
    time in the sample except e = −1 (fully dynamic, so no cohort's effects leak into
    another's). The effect at e is the cohorts' coefficients weighted by their share of the
    units observed at e. The comparison is the never-treated units; when there are none, only
    months before the last cohort's launch are kept and that cohort is the comparison. (With
    never-treated units, later cohorts do not serve as comparison for earlier ones.) Units
    launched on or before the panel's first month are always treated and dropped.

    The covariance is the classical OLS one, not cluster-robust: in the ward one window (the
    main office) is treated first, and with one treated cluster cluster-robust and HC
    estimators collapse (a dummy fitting one observation leaves a zero residual; Conley &
    Taber 2011, MacKinnon & Webb 2017). The variance then rests on the residual variance of
    the other windows, assuming independent, equal-variance window-month errors after window
    and month effects; the simulation test checks the coverage this gives.

    Each unit's months must be consecutive (no gaps); units may cover different spans.
    ``lags`` defaults to the largest event time observed; [−leads, lags] must lie within the
    event times observed.
    """
    _check_alpha(alpha)
    frame, starts = _panel_frame(panel, launches, unit, month, value)
    first, last = int(frame["month"].min()), int(frame["month"].max())
    always = sorted(u for u, s in starts.items() if s is not None and s <= first)
    never = sorted(u for u, s in starts.items() if s is None or s > last)
    frame = frame[~frame["unit"].isin(always)]
    if never:
        kind, control = "never_treated", set(never)
    else:
        cut = max((s for u, s in starts.items() if u not in always), default=first)
        kind, control = "last_treated", {u for u, s in starts.items() if s == cut}
        frame = frame[frame["month"] < cut]
    frame = frame.reset_index(drop=True)
    treated = ~frame["unit"].isin(control).to_numpy()
    if not treated.any():
        raise MetricInputError(
            "no treated cohort is left to compare: every unit launches in the same month (or "
            "is always treated) and no unit is never treated"
        )
    launch = np.array([starts[u] if t else 0 for u, t in zip(frame["unit"], treated, strict=True)])
    e = frame["month"].to_numpy() - launch  # event time; meaningless for the comparison
    pairs = zip(launch[treated].tolist(), e[treated].tolist(), strict=True)
    cells = sorted({(c, t) for c, t in pairs if t != -1})  # every cohort × event time but −1
    observed = e[treated]
    low, high = int(observed.min()), int(observed.max())
    lags = high if lags is None else lags
    for name, bound, limit in (("leads", leads, -low), ("lags", lags, high)):
        if not isinstance(bound, (int, np.integer)) or not 0 <= bound <= limit:
            raise MetricInputError(
                f"{name} must be a whole number from 0 to {limit} (event times observed run "
                f"from {low} to {high}); got {bound!r}"
            )
    unit_code = pd.factorize(frame["unit"])[0]
    month_code = frame["month"].to_numpy() - int(frame["month"].min())
    n_units, n_months = unit_code.max() + 1, month_code.max() + 1
    design = np.zeros((len(frame), n_units + n_months - 1 + len(cells)))
    design[np.arange(len(frame)), unit_code] = 1.0
    later = month_code > 0  # the first month is the base of the month effects
    design[np.flatnonzero(later), n_units + month_code[later] - 1] = 1.0
    column = {cell: n_units + n_months - 1 + j for j, cell in enumerate(cells)}
    for i in np.flatnonzero(treated):
        if (cell := (int(launch[i]), int(e[i]))) in column:
            design[i, column[cell]] = 1.0
    b, cov, df = _ols(design, frame["value"].to_numpy())

    def weights_at(event: int) -> np.ndarray:
        g = np.zeros(len(b))
        at = launch[treated][observed == event]
        if len(at) == 0:
            raise MetricInputError(f"no treated unit is observed {event} months from launch")
        for cohort, count in zip(*np.unique(at, return_counts=True), strict=True):
            g[column[(int(cohort), event)]] = count / len(at)
        return g

    rows, keys = [], []
    for event in range(-leads, lags + 1):
        n_cohorts = len(np.unique(launch[treated][observed == event]))
        if event == -1:
            rows.append(Coefficient(0.0, 0.0, 0.0, 0.0, math.nan, df))
        else:
            rows.append(_combination(weights_at(event), b, cov, df, alpha))
        keys.append((event, n_cohorts))
    effects = _effect_rows(keys, rows, ["event_time", "cohorts"])
    effects = effects[["event_time", "effect", "se", "lower", "upper", "p_value", "cohorts"]]
    average = sum(weights_at(event) for event in range(lags + 1)) / (lags + 1)

    pre = [column[cell] for cell in cells if cell[1] <= -2]
    pretrend = None
    if pre:
        f = float(b[pre] @ np.linalg.solve(cov[np.ix_(pre, pre)], b[pre])) / len(pre)
        p = float(stats.f.sf(f, len(pre), df))
        pretrend = PreTrend(f, len(pre), df, p, p < alpha)

    treated_units = sorted(set(frame["unit"][treated]))
    cohorts = {
        _label(c): tuple(u for u in treated_units if starts[u] == c)
        for c in sorted(set(launch[treated].tolist()))
    }
    return EventStudy(
        effects=effects,
        average_effect=_combination(average, b, cov, df, alpha),
        pretrend=pretrend,
        cohorts=cohorts,
        comparison=tuple(sorted(control)),
        comparison_kind=kind,
        always_treated=tuple(always),
        months=tuple(_label(m) for m in sorted(set(frame["month"]))),
        n=len(frame),
        df=df,
        leads=int(leads),
        lags=int(lags),
        alpha=float(alpha),
    )
