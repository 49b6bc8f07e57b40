"""The loader on whole content trees: what it accepts, what it refuses, and where it says so."""
import os

import pytest

from katalog import schema
from katalog.load import load


def errors_of(root):
    return [str(error) for error in load(root / "content", shown_as="content").errors]


def test_minimal_site_loads_with_defaults(site_dir):
    content = load(site_dir.root / "content", shown_as="content")
    assert content.site == schema.Site()
    assert [agency.id for agency in content.agencies] == ["dlh", "dinkes"]
    entry = content.innovations[0]
    assert (entry.slug, entry.title, entry.agency, entry.stage, entry.partners) == ("sipput", "SIPPUT", "dlh", None, ())
    assert entry.origin.line_of("agency") == 3
    assert entry.body.headings[0].id == "cara-kerja"


def test_every_field_is_typed(site_dir):
    site_dir({"innovations/sipput.md": """\
        ---
        title: SIPPUT
        agency: dlh
        summary: Layanan sampah.
        also_known_as: [Si Pput]
        partners: [dinkes]
        year: 2019
        stage: uji-coba
        type: non-digital
        sector: lingkungan-hidup
        awards: [iga-2019]
        tags: [sampah]
        contact: {name: Bidang Kebersihan, phone: "0293 123", email: dlh@example.go.id}
        website: https://example.go.id/sipput
        sources:
          - {publisher: ANTARA, date: 2022-05-26}
        updated: 2026-11-27
        aliases: [/inovasi/sipput-lama/]
        ---
        """})
    entry = load(site_dir.root / "content", shown_as="content").innovations[0]
    assert entry.stage is schema.Stage.UJI_COBA and entry.type is schema.InnovationType.NON_DIGITAL
    assert entry.contact == schema.Contact(name="Bidang Kebersihan", phone="0293 123", email="dlh@example.go.id")
    assert entry.sources[0].date.isoformat() == "2022-05-26"
    assert entry.aliases == ("inovasi/sipput-lama/",)
    assert entry.origin.line_of("sources.0.date") == 16


@pytest.mark.parametrize("front_matter, error", [
    ("summary: " + "x" * 301, "content/innovations/sipput.md:4: summary: 301 characters, more than 300 "
                              "(shorten it to one or two plain sentences)"),
    ("summary: x\nwebsite: javascript:alert(1)", "content/innovations/sipput.md:5: website: 'javascript:alert(1)' "
     "is not an http(s) address (write the full address, e.g. https://magelangkota.go.id/)"),
    ("summary: x\nimage: ../../etc/passwd", "content/innovations/sipput.md:5: image: '../../etc/passwd' is not a "
     "path under content/files/ (write it relative to content/files/, e.g. sipput/brosur.pdf)"),
    ("summary: x\nyear: 20", "content/innovations/sipput.md:5: year: 20 is not a plausible year "
     "(write the year with four digits, e.g. 2019)"),
    ("summary: x\ntags: sampah", "content/innovations/sipput.md:5: tags: expected a list, found text "
     "(write one '- item' per line)"),
    ("summary: x\ntags: [a, null]", "content/innovations/sipput.md:5: tags.1: list item is empty "
     "(fill it in or remove the line)"),
    ("summary: x\naliases:\n  -", "content/innovations/sipput.md:6: aliases.0: list item is empty "
     "(fill it in or remove the line)"),
    ("summary: 2020", "content/innovations/sipput.md:4: summary: expected text, found a number (2020) "
     "(put the value in quotes)"),
    ("summary: x\nsources:\n  - title: Berita", "content/innovations/sipput.md:6: sources.0.publisher: "
     "required field is missing (add 'publisher: ...')"),
    ("summary: x\ncontact: {nama: x}", "content/innovations/sipput.md:5: unknown field 'contact.nama' "
     "(did you mean 'contact.name'?)".replace("contact.name", "name")),
])
def test_field_errors(site_dir, front_matter, error):
    site_dir({"innovations/sipput.md": f"---\ntitle: SIPPUT\nagency: dlh\n{front_matter}\n---\n"})
    assert errors_of(site_dir.root) == [error]


@pytest.mark.parametrize("text, error", [
    ("---\ntitle: x\n", "content/innovations/sipput.md:1: front matter is not closed "
                        "(add a line '---' after the last field)"),
    ("---\n---\nbody\n", "content/innovations/sipput.md:1: front matter is empty "
                         "(add the required fields, e.g. title: ...)"),
    ("---\n- a\n- b\n---\n", "content/innovations/sipput.md:2: front matter: expected a mapping of "
                             "'field: value' lines, found a list"),
    ("+++\ntitle = 'x'\n+++\n", "content/innovations/sipput.md:1: file does not start with front matter "
                                "(make the first line '---', then the fields, then a line '---')"),
])
def test_front_matter_shape(site_dir, text, error):
    site_dir({"innovations/sipput.md": text})
    assert errors_of(site_dir.root) == [error]


def test_bom_crlf_and_rules_in_the_body_still_load(site_dir):
    site_dir({"innovations/sipput.md": "\ufeff---\r\ntitle: SIPPUT\r\nagency: dlh\r\nsummary: x\r\n---\r\n"
                                       "\r\nSatu\r\n\r\n---\r\n\r\nDua\r\n".encode()})
    entry = load(site_dir.root / "content", shown_as="content").innovations[0]
    assert "<hr>" in entry.body.html and "Dua" in entry.body.html


