"""The proposal form (build.py forms) and its conversion into a draft entry (build.py propose),
including hostile answers: nothing in an issue is ever evaluated."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from katalog.tools import forms, propose

PROPOSALS = ROOT / "tests" / "proposals"
GITHUB_ISSUE = "https://github.com/contoh/katalog/issues/12"
ENTRY = "innovations/si-lapor-sampah.md"


@pytest.fixture
def content(tmp_path):
    """A copy of the real content, for proposals to be written into."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
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


# --- the form ---------------------------------------------------------------------------------

def test_the_committed_forms_are_what_build_py_forms_writes(run, tmp_path):
    assert run("forms", "--root", str(tmp_path), "--content", str(ROOT / "content"))[0] == 0
    for relative in (forms.GITHUB_FORM, forms.GITLAB_TEMPLATE):
        assert (ROOT / relative).read_text(encoding="utf-8") == (tmp_path / relative).read_text(encoding="utf-8"), \
            f"{relative} is out of date: run python build.py forms"


def test_the_github_form_asks_every_question_with_agencies_and_choices_from_the_model():
    form = yaml.safe_load((ROOT / forms.GITHUB_FORM).read_text(encoding="utf-8"))
    assert form["labels"] == [forms.LABEL]
    items = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9-]+", form_id) for form_id in ids)
    by_label = {item["attributes"]["label"]: item for item in items}
    agencies = by_label["Perangkat daerah pengampu"]["attributes"]["options"]
    assert "Dinas Lingkungan Hidup (dlh)" in agencies and "RSUD Tidar (rsud-tidar)" in agencies
    assert by_label["Tahap"]["attributes"]["options"] == ["Inisiatif", "Uji coba", "Penerapan"]
    assert {"Bentuk", "Inisiator", "Jenis", "Tahun mulai", "Situs layanan", "Sumber", "Kontak: jabatan atau loket",
            "Latar Belakang", "Cara Kerja", "Hasil dan Dampak", "Sumber Daya dan Biaya",
            "Langkah Replikasi"} <= set(by_label)
    assert [label for label, item in by_label.items() if item.get("validations", {}).get("required")] == \
        ["Nama inovasi", "Perangkat daerah pengampu", "Ringkasan"]
    assert all(item["attributes"].get("description") for item in items if not item["id"].startswith("contact-")
               or item["id"] == "contact-name")


def test_a_new_agency_changes_the_form(tmp_path, content):
    with open(content / "agencies.yaml", "a", encoding="utf-8") as file:
        file.write("\n- id: dinas-baru\n  name: Dinas Baru\n  short: DB\n")
    forms.write_forms(tmp_path, content)
    assert "Dinas Baru (dinas-baru)" in (tmp_path / forms.GITHUB_FORM).read_text(encoding="utf-8")
    assert (tmp_path / forms.GITHUB_FORM).read_text() != (ROOT / forms.GITHUB_FORM).read_text()


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
    assert run("build", "--content", str(content), "--drafts", "--out", str(out_dir), "--no-search", "--no-cache")[0] == 0
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
    assert comment.startswith("Usulan ini belum dapat dijadikan entri katalog.")
    assert comment.count("\n- ") == 3
    assert "- **Perangkat daerah pengampu**: agency: 'Dinas Lingkungan Hidupp' is not one of the choices" in comment
    assert "- **Ringkasan**: summary: required field is missing" in comment
    assert "- **Tahun mulai**: year: expected a year of four digits, found '20-21'" in comment


def test_an_existing_entry_is_never_overwritten(run, content, tmp_path):
    assert run_propose(run, content, PROPOSALS / "github-form.md", tmp_path)[0] == 0
    written = (content / ENTRY).read_bytes()
    code, _, err, comment = run_propose(run, content, PROPOSALS / "github-form.md", tmp_path)
    assert code == 1 and "si-lapor-sampah.md already exists: edit it, or choose another name" in err
    assert (content / ENTRY).read_bytes() == written and "**Nama inovasi**" in comment


def test_the_check_s_errors_point_at_the_answer_and_the_entry_is_removed(run, content, tmp_path):
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8").replace(
        "Tumpukan sampah liar", "Lihat [berkas](berkas-yang-tidak-ada.md). Tumpukan sampah liar")
    before = entries(content)
    code, _, err, comment = run_propose(run, content, body, tmp_path)
    line = body.splitlines().index("Lihat [berkas](berkas-yang-tidak-ada.md). Tumpukan sampah liar di pinggir jalan "
                                   "sering baru diketahui setelah warga mengeluh.") + 1
    assert code == 1 and entries(content) == before
    assert err.startswith(f"{tmp_path / 'usulan.md'}:{line}: ")
    assert "berkas-yang-tidak-ada.md" in err and "**Latar Belakang**" in comment


