"""Templates: autoescape everywhere, and template errors that name the template and line."""
import re
import shutil

from conftest import ROOT
from katalog.content.catalogue import build_catalogue
from katalog.errors import BuildFailed
from katalog.content.load import load
from katalog.render.kinds import plan
from katalog.render.templates import render_pages, static_assets


def render(root, templates):
    catalogue = build_catalogue(load(root / "content", shown_as="content"))
    return {out.path: out.data.decode() for out in render_pages(plan(catalogue), catalogue=catalogue,
                                                                 templates=templates,
                                                                 assets=static_assets(templates))}


def test_content_is_escaped_and_jinja_in_content_is_text(site_dir):
    site_dir({"innovations/sipput.md": '---\ntitle: "<script>alert(1)</script> {{ 7*7 }}"\nagency: dlh\n'
                                       'summary: "\\" onmouseover=\\"alert(1)"\n---\n{% raw %}{{ 7*7 }}\n'})
    html = render(site_dir.root, ROOT / "templates")["inovasi/sipput/index.html"]
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert 'content="&#34; onmouseover=&#34;alert(1)"' in html
    assert "{% raw %}{{ 7*7 }}" in html and "49" not in html


def test_template_errors_name_template_line_and_page(site_dir, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "404.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }}\n'
                                        '{% endblock %}\n')
    try:
        render(site_dir.root, templates)
    except BuildFailed as failed:
        assert [str(error) for error in failed.errors] == [
            "templates/404.html:3: template error: 'nothing' is undefined (while rendering /404.html)"]
    else:
        raise AssertionError("a broken template must fail the build")


def test_one_template_fault_is_one_error(site_dir, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "agency.html").write_text("{% if %}\n")
    try:
        render(site_dir.root, templates)
    except BuildFailed as failed:
        assert [str(error) for error in failed.errors] == [
            "templates/agency.html:1: template syntax: Expected an expression, got 'end of statement block' "
            "(while rendering /opd/dinkes/ and 1 more pages)"]
    else:
        raise AssertionError("a broken template must fail the build")


CITY_RECORD = """\
    ---
    title: SIPPUT
    agency: dlh
    summary: Layanan sampah.
    form: tata-kelola
    initiator: masyarakat
    trial_date: "2019"
    implementation_date: "2020-01"
    replications:
      - by: Kabupaten Temanggung
        kind: studi-tiru
        date: 2023-05-10
        description: Kunjungan belajar.
        source: {publisher: ANTARA, title: Temanggung belajar, url: "https://example.org/b", note: advertorial}
    ---
    """


def facts_of(html: str) -> str:
    return html.partition('<section class="facts"')[2].partition("</section>")[0]


def test_the_facts_box_shows_form_initiator_and_dates_where_known(site_dir):
    site_dir({"innovations/sipput.md": CITY_RECORD})
    html = render(site_dir.root, ROOT / "templates")["inovasi/sipput/index.html"]
    facts = facts_of(html)
    assert ('<dt data-pagefind-ignore>Bentuk</dt><dd><a href="../../bentuk/tata-kelola/index.html" '
            'data-pagefind-filter="Bentuk">Tata kelola pemerintahan daerah</a></dd>') in facts
    assert '<dt data-pagefind-ignore>Inisiator</dt><dd data-pagefind-filter="Inisiator">Masyarakat</dd>' in facts
    assert '<dt data-pagefind-ignore>Waktu uji coba</dt><dd><time datetime="2019">2019</time></dd>' in facts
    assert '<dt data-pagefind-ignore>Waktu penerapan</dt><dd><time datetime="2020-01">Januari 2020</time></dd>' in facts
    gaps = html.partition('<section class="gaps"')[2].partition("</section>")[0]
    assert not {"Bentuk inovasi", "Inisiator", "Waktu uji coba", "Waktu penerapan"} & set(
        re.findall(r"<li>(.*?)</li>", gaps))
    replications = html.partition('<h2 id="Replikasi">Replikasi</h2>')[2].partition("</section>")[0]
    assert ('<p><strong>Kabupaten Temanggung</strong> · Studi tiru (kunjungan belajar) · '
            '<time datetime="2023-05-10">10 Mei 2023</time></p>') in replications
    assert ('<p class="meta">Sumber: <a href="https://example.org/b">Temanggung belajar</a>, ANTARA (advertorial).</p>'
            in replications)


