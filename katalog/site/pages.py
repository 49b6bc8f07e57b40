"""Catalogue -> every page of the site, each a URL, a template and what it shows."""
from __future__ import annotations

import bisect
import dataclasses
import heapq
import datetime
from collections import Counter
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from . import jsonld, opendata, repository, search_names, statistics, urls
from ..content import completeness, schema
from ..content.catalogue import Catalogue
from ..content.completeness import RECOMMENDED_SECTIONS  # noqa: F401  (defined there; scaffold and tests import it here)
from ..errors import BuildFailed, ContentError

PAGE_SIZE = 24
HOME_LIST_SIZE = 6
_NO_DATE = datetime.date.min


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


# A group is the pages one planner makes: ("innovation", slug) is a case page and its
# redirects, ("agency", id) an agency's numbered pages, and so on. The dev server
# re-plans only the groups an edit affects (dependencies.py).
Group = tuple


def plan(catalogue: Catalogue) -> list[Page]:
    """Every page of the site, in URL order; two pages with one URL are an error."""
    pages = [page for group in groups(catalogue) for page in plan_group(catalogue, group)]
    refuse_duplicate_urls(pages)
    return sorted(pages, key=lambda page: page.url)


def groups(catalogue: Catalogue) -> list[Group]:
    """Every group of pages the catalogue has."""
    return [
        ("home",), ("list",), ("agencies",), ("awards",), ("search",), ("accessibility",), ("data",), ("404",),
        ("replications",), ("completeness",), ("statistics",),
        *(("innovation", entry.slug) for entry in catalogue.innovations),
        *(("agency", agency.id) for agency in catalogue.agencies),
        *(("completeness", agency.id) for agency in catalogue.agencies),
        *(("award", award.id) for award in catalogue.awards),
        *(("page", page.slug) for page in catalogue.pages if page.slug != REPLICATIONS_PAGE),
        *((facet.folder,) for facet in facets(catalogue)),
        *((facet.folder, key) for facet in facets(catalogue) for key in facet.terms),
    ]


def plan_group(catalogue: Catalogue, group: Group) -> list[Page]:
    """The pages of one group; none when the group no longer exists (e.g. a deleted entry)."""
    kind, key = group[0], group[1] if len(group) > 1 else None
    if kind == "innovation":
        entry = catalogue.innovation_by_slug.get(key)
        return [_innovation(catalogue, entry), *_redirects(entry)] if entry else []
    if kind == "agency":
        return _agency(catalogue, catalogue.agency_by_id[key]) if key in catalogue.agency_by_id else []
    if kind == "completeness" and key is not None:
        return _agency_completeness(catalogue, key)
    if kind == "award":
        return _award(catalogue, catalogue.award_by_id[key]) if key in catalogue.award_by_id else []
    if kind == "page":
        page = catalogue.page_by_slug.get(key)
        if page is None or key == REPLICATIONS_PAGE:  # that one is the replications page's text
            return []
        return [dataclasses.replace(_free_page(catalogue, page), description=page.summary or "")]
    if kind in FACET_FOLDERS:
        facet = next(facet for facet in facets(catalogue) if facet.folder == kind)
        if len(group) == 1:
            return [_facet_index(facet)]
        return _facet_term(facet, key) if key in facet.terms else []
    return _SINGLE_PAGES[kind](catalogue)