def test_a_body_without_the_form_s_headings_is_refused(run, content, tmp_path):
    code, _, err, _ = run_propose(run, content, "Mohon dimuat inovasi kami.\n", tmp_path)
    assert code == 1 and "the heading '### Nama inovasi' is missing" in err


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://github.com/x/issues/1", "https://a b/1", ""])
def test_the_issue_address_must_be_https(run, content, tmp_path, url):
    code, _, err, _ = run("propose", str(PROPOSALS / "github-form.md"), "--issue-url", url, "--content",
                          str(content))[:3] + ("",)
    assert code == 2 and "is not the https address of an issue" in err and entries(content) == entries(ROOT / "content")


# --- hostile answers ------------------------------------------------------------------------------

def with_answer(label: str, answer: str) -> str:
    body = (PROPOSALS / "github-form.md").read_text(encoding="utf-8")
    return re.sub(rf"(### {re.escape(label)}\n\n).*?\n\n(?=###)", lambda match: match.group(1) + answer + "\n\n",
                  body, count=1, flags=re.S)


# Each answer is either kept as harmless text (the entry builds, and the page shows it escaped) or refused
# with a clear problem; never evaluated as YAML, template code, shell or HTML.
SAFE = [
    ("Nama inovasi", "Si {{ config }} {% if 1 %}X{% endif %}", "Si {{ config }} {% if 1 %}X{% endif %}"),
    ("Nama inovasi", "<script>alert(1)</script> Lapor", "&lt;script&gt;alert(1)&lt;/script&gt; Lapor"),
    ("Nama inovasi", "!!python/object/apply:os.system ['id']", "!!python/object/apply:os.system [&#39;id&#39;]"),
    ("Nama inovasi", "$(touch /tmp/pwned) `id`", "$(touch /tmp/pwned) `id`"),
    ("Ringkasan", "---\ntitle: Palsu\n---", "--- title: Palsu ---"),
    ("Ringkasan", "Ringkas & <img src=x onerror=alert(1)>", "Ringkas &amp; &lt;img src=x onerror=alert(1)&gt;"),
    ("Latar Belakang", "---\ndraft: false\n---\n\n<script>alert(1)</script>\n\n{{ 7 * 7 }}", "{{ 7 * 7 }}"),
    ("Kontak: jabatan atau loket", "Loket\n---\nagency: dinkes", "Loket --- agency: dinkes"),
    ("Nama inovasi", "L" * 5000, "L" * 5000),  # the file name is cut at the slug's limit
]
REFUSED = [
    ("Nama inovasi", "Si Lapor\nSampah", "title: the name must be one line"),
    ("Ringkasan", "kata " * 200, "summary: "),
    ("Latar Belakang", "[klik](javascript:alert(1))", "link to 'javascript:alert(1)' is not allowed"),
    ("Sumber", "javascript:alert(1)", "sources: 'javascript:alert(1)' is not an http(s) address"),
    ("Situs layanan", "javascript:alert(1)", "website: "),
    ("Tahap", "penerapan'; rm -rf /", "stage: 'penerapan'; rm -rf /' is not one of the choices"),
]


@pytest.mark.parametrize("label, answer, shown", SAFE)
def test_hostile_answers_become_harmless_text(run, content, tmp_path, label, answer, shown):
    code, out, err, _ = run_propose(run, content, with_answer(label, answer), tmp_path)
    assert code == 0, err
    entry = (content / ENTRY.replace("si-lapor-sampah", Path(out.strip()).stem.replace(".md", ""))).read_text()
    front = entry.split("\n---\n", 1)[0]  # the front matter ends at the first line of three hyphens
    assert entry.startswith("---\n") and "draft: true" in front and "draft: false" not in front
    site = tmp_path / "site"
    assert run("build", "--content", str(content), "--drafts", "--out", str(site), "--no-search", "--no-cache")[0] == 0
    page = (site / "inovasi" / Path(out.strip()).stem / "index.html").read_text(encoding="utf-8")
    assert shown in page
    assert "<script>alert" not in page and "<img src=x" not in page and not Path("/tmp/pwned").exists()


@pytest.mark.parametrize("label, answer, problem", REFUSED)
def test_hostile_answers_are_refused_with_a_clear_problem(run, content, tmp_path, label, answer, problem):
    before = entries(content)
    code, _, err, comment = run_propose(run, content, with_answer(label, answer), tmp_path)
    assert code == 1 and entries(content) == before, err
    assert problem in err and f"**{label}**" in comment
    assert "Traceback" not in err
    assert "<script" not in comment and "](javascript" not in comment


def test_read_answers_keeps_markdown_headings_inside_an_answer_and_drops_gitlab_comments():
    answers, problems = propose.read_answers(
        "### A\n\n<!-- bantuan -->\nsatu\n### Bukan judul formulir\ndua\n### B\n\n_No response_\n", ["A", "B"])
    assert problems == []
    assert answers["A"].text == "satu\n### Bukan judul formulir\ndua" and answers["A"].line == 4
    assert answers["B"].text == ""
