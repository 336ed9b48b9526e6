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


def _check(x: np.ndarray, y: np.ndarray, alpha: float, what: str) -> None:
    if not 0 < alpha < 1:
        raise MetricInputError(f"alpha must be between 0 and 1; got {alpha!r}")
    if len(x) != len(y):
        raise MetricInputError(f"{len(x)} {what}s but {len(y)} values")
    if len(x) < 2:
        raise MetricInputError(f"a trend needs at least two {what}s; got {len(x)}")
    if len(set(x.tolist())) != len(x):
        raise MetricInputError(f"each {what} may appear once; got {sorted(x.tolist())}")
    if np.isnan(y).any() or np.isnan(x).any():
        raise MetricInputError("a trend cannot be fitted through missing values")


@dataclass(frozen=True, slots=True)
class Line:
    """A fitted line ``value = intercept + slope × x`` over any numeric ``x`` (months since a
    first date, say) and its value at ``at`` with, for OLS, the prediction interval."""

    method: str
    x: tuple[float, ...]
    intercept: float
    slope: float
    at: float
    mean: float
    lower: float | None
    upper: float | None
    alpha: float

    @property
    def assumption(self) -> str:
        return ASSUMPTION[self.method]

    def value_at(self, x: float) -> float:
        return self.intercept + self.slope * x

    def reaches(self, level: float) -> float | None:
        """The ``x`` at which a rising line reaches ``level`` (the last ``x`` when it is already
        there); None when the line does not rise."""
        if self.value_at(max(self.x)) >= level:
            return max(self.x)
        if self.slope <= 0:
            return None
        return (level - self.intercept) / self.slope


def fit_line(x: Sequence[float], values: Sequence[float], at: float, alpha: float = 0.05) -> Line:
    """The straight line through ``values`` over ``x``: least squares with a ``1 − alpha``
    prediction interval at ``at`` from three points, the line through the two points (no
    interval) with two.

    Raises
    ------
    MetricInputError
        for fewer than two points, lengths that differ, a repeated ``x``, missing values, or an
        alpha outside (0, 1).
    """
    xs = np.asarray(x, dtype=float)
    y = np.asarray(values, dtype=float)
    _check(xs, y, alpha, "point")
    order = np.argsort(xs)
    xs, y = xs[order], y[order]
    observed = tuple(float(v) for v in xs)
    if len(xs) == 2:
        slope = float((y[1] - y[0]) / (xs[1] - xs[0]))
        intercept = float(y[0] - slope * xs[0])
        mean = float(y[1] + slope * (at - xs[1]))
        return Line(TWO_POINTS, observed, intercept, slope, float(at), mean, None, None, alpha)
    import statsmodels.api as sm

    fit = sm.OLS(y, sm.add_constant(xs)).fit()
    frame = fit.get_prediction(np.array([[1.0, at]])).summary_frame(alpha=alpha)
    return Line(
        OLS,
        observed,
        float(fit.params[0]),
        float(fit.params[1]),
        float(at),
        float(frame["mean"].iloc[0]),
        float(frame["obs_ci_lower"].iloc[0]),
        float(frame["obs_ci_upper"].iloc[0]),
        float(alpha),
    )


def linear_trend(
    years: Sequence[int], values: Sequence[float], at_year: int, alpha: float = 0.05
) -> Trend:
    """The straight-line trend of ``values`` over ``years``, projected to ``at_year``
    (:func:`fit_line` with ``x = year − first year``).

    Raises
    ------
    MetricInputError
        for fewer than two points, years and values of different lengths, repeated years,
        missing values, or an alpha outside (0, 1).
    """
    x_years = np.asarray(years, dtype=float)
    _check(x_years, np.asarray(values, dtype=float), alpha, "year")
    first = int(x_years.min())
    line = fit_line(x_years - first, values, at_year - first, alpha)
    return Trend(
        line.method,
        tuple(int(v) + first for v in line.x),
        first,
        line.intercept,
        line.slope,
        int(at_year),
        line.mean,
        line.lower,
        line.upper,
        line.alpha,
    )
