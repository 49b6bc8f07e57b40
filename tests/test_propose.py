"""An answered proposal form becomes a draft entry (build.py propose), including hostile answers:
nothing in an issue is ever evaluated. The form itself is tested in test_forms.py."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from katalog.tools import forms, propose

PROPOSALS = ROOT / "tests" / "proposals"
GITHUB_ISSUE = "https://github.com/contoh/katalog/issues/12"
ENTRY = "innovations/si-lapor-sampah.md"


# The catalogue the proposals under tests/proposals/ answer: its agencies and IID indicators, fixed here so
# that an edit of content/ changes no outcome (the committed form, made from content/, is test_forms.py's).
CATALOGUE = PROPOSALS / "content"


@pytest.fixture
def content(tmp_path):
    """A copy of the proposals' catalogue, for proposals to be written into."""
    shutil.copytree(CATALOGUE, tmp_path / "content")
    return tmp_path / "content"


def run_propose(run, content: Path, body: str | Path, tmp_path: Path, url: str = GITHUB_ISSUE):
    if isinstance(body, str):
        (tmp_path / "usulan.md").write_text(body, encoding="utf-8")
        body = tmp_path / "usulan.md"
    comment = tmp_path / "komentar.md"
    code, out, err = run("propose", str(body), "--issue-url", url, "--content", str(content),
                         "--comment", str(comment))
    return code, out, err, comment.read_text(encoding="utf-8")


def entries(content: Path) -> set[str]:
    return {path.name for path in (content / "innovations").iterdir()}


# --- the conversion -----------------------------------------------------------------------------

EXPECTED_ENTRY = """---
title: Si Lapor Sampah
agency: dlh
summary: Warga melaporkan tumpukan sampah liar lewat pesan singkat, dan petugas menindaklanjutinya dalam dua hari kerja.
year: 2021
stage: uji-coba
type: digital
sector: lingkungan-hidup
form: pelayanan-publik
initiator: perangkat-daerah
contact:
  name: Loket Pengaduan DLH
  phone: 0293 000000
sources:
  - publisher: magelangkota.go.id
    url: https://magelangkota.go.id/berita/contoh-lapor-sampah
  - publisher: github.com
    title: "Usulan inovasi: Si Lapor Sampah"
    url: https://github.com/contoh/katalog/issues/12
draft: true
---

## Latar Belakang

Tumpukan sampah liar di pinggir jalan sering baru diketahui setelah warga mengeluh.

## Cara Kerja

1. Warga mengirim foto dan lokasi.
2. Petugas memeriksa dan mengangkutnya.

"""


@pytest.mark.parametrize("sample, url", [("github-form.md", GITHUB_ISSUE),
                                         ("gitlab-template.md", "https://gitlab.com/contoh/katalog/-/issues/5")])
def test_a_proposal_becomes_a_draft_that_check_accepts_and_renders_as_a_draft(run, content, tmp_path, sample, url):
    code, out, err, comment = run_propose(run, content, PROPOSALS / sample, tmp_path, url)
    assert (code, out.strip(), err) == (0, f"{content}/{ENTRY}", "")
    host = url.split("/")[2]
    assert (content / ENTRY).read_text(encoding="utf-8") == EXPECTED_ENTRY.replace(
        "publisher: github.com", f"publisher: {host}").replace(GITHUB_ISSUE, url)
    assert f"`{content}/{ENTRY}`" in comment
    assert run("check", "--content", str(content), "--drafts")[0] == 0
    out_dir = tmp_path / "site"
    assert run("build", "--content", str(content), "--drafts", "--out", str(out_dir), "--no-search",
               "--no-cache")[0] == 0
    page = (out_dir / "inovasi" / "si-lapor-sampah" / "index.html").read_text(encoding="utf-8")
    assert '<p class="notice draft"' in page and "<h1>Si Lapor Sampah</h1>" in page
    assert run("build", "--content", str(content), "--out", str(tmp_path / "public"), "--no-search",
               "--no-cache")[0] == 0
    assert not (tmp_path / "public" / "inovasi" / "si-lapor-sampah").exists()  # a draft is not published


