#!/usr/bin/env python3
"""Compare what the site's search index (made in shards and merged) finds with what one
Pagefind run over every searchable page finds, in Chromium.

python bench/search_quality.py SITE: SITE is a built site. The script makes the one
index itself (in SITE/pagefind-one/, removed afterwards), then for each query prints the
result counts, whether the pages come in the same order of score with the same scores
(pages of equal score in any order), and how many of one index's top 5 are in the site's
top 5. Needs Chromium (apt-get install chromium).
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
from browser import launch, open_page, require_browser, serve  # noqa: E402
from katalog.engine import search  # noqa: E402

QUERIES = [  # titles, numbers, agency names, words of bodies, two-word queries, a typed prefix
    "Inovasi 42", "Inovasi 9731", "inovasi 5000", "Dinas Contoh 7", "DC12", "Lomba Inovasi 3",
    "sampah", "kelahiran", "akta kematian", "pengaduan masyarakat", "verifikasi dokumen", "portal informasi terpadu",
    "jadwal antrean", "kesehat", "izin usaha gratis",
]
FILTERED = [("layanan", {"Tahap": ["Penerapan"]}), ("izin", {"Tahun": ["2013"]})]
ONE = "pagefind-one"

SCRIPT = """async ([bundle, query, filters]) => {
    const pagefind = await import(bundle + 'pagefind.js');
    await pagefind.options({ baseUrl: '/' });
    const found = await pagefind.search(query, { filters });
    const pages = await Promise.all(found.results.map(result => result.data()));
    return pages.map((page, number) => [page.url, Math.round(found.results[number].score * 1e5) / 1e5]);
}"""


def ranked(found: list) -> list:
    by_score: dict[float, list[str]] = {}
    for url, score in found:
        by_score.setdefault(score, []).append(url)
    return [(score, sorted(urls)) for score, urls in sorted(by_score.items(), reverse=True)]


def main() -> None:
    site = Path(sys.argv[1])
    searchable = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                        if search.SEARCHABLE in path.read_bytes())
    started = time.perf_counter()
    search._index(site, searchable, site / ONE)
    print(f"one index of {len(searchable)} pages made in {time.perf_counter() - started:.1f} s")
    print(f"{'query':<42} {'one':>6} {'site':>6} {'same ranking':>13} {'top5':>5}", flush=True)
    try:
        with require_browser()() as playwright:
            browser = launch(playwright)
            url, server = serve(site)
            for query, filters in [*((query, {}) for query in QUERIES), *FILTERED]:
                found = {}
                for name, bundle in (("one index", ONE), ("site", "pagefind")):
                    page = open_page(browser, url + "cari/")
                    found[name] = page.evaluate(SCRIPT, [f"/{bundle}/", query, filters])
                    page.context.close()
                one, merged = found["one index"], found["site"]
                shown = query + (f" {json.dumps(filters)}" if filters else "")
                top = len({url for url, _ in one[:5]} & {url for url, _ in merged[:5]})
                same = "yes" if ranked(one) == ranked(merged) else "NO"
                print(f"{shown:<42} {len(one):>6} {len(merged):>6} {same:>13} {top:>5}", flush=True)
            server.shutdown()
            browser.close()
    finally:
        shutil.rmtree(site / ONE, ignore_errors=True)


if __name__ == "__main__":
    main()
