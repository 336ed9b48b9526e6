"""A straight-line trend over fiscal years and its projection to a target year.

With three or more years: ordinary least squares (statsmodels) and a prediction interval for
the projected value. With exactly two: the line through the two points, plainly an
extrapolation, with no interval (two points say nothing about the error). Tested against R's
``lm`` and ``predict(..., interval = "prediction")`` (``tests/reference/trend_ols.R``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import MetricInputError

TWO_POINTS = "two_points"
OLS = "ols"
ASSUMPTION = {TWO_POINTS: "trend.two_points", OLS: "trend.ols"}


@dataclass(frozen=True, slots=True)
class Trend:
    """A fitted line ``value = intercept + slope × (year − first_year)`` and its value at
    ``at_year``.

    Attributes
    ----------
    method : ``"two_points"`` (a line through two points) or ``"ols"`` (least squares).
    years : the fiscal years observed, ascending.
    mean : the line's value at ``at_year``.
    lower, upper : the ``1 − alpha`` prediction interval at ``at_year`` (OLS only; None for two
        points).
    assumption : id of the assumption the method rests on (:mod:`sugidx_analysis.assumptions`).
    """

    method: str
    years: tuple[int, ...]
    first_year: int
    intercept: float
    slope: float
    at_year: int
    mean: float
    lower: float | None
    upper: float | None
    alpha: float

    @property
    def assumption(self) -> str:
        return ASSUMPTION[self.method]

    def value_at(self, year: float) -> float:
        """The line's value at ``year`` (no interval)."""
        return self.intercept + self.slope * (year - self.first_year)


def linear_trend(
    years: Sequence[int], values: Sequence[float], at_year: int, alpha: float = 0.05
) -> Trend:
    """The straight-line trend of ``values`` over ``years``, projected to ``at_year``.

    Raises
    ------
    MetricInputError
        for fewer than two points, years and values of different lengths, repeated years,
        missing values, or an alpha outside (0, 1).
    """
    if not 0 < alpha < 1:
        raise MetricInputError(f"alpha must be between 0 and 1; got {alpha!r}")
    if len(years) != len(values):
        raise MetricInputError(f"{len(years)} years but {len(values)} values")
    x_years = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(x_years) < 2:
        raise MetricInputError(f"a trend needs at least two years; got {len(x_years)}")
    if len(set(x_years.tolist())) != len(x_years):
        raise MetricInputError(f"each year may appear once; got {sorted(x_years.tolist())}")
    if np.isnan(y).any() or np.isnan(x_years).any():
        raise MetricInputError("a trend cannot be fitted through missing values")
    order = np.argsort(x_years)
    x_years, y = x_years[order], y[order]
    first = int(x_years[0])
    x = x_years - first
    at = float(at_year - first)
    observed = tuple(int(v) for v in x_years)
    if len(x) == 2:
        slope = float((y[1] - y[0]) / (x[1] - x[0]))
        intercept = float(y[0] - slope * x[0])
        mean = float(y[1] + slope * (at - x[1]))
        return Trend(
            TWO_POINTS,
            observed,
            first,
            intercept,
            slope,
            int(at_year),
            mean,
            None,
            None,
            float(alpha),
        )
    import statsmodels.api as sm

    design = sm.add_constant(x)
    fit = sm.OLS(y, design).fit()
    frame = fit.get_prediction(np.array([[1.0, at]])).summary_frame(alpha=alpha)
    return Trend(
        OLS,
        observed,
        first,
        float(fit.params[0]),
        float(fit.params[1]),
        int(at_year),
        float(frame["mean"].iloc[0]),
        float(frame["obs_ci_lower"].iloc[0]),
        float(frame["obs_ci_upper"].iloc[0]),
        float(alpha),
    )
