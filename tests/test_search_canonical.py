"""The search index made canonical: the CBOR codec, two real Pagefind runs made byte-identical,
and an index of an unexpected shape left exactly as Pagefind wrote it."""
from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys

import pytest

from conftest import tree_bytes
from katalog.build.cbor import FormatError, decode, encode
from katalog.build.search_canonical import MAGIC, canonicalise

# RFC 8949, Appendix A: the encodings of these values in shortest form.
RFC_EXAMPLES = [
    (0, "00"), (1, "01"), (10, "0a"), (23, "17"), (24, "1818"), (25, "1819"), (100, "1864"),
    (1000, "1903e8"), (1000000, "1a000f4240"), (1000000000000, "1b000000e8d4a51000"),
    (18446744073709551615, "1bffffffffffffffff"),
    (-1, "20"), (-10, "29"), (-100, "3863"), (-1000, "3903e7"), (-18446744073709551616, "3bffffffffffffffff"),
    (b"", "40"), (b"\x01\x02\x03\x04", "4401020304"),
    ("", "60"), ("a", "6161"), ("IETF", "6449455446"), ("\"\\", "62225c"), ("\u00fc", "62c3bc"),
    ("\u6c34", "63e6b0b4"), ("\U00010151", "64f0908591"),
    ([], "80"), ([1, 2, 3], "83010203"), ([1, [2, 3], [4, 5]], "8301820203820405"),
    (list(range(1, 26)), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
    ({}, "a0"), ({1: 2, 3: 4}, "a201020304"), ({"a": 1, "b": [2, 3]}, "a26161016162820203"),
    (["a", {"b": "c"}], "826161a161626163"),
]


@pytest.mark.parametrize("value, hex_bytes", RFC_EXAMPLES)
def test_cbor_encodes_and_decodes_the_rfc_examples(value, hex_bytes):
    assert encode(value).hex() == hex_bytes
    assert decode(bytes.fromhex(hex_bytes)) == value


@pytest.mark.parametrize("value", [
    [2**n + k for n in (0, 8, 16, 32) for k in (-1, 0, 1)] + [2**64 - 1],
    [-(2**n) + k for n in (0, 8, 16, 32) for k in (-1, 0, 1)] + [-(2**64)],
    ["x" * 23, "x" * 24, "x" * 255, "x" * 256, "ā" * 40000, b"\x00" * 70000],
    ["Perangkat daerah", [["Dinas Kesehatan", [0, 3, 70000]], ["Dinas Pendidikan dan Kebudayaan", []]]],
])
def test_cbor_round_trip_at_every_head_size(value):
    assert decode(encode(value)) == value


@pytest.mark.parametrize("hex_bytes, why", [
    ("9f0102ff", "indefinite-length array"),
    ("c074323031332d30332d32315432303a30343a30305a", "tag"),
    ("f93c00", "half-precision float"),
    ("f5", "true"),
    ("1c", "reserved head"),
    ("8301", "array cut short"),
    ("1a0001", "argument cut short"),
    ("64494554", "text cut short"),
    ("0101", "bytes after the item"),
    ("62c328", "text that is not UTF-8"),
    ("a201020103", "repeated map key"),
    ("a1800102", "map key that is an array"),
    ("", "nothing"),
])
def test_cbor_decoder_refuses_what_pagefind_never_writes(hex_bytes, why):
    with pytest.raises(FormatError):
        decode(bytes.fromhex(hex_bytes))


@pytest.mark.parametrize("value", [True, 1.5, None, 2**64, -(2**64) - 1, ("tuple",)])
def test_cbor_encoder_refuses_other_types(value):
    with pytest.raises(FormatError):
        encode(value)


def _page(number: int) -> str:
    """A page with filters of many values (so their random order differs between runs), sorts and metadata."""
    values = ["Éclair", "zebra", "Zebra", "ämter", "apel", "Apel 2", "10", "9", "sā", "ß"]
    return f"""<!doctype html><html lang="id"><head><title>Halaman {number}</title></head>
<body data-pagefind-sort="nomor:{number}" data-pagefind-meta="urutan:{number}">
<h1>Halaman {number}</h1>
<p data-pagefind-filter="Kelompok">{values[number % len(values)]}</p>
<p data-pagefind-filter="Nomor">{number}</p>
<p data-pagefind-filter="Genap">{"ya" if number % 2 == 0 else "tidak"}</p>
<p data-pagefind-filter="Filter {number % 5}">nilai {number % 3}</p>
<p data-pagefind-sort="lain">{(number * 7) % 11}</p>
<p>Layanan publik inovasi kota {number} sampah kesehatan pendidikan.</p>
</body></html>"""


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """The same site indexed by two runs of Pagefind, as Pagefind wrote them."""
    root = tmp_path_factory.mktemp("pagefind")
    for number in range(30):
        (root / "site" / f"p{number}").mkdir(parents=True)
        (root / "site" / f"p{number}" / "index.html").write_text(_page(number), encoding="utf-8")
    for run in ("one", "two"):
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root / "site"),
                        "--output-path", str(root / run), "--silent"], check=True, capture_output=True, timeout=300)
    return root / "one", root / "two"


