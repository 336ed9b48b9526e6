"""The bad-input corpus (tests/bad_inputs/): every bad file gets its exact message from
``sugidx validate``, naming file, row and column, and never a traceback (issue 14).

Each case puts one bad file into a copy of data/published (the dataset's own file left out), so
the folder is otherwise valid, and runs the CLI in-process. Cases that cannot be committed (a
folder or a symbolic-link loop where a file should be, huge cells and files, an .xlsx) are made
here in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import time
import tomllib
from pathlib import Path

import openpyxl
import pytest

from sugidx_analysis import cli, paths
from sugidx_analysis.catalogue import get_dataset
from sugidx_analysis.datasets.load import load_table
from sugidx_analysis.errors import DataValidationError, FileReadError

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]


def data_folder(tmp_path: Path, poses_as: str) -> Path:
    """A copy of data/published without the files of the dataset ``poses_as`` holds."""
    folder = tmp_path / "data"
    folder.mkdir()
    stem = poses_as.rsplit(".", 1)[0]
    for path in paths.PUBLISHED_DIR.iterdir():
        if path.is_file() and path.name.rsplit(".", 1)[0] != stem:
            shutil.copyfile(path, folder / path.name)
    return folder


def validate(folder: Path, capsys) -> tuple[int, str]:
    """Exit status and the CLI's stdout, after checking nothing printed a traceback."""
    status = cli.main(["validate", "--data-dir", str(folder)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, out + err
    assert "internal error" not in err, err
    return status, out


def render_refuses(folder: Path, tmp_path: Path, capsys, message: str) -> None:
    """`sugidx render` of ``folder`` exits non-zero with ``message``, no traceback, and leaves a
    reports folder holding a previous report byte-identical (nothing runs or is written)."""
    out_dir = tmp_path / "reports"
    (out_dir / "FY2023").mkdir(parents=True)
    (out_dir / "FY2023" / "online.html").write_bytes(b"<html>previous report</html>")
    before = {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()}
    status = cli.main(
        ["render", "--data-dir", str(folder), "--out", str(out_dir), "--fiscal-year", "2023"]
    )
    out, err = capsys.readouterr()
    assert status != 0
    assert "Traceback" not in out + err and "internal error" not in err, out + err
    assert message in out + err
    after = {p: p.read_bytes() for p in out_dir.rglob("*") if p.is_file()}
    assert after == before


def test_the_corpus_has_at_least_40_files_each_with_a_case():
    files = {p.name for p in CORPUS.iterdir()} - {"cases.toml"}
    assert len(files) >= 40
    assert files == {c["file"] for c in CASES}
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert all(c["expect"] or c.get("valid") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_file_gets_its_message(case, tmp_path, capsys):
    folder = data_folder(tmp_path, case["poses_as"])
    shutil.copyfile(CORPUS / case["file"], folder / case["poses_as"])
    status, out = validate(folder, capsys)
    if case.get("valid"):
        assert status == 0, out
        assert "All datasets are valid." in out
        return
    assert status == 1, out
    listed = [line.strip().removeprefix("error: ") for line in out.splitlines()]
    for expected in case["expect"]:
        assert expected in listed, f"{expected!r} not in:\n{out}"


def test_utf16_with_bom_reads_like_the_utf8_file(tmp_path):
    path = tmp_path / "outreach.csv"
    shutil.copyfile(CORPUS / "utf16_with_bom.csv", path)
    table = load_table(path, get_dataset("outreach"))
    published = load_table(paths.PUBLISHED_DIR / "outreach.csv", get_dataset("outreach"))
    assert table.frame.equals(published.frame)


# Cases made here: what cannot (or should not) be committed.


def test_a_folder_where_a_file_should_be(tmp_path, capsys):
    folder = data_folder(tmp_path, "cashless.csv")
    (folder / "cashless.csv").mkdir()
    status, out = validate(folder, capsys)
    assert status == 1
    assert "error: cashless.csv: is a folder, not a file; a dataset must be a file" in out
    render_refuses(folder, tmp_path, capsys, "cashless.csv: is a folder, not a file")


def test_a_symbolic_link_loop_where_a_file_should_be(tmp_path, capsys):
    folder = data_folder(tmp_path, "cashless.csv")
    os.symlink("cashless.csv", folder / "cashless.csv")  # points at itself
    status, out = validate(folder, capsys)
    assert status == 1
    assert "error: cashless.csv: is a symbolic-link loop" in out
    assert "no such file" not in out
    render_refuses(folder, tmp_path, capsys, "cashless.csv: is a symbolic-link loop")


def test_a_symbolic_link_to_nothing(tmp_path, capsys):
    folder = data_folder(tmp_path, "cashless.csv")
    os.symlink("gone.csv", folder / "cashless.csv")
    status, out = validate(folder, capsys)
    assert status == 1
    assert "error: cashless.csv: is a symbolic link to gone.csv, which does not exist" in out
    render_refuses(folder, tmp_path, capsys, "is a symbolic link to gone.csv")


def test_a_cell_over_131072_characters(tmp_path, capsys):
    folder = data_folder(tmp_path, "outreach.csv")
    text = (paths.PUBLISHED_DIR / "outreach.csv").read_text(encoding="utf-8")
    text = text.replace("体験講座", "講" * 131_073, 1)
    (folder / "outreach.csv").write_text(text, encoding="utf-8")
    status, out = validate(folder, capsys)
    assert status == 1
    assert (
        "error: outreach.csv, row 2, column 'programme': a cell of at most 32,767 characters "
        "(Excel's limit); this one has 131,073"
    ) in out
    render_refuses(folder, tmp_path, capsys, "a cell of at most 32,767 characters")


@pytest.mark.parametrize("digits", [5_000, 20])
def test_a_count_too_long_for_any_integer(digits, tmp_path, capsys):
    folder = data_folder(tmp_path, "outreach.csv")
    text = (paths.PUBLISHED_DIR / "outreach.csv").read_text(encoding="utf-8")
    (folder / "outreach.csv").write_text(text.replace(",12,", f",{'9' * digits},", 1))
    status, out = validate(folder, capsys)
    assert status == 1
    assert "error: outreach.csv, row 2, column 'sessions': expected a whole number" in out
    if digits > 60:  # a long value is shortened in the listing, saying how long it was
        assert f"({digits:,} characters)" in out
        assert max(len(line) for line in out.splitlines()) < 300


def test_a_200_mb_file_is_refused_by_its_size_before_reading(tmp_path, capsys):
    folder = data_folder(tmp_path, "outreach.csv")
    path = folder / "outreach.csv"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.write(b"fiscal_year,provider,programme,sessions,participants,source_id\n")
        handle.truncate(200 * 1024 * 1024)
    start = time.perf_counter()
    status, out = validate(folder, capsys)
    assert time.perf_counter() - start < 10  # the whole folder; reading 200 MB would be slower
    assert status == 1
    assert (
        "error: outreach.csv: the file is 200.0 MB (209,715,200 bytes), larger than the limit "
        "of 100.0 MB (104,857,600 bytes) per file; if it really is a dataset, raise the limit "
        "with SUGIDX_MAX_FILE_BYTES=<bytes>"
    ) in out
    render_refuses(folder, tmp_path, capsys, "larger than the limit of 100.0 MB")


def test_the_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "outreach.csv"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(FileReadError, match="larger than the limit"):
        load_table(path, get_dataset("outreach"))


def test_the_limits_can_be_raised_and_lowered(tmp_path, capsys, monkeypatch):
    folder = data_folder(tmp_path, "outreach.csv")
    shutil.copyfile(paths.PUBLISHED_DIR / "outreach.csv", folder / "outreach.csv")
    monkeypatch.setenv("SUGIDX_MAX_ROWS", "5")
    status, out = validate(folder, capsys)
    assert status == 1
    assert (
        "error: outreach.csv: the file has more than 5 data rows, the limit per file; if it "
        "really is a dataset, raise the limit with SUGIDX_MAX_ROWS=<rows>"
    ) in out
    monkeypatch.setenv("SUGIDX_MAX_ROWS", "8")  # outreach.csv has 8
    monkeypatch.setenv("SUGIDX_MAX_FILE_BYTES", "500")
    status, out = validate(folder, capsys)
    assert status == 1
    assert "outreach.csv: the file has more than" not in out
    assert (
        "error: outreach.csv: the file is 590 bytes, larger than the limit of 500 bytes per "
        "file; if it really is a dataset, raise the limit with SUGIDX_MAX_FILE_BYTES=<bytes>"
    ) in out
    assert "error: cashless.csv: the file is" not in out  # 483 bytes


def test_an_invalid_limit_setting_is_one_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SUGIDX_MAX_ROWS", "lots")
    assert cli.main(["validate", "--data-dir", str(paths.PUBLISHED_DIR)]) == 1
    out, err = capsys.readouterr()
    assert err == "sugidx validate: SUGIDX_MAX_ROWS='lots': expected a whole number of at least 1\n"


def test_a_later_fiscal_year_is_allowed_when_the_limit_is_raised(tmp_path, capsys, monkeypatch):
    folder = data_folder(tmp_path, "cashless.csv")
    shutil.copyfile(CORPUS / "fiscal_year_2099.csv", folder / "cashless.csv")
    monkeypatch.setenv("SUGIDX_MAX_FISCAL_YEAR", "2099")
    status, out = validate(folder, capsys)
    assert status == 0, out
    monkeypatch.setenv("SUGIDX_MAX_FISCAL_YEAR", "2030")
    status, out = validate(folder, capsys)
    assert status == 1
    assert (
        "error: cashless.csv, row 5, column 'fiscal_year': a fiscal year no later than FY2030 "
        "(the limit SUGIDX_MAX_FISCAL_YEAR sets) (found 2099)"
    ) in out


def test_a_merged_two_row_header_in_a_workbook(tmp_path, capsys):
    folder = data_folder(tmp_path, "online_summary.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["年度", "手続数", None, None, None, "出典"])
    sheet.append([None, "オンライン対応済手続数", "オンライン未対応手続数", "小計", "総手続数"])
    sheet.append([2022, 241, 377, 618, 2691, "S004-2-1"])
    sheet.merge_cells("B1:E1")
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("F1:F2")
    book.save(folder / "online_summary.xlsx")
    status, out = validate(folder, capsys)
    assert status == 1
    assert (
        "error: online_summary.xlsx, row 2: the header spans two rows (merged cells?); "
        "use a single header row"
    ) in out


def test_a_cell_far_right_of_the_table_in_a_workbook(tmp_path, capsys):
    """openpyxl pads every row to the sheet's declared width: one cell at XFD20000 used to make
    20,000 rows of 16,384 cells (23 s, 2.8 GB); now refused at its row, at once."""
    folder = data_folder(tmp_path, "population.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    lines = (paths.PUBLISHED_DIR / "population.csv").read_text(encoding="utf-8").splitlines()
    for line in lines[:3]:
        sheet.append(line.split(","))
    sheet.cell(row=20_000, column=16_384, value=" ")
    book.save(folder / "population.xlsx")
    start = time.perf_counter()
    status, out = validate(folder, capsys)
    assert time.perf_counter() - start < 10
    assert status == 1
    assert (
        "error: population.xlsx, row 20000: the row has cells up to column 16,384; a dataset "
        "has at most 1,000 columns (delete the cells right of the table)"
    ) in out


def test_a_workbook_that_expands_beyond_ten_times_the_limit(tmp_path, capsys, monkeypatch):
    folder = data_folder(tmp_path, "population.csv")
    book = openpyxl.Workbook()
    book.active.append(["reference_date", "age_band", "sex", "population", "source_id"])
    for _ in range(100):
        book.active.append(["x" * 30_000])  # 3 MB that compress to almost nothing
    book.save(folder / "population.xlsx")
    assert (folder / "population.xlsx").stat().st_size < 50_000
    monkeypatch.setenv("SUGIDX_MAX_FILE_BYTES", "50000")
    status, out = validate(folder, capsys)
    assert status == 1
    assert "error: population.xlsx: the workbook expands to " in out
    assert "more than ten times the limit per file (500,000 bytes" in out


def test_a_cell_one_over_the_limit_and_a_long_cell_before_a_lone_carriage_return(tmp_path, capsys):
    folder = data_folder(tmp_path, "outreach.csv")
    text = (paths.PUBLISHED_DIR / "outreach.csv").read_text(encoding="utf-8")
    (folder / "outreach.csv").write_text(text.replace("体験講座", "講" * 32_768, 1))
    status, out = validate(folder, capsys)
    assert status == 1
    assert "a cell of at most 32,767 characters (Excel's limit); this one has 32,768" in out
    # A long cell, then a carriage return alone inside an unquoted field: both readings of the
    # file (the second one names the long cell) must end in a message, not an internal error.
    (folder / "outreach.csv").write_text(
        text.replace("体験講座", "講" * 40_000, 1) + "2023,a\rb,c,1,1,S001\n", newline=""
    )
    status, out = validate(folder, capsys)
    assert status == 1
    assert "a cell of at most 32,767 characters (Excel's limit); this one has 40,000" in out


def test_many_problems_of_one_kind_are_counted_not_listed(tmp_path, capsys):
    folder = data_folder(tmp_path, "outreach.csv")
    rows = "".join(f"2022,p,講座{i},たくさん,,S000-outreach\n" for i in range(50))
    header = "fiscal_year,provider,programme,sessions,participants,source_id\n"
    (folder / "outreach.csv").write_text(header + rows, encoding="utf-8")
    status, out = validate(folder, capsys)
    assert status == 1
    assert out.count("column 'sessions': expected a whole number") == 20
    assert "  … ほか 30 件 (same problem in column 'sessions' of outreach.csv)\n" in out
    assert "50 problem(s) found." in out
    path = folder / "outreach.csv"
    with pytest.raises(DataValidationError) as err:
        load_table(path, get_dataset("outreach"))
    assert len(err.value.problems) == 50  # every problem is kept; the message counts the rest
    message = str(err.value)
    assert message.count("expected a whole number") == 20
    assert "… ほか 30 件 (same problem in column 'sessions' of outreach.csv)" in message


def test_json_lists_every_problem(tmp_path, capsys):
    folder = data_folder(tmp_path, "outreach.csv")
    rows = "".join(f"2022,p,講座{i},たくさん,,S000-outreach\n" for i in range(30))
    header = "fiscal_year,provider,programme,sessions,participants,source_id\n"
    (folder / "outreach.csv").write_text(header + rows, encoding="utf-8")
    assert cli.main(["validate", "--data-dir", str(folder), "--json"]) == 1
    out = capsys.readouterr().out
    assert out.count('"expected": "expected a whole number') == 30


def test_an_unexpected_exception_is_one_line_not_a_traceback(capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(cli.COMMANDS, "validate", ("check", cli._validate_args, broken))
    assert cli.main(["validate"]) == 2
    out, err = capsys.readouterr()
    assert err == (
        "sugidx validate: internal error: RuntimeError: boom second line (please report this)\n"
    )
    assert "Traceback" not in out + err


# Render: a bad folder is refused before anything runs, and the output folder is left alone.

# Every refused case, also through `sugidx render`: refused before anything is executed or written.
RENDER_CASES = [c["id"] for c in CASES if not c.get("valid", False)]


@pytest.mark.parametrize("case_id", RENDER_CASES)
def test_render_refuses_a_bad_folder_and_leaves_the_output_alone(case_id, tmp_path, capsys):
    case = next(c for c in CASES if c["id"] == case_id)
    folder = data_folder(tmp_path, case["poses_as"])
    shutil.copyfile(CORPUS / case["file"], folder / case["poses_as"])
    render_refuses(folder, tmp_path, capsys, case["expect"][0].split(": ", 1)[1])
