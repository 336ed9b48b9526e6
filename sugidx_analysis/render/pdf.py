"""Print a report page to PDF with WeasyPrint and the print stylesheet.

The stylesheet sets A4, the cover, the table of contents with page numbers, the running header
and 「N / M」 page numbers; the Japanese font's regular and bold files (BIZ UDGothic, see
:mod:`sugidx_analysis.fonts`) are loaded by ``file://`` URLs here only (the HTML itself
references nothing outside itself).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
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
    """PDF bytes of a report page: the same page gives the same bytes (no date from the clock:
    see :func:`_set_dates`).

    Raises
    ------
    RenderError
        when WeasyPrint fails, or ``SOURCE_DATE_EPOCH`` is set but not a whole number.
    """
    from weasyprint import CSS, HTML, URLFetcher
    from weasyprint.text.fonts import FontConfiguration

    epoch = source_date_epoch()
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
        options = {"stylesheets": [stylesheet], "pdf_variant": "pdf/ua-1"}
        rendered = document.render(font_config=fonts, **options)
        _set_dates(rendered.metadata, epoch)
        font_epoch = epoch if epoch is not None else _epoch(rendered.metadata.created)
        with _font_timestamps(font_epoch):
            return rendered.write_pdf(**options)
    except Exception as exc:  # WeasyPrint raises many types; the batch reports them per report
        raise RenderError(f"the PDF could not be printed: {type(exc).__name__}: {exc}") from exc


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) when set
    to a whole number, else ``None``.

    Raises
    ------
    RenderError
        when it is set to anything else.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise RenderError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {value!r}")
    return int(value)


def _set_dates(metadata, epoch: int | None) -> None:
    """The PDF's dates, never the clock: the creation date is the page's ``dcterms.created``
    (the date the data describes), else ``SOURCE_DATE_EPOCH``; the modification date is the
    page's ``dcterms.modified``, else ``SOURCE_DATE_EPOCH``; without either, none."""
    if epoch is None:
        return
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata.created = metadata.created or stamp
    metadata.modified = metadata.modified or stamp


def _epoch(w3c_date: str | None) -> int:
    """Seconds since 1970 of the start (UTC) of the date a W3C date string begins with; 0
    without one."""
    try:
        day = dt.date.fromisoformat((w3c_date or "")[:10])
    except ValueError:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


@contextlib.contextmanager
def _font_timestamps(epoch: int) -> Iterator[None]:
    """While the PDF is written, fontTools stamps ``epoch`` rather than the clock into the
    ``head.modified`` of the font subsets it saves.

    WeasyPrint subsets the embedded fonts with HarfBuzz, which keeps the font's own date; only
    without HarfBuzz-Subset (older system libraries) does it fall back to fontTools, whose
    ``TTFont.save`` sets ``head.modified`` to now unless ``SOURCE_DATE_EPOCH`` is set. So it
    is set here, for the fallback, and put back afterwards.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
