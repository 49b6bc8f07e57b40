import pytest

from katalog import urls
from katalog.content.markup import MarkdownRenderer


@pytest.fixture(scope="module")
def renderer():
    return MarkdownRenderer(link_address=urls.content_link)


def render(renderer, text, kind="innovation", slug="sipput"):
    body, errors = renderer.render(text, path="content/x.md", first_line=6, own_kind=kind, own_slug=slug)
    return body, [str(error) for error in errors]


def test_links_between_content_files_become_relative_urls(renderer):
    body, errors = render(renderer, "[A](data-go.md) [B](../pages/tentang.md#visi) [C](#cara-kerja) "
                                    "[D](../files/panduan.pdf)\n\n## Cara Kerja\n")
    assert errors == []
    assert '<a href="../data-go/index.html">A</a>' in body.html
    assert '<a href="../../tentang/index.html#visi">B</a>' in body.html
    assert '<a href="#cara-kerja">C</a>' in body.html
    assert '<a href="../../files/panduan.pdf">D</a>' in body.html
    assert [(link.kind, link.slug, link.fragment) for link in body.links] == [
        ("innovation", "data-go", ""), ("page", "tentang", "visi"), ("innovation", "sipput", "cara-kerja"),
        ("file", "panduan.pdf", "")]


def test_links_from_a_free_page(renderer):
    body, errors = render(renderer, "[S](../innovations/sipput.md) [K](kontak.md)", kind="page", slug="tentang")
    assert errors == []
    assert 'href="../inovasi/sipput/index.html"' in body.html and 'href="../kontak/index.html"' in body.html


def test_headings_get_ids_and_must_not_skip_levels(renderer):
    body, errors = render(renderer, "Intro\n\n# Judul\n\n## Latar Belakang\n\n#### Rinci\n")
    assert [(h.level, h.id, h.text) for h in body.headings] == [
        (1, "judul", "Judul"), (2, "latar-belakang", "Latar Belakang"), (4, "rinci", "Rinci")]
    assert '<h2 id="latar-belakang">' in body.html
    assert errors == [
        "content/x.md:8: heading 'Judul' is level 1 (the title is the page's only level-1 heading: "
        "start body headings at '##')",
        "content/x.md:12: heading 'Rinci' skips from level 2 to 4 (use ###)",
    ]


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<img src="x" onerror="alert(1)" alt="x">',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "[x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
])
def test_no_script_survives(renderer, text):
    body, _ = render(renderer, text)
    html = body.html.lower()
    for bad in ("<script", "javascript:", "onerror", "onload", "<iframe", "data:", "style="):
        assert bad not in html


def test_unsafe_markdown_links_are_errors(renderer):
    _, errors = render(renderer, "[x](javascript:alert(1))")
    assert errors == ["content/x.md:6: link to 'javascript:alert(1)' is not allowed "
                      "(use an http(s), mailto: or tel: address)"]


def test_images_need_alt_text_and_links_need_text(renderer):
    _, errors = render(renderer, "Teks\n\n![](../files/a.png)\n\n[](data-go.md)\n")
    assert errors == [
        "content/x.md:8: image has no alt text (describe the image between the brackets: "
        "![what it shows](address))",
        "content/x.md:10: link has no text (write the text between the brackets: [text](address))",
    ]


def test_links_that_are_not_content_files_are_errors(renderer):
    _, errors = render(renderer, "[a](/opd/dlh/) [b](../../etc/passwd.md) [c](lain.txt)")
    assert len(errors) == 3 and all("is not a content file" in error for error in errors)


def test_tables_render_with_align_attributes(renderer):
    body, _ = render(renderer, "| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<th align="left">a</th>' in body.html and '<td align="right">2</td>' in body.html


def test_the_renderer_is_reusable_without_leaking_state(renderer):
    first, _ = render(renderer, "## Satu\n")
    second, _ = render(renderer, "## Satu\n")
    assert first == second


def test_raw_html_may_format_but_not_link_embed_or_head(renderer):
    body, errors = render(renderer, "Teks <b>tebal</b>.\n\n<a href=\"nope.md\">x</a>\n\n"
                                    "<img src=\"https://tracker.example/x.png\">\n\n<h5 id=\"Sumber\">Z</h5>\n")
    assert "<b>tebal</b>" in body.html
    assert errors == [
        "content/x.md:8: raw HTML <a> is not allowed (write a Markdown link: [text](address))",
        "content/x.md:10: raw HTML <img> is not allowed (write an image as ![what it shows](address))",
        "content/x.md:12: raw HTML <h5> is not allowed (write headings in Markdown: ## Heading)",
    ]


def test_lines_follow_document_order(renderer):
    _, errors = render(renderer, "Lihat a.md di sini.\n\n## A\n\nB\n---\n\n#### C\n\n[x](javascript:1)\n\n"
                                 "[y](javascript:1)\n")
    assert errors == [
        "content/x.md:13: heading 'C' skips from level 2 to 4 (use ###)",
        "content/x.md:15: link to 'javascript:1' is not allowed (use an http(s), mailto: or tel: address)",
        "content/x.md:17: link to 'javascript:1' is not allowed (use an http(s), mailto: or tel: address)",
    ]


def test_fenced_code_is_not_a_heading(renderer):
    body, errors = render(renderer, "```\n# komentar\n```\n")
    assert errors == [] and "<pre><code># komentar" in body.html


def test_slow_markdown_is_refused_in_bounded_time(slow_markdown, monkeypatch):
    import time
    from katalog.content import markup
    monkeypatch.setattr(markup, "TIME_LIMIT_SECONDS", 0.2)
    renderer = MarkdownRenderer(link_address=urls.content_link)  # made with the spinning Markdown
    started = time.perf_counter()
    body, errors = render(renderer, f"## Awal\n\n{slow_markdown}\n")
    assert time.perf_counter() - started < 2
    assert body.html == ""
    assert errors == ["content/x.md:6: Markdown took more than 0.2 s to render "
                      "(look for long runs of [ or < and simplify them)"]
    body, errors = render(renderer, "## Pulih\n")  # the renderer is usable again, and its alarm is off
    assert errors == [] and '<h2 id="pulih">Pulih</h2>' in body.html
    time.sleep(0.3)  # a timer left running would interrupt this


def test_an_address_that_cannot_be_parsed_is_an_error(renderer):
    # urlsplit raises on an unclosed '[' (an IPv6 host): this was a ValueError.
    body, errors = render(renderer, "[a](http://[x) dan ![b](//[)\n")
    hint = "(check the brackets: '[' and ']' belong only around an IPv6 address)"
    assert errors == [f"content/x.md:6: link to '//[' is not a valid address {hint}",
                      f"content/x.md:6: link to 'http://[x' is not a valid address {hint}"]
    assert "[" not in body.html
