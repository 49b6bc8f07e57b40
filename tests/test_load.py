"""The loader on whole content trees: what it accepts, what it refuses, and where it says so."""
import os

import pytest

from katalog.content import schema
from katalog.content.load import load


def errors_of(root):
    return [str(error) for error in load(root / "content", shown_as="content").errors]


def test_minimal_site_loads_with_defaults(site_dir):
    content = load(site_dir.root / "content", shown_as="content")
    assert content.settings == schema.Settings()
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
    ("---\n- a\n- b\n---\n", "content/innovations/sipput.md:2: front matter: expected a mapping of "
                             "'field: value' lines, found a list"),
    ("+++\ntitle = 'x'\n+++\n", "content/innovations/sipput.md:1: file does not start with front matter "
                                "(make the first line '---', then the fields, then a line '---')"),
])
def test_front_matter_shape(site_dir, text, error):
    site_dir({"innovations/sipput.md": text})
    assert errors_of(site_dir.root) == [error]


EVERY_REQUIRED_FIELD_MISSING = [
    "content/innovations/sipput.md:1: agency: required field is missing (add 'agency: ...')",
    "content/innovations/sipput.md:1: summary: required field is missing (add 'summary: ...')",
    "content/innovations/sipput.md:1: title: required field is missing (add 'title: ...')",
]


@pytest.mark.parametrize("text", ["---\n---\nbody\n", "---\n# belum diisi\n---\n", "---\n\n---\n"])
def test_empty_front_matter_names_every_required_field(site_dir, text):
    site_dir({"innovations/sipput.md": text})
    assert errors_of(site_dir.root) == EVERY_REQUIRED_FIELD_MISSING


def test_empty_front_matter_of_a_free_page_names_its_title(site_dir):
    site_dir({"pages/tentang.md": "---\n---\nTeks.\n"})
    assert errors_of(site_dir.root) == [
        "content/pages/tentang.md:1: title: required field is missing (add 'title: ...')"]


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


def test_the_city_record_fields_are_typed(site_dir):
    site_dir({"innovations/sipput.md": """\
        ---
        title: SIPPUT
        agency: dlh
        summary: Layanan sampah.
        form: pelayanan-publik
        initiator: anggota-dprd
        trial_date: "2019"
        implementation_date: 2020-01-06
        sources:
          - {publisher: Harian, note: advertorial}
        replications:
          - by: Kabupaten Temanggung
            kind: studi-tiru
            date: "2023-05"
            description: Kunjungan belajar.
            source: {publisher: ANTARA, url: https://example.org/berita}
          - by: Kota Salatiga
            kind: replikasi
            source: {publisher: Harian}
        ---
        """})
    entry = load(site_dir.root / "content", shown_as="content").innovations[0]
    assert (entry.form, entry.initiator) == (schema.Form.PELAYANAN_PUBLIK, schema.Initiator.ANGGOTA_DPRD)
    assert (entry.trial_date, entry.implementation_date) == (schema.PartialDate(2019), schema.PartialDate(2020, 1, 6))
    assert (entry.trial_date.iso, entry.implementation_date.iso) == ("2019", "2020-01-06")
    assert entry.sources[0].note == "advertorial"
    assert entry.replications == (
        schema.Replication(by="Kabupaten Temanggung", kind=schema.ReplicationKind.STUDI_TIRU,
                           date=schema.PartialDate(2023, 5), description="Kunjungan belajar.",
                           source=schema.Source(publisher="ANTARA", url="https://example.org/berita")),
        schema.Replication(by="Kota Salatiga", kind=schema.ReplicationKind.REPLIKASI,
                           source=schema.Source(publisher="Harian")),
    )
    assert entry.origin.line_of("replications.1.kind") == 18


SIPPUT = "content/innovations/sipput.md"
DATE_HINT = 'write the year, the month or the day it is known to: "2020", "2020-01" or 2020-01-06'


