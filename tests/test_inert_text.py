"""Every string that comes from data is inert in the published HTML and PDF (issue 14).

Two theme reports (online procedures, RPA) and the year's annual report are rendered once from a
copy of ``data/published`` and ``data/example`` whose names and titles hold hostile text: HTML,
Markdown links to ``javascript:``/``data:``/``vbscript:`` targets, template syntax, TeX and
``$`` signs, control characters and a bidi override. The copy lives in a folder whose own name
holds ``$x$`` and ``<b>``. The pages must run nothing, link nowhere but to themselves, show the
hostile text as text, and draw charts whose labels hold ``$`` literally.

Fields that reach the page and carry hostile text here:
- ``municipality.toml``: ``name`` (cover, running header, PDF author) and a target's ``label``;
- the folder's own ``sources.csv``: ``title`` (the 出典 list);
- ``online_procedures.csv``: ``procedure_name`` (a finding bullet and the table of the largest
  offline procedures) and ``department`` (that table);
- ``rpa_processes.csv``: ``process_name`` (tables, alt text, and the tick labels of the RPA
  forecast chart, where 「$x^$」 would stop the render if mathtext parsed it);
- the data folder's path (the appendix 「再現情報」).

Control characters and bidi formatting characters are not dropped: the page shows them as
「[U+0007]」 and 「[U+202E]」 (:func:`sugidx_analysis.render.html.visible_controls`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sugidx_analysis import paths
from sugidx_analysis.render import batch

YEAR = 2023
NOTEBOOKS = ["01", "02"]

SCRIPT = "<script>document.title='PWNED'</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_JS = "[click](javascript:document.title='PWNED')"
MD_DATA = "[clickdata](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"
MD_VB = "[clickvb](vbscript:msgbox(1))"
AUTOLINK = "<javascript:document.title='PWNED'>"
TEMPLATE = "{{7*7}}{% raw %}"
TEX = "$\\frac{1}{0}$"
DOLLAR = "unbalanced $ sign"
BELL, RLO = "\x07", "\u202e"

# field -> hostile value (each a different mix, so each field is seen on its own)
MUNICIPALITY = f"試験区{SCRIPT}{MD_JS}{BELL}{RLO}逆"
TARGET_LABEL = f"目標{IMG}{TEX}"
SOURCE_TITLE = f"{MD_DATA} {TEMPLATE} {TEX} {DOLLAR}"
PROCEDURE = f"{MD_JS} {SCRIPT} {TEX}"
DEPARTMENT = f"{IMG}{MD_VB}{AUTOLINK}{RLO}"
# A process name is wrapped every 12 characters on the RPA forecast chart; the first line of
# each is 「$x^$業務業務R-01」, which mathtext would parse (two 「$」) and fail on.
PROCESS_HEAD = "$x^$業務"
PROCESS_TAIL = f"{DOLLAR} {MD_JS} {TEX}"
FOLDER = "data $x$ <b> {{7*7}}"

# What the page must show as text (control and bidi characters made visible)
SHOWN = [
    "試験区" + SCRIPT + MD_JS + "[U+0007][U+202E]逆",
    IMG,
    TEX,
    MD_DATA,
    TEMPLATE,
    DOLLAR,
    MD_JS + " " + SCRIPT,
    MD_VB,
    AUTOLINK,
    FOLDER,
]


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a JSON string is a valid TOML basic string


def _edit_csv(path: Path, edit) -> None:
    """Rewrite a CSV file (UTF-8, header kept) with ``edit(rows)`` applied to its dict rows."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    edit(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _largest_offline(rows: list[dict]) -> str:
    """The procedure with the most applications among those not yet online in :data:`YEAR`
    (the one a finding names)."""
    candidates = [
        r
        for r in rows
        if int(r["fiscal_year"]) == YEAR
        and r["online_capable"] == "true"
        and r["online_ready"] == "false"
    ]
    best = max(
        candidates,
        key=lambda r: int(r["applications_online"] or 0) + int(r["applications_offline"] or 0),
    )
    return best["procedure_id"]


