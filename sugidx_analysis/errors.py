"""One exception family for everything an analyst can act on.

The CLI catches ``SugidxError`` and prints its message (and, for validation, a table of
problems); anything else is a bug, reported by the CLI in one line as an internal error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# A listing shows this many problems of one kind (same file, column and expectation), then
# 「ほか N 件」 for the rest (a 20 MB file with one wrong column once printed 190,646 lines).
PROBLEMS_PER_KIND = 20


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
        value = "" if self.value is None else f" (found {_shown(_plain(self.value))})"
        return f"{where}: {self.expected}{value}"


def _shown(value: object, width: int = 60) -> str:
    """``repr(value)``, its middle cut out when long (a 5,000-digit cell), saying how long."""
    text = repr(value)
    if len(text) <= width:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} long"
    return f"{text[: width // 2]}…{text[-10:]} ({size})"


def _plain(value: object) -> object:
    """numpy/pandas scalars as plain Python values, whole floats as ints, for messages."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value) if len(value) > 1 else _plain(value[0])
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def summarise(
    problems: Iterable[Problem], per_kind: int = PROBLEMS_PER_KIND
) -> Iterator[tuple[Problem, int]]:
    """The problems a listing shows, in order, each with how many more of its kind follow
    unshown (0 but for the last one shown of a kind that has more than ``per_kind``).

    A kind is one file, column, expectation and severity: the same mistake down a column.
    """
    problems = list(problems)
    totals = Counter(_kind(p) for p in problems)
    seen: Counter = Counter()
    for p in problems:
        kind = _kind(p)
        seen[kind] += 1
        if seen[kind] < per_kind:
            yield p, 0
        elif seen[kind] == per_kind:
            yield p, totals[kind] - per_kind


def more_line(problem: Problem, hidden: int) -> str:
    """The line that stands for ``hidden`` more problems of ``problem``'s kind."""
    where = problem.file
    if problem.column is not None:
        where = f"column {problem.column!r} of {problem.file}"
    return f"… ほか {hidden:,} 件 (same problem in {where})"


def _kind(p: Problem) -> tuple:
    return (p.file, p.column, p.expected, p.severity)


class DataValidationError(SugidxError):
    """Input data broke one or more rules; ``problems`` lists every one of them. The message
    lists the errors, the first :data:`PROBLEMS_PER_KIND` of each kind and 「ほか N 件」 for
    the rest."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = []
        for p, hidden in summarise(errors):
            lines.append(p.describe())
            if hidden:
                lines.append(more_line(p, hidden))
        super().__init__(f"{len(errors):,} problem(s) in the input data:\n  " + "\n  ".join(lines))


class FileReadError(SugidxError):
    """A file could not be read as a table at all (missing, a folder, a symbolic-link loop,
    too large, undecodable, no data rows …). ``problem`` says so as a :class:`Problem` of the
    file (with the row and column where there are any), for a validation listing."""

    def __init__(
        self, file: str, reason: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.problem = Problem(file, row, column, None, reason)
        super().__init__(self.problem.describe())


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
