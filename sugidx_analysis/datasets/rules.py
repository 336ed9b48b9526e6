"""Every rule a dataset obeys, checked at once with pandera, reported per file, row and column.

Types are checked while reading (:func:`.read.read_table`); this module checks values (negative
counts, shares outside 0–1, allowed values), unique keys, and reconciliation: parts not
larger than their whole, parts that add up to their stated total, and stated percentages that
match their parts to the precision they are written in (241/618 = 39.0% passes; 39.5% fails).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ..errors import Problem
from .read import Table
from .schema import KINDS, Dataset


@dataclass(frozen=True, slots=True)
class _Rule:
    """A dataframe-level rule: ``passes(frame)`` is a boolean per row; ``explain(row)`` says
    what is wrong with a failing row, naming ``column``."""

    name: str
    column: str
    passes: Callable[[pd.DataFrame], pd.Series]
    explain: Callable[[pd.Series], str]


def _num(frame: pd.DataFrame, col: str) -> pd.Series:
    return frame[col].astype("Float64")


def _fmt(value: object) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _sum_rules(dataset: Dataset, present: set[str]) -> list[_Rule]:
    rules: list[_Rule] = []
    for rule in dataset.sums:
        cols = [rule.total, *rule.parts]
        if not set(cols) <= present:
            continue

        def passes(f, r=rule):
            parts = sum(_num(f, p) for p in r.parts)
            return (parts == _num(f, r.total)).fillna(True).astype(bool)

        def explain(row, r=rule):
            stated = " + ".join(_fmt(row[p]) for p in r.parts)
            total = sum(row[p] for p in r.parts)
            return (
                f"{' + '.join(r.parts)} should equal {r.total}: "
                f"{stated} = {_fmt(total)}, but {r.total} is {_fmt(row[r.total])}"
            )

        rules.append(_Rule(f"sum:{rule.total}", rule.total, passes, explain))
    return rules


def _part_whole_pairs(dataset: Dataset) -> list[tuple[str, str]]:
    """(part, whole) for every part of every sum, and every part of a part (transitively)."""
    children = {r.total: set(r.parts) for r in dataset.sums}

    def descendants(whole: str) -> set[str]:
        out: set[str] = set()
        for part in children.get(whole, ()):
            out |= {part} | descendants(part)
        return out

    return sorted((p, w) for w in children for p in descendants(w))


def _bound_rules(dataset: Dataset, present: set[str]) -> list[_Rule]:
    rules: list[_Rule] = []
    for part, whole in _part_whole_pairs(dataset):
        if {part, whole} <= present:
            rules.append(
                _Rule(
                    f"part:{part}<={whole}",
                    part,
                    lambda f, p=part, w=whole: (_num(f, p) <= _num(f, w)).fillna(True).astype(bool),
                    lambda row, p=part, w=whole: (
                        f"{p} ({_fmt(row[p])}) cannot be larger than its whole {w} ({_fmt(row[w])})"
                    ),
                )
            )
    for rule in dataset.bounds:
        cols = {*rule.parts, rule.whole} | ({rule.factor_column} - {None})
        if not cols <= present:
            continue

        def passes(f, r=rule):
            whole = _num(f, r.whole) * (_num(f, r.factor_column) if r.factor_column else 1)
            return (sum(_num(f, p) for p in r.parts) <= whole).fillna(True).astype(bool)

        def explain(row, r=rule):
            left = " + ".join(r.parts)
            right = r.whole + (f" × {r.factor_column}" if r.factor_column else "")
            whole = row[r.whole] * (row[r.factor_column] if r.factor_column else 1)
            return (
                f"{left} ({_fmt(sum(row[p] for p in r.parts))}) cannot exceed {right} "
                f"({_fmt(whole)})"
            )

        rules.append(
            _Rule(f"bound:{'+'.join(rule.parts)}<={rule.whole}", rule.parts[0], passes, explain)
        )
    return rules


def _share_rules(dataset: Dataset, present: set[str], tolerances: dict[str, pd.Series]) -> list:
    rules: list[_Rule] = []
    for rule in dataset.shares:
        if not {rule.share, rule.numerator, rule.denominator} <= present:
            continue
        tol = tolerances.get(rule.share)

        def passes(f, r=rule, tol=tol):
            den = _num(f, r.denominator)
            actual = _num(f, r.numerator) / den.where(den != 0)
            # Half a unit of the last written digit, plus a hair for binary floating point.
            allowed = (tol.reindex(f.index) if tol is not None else 0.0005) + 1e-9
            return ((actual - _num(f, r.share)).abs() <= allowed).fillna(True).astype(bool)

        def explain(row, r=rule):
            actual = row[r.numerator] / row[r.denominator]
            return (
                f"stated {r.share} {row[r.share]:.2%} does not match {r.numerator} / "
                f"{r.denominator} = {_fmt(row[r.numerator])} / {_fmt(row[r.denominator])} "
                f"= {actual:.2%} (to the precision it is written in)"
            )

        rules.append(_Rule(f"share:{rule.share}", rule.share, passes, explain))
    return rules


def _group_total_rules(dataset: Dataset, present: set[str]) -> list[_Rule]:
    rules: list[_Rule] = []
    for rule in dataset.group_totals:
        if not {*rule.group_by, rule.label_column} <= present:
            continue
        for col in [c for c in rule.value_columns if c in present]:

            def sums(f, r=rule, c=col):
                parts = f[f[r.label_column] != r.total_label]
                complete = parts.groupby(list(r.group_by))[c].apply(lambda s: s.notna().all())
                total = parts.groupby(list(r.group_by))[c].sum()
                return total[complete[complete].index]

            def passes(f, r=rule, c=col, sums=sums):
                expected = sums(f)
                ok = pd.Series(True, index=f.index)
                for idx, row in f[f[r.label_column] == r.total_label].iterrows():
                    key = tuple(row[g] for g in r.group_by)
                    key = key[0] if len(key) == 1 else key
                    if pd.notna(row[c]) and key in expected.index:
                        ok[idx] = bool(expected[key] == row[c])
                return ok

            rules.append(
                _Rule(
                    f"group_total:{col}",
                    col,
                    passes,
                    lambda row, r=rule, c=col: (
                        f"the {r.total_label} row's {c} ({_fmt(row[c])}) "
                        f"should equal the sum of the other rows of its "
                        f"{' / '.join(r.group_by)}"
                    ),
                )
            )
    return rules


def pandera_schema(
    dataset: Dataset, present: set[str], tolerances: dict[str, pd.Series] | None = None
) -> tuple[pa.DataFrameSchema, dict[str, _Rule]]:
    """The pandera schema for the columns a file has, and its reconciliation rules by name.
    Open columns (``Dataset.open_columns``) are left to the theme that knows them."""
    columns = {}
    for name in sorted(present & set(dataset.by_name)):  # open columns have no rule here
        col = dataset.by_name[name]
        checks = []
        if col.kind in ("count", "number", "share") and col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum, error=f"at least {col.minimum:g}"))
        if col.kind == "share":
            checks.append(
                pa.Check.le(
                    col.maximum if col.maximum is not None else 1.0,
                    error="a share between 0% and 100%",
                )
            )
        elif col.maximum is not None:
            checks.append(pa.Check.le(col.maximum, error=f"at most {col.maximum:g}"))
        if col.allowed is not None:
            checks.append(pa.Check.isin(col.allowed, error=f"one of {', '.join(col.allowed)}"))
        columns[name] = pa.Column(KINDS[col.kind][0], checks=checks, nullable=True)
    rules = (
        _sum_rules(dataset, present)
        + _bound_rules(dataset, present)
        + _share_rules(dataset, present, tolerances or {})
        + _group_total_rules(dataset, present)
    )
    schema = pa.DataFrameSchema(
        columns,
        checks=[pa.Check(r.passes, name=r.name) for r in rules],
        unique=list(dataset.key) if dataset.key and set(dataset.key) <= present else None,
        report_duplicates="all",
    )
    return schema, {r.name: r for r in rules}


class _Rows:
    """``frame.loc[row]`` of many rows without a ``.loc`` each (a million failing rows would
    take minutes). On a frame of mixed dtypes a row is an object Series of each column's own
    scalar, so a dict of those scalars holds the same values; otherwise ``.loc`` is used."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.mixed = len(frame) > 0 and frame.iloc[0].dtype == object
        self.arrays = {c: frame[c].array for c in frame.columns} if self.mixed else {}

    def record(self, row: object) -> pd.Series | dict[str, object]:
        """What ``frame.loc[row]`` holds, by column."""
        if not self.mixed:
            return self.frame.loc[row]
        position = self.frame.index.get_loc(row)
        return {c: values[position] for c, values in self.arrays.items()}

    def values(self, row: object, columns: list[str]) -> tuple:
        """``tuple(frame.loc[row, columns])``."""
        if not self.mixed:
            return tuple(self.frame.loc[row, columns])
        position = self.frame.index.get_loc(row)
        return tuple(self.arrays[c][position] for c in columns)


