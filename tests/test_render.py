"""`sugidx render`: parameters, offline HTML, Japanese PDF, cache, failures and the CLI.

The fixture notebooks in tests/fixtures/notebooks keep these tests fast and independent of the
theme notebooks; one end-to-end test renders the real notebooks/ for one fiscal year.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from sugidx_analysis import cli, paths, tiers
from sugidx_analysis.errors import RenderError
from sugidx_analysis.render import batch, cache, plan

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_NOTEBOOKS = FIXTURES / "notebooks"
ARTIFACTS = Path(__file__).parent / "artifacts"
REAL_FINGERPRINT = plan.code_fingerprint
GOOD = "01_fixture_report"
FAILING = "02_fixture_failing"
TITLE = "テスト用報告：オンライン手続の状況"
EXTERNAL = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module", autouse=True)
def stable_code_fingerprint():
    """The cache key includes a fingerprint of the library's source; while the library is being
    edited (other work in the same checkout) that would turn cache hits into misses, so these
    tests pin it. ``test_code_change_invalidates`` checks that the fingerprint is in the key."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan, "code_fingerprint", lambda: "fixed-for-tests")
        yield


def _render(*args: str) -> int:
    return cli.main(["render", *args])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A data folder copied from the fixtures (tests may change it) and an output folder."""
    root = tmp_path_factory.mktemp("render")
    shutil.copytree(FIXTURES / "data", root / "data")
    shutil.copytree(FIXTURE_NOTEBOOKS, root / "notebooks")
    return root


@pytest.fixture(scope="module")
def rendered(workspace: Path) -> dict:
    """The good fixture notebook rendered once for FY2022, with two injected parameters."""
    code = _render(
        "--notebooks-dir",
        str(workspace / "notebooks"),
        "--notebooks",
        GOOD,
        "--data-dir",
        str(workspace / "data"),
        "--out",
        str(workspace / "reports"),
        "--fiscal-year",
        "2022",
        "-p",
        "label=<b>注入</b>",
        "-p",
        "target_coverage=0.95",
    )
    folder = workspace / "reports" / "FY2022"
    return {
        "code": code,
        "folder": folder,
        "manifest": json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
    }


def _args(workspace: Path, *extra: str) -> list[str]:
    return [
        "--notebooks-dir",
        str(workspace / "notebooks"),
        "--data-dir",
        str(workspace / "data"),
        "--out",
        str(workspace / "reports"),
        "--fiscal-year",
        "2022",
        *extra,
    ]


# --- parameters ------------------------------------------------------------------------------


def test_parse_assignments_reads_json_literals_else_text():
    assert plan.parse_assignments(["a=2030", "b=0.9", "c=true", "d=令和5年度", 'e="7"']) == {
        "a": 2030,
        "b": 0.9,
        "c": True,
        "d": "令和5年度",
        "e": "7",
    }
    with pytest.raises(RenderError, match="NAME=VALUE"):
        plan.parse_assignments(["no-equals-sign"])


def test_parameters_are_injected_and_recorded(rendered):
    assert rendered["code"] == 0
    entry = rendered["manifest"]["reports"][GOOD]
    assert entry["parameters"]["fiscal_year"] == 2022
    assert entry["parameters"]["target_coverage"] == 0.95
    assert entry["parameters"]["label"] == "<b>注入</b>"
    html = (rendered["folder"] / f"{GOOD}.html").read_text(encoding="utf-8")
    # The notebook printed the injected values: a float, and the label as escaped text.
    assert "目標の型: float = 0.95" in html
    assert "ラベル: &lt;b&gt;注入&lt;/b&gt;" in html
    assert "2022年度の手続のオンライン化率は <strong>39.0%</strong>" in html


def test_unknown_parameter_lists_the_notebooks_parameters(workspace):
    with pytest.raises(RenderError) as info:
        batch.render_reports(
            [2022],
            notebooks_dir=FIXTURE_NOTEBOOKS,
            notebooks=[GOOD],
            data_dir=workspace / "data",
            out_dir=workspace / "unused",
            parameters={"target_covrage": 0.9},
        )
    message = str(info.value)
    assert "target_covrage" in message
    assert "fiscal_year, data_dir, target_coverage, label" in message
    assert not (workspace / "unused" / "FY2022").exists()


def test_data_tier_follows_the_data_folder_and_the_rows(tmp_path):
    assert tiers.LABELS[tiers.folder_tier(paths.PUBLISHED_DIR)] == "公表値"
    assert tiers.LABELS[tiers.folder_tier(paths.EXAMPLE_DIR)] == "合成データ（実績ではありません）"
    assert tiers.LABELS[tiers.folder_tier(tmp_path)] == "分析者提供データ"
    # A copied example file stays synthetic: the rows' mark wins over the folder.
    shutil.copy(paths.EXAMPLE_DIR / "online_procedures.csv", tmp_path)
    assert tiers.file_tier(tmp_path / "online_procedures.csv") == tiers.SYNTHETIC
    files = {"a": tmp_path / "online_procedures.csv"}
    assert (
        plan.report_tier(tmp_path, files)
        == "分析者提供データ＋一部の節は合成データ（実績ではありません）"
    )
    assert tiers.file_tier(paths.PUBLISHED_DIR / "online_summary.csv") == tiers.PUBLISHED


def test_all_years_are_the_fiscal_years_of_the_published_theme_data(tmp_path):
    assert plan.fiscal_years(paths.PUBLISHED_DIR, tmp_path) == [2021, 2022, 2023, 2024]
    # Answered again from the cache keyed by the files' hashes.
    assert plan.fiscal_years(paths.PUBLISHED_DIR, tmp_path) == [2021, 2022, 2023, 2024]


def test_notebooks_are_discovered_in_number_order():
    found = plan.discover_notebooks(FIXTURE_NOTEBOOKS)
    assert [p.stem for p in found] == [GOOD, FAILING]
    assert plan.discover_notebooks(FIXTURE_NOTEBOOKS, ["02"])[0].stem == FAILING
    with pytest.raises(RenderError, match="choose from: 01_fixture_report, 02_fixture_failing"):
        plan.discover_notebooks(FIXTURE_NOTEBOOKS, ["99_nothing"])


# --- HTML --------------------------------------------------------------------------------------


def test_html_is_self_contained_escaped_and_has_contents(rendered):
    html = (rendered["folder"] / f"{GOOD}.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    assert not EXTERNAL.findall(html), EXTERNAL.findall(html)[:5]
    assert "file:" not in html
    # The data's window name is shown as text, and no script of any kind is on the page.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    # No code: the notebook's source lines are not on the page.
    assert "load_dataset" not in html
    assert 'src="data:image/png;base64,' in html
    for weight in ("normal", "bold"):  # subsets of both faces, so headings show a real bold
        assert f'font-weight: {weight}; src: url("data:font/woff;base64,' in html
    toc = re.search(r'<nav aria-label="目次" class="toc">(.*?)</nav>', html, re.S)
    assert toc, "no table of contents"
    targets = re.findall(r'href="#([^"]+)"', toc.group(1))
    assert len(targets) == 4  # the title, two ## and one ### heading
    for target in targets:
        assert f'id="{target}"' in html
    assert TITLE in html and "令和4年度 (FY2022)" in html and "分析者提供データ" in html


def test_html_opens_offline_in_chromium(rendered, chromium):
    page_file = rendered["folder"] / f"{GOOD}.html"
    blocked, failed, errors = [], [], []

    def only_local(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page = chromium.new_page(viewport={"width": 1000, "height": 1400})
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", only_local)
    page.goto(page_file.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    images = page.evaluate("Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
    font_ok = page.evaluate("document.fonts.check('16px SugidxGothic', 'テスト用報告')")
    faces = page.evaluate(
        "Array.from(document.fonts).filter(f => f.family.includes('SugidxGothic'))"
        ".map(f => f.weight + ':' + f.status).sort()"
    )
    title = page.inner_text("h1.report-title")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{GOOD}.png"), full_page=True)
    assert blocked == [] and failed == [] and errors == []
    assert images and all(images)
    assert font_ok
    assert faces == ["bold:loaded", "normal:loaded"], faces  # headings use the bold face
    assert title == TITLE


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_has_japanese_text_in_an_embedded_cjk_font(rendered):
    from pypdf import PdfReader

    reader = PdfReader(rendered["folder"] / f"{GOOD}.pdf")
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    assert TITLE in pages[0] and "（自治体名未設定）" in pages[0]  # the workspace has no profile
    assert "杉並区" not in text and "令和4年度 (FY2022)" in pages[0]
    assert "目次" in pages[1]
    assert "39.0%" in text  # the published share of online procedures in FY2022
    total = len(reader.pages)
    assert f"2 / {total}" in pages[1] and f"{total} / {total}" in pages[-1]
    # Every font is an embedded subset of BIZ UDGothic (the print stylesheet's "SugidxGothic"),
    # and the headings use its real bold face.
    from fontTools.ttLib import TTFont

    faces = {}  # BaseFont without the subset tag -> weight class of the embedded program
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]  # embedded TrueType
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            assert program["name"].getDebugName(1) == "BIZ UDGothic", font["/BaseFont"]
            faces[str(font["/BaseFont"]).split("+", 1)[1]] = program["OS/2"].usWeightClass
    assert faces == {"SugidxGothic": 400, "SugidxGothic-Bold": 700}, faces


def test_annual_report_combines_the_themes(rendered):
    from pypdf import PdfReader

    html = (rendered["folder"] / "annual_report.html").read_text(encoding="utf-8")
    assert "DX施策評価 年次報告書" in html and TITLE in html
    assert not EXTERNAL.findall(html)
    text = "\n".join(
        p.extract_text() for p in PdfReader(rendered["folder"] / "annual_report.pdf").pages
    )
    assert "DX施策評価 年次報告書" in text and TITLE in text and "39.0%" in text


# --- cache -------------------------------------------------------------------------------------


def _stamps(folder: Path) -> dict[str, tuple[int, str]]:
    return {
        p.name: (p.stat().st_mtime_ns, cache.file_sha256(p))
        for p in sorted(folder.iterdir())
        if p.suffix in {".ipynb", ".html", ".pdf"}
    }


def test_second_run_is_a_cache_hit_and_an_input_change_invalidates(rendered, workspace, capsys):
    folder = rendered["folder"]
    args = _args(
        workspace, "--notebooks", GOOD, "-p", "label=<b>注入</b>", "-p", "target_coverage=0.95"
    )
    before = _stamps(folder)
    capsys.readouterr()
    assert _render(*args) == 0
    summary = capsys.readouterr().out
    assert "0 rendered, 2 unchanged (cached)" in summary
    assert _stamps(folder) == before
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"][GOOD]["cache_hit"] is True

    # Change one input file: the report (and the annual report) are rendered again.
    data = workspace / "data" / "cashless.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("14%", "15%"), encoding="utf-8")
    assert _render(*args) == 0
    assert "2 rendered, 0 unchanged" in capsys.readouterr().out
    after = _stamps(folder)
    assert after[f"{GOOD}.html"][1] != before[f"{GOOD}.html"][1]
    assert "0.15" in (folder / f"{GOOD}.html").read_text(encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["reports"][GOOD]
    assert entry["cache_hit"] is False
    recorded = {Path(i["file"]).name: i["sha256"] for i in entry["inputs"]}
    assert recorded["cashless.csv"] == cache.file_sha256(data)
    assert entry["outputs"]["pdf"]["sha256"] == cache.file_sha256(folder / f"{GOOD}.pdf")


def test_code_change_invalidates(rendered, workspace, monkeypatch):
    args = _args(
        workspace,
        "--notebooks",
        GOOD,
        "-p",
        "label=<b>注入</b>",
        "-p",
        "target_coverage=0.95",
        "--formats",
        "html",
    )
    assert _render(*args) == 0  # a cache hit: nothing to do
    monkeypatch.setattr(plan, "code_fingerprint", lambda: "other code")
    result = batch.render_reports(
        [2022],
        notebooks_dir=workspace / "notebooks",
        notebooks=[GOOD],
        data_dir=workspace / "data",
        out_dir=workspace / "reports",
        formats=("html",),
        parameters={"label": "<b>注入</b>", "target_coverage": 0.95},
    )
    assert [r.cache_hit for r in result.reports] == [False, False]


def test_code_fingerprint_changes_with_a_template(tmp_path):
    package = Path(plan.__file__).resolve().parents[1]
    copy = tmp_path / "sugidx_analysis"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    first = REAL_FINGERPRINT(copy)
    assert first == REAL_FINGERPRINT(copy)
    css = copy / "templates" / "sugidx" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert REAL_FINGERPRINT(copy) != first


# --- failures ----------------------------------------------------------------------------------


def test_failing_notebook_keeps_old_output_and_does_not_stop_others(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURE_NOTEBOOKS / f"{GOOD}.ipynb", notebooks / f"{GOOD}.ipynb")
    # First the second notebook is a good one, and renders.
    shutil.copy(FIXTURE_NOTEBOOKS / f"{GOOD}.ipynb", notebooks / f"{FAILING}.ipynb")
    args = [
        "--notebooks-dir",
        str(notebooks),
        "--data-dir",
        str(FIXTURES / "data"),
        "--out",
        str(tmp_path / "reports"),
        "--fiscal-year",
        "2022",
        "--jobs",
        "2",
    ]
    assert _render(*args) == 0
    folder = tmp_path / "reports" / "FY2022"
    good_before = {s: (folder / f"{FAILING}.{s}").read_bytes() for s in ("html", "pdf")}
    annual_before = (folder / "annual_report.pdf").read_bytes()

    # Now it raises. Everything is rendered again (--force), the other report included.
    shutil.copy(FIXTURE_NOTEBOOKS / f"{FAILING}.ipynb", notebooks / f"{FAILING}.ipynb")
    capsys.readouterr()
    assert _render(*args, "--force") == 1
    out = capsys.readouterr().out
    assert re.search(rf"FY2022\s+{GOOD}\s+rendered", out)
    assert 'cell In [4] «raise ValueError("意図的な失敗です")»: ValueError: 意図的な失敗です' in out
    assert f"{FAILING}.failed.ipynb" in out

    for suffix, data in good_before.items():
        assert (folder / f"{FAILING}.{suffix}").read_bytes() == data  # byte-identical
    assert (folder / "annual_report.pdf").read_bytes() == annual_before
    assert not list(folder.glob(".*.tmp*")), "temporary files left behind"
    failed_nb = json.loads((folder / f"{FAILING}.failed.ipynb").read_text(encoding="utf-8"))
    raised = [
        c
        for c in failed_nb["cells"]
        if any(o.get("ename") == "ValueError" for o in c.get("outputs", []))
    ]
    assert [c["execution_count"] for c in raised] == [4]

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["reports"][FAILING]
    assert entry["status"] == "failed"
    assert entry["error"]["cell_index"] == 4  # Papermill's index: counts the injected cell
    assert entry["error"]["execution_count"] == 4
    assert entry["error"]["ename"] == "ValueError"
    assert entry["error"]["evalue"] == "意図的な失敗です"
    assert entry["error"]["executed_notebook"] == f"{FAILING}.failed.ipynb"
    assert entry["previous_outputs"]["html"]["sha256"] == cache.file_sha256(
        folder / f"{FAILING}.html"
    )
    assert manifest["reports"][GOOD]["status"] == "ok"
    assert manifest["reports"][GOOD]["cache_hit"] is False
    assert manifest["reports"]["annual_report"]["status"] == "skipped"


def test_a_failed_pdf_leaves_no_partial_file(rendered, workspace, monkeypatch):
    """An engine failure after the notebook ran: the old HTML and PDF stay, no temp files."""
    from sugidx_analysis.render import pdf

    folder = rendered["folder"]
    before = {p.name: p.read_bytes() for p in folder.glob(f"{GOOD}.*")}

    def broken(html, base_dir):
        raise RenderError("printer on fire")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    result = batch.render_reports(
        [2022],
        notebooks_dir=workspace / "notebooks",
        notebooks=[GOOD],
        data_dir=workspace / "data",
        out_dir=workspace / "reports",
        jobs=1,
        force=True,
        parameters={"label": "x"},
    )
    assert not result.ok
    theme = next(r for r in result.reports if r.name == GOOD)
    assert theme.status == "failed" and "printer on fire" in theme.error
    assert {p.name: p.read_bytes() for p in folder.glob(f"{GOOD}.*")} == before
    assert not list(folder.glob(".*.tmp*"))


# --- CLI ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--jobs", "0"], 2, "must be at least 1"),
        (["--formats", "docx"], 2, "use html, pdf or html,pdf"),
        (["--fiscal-year", "昭和"], 2, "--fiscal-year"),
        (["--notebooks", "99_nothing"], 1, "no notebook '99_nothing'"),
        (["-p", "oops"], 1, "expected NAME=VALUE"),
        (["-p", "fiscal_year=2023"], 1, "set it with --fiscal-year"),
        (["--data-dir", "/nonexistent/folder"], 1, "no such data folder"),
    ],
)
def test_cli_bad_arguments_print_a_message_not_a_traceback(args, code, message, capsys):
    base = ["--notebooks-dir", str(FIXTURE_NOTEBOOKS), "--fiscal-year", "2022"]
    if args[0] == "--fiscal-year":
        base = base[:2]
    try:
        result = _render(*base, *args)
    except SystemExit as exc:  # argparse rejects the value before the command runs
        result = exc.code
    err = capsys.readouterr().err
    assert result == code
    assert message in err
    assert "Traceback" not in err


# --- the real notebooks ------------------------------------------------------------------------


def test_a_theme_report_depends_only_on_the_datasets_its_theme_declares(tmp_path):
    """Editing another theme's file leaves the online report (and the annual) cached; editing
    one the online theme reads renders it again."""
    data = tmp_path / "data"
    shutil.copytree(paths.PUBLISHED_DIR, data)
    info = plan.notebook_info(paths.NOTEBOOKS_DIR / "01_online_procedures.ipynb")
    files = plan.input_files(info, data, {})
    # an analyst's copy is read alone: no record-level example data, the profile counts
    assert sorted(Path(f).name for f in files) == [
        "municipality.toml",
        "online_plan.csv",
        "online_summary.csv",
        "sources.csv",
    ]

    def render() -> list[bool]:
        result = batch.render_reports(
            [2023],
            notebooks=["01_online_procedures"],
            data_dir=data,
            out_dir=tmp_path / "reports",
            formats=("html",),
            jobs=1,
        )
        assert result.ok, [(r.name, r.error) for r in result.failed]
        return [r.cache_hit for r in result.reports]

    assert render() == [False, False]
    cashless = data / "cashless.csv"
    cashless.write_text(cashless.read_text(encoding="utf-8").replace("14%", "15%"), "utf-8")
    assert render() == [True, True]
    online_plan = data / "online_plan.csv"
    online_plan.write_text(online_plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert render() == [False, False]


def test_a_synthetic_xlsx_outside_the_example_folder_is_still_synthetic(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["fiscal_year", "procedure_id", "合成データ"])
    sheet.append([2023, "P1", "true"])
    sheet.append([2023, "P2", True])
    book.save(tmp_path / "online_procedures.xlsx")
    assert tiers.file_tier(tmp_path / "online_procedures.xlsx") == tiers.SYNTHETIC
    sheet.append([2023, "P3", "false"])
    book.save(tmp_path / "online_procedures.xlsx")
    assert tiers.file_tier(tmp_path / "online_procedures.xlsx") == tiers.ANALYST


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch):
    """Two workers' kernels can race for one port; the loser is started again, a cell that
    raised is not run again."""
    from sugidx_analysis.render import execute

    calls = []
    died = execute.ExecutionFailure(None, None, "RuntimeError", "Kernel died before replying")
    raised = execute.ExecutionFailure(4, 4, "ValueError", "意図的な失敗です")

    def flaky(source, output, parameters, cwd):
        calls.append(1)
        return died if len(calls) == 1 else None

    monkeypatch.setattr(execute, "_execute_once", flaky)
    assert (
        execute.execute_notebook(tmp_path / "a.ipynb", tmp_path / "o.ipynb", {}, tmp_path) is None
    )
    assert len(calls) == 2

    calls.clear()
    monkeypatch.setattr(execute, "_execute_once", lambda *a: calls.append(1) or raised)
    assert (
        execute.execute_notebook(tmp_path / "a.ipynb", tmp_path / "o.ipynb", {}, tmp_path) == raised
    )
    assert len(calls) == 1

    calls.clear()
    monkeypatch.setattr(execute, "_execute_once", lambda *a: calls.append(1) or died)
    assert (
        execute.execute_notebook(tmp_path / "a.ipynb", tmp_path / "o.ipynb", {}, tmp_path) == died
    )
    assert len(calls) == 1 + execute.START_RETRIES


# --- years without data ------------------------------------------------------------------------


def test_years_with_data_are_those_of_the_themes_primary_dataset(tmp_path):
    from sugidx_analysis import catalogue
    from sugidx_analysis.themes import get_theme

    online = get_theme("online")
    assert online.primary_dataset == "online_summary"
    # The published online_summary.csv has FY2022 and FY2023 only.
    assert catalogue.years_with_data(online, paths.PUBLISHED_DIR) == (2022, 2023)
    assert catalogue.years_with_data(online, tmp_path) == ()  # no file: no year
    info = plan.notebook_info(paths.NOTEBOOKS_DIR / "01_online_procedures.ipynb")
    data = plan.data_years(info, paths.PUBLISHED_DIR, tmp_path)
    assert data == plan.DataYears("online_summary", (2022, 2023))
    assert [y for y in (2021, 2022, 2023, 2024) if data.supports(y)] == [2022, 2023, 2024]
    assert plan.data_years(info, paths.PUBLISHED_DIR, tmp_path) == data  # from the cache
    fixture = plan.notebook_info(FIXTURE_NOTEBOOKS / f"{GOOD}.ipynb", tmp_path)
    assert plan.data_years(fixture, paths.PUBLISHED_DIR, tmp_path) is None  # not a theme's


def test_a_year_before_the_online_data_is_listed_as_no_data_not_rendered(
    tmp_path, monkeypatch, capsys
):
    """FY2021 with the published data: no Papermill run, no report, exit status 0; old outputs
    of that year are removed."""
    ran = []
    monkeypatch.setattr(batch, "_run", lambda task: ran.append(task.name))
    out = tmp_path / "reports"
    folder = out / "FY2021"
    folder.mkdir(parents=True)
    stale = ["01_online_procedures.html", "01_online_procedures.pdf", "annual_report.pdf"]
    for name in stale:
        (folder / name).write_text("an old report", encoding="utf-8")
    (folder / "notes.txt").write_text("not ours", encoding="utf-8")

    capsys.readouterr()
    code = _render(
        "--notebooks", "01_online_procedures", "--fiscal-year", "2021", "--out", str(out)
    )
    summary = capsys.readouterr().out
    assert code == 0
    assert ran == []
    assert re.search(r"FY2021\s+01_online_procedures\s+データなし\n", summary)
    assert re.search(r"FY2021\s+annual_report\s+データなし\n", summary)
    assert "0 rendered, 0 unchanged (cached), 2 データなし" in summary
    assert "0 not rendered" in summary
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "notes.txt"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["reports"]["01_online_procedures"]
    assert entry["status"] == "no_data" and entry["error"] is None
    assert (
        entry["reason"]
        == "online_summary has no row for FY2021 or earlier (it has: FY2022, FY2023)"
    )
    assert entry["removed_outputs"] == ["01_online_procedures.html", "01_online_procedures.pdf"]
    assert manifest["reports"]["annual_report"]["status"] == "no_data"
    assert manifest["reports"]["annual_report"]["removed_outputs"] == ["annual_report.pdf"]


@pytest.fixture
def fixture_themes(tmp_path, monkeypatch):
    """The good fixture notebook, and a copy of it, registered as themes (primary datasets
    online_summary: FY2022–2023, and cashless: FY2021–2022), with a fake executor that records
    each run and writes the notebook's markdown and its year (no kernel)."""
    import nbformat

    from sugidx_analysis import themes
    from sugidx_analysis.render import execute

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    other = "02_fixture_cashless"
    shutil.copy(FIXTURE_NOTEBOOKS / f"{GOOD}.ipynb", notebooks / f"{GOOD}.ipynb")
    shutil.copy(FIXTURE_NOTEBOOKS / f"{GOOD}.ipynb", notebooks / f"{other}.ipynb")
    shutil.copytree(FIXTURES / "data", tmp_path / "data")
    registered = (
        themes.Theme("fixture_online", GOOD, TITLE, ("online_summary", "cashless")),
        themes.Theme("fixture_cashless", other, TITLE, ("cashless",)),
    )
    monkeypatch.setattr(themes, "THEMES", (*themes.THEMES, *registered))
    ran: list[tuple[str, int]] = []

    def fake_execute(source, output, parameters, cwd, timings=None):
        nb = nbformat.read(source, as_version=4)
        nb.cells = [c for c in nb.cells if c.cell_type == "markdown"]
        nb.cells.append(nbformat.v4.new_markdown_cell(f"年度: {parameters['fiscal_year']}"))
        nbformat.write(nb, output)
        ran.append((Path(source).stem, parameters["fiscal_year"]))

    monkeypatch.setattr(execute, "execute_notebook", fake_execute)

    def render(years):
        return batch.render_reports(
            years,
            notebooks_dir=notebooks,
            data_dir=tmp_path / "data",
            out_dir=tmp_path / "reports",
            formats=("html",),
            jobs=1,
        )

    return {"render": render, "ran": ran, "other": other, "root": tmp_path}


