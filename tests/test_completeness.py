"""What a complete entry has: one definition for the case page's box, /kelengkapan/ and `build.py report`."""
from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

import build
from conftest import ROOT
from bench import generate
from katalog.content import completeness
from katalog.render.kinds import agencies
from katalog.content.catalogue import build_catalogue
from katalog.content.completeness import CHECKS, RECOMMENDED_SECTIONS
from katalog.content.load import load

EXAMPLE = ROOT / "tests" / "example" / "content"
LABELS = {check.name: check.label for check in CHECKS}



def run(capsys, *arguments):
    code = build.main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    """The example site with its draft, without search."""
    out = tmp_path_factory.mktemp("example") / "site"
    assert build.main(["build", "--content", str(EXAMPLE), "--out", str(out), "--drafts", "--no-search",
                       "--no-cache"]) == 0
    return out


def example_report(capsys, form, *more):
    code, out, err = run(capsys, "report", "--content", str(EXAMPLE), "--format", form, *more)
    assert (code, err) == (0, "")
    return out


# --- the definition -----------------------------------------------------------------------

def test_the_checks_are_the_fields_and_the_recommended_sections():
    assert [check.name for check in CHECKS] == [
        "tahun", "tahap", "jenis", "bentuk", "inisiator", "waktu_uji_coba", "waktu_penerapan", "sektor", "kontak",
        "dokumen", "sumber", "status", "latar_belakang", "tujuan", "rancang_bangun", "cara_kerja", "hasil_dan_dampak",
        "manfaat", "sumber_daya_dan_biaya", "langkah_replikasi"]
    assert [check.section for check in CHECKS if check.section] == list(RECOMMENDED_SECTIONS)
    assert len({check.heading for check in CHECKS}) == len(CHECKS)


def test_a_share_is_a_whole_percentage_with_halves_rounded_up():
    assert [completeness.percent(*pair) for pair in [(7, 16), (1, 8), (0, 16), (16, 16), (1, 3), (0, 0)]] == [
        44, 13, 0, 100, 33, 100]


def test_sections_count_whatever_their_case(site_dir):
    site_dir({"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlh\nsummary: x\n---\n\n"
                                       "## latar belakang\n\nTeks.\n\n## CARA KERJA\n\nTeks.\n"})
    entry = build_catalogue(load(site_dir.root / "content", shown_as="content")).innovations[0]
    result = completeness.of_entry(entry)
    assert "latar_belakang" not in result.missing and "cara_kerja" not in result.missing
    assert (result.present, result.total, result.percent) == (2, 20, 10)


# --- the case page's box and the report agree ----------------------------------------------

def box_items(site, slug):
    page = (site / "inovasi" / slug / "index.html").read_text(encoding="utf-8")
    box = page.partition('<section class="gaps"')[2].partition("</section>")[0]
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", box)]


def test_the_case_page_box_and_the_report_name_the_same_gaps(example_site, capsys):
    data = json.loads(example_report(capsys, "json", "--drafts"))
    entries = data["completeness"]["entries"]
    assert sorted(entry["slug"] for entry in entries) == ["draf", "lengkap", "minimal"]
    for entry in entries:
        assert box_items(example_site, entry["slug"]) == [LABELS[name] for name in entry["missing"]], entry["slug"]
        assert entry["missing"] == [name for name, ok in entry["checks"].items() if not ok]
    catalogue = build_catalogue(load(EXAMPLE, shown_as="content", include_drafts=True))
    assert {entry["slug"]: [LABELS[name] for name in entry["missing"]] for entry in entries} == {
        entry.slug: completeness.missing(entry) for entry in catalogue.innovations}
    assert box_items(example_site, "lengkap") == []  # and so no box at all
    assert box_items(example_site, "minimal")[-1] == "Bagian “Langkah Replikasi”"


# --- build.py report ------------------------------------------------------------------------

