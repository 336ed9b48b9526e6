"""Coverage of stats.causal's intervals on seeded synthetic data shaped like the ward's: 48
months from 2021-04, the main office launching at month 32 (2023-12).

For each estimator, 200 series or panels with a known effect (does the 95% interval cover
it?) and 200 without (does the test reject at 5%?). ``pytest -s`` prints the rates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sugidx_analysis.stats import causal

RUNS = 200
MONTHS = [str(p) for p in pd.period_range("2021-04", periods=48, freq="M")]
SEASON = 0.1 * np.sin(2 * np.pi * np.arange(48) / 12)
COVERAGE = (0.90, 0.99)
MAX_REJECTION = 0.10
LAUNCH_AT = {"main": 32, **{f"branch_{i}": 42 for i in range(1, 5)}}
LAUNCHES = {unit: MONTHS[start] for unit, start in LAUNCH_AT.items()}


def _report(name: str, covered: float, rejected: float) -> None:
    print(
        f"\n{name}: the 95% interval covers the true effect in {covered:.1%} of {RUNS} runs; "
        f"with no effect, p < 0.05 in {rejected:.1%}"
    )


def _series(seed: int, jump: float, bend: float) -> np.ndarray:
    """A log series with trend, seasonality, AR(1) errors (rho 0.25) and an effect from 32."""
    rng = np.random.default_rng(seed)
    rho, sd = 0.25, 0.03
    noise = np.empty(48)
    noise[0] = rng.normal(0, sd / np.sqrt(1 - rho**2))  # from the stationary distribution
    for t in range(1, 48):
        noise[t] = rho * noise[t - 1] + rng.normal(0, sd)
    k = np.arange(48) - 32
    return 8 - 0.003 * np.arange(48) + SEASON + np.where(k >= 0, jump + bend * k, 0) + noise


def _panel(seed: int, effect: float) -> pd.DataFrame:
    """One window launching at month 32 and four at month 42 (the comparison until then),
    window and month effects, independent errors; the effect grows: effect × (1 + 0.1 e)."""
    rng = np.random.default_rng(seed)
    month_effect = SEASON - 0.003 * np.arange(48) + rng.normal(0, 0.05, 48)
    frames = []
    for unit, start in LAUNCH_AT.items():
        e = np.arange(48) - start
        y = rng.normal(7, 0.5) + month_effect + np.where(e >= 0, effect * (1 + 0.1 * e), 0)
        y += rng.normal(0, 0.04, 48)
        frames.append(pd.DataFrame({"unit": unit, "month": MONTHS, "value": y}))
    return pd.concat(frames, ignore_index=True)


def test_event_study_average_effect_covers_and_keeps_its_size():
    covered = rejected = 0
    for run in range(RUNS):
        es = causal.event_study(_panel(run, -0.1), LAUNCHES)
        truth = float(np.mean(-0.1 * (1 + 0.1 * np.arange(es.lags + 1))))
        covered += es.average_effect.lower <= truth <= es.average_effect.upper
        null = causal.event_study(_panel(10_000 + run, 0.0), LAUNCHES)
        rejected += null.average_effect.p_value < 0.05
    assert es.lags == 9 and es.comparison_kind == "last_treated"
    _report("event study, average post effect", covered / RUNS, rejected / RUNS)
    assert COVERAGE[0] <= covered / RUNS <= COVERAGE[1]
    assert rejected / RUNS <= MAX_REJECTION


@pytest.mark.xfail(
    strict=True,
    reason="Newey-West intervals are too narrow over 48 months with 15 regressors: about 85% "
    "coverage and 15% false rejections here (R's sandwich gives the same), a known small-sample "
    "bias of HAC estimators; kept as a failing check so that a better method shows up as XPASS",
)
def test_interrupted_time_series_level_change_covers_and_keeps_its_size():
    covered = rejected = 0
    for run in range(RUNS):
        its = causal.interrupted_time_series(MONTHS, _series(run, -0.15, -0.008), "2023-12")
        covered += its.level_change.lower <= -0.15 <= its.level_change.upper
        null = causal.interrupted_time_series(MONTHS, _series(10_000 + run, 0, 0), "2023-12")
        rejected += null.level_change.p_value < 0.05
    _report("interrupted time series, level change", covered / RUNS, rejected / RUNS)
    assert COVERAGE[0] <= covered / RUNS <= COVERAGE[1]
    assert rejected / RUNS <= MAX_REJECTION
