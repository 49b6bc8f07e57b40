"""The real catalogue in Chromium: accessibility (axe-core), layout on small screens,
search with Pagefind, and browsing with JavaScript off."""
from __future__ import annotations

import re
import shutil
from urllib.parse import quote

import pytest

from browser import (ARGS, CHROMIUM, RECORD_VIOLATIONS, WCAG_TAGS, browser, page_kinds, open_page,  # noqa: F401
                     serve, titles, wait_for_results, wait_for_search)
from conftest import real_content
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load

pytestmark = [pytest.mark.browser, pytest.mark.real_content]
# One page of every kind, picked from the real catalogue by what it holds (browser.page_kinds).
CATALOGUE = build_catalogue(load(real_content(), shown_as="content"))
PAGE_KINDS = page_kinds(CATALOGUE)
# The header's controls in order: the site's name, the menu (with "Tentang" when that page exists), the search.
HEADER = [CATALOGUE.settings.title, "Inovasi", "Perangkat daerah", "Penghargaan",
          *(["Tentang"] if "tentang" in CATALOGUE.page_by_slug else []), "cari-kata", "Cari"]

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
    catalogue = build_catalogue(load(real_content(), shown_as="content"))
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
        page.click("#hasil-persis .result-title a:text-is('SIPPUT')")
        page.wait_for_selector("h1:text-is('SIPPUT')", timeout=10000)
        assert page.url.startswith(url + "katalog/inovasi/sipput/")
        page.context.close()
    finally:
        server.shutdown()


def test_search_result_count_is_announced_and_kept_in_the_address(browser, site_url):
    page = open_page(browser, site_url + "cari/?q=akta")
    shown = len(wait_for_results(page))
    # The live region says how many results there are; the page shows up to ten at first.
    assert 1 < shown < 10
    assert f"Ditemukan {shown} hasil" in page.inner_text("#status-pencarian")
    assert page.inner_text("#ringkasan") == page.inner_text("#status-pencarian")
    page.fill("#cari-halaman", "SIPPUT")
    page.wait_for_function("() => location.search.includes('q=SIPPUT')", timeout=10000)
    wait_for_search(page)
    assert "SIPPUT" in titles(page)
    page.context.close()


def test_header_search_box_submits_to_the_search_page(browser, site_url):
    page = open_page(browser, site_url + "inovasi/")
    page.fill("#cari-kata", "Data Go")
    page.press("#cari-kata", "Enter")
    titles = wait_for_results(page)
    assert "/cari/" in page.url and "Data Go" in titles
    page.context.close()


# Where the page's own content starts on a phone (360 by 800): the top of the first thing in <main>
# that takes room, and of the header's parts.
HEADER_AND_FIRST_CONTENT = """() => {
    const main = document.querySelector('main');
    const first = [...main.querySelectorAll('*')].find(element => element.getBoundingClientRect().height > 0);
    const header = document.querySelector('.site-header');
    const controls = [...header.querySelectorAll('a, input, button')].map(element => {
        const box = element.getBoundingClientRect();
        return {name: element.textContent.trim() || element.id, top: box.top, bottom: box.bottom,
                left: box.left, right: box.right, height: box.height};
    });
    return {first: first.getBoundingClientRect().top, header: header.getBoundingClientRect().height, controls};
}"""
PHONE_FIRST_CONTENT = 130  # pixels from the top at 360 by 800 (the header took 240 before it was compact)


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("path", PAGE_KINDS)
def test_on_a_phone_content_starts_near_the_top_with_every_link_and_the_search_box_in_view(
        browser, site_url, path, javascript):
    page = open_page(browser, site_url + path, 360, javascript=javascript)
    measured = page.evaluate(HEADER_AND_FIRST_CONTENT)
    page.context.close()
    assert measured["first"] <= PHONE_FIRST_CONTENT, measured
    for control in measured["controls"]:  # in view on the first screen, each a target of 24 pixels or more
        assert 0 <= control["top"] and control["bottom"] <= measured["header"] and control["height"] >= 24, control
        assert 0 <= control["left"] and control["right"] <= 360, control
    names = [control["name"] for control in measured["controls"]]
    assert names == (HEADER[:-2] if path.startswith("cari/") else HEADER)  # the search page has a field of its own


