#!/usr/bin/env python3
"""Compare what a sharded search index finds with what one index finds, in Chromium.

python bench/search_quality.py SITE SINGLE_BUNDLE: SITE is a built site with its shards
(pagefind/, pagefind-1/, ...); SINGLE_BUNDLE is a folder in SITE holding one Pagefind
index of the same pages (made with katalog.build.search._make_bundle over every page).
For each query: the result counts, whether the first result is the same, and how many of
one index's top 5 are in the shards' top 5. Needs Chromium (apt-get install chromium).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
from browser import launch, open_page, require_browser, serve  # noqa: E402
from katalog.site import urls  # noqa: E402

QUERIES = [  # titles, numbers, agency names, words of bodies, two-word queries, a typed prefix
    "Inovasi 42", "Inovasi 9731", "inovasi 5000", "Dinas Contoh 7", "DC12", "Lomba Inovasi 3",
    "sampah", "kelahiran", "akta kematian", "pengaduan masyarakat", "verifikasi dokumen", "portal informasi terpadu",
    "jadwal antrean", "kesehat", "izin usaha gratis",
]
FILTERED = [("layanan", {"Tahap": ["Penerapan"]}), ("izin", {"Tahun": ["2013"]})]

SCRIPT = """async ([bundles, query, filters]) => {
    const pagefind = await import(bundles[0] + 'pagefind.js');
    await pagefind.options({ baseUrl: '/' });
    for (const bundle of bundles.slice(1)) { await pagefind.mergeIndex(bundle, { baseUrl: '/' }); }
    const found = await pagefind.search(query, { filters });
    const top = await Promise.all(found.results.slice(0, 5).map(result => result.data()));
    return { count: found.results.length, top: top.map(page => page.url) };
}"""


def main() -> None:
    site, single = Path(sys.argv[1]), sys.argv[2]
    shards = sorted((path.name for path in site.iterdir() if urls.is_search_bundle(path.name)),
                    key=lambda name: (len(name), name))
    rows = []
    with require_browser()() as playwright:
        browser = launch(playwright)
        url, server = serve(site)
        for query, filters in [*((query, {}) for query in QUERIES), *FILTERED]:
            found = {}
            for name, bundles in (("one index", [single]), ("shards", shards)):
                page = open_page(browser, url + "cari/")
                found[name] = page.evaluate(SCRIPT, [[f"/{bundle}/" for bundle in bundles], query, filters])
                page.context.close()
            one, sharded = found["one index"], found["shards"]
            rows.append({"query": query + (f" {json.dumps(filters)}" if filters else ""),
                         "count (one index)": one["count"], "count (shards)": sharded["count"],
                         "same first": bool(one["top"]) and one["top"][:1] == sharded["top"][:1],
                         "top 5 shared": len(set(one["top"]) & set(sharded["top"]))})
        server.shutdown()
        browser.close()
    print(f"{len(shards)} shards against one index")
    print(f"{'query':<42} {'one':>6} {'shards':>7} {'first':>6} {'top5':>5}")
    for row in rows:
        print(f"{row['query']:<42} {row['count (one index)']:>6} {row['count (shards)']:>7} "
              f"{'same' if row['same first'] else 'other':>6} {row['top 5 shared']:>5}")


if __name__ == "__main__":
    main()
