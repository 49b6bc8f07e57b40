"""The search index, made in shards and merged into one: which shard a page is in; that the
merged index holds what Pagefind makes of every page at once; that a change makes only its
shard again and gives the bytes of a cold build; and, in Chromium, that the merged index
finds and ranks as one Pagefind index does. On a generated catalogue with shards of 40 entries."""
from __future__ import annotations

import itertools
import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

import build
from browser import browser, open_page, serve, wait_for_results  # noqa: F401
from conftest import ROOT
from katalog.engine import cbor, search, search_merge
from katalog import urls

from bench.generate import generate

# Slow: Pagefind over generated catalogues of 150 entries, sharded and whole.
pytestmark = pytest.mark.slow

ENTRIES = 150
SHARD = 40  # entries a shard: 150 entries make 4 shards


def test_shards_grow_by_doubling():
    assert search.shard_count(0) == 1
    assert search.shard_count(urls.SEARCH_SHARD_ENTRIES) == 1
    assert search.shard_count(urls.SEARCH_SHARD_ENTRIES + 1) == 2
    assert search.shard_count(4 * urls.SEARCH_SHARD_ENTRIES + 1) == 8


def test_a_page_keeps_its_shard_and_shards_are_balanced():
    paths = [f"inovasi/inovasi-{number:05}/index.html" for number in range(4000)]
    counts = [0] * 8
    for path in paths:
        shard = search.shard_of(path, 8)
        assert shard == search.shard_of(path, 8)
        assert search.shard_of(path, 16) in (shard, shard + 8)  # doubling splits a shard, never mixes two
        counts[shard] += 1
    assert min(counts) > 0.8 * 500 and max(counts) < 1.2 * 500
    assert {search.shard_of(path, 1) for path in paths} == {0}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    content = tmp_path_factory.mktemp("generated") / "content"
    generate(ENTRIES, content)
    return content


@pytest.fixture
def build_site(monkeypatch, capsys):
    """Build ``content`` into ``out`` with shards of ``shard`` entries; returns what build.py printed."""

    def build_(content: Path, out: Path, *, shard: int = SHARD, cache: Path | None = None) -> str:
        monkeypatch.setattr(urls, "SEARCH_SHARD_ENTRIES", shard)
        arguments = ["build", "--content", str(content), "--out", str(out), "--jobs", "1"]
        assert build.main(arguments + (["--cache", str(cache)] if cache else ["--no-cache"])) == 0
        captured = capsys.readouterr()
        return captured.out + captured.err

    return build_


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def searchable_pages(out: Path) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html")
                  if search.SEARCHABLE in path.read_bytes())


def shards_in(cache: Path) -> dict[str, dict[str, bytes]]:
    """The shards the build keeps with its cache: folder name -> its files."""
    work = next(cache.glob("*.search"))
    return {folder.name: tree(folder) for folder in sorted(work.iterdir()) if folder.is_dir()}


def reading(index: Path) -> dict:
    """What a Pagefind index holds, with every page number replaced by the page's address:
    two indexes of the same pages read the same whatever order they number the pages in."""
    def load(path: Path):
        data = zlib.decompress(path.read_bytes(), wbits=16 + zlib.MAX_WBITS)
        assert data.startswith(search_merge.MAGIC)
        return cbor.decode(data[len(search_merge.MAGIC):])

    entry = json.loads((index / search_merge.ENTRY).read_text(encoding="utf-8"))
    (language, settings), = entry["languages"].items()
    meta = load(index / f"pagefind.{settings['hash']}.pf_meta")
    address = [json.loads(zlib.decompress((index / "fragment" / f"{fragment}.pf_fragment").read_bytes(),
                                          wbits=31)[len(search_merge.MAGIC):])["url"] for fragment, _ in meta[1]]

    def pages(listed: list) -> frozenset:
        numbers = itertools.accumulate(page[0] for page in listed)
        return frozenset((address[number], tuple(page[1]), tuple(page[2])) for number, page in zip(numbers, listed))

    words = {}
    for _, _, chunk in meta[2]:
        for text, listed, variants in load(index / "index" / f"{chunk}.pf_index")[0]:
            words[text] = (pages(listed), frozenset((form, pages(forms)) for form, forms in variants))
    filters = {name: {value: frozenset(address[number] for number in numbers)
                      for value, numbers in load(index / "filter" / f"{hash_}.pf_filter")[1]}
               for name, hash_ in meta[3]}
    return {"version": (entry["version"], meta[0]), "language": (language, settings["page_count"]),
            "pages": sorted(zip(address, (words for _, words in meta[1]))),
            "chunks": [(first, last) for first, last, _ in meta[2]], "words": words, "filters": filters,
            "sorts": meta[4], "meta fields": meta[5]}


