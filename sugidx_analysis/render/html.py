"""Export an executed notebook to one self-contained HTML page.

nbconvert renders the cells (no code, no prompts, images already base64 in the outputs) with
sugidx's template, which loads nothing from anywhere. Then the headings get stable ids, the
table of contents is built from them, and subsets of the Japanese font (regular and bold)
holding just the characters of the page are embedded as ``data:`` URLs, so the page reads the
same on a machine without a Japanese font and without a network. Before that the page is made
inert (:func:`make_inert`): no script, no handler, no link or resource outside the page.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..municipality import UNNAMED

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_DIR = TEMPLATES_DIR / "sugidx"
EMBEDDED_FAMILY = "SugidxGothic"
SERIES = "デジタル・トランスフォーメーション 施策評価報告"
COLOPHON = (
    "この報告の数値の出典は「出典」に、入力ファイルとそのSHA-256、実行時の条件は付録"
    "「再現情報」に記載しています。"
)


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What the cover says: the report's name (file stem, also the id prefix), Japanese
    title, fiscal year (``None`` for a report not tied to one), data tier and the issuing
    municipality (the data folder's profile: the cover, running header and PDF author). The
    cover's date
    is the date the data describes, read from the page (:func:`finish_page`), never the clock,
    so rendering the same data twice gives the same file."""

    name: str
    title: str
    fiscal_year: int | None
    tier: str
    municipality: str = UNNAMED

    def resources(self) -> dict:
        from ..fmt import fiscal_year_label

        year = fiscal_year_label(self.fiscal_year) if self.fiscal_year is not None else ""
        return {
            "name": self.name,
            "title": self.title,
            "series": SERIES,
            "fiscal_year_label": year,
            "tier": self.tier,
            "municipality": self.municipality,
            "subject": f"{SERIES} {year}".strip(),
            "colophon": COLOPHON,
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


def finish_page(
    page: str,
    id_prefix: str,
    sections: list | None = None,
    summaries: list[tuple[str, object]] | None = None,
) -> str:
    """Turn exported cells into the publication: headings get ids prefixed with ``id_prefix``;
    the summary moves in front of the contents (page 2 in print); anything that could run
    script or leave the page is neutralised (:func:`make_inert`); tables and figures are
    numbered in page order and listed after the contents; every cell that shows synthetic data
    (and the Markdown cells that introduce it) is marked so its printed pages carry the
    「合成データを含む」 header; the cover and the PDF's creation date take the date the data
    describes; the font is embedded.

    ``sections`` (elements whose headings already have ids) are appended to ``<main>`` first and
    ``summaries`` (title, summary section) are gathered on one summary page, as the annual
    report does with the theme reports."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main")
    for anchor in main.select("a.anchor-link"):
        anchor.decompose()
    _number_headings(main, id_prefix)
    for section in sections or []:
        main.append(section)
    _summary_first(soup, summaries)
    make_inert(soup)
    _mark_synthetic_pages(soup)
    _number_tables_and_figures(soup, id_prefix)
    _fill_toc(soup)
    _fill_lists(soup)
    _date_from_data(soup)
    _embed_font(soup)
    return str(soup)


# --- inert page -------------------------------------------------------------------------------
# Text from data is escaped where the library builds HTML (sugidx_analysis.report); this is the
# second line: whatever the export holds, the published page runs no script, loads nothing and
# links nowhere but to itself. nbconvert's own ``sanitize_html`` (bleach with its default allow
# list) would also strip the report's figures, captions, sections and data attributes, and
# still allow links to other sites, so the page is cleaned here against the report's needs.

# The policy the browser enforces as well: no script, no frame, nothing loaded but the page's
# own data: images and fonts, no form submission, no <base>.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
# Removed with their content: they run script, embed or load another document or resource,
# take input, or change where the page's links go.
DROPPED_ELEMENTS = frozenset(
    "script noscript template iframe frame frameset object embed applet param base link "
    "portal svg math audio video source track canvas picture input button select textarea "
    "option optgroup datalist output".split()
)
# Kept as they are (after their attributes are checked); any other element is replaced by its
# content, so its text still shows.
ALLOWED_ELEMENTS = frozenset(
    "html head body meta title style header footer main nav section article aside div span p "
    "br hr h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table caption thead tbody tfoot tr th td col "
    "colgroup figure figcaption img a b strong i em u s small sub sup mark code pre kbd samp "
    "var abbr cite q blockquote del ins time bdi wbr details summary address".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "class id lang title alt href src style scope colspan rowspan headers span start reversed "
    "type name content charset open datetime role width height".split()
)
_SAFE_CSS_URL = re.compile(r"""url\(\s*["']?data:(?:font|image)/""", re.IGNORECASE)
_UNSAFE_CSS = re.compile(
    r"url\(|image-set\(|@import|expression\(|javascript:|(?<![\w-])behavior|-moz-binding|\\",
    re.IGNORECASE,
)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
# C0/C1 controls (but tab, newline, carriage return) and the bidi embeddings, overrides and
# isolates: shown as 「[U+202E]」, so they can neither reorder a sentence nor hide in it.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def visible_controls(text: str) -> str:
    """``text`` with every control or bidi formatting character written as 「[U+XXXX]」."""
    return _CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def _url(value: str) -> str:
    """A URL attribute as a browser reads the scheme: without spaces and controls, lower case."""
    return re.sub(r"[\x00-\x20]", "", value).lower()


def _safe_css(css: str) -> bool:
    """Whether a style sheet or ``style`` attribute loads nothing but data: fonts and images."""
    return not _UNSAFE_CSS.search(_SAFE_CSS_URL.sub("", _CSS_COMMENT.sub("", css)))


def make_inert(soup) -> None:
    """Neutralise everything in ``soup`` that could run script or leave the document: elements
    of :data:`DROPPED_ELEMENTS` and ``<meta http-equiv>`` go (with their content); elements
    not in :data:`ALLOWED_ELEMENTS` are replaced by their content; attributes not in
    :data:`ALLOWED_ATTRIBUTES` (``on*`` handlers, ``xlink:href``, ``action``, ``formaction``,
    ``srcset`` …; ``data-*`` and ``aria-*`` stay) are removed; a link whose target is not an
    anchor of the page (``#…``) becomes its text; an ``<img>`` keeps only a ``data:image/``
    source; style sheets and ``style`` attributes that load anything but data: fonts and
    images go; control and bidi characters in text and attributes become visible
    (:func:`visible_controls`). The page then gets :data:`CONTENT_SECURITY_POLICY`."""
    from bs4 import CData, Comment, Declaration, NavigableString, ProcessingInstruction

    for element in list(soup.find_all(True)):
        if element.decomposed:  # inside an element already dropped
            continue
        name = element.name.lower()
        if name in DROPPED_ELEMENTS or (name == "meta" and element.has_attr("http-equiv")):
            element.decompose()
            continue
        # A style sheet holding 「<」 may end earlier in a browser (「</style x>」) than here.
        if name == "style" and ("<" in element.get_text() or not _safe_css(element.get_text())):
            element.decompose()
            continue
        if name not in ALLOWED_ELEMENTS:
            element.unwrap()
            continue
        for attr in list(element.attrs):
            key = attr.lower()
            if not (key in ALLOWED_ATTRIBUTES or key.startswith(("data-", "aria-"))):
                del element[attr]
        if element.has_attr("style") and not _safe_css(str(element["style"])):
            del element["style"]
        if element.has_attr("src") and not (
            name == "img" and _url(str(element["src"])).startswith("data:image/")
        ):
            del element["src"]
        if element.has_attr("href"):
            if name == "a" and str(element["href"]).startswith("#"):
                pass
            elif name == "a":
                element.unwrap()
                continue
            else:
                del element["href"]
        for attr, value in element.attrs.items():
            if isinstance(value, str):
                element[attr] = visible_controls(value)
            elif isinstance(value, list):
                element[attr] = [visible_controls(v) for v in value]
    for text in list(soup.find_all(string=True)):
        # Comments, CDATA, processing instructions and declarations: a browser ends some of
        # them earlier than Python's parser (「--!>」, the first 「>」), so markup inside them
        # would come alive. The page needs none of them (the doctype is kept).
        if isinstance(text, (Comment, CData, ProcessingInstruction, Declaration)):
            text.extract()
        elif type(text) is NavigableString and _CONTROLS.search(text):
            text.replace_with(visible_controls(str(text)))
    if soup.head is not None:
        policy = soup.new_tag(
            "meta",
            attrs={"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY},
        )
        charset = soup.head.find("meta", charset=True)
        if charset is not None:
            charset.insert_after(policy)
        else:
            soup.head.insert(0, policy)


SUMMARY_HEADING = "評価結果の概要"


def _summary_first(soup, summaries: list[tuple[str, object]] | None) -> None:
    """Move the summary section(s) from ``<main>`` to just before the table of contents; with
    ``summaries`` (the annual report), build one summary page with a sub-heading per theme."""
    toc = soup.find("nav", class_="toc")
    if summaries is None:
        for section in soup.find("main").select("section.summary-page"):
            toc.insert_before(section.extract())
        return
    if not summaries:
        return
    page = soup.new_tag("section", attrs={"class": "summary-page"})
    heading = soup.new_tag("h2", id="summary")
    heading.string = SUMMARY_HEADING
    page.append(heading)
    for title, section in summaries:
        sub = soup.new_tag("h3")
        sub.string = title
        page.append(sub)
        for h2 in section.find_all("h2"):
            h2.decompose()
        if section.get("data-synthetic") == "true":
            page["data-synthetic"] = "true"
        for child in list(section.children):
            page.append(child.extract())
    toc.insert_before(page)


def _mark_synthetic_pages(soup) -> None:
    """Class ``synthetic-page`` on the cells showing synthetic data, on the Markdown cells just
    before them (their heading and introduction), and on a summary built on synthetic data."""
    for element in soup.select('[data-synthetic="true"]'):
        if element.name == "section" and "summary-page" in element.get("class", []):
            _add_class(element, "synthetic-page")
            continue
        cell = element.find_parent("div", class_="jp-Cell")
        if cell is None:
            summary = element.find_parent("section", class_="summary-page")
            if summary is not None:
                _add_class(summary, "synthetic-page")
            continue
        _add_class(cell, "synthetic-page")
        before = cell.find_previous_sibling("div", class_="jp-Cell")
        while before is not None and "jp-MarkdownCell" in before.get("class", []):
            _add_class(before, "synthetic-page")
            before = before.find_previous_sibling("div", class_="jp-Cell")


def _add_class(element, name: str) -> None:
    classes = list(element.get("class", []))
    if name not in classes:
        element["class"] = [*classes, name]


KINDS = (("table", "表", "div.sugidx-table", "t"), ("figure", "図", "figure.sugidx-figure", "f"))


def _number_tables_and_figures(soup, prefix: str) -> None:
    """表1, 表2 … and 図1, 図2 … in page order (a notebook's own numbers restart per kernel),
    each block with an id the lists link to."""
    for kind, word, selector, letter in KINDS:
        for n, block in enumerate(soup.select(selector), start=1):
            block["id"] = f"{prefix}-{letter}{n}"
            number = block.find("span", class_=f"{kind}-number")
            if number is not None:
                number.string = f"{word}{n}"


def _caption_text(block, kind: str) -> str:
    """「表N　title」 of a numbered block, without its synthetic mark."""
    title = block.find(class_=f"{kind}-title")
    if title is None:
        return ""
    return "".join(
        t for t in title.find_all(string=True) if not t.find_parent(class_="synthetic-mark")
    ).strip()


def _fill_lists(soup) -> None:
    """「表目次」 and 「図目次」 after the contents, linking to each numbered block."""
    nav = soup.find("nav", class_="toc")
    for kind, word, selector, _ in KINDS:
        blocks = soup.select(selector)
        if not blocks:
            continue
        title = soup.new_tag("h2", attrs={"class": "toc-title list-title"})
        title.string = f"{word}目次"
        listing = soup.new_tag("ol", attrs={"class": f"list-of-{kind}s"})
        for block in blocks:
            item = soup.new_tag("li")
            link = soup.new_tag("a", href=f"#{block['id']}")
            link.string = _caption_text(block, kind)
            item.append(link)
            listing.append(item)
        nav.append(title)
        nav.append(listing)


def _date_from_data(soup) -> None:
    """The latest 「データの時点」 on the page goes on the cover and into the PDF metadata
    (``dcterms.created``); without one, the cover line is dropped."""
    found = sorted(
        (e["data-date"], e.get("data-label", "")) for e in soup.select(".as-of[data-date]")
    )
    cover = soup.select(".facts .data-date")
    if not found:
        for element in cover:
            element.decompose()
        return

    from ..fmt import date

    latest, label = found[-1]
    for element in cover:
        if element.name == "dd":
            element.string = label or date(dt.date.fromisoformat(latest))
    soup.head.append(soup.new_tag("meta", attrs={"name": "dcterms.created", "content": latest}))


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
    """``@font-face`` rules for the Japanese font's regular and bold weights, each reduced to
    the characters of ``text`` (plus digits and punctuation) and given as a WOFF ``data:`` URL
    (tens of kB instead of 4–5 MB a weight). Without a bold file (the IPAexGothic fallback of
    :mod:`sugidx_analysis.fonts`) only the regular weight is embedded."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ..fonts import font_faces

    chars = set(text) | set("0123456789０１２３４５６７８９%％()（）.,、。・ー−-/ ")
    faces = font_faces()
    weights = ["normal"] + (["bold"] if faces["bold"] != faces["normal"] else [])
    rules = []
    for weight in weights:
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        options.notdef_outline = True
        options.drop_tables += ["meta"]  # BIZ UDGothic's; fontTools cannot subset it (and says so)
        # The font's own head.modified, not the clock's: the same page gives the same bytes.
        font = TTFont(str(faces[weight]), lazy=True, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(chars)))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.flavor = "woff"
        font.save(buffer)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; font-style: normal; '
            f"font-weight: {weight}; "
            f'src: url("data:font/woff;base64,{data}") format("woff"); }}'
        )
    return "\n".join(rules)


def _embed_font(soup) -> None:
    """Put the font subsets (every weight) for the page's text in a ``<style>`` in ``<head>``."""
    style = soup.new_tag("style")
    style.string = font_subset_css(soup.get_text())
    soup.head.append(style)
