"""The real catalogue in content/ builds, and every innovation, agency and award has its page."""
import re

from conftest import ROOT
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load
from sitecheck import broken_links, parse


def test_every_record_has_its_page(real_site):
    catalogue = build_catalogue(load(ROOT / "content", shown_as="content"))
    expected = (
        [f"inovasi/{entry.slug}/index.html" for entry in catalogue.innovations]
        + [f"opd/{agency.id}/index.html" for agency in catalogue.agencies]
        + [f"penghargaan/{award.id}/index.html" for award in catalogue.awards]
        + ["index.html", "inovasi/index.html", "opd/index.html", "penghargaan/index.html",
           "tentang/index.html", "404.html"]
    )
    assert [path for path in expected if not (real_site / path).is_file()] == []


def test_facts_md_records_are_all_there():
    catalogue = build_catalogue(load(ROOT / "content", shown_as="content"))
    assert set(catalogue.agency_by_id) == {
        "dlh", "disdukcapil", "diskominsta", "dinkes", "puskesmas-magelang-utara", "dishub", "disdikbud",
        "bkpsdm", "dpmptsp", "bappeda", "rsud-tidar",
        # from the third research pass
        "balitbang", "bpkad", "disperindag", "kecamatan-magelang-tengah", "pdam", "pdow-taman-kyai-langgeng"}
    assert set(catalogue.award_by_id) == {
        "iga-2017", "iga-2018", "iga-2019", "iga-2020", "iga-2024", "iga-2025", "idsd-2018", "idsd-2019",
        "kipp-2018", "kipp-2019", "kipp-2020", "kepatuhan-standar-pelayanan-publik-2022", "mia-2023", "mia-2024",
        "kompetisi-inovasi-opd-bumd-2017", "top-21-covid-2020"}
    assert {entry.title for entry in catalogue.innovations} == {
        "SIPPUT", "Pak Waris", "Si Bulan", "Data Go", "Magesty", "Gemakpitasi", "Adinda", "Inobel Stem",
        "Lakone", "Simpreso", "Si Cantik", "Siap Uji KIR Online",
        # from the second research pass
        "Si Sakti", "SIAMOR", "ATCS Audio Announcer", "HCC", "Hatii Pakkem", "Suster Mahisa",
        # from the third research pass
        "Sambang Warga", "ZAMP", "Ticketing Online PDOW Taman Kyai Langgeng", "E-Retribusi Pasar",
        "Galeri Inovasi dan Apresiasi Budaya Iptek", "Aplikasi Magelang Cerdas", "IndiGO", "Pakdewo", "Si Bahenol",
        "Jemput Sakit Antar Sehat", "Jawani", "Puskesmas Pagi-Sore", "Homecare Pusling", "DAKWAH", "SABER MAYA",
        "KETAN MENTIK", "KATUP", "Sepakat", "Jemari", "Damai Lancar"}
    assert all(entry.sources for entry in catalogue.innovations), "every innovation cites its sources"
    assert len(catalogue.innovations) >= 30
    bumd = {agency.id for agency in catalogue.agencies if agency.kind and agency.kind.value == "bumd"}
    assert bumd & set(catalogue.by_agency), "at least one BUMD leads an innovation"


def test_no_facts_of_kabupaten_magelang():
    """The regency (Kabupaten Magelang) is another government: its water company and IID figures are not the city's."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").rglob("*"))
                     if path.suffix in (".md", ".yaml"))
    for wrong in ("Tirta Gemilang", "Perumdam", "52,21", "52.21", "57,83", "57.83", "63,96", "63.96",
                  "249 inovasi", "171 inovasi", "93 inovasi"):
        assert wrong not in text, wrong


def test_real_site_links_resolve(real_site):
    assert broken_links(real_site) == []


def test_every_page_has_a_content_security_policy_before_anything_it_loads(real_site):
    pages = {path.relative_to(real_site).as_posix(): parse(path) for path in real_site.rglob("*.html")
             if not path.relative_to(real_site).as_posix().startswith("pagefind/")}
    assert len(pages) > 40
    assert {name: page.policy for name, page in pages.items() if page.policy is None} == {}
    assert {name: page.loads_before_policy for name, page in pages.items() if page.loads_before_policy} == {}
    search = pages.pop("cari/index.html").policy
    assert "script-src 'self' 'wasm-unsafe-eval';" in search
    assert {page.policy for page in pages.values()} == {search.replace(" 'wasm-unsafe-eval'", "")}  # nothing else


def test_sipput_case_page(real_site):
    html = (real_site / "inovasi/sipput/index.html").read_text()
    assert "<h1>SIPPUT</h1>" in html
    assert 'href="../../opd/dlh/index.html" data-pagefind-filter="Perangkat daerah">Dinas Lingkungan Hidup</a>' in html
    assert "Belum terdokumentasi" in html


def test_the_iid_export_of_an_entry_with_a_status_gives_its_profile_in_the_form_s_order(run):
    """content/iid.yaml's twelve profile fields, in its order, "BELUM ADA" where missing, and the status with its
    source, for each real entry that has a status (SIAMOR among them, still running in March 2024)."""
    catalogue = build_catalogue(load(ROOT / "content", shown_as="content"))
    names = [item.name for item in catalogue.iid.profile]
    assert len(names) == 12 and len(catalogue.iid.indicators) == 20
    assert [indicator.id for indicator in catalogue.iid.indicators if indicator.mandatory] == [
        "regulasi", "sdm", "kecepatan", "kemanfaatan", "kualitas"]
    with_status = [entry for entry in catalogue.innovations if entry.status]
    assert with_status
    for entry in with_status:
        code, out, err = run("iid", "--content", str(ROOT / "content"), "--innovation", entry.slug)
        assert (code, err) == (0, "")
        profile = out.split("PROFIL INOVASI")[1].split("BUKTI DUKUNG")[0]
        assert [re.sub(r" \(\d+ kata.*\)$", "", line.split(". ", 1)[1]) for line in profile.splitlines()
                if re.match(r"\d+\. ", line)] == names
        assert "BELUM ADA" in profile
        assert re.search(r"^Status: (Masih berjalan|Berhenti).*\(.*https?://", out, re.M), out
