"""The Indeks Inovasi Daerah: its definitions as data (iid.yaml), each entry's evidence and status
checked against them, the readiness pages, the export (build.py iid) and /data/iid.*."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

from conftest import ROOT
from katalog.tools import forms

EXAMPLE = ROOT / "tests" / "example" / "content"
LENGKAP = "innovations/lengkap.md"


@pytest.fixture
def example(tmp_path, monkeypatch):
    """A copy of the example site's content in the working directory, and a writer for its files."""
    shutil.copytree(EXAMPLE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)

    def edit(relative: str, old: str, new: str) -> None:
        path = tmp_path / "content" / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit.root = tmp_path
    return edit


def test_wrong_evidence_is_reported_at_its_lines_with_the_file_s_other_errors(example, run):
    example(LENGKAP, "agency: pkm-utara", "agency: pkm-utar")
    example(LENGKAP, "  - indicator: regulasi\n    level: perkada", "  - indicator: regulasi\n    level: perkadx")
    example(LENGKAP, "  - indicator: sdm\n    file: lengkap/foto.png", "  - indicator: sdmm\n    file: lengkap/fot.png")
    example(LENGKAP, "  - indicator: kemanfaatan\n    url: https://example.org/dokumen/survei.pdf",
            "  - indicator: kemanfaatan\n    note: Belum ada dokumennya.")
    example(LENGKAP, "  - indicator: kualitas\n    url: https://example.org/video/layanan",
            "  - indicator: kualitas\n    file: lengkap/panduan.pdf")
    code, _, err = run("check")
    assert code == 1
    assert err.splitlines() == [
        "content/innovations/lengkap.md:3: agency: unknown agency 'pkm-utar' (did you mean 'pkm-utara'?)",
        "content/innovations/lengkap.md:68: evidence: indicator 'regulasi' has no level 'perkadx' "
        "(did you mean 'perkada'?)",
        "content/innovations/lengkap.md:72: evidence: unknown indicator 'sdmm' (did you mean 'sdm'?)",
        "content/innovations/lengkap.md:73: evidence: file 'files/lengkap/fot.png' does not exist "
        "(did you mean 'lengkap/foto.png'?)",
        "content/innovations/lengkap.md:78: evidence.3: no document "
        "(give the file (under content/files/), its url, or its source)",
        "content/innovations/lengkap.md:81: evidence: 'kualitas' accepts video, not a .pdf file "
        "(give a document of that kind, or its url (a video as its address))",
        "6 errors; nothing was written"]


def test_a_level_where_the_indicator_has_none_and_evidence_without_iid_yaml(example, run):
    example(LENGKAP, "  - indicator: sdm\n    file: lengkap/foto.png",
            "  - indicator: sdm\n    level: tinggi\n    file: lengkap/foto.png")
    code, _, err = run("check")
    assert (code, err.splitlines()[0]) == (1, "content/innovations/lengkap.md:73: evidence: indicator 'sdm' has no "
                                              "level 'tinggi' (remove level: iid.yaml gives this indicator no levels)")
    (example.root / "content" / "iid.yaml").unlink()
    code, _, err = run("check")
    assert err.splitlines() == ["content/innovations/lengkap.md:66: evidence: there is no content/iid.yaml to name "
                                "the indicators (add content/iid.yaml (see the editors' guide), or remove the "
                                "evidence)", "1 error; nothing was written"]


def test_the_definitions_are_checked_too(example, run):
    example("iid.yaml", "  - {id: tahapan, name: Tahapan Inovasi, field: stage}",
            "  - {id: tahapan, name: Tahapan Inovasi, field: stag}\n  - {id: nama, name: Dua, section: Tujuan}\n"
            "  - {id: kosong, name: Kosong}\n  - {id: kata, name: Kata, field: title, min_words: 5}")
    code, _, err = run("check")
    assert code == 1
    assert err.splitlines() == [
        "content/iid.yaml:9: profile.1.field: 'stag' is not a field of an innovation (did you mean 'stage'?)",
        "content/iid.yaml:10: profile: duplicate id 'nama' (first as item 1) (give each item its own id)",
        "content/iid.yaml:11: profile.3: 'kosong' needs either field or section (write field: stage, or section: "
        "Tujuan (the body heading it is read from))",
        "content/iid.yaml:12: profile.4.min_words: only a section has words to count (remove min_words, or read the "
        "item from a section)",
        "4 errors; nothing was written"]


