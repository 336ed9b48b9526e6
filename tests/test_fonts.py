"""The Japanese font: BIZ UDGothic with a true bold, in figures, PDFs and the offline HTML.

BIZ UDGothic comes from the Debian package ``fonts-morisawa-bizud-gothic``, which the project's
install (``make`` → ``.ci/system-packages``) puts in place; without it the reports fall back to
IPAexGothic (no bold) with a warning, which the last tests check.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from pathlib import Path

import pytest

from sugidx_analysis import fonts
from sugidx_analysis.errors import SugidxError, SugidxWarning
from sugidx_analysis.render import html as render_html
from sugidx_analysis.render import pdf as render_pdf

PAGE = (
    '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>t</title></head>'
    "<body><main><h1>見出し</h1><p>本文</p></main></body></html>"
)


@pytest.fixture(autouse=True)
def fresh_lookup(monkeypatch):
    """Each test looks the font up again (the lookup is cached per process), ignoring any
    ``SUGIDX_FONT_DIR`` of the machine, and leaves a fresh cache behind."""
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    fonts._faces.cache_clear()
    yield
    fonts._faces.cache_clear()


@pytest.fixture
def installed() -> dict[str, Path]:
    faces = fonts.find_bizud_gothic()
    if faces is None:
        pytest.fail(
            f"BIZ UDGothic is not installed: run .ci/system-packages as root "
            f"(`make install` does) or `{fonts.INSTALL_COMMAND}`"
        )
    return faces


def _ttf(data: bytes):
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(data))


def test_bold_and_regular_faces_are_found(installed):
    faces = fonts.font_faces()
    assert faces == installed
    assert set(faces) == {"normal", "bold"} and faces["normal"] != faces["bold"]
    assert fonts.font_family() == "BIZ UDGothic" and fonts.has_bold()
    assert fonts.cjk_font_path() == faces["normal"]
    for weight, expected in (("normal", 400), ("bold", 700)):
        font = _ttf(faces[weight].read_bytes())
        assert font["name"].getDebugName(1) == "BIZ UDGothic"
        assert font["OS/2"].usWeightClass == expected


def test_font_dir_override(installed, tmp_path, monkeypatch):
    for path in installed.values():
        (tmp_path / path.name).symlink_to(path)
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))
    assert fonts.font_faces() == {w: tmp_path / n for w, n in fonts.FONT_FILES.items()}

    fonts._faces.cache_clear()
    (tmp_path / fonts.FONT_FILES["bold"]).unlink()
    with pytest.raises(SugidxError, match=fonts.FONT_DIR_ENV):
        fonts.font_faces()


def test_pdf_prints_headings_in_the_embedded_bold_face(installed, tmp_path):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf.html_to_pdf(PAGE, tmp_path)))
    embedded = {}  # BaseFont (without the subset tag) -> the embedded TrueType program
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object()["/FontFile2"].get_object().get_data()
            embedded[str(font["/BaseFont"]).split("+", 1)[1]] = _ttf(program)
    assert set(embedded) == {"SugidxGothic", "SugidxGothic-Bold"}, set(embedded)
    bold, regular = embedded["SugidxGothic-Bold"], embedded["SugidxGothic"]
    assert bold["name"].getDebugName(1) == regular["name"].getDebugName(1) == "BIZ UDGothic"
    assert bold["OS/2"].usWeightClass == 700 and regular["OS/2"].usWeightClass == 400
    # The heading's characters are printed from the bold face, the paragraph's from the regular.
    bold_chars = {chr(c) for c in bold.getBestCmap()}
    regular_chars = {chr(c) for c in regular.getBestCmap()}
    assert set("見出し") <= bold_chars and not set("本文") & bold_chars
    assert set("本文") <= regular_chars


def test_print_css_declares_both_weights(installed):
    css = render_pdf.print_css()
    rules = re.findall(r"@font-face \{[^}]*\}", css)
    assert len(rules) == 2
    for weight, path in installed.items():
        (rule,) = [r for r in rules if f"font-weight: {weight};" in r]
        assert f'font-family: "{render_html.EMBEDDED_FAMILY}"' in rule
        assert path.as_uri() in rule


def test_html_subset_embeds_both_weights_and_only_the_page_characters(installed):
    css = render_html.font_subset_css("見出し本文")
    rules = dict(
        re.findall(r'font-weight: (\w+); src: url\("data:font/woff;base64,([^"]+)"\)', css)
    )
    assert set(rules) == {"normal", "bold"}
    assert css.count(f'font-family: "{render_html.EMBEDDED_FAMILY}"') == 2
    for weight, expected in (("normal", 400), ("bold", 700)):
        data = base64.b64decode(rules[weight])
        assert data[:4] == b"wOFF" and len(data) < 40_000  # a subset, not the 4.6 MB font
        font = _ttf(data)
        assert font["OS/2"].usWeightClass == expected
        chars = {chr(c) for c in font.getBestCmap()}
        assert set("見出し本文0123456789") <= chars
        assert "杉" not in chars  # not on the page


def test_finished_page_carries_both_weights(installed):
    page = render_html.finish_page(
        '<html><head></head><body><nav class="toc"></nav><main><h1>見出し</h1><p>本文</p>'
        "</main></body></html>",
        "t",
    )
    assert 'font-weight: normal; src: url("data:font/woff;base64,' in page
    assert 'font-weight: bold; src: url("data:font/woff;base64,' in page


def test_matplotlib_uses_the_same_family(installed):
    import matplotlib as mpl
    from matplotlib import font_manager

    with mpl.rc_context():
        assert fonts.use_japanese_font() == "BIZ UDGothic"
        for weight, path in installed.items():
            face = font_manager.FontProperties(family="BIZ UDGothic", weight=weight)
            assert Path(font_manager.findfont(face, fallback_to_default=False)) == path


# --- without BIZ UDGothic ----------------------------------------------------------------------


@pytest.fixture
def not_installed(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "KNOWN_DIR", tmp_path / "none")
    monkeypatch.setattr(fonts, "SEARCH_DIRS", (tmp_path,))


def test_without_bizud_gothic_falls_back_to_ipaex_and_warns_once(not_installed):
    with pytest.warns(SugidxWarning, match=re.escape(fonts.INSTALL_COMMAND)) as caught:
        faces = fonts.font_faces()
        fonts.font_faces()
        fonts.font_family()
    assert len([w for w in caught if issubclass(w.category, SugidxWarning)]) == 1
    assert "no bold" in str(caught[0].message)
    assert faces["normal"] == faces["bold"] and faces["normal"].name == "ipaexg.ttf"
    assert fonts.font_family() == "IPAexGothic" and not fonts.has_bold()


def test_fallback_declares_one_regular_face(not_installed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SugidxWarning)
        print_rules = re.findall(r"@font-face \{[^}]*\}", render_pdf.print_css())
        html_css = render_html.font_subset_css("見出し")
    # Only the regular face: a renderer may then embolden it, rather than treat it as bold.
    assert len(print_rules) == 1 and "font-weight: normal;" in print_rules[0]
    assert "ipaexg.ttf" in print_rules[0]
    assert html_css.count("@font-face") == 1 and "font-weight: normal;" in html_css