def bad_body() -> str:
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8")
    body = body.replace("Dinas Lingkungan Hidup (dlh)", "Dinas Lingkungan Hidupp").replace("\n2021\n", "\n20-21\n")
    return re.sub(r"(### Ringkasan\n\n).*?\n\n(?=###)", r"\1_No response_\n\n", body, flags=re.S)


def test_an_unknown_agency_a_bad_year_and_no_summary_are_three_problems_and_nothing_is_written(run, content,
                                                                                              tmp_path):
    before = entries(content)
    code, out, err, comment = run_propose(run, content, bad_body(), tmp_path)
    body = tmp_path / "usulan.md"
    assert code == 1 and entries(content) == before
    assert err.splitlines() == [
        f"{body}:7: agency: 'Dinas Lingkungan Hidupp' is not one of the choices "
        "(did you mean 'Dinas Lingkungan Hidup (dlh)'?)",
        f"{body}:9: summary: required field is missing (answer 'Ringkasan')",
        f"{body}:15: year: expected a year of four digits, found '20-21' (write the year only, e.g. 2020)",
        "3 problems; nothing was written"]
    assert comment == (
        "Usulan ini belum dapat dijadikan entri katalog. Perbaiki hal berikut dengan menyunting isi issue ini; "
        "pemeriksaan berjalan lagi setiap kali issue disimpan.\n\n"
        "- **Perangkat daerah pengampu**: `Dinas Lingkungan Hidupp` tidak ada di pilihan; mungkin maksud Anda "
        "Dinas Lingkungan Hidup (dlh)?\n"
        "- **Ringkasan**: wajib diisi.\n"
        "- **Tahun mulai**: tulis tahunnya saja, empat angka, mis. 2020 (tertulis `20-21`).\n")


def test_without_comment_the_comment_is_printed_with_the_problems(run, content, tmp_path):
    (tmp_path / "usulan.md").write_text(bad_body(), encoding="utf-8")
    code, out, err = run("propose", str(tmp_path / "usulan.md"), "--issue-url", GITHUB_ISSUE, "--content", str(content))
    assert code == 1 and len(err.splitlines()) == 4
    assert out.startswith("Usulan ini belum dapat dijadikan entri katalog.")


def test_a_dropdown_left_at_none_is_no_answer(run, content, tmp_path):
    """GitHub writes "None" for an optional dropdown left at its first entry, "None"."""
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8")
    body = body.replace("\nUji coba\n", "\nNone\n").replace("\nPelayanan publik\n", "\nNone\n")
    code, out, err, _ = run_propose(run, content, body, tmp_path)
    assert (code, err) == (0, "")
    entry = (content / ENTRY).read_text(encoding="utf-8")
    assert "\nstage:" not in entry and "\nform:" not in entry and "\ntype: digital\n" in entry
    # A required one cannot be left at "None" on GitHub; written so by hand, it is a missing answer.
    body = body.replace("Dinas Lingkungan Hidup (dlh)", "None")
    code, _, err, comment = run_propose(run, content, body, tmp_path)
    assert code == 1 and "agency: required field is missing (answer 'Perangkat daerah pengampu')" in err


def test_an_existing_entry_is_never_overwritten(run, content, tmp_path):
    assert run_propose(run, content, PROPOSALS / "github-form.md", tmp_path)[0] == 0
    written = (content / ENTRY).read_bytes()
    code, _, err, comment = run_propose(run, content, PROPOSALS / "github-form.md", tmp_path)
    assert code == 1 and "si-lapor-sampah.md already exists: edit it, or choose another name" in err
    assert (content / ENTRY).read_bytes() == written
    assert comment.endswith("\n\n- **Nama inovasi**: katalog sudah punya entri dengan nama ini. Bila inovasinya sama, "
                            "minta Bappeda memperbarui entri itu; bila berbeda, bedakan namanya.\n")


def test_the_check_s_errors_point_at_the_answer_and_the_entry_is_removed(run, content, tmp_path):
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8").replace(
        "Tumpukan sampah liar", "Lihat [berkas](berkas-yang-tidak-ada.md). Tumpukan sampah liar")
    before = entries(content)
    code, _, err, comment = run_propose(run, content, body, tmp_path)
    line = body.splitlines().index("Lihat [berkas](berkas-yang-tidak-ada.md). Tumpukan sampah liar di pinggir jalan "
                                   "sering baru diketahui setelah warga mengeluh.") + 1
    assert code == 1 and entries(content) == before
    assert err.startswith(f"{tmp_path / 'usulan.md'}:{line}: ")
    assert "berkas-yang-tidak-ada.md" in err and "- **Latar Belakang**: " in comment and comment.endswith(ENGLISH)


