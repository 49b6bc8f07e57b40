"""The search index's shards, merged into the one Pagefind index the search page loads.

Each shard is an index that Pagefind made of some of the searchable pages (search.py). A
Pagefind index ranks a page with statistics over all of its pages (BM25: how many pages
hold a word, the average page length), and for a word it does not hold it searches the
words that start with it; so shards merged in the browser rank and find otherwise than
one index would. Merged here, they make the index Pagefind would have made of all the
pages at once: the pages are the shards' pages one shard after another, each word's list
of pages is the shards' lists joined, and the words are cut into chunks by Pagefind's own
rule. Results, scores, filters and counts are then those of one index
(tests/test_search_shards.py compares them), and a phone downloads what one index costs.

Joining is cheap because Pagefind writes each page number of a word's list as the
difference from the one before: only the first page of each shard's part changes. So a
shard is read once (``read_shard``), keeping every word's list as Pagefind's bytes, and
that reading is kept beside the shard, so that a change reads again only its own shard.

The files, in Pagefind 1.5 (each gzip around ``b"pagefind_dcd"`` and one CBOR item):

- ``index/<hash>.pf_index``: ``[[word, ...]]``, a word being ``[text, pages, variants]``,
  pages ``[[page number - the previous one, [locations], [meta locations]], ...]``, and
  variants ``[[variant text, pages], ...]``;
- ``filter/<hash>.pf_filter``: ``[filter name, [[value, [page number, ...]], ...]]``;
- ``pagefind.<hash>.pf_meta``: ``[version, [[fragment hash, word count], ...], [[first word,
  last word, chunk hash], ...], [[filter name, filter hash], ...], sort orders, meta fields]``;
- ``fragment/<hash>.pf_fragment``: a page's text and address, kept as Pagefind wrote it;
- ``pagefind-entry.json``: the version and, per language, the meta index and page count.

Anything else (another Pagefind version, sort orders, meta fields in another order) raises
FormatError, and search.py then indexes every page in one Pagefind run instead.
"""
from __future__ import annotations

import dataclasses
import hashlib
import heapq
import itertools
import json
import os
import shutil
import struct
import zlib
from pathlib import Path
from typing import Iterator, NamedTuple

from . import precompress as gzip_twins
from .cbor import ARRAY, NEGATIVE, TEXT, UNSIGNED, FormatError, decode, encode, head

MAGIC = b"pagefind_dcd"  # Pagefind's marker in front of the CBOR in every compressed file
ENTRY = "pagefind-entry.json"
VERSION = "1.5."  # the versions whose files are as described above
CHUNK_SIZE = 20_000  # Pagefind's index_chunk_size: locations, meta locations and pages in a chunk


class Pages(NamedTuple):
    """A word's pages in one shard, as Pagefind wrote them."""

    count: int
    first: int  # the first page's number, in the shard
    last: int  # the last page's number, in the shard
    head: bytes  # the first page's array head
    rest: bytes  # the rest of the list, from just after the first page's number
    size: int  # Pagefind's measure for chunks: its locations, meta locations and 1, summed over the pages


class Word(NamedTuple):
    text: str
    pages: Pages
    variants: tuple[tuple[str, Pages], ...]  # forms with other diacritics


@dataclasses.dataclass
class Language:
    """One language's index in a shard."""

    version: str
    wasm: str
    pages: list[list]  # [fragment hash, word count], in page number order
    words: list[Word]  # in Pagefind's order (by text)
    filters: dict[str, dict[str, list[int]]]  # filter -> value -> page numbers
    meta_fields: list[str]


@dataclasses.dataclass
class Shard:
    folder: Path  # the shard's Pagefind index
    entry: dict  # pagefind-entry.json without its languages
    languages: dict[str, Language]


def read_shard(folder: Path) -> Shard:
    """The Pagefind index in ``folder``, read. Raises FormatError or OSError."""
    try:
        return _read_shard(folder)
    except FormatError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, zlib.error) as error:
        raise FormatError(f"{folder.name}: {type(error).__name__}: {error}") from None


