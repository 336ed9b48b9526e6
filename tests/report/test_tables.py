"""The statistical table component and the page finishing that numbers, lists and marks it."""

from __future__ import annotations

import html

import pandas as pd
from bs4 import BeautifulSoup

from sugidx_analysis.render.html import finish_page
from sugidx_analysis.report import tables
from sugidx_analysis.report.tables import Table, table


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"優先度": ["S", "A", "合計"], "未対応手続数": ["26", "54", "80"], "備考": ["x", "y", "z"]}
    )


def test_caption_unit_alignment_totals_source_and_notes():
    t = table(
        "優先度別",
        _frame(),
        unit="手続",
        source="杉並区「資料」",
        notes=("注記",),
        text_columns=("備考",),
    )
    soup = BeautifulSoup(t._repr_html_(), "html.parser")
    caption = soup.find("caption")
    assert caption.find(class_="table-number").get_text().startswith("表")
    assert "優先度別" in caption.get_text() and "（単位：手続）" in caption.get_text()
    header = [th["class"] for th in soup.select("thead th")]
    assert header == [["text"], ["num"], ["text"]]
    rows = soup.select("tbody tr")
    assert rows[0].find("th")["scope"] == "row"  # the label column heads its row
    assert [r.get("class") for r in rows] == [None, None, ["total"]]
    assert soup.select_one(".table-source").get_text() == "出典：杉並区「資料」"
    assert soup.select_one(".table-note").get_text() == "注：注記"
    assert soup.select_one("div.sugidx-table")["data-synthetic"] == "false"
    assert "synthetic-mark" not in str(soup)


def test_a_named_index_becomes_the_label_column_and_no_row_numbers_print():
    frame = _frame().set_index("優先度")
    t = table("t", frame)
    assert list(t.frame.columns)[0] == "優先度"
    soup = BeautifulSoup(t._repr_html_(), "html.parser")
    assert [th.get_text() for th in soup.select("tbody th")] == ["S", "A", "合計"]


def test_text_from_data_is_inert_and_synthetic_tables_are_marked():
    evil = "<script>alert(1)</script>"
    t = Table(evil, pd.DataFrame({"名前": [evil], "値": ["1"]}), source=evil, synthetic=True)
    text = t._repr_html_()
    assert "<script>" not in text and html.escape(evil) in text
    soup = BeautifulSoup(text, "html.parser")
    assert soup.select_one("div.sugidx-table")["data-synthetic"] == "true"
    assert soup.select_one(".synthetic-mark").get_text() == "合成データ"


PAGE = """<html><head><title>t</title></head><body>
<header class="cover"><dl class="facts"><dt class="data-date">データの時点</dt>
<dd class="data-date"></dd></dl></header>
<nav class="toc"><h2 class="toc-title">目次</h2></nav>
<main>
<div class="jp-Cell jp-CodeCell"><section class="summary-page" data-synthetic="false">
<h2>評価結果の概要</h2>{summary}</section></div>
<div class="jp-Cell jp-MarkdownCell"><h2>1. 公表値</h2></div>
<div class="jp-Cell jp-CodeCell"><p class="as-of" data-date="2024-03-31">x</p>{published}</div>
<div class="jp-Cell jp-MarkdownCell"><h2>5. 手続ごと</h2></div>
<div class="jp-Cell jp-MarkdownCell"><p>説明</p></div>
<div class="jp-Cell jp-CodeCell">{synthetic}</div>
<div class="jp-Cell jp-MarkdownCell"><h2>出典</h2></div>
</main></body></html>"""


def test_finished_page_moves_the_summary_numbers_lists_and_marks_synthetic_cells(monkeypatch):
    from sugidx_analysis.render import html as page_html

    monkeypatch.setattr(page_html, "_embed_font", lambda soup: None)
    frame = pd.DataFrame({"a": ["x"], "b": ["1"]})
    page = PAGE.format(
        summary=Table("概要の表", frame, number=7)._repr_html_(),
        published=Table("公表値の表", frame, number=3)._repr_html_(),
        synthetic=Table("合成の表", frame, number=9, synthetic=True)._repr_html_(),
    )
    soup = BeautifulSoup(finish_page(page, "r"), "html.parser")
    # The summary comes before the contents (page 2 in print).
    assert soup.select_one("section.summary-page").find_next("nav", class_="toc")
    # Tables numbered in page order, whatever the notebook numbered them.
    numbers = [s.get_text() for s in soup.select("span.table-number")]
    assert numbers == ["表1", "表2", "表3"]
    listed = [a.get_text() for a in soup.select("ol.list-of-tables a")]
    assert listed == ["表1\u3000概要の表", "表2\u3000公表値の表", "表3\u3000合成の表"]
    assert [a["href"] for a in soup.select("ol.list-of-tables a")] == ["#r-t1", "#r-t2", "#r-t3"]
    # The synthetic cell and the Markdown cells introducing it print on marked pages; the
    # published cells and the next section do not.
    cells = soup.select("main > div.jp-Cell")
    marked = ["synthetic-page" in c["class"] for c in cells]
    assert marked == [False, False, False, True, True, True, False]
    # The cover and the PDF take the date the data describes.
    assert soup.select_one("dd.data-date").get_text() == "令和6年3月31日"
    assert soup.find("meta", attrs={"name": "dcterms.created"})["content"] == "2024-03-31"


def test_short_tables_are_kept_whole_on_a_page_and_long_ones_may_break():
    short = table("短い表", pd.DataFrame({"a": range(tables.SHORT_ROWS)}))
    long = table("長い表", pd.DataFrame({"a": range(tables.SHORT_ROWS + 1)}))
    assert 'class="sugidx-table short"' in short._repr_html_()
    assert 'class="sugidx-table"' in long._repr_html_()