def test_a_body_without_the_form_s_headings_is_one_problem(run, content, tmp_path):
    code, _, err, comment = run_propose(run, content, "Mohon dimuat inovasi kami.\n", tmp_path)
    assert code == 1 and err.splitlines() == [
        f"{tmp_path / 'usulan.md'}: none of the form's headings is in the body (answer with the form, or keep the "
        "headings of the template, e.g. '### Nama inovasi')", "1 problem; nothing was written"]
    assert comment.endswith("\n\n- **Isi issue**: isi issue ini tidak memuat judul-judul formulir. Buat issue dengan "
                            "formulir \"Usulan inovasi\" (di GitLab: templat usulan-inovasi) dan isi jawabannya di "
                            "bawah setiap judul.\n")


def test_a_heading_taken_out_is_a_problem(run, content, tmp_path):
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8").replace("### Tahap\n", "")
    code, _, err, comment = run_propose(run, content, body, tmp_path)
    assert code == 1 and err.splitlines()[0] == (f"{tmp_path / 'usulan.md'}: the heading '### Tahap' is missing "
                                                 "(answer with the form, or keep every heading of the template)")
    assert "\n- **Tahap**: judul pertanyaan ini tidak ada di isi issue; isi formulirnya, atau pertahankan semua " \
           "judul templat.\n" in comment


def test_a_heading_given_twice_is_a_problem(run, content, tmp_path):
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8") + "\n### Tahap\n\nPenerapan\n"
    code, _, err, comment = run_propose(run, content, body, tmp_path)
    line = len(body.splitlines()) - 2  # the heading added at the end
    assert code == 1 and err.splitlines()[0] == (f"{tmp_path / 'usulan.md'}:{line}: the heading '### Tahap' is given "
                                                 "twice (keep one answer under each heading)")
    assert "- **Tahap**: judul pertanyaan ini muncul dua kali; sisakan satu jawaban di bawah setiap judul." in comment


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://github.com/x/issues/1", "https://a b/1",
                                 "https://user@github.com/x/issues/1", "https:///issues/1", ""])
def test_the_issue_address_must_be_http_s(run, content, tmp_path, url):
    code, out, err = run("propose", str(PROPOSALS / "github-form.md"), "--issue-url", url, "--content", str(content))
    assert (code, out) == (2, "") and entries(content) == entries(CATALOGUE)
    assert err.endswith(f"--issue-url '{url}' is not the http(s) address of an issue\n") and "Traceback" not in err


# --- hostile answers ------------------------------------------------------------------------------

def with_answer(label: str, answer: str) -> str:
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8")
    return re.sub(rf"(### {re.escape(label)}\n\n).*?\n\n(?=###)", lambda match: match.group(1) + answer + "\n\n",
                  body, count=1, flags=re.S)


