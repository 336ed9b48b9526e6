"""Approximate figures: 「約5,200時間」 and the interval its rounding allows (5,150–5,250).

A published 「約」 figure is a rounded number. :func:`stated` turns it into an :class:`Approx`
holding the figure and the interval that rounding leaves open; arithmetic on an ``Approx``
carries the interval through (staff-equivalents, yen, hours per process), so that no output is
printed with more certainty than its input had. An exact figure is an ``Approx`` whose interval
is the figure itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import MetricInputError


@dataclass(frozen=True, slots=True)
class Approx:
    """A figure (``value``) and the interval ``low``–``high`` it stands for; ``approximate`` is
    True when the source said 「約」 (or a figure computed from such a one)."""

    value: float
    low: float
    high: float
    approximate: bool = False

    def times(self, factor: float) -> Approx:
        """The figure multiplied by an exact ``factor`` (hours × yen per hour)."""
        ends = sorted((self.low * factor, self.high * factor))
        return Approx(self.value * factor, ends[0], ends[1], self.approximate)

    def divided_by(self, divisor: float) -> Approx:
        """The figure divided by an exact, non-zero ``divisor`` (hours ÷ hours per person)."""
        if divisor == 0:
            raise MetricInputError("cannot divide an approximate figure by zero")
        return self.times(1 / divisor)

    def plus(self, other: Approx) -> Approx:
        """The sum of two figures: the intervals add (the worst case of both roundings)."""
        return Approx(
            self.value + other.value,
            self.low + other.low,
            self.high + other.high,
            self.approximate or other.approximate,
        )

    def minus(self, other: Approx) -> Approx:
        """The difference of two figures: low − other's high to high − other's low."""
        return Approx(
            self.value - other.value,
            self.low - other.high,
            self.high - other.low,
            self.approximate or other.approximate,
        )


def exact(value: float) -> Approx:
    """An exact figure: its interval is itself."""
    return Approx(float(value), float(value), float(value), False)


def rounding_unit(value: float) -> float:
    """The unit a stated figure is rounded to, read from its trailing zeros: 5,200 → 100,
    1,300 → 100, 27 → 1, 245,140,000 → 10,000, 192.6 → 0.1, 0 → 1."""
    if not math.isfinite(value):
        raise MetricInputError(f"an approximate figure must be a finite number; got {value!r}")
    magnitude = abs(value)
    if magnitude != int(magnitude):
        decimals = len(repr(float(magnitude)).split(".")[1].rstrip("0"))
        return 10.0**-decimals
    whole = int(magnitude)
    if whole == 0:
        return 1.0
    unit = 1
    while whole % (unit * 10) == 0:
        unit *= 10
    return float(unit)


def stated(value: float, approximate: bool) -> Approx:
    """A figure as the source states it: 「約5,200」 (``approximate``) stands for anything that
    rounds to 5,200 at its last non-zero digit, 5,150–5,250; an exact figure for itself."""
    value = float(value)
    if not approximate:
        return exact(value)
    half = rounding_unit(value) / 2
    return Approx(value, value - half, value + half, True)


def total(items: Iterable[Approx]) -> Approx:
    """The sum of several figures (0 exactly when there are none)."""
    out = exact(0.0)
    for item in items:
        out = out.plus(item)
    return out
