"""Feed, sitemap, robots and open data of the example site, read back the way their users read them."""
import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import ROOT
from katalog.render import opendata
from sitecheck import parse

SITE = ROOT / "tests" / "example" / "expected"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_feed_is_atom_with_unique_stable_ids():
    feed = ElementTree.parse(SITE / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("title", "id", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert ids == ["https://example.org/katalog/inovasi/lengkap/", "https://example.org/katalog/inovasi/minimal/"]
    for entry in entries:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.find(f"{ATOM}updated").text)
    assert entries[0].find(f"{ATOM}title").text == "Inovasi Lengkap & <Uji>"


def test_sitemap_lists_every_listed_page():
    sitemap = ElementTree.parse(SITE / "sitemap.xml").getroot()
    locations = {url.find(f"{SITEMAP}loc").text for url in sitemap}
    pages = {path.relative_to(SITE).as_posix() for path in SITE.rglob("index.html")}
    redirects = {"inovasi/lengkap-lama/index.html"}
    expected = {"https://example.org/katalog/" + page[:-len("index.html")] for page in pages - redirects}
    assert locations == expected
    lastmods = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod") for url in sitemap}
    assert lastmods["https://example.org/katalog/inovasi/lengkap/"].text == "2026-11-01"


def test_robots_names_the_sitemap():
    assert (SITE / "robots.txt").read_text() == \
        "User-agent: *\nAllow: /\nSitemap: https://example.org/katalog/sitemap.xml\n"


def test_csv_read_back_equals_the_json_records():
    records = json.loads((SITE / "data/inovasi.json").read_text(encoding="utf-8"))
    data = (SITE / "data/inovasi.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheets need the mark to read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(records) == 2
    for row, record in zip(rows, records):
        # Records are one line each in the CSV (see the tests of replications, evidence and status below).
        whole = ("replikasi", "bukti", "status")
        as_text = {key: opendata.LIST_SEPARATOR.join(value) if isinstance(value, list)
                   else "" if value is None else str(value) for key, value in record.items() if key not in whole}
        assert {key: value for key, value in row.items() if key not in whole} == as_text
    assert records[0]["mitra"] == ["dinkes", "pdam"] and rows[0]["mitra"] == "dinkes; pdam"


def test_replications_in_open_data_json_whole_and_csv_one_line_each():
    records = json.loads((SITE / "data/inovasi.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((SITE / "data/inovasi.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert records[0]["replikasi"][0] == {
        "oleh": "Pemerintah Kabupaten Tetangga", "jenis": "replikasi", "tanggal": "2021",
        "keterangan": "Menerapkan layanan yang sama di dua puskesmas.",
        "sumber": "Kantor Berita Contoh, Kabupaten Tetangga meniru layanan kota, https://example.org/berita/3"}
    assert records[0]["replikasi"][1]["sumber"] == "Harian Contoh (advertorial)"
    assert rows[0]["replikasi"] == ("Pemerintah Kabupaten Tetangga (replikasi, 2021); Dinas Kesehatan Kota Seberang "
                                    "(studi-tiru, 2022-03-15); Kementerian Contoh (panduan, 2022-03)")
    assert (records[1]["replikasi"], rows[1]["replikasi"]) == ([], "")
    assert {key: records[0][key] for key in ("bentuk", "inisiator", "waktu_uji_coba", "waktu_penerapan")} == {
        "bentuk": "pelayanan-publik", "inisiator": "perangkat-daerah", "waktu_uji_coba": "2018-11",
        "waktu_penerapan": "2019-01-02"}
    assert [rows[0][key] for key in ("bentuk", "inisiator", "waktu_uji_coba", "waktu_penerapan")] == [
        "pelayanan-publik", "perangkat-daerah", "2018-11", "2019-01-02"]
    assert records[1]["bentuk"] is None and rows[1]["waktu_penerapan"] == ""


def test_indicators_in_open_data():
    assert json.loads((SITE / "data/indikator.json").read_text(encoding="utf-8")) == [
        {"id": "iid-2021", "nama": "Indeks Inovasi Daerah", "tahun": 2021, "nilai": 59.28,
         "predikat": "Sangat Inovatif",
         "sumber": ["Kementerian Contoh, Hasil pengukuran indeks inovasi daerah 2021, https://example.org/iid/2021"]},
        {"id": "iid-2022", "nama": "Indeks Inovasi Daerah", "tahun": 2022, "nilai": 61, "predikat": None,
         "sumber": ["Kantor Berita Contoh, 2022-12-01 (advertorial)"]},
    ]


@pytest.mark.parametrize("name, columns", [("inovasi", opendata.COLUMNS), ("opd", opendata.AGENCY_COLUMNS),
                                           ("penghargaan", opendata.AWARD_COLUMNS),
                                           ("indikator", opendata.INDICATOR_COLUMNS)])
def test_every_field_is_documented_on_the_data_page(name, columns):
    records = json.loads((SITE / f"data/{name}.json").read_text(encoding="utf-8"))
    assert list(records[0]) == [column for column, _, _ in columns]
    html = (SITE / "data/index.html").read_text()
    for column, _, _ in columns:
        assert f"<td><code>{column}</code></td>" in html
    assert "CC BY 4.0" in html


def test_agency_and_award_data():
    agencies = json.loads((SITE / "data/opd.json").read_text(encoding="utf-8"))
    assert {agency["id"]: agency["jumlah_inovasi"] for agency in agencies} == {"dinkes": 0, "pdam": 1, "pkm-utara": 1}
    awards = json.loads((SITE / "data/penghargaan.json").read_text(encoding="utf-8"))
    assert {award["id"]: award["inovasi"] for award in awards} == {"lomba-2019": ["lengkap"], "lomba-2020": [],
                                                                  "lomba-kota-2021": []}
    city = awards[-1]
    assert (city["pemberi"], city["tingkat"], city["tanggal"]) == (None, "kota", "2021-08")
    assert city["keterangan"].startswith("Lomba tahunan antarperangkat daerah")


def test_json_ld_parses_and_cannot_close_its_script():
    html = (SITE / "inovasi/lengkap/index.html").read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["@type"] == "GovernmentService" and data["name"] == "Inovasi Lengkap & <Uji>"
    assert data["provider"]["name"] == "Puskesmas Utara"


def test_hostile_values_stay_inside_json_ld(site_dir, run):
    site_dir({"innovations/sipput.md": '---\ntitle: "</script><script>alert(1)</script>"\nagency: dlh\n'
                                       'summary: "\\u2028 <!-- &amp;"\n---\n'})
    assert run("build", "--base-url", "https://example.org/")[0] == 0
    html = (site_dir.root / "site/inovasi/sipput/index.html").read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"
    assert html.count("<script") == 1


def test_share_preview_tags():
    page = (SITE / "inovasi/lengkap/index.html").read_text()
    assert '<meta property="og:title" content="Inovasi Lengkap &amp; &lt;Uji&gt;">' in page
    assert '<meta property="og:description" content="Entri dengan setiap bidang opsional terisi' in page
    assert '<meta property="og:image" content="https://example.org/katalog/files/lengkap/foto.png">' in page
    assert '<link rel="canonical" href="https://example.org/katalog/inovasi/lengkap/">' in page


def test_redirect_page_points_at_the_entry():
    page = parse(SITE / "inovasi/lengkap-lama/index.html")
    # the site's icons, then the meta refresh, the canonical link and the visible link
    icons = [link for link in page.links if link.startswith("../../static/favicon.")]
    assert len(icons) == 3 and page.links[:3] == icons
    assert page.links[3:] == ["../lengkap/index.html", "https://example.org/katalog/inovasi/lengkap/",
                              "../lengkap/index.html"]


@pytest.mark.parametrize("argv", [[], ["--base-url", "https://example.org/"]])
def test_feed_and_sitemap_need_a_base_url(site_dir, run, argv):
    code, out, _ = run("build", *argv)
    assert code == 0
    made = (site_dir.root / "site/feed.xml").exists(), (site_dir.root / "site/sitemap.xml").exists()
    assert made == ((True, True) if argv else (False, False))
    assert ("note: no base_url: feed.xml and sitemap.xml are left out" in out) == (not argv)


def test_csv_cells_cannot_run_as_formulas(site_dir, run):
    site_dir({"innovations/sipput.md": '---\ntitle: "=HYPERLINK(\\"http://x\\")"\nagency: dlh\nsummary: "+62 293"\n---\n'})
    assert run("build", "--no-search")[0] == 0
    row = next(csv.DictReader(io.StringIO((site_dir.root / "site/data/inovasi.csv").read_text("utf-8-sig"))))
    assert (row["judul"], row["ringkasan"]) == ("'=HYPERLINK(\"http://x\")", "'+62 293")
    record = json.loads((site_dir.root / "site/data/inovasi.json").read_text("utf-8"))[0]
    assert record["judul"] == '=HYPERLINK("http://x")'


def test_evidence_and_status_in_open_data_json_whole_and_csv_one_line_each():
    records = json.loads((SITE / "data/inovasi.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((SITE / "data/inovasi.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert records[0]["bukti"][0] == {"indikator": "regulasi", "tingkat": "perkada", "berkas": "files/lengkap/panduan.pdf",
                                      "url": None, "sumber": None, "tanggal": "2018-12",
                                      "catatan": "Peraturan wali kota tentang layanan ini."}
    assert rows[0]["bukti"] == ("regulasi (perkada); sdm; kecepatan; kemanfaatan; kualitas; anggaran (apbd)")
    assert rows[0]["status"] == "berjalan (2026-10)" and rows[1]["status"] == ""
    assert (records[1]["bukti"], records[1]["status"], rows[1]["bukti"]) == ([], None, "")
