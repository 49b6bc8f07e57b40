"""The catalogue's names for the search page's "did you mean": one small JSON file.

When a query has no exact match, the search page (templates/static/search.js) fetches this
list and offers the names within a small edit distance of the query. The names are every
innovation's title and other spellings (``also_known_as``) and every agency's name, short
name and former names: what a reader types when looking for one thing.

The file is a JSON array of strings, sorted, each name once (names that differ only in case,
accents, spaces or punctuation, as "Si Bulan" and "SI-BULAN", are one name: the first in
sorted order), with no whitespace. It is named after a hash of its bytes
(``static/search-names.3f9a0c6e21.json``), like the files of templates/static/, so servers
may let browsers keep it for a year (deploy/nginx.conf does); a changed name gives a new
file, and the search page links to it. It is fetched only after a query without an exact
match: the real catalogue's 43 names are 795 bytes; 20,000 names (10,000 entries with another
spelling each) about 360 KB, 110 KB gzipped.

Hooked into the build in two places: the search page's kind (kinds/fixed.py) links the file
and declares that it shows the entries' names (so an edit of an entry's names, or an entry
added or removed, plans it again, and it is rendered again only when the file's name or the
count it shows has changed), and the pipeline (engine/pipeline.py) writes the file beside the
open data and drops the one it replaces.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from .. import urls
from ..content.catalogue import Catalogue
from ..outputs import OutputFile
from .templates import ASSET_HASH_LENGTH

PREFIX = f"{urls.STATIC}search-names."
_NOT_A_LETTER = re.compile(r"[\W_]+")
# Planning and writing ask for the same catalogue's file: (catalogue, its names, the file).
_last: tuple[Catalogue, tuple[str, ...], OutputFile] | None = None


def key(name: str) -> str:
    """What a name is compared by: lower case, accents dropped, letters and digits only, as
    search.js compares ("Si Bulan" and "si-bulan" are "sibulan")."""
    folded = unicodedata.normalize("NFD", name.casefold())
    return _NOT_A_LETTER.sub("", "".join(char for char in folded if not unicodedata.combining(char)))


def names(catalogue: Catalogue) -> list[str]:
    """Every name a reader may look for, once, in a stable order."""
    return _unique(_found(catalogue))


def _found(catalogue: Catalogue) -> tuple[str, ...]:
    found = [name for entry in catalogue.innovations for name in (entry.title, *entry.also_known_as)]
    found += [name for agency in catalogue.agencies for name in (agency.name, agency.short, *agency.former_names)]
    return tuple(found)


def _unique(found: tuple[str, ...]) -> list[str]:
    unique: dict[str, str] = {}
    for name in sorted({name.strip() for name in found}, key=lambda name: (key(name), name)):
        if key(name):
            unique.setdefault(key(name), name)
    return list(unique.values())


def output(catalogue: Catalogue, memo: dict | None = None) -> OutputFile:
    """The names of ``catalogue`` as the file the search page fetches, named after its bytes.
    ``memo`` (kept from build to build) keeps the file while the names it is made of stay the same:
    folding 30,000 names at 10,000 entries took a tenth of a one-entry update."""
    global _last
    if _last is not None and _last[0] is catalogue:
        _, found, names_file = _last
    else:
        found = _found(catalogue)
        kept = memo.get("names") if memo is not None else None
        if kept is not None and kept[0] == found:
            names_file = kept[1]
        else:
            data = json.dumps(_unique(found), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            digest = hashlib.sha256(data).hexdigest()[:ASSET_HASH_LENGTH]
            names_file = OutputFile(f"{PREFIX}{digest}.json", data)
        _last = (catalogue, found, names_file)
    if memo is not None:
        memo["names"] = (found, names_file)
    return names_file


def replacing(paths: frozenset[str], names_file: OutputFile) -> frozenset[str]:
    """The site's ``paths`` with ``names_file`` in place of any other names file (an update that
    keeps every other address has the old one among them)."""
    return frozenset({path for path in paths if not path.startswith(PREFIX)} | {names_file.path})
