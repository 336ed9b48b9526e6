"""``sugidx kpis`` (the scorecard's KPIs as JSON or CSV) and ``sugidx validate``'s check of
``municipality.toml``: real figures in, real figures out, messages instead of tracebacks."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from sugidx_analysis import catalogue, judgement, paths
from sugidx_analysis.cli import main
from sugidx_analysis.municipality import load_profile
from sugidx_analysis.render.plan import fiscal_years
from sugidx_analysis.themes import get_theme
from sugidx_analysis.themes.overview import export
from sugidx_analysis.themes.overview.metrics import OverviewParams, evaluate, records

PUBLISHED = paths.PUBLISHED_DIR


def _records(year: int, data_dir=PUBLISHED) -> list[dict]:
    inputs = catalogue.load_inputs(get_theme("overview"), data_dir, None)
    return records(evaluate(inputs, OverviewParams(year, load_profile(data_dir))))


def _kpis_json(capsys, *args: str) -> list[dict]:
    assert main(["kpis", "--format", "json", *args]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return json.loads(out.out)


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def fy2023() -> list[dict]:
    return _records(2023)


def test_kpis_json_fy2023_is_the_scorecard(capsys, fy2023):
    got = _kpis_json(capsys, "--fiscal-year", "2023")
    export.validate(got)
    assert got == json.loads(export.to_json(fy2023))
    by_id = {r["id"]: r for r in got}
    coverage = by_id["online.coverage"]
    assert coverage["value"] == pytest.approx(302 / 717)  # FY2023, S004-2-1
    assert coverage["fiscal_year"] == 2023
    assert coverage["source_id"] == "S004-2-1"
    assert coverage["judgement"] == "off_track"
    assert coverage["judgement_label"] == judgement.LABELS["off_track"]
    assert coverage["target"] == 1.0 and coverage["target_date"] == "2026-03-31"
    assert by_id["suginavi_accesses"]["value"] == 1240121
    assert by_id["suginavi_accesses"]["judgement"] == "not_judged"


def test_kpis_fiscal_year_in_japanese(capsys, fy2023):
    assert _kpis_json(capsys, "--fiscal-year", "令和5年度") == json.loads(export.to_json(fy2023))


def test_every_record_is_judged(capsys):
    got = _kpis_json(capsys, "--fiscal-year", "FY2023")
    assert got
    codes = {"achieved", "on_track", "caution", "off_track", "not_judged"}
    assert set(judgement.LABELS) == codes
    for record in got:
        assert record["judgement"] in codes, record["id"]
        assert record["judgement_label"] == judgement.LABELS[record["judgement"]]


def test_kpis_csv_to_file(tmp_path, capsys):
    target = tmp_path / "out" / "kpis.csv"
    assert main(["kpis", "--fiscal-year", "2023", "--format", "csv", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(data)
    assert tuple(rows[0]) == export.FIELDS
    as_json = _kpis_json(capsys, "--fiscal-year", "2023")
    assert len(rows) - 1 == len(as_json)
    coverage = dict(zip(rows[0], next(r for r in rows if r[0] == "online.coverage"), strict=True))
    assert float(coverage["value"]) == pytest.approx(302 / 717)
    assert coverage["judgement"] == "off_track"
    assert not list(target.parent.glob("*.tmp"))


def test_kpis_csv_to_stdout_is_bytes_with_bom(capsysbinary):
    assert main(["kpis", "--fiscal-year", "2023", "--format", "csv"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    assert tuple(_csv_rows(data)[0]) == export.FIELDS


def test_kpis_json_to_file(tmp_path, capsys, fy2023):
    target = tmp_path / "kpis.json"
    assert main(["kpis", "--fiscal-year", "2023", "--output", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(export.to_json(fy2023))


def test_failed_run_keeps_the_previous_file(tmp_path, capsys):
    target = tmp_path / "kpis.json"
    target.write_text("good previous export\n", encoding="utf-8")
    assert main(["kpis", "--data-dir", str(tmp_path / "missing"), "--output", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == "good previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kpis.json"]
    capsys.readouterr()


def _folder(tmp_path, kpis_header: str, kpis_row: str):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(PUBLISHED / "online_summary.csv", folder / "online_summary.csv")
    shutil.copy(paths.SOURCES_FILE, folder / "sources.csv")
    (folder / "kpis.csv").write_text(f"{kpis_header}\n{kpis_row}\n", encoding="utf-8")
    return folder


def _formula_cell(folder, tmp_path, capsys) -> str:
    target = tmp_path / "kpis.csv"
    args = ["kpis", "--data-dir", str(folder), "--fiscal-year", "2023", "--format", "csv"]
    code = main([*args, "--output", str(target)])
    err = capsys.readouterr().err
    assert code == 0, err
    rows = _csv_rows(target.read_bytes())
    x = dict(zip(rows[0], next(r for r in rows if r[0] == "x"), strict=True))
    assert x["value"] == "5.0" and x["unit"] == "件" and x["source_id"] == "S004-2-1"
    return x["label"]


def test_csv_neutralises_a_formula_label(tmp_path, capsys):
    folder = _folder(
        tmp_path,
        "kpi_id,theme,fiscal_year,label,value,unit,approximate,bound,source_id",
        "x,services,2023,=1+1,5,件,false,,S004-2-1",
    )
    assert _formula_cell(folder, tmp_path, capsys) == "'=1+1"


def test_kpis_csv_without_the_optional_bound_column(tmp_path, capsys):
    # kpis.csv without its optional ``bound`` column is valid (sugidx validate accepts it),
    # so the export must read it too.
    folder = _folder(
        tmp_path,
        "kpi_id,theme,fiscal_year,label,value,unit,approximate,source_id",
        "x,services,2023,=1+1,5,件,false,S004-2-1",
    )
    assert main(["validate", "--data-dir", str(folder)]) == 0
    capsys.readouterr()
    assert _formula_cell(folder, tmp_path, capsys) == "'=1+1"


def test_default_year_is_the_latest_in_the_data(capsys):
    latest = fiscal_years(PUBLISHED)[-1]
    assert latest == max(fiscal_years(PUBLISHED)) and latest > 2023
    got = _kpis_json(capsys)
    assert got == json.loads(export.to_json(_records(latest)))
    coverage = next(r for r in got if r["id"] == "online.coverage")
    assert coverage["fiscal_year"] == max(
        int(y) for y in catalogue.load_dataset("online_summary")["fiscal_year"]
    )


def test_default_year_of_another_folder(tmp_path, capsys):
    folder = _folder(
        tmp_path,
        "kpi_id,theme,fiscal_year,label,value,unit,approximate,bound,source_id",
        "x,services,2023,label,5,件,false,,S004-2-1",
    )
    assert fiscal_years(folder)[-1] == 2023
    got = _kpis_json(capsys, "--data-dir", str(folder))
    assert {r["id"]: r["fiscal_year"] for r in got}["online.coverage"] == 2023
    # A folder without municipality.toml judges no targets.
    assert {r["judgement"] for r in got} == {"not_judged"}


def test_kpis_unknown_folder_is_a_message(capsys):
    assert main(["kpis", "--data-dir", "/nonexistent"]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert "sugidx kpis:" in out.err and "/nonexistent" in out.err
    assert "Traceback" not in out.err


def test_kpis_bad_profile_is_a_message(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(PUBLISHED / "online_summary.csv", folder / "online_summary.csv")
    (folder / "municipality.toml").write_text("name = 1\n", encoding="utf-8")
    assert main(["kpis", "--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "sugidx kpis:" in err and "municipality.toml" in err and "name" in err
    assert "Traceback" not in err


# sugidx validate and municipality.toml


def test_validate_prints_the_profile(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "municipality.toml" in x)
    targets = len(load_profile(PUBLISHED).targets)
    assert "profile: 杉並区" in line and f"{targets} target(s)" in line and line.endswith("ok")


def test_validate_json_names_the_municipality(capsys):
    assert main(["validate", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["municipality"] == {"name": "杉並区", "targets": 4}
    assert report["ok"] is True


def _profile_folder(tmp_path, profile: str | None):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(PUBLISHED / "online_summary.csv", folder / "online_summary.csv")
    if profile is not None:
        (folder / "municipality.toml").write_text(profile, encoding="utf-8")
    return folder


def test_validate_without_profile(tmp_path, capsys):
    folder = _profile_folder(tmp_path, None)
    assert main(["validate", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "(no municipality.toml: reports use 「（自治体名未設定）」 and judge no targets)" in out
    assert main(["validate", "--data-dir", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["municipality"] is None


def test_validate_broken_profile(tmp_path, capsys):
    folder = _profile_folder(tmp_path, "name = 1\n")
    assert main(["validate", "--data-dir", str(folder)]) == 1
    out = capsys.readouterr().out
    error = next(x for x in out.splitlines() if x.strip().startswith("error:"))
    assert "municipality.toml" in error and "name must be non-empty text" in error
    assert main(["validate", "--data-dir", str(folder), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["municipality"] is None
    assert [p["file"] for p in report["problems"]] == ["municipality.toml"]
    assert "name" in report["problems"][0]["expected"]


UNKNOWN_SOURCE = """name = "テスト市"