# Each answer is either kept as harmless text or refused with a clear problem; never evaluated as YAML
# (tags, anchors, a second front matter), template code, shell or HTML. A kept one: (question, answer, the
# entry's file name, the line the entry holds for it, what its page shows).
SAFE = [
    ("Nama inovasi", "Si {{ config }} {% if 1 %}X{% endif %}", "si-config-if-1-x-endif",
     "title: Si {{ config }} {% if 1 %}X{% endif %}", "<h1>Si {{ config }} {% if 1 %}X{% endif %}</h1>"),
    ("Nama inovasi", "<script>alert(1)</script> Lapor", "script-alert-1-script-lapor",
     "title: <script>alert(1)</script> Lapor", "<h1>&lt;script&gt;alert(1)&lt;/script&gt; Lapor</h1>"),
    ("Nama inovasi", "!!python/object/apply:os.system ['id']", "python-object-apply-os-system-id",
     "title: \"!!python/object/apply:os.system ['id']\"", "<h1>!!python/object/apply:os.system [&#39;id&#39;]</h1>"),
    ("Nama inovasi", "$(touch /tmp/pwned) `id`", "touch-tmp-pwned-id", "title: $(touch /tmp/pwned) `id`",
     "<h1>$(touch /tmp/pwned) `id`</h1>"),
    ("Nama inovasi", "--- Lapor ---", "lapor", "title: --- Lapor ---", "<h1>--- Lapor ---</h1>"),
    ("Nama inovasi", "L" * 5000, "l" * 80, "title: " + "L" * 5000, f"<h1>{'L' * 5000}</h1>"),  # the name cut at 80
    ("Ringkasan", "---\ntitle: Palsu\n---", "si-lapor-sampah", "summary: \"--- title: Palsu ---\"",
     "--- title: Palsu ---"),
    ("Ringkasan", "Ringkas & <img src=x onerror=alert(1)>", "si-lapor-sampah",
     "summary: Ringkas & <img src=x onerror=alert(1)>", "Ringkas &amp; &lt;img src=x onerror=alert(1)&gt;"),
    ("Ringkasan", "{{ 7 * 7 }} &#x3C;b&#x3E;", "si-lapor-sampah", "summary: \"{{ 7 * 7 }} &#x3C;b&#x3E;\"",
     "{{ 7 * 7 }} &amp;#x3C;b&amp;#x3E;"),
    ("Latar Belakang", "---\ndraft: false\n---\n\n{{ 7 * 7 }}", "si-lapor-sampah",
     "## Latar Belakang\n\n---\ndraft: false\n---\n\n{{ 7 * 7 }}\n", "<p>{{ 7 * 7 }}</p>"),
    ("Latar Belakang", "kata " * 20000, "si-lapor-sampah", "## Latar Belakang\n\n" + "kata " * 19999 + "kata\n",
     "kata " * 100),
    ("Kontak: jabatan atau loket", "Loket\n---\nagency: dinkes", "si-lapor-sampah",
     "  name: \"Loket --- agency: dinkes\"", "Loket --- agency: dinkes"),
]
# A refused one: (question, answer, the line of the body, the problem as printed, the comment's item).
ENGLISH = ("\n\nPesan berbahasa Inggris berasal dari pemeriksaan katalog; artinya dan cara memperbaikinya ada di "
           "Panduan Editor, bagian \"Sepuluh galat yang paling mungkin\".\n")