@pytest.mark.parametrize("fields, error", [
    ("form: layanan-publik", f"{SIPPUT}:5: form: expected one of tata-kelola, pelayanan-publik, lainnya, found "
     "'layanan-publik' (did you mean 'pelayanan-publik'?)"),
    ("initiator: dprd", f"{SIPPUT}:5: initiator: expected one of kepala-daerah, anggota-dprd, asn, perangkat-daerah, "
     "masyarakat, found 'dprd' (use one of: kepala-daerah, anggota-dprd, asn, perangkat-daerah, masyarakat)"),
    ('trial_date: "2020-13"', f"{SIPPUT}:5: trial_date: '2020-13' has no month 13 ({DATE_HINT})"),
    ("trial_date: 2020", f'{SIPPUT}:5: trial_date: expected a year, a month or a date, found a number (2020) '
     '(put the year in quotes: "2020")'),
    ("trial_date: Januari 2020", f"{SIPPUT}:5: trial_date: expected a year, a month or a date, found "
     f"'Januari 2020' ({DATE_HINT})"),
    ('implementation_date: "2020-02-30"', f"{SIPPUT}:5: implementation_date: '2020-02-30' is not a valid date "
     f"({DATE_HINT})"),
    ('implementation_date: "1850"', f"{SIPPUT}:5: implementation_date: 1850 is not a plausible year "
     "(write the year with four digits, e.g. 2019)"),
    ("replications:\n  - kind: replikasi\n    source: {publisher: ANTARA}",
     f"{SIPPUT}:6: replications.0.by: required field is missing (add 'by: ...')"),
    ("replications:\n  - by: Kota Salatiga\n    source: {publisher: ANTARA}",
     f"{SIPPUT}:6: replications.0.kind: required field is missing (add 'kind: ...')"),
    ("replications:\n  - by: Kota Salatiga\n    kind: replikasi",
     f"{SIPPUT}:6: replications.0.source: required field is missing (add 'source: ...')"),
    ("replications:\n  - by: Kota Salatiga\n    kind: meniru\n    source: {publisher: ANTARA}",
     f"{SIPPUT}:7: replications.0.kind: expected one of studi-tiru, replikasi, panduan, found 'meniru' "
     "(use one of: studi-tiru, replikasi, panduan)"),
    ("replications:\n  - by: Kota Salatiga\n    kind: replikasi\n    source: {publisher: ANTARA}\n    oleh: x",
     f"{SIPPUT}:9: unknown field 'replications.0.oleh' (allowed: by, kind, date, description, source)"),
    ("replications:\n  - by: Kota Salatiga\n    kind: replikasi\n    source: {publisher: ANTARA, catatan: x}",
     f"{SIPPUT}:8: unknown field 'replications.0.source.catatan' (allowed: publisher, title, date, url, note)"),
    ("replications:\n  - by: Kota Salatiga\n    kind: replikasi\n    source: {publisher: ANTARA}\n"
     "    description: " + "x" * 301,
     f"{SIPPUT}:9: replications.0.description: 301 characters, more than 300 "
     "(shorten it to one or two plain sentences)"),
])
def test_city_record_field_errors(site_dir, fields, error):
    site_dir({"innovations/sipput.md": f"---\ntitle: SIPPUT\nagency: dlh\nsummary: x\n{fields}\n---\n"})
    assert errors_of(site_dir.root) == [error]


def test_an_award_may_leave_out_its_giver_and_give_a_date_and_a_description(site_dir):
    site_dir({"awards.yaml": "- id: lomba-kota-2023\n  name: Lomba Inovasi Kota\n  year: 2023\n  level: kota\n"
                             '  date: "2023-08"\n  description: Lihat [SIPPUT](innovations/sipput.md).\n'})
    award = load(site_dir.root / "content", shown_as="content").awards[0]
    assert (award.giver, award.level, award.date) == (None, schema.Level.KOTA, schema.PartialDate(2023, 8))
    assert award.body.html == '<p>Lihat <a href="../../inovasi/sipput/index.html">SIPPUT</a>.</p>'


INDICATOR = "- id: iid-2023\n  name: Indeks Inovasi Daerah\n  year: 2023\n  value: {value}\n{rest}"
ONE_SOURCE = "  sources:\n    - publisher: Kemendagri\n"


def test_indicators_load_and_the_file_may_be_absent(site_dir):
    assert load(site_dir.root / "content", shown_as="content").indicators == ()
    site_dir({"indikator.yaml": INDICATOR.format(value="59.28", rest="  predicate: Sangat Inovatif\n" + ONE_SOURCE)
              + INDICATOR.replace("2023", "2022").format(value="61", rest=ONE_SOURCE)})
    first, second = load(site_dir.root / "content", shown_as="content").indicators
    assert (first.id, first.value, first.predicate, second.value) == ("iid-2023", 59.28, "Sangat Inovatif", 61)
    assert type(second.value) is int and first.sources == (schema.Source(publisher="Kemendagri"),)


@pytest.mark.parametrize("value, rest, error", [
    ('"59,28"', ONE_SOURCE, "content/indikator.yaml:4: value: expected a number, found '59,28' "
     "(write digits with a decimal point and no quotes, e.g. 59.28)"),
    ('"59.28"', ONE_SOURCE, "content/indikator.yaml:4: value: expected a number, found '59.28' "
     "(write digits with a decimal point and no quotes, e.g. 59.28)"),
    ("true", ONE_SOURCE, "content/indikator.yaml:4: value: expected a number, found true "
     "(YAML reads yes/no/on/off as true/false) (write digits with a decimal point and no quotes, e.g. 59.28)"),
    (".nan", ONE_SOURCE, "content/indikator.yaml:4: value: nan is not a plausible figure "
     "(write the number, e.g. 59.28)"),
    ("1" + "0" * 30, ONE_SOURCE, "content/indikator.yaml:4: value: 10000000000000000000... is not a plausible "
     "figure (write the number, e.g. 59.28)"),
    ("59.28", "", "content/indikator.yaml:1: sources: required field is missing (add 'sources: ...')"),
    ("59.28", "  sources: []\n", "content/indikator.yaml:5: sources: list is empty (add at least one item)"),
    ("59.28", ONE_SOURCE + "  nilai: 1\n", "content/indikator.yaml:7: unknown field 'nilai' "
     "(allowed: id, name, year, value, predicate, sources)"),
])
def test_indicator_errors(site_dir, value, rest, error):
    site_dir({"indikator.yaml": INDICATOR.format(value=value, rest=rest)})
    assert errors_of(site_dir.root) == [error]


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
    site = load(site_dir.root / "content", shown_as="content").settings
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
