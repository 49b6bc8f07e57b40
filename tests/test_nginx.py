"""deploy/nginx.conf with a real nginx: security headers, caching, precompressed files, the 404
page, and the catalogue in Chromium (axe, Content-Security-Policy, search, no JavaScript)."""
from __future__ import annotations

import ssl
from urllib.parse import quote

import pytest

from browser import (RECORD_VIOLATIONS, WCAG_TAGS, browser, page_kinds, open_page, serve,  # noqa: F401
                     wait_for_results)
from conftest import build, real_content, stylesheet
from katalog.content.catalogue import build_catalogue
from katalog.content.load import load
from nginx import fetch, meta_policy, nginx_serving, self_signed

pytestmark = [pytest.mark.nginx, pytest.mark.real_content]
# One page of every kind, picked from the real catalogue by what it holds (browser.page_kinds).
PAGE_KINDS = page_kinds(build_catalogue(load(real_content(), shown_as="content")))

YEAR = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real catalogue as the city's server would get it: with .gz twins."""
    out = tmp_path_factory.mktemp("nginx") / "site"
    assert build.main(["build", "--content", str(real_content()), "--out", str(out), "--precompress",
                       "--no-cache"]) == 0
    return out


@pytest.fixture(scope="module")
def nginx_url(site, tmp_path_factory):
    with nginx_serving(site, tmp_path_factory.mktemp("nginx-run")) as url:
        yield url


@pytest.mark.parametrize("path", ["", "inovasi/sipput/", "cari/", "opd/", "data/"])
def test_pages_carry_their_own_policy_as_a_header_with_framing_refused(nginx_url, path):
    status, headers, body = fetch(nginx_url + path)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == meta_policy(body) + "; frame-ancestors 'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cache-Control"] == "no-cache"
    assert "Strict-Transport-Security" not in headers  # only with HTTPS (below)
    assert "'wasm-unsafe-eval'" in headers["Content-Security-Policy"] if path == "cari/" else \
        "wasm" not in headers["Content-Security-Policy"]


def test_fingerprinted_assets_are_kept_a_year_and_the_rest_revalidated(nginx_url, site):
    css = stylesheet(site).relative_to(site).as_posix()
    status, headers, body = fetch(nginx_url + css)
    assert (status, headers["Cache-Control"], body) == (200, YEAR, stylesheet(site).read_bytes())
    assert headers["Content-Type"] == "text/css; charset=utf-8" and headers["X-Content-Type-Options"] == "nosniff"
    names = next(site.glob("static/search-names.*.json")).relative_to(site).as_posix()  # named after its content too
    status, headers, _ = fetch(nginx_url + names)
    assert (status, headers["Cache-Control"], headers["Content-Type"]) == (200, YEAR, "application/json; charset=utf-8")
    for path in ("data/inovasi.json", "pagefind/pagefind.js", "robots.txt", "data/opd.json"):
        status, headers, _ = fetch(nginx_url + path)
        assert (path, status, headers["Cache-Control"]) == (path, 200, "no-cache")


def test_a_missing_page_is_a_404_with_the_catalogues_page_and_headers(nginx_url, site):
    for path in ("tidak-ada/", "inovasi/tidak-ada/lagi/", ".katalog-inovasi", "static/style.0000000000.css"):
        status, headers, body = fetch(nginx_url + path)
        assert (path, status) == (path, 404)
        assert body == (site / "404.html").read_bytes()
        assert headers["Content-Security-Policy"].endswith("; frame-ancestors 'none'")
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Cache-Control"] == "no-cache"


def test_with_https_the_file_s_commented_lines_turn_on_hsts(site, tmp_path_factory):
    """deploy/nginx.conf's HTTPS lines, uncommented as it says, with a certificate made here: HSTS on
    every response, 404 included, the other headers kept, and plain http redirected to https."""
    folder = tmp_path_factory.mktemp("nginx-tls")
    certificate, key = self_signed(folder)
    with nginx_serving(site, folder / "run", tls=(certificate, key)) as (https_url, http_url):
        verified = ssl.create_default_context(cafile=str(certificate))
        for path, expected in (("", 200), ("inovasi/sipput/", 200), ("tidak-ada/", 404)):
            status, headers, body = fetch(https_url + path, verified)
            assert (path, status, headers["Strict-Transport-Security"]) == (path, expected, "max-age=31536000")
            assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
            assert headers["Content-Security-Policy"].endswith("; frame-ancestors 'none'")
        status, headers, _ = fetch(http_url + "inovasi/sipput/")
        assert (status, headers["Location"]) == (301, "https://127.0.0.1/inovasi/sipput/")
        assert "Strict-Transport-Security" not in headers  # browsers ignore it over http anyway