def _read_shard(folder: Path) -> Shard:
    entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
    if not (isinstance(entry, dict) and str(entry.get("version", "")).startswith(VERSION)
            and isinstance(entry.get("languages"), dict)):
        raise FormatError(f"{ENTRY} is not that of Pagefind {VERSION}x")
    languages = {}
    for name, settings in entry.pop("languages").items():
        meta = _read(folder / f"pagefind.{_hash(settings.get('hash'))}.pf_meta")
        if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == entry["version"]
                and all(isinstance(part, list) for part in meta[1:])):
            raise FormatError(f"the meta index of '{name}' is not that of Pagefind {entry['version']}")
        if meta[4]:
            raise FormatError("sort orders (data-pagefind-sort) cannot be merged")
        words: list[Word] = []
        for _, _, chunk in meta[2]:
            words.extend(_words(_read_bytes(folder / "index" / f"{_hash(chunk)}.pf_index")))
        filters = {}
        for filter_name, filter_hash in meta[3]:
            content = _read(folder / "filter" / f"{_hash(filter_hash)}.pf_filter")
            if not (isinstance(content, list) and len(content) == 2 and content[0] == filter_name
                    and all(isinstance(value, str) and all(isinstance(number, int) for number in numbers)
                            for value, numbers in content[1])):
                raise FormatError(f"the filter index of '{filter_name}' is not that of Pagefind {entry['version']}")
            filters[filter_name] = dict(content[1])
        languages[name] = Language(version=meta[0], wasm=settings.get("wasm"), pages=meta[1], words=words,
                                   filters=filters, meta_fields=meta[5])
    return Shard(folder=folder, entry=entry, languages=languages)


def write_index(shards: list[Shard], target: Path, *, precompress: bool) -> None:
    """Write the one index of all ``shards`` (in this order) into ``target``, in place:
    new files first, then the entry file that names them, then the files no longer named.
    A file's name is a hash of its content, so a search under way reads either index whole.
    Raises FormatError (shards that cannot be merged) before writing anything, or OSError."""
    indexed = [shard for shard in shards if shard.languages]
    if not indexed:
        raise FormatError("no page to index")
    payloads: dict[str, bytes] = {}  # path in target -> uncompressed content
    linked: dict[str, Path] = {}  # path in target -> the shard's file, linked or copied unchanged
    languages = {}
    for name in sorted({language for shard in shards for language in shard.languages}):
        parts = [(shard, shard.languages[name]) for shard in shards if name in shard.languages]
        meta_hash, page_count = _merge_language(name, parts, payloads, linked)
        languages[name] = {"hash": meta_hash, "wasm": parts[0][1].wasm, "page_count": page_count}
    for shard in reversed(indexed):  # Pagefind's scripts and wasm, from the first shard that has each
        for path in shard.folder.iterdir():
            if path.is_file() and path.name != ENTRY and path.suffix != ".pf_meta":
                linked[path.name] = path
    entry = {**indexed[0].entry, "languages": languages}
    entry = {"version": entry.pop("version"), "languages": entry.pop("languages"), **entry}  # Pagefind's order
    _publish(target, payloads, linked, _json(entry), precompress=precompress)


def _merge_language(name: str, parts: list[tuple[Shard, Language]], payloads: dict[str, bytes],
                    linked: dict[str, Path]) -> tuple[str, int]:
    """Add the files of language ``name`` to ``payloads`` and ``linked``; returns its meta hash and page count."""
    version = parts[0][1].version
    fields = max((language.meta_fields for _, language in parts), key=len)
    for _, language in parts:
        if language.version != version or language.meta_fields != fields[:len(language.meta_fields)]:
            raise FormatError("the shards were made by different Pagefind versions or hold other meta fields")
    offsets = list(itertools.accumulate((len(language.pages) for _, language in parts), initial=0))
    pages = [page for _, language in parts for page in language.pages]
    for shard, language in parts:
        for fragment, _ in language.pages:
            linked[f"fragment/{_hash(fragment)}.pf_fragment"] = shard.folder / "fragment" / f"{fragment}.pf_fragment"

    chunks = []
    for words in _chunks(_joined_words([language.words for _, language in parts], offsets)):
        payload = MAGIC + head(ARRAY, 1) + head(ARRAY, len(words)) + b"".join(encoded for _, encoded in words)
        chunk_hash = _name(name, payload, payloads, "index/{}.pf_index")
        payloads[f"index/{chunk_hash}.pf_index"] = payload
        chunks.append([words[0][0], words[-1][0], chunk_hash])
    _trim_chunk_bounds(chunks)

    filters = []
    for filter_name in sorted({filter_name for _, language in parts for filter_name in language.filters}):
        values: dict[str, list[int]] = {}
        for (_, language), offset in zip(parts, offsets):
            for value, numbers in language.filters.get(filter_name, {}).items():
                values.setdefault(value, []).extend(number + offset for number in numbers)
        payload = MAGIC + encode([filter_name, [[value, values[value]] for value in sorted(values)]])
        filter_hash = _name(name, payload, payloads, "filter/{}.pf_filter")
        payloads[f"filter/{filter_hash}.pf_filter"] = payload
        filters.append([filter_name, filter_hash])

    payload = MAGIC + encode([version, pages, chunks, filters, [], fields])
    meta_hash = f"{name}_{hashlib.sha256(payload).hexdigest()[:len(name) + 8]}"  # as long as Pagefind's
    payloads[f"pagefind.{meta_hash}.pf_meta"] = payload
    return meta_hash, len(pages)