def _hostile_folders(root: Path) -> tuple[Path, Path]:
    published = root / "published"
    example = root / "example"
    shutil.copytree(paths.PUBLISHED_DIR, published)
    shutil.copytree(paths.EXAMPLE_DIR, example)
    shutil.copy(paths.SOURCES_FILE, published / "sources.csv")  # the folder's own

    profile = published / "municipality.toml"
    text = profile.read_text(encoding="utf-8")
    name = f"name = {_toml_string(MUNICIPALITY)}"
    label = f"label = {_toml_string(TARGET_LABEL)[:-1]}"  # before the target's own label
    text = re.sub(r'^name = ".*"$', lambda _: name, text, count=1, flags=re.M)
    text = re.sub(r'^label = "', lambda _: label, text, count=1, flags=re.M)
    profile.write_text(text, encoding="utf-8")

    def titles(rows):
        for r in rows:
            r["title"] = f"{r['title']} {SOURCE_TITLE}"

    _edit_csv(published / "sources.csv", titles)

    def procedures(rows):
        target = _largest_offline(rows)
        for r in rows:
            if r["procedure_id"] == target:
                r["procedure_name"], r["department"] = PROCEDURE, DEPARTMENT

    _edit_csv(example / "online_procedures.csv", procedures)

    def processes(rows):
        for r in rows:
            r["process_name"] = f"{PROCESS_HEAD}{r['process_name']} {PROCESS_TAIL}"

    _edit_csv(example / "rpa_processes.csv", processes)
    return published, example


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("inert") / FOLDER
    root.mkdir()
    published, example = _hostile_folders(root)
    result = batch.render_reports(
        [YEAR],
        notebooks=NOTEBOOKS,
        data_dir=published,
        example_dir=example,
        # Papermill formats its paths with the notebook's parameters (str.format): braces in
        # the reports folder's path must reach it as characters (render/execute.py).
        out_dir=root.parent / "reports {fiscal_year} {{7*7}}",
        jobs=1,
        force=True,
    )
    folder = root.parent / "reports {fiscal_year} {{7*7}}" / f"FY{YEAR}"
    return {"result": result, "folder": folder, "data_dir": published}


def _pages(rendered, suffix: str) -> list[Path]:
    found = sorted(rendered["folder"].glob(f"*{suffix}"))
    assert len(found) == len(NOTEBOOKS) + 1, found  # the themes and the annual report
    return found


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_reports_render(rendered):
    """(d) No report fails: a 「$」 in a chart label, a source title or the folder's path is
    not parsed as mathtext."""
    result = rendered["result"]
    assert result.ok, [(r.name, r.error) for r in result.failed]
    statuses = {r.name: r.status for r in result.reports}
    assert set(statuses.values()) == {"ok"}, statuses


