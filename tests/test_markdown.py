"""Markdown bodies: sanitizing, heading shift and ids, tables, summaries."""

from __future__ import annotations

import re

import jinja2
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markupsafe import Markup

from careersite.markdown import _MARKDOWN, _heading_slug, render_markdown, summarize

HOSTILE = [
    ("script", "<script>alert(1)</script>"),
    ("script in markdown", "Hello <script>alert(1)</script> there"),
    ("script split", "<scr<script>x</script>ipt>alert(1)</script>"),
    ("img onerror", '<img src="x.png" onerror="alert(1)">'),
    ("upper case handler", '<IMG SRC="x.png" ONERROR="alert(1)">'),
    ("javascript href", '<a href="javascript:alert(1)">x</a>'),
    ("javascript mixed case", '<a href="JaVaScRiPt:alert(1)">x</a>'),
    ("javascript leading space", '<a href=" javascript:alert(1)">x</a>'),
    ("javascript tab inside", '<a href="java\tscript:alert(1)">x</a>'),
    ("javascript tab entity", '<a href="java&#9;script:alert(1)">x</a>'),
    ("javascript newline entity", '<a href="java&#x0A;script:alert(1)">x</a>'),
    ("javascript entity", '<a href="jav&#x61;script:alert(1)">x</a>'),
    ("javascript decimal entity", '<a href="&#106;avascript:alert(1)">x</a>'),
    ("javascript colon entity", '<a href="javascript&colon;alert(1)">x</a>'),
    ("markdown javascript link", "[click](javascript:alert(1))"),
    ("markdown javascript image", "![x](javascript:alert(1))"),
    ("vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
    ("data url link", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'),
    ("data url image", '<img src="data:image/svg+xml,<svg onload=alert(1)>">'),
    ("iframe", '<iframe src="https://evil.example"></iframe>'),
    ("style element", "<style>body{display:none}</style>"),
    ("style attribute", '<p style="background:url(javascript:alert(1))">x</p>'),
    ("style on table cell", '<table><tr><td style="position:fixed;top:0">x</td></tr></table>'),
    ("form", '<form action="https://evil.example"><input name="password"><button>Go</button></form>'),
    ("svg onload", "<svg onload=alert(1)><circle r=1 /></svg>"),
    ("math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("object", '<object data="evil.swf"></object>'),
    ("embed", '<embed src="evil.swf">'),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'),
    ("base", '<base href="https://evil.example/">'),
    ("link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("attr_list handler", "## Title {: onclick=alert(1) }"),
    ("attr_list style", "Para text\n{: style=color:red }"),
    ("target blank", '<a href="https://x.example" target="_blank">x</a>'),
    ("srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
    ("comment", "<!-- <script>alert(1)</script> -->"),
    ("formaction", '<button formaction="javascript:alert(1)">x</button>'),
]

FORBIDDEN = re.compile(
    r"<\s*(script|iframe|style|form|input|button|svg|math|object|embed|meta|base|link|noscript)\b"
    r"|\son\w+\s*="
    r"|\sstyle\s*=\s*\"(?!text-align: (left|center|right);\")"
    r"|\starget\s*="
    r"|\ssrcdoc\s*="
    r"|(href|src)\s*=\s*\"\s*(javascript|vbscript|data):"
    r"|<!--",
    re.IGNORECASE,
)


@pytest.mark.parametrize(("name", "body"), HOSTILE, ids=[name for name, _ in HOSTILE])
def test_hostile_input_is_removed(name: str, body: str) -> None:
    html = str(render_markdown(body))
    assert not FORBIDDEN.search(html), html


def test_forbidden_pattern_catches_what_it_must() -> None:
    for unsafe in ("<script>", '<img onerror="x">', '<a href="javascript:x">', '<td style="top:0">'):
        assert FORBIDDEN.search(unsafe), unsafe


def test_safe_raw_html_is_kept() -> None:
    html = render_markdown(
        "Line one<br>Line two with <strong>bold</strong>\n\n<table><tr><td>1</td></tr></table>"
    )
    assert "<br>" in html
    assert "<strong>bold</strong>" in html
    assert "<td>1</td>" in html


def test_links_keep_safe_urls_and_get_no_rel() -> None:
    html = render_markdown(
        "[a](https://x.example/p?q=1&r=2) [b](mailto:jobs@x.example) [c](tel:+911234)"
        " [d](../benefits/) [e](#role)"
    )
    assert '<a href="https://x.example/p?q=1&amp;r=2">a</a>' in html
    assert 'href="mailto:jobs@x.example"' in html
    assert 'href="tel:+911234"' in html
    assert 'href="../benefits/"' in html
    assert 'href="#role"' in html
    assert "rel=" not in html


def test_result_is_markup_and_not_escaped_again() -> None:
    html = render_markdown("**bold** & <em>it</em>")
    assert isinstance(html, Markup)
    assert jinja2.Environment(autoescape=True).from_string("{{ body }}").render(body=html) == str(html)


@pytest.mark.parametrize("body", ["{{ x }}", "{% if true %}yes{% endif %}", "{# note #}", "{{ 7*7 }}"])
def test_template_syntax_is_shown_as_written(body: str) -> None:
    html = render_markdown(f"Use {body} here.")
    assert f"<p>Use {body} here.</p>" in html
    page = jinja2.Environment(autoescape=True).from_string("<main>{{ body }}</main>").render(body=html)
    assert body in page
    assert "49" not in page


def test_headings_start_at_h2_whatever_the_body_starts_with() -> None:
    assert render_markdown("# About").startswith('<h2 id="about">About</h2>')
    assert render_markdown("## About").startswith('<h2 id="about">About</h2>')
    assert render_markdown("#### About").startswith('<h2 id="about">About</h2>')


def test_heading_levels_are_never_skipped() -> None:
    html = render_markdown("# A\n\n### B\n\n#### C\n\n## D\n\n# E\n\n###### F")
    levels = re.findall(r"<h(\d)[^>]*>(\w)</h\1>", str(html))
    assert levels == [("2", "A"), ("3", "B"), ("4", "C"), ("3", "D"), ("2", "E"), ("3", "F")]


def test_no_h1_survives_even_from_raw_html() -> None:
    html = render_markdown('<h1 title="<h1>">Raw</h1>\n\n# Next\n\n<h2>Sub</h2>')
    assert "<h1" not in html
    assert re.findall(r"<(/?)h(\d)", str(html)) == [
        ("", "2"),
        ("/", "2"),
        ("", "2"),
        ("/", "2"),
        ("", "3"),
        ("/", "3"),
    ]


def test_heading_ids_are_slugs() -> None:
    html = render_markdown(
        "## Role overview\n\n## What we offer!\n\n## Role overview\n\n## Café & Co\n\n## ऑफिस"
    )
    assert '<h2 id="role-overview">Role overview</h2>' in html
    assert 'id="what-we-offer"' in html
    assert 'id="role-overview_1"' in html
    assert 'id="cafe-co"' in html
    assert '<h2 id="ऑफ' in html  # non-Latin headings get a Unicode slug, not "_1"


# careersite's converter skips toc's table of contents when no [TOC] marker asks for it, and
# hands the inline processor its patterns as a list: its HTML must stay stock Python-Markdown's.
_STOCK = markdown.Markdown(
    extensions=[
        TableExtension(), FencedCodeExtension(), AttrListExtension(), TocExtension(slugify=_heading_slug),
        SaneListExtension(),
    ],
    output_format="html",
)  # fmt: skip

TRICKY_HEADINGS = [
    "## Role overview\n\n## Role overview\n\n## Role overview_1\n\n## Role overview",
    "## Apply {: #role-overview }\n\n## Role overview\n\n# Top\n\n###### Deep",
    "## <em>Raw</em> HTML &amp; entities &copy; <b>bold</b>\n\n## `code` and [a link](/x) and *em*",
    "## !!!\n\n## ???\n\n## ऑफिस और टीम\n\n## 面试流程\n\nSetext\n======\n\nAnother\n-------",
    "## Label {: data-toc-label='Short' }\n\n## Escaped \\*stars\\* and \\# hash",
    "> ## Quoted heading\n>\n> text\n\n- ## Heading in a list\n\n<h2>Raw block heading</h2>",
    "[TOC]\n\n## One\n\n### Two\n\n## Three",
    "Intro\n\n- [TOC]\n\n## Marker in a list item",
    "```\n[TOC]\n```\n\n    [TOC]\n\n## The marker in code only",
    "Text [TOC] inside a sentence\n\n  [TOC]  \n\n## After a spaced marker",
    "| A | B |\n|---|--:|\n| [TOC] | `x` |\n\n## Table first",
    '# Title {: title="a\\>b" }\n\n# Title',  # an escape in an attribute: toc cuts the tag there
    "# Bare {: hidden }\n\n## Bare {% raw %}",  # attributes without a value
]


@pytest.mark.parametrize("text", TRICKY_HEADINGS)
def test_conversion_is_stock_python_markdown(text: str) -> None:
    assert _MARKDOWN.reset().convert(text) == _STOCK.reset().convert(text)


_PIECES = st.sampled_from(
    ["## ", "# ", "### ", "[TOC]", "\n", "\n\n", "word ", "Role ", "{: #role }", "`x` ", "*em* ", "**b** ",
     "<b>", "</b>", "&amp; ", "&copy;", "[l](/u) ", "- ", "1. ", "> ", "    ", "```\n", "| a | b |\n",
     "|---|---|\n", "\\*", "_", "ऑफ ", "\n===\n", "<h3>x</h3>\n", "a  b ", "\t", "Ünï ", '{: title="a\\>b" }']
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_conversion_is_stock_python_markdown_for_any_mix(text: str) -> None:
    assert _MARKDOWN.reset().convert(text) == _STOCK.reset().convert(text)


def test_attribute_list_sets_an_id() -> None:
    assert '<h2 id="apply">How to apply</h2>' in render_markdown("## How to apply {: #apply }")


def test_tables_keep_alignment_as_the_exact_safe_style() -> None:
    html = render_markdown("| Level | Pay |\n|:--|--:|\n| L4 | ₹35L |")
    assert '<th style="text-align: left;">Level</th>' in html
    assert '<td style="text-align: right;">₹35L</td>' in html
    assert "<thead>" in html
    assert "<tbody>" in html


def test_fenced_code_is_escaped_text() -> None:
    html = render_markdown("```python\nif a < b and c > d:\n    print('<script>')\n```")
    assert "<pre><code>" in html
    assert "&lt;script&gt;" in html
    assert "<script" not in html


def test_sane_lists_and_definition_free_markup() -> None:
    html = render_markdown("1. one\n2. two\n\n- a\n- b")
    assert "<ol>\n<li>one</li>" in html
    assert "<ul>\n<li>a</li>" in html


def test_instance_is_reset_between_documents() -> None:
    render_markdown("## Same\n\n[ref]: https://x.example")
    html = render_markdown("## Same\n\n[link][ref]")
    assert 'id="same"' in html
    assert "x.example" not in html


def test_summarize_takes_the_first_paragraph() -> None:
    html = render_markdown(
        "## About\n\nWe build &amp; ship <b>payments</b>\nfor   India.\n\nSecond paragraph."
    )
    assert summarize(str(html)) == "We build & ship payments for India."


def test_summarize_skips_paragraphs_inside_lists() -> None:
    html = render_markdown("- item one\n\n- item two\n\nThe real paragraph.")
    assert summarize(str(html)) == "The real paragraph."


def test_summarize_without_paragraph_is_empty() -> None:
    assert summarize(str(render_markdown("## Only a heading\n\n- and a list"))) == ""


def test_summarize_cuts_at_a_word_boundary() -> None:
    text = "PaySecure is a licensed payment aggregator processing five hundred crore rupees every month."
    summary = summarize(f"<p>{text}</p>", limit=40)
    assert summary == "PaySecure is a licensed payment…"
    assert len(summary) <= 40


def test_summarize_keeps_short_text_whole() -> None:
    assert summarize("<p>Short and sweet.</p>", limit=17) == "Short and sweet."


def test_summarize_cuts_one_long_word() -> None:
    summary = summarize("<p>" + "a" * 300 + "</p>", limit=10)
    assert summary == "a" * 9 + "…"


def test_summarize_drops_trailing_punctuation_before_the_ellipsis() -> None:
    assert summarize("<p>One two, three four five six</p>", limit=10) == "One two…"
