"""Pagefind's search index rewritten so that the same site gives the same bytes on every run.

Pagefind gathers filter values, filters and sort orders in Rust HashMaps, whose order is
random on every run, writes them in that order and names each file after a hash of its
bytes. Upstream issue Pagefind/pagefind#638 made the fragment names stable (Pagefind 1.3);
the maintainer notes there that the filter and metadata indexes still change, and in 1.5.2
they do: two runs over the same pages differ in ``filter/*.pf_filter``, in
``pagefind.<hash>.pf_meta`` and in ``pagefind-entry.json``, which names the meta file.

``canonicalise()`` sorts those lists, names the files after their new contents and
rewrites the references to them. Since Pagefind writes the lists in a different order on
every run, its search cannot depend on their order: a sorted one is an order Pagefind
itself could have written.

The files, in Pagefind 1.5.2 (each gzip around ``b"pagefind_dcd"`` and one CBOR item):

- ``filter/<hash>.pf_filter``: ``[filter name, [[value, [page number, ...]], ...]]``
- ``pagefind.<hash>.pf_meta``: ``[version, pages, index chunks, [[filter name, filter hash], ...],
  [[sort name, [page number, ...]], ...], meta field names]``
- ``pagefind-entry.json``: ``{"languages": {"<language>": {"hash": "<meta hash>", ...}}, ...}``

A hash is the language, an underscore and hex digits (``id_2baf7f3``). Anything else found
there (another Pagefind version) leaves the whole index as Pagefind wrote it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zlib
from pathlib import Path

from .cbor import FormatError, decode, encode

MAGIC = b"pagefind_dcd"  # Pagefind's marker in front of the CBOR in every compressed file
ENTRY = "pagefind-entry.json"
HASH = re.compile(r"(?P<prefix>[A-Za-z0-9-]+_)(?P<hex>[0-9a-f]+)")


def canonicalise(folder: Path) -> str | None:
    """Rewrite the Pagefind index in ``folder`` (``.../pagefind``) in canonical form.

    Returns None when done, or, when the index is not shaped as expected, why it was left
    exactly as Pagefind wrote it. Raises OSError only if writing the new files fails.
    """
    try:
        writes, entry_text, stale = _plan(folder)
    except (FormatError, ValueError, OSError, EOFError, zlib.error, RecursionError) as error:
        return str(error) or type(error).__name__
    # Everything was read and checked before anything is written. New names first, then the
    # entry file that points at them (replaced whole), then the files nothing points at any more.
    for path, payload in writes.items():
        path.write_bytes(_gzip(payload))
    temporary = folder / (ENTRY + ".tmp")
    temporary.write_text(entry_text, encoding="utf-8")
    os.replace(temporary, folder / ENTRY)
    for path in stale - writes.keys():
        path.unlink()
    return None


def _plan(folder: Path) -> tuple[dict[Path, bytes], str, set[Path]]:
    """What to write (path -> uncompressed payload), the new entry file, and the files it replaces."""
    entry_text = (folder / ENTRY).read_text(encoding="utf-8")
    entry = json.loads(entry_text)
    if _json(entry) != entry_text:  # so that writing it back changes nothing but the hashes
        raise FormatError(f"{ENTRY} is not written the way Pagefind 1.5 writes it")
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict) or not all(isinstance(language, dict) for language in languages.values()):
        raise FormatError(f"{ENTRY} has no languages")

    filter_folder = folder / "filter"
    filter_files = set(filter_folder.glob("*")) if filter_folder.is_dir() else set()
    writes: dict[Path, bytes] = {}
    stale: set[Path] = set()
    taken: set[str] = set()  # new filter names, unique across languages
    for language in sorted(languages):  # sorted: which filter gets a longer name on a clash is then fixed
        settings = languages[language]
        meta_path = folder / f"pagefind.{_hash_of(settings.get('hash'))}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[0], str)
                and _pairs(meta[3], str, str) and _pairs(meta[4], str, list)):
            raise FormatError(f"{meta_path.name} is not a Pagefind 1.5 meta index")

        # Pagefind makes a hash longer when it clashes with one written before it, in random order;
        # the new names start from the usual number of hex digits, the fewest of them.
        digits = min((len(HASH.fullmatch(_hash_of(old_hash))["hex"]) for _, old_hash in meta[3]), default=0)
        renamed = []
        for name, old_hash in sorted(meta[3]):
            path = filter_folder / f"{old_hash}.pf_filter"
            content = _read(path)
            if not (isinstance(content, list) and len(content) == 2 and content[0] == name
                    and _pairs(content[1], str, list)
                    and all(isinstance(page, int) for _, pages in content[1] for page in pages)):
                raise FormatError(f"filter/{path.name} is not a Pagefind 1.5 filter index")
            # Values by their text (unique: they were HashMap keys); the page lists are already in page order.
            payload = MAGIC + encode([name, sorted(content[1])])
            new_hash = _name(old_hash, payload, taken, digits)
            taken.add(new_hash)
            writes[filter_folder / f"{new_hash}.pf_filter"] = payload
            stale.add(path)
            renamed.append([name, new_hash])

        meta[3] = renamed  # already sorted by filter name
        meta[4] = sorted(meta[4])  # sort orders by name, each page list as Pagefind wrote it
        payload = MAGIC + encode(meta)
        digits = len(HASH.fullmatch(settings["hash"])["hex"])
        settings["hash"] = _name(settings["hash"], payload, set(), digits)
        writes[folder / f"pagefind.{settings['hash']}.pf_meta"] = payload
        stale.add(meta_path)

    if filter_files != {path for path in stale if path.parent == filter_folder}:
        raise FormatError("the filter files are not exactly those the meta indexes name")
    entry["languages"] = dict(sorted(languages.items()))  # a multilingual site's languages come in random order
    return writes, _json(entry), stale


def _read(path: Path) -> object:
    """The CBOR item in one of Pagefind's compressed files, checked to encode back to the same bytes."""
    data = zlib.decompress(path.read_bytes(), wbits=16 + zlib.MAX_WBITS)  # gzip only
    if not data.startswith(MAGIC):
        raise FormatError(f"{path.name} does not start with {MAGIC.decode()}")
    value = decode(data[len(MAGIC):])
    if encode(value) != data[len(MAGIC):]:  # something this codec would not write back unchanged
        raise FormatError(f"{path.name} holds CBOR that is not in shortest form")
    return value


