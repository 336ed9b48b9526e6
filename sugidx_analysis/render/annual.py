"""The combined annual report of a fiscal year: one cover, one table of contents, then every
theme report's body in notebook order."""

from __future__ import annotations

import datetime as dt

ANNUAL_COLOPHON = (
    "各テーマの報告のパラメータと入力ファイルの SHA-256 は、各テーマの報告と manifest.json に"
    "記載しています。"
)


def annual_page(
    theme_pages: list[tuple[str, str]], fiscal_year: int, tier: str, date: dt.date
) -> str:
    """HTML of the annual report from ``(name, html)`` of each rendered theme report."""
    import nbformat
    from bs4 import BeautifulSoup

    from .batch import ANNUAL, ANNUAL_TITLE
    from .html import ReportMeta, finish_page, make_exporter

    meta = ReportMeta(ANNUAL, ANNUAL_TITLE, fiscal_year, tier, date, ANNUAL_COLOPHON)
    skeleton, _ = make_exporter().from_notebook_node(
        nbformat.v4.new_notebook(), resources={"sugidx": meta.resources()}
    )
    sections = []
    for name, page in theme_pages:
        soup = BeautifulSoup(page, "html.parser")
        main = soup.find("main")
        section = soup.new_tag("section")
        section["class"] = "theme"
        section["id"] = name
        section["data-title"] = main.get("data-title", name)
        for child in list(main.children):
            section.append(child.extract())
        sections.append(section)
    return finish_page(skeleton, ANNUAL, sections=sections)
