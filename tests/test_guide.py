"""The editors' guide, content/pages/panduan-*.md: it names every field the schema has,
every message it quotes is what the tool prints for the broken input it describes, and
the page builds with the real content."""
from __future__ import annotations

import html
import re
import types
import typing

import pytest

import build
from conftest import ROOT, real_content, write_tree
from katalog.content import schema
from katalog.content.load import PUBLISHED_FILE_TYPES
from katalog import urls
from katalog.content.markup import MarkdownRenderer
from katalog.content.completeness import RECOMMENDED_SECTIONS
from katalog.tools.scaffold import slug_from_title

# The guide is a part of the real content: every test here reads it.
pytestmark = pytest.mark.real_content

# The guide's pages, in the order of its contents: read as one text, so each message is quoted somewhere in it.
GUIDE_PAGES = ("panduan-editor", "panduan-bidang", "panduan-galat", "panduan-iid", "panduan-peramban")
GUIDE = "\n".join((real_content() / "pages" / f"{page}.md").read_text(encoding="utf-8") for page in GUIDE_PAGES)
# The guide without its code blocks, so that '## Latar Belakang' in an example is no heading.
PROSE = re.sub(r"^```.*?^```$", "", GUIDE, flags=re.MULTILINE | re.DOTALL)

# The records the guide's examples refer to: the lead agency dlh, the award iga-2019, the
# entries Si Cantik and Data Go (with its real headings), and SIPPUT.
BASE = {
    "agencies.yaml": """\
        - id: dlh
          name: Dinas Lingkungan Hidup
          short: DLH
          kind: opd
        - id: dinkes
          name: Dinas Kesehatan
          short: Dinkes
          kind: opd
        - id: dpmptsp
          name: Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu
          short: DPMPTSP
          kind: opd
        - id: diskominsta
          name: Dinas Komunikasi, Informatika dan Statistik
          short: Diskominsta
          kind: opd
        """,
    "awards.yaml": """\
        - id: iga-2019
          name: Innovative Government Award
          year: 2019
          giver: Kementerian Dalam Negeri
        """,
    "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: Layanan sampah.\n---\n\nTeks.\n",
    "innovations/si-cantik.md": "---\ntitle: Si Cantik\nagency: dpmptsp\nsummary: Layanan perizinan.\n---\n\nTeks.\n",
    "innovations/data-go.md": "---\ntitle: Data Go\nagency: diskominsta\nsummary: Portal data.\n---\n\nTeks.\n\n"
                              "## Hasil dan Dampak\n\nTeks.\n\n## Langkah Replikasi\n\nTeks.\n",
}
ENTRY = "innovations/contoh-inovasi.md"
SHOWN = "content/" + ENTRY


def entry(fields: str, body: str = "Teks.\n") -> dict[str, str]:
    """The guide's example entry with ``fields`` after its title and agency."""
    return {ENTRY: f"---\ntitle: Contoh Inovasi\nagency: dlh\n{fields}---\n\n{body}"}


SUMMARY = "summary: Ringkasan layanan.\n"