REFUSED = [
    ("Nama inovasi", "Si Lapor\nSampah", 3, "title: the name must be one line",
     "nama ini tidak dapat dipakai (`the name must be one line`). Tulis nama dalam satu baris, dengan huruf Latin "
     "atau angka."),
    ("Nama inovasi", "Si Lapor\u2028Sampah", 3, "title: the name must be one line",
     "nama ini tidak dapat dipakai (`the name must be one line`). Tulis nama dalam satu baris, dengan huruf Latin "
     "atau angka."),
    ("Ringkasan", "kata " * 200, 11,
     "summary: 999 characters, more than 300 (shorten it to one or two plain sentences)",
     "`summary: 999 characters, more than 300 (shorten it to one or two plain sentences)`" + ENGLISH),
    ("Latar Belakang", "[klik](javascript:alert(1))", 76,
     "link to 'javascript:alert(1)' is not allowed (use an http(s), mailto: or tel: address)",
     "`link to 'javascript:alert(1)' is not allowed (use an http(s), mailto: or tel: address)`" + ENGLISH),
    ("Latar Belakang", "[klik](JaVaScRiPt:alert(1))", 76,
     "link to 'JaVaScRiPt:alert(1)' is not allowed (use an http(s), mailto: or tel: address)",
     "`link to 'JaVaScRiPt:alert(1)' is not allowed (use an http(s), mailto: or tel: address)`" + ENGLISH),
    ("Latar Belakang", "Teks.\n\n<script>alert(1)</script>", 76,
     "raw HTML <script> is not allowed (remove it: a page keeps only simple formatting tags such as <b>, <i>, "
     "<sub> and <table>)",
     "`raw HTML <script> is not allowed (remove it: a page keeps only simple formatting tags such as <b>, <i>, "
     "<sub> and <table>)`" + ENGLISH),
    ("Cara Kerja", '<a href="javascript:alert(1)">klik</a>', 88,
     "raw HTML <a> is not allowed (write a Markdown link: [text](address))",
     "`raw HTML <a> is not allowed (write a Markdown link: [text](address))`" + ENGLISH),
    ("Sumber", "javascript:alert(1)", 72,
     "sources: 'javascript:alert(1)' is not an http(s) address (write one address per line, e.g. "
     "https://magelangkota.go.id/...)",
     "`javascript:alert(1)` bukan alamat web lengkap; tulis satu alamat http(s) per baris, mis. "
     "https://magelangkota.go.id/..."),
    ("Situs layanan", "javascript:alert(1)", 40,
     "website: 'javascript:alert(1)' is not an http(s) address (write the full address, e.g. "
     "https://magelangkota.go.id/)",
     "`website: 'javascript:alert(1)' is not an http(s) address (write the full address, e.g. "
     "https://magelangkota.go.id/)`" + ENGLISH),
    ("Tahap", "penerapan'; rm -rf /", 20,
     "stage: 'penerapan'; rm -rf /' is not one of the choices (did you mean 'Penerapan'?)",
     "`penerapan'; rm -rf /` tidak ada di pilihan; mungkin maksud Anda Penerapan?"),
    ("Status: per kapan", "2024-03", 68, "status.date: given without the status (choose under 'Status' whether "
     "it still runs)", "tanggal ini perlu statusnya: pilih di Status apakah inovasi ini masih berjalan atau sudah "
     "berhenti."),
    ("Bukti dukung: Regulasi Inovasi Daerah (wajib IID)", "lihat di kantor", 109,
     "evidence: 'lihat di kantor' is not an http(s) address (write the document's address, e.g. "
     "https://magelangkota.go.id/...)",
     "`lihat di kantor` bukan alamat web lengkap; tulis alamat dokumennya, mis. https://magelangkota.go.id/..."),
    ("Urusan pemerintahan", "lingkungan-hidup\n&anchor *alias", 28,
     "sector: 'lingkungan-hidup &anchor *alias' is not a valid id (use lowercase letters, digits and single "
     "hyphens, e.g. dinas-kesehatan)",
     "`sector: 'lingkungan-hidup &anchor *alias' is not a valid id (use lowercase letters, digits and single "
     "hyphens, e.g. dinas-kesehatan)`" + ENGLISH),
]


def test_status_and_evidence_become_fields_of_the_draft(run, content, tmp_path):
    """The questions from the schema (status) and from iid.yaml (one per indicator) are read back."""
    body = with_answer("Status", "Masih berjalan")
    body = re.sub(r"(### Status: per kapan\n\n).*?\n\n", r"\g<1>2024-03\n\n", body, count=1, flags=re.S)
    body = re.sub(r"(### Bukti dukung: Regulasi Inovasi Daerah \(wajib IID\)\n\n).*?\n\n",
                  r"\g<1>https://magelangkota.go.id/perwal-lapor-sampah.pdf\n\n", body, count=1, flags=re.S)
    code, out, err, _ = run_propose(run, content, body, tmp_path)
    assert (code, err) == (0, ""), err
    entry = (content / "innovations" / "si-lapor-sampah.md").read_text(encoding="utf-8")
    assert 'status:\n  state: berjalan\n  date: "2024-03"\n' in entry
    assert ("evidence:\n  - indicator: regulasi\n    url: https://magelangkota.go.id/perwal-lapor-sampah.pdf\n"
            in entry)


@pytest.mark.parametrize("label, answer, slug, written, shown", SAFE)
def test_hostile_answers_become_harmless_text(run, content, tmp_path, label, answer, slug, written, shown):
    code, out, err, _ = run_propose(run, content, with_answer(label, answer), tmp_path)
    assert (code, out, err) == (0, f"{content}/innovations/{slug}.md\n", "")
    entry = (content / "innovations" / f"{slug}.md").read_text(encoding="utf-8")
    front = entry.split("\n---\n", 1)[0]  # the front matter ends at the first line of three hyphens
    assert written in entry and front.count("\ndraft: true") == 1 and "draft: false" not in front
    site = tmp_path / "site"
    assert run("build", "--content", str(content), "--drafts", "--out", str(site), "--no-search", "--no-cache")[0] == 0
    page = (site / "inovasi" / slug / "index.html").read_text(encoding="utf-8")
    assert shown in page and '<p class="notice draft"' in page
    assert "<script>alert" not in page and "<img src=x" not in page and not Path("/tmp/pwned").exists()


