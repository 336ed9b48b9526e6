"""Bad tables: each validation rule reports exactly the problem, with file, row and column."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from sugidx_analysis import limits
from sugidx_analysis.catalogue import get_dataset, load_dataset, validate_folder
from sugidx_analysis.cli import main
from sugidx_analysis.datasets.dictionary import dictionary_markdown
from sugidx_analysis.datasets.load import implausible_fiscal_years, load_table
from sugidx_analysis.datasets.read import read_raw, read_table
from sugidx_analysis.datasets.rules import check_table
from sugidx_analysis.errors import (
    DatasetNotFoundError,
    DataValidationError,
    FileReadError,
    ParseError,
    Problem,
    more_line,
    summarise,
)
from sugidx_analysis.jp import parse_quantity

HEADER = "fiscal_year,procedures_online,procedures_not_online,procedures_online_capable"


def problems_of(
    tmp_path: Path, text: str, name: str = "online_summary", encoding: str = "utf-8"
) -> list[Problem]:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path, get_dataset(name))
    return table.problems + check_table(table)


def errors_of(*args, **kwargs) -> list[tuple]:
    return [
        (p.file, p.row, p.column) for p in problems_of(*args, **kwargs) if p.severity == "error"
    ]


def test_valid_table_has_no_problem(tmp_path):
    text = f"{HEADER},procedures_online_share\n2022,241,377,618,39.0%\n2023,302,415,717,42.1%\n"
    assert problems_of(tmp_path, text) == []


def test_missing_required_column(tmp_path):
    problems = problems_of(tmp_path, "procedures_online\n241\n")
    assert [(p.row, p.column, p.severity) for p in problems] == [(None, "fiscal_year", "error")]
    assert "missing required column 'fiscal_year'" in problems[0].expected


def test_unknown_column_is_a_warning_not_an_error(tmp_path):
    problems = problems_of(tmp_path, "fiscal_year,procedures_online,remarks\n2022,241,note\n")
    assert [(p.column, p.severity) for p in problems] == [("remarks", "warning")]
    with pytest.warns(UserWarning, match="remarks"):
        frame = load_dataset("online_summary", tmp_path)
    assert frame["procedures_online"].tolist() == [241]


def test_open_columns_are_kept_as_text_without_a_warning(tmp_path):
    # survey_responses has open columns: one per question of its questionnaire
    text = "回答者ID,調査ID,年度,q1,q2.a, q3 \nr1,s1,令和6年度, yes ,1,\nr2,s1,2024,,0,x;y\n"
    problems = problems_of(tmp_path, text, name="survey_responses")
    assert problems == []
    frame = read_table(tmp_path / "survey_responses.csv", get_dataset("survey_responses")).frame
    assert list(frame.columns) == ["respondent_id", "survey_id", "fiscal_year", "q1", "q2.a", "q3"]
    assert frame[["q1", "q3"]].isna().to_numpy().tolist() == [[False, True], [True, False]]
    assert frame.loc[2, "q1"] == "yes" and frame.loc[3, "q3"] == "x;y"  # stripped, as written
    assert str(frame["q2.a"].dtype) == "string" and frame["fiscal_year"].tolist() == [2024, 2024]
    # a header twice is still an error (without open columns, unknown ones warn: above)
    twice = problems_of(
        tmp_path, "fiscal_year,respondent_id,survey_id,q1,q1\n2024,r1,s1,a,b\n", "survey_responses"
    )
    assert [(p.column, p.severity) for p in twice] == [("q1", "error")]
    assert "a second column for 'q1'" in twice[0].expected
    # the data dictionary says what the open columns hold
    dataset = get_dataset("survey_responses")
    assert f"Further columns: {dataset.open_columns}" in dictionary_markdown([dataset])


def test_wrong_type(tmp_path):
    problems = problems_of(tmp_path, f"{HEADER}\n2022,241,abc,618\n")
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("online_summary.csv", 2, "procedures_not_online", "abc")
    ]
    assert "amount" in problems[0].expected or "number" in problems[0].expected


def test_negative_count(tmp_path):
    problems = problems_of(tmp_path, "fiscal_year,procedures_online\n2022,241\n2023,-5\n")
    assert [(p.row, p.column, p.value, p.expected) for p in problems] == [
        (3, "procedures_online", -5, "expected at least 0")
    ]


def test_share_outside_zero_to_one(tmp_path):
    problems = problems_of(tmp_path, "fiscal_year,applications_online_share\n2022,140.7%\n")
    assert [(p.row, p.column) for p in problems] == [(2, "applications_online_share")]
    assert problems[0].value == pytest.approx(1.407)
    assert "between 0% and 100%" in problems[0].expected


def test_duplicate_key(tmp_path):
    problems = problems_of(tmp_path, "fiscal_year,procedures_online\n2022,241\n令和4年度,242\n")
    assert [(p.row, p.column) for p in problems] == [(2, "fiscal_year"), (3, "fiscal_year")]
    assert all("must be unique" in p.expected for p in problems)


def test_part_larger_than_whole_with_other_parts_absent(tmp_path):
    text = "fiscal_year,applications_online,applications_total\n2022,5000000,4347016\n"
    problems = problems_of(tmp_path, text)
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "applications_online", 5_000_000)]
    assert "cannot be larger than its whole applications_total" in problems[0].expected


def test_parts_not_adding_up_to_total(tmp_path):
    problems = problems_of(tmp_path, f"{HEADER}\n2022,241,377,620\n")
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "procedures_online_capable", 620)]
    assert "241 + 377 = 618, but procedures_online_capable is 620" in problems[0].expected


def test_stated_percentage_checked_to_its_written_precision(tmp_path):
    ok = f"{HEADER},procedures_online_share\n2022,241,377,618,39.0%\n"
    assert problems_of(tmp_path, ok) == []
    # 「39%」 is written to whole percent: 241/618 = 38.997% rounds to 39%.
    assert problems_of(tmp_path, ok.replace("39.0%", "39%")) == []
    bad = problems_of(tmp_path, ok.replace("39.0%", "39.5%"))
    assert [(p.row, p.column) for p in bad] == [(2, "procedures_online_share")]
    assert "38.9" in bad[0].expected or "39.00%" in bad[0].expected


def test_combined_count_and_share_cells_as_the_ward_writes_them(tmp_path):
    text = f"{HEADER}\n2022,241 (39.0%),377 (61.0%),618\n"
    path = tmp_path / "online_summary.csv"
    path.write_text(text, encoding="utf-8")
    frame = load_table(path, get_dataset("online_summary")).frame
    assert frame.loc[2, "procedures_online"] == 241
    assert frame.loc[2, "procedures_online_share"] == pytest.approx(0.39)
    assert frame.loc[2, "procedures_not_online_share"] == pytest.approx(0.61)
    assert errors_of(tmp_path, text.replace("(39.0%)", "(45.0%)")) == [
        ("online_summary.csv", 2, "procedures_online_share")
    ]


def test_cp932_file_with_japanese_headers(tmp_path):
    text = (
        "年度,オンライン対応済手続数,オンライン未対応手続数,小計,オンライン対応不可手続数,総手続数\n"
        '令和4年度,241,377,618,"2,073","2,691"\n'
        '令和５年度,３０２,４１５,７１７,"2,050","2,767"\n'
    )
    path = tmp_path / "online_summary.csv"
    path.write_bytes(text.encode("cp932"))
    frame = load_dataset("online_summary", tmp_path)
    assert frame["fiscal_year"].tolist() == [2022, 2023]
    assert frame["procedures_online"].tolist() == [241, 302]
    assert frame["procedures_total"].tolist() == [2691, 2767]
    # A wrong total in the same CP932 file is reported with the Japanese file read correctly.
    path.write_bytes(text.replace('"2,691"', '"2,700"').encode("cp932"))
    with pytest.raises(DataValidationError) as err:
        load_dataset("online_summary", tmp_path)
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "procedures_total")]


def test_utf8_bom_and_xlsx_read_alike(tmp_path):
    text = f"{HEADER},procedures_online_share\n2022,241,377,618,39.0%\n"
    (tmp_path / "online_summary.csv").write_bytes(text.encode("utf-8-sig"))
    from_bom = load_dataset("online_summary", tmp_path)
    xlsx_dir = tmp_path / "xlsx"
    xlsx_dir.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "年度",
            "オンライン対応済手続数",
            "オンライン未対応手続数",
            "小計",
            "オンライン対応済手続割合",
        ]
    )
    sheet.append(["令和4年度", 241, 377, 618, 0.39])
    sheet["E2"].number_format = "0.0%"
    book.save(xlsx_dir / "online_summary.xlsx")
    from_xlsx = load_dataset("online_summary", xlsx_dir)
    for frame in (from_bom, from_xlsx):
        assert frame.loc[0, "procedures_online_capable"] == 618
        assert frame.loc[0, "procedures_online_share"] == pytest.approx(0.39)


def test_every_problem_is_reported_at_once(tmp_path):
    text = f"{HEADER},procedures_online_share\n2022,241,-1,620,39.5%\n2022,x,377,618,\n"
    rows = errors_of(tmp_path, text)
    assert ("online_summary.csv", 3, "procedures_online") in rows  # wrong type
    assert ("online_summary.csv", 2, "procedures_not_online") in rows  # negative
    assert ("online_summary.csv", 2, "procedures_online_capable") in rows  # sum
    assert ("online_summary.csv", 2, "procedures_online_share") in rows  # share
    assert ("online_summary.csv", 2, "fiscal_year") in rows  # duplicate key
    with pytest.raises(DataValidationError) as err:
        load_dataset("online_summary", tmp_path)
    assert len(err.value.problems) == len(rows)
    assert "online_summary.csv, row 2" in str(err.value)


def test_unreadable_encoding_is_a_clear_error(tmp_path):
    (tmp_path / "online_summary.csv").write_bytes(b"fiscal_year\n\xff\xfe\x81\n")
    report = validate_folder(tmp_path)
    assert not report.ok
    assert "neither UTF-8 nor CP932" in report.problems[0].expected


def test_survey_multiple_response_bound(tmp_path):
    text = (
        "fiscal_year,survey_id,item_id,base,respondents,answers,max_answers,source_id\n"
        "2024,s,top3,383,353,1053,3,x\n2024,s,top3b,383,353,1100,3,x\n"
    )
    problems = problems_of(tmp_path, text, name="survey_summary")
    assert [(p.row, p.column) for p in problems] == [(3, "answers")]
    assert "1,100" in problems[0].expected and "1,059" in problems[0].expected


def test_group_total_rule(tmp_path):
    text = (
        "fiscal_year,provider,programme,sessions,participants,source_id\n"
        "2022,p,a,12,,x\n2022,p,b,6,,x\n2022,p,合計,20,588,x\n"
    )
    problems = problems_of(tmp_path, text, name="outreach")
    assert [(p.row, p.column, p.value) for p in problems] == [(4, "sessions", 20)]


def test_cli_validate_bad_folder_exits_1_and_names_file_and_row(tmp_path, capsys):
    (tmp_path / "online_summary.csv").write_text(f"{HEADER}\n2022,241,377,620\n", encoding="utf-8")
    assert main(["validate", "--data-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "online_summary.csv, row 2, column 'procedures_online_capable'" in out
    assert "Traceback" not in out


def test_cli_validate_published_exits_0_in_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "sugidx_analysis.cli", "validate", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"ok": true' in result.stdout


def test_cli_validate_missing_folder_is_a_message_not_a_traceback(tmp_path, capsys):
    assert main(["validate", "--data-dir", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert "no such folder" in err and "Traceback" not in err


def test_source_id_must_be_listed_in_sources(tmp_path):
    (tmp_path / "online_summary.csv").write_text(
        "fiscal_year,procedures_online,source_id\n2022,241,S004-2-1\n2023,302,S999\n",
        encoding="utf-8",
    )
    report = validate_folder(tmp_path)  # sources.csv: data/sources.csv
    assert [(p.file, p.row, p.column, p.value) for p in report.errors] == [
        ("online_summary.csv", 3, "source_id", "S999")
    ]
    assert report.errors[0].expected == "a source_id listed in sources.csv"


# Reading files as they come (issue 14): every failure is a SugidxError or a Problem naming the
# file, row and column; nothing is padded or accepted silently.


def raw_of(tmp_path: Path, data: bytes | str, name: str = "online_summary.csv"):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return read_raw(path)


def file_error(tmp_path: Path, data: bytes | str, name: str = "online_summary.csv"):
    with pytest.raises(FileReadError) as err:
        raw_of(tmp_path, data, name)
    return err.value


def test_header_only_and_empty_files_are_file_errors(tmp_path):
    assert str(file_error(tmp_path, "")) == (
        "online_summary.csv: the file is empty (expected a header row)"
    )
    for text in (f"{HEADER}\n", f"{HEADER}\n,,,\n\n"):
        err = file_error(tmp_path, text)
        assert err.problem == Problem(
            "online_summary.csv", None, None, None, "the file has a header row but no data rows"
        )
    err = file_error(tmp_path, f"\n{HEADER}\n2022,241,377,618\n")
    assert (err.problem.row, err.problem.expected) == (
        1,
        "the first row is empty; put the header on row 1",
    )


def test_a_row_cut_short_is_a_problem_and_empty_lines_are_not(tmp_path):
    frame, problems = raw_of(tmp_path, f"{HEADER}\n2022,241,377,618\n\n,,,\n2023,302\n")
    assert list(frame.index) == [2, 5]  # lines 3 and 4 hold no value: ignored
    assert problems == [
        Problem(
            "online_summary.csv",
            5,
            None,
            None,
            "expected 4 values, one per header column; the row has only 2 (is it cut short?)",
        )
    ]
    assert list(frame.loc[5]) == ["2023", "302", "", ""]  # padded, so other checks still run


def test_an_exactly_duplicated_header_is_a_problem_not_a_crash(tmp_path):
    text = "fiscal_year,procedures_online,procedures_online\n2022,241,241\n"
    assert errors_of(tmp_path, text) == [("online_summary.csv", None, "procedures_online")]


def test_a_header_over_two_rows_is_named(tmp_path):
    text = (
        "年度,手続数,,出典\n,オンライン対応済手続数,オンライン未対応手続数,\n"
        "2022,241,377,S004-2-1\n"
    )
    err = file_error(tmp_path, text)
    assert str(err) == (
        "online_summary.csv, row 2: the header spans two rows (merged cells?); use a single "
        "header row"
    )


def test_an_unnamed_column_over_data_is_not_a_two_row_header(tmp_path):
    # Row 2 is data (numbers, dates), so the empty header is an unnamed column, not a merge.
    frame, problems = raw_of(tmp_path, "fiscal_year,,procedures_online\n2022,5,241\n")
    assert problems == [] and list(frame.columns) == ["fiscal_year", "", "procedures_online"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(tmp_path, encoding):
    data = f"{HEADER}\n2022,241,377,618\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    frame, problems = raw_of(tmp_path, data)
    assert problems == [] and frame.loc[2, "procedures_online"] == "241"


def test_utf16_without_a_byte_order_mark_is_refused_naming_the_encoding(tmp_path):
    err = file_error(tmp_path, f"{HEADER}\n2022,241,377,618\n".encode("utf-16-le"))
    assert str(err) == (
        "online_summary.csv: cannot read the file: it looks like UTF-16 without a byte-order "
        "mark; save it as UTF-8 or CP932"
    )
    err = file_error(tmp_path, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "it holds NUL bytes, so it is not a CSV text file" in str(err)


def test_a_cell_over_the_limit_names_its_row_and_column(tmp_path):
    before = csv.field_size_limit()
    err = file_error(tmp_path, f"{HEADER}\n2022,241,{'1' * 140_000},618\n")
    assert (err.problem.row, err.problem.column) == (2, "procedures_not_online")
    assert err.problem.expected == (
        "a cell of at most 32,767 characters (Excel's limit); this one has 140,000"
    )
    assert csv.field_size_limit() == before  # the csv module is left as it was
    frame, _ = raw_of(tmp_path, f"{HEADER},note\n2022,241,377,618,{'x' * 32_767}\n")
    assert len(frame.loc[2, "note"]) == 32_767  # the limit itself is allowed


def test_a_count_of_thousands_of_digits_is_a_problem(tmp_path):
    problems = errors_of(tmp_path, f"{HEADER}\n2022,{'9' * 5000},377,618\n")
    assert ("online_summary.csv", 2, "procedures_online") in problems
    with pytest.raises(ParseError, match="under 10"):
        parse_quantity("1" + "0" * 18)
    assert parse_quantity("999,999,999,999,999,999").value == 10**18 - 1


def test_a_folder_a_link_loop_and_a_missing_file(tmp_path):
    (tmp_path / "a.csv").mkdir()
    os.symlink("loop.csv", tmp_path / "loop.csv")
    with pytest.raises(FileReadError, match=r"^a\.csv: is a folder, not a file"):
        read_raw(tmp_path / "a.csv")
    with pytest.raises(FileReadError, match=r"^loop\.csv: is a symbolic-link loop"):
        read_raw(tmp_path / "loop.csv")
    with pytest.raises(DatasetNotFoundError, match="no such file"):
        read_raw(tmp_path / "none.csv")


def test_fiscal_years_after_the_next_are_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("SUGIDX_MAX_FISCAL_YEAR", raising=False)
    assert limits.max_fiscal_year(dt.date(2026, 3, 31)) == 2026  # FY2025 ends that day
    assert limits.max_fiscal_year(dt.date(2026, 4, 1)) == 2027
    path = tmp_path / "online_summary.csv"
    path.write_text(f"{HEADER}\n2022,241,377,618\n令和10年度,1,1,2\n", encoding="utf-8")
    table = read_table(path, get_dataset("online_summary"))
    assert [(p.row, p.column, p.value) for p in implausible_fiscal_years(table, 2027)] == [
        (3, "fiscal_year", 2028)
    ]
    assert implausible_fiscal_years(table, 2028) == []


def test_fiscal_years_before_2000_are_refused(tmp_path):
    """No report can be of such a year (render would refuse it), so validation refuses it."""
    path = tmp_path / "online_summary.csv"
    path.write_text(f"{HEADER}\n平成11年度,241,377,618\n2000,1,1,2\n", encoding="utf-8")
    table = read_table(path, get_dataset("online_summary"))
    (problem,) = implausible_fiscal_years(table, 2027)
    assert (problem.row, problem.column, problem.value) == (2, "fiscal_year", 1999)
    assert problem.expected.startswith("a fiscal year no earlier than FY2000")


def test_long_values_are_shortened_in_messages():
    text = Problem("f.csv", 2, "c", "9" * 5000, "a number").describe()
    assert text.startswith("f.csv, row 2, column 'c': a number (found '999")
    assert text.endswith("999' (5,000 characters))") and len(text) < 120


def test_problems_of_one_kind_are_summarised():
    same = [Problem("f.csv", r, "c", "x", "a number") for r in range(2, 27)]
    other = [Problem("f.csv", 3, "d", "y", "a date")]
    shown = list(summarise(same + other))
    assert len(shown) == 21
    assert [hidden for _, hidden in shown].count(5) == 1 and shown[19] == (same[19], 5)
    assert more_line(*shown[19]) == "… ほか 5 件 (same problem in column 'c' of f.csv)"
    assert more_line(Problem("f.csv", None, None, None, "x"), 1234) == (
        "… ほか 1,234 件 (same problem in f.csv)"
    )
