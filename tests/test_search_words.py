"""The word rules of the search page (templates/static/search.js), run in Chromium: its stemmer
gives the words Pagefind's index holds; exact and approximate matches at their edges; the edit
distance and the names it offers, within bounds at the size of a national catalogue."""
from __future__ import annotations

import json

import pytest

import build
from browser import browser, open_page, serve  # noqa: F401
from conftest import MINIMAL_SITE, ROOT, write_tree
from katalog.engine import search_merge

pytestmark = pytest.mark.browser

# Words that take each rule of the Indonesian stemmer: particles, possessives, first-order prefixes
# (deleted, or replaced by "s" or "p"), second-order prefixes (also after a replaced one), suffixes
# and the conditions on them, words too short to stem, and compounds Pagefind splits.
WORDS = ("kesehatan pemerintahan memperbaiki menyapu penyuluhan pengaduan pendidikan dipersilakan terselenggara "
         "berlari bekerja belajar pelajaran pelajar perbaikan pekerjaan bacalah rumahnya bukuku milikmu apakah "
         "sampai sampah kelas mengirimkan pemakai memakai menyanyikan analisis kursi puskesmas dokumentasi "
         "pengumuman menyebarluaskan penyakit pembelajaran diperbarui ketersediaan kemudahan terpadu peserta "
         "disosialisasikan mempersiapkan pertanian perhubungan pelayanannya kependudukan memberikan dilakukan "
         "kafé e-KTP (DinasKesehatan) SI-BULAN Dinas/Kantor 2020Penerapan menyrt")


