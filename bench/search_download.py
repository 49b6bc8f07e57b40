#!/usr/bin/env python3
"""What a phone downloads to search: python bench/search_download.py SITE [QUERY ...].

Opens SITE's search page at 360 px in Chromium without a query and prints the requests and
bytes it loads (as sent: SITE is served uncompressed, by Python's http.server); then with a
query in its address (as a link to /cari/?q=... does), from an empty cache, until the first
results show; then a second query typed on the same page. Needs Chromium (apt-get install chromium).
"""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
from browser import launch, open_page, require_browser, serve, wait_for_results, wait_for_search  # noqa: E402


def main() -> None:
    site = Path(sys.argv[1])
    first, second = [*sys.argv[2:4], "sampah", "akta kelahiran"][:2]
    with require_browser()() as playwright:
        browser = launch(playwright)
        url, server = serve(site)
        sizes: list[int] = []

        def count(response) -> None:
            body = response.body() if response.ok else b""
            sizes.append(len(body))

        page = open_page(browser, "about:blank", width=360)
        page.on("response", count)
        page.goto(f"{url}cari/", wait_until="networkidle")
        print(f"the page without a query: {len(sizes)} requests, {sum(sizes) / 1024:.0f} KiB")
        page.context.close()
        sizes.clear()
        page = open_page(browser, "about:blank", width=360)
        page.on("response", count)
        page.goto(f"{url}cari/?q={quote(first)}")
        wait_for_results(page)
        print(f"first query ({first!r}), from an empty cache: {len(sizes)} requests, {sum(sizes) / 1024:.0f} KiB")
        sizes.clear()
        page.fill("#cari-halaman", second)
        wait_for_search(page)  # search.js waits 300 ms after typing, then loads and shows
        print(f"second query ({second!r}) on the same page: {len(sizes)} requests, {sum(sizes) / 1024:.0f} KiB")
        page.context.close()
        server.shutdown()
        browser.close()


if __name__ == "__main__":
    main()