_SINGLE_PAGES = {
    "home": lambda catalogue: [_home(catalogue)],
    "list": lambda catalogue: _paginated(urls.INNOVATIONS, "list.html", "Semua inovasi", catalogue.innovations,
                                         parent=None),
    "agencies": lambda catalogue: [_page(urls.AGENCIES, "agencies.html", "Perangkat daerah dan BUMD",
                                         agencies=catalogue.agencies, counts=_counts(catalogue.by_agency))],
    "awards": lambda catalogue: [_page(urls.AWARDS, "awards.html", "Penghargaan", programmes=catalogue.programmes(),
                                       counts=_counts(catalogue.by_award), indicators=catalogue.indicator_tables())],
    "replications": lambda catalogue: [_replications(catalogue)],
    "statistics": lambda catalogue: [dataclasses.replace(
        _page(urls.STATISTICS, "statistik.html", "Statistik", figures=statistics.figures(catalogue)),
        description="Isi katalog dalam angka: inovasi per perangkat daerah, tahap, jenis, urusan dan tahun, "
                    "penghargaan per tahun, dan angka tahunan kota.")],
    "completeness": lambda catalogue: [_completeness(catalogue)],
    "search": lambda catalogue: [_page(urls.SEARCH, "search.html", "Cari inovasi",
                                       names=search_names.output(catalogue).path,
                                       counts={"innovations": len(catalogue.innovations),
                                               "agencies": len(catalogue.by_agency)})],
    "accessibility": lambda catalogue: [_page(urls.ACCESSIBILITY, "accessibility.html", "Pernyataan aksesibilitas")],
    "data": lambda catalogue: [_page(urls.DATA, "data.html", "Data terbuka", tables=[
        ("kolom", "Kolom inovasi.csv dan inovasi.json", opendata.COLUMNS),
        ("opd", "Bidang opd.json", opendata.AGENCY_COLUMNS),
        ("penghargaan", "Bidang penghargaan.json", opendata.AWARD_COLUMNS),
        ("indikator", "Bidang indikator.json", opendata.INDICATOR_COLUMNS),
        ("statistik", "Bidang statistik.json", opendata.STATISTICS_COLUMNS),
    ])],
    "404": lambda catalogue: [dataclasses.replace(_page(urls.NOT_FOUND, "404.html", "Halaman tidak ditemukan"),
                                                  listed=False)],
}


# The free page whose title and text introduce the list of replications at /replikasi/.
REPLICATIONS_PAGE = urls.REPLICATIONS.strip("/")


def group_of_page(slug: str) -> Group:
    """The group that shows the free page ``slug``."""
    return ("replications",) if slug == REPLICATIONS_PAGE else ("page", slug)


def _replications(catalogue: Catalogue) -> Page:
    """Every replication of every innovation, under the free page pages/replikasi.md when there is one."""
    free_page = catalogue.page_by_slug.get(REPLICATIONS_PAGE)
    replications = catalogue.replications()
    if free_page is None:
        return _page(urls.REPLICATIONS, "replications.html", "Replikasi dan studi tiru", free_page=None,
                     source_links=None, replications=replications)
    page = _free_page(catalogue, free_page)
    return dataclasses.replace(page, template="replications.html", description=free_page.summary or "",
                               context=MappingProxyType({**page.context, "replications": replications}))


# The free page the completeness page links to for how to fill in what is missing.
GUIDE_PAGE = "panduan-editor"


# Rows of an agency's completeness table per page: each is about 0.7 KB, so a page stays near 40 KB.
COMPLETENESS_PAGE_SIZE = 50


def _completeness(catalogue: Catalogue) -> Page:
    """The summary: what complete means, and per agency (lowest share first) its totals and how many of its
    entries pass each check; the entries themselves are on each agency's own pages."""
    agencies = tuple(item.summary() for item in completeness.by_agency(catalogue))
    present, total = sum(item.present for item in agencies), sum(item.total for item in agencies)
    page = _page(urls.COMPLETENESS, "kelengkapan.html", "Kelengkapan Dokumentasi", checks=completeness.CHECKS,
                 agencies=agencies, guide=catalogue.page_by_slug.get(GUIDE_PAGE), present=present, total=total,
                 percent=completeness.percent(present, total), entries=sum(item.entries for item in agencies),
                 complete=sum(item.complete for item in agencies))
    return dataclasses.replace(page, description="Bidang dan bagian yang sudah dan belum terdokumentasi, "
                                                 "menurut perangkat daerah.")


def _agency_completeness(catalogue: Catalogue, agency_id: str) -> list[Page]:
    """Which checks each entry of one agency passes, most gaps first, in numbered pages; none without entries."""
    item = completeness.of_agency(catalogue, agency_id)
    if item is None:
        return []
    pages = _paginated(urls.completeness(agency_id), "kelengkapan-opd.html",
                       f"Kelengkapan Dokumentasi {item.agency.short}", item.entries, size=COMPLETENESS_PAGE_SIZE,
                       checks=completeness.CHECKS, summary=item.summary())
    return [dataclasses.replace(page, description=f"Bidang dan bagian yang sudah dan belum terdokumentasi pada "
                                                  f"setiap inovasi {item.agency.name}.") for page in pages]