@pytest.fixture(scope="module")
def word_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("words")
    write_tree(root / "content", {**MINIMAL_SITE, "innovations/sipput.md": MINIMAL_SITE["innovations/sipput.md"]
                                  .replace("Teks.", WORDS)})
    assert build.main(["build", "--content", str(root / "content"), "--out", str(root / "site"), "--no-cache"]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def module_page(browser, word_site):
    """A page of the built site with search.js imported as ``window.words``."""
    url, server = serve(word_site)
    page = open_page(browser, url + "cari/")
    script = next(word_site.glob("static/search.*.js")).name
    page.evaluate(f"async () => {{ window.words = await import('/static/{script}'); }}")
    yield page
    page.context.close()
    server.shutdown()


def test_the_stemmer_gives_the_words_of_pagefinds_index(module_page, word_site):
    index = sorted({word.text for language in search_merge.read_shard(word_site / "pagefind").languages.values()
                    for word in language.words})
    ours = module_page.evaluate("""async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        const found = await pagefind.search(null, {});
        const stems = {};
        for (const result of found.results) {
            const data = await result.data();
            for (const word of data.raw_content.split(/[\\r\\n\\s]+/g)) {
                for (const form of window.words.indexedForms(word)) stems[window.words.stem(form)] = word;
            }
        }
        return stems;
    }""")
    assert {stem: word for stem, word in ours.items() if stem not in index} == {}
    for word, stem in {"kesehatan": "sehat", "pemerintahan": "perintah", "memperbaiki": "baik", "sampai": "sampa",
                       "sampah": "sampah", "dipersilakan": "sila", "penyuluhan": "suluh", "bekerja": "kerja",
                       "belajar": "ajar", "pelajaran": "ajar", "dokumentasi": "dokumentasi", "memakai": "paka",
                       "pemakai": "pakai", "kursi": "kursi"}.items():
        assert (word, module_page.evaluate("word => window.words.stem(word)", word)) == (word, stem)
        assert stem in index


EXACT = [
    ("sampah", ["sampai"], False),  # Pagefind backtracked to "sampa", the stem of "sampai"
    ("sampah", ["Sampah,"], True),
    ("sampa", ["sampai"], True),  # a word being typed: Pagefind finds the words it begins
    ("kesehatan", ["sehat"], True),  # the same stem: ke-...-an
    ("sehat", ["Kesehatan."], True),
    ("sipp", ["SIPPUT."], True),
    ("siamoor", ["Si"], False),
    ("si bulam", ["Si", "Sipil"], False),  # every query word must be matched: "bulam" is not
    ("si bulan", ["Si", "Bulan."], True),
    ("uji kir", ["(uji", "KIR)."], True),
    ("ktp", ["e-KTP"], True),  # a part of a compound, as Pagefind indexes it
    ("kesehatan", ["(DinasKesehatan)"], True),
    ("kafe", ["Kafé"], True),  # accents folded on both sides
    ("perintah", ["perintah"], True),
    # Pagefind stems the query "perintah" to "intah" (per- dropped) and "pemerintahan" to "perintah"
    # (pem- + vowel becomes p-): it does not find the one for the other, and neither does this rule.
    ("perintah", ["pemerintahan"], False),
    ("", ["apa"], False),
    ("sampah", [], False),
]


@pytest.mark.parametrize("query, highlighted, exact", EXACT)
def test_exact_or_approximate(module_page, query, highlighted, exact):
    assert module_page.evaluate("([query, words]) => window.words.isExact(window.words.queryWords(query), words)",
                                [query, highlighted]) is exact


NAMES = ["Adinda", "Data Go", "Dinas Lingkungan Hidup", "DLH", "HCC", "SIAMOR", "Si Bulan", "Si Cantik", "SIPPUT",
         "Si Sakti"]


@pytest.mark.parametrize("query, offered", [
    ("siamoor", ["SIAMOR"]), ("si bulam", ["Si Bulan"]), ("SIAMRO", ["SIAMOR"]),  # a swap of two letters is one edit
    ("zzqx", []), ("sippu", ["SIPPUT"]), ("hc", []),  # too short to guess from
    ("SIAMOR", []),  # the name itself: nothing to offer
    ("si santi", ["Si Sakti", "Si Cantik"]),  # the nearest first
    ("dinas lingkungan hidop", ["Dinas Lingkungan Hidup"]), ("dinas", []),
])
def test_did_you_mean(module_page, query, offered):
    assert module_page.evaluate("""([query, names]) => window.words.suggest(query,
        names.map(name => [window.words.nameKey(name), name]))""", [query, NAMES]) == offered


@pytest.mark.parametrize("a, b, limit, edits", [
    ("siamoor", "siamor", 2, 1), ("siamro", "siamor", 2, 1), ("abc", "abc", 1, 0), ("kitten", "sitting", 3, 3),
    ("kitten", "sitting", 2, 3), ("zzqx", "dlh", 1, 2), ("", "ab", 2, 2), ("abcdef", "ab", 2, 3),
    ("ca", "abc", 3, 3), ("abcdefghij", "abcdefghji", 1, 1), ("abcdefghij", "bacdefghij", 1, 1),
    ("abcdefghijklmnop", "abcdefghijklmnxp", 2, 1), ("sibulan", "sibulam", 1, 1),
])
def test_edit_distance_is_exact_up_to_its_limit(module_page, a, b, limit, edits):
    assert module_page.evaluate("([a, b, limit]) => window.words.editDistance(a, b, limit)", [a, b, limit]) == edits


def test_a_national_catalogues_names_are_compared_in_bounded_time(module_page):
    """100,000 names made of Indonesian-like syllables (a title and another spelling for each of
    50,000 entries): a misspelt one is found among them, and a guess takes well under a second."""
    found, milliseconds = module_page.evaluate("""() => {
        const syllables = ['si', 'ma', 'ga', 'la', 'ku', 'pe', 'na', 'ta', 'ri', 'bu', 'mo', 'de', 'sa', 'ya', 'ha'];
        let seed = 29;
        const next = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
        const word = () => Array.from({ length: 2 + next(3) }, () => syllables[next(syllables.length)]).join('');
        const names = Array.from({ length: 100000 }, () => Array.from({ length: 1 + next(4) }, word).join(' '));
        const keyed = names.map(name => [window.words.nameKey(name), name]);
        const target = names[77777];
        const misspelt = target.slice(0, -1) + (target.endsWith('a') ? 'o' : 'a');
        const started = performance.now();
        const offered = window.words.suggest(misspelt, keyed);
        for (const query of ['layanan inovasi daerah', 'sistem informasi terpadu', 'siamoor', 'zzqx']) {
            window.words.suggest(query, keyed);
        }
        return [offered.includes(target) || offered.length === 3, (performance.now() - started) / 5];
    }""")
    assert found
    assert milliseconds < 1000
    print(f"{milliseconds:.0f} ms a query over 100,000 names")