def test_html_has_no_script_handler_or_outside_link(rendered):
    from bs4 import BeautifulSoup

    for page in _pages(rendered, ".html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find_all(["script", "iframe", "object", "embed", "form", "base"]) == []
        handlers = [
            (e.name, a) for e in soup.find_all(True) for a in e.attrs if a.lower().startswith("on")
        ]
        assert handlers == [], page.name
        hrefs = [a["href"] for a in soup.find_all(href=True)]
        assert hrefs and all(h.startswith("#") for h in hrefs), page.name
        sources = [e["src"] for e in soup.find_all(src=True)]
        assert all(s.startswith("data:image/") for s in sources), page.name
        assert not soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None and "default-src 'none'" in policy["content"]


def test_each_field_reaches_the_page_as_text(rendered):
    """(b, HTML) The hostile text of every field is on the page, as text."""
    from bs4 import BeautifulSoup

    soups = {
        p.name: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in _pages(rendered, ".html")
    }
    texts = {name: soup.get_text() for name, soup in soups.items()}
    # the forecast chart, whose tick labels are the process names, is on the page
    assert any(PROCESS_HEAD in img.get("alt", "") for img in soups["02_rpa.html"].find_all("img"))
    online = texts["01_online_procedures.html"]
    rpa = texts["02_rpa.html"]
    for shown in SHOWN:
        assert shown in online, shown
    assert f"{PROCESS_HEAD}業務R-" in rpa and PROCESS_TAIL in rpa
    assert f"最も申請の多い未対応手続は「{PROCEDURE}」" in online  # the finding bullet
    for text in texts.values():
        assert SHOWN[0] in text  # the cover's municipality
        assert "PWNED" not in text.replace(SCRIPT, "").replace(MD_JS, "").replace(AUTOLINK, "")


def _visit(browser, page_file: Path) -> dict:
    """Open a page, read what it holds, click every link and every text reading 「[click」."""
    dialogs, requests = [], []
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri(), wait_until="load")
    seen = {"start_url": page.url, "title": page.title(), "body": page.inner_text("body")}
    seen.update(
        page.evaluate(
            """() => ({
            handlers: Array.from(document.querySelectorAll('*')).flatMap(
                e => Array.from(e.attributes).map(a => a.name)
            ).filter(n => n.toLowerCase().startsWith('on')),
            hrefs: Array.from(document.querySelectorAll('a[href]'))
                .map(a => a.getAttribute('href')),
            scripts: document.scripts.length,
            frames: document.querySelectorAll('iframe,object,embed,form,base').length,
            })"""
        )
    )
    urls = []
    links = page.locator("a[href]")
    for i in range(links.count()):
        links.nth(i).click()
        urls.append(page.url)
    hostile = page.get_by_text("[click", exact=False)
    clicked = 0
    for i in range(hostile.count()):
        if hostile.nth(i).is_visible():
            hostile.nth(i).click()
            clicked += 1
    page.wait_for_timeout(300)  # time for a script or a navigation to happen, if it could
    seen.update(
        urls=urls,
        clicked=clicked,
        end_url=page.url,
        end_title=page.title(),
        dialogs=dialogs,
        requests=requests,
    )
    page.close()
    return seen


def test_chromium_runs_nothing_and_links_stay_on_the_page(rendered, chromium):
    """(a) Opened in Chromium: no dialog, the title is the report's, no ``on*`` attribute, no
    script, every link an anchor of the page; clicking every link (the hostile ones are text,
    so clicking their text) leaves the page where it was."""
    visits = {p.name: _visit(chromium, p) for p in _pages(rendered, ".html")}
    for name, seen in visits.items():
        here = seen["start_url"].split("#")[0]
        assert seen["dialogs"] == [], name
        assert "PWNED" not in seen["title"] and seen["end_title"] == seen["title"], name
        assert [u.split("#")[0] for u in seen["urls"]] == [here] * len(seen["urls"]), name
        assert seen["end_url"].split("#")[0] == here, name
        assert seen["handlers"] == [] and seen["scripts"] == 0 and seen["frames"] == 0, name
        assert seen["hrefs"] and all(h.startswith("#") for h in seen["hrefs"]), name
        assert all(u.startswith(("file:", "data:")) for u in seen["requests"]), name
        assert SHOWN[0] in seen["body"], name  # the cover's municipality
    online = visits["01_online_procedures.html"]
    assert online["clicked"] >= 1  # the procedure's Markdown link is on the page, as text
    for shown in SHOWN:
        assert shown in online["body"], shown


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def test_pdf_shows_the_text_and_links_only_inside(rendered):
    """(b, PDF) the hostile text is printed as text; (c) no link annotation leaves the file."""
    from pypdf import PdfReader

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    for pdf in _pages(rendered, ".pdf"):
        reader = PdfReader(pdf)
        outside = []
        for page in reader.pages:
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                action = annot.get("/A")
                action = action.get_object() if action is not None else {}
                if "/URI" in action or action.get("/S") in ("/URI", "/JavaScript", "/Launch"):
                    outside.append(dict(action))
        assert outside == [], (pdf.name, outside[:3])
        raw = pdf.read_bytes()
        assert b"/JavaScript" not in raw and b"/URI" not in raw, pdf.name
        text = _squeeze(_pdf_text(pdf))
        assert _squeeze(SHOWN[0]) in text, pdf.name  # the cover's municipality
        if pdf.name.startswith("01"):
            for shown in (MD_JS, SCRIPT, IMG, MD_VB, MD_DATA, TEMPLATE, TEX, DOLLAR, AUTOLINK):
                assert _squeeze(shown) in text, shown