def _page(url: str, template: str, title: str, **context: Any) -> Page:
    return Page(url=url, template=template, title=title, context=MappingProxyType(context))


def _counts(index: Mapping[str, tuple]) -> Mapping[str, int]:
    return MappingProxyType({key: len(entries) for key, entries in index.items()})


def _paginated(url: str, template: str, title: str, entries: Sequence, size: int = PAGE_SIZE,
               **context: Any) -> list[Page]:
    """The list split into numbered pages of ``size``; page 1 keeps the list's own URL."""
    count = max(1, -(-len(entries) // size))
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
                           entries=entries[(number - 1) * size:number * size],
                           pagination=pagination, **context))
    return pages


@dataclasses.dataclass(frozen=True)
class Facet:
    """One way to browse: its folder, titles, and the innovations under each of its terms."""

    folder: str
    title: str  # of the index page, e.g. "Menurut tahun"
    noun: str  # of one term's page, e.g. "Tahun"
    terms: Mapping[Any, tuple[schema.Innovation, ...]]
    intro: str = ""  # a sentence on what the terms mean, above the index

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
        Facet(urls.FORMS, "Menurut bentuk inovasi", "Bentuk", catalogue.by_form, intro=FORMS_INTRO),
    ]


FORMS_INTRO = ("Peraturan Pemerintah Nomor 38 Tahun 2017 tentang Inovasi Daerah (Pasal 9) membagi inovasi daerah "
               "dalam tiga bentuk: " + "; ".join(form.label.lower() for form in schema.Form) + ".")
FACET_FOLDERS = (urls.SECTORS, urls.YEARS, urls.STAGES, urls.TYPES, urls.FORMS)


def _facet_index(facet: Facet) -> Page:
    """The facet's index of terms with counts."""
    terms = [(facet.label(key), urls.term(facet.folder, key), len(entries)) for key, entries in facet.terms.items()]
    return _page(facet.folder, "terms.html", facet.title, terms=terms, intro=facet.intro)


def _facet_term(facet: Facet, key: Any) -> list[Page]:
    """The paginated list of one term."""
    return _paginated(urls.term(facet.folder, key), "list.html", f"{facet.noun}: {facet.label(key)}",
                      facet.terms[key], parent=(facet.folder, facet.title))


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
    awarded = [entry for entry in catalogue.innovations if entry.awards]
    shown = {entry.slug for entry in awarded[:HOME_LIST_SIZE]}
    # The most recent, enough of them to leave HOME_LIST_SIZE once the awarded ones are taken out (= sorted(...)).
    recent = heapq.nsmallest(2 * HOME_LIST_SIZE, catalogue.innovations, key=lambda e: (
        -(e.updated or _NO_DATE).toordinal(), -(e.year or 0), e.title.casefold(), e.slug))
    recent = [entry for entry in recent if entry.slug not in shown]  # a phone screen is short: no card twice
    return _page(urls.HOME, "home.html", catalogue.site.title,
                 counts={"innovations": len(catalogue.innovations), "agencies": len(catalogue.by_agency),
                         "awards": len(catalogue.awards)},
                 recent=recent[:HOME_LIST_SIZE], awarded=awarded[:HOME_LIST_SIZE],
                 awarded_total=len(awarded))


def _free_page(catalogue: Catalogue, page: schema.Page) -> Page:
    url = urls.page(page.slug)
    return _page(url, "page.html", page.title, free_page=page, source_links=repository.page_links(
        catalogue.site, source=f"pages/{page.slug}.md", title=page.title, url=url))


