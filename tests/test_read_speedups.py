"""Reading and checking large files fast changes nothing a user sees.

``read_table`` parses each distinct text of a column once and maps the result back to its rows;
``check_table`` looks failing rows up without a ``.loc`` each. Both are compared here with the
plain per-cell / per-row way (written out below), problem by problem, value type included.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest

from sugidx_analysis.catalogue import get_dataset
from sugidx_analysis.datasets import read
from sugidx_analysis.datasets.read import read_table
from sugidx_analysis.datasets.rules import check_table
from sugidx_analysis.datasets.schema import KINDS
from sugidx_analysis.errors import ParseError, Problem


def per_cell(path: Path, name: str) -> tuple[pd.DataFrame, list[Problem], dict[str, pd.Series]]:
    """Typed frame, problems and tolerances of a file without open or combined columns, one
    cell at a time (the way ``read_table`` worked before it parsed distinct texts once)."""
    dataset = get_dataset(name)
    raw, problems = read.read_raw(path)
    aliases = {read._norm(k): v for k, v in dataset.alias_map().items()}
    raw = raw.set_axis([aliases[h] for h in raw.columns], axis=1)
    typed, tolerances = {}, {}
    approximate = pd.Series(False, index=raw.index)
    for col in raw.columns:
        column = dataset.by_name[col]
        values, decimals = [], []
        for row, text in raw[col].items():
            text = str(text).strip()
            value, places = None, None
            if not text:
                if column.required:
                    problems.append(Problem(path.name, row, col, "", "a value is required"))
            else:
                try:
                    value, approx, places = read._parse_cell(column.kind, text)
                except ParseError as exc:
                    detail = f" — {exc.expected}" if column.kind in ("fiscal_year", "date") else ""
                    expected = f"expected {KINDS[column.kind][1]}{detail}"
                    problems.append(Problem(path.name, row, col, text, expected))
                else:
                    if approx and "approximate" in dataset.by_name:
                        approximate[row] = True
                    elif approx:
                        expected = "an exact figure (this dataset has no approximate column for 約)"
                        problems.append(Problem(path.name, row, col, text, expected))
            values.append(value)
            decimals.append(float("nan") if places is None else 0.5 * 10.0 ** -(places + 2))
        typed[col] = pd.Series(values, index=raw.index, dtype=KINDS[column.kind][0])
        if column.kind == "share":
            tolerances[col] = pd.Series(decimals, index=raw.index, dtype="float64")
    frame = pd.DataFrame(typed, index=raw.index)
    if approximate.any():
        frame["approximate"] = frame["approximate"].fillna(False) | approximate
    return frame, problems, tolerances


def as_row(problem: Problem) -> tuple:
    """Every field of a problem, and the type of its value."""
    return (*(getattr(problem, f.name) for f in fields(problem)), type(problem.value))


def write(tmp_path: Path, name: str, header: str, rows: list[str], repeat: int = 1) -> Path:
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join([header, *rows * repeat]) + "\n", encoding="utf-8")
    return path


SUMMARY = (
    "fiscal_year,procedures_online,procedures_not_online,procedures_online_capable,"
    "procedures_online_share"
)
SUMMARY_ROWS = [
    "2022,241,377,618,39.0%",
    "令和5年度, 302 ,415,717,42.1%",
    "R6,abc,約415,,39%",
    "FY2025,1.5,100以上,618,(39.00%)",
    ",12,３，３６５人,618,140%",
    "2022,241,377,618,39.0%",
]
RPA = "年度,scope,technology,processes,削減時間,approximate,source_id"
RPA_ROWS = [
    "2022,all,RPA,12,約5,200時間,,s1",
    "2022,all,RPA,12,5200,false,s1",
    "2023,all,AI-OCR/RPA,約12,abc,,",
    "2024,,RPA,,約1,000,true,s2",
]


@pytest.mark.parametrize(
    ("name", "header", "rows"),
    [("online_summary", SUMMARY, SUMMARY_ROWS), ("rpa_summary", RPA, RPA_ROWS)],
)
def test_distinct_texts_read_as_each_cell_would_be(tmp_path, name, header, rows):
    path = write(tmp_path, name, header, rows, repeat=3)
    table = read_table(path, get_dataset(name))
    frame, problems, tolerances = per_cell(path, name)
    assert len(table.problems) > 10
    assert [as_row(p) for p in table.problems] == [as_row(p) for p in problems]
    pd.testing.assert_frame_equal(table.frame, frame, check_exact=True)
    assert table.tolerances.keys() == tolerances.keys()
    for col, tol in tolerances.items():
        pd.testing.assert_series_equal(table.tolerances[col], tol, check_exact=True)


def test_each_distinct_text_is_parsed_once(tmp_path, monkeypatch):
    path = write(tmp_path, "online_summary", SUMMARY, SUMMARY_ROWS, repeat=50)
    calls: list[tuple[str, str]] = []
    parse = read._parse_cell
    monkeypatch.setattr(read, "_parse_cell", lambda k, t: calls.append((k, t)) or parse(k, t))
    table = read_table(path, get_dataset("online_summary"))
    assert len(calls) == len(set(calls)) < len(SUMMARY_ROWS) * 5
    # …and a wrong text is still reported on every row that has it, in row order
    rows = [p.row for p in table.problems if p.value == "abc"]
    assert rows == list(range(4, 2 + 6 * 50, 6))


def per_row(table) -> list[Problem]:
    """check_table's problems with each failing row looked up by ``.loc`` (as it once did)."""
    frame, key = table.frame, list(table.dataset.key)
    out = []
    for p in check_table(table):
        if "must be unique" in p.expected:
            p = Problem(p.file, p.row, p.column, tuple(frame.loc[p.row, key]), p.expected)
        elif not p.expected.startswith("expected"):
            p = Problem(p.file, p.row, p.column, frame.loc[p.row][p.column], p.expected)
        out.append(p)
    return out


