"""The real catalogue in content/ checks and builds, and every innovation, agency, award and free page has its
page: what must hold of any catalogue the editors write, never what this one names (that is the example
site's part, tests/example/)."""
import re
from html import escape

import pytest

from conftest import real_content
from katalog import urls
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load
from sitecheck import broken_links, parse

pytestmark = pytest.mark.real_content


def real_catalogue():
    return build_catalogue(load(real_content(), shown_as="content"))


def test_the_real_catalogue_checks(run):
    code, out, err = run("check", "--content", str(real_content()))
    count = len(real_catalogue().innovations)
    assert (code, err) == (0, "") and re.search(rf"^check: {count} innovations, .*; no errors$", out, re.M), out


def test_every_record_has_its_page(real_site):
    catalogue = real_catalogue()
    expected = (
        [urls.innovation(entry.slug) for entry in catalogue.innovations]
        + [urls.agency(agency.id) for agency in catalogue.agencies]
        + [urls.award(award.id) for award in catalogue.awards]
        + [urls.page(page.slug) for page in catalogue.pages]
        + ["", urls.INNOVATIONS, urls.AGENCIES, urls.AWARDS, urls.NOT_FOUND]
    )
    assert len(expected) > 20
    assert [url for url in expected if not (real_site / urls.output_path(url)).is_file()] == []


def test_every_innovation_cites_its_sources():
    catalogue = real_catalogue()
    assert catalogue.innovations
    assert [entry.slug for entry in catalogue.innovations if not entry.sources] == []


def test_no_facts_of_kabupaten_magelang():
    """The regency (Kabupaten Magelang) is another government: its water company and IID figures are not the city's."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(real_content().rglob("*"))
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


def test_every_case_page_names_its_innovation_and_links_its_agency(real_site):
    catalogue = real_catalogue()
    for entry in catalogue.innovations:
        html = (real_site / urls.output_path(urls.innovation(entry.slug))).read_text(encoding="utf-8")
        agency = catalogue.agency_by_id[entry.agency]
        assert f"<h1>{escape(entry.title)}</h1>" in html, entry.slug
        assert (f'href="{urls.href(urls.innovation(entry.slug), urls.agency(agency.id))}" '
                f'data-pagefind-filter="Perangkat daerah">{escape(agency.name)}</a>') in html, entry.slug


def test_the_iid_export_of_an_entry_with_a_status_gives_its_profile_in_the_form_s_order(run):
    """content/iid.yaml's profile fields, in its order, "BELUM ADA" where missing, and the status with its
    source, for each real entry that has a status."""
    catalogue = real_catalogue()
    names = [item.name for item in catalogue.iid.profile]
    assert names
    with_status = [entry for entry in catalogue.innovations if entry.status]
    assert with_status
    for entry in with_status:
        code, out, err = run("iid", "--content", str(real_content()), "--innovation", entry.slug)
        assert (code, err) == (0, "")
        profile = out.split("PROFIL INOVASI")[1].split("BUKTI DUKUNG")[0]
        assert [re.sub(r" \(\d+ kata.*\)$", "", line.split(". ", 1)[1]) for line in profile.splitlines()
                if re.match(r"\d+\. ", line)] == names
        assert "BELUM ADA" in profile
        assert re.search(r"^Status: (Masih berjalan|Berhenti).*\(.*https?://", out, re.M), out