def test_the_merged_index_is_the_index_pagefind_makes_of_every_page_at_once(catalogue, tmp_path, build_site):
    out, cache = tmp_path / "site", tmp_path / "cache"
    log = build_site(catalogue, out, cache=cache)
    assert "(4 shards made)" in log
    searchable = searchable_pages(out)
    shards = shards_in(cache)
    assert list(shards) == ["shard-0", "shard-1", "shard-2", "shard-3"]
    counts = [sum(1 for name in files if name.startswith("fragment/")) for files in shards.values()]
    assert sum(counts) == len(searchable) > ENTRIES and min(counts) > 0.5 * len(searchable) / 4
    one = tmp_path / "one"
    search._index(out, searchable, one)  # Pagefind over every searchable page at once
    merged = reading(out / urls.SEARCH_INDEX)
    assert merged == reading(one)
    assert merged["language"] == ("id", len(searchable)) and len(merged["chunks"]) > 1
    assert [path.name for path in out.iterdir() if path.name.startswith("pagefind")] == ["pagefind"]
    assert 'data-bundle="../pagefind/"' in (out / "cari" / "index.html").read_text(encoding="utf-8")
    assert not [path for path in out.iterdir() if path.name.startswith(".") and path.name not in (".katalog-inovasi", ".katalog-build")]


def test_one_changed_entry_makes_only_its_shard_again_and_equals_a_cold_build(catalogue, tmp_path, build_site):
    content = tmp_path / "content"
    shutil.copytree(catalogue, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(content, out, cache=cache)
    before = shards_in(cache)
    entry = content / "innovations" / "inovasi-00007.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("## Cara Kerja", "Kata baru: zamrudkhatulistiwa.\n\n"
                                                                                 "## Cara Kerja"), encoding="utf-8")
    log = build_site(content, out, cache=cache)
    assert "(1 shard made)" in log
    after = shards_in(cache)
    shard = f"shard-{search.shard_of('inovasi/inovasi-00007/index.html', 4)}"
    assert [name for name in after if after[name] != before[name]] == [shard]
    words = reading(out / urls.SEARCH_INDEX)["words"]
    assert {page for page, _, _ in words["zamrudkhatulistiwa"][0]} == {"/inovasi/inovasi-00007/"}
    unchanged = next(number for number in range(100, ENTRIES)
                     if search.shard_of(f"inovasi/inovasi-{number:05}/index.html", 4) != int(shard[-1]))
    assert f"/inovasi/inovasi-{unchanged:05}/" in {page for page, _, _ in words[str(unchanged)][0]}
    cold = tmp_path / "cold"
    build_site(content, cold)
    assert tree(out / urls.SEARCH_INDEX) == tree(cold / urls.SEARCH_INDEX)


def test_shards_without_a_searchable_page_are_merged_too(tmp_path, build_site):
    content, out = tmp_path / "content", tmp_path / "site"
    generate(10, content)
    build_site(content, out, shard=0.25, cache=tmp_path / "cache")  # 64 shards for fewer pages
    shards = shards_in(tmp_path / "cache")
    assert len(shards) == 64 and any(not files for files in shards.values())
    search._index(out, searchable_pages(out), tmp_path / "one")
    assert reading(out / urls.SEARCH_INDEX) == reading(tmp_path / "one")


def test_shards_that_cannot_be_merged_give_one_index_made_in_one_run(catalogue, tmp_path, build_site, monkeypatch):
    def refuse(folder):
        raise search_merge.FormatError("sort orders (data-pagefind-sort) cannot be merged")

    monkeypatch.setattr(search_merge, "read_shard", refuse)
    out = tmp_path / "site"
    assert "note: search index made in one run, not from shards (sort orders" in build_site(catalogue, out)
    search._index(out, searchable_pages(out), tmp_path / "one")
    assert reading(out / urls.SEARCH_INDEX) == reading(tmp_path / "one")
    assert not [path for path in out.iterdir() if path.name.startswith(".pagefind")]


def test_a_shard_whose_reading_was_lost_is_made_again(catalogue, tmp_path, build_site):
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(catalogue, content)
    build_site(content, out, cache=cache)
    changed_shard = search.shard_of("inovasi/inovasi-00007/index.html", 4)
    lost = next(number for number in range(4) if number != changed_shard)
    (next(cache.glob("*.search")) / f"shard-{lost}.read").write_bytes(b"not a pickle")
    entry = content / "innovations" / "inovasi-00007.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nKata baru: zamrudkhatulistiwa.\n", encoding="utf-8")
    assert "(2 shards made)" in build_site(content, out, cache=cache)
    build_site(content, tmp_path / "cold")
    assert tree(out / urls.SEARCH_INDEX) == tree(tmp_path / "cold" / urls.SEARCH_INDEX)


