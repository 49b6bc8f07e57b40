"""The dev server in Chromium: an open page follows every save, and a broken save shows
its errors over the last good page until it is fixed."""
from __future__ import annotations

import os

import pytest

from browser import launch, require_browser
from devserver import AGENCY, ENTRY, PAGE, TITLE, edit, running_server

pytestmark = pytest.mark.browser


@pytest.fixture
def dev(tmp_path):
    yield from running_server(tmp_path)


def test_the_open_page_follows_every_save_and_shows_errors(dev, tmp_path):
    sync_playwright = require_browser()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(dev.address + PAGE)
        page.wait_for_function("() => document.querySelector('script[data-build]') !== null")
        page.wait_for_timeout(300)  # the event stream is open

        edit(dev.content / ENTRY, TITLE, TITLE + " Satu")
        page.wait_for_function("() => document.querySelector('h1').textContent === 'Inovasi Minimal Satu'", timeout=10000)
        edit(dev.content / ENTRY, TITLE + " Satu", TITLE + " Dua")  # the second save, within a second
        page.wait_for_function("() => document.querySelector('h1').textContent === 'Inovasi Minimal Dua'", timeout=10000)

        edit(dev.content / ENTRY, AGENCY, AGENCY + "x")
        overlay = page.wait_for_selector("#katalog-errors[role=alert]", timeout=10000)
        assert "content/innovations/minimal.md:3: agency: unknown agency 'pdamx' (did you mean 'pdam'?)" \
            in overlay.inner_text()
        assert page.inner_text("h1") == "Inovasi Minimal Dua"  # the last good page stays
        if os.environ.get("KATALOG_SCREENSHOTS"):
            page.screenshot(path=os.environ["KATALOG_SCREENSHOTS"] + "/serve-error.png")

        page.goto(dev.address + "inovasi/")  # a page opened while the error stands shows it too
        assert "unknown agency 'pdamx'" in page.wait_for_selector("#katalog-errors", timeout=10000).inner_text()

        edit(dev.content / ENTRY, AGENCY + "x", AGENCY)
        page.wait_for_function("() => document.querySelector('#katalog-errors') === null", timeout=10000)
        page.goto(dev.address + PAGE)
        assert page.inner_text("h1") == "Inovasi Minimal Dua"
        browser.close()
