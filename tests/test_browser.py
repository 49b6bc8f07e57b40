"""The real catalogue in Chromium: accessibility (axe-core), layout on small screens,
search with Pagefind, and browsing with JavaScript off."""
from __future__ import annotations

import re
import shutil
from urllib.parse import quote

import pytest

from browser import (PAGE_KINDS, RECORD_VIOLATIONS, WCAG_TAGS, browser, open_page, serve,  # noqa: F401
                     wait_for_results)
from conftest import ROOT
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load

@pytest.fixture(scope="module")
def site_url(real_site):
    url, server = serve(real_site)
    yield url
    server.shutdown()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_accessibility_violations(browser, site_url, path, width):
    from axe_playwright_python.sync_playwright import Axe
    page = open_page(browser, site_url + path, width)
    if path.startswith("cari/"):
        wait_for_results(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
                  for v in results.response["violations"]]
    page.context.close()
    assert violations == []


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_sideways_scrolling_at_320px_and_no_other_origin(browser, site_url, path):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + path)
    if path.startswith("cari/"):
        wait_for_results(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320
    assert [url for url in requested if not url.startswith(site_url)] == []


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_content_security_policy_is_kept_on_every_page_kind(browser, site_url, path):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto(site_url + path)
    if path.startswith("cari/"):
        wait_for_results(page)  # Pagefind has compiled its WebAssembly and fetched its index
    policy = page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
    violations = page.evaluate("window.violations")
    context.close()
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    assert violations == [] and refused == []


def test_content_security_policy_refuses_inline_script(browser, site_url):
    """The check above would see a violation: script that content might smuggle in is refused."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(site_url + "inovasi/sipput/")
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.ran = true';
        document.body.append(script);
        const image = document.createElement('img');
        image.src = 'https://example.org/tracker.png';
        document.body.append(image);
    }""")
    page.wait_for_function("window.violations.length >= 2")
    ran, violations = page.evaluate("window.ran"), page.evaluate("window.violations")
    context.close()
    assert ran is None
    assert sorted(violation.split()[0] for violation in violations) == ["img-src", "script-src-elem"]


def names_of_every_innovation():
    catalogue = build_catalogue(load(ROOT / "content", shown_as="content"))
    return [(name, entry.title) for entry in catalogue.innovations for name in (entry.title, *entry.also_known_as)]


@pytest.mark.parametrize("query, title", [*names_of_every_innovation(), ("Diskominfotik", "Dinas Komunikasi, "
                                                                         "Informatika dan Statistik")])
def test_search_finds_by_name_and_other_names(browser, site_url, query, title):
    page = open_page(browser, site_url + "cari/?q=" + quote(query))
    titles = wait_for_results(page)
    page.context.close()
    assert title in titles


def test_search_works_under_a_path_prefix(browser, real_site, tmp_path):
    shutil.copytree(real_site, tmp_path / "katalog")
    url, server = serve(tmp_path)
    try:
        page = open_page(browser, url + "katalog/cari/?q=SIPPUT")
        wait_for_results(page)
        page.click(".pagefind-ui__result-link:text-is('SIPPUT')")
        page.wait_for_selector("h1:text-is('SIPPUT')", timeout=10000)
        assert page.url.startswith(url + "katalog/inovasi/sipput/")
        page.context.close()
    finally:
        server.shutdown()


def test_search_result_count_is_announced_and_kept_in_the_address(browser, site_url):
    page = open_page(browser, site_url + "cari/?q=akta")
    wait_for_results(page)
    # The live region says how many results there are (Pagefind shows up to five at first).
    page.wait_for_function("""() => {
        const shown = document.querySelectorAll('.pagefind-ui__result').length;
        return shown > 1 && shown < 5 && document.getElementById('status-pencarian').textContent.includes(String(shown));
    }""")
    page.fill(".pagefind-ui__search-input", "SIPPUT")
    page.wait_for_function("() => location.search.includes('q=SIPPUT')", timeout=10000)
    page.context.close()


def test_header_search_box_submits_to_the_search_page(browser, site_url):
    page = open_page(browser, site_url + "inovasi/")
    page.fill("#cari-kata", "Data Go")
    page.press("#cari-kata", "Enter")
    titles = wait_for_results(page)
    assert "/cari/" in page.url and "Data Go" in titles
    page.context.close()


def test_a_filter_narrows_the_results(browser, site_url):
    page = open_page(browser, site_url + "cari/?q=inovasi")
    before = wait_for_results(page)
    page.click("summary.pagefind-ui__filter-name:text-is('Perangkat daerah')")  # open the filter group
    page.check("input[type=checkbox][value='Dinas Kependudukan dan Pencatatan Sipil']")
    expected = "Pak Waris|Si Bulan"  # the two innovations of Disdukcapil
    shown = ("() => [...document.querySelectorAll('.pagefind-ui__result-title')]"
             ".map(e => e.textContent.trim()).sort().join('|')")
    page.wait_for_function(f"() => ({shown})() === '{expected}'", timeout=10000)
    page.context.close()
    assert len(before) > 2


def test_without_javascript_every_innovation_is_within_three_clicks_of_home(browser, site_url):
    page = open_page(browser, site_url, javascript=False)
    seen, frontier = {page.url}, {page.url}
    for _ in range(3):  # visit pages 0, 1 and 2 clicks away; collect what is one more click away
        next_frontier = set()
        for url in sorted(frontier):
            page.goto(url)
            for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
                href = href.partition("#")[0]
                if href.startswith(site_url) and href.endswith(".html") and href not in seen:
                    seen.add(href)
                    next_frontier.add(href)
        frontier = next_frontier
    page.context.close()
    cases = {url for url in seen if re.fullmatch(re.escape(site_url) + r"inovasi/[a-z0-9-]+/index\.html", url)}
    assert len(cases) == len(build_catalogue(load(ROOT / "content", shown_as="content")).innovations)


def test_search_page_says_it_needs_javascript(browser, site_url):
    page = open_page(browser, site_url + "cari/", javascript=False)
    text = page.inner_text("main")
    links = [link.get_attribute("href") for link in page.query_selector_all("main noscript a, main .browse a")]
    page.context.close()
    assert "Pencarian memerlukan JavaScript" in text
    assert "../sektor/index.html" in links and "../inovasi/index.html" in links
