"""Atom feed, sitemap and robots.txt: plain functions of the catalogue.

Feed and sitemap need absolute URLs, so they are made only when the site has
a base URL. No clock is read: dates come from the content, or from
SOURCE_DATE_EPOCH when the content gives none.
"""
from __future__ import annotations

import datetime
import heapq
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

from . import iid_data, opendata
from .. import urls
from ..content import schema
from ..content.catalogue import Catalogue
from .pages import Page
from ..outputs import OutputFile

EPOCH = datetime.date(1970, 1, 1)
FEED_SIZE = 100  # the most recent entries; the whole catalogue is in /data/
NO_BASE_URL = ("no base_url: feed.xml and sitemap.xml are left out "
               "(set base_url in content/site.yaml or pass --base-url)")


def outputs(catalogue: Catalogue, pages: Iterable[Page], *, source_date_epoch: int | None,
            memo: dict | None = None) -> tuple[list[OutputFile], list[str]]:
    """Every file that is not a page: open data, robots.txt, and feed and sitemap when
    the site has a base URL. Also returns notes for the person building. ``memo``: see
    opendata.innovation_files."""
    files, notes = listings(catalogue, pages, source_date_epoch=source_date_epoch)
    return open_data(catalogue, memo) + files, notes


def open_data(catalogue: Catalogue, memo: dict | None = None) -> list[OutputFile]:
    """The files under data/: every record of the catalogue. ``memo`` keeps each entry's encoded
    records from one build to the next (see opendata.innovation_files)."""
    memo = {} if memo is None else memo
    innovations_json, innovations_csv = opendata.innovation_files(catalogue, memo.setdefault("inovasi", {}))
    iid = iid_data.site_files(catalogue, memo.setdefault("iid", {}))
    return [
        *(OutputFile(path, data) for path, data in iid),
        OutputFile("data/inovasi.json", innovations_json),
        OutputFile("data/inovasi.csv", innovations_csv),
        OutputFile("data/opd.json", opendata.to_json(opendata.agency_records(catalogue))),
        OutputFile("data/penghargaan.json", opendata.to_json(opendata.award_records(catalogue))),
        OutputFile("data/indikator.json", opendata.to_json(opendata.indicator_records(catalogue))),
        *(OutputFile(path, data) for path, data in opendata.statistics_files(catalogue)),
    ]


def listings(catalogue: Catalogue, pages: Iterable[Page], *,
             source_date_epoch: int | None) -> tuple[list[OutputFile], list[str]]:
    """robots.txt, and feed and sitemap when the site has a base URL: what lists the pages."""
    base_url = catalogue.settings.base_url
    files = [OutputFile(urls.ROBOTS, robots(base_url))]
    if not base_url:
        return files, [NO_BASE_URL]
    files.append(OutputFile(urls.FEED, atom(catalogue, source_date_epoch=source_date_epoch)))
    files.append(OutputFile(urls.SITEMAP, sitemap(base_url, sorted((page.url, page.modified)
                                                                    for page in pages if page.listed))))
    return files, []


def newest_date(catalogue: Catalogue, source_date_epoch: int | None) -> datetime.date:
    """The date the catalogue as a whole was last updated, without reading a clock."""
    dates = [entry.updated for entry in catalogue.innovations if entry.updated]
    if dates:
        return max(dates)
    if source_date_epoch is not None:
        return datetime.datetime.fromtimestamp(source_date_epoch, datetime.timezone.utc).date()
    return EPOCH


def feed_order(catalogue: Catalogue) -> list[schema.Innovation]:
    """The FEED_SIZE newest innovations: by review date, then year, then title."""
    return heapq.nsmallest(FEED_SIZE, catalogue.innovations, key=_feed_key)  # = sorted(...)[:FEED_SIZE]


def _feed_key(entry: schema.Innovation) -> tuple:
    return -(entry.updated or datetime.date.min).toordinal(), -(entry.year or 0), entry.title.casefold(), entry.slug


# What the feed shows of an entry, and sorts it by.
FEED_FIELDS = ("title", "summary", "updated", "year", "agency")


def feed_unchanged(old: Catalogue, new: Catalogue, slugs: Iterable[str]) -> bool:
    """Whether the feed of ``new`` is that of ``old``, when only the innovations at ``slugs``
    changed: none of what the feed shows of them, or none of them in it before or after."""
    pairs = [(old.innovation_by_slug.get(slug), new.innovation_by_slug.get(slug)) for slug in slugs]
    if any(before is None or after is None for before, after in pairs):
        return False  # added or removed: the feed's date may change too
    moved = [(before, after) for before, after in pairs
             if any(getattr(before, name) != getattr(after, name) for name in FEED_FIELDS)]
    if not moved:
        return True
    shown = feed_order(old)
    if len(shown) < FEED_SIZE:
        return False  # every entry is in it
    last = _feed_key(shown[-1])
    return not any(before in shown or _feed_key(after) <= last for before, after in moved)


def atom(catalogue: Catalogue, *, source_date_epoch: int | None) -> bytes:
    settings = catalogue.settings
    base = settings.base_url
    feed_updated = newest_date(catalogue, source_date_epoch)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(settings.language)}>',
        f"<title>{escape(settings.title)}</title>",
        f"<id>{escape(urls.absolute(base, ''))}</id>",
        f'<link rel="self" href={quoteattr(urls.absolute(base, urls.FEED))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(urls.absolute(base, ""))}/>',
        f"<updated>{_timestamp(feed_updated)}</updated>",
    ]
    if settings.description:
        lines.append(f"<subtitle>{escape(settings.description)}</subtitle>")
    if settings.license:
        lines.append(f"<rights>{escape(settings.license)}</rights>")
    for entry in feed_order(catalogue):
        url = urls.absolute(base, urls.innovation(entry.slug))
        agency = catalogue.agency_by_id[entry.agency]
        lines += [
            "<entry>",
            f"<title>{escape(entry.title)}</title>",
            f"<id>{escape(url)}</id>",  # the case page's URL never changes for a slug
            f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            # An entry with no review date keeps a fixed one, so readers do not announce it again.
            f"<updated>{_timestamp(entry.updated or EPOCH)}</updated>",
            f"<author><name>{escape(agency.name)}</name></author>",
            f"<summary>{escape(entry.summary)}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap(base_url: str, pages: Iterable[tuple[str, datetime.date | None]]) -> bytes:
    """``pages`` are (URL, last modified or None)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in pages:
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(urls.absolute(base_url, url))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(base_url: str) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {urls.absolute(base_url, 'sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"