# Each message the guide quotes from `check`, and the broken input that makes the tool print
# it (on BASE, as the only error of the run).
CHECK_CASES: dict[str, dict[str, str | bytes]] = {
    # 1. front matter
    f"{SHOWN}:1: front matter is not closed (add a line '---' after the last field)":
        {ENTRY: "---\ntitle: Contoh Inovasi\nagency: dlh\nsummary: Ringkasan layanan.\n\n## Latar Belakang\n"},
    f"{SHOWN}:1: file does not start with front matter "
    "(make the first line '---', then the fields, then a line '---')":
        {ENTRY: "\n---\ntitle: Contoh Inovasi\nagency: dlh\nsummary: Ringkasan layanan.\n---\n\nTeks.\n"},
    # 2. a colon in a value
    f"{SHOWN}:4: YAML syntax: mapping values are not allowed in this context "
    "(put text that contains ': ' in quotes)":
        entry("summary: Layanan baru: warga mengurus izin dari rumah.\n"),
    # 3. a tab
    f"{SHOWN}:6: YAML syntax: found character that cannot start any token (indent with spaces, not tabs)":
        entry(SUMMARY + "sources:\n\t- publisher: ANTARA\n"),
    # 4. unknown fields
    f"{SHOWN}:5: unknown field 'partner' (did you mean 'partners'?)":
        entry(SUMMARY + "partner: [dinkes]\n"),
    f"{SHOWN}:5: unknown field 'tahun' (allowed: title, agency, summary, also_known_as, partners, year, "
    "stage, type, form, initiator, trial_date, implementation_date, sector, awards, tags, contact, website, "
    "documents, image, sources, replications, status, evidence, updated, draft, aliases)":
        entry(SUMMARY + "tahun: 2019\n"),
    f"{SHOWN}:5: unknown field 'sumber' (did you mean 'summary'?)":
        entry(SUMMARY + "sumber:\n  - publisher: ANTARA\n"),
    # 5. required fields
    f"{SHOWN}:2: summary: required field is missing (add 'summary: ...')":
        entry(""),
    f"{SHOWN}:6: sources.0.publisher: required field is missing (add 'publisher: ...')":
        entry(SUMMARY + "sources:\n  - title: Berita peluncuran layanan\n    date: 2022-05-26\n"),
    # 6. unknown ids
    f"{SHOWN}:3: agency: unknown agency 'dlhx' (did you mean 'dlh'?)":
        {ENTRY: "---\ntitle: Contoh Inovasi\nagency: dlhx\nsummary: Ringkasan layanan.\n---\n\nTeks.\n"},
    f"{SHOWN}:3: agency: 'DLH' is not a valid id "
    "(use lowercase letters, digits and single hyphens, e.g. dinas-kesehatan; whether it names a known agency is "
    "checked once it is a valid id)":
        {ENTRY: "---\ntitle: Contoh Inovasi\nagency: DLH\nsummary: Ringkasan layanan.\n---\n\nTeks.\n"},
    f"{SHOWN}:5: awards: unknown award 'iga2019' (did you mean 'iga-2019'?)":
        entry(SUMMARY + "awards: [iga2019]\n"),
    # 7. a value outside the choices
    f"{SHOWN}:5: stage: expected one of inisiatif, uji-coba, penerapan, found 'uji coba' "
    "(did you mean 'uji-coba'?)":
        entry(SUMMARY + "stage: uji coba\n"),
    # 8. dates
    f"{SHOWN}:7: sources.0.date: expected a date (YYYY-MM-DD), found '26 Mei 2022' "
    "(write the date as YYYY-MM-DD)":
        entry(SUMMARY + "sources:\n  - publisher: ANTARA\n    date: 26 Mei 2022\n"),
    f"{SHOWN}:5: updated: '2026-11-31' is not a valid date (write an existing date as YYYY-MM-DD)":
        entry(SUMMARY + "updated: 2026-11-31\n"),
    # 9. links
    f"{SHOWN}:7: link to missing file 'innovations/si-cantk.md' (did you mean 'si-cantik.md'?)":
        entry(SUMMARY, "Layanan ini mirip [Si Cantik](si-cantk.md).\n"),
    f"{SHOWN}:7: link to 'data-go.md#replikasi': no such heading (did you mean 'langkah-replikasi'?)":
        entry(SUMMARY, "Lihat [langkah replikasi Data Go](data-go.md#replikasi).\n"),
    f"{SHOWN}:7: link to '/inovasi/si-cantik/' is not a content file (link to an entry as sipput.md, "
    "a page as ../pages/tentang.md, a file as ../files/name.pdf)":
        entry(SUMMARY, "Layanan ini mirip [Si Cantik](/inovasi/si-cantik/).\n"),
    # 10. files and alt text
    f"{SHOWN}:7: documents: file 'files/contoh-inovasi/panduan.pdf' does not exist "
    "(put the file under content/files/)":
        entry(SUMMARY + "documents:\n  - title: Panduan layanan\n    file: contoh-inovasi/panduan.pdf\n"),
    f"{SHOWN}:7: documents: file 'files/content/files/contoh-inovasi/panduan.pdf' does not exist "
    "(did you mean 'contoh-inovasi/panduan.pdf'?)": {
        **entry(SUMMARY + "documents:\n  - title: Panduan layanan\n"
                          "    file: content/files/contoh-inovasi/panduan.pdf\n"),
        "files/contoh-inovasi/panduan.pdf": b"%PDF-1.4\n"},
    f"{SHOWN}:7: image has no alt text (describe the image between the brackets: ![what it shows](address))": {
        **entry(SUMMARY, "![](../files/contoh-inovasi/foto.jpg)\n"),
        "files/contoh-inovasi/foto.jpg": b"\xff\xd8\xff"},
    # other errors
    f"{SHOWN}:4: summary: 312 characters, more than 300 (shorten it to one or two plain sentences)":
        entry("summary: " + "x" * 312 + "\n"),
    f"{SHOWN}:7: heading 'Latar Belakang' is level 1 "
    "(the title is the page's only level-1 heading: start body headings at '##')":
        entry(SUMMARY, "# Latar Belakang\n\nTeks.\n"),
    f"{SHOWN}:5: website: 'www.magelangkota.go.id' is not an http(s) address "
    "(write the full address, e.g. https://magelangkota.go.id/)":
        entry(SUMMARY + "website: www.magelangkota.go.id\n"),
    f"{SHOWN}:6: duplicate key 'stage' (first on line 5) (keep one of them)":
        entry(SUMMARY + "stage: uji-coba\nstage: penerapan\n"),
    "content/innovations/Contoh Inovasi.md: file name 'Contoh Inovasi' is not a valid id "
    "(name it with lowercase letters, digits and single hyphens, e.g. si-cantik.md)":
        {"innovations/Contoh Inovasi.md": "---\ntitle: Contoh Inovasi\nagency: dlh\nsummary: x\n---\n"},
    "content/files/contoh-inovasi/foto.heic: file type 'heic' is not published (allowed: avif, csv, doc, "
    "docx, gif, jpeg, jpg, odp, ods, odt, pdf, png, ppt, pptx, txt, webp, xls, xlsx, zip)":
        {"files/contoh-inovasi/foto.heic": b"\x00\x00\x00\x18ftypheic"},
    f"{SHOWN}:4: not UTF-8 (byte 0x93 at offset 65) (save the file as UTF-8 in your editor)":
        {ENTRY: "---\ntitle: Contoh Inovasi\nagency: dlh\nsummary: Warga menyebutnya \u201clayanan cepat\u201d.\n"
                "---\n\nTeks.\n".encode("cp1252")},
    "content/innovations/sipput.md:7: link to 'innovations/contoh-inovasi.md', which is a draft "
    "(publish it (remove draft: true) or build with --drafts)": {
        **entry(SUMMARY + "draft: true\n"),
        "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: Layanan sampah.\n---\n\n"
                                 "Lihat [Contoh Inovasi](contoh-inovasi.md).\n"},
}