EXAMPLE_TEXT = """\
Katalog Contoh: 2 inovasi, 2 perangkat daerah dengan inovasi

Inovasi per perangkat daerah
  Perangkat daerah             Jumlah inovasi
  Perusahaan Air Minum Daerah               1
  Puskesmas Utara                           1
  Dinas Kesehatan                           0

Inovasi menurut tahap
  Tahap           Jumlah inovasi
  Inisiatif                    0
  Uji coba                     0
  Penerapan                    1
  belum tercatat               1

Inovasi digital dan non-digital
  Jenis           Jumlah inovasi
  Digital                      1
  Non-digital                  0
  belum tercatat               1

Inovasi menurut urusan pemerintahan
  Urusan          Jumlah inovasi
  Kesehatan                    1
  belum tercatat               1

Inovasi menurut tahun mulai diterapkan
  Tahun           Jumlah inovasi
  2019                         1
  belum tercatat               1

Kelengkapan dokumentasi: 20 dari 40 butir (50%); 1 dari 2 inovasi lengkap
Butir: tahun, tahap, jenis, bentuk, inisiator, waktu_uji_coba, waktu_penerapan, sektor, kontak, dokumen, sumber, \
status, latar_belakang, tujuan, rancang_bangun, cara_kerja, hasil_dan_dampak, manfaat, sumber_daya_dan_biaya, \
langkah_replikasi

Kelengkapan per perangkat daerah, terendah lebih dahulu
  Perangkat daerah             Inovasi  Lengkap  Butir  Persen
  Perusahaan Air Minum Daerah        1        0   0/20      0%
  Puskesmas Utara                    1        1  20/20    100%

Kelengkapan per inovasi, yang paling banyak kekurangannya lebih dahulu
  Inovasi  OPD        Butir  Persen  Belum ada
  minimal  PDAM        0/20      0%  tahun, tahap, jenis, bentuk, inisiator, waktu_uji_coba, waktu_penerapan, \
sektor, kontak, dokumen, sumber, status, latar_belakang, tujuan, rancang_bangun, cara_kerja, hasil_dan_dampak, \
manfaat, sumber_daya_dan_biaya, langkah_replikasi
  lengkap  PKM Utara  20/20    100%  -
"""


def test_the_terminal_report_of_the_example_site(capsys):
    assert example_report(capsys, "text") == EXAMPLE_TEXT


def test_the_json_report_is_one_object_of_counts_and_completeness(capsys):
    data = json.loads(example_report(capsys, "json"))
    assert list(data) == ["innovations", "counts", "checks", "completeness"]
    assert data["innovations"] == 2
    assert list(data["counts"]) == ["opd", "tahap", "jenis", "sektor", "tahun"]
    assert data["counts"]["tahap"]["rows"][-1] == {"label": "belum tercatat", "count": 1, "unknown": True}
    assert data["checks"][0] == {"name": "tahun", "label": "Tahun mulai diterapkan"}
    summary = data["completeness"]
    assert {key: summary[key] for key in ("present", "total", "percent", "complete")} == {
        "present": 20, "total": 40, "percent": 50, "complete": 1}
    assert summary["agencies"] == [
        {"id": "pdam", "name": "Perusahaan Air Minum Daerah", "innovations": 1, "complete": 0, "present": 0,
         "total": 20, "percent": 0},
        {"id": "pkm-utara", "name": "Puskesmas Utara", "innovations": 1, "complete": 1, "present": 20,
         "total": 20, "percent": 100}]
    first = summary["entries"][0]
    assert list(first) == ["slug", "title", "agency", "checks", "present", "total", "percent", "missing"]
    assert (first["slug"], first["agency"], first["present"], first["percent"]) == ("minimal", "pdam", 0, 0)
    assert list(first["checks"]) == [check.name for check in CHECKS]


def test_the_csv_report_holds_the_json_numbers(capsys, tmp_path):
    data = json.loads(example_report(capsys, "json", "--drafts"))
    target = tmp_path / "kelengkapan.csv"
    assert example_report(capsys, "csv", "--drafts", "--output", str(target)) == f"wrote {target}: 3 innovations\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfslug,title,agency,tahun,") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [row["slug"] for row in rows] == [entry["slug"] for entry in data["completeness"]["entries"]]
    for row, entry in zip(rows, data["completeness"]["entries"]):
        assert (row["title"], row["agency"]) == (entry["title"], entry["agency"])
        assert {name: row[name] == "1" for name in entry["checks"]} == entry["checks"]
        assert all(row[name] in ("0", "1") for name in entry["checks"])
        assert [int(row[key]) for key in ("present", "total", "percent")] == [
            entry[key] for key in ("present", "total", "percent")]
    assert example_report(capsys, "csv", "--drafts").encode("utf-8") == raw  # stdout gets the same bytes


def test_the_csv_report_keeps_spreadsheets_from_running_a_title(site_dir, capsys):
    site_dir({"innovations/sipput.md": "---\ntitle: \"=HYPERLINK(1)\"\nagency: dlh\nsummary: x\n---\n"})
    code, out, err = run(capsys, "report", "--format", "csv")
    assert (code, err) == (0, "")
    assert "\n".join(out.splitlines()[1:]).startswith("sipput,'=HYPERLINK(1),dlh,0,")