def test_the_readiness_view_the_case_page_and_the_open_data(example, run):
    assert run("build", "--no-search")[0] == 0
    site = example.root / "site"
    summary = (site / "iid" / "index.html").read_text(encoding="utf-8")
    assert "0 dari 2 inovasi sudah memiliki semua isian profil dan semua bukti dukung wajib IID Contoh 2026." in summary
    assert "Peraturan Daerah: 0; Peraturan Kepala Daerah: 1" in summary  # evidence by indicator and level
    assert "<td>2021</td><td>59,28</td>" in summary  # the city's IID from indikator.yaml
    assert "Peraturan Daerah Contoh tentang Inovasi Daerah" in summary  # the region's own evidence
    table = (site / "iid" / "pkm-utara" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><th scope=\"row\">.*?</tr>", table.split("<tbody>")[1], re.S).group(0)
    # Its profile: the rancang bangun has 16 of 30 words; every one of the five mandatory evidence is there.
    assert re.findall(r"<td class=\"(ada|belum)\">", row) == ["ada"] * 3 + ["belum", "ada", "ada"] + ["ada"] * 5
    assert "belum (16/30 kata)" in row and "<td>Masih berjalan</td>" in row
    case = (site / "inovasi" / "lengkap" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../status/berjalan/index.html">Masih berjalan, terakhir dikonfirmasi Oktober 2026</a>' in case
    assert "<dt>Regulasi Inovasi Daerah (wajib)</dt>" in case
    assert 'Peraturan Kepala Daerah: <a href="../../files/lengkap/panduan.pdf"' in case and "(PDF, 18 B)" in case
    assert "Belum terdokumentasi" not in case  # every field and section, the status and the three new ones
    records = json.loads((site / "data" / "iid.json").read_text(encoding="utf-8"))
    lengkap = next(record for record in records if record["slug"] == "lengkap")
    assert lengkap["kurang"] == ["rancang-bangun"] and lengkap["kata"]["rancang-bangun"] == 16
    assert lengkap["profil"]["tujuan"] == "inovasi/lengkap/#tujuan"  # a section: its address, not its text
    rows = list(csv.DictReader(io.StringIO((site / "data" / "iid.csv").read_text(encoding="utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["lengkap", "minimal"]
    assert rows[0]["regulasi"] == "Peraturan Kepala Daerah: files/lengkap/panduan.pdf (2018-12, Peraturan wali " \
                                  "kota tentang layanan ini.)"
    innovations = json.loads((site / "data" / "inovasi.json").read_text(encoding="utf-8"))
    assert innovations[0]["status"] == {"keadaan": "berjalan", "tanggal": "2026-10", "sumber":
                                        "Kantor Berita Contoh, Layanan masih berjalan, https://example.org/berita/4"}
    assert (site / "status" / "berjalan" / "index.html").is_file()


def test_the_export_gives_every_profile_field_in_the_form_s_order(example, run):
    code, out, err = run("iid", "--innovation", "minimal")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:5] == ["Inovasi Minimal: Perusahaan Air Minum Daerah (pdam)",
                                     "Halaman: https://example.org/katalog/inovasi/minimal/", "Status: BELUM ADA",
                                     "=" * 72]
    fields = re.findall(r"^(\d+)\. (.+)\n(.*)$", out.split("BUKTI DUKUNG")[0], re.M)
    assert fields == [("1", "Nama Inovasi Daerah", "Inovasi Minimal"), ("2", "Tahapan Inovasi", "BELUM ADA"),
                      ("3", "Urusan Pemerintahan", "BELUM ADA"),
                      ("4", "Rancang Bangun dan Pokok Perubahan (0 kata; paling sedikit 30)", "BELUM ADA"),
                      ("5", "Tujuan Inovasi", "BELUM ADA"), ("6", "Hasil Inovasi", "BELUM ADA")]
    code, out, _ = run("iid", "--agency", "pkm-utara", "--format", "json")
    data = json.loads(out)
    [lengkap] = data["inovasi"]
    assert lengkap["profil"][5] == {"nomor": 6, "nama": "Hasil Inovasi", "ada": True, "kata": 6, "minimal_kata": None,
                                    "isi": "Lihat Cara Kerja (https://example.org/katalog/inovasi/lengkap/#cara-kerja), "
                                           "tebal dan kecil."}
    assert [item["indikator"] for item in lengkap["bukti"] if item["dokumen"]] == [
        "regulasi", "sdm", "anggaran", "kecepatan", "kemanfaatan", "kualitas"]
    assert run("iid", "--agency", "pkm-utar")[2] == "build.py: --agency: unknown agency 'pkm-utar' " \
                                                    "(did you mean 'pkm-utara'?)\n"


def test_a_new_or_renamed_indicator_needs_no_code(example, run):
    """Bappeda edits iid.yaml: the readiness view, the export and the proposal form follow."""
    example("iid.yaml", "  - {id: kecepatan, name: Kecepatan penciptaan inovasi, mandatory: true}",
            "  - {id: kecepatan, name: Kecepatan inovasi (baru), mandatory: true}\n"
            "  - {id: inovasi-tematik, name: Inovasi tematik, mandatory: true}")
    assert run("build", "--no-search")[0] == 0
    summary = (example.root / "site" / "iid" / "index.html").read_text(encoding="utf-8")
    assert "4. Kecepatan inovasi (baru) (wajib)" in summary and "5. Inovasi tematik (wajib)" in summary
    assert "Inovasi tematik" in (example.root / "site" / "iid" / "pkm-utara" / "index.html").read_text()
    out = run("iid", "--innovation", "lengkap")[1]
    assert "5. Inovasi tematik (wajib)\nBELUM ADA\n" in out and "4. Kecepatan inovasi (baru) (wajib)\n" in out
    labels = [question.label for question in forms.questions(forms.read_agencies(example.root / "content"),
                                                             forms.read_indicators(example.root / "content"))]
    assert "Bukti dukung: Inovasi tematik (wajib IID)" in labels
    # An entry naming an indicator the file no longer has is an error.
    example("iid.yaml", "  - {id: sdm, name: Ketersediaan SDM, mandatory: true, accepts: [pdf, foto]}\n", "")
    code, _, err = run("check")
    assert (code, err.splitlines()[0]) == (1, "content/innovations/lengkap.md:72: evidence: unknown indicator 'sdm' "
                                              "(use an indicator id from iid.yaml)")


def test_an_evidence_or_status_edit_renders_what_shows_it(example, run):
    assert run("build", "--no-search")[0] == 0
    example(LENGKAP, "    level: perkada\n", "    level: perda\n")
    code, out, _ = run("build", "--no-search")
    assert code == 0 and "rendered" in out  # an update
    site = example.root / "site"
    assert "Peraturan Daerah: 1; Peraturan Kepala Daerah: 0" in (site / "iid" / "index.html").read_text()
    assert "Peraturan Daerah: <a href" in (site / "inovasi" / "lengkap" / "index.html").read_text()
    cold = example.root / "cold"
    assert run("build", "--no-search", "--no-cache", "--out", str(cold))[0] == 0
    for path in ("iid/index.html", "inovasi/lengkap/index.html", "data/iid.json", "data/inovasi.json"):
        assert (site / path).read_bytes() == (cold / path).read_bytes(), path