def test_open_data_is_served_with_its_type(nginx_url, site):
    status, headers, body = fetch(nginx_url + "data/inovasi.csv")
    assert (status, headers["Content-Type"], body) == (200, "text/csv; charset=utf-8",
                                                        (site / "data/inovasi.csv").read_bytes())
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Cache-Control"] == "no-cache"
    status, headers, _ = fetch(nginx_url + "data/tidak-ada.csv")
    assert (status, headers["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert fetch(nginx_url + "data/inovasi.json")[1]["Content-Type"] == "application/json; charset=utf-8"


def test_a_folder_without_its_slash_is_redirected_on_the_same_host(nginx_url):
    status, headers, _ = fetch(nginx_url + "inovasi")
    assert (status, headers["Location"]) == (301, "/inovasi/")


@pytest.mark.parametrize("path", ["", "inovasi/sipput/", "cari/", "data/inovasi.json", "pagefind/pagefind.js"])
def test_browsers_that_accept_gzip_get_the_precompressed_file(nginx_url, site, path):
    file = site / (path + "index.html" if path.endswith("/") or not path else path)
    status, headers, body = fetch(nginx_url + path, **{"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "gzip", "Accept-Encoding")
    assert body == file.with_name(file.name + ".gz").read_bytes()  # the build's bytes, not nginx's own gzip
    status, headers, body = fetch(nginx_url + path)
    assert (status, headers["Content-Encoding"], body) == (200, None, file.read_bytes())


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_page_kind_through_nginx_is_accessible_and_keeps_its_policy(browser, nginx_url, path):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    refused, elsewhere = [], []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.on("request", lambda request: None if request.url.startswith(nginx_url) else elsewhere.append(request.url))
    response = page.goto(nginx_url + path)
    if path.startswith("cari/"):
        wait_for_results(page)  # Pagefind has compiled its WebAssembly and fetched its index
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [f"{v['id']}: {v['help']}" for v in results.response["violations"]]
    policy_violations = page.evaluate("window.violations")
    context.close()
    assert response.status == 200  # 404.html asked for by name is a page like any other
    assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'")
    assert (violations, policy_violations, refused, elsewhere) == ([], [], [], [])


@pytest.mark.browser
def test_search_works_through_nginx(browser, nginx_url):
    page = open_page(browser, nginx_url + "cari/?q=" + quote("Si Bulan"))
    assert "Si Bulan" in wait_for_results(page)
    page.click("#hasil-persis .result-title a:text-is('Si Bulan')")
    page.wait_for_selector("h1:text-is('Si Bulan')", timeout=10000)
    page.context.close()


@pytest.mark.browser
def test_without_javascript_the_search_page_points_to_browsing(browser, nginx_url):
    page = open_page(browser, nginx_url + "cari/", javascript=False)
    assert "Pencarian memerlukan JavaScript" in page.inner_text("main")
    page.click("main a[href='../inovasi/index.html']:visible")  # the noscript part's (the search page's own are hidden)
    page.wait_for_selector("h1", timeout=10000)
    assert page.url == nginx_url + "inovasi/index.html"
    page.context.close()


@pytest.mark.browser
def test_a_page_of_another_origin_cannot_frame_a_catalogue_page(browser, nginx_url, site, tmp_path):
    """The same page served without the header (Python's server) can be framed: the test would see it."""
    plain_url, plain = serve(site)
    (tmp_path / "bingkai.html").write_text(
        f'<!DOCTYPE html><title>Bingkai</title><iframe id="nginx" src="{nginx_url}inovasi/sipput/"></iframe>'
        f'<iframe id="plain" src="{plain_url}inovasi/sipput/"></iframe>', encoding="utf-8")
    framing_url, framing = serve(tmp_path)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(framing_url + "bingkai.html", wait_until="load")
        frames = {frame.name or frame.url: frame for frame in page.frames if frame != page.main_frame}
        by_id = {element_id: page.query_selector(f"#{element_id}").content_frame() for element_id in ("nginx", "plain")}
        assert by_id["plain"].inner_text("h1") == "SIPPUT"
        # Chromium shows its own error page in place of the refused one.
        assert by_id["nginx"].url.startswith("chrome-error://") and "SIPPUT" not in by_id["nginx"].content()
        context.close()
    finally:
        plain.shutdown()
        framing.shutdown()