def _joined_words(shards: list[list[Word]], offsets: list[int]) -> Iterator[tuple[str, bytes, int]]:
    """Every word of the shards, by text: its text, its CBOR with every shard's pages, and its chunk size."""
    def stream(number: int, words: list[Word]) -> Iterator[tuple[str, int, Word]]:
        return ((word.text, number, word) for word in words)

    streams = [stream(number, words) for number, words in enumerate(shards)]
    for text, group in itertools.groupby(heapq.merge(*streams), key=lambda item: item[0]):
        parts = [(offsets[number], word) for _, number, word in group]
        forms: dict[str, list[tuple[int, Pages]]] = {}
        for offset, word in parts:
            for form, pages in word.variants:
                forms.setdefault(form, []).append((offset, pages))
        encoded = [head(ARRAY, 3), _text(text), _pages([(offset, word.pages) for offset, word in parts]),
                   head(ARRAY, len(forms))]
        for form, pages in forms.items():
            encoded += [head(ARRAY, 2), _text(form), _pages(pages)]
        yield text, b"".join(encoded), sum(word.pages.size for _, word in parts)


def _pages(parts: list[tuple[int, Pages]]) -> bytes:
    """One list of pages from the shards' lists, each shard's page numbers moved by its offset."""
    encoded = [head(ARRAY, sum(pages.count for _, pages in parts))]
    previous = 0
    for offset, pages in parts:
        if pages.count:
            encoded += [pages.head, head(UNSIGNED, pages.first + offset - previous), pages.rest]
            previous = pages.last + offset
    return b"".join(encoded)


def _chunks(words: Iterator[tuple[str, bytes, int]]) -> Iterator[list[tuple[str, bytes]]]:
    """Words cut into chunks as Pagefind cuts them (index/mod.rs, chunk_index)."""
    chunk, size = [], 0
    for text, encoded, word_size in words:
        chunk.append((text, encoded))
        size += word_size
        if size >= CHUNK_SIZE:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _trim_chunk_bounds(chunks: list[list[str]]) -> None:
    """Shorten each chunk's last word and the next one's first to where they differ, plus one
    character, as Pagefind does (chunk_meta), so that a prefix between two chunks finds both."""
    for before, after in zip(chunks, chunks[1:]):
        common = len(os.path.commonprefix([before[1], after[0]]))
        last, first = before[1][:common + 1], after[0][:common + 1]
        if last >= before[0]:
            before[1] = last
        after[0] = first


def _words(data: bytes) -> list[Word]:
    """The words of one index chunk (the CBOR after MAGIC)."""
    count, at = _head(data, _expect(data, 0, ARRAY, 1), ARRAY)
    words = []
    for _ in range(count):
        at = _expect(data, at, ARRAY, 3)
        text, at = _read_text(data, at)
        pages, at = _read_pages(data, at)
        variants = []
        forms, at = _head(data, at, ARRAY)
        for _ in range(forms):
            at = _expect(data, at, ARRAY, 2)
            form, at = _read_text(data, at)
            form_pages, at = _read_pages(data, at)
            variants.append((form, form_pages))
        words.append(Word(text, pages, tuple(variants)))
    if at != len(data):
        raise FormatError("bytes after the index chunk")
    return words


def _read_pages(data: bytes, at: int) -> tuple[Pages, int]:
    count, at = _head(data, at, ARRAY)
    page = first = size = 0
    first_head, rest_from = b"", at
    for number in range(count):
        start = at
        at = _expect(data, at, ARRAY, 3)
        array_end = at
        delta, at = _head(data, at, UNSIGNED)
        page += delta
        if number == 0:
            first, first_head, rest_from = page, data[start:array_end], at
        for _ in range(2):  # locations, then meta locations: integers
            locations, at = _head(data, at, ARRAY)
            at = _skip_integers(data, at, locations)
            size += locations
        size += 1
    return Pages(count, first, page, first_head, data[rest_from:at] if count else b"", size), at


def _head(data: bytes, at: int, major: int) -> tuple[int, int]:
    """The argument of the item head at ``at``, which must be of ``major`` type, and where it ends."""
    try:
        byte = data[at]
    except IndexError:
        raise FormatError("the index chunk ends in the middle of an item") from None
    if byte >> 5 != major:
        raise FormatError(f"CBOR major type {byte >> 5} where {major} was expected")
    info = byte & 0x1F
    if info < 24:
        return info, at + 1
    if info > 27:
        raise FormatError(f"CBOR item head {byte:#04x} is not supported")
    size = 1 << (info - 24)
    if at + 1 + size > len(data):
        raise FormatError("the index chunk ends in the middle of an item")
    return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _expect(data: bytes, at: int, major: int, argument: int) -> int:
    found, at = _head(data, at, major)
    if found != argument:
        raise FormatError(f"an array of {found} items where {argument} were expected")
    return at


