#!/usr/bin/env python3
"""Search as a citizen would: python bench/search_probe.py SITE [--json FILE] [QUERY ...].

Serves SITE (a built site) on 127.0.0.1, opens its search page in Chromium with each query
in the address (as the header's search box does), waits until the page has finished, and
prints what a reader sees: the count the page announces, the results shown as matches, the
results shown under the approximate heading, the "did you mean" names offered, and whether
the page offers ways to browse. Without queries it runs the 14 everyday queries below.

It reads either search page the site has had: Pagefind's Default UI (before issue 29: every
result loaded with "Muat lebih banyak hasil", no approximate heading, no suggestion) or the
catalogue's own (search.js), so the same probe measures a build before and after.
Needs Chromium (apt-get install chromium).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
from browser import launch, open_page, require_browser, serve  # noqa: E402

QUERIES = ["sampah", "akta", "uji kir", "rumah sakit", "dlh", "gemakapitasi", "siamoor", "si bulam", "lansia",
           "masker", "pajak", "sekolah", "kesehatan", "pasar"]

# Pagefind's Default UI: done when its message no longer says it is searching and every
# result shown has its title (it shows ". . ." until a result's fragment has loaded).
DEFAULT_UI_DONE = """() => {
    const message = document.querySelector('.pagefind-ui__message');
    if (!message || !message.textContent.trim() || /^Mencari/.test(message.textContent.trim())) return false;
    const titles = [...document.querySelectorAll('.pagefind-ui__result-title')];
    return titles.every(title => !/^[.\\s]*$/.test(title.textContent));
}"""
DEFAULT_UI_READ = """() => ({
    ui: 'Pagefind Default UI',
    announced: document.getElementById('status-pencarian').textContent.trim(),
    exact: [...document.querySelectorAll('.pagefind-ui__result-title')].map(e => e.textContent.trim()),
    approximate: [],
    suggestions: [],
    ways_forward: false,
})"""
# The catalogue's own search page (templates/static/search.js) marks what it has finished.
OWN_UI_DONE = "query => document.getElementById('pencarian').dataset.selesai === query"
OWN_UI_READ = """() => ({
    ui: 'search.js',
    announced: document.getElementById('status-pencarian').textContent.trim(),
    exact: [...document.querySelectorAll('#hasil-persis .result-title')].map(e => e.textContent.trim()),
    approximate: [...document.querySelectorAll('#hasil-mirip .result-title')].map(e => e.textContent.trim()),
    suggestions: [...document.querySelectorAll('#saran-nama a')].map(e => e.textContent.trim()),
    ways_forward: !!document.querySelector('#jalan-lain:not([hidden]) .browse'),
})"""


def probe(page, url: str, query: str) -> dict:
    page.goto(f"{url}cari/?q={quote(query)}")
    page.wait_for_function("() => !!document.querySelector('.pagefind-ui, #pencarian[data-siap]')", timeout=15000)
    if page.query_selector(".pagefind-ui"):
        page.wait_for_function(DEFAULT_UI_DONE, timeout=15000)
        while page.query_selector(".pagefind-ui__button"):  # "Muat lebih banyak hasil": show every result
            page.click(".pagefind-ui__button")
            page.wait_for_timeout(300)
            page.wait_for_function(DEFAULT_UI_DONE, timeout=15000)
        page.wait_for_function("() => document.getElementById('status-pencarian').textContent.trim() !== ''")
        return page.evaluate(DEFAULT_UI_READ)
    page.wait_for_function(OWN_UI_DONE, arg=query, timeout=15000)
    return page.evaluate(OWN_UI_READ)


def table(rows: list[dict]) -> str:
    lines = ["| query | announced | shown as matches | shown as approximate | did you mean | ways forward |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append("| {} | {} | {} | {} | {} | {} |".format(
            row["query"], row["announced"] or "(nothing)", ", ".join(row["exact"]) or "none",
            ", ".join(row["approximate"]) or "none", ", ".join(row["suggestions"]) or "none",
            "yes" if row["ways_forward"] else "no"))
    return "\n".join(lines)


def main() -> None:
    arguments = sys.argv[1:]
    output = None
    if "--json" in arguments:
        at = arguments.index("--json")
        output = Path(arguments[at + 1])
        del arguments[at:at + 2]
    site, queries = Path(arguments[0]), arguments[1:] or QUERIES
    rows = []
    with require_browser()() as playwright:
        browser = launch(playwright)
        url, server = serve(site)
        page = open_page(browser, "about:blank")
        try:
            for query in queries:
                rows.append({"query": query, **probe(page, url, query)})
                print(f"{query}: {rows[-1]}", file=sys.stderr, flush=True)
        finally:
            page.context.close()
            server.shutdown()
            browser.close()
    print(f"search page: {rows[0]['ui'] if rows else '?'}")
    print(table(rows))
    if output:
        output.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