def tab_order(page) -> list[str]:
    """What the keyboard reaches in the header, in order, from the top of the page."""
    reached = []
    for _ in range(10):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => { const e = document.activeElement; "
                                     "return e.closest('main') ? null : (e.textContent.trim() || e.id); }"))
        if reached[-1] is None:
            return reached[:-1]
    return reached


def test_the_header_s_focus_order_is_the_same_on_a_phone_and_a_desktop(browser, site_url):
    orders = {}
    for width in (360, 1280):
        page = open_page(browser, site_url + "inovasi/", width)
        orders[width] = tab_order(page)
        page.context.close()
    assert orders[360] == orders[1280] == ["Langsung ke isi", *HEADER]


def test_the_icon_is_served_and_no_page_kind_logs_an_error_or_misses_a_file(browser, site_url):
    """In a browser of its own, whose first page is the first it asks an icon for: before the site had
    one, that page logged the 404 of /favicon.ico (and Lighthouse's best practices lost 4 points)."""
    problems, icons = [], []
    chromium = browser.browser_type.launch(executable_path=str(CHROMIUM), args=ARGS)
    try:
        for path in PAGE_KINDS:
            page = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
            page.on("console", lambda message, path=path: problems.append((path, message.text))
                    if message.type == "error" else None)
            page.on("response", lambda response, path=path: problems.append((path, response.status, response.url))
                    if response.status >= 400 else None)
            page.on("requestfinished", lambda request: icons.append(request.url) if "/favicon." in request.url else None)
            page.goto(site_url + path)
            if path.startswith("cari/"):
                wait_for_results(page)
            page.wait_for_load_state("networkidle")
            page.context.close()
    finally:
        chromium.close()
    assert problems == []
    assert icons and all(re.search(r"/static/favicon\.[0-9a-f]{10}\.svg$", url) for url in icons), icons


def test_a_filter_narrows_the_results(browser, site_url):
    page = open_page(browser, site_url + "cari/?q=inovasi")
    before = wait_for_results(page)
    page.click("#saringan summary:text-is('Perangkat daerah')")  # open the filter group
    page.check("#saringan input[type=checkbox][value='Dinas Kependudukan dan Pencatatan Sipil']")
    expected = "Pak Waris|Si Bulan"  # the two innovations of Disdukcapil
    shown = ("() => [...document.querySelectorAll('#hasil-persis .result-title')]"
             ".map(e => e.textContent.trim()).sort().join('|')")
    page.wait_for_function(f"() => ({shown})() === '{expected}'", timeout=10000)
    wait_for_search(page)
    assert "Ditemukan 2 hasil" in page.inner_text("#status-pencarian")
    assert "(1 dipilih)" in page.inner_text("#saringan summary:has-text('Perangkat daerah')")
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
    assert len(cases) == len(build_catalogue(load(real_content(), shown_as="content")).innovations)


def test_search_page_says_it_needs_javascript(browser, site_url):
    page = open_page(browser, site_url + "cari/", javascript=False)
    text = page.inner_text("main")
    links = [link.get_attribute("href") for link in page.query_selector_all("main noscript a, main .browse a")]
    page.context.close()
    assert "Pencarian memerlukan JavaScript" in text
    assert "../sektor/index.html" in links and "../inovasi/index.html" in links


# Issue 29: a search that says when it guesses. On the real catalogue, so that what Pagefind
# finds is what a reader gets; the titles asserted come from the content, not from a list here.

def marked_words(page, list_id):
    """The words Pagefind highlighted in the results under one heading, lower case."""
    return page.eval_on_selector_all(f"#{list_id} mark", "marks => marks.map(mark => mark.textContent.toLowerCase())")


