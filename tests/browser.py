"""Chromium for browser tests: skipped where there is none, a failure where CI requires one.

CI sets KATALOG_REQUIRE_BROWSER=1 (in .ci/run), so a missing browser can never
silently skip these tests there.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

import lanes

CHROMIUM = Path(os.environ.get("KATALOG_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


def launch(playwright_module):
    return playwright_module.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def require_browser():
    """The sync_playwright factory, or a skip (a failure when KATALOG_REQUIRE_BROWSER is set)."""
    lanes.require("browser", "Chromium")
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed (pip install --require-hashes -r requirements/test.txt)"
    if problem is None and not CHROMIUM.exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if problem:
        if os.environ.get("KATALOG_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required but {problem}")
        pytest.skip(problem)
    return sync_playwright


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve ``directory`` on a free loopback port in a thread; returns (base URL, server)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def page_kinds(catalogue) -> list[str]:
    """One page of every kind the site has, picked from ``catalogue`` by what it holds, never by name:
    the case pages of the fullest and the barest entry and of one with a status, the fullest agency,
    award, sector, year, stage, type and state, every free page, a search, and the 404 page."""
    from katalog import urls

    def most(index):
        """The key of ``index`` (key -> entries) with the most entries, the first in order of key on a tie."""
        return min(index, key=lambda key: (-len(index[key]), str(getattr(key, "value", key))))

    entries = sorted(catalogue.innovations, key=lambda entry: entry.slug)
    def weight(entry):
        return (len(entry.evidence) + len(entry.replications) + len(entry.documents) + len(entry.sources)
                + len(entry.body.html))
    fullest, barest = max(entries, key=weight), min(entries, key=weight)
    with_status = [entry for entry in entries if entry.status] or entries
    agency = most(catalogue.by_agency)
    paths = [urls.HOME, urls.INNOVATIONS, *dict.fromkeys(urls.innovation(entry.slug)
                                                         for entry in (fullest, barest, with_status[0])),
             urls.AGENCIES, urls.agency(agency), urls.AWARDS, urls.award(most(catalogue.by_award)),
             urls.SECTORS, urls.term(urls.SECTORS, most(catalogue.by_sector)),
             urls.YEARS, urls.term(urls.YEARS, most(catalogue.by_year)),
             urls.STAGES, urls.term(urls.STAGES, most(catalogue.by_stage)),
             urls.TYPES, urls.term(urls.TYPES, most(catalogue.by_type)), urls.FORMS, urls.REPLICATIONS,
             *(urls.page(page.slug) for page in catalogue.pages if urls.page(page.slug) != urls.REPLICATIONS),
             urls.DATA, urls.STATISTICS, urls.COMPLETENESS, urls.completeness(agency),
             *([urls.IID, urls.iid(agency)] if catalogue.iid else []),
             *([urls.term(urls.STATUSES, most(catalogue.by_status))] if catalogue.by_status else []),
             urls.ACCESSIBILITY, urls.SEARCH + "?q=" + quote(fullest.title), urls.NOT_FOUND]
    return paths


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def browser():
    sync_playwright = require_browser()
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def open_page(browser, url, width=1280, javascript=True):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return page


# The search page (static/search.js) marks the query it has finished with: results, counts,
# suggestion and filters shown, and the live region said.
SEARCH_DONE = """() => {
    const root = document.getElementById('pencarian');
    const input = document.getElementById('cari-halaman');
    return !!root && root.dataset.selesai !== undefined && root.dataset.selesai === input.value.trim()
        && !root.hasAttribute('aria-busy');
}"""


def wait_for_search(page, timeout=10000):
    """Wait until the search page has finished the query in its field."""
    page.wait_for_function(SEARCH_DONE, timeout=timeout)


def titles(page, list_id="hasil-persis"):
    """The titles of the results under one heading: exact matches (hasil-persis) or approximate (hasil-mirip)."""
    return [title.inner_text() for title in page.query_selector_all(f"#{list_id} .result-title")]


def wait_for_results(page):
    """Wait for a finished search with at least one result; returns the titles of the exact matches."""
    wait_for_search(page)
    page.wait_for_function("() => document.querySelectorAll('#pencarian .result').length > 0", timeout=10000)
    return titles(page)


# Collects Content-Security-Policy violations from the first moment of each page.
RECORD_VIOLATIONS = ("window.violations = [];"
                     "document.addEventListener('securitypolicyviolation',"
                     " event => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));")