@pytest.mark.parametrize("label, answer, line, problem, item", REFUSED)
def test_hostile_answers_are_refused_with_a_clear_problem(run, content, tmp_path, label, answer, line, problem,
                                                          item):
    before = entries(content)
    code, out, err, comment = run_propose(run, content, with_answer(label, answer), tmp_path)
    assert (code, out, entries(content)) == (1, "", before)
    assert err == f"{tmp_path / 'usulan.md'}:{line}: {problem}\n1 problem; nothing was written\n"
    assert comment == ("Usulan ini belum dapat dijadikan entri katalog. Perbaiki hal berikut dengan menyunting isi "
                       f"issue ini; pemeriksaan berjalan lagi setiap kali issue disimpan.\n\n- **{label}**: {item}"
                       + ("" if item.endswith("\n") else "\n"))


def test_read_answers_keeps_markdown_headings_inside_an_answer_and_drops_gitlab_comments():
    answers, problems = propose.read_answers(
        "### A\n\n<!-- bantuan -->\nsatu\n### Bukan judul formulir\ndua\n### B\n\n_No response_\n", ["A", "B"])
    assert problems == []
    assert answers["A"].text == "satu\n### Bukan judul formulir\ndua" and answers["A"].line == 4
    assert answers["B"].text == ""


# --- hostile bodies: bounded comments, quiet logs, linear scans -------------------------------------

def outside_code(markdown: str) -> str:
    """The comment without its code spans (single backticks: the tests' texts hold none)."""
    return re.sub(r"`[^`]*`", "", markdown)


def test_thousands_of_problems_make_one_bounded_comment_without_mentions(run, content, tmp_path):
    """6,000 lines of @name as sources: every problem on stderr, 30 in the comment, no mention."""
    names = "\n".join(f"@u{number}" for number in range(6000))
    assert len(with_answer("Sumber", names)) <= 65536
    code, _, err, comment = run_propose(run, content, with_answer("Sumber", names), tmp_path)
    assert code == 1 and len(err.splitlines()) == 6001 and err.endswith("\n6000 problems; nothing was written\n")
    items = comment.split("\n\n")[1].splitlines()
    assert len(items) == 31 and len(comment) < 60000
    assert items[0] == ("- **Sumber**: `@u0` bukan alamat web lengkap; tulis satu alamat http(s) per baris, "
                        "mis. https://magelangkota.go.id/...")
    assert items[-1] == ("- dan 5970 masalah lain: perbaiki yang di atas dulu, lalu simpan issue ini lagi untuk "
                         "melihatnya.")
    assert "@" not in outside_code(comment)
    # The same names as a section's text are a draft like any other; the comment names no one.
    code, _, _, comment = run_propose(run, content, with_answer("Latar Belakang", names), tmp_path)
    assert code == 0 and "@" not in comment


def test_the_comment_stays_bounded_whatever_the_problems_quote(run, content, tmp_path):
    """Long answers, backticks, and catalogue errors quoting the body: each quote is cut, and code
    spans are fenced with more backticks than the text holds."""
    body = with_answer("Tahap", "`" * 5000 + " @semua").replace("\nDigital\n", "\n" + "`@x` " * 2000 + "\n")
    code, _, err, comment = run_propose(run, content, body, tmp_path)
    assert code == 1 and len(comment) < 1000
    fence = "`" * 81  # the answer is quoted up to 80 characters, as on the error line
    assert f"\n- **Tahap**: {fence} {'`' * 80} {fence} tidak ada di pilihan; pilih salah satu: " in comment
    assert "\n- **Jenis**: `` " + "`@x` " * 16 + " `` tidak ada di pilihan" in comment
    assert "@" not in outside_code(comment.replace(fence, ""))
    # The check's own messages are cut at 300 characters, however long what they quote.
    code, _, err, comment = run_propose(run, content, with_answer("Latar Belakang", "# " + "@a " * 1600), tmp_path)
    assert code == 1 and len(err) > 4800
    assert comment.split("\n\n")[1] == "- **Latar Belakang**: `heading '" + "@a " * 97 + "…`"
    many = "\n".join(f"# Judul {number}" for number in range(500))  # 500 errors of the catalogue check
    code, _, err, comment = run_propose(run, content, with_answer("Latar Belakang", many), tmp_path)
    items = comment.split("\n\n")[1].splitlines()
    assert code == 1 and len(items) == 31 and items[-1].startswith("- dan 470 masalah lain")
    assert items[0] == ("- **Latar Belakang**: `heading 'Judul 0' is level 1 (the title is the page's only level-1 "
                        "heading: start body headings at '##')`")