def visible(page, selector):
    return page.eval_on_selector(selector, "node => !node.closest('[hidden]') && node.getClientRects().length > 0")


def test_a_word_pagefind_only_guesses_is_no_exact_match(browser, site_url):
    """"sampah" is in no page: Pagefind backtracks to "sampa", the stem of "sampai", and finds
    pages about other things. They are listed under the approximate heading, and counted as no match."""
    page = open_page(browser, site_url + "cari/?q=sampah")
    wait_for_results(page)
    exact, approximate = titles(page), titles(page, "hasil-mirip")
    words = marked_words(page, "hasil-mirip")
    assert exact == [] and approximate and visible(page, "#mirip-judul")
    assert not {"Si Sakti", "Data Go"} & set(exact)
    assert words and not [word for word in words if "sampah" in word]  # what was found is another word
    assert page.inner_text("#status-pencarian").startswith("Tidak ada hasil yang persis untuk \u201csampah\u201d.")
    assert f"{len(approximate)} hasil yang mirip" in page.inner_text("#status-pencarian")
    assert visible(page, "#jalan-lain")  # no exact match: the ways forward too
    page.context.close()


def test_exact_matches_come_first_and_are_counted(browser, site_url):
    page = open_page(browser, site_url + "cari/?q=" + quote("rumah sakit"))
    exact = wait_for_results(page)
    assert exact and titles(page, "hasil-mirip") == [] and not visible(page, "#mirip")
    assert set(marked_words(page, "hasil-persis")) >= {"rumah", "sakit"}
    assert page.inner_text("#status-pencarian") == f"Ditemukan {len(exact)} hasil untuk \u201crumah sakit\u201d."
    assert not visible(page, "#jalan-lain") and not visible(page, "#saran-nama")
    page.context.close()


@pytest.mark.parametrize("query, name", [("siamoor", "SIAMOR"), ("si bulam", "Si Bulan")])
def test_a_misspelt_name_offers_the_catalogues_name_and_runs_its_search(browser, site_url, query, name):
    page = open_page(browser, site_url + "cari/?q=" + quote(query))
    wait_for_search(page)
    assert titles(page) == []  # Pagefind has no typo tolerance: nothing matches exactly
    offered = page.eval_on_selector_all("#saran-nama a", "links => links.map(link => link.textContent)")
    assert name in offered and visible(page, "#saran-nama")
    assert f"Mungkin maksud Anda: {', '.join(offered)}?" in page.inner_text("#status-pencarian")
    link = page.locator("#saran-nama a", has_text=name)
    assert link.get_attribute("href") == "?q=" + quote(name, safe="")
    link.focus()
    page.keyboard.press("Enter")  # by keyboard: the search runs on the same page
    page.wait_for_function("name => new URLSearchParams(location.search).get('q') === name", arg=name)
    wait_for_search(page)
    assert name in titles(page) and not visible(page, "#saran-nama")
    assert page.evaluate("document.activeElement.id") == "ringkasan"  # focus on the new count
    page.context.close()


def test_a_query_without_any_result_shows_the_ways_forward(browser, site_url):
    catalogue = build_catalogue(load(real_content(), shown_as="content"))
    page = open_page(browser, site_url + "cari/?q=zzqx")
    wait_for_search(page)
    assert page.query_selector_all("#pencarian .result") == [] and not visible(page, "#saran-nama")
    assert page.inner_text("#status-pencarian") == "Tidak ada hasil untuk \u201czzqx\u201d."
    assert visible(page, "#jalan-lain")
    text = page.inner_text("#jalan-lain")
    assert f"Katalog ini memuat {len(catalogue.innovations)} inovasi dari {len(catalogue.by_agency)} perangkat daerah" \
        in text
    links = page.eval_on_selector_all("#jalan-lain a", "links => links.map(link => link.getAttribute('href'))")
    assert {"../opd/index.html", "../sektor/index.html", "../tahun/index.html"} <= set(links)
    assert "../usulan-inovasi/index.html" in links  # the proposal page, for an innovation that is missing
    page.click("#jalan-lain a[href='../sektor/index.html']")
    page.wait_for_selector("h1", timeout=10000)
    assert page.url == site_url + "sektor/index.html"
    page.context.close()


