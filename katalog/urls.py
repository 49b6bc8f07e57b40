"""Where every page and file of the site lives, and relative links between them.

URLs here are site-root-relative: "" is the home page, "inovasi/sipput/" a case
page. Links in the output are always relative to the page they are on, so the
site works under any path prefix; they name index.html so that it also works
when opened straight from disk. This is the one place the output's names are
written: the names a free page or an alias may not take are derived from them.
Part of the bottom layer: it imports nothing of the package.
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
IID = "iid/"  # what each innovation has and lacks for the Indeks Inovasi Daerah, agency by agency
# The ways to browse besides agencies and awards: (folder, title of the index page).
SECTORS, YEARS, STAGES, TYPES, FORMS, STATUSES = "sektor/", "tahun/", "tahap/", "jenis/", "bentuk/", "status/"
STATIC = "static/"
FILES = "files/"
# The editors' form-based editor (Decap CMS), written only by a build with --cms; reserved in every build.
ADMIN = "admin/"
# The search index, made in shards of at most about this many entries and merged (engine/search.py).
SEARCH_INDEX = "pagefind"
SEARCH_SHARD_ENTRIES = 2000
PAGINATION = "halaman"  # page 2 of a list is <list>/halaman/2/
FEED, SITEMAP, ROBOTS = "feed.xml", "sitemap.xml", "robots.txt"
# In the output folder: the marker that lets a build replace the folder (engine/write.py), and
# the id of the build the cache belongs to (engine/cache.py).
OUTPUT_MARKER = ".katalog-inovasi"
BUILD_ID = ".katalog-build"

# The catalogue's own pages and files. A free page named replikasi is not refused: it becomes
# the text of the replications page.
OWN_PAGES = (INNOVATIONS, AGENCIES, AWARDS, NOT_FOUND, DATA, SEARCH, ACCESSIBILITY, STATISTICS, COMPLETENESS,
             IID, SECTORS, YEARS, STAGES, TYPES, FORMS, STATUSES)
OWN_FILES = (STATIC, FILES, ADMIN, SEARCH_INDEX + "/", FEED, SITEMAP, ROBOTS, OUTPUT_MARKER, BUILD_ID)


def _top(address: str) -> str:
    """The first name of an address without its suffix: "inovasi/" -> inovasi, "feed.xml" -> feed."""
    return address.split("/")[0].partition(".")[0]


# The top-level names a free page may not take (its address is <slug>/).
RESERVED_PAGE_SLUGS = frozenset({_top(address) for address in (*OWN_PAGES, *OWN_FILES)
                                 if not address.startswith(".")} | {PAGINATION})
# The folders and files the build fills with files of its own (data/ with the open data); an alias may not take them.
GENERATED_FOLDERS = frozenset(address.rstrip("/") for address in (STATIC, FILES, ADMIN, DATA, SEARCH_INDEX + "/"))
GENERATED_FILES = frozenset({FEED, SITEMAP, ROBOTS, NOT_FOUND, OUTPUT_MARKER, BUILD_ID})


def innovation(slug: str) -> str:
    return f"{INNOVATIONS}{slug}/"


def agency(agency_id: str) -> str:
    return f"{AGENCIES}{agency_id}/"


def completeness(agency_id: str) -> str:
    """The completeness of one agency's entries."""
    return f"{COMPLETENESS}{agency_id}/"


def iid(agency_id: str) -> str:
    """One agency's innovations against the Indeks Inovasi Daerah's profile and evidence."""
    return f"{IID}{agency_id}/"


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


def of_record(kind: str, key: str) -> str:
    """The address of a content record's page ("innovation", "page", "agency", "award"), or of a file."""
    return {"innovation": innovation, "page": page, "agency": agency, "award": award, "file": file}[kind](key)


def content_link(from_kind: str, from_slug: str, to_kind: str, to_key: str, fragment: str = "") -> str:
    """The relative link from a record's page to another record's page or a file (with its fragment):
    what a link between content files in Markdown becomes."""
    return href(of_record(from_kind, from_slug), of_record(to_kind, to_key) + (f"#{fragment}" if fragment else ""))


def numbered(url: str, number: int) -> str:
    """The URL of page ``number`` of a paginated list; page 1 is the list's own URL."""
    return url if number == 1 else f"{url}{PAGINATION}/{number}/"


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
