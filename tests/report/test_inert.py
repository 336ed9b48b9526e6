"""Text from data is inert: findings are escaped HTML (never Markdown), the exported page is
cleaned of anything that could run script or leave it (``render.html.make_inert``), and chart
labels are drawn literally (no mathtext). The whole chain, rendered and opened in Chromium, is
tested in tests/test_inert_text.py."""

from __future__ import annotations

import html

import matplotlib as mpl
import pytest
from bs4 import BeautifulSoup

from sugidx_analysis.render.html import (
    CONTENT_SECURITY_POLICY,
    finish_page,
    make_inert,
    visible_controls,
)
from sugidx_analysis.report import notices
from sugidx_analysis.report.figures import figure_block, new_figure

MD_LINKS = [
    "[click](javascript:document.title='PWNED')",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "<https://example.org/>",
    "![img](https://example.org/t.png)",
    "[ref][1]\n\n[1]: javascript:alert(1)",
]


# --- findings -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", MD_LINKS)
def test_bullets_are_escaped_html_not_markdown(text):
    shown = notices.bullets([f"最も申請の多い未対応手続は「{text}」です。", "二つ目"])
    assert type(shown).__name__ == "HTML"  # not Markdown: nothing in it is parsed as links
    assert shown.data.startswith('<ul class="bullets"><li>')
    soup = BeautifulSoup(shown.data, "html.parser")
    assert soup.find("a") is None and soup.find("img") is None and soup.find("script") is None
    assert [li.get_text() for li in soup.find_all("li")] == [
        f"最も申請の多い未対応手続は「{text}」です。",
        "二つ目",
    ]


def test_bullets_keep_html_math_and_template_syntax_as_text():
    evil = "<script>alert(1)</script> *強調* $x^$ {{7*7}} {% raw %}"
    shown = notices.bullets([evil])
    assert "<script>" not in shown.data and html.escape(evil) in shown.data
    assert BeautifulSoup(shown.data, "html.parser").li.get_text() == evil


def test_terms_and_method_has_no_markdown():
    out = notices.terms_and_method((("用語", "[a](javascript:x)"),), "四捨五入", ["前提"])
    assert all(type(item).__name__ == "HTML" for item in out)