def _pairs(value: object, first: type, second: type) -> bool:
    """Whether ``value`` is a list of [first, second] pairs with unique first items."""
    return (isinstance(value, list)
            and all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], first)
                    and isinstance(pair[1], second) for pair in value)
            and len({pair[0] for pair in value}) == len(value))


def _hash_of(value: object) -> str:
    """``value`` checked to be a Pagefind hash, which also keeps it from naming a path elsewhere."""
    if not isinstance(value, str) or not HASH.fullmatch(value):
        raise FormatError(f"{value!r} is not a Pagefind file hash")
    return value


def _name(old: str, payload: bytes, taken: set[str], digits: int) -> str:
    """A hash in the shape of Pagefind's ``old`` one (its language prefix, then ``digits`` hex digits)
    made from ``payload``; one digit longer at a time while it clashes with one in ``taken``."""
    prefix, digest = HASH.fullmatch(old)["prefix"], hashlib.sha256(payload).hexdigest()
    while prefix + digest[:digits] in taken:
        digits += 1
    return prefix + digest[:digits]


def _json(value: object) -> str:
    """JSON as Pagefind writes it: no spaces, other than ASCII written as itself."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _gzip(data: bytes) -> bytes:
    """gzip with a fixed header (no name, time 0, "best compression", OS unknown: the header
    Pagefind writes) and level 9, so the bytes depend only on ``data`` and zlib."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # a raw deflate stream
    body = compressor.compress(data) + compressor.flush()
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body
            + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF))