def test_content_that_does_not_load_gives_the_usual_error_lines(site_dir, capsys, tmp_path):
    site_dir({"innovations/sipput.md": "---\ntitle: SIPPUT\nagency: dlx\nsummary: x\n---\n"})
    for form in ("text", "json", "csv"):
        code, out, err = run(capsys, "report", "--format", form, "--output", str(tmp_path / "report"))
        assert (code, out) == (1, "")
        assert err.splitlines() == ["content/innovations/sipput.md:3: agency: unknown agency 'dlx' "
                                    "(did you mean 'dlh'?)", "1 error; nothing was written"]
        assert not (tmp_path / "report").exists()


# --- /kelengkapan/ and /kelengkapan/<agency>/ -----------------------------------------------

def read(site, *parts):
    return (site.joinpath(*parts) / "index.html").read_text(encoding="utf-8")


def rows_of(page: str) -> list[tuple[str, list[str], str]]:
    """Each row of an agency's table: the entry's title, its cells, its share."""
    found = []
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page):
        title = html.unescape(re.sub(r"<[^>]+>", "", row.partition("</th>")[0]))
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        found.append((title, cells[:-1], cells[-1]))
    return found


def summary_rows(page: str) -> list[tuple[str, str, list[str]]]:
    """Each row of the summary: the agency's completeness page, its name, its cells."""
    found = []
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page):
        link, name = re.match(r'<a href="([^"]+)">(.*?)</a></th>', row).groups()
        found.append((link, html.unescape(name), re.findall(r"<td[^>]*>(.*?)</td>", row)))
    return found


def test_the_summary_of_the_example_site(example_site):
    page = read(example_site, "kelengkapan")
    assert "<h1>Kelengkapan Dokumentasi</h1>" in page
    assert re.findall(r'<th scope="col"[^>]*>(?:<span>)?(.*?)(?:</span>)?</th>', page) == [
        "Perangkat daerah", "Inovasi", "Lengkap", "Kelengkapan", *(check.heading for check in CHECKS)]
    assert summary_rows(page) == [  # the draft is Dinkes's; lowest share first
        ("dinkes/index.html", "Dinas Kesehatan", ["1", "0", "0%", *["0"] * len(CHECKS)]),
        ("pdam/index.html", "Perusahaan Air Minum Daerah", ["1", "0", "0%", *["0"] * len(CHECKS)]),
        ("pkm-utara/index.html", "Puskesmas Utara", ["1", "1", "100%", *["1"] * len(CHECKS)])]
    assert page.count('<div class="table-scroll" role="region" aria-labelledby="menurut-opd" tabindex="0">') == 1
    assert "1 dari 3 inovasi sudah lengkap" in page and "<tr><th scope=\"row\"><a href=\"../inovasi/" not in page


def test_an_agency_page_of_the_example_site(example_site):
    page = read(example_site, "kelengkapan", "pkm-utara")
    assert "<h1>Kelengkapan Dokumentasi PKM Utara</h1>" in page
    assert '<a href="../index.html">Kelengkapan Dokumentasi</a>' in page  # the breadcrumb
    assert re.findall(r'<th scope="col"[^>]*>(?:<span>)?(.*?)(?:</span>)?</th>', page) == [
        "Inovasi", *(check.heading for check in CHECKS), "Kelengkapan"]
    assert rows_of(page) == [("Inovasi Lengkap & <Uji>", ["ada"] * 20, "20 dari 20 (100%)")]
    assert 'href="../../inovasi/lengkap/index.html"' in page
    assert rows_of(read(example_site, "kelengkapan", "pdam")) == [("Inovasi Minimal", ["belum"] * 20, "0 dari 20 (0%)")]
    assert '<a href="../../kelengkapan/pdam/index.html">Kelengkapan dokumentasi</a>: 0%' in read(
        example_site, "opd", "pdam")
    assert not (example_site / "kelengkapan" / "pkm-utara" / "halaman").exists()