[[targets]]
id = "online.coverage"
label = "オンライン対応率"
value = 1.0
unit = "ratio"
fiscal_year = 2025
source_id = "S999-nowhere"
"""


def test_validate_target_with_unknown_source(tmp_path, capsys):
    folder = _profile_folder(tmp_path, UNKNOWN_SOURCE)
    assert main(["validate", "--data-dir", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "profile: テスト市, 1 target(s)  1 problem(s)" in out
    error = next(x for x in out.splitlines() if "S999-nowhere" in x)
    assert error.strip().startswith("error: municipality.toml")
    assert "online.coverage" in error
    assert main(["validate", "--data-dir", str(folder), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["municipality"] == {"name": "テスト市", "targets": 1}
    (problem,) = report["problems"]
    assert problem["file"] == "municipality.toml" and problem["value"] == "S999-nowhere"
    assert "online.coverage" in problem["expected"]


def test_validate_target_with_known_source(tmp_path, capsys):
    folder = _profile_folder(tmp_path, UNKNOWN_SOURCE.replace("S999-nowhere", "S004-2-1"))
    assert main(["validate", "--data-dir", str(folder)]) == 0
    assert "profile: テスト市, 1 target(s)  ok" in capsys.readouterr().out


def test_interrupted_write_keeps_the_previous_file(tmp_path, capsys, monkeypatch):
    import os

    target = tmp_path / "kpis.csv"
    target.write_bytes(b"good previous export\n")

    def fail(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", fail)
    args = ["kpis", "--fiscal-year", "2023", "--format", "csv", "--output", str(target)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "sugidx kpis: No space left on device" in err and "Traceback" not in err
    assert target.read_bytes() == b"good previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kpis.csv"]
