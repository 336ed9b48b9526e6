"""Export an executed notebook to one self-contained HTML page.

nbconvert renders the cells (no code, no prompts, images already base64 in the outputs) with
sugidx's template, which loads nothing from anywhere. Then the headings get stable ids, the
table of contents is built from them, and a subset of IPAexGothic holding just the characters of
the page is embedded as a ``data:`` URL, so the page reads the same on a machine without a
Japanese font and without a network.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_DIR = TEMPLATES_DIR / "sugidx"
EMBEDDED_FAMILY = "SugidxGothic"
SERIES = "デジタル・トランスフォーメーション 施策評価報告"
BODY_START = "<!-- sugidx:body -->"


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What the cover says: the report's name (file stem, also the id prefix), Japanese
    title, fiscal year (``None`` for a report not tied to one), data tier and date."""

    name: str
    title: str
    fiscal_year: int | None
    tier: str
    date: dt.date
    colophon: str = ""

    def resources(self) -> dict:
        from ..fmt import fiscal_year_label

        return {
            "name": self.name,
            "title": self.title,
            "series": SERIES,
            "fiscal_year_label": (
                fiscal_year_label(self.fiscal_year) if self.fiscal_year is not None else ""
            ),
            "tier": self.tier,
            "date": f"{self.date.year}年{self.date.month}月{self.date.day}日",
            "colophon": self.colophon,
            "screen_css": (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8"),
        }


def make_exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="sugidx",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def notebook_to_html(nb, meta: ReportMeta) -> str:
    """HTML page of an executed notebook node: cover, table of contents, the outputs and
    markdown of every cell, an embedded font subset."""
    body, _ = make_exporter().from_notebook_node(nb, resources={"sugidx": meta.resources()})
    return finish_page(body, meta.name)


def finish_page(page: str, id_prefix: str, sections: list | None = None) -> str:
    """Give the headings in ``<main>`` ids prefixed with ``id_prefix``, fill the table of
    contents and embed the font. ``sections`` (elements whose headings already have ids) are
    appended to ``<main>`` first, as the annual report does with the theme reports."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main")
    for anchor in main.select("a.anchor-link"):
        anchor.decompose()
    _number_headings(main, id_prefix)
    for section in sections or []:
        main.append(section)
    _fill_toc(soup)
    _embed_font(soup)
    return str(soup)


def _number_headings(root, prefix: str) -> None:
    for n, heading in enumerate(root.find_all(["h1", "h2", "h3"]), start=1):
        heading["id"] = f"{prefix}-s{n}"


def _fill_toc(soup) -> None:
    """Nested ordered list of the h1–h3 headings in ``<main>`` (links to their ids)."""
    nav = soup.find("nav", class_="toc")
    root = soup.new_tag("ol")
    stack = [(0, root)]
    for heading in soup.find("main").find_all(["h1", "h2", "h3"]):
        level = int(heading.name[1])
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        if parent.name == "li":  # first child of an entry: open a nested list
            sub = soup.new_tag("ol")
            parent.append(sub)
            stack[-1] = (stack[-1][0], sub)
            parent = sub
        item = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{heading['id']}")
        link.string = heading.get_text(" ", strip=True)
        item.append(link)
        parent.append(item)
        stack.append((level, item))
    nav.append(root)


def font_subset_css(text: str) -> str:
    """``@font-face`` for IPAexGothic reduced to the characters of ``text``, as a WOFF
    ``data:`` URL (tens of kB instead of 4 MB)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ..fonts import cjk_font_path

    chars = set(text) | set("0123456789０１２３４５６７８９%％()（）.,、。・ー−-/ ")
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(str(cjk_font_path()), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; '
        f'src: url("data:font/woff;base64,{data}") format("woff"); }}'
    )


def _embed_font(soup) -> None:
    style = soup.new_tag("style")
    style.string = font_subset_css(soup.get_text())
    soup.head.append(style)
