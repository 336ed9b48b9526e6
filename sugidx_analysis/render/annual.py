"""The combined annual report of a fiscal year: one cover, one table of contents, then every
theme report's body in notebook order."""

from __future__ import annotations

import time
from collections.abc import Callable

from . import cache

ANNUAL = "annual_report"
ANNUAL_TITLE = "DX施策評価 年次報告書"


def annual_page(
    theme_pages: list[tuple[str, str]], fiscal_year: int, tier: str, municipality: str
) -> str:
    """HTML of the annual report from ``(name, html)`` of each rendered theme report."""
    import nbformat
    from bs4 import BeautifulSoup

    from .html import ReportMeta, finish_page, make_exporter

    meta = ReportMeta(ANNUAL, ANNUAL_TITLE, fiscal_year, tier, municipality)
    skeleton, _ = make_exporter().from_notebook_node(
        nbformat.v4.new_notebook(), resources={"sugidx": meta.resources()}
    )
    sections, summaries = [], []
    for name, page in theme_pages:
        soup = BeautifulSoup(page, "html.parser")
        main = soup.find("main")
        for summary in soup.select("section.summary-page"):
            summaries.append((main.get("data-title", name), summary.extract()))
        section = soup.new_tag("section")
        section["class"] = "theme"
        section["id"] = name
        section["data-title"] = main.get("data-title", name)
        for child in list(main.children):
            section.append(child.extract())
        sections.append(section)
    return finish_page(skeleton, ANNUAL, sections=sections, summaries=summaries)


def render_annual(task, report: Callable[[str], None] | None = None) -> dict:
    """Print the annual report of ``task.folder`` from its theme reports' HTML (in a worker),
    telling ``report`` each step it starts ("html", "pdf"); returns the manifest fields of the
    outcome, with ``timings``: ``html_s`` (reading the themes' HTML and combining them),
    ``pdf_s``, ``total_s``."""
    from .pdf import html_to_pdf

    report = report or (lambda step: None)
    report("html")
    started = time.perf_counter()
    timings: dict[str, float] = {}
    folder = task.folder
    pages = [
        (t["report"], (folder / f"{t['report']}.html").read_text(encoding="utf-8"))
        for t in task.entry["themes"]
    ]
    page = annual_page(pages, task.fiscal_year, task.tier, task.municipality)
    staged: dict = {}
    try:
        staged["html"] = cache.stage(folder / f"{ANNUAL}.html", page)
        timings["html_s"] = round(time.perf_counter() - started, 3)
        if "pdf" in task.formats:
            report("pdf")
            step = time.perf_counter()
            staged["pdf"] = cache.stage(folder / f"{ANNUAL}.pdf", html_to_pdf(page, folder))
            timings["pdf_s"] = round(time.perf_counter() - step, 3)
        outputs = cache.commit(staged)
    finally:
        for tmp, _ in staged.values():
            tmp.unlink(missing_ok=True)
    return cache.success_entry(outputs, timings, started)