def test_each_language_has_its_own_canonical_index(tmp_path):
    for number in range(12):
        html = _page(number).replace('lang="id"', 'lang="en"') if number % 2 else _page(number)
        (tmp_path / "site" / f"p{number}").mkdir(parents=True)
        (tmp_path / "site" / f"p{number}" / "index.html").write_text(html, encoding="utf-8")
    for run in ("one", "two"):
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(tmp_path / "site"),
                        "--output-path", str(tmp_path / run), "--silent"], check=True, capture_output=True, timeout=300)
        assert canonicalise(tmp_path / run) is None
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
    entry = json.loads((tmp_path / "one" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "id"]
    names = sorted(path.name for path in (tmp_path / "one" / "filter").iterdir())
    assert {name[:3] for name in names} == {"en_", "id_"}
    for language in ("en", "id"):
        meta = _load(tmp_path / "one" / f"pagefind.{entry['languages'][language]['hash']}.pf_meta")
        assert sorted(f"{hash_}.pf_filter" for _, hash_ in meta[3]) == [name for name in names
                                                                         if name.startswith(language + "_")]


@pytest.fixture
def index(two_runs, tmp_path):
    """A fresh copy of the first run."""
    shutil.copytree(two_runs[0], tmp_path / "pagefind")
    return tmp_path / "pagefind"


def _load(path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(MAGIC)
    return decode(data[len(MAGIC):])


def _meta(folder):
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    return _load(folder / f"pagefind.{entry['languages']['id']['hash']}.pf_meta")


def _filters(folder):
    """Every filter as name -> {value: pages}, through the meta index, whatever the order."""
    return {name: {value: pages for value, pages in _load(folder / "filter" / f"{hash_}.pf_filter")[1]}
            for name, hash_ in _meta(folder)[3]}


def test_two_pagefind_runs_come_out_byte_identical(two_runs, tmp_path):
    one, two = shutil.copytree(two_runs[0], tmp_path / "one"), shutil.copytree(two_runs[1], tmp_path / "two")
    assert canonicalise(one) is None
    assert canonicalise(two) is None
    assert tree_bytes(one) == tree_bytes(two)


def test_canonical_index_says_what_pagefinds_said(two_runs, index):
    before = tree_bytes(index)
    filters, meta = _filters(index), _meta(index)
    assert canonicalise(index) is None
    after = tree_bytes(index)

    # Only the filter files, the meta file and the entry file change; the other files stay as they were.
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert all(path.startswith("filter/") or path.endswith(".pf_meta") or path == "pagefind-entry.json"
               for path in changed)
    assert _filters(index) == filters
    new_meta = _meta(index)
    assert new_meta[:3] == meta[:3] and new_meta[5:] == meta[5:]
    assert sorted(new_meta[4]) == sorted(meta[4]) and len(meta[4]) == 2

    # Sorted, and each file named after its contents in Pagefind's shape: "id_" and 7 or 10 hex digits.
    assert [name for name, _ in new_meta[3]] == sorted(filters) and len(filters) == 8
    assert [name for name, _ in new_meta[4]] == ["lain", "nomor"]
    for name, hash_ in new_meta[3]:
        path = index / "filter" / f"{hash_}.pf_filter"
        values = [value for value, _ in _load(path)[1]]
        assert values == sorted(values)
        assert hash_ == "id_" + hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()[:7]
    assert sorted(path.name for path in (index / "filter").iterdir()) == \
        sorted(f"{hash_}.pf_filter" for _, hash_ in new_meta[3])
    entry = json.loads(after["pagefind-entry.json"])
    meta_name = f"pagefind.{entry['languages']['id']['hash']}.pf_meta"
    assert [path for path in after if path.endswith(".pf_meta")] == [meta_name]
    assert len(entry["languages"]["id"]["hash"]) == len("id_") + 10

    # The gzip header Pagefind writes: no file name, time 0; and the same bytes a second time.
    assert after[f"filter/{new_meta[3][0][1]}.pf_filter"][:10] == bytes.fromhex("1f8b08000000000002ff")
    assert canonicalise(index) is None
    assert tree_bytes(index) == after


def _rewrite(path, change):
    """Decompress ``path``, pass the payload after the magic to ``change``, compress the result back."""
    payload = change(gzip.decompress(path.read_bytes())[len(MAGIC):])
    path.write_bytes(gzip.compress(MAGIC + payload, mtime=0))


def _first_filter(index):
    return sorted((index / "filter").iterdir())[0]


def _meta_path(index):
    return next(index.glob("pagefind.*.pf_meta"))


def _entry(index, change):
    path = index / "pagefind-entry.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    change(entry)
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


UNEXPECTED = {
    "filter not gzip": lambda index: _first_filter(index).write_bytes(b"not gzip"),
    "filter without the magic": lambda index: _first_filter(index).write_bytes(gzip.compress(b"pagefind_xyz\x80")),
    "filter cut short": lambda index: _rewrite(_first_filter(index), lambda payload: payload[:-3]),
    "filter of three items": lambda index: _rewrite(
        _first_filter(index), lambda payload: b"\x83" + payload[1:] + b"\x00"),
    "filter value that is a number": lambda index: _rewrite(
        _first_filter(index), lambda payload: encode([decode(payload)[0], [[1, [0]]]])),
    "filter whose name is not the meta's": lambda index: _rewrite(
        _first_filter(index), lambda payload: encode(["Lain", decode(payload)[1]])),
    "filter in an indefinite-length array": lambda index: _rewrite(
        _first_filter(index), lambda payload: b"\x9f" + payload[1:] + b"\xff"),
    "filter not in shortest form": lambda index: _rewrite(
        _first_filter(index), lambda payload: b"\x98\x02" + payload[1:]),
    "filter file that nothing names": lambda index: shutil.copy(
        _first_filter(index), index / "filter" / "id_0000000.pf_filter"),
    "filter file missing": lambda index: _first_filter(index).unlink(),
    "meta of four items": lambda index: _rewrite(_meta_path(index), lambda payload: encode(decode(payload)[:4])),
    "meta filters that are not pairs": lambda index: _rewrite(
        _meta_path(index), lambda payload: encode([*decode(payload)[:3], ["Kelompok"], *decode(payload)[4:]])),
    "meta filter hash that is a path": lambda index: _rewrite(
        _meta_path(index), lambda payload: encode([*decode(payload)[:3], [["Kelompok", "../../x_1"]],
                                                   *decode(payload)[4:]])),
    "entry file missing": lambda index: (index / "pagefind-entry.json").unlink(),
    "entry file not JSON": lambda index: (index / "pagefind-entry.json").write_text("{", encoding="utf-8"),
    "entry file written with spaces": lambda index: (index / "pagefind-entry.json").write_text(
        json.dumps(json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8")), indent=1),
        encoding="utf-8"),
    "entry without languages": lambda index: _entry(index, lambda entry: entry.pop("languages")),
    "entry naming a meta file that is not there": lambda index: _entry(
        index, lambda entry: entry["languages"]["id"].update(hash="id_0123456789")),
    "entry hash that is a path": lambda index: _entry(
        index, lambda entry: entry["languages"]["id"].update(hash="../../etc/passwd")),
}


@pytest.mark.parametrize("change", UNEXPECTED.values(), ids=UNEXPECTED.keys())
def test_an_index_of_another_shape_is_left_as_pagefind_wrote_it(index, change):
    change(index)
    before = tree_bytes(index)
    reason = canonicalise(index)
    assert isinstance(reason, str) and reason
    assert tree_bytes(index) == before