@pytest.mark.parametrize("name, error", [
    ("con.md", "content/innovations/con.md: file name 'con' is reserved on Windows (choose another name)"),
    ("a--b.md", "content/innovations/a--b.md: file name 'a--b' is not a valid id "
                "(name it with lowercase letters, digits and single hyphens, e.g. si-cantik.md)"),
    ("a" * 81 + ".md", f"content/innovations/{'a' * 81}.md: file name '{'a' * 20}...' is longer than 80 "
                       "characters (name it with lowercase letters, digits and single hyphens, e.g. si-cantik.md)"),
])
def test_file_names(site_dir, name, error):
    site_dir({f"innovations/{name}": "---\ntitle: x\nagency: dlh\nsummary: x\n---\n"})
    assert errors_of(site_dir.root) == [error]


def test_other_files_are_ignored(site_dir):
    site_dir({"innovations/sipput.md~": "backup", "innovations/.DS_Store": b"\x00\x01",
              "innovations/catatan.txt": "notes", "innovations/.#sipput.md": "lock"})
    assert [entry.slug for entry in load(site_dir.root / "content", shown_as="content").innovations] == ["sipput"]


def test_symbolic_links_and_case_twins_are_refused(site_dir):
    root = site_dir.root / "content"
    site_dir({"files/Foto.png": b"png", "files/foto.png": b"png"})
    os.symlink("/etc/passwd", root / "innovations" / "link.md")
    assert errors_of(site_dir.root) == [
        "content/files/foto.png: name differs only in case from 'files/Foto.png' "
        "(rename one of them: not every computer can tell them apart)",
        "content/innovations/link.md: symbolic links are not allowed in the content folder "
        "(replace the link with the file itself)",
    ]


def test_required_data_files(site_dir):
    site_dir({"awards.yaml": None, "agencies.yaml": "{}\n"})
    assert errors_of(site_dir.root) == [
        "content/agencies.yaml:1: expected a list of items, each starting with '- id: ...' (write [] for an empty list)",
        "content/awards.yaml: file is missing (create it; it may be an empty list: [])",
    ]


def test_agency_description_is_markdown(site_dir):
    site_dir({"agencies.yaml": "- id: dlh\n  name: Dinas Lingkungan Hidup\n  short: DLH\n"
                               "  description: Mengelola *sampah*, lihat [SIPPUT](innovations/sipput.md).\n"})
    agency = load(site_dir.root / "content", shown_as="content").agencies[0]
    assert agency.body.html == ('<p>Mengelola <em>sampah</em>, lihat '
                                       '<a href="../../inovasi/sipput/index.html">SIPPUT</a>.</p>')


def test_files_are_published_only_when_they_are_documents_or_images(site_dir):
    site_dir({"files/panduan.pdf": b"%PDF", "files/foto.JPG": b"jpg", "files/jahat.html": "<script>",
              "files/logo.svg": "<svg onload=alert(1)>", "files/.DS_Store": b"\x00"})
    allowed = "allowed: avif, csv, doc, docx, gif, jpeg, jpg, odp, ods, odt, pdf, png, ppt, pptx, txt, webp, xls, xlsx, zip"
    assert errors_of(site_dir.root) == [
        f"content/files/jahat.html: file type 'html' is not published ({allowed})",
        f"content/files/logo.svg: file type 'svg' is not published ({allowed})",
    ]


def test_markdown_outside_the_entry_folders_is_an_error(site_dir):
    site_dir({"innovation/typo.md": "---\ntitle: x\n---\n", "innovations/sub/x.md": "---\ntitle: x\n---\n"})
    hint = "(move it into content/innovations/ or content/pages/)"
    assert errors_of(site_dir.root) == [
        f"content/innovation/typo.md: Markdown file outside innovations/ and pages/ is not part of the site {hint}",
        f"content/innovations/sub/x.md: Markdown file outside innovations/ and pages/ is not part of the site {hint}",
    ]


def test_empty_optional_settings_take_their_defaults(site_dir):
    site_dir({"site.yaml": "title: Katalog\ndescription:\nbase_url:\n"})
    site = load(site_dir.root / "content", shown_as="content").site
    assert (site.title, site.description, site.base_url) == ("Katalog", "", "")


def test_block_text_errors_point_at_the_text(site_dir):
    site_dir({"agencies.yaml": "- id: dlh\n  name: Dinas Lingkungan Hidup\n  short: DLH\n  description: |\n"
                               "    Satu.\n\n    ![](files/x.png)\n- id: dinkes\n  name: Dinas Kesehatan\n  short: Dinkes\n"})
    assert errors_of(site_dir.root) == [
        "content/agencies.yaml:7: image has no alt text (describe the image between the brackets: "
        "![what it shows](address))"]


def test_base_url_must_be_a_site_address(site_dir):
    site_dir({"site.yaml": "base_url: https://example.org/katalog/?x=1\n"})
    assert errors_of(site_dir.root) == [
        "content/site.yaml:1: base_url: 'https://example.org/katalog/?x=1' is not the address of a site "
        "(write it like https://example.org/katalog/)"]


def test_addresses_that_cannot_be_parsed_are_errors(site_dir):
    # urlsplit raises on an unclosed '[' (an IPv6 host): this was a ValueError.
    site_dir({"site.yaml": "base_url: https://[x/\nedit_url: http://[::1\n",
              "innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: S.\nwebsite: http://]/\n---\n"})
    assert errors_of(site_dir.root) == [
        "content/innovations/sipput.md:5: website: 'http://]/' is not an http(s) address "
        "(write the full address, e.g. https://magelangkota.go.id/)",
        "content/site.yaml:1: base_url: 'https://[x/' is not the address of a site "
        "(write it like https://example.org/katalog/)",
        "content/site.yaml:2: edit_url: 'http://[::1' is not an http(s) address "
        "(write the full address, e.g. https://magelangkota.go.id/)"]
