"""What each notebook parameter accepts: one rule per parameter name, checked before anything
runs.

The table lists every parameter of the ``parameters`` cells in ``notebooks/`` (a test keeps it
complete). A value ``-p`` gives is checked by its rule; a parameter with no rule (a notebook
outside ``notebooks/``) takes any value but NaN and ±Infinity. The themes' parameter
dataclasses (``OnlineParams`` …) refuse the same values when a notebook is run by hand.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import os
from dataclasses import dataclass

from ..errors import ParseError, RenderError
from ..limits import MIN_FISCAL_YEAR

FIRST_FISCAL_YEAR = MIN_FISCAL_YEAR  # validation refuses earlier years in the data too
LAST_TARGET_FISCAL_YEAR = 2100  # a target year can be far off (national 2030, 2050 goals)
NON_FINITE = "NaN, Infinity and -Infinity are not accepted"


def latest_fiscal_year(today: dt.date | None = None) -> int:
    """The latest fiscal year a report may be of: the latest its data may hold
    (:func:`sugidx_analysis.limits.max_fiscal_year`: the fiscal year after ``today``'s, or
    ``SUGIDX_MAX_FISCAL_YEAR``), so render accepts the years validation accepts."""
    from ..limits import max_fiscal_year

    return max_fiscal_year(today)


def _latest_note() -> str:
    from ..limits import MAX_FISCAL_YEAR_VAR

    if os.environ.get(MAX_FISCAL_YEAR_VAR, "").strip():
        return f" (the limit {MAX_FISCAL_YEAR_VAR} sets)"
    return f" (the next fiscal year; {MAX_FISCAL_YEAR_VAR} allows a later one)"


@dataclass(frozen=True, slots=True)
class Rule:
    """What one parameter accepts.

    ``kind`` is "number" (an int or a float), "whole" (an int), "fiscal_year" (an int, or
    text such as 令和7年度), "choice" or "path" (text); a bool is never a number.
    ``low``/``high`` bound a number (``low_open``/``high_open``: the bound itself is refused;
    ``high`` None for a fiscal year: :func:`latest_fiscal_year`). ``nullable``: ``null``
    (None) means "not set".
    """

    kind: str
    what: str  # the accepted values in words, for the message
    example: object = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()
    nullable: bool = False

    def expected(self) -> str:
        """The accepted values, as the error message states them."""
        text = self.what
        if self.kind == "fiscal_year":
            high = self.high if self.high is not None else latest_fiscal_year()
            text += f" from {self.low:.0f} to {high:.0f}"
            if self.high is None:
                text += _latest_note()
        if self.choices:
            text += ": " + " or ".join(f'"{c}"' for c in self.choices)
        if self.example is not None:
            text += f", such as {self.example}"
        if self.nullable:
            text += ", or null (not set)"
        return text

    def check(self, value: object) -> object:
        """``value``, normalised (a fiscal year given as text becomes its int).

        Raises
        ------
        ValueError
            when the rule does not accept it.
        """
        if value is None and self.nullable:
            return None
        if self.kind in ("choice", "path"):
            if isinstance(value, str) and (not self.choices or value in self.choices):
                return value
            raise ValueError
        if self.kind == "fiscal_year" and isinstance(value, str):
            from ..jp import parse_fiscal_year

            try:
                value = parse_fiscal_year(value)
            except ParseError:
                raise ValueError from None
        whole = self.kind in ("whole", "fiscal_year")
        allowed = numbers.Integral if whole else numbers.Real
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise ValueError
        if not math.isfinite(value):
            raise ValueError
        high = self.high
        if self.kind == "fiscal_year" and high is None:
            high = latest_fiscal_year()
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            raise ValueError
        if high is not None and (value > high or (self.high_open and value == high)):
            raise ValueError
        return int(value) if whole else value


FOLDER = Rule("path", "a folder path (empty: the default folder)")

# Every parameter of the notebooks in notebooks/, by name.
PARAMETERS: dict[str, Rule] = {
    "fiscal_year": Rule("fiscal_year", "a fiscal year", 2024, low=FIRST_FISCAL_YEAR),
    "data_dir": FOLDER,
    "example_dir": FOLDER,
    # 01_online_procedures
    "target_fiscal_year": Rule(
        "fiscal_year",
        "a target's fiscal year",
        2025,
        low=FIRST_FISCAL_YEAR,
        high=LAST_TARGET_FISCAL_YEAR,
        nullable=True,
    ),
    "target_coverage": Rule(
        "number",
        "a share between 0 (exclusive) and 1",
        0.9,
        low=0,
        high=1,
        low_open=True,
        nullable=True,
    ),
    # 02_rpa (hours: at most 24 × 366 in a year)
    "hours_per_fte": Rule(
        "number",
        "hours a year between 0 (exclusive) and 8784",
        1883,
        low=0,
        high=8784,
        low_open=True,
    ),
    "hourly_cost_yen": Rule("number", "a positive number of yen", 3550, low=0, low_open=True),
    # 03_survey, 04_standardization, 05_cashless
    "min_cell_size": Rule("whole", "a whole number of respondents, 1 or more", 10, low=1),
    "confidence": Rule(
        "number",
        "an interval level between 0.5 and 1 (exclusive)",
        0.95,
        low=0.5,
        high=1,
        high_open=True,
    ),
    "weighting": Rule("choice", "a weighting", choices=("raking", "none")),
    "leads": Rule("whole", "a whole number of months from 2 to 24", 6, low=2, high=24),
}


def _show(value: object) -> str:
    import json

    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        return repr(value)


def check_value(name: str, value: object, text: str | None = None) -> object:
    """``value`` of parameter ``name``, checked by its rule and normalised; ``text`` is the
    value as written on the command line (for the message).

    Raises
    ------
    RenderError
        ``-p NAME=VALUE: expected …`` with the accepted values.
    """
    shown = text if text is not None else _show(value)
    rule = PARAMETERS.get(name)
    if rule is None:
        if not _finite(value):
            raise RenderError(f"-p {name}={shown}: {NON_FINITE}")
        return value
    try:
        return rule.check(value)
    except ValueError:
        refused = "" if _finite(value) else f"{NON_FINITE}; "
        raise RenderError(f"-p {name}={shown}: {refused}expected {rule.expected()}") from None


def check_fiscal_year(year: object) -> int:
    """A report's fiscal year (``--fiscal-year``, or a year found in the data), checked.

    Raises
    ------
    RenderError
        for a year outside 2000 to :func:`latest_fiscal_year`, naming that range.
    """
    rule = PARAMETERS["fiscal_year"]
    try:
        return rule.check(year)
    except ValueError:
        raise RenderError(f"fiscal year {_show(year)}: expected {rule.expected()}") from None


def _finite(value: object) -> bool:
    """False for a float NaN or ±Infinity, also inside a list or dict."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    return True
