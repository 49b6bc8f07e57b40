"""Catalogue -> every page of the site, each a URL, a template and what it shows."""
from __future__ import annotations

import bisect
import dataclasses
import datetime
from collections import Counter
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from . import jsonld, opendata, schema, urls
from .catalogue import Catalogue
from .errors import BuildFailed, ContentError

PAGE_SIZE = 24
HOME_LIST_SIZE = 6
_NO_DATE = datetime.date.min
RECOMMENDED_SECTIONS = ("Latar Belakang", "Cara Kerja", "Hasil dan Dampak", "Sumber Daya dan Biaya",
                        "Langkah Replikasi")


@dataclasses.dataclass(frozen=True)
class Page:
    """One output page: rendered from ``template`` with ``context`` at ``url``."""

    url: str
    template: str
    title: str
    context: Mapping[str, Any]
    origin: tuple[str, int] = ("content", 0)  # what to blame when two pages claim one URL
    description: str = ""  # for meta description and share previews; the site's when empty
    image: str = ""  # a file under content/files/ for share previews
    modified: datetime.date | None = None  # for the sitemap
    listed: bool = True  # False for pages a search engine should not list (404, redirects)


def plan(catalogue: Catalogue) -> list[Page]:
    """Every page of the site, in URL order; two pages with one URL are an error."""
    pages = [
        _home(catalogue),
        *_paginated(urls.INNOVATIONS, "list.html", "Semua inovasi", catalogue.innovations, parent=None),
        *(_innovation(catalogue, entry) for entry in catalogue.innovations),
        *(page for entry in catalogue.innovations for page in _redirects(entry)),
        _page(urls.AGENCIES, "agencies.html", "Perangkat daerah dan BUMD", agencies=catalogue.agencies,
              counts=_counts(catalogue.by_agency)),
        *(page for agency in catalogue.agencies for page in _agency(catalogue, agency)),
        _page(urls.AWARDS, "awards.html", "Penghargaan", programmes=catalogue.programmes(),
              counts=_counts(catalogue.by_award)),
        *(page for award in catalogue.awards for page in _award(catalogue, award)),
        *(dataclasses.replace(_page(urls.page(page.slug), "page.html", page.title, free_page=page),
                              description=page.summary or "") for page in catalogue.pages),
        *(page for facet in facets(catalogue) for page in _browse(facet)),
        _page(urls.SEARCH, "search.html", "Cari inovasi"),
        _page(urls.ACCESSIBILITY, "accessibility.html", "Pernyataan aksesibilitas"),
        _page(urls.DATA, "data.html", "Data terbuka", tables=[
            ("kolom", "Kolom inovasi.csv dan inovasi.json", opendata.COLUMNS),
            ("opd", "Bidang opd.json", opendata.AGENCY_COLUMNS),
            ("penghargaan", "Bidang penghargaan.json", opendata.AWARD_COLUMNS),
        ]),
        dataclasses.replace(_page(urls.NOT_FOUND, "404.html", "Halaman tidak ditemukan"), listed=False),
    ]
    _refuse_duplicate_urls(pages)
    return sorted(pages, key=lambda page: page.url)


def _page(url: str, template: str, title: str, **context: Any) -> Page:
    return Page(url=url, template=template, title=title, context=MappingProxyType(context))


def _counts(index: Mapping[str, tuple]) -> Mapping[str, int]:
    return MappingProxyType({key: len(entries) for key, entries in index.items()})


