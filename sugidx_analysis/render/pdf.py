"""Print a report page to PDF with WeasyPrint and the print stylesheet.

The stylesheet sets A4, the cover, the table of contents with page numbers, the running header
and 「N / M」 page numbers; the Japanese font is the IPAexGothic file of ``matplotlib-fontja``,
loaded by a ``file://`` URL here only (the HTML itself references nothing outside itself).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import RenderError
from .html import TEMPLATE_DIR


def print_css() -> str:
    """The print stylesheet with an ``@font-face`` for the bundled IPAexGothic."""
    from ..fonts import FONT_FAMILY, cjk_font_path

    face = (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; '
        f'src: url("{cjk_font_path().as_uri()}") format("truetype"); }}\n'
    )
    return face + (TEMPLATE_DIR / "print.css").read_text(encoding="utf-8")


def html_to_pdf(html: str, base_dir: Path) -> bytes:
    """PDF bytes of a report page."""
    from weasyprint import CSS, HTML, URLFetcher
    from weasyprint.text.fonts import FontConfiguration

    # Only local files and data: URLs; a report must never depend on the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    fonts = FontConfiguration()
    try:
        stylesheet = CSS(string=print_css(), font_config=fonts, url_fetcher=fetcher)
        document = HTML(string=html, base_url=str(base_dir), url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
    except Exception as exc:  # WeasyPrint raises many types; the batch reports them per report
        raise RenderError(f"the PDF could not be printed: {type(exc).__name__}: {exc}") from exc
