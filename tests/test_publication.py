"""The rendered reports read as an official publication: checked on the real notebooks rendered
once for FY2023 (its own data) and FY2024 (no data of its own: the latest year serves), as a
reviewer reads them — the PDF's text, fonts, metadata and tags, and the HTML's markup."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from sugidx_analysis import catalogue, fmt, judgement, paths, tiers
from sugidx_analysis.hashing import file_sha256
from sugidx_analysis.render import batch, plan
from sugidx_analysis.themes import theme_of_notebook

ONLINE = "01_online_procedures"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
# Code identifiers that must never reach a reader.
IDENTIFIERS = ("fiscal_year", "source_id", "data_dir", "example_dir", "NaN", "None", "''")
# Three or more Latin words in a row: an English phrase or message.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")
FICTIONAL = re.compile(r"手続[A-Z]-\d{3}")
SHA256 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = batch.render_reports([2023, 2024], out_dir=out, jobs=2)
    assert result.ok, [(r.name, r.error) for r in result.failed]
    return out


def _pages(path) -> list[str]:
    """Each page's text with line breaks removed (Japanese wraps anywhere, even mid-word)."""
    return [page.extract_text().replace("\n", "") for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def fy2023(rendered) -> list[str]:
    return _pages(rendered / "FY2023" / f"{ONLINE}.pdf")


def test_every_real_notebook_renders_offline_with_its_cover(rendered):
    found = sorted(paths.NOTEBOOKS_DIR.glob(plan.NOTEBOOK_GLOB))
    assert found, "notebooks/ should hold the theme notebooks"
    folder = rendered / "FY2023"
    for nb in found:
        info = plan.notebook_info(nb)
        year = 2023
        if not (folder / f"{nb.stem}.html").exists():
            # a theme whose data starts later (the survey: FY2024) has no FY2023 report
            theme = theme_of_notebook(nb.stem)
            assert min(catalogue.years_with_data(theme)) == 2024, nb.stem
            year = 2024
        html = (rendered / f"FY{year}" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert not EXTERNAL.findall(html)
        text = "\n".join(_pages(rendered / f"FY{year}" / f"{nb.stem}.pdf"))
        assert info.title.replace(" ", "") in text.replace(" ", "")
        assert f"{fmt.fiscal_year_label(year)}" in text
        # A notebook that also reads data/example says on its cover that part is synthetic.
        theme = theme_of_notebook(nb.stem)
        part_synthetic = tiers.PART_SYNTHETIC in text.replace(" ", "")
        assert part_synthetic == bool(theme.example_datasets), nb.stem
    assert (folder / "annual_report.pdf").exists()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_tier"] == "公表値" + tiers.PART_SYNTHETIC
    statuses = {name: e["status"] for name, e in manifest["reports"].items()}
    for name in ("03_survey", "04_standardization"):  # their first data are FY2024's
        assert statuses.pop(name) == batch.NO_DATA
    assert all(status == "ok" for status in statuses.values())


def test_summary_is_page_two_with_the_published_figures_and_a_judgement(fy2023):
    page = fy2023[1]
    assert page.startswith("評価結果の概要")
    assert "42.1%" in page and "44.2%" in page  # the ward's published ratios (seed 004)
    assert "判定は「未達見込み」" in page
    assert any(label in page for label in judgement.LABELS.values())
    assert "判定は次の規則によります" in page


def test_tables_and_figures_are_numbered_captioned_and_sourced(fy2023):
    text = "\n".join(fy2023)
    tables = re.findall(r"表(\d+)\u3000", text)
    figures = re.findall(r"図(\d+)\u3000", text)
    assert "1" in tables and "1" in figures
    # Each number once in the body and once in the lists after the contents.
    assert sorted(set(map(int, tables))) == list(range(1, max(map(int, tables)) + 1))
    assert sorted(set(map(int, figures))) == list(range(1, max(map(int, figures)) + 1))
    assert text.count("出典：") >= len(set(tables)) + len(set(figures)) - 1
    assert "表目次" in fy2023[2] and "図目次" in fy2023[2]


def test_no_code_identifier_or_english_sentence_reaches_the_reader(fy2023):
    text = "\n".join(fy2023)
    for identifier in IDENTIFIERS:
        assert identifier not in text, identifier
    assert not ENGLISH.findall(text), ENGLISH.findall(text)
    assert "FY2022" not in text  # years are 令和 in prose, tables and figures


def test_changes_are_worded_and_tables_use_the_triangle(fy2023):
    text = "\n".join(fy2023)
    assert "3.1ポイント上昇しました" in text
    assert "172,545件減少しました" in text  # paper applications, FY2022 → FY2023
    assert "△172,545" in text  # the same fall in the change table
    assert "-172,545" not in text and "+38" not in text


def test_every_page_showing_synthetic_data_carries_the_mark(fy2023):
    shows = [
        n
        for n, page in enumerate(fy2023, start=1)
        if "出典：合成データ" in page or "【合成データ】" in page or FICTIONAL.search(page)
    ]
    assert shows, "the FY2023 report shows the synthetic record-level analysis"
    for n in shows:
        assert "合成データを含む" in fy2023[n - 1], f"page {n}"
    # …and only those pages: the published sections carry no such header.
    assert "合成データを含む" not in fy2023[1]


def test_appendix_gives_full_hashes_of_the_inputs(fy2023):
    text = "\n".join(fy2023)
    assert "再現情報" in text
    hashes = set(SHA256.findall(text))
    assert file_sha256(paths.PUBLISHED_DIR / "online_summary.csv") in hashes
    assert file_sha256(paths.EXAMPLE_DIR / "online_procedures.csv") in hashes
    assert "…" not in text.split("再現情報")[-1]


def test_pdf_is_tagged_with_metadata_alt_text_and_a_bold_face(rendered):
    reader = PdfReader(rendered / "FY2023" / f"{ONLINE}.pdf")
    meta = reader.metadata
    assert meta.author == "杉並区" and meta.title == "オンライン手続の進捗評価"
    assert "令和5年度" in meta.subject
    # The date the data describes (the end of FY2023), not the clock: re-renders are identical.
    assert meta["/CreationDate"].startswith("D:20240331")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "ja"
    alts: list[str] = []
    _figure_alts(root["/StructTreeRoot"], alts)
    assert len(alts) >= 5 and all(alts), alts
    assert any("42.1%" in a for a in alts)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any(name.endswith("-Bold") for name in fonts), fonts


def _figure_alts(node, out: list[str]) -> None:
    node = node.get_object()
    if isinstance(node, dict):
        if node.get("/S") == "/Figure":
            out.append(str(node.get("/Alt") or ""))
        if "/K" in node:
            _figure_alts(node["/K"], out)
    elif isinstance(node, list):
        for child in node:
            _figure_alts(child, out)


def test_html_has_semantic_captions_and_alt_text(rendered):
    soup = BeautifulSoup(
        (rendered / "FY2023" / f"{ONLINE}.html").read_text(encoding="utf-8"), "html.parser"
    )
    tables = soup.select("div.sugidx-table table")
    assert tables and all(t.find("caption") for t in tables)
    figures = soup.select("figure.sugidx-figure")
    assert figures and all(f.find("figcaption") for f in figures)
    images = soup.find_all("img")
    assert images and all(i.get("alt") and "No description" not in i["alt"] for i in images)
    assert soup.select("section.summary-page")[0].find_next("nav", class_="toc")
    synthetic = soup.select('[data-synthetic="true"]')
    assert synthetic and all(s.find_parent(class_="synthetic-page") for s in synthetic)


def test_a_year_without_its_own_data_names_the_latest(rendered):
    pages = _pages(rendered / "FY2024" / f"{ONLINE}.pdf")
    assert "令和6年度 (FY2024)" in pages[0]
    assert "令和6年3月31日（令和5年度末）" in pages[0]  # the cover says the data is FY2023's
    assert "最新のデータは令和5年度のものです" in pages[1]
    assert "42.1%" in pages[1]  # FY2023's figures, labelled as FY2023's
