"""Bad tables: each validation rule reports exactly the problem, with file, row and column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from sugidx_analysis.catalogue import get_dataset, load_dataset, validate_folder
from sugidx_analysis.cli import main
from sugidx_analysis.datasets.dictionary import dictionary_markdown
from sugidx_analysis.datasets.load import load_table
from sugidx_analysis.datasets.read import read_table
from sugidx_analysis.datasets.rules import check_table
from sugidx_analysis.errors import DataValidationError, Problem

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