def test_failing_rows_hold_the_values_loc_gives(tmp_path):
    rows = ["2022,all,RPA,12,5200,,s1", "2022,all,RPA,-3,5200,,s1", "2023,all,RPA,4,1,,s1"]
    table = read_table(
        write(tmp_path, "rpa_summary", RPA, rows, repeat=2), get_dataset("rpa_summary")
    )
    unique = [p for p in check_table(table) if "must be unique" in p.expected]
    assert [p.row for p in unique] == [2, 3, 4, 5, 6, 7]
    assert [type(v) for v in unique[0].value] == [type(v) for v in per_row(table)[0].value]
    assert [as_row(p) for p in check_table(table)] == [as_row(p) for p in per_row(table)]
    # reconciliation rules: the value and the explanation come from the same row values
    text = f"{SUMMARY}\n2022,241,377,620,39.0%\n2023,241,377,618,45.0%\n"
    path = tmp_path / "online_summary.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(path, get_dataset("online_summary"))
    problems = check_table(table)
    assert [(p.row, p.column) for p in problems] == [
        (2, "procedures_online_capable"),
        (2, "procedures_online_share"),
        (3, "procedures_online_share"),
    ]
    assert [as_row(p) for p in problems] == [as_row(p) for p in per_row(table)]
    assert "241 + 377 = 618, but procedures_online_capable is 620" in problems[0].expected


def test_duplicate_keys_of_a_frame_of_one_dtype(tmp_path):
    # only text columns: rows are looked up with .loc (the frame is not of mixed dtypes)
    path = write(tmp_path, "survey_responses", "survey_id,respondent_id", ["s1,r1", "s1,r1"])
    table = read_table(path, get_dataset("survey_responses"))
    problems = [p for p in check_table(table) if "must be unique" in p.expected]
    assert [(p.row, p.value) for p in problems] == [(2, ("s1", "r1")), (3, ("s1", "r1"))]