def test_only_years_with_data_are_rendered_and_the_latest_data_serves_later_years(
    fixture_themes,
):
    other, reports = fixture_themes["other"], fixture_themes["root"] / "reports"
    result = fixture_themes["render"]([2020, 2021, 2024])
    assert result.ok and result.failed == []
    status = {(r.fiscal_year, r.name): r.status for r in result.reports}
    assert status == {
        (2020, GOOD): "no_data",
        (2020, other): "no_data",
        (2020, "annual_report"): "no_data",  # no theme of the year is rendered
        (2021, GOOD): "no_data",  # online_summary starts in FY2022
        (2021, other): "ok",
        (2021, "annual_report"): "ok",
        (2024, GOOD): "ok",  # after the latest year: shows FY2023's data
        (2024, other): "ok",
        (2024, "annual_report"): "ok",
    }
    assert sorted(fixture_themes["ran"]) == [(GOOD, 2024), (other, 2021), (other, 2024)]
    assert sorted(p.name for p in (reports / "FY2020").iterdir()) == ["manifest.json"]
    assert not (reports / "FY2021" / f"{GOOD}.html").exists()
    manifest = json.loads((reports / "FY2021" / "manifest.json").read_text(encoding="utf-8"))
    assert [t["report"] for t in manifest["reports"]["annual_report"]["themes"]] == [other]
    assert (reports / "FY2024" / f"{GOOD}.html").exists()
    assert (reports / "FY2024" / "annual_report.html").exists()