def test_a_catalogue_that_grows_past_a_shard_gets_more_shards_and_loses_them_when_it_shrinks(tmp_path, build_site):
    content = tmp_path / "content"
    generate(30, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(content, out, cache=cache)
    assert list(shards_in(cache)) == ["shard-0"]
    search_page = (out / "cari" / "index.html").read_bytes()
    extra = content / "innovations" / "inovasi-00000.md"
    for number in range(30, 45):
        shutil.copyfile(extra, content / "innovations" / f"tambahan-{number}.md")
    build_site(content, out, cache=cache)
    assert list(shards_in(cache)) == ["shard-0", "shard-1"]
    assert reading(out / urls.SEARCH_INDEX)["language"] == ("id", len(searchable_pages(out)))
    # One index, whatever the number of shards: the page differs only in the catalogue's count.
    assert (out / "cari" / "index.html").read_bytes() == search_page.replace(b"memuat 30 inovasi", b"memuat 45 inovasi")
    for number in range(30, 45):
        (content / "innovations" / f"tambahan-{number}.md").unlink()
    build_site(content, out, cache=cache)
    assert list(shards_in(cache)) == ["shard-0"]
    assert "up to date" in build_site(content, out, cache=cache)


# Pagefind ranks a page by statistics over all the pages of its index (BM25), and for a
# word the index does not hold it searches the words that start with it. Shards merged in
# the browser (Pagefind's mergeIndex) therefore ranked and found otherwise than one index;
# the merged index must rank exactly as one index: the same pages with the same scores.
QUERIES = ["sampah", "akta kelahiran", "pengaduan masyarakat", "Dinas Contoh", "Dinas Contoh 7", "Inovasi 42",
           "Inovasi 117", "kesehat", "DC12"]

SEARCH_SCRIPT = """async ([bundle, query, filters]) => {
    const pagefind = await import(bundle + 'pagefind.js');
    await pagefind.options({ baseUrl: '/' });
    const found = await pagefind.search(query, { filters });
    const pages = await Promise.all(found.results.map(result => result.data()));
    return { found: pages.map((page, number) => [page.url, found.results[number].score]), filters: found.filters };
}"""


@pytest.fixture(scope="module")
def single_and_sharded(catalogue, tmp_path_factory):
    sites = {}
    for name, shard in (("single", 10_000), ("sharded", SHARD)):
        out = tmp_path_factory.mktemp(name) / "site"
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(urls, "SEARCH_SHARD_ENTRIES", shard)
            assert build.main(["build", "--content", str(catalogue), "--out", str(out), "--no-cache"]) == 0
        sites[name] = out
    return sites


def search_in(browser, site: Path, query: str, filters: dict | None = None) -> dict:
    """Pagefind's own search API over the site's index, in a fresh page: every page found, with its score."""
    url, server = serve(site)
    page = open_page(browser, url + "cari/")
    try:
        return page.evaluate(SEARCH_SCRIPT, ["/pagefind/", query, filters or {}])
    finally:
        page.context.close()
        server.shutdown()


def ranked(found: list) -> list[tuple[float, list[str]]]:
    """Pages by score, best first; pages of equal score (in an order Pagefind does not fix) as a sorted list."""
    by_score: dict[float, list[str]] = {}
    for url, score in found:
        by_score.setdefault(round(score, 5), []).append(url)
    return [(score, sorted(by_score[score])) for score in sorted(by_score, reverse=True)]


@pytest.mark.browser
@pytest.mark.parametrize("query", QUERIES)
def test_the_merged_index_finds_and_ranks_as_one_index(browser, single_and_sharded, query):
    single = search_in(browser, single_and_sharded["single"], query)
    sharded = search_in(browser, single_and_sharded["sharded"], query)
    assert len(single["found"]) > 0
    assert ranked(sharded["found"]) == ranked(single["found"])
    assert sharded["filters"] == single["filters"]


@pytest.mark.browser
def test_a_search_for_a_name_puts_that_page_first(browser, single_and_sharded):
    for query, first in {"Inovasi 42": "/inovasi/inovasi-00042/", "Inovasi 117": "/inovasi/inovasi-00117/"}.items():
        found = search_in(browser, single_and_sharded["sharded"], query)["found"]
        assert found[0][0] == first and found[0][1] > found[1][1]


@pytest.mark.browser
def test_the_merged_index_filters_as_one_index(browser, single_and_sharded):
    filters = {"Tahap": ["Penerapan"]}
    single = search_in(browser, single_and_sharded["single"], "layanan", filters)
    sharded = search_in(browser, single_and_sharded["sharded"], "layanan", filters)
    assert 0 < len(single["found"]) < ENTRIES
    assert ranked(sharded["found"]) == ranked(single["found"])


@pytest.mark.browser
def test_the_search_page_finds_and_announces_as_many_pages(browser, single_and_sharded):
    """The real search page (static/search.js over Pagefind's API) on the sharded site finds
    as many pages as on one index, and announces that count."""
    counts = {}
    for name, site in single_and_sharded.items():
        url, server = serve(site)
        try:
            page = open_page(browser, url + "cari/?q=sampah")
            wait_for_results(page)
            page.wait_for_function("() => /[0-9]/.test(document.getElementById('status-pencarian').textContent)")
            counts[name] = page.locator("#status-pencarian").text_content()
            page.context.close()
        finally:
            server.shutdown()
    assert counts["sharded"] == counts["single"]
    assert re.search(r"\b%d\b" % ENTRIES, counts["single"])  # every entry holds the word
