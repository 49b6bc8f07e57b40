"""Where every page lives, and relative links between them.

URLs here are site-root-relative: "" is the home page, "inovasi/sipput/" a case
page. Links in the output are always relative to the page they are on, so the
site works under any path prefix; they name index.html so that it also works
when opened straight from disk.
"""
from __future__ import annotations

from urllib.parse import quote

HOME = ""
INNOVATIONS = "inovasi/"
AGENCIES = "opd/"
AWARDS = "penghargaan/"
NOT_FOUND = "404.html"
DATA = "data/"
SEARCH = "cari/"
ACCESSIBILITY = "aksesibilitas/"
REPLICATIONS = "replikasi/"  # also the address of the free page pages/replikasi.md, which it shows
STATISTICS = "statistik/"  # the catalogue at a glance: charts, tables, and their data under data/statistik/
COMPLETENESS = "kelengkapan/"  # which entries are fully documented, agency by agency
# The ways to browse besides agencies and awards: (folder, title of the index page).
SECTORS, YEARS, STAGES, TYPES, FORMS = "sektor/", "tahun/", "tahap/", "jenis/", "bentuk/"
STATIC = "static/"
FILES = "files/"
# The search index, made in shards of at most about this many entries and merged (engine/search.py).
SEARCH_INDEX = "pagefind"
SEARCH_SHARD_ENTRIES = 2000


def innovation(slug: str) -> str:
    return f"{INNOVATIONS}{slug}/"


def agency(agency_id: str) -> str:
    return f"{AGENCIES}{agency_id}/"


def completeness(agency_id: str) -> str:
    """The completeness of one agency's entries."""
    return f"{COMPLETENESS}{agency_id}/"


def award(award_id: str) -> str:
    return f"{AWARDS}{award_id}/"


def term(folder: str, key) -> str:
    """The page of one sector, year, stage, type or form: sektor/kesehatan/, tahun/2019/, ..."""
    return f"{folder}{getattr(key, 'value', key)}/"


def page(slug: str) -> str:
    return f"{slug}/"


def file(path: str) -> str:
    """The URL of a file under content/files/; its name may hold spaces, "#" or "?"."""
    return FILES + quote(path)


def numbered(url: str, number: int) -> str:
    """The URL of page ``number`` of a paginated list; page 1 is the list's own URL."""
    return url if number == 1 else f"{url}halaman/{number}/"


def output_path(url: str) -> str:
    """The file that serves ``url`` inside the output directory."""
    return f"{url}index.html" if url == "" or url.endswith("/") else url


def pretty(path: str) -> str:
    """The URL served by the file at ``path``: output_path the other way round."""
    return path[:-len("index.html")] if path == "index.html" or path.endswith("/index.html") else path


def href(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to ``to_url`` (fragment allowed)."""
    target, hash_mark, fragment = to_url.partition("#")
    if target == from_url and fragment:
        return "#" + fragment
    # Both are clean site paths, so comparing their segments is enough (and much
    # faster than posixpath.relpath, which a big site calls hundreds of thousands of times).
    here = output_path(from_url).split("/")[:-1]
    there = output_path(target).split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:]) + hash_mark + fragment


def absolute(base_url: str, url: str) -> str:
    """The absolute, pretty URL of ``url`` for canonical links and feeds."""
    return base_url.rstrip("/") + "/" + url