def test_entries_with_most_gaps_come_first_and_agencies_by_share(site_dir, capsys):
    site_dir({
        "innovations/a.md": "---\ntitle: A Lengkap Sebagian\nagency: dlh\nsummary: x\nyear: 2020\nstage: penerapan\n"
                            "sources: [{publisher: ANTARA}]\n---\n\n## Latar Belakang\n\nTeks.\n",
        "innovations/z.md": "---\ntitle: Z Kosong\nagency: dlh\nsummary: x\n---\n",
        "innovations/sehat.md": "---\ntitle: Sehat\nagency: dinkes\nsummary: x\nyear: 2020\n---\n\n"
                                "## Cara Kerja\n\nTeks.\n\n## Latar Belakang\n\nTeks.\n",
        "pages/panduan-editor.md": "---\ntitle: Panduan Editor\n---\n\nTeks.\n",
    })
    out = site_dir.root / "site"
    assert build.main(["build", "--out", str(out), "--no-search", "--no-cache"]) == 0
    capsys.readouterr()
    page = read(out, "kelengkapan")
    # DLH: SIPPUT 1 (Cara Kerja), Z 0, A 4 = 5 of 60; Dinkes: 3 of 20.
    assert [(link, cells[:3]) for link, _, cells in summary_rows(page)] == [
        ("dlh/index.html", ["3", "0", "8%"]), ("dinkes/index.html", ["1", "0", "15%"])]
    counts = dict(zip((check.name for check in CHECKS), summary_rows(page)[0][2][3:]))
    assert {name: count for name, count in counts.items() if count != "0"} == {
        "tahun": "1", "tahap": "1", "sumber": "1", "latar_belakang": "1", "cara_kerja": "1"}
    assert '<a href="../panduan-editor/index.html">Panduan Editor</a>' in page
    dlh = read(out, "kelengkapan", "dlh")
    assert [(title, share) for title, _, share in rows_of(dlh)] == [
        ("Z Kosong", "0 dari 20 (0%)"), ("SIPPUT", "1 dari 20 (5%)"), ("A Lengkap Sebagian", "4 dari 20 (20%)")]
    assert [title for title, _, _ in rows_of(read(out, "kelengkapan", "dinkes"))] == ["Sehat"]
    cells = rows_of(dlh)[2][1]
    assert [check.name for check, cell in zip(CHECKS, cells) if cell == "ada"] == [
        "tahun", "tahap", "sumber", "latar_belakang"]
    assert "5 dari 60 butir terdokumentasi" in dlh
    data = json.loads(run(capsys, "report", "--format", "json")[1])
    assert [entry["slug"] for entry in data["completeness"]["entries"]] == ["z", "sipput", "a", "sehat"]


@pytest.mark.slow  # a generated catalogue of 2,000 entries
def test_the_summary_numbers_are_the_completeness_functions(generated):
    catalogue, site = generated
    expected = [(f"{item.agency.id}/index.html", item.agency.name,
                 [str(len(item.entries)), str(item.complete), f"{item.percent}%", *map(str, item.counts)])
                for item in completeness.by_agency(catalogue)]
    assert summary_rows(read(site, "kelengkapan")) == expected
    for item in completeness.by_agency(catalogue):  # each check counted over the agency's entries
        assert list(item.counts) == [sum(entry.passed[n] for entry in item.entries) for n in range(len(CHECKS))]


@pytest.mark.slow  # a generated catalogue of 2,000 entries
def test_an_agency_with_many_entries_has_numbered_pages(generated):
    catalogue, site = generated
    item = max(completeness.by_agency(catalogue), key=lambda item: len(item.entries))
    size = agencies.COMPLETENESS_PAGE_SIZE
    count = -(-len(item.entries) // size)
    assert count > 1
    folder = site / "kelengkapan" / item.agency.id
    numbered = [read(folder)] + [read(folder, "halaman", str(n)) for n in range(2, count + 1)]
    assert not (folder / "halaman" / str(count + 1)).exists()
    titles = [title for page in numbered for title, _, _ in rows_of(page)]
    assert titles == [entry.title for entry in item.entries]  # every entry once, most gaps first, in order
    assert [len(rows_of(page)) for page in numbered] == [size] * (count - 1) + [len(item.entries) - size * (count - 1)]
    assert 'rel="next"' in numbered[0] and 'rel="prev"' in numbered[-1]
    assert f"(halaman 2 dari {count})</h1>" in numbered[1]


@pytest.mark.slow  # a generated catalogue of 2,000 entries
def test_every_completeness_page_stays_small(generated):
    _, site = generated
    sizes = {str(path.relative_to(site)): path.stat().st_size for path in (site / "kelengkapan").rglob("*.html")}
    assert len(sizes) > 40
    assert {path: size for path, size in sizes.items() if size >= 50 * 1024} == {}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated catalogue of 2,000 entries (40 agencies of about 50) and its site, without search."""
    root = tmp_path_factory.mktemp("generated")
    generate.generate(2000, root / "content")
    (root / "content" / "files").mkdir(exist_ok=True)
    out = root / "site"
    assert build.main(["build", "--content", str(root / "content"), "--out", str(out), "--no-search",
                       "--no-cache"]) == 0
    return build_catalogue(load(root / "content", shown_as="content")), out
