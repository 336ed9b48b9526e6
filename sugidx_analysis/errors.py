"""One exception family for everything an analyst can act on.

The CLI catches ``SugidxError`` and prints its message (and, for validation, a table of
problems); anything else is a bug and may show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class SugidxError(Exception):
    """Base class of every error sugidx raises on purpose."""


class ParseError(SugidxError, ValueError):
    """A Japanese-format value (year, date, quantity, percentage) could not be read.

    Attributes
    ----------
    text : the text as given.
    expected : what a valid value looks like.
    """

    def __init__(self, text: object, expected: str) -> None:
        self.text = text
        self.expected = expected
        super().__init__(f"cannot read {text!r}: expected {expected}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input file.

    ``row`` is the line number an analyst sees in a spreadsheet (the header is line 1, the
    first data row line 2); ``None`` for file- or column-level problems.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    severity: str = "error"  # "error" or "warning"

    def describe(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        value = "" if self.value is None else f" (found {_plain(self.value)!r})"
        return f"{where}: {self.expected}{value}"


def _plain(value: object) -> object:
    """numpy/pandas scalars as plain Python values, whole floats as ints, for messages."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value) if len(value) > 1 else _plain(value[0])
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class DataValidationError(SugidxError):
    """Input data broke one or more rules; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [p.describe() for p in errors[:20]]
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(
            f"{len(errors)} problem(s) in the input data:\n  " + "\n  ".join(lines) + more
        )


class DatasetNotFoundError(SugidxError):
    """A dataset was asked for but no file holds it in the given folder."""


class RenderError(SugidxError):
    """A report could not be rendered (bad parameters, missing notebook, engine failure)."""


class MetricInputError(SugidxError, ValueError):
    """A metric function was called with arguments it cannot take (a year not in the data, a
    target outside 0–100%). Data that merely cannot support a measure is not an error: the
    evaluation records a reason instead (see :mod:`sugidx_analysis.themes`)."""


class SugidxWarning(UserWarning):
    """Something an analyst should know that does not stop the work (an unknown column)."""