def test_a_filter_keeps_approximate_matches_apart(browser, site_url):
    page = open_page(browser, site_url + "cari/?q=sampah")
    wait_for_results(page)
    before = titles(page, "hasil-mirip")
    agencies = {entry.title: entry.agency for entry in build_catalogue(load(real_content(), shown_as="content"))
                .innovations}
    agency = next(agencies[title] for title in before if title in agencies)
    name = build_catalogue(load(real_content(), shown_as="content")).agency_by_id[agency].name
    page.eval_on_selector("#saringan", "panel => panel.open = true")  # beside the results from 60rem, else folded
    page.click("#saringan summary:text-is('Perangkat daerah')")
    page.check(f"#saringan input[type=checkbox][value='{name}']")
    page.wait_for_function("() => document.getElementById('status-pencarian').textContent.includes('saringan')")
    wait_for_search(page)
    after = titles(page, "hasil-mirip")
    assert titles(page) == [] and after and set(after) < set(before)
    assert all(agencies.get(title, agency) == agency for title in after)
    assert page.inner_text("#status-pencarian").startswith(
        "Tidak ada hasil yang persis untuk \u201csampah\u201d dengan saringan yang dipilih.")
    page.click("#hapus-saringan")
    wait_for_search(page)
    page.wait_for_function(f"() => document.querySelectorAll('#hasil-mirip .result').length === {len(before)}")
    page.context.close()


def test_pagefind_is_loaded_with_the_first_query_not_before(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "cari/")
    page.wait_for_function("() => document.getElementById('pencarian').dataset.siap !== undefined")
    page.wait_for_timeout(500)
    assert [url for url in requested if "/pagefind/" in url or "search-names" in url] == []
    page.focus("#cari-halaman")
    page.keyboard.type("akta")
    wait_for_results(page)
    assert any(url.endswith("/pagefind/pagefind.js") for url in requested)
    assert [url for url in requested if "search-names" in url] == []  # only without an exact match
    page.fill("#cari-halaman", "siamoor")
    wait_for_search(page)
    assert len([url for url in requested if "search-names" in url]) == 1
    context.close()


def test_more_results_are_shown_on_request_and_keyboard_focus_follows(browser, site_url):
    page = open_page(browser, site_url + "cari/?q=si")
    wait_for_results(page)
    total = len(page.query_selector_all("#pencarian .result"))
    assert total == 10 and visible(page, "#lebih-banyak")
    page.focus("#lebih-banyak")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#pencarian .result').length > 10")
    wait_for_search(page)
    eleventh = page.query_selector_all("#pencarian .result-title a")[10].inner_text()
    assert page.evaluate("document.activeElement.textContent") == eleventh
    page.context.close()


SEARCH_STATES = ["cari/?q=sampah", "cari/?q=siamoor", "cari/?q=zzqx", "cari/?q=akta", "cari/"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", SEARCH_STATES)
def test_every_state_of_the_search_page_is_accessible(browser, site_url, path, width):
    """Approximate heading, suggestion, ways forward, exact results and the empty page, with every
    filter group open, in axe-core at a phone's width and a desktop's."""
    from axe_playwright_python.sync_playwright import Axe
    page = open_page(browser, site_url + path, width)
    if "?q=" in path:
        wait_for_search(page)
        page.eval_on_selector_all("#saringan, #saringan details", "groups => groups.forEach(group => group.open = true)")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
                  for v in results.response["violations"]]
    width_of_page = page.evaluate("document.documentElement.scrollWidth")
    page.context.close()
    assert violations == [] and width_of_page <= width