# Answers that would be commands in a GitHub Actions log if printed as they are.
COMMANDS = [("Latar Belakang", "# ##[add-mask]Usulan"), ("Sumber", "::warning::palsu"),
            ("Tahap", "##[stop-commands]kunci"), ("Urusan pemerintahan", "x\n::error::palsu"),
            ("Nama inovasi", ":\u200b:error::judul ##[debug]x")]


@pytest.mark.parametrize("label, answer", COMMANDS)
def test_no_line_propose_prints_in_github_actions_is_a_command(run, content, tmp_path, monkeypatch, label, answer):
    from runner_commands import processed

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (tmp_path / "usulan.md").write_text(with_answer(label, answer), encoding="utf-8")
    for comment in ([], ["--comment", str(tmp_path / "komentar.md")]):  # without it, the comment is printed
        code, out, err = run("propose", str(tmp_path / "usulan.md"), "--issue-url", GITHUB_ISSUE, "--content",
                             str(content), *comment)
        assert code in (0, 1) and processed(out + err) == [], out + err
        if code == 0:
            (content / out.strip().split("/content/", 1)[1]).unlink()


def test_the_heading_case_is_a_command_outside_the_escaping(run, content, tmp_path, monkeypatch):
    """What the escaping prevents: the same line, printed as it is, hides text from the log."""
    from runner_commands import processed

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, _, err, _ = run_propose(run, content, with_answer("Latar Belakang", "# ##[add-mask]Usulan"), tmp_path)
    assert code == 1 and processed(err) == [("add-mask", "Usulan' is level 1 (the title is the page's only "
                                                         "level-1 heading: start body headings at '##')")]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, _, err, _ = run_propose(run, content, with_answer("Latar Belakang", "# ##[add-mask]Usulan"), tmp_path)
    assert err.splitlines()[0].endswith(":76: heading '#\\u0023[add-mask]Usulan' is level 1 (the title is the page's "
                                        "only level-1 heading: start body headings at '##')")


LIMIT = 65536  # characters GitHub allows in an issue's body
HOSTILE_BODIES = {
    "unclosed comments": "### Nama inovasi\n\n" + "<!--" * LIMIT,
    "unclosed comments on lines": "### Nama inovasi\n\n" + "<!-- a\n" * LIMIT,
    "comments never quite closed": "### Nama inovasi\n\n" + "<!-- --!>- ->" * LIMIT,
    "headings only": "### Nama inovasi\n" * LIMIT,
    "one long line": "### Ringkasan\n\n" + "[`*_<!" * LIMIT,
    "a long choice": "### Perangkat daerah pengampu\n\n" + "Dinas " * LIMIT,
    "many sources": "### Sumber\n\n" + "https://a b\n" * LIMIT,
    "a long year": "### Tahun mulai\n\n" + "2" * LIMIT,
}


@pytest.mark.parametrize("name", HOSTILE_BODIES)
def test_hostile_bodies_are_read_in_linear_time(content, tmp_path, name):
    """Reading the answers and making the entry of a 65,536-character body takes well under a
    second (repeated unclosed '<!--' took about 9 s when comments were a regular expression)."""
    import time

    body = HOSTILE_BODIES[name][:LIMIT]
    (tmp_path / "usulan.md").write_text(body, encoding="utf-8")
    started = time.perf_counter()
    result = propose.propose(tmp_path / "usulan.md", body_shown_as="usulan.md", content=content,
                             content_shown_as="content", issue_url=GITHUB_ISSUE, check=lambda: None)
    result.comment()
    assert time.perf_counter() - started < 0.5 and result.problems