def _innovation(catalogue: Catalogue, entry: schema.Innovation) -> Page:
    agency = catalogue.agency_by_id[entry.agency]
    awards = sorted((catalogue.award_by_id[award] for award in entry.awards), key=lambda a: (-a.year, a.name))
    url = urls.innovation(entry.slug)
    page = _page(
        url, "innovation.html", entry.title, entry=entry, agency=agency,
        partners=[catalogue.agency_by_id[partner] for partner in entry.partners], awards=awards,
        undocumented=undocumented(entry), related=related(catalogue, entry),
        structured_data=jsonld.innovation(entry, agency=agency, awards=awards, site=catalogue.site),
        source_links=repository.page_links(catalogue.site, source=f"innovations/{entry.slug}.md",
                                           title=entry.title, url=url),
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
    best = heapq.nsmallest(RELATED_COUNT, scores, key=lambda slug: (  # = sorted(...)[:RELATED_COUNT]
        -scores[slug], catalogue.innovation_by_slug[slug].title.casefold(), slug))
    return [(catalogue.innovation_by_slug[slug], "; ".join(reasons[slug])) for slug in best]


def _near(candidates: Sequence[schema.Innovation], entry: schema.Innovation) -> list[schema.Innovation]:
    """Up to RELATED_POOL candidates other than ``entry``: those after it in title order, then from the start."""
    after = bisect.bisect_right(candidates, _order(entry), key=_order)  # the lists are in catalogue order
    pool = list(candidates[after:after + RELATED_POOL])
    pool += candidates[:min(RELATED_POOL - len(pool), after)]
    return [other for other in pool if other.slug != entry.slug]


def related_to(catalogue: Catalogue, entry: schema.Innovation) -> set[str]:
    """The slugs of the innovations whose related() may list ``entry``: the inverse of _near.
    Those up to RELATED_POOL before it in a list they share, and, because a pool wraps
    around to the start, the last ones of a list where it is near the start."""
    shared = [catalogue.by_agency.get(entry.agency, ()), catalogue.by_sector.get(entry.sector or "", ()),
              *(catalogue.by_tag.get(tag, ()) for tag in entry.tags)]
    found: set[str] = set()
    for candidates in shared:
        at = bisect.bisect_left(candidates, _order(entry), key=_order)
        found.update(other.slug for other in candidates[max(0, at - RELATED_POOL):at])
        if at < RELATED_POOL:
            found.update(other.slug for other in candidates[max(0, len(candidates) - RELATED_POOL - 1 + at):])
    found.discard(entry.slug)
    return found


def _order(entry: schema.Innovation) -> tuple[str, str]:
    return entry.title.casefold(), entry.slug


def _redirects(entry: schema.Innovation) -> list[Page]:
    """A small page at each old URL of the entry that sends readers on to it."""
    return [Page(url=alias, template="redirect.html", title=entry.title,
                 context=MappingProxyType({"target": urls.innovation(entry.slug)}),
                 origin=(entry.origin.path, entry.origin.line_of(f"aliases.{index}")), listed=False)
            for index, alias in enumerate(entry.aliases)]


def undocumented(entry: schema.Innovation) -> list[str]:
    """What a replication team would look for and the entry does not say yet (completeness.py decides)."""
    return completeness.missing(entry)


def _agency(catalogue: Catalogue, agency: schema.Agency) -> list[Page]:
    pages = _paginated(
        urls.agency(agency.id), "agency.html", agency.name, catalogue.by_agency.get(agency.id, ()),
        agency=agency, parent=catalogue.agency_by_id.get(agency.parent or ""),
        units=catalogue.units_of.get(agency.id, ()), partner_of=catalogue.by_partner.get(agency.id, ()),
        figures=(), completeness=None,
    )
    figures = statistics.agency_figures(catalogue, agency.id)  # by stage and year, on the first page only
    share = completeness.of_agency(catalogue, agency.id)  # its share, linked to its completeness pages, likewise
    first = {"figures": figures, "completeness": share.percent if share else None}
    return [dataclasses.replace(pages[0], context=MappingProxyType({**pages[0].context, **first})), *pages[1:]]


def _award(catalogue: Catalogue, award: schema.Award) -> list[Page]:
    title = f"{award.name} {award.year}"
    years = statistics.programme_years(catalogue, award)  # the programme over the years, when it has more than one
    return _paginated(urls.award(award.id), "award.html", title, catalogue.by_award.get(award.id, ()), award=award,
                      programme=years if len(years) > 1 else ())


def refuse_duplicate_urls(pages: list[Page]) -> None:
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
