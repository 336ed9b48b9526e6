"""Another municipality's data folder renders under its own name and targets, never Suginami's:
the cover, the running header and the summary say its name, its target is the one judged, no
example data calibrated to Suginami is mixed in, and 杉並区 appears nowhere in the PDFs' text.
The folder and its figures are fictional (架空市); rendered once, with the real notebooks."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from sugidx_analysis.cli import main

NAME = "架空市（テスト用）"
PROFILE = f"""
name = "{NAME}"
name_en = "Kakuu City (fictional, for tests)"
fiscal_year_start = "04-01"

[[targets]]
id = "online.coverage"
label = "オンライン対応率"
statement = "令和8年度末までに対象手続の8割をオンライン化する"
value = 0.8
unit = "ratio"
fiscal_year = 2026
source_id = "K-001"
"""
SOURCES = """source_id,document_file,title,municipality,period,section,verified
K-001,,架空市デジタル化計画（テスト用の架空の資料）,架空市（テスト用）,令和5年度,2 目標,true
"""
# Fictional counts: 100 → 160 procedures online of 400 → 420 capable.
COLUMNS = (
    "fiscal_year,procedures_online,procedures_not_online,procedures_online_capable,"
    "applications_online,applications_total,source_id"
)
ONLINE = f"""{COLUMNS}
2022,100,300,400,20000,100000,K-001
2023,160,260,420,30000,100000,K-001
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("kakuu")
    data = root / "data"
    data.mkdir()
    (data / "municipality.toml").write_text(PROFILE, encoding="utf-8")
    (data / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (data / "online_summary.csv").write_text(ONLINE, encoding="utf-8")
    out = root / "reports"
    code = main(["render", "--fiscal-year", "2023", "--data-dir", str(data), "--out", str(out)])
    assert code == 0
    return out / "FY2023"


def _text(path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")


def test_only_the_folders_own_reports_are_rendered(reports):
    pdfs = sorted(p.stem for p in reports.glob("*.pdf"))
    assert pdfs == ["00_overview", "01_online_procedures", "annual_report"]


def test_suginami_appears_in_no_pdf(reports):
    for pdf in reports.glob("*.pdf"):
        text = _text(pdf)
        assert "杉並" not in text, pdf.name
        assert NAME in text, pdf.name
        assert "合成データ" not in text, pdf.name  # no example data calibrated to Suginami


def test_cover_header_and_summary_are_in_its_name_and_target(reports):
    pages = [
        p.extract_text().replace("\n", "")
        for p in PdfReader(reports / "01_online_procedures.pdf").pages
    ]
    assert NAME in pages[0] and "杉並" not in pages[0]  # the cover's issuer
    assert all(NAME in page for page in pages[1:])  # the running header of every page
    html = (reports / "01_online_procedures.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "author"})["content"] == NAME
    summary = soup.select_one("section.summary-page").get_text()
    # 160 / 420 = 38.1%; +6.1 points from 25.0%; the pace 60 a year reaches 336 (80%) by FY2025
    assert "令和5年度末のオンライン対応率は38.1%です。" in summary
    assert "目標（令和8年度末までに80%）に対する判定は「順調」です。" in summary
    assert "架空市デジタル化計画" in soup.get_text()  # the target's own source


def test_the_overview_opens_the_annual_report_and_judges_against_its_target(reports):
    soup = BeautifulSoup(
        (reports / "annual_report.html").read_text(encoding="utf-8"), "html.parser"
    )
    sections = [s["id"] for s in soup.select("main > section.theme")]
    assert sections == ["00_overview", "01_online_procedures"]
    first = soup.select_one("section.summary-page h3").get_text()
    assert first == "DX施策評価の総括"
    text = _text(reports / "00_overview.pdf")
    assert "目標（令和8年度末までに80%）に対する判定は「順調」です。" in text
