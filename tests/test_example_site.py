"""The example site under tests/example/ builds to exactly its golden output.

After an intended change of output, regenerate the golden tree with
``UPDATE_GOLDEN=1 python -m pytest tests/test_example_site.py`` and review the diff.
"""
import os
import shutil

from conftest import ROOT, tree_bytes
from sitecheck import broken_links, parse

EXAMPLE = ROOT / "tests" / "example"


def test_example_site_matches_golden_output(run, tmp_path):
    out = tmp_path / "site"
    code, _, err = run("build", "--content", str(EXAMPLE / "content"), "--out", str(out), "--no-search", "--no-cache")
    assert (code, err) == (0, "")
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(EXAMPLE / "expected", ignore_errors=True)
        shutil.copytree(out, EXAMPLE / "expected")
    expected = tree_bytes(EXAMPLE / "expected")
    actual = tree_bytes(out)
    assert sorted(actual) == sorted(expected)
    for path in expected:
        assert actual[path] == expected[path], f"{path} differs from the golden output"


def test_example_site_links_resolve_and_pages_have_one_h1():
    site = EXAMPLE / "expected"
    assert broken_links(site) == []
    for path in site.rglob("*.html"):
        page = parse(path)
        assert page.h1_count == 1, path
        assert len(page.ids) == len(set(page.ids)), f"duplicate ids in {path}"
        assert page.policy and not page.loads_before_policy, path  # redirect pages too


def test_example_site_states_what_the_entries_say():
    full = (EXAMPLE / "expected/inovasi/lengkap/index.html").read_text()
    for text in ("Inovasi Lengkap &amp; &lt;Uji&gt;", "Puskesmas Utara", "Perusahaan Air Minum Daerah",
                 "Lomba Inovasi Contoh 2019</a>: Peringkat 1 (tingkat nasional)", "0293 000000",
                 '<a href="../../files/lengkap/panduan.pdf" data-url="https://example.org/katalog/files/lengkap/panduan.pdf">'
                 'Panduan layanan</a> (PDF, 18 B)',
                 'Terakhir ditinjau: <time datetime="2026-11-01">1 November 2026</time>',
                 '<a href="https://github.com/contoh/katalog-inovasi/edit/main/content/innovations/lengkap.md">'
                 'Sunting halaman ini</a> · <a href="https://github.com/contoh/katalog-inovasi/issues/new?'
                 'title=Kesalahan%20di%20halaman%3A%20Inovasi%20Lengkap%20%26%20%3CUji%3E&amp;body='):
        assert text in full
    assert "Belum terdokumentasi" not in full  # every field and section is there
    assert "<b>tebal</b> dan <sub>kecil</sub>" in full  # raw formatting tags are kept
    minimal = (EXAMPLE / "expected/inovasi/minimal/index.html").read_text()
    assert "Belum terdokumentasi" in minimal and "Bagian “Langkah Replikasi”" in minimal
    assert not (EXAMPLE / "expected/inovasi/draf").exists()