def _read_text(data: bytes, at: int) -> tuple[str, int]:
    length, at = _head(data, at, TEXT)
    try:
        return data[at:at + length].decode("utf-8"), at + length
    except UnicodeDecodeError:
        raise FormatError("a word that is not UTF-8") from None


def _skip_integers(data: bytes, at: int, count: int) -> int:
    """Where ``count`` integers from ``at`` end (the hot loop of reading a shard)."""
    for _ in range(count):
        byte = data[at]
        if byte >> 5 not in (UNSIGNED, NEGATIVE) or byte & 0x1F > 27:
            raise FormatError("a location that is not an integer")
        info = byte & 0x1F
        at += 1 if info < 24 else 1 + (1 << (info - 24))
    if at > len(data):
        raise FormatError("the index chunk ends in the middle of an item")
    return at


def _text(text: str) -> bytes:
    raw = text.encode("utf-8")
    return head(TEXT, len(raw)) + raw


def _read_bytes(path: Path) -> bytes:
    data = zlib.decompress(path.read_bytes(), wbits=16 + zlib.MAX_WBITS)  # gzip only
    if not data.startswith(MAGIC):
        raise FormatError(f"{path.name} does not start with {MAGIC.decode()}")
    return data[len(MAGIC):]


def _read(path: Path) -> object:
    return decode(_read_bytes(path))


def _hash(value: object) -> str:
    """``value`` checked to be a Pagefind file hash (language, '_', hex), so it names no other path."""
    language, _, digits = value.partition("_") if isinstance(value, str) else ("", "", "")
    if not (language and digits and all(c.isalnum() or c == "-" for c in language)
            and all(c in "0123456789abcdef" for c in digits)):
        raise FormatError(f"{value!r} is not a Pagefind file hash")
    return value


def _name(language: str, payload: bytes, taken: dict[str, bytes], pattern: str) -> str:
    """A file hash in Pagefind's shape (7 hex digits), made from ``payload``; one digit
    longer at a time while another file of ``taken`` has it."""
    digest, digits = hashlib.sha256(payload).hexdigest(), 7
    while taken.get(pattern.format(f"{language}_{digest[:digits]}"), payload) != payload:
        digits += 1
    return f"{language}_{digest[:digits]}"


def _json(value: object) -> str:
    """JSON as Pagefind writes it: no spaces, other than ASCII written as itself."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _gzip(data: bytes) -> bytes:
    """gzip with a fixed header (no name, time 0, "best compression", OS unknown: the header
    Pagefind writes), so the bytes depend only on ``data`` and zlib. Level 6: the index is
    written again on every change, and level 9 made it 1 % smaller and twice as slow."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)  # a raw deflate stream
    body = compressor.compress(data) + compressor.flush()
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body
            + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF))


def _publish(target: Path, payloads: dict[str, bytes], linked: dict[str, Path], entry: str, *,
             precompress: bool) -> None:
    existing = {os.path.relpath(os.path.join(folder, name), target).replace(os.sep, "/")
                for folder, _, names in os.walk(target) for name in names}
    written = []
    for path, payload in payloads.items():
        if path not in existing:  # named after its content: a file of that name holds it already
            _file(target / path).write_bytes(_gzip(payload))
    for path, source in linked.items():
        if path in existing and (path.startswith("fragment/") or _same(source, target / path)):
            continue
        destination = _file(target / path)
        destination.unlink(missing_ok=True)
        try:
            os.link(source, destination)
        except OSError:  # another disk, or one without hard links
            shutil.copyfile(source, destination)
        written.append(path)
    keep = {*payloads, *linked, ENTRY}
    if precompress:  # Pagefind's scripts and styles; its index files are gzip already
        for path in (path for path in linked if "/" not in path):  # not the fragments
            twin = target / (path + ".gz")
            if path in written or not twin.is_file():
                data = (target / path).read_bytes()
                if gzip_twins.worth_compressing(path, len(data)):
                    twin.write_bytes(gzip_twins.compress(data))
            if twin.is_file():
                keep.add(path + ".gz")
    temporary = target / (ENTRY + ".tmp")
    temporary.write_text(entry, encoding="utf-8")
    os.replace(temporary, target / ENTRY)
    for path in existing - keep:
        (target / path).unlink(missing_ok=True)


def _file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _same(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other) or one.read_bytes() == other.read_bytes()
    except OSError:
        return False