def check_table(table: Table) -> list[Problem]:
    """Every value, key and reconciliation problem of a table that was read (types are
    already checked); rows with unreadable values are still checked on their other columns."""
    frame, file = table.frame, table.file
    schema, rules = pandera_schema(table.dataset, set(frame.columns), table.tolerances)
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    problems: list[Problem] = []
    seen: set[tuple] = set()
    rows_of = _Rows(frame)
    for case in cases.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        check = str(case.check)
        if check in rules:
            rule = rules[check]
            key = (row, check)
            if key in seen:  # pandera reports one case per column of a dataframe check
                continue
            seen.add(key)
            record = rows_of.record(row)
            problems.append(
                Problem(file, row, rule.column, record[rule.column], rule.explain(record))
            )
        elif check.endswith("uniqueness"):
            key_cols = ", ".join(table.dataset.key)
            key = (row, "unique")
            if key not in seen:
                seen.add(key)
                value = rows_of.values(row, list(table.dataset.key)) if row is not None else None
                problems.append(
                    Problem(
                        file,
                        row,
                        key_cols,
                        value,
                        f"the key ({key_cols}) must be unique; this row repeats another",
                    )
                )
        else:  # a column check: pandera reports the check by its ``error`` text
            problems.append(
                Problem(file, row, str(case.column), case.failure_case, f"expected {check}")
            )
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))