def test_without_them_the_facts_box_is_silent_and_the_gaps_name_them(site_dir):
    html = render(site_dir.root, ROOT / "templates")["inovasi/sipput/index.html"]
    for label in ("Bentuk", "Inisiator", "Waktu uji coba", "Waktu penerapan"):
        assert f">{label}</dt>" not in facts_of(html)
    gaps = html.partition('<section class="gaps"')[2].partition("</section>")[0]
    assert ("<li>Jenis inovasi</li><li>Bentuk inovasi</li><li>Inisiator</li><li>Waktu uji coba</li>"
            "<li>Waktu penerapan</li><li>Urusan pemerintahan (sektor)</li>") in gaps
    assert 'id="Replikasi"' not in html


def test_the_replications_page_lists_every_replication_with_its_innovation(site_dir):
    site_dir({"innovations/sipput.md": CITY_RECORD})
    html = render(site_dir.root, ROOT / "templates")["replikasi/index.html"]
    assert "<h1>Replikasi dan studi tiru</h1>" in html
    assert "<p>1 replikasi dan studi tiru yang tercatat, terbaru lebih dahulu.</p>" in html
    assert '<p>Inovasi: <a href="../inovasi/sipput/index.html">SIPPUT</a></p>' in html
    assert "<p>Kunjungan belajar.</p>" in html


def test_an_award_without_giver_or_rank_says_so(site_dir):
    site_dir({"awards.yaml": "- id: lomba-kota-2023\n  name: Lomba Inovasi Kota\n  year: 2023\n  level: kota\n"
                             "  date: 2023-08-17\n  description: Diadakan *setiap tahun*.\n"})
    pages = render(site_dir.root, ROOT / "templates")
    award = pages["penghargaan/lomba-kota-2023/index.html"]
    assert '<p class="unknown">Pemberi penghargaan tidak disebutkan dalam sumber.</p>' in award
    assert '<p class="unknown">Peringkat tidak disebutkan dalam sumber.</p>' in award
    assert ">Pemberi</dt>" not in award
    assert '<dt data-pagefind-ignore>Waktu</dt><dd><time datetime="2023-08-17">17 Agustus 2023</time></dd>' in award
    assert '<div class="body"><p>Diadakan <em>setiap tahun</em>.</p></div>' in award
    listing = pages["penghargaan/index.html"]
    assert '<p class="meta">Tingkat kota. Pemberi penghargaan tidak disebutkan dalam sumber.</p>' in listing
    assert "Peringkat tidak disebutkan" not in listing  # on the award's own page only


def test_the_awards_page_shows_a_table_per_indicator_with_decimal_commas(site_dir):
    site_dir({"indikator.yaml": """\
        - id: iid-2023
          name: Indeks Inovasi Daerah
          year: 2023
          value: 59.28
          predicate: Sangat Inovatif
          sources: [{publisher: Kemendagri, note: rilis}]
        - id: iid-2022
          name: Indeks Inovasi Daerah
          year: 2022
          value: 1250
          sources: [{publisher: ANTARA}]
        - id: ikm-2023
          name: Indeks Kepuasan Masyarakat
          year: 2023
          value: 88.5
          sources: [{publisher: Ombudsman}]
        """})
    html = render(site_dir.root, ROOT / "templates")["penghargaan/index.html"]
    tables = re.findall(r'<table class="indicator">(.*?)</table>', html, flags=re.S)
    assert [re.search(r"<caption>(.*?)</caption>", table)[1] for table in tables] == [
        "Indeks Inovasi Daerah", "Indeks Kepuasan Masyarakat"]
    assert re.findall(r"<tr><th scope=\"row\">(\d+)</th><td class=\"number\">(.*?)</td><td>(.*?)</td><td>(.*?)</td>",
                      tables[0]) == [("2022", "1.250", "", "ANTARA."),
                                     ("2023", "59,28", "Sangat Inovatif", "Kemendagri (rilis).")]
    assert '<td class="number">88,5</td>' in tables[1]


def test_the_forms_index_explains_the_forms_when_no_entry_gives_one(site_dir):
    html = render(site_dir.root, ROOT / "templates")["bentuk/index.html"]
    assert ("<p>Peraturan Pemerintah Nomor 38 Tahun 2017 tentang Inovasi Daerah (Pasal 9) membagi inovasi daerah "
            "dalam tiga bentuk: tata kelola pemerintahan daerah; pelayanan publik; inovasi daerah lainnya.</p>") in html
    assert "<p>Belum ada inovasi yang mencantumkan keterangan ini.</p>" in html