def _paginated(url: str, template: str, title: str, entries: Sequence, **context: Any) -> list[Page]:
    """The list split into numbered pages of PAGE_SIZE; page 1 keeps the list's own URL."""
    count = max(1, -(-len(entries) // PAGE_SIZE))
    pages = []
    for number in range(1, count + 1):
        pagination = {
            "number": number, "count": count, "total": len(entries),
            "previous": urls.numbered(url, number - 1) if number > 1 else None,
            "next": urls.numbered(url, number + 1) if number < count else None,
            "pages": [(n, urls.numbered(url, n) if n else None) for n in page_window(number, count)],
        }
        page_title = title if number == 1 else f"{title} (halaman {number} dari {count})"
        pages.append(_page(urls.numbered(url, number), template, page_title, list_title=title,
                           entries=entries[(number - 1) * PAGE_SIZE:number * PAGE_SIZE],
                           pagination=pagination, **context))
    return pages


@dataclasses.dataclass(frozen=True)
class Facet:
    """One way to browse: its folder, titles, and the innovations under each of its terms."""

    folder: str
    title: str  # of the index page, e.g. "Menurut tahun"
    noun: str  # of one term's page, e.g. "Tahun"
    terms: Mapping[Any, tuple[schema.Innovation, ...]]

    def label(self, key: Any) -> str:
        return sector_label(key) if self.folder == urls.SECTORS else getattr(key, "label", str(key))


def sector_label(sector: str) -> str:
    return sector.replace("-", " ").capitalize()


def facets(catalogue: Catalogue) -> list[Facet]:
    years = MappingProxyType(dict(sorted(catalogue.by_year.items(), reverse=True)))  # newest first
    return [
        Facet(urls.SECTORS, "Menurut urusan pemerintahan", "Urusan", catalogue.by_sector),
        Facet(urls.YEARS, "Menurut tahun mulai diterapkan", "Tahun", years),
        Facet(urls.STAGES, "Menurut tahap inovasi", "Tahap", catalogue.by_stage),
        Facet(urls.TYPES, "Menurut jenis inovasi", "Jenis", catalogue.by_type),
    ]


def _browse(facet: Facet) -> list[Page]:
    """The facet's index of terms with counts, and a paginated list per term."""
    terms = [(facet.label(key), urls.term(facet.folder, key), len(entries)) for key, entries in facet.terms.items()]
    pages = [_page(facet.folder, "terms.html", facet.title, terms=terms)]
    for key, entries in facet.terms.items():
        title = f"{facet.noun}: {facet.label(key)}"
        pages += _paginated(urls.term(facet.folder, key), "list.html", title, entries,
                            parent=(facet.folder, facet.title))
    return pages


def page_window(number: int, count: int, around: int = 2) -> list[int]:
    """The page numbers a list links to: the first, the last and those around ``number``;
    0 stands for a gap. A fixed number of links, however long the list."""
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    window: list[int] = []
    for n in shown:
        if window and n > window[-1] + 1:
            window.append(0)
        window.append(n)
    return window


def _home(catalogue: Catalogue) -> Page:
    recent = sorted(catalogue.innovations, key=lambda e: (-(e.updated or _NO_DATE).toordinal(), -(e.year or 0),
                                                          e.title.casefold(), e.slug))
    awarded = [entry for entry in catalogue.innovations if entry.awards]
    shown = {entry.slug for entry in awarded[:HOME_LIST_SIZE]}
    recent = [entry for entry in recent if entry.slug not in shown]  # a phone screen is short: no card twice
    return _page(urls.HOME, "home.html", catalogue.site.title,
                 counts={"innovations": len(catalogue.innovations), "agencies": len(catalogue.by_agency),
                         "awards": len(catalogue.awards)},
                 recent=recent[:HOME_LIST_SIZE], awarded=awarded[:HOME_LIST_SIZE],
                 awarded_total=len(awarded))


def _innovation(catalogue: Catalogue, entry: schema.Innovation) -> Page:
    agency = catalogue.agency_by_id[entry.agency]
    awards = sorted((catalogue.award_by_id[award] for award in entry.awards), key=lambda a: (-a.year, a.name))
    page = _page(
        urls.innovation(entry.slug), "innovation.html", entry.title, entry=entry, agency=agency,
        partners=[catalogue.agency_by_id[partner] for partner in entry.partners], awards=awards,
        undocumented=undocumented(entry), related=related(catalogue, entry),
        structured_data=jsonld.innovation(entry, agency=agency, awards=awards, site=catalogue.site),
    )
    return dataclasses.replace(page, modified=entry.updated, description=entry.summary, image=entry.image or "")


RELATED_COUNT = 4
RELATED_POOL = 40  # candidates taken from each shared list, so the cost does not grow with the catalogue


def related(catalogue: Catalogue, entry: schema.Innovation) -> list[tuple[schema.Innovation, str]]:
    """Up to four other innovations sharing the agency, sector or tags, each with the reason."""
    agency = catalogue.agency_by_id[entry.agency]
    reasons: dict[str, list[str]] = {}
    scores: Counter = Counter()
    shared = [(catalogue.by_agency.get(entry.agency, ()), 3, f"sama-sama dari {agency.short}")]
    if entry.sector:
        shared.append((catalogue.by_sector.get(entry.sector, ()), 2,
                       f"urusan yang sama: {entry.sector.replace('-', ' ')}"))
    shared += [(catalogue.by_tag.get(tag, ()), 1, f"tag yang sama: {tag}") for tag in entry.tags]
    for candidates, weight, reason in shared:
        for other in _near(candidates, entry):
            scores[other.slug] += weight
            reasons.setdefault(other.slug, []).append(reason)
    best = sorted(scores, key=lambda slug: (-scores[slug], catalogue.innovation_by_slug[slug].title.casefold(), slug))
    return [(catalogue.innovation_by_slug[slug], "; ".join(reasons[slug])) for slug in best[:RELATED_COUNT]]


def _near(candidates: Sequence[schema.Innovation], entry: schema.Innovation) -> list[schema.Innovation]:
    """Up to RELATED_POOL candidates other than ``entry``: those after it in title order, then from the start."""
    after = bisect.bisect_right(candidates, _order(entry), key=_order)  # the lists are in catalogue order
    pool = list(candidates[after:after + RELATED_POOL])
    pool += candidates[:min(RELATED_POOL - len(pool), after)]
    return [other for other in pool if other.slug != entry.slug]


def _order(entry: schema.Innovation) -> tuple[str, str]:
    return entry.title.casefold(), entry.slug


def _redirects(entry: schema.Innovation) -> list[Page]:
    """A small page at each old URL of the entry that sends readers on to it."""
    return [Page(url=alias, template="redirect.html", title=entry.title,
                 context=MappingProxyType({"target": urls.innovation(entry.slug)}),
                 origin=(entry.origin.path, entry.origin.line_of(f"aliases.{index}")), listed=False)
            for index, alias in enumerate(entry.aliases)]


def undocumented(entry: schema.Innovation) -> list[str]:
    """What a replication team would look for and the entry does not say yet."""
    missing = [label for label, value in (
        ("Tahun mulai diterapkan", entry.year), ("Tahap inovasi", entry.stage), ("Jenis inovasi", entry.type),
        ("Urusan pemerintahan (sektor)", entry.sector), ("Kontak layanan", entry.contact),
        ("Dokumen pendukung", entry.documents), ("Sumber", entry.sources),
    ) if not value]
    headings = {heading.text.casefold() for heading in entry.body.headings}
    missing += [f"Bagian “{section}”" for section in RECOMMENDED_SECTIONS if section.casefold() not in headings]
    return missing


def _agency(catalogue: Catalogue, agency: schema.Agency) -> list[Page]:
    return _paginated(
        urls.agency(agency.id), "agency.html", agency.name, catalogue.by_agency.get(agency.id, ()),
        agency=agency, parent=catalogue.agency_by_id.get(agency.parent or ""),
        units=catalogue.units_of.get(agency.id, ()), partner_of=catalogue.by_partner.get(agency.id, ()),
    )


def _award(catalogue: Catalogue, award: schema.Award) -> list[Page]:
    title = f"{award.name} {award.year}"
    return _paginated(urls.award(award.id), "award.html", title, catalogue.by_award.get(award.id, ()), award=award)


def _refuse_duplicate_urls(pages: list[Page]) -> None:
    """Two pages may not be written to one file, nor to files that differ only in case
    (case-insensitive file systems and hosts would keep just one of them)."""
    seen: dict[str, Page] = {}
    errors = []
    for page in sorted(pages, key=lambda page: page.template == "redirect.html"):  # blame the alias
        key = urls.output_path(page.url).casefold()
        if key in seen:
            errors.append(ContentError(*page.origin, f"two pages at /{page.url}: "
                                       f"'{seen[key].title}' and '{page.title}'",
                                       "remove the alias or rename one of the files or ids"))
        else:
            seen[key] = page
    if errors:
        raise BuildFailed(errors)
