"""The kinds of page that show no innovation card: search, data, statistics, the free pages, 404."""
from __future__ import annotations

import dataclasses

from ... import urls
from ...content import schema
from ...content.catalogue import Catalogue
from .. import iid_data, opendata, repository, search_names, statistics
from ..pages import COUNTED, Page, PageKind, Shows, fields, page_at

# The free page whose title and text introduce the list of replications at /replikasi/ (entries.py).
REPLICATIONS_PAGE = urls.REPLICATIONS.strip("/")
STATISTICS_DESCRIPTION = ("Isi katalog dalam angka: inovasi per perangkat daerah, tahap, jenis, urusan dan tahun, "
                          "penghargaan per tahun, dan angka tahunan kota.")


def free_page(catalogue: Catalogue, slug: str) -> list[Page]:
    """A page of content/pages/ (but pages/replikasi.md, the text of the replications page)."""
    record = catalogue.page_by_slug.get(slug)
    return [] if record is None or slug == REPLICATIONS_PAGE else [text_page(catalogue, record)]


def text_page(catalogue: Catalogue, record: schema.Page) -> Page:
    """A free page's title and text, with its edit links, at its address."""
    url = urls.page(record.slug)
    page = page_at(url, "page.html", record.title, free_page=record, source_links=repository.page_links(
        catalogue.settings, source=f"pages/{record.slug}.md", title=record.title, url=url))
    return dataclasses.replace(page, description=record.summary or "")


def search(catalogue: Catalogue, key: None) -> list[Page]:
    return [page_at(urls.SEARCH, "search.html", "Cari inovasi", names=search_names.output(catalogue).path,
                    counts={"innovations": len(catalogue.innovations), "agencies": len(catalogue.by_agency)})]


def accessibility(catalogue: Catalogue, key: None) -> list[Page]:
    return [page_at(urls.ACCESSIBILITY, "accessibility.html", "Pernyataan aksesibilitas")]


def open_data(catalogue: Catalogue, key: None) -> list[Page]:
    return [page_at(urls.DATA, "data.html", "Data terbuka", tables=[
        ("kolom", "Kolom inovasi.csv dan inovasi.json", opendata.COLUMNS),
        ("opd", "Bidang opd.json", opendata.AGENCY_COLUMNS),
        ("penghargaan", "Bidang penghargaan.json", opendata.AWARD_COLUMNS),
        ("indikator", "Bidang indikator.json", opendata.INDICATOR_COLUMNS),
        ("statistik", "Bidang statistik.json", opendata.STATISTICS_COLUMNS),
        *([("iid", "Bidang iid.json", iid_data.COLUMNS)] if catalogue.iid else []),
    ])]


def not_found(catalogue: Catalogue, key: None) -> list[Page]:
    return [dataclasses.replace(page_at(urls.NOT_FOUND, "404.html", "Halaman tidak ditemukan"), listed=False)]


def figures(catalogue: Catalogue, key: None) -> list[Page]:
    page = page_at(urls.STATISTICS, "statistik.html", "Statistik", figures=statistics.figures(catalogue))
    return [dataclasses.replace(page, description=STATISTICS_DESCRIPTION)]


KINDS = (
    PageKind("page", "page.html", free_page, keys=lambda catalogue: (
        page.slug for page in catalogue.pages if page.slug != REPLICATIONS_PAGE),
        free_page_keys=lambda slug: (slug,) if slug != REPLICATIONS_PAGE else ()),
    # It counts the entries and links the list of their names (search_names.py).
    PageKind("search", "search.html", search, shows=(Shows(fields("title", "also_known_as")),)),
    PageKind("accessibility", "accessibility.html", accessibility),
    PageKind("data", "data.html", open_data),
    PageKind("not-found", "404.html", not_found),
    # Counts every entry by agency, stage, type, sector and year.
    PageKind("statistics", "statistik.html", figures, shows=(Shows(COUNTED),)),
)