# --- the exported page ------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=https://example.org/">
<base href="https://example.org/">
<link rel="stylesheet" href="https://example.org/s.css">
<title>題</title><style>/* no url() here */ .a { color: red }</style>
<style>@import url("https://example.org/x.css");</style>
</head><body>
<header class="cover"><p class="ward">区</p></header>
<nav class="toc"><h2 class="toc-title">目次</h2></nav>
<main class="report" id="r">
<h1>報告</h1>
<p onclick="alert(1)" onmouseover="alert(2)" class="keep" data-date="2024-03-31">本文</p>
<script>document.title='PWNED'</script>
<SCRIPT type="module">alert(1)</SCRIPT>
<a href="javascript:alert(1)">js link</a>
<a href=" JaVaScRiPt:alert(1)">spaced</a>
<a href="vbscript:msgbox(1)">vb link</a>
<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data link</a>
<a href="https://example.org/">outside</a>
<a href="page.html#x">relative</a>
<a href="#r-s1">inside</a>
<img src="x" onerror="alert(1)" alt="broken">
<img src="javascript:alert(1)" alt="js">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="ok" srcset="https://example.org/a.png 2x">
<iframe src="https://example.org/"></iframe>
<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://example.org/"><input name="q">
<button formaction="javascript:alert(1)">送信</button>フォーム文</form>
<svg><a xlink:href="javascript:alert(1)"><text>svg</text></a><script>alert(1)</script></svg>
<math><mtext>m</mtext></math>
<details open ontoggle="alert(1)"><summary>要約</summary>詳細</details>
<marquee onstart="alert(1)">流れる文</marquee>
<div style="background:url(https://example.org/t.png)">背景</div>
<div style="border-left:4px solid #000;padding:0.4em">枠</div>
<p>逆\u202eさかさ\x07鐘</p>
<!--[if IE]><script>alert(1)</script><![endif]-->
</main><footer class="colophon"><p>奥付</p></footer></body></html>"""


def _clean(page: str = PAGE):
    soup = BeautifulSoup(page, "html.parser")
    make_inert(soup)
    return soup


def test_nothing_runs_loads_or_leaves():
    soup = _clean()
    for name in ("script", "iframe", "object", "embed", "form", "input", "button", "base"):
        assert soup.find(name) is None, name
    assert soup.find("link") is None and soup.find("svg") is None and soup.find("math") is None
    assert not soup.find("meta", attrs={"http-equiv": "refresh"})
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element.name
        assert "srcset" not in element.attrs and "formaction" not in element.attrs
    assert [a["href"] for a in soup.find_all("a")] == ["#r-s1"]
    assert [i.get("src") for i in soup.find_all("img")] == [
        None,
        None,
        "data:image/png;base64,iVBORw0KGgo=",
    ]
    assert "PWNED" not in str(soup) and "alert" not in str(soup.find("main").get_text())


@pytest.mark.parametrize(
    "markup",
    [
        # Python's parser keeps these as one comment / CDATA / style text; a browser ends them
        # earlier, and what follows would be live markup.
        "<![CDATA[ x ><img src=x onerror=alert(1)><script>alert(1)</script> ]]>",
        "<!-- a --!><script>alert(2)</script> -->",
        "<style>a{}</style x><script>alert(3)</script></style>",
        "<?x <script>alert(4)</script> ?>",
        "<!x <script>alert(5)</script>>",
    ],
)
def test_markup_a_browser_parses_differently_is_removed(markup):
    soup = _clean(f"<html><head></head><body><p>本文</p>{markup}</body></html>")
    page = str(soup)
    assert "<script" not in page and "<img" not in page and "onerror" not in page, page
    assert soup.find("p").get_text() == "本文"


def test_text_of_what_was_neutralised_still_shows():
    text = _clean().get_text()
    for shown in ("js link", "spaced", "vb link", "data link", "outside", "relative", "inside"):
        assert shown in text  # a link that leaves the page becomes its text
    assert "フォーム文" in text and "流れる文" in text and "要約" in text
    assert "svg" not in text  # an SVG's content goes with it


def test_styles_keep_our_rules_and_lose_outside_urls():
    soup = _clean()
    styles = [s.get_text() for s in soup.find_all("style")]
    assert styles == ["/* no url() here */ .a { color: red }"]  # a comment is not a url()
    kept = [d.get("style") for d in soup.find_all("div")]
    assert kept == [None, "border-left:4px solid #000;padding:0.4em"]


def test_font_data_urls_in_a_style_sheet_are_kept():
    css = '@font-face { font-family: "F"; src: url("data:font/woff;base64,AAAA") format("woff"); }'
    soup = _clean(f"<html><head><style>{css}</style></head><body></body></html>")
    assert soup.style.get_text() == css


def test_control_and_bidi_characters_are_shown():
    soup = _clean()
    assert "逆[U+202E]さかさ[U+0007]鐘" in soup.get_text()
    assert visible_controls("a\tb\nc\u2066d\x00") == "a\tb\nc[U+2066]d[U+0000]"
    assert visible_controls("杉並区（令和5年度）") == "杉並区（令和5年度）"


def test_the_page_carries_a_content_security_policy_once():
    soup = _clean()
    policies = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(policies) == 1 and policies[0]["content"] == CONTENT_SECURITY_POLICY
    assert soup.head.find("meta").get("charset") == "utf-8"  # the charset stays first
    make_inert(soup)  # cleaning a cleaned page changes nothing
    assert len(soup.find_all("meta", attrs={"http-equiv": True})) == 1


def test_finish_page_makes_the_page_inert(monkeypatch):
    from sugidx_analysis.render import html as page_html

    monkeypatch.setattr(page_html, "font_subset_css", lambda text: "")
    out = BeautifulSoup(finish_page(PAGE, "r"), "html.parser")
    assert out.find("script") is None and out.find("iframe") is None
    hrefs = [a["href"] for a in out.find_all("a")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert out.find("nav", class_="toc").find("a")["href"] == "#r-s1"


# --- charts -------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["$x^$", "$\\frac{1}{0}$", "unbalanced $ sign", "$x$と$y$"])
def test_chart_text_from_data_is_drawn_literally(label):
    fig, ax = new_figure(4, 3)
    assert mpl.rcParams["text.parse_math"] is False
    ax.set_yticks([0], [label])
    ax.set_title(label)
    title = ax.title
    assert title._preprocess_math(label) == (label, False)  # no mathtext
    figure_block(fig, "題", "出典", "代替文")  # draws (savefig) without a mathtext error


def test_mathtext_would_stop_the_render():
    """The failure the rcParam prevents: with mathtext on, 「$x^$」 does not draw."""
    import io

    import matplotlib.pyplot as plt

    fig, ax = new_figure(4, 3)
    with mpl.rc_context({"text.parse_math": True}):
        ax.text(0, 0, "$x^$")
        with pytest.raises(ValueError):
            fig.savefig(io.StringIO(), format="svg")
    plt.close(fig)