def test_outputs_of_a_year_whose_data_was_withdrawn_are_removed(fixture_themes):
    reports = fixture_themes["root"] / "reports" / "FY2022"
    assert fixture_themes["render"]([2022]).ok
    assert (reports / f"{GOOD}.html").exists() and (reports / f"{GOOD}.ipynb").exists()
    annual_before = (reports / "annual_report.html").read_text(encoding="utf-8")

    # The FY2022 row goes: FY2022's online report no longer has data (FY2023 is later).
    summary = fixture_themes["root"] / "data" / "online_summary.csv"
    lines = summary.read_text(encoding="utf-8").splitlines(keepends=True)
    summary.write_text("".join(line for line in lines if not line.startswith("2022,")), "utf-8")
    result = fixture_themes["render"]([2022])
    assert result.ok
    assert [(r.name, r.status, r.cache_hit) for r in result.reports] == [
        (GOOD, "no_data", False),
        (fixture_themes["other"], "ok", True),
        ("annual_report", "ok", False),  # rebuilt without the withdrawn theme
    ]
    assert not list(reports.glob(f"{GOOD}.*"))
    assert not list(reports.glob(".*.tmp*"))
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"][GOOD]["removed_outputs"] == [f"{GOOD}.html", f"{GOOD}.ipynb"]
    assert (reports / "annual_report.html").read_text(encoding="utf-8") != annual_before
