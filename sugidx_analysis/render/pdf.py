"""Print a report page to PDF with WeasyPrint and the print stylesheet.

The stylesheet sets A4, the cover, the table of contents with page numbers, the running header
and 「N / M」 page numbers; the Japanese font's regular and bold files (BIZ UDGothic, see
:mod:`sugidx_analysis.fonts`) are loaded by ``file://`` URLs here only (the HTML itself
references nothing outside itself).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import RenderError
from .html import TEMPLATE_DIR

PDF_MEDIA = "sugidx-pdf"


def print_css() -> str:
    """The print stylesheet with ``@font-face`` rules for the Japanese font's regular and bold
    files (see :mod:`sugidx_analysis.fonts`), under the family the stylesheets name."""
    from ..fonts import font_faces
    from .html import EMBEDDED_FAMILY

    faces = font_faces()
    # Without a bold file (the IPAexGothic fallback) only the regular face is declared.
    weights = ["normal"] + (["bold"] if faces["bold"] != faces["normal"] else [])
    rules = "".join(
        f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; font-style: normal; '
        f"font-weight: {weight}; "
        f'src: url("{faces[weight].as_uri()}") format("truetype"); }}\n'
        for weight in weights
    )
    return rules + (TEMPLATE_DIR / "print.css").read_text(encoding="utf-8")


def html_to_pdf(html: str, base_dir: Path) -> bytes:
    """PDF bytes of a report page."""
    from weasyprint import CSS, HTML, URLFetcher
    from weasyprint.text.fonts import FontConfiguration

    # Only local files and data: URLs; a report must never depend on the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    fonts = FontConfiguration()
    try:
        stylesheet = CSS(string=print_css(), font_config=fonts, url_fetcher=fetcher)
        # A media type of our own: the page's inline screen and browser-print rules (report.css)
        # stay out of the PDF, which print.css alone styles.
        document = HTML(
            string=html, base_url=str(base_dir), url_fetcher=fetcher, media_type=PDF_MEDIA
        )
        # PDF/UA: a tagged PDF (reading order, figures with their alt text) for screen readers;
        # title, author, subject, language and creation date come from the page.
        return document.write_pdf(
            stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1"
        )
    except Exception as exc:  # WeasyPrint raises many types; the batch reports them per report
        raise RenderError(f"the PDF could not be printed: {type(exc).__name__}: {exc}") from exc