# Each other line of tool output the guide quotes: the command, the exit code, and the stream.
COMMAND_CASES: dict[str, tuple[list[str], int, str]] = {
    "wrote content/innovations/contoh-inovasi.md: fill in the fields, then preview it: "
    "python build.py serve --drafts": (["new", "Contoh Inovasi", "--agency", "dlh"], 0, "out"),
    "build.py: content/innovations/si-cantik.md already exists: edit it, or choose another name":
        (["new", "Si Cantik", "--agency", "dpmptsp"], 2, "err"),
    "build.py: unknown agency 'dlhx' in content/agencies.yaml (did you mean 'dlh'?)":
        (["new", "Contoh Inovasi", "--agency", "dlhx"], 2, "err"),
    "build.py: content directory 'konten' not found (use --content DIR)":
        (["check", "--content", "konten"], 2, "err"),
}


def quoted_output() -> list[str]:
    """Every line of the guide's ```text blocks: what the tool prints, quoted."""
    blocks = re.findall(r"^```text\n(.*?)^```$", GUIDE, flags=re.MULTILINE | re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def section(heading: str) -> str:
    """The prose under ``heading`` (a whole line, e.g. '## Semua bidang') up to the next heading
    of the same or a higher level."""
    level = len(heading.partition(" ")[0])
    before, found, after = PROSE.partition(f"\n{heading}\n")
    assert found, f"the guide has no heading '{heading}'"
    end = re.search(rf"^#{{1,{level}}} ", after, flags=re.MULTILINE)
    return after[:end.start()] if end else after


def field_items(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """The '- `field` — ...' items of a section, each with its nested '    - `field` — ...' items."""
    items: dict[str, tuple[str, dict[str, str]]] = {}
    current = None
    for line in text.splitlines():
        top = re.match(r"- `(\w+)` — (.*)", line)
        nested = re.match(r" {4}- `(\w+)` — (.*)", line)
        if top:
            current = top[1]
            assert current not in items, f"'{current}' is described twice"
            items[current] = (top[2], {})
        elif nested:
            assert current, f"nested item '{nested[1]}' has no parent"
            items[current][1][nested[1]] = nested[2]
    return items


def assert_describes(record: type, items: dict[str, str]) -> None:
    """``items`` names the editable fields of ``record`` in order, marks exactly the required ones
    **wajib**, and lists every allowed value of a field with a closed list of values."""
    fields = schema.editable_fields(record)
    assert list(items) == [field.name for field in fields], \
        f"the guide's fields of {record.__name__} differ from schema.py"
    hints = typing.get_type_hints(record)
    for field in fields:
        text = items[field.name]
        assert ("**wajib**" in text) == field.metadata["required"], \
            f"{record.__name__}.{field.name}: 'wajib' should be {'there' if field.metadata['required'] else 'absent'}"
        annotation = hints[field.name]
        if isinstance(annotation, types.UnionType):
            annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
        if isinstance(annotation, type) and issubclass(annotation, schema.Vocabulary):
            assert all(f"`{member.value}`" in text for member in annotation), \
                f"{record.__name__}.{field.name}: not every allowed value is named"


# --- the messages ------------------------------------------------------------------------

def test_the_guide_quotes_exactly_the_messages_this_test_reproduces():
    quoted = quoted_output()
    assert len({line for line in quoted if line.startswith("content/")}) >= 10
    assert set(quoted) == set(CHECK_CASES) | set(COMMAND_CASES), \
        "a message in the guide has no case here, or a case here is not in the guide"


def test_ten_numbered_errors_each_with_its_message():
    errors = section("## Sepuluh galat yang paling mungkin")
    numbered = re.findall(r"^### (\d+)\. ", errors, flags=re.MULTILINE)
    assert numbered == [str(number) for number in range(1, 11)]
    guide_errors = GUIDE.partition("\n## Sepuluh galat yang paling mungkin\n")[2]
    for number in range(1, 11):
        part = re.split(r"^### ", guide_errors, flags=re.MULTILINE)[number + 1]  # after "Cara membaca"
        assert part.startswith(f"{number}. ") and "```text\ncontent/" in part, f"error {number} quotes no message"


@pytest.mark.parametrize("message", list(CHECK_CASES))
def test_check_prints_the_quoted_message(tmp_path, monkeypatch, capsys, message):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "content", {**BASE, **CHECK_CASES[message]})
    code = build.main(["check", "--content", "content"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [message, "1 error; nothing was written"]


@pytest.mark.parametrize("message", list(COMMAND_CASES))
def test_commands_print_the_quoted_message(tmp_path, monkeypatch, capsys, message):
    argv, expected_code, stream = COMMAND_CASES[message]
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "content", BASE)
    code = build.main(argv)
    captured = capsys.readouterr()
    assert code == expected_code
    assert getattr(captured, stream).splitlines() == [message]


def test_a_new_entry_is_as_the_guide_says(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "content", BASE)
    assert build.main(["new", "Contoh Inovasi", "--agency", "dlh"]) == 0
    text = (tmp_path / "content" / ENTRY).read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\ndraft: true\n" in text
    assert "\n# year: " in text  # optional fields are commented out with '# '
    assert all(f"\n## {name}\n" in text for name in RECOMMENDED_SECTIONS)
    capsys.readouterr()
    assert build.main(["check", "--content", "content"]) == 0  # a draft is left out, and checks clean
    assert slug_from_title("Siap Uji KIR Online") == "siap-uji-kir-online"


def test_heading_ids_follow_the_guide():
    body, errors = MarkdownRenderer(link_address=urls.content_link).render(
        "## Cara Kerja\n\n## Sumber Daya dan Biaya\n\n## Langkah Replikasi\n\n## Cara Kerja\n",
        path="x.md", first_line=1, own_kind="innovation", own_slug="x")
    assert errors == []
    assert [heading.id for heading in body.headings] == [
        "cara-kerja", "sumber-daya-dan-biaya", "langkah-replikasi", "cara-kerja_1"]
    for fragment in ("#cara-kerja", "#sumber-daya-dan-biaya", "#langkah-replikasi", "`_1`"):
        assert fragment in GUIDE


# --- the fields --------------------------------------------------------------------------

def test_every_field_of_an_innovation_is_described():
    items = field_items(section("### Bidang entri inovasi"))
    assert_describes(schema.Innovation, {name: text for name, (text, _) in items.items()})
    for name, record in (("contact", schema.Contact), ("documents", schema.Document), ("sources", schema.Source),
                         ("replications", schema.Replication)):
        assert_describes(record, items[name][1])


@pytest.mark.parametrize("heading, record", [
    ("### Data OPD: agencies.yaml", schema.Agency),
    ("### Data penghargaan: awards.yaml", schema.Award),
    ("### Data angka kota: indikator.yaml", schema.Indicator),
    ("### Halaman bebas", schema.Page),
    ("### Pengaturan situs: site.yaml", schema.Settings),
])
def test_every_field_of_the_other_files_is_described(heading, record):
    assert_describes(record, {name: text for name, (text, _) in field_items(section(heading)).items()})


def test_the_repository_settings_are_described():
    items = field_items(section("### Pengaturan situs: site.yaml"))
    assert_describes(schema.Repository, items["repository"][1])


def test_recommended_sections_file_types_and_commands_are_named():
    assert all(f"`## {name}`" in section("### Badan teks") for name in RECOMMENDED_SECTIONS)
    files = section("## Gambar dan dokumen")
    assert [kind for kind in sorted(PUBLISHED_FILE_TYPES) if f"`{kind}`" not in files] == []
    # The proposal form's commands are explained on its own page, for the catalogue's maintainers.
    proposals = (real_content() / "pages" / "usulan-inovasi.md").read_text(encoding="utf-8")
    for command in build.COMMANDS[1:]:
        assert f"python build.py {command}" in (proposals if command in ("forms", "propose") else GUIDE)


# --- the page ----------------------------------------------------------------------------

def test_the_guide_builds_with_the_real_content(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert build.main(["check"]) == 0
    out = tmp_path / "site"
    assert build.main(["build", "--out", str(out), "--no-search"]) == 0
    capsys.readouterr()
    pages = {name: (out / name / "index.html").read_text(encoding="utf-8") for name in GUIDE_PAGES}
    assert "<h1>Panduan Editor</h1>" in pages["panduan-editor"]
    assert all(f'href="../{name}/index.html"' in pages["panduan-editor"] for name in GUIDE_PAGES[1:])  # its contents
    for name, headings in (("panduan-editor", ("Sebelum mulai", "Menambah inovasi", "Mengubah inovasi",
                                                "Menyunting lewat peramban", "Sebelum commit")),
                           ("panduan-bidang", ("Semua bidang", "Tautan antarentri", "Gambar dan dokumen",
                                               "Skema untuk editor teks")),
                           ("panduan-galat", ("Sepuluh galat yang paling mungkin",)),
                           ("panduan-iid", ("Isian profil", "Status", "Bukti dukung")),
                           ("panduan-peramban", ("Membuka penyunting", "Menambah inovasi", "Bidang wajib",
                                                 "Mengubah inovasi", "Data katalog"))):
        for heading in headings:
            slug = heading.lower().replace(" ", "-")
            assert f'<h2 id="{slug}">{heading}</h2>' in pages[name], (name, heading)
    page = "".join(pages.values())
    # The body only: the page's own "edit" link, once site.yaml names a repository, leads to a .md file.
    body = page.partition('<div class="body">')[2].partition('<footer class="case-footer"')[0]
    # Examples of link syntax are code, not links: no link leads to a .md file or into files/.
    assert [href for href in re.findall(r'href="([^"]*)"', body) if ".md" in href or "files/" in href] == []
    for line in quoted_output():
        assert html.escape(line, quote=False) in body


def test_the_iid_guide_s_table_is_iid_yaml_s_profile():
    """panduan-iid.md's table "IID field -> where in the entry" says what content/iid.yaml says."""
    from katalog.content.catalogue import build_catalogue
    from katalog.content.load import load
    iid = build_catalogue(load(real_content(), shown_as="content")).iid
    rows = re.findall(r"^\| (\d+) \| (.+?) \| (.+?) \|$", GUIDE.partition("## Isian profil")[2], re.M)
    assert rows == [(str(number), item.name, f"bidang `{item.field}`" if item.field else
                     f"bagian `## {item.section}`" + (f", paling sedikit {item.min_words} kata" if item.min_words else ""))
                    for number, item in enumerate(iid.profile, 1)]
    assert all(f"| `{indicator.id}` | {indicator.name} |" in GUIDE for indicator in iid.indicators)
